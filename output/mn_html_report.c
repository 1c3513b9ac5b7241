/*
 * The HTML review page (`minutes report`): header, findings panel, legend,
 * the document block by block with extracted spans and findings marked in
 * place, then tables of the record. Spans are found by locating each record
 * item's text in the blocks around its `line`; nothing here re-extracts.
 * The page has no script and no external resource, so it reads offline.
 */
#include "mn_html_report.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_limits.h"

/* ---- output ------------------------------------------------------------ */

typedef enum hl_kind {
    HK_ATTENDEE,
    HK_ACTION,
    HK_FIGURE,
    HK_RECOMMENDATION,
    HK_ABBREVIATION,
    HK_COUNT
} hl_kind;

/* A highlighted byte range of one block's text. */
typedef struct hl {
    size_t block, start, len;
    hl_kind kind;
    size_t next; /* next highlight of the same block (SIZE_MAX ends) */
} hl;

/* Where a finding is marked in the text. */
typedef struct fmark {
    size_t block, off, finding;
} fmark;

typedef struct rep {
    mn_buf *out;
    mn_status st; /* first append failure; output stops there */
    const mn_doc *doc;
    size_t nblocks;
    hl *hls;
    size_t nhl, hlcap;
    size_t *head; /* per block: first highlight, SIZE_MAX when none */
    fmark *marks;
    size_t nmarks;
    unsigned hmin;  /* smallest heading level of the document */
    unsigned hlast; /* last HTML heading level emitted */
} rep;

static const char *const kind_class[HK_COUNT] = {
    "attendee", "action", "figure", "recommendation", "abbreviation"};
static const char *const kind_tag[HK_COUNT] = {"person", "action", "figure",
                                               "rec", "abbr"};

static void
put_raw(rep *r, const char *s, size_t n)
{
    if (r->st == MN_OK && n)
        r->st = mn_buf_append(r->out, s, n);
}

static void
put(rep *r, const char *s)
{
    put_raw(r, s, strlen(s));
}

static void putf(rep *r, const char *fmt, ...) MN_PRINTF(2, 3);

/* Formatted output for numbers and fixed markup only; text goes through
 * put_esc. */
static void
putf(rep *r, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        put_raw(r, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static const char *
escape_of(unsigned char c, bool br)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    case '\n':
        return br ? "<br>" : " ";
    case '\t':
    case '\r':
        return NULL;
    default:
        /* Controls are not allowed in HTML text: show a replacement. */
        return c < 0x20 || c == 0x7f ? "\xEF\xBF\xBD" : NULL;
    }
}

/* Append n bytes of text, escaped; with `br` a newline becomes <br>. */
static void
put_escn(rep *r, const char *s, size_t n, bool br)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *e = escape_of((unsigned char)s[i], br);
        if (!e)
            continue;
        put_raw(r, s + run, i - run);
        put(r, e);
        run = i + 1;
    }
    put_raw(r, s + run, n - run);
}

static void
put_esc(rep *r, const char *s)
{
    if (s)
        put_escn(r, s, strlen(s), false);
}

/* ---- record access ----------------------------------------------------- */

static const char *
str_at(const mn_value *map, const char *key)
{
    const char *s = mn_map_get_str(map, key);
    return s && *s ? s : NULL;
}

static unsigned
line_of(const mn_value *item)
{
    mn_value *v = mn_map_get(item, "line");
    long long l = mn_value_type(v) == MN_V_INT ? mn_value_as_int(v) : 0;
    return l > 0 && l <= (long long)UINT32_MAX ? (unsigned)l : 0;
}

static const mn_value *
list_at(const mn_value *rec, const char *key)
{
    mn_value *v = mn_map_get(rec, key);
    return mn_value_type(v) == MN_V_LIST ? v : NULL;
}

/* A scalar (or small container) as display text. */
static void
put_value(rep *r, const mn_value *v, unsigned depth)
{
    switch (mn_value_type(v)) {
    case MN_V_NULL:
        put(r, "\xE2\x80\x94"); /* em dash */
        break;
    case MN_V_BOOL:
        put(r, mn_value_as_bool(v) ? "yes" : "no");
        break;
    case MN_V_INT:
        putf(r, "%lld", mn_value_as_int(v));
        break;
    case MN_V_NUM:
        putf(r, "%g", mn_value_as_num(v));
        break;
    case MN_V_STR:
        put_esc(r, mn_value_as_str(v));
        break;
    case MN_V_LIST:
    case MN_V_MAP: {
        if (depth > 3) {
            put(r, "\xE2\x80\xA6");
            break;
        }
        bool map = mn_value_type(v) == MN_V_MAP;
        size_t n = mn_value_len(v);
        for (size_t i = 0; i < n && i < 50; i++) {
            if (i)
                put(r, "; ");
            if (map) {
                put_esc(r, mn_map_key_at(v, i));
                put(r, ": ");
                put_value(r, mn_map_value_at(v, i), depth + 1);
            } else {
                put_value(r, mn_list_at(v, i), depth + 1);
            }
        }
        break;
    }
    }
}

static size_t
count_sections(const mn_value *list, unsigned depth)
{
    size_t n = mn_value_len(list);
    size_t total = n;
    if (depth >= 32)
        return total;
    for (size_t i = 0; i < n; i++) {
        mn_value *sub = mn_map_get(mn_list_at(list, i), "sections");
        if (mn_value_type(sub) == MN_V_LIST)
            total += count_sections(sub, depth + 1);
    }
    return total;
}

/* ---- locating blocks --------------------------------------------------- */

/* The first block that starts on the same line as the last block starting
 * at or before `line`: the block holding that line. SIZE_MAX when none. */
static size_t
block_for_line(const mn_doc *doc, unsigned line)
{
    size_t b = mn_doc_block_at_line(doc, line);
    if (b == SIZE_MAX)
        return mn_doc_block_count(doc) ? 0 : SIZE_MAX;
    unsigned start = mn_doc_block(doc, b)->pos.line;
    for (size_t k = 0; k < 4096 && b > 0; k++) {
        if (mn_doc_block(doc, b - 1)->pos.line != start)
            break;
        b--;
    }
    return b;
}

/* Does block b carry the "L<line>" id (first block on its line)? */
static bool
block_has_id(const mn_doc *doc, size_t b)
{
    return b == 0 ||
           mn_doc_block(doc, b - 1)->pos.line != mn_doc_block(doc, b)->pos.line;
}

static void
put_line_href(rep *r, unsigned line)
{
    size_t b = line ? block_for_line(r->doc, line) : SIZE_MAX;
    if (b == SIZE_MAX)
        put(r, "#document");
    else
        putf(r, "#L%u", mn_doc_block(r->doc, b)->pos.line);
}

/* A "line N" link to the block holding the line (plain text for line 0). */
static void
put_line_link(rep *r, unsigned line)
{
    if (!line) {
        put(r, "\xE2\x80\x94");
        return;
    }
    put(r, "<a href=\"");
    put_line_href(r, line);
    putf(r, "\">line %u</a>", line);
}

/* ---- highlights -------------------------------------------------------- */

static bool
is_word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
           (c >= 'a' && c <= 'z');
}

