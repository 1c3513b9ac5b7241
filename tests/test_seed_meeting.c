/* Seed acceptance for the sections and meeting passes: the exact meeting
 * header, period, next meeting and section tree of the seed minutes, and the
 * section labels later passes read (skipped when ../shared is absent). */
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

TestSuite(seed_meeting, .init = setup, .fini = teardown);

Test(seed_meeting, profile)
{
    NEED_SEED();
    expect_str("profile", "pcc");
}

Test(seed_meeting, header)
{
    NEED_SEED();
    expect_str("meeting.title", "Quarter 3 performance – 2023/24");
    expect_str("meeting.kind", "performance");
    expect_str("meeting.date", "2024-02-26");
    expect_str("meeting.date_text", "26th February");
    cr_expect_eq(mn_value_type(mn_value_path(rec, "meeting.date_certain")),
                 MN_V_BOOL);
    cr_expect(!mn_value_as_bool(mn_value_path(rec, "meeting.date_certain")));
    cr_expect_eq(mn_value_as_int(mn_value_path(rec, "meeting.date_line")), 5);
    expect_str("meeting.time", NULL);
    expect_str("meeting.chair", "John Campion");
}

Test(seed_meeting, period)
{
    NEED_SEED();
    cr_expect_eq(mn_value_as_int(mn_value_path(rec, "meeting.period.quarter")),
                 3);
    expect_str("meeting.period.financial_year", "2023/24");
    expect_str("meeting.period.start", "2023-10-01");
    expect_str("meeting.period.end", "2023-12-31");
}

Test(seed_meeting, next_meeting)
{
    NEED_SEED();
    expect_str("meeting.next_meeting.date", "2024-04-08");
    expect_str("meeting.next_meeting.date_text", "Monday 8th April");
    expect_str("meeting.next_meeting.type", "Thematic – Budget");
    cr_expect(!mn_value_as_bool(
        mn_value_path(rec, "meeting.next_meeting.date_certain")));
    cr_expect_eq(
        mn_value_as_int(mn_value_path(rec, "meeting.next_meeting.line")), 154);
}

/* One expected section: its path in the tree, number (NULL = null), title,
 * level and line. */
typedef struct want_sec {
    const char *path;
    const char *number;
    const char *title;
    int level;
    int line;
} want_sec;

static const want_sec seed_sections[] = {
    {"sections.0", "1", "Review of Action Tracker", 1, 16},
    {"sections.1", "2", "Chief Constable Assessment on Quarterly Performance",
     1, 20},
    {"sections.1.sections.0", NULL,
     "Safer West Mercia Plan and Budget Priorities", 2, 22},
    {"sections.1.sections.1", NULL, "Public confidence", 2, 26},
    {"sections.1.sections.2", NULL, "Non- emergency contact performance", 2,
     32},
    {"sections.1.sections.3", NULL, "Serious organised crime (SOC) disruptions",
     2, 38},
    {"sections.1.sections.4", NULL, "Violent Crime Satisfaction", 2, 46},
    {"sections.1.sections.5", NULL,
     "Any other performance areas as determined by the Chief Constable", 2, 50},
    {"sections.1.sections.6", NULL,
     "Online Child Sexual Exploitation Team (OCSET)", 2, 52},
    {"sections.1.sections.7", NULL, "Crime volumes and action taken", 2, 58},
    {"sections.2", "3", "National priorities", 1, 64},
    {"sections.2.sections.0", NULL, "Serious violence", 2, 73},
    {"sections.2.sections.1", NULL, "Drugs and County lines", 2, 83},
    {"sections.2.sections.2", NULL, "Neighbourhood crime", 2, 91},
    {"sections.2.sections.3", NULL, "Quarterly HMICFRS Updates", 2, 100},
    {"sections.2.sections.3.sections.0", NULL, "Recommendation 2", 3, 104},
    {"sections.2.sections.3.sections.1", NULL, "Recommendation 4", 3, 110},
    {"sections.2.sections.3.sections.2", NULL, "Recommendation 8", 3, 126},
    {"sections.2.sections.3.sections.3", NULL, "Recommendation 9", 3, 130},
    {"sections.2.sections.3.sections.4", NULL, "Area for improvement (AFI)", 3,
     138},
    {"sections.3", "5", "Summary of Actions Arising", 1, 146},
    {"sections.4", "7", "Confirmation of next meeting type/date/time/venue", 1,
     152},
};

Test(seed_meeting, sections_exact)
{
    NEED_SEED();
    char p[160];
    for (size_t i = 0; i < sizeof seed_sections / sizeof seed_sections[0];
         i++) {
        const want_sec *w = &seed_sections[i];
        cr_assert(mn_value_path(rec, w->path), "missing %s (%s)", w->path,
                  w->title);
        snprintf(p, sizeof p, "%s.number", w->path);
        expect_str(p, w->number);
        snprintf(p, sizeof p, "%s.title", w->path);
        expect_str(p, w->title);
        snprintf(p, sizeof p, "%s.level", w->path);
        cr_expect_eq(mn_value_as_int(mn_value_path(rec, p)), w->level, "%s", p);
        snprintf(p, sizeof p, "%s.line", w->path);
        cr_expect_eq(mn_value_as_int(mn_value_path(rec, p)), w->line, "%s", p);
    }
}

Test(seed_meeting, sections_counts)
{
    NEED_SEED();
    /* No numbered list item ("1 . Clarity …", "2.Assurance …") became a
     * section, and the title is not one. */
    cr_expect_eq(mn_value_len(mn_value_path(rec, "sections")), 5);
    cr_expect_eq(mn_value_len(mn_value_path(rec, "sections.1.sections")), 8);
    cr_expect_eq(mn_value_len(mn_value_path(rec, "sections.2.sections")), 4);
    cr_expect_eq(
        mn_value_len(mn_value_path(rec, "sections.2.sections.3.sections")), 5);
    cr_expect_eq(mn_value_len(mn_value_path(rec, "sections.0.sections")), 0);
    cr_expect_eq(mn_value_len(mn_value_path(rec, "sections.3.sections")), 0);
    cr_expect_eq(mn_value_len(mn_value_path(rec, "sections.4.sections")), 0);
}
