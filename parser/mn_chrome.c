/*
 * Site chrome: loads the furniture patterns of rules/chrome.yaml (schema at
 * the top of that file) through libyaml events, compiles every regex once
 * with PCRE2 (JIT when available) and answers the tokenisers' questions.
 * Once built an mn_chrome is never written again, so it is shared freely
 * between threads; match data is allocated per call.
 */
#include "mn_chrome.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "mn_alloc.h"
#include "mn_buf.h"
#include "mn_embed.h"
#include "mn_limits.h"

/* Furniture is short: longer blocks are never matched whole, and trailing
 * patterns only look at the end of a block. Both bound the regex work. */
#define MAX_FURNITURE_BLOCK 1024
#define TRAIL_WINDOW        512
#define MAX_TRIM_ROUNDS     8
#define MAX_ENTRIES         4096

enum { ATTR_ID, ATTR_CLASS, ATTR_ROLE, ATTR_COUNT };
static const char *const attr_keys[ATTR_COUNT] = {"id", "class", "role"};

typedef struct attr_rule {
    char *tag;                  /* NULL: any element */
    pcre2_code *re[ATTR_COUNT]; /* NULL when the key is absent */
} attr_rule;

/* The patterns one by one (validated with exact error positions), and all
 * of them joined into one alternation so a query is one JIT-compiled match
 * (JIT does not support PCRE2_ENDANCHORED, hence the explicit \z). */
typedef struct pattern_list {
    pcre2_code **re;
    size_t n, cap;
    mn_buf joined_src;
    pcre2_code *joined; /* NULL: use re[] one by one */
} pattern_list;

struct mn_chrome {
    char **elements; /* sorted, lower case */
    size_t nelements, elements_cap;
    attr_rule *rules;
    size_t nrules, rules_cap;
    pattern_list blocks;
    pattern_list trailing;
    pcre2_match_context *mctx;
};

/* ---- loading ------------------------------------------------------------ */

typedef struct loader {
    yaml_parser_t parser;
    yaml_event_t ev; /* the current event; valid when have_ev */
    int have_ev;
    const char *name;
    mn_chrome *c;
    mn_error *err;
} loader;

static mn_status
fail_at(loader *L, yaml_mark_t m, mn_status code, const char *what)
{
    return mn_error_set(L->err, code, L->name, (unsigned)m.line + 1,
                        (unsigned)m.column + 1, "%s", what);
}

/* Advance to the next event (freeing the current one). */
static mn_status
next_event(loader *L)
{
    if (L->have_ev)
        yaml_event_delete(&L->ev);
    L->have_ev = 0;
    if (!yaml_parser_parse(&L->parser, &L->ev)) {
        yaml_mark_t m = L->parser.problem_mark;
        mn_error_set(L->err, MN_E_YAML, L->name, (unsigned)m.line + 1,
                     (unsigned)m.column + 1, "%s",
                     L->parser.problem ? L->parser.problem : "invalid YAML");
        if (L->parser.context)
            mn_error_context(L->err, "%s", L->parser.context);
        return MN_E_YAML;
    }
    L->have_ev = 1;
    if (L->ev.type == YAML_ALIAS_EVENT)
        return fail_at(L, L->ev.start_mark, MN_E_RULE,
                       "aliases are not allowed in a chrome file");
    return MN_OK;
}

static mn_status
expect(loader *L, yaml_event_type_t type, const char *what)
{
    if (L->ev.type == type)
        return MN_OK;
    char msg[96];
    snprintf(msg, sizeof msg, "expected %s", what);
    return fail_at(L, L->ev.start_mark, MN_E_RULE, msg);
}

static const char *
scalar(const loader *L)
{
    return (const char *)L->ev.data.scalar.value;
}

/* Compile the current scalar event as a pattern; errors point into it. */
static mn_status
compile_scalar(loader *L, uint32_t options, pcre2_code **out)
{
    int code;
    PCRE2_SIZE off;
    size_t len = L->ev.data.scalar.length;
    if (len > MN_MAX_PATTERN_BYTES)
        return fail_at(L, L->ev.start_mark, MN_E_LIMIT, "pattern too long");
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)scalar(L), len,
                      options | PCRE2_UTF | PCRE2_CASELESS, &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[200];
        pcre2_get_error_message(code, msg, sizeof msg);
        yaml_mark_t m = L->ev.start_mark;
        unsigned quote =
            L->ev.data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
            L->ev.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        return mn_error_set(L->err, MN_E_PATTERN, L->name, (unsigned)m.line + 1,
                            (unsigned)(m.column + 1 + quote + off),
                            "bad pattern: %s", (const char *)msg);
    }
    (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* optional speed-up */
    *out = re;
    return MN_OK;
}

