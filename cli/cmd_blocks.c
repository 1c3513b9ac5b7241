/*
 * `minutes blocks FILE|-`: the tokeniser's view of a document, one block per
 * line as `LINE:COL KIND[/LEVEL] text` — a stable format for golden tests and
 * for people debugging rules. Bold spans are shown as **...**; newlines,
 * tabs and backslashes inside a block are escaped.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "mn_doc.h"

static void
print_kind(FILE *out, const mn_block *b)
{
    fputs(mn_block_kind_name(b->kind), out);
    switch (b->kind) {
    case MN_BLOCK_HEADING:
        fprintf(out, "/%u", b->level);
        break;
    case MN_BLOCK_LIST_ITEM:
        fprintf(out, "/%u", b->level);
        if (b->ordinal)
            fprintf(out, "#%u", b->ordinal);
        break;
    case MN_BLOCK_TABLE_CELL:
        fprintf(out, "/%u:%u.%u%s", b->table, b->row, b->column,
                b->flags & MN_BF_HEADER_CELL ? "h" : "");
        break;
    case MN_BLOCK_PARAGRAPH:
    case MN_BLOCK_PRE:
        break;
    }
}

static void
print_char(FILE *out, char c)
{
    if (c == '\n')
        fputs("\\n", out);
    else if (c == '\t')
        fputs("\\t", out);
    else if (c == '\\')
        fputs("\\\\", out);
    else
        fputc(c, out);
}

static void
print_text(FILE *out, const mn_block *b)
{
    size_t span = 0;
    for (size_t i = 0; i <= b->len; i++) {
        if (span < b->nbold && i == b->bold[span].start + b->bold[span].len) {
            fputs("**", out);
            span++;
        }
        if (span < b->nbold && i == b->bold[span].start)
            fputs("**", out);
        if (i < b->len)
            print_char(out, b->text[i]);
    }
}

int
cmd_blocks(int argc, char **argv)
{
    mn_doc_options opt = {0};
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help")) {
            puts("usage: minutes blocks [--format html|text|markdown] FILE|-");
            return MN_EXIT_OK;
        }
        if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            if (!cli_parse_format(argv[++i], &opt.format)) {
                cli_error("unknown format '%s' (html, text, markdown)",
                          argv[i]);
                return MN_EXIT_USAGE;
            }
        } else if (!path && (argv[i][0] != '-' || !strcmp(argv[i], "-"))) {
            path = argv[i];
        } else {
            cli_error("blocks: unexpected argument '%s'", argv[i]);
            return MN_EXIT_USAGE;
        }
    }
    if (!path) {
        cli_error("blocks: no input; give a FILE or - for stdin");
        return MN_EXIT_USAGE;
    }
    mn_doc *doc = NULL;
    mn_error err = {0};
    mn_status st = mn_doc_load_file(path, &opt, &doc, &err);
    if (st != MN_OK) {
        cli_report(&err);
        return cli_exit_for(st);
    }
    for (size_t i = 0; i < mn_doc_block_count(doc); i++) {
        const mn_block *b = mn_doc_block(doc, i);
        printf("%u:%u ", b->pos.line, b->pos.col);
        print_kind(stdout, b);
        putchar(' ');
        print_text(stdout, b);
        putchar('\n');
    }
    for (size_t i = 0; i < mn_doc_diag_count(doc); i++) {
        const mn_diag *d = mn_doc_diag(doc, i);
        if (d->pos.line)
            fprintf(stderr, "minutes: warning: %s:%u:%u: %s\n",
                    mn_doc_path(doc), d->pos.line, d->pos.col, d->message);
        else
            fprintf(stderr, "minutes: warning: %s: %s\n", mn_doc_path(doc),
                    d->message);
    }
    mn_doc_free(doc);
    return fflush(stdout) == 0 ? MN_EXIT_OK : MN_EXIT_USAGE;
}
