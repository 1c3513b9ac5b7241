/* Seed acceptance for the people-and-outcomes passes: the exact attendees,
 * actions, recommendations and abbreviations of the seed minutes (skipped
 * when ../shared is absent). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_test.h"

static mn_value *rec;

static void
setup(void)
{
    rec = mn_test_seed_record();
}

static void
teardown(void)
{
    mn_value_free(rec);
}

#define NEED_SEED()                                                            \
    do {                                                                       \
        if (!rec)                                                              \
            cr_skip_test("../shared/seeds not present");                       \
    } while (0)

static const char *
str(const char *path)
{
    const mn_value *v = mn_value_path(rec, path);
    return mn_value_is_null(v) ? NULL : mn_value_as_str(v);
}

static long long
num(const char *path)
{
    return mn_test_int(rec, path);
}

static void
expect_str(const char *path, const char *want)
{
    const char *got = str(path);
    if (!want) {
        cr_expect_null(got, "%s: expected null, got '%s'", path, got);
        return;
    }
    cr_expect(got && strcmp(got, want) == 0, "%s: expected '%s', got '%s'",
              path, want, got ? got : "(null)");
}

TestSuite(seed_people, .init = setup, .fini = teardown);

Test(seed_people, attendees)
{
    NEED_SEED();
    static const struct {
        const char *name, *role, *abbr;
        bool acting;
    } want[] = {
        {"John Campion", "Police and Crime Commissioner", "PCC", false},
        {"Natasha Noorbakhsh", "Senior Policy Officer", "NN", false},
        {"Nicola Lowery", "Policy Officer", "NL", false},
        {"Alex Murry", "T/Chief Constable", "T/CC", true},
        {"Richard Cooper", "T/Deputy Chief Constable", "T/DCC", true},
    };
    cr_assert(mn_value_as_bool(mn_map_get(rec, "attendance_recorded")));
    cr_assert_eq(mn_value_len(mn_map_get(rec, "attendees")), 5);
    for (size_t i = 0; i < 5; i++) {
        char p[64];
        snprintf(p, sizeof p, "attendees.%zu.name", i);
        expect_str(p, want[i].name);
        snprintf(p, sizeof p, "attendees.%zu.role", i);
        expect_str(p, want[i].role);
        snprintf(p, sizeof p, "attendees.%zu.abbr", i);
        expect_str(p, want[i].abbr);
        snprintf(p, sizeof p, "attendees.%zu.status", i);
        expect_str(p, "present");
        snprintf(p, sizeof p, "attendees.%zu.organisation", i);
        expect_str(p, NULL);
        snprintf(p, sizeof p, "attendees.%zu.acting", i);
        cr_expect_eq(mn_value_as_bool(mn_value_path(rec, p)), want[i].acting,
                     "%s", p);
        snprintf(p, sizeof p, "attendees.%zu.line", i);
        cr_expect_eq(num(p), (long long)(10 + i), "%s", p);
    }
    expect_str("meeting.chair", "John Campion");
}

Test(seed_people, actions)
{
    NEED_SEED();
    cr_assert_eq(mn_value_len(mn_map_get(rec, "actions")), 4);
    expect_str("actions.0.owner", "EH");
    expect_str("actions.0.owner_ref", NULL);
    expect_str("actions.0.text",
               "engage with OPCC Commissioning team and provide assurance "
               "that the focussed deterrence work within serious violence "
               "takes into account existing commissioned services and/or "
               "help identify any gaps");
    expect_str("actions.0.due", NULL);
    cr_expect_eq(mn_value_len(mn_value_path(rec, "actions.0.items")), 0);
    expect_str("actions.0.section", "Serious violence");
    cr_expect_eq(num("actions.0.line"), 81);

    expect_str("actions.1.owner", "OPCC");
    expect_str("actions.1.owner_ref", NULL); /* OPCC is never defined */
    expect_str("actions.1.text", "share consultee feedback on use of CSE "
                                 "and MSHT markers with the force");
    expect_str("actions.1.section", "Recommendation 4");
    cr_expect_eq(num("actions.1.line"), 118);

    expect_str("actions.2.owner", "Force");
    expect_str("actions.2.owner_ref", NULL);
    expect_str("actions.2.text", "provide");
    cr_expect_eq(mn_value_len(mn_value_path(rec, "actions.2.items")), 2);
    expect_str("actions.2.items.0",
               "Clarity on local/national guidance to ensure consistent "
               "application of CSE and/or MSHT marker");
    expect_str("actions.2.items.1",
               "Assurance that CE/MSHT markers are used appropriately to "
               "safeguard victims and support force understanding");
    expect_str("actions.2.section", "Recommendation 4");
    cr_expect_eq(num("actions.2.line"), 120);

    expect_str("actions.3.owner", "The force");
    expect_str("actions.3.owner_ref", NULL);
    expect_str("actions.3.text",
               "share the victim blaming audit when finalised");
    expect_str("actions.3.section", "Recommendation 9");
    cr_expect_eq(num("actions.3.line"), 136);
}