static void
push_pattern(pattern_list *p, pcre2_code *re, const char *src, size_t len)
{
    // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
    p->re = mn_xgrow(p->re, &p->cap, p->n + 1, sizeof *p->re);
    p->re[p->n++] = re;
    if (p->joined_src.max == 0)
        mn_buf_init(&p->joined_src, MN_MAX_RULE_FILE_BYTES);
    if (mn_buf_append(&p->joined_src,
                      p->n > 1 ? "|(?:" : "(?:", p->n > 1 ? 4 : 3) != MN_OK ||
        mn_buf_append(&p->joined_src, src, len) != MN_OK ||
        mn_buf_putc(&p->joined_src, ')') != MN_OK)
        p->joined_src.max = 1; /* too long to join: matched one by one */
}

/* Compile the alternation of all patterns; a failure (a back-reference
 * renumbered, a duplicate group name) just keeps the one-by-one path. */
static void
join_patterns(pattern_list *p, uint32_t options)
{
    if (p->n < 2 || p->joined_src.max == 1) {
        mn_buf_free(&p->joined_src);
        return;
    }
    mn_buf src;
    mn_buf_init(&src, 0);
    int code;
    PCRE2_SIZE off;
    if (mn_buf_printf(&src, "(?:%s)\\z", mn_buf_str(&p->joined_src)) == MN_OK)
        p->joined = pcre2_compile((PCRE2_SPTR)src.data, src.len,
                                  options | PCRE2_UTF | PCRE2_CASELESS, &code,
                                  &off, NULL);
    if (p->joined)
        (void)pcre2_jit_compile(p->joined, PCRE2_JIT_COMPLETE);
    mn_buf_free(&src);
    mn_buf_free(&p->joined_src);
}

static mn_status
check_count(loader *L, size_t n)
{
    if (n >= MAX_ENTRIES)
        return fail_at(L, L->ev.start_mark, MN_E_LIMIT,
                       "too many entries in a list");
    return MN_OK;
}

/* Iterate a sequence: calls item() with the current event on each entry. */
typedef mn_status (*item_fn)(loader *L, size_t index);

static mn_status
load_sequence(loader *L, item_fn item)
{
    mn_status st = expect(L, YAML_SEQUENCE_START_EVENT, "a list");
    for (size_t i = 0; st == MN_OK; i++) {
        st = next_event(L);
        if (st != MN_OK || L->ev.type == YAML_SEQUENCE_END_EVENT)
            break;
        st = check_count(L, i);
        if (st == MN_OK)
            st = item(L, i);
    }
    return st;
}

