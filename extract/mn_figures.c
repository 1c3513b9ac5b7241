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

#define SENTENCE_WINDOW 600  /* bytes either side of a figure */
#define NOUN_WINDOW     4000 /* bytes either side searched by common_noun */

typedef struct accepted {
    size_t start, len;
    size_t sentence; /* start of its sentence in the block */
    mn_value *fig;
} accepted;

typedef struct word {
    size_t s, e;
} word;

#define MAX_SENTENCE_WORDS 256

/* The words of the sentence last read: a sentence often holds several
 * figures ("61% ... against a target of 80%"), each read from the same
 * words. */
typedef struct sentence_words {
    const char *text; /* the block's; NULL: nothing split yet */
    size_t ss, se;
    size_t n;
    word w[MAX_SENTENCE_WORDS];
    bool brk[MAX_SENTENCE_WORDS];
} sentence_words;

typedef struct block_state {
    accepted *items;
    size_t n, cap;
    sentence_words words;
} block_state;

/* ---- words -------------------------------------------------------------- */

static const char *const up_words[] = {
    "increase", "increased", "increases", "increasing", "rise",   "rises",
    "rose",     "risen",     "rising",    "up",         "higher", "improvement",
    "improved", "improving", "grew",      "growth",     "more",   NULL};
static const char *const down_words[] = {
    "reduction", "reductions", "reduced",  "decrease",  "decreased",
    "decreases", "decline",    "declined", "declining", "fall",
    "falls",     "fell",       "fallen",   "drop",      "dropped",
    "down",      "lower",      "fewer",    "less",      NULL};
/* Words that end a noun phrase read after or before a figure. */
static const char *const np_stop[] = {
    "within",   "when",      "compared", "which",   "and",      "but",
    "over",     "since",     "for",      "against", "being",    "was",
    "is",       "were",      "are",      "to",      "by",       "this",
    "that",     "than",      "year",     "at",      "in",       "on",
    "across",   "during",    "as",       "has",     "have",     "had",
    "while",    "whilst",    "per",      "compare", "though",   "so",
    "because",  "where",     "it",       "its",     "would",    "will",
    "could",    "should",    "may",      "might",   "can",      "must",
    "be",       "been",      "said",     "says",    "reported", "confirmed",
    "noted",    "explained", "asked",    "told",    "stated",   "highlighted",
    "welcomed", "accepted",  "agreed",   "after",   "before",   "up",
    "down",     NULL};
/* Nouns that say how often or when, not what: "82% of occasions", "9% in
 * the quarter". A phrase made only of these is no measure. */
static const char *const not_measures[] = {
    "occasions", "cases",   "times",  "instances", "time",  "quarter", "year",
    "month",     "week",    "period", "months",    "years", "weeks",   "day",
    "days",      "date",    "total",  "place",     "of",    "last",    "past",
    "previous",  "same",    "first",  "next",      "two",   "three",   "four",
    "five",      "six",     "seven",  "eight",     "nine",  "ten",     "twelve",
    "target",    "targets", "aim",    "goal",      NULL};
static const char *const determiners[] = {"the",  "a",       "an",    "all",
                                          "this", "our",     "their", "its",
                                          "of",   "overall", NULL};
static const char *const subject_verbs[] = {
    "sits",      "sat",    "stands",    "stood",     "is",       "was",
    "are",       "were",   "remains",   "remain",    "remained", "reached",
    "rose",      "fell",   "increased", "decreased", "improved", "dropped",
    "declined",  "vary",   "varies",    "has",       "have",     "had",
    "currently", "stand",  "shows",     "showed",    "reduced",  "grew",
    "at",        "ranges", "range",     "ranged",    "totalled", "totals",
    "fallen",    "risen",  "increases", "decreases", NULL};

static bool
in_list(const char *const *list, const char *w, size_t n)
{
    /* Called for every word near every figure: compare the first letter
     * before strncasecmp; the list word must end where w does. */
    int c0 = tolower((unsigned char)w[0]);
    for (size_t i = 0; list[i]; i++)
        if (tolower((unsigned char)list[i][0]) == c0 &&
            strncasecmp(list[i], w, n) == 0 && list[i][n] == '\0')
            return true;
    return false;
}

