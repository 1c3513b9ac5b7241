/*
 * Record diff (see mn_diff.h and docs/diff.md). Each list of the record is
 * matched in two passes: exact identity keys first (sorted, so linear after
 * the sort), then a scored near-match pass over what is left, greedy by
 * descending score and capped at MN_DIFF_MAX_FUZZY items per side. Matched
 * pairs and leftovers become change maps; nothing here prints.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_strdist.h"
#include "mn_diff.h"
#include "mn_limits.h"
#include "mn_utf8.h"

/* Near-matching is quadratic in the unmatched items of one list. */
#define MN_DIFF_MAX_FUZZY 4000
#define MAX_SECTION_DEPTH 64
#define MAX_TITLE_CHARS   256

/* ------------------------------------------------------------------ */
/* Text folding and token sets                                          */

/* U+00C0..U+017F folded to a lower-case ASCII letter (' ' for × and ÷). */
static const char latin_fold[] =
    "aaaaaaaceeeeiiiidnooooo ouuuuytsaaaaaaaceeeeiiiidnooooo ouuuuyty"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllll"
    "nnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

static int
is_alnum_ascii(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* The folded ASCII letter for a code point, 0 to drop, ' ' to separate. */
static char
fold_cp(uint32_t cp)
{
    if (cp < 0x80) {
        char c = (char)cp;
        if (c >= 'A' && c <= 'Z')
            return (char)(c - 'A' + 'a');
        if (c == '\'')
            return 0;
        return (char)(is_alnum_ascii(c) ? c : ' ');
    }
    if (cp >= 0xC0 && cp < 0x180)
        return latin_fold[cp - 0xC0];
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x02BC)
        return 0; /* curly apostrophes: "force’s" folds like "force's" */
    return ' ';
}

char *
mn_diff_fold(const char *s)
{
    if (!s)
        return mn_xstrdup("");
    size_t n = strlen(s);
    char *out = mn_xmalloc(n + 1);
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        bool valid;
        i += mn_utf8_decode(p + i, n - i, &cp, &valid);
        char c = fold_cp(cp);
        if (c == 0)
            continue;
        if (c == ' ' && (o == 0 || out[o - 1] == ' '))
            continue;
        out[o++] = c;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return out;
}

typedef struct tokset {
    char **t; /* sorted, unique, owned */
    size_t n;
} tokset;

#define TK_TASK 0x1u /* also drop deadline words (actions) */
#define TK_ASIS 0x2u /* keep stop words, no stemming (names) */
#define TK_DONE 0x4u /* also drop completion words (status clauses) */

static const char *const stop_words[] = {
    "a",   "an",   "and",  "are",   "as",   "at",    "be",    "been", "by",
    "for", "from", "has",  "have",  "in",   "into",  "is",    "it",   "its",
    "of",  "on",   "or",   "that",  "the",  "their", "them",  "then", "this",
    "to",  "was",  "were", "which", "will", "with",  "would", "s",    NULL};

/* Deadline and meeting words change every time an action is carried. */
static const char *const task_words[] = {
    "next",    "meeting",  "end",       "before",  "after",    "until",
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december",
    "q1",      "q2",       "q3",        "q4",      "week",     "weeks",
    "month",   "months",   "quarter",   "year",    "due",      "date",
    NULL};

static const char *const done_words[] = {
    "complete", "completed", "closed", "done", "discharged", "action",
    "actions",  "item",      "now",    "been", NULL};

static bool
in_list(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(w, list[i]))
            return true;
    return false;
}

/* A deliberately crude stemmer: plural and -ing/-ed endings only. */
static void
stem(char *w)
{
    size_t n = strlen(w);
    if (n > 5 && !strcmp(w + n - 3, "ing"))
        w[n - 3] = '\0';
    else if (n > 4 && !strcmp(w + n - 2, "ed"))
        w[n - 2] = '\0';
    else if (n > 4 && !strcmp(w + n - 3, "ies"))
        memcpy(w + n - 3, "y", 2);
    else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u')
        w[n - 1] = '\0';
}

static int
cmp_str_ptr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
drop_word(const char *w, unsigned flags)
{
    if (flags & TK_ASIS)
        return false;
    if (in_list(w, stop_words))
        return true;
    if ((flags & TK_TASK) && in_list(w, task_words))
        return true;
    return (flags & TK_DONE) && in_list(w, done_words);
}

static void
tokset_build(tokset *ts, const char *s, unsigned flags)
{
    char *f = mn_diff_fold(s);
    size_t cap = 0;
    ts->t = NULL;
    ts->n = 0;
    char *p = f;
    for (size_t guard = 0; *p && guard < MN_MAX_BLOCK_BYTES; guard++) {
        char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
        char *w = mn_xstrndup(p, len);
        if (drop_word(w, flags)) {
            free(w);
        } else {
            if (!(flags & TK_ASIS))
                stem(w);
            ts->t = mn_xgrow(ts->t, &cap, ts->n + 1, sizeof *ts->t);
            ts->t[ts->n++] = w;
        }
        if (!sp)
            break;
        p = sp + 1;
    }
    free(f);
    if (ts->n > 1)
        qsort(ts->t, ts->n, sizeof *ts->t, cmp_str_ptr);
    size_t o = 0;
    for (size_t i = 0; i < ts->n; i++) {
        if (o > 0 && !strcmp(ts->t[o - 1], ts->t[i]))
            free(ts->t[i]);
        else
            ts->t[o++] = ts->t[i];
    }
    ts->n = o;
}

static void
tokset_free(tokset *ts)
{
    for (size_t i = 0; i < ts->n; i++)
        free(ts->t[i]);
    free(ts->t);
    ts->t = NULL;
    ts->n = 0;
}

static size_t
tokset_common(const tokset *a, const tokset *b)
{
    size_t i = 0, j = 0, c = 0;
    while (i < a->n && j < b->n) {
        int r = strcmp(a->t[i], b->t[j]);
        if (r == 0)
            c++, i++, j++;
        else if (r < 0)
            i++;
        else
            j++;
    }
    return c;
}

static double
dice(const tokset *a, const tokset *b)
{
    if (a->n + b->n == 0)
        return 0;
    return 2.0 * (double)tokset_common(a, b) / (double)(a->n + b->n);
}

static double
jaccard(const tokset *a, const tokset *b)
{
    size_t c = tokset_common(a, b);
    size_t u = a->n + b->n - c;
    return u ? (double)c / (double)u : 0;
}

static double
overlap(const tokset *a, const tokset *b)
{
    size_t m = a->n < b->n ? a->n : b->n;
    return m ? (double)tokset_common(a, b) / (double)m : 0;
}

static bool
is_number_token(const char *w)
{
    return w[0] >= '0' && w[0] <= '9';
}

/* "Recommendation 1" and "Recommendation 6" are never the same thing. */
static bool
numbers_conflict(const tokset *a, const tokset *b)
{
    size_t na = 0, nb = 0, both = 0;
    for (size_t i = 0; i < a->n; i++)
        na += is_number_token(a->t[i]);
    for (size_t j = 0; j < b->n; j++)
        nb += is_number_token(b->t[j]);
    if (na == 0 || nb == 0)
        return false;
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n && is_number_token(a->t[i]); j++)
            both += !strcmp(a->t[i], b->t[j]);
    return both != na || both != nb;
}

/* 1 - edit distance / longer length, on folded text. */
static double
lev_sim(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la == 0 && lb == 0)
        return 1;
    size_t d = mn_strdist(a, b, SIZE_MAX - 1);
    if (d == SIZE_MAX)
        return 0; /* too long to compare and different */
    size_t longer = la > lb ? la : lb;
    return 1.0 - (double)d / (double)longer;
}

double
mn_diff_similarity(const char *a, const char *b)
{
    tokset ta, tb;
    tokset_build(&ta, a, 0);
    tokset_build(&tb, b, 0);
    double d = dice(&ta, &tb);
    tokset_free(&ta);
    tokset_free(&tb);
    return d;
}

/* ------------------------------------------------------------------ */
/* Record access                                                        */

