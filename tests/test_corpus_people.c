/* Corpus acceptance for the people-and-outcomes passes: exact attendees,
 * actions and recommendations of our invented documents (corpus/, see
 * corpus/README.md for what each one plants). Run from the repo root. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
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
extract(const char *path)
{
    mn_error err = {0};
    mn_doc *doc = NULL;
    mn_value *rec = NULL;
    cr_assert_eq(mn_doc_load_file(path, NULL, &doc, &err), MN_OK, "%s: %s",
                 path, err.problem);
    cr_assert_eq(mn_extract(doc, rs, m, NULL, &rec, &err), MN_OK, "%s",
                 err.problem);
    mn_doc_free(doc);
    return rec;
}

static const char *
str(const mn_value *r, const char *path)
{
    const mn_value *v = mn_value_path(r, path);
    return !v || mn_value_is_null(v) ? NULL : mn_value_as_str(v);
}

static size_t
count(const mn_value *r, const char *list)
{
    return mn_value_len(mn_map_get(r, list));
}

static size_t
count_where(const mn_value *r, const char *list, const char *key,
            const char *want)
{
    const mn_value *l = mn_map_get(r, list);
    size_t n = 0;
    for (size_t i = 0; i < mn_value_len(l); i++) {
        const char *v = mn_map_get_str(mn_list_at(l, i), key);
        n += v && strcmp(v, want) == 0;
    }
    return n;
}

static long long
num(const mn_value *r, const char *path)
{
    return mn_value_as_int(mn_value_path(r, path));
}

#define EXPECT(r, path, want)                                                  \
    do {                                                                       \
        const char *got_ = str(r, path);                                       \
        const char *want_ = (want);                                            \
        if (!want_)                                                            \
            cr_expect_null(got_, "%s: expected null, got '%s'", path, got_);   \
        else                                                                   \
            cr_expect(got_ &&strcmp(got_, want_) == 0,                         \
                      "%s: expected '%s', got '%s'", path, want_,              \
                      got_ ? got_ : "(null)");                                 \
    } while (0)

TestSuite(corpus_people, .init = setup, .fini = teardown);

/* Rank-first attendees in a folded text paragraph, CRLF, actions inside
 * folded paragraphs, "Assurance statement:" as decisions. */
Test(corpus_people, accountability_crlf)
{
    mn_value *r = extract("corpus/accountability-2023-crlf.txt");
    cr_expect_eq(count(r, "attendees"), 11);
    cr_expect_eq(count_where(r, "attendees", "status", "present"), 10);
    EXPECT(r, "attendees.0.name", "Helena Marsh");
    EXPECT(r, "attendees.0.role", "PCC");
    EXPECT(r, "attendees.0.abbr", "HM");
    cr_expect_eq(num(r, "attendees.0.line"), 8);
    EXPECT(r, "attendees.5.name", "Claire Banfield");
    EXPECT(r, "attendees.5.role", "Detective Supt.");
    EXPECT(r, "attendees.7.name", "Lewis Carrow"); /* unclosed "(LC" */
    EXPECT(r, "attendees.7.abbr", "LC");
    EXPECT(r, "attendees.9.name", "Farah Quinlan");
    EXPECT(r, "attendees.9.role", "minutes");
    EXPECT(r, "attendees.10.name", "Simon Ketley");
    EXPECT(r, "attendees.10.status", "apologies");

    cr_expect_eq(count(r, "actions"), 5);
    EXPECT(r, "actions.0.owner", "RH");
    EXPECT(r, "actions.0.owner_ref", "Ruth Hallam");
    cr_expect_eq(num(r, "actions.0.line"), 29);
    EXPECT(r, "actions.1.owner", "ACC Hallam");
    EXPECT(r, "actions.1.owner_ref", "Ruth Hallam");
    EXPECT(r, "actions.2.owner", "GE/OP");
    EXPECT(r, "actions.2.text",
           "agree a fraud prevention communications plan, including Action "
           "Fraud reporting advice, by 30.11.2023");
    EXPECT(r, "actions.2.due", "2023-11-30");
    EXPECT(r, "actions.3.owner", "MO");
    EXPECT(r, "actions.3.text",
           "share the stop and search scrutiny panel findings with the OPCC");
    EXPECT(r, "actions.4.owner", "Joanna and Owen");
    EXPECT(r, "actions.4.owner_ref", "Joanna Birtwistle, Mr Owen Pritchard");

    cr_expect_eq(count(r, "recommendations"), 3);
    EXPECT(r, "recommendations.0.kind", "decision");
    EXPECT(r, "recommendations.1.text",
           "The PCC is assured by the neighbourhood response to fraud.");
    cr_expect_eq(num(r, "recommendations.2.line"), 43);
    mn_value_free(r);
}

