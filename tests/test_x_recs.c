/* Recommendations pass: recommendations, AFIs, the RESOLVED spellings
 * of formats.md §6, numbered resolution lists and decisions. */
#include "mn_test.h"

TestSuite(recs, .init = mn_test_setup, .fini = mn_test_teardown);

Test(recs, resolved_spellings)
{
    mn_value *r = mn_test_text("RESOLVED – That the report be noted.\n\n"
                               "RESOLVED - That the plan be adopted.\n\n"
                               "Resolved – that the chair write.\n\n"
                               "Resolved: That the minutes be approved.\n\n"
                               "RESOLVED,that the budget be set.\n\n"
                               "UNANIMOUSLY RESOLVED that Cllr Ash be "
                               "elected.\n\n"
                               "It was proposed by Cllr Ash, seconded by Cllr "
                               "Oak and resolved that the fee rise.\n\n"
                               "The issue was resolved quickly.\n");
    cr_assert_eq(mn_test_count(r, "recommendations"), 7);
    EXPECT_AT(r, "recommendations.0.kind", "resolution");
    EXPECT_AT(r, "recommendations.0.text", "That the report be noted.");
    EXPECT_AT(r, "recommendations.4.text", "that the budget be set.");
    EXPECT_AT(r, "recommendations.6.text", "that the fee rise.");
    cr_expect_eq(mn_value_as_int(mn_value_path(r, "recommendations.6.line")),
                 13);
    mn_value_free(r);
}

Test(recs, resolved_numbered_list)
{
    mn_value *r =
        mn_test_extract("RESOLVED:\n\n1) That the report be noted.\n\n"
                        "2) That the panel write to the minister.\n\n"
                        "Next item.\n",
                        MN_FORMAT_TEXT, "moderngov");
    cr_assert_eq(mn_test_count(r, "recommendations"), 2);
    EXPECT_AT(r, "recommendations.0.number", "1");
    EXPECT_AT(r, "recommendations.1.number", "2");
    EXPECT_AT(r, "recommendations.1.text",
              "That the panel write to the minister.");
    mn_value_free(r);
}

Test(recs, recommendation_heading_takes_next_paragraph)
{
    mn_value *r = mn_test_text("Recommendation 3:\n\nThe force gave an "
                               "update on its audit work.\n\n"
                               "Area for improvement 2: The force should "
                               "record markers.\n\n"
                               "Decision: The board approved the plan.\n\n"
                               "Resolution #4: publish the draft\n");
    cr_assert_eq(mn_test_count(r, "recommendations"), 4);
    EXPECT_AT(r, "recommendations.0.kind", "recommendation");
    EXPECT_AT(r, "recommendations.0.number", "3");
    EXPECT_AT(r, "recommendations.0.title", "Recommendation 3");
    EXPECT_AT(r, "recommendations.0.text",
              "The force gave an update on its audit work.");
    EXPECT_AT(r, "recommendations.1.kind", "area_for_improvement");
    EXPECT_AT(r, "recommendations.1.number", "2");
    EXPECT_AT(r, "recommendations.1.text", "The force should record markers.");
    EXPECT_AT(r, "recommendations.2.kind", "decision");
    EXPECT_AT(r, "recommendations.3.number", "4");
    EXPECT_AT(r, "recommendations.3.text", "publish the draft");
    mn_value_free(r);
}

/* Resolutions in table cells; "Resolved: That the X:" takes the numbered
 * "1. That" lines; "(i)/(ii)" clauses after a <br> stay in the text. */
Test(recs, resolutions_in_cells_and_clauses)
{
    mn_value *r = mn_test_extract(
        "<table><tr><td><p>Resolved: That the Board:</p>"
        "<p>1. That the plan be noted;</p><p>2. That the Chair reply.</p>"
        "<p>RESOLVED that members be asked to:<br>(i) visit the site; and"
        "<br>(ii) report back.</p></td></tr></table>",
        MN_FORMAT_HTML, "moderngov");
    cr_assert_eq(mn_test_count(r, "recommendations"), 3);
    EXPECT_AT(r, "recommendations.0.number", "1");
    EXPECT_AT(r, "recommendations.1.text", "That the Chair reply.");
    EXPECT_AT(r, "recommendations.2.text",
              "that members be asked to: (i) visit the site; and (ii) report "
              "back.");
    mn_value_free(r);
}

/* "Assurance statement:" (the PCC's conclusion) and a one-word "Agreed."
 * are decisions; a decision may follow another sentence on its own line. */
Test(recs, assurance_statement_and_one_word_outcome)
{
    mn_value *r = mn_test_text("The force presented the report.\n"
                               "Assurance statement: The PCC is assured.\n\n"
                               "Agreed.\n\nNeed a summary.\n"
                               "Decision: adopt the plan\n");
    cr_assert_eq(mn_test_count(r, "recommendations"), 3);
    EXPECT_AT(r, "recommendations.0.kind", "decision");
    EXPECT_AT(r, "recommendations.0.text", "The PCC is assured.");
    EXPECT_AT(r, "recommendations.1.text", "Agreed");
    EXPECT_AT(r, "recommendations.2.text", "adopt the plan");
    mn_value_free(r);
}
