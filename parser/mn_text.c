/*
 * Plain-text and markdown tokeniser: one pass over the decoded lines, a block
 * collected at a time (its source lines copied into `raw`), then rendered
 * (inline markup stripped, spaces collapsed, anchors and bold spans noted),
 * classified by layout and handed to mn_doc. Every search forward is either
 * bounded or cached, so the whole pass stays linear in the input.
 */
#include "mn_text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mn_alloc.h"
#include "mn_doc_int.h"
#include "mn_limits.h"
#include "mn_utf8.h"

/* Layout headings are short: longer lines are body text. */
#define HEADING_MAX_CHARS      80
#define BOLD_HEADING_MAX_CHARS 120
#define MAX_LIST_DEPTH         16
#define MAX_ORDINAL            9999u
#define FRONT_MATTER_MAX_LINES 2000
#define FRONT_KEY_MAX          64
#define TAG_SCAN_MAX           512
#define ENTITY_SCAN_MAX        12

typedef struct line {
    size_t start;  /* first byte of the line */
    size_t end;    /* the '\n' or the end of the text */
    size_t cstart; /* first non-space byte (after blockquote markers) */
    size_t cend;   /* after the last non-space byte */
    unsigned indent;
    bool blank;
} line;

typedef struct marker {
    size_t len; /* bytes from cstart to the item text */
    unsigned ordinal;
    unsigned parts;     /* 2 for "4.1" */
    bool bullet;        /* unnumbered */
    bool heading_style; /* "3." "3)" "3 ." "4.1": may be a heading */
} marker;

typedef struct seg {
    size_t raw; /* offset in the raw buffer */
    size_t src; /* offset in the decoded text */
} seg;

typedef struct anchor_rec {
    size_t out;
    size_t src;
} anchor_rec;

typedef struct obuf {
    char *data;
    size_t len;
    size_t cap;
} obuf;

enum pend_kind { P_NONE, P_PARA, P_ITEM, P_HEADING };

/* The block being collected. */
typedef struct pend {
    enum pend_kind kind;
    unsigned nlines;
    unsigned level; /* heading level, or list depth */
    marker mk;
    bool numbered;
    bool label;
    bool in_run;       /* one line of a run of intentional breaks */
    unsigned indent;   /* of the first line */
    size_t marker_end; /* raw offset of the item text after its marker */
} pend;

typedef struct delim_cache {
    size_t from;
    size_t found; /* SIZE_MAX: none at or after `from` */
} delim_cache;

enum { DC_STAR2, DC_UND2, DC_STAR1, DC_UND1, DC_RBRACKET, DC_RPAREN, DC_N };

typedef struct tk {
    mn_doc *doc;
    const mn_chrome *chrome;
    const char *s;
    size_t n;
    bool md;
    bool stopped;
    bool truncated_noted;

    pend cur;
    obuf raw;
    seg *segs;
    size_t nsegs, capsegs;

    /* render results */
    obuf out;
    anchor_rec *anch;
    size_t nanch, capanch;
    mn_span *bold;
    size_t nbold, capbold;
    size_t cut_out, cut_src;
    bool cut_done;

    /* document context */
    size_t nemitted;
    unsigned struct_level; /* last markdown or numbered heading level */
    bool list_ctx;         /* last block ended with ':' */
    bool prev_colon;       /* same, headings included */
    bool prev_numbered;    /* last block was a numbered item */
    bool prev_item;
    unsigned ind[MAX_LIST_DEPTH];
    size_t nind;
    unsigned table_count;
    size_t split_run_end; /* end of the run the decision below covers */
    bool split_run;       /* that run breaks lines on purpose */
    bool run_uniform;     /* its first three lines begin alike */
    line run_first;
} tk;

/* ---- small character helpers ------------------------------------------ */

static bool
is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || (c < 0x20 && c != '\n') || c == 0x7f;
}

static bool
is_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool
is_lower(unsigned char c)
{
    return c >= 'a' && c <= 'z';
}

static bool
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool
is_alnum(unsigned char c)
{
    return is_upper(c) || is_lower(c) || is_digit(c) || c >= 0x80;
}

