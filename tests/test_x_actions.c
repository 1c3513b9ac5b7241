/* Actions pass: the action-line variants of formats.md §5 (invented
 * wording), owner parsing and resolution, items, tables, and what is not
 * an action. */
#include "mn_test.h"

TestSuite(actions, .init = mn_test_setup, .fini = mn_test_teardown);

Test(actions, line_variants_and_owners)
{
    mn_value *r = mn_test_text(
        "Present:\n\n- Ann Lee (AL) – Chair\n- Sam Roe – T/Chief Constable "
        "(T/CC)\n\n"
        "1. Business\n\n"
        "Action: AL to circulate the revised plan by 31 March 2025.\n\n"
        "Action – CC/AL to review the policy\n\n"
        "Action KL to contact the supplier\n\n"
        "ACTION: GH to brief staff (Lead: IJ);\n\n"
        "Action: Send the note to members.  Action: RJ\n\n"
        "Action Item for Sam: draft the release notes\n\n"
        "ACTION 5.1: Write the test plan (AL)\n\n"
        "Ann will circulate the draft (ACTION).\n\n"
        "Action Fraud referrals rose and the action taken rate fell.\n\n"
        "Action 73.0 – this was completed last month.\n\n"
        "We must take action on the action tracker.\n");
    cr_assert_eq(mn_test_count(r, "actions"), 8);
    EXPECT_AT(r, "actions.0.owner", "AL");
    EXPECT_AT(r, "actions.0.owner_ref", "Ann Lee");
    EXPECT_AT(r, "actions.0.text",
              "circulate the revised plan by 31 March 2025");
    EXPECT_AT(r, "actions.0.due", "2025-03-31");
    EXPECT_AT(r, "actions.1.owner", "CC/AL");
    EXPECT_AT(r, "actions.1.owner_ref", "Sam Roe, Ann Lee");
    EXPECT_AT(r, "actions.2.owner", "KL");
    EXPECT_AT(r, "actions.2.owner_ref", NULL);
    EXPECT_AT(r, "actions.2.text", "contact the supplier");
    EXPECT_AT(r, "actions.3.owner", "GH");
    EXPECT_AT(r, "actions.3.text", "brief staff");
    EXPECT_AT(r, "actions.4.owner", "RJ");
    EXPECT_AT(r, "actions.4.text", "Send the note to members");
    EXPECT_AT(r, "actions.5.owner", "Sam");
    EXPECT_AT(r, "actions.5.owner_ref", "Sam Roe");
    EXPECT_AT(r, "actions.6.owner", "AL");
    EXPECT_AT(r, "actions.6.text", "Write the test plan");
    EXPECT_AT(r, "actions.7.owner", "Ann");
    EXPECT_AT(r, "actions.7.owner_ref", "Ann Lee");
    EXPECT_AT(r, "actions.7.text", "circulate the draft");
    cr_expect_eq(mn_value_as_int(mn_value_path(r, "actions.0.line")), 8);
    mn_value_free(r);
}

Test(actions, items_after_colon)
{
    mn_value *r = mn_test_text("Action: The board to agree:\n\n"
                               "1. A budget for the year\n\n"
                               "2. A date for the review\n\n"
                               "Other business was noted.\n");
    cr_assert_eq(mn_test_count(r, "actions"), 1);
    EXPECT_AT(r, "actions.0.owner", "The board");
    EXPECT_AT(r, "actions.0.text", "agree");
    cr_assert_eq(mn_test_count(r, "actions.0.items"), 2);
    EXPECT_AT(r, "actions.0.items.1", "A date for the review");
    mn_value_free(r);
}

/* Lower-case glue ("of", "and") inside a capitalised title is still a
 * subject; a lower-case clause is not. */
Test(actions, glue_words_in_owner)
{
    mn_value *r =
        mn_test_text("Action: Head of Finance to review the budget.\n\n"
                     "Action: Circulate the plan to members.\n");
    cr_assert_eq(mn_test_count(r, "actions"), 2);
    EXPECT_AT(r, "actions.0.owner", "Head of Finance");
    EXPECT_AT(r, "actions.0.text", "review the budget");
    EXPECT_AT(r, "actions.1.owner", NULL);
    mn_value_free(r);
}

