/* Corpus acceptance for the people-and-outcomes passes: exact attendees,
 * actions and recommendations of our invented documents (corpus/, see
 * corpus/README.md for what each one plants). Run from the repo root. */
#include "mn_test.h"

TestSuite(corpus_people, .init = mn_test_setup, .fini = mn_test_teardown);

/* Rank-first attendees in a folded text paragraph, CRLF, actions inside
 * folded paragraphs, "Assurance statement:" as decisions. */
Test(corpus_people, accountability_crlf)
{
    mn_value *r = mn_test_extract_file("corpus/accountability-2023-crlf.txt");
    cr_expect_eq(mn_test_count(r, "attendees"), 11);
    cr_expect_eq(mn_test_count_where(r, "attendees", "status", "present"), 10);
    EXPECT_AT(r, "attendees.0.name", "Helena Marsh");
    EXPECT_AT(r, "attendees.0.role", "PCC");
    EXPECT_AT(r, "attendees.0.abbr", "HM");
    cr_expect_eq(mn_test_int(r, "attendees.0.line"), 8);
    EXPECT_AT(r, "attendees.5.name", "Claire Banfield");
    EXPECT_AT(r, "attendees.5.role", "Detective Supt.");
    EXPECT_AT(r, "attendees.7.name", "Lewis Carrow"); /* unclosed "(LC" */
    EXPECT_AT(r, "attendees.7.abbr", "LC");
    EXPECT_AT(r, "attendees.9.name", "Farah Quinlan");
    EXPECT_AT(r, "attendees.9.role", "minutes");
    EXPECT_AT(r, "attendees.10.name", "Simon Ketley");
    EXPECT_AT(r, "attendees.10.status", "apologies");

    cr_expect_eq(mn_test_count(r, "actions"), 5);
    EXPECT_AT(r, "actions.0.owner", "RH");
    EXPECT_AT(r, "actions.0.owner_ref", "Ruth Hallam");
    cr_expect_eq(mn_test_int(r, "actions.0.line"), 29);
    EXPECT_AT(r, "actions.1.owner", "ACC Hallam");
    EXPECT_AT(r, "actions.1.owner_ref", "Ruth Hallam");
    EXPECT_AT(r, "actions.2.owner", "GE/OP");
    EXPECT_AT(r, "actions.2.text",
              "agree a fraud prevention communications plan, including Action "
              "Fraud reporting advice, by 30.11.2023");
    EXPECT_AT(r, "actions.2.due", "2023-11-30");
    EXPECT_AT(r, "actions.3.owner", "MO");
    EXPECT_AT(
        r, "actions.3.text",
        "share the stop and search scrutiny panel findings with the OPCC");
    EXPECT_AT(r, "actions.4.owner", "Joanna and Owen");
    EXPECT_AT(r, "actions.4.owner_ref", "Joanna Birtwistle, Mr Owen Pritchard");

    cr_expect_eq(mn_test_count(r, "recommendations"), 3);
    EXPECT_AT(r, "recommendations.0.kind", "decision");
    EXPECT_AT(r, "recommendations.1.text",
              "The PCC is assured by the neighbourhood response to fraud.");
    cr_expect_eq(mn_test_int(r, "recommendations.2.line"), 43);
    mn_value_free(r);
}

/* UTF-16 "Name (INIT) Role" lists with no separator. */
Test(corpus_people, board_utf16)
{
    mn_value *r = mn_test_extract_file("corpus/board-2024-06-utf16.txt");
    cr_expect_eq(mn_test_count(r, "attendees"), 10);
    cr_expect_eq(mn_test_count_where(r, "attendees", "status", "apologies"), 2);
    EXPECT_AT(r, "attendees.0.name", "Helena Marsh");
    EXPECT_AT(r, "attendees.0.role", "Police and Crime Commissioner");
    EXPECT_AT(r, "meeting.chair", "Helena Marsh");
    EXPECT_AT(r, "attendees.4.name", "Simon Ketley");
    EXPECT_AT(r, "attendees.4.role", "Chief Finance Officer");
    EXPECT_AT(r, "attendees.4.organisation", "OPCC");
    EXPECT_AT(r, "attendees.5.organisation", "Thornbury Vale Police");
    EXPECT_AT(r, "attendees.6.role",
              "Head of Policy and Performance – Guest presenter");
    EXPECT_AT(r, "attendees.7.name", "Priya Shah");
    EXPECT_AT(r, "attendees.7.abbr", NULL);
    EXPECT_AT(r, "attendees.8.name", "Callum Reid");
    EXPECT_AT(r, "attendees.8.role", "Deputy Police and Crime Commissioner");
    EXPECT_AT(r, "attendees.9.name", "Ruth Hallam");

    cr_expect_eq(mn_test_count(r, "recommendations"), 4);
    cr_expect_eq(mn_test_count_where(r, "recommendations", "kind", "decision"),
                 4);

    cr_expect_eq(mn_test_count(r, "actions"), 4);
    EXPECT_AT(r, "actions.1.owner", "GE"); /* "…  Action: GE" after the task */
    EXPECT_AT(r, "actions.1.text",
              "The charging infrastructure plan is to be brought to the next "
              "Board");
    EXPECT_AT(r, "actions.2.owner", "MA");
    EXPECT_AT(r, "actions.2.due", "2024-07-31");
    EXPECT_AT(r, "actions.3.owner", "The Chief Finance Officer");
    EXPECT_AT(r, "actions.3.owner_ref", "Simon Ketley");
    mn_value_free(r);
}

