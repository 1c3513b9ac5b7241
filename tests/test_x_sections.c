/*
 * Sections pass on invented documents: numbering styles, nesting by number
 * depth and heading level, unnumbered headings under numbered ones, labelled
 * children, ModernGov's number alone on a line, and numbered lines that are
 * not sections (resolution lists, out-of-sequence items, date headings).
 */
#include <criterion/criterion.h>
#include <stdio.h>
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

TestSuite(x_sections, .init = setup, .fini = teardown);

static mn_value *
extract_profile(const char *name, const char *text, const char *profile)
{
    mn_doc *doc = NULL;
    mn_error err = {0};
    cr_assert_eq(mn_doc_load_memory(name, text, strlen(text), NULL, &doc, &err),
                 MN_OK, "%s", err.problem);
    mn_value *rec = NULL;
    mn_extract_options xo = {.profile = profile};
    cr_assert_eq(mn_extract(doc, rs, m, &xo, &rec, &err), MN_OK);
    mn_doc_free(doc);
    return rec;
}

/* Auto-detected profile, as the CLI does by default. */
static mn_value *
extract(const char *name, const char *text)
{
    return extract_profile(name, text, NULL);
}

static void
expect_sec(const mn_value *rec, const char *path, const char *number,
           const char *title, long long level)
{
    char p[160];
    const mn_value *s = mn_value_path(rec, path);
    cr_assert(s, "missing %s (%s)", path, title);
    snprintf(p, sizeof p, "%s.number", path);
    const mn_value *n = mn_value_path(rec, p);
    if (number)
        cr_expect(!mn_value_is_null(n) &&
                      strcmp(mn_value_as_str(n), number) == 0,
                  "%s: number '%s', got '%s'", path, number,
                  mn_value_is_null(n) ? "null" : mn_value_as_str(n));
    else
        cr_expect(mn_value_is_null(n), "%s: number should be null", path);
    cr_expect_str_eq(mn_map_get_str(s, "title"), title, "%s", path);
    cr_expect_eq(mn_value_as_int(mn_map_get(s, "level")), level, "%s", path);
}

static size_t
count(const mn_value *rec, const char *path)
{
    return mn_value_len(mn_value_path(rec, path));
}

Test(x_sections, markdown_numbers_and_levels)
{
    mn_value *rec =
        extract("a.md", "# Example Group Meeting 2024-03-06\n\n"
                        "## 1. Welcome\n\nHello all.\n\n"
                        "### 1.1 Introductions\n\nNames were given.\n\n"
                        "### Housekeeping\n\nFire exits.\n\n"
                        "## 2. Budget\n\nFigures were shown.\n\n"
                        "## Any other business\n\nNone.\n");
    cr_assert_eq(count(rec, "sections"), 3);
    expect_sec(rec, "sections.0", "1", "Welcome", 1);
    expect_sec(rec, "sections.0.sections.0", "1.1", "Introductions", 2);
    expect_sec(rec, "sections.0.sections.1", NULL, "Housekeeping", 2);
    expect_sec(rec, "sections.1", "2", "Budget", 1);
    expect_sec(rec, "sections.2", NULL, "Any other business", 1);
    cr_expect_eq(mn_value_as_int(mn_value_path(rec, "sections.1.line")), 15);
    mn_value_free(rec);
}

Test(x_sections, text_numbering_styles_and_lists)
{
    /* "N." and "N.Title" mixed; a resolution list and an action's numbered
     * sub-items inside items are not sections. */
    mn_value *rec =
        extract("b.txt", "Example Board\n\n"
                         "1. Apologies\n\nNone were received.\n\n"
                         "2.Finance Report\n\nThe report was presented.\n\n"
                         "RESOLVED:\n\n"
                         "1. That the report be noted.\n\n"
                         "2. That the reserve be increased.\n\n"
                         "Action: Treasurer to provide:\n\n"
                         "1. A breakdown of costs by area\n\n"
                         "3. Estates\n\nThe plan was discussed.\n");
    cr_assert_eq(count(rec, "sections"), 3, "got %zu", count(rec, "sections"));
    expect_sec(rec, "sections.0", "1", "Apologies", 1);
    expect_sec(rec, "sections.1", "2", "Finance Report", 1);
    expect_sec(rec, "sections.2", "3", "Estates", 1);
    cr_expect_eq(count(rec, "sections.1.sections"), 0);
    mn_value_free(rec);
}

