/*
 * Real third-party minutes (../shared/corpus-real, read only, skipped when
 * absent): meeting title and date and the exact section tree of at least two
 * documents per folder, checked by hand against the files. Expectations are
 * values, never copied passages.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_extract.h"
#include "mn_ruleset.h"
#include "mn_value.h"

typedef struct want_sec {
    const char *path;
    const char *number;
    const char *title;
    int level;
    int line;
} want_sec;

typedef struct want_doc {
    const char *file;
    const char *title;
    const char *date;
    const want_sec *secs;
    size_t nsecs;
    size_t ntop;
} want_doc;

static const want_sec icat_monthly_2014_secs[] = {
    {"sections.0", NULL, "Agenda", 1, 6},
    {"sections.1", NULL, "Notes", 1, 16},
    {"sections.2", NULL, "Actions", 1, 96},
};
static const want_doc icat_monthly_2014 = {
    "icatproject__icatproject.github.io/content/collaboration/communication/"
    "monthly-meetings/2014-meetings/meeting-74-29-may-2014.md",
    "Meeting 74 – 29 May 2014",
    "2014-05-29",
    icat_monthly_2014_secs,
    sizeof icat_monthly_2014_secs / sizeof icat_monthly_2014_secs[0],
    3};

static const want_sec icat_steering_03_secs[] = {
    {"sections.0", NULL, "ICAT Steering Group Meeting #3", 1, 5},
    {"sections.0.sections.0", "1", "Welcome", 2, 24},
    {"sections.0.sections.1", "2", "Actions of the previous meeting", 2, 28},
    {"sections.0.sections.2", "3", "Review of membership", 2, 45},
    {"sections.0.sections.3", "4", "Status of Components", 2, 48},
    {"sections.0.sections.4", "5", "Roadmap", 2, 54},
    {"sections.0.sections.4.sections.0", NULL, "Facility requests/comments", 3,
     58},
    {"sections.0.sections.5", "7", "Website", 2, 78},
    {"sections.0.sections.6", "8", "Review of ICAT resources", 2, 82},
    {"sections.0.sections.6.sections.0", NULL, "No business", 3, 84},
    {"sections.0.sections.7", "9", "AOB.", 2, 86},
    {"sections.0.sections.7.sections.0", NULL, "No business", 3, 88},
    {"sections.0.sections.8", "10", "Next meeting/Developer meeting", 2, 90},
    {"sections.0.sections.8.sections.0", NULL, "New Actions", 3, 96},
};
static const want_doc icat_steering_03 = {
    "icatproject__icatproject.github.io/content/collaboration/communication/"
    "steering-group/meeting-03.md",
    "Meeting 03",
    "2015-12-09",
    icat_steering_03_secs,
    sizeof icat_steering_03_secs / sizeof icat_steering_03_secs[0],
    1};

static const want_sec nodejs_2017_secs[] = {
    {"sections.0", NULL, "Links", 1, 3},
    {"sections.1", NULL, "Agenda", 1, 28},
    {"sections.1.sections.0", NULL, "Announcements", 2, 30},
    {"sections.1.sections.1", NULL, "nodejs/node", 2, 34},
    {"sections.1.sections.2", NULL, "nodejs/TSC", 2, 40},
    {"sections.1.sections.3", NULL, "nodejs/admin", 2, 55},
    {"sections.1.sections.4", NULL, "nodejs/summit", 2, 65},
    {"sections.2", NULL, "Q&A, Other", 1, 70},
    {"sections.3", NULL, "Upcoming Meetings", 1, 74},
};
static const want_doc nodejs_2017 = {
    "nodejs__TSC/meetings/2017-11-08.md",
    "Node.js Foundation Technical Steering Committee (TSC) Meeting 2017-11-08",
    "2017-11-08",
    nodejs_2017_secs,
    sizeof nodejs_2017_secs / sizeof nodejs_2017_secs[0],
    4};

static const want_sec nodejs_2024_secs[] = {
    {"sections.0", NULL, "Links", 1, 3},
    {"sections.1", NULL, "Agenda", 1, 23},
    {"sections.1.sections.0", NULL, "Announcements", 2, 25},
    {"sections.1.sections.1", NULL, "CPC and Board Meeting Updates", 2, 29},
    {"sections.1.sections.2", NULL, "nodejs/node", 2, 33},
    {"sections.1.sections.3", NULL, "nodejs/admin", 2, 90},
    {"sections.2", NULL, "Strategic Initiatives", 1, 110},
    {"sections.3", NULL, "Upcoming Meetings", 1, 112},
};
static const want_doc nodejs_2024 = {
    "nodejs__TSC/meetings/2024-01-24.md",
    "Node.js Technical Steering Committee (TSC) Meeting 2024-01-24",
    "2024-01-24",
    nodejs_2024_secs,
    sizeof nodejs_2024_secs / sizeof nodejs_2024_secs[0],
    4};

static const want_sec tc39_summary_secs[] = {
    {"sections.0", NULL, "New Proposals", 1, 5},
    {"sections.0.sections.0", NULL, "Advanced to Stage 1", 2, 8},
    {"sections.1", NULL, "Existing Proposals", 1, 11},
    {"sections.1.sections.0", NULL, "Advanced to Stage 4", 2, 13},
    {"sections.1.sections.1", NULL, "Advanced to Stage 3", 2, 17},
    {"sections.1.sections.2", NULL, "Advanced to Stage 2", 2, 21},
    {"sections.1.sections.3", NULL, "Needs more discussion/information", 2, 24},
    {"sections.1.sections.4", NULL, "Updates", 2, 28},
    {"sections.1.sections.5", NULL, "Withdrawn", 2, 32},
    {"sections.2", NULL, "Changes to existing specification", 1, 35},
    {"sections.2.sections.0", NULL,
     "Consensus Reached Pull Requests and Issues", 2, 37},
    {"sections.2.sections.1", NULL, "Rejected Pull Requests", 2, 43},
    {"sections.2.sections.2", NULL, "Needs more discussion/information", 2, 46},
    {"sections.3", NULL, "Breakout Sessions", 1, 51},
    {"sections.4", NULL, "Organizational update", 1, 62},
};
static const want_doc tc39_summary = {
    "tc39__notes/meetings/2018-11/summary.md",
    "Summary for the 67th meeting of Ecma TC39",
    NULL,
    tc39_summary_secs,
    sizeof tc39_summary_secs / sizeof tc39_summary_secs[0],
    5};

static const want_sec publ_2017_secs[] = {
    {"sections.0", NULL, "Publishing WG Telco — Minutes", 1, 6},
    {"sections.0.sections.0", NULL, "See also the Agenda and the IRC Log", 2,
     11},
    {"sections.0.sections.1", NULL, "Guests", 2, 18},
    {"sections.0.sections.2", NULL, "Content", 2, 23},
    {"sections.0.sections.2.sections.0", "1", "terminology issues", 3, 53},
    {"sections.0.sections.2.sections.1", "2", "web packaging spec", 3, 387},
    {"sections.0.sections.2.sections.2", "3", "Identifier and locators", 3,
     428},
    {"sections.0.sections.2.sections.3", "4", "FPWD contribution status", 3,
     542},
    {"sections.0.sections.2.sections.4", "5", "Resolutions", 3, 575},
};
static const want_doc publ_2017 = {
    "w3c__publ-wg/Meetings/Minutes/2017/2017-07-31-minutes.md",
    "Publishing WG Telco — 2017-07-31",
    "2017-07-31",
    publ_2017_secs,
    sizeof publ_2017_secs / sizeof publ_2017_secs[0],
    1};

static const want_sec publ_2019_secs[] = {
    {"sections.0", NULL, "Publishing Working Group Telco — Minutes", 1, 134},
    {"sections.0.sections.0", NULL, "See also the Agenda and the IRC Log", 2,
     139},
    {"sections.0.sections.1", NULL, "Guests", 2, 147},
    {"sections.0.sections.2", NULL, "Content", 2, 153},
    {"sections.0.sections.2.sections.0", "1", "publication schedules", 3, 172},
    {"sections.0.sections.2.sections.0.sections.0", "1.1", "WPUB and UCR Notes",
     4, 179},
    {"sections.0.sections.2.sections.0.sections.1", "1.2",
     "rec-track publications (Audiobooks and manifest) and Lightweight "
     "Packaging",
     4, 255},
    {"sections.0.sections.2.sections.0.sections.2", "1.3", "planning", 4, 463},
    {"sections.0.sections.2.sections.1", "2", "Misc", 3, 470},
    {"sections.0.sections.2.sections.2", "3", "Resolutions", 3, 492},
    {"sections.0.sections.2.sections.3", "4", "Action Items", 3, 501},
};
static const want_doc publ_2019 = {
    "w3c__publ-wg/Meetings/Minutes/2019/2019-08-05-pwg.md",
    "Publishing Working Group Telco — 2019-08-05",
    "2019-08-05",
    publ_2019_secs,
    sizeof publ_2019_secs / sizeof publ_2019_secs[0],
    1};

static const want_sec wot_td_secs[] = {
    {"sections.0", NULL, "Meeting minutes", 1, 54},
    {"sections.0.sections.0", NULL, "Minutes", 2, 58},
    {"sections.0.sections.1", NULL, "Quick Schedule", 2, 64},
    {"sections.0.sections.1.sections.0", NULL, "URI vs IRI", 3, 65},
    {"sections.0.sections.2", NULL, "Common definitions", 2, 144},
    {"sections.0.sections.3", NULL, "Bindings", 2, 162},
};
static const want_doc wot_td = {"w3c__wot/minutes/td/20251015/minutes.html",
                                "WoT Thing Description",
                                "2025-10-15",
                                wot_td_secs,
                                sizeof wot_td_secs / sizeof wot_td_secs[0],
                                1};

static const want_sec wot_main_secs[] = {
    {"sections.0", NULL, "Minutes", 1, 17},
    {"sections.1", NULL, "Meeting minutes", 1, 22},
    {"sections.2", NULL, "Minutes", 1, 26},
    {"sections.3", NULL, "Calander Events", 1, 68},
    {"sections.4", NULL, "Publication Process", 1, 78},
    {"sections.5", NULL, "Charter", 1, 84},
};
static const want_doc wot_main = {"w3c__wot/minutes/main/20251015/Readme.md",
                                  "IRC Minutes from 15.10.2025",
                                  "2025-10-15",
                                  wot_main_secs,
                                  sizeof wot_main_secs /
                                      sizeof wot_main_secs[0],
                                  6};

static const want_sec tc39_july_numbered[] = {
    {"sections.1", "4.1", "AWB Presents changes resulting in latest drafts", 1,
     21},
    {"sections.2", "4.5", "RegEx \"Web Reality\"", 1, 72},
    {"sections.3", "4.7", "Adding forEach to Map and Set", 1, 135},
    {"sections.4", "4.9", "getClassNameOf", 1, 141},
    {"sections.5", "6", "Internationalization Standard", 1, 208},
    {"sections.5.sections.1", "6.1",
     "Last call for feedback before final draft", 2, 214},
    {"sections.5.sections.2", "6.2",
     "Microsoft and Google are implementing prototypes", 2, 247},
    {"sections.7", "4.1", "(cont) Processing full Unicode Source Code", 1, 337},
    {"sections.8", "4.13", "Destructuring Issues", 1, 379},
};
static const want_doc tc39_july = {"tc39__notes/meetings/2012-07/july-24.md",
                                   "July 24, 2012 Meeting Notes",
                                   "2012-07-24",
                                   tc39_july_numbered,
                                   sizeof tc39_july_numbered /
                                       sizeof tc39_july_numbered[0],
                                   0};

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

static const char *
shared_dir(void)
{
    return getenv("MN_SHARED") ? getenv("MN_SHARED") : "../shared";
}

/* The record of one corpus-real file, or NULL (test skipped) when absent. */
static mn_value *
extract_real(const char *file, mn_doc **docp)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/corpus-real/%s", shared_dir(), file);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fclose(f);
    mn_error err = {0};
    mn_doc *doc = NULL;
    cr_assert_eq(mn_doc_load_file(path, NULL, &doc, &err), MN_OK, "%s",
                 err.problem);
    mn_value *rec = NULL;
    cr_assert_eq(mn_extract(doc, rs, m, NULL, &rec, &err), MN_OK);
    if (docp)
        *docp = doc;
    else
        mn_doc_free(doc);
    return rec;
}

