/*
 * Text checks: what needs arithmetic or counting over the blocks rather
 * than a single pattern (a weekday that does not fit its date, 31 April, a
 * quarter label against its months, unbalanced brackets and quotes, prose
 * without a final full stop) and the HTML accessibility basics read from
 * the tokeniser's facts (h1 count, heading order, title, lang, tables).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mn_alloc.h"
#include "mn_check_text.h"
#include "mn_limits.h"
#include "mn_utf8.h"

#define MAX_MATCHES_PER_BLOCK 1000

/* ---- date arithmetic ---------------------------------------------------- */

static int
month_of(const char *s)
{
    static const char *const m[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                    "jul", "aug", "sep", "oct", "nov", "dec"};
    for (int i = 0; s && i < 12; i++)
        if (!strncasecmp(s, m[i], 3))
            return i + 1;
    return 0;
}

static bool
leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in(int month, long year)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2)
        return year == 0 || leap(year) ? 29 : 28;
    return d[month - 1];
}

/* 0 = Sunday (Sakamoto). */
static int
weekday(long y, int m, int d)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3)
        y -= 1;
    return (int)((y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7);
}

static const char *const day_names[] = {"Sunday",    "Monday",   "Tuesday",
                                        "Wednesday", "Thursday", "Friday",
                                        "Saturday"};

static int
weekday_of(const char *s)
{
    for (int i = 0; s && i < 7; i++)
        if (!strncasecmp(s, day_names[i], 3))
            return i;
    return -1;
}

/* ---- running a code check's own pattern --------------------------------- */

typedef void (*match_fn)(mn_cctx *c, const mn_block *b, const mn_match *mt);

static char *
cap(const mn_block *b, const mn_match *mt, const char *name)
{
    const mn_capture *k = mn_match_capture(mt, name);
    return k ? mn_xstrndup(b->text + k->start, k->len) : NULL;
}

static long
cap_num(const mn_block *b, const mn_match *mt, const char *name)
{
    char *s = cap(b, mt, name);
    long v = s ? strtol(s, NULL, 10) : -1;
    free(s);
    return v;
}

static void
each_match(mn_cctx *c, const char *id, match_fn fn)
{
    const mn_rule *r = mn_c_rule(c, id);
    size_t nb = mn_doc_block_count(c->doc);
    for (size_t i = 0; r && i < nb; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        if (!mn_rule_applies(r, b->kind))
            continue;
        size_t from = 0;
        for (int k = 0; k < MAX_MATCHES_PER_BLOCK && from <= b->len; k++) {
            mn_match mt;
            if (mn_matcher_exec(c->m, r, b->text, b->len, from, &mt) != 1)
                break;
            fn(c, b, &mt);
            from = mt.start + (mt.len ? mt.len : 1);
        }
    }
}

static void
emit_match(mn_cctx *c, const char *id, const mn_block *b, const mn_match *mt,
           const char *const *vars)
{
    mn_pos p = mn_block_locate(b, mt->start);
    mn_c_emit(c, id, p.line, p.col ? p.col : 1, vars);
}

/* ---- dates -------------------------------------------------------------- */

static void
weekday_match(mn_cctx *c, const mn_block *b, const mn_match *mt)
{
    char *wd = cap(b, mt, "weekday"), *mon = cap(b, mt, "month");
    long d = cap_num(b, mt, "day"), y = cap_num(b, mt, "year");
    int m = month_of(mon), w = weekday_of(wd);
    if (m && w >= 0 && y >= 1900 && y <= 2200 && d >= 1 && d <= days_in(m, y)) {
        int real = weekday(y, m, (int)d);
        if (real != w) {
            char *text = mn_xstrndup(b->text + mt->start, mt->len);
            const char *vars[] = {
                "match", text, "weekday", wd, "actual", day_names[real], NULL};
            emit_match(c, "dates.weekday-mismatch", b, mt, vars);
            free(text);
        }
    }
    free(wd);
    free(mon);
}

static void
check_weekday(mn_cctx *c)
{
    each_match(c, "dates.weekday-mismatch", weekday_match);
}