/* A table layout, "PRESENT:" run-on line, "RESOLVED that" four times. */
Test(corpus_people, council_latin1)
{
    mn_value *r = mn_test_extract_file("corpus/council-2024-03-latin1.html");
    cr_expect_eq(mn_test_count(r, "attendees"), 11);
    cr_expect_eq(mn_test_count_where(r, "attendees", "status", "present"), 6);
    cr_expect_eq(mn_test_count_where(r, "attendees", "status", "in_attendance"),
                 3);
    cr_expect_eq(mn_test_count_where(r, "attendees", "status", "apologies"), 2);
    EXPECT_AT(r, "attendees.0.name", "Cllr P Okonjo");
    EXPECT_AT(r, "meeting.chair", "Cllr P Okonjo");
    EXPECT_AT(r, "attendees.1.role", "Vice-Chair");
    EXPECT_AT(r, "attendees.5.name", "Cllr J O’Hara");
    EXPECT_AT(r, "attendees.6.name", "Karen Whitlow");
    EXPECT_AT(r, "attendees.6.role", "Inspector");
    EXPECT_AT(r, "attendees.6.organisation", "Thornbury Vale Police");
    EXPECT_AT(r, "attendees.8.role", "Head of Finance");
    EXPECT_AT(r, "attendees.10.name", "Cllr K Ashdown");

    cr_expect_eq(mn_test_count(r, "recommendations"), 4);
    cr_expect_eq(
        mn_test_count_where(r, "recommendations", "kind", "resolution"), 4);
    EXPECT_AT(
        r, "recommendations.2.text",
        "that Cabinet be recommended to: (i) renew the town centre PSPO "
        "for three years from 1 April 2024; and (ii) include £1.2 million "
        "for CCTV replacement in the 2024–2029 capital programme.");
    cr_expect_eq(mn_test_count(r, "actions"), 0);
    mn_value_free(r);
}

/* ModernGov cells: apologies sentence, "(Chair) (Council)", "Also
 * present:", and six RESOLVED spellings incl. a numbered "1. That" list. */
Test(corpus_people, panel_moderngov)
{
    mn_value *r = mn_test_extract_file("corpus/panel-2024-09-moderngov.html");
    cr_expect_eq(mn_test_count(r, "attendees"), 13);
    cr_expect_eq(mn_test_count_where(r, "attendees", "status", "apologies"), 3);
    cr_expect_eq(mn_test_count_where(r, "attendees", "status", "present"), 7);
    cr_expect_eq(mn_test_count_where(r, "attendees", "status", "in_attendance"),
                 3);
    EXPECT_AT(r, "attendees.0.name", "Councillor Dev Anand");
    EXPECT_AT(r, "attendees.3.name", "Councillor Trevor Oakes");
    EXPECT_AT(r, "attendees.3.organisation", "Lower Vale District Council");
    EXPECT_AT(r, "meeting.chair", "Councillor Trevor Oakes");
    EXPECT_AT(r, "attendees.4.role", "Vice-Chair");
    EXPECT_AT(r, "attendees.9.name", "Mrs Sheila Woodrow MBE");
    EXPECT_AT(r, "attendees.9.role", "Independent Co-opted Member");
    EXPECT_AT(r, "attendees.10.role", "Police and Crime Commissioner");
    EXPECT_AT(r, "attendees.11.role", "Chief Executive");
    EXPECT_AT(r, "attendees.11.organisation", "OPCC");

    cr_expect_eq(mn_test_count(r, "recommendations"), 7);
    cr_expect_eq(
        mn_test_count_where(r, "recommendations", "kind", "resolution"), 7);
    EXPECT_AT(r, "recommendations.1.number", "1");
    EXPECT_AT(r, "recommendations.1.text",
              "That the Annual Report 2023/24 be noted;");
    EXPECT_AT(r, "recommendations.2.number", "2");
    EXPECT_AT(r, "recommendations.4.text", "that the update be noted.");
    cr_expect_eq(mn_test_int(r, "recommendations.6.line"), 92);
    mn_value_free(r);
}

