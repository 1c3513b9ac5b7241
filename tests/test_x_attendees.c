/* Attendees pass: the person-line shapes and list containers of real
 * minutes (formats.md §3), with invented names, and the traps. */
#include "mn_test.h"

TestSuite(attendees, .init = mn_test_setup, .fini = mn_test_teardown);

Test(attendees, bullet_shapes_after_present)
{
    mn_value *r =
        mn_test_text("Minutes of the board\n"
                     "\n"
                     "Present:\n"
                     "\n"
                     "  • Ann Other – Chief Executive (CEO)\n"
                     "  • Bob Ray, Head of Audit (HA)\n"
                     "  • Cara Dunn- T/ Deputy Chief Constable (T/DCC)\n"
                     "  • Dan Eve (DE) – Director of Finance, OPCC\n"
                     "  • Fay Gill (FG) Chief Officer\n"
                     "  • DCC Sam Roe (SR)\n"
                     "  • Jo Bell (JB\n"
                     "  • Kim Lee (minutes) – Policy Officer\n"
                     "  • Lee Moss (Observer)\n"
                     "  • Max Nye – Deputy Chief Constable (T/CC)\n"
                     "  • Ned Ott (NO) – Superintendent – rep ACC RJ   \n"
                     "\n"
                     "1. Welcome\n"
                     "\n"
                     "The chair welcomed everyone.\n");
    cr_assert(mn_value_as_bool(mn_map_get(r, "attendance_recorded")));
    cr_assert_eq(mn_test_count(r, "attendees"), 11);
    EXPECT_AT(r, "attendees.0.name", "Ann Other");
    EXPECT_AT(r, "attendees.0.role", "Chief Executive");
    EXPECT_AT(r, "attendees.0.abbr", "CEO");
    EXPECT_AT(r, "attendees.0.status", "present");
    EXPECT_AT(r, "attendees.1.name", "Bob Ray");
    EXPECT_AT(r, "attendees.1.role", "Head of Audit");
    EXPECT_AT(r, "attendees.1.abbr", "HA");
    EXPECT_AT(r, "attendees.2.name", "Cara Dunn");
    EXPECT_AT(r, "attendees.2.role", "T/ Deputy Chief Constable");
    EXPECT_AT(r, "attendees.2.abbr", "T/DCC");
    cr_expect(mn_value_as_bool(mn_value_path(r, "attendees.2.acting")));
    EXPECT_AT(r, "attendees.3.abbr", "DE");
    EXPECT_AT(r, "attendees.3.role", "Director of Finance");
    EXPECT_AT(r, "attendees.3.organisation", "OPCC");
    EXPECT_AT(r, "attendees.4.role", "Chief Officer");
    EXPECT_AT(r, "attendees.4.abbr", "FG");
    EXPECT_AT(r, "attendees.5.name", "Sam Roe");
    EXPECT_AT(r, "attendees.5.role", "DCC");
    EXPECT_AT(r, "attendees.6.name", "Jo Bell");
    EXPECT_AT(r, "attendees.6.abbr", "JB");
    /* "(minutes)" and "(Observer)" are not abbreviations */
    EXPECT_AT(r, "attendees.7.name", "Kim Lee");
    EXPECT_AT(r, "attendees.7.abbr", NULL);
    EXPECT_AT(r, "attendees.7.role", "Policy Officer");
    EXPECT_AT(r, "attendees.8.abbr", NULL);
    EXPECT_AT(r, "attendees.8.role", "Observer");
    /* a role/abbreviation contradiction is kept as written */
    EXPECT_AT(r, "attendees.9.role", "Deputy Chief Constable");
    EXPECT_AT(r, "attendees.9.abbr", "T/CC");
    cr_expect(mn_value_as_bool(mn_value_path(r, "attendees.9.acting")));
    EXPECT_AT(r, "attendees.10.role", "Superintendent");
    cr_expect_eq(mn_value_as_int(mn_value_path(r, "attendees.10.line")), 15);
    mn_value_free(r);
}

