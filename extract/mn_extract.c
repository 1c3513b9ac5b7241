/*
 * Extraction driver: sets up the context, creates the record skeleton in
 * schema order (so every field is present even when nothing is found), runs
 * the passes, and provides the match helpers they share.
 */
#include "mn_extract.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_decode.h"
#include "mn_extract_int.h"
#include "mn_utf8.h"

/* ---- helpers for passes ------------------------------------------------- */

/* The active rules of one kind, found once per run: passes ask for their
 * kind for every block, and comparing every rule's kind each time showed
 * as a fifth of extraction time. */
const mn_rule *const *
mn_x_rules_of_kind(mn_xctx *x, const char *kind, size_t *n)
{
    /* Callers pass string literals: the same pointer, call after call. */
    for (size_t i = 0; i < x->nkinds; i++)
        if (x->kinds[i].last == kind) {
            *n = x->kinds[i].n;
            return x->kinds[i].rules;
        }
    for (size_t i = 0; i < x->nkinds; i++)
        if (strcmp(x->kinds[i].kind, kind) == 0) {
            x->kinds[i].last = kind;
            *n = x->kinds[i].n;
            return x->kinds[i].rules;
        }
    x->kinds =
        mn_xgrow(x->kinds, &x->cap_kinds, x->nkinds + 1, sizeof *x->kinds);
    mn_xkind *k = &x->kinds[x->nkinds++];
    k->kind = mn_xstrdup(kind);
    k->last = kind;
    // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
    k->rules = mn_xcalloc(x->nrules ? x->nrules : 1, sizeof *k->rules);
    k->n = 0;
    for (size_t ri = 0; ri < x->nrules; ri++)
        if (strcmp(mn_rule_kind(x->rules[ri]), kind) == 0)
            k->rules[k->n++] = x->rules[ri];
    *n = k->n;
    return k->rules;
}

int
mn_x_exec(mn_xctx *x, const mn_rule *r, bool valid, const char *s, size_t len,
          size_t from, mn_match *mt)
{
    return valid ? mn_matcher_exec_valid(x->m, r, s, len, from, mt)
                 : mn_matcher_exec(x->m, r, s, len, from, mt);
}

/* Forgotten again at the start and end of mn_extract. */
int
mn_x_exec_block_text(mn_xctx *x, const mn_rule *r, bool valid, const char *s,
                     size_t len, size_t from, mn_match *mt)
{
    return mn_matcher_exec_stable(x->m, r, s, len, from, valid, mt);
}

size_t
mn_x_match_block(mn_xctx *x, const char *kind, size_t bi, bool all,
                 bool first_rule_only, mn_x_match_fn fn, void *ud)
{
    const mn_block *b = mn_doc_block(x->doc, bi);
    size_t nr = 0;
    const mn_rule *const *rules = mn_x_rules_of_kind(x, kind, &nr);
    size_t found = 0;
    if (nr == 0)
        return 0;
    bool valid = mn_utf8_valid((const unsigned char *)b->text, b->len);
    for (size_t ri = 0; ri < nr; ri++) {
        const mn_rule *r = rules[ri];
        if (!mn_rule_applies(r, b->kind))
            continue;
        size_t from = 0;
        size_t before = found;
        mn_match mt;
        while (from <= b->len && mn_x_exec_block_text(x, r, valid, b->text,
                                                      b->len, from, &mt) == 1) {
            found++;
            if (!fn(x, bi, b, &mt, ud))
                return found;
            if (!all)
                break;
            size_t next = mt.start + mt.len;
            from = next > from ? next : from + 1;
        }
        if (first_rule_only && found > before)
            break;
    }
    return found;
}

bool
mn_x_block_is(mn_xctx *x, const char *kind, const mn_block *b)
{
    size_t nr = 0;
    const mn_rule *const *rules = mn_x_rules_of_kind(x, kind, &nr);
    for (size_t ri = 0; ri < nr; ri++) {
        mn_match mt;
        if (mn_rule_applies(rules[ri], b->kind) &&
            mn_x_exec_block_text(x, rules[ri], false, b->text, b->len, 0,
                                 &mt) == 1)
            return true;
    }
    return false;
}

void
mn_x_each_match(mn_xctx *x, const char *kind, bool all, bool first_rule_only,
                mn_x_match_fn fn, void *ud)
{
    for (size_t bi = 0; bi < x->nblocks; bi++)
        mn_x_match_block(x, kind, bi, all, first_rule_only, fn, ud);
}

static bool
is_strip(char c, const char *strip)
{
    return isspace((unsigned char)c) || (strip && c && strchr(strip, c));
}

char *
mn_x_cap(const mn_block *b, const mn_match *mt, const char *name,
         const char *strip)
{
    const mn_capture *c = mn_match_capture(mt, name);
    if (!c)
        return NULL;
    size_t s = c->start, e = c->start + c->len;
    while (s < e && is_strip(b->text[s], strip))
        s++;
    while (e > s && is_strip(b->text[e - 1], strip))
        e--;
    return mn_xstrndup(b->text + s, e - s);
}

bool
mn_x_has_cap(const mn_match *mt, const char *name)
{
    return mn_match_capture(mt, name) != NULL;
}

const char *
mn_x_rule_set(const mn_rule *r, const char *key)
{
    for (size_t i = 0; i < mn_rule_set_count(r); i++) {
        const char *k, *v;
        mn_rule_set_at(r, i, &k, &v);
        if (strcmp(k, key) == 0)
            return v;
    }
    return NULL;
}