static bool
is_xalpha(unsigned char c)
{
    return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool
is_punct(unsigned char c)
{
    return c > 0x20 && c < 0x7f && !is_upper(c) && !is_lower(c) && !is_digit(c);
}

static bool
has_prefix(const char *p, const char *end, const char *lit)
{
    size_t k = strlen(lit);
    return (size_t)(end - p) >= k && memcmp(p, lit, k) == 0;
}

/* Characters in p[0..n), counted only as far as needed to know whether
 * there are more than `cap` (returns cap + 1 then): keeps layout tests on
 * long paragraphs O(cap). */
static size_t
chars_upto(const char *p, size_t n, size_t cap)
{
    if (n <= cap)
        return mn_utf8_count(p, n);
    size_t count = 0;
    for (size_t i = 0; i < n && count <= cap; i++)
        count += ((unsigned char)p[i] & 0xC0) != 0x80;
    return count;
}

/* ---- growable arrays --------------------------------------------------- */

static bool
obuf_reserve(obuf *b, size_t extra)
{
    if (extra > MN_MAX_BLOCK_BYTES || b->len > MN_MAX_BLOCK_BYTES - extra)
        return false;
    if (b->len + extra + 1 > b->cap)
        b->data = mn_xgrow(b->data, &b->cap, b->len + extra + 1, 1);
    return true;
}

static bool
obuf_put(obuf *b, const char *p, size_t k)
{
    if (!obuf_reserve(b, k))
        return false;
    memcpy(b->data + b->len, p, k);
    b->len += k;
    b->data[b->len] = '\0';
    return true;
}

static void
note_truncated(tk *t, size_t off)
{
    if (t->truncated_noted)
        return;
    t->truncated_noted = true;
    mn_doc_diag_add(t->doc, mn_doc_pos_at(t->doc, off),
                    "block longer than %zu bytes truncated",
                    (size_t)MN_MAX_BLOCK_BYTES);
}

/* ---- lines ------------------------------------------------------------- */

static size_t
skip_quote_markers(const tk *t, size_t p, size_t end)
{
    for (size_t guard = 0; guard < end - p + 1; guard++) {
        size_t q = p;
        while (q < end && q - p < 4 && t->s[q] == ' ')
            q++;
        if (q >= end || t->s[q] != '>')
            return p;
        q++;
        if (q < end && (t->s[q] == ' ' || t->s[q] == '\t'))
            q++;
        p = q;
    }
    return p;
}

static void
get_line(const tk *t, size_t off, line *ln)
{
    const char *nl = memchr(t->s + off, '\n', t->n - off);
    ln->start = off;
    ln->end = nl ? (size_t)(nl - t->s) : t->n;
    size_t p = t->md ? skip_quote_markers(t, off, ln->end) : off;
    unsigned col = 0;
    while (p < ln->end && is_ws((unsigned char)t->s[p])) {
        col = t->s[p] == '\t' ? (col / 4 + 1) * 4 : col + 1;
        p++;
    }
    ln->cstart = p;
    ln->indent = col;
    size_t e = ln->end;
    while (e > p && is_ws((unsigned char)t->s[e - 1]))
        e--;
    ln->cend = e;
    ln->blank = p == e;
}

static size_t
next_off(const tk *t, const line *ln)
{
    return ln->end < t->n ? ln->end + 1 : t->n;
}

/* The next non-blank line at or after off; false at the end of the text. */
static bool
peek_nonblank(const tk *t, size_t off, line *ln)
{
    while (off < t->n) {
        get_line(t, off, ln);
        if (!ln->blank)
            return true;
        off = next_off(t, ln);
    }
    return false;
}

/* ---- markers ----------------------------------------------------------- */

static unsigned
roman_value(const char *p, size_t k)
{
    unsigned total = 0, prev = 0;
    for (size_t i = k; i-- > 0;) {
        unsigned v = p[i] == 'i' ? 1 : p[i] == 'v' ? 5 : p[i] == 'x' ? 10 : 0;
        total = v < prev ? total - v : total + v;
        prev = v > prev ? v : prev;
    }
    return total;
}

static bool
all_roman(const char *p, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (p[i] != 'i' && p[i] != 'v' && p[i] != 'x')
            return false;
    return k > 0;
}

/* Letters and roman numerals: (a) a) (iv) iv) -> ordinal by position. */
static size_t
parse_alpha_marker(const char *p, const char *end, marker *mk)
{
    bool paren = *p == '(';
    const char *q = p + (paren ? 1 : 0);
    const char *w = q;
    while (w < end && is_lower((unsigned char)*w) && w - q < 6)
        w++;
    size_t k = (size_t)(w - q);
    if (k == 0 || w >= end || *w != ')')
        return 0;
    if (all_roman(q, k))
        mk->ordinal = roman_value(q, k);
    else if (k == 1)
        mk->ordinal = (unsigned)(*q - 'a' + 1);
    else
        return 0;
    return (size_t)(w + 1 - p);
}

static size_t
parse_number(const char *p, const char *end, unsigned *val)
{
    const char *q = p;
    unsigned v = 0;
    while (q < end && is_digit((unsigned char)*q) && q - p < 3) {
        v = v * 10 + (unsigned)(*q - '0');
        q++;
    }
    if (q < end && is_digit((unsigned char)*q))
        return 0; /* four digits: a year, not a number marker */
    *val = v;
    return (size_t)(q - p);
}

/* "4.1", "4.1.2" followed by an optional dot. */
static size_t
parse_multilevel(const char *p, const char *end, marker *mk)
{
    unsigned v = 0;
    size_t k = parse_number(p, end, &v);
    const char *q = p + k;
    unsigned parts = 1;
    while (k && q + 1 < end && *q == '.' && is_digit((unsigned char)q[1]) &&
           parts < 6) {
        k = parse_number(q + 1, end, &v);
        if (!k)
            return 0;
        q += 1 + k;
        parts++;
    }
    if (parts < 2)
        return 0;
    if (q < end && *q == '.')
        q++;
    mk->ordinal = v;
    mk->parts = parts;
    return (size_t)(q - p);
}

static size_t
parse_arabic_marker(const tk *t, const char *p, const char *end, marker *mk)
{
    unsigned v = 0;
    size_t k = parse_number(p, end, &v);
    if (!k)
        return 0;
    const char *q = p + k;
    if (q + 1 < end && *q == '.' && is_digit((unsigned char)q[1])) {
        size_t m = parse_multilevel(p, end, mk);
        mk->heading_style = m > 0;
        return m;
    }
    if (q + 1 < end && *q == ' ' && q[1] == '.')
        q++; /* "1 . Clarity" */
    if (t->md && q + 1 < end && *q == '\\' && (q[1] == '.' || q[1] == ')'))
        q++;
    if (q >= end || (*q != '.' && *q != ')'))
        return 0;
    mk->ordinal = v;
    mk->parts = 1;
    mk->heading_style = true;
    return (size_t)(q + 1 - p);
}

static size_t
parse_paren_number(const char *p, const char *end, marker *mk)
{
    unsigned v = 0;
    size_t k = parse_number(p + 1, end, &v);
    if (!k || p + 1 + k >= end || p[1 + k] != ')')
        return 0;
    mk->ordinal = v;
    return k + 2;
}

static size_t
bullet_len(const char *p, const char *end)
{
    static const char *const multi[] = {
        "\xe2\x80\xa2", "\xc2\xb7",     "\xe2\x80\x93", "\xe2\x96\xaa",
        "\xe2\x96\xba", "\xe2\x97\xa6", "\xe2\x80\xa3", "\xe2\x96\xa0"};
    if (*p == '-' || *p == '*' || *p == '+')
        return 1;
    for (size_t i = 0; i < sizeof multi / sizeof multi[0]; i++)
        if (has_prefix(p, end, multi[i]))
            return strlen(multi[i]);
    return 0;
}

static bool
starts_o_bullet(const tk *t, const line *ln)
{
    const char *p = t->s + ln->cstart;
    return ln->cend - ln->cstart > 2 && p[0] == 'o' &&
           (p[1] == ' ' || p[1] == '\t');
}

/*
 * A list marker at the start of the line's content, followed by whitespace
 * (or, for "2.Chief", directly by a capital). The letter o counts as a
 * bullet only when indented, tab-separated, or next to another list line.
 */
static bool
parse_marker(const tk *t, const line *ln, bool o_context, marker *mk)
{
    const char *p = t->s + ln->cstart;
    const char *end = t->s + ln->cend;
    memset(mk, 0, sizeof *mk);
    size_t k = 0;
    bool tight_ok = false;
    if (is_digit((unsigned char)*p)) {
        k = parse_arabic_marker(t, p, end, mk);
        tight_ok = k > 0 && mk->parts == 1 && p[k - 1] == '.';
    } else if (*p == '(' && p + 1 < end && is_digit((unsigned char)p[1])) {
        k = parse_paren_number(p, end, mk);
    } else if (*p == '(' || is_lower((unsigned char)*p)) {
        k = parse_alpha_marker(p, end, mk);
    }
    if (k == 0) {
        k = bullet_len(p, end);
        if (k == 0 && starts_o_bullet(t, ln) &&
            (o_context || ln->indent > 0 || p[1] == '\t'))
            k = 1;
        mk->bullet = k > 0;
        mk->heading_style = false;
    }
    if (k == 0 || p + k >= end)
        return false;
    if (is_ws((unsigned char)p[k])) {
        while (p + k < end && is_ws((unsigned char)p[k]))
            k++;
    } else if (!(tight_ok && is_upper((unsigned char)p[k]))) {
        return false;
    }
    if (mk->parts >= 2 && !is_upper((unsigned char)p[k]))
        return false; /* "3.5 million" */
    mk->len = k;
    if (mk->ordinal > MAX_ORDINAL)
        mk->ordinal = MAX_ORDINAL;
    return true;
}

/* ---- line kinds -------------------------------------------------------- */

/* "Date: 26th February", "**Chair:** John": a short label, a colon, a value. */
static bool
is_label_line(const char *p, const char *end)
{
    for (int k = 0; k < 3 && p < end && (*p == '*' || *p == '_'); k++)
        p++;
    if (p >= end || !is_upper((unsigned char)*p))
        return false;
    const char *q = p;
    unsigned words = 1;
    while (q < end && *q != ':' && q - p < 40) {
        unsigned char c = (unsigned char)*q;
        if (c == ' ')
            words++;
        else if (!is_alnum(c) && !strchr("/&()'-.*_", c))
            return false;
        q++;
    }
    if (q >= end || *q != ':' || words > 4)
        return false;
    q++;
    while (q < end && (*q == '*' || *q == '_'))
        q++;
    if (q >= end || !is_ws((unsigned char)*q))
        return false;
    while (q < end && is_ws((unsigned char)*q))
        q++;
    return q < end;
}

/* A run of 3+ '-', '*', '_' (spaces allowed) or 2+ '='; *ch gets the char. */
static bool
is_rule_line(const char *p, const char *end, char *ch)
{
    char c = *p;
    if (c != '-' && c != '*' && c != '_' && c != '=')
        return false;
    size_t count = 0;
    for (const char *q = p; q < end; q++) {
        if (*q == c)
            count++;
        else if (*q != ' ' && *q != '\t')
            return false;
    }
    *ch = c;
    return count >= (c == '=' ? 2u : 3u);
}

static unsigned
atx_level(const char *p, const char *end)
{
    unsigned k = 0;
    while (p + k < end && p[k] == '#' && k < 7)
        k++;
    if (k == 0 || k > 6)
        return 0;
    if (p + k < end && !is_ws((unsigned char)p[k]))
        return 0;
    return k;
}

static bool
is_fence(const char *p, const char *end, char *ch, size_t *run)
{
    if (*p != '`' && *p != '~')
        return false;
    size_t k = 0;
    while (p + k < end && p[k] == *p)
        k++;
    if (k < 3)
        return false;
    if (*p == '`' && memchr(p + k, '`', (size_t)(end - p - (ptrdiff_t)k)))
        return false;
    *ch = *p;
    *run = k;
    return true;
}

static bool
has_pipe(const char *p, const char *end)
{
    return memchr(p, '|', (size_t)(end - p)) != NULL ||
           has_prefix(p, end, "\xc2\xa6");
}

static bool
is_table_separator(const char *p, const char *end)
{
    bool dash = false, pipe = false;
    for (const char *q = p; q < end; q++) {
        if (*q == '-')
            dash = true;
        else if (*q == '|')
            pipe = true;
        else if (has_prefix(q, end, "\xc2\xa6"))
            q++, pipe = true;
        else if (*q != ':' && *q != ' ' && *q != '\t' && *q != '+')
            return false;
    }
    return dash && pipe;
}

static bool
is_kramdown_line(const char *p, const char *end)
{
    size_t k = (size_t)(end - p);
    if (k >= 3 && p[0] == '{' && p[1] == ':' && end[-1] == '}')
        return true;
    return (k == 5 && memcmp(p, "* TOC", 5) == 0) ||
           (k == 5 && memcmp(p, "- TOC", 5) == 0);
}

/* Indented code in markdown only when it looks like code, not prose. */
static bool
looks_like_code(const char *p, const char *end)
{
    char last = end[-1];
    if (last == ';' || last == '{' || last == '}')
        return true;
    static const char *const hints[] = {"()", "=>",   "==", "//", "#include",
                                        "$ ", ">>> ", "</", "/>", "= "};
    if (has_prefix(p, end, "$ ") || has_prefix(p, end, ">>> "))
        return true;
    for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
        size_t k = strlen(hints[i]);
        for (const char *q = p; q + k <= end; q++)
            if (memcmp(q, hints[i], k) == 0)
                return true;
    }
    return false;
}

