/*
 * Sections pass: headings (markup, layout, bold-only paragraphs, numbered
 * lines, ModernGov's number-alone-on-a-line) become the record's section
 * tree, and every block learns the label of the section it sits in. How a
 * number is written is data (rules of kind `section`, groups number/title);
 * how sections nest is code: by number depth (4.1 under 4), by heading level,
 * and unnumbered headings under the numbered section they follow.
 *
 * Context left for later passes: block_section[i] is the label (number when
 * numbered, else title) of the section block i belongs to. For a block that
 * is itself a section heading it is the label of the ENCLOSING section (NULL
 * at top level), so a "Recommendation 2" heading reports the section it was
 * discussed under; block_section_idx[i] is the section the heading opens
 * (pre-order index in the tree).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_date.h"
#include "mn_extract_int.h"
#include "mn_limits.h"

#define MAX_SECTION_DEPTH  32
#define MAX_TITLE_BYTES    200
#define MAX_TITLE_POSITION 4

typedef struct open_sec {
    mn_value *map; /* the section (owned by its parent list) */
    char *label;   /* owned by x->labels */
    int idx;       /* pre-order index */
    int ndepth;    /* 0 unnumbered; components of the number */
    unsigned hl;   /* markup heading level; 0 when inferred */
    bool child;    /* a `nest: child` heading ("Recommendation 2") */
} open_sec;

typedef struct sec_state {
    open_sec stack[MAX_SECTION_DEPTH];
    size_t depth;
    int count;
    long last_top; /* last top-level number seen, for monotony */
    bool limit_warned;
} sec_state;

/* A recognised heading before it is placed in the tree. */
typedef struct cand {
    char *number; /* owned or NULL */
    char *title;  /* owned */
    unsigned hl;
    bool child;
    size_t extra; /* further blocks consumed (number-alone + title) */
} cand;

/* ---- shape tests -------------------------------------------------------- */

static size_t
count_words(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
            w++;
    return w;
}

/* Ends like a sentence; a short title may keep a full stop ("AOB."). */
static bool
ends_sentence(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '*'))
        n--;
    if (n && s[n - 1] == '.' && count_words(s, n) <= 3)
        return false;
    return n && (s[n - 1] == '.' || s[n - 1] == ';' || s[n - 1] == ',');
}

/* A sentence break inside ("The PCC noted this. It was agreed") means
 * prose, not a heading. */
static bool
has_inner_sentence(const char *s, size_t n)
{
    for (size_t i = 1; i + 2 < n; i++)
        if (s[i] == '.' && s[i + 1] == ' ' &&
            isupper((unsigned char)s[i + 2]) &&
            islower((unsigned char)s[i - 1]))
            return true;
    return false;
}

static bool
starts_with_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    return strncmp(s, w, n) == 0 && !isalpha((unsigned char)s[n]);
}

/* Could this text be a heading's title (as opposed to a sentence)? */
static bool
title_like(const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || n > MAX_TITLE_BYTES || strchr(t, '\n'))
        return false;
    unsigned char c = (unsigned char)t[0];
    if (!(isupper(c) || isdigit(c) || c >= 0x80 || c == '"' || c == '\''))
        return false;
    if (starts_with_word(t, "That") || starts_with_word(t, "THAT"))
        return false; /* resolution lists: "1. That the report be noted" */
    if (ends_sentence(t, n) || has_inner_sentence(t, n))
        return false;
    return true;
}

/* "4.1" -> 2, "1(1)" -> 2, "39/20" -> 1, "7a" -> 1. */
static int
number_depth(const char *num)
{
    int d = 1;
    bool slash = strchr(num, '/') != NULL;
    for (const char *p = num; *p; p++)
        if ((*p == '.' && !slash && isdigit((unsigned char)p[1])) || *p == '(')
            d++;
    return d;
}

static long
leading_int(const char *num)
{
    const char *p = num;
    while (*p && !isdigit((unsigned char)*p))
        p++;
    char *end;
    long v = strtol(p, &end, 10);
    return end == p ? -1 : v;
}

