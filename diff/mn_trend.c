/*
 * Trend across meetings (see mn_trend.h). Meetings are sorted by a time key
 * (meeting date, else period start, else input order); every figure of a
 * meeting is paired, with mn_diff's figure matching, against the latest
 * figure of each series seen so far, so a measure missing from one meeting
 * resumes its series later. Renderers walk the resulting tree.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_diff.h"
#include "mn_limits.h"
#include "mn_trend.h"
#include "mn_utf8.h"
#include "mn_yaml.h"

#define MAX_MEETINGS 1000

typedef struct meeting {
    const mn_value *rec;
    const char *name;
    char key[64]; /* sortable: ISO date, then fy + quarter */
    size_t idx;
} meeting;

static const char *
str_at(const mn_value *rec, const char *path)
{
    const char *s = mn_value_as_str(mn_value_path(rec, path));
    return s && *s ? s : NULL;
}

/* Which fact orders the meetings: the date when every record has one, else
 * the period when every record has one, else whichever each one has. */
typedef enum order_by { BY_DATE, BY_PERIOD, BY_EITHER } order_by;

static bool
has_period(const mn_value *rec)
{
    return str_at(rec, "meeting.period.financial_year") &&
           mn_value_as_int(mn_value_path(rec, "meeting.period.quarter")) > 0;
}

static order_by
choose_order(const meeting *ms, size_t n)
{
    bool dates = true, periods = true;
    for (size_t i = 0; i < n; i++) {
        dates = dates && str_at(ms[i].rec, "meeting.date");
        periods = periods && has_period(ms[i].rec);
    }
    return dates ? BY_DATE : periods ? BY_PERIOD : BY_EITHER;
}

static void
meeting_key(meeting *m, order_by by)
{
    const char *date = str_at(m->rec, "meeting.date");
    if (!date || by == BY_PERIOD)
        date = by == BY_DATE ? NULL : str_at(m->rec, "meeting.period.start");
    const char *fy = str_at(m->rec, "meeting.period.financial_year");
    long long q =
        mn_value_as_int(mn_value_path(m->rec, "meeting.period.quarter"));
    if (by == BY_PERIOD)
        snprintf(m->key, sizeof m->key, "%s|%lld|%s", fy, q, date ? date : "~");
    else
        snprintf(m->key, sizeof m->key, "%s|%s|%lld", date ? date : "~",
                 fy ? fy : "~", q);
}