static bool
is_all_caps(const char *p, size_t k)
{
    size_t upper = 0;
    for (size_t i = 0; i < k; i++) {
        if (is_lower((unsigned char)p[i]))
            return false;
        upper += is_upper((unsigned char)p[i]);
    }
    return upper >= 2;
}

static bool
is_bold_line(const char *p, const char *end)
{
    size_t k = (size_t)(end - p);
    if (k < 5 ||
        chars_upto(p, k, BOLD_HEADING_MAX_CHARS) > BOLD_HEADING_MAX_CHARS)
        return false;
    if (!(has_prefix(p, end, "**") || has_prefix(p, end, "__")))
        return false;
    if (memcmp(end - 2, p, 2) != 0 || p[2] == ' ')
        return false;
    const char *mid = p + 2;
    for (; mid + 1 < end - 2; mid++)
        if (mid[0] == p[0] && mid[1] == p[0])
            return false;
    return true;
}

/* ---- rendering --------------------------------------------------------- */

typedef struct render {
    tk *t;
    const char *r; /* raw block text */
    size_t n;
    size_t i;    /* read position */
    size_t segi; /* current segment */
    bool pend_space;
    bool pend_anchor;
    bool bold_start_pending;
    size_t bold_start;
    char bold_ch; /* '*' or '_' when bold is open */
    bool ital_star, ital_und;
    size_t link_close, link_end; /* SIZE_MAX when no link is open */
    delim_cache dc[DC_N];
    size_t marker_end;
} render;

static size_t
src_of(const render *rd, size_t ri)
{
    const seg *s = &rd->t->segs[rd->segi];
    return s->src + (ri - s->raw);
}

static void
push_anchor(tk *t, size_t out, size_t src)
{
    t->anch = mn_xgrow(t->anch, &t->capanch, t->nanch + 1, sizeof *t->anch);
    t->anch[t->nanch].out = out;
    t->anch[t->nanch].src = src;
    t->nanch++;
}

static void
push_bold(tk *t, size_t start, size_t len)
{
    if (len == 0 || t->nbold >= MN_MAX_SPANS_PER_BLOCK)
        return;
    t->bold = mn_xgrow(t->bold, &t->capbold, t->nbold + 1, sizeof *t->bold);
    t->bold[t->nbold].start = start;
    t->bold[t->nbold].len = len;
    t->nbold++;
}

/* Emit k visible bytes that come from raw offset ri. */
static void
emit_bytes(render *rd, const char *p, size_t k, size_t ri)
{
    tk *t = rd->t;
    if (rd->pend_space && t->out.len > 0 &&
        t->out.data[t->out.len - 1] != '\n') {
        if (!obuf_put(&t->out, " ", 1))
            return;
    }
    rd->pend_space = false;
    if (rd->pend_anchor) {
        push_anchor(t, t->out.len, src_of(rd, ri));
        rd->pend_anchor = false;
    }
    if (rd->bold_start_pending) {
        rd->bold_start = t->out.len;
        rd->bold_start_pending = false;
    }
    if (!t->cut_done && rd->marker_end && ri >= rd->marker_end) {
        t->cut_done = true;
        t->cut_out = t->out.len;
        t->cut_src = src_of(rd, ri);
    }
    if (!obuf_put(&t->out, p, k))
        note_truncated(t, src_of(rd, ri));
}

static void
emit_space(render *rd)
{
    rd->pend_space = true;
}

static void
emit_break(render *rd)
{
    tk *t = rd->t;
    rd->pend_space = false;
    if (t->out.len > 0 && t->out.data[t->out.len - 1] != '\n')
        (void)obuf_put(&t->out, "\n", 1);
}

/*
 * First position >= from where the delimiter `kind` can close. The cache
 * makes repeated queries linear: a query inside [from, found] has the same
 * answer.
 */
static bool
delim_closes_at(const render *rd, int kind, size_t q)
{
    const char *r = rd->r;
    char c = (kind == DC_STAR2 || kind == DC_STAR1) ? '*' : '_';
    size_t want = (kind == DC_STAR2 || kind == DC_UND2) ? 2 : 1;
    if (r[q] != c || (q > 0 && r[q - 1] == c))
        return false;
    size_t k = 0;
    while (q + k < rd->n && r[q + k] == c)
        k++;
    bool len_ok =
        want == 2 ? (k == 2 || (k == 3 && rd->t->md)) : (k == 1 || k == 3);
    if (!len_ok || q == 0 || is_ws((unsigned char)r[q - 1]))
        return false;
    if (c == '_' && q + k < rd->n && is_alnum((unsigned char)r[q + k]))
        return false;
    return true;
}

static char
delim_char(int kind)
{
    switch (kind) {
    case DC_RBRACKET:
        return ']';
    case DC_RPAREN:
        return ')';
    case DC_STAR1:
    case DC_STAR2:
        return '*';
    default:
        return '_';
    }
}

static size_t
find_delim(render *rd, int kind, size_t from)
{
    delim_cache *dc = &rd->dc[kind];
    if (from >= dc->from && from <= dc->found)
        return dc->found;
    dc->from = from;
    dc->found = SIZE_MAX;
    char c = delim_char(kind);
    for (size_t q = from; q < rd->n; q++) {
        const char *hit = memchr(rd->r + q, c, rd->n - q);
        if (!hit)
            break;
        q = (size_t)(hit - rd->r);
        if (kind == DC_RBRACKET || kind == DC_RPAREN ||
            delim_closes_at(rd, kind, q)) {
            dc->found = q;
            break;
        }
    }
    return dc->found;
}

static size_t
run_length(const render *rd, size_t i)
{
    size_t k = 0;
    while (i + k < rd->n && rd->r[i + k] == rd->r[i])
        k++;
    return k;
}

static bool
can_open(const render *rd, size_t i, size_t k)
{
    if (i + k >= rd->n || is_ws((unsigned char)rd->r[i + k]))
        return false;
    if (rd->r[i] == '_' && i > 0 && is_alnum((unsigned char)rd->r[i - 1]))
        return false;
    return true;
}

static void
close_bold(render *rd)
{
    if (!rd->bold_start_pending)
        push_bold(rd->t, rd->bold_start, rd->t->out.len - rd->bold_start);
    rd->bold_ch = 0;
    rd->bold_start_pending = false;
}

/*
 * A run of '*' or '_' at rd->i: 2 is bold, 1 italic (markdown only), 3 both.
 * It opens only when a closing run exists later; false when it is literal.
 */