static const char *
str(const mn_value *rec, const char *path)
{
    const mn_value *v = mn_value_path(rec, path);
    return mn_value_is_null(v) ? NULL : mn_value_as_str(v);
}

static void
expect_str(const mn_value *rec, const char *path, const char *want,
           const char *file)
{
    const char *got = str(rec, path);
    if (!want) {
        cr_expect_null(got, "%s: %s: expected null, got '%s'", file, path, got);
        return;
    }
    cr_expect(got && strcmp(got, want) == 0, "%s: %s: expected '%s', got '%s'",
              file, path, want, got ? got : "(null)");
}

static void
check_doc(const want_doc *w)
{
    mn_value *rec = extract_real(w->file, NULL);
    if (!rec)
        cr_skip_test("../shared/corpus-real not present");
    expect_str(rec, "profile", "notes", w->file);
    expect_str(rec, "meeting.title", w->title, w->file);
    expect_str(rec, "meeting.date", w->date, w->file);
    if (w->ntop)
        cr_expect_eq(mn_value_len(mn_value_path(rec, "sections")), w->ntop,
                     "%s: top-level sections", w->file);
    char p[200];
    for (size_t i = 0; i < w->nsecs; i++) {
        const want_sec *s = &w->secs[i];
        if (!mn_value_path(rec, s->path)) {
            cr_expect(false, "%s: missing %s (%s)", w->file, s->path, s->title);
            continue;
        }
        snprintf(p, sizeof p, "%s.number", s->path);
        expect_str(rec, p, s->number, w->file);
        snprintf(p, sizeof p, "%s.title", s->path);
        expect_str(rec, p, s->title, w->file);
        snprintf(p, sizeof p, "%s.level", s->path);
        cr_expect_eq(mn_value_as_int(mn_value_path(rec, p)), s->level, "%s: %s",
                     w->file, p);
        snprintf(p, sizeof p, "%s.line", s->path);
        cr_expect_eq(mn_value_as_int(mn_value_path(rec, p)), s->line, "%s: %s",
                     w->file, p);
    }
    mn_value_free(rec);
}