static int
cmp_meeting(const void *x, const void *y)
{
    const meeting *a = x, *b = y;
    int r = strcmp(a->key, b->key);
    if (r)
        return r;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static char *
meeting_label(const meeting *m)
{
    const char *fy = str_at(m->rec, "meeting.period.financial_year");
    long long q =
        mn_value_as_int(mn_value_path(m->rec, "meeting.period.quarter"));
    if (fy && q > 0) {
        char buf[128];
        snprintf(buf, sizeof buf, "Q%lld %s", q, fy);
        return mn_xstrdup(buf);
    }
    const char *date = str_at(m->rec, "meeting.date");
    if (date)
        return mn_xstrdup(date);
    const char *name = m->name ? m->name : str_at(m->rec, "source.path");
    if (!name)
        return mn_xstrdup("?");
    const char *slash = strrchr(name, '/');
    return mn_xstrdup(slash ? slash + 1 : name);
}

static mn_value *
meeting_value(const meeting *m)
{
    mn_value *v = mn_value_map();
    char *label = meeting_label(m);
    mn_map_set_str(v, "label", label);
    free(label);
    mn_map_set_str(v, "date", str_at(m->rec, "meeting.date"));
    const mn_value *p = mn_value_path(m->rec, "meeting.period");
    mn_map_set(v, "period", mn_value_copy(p));
    const char *src = str_at(m->rec, "source.path");
    mn_map_set_str(v, "source", src ? src : m->name);
    return v;
}

/* A series under construction: the tree entry plus its latest figure. */
typedef struct series {
    mn_value *v;
    const mn_value *last; /* borrowed from a record */
    size_t last_meeting;
} series;

typedef struct builder {
    series *s;
    size_t n, cap;
    size_t nmeetings;
} builder;

static mn_value *
null_row(size_t n)
{
    mn_value *l = mn_value_list();
    for (size_t i = 0; i < n; i++)
        mn_list_push(l, mn_value_null());
    return l;
}

static mn_value *
series_new(const mn_value *fig, size_t nmeetings)
{
    mn_value *v = mn_value_map();
    const char *m = mn_map_get_str(fig, "measure");
    mn_map_set_str(v, "measure", m ? m : mn_map_get_str(fig, "section"));
    mn_map_set_str(v, "kind", mn_map_get_str(fig, "kind"));
    mn_map_set_str(v, "unit", mn_map_get_str(fig, "unit"));
    mn_map_set_str(v, "area", mn_map_get_str(fig, "area"));
    mn_map_set_bool(v, "target", mn_value_as_bool(mn_map_get(fig, "target")));
    mn_map_set(v, "values", null_row(nmeetings));
    mn_map_set(v, "texts", null_row(nmeetings));
    mn_map_set(v, "lines", null_row(nmeetings));
    return v;
}

/* "4%" as written; "4% rise" / "2% fall" when the sentence gave a
 * direction (values stay unsigned: "fell to 68%" is a level, not -68). */
static mn_value *
direction_text(const mn_value *fig, const char *dir)
{
    const char *t = mn_map_get_str(fig, "text");
    if (!t || !dir || (strcmp(dir, "up") != 0 && strcmp(dir, "down") != 0))
        return mn_value_str(t);
    mn_buf b;
    mn_buf_init(&b, 0);
    (void)mn_buf_printf(&b, "%s %s", t, strcmp(dir, "up") ? "fall" : "rise");
    mn_value *v = mn_value_str(mn_buf_str(&b));
    mn_buf_free(&b);
    return v;
}

static void
series_put(series *s, size_t col, const mn_value *fig)
{
    double v = mn_value_as_num(mn_map_get(fig, "value"));
    const char *dir = mn_map_get_str(fig, "direction");
    static const char *const keys[] = {"values", "texts", "lines"};
    for (size_t k = 0; k < 3; k++) {
        mn_value *old = mn_map_get(s->v, keys[k]);
        mn_value *row = mn_value_list();
        for (size_t i = 0; i < mn_value_len(old); i++) {
            mn_value *item;
            if (i != col)
                item = mn_value_copy(mn_list_at(old, i));
            else if (k == 0)
                item = mn_value_num(v);
            else if (k == 1)
                item = direction_text(fig, dir);
            else
                item = mn_value_int(mn_value_as_int(mn_map_get(fig, "line")));
            mn_list_push(row, item);
        }
        mn_map_set(s->v, keys[k], row);
    }
    s->last = fig;
    s->last_meeting = col;
}

/* Pair one meeting's figures with the latest figure of every series. */
static void
add_meeting(builder *b, size_t col, const mn_value *figs, double threshold)
{
    size_t nf = mn_value_len(figs);
    if (nf > MN_MAX_RECORD_ITEMS)
        nf = MN_MAX_RECORD_ITEMS;
    mn_value *lasts = mn_value_list();
    for (size_t k = 0; k < b->n; k++)
        mn_list_push(lasts, mn_value_copy(b->s[k].last));
    mn_value *these = mn_value_list();
    for (size_t j = 0; j < nf; j++)
        mn_list_push(these, mn_value_copy(mn_list_at(figs, j)));
    long *partner = mn_xmalloc((nf + 1) * sizeof *partner);
    mn_diff_pair_figures(lasts, these, threshold, partner);
    for (size_t j = 0; j < nf; j++) {
        const mn_value *fig = mn_list_at(figs, j);
        long k = partner[j];
        if (k < 0 || (size_t)k >= b->n || b->s[k].last_meeting == col) {
            b->s = mn_xgrow(b->s, &b->cap, b->n + 1, sizeof *b->s);
            b->s[b->n] = (series){series_new(fig, b->nmeetings), NULL, 0};
            k = (long)b->n++;
        }
        series_put(&b->s[k], col, fig);
    }
    free(partner);
    mn_value_free(lasts);
    mn_value_free(these);
}

static pcre2_code *
compile_filter(const char *re, mn_error *err)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *c =
        pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
                      PCRE2_UTF | PCRE2_CASELESS, &code, &off, NULL);
    if (!c) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        mn_error_set(err, MN_E_PATTERN, NULL, 0, (unsigned)off + 1,
                     "--measure: %s", (const char *)msg);
    }
    return c;
}