static bool
do_emphasis(render *rd)
{
    size_t i = rd->i;
    char c = rd->r[i];
    size_t k = run_length(rd, i);
    if (k > 3 || (k != 2 && !rd->t->md))
        return false;
    int bkind = c == '*' ? DC_STAR2 : DC_UND2;
    int ikind = c == '*' ? DC_STAR1 : DC_UND1;
    bool *ital = c == '*' ? &rd->ital_star : &rd->ital_und;
    bool want_bold = k >= 2, want_ital = k != 2;
    bool did = false;
    if (want_bold && rd->bold_ch == c && delim_closes_at(rd, bkind, i)) {
        close_bold(rd);
        did = true;
    }
    if (want_ital && *ital && delim_closes_at(rd, ikind, i)) {
        *ital = false;
        did = true;
    }
    if (!did && can_open(rd, i, k)) {
        if (want_bold && !rd->bold_ch &&
            find_delim(rd, bkind, i + k) != SIZE_MAX) {
            rd->bold_ch = c;
            rd->bold_start_pending = true;
            did = true;
        }
        if (want_ital && !*ital && find_delim(rd, ikind, i + k) != SIZE_MAX) {
            *ital = true;
            did = true;
        }
    }
    if (did)
        rd->i += k;
    return did;
}

/* `code`: the content verbatim; false when no closing run exists. */
static bool
do_code_span(render *rd)
{
    size_t i = rd->i;
    size_t k = run_length(rd, i);
    if (k > 3) {
        return false;
    }
    /* Bounded: a code span ends on its own source line. */
    size_t limit = rd->n;
    if (rd->segi + 1 < rd->t->nsegs)
        limit = rd->t->segs[rd->segi + 1].raw;
    for (size_t q = i + k; q < limit; q++) {
        if (rd->r[q] != '`')
            continue;
        size_t m = run_length(rd, q);
        if (m == k) {
            for (size_t x = i + k; x < q; x++) {
                if (is_ws((unsigned char)rd->r[x]))
                    emit_space(rd);
                else
                    emit_bytes(rd, rd->r + x, 1, x);
            }
            rd->i = q + k;
            return true;
        }
        q += m - 1;
    }
    return false;
}

/* [text](url) -> text; ![alt](src) -> nothing. */
static bool
do_link(render *rd, bool image)
{
    size_t i = rd->i + (image ? 1 : 0);
    if (rd->link_close != SIZE_MAX)
        return false;
    size_t close = find_delim(rd, DC_RBRACKET, i + 1);
    if (close == SIZE_MAX || close + 1 >= rd->n || rd->r[close + 1] != '(')
        return false;
    size_t end = find_delim(rd, DC_RPAREN, close + 2);
    if (end == SIZE_MAX)
        return false;
    if (image) {
        rd->i = end + 1;
        return true;
    }
    rd->link_close = close;
    rd->link_end = end + 1;
    rd->i = i + 1;
    return true;
}

static size_t
tag_length(const render *rd, size_t i)
{
    static const char *const tags[] = {
        "a",    "span", "b",   "i", "u",     "em",    "strong",
        "sup",  "sub",  "div", "p", "font",  "small", "big",
        "mark", "ins",  "del", "s", "center"};
    size_t q = i + 1;
    if (q < rd->n && rd->r[q] == '/')
        q++;
    size_t name = q;
    while (q < rd->n && q - name < 8 &&
           (is_lower((unsigned char)rd->r[q]) ||
            is_upper((unsigned char)rd->r[q])))
        q++;
    size_t nk = q - name;
    bool known = false;
    for (size_t t = 0; t < sizeof tags / sizeof tags[0] && !known; t++)
        known = strlen(tags[t]) == nk &&
                strncasecmp(rd->r + name, tags[t], nk) == 0;
    if (!known || q >= rd->n ||
        (rd->r[q] != '>' && !is_ws((unsigned char)rd->r[q]) && rd->r[q] != '/'))
        return 0;
    for (; q < rd->n && q - i < TAG_SCAN_MAX; q++) {
        if (rd->r[q] == '<')
            return 0;
        if (rd->r[q] == '>')
            return q + 1 - i;
    }
    return 0;
}

static bool
do_angle(render *rd)
{
    size_t i = rd->i;
    const char *p = rd->r + i;
    const char *end = rd->r + rd->n;
    if (has_prefix(p, end, "<!--")) {
        const char *e = NULL;
        for (const char *q = p + 4; q + 3 <= end; q++) {
            q = memchr(q, '-', (size_t)(end - q));
            if (!q || q + 3 > end)
                break;
            if (memcmp(q, "-->", 3) == 0) {
                e = q + 3;
                break;
            }
        }
        rd->i = e ? (size_t)(e - rd->r) : rd->n;
        return true;
    }
    if ((size_t)(end - p) >= 4 && strncasecmp(p, "<br", 3) == 0) {
        const char *q = p + 3;
        while (q < end && (*q == ' ' || *q == '/'))
            q++;
        if (q < end && *q == '>') {
            emit_break(rd);
            rd->i = (size_t)(q + 1 - rd->r);
            return true;
        }
    }
    size_t k = tag_length(rd, i);
    if (k) {
        rd->i += k;
        return true;
    }
    if (has_prefix(p, end, "<http") || has_prefix(p, end, "<mailto:")) {
        for (size_t q = i + 1; q < rd->n && q - i < TAG_SCAN_MAX; q++) {
            if (rd->r[q] == '>') {
                for (size_t x = i + 1; x < q; x++)
                    emit_bytes(rd, rd->r + x, 1, x);
                rd->i = q + 1;
                return true;
            }
            if (is_ws((unsigned char)rd->r[q]) || rd->r[q] == '<')
                break;
        }
    }
    return false;
}

static bool
do_entity(render *rd)
{
    static const struct {
        const char *name;
        uint32_t cp;
    } ents[] = {{"&nbsp;", ' '},     {"&amp;", '&'},      {"&lt;", '<'},
                {"&gt;", '>'},       {"&quot;", '"'},     {"&apos;", '\''},
                {"&#39;", '\''},     {"&ndash;", 0x2013}, {"&mdash;", 0x2014},
                {"&rsquo;", 0x2019}, {"&lsquo;", 0x2018}, {"&pound;", 0xA3}};
    const char *p = rd->r + rd->i;
    const char *end = rd->r + rd->n;
    uint32_t cp = 0;
    size_t k = 0;
    for (size_t e = 0; e < sizeof ents / sizeof ents[0] && !k; e++) {
        if (has_prefix(p, end, ents[e].name)) {
            cp = ents[e].cp;
            k = strlen(ents[e].name);
        }
    }
    if (!k && has_prefix(p, end, "&#")) {
        const char *q = p + 2;
        bool hex = q < end && (*q == 'x' || *q == 'X');
        q += hex;
        const char *digits = q;
        while (q < end && q - p < ENTITY_SCAN_MAX &&
               (is_digit((unsigned char)*q) ||
                (hex && is_xalpha((unsigned char)*q)))) {
            unsigned d = is_digit((unsigned char)*q)
                             ? (unsigned)(*q - '0')
                             : (unsigned)((*q | 0x20) - 'a' + 10);
            cp = cp * (hex ? 16u : 10u) + d;
            q++;
        }
        if (q > digits && q < end && *q == ';' && cp > 0 && cp <= 0x10FFFF &&
            !(cp >= 0xD800 && cp <= 0xDFFF))
            k = (size_t)(q + 1 - p);
    }
    if (!k)
        return false;
    if (cp == ' ' || mn_utf8_norm_action(cp) == MN_NORM_SPACE || cp < 0x20) {
        emit_space(rd);
    } else if (mn_utf8_norm_action(cp) == MN_NORM_KEEP) {
        char u[4];
        size_t m = mn_utf8_encode(cp, u);
        emit_bytes(rd, u, m, rd->i);
    }
    rd->i += k;
    return true;
}

static bool
is_special(unsigned char c, bool md)
{
    if (c == '*' || c == '_' || is_ws(c))
        return true;
    return md && (c == '\\' || c == '`' || c == '[' || c == '!' || c == '<' ||
                  c == '&' || c == ']');
}

static bool
at_segment_end(const render *rd, size_t i)
{
    if (rd->segi + 1 < rd->t->nsegs)
        return i + 1 == rd->t->segs[rd->segi + 1].raw;
    return i == rd->n;
}

