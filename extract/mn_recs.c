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

#define MAX_ITEMS 200 /* numbered items taken after one label */

typedef struct rec {
    const char *kind;
    char *number, *title, *text;
    size_t bi;
    unsigned line;
} rec;

static void
set_opt(mn_value *m, const char *key, const char *v)
{
    if (v && *v)
        mn_map_set_str(m, key, v);
    else
        mn_map_set_null(m, key);
}

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
    set_opt(m, "number", r->number);
    set_opt(m, "title", r->title);
    set_opt(m, "text", r->text);
    set_opt(m, "section", x->block_section[r->bi]);
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

typedef struct scan {
    size_t next; /* blocks before this one already taken */
} scan;

static bool
rec_cb(mn_xctx *x, size_t bi, const mn_block *b, const mn_match *mt, void *ud)
{
    scan *sc = ud;
    const char *kind = mn_x_rule_set(mt->rule, "kind");
    rec r = {.kind = kind ? kind : "recommendation", .bi = bi};
    r.line = mn_x_line(b, mt->start);
    r.number = mn_x_cap(b, mt, "number", "#");
    r.title = labelled(r.kind) ? mn_x_cap(b, mt, "title", ":") : NULL;
    r.text = mn_x_cap(b, mt, "text", NULL);
    if (r.text && !*r.text) {
        free(r.text);
        r.text = NULL;
    }
    size_t last = bi;
    if (!r.text && !labelled(r.kind))
        last = take_items(x, &r);
    if (last == bi) {
        if (!r.text) {
            size_t n = next_body(x, bi);
            if (n < x->nblocks) {
                const mn_block *nb = mn_doc_block(x->doc, n);
                r.text = mn_xstrndup(nb->text, nb->len);
                last = n;
            }
        }
        emit(x, &r);
    }
    sc->next = last + 1;
    free(r.number);
    free(r.title);
    free(r.text);
    return false;
}

void
mn_x_recommendations(mn_xctx *x)
{
    scan sc = {0};
    for (size_t bi = 0; bi < x->nblocks; bi++) {
        if (bi < sc.next)
            continue;
        if (x->block_is_attendance[bi])
            continue;
        mn_x_match_block(x, "recommendation", bi, false, true, rec_cb, &sc);
    }
}
