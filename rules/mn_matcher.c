/*
 * Running rules: an mn_matcher holds the per-thread PCRE2 state (match data
 * sized for the largest rule, a match context with match/depth limits, a JIT
 * stack) over an immutable mn_ruleset. A limit hit is a queued warning and a
 * "no match", never a hang. Also profile detection and the examples runner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_buf.h"
#include "mn_limits.h"
#include "mn_literal.h"
#include "mn_ruleset_int.h"
#include "mn_utf8.h"

#define MAX_QUEUED_WARNINGS 1024
#define JIT_STACK_MIN       ((size_t)32 * 1024)
#define JIT_STACK_MAX       ((size_t)1024 * 1024)
#define DETECT_BLOCKS       60
#define SHOW_EXAMPLE_BYTES  60
#define GRAM_BITS           12
#define GRAM_WORDS          (((size_t)1 << GRAM_BITS) / 64)
#define GRAM_SUBJECT_MAX    ((size_t)8 * 1024) /* longer: bits mostly set */
#define GRAM_SLOTS          1024 /* subjects remembered: a document's blocks */

typedef struct warn_entry {
    const mn_rule *rule;
    size_t offset;
    char *msg;
} warn_entry;

/* The trigrams of a stable subject (mn_matcher_exec_stable) hashed into a
 * bit set. Passes run rules block by block, one pass after another, so the
 * sets of the last GRAM_SLOTS subjects are kept by address; `gen` ties a
 * slot to the current set of stable subjects. */
typedef struct gram_set {
    const char *src;
    size_t len;
    unsigned gen;
    uint64_t bits[GRAM_WORDS];
} gram_set;

struct mn_matcher {
    const mn_ruleset *rs;
    gram_set *grams; /* GRAM_SLOTS, allocated on first use */
    unsigned gen;    /* of the stable subjects (0 in no slot) */
    char *folded;
    bool verify; /* MN_PREFILTER_VERIFY: abort if a skipped subject matches */
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    mn_capture *caps;
    warn_entry *warns;
    size_t nwarns, head, warns_cap;
};

mn_matcher *
mn_matcher_new(const mn_ruleset *rs)
{
    mn_matcher *m = mn_xcalloc(1, sizeof *m);
    m->rs = rs;
    m->md = pcre2_match_data_create(mn_ruleset_max_groups(rs) + 1, NULL);
    m->mctx = pcre2_match_context_create(NULL);
    if (!m->md || !m->mctx) {
        fputs("minutes: out of memory\n", stderr);
        abort();
    }
    (void)pcre2_set_match_limit(m->mctx, MN_MATCH_LIMIT);
    (void)pcre2_set_depth_limit(m->mctx, MN_DEPTH_LIMIT);
    m->jit = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX, NULL);
    if (m->jit)
        pcre2_jit_stack_assign(m->mctx, NULL, m->jit);
    m->caps = mn_xcalloc(mn_ruleset_max_names(rs) + 1, sizeof *m->caps);
    m->verify = getenv("MN_PREFILTER_VERIFY") != NULL;
    m->gen = 1;
    return m;
}

static void
clear_warnings(mn_matcher *m)
{
    for (size_t i = 0; i < m->nwarns; i++)
        free(m->warns[i].msg);
    m->nwarns = m->head = 0;
}

void
mn_matcher_free(mn_matcher *m)
{
    if (!m)
        return;
    clear_warnings(m);
    free(m->grams);
    free(m->folded);
    free(m->warns);
    free(m->caps);
    pcre2_jit_stack_free(m->jit);
    pcre2_match_context_free(m->mctx);
    pcre2_match_data_free(m->md);
    free(m);
}

static const char *
limit_name(int rc)
{
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
        return "match limit";
    case PCRE2_ERROR_DEPTHLIMIT:
        return "depth limit";
    case PCRE2_ERROR_HEAPLIMIT:
        return "heap limit";
    case PCRE2_ERROR_JIT_STACKLIMIT:
        return "JIT stack limit";
    default:
        return NULL;
    }
}