/* A word: ASCII letters, digits, apostrophes, hyphens, and any non-ASCII
 * byte (so accented names and curly apostrophes stay inside words). ASCII
 * ranges rather than isalnum: this runs on every byte near every figure,
 * and the text is UTF-8 whatever the locale. */
static bool
word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '\'' || c == '-' || c == '/' ||
           c >= 0x80;
}

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
        if (c == 0xE2 && i + 2 < to && (unsigned char)t[i + 1] == 0x80 &&
            ((unsigned char)t[i + 2] == 0x93 ||
             (unsigned char)t[i + 2] == 0x94)) {
            brk = true; /* en or em dash: an aside or a range */
            i += 3;
            continue;
        }
        if (!word_byte(c)) {
            if (c == ',' || c == ';' || c == '(' || c == ')' || c == ':')
                brk = true;
            i++;
            continue;
        }
        size_t s = i;
        while (i < to && (word_byte((unsigned char)t[i]) ||
                          (t[i] == ',' && i + 1 < to && i > s &&
                           isdigit((unsigned char)t[i - 1]) &&
                           isdigit((unsigned char)t[i + 1]))))
            i++; /* "60,000" is one word */
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
    /* A "sentence" longer than the window (a table flattened into one
     * line, a 50 MB paragraph) is cut there: the reading only looks a few
     * words around the figure, and an unbounded scan per figure would make
     * a long block quadratic. */
    size_t lo = start > SENTENCE_WINDOW ? start - SENTENCE_WINDOW : 0;
    size_t hi = b->len - end > SENTENCE_WINDOW ? end + SENTENCE_WINDOW : b->len;
    size_t s = start;
    while (s > lo && !sentence_end(b->text, b->len, s - 1))
        s--;
    size_t e = end;
    while (e < hi && !sentence_end(b->text, b->len, e))
        e++;
    *ss = s;
    *se = e;
}

/* ---- values ---------------------------------------------------------------
 */