static bool
overlaps_same_kind(const rep *r, size_t b, size_t start, size_t len,
                   hl_kind kind)
{
    size_t k = r->head[b];
    for (size_t guard = 0; k != SIZE_MAX && guard < MN_MAX_SPANS_PER_BLOCK;
         guard++) {
        const hl *h = &r->hls[k];
        if (h->kind == kind && start < h->start + h->len &&
            h->start < start + len)
            return true;
        k = h->next;
    }
    return false;
}

/* Offset of a free occurrence of needle[0..n) in block b, preferring one on
 * word boundaries; SIZE_MAX when none. */
static size_t
find_in_block(const rep *r, size_t b, const char *needle, size_t n,
              hl_kind kind)
{
    const mn_block *blk = mn_doc_block(r->doc, b);
    size_t any = SIZE_MAX;
    const char *p = blk->text;
    const char *end = blk->text + blk->len;
    for (size_t guard = 0; guard < MN_MAX_SPANS_PER_BLOCK; guard++) {
        const char *hit = n <= (size_t)(end - p) ? strstr(p, needle) : NULL;
        if (!hit || hit + n > end)
            break;
        size_t off = (size_t)(hit - blk->text);
        if (!overlaps_same_kind(r, b, off, n, kind)) {
            bool left = off == 0 || !is_word_byte((unsigned char)hit[-1]) ||
                        !is_word_byte((unsigned char)needle[0]);
            bool right = hit + n == end ||
                         !is_word_byte((unsigned char)hit[n]) ||
                         !is_word_byte((unsigned char)needle[n - 1]);
            if (left && right)
                return off;
            if (any == SIZE_MAX)
                any = off;
        }
        p = hit + 1;
    }
    return any;
}

static void
add_hl(rep *r, size_t b, size_t start, size_t len, hl_kind kind)
{
    r->hls = mn_xgrow(r->hls, &r->hlcap, r->nhl + 1, sizeof *r->hls);
    r->hls[r->nhl] = (hl){b, start, len, kind, r->head[b]};
    r->head[b] = r->nhl++;
}

/* Highlight the needle in the blocks holding `line` or the few after it
 * (a heading's text may sit in the next paragraph). */
static bool
highlight(rep *r, unsigned line, const char *needle, hl_kind kind)
{
    if (!needle || !*needle || !line)
        return false;
    size_t n = strlen(needle);
    size_t first = block_for_line(r->doc, line);
    if (first == SIZE_MAX)
        return false;
    unsigned start_line = mn_doc_block(r->doc, first)->pos.line;
    size_t after = 0;
    for (size_t b = first; b < r->nblocks && after < 4; b++) {
        if (mn_doc_block(r->doc, b)->pos.line != start_line)
            after++;
        size_t off = find_in_block(r, b, needle, n, kind);
        if (off != SIZE_MAX) {
            add_hl(r, b, off, n, kind);
            return true;
        }
    }
    return false;
}

/* The leading words of a long text (records may shorten or re-space the
 * tail), cut at a space; caller frees. NULL when the text is short. */
static char *
leading_words(const char *s)
{
    size_t n = strlen(s);
    if (n < 60)
        return NULL;
    size_t cut = 48;
    while (cut > 20 && s[cut] != ' ')
        cut--;
    return mn_xstrndup(s, cut);
}

/* A name the record gives a title the text wrote once for a whole list
 * ("Councillors Ann Hale and Ben Ford" -> "Councillor Ann Hale"): without
 * its first word, if it has more than one. */
static const char *
name_after_title(const char *name)
{
    const char *sp = name ? strchr(name, ' ') : NULL;
    return sp && sp[1] ? sp + 1 : NULL;
}

static void
highlight_item(rep *r, const mn_value *item, const char *const *keys,
               hl_kind kind)
{
    unsigned line = line_of(item);
    for (size_t i = 0; keys[i]; i++)
        if (highlight(r, line, str_at(item, keys[i]), kind))
            return;
    if (kind == HK_ATTENDEE &&
        highlight(r, line, name_after_title(str_at(item, keys[0])), kind))
        return;
    const char *text = str_at(item, keys[0]);
    char *lead = text ? leading_words(text) : NULL;
    if (lead)
        (void)highlight(r, line, lead, kind);
    free(lead);
}

static void
highlight_list(rep *r, const mn_value *rec, const char *list,
               const char *const *keys, hl_kind kind)
{
    const mn_value *l = list_at(rec, list);
    size_t n = mn_value_len(l);
    for (size_t i = 0; i < n && i < MN_MAX_RECORD_ITEMS; i++)
        highlight_item(r, mn_list_at(l, i), keys, kind);
}

static int
cmp_hl(const void *pa, const void *pb)
{
    const hl *a = pa, *b = pb;
    if (a->block != b->block)
        return a->block < b->block ? -1 : 1;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->len != b->len)
        return a->len > b->len ? -1 : 1; /* outer span first */
    return (int)a->kind - (int)b->kind;
}

static void
collect_highlights(rep *r, const mn_value *rec)
{
    static const char *const people[] = {"name", "abbr", NULL};
    static const char *const text[] = {"text", NULL};
    static const char *const recs[] = {"text", "title", NULL};
    static const char *const abbr[] = {"abbr", NULL};
    r->head = mn_xmalloc((r->nblocks ? r->nblocks : 1) * sizeof *r->head);
    for (size_t i = 0; i < r->nblocks; i++)
        r->head[i] = SIZE_MAX;
    highlight_list(r, rec, "attendees", people, HK_ATTENDEE);
    highlight_list(r, rec, "actions", text, HK_ACTION);
    highlight_list(r, rec, "figures", text, HK_FIGURE);
    highlight_list(r, rec, "recommendations", recs, HK_RECOMMENDATION);
    highlight_list(r, rec, "abbreviations", abbr, HK_ABBREVIATION);
    if (r->nhl)
        qsort(r->hls, r->nhl, sizeof *r->hls, cmp_hl);
}

/* ---- finding marks ----------------------------------------------------- */

