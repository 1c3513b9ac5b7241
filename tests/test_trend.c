/* Unit tests for trends across meetings (diff/mn_trend.c). */
#include <criterion/criterion.h>

#include <string.h>

#include "mn_buf.h"
#include "mn_trend.h"
#include "mn_value.h"

static mn_value *
meeting(const char *date, int quarter, const char *fy)
{
    mn_value *r = mn_value_map();
    mn_map_set_int(r, "schema", 1);
    mn_value *m = mn_value_map();
    mn_map_set_str(m, "date", date);
    mn_value *p = mn_value_map();
    mn_map_set_int(p, "quarter", quarter);
    mn_map_set_str(p, "financial_year", fy);
    mn_map_set(m, "period", p);
    mn_map_set(r, "meeting", m);
    mn_map_set(r, "figures", mn_value_list());
    return r;
}

static void
figure(mn_value *r, double value, const char *text, const char *measure,
       const char *dir)
{
    mn_value *f = mn_value_map();
    mn_map_set_str(f, "kind", "percentage");
    mn_map_set_num(f, "value", value);
    mn_map_set_str(f, "text", text);
    mn_map_set_str(f, "measure", measure);
    mn_map_set_str(f, "direction", dir);
    mn_map_set_bool(f, "target", false);
    mn_map_set_null(f, "area");
    mn_map_set_null(f, "unit");
    mn_map_set_str(f, "section", "Performance");
    mn_map_set_int(f, "line", 12);
    mn_list_push(mn_map_get(r, "figures"), f);
}

static mn_value *
build(mn_value **recs, size_t n, const char *re)
{
    mn_trend_options o = {.threshold = 0.6, .measure_regex = re};
    mn_value *t = NULL;
    mn_error err = {0};
    cr_assert_eq(
        mn_trend_build((const mn_value *const *)recs, NULL, n, &o, &t, &err),
        MN_OK);
    return t;
}

static mn_value *recs[3];

static void
setup(void)
{
    // Given out of order; a measure missing in the middle meeting.
    recs[0] = meeting("2024-11-18", 2, "2024/25");
    recs[1] = meeting("2024-07-29", 1, "2024/25");
    recs[2] = meeting(NULL, 3, "2024/25");
    mn_map_set_str(mn_map_get(recs[2], "meeting"), "date", NULL);
    mn_value *p = mn_value_path(recs[2], "meeting.period");
    mn_map_set_str(p, "start", "2024-10-01");
    figure(recs[1], 79, "79%", "public confidence", NULL);
    figure(recs[1], 4, "4%", "total recorded crime", "up");
    figure(recs[0], 80, "80%", "public confidence", NULL);
    figure(recs[2], 2, "2%", "total recorded crime", "down");
    figure(recs[2], 81, "81%", "public confidence", NULL);
}

static void
teardown(void)
{
    for (size_t i = 0; i < 3; i++)
        mn_value_free(recs[i]);
}

TestSuite(trend, .init = setup, .fini = teardown);

Test(trend, orders_meetings_and_follows_measures)
{
    mn_value *t = build(recs, 3, NULL);
    cr_assert_str_eq(mn_value_as_str(mn_value_path(t, "meetings.0.label")),
                     "Q1 2024/25");
    cr_assert_str_eq(mn_value_as_str(mn_value_path(t, "meetings.2.label")),
                     "Q3 2024/25");
    cr_assert_eq(mn_value_len(mn_map_get(t, "series")), 2);
    cr_assert_str_eq(mn_value_as_str(mn_value_path(t, "series.0.measure")),
                     "public confidence");
    cr_assert_eq(mn_value_as_num(mn_value_path(t, "series.0.values.2")), 81);
    // total recorded crime resumes after a meeting without it.
    cr_assert(mn_value_is_null(mn_value_path(t, "series.1.values.1")));
    cr_assert_str_eq(mn_value_as_str(mn_value_path(t, "series.1.texts.2")),
                     "2% fall");
    mn_value_free(t);
}

Test(trend, measure_filter_and_bad_regex)
{
    mn_value *t = build(recs, 3, "^TOTAL");
    cr_assert_eq(mn_value_len(mn_map_get(t, "series")), 1);
    mn_value_free(t);
    mn_trend_options o = {.threshold = 0.6, .measure_regex = "(unclosed"};
    mn_error err = {0};
    t = NULL;
    cr_assert_eq(
        mn_trend_build((const mn_value *const *)recs, NULL, 3, &o, &t, &err),
        MN_E_PATTERN);
    cr_assert_null(t);
}

Test(trend, renderers)
{
    mn_value *t = build(recs, 3, NULL);
    mn_buf b;
    mn_buf_init(&b, 0);
    mn_error err = {0};
    cr_assert_eq(mn_trend_render(t, MN_TREND_TABLE, &b, &err), MN_OK);
    cr_assert(strstr(mn_buf_str(&b), "public confidence     79%         "
                                     "80%         81%\n"),
              "%s", mn_buf_str(&b));
    mn_buf_clear(&b);
    cr_assert_eq(mn_trend_render(t, MN_TREND_CSV, &b, &err), MN_OK);
    cr_assert(strstr(mn_buf_str(&b),
                     "total recorded crime,percentage,,,false,4,,2\r\n"),
              "%s", mn_buf_str(&b));
    mn_buf_clear(&b);
    cr_assert_eq(mn_trend_render(t, MN_TREND_SVG, &b, &err), MN_OK);
    cr_assert(strstr(mn_buf_str(&b), "<title>minutes trend"));
    cr_assert(strstr(mn_buf_str(&b), "</svg>\n"));
    mn_buf_clear(&b);
    cr_assert_eq(mn_trend_render(t, MN_TREND_YAML, &b, &err), MN_OK);
    cr_assert(strstr(mn_buf_str(&b), "series:"));
    mn_buf_free(&b);
    mn_value_free(t);
}

Test(trend, svg_escapes_text)
{
    mn_value *r = meeting("2024-01-01", 4, "2023/24");
    figure(r, 5, "5% <&>", "a \"quoted\" & <tagged> measure", NULL);
    mn_value *t = build(&r, 1, NULL);
    mn_buf b;
    mn_buf_init(&b, 0);
    mn_error err = {0};
    cr_assert_eq(mn_trend_render(t, MN_TREND_SVG, &b, &err), MN_OK);
    cr_assert(strstr(mn_buf_str(&b), "a &quot;quoted&quot; &amp; "
                                     "&lt;tagged&gt; measure"));
    cr_assert_null(strstr(mn_buf_str(&b), "<tagged>"));
    mn_buf_free(&b);
    mn_value_free(t);
    mn_value_free(r);
}
