/*
 * HTML tokeniser: libxml2's SAX HTML parser over mn_doc_text(doc), read in
 * place (no copy, no DOM), feeding a bounded element stack of our own.
 * Block rule: the innermost block-level element owns its text; a parent's
 * loose text before or after a child block becomes a block of the parent's
 * kind. <p>/<div> inside an <li>, cell or <dd> take that owner's kind. A
 * block's position is its first text character (an entity's '&'), else its
 * start tag's '<'. Chrome (rules/chrome.yaml) is dropped as it streams by.
 */
#include "mn_html.h"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mn_alloc.h"
#include "mn_buf.h"
#include "mn_doc_int.h"
#include "mn_limits.h"
#include "mn_utf8.h"

#define NO_OFF           SIZE_MAX
#define MAX_ENTITY_BYTES 40    /* "&CounterClockwiseContourIntegral;" */
#define MAX_MARKER_BYTES 32    /* Word's fake list marker "12." */
#define MAX_COND_COMMENT 256   /* "<![if !supportLists]>" */
#define MAX_TAG_SCAN     65536 /* how far back a start tag's '<' is sought */
#define MAX_COLSPAN      1000
#define MAX_TITLE_BYTES  4096

/* What an element means to the tokeniser. */
typedef enum role {
    R_INLINE,
    R_CONTAINER, /* div, section, body...: loose text is a paragraph */
    R_PARA,      /* p, address, caption */
    R_HEADING,
    R_ITEM,
    R_DEF,
    R_CELL,
    R_PRE,
    R_LIST,
    R_TABLE,
    R_ROW,
    R_BR,
    R_HR,
    R_TITLE,
    R_BOLD,
    R_IMG,
    R_HTML
} role;

typedef struct tag_role {
    // cppcheck-suppress unusedStructMember ; read by compare_role via bsearch
    const char *name;
    role r;
} tag_role;

/* Sorted by name for bsearch. */
static const tag_role tag_roles[] = {
    {"address", R_PARA},
    {"article", R_CONTAINER},
    {"aside", R_CONTAINER},
    {"b", R_BOLD},
    {"blockquote", R_CONTAINER},
    {"body", R_CONTAINER},
    {"br", R_BR},
    {"caption", R_PARA},
    {"center", R_CONTAINER},
    {"dd", R_DEF},
    {"details", R_CONTAINER},
    {"dialog", R_CONTAINER},
    {"dir", R_LIST},
    {"div", R_CONTAINER},
    {"dl", R_CONTAINER},
    {"dt", R_DEF},
    {"fieldset", R_CONTAINER},
    {"figcaption", R_CONTAINER},
    {"figure", R_CONTAINER},
    {"footer", R_CONTAINER},
    {"form", R_CONTAINER},
    {"h1", R_HEADING},
    {"h2", R_HEADING},
    {"h3", R_HEADING},
    {"h4", R_HEADING},
    {"h5", R_HEADING},
    {"h6", R_HEADING},
    {"head", R_CONTAINER},
    {"header", R_CONTAINER},
    {"hgroup", R_CONTAINER},
    {"hr", R_HR},
    {"html", R_HTML},
    {"img", R_IMG},
    {"legend", R_CONTAINER},
    {"li", R_ITEM},
    {"listing", R_PRE},
    {"main", R_CONTAINER},
    {"menu", R_LIST},
    {"nav", R_CONTAINER},
    {"noscript", R_CONTAINER},
    {"ol", R_LIST},
    {"p", R_PARA},
    {"plaintext", R_PRE},
    {"pre", R_PRE},
    {"section", R_CONTAINER},
    {"strong", R_BOLD},
    {"summary", R_CONTAINER},
    {"table", R_TABLE},
    {"tbody", R_CONTAINER},
    {"td", R_CELL},
    {"tfoot", R_CONTAINER},
    {"th", R_CELL},
    {"thead", R_CONTAINER},
    {"title", R_TITLE},
    {"tr", R_ROW},
    {"ul", R_LIST},
    {"xmp", R_PRE},
};

/* How text owned by a frame becomes a block. */
typedef struct shape {
    mn_block_kind kind;
    unsigned level, ordinal, flags;
    unsigned table, row, column;
} shape;

#define F_DROP   0x01u /* chrome: ignore everything inside */
#define F_BOLD   0x02u /* inline text is bold */
#define F_TITLE  0x04u /* text goes to <title> */
#define F_MARKER 0x08u /* Word's fake list marker: captured, not text */
#define F_PRE    0x10u /* whitespace kept */

typedef struct frame {
    role r;
    unsigned flags;
    shape sh;          /* for text owned by this frame */
    size_t tag_off;    /* '<' of the start tag, or NO_OFF */
    size_t prev_owner; /* owner frame index before this one; NO_OFF: none */
    size_t prev_list, prev_table;
    unsigned counter; /* lists: next ordinal; tables: next column - 1 */
    unsigned depth;   /* lists: nesting depth */
    unsigned ordered; /* lists: <ol> */
    unsigned row;     /* tables: current row */
    unsigned table;   /* tables: 1-based index */
    unsigned has_th;  /* tables */
} frame;

