/* Figures pass: kinds, values, measures, direction, target, area, and the
 * things that look like figures but are not (101, URLs, CSS, years). */
#include <criterion/criterion.h>
#include <string.h>

#include "mn_extract.h"
#include "mn_ruleset.h"
#include "mn_value.h"

static mn_ruleset *rs;
static mn_matcher *m;

static void
setup(void)
{
    mn_ruleset_options o = {0};
    mn_error err = {0};
    cr_assert_eq(mn_ruleset_load(&o, &rs, &err), MN_OK, "%s", err.problem);
    m = mn_matcher_new(rs);
}

static void
teardown(void)
{
    mn_matcher_free(m);
    mn_ruleset_free(rs);
}

static mn_value *
figures_of(const char *text)
{
    mn_doc *doc = NULL;
    mn_error err = {0};
    mn_doc_options o = {.format = MN_FORMAT_TEXT};
    cr_assert_eq(
        mn_doc_load_memory("t.txt", text, strlen(text), &o, &doc, &err), MN_OK);
    mn_value *rec = NULL;
    mn_extract_options xo = {.profile = "core"};
    cr_assert_eq(mn_extract(doc, rs, m, &xo, &rec, &err), MN_OK);
    mn_doc_free(doc);
    mn_value *f = mn_value_copy(mn_map_get(rec, "figures"));
    mn_value_free(rec);
    return f;
}

static const char *
fs(const mn_value *list, size_t i, const char *key)
{
    return mn_map_get_str(mn_list_at(list, i), key);
}

static double
fv(const mn_value *list, size_t i)
{
    return mn_value_as_num(mn_map_get(mn_list_at(list, i), "value"));
}

TestSuite(figures, .init = setup, .fini = teardown);

Test(figures, percentage_with_subject_measure_and_target)
{
    mn_value *f = figures_of(
        "Public confidence in Thornbury Vale currently sits at 82% which is "
        "below the force's target of 88%.\n");
    cr_assert_eq(mn_value_len(f), 2);
    cr_assert_str_eq(fs(f, 0, "kind"), "percentage");
    cr_assert_float_eq(fv(f, 0), 82, 1e-9);
    cr_assert_str_eq(fs(f, 0, "text"), "82%");
    cr_assert_str_eq(fs(f, 0, "measure"), "public confidence");
    cr_assert_str_eq(fs(f, 0, "area"), "Thornbury Vale");
    cr_assert_not(mn_value_as_bool(mn_map_get(mn_list_at(f, 0), "target")));
    cr_assert(mn_value_as_bool(mn_map_get(mn_list_at(f, 1), "target")));
    mn_value_free(f);
}

Test(figures, reduction_in_measure_is_down)
{
    mn_value *f =
        figures_of("The T/CC highlighted the 7% reduction in total "
                   "recorded crime and a 5% rise in vehicle crime.\n");
    cr_assert_eq(mn_value_len(f), 2);
    cr_assert_str_eq(fs(f, 0, "measure"), "total recorded crime");
    cr_assert_str_eq(fs(f, 0, "direction"), "down");
    cr_assert_str_eq(fs(f, 1, "measure"), "vehicle crime");
    cr_assert_str_eq(fs(f, 1, "direction"), "up");
    mn_value_free(f);
}

Test(figures, per_cent_and_points_never_mixed)
{
    mn_value *f = figures_of("Satisfaction fell by 4 percentage points to 71 "
                             "per cent this quarter.\n");
    cr_assert_eq(mn_value_len(f), 2);
    cr_assert_str_eq(fs(f, 0, "kind"), "percentage_points");
    cr_assert_float_eq(fv(f, 0), 4, 1e-9);
    cr_assert_str_eq(fs(f, 0, "direction"), "down");
    cr_assert_str_eq(fs(f, 1, "kind"), "percentage");
    cr_assert_float_eq(fv(f, 1), 71, 1e-9);
    mn_value_free(f);
}

Test(figures, money_rank_fraction_duration)
{
    mn_value *f = figures_of("The budget of £3.2m leaves the force 8th highest "
                             "nationally; 8 out of 10 victims were called back "
                             "within 30 seconds.\n");
    cr_assert_eq(mn_value_len(f), 4);
    cr_assert_str_eq(fs(f, 0, "kind"), "money");
    cr_assert_float_eq(fv(f, 0), 3200000, 1e-6);
    cr_assert_str_eq(fs(f, 1, "kind"), "rank");
    cr_assert_float_eq(fv(f, 1), 8, 1e-9);
    cr_assert_str_eq(fs(f, 2, "kind"), "fraction");
    cr_assert_str_eq(fs(f, 3, "kind"), "duration");
    cr_assert_str_eq(fs(f, 3, "unit"), "seconds");
    mn_value_free(f);
}

Test(figures, service_numbers_urls_and_years_are_not_figures)
{
    mn_value *f =
        figures_of("Calls to 101 and 999 were discussed in 2023 at "
                   "https://example.org/a%20b with width:100% set.\n");
    cr_assert_eq(mn_value_len(f), 0);
    mn_value_free(f);
}

Test(figures, number_words)
{
    mn_value *f = figures_of("Around five per cent of calls were abandoned.\n");
    cr_assert_eq(mn_value_len(f), 1);
    cr_assert_float_eq(fv(f, 0), 5, 1e-9);
    cr_assert_str_eq(fs(f, 0, "measure"), "calls");
    mn_value_free(f);
}

Test(figures, nearest_clause_subject_fronted_figure_and_places)
{
    mn_value *f = figures_of(
        "At 80%, public confidence in Thornbury Vale remains below the target "
        "of 85%. Ashcombe is still the highest at 84%. The PCC was concerned "
        "that victim satisfaction had dropped to 68% and that the average "
        "wait in December was 4 minutes.\n");
    cr_assert_eq(mn_value_len(f), 5);
    cr_assert_str_eq(fs(f, 0, "measure"), "public confidence");
    cr_assert_str_eq(fs(f, 0, "area"), "Thornbury Vale");
    cr_assert_str_eq(fs(f, 1, "measure"), "public confidence");
    cr_assert(mn_value_as_bool(mn_map_get(mn_list_at(f, 1), "target")));
    cr_assert_str_eq(fs(f, 2, "area"), "Ashcombe");
    cr_assert_str_eq(fs(f, 2, "measure"), "public confidence");
    cr_assert_str_eq(fs(f, 3, "measure"), "victim satisfaction");
    cr_assert_str_eq(fs(f, 3, "direction"), "down");
    cr_assert_null(fs(f, 4, "area")); /* a month is not an area */
    mn_value_free(f);
}

Test(figures, grade_numbers_and_irregular_plurals)
{
    mn_value *f = figures_of("Grade 1 incidents were attended on time and 112 "
                             "people were helped; 88% of 999 calls were "
                             "answered.\n");
    cr_assert_eq(mn_value_len(f), 2);
    cr_assert_str_eq(fs(f, 0, "kind"), "count");
    cr_assert_str_eq(fs(f, 0, "unit"), "people");
    cr_assert_str_eq(fs(f, 1, "measure"), "999 calls");
    mn_value_free(f);
}
