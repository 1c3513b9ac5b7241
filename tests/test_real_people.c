/* Attendees, actions and resolutions of real third-party minutes in
 * ../shared/corpus-real (two or more documents per source), checked by
 * reading each document. Skipped when ../shared is absent. */
#include "mn_test.h"

#define LOAD(var, rel)                                                         \
    mn_value *var = mn_test_shared_record("corpus-real/" rel);                 \
    if (!var)                                                                  \
    cr_skip_test("../shared/corpus-real not present")

static size_t
count_status(const mn_value *rec, const char *status)
{
    return mn_test_count_where(rec, "attendees", "status", status);
}

#define ICAT                                                                   \
    "icatproject__icatproject.github.io/content/collaboration/"                \
    "communication/"

TestSuite(real_people, .init = mn_test_setup, .fini = mn_test_teardown);

/* ---- ICAT -----------------------------------------------------------------
 */

Test(real_people, icat_steering_03)
{
    LOAD(r, ICAT "steering-group/meeting-03.md");
    /* "Attendance" 6 bullets, "Apologies" 2; the "Apologies were received
     * from ..." sentence repeats the same two. */
    cr_expect_eq(mn_test_count(r, "attendees"), 8);
    cr_expect_eq(count_status(r, "present"), 6);
    cr_expect_eq(count_status(r, "apologies"), 2);
    EXPECT_AT(r, "attendees.0.name", "Steve Fisher");
    EXPECT_AT(r, "attendees.0.abbr", "SF");
    EXPECT_AT(r, "attendees.0.organisation", "STFC, Scientific Computing");
    EXPECT_AT(r, "attendees.2.name", "Andy Goetz");
    EXPECT_AT(r, "attendees.2.organisation", "ESRF");
    EXPECT_AT(r, "attendees.6.name", "Rolf Krahl");
    EXPECT_AT(r, "attendees.6.status", "apologies");
    /* the "previous meeting" table reports status; "New Actions" has 5 */
    cr_expect_eq(mn_test_count(r, "actions"), 5);
    EXPECT_AT(r, "actions.0.owner", "TG");
    EXPECT_AT(r, "actions.0.owner_ref", "Tom Griffin");
    EXPECT_AT(r, "actions.0.text",
              "Update the ToR to include a section on voting");
    cr_expect_eq(mn_test_int(r, "actions.0.line"), 100);
    EXPECT_AT(r, "actions.1.owner", "TG & BM");
    EXPECT_AT(r, "actions.1.owner_ref", "Tom Griffin, Brian Matthews");
    EXPECT_AT(r, "actions.3.owner_ref", "Shelly Ren");
    mn_value_free(r);
}

Test(real_people, icat_monthly_115)
{
    LOAD(r, ICAT "monthly-meetings/2018-meetings/"
                 "meeting-115-29th-march-2018.md");
    cr_expect(mn_value_as_bool(mn_map_get(r, "attendance_recorded")));
    cr_expect_eq(mn_test_count(r, "attendees"), 8);
    cr_expect_eq(count_status(r, "apologies"), 1);
    EXPECT_AT(r, "attendees.0.name", "Stuart Pullinger");
    EXPECT_AT(r, "attendees.0.abbr", "SP");
    EXPECT_AT(r, "attendees.4.name", "Heike");
    EXPECT_AT(r, "attendees.4.abbr", NULL);
    EXPECT_AT(r, "attendees.7.name", "Silvia Da Graca Ramos");
    EXPECT_AT(r, "attendees.7.status", "apologies");
    cr_expect_eq(mn_test_count(r, "actions"), 0);
    mn_value_free(r);
}

/* ---- nodejs ---------------------------------------------------------------
 */

Test(real_people, nodejs_2015_07_15)
{
    LOAD(r, "nodejs__TSC/meetings/2015-07-15.md");
    cr_expect_eq(mn_test_count(r, "attendees"), 16);
    EXPECT_AT(r, "attendees.0.name", "Mikeal Rogers");
    EXPECT_AT(r, "attendees.1.name", "Colin Ihrig");
    EXPECT_AT(r, "attendees.1.role", "TSC");
    EXPECT_AT(r, "attendees.1.abbr", NULL);
    EXPECT_AT(r, "attendees.12.name", "Angela Brown");
    cr_expect_eq(mn_test_count(r, "actions"), 3);
    EXPECT_AT(r, "actions.0.owner", NULL);
    cr_expect_eq(mn_test_int(r, "actions.0.line"), 72);
    EXPECT_AT(r, "actions.1.owner", "Domenic");
    EXPECT_AT(r, "actions.1.owner_ref", "Domenic Denicola");
    EXPECT_AT(r, "actions.1.text",
              "invite Mikeal to check out one of the TC39 meetings");
    EXPECT_AT(r, "actions.2.owner_ref", "Mikeal Rogers");
    mn_value_free(r);
}