static mn_status
element_item(loader *L, size_t i)
{
    (void)i;
    mn_status st = expect(L, YAML_SCALAR_EVENT, "an element name");
    if (st != MN_OK)
        return st;
    mn_chrome *c = L->c;
    c->elements = mn_xgrow(c->elements, &c->elements_cap, c->nelements + 1,
                           sizeof *c->elements);
    char *name = mn_xstrdup(scalar(L));
    for (char *p = name; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    c->elements[c->nelements++] = name;
    return MN_OK;
}

static mn_status
block_item(loader *L, size_t i)
{
    (void)i;
    pcre2_code *re = NULL;
    mn_status st = expect(L, YAML_SCALAR_EVENT, "a pattern string");
    if (st == MN_OK)
        st = compile_scalar(L, PCRE2_ANCHORED | PCRE2_ENDANCHORED, &re);
    if (st == MN_OK)
        push_pattern(&L->c->blocks, re, scalar(L), L->ev.data.scalar.length);
    return st;
}

static mn_status
trailing_item(loader *L, size_t i)
{
    (void)i;
    pcre2_code *re = NULL;
    mn_status st = expect(L, YAML_SCALAR_EVENT, "a pattern string");
    if (st == MN_OK)
        st = compile_scalar(L, PCRE2_ENDANCHORED, &re);
    if (st == MN_OK)
        push_pattern(&L->c->trailing, re, scalar(L), L->ev.data.scalar.length);
    return st;
}

static int
attr_key_index(const char *key)
{
    for (int k = 0; k < ATTR_COUNT; k++)
        if (strcmp(key, attr_keys[k]) == 0)
            return k;
    return -1;
}

/* One value of an attribute rule map: the key event is current. */
static mn_status
attribute_value(loader *L, attr_rule *r)
{
    char key[16];
    snprintf(key, sizeof key, "%s", scalar(L));
    yaml_mark_t key_mark = L->ev.start_mark;
    int k = attr_key_index(key);
    if (k < 0 && strcmp(key, "tag") != 0) {
        char msg[96];
        snprintf(msg, sizeof msg,
                 "unknown key '%.40s' (expected tag, id, class or role)",
                 scalar(L));
        return fail_at(L, key_mark, MN_E_RULE, msg);
    }
    mn_status st = next_event(L);
    if (st == MN_OK)
        st = expect(L, YAML_SCALAR_EVENT, "a string");
    if (st != MN_OK)
        return st;
    if ((k < 0 && r->tag) || (k >= 0 && r->re[k]))
        return fail_at(L, key_mark, MN_E_RULE, "duplicate key");
    if (k < 0) {
        r->tag = mn_xstrdup(scalar(L));
        return MN_OK;
    }
    return compile_scalar(L, 0, &r->re[k]);
}

static mn_status
attribute_item(loader *L, size_t i)
{
    (void)i;
    mn_status st =
        expect(L, YAML_MAPPING_START_EVENT, "a map of tag/id/class/role");
    if (st != MN_OK)
        return st;
    mn_chrome *c = L->c;
    yaml_mark_t start = L->ev.start_mark;
    c->rules =
        mn_xgrow(c->rules, &c->rules_cap, c->nrules + 1, sizeof *c->rules);
    attr_rule *r = &c->rules[c->nrules++];
    memset(r, 0, sizeof *r);
    for (size_t n = 0; n < ATTR_COUNT + 2; n++) {
        st = next_event(L);
        if (st != MN_OK || L->ev.type == YAML_MAPPING_END_EVENT)
            break;
        st = expect(L, YAML_SCALAR_EVENT, "a key");
        if (st == MN_OK)
            st = attribute_value(L, r);
        if (st != MN_OK)
            return st;
    }
    if (st == MN_OK && L->ev.type != YAML_MAPPING_END_EVENT)
        return fail_at(L, L->ev.start_mark, MN_E_RULE, "too many keys");
    if (st == MN_OK && !r->re[ATTR_ID] && !r->re[ATTR_CLASS] &&
        !r->re[ATTR_ROLE])
        return fail_at(L, start, MN_E_RULE,
                       "an attribute rule needs id, class or role");
    return st;
}

static item_fn
section_loader(const char *key)
{
    if (strcmp(key, "elements") == 0)
        return element_item;
    if (strcmp(key, "attributes") == 0)
        return attribute_item;
    if (strcmp(key, "blocks") == 0)
        return block_item;
    if (strcmp(key, "trailing") == 0)
        return trailing_item;
    return NULL;
}

static mn_status
load_top_mapping(loader *L)
{
    mn_status st = expect(L, YAML_MAPPING_START_EVENT,
                          "a map with elements, attributes, blocks, trailing");
    for (size_t n = 0; st == MN_OK && n < 64; n++) {
        st = next_event(L);
        if (st != MN_OK || L->ev.type == YAML_MAPPING_END_EVENT)
            return st;
        st = expect(L, YAML_SCALAR_EVENT, "a key");
        if (st != MN_OK)
            return st;
        item_fn fn = section_loader(scalar(L));
        if (!fn) {
            char msg[128];
            snprintf(msg, sizeof msg,
                     "unknown key '%.40s' (expected elements, attributes, "
                     "blocks or trailing)",
                     scalar(L));
            return fail_at(L, L->ev.start_mark, MN_E_RULE, msg);
        }
        st = next_event(L);
        if (st == MN_OK && L->ev.type == YAML_SCALAR_EVENT &&
            L->ev.data.scalar.length == 0)
            continue; /* "key:" with nothing: an empty list */
        if (st == MN_OK)
            st = load_sequence(L, fn);
    }
    if (st == MN_OK)
        return fail_at(L, L->ev.start_mark, MN_E_RULE, "too many keys");
    return st;
}

static mn_status
load_document(loader *L)
{
    mn_status st = next_event(L); /* stream start */
    if (st == MN_OK)
        st = next_event(L);
    if (st != MN_OK || L->ev.type == YAML_STREAM_END_EVENT)
        return st; /* an empty file is an empty chrome */
    st = expect(L, YAML_DOCUMENT_START_EVENT, "a document");
    if (st == MN_OK)
        st = next_event(L);
    if (st == MN_OK)
        st = load_top_mapping(L);
    if (st == MN_OK)
        st = next_event(L);
    if (st == MN_OK)
        st = expect(L, YAML_DOCUMENT_END_EVENT, "the end of the document");
    if (st == MN_OK)
        st = next_event(L);
    if (st == MN_OK)
        st = expect(L, YAML_STREAM_END_EVENT, "a single document");
    return st;
}

static int
compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static mn_chrome *
chrome_new(void)
{
    mn_chrome *c = mn_xcalloc(1, sizeof *c);
    c->mctx = pcre2_match_context_create(NULL);
    if (!c->mctx)
        abort(); /* only on OOM, the mn_xmalloc policy */
    pcre2_set_match_limit(c->mctx, MN_MATCH_LIMIT);
    pcre2_set_depth_limit(c->mctx, MN_DEPTH_LIMIT);
    return c;
}

mn_status
mn_chrome_load(const char *name, const char *yaml, size_t len, mn_chrome **out,
               mn_error *err)
{
    if (!yaml || !out)
        return mn_error_set(err, MN_E_USAGE, name, 0, 0,
                            "no chrome text given");
    if (len > MN_MAX_RULE_FILE_BYTES)
        return mn_error_set(err, MN_E_LIMIT, name, 0, 0,
                            "chrome file larger than %zu bytes",
                            (size_t)MN_MAX_RULE_FILE_BYTES);
    loader L;
    memset(&L, 0, sizeof L);
    L.name = name ? name : "<chrome>";
    L.err = err;
    L.c = chrome_new();
    if (!yaml_parser_initialize(&L.parser))
        abort();
    yaml_parser_set_input_string(&L.parser, (const unsigned char *)yaml, len);
    mn_status st = load_document(&L);
    if (L.have_ev)
        yaml_event_delete(&L.ev);
    yaml_parser_delete(&L.parser);
    if (st != MN_OK) {
        mn_chrome_free(L.c);
        return st;
    }
    join_patterns(&L.c->blocks, PCRE2_ANCHORED);
    join_patterns(&L.c->trailing, 0);
    if (L.c->nelements)
        qsort(L.c->elements, L.c->nelements, sizeof *L.c->elements,
              compare_names);
    *out = L.c;
    return MN_OK;
}

static void
free_patterns(pattern_list *p)
{
    for (size_t i = 0; i < p->n; i++)
        pcre2_code_free(p->re[i]);
    free(p->re);
    pcre2_code_free(p->joined);
    mn_buf_free(&p->joined_src);
}

void
mn_chrome_free(mn_chrome *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nelements; i++)
        free(c->elements[i]);
    free(c->elements);
    for (size_t i = 0; i < c->nrules; i++) {
        free(c->rules[i].tag);
        for (int k = 0; k < ATTR_COUNT; k++)
            pcre2_code_free(c->rules[i].re[k]);
    }
    free(c->rules);
    free_patterns(&c->blocks);
    free_patterns(&c->trailing);
    pcre2_match_context_free(c->mctx);
    free(c);
}

