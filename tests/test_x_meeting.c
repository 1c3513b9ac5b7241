/*
 * Meeting pass on invented documents: labelled, ModernGov, "held on",
 * front-matter and title dates; year inference from the period and from a
 * dated reference; times; chair; body; kind; period and its contradiction
 * warning; next meeting.
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

TestSuite(x_meeting, .init = setup, .fini = teardown);

static mn_value *
extract(const char *name, const char *text)
{
    mn_doc *doc = NULL;
    mn_error err = {0};
    cr_assert_eq(mn_doc_load_memory(name, text, strlen(text), NULL, &doc, &err),
                 MN_OK, "%s", err.problem);
    mn_value *rec = NULL;
    cr_assert_eq(mn_extract(doc, rs, m, NULL, &rec, &err), MN_OK);
    mn_doc_free(doc);
    return rec;
}

static void
expect(const mn_value *rec, const char *path, const char *want)
{
    const mn_value *v = mn_value_path(rec, path);
    const char *got = mn_value_is_null(v) ? NULL : mn_value_as_str(v);
    if (!want)
        cr_expect_null(got, "%s: expected null, got '%s'", path, got);
    else
        cr_expect(got && strcmp(got, want) == 0, "%s: expected '%s', got '%s'",
                  path, want, got ? got : "(null)");
}

static bool
flag(const mn_value *rec, const char *path)
{
    return mn_value_as_bool(mn_value_path(rec, path));
}

static bool
has_warning(const mn_value *rec, const char *needle)
{
    const mn_value *w = mn_value_path(rec, "warnings");
    for (size_t i = 0; i < mn_value_len(w); i++) {
        const char *msg = mn_map_get_str(mn_list_at(w, i), "message");
        if (msg && strstr(msg, needle))
            return true;
    }
    return false;
}

Test(x_meeting, pcc_style_year_from_quarter)
{
    mn_value *rec = extract(
        "a.txt", "Quarter 2 performance – 2024/25\n\n"
                 "Date: 18th November\n\n"
                 "Time: 2.00 pm\n\n"
                 "Chair: PCC Jane Example\n\n"
                 "1. Review of actions\n\nAll closed.\n\n"
                 "6. Confirmation of next meeting type/date/time/venue:\n\n"
                 "Thematic – Estates – Monday 10th February\n");
    expect(rec, "meeting.title", "Quarter 2 performance – 2024/25");
    expect(rec, "meeting.kind", "performance");
    expect(rec, "meeting.date", "2024-11-18");
    expect(rec, "meeting.date_text", "18th November");
    cr_expect(!flag(rec, "meeting.date_certain"));
    expect(rec, "meeting.time", "14:00");
    expect(rec, "meeting.chair", "PCC Jane Example");
    cr_expect_eq(mn_value_as_int(mn_value_path(rec, "meeting.period.quarter")),
                 2);
    expect(rec, "meeting.period.financial_year", "2024/25");
    expect(rec, "meeting.period.start", "2024-07-01");
    expect(rec, "meeting.period.end", "2024-09-30");
    expect(rec, "meeting.next_meeting.date", "2025-02-10");
    expect(rec, "meeting.next_meeting.type", "Thematic – Estates");
    expect(rec, "meeting.next_meeting.date_text", "Monday 10th February");
    cr_expect(!flag(rec, "meeting.next_meeting.date_certain"));
    mn_value_free(rec);
}

Test(x_meeting, moderngov_header_line)
{
    mn_value *rec = extract(
        "b.html",
        "<html><head><title>Agenda and minutes</title></head><body>"
        "<p>Fenmoor Police and Crime Panel - Thursday 12 September 2024 "
        "2.00 pm</p><p>Venue: Shire Hall</p>"
        "<h2>Minutes:</h2><p>RESOLVED – That the minutes be approved.</p>"
        "<p>The next meeting will be held on Thursday 5 December 2024 at "
        "10am.</p></body></html>");
    expect(rec, "meeting.date", "2024-09-12");
    cr_expect(flag(rec, "meeting.date_certain"));
    expect(rec, "meeting.time", "14:00");
    expect(rec, "meeting.body", "Fenmoor Police and Crime Panel");
    expect(rec, "meeting.kind", "panel");
    expect(rec, "meeting.next_meeting.date", "2024-12-05");
    cr_expect(flag(rec, "meeting.next_meeting.date_certain"));
    mn_value_free(rec);
}

Test(x_meeting, held_on_and_in_the_chair)
{
    mn_value *rec = extract(
        "c.txt", "EXAMPLE ACCOUNTABILITY BOARD\n\n"
                 "Draft Minutes of the meeting held at Elm House at 10.30am on "
                 "Tuesday 4th March 2025\n\n"
                 "In the Chair: Councillor A Sample\n\n"
                 "1. Apologies\n\nNone.\n\n"
                 "2. Minutes\n\nThe notes of the meeting held on 3 February "
                 "2025 were agreed.\n");
    expect(rec, "meeting.date", "2025-03-04");
    expect(rec, "meeting.time", "10:30");
    expect(rec, "meeting.chair", "Councillor A Sample");
    expect(rec, "meeting.kind", "board");
    mn_value_free(rec);
}

Test(x_meeting, front_matter)
{
    mn_value *rec = extract(
        "d.md", "---\ntitle: Meeting 12 – 3 June 2021\ndate: 2021-06-03\n"
                "chair: Sam Example\n---\n\n# Agenda\n\n- Items\n\n"
                "## Notes\n\nPresent: A, B\n");
    expect(rec, "meeting.title", "Meeting 12 – 3 June 2021");
    expect(rec, "meeting.date", "2021-06-03");
    cr_expect(flag(rec, "meeting.date_certain"));
    expect(rec, "meeting.chair", "Sam Example");
    /* the front matter names the meeting, so "Agenda" is a section */
    expect(rec, "sections.0.title", "Agenda");
    mn_value_free(rec);
}