typedef struct pending_anchor {
    size_t text_off;
    size_t src;
} pending_anchor;

typedef struct tok {
    mn_doc *doc;
    const mn_chrome *chrome;
    const char *src; /* mn_doc_text */
    size_t src_len;
    xmlParserCtxtPtr ctxt;
    size_t last_event; /* source offset where the previous event ended */
    size_t chunk_next; /* where a verbatim text chunk ended, or NO_OFF */
    size_t feed_base;  /* source offset of the first byte given to libxml2 */
    size_t skip_until; /* source text before this is a Word marker */

    frame *stack;
    size_t depth;    /* frames in use */
    size_t overflow; /* open elements deeper than MN_MAX_HTML_DEPTH */
    size_t drop_overflow;
    size_t owner, list, table; /* frame indexes or NO_OFF */
    unsigned tables, tables_without_th, h1_count, images_without_alt;
    int full; /* the document refuses more blocks */

    /* the block being collected */
    mn_buf text;
    size_t first_src; /* source of text[0], or NO_OFF */
    size_t expect_src;
    int pending_space;
    size_t space_src;
    mn_span *spans;
    size_t nspans, spans_cap;
    pending_anchor *anchors;
    size_t nanchors, anchors_cap;

    mn_buf title;
    int have_title;
    mn_buf marker;
    unsigned word_ordinal;
    mn_buf suppress;
} tok;

/* ---- small helpers ------------------------------------------------------ */

static int
compare_role(const void *key, const void *item)
{
    return strcmp((const char *)key, ((const tag_role *)item)->name);
}

static role
role_of(const char *name)
{
    const tag_role *t =
        bsearch(name, tag_roles, sizeof tag_roles / sizeof tag_roles[0],
                sizeof tag_roles[0], compare_role);
    return t ? t->r : R_INLINE;
}

static int
is_block_role(role r)
{
    return r != R_INLINE && r != R_BOLD && r != R_BR && r != R_IMG &&
           r != R_TITLE;
}

/* ASCII case-insensitive search for needle in hay (both NUL-terminated). */
static const char *
find_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return p;
    return NULL;
}

static size_t
cursor(const tok *t)
{
    xmlParserInputPtr in = t->ctxt->input;
    size_t off =
        t->feed_base + (size_t)in->consumed + (size_t)(in->cur - in->base);
    return off > t->src_len ? t->src_len : off;
}

static unsigned
parse_uint(const char *s, unsigned dflt, unsigned max)
{
    if (!s)
        return dflt;
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || v < 0)
        return dflt;
    return v > (long)max ? max : (unsigned)v;
}

static int
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* ---- attributes ---------------------------------------------------------- */

typedef struct attrs {
    const char *id, *cls, *role, *style, *lang, *start, *value, *colspan;
    int has_alt;
} attrs;

static void
read_attrs(const xmlChar **atts, attrs *a)
{
    memset(a, 0, sizeof *a);
    for (size_t i = 0; atts && atts[i] && i < (size_t)2 * 1024; i += 2) {
        const char *k = (const char *)atts[i];
        const char *v = (const char *)atts[i + 1];
        if (strcmp(k, "id") == 0)
            a->id = v;
        else if (strcmp(k, "class") == 0)
            a->cls = v;
        else if (strcmp(k, "role") == 0)
            a->role = v;
        else if (strcmp(k, "style") == 0)
            a->style = v;
        else if (strcmp(k, "lang") == 0 || strcmp(k, "xml:lang") == 0)
            a->lang = v;
        else if (strcmp(k, "start") == 0)
            a->start = v;
        else if (strcmp(k, "value") == 0)
            a->value = v;
        else if (strcmp(k, "colspan") == 0)
            a->colspan = v;
        else if (strcmp(k, "alt") == 0)
            a->has_alt = 1;
    }
}

/* font-weight in a style attribute: 1 bold, 0 normal, -1 not said. */
static int
style_weight(const char *style)
{
    const char *p = style ? find_nocase(style, "font-weight") : NULL;
    if (!p)
        return -1;
    p += strlen("font-weight");
    while (*p == ' ' || *p == ':')
        p++;
    if (strncasecmp(p, "bold", 4) == 0)
        return 1;
    if (*p >= '6' && *p <= '9' && p[1] == '0' && p[2] == '0')
        return 1;
    return 0;
}

/* Word list paragraph level ("mso-list:l0 level2 lfo1"), 0 if none. */
static unsigned
word_list_level(const attrs *a)
{
    const char *p = a->style ? find_nocase(a->style, "mso-list:") : NULL;
    if (p) {
        const char *lv = find_nocase(p, "level");
        if (strncasecmp(p + 9, "ignore", 6) == 0 ||
            strncasecmp(p + 9, " ignore", 7) == 0)
            return 0;
        return lv ? parse_uint(lv + 5, 1, 9) : 1;
    }
    if (a->cls && strncasecmp(a->cls, "MsoListParagraph", 16) == 0)
        return 1;
    return 0;
}