Test(real_people, nodejs_2024_11_20)
{
    LOAD(r, "nodejs__TSC/meetings/2024-11-20.md");
    /* 11 "Name @handle (voting member)" bullets, one blank line inside */
    cr_expect_eq(mn_test_count(r, "attendees"), 11);
    EXPECT_AT(r, "attendees.0.name", "Antoine du Hamel");
    EXPECT_AT(r, "attendees.0.role", "voting member");
    EXPECT_AT(r, "attendees.2.name", "Ruben Bridgewater");
    cr_expect_eq(mn_test_int(r, "attendees.2.line"), 13);
    cr_expect_eq(mn_test_count(r, "actions"), 0);
    cr_expect_eq(mn_test_count(r, "recommendations"), 0);
    mn_value_free(r);
}

/* ---- tc39 -----------------------------------------------------------------
 */

Test(real_people, tc39_2012_07_24)
{
    LOAD(r, "tc39__notes/meetings/2012-07/july-24.md");
    /* an unlabelled "Name (ABBR), ..." paragraph under the title */
    cr_expect_eq(mn_test_count(r, "attendees"), 15);
    EXPECT_AT(r, "attendees.0.name", "Yehuda Katz");
    EXPECT_AT(r, "attendees.0.abbr", "YK");
    EXPECT_AT(r, "attendees.4.name", "Tom Van-Cutsem");
    EXPECT_AT(r, "attendees.4.abbr", "TVC");
    cr_expect_eq(mn_test_count(r, "actions"), 0);
    /* three "Decision:" lines; the third follows "Need summary." in the
     * same paragraph */
    cr_expect_eq(mn_test_count(r, "recommendations"), 3);
    EXPECT_AT(r, "recommendations.0.kind", "decision");
    cr_expect_eq(mn_test_int(r, "recommendations.0.line"), 131);
    cr_expect_eq(mn_test_int(r, "recommendations.2.line"), 477);
    mn_value_free(r);
}

Test(real_people, tc39_2023_05_18)
{
    LOAD(r, "tc39__notes/meetings/2023-05/may-18.md");
    cr_expect_eq(mn_test_count(r, "attendees"), 27);
    EXPECT_AT(r, "attendees.0.name", "Jordan Harband");
    EXPECT_AT(r, "attendees.0.abbr", "JHD");
    EXPECT_AT(r, "attendees.0.organisation", "Invited Expert");
    EXPECT_AT(r, "attendees.3.name", "Ben Allen");
    EXPECT_AT(r, "attendees.3.organisation", "Igalia");
    cr_expect_eq(mn_test_count(r, "actions"), 0);
    mn_value_free(r);
}

/* ---- w3c publ-wg ----------------------------------------------------------
 */

Test(real_people, publ_wg_2018_03_12)
{
    LOAD(r, "w3c__publ-wg/Meetings/Minutes/2018/2018-03-12-minutes.md");
    /* one name is in both Present and Regrets: both kept */
    cr_expect_eq(count_status(r, "present"), 33);
    cr_expect_eq(count_status(r, "apologies"), 7);
    EXPECT_AT(r, "attendees.0.name", "Deborah Kaplan");
    EXPECT_AT(r, "attendees.33.name", "Evan Owens");
    EXPECT_AT(r, "attendees.33.status", "apologies");
    cr_expect_eq(mn_test_count(r, "recommendations"), 32);
    EXPECT_AT(r, "recommendations.0.kind", "resolution");
    EXPECT_AT(r, "recommendations.0.number", "1");
    EXPECT_AT(r, "recommendations.0.text", "close issue 1");
    cr_expect_eq(mn_test_int(r, "recommendations.0.line"), 150);
    cr_expect_eq(mn_test_count(r, "actions"), 0);
    mn_value_free(r);
}