static const mn_value *
list_of(const mn_value *rec, const char *key)
{
    const mn_value *v = mn_map_get(rec, key);
    return mn_value_type(v) == MN_V_LIST ? v : NULL;
}

static size_t
count_of(const mn_value *list)
{
    size_t n = mn_value_len(list);
    return n > MN_MAX_RECORD_ITEMS ? MN_MAX_RECORD_ITEMS : n;
}

static const char *
str_of(const mn_value *m, const char *key)
{
    const char *s = mn_map_get_str(m, key);
    return s && *s ? s : NULL;
}

static bool
streq_null(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static char *
xconcat3(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *s = mn_xmalloc(la + lb + lc + 1);
    snprintf(s, la + lb + lc + 1, "%s%s%s", a, b, c);
    return s;
}

/* ------------------------------------------------------------------ */
/* The generic two-pass matcher                                         */

typedef struct matching {
    size_t na, nb;
    char **ka, **kb; /* exact identity keys (owned); NULL: none */
    long *a2b, *b2a;
    double *score; /* per old item: 1 for exact, else the match score */
} matching;

/* Scores a candidate pair; prefer ranks pairs inside one key group. */
typedef double (*score_fn)(const void *ctx, size_t i, size_t j);
typedef int (*prefer_fn)(const void *ctx, size_t i, size_t j);

static void
matching_init(matching *m, size_t na, size_t nb)
{
    m->na = na;
    m->nb = nb;
    m->ka = mn_xcalloc(na + 1, sizeof *m->ka);
    m->kb = mn_xcalloc(nb + 1, sizeof *m->kb);
    m->a2b = mn_xmalloc((na + 1) * sizeof *m->a2b);
    m->b2a = mn_xmalloc((nb + 1) * sizeof *m->b2a);
    m->score = mn_xcalloc(na + 1, sizeof *m->score);
    for (size_t i = 0; i < na; i++)
        m->a2b[i] = -1;
    for (size_t j = 0; j < nb; j++)
        m->b2a[j] = -1;
}

static void
matching_free(matching *m)
{
    for (size_t i = 0; i < m->na; i++)
        free(m->ka[i]);
    for (size_t j = 0; j < m->nb; j++)
        free(m->kb[j]);
    free(m->ka);
    free(m->kb);
    free(m->a2b);
    free(m->b2a);
    free(m->score);
}

static void
pair(matching *m, size_t i, size_t j, double score)
{
    m->a2b[i] = (long)j;
    m->b2a[j] = (long)i;
    m->score[i] = score;
}

typedef struct keyed {
    const char *key;
    size_t idx;
} keyed;

static int
cmp_keyed(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    int r = strcmp(a->key, b->key);
    if (r)
        return r;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static keyed *
sorted_keys(char **keys, size_t n, size_t *out_n)
{
    keyed *k = mn_xmalloc((n + 1) * sizeof *k);
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        if (keys[i])
            k[o++] = (keyed){keys[i], i};
    qsort(k, o, sizeof *k, cmp_keyed);
    *out_n = o;
    return k;
}

/* Pair one key group: best preference level first, then document order. */
static void
pair_group(matching *m, const keyed *ga, size_t na, const keyed *gb, size_t nb,
           prefer_fn prefer, const void *ctx)
{
    int top = prefer && na * nb <= 250000 ? 2 : 0;
    for (int level = top; level >= 0; level--) {
        for (size_t x = 0; x < na; x++) {
            size_t i = ga[x].idx;
            for (size_t y = 0; y < nb && m->a2b[i] < 0; y++) {
                size_t j = gb[y].idx;
                if (m->b2a[j] < 0 && (level == 0 || prefer(ctx, i, j) >= level))
                    pair(m, i, j, 1.0);
            }
        }
    }
}

static void
match_exact(matching *m, prefer_fn prefer, const void *ctx)
{
    size_t na, nb;
    keyed *a = sorted_keys(m->ka, m->na, &na);
    keyed *b = sorted_keys(m->kb, m->nb, &nb);
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        int r = strcmp(a[i].key, b[j].key);
        if (r < 0) {
            i++;
        } else if (r > 0) {
            j++;
        } else {
            size_t ei = i, ej = j;
            while (ei < na && !strcmp(a[ei].key, a[i].key))
                ei++;
            while (ej < nb && !strcmp(b[ej].key, b[j].key))
                ej++;
            pair_group(m, a + i, ei - i, b + j, ej - j, prefer, ctx);
            i = ei;
            j = ej;
        }
    }
    free(a);
    free(b);
}

typedef struct cand {
    double score;
    size_t i, j;
} cand;

static int
cmp_cand(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->i != b->i)
        return a->i < b->i ? -1 : 1;
    return a->j < b->j ? -1 : a->j > b->j;
}

static void
match_fuzzy(matching *m, score_fn score, const void *ctx, double threshold)
{
    size_t *ua = mn_xmalloc((m->na + 1) * sizeof *ua);
    size_t *ub = mn_xmalloc((m->nb + 1) * sizeof *ub);
    size_t nua = 0, nub = 0;
    for (size_t i = 0; i < m->na && nua < MN_DIFF_MAX_FUZZY; i++)
        if (m->a2b[i] < 0)
            ua[nua++] = i;
    for (size_t j = 0; j < m->nb && nub < MN_DIFF_MAX_FUZZY; j++)
        if (m->b2a[j] < 0)
            ub[nub++] = j;
    cand *c = NULL;
    size_t nc = 0, cap = 0;
    for (size_t x = 0; x < nua; x++) {
        for (size_t y = 0; y < nub; y++) {
            double s = score(ctx, ua[x], ub[y]);
            if (s + 1e-9 < threshold || s <= 0)
                continue;
            c = mn_xgrow(c, &cap, nc + 1, sizeof *c);
            c[nc++] = (cand){s, ua[x], ub[y]};
        }
    }
    if (nc > 1)
        qsort(c, nc, sizeof *c, cmp_cand);
    for (size_t k = 0; k < nc; k++)
        if (m->a2b[c[k].i] < 0 && m->b2a[c[k].j] < 0)
            pair(m, c[k].i, c[k].j, c[k].score);
    free(c);
    free(ua);
    free(ub);
}

/* ------------------------------------------------------------------ */
/* Change maps and number formatting                                    */

static mn_value *
change_new(const char *kind, const char *change, const char *subject)
{
    mn_value *c = mn_value_map();
    mn_map_set_str(c, "kind", kind);
    mn_map_set_str(c, "change", change);
    mn_map_set_str(c, "subject", subject);
    static const char *const rest[] = {"old",      "new",      "delta", "note",
                                       "old_line", "new_line", "score"};
    for (size_t i = 0; i < sizeof rest / sizeof *rest; i++)
        mn_map_set_null(c, rest[i]);
    return c;
}

static void
set_str(mn_value *c, const char *key, const char *s)
{
    if (s)
        mn_map_set_str(c, key, s);
}

static void
set_line(mn_value *c, const char *key, const mn_value *item)
{
    const mn_value *l = mn_map_get(item, "line");
    if (mn_value_type(l) == MN_V_INT && mn_value_as_int(l) > 0)
        mn_map_set_int(c, key, mn_value_as_int(l));
}

static void
set_lines(mn_value *c, const mn_value *o, const mn_value *n)
{
    if (o)
        set_line(c, "old_line", o);
    if (n)
        set_line(c, "new_line", n);
}

static void
set_score(mn_value *c, double s)
{
    mn_map_set_num(c, "score", round(s * 100.0) / 100.0);
}

/* Shortest decimal with at most two decimals: 3, 2.5, 0.25. */
static void
fmt_num(double d, char *buf, size_t size)
{
    snprintf(buf, size, "%.2f", d);
    char *dot = strchr(buf, '.');
    if (!dot)
        return;
    char *e = buf + strlen(buf) - 1;
    while (e > dot && *e == '0')
        *e-- = '\0';
    if (e == dot)
        *e = '\0';
    if (!strcmp(buf, "-0"))
        memcpy(buf, "0", 2);
}

