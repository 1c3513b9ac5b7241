/*
 * `minutes check [OPTIONS] FILE|DIR...`: publication checks before posting.
 * Each document is extracted and checked; findings are printed as
 * FILE:LINE:COL: level: message [id] with a summary (or YAML, JSON, JUnit,
 * SARIF). Exit 0 no errors, 1 errors (or warnings with --strict), 2 usage or
 * I/O, 3 broken rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "inputs.h"
#include "mn_alloc.h"
#include "mn_check.h"
#include "mn_check_report.h"
#include "mn_extract.h"

#define MAX_OPT_VALUES 64

typedef struct check_opts {
    mn_report_format report;
    mn_format input_format;
    const char *profile;
    const char *rules[MAX_OPT_VALUES];
    size_t nrules;
    const char *archive[MAX_OPT_VALUES];
    size_t narchive;
    const char *config;
    bool no_config, strict, self_test;
    int colour; /* -1 auto */
} check_opts;

static void
usage(FILE *f)
{
    fputs("usage: minutes check [OPTIONS] FILE|DIR|-...\n"
          "  --format text|yaml|json|junit|sarif   report format (text)\n"
          "  --disable ID          switch a check off (repeatable)\n"
          "  --level ID=LEVEL      re-level a check (error, warning, "
          "suggestion, off)\n"
          "  --min-level LEVEL     report only this level and above\n"
          "  --strict              warnings also make the exit status 1\n"
          "  --disable-pack NAME   switch a pack off (govuk)\n"
          "  --enable-pack NAME    switch a pack on\n"
          "  --archive DIR         compare names and abbreviations with "
          "earlier minutes\n"
          "  --config FILE         use this config instead of the nearest "
          ".minutes.yaml\n"
          "  --no-config           ignore .minutes.yaml\n"
          "  --profile NAME        force a rule profile\n"
          "  --rules PATH          extra rule pack (repeatable)\n"
          "  --input-format html|text|markdown\n"
          "  --color, --no-color   colour the text report (default: on a "
          "TTY, unless NO_COLOR)\n"
          "  --test-examples       run the examples of the code checks\n"
          "Exit: 0 no errors, 1 errors (or warnings with --strict), 2 usage "
          "or I/O, 3 rule error.\n",
          f);
}

static int
parse_level_arg(mn_check_config *cfg, const char *v)
{
    const char *eq = strchr(v, '=');
    mn_level l;
    if (!eq || eq == v || !mn_level_parse(eq + 1, &l)) {
        cli_error("check: --level wants ID=error|warning|suggestion|off, "
                  "got '%s'",
                  v);
        return -1;
    }
    char *id = mn_xstrndup(v, (size_t)(eq - v));
    mn_check_config_set_level(cfg, id, l);
    free(id);
    return 0;
}

/* Options that change the config are applied after .minutes.yaml, so the
 * command line wins; this first pass only finds where the config is. */
static int
parse_control(int argc, char **argv, mn_check_config *cfg)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        mn_level l;
        // argv[i] is never NULL for i < argc; the analyzer does not know it.
        // NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker)
        if (!strcmp(a, "--disable") && v) {
            mn_check_config_disable(cfg, v), i++;
        } else if (!strcmp(a, "--level") && v) {
            if (parse_level_arg(cfg, v) != 0)
                return -1;
            i++;
        } else if (!strcmp(a, "--min-level") && v) {
            if (!mn_level_parse(v, &l) || l == MN_LEVEL_OFF) {
                cli_error("check: --min-level wants error, warning or "
                          "suggestion");
                return -1;
            }
            mn_check_config_min_level(cfg, l), i++;
        } else if (!strcmp(a, "--disable-pack") && v) {
            mn_check_config_pack(cfg, v, false), i++;
        } else if (!strcmp(a, "--enable-pack") && v) {
            mn_check_config_pack(cfg, v, true), i++;
        }
    }
    return 0;
}

static const char *const value_opts[] = {
    "--format",       "--disable",     "--level",        "--min-level",
    "--disable-pack", "--enable-pack", "--archive",      "--config",
    "--profile",      "--rules",       "--input-format", NULL};

