/*
 * `minutes report FILE [-o report.html]`: the review page for the author of
 * the minutes (extract, run the checks, render one self-contained HTML
 * file), and `minutes report --diff OLD NEW`: the change list between two
 * meetings rendered the same way. Exit 0 when the page was written, whatever
 * it shows; 2/3/4 as for extract.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mn_alloc.h"
#include "mn_check.h"
#include "mn_diff.h"
#include "mn_extract.h"
#include "mn_html_report.h"
#include "out.h"
#include "records.h"

#define MAX_OPT_VALUES 64

typedef struct report_opts {
    const char *output; /* NULL: stdout */
    const char *profile;
    const char *config;
    mn_format input_format;
    const char *rules[MAX_OPT_VALUES];
    size_t nrules;
    const char *files[2];
    size_t nfiles;
    bool diff, no_config, no_checks;
} report_opts;

static void
usage(FILE *f)
{
    fputs("usage: minutes report FILE [-o report.html]\n"
          "       minutes report --diff OLD NEW [-o changes.html]\n"
          "Writes one self-contained HTML page (no script, no external "
          "resource):\nthe document with what was extracted highlighted, "
          "the findings of the\npublication checks in place, and tables of "
          "actions and figures; with --diff,\nthe changes between two "
          "meetings (documents or YAML records).\n"
          "  -o, --output FILE     write here (atomically) instead of stdout\n"
          "  --no-checks           do not run the publication checks\n"
          "  --config FILE         check config instead of the nearest "
          ".minutes.yaml\n"
          "  --no-config           ignore .minutes.yaml\n"
          "  --profile NAME        force a rule profile\n"
          "  --rules PATH          extra rule pack (repeatable)\n"
          "  --input-format html|text|markdown\n"
          "Exit: 0 page written, 2 usage or I/O, 3 rule error, 4 "
          "undecodable input.\n",
          f);
}

static int
take_value(report_opts *o, const char *a, const char *v)
{
    if (!strcmp(a, "-o") || !strcmp(a, "--output"))
        o->output = v;
    else if (!strcmp(a, "--profile"))
        o->profile = v;
    else if (!strcmp(a, "--config"))
        o->config = v;
    else if (!strcmp(a, "--rules") && o->nrules < MAX_OPT_VALUES)
        o->rules[o->nrules++] = v;
    else if (!strcmp(a, "--input-format") || !strcmp(a, "--format")) {
        if (!cli_parse_format(v, &o->input_format)) {
            cli_error("report: unknown format '%s' (html, text, markdown)", v);
            return -1;
        }
    } else
        return 0;
    return 1;
}

/* 0 to go on, 1 after --help, -1 on a usage error (reported). */
static int
parse_args(int argc, char **argv, report_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 1;
        }
        if (!strcmp(a, "--diff"))
            o->diff = true;
        else if (!strcmp(a, "--no-config"))
            o->no_config = true;
        else if (!strcmp(a, "--no-checks"))
            o->no_checks = true;
        else if (a[0] == '-' && a[1] != '\0') {
            int took = v ? take_value(o, a, v) : 0;
            if (took < 0)
                return -1;
            if (took == 0) {
                cli_error("report: unknown or incomplete option '%s'", a);
                usage(stderr);
                return -1;
            }
            i++;
        } else if (o->nfiles < 2) {
            o->files[o->nfiles++] = a;
        } else {
            cli_error("report: too many inputs ('%s')", a);
            return -1;
        }
    }
    size_t want = o->diff ? 2 : 1;
    if (o->nfiles > want) {
        cli_error("report: too many inputs; give one document, or --diff "
                  "OLD NEW");
        return -1;
    }
    if (o->nfiles != want) {
        cli_error(o->diff ? "report: --diff needs two inputs, OLD and NEW"
                          : "report: give one document (or --diff OLD NEW)");
        usage(stderr);
        return -1;
    }
    return 0;
}

static int
write_page(const report_opts *o, const mn_buf *page)
{
    mn_error err = {0};
    if (o->output) {
        if (out_mkdirs_for(o->output, &err) != MN_OK ||
            out_write_atomic(o->output, mn_buf_str(page), page->len, &err) !=
                MN_OK) {
            cli_report(&err);
            return MN_EXIT_USAGE;
        }
        return MN_EXIT_OK;
    }
    if (fwrite(mn_buf_str(page), 1, page->len, stdout) != page->len ||
        fflush(stdout) != 0) {
        cli_error("report: writing to stdout failed");
        return MN_EXIT_USAGE;
    }
    return MN_EXIT_OK;
}

