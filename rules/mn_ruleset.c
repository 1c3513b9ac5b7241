/*
 * Rule packs → one immutable mn_ruleset. Each YAML file becomes a node tree
 * (mn_rule_yaml.c), is validated against the pack schema (rules/README.md),
 * has its {{fragments}} interpolated and its patterns compiled with PCRE2 JIT,
 * then is merged by (id, profile) into the set. Per-profile active lists are
 * computed once at the end, so nothing changes after mn_ruleset_load returns.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
/* NOLINTNEXTLINE(bugprone-reserved-identifier): glibc's feature macro */
#define _GNU_SOURCE /* sched_getaffinity(2): the CPUs this process may use */
#endif
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mn_alloc.h"
#include "mn_strdist.h"
#include "mn_buf.h"
#include "mn_embed.h"
#include "mn_limits.h"
#include "mn_ruleset_int.h"
#include "mn_sha256.h"

#define MAX_FRAGMENT_DEPTH 16
#define MAX_PRIORITY       1000000L
#define ID_BUCKETS         16384u

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

/* The closest of `names` to `s`, or NULL when nothing is close. */
static const char *
suggest(const char *s, const char *const *names)
{
    const char *best = NULL;
    size_t bestd = 3, len = strlen(s);
    for (size_t i = 0; len >= 3 && names[i]; i++)
        if (!strncmp(names[i], s, len))
            return names[i]; /* an abbreviation: "para" for "paragraph" */
    for (size_t i = 0; names[i]; i++) {
        size_t d = mn_strdist(s, names[i], bestd);
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

static mn_status fail_at(pack_ctx *c, mn_status code, unsigned line,
                         unsigned col, const char *fmt, ...) MN_PRINTF(5, 6);

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
        return FAIL(c, n, "'%s' of %s must match [a-z0-9._-]+, not '%s'", key,
                    what, n->str);
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
    if (errno || end == n->str || *end || v < -MAX_PRIORITY || v > MAX_PRIORITY)
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
exp_literal(pack_ctx *c, expansion *e, const yn_node *n, size_t off, size_t len,
            const char *what)
{
    if (len == 0)
        return MN_OK;
    size_t at = e->out.len;
    if (mn_buf_append(&e->out, n->str + off, len) != MN_OK) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "%s is longer than %zu bytes after expanding fragments", what,
                 MN_MAX_PATTERN_BYTES);
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

/* ---- compiling ----------------------------------------------------------- */

static void
index_names(mn_rule *r)
{
    uint32_t count = 0, size = 0;
    PCRE2_SPTR table = NULL;
    (void)pcre2_pattern_info(r->code, PCRE2_INFO_NAMECOUNT, &count);
    (void)pcre2_pattern_info(r->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
    (void)pcre2_pattern_info(r->code, PCRE2_INFO_NAMETABLE, &table);
    r->names = count ? mn_xcalloc(count, sizeof *r->names) : NULL;
    r->nnames = 0; /* counts into the new array, whatever r held before */
    for (uint32_t i = 0; i < count; i++) {
        PCRE2_SPTR entry = table + (size_t)i * size;
        uint32_t group = (uint32_t)entry[0] << 8 | entry[1];
        const char *name = (const char *)entry + 2;
        rule_name *last = r->nnames ? &r->names[r->nnames - 1] : NULL;
        if (!last || strcmp(last->name, name) != 0) {
            last = &r->names[r->nnames++];
            last->name = mn_xstrdup(name);
            last->groups = mn_xcalloc(count, sizeof *last->groups);
        }
        last->groups[last->ngroups++] = group;
    }
}

/*
 * JIT code reads subjects 16 bytes at a time, which memcheck reports as
 * invalid reads it cannot attribute; under valgrind (its preload library is
 * in LD_PRELOAD) or with MN_NO_JIT set, use the interpreter instead.
 */
static bool
jit_wanted(void)
{
    const char *preload = getenv("LD_PRELOAD");
    if (getenv("MN_NO_JIT"))
        return false;
    return !(preload && strstr(preload, "vgpreload"));
}

/* A code unit PCRE2 says every match contains, as bytes to look for: both
 * cases of a letter (the pattern may be caseless, which PCRE2 does not
 * report). Only ASCII: a caseless UTF letter may have other-case forms
 * of another length; and not k or s, which caseless UCP matching also
 * finds as U+212A KELVIN SIGN and U+017F LONG S. */
static void
add_needed(mn_rule *r, uint32_t cu)
{
    if (cu == 0 || cu >= 0x80 || r->nneed >= 2)
        return;
    unsigned char c = (unsigned char)cu;
    bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    unsigned char lower = letter ? (unsigned char)(c | 0x20) : c;
    unsigned char upper = letter ? (unsigned char)(c & ~0x20) : c;
    if (lower == 'k' || lower == 's')
        return;
    r->need[r->nneed][0] = lower;
    r->need[r->nneed][1] = upper;
    r->nneed++;
}

static void
set_prefilter(mn_rule *r)
{
    uint32_t type = 0, cu = 0;
    r->nneed = 0;
    if (pcre2_pattern_info(r->code, PCRE2_INFO_MINLENGTH, &r->minlen) != 0)
        r->minlen = 0;
    if (pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTCODETYPE, &type) == 0 &&
        type == 1 &&
        pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTCODEUNIT, &cu) == 0)
        add_needed(r, cu);
    if (pcre2_pattern_info(r->code, PCRE2_INFO_LASTCODETYPE, &type) == 0 &&
        type == 1 &&
        pcre2_pattern_info(r->code, PCRE2_INFO_LASTCODEUNIT, &cu) == 0)
        add_needed(r, cu);
    if (r->nneed == 2 && r->need[0][0] == r->need[1][0])
        r->nneed = 1;
    mn_literals_of(r->pattern, r->options, &r->lits);
}

int
mn_rule_compile(mn_rule *r, size_t *erroffset, char *msg, size_t msgsize)
{
    int errcode = 0;
    PCRE2_SIZE off = 0;
    uint32_t opts = r->options | PCRE2_UTF | PCRE2_UCP | PCRE2_DUPNAMES |
                    PCRE2_NEVER_BACKSLASH_C;
    r->code = pcre2_compile((PCRE2_SPTR)r->pattern, strlen(r->pattern), opts,
                            &errcode, &off, NULL);
    if (!r->code) {
        (void)pcre2_get_error_message(errcode, (PCRE2_UCHAR *)msg, msgsize);
        *erroffset = off;
        return errcode ? errcode : 1;
    }
    index_names(r);
    set_prefilter(r);
    return 0;
}

static void
free_kvs(rule_kv *kv, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(kv[i].key);
        free(kv[i].value);
    }
    free(kv);
}

static void
free_examples(rule_example *ex, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < ex[i].ncaps; j++) {
            free(ex[i].caps[j].name);
            free(ex[i].caps[j].value);
        }
        free(ex[i].caps);
        free(ex[i].text);
    }
    free(ex);
}

