/* Abbreviations pass: definitions by initials, plurals, possessives,
 * glossaries, rank variants, and tokens that are not abbreviations. */
#include "mn_test.h"

TestSuite(abbrev, .init = mn_test_setup, .fini = mn_test_teardown);

Test(abbrev, definitions_uses_and_noise)
{
    mn_value *r = mn_test_text(
        "The panel discussed anti-social behaviour (ASB) and the Office of "
        "the Police and Crime Commissioner (the OPCC).\n\n"
        "ASB fell. The OPCC’s plan covers active organised crime groups "
        "(OCGs); OCGs are down. The NHS helped.\n\n"
        "See part II and Q3 at 10 AM. OK.\n");
    cr_assert_eq(mn_test_count(r, "abbreviations"), 4);
    EXPECT_AT(r, "abbreviations.0.abbr", "ASB");
    EXPECT_AT(r, "abbreviations.0.expansion", "anti-social behaviour");
    cr_expect_eq(mn_value_as_int(mn_value_path(r, "abbreviations.0.uses")), 1);
    EXPECT_AT(r, "abbreviations.1.abbr", "OPCC");
    EXPECT_AT(r, "abbreviations.1.expansion",
              "Office of the Police and Crime Commissioner");
    cr_expect_eq(mn_value_as_int(mn_value_path(r, "abbreviations.1.uses")), 1);
    EXPECT_AT(r, "abbreviations.2.abbr", "OCG");
    EXPECT_AT(r, "abbreviations.2.expansion", "organised crime groups");
    EXPECT_AT(r, "abbreviations.3.abbr", "NHS");
    EXPECT_AT(r, "abbreviations.3.expansion", NULL);
    cr_expect_eq(mn_value_as_int(mn_value_path(r, "abbreviations.3.line")), 3);
    mn_value_free(r);
}

Test(abbrev, attendee_abbreviations_and_rank_variant)
{
    mn_value *r = mn_test_text("Present:\n\n- Jo Bell (JB) – Treasurer\n"
                               "- Sam Roe – T/Chief Constable (T/CC)\n\n"
                               "Minutes\n\nJB and the CC spoke.\n");
    EXPECT_AT(r, "abbreviations.0.abbr", "JB");
    EXPECT_AT(r, "abbreviations.0.expansion", "Jo Bell");
    EXPECT_AT(r, "abbreviations.1.abbr", "T/CC");
    EXPECT_AT(r, "abbreviations.1.expansion", "T/Chief Constable");
    EXPECT_AT(r, "abbreviations.2.abbr", "CC");
    EXPECT_AT(r, "abbreviations.2.expansion", "Chief Constable");
    cr_expect_eq(mn_value_as_int(mn_value_path(r, "abbreviations.2.line")), 8);
    mn_value_free(r);
}

Test(abbrev, glossary_and_all_caps_heading)
{
    mn_value *r = mn_test_md("# NOTES OF THE MEETING\n\nThe MSG met.\n\n"
                             "## Glossary\n\n- MSG – Most similar group\n");
    cr_assert_eq(mn_test_count(r, "abbreviations"), 1);
    EXPECT_AT(r, "abbreviations.0.abbr", "MSG");
    EXPECT_AT(r, "abbreviations.0.expansion", "Most similar group");
    cr_expect_eq(mn_value_as_int(mn_value_path(r, "abbreviations.0.line")), 7);
    mn_value_free(r);
}
