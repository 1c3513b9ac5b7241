/*
 * Meeting pass: the record's `meeting` map (title, body, kind, date, time,
 * chair, period, next meeting) from the title, the front matter and the
 * header blocks, using rules of the meeting_* kinds (rules/meeting.yaml).
 * Dates without a year get one here (mn_date.h documents the rules) and the
 * context learns the meeting date and financial period for later passes.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_date.h"
#include "mn_extract_int.h"

#define MIN_HEADER_BLOCKS  12
#define MAX_HEADER_BLOCKS  400
#define NEXT_DETAIL_BLOCKS 3

/* A text to run rules on: a block's or a metadata value. */
typedef struct subject {
    const char *text;
    size_t len;
    int kind;   /* mn_block_kind, or -1 for metadata */
    bool title; /* `scope: title` rules apply */
    unsigned line;
} subject;

/* A block's text stays put during extraction (the matcher may remember
 * it); metadata and built strings may not. */
static int
exec_subject(mn_xctx *x, const mn_rule *r, const subject *s, mn_match *mt)
{
    if (s->kind >= 0)
        return mn_x_exec_block_text(x, r, false, s->text, s->len, 0, mt);
    return mn_matcher_exec(x->m, r, s->text, s->len, 0, mt);
}

/* Strings captured by one match (the matcher's captures do not outlive the
 * next exec, so they are copied at once). */
typedef struct found {
    const mn_rule *rule;
    char *cap[6];
} found;

static const char *const cap_names[] = {"date", "time", "type",
                                        "rest", "body", "chair"};
enum { C_DATE, C_TIME, C_TYPE, C_REST, C_BODY, C_CHAIR };

static void
found_free(found *f)
{
    for (size_t i = 0; i < 6; i++)
        free(f->cap[i]);
    memset(f, 0, sizeof *f);
}

static char *
cap_copy(const subject *s, const mn_match *mt, const char *name)
{
    const mn_capture *c = mn_match_capture(mt, name);
    if (!c)
        return NULL;
    size_t a = c->start, e = c->start + c->len;
    while (a < e && (isspace((unsigned char)s->text[a]) || s->text[a] == '*'))
        a++;
    while (e > a &&
           (isspace((unsigned char)s->text[e - 1]) || s->text[e - 1] == '*'))
        e--;
    return mn_xstrndup(s->text + a, e - a);
}

/* r is one of the active rules of the wanted kind (mn_x_rules_of_kind). */
static bool
rule_fits(const mn_rule *r, const subject *s)
{
    const char *scope = mn_rule_scope(r);
    if (scope && strcmp(scope, "title") == 0 && !s->title)
        return false;
    return s->kind < 0 || mn_rule_applies(r, (mn_block_kind)s->kind);
}

/* First match of the active rules of `kind` on s, in priority order; the
 * optional `accept` lets the caller reject a match (e.g. a date that does not
 * parse) and go on to the next rule. */
typedef bool (*accept_fn)(const found *f, void *ud);

static bool
first_match(mn_xctx *x, const char *kind, const subject *s, accept_fn accept,
            void *ud, found *out)
{
    memset(out, 0, sizeof *out);
    if (!s->text)
        return false;
    size_t nr = 0;
    const mn_rule *const *rules = mn_x_rules_of_kind(x, kind, &nr);
    for (size_t i = 0; i < nr; i++) {
        const mn_rule *r = rules[i];
        mn_match mt;
        if (!rule_fits(r, s) || exec_subject(x, r, s, &mt) != 1)
            continue;
        out->rule = r;
        for (size_t k = 0; k < 6; k++)
            out->cap[k] = cap_copy(s, &mt, cap_names[k]);
        if (!accept || accept(out, ud))
            return true;
        found_free(out);
    }
    return false;
}

static subject
block_subject(const mn_xctx *x, size_t bi, bool title)
{
    const mn_block *b = mn_doc_block(x->doc, bi);
    subject s = {b->text, b->len, (int)b->kind, title, b->pos.line};
    return s;
}

static subject
meta_subject(const mn_xctx *x, const char *key)
{
    const char *v = mn_doc_meta(x->doc, key);
    subject s = {v, v ? strlen(v) : 0, -1, true, 0};
    return s;
}

