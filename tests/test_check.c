/* Check engine: code checks on hand-built records (so they do not depend
 * on the extraction passes), config control (disable, re-level, min level,
 * packs, inline suppression), message templates, report formats, and the
 * code-check examples of rules/checks.yaml. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mn_check.h"
#include "mn_check_int.h"
#include "mn_check_report.h"
#include "mn_extract.h"
#include "mn_ruleset.h"
#include "mn_strdist.h"
#include "mn_value.h"
#include "mn_yaml.h"

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

TestSuite(check, .init = setup, .fini = teardown);

static mn_doc *
doc_of(const char *name, const char *text)
{
    mn_doc *doc = NULL;
    mn_error err = {0};
    mn_doc_options o = {.format = MN_FORMAT_AUTO};
    cr_assert_eq(mn_doc_load_memory(name, text, strlen(text), &o, &doc, &err),
                 MN_OK, "%s", err.problem);
    return doc;
}

/* A record with the skeleton's keys; profile "pcc". */
static mn_value *
record(const char *profile)
{
    mn_value *r = mn_value_map();
    mn_map_set_str(r, "profile", profile);
    mn_value *meeting = mn_value_map();
    mn_map_set_str(meeting, "date", "2024-03-04");
    mn_map_set_str(meeting, "date_text", "4 March 2024");
    mn_map_set_int(meeting, "date_line", 1);
    mn_map_set_str(meeting, "chair", "Jane Doe");
    mn_value *next = mn_value_map();
    mn_map_set_str(next, "date_text", "8 April 2024");
    mn_map_set_int(next, "line", 1);
    mn_map_set(meeting, "next_meeting", next);
    mn_map_set(r, "meeting", meeting);
    mn_map_set_bool(r, "attendance_recorded", true);
    const char *lists[] = {"attendees",       "sections", "figures",
                           "recommendations", "actions",  "abbreviations",
                           "warnings"};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
        mn_map_set(r, lists[i], mn_value_list());
    return r;
}

static void
add_attendee(mn_value *r, const char *name, const char *abbr,
             const char *status, int line)
{
    mn_value *a = mn_value_map();
    mn_map_set_str(a, "name", name);
    mn_map_set_null(a, "role");
    if (abbr)
        mn_map_set_str(a, "abbr", abbr);
    else
        mn_map_set_null(a, "abbr");
    mn_map_set_str(a, "status", status);
    mn_map_set_int(a, "line", line);
    mn_list_push(mn_map_get(r, "attendees"), a);
}

static void
add_section(mn_value *r, const char *number, const char *title, int line)
{
    mn_value *s = mn_value_map();
    if (number)
        mn_map_set_str(s, "number", number);
    else
        mn_map_set_null(s, "number");
    mn_map_set_str(s, "title", title);
    mn_map_set_int(s, "level", 1);
    mn_map_set_int(s, "line", line);
    mn_map_set(s, "sections", mn_value_list());
    mn_list_push(mn_map_get(r, "sections"), s);
}

static void
add_abbr(mn_value *r, const char *abbr, const char *expansion, int line)
{
    mn_value *a = mn_value_map();
    mn_map_set_str(a, "abbr", abbr);
    if (expansion)
        mn_map_set_str(a, "expansion", expansion);
    else
        mn_map_set_null(a, "expansion");
    mn_map_set_int(a, "line", line);
    mn_map_set_int(a, "uses", 1);
    mn_map_set_bool(a, "known", false);
    mn_list_push(mn_map_get(r, "abbreviations"), a);
}

static void
add_action(mn_value *r, const char *owner, const char *text, int line)
{
    mn_value *a = mn_value_map();
    if (owner)
        mn_map_set_str(a, "owner", owner);
    else
        mn_map_set_null(a, "owner");
    mn_map_set_null(a, "owner_ref");
    mn_map_set_str(a, "text", text);
    mn_map_set(a, "items", mn_value_list());
    mn_map_set_null(a, "section");
    mn_map_set_int(a, "line", line);
    mn_list_push(mn_map_get(r, "actions"), a);
}