/* One step of the inline renderer at rd->i. */
static void
render_step(render *rd)
{
    size_t i = rd->i;
    unsigned char c = (unsigned char)rd->r[i];
    bool md = rd->t->md;
    if (rd->link_close == i) {
        rd->i = rd->link_end;
        rd->link_close = SIZE_MAX;
        return;
    }
    if (is_ws(c)) {
        emit_space(rd);
        rd->i++;
        return;
    }
    bool done = false;
    if (c == '*' || c == '_')
        done = do_emphasis(rd);
    else if (md && c == '\\' && at_segment_end(rd, i + 1)) {
        emit_break(rd); /* markdown hard line break */
        rd->i++;
        done = true;
    } else if (md && c == '\\' && i + 1 < rd->n &&
               is_punct((unsigned char)rd->r[i + 1])) {
        emit_bytes(rd, rd->r + i + 1, 1, i + 1);
        rd->i += 2;
        done = true;
    } else if (md && c == '`')
        done = do_code_span(rd);
    else if (md && c == '[')
        done = do_link(rd, false);
    else if (md && c == '!' && i + 1 < rd->n && rd->r[i + 1] == '[')
        done = do_link(rd, true);
    else if (md && c == '<')
        done = do_angle(rd);
    else if (md && c == '&')
        done = do_entity(rd);
    if (done)
        return;
    /* Literal: copy up to the next special byte in one go. */
    size_t k = (c == '`' || c == '*' || c == '_') ? run_length(rd, i) : 1;
    while (
        i + k < rd->n && !is_special((unsigned char)rd->r[i + k], md) &&
        i + k != rd->link_close && i + k != rd->marker_end &&
        (rd->segi + 1 >= rd->t->nsegs || i + k < rd->t->segs[rd->segi + 1].raw))
        k++;
    emit_bytes(rd, rd->r + i, k, i);
    rd->i += k;
}

/* Render the collected raw text into t->out, anchors and bold spans. */
static void
render_block(tk *t, size_t marker_end)
{
    render rd;
    memset(&rd, 0, sizeof rd);
    rd.t = t;
    rd.r = t->raw.data;
    rd.n = t->raw.len;
    rd.link_close = rd.link_end = SIZE_MAX;
    rd.marker_end = marker_end;
    for (int k = 0; k < DC_N; k++)
        rd.dc[k].from = rd.dc[k].found = SIZE_MAX;
    t->out.len = 0;
    t->nanch = t->nbold = 0;
    t->cut_done = false;
    t->cut_out = t->cut_src = 0;
    rd.pend_anchor = true;
    while (rd.i < rd.n) {
        while (rd.segi + 1 < t->nsegs && rd.i >= t->segs[rd.segi + 1].raw) {
            rd.segi++;
            rd.pend_anchor = true;
        }
        render_step(&rd);
    }
    if (rd.bold_ch && !rd.bold_start_pending)
        push_bold(t, rd.bold_start, t->out.len - rd.bold_start);
    while (t->out.len > 0 && (t->out.data[t->out.len - 1] == '\n' ||
                              t->out.data[t->out.len - 1] == ' '))
        t->out.len--;
}

/* ---- emitting ---------------------------------------------------------- */

static size_t
emit_block(tk *t, mn_block_kind kind, const char *text, size_t len, size_t src0)
{
    size_t idx =
        mn_doc_add_block(t->doc, kind, text, len, mn_doc_pos_at(t->doc, src0));
    if (idx == (size_t)-1)
        t->stopped = true;
    else
        t->nemitted++;
    return idx;
}

/* Add the rendered anchors and bold spans (shifted by cut) to block idx. */
static void
attach_extras(tk *t, size_t idx, size_t cut, size_t len)
{
    size_t last = 0;
    for (size_t a = 0; a < t->nanch; a++) {
        size_t o = t->anch[a].out;
        if (o <= cut || o - cut <= last || o - cut >= len)
            continue;
        last = o - cut;
        mn_doc_add_anchor(t->doc, idx, last,
                          mn_doc_pos_at(t->doc, t->anch[a].src));
    }
    for (size_t b = 0; b < t->nbold; b++) {
        size_t s = t->bold[b].start, e = s + t->bold[b].len;
        s = s < cut ? 0 : s - cut;
        e = e < cut ? 0 : e - cut;
        e = e > len ? len : e;
        if (e > s)
            mn_doc_add_bold(t->doc, idx, s, e - s);
    }
}

static bool
all_bold(const tk *t, size_t len)
{
    return t->nbold == 1 && t->bold[0].start == 0 && t->bold[0].len >= len &&
           len > 0;
}

static unsigned
depth_for_indent(tk *t, unsigned indent)
{
    while (t->nind > 0 && t->ind[t->nind - 1] > indent)
        t->nind--;
    if (t->nind == 0 || t->ind[t->nind - 1] < indent) {
        if (t->nind < MAX_LIST_DEPTH)
            t->ind[t->nind++] = indent;
    }
    return (unsigned)(t->nind ? t->nind : 1);
}

static unsigned
layout_level(const tk *t)
{
    if (t->struct_level)
        return t->struct_level < 6 ? t->struct_level + 1 : 6;
    return t->nemitted == 0 ? 1 : 2;
}

static bool
ends_with_any(const char *p, size_t len, const char *set)
{
    return len > 0 && strchr(set, p[len - 1]) != NULL;
}

/* A short standalone line that reads like a title, not a sentence. */
static bool
layout_heading_text(const char *p, size_t len)
{
    if (len == 0 || chars_upto(p, len, HEADING_MAX_CHARS) > HEADING_MAX_CHARS)
        return false;
    if (is_lower((unsigned char)p[0]) || ends_with_any(p, len, ".,;"))
        return false;
    if (memchr(p, '\n', len))
        return false;
    for (size_t i = 0; i < len; i++)
        if (is_upper((unsigned char)p[i]) || is_lower((unsigned char)p[i]) ||
            (unsigned char)p[i] >= 0x80)
            return true;
    return false;
}

static void
note_emitted(tk *t, mn_block_kind kind, const char *text, size_t len,
             unsigned ordinal)
{
    bool colon = ends_with_any(text, len, ":");
    t->list_ctx = kind != MN_BLOCK_HEADING && colon;
    t->prev_colon = colon;
    t->prev_numbered = kind == MN_BLOCK_LIST_ITEM && ordinal > 0;
    t->prev_item = kind == MN_BLOCK_LIST_ITEM;
    if (kind == MN_BLOCK_HEADING)
        t->nind = 0;
}

static void
reset_pending(tk *t)
{
    memset(&t->cur, 0, sizeof t->cur);
    t->raw.len = 0;
    t->nsegs = 0;
}

/*
 * Decide what the collected block is and emit it. `follow` is the offset
 * where the text after the block starts (used to look ahead).
 */