unsigned
mn_x_line(const mn_block *b, size_t off)
{
    return mn_block_line(b, off);
}

void
mn_x_warn(mn_xctx *x, unsigned line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    mn_value *w = mn_value_map();
    mn_map_set_int(w, "line", line);
    mn_map_set_str(w, "message", msg);
    mn_list_push(mn_x_list(x, "warnings"), w);
}

mn_value *
mn_x_list(mn_xctx *x, const char *key)
{
    return mn_map_get(x->record, key);
}

/* ---- driver ------------------------------------------------------------- */

static mn_value *
source_map(const mn_doc *doc)
{
    mn_value *s = mn_value_map();
    mn_map_set_str(s, "path", mn_doc_path(doc));
    mn_map_set_str(s, "format", mn_format_name(mn_doc_format(doc)));
    mn_map_set_str(s, "encoding", mn_doc_encoding(doc));
    mn_map_set_int(s, "bytes", (long long)mn_doc_bytes(doc));
    mn_map_set_str(s, "sha256", mn_doc_sha256(doc));
    mn_map_set_int(s, "replacements", (long long)mn_doc_replacements(doc));
    return s;
}

static mn_value *
meeting_skeleton(void)
{
    static const char *const keys[] = {
        "title",     "body", "kind",  "date",   "date_text",   "date_certain",
        "date_line", "time", "chair", "period", "next_meeting"};
    mn_value *m = mn_value_map();
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        mn_map_set_null(m, keys[i]);
    return m;
}

static mn_value *
record_skeleton(const mn_doc *doc, const char *profile)
{
    mn_value *r = mn_value_map();
    mn_map_set_int(r, "schema", 1);
    mn_map_set(r, "source", source_map(doc));
    mn_map_set_str(r, "profile", profile);
    mn_map_set(r, "meeting", meeting_skeleton());
    mn_map_set_bool(r, "attendance_recorded", false);
    static const char *const lists[] = {
        "attendees", "sections",      "figures", "recommendations",
        "actions",   "abbreviations", "warnings"};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        mn_map_set(r, lists[i], mn_value_list());
    return r;
}

static void
ctx_init(mn_xctx *x, const mn_doc *doc, const mn_ruleset *rs, mn_matcher *m,
         const char *profile)
{
    memset(x, 0, sizeof *x);
    x->doc = doc;
    x->rs = rs;
    x->m = m;
    x->profile = profile;
    x->nrules = mn_ruleset_active(rs, profile, &x->rules);
    x->nblocks = mn_doc_block_count(doc);
    size_t n = x->nblocks ? x->nblocks : 1;
    x->block_section = mn_xcalloc(n, sizeof *x->block_section);
    x->block_section_idx = mn_xcalloc(n, sizeof *x->block_section_idx);
    for (size_t i = 0; i < x->nblocks; i++)
        x->block_section_idx[i] = -1;
    x->block_is_section_heading = mn_xcalloc(n, sizeof(bool));
    x->block_is_attendance = mn_xcalloc(n, sizeof(bool));
    x->first_section_block = x->nblocks;
    x->record = record_skeleton(doc, profile);
}

static void
ctx_free(mn_xctx *x)
{
    for (size_t i = 0; i < x->nkinds; i++) {
        free(x->kinds[i].kind);
        free((void *)x->kinds[i].rules);
    }
    free(x->kinds);
    for (size_t i = 0; i < x->nlabels; i++)
        free(x->labels[i]);
    free(x->labels);
    free(x->block_section);
    free(x->block_section_idx);
    free(x->block_is_section_heading);
    free(x->block_is_attendance);
}

/* Limit hits are warnings in the record, naming the rule and the place. */
static void
drain_matcher_warnings(mn_xctx *x)
{
    const char *msg;
    const mn_rule *r;
    size_t off;
    while ((msg = mn_matcher_next_warning(x->m, &r, &off)) != NULL)
        mn_x_warn(x, 0, "%s", msg);
}

static void
doc_diags(mn_xctx *x)
{
    for (size_t i = 0; i < mn_doc_diag_count(x->doc); i++) {
        const mn_diag *d = mn_doc_diag(x->doc, i);
        mn_x_warn(x, d->pos.line, "%s", d->message);
    }
}

mn_status
mn_extract(const mn_doc *doc, const mn_ruleset *rs, mn_matcher *m,
           const mn_extract_options *opt, mn_value **out, mn_error *err)
{
    (void)err;
    mn_matcher_forget_subjects(m); /* another document's blocks */
    const char *profile =
        opt && opt->profile ? opt->profile : mn_ruleset_detect(rs, m, doc);
    mn_xctx x;
    ctx_init(&x, doc, rs, m, profile);
    doc_diags(&x);
    mn_x_sections(&x);
    mn_x_meeting(&x);
    mn_x_attendees(&x);
    mn_x_abbreviations(&x);
    mn_x_figures(&x);
    mn_x_recommendations(&x);
    mn_x_actions(&x);
    drain_matcher_warnings(&x);
    if (x.nblocks == 0)
        mn_x_warn(&x, 0, "no text found in the document");
    ctx_free(&x);
    mn_matcher_forget_subjects(m);
    *out = x.record;
    return MN_OK;
}