static void
fmt_money(double d, char *buf, size_t size)
{
    char n[64];
    double a = fabs(d);
    if (a >= 100000) {
        fmt_num(a / 1e6, n, sizeof n);
        snprintf(buf, size, "%s£%sm", d < 0 ? "-" : "+", n);
    } else {
        fmt_num(a, n, sizeof n);
        snprintf(buf, size, "%s£%s", d < 0 ? "-" : "+", n);
    }
}

/* The delta of a figure in the unit readers expect for its kind. */
static void
fmt_delta(const char *kind, const char *unit, double d, char *buf, size_t size)
{
    char n[64];
    fmt_num(d, n, sizeof n);
    const char *sign = d > 0 ? "+" : "";
    if (!kind)
        kind = "";
    if (!strcmp(kind, "percentage") || !strcmp(kind, "percentage_points"))
        snprintf(buf, size, "%s%s pp", sign, n);
    else if (!strcmp(kind, "money"))
        fmt_money(d, buf, size);
    else if (!strcmp(kind, "rank"))
        snprintf(buf, size, "%s%s place%s", sign, n, fabs(d) == 1 ? "" : "s");
    else if (unit && (!strcmp(kind, "duration") || !strcmp(kind, "count")))
        snprintf(buf, size, "%s%s %s", sign, n, unit);
    else
        snprintf(buf, size, "%s%s", sign, n);
}

/* ------------------------------------------------------------------ */
/* Attendees                                                            */

static const char *const name_titles[] = {
    "cllr", "councillor", "dr",        "mr",  "mrs",  "ms",   "miss",
    "mx",   "prof",       "professor", "sir", "dame", "lord", "lady",
    "rev",  "revd",       "hon",       "rt",  "cc",   "mp",   "obe",
    "mbe",  "cbe",        "qpm",       "kpm", NULL};

/* Folded name without titles and honours: "Cllr Dr Ann O'Neil" -> ann oneil */
static char *
norm_name(const char *s)
{
    if (!s)
        return NULL;
    char *f = mn_diff_fold(s);
    mn_buf b;
    mn_buf_init(&b, 0);
    char *p = f;
    for (size_t guard = 0; *p && guard < MAX_TITLE_CHARS; guard++) {
        char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
        char *w = mn_xstrndup(p, len);
        if (!in_list(w, name_titles)) {
            if (b.len)
                (void)mn_buf_putc(&b, ' ');
            (void)mn_buf_append(&b, w, len);
        }
        free(w);
        if (!sp)
            break;
        p = sp + 1;
    }
    free(f);
    char *out = mn_buf_take(&b);
    if (!out || !*out) {
        free(out);
        return NULL;
    }
    return out;
}

/* Folded abbreviation without the T/ (temporary) or A/ (acting) prefix. */
static char *
norm_abbr(const char *s)
{
    if (!s)
        return NULL;
    char *f = mn_diff_fold(s);
    if ((f[0] == 't' || f[0] == 'a') && f[1] == ' ' && f[2]) {
        char *r = mn_xstrdup(f + 2);
        free(f);
        f = r;
    }
    if (!*f) {
        free(f);
        return NULL;
    }
    return f;
}

typedef struct att {
    const mn_value *v;
    char *name, *abbr;
} att;

typedef struct att_ctx {
    att *a, *b;
} att_ctx;

static att *
att_build(const mn_value *list, size_t n)
{
    att *t = mn_xcalloc(n + 1, sizeof *t);
    for (size_t i = 0; i < n; i++) {
        t[i].v = mn_list_at(list, i);
        t[i].name = norm_name(str_of(t[i].v, "name"));
        t[i].abbr = norm_abbr(str_of(t[i].v, "abbr"));
    }
    return t;
}

static void
att_free(att *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(t[i].name);
        free(t[i].abbr);
    }
    free(t);
}

static char *
att_key(const att *t)
{
    if (t->name)
        return xconcat3("n:", t->name, "");
    if (t->abbr)
        return xconcat3("a:", t->abbr, "");
    const char *role = str_of(t->v, "role");
    if (!role)
        return NULL;
    char *f = mn_diff_fold(role);
    char *k = xconcat3("r:", f, "");
    free(f);
    return k;
}

static const char *
last_word(const char *s)
{
    const char *sp = strrchr(s, ' ');
    return sp ? sp + 1 : s;
}

static double
att_score(const void *vctx, size_t i, size_t j)
{
    const att_ctx *c = vctx;
    const att *x = &c->a[i], *y = &c->b[j];
    bool same_abbr = x->abbr && y->abbr && !strcmp(x->abbr, y->abbr);
    if (x->name && y->name) {
        double s = lev_sim(x->name, y->name);
        if (x->name[0] == y->name[0] &&
            !strcmp(last_word(x->name), last_word(y->name)) && s < 0.9)
            s = 0.9;
        if (same_abbr)
            s += 0.2;
        return s > 1 ? 1 : s;
    }
    if (same_abbr)
        return 0.9;
    return mn_diff_similarity(str_of(x->v, "role"), str_of(y->v, "role"));
}

static char *
role_label(const mn_value *a)
{
    const char *role = str_of(a, "role");
    const char *abbr = str_of(a, "abbr");
    mn_buf b;
    mn_buf_init(&b, 0);
    if (role && abbr)
        (void)mn_buf_printf(&b, "%s (%s)", role, abbr);
    else
        (void)mn_buf_printf(&b, "%s", role ? role : abbr ? abbr : "no role");
    return mn_buf_take(&b);
}

static const char *
att_subject(const mn_value *a)
{
    const char *s = str_of(a, "name");
    if (!s)
        s = str_of(a, "abbr");
    return s ? s : str_of(a, "role");
}

static bool
role_differs(const mn_value *a, const mn_value *b)
{
    char *ra = mn_diff_fold(str_of(a, "role"));
    char *rb = mn_diff_fold(str_of(b, "role"));
    char *xa = mn_diff_fold(str_of(a, "abbr"));
    char *xb = mn_diff_fold(str_of(b, "abbr"));
    bool d = strcmp(ra, rb) != 0 || strcmp(xa, xb) != 0 ||
             mn_value_as_bool(mn_map_get(a, "acting")) !=
                 mn_value_as_bool(mn_map_get(b, "acting"));
    free(ra);
    free(rb);
    free(xa);
    free(xb);
    return d;
}

static char *
presence_label(const mn_value *a)
{
    const char *st = str_of(a, "status");
    char *role = role_label(a);
    char *s = xconcat3(st ? st : "listed", ", ", role);
    free(role);
    return s;
}

static void
att_report_pair(mn_value *out, const mn_value *o, const mn_value *n,
                double score)
{
    const char *so = str_of(o, "status"), *sn = str_of(n, "status");
    if (!streq_null(so, sn)) {
        mn_value *c = change_new("attendee", "status_changed", att_subject(n));
        set_str(c, "old", so);
        set_str(c, "new", sn);
        set_lines(c, o, n);
        set_score(c, score);
        mn_list_push(out, c);
    }
    if (role_differs(o, n)) {
        mn_value *c = change_new("attendee", "role_changed", att_subject(n));
        char *ro = role_label(o), *rn = role_label(n);
        set_str(c, "old", ro);
        set_str(c, "new", rn);
        free(ro);
        free(rn);
        set_lines(c, o, n);
        set_score(c, score);
        mn_list_push(out, c);
    }
}

static bool
attendance_recorded(const mn_value *rec)
{
    const mn_value *r = mn_map_get(rec, "attendance_recorded");
    if (mn_value_type(r) == MN_V_BOOL && !mn_value_as_bool(r))
        return false;
    return mn_value_len(list_of(rec, "attendees")) > 0;
}

static void
diff_attendance_flag(const mn_value *o, const mn_value *n, mn_value *out)
{
    bool ro = attendance_recorded(o), rn = attendance_recorded(n);
    if (ro == rn)
        return;
    mn_value *c =
        change_new("attendee", rn ? "recorded" : "not_recorded", "attendance");
    mn_map_set_str(c, "old", ro ? "recorded" : "not recorded");
    mn_map_set_str(c, "new", rn ? "recorded" : "not recorded");
    mn_list_push(out, c);
}