/* Word export: "Name, Role (ABBR)" bullets, run-on apologies, "Agreed.",
 * "ACTION: SK to … (Lead: …);". */
Test(corpus_people, panel_word)
{
    mn_value *r = mn_test_extract_file("corpus/panel-2024-11-word.html");
    cr_expect_eq(mn_test_count(r, "attendees"), 8);
    EXPECT_AT(r, "attendees.0.name", "Helena Marsh");
    EXPECT_AT(r, "attendees.0.abbr", NULL);
    EXPECT_AT(r, "meeting.chair", "Helena Marsh");
    EXPECT_AT(r, "attendees.1.abbr", "DPCC");
    EXPECT_AT(r, "attendees.6.role", "Governance Officer");
    EXPECT_AT(r, "attendees.7.name", "Dawn Achterberg");
    EXPECT_AT(r, "attendees.7.role", "Head of Communications and Engagement");
    EXPECT_AT(r, "attendees.7.abbr", "DA");
    EXPECT_AT(r, "attendees.7.status", "apologies");

    cr_expect_eq(mn_test_count(r, "recommendations"), 2);
    EXPECT_AT(r, "recommendations.0.kind", "decision");
    EXPECT_AT(r, "recommendations.0.text", "Agreed");
    cr_expect_eq(mn_test_int(r, "recommendations.1.line"), 124);

    /* the implicit "It was agreed that … would be brought to the January
     * Board" is the same task as EH's explicit action */
    cr_expect_eq(mn_test_count(r, "actions"), 2);
    EXPECT_AT(r, "actions.0.owner", "SK");
    EXPECT_AT(r, "actions.0.text",
              "circulate the draft consultation wording to Board members by 26 "
              "November");
    EXPECT_AT(r, "actions.0.due", "2024-11-26");
    EXPECT_AT(r, "actions.1.owner_ref", "Eleanor Hadley");
    mn_value_free(r);
}

/* Markdown notes: a bare "Owner: task" needs a person or group as owner. */
Test(corpus_people, working_group_notes)
{
    mn_value *r = mn_test_extract_file("corpus/working-group-notes.md");
    cr_expect_eq(mn_test_count(r, "attendees"), 7);
    EXPECT_AT(r, "attendees.2.name", "Aoife Ní Bhriain");
    EXPECT_AT(r, "attendees.4.abbr", NULL);
    EXPECT_AT(r, "attendees.6.status", "apologies");
    cr_expect_eq(mn_test_count(r, "actions"), 8);
    EXPECT_AT(r, "actions.1.owner", "RO & TW");
    EXPECT_AT(r, "actions.2.owner_ref", "Jonas Falk-Heinemann");
    EXPECT_AT(r, "actions.5.owner", "Chairs");
    EXPECT_AT(r, "actions.6.owner", "Tomasz Wierzbicki");
    EXPECT_AT(r, "actions.7.owner", "Rafael");
    EXPECT_AT(r, "actions.7.due", "2024-10-24");
    const mn_value *acts = mn_map_get(r, "actions");
    for (size_t i = 0; i < mn_value_len(acts); i++) {
        const char *o = mn_map_get_str(mn_list_at(acts, i), "owner");
        cr_expect(!o || strcmp(o, "Next meeting") != 0);
    }
    cr_expect_eq(mn_test_count(r, "recommendations"), 1);
    EXPECT_AT(r, "recommendations.0.kind", "resolution");
    mn_value_free(r);
}