Test(seed_people, recommendations)
{
    NEED_SEED();
    static const struct {
        const char *kind, *number, *title;
        long long line;
        const char *text_start;
    } want[] = {
        {"recommendation", "2", "Recommendation 2", 104,
         "The T/DCC said he was satisfied"},
        {"recommendation", "4", "Recommendation 4", 110,
         "The T/DCC confirmed that the force has made significant"},
        {"recommendation", "8", "Recommendation 8", 126,
         "The T/DCC confirmed that professional development"},
        {"recommendation", "9", "Recommendation 9", 130,
         "The T/DCC confirmed that the force has undertaken"},
        {"area_for_improvement", NULL, "Area for improvement (AFI)", 138,
         "The T/DCC confirmed that in response to the AFI"},
    };
    cr_assert_eq(mn_value_len(mn_map_get(rec, "recommendations")), 5);
    for (size_t i = 0; i < 5; i++) {
        char p[64];
        snprintf(p, sizeof p, "recommendations.%zu.kind", i);
        expect_str(p, want[i].kind);
        snprintf(p, sizeof p, "recommendations.%zu.number", i);
        expect_str(p, want[i].number);
        snprintf(p, sizeof p, "recommendations.%zu.title", i);
        expect_str(p, want[i].title);
        snprintf(p, sizeof p, "recommendations.%zu.section", i);
        expect_str(p, "Quarterly HMICFRS Updates");
        snprintf(p, sizeof p, "recommendations.%zu.line", i);
        cr_expect_eq(num(p), want[i].line, "%s", p);
        snprintf(p, sizeof p, "recommendations.%zu.text", i);
        const char *t = str(p);
        cr_expect(t && strncmp(t, want[i].text_start,
                               strlen(want[i].text_start)) == 0,
                  "%s: '%s'", p, t ? t : "(null)");
    }
}

Test(seed_people, abbreviations)
{
    NEED_SEED();
    /* In order of first appearance; expansion NULL = used, never defined.
     * NN/NL are attendees' initials, so they expand to the person; CC is
     * derived from the attendee T/CC. */
    static const struct {
        const char *abbr, *expansion;
        long long line, uses;
    } want[] = {
        {"PCC", "Police and Crime Commissioner", 10, 29},
        {"NN", "Natasha Noorbakhsh", 11, 2},
        {"NL", "Nicola Lowery", 12, 1},
        {"T/CC", "T/Chief Constable", 13, 21},
        {"T/DCC", "T/Deputy Chief Constable", 14, 13},
        {"ASB", "anti-social behaviour", 30, 0},
        {"SOC", "Serious organised crime", 38, 1},
        {"CSE", "child sexual exploitation", 44, 15},
        {"OCSET", "Online Child Sexual Exploitation Team", 52, 0},
        {"CPS", NULL, 54, 1},
        {"CC", "Chief Constable", 66, 4},
        {"NHS", NULL, 75, 1},
        {"MSG", "most similar group", 77, 0},
        {"EH", NULL, 81, 1},
        {"OPCC", NULL, 81, 2},
        {"OCG", "organised crime groups", 85, 0},
        {"CHB", "Clear, Hold, Build", 87, 1},
        {"TFP", "theft from person", 93, 0},
        {"CSP", "Community Safety Partnerships", 95, 2},
        {"HMICFRS", NULL, 100, 2},
        {"MSHT", "modern slavery human trafficking", 114, 7},
        {"NRM", NULL, 114, 1},
        {"CE", NULL, 124, 1},
        {"IITCSE", NULL, 128, 1},
        {"AFI", "Area for improvement", 138, 1},
    };
    size_t n = sizeof want / sizeof want[0];
    cr_assert_eq(mn_value_len(mn_map_get(rec, "abbreviations")), n);
    for (size_t i = 0; i < n; i++) {
        char p[64];
        snprintf(p, sizeof p, "abbreviations.%zu.abbr", i);
        expect_str(p, want[i].abbr);
        snprintf(p, sizeof p, "abbreviations.%zu.expansion", i);
        expect_str(p, want[i].expansion);
        snprintf(p, sizeof p, "abbreviations.%zu.line", i);
        cr_expect_eq(num(p), want[i].line, "%s", p);
        snprintf(p, sizeof p, "abbreviations.%zu.uses", i);
        cr_expect_eq(num(p), want[i].uses, "%s (%s)", p, want[i].abbr);
    }
}