static bool
takes_value(const char *a)
{
    for (size_t i = 0; value_opts[i]; i++)
        if (!strcmp(a, value_opts[i]))
            return true;
    return false;
}

static int
parse_opt(check_opts *o, const char *a, const char *v)
{
    if (!strcmp(a, "--format")) {
        if (!mn_report_format_parse(v, &o->report)) {
            cli_error("check: unknown report format '%s' (text, yaml, json, "
                      "junit, sarif)",
                      v);
            return -1;
        }
    } else if (!strcmp(a, "--input-format")) {
        if (!cli_parse_format(v, &o->input_format)) {
            cli_error("check: unknown input format '%s'", v);
            return -1;
        }
    } else if (!strcmp(a, "--profile")) {
        o->profile = v;
    } else if (!strcmp(a, "--config")) {
        o->config = v;
    } else if (!strcmp(a, "--rules") && o->nrules < MAX_OPT_VALUES) {
        o->rules[o->nrules++] = v;
    } else if (!strcmp(a, "--archive") && o->narchive < MAX_OPT_VALUES) {
        o->archive[o->narchive++] = v;
    }
    return 0;
}

static int
parse_args(int argc, char **argv, check_opts *o, input_list *in)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            exit(MN_EXIT_OK);
        } else if (takes_value(a)) {
            if (i + 1 >= argc) {
                cli_error("check: option '%s' needs a value", a);
                return -1;
            }
            if (parse_opt(o, a, argv[++i]) != 0)
                return -1;
        } else if (!strcmp(a, "--strict")) {
            o->strict = true;
        } else if (!strcmp(a, "--no-config")) {
            o->no_config = true;
        } else if (!strcmp(a, "--color") || !strcmp(a, "--colour")) {
            o->colour = 1;
        } else if (!strcmp(a, "--no-color") || !strcmp(a, "--no-colour")) {
            o->colour = 0;
        } else if (!strcmp(a, "--test-examples")) {
            o->self_test = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            cli_error("check: unknown option '%s'", a);
            usage(stderr);
            return -1;
        } else if (inputs_add_arg(in, a) != 0) {
            return 1; /* reported; keep going but remember the I/O problem */
        }
    }
    return 0;
}

int
cli_load_check_config(bool no_config, const char *config, mn_check_config *cfg)
{
    if (no_config)
        return MN_EXIT_OK;
    char *path = config ? mn_xstrdup(config) : mn_check_config_find(".");
    mn_error err = {0};
    int rc = MN_EXIT_OK;
    if (path && mn_check_config_load(cfg, path, &err) != MN_OK) {
        cli_report(&err);
        rc = MN_EXIT_USAGE;
    }
    free(path);
    return rc;
}

/* Load and extract one document; the caller frees both. */
static mn_status
load_and_extract(const char *path, const check_opts *o, const mn_ruleset *rs,
                 mn_matcher *m, mn_doc **doc, mn_value **rec, mn_error *err)
{
    mn_doc_options dopt = {.format = o->input_format};
    mn_status st = mn_doc_load_file(path, &dopt, doc, err);
    if (st != MN_OK)
        return st;
    mn_extract_options xo = {.profile = o->profile};
    st = mn_extract(*doc, rs, m, &xo, rec, err);
    if (st != MN_OK) {
        mn_doc_free(*doc);
        *doc = NULL;
    }
    return st;
}

static int
load_archive(const check_opts *o, const mn_ruleset *rs, mn_matcher *m,
             mn_check_config *cfg)
{
    input_list in = {0};
    int rc = MN_EXIT_OK;
    for (size_t i = 0; i < o->narchive; i++)
        if (inputs_add_arg(&in, o->archive[i]) != 0)
            rc = MN_EXIT_USAGE;
    for (size_t i = 0; i < in.n; i++) {
        mn_doc *doc = NULL;
        mn_value *rec = NULL;
        mn_error err = {0};
        if (load_and_extract(in.items[i].path, o, rs, m, &doc, &rec, &err) !=
            MN_OK) {
            cli_warn("check: archive: %s", err.problem);
            continue;
        }
        mn_check_config_add_archive(cfg, in.items[i].path, rec);
        mn_value_free(rec);
        mn_doc_free(doc);
    }
    inputs_free(&in);
    return rc;
}

