/*
 * Rule sets: YAML rule packs (rules/ *.yaml embedded in the binary, plus user
 * packs) loaded once, validated, merged by id, and compiled with PCRE2 JIT
 * into one immutable mn_ruleset shared by every document and thread. Matching
 * state lives in an mn_matcher (one per thread), which runs every match under
 * match and depth limits (YARA's compiler/scanner split).
 */
#ifndef MN_RULESET_H
#define MN_RULESET_H

#include <stdbool.h>
#include <stddef.h>

#include "mn_common.h"
#include "mn_doc.h"

typedef struct mn_ruleset mn_ruleset;
typedef struct mn_rule mn_rule;
typedef struct mn_matcher mn_matcher;

typedef struct mn_ruleset_options {
    const char *const *user_paths; /* --rules PATH: files or directories */
    size_t n_user_paths;
    bool no_defaults; /* skip the embedded packs (tests) */
} mn_ruleset_options;

/*
 * Load the embedded packs, then user packs in order (a user rule with an
 * existing id replaces it). Errors name FILE:LINE:COL and what is wrong:
 * unknown key, missing id/pattern/examples, duplicate id in one file, bad
 * block kind, PCRE2 error mapped back to the YAML position of the offending
 * character, an example that is not a string. On failure *out is untouched.
 */
MN_NODISCARD mn_status mn_ruleset_load(const mn_ruleset_options *opt,
                                       mn_ruleset **out, mn_error *err);

/* Load exactly one pack from memory (no embedded packs); `name` is copied
 * and used as the file name in errors. For tests and fuzzing. */
MN_NODISCARD mn_status mn_ruleset_load_string(const char *name,
                                              const char *yaml, size_t len,
                                              mn_ruleset **out, mn_error *err);

void mn_ruleset_free(mn_ruleset *rs);

/* Hex digest over every loaded pack's bytes: changes whenever rules do. */
const char *mn_ruleset_version(const mn_ruleset *rs);

/* Load-time warnings (dangerous-looking patterns ...), with positions. */
size_t mn_ruleset_warning_count(const mn_ruleset *rs);
const mn_error *mn_ruleset_warning(const mn_ruleset *rs, size_t i);

/* All rules after merging, in load order. */
size_t mn_ruleset_count(const mn_ruleset *rs);
const mn_rule *mn_ruleset_rule(const mn_ruleset *rs, size_t i);
const mn_rule *mn_ruleset_find(const mn_ruleset *rs, const char *id);

/*
 * Profiles. Packs declare `profile:` (default "core"). The effective rules
 * for profile P are core rules, overridden/extended by P's rules, overridden
 * by user rules (user rules with no profile apply to every profile). The
 * list is precomputed at load; sorted by priority (high first), then order.
 */
size_t mn_ruleset_profile_count(const mn_ruleset *rs);
const char *mn_ruleset_profile_name(const mn_ruleset *rs, size_t i);
/* NULL-terminated? No: returns the count and sets *rules (borrowed). An
 * unknown profile gives the core list. */
size_t mn_ruleset_active(const mn_ruleset *rs, const char *profile,
                         const mn_rule *const **rules);
/* Score every profile's `detect:` patterns on the document's title meta and
 * first blocks; the best scoring profile name, or "core" when none scores. */
const char *mn_ruleset_detect(const mn_ruleset *rs, mn_matcher *m,
                              const mn_doc *doc);
/* Profile settings from the `settings:` map of profile packs (lists of
 * strings, e.g. "abbreviations.known"); NULL-safe; count 0 when absent. */
size_t mn_ruleset_setting(const mn_ruleset *rs, const char *profile,
                          const char *key, const char *const **values);