/* Run the checks and return the findings (caller frees). */
static mn_findings
run(const mn_doc *doc, const mn_value *rec, const mn_check_config *cfg)
{
    mn_findings f = {0};
    mn_error err = {0};
    mn_findings_add_file(&f, mn_doc_path(doc));
    cr_assert_eq(mn_check_run(doc, rec, rs, m, cfg, &f, &err), MN_OK);
    mn_findings_sort(&f);
    return f;
}

static size_t
count_id(const mn_findings *f, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += !strcmp(f->items[i].id, id);
    return n;
}

static const mn_finding *
first_id(const mn_findings *f, const char *id)
{
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->items[i].id, id))
            return &f->items[i];
    return NULL;
}

static const char body[] = "1. Welcome\n"
                           "\n"
                           "The chair opened the meeting.\n"
                           "\n"
                           "2. Minutes\n"
                           "\n"
                           "The minutes were agreed.\n"
                           "\n"
                           "4. Finance\n"
                           "\n"
                           "The budget was noted and the RSP report too.\n";

Test(check, numbering_gap_from_record)
{
    mn_doc *doc = doc_of("m.txt", body);
    mn_value *r = record("pcc");
    add_section(r, "1", "Welcome", 1);
    add_section(r, "2", "Minutes", 5);
    add_section(r, "4", "Finance", 9);
    mn_findings f = run(doc, r, NULL);
    const mn_finding *x = first_id(&f, "sections.numbering-gap");
    cr_assert_not_null(x);
    cr_assert_eq(x->line, 9);
    cr_assert_eq(x->col, 1);
    cr_assert_str_eq(x->message, "section numbering jumps from 2 to 4");
    cr_assert_eq(x->level, MN_LEVEL_WARNING);
    cr_assert_eq(count_id(&f, "sections.numbering-repeat"), 0);
    cr_assert_eq(count_id(&f, "sections.numbering-order"), 0);
    mn_findings_free(&f);
    mn_value_free(r);
    mn_doc_free(doc);
}

Test(check, numbering_repeat_and_order)
{
    mn_doc *doc = doc_of("m.txt", body);
    mn_value *r = record("pcc");
    add_section(r, "2", "Welcome", 1);
    add_section(r, "2", "Minutes", 5);
    add_section(r, "1", "Finance", 9);
    mn_findings f = run(doc, r, NULL);
    cr_assert_eq(count_id(&f, "sections.numbering-repeat"), 1);
    cr_assert_eq(count_id(&f, "sections.numbering-order"), 1);
    cr_assert_eq(count_id(&f, "sections.numbering-gap"), 0);
    mn_findings_free(&f);
    mn_value_free(r);
    mn_doc_free(doc);
}

Test(check, required_parts_per_profile)
{
    mn_doc *doc = doc_of("m.txt", body);
    mn_value *r = record("pcc");
    mn_value *meeting = mn_map_get(r, "meeting");
    mn_map_set_null(meeting, "date");
    mn_map_set_null(meeting, "date_text");
    mn_map_set_null(meeting, "chair");
    mn_map_set_null(meeting, "next_meeting");
    mn_map_set_bool(r, "attendance_recorded", false);
    mn_findings f = run(doc, r, NULL);
    cr_assert_eq(count_id(&f, "structure.missing-date"), 1);
    cr_assert_eq(count_id(&f, "structure.missing-chair"), 1);
    cr_assert_eq(count_id(&f, "structure.missing-attendance"), 1);
    cr_assert_eq(count_id(&f, "structure.missing-next-meeting"), 1);
    cr_assert_eq(mn_findings_count(&f, MN_LEVEL_ERROR), 1);
    mn_findings_free(&f);
    /* notes: only the date is required */
    mn_map_set_str(r, "profile", "notes");
    f = run(doc, r, NULL);
    cr_assert_eq(count_id(&f, "structure.missing-date"), 1);
    cr_assert_eq(count_id(&f, "structure.missing-chair"), 0);
    cr_assert_eq(count_id(&f, "structure.missing-attendance"), 0);
    mn_findings_free(&f);
    mn_value_free(r);
    mn_doc_free(doc);
}