Test(actions, next_steps_owner_lines_and_tables)
{
    mn_value *r = mn_test_extract(
        "# Call\n\nChairs: this line is not under next steps.\n\n"
        "## Next steps\n\n- Chairs: schedule the next call\n"
        "- Ann Lee : update the draft\n\n"
        "## Previous actions\n\n"
        "| No. | Detail | Resp. | Status |\n|---|---|---|---|\n"
        "| 1.1 | Old thing | AL | Done |\n\n"
        "## New Actions\n\n"
        "| No. | Detail | Resp. |\n|---|---|---|\n"
        "| 2.1 | Book the room | AL |\n| 2.2 | Order food | BR & AL |\n",
        MN_FORMAT_MARKDOWN, "notes");
    cr_assert_eq(mn_test_count(r, "actions"), 4);
    EXPECT_AT(r, "actions.0.owner", "Chairs");
    EXPECT_AT(r, "actions.0.text", "schedule the next call");
    EXPECT_AT(r, "actions.1.owner", "Ann Lee");
    EXPECT_AT(r, "actions.2.text", "Book the room");
    EXPECT_AT(r, "actions.2.owner", "AL");
    EXPECT_AT(r, "actions.3.owner", "BR & AL");
    mn_value_free(r);
}

Test(actions, verb_first_task_has_no_owner)
{
    mn_value *r = mn_test_text("Action: Circulate the revised plan to all "
                               "members.\n");
    cr_assert_eq(mn_test_count(r, "actions"), 1);
    EXPECT_AT(r, "actions.0.owner", NULL);
    EXPECT_AT(r, "actions.0.text", "Circulate the revised plan to all members");
    mn_value_free(r);
}

/* Plain text folds lines without a blank line between them into one
 * paragraph; an action may still start on any line after a full stop. */
Test(actions, actions_inside_folded_text_paragraph)
{
    mn_value *r = mn_test_text(
        "Attendees:\nDCC Sam Roe (SR)\nMs Kim Lee (KL)\n\n"
        "The force reported a rise in fraud.\n"
        "Action – DCC Roe to review the plan, including Action Fraud "
        "advice, by 14.02.2025.\n"
        "Kim asked about training.\n"
        "Action KL to book the venue\n");
    cr_assert_eq(mn_test_count(r, "actions"), 2);
    EXPECT_AT(r, "actions.0.owner", "DCC Roe");
    EXPECT_AT(r, "actions.0.owner_ref", "Sam Roe");
    EXPECT_AT(r, "actions.0.due", "2025-02-14");
    EXPECT_AT(r, "actions.1.owner", "KL");
    EXPECT_AT(r, "actions.1.text", "book the venue");
    mn_value_free(r);
}

/* Under "Next steps" a bare "X: task" line needs an owner that reads as a
 * person or group, not a label. */
Test(actions, bare_line_owner_must_be_a_person_or_group)
{
    mn_value *r =
        mn_test_extract("## Next steps\n\nEditors: tidy the glossary\n\n"
                        "Next meeting: 2025-03-04 (online)\n\n"
                        "Venue: Room 2\n\nAnn Lee: send the slides\n",
                        MN_FORMAT_MARKDOWN, "notes");
    cr_assert_eq(mn_test_count(r, "actions"), 2);
    EXPECT_AT(r, "actions.0.owner", "Editors");
    EXPECT_AT(r, "actions.1.owner", "Ann Lee");
    mn_value_free(r);
}

/* "The Head of Finance will …" resolves to whoever holds that role. */
Test(actions, owner_by_role)
{
    mn_value *r = mn_test_md("Present:\n\n- Bo Li – Head of Finance (BL)\n\n"
                             "Action: The Head of Finance will send the "
                             "budget.\n");
    cr_assert_eq(mn_test_count(r, "actions"), 1);
    EXPECT_AT(r, "actions.0.owner_ref", "Bo Li");
    mn_value_free(r);
}