/* Strip bold/italic markers, spaces and a trailing colon from a title, and
 * cut it at a hard line break (markdown "\\" or a kept newline): what follows
 * the break is the item's body. */
static char *
clean_title(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || (s[i] == '\\' && (i + 1 == n || s[i + 1] == ' '))) {
            n = i;
            break;
        }
    while (n && (isspace((unsigned char)*s) || *s == '*' || *s == '_')) {
        s++;
        n--;
    }
    while (n && (isspace((unsigned char)s[n - 1]) || s[n - 1] == '*' ||
                 s[n - 1] == '_' || s[n - 1] == ':'))
        n--;
    return mn_xstrndup(s, n);
}

/* ---- matching ------------------------------------------------------------ */

typedef struct match_out {
    char *number;
    char *title;
    bool child;
    bool matched;
} match_out;

static bool
on_section_match(mn_xctx *x, size_t bi, const mn_block *b, const mn_match *mt,
                 void *ud)
{
    (void)x;
    (void)bi;
    match_out *o = ud;
    const char *nest = mn_x_rule_set(mt->rule, "nest");
    o->matched = true;
    o->child = nest && strcmp(nest, "child") == 0;
    o->number = mn_x_cap(b, mt, "number", NULL);
    char *t = mn_x_cap(b, mt, "title", NULL);
    if (t) {
        o->title = clean_title(t, strlen(t));
        free(t);
    }
    return false;
}

static void
match_section_rules(mn_xctx *x, size_t bi, match_out *o)
{
    memset(o, 0, sizeof *o);
    mn_x_match_block(x, "section", bi, false, true, on_section_match, o);
    if (o->number && !*o->number) {
        free(o->number);
        o->number = NULL;
    }
}

static void
match_free(match_out *o)
{
    free(o->number);
    free(o->title);
}

/* ---- candidates ---------------------------------------------------------- */

static bool
is_markup_heading(const mn_block *b)
{
    return b->kind == MN_BLOCK_HEADING && !(b->flags & MN_BF_LAYOUT);
}

/* Can a numbered non-markup line open top-level section `num` here? Numbers
 * of real agendas only go up; "1. Clarity on …" under item 3 is a list. */
static bool
number_in_sequence(const sec_state *st, const char *num)
{
    long top = leading_int(num);
    if (top < 0)
        return false;
    if (number_depth(num) > 1)
        return top == st->last_top;
    return top > st->last_top;
}

static bool
number_alone(const match_out *o)
{
    return o->number && !o->title;
}

/* ModernGov: "507." on its own, the item title in the next block. */
static bool
take_number_alone(mn_xctx *x, size_t bi, match_out *o, cand *c)
{
    if (bi + 1 >= x->nblocks)
        return false;
    const mn_block *nb = mn_doc_block(x->doc, bi + 1);
    char *t = clean_title(nb->text, nb->len);
    if (!title_like(t)) {
        free(t);
        return false;
    }
    c->number = o->number;
    o->number = NULL;
    c->title = t;
    c->extra = 1;
    return true;
}

static bool
heading_shaped_block(const mn_block *b)
{
    if (b->kind == MN_BLOCK_HEADING)
        return true;
    if (b->kind == MN_BLOCK_TABLE_CELL || b->kind == MN_BLOCK_PRE)
        return false;
    return (b->flags & MN_BF_ALL_BOLD) != 0;
}

/* The tokeniser turns "1. Review of Action Tracker" (or markdown "3\\.
 * Roadmap") into a list item and keeps only the title. In plain text that
 * is an item heading; elsewhere only when it continues the numbering of
 * items already seen, since markdown agendas are lists too. */
static bool
ordinal_item(const mn_xctx *x, const sec_state *st, const mn_block *b)
{
    if (b->kind != MN_BLOCK_LIST_ITEM || b->ordinal == 0 || b->level > 1)
        return false;
    return mn_doc_format(x->doc) == MN_FORMAT_TEXT || st->last_top >= 0;
}