void
mn_rule_free(mn_rule *r)
{
    if (!r)
        return;
    free(r->id);
    free(r->kind);
    free(r->profile);
    free(r->scope);
    free(r->pattern);
    pcre2_code_free(r->code);
    for (size_t i = 0; i < r->nnames; i++) {
        free(r->names[i].name);
        free(r->names[i].groups);
    }
    free(r->names);
    free_kvs(r->attrs, r->nattrs);
    free_kvs(r->set, r->nset);
    free_examples(r->examples, r->nexamples);
    free(r);
}

static rule_kv *
copy_kvs(const rule_kv *kv, size_t n)
{
    rule_kv *out = n ? mn_xcalloc(n, sizeof *out) : NULL;
    for (size_t i = 0; i < n; i++) {
        out[i].key = mn_xstrdup(kv[i].key);
        out[i].value = mn_xstrdup(kv[i].value);
    }
    return out;
}

static rule_example *
copy_examples(const rule_example *ex, size_t n)
{
    rule_example *out = n ? mn_xcalloc(n, sizeof *out) : NULL;
    for (size_t i = 0; i < n; i++) {
        out[i] = ex[i];
        out[i].text = mn_xstrdup(ex[i].text);
        out[i].caps =
            ex[i].ncaps ? mn_xcalloc(ex[i].ncaps, sizeof *out[i].caps) : NULL;
        for (size_t j = 0; j < ex[i].ncaps; j++) {
            out[i].caps[j].name = mn_xstrdup(ex[i].caps[j].name);
            out[i].caps[j].value = mn_xstrdup(ex[i].caps[j].value);
        }
    }
    return out;
}

/* A deep copy (recompiled: compiled code cannot be shared safely with its
 * JIT data through pcre2_code_copy). */
static mn_rule *
rule_clone(const mn_rule *r)
{
    mn_rule *c = mn_xcalloc(1, sizeof *c);
    *c = *r;
    c->id = mn_xstrdup(r->id);
    c->kind = mn_xstrdup(r->kind);
    c->profile = mn_xstrdup(r->profile);
    c->scope = mn_xstrdup(r->scope);
    c->pattern = mn_xstrdup(r->pattern);
    c->code = NULL;
    c->names = NULL;
    c->nnames = 0;
    c->attrs = copy_kvs(r->attrs, r->nattrs);
    c->set = copy_kvs(r->set, r->nset);
    c->examples = copy_examples(r->examples, r->nexamples);
    if (c->pattern) {
        char msg[128];
        size_t off;
        if (mn_rule_compile(c, &off, msg, sizeof msg) != 0)
            abort(); /* it compiled once already */
    }
    return c;
}

static const char *
rule_attr(const mn_rule *r, const char *key)
{
    for (size_t i = 0; i < r->nattrs; i++)
        if (!strcmp(r->attrs[i].key, key))
            return r->attrs[i].value;
    return NULL;
}

static bool
is_code_check(const mn_rule *r)
{
    const char *code = rule_attr(r, "code");
    return !strcmp(r->kind, "check") && code && !strcmp(code, "true");
}

/* ---- one rule ------------------------------------------------------------ */

static const char *const pack_keys[] = {"pack",   "profile",  "description",
                                        "detect", "settings", "fragments",
                                        "rules",  NULL};
static const char *const rule_keys[] = {
    "id",    "kind", "profile",  "blocks",   "scope", "pattern",
    "flags", "set",  "priority", "examples", NULL};
/* Scalar attributes kept as-is for the stage that reads the rule
 * (mn_rule_attr); README documents each. */
static const char *const attr_keys[] = {
    "message", "level", "why",    "description", "field", "replace",
    "code",    "value", "unit",   "format",      "type",  "note",
    "fix",     "label", "target", "min",         "max",   NULL};
static const char *const detect_keys[] = {"pattern", "weight", "flags", NULL};
static const char *const example_keys[] = {"match", "no_match", NULL};
static const char *const example_map_keys[] = {"text", "captures", NULL};
static const char *const flag_names[] = {"caseless", "multiline", "dotall",
                                         "extended", NULL};
static const uint32_t flag_bits[] = {PCRE2_CASELESS, PCRE2_MULTILINE,
                                     PCRE2_DOTALL, PCRE2_EXTENDED};
static const char *const block_names[] = {"heading", "paragraph", "item",
                                          "cell",    "pre",       NULL};
static const mn_block_kind block_kinds[] = {
    MN_BLOCK_HEADING, MN_BLOCK_PARAGRAPH, MN_BLOCK_LIST_ITEM,
    MN_BLOCK_TABLE_CELL, MN_BLOCK_PRE};

static size_t
index_of(const char *s, const char *const *names)
{
    size_t i = 0;
    while (names[i] && strcmp(names[i], s) != 0)
        i++;
    return i;
}

/* A scalar is read as a one-item list. Calls `each` on every item. */
static mn_status
for_each_scalar(pack_ctx *c, const yn_node *n, const char *key,
                const char *what,
                mn_status (*each)(pack_ctx *, const yn_node *, void *),
                void *ud)
{
    if (n->type == YN_SCALAR)
        return each(c, n, ud);
    if (n->type != YN_SEQ)
        return FAIL(c, n, "'%s' of %s must be a list of strings", key, what);
    for (size_t i = 0; i < n->nkids; i++) {
        if (n->kids[i]->type != YN_SCALAR)
            return FAIL(c, n->kids[i], "'%s' of %s must be a list of strings",
                        key, what);
        mn_status st = each(c, n->kids[i], ud);
        if (st != MN_OK)
            return st;
    }
    return MN_OK;
}

static mn_status
suggest_fail(pack_ctx *c, const yn_node *n, const char *kind,
             const char *const *names, const char *expected)
{
    const char *s = suggest(n->str, names);
    if (s)
        return FAIL(c, n, "unknown %s '%s' (did you mean '%s'?)", kind, n->str,
                    s);
    return FAIL(c, n, "unknown %s '%s' (expected %s)", kind, n->str, expected);
}

static mn_status
add_block(pack_ctx *c, const yn_node *n, void *ud)
{
    mn_rule *r = ud;
    size_t i = index_of(n->str, block_names);
    if (!block_names[i])
        return suggest_fail(c, n, "block kind", block_names,
                            "heading, paragraph, item, cell or pre");
    r->blocks |= 1u << block_kinds[i];
    return MN_OK;
}

static mn_status
add_flag(pack_ctx *c, const yn_node *n, void *ud)
{
    uint32_t *opts = ud;
    size_t i = index_of(n->str, flag_names);
    if (!flag_names[i])
        return suggest_fail(c, n, "flag", flag_names,
                            "caseless, multiline, dotall or extended");
    *opts |= flag_bits[i];
    return MN_OK;
}