static void
queue_warning(mn_matcher *m, const mn_rule *r, size_t offset, int rc)
{
    if (m->nwarns >= MAX_QUEUED_WARNINGS)
        return;
    mn_buf b;
    mn_buf_init(&b, 512);
    const char *limit = limit_name(rc);
    if (limit) {
        (void)mn_buf_printf(&b,
                            "rule '%s' (%s:%u) hit the PCRE2 %s at offset %zu; "
                            "treated as no match",
                            r->id, r->file, r->line, limit, offset);
    } else {
        PCRE2_UCHAR msg[160];
        (void)pcre2_get_error_message(rc, msg, sizeof msg);
        (void)mn_buf_printf(&b,
                            "rule '%s' (%s:%u) failed at offset %zu: %s; "
                            "treated as no match",
                            r->id, r->file, r->line, offset, (char *)msg);
    }
    m->warns =
        mn_xgrow(m->warns, &m->warns_cap, m->nwarns + 1, sizeof *m->warns);
    m->warns[m->nwarns++] = (warn_entry){r, offset, mn_buf_take(&b)};
}

const char *
mn_matcher_next_warning(mn_matcher *m, const mn_rule **rule, size_t *offset)
{
    if (m->head >= m->nwarns) {
        clear_warnings(m);
        return NULL;
    }
    const warn_entry *w = &m->warns[m->head++];
    if (rule)
        *rule = w->rule;
    if (offset)
        *offset = w->offset;
    return w->msg;
}

static void
fill_match(mn_matcher *m, const mn_rule *r, mn_match *out)
{
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    out->rule = r;
    out->start = ov[0];
    out->len = ov[1] - ov[0];
    out->ncaps = 0;
    for (size_t i = 0; i < r->nnames; i++) {
        const rule_name *nm = &r->names[i];
        for (size_t g = 0; g < nm->ngroups; g++) {
            const PCRE2_SIZE *p = ov + (size_t)2 * nm->groups[g];
            if (p[0] == PCRE2_UNSET)
                continue;
            m->caps[out->ncaps++] = (mn_capture){nm->name, p[0], p[1] - p[0]};
            break;
        }
    }
    out->caps = m->caps;
}

/* Can subject[from..len) hold a match? False only when PCRE2 would say no:
 * too short (minlen counts characters, each at least a byte), or a byte
 * every match contains is missing (lookaheads read at or after `from`). */
static bool
may_match(const mn_rule *r, const char *subject, size_t len, size_t from)
{
    size_t n = len - from;
    if (n < r->minlen)
        return false;
    const char *s = subject + from;
    for (size_t i = 0; i < r->nneed; i++)
        if (!memchr(s, r->need[i][0], n) &&
            (r->need[i][1] == r->need[i][0] || !memchr(s, r->need[i][1], n)))
            return false;
    return true;
}

static uint32_t
trigram(const char *f)
{
    uint32_t packed = (uint32_t)(unsigned char)f[0] |
                      (uint32_t)(unsigned char)f[1] << 8 |
                      (uint32_t)(unsigned char)f[2] << 16;
    return (packed * 0x9E3779B1u) >> (32 - GRAM_BITS);
}

static bool
gram_has(const gram_set *g, uint32_t h)
{
    return (g->bits[h >> 6] >> (h & 63)) & 1;
}

static void
build_grams(mn_matcher *m, gram_set *g, const char *subject, size_t len)
{
    if (!m->folded)
        m->folded = mn_xmalloc(GRAM_SUBJECT_MAX);
    size_t n = mn_literal_fold(subject, len, m->folded);
    memset(g->bits, 0, sizeof g->bits);
    for (size_t i = 0; i + 2 < n; i++) {
        uint32_t h = trigram(m->folded + i);
        g->bits[h >> 6] |= (uint64_t)1 << (h & 63);
    }
}