Test(check, date_without_year)
{
    mn_doc *doc = doc_of("m.txt", "Date: 26th February\n\nThe panel met.\n");
    mn_value *r = record("core");
    mn_value *meeting = mn_map_get(r, "meeting");
    mn_map_set_str(meeting, "date_text", "26th February");
    mn_findings f = run(doc, r, NULL);
    const mn_finding *x = first_id(&f, "dates.no-year");
    cr_assert_not_null(x);
    cr_assert_eq(x->line, 1);
    cr_assert_eq(x->col, 7);
    cr_assert_str_eq(x->message, "date '26th February' has no year");
    mn_findings_free(&f);
    mn_value_free(r);
    mn_doc_free(doc);
}

Test(check, abbreviations_undefined_typo_late_known)
{
    const char *text = "The RSP met.\n\nThe Road Safety Partnership (RSP) "
                       "met. The RPS and the NHS and the XQZ noted it.\n";
    mn_doc *doc = doc_of("m.txt", text);
    mn_value *r = record("core");
    add_abbr(r, "RSP", "Road Safety Partnership", 3);
    add_abbr(r, "RPS", NULL, 3);
    add_abbr(r, "NHS", NULL, 3);
    add_abbr(r, "XQZ", NULL, 3);
    mn_findings f = run(doc, r, NULL);
    cr_assert_eq(count_id(&f, "abbreviations.typo"), 1);
    cr_assert_str_eq(first_id(&f, "abbreviations.typo")->message,
                     "'RPS' is not defined; is it a typo of 'RSP'?");
    cr_assert_eq(count_id(&f, "abbreviations.undefined"), 1); /* XQZ only */
    cr_assert_str_eq(first_id(&f, "abbreviations.undefined")->message,
                     "abbreviation 'XQZ' is used but never defined");
    const mn_finding *late = first_id(&f, "abbreviations.late-definition");
    cr_assert_not_null(late);
    cr_assert_eq(late->line, 1);
    cr_assert_eq(late->col, 5);
    mn_findings_free(&f);
    /* known through config */
    mn_check_config *cfg = mn_check_config_new();
    mn_check_config_known_abbr(cfg, "XQZ");
    f = run(doc, r, cfg);
    cr_assert_eq(count_id(&f, "abbreviations.undefined"), 0);
    mn_findings_free(&f);
    mn_check_config_free(cfg);
    mn_value_free(r);
    mn_doc_free(doc);
}

Test(check, action_owners)
{
    mn_doc *doc = doc_of("m.txt", "Action: EH to engage.\n\nAction: Sam Roe "
                                  "to write.\n\nAction: the force to "
                                  "share.\n\nAction: circulate it.\n");
    mn_value *r = record("pcc");
    add_attendee(r, "Sam Roe", "SR", "present", 1);
    add_action(r, "EH", "engage", 1);
    add_action(r, "Sam Roe", "write", 3);
    add_action(r, "the force", "share", 5);
    add_action(r, NULL, "circulate it", 7);
    add_abbr(r, "EH", NULL, 1);
    mn_findings f = run(doc, r, NULL);
    cr_assert_eq(count_id(&f, "actions.unknown-owner"), 1);
    const mn_finding *x = first_id(&f, "actions.unknown-owner");
    cr_assert_eq(x->line, 1);
    cr_assert_eq(x->col, 9);
    cr_assert_eq(count_id(&f, "actions.no-owner"), 1);
    /* EH is reported once, as an owner, not again as an abbreviation */
    cr_assert_eq(count_id(&f, "abbreviations.undefined"), 0);
    mn_findings_free(&f);
    mn_value_free(r);
    mn_doc_free(doc);
}

Test(check, people)
{
    mn_doc *doc = doc_of("m.txt", "Present: Jane Doe, Jane Dooe, Ann Poe\n\n"
                                  "Apologies: Ann Poe\n\nThe CC spoke.\n");
    mn_value *r = record("pcc");
    add_attendee(r, "Jane Doe", NULL, "present", 1);
    add_attendee(r, "Jane Dooe", NULL, "present", 1);
    add_attendee(r, "Ann Poe", "T/CC", "present", 1);
    add_attendee(r, "Ann Poe", NULL, "apologies", 3);
    mn_findings f = run(doc, r, NULL);
    cr_assert_eq(count_id(&f, "people.near-duplicate"), 1);
    cr_assert_str_eq(first_id(&f, "people.near-duplicate")->message,
                     "'Jane Dooe' looks like another spelling of 'Jane Doe'");
    cr_assert_eq(count_id(&f, "people.present-and-apologies"), 1);
    cr_assert_eq(first_id(&f, "people.present-and-apologies")->level,
                 MN_LEVEL_ERROR);
    const mn_finding *x = first_id(&f, "people.role-abbreviation");
    cr_assert_not_null(x);
    cr_assert_eq(x->line, 5);
    cr_assert_eq(x->col, 5);
    mn_findings_free(&f);
    mn_value_free(r);
    mn_doc_free(doc);
}