static void
diff_attendees(const mn_value *o, const mn_value *n, double threshold,
               mn_value *out)
{
    if (!attendance_recorded(o) || !attendance_recorded(n)) {
        diff_attendance_flag(o, n, out);
        return;
    }
    const mn_value *lo = list_of(o, "attendees"), *ln = list_of(n, "attendees");
    size_t na = count_of(lo), nb = count_of(ln);
    att_ctx ctx = {att_build(lo, na), att_build(ln, nb)};
    matching m;
    matching_init(&m, na, nb);
    for (size_t i = 0; i < na; i++)
        m.ka[i] = att_key(&ctx.a[i]);
    for (size_t j = 0; j < nb; j++)
        m.kb[j] = att_key(&ctx.b[j]);
    match_exact(&m, NULL, NULL);
    match_fuzzy(&m, att_score, &ctx, threshold);
    for (size_t i = 0; i < na; i++) {
        const mn_value *a = ctx.a[i].v;
        if (m.a2b[i] >= 0) {
            att_report_pair(out, a, ctx.b[m.a2b[i]].v, m.score[i]);
            continue;
        }
        mn_value *c = change_new("attendee", "left", att_subject(a));
        char *l = presence_label(a);
        mn_map_set_str(c, "old", l);
        free(l);
        set_lines(c, a, NULL);
        mn_list_push(out, c);
    }
    for (size_t j = 0; j < nb; j++) {
        if (m.b2a[j] >= 0)
            continue;
        const mn_value *b = ctx.b[j].v;
        mn_value *c = change_new("attendee", "joined", att_subject(b));
        char *l = presence_label(b);
        mn_map_set_str(c, "new", l);
        free(l);
        set_lines(c, NULL, b);
        mn_list_push(out, c);
    }
    matching_free(&m);
    att_free(ctx.a, na);
    att_free(ctx.b, nb);
}

/* ------------------------------------------------------------------ */
/* Sections                                                             */

typedef struct sec {
    const mn_value *v;
    long parent; /* index in the flat list, -1 at top level */
    char *title; /* folded */
    char *number;
    tokset tk;
} sec;

typedef struct sec_list {
    sec *s;
    size_t n, cap;
} sec_list;

typedef struct sec_ctx {
    sec_list *a, *b;
    const matching *m;
} sec_ctx;

/* Attendance headings ("Apologies:", "Present") are reported under
 * attendees; as sections they only echo the attendance list. */
static bool
is_attendance_heading(const char *folded)
{
    static const char *const heads[] = {"present",
                                        "apologies",
                                        "apologies for absence",
                                        "attendees",
                                        "attendance",
                                        "in attendance",
                                        "members present",
                                        "also present",
                                        "apologies received",
                                        NULL};
    return in_list(folded, heads);
}

static void
sec_flatten(sec_list *l, const mn_value *list, long parent, int depth)
{
    if (depth > MAX_SECTION_DEPTH)
        return;
    size_t n = count_of(list);
    for (size_t i = 0; i < n && l->n < MN_MAX_RECORD_ITEMS; i++) {
        const mn_value *v = mn_list_at(list, i);
        char *title = mn_diff_fold(str_of(v, "title"));
        long here = parent;
        if (is_attendance_heading(title)) {
            free(title);
        } else {
            l->s = mn_xgrow(l->s, &l->cap, l->n + 1, sizeof *l->s);
            sec *s = &l->s[l->n];
            s->v = v;
            s->parent = parent;
            s->title = title;
            s->number = mn_diff_fold(str_of(v, "number"));
            tokset_build(&s->tk, str_of(v, "title"), 0);
            here = (long)l->n++;
        }
        const mn_value *kids = mn_map_get(v, "sections");
        if (mn_value_type(kids) == MN_V_LIST)
            sec_flatten(l, kids, here, depth + 1);
    }
}

static void
sec_list_free(sec_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->s[i].title);
        free(l->s[i].number);
        tokset_free(&l->s[i].tk);
    }
    free(l->s);
}

static char *
sec_key(const sec *s)
{
    if (*s->title)
        return xconcat3("t:", s->title, "");
    if (*s->number)
        return xconcat3("n:", s->number, "");
    return NULL;
}

static const char *
parent_title(const sec_list *l, long p)
{
    return p < 0 ? "" : l->s[p].title;
}

static int
sec_prefer(const void *vctx, size_t i, size_t j)
{
    const sec_ctx *c = vctx;
    const sec *x = &c->a->s[i], *y = &c->b->s[j];
    bool same_parent =
        !strcmp(parent_title(c->a, x->parent), parent_title(c->b, y->parent));
    if (same_parent && !strcmp(x->number, y->number))
        return 2;
    return same_parent ? 1 : 0;
}

static bool
parents_match(const matching *m, long pa, long pb)
{
    if (pa < 0 || pb < 0)
        return pa == pb;
    return m->a2b[pa] == pb;
}

static double
sec_score(const void *vctx, size_t i, size_t j)
{
    const sec_ctx *c = vctx;
    const sec *x = &c->a->s[i], *y = &c->b->s[j];
    if (numbers_conflict(&x->tk, &y->tk))
        return 0;
    double s = jaccard(&x->tk, &y->tk);
    double o = 0.9 * overlap(&x->tk, &y->tk);
    double l = lev_sim(x->title, y->title);
    if (o > s)
        s = o;
    if (l > s)
        s = l;
    if (*x->number && !strcmp(x->number, y->number))
        s += 0.1;
    if (parents_match(c->m, x->parent, y->parent))
        s += 0.1;
    return s > 1 ? 1 : s;
}

static char *
sec_label(const sec *s)
{
    const char *num = str_of(s->v, "number");
    const char *title = str_of(s->v, "title");
    return xconcat3(num ? num : "", num && title ? " " : "",
                    title ? title : "");
}

static char *
sec_parent_label(const sec_list *l, long p)
{
    if (p < 0)
        return mn_xstrdup("top level");
    char *pl = sec_label(&l->s[p]);
    char *s = xconcat3("under ", pl, "");
    free(pl);
    return s;
}

/* Headings that are recommendations are reported as recommendations. */
typedef struct rec_titles {
    char **t;
    size_t n;
} rec_titles;

static void
rec_titles_build(rec_titles *rt, const mn_value *rec)
{
    const mn_value *l = list_of(rec, "recommendations");
    size_t n = count_of(l);
    rt->t = mn_xcalloc(n + 1, sizeof *rt->t);
    rt->n = n;
    for (size_t i = 0; i < n; i++)
        rt->t[i] = mn_diff_fold(str_of(mn_list_at(l, i), "title"));
    if (n > 1)
        qsort(rt->t, n, sizeof *rt->t, cmp_str_ptr);
}

static bool
rec_titles_has(const rec_titles *rt, const char *folded)
{
    return *folded &&
           bsearch(&folded, rt->t, rt->n, sizeof *rt->t, cmp_str_ptr);
}

static void
rec_titles_free(rec_titles *rt)
{
    for (size_t i = 0; i < rt->n; i++)
        free(rt->t[i]);
    free(rt->t);
}

static void
sec_report_pair(mn_value *out, const sec_ctx *ctx, size_t i, size_t j,
                bool ignore_moves)
{
    const sec *x = &ctx->a->s[i], *y = &ctx->b->s[j];
    double score = ctx->m->score[i];
    if (strcmp(x->title, y->title) != 0) {
        char *ly = sec_label(y);
        mn_value *c = change_new("section", "renamed", ly);
        free(ly);
        set_str(c, "old", str_of(x->v, "title"));
        set_str(c, "new", str_of(y->v, "title"));
        set_lines(c, x->v, y->v);
        set_score(c, score);
        mn_list_push(out, c);
    }
    if (!ignore_moves && !parents_match(ctx->m, x->parent, y->parent)) {
        char *ly = sec_label(y);
        mn_value *c = change_new("section", "moved", ly);
        free(ly);
        char *po = sec_parent_label(ctx->a, x->parent);
        char *pn = sec_parent_label(ctx->b, y->parent);
        mn_map_set_str(c, "old", po);
        mn_map_set_str(c, "new", pn);
        free(po);
        free(pn);
        set_lines(c, x->v, y->v);
        set_score(c, score);
        mn_list_push(out, c);
    }
}

