/*
 * Shared state of one extraction run and the helpers every pass uses. The
 * driver (mn_extract.c) runs the passes in a fixed order, each reading what
 * earlier passes left in the context:
 *   sections -> meeting -> attendees -> abbreviations -> figures
 *   -> recommendations -> actions
 */
#ifndef MN_EXTRACT_INT_H
#define MN_EXTRACT_INT_H

#include <stdbool.h>

#include "mn_doc.h"
#include "mn_ruleset.h"
#include "mn_value.h"

typedef struct mn_xkind {
    char *kind;
    const char *last; /* the caller's pointer last looked up for `kind` */
    const mn_rule **rules;
    size_t n;
} mn_xkind;

typedef struct mn_xctx {
    const mn_doc *doc;
    const mn_ruleset *rs;
    mn_matcher *m;
    const char *profile;         /* active profile name */
    const mn_rule *const *rules; /* active rules, priority order */
    size_t nrules;
    mn_xkind *kinds; /* active rules by kind, built on first use */
    size_t nkinds, cap_kinds;
    size_t nblocks;
    mn_value *record; /* the record being built (owned by the driver) */

    /* Filled by the sections pass (all arrays have nblocks entries). */
    const char **block_section; /* label of the enclosing section or NULL;
                               borrowed from `labels` */
    int *block_section_idx;     /* index into a flat section list, -1 if none */
    bool *block_is_section_heading;
    size_t
        first_section_block; /* first block of the first section, or nblocks */
    char **labels; /* every section's label, owned: blocks share them */
    size_t nlabels, cap_labels;

    /* Filled by the meeting pass (0 when unknown): the meeting's date, used
     * to give yearless dates a year, and its financial year start. */
    int year, month, day;
    bool date_certain;
    int fy_start_year; /* 2024 for 2024/25 */
    int quarter;

    /* Filled by the attendees pass: blocks consumed as attendance. */
    bool *block_is_attendance;
} mn_xctx;

/* Called for each match; return false to stop scanning this block. */
typedef bool (*mn_x_match_fn)(mn_xctx *x, size_t bi, const mn_block *b,
                              const mn_match *mt, void *ud);

/*
 * Run every active rule of `kind` over every block its `blocks:` allows, in
 * block order and, within a block, rule priority order. With `all`, every
 * non-overlapping match of a rule in a block is reported; otherwise the first.
 * With `first_rule_only`, once one rule matched a block no further rules of
 * that kind are tried on it (alternative shapes of the same thing).
 */
void mn_x_each_match(mn_xctx *x, const char *kind, bool all,
                     bool first_rule_only, mn_x_match_fn fn, void *ud);

/* Run the rules of `kind` over one block; same callback contract. Returns
 * the number of matches reported. */
size_t mn_x_match_block(mn_xctx *x, const char *kind, size_t bi, bool all,
                        bool first_rule_only, mn_x_match_fn fn, void *ud);

/* The active rules of `kind`, in priority order (cached per run). `kind`
 * (here and in every helper taking one) must not change while the run lasts:
 * a string literal, as every pass passes; the cache recognises it by its
 * address. */
const mn_rule *const *mn_x_rules_of_kind(mn_xctx *x, const char *kind,
                                         size_t *n);

/* mn_matcher_exec, or mn_matcher_exec_valid when the caller checked that
 * s[0..len) is valid UTF-8 (`valid`): check once, then run many rules. */
int mn_x_exec(mn_xctx *x, const mn_rule *r, bool valid, const char *s,
              size_t len, size_t from, mn_match *mt);

/* mn_x_exec for s[0..len) inside one of the document's block texts, which
 * do not change while it is extracted: the matcher may remember what it
 * learnt about them (mn_matcher_exec_stable). */
int mn_x_exec_block_text(mn_xctx *x, const mn_rule *r, bool valid,
                         const char *s, size_t len, size_t from, mn_match *mt);

/* Does any active rule of `kind` match block b's text? */
bool mn_x_block_is(mn_xctx *x, const char *kind, const mn_block *b);

/* A named capture's text, trimmed of spaces and trailing punctuation given
 * in `strip` (may be NULL); NULL when the group did not take part. Caller
 * frees. */
char *mn_x_cap(const mn_block *b, const mn_match *mt, const char *name,
               const char *strip);
/* True when the named group took part (even if empty). */
bool mn_x_has_cap(const mn_match *mt, const char *name);
/* The value of constant field `key` from the rule's `set:` or NULL. */
const char *mn_x_rule_set(const mn_rule *r, const char *key);

/* The source line of byte `off` of block b. */
unsigned mn_x_line(const mn_block *b, size_t off);

/* Append {line, message} to the record's warnings. */
void mn_x_warn(mn_xctx *x, unsigned line, const char *fmt, ...) MN_PRINTF(3, 4);

/* The record list called `key` (created by the driver). */
mn_value *mn_x_list(mn_xctx *x, const char *key);

/* Passes (one file each). */
void mn_x_sections(mn_xctx *x);
void mn_x_meeting(mn_xctx *x);
void mn_x_attendees(mn_xctx *x);
void mn_x_abbreviations(mn_xctx *x);
void mn_x_figures(mn_xctx *x);
void mn_x_recommendations(mn_xctx *x);
void mn_x_actions(mn_xctx *x);

#endif
