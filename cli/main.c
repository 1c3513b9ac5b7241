/*
 * `minutes` entry point: global flags, then a table of subcommands (git.c's
 * idea). Each subcommand lives in cli/cmd_*.c and returns an exit code.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

#include "cli.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"extract", cmd_extract, "minutes -> YAML records (the main job)"},
    {"check", cmd_check, "publication checks before posting"},
    {"diff", cmd_diff, "compare two meetings: attendees, figures, actions"},
    {"trend", cmd_trend, "each measure across meetings: table/csv/yaml/svg"},
    {"report", cmd_report, "review page: the document as understood (HTML)"},
    {"blocks", cmd_blocks, "print a document's blocks, one per line"},
    {"rules", cmd_rules, "list the rules, or run their examples"},
};

static void
usage(FILE *out)
{
    fputs("usage: minutes COMMAND [OPTIONS] [FILE...]\n\ncommands:\n", out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fputs("\nexit codes: 0 ok, 1 findings/differences, 2 usage or I/O, "
          "3 rule file error, 4 undecodable input\n"
          "`minutes COMMAND --help` describes a command.\n",
          out);
}

int
main(int argc, char **argv)
{
    xmlInitParser(); /* once, before any worker thread touches libxml2 */
    if (argc < 2) {
        usage(stderr);
        return MN_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        usage(stdout);
        return MN_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        puts("minutes 0.1.0");
        return MN_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            int rc = commands[i].run(argc - 1, argv + 1);
            xmlCleanupParser();
            return rc;
        }
    }
    cli_error("unknown command '%s'; run `minutes --help`", argv[1]);
    return MN_EXIT_USAGE;
}