static void
sec_report_single(mn_value *out, const sec_list *l, size_t i, bool added)
{
    const sec *s = &l->s[i];
    char *ls = sec_label(s);
    mn_value *c = change_new("section", added ? "added" : "removed", ls);
    char *pl = sec_parent_label(l, s->parent);
    mn_map_set_str(c, added ? "new" : "old", pl);
    free(pl);
    free(ls);
    set_lines(c, added ? NULL : s->v, added ? s->v : NULL);
    mn_list_push(out, c);
}

static void
diff_sections(const mn_value *o, const mn_value *n, const mn_diff_options *opt,
              unsigned only, mn_value *out)
{
    sec_list a = {0}, b = {0};
    sec_flatten(&a, list_of(o, "sections"), -1, 0);
    sec_flatten(&b, list_of(n, "sections"), -1, 0);
    matching m;
    matching_init(&m, a.n, b.n);
    sec_ctx ctx = {&a, &b, &m};
    for (size_t i = 0; i < a.n; i++)
        m.ka[i] = sec_key(&a.s[i]);
    for (size_t j = 0; j < b.n; j++)
        m.kb[j] = sec_key(&b.s[j]);
    match_exact(&m, sec_prefer, &ctx);
    match_fuzzy(&m, sec_score, &ctx, opt->threshold);
    bool dedupe = (only & MN_DIFF_RECOMMENDATIONS) != 0;
    rec_titles ra = {0}, rb = {0};
    rec_titles_build(&ra, o);
    rec_titles_build(&rb, n);
    for (size_t i = 0; i < a.n; i++) {
        if (m.a2b[i] >= 0)
            sec_report_pair(out, &ctx, i, (size_t)m.a2b[i], opt->ignore_moves);
        else if (!dedupe || !rec_titles_has(&ra, a.s[i].title))
            sec_report_single(out, &a, i, false);
    }
    for (size_t j = 0; j < b.n; j++)
        if (m.b2a[j] < 0 && (!dedupe || !rec_titles_has(&rb, b.s[j].title)))
            sec_report_single(out, &b, j, true);
    rec_titles_free(&ra);
    rec_titles_free(&rb);
    matching_free(&m);
    sec_list_free(&a);
    sec_list_free(&b);
}

/* ------------------------------------------------------------------ */
/* Figures                                                              */

typedef struct fig {
    const mn_value *v;
    char *measure; /* folded; the section title when the measure is null */
    char *section;
    char *area;
    const char *section_name; /* borrowed: title, or as written */
    const char *kind, *unit, *dir;
    bool target;
    double value;
    tokset tk, stk;
} fig;

typedef struct fig_ctx {
    fig *a, *b;
} fig_ctx;

char *
mn_diff_figure_measure(const mn_value *f)
{
    const char *m = str_of(f, "measure");
    return mn_diff_fold(m ? m : str_of(f, "section"));
}

/* Section numbers to titles, so "4" reads "Finance and workforce". */
typedef struct numbered {
    const char *number, *title;
} numbered;

typedef struct sec_index {
    numbered *e;
    size_t n, cap;
} sec_index;

static int
cmp_numbered(const void *x, const void *y)
{
    return strcmp(((const numbered *)x)->number, ((const numbered *)y)->number);
}

static void
sec_index_add(sec_index *ix, const mn_value *list, int depth)
{
    size_t n = count_of(list);
    for (size_t i = 0; i < n && depth < MAX_SECTION_DEPTH; i++) {
        const mn_value *v = mn_list_at(list, i);
        const char *num = str_of(v, "number"), *title = str_of(v, "title");
        if (num && title && ix->n < MN_MAX_RECORD_ITEMS) {
            ix->e = mn_xgrow(ix->e, &ix->cap, ix->n + 1, sizeof *ix->e);
            ix->e[ix->n++] = (numbered){num, title};
        }
        const mn_value *kids = mn_map_get(v, "sections");
        if (mn_value_type(kids) == MN_V_LIST)
            sec_index_add(ix, kids, depth + 1);
    }
}

static const char *
sec_index_title(const sec_index *ix, const char *s)
{
    if (!s || ix->n == 0)
        return s;
    numbered key = {s, NULL};
    const numbered *hit =
        bsearch(&key, ix->e, ix->n, sizeof *ix->e, cmp_numbered);
    return hit ? hit->title : s;
}

static fig *
fig_build(const mn_value *rec, const mn_value *list, size_t n)
{
    sec_index ix = {0};
    if (rec)
        sec_index_add(&ix, list_of(rec, "sections"), 0);
    if (ix.n > 1)
        qsort(ix.e, ix.n, sizeof *ix.e, cmp_numbered);
    fig *t = mn_xcalloc(n + 1, sizeof *t);
    for (size_t i = 0; i < n; i++) {
        fig *f = &t[i];
        f->v = mn_list_at(list, i);
        f->section_name = sec_index_title(&ix, str_of(f->v, "section"));
        const char *m = str_of(f->v, "measure");
        f->measure = mn_diff_fold(m ? m : f->section_name);
        f->section = mn_diff_fold(f->section_name);
        f->area = mn_diff_fold(str_of(f->v, "area"));
        f->kind = str_of(f->v, "kind");
        f->unit = str_of(f->v, "unit");
        f->dir = str_of(f->v, "direction");
        f->target = mn_value_as_bool(mn_map_get(f->v, "target"));
        f->value = mn_value_as_num(mn_map_get(f->v, "value"));
        tokset_build(&f->tk, f->measure, 0);
        tokset_build(&f->stk, f->section, 0);
    }
    free(ix.e);
    return t;
}

static void
fig_free(fig *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(t[i].measure);
        free(t[i].section);
        free(t[i].area);
        tokset_free(&t[i].tk);
        tokset_free(&t[i].stk);
    }
    free(t);
}

static char *
fig_key(const fig *f)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    bool by_section = !str_of(f->v, "measure");
    (void)mn_buf_printf(&b, "%s|%c|%s|%s|%s", f->kind ? f->kind : "",
                        f->target ? 'T' : 'F', f->measure, f->area,
                        by_section && f->unit ? f->unit : "");
    return mn_buf_take(&b);
}

static int
fig_prefer(const void *vctx, size_t i, size_t j)
{
    const fig_ctx *c = vctx;
    const fig *x = &c->a[i], *y = &c->b[j];
    bool same_value = x->value == y->value && streq_null(x->dir, y->dir);
    if (same_value && !strcmp(x->section, y->section))
        return 2;
    return same_value ? 1 : 0;
}

static double
fig_score(const void *vctx, size_t i, size_t j)
{
    const fig_ctx *c = vctx;
    const fig *x = &c->a[i], *y = &c->b[j];
    if (!streq_null(x->kind, y->kind) || x->target != y->target)
        return 0;
    if (numbers_conflict(&x->tk, &y->tk))
        return 0;
    double s = 0.6 * dice(&x->tk, &y->tk);
    if (!strcmp(x->section, y->section))
        s += 0.3;
    else
        s += 0.3 * dice(&x->stk, &y->stk);
    if (!strcmp(x->area, y->area) && streq_null(x->unit, y->unit))
        s += 0.1;
    return s;
}

/* Same section, or one section title contained in the other (renamed). */
static bool
sections_compatible(const fig *x, const fig *y)
{
    if (!strcmp(x->section, y->section))
        return true;
    return !numbers_conflict(&x->stk, &y->stk) &&
           overlap(&x->stk, &y->stk) >= 1;
}

static size_t
fuzzy_cap(size_t n)
{
    return n < MN_DIFF_MAX_FUZZY ? n : MN_DIFF_MAX_FUZZY;
}

static bool
same_signature(const fig *x, const fig *y)
{
    return streq_null(x->kind, y->kind) && x->target == y->target &&
           streq_null(x->unit, y->unit) && sections_compatible(x, y);
}

static size_t
leftovers_like(const fig *all, const long *partner, size_t n, const fig *f)
{
    size_t c = 0;
    for (size_t k = 0; k < n; k++)
        c += partner[k] < 0 && same_signature(&all[k], f);
    return c;
}