/* The gram set of a stable subject: remembered, or built now. */
static const gram_set *
grams_of(mn_matcher *m, const char *subject, size_t len)
{
    if (!m->grams)
        m->grams = mn_xcalloc(GRAM_SLOTS, sizeof *m->grams);
    uintptr_t a = (uintptr_t)subject;
    gram_set *g = &m->grams[((a >> 4) ^ (a >> 12)) % GRAM_SLOTS];
    if (g->gen == m->gen && g->src == subject && g->len == len)
        return g;
    build_grams(m, g, subject, len);
    g->src = subject;
    g->len = len;
    g->gen = m->gen;
    return g;
}

void
mn_matcher_forget_subjects(mn_matcher *m)
{
    if (++m->gen == 0) { /* wrapped: no slot may look current */
        if (m->grams)
            memset(m->grams, 0, GRAM_SLOTS * sizeof *m->grams);
        m->gen = 1;
    }
}

static bool
literal_may_occur(const gram_set *g, const char *lit, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (!gram_has(g, trigram(lit + i)))
            return false;
    return true;
}

/* Could a stable subject contain one of the literals every match needs?
 * The whole subject is looked at, whatever `from` is: a superset is safe.
 * Other subjects may be buffers reused at the same address: not looked up. */
static bool
literals_may_match(mn_matcher *m, const mn_rule *r, const char *subject,
                   size_t len, bool stable)
{
    const mn_literals *l = &r->lits;
    if (!stable || l->n == 0 || len > GRAM_SUBJECT_MAX)
        return true;
    const gram_set *g = grams_of(m, subject, len);
    for (size_t i = 0; i < l->n; i++)
        if (literal_may_occur(g, l->lit[i], l->len[i]))
            return true;
    return false;
}

static bool
prefilter_passes(mn_matcher *m, const mn_rule *r, const char *subject,
                 size_t len, size_t from, bool stable)
{
    return may_match(r, subject, len, from) &&
           literals_may_match(m, r, subject, len, stable);
}

static int
run(mn_matcher *m, const mn_rule *r, const char *subject, size_t len,
    size_t from, uint32_t opts)
{
    return pcre2_match(r->code, (PCRE2_SPTR)subject, len, from, opts, m->md,
                       m->mctx);
}

/* MN_PREFILTER_VERIFY (set by `make test`): a skipped subject that the
 * regex matches is a bug in the prefilter; stop loudly. */
static void
verify_skip(mn_matcher *m, const mn_rule *r, const char *subject, size_t len,
            size_t from, uint32_t opts)
{
    if (run(m, r, subject, len, from, opts) >= 0) {
        fprintf(stderr,
                "minutes: prefilter skipped a match of rule '%s' (%s:%u) "
                "at offset %zu: %.*s\n",
                r->id, r->file, r->line, from, (int)(len > 200 ? 200 : len),
                subject);
        abort();
    }
}

static int
exec(mn_matcher *m, const mn_rule *r, const char *subject, size_t len,
     size_t from, uint32_t opts, bool stable, mn_match *out)
{
    if (!r->code || from > len)
        return 0;
    if (!prefilter_passes(m, r, subject, len, from, stable)) {
        if (m->verify)
            verify_skip(m, r, subject, len, from, opts);
        return 0;
    }
    int rc = run(m, r, subject, len, from, opts);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0) {
        queue_warning(m, r, from, rc);
        return -1;
    }
    fill_match(m, r, out);
    return 1;
}

int
mn_matcher_exec(mn_matcher *m, const mn_rule *r, const char *subject,
                size_t len, size_t from, mn_match *out)
{
    return exec(m, r, subject, len, from, 0, false, out);
}

int
mn_matcher_exec_valid(mn_matcher *m, const mn_rule *r, const char *subject,
                      size_t len, size_t from, mn_match *out)
{
    return exec(m, r, subject, len, from, PCRE2_NO_UTF_CHECK, false, out);
}