/* UTF-16 "Name (INIT) Role" lists with no separator. */
Test(corpus_people, board_utf16)
{
    mn_value *r = extract("corpus/board-2024-06-utf16.txt");
    cr_expect_eq(count(r, "attendees"), 10);
    cr_expect_eq(count_where(r, "attendees", "status", "apologies"), 2);
    EXPECT(r, "attendees.0.name", "Helena Marsh");
    EXPECT(r, "attendees.0.role", "Police and Crime Commissioner");
    EXPECT(r, "meeting.chair", "Helena Marsh");
    EXPECT(r, "attendees.4.name", "Simon Ketley");
    EXPECT(r, "attendees.4.role", "Chief Finance Officer");
    EXPECT(r, "attendees.4.organisation", "OPCC");
    EXPECT(r, "attendees.5.organisation", "Thornbury Vale Police");
    EXPECT(r, "attendees.6.role",
           "Head of Policy and Performance – Guest presenter");
    EXPECT(r, "attendees.7.name", "Priya Shah");
    EXPECT(r, "attendees.7.abbr", NULL);
    EXPECT(r, "attendees.8.name", "Callum Reid");
    EXPECT(r, "attendees.8.role", "Deputy Police and Crime Commissioner");
    EXPECT(r, "attendees.9.name", "Ruth Hallam");

    cr_expect_eq(count(r, "recommendations"), 4);
    cr_expect_eq(count_where(r, "recommendations", "kind", "decision"), 4);

    cr_expect_eq(count(r, "actions"), 4);
    EXPECT(r, "actions.1.owner", "GE"); /* "…  Action: GE" after the task */
    EXPECT(r, "actions.1.text",
           "The charging infrastructure plan is to be brought to the next "
           "Board");
    EXPECT(r, "actions.2.owner", "MA");
    EXPECT(r, "actions.2.due", "2024-07-31");
    EXPECT(r, "actions.3.owner", "The Chief Finance Officer");
    EXPECT(r, "actions.3.owner_ref", "Simon Ketley");
    mn_value_free(r);
}

/* A table layout, "PRESENT:" run-on line, "RESOLVED that" four times. */
Test(corpus_people, council_latin1)
{
    mn_value *r = extract("corpus/council-2024-03-latin1.html");
    cr_expect_eq(count(r, "attendees"), 11);
    cr_expect_eq(count_where(r, "attendees", "status", "present"), 6);
    cr_expect_eq(count_where(r, "attendees", "status", "in_attendance"), 3);
    cr_expect_eq(count_where(r, "attendees", "status", "apologies"), 2);
    EXPECT(r, "attendees.0.name", "Cllr P Okonjo");
    EXPECT(r, "meeting.chair", "Cllr P Okonjo");
    EXPECT(r, "attendees.1.role", "Vice-Chair");
    EXPECT(r, "attendees.5.name", "Cllr J O’Hara");
    EXPECT(r, "attendees.6.name", "Karen Whitlow");
    EXPECT(r, "attendees.6.role", "Inspector");
    EXPECT(r, "attendees.6.organisation", "Thornbury Vale Police");
    EXPECT(r, "attendees.8.role", "Head of Finance");
    EXPECT(r, "attendees.10.name", "Cllr K Ashdown");

    cr_expect_eq(count(r, "recommendations"), 4);
    cr_expect_eq(count_where(r, "recommendations", "kind", "resolution"), 4);
    EXPECT(r, "recommendations.2.text",
           "that Cabinet be recommended to: (i) renew the town centre PSPO "
           "for three years from 1 April 2024; and (ii) include £1.2 million "
           "for CCTV replacement in the 2024–2029 capital programme.");
    cr_expect_eq(count(r, "actions"), 0);
    mn_value_free(r);
}

/* ModernGov cells: apologies sentence, "(Chair) (Council)", "Also
 * present:", and six RESOLVED spellings incl. a numbered "1. That" list. */