/* ---- the embedded default ------------------------------------------------ */

static pthread_once_t default_once = PTHREAD_ONCE_INIT;
static mn_chrome *default_chrome;

static void
load_default(void)
{
    const mn_embedded_file *f = mn_embedded_find("chrome.yaml");
    mn_chrome *c = NULL;
    /* The embedded file is checked by the test suite; should it ever fail,
     * an empty chrome keeps the library usable (nothing dropped). */
    if (!f || mn_chrome_load("chrome.yaml", f->data, f->len, &c, NULL) != MN_OK)
        c = chrome_new();
    default_chrome = c;
}

const mn_chrome *
mn_chrome_default(void)
{
    pthread_once(&default_once, load_default);
    return default_chrome;
}

/* ---- queries ------------------------------------------------------------- */

/* Match re on s[0..len) from `start`; stores the match bounds on success. */
static bool
match(const mn_chrome *c, const pcre2_code *re, const char *s, size_t len,
      size_t start, size_t *mstart, size_t *mend)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (!md)
        abort();
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, start, 0, md, c->mctx);
    bool ok = rc >= 0;
    if (ok && mstart) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        *mstart = ov[0];
        *mend = ov[1];
    }
    pcre2_match_data_free(md);
    return ok; /* a hit limit counts as no match: never drop on doubt */
}

