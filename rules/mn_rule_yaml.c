/*
 * Rule files as a small YAML node tree built from libyaml *events* with our
 * own depth counter (libyaml 0.2.5 has no nesting limit), so a hostile file
 * fails fast instead of exhausting memory. Every node keeps its 1-based
 * position; yn_locate maps a byte offset inside a scalar back to the source,
 * which is how PCRE2 errors point at the offending character.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_limits.h"
#include "mn_ruleset_int.h"
#include "mn_utf8.h"

/* A 4 MB file of `[a,a,...]` would otherwise make two million nodes. */
#define MAX_NODES ((size_t)MN_MAX_RULES * 64)

/*
 * Every node, kids array and string of one tree lives in a few large chunks
 * freed together: a rule file makes thousands of small nodes, and a malloc
 * and a free for each were a sixth of loading the rule set (before JIT).
 */
typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    max_align_t data[]; /* size bytes */
} chunk;

struct yn_tree {
    yn_node *root;
    chunk *chunks;
};

#define MIN_CHUNK ((size_t)16 * 1024)

typedef struct builder {
    const yn_source *src;
    yn_tree *tree;
    yn_node *stack[MN_MAX_YAML_DEPTH + 1];
    size_t first_kid[MN_MAX_YAML_DEPTH + 1]; /* into pending, per level */
    size_t depth;
    /* Children of the open containers, innermost last; a container gets an
     * exactly sized copy of its run when it closes. */
    yn_node **pending;
    size_t npending, pending_cap;
    size_t nodes;
    int documents;
    mn_error *err;
} builder;

static size_t
round_up(size_t n)
{
    size_t a = sizeof(max_align_t);
    return (n + a - 1) / a * a;
}

static void *
tree_alloc(yn_tree *t, size_t size)
{
    size = round_up(size ? size : 1);
    chunk *c = t->chunks;
    if (!c || c->size - c->used < size) {
        size_t want = c ? c->size * 2 : MIN_CHUNK;
        if (want < size)
            want = size;
        c = mn_xmalloc(sizeof *c + want);
        c->size = want;
        c->used = 0;
        c->next = t->chunks;
        t->chunks = c;
    }
    void *p = (unsigned char *)c->data + c->used;
    c->used += size;
    return p;
}

