/*
 * The CLI layer: one cmd_* per subcommand (dispatched from main.c's table),
 * message helpers, and the exit codes README documents.
 */
#ifndef MN_CLI_H
#define MN_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "mn_buf.h"
#include "mn_common.h"

/* Exit codes (one enum, as jq). */
enum {
    MN_EXIT_OK = 0,       /* success; no findings; no differences */
    MN_EXIT_FINDINGS = 1, /* check found errors; diff found differences */
    MN_EXIT_USAGE = 2,    /* usage or I/O problem */
    MN_EXIT_RULES = 3,    /* a rule file is broken */
    MN_EXIT_DECODE = 4    /* input cannot be decoded (binary, ...) */
};

/* "minutes: error: ..." on stderr. */
void cli_error(const char *fmt, ...) MN_PRINTF(1, 2);
void cli_warn(const char *fmt, ...) MN_PRINTF(1, 2);
/* Print an mn_error as "minutes: error: FILE:L:C: problem (context)". */
void cli_report(const mn_error *err);
/* Write a finished report to stdout; 0 or MN_EXIT_USAGE (with a message
 * naming the command) when stdout fails. Frees nothing. */
int cli_write_stdout(const char *cmd, const mn_buf *out);
/* Load the check config: `config` when given, else the nearest
 * .minutes.yaml from the working directory up; nothing with no_config.
 * Returns an exit code (errors are printed). Defined in cmd_check.c. */
struct mn_check_config;
int cli_load_check_config(bool no_config, const char *config,
                          struct mn_check_config *cfg);
/* Exit code for a library status. */
int cli_exit_for(mn_status st);

int cmd_blocks(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_rules(int argc, char **argv);

/* Shared by commands that read documents. */
#include "mn_buf.h"
#include "mn_doc.h"
#include "mn_ruleset.h"
/* Load embedded + user rule packs; prints errors/warnings; exit code. */
int cli_load_ruleset(const char *const *paths, size_t n, mn_ruleset **rs);
/* "html"/"text"/"markdown" -> format; 0 when unknown. */
int cli_parse_format(const char *s, mn_format *f);
/* Load, extract and render one document's record as YAML into out. */
mn_status cli_extract_to_yaml(const char *path, mn_format format,
                              const char *profile, const mn_ruleset *rs,
                              mn_matcher *m, mn_buf *out, mn_error *err);

#endif