static mn_status
parse_set(pack_ctx *c, mn_rule *r, const yn_node *n, const char *what)
{
    if (n->type != YN_MAP)
        return FAIL(c, n, "'set' of %s must be a map of strings", what);
    r->set = n->nkids ? mn_xcalloc(n->nkids / 2, sizeof *r->set) : NULL;
    for (size_t i = 0; i + 1 < n->nkids; i += 2) {
        const yn_node *k = n->kids[i], *v = n->kids[i + 1];
        if (k->type != YN_SCALAR || v->type != YN_SCALAR)
            return FAIL(c, k, "'set' of %s must be a map of strings", what);
        r->set[r->nset].key = mn_xstrdup(k->str);
        r->set[r->nset++].value = mn_xstrdup(v->str);
    }
    return MN_OK;
}

static mn_status
parse_attrs(pack_ctx *c, mn_rule *r, const yn_node *map, const char *what)
{
    r->attrs = mn_xcalloc(map->nkids / 2 + 1, sizeof *r->attrs);
    for (size_t i = 0; i + 1 < map->nkids; i += 2) {
        const yn_node *k = map->kids[i], *v = map->kids[i + 1];
        if (!in_list(k->str, attr_keys))
            continue;
        mn_status st = need_scalar(c, v, k->str, what);
        if (st != MN_OK)
            return st;
        r->attrs[r->nattrs].key = mn_xstrdup(k->str);
        r->attrs[r->nattrs++].value = mn_xstrdup(v->str);
    }
    return MN_OK;
}

/* Expand fragments in pattern node `pn`, compile it into r. */
static mn_status
compile_pattern(pack_ctx *c, mn_rule *r, const yn_node *pn, const char *what)
{
    if (pn->type != YN_SCALAR || yn_is_null(pn))
        return FAIL(c, pn, "%s must be a non-empty string", what);
    if (pn->len > MN_MAX_PATTERN_BYTES)
        return fail_at(c, MN_E_LIMIT, pn->line, pn->col,
                       "%s is longer than %zu bytes", what,
                       MN_MAX_PATTERN_BYTES);
    expansion e = {0};
    mn_buf_init(&e.out, MN_MAX_PATTERN_BYTES);
    mn_status st = expand(c, &e, pn, what);
    if (st == MN_OK) {
        r->pattern = mn_xstrdup(mn_buf_str(&e.out));
        char msg[160];
        size_t off = 0;
        if (mn_rule_compile(r, &off, msg, sizeof msg) != 0) {
            unsigned line, col;
            exp_locate(c, &e, off, &line, &col);
            if (!line) {
                line = pn->line;
                col = pn->col;
            }
            st = fail_at(c, MN_E_PATTERN, line, col,
                         "%s: %s (PCRE2 error at offset %zu)", what, msg, off);
        }
    }
    exp_free(&e);
    return st;
}

static const rule_name *
find_name(const mn_rule *r, const char *name)
{
    for (size_t i = 0; i < r->nnames; i++)
        if (!strcmp(r->names[i].name, name))
            return &r->names[i];
    return NULL;
}

static mn_status
parse_captures(pack_ctx *c, mn_rule *r, rule_example *ex, const yn_node *n,
               const char *what)
{
    if (n->type != YN_MAP)
        return FAIL(c, n, "'captures' of an example of %s must be a map", what);
    ex->caps = mn_xcalloc(n->nkids / 2 + 1, sizeof *ex->caps);
    for (size_t i = 0; i + 1 < n->nkids; i += 2) {
        const yn_node *k = n->kids[i], *v = n->kids[i + 1];
        if (k->type != YN_SCALAR || v->type != YN_SCALAR)
            return FAIL(c, k,
                        "captures of an example of %s must map names "
                        "to strings or ~",
                        what);
        if (!find_name(r, k->str) && !yn_is_null(v))
            return FAIL(c, k,
                        "example of %s expects capture '%s' but the "
                        "pattern has no group of that name",
                        what, k->str);
        rule_cap_expect *ce = &ex->caps[ex->ncaps++];
        ce->name = mn_xstrdup(k->str);
        ce->value = yn_is_null(v) ? NULL : mn_xstrdup(v->str);
    }
    return MN_OK;
}

static mn_status
parse_example(pack_ctx *c, mn_rule *r, const yn_node *n, bool match,
              const char *what)
{
    bool code = is_code_check(r);
    const yn_node *text = n, *caps = NULL;
    if (n->type == YN_MAP) {
        mn_status st =
            code ? MN_OK
                 : check_keys(c, n, example_map_keys, NULL, "an example");
        if (st != MN_OK)
            return st;
        text = yn_get(n, "text");
        caps = yn_get(n, "captures");
        if (!text && !code)
            return FAIL(c, n, "example of %s has no 'text'", what);
    }
    if (text && text->type != YN_SCALAR)
        return FAIL(c, text, "example of %s is not a string", what);
    if (caps && !match && !code)
        return FAIL(c, caps, "a no_match example of %s cannot have captures",
                    what);
    rule_example *ex = &r->examples[r->nexamples++];
    ex->text = mn_xstrdup(text ? text->str : "");
    ex->match = match;
    ex->line = n->line;
    return caps && !code ? parse_captures(c, r, ex, caps, what) : MN_OK;
}

static mn_status
parse_examples(pack_ctx *c, mn_rule *r, const yn_node *n, const char *what)
{
    if (n->type != YN_MAP)
        return FAIL(c, n,
                    "'examples' of %s must be a map with 'match' and "
                    "'no_match' lists",
                    what);
    char ctx[200];
    snprintf(ctx, sizeof ctx, "examples of %s", what);
    mn_status st = check_keys(c, n, example_keys, NULL, ctx);
    const yn_node *lists[2] = {yn_get(n, "match"), yn_get(n, "no_match")};
    size_t total = 0;
    for (int l = 0; st == MN_OK && l < 2; l++) {
        if (!lists[l] || yn_is_null(lists[l]))
            continue;
        if (lists[l]->type != YN_SEQ)
            return FAIL(c, lists[l], "'%s' of %s must be a list",
                        example_keys[l], ctx);
        total += lists[l]->nkids;
    }
    r->examples = mn_xcalloc(total + 1, sizeof *r->examples);
    for (int l = 0; st == MN_OK && l < 2; l++)
        for (size_t i = 0; st == MN_OK && lists[l] &&
                           lists[l]->type == YN_SEQ && i < lists[l]->nkids;
             i++)
            st = parse_example(c, r, lists[l]->kids[i], l == 0, what);
    if (st == MN_OK && r->pattern && !is_code_check(r) &&
        (!lists[0] || lists[0]->type != YN_SEQ || lists[0]->nkids == 0))
        return FAIL(c, n, "%s needs at least one 'match' example", what);
    return st;
}

static mn_status
rule_identity(pack_ctx *c, mn_rule *r, const yn_node *n, size_t index)
{
    const yn_node *id = yn_get(n, "id");
    if (!id)
        return FAIL(c, n, "rule #%zu has no 'id'", index + 1);
    mn_status st = need_name(c, id, "id", "a rule");
    if (st != MN_OK)
        return st;
    r->id = mn_xstrdup(id->str);
    r->file = c->file;
    r->line = n->line;
    r->col = n->col;
    return MN_OK;
}