static bool
filter_keeps(pcre2_code *re, pcre2_match_context *mc, const mn_value *s)
{
    if (!re)
        return true;
    const char *m = mn_map_get_str(s, "measure");
    if (!m)
        return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)m, strlen(m), 0, 0, md, mc);
    pcre2_match_data_free(md);
    return rc >= 0;
}

mn_status
mn_trend_build(const mn_value *const *records, const char *const *names,
               size_t n, const mn_trend_options *opt, mn_value **out,
               mn_error *err)
{
    double threshold = opt ? opt->threshold : 0.6;
    pcre2_code *re = NULL;
    if (opt && opt->measure_regex) {
        re = compile_filter(opt->measure_regex, err);
        if (!re)
            return MN_E_PATTERN;
    }
    if (n > MAX_MEETINGS)
        n = MAX_MEETINGS;
    meeting *ms = mn_xcalloc(n + 1, sizeof *ms);
    for (size_t i = 0; i < n; i++)
        ms[i] = (meeting){records[i], names ? names[i] : NULL, "", i};
    order_by by = choose_order(ms, n);
    for (size_t i = 0; i < n; i++)
        meeting_key(&ms[i], by);
    qsort(ms, n, sizeof *ms, cmp_meeting);
    builder b = {.nmeetings = n};
    mn_value *meetings = mn_value_list();
    for (size_t i = 0; i < n; i++) {
        mn_list_push(meetings, meeting_value(&ms[i]));
        add_meeting(&b, i, mn_map_get(ms[i].rec, "figures"), threshold);
    }
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(mc, MN_MATCH_LIMIT);
    pcre2_set_depth_limit(mc, MN_DEPTH_LIMIT);
    mn_value *list = mn_value_list();
    for (size_t k = 0; k < b.n; k++) {
        if (filter_keeps(re, mc, b.s[k].v))
            mn_list_push(list, b.s[k].v);
        else
            mn_value_free(b.s[k].v);
    }
    pcre2_match_context_free(mc);
    pcre2_code_free(re);
    free(b.s);
    free(ms);
    mn_value *t = mn_value_map();
    mn_map_set(t, "meetings", meetings);
    mn_map_set(t, "series", list);
    *out = t;
    return MN_OK;
}

/* ------------------------------------------------------------------ */
/* Renderers                                                            */

static void
fmt_num(double d, char *buf, size_t size)
{
    snprintf(buf, size, "%.2f", d);
    char *dot = strchr(buf, '.');
    if (!dot)
        return;
    char *e = buf + strlen(buf) - 1;
    while (e > dot && *e == '0')
        *e-- = '\0';
    if (e == dot)
        *e = '\0';
}

static char *
row_label(const mn_value *s)
{
    const char *m = mn_map_get_str(s, "measure");
    const char *area = mn_map_get_str(s, "area");
    mn_buf b;
    mn_buf_init(&b, 0);
    (void)mn_buf_printf(&b, "%s", m ? m : "(unnamed)");
    if (area)
        (void)mn_buf_printf(&b, " (%s)", area);
    if (mn_value_as_bool(mn_map_get(s, "target")))
        (void)mn_buf_printf(&b, " target");
    return mn_buf_take(&b);
}

/* The cell text: as written, with the direction when there was one. */
static char *
cell_text(const mn_value *s, size_t i)
{
    const mn_value *v = mn_list_at(mn_map_get(s, "values"), i);
    if (mn_value_is_null(v))
        return mn_xstrdup("");
    const char *t = mn_value_as_str(mn_list_at(mn_map_get(s, "texts"), i));
    if (!t) {
        char num[64];
        fmt_num(mn_value_as_num(v), num, sizeof num);
        return mn_xstrdup(num);
    }
    return mn_xstrdup(t);
}