static int
is_word_marker(const attrs *a)
{
    const char *p = a->style ? find_nocase(a->style, "mso-list:") : NULL;
    if (!p)
        return 0;
    p += 9;
    while (*p == ' ')
        p++;
    return strncasecmp(p, "ignore", 6) == 0;
}

/* ---- source positions ---------------------------------------------------- */

/* '<' of the start tag `name` ending at the cursor (libxml2 leaves it on
 * the tag's '>'): the first "<name" after the previous event. */
static size_t
tag_start(const tok *t, const char *name, size_t cur)
{
    size_t lo = t->last_event;
    size_t n = strlen(name);
    if (cur > lo + MAX_TAG_SCAN)
        lo = cur - MAX_TAG_SCAN;
    for (size_t i = lo; i + n < cur; i++) {
        if (t->src[i] != '<' || strncasecmp(t->src + i + 1, name, n) != 0)
            continue;
        unsigned char d = (unsigned char)t->src[i + 1 + n];
        if (is_space(d) || d == '>' || d == '/')
            return i;
    }
    return NO_OFF;
}

/* Where an entity's decoded text came from: its '&' before the cursor. */
static size_t
entity_start(const tok *t, size_t cur)
{
    for (size_t i = 1; i <= MAX_ENTITY_BYTES && i <= cur; i++) {
        char c = t->src[cur - i];
        if (c == '&')
            return cur - i;
        if (is_space((unsigned char)c) || c == '<' || c == '>')
            break;
    }
    return NO_OFF;
}

/* ---- the pending block --------------------------------------------------- */

static void
reset_block(tok *t)
{
    mn_buf_clear(&t->text);
    t->first_src = NO_OFF;
    t->expect_src = NO_OFF;
    t->pending_space = 0;
    t->nspans = 0;
    t->nanchors = 0;
}

static void
add_bold(tok *t, size_t start, size_t len)
{
    if (t->nspans) {
        mn_span *last = &t->spans[t->nspans - 1];
        size_t end = last->start + last->len;
        if (end == start || (end + 1 == start && t->text.data[end] == ' ')) {
            last->len = start + len - last->start;
            return;
        }
    }
    if (t->nspans >= MN_MAX_SPANS_PER_BLOCK)
        return;
    t->spans =
        mn_xgrow(t->spans, &t->spans_cap, t->nspans + 1, sizeof *t->spans);
    t->spans[t->nspans++] = (mn_span){start, len};
}

static void
note_source(tok *t, size_t text_off, size_t src, size_t len)
{
    if (src != NO_OFF && src != t->expect_src) {
        if (text_off == 0)
            t->first_src = src;
        else if (t->nanchors < MN_MAX_SPANS_PER_BLOCK) {
            t->anchors = mn_xgrow(t->anchors, &t->anchors_cap, t->nanchors + 1,
                                  sizeof *t->anchors);
            t->anchors[t->nanchors++] = (pending_anchor){text_off, src};
        }
    }
    t->expect_src = src == NO_OFF ? NO_OFF : src + len;
}

static void flush_block(tok *t);

/* Append bytes that are already normalised text; src is where they start
 * in the source (NO_OFF when unknown). */
static void
emit(tok *t, const char *s, size_t n, size_t src, int bold)
{
    if (t->text.len + n + 2 > MN_MAX_BLOCK_BYTES)
        flush_block(t); /* an absurd block is cut, not lost */
    if (t->pending_space) {
        t->pending_space = 0;
        if (t->text.len && t->text.data[t->text.len - 1] != '\n') {
            note_source(t, t->text.len, t->space_src, 1);
            (void)mn_buf_putc(&t->text, ' ');
        }
    }
    size_t at = t->text.len;
    note_source(t, at, src, n);
    if (mn_buf_append(&t->text, s, n) != MN_OK)
        return;
    if (bold)
        add_bold(t, at, n);
}

static void
pending_space(tok *t, size_t src)
{
    if (!t->pending_space) {
        t->pending_space = 1;
        t->space_src = src;
    }
}

static size_t
src_at(size_t src, int verbatim, size_t i)
{
    if (src == NO_OFF)
        return NO_OFF;
    if (verbatim)
        return src + i;
    return i == 0 ? src : NO_OFF;
}