static void
flush(tk *t, size_t follow)
{
    pend *c = &t->cur;
    if (c->kind == P_NONE)
        return;
    render_block(t, c->kind == P_ITEM ? c->marker_end : 0);
    const char *text = t->out.data ? t->out.data : "";
    size_t len = t->out.len;
    if (len == 0 || t->nanch == 0 ||
        mn_chrome_drop_block(t->chrome, text, len)) {
        reset_pending(t);
        return;
    }
    len = mn_chrome_trim(t->chrome, text, len);
    while (len > 0 && text[len - 1] == ' ')
        len--;
    if (len == 0) {
        reset_pending(t);
        return;
    }
    line nx;
    bool follows = peek_nonblank(t, follow, &nx);
    marker nmk;
    /* A numbered line followed by more numbers, or by bullets nested under
     * it, is a list item; bullets at its own level make it a heading. */
    bool next_is_list = follows && parse_marker(t, &nx, false, &nmk);
    bool next_is_item =
        next_is_list && (!nmk.bullet || nx.indent > c->indent);

    mn_block_kind kind = MN_BLOCK_PARAGRAPH;
    unsigned level = 0, ordinal = 0, flags = 0;
    size_t cut = 0, src0 = t->anch[0].src;
    bool single = c->nlines == 1;
    if (all_bold(t, len))
        flags |= MN_BF_ALL_BOLD;

    if (c->kind == P_HEADING) {
        kind = MN_BLOCK_HEADING;
        level = c->level;
        t->struct_level = level;
    } else if (c->kind == P_ITEM && c->numbered && c->mk.heading_style &&
               single && !t->list_ctx && !t->prev_numbered && follows &&
               !next_is_item && !c->label &&
               chars_upto(text, len, HEADING_MAX_CHARS) <= HEADING_MAX_CHARS &&
               !ends_with_any(text, len, ".,;") && t->cut_done &&
               !is_lower((unsigned char)text[t->cut_out])) {
        kind = MN_BLOCK_HEADING;
        level = c->mk.parts + 1 > 6 ? 6 : c->mk.parts + 1;
        flags |= MN_BF_LAYOUT;
        t->struct_level = level;
    } else if (c->kind == P_ITEM) {
        kind = MN_BLOCK_LIST_ITEM;
        level = c->level;
        ordinal = c->numbered ? c->mk.ordinal : 0;
        if (t->cut_done && t->cut_out < len) {
            cut = t->cut_out;
            src0 = t->cut_src;
        }
        flags &= ~(unsigned)MN_BF_ALL_BOLD;
        if (t->nbold == 1 && t->bold[0].start <= cut &&
            t->bold[0].start + t->bold[0].len >= len && len > cut)
            flags |= MN_BF_ALL_BOLD;
    } else if (single && (flags & MN_BF_ALL_BOLD) &&
               chars_upto(text, len, BOLD_HEADING_MAX_CHARS) <=
                   BOLD_HEADING_MAX_CHARS &&
               !c->label) { // NOLINT(bugprone-branch-clone): 2 heading cues
        kind = MN_BLOCK_HEADING;
        flags |= MN_BF_LAYOUT;
    } else if (single && !c->label && !c->in_run &&
               layout_heading_text(text, len) &&
               (follows || is_all_caps(text, len)) &&
               !(next_is_list && ends_with_any(text, len, ":"))) {
        /* "Apologies:" introducing a list is a label, as in HTML where
         * it is a <p>; "Recommendation 2:" before prose is a heading. */
        kind = MN_BLOCK_HEADING;
        flags |= MN_BF_LAYOUT;
    }
    if (kind == MN_BLOCK_HEADING && level == 0)
        level = layout_level(t);
    if (kind == MN_BLOCK_PARAGRAPH && t->nind && c->level == 0)
        t->nind = 0;

    size_t idx = emit_block(t, kind, text + cut, len - cut, src0);
    if (idx != (size_t)-1) {
        mn_doc_set_block_shape(t->doc, idx, level, ordinal, flags);
        attach_extras(t, idx, cut, len - cut);
        note_emitted(t, kind, text, len, ordinal);
    }
    reset_pending(t);
}

/* Copy a source line's content into the raw buffer as a new segment. */
static void
add_segment(tk *t, size_t from, size_t to)
{
    if (t->raw.len > 0 && !obuf_put(&t->raw, " ", 1))
        return;
    size_t k = to - from;
    if (!obuf_reserve(&t->raw, k)) {
        size_t room = MN_MAX_BLOCK_BYTES - t->raw.len - 1;
        while (room > 0 && ((unsigned char)t->s[from + room] & 0xC0) == 0x80)
            room--;
        k = room < k ? room : k;
        note_truncated(t, from);
        if (k == 0)
            return;
    }
    t->segs = mn_xgrow(t->segs, &t->capsegs, t->nsegs + 1, sizeof *t->segs);
    t->segs[t->nsegs].raw = t->raw.len;
    t->segs[t->nsegs].src = from;
    t->nsegs++;
    (void)obuf_put(&t->raw, t->s + from, k);
    t->cur.nlines++;
}

static void
open_block(tk *t, enum pend_kind kind, const line *ln, size_t from)
{
    reset_pending(t);
    t->cur.kind = kind;
    t->cur.indent = ln->indent;
    add_segment(t, from, ln->cend);
}

/* ---- block-level constructs ------------------------------------------- */

/* ``` fenced code ```: lines verbatim, one anchor per line. */
static size_t
do_fence(tk *t, const line *open, char ch, size_t run)
{
    size_t off = next_off(t, open);
    size_t strip = open->indent;
    t->out.len = 0;
    t->nanch = 0;
    size_t blanks = 0;
    while (off < t->n) {
        line ln;
        get_line(t, off, &ln);
        off = next_off(t, &ln);
        char c2;
        size_t r2;
        if (!ln.blank && ln.indent < 4 &&
            is_fence(t->s + ln.cstart, t->s + ln.cend, &c2, &r2) && c2 == ch &&
            r2 >= run && r2 == ln.cend - ln.cstart)
            break;
        if (ln.blank) {
            blanks += t->out.len > 0;
            continue;
        }
        size_t from = ln.start;
        for (size_t k = 0; k < strip && from < ln.cstart && t->s[from] == ' ';
             k++)
            from++;
        for (size_t k = 0; t->out.len > 0 && k <= blanks; k++)
            (void)obuf_put(&t->out, "\n", 1);
        blanks = 0;
        push_anchor(t, t->out.len, from);
        for (size_t p = from; p < ln.cend; p++) {
            char b = t->s[p];
            if (b != '\t' && is_ws((unsigned char)b))
                b = ' ';
            if (!obuf_put(&t->out, &b, 1)) {
                note_truncated(t, p);
                break;
            }
        }
    }
    if (t->out.len > 0) {
        size_t idx = emit_block(t, MN_BLOCK_PRE, t->out.data, t->out.len,
                                t->anch[0].src);
        if (idx != (size_t)-1)
            attach_extras(t, idx, 0, t->out.len);
        note_emitted(t, MN_BLOCK_PRE, "", 0, 0);
    }
    return off;
}

static size_t
do_indented_code(tk *t, size_t off)
{
    t->out.len = 0;
    t->nanch = 0;
    while (off < t->n) {
        line ln;
        get_line(t, off, &ln);
        if (ln.blank || ln.indent < 4)
            break;
        off = next_off(t, &ln);
        size_t from = ln.start;
        unsigned col = 0;
        while (col < 4 && from < ln.cstart) {
            col = t->s[from] == '\t' ? 4 : col + 1;
            from++;
        }
        if (t->out.len > 0)
            (void)obuf_put(&t->out, "\n", 1);
        push_anchor(t, t->out.len, from);
        if (!obuf_put(&t->out, t->s + from, ln.cend - from))
            note_truncated(t, from);
    }
    if (t->out.len > 0) {
        size_t idx = emit_block(t, MN_BLOCK_PRE, t->out.data, t->out.len,
                                t->anch[0].src);
        if (idx != (size_t)-1)
            attach_extras(t, idx, 0, t->out.len);
        note_emitted(t, MN_BLOCK_PRE, "", 0, 0);
    }
    return off;
}

/* Split a table row into cells and emit each non-empty one. */
static void
table_row(tk *t, const line *ln, unsigned row)
{
    size_t p = ln->cstart, end = ln->cend;
    if (has_prefix(t->s + p, t->s + end, "\xc2\xa6"))
        p += 2;
    else if (t->s[p] == '|')
        p++;
    unsigned col = 0;
    while (p < end && !t->stopped && col < MN_MAX_SPANS_PER_BLOCK) {
        size_t q = p;
        while (q < end && t->s[q] != '|') {
            if (t->s[q] == '\\' && q + 1 < end)
                q++;
            q++;
        }
        col++;
        size_t a = p, b = q;
        while (a < b && is_ws((unsigned char)t->s[a]))
            a++;
        while (b > a && is_ws((unsigned char)t->s[b - 1]))
            b--;
        if (b > a) {
            reset_pending(t);
            t->cur.kind = P_PARA;
            add_segment(t, a, b);
            render_block(t, 0);
            size_t len = t->out.len;
            if (len > 0 && t->nanch > 0)
                len = mn_chrome_trim(t->chrome, t->out.data, len);
            if (len > 0 && t->nanch > 0) {
                size_t idx = emit_block(t, MN_BLOCK_TABLE_CELL, t->out.data,
                                        len, t->anch[0].src);
                if (idx != (size_t)-1) {
                    unsigned fl = row == 1 ? MN_BF_HEADER_CELL : 0;
                    fl |= all_bold(t, len) ? MN_BF_ALL_BOLD : 0;
                    mn_doc_set_block_shape(t->doc, idx, 0, 0, fl);
                    mn_doc_set_block_cell(t->doc, idx, t->table_count, row,
                                          col);
                    attach_extras(t, idx, 0, len);
                }
            }
            reset_pending(t);
        }
        p = q < end ? q + 1 : q;
    }
}