static size_t
advance_chars(const char *s, size_t from, size_t limit, unsigned chars)
{
    size_t i = from;
    while (i < limit && chars > 0) {
        i++;
        while (i < limit && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars--;
    }
    return i;
}

/* The text offset in block b of source position (line, col): inside the
 * anchor run on that line, else the end of the block. */
static size_t
offset_of_pos(const mn_block *b, unsigned line, unsigned col)
{
    for (size_t i = 0; i < b->nanchors; i++) {
        const mn_anchor *a = &b->anchors[i];
        size_t limit =
            i + 1 < b->nanchors ? b->anchors[i + 1].text_off : b->len;
        bool last_on_line = i + 1 == b->nanchors ||
                            b->anchors[i + 1].pos.line != line ||
                            b->anchors[i + 1].pos.col > col;
        if (a->pos.line == line && (a->pos.col <= col || col == 0) &&
            last_on_line) {
            unsigned ahead = col > a->pos.col ? col - a->pos.col : 0;
            return advance_chars(b->text, a->text_off, limit, ahead);
        }
    }
    return b->nanchors == 0 && b->pos.line == line ? 0 : b->len;
}

static int
cmp_mark(const void *pa, const void *pb)
{
    const fmark *a = pa, *b = pb;
    if (a->block != b->block)
        return a->block < b->block ? -1 : 1;
    if (a->off != b->off)
        return a->off < b->off ? -1 : 1;
    return a->finding < b->finding ? -1 : a->finding > b->finding;
}

static bool
shown(const mn_finding *f)
{
    return f->level != MN_LEVEL_OFF;
}

static void
collect_marks(rep *r, const mn_findings *fs)
{
    if (!fs || !fs->n)
        return;
    r->marks = mn_xmalloc(fs->n * sizeof *r->marks);
    for (size_t i = 0; i < fs->n; i++) {
        const mn_finding *f = &fs->items[i];
        size_t b = f->line ? block_for_line(r->doc, f->line) : SIZE_MAX;
        if (b == SIZE_MAX || !shown(f))
            continue;
        size_t off = offset_of_pos(mn_doc_block(r->doc, b), f->line, f->col);
        r->marks[r->nmarks++] = (fmark){b, off, i};
    }
    if (r->nmarks)
        qsort(r->marks, r->nmarks, sizeof *r->marks, cmp_mark);
}

static const char *
level_symbol(mn_level l)
{
    switch (l) {
    case MN_LEVEL_ERROR:
        return "\xE2\x9C\x96"; /* heavy multiplication x */
    case MN_LEVEL_WARNING:
        return "\xE2\x96\xB2"; /* triangle */
    default:
        return "\xE2\x97\x8F"; /* circle */
    }
}

static void
put_mark(rep *r, const mn_findings *fs, size_t i)
{
    const mn_finding *f = &fs->items[i];
    const char *lv = mn_level_name(f->level);
    putf(r, "<a class=\"fm %s\" id=\"fm-%zu\" href=\"#finding-%zu\">", lv,
         i + 1, i + 1);
    put(r, level_symbol(f->level));
    putf(r, " %s %zu</a>", lv, i + 1);
}

/* ---- the document ------------------------------------------------------ */

/* Render block text with nested highlights and finding marks. Spans that
 * cross another span's end are dropped: HTML cannot nest them. */
static void
put_block_text(rep *r, const mn_block *b, const hl *h, size_t nh,
               const fmark *mk, size_t nm, const mn_findings *fs)
{
    size_t stack[64] = {0};
    size_t depth = 0, pos = 0, hi = 0, mi = 0;
    for (size_t guard = 0; guard < 4 * (nh + nm) + 4; guard++) {
        size_t next = b->len;
        if (depth)
            next = h[stack[depth - 1]].start + h[stack[depth - 1]].len;
        if (hi < nh && h[hi].start < next)
            next = h[hi].start;
        if (mi < nm && mk[mi].off < next)
            next = mk[mi].off;
        if (next > pos) {
            put_escn(r, b->text + pos, next - pos, true);
            pos = next;
        }
        if (depth &&
            h[stack[depth - 1]].start + h[stack[depth - 1]].len == pos) {
            put(r, "</mark>");
            depth--;
            continue;
        }
        if (mi < nm && mk[mi].off == pos) {
            put_mark(r, fs, mk[mi++].finding);
            continue;
        }
        if (hi < nh && h[hi].start == pos) {
            const hl *s = &h[hi];
            bool fits = !depth ||
                        s->start + s->len <=
                            h[stack[depth - 1]].start + h[stack[depth - 1]].len;
            if (fits && depth < 64 && s->len > 0) {
                putf(r, "<mark class=\"hl %s\"><span class=\"tag\">%s</span>",
                     kind_class[s->kind], kind_tag[s->kind]);
                stack[depth++] = hi;
            }
            hi++;
            continue;
        }
        if (pos >= b->len && hi >= nh && mi >= nm && !depth)
            break;
    }
    for (; depth; depth--)
        put(r, "</mark>");
}

/* Notes listing the findings marked in a block, next to it. */
static void
put_block_notes(rep *r, const fmark *mk, size_t nm, const mn_findings *fs)
{
    if (!nm)
        return;
    put(r, "<ul class=\"notes\">");
    for (size_t i = 0; i < nm; i++) {
        const mn_finding *f = &fs->items[mk[i].finding];
        putf(r, "<li class=\"%s\"><strong>", mn_level_name(f->level));
        put(r, level_symbol(f->level));
        putf(r, " %s %zu:</strong> ", mn_level_name(f->level),
             mk[i].finding + 1);
        put_esc(r, f->message);
        put(r, " <code>");
        put_esc(r, f->id);
        put(r, "</code></li>");
    }
    put(r, "</ul>");
}

typedef enum container { C_NONE, C_UL, C_OL, C_TABLE } container;

typedef struct walk {
    container open;
    unsigned table, row;
} walk;

static void
close_container(rep *r, walk *w)
{
    switch (w->open) {
    case C_UL:
        put(r, "</ul>\n");
        break;
    case C_OL:
        put(r, "</ol>\n");
        break;
    case C_TABLE:
        put(r, "</tr></tbody></table></div>\n");
        break;
    case C_NONE:
        break;
    }
    w->open = C_NONE;
}

static container
container_of(const mn_block *b)
{
    if (b->kind == MN_BLOCK_LIST_ITEM)
        return b->ordinal ? C_OL : C_UL;
    if (b->kind == MN_BLOCK_TABLE_CELL)
        return C_TABLE;
    return C_NONE;
}

static void
open_container(rep *r, walk *w, const mn_block *b)
{
    container c = container_of(b);
    bool same = c == w->open && (c != C_TABLE || w->table == b->table);
    if (same)
        return;
    close_container(r, w);
    w->open = c;
    if (c == C_UL)
        put(r, "<ul class=\"doc-list\">");
    else if (c == C_OL)
        put(r, "<ol class=\"doc-list\">");
    else if (c == C_TABLE) {
        putf(r,
             "<div class=\"scroll\"><table class=\"doc-table\"><caption>"
             "Table %u of the document</caption><tbody><tr>",
             b->table);
        w->table = b->table;
        w->row = b->row;
    }
}

static unsigned
html_heading_level(rep *r, const mn_block *b)
{
    unsigned l = 3 + (b->level > r->hmin ? b->level - r->hmin : 0);
    /* Never skip a level downwards: screen readers navigate by them. */
    if (l > r->hlast + 1)
        l = r->hlast + 1;
    if (l > 6)
        l = 6;
    r->hlast = l;
    return l;
}

static void
put_block_id(rep *r, size_t i, const mn_block *b)
{
    if (block_has_id(r->doc, i))
        putf(r, " id=\"L%u\"", b->pos.line);
}

static void
put_gutter(rep *r, const mn_block *b)
{
    putf(r, "<span class=\"ln\" aria-hidden=\"true\">%u</span>", b->pos.line);
}

typedef struct slice {
    const hl *h;
    size_t nh;
    const fmark *m;
    size_t nm;
} slice;

static void
put_block(rep *r, walk *w, size_t i, const slice *s, const mn_findings *fs)
{
    const mn_block *b = mn_doc_block(r->doc, i);
    open_container(r, w, b);
    switch (b->kind) {
    case MN_BLOCK_HEADING: {
        unsigned l = html_heading_level(r, b);
        putf(r, "<h%u class=\"blk\"", l);
        put_block_id(r, i, b);
        put(r, ">");
        put_gutter(r, b);
        put_block_text(r, b, s->h, s->nh, s->m, s->nm, fs);
        putf(r, "</h%u>\n", l);
        put_block_notes(r, s->m, s->nm, fs);
        return;
    }
    case MN_BLOCK_LIST_ITEM:
        put(r, "<li class=\"blk");
        putf(r, " d%u\"", b->level > 6 ? 6 : b->level);
        if (b->ordinal)
            putf(r, " value=\"%u\"", b->ordinal);
        break;
    case MN_BLOCK_TABLE_CELL:
        if (b->row != w->row) {
            put(r, "</tr><tr>");
            w->row = b->row;
        }
        put(r, b->flags & MN_BF_HEADER_CELL ? "<th scope=\"col\" class=\"blk\""
                                            : "<td class=\"blk\"");
        break;
    case MN_BLOCK_PRE:
        put(r, "<pre class=\"blk\"");
        break;
    case MN_BLOCK_PARAGRAPH:
    default:
        put(r, "<p class=\"blk\"");
        break;
    }
    put_block_id(r, i, b);
    put(r, ">");
    if (b->kind != MN_BLOCK_TABLE_CELL)
        put_gutter(r, b);
    put_block_text(r, b, s->h, s->nh, s->m, s->nm, fs);
    bool inside =
        b->kind == MN_BLOCK_LIST_ITEM || b->kind == MN_BLOCK_TABLE_CELL;
    if (inside)
        put_block_notes(r, s->m, s->nm, fs);
    if (b->kind == MN_BLOCK_LIST_ITEM)
        put(r, "</li>\n");
    else if (b->kind == MN_BLOCK_TABLE_CELL)
        put(r, b->flags & MN_BF_HEADER_CELL ? "</th>" : "</td>");
    else
        put(r, b->kind == MN_BLOCK_PRE ? "</pre>\n" : "</p>\n");
    if (!inside)
        put_block_notes(r, s->m, s->nm, fs);
}

static void
put_document(rep *r, const mn_findings *fs)
{
    put(r, "<section id=\"document\" aria-labelledby=\"document-h\">"
           "<h2 id=\"document-h\">The document, as read</h2>\n");
    if (!r->nblocks)
        put(r, "<p>The document has no text.</p>\n");
    r->hmin = 6;
    for (size_t i = 0; i < r->nblocks; i++) {
        const mn_block *b = mn_doc_block(r->doc, i);
        if (b->kind == MN_BLOCK_HEADING && b->level && b->level < r->hmin)
            r->hmin = b->level;
    }
    r->hlast = 2;
    walk w = {C_NONE, 0, 0};
    size_t hi = 0, mi = 0;
    for (size_t i = 0; i < r->nblocks && r->st == MN_OK; i++) {
        /* No arithmetic on NULL: a page without highlights or marks. */
        slice s = {r->hls ? r->hls + hi : NULL, 0,
                   r->marks ? r->marks + mi : NULL, 0};
        while (hi < r->nhl && r->hls[hi].block == i)
            hi++, s.nh++;
        while (mi < r->nmarks && r->marks[mi].block == i)
            mi++, s.nm++;
        put_block(r, &w, i, &s, fs);
    }
    close_container(r, &w);
    put(r, "</section>\n");
}

/* ---- page parts -------------------------------------------------------- */

/* In pieces: C99 only promises string literals of 4095 bytes. */
static const char *const css[] = {
    ":root{--fg:#1b1b1b;--muted:#4a4a4a;--link:#0b4f9c;--rule:#c8c8c8;"
    "--err:#a4001d;--warn:#7a4100;--sug:#1f4f7a}"
    "*{box-sizing:border-box}"
    "html{font-size:100%}"
    "body{margin:0;color:var(--fg);background:#fff;font:1rem/1.55 "
    "system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,"
    "sans-serif}"
    ".page{max-width:62rem;margin:0 auto;padding:1rem 1.25rem 3rem}"
    "a{color:var(--link)}a:focus{outline:3px solid #ffbf47;outline-offset:1px}"
    ".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;"
    "background:#fff;padding:.5rem;z-index:2}"
    "main>section:first-child>h2{border-top:0;padding-top:0}"
    "header.top{border-bottom:4px solid var(--fg);padding-bottom:.75rem;"
    "margin-bottom:1rem}"
    ".kicker{margin:0;color:var(--muted);font-size:.9rem;text-transform:"
    "uppercase;letter-spacing:.04em}"
    "h1{font-size:1.9rem;line-height:1.2;margin:.2rem 0 .75rem}"
    "h2{font-size:1.45rem;margin:2rem 0 .75rem;border-top:1px solid "
    "var(--rule);padding-top:1rem}"
    "h3{font-size:1.2rem}h4{font-size:1.08rem}h5,h6{font-size:1rem}"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem "
    "1rem;margin:0 0 .75rem}"
    "dl.meta dt{font-weight:600}dl.meta dd{margin:0;min-width:0;"
    "overflow-wrap:anywhere}"
    ".counts{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;"
    "margin:0}"
    ".counts li{border:1px solid var(--rule);border-radius:4px;padding:"
    ".2rem .6rem;font-size:.95rem}"
    ".counts b{font-size:1.1rem}"
    ".muted{color:var(--muted)}"
    ".findings h3{margin:1rem 0 .4rem}"
    ".findings ul{list-style:none;padding-left:0;margin:.25rem 0}"
    ".findings li{margin:.3rem 0}"
    ".lvl{font-weight:700}.lvl.error,.notes .error strong,.fm.error{color:"
    "var(--err)}"
    ".lvl.warning,.notes .warning strong,.fm.warning{color:var(--warn)}"
    ".lvl.suggestion,.notes .suggestion strong,.fm.suggestion{color:"
    "var(--sug)}"
    "code{font-size:.85em;background:#f1f1f1;padding:0 .25em;border-radius:"
    "3px;overflow-wrap:anywhere}"
    ".legend{list-style:none;padding:0;display:grid;grid-template-columns:"
    "repeat(auto-fill,minmax(17rem,1fr));gap:.4rem 1rem}"
    "#document{overflow-wrap:break-word}"
    ".blk{position:relative}"
    ".ln{position:absolute;left:-3.2rem;width:2.8rem;text-align:right;"
    "color:var(--muted);font-size:.75rem;font-weight:400;line-height:2;"
    "font-variant-numeric:tabular-nums}"
    "td .ln,th .ln{display:none}"
    ".doc-list{padding-left:1.5rem}.doc-list li{margin:.2rem 0}",
    ".d2{margin-left:1.5rem}.d3{margin-left:3rem}.d4,.d5,.d6{margin-left:"
    "4.5rem}"
    "pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}"
    ".scroll{overflow-x:auto;margin:.5rem 0 1rem}"
    "table{border-collapse:collapse;width:100%;font-size:.95rem}"
    "caption{text-align:left;font-weight:600;padding:.25rem 0}"
    "th,td{border:1px solid var(--rule);padding:.35rem .5rem;text-align:left;"
    "vertical-align:top}"
    "thead th,th[scope=col]{background:#efefef}"
    "mark.hl{color:var(--fg);padding:0 .1em;border-radius:2px;"
    "text-decoration-thickness:2px;text-underline-offset:3px;"
    "-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "mark.attendee{background:#d6e8fb;text-decoration:underline solid "
    "#0b4f9c}"
    "mark.action{background:#fde9a6;text-decoration:underline double "
    "#7a4100}"
    "mark.figure{background:#cdf2d8;text-decoration:underline dotted "
    "#14592d;text-decoration-thickness:3px}"
    "mark.recommendation{background:#ece0fb;text-decoration:underline "
    "dashed #5b2a8c}"
    "mark.abbreviation{background:#e4e7ea;text-decoration:underline wavy "
    "#33404d;text-decoration-thickness:1px}"
    ".tag{display:inline-block;font-size:.62rem;font-weight:700;"
    "text-transform:uppercase;letter-spacing:.03em;line-height:1.2;"
    "vertical-align:.15em;margin-right:.2em;padding:0 .2em;border-radius:"
    "2px;background:#fff;color:#1b1b1b;border:1px solid currentColor;"
    "text-decoration:none}"
    ".fm{display:inline-block;font-size:.75rem;font-weight:700;"
    "border:1px solid currentColor;border-radius:3px;padding:0 .25em;"
    "margin:0 .15em;text-decoration:none;background:#fff;line-height:1.3}"
    ".notes{list-style:none;margin:-.25rem 0 .9rem;padding:.35rem .6rem;"
    "border-left:4px solid var(--warn);background:#fff8ec;font-size:.92rem}"
    ".notes li{margin:.15rem 0}"
    "td .notes,li .notes{margin:.3rem 0 0}"
    ".direction,.nowrap{white-space:nowrap}"
    "footer{margin-top:2.5rem;border-top:1px solid var(--rule);padding-top:"
    ".75rem;color:var(--muted);font-size:.9rem}"
    ".change-val{min-width:10rem}.diff-old{background:#fbe3e3}.diff-new{"
    "background:#def5e3}"
    ".src{display:block;color:var(--muted);font-size:.88rem}"
    "@media (min-width:70rem){li.d1>.ln{left:-4.7rem}li.d2>.ln{left:-6.2rem}"
    "li.d3>.ln{left:-7.7rem}li.d4>.ln,li.d5>.ln,li.d6>.ln{left:-9.2rem}}"
    "@media (max-width:69.99rem){.ln{position:static;display:inline-block;"
    "width:auto;margin-right:.4rem;line-height:inherit}"
    "td .ln,th .ln{display:none}}"
    "@media (max-width:40rem){.page{padding:.75rem}h1{font-size:1.5rem}",
    "dl.meta{grid-template-columns:1fr}dl.meta dd{margin-bottom:.3rem}"
    "th,td{padding:.25rem .35rem}}"
    "@media print{.skip{display:none}.page{max-width:none;padding:0}"
    "a{color:inherit;text-decoration:none}h2{break-after:avoid}"
    "tr,li,.notes{break-inside:avoid}.scroll{overflow:visible}"
    ".ln{position:static;display:inline-block;"
    "width:auto;margin-right:.4rem}body{font-size:11pt}}"};

static void
put_head(rep *r, const char *title, const char *lang)
{
    put(r, "<!DOCTYPE html>\n<html lang=\"");
    put_esc(r, lang && *lang ? lang : "en");
    put(r, "\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, "
           "initial-scale=1\">\n"
           "<meta name=\"generator\" content=\"minutes report\">\n<title>");
    put_esc(r, title);
    put(r, "</title>\n<style>");
    for (size_t i = 0; i < sizeof css / sizeof *css; i++)
        put(r, css[i]);
    put(r, "</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip "
           "to the report</a>\n<div class=\"page\">\n");
}

static void
put_meta_row(rep *r, const char *label, const char *value)
{
    if (!value)
        return;
    put(r, "<dt>");
    put(r, label);
    put(r, "</dt><dd>");
    put_esc(r, value);
    put(r, "</dd>");
}

static void
put_date(rep *r, const mn_value *meeting)
{
    const char *date = str_at(meeting, "date");
    const char *text = str_at(meeting, "date_text");
    if (!date && !text)
        return;
    put(r, "<dt>Date</dt><dd>");
    if (date) {
        put(r, "<time datetime=\"");
        put_esc(r, date);
        put(r, "\">");
        put_esc(r, date);
        put(r, "</time>");
    }
    if (text) {
        put(r, date ? " (written \xE2\x80\x9C" : "written \xE2\x80\x9C");
        put_esc(r, text);
        put(r, date ? "\xE2\x80\x9D)" : "\xE2\x80\x9D");
    }
    mn_value *certain = mn_map_get(meeting, "date_certain");
    if (date && mn_value_type(certain) == MN_V_BOOL &&
        !mn_value_as_bool(certain))
        put(r, " <span class=\"muted\">\xE2\x80\x94 year inferred</span>");
    put(r, "</dd>");
}

static void
put_period(rep *r, const mn_value *meeting)
{
    const mn_value *p = mn_map_get(meeting, "period");
    if (mn_value_type(p) != MN_V_MAP)
        return;
    put(r, "<dt>Period</dt><dd>");
    mn_value *q = mn_map_get(p, "quarter");
    if (mn_value_type(q) == MN_V_INT)
        putf(r, "Q%lld ", mn_value_as_int(q));
    put_esc(r, str_at(p, "financial_year"));
    const char *start = str_at(p, "start"), *end = str_at(p, "end");
    if (start && end) {
        put(r, " (");
        put_esc(r, start);
        put(r, " to ");
        put_esc(r, end);
        put(r, ")");
    }
    put(r, "</dd>");
}

static void
put_next_meeting(rep *r, const mn_value *meeting)
{
    const mn_value *n = mn_map_get(meeting, "next_meeting");
    if (mn_value_type(n) != MN_V_MAP)
        return;
    put(r, "<dt>Next meeting</dt><dd>");
    const char *d =
        str_at(n, "date") ? str_at(n, "date") : str_at(n, "date_text");
    put_esc(r, d ? d : "date not found");
    if (str_at(n, "type")) {
        put(r, " \xE2\x80\x94 ");
        put_esc(r, str_at(n, "type"));
    }
    put(r, "</dd>");
}

static void
put_count(rep *r, size_t n, const char *one, const char *many, const char *href)
{
    putf(r, "<li><a href=\"%s\"><b>%zu</b> %s</a></li>", href, n,
         n == 1 ? one : many);
}

static size_t
count_level(const mn_findings *fs, mn_level l)
{
    return fs ? mn_findings_count(fs, l) : 0;
}

static void
put_header(rep *r, const mn_value *rec, const char *title,
           const mn_findings *fs)
{
    const mn_value *m = mn_map_get(rec, "meeting");
    put(r, "<header class=\"top\">\n<p class=\"kicker\">Review of the "
           "minutes \xE2\x80\x94 what <code>minutes</code> found</p>\n<h1>");
    put_esc(r, title);
    put(r, "</h1>\n<dl class=\"meta\">");
    put_date(r, m);
    put_meta_row(r, "Time", str_at(m, "time"));
    put_meta_row(r, "Chair", str_at(m, "chair"));
    put_period(r, m);
    put_meta_row(r, "Body", str_at(m, "body"));
    put_meta_row(r, "Kind", str_at(m, "kind"));
    put_next_meeting(r, m);
    put_meta_row(r, "Source", str_at(mn_map_get(rec, "source"), "path"));
    put(r, "</dl>\n<ul class=\"counts\" aria-label=\"What was found\">");
    put_count(r, mn_value_len(list_at(rec, "attendees")), "attendee",
              "attendees", "#attendees");
    put_count(r, count_sections(list_at(rec, "sections"), 0), "section",
              "sections", "#document");
    put_count(r, mn_value_len(list_at(rec, "actions")), "action", "actions",
              "#actions");
    put_count(r, mn_value_len(list_at(rec, "figures")), "figure", "figures",
              "#figures");
    put_count(r, mn_value_len(list_at(rec, "recommendations")),
              "recommendation", "recommendations", "#recommendations");
    put_count(r, mn_value_len(list_at(rec, "abbreviations")), "abbreviation",
              "abbreviations", "#abbreviations");
    put_count(r, count_level(fs, MN_LEVEL_ERROR), "error", "errors",
              "#findings");
    put_count(r, count_level(fs, MN_LEVEL_WARNING), "warning", "warnings",
              "#findings");
    put_count(r, count_level(fs, MN_LEVEL_SUGGESTION), "suggestion",
              "suggestions", "#findings");
    put(r, "</ul>\n</header>\n");
}

static void
put_finding_item(rep *r, const mn_findings *fs, size_t i)
{
    const mn_finding *f = &fs->items[i];
    putf(r, "<li id=\"finding-%zu\"><span class=\"lvl %s\">", i + 1,
         mn_level_name(f->level));
    put(r, level_symbol(f->level));
    putf(r, " %s %zu</span> ", mn_level_name(f->level), i + 1);
    if (f->line) {
        put(r, "<a href=\"");
        put_line_href(r, f->line);
        putf(r, "\">line %u", f->line);
        if (f->col)
            putf(r, ", column %u", f->col);
        put(r, "</a>: ");
    } else {
        put(r, "<span class=\"muted\">whole document</span>: ");
    }
    put_esc(r, f->message);
    put(r, " <code>");
    put_esc(r, f->id);
    put(r, "</code></li>\n");
}

static void
put_findings(rep *r, const mn_findings *fs, const mn_value *rec)
{
    static const mn_level order[] = {MN_LEVEL_ERROR, MN_LEVEL_WARNING,
                                     MN_LEVEL_SUGGESTION};
    static const char *const names[] = {"Errors", "Warnings", "Suggestions"};
    put(r, "<section id=\"findings\" class=\"findings\" "
           "aria-labelledby=\"findings-h\"><h2 id=\"findings-h\">Findings of "
           "the publication checks</h2>\n");
    size_t total = 0;
    for (size_t k = 0; k < 3; k++) {
        size_t n = count_level(fs, order[k]);
        total += n;
        if (!n)
            continue;
        putf(r, "<h3 id=\"findings-%s\">%s (%zu)</h3>\n<ul>\n",
             mn_level_name(order[k]), names[k], n);
        for (size_t i = 0; i < fs->n; i++)
            if (fs->items[i].level == order[k])
                put_finding_item(r, fs, i);
        put(r, "</ul>\n");
    }
    if (!total)
        put(r, "<p>No findings: the checks found nothing to flag.</p>\n");
    const mn_value *w = list_at(rec, "warnings");
    if (mn_value_len(w)) {
        put(r, "<h3 id=\"extraction-notes\">Notes from extraction</h3>\n"
               "<ul>\n");
        for (size_t i = 0; i < mn_value_len(w) && i < MN_MAX_RECORD_ITEMS;
             i++) {
            const mn_value *it = mn_list_at(w, i);
            put(r, "<li>");
            if (line_of(it)) {
                put_line_link(r, line_of(it));
                put(r, ": ");
            }
            put_esc(r, str_at(it, "message"));
            put(r, "</li>\n");
        }
        put(r, "</ul>\n");
    }
    put(r, "</section>\n");
}

static void
put_legend(rep *r)
{
    static const char *const what[HK_COUNT] = {
        "attendee (solid underline)", "action (double underline)",
        "figure (dotted underline)", "recommendation (dashed underline)",
        "abbreviation (wavy underline)"};
    static const char *const sample[HK_COUNT] = {
        "Jane Doe", "send the plan", "82%", "Recommendation 2", "ASB"};
    put(r, "<section id=\"key\" aria-labelledby=\"key-h\"><h2 id=\"key-h\">"
           "How to read the document</h2>\n<p>Each thing <code>minutes</code> "
           "extracted is marked with a small label naming its kind, a "
           "colour and an underline style:</p>\n<ul class=\"legend\">");
    for (size_t k = 0; k < HK_COUNT; k++) {
        putf(r,
             "<li><mark class=\"hl %s\"><span class=\"tag\">%s</span>%s"
             "</mark> %s</li>",
             kind_class[k], kind_tag[k], sample[k], what[k]);
    }
    put(r, "</ul>\n<p>Findings are marked where they apply, as "
           "<span class=\"fm error\">\xE2\x9C\x96 error</span> "
           "<span class=\"fm warning\">\xE2\x96\xB2 warning</span> "
           "<span class=\"fm suggestion\">\xE2\x97\x8F suggestion</span> "
           "with their number, and explained in a note after the "
           "paragraph. Small numbers in the margin are source line "
           "numbers.</p>\n</section>\n");
}

static void
put_table_start(rep *r, const char *id, const char *title, const char *caption,
                const char *const *cols)
{
    putf(r, "<section id=\"%s\" aria-labelledby=\"%s-h\"><h2 id=\"%s-h\">", id,
         id, id);
    put(r, title);
    put(r, "</h2>\n<div class=\"scroll\"><table><caption>");
    put(r, caption);
    put(r, "</caption><thead><tr>");
    for (size_t i = 0; cols[i]; i++) {
        put(r, "<th scope=\"col\">");
        put(r, cols[i]);
        put(r, "</th>");
    }
    put(r, "</tr></thead><tbody>\n");
}

static void
put_table_end(rep *r)
{
    put(r, "</tbody></table></div></section>\n");
}

static void
put_empty_section(rep *r, const char *id, const char *title, const char *none)
{
    putf(r, "<section id=\"%s\" aria-labelledby=\"%s-h\"><h2 id=\"%s-h\">", id,
         id, id);
    put(r, title);
    put(r, "</h2>\n<p>");
    put(r, none);
    put(r, "</p></section>\n");
}

static void
put_cell(rep *r, const mn_value *item, const char *key)
{
    put(r, "<td>");
    put_value(r, mn_map_get(item, key), 0);
    put(r, "</td>");
}

static void
put_line_cell(rep *r, const mn_value *item)
{
    put(r, "<td class=\"nowrap\">");
    put_line_link(r, line_of(item));
    put(r, "</td>");
}

static void
put_owner_cell(rep *r, const mn_value *a)
{
    put(r, "<td>");
    const char *owner = str_at(a, "owner");
    const char *ref = str_at(a, "owner_ref");
    put_esc(r, owner ? owner : "(no owner)");
    if (ref && (!owner || strcmp(ref, owner) != 0)) {
        put(r, " <span class=\"muted\">(");
        put_esc(r, ref);
        put(r, ")</span>");
    }
    put(r, "</td>");
}

static void
put_task_cell(rep *r, const mn_value *a)
{
    put(r, "<td>");
    put_esc(r, str_at(a, "text"));
    const mn_value *items = mn_map_get(a, "items");
    size_t n = mn_value_type(items) == MN_V_LIST ? mn_value_len(items) : 0;
    if (n) {
        put(r, "<ol>");
        for (size_t i = 0; i < n && i < MN_MAX_RECORD_ITEMS; i++) {
            put(r, "<li>");
            put_value(r, mn_list_at(items, i), 0);
            put(r, "</li>");
        }
        put(r, "</ol>");
    }
    put(r, "</td>");
}

/* The title of the section numbered `number` in the sections tree, or
 * NULL. Bounded so that a huge table cannot make the page quadratic. */
static const char *
section_title(const mn_value *list, const char *number, size_t *budget,
              unsigned depth)
{
    size_t n = mn_value_len(list);
    for (size_t i = 0; i<n && * budget> 0 && depth < 32; i++, (*budget)--) {
        const mn_value *s = mn_list_at(list, i);
        const char *num = str_at(s, "number");
        if (num && !strcmp(num, number))
            return str_at(s, "title");
        const mn_value *sub = mn_map_get(s, "sections");
        const char *t = mn_value_type(sub) == MN_V_LIST
                            ? section_title(sub, number, budget, depth + 1)
                            : NULL;
        if (t)
            return t;
    }
    return NULL;
}

/* An item's `section`: a number gets its title alongside. */
static void
put_section_cell(rep *r, const mn_value *rec, const mn_value *item)
{
    const char *sec = str_at(item, "section");
    put(r, "<td>");
    if (!sec) {
        put(r, "\xE2\x80\x94");
    } else {
        size_t budget = 2000;
        const char *title =
            section_title(list_at(rec, "sections"), sec, &budget, 0);
        put_esc(r, sec);
        if (title) {
            put(r, " ");
            put_esc(r, title);
        }
    }
    put(r, "</td>");
}

static void
put_actions(rep *r, const mn_value *rec)
{
    static const char *const cols[] = {"Owner",   "Task",  "Due",
                                       "Section", "Where", NULL};
    const mn_value *l = list_at(rec, "actions");
    size_t n = mn_value_len(l);
    if (!n) {
        put_empty_section(r, "actions", "Actions",
                          "No actions were found in the document.");
        return;
    }
    put_table_start(r, "actions", "Actions", "Actions: who does what, by when",
                    cols);
    for (size_t i = 0; i < n && i < MN_MAX_RECORD_ITEMS; i++) {
        const mn_value *a = mn_list_at(l, i);
        put(r, "<tr>");
        put_owner_cell(r, a);
        put_task_cell(r, a);
        put_cell(r, a, "due");
        put_section_cell(r, rec, a);
        put_line_cell(r, a);
        put(r, "</tr>\n");
    }
    put_table_end(r);
}

static void
put_direction_cell(rep *r, const mn_value *f)
{
    const char *d = str_at(f, "direction");
    put(r, "<td class=\"direction\">");
    if (d && !strcmp(d, "up"))
        put(r, "\xE2\x86\x91 up");
    else if (d && !strcmp(d, "down"))
        put(r, "\xE2\x86\x93 down");
    else
        put_esc(r, d ? d : "\xE2\x80\x94");
    put(r, "</td>");
}

static void
put_figures(rep *r, const mn_value *rec)
{
    static const char *const cols[] = {
        "Value", "Measure", "Direction", "Area", "Section", "Where", NULL};
    const mn_value *l = list_at(rec, "figures");
    size_t n = mn_value_len(l);
    if (!n) {
        put_empty_section(r, "figures", "Figures",
                          "No figures were found in the document.");
        return;
    }
    put_table_start(r, "figures", "Figures",
                    "Figures: value as written, what it measures, which way "
                    "it moved",
                    cols);
    for (size_t i = 0; i < n && i < MN_MAX_RECORD_ITEMS; i++) {
        const mn_value *f = mn_list_at(l, i);
        put(r, "<tr><td class=\"nowrap\">");
        put_esc(r, str_at(f, "text"));
        if (mn_value_as_bool(mn_map_get(f, "target")))
            put(r, " <span class=\"muted\">(target)</span>");
        put(r, "</td>");
        put_cell(r, f, "measure");
        put_direction_cell(r, f);
        put_cell(r, f, "area");
        put_section_cell(r, rec, f);
        put_line_cell(r, f);
        put(r, "</tr>\n");
    }
    put_table_end(r);
}

/* A plain table of record items: one column per key, then "Where". */
static void
put_item_table(rep *r, const mn_value *rec, const char *list, const char *title,
               const char *caption, const char *const *keys,
               const char *const *cols, const char *none)
{
    const mn_value *l = list_at(rec, list);
    size_t n = mn_value_len(l);
    if (!n) {
        put_empty_section(r, list, title, none);
        return;
    }
    put_table_start(r, list, title, caption, cols);
    for (size_t i = 0; i < n && i < MN_MAX_RECORD_ITEMS; i++) {
        const mn_value *it = mn_list_at(l, i);
        put(r, "<tr>");
        for (size_t k = 0; keys[k]; k++)
            put_cell(r, it, keys[k]);
        put_line_cell(r, it);
        put(r, "</tr>\n");
    }
    put_table_end(r);
}

static void
put_record_tables(rep *r, const mn_value *rec)
{
    static const char *const akeys[] = {"name", "role", "abbr", "status", NULL};
    static const char *const acols[] = {"Name",   "Role",  "Short form",
                                        "Status", "Where", NULL};
    static const char *const rkeys[] = {"kind", "number", "title", "section",
                                        NULL};
    static const char *const rcols[] = {"Kind",    "Number", "Title",
                                        "Section", "Where",  NULL};
    static const char *const bkeys[] = {"abbr", "expansion", "uses", NULL};
    static const char *const bcols[] = {"Abbreviation", "Expansion", "Uses",
                                        "Where", NULL};
    put_actions(r, rec);
    put_figures(r, rec);
    put_item_table(r, rec, "attendees", "Attendees",
                   "Attendees as listed in the minutes", akeys, acols,
                   "No attendance was found in the document.");
    put_item_table(r, rec, "recommendations", "Recommendations and decisions",
                   "Recommendations, areas for improvement and resolutions",
                   rkeys, rcols, "No recommendations were found.");
    put_item_table(r, rec, "abbreviations", "Abbreviations",
                   "Abbreviations: where defined, or first used", bkeys, bcols,
                   "No abbreviations were found.");
}

static void
put_footer(rep *r, const mn_value *rec)
{
    const mn_value *s = mn_map_get(rec, "source");
    put(r, "<footer><p>Made by <code>minutes report</code> from ");
    put_esc(r, str_at(s, "path"));
    put(r, " (");
    put_esc(r, str_at(s, "format"));
    put(r, ", ");
    put_esc(r, str_at(s, "encoding"));
    put(r, ", rule profile ");
    put_esc(r, str_at(rec, "profile"));
    put(r, "). SHA-256 <code>");
    put_esc(r, str_at(s, "sha256"));
    put(r, "</code>.</p></footer>\n");
}

static const char *
page_title(const mn_doc *doc, const mn_value *rec)
{
    const char *t = str_at(mn_map_get(rec, "meeting"), "title");
    if (!t)
        t = mn_doc_meta(doc, "html.title");
    if (!t || !*t)
        t = mn_doc_path(doc);
    return t && *t ? t : "Minutes";
}

static mn_status
finish(rep *r, mn_error *err)
{
    free(r->hls);
    free(r->head);
    free(r->marks);
    if (r->st != MN_OK)
        return mn_error_set(err, r->st, NULL, 0, 0,
                            "the report is larger than the output limit");
    return MN_OK;
}

mn_status
mn_html_report(const mn_doc *doc, const mn_value *record,
               const mn_findings *findings, mn_buf *out, mn_error *err)
{
    if (!doc || !out)
        return mn_error_set(err, MN_E_USAGE, NULL, 0, 0,
                            "mn_html_report needs a document and a buffer");
    rep r = {.out = out, .st = MN_OK, .doc = doc};
    r.nblocks = mn_doc_block_count(doc);
    collect_highlights(&r, record);
    collect_marks(&r, findings);
    const char *title = page_title(doc, record);
    put_head(&r, title, mn_doc_meta(doc, "html.lang"));
    put_header(&r, record, title, findings);
    put(&r, "<main id=\"main\">\n");
    put_findings(&r, findings, record);
    put_legend(&r);
    put_document(&r, findings);
    put_record_tables(&r, record);
    put(&r, "</main>\n");
    put_footer(&r, record);
    put(&r, "</div>\n</body>\n</html>\n");
    return finish(&r, err);
}

/* ---- the diff page ----------------------------------------------------- */

/* The {text, line} entry holding `line`: the last starting at or before
 * it. NULL when none. */
static const mn_value *
text_for_line(const mn_value *text, long long line)
{
    size_t lo = 0, hi = mn_value_len(text);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (mn_value_as_int(mn_map_get(mn_list_at(text, mid), "line")) <= line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? mn_list_at(text, lo - 1) : NULL;
}

static void
put_source_line(rep *r, const mn_value *text, const mn_value *v,
                const char *side)
{
    long long l = mn_value_type(v) == MN_V_INT ? mn_value_as_int(v) : 0;
    if (l <= 0) {
        put(r, "\xE2\x80\x94");
        return;
    }
    putf(r, "%s line %lld", side, l);
    const char *s = str_at(text_for_line(text, l), "text");
    if (!s)
        return;
    size_t len = strlen(s);
    size_t n = len < 200 ? len : 200;
    while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    put(r, "<span class=\"src\">");
    put_escn(r, s, n, false);
    if (n < len)
        put(r, "\xE2\x80\xA6");
    put(r, "</span>");
}

static const char *const diff_kinds[] = {"attendee", "section", "figure",
                                         "action", "recommendation"};
static const char *const diff_titles[] = {"Attendees", "Sections", "Figures",
                                          "Actions", "Recommendations"};

static bool
is_kind(const mn_value *c, const char *kind)
{
    const char *k = mn_map_get_str(c, "kind");
    return k && !strcmp(k, kind);
}

static bool
known_kind(const mn_value *c)
{
    for (size_t k = 0; k < 5; k++)
        if (is_kind(c, diff_kinds[k]))
            return true;
    return false;
}

static void
put_change_row(rep *r, const mn_value *c, const mn_value *old_text,
               const mn_value *new_text)
{
    put(r, "<tr><td>");
    const char *change = str_at(c, "change");
    /* "status_changed" reads as "status changed". */
    for (const char *p = change ? change : ""; *p; p++)
        put_escn(r, *p == '_' ? " " : p, 1, false);
    put(r, "</td>");
    put_cell(r, c, "subject");
    put(r, "<td class=\"change-val\"><span class=\"diff-old\">");
    put_value(r, mn_map_get(c, "old"), 0);
    put(r, "</span> \xE2\x86\x92 <span class=\"diff-new\">");
    put_value(r, mn_map_get(c, "new"), 0);
    put(r, "</span>");
    if (!mn_value_is_null(mn_map_get(c, "delta"))) {
        put(r, " <span class=\"muted\">(");
        put_value(r, mn_map_get(c, "delta"), 0);
        put(r, ")</span>");
    }
    if (str_at(c, "note")) {
        put(r, "<span class=\"src\">");
        put_esc(r, str_at(c, "note"));
        put(r, "</span>");
    }
    put(r, "</td><td>");
    put_source_line(r, old_text, mn_map_get(c, "old_line"), "old");
    put(r, "</td><td>");
    put_source_line(r, new_text, mn_map_get(c, "new_line"), "new");
    put(r, "</td></tr>\n");
}

static void
put_change_group(rep *r, const mn_value *changes, size_t k,
                 const mn_value *old_text, const mn_value *new_text)
{
    static const char *const cols[] = {
        "Change",     "Subject",    "Old \xE2\x86\x92 new",
        "Old source", "New source", NULL};
    size_t n = mn_value_len(changes), count = 0;
    for (size_t i = 0; i < n; i++)
        count += k < 5 ? is_kind(mn_list_at(changes, i), diff_kinds[k])
                       : !known_kind(mn_list_at(changes, i));
    if (!count)
        return;
    char id[32];
    snprintf(id, sizeof id, "changes-%s", k < 5 ? diff_kinds[k] : "other");
    put_table_start(r, id, k < 5 ? diff_titles[k] : "Other changes",
                    "Changes, old value \xE2\x86\x92 new value, with the "
                    "source lines",
                    cols);
    for (size_t i = 0; i < n && i < MN_MAX_RECORD_ITEMS; i++) {
        const mn_value *c = mn_list_at(changes, i);
        bool in = k < 5 ? is_kind(c, diff_kinds[k]) : !known_kind(c);
        if (in)
            put_change_row(r, c, old_text, new_text);
    }
    put_table_end(r);
}

mn_status
mn_html_report_diff(const mn_value *changes, const mn_value *old_text,
                    const char *old_name, const mn_value *new_text,
                    const char *new_name, mn_buf *out, mn_error *err)
{
    if (!out)
        return mn_error_set(err, MN_E_USAGE, NULL, 0, 0,
                            "mn_html_report_diff needs a buffer");
    rep r = {.out = out, .st = MN_OK};
    const char *on = old_name ? old_name : "old";
    const char *nn = new_name ? new_name : "new";
    put_head(&r, "Changes between two sets of minutes", "en");
    put(&r,
        "<header class=\"top\">\n<p class=\"kicker\">What changed "
        "\xE2\x80\x94 <code>minutes report --diff</code></p>\n"
        "<h1>Changes between two sets of minutes</h1>\n<dl class=\"meta\">");
    put_meta_row(&r, "Old", on);
    put_meta_row(&r, "New", nn);
    put(&r, "</dl>\n<ul class=\"counts\" aria-label=\"Changes by kind\">");
    size_t n = mn_value_len(changes);
    for (size_t k = 0; k < 5; k++) {
        size_t c = 0;
        for (size_t i = 0; i < n; i++)
            c += is_kind(mn_list_at(changes, i), diff_kinds[k]);
        if (c)
            putf(&r, "<li><a href=\"#changes-%s\"><b>%zu</b> %s</a></li>",
                 diff_kinds[k], c, diff_titles[k]);
        else
            putf(&r, "<li><b>0</b> %s</li>", diff_titles[k]);
    }
    put(&r, "</ul>\n</header>\n<main id=\"main\">\n");
    if (!n)
        put(&r, "<section id=\"changes\" aria-labelledby=\"changes-h\"><h2 "
                "id=\"changes-h\">Changes</h2><p>No differences: the two "
                "records agree on everything compared.</p></section>\n");
    for (size_t k = 0; k < 6; k++)
        put_change_group(&r, changes, k, old_text, new_text);
    put(&r, "</main>\n</div>\n</body>\n</html>\n");
    return finish(&r, err);
}