static mn_status
rule_basics(pack_ctx *c, mn_rule *r, const yn_node *n, const char *what)
{
    const yn_node *kind = yn_get(n, "kind"), *v;
    if (!kind)
        return FAIL(c, n, "%s has no 'kind'", what);
    mn_status st = need_name(c, kind, "kind", what);
    if (st != MN_OK)
        return st;
    r->kind = mn_xstrdup(kind->str);
    r->explicit_profile = c->explicit_profile;
    v = yn_get(n, "profile");
    if (v) {
        st = need_name(c, v, "profile", what);
        r->explicit_profile = true;
    }
    r->profile = mn_xstrdup(v && st == MN_OK ? v->str : c->profile);
    v = yn_get(n, "scope");
    if (st == MN_OK && v) {
        st = need_scalar(c, v, "scope", what);
        r->scope = st == MN_OK ? mn_xstrdup(v->str) : NULL;
    }
    v = yn_get(n, "blocks");
    if (st == MN_OK && v)
        st = for_each_scalar(c, v, "blocks", what, add_block, r);
    v = yn_get(n, "flags");
    if (st == MN_OK && v)
        st = for_each_scalar(c, v, "flags", what, add_flag, &r->options);
    v = yn_get(n, "priority");
    if (st == MN_OK && v)
        st = parse_int(c, v, "priority", what, &r->priority);
    v = yn_get(n, "set");
    if (st == MN_OK && v)
        st = parse_set(c, r, v, what);
    return st == MN_OK ? parse_attrs(c, r, n, what) : st;
}

static void lint_warning(void *ctx, const mn_rule *r, const char *what);

static mn_status
rule_matching(pack_ctx *c, mn_rule *r, const yn_node *n, const char *what)
{
    const yn_node *pn = yn_get(n, "pattern"), *ex = yn_get(n, "examples");
    char pwhat[160];
    snprintf(pwhat, sizeof pwhat, "pattern of %s", what);
    mn_status st = pn ? compile_pattern(c, r, pn, pwhat) : MN_OK;
    if (st != MN_OK)
        return st;
    if (r->pattern)
        mn_rule_lint(r, lint_warning, c->rs);
    if (!ex && r->pattern && !is_code_check(r))
        return FAIL(c, n, "%s has a pattern but no 'examples'", what);
    if (ex && !r->pattern && !is_code_check(r))
        return FAIL(c, ex, "%s has examples but no pattern", what);
    return ex ? parse_examples(c, r, ex, what) : MN_OK;
}

static mn_status
build_rule(pack_ctx *c, const yn_node *n, size_t index, mn_rule **out)
{
    if (n->type != YN_MAP)
        return FAIL(c, n, "rule #%zu must be a map", index + 1);
    mn_rule *r = mn_xcalloc(1, sizeof *r);
    mn_status st = rule_identity(c, r, n, index);
    char what[128];
    snprintf(what, sizeof what, "rule '%s'", r->id ? r->id : "?");
    if (st == MN_OK)
        st = check_keys(c, n, rule_keys, attr_keys, what);
    if (st == MN_OK)
        st = rule_basics(c, r, n, what);
    if (st == MN_OK)
        st = rule_matching(c, r, n, what);
    if (st != MN_OK) {
        mn_rule_free(r);
        return st;
    }
    *out = r;
    return MN_OK;
}

/* ---- warnings and profiles ----------------------------------------------- */

static void
add_warning(mn_ruleset *rs, const char *file, unsigned line, unsigned col,
            const char *msg)
{
    rs->warnings = mn_xgrow(rs->warnings, &rs->warnings_cap, rs->nwarnings + 1,
                            sizeof *rs->warnings);
    mn_error *w = &rs->warnings[rs->nwarnings++];
    memset(w, 0, sizeof *w);
    (void)mn_error_set(w, MN_OK, file, line, col, "%s", msg);
}

static void
lint_warning(void *ctx, const mn_rule *r, const char *what)
{
    char msg[256];
    snprintf(msg, sizeof msg, "rule '%s': %s", r->id, what);
    add_warning(ctx, r->file, r->line, 0, msg);
}

static profile *
find_profile(mn_ruleset *rs, const char *name, bool create)
{
    for (size_t i = 0; i < rs->nprofiles; i++)
        if (!strcmp(rs->profiles[i].name, name))
            return &rs->profiles[i];
    if (!create)
        return NULL;
    rs->profiles = mn_xgrow(rs->profiles, &rs->profiles_cap, rs->nprofiles + 1,
                            sizeof *rs->profiles);
    profile *p = &rs->profiles[rs->nprofiles++];
    memset(p, 0, sizeof *p);
    p->name = mn_xstrdup(name);
    return p;
}

static void
free_setting(setting *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->values[i]);
    free(s->values);
    free(s->key);
}

static void
free_profile(profile *p)
{
    free(p->name);
    free(p->active);
    for (size_t i = 0; i < p->ndetect; i++)
        mn_rule_free(p->detect[i]);
    free(p->detect);
    for (size_t i = 0; i < p->nsettings; i++)
        free_setting(&p->settings[i]);
    free(p->settings);
}

/* ---- pack sections ------------------------------------------------------- */

static mn_status
check_fragments(pack_ctx *c, const yn_node *n)
{
    if (n->type != YN_MAP)
        return FAIL(c, n, "'fragments' must be a map of name: pattern");
    mn_status st = MN_OK;
    for (size_t i = 0; st == MN_OK && i + 1 < n->nkids; i += 2) {
        const yn_node *k = n->kids[i], *v = n->kids[i + 1];
        bool ok = k->type == YN_SCALAR && k->len > 0 && k->len < 128;
        for (size_t j = 0; ok && j < k->len; j++)
            ok = is_fragment_char(k->str[j]);
        if (!ok)
            return FAIL(c, k, "fragment names must match [A-Za-z0-9._-]+");
        for (size_t j = 0; j < i; j += 2)
            if (!strcmp(n->kids[j]->str, k->str))
                return FAIL(c, k, "duplicate fragment '%s'", k->str);
        if (v->type != YN_SCALAR)
            st = FAIL(c, v, "fragment '%s' must be a string", k->str);
    }
    return st;
}

static mn_status
add_setting_value(pack_ctx *c, const yn_node *n, void *ud)
{
    (void)c;
    setting *s = ud;
    s->values = mn_xrealloc(s->values, (s->n + 1) * sizeof *s->values);
    s->values[s->n++] = mn_xstrdup(n->str);
    return MN_OK;
}

static void
put_setting(profile *p, setting *s)
{
    for (size_t i = 0; i < p->nsettings; i++)
        if (!strcmp(p->settings[i].key, s->key)) {
            free_setting(&p->settings[i]);
            p->settings[i] = *s;
            return;
        }
    p->settings = mn_xgrow(p->settings, &p->settings_cap, p->nsettings + 1,
                           sizeof *p->settings);
    p->settings[p->nsettings++] = *s;
}