static size_t
width_of(const char *s)
{
    return mn_utf8_count(s, strlen(s));
}

static void
pad(mn_buf *out, const char *s, size_t w)
{
    (void)mn_buf_printf(out, "%s", s);
    for (size_t k = width_of(s); k < w; k++)
        (void)mn_buf_putc(out, ' ');
}

static void
render_table(const mn_value *t, mn_buf *out)
{
    const mn_value *ms = mn_map_get(t, "meetings");
    const mn_value *ss = mn_map_get(t, "series");
    size_t nm = mn_value_len(ms), ns = mn_value_len(ss);
    size_t w0 = strlen("measure");
    size_t *w = mn_xcalloc(nm + 1, sizeof *w);
    for (size_t k = 0; k < ns; k++) {
        char *l = row_label(mn_list_at(ss, k));
        if (width_of(l) > w0)
            w0 = width_of(l);
        free(l);
        for (size_t i = 0; i < nm; i++) {
            char *c = cell_text(mn_list_at(ss, k), i);
            if (width_of(c) > w[i])
                w[i] = width_of(c);
            free(c);
        }
    }
    pad(out, "measure", w0);
    for (size_t i = 0; i < nm; i++) {
        const char *l = mn_map_get_str(mn_list_at(ms, i), "label");
        if (width_of(l) > w[i])
            w[i] = width_of(l);
        (void)mn_buf_printf(out, "  ");
        pad(out, l, i + 1 < nm ? w[i] : 0);
    }
    (void)mn_buf_putc(out, '\n');
    for (size_t k = 0; k < ns; k++) {
        const mn_value *s = mn_list_at(ss, k);
        char *l = row_label(s);
        pad(out, l, w0);
        free(l);
        for (size_t i = 0; i < nm; i++) {
            char *c = cell_text(s, i);
            (void)mn_buf_printf(out, "  ");
            pad(out, c, i + 1 < nm ? w[i] : 0);
            free(c);
        }
        while (out->len > 0 && out->data[out->len - 1] == ' ')
            out->data[--out->len] = '\0';
        (void)mn_buf_putc(out, '\n');
    }
    free(w);
}

static void
csv_field(mn_buf *out, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\n\r")) {
        (void)mn_buf_printf(out, "%s", s);
        return;
    }
    (void)mn_buf_putc(out, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            (void)mn_buf_putc(out, '"');
        (void)mn_buf_putc(out, *p);
    }
    (void)mn_buf_putc(out, '"');
}

static void
render_csv(const mn_value *t, mn_buf *out)
{
    const mn_value *ms = mn_map_get(t, "meetings");
    const mn_value *ss = mn_map_get(t, "series");
    size_t nm = mn_value_len(ms), ns = mn_value_len(ss);
    (void)mn_buf_printf(out, "measure,kind,unit,area,target");
    for (size_t i = 0; i < nm; i++) {
        (void)mn_buf_putc(out, ',');
        csv_field(out, mn_map_get_str(mn_list_at(ms, i), "label"));
    }
    (void)mn_buf_printf(out, "\r\n");
    for (size_t k = 0; k < ns; k++) {
        const mn_value *s = mn_list_at(ss, k);
        static const char *const keys[] = {"measure", "kind", "unit", "area"};
        for (size_t f = 0; f < 4; f++) {
            if (f)
                (void)mn_buf_putc(out, ',');
            csv_field(out, mn_map_get_str(s, keys[f]));
        }
        (void)mn_buf_printf(
            out, ",%s",
            mn_value_as_bool(mn_map_get(s, "target")) ? "true" : "false");
        for (size_t i = 0; i < nm; i++) {
            const mn_value *v = mn_list_at(mn_map_get(s, "values"), i);
            char num[64] = "";
            if (!mn_value_is_null(v))
                fmt_num(mn_value_as_num(v), num, sizeof num);
            (void)mn_buf_printf(out, ",%s", num);
        }
        (void)mn_buf_printf(out, "\r\n");
    }
}