void
yn_free(yn_tree *t)
{
    if (!t)
        return;
    for (chunk *c = t->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(t);
}

const yn_node *
yn_root(const yn_tree *t)
{
    return t ? t->root : NULL;
}

yn_node *
yn_get(const yn_node *map, const char *key)
{
    if (!map || map->type != YN_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < map->nkids; i += 2)
        if (map->kids[i]->type == YN_SCALAR && !strcmp(map->kids[i]->str, key))
            return map->kids[i + 1];
    return NULL;
}

bool
yn_is_null(const yn_node *n)
{
    if (!n || n->type != YN_SCALAR || n->style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    return !strcmp(n->str, "") || !strcmp(n->str, "~") ||
           !strcmp(n->str, "null") || !strcmp(n->str, "Null") ||
           !strcmp(n->str, "NULL");
}

/* ---- positions ----------------------------------------------------------- */

static size_t
line_start(const yn_source *src, unsigned line)
{
    size_t off = 0;
    for (unsigned l = 1; l < line && off < src->len; off++) {
        /* "\n", "\r\n" or a lone "\r" ends a line */
        if (src->bytes[off] == '\n' ||
            (src->bytes[off] == '\r' &&
             (off + 1 >= src->len || src->bytes[off + 1] != '\n')))
            l++;
    }
    return off;
}

static bool
is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* Byte offset after skipping `chars` characters from `off`. */
static size_t
skip_chars(const yn_source *src, size_t off, unsigned chars)
{
    for (unsigned i = 0; i < chars && off < src->len; i++) {
        off++;
        while (off < src->len && is_cont((unsigned char)src->bytes[off]))
            off++;
    }
    return off;
}

static unsigned
count_chars(const yn_source *src, size_t from, size_t to)
{
    unsigned n = 0;
    for (size_t i = from; i < to && i < src->len; i++)
        if (!is_cont((unsigned char)src->bytes[i]))
            n++;
    return n;
}

static void
offset_to_pos(const yn_source *src, size_t off, unsigned *line, unsigned *col)
{
    unsigned l = 1;
    size_t start = 0;
    for (size_t i = 0; i < off && i < src->len; i++) {
        if (src->bytes[i] == '\n' ||
            (src->bytes[i] == '\r' &&
             (i + 1 >= src->len || src->bytes[i + 1] != '\n'))) {
            l++;
            start = i + 1;
        }
    }
    *line = l;
    *col = count_chars(src, start, off) + 1;
}

static unsigned
hex_len(char c)
{
    switch (c) {
    case 'x':
        return 2;
    case 'u':
        return 4;
    case 'U':
        return 8;
    default:
        return 0;
    }
}

/* Bytes of value produced by the double-quoted escape at s[0] == '\\', and
 * its length in the source. */
static size_t
escape_value_len(const char *s, size_t avail, size_t *srclen)
{
    unsigned h = avail > 1 ? hex_len(s[1]) : 0;
    if (h && avail >= 2 + h) {
        char digits[9] = {0};
        memcpy(digits, s + 2, h);
        unsigned long cp = strtoul(digits, NULL, 16);
        *srclen = 2 + h;
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
    *srclen = avail > 1 ? 2 : 1;
    if (avail < 2)
        return 1;
    switch (s[1]) {
    case 'N':
    case '_':
        return 2;
    case 'L':
    case 'P':
        return 3;
    default:
        return 1;
    }
}

/* Source byte offset of value byte `off` in a single-line flow scalar that
 * starts at source offset `at`. */
static size_t
flow_offset(const yn_source *src, const yn_node *n, size_t at, size_t off)
{
    if (n->style == YAML_PLAIN_SCALAR_STYLE)
        return at + off;
    size_t s = at + 1, v = 0;
    while (v < off && s < src->len) {
        const char *p = src->bytes + s;
        if (n->style == YAML_SINGLE_QUOTED_SCALAR_STYLE && p[0] == '\'') {
            s += 2;
            v += 1;
        } else if (n->style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
                   p[0] == '\\') {
            size_t srclen;
            v += escape_value_len(p, src->len - s, &srclen);
            s += srclen;
        } else {
            s++;
            v++;
        }
    }
    return s;
}

/* Indentation of a literal block: that of its first non-empty line. */
static size_t
literal_indent(const yn_source *src, unsigned header_line)
{
    size_t s = line_start(src, header_line + 1);
    for (size_t guard = 0; s < src->len && guard < src->len; guard++) {
        size_t ls = s;
        while (s < src->len && src->bytes[s] == ' ')
            s++;
        if (s >= src->len || (src->bytes[s] != '\n' && src->bytes[s] != '\r'))
            return s - ls;
        while (s < src->len && (src->bytes[s] == '\n' || src->bytes[s] == '\r'))
            s++;
    }
    return 0;
}

static void
locate_literal(const yn_source *src, const yn_node *n, size_t off,
               unsigned *line, unsigned *col)
{
    /* the end of a pattern is the end of its last line, not the next line */
    if (off > 0 && off == n->len && n->str[off - 1] == '\n')
        off--;
    unsigned nl = 0;
    size_t last = 0;
    for (size_t i = 0; i < off && i < n->len; i++)
        if (n->str[i] == '\n') {
            nl++;
            last = i + 1;
        }
    *line = n->line + 1 + nl;
    *col = (unsigned)literal_indent(src, n->line) + 1 +
           (unsigned)mn_utf8_count(n->str + last, off - last);
}

void
yn_locate(const yn_source *src, const yn_node *n, size_t off, unsigned *line,
          unsigned *col)
{
    *line = n->line;
    *col = n->col;
    if (n->type != YN_SCALAR || !src->bytes)
        return;
    if (n->style == YAML_LITERAL_SCALAR_STYLE) {
        locate_literal(src, n, off, line, col);
        return;
    }
    if (n->end_line != n->line || n->style == YAML_FOLDED_SCALAR_STYLE)
        return;
    size_t ls = line_start(src, n->line);
    size_t at = skip_chars(src, ls, n->col - 1);
    size_t s = flow_offset(src, n, at, off);
    *col = count_chars(src, ls, s) + 1;
}

/* ---- parsing ------------------------------------------------------------- */

/* Offset of the first invalid UTF-8 sequence, or len when all is valid. */
static size_t
first_invalid_utf8(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        bool valid;
        size_t n = mn_utf8_decode(s + i, len - i, &cp, &valid);
        if (!valid)
            return i;
        i += n;
    }
    return len;
}

static mn_status
error_at_offset(const yn_source *src, size_t off, mn_error *err, mn_status code,
                const char *what)
{
    unsigned line, col;
    offset_to_pos(src, off, &line, &col);
    return mn_error_set(err, code, src->file, line, col, "%s", what);
}

static mn_status
check_bytes(const yn_source *src, mn_error *err)
{
    if (src->len > MN_MAX_RULE_FILE_BYTES)
        return mn_error_set(err, MN_E_LIMIT, src->file, 0, 0,
                            "rule file is larger than %zu bytes",
                            MN_MAX_RULE_FILE_BYTES);
    const unsigned char *u = (const unsigned char *)src->bytes;
    if (mn_utf8_valid(u, src->len)) /* word-at-a-time: the usual case */
        return MN_OK;
    size_t bad = first_invalid_utf8(u, src->len);
    if (bad < src->len) {
        char what[96];
        snprintf(what, sizeof what,
                 "invalid UTF-8 (byte 0x%02x); rule files must be UTF-8",
                 u[bad]);
        return error_at_offset(src, bad, err, MN_E_RULE, what);
    }
    return MN_OK;
}

static mn_status
syntax_error(builder *b, const yaml_parser_t *p)
{
    const yn_source *src = b->src;
    char what[224];
    if (p->context)
        snprintf(what, sizeof what, "YAML syntax error: %s (%s at line %zu)",
                 p->problem ? p->problem : "unknown problem", p->context,
                 p->context_mark.line + 1);
    else
        snprintf(what, sizeof what, "YAML syntax error: %s",
                 p->problem ? p->problem : "unknown problem");
    if (p->error == YAML_READER_ERROR)
        return error_at_offset(src, p->problem_offset, b->err, MN_E_YAML, what);
    return mn_error_set(b->err, MN_E_YAML, src->file,
                        (unsigned)p->problem_mark.line + 1,
                        (unsigned)p->problem_mark.column + 1, "%s", what);
}

static mn_status
event_error(builder *b, const yaml_event_t *ev, mn_status code,
            const char *what)
{
    return mn_error_set(b->err, code, b->src->file,
                        (unsigned)ev->start_mark.line + 1,
                        (unsigned)ev->start_mark.column + 1, "%s", what);
}

static mn_status
attach(builder *b, const yaml_event_t *ev, yn_node *n)
{
    if (++b->nodes > MAX_NODES)
        return event_error(b, ev, MN_E_LIMIT, "too many YAML nodes");
    if (b->depth == 0) {
        b->tree->root = n;
        return MN_OK;
    }
    // NOLINTBEGIN(bugprone-sizeof-expression): an array of pointers
    b->pending = mn_xgrow(b->pending, &b->pending_cap, b->npending + 1,
                          sizeof *b->pending);
    // NOLINTEND(bugprone-sizeof-expression)
    b->pending[b->npending++] = n;
    return MN_OK;
}

static void
close_container(builder *b)
{
    yn_node *n = b->stack[--b->depth];
    size_t first = b->first_kid[b->depth];
    n->nkids = b->npending - first;
    if (n->nkids) {
        /* kids is an array of node pointers */
        size_t bytes = n->nkids * sizeof(yn_node *);
        n->kids = tree_alloc(b->tree, bytes);
        memcpy(n->kids, b->pending + first, bytes);
    }
    b->npending = first;
}

static yn_node *
new_node(builder *b, yn_type t, const yaml_event_t *ev)
{
    yn_node *n = tree_alloc(b->tree, sizeof *n);
    memset(n, 0, sizeof *n);
    n->type = t;
    n->line = (unsigned)ev->start_mark.line + 1;
    n->col = (unsigned)ev->start_mark.column + 1;
    n->end_line = (unsigned)ev->end_mark.line + 1;
    return n;
}

static mn_status
on_scalar(builder *b, const yaml_event_t *ev)
{
    if (ev->data.scalar.anchor)
        return event_error(b, ev, MN_E_RULE, "anchors are not allowed");
    if (ev->data.scalar.tag)
        return event_error(b, ev, MN_E_RULE, "tags are not allowed");
    const char *value = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    if (memchr(value, '\0', len))
        return event_error(b, ev, MN_E_RULE, "NUL character in a string");
    yn_node *n = new_node(b, YN_SCALAR, ev);
    n->style = ev->data.scalar.style;
    n->len = len;
    n->str = tree_alloc(b->tree, len + 1);
    memcpy(n->str, value, len);
    n->str[len] = '\0';
    return attach(b, ev, n);
}

static mn_status
on_open(builder *b, const yaml_event_t *ev, yn_type t)
{
    const yaml_char_t *anchor = t == YN_SEQ ? ev->data.sequence_start.anchor
                                            : ev->data.mapping_start.anchor;
    const yaml_char_t *tag =
        t == YN_SEQ ? ev->data.sequence_start.tag : ev->data.mapping_start.tag;
    if (anchor)
        return event_error(b, ev, MN_E_RULE, "anchors are not allowed");
    if (tag)
        return event_error(b, ev, MN_E_RULE, "tags are not allowed");
    if (b->depth >= MN_MAX_YAML_DEPTH) {
        char what[80];
        snprintf(what, sizeof what, "nesting deeper than %d levels",
                 MN_MAX_YAML_DEPTH);
        return event_error(b, ev, MN_E_LIMIT, what);
    }
    yn_node *n = new_node(b, t, ev);
    mn_status st = attach(b, ev, n);
    if (st == MN_OK) {
        b->first_kid[b->depth] = b->npending;
        b->stack[b->depth++] = n;
    }
    return st;
}

/* Handle one event; *done is set at the end of the stream. */
static mn_status
on_event(builder *b, const yaml_event_t *ev, bool *done)
{
    switch (ev->type) {
    case YAML_STREAM_END_EVENT:
        *done = true;
        return MN_OK;
    case YAML_DOCUMENT_START_EVENT:
        if (++b->documents > 1)
            return event_error(b, ev, MN_E_RULE,
                               "a rule file holds one YAML document");
        return MN_OK;
    case YAML_ALIAS_EVENT:
        return event_error(b, ev, MN_E_RULE, "aliases are not allowed");
    case YAML_SCALAR_EVENT:
        return on_scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT:
        return on_open(b, ev, YN_SEQ);
    case YAML_MAPPING_START_EVENT:
        return on_open(b, ev, YN_MAP);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (b->depth > 0)
            close_container(b);
        return MN_OK;
    default:
        return MN_OK;
    }
}

mn_status
yn_parse(const yn_source *src, yn_tree **out, mn_error *err)
{
    mn_status st = check_bytes(src, err);
    if (st != MN_OK)
        return st;
    builder b = {.src = src, .err = err};
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return mn_error_set(err, MN_E_INTERNAL, src->file, 0, 0,
                            "cannot initialise the YAML parser");
    yaml_parser_set_input_string(&p, (const unsigned char *)src->bytes,
                                 src->len);
    b.tree = mn_xcalloc(1, sizeof *b.tree);
    bool done = false;
    while (st == MN_OK && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            st = syntax_error(&b, &p);
            break;
        }
        st = on_event(&b, &ev, &done);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    free(b.pending);
    if (st != MN_OK) {
        yn_free(b.tree);
        return st;
    }
    *out = b.tree;
    return MN_OK;
}