/*
 * Last resort for leftovers, within one section and for the same kind,
 * target flag and unit: the same value; then a figure whose measure the
 * extractor could not name, or the only target left on both sides, paired
 * in order.
 */
static void
match_by_section(const fig_ctx *ctx, matching *m)
{
    size_t na = fuzzy_cap(m->na), nb = fuzzy_cap(m->nb);
    /* The same value in the same place is the same figure, reworded. */
    for (size_t i = 0; i < na; i++) {
        const fig *x = &ctx->a[i];
        for (size_t j = 0; j < nb && m->a2b[i] < 0; j++) {
            const fig *y = &ctx->b[j];
            if (m->b2a[j] < 0 && same_signature(x, y) && x->value == y->value &&
                streq_null(x->dir, y->dir))
                pair(m, i, j, 0.5);
        }
    }
    for (size_t i = 0; i < na; i++) {
        const fig *x = &ctx->a[i];
        for (size_t j = 0; j < nb && m->a2b[i] < 0; j++) {
            const fig *y = &ctx->b[j];
            if (m->b2a[j] >= 0 || !same_signature(x, y))
                continue;
            bool unnamed = !str_of(x->v, "measure") || !str_of(y->v, "measure");
            bool only_target = x->target &&
                               leftovers_like(ctx->a, m->a2b, na, x) == 1 &&
                               leftovers_like(ctx->b, m->b2a, nb, y) == 1;
            if (unnamed || only_target)
                pair(m, i, j, 0.5);
        }
    }
}

static void
fig_match(const fig_ctx *ctx, size_t na, size_t nb, double threshold,
          matching *m)
{
    matching_init(m, na, nb);
    for (size_t i = 0; i < na; i++)
        m->ka[i] = fig_key(&ctx->a[i]);
    for (size_t j = 0; j < nb; j++)
        m->kb[j] = fig_key(&ctx->b[j]);
    match_exact(m, fig_prefer, ctx);
    match_fuzzy(m, fig_score, ctx, threshold);
    match_by_section(ctx, m);
}

void
mn_diff_pair_figures(const mn_value *old_figs, const mn_value *new_figs,
                     double threshold, long *new_to_old)
{
    size_t na = count_of(old_figs), nb = count_of(new_figs);
    fig_ctx ctx = {fig_build(NULL, old_figs, na),
                   fig_build(NULL, new_figs, nb)};
    matching m;
    fig_match(&ctx, na, nb, threshold, &m);
    for (size_t j = 0; j < mn_value_len(new_figs); j++)
        new_to_old[j] = j < nb ? m.b2a[j] : -1;
    matching_free(&m);
    fig_free(ctx.a, na);
    fig_free(ctx.b, nb);
}

static char *
fig_subject(const fig *f)
{
    const char *m = str_of(f->v, "measure");
    const char *area = str_of(f->v, "area");
    mn_buf b;
    mn_buf_init(&b, 0);
    (void)mn_buf_printf(&b, "%s",
                        m                 ? m
                        : f->section_name ? f->section_name
                                          : "?");
    if (area)
        (void)mn_buf_printf(&b, " (%s)", area);
    if (f->target)
        (void)mn_buf_printf(&b, " target");
    return mn_buf_take(&b);
}

static char *
fig_text(const fig *f)
{
    const char *t = str_of(f->v, "text");
    char num[64];
    if (!t) {
        fmt_num(f->value, num, sizeof num);
        t = num;
    }
    const char *d = "";
    if (f->dir && !strcmp(f->dir, "up"))
        d = " rise";
    else if (f->dir && !strcmp(f->dir, "down"))
        d = " fall";
    return xconcat3(t, d, "");
}

static double
signed_value(const fig *f)
{
    return f->dir && !strcmp(f->dir, "down") ? -f->value : f->value;
}

/* "target 85%": the target the NEW record states for the same measure. */
static char *
target_note(const fig *all, size_t n, const fig *f)
{
    if (f->target)
        return NULL;
    for (size_t j = 0; j < n; j++)
        if (all[j].target && !strcmp(all[j].measure, f->measure) &&
            streq_null(all[j].kind, f->kind)) {
            const char *t = str_of(all[j].v, "text");
            return t ? xconcat3("target ", t, "") : NULL;
        }
    return NULL;
}

static mn_value *
fig_change(const char *change, const fig *subj, const fig *o, const fig *n)
{
    char *s = fig_subject(subj);
    mn_value *c = change_new("figure", change, s);
    free(s);
    if (o) {
        char *t = fig_text(o);
        mn_map_set_str(c, "old", t);
        free(t);
    }
    if (n) {
        char *t = fig_text(n);
        mn_map_set_str(c, "new", t);
        free(t);
    }
    set_lines(c, o ? o->v : NULL, n ? n->v : NULL);
    return c;
}

static void
fig_report_pair(mn_value *out, const fig_ctx *ctx, size_t nb, size_t i,
                size_t j, double score)
{
    const fig *x = &ctx->a[i], *y = &ctx->b[j];
    bool flipped = x->dir && y->dir && strcmp(x->dir, y->dir) != 0;
    if (!flipped && x->value == y->value)
        return;
    const char *what = flipped     ? "direction_flipped"
                       : y->target ? "target_changed"
                                   : "changed";
    mn_value *c = fig_change(what, y, x, y);
    char d[96];
    fmt_delta(y->kind, y->unit,
              flipped ? signed_value(y) - signed_value(x) : y->value - x->value,
              d, sizeof d);
    mn_map_set_str(c, "delta", d);
    char *note = target_note(ctx->b, nb, y);
    set_str(c, "note", note);
    free(note);
    set_score(c, score);
    mn_list_push(out, c);
}

static void
diff_figures(const mn_value *o, const mn_value *n, double threshold,
             mn_value *out)
{
    const mn_value *lo = list_of(o, "figures"), *ln = list_of(n, "figures");
    size_t na = count_of(lo), nb = count_of(ln);
    fig_ctx ctx = {fig_build(o, lo, na), fig_build(n, ln, nb)};
    matching m;
    fig_match(&ctx, na, nb, threshold, &m);
    for (size_t i = 0; i < na; i++) {
        if (m.a2b[i] >= 0)
            fig_report_pair(out, &ctx, nb, i, (size_t)m.a2b[i], m.score[i]);
        else
            mn_list_push(out,
                         fig_change("disappeared", &ctx.a[i], &ctx.a[i], NULL));
    }
    for (size_t j = 0; j < nb; j++)
        if (m.b2a[j] < 0)
            mn_list_push(out,
                         fig_change("appeared", &ctx.b[j], NULL, &ctx.b[j]));
    matching_free(&m);
    fig_free(ctx.a, na);
    fig_free(ctx.b, nb);
}

/* ------------------------------------------------------------------ */
/* Actions                                                              */

typedef struct act {
    const mn_value *v;
    char *owner; /* resolved, folded; NULL when unknown */
    char *text;  /* folded */
    tokset tk;
} act;

typedef struct act_ctx {
    act *a, *b;
} act_ctx;

/* The owner as a person when the record's attendees say who it is. */
static char *
resolve_owner(const mn_value *rec, const mn_value *action)
{
    const char *raw = str_of(action, "owner_ref");
    if (!raw)
        raw = str_of(action, "owner");
    if (!raw)
        return NULL;
    char *abbr = norm_abbr(raw);
    char *name = norm_name(raw);
    const mn_value *atts = list_of(rec, "attendees");
    size_t n = count_of(atts);
    char *found = NULL;
    for (size_t i = 0; i < n && !found; i++) {
        const mn_value *a = mn_list_at(atts, i);
        char *an = norm_name(str_of(a, "name"));
        char *ab = norm_abbr(str_of(a, "abbr"));
        if (an && ((abbr && ab && !strcmp(abbr, ab)) ||
                   (name && !strcmp(name, an)))) {
            found = an;
            an = NULL;
        }
        free(an);
        free(ab);
    }
    if (!found) {
        found = abbr;
        abbr = NULL;
    }
    free(abbr);
    free(name);
    return found;
}

