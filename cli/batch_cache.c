/*
 * The incremental cache, OUTDIR/.minutes-cache: one tab-separated line per
 * input (path, content sha256, rule-set version, tool/option key, output,
 * and the index facts, so a skipped input still has its index entry).
 * Fields are backslash-escaped; an unreadable cache is simply ignored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "mn_alloc.h"
#include "mn_buf.h"
#include "mn_limits.h"
#include "out.h"

#define CACHE_MAGIC  "minutes-cache 1"
#define CACHE_FIELDS 8 /* path sha rules config output date title counts */

void
batch_summary_free(batch_summary *s)
{
    free(s->title);
    free(s->date);
    s->title = s->date = NULL;
}

void
batch_summary_copy(batch_summary *dst, const batch_summary *src)
{
    *dst = *src;
    dst->title = mn_xstrdup(src->title);
    dst->date = mn_xstrdup(src->date);
}

static void
put_escaped(mn_buf *b, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '\\')
            (void)mn_buf_append(b, "\\\\", 2);
        else if (*s == '\t')
            (void)mn_buf_append(b, "\\t", 2);
        else if (*s == '\n')
            (void)mn_buf_append(b, "\\n", 2);
        else if (*s == '\r')
            (void)mn_buf_append(b, "\\r", 2);
        else
            (void)mn_buf_putc(b, *s);
    }
}

/* Unescape s in place; an empty field stands for NULL. */
static char *
unescape(char *s)
{
    if (!*s)
        return NULL;
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (*r != '\\' || !r[1]) {
            *w++ = *r;
            continue;
        }
        r++;
        *w++ = (char)(*r == 't'   ? '\t'
                      : *r == 'n' ? '\n'
                      : *r == 'r' ? '\r'
                                  : *r);
    }
    *w = '\0';
    return s;
}

static int
split_tabs(char *line, char **f, int max)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max + 1; p++) {
        if (*p == '\t') {
            *p = '\0';
            if (n == max)
                return -1;
            f[n++] = p + 1;
        }
    }
    return n;
}

static int
parse_counts(const char *s, batch_summary *sum)
{
    char *end = NULL;
    for (int k = 0; k < BATCH_NKINDS; k++) {
        sum->counts[k] = strtoul(s, &end, 10);
        if (end == s)
            return -1;
        s = end;
    }
    sum->warnings = strtoul(s, &end, 10);
    return end == s ? -1 : 0;
}

static int
cmp_entry(const void *a, const void *b)
{
    return strcmp(((const batch_cache_entry *)a)->path,
                  ((const batch_cache_entry *)b)->path);
}

static void
load_line(batch_cache *c, char *line)
{
    char *f[CACHE_FIELDS];
    if (split_tabs(line, f, CACHE_FIELDS) != CACHE_FIELDS)
        return;
    batch_summary sum = {0};
    if (parse_counts(f[7], &sum) != 0)
        return;
    for (int i = 0; i < 7; i++)
        f[i] = unescape(f[i]);
    if (!f[0] || !f[1] || !f[2] || !f[3])
        return;
    sum.date = f[5];
    sum.title = f[6];
    batch_cache_put(c, f[0], f[1], f[2], f[3], f[4], &sum);
}

void
batch_cache_load(batch_cache *c, const char *outdir)
{
    char *path = out_confined_path(outdir, BATCH_CACHE_NAME, NULL);
    FILE *fp = fopen(path, "r");
    free(path);
    if (!fp)
        return;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int first = 1;
    while ((n = getline(&line, &cap, fp)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (first && strcmp(line, CACHE_MAGIC) != 0)
            break; /* another version's cache: start afresh */
        if (!first)
            load_line(c, line);
        first = 0;
    }
    free(line);
    fclose(fp);
    batch_cache_compact(c);
}

const batch_cache_entry *
batch_cache_find(const batch_cache *c, const char *path)
{
    if (!c->n)
        return NULL;
    batch_cache_entry key = {.path = (char *)(uintptr_t)path};
    return bsearch(&key, c->e, c->n, sizeof *c->e, cmp_entry);
}

static void
entry_free(batch_cache_entry *e)
{
    free(e->path);
    free(e->sha256);
    free(e->rules);
    free(e->config);
    free(e->output);
    batch_summary_free(&e->sum);
}

/* Appending and compacting once keeps a run over a million inputs linear
 * (sorted insertion would move the array for every input). */
static batch_cache_entry *
append(batch_cache *c, const char *path)
{
    c->e = mn_xgrow(c->e, &c->cap, c->n + 1, sizeof *c->e);
    batch_cache_entry *e = &c->e[c->n];
    memset(e, 0, sizeof *e);
    e->path = mn_xstrdup(path);
    e->seq = c->n++;
    return e;
}

void
batch_cache_put(batch_cache *c, const char *path, const char *sha256,
                const char *rules, const char *config, const char *output,
                const batch_summary *sum)
{
    batch_cache_entry *e = append(c, path);
    e->sha256 = mn_xstrdup(sha256);
    e->rules = mn_xstrdup(rules);
    e->config = mn_xstrdup(config);
    e->output = mn_xstrdup(output);
    batch_summary_copy(&e->sum, sum);
}

void
batch_cache_drop(batch_cache *c, const char *path)
{
    append(c, path)->dropped = true;
}

static int
cmp_path_seq(const void *a, const void *b)
{
    const batch_cache_entry *x = a, *y = b;
    int d = strcmp(x->path, y->path);
    if (d)
        return d;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
batch_cache_compact(batch_cache *c)
{
    if (c->n > 1)
        qsort(c->e, c->n, sizeof *c->e, cmp_path_seq);
    size_t w = 0;
    for (size_t i = 0; i < c->n; i++) {
        int superseded =
            i + 1 < c->n && strcmp(c->e[i].path, c->e[i + 1].path) == 0;
        if (superseded || c->e[i].dropped) {
            entry_free(&c->e[i]);
            continue;
        }
        c->e[w] = c->e[i];
        c->e[w].seq = w;
        w++;
    }
    c->n = w;
}

static void
put_entry(mn_buf *b, const batch_cache_entry *e)
{
    const char *f[] = {e->path,   e->sha256,   e->rules,    e->config,
                       e->output, e->sum.date, e->sum.title};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        put_escaped(b, f[i]);
        (void)mn_buf_putc(b, '\t');
    }
    for (int k = 0; k < BATCH_NKINDS; k++)
        (void)mn_buf_printf(b, "%lu ", e->sum.counts[k]);
    (void)mn_buf_printf(b, "%lu\n", e->sum.warnings);
}

mn_status
batch_cache_save(const batch_cache *c, const char *outdir, mn_error *err)
{
    mn_buf b;
    mn_buf_init(&b, SIZE_MAX);
    (void)mn_buf_printf(&b, "%s\n", CACHE_MAGIC);
    for (size_t i = 0; i < c->n; i++)
        put_entry(&b, &c->e[i]);
    char *path = out_confined_path(outdir, BATCH_CACHE_NAME, NULL);
    mn_status st = out_mkdirs_for(path, err);
    if (st == MN_OK)
        st = out_write_atomic(path, mn_buf_str(&b), b.len, err);
    if (st != MN_OK)
        out_error_keep_path(err); /* path is freed below */
    free(path);
    mn_buf_free(&b);
    return st;
}

void
batch_cache_free(batch_cache *c)
{
    for (size_t i = 0; i < c->n; i++)
        entry_free(&c->e[i]);
    free(c->e);
    c->e = NULL;
    c->n = c->cap = 0;
}