/* ---- title ------------------------------------------------------------- */

static size_t
header_end(const mn_xctx *x)
{
    size_t e = x->first_section_block;
    if (e < MIN_HEADER_BLOCKS)
        e = MIN_HEADER_BLOCKS;
    if (e > MAX_HEADER_BLOCKS)
        e = MAX_HEADER_BLOCKS;
    return e < x->nblocks ? e : x->nblocks;
}

/* The first heading, when the sections pass did not take it as a section
 * (it left the document's title alone). */
static size_t
find_title_block(const mn_xctx *x)
{
    for (size_t i = 0; i < x->nblocks && i < x->first_section_block; i++) {
        const mn_block *b = mn_doc_block(x->doc, i);
        if (b->kind == MN_BLOCK_HEADING)
            return x->block_is_section_heading[i] ? x->nblocks : i;
    }
    return x->nblocks;
}

static char *
clean_text(const char *s, size_t n)
{
    while (n && (isspace((unsigned char)*s) || *s == '*' || *s == '#')) {
        s++;
        n--;
    }
    while (n && (isspace((unsigned char)s[n - 1]) || s[n - 1] == '*'))
        n--;
    return mn_xstrndup(s, n);
}

/* A name: no trailing full stop or separator ("Bethan Lloyd."). */
static void
trim_name(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '.' || s[n - 1] == ',' || s[n - 1] == ';' ||
                 isspace((unsigned char)s[n - 1])))
        s[--n] = '\0';
}

/* "<title> | <site>": the page's own part only. */
static char *
html_title_part(const char *t)
{
    const char *bar = strstr(t, " | ");
    return clean_text(t, bar ? (size_t)(bar - t) : strlen(t));
}

/* Front matter first (its headings are sections), then the title heading,
 * then the page <title>. */
static char *
meeting_title(const mn_xctx *x, size_t tb)
{
    const char *ft = mn_doc_meta(x->doc, "front.title");
    if (ft)
        return clean_text(ft, strlen(ft));
    if (tb < x->nblocks) {
        const mn_block *b = mn_doc_block(x->doc, tb);
        return clean_text(b->text, b->len);
    }
    const char *ht = mn_doc_meta(x->doc, "html.title");
    return ht ? html_title_part(ht) : NULL;
}

/* The title and the metadata titles, in the order they are trusted. */
static size_t
title_subjects(const mn_xctx *x, const char *title, subject out[3])
{
    size_t n = 0;
    if (title) {
        subject s = {title, strlen(title), -1, true, 0};
        out[n++] = s;
    }
    out[n] = meta_subject(x, "front.title");
    if (out[n].text)
        n++;
    out[n] = meta_subject(x, "html.title");
    if (out[n].text)
        n++;
    return n;
}

/* ---- simple fields ------------------------------------------------------ */

/* From the titles, else from the body's name ("… Governance Board"). */
static void
set_kind(mn_xctx *x, mn_value *m, const subject *ts, size_t nts)
{
    const char *body = mn_map_get_str(m, "body");
    subject bs = {body, body ? strlen(body) : 0, -1, true, 0};
    for (size_t i = 0; i <= nts; i++) {
        found f;
        const subject *s = i < nts ? &ts[i] : &bs;
        if (first_match(x, "meeting_kind", s, NULL, NULL, &f)) {
            mn_map_set_str(m, "kind", mn_x_rule_set(f.rule, "kind"));
            found_free(&f);
            return;
        }
    }
}

static bool
search_header(mn_xctx *x, const char *kind, size_t tb, accept_fn accept,
              void *ud, found *f, size_t *where)
{
    size_t he = header_end(x);
    for (size_t bi = 0; bi < he; bi++) {
        subject s = block_subject(x, bi, bi == tb);
        if (first_match(x, kind, &s, accept, ud, f)) {
            if (where)
                *where = bi;
            return true;
        }
    }
    return false;
}

static void
set_body(mn_xctx *x, mn_value *m, const subject *ts, size_t nts, size_t tb)
{
    found f;
    for (size_t i = 0; i < nts; i++)
        if (first_match(x, "meeting_body", &ts[i], NULL, NULL, &f))
            goto done;
    if (!search_header(x, "meeting_body", tb, NULL, NULL, &f, NULL))
        return;
done:
    mn_map_set_str(m, "body", f.cap[C_BODY]);
    found_free(&f);
}