/* Run the checks; a failing check run is reported and the page is still
 * made, without findings, because the record alone is worth seeing. */
static int
run_checks(const report_opts *o, const mn_doc *doc, const mn_value *rec,
           const mn_ruleset *rs, mn_matcher *m, mn_findings *f)
{
    if (o->no_checks)
        return MN_EXIT_OK;
    mn_check_config *cfg = mn_check_config_new();
    int rc = cli_load_check_config(o->no_config, o->config, cfg);
    mn_error err = {0};
    if (rc == MN_EXIT_OK) {
        mn_findings_add_file(f, mn_doc_path(doc));
        if (mn_check_run(doc, rec, rs, m, cfg, f, &err) != MN_OK)
            cli_report(&err);
        else
            mn_findings_sort(f);
    }
    mn_check_config_free(cfg);
    return rc;
}

static int
render_document(const report_opts *o, mn_doc *doc, const mn_ruleset *rs,
                mn_matcher *m)
{
    mn_extract_options xo = {.profile = o->profile};
    mn_value *rec = NULL;
    mn_error err = {0};
    if (mn_extract(doc, rs, m, &xo, &rec, &err) != MN_OK) {
        cli_report(&err);
        return MN_EXIT_USAGE;
    }
    mn_findings f = {0};
    int rc = run_checks(o, doc, rec, rs, m, &f);
    mn_buf page;
    mn_buf_init(&page, 0);
    if (rc == MN_EXIT_OK) {
        if (mn_html_report(doc, rec, &f, &page, &err) != MN_OK) {
            cli_report(&err);
            rc = MN_EXIT_USAGE;
        } else {
            rc = write_page(o, &page);
        }
    }
    mn_buf_free(&page);
    mn_findings_free(&f);
    mn_value_free(rec);
    return rc;
}

static int
report_one(const report_opts *o)
{
    mn_doc_options dopt = {.format = o->input_format};
    mn_doc *doc = NULL;
    mn_error err = {0};
    mn_status st = mn_doc_load_file(o->files[0], &dopt, &doc, &err);
    if (st != MN_OK) {
        cli_report(&err);
        return cli_exit_for(st);
    }
    mn_ruleset *rs = NULL;
    int rc = cli_load_ruleset(o->rules, o->nrules, &rs);
    if (rc == MN_EXIT_OK) {
        mn_matcher *m = mn_matcher_new(rs);
        rc = render_document(o, doc, rs, m);
        mn_matcher_free(m);
    }
    mn_ruleset_free(rs);
    mn_doc_free(doc);
    return rc;
}

static int
report_diff(const report_opts *o)
{
    records_ctx ctx = {
        .rules = o->rules, .nrules = o->nrules, .profile = o->profile};
    mn_value *recs[2] = {NULL, NULL}, *texts[2] = {NULL, NULL};
    int rc = MN_EXIT_OK;
    for (size_t i = 0; i < 2 && rc == MN_EXIT_OK; i++)
        rc = records_load(&ctx, o->files[i], &recs[i], &texts[i]);
    if (rc == MN_EXIT_OK) {
        mn_diff_options d;
        mn_diff_options_init(&d);
        d.new_text = texts[1];
        mn_value *changes = mn_diff_records(recs[0], recs[1], &d);
        mn_buf page;
        mn_buf_init(&page, 0);
        mn_error err = {0};
        if (mn_html_report_diff(changes, texts[0], o->files[0], texts[1],
                                o->files[1], &page, &err) != MN_OK) {
            cli_report(&err);
            rc = MN_EXIT_USAGE;
        } else {
            rc = write_page(o, &page);
        }
        mn_buf_free(&page);
        mn_value_free(changes);
    }
    for (size_t i = 0; i < 2; i++) {
        mn_value_free(recs[i]);
        mn_value_free(texts[i]);
    }
    records_ctx_free(&ctx);
    return rc;
}

int
cmd_report(int argc, char **argv)
{
    report_opts o = {0};
    int p = parse_args(argc, argv, &o);
    if (p != 0)
        return p > 0 ? MN_EXIT_OK : MN_EXIT_USAGE;
    return o.diff ? report_diff(&o) : report_one(&o);
}