static void
impossible_match(mn_cctx *c, const mn_block *b, const mn_match *mt)
{
    char *mon = cap(b, mt, "month");
    long d = cap_num(b, mt, "day"), y = cap_num(b, mt, "year");
    long mnum = cap_num(b, mt, "mnum");
    int m = mon ? month_of(mon) : (mnum >= 1 && mnum <= 12 ? (int)mnum : -1);
    if (y >= 0 && y < 100)
        y += 2000;
    bool bad = m < 0 || (m > 0 && (d < 1 || d > days_in(m, y < 0 ? 0 : y)));
    if (bad) {
        char *text = mn_xstrndup(b->text + mt->start, mt->len);
        const char *vars[] = {"match", text, NULL};
        emit_match(c, "dates.impossible", b, mt, vars);
        free(text);
    }
    free(mon);
}

static void
check_impossible(mn_cctx *c)
{
    each_match(c, "dates.impossible", impossible_match);
}

/* Quarter q covers months first..first+2 in the UK financial year (Q1 =
 * April) or in the calendar year; either reading is accepted. */
static bool
quarter_fits(long q, int m1, int m2)
{
    int fy = (int)(((q - 1) * 3 + 3) % 12) + 1; /* Q1 -> April, Q4 -> Jan */
    int cal = (int)((q - 1) * 3) + 1;
    return (m1 == fy && m2 == fy + 2) || (m1 == cal && m2 == cal + 2);
}

static void
quarter_match(mn_cctx *c, const mn_block *b, const mn_match *mt)
{
    char *a = cap(b, mt, "from"), *z = cap(b, mt, "to");
    long q = cap_num(b, mt, "quarter");
    int m1 = month_of(a), m2 = month_of(z);
    if (q >= 1 && q <= 4 && m1 && m2 && !quarter_fits(q, m1, m2)) {
        char *text = mn_xstrndup(b->text + mt->start, mt->len);
        char qs[4];
        snprintf(qs, sizeof qs, "%ld", q);
        const char *vars[] = {"match", text, "quarter", qs,  "from",
                              a,       "to", z,         NULL};
        emit_match(c, "dates.quarter-mismatch", b, mt, vars);
        free(text);
    }
    free(a);
    free(z);
}

static void
check_quarter(mn_cctx *c)
{
    each_match(c, "dates.quarter-mismatch", quarter_match);
}

/* ---- brackets and quotes ------------------------------------------------ */

/* "a)" or "ii)" or "1)" opening a list item: a closer with no opener. */
static bool
list_marker_close(const char *t, size_t i)
{
    size_t s = i;
    while (s > 0 && s + 4 > i && isalnum((unsigned char)t[s - 1]))
        s--;
    return s < i && i - s <= 3 && (s == 0 || t[s - 1] == ' ');
}

static bool
prose_block(const mn_block *b)
{
    return b->kind == MN_BLOCK_PARAGRAPH || b->kind == MN_BLOCK_LIST_ITEM ||
           b->kind == MN_BLOCK_HEADING || b->kind == MN_BLOCK_TABLE_CELL;
}

/* ":)", ";(", ":-)" are faces, not brackets. */
static bool
is_smiley(const char *t, size_t i)
{
    size_t k = i;
    if (k > 0 && t[k - 1] == '-')
        k--;
    return k > 0 && (t[k - 1] == ':' || t[k - 1] == ';');
}

/* Offset of the first unbalanced bracket of a block, or SIZE_MAX. */
static size_t
unbalanced_bracket(const mn_block *b)
{
    size_t depth = 0, first_open = SIZE_MAX;
    for (size_t i = 0; i < b->len; i++) {
        char ch = b->text[i];
        if (is_smiley(b->text, i))
            continue;
        if (ch == '(') {
            if (depth++ == 0)
                first_open = i;
        } else if (ch == ')') {
            if (depth > 0)
                depth--;
            else if (!list_marker_close(b->text, i))
                return i;
        }
    }
    return depth ? first_open : SIZE_MAX;
}