static mn_status
load_settings(pack_ctx *c, const yn_node *n)
{
    if (n->type != YN_MAP)
        return FAIL(c, n, "'settings' must be a map of key: list of strings");
    for (size_t i = 0; i + 1 < n->nkids; i += 2) {
        const yn_node *k = n->kids[i];
        if (k->type != YN_SCALAR)
            return FAIL(c, k, "setting names must be strings");
        for (size_t j = 0; j < i; j += 2)
            if (!strcmp(n->kids[j]->str, k->str))
                return FAIL(c, k, "duplicate setting '%s'", k->str);
        setting s = {mn_xstrdup(k->str), NULL, 0};
        char what[160];
        snprintf(what, sizeof what, "setting '%s'", k->str);
        mn_status st = for_each_scalar(c, n->kids[i + 1], "value", what,
                                       add_setting_value, &s);
        if (st != MN_OK) {
            free_setting(&s);
            return st;
        }
        put_setting(find_profile(c->rs, c->profile, true), &s);
    }
    return MN_OK;
}

static mn_status
build_detect(pack_ctx *c, const yn_node *n, size_t i, mn_rule **out)
{
    char what[128];
    snprintf(what, sizeof what, "detect entry #%zu", i + 1);
    if (n->type != YN_MAP)
        return FAIL(c, n, "%s must be a map with a 'pattern'", what);
    mn_status st = check_keys(c, n, detect_keys, NULL, what);
    const yn_node *pn = yn_get(n, "pattern"), *w = yn_get(n, "weight");
    const yn_node *fl = yn_get(n, "flags");
    if (st == MN_OK && !pn)
        return FAIL(c, n, "%s has no 'pattern'", what);
    mn_rule *r = mn_xcalloc(1, sizeof *r);
    char id[160];
    snprintf(id, sizeof id, "%s.detect.%zu", c->pack, i + 1);
    r->id = mn_xstrdup(id);
    r->kind = mn_xstrdup("detect");
    r->profile = mn_xstrdup(c->profile);
    r->file = c->file;
    r->line = n->line;
    r->weight = 1;
    if (st == MN_OK && w)
        st = parse_int(c, w, "weight", what, &r->weight);
    if (st == MN_OK && fl)
        st = for_each_scalar(c, fl, "flags", what, add_flag, &r->options);
    char pwhat[160];
    snprintf(pwhat, sizeof pwhat, "pattern of %s", what);
    if (st == MN_OK)
        st = compile_pattern(c, r, pn, pwhat);
    if (st != MN_OK) {
        mn_rule_free(r);
        return st;
    }
    *out = r;
    return MN_OK;
}

static mn_status
load_detect(pack_ctx *c, const yn_node *n)
{
    if (n->type != YN_SEQ)
        return FAIL(c, n, "'detect' must be a list of {pattern, weight}");
    for (size_t i = 0; i < n->nkids && i < MN_MAX_RULES; i++) {
        mn_rule *r = NULL;
        mn_status st = build_detect(c, n->kids[i], i, &r);
        if (st != MN_OK)
            return st;
        profile *p = find_profile(c->rs, c->profile, true);
        // NOLINTBEGIN(bugprone-sizeof-expression): an array of pointers
        p->detect = mn_xgrow(p->detect, &p->detect_cap, p->ndetect + 1,
                             sizeof *p->detect);
        // NOLINTEND(bugprone-sizeof-expression)
        p->detect[p->ndetect++] = r;
    }
    return MN_OK;
}

/* ---- merging ------------------------------------------------------------- */

static uint32_t
id_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h % ID_BUCKETS;
}

static mn_status
append_rule(pack_ctx *c, mn_rule *r)
{
    mn_ruleset *rs = c->rs;
    if (rs->nrules >= MN_MAX_RULES)
        return fail_at(c, MN_E_LIMIT, r->line, r->col,
                       "more than %d rules in the rule set", MN_MAX_RULES);
    size_t cap = rs->rules_cap;
    // NOLINTBEGIN(bugprone-sizeof-expression): an array of pointers
    rs->rules =
        mn_xgrow(rs->rules, &rs->rules_cap, rs->nrules + 1, sizeof *rs->rules);
    // NOLINTEND(bugprone-sizeof-expression)
    rs->next = mn_xgrow(rs->next, &cap, rs->nrules + 1, sizeof *rs->next);
    uint32_t h = id_hash(r->id);
    r->order = rs->nrules;
    rs->rules[rs->nrules] = r;
    rs->next[rs->nrules] = rs->buckets[h];
    rs->buckets[h] = ++rs->nrules;
    return MN_OK;
}

static void
replace_at(mn_ruleset *rs, size_t i, mn_rule *r)
{
    r->order = i;
    mn_rule_free(rs->rules[i]);
    rs->rules[i] = r;
}

/*
 * A rule with a profile replaces the rule of the same id and profile; one
 * without (user packs that name no profile) replaces every rule of that id,
 * keeping each one's profile. Anything else is appended. Takes r.
 */
static mn_status
merge_rule(pack_ctx *c, mn_rule *r)
{
    mn_ruleset *rs = c->rs;
    bool placed = false;
    for (size_t i = rs->buckets[id_hash(r->id)]; i; i = rs->next[i - 1]) {
        const mn_rule *old = rs->rules[i - 1];
        if (strcmp(old->id, r->id) != 0)
            continue;
        if (r->explicit_profile) {
            if (strcmp(old->profile, r->profile) != 0)
                continue;
            replace_at(rs, i - 1, r);
            return MN_OK;
        }
        mn_rule *use = placed ? rule_clone(r) : r;
        free(use->profile);
        use->profile = mn_xstrdup(old->profile);
        replace_at(rs, i - 1, use);
        placed = true;
    }
    if (placed)
        return MN_OK;
    mn_status st = append_rule(c, r);
    if (st != MN_OK)
        mn_rule_free(r);
    return st;
}

static int
cmp_id_line(const void *a, const void *b)
{
    const mn_rule *x = *(const mn_rule *const *)a;
    const mn_rule *y = *(const mn_rule *const *)b;
    int d = strcmp(x->id, y->id);
    if (d)
        return d;
    return (x->line > y->line) - (x->line < y->line);
}

static mn_status
check_duplicates(pack_ctx *c, mn_rule **rules, size_t n)
{
    if (n < 2)
        return MN_OK;
    // NOLINTBEGIN(bugprone-sizeof-expression): an array of pointers
    mn_rule **sorted = mn_xmalloc(n * sizeof *sorted);
    memcpy(sorted, rules, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_id_line);
    // NOLINTEND(bugprone-sizeof-expression)
    mn_status st = MN_OK;
    for (size_t i = 1; st == MN_OK && i < n; i++)
        if (!strcmp(sorted[i - 1]->id, sorted[i]->id))
            st = fail_at(c, MN_E_RULE, sorted[i]->line, sorted[i]->col,
                         "duplicate rule id '%s' (first defined at line %u)",
                         sorted[i]->id, sorted[i - 1]->line);
    free(sorted);
    return st;
}