/* The same meeting as HTML and text gives the same people and outcomes. */
Test(corpus_people, pcc_q3_html_and_text)
{
    const char *files[] = {"corpus/pcc-q3-2024-performance.html",
                           "corpus/pcc-q3-2024-performance.txt"};
    for (size_t i = 0; i < 2; i++) {
        mn_value *r = mn_test_extract_file(files[i]);
        cr_expect_eq(mn_test_count(r, "attendees"), 7, "%s", files[i]);
        cr_expect_eq(mn_test_count(r, "actions"), 3, "%s", files[i]);
        cr_expect_eq(mn_test_count(r, "recommendations"), 2, "%s", files[i]);
        EXPECT_AT(r, "actions.0.owner", "EH");
        EXPECT_AT(r, "actions.1.owner", NULL);
        mn_value_free(r);
    }
}

/* checks/: planted defects must survive extraction so the checker sees
 * them (an ownerless action, an action with no task, a person in both
 * lists, a headerless attendee table). */
Test(corpus_people, checks_defects)
{
    mn_value *r = mn_test_extract_file("corpus/checks/defects-pcc.txt");
    cr_expect_eq(mn_test_count(r, "attendees"), 7);
    EXPECT_AT(r, "attendees.6.name", "Imran Chaudhry");
    EXPECT_AT(r, "attendees.6.status", "apologies");
    cr_expect_eq(mn_test_count(r, "actions"), 4);
    EXPECT_AT(r, "actions.0.owner", "Inspector Carlisle");
    EXPECT_AT(r, "actions.0.owner_ref", NULL);
    EXPECT_AT(r, "actions.1.owner", NULL);
    cr_expect_eq(mn_test_int(r, "actions.1.line"), 44);
    EXPECT_AT(r, "actions.2.owner_ref", "Lucy Penrose");
    EXPECT_AT(r, "actions.3.text", "BL");
    mn_value_free(r);

    r = mn_test_extract_file("corpus/checks/defects-panel.html");
    cr_expect_eq(mn_test_count(r, "attendees"), 9);
    cr_expect_eq(mn_test_count_where(r, "attendees", "status", "present"), 5);
    EXPECT_AT(r, "attendees.0.name", "Councillor Maya Ferris");
    EXPECT_AT(r, "attendees.0.organisation", "Ashcombe Borough Council");
    EXPECT_AT(r, "attendees.4.role", "Independent co-opted member");
    EXPECT_AT(r, "attendees.8.status", "apologies");
    cr_expect_eq(mn_test_count(r, "actions"), 2);
    cr_expect_eq(mn_test_count(r, "recommendations"), 1);
    mn_value_free(r);

    r = mn_test_extract_file("corpus/checks/clean-pcc.html");
    cr_expect_eq(mn_test_count(r, "attendees"), 8);
    cr_expect_eq(mn_test_count(r, "actions"), 2);
    EXPECT_AT(r, "actions.0.owner_ref", "Joanna Birtwistle");
    mn_value_free(r);

    r = mn_test_extract_file("corpus/checks/clean-notes.md");
    cr_expect_eq(mn_test_count(r, "attendees"), 6);
    cr_expect_eq(mn_test_count(r, "actions"), 2);
    mn_value_free(r);
}

/* quarters/: the q3 page and its text rendering agree; q2 counts. */
Test(corpus_people, quarters)
{
    mn_value *h = mn_test_extract_file("corpus/quarters/q3-2024-25.html");
    mn_value *t = mn_test_extract_file("corpus/quarters/q3-2024-25.txt");
    const char *lists[] = {"attendees", "actions", "recommendations"};
    for (size_t i = 0; i < 3; i++)
        cr_expect_eq(mn_test_count(h, lists[i]), mn_test_count(t, lists[i]),
                     "%s", lists[i]);
    cr_expect_eq(mn_test_count(h, "attendees"), 8);
    cr_expect_eq(mn_test_count(h, "actions"), 3);
    cr_expect_eq(mn_test_count(h, "recommendations"), 4);
    mn_value_free(h);
    mn_value_free(t);

    mn_value *r = mn_test_extract_file("corpus/quarters/q2-2024-25.txt");
    cr_expect_eq(mn_test_count(r, "attendees"), 8);
    EXPECT_AT(r, "attendees.4.abbr", "T/CC");
    EXPECT_AT(r, "attendees.7.name", "Bethan Lloyd");
    EXPECT_AT(r, "attendees.7.status", "apologies");
    cr_expect_eq(mn_test_count(r, "actions"), 3);
    EXPECT_AT(r, "actions.0.owner_ref", "Stephen Harrow");
    cr_expect_eq(mn_test_count(r, "recommendations"), 4);
    EXPECT_AT(r, "recommendations.3.kind", "area_for_improvement");
    mn_value_free(r);
}