/* Collapse whitespace (kept in <pre>), normalise, and append. */
static void
append_text(tok *t, const char *s, size_t n, size_t src, int verbatim,
            unsigned flags)
{
    int pre = (flags & F_PRE) != 0, bold = (flags & F_BOLD) != 0;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c) && !pre) {
            pending_space(t, src_at(src, verbatim, i));
            i++;
            continue;
        }
        if (c == '\n' && pre && t->text.len == 0) {
            i++; /* HTML drops the newline right after <pre> */
            continue;
        }
        size_t run = i;
        while (run < n && (unsigned char)s[run] < 0x80 &&
               (pre || !is_space((unsigned char)s[run])))
            run++;
        if (run > i) {
            emit(t, s + i, run - i, src_at(src, verbatim, i), bold);
            i = run;
            continue;
        }
        uint32_t cp;
        bool valid;
        size_t k =
            mn_utf8_decode((const unsigned char *)s + i, n - i, &cp, &valid);
        mn_norm_action act = mn_utf8_norm_action(cp);
        if (act == MN_NORM_SPACE && !pre)
            pending_space(t, src_at(src, verbatim, i));
        else if (act == MN_NORM_SPACE)
            emit(t, " ", 1, src_at(src, verbatim, i), bold);
        else if (act == MN_NORM_KEEP && valid)
            emit(t, s + i, k, src_at(src, verbatim, i), bold);
        else if (act == MN_NORM_KEEP) {
            char rep[4];
            size_t m = mn_utf8_encode(MN_REPLACEMENT_CHAR, rep);
            emit(t, rep, m, src_at(src, verbatim, i), bold);
        }
        i += k;
    }
}

static void
line_break(tok *t)
{
    t->pending_space = 0;
    if (t->text.len == 0 || t->text.data[t->text.len - 1] == '\n')
        return; /* no leading or doubled breaks */
    (void)mn_buf_putc(&t->text, '\n');
    t->expect_src = NO_OFF; /* the next text gets an anchor */
}

/* ---- turning the pending text into a block --------------------------------
 */

static size_t
trim_end(const char *s, size_t len)
{
    while (len > 0 && is_space((unsigned char)s[len - 1]))
        len--;
    return len;
}

static int
all_bold(const tok *t, size_t len)
{
    size_t at = 0;
    for (size_t i = 0; i < t->nspans; i++) {
        for (; at < t->spans[i].start && at < len; at++)
            if (!is_space((unsigned char)t->text.data[at]))
                return 0;
        at = t->spans[i].start + t->spans[i].len;
    }
    for (; at < len; at++)
        if (!is_space((unsigned char)t->text.data[at]))
            return 0;
    return t->nspans > 0;
}

static const shape *
owner_shape(const tok *t)
{
    static const shape paragraph = {MN_BLOCK_PARAGRAPH, 0, 0, 0, 0, 0, 0};
    return t->owner == NO_OFF ? &paragraph : &t->stack[t->owner].sh;
}

static mn_pos
block_pos(const tok *t)
{
    size_t off = t->first_src;
    if (off == NO_OFF && t->owner != NO_OFF)
        off = t->stack[t->owner].tag_off;
    if (off == NO_OFF)
        off = t->last_event;
    return mn_doc_pos_at(t->doc, off);
}

/* Length of the text once chrome furniture is cut; 0 if it is all chrome. */
static size_t
chrome_len(const tok *t, size_t len)
{
    const char *s = t->text.data;
    if (mn_chrome_drop_block(t->chrome, s, len))
        return 0;
    size_t cut = trim_end(s, mn_chrome_trim(t->chrome, s, len));
    if (cut != len && cut && mn_chrome_drop_block(t->chrome, s, cut))
        return 0;
    return cut;
}

/* Bytes of a leading bullet glyph and its spaces: Word and CMS pages often
 * write lists as paragraphs that start with "• ". 0 when there is none. */
static size_t
glyph_bullet_len(const char *s, size_t len)
{
    static const char *const glyphs[] = {"\xe2\x80\xa2", "\xc2\xb7",
                                         "\xe2\x96\xaa", "\xe2\x97\xa6",
                                         "\xe2\x97\x8f"};
    for (size_t g = 0; g < sizeof glyphs / sizeof *glyphs; g++) {
        size_t n = strlen(glyphs[g]);
        if (len > n + 1 && memcmp(s, glyphs[g], n) == 0 && s[n] == ' ') {
            while (n < len && s[n] == ' ')
                n++;
            return n < len ? n : 0;
        }
    }
    return 0;
}