static mn_status
load_rules(pack_ctx *c, const yn_node *n)
{
    if (yn_is_null(n))
        return MN_OK;
    if (n->type != YN_SEQ)
        return FAIL(c, n, "'rules' must be a list of rules");
    if (n->nkids > MN_MAX_RULES)
        return fail_at(c, MN_E_LIMIT, n->kids[MN_MAX_RULES]->line,
                       n->kids[MN_MAX_RULES]->col,
                       "more than %d rules in one file", MN_MAX_RULES);
    // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
    mn_rule **rules = mn_xcalloc(n->nkids + 1, sizeof *rules);
    mn_status st = MN_OK;
    size_t built = 0;
    for (; st == MN_OK && built < n->nkids; built++)
        st = build_rule(c, n->kids[built], built, &rules[built]);
    if (st == MN_OK)
        st = check_duplicates(c, rules, n->nkids);
    size_t i = 0;
    for (; st == MN_OK && i < n->nkids; i++)
        st = merge_rule(c, rules[i]);
    /* rules[0..i) were taken by merge_rule; free the rest */
    for (size_t j = st == MN_OK ? n->nkids : i; j < built; j++)
        mn_rule_free(rules[j]);
    free(rules);
    return st;
}

/* ---- one pack ------------------------------------------------------------ */

static const char *
add_file(mn_ruleset *rs, const char *name)
{
    rs->files =
        mn_xgrow(rs->files, &rs->files_cap, rs->nfiles + 1, sizeof *rs->files);
    rs->files[rs->nfiles] = mn_xstrdup(name);
    return rs->files[rs->nfiles++];
}

static mn_status
load_sections(pack_ctx *c, const yn_node *root)
{
    mn_status st = check_keys(c, root, pack_keys, NULL, "the pack");
    const yn_node *v = yn_get(root, "pack");
    if (st == MN_OK && !v)
        return fail_at(c, MN_E_RULE, root->line, root->col,
                       "rule pack has no 'pack' name");
    if (st == MN_OK)
        st = need_name(c, v, "pack", "the pack");
    if (st != MN_OK)
        return st;
    c->pack = v->str;
    v = yn_get(root, "profile");
    if (v) {
        st = need_name(c, v, "profile", "the pack");
        c->profile = v->str;
        c->explicit_profile = true;
    }
    v = yn_get(root, "description");
    if (st == MN_OK && v)
        st = need_scalar(c, v, "description", "the pack");
    c->fragments = yn_get(root, "fragments");
    if (st == MN_OK && c->fragments)
        st = check_fragments(c, c->fragments);
    v = yn_get(root, "settings");
    if (st == MN_OK && v)
        st = load_settings(c, v);
    v = yn_get(root, "detect");
    if (st == MN_OK && v)
        st = load_detect(c, v);
    return st == MN_OK ? load_rules(c, yn_get(root, "rules")) : st;
}

/* The rule-set version hashes each pack's name and digest; the packs
 * built into the binary carry theirs (tools/embed.c), so a plain run does
 * not hash 100 KB of YAML on every start. */
static void
hash_pack(mn_ruleset *rs, const char *name, const char *bytes, size_t len)
{
    char hex[65];
    const char *digest = NULL;
    for (size_t i = 0; i < mn_embedded_count && !digest; i++)
        if (mn_embedded_files[i].data == bytes)
            digest = mn_embedded_files[i].sha256;
    if (!digest) {
        mn_sha256_hex(bytes, len, hex);
        digest = hex;
    }
    mn_sha256_update(&rs->hash, name, strlen(name) + 1);
    mn_sha256_update(&rs->hash, digest, 64);
}

/*
 * Parse and merge one file. `user` packs that name no profile apply to every
 * profile. With `lenient`, a file that is not a rule pack (no top-level
 * `rules:` key) is skipped instead of being an error.
 */
static mn_status
load_pack(mn_ruleset *rs, const char *name, const char *bytes, size_t len,
          bool user, bool lenient, mn_error *err)
{
    const char *file = add_file(rs, name);
    yn_source src = {file, bytes, len};
    yn_tree *tree = NULL;
    mn_status st = yn_parse(&src, &tree, err);
    if (st != MN_OK)
        return st;
    const yn_node *root = yn_root(tree);
    pack_ctx c = {.rs = rs,
                  .src = &src,
                  .file = file,
                  .profile = "core",
                  .explicit_profile = !user,
                  .err = err};
    if (!root || root->type != YN_MAP || !yn_get(root, "rules")) {
        if (!lenient)
            st = fail_at(&c, MN_E_RULE, root ? root->line : 1,
                         root ? root->col : 1,
                         "not a rule pack (no top-level 'rules:' key)");
    } else {
        st = load_sections(&c, root);
        if (st == MN_OK)
            hash_pack(rs, name, bytes, len);
    }
    yn_free(tree);
    return st;
}

static mn_status
read_file(const char *path, char **out, size_t *len, mn_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return mn_error_set(err, MN_E_IO, path, 0, 0, "cannot open: %s",
                            strerror(errno));
    mn_buf b;
    mn_buf_init(&b, MN_MAX_RULE_FILE_BYTES);
    char chunk[65536];
    mn_status st = MN_OK;
    size_t n;
    do {
        n = fread(chunk, 1, sizeof chunk, f);
        if (n && mn_buf_append(&b, chunk, n) != MN_OK)
            st = mn_error_set(err, MN_E_LIMIT, path, 0, 0,
                              "rule file is larger than %zu bytes",
                              MN_MAX_RULE_FILE_BYTES);
    } while (st == MN_OK && n == sizeof chunk);
    if (st == MN_OK && ferror(f))
        st = mn_error_set(err, MN_E_IO, path, 0, 0, "read error");
    fclose(f);
    if (st != MN_OK) {
        mn_buf_free(&b);
        return st;
    }
    *len = b.len;
    *out = b.data ? mn_buf_take(&b) : mn_xstrdup("");
    return MN_OK;
}

static mn_status
load_user_file(mn_ruleset *rs, const char *path, bool lenient, mn_error *err)
{
    char *bytes = NULL;
    size_t len = 0;
    mn_status st = read_file(path, &bytes, &len, err);
    if (st == MN_OK)
        st = load_pack(rs, path, bytes, len, true, lenient, err);
    free(bytes);
    return st;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool
is_yaml_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 5 && !strcmp(name + n - 5, ".yaml");
}