Test(corpus_people, panel_moderngov)
{
    mn_value *r = extract("corpus/panel-2024-09-moderngov.html");
    cr_expect_eq(count(r, "attendees"), 13);
    cr_expect_eq(count_where(r, "attendees", "status", "apologies"), 3);
    cr_expect_eq(count_where(r, "attendees", "status", "present"), 7);
    cr_expect_eq(count_where(r, "attendees", "status", "in_attendance"), 3);
    EXPECT(r, "attendees.0.name", "Dev Anand");
    EXPECT(r, "attendees.3.name", "Councillor Trevor Oakes");
    EXPECT(r, "attendees.3.organisation", "Lower Vale District Council");
    EXPECT(r, "meeting.chair", "Councillor Trevor Oakes");
    EXPECT(r, "attendees.4.role", "Vice-Chair");
    EXPECT(r, "attendees.9.name", "Mrs Sheila Woodrow MBE");
    EXPECT(r, "attendees.9.role", "Independent Co-opted Member");
    EXPECT(r, "attendees.10.role", "Police and Crime Commissioner");
    EXPECT(r, "attendees.11.role", "Chief Executive");
    EXPECT(r, "attendees.11.organisation", "OPCC");

    cr_expect_eq(count(r, "recommendations"), 7);
    cr_expect_eq(count_where(r, "recommendations", "kind", "resolution"), 7);
    EXPECT(r, "recommendations.1.number", "1");
    EXPECT(r, "recommendations.1.text",
           "That the Annual Report 2023/24 be noted;");
    EXPECT(r, "recommendations.2.number", "2");
    EXPECT(r, "recommendations.4.text", "that the update be noted.");
    cr_expect_eq(num(r, "recommendations.6.line"), 92);
    mn_value_free(r);
}

/* Word export: "Name, Role (ABBR)" bullets, run-on apologies, "Agreed.",
 * "ACTION: SK to … (Lead: …);". */
Test(corpus_people, panel_word)
{
    mn_value *r = extract("corpus/panel-2024-11-word.html");
    cr_expect_eq(count(r, "attendees"), 8);
    EXPECT(r, "attendees.0.name", "Helena Marsh");
    EXPECT(r, "attendees.0.abbr", NULL);
    EXPECT(r, "meeting.chair", "Helena Marsh");
    EXPECT(r, "attendees.1.abbr", "DPCC");
    EXPECT(r, "attendees.6.role", "Governance Officer");
    EXPECT(r, "attendees.7.name", "Dawn Achterberg");
    EXPECT(r, "attendees.7.role", "Head of Communications and Engagement");
    EXPECT(r, "attendees.7.abbr", "DA");
    EXPECT(r, "attendees.7.status", "apologies");

    cr_expect_eq(count(r, "recommendations"), 2);
    EXPECT(r, "recommendations.0.kind", "decision");
    EXPECT(r, "recommendations.0.text", "Agreed");
    cr_expect_eq(num(r, "recommendations.1.line"), 124);

    /* the implicit "It was agreed that … would be brought to the January
     * Board" is the same task as EH's explicit action */
    cr_expect_eq(count(r, "actions"), 2);
    EXPECT(r, "actions.0.owner", "SK");
    EXPECT(r, "actions.0.text",
           "circulate the draft consultation wording to Board members by 26 "
           "November");
    EXPECT(r, "actions.0.due", "2024-11-26");
    EXPECT(r, "actions.1.owner_ref", "Eleanor Hadley");
    mn_value_free(r);
}

/* Markdown notes: a bare "Owner: task" needs a person or group as owner. */
Test(corpus_people, working_group_notes)
{
    mn_value *r = extract("corpus/working-group-notes.md");
    cr_expect_eq(count(r, "attendees"), 7);
    EXPECT(r, "attendees.2.name", "Aoife Ní Bhriain");
    EXPECT(r, "attendees.4.abbr", NULL);
    EXPECT(r, "attendees.6.status", "apologies");
    cr_expect_eq(count(r, "actions"), 8);
    EXPECT(r, "actions.1.owner", "RO & TW");
    EXPECT(r, "actions.2.owner_ref", "Jonas Falk-Heinemann");
    EXPECT(r, "actions.5.owner", "Chairs");
    EXPECT(r, "actions.6.owner", "Tomasz Wierzbicki");
    EXPECT(r, "actions.7.owner", "Rafael");
    EXPECT(r, "actions.7.due", "2024-10-24");
    const mn_value *acts = mn_map_get(r, "actions");
    for (size_t i = 0; i < mn_value_len(acts); i++) {
        const char *o = mn_map_get_str(mn_list_at(acts, i), "owner");
        cr_expect(!o || strcmp(o, "Next meeting") != 0);
    }
    cr_expect_eq(count(r, "recommendations"), 1);
    EXPECT(r, "recommendations.0.kind", "resolution");
    mn_value_free(r);
}