static void
store_block(tok *t, size_t len)
{
    shape sh = *owner_shape(t);
    size_t skip = 0;
    if (sh.kind == MN_BLOCK_PARAGRAPH) {
        skip = glyph_bullet_len(t->text.data, len);
        if (skip) {
            sh.kind = MN_BLOCK_LIST_ITEM;
            sh.level = sh.level ? sh.level : 1;
        }
    }
    size_t i = mn_doc_add_block(t->doc, sh.kind, t->text.data + skip,
                                len - skip, block_pos(t));
    if (i == (size_t)-1) {
        t->full = 1;
        return;
    }
    unsigned flags = sh.flags | (all_bold(t, len) ? MN_BF_ALL_BOLD : 0);
    mn_doc_set_block_shape(t->doc, i, sh.level, sh.ordinal, flags);
    if (sh.kind == MN_BLOCK_TABLE_CELL)
        mn_doc_set_block_cell(t->doc, i, sh.table, sh.row, sh.column);
    for (size_t k = 0; k < t->nspans && t->spans[k].start < len; k++) {
        size_t end = t->spans[k].start + t->spans[k].len;
        size_t e = trim_end(t->text.data, end > len ? len : end);
        size_t st = t->spans[k].start > skip ? t->spans[k].start : skip;
        if (e > st)
            mn_doc_add_bold(t->doc, i, st - skip, e - st);
    }
    for (size_t k = 0; k < t->nanchors && t->anchors[k].text_off < len; k++)
        if (t->anchors[k].text_off > skip)
            mn_doc_add_anchor(t->doc, i, t->anchors[k].text_off - skip,
                              mn_doc_pos_at(t->doc, t->anchors[k].src));
    if (sh.kind == MN_BLOCK_HEADING && sh.level == 1)
        t->h1_count++;
}

static void
flush_block(tok *t)
{
    size_t len = t->text.data ? trim_end(t->text.data, t->text.len) : 0;
    if (len && !t->full)
        len = chrome_len(t, len);
    if (len && !t->full)
        store_block(t, len);
    reset_block(t);
}

/* ---- element stack --------------------------------------------------------
 */

static unsigned
inherited_flags(const tok *t)
{
    unsigned f = t->depth ? t->stack[t->depth - 1].flags : 0;
    return f;
}

/* The shape of text owned by a new block-level frame. */
static shape
shape_for(tok *t, role r, const char *name, const attrs *a)
{
    shape sh = {MN_BLOCK_PARAGRAPH, 0, 0, 0, 0, 0, 0};
    const shape *up = owner_shape(t);
    int inside_owner = up->kind == MN_BLOCK_LIST_ITEM ||
                       up->kind == MN_BLOCK_TABLE_CELL ||
                       (up->flags & MN_BF_DEFINITION);
    unsigned wl = r == R_PARA ? word_list_level(a) : 0;
    if (wl) {
        sh.kind = MN_BLOCK_LIST_ITEM;
        sh.level = wl;
        return sh;
    }
    switch (r) {
    case R_HEADING:
        sh.kind = MN_BLOCK_HEADING;
        sh.level = (unsigned)(name[1] - '0');
        return sh;
    case R_PRE:
        sh.kind = MN_BLOCK_PRE;
        return sh;
    case R_DEF:
        sh.flags = MN_BF_DEFINITION;
        return sh;
    case R_ITEM: {
        frame *l = t->list == NO_OFF ? NULL : &t->stack[t->list];
        sh.kind = MN_BLOCK_LIST_ITEM;
        sh.level = l ? l->depth : 1;
        if (l && l->ordered) {
            l->counter = parse_uint(a->value, l->counter, 1u << 30);
            sh.ordinal = l->counter++;
        }
        return sh;
    }
    case R_CELL: {
        frame *tb = t->table == NO_OFF ? NULL : &t->stack[t->table];
        if (!tb)
            return sh;
        if (tb->row == 0)
            tb->row = 1;
        sh.kind = MN_BLOCK_TABLE_CELL;
        sh.table = tb->table;
        sh.row = tb->row;
        sh.column = tb->counter + 1;
        unsigned span = parse_uint(a->colspan, 1, MAX_COLSPAN);
        tb->counter += span ? span : 1;
        if (name[1] == 'h') {
            sh.flags = MN_BF_HEADER_CELL;
            tb->has_th = 1;
        }
        return sh;
    }
    default:
        return inside_owner ? *up : sh;
    }
}

static void
open_list(tok *t, frame *f, const char *name, const attrs *a)
{
    f->prev_list = t->list;
    f->depth = t->list == NO_OFF ? 1 : t->stack[t->list].depth + 1;
    f->ordered = strcmp(name, "ol") == 0;
    f->counter = parse_uint(a->start, 1, 1u << 30);
    t->list = t->depth;
}

static void
open_table(tok *t, frame *f)
{
    f->prev_table = t->table;
    f->table = (f->flags & F_DROP) ? 0 : ++t->tables;
    t->table = t->depth;
}

static void
close_frame(tok *t, const frame *f)
{
    if (f->r == R_LIST)
        t->list = f->prev_list;
    if (f->r == R_TABLE) {
        t->table = f->prev_table;
        if (!f->has_th && !(f->flags & F_DROP))
            t->tables_without_th++;
    }
    if (f->flags & F_MARKER)
        t->word_ordinal = parse_uint(mn_buf_str(&t->marker), 0, 1u << 30);
    if (is_block_role(f->r))
        t->owner = f->prev_owner;
    if (f->r == R_TITLE && !t->have_title && t->title.len) {
        t->title.len = trim_end(t->title.data, t->title.len);
        t->title.data[t->title.len] = '\0';
        if (t->title.len)
            mn_doc_set_meta(t->doc, "html.title", mn_buf_str(&t->title));
        t->have_title = t->title.len > 0;
    }
}

