/*
 * Rule packs → one immutable mn_ruleset. Each YAML file becomes a node tree
 * (mn_rule_yaml.c), is validated against the pack schema (rules/README.md),
 * has its {{fragments}} interpolated and its patterns compiled with PCRE2 JIT,
 * then is merged by (id, profile) into the set. Per-profile active lists are
 * computed once at the end, so nothing changes after mn_ruleset_load returns.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mn_alloc.h"
#include "mn_buf.h"
#include "mn_embed.h"
#include "mn_limits.h"
#include "mn_ruleset_int.h"
#include "mn_sha256.h"

#define MAX_FRAGMENT_DEPTH 16
#define MAX_PRIORITY 1000000L
#define ID_BUCKETS 16384u

typedef struct setting {
    char *key;
    char **values;
    size_t n;
} setting;

typedef struct profile {
    char *name;
    const mn_rule **active;
    size_t nactive;
    mn_rule **detect;
    size_t ndetect, detect_cap;
    setting *settings;
    size_t nsettings, settings_cap;
} profile;

struct mn_ruleset {
    char **files; /* display names of loaded packs; rules point into them */
    size_t nfiles, files_cap;
    mn_rule **rules;
    size_t *next; /* id hash chains, parallel to rules */
    size_t nrules, rules_cap;
    size_t buckets[ID_BUCKETS]; /* index + 1; 0 = empty */
    profile *profiles;
    size_t nprofiles, profiles_cap;
    mn_error *warnings;
    size_t nwarnings, warnings_cap;
    mn_sha256 hash;
    char version[65];
    size_t max_names;
    uint32_t max_groups;
};

/* Everything needed while validating one file. */
typedef struct pack_ctx {
    mn_ruleset *rs;
    const yn_source *src;
    const char *file; /* owned by rs */
    const char *pack;
    const char *profile; /* default profile of its rules */
    bool explicit_profile;
    const yn_node *fragments;
    mn_error *err;
} pack_ctx;

/* A piece of an expanded pattern and where it came from. */
typedef struct seg {
    size_t at, len;
    const yn_node *node;
    size_t off;
} seg;

typedef struct expansion {
    mn_buf out;
    seg *segs;
    size_t nsegs, cap;
    const char *chain[MAX_FRAGMENT_DEPTH + 1];
    size_t depth;
} expansion;

/* The file name of a failed load must outlive the rule set it came from. */
static _Thread_local char failed_file[4096];

static void
pin_error_file(mn_error *err)
{
    if (!err || !err->file || err->file == failed_file)
        return;
    snprintf(failed_file, sizeof failed_file, "%s", err->file);
    err->file = failed_file;
}

/* ---- small helpers ------------------------------------------------------- */

static bool
is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

static bool
valid_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!is_name_char(*s))
            return false;
    return true;
}

static bool
is_fragment_char(char c)
{
    return is_name_char(c) || (c >= 'A' && c <= 'Z');
}

static size_t
edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[33];
    if (la > 32 || lb > 32)
        return SIZE_MAX;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* The closest of `names` to `s`, or NULL when nothing is close. */
static const char *
suggest(const char *s, const char *const *names)
{
    const char *best = NULL;
    size_t bestd = 3;
    for (size_t i = 0; names[i]; i++) {
        size_t d = edit_distance(s, names[i]);
        if (d < bestd && d < strlen(s)) {
            bestd = d;
            best = names[i];
        }
    }
    return best;
}

static bool
in_list(const char *s, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        if (!strcmp(s, names[i]))
            return true;
    return false;
}

static mn_status
fail_at(pack_ctx *c, mn_status code, unsigned line, unsigned col,
        const char *fmt, ...) MN_PRINTF(5, 6);

static mn_status
fail_at(pack_ctx *c, mn_status code, unsigned line, unsigned col,
        const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mn_error_set(c->err, code, c->file, line, col, "%s", msg);
}

#define FAIL(c, node, ...)                                                     \
    fail_at((c), MN_E_RULE, (node)->line, (node)->col, __VA_ARGS__)

static mn_status
need_scalar(pack_ctx *c, const yn_node *n, const char *key, const char *what)
{
    if (n->type != YN_SCALAR)
        return FAIL(c, n, "'%s' of %s must be a string", key, what);
    return MN_OK;
}

static mn_status
need_name(pack_ctx *c, const yn_node *n, const char *key, const char *what)
{
    mn_status st = need_scalar(c, n, key, what);
    if (st == MN_OK && !valid_name(n->str))
        return FAIL(c, n, "'%s' of %s must match [a-z0-9._-]+, not '%s'",
                    key, what, n->str);
    return st;
}

static mn_status
parse_int(pack_ctx *c, const yn_node *n, const char *key, const char *what,
          int *out)
{
    mn_status st = need_scalar(c, n, key, what);
    if (st != MN_OK)
        return st;
    char *end;
    errno = 0;
    long v = strtol(n->str, &end, 10);
    if (errno || end == n->str || *end || v < -MAX_PRIORITY ||
        v > MAX_PRIORITY)
        return FAIL(c, n, "'%s' of %s must be an integer in [-%ld, %ld]", key,
                    what, MAX_PRIORITY, MAX_PRIORITY);
    *out = (int)v;
    return MN_OK;
}

/*
 * Every key of `map` must be a string, appear once and be one of `known`
 * (or of `extra` when given); `what` names the map in errors.
 */
