/*
 * `minutes trend RECORD_OR_DOC...`: each measure's series across meetings,
 * ordered by meeting date/period, as a table (default), CSV, YAML or an SVG
 * line chart per measure. Inputs are documents or `minutes extract` records.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mn_alloc.h"
#include "mn_buf.h"
#include "mn_diff.h"
#include "mn_trend.h"
#include "records.h"

#define MAX_TREND_INPUTS 1000

typedef struct trend_opts {
    mn_trend_options t;
    mn_trend_format format;
    const char **files;
    size_t nfiles;
    const char *rules[64];
    size_t nrules;
    const char *profile;
} trend_opts;

static void
usage(FILE *f)
{
    fputs("usage: minutes trend [OPTIONS] RECORD_OR_DOC...\n"
          "Follows every measure across the meetings (ordered by date, then\n"
          "period) and prints one row per measure, one column per meeting.\n"
          "  --format table|csv|yaml|svg  (default table; svg: a line chart\n"
          "                           per measure)\n"
          "  --measure REGEX          keep measures matching REGEX (PCRE2,\n"
          "                           case-insensitive)\n"
          "  --threshold X            near-match score, 0..1 (default 0.6)\n"
          "  --rules PATH, --profile NAME  as for `minutes extract`\n"
          "Exit: 0 ok, 2 trouble.\n",
          f);
}

static int
parse_format(const char *s, mn_trend_format *f)
{
    static const struct {
        const char *name;
        mn_trend_format f;
    } names[] = {{"table", MN_TREND_TABLE},
                 {"text", MN_TREND_TABLE},
                 {"csv", MN_TREND_CSV},
                 {"yaml", MN_TREND_YAML},
                 {"svg", MN_TREND_SVG}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(s, names[i].name)) {
            *f = names[i].f;
            return 0;
        }
    cli_error("trend: unknown format '%s' (table, csv, yaml, svg)", s);
    return -1;
}

static int
value_option(trend_opts *o, const char *a, const char *v)
{
    if (!strcmp(a, "--format"))
        return parse_format(v, &o->format) ? -1 : 1;
    if (!strcmp(a, "--measure")) {
        o->t.measure_regex = v;
        return 1;
    }
    if (!strcmp(a, "--threshold")) {
        char *end = NULL;
        errno = 0;
        double d = strtod(v, &end);
        if (errno || end == v || *end || d < 0 || d > 1) {
            cli_error("trend: --threshold wants a number from 0 to 1");
            return -1;
        }
        o->t.threshold = d;
        return 1;
    }
    if (!strcmp(a, "--profile")) {
        o->profile = v;
        return 1;
    }
    if (!strcmp(a, "--rules") && o->nrules < 64) {
        o->rules[o->nrules++] = v;
        return 1;
    }
    return 0;
}

/* 0 ok, 1 help shown, -1 usage error. */
static int
parse_args(int argc, char **argv, trend_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 1;
        }
        if (a[0] == '-' && a[1] != '\0') {
            int r = i + 1 < argc ? value_option(o, a, argv[i + 1]) : 0;
            if (r <= 0) {
                if (r == 0)
                    cli_error("trend: unknown or incomplete option '%s'", a);
                return -1;
            }
            i++;
            continue;
        }
        if (o->nfiles >= MAX_TREND_INPUTS) {
            cli_error("trend: more than %d inputs", MAX_TREND_INPUTS);
            return -1;
        }
        o->files[o->nfiles++] = a;
    }
    if (o->nfiles == 0) {
        cli_error("trend: no inputs; give documents or records");
        return -1;
    }
    return 0;
}

static int
build_and_render(const trend_opts *o, mn_value **recs)
{
    mn_value *trend = NULL;
    mn_error err = {0};
    mn_status st = mn_trend_build((const mn_value *const *)recs, o->files,
                                  o->nfiles, &o->t, &trend, &err);
    mn_buf out;
    mn_buf_init(&out, 0);
    if (st == MN_OK)
        st = mn_trend_render(trend, o->format, &out, &err);
    mn_value_free(trend);
    if (st != MN_OK) {
        cli_report(&err);
        mn_buf_free(&out);
        return MN_EXIT_USAGE;
    }
    int rc = cli_write_stdout("trend", &out);
    mn_buf_free(&out);
    return rc;
}

int
cmd_trend(int argc, char **argv)
{
    trend_opts o = {.format = MN_TREND_TABLE};
    o.t.threshold = MN_DIFF_DEFAULT_THRESHOLD;
    o.files = mn_xcalloc((size_t)argc + 1, sizeof *o.files);
    int pr = parse_args(argc, argv, &o);
    if (pr != 0) {
        if (pr < 0)
            usage(stderr);
        free(o.files);
        return pr > 0 ? MN_EXIT_OK : MN_EXIT_USAGE;
    }
    records_ctx ctx = {
        .rules = o.rules, .nrules = o.nrules, .profile = o.profile};
    // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
    mn_value **recs = mn_xcalloc(o.nfiles + 1, sizeof *recs);
    int rc = MN_EXIT_OK;
    for (size_t i = 0; i < o.nfiles && rc == MN_EXIT_OK; i++)
        rc = records_load(&ctx, o.files[i], &recs[i], NULL);
    if (rc == MN_EXIT_OK)
        rc = build_and_render(&o, recs);
    for (size_t i = 0; i < o.nfiles; i++)
        mn_value_free(recs[i]);
    free(recs);
    free(o.files);
    records_ctx_free(&ctx);
    return rc;
}