static void
check_brackets(mn_cctx *c)
{
    size_t nb = mn_doc_block_count(c->doc);
    for (size_t i = 0; i < nb; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        size_t at = prose_block(b) ? unbalanced_bracket(b) : SIZE_MAX;
        if (at == SIZE_MAX)
            continue;
        char ch[2] = {b->text[at], 0};
        const char *vars[] = {"bracket", ch, NULL};
        mn_pos p = mn_block_locate(b, at);
        mn_c_emit(c, "typography.unbalanced-brackets", p.line,
                  p.col ? p.col : 1, vars);
    }
}

static size_t
count_str(const char *t, const char *s, size_t *first)
{
    size_t n = 0, len = strlen(s);
    for (const char *p = strstr(t, s); p; p = strstr(p + len, s)) {
        if (!n)
            *first = (size_t)(p - t);
        n++;
    }
    return n;
}

static void
check_quotes(mn_cctx *c)
{
    size_t nb = mn_doc_block_count(c->doc);
    for (size_t i = 0; i < nb; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        if (!prose_block(b))
            continue;
        size_t fo = 0, fc = 0, fs = 0;
        size_t open = count_str(b->text, "\xe2\x80\x9c", &fo);
        size_t close = count_str(b->text, "\xe2\x80\x9d", &fc);
        size_t straight = count_str(b->text, "\"", &fs);
        size_t at = open != close  ? (open ? fo : fc)
                    : straight % 2 ? fs
                                   : SIZE_MAX;
        if (at == SIZE_MAX)
            continue;
        mn_pos p = mn_block_locate(b, at);
        mn_c_emit(c, "typography.unbalanced-quotes", p.line, p.col ? p.col : 1,
                  NULL);
    }
}

/* A numbered list item of a text file whose text starts right after its
 * marker ("2.Assurance"): the marker can only be indented further, so a
 * text column of digits + 2 means no space was typed. */
static void
check_list_number_space(mn_cctx *c)
{
    if (mn_doc_format(c->doc) != MN_FORMAT_TEXT)
        return;
    size_t nb = mn_doc_block_count(c->doc);
    for (size_t i = 0; i < nb; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        if (b->kind != MN_BLOCK_LIST_ITEM || !b->ordinal || !b->len ||
            !isupper((unsigned char)b->text[0]))
            continue;
        char num[16];
        int digits = snprintf(num, sizeof num, "%u", b->ordinal);
        if (digits <= 0 || b->pos.col != (unsigned)digits + 2)
            continue;
        const char *vars[] = {"number", num, NULL};
        mn_c_emit(c, "typography.list-number-space", b->pos.line, 1, vars);
    }
}

/* ---- final punctuation -------------------------------------------------- */

static size_t
word_count(const char *t, size_t len)
{
    size_t n = 0;
    bool in = false;
    for (size_t i = 0; i < len; i++) {
        bool sp = t[i] == ' ' || t[i] == '\n' || t[i] == '\t';
        n += !sp && !in;
        in = !sp;
    }
    return n;
}

static bool
inner_sentence(const char *t, size_t len)
{
    for (size_t i = 2; i + 2 < len; i++)
        if ((t[i] == '.' || t[i] == '?' || t[i] == '!') && t[i + 1] == ' ' &&
            isupper((unsigned char)t[i + 2]) &&
            islower((unsigned char)t[i - 1]))
            return true;
    return false;
}

/* "Action: ...", "Resolved - ...", "1. ...": labelled or numbered lines
 * are list-like and often end without a stop. */
static bool
labelled(const char *t)
{
    if (isdigit((unsigned char)t[0]) || t[0] == '(' || t[0] == '-' ||
        t[0] == '*')
        return true;
    for (size_t i = 0; i < 40 && t[i]; i++)
        if (t[i] == ':' || (t[i] == ' ' && t[i + 1] == '-' && t[i + 2] == ' '))
            return true;
    return false;
}

/* A prose paragraph long enough to be judged, or NULL. */
static bool
judged_paragraph(const mn_block *b)
{
    if (b->kind != MN_BLOCK_PARAGRAPH || !b->len ||
        (b->flags & (MN_BF_ALL_BOLD | MN_BF_LAYOUT)) || labelled(b->text))
        return false;
    size_t words = word_count(b->text, b->len);
    return words >= 15 || (words >= 12 && inner_sentence(b->text, b->len));
}

