/*
 * What a batch tells about itself: OUTDIR/index.yaml (every finished input
 * in input order, with its status and the record's key facts) and the
 * coverage summary, the cheapest regression signal for an archive: if the
 * share of records with attendees drops after a rule change, look there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "mn_alloc.h"
#include "mn_buf.h"
#include "mn_limits.h"
#include "mn_yaml.h"
#include "out.h"

const char *const batch_kind_names[BATCH_NKINDS] = {
    "attendees",       "sections", "figures",
    "recommendations", "actions",  "abbreviations"};

static unsigned long
count_sections(const mn_value *list, int depth)
{
    size_t n = mn_value_len(list);
    unsigned long total = (unsigned long)n;
    if (depth >= MN_MAX_YAML_DEPTH)
        return total;
    for (size_t i = 0; i < n; i++)
        total += count_sections(mn_map_get(mn_list_at(list, i), "sections"),
                                depth + 1);
    return total;
}

void
batch_summarise(const mn_value *rec, batch_summary *s)
{
    memset(s, 0, sizeof *s);
    const mn_value *meeting = mn_map_get(rec, "meeting");
    s->title = mn_xstrdup(mn_map_get_str(meeting, "title"));
    s->date = mn_xstrdup(mn_map_get_str(meeting, "date"));
    for (int k = 0; k < BATCH_NKINDS; k++) {
        const mn_value *v = mn_map_get(rec, batch_kind_names[k]);
        s->counts[k] = k == BATCH_K_SECTIONS ? count_sections(v, 0)
                                             : (unsigned long)mn_value_len(v);
    }
    s->warnings = (unsigned long)mn_value_len(mn_map_get(rec, "warnings"));
}

static const char *
status_name(batch_status st)
{
    switch (st) {
    case BATCH_OK:
        return "ok";
    case BATCH_FAILED:
        return "failed";
    case BATCH_SKIPPED:
        return "skipped";
    case BATCH_PENDING:
        break;
    }
    return "pending";
}

static void
set_str_or_null(mn_value *map, const char *key, const char *s)
{
    if (s)
        mn_map_set_str(map, key, s);
    else
        mn_map_set_null(map, key);
}

static mn_value *
index_entry(const input_item *it, const batch_result *r)
{
    mn_value *e = mn_value_map();
    mn_map_set_str(e, "path", it->path);
    set_str_or_null(e, "output", r->output);
    mn_map_set_str(e, "status", status_name(r->status));
    set_str_or_null(e, "reason", r->reason);
    if (r->status == BATCH_FAILED)
        return e;
    set_str_or_null(e, "sha256", r->sha256[0] ? r->sha256 : NULL);
    set_str_or_null(e, "title", r->sum.title);
    set_str_or_null(e, "date", r->sum.date);
    mn_value *counts = mn_value_map();
    for (int k = 0; k < BATCH_NKINDS; k++)
        mn_map_set_int(counts, batch_kind_names[k],
                       (long long)r->sum.counts[k]);
    mn_map_set(e, "counts", counts);
    mn_map_set_int(e, "warnings", (long long)r->sum.warnings);
    return e;
}

static mn_value *
index_totals(const input_list *in, const batch_result *res)
{
    long long n[4] = {0};
    for (size_t i = 0; i < in->n; i++)
        n[res[i].status]++;
    mn_value *t = mn_value_map();
    mn_map_set_int(t, "inputs", (long long)in->n);
    mn_map_set_int(t, "ok", n[BATCH_OK]);
    mn_map_set_int(t, "skipped", n[BATCH_SKIPPED]);
    mn_map_set_int(t, "failed", n[BATCH_FAILED]);
    mn_map_set_int(t, "not_done", n[BATCH_PENDING]);
    return t;
}

mn_status
batch_index_write(const char *outdir, const input_list *in,
                  const batch_result *res, const char *rules_version,
                  bool complete, mn_error *err)
{
    mn_value *root = mn_value_map();
    mn_map_set_int(root, "index", 1);
    mn_map_set_str(root, "tool", "minutes " BATCH_TOOL_VERSION);
    mn_map_set_str(root, "rules", rules_version);
    mn_map_set_bool(root, "complete", complete);
    mn_map_set(root, "totals", index_totals(in, res));
    mn_value *list = mn_value_list();
    for (size_t i = 0; i < in->n; i++)
        if (res[i].status != BATCH_PENDING)
            mn_list_push(list, index_entry(&in->items[i], &res[i]));
    mn_map_set(root, "inputs", list);
    mn_buf b;
    mn_buf_init(&b, SIZE_MAX);
    mn_status st = mn_yaml_emit(root, &b, err);
    mn_value_free(root);
    char *path = out_confined_path(outdir, BATCH_INDEX_NAME, NULL);
    if (st == MN_OK)
        st = out_mkdirs_for(path, err);
    if (st == MN_OK)
        st = out_write_atomic(path, mn_buf_str(&b), b.len, err);
    if (st != MN_OK)
        out_error_keep_path(err);
    free(path);
    mn_buf_free(&b);
    return st;
}

static double
percent(unsigned long part, unsigned long whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

void
batch_coverage_print(const input_list *in, const batch_result *res)
{
    unsigned long docs = 0, dated = 0, titled = 0, had[BATCH_NKINDS] = {0};
    unsigned long n[4] = {0};
    for (size_t i = 0; i < in->n; i++) {
        n[res[i].status]++;
        if (res[i].status != BATCH_OK && res[i].status != BATCH_SKIPPED)
            continue;
        docs++;
        dated += res[i].sum.date != NULL;
        titled += res[i].sum.title != NULL;
        for (int k = 0; k < BATCH_NKINDS; k++)
            had[k] += res[i].sum.counts[k] > 0;
    }
    mn_buf b;
    mn_buf_init(&b, 0);
    (void)mn_buf_printf(&b,
                        "minutes: coverage of %lu records: date %.1f%%, "
                        "title %.1f%%",
                        docs, percent(dated, docs), percent(titled, docs));
    for (int k = 0; k < BATCH_NKINDS; k++)
        (void)mn_buf_printf(&b, ", %s %.1f%%", batch_kind_names[k],
                            percent(had[k], docs));
    fprintf(stderr, "%s\n", mn_buf_str(&b));
    fprintf(stderr,
            "minutes: %zu inputs: %lu ok, %lu skipped (cached), %lu failed"
            "%s\n",
            in->n, n[BATCH_OK], n[BATCH_SKIPPED], n[BATCH_FAILED],
            n[BATCH_PENDING] ? ", interrupted before the rest" : "");
    mn_buf_free(&b);
}