Test(x_sections, minute_numbers_sub_items_letters)
{
    mn_value *rec =
        extract("c.html", "<html><body><h1>Example Panel</h1>"
                          "<h2>39/20 Apologies for absence</h2><p>None.</p>"
                          "<h2>40/20 Police and Crime Plan</h2><p>Noted.</p>"
                          "<h3>1(1) Public questions</h3><p>Two questions.</p>"
                          "<h2>7a. Estates update</h2><p>Deferred.</p>"
                          "<h2>Item 8: Any other business</h2><p>None.</p>"
                          "</body></html>");
    cr_assert_eq(count(rec, "sections"), 4);
    expect_sec(rec, "sections.0", "39/20", "Apologies for absence", 1);
    expect_sec(rec, "sections.1", "40/20", "Police and Crime Plan", 1);
    expect_sec(rec, "sections.1.sections.0", "1(1)", "Public questions", 2);
    expect_sec(rec, "sections.2", "7a", "Estates update", 1);
    expect_sec(rec, "sections.3", "8", "Any other business", 1);
    mn_value_free(rec);
}

Test(x_sections, moderngov_number_alone)
{
    mn_value *rec = extract(
        "d.html", "<html><body><h1>Example Police and Crime Panel</h1>"
                  "<p><strong>507.</strong></p><p><strong>Welcome</strong></p>"
                  "<p>The Chair welcomed members.</p>"
                  "<p><strong>508.</strong></p>"
                  "<p><strong>Minutes of the previous meeting</strong></p>"
                  "<p>Agreed.</p></body></html>");
    cr_assert_eq(count(rec, "sections"), 2);
    expect_sec(rec, "sections.0", "507", "Welcome", 1);
    expect_sec(rec, "sections.1", "508", "Minutes of the previous meeting", 1);
    mn_value_free(rec);
}

Test(x_sections, labelled_children_and_date_headings)
{
    mn_value *rec = extract(
        "e.html", "<html><body><h1>Example Group</h1><h2>3 May 2025</h2>"
                  "<h2>4. Inspection updates</h2><p>Summary.</p>"
                  "<h3>Recommendation 1:</h3><p>Met.</p>"
                  "<h3>Recommendation 5</h3><p>Partly met.</p>"
                  "<h2>5. Close</h2></body></html>");
    cr_assert_eq(count(rec, "sections"), 2);
    expect_sec(rec, "sections.0", "4", "Inspection updates", 1);
    expect_sec(rec, "sections.0.sections.0", NULL, "Recommendation 1", 2);
    expect_sec(rec, "sections.0.sections.1", NULL, "Recommendation 5", 2);
    expect_sec(rec, "sections.1", "5", "Close", 1);
    mn_value_free(rec);
}

Test(x_sections, ref_numbers_take_the_next_title)
{
    mn_value *rec = extract_profile(
        "f.txt",
        "Example Board\n\nNotes of Meeting Tuesday 9th July 2024\n\n"
        "Ref 02/09/07/2024\n"
        "Previous notes\n\nAgreed as a record.\n\n"
        "Ref 03/09/07/2024\n"
        "Fleet business case\n\nApproved.\n",
        "pcc");
    size_t n = count(rec, "sections");
    cr_assert_eq(n, 2, "got %zu sections", n);
    expect_sec(rec, "sections.0", "02/09/07/2024", "Previous notes", 1);
    expect_sec(rec, "sections.1", "03/09/07/2024", "Fleet business case", 1);
    mn_value_free(rec);
}

Test(x_sections, no_structure_no_sections)
{
    mn_value *rec = extract("g.txt", "Just one paragraph of prose here.\n");
    cr_expect_eq(count(rec, "sections"), 0);
    mn_value_free(rec);
}