static bool
has_chair(const found *f, void *ud)
{
    (void)ud;
    return f->cap[C_CHAIR] && *f->cap[C_CHAIR];
}

/* "Chair" alone (a <dt>, a bold label): the name is the next block. */
static char *
chair_from_next_block(mn_xctx *x, size_t tb)
{
    found f;
    size_t bi;
    if (!search_header(x, "meeting_chair", tb, NULL, NULL, &f, &bi))
        return NULL;
    found_free(&f);
    if (bi + 1 >= x->nblocks)
        return NULL;
    const mn_block *nb = mn_doc_block(x->doc, bi + 1);
    if (nb->len == 0 || nb->len > 100 || nb->kind == MN_BLOCK_HEADING)
        return NULL;
    return clean_text(nb->text, nb->len);
}

static void
set_chair(mn_xctx *x, mn_value *m, size_t tb)
{
    const char *fc = mn_doc_meta(x->doc, "front.chair");
    if (fc && *fc) {
        mn_map_set_str(m, "chair", fc);
        return;
    }
    found f;
    if (search_header(x, "meeting_chair", tb, has_chair, NULL, &f, NULL)) {
        trim_name(f.cap[C_CHAIR]);
        mn_map_set_str(m, "chair", f.cap[C_CHAIR]);
        found_free(&f);
        return;
    }
    char *c = chair_from_next_block(x, tb);
    if (c)
        trim_name(c);
    if (c && *c)
        mn_map_set_str(m, "chair", c);
    free(c);
}

/* ---- period ------------------------------------------------------------- */

typedef struct period {
    int quarter;
    int fy;
    bool fy_consistent;
    int month_from, year; /* months written beside the label */
    unsigned line;
} period;

static char *
cap_named(const subject *s, const mn_match *mt, const char *name)
{
    return cap_copy(s, mt, name);
}

static bool
period_in(mn_xctx *x, const subject *s, period *p)
{
    size_t nr = 0;
    const mn_rule *const *rules = mn_x_rules_of_kind(x, "meeting_period", &nr);
    for (size_t i = 0; i < nr; i++) {
        const mn_rule *r = rules[i];
        mn_match mt;
        if (!rule_fits(r, s) || exec_subject(x, r, s, &mt) != 1)
            continue;
        char *q = cap_named(s, &mt, "quarter");
        char *fy = cap_named(s, &mt, "fy");
        char *mf = cap_named(s, &mt, "month_from");
        char *yr = cap_named(s, &mt, "year");
        memset(p, 0, sizeof *p);
        p->quarter = q ? mn_quarter_parse(q, strlen(q)) : 0;
        p->fy = fy ? mn_fy_parse(fy, strlen(fy), &p->fy_consistent) : 0;
        p->month_from = mf ? mn_month_from_name(mf, strlen(mf)) : 0;
        p->year = yr ? (int)strtol(yr, NULL, 10) : 0;
        p->line = s->line;
        free(q);
        free(fy);
        free(mf);
        free(yr);
        if (p->quarter || p->fy)
            return true;
    }
    return false;
}

static bool
setting_true(const mn_xctx *x, const char *key)
{
    const char *const *v;
    size_t n = mn_ruleset_setting(x->rs, x->profile, key, &v);
    return n > 0 && strcmp(v[0], "true") == 0;
}

/* Fill what p lacks from a later mention that does not contradict it. */
static void
merge_period(period *p, const period *c)
{
    if (!p->quarter && c->quarter && (!c->fy || !p->fy || c->fy == p->fy))
        p->quarter = c->quarter;
    if (!p->fy && c->fy && (!c->quarter || c->quarter == p->quarter)) {
        p->fy = c->fy;
        p->fy_consistent = c->fy_consistent;
    }
    if (!p->month_from && c->month_from && c->quarter == p->quarter) {
        p->month_from = c->month_from;
        p->year = c->year;
        p->line = c->line;
    }
}

/* Title first, then the header, then (when the profile says periods are
 * often only written in prose) the body; later mentions only fill gaps. */