static unsigned
frame_flags(tok *t, role r, const char *name, const attrs *a)
{
    unsigned f = inherited_flags(t);
    if (!(f & F_DROP) &&
        mn_chrome_drop_element(t->chrome, name, a->id, a->cls, a->role))
        f |= F_DROP;
    if (r == R_BOLD)
        f |= F_BOLD;
    int w = style_weight(a->style);
    if (w == 1)
        f |= F_BOLD;
    else if (w == 0)
        f &= ~F_BOLD;
    if (r == R_PRE)
        f |= F_PRE;
    if (r == R_TITLE)
        f |= F_TITLE;
    if (is_word_marker(a)) {
        f |= F_MARKER;
        mn_buf_clear(&t->marker);
    }
    return f;
}

static void
push_frame(tok *t, const char *name, role r, const attrs *a, size_t tag_off)
{
    frame *f = &t->stack[t->depth];
    memset(f, 0, sizeof *f);
    f->r = r;
    f->tag_off = tag_off;
    f->flags = frame_flags(t, r, name, a);
    f->prev_owner = t->owner;
    if (r == R_LIST)
        open_list(t, f, name, a);
    else if (r == R_TABLE)
        open_table(t, f);
    else if (r == R_ROW && t->table != NO_OFF) {
        t->stack[t->table].row++;
        t->stack[t->table].counter = 0;
    }
    if (is_block_role(r)) {
        f->sh = shape_for(t, r, name, a);
        t->owner = t->depth;
    }
    t->depth++;
}

/* ---- SAX callbacks --------------------------------------------------------
 */

static void
note_meta_attrs(tok *t, role r, const attrs *a, unsigned flags)
{
    if (r == R_HTML && a->lang && *a->lang)
        mn_doc_set_meta(t->doc, "html.lang", a->lang);
    if (r == R_IMG && !a->has_alt && !(flags & F_DROP))
        t->images_without_alt++;
}

static void
on_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
    tok *t = ctx;
    const char *name = (const char *)xname;
    size_t cur = cursor(t);
    role r = role_of(name);
    attrs a;
    read_attrs(atts, &a);
    unsigned inherited = inherited_flags(t);
    if (t->overflow || t->depth >= MN_MAX_HTML_DEPTH) {
        /* Too deep: keep tokenising, but as if the element were inline. */
        t->overflow++;
        if (!t->drop_overflow && !(inherited & F_DROP) &&
            mn_chrome_drop_element(t->chrome, name, a.id, a.cls, a.role))
            t->drop_overflow = t->overflow;
        if (r == R_BR && !t->drop_overflow && !(inherited & F_DROP))
            line_break(t);
        t->last_event = cur;
        t->chunk_next = NO_OFF;
        return;
    }
    size_t tag_off = NO_OFF;
    if (is_block_role(r)) {
        tag_off = tag_start(t, name, cur);
        flush_block(t);
    }
    if (r == R_BR && !(inherited & (F_DROP | F_TITLE | F_MARKER)))
        line_break(t);
    push_frame(t, name, r, &a, tag_off);
    note_meta_attrs(t, r, &a, t->stack[t->depth - 1].flags);
    if (r == R_PARA)
        t->word_ordinal = 0; /* a Word marker inside sets it */
    t->last_event = cur;
    t->chunk_next = NO_OFF;
}

static void
on_end(void *ctx, const xmlChar *xname)
{
    tok *t = ctx;
    (void)xname;
    size_t cur = cursor(t);
    if (t->overflow) {
        if (t->drop_overflow == t->overflow)
            t->drop_overflow = 0;
        t->overflow--;
        t->last_event = cur;
        t->chunk_next = NO_OFF;
        return;
    }
    if (!t->depth)
        return;
    frame *f = &t->stack[t->depth - 1];
    if (is_block_role(f->r)) {
        if (f->sh.kind == MN_BLOCK_LIST_ITEM && f->r == R_PARA &&
            t->word_ordinal)
            f->sh.ordinal = t->word_ordinal;
        flush_block(t);
        if (f->r == R_PARA)
            t->word_ordinal = 0;
    }
    close_frame(t, f);
    t->depth--;
    t->last_event = cur;
    t->chunk_next = NO_OFF;
}

/* Word's "<![if !supportLists]>" and "<![endif]>" reach us as text. */
static int
skip_conditional(tok *t, const char *s, size_t n, size_t cur)
{
    if (n != 1 || s[0] != '<' || t->src[cur] != '<')
        return 0;
    if (strncmp(t->src + cur, "<![", 3) != 0)
        return 1; /* a lone '<' of text: handled by the caller */
    for (size_t i = cur + 3; i < t->src_len && i < cur + MAX_COND_COMMENT; i++)
        if (t->src[i] == ']' && t->src[i + 1] == '>') {
            t->skip_until = i + 2;
            return 2;
        }
    return 1;
}