Test(real_people, publ_wg_2019_08_05)
{
    LOAD(r, "w3c__publ-wg/Meetings/Minutes/2019/2019-08-05-pwg.md");
    cr_expect_eq(mn_test_count(r, "attendees"), 27);
    EXPECT_AT(r, "attendees.0.name", "Ivan Herman");
    /* two actions; the "Action Items" summary repeats them */
    cr_expect_eq(mn_test_count(r, "actions"), 2);
    EXPECT_AT(r, "actions.0.owner", "Ivan Herman");
    EXPECT_AT(r, "actions.0.owner_ref", "Ivan Herman");
    EXPECT_AT(r, "actions.0.text", "create a separate LPF repository");
    cr_expect_eq(mn_test_int(r, "actions.0.line"), 338);
    cr_expect_eq(mn_test_int(r, "actions.1.line"), 430);
    cr_expect_eq(mn_test_count(r, "recommendations"), 10);
    mn_value_free(r);
}

/* ---- w3c wot --------------------------------------------------------------
 */

Test(real_people, wot_ai_next_steps)
{
    LOAD(r, "w3c__wot/minutes/main/20251022/AI.README.md");
    cr_expect_not(mn_value_as_bool(mn_map_get(r, "attendance_recorded")));
    cr_expect_eq(mn_test_count(r, "actions"), 10);
    EXPECT_AT(r, "actions.0.owner", "Sebastian");
    cr_expect_eq(mn_test_int(r, "actions.0.line"), 8);
    EXPECT_AT(r, "actions.3.owner", "Ben");
    EXPECT_AT(r, "actions.3.text",
              "Re-forward email to Dave with profile document resolution "
              "links");
    mn_value_free(r);
}

Test(real_people, wot_td_scribe_html)
{
    LOAD(r, "w3c__wot/minutes/td/20251002/minutes.html");
    cr_expect_eq(mn_test_count(r, "attendees"), 7);
    EXPECT_AT(r, "attendees.0.name", "Daniel Peintner");
    EXPECT_AT(r, "attendees.6.name", "Vignesh Vaidyanathan");
    cr_expect_eq(count_status(r, "apologies"), 0); /* "Regrets: -" */
    mn_value_free(r);
}

/* ---- immersive-web --------------------------------------------------------
 */

Test(real_people, immersive_irc_log_has_no_attendance)
{
    LOAD(r, "immersive-web__administrivia/TPAC-2020/minutes1102.txt");
    cr_expect_not(mn_value_as_bool(mn_map_get(r, "attendance_recorded")));
    cr_expect_eq(mn_test_count(r, "attendees"), 0);
    cr_expect_eq(mn_test_count(r, "actions"), 0);
    mn_value_free(r);
}

/* scribe.perl HTML saved as .md (read as HTML): the <dl> Present list of
 * IRC nicknames and First_Last names. */
Test(real_people, immersive_scribe_markdown)
{
    LOAD(r, "immersive-web__administrivia/meetings/wg/"
            "2018-10-02-Immersive_Web_Working_Group_Teleconference-"
            "minutes.md");
    cr_expect_eq(mn_test_count(r, "attendees"), 16);
    EXPECT_AT(r, "attendees.0.name", "cwilso");
    EXPECT_AT(r, "attendees.1.name", "Dominique Hazael-Massieux");
    cr_expect_eq(mn_test_count(r, "actions"), 0);
    mn_value_free(r);
}

/* Nicknames as written; the literal word "present" scribe.perl leaves in
 * the list is nobody; Regrets are apologies. */
Test(real_people, immersive_scribe_nicknames_and_regrets)
{
    LOAD(r, "immersive-web__administrivia/meetings/wg/"
            "2018-11-13-Immersive_Web_Working_Group_Teleconference-"
            "minutes.md");
    cr_expect_eq(mn_test_count(r, "attendees"), 9);
    EXPECT_AT(r, "attendees.0.name", "dom");
    EXPECT_AT(r, "attendees.2.name", "LocMDao");
    EXPECT_AT(r, "attendees.3.name", "Tony Brainwaive");
    EXPECT_AT(r, "attendees.7.status", "present");
    EXPECT_AT(r, "attendees.8.name", "ChrisW");
    EXPECT_AT(r, "attendees.8.status", "apologies");
    EXPECT_AT(r, "meeting.chair", "Ada");
    cr_expect_eq(mn_test_count(r, "actions"), 0);
    cr_expect_eq(mn_test_count(r, "recommendations"), 0);
    mn_value_free(r);
}
