/*
 * What the check engine (mn_check.c) shares with the code-check modules
 * (mn_check_record.c, mn_check_text.c): the run context, the emitter that
 * applies rule metadata and user config, and position helpers. Not public.
 */
#ifndef MN_CHECK_INT_H
#define MN_CHECK_INT_H

#include <stdbool.h>

#include "mn_check.h"

/* One name or abbreviation seen in an archived record. */
typedef struct mn_archive_entry {
    char *key;   /* attendee name, or abbreviation */
    char *value; /* NULL for names; the expansion for abbreviations */
    char *path;
    unsigned line;
} mn_archive_entry;

struct mn_check_config {
    char **disabled;
    size_t ndisabled;
    char **level_ids;
    mn_level *levels;
    size_t nlevels;
    mn_level min_level;
    char **packs; /* "name=0" / "name=1" */
    size_t npacks;
    char **known;
    size_t nknown;
    char *only;
    mn_archive_entry *names, *abbrs;
    size_t nnames, nabbrs;
};

typedef struct mn_cctx {
    const mn_doc *doc;
    const mn_value *rec;
    const mn_ruleset *rs;
    mn_matcher *m;
    const mn_check_config *cfg;
    const char *profile;
    const char *file;
    const mn_rule *const *checks; /* active `kind: check` rules */
    size_t nchecks;
    mn_findings *out;
} mn_cctx;

/* A code check: the C function behind a `code: true` rule of that id. */
typedef void (*mn_c_fn)(mn_cctx *c);
typedef struct mn_code_check {
    const char *id;
    mn_c_fn run;
} mn_code_check;

/* The active check rule with this id, or NULL (check off for the profile). */
const mn_rule *mn_c_rule(const mn_cctx *c, const char *id);

/*
 * Report check `id` at line:col. The message is the rule's `message:`
 * template with {{name}} replaced from `vars` (NULL-terminated name, value
 * pairs). Applies config levels, disables, min level and inline suppression.
 */
void mn_c_emit(mn_cctx *c, const char *id, unsigned line, unsigned col,
               const char *const *vars);

/* Expand {{name}} in `tmpl` from vars (unknown names stay). Caller frees. */
char *mn_c_expand(const char *tmpl, const char *const *vars);

/* Column of the first occurrence of `needle` in a block near source `line`
 * (a block starting on that line, or the one containing it); 1 when not
 * found. *line may move to where the text really is. */
unsigned mn_c_locate(const mn_cctx *c, unsigned *line, const char *needle);

/* Is `s` a known abbreviation (built-in setting, profile or config)? */
bool mn_c_known_abbr(const mn_cctx *c, const char *s);

/* Is the run's profile named in the rule's `set: {profiles: "a b"}`?
 * True when the rule has no such list. */
bool mn_c_profile_listed(const mn_cctx *c, const char *id);

/* Values of a list setting merged from core, the profile and config. */
size_t mn_c_setting(const mn_cctx *c, const char *key,
                    const char *const **values);

#endif