static void
route_text(tok *t, const char *s, size_t n, size_t src, int verbatim)
{
    unsigned flags = inherited_flags(t);
    if ((flags & F_DROP) || t->drop_overflow)
        return;
    if (flags & F_MARKER) {
        if (t->marker.len + n < MAX_MARKER_BYTES)
            (void)mn_buf_append(&t->marker, s, n);
        return;
    }
    if (flags & F_TITLE) {
        if (t->title.len + n < MAX_TITLE_BYTES) {
            for (size_t i = 0; i < n; i++) {
                char c = (char)(is_space((unsigned char)s[i]) ? ' ' : s[i]);
                if (c == ' ' &&
                    (!t->title.len || t->title.data[t->title.len - 1] == ' '))
                    continue;
                (void)mn_buf_putc(&t->title, c);
            }
        }
        return;
    }
    append_text(t, s, n, src, verbatim, flags);
}

/* Where a text piece sits in the source: right after the previous verbatim
 * piece, or within a few bytes after the previous event (the tag's '>').
 * NO_OFF when it is not there verbatim (entities were expanded). */
static size_t
chunk_source(const tok *t, const char *s, size_t n)
{
    if (n == 0)
        return NO_OFF;
    size_t at = t->chunk_next;
    if (at != NO_OFF && at + n <= t->src_len && memcmp(t->src + at, s, n) == 0)
        return at;
    size_t from = t->last_event, to = from + 64;
    for (size_t p = from; p <= to && p + n <= t->src_len; p++)
        if (t->src[p] == s[0] && memcmp(t->src + p, s, n) == 0)
            return p;
    return NO_OFF;
}

static void
on_chars(void *ctx, const xmlChar *ch, int len)
{
    tok *t = ctx;
    const char *s = (const char *)ch;
    size_t n = len > 0 ? (size_t)len : 0, cur = cursor(t);
    size_t src = NO_OFF;
    int verbatim = 0;
    int cond = skip_conditional(t, s, n, cur);
    if (cond == 2)
        return;
    size_t found = cond == 1 ? NO_OFF : chunk_source(t, s, n);
    if (cond == 1) {
        src = cur;
        verbatim = 1;
    } else if (found != NO_OFF) {
        /* libxml2 hands long text runs over in pieces and its cursor may
         * already be past the whole run: find the piece itself. */
        src = found;
        verbatim = 1;
    } else if (cur >= n && memcmp(t->src + cur - n, s, n) == 0) {
        src = cur - n;
        verbatim = 1;
    } else
        src = entity_start(t, cur);
    t->last_event = cur;
    if (verbatim && src < t->skip_until) {
        size_t skip = t->skip_until - src;
        if (skip >= n)
            return;
        s += skip;
        n -= skip;
        src += skip;
    }
    t->chunk_next = verbatim ? src + n : NO_OFF;
    route_text(t, s, n, src, verbatim);
}

static void
on_cdata(void *ctx, const xmlChar *ch, int len)
{
    tok *t = ctx;
    (void)ch;
    (void)len;
    t->last_event = cursor(t); /* script/style bodies are never text */
}

/* "<!-- minutes: disable ID ... -->" suppresses checks; kept as meta. */
static void
on_comment(void *ctx, const xmlChar *value)
{
    tok *t = ctx;
    t->last_event = cursor(t);
    const char *p = (const char *)value;
    while (is_space((unsigned char)*p))
        p++;
    if (strncmp(p, "minutes:", 8) != 0)
        return;
    p += 8;
    while (is_space((unsigned char)*p))
        p++;
    if (strncmp(p, "disable", 7) != 0 || !is_space((unsigned char)p[7]))
        return;
    for (p += 7; *p && t->suppress.len < 4096;) {
        while (is_space((unsigned char)*p) || *p == ',')
            p++;
        size_t n = 0;
        while (p[n] && !is_space((unsigned char)p[n]) && p[n] != ',')
            n++;
        if (!n)
            break;
        if (t->suppress.len)
            (void)mn_buf_putc(&t->suppress, ' ');
        (void)mn_buf_append(&t->suppress, p, n);
        p += n;
    }
}