/* ---- one rule ------------------------------------------------------------ */
const char *mn_rule_id(const mn_rule *r);
const char *mn_rule_kind(const mn_rule *r);    /* "attendee", "action", ... */
const char *mn_rule_profile(const mn_rule *r); /* "core", "pcc", ... */
const char *mn_rule_file(const mn_rule *r);
unsigned mn_rule_line(const mn_rule *r);
int mn_rule_priority(const mn_rule *r);
/* Does the rule apply to this kind of block? (`blocks:` list; default all) */
bool mn_rule_applies(const mn_rule *r, mn_block_kind kind);
/* `scope:` value or NULL (e.g. "attendance", "header", "body"). */
const char *mn_rule_scope(const mn_rule *r);
/* Any other scalar attribute: "message", "level", "why", "description",
 * "field" ...; NULL when absent. */
const char *mn_rule_attr(const mn_rule *r, const char *key);
/* Constant fields from `set:` (key/value strings). */
size_t mn_rule_set_count(const mn_rule *r);
void mn_rule_set_at(const mn_rule *r, size_t i, const char **key,
                    const char **value);

/* ---- matching ------------------------------------------------------------ */
typedef struct mn_capture {
    const char *name; /* group name (borrowed from the rule) */
    size_t start;     /* byte offset in the subject */
    size_t len;
} mn_capture;

typedef struct mn_match {
    const mn_rule *rule;
    size_t start, len;      /* whole match */
    const mn_capture *caps; /* named groups that took part; borrowed from
                               the matcher, valid until its next exec */
    size_t ncaps;
} mn_match;

/* Per-thread matching state over one ruleset. */
mn_matcher *mn_matcher_new(const mn_ruleset *rs);
void mn_matcher_free(mn_matcher *m);

/*
 * Search `subject[from..len)` with rule r. Returns 1 and fills *out on a
 * match, 0 when there is none, -1 when a match or depth limit was hit (a
 * warning naming the rule is queued on the matcher; the caller treats it as
 * no match). A rule without a pattern never matches.
 */
int mn_matcher_exec(mn_matcher *m, const mn_rule *r, const char *subject,
                    size_t len, size_t from, mn_match *out);

/*
 * mn_matcher_exec for a subject the caller has checked is valid UTF-8 (with
 * mn_utf8_valid; a slice of valid text cut at character boundaries is
 * valid). Skips PCRE2's own check of the subject, which on short blocks
 * costs as much as the match and is repeated for every rule; an invalid
 * subject here is undefined behaviour in PCRE2.
 */
int mn_matcher_exec_valid(mn_matcher *m, const mn_rule *r, const char *subject,
                          size_t len, size_t from, mn_match *out);

/*
 * mn_matcher_exec for a subject that stays unchanged at the same address
 * until the next mn_matcher_forget_subjects — a document's block texts
 * during one extraction. The matcher remembers the trigrams of such
 * subjects and skips rules whose required literals the text lacks (see
 * rules/mn_literal.h). `valid`: the caller checked the subject is valid
 * UTF-8, as for mn_matcher_exec_valid.
 */
int mn_matcher_exec_stable(mn_matcher *m, const mn_rule *r, const char *subject,
                           size_t len, size_t from, bool valid, mn_match *out);

/* Forget every subject given to mn_matcher_exec_stable: their memory may
 * be freed and reused (call it when a document is done with). */
void mn_matcher_forget_subjects(mn_matcher *m);

/* The capture called `name` in a match, or NULL. */
const mn_capture *mn_match_capture(const mn_match *mt, const char *name);

/* Limit warnings queued since the last call ("rule X hit the match limit at
 * offset N"); the caller takes them in order. Returns NULL when none. */
const char *mn_matcher_next_warning(mn_matcher *m, const mn_rule **rule,
                                    size_t *offset);

/* ---- examples ------------------------------------------------------------ */
/* Run every rule's examples (all profiles; code checks are skipped).
 * Each failure is reported through `report` (FILE:LINE: rule id: what).
 * Returns the number of failures; *total gets the number of examples. */
size_t mn_ruleset_test(const mn_ruleset *rs,
                       void (*report)(void *ctx, const char *line), void *ctx,
                       size_t *total);
/* How many examples mn_ruleset_test skips: those of `kind: check` rules with
 * `code: true`, which only the check engine can run. */
size_t mn_ruleset_test_skipped(const mn_ruleset *rs);

#endif