static bool
ends_bare(const mn_block *b)
{
    return isalnum((unsigned char)b->text[b->len - 1]) != 0;
}

/* Only documents written in full sentences are judged: when fewer than
 * two in three of their long paragraphs end with punctuation, the style is
 * note-taking and a missing stop is not a slip. */
static void
check_final_punctuation(mn_cctx *c)
{
    if (!mn_c_profile_listed(c, "typography.final-punctuation"))
        return;
    size_t nb = mn_doc_block_count(c->doc), judged = 0, bare = 0;
    for (size_t i = 0; i < nb; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        if (judged_paragraph(b)) {
            judged++;
            bare += ends_bare(b);
        }
    }
    if (!judged || bare * 3 > judged)
        return;
    for (size_t i = 0; i < nb; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        if (!judged_paragraph(b) || !ends_bare(b))
            continue;
        mn_pos p = mn_block_locate(b, b->len - 1);
        mn_c_emit(c, "typography.final-punctuation", p.line,
                  p.col ? p.col + 1 : 1, NULL);
    }
}

/* ---- HTML accessibility ------------------------------------------------- */

static bool
is_html(const mn_cctx *c)
{
    return mn_doc_format(c->doc) == MN_FORMAT_HTML;
}

/* An HTML page of its own, not HTML inside a .md/.txt file that a site
 * generator wraps in a page (title, lang and h1 are the template's). */
static bool
is_page(const mn_cctx *c)
{
    const char *dot = strrchr(c->file ? c->file : "", '.');
    return is_html(c) &&
           !(dot && (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".markdown") ||
                     !strcasecmp(dot, ".txt")));
}

static long
meta_num(const mn_cctx *c, const char *key)
{
    const char *v = mn_doc_meta(c->doc, key);
    return v ? strtol(v, NULL, 10) : -1;
}

static const mn_block *
nth_heading(const mn_cctx *c, unsigned level, size_t nth)
{
    size_t nb = mn_doc_block_count(c->doc), seen = 0;
    for (size_t i = 0; i < nb; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        if (b->kind == MN_BLOCK_HEADING && !(b->flags & MN_BF_LAYOUT) &&
            b->level == level && seen++ == nth)
            return b;
    }
    return NULL;
}

static void
check_h1(mn_cctx *c)
{
    long n = is_page(c) ? meta_num(c, "html.h1_count") : -1;
    if (n < 0 || n == 1)
        return;
    char count[24];
    snprintf(count, sizeof count, "%ld", n);
    const char *vars[] = {"count", count, NULL};
    const mn_block *b = n > 1 ? nth_heading(c, 1, 1) : NULL;
    mn_c_emit(c, "html.h1-count", b ? b->pos.line : 1, b ? b->pos.col : 1,
              vars);
}

static void
check_heading_order(mn_cctx *c)
{
    if (!is_html(c))
        return;
    size_t nb = mn_doc_block_count(c->doc);
    unsigned prev = 0;
    for (size_t i = 0; i < nb; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        if (b->kind != MN_BLOCK_HEADING || (b->flags & MN_BF_LAYOUT) ||
            b->level < 1 || b->level > 6)
            continue;
        if (prev && b->level > prev + 1) {
            char from[16], to[16];
            snprintf(from, sizeof from, "h%u", prev);
            snprintf(to, sizeof to, "h%u", b->level);
            const char *vars[] = {"from",  from,    "to", to,
                                  "title", b->text, NULL};
            mn_c_emit(c, "html.heading-skip", b->pos.line, b->pos.col, vars);
        }
        prev = b->level;
    }
}

/* Letters or digits: ASCII alphanumerics, or any code point outside the
 * Latin-1 and General Punctuation symbol ranges. */
static bool
has_word_char(const char *t, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        bool valid;
        size_t n =
            mn_utf8_decode((const unsigned char *)t + i, len - i, &cp, &valid);
        i += n;
        if (cp < 0x80 ? isalnum((int)cp) != 0
                      : !(cp <= 0xBF || (cp >= 0x2000 && cp <= 0x206F) ||
                          cp == MN_REPLACEMENT_CHAR))
            return true;
    }
    return false;
}