Test(check, archive_spelling)
{
    mn_doc *doc = doc_of("now.txt", "Present: Jane Dooe\n\nThe panel met.\n");
    mn_value *r = record("pcc");
    add_attendee(r, "Jane Dooe", NULL, "present", 1);
    mn_value *old = record("pcc");
    add_attendee(old, "Jane Doe", NULL, "present", 12);
    mn_check_config *cfg = mn_check_config_new();
    mn_check_config_add_archive(cfg, "arch/x.html", old);
    mn_findings f = run(doc, r, cfg);
    const mn_finding *x = first_id(&f, "archive.name-spelling");
    cr_assert_not_null(x);
    cr_assert_str_eq(x->message, "attendee 'Jane Dooe' is spelled 'Jane Doe' "
                                 "in arch/x.html:12");
    mn_findings_free(&f);
    mn_check_config_free(cfg);
    mn_value_free(old);
    mn_value_free(r);
    mn_doc_free(doc);
}

Test(check, control_disable_level_min_level)
{
    mn_doc *doc = doc_of("m.txt", "Non- emergency calls were discussed.\n");
    mn_value *r = record("core");
    mn_findings f = run(doc, r, NULL);
    const mn_finding *x = first_id(&f, "typography.hyphen-space");
    cr_assert_not_null(x);
    cr_assert_eq(x->line, 1);
    cr_assert_eq(x->col, 1);
    cr_assert_str_eq(x->message,
                     "'Non- emergency': stray space after a hyphen");
    mn_findings_free(&f);

    mn_check_config *cfg = mn_check_config_new();
    mn_check_config_set_level(cfg, "typography.hyphen-space", MN_LEVEL_ERROR);
    f = run(doc, r, cfg);
    cr_assert_eq(first_id(&f, "typography.hyphen-space")->level,
                 MN_LEVEL_ERROR);
    mn_findings_free(&f);
    mn_check_config_min_level(cfg, MN_LEVEL_ERROR);
    mn_check_config_set_level(cfg, "typography.hyphen-space", MN_LEVEL_WARNING);
    f = run(doc, r, cfg);
    cr_assert_eq(f.n, 0);
    mn_findings_free(&f);
    mn_check_config_min_level(cfg, MN_LEVEL_SUGGESTION);
    mn_check_config_disable(cfg, "typography.hyphen-space");
    f = run(doc, r, cfg);
    cr_assert_eq(count_id(&f, "typography.hyphen-space"), 0);
    mn_findings_free(&f);
    mn_check_config_free(cfg);
    mn_value_free(r);
    mn_doc_free(doc);
}

Test(check, govuk_pack_default_by_profile)
{
    mn_doc *doc = doc_of("m.txt", "The Q4 figures rose by 5 per cent.\n");
    mn_value *r = record("pcc");
    mn_findings f = run(doc, r, NULL);
    cr_assert_eq(count_id(&f, "govuk.quarters"), 1);
    cr_assert_eq(count_id(&f, "govuk.per-cent"), 1);
    mn_findings_free(&f);
    mn_check_config *cfg = mn_check_config_new();
    mn_check_config_pack(cfg, "govuk", false);
    f = run(doc, r, cfg);
    cr_assert_eq(count_id(&f, "govuk.quarters"), 0);
    mn_findings_free(&f);
    mn_check_config_free(cfg);
    mn_map_set_str(r, "profile", "notes");
    f = run(doc, r, NULL);
    cr_assert_eq(count_id(&f, "govuk.per-cent"), 0);
    mn_findings_free(&f);
    mn_value_free(r);
    mn_doc_free(doc);
}