static bool
find_period(mn_xctx *x, const subject *ts, size_t nts, size_t tb, period *p)
{
    bool got = false;
    period cand;
    memset(p, 0, sizeof *p);
    memset(&cand, 0, sizeof cand);
    for (size_t i = 0; i < nts; i++)
        if (period_in(x, &ts[i], &cand)) {
            merge_period(p, &cand);
            got = true;
        }
    size_t end =
        setting_true(x, "period.search_body") ? x->nblocks : header_end(x);
    for (size_t bi = 0; bi < end && !(p->quarter && p->fy && p->month_from);
         bi++) {
        subject s = block_subject(x, bi, bi == tb);
        if (period_in(x, &s, &cand)) {
            merge_period(p, &cand);
            got = true;
        }
    }
    return got;
}

static void
check_period_months(mn_xctx *x, const period *p)
{
    if (!p->month_from || !p->year || !p->quarter || !p->fy)
        return;
    mn_date d = {p->year, p->month_from, 1};
    int q = mn_fy_quarter_of_month(p->month_from);
    int fy = mn_fy_of(d);
    if (q != p->quarter || fy != p->fy) {
        char a[8], b[8];
        mn_x_warn(x, p->line,
                  "period label Q%d %s contradicts the months written beside "
                  "it (%s %d is Q%d %s); the label was used",
                  p->quarter, mn_fy_format(p->fy, a, sizeof a),
                  mn_month_name(p->month_from), p->year, q,
                  mn_fy_format(fy, b, sizeof b));
    }
}

static mn_value *
period_value(const period *p)
{
    mn_value *v = mn_value_map();
    char buf[16];
    mn_date s = {p->fy, 4, 1}, e = {p->fy + 1, 3, 31};
    if (p->quarter)
        mn_fy_quarter_range(p->fy, p->quarter, &s, &e);
    if (p->quarter)
        mn_map_set_int(v, "quarter", p->quarter);
    else
        mn_map_set_null(v, "quarter");
    mn_map_set_str(v, "financial_year", mn_fy_format(p->fy, buf, sizeof buf));
    mn_map_set_str(v, "start", mn_date_iso(s, buf, sizeof buf));
    mn_map_set_str(v, "end", mn_date_iso(e, buf, sizeof buf));
    return v;
}

/* ---- dates ------------------------------------------------------------- */

static bool
date_parses(const found *f, void *ud)
{
    mn_date_parts *p = ud;
    return f->cap[C_DATE] &&
           mn_date_parse(f->cap[C_DATE], strlen(f->cap[C_DATE]), p);
}

typedef struct meeting_date {
    mn_date_parts parts;
    char *text;
    char *time;
    unsigned line;
    bool found;
} meeting_date;

static void
take_found_date(meeting_date *md, found *f, unsigned line)
{
    md->text = f->cap[C_DATE];
    md->time = f->cap[C_TIME];
    f->cap[C_DATE] = f->cap[C_TIME] = NULL;
    md->line = line;
    md->found = true;
    found_free(f);
}

static void
find_meeting_date(mn_xctx *x, const subject *ts, size_t nts, size_t tb,
                  meeting_date *md)
{
    memset(md, 0, sizeof *md);
    const char *fd = mn_doc_meta(x->doc, "front.date");
    if (fd && mn_date_parse(fd, strlen(fd), &md->parts)) {
        md->text = mn_xstrdup(fd);
        md->found = true;
        md->line = 0;
        return;
    }
    found f;
    size_t bi;
    if (search_header(x, "meeting_date", tb, date_parses, &md->parts, &f,
                      &bi)) {
        take_found_date(md, &f, mn_doc_block(x->doc, bi)->pos.line);
        return;
    }
    for (size_t i = 0; i < nts; i++)
        if (first_match(x, "meeting_date", &ts[i], date_parses, &md->parts,
                        &f)) {
            take_found_date(md, &f,
                            tb < x->nblocks ? mn_doc_block(x->doc, tb)->pos.line
                                            : 0);
            return;
        }
}

/* A yearless date can take its year from another mention of the same day
 * and month that has one ("Ref 02/12/06/2024" for "Wednesday 12th June"). */
typedef struct year_hint {
    mn_date_parts want;
    int year;
} year_hint;

