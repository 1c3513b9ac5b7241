/*
 * `minutes extract [FILE|DIR|-]... [-o OUTDIR] [-j N] ...`: the main job.
 * Each input becomes one YAML record; to stdout as a `---` stream, or with
 * -o one file per input mirroring the input tree, written atomically. This
 * file parses options; cli/batch.c runs the inputs on worker threads.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cli.h"
#include "inputs.h"
#include "mn_alloc.h"
#include "mn_buf.h"
#include "mn_extract.h"
#include "mn_ruleset.h"
#include "mn_yaml.h"
#include "out.h"

typedef struct extract_opts {
    const char *outdir;
    const char *profile;
    mn_format format;
    const char *rules[64];
    size_t nrules;
    const char *include[64];
    size_t ninclude;
    const char *exclude[64];
    size_t nexclude;
    const char *files_from;
    long jobs; /* 0: one per core */
    bool force, quiet;
} extract_opts;

int
cli_load_ruleset(const char *const *paths, size_t n, mn_ruleset **rs)
{
    mn_ruleset_options ro = {.user_paths = paths, .n_user_paths = n};
    mn_error err = {0};
    mn_status st = mn_ruleset_load(&ro, rs, &err);
    if (st != MN_OK) {
        cli_report(&err);
        return cli_exit_for(st);
    }
    for (size_t i = 0; i < mn_ruleset_warning_count(*rs); i++) {
        char buf[1024];
        cli_warn("%s",
                 mn_error_format(mn_ruleset_warning(*rs, i), buf, sizeof buf));
    }
    return MN_EXIT_OK;
}

int
cli_parse_format(const char *s, mn_format *f)
{
    if (!strcmp(s, "html"))
        *f = MN_FORMAT_HTML;
    else if (!strcmp(s, "text"))
        *f = MN_FORMAT_TEXT;
    else if (!strcmp(s, "markdown"))
        *f = MN_FORMAT_MARKDOWN;
    else
        return 0;
    return 1;
}

/* Load, extract and render one document as YAML into out. */
mn_status
cli_extract_to_yaml(const char *path, mn_format format, const char *profile,
                    const mn_ruleset *rs, mn_matcher *m, mn_buf *out,
                    mn_error *err)
{
    mn_doc_options dopt = {.format = format};
    mn_doc *doc = NULL;
    mn_status st = mn_doc_load_file(path, &dopt, &doc, err);
    if (st != MN_OK)
        return st;
    mn_extract_options xo = {.profile = profile};
    mn_value *rec = NULL;
    st = mn_extract(doc, rs, m, &xo, &rec, err);
    if (st == MN_OK)
        st = mn_yaml_emit(rec, out, err);
    mn_value_free(rec);
    mn_doc_free(doc);
    return st;
}

static void
usage(FILE *f)
{
    fputs("usage: minutes extract [FILE|DIR|-]... [-o OUTDIR] "
          "[--rules PATH]... [--profile NAME]\n"
          "         [--format html|text|markdown] [--include GLOB]... "
          "[--exclude GLOB]...\n"
          "         [--files-from FILE|-] [-j N] [--force] [--quiet]\n"
          "Writes one YAML record per input: to stdout as a --- stream (in "
          "input order),\nor with -o one OUTDIR/<input path>.yaml per "
          "input (atomic writes), plus\nOUTDIR/index.yaml and a cache "
          "OUTDIR/.minutes-cache: a rerun skips inputs\nwhose content and "
          "rules are unchanged (--force redoes them).\n"
          "  -j N      worker threads (default: the number of cores)\n"
          "  --quiet   no progress line (shown only on a terminal) and no "
          "coverage summary\n"
          "Exit: 0 ok, 2 some input unreadable, 3 rule error, 4 some input "
          "undecodable,\n130/143 interrupted (finished records are kept; "
          "rerun to continue).\n",
          f);
}

static int
parse_jobs(const char *v, long *jobs)
{
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < 1 || n > 256) {
        cli_error("extract: -j wants a number of threads from 1 to 256, "
                  "not '%s'",
                  v);
        return -1;
    }
    *jobs = n;
    return 0;
}