static act *
act_build(const mn_value *rec, const mn_value *list, size_t n)
{
    act *t = mn_xcalloc(n + 1, sizeof *t);
    for (size_t i = 0; i < n; i++) {
        t[i].v = mn_list_at(list, i);
        t[i].owner = resolve_owner(rec, t[i].v);
        t[i].text = mn_diff_fold(str_of(t[i].v, "text"));
        tokset_build(&t[i].tk, str_of(t[i].v, "text"), TK_TASK);
    }
    return t;
}

static void
act_free(act *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(t[i].owner);
        free(t[i].text);
        tokset_free(&t[i].tk);
    }
    free(t);
}

static double
act_score(const void *vctx, size_t i, size_t j)
{
    const act_ctx *c = vctx;
    const act *x = &c->a[i], *y = &c->b[j];
    double owner = 0.5;
    if (x->owner && y->owner)
        owner = strcmp(x->owner, y->owner) ? 0 : 1;
    return 0.75 * dice(&x->tk, &y->tk) + 0.25 * owner;
}

/* A clause of NEW's text saying something is complete/closed/done. */
typedef struct clause {
    char *text;
    long line;
    tokset tk;
} clause;

typedef struct clauses {
    clause *c;
    size_t n, cap;
} clauses;

static bool
says_done(const char *text)
{
    static const char *const done[] = {"complete", "completed",  "closed",
                                       "done",     "discharged", NULL};
    static const char *const neg[] = {"not",  "yet",      "no",    "never",
                                      "will", "expected", "until", "once",
                                      "when", "if",       NULL};
    char *f = mn_diff_fold(text);
    const char *w[4] = {"", "", "", ""}; /* the three words before */
    bool hit = false;
    char *p = f;
    for (size_t guard = 0; *p && guard < MN_MAX_BLOCK_BYTES && !hit; guard++) {
        char *sp = strchr(p, ' ');
        if (sp)
            *sp = '\0';
        if (in_list(p, done) && !in_list(w[0], neg) && !in_list(w[1], neg) &&
            !in_list(w[2], neg))
            hit = true;
        w[2] = w[1];
        w[1] = w[0];
        w[0] = p;
        if (!sp)
            break;
        p = sp + 1;
    }
    free(f);
    return hit;
}

static void
add_clause(clauses *cs, const char *s, size_t len, long line)
{
    while (len > 0 && (*s == ' ' || *s == '\n'))
        s++, len--;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\n'))
        len--;
    char *text = mn_xstrndup(s, len);
    if (!says_done(text)) {
        free(text);
        return;
    }
    cs->c = mn_xgrow(cs->c, &cs->cap, cs->n + 1, sizeof *cs->c);
    clause *c = &cs->c[cs->n++];
    c->text = text;
    c->line = line;
    tokset_build(&c->tk, text, TK_TASK | TK_DONE);
}

/* Clauses end at . ; ! ? , followed by a space or the end of the text. */
static void
split_clauses(clauses *cs, const char *t, long line)
{
    size_t start = 0, n = strlen(t);
    for (size_t i = 0; i < n; i++) {
        bool end = strchr(".;!?,", t[i]) &&
                   (i + 1 == n || t[i + 1] == ' ' || t[i + 1] == '\n');
        if (!end)
            continue;
        add_clause(cs, t + start, i - start, line);
        start = i + 1;
    }
    if (start < n)
        add_clause(cs, t + start, n - start, line);
}

static void
clauses_build(clauses *cs, const mn_value *paras)
{
    size_t n = count_of(paras);
    for (size_t i = 0; i < n; i++) {
        const mn_value *p = mn_list_at(paras, i);
        const char *t = str_of(p, "text");
        if (t && strlen(t) < MN_MAX_BLOCK_BYTES)
            split_clauses(cs, t, (long)mn_value_as_int(mn_map_get(p, "line")));
    }
}

static void
clauses_free(clauses *cs)
{
    for (size_t i = 0; i < cs->n; i++) {
        free(cs->c[i].text);
        tokset_free(&cs->c[i].tk);
    }
    free(cs->c);
}

/* The clause that best reports this action complete, or NULL. */
static const clause *
completion_of(const clauses *cs, const act *a, double threshold)
{
    const clause *best = NULL;
    double best_s = 0;
    for (size_t k = 0; k < cs->n; k++) {
        size_t common = tokset_common(&a->tk, &cs->c[k].tk);
        double s = overlap(&a->tk, &cs->c[k].tk);
        if (common >= 2 && s + 1e-9 >= threshold && s > best_s) {
            best = &cs->c[k];
            best_s = s;
        }
    }
    return best;
}

static const char *
act_subject(const mn_value *a)
{
    const char *o = str_of(a, "owner");
    return o ? o : "(no owner)";
}

static mn_value *
act_change(const char *change, const mn_value *o, const mn_value *n)
{
    mn_value *c = change_new("action", change, act_subject(n ? n : o));
    if (o)
        set_str(c, "old", str_of(o, "text"));
    if (n)
        set_str(c, "new", str_of(n, "text"));
    set_lines(c, o, n);
    return c;
}

static bool
same_meeting(const mn_value *o, const mn_value *n)
{
    if (mn_value_equal(o, n))
        return true;
    const char *ha = mn_value_as_str(mn_value_path(o, "source.sha256"));
    const char *hb = mn_value_as_str(mn_value_path(n, "source.sha256"));
    if (ha && hb && !strcmp(ha, hb))
        return true;
    const char *da = mn_value_as_str(mn_value_path(o, "meeting.date"));
    const char *db = mn_value_as_str(mn_value_path(n, "meeting.date"));
    return da && db && !strcmp(da, db);
}

static void
act_report_old(mn_value *out, const act_ctx *ctx, const matching *m,
               const clauses *cs, size_t i, bool same, double threshold)
{
    const act *x = &ctx->a[i];
    if (m->a2b[i] >= 0) {
        const act *y = &ctx->b[m->a2b[i]];
        bool reworded = strcmp(x->text, y->text) != 0;
        if (same && !reworded)
            return;
        mn_value *c = act_change(same ? "changed" : "carried_over", x->v, y->v);
        set_score(c, m->score[i]);
        mn_list_push(out, c);
        return;
    }
    const clause *done = same ? NULL : completion_of(cs, x, threshold);
    if (!done) {
        mn_list_push(out, act_change("no_longer_listed", x->v, NULL));
        return;
    }
    mn_value *c = act_change("completed", x->v, NULL);
    mn_map_set_str(c, "new", done->text);
    if (done->line > 0)
        mn_map_set_int(c, "new_line", done->line);
    mn_list_push(out, c);
}

static void
diff_actions(const mn_value *o, const mn_value *n, const mn_diff_options *opt,
             mn_value *out)
{
    const mn_value *lo = list_of(o, "actions"), *ln = list_of(n, "actions");
    size_t na = count_of(lo), nb = count_of(ln);
    act_ctx ctx = {act_build(o, lo, na), act_build(n, ln, nb)};
    matching m;
    matching_init(&m, na, nb);
    for (size_t i = 0; i < na; i++)
        m.ka[i] =
            xconcat3(ctx.a[i].owner ? ctx.a[i].owner : "", "|", ctx.a[i].text);
    for (size_t j = 0; j < nb; j++)
        m.kb[j] =
            xconcat3(ctx.b[j].owner ? ctx.b[j].owner : "", "|", ctx.b[j].text);
    match_exact(&m, NULL, NULL);
    match_fuzzy(&m, act_score, &ctx, opt->threshold);
    clauses cs = {0};
    clauses_build(&cs, opt->new_text);
    bool same = same_meeting(o, n);
    for (size_t i = 0; i < na; i++)
        act_report_old(out, &ctx, &m, &cs, i, same, opt->threshold);
    for (size_t j = 0; j < nb; j++)
        if (m.b2a[j] < 0)
            mn_list_push(out, act_change("new", NULL, ctx.b[j].v));
    clauses_free(&cs);
    matching_free(&m);
    act_free(ctx.a, na);
    act_free(ctx.b, nb);
}

/* ------------------------------------------------------------------ */
/* Recommendations                                                      */