static size_t
do_table(tk *t, const line *header, const line *sep)
{
    t->table_count++;
    table_row(t, header, 1);
    size_t off = next_off(t, sep);
    unsigned row = 1;
    while (off < t->n && !t->stopped) {
        line ln;
        get_line(t, off, &ln);
        if (ln.blank || !has_pipe(t->s + ln.cstart, t->s + ln.cend))
            break;
        off = next_off(t, &ln);
        bool only_pipes = true;
        for (size_t p = ln.cstart; p < ln.cend && only_pipes; p++)
            only_pipes = t->s[p] == '|' || is_ws((unsigned char)t->s[p]);
        if (only_pipes || is_table_separator(t->s + ln.cstart, t->s + ln.cend))
            continue;
        table_row(t, &ln, ++row);
    }
    note_emitted(t, MN_BLOCK_TABLE_CELL, "", 0, 0);
    t->nind = 0;
    return off;
}

static void
do_atx(tk *t, const line *ln, unsigned level)
{
    size_t a = ln->cstart + level, b = ln->cend;
    while (a < b && is_ws((unsigned char)t->s[a]))
        a++;
    /* Trailing kramdown attributes {: .no_toc} / {#id}. */
    if (b > a && t->s[b - 1] == '}') {
        size_t q = b - 1;
        while (q > a && t->s[q] != '{')
            q--;
        if (t->s[q] == '{' && q + 1 < b &&
            (t->s[q + 1] == ':' || t->s[q + 1] == '#' || t->s[q + 1] == '.'))
            b = q;
    }
    while (b > a && is_ws((unsigned char)t->s[b - 1]))
        b--;
    size_t h = b;
    while (h > a && t->s[h - 1] == '#')
        h--;
    if (h == a || is_ws((unsigned char)t->s[h - 1]))
        b = h;
    while (b > a && is_ws((unsigned char)t->s[b - 1]))
        b--;
    if (b == a)
        return;
    reset_pending(t);
    t->cur.kind = P_HEADING;
    t->cur.level = level;
    add_segment(t, a, b);
    flush(t, next_off(t, ln));
}

/* YAML front matter: scalar keys become meta "front.<key>". */
static size_t
do_front_matter(tk *t)
{
    line ln;
    get_line(t, 0, &ln);
    if (ln.cend - ln.cstart != 3 || memcmp(t->s + ln.cstart, "---", 3) != 0 ||
        ln.cstart != 0)
        return 0;
    size_t off = next_off(t, &ln);
    size_t body = off;
    bool closed = false;
    for (int i = 0; i < FRONT_MATTER_MAX_LINES && off < t->n; i++) {
        get_line(t, off, &ln);
        off = next_off(t, &ln);
        size_t k = ln.cend - ln.cstart;
        if (ln.cstart == ln.start && k == 3 &&
            (memcmp(t->s + ln.cstart, "---", 3) == 0 ||
             memcmp(t->s + ln.cstart, "...", 3) == 0)) {
            closed = true;
            break;
        }
    }
    if (!closed)
        return 0;
    size_t stop = off;
    for (off = body; off < stop;) {
        get_line(t, off, &ln);
        off = next_off(t, &ln);
        if (ln.blank || ln.cstart != ln.start)
            continue;
        const char *p = t->s + ln.cstart, *end = t->s + ln.cend;
        const char *q = p;
        while (q < end &&
               (is_alnum((unsigned char)*q) || *q == '_' || *q == '-') &&
               (unsigned char)*q < 0x80)
            q++;
        if (q == p || q >= end || *q != ':' || q - p > FRONT_KEY_MAX)
            continue;
        const char *v = q + 1;
        while (v < end && is_ws((unsigned char)*v))
            v++;
        if (v >= end || strchr("|>[{&*!", *v))
            continue;
        const char *ve = end;
        if ((*v == '"' || *v == '\'') && ve - v >= 2 && ve[-1] == *v) {
            v++;
            ve--;
        } else {
            for (const char *h = v; h + 1 < ve; h++)
                if (h[0] == ' ' && h[1] == '#') {
                    ve = h;
                    break;
                }
            while (ve > v && is_ws((unsigned char)ve[-1]))
                ve--;
        }
        char key[FRONT_KEY_MAX + 8];
        (void)snprintf(key, sizeof key, "front.%.*s", (int)(q - p), p);
        char *val = mn_xstrndup(v, (size_t)(ve - v));
        mn_doc_set_meta(t->doc, key, val);
        free(val);
    }
    return stop;
}

/* ---- the line loop ----------------------------------------------------- */

/* Should the one-line block in progress stand alone as a heading, although
 * body text follows on the very next line? */
static bool
heading_then_body(const tk *t, const line *next)
{
    const pend *c = &t->cur;
    if (c->nlines != 1 || c->label || t->nsegs != 1)
        return false;
    if (c->kind == P_ITEM && !(c->numbered && c->mk.heading_style))
        return false;
    const char *p = t->raw.data;
    size_t k = t->raw.len;
    const char *np = t->s + next->cstart;
    size_t nk = next->cend - next->cstart;
    if (c->kind == P_PARA && is_bold_line(p, p + k))
        return true;
    if (c->kind == P_PARA && is_all_caps(p, k) &&
        chars_upto(p, k, HEADING_MAX_CHARS) <= HEADING_MAX_CHARS &&
        !is_all_caps(np, nk))
        return true;
    size_t ck = chars_upto(p, k, HEADING_MAX_CHARS);
    /* The heading must be much shorter than the body line (< 60%), so the
     * first line of a wrapped paragraph never qualifies. */
    return ck <= HEADING_MAX_CHARS && !is_lower((unsigned char)p[0]) &&
           !ends_with_any(p, k, ".,;") &&
           (is_upper((unsigned char)np[0]) || is_digit((unsigned char)np[0])) &&
           ck * 5 < chars_upto(np, nk, (size_t)2 * HEADING_MAX_CHARS) * 3;
}

/* Is a line starting "o " among other list lines? (only then a bullet) */
static bool
o_bullet_context(const tk *t, const line *ln, size_t after)
{
    if (!starts_o_bullet(t, ln))
        return false;
    if (t->prev_item || t->cur.kind == P_ITEM)
        return true;
    line nx;
    if (after >= t->n)
        return false;
    get_line(t, after, &nx);
    return starts_o_bullet(t, &nx);
}

/*
 * Plain text only. A run of non-blank lines whose breaks are intentional
 * (an unbulleted attendee list, a letterhead: "Name (AB) Role" per line) is
 * one block per line; a hard-wrapped paragraph is one block. A break is
 * intentional when the next line starts a new phrase (capital, digit,
 * bracket, quote) and its first word would have fitted on the line before;
 * the run is decided once, by majority of its breaks.
 */
#define SPLIT_RUN_MAX_LINES 256

static size_t
first_word_chars(const char *p, const char *end)
{
    const char *q = p;
    while (q < end && *q != ' ' && *q != '\t')
        q++;
    return mn_utf8_count(p, (size_t)(q - p));
}

static bool
starts_phrase(unsigned char c)
{
    return is_upper(c) || is_digit(c) || c == '(' || c == '"' || c == '\'' ||
           c >= 0x80;
}

static char
char_shape(char c)
{
    if (is_digit((unsigned char)c))
        return '9';
    if (is_upper((unsigned char)c))
        return 'A';
    if (is_lower((unsigned char)c))
        return 'a';
    return c;
}

/* Two lines begin alike ("2020-11-02 19:00" and "2020-11-02 19:01") when
 * their first characters have the same shape: digit, letter or itself. */
static bool
same_start_shape(const char *a, const char *ae, const char *b,
                 const char *be)
{
    for (int i = 0; i < 6; i++, a++, b++) {
        if (a >= ae || b >= be)
            return a >= ae && b >= be;
        if (char_shape(*a) != char_shape(*b))
            return false;
    }
    return true;
}