/* XML text with &, <, > and quotes escaped. */
static void
xml_text(mn_buf *out, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '&':
            (void)mn_buf_printf(out, "&amp;");
            break;
        case '<':
            (void)mn_buf_printf(out, "&lt;");
            break;
        case '>':
            (void)mn_buf_printf(out, "&gt;");
            break;
        case '"':
            (void)mn_buf_printf(out, "&quot;");
            break;
        default:
            if ((unsigned char)*p >= 0x20 || *p == '\t')
                (void)mn_buf_putc(out, *p);
        }
    }
}

#define SVG_W      560
#define SVG_H      220
#define SVG_LEFT   70
#define SVG_RIGHT  30
#define SVG_TOP    40
#define SVG_PLOT_H 120

typedef struct yrange {
    double lo, hi;
} yrange;

static yrange
range_of(const mn_value *vals, size_t nm)
{
    yrange r = {INFINITY, -INFINITY};
    for (size_t i = 0; i < nm; i++) {
        const mn_value *v = mn_list_at(vals, i);
        if (mn_value_is_null(v))
            continue;
        double d = mn_value_as_num(v);
        r.lo = d < r.lo ? d : r.lo;
        r.hi = d > r.hi ? d : r.hi;
    }
    if (r.lo > r.hi)
        r.lo = r.hi = 0;
    if (r.hi - r.lo < 1e-9) { /* a flat line sits mid-height */
        r.lo -= 1;
        r.hi += 1;
    }
    return r;
}

static double
x_of(size_t i, size_t nm)
{
    double span = SVG_W - SVG_LEFT - SVG_RIGHT;
    return nm <= 1 ? SVG_LEFT + span / 2
                   : SVG_LEFT + span * (double)i / (double)(nm - 1);
}

static double
y_of(double v, yrange r, double top)
{
    return top + SVG_PLOT_H * (r.hi - v) / (r.hi - r.lo);
}

/* The y axis names what is measured: the unit, else the kind. */
static void
svg_y_label(mn_buf *out, const mn_value *s, double top)
{
    const char *u = mn_map_get_str(s, "unit");
    const char *k = mn_map_get_str(s, "kind");
    double y = top + SVG_PLOT_H / 2.0;
    (void)mn_buf_printf(out,
                        "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" "
                        "transform=\"rotate(-90 14 %.1f)\">",
                        y, y);
    xml_text(out, u ? u : k ? k : "value");
    (void)mn_buf_printf(out, "</text>\n");
}

static void
svg_axes(mn_buf *out, const mn_value *ms, size_t nm, yrange r, double top)
{
    char lo[64], hi[64];
    fmt_num(r.lo, lo, sizeof lo);
    fmt_num(r.hi, hi, sizeof hi);
    (void)mn_buf_printf(out,
                        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                        "stroke=\"#444\"/>\n"
                        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                        "stroke=\"#444\"/>\n",
                        SVG_LEFT - 10, top, SVG_LEFT - 10, top + SVG_PLOT_H,
                        SVG_LEFT - 10, top + SVG_PLOT_H, SVG_W - SVG_RIGHT + 10,
                        top + SVG_PLOT_H);
    (void)mn_buf_printf(out,
                        "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s"
                        "</text>\n<text x=\"%d\" y=\"%.1f\" "
                        "text-anchor=\"end\">%s</text>\n",
                        SVG_LEFT - 14, top + 4, hi, SVG_LEFT - 14,
                        top + SVG_PLOT_H + 4, lo);
    for (size_t i = 0; i < nm; i++) {
        (void)mn_buf_printf(out,
                            "<text x=\"%.1f\" y=\"%.1f\" "
                            "text-anchor=\"middle\">",
                            x_of(i, nm), top + SVG_PLOT_H + 20);
        xml_text(out, mn_map_get_str(mn_list_at(ms, i), "label"));
        (void)mn_buf_printf(out, "</text>\n");
    }
}