static void
on_silence(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void
on_structured_error(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

/* ---- driver ----------------------------------------------------------------
 */

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void
init_libxml(void)
{
    xmlInitParser();
}

static void
set_handlers(xmlSAXHandler *h)
{
    memset(h, 0, sizeof *h);
    h->startElement = on_start;
    h->endElement = on_end;
    h->characters = on_chars;
    h->ignorableWhitespace = on_chars;
    h->cdataBlock = on_cdata;
    h->comment = on_comment;
    h->warning = on_silence;
    h->error = on_silence;
    h->fatalError = on_silence;
    h->serror = on_structured_error;
    h->initialized = XML_SAX2_MAGIC; /* so serror is honoured */
}

/* A push parser fed the decoded text in chunks: libxml2 then keeps only a
 * window of it instead of a second copy of the whole page (the peak memory
 * of a 100 MB page), and reads it as UTF-8 whatever a <meta charset> says
 * (the text is already decoded). */
#define PUSH_CHUNK ((size_t)256 * 1024)

static xmlParserCtxtPtr
make_context(tok *t)
{
    htmlSAXHandler sax;
    set_handlers(&sax);
    xmlParserCtxtPtr ctxt = htmlCreatePushParserCtxt(&sax, t, NULL, 0, NULL,
                                                     XML_CHAR_ENCODING_UTF8);
    if (!ctxt)
        return NULL;
    htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                                 HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_IGNORE_ENC);
    return ctxt;
}

/* Stray end tags before any content ("</div></p>…") stall libxml2's push
 * parser for the whole document; they carry no text, so skip them. */
static size_t
leading_end_tags(const tok *t)
{
    size_t i = 0;
    for (;;) {
        size_t j = i;
        while (j < t->src_len && is_space((unsigned char)t->src[j]))
            j++;
        if (j + 1 >= t->src_len || t->src[j] != '<' || t->src[j + 1] != '/')
            return i;
        const char *gt = memchr(t->src + j, '>', t->src_len - j);
        if (!gt)
            return i;
        i = (size_t)(gt - t->src) + 1;
    }
}

static void
parse_all(tok *t)
{
    t->feed_base = leading_end_tags(t);
    for (size_t off = t->feed_base; off < t->src_len;) {
        size_t n =
            t->src_len - off < PUSH_CHUNK ? t->src_len - off : PUSH_CHUNK;
        int last = off + n == t->src_len;
        if (htmlParseChunk(t->ctxt, t->src + off, (int)n, last) != 0 &&
            t->ctxt->disableSAX)
            break; /* a fatal error the recover mode could not get past */
        off += n;
    }
}

static void
set_count_meta(mn_doc *doc, const char *key, unsigned n)
{
    char v[32];
    snprintf(v, sizeof v, "%u", n);
    mn_doc_set_meta(doc, key, v);
}

static void
finish(tok *t)
{
    while (t->depth) { /* libxml2 closes what it opened; this is a guard */
        flush_block(t);
        close_frame(t, &t->stack[t->depth - 1]);
        t->depth--;
    }
    flush_block(t);
    set_count_meta(t->doc, "html.h1_count", t->h1_count);
    set_count_meta(t->doc, "html.tables", t->tables);
    set_count_meta(t->doc, "html.tables_without_th", t->tables_without_th);
    set_count_meta(t->doc, "html.images_without_alt", t->images_without_alt);
    if (t->suppress.len)
        mn_doc_set_meta(t->doc, "html.suppress", mn_buf_str(&t->suppress));
}

static void
tok_init(tok *t, mn_doc *doc, const mn_chrome *chrome)
{
    memset(t, 0, sizeof *t);
    t->doc = doc;
    t->chrome = chrome ? chrome : mn_chrome_default();
    t->src = mn_doc_text(doc);
    t->src_len = mn_doc_text_len(doc);
    t->stack = mn_xmalloc(MN_MAX_HTML_DEPTH * sizeof *t->stack);
    t->owner = t->list = t->table = NO_OFF;
    t->chunk_next = NO_OFF;
    mn_buf_init(&t->text, MN_MAX_BLOCK_BYTES);
    mn_buf_init(&t->title, MAX_TITLE_BYTES);
    mn_buf_init(&t->marker, MAX_MARKER_BYTES);
    mn_buf_init(&t->suppress, 8192);
    reset_block(t);
}

static void
tok_free(tok *t)
{
    free(t->stack);
    free(t->spans);
    free(t->anchors);
    mn_buf_free(&t->text);
    mn_buf_free(&t->title);
    mn_buf_free(&t->marker);
    mn_buf_free(&t->suppress);
}

mn_status
mn_html_tokenise(mn_doc *doc, const mn_chrome *chrome, mn_error *err)
{
    tok t;
    tok_init(&t, doc, chrome);
    if (t.src_len == 0 || t.src_len > INT32_MAX) {
        mn_status st = MN_OK;
        if (t.src_len)
            st = mn_error_set(err, MN_E_LIMIT, mn_doc_path(doc), 0, 0,
                              "HTML text larger than 2 GB");
        finish(&t);
        tok_free(&t);
        return st;
    }
    pthread_once(&xml_once, init_libxml);
    t.ctxt = make_context(&t);
    if (!t.ctxt) {
        tok_free(&t);
        return mn_error_set(err, MN_E_INTERNAL, mn_doc_path(doc), 0, 0,
                            "cannot create an HTML parser");
    }
    parse_all(&t);
    finish(&t);
    htmlFreeParserCtxt(t.ctxt);
    tok_free(&t);
    return MN_OK;
}