TestSuite(real_sections, .init = setup, .fini = teardown);

Test(real_sections, icat_monthly_markdown)
{
    check_doc(&icat_monthly_2014);
}
Test(real_sections, icat_steering_escaped_numbers)
{
    check_doc(&icat_steering_03);
}
Test(real_sections, nodejs_2017)
{
    check_doc(&nodejs_2017);
}
Test(real_sections, nodejs_2024)
{
    check_doc(&nodejs_2024);
}
Test(real_sections, tc39_summary)
{
    check_doc(&tc39_summary);
}
Test(real_sections, tc39_numbered_headings)
{
    check_doc(&tc39_july);
}
Test(real_sections, publ_wg_2017)
{
    check_doc(&publ_2017);
}
Test(real_sections, publ_wg_2019)
{
    check_doc(&publ_2019);
}
Test(real_sections, wot_scribe_html)
{
    check_doc(&wot_td);
}
Test(real_sections, wot_markdown)
{
    check_doc(&wot_main);
}

Test(real_sections, icat_steering_time_and_body)
{
    mn_value *rec = extract_real(icat_steering_03.file, NULL);
    if (!rec)
        cr_skip_test("../shared/corpus-real not present");
    expect_str(rec, "meeting.time", "15:00", icat_steering_03.file);
    expect_str(rec, "meeting.body", "ICAT Steering Group",
               icat_steering_03.file);
    expect_str(rec, "meeting.date_text", "9th December 2015",
               icat_steering_03.file);
    cr_expect(mn_value_as_bool(mn_value_path(rec, "meeting.date_certain")));
    mn_value_free(rec);
}

