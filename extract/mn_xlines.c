/*
 * Source lines of a block, from the reader's anchors (one per place where
 * the text jumps in the source) and kept '\n' characters; see mn_xlines.h.
 */
#include "mn_xlines.h"

#include <stdint.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_utf8.h"

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void
push(const mn_block *b, mn_xline *out, size_t *n, size_t a, size_t e, bool hard)
{
    while (a < e && is_blank(b->text[a]))
        a++;
    while (e > a && is_blank(b->text[e - 1]))
        e--;
    if (a == e)
        return;
    out[*n].start = a;
    out[*n].len = e - a;
    out[*n].line = mn_block_line(b, a);
    out[*n].hard_break = hard;
    (*n)++;
}

static size_t
count_breaks(const mn_block *b)
{
    size_t k = 0;
    const char *p = b->text, *end = b->text + b->len;
    while (p < end) {
        const char *q = memchr(p, '\n', (size_t)(end - p));
        if (!q)
            break;
        k++;
        p = q + 1;
    }
    return k;
}

/* Passes split every block into lines; most blocks are one line (no kept
 * break and, in a text document, no jump in the source). */
static mn_xline *
one_line(const mn_block *b, size_t *n)
{
    mn_xline *out = mn_xcalloc(1, sizeof *out);
    *n = 0;
    push(b, out, n, 0, b->len, false);
    if (*n == 0) {
        out[0].start = 0;
        out[0].len = b->len;
        out[0].line = b->pos.line;
        *n = 1;
    }
    return out;
}

mn_xline *
mn_x_lines(const mn_xctx *x, const mn_block *b, size_t *n)
{
    bool by_source = mn_doc_format(x->doc) != MN_FORMAT_HTML;
    size_t breaks = count_breaks(b);
    if (breaks == 0 && (!by_source || b->nanchors <= 1))
        return one_line(b, n);
    size_t cap = 2 + breaks + (by_source ? b->nanchors : 0);
    mn_xline *out = mn_xcalloc(cap, sizeof *out);
    *n = 0;
    size_t from = 0, ai = 1;
    bool hard = false;
    unsigned line = b->nanchors ? b->anchors[0].pos.line : b->pos.line;
    for (size_t i = 0; i <= b->len; i++) {
        bool cut = i == b->len || b->text[i] == '\n';
        bool source_jump = false;
        while (by_source && ai < b->nanchors && b->anchors[ai].text_off <= i) {
            if (b->anchors[ai].text_off == i && b->anchors[ai].pos.line > line)
                source_jump = true;
            line =
                b->anchors[ai].pos.line > line ? b->anchors[ai].pos.line : line;
            ai++;
        }
        if (source_jump && !cut && i > from) {
            push(b, out, n, from, i, hard);
            from = i;
            hard = false;
        }
        if (cut) {
            push(b, out, n, from, i, hard);
            from = i + 1;
            hard = true;
        }
    }
    if (*n == 0) {
        out[0].start = 0;
        out[0].len = b->len;
        out[0].line = b->pos.line;
        *n = 1;
    }
    return out;
}

bool
mn_x_line_closed(const mn_block *b, const mn_xline *l)
{
    if (l->len == 0)
        return true;
    char c = b->text[l->start + l->len - 1];
    return strchr(".!?;:", c) != NULL;
}

/* Is s[0..len) a part of b's text? Compared as integers: relational
 * operators on pointers into different objects are undefined. */
static bool
within(const mn_block *b, const char *s, size_t len)
{
    uintptr_t p = (uintptr_t)s, t = (uintptr_t)b->text;
    return p >= t && len <= b->len && p - t <= b->len - len;
}

const mn_rule *
mn_x_match_text(mn_xctx *x, const char *kind, const mn_block *b, const char *s,
                size_t len, mn_match *mt)
{
    size_t nr = 0;
    const mn_rule *const *rules = mn_x_rules_of_kind(x, kind, &nr);
    bool valid = nr > 0 && mn_utf8_valid((const unsigned char *)s, len);
    /* A part of the block's own text (most callers pass a line of it). */
    bool in_block = within(b, s, len);
    for (size_t ri = 0; ri < nr; ri++) {
        const mn_rule *r = rules[ri];
        if (!mn_rule_applies(r, b->kind))
            continue;
        int rc = in_block ? mn_x_exec_block_text(x, r, valid, s, len, 0, mt)
                          : mn_x_exec(x, r, valid, s, len, 0, mt);
        if (rc == 1)
            return r;
    }
    return NULL;
}
