/*
 * Batch extraction: many inputs, N worker threads sharing one compiled rule
 * set, one record per input written atomically under OUTDIR (or a `---`
 * stream on stdout, in input order), a content-hash cache so reruns skip
 * unchanged inputs, OUTDIR/index.yaml, and a coverage summary.
 */
#ifndef MN_CLI_BATCH_H
#define MN_CLI_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "inputs.h"
#include "mn_doc.h"
#include "mn_ruleset.h"
#include "mn_value.h"

/* What the CLI puts in the cache key besides the rules and the content. */
#define BATCH_TOOL_VERSION "0.1.0"
#define BATCH_CACHE_NAME   ".minutes-cache"
#define BATCH_INDEX_NAME   "index.yaml"
/* Exit status after SIGINT/SIGTERM: 128 + the signal, as shells do. */
#define BATCH_EXIT_SIGNAL_BASE 128

typedef struct batch_opts {
    const char *outdir;  /* NULL: YAML stream on stdout */
    const char *profile; /* NULL: detect per document */
    mn_format format;
    unsigned jobs;       /* 0: one per online core */
    bool force;          /* ignore the cache */
    bool quiet;          /* no progress line, no coverage summary */
    bool explicit_start; /* stdout: "---" before every record */
} batch_opts;

/* Record kinds counted in the index and the coverage summary. */
enum {
    BATCH_K_ATTENDEES,
    BATCH_K_SECTIONS,
    BATCH_K_FIGURES,
    BATCH_K_RECOMMENDATIONS,
    BATCH_K_ACTIONS,
    BATCH_K_ABBREVIATIONS,
    BATCH_NKINDS
};
extern const char *const batch_kind_names[BATCH_NKINDS];

/* The few facts of a record the index and coverage need (owned strings). */
typedef struct batch_summary {
    char *title; /* NULL when the record has none */
    char *date;  /* ISO date or NULL */
    unsigned long counts[BATCH_NKINDS];
    unsigned long warnings;
} batch_summary;

void batch_summary_free(batch_summary *s);
void batch_summary_copy(batch_summary *dst, const batch_summary *src);

typedef enum batch_status {
    BATCH_PENDING = 0, /* not finished (interrupted run) */
    BATCH_OK,
    BATCH_FAILED,
    BATCH_SKIPPED /* unchanged since the cached run */
} batch_status;

/* One input's outcome; everything owned. */
typedef struct batch_result {
    batch_status status;
    int rc;          /* exit code this input contributes */
    char *reason;    /* why it failed, "cached" when skipped, else NULL */
    char *output;    /* record path relative to OUTDIR, or NULL */
    char sha256[65]; /* content digest ("" when unknown) */
    size_t bytes;
    batch_summary sum;
} batch_result;

/* ---- cache (batch_cache.c) ------------------------------------------- */
typedef struct batch_cache_entry {
    char *path, *sha256, *rules, *config, *output;
    batch_summary sum;
    size_t seq;   /* order of puts: the latest one wins */
    bool dropped; /* a tombstone left by batch_cache_drop */
} batch_cache_entry;

/* Sorted by path and unique after load and batch_cache_compact; puts and
 * drops append, so a run stays linear in the number of inputs. */
typedef struct batch_cache {
    batch_cache_entry *e;
    size_t n, cap;
} batch_cache;

/* Read OUTDIR/.minutes-cache; a missing or unusable file gives an empty
 * cache (it is only an optimisation). */
void batch_cache_load(batch_cache *c, const char *outdir);
/* The entry for an input path, or NULL (compacted caches only). Borrowed. */
const batch_cache_entry *batch_cache_find(const batch_cache *c,
                                          const char *path);
/* Record the entry of `path` (strings copied); it replaces any older one at
 * the next batch_cache_compact. */
void batch_cache_put(batch_cache *c, const char *path, const char *sha256,
                     const char *rules, const char *config, const char *output,
                     const batch_summary *sum);
/* Forget `path` at the next batch_cache_compact. */
void batch_cache_drop(batch_cache *c, const char *path);
/* Sort by path, keep the latest entry of each, apply drops. */
void batch_cache_compact(batch_cache *c);
/* Write it atomically (compact it first). */
MN_NODISCARD mn_status batch_cache_save(const batch_cache *c,
                                        const char *outdir, mn_error *err);
void batch_cache_free(batch_cache *c);

/* ---- index and coverage (batch_index.c) --------------------------------- */
/* Fill s from a record tree. */
void batch_summarise(const mn_value *rec, batch_summary *s);
/* Write OUTDIR/index.yaml listing the finished inputs in input order. */
MN_NODISCARD mn_status batch_index_write(const char *outdir,
                                         const input_list *in,
                                         const batch_result *res,
                                         const char *rules_version,
                                         bool complete, mn_error *err);
/* "coverage: ..." lines on stderr over the ok and skipped inputs. */
void batch_coverage_print(const input_list *in, const batch_result *res);

/* ---- the run (batch.c) --------------------------------------------------- */
/* Process every input of `in` with `rs`; returns the exit code (0 ok, the
 * worst per-input code, or 128+signal when interrupted). */
int batch_run(const batch_opts *o, const input_list *in, const mn_ruleset *rs);

#endif