static bool
stop_at_first(mn_xctx *x, size_t bi, const mn_block *b, const mn_match *mt,
              void *ud)
{
    (void)x;
    (void)bi;
    (void)b;
    (void)mt;
    (void)ud;
    return false;
}

/* A meeting_date rule that reads header lines (not the title-only ones
 * that accept a date anywhere) matched. */
static bool
on_header_date(mn_xctx *x, size_t bi, const mn_block *b, const mn_match *mt,
               void *ud)
{
    (void)x;
    (void)bi;
    (void)b;
    const char *scope = mn_rule_scope(mt->rule);
    if (scope && strcmp(scope, "title") == 0)
        return true;
    *(bool *)ud = true;
    return false;
}

/* A heading that is only a date ("15 October 2025") dates the meeting. */
static bool
is_date_only(const mn_block *b)
{
    mn_date_parts p;
    return b->len < 64 && mn_date_parse(b->text, b->len, &p);
}

static bool
make_candidate(mn_xctx *x, sec_state *st, size_t bi, cand *c)
{
    const mn_block *b = mn_doc_block(x->doc, bi);
    memset(c, 0, sizeof *c);
    if (is_date_only(b))
        return false;
    /* Before the first item, a heading stating the date is the header. */
    bool header_date = false;
    if (st->count == 0)
        mn_x_match_block(x, "meeting_date", bi, false, false, on_header_date,
                         &header_date);
    if (header_date)
        return false;
    if (!is_markup_heading(b) &&
        mn_x_match_block(x, "not_section", bi, false, true, stop_at_first,
                         NULL) > 0)
        return false;
    /* Attendance lists are not agenda items, whatever their markup. */
    if (mn_x_match_block(x, "not_section_any", bi, false, true, stop_at_first,
                         NULL) > 0)
        return false;
    c->hl = is_markup_heading(b) ? b->level : 0;
    match_out o;
    match_section_rules(x, bi, &o);
    bool ok = false;
    bool inferred = !is_markup_heading(b);
    if (o.matched && number_alone(&o)) {
        ok = (!inferred || number_in_sequence(st, o.number)) &&
             take_number_alone(x, bi, &o, c);
    } else if (o.matched && o.number && o.title) {
        ok = is_markup_heading(b) ||
             (title_like(o.title) && number_in_sequence(st, o.number));
        if (ok) {
            c->number = o.number;
            c->title = o.title;
            o.number = o.title = NULL;
        }
    } else if (ordinal_item(x, st, b) && !isdigit((unsigned char)b->text[0])) {
        char num[24];
        snprintf(num, sizeof num, "%u", b->ordinal);
        c->title = clean_title(b->text, b->len);
        ok = title_like(c->title) && number_in_sequence(st, num);
        if (ok)
            c->number = mn_xstrdup(num);
    } else if (heading_shaped_block(b)) {
        c->title = o.title ? o.title : clean_title(b->text, b->len);
        o.title = NULL;
        ok = *c->title && (is_markup_heading(b) || title_like(c->title));
    }
    c->child = o.child;
    match_free(&o);
    if (!ok) {
        free(c->number);
        free(c->title);
        memset(c, 0, sizeof *c);
    }
    return ok;
}

/* ---- the tree ------------------------------------------------------------ */

/* Does a new section `c` go inside the open section `t`? */
static bool
nests_under(const open_sec *t, const cand *c, int cdepth)
{
    if (c->child)
        return !t->child;
    bool both_known = t->hl && c->hl;
    if (t->ndepth && cdepth)
        return t->ndepth < cdepth;
    if (both_known)
        return c->hl > t->hl;
    if (t->ndepth) /* unnumbered after a numbered one */
        return !t->hl || !c->hl ? true : c->hl > t->hl;
    /* t unnumbered: only a real heading can hold a section of unknown level */
    return t->hl && !c->hl;
}

static mn_value *
section_map(const cand *c, unsigned level, unsigned line)
{
    mn_value *s = mn_value_map();
    mn_map_set_str(s, "number", c->number); /* NULL -> null */
    mn_map_set_str(s, "title", c->title);
    mn_map_set_int(s, "level", level);
    mn_map_set_int(s, "line", line);
    mn_map_set(s, "sections", mn_value_list());
    return s;
}