Test(x_meeting, title_dates_of_notes)
{
    static const char *const cases[][2] = {
        {"# Example TSC Meeting 2023-04-05\n\n## Present\n\n- A\n",
         "2023-04-05"},
        {"# 5 March, 2021 Meeting Notes\n\n## Agenda\n\n- A\n", "2021-03-05"},
        {"# March 6, 2021 Meeting Notes\n\n## Agenda\n\n- A\n", "2021-03-06"},
        {"# IRC Minutes from 03.11.2025\n\n## Agenda\n\n- A\n", "2025-11-03"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mn_value *rec = extract("e.md", cases[i][0]);
        expect(rec, "meeting.date", cases[i][1]);
        mn_value_free(rec);
    }
}

Test(x_meeting, year_from_a_dated_reference)
{
    mn_value *rec = extract(
        "f.txt", "Example Governance Board Notes of Meeting Tuesday 9th July, "
                 "10:00-12:00\n\n"
                 "Ref 02/09/07/2024\nPrevious notes\n\nAgreed.\n");
    expect(rec, "meeting.date", "2024-07-09");
    expect(rec, "meeting.time", "10:00");
    cr_expect(!flag(rec, "meeting.date_certain"));
    mn_value_free(rec);
}

Test(x_meeting, yearless_without_context_is_null_with_warning)
{
    mn_value *rec = extract("g.txt", "Example meeting\n\nDate: 12th May\n\n"
                                     "1. Welcome\n\nHello.\n");
    expect(rec, "meeting.date", NULL);
    expect(rec, "meeting.date_text", "12th May");
    cr_expect(has_warning(rec, "has no year"));
    mn_value_free(rec);
}

Test(x_meeting, contradicting_period_is_reported)
{
    mn_value *rec = extract(
        "h.txt", "Quarter 4 performance\n\nDate: 20th May\n\n"
                 "1. Performance\n\nThe Q4 23/24 (January – March 2023) "
                 "report was discussed.\n");
    expect(rec, "meeting.period.financial_year", "2023/24");
    expect(rec, "meeting.period.start", "2024-01-01");
    expect(rec, "meeting.date", "2024-05-20");
    cr_expect(has_warning(rec, "contradicts"));
    mn_value_free(rec);
}
