/*
 * `minutes diff OLD NEW`: compare two meetings' records (documents are
 * extracted on the fly, YAML records are read as they are) and print the
 * changes as text, YAML or JSON. Exit codes follow diff(1): 0 same,
 * 1 different, 2 trouble (3/4 for rule and decoding errors as elsewhere).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "mn_buf.h"
#include "mn_diff.h"
#include "mn_yaml.h"
#include "records.h"

typedef enum diff_format { FMT_TEXT, FMT_YAML, FMT_JSON } diff_format;

typedef struct diff_opts {
    mn_diff_options d;
    diff_format format;
    int colour; /* -1 auto, 0 never, 1 always */
    const char *files[2];
    size_t nfiles;
    const char *rules[64];
    size_t nrules;
    const char *profile;
} diff_opts;

static void
usage(FILE *f)
{
    fputs("usage: minutes diff [OPTIONS] OLD NEW\n"
          "OLD and NEW are minutes documents (html, text, markdown) or YAML\n"
          "records written by `minutes extract`.\n"
          "  --format text|yaml|json  report format (default text)\n"
          "  --only KINDS             attendees,sections,figures,actions,\n"
          "                           recommendations (comma-separated)\n"
          "  --ignore-moves           do not report sections that moved\n"
          "  --threshold X            near-match score to accept, 0..1 "
          "(default 0.6)\n"
          "  --color auto|always|never  colour the text report (auto: on a\n"
          "                           terminal unless NO_COLOR is set)\n"
          "  --rules PATH, --profile NAME  as for `minutes extract`\n"
          "Exit: 0 no differences, 1 differences, 2 trouble.\n",
          f);
}

static int
parse_threshold(const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || v < 0 || v > 1) {
        cli_error("diff: --threshold wants a number from 0 to 1, not '%s'", s);
        return -1;
    }
    *out = v;
    return 0;
}

static int
parse_format(const char *s, diff_format *f)
{
    if (!strcmp(s, "text"))
        *f = FMT_TEXT;
    else if (!strcmp(s, "yaml"))
        *f = FMT_YAML;
    else if (!strcmp(s, "json"))
        *f = FMT_JSON;
    else {
        cli_error("diff: unknown format '%s' (text, yaml, json)", s);
        return -1;
    }
    return 0;
}

static int
parse_colour(const char *s, int *c)
{
    if (!strcmp(s, "auto"))
        *c = -1;
    else if (!strcmp(s, "always"))
        *c = 1;
    else if (!strcmp(s, "never"))
        *c = 0;
    else {
        cli_error("diff: --color wants auto, always or never");
        return -1;
    }
    return 0;
}

/* One option with a value; returns 1 when consumed, -1 on error. */
static int
value_option(diff_opts *o, const char *a, const char *v)
{
    if (!strcmp(a, "--format"))
        return parse_format(v, &o->format) ? -1 : 1;
    if (!strcmp(a, "--threshold"))
        return parse_threshold(v, &o->d.threshold) ? -1 : 1;
    if (!strcmp(a, "--color") || !strcmp(a, "--colour"))
        return parse_colour(v, &o->colour) ? -1 : 1;
    if (!strcmp(a, "--profile")) {
        o->profile = v;
        return 1;
    }
    if (!strcmp(a, "--rules") && o->nrules < 64) {
        o->rules[o->nrules++] = v;
        return 1;
    }
    if (!strcmp(a, "--only")) {
        o->d.only = mn_diff_parse_kinds(v);
        if (!o->d.only) {
            cli_error("diff: --only wants attendees, sections, figures, "
                      "actions or recommendations, not '%s'",
                      v);
            return -1;
        }
        return 1;
    }
    return 0;
}

/* 0 ok, 1 help shown, -1 usage error. */
static int
parse_args(int argc, char **argv, diff_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 1;
        }
        if (!strcmp(a, "--ignore-moves")) {
            o->d.ignore_moves = true;
            continue;
        }
        if (a[0] == '-' && a[1] != '\0') {
            int r = i + 1 < argc ? value_option(o, a, argv[i + 1]) : 0;
            if (r < 0)
                return -1;
            if (r == 0) {
                cli_error("diff: unknown or incomplete option '%s'", a);
                return -1;
            }
            i++;
            continue;
        }
        if (o->nfiles == 2) {
            cli_error("diff: more than two inputs");
            return -1;
        }
        o->files[o->nfiles++] = a;
    }
    if (o->nfiles != 2) {
        cli_error("diff: needs two inputs, OLD and NEW");
        return -1;
    }
    return 0;
}

static bool
want_colour(int setting)
{
    if (setting >= 0)
        return setting == 1;
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return false;
    return isatty(STDOUT_FILENO) != 0;
}

static int
render(const diff_opts *o, const mn_value *changes)
{
    mn_buf out;
    mn_buf_init(&out, 0);
    mn_error err = {0};
    mn_status st = MN_OK;
    if (o->format == FMT_YAML)
        st = mn_yaml_emit(changes, &out, &err);
    else if (o->format == FMT_JSON)
        st = mn_json_emit(changes, &out, &err);
    else
        mn_diff_render_text(changes, o->files[0], o->files[1],
                            want_colour(o->colour), &out);
    if (st != MN_OK) {
        cli_report(&err);
        mn_buf_free(&out);
        return MN_EXIT_USAGE;
    }
    int rc = cli_write_stdout("diff", &out);
    mn_buf_free(&out);
    return rc;
}

int
cmd_diff(int argc, char **argv)
{
    diff_opts o = {.colour = -1};
    mn_diff_options_init(&o.d);
    int pr = parse_args(argc, argv, &o);
    if (pr != 0) {
        if (pr < 0)
            usage(stderr);
        return pr > 0 ? MN_EXIT_OK : MN_EXIT_USAGE;
    }
    records_ctx ctx = {
        .rules = o.rules, .nrules = o.nrules, .profile = o.profile};
    mn_value *old_rec = NULL, *new_rec = NULL, *text = NULL;
    int rc = records_load(&ctx, o.files[0], &old_rec, NULL);
    if (rc == MN_EXIT_OK)
        rc = records_load(&ctx, o.files[1], &new_rec, &text);
    if (rc == MN_EXIT_OK) {
        o.d.new_text = text;
        mn_value *changes = mn_diff_records(old_rec, new_rec, &o.d);
        rc = render(&o, changes);
        if (rc == MN_EXIT_OK && mn_value_len(changes) > 0)
            rc = MN_EXIT_FINDINGS;
        mn_value_free(changes);
    }
    mn_value_free(old_rec);
    mn_value_free(new_rec);
    mn_value_free(text);
    records_ctx_free(&ctx);
    return rc;
}