static mn_status
load_user_dir(mn_ruleset *rs, const char *dir, mn_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return mn_error_set(err, MN_E_IO, dir, 0, 0, "cannot open: %s",
                            strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    const struct dirent *de;
    while (n < MN_MAX_RULES && (de = readdir(d)) != NULL) {
        if (!is_yaml_name(de->d_name))
            continue;
        names = mn_xgrow(names, &cap, n + 1, sizeof *names);
        names[n++] = mn_xstrdup(de->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    mn_status st = MN_OK;
    for (size_t i = 0; i < n; i++) {
        if (st == MN_OK) {
            mn_buf path;
            mn_buf_init(&path, PATH_MAX);
            st = mn_buf_printf(&path, "%s/%s", dir, names[i]);
            if (st == MN_OK)
                st = load_user_file(rs, mn_buf_str(&path), true, err);
            else
                st = mn_error_set(err, MN_E_IO, dir, 0, 0, "path too long");
            pin_error_file(err);
            mn_buf_free(&path);
        }
        free(names[i]);
    }
    free(names);
    return st;
}

static mn_status
load_user_path(mn_ruleset *rs, const char *path, mn_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return mn_error_set(err, MN_E_IO, path, 0, 0, "cannot open: %s",
                            strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return load_user_dir(rs, path, err);
    return load_user_file(rs, path, false, err);
}

static int
cmp_embedded(const void *a, const void *b)
{
    const mn_embedded_file *x = *(const mn_embedded_file *const *)a;
    const mn_embedded_file *y = *(const mn_embedded_file *const *)b;
    return strcmp(x->name, y->name);
}

static mn_status
load_embedded(mn_ruleset *rs, mn_error *err)
{
    size_t n = mn_embedded_count;
    // NOLINTBEGIN(bugprone-sizeof-expression): an array of pointers
    const mn_embedded_file **files = mn_xcalloc(n + 1, sizeof *files);
    for (size_t i = 0; i < n; i++)
        files[i] = &mn_embedded_files[i];
    if (n)
        qsort(files, n, sizeof *files, cmp_embedded);
    // NOLINTEND(bugprone-sizeof-expression)
    mn_status st = MN_OK;
    for (size_t i = 0; st == MN_OK && i < n; i++) {
        if (!strcmp(files[i]->name, "chrome.yaml"))
            continue;
        char name[512];
        snprintf(name, sizeof name, "rules/%s", files[i]->name);
        st = load_pack(rs, name, files[i]->data, files[i]->len, false, true,
                       err);
    }
    free(files);
    return st;
}

/* ---- finishing ----------------------------------------------------------- */

static int
cmp_profile(const void *a, const void *b)
{
    return strcmp(((const profile *)a)->name, ((const profile *)b)->name);
}

static int
cmp_priority(const void *a, const void *b)
{
    const mn_rule *x = *(const mn_rule *const *)a;
    const mn_rule *y = *(const mn_rule *const *)b;
    if (x->priority != y->priority)
        return x->priority > y->priority ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

/* Is there a rule with this id in profile `name`? */
static bool
has_rule(const mn_ruleset *rs, const char *id, const char *name)
{
    for (size_t i = rs->buckets[id_hash(id)]; i; i = rs->next[i - 1]) {
        const mn_rule *r = rs->rules[i - 1];
        if (!strcmp(r->id, id) && !strcmp(r->profile, name))
            return true;
    }
    return false;
}

static void
build_active(mn_ruleset *rs, profile *p)
{
    bool core = !strcmp(p->name, "core");
    // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
    p->active = mn_xcalloc(rs->nrules + 1, sizeof *p->active);
    for (size_t i = 0; i < rs->nrules; i++) {
        const mn_rule *r = rs->rules[i];
        bool mine = !strcmp(r->profile, p->name);
        bool shadowed = !core && !strcmp(r->profile, "core") &&
                        has_rule(rs, r->id, p->name);
        if (mine || (!strcmp(r->profile, "core") && !shadowed))
            p->active[p->nactive++] = r;
    }
    // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
    qsort(p->active, p->nactive, sizeof *p->active, cmp_priority);
}

static void
note_sizes(mn_ruleset *rs, const mn_rule *r)
{
    uint32_t groups = 0;
    if (r->code)
        (void)pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &groups);
    if (groups > rs->max_groups)
        rs->max_groups = groups;
    if (r->nnames > rs->max_names)
        rs->max_names = r->nnames;
}

/* ---- JIT ----------------------------------------------------------------- */

/*
 * JIT compiling is half the cost of loading the rule set, and each
 * pattern's is independent of the others' (PCRE2 locks its code allocator),
 * so a second thread takes patterns from the same queue. Which thread
 * compiles a pattern changes nothing in the result. Without JIT support
 * pcre2_match silently uses the interpreter.
 */
#define JIT_THREAD_MIN 32 /* fewer patterns are not worth a thread */

typedef struct jit_queue {
    pcre2_code **codes;
    size_t n;
    atomic_size_t next;
} jit_queue;

static void *
jit_worker(void *arg)
{
    jit_queue *q = arg;
    for (size_t i; (i = atomic_fetch_add(&q->next, 1)) < q->n;)
        (void)pcre2_jit_compile(q->codes[i], PCRE2_JIT_COMPLETE);
    return NULL;
}

static void
queue_code(jit_queue *q, const mn_rule *r)
{
    if (r->code)
        q->codes[q->n++] = r->code;
}

/* A thread only helps when this process may run on a second CPU (on one,
 * the two threads' switching costs more than it saves). */
static bool
has_second_cpu(void)
{
#ifdef __linux__
    cpu_set_t set;
    CPU_ZERO(&set);
    return sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 1;
#else
    return sysconf(_SC_NPROCESSORS_ONLN) > 1;
#endif
}

/* Signals go to the caller's threads, never to the helper. */
static bool
start_helper(pthread_t *tid, jit_queue *q)
{
    if (!has_second_cpu())
        return false;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    bool ok = pthread_create(tid, NULL, jit_worker, q) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return ok;
}

/* JIT only what survived merging: a user rule that replaces a packaged one
 * spares the packaged one's JIT. */
static void
jit_all(mn_ruleset *rs)
{
    if (!jit_wanted())
        return;
    size_t total = rs->nrules;
    for (size_t i = 0; i < rs->nprofiles; i++)
        total += rs->profiles[i].ndetect;
    // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
    jit_queue q = {.codes = mn_xcalloc(total + 1, sizeof *q.codes)};
    for (size_t i = 0; i < rs->nrules; i++)
        queue_code(&q, rs->rules[i]);
    for (size_t i = 0; i < rs->nprofiles; i++)
        for (size_t j = 0; j < rs->profiles[i].ndetect; j++)
            queue_code(&q, rs->profiles[i].detect[j]);
    atomic_init(&q.next, 0);
    pthread_t tid;
    bool helper = q.n >= JIT_THREAD_MIN && start_helper(&tid, &q);
    (void)jit_worker(&q);
    if (helper)
        pthread_join(tid, NULL);
    free(q.codes);
}

static void
finish(mn_ruleset *rs)
{
    (void)find_profile(rs, "core", true);
    for (size_t i = 0; i < rs->nrules; i++) {
        (void)find_profile(rs, rs->rules[i]->profile, true);
        note_sizes(rs, rs->rules[i]);
    }
    qsort(rs->profiles, rs->nprofiles, sizeof *rs->profiles, cmp_profile);
    for (size_t i = 0; i < rs->nprofiles; i++) {
        build_active(rs, &rs->profiles[i]);
        for (size_t j = 0; j < rs->profiles[i].ndetect; j++)
            note_sizes(rs, rs->profiles[i].detect[j]);
    }
    mn_sha256_final_hex(&rs->hash, rs->version);
    jit_all(rs);
}

static mn_ruleset *
ruleset_new(void)
{
    mn_ruleset *rs = mn_xcalloc(1, sizeof *rs);
    mn_sha256_init(&rs->hash);
    return rs;
}

static mn_status
done(mn_ruleset *rs, mn_status st, mn_ruleset **out, mn_error *err)
{
    if (st != MN_OK) {
        pin_error_file(err);
        mn_ruleset_free(rs);
        return st;
    }
    finish(rs);
    *out = rs;
    return MN_OK;
}

mn_status
mn_ruleset_load(const mn_ruleset_options *opt, mn_ruleset **out, mn_error *err)
{
    mn_ruleset *rs = ruleset_new();
    mn_status st = MN_OK;
    if (!opt || !opt->no_defaults)
        st = load_embedded(rs, err);
    for (size_t i = 0; st == MN_OK && opt && i < opt->n_user_paths; i++)
        st = load_user_path(rs, opt->user_paths[i], err);
    return done(rs, st, out, err);
}

mn_status
mn_ruleset_load_string(const char *name, const char *yaml, size_t len,
                       mn_ruleset **out, mn_error *err)
{
    if (!name || !yaml)
        return mn_error_set(err, MN_E_USAGE, name, 0, 0, "no rule pack given");
    mn_ruleset *rs = ruleset_new();
    mn_status st = load_pack(rs, name, yaml, len, true, false, err);
    return done(rs, st, out, err);
}

void
mn_ruleset_free(mn_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->nrules; i++)
        mn_rule_free(rs->rules[i]);
    free(rs->rules);
    free(rs->next);
    for (size_t i = 0; i < rs->nprofiles; i++)
        free_profile(&rs->profiles[i]);
    free(rs->profiles);
    free(rs->warnings);
    for (size_t i = 0; i < rs->nfiles; i++)
        free(rs->files[i]);
    free(rs->files);
    free(rs);
}

/* ---- queries ------------------------------------------------------------- */

const char *
mn_ruleset_version(const mn_ruleset *rs)
{
    return rs ? rs->version : "";
}

size_t
mn_ruleset_warning_count(const mn_ruleset *rs)
{
    return rs ? rs->nwarnings : 0;
}

const mn_error *
mn_ruleset_warning(const mn_ruleset *rs, size_t i)
{
    return rs && i < rs->nwarnings ? &rs->warnings[i] : NULL;
}

size_t
mn_ruleset_count(const mn_ruleset *rs)
{
    return rs ? rs->nrules : 0;
}

const mn_rule *
mn_ruleset_rule(const mn_ruleset *rs, size_t i)
{
    return rs && i < rs->nrules ? rs->rules[i] : NULL;
}

const mn_rule *
mn_ruleset_find(const mn_ruleset *rs, const char *id)
{
    if (!rs || !id)
        return NULL;
    const mn_rule *found = NULL;
    for (size_t i = rs->buckets[id_hash(id)]; i; i = rs->next[i - 1]) {
        const mn_rule *r = rs->rules[i - 1];
        if (strcmp(r->id, id) != 0)
            continue;
        if (!strcmp(r->profile, "core"))
            return r;
        if (!found || r->order < found->order)
            found = r;
    }
    return found;
}

size_t
mn_ruleset_profile_count(const mn_ruleset *rs)
{
    return rs ? rs->nprofiles : 0;
}

const char *
mn_ruleset_profile_name(const mn_ruleset *rs, size_t i)
{
    return rs && i < rs->nprofiles ? rs->profiles[i].name : NULL;
}

static const profile *
profile_or_core(const mn_ruleset *rs, const char *name)
{
    const profile *core = NULL;
    for (size_t i = 0; i < rs->nprofiles; i++) {
        if (name && !strcmp(rs->profiles[i].name, name))
            return &rs->profiles[i];
        if (!strcmp(rs->profiles[i].name, "core"))
            core = &rs->profiles[i];
    }
    return core;
}

size_t
mn_ruleset_active(const mn_ruleset *rs, const char *name,
                  const mn_rule *const **rules)
{
    const profile *p = rs ? profile_or_core(rs, name) : NULL;
    *rules = p ? p->active : NULL;
    return p ? p->nactive : 0;
}

size_t
mn_ruleset_setting(const mn_ruleset *rs, const char *name, const char *key,
                   const char *const **values)
{
    *values = NULL;
    if (!rs || !key)
        return 0;
    const profile *p = profile_or_core(rs, name);
    for (int pass = 0; p && pass < 2; pass++) {
        for (size_t i = 0; i < p->nsettings; i++)
            if (!strcmp(p->settings[i].key, key)) {
                *values = (const char *const *)p->settings[i].values;
                return p->settings[i].n;
            }
        p = profile_or_core(rs, "core");
    }
    return 0;
}

size_t
mn_ruleset_max_names(const mn_ruleset *rs)
{
    return rs->max_names;
}

uint32_t
mn_ruleset_max_groups(const mn_ruleset *rs)
{
    return rs->max_groups;
}

size_t
mn_ruleset_detects(const mn_ruleset *rs, size_t i, mn_rule *const **rules)
{
    *rules = rs->profiles[i].detect;
    return rs->profiles[i].ndetect;
}

/* ---- one rule ------------------------------------------------------------ */

const char *
mn_rule_id(const mn_rule *r)
{
    return r->id;
}

const char *
mn_rule_kind(const mn_rule *r)
{
    return r->kind;
}

const char *
mn_rule_profile(const mn_rule *r)
{
    return r->profile;
}

const char *
mn_rule_file(const mn_rule *r)
{
    return r->file;
}

unsigned
mn_rule_line(const mn_rule *r)
{
    return r->line;
}

int
mn_rule_priority(const mn_rule *r)
{
    return r->priority;
}

bool
mn_rule_applies(const mn_rule *r, mn_block_kind kind)
{
    return r->blocks == 0 || (r->blocks & (1u << kind)) != 0;
}

const char *
mn_rule_scope(const mn_rule *r)
{
    return r->scope;
}

const char *
mn_rule_attr(const mn_rule *r, const char *key)
{
    return r && key ? rule_attr(r, key) : NULL;
}

size_t
mn_rule_set_count(const mn_rule *r)
{
    return r->nset;
}

void
mn_rule_set_at(const mn_rule *r, size_t i, const char **key, const char **value)
{
    *key = i < r->nset ? r->set[i].key : NULL;
    *value = i < r->nset ? r->set[i].value : NULL;
}