Test(attendees, apologies_and_regrets_lists)
{
    mn_value *r = mn_test_text("Present: Ann Lee, Bob Ray and Cy Young\n"
                               "\n"
                               "Apologies: Dee Fox.\n"
                               "\n"
                               "Regrets: -\n"
                               "\n"
                               "Agenda\n");
    cr_assert_eq(mn_test_count(r, "attendees"), 4);
    EXPECT_AT(r, "attendees.2.name", "Cy Young");
    EXPECT_AT(r, "attendees.2.status", "present");
    EXPECT_AT(r, "attendees.3.name", "Dee Fox");
    EXPECT_AT(r, "attendees.3.status", "apologies");
    cr_expect_eq(mn_value_as_int(mn_value_path(r, "attendees.3.line")), 3);
    mn_value_free(r);
}

Test(attendees, same_person_present_and_apologies_kept)
{
    mn_value *r = mn_test_text("Attendees:\n\n- Ann Lee\n- Bob Ray\n\n"
                               "Apologies:\n\n- Bob Ray\n\n# Item 1\n");
    cr_assert_eq(mn_test_count(r, "attendees"), 3);
    EXPECT_AT(r, "attendees.1.name", "Bob Ray");
    EXPECT_AT(r, "attendees.2.name", "Bob Ray");
    EXPECT_AT(r, "attendees.2.status", "apologies");
    mn_value_free(r);
}

/* A plural title is each person's: the schema keeps titles as written,
 * and the same people are "Councillor Ash" in other lists. */
Test(attendees, apologies_sentence)
{
    mn_value *r = mn_test_text(
        "1. Apologies for absence\n\n"
        "Apologies were received from Councillors Ash, Birch and Cole.\n");
    cr_assert(mn_value_as_bool(mn_map_get(r, "attendance_recorded")));
    cr_assert_eq(mn_test_count(r, "attendees"), 3);
    EXPECT_AT(r, "attendees.0.name", "Councillor Ash");
    EXPECT_AT(r, "attendees.2.name", "Councillor Cole");
    EXPECT_AT(r, "attendees.2.status", "apologies");
    mn_value_free(r);
}

Test(attendees, shared_title_variants)
{
    mn_value *r = mn_test_text(
        "1. Apologies for absence\n\n"
        "Apologies were received from Cllrs Ash, Birch and Mr Cole.\n");
    cr_assert_eq(mn_test_count(r, "attendees"), 3);
    EXPECT_AT(r, "attendees.0.name", "Cllr Ash");
    EXPECT_AT(r, "attendees.1.name", "Cllr Birch");
    EXPECT_AT(r, "attendees.2.name", "Mr Cole"); /* a title of its own */
    mn_value_free(r);
}

Test(attendees, semicolon_run_title_before_name)
{
    mn_value *r = mn_test_text(
        "PRESENT:- Chief Finance Officer Mia Park (MP); Chief Executive "
        "Tom Hill (TH); Cllr Ann Oak (AO)\n");
    cr_assert_eq(mn_test_count(r, "attendees"), 3);
    EXPECT_AT(r, "attendees.0.name", "Mia Park");
    EXPECT_AT(r, "attendees.0.role", "Chief Finance Officer");
    EXPECT_AT(r, "attendees.0.abbr", "MP");
    EXPECT_AT(r, "attendees.1.name", "Tom Hill");
    EXPECT_AT(r, "attendees.2.name", "Cllr Ann Oak");
    EXPECT_AT(r, "attendees.2.role", NULL);
    mn_value_free(r);
}

Test(attendees, handles_and_chair_fill)
{
    mn_value *r =
        mn_test_extract("# Team meeting\n\n## Present\n\n"
                        "* Ann Lee @annlee (TSC)\n"
                        "* Bo Li @boli\n"
                        "* Cy Ng (CN), Example Lab, Data Group (Chair)\n\n"
                        "## Agenda\n\nStuff.\n",
                        MN_FORMAT_MARKDOWN, "notes");
    cr_assert_eq(mn_test_count(r, "attendees"), 3);
    EXPECT_AT(r, "attendees.0.name", "Ann Lee");
    EXPECT_AT(r, "attendees.0.role", "TSC"); /* not Ann's initials */
    EXPECT_AT(r, "attendees.0.abbr", NULL);
    EXPECT_AT(r, "attendees.1.name", "Bo Li");
    EXPECT_AT(r, "attendees.2.abbr", "CN");
    EXPECT_AT(r, "attendees.2.organisation", "Example Lab, Data Group");
    EXPECT_AT(r, "meeting.chair", "Cy Ng");
    mn_value_free(r);
}