static double
word_number(const char *w)
{
    static const struct {
        const char *w;
        double v;
    } nums[] = {{"one", 1},         {"two", 2},           {"three", 3},
                {"four", 4},        {"five", 5},          {"six", 6},
                {"seven", 7},       {"eight", 8},         {"nine", 9},
                {"ten", 10},        {"eleven", 11},       {"twelve", 12},
                {"fifteen", 15},    {"twenty", 20},       {"thirty", 30},
                {"forty", 40},      {"fifty", 50},        {"sixty", 60},
                {"seventy", 70},    {"eighty", 80},       {"ninety", 90},
                {"a hundred", 100}, {"one hundred", 100}, {"second", 2},
                {"third", 3},       {"fourth", 4},        {"fifth", 5},
                {"sixth", 6},       {"seventh", 7},       {"eighth", 8},
                {"ninth", 9},       {"tenth", 10}};
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

/* ---- readings of the sentence ---------------------------------------------
 */

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

static bool
only_not_measures(const char *t, const word *w, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        if (!is_word(t, &w[i], not_measures))
            return false;
    return true;
}

/* A word that starts a clause rather than a noun phrase: "64% favouring",
 * "30% would be". */
static bool
verb_like(const char *t, const word *w, const word *next)
{
    size_t n = w->e - w->s;
    const char *p = t + w->s;
    bool form = (n > 4 && strncasecmp(p + n - 3, "ing", 3) == 0) ||
                (n > 4 && strncasecmp(p + n - 2, "ed", 2) == 0);
    /* "64% favouring a shared site" is a clause; "12 month rolling
     * homicide total" is a noun phrase. */
    return form && next && is_word(t, next, determiners);
}

/* Noun phrase starting at word i: skip determiners, stop at a stop word, a
 * break, a number (unless it names the thing: "999 calls") or after 6
 * words. */
static char *
np_forward(const char *t, const word *w, const bool *brk, size_t n, size_t i)
{
    while (i < n && is_word(t, &w[i], determiners))
        i++;
    size_t s = i;
    while (i < n && i - s < 6 && !is_word(t, &w[i], np_stop) &&
           (!has_digit(t, &w[i]) ||
            (i == s && i + 1 < n && !brk[i + 1] && !has_digit(t, &w[i + 1]))) &&
           (i == s || !brk[i]))
        i++;
    if (i == s || only_not_measures(t, w, s, i) ||
        verb_like(t, &w[s], s + 1 < n ? &w[s + 1] : NULL))
        return NULL;
    return lower_phrase(t, w, s, i);
}

/* The subject of the sentence: words from its start (or the last break)
 * up to the first linking verb before the figure. */
static bool capitalised(const char *t, const word *w);
static bool calendar_word(const char *t, const word *w);

/* Titles that start a person's name: a subject starting with one is a
 * person, not a measure. */
static bool
capitalised_name(const char *t, const word *w)
{
    static const char *const titles[] = {
        "Mr", "Mrs", "Ms", "Dr", "Cllr", "Councillor", "Miss", "Prof", NULL};
    return in_list(titles, t + w->s, w->e - w->s) &&
           isupper((unsigned char)t[w->s]);
}

/* A capitalised word that also appears in lower case in the block
 * ("Confidence is highest…" beside "public confidence") is a common noun
 * at the start of a sentence, not a name. */
static bool
common_noun(const char *t, const word *w)
{
    size_t n = w->e - w->s;
    if (n < 2 || n > 40)
        return false;
    char low[41];
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)t[w->s + i]);
    low[n] = '\0';
    /* Bounded: the block may be one 50 MB line. */
    size_t from = w->s > NOUN_WINDOW ? w->s - NOUN_WINDOW : 0;
    for (size_t i = from; i < w->s + NOUN_WINDOW && t[i]; i++) {
        if (t[i] != low[0] || strncmp(t + i, low, n) != 0)
            continue;
        bool left = i == 0 || !word_byte((unsigned char)t[i - 1]);
        bool right = !word_byte((unsigned char)t[i + n]);
        if (left && right)
            return true;
    }
    return false;
}

static bool
is_in(const char *t, const word *w)
{
    return w->e - w->s == 2 && strncasecmp(t + w->s, "in", 2) == 0;
}

static char *
np_subject_from(const char *t, const word *w, size_t s, size_t nfig,
                char **area)
{
    size_t e = s;
    /* "of"/"for" may qualify a subject ("action taken rate for all crime")
     * but not start it. */
    while (e < nfig && !is_word(t, &w[e], subject_verbs) &&
           (!is_word(t, &w[e], np_stop) ||
            (e > s && (w[e].e - w[e].s == 3) &&
             strncasecmp(t + w[e].s, "for", 3) == 0)))
        e++;
    size_t v = e, ps = 0, pe = 0;
    if (v + 1 < nfig && is_in(t, &w[v]) && capitalised(t, &w[v + 1])) {
        ps = v + 1;
        pe = ps;
        while (pe < nfig && pe - ps < 4 && capitalised(t, &w[pe]))
            pe++;
        v = pe;
        if (calendar_word(t, &w[ps]))
            ps = pe; /* "in December": a time, not a place */
    }
    if (v >= nfig || !is_word(t, &w[v], subject_verbs))
        return NULL; /* no linking verb: not a subject */
    while (s < e && is_word(t, &w[s], determiners))
        s++;
    if (e == s || e - s > 6 || only_not_measures(t, w, s, e))
        return NULL;
    for (size_t i = s; i < e; i++)
        if (has_digit(t, &w[i]) || capitalised_name(t, &w[i]))
            return NULL; /* "88 of 999 calls", "Mr Tindall": not a measure */
    bool proper = true;
    for (size_t i = s; i < e && proper; i++)
        proper = capitalised(t, &w[i]) && !common_noun(t, &w[i]);
    /* Mid-sentence, a capitalised first word is a name: "and the
     * Harrowdene local policing area lowest at 72%". */
    size_t pn = s;
    if (!proper && s > 0 && capitalised(t, &w[s]) && !common_noun(t, &w[s]))
        while (pn < e && capitalised(t, &w[pn]))
            pn++;
    if (proper || pn > s) {
        /* "Kingsmere remains highest at 84%": a place, not a measure */
        size_t pe2 = proper ? e : pn;
        if (area && !*area)
            *area = mn_xstrndup(t + w[s].s, w[pe2 - 1].e - w[s].s);
        return NULL;
    }
    if (pe > ps && area && !*area)
        *area = mn_xstrndup(t + w[ps].s, w[pe - 1].e - w[ps].s);
    return lower_phrase(t, w, s, e);
}