Test(check, html_accessibility_and_suppression)
{
    const char *html =
        "<html><body><h2>Minutes</h2><h4>Items</h4><p><b>Finance</b></p>"
        "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr>"
        "</table></body></html>\n";
    mn_doc *doc = doc_of("p.html", html);
    mn_value *r = record("core");
    mn_findings f = run(doc, r, NULL);
    cr_assert_eq(count_id(&f, "html.h1-count"), 1);
    cr_assert_eq(count_id(&f, "html.heading-skip"), 1);
    cr_assert_eq(count_id(&f, "html.missing-title"), 1);
    cr_assert_eq(count_id(&f, "html.missing-lang"), 1);
    cr_assert_eq(count_id(&f, "html.table-headers"), 1);
    cr_assert_eq(count_id(&f, "html.bold-heading"), 1);
    mn_findings_free(&f);
    mn_doc_free(doc);

    const char *quiet = "<html><!-- minutes: disable html.missing-lang "
                        "html --><body><h2>Minutes</h2></body></html>\n";
    doc = doc_of("q.html", quiet);
    f = run(doc, r, NULL);
    cr_assert_eq(count_id(&f, "html.missing-lang"), 0);
    cr_assert_eq(count_id(&f, "html.h1-count"), 0); /* area "html" */
    mn_findings_free(&f);
    mn_value_free(r);
    mn_doc_free(doc);
}

Test(check, dates_arithmetic)
{
    mn_doc *doc =
        doc_of("m.txt", "It met on Tuesday 8 April 2024 and again on 31 "
                        "April 2024. The Q3 report (April – June 2023) "
                        "and the Q3 report (October – December 2023) were "
                        "noted.\n");
    mn_value *r = record("core");
    mn_findings f = run(doc, r, NULL);
    const mn_finding *w = first_id(&f, "dates.weekday-mismatch");
    cr_assert_not_null(w);
    cr_assert_str_eq(w->message, "'Tuesday 8 April 2024' is a Monday, not a "
                                 "Tuesday");
    cr_assert_eq(w->col, 11);
    cr_assert_eq(count_id(&f, "dates.impossible"), 1);
    cr_assert_eq(count_id(&f, "dates.quarter-mismatch"), 1);
    mn_findings_free(&f);
    mn_value_free(r);
    mn_doc_free(doc);
}

Test(check, typography_code_checks)
{
    mn_doc *doc =
        doc_of("m.txt", "The figures (year to date were noted by the panel "
                        "and the chair asked for more.\n\n"
                        "The chair called it “ambitious and moved on to the "
                        "next item on the agenda.\n\n"
                        "The panel noted the report. The force will focus "
                        "on reducing crime and improving detection rates\n\n"
                        "We agreed :) and (it) was fine.\n");
    mn_value *r = record("core");
    mn_findings f = run(doc, r, NULL);
    cr_assert_eq(count_id(&f, "typography.unbalanced-brackets"), 1);
    cr_assert_eq(first_id(&f, "typography.unbalanced-brackets")->col, 13);
    cr_assert_eq(count_id(&f, "typography.unbalanced-quotes"), 1);
    cr_assert_eq(count_id(&f, "typography.final-punctuation"), 1);
    mn_findings_free(&f);
    mn_value_free(r);
    mn_doc_free(doc);
}

Test(check, expand_template)
{
    const char *vars[] = {"a", "x", "b", "y", NULL};
    char *s = mn_c_expand("{{a}}-{{b}}-{{c}}", vars);
    cr_assert_str_eq(s, "x-y-{{c}}");
    free(s);
    cr_assert_eq(mn_strdist("RSP", "RPS", 2), 1);
    cr_assert_eq(mn_strdist("CE", "CSE", 2), 1);
    cr_assert_eq(mn_strdist("abc", "xyz", 1), 2);
}

static void
collect(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "%s\n", line);
}

Test(check, code_check_examples)
{
    size_t total = 0;
    size_t fails = mn_check_test_examples(rs, collect, NULL, &total);
    cr_assert_gt(total, 40);
    cr_assert_eq(fails, 0, "%zu code-check examples failed", fails);
}