static void
pop(sec_state *st)
{
    st->depth--;
}

/* A copy of a new section's label that lives as long as the run: every
 * block of the section points at it (a copy per block cost a large page
 * tens of MB). */
static char *
keep_label(mn_xctx *x, const char *label)
{
    x->labels =
        mn_xgrow(x->labels, &x->cap_labels, x->nlabels + 1, sizeof *x->labels);
    char *l = mn_xstrdup(label);
    x->labels[x->nlabels++] = l;
    return l;
}

static const char *
current_label(const sec_state *st)
{
    return st->depth ? st->stack[st->depth - 1].label : NULL;
}

static void
place(mn_xctx *x, sec_state *st, cand *c, size_t bi)
{
    const mn_block *b = mn_doc_block(x->doc, bi);
    int cdepth = c->number ? number_depth(c->number) : 0;
    while (st->depth && !nests_under(&st->stack[st->depth - 1], c, cdepth))
        pop(st);
    if (st->depth == MAX_SECTION_DEPTH)
        pop(st);
    const char *parent = current_label(st);
    mn_value *list = st->depth
                         ? mn_map_get(st->stack[st->depth - 1].map, "sections")
                         : mn_x_list(x, "sections");
    mn_value *s = section_map(c, (unsigned)st->depth + 1, mn_x_line(b, 0));
    mn_list_push(list, s);
    for (size_t k = 0; k <= c->extra; k++) {
        x->block_is_section_heading[bi + k] = true;
        x->block_section_idx[bi + k] = st->count;
        x->block_section[bi + k] = parent;
    }
    open_sec *o = &st->stack[st->depth++];
    o->map = s;
    o->label = keep_label(x, c->number ? c->number : c->title);
    o->idx = st->count++;
    o->ndepth = cdepth;
    o->hl = c->hl;
    o->child = c->child;
    if (cdepth == 1)
        st->last_top = leading_int(c->number);
    if (x->first_section_block == x->nblocks)
        x->first_section_block = bi;
}

/* The document's own title names the meeting and is not a section: the
 * first h1, or a text file's first heading when it opens the document, is
 * not numbered and is not a label ("Attendance:"); none when the front
 * matter has a title. */
static size_t
title_block(const mn_xctx *x)
{
    if (mn_doc_meta(x->doc, "front.title"))
        return x->nblocks; /* front matter names it; headings are sections */
    for (size_t i = 0; i < x->nblocks; i++) {
        const mn_block *b = mn_doc_block(x->doc, i);
        if (b->kind != MN_BLOCK_HEADING)
            continue;
        if (!(b->flags & MN_BF_LAYOUT))
            return b->level == 1 ? i : x->nblocks;
        bool label = b->len && b->text[b->len - 1] == ':';
        bool early = i < MAX_TITLE_POSITION;
        bool numbered = isdigit((unsigned char)b->text[0]);
        return early && !label && !numbered ? i : x->nblocks;
    }
    return x->nblocks;
}

void
mn_x_sections(mn_xctx *x)
{
    sec_state st;
    memset(&st, 0, sizeof st);
    st.last_top = -1;
    size_t tb = title_block(x);
    for (size_t bi = 0; bi < x->nblocks; bi++) {
        cand c;
        if (bi != tb && make_candidate(x, &st, bi, &c)) {
            if (st.count >= MN_MAX_RECORD_ITEMS) {
                if (!st.limit_warned)
                    mn_x_warn(x, mn_x_line(mn_doc_block(x->doc, bi), 0),
                              "more than %d sections; the rest are ignored",
                              MN_MAX_RECORD_ITEMS);
                st.limit_warned = true;
            } else {
                place(x, &st, &c, bi);
                bi += c.extra;
            }
            free(c.number);
            free(c.title);
            continue;
        }
        const char *l = current_label(&st);
        x->block_section[bi] = l;
        x->block_section_idx[bi] = st.depth ? st.stack[st.depth - 1].idx : -1;
    }
    while (st.depth)
        pop(&st);
}