Test(attendees, markdown_table)
{
    mn_value *r = mn_test_md("## Attendees\n\n"
                             "| Name | Abbreviation | Organization |\n"
                             "|------|--------------|--------------|\n"
                             "| Ann Lee | AL | Example Corp |\n"
                             "| Bo Li | | Sample Inc |\n\n"
                             "## Agenda\n");
    cr_assert_eq(mn_test_count(r, "attendees"), 2);
    EXPECT_AT(r, "attendees.0.name", "Ann Lee");
    EXPECT_AT(r, "attendees.0.abbr", "AL");
    EXPECT_AT(r, "attendees.0.organisation", "Example Corp");
    EXPECT_AT(r, "attendees.1.abbr", NULL);
    EXPECT_AT(r, "attendees.1.organisation", "Sample Inc");
    cr_expect_eq(mn_value_as_int(mn_value_path(r, "attendees.1.line")), 6);
    mn_value_free(r);
}

Test(attendees, inline_paragraph_of_people)
{
    mn_value *r = mn_test_md("# Attendees\n\n"
                             "Ann Lee (AL), Bo Li (BL), Cy Ng (CN)\n\n"
                             "Apologies: Dee Fox.\n");
    cr_assert_eq(mn_test_count(r, "attendees"), 4);
    EXPECT_AT(r, "attendees.1.name", "Bo Li");
    EXPECT_AT(r, "attendees.1.abbr", "BL");
    EXPECT_AT(r, "attendees.3.status", "apologies");
    mn_value_free(r);
}

Test(attendees, scribe_definition_list)
{
    mn_value *r = mn_test_html(
        "<html><body><h1>Group call</h1><dl>"
        "<dt>Present</dt><dd>Ann_Lee, Bo_Li, Cy</dd>"
        "<dt>Regrets</dt><dd>-</dd>"
        "<dt>Chair</dt><dd>Ann</dd></dl><p>Talk.</p></body></html>");
    cr_assert(mn_value_as_bool(mn_map_get(r, "attendance_recorded")));
    cr_assert_eq(mn_test_count(r, "attendees"), 3);
    EXPECT_AT(r, "attendees.0.name", "Ann Lee");
    EXPECT_AT(r, "attendees.2.name", "Cy");
    mn_value_free(r);
}

Test(attendees, council_styles)
{
    mn_value *r = mn_test_text("Present:\n\n"
                               "- Cllr A Smith, Northshire Council\n"
                               "- Councillor Bea Jones (Southvale Council)\n"
                               "- Mrs Cara Dale OBE\n\n"
                               "Minutes\n");
    cr_assert_eq(mn_test_count(r, "attendees"), 3);
    EXPECT_AT(r, "attendees.0.name", "Cllr A Smith");
    EXPECT_AT(r, "attendees.0.organisation", "Northshire Council");
    EXPECT_AT(r, "attendees.1.name", "Councillor Bea Jones");
    EXPECT_AT(r, "attendees.1.organisation", "Southvale Council");
    EXPECT_AT(r, "attendees.1.abbr", NULL);
    EXPECT_AT(r, "attendees.2.name", "Mrs Cara Dale OBE");
    mn_value_free(r);
}

Test(attendees, no_attendance)
{
    mn_value *r = mn_test_text("Notes\n\nWe talked about the plan. Present "
                               "performance is fine.\n");
    cr_expect_not(mn_value_as_bool(mn_map_get(r, "attendance_recorded")));
    cr_expect_eq(mn_test_count(r, "attendees"), 0);
    mn_value_free(r);
}

Test(attendees, prose_after_list_ends_it)
{
    mn_value *r = mn_test_text("Present:\n\n- Ann Lee\n\nThe meeting opened "
                               "at ten, with Bob Ray, Cy Ng and others.\n");
    cr_assert_eq(mn_test_count(r, "attendees"), 1);
    mn_value_free(r);
}

/* Plain text, no blank lines: "Attendees:" under an item title, then one
 * rank-first person per line, one with an unclosed bracket. */