static bool
on_dated_mention(mn_xctx *x, size_t bi, const mn_block *b, const mn_match *mt,
                 void *ud)
{
    (void)x;
    (void)bi;
    year_hint *h = ud;
    char *t = mn_x_cap(b, mt, "date", NULL);
    mn_date_parts p;
    if (t && mn_date_parse(t, strlen(t), &p) && p.date.year &&
        p.date.month == h->want.date.month && p.date.day == h->want.date.day &&
        (h->want.weekday < 0 ||
         mn_weekday(p.date.year, p.date.month, p.date.day) == h->want.weekday))
        h->year = p.date.year;
    free(t);
    return h->year == 0;
}

static int
year_from_mentions(mn_xctx *x, const mn_date_parts *want)
{
    static const char *const kinds[] = {"meeting_date_hint", "date"};
    year_hint h = {*want, 0};
    for (size_t k = 0; k < 2 && !h.year; k++)
        for (size_t bi = 0; bi < x->nblocks && !h.year; bi++)
            mn_x_match_block(x, kinds[k], bi, true, false, on_dated_mention,
                             &h);
    return h.year;
}

/* Give a yearless meeting date its year from the period, else from another
 * dated mention of the same day; returns whether the date is complete. */
static bool
complete_meeting_date(mn_xctx *x, meeting_date *md, const period *p)
{
    mn_date *d = &md->parts.date;
    if (d->year) {
        x->date_certain = true;
        if (!md->parts.weekday_ok)
            mn_x_warn(x, md->line, "%s: %s is a %s", md->text,
                      mn_weekday_name(md->parts.weekday),
                      mn_weekday_name(mn_weekday(d->year, d->month, d->day)));
        return true;
    }
    if (p && p->fy) {
        mn_date got = mn_date_infer_from_period(
            d->month, d->day, md->parts.weekday, p->fy, p->quarter);
        if (got.year) {
            *d = got;
            x->date_certain = false;
            return true;
        }
    }
    int y = year_from_mentions(x, &md->parts);
    if (y) {
        d->year = y;
        x->date_certain = false;
        return true;
    }
    mn_x_warn(x, md->line,
              "meeting date '%s' has no year and no period to "
              "take it from",
              md->text);
    return false;
}

/* Without a written FY, a quarter label is the most recent such quarter that
 * started before the meeting. */
static void
complete_period(period *p, mn_date meeting)
{
    if (p->fy || !meeting.year)
        return;
    p->fy = mn_fy_of(meeting);
    mn_date s;
    if (p->quarter && mn_fy_quarter_range(p->fy, p->quarter, &s, NULL) &&
        mn_date_cmp(s, meeting) > 0)
        p->fy--;
}

static void
set_time(mn_xctx *x, mn_value *m, const meeting_date *md, size_t tb)
{
    char buf[8];
    if (md->time &&
        mn_time_normalise(md->time, strlen(md->time), buf, sizeof buf)) {
        mn_map_set_str(m, "time", buf);
        return;
    }
    found f;
    if (search_header(x, "meeting_time", tb, NULL, NULL, &f, NULL)) {
        if (f.cap[C_TIME] &&
            mn_time_normalise(f.cap[C_TIME], strlen(f.cap[C_TIME]), buf,
                              sizeof buf))
            mn_map_set_str(m, "time", buf);
        found_free(&f);
        return;
    }
    const char *ft = mn_doc_meta(x->doc, "front.time");
    if (ft && mn_time_normalise(ft, strlen(ft), buf, sizeof buf))
        mn_map_set_str(m, "time", buf);
}

/* ---- next meeting ------------------------------------------------------ */

typedef struct next_found {
    found f;
    unsigned line;
} next_found;

static bool
detail_in(mn_xctx *x, const subject *s, next_found *nf)
{
    mn_date_parts p;
    if (!first_match(x, "next_meeting_detail", s, date_parses, &p, &nf->f))
        return false;
    nf->line = s->line;
    return true;
}

/* After a "next meeting" label: the rest of its line, then the next few
 * blocks up to the next section heading. */