static char *
rec_key(const mn_value *r)
{
    char *k = mn_diff_fold(str_of(r, "kind"));
    const char *num = str_of(r, "number");
    char *id = mn_diff_fold(num ? num : str_of(r, "title"));
    char *key = xconcat3(k, num ? "|#" : "|t:", id);
    free(k);
    free(id);
    return key;
}

static mn_value *
rec_change(const char *change, const mn_value *r, bool is_new)
{
    const char *title = str_of(r, "title");
    mn_value *c =
        change_new("recommendation", change, title ? title : str_of(r, "kind"));
    set_str(c, is_new ? "new" : "old", str_of(r, "text"));
    set_lines(c, is_new ? NULL : r, is_new ? r : NULL);
    return c;
}

static void
diff_recommendations(const mn_value *o, const mn_value *n, mn_value *out)
{
    const mn_value *lo = list_of(o, "recommendations");
    const mn_value *ln = list_of(n, "recommendations");
    size_t na = count_of(lo), nb = count_of(ln);
    matching m;
    matching_init(&m, na, nb);
    for (size_t i = 0; i < na; i++)
        m.ka[i] = rec_key(mn_list_at(lo, i));
    for (size_t j = 0; j < nb; j++)
        m.kb[j] = rec_key(mn_list_at(ln, j));
    match_exact(&m, NULL, NULL);
    for (size_t i = 0; i < na; i++)
        if (m.a2b[i] < 0)
            mn_list_push(out, rec_change("removed", mn_list_at(lo, i), false));
    for (size_t j = 0; j < nb; j++)
        if (m.b2a[j] < 0)
            mn_list_push(out, rec_change("added", mn_list_at(ln, j), true));
    matching_free(&m);
}

/* ------------------------------------------------------------------ */
/* Entry points                                                         */

void
mn_diff_options_init(mn_diff_options *o)
{
    memset(o, 0, sizeof *o);
    o->threshold = MN_DIFF_DEFAULT_THRESHOLD;
    o->only = MN_DIFF_ALL;
}

unsigned
mn_diff_parse_kinds(const char *list)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"attendees", MN_DIFF_ATTENDEES},
                 {"attendee", MN_DIFF_ATTENDEES},
                 {"sections", MN_DIFF_SECTIONS},
                 {"section", MN_DIFF_SECTIONS},
                 {"figures", MN_DIFF_FIGURES},
                 {"figure", MN_DIFF_FIGURES},
                 {"actions", MN_DIFF_ACTIONS},
                 {"action", MN_DIFF_ACTIONS},
                 {"recommendations", MN_DIFF_RECOMMENDATIONS},
                 {"recommendation", MN_DIFF_RECOMMENDATIONS},
                 {"all", MN_DIFF_ALL}};
    unsigned bits = 0;
    const char *p = list;
    for (size_t guard = 0; p && *p && guard < 64; guard++) {
        size_t len = strcspn(p, ",");
        unsigned bit = 0;
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            if (strlen(names[i].name) == len && !strncmp(p, names[i].name, len))
                bit = names[i].bit;
        if (!bit)
            return 0;
        bits |= bit;
        p += len;
        if (*p == ',')
            p++;
    }
    return bits;
}

mn_value *
mn_diff_records(const mn_value *old_rec, const mn_value *new_rec,
                const mn_diff_options *opt)
{
    mn_diff_options def;
    if (!opt) {
        mn_diff_options_init(&def);
        opt = &def;
    }
    unsigned only = opt->only ? opt->only : MN_DIFF_ALL;
    mn_value *out = mn_value_list();
    if (only & MN_DIFF_ATTENDEES)
        diff_attendees(old_rec, new_rec, opt->threshold, out);
    if (only & MN_DIFF_SECTIONS)
        diff_sections(old_rec, new_rec, opt, only, out);
    if (only & MN_DIFF_FIGURES)
        diff_figures(old_rec, new_rec, opt->threshold, out);
    if (only & MN_DIFF_ACTIONS)
        diff_actions(old_rec, new_rec, opt, out);
    if (only & MN_DIFF_RECOMMENDATIONS)
        diff_recommendations(old_rec, new_rec, out);
    return out;
}

/* ------------------------------------------------------------------ */
/* Text report                                                          */

static const struct group {
    const char *kind, *title;
} groups[] = {{"attendee", "Attendees"},
              {"section", "Sections"},
              {"figure", "Figures"},
              {"action", "Actions"},
              {"recommendation", "Recommendations"}};

/* The mark and ANSI colour of a change. */
static char
change_mark(const char *change, const char **colour)
{
    static const char *const plus[] = {"joined", "added",    "appeared",
                                       "new",    "recorded", NULL};
    static const char *const minus[] = {"left",         "removed",
                                        "disappeared",  "no_longer_listed",
                                        "not_recorded", NULL};
    if (in_list(change, plus)) {
        *colour = "\033[32m";
        return '+';
    }
    if (in_list(change, minus)) {
        *colour = "\033[31m";
        return '-';
    }
    if (!strcmp(change, "completed")) {
        *colour = "\033[32m";
        return '*';
    }
    if (!strcmp(change, "moved")) {
        *colour = "\033[36m";
        return '>';
    }
    if (!strcmp(change, "carried_over")) {
        *colour = "\033[33m";
        return '=';
    }
    *colour = "\033[33m";
    return '~';
}

/* Long texts (a recommendation's paragraph) are cut in the text report;
 * YAML and JSON keep them whole. */
#define REPORT_TEXT_MAX 100

static void
put_short(mn_buf *out, const char *s)
{
    size_t n = strlen(s);
    if (n <= REPORT_TEXT_MAX) {
        (void)mn_buf_append(out, s, n);
        return;
    }
    size_t cut = REPORT_TEXT_MAX;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    (void)mn_buf_append(out, s, cut);
    (void)mn_buf_printf(out, "…");
}

static void
render_change(const mn_value *c, bool colour, mn_buf *out)
{
    const char *change = mn_map_get_str(c, "change");
    const char *col = "";
    char mark = change_mark(change ? change : "", &col);
    const char *o = str_of(c, "old"), *n = str_of(c, "new");
    const char *d = str_of(c, "delta"), *note = str_of(c, "note");
    (void)mn_buf_printf(out, "  %s%c %s%s: %s", colour ? col : "", mark,
                        change ? change : "", colour ? "\033[0m" : "",
                        str_of(c, "subject") ? str_of(c, "subject") : "");
    if (o || n)
        (void)mn_buf_printf(out, ": ");
    if (o)
        put_short(out, o);
    if (o && n)
        (void)mn_buf_printf(out, " → ");
    if (n)
        put_short(out, n);
    if (d || note)
        (void)mn_buf_printf(out, " (%s%s%s)", d ? d : "", d && note ? ", " : "",
                            note ? note : "");
    long lo = (long)mn_value_as_int(mn_map_get(c, "old_line"));
    long ln = (long)mn_value_as_int(mn_map_get(c, "new_line"));
    if (lo > 0 && ln > 0)
        (void)mn_buf_printf(out, " [lines %ld → %ld]", lo, ln);
    else if (lo > 0 || ln > 0)
        (void)mn_buf_printf(out, " [%s line %ld]", lo > 0 ? "old" : "new",
                            lo > 0 ? lo : ln);
    (void)mn_buf_putc(out, '\n');
}

void
mn_diff_render_text(const mn_value *changes, const char *old_name,
                    const char *new_name, bool colour, mn_buf *out)
{
    size_t n = mn_value_len(changes);
    if (n == 0)
        return;
    (void)mn_buf_printf(out, "--- %s\n+++ %s\n", old_name ? old_name : "old",
                        new_name ? new_name : "new");
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
        bool heading = false;
        for (size_t i = 0; i < n; i++) {
            const mn_value *c = mn_list_at(changes, i);
            if (!streq_null(mn_map_get_str(c, "kind"), groups[g].kind))
                continue;
            if (!heading)
                (void)mn_buf_printf(out, "%s%s%s\n", colour ? "\033[1m" : "",
                                    groups[g].title, colour ? "\033[0m" : "");
            heading = true;
            render_change(c, colour, out);
        }
    }
    (void)mn_buf_printf(out, "%zu change%s\n", n, n == 1 ? "" : "s");
}