int
mn_matcher_exec_stable(mn_matcher *m, const mn_rule *r, const char *subject,
                       size_t len, size_t from, bool valid, mn_match *out)
{
    return exec(m, r, subject, len, from, valid ? PCRE2_NO_UTF_CHECK : 0, true,
                out);
}

const mn_capture *
mn_match_capture(const mn_match *mt, const char *name)
{
    for (size_t i = 0; i < mt->ncaps; i++)
        if (!strcmp(mt->caps[i].name, name))
            return &mt->caps[i];
    return NULL;
}

/* ---- profile detection --------------------------------------------------- */

/* What detection reads: the title metas and the first blocks, each checked
 * for valid UTF-8 once rather than by PCRE2 for every detect pattern. */
typedef struct detect_subjects {
    const char *text[DETECT_BLOCKS + 2];
    size_t len[DETECT_BLOCKS + 2];
    bool valid[DETECT_BLOCKS + 2];
    size_t n;
} detect_subjects;

static void
add_subject(detect_subjects *ds, const char *s, size_t len)
{
    ds->text[ds->n] = s;
    ds->len[ds->n] = len;
    ds->valid[ds->n] = mn_utf8_valid((const unsigned char *)s, len);
    ds->n++;
}

static void
detect_subjects_init(detect_subjects *ds, const mn_doc *doc)
{
    ds->n = 0;
    const char *metas[2] = {mn_doc_meta(doc, "html.title"),
                            mn_doc_meta(doc, "front.title")};
    for (int i = 0; i < 2; i++)
        if (metas[i])
            add_subject(ds, metas[i], strlen(metas[i]));
    size_t n = mn_doc_block_count(doc);
    for (size_t i = 0; i < n && i < DETECT_BLOCKS; i++) {
        const mn_block *b = mn_doc_block(doc, i);
        add_subject(ds, b->text, b->len);
    }
}

static bool
detect_hits(mn_matcher *m, const mn_rule *r, const detect_subjects *ds)
{
    mn_match mt;
    for (size_t i = 0; i < ds->n; i++)
        if (exec(m, r, ds->text[i], ds->len[i], 0,
                 ds->valid[i] ? PCRE2_NO_UTF_CHECK : 0, true, &mt) == 1)
            return true;
    return false;
}

const char *
mn_ruleset_detect(const mn_ruleset *rs, mn_matcher *m, const mn_doc *doc)
{
    const char *best = "core";
    long best_score = 0;
    detect_subjects ds;
    /* The subjects are the document's own texts, stable while it lives;
     * slots left by an earlier document must not be taken for them. */
    mn_matcher_forget_subjects(m);
    if (doc)
        detect_subjects_init(&ds, doc);
    for (size_t p = 0; rs && doc && p < mn_ruleset_profile_count(rs); p++) {
        const char *name = mn_ruleset_profile_name(rs, p);
        mn_rule *const *det;
        size_t n = mn_ruleset_detects(rs, p, &det);
        if (!strcmp(name, "core") || n == 0)
            continue;
        long score = 0;
        for (size_t i = 0; i < n; i++)
            if (detect_hits(m, det[i], &ds))
                score += det[i]->weight;
        if (score > best_score) {
            best_score = score;
            best = name;
        }
    }
    return best;
}

/* ---- examples ------------------------------------------------------------ */

typedef struct tester {
    mn_matcher *m;
    void (*report)(void *ctx, const char *line);
    void *ctx;
    size_t failures;
} tester;