/* The same meeting as HTML and text gives the same people and outcomes. */
Test(corpus_people, pcc_q3_html_and_text)
{
    const char *files[] = {"corpus/pcc-q3-2024-performance.html",
                           "corpus/pcc-q3-2024-performance.txt"};
    for (size_t i = 0; i < 2; i++) {
        mn_value *r = extract(files[i]);
        cr_expect_eq(count(r, "attendees"), 7, "%s", files[i]);
        cr_expect_eq(count(r, "actions"), 3, "%s", files[i]);
        cr_expect_eq(count(r, "recommendations"), 2, "%s", files[i]);
        EXPECT(r, "actions.0.owner", "EH");
        EXPECT(r, "actions.1.owner", NULL);
        mn_value_free(r);
    }
}

/* checks/: planted defects must survive extraction so the checker sees
 * them (an ownerless action, an action with no task, a person in both
 * lists, a headerless attendee table). */
Test(corpus_people, checks_defects)
{
    mn_value *r = extract("corpus/checks/defects-pcc.txt");
    cr_expect_eq(count(r, "attendees"), 7);
    EXPECT(r, "attendees.6.name", "Imran Chaudhry");
    EXPECT(r, "attendees.6.status", "apologies");
    cr_expect_eq(count(r, "actions"), 4);
    EXPECT(r, "actions.0.owner", "Inspector Carlisle");
    EXPECT(r, "actions.0.owner_ref", NULL);
    EXPECT(r, "actions.1.owner", NULL);
    cr_expect_eq(num(r, "actions.1.line"), 44);
    EXPECT(r, "actions.2.owner_ref", "Lucy Penrose");
    EXPECT(r, "actions.3.text", "BL");
    mn_value_free(r);

    r = extract("corpus/checks/defects-panel.html");
    cr_expect_eq(count(r, "attendees"), 9);
    cr_expect_eq(count_where(r, "attendees", "status", "present"), 5);
    EXPECT(r, "attendees.0.name", "Councillor Maya Ferris");
    EXPECT(r, "attendees.0.organisation", "Ashcombe Borough Council");
    EXPECT(r, "attendees.4.role", "Independent co-opted member");
    EXPECT(r, "attendees.8.status", "apologies");
    cr_expect_eq(count(r, "actions"), 2);
    cr_expect_eq(count(r, "recommendations"), 1);
    mn_value_free(r);

    r = extract("corpus/checks/clean-pcc.html");
    cr_expect_eq(count(r, "attendees"), 8);
    cr_expect_eq(count(r, "actions"), 2);
    EXPECT(r, "actions.0.owner_ref", "Joanna Birtwistle");
    mn_value_free(r);

    r = extract("corpus/checks/clean-notes.md");
    cr_expect_eq(count(r, "attendees"), 6);
    cr_expect_eq(count(r, "actions"), 2);
    mn_value_free(r);
}

/* quarters/: the q3 page and its text rendering agree; q2 counts. */
Test(corpus_people, quarters)
{
    mn_value *h = extract("corpus/quarters/q3-2024-25.html");
    mn_value *t = extract("corpus/quarters/q3-2024-25.txt");
    const char *lists[] = {"attendees", "actions", "recommendations"};
    for (size_t i = 0; i < 3; i++)
        cr_expect_eq(count(h, lists[i]), count(t, lists[i]), "%s", lists[i]);
    cr_expect_eq(count(h, "attendees"), 8);
    cr_expect_eq(count(h, "actions"), 3);
    cr_expect_eq(count(h, "recommendations"), 4);
    mn_value_free(h);
    mn_value_free(t);

    mn_value *r = extract("corpus/quarters/q2-2024-25.txt");
    cr_expect_eq(count(r, "attendees"), 8);
    EXPECT(r, "attendees.4.abbr", "T/CC");
    EXPECT(r, "attendees.7.name", "Bethan Lloyd");
    EXPECT(r, "attendees.7.status", "apologies");
    cr_expect_eq(count(r, "actions"), 3);
    EXPECT(r, "actions.0.owner_ref", "Stephen Harrow");
    cr_expect_eq(count(r, "recommendations"), 4);
    EXPECT(r, "recommendations.3.kind", "area_for_improvement");
    mn_value_free(r);
}
