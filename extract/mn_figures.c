/*
 * Figures pass: the rule pack (rules/figures.yaml) finds each figure and its
 * kind; this file reads the sentence around it to say what it measures, in
 * which direction it moved, whether it is a target, and for which area.
 * Those readings are English, not publisher style, so they are code.
 * Overlapping matches are resolved by rule priority: "4 percentage points"
 * is one figure, not a percentage plus a count.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_buf.h"
#include "mn_extract_int.h"
#include "mn_limits.h"

typedef struct accepted {
    size_t start, len;
    mn_value *fig;
} accepted;

typedef struct block_state {
    accepted *items;
    size_t n, cap;
} block_state;

/* ---- words -------------------------------------------------------------- */

static const char *const up_words[] = {
    "increase", "increased", "increases", "increasing", "rise",  "rises",
    "rose",     "risen",     "rising",    "up",         "higher", "improvement",
    "improved", "improving", "grew",      "growth",     "more",   NULL};
static const char *const down_words[] = {
    "reduction", "reductions", "reduced",  "decrease", "decreased",
    "decreases", "decline",    "declined", "declining", "fall",
    "falls",     "fell",       "fallen",   "drop",     "dropped",
    "down",      "lower",      "fewer",    "less",     NULL};
/* Words that end a noun phrase read after or before a figure. */
static const char *const np_stop[] = {
    "within",  "when",   "compared", "which",   "and",   "but",    "over",
    "since",   "for",    "against",  "being",   "was",   "is",     "were",
    "are",     "to",     "by",       "this",    "that",
    "than",    "year",   "at",       "in",      "on",    "across", "during",
    "as",      "has",    "have",     "had",     "while", "whilst", "per",
    "compare", "though", "so",       "because", "where", "it",     "its",
    NULL};
static const char *const determiners[] = {"the", "a", "an", "all", "this",
                                          "our", "their", "its", "of",
                                          "overall", NULL};
static const char *const subject_verbs[] = {
    "sits",    "sat",      "stands",   "stood",  "is",      "was",
    "are",     "were",     "remains",  "remain", "remained", "reached",
    "rose",    "fell",     "increased", "decreased", "improved", "dropped",
    "declined", "vary",    "varies",   "has",    "have",    "had",
    "currently", "stand",  "shows",    "showed", "reduced", "grew",
    "at",      NULL};

static bool
in_list(const char *const *list, const char *w, size_t n)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && strncasecmp(list[i], w, n) == 0)
            return true;
    return false;
}

/* A word: ASCII letters, digits, apostrophes, hyphens, and any non-ASCII
 * byte (so accented names and curly apostrophes stay inside words). */
static bool
word_byte(unsigned char c)
{
    return isalnum(c) || c == '\'' || c == '-' || c == '/' || c >= 0x80;
}

typedef struct word {
    size_t s, e;
} word;

/* Split text[from..to) into words; punctuation other than word bytes is a
 * boundary, and a ',' ';' '(' or ')' is remembered as a break. */
static size_t
split_words(const char *t, size_t from, size_t to, word *w, size_t max,
            bool *brk_before)
{
    size_t n = 0;
    bool brk = false;
    for (size_t i = from; i < to && n < max;) {
        unsigned char c = (unsigned char)t[i];
        if (c == '(') {
            /* "(TFP)", "(ASB)": asides, not part of any phrase */
            size_t k = i + 1;
            while (k < to && k - i < 40 && t[k] != ')' && t[k] != '(')
                k++;
            if (k < to && t[k] == ')') {
                i = k + 1;
                continue;
            }
        }
        if (!word_byte(c)) {
            if (c == ',' || c == ';' || c == '(' || c == ')' || c == ':')
                brk = true;
            i++;
            continue;
        }
        size_t s = i;
        while (i < to && word_byte((unsigned char)t[i]))
            i++;
        w[n].s = s;
        w[n].e = i;
        brk_before[n] = brk;
        brk = false;
        n++;
    }
    return n;
}

/* ---- sentences ---------------------------------------------------------- */

static bool
sentence_end(const char *t, size_t len, size_t i)
{
    char c = t[i];
    if (c != '.' && c != '?' && c != '!' && c != '\n')
        return false;
    if (c == '.' && i + 1 < len && isdigit((unsigned char)t[i + 1]))
        return false; /* 0.4 */
    return i + 1 >= len || t[i + 1] == ' ' || t[i + 1] == '\n';
}

static void
sentence_bounds(const mn_block *b, size_t start, size_t end, size_t *ss,
                size_t *se)
{
    size_t s = start;
    while (s > 0 && !sentence_end(b->text, b->len, s - 1))
        s--;
    size_t e = end;
    while (e < b->len && !sentence_end(b->text, b->len, e))
        e++;
    *ss = s;
    *se = e;
}