static int
check_one(const check_opts *o, const char *path, const mn_ruleset *rs,
          mn_matcher *m, const mn_check_config *cfg, mn_findings *f)
{
    mn_doc *doc = NULL;
    mn_value *rec = NULL;
    mn_error err = {0};
    mn_status st = load_and_extract(path, o, rs, m, &doc, &rec, &err);
    if (st == MN_OK) {
        mn_findings_add_file(f, path);
        st = mn_check_run(doc, rec, rs, m, cfg, f, &err);
    }
    if (st != MN_OK)
        cli_report(&err);
    mn_value_free(rec);
    mn_doc_free(doc);
    return cli_exit_for(st);
}

static bool
want_colour(const check_opts *o)
{
    if (o->colour >= 0)
        return o->colour == 1;
    const char *nc = getenv("NO_COLOR");
    return (!nc || !*nc) && isatty(STDOUT_FILENO);
}

static void
print_failure(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "%s\n", line);
}

static int
run_examples(const mn_ruleset *rs)
{
    size_t total = 0;
    size_t fails = mn_check_test_examples(rs, print_failure, NULL, &total);
    printf("code-check examples: %zu run, %zu failed\n", total, fails);
    return fails ? MN_EXIT_FINDINGS : MN_EXIT_OK;
}

static int
worse(int a, int b)
{
    return a > b ? a : b;
}

static int
report(const check_opts *o, mn_findings *f, const mn_ruleset *rs)
{
    mn_findings_sort(f);
    mn_buf out;
    mn_buf_init(&out, 0);
    mn_error err = {0};
    int rc = MN_EXIT_OK;
    if (mn_check_report(f, rs, o->report, want_colour(o), &out, &err) !=
        MN_OK) {
        cli_report(&err);
        rc = MN_EXIT_USAGE;
    }
    fwrite(out.data ? out.data : "", 1, out.len, stdout);
    mn_buf_free(&out);
    if (fflush(stdout) != 0) {
        cli_error("check: writing to stdout failed");
        rc = MN_EXIT_USAGE;
    }
    bool fails = mn_findings_count(f, MN_LEVEL_ERROR) > 0 ||
                 (o->strict && mn_findings_count(f, MN_LEVEL_WARNING) > 0);
    return worse(rc, fails ? MN_EXIT_FINDINGS : MN_EXIT_OK);
}

static int
run(const check_opts *o, const input_list *in, mn_check_config *cfg)
{
    mn_ruleset *rs = NULL;
    int rc = cli_load_ruleset(o->rules, o->nrules, &rs);
    if (rc != MN_EXIT_OK)
        return rc;
    if (o->self_test) {
        rc = run_examples(rs);
        mn_ruleset_free(rs);
        return rc;
    }
    mn_matcher *m = mn_matcher_new(rs);
    rc = load_archive(o, rs, m, cfg);
    mn_findings f = {0};
    for (size_t i = 0; i < in->n; i++)
        rc = worse(rc, check_one(o, in->items[i].path, rs, m, cfg, &f));
    rc = worse(rc, report(o, &f, rs));
    mn_findings_free(&f);
    mn_matcher_free(m);
    mn_ruleset_free(rs);
    return rc;
}

int
cmd_check(int argc, char **argv)
{
    check_opts o = {.colour = -1};
    input_list in = {0};
    mn_check_config *cfg = mn_check_config_new();
    int prc = parse_args(argc, argv, &o, &in);
    int rc = prc < 0 ? MN_EXIT_USAGE
                     : cli_load_check_config(o.no_config, o.config, cfg);
    if (rc == MN_EXIT_OK && parse_control(argc, argv, cfg) != 0)
        rc = MN_EXIT_USAGE;
    if (rc == MN_EXIT_OK && in.n == 0 && !o.self_test) {
        cli_error("check: no input documents; give files, directories or -");
        rc = MN_EXIT_USAGE;
    }
    if (rc == MN_EXIT_OK)
        rc = worse(run(&o, &in, cfg), prc > 0 ? MN_EXIT_USAGE : MN_EXIT_OK);
    mn_check_config_free(cfg);
    inputs_free(&in);
    return rc;
}