static void
check_empty_heading(mn_cctx *c)
{
    if (!is_html(c))
        return;
    size_t nb = mn_doc_block_count(c->doc);
    for (size_t i = 0; i < nb; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        if (b->kind != MN_BLOCK_HEADING || (b->flags & MN_BF_LAYOUT))
            continue;
        bool empty = !has_word_char(b->text, b->len);
        if (empty)
            mn_c_emit(c, "html.empty-heading", b->pos.line, b->pos.col, NULL);
    }
}

static void
check_bold_heading(mn_cctx *c)
{
    if (!is_html(c))
        return;
    size_t nb = mn_doc_block_count(c->doc);
    for (size_t i = 0; i < nb; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        if (b->kind != MN_BLOCK_PARAGRAPH || !(b->flags & MN_BF_ALL_BOLD) ||
            !b->len || word_count(b->text, b->len) > 12 ||
            strchr(".:;,", b->text[b->len - 1]) ||
            !isalpha((unsigned char)b->text[0]))
            continue;
        const char *vars[] = {"text", b->text, NULL};
        mn_c_emit(c, "html.bold-heading", b->pos.line, b->pos.col, vars);
    }
}

static void
check_title(mn_cctx *c)
{
    const char *t = mn_doc_meta(c->doc, "html.title");
    if (is_page(c) && (!t || !*t))
        mn_c_emit(c, "html.missing-title", 1, 1, NULL);
}

static void
check_lang(mn_cctx *c)
{
    const char *t = mn_doc_meta(c->doc, "html.lang");
    if (is_page(c) && (!t || !*t))
        mn_c_emit(c, "html.missing-lang", 1, 1, NULL);
}

/* A data table (2+ rows and 2+ columns) without any header cell; reported
 * at its first cell. Tables are numbered in document order. */
static void
check_table_headers(mn_cctx *c)
{
    if (!is_html(c) || meta_num(c, "html.tables_without_th") == 0)
        return;
    size_t nb = mn_doc_block_count(c->doc);
    const mn_block *first = NULL;
    unsigned table = 0, rows = 0, cols = 0;
    bool th = false;
    for (size_t i = 0; i <= nb; i++) {
        const mn_block *b = i < nb ? mn_doc_block(c->doc, i) : NULL;
        bool cell = b && b->kind == MN_BLOCK_TABLE_CELL && b->table;
        if (first && (!b || (cell && b->table != table))) {
            if (!th && rows >= 2 && cols >= 2)
                mn_c_emit(c, "html.table-headers", first->pos.line,
                          first->pos.col, NULL);
            first = NULL;
        }
        if (!cell)
            continue;
        if (!first) {
            first = b;
            table = b->table;
            rows = cols = 0;
            th = false;
        }
        rows = b->row > rows ? b->row : rows;
        cols = b->column > cols ? b->column : cols;
        th = th || (b->flags & MN_BF_HEADER_CELL);
    }
}

static void
check_image_alt(mn_cctx *c)
{
    long n = is_html(c) ? meta_num(c, "html.images_without_alt") : 0;
    if (n <= 0)
        return;
    char count[24];
    snprintf(count, sizeof count, "%ld", n);
    const char *vars[] = {"count", count, NULL};
    mn_c_emit(c, "html.image-alt", 1, 1, vars);
}

static const mn_code_check text_checks[] = {
    {"dates.weekday-mismatch", check_weekday},
    {"dates.impossible", check_impossible},
    {"dates.quarter-mismatch", check_quarter},
    {"typography.unbalanced-brackets", check_brackets},
    {"typography.unbalanced-quotes", check_quotes},
    {"typography.final-punctuation", check_final_punctuation},
    {"typography.list-number-space", check_list_number_space},
    {"html.h1-count", check_h1},
    {"html.heading-skip", check_heading_order},
    {"html.empty-heading", check_empty_heading},
    {"html.bold-heading", check_bold_heading},
    {"html.missing-title", check_title},
    {"html.missing-lang", check_lang},
    {"html.table-headers", check_table_headers},
    {"html.image-alt", check_image_alt},
};

size_t
mn_check_text_table(const mn_code_check **out)
{
    *out = text_checks;
    return sizeof text_checks / sizeof text_checks[0];
}
