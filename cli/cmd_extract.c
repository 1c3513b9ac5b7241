/*
 * `minutes extract [FILE|DIR|-]... [-o OUTDIR] [--rules PATH] [--profile P]`:
 * the main job. Each input becomes one YAML record; to stdout as a `---`
 * stream, or with -o one file per input mirroring the input tree, written
 * atomically. A failing input is reported and the rest go on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        cli_warn("%s", mn_error_format(mn_ruleset_warning(*rs, i), buf,
                                       sizeof buf));
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
          "         [--files-from FILE|-]\n"
          "Writes one YAML record per input: to stdout as a --- stream, or "
          "with -o one\nOUTDIR/<input path>.yaml per input (atomic "
          "writes). Exit: 0 ok, 2 some input\nunreadable, 3 rule error, "
          "4 some input undecodable.\n",
          f);
}

static int
parse_args(int argc, char **argv, extract_opts *o, input_list *in)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
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
    static const char *const opts[] = {"-o",        "--output",  "--profile",
                                       "--rules",   "--include", "--exclude",
                                       "--files-from", "--format"};
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

static int
worse(int a, int b)
{
    return a > b ? a : b;
}

static int
run_one(const extract_opts *o, const input_item *it, const mn_ruleset *rs,
        mn_matcher *m, const int *multi)
{
    mn_buf y;
    mn_buf_init(&y, 0);
    mn_error err = {0};
    mn_status st = cli_extract_to_yaml(it->path, o->format, o->profile, rs, m,
                                       &y, &err);
    int rc = MN_EXIT_OK;
    if (st != MN_OK) {
        cli_report(&err);
        rc = cli_exit_for(st);
    } else if (o->outdir) {
        char *dst = out_confined_path(o->outdir, it->rel, ".yaml");
        if (out_mkdirs_for(dst, &err) != MN_OK ||
            out_write_atomic(dst, y.data, y.len, &err) != MN_OK) {
            cli_report(&err);
            rc = MN_EXIT_USAGE;
        }
        free(dst);
    } else {
        if (*multi)
            fputs("---\n", stdout);
        fwrite(y.data, 1, y.len, stdout);
    }
    mn_buf_free(&y);
    return rc;
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
    mn_matcher *m = mn_matcher_new(rs);
    int multi = in.n > 1;
    for (size_t i = 0; i < in.n; i++)
        rc = worse(rc, run_one(&o, &in.items[i], rs, m, &multi));
    mn_matcher_free(m);
    mn_ruleset_free(rs);
    inputs_free(&in);
    if (fflush(stdout) != 0) {
        cli_error("extract: writing to stdout failed");
        rc = worse(rc, MN_EXIT_USAGE);
    }
    return rc;
}