static void
decide_split_run(tk *t, size_t first)
{
    size_t len[SPLIT_RUN_MAX_LINES], word[SPLIT_RUN_MAX_LINES];
    bool phrase[SPLIT_RUN_MAX_LINES];
    size_t n = 0, maxlen = 0, off = first;
    while (off < t->n && n < SPLIT_RUN_MAX_LINES) {
        line ln;
        get_line(t, off, &ln);
        if (ln.blank)
            break;
        const char *p = t->s + ln.cstart, *e = t->s + ln.cend;
        len[n] = mn_utf8_count(p, (size_t)(e - p));
        word[n] = first_word_chars(p, e);
        phrase[n] = starts_phrase((unsigned char)*p);
        if (len[n] > maxlen)
            maxlen = len[n];
        /* A log or list: its first three lines begin alike. A heading
         * followed by one body line must stay possible. */
        if (n == 0) {
            t->run_first = ln;
            t->run_uniform = false;
        } else if (n == 1 || n == 2) {
            const char *fp = t->s + t->run_first.cstart;
            bool same = same_start_shape(fp, t->s + t->run_first.cend, p, e);
            t->run_uniform = same && (n == 1 || t->run_uniform);
        }
        n++;
        off = next_off(t, &ln);
    }
    if (n < 3)
        t->run_uniform = false;
    size_t breaks = n ? n - 1 : 0, intentional = 0, phrases = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        phrases += phrase[i + 1];
        if (phrase[i + 1] && len[i] + 1 + word[i + 1] <= maxlen)
            intentional++;
    }
    t->split_run_end = off;
    /* After "Apologies:" a run of short lines that each start a phrase is
     * a list; wrapped prose has lines that continue in lower case. */
    t->split_run = breaks > 0 &&
                   (intentional * 2 > breaks ||
                    (t->prev_colon && maxlen <= 100 && phrases == breaks));
}

/* Does plain-text line `ln` start a new block by an intentional break? */
static bool
intentional_break(tk *t, const line *ln)
{
    /* A numbered item's title line followed by a list of lines ("1. Welcome
     * and introductions" / "Attendees:" / names) breaks the same way;
     * indented lines continue the item. */
    if (t->md || (t->cur.kind != P_PARA &&
                  !(t->cur.kind == P_ITEM && ln->indent <= t->cur.indent)))
        return false;
    if (ln->start >= t->split_run_end) {
        size_t prev = ln->start ? ln->start - 1 : 0;
        while (prev > 0 && t->s[prev - 1] != '\n')
            prev--;
        decide_split_run(t, prev);
    }
    /* The run's first line, still pending, may be its title ("Notes of
     * Meeting" letterheads, "Ref 01/..." items) unless a label such as
     * "Attendance:" introduced the run as a list. */
    if (t->split_run && (t->prev_colon || t->run_uniform))
        t->cur.in_run = true; /* a log or list: no title line */
    return t->split_run;
}

static size_t
handle_line(tk *t, const line *ln)
{
    const char *p = t->s + ln->cstart, *end = t->s + ln->cend;
    size_t after = next_off(t, ln);
    char ch = 0;
    size_t run = 0;

    if (t->md && ln->indent < 4 && is_fence(p, end, &ch, &run)) {
        flush(t, ln->start);
        return t->stopped ? t->n : do_fence(t, ln, ch, run);
    }
    if (t->md && is_kramdown_line(p, end)) {
        flush(t, after);
        return after;
    }
    if (t->md && has_prefix(p, end, "<!--")) {
        const char *e = NULL;
        for (const char *q = p + 4; q + 3 <= end && !e; q++)
            if (memcmp(q, "-->", 3) == 0)
                e = q + 3;
        if (e == end)
            return after; /* a whole-line comment: invisible */
        if (!e) {
            flush(t, ln->start);
            size_t off = after;
            while (off < t->n) { /* skip to the closing --> */
                line c2;
                get_line(t, off, &c2);
                off = next_off(t, &c2);
                const char *s2 = t->s + c2.start;
                size_t k2 = c2.end - c2.start;
                bool closes = false;
                for (size_t x = 0; x + 3 <= k2 && !closes; x++)
                    closes = memcmp(s2 + x, "-->", 3) == 0;
                if (closes)
                    break;
            }
            return off;
        }
    }
    if (ln->indent < 4 && is_rule_line(p, end, &ch)) {
        bool setext = t->cur.kind == P_PARA && t->cur.nlines == 1 &&
                      !t->cur.label && (ch == '=' || ch == '-');
        if (setext) {
            t->cur.kind = P_HEADING;
            t->cur.level = ch == '=' ? 1 : 2;
        }
        flush(t, after);
        return after;
    }
    unsigned atx = ln->indent < 4 ? atx_level(p, end) : 0;
    if (atx) {
        flush(t, ln->start);
        if (!t->stopped)
            do_atx(t, ln, atx);
        return after;
    }
    if (has_pipe(p, end) && after < t->n) {
        line sep;
        get_line(t, after, &sep);
        if (!sep.blank &&
            is_table_separator(t->s + sep.cstart, t->s + sep.cend)) {
            flush(t, ln->start);
            return t->stopped ? t->n : do_table(t, ln, &sep);
        }
    }
    if (t->md && t->cur.kind == P_NONE && ln->indent >= 4 && !t->prev_item &&
        t->nind == 0 && looks_like_code(p, end))
        return do_indented_code(t, ln->start);

    marker mk;
    if (parse_marker(t, ln, o_bullet_context(t, ln, after), &mk)) {
        flush(t, ln->start);
        if (t->stopped)
            return t->n;
        open_block(t, P_ITEM, ln, ln->cstart);
        t->cur.mk = mk;
        t->cur.numbered = !mk.bullet;
        t->cur.marker_end = mk.len;
        t->cur.label = is_label_line(p + mk.len, end);
        t->cur.level = depth_for_indent(t, ln->indent);
        return after;
    }
    if (is_label_line(p, end)) {
        flush(t, ln->start);
        open_block(t, P_PARA, ln, ln->cstart);
        t->cur.label = true;
        return after;
    }
    bool in_run = t->cur.kind != P_NONE && intentional_break(t, ln);
    if (t->cur.kind != P_NONE && !in_run && !heading_then_body(t, ln)) {
        add_segment(t, ln->cstart, ln->cend);
        return after;
    }
    flush(t, ln->start);
    open_block(t, P_PARA, ln, ln->cstart);
    t->cur.in_run = in_run;
    return after;
}

static void
tk_free(tk *t)
{
    free(t->raw.data);
    free(t->out.data);
    free(t->segs);
    free(t->anch);
    free(t->bold);
}

/*
 * Decisions (see tests/test_text.c for each, both ways):
 * - Heading levels: markdown keeps its # count (setext === 1, --- 2);
 *   "3." numbered headings are 2, "4.1" 3 (one more per part); layout
 *   headings (short standalone line, ALL CAPS, **bold** line) are one below
 *   the last markdown/numbered heading, else 1 for the first block and 2.
 * - Ordinals: the number; letters by position (a=1); i/v/x runs as roman.
 * - List items lose their marker; numbered headings keep it.
 * - Label lines ("Date: x") always start a block and are never headings.
 */
mn_status
mn_text_tokenise(mn_doc *doc, bool markdown, const mn_chrome *chrome,
                 mn_error *err)
{
    if (!doc)
        return mn_error_set(err, MN_E_USAGE, NULL, 0, 0,
                            "mn_text_tokenise: no document");
    tk t;
    memset(&t, 0, sizeof t);
    t.doc = doc;
    t.chrome = chrome ? chrome : mn_chrome_default();
    t.s = mn_doc_text(doc);
    t.n = mn_doc_text_len(doc);
    t.md = markdown;
    if (!t.s)
        return MN_OK;
    size_t off = markdown ? do_front_matter(&t) : 0;
    while (off < t.n && !t.stopped) {
        line ln;
        get_line(&t, off, &ln);
        if (ln.blank) {
            flush(&t, ln.start);
            off = next_off(&t, &ln);
            continue;
        }
        off = handle_line(&t, &ln);
    }
    if (!t.stopped)
        flush(&t, t.n);
    tk_free(&t);
    return MN_OK;
}