static bool
listed_element(const mn_chrome *c, const char *tag)
{
    const char *key = tag;
    return c->nelements && bsearch(&key, c->elements, c->nelements,
                                   sizeof *c->elements, compare_names) != NULL;
}

static bool
rule_matches(const mn_chrome *c, const attr_rule *r, const char *tag,
             const char *const vals[ATTR_COUNT])
{
    if (r->tag && (!tag || strcasecmp(r->tag, tag) != 0))
        return false;
    for (int k = 0; k < ATTR_COUNT; k++) {
        if (!r->re[k])
            continue;
        if (!vals[k] ||
            !match(c, r->re[k], vals[k], strlen(vals[k]), 0, NULL, NULL))
            return false;
    }
    return true;
}

bool
mn_chrome_drop_element(const mn_chrome *c, const char *tag, const char *id,
                       const char *cls, const char *role)
{
    if (!c)
        return false;
    if (tag && listed_element(c, tag))
        return true;
    if (!id && !cls && !role)
        return false;
    const char *vals[ATTR_COUNT] = {id, cls, role};
    for (size_t i = 0; i < c->nrules; i++)
        if (rule_matches(c, &c->rules[i], tag, vals))
            return true;
    return false;
}

bool
mn_chrome_drop_block(const mn_chrome *c, const char *text, size_t len)
{
    if (!c || !text || len > MAX_FURNITURE_BLOCK)
        return false;
    if (c->blocks.joined)
        return match(c, c->blocks.joined, text, len, 0, NULL, NULL);
    for (size_t i = 0; i < c->blocks.n; i++)
        if (match(c, c->blocks.re[i], text, len, 0, NULL, NULL))
            return true;
    return false;
}

static size_t
rtrim_space(const char *text, size_t len)
{
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t' ||
                       text[len - 1] == '\n'))
        len--;
    return len;
}

/* Start of the tail window, moved forward to a UTF-8 character start. */
static size_t
window_start(const char *text, size_t len)
{
    if (len <= TRAIL_WINDOW)
        return 0;
    size_t s = len - TRAIL_WINDOW;
    while (s < len && ((unsigned char)text[s] & 0xC0) == 0x80)
        s++;
    return s;
}

/* One round: cut the earliest-starting trailing match; false if none. */
static bool
trim_once(const mn_chrome *c, const char *text, size_t *len)
{
    size_t from = window_start(text, *len), best = *len;
    size_t ms, me;
    if (c->trailing.joined) {
        /* leftmost start that reaches the end: the longest furniture */
        if (match(c, c->trailing.joined, text, *len, from, &ms, &me) && me > ms)
            best = ms;
    }
    for (size_t i = 0; !c->trailing.joined && i < c->trailing.n; i++) {
        if (match(c, c->trailing.re[i], text, *len, from, &ms, &me) &&
            me > ms && ms < best)
            best = ms;
    }
    if (best == *len)
        return false;
    *len = rtrim_space(text, best);
    return true;
}

size_t
mn_chrome_trim(const mn_chrome *c, const char *text, size_t len)
{
    if (!c || !text || c->trailing.n == 0)
        return len;
    for (int round = 0; round < MAX_TRIM_ROUNDS && len > 0; round++)
        if (!trim_once(c, text, &len))
            break;
    return len;
}