/* ---- values --------------------------------------------------------------- */

static double
word_number(const char *w)
{
    static const struct {
        const char *w;
        double v;
    } nums[] = {{"one", 1},     {"two", 2},        {"three", 3},   {"four", 4},
                {"five", 5},    {"six", 6},        {"seven", 7},   {"eight", 8},
                {"nine", 9},    {"ten", 10},       {"eleven", 11}, {"twelve", 12},
                {"fifteen", 15}, {"twenty", 20},   {"thirty", 30}, {"forty", 40},
                {"fifty", 50},  {"sixty", 60},     {"seventy", 70}, {"eighty", 80},
                {"ninety", 90}, {"a hundred", 100}, {"one hundred", 100},
                {"second", 2},  {"third", 3},      {"fourth", 4},  {"fifth", 5},
                {"sixth", 6},   {"seventh", 7},    {"eighth", 8},  {"ninth", 9},
                {"tenth", 10}};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        if (strcasecmp(w, nums[i].w) == 0)
            return nums[i].v;
    return NAN;
}

static double
parse_number(const char *s)
{
    char buf[64];
    size_t n = 0;
    for (; *s && n + 1 < sizeof buf; s++)
        if (*s != ',')
            buf[n++] = *s;
    buf[n] = '\0';
    char *end = NULL;
    double v = strtod(buf, &end);
    return end && end != buf ? v : word_number(buf);
}

static double
money_multiplier(const char *m)
{
    if (!m)
        return 1;
    if (!strcasecmp(m, "k") || !strcasecmp(m, "thousand"))
        return 1e3;
    if (!strcasecmp(m, "m") || !strcasecmp(m, "million"))
        return 1e6;
    if (!strcasecmp(m, "bn") || !strcasecmp(m, "billion"))
        return 1e9;
    return 1;
}

static double
figure_value(const mn_block *b, const mn_match *mt, const char *kind)
{
    char *v = mn_x_cap(b, mt, "value", NULL);
    if (!v)
        v = mn_x_cap(b, mt, "word", NULL);
    double d = v ? parse_number(v) : NAN;
    free(v);
    if (kind && strcmp(kind, "money") == 0) {
        char *m = mn_x_cap(b, mt, "mult", NULL);
        d *= money_multiplier(m);
        free(m);
        d = round(d * 100) / 100; /* pence */
    }
    return d;
}

/* ---- readings of the sentence --------------------------------------------- */

static char *
lower_phrase(const char *t, const word *w, size_t from, size_t to)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    for (size_t i = from; i < to; i++) {
        if (b.len)
            mn_buf_putc(&b, ' ');
        for (size_t k = w[i].s; k < w[i].e; k++)
            mn_buf_putc(&b, (char)tolower((unsigned char)t[k]));
    }
    return b.len ? mn_buf_take(&b) : (mn_buf_free(&b), NULL);
}

static bool
is_word(const char *t, const word *w, const char *const *list)
{
    return in_list(list, t + w->s, w->e - w->s);
}

static bool
has_digit(const char *t, const word *w)
{
    for (size_t k = w->s; k < w->e; k++)
        if (isdigit((unsigned char)t[k]))
            return true;
    return false;
}

/* Noun phrase starting at word i: skip determiners, stop at a stop word, a
 * break, a number or after 6 words. */
static char *
np_forward(const char *t, const word *w, const bool *brk, size_t n, size_t i)
{
    while (i < n && is_word(t, &w[i], determiners))
        i++;
    size_t s = i;
    while (i < n && i - s < 6 && !is_word(t, &w[i], np_stop) &&
           !has_digit(t, &w[i]) && (i == s || !brk[i]))
        i++;
    return i > s ? lower_phrase(t, w, s, i) : NULL;
}

/* The subject of the sentence: words from its start (or the last break)
 * up to the first linking verb before the figure. */
static bool capitalised(const char *t, const word *w);

static bool
is_in(const char *t, const word *w)
{
    return w->e - w->s == 2 && strncasecmp(t + w->s, "in", 2) == 0;
}

/* Subject from word s: a noun phrase up to a linking verb, optionally
 * qualified by "in <Place>" ("Public confidence in Thornbury Vale currently
 * sits at 82%"), which becomes the area. */