static mn_status
check_keys(pack_ctx *c, const yn_node *map, const char *const *known,
           const char *const *extra, const char *what)
{
    for (size_t i = 0; i + 1 < map->nkids; i += 2) {
        const yn_node *k = map->kids[i];
        if (k->type != YN_SCALAR)
            return FAIL(c, k, "keys of %s must be strings", what);
        for (size_t j = 0; j < i; j += 2)
            if (!strcmp(map->kids[j]->str, k->str))
                return FAIL(c, k, "duplicate key '%s' in %s", k->str, what);
        if (in_list(k->str, known) || (extra && in_list(k->str, extra)))
            continue;
        const char *s = suggest(k->str, known);
        if (!s && extra)
            s = suggest(k->str, extra);
        if (s)
            return FAIL(c, k, "unknown key '%s' in %s (did you mean '%s'?)",
                        k->str, what, s);
        return FAIL(c, k, "unknown key '%s' in %s", k->str, what);
    }
    return MN_OK;
}

/* ---- fragments ----------------------------------------------------------- */

static void
exp_free(expansion *e)
{
    mn_buf_free(&e->out);
    free(e->segs);
}

static mn_status
fail_in_scalar(pack_ctx *c, mn_status code, const yn_node *n, size_t off,
               const char *msg)
{
    unsigned line, col;
    yn_locate(c->src, n, off, &line, &col);
    return fail_at(c, code, line, col, "%s", msg);
}

static mn_status
exp_literal(pack_ctx *c, expansion *e, const yn_node *n, size_t off,
            size_t len, const char *what)
{
    if (len == 0)
        return MN_OK;
    size_t at = e->out.len;
    if (mn_buf_append(&e->out, n->str + off, len) != MN_OK) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "%s is longer than %zu bytes after expanding fragments",
                 what, MN_MAX_PATTERN_BYTES);
        return fail_in_scalar(c, MN_E_LIMIT, n, off, msg);
    }
    e->segs = mn_xgrow(e->segs, &e->cap, e->nsegs + 1, sizeof *e->segs);
    e->segs[e->nsegs++] = (seg){at, len, n, off};
    return MN_OK;
}

/* Length of a `{{name}}` reference at s (0 when s is not one). */
static size_t
fragment_ref(const char *s, size_t *name_len)
{
    if (s[0] != '{' || s[1] != '{')
        return 0;
    size_t i = 2;
    while (is_fragment_char(s[i]))
        i++;
    if (i == 2 || s[i] != '}' || s[i + 1] != '}')
        return 0;
    *name_len = i - 2;
    return i + 2;
}

static mn_status expand(pack_ctx *c, expansion *e, const yn_node *n,
                        const char *what);

static mn_status
cycle_error(pack_ctx *c, expansion *e, const yn_node *n, size_t off,
            const char *name)
{
    char msg[256];
    mn_buf chain;
    mn_buf_init(&chain, 200);
    for (size_t i = 0; i < e->depth; i++)
        (void)mn_buf_printf(&chain, "%s -> ", e->chain[i]);
    (void)mn_buf_printf(&chain, "%s", name);
    snprintf(msg, sizeof msg, "fragment cycle: %s", mn_buf_str(&chain));
    mn_buf_free(&chain);
    return fail_in_scalar(c, MN_E_RULE, n, off, msg);
}

static mn_status
expand_ref(pack_ctx *c, expansion *e, const yn_node *n, size_t off,
           const char *name, const char *what)
{
    char msg[256];
    const yn_node *frag = yn_get(c->fragments, name);
    if (!frag) {
        snprintf(msg, sizeof msg, "unknown fragment '%s' in %s", name, what);
        return fail_in_scalar(c, MN_E_RULE, n, off, msg);
    }
    for (size_t i = 0; i < e->depth; i++)
        if (!strcmp(e->chain[i], name))
            return cycle_error(c, e, n, off, name);
    if (e->depth >= MAX_FRAGMENT_DEPTH) {
        snprintf(msg, sizeof msg, "fragments nested deeper than %d in %s",
                 MAX_FRAGMENT_DEPTH, what);
        return fail_in_scalar(c, MN_E_RULE, n, off, msg);
    }
    e->chain[e->depth++] = name;
    mn_status st = expand(c, e, frag, what);
    e->depth--;
    return st;
}

/* Append n's text to e, replacing each {{name}} by that fragment. */
static mn_status
expand(pack_ctx *c, expansion *e, const yn_node *n, const char *what)
{
    size_t lit = 0, i = 0;
    mn_status st = MN_OK;
    while (st == MN_OK && i < n->len) {
        size_t name_len, ref = fragment_ref(n->str + i, &name_len);
        if (!ref) {
            i++;
            continue;
        }
        st = exp_literal(c, e, n, lit, i - lit, what);
        char name[128];
        if (st == MN_OK && name_len >= sizeof name)
            st = fail_in_scalar(c, MN_E_RULE, n, i, "fragment name too long");
        if (st == MN_OK) {
            memcpy(name, n->str + i + 2, name_len);
            name[name_len] = '\0';
            st = expand_ref(c, e, n, i, name, what);
        }
        i += ref;
        lit = i;
    }
    if (st == MN_OK)
        st = exp_literal(c, e, n, lit, n->len - lit, what);
    return st;
}

/* The source position of byte `off` of an expanded pattern. */
static void
exp_locate(pack_ctx *c, const expansion *e, size_t off, unsigned *line,
           unsigned *col)
{
    for (size_t i = 0; i < e->nsegs; i++) {
        const seg *s = &e->segs[i];
        bool last = i + 1 == e->nsegs;
        if (off < s->at + s->len || (last && off <= s->at + s->len)) {
            size_t in = off < s->at ? 0 : off - s->at;
            yn_locate(c->src, s->node, s->off + in, line, col);
            return;
        }
    }
    *line = 0;
    *col = 0;
}