Test(check, config_file)
{
    char path[] = "/tmp/mn_check_cfgXXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    const char *yaml = "disable: [typography.hyphen-space]\n"
                       "levels: {dates.no-year: error}\n"
                       "packs: {govuk: false}\n"
                       "abbreviations: [XQZ]\n";
    cr_assert_eq(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
    close(fd);
    mn_check_config *cfg = mn_check_config_new();
    mn_error err = {0};
    cr_assert_eq(mn_check_config_load(cfg, path, &err), MN_OK, "%s",
                 err.problem);
    mn_doc *doc = doc_of("m.txt", "Date: 26th February\n\nNon- emergency Q4 "
                                  "XQZ.\n");
    mn_value *r = record("pcc");
    mn_map_set_str(mn_map_get(r, "meeting"), "date_text", "26th February");
    add_abbr(r, "XQZ", NULL, 3);
    mn_findings f = run(doc, r, cfg);
    cr_assert_eq(count_id(&f, "typography.hyphen-space"), 0);
    cr_assert_eq(count_id(&f, "govuk.quarters"), 0);
    cr_assert_eq(count_id(&f, "abbreviations.undefined"), 0);
    cr_assert_eq(first_id(&f, "dates.no-year")->level, MN_LEVEL_ERROR);
    mn_findings_free(&f);
    mn_value_free(r);
    mn_doc_free(doc);
    mn_check_config_free(cfg);
    /* a bad key is an error naming the file */
    FILE *fp = fopen(path, "w");
    fputs("disabel: [x]\n", fp);
    fclose(fp);
    cfg = mn_check_config_new();
    cr_assert_eq(mn_check_config_load(cfg, path, &err), MN_E_USAGE);
    cr_assert(strstr(err.problem, "disabel") != NULL);
    mn_check_config_free(cfg);
    unlink(path);
}

Test(check, report_formats)
{
    mn_findings f = {0};
    mn_findings_add_file(&f, "a.html");
    mn_findings_add(&f, "x.y", MN_LEVEL_ERROR, "bad <thing> & \"more\"",
                    "a.html", 3, 4);
    mn_findings_add(&f, "x.z", MN_LEVEL_SUGGESTION, "style", "a.html", 1, 1);
    mn_findings_sort(&f);
    cr_assert_str_eq(f.items[0].id, "x.z");
    mn_buf b;
    mn_buf_init(&b, 0);
    mn_error err = {0};
    cr_assert_eq(mn_check_report(&f, rs, MN_REPORT_TEXT, false, &b, &err),
                 MN_OK);
    cr_assert_str_eq(mn_buf_str(&b),
                     "a.html:1:1: suggestion: style [x.z]\n"
                     "a.html:3:4: error: bad <thing> & \"more\" [x.y]\n"
                     "1 error, 0 warnings, 1 suggestion in 1 file\n");
    mn_buf_clear(&b);
    cr_assert_eq(mn_check_report(&f, rs, MN_REPORT_JUNIT, false, &b, &err),
                 MN_OK);
    cr_assert(strstr(mn_buf_str(&b), "&lt;thing&gt; &amp; &quot;more&quot;"));
    cr_assert(strstr(mn_buf_str(&b), "failures=\"1\""));
    mn_buf_clear(&b);
    cr_assert_eq(mn_check_report(&f, rs, MN_REPORT_SARIF, false, &b, &err),
                 MN_OK);
    mn_value *docs = NULL;
    cr_assert_eq(mn_yaml_load("sarif", mn_buf_str(&b), b.len, &docs, &err),
                 MN_OK);
    const mn_value *root = mn_list_at(docs, 0);
    cr_assert_str_eq(mn_map_get_str(root, "version"), "2.1.0");
    cr_assert_str_eq(
        mn_value_as_str(mn_value_path(root, "runs.0.tool.driver.name")),
        "minutes");
    cr_assert_str_eq(
        mn_value_as_str(mn_value_path(root, "runs.0.results.1.level")),
        "error");
    cr_assert_eq(mn_value_as_int(mn_value_path(
                     root, "runs.0.results.1.locations.0.physicalLocation."
                           "region.startLine")),
                 3);
    mn_value_free(docs);
    mn_buf_free(&b);
    mn_findings_free(&f);
}