static bool
clause_word(const char *t, const word *w)
{
    static const char *const cw[] = {"that",  "whether", "which",    "where",
                                     "while", "whilst",  "although", "and",
                                     "but",   NULL};
    return is_word(t, w, cw);
}

/* The subject nearest the figure: after the last clause boundary before it
 * ("The PCC was concerned that victim satisfaction had dropped to 68%"),
 * else from the sentence start. */
static char *
np_subject(const char *t, const word *w, const bool *brk, size_t nfig,
           char **area)
{
    for (size_t i = nfig; i-- > 1;) {
        if (clause_word(t, &w[i - 1]) || brk[i]) {
            char *m = np_subject_from(t, w, i, nfig, area);
            if (m)
                return m;
        }
    }
    return np_subject_from(t, w, 0, nfig, area);
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

/* Months, days and reporting periods: "in Quarter 4" is a when, not a
 * where, so an area never starts with one. */
static bool
calendar_word(const char *t, const word *w)
{
    static const char *const cal[] = {
        "January", "February", "March",     "April",    "May",      "June",
        "July",    "August",   "September", "October",  "November", "December",
        "Monday",  "Tuesday",  "Wednesday", "Thursday", "Friday",   "Saturday",
        "Sunday",  "Q1",       "Q2",        "Q3",       "Q4",       "Quarter",
        "Period",  "Year",     "Month",     "Week",     "Phase",    "Term",
        "Spring",  "Summer",   "Autumn",    "Winter",   NULL};
    return in_list(cal, t + w->s, w->e - w->s);
}

static bool
capitalised(const char *t, const word *w)
{
    return isupper((unsigned char)t[w->s]) && !has_digit(t, w);
}

static char *
place_at(const char *t, const word *w, size_t n, size_t s)
{
    while (s < n && w[s].e - w[s].s == 3 &&
           strncasecmp(t + w[s].s, "the", 3) == 0)
        s++;
    size_t e = s;
    while (e < n && e - s < 4 && capitalised(t, &w[e]) &&
           !calendar_word(t, &w[e]))
        e++;
    return e > s ? mn_xstrndup(t + w[s].s, w[e - 1].e - w[s].s) : NULL;
}

/* "84% in Ashcombe" (right after the figure) or "highest in Kingsmere at
 * 84%" (just before it). A place further away belongs to another figure. */
static char *
area_near(const char *t, const word *w, size_t n, size_t before, size_t after)
{
    if (after < n && is_in(t, &w[after]))
        return place_at(t, w, n, after + 1);
    for (size_t k = 0; k < 8 && k < before; k++) {
        size_t i = before - 1 - k;
        if (is_in(t, &w[i]))
            return place_at(t, w, before, i + 1);
    }
    return NULL;
}

static bool
mentions_target(const char *t, const word *w, size_t n, size_t before,
                size_t after)
{
    static const char *const tw[] = {"target",     "targets", "aim", "aims",
                                     "aspiration", "goal",    NULL};
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
        bool in = is_in(t, &w[i]);
        i++;
        size_t k = i;
        while (k < n && is_word(t, &w[k], determiners))
            k++;
        if (in && k < n && capitalised(t, &w[k]))
            return NULL; /* "84% in Ashcombe": an area, not a measure */
        if (i + 2 < n && strncasecmp(t + w[i].s, "number", 6) == 0)
            i += 2; /* "the number of" */
        return np_forward(t, w, brk, n, i);
    }
    if (i == after && i < n && !brk[i] && islower((unsigned char)t[w[i].s]))
        return np_forward(t, w, brk, n, i);
    return NULL;
}