Test(real_sections, publ_wg_chair_from_front_matter)
{
    mn_value *rec = extract_real(publ_2019.file, NULL);
    if (!rec)
        cr_skip_test("../shared/corpus-real not present");
    expect_str(rec, "meeting.chair", "Garth Conboy", publ_2019.file);
    mn_value_free(rec);
}

/* The IRC log has no headings and no written meeting header: nothing may be
 * invented. */
Test(real_sections, immersive_irc_log)
{
    const char *f = "immersive-web__administrivia/TPAC-2020/minutes1102.txt";
    mn_value *rec = extract_real(f, NULL);
    if (!rec)
        cr_skip_test("../shared/corpus-real not present");
    cr_expect_eq(mn_value_len(mn_value_path(rec, "sections")), 0);
    expect_str(rec, "meeting.title", NULL, f);
    expect_str(rec, "meeting.chair", NULL, f);
    mn_value_free(rec);
}

/* scribe.perl HTML inside a .md file: the group heading names the meeting,
 * the date heading dates it. Needs the markdown tokeniser to read raw HTML
 * blocks; skipped (with the reason) while it keeps them as one paragraph. */
Test(real_sections, immersive_scribe_markdown)
{
    const char *f = "immersive-web__administrivia/meetings/wg/"
                    "2018-11-13-Immersive_Web_Working_Group_Teleconference-"
                    "minutes.md";
    mn_doc *doc = NULL;
    mn_value *rec = extract_real(f, &doc);
    if (!rec)
        cr_skip_test("../shared/corpus-real not present");
    bool raw =
        mn_doc_block_count(doc) > 0 && mn_doc_block(doc, 0)->text[0] == '<';
    mn_doc_free(doc);
    if (raw) {
        mn_value_free(rec);
        cr_skip_test("markdown tokeniser keeps raw HTML blocks as text");
    }
    expect_str(rec, "meeting.title", "Immersive Web Working Group teleconf", f);
    expect_str(rec, "meeting.date", "2018-11-13", f);
    mn_value_free(rec);
}