Test(attendees, rank_first_lines_in_folded_text)
{
    mn_value *r = mn_test_text("1. Welcome\nAttendees:\nPCC Ann Oak (AO)\n"
                               "Supt. Bo Li (BL)\nPS Cy Ng (CN\n"
                               "Di Fox (DF) – minutes\n\n"
                               "Apologies: Ed Hill (EH)\n");
    cr_assert_eq(mn_test_count(r, "attendees"), 5);
    EXPECT_AT(r, "attendees.0.name", "Ann Oak");
    EXPECT_AT(r, "attendees.0.role", "PCC");
    EXPECT_AT(r, "attendees.2.abbr", "CN");
    EXPECT_AT(r, "attendees.3.role", "minutes");
    EXPECT_AT(r, "attendees.4.status", "apologies");
    mn_value_free(r);
}

/* "Name (INIT) Role" with no separator, its "Chair, Role" and
 * "(INIT), Role, Org" variants, and an "and" inside a role. */
Test(attendees, initials_then_role_variants)
{
    mn_value *r = mn_test_text(
        "Attendance:\nAnn Oak (AO) Chair, Police and Crime Commissioner\n"
        "Bo Li (BL), Chief Finance Officer, OPCC\n"
        "Cy Ng (CN) Head of Policy and Performance\n\nApologies:\n"
        "Di Fox (DF) Deputy Police and Crime Commissioner\n");
    cr_assert_eq(mn_test_count(r, "attendees"), 4);
    EXPECT_AT(r, "attendees.0.role", "Police and Crime Commissioner");
    EXPECT_AT(r, "meeting.chair", "Ann Oak");
    EXPECT_AT(r, "attendees.1.role", "Chief Finance Officer");
    EXPECT_AT(r, "attendees.1.organisation", "OPCC");
    EXPECT_AT(r, "attendees.2.role", "Head of Policy and Performance");
    EXPECT_AT(r, "attendees.3.role", "Deputy Police and Crime Commissioner");
    mn_value_free(r);
}

/* Old council pages put everything in a layout table; a list table with
 * no header puts the council in the second cell. */
Test(attendees, layout_and_headerless_tables)
{
    mn_value *r = mn_test_html(
        "<table><tr><td><p>PRESENT: Cllr A Oak (Chair), Cllr B Li "
        "(Vice-Chair) and Cllr C Ng.</p><p>Also in attendance: Ms D Fox "
        "(Scrutiny Officer).</p></td></tr></table>"
        "<p>Apologies were received from Cllr E Hill.</p>"
        "<p>Also present:</p><table><tr><td>Cllr F Roe</td><td>Westmere "
        "District Council</td></tr></table>");
    cr_assert_eq(mn_test_count(r, "attendees"), 6);
    EXPECT_AT(r, "meeting.chair", "Cllr A Oak");
    EXPECT_AT(r, "attendees.1.role", "Vice-Chair");
    EXPECT_AT(r, "attendees.3.status", "in_attendance");
    EXPECT_AT(r, "attendees.3.role", "Scrutiny Officer");
    EXPECT_AT(r, "attendees.4.status", "apologies");
    EXPECT_AT(r, "attendees.5.organisation", "Westmere District Council");
    mn_value_free(r);
}

/* scribe.perl-style definition lists: nicknames and First_Last names; "-"
 * and the word "present" are nobody. */
Test(attendees, definition_list_nicknames)
{
    mn_value *r = mn_test_extract(
        "<dl><dt>Present</dt><dd>ann_lee, present, bob42, Cy_De_Ng</dd>"
        "<dt>Regrets</dt><dd>-</dd><dt>Chair</dt><dd>ann_lee</dd></dl>"
        "<h2>Topic</h2><p>Text.</p>",
        MN_FORMAT_HTML, "notes");
    cr_assert_eq(mn_test_count(r, "attendees"), 3);
    EXPECT_AT(r, "attendees.0.name", "ann lee");
    EXPECT_AT(r, "attendees.1.name", "bob42");
    EXPECT_AT(r, "attendees.2.name", "Cy De Ng");
    EXPECT_AT(r, "attendees.2.status", "present");
    mn_value_free(r);
}