/* s shortened to at most `max` bytes on a UTF-8 boundary, "..." marked. */
static void
put_short(mn_buf *b, const char *s, size_t len, size_t max)
{
    if (len <= max) {
        (void)mn_buf_append(b, s, len);
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    (void)mn_buf_append(b, s, max);
    (void)mn_buf_printf(b, "...");
}

static void
fail_example(tester *t, const mn_rule *r, const rule_example *ex,
             const char *what)
{
    mn_buf b;
    mn_buf_init(&b, 4096);
    (void)mn_buf_printf(&b, "%s:%u: rule '%s': example '", r->file, ex->line,
                        r->id);
    put_short(&b, ex->text, strlen(ex->text), SHOW_EXAMPLE_BYTES);
    (void)mn_buf_printf(&b, "' %s", what);
    t->report(t->ctx, mn_buf_str(&b));
    mn_buf_free(&b);
    t->failures++;
}

static void
check_capture(tester *t, const mn_rule *r, const rule_example *ex,
              const rule_cap_expect *want, const mn_match *mt)
{
    const mn_capture *got = mn_match_capture(mt, want->name);
    mn_buf b;
    mn_buf_init(&b, 2048);
    if (!got && want->value) {
        (void)mn_buf_printf(&b, "did not capture %s, expected '", want->name);
        put_short(&b, want->value, strlen(want->value), SHOW_EXAMPLE_BYTES);
        (void)mn_buf_printf(&b, "'");
    } else if (got &&
               (!want->value || got->len != strlen(want->value) ||
                memcmp(ex->text + got->start, want->value, got->len) != 0)) {
        (void)mn_buf_printf(&b, "captured %s='", want->name);
        put_short(&b, ex->text + got->start, got->len, SHOW_EXAMPLE_BYTES);
        (void)mn_buf_printf(&b, "', expected ");
        if (want->value) {
            (void)mn_buf_printf(&b, "'");
            put_short(&b, want->value, strlen(want->value), SHOW_EXAMPLE_BYTES);
            (void)mn_buf_printf(&b, "'");
        } else {
            (void)mn_buf_printf(&b, "none");
        }
    }
    if (b.len)
        fail_example(t, r, ex, mn_buf_str(&b));
    mn_buf_free(&b);
}

static void
drain(mn_matcher *m)
{
    while (mn_matcher_next_warning(m, NULL, NULL))
        ;
}

static void
run_example(tester *t, const mn_rule *r, const rule_example *ex)
{
    mn_match mt;
    int rc = mn_matcher_exec(t->m, r, ex->text, strlen(ex->text), 0, &mt);
    drain(t->m);
    if (rc < 0) {
        fail_example(t, r, ex, "hit a PCRE2 limit");
    } else if (ex->match && rc == 0) {
        fail_example(t, r, ex, "did not match");
    } else if (ex->match) {
        for (size_t i = 0; i < ex->ncaps; i++)
            check_capture(t, r, ex, &ex->caps[i], &mt);
    } else if (rc == 1) {
        mn_buf b;
        mn_buf_init(&b, 1024);
        (void)mn_buf_printf(&b, "matched '");
        put_short(&b, ex->text + mt.start, mt.len, SHOW_EXAMPLE_BYTES);
        (void)mn_buf_printf(&b, "' but is a no_match example");
        fail_example(t, r, ex, mn_buf_str(&b));
        mn_buf_free(&b);
    }
}

static bool
code_check(const mn_rule *r)
{
    const char *code = mn_rule_attr(r, "code");
    return !strcmp(r->kind, "check") && code && !strcmp(code, "true");
}

size_t
mn_ruleset_test_skipped(const mn_ruleset *rs)
{
    size_t n = 0;
    for (size_t i = 0; i < mn_ruleset_count(rs); i++) {
        const mn_rule *r = mn_ruleset_rule(rs, i);
        if (code_check(r))
            n += r->nexamples;
    }
    return n;
}

size_t
mn_ruleset_test(const mn_ruleset *rs,
                void (*report)(void *ctx, const char *line), void *ctx,
                size_t *total)
{
    tester t = {mn_matcher_new(rs), report, ctx, 0};
    size_t n = 0;
    for (size_t i = 0; i < mn_ruleset_count(rs); i++) {
        const mn_rule *r = mn_ruleset_rule(rs, i);
        if (code_check(r))
            continue;
        for (size_t j = 0; j < r->nexamples; j++) {
            run_example(&t, r, &r->examples[j]);
            n++;
        }
    }
    mn_matcher_free(t.m);
    if (total)
        *total = n;
    return t.failures;
}
