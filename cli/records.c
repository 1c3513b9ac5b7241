/*
 * Inputs of `diff` and `trend` (see records.h): YAML records are parsed
 * with mn_yaml_load, documents go through the same load + extract steps as
 * `minutes extract`, and both can bring the document's paragraphs along so
 * that diff can find actions the minutes report as complete.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mn_alloc.h"
#include "mn_buf.h"
#include "mn_doc.h"
#include "mn_extract.h"
#include "mn_limits.h"
#include "mn_yaml.h"
#include "records.h"

static bool
has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && strcmp(s + n - k, suf) == 0;
}

/* Skip a BOM, "---" lines, comments and blank lines; then "schema:"? */
static bool
starts_like_record(const char *p)
{
    if (!strncmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    for (int guard = 0; *p && guard < 64; guard++) {
        if (*p == '#' || !strncmp(p, "---", 3) || *p == '\n' || *p == '\r') {
            const char *nl = strchr(p, '\n');
            if (!nl)
                return false;
            p = nl + 1;
            continue;
        }
        return strncmp(p, "schema:", 7) == 0;
    }
    return false;
}

bool
records_is_yaml(const char *path)
{
    if (has_suffix(path, ".yaml") || has_suffix(path, ".yml"))
        return true;
    if (!strcmp(path, "-"))
        return false;
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char head[512];
    size_t n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[n] = '\0';
    return starts_like_record(head);
}

static int
read_file(const char *path, mn_buf *b)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        cli_error("%s: cannot open", path);
        return MN_EXIT_USAGE;
    }
    char chunk[65536];
    size_t n;
    int rc = MN_EXIT_OK;
    do {
        n = fread(chunk, 1, sizeof chunk, f);
        if (n > 0 && mn_buf_append(b, chunk, n) != MN_OK) {
            cli_error("%s: larger than the input limit", path);
            rc = MN_EXIT_USAGE;
            break;
        }
    } while (n == sizeof chunk);
    if (rc == MN_EXIT_OK && ferror(f)) {
        cli_error("%s: read error", path);
        rc = MN_EXIT_USAGE;
    }
    fclose(f);
    return rc;
}

static mn_value *
paragraphs_of(const mn_doc *doc)
{
    mn_value *l = mn_value_list();
    size_t n = mn_doc_block_count(doc);
    for (size_t i = 0; i < n && i < MN_MAX_BLOCKS; i++) {
        const mn_block *b = mn_doc_block(doc, i);
        mn_value *p = mn_value_map();
        mn_map_set_str(p, "text", b->text);
        mn_map_set_int(p, "line", b->pos.line);
        mn_list_push(l, p);
    }
    return l;
}

/* The paragraphs of the document a record came from, if unchanged. */
static mn_value *
source_paragraphs(const mn_value *rec)
{
    const char *src = mn_value_as_str(mn_value_path(rec, "source.path"));
    const char *sha = mn_value_as_str(mn_value_path(rec, "source.sha256"));
    if (!src || !sha || !strcmp(src, "-"))
        return NULL;
    mn_doc_options dopt = {0};
    mn_doc *doc = NULL;
    if (mn_doc_load_file(src, &dopt, &doc, NULL) != MN_OK)
        return NULL;
    mn_value *p = NULL;
    if (!strcmp(mn_doc_sha256(doc), sha))
        p = paragraphs_of(doc);
    mn_doc_free(doc);
    return p;
}

static int
load_yaml_record(const char *path, mn_value **rec, mn_value **text)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    int rc = read_file(path, &b);
    if (rc != MN_EXIT_OK) {
        mn_buf_free(&b);
        return rc;
    }
    mn_value *docs = NULL;
    mn_error err = {0};
    mn_status st = mn_yaml_load(path, mn_buf_str(&b), b.len, &docs, &err);
    mn_buf_free(&b);
    if (st != MN_OK) {
        cli_report(&err);
        return MN_EXIT_USAGE;
    }
    const mn_value *first = mn_list_at(docs, 0);
    if (mn_value_type(first) != MN_V_MAP || !mn_map_get(first, "schema")) {
        cli_error("%s: not a record written by `minutes extract` (no "
                  "schema key)",
                  path);
        mn_value_free(docs);
        return MN_EXIT_USAGE;
    }
    if (mn_value_len(docs) > 1)
        cli_warn("%s: %zu records in the stream; using the first", path,
                 mn_value_len(docs));
    *rec = mn_value_copy(first);
    mn_value_free(docs);
    if (text)
        *text = source_paragraphs(*rec);
    return MN_EXIT_OK;
}

static int
ensure_rules(records_ctx *ctx)
{
    if (ctx->rs)
        return MN_EXIT_OK;
    int rc = cli_load_ruleset(ctx->rules, ctx->nrules, &ctx->rs);
    if (rc != MN_EXIT_OK)
        return rc;
    ctx->m = mn_matcher_new(ctx->rs);
    return MN_EXIT_OK;
}

static int
load_document(records_ctx *ctx, const char *path, mn_value **rec,
              mn_value **text)
{
    int rc = ensure_rules(ctx);
    if (rc != MN_EXIT_OK)
        return rc;
    mn_doc_options dopt = {0};
    mn_doc *doc = NULL;
    mn_error err = {0};
    mn_status st = mn_doc_load_file(path, &dopt, &doc, &err);
    if (st == MN_OK) {
        mn_extract_options xo = {.profile = ctx->profile};
        st = mn_extract(doc, ctx->rs, ctx->m, &xo, rec, &err);
    }
    if (st != MN_OK) {
        cli_report(&err);
        mn_doc_free(doc);
        return cli_exit_for(st);
    }
    if (text)
        *text = paragraphs_of(doc);
    mn_doc_free(doc);
    return MN_EXIT_OK;
}

int
records_load(records_ctx *ctx, const char *path, mn_value **rec,
             mn_value **text)
{
    *rec = NULL;
    if (text)
        *text = NULL;
    if (records_is_yaml(path))
        return load_yaml_record(path, rec, text);
    return load_document(ctx, path, rec, text);
}

void
records_ctx_free(records_ctx *ctx)
{
    mn_matcher_free(ctx->m);
    mn_ruleset_free(ctx->rs);
    ctx->m = NULL;
    ctx->rs = NULL;
}
