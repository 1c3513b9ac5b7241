/*
 * Recommendations pass: recommendations and areas for improvement (usually
 * a heading with the text in the next paragraph), resolutions and decisions
 * (a label with the text on the same line, or a label alone followed by a
 * numbered "1) That ..." list, each item its own resolution).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_extract_int.h"
#include "mn_limits.h"
#include "mn_xlines.h"

#define MAX_ITEMS 200 /* numbered items taken after one label */

typedef struct rec {
    const char *kind;
    char *number, *title, *text;
    size_t bi;
    unsigned line;
} rec;

static void
emit(mn_xctx *x, const rec *r)
{
    mn_value *list = mn_x_list(x, "recommendations");
    if (mn_value_len(list) >= MN_MAX_RECORD_ITEMS) {
        if (mn_value_len(list) == MN_MAX_RECORD_ITEMS)
            mn_x_warn(x, r->line,
                      "more than %d recommendations; the rest ignored",
                      MN_MAX_RECORD_ITEMS);
        return;
    }
    mn_value *m = mn_value_map();
    mn_map_set_str(m, "kind", r->kind);
    mn_map_set_opt(m, "number", r->number);
    mn_map_set_opt(m, "title", r->title);
    mn_map_set_opt(m, "text", r->text);
    mn_map_set_opt(m, "section", x->block_section[r->bi]);
    mn_map_set_int(m, "line", r->line);
    mn_list_push(list, m);
}

static bool
labelled(const char *kind)
{
    return strcmp(kind, "recommendation") == 0 ||
           strcmp(kind, "area_for_improvement") == 0;
}

/* The next block that is body text (not a heading), or nblocks. */
static size_t
next_body(const mn_xctx *x, size_t bi)
{
    size_t n = bi + 1;
    if (n >= x->nblocks)
        return x->nblocks;
    const mn_block *b = mn_doc_block(x->doc, n);
    if (b->kind == MN_BLOCK_HEADING || x->block_is_section_heading[n])
        return x->nblocks;
    return n;
}

typedef struct item_ud {
    rec base;
    bool found;
} item_ud;

static bool
item_cb(mn_xctx *x, size_t bi, const mn_block *b, const mn_match *mt, void *ud)
{
    item_ud *it = ud;
    rec r = it->base;
    r.bi = bi;
    r.line = b->pos.line;
    r.number = mn_x_cap(b, mt, "number", NULL);
    if (!r.number && b->ordinal) {
        char num[16];
        snprintf(num, sizeof num, "%u", b->ordinal);
        r.number = mn_xstrdup(num);
    }
    r.text = mn_x_cap(b, mt, "text", NULL);
    r.title = NULL;
    emit(x, &r);
    free(r.number);
    free(r.text);
    it->found = true;
    return false;
}

/* "RESOLVED:" then "1) That ..." items: one resolution each. Returns the
 * index of the last block taken (bi when none). */
static size_t
take_items(mn_xctx *x, const rec *label)
{
    item_ud it = {.base = *label};
    size_t last = label->bi;
    for (size_t n = label->bi + 1; n < x->nblocks && n <= label->bi + MAX_ITEMS;
         n++) {
        it.found = false;
        mn_x_match_block(x, "resolution_item", n, false, true, item_cb, &it);
        if (!it.found)
            break;
        last = n;
    }
    return last;
}

/* "Cabinet be recommended to:" followed, in the same block, by its
 * "(i) ...; (ii) ..." clauses: the clauses belong to the text. */
static char *
with_rest_of_block(const mn_block *b, const char *text, size_t from)
{
    size_t tl = strlen(text), rl = b->len - from;
    char *out = mn_xmalloc(tl + rl + 2);
    memcpy(out, text, tl);
    size_t n = tl;
    for (size_t i = from; i < b->len; i++) {
        char c = (char)(b->text[i] == '\n' ? ' ' : b->text[i]);
        if (c == ' ' && n > 0 && out[n - 1] == ' ')
            continue;
        if (n == tl && c != ' ')
            out[n++] = ' ';
        out[n++] = c;
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    return out;
}

static bool
ends_with_colon(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n > 0 && s[n - 1] == ':';
}

/* One recommendation matched in `part` (b's text from `off` on, up to the
 * end of the line stretch); `rest` is where the block's text after the
 * stretch starts; *used_rest tells that it went into the text. Returns
 * the last block taken. */
static size_t
take_rec(mn_xctx *x, size_t bi, const mn_block *b, const mn_block *part,
         size_t off, size_t rest, const mn_match *mt, bool *used_rest)
{
    const char *kind = mn_x_rule_set(mt->rule, "kind");
    rec r = {.kind = kind ? kind : "recommendation", .bi = bi};
    r.line = mn_x_line(b, off + mt->start);
    r.number = mn_x_cap(part, mt, "number", "#");
    r.title = labelled(r.kind) ? mn_x_cap(part, mt, "title", ":") : NULL;
    r.text = mn_x_cap(part, mt, "text", NULL);
    if (r.text && !*r.text) {
        free(r.text);
        r.text = NULL;
    }
    size_t last = bi;
    bool at_end = rest >= b->len;
    /* "RESOLVED:" / "Resolved: That the Panel:" then "1. That ..." items */
    if (at_end && !labelled(r.kind) && (!r.text || ends_with_colon(r.text)))
        last = take_items(x, &r);
    if (last == bi) {
        if (r.text && ends_with_colon(r.text) && !at_end) {
            char *t = with_rest_of_block(b, r.text, rest);
            free(r.text);
            r.text = t;
            *used_rest = true;
        }
        if (!r.text && at_end) {
            size_t n = next_body(x, bi);
            if (n < x->nblocks) {
                const mn_block *nb = mn_doc_block(x->doc, n);
                r.text = mn_xstrndup(nb->text, nb->len);
                last = n;
            }
        }
        emit(x, &r);
    }
    free(r.number);
    free(r.title);
    free(r.text);
    return last;
}

/* Recommendations start a block, a line after a kept break, or a line
 * after one that closed its sentence, and run to the first closed line.
 * Returns the last block taken (bi when only this one). */
static size_t
scan_block(mn_xctx *x, size_t bi, const mn_block *b)
{
    size_t n;
    mn_xline *l = mn_x_lines(x, b, &n);
    size_t last = bi;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && !l[i].hard_break && !mn_x_line_closed(b, &l[i - 1]))
            continue;
        size_t j = i;
        while (j + 1 < n && !mn_x_line_closed(b, &l[j]) && !l[j + 1].hard_break)
            j++;
        mn_block part = *b;
        part.text = b->text + l[i].start;
        part.len = (uint32_t)(l[j].start + l[j].len - l[i].start);
        mn_match mt;
        if (!mn_x_match_text(x, "recommendation", b, part.text, part.len, &mt))
            continue;
        size_t rest = j + 1 < n ? l[j + 1].start : b->len;
        bool used_rest = false;
        last = take_rec(x, bi, b, &part, l[i].start, rest, &mt, &used_rest);
        if (last != bi || used_rest)
            break; /* the rest of the block went into this one */
        i = j;
    }
    free(l);
    return last;
}

void
mn_x_recommendations(mn_xctx *x)
{
    size_t next = 0;
    for (size_t bi = 0; bi < x->nblocks; bi++) {
        if (bi < next || x->block_is_attendance[bi])
            continue;
        next = scan_block(x, bi, mn_doc_block(x->doc, bi)) + 1;
    }
}