static char *
np_subject_from(const char *t, const word *w, size_t s, size_t nfig,
                char **area)
{
    size_t e = s;
    while (e < nfig && !is_word(t, &w[e], subject_verbs) &&
           !is_word(t, &w[e], np_stop))
        e++;
    size_t v = e, ps = 0, pe = 0;
    if (v + 1 < nfig && is_in(t, &w[v]) && capitalised(t, &w[v + 1])) {
        ps = v + 1;
        pe = ps;
        while (pe < nfig && pe - ps < 4 && capitalised(t, &w[pe]))
            pe++;
        v = pe;
    }
    if (v >= nfig || !is_word(t, &w[v], subject_verbs))
        return NULL; /* no linking verb: not a subject */
    while (s < e && is_word(t, &w[s], determiners))
        s++;
    if (e == s || e - s > 6)
        return NULL;
    if (pe > ps && area && !*area)
        *area = mn_xstrndup(t + w[ps].s, w[pe - 1].e - w[ps].s);
    return lower_phrase(t, w, s, e);
}

static char *
np_subject(const char *t, const word *w, const bool *brk, size_t nfig,
           char **area)
{
    char *m = np_subject_from(t, w, 0, nfig, area);
    for (size_t i = nfig; !m && i-- > 1;)
        if (brk[i])
            m = np_subject_from(t, w, i, nfig, area);
    return m;
}

/* "8th highest in the country for homicide rates": a rank's measure
 * follows "for"; the "in ..." phrase is the comparison group. */
static char *
rank_measure(const char *t, const word *w, const bool *brk, size_t n,
             size_t after)
{
    for (size_t i = after; i < n && i < after + 8; i++)
        if (w[i].e - w[i].s == 3 && strncasecmp(t + w[i].s, "for", 3) == 0)
            return np_forward(t, w, brk, n, i + 1);
    return NULL;
}

static const char *
direction_near(const char *t, const word *w, size_t n, size_t before,
               size_t after)
{
    for (size_t i = after; i < n && i < after + 2; i++) {
        if (is_word(t, &w[i], up_words))
            return "up";
        if (is_word(t, &w[i], down_words))
            return "down";
    }
    for (size_t k = 0; k < 3 && k < before; k++) {
        const word *x = &w[before - 1 - k];
        if (is_word(t, x, up_words))
            return "up";
        if (is_word(t, x, down_words))
            return "down";
    }
    return NULL;
}

static bool
capitalised(const char *t, const word *w)
{
    return isupper((unsigned char)t[w->s]) && !has_digit(t, w);
}

/* "in South Worcestershire" right after the figure (or its noun phrase). */
static char *
area_after(const char *t, const word *w, size_t n, size_t i)
{
    for (size_t k = i; k < n && k < i + 4; k++) {
        if (!(w[k].e - w[k].s == 2 && strncasecmp(t + w[k].s, "in", 2) == 0))
            continue;
        size_t s = k + 1, e = s;
        while (e < n && e - s < 4 && capitalised(t, &w[e]))
            e++;
        if (e > s)
            return mn_xstrndup(t + w[s].s, w[e - 1].e - w[s].s);
        return NULL;
    }
    return NULL;
}

static bool
mentions_target(const char *t, const word *w, size_t n, size_t before,
                size_t after)
{
    static const char *const tw[] = {"target", "targets", "aim", "aims",
                                     "aspiration", "goal", NULL};
    for (size_t k = 0; k < 5 && k < before; k++)
        if (is_word(t, &w[before - 1 - k], tw))
            return true;
    return after < n && is_word(t, &w[after], tw);
}


typedef struct reading {
    char *measure;
    const char *direction;
    bool target;
    char *area;
} reading;

/* Measure after the figure: "7% reduction in total recorded crime",
 * "60% of calls", "12% action taken rate". */
static char *
measure_after(const char *t, const word *w, const bool *brk, size_t n,
              size_t after)
{
    size_t i = after;
    if (i < n && (is_word(t, &w[i], up_words) || is_word(t, &w[i], down_words)))
        i++;
    if (i < n && !brk[i] && (w[i].e - w[i].s == 2) &&
        (strncasecmp(t + w[i].s, "in", 2) == 0 ||
         strncasecmp(t + w[i].s, "of", 2) == 0)) {
        i++;
        if (i < n && capitalised(t, &w[i]) && i == after + 1)
            return NULL; /* "83% in Shropshire": an area, not a measure */
        if (i + 2 < n && strncasecmp(t + w[i].s, "number", 6) == 0)
            i += 2; /* "the number of" */
        return np_forward(t, w, brk, n, i);
    }
    if (i == after && i < n && !brk[i] && islower((unsigned char)t[w[i].s]))
        return np_forward(t, w, brk, n, i);
    return NULL;
}