static bool
next_detail(mn_xctx *x, size_t bi, const char *rest, next_found *nf)
{
    unsigned line = mn_doc_block(x->doc, bi)->pos.line;
    if (rest && *rest) {
        subject s = {rest, strlen(rest), -1, false, line};
        if (detail_in(x, &s, nf))
            return true;
    }
    for (size_t k = bi + 1; k < x->nblocks && k <= bi + NEXT_DETAIL_BLOCKS;
         k++) {
        if (x->block_is_section_heading[k])
            break;
        subject s = block_subject(x, k, false);
        if (detail_in(x, &s, nf))
            return true;
    }
    return false;
}

static bool
find_next_meeting(mn_xctx *x, next_found *nf)
{
    memset(nf, 0, sizeof *nf);
    for (size_t bi = 0; bi < x->nblocks; bi++) {
        subject s = block_subject(x, bi, false);
        found f;
        mn_date_parts p;
        if (!first_match(x, "next_meeting", &s, NULL, NULL, &f))
            continue;
        if (f.cap[C_DATE] && date_parses(&f, &p)) {
            nf->f = f;
            nf->line = s.line;
            return true;
        }
        bool ok = next_detail(x, bi, f.cap[C_REST], nf);
        found_free(&f);
        if (ok)
            return true;
    }
    return false;
}

static mn_value *
next_meeting_value(mn_xctx *x, next_found *nf)
{
    mn_value *v = mn_value_map();
    mn_date_parts p;
    const char *text = nf->f.cap[C_DATE];
    mn_date_parse(text, strlen(text), &p);
    mn_date d = p.date;
    bool certain = d.year != 0;
    if (!d.year && x->year) {
        mn_date meeting = {x->year, x->month, x->day};
        d = mn_date_next(d.month, d.day, p.weekday, meeting, true);
    }
    if (d.year) {
        char buf[16];
        mn_map_set_str(v, "date", mn_date_iso(d, buf, sizeof buf));
    } else {
        mn_map_set_null(v, "date");
    }
    mn_map_set_str(v, "date_text", text);
    mn_map_set_bool(v, "date_certain", certain);
    mn_map_set_str(v, "type", nf->f.cap[C_TYPE]);
    mn_map_set_int(v, "line", nf->line);
    return v;
}

/* ---- the pass ----------------------------------------------------------- */

static void
set_date_fields(mn_xctx *x, mn_value *m, meeting_date *md, period *p,
                bool have_period)
{
    if (!md->found)
        return;
    bool complete = complete_meeting_date(x, md, have_period ? p : NULL);
    mn_date d = md->parts.date;
    if (complete) {
        char buf[16];
        mn_map_set_str(m, "date", mn_date_iso(d, buf, sizeof buf));
        mn_map_set_bool(m, "date_certain", x->date_certain);
        x->year = d.year;
        x->month = d.month;
        x->day = d.day;
    }
    mn_map_set_str(m, "date_text", md->text);
    mn_map_set_int(m, "date_line", md->line);
}

void
mn_x_meeting(mn_xctx *x)
{
    mn_value *m = mn_map_get(x->record, "meeting");
    size_t tb =
        mn_doc_meta(x->doc, "front.title") ? x->nblocks : find_title_block(x);
    char *title = meeting_title(x, tb);
    mn_map_set_str(m, "title", title);
    subject ts[3];
    size_t nts = title_subjects(x, title, ts);
    set_body(x, m, ts, nts, tb);
    set_kind(x, m, ts, nts);

    period p;
    bool have_period = find_period(x, ts, nts, tb, &p);
    meeting_date md;
    find_meeting_date(x, ts, nts, tb, &md);
    set_date_fields(x, m, &md, &p, have_period);
    set_time(x, m, &md, tb);
    set_chair(x, m, tb);

    mn_date meeting = {x->year, x->month, x->day};
    if (have_period) {
        complete_period(&p, meeting);
        check_period_months(x, &p);
    }
    if (have_period && p.fy) {
        mn_map_set(m, "period", period_value(&p));
        x->fy_start_year = p.fy;
        x->quarter = p.quarter;
    } else if (x->year) {
        x->fy_start_year = mn_fy_of(meeting);
    }

    next_found nf;
    if (find_next_meeting(x, &nf)) {
        mn_map_set(m, "next_meeting", next_meeting_value(x, &nf));
        found_free(&nf.f);
    }
    free(md.text);
    free(md.time);
    free(title);
}