static int
parse_args(int argc, char **argv, extract_opts *o, input_list *in)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        // argv[i] is never NULL for i < argc; the analyzer does not know it.
        // NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker)
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            exit(MN_EXIT_OK);
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && v) {
            o->outdir = v, i++;
        } else if (!strcmp(a, "--profile") && v) {
            o->profile = v, i++;
        } else if (!strcmp(a, "--rules") && v && o->nrules < 64) {
            o->rules[o->nrules++] = v, i++;
        } else if (!strcmp(a, "--include") && v && o->ninclude < 64) {
            o->include[o->ninclude++] = v, i++;
        } else if (!strcmp(a, "--exclude") && v && o->nexclude < 64) {
            o->exclude[o->nexclude++] = v, i++;
        } else if ((!strcmp(a, "-j") || !strcmp(a, "--jobs")) && v) {
            if (parse_jobs(v, &o->jobs) != 0)
                return -1;
            i++;
        } else if (!strncmp(a, "-j", 2) && a[2]) {
            if (parse_jobs(a + 2, &o->jobs) != 0)
                return -1;
        } else if (!strcmp(a, "--force")) {
            o->force = true;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            o->quiet = true;
        } else if (!strcmp(a, "--files-from") && v) {
            o->files_from = v, i++;
        } else if (!strcmp(a, "--format") && v) {
            if (!cli_parse_format(v, &o->format)) {
                cli_error("unknown format '%s' (html, text, markdown)", v);
                return -1;
            }
            i++;
        } else if (a[0] == '-' && a[1] != '\0') {
            cli_error("extract: unknown or incomplete option '%s'", a);
            usage(stderr);
            return -1;
        } else {
            (void)0; /* inputs are collected after the filters are known */
        }
    }
    in->include = o->include;
    in->ninclude = o->ninclude;
    in->exclude = o->exclude;
    in->nexclude = o->nexclude;
    return 0;
}

static int
is_value_option(const char *a)
{
    static const char *const opts[] = {
        "-o",        "--output",     "--profile", "--rules", "--include",
        "--exclude", "--files-from", "--format",  "-j",      "--jobs"};
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
        if (!strcmp(a, opts[i]))
            return 1;
    return 0;
}

static void
collect_inputs(int argc, char **argv, const extract_opts *o, input_list *in)
{
    for (int i = 1; i < argc; i++) {
        if (is_value_option(argv[i])) {
            i++;
            continue;
        }
        if (argv[i][0] != '-' || !strcmp(argv[i], "-"))
            inputs_add_arg(in, argv[i]);
    }
    if (o->files_from)
        inputs_add_from_file(in, o->files_from);
}

int
cmd_extract(int argc, char **argv)
{
    extract_opts o = {0};
    input_list in = {0};
    if (parse_args(argc, argv, &o, &in) != 0)
        return MN_EXIT_USAGE;
    collect_inputs(argc, argv, &o, &in);
    if (in.n == 0) {
        cli_error("extract: no input documents; give files, directories "
                  "or - for stdin");
        inputs_free(&in);
        return MN_EXIT_USAGE;
    }
    mn_ruleset *rs = NULL;
    int rc = cli_load_ruleset(o.rules, o.nrules, &rs);
    if (rc != MN_EXIT_OK) {
        inputs_free(&in);
        return rc;
    }
    batch_opts bo = {.outdir = o.outdir,
                     .profile = o.profile,
                     .format = o.format,
                     .jobs = (unsigned)o.jobs,
                     .force = o.force,
                     .quiet = o.quiet,
                     .explicit_start = in.n > 1 || o.files_from != NULL};
    rc = batch_run(&bo, &in, rs);
    mn_ruleset_free(rs);
    inputs_free(&in);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("extract: writing to stdout failed");
        if (rc == MN_EXIT_OK)
            rc = MN_EXIT_USAGE;
    }
    return rc;
}