static void
read_sentence(const mn_block *b, size_t ss, size_t se, size_t fs, size_t fe,
              const char *kind, reading *r)
{
    word w[256];
    bool brk[256];
    size_t n = split_words(b->text, ss, se, w, 256, brk);
    size_t before = 0, after = 0;
    while (before < n && w[before].e <= fs)
        before++;
    after = before;
    while (after < n && w[after].s < fe)
        after++;
    const char *t = b->text;
    r->direction = direction_near(t, w, n, before, after);
    r->target = mentions_target(t, w, n, before, after);
    if (strcmp(kind, "rank") == 0)
        r->measure = rank_measure(t, w, brk, n, after);
    else if (strcmp(kind, "count") != 0)
        r->measure = measure_after(t, w, brk, n, after);
    r->area = area_after(t, w, n, after);
    if (!r->measure)
        r->measure = np_subject(t, w, brk, before, &r->area);
}

/* Drop a parenthesised abbreviation from a measure: "theft from person
 * (tfp) offences" is read as words, so only stray "tfp" tokens remain —
 * the phrase builder already skips '(' breaks. Trim trailing spaces. */
static void
tidy_measure(char *m)
{
    size_t n = strlen(m);
    while (n && (m[n - 1] == ' ' || m[n - 1] == '\''))
        m[--n] = '\0';
}

/* ---- building ------------------------------------------------------------- */

static bool
overlaps(const block_state *st, size_t s, size_t len)
{
    for (size_t i = 0; i < st->n; i++)
        if (s < st->items[i].start + st->items[i].len &&
            st->items[i].start < s + len)
            return true;
    return false;
}

static mn_value *
build_figure(mn_xctx *x, size_t bi, const mn_block *b, const mn_match *mt)
{
    const char *kind = mn_x_rule_set(mt->rule, "kind");
    if (!kind)
        kind = "count";
    double v = figure_value(b, mt, kind);
    if (isnan(v))
        return NULL;
    size_t ss, se;
    sentence_bounds(b, mt->start, mt->start + mt->len, &ss, &se);
    reading r = {0};
    read_sentence(b, ss, se, mt->start, mt->start + mt->len, kind, &r);
    mn_value *f = mn_value_map();
    mn_map_set_str(f, "kind", kind);
    mn_map_set_num(f, "value", v);
    mn_map_set_strn(f, "text", b->text + mt->start, mt->len);
    if (r.measure)
        tidy_measure(r.measure);
    mn_map_set_str(f, "measure", r.measure);
    mn_map_set_str(f, "direction", r.direction);
    mn_map_set_bool(f, "target", r.target);
    mn_map_set_str(f, "area", r.area);
    char *unit = mn_x_cap(b, mt, "unit", NULL);
    if (!unit && strcmp(kind, "fraction") == 0)
        unit = mn_x_cap(b, mt, "den", NULL);
    mn_map_set_str(f, "unit", unit);
    mn_map_set_str(f, "section", x->block_section[bi]);
    mn_map_set_int(f, "line", mn_x_line(b, mt->start));
    free(unit);
    free(r.measure);
    free(r.area);
    return f;
}

static bool
on_figure(mn_xctx *x, size_t bi, const mn_block *b, const mn_match *mt,
          void *ud)
{
    block_state *st = ud;
    if (mt->len == 0 || overlaps(st, mt->start, mt->len))
        return true;
    mn_value *f = build_figure(x, bi, b, mt);
    if (!f)
        return true;
    st->items = mn_xgrow(st->items, &st->cap, st->n + 1, sizeof *st->items);
    st->items[st->n++] = (accepted){mt->start, mt->len, f};
    return true;
}

static int
by_start(const void *a, const void *b)
{
    const accepted *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

void
mn_x_figures(mn_xctx *x)
{
    mn_value *list = mn_x_list(x, "figures");
    block_state st = {0};
    bool capped = false;
    for (size_t bi = 0; bi < x->nblocks; bi++) {
        if (x->block_is_attendance[bi] || x->block_is_section_heading[bi])
            continue;
        st.n = 0;
        mn_x_match_block(x, "figure", bi, true, false, on_figure, &st);
        if (st.n > 1)
            qsort(st.items, st.n, sizeof *st.items, by_start);
        for (size_t i = 0; i < st.n; i++) {
            if (mn_value_len(list) >= MN_MAX_RECORD_ITEMS) {
                if (!capped)
                    mn_x_warn(x, 0, "more than %d figures; the rest are "
                                    "not listed",
                              MN_MAX_RECORD_ITEMS);
                capped = true;
                mn_value_free(st.items[i].fig);
                continue;
            }
            mn_list_push(list, st.items[i].fig);
        }
    }
    free(st.items);
}
