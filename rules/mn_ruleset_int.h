/*
 * Internals shared by the rule engine's files: the YAML node tree the loader
 * builds from libyaml events (mn_rule_yaml.c), the compiled rule and rule set
 * (mn_ruleset.c), the pattern linter (mn_rule_lint.c) and the matcher
 * (mn_matcher.c). Nothing here is part of the public API.
 */
#ifndef MN_RULESET_INT_H
#define MN_RULESET_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <yaml.h>

#include "mn_literal.h"
#include "mn_ruleset.h"

/* ---- YAML node tree ------------------------------------------------------ */
typedef enum { YN_SCALAR, YN_SEQ, YN_MAP } yn_type;

typedef struct yn_node {
    yn_type type;
    unsigned line, col;        /* 1-based start */
    unsigned end_line;         /* 1-based end (scalars) */
    yaml_scalar_style_t style; /* scalars */
    char *str;                 /* scalar value, NUL-terminated, owned */
    size_t len;
    struct yn_node **kids; /* seq items; map: key, value, key, value */
    size_t nkids;
} yn_node;

/* A parsed file: its nodes and strings, owned and freed together. */
typedef struct yn_tree yn_tree;

/* The source of one YAML file, kept for mapping error offsets. */
typedef struct yn_source {
    const char *file; /* display name, borrowed */
    const char *bytes;
    size_t len;
} yn_source;

/*
 * Parse `src` into a tree (caller frees with yn_free). Rejects files over
 * MN_MAX_RULE_FILE_BYTES, invalid UTF-8, aliases, anchors, tags, more than
 * one document and nesting deeper than MN_MAX_YAML_DEPTH, with positions.
 */
MN_NODISCARD mn_status yn_parse(const yn_source *src, yn_tree **out,
                                mn_error *err);
void yn_free(yn_tree *t);
/* The document's top node; NULL for an empty file. */
const yn_node *yn_root(const yn_tree *t);

/* Map lookup by key (NULL when absent or `map` is not a map). */
yn_node *yn_get(const yn_node *map, const char *key);
/* A plain scalar meaning null: ~, null, Null, NULL or empty. */
bool yn_is_null(const yn_node *n);

/* The 1-based line and column in the source of byte `off` of scalar n's
 * value (exact for single-line scalars and literal blocks, else the start). */
void yn_locate(const yn_source *src, const yn_node *n, size_t off,
               unsigned *line, unsigned *col);

/* ---- compiled rules ------------------------------------------------------ */
typedef struct rule_name {
    char *name;
    uint32_t *groups; /* group numbers carrying this name (DUPNAMES) */
    size_t ngroups;
} rule_name;

typedef struct rule_cap_expect {
    char *name;
    char *value; /* NULL: the group must not take part */
} rule_cap_expect;

typedef struct rule_example {
    char *text;
    bool match;
    unsigned line;
    rule_cap_expect *caps;
    size_t ncaps;
} rule_example;

typedef struct rule_kv {
    char *key;
    char *value;
} rule_kv;

struct mn_rule {
    char *id, *kind, *profile, *scope;
    const char *file; /* owned by the rule set */
    unsigned line, col;
    int priority;
    unsigned blocks; /* bit per mn_block_kind; 0 = every kind */
    char *pattern;   /* expanded; NULL for code-only rules */
    uint32_t options;
    pcre2_code *code;
    rule_name *names;
    size_t nnames;
    rule_kv *attrs, *set;
    size_t nattrs, nset;
    rule_example *examples;
    size_t nexamples;
    bool explicit_profile; /* named by the rule or its pack */
    size_t order;          /* position in load order, for sorting */
    int weight;            /* detect patterns only */
    /* Prefilter computed at compile time from what PCRE2 knows must be in
     * any match: skipping a subject that lacks it saves a pcre2_match call
     * (most rules run on every block and fail). */
    uint32_t minlen;          /* PCRE2_INFO_MINLENGTH, in characters */
    unsigned char need[2][2]; /* up to 2 required ASCII bytes, each in up
                                 to 2 cases (the pair repeats one byte) */
    size_t nneed;
    mn_literals lits; /* one of these is in every match (mn_literal.h) */
};

/* Compile r->pattern with r->options (UTF, UCP, DUPNAMES added) and index
 * its named groups; the loader JITs every rule of the finished set at once.
 * On failure returns the PCRE2 error code (< 0 is never returned; 0 means
 * success) and the byte offset of the problem. */
int mn_rule_compile(mn_rule *r, size_t *erroffset, char *msg, size_t msgsize);
void mn_rule_free(mn_rule *r);

/* Append load-time warnings about patterns that can backtrack badly. */
typedef void (*lint_warn_fn)(void *ctx, const mn_rule *r, const char *what);
void mn_rule_lint(const mn_rule *r, lint_warn_fn warn, void *ctx);

/* Largest number of distinct group names / of capture groups over every
 * rule in the set: what a matcher must have room for. */
size_t mn_ruleset_max_names(const mn_ruleset *rs);
uint32_t mn_ruleset_max_groups(const mn_ruleset *rs);

/* Detect patterns of one profile (borrowed). */
size_t mn_ruleset_detects(const mn_ruleset *rs, size_t profile,
                          mn_rule *const **rules);

#endif