/* The words of b->text[ss..se), split once per sentence. */
static const sentence_words *
words_of(sentence_words *sw, const mn_block *b, size_t ss, size_t se)
{
    if (sw->text != b->text || sw->ss != ss || sw->se != se) {
        sw->n =
            split_words(b->text, ss, se, sw->w, MAX_SENTENCE_WORDS, sw->brk);
        sw->text = b->text;
        sw->ss = ss;
        sw->se = se;
    }
    return sw;
}

static void
read_sentence(const sentence_words *sw, const mn_block *b, size_t fs, size_t fe,
              const char *kind, reading *r)
{
    const word *w = sw->w;
    const bool *brk = sw->brk;
    size_t n = sw->n;
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
    r->area = area_near(t, w, n, before, after);
    if (!r->measure)
        r->measure = np_subject(t, w, brk, before, &r->area);
    if (!r->measure && before <= 1 && after < n && brk[after])
        r->measure = np_subject_from(t, w, after, n, &r->area); /* "At 80%, */
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

/* ---- building -------------------------------------------------------------
 */

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
build_figure(mn_xctx *x, size_t bi, const mn_block *b, const mn_match *mt,
             sentence_words *sw, size_t ss, size_t se)
{
    const char *kind = mn_x_rule_set(mt->rule, "kind");
    if (!kind)
        kind = "count";
    double v = figure_value(b, mt, kind);
    if (isnan(v))
        return NULL;
    reading r = {0};
    read_sentence(words_of(sw, b, ss, se), b, mt->start, mt->start + mt->len,
                  kind, &r);
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
    size_t ss, se;
    sentence_bounds(b, mt->start, mt->start + mt->len, &ss, &se);
    mn_value *f = build_figure(x, bi, b, mt, &st->words, ss, se);
    if (!f)
        return true;
    st->items = mn_xgrow(st->items, &st->cap, st->n + 1, sizeof *st->items);
    st->items[st->n++] = (accepted){mt->start, mt->len, ss, f};
    return true;
}

static int
by_start(const void *a, const void *b)
{
    const accepted *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

/* A figure whose own words name no measure shares the measure of the figure
 * before it in the same sentence: "61% of calls … against a target of 80%",
 * "from 84% in Ashcombe to 71% in Lower Vale". */
static void
inherit_measures(block_state *st)
{
    for (size_t i = 1; i < st->n; i++) {
        accepted *a = &st->items[i];
        if (!mn_value_is_null(mn_map_get(a->fig, "measure")))
            continue;
        const char *ka = mn_map_get_str(a->fig, "kind");
        /* A figure that names only a place ("Kingsmere remains highest at
         * 84%") continues the paragraph's measure across sentences. */
        bool place_only = !mn_value_is_null(mn_map_get(a->fig, "area")) ||
                          mn_value_as_bool(mn_map_get(a->fig, "target"));
        for (size_t k = i; k-- > 0;) {
            accepted *p = &st->items[k];
            if (p->sentence != a->sentence && !place_only)
                break;
            const char *kp = mn_map_get_str(p->fig, "kind");
            const char *m = mn_map_get_str(p->fig, "measure");
            if (m && ka && kp && strcmp(ka, kp) == 0) {
                mn_map_set_str(a->fig, "measure", m);
                break;
            }
        }
    }
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
        inherit_measures(&st);
        for (size_t i = 0; i < st.n; i++) {
            if (mn_value_len(list) >= MN_MAX_RECORD_ITEMS) {
                if (!capped)
                    mn_x_warn(x, 0,
                              "more than %d figures; the rest are "
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