static void
svg_line(mn_buf *out, const mn_value *s, size_t nm, yrange r, double top)
{
    const mn_value *vals = mn_map_get(s, "values");
    bool open = false;
    for (size_t i = 0; i < nm; i++) {
        const mn_value *v = mn_list_at(vals, i);
        if (mn_value_is_null(v)) {
            if (open)
                (void)mn_buf_printf(out, "\"/>\n");
            open = false;
            continue;
        }
        (void)mn_buf_printf(out, "%s%.1f,%.1f",
                            open ? " "
                                 : "<polyline fill=\"none\" "
                                   "stroke=\"#1f5fa8\" "
                                   "stroke-width=\"2\" points=\"",
                            x_of(i, nm), y_of(mn_value_as_num(v), r, top));
        open = true;
    }
    if (open)
        (void)mn_buf_printf(out, "\"/>\n");
    for (size_t i = 0; i < nm; i++) {
        const mn_value *v = mn_list_at(vals, i);
        if (mn_value_is_null(v))
            continue;
        double x = x_of(i, nm), y = y_of(mn_value_as_num(v), r, top);
        char *c = cell_text(s, i);
        (void)mn_buf_printf(out,
                            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" "
                            "fill=\"#1f5fa8\"/>\n<text x=\"%.1f\" "
                            "y=\"%.1f\" text-anchor=\"middle\">",
                            x, y, x, y - 9);
        xml_text(out, c);
        (void)mn_buf_printf(out, "</text>\n");
        free(c);
    }
}

static void
render_svg(const mn_value *t, mn_buf *out)
{
    const mn_value *ms = mn_map_get(t, "meetings");
    const mn_value *ss = mn_map_get(t, "series");
    size_t nm = mn_value_len(ms), ns = mn_value_len(ss);
    size_t h = ns ? ns * SVG_H : 60;
    (void)mn_buf_printf(out,
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                        "width=\"%d\" height=\"%zu\" viewBox=\"0 0 %d %zu\" "
                        "font-family=\"sans-serif\" font-size=\"12\">\n"
                        "<title>minutes trend: %zu measure%s across %zu "
                        "meeting%s</title>\n"
                        "<rect width=\"100%%\" height=\"100%%\" "
                        "fill=\"white\"/>\n",
                        SVG_W, h, SVG_W, h, ns, ns == 1 ? "" : "s", nm,
                        nm == 1 ? "" : "s");
    if (ns == 0)
        (void)mn_buf_printf(out, "<text x=\"20\" y=\"30\">no measures"
                                 "</text>\n");
    for (size_t k = 0; k < ns; k++) {
        const mn_value *s = mn_list_at(ss, k);
        double top = (double)(k * SVG_H) + SVG_TOP;
        char *label = row_label(s);
        (void)mn_buf_printf(out, "<g>\n<title>");
        xml_text(out, label);
        (void)mn_buf_printf(out,
                            "</title>\n<text x=\"10\" y=\"%.1f\" "
                            "font-size=\"14\" font-weight=\"bold\">",
                            top - 18);
        xml_text(out, label);
        (void)mn_buf_printf(out, "</text>\n");
        free(label);
        yrange r = range_of(mn_map_get(s, "values"), nm);
        svg_axes(out, ms, nm, r, top);
        svg_y_label(out, s, top);
        svg_line(out, s, nm, r, top);
        (void)mn_buf_printf(out, "</g>\n");
    }
    (void)mn_buf_printf(out, "</svg>\n");
}

mn_status
mn_trend_render(const mn_value *trend, mn_trend_format format, mn_buf *out,
                mn_error *err)
{
    switch (format) {
    case MN_TREND_CSV:
        render_csv(trend, out);
        return MN_OK;
    case MN_TREND_YAML:
        return mn_yaml_emit(trend, out, err);
    case MN_TREND_SVG:
        render_svg(trend, out);
        return MN_OK;
    case MN_TREND_TABLE:
    default:
        render_table(trend, out);
        return MN_OK;
    }
}
