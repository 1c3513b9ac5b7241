/*
 * The batch engine behind `minutes extract`: worker threads take inputs in
 * order from a shared counter, each with its own matcher over the one
 * immutable rule set. Records are independent, so output does not depend
 * on the number of threads; the index and the stdout stream follow input
 * order. SIGINT/SIGTERM only set a flag: workers finish the document in
 * hand, and the index and cache then describe exactly what was finished.
 */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "mn_alloc.h"
#include "mn_buf.h"
#include "mn_extract.h"
#include "mn_limits.h"
#include "mn_sha256.h"
#include "mn_yaml.h"
#include "out.h"

#define MAX_JOBS 256
/* stdout mode: how far workers may run ahead of the record being printed,
 * per worker, so memory stays bounded when one document is slow. */
#define STREAM_AHEAD_PER_JOB 8
#define PROGRESS_NS          200000000L

/* The signal that asked us to stop, or 0. Lock-free, so the handler may
 * store into it. */
static atomic_int stop_signal;

typedef struct batch {
    const batch_opts *o;
    const input_list *in;
    const mn_ruleset *rs;
    char config[160]; /* tool version and options: part of the cache key */
    batch_cache cache;
    batch_result *res;
    char **outpath; /* full record path per input (OUTDIR mode) */
    mn_buf *yaml;   /* stdout mode: the record of each finished input */
    unsigned char *finished; /* set under mu once res[i] is final */
    pthread_mutex_t mu;
    pthread_cond_t cv;      /* to the supervisor: a record to print, or a
                               worker gone */
    pthread_cond_t cv_work; /* to workers waiting for the stream to drain */
    size_t next, next_emit, done, failed, bytes;
    unsigned live;
    struct timespec t0;
    long long last_progress_ns;
    bool progress;
    bool progress_shown;
} batch;

static void
on_signal(int sig)
{
    atomic_store(&stop_signal, sig);
}

static bool
stopping(void)
{
    return atomic_load(&stop_signal) != 0;
}

static long long
now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* ---- progress and messages (callers hold mu) --------------------------- */

static void
clear_progress(batch *b)
{
    if (b->progress_shown)
        fputs("\r\033[K", stderr);
    b->progress_shown = false;
}

static void
format_eta(char *out, size_t size, double secs)
{
    if (secs < 0 || secs > 359999)
        snprintf(out, size, "--:--");
    else if (secs >= 3600)
        snprintf(out, size, "%d:%02d:%02d", (int)secs / 3600,
                 (int)secs / 60 % 60, (int)secs % 60);
    else
        snprintf(out, size, "%02d:%02d", (int)secs / 60, (int)secs % 60);
}

static void
show_progress(batch *b, bool force)
{
    long long t = now_ns();
    if (!b->progress || (!force && t - b->last_progress_ns < PROGRESS_NS))
        return;
    b->last_progress_ns = t;
    long long t0 = (long long)b->t0.tv_sec * 1000000000LL + b->t0.tv_nsec;
    double secs = (double)(t - t0) / 1e9;
    double rate = secs > 0 ? (double)b->done / secs : 0;
    char eta[32];
    format_eta(eta, sizeof eta,
               rate > 0 ? (double)(b->in->n - b->done) / rate : -1);
    fprintf(
        stderr, "\r\033[K%zu/%zu  %.1f docs/s  %.1f MB/s  ETA %s  %zu failed%s",
        b->done, b->in->n, rate, secs > 0 ? (double)b->bytes / 1e6 / secs : 0.0,
        eta, b->failed, stopping() ? "  (stopping)" : "");
    b->progress_shown = true;
}

/* ---- one input ----------------------------------------------------------- */

static void
fail(batch_result *r, mn_status st, const mn_error *err)
{
    char buf[1024];
    r->status = BATCH_FAILED;
    r->rc = cli_exit_for(st);
    r->reason = mn_xstrdup(mn_error_format(err, buf, sizeof buf));
}

/* Digest of a file's bytes, streamed (the cache check must not hold a
 * large document in memory); 0 on success. */
static int
hash_file(const char *path, char hex[65], size_t *bytes)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    static const size_t chunk = 1 << 16;
    unsigned char *buf = mn_xmalloc(chunk);
    mn_sha256 c;
    mn_sha256_init(&c);
    size_t total = 0;
    ssize_t n = 0;
    while (total <= MN_MAX_INPUT_BYTES) {
        n = read(fd, buf, chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        mn_sha256_update(&c, buf, (size_t)n);
        total += (size_t)n;
    }
    free(buf);
    close(fd);
    if (n < 0 || total > MN_MAX_INPUT_BYTES)
        return -1;
    mn_sha256_final_hex(&c, hex);
    *bytes = total;
    return 0;
}

static bool
same_str(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* Is the input unchanged since a cached run whose record is still there? */
static bool
try_skip(const batch *b, size_t i, batch_result *r)
{
    const input_item *it = &b->in->items[i];
    if (b->o->force || !b->o->outdir || strcmp(it->path, "-") == 0)
        return false;
    const batch_cache_entry *e = batch_cache_find(&b->cache, it->path);
    if (!e || !same_str(e->rules, mn_ruleset_version(b->rs)) ||
        !same_str(e->config, b->config) || !same_str(e->output, r->output))
        return false;
    struct stat st;
    if (stat(b->outpath[i], &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    char hex[65];
    size_t bytes = 0;
    if (hash_file(it->path, hex, &bytes) != 0 || strcmp(hex, e->sha256) != 0)
        return false;
    r->status = BATCH_SKIPPED;
    r->reason = mn_xstrdup("cached");
    memcpy(r->sha256, hex, sizeof hex);
    r->bytes = bytes;
    batch_summary_copy(&r->sum, &e->sum);
    return true;
}

/* Load and extract; on success *rec is the record (caller frees). The
 * document is freed as soon as it is no longer needed, to keep the peak
 * memory of a large input down. */
static mn_status
extract_record(const batch *b, mn_matcher *m, const input_item *it,
               batch_result *r, mn_value **rec)
{
    mn_error err = {0};
    mn_doc_options dopt = {.format = b->o->format};
    mn_doc *doc = NULL;
    mn_status st = mn_doc_load_file(it->path, &dopt, &doc, &err);
    if (st != MN_OK) {
        fail(r, st, &err);
        return st;
    }
    r->bytes = mn_doc_bytes(doc);
    snprintf(r->sha256, sizeof r->sha256, "%s", mn_doc_sha256(doc));
    mn_extract_options xo = {.profile = b->o->profile};
    st = mn_extract(doc, b->rs, m, &xo, rec, &err);
    if (st != MN_OK)
        fail(r, st, &err);
    mn_doc_free(doc);
    return st;
}

/* The record goes straight into its temp file: a large record is never
 * also held as YAML text. */
static mn_status
write_record(const char *path, const mn_value *rec, mn_error *err)
{
    mn_status st = out_mkdirs_for(path, err);
    out_stream *os = NULL;
    if (st == MN_OK)
        st = out_stream_open(path, &os, err);
    if (st != MN_OK)
        return st;
    st = mn_yaml_emit_to(rec, out_stream_write, os, err);
    return out_stream_close(os, st, 0, err);
}

/* stdout mode: the record's YAML is kept until its turn to be printed. */
static mn_status
keep_record(batch *b, size_t i, const mn_value *rec, mn_error *err)
{
    mn_buf y;
    mn_buf_init(&y, SIZE_MAX);
    mn_status st = mn_yaml_emit(rec, &y, err);
    if (st == MN_OK)
        b->yaml[i] = y;
    else
        mn_buf_free(&y);
    return st;
}

static void
process(batch *b, mn_matcher *m, size_t i)
{
    batch_result *r = &b->res[i];
    if (r->status == BATCH_FAILED || try_skip(b, i, r))
        return;
    mn_value *rec = NULL;
    if (extract_record(b, m, &b->in->items[i], r, &rec) != MN_OK)
        return;
    batch_summarise(rec, &r->sum);
    mn_error err = {0};
    mn_status st = b->o->outdir ? write_record(b->outpath[i], rec, &err)
                                : keep_record(b, i, rec, &err);
    mn_value_free(rec);
    if (st != MN_OK) {
        fail(r, st, &err);
        r->rc = MN_EXIT_USAGE; /* an unwritable record is an I/O problem */
    } else {
        r->status = BATCH_OK;
    }
}

/* ---- workers ------------------------------------------------------------- */

static bool
take(batch *b, size_t *i)
{
    bool ok = false;
    pthread_mutex_lock(&b->mu);
    size_t ahead = (size_t)STREAM_AHEAD_PER_JOB * (b->o->jobs + 1);
    while (!b->o->outdir && !stopping() && b->next >= b->next_emit + ahead)
        pthread_cond_wait(&b->cv_work, &b->mu);
    if (!stopping() && b->next < b->in->n) {
        *i = b->next++;
        ok = true;
    }
    pthread_mutex_unlock(&b->mu);
    return ok;
}

static void
finish(batch *b, size_t i)
{
    batch_result *r = &b->res[i];
    pthread_mutex_lock(&b->mu);
    b->finished[i] = 1;
    b->done++;
    b->bytes += r->bytes;
    if (r->status == BATCH_FAILED) {
        b->failed++;
        clear_progress(b);
        cli_error("%s", r->reason);
    }
    if (!b->o->outdir)
        pthread_cond_signal(&b->cv); /* the supervisor prints in order */
    pthread_mutex_unlock(&b->mu);
}

static void *
worker(void *arg)
{
    batch *b = arg;
    mn_matcher *m = mn_matcher_new(b->rs);
    size_t i;
    while (take(b, &i)) {
        process(b, m, i);
        finish(b, i);
    }
    mn_matcher_free(m);
    pthread_mutex_lock(&b->mu);
    b->live--;
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

/* stdout mode: print the finished records that come next in input order
 * (all finished ones once the workers are gone). Called with mu held. */
static void
emit_ready(batch *b, bool all)
{
    while (b->next_emit < b->in->n) {
        size_t i = b->next_emit;
        if (!b->finished[i] && !all)
            break;
        b->next_emit++;
        if (!b->finished[i] || b->res[i].status != BATCH_OK)
            continue;
        mn_buf y = b->yaml[i];
        memset(&b->yaml[i], 0, sizeof y);
        pthread_mutex_unlock(&b->mu);
        if (b->o->explicit_start)
            fputs("---\n", stdout);
        fwrite(mn_buf_str(&y), 1, y.len, stdout);
        mn_buf_free(&y);
        pthread_mutex_lock(&b->mu);
        pthread_cond_broadcast(&b->cv_work);
    }
}

static void
supervise(batch *b)
{
    pthread_mutex_lock(&b->mu);
    while (b->live > 0) {
        if (!b->o->outdir)
            emit_ready(b, false);
        show_progress(b, false);
        if (stopping())
            pthread_cond_broadcast(&b->cv_work);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += PROGRESS_NS;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&b->cv, &b->mu, &until);
    }
    if (!b->o->outdir)
        emit_ready(b, true);
    show_progress(b, true);
    clear_progress(b);
    pthread_mutex_unlock(&b->mu);
}

/* Start the workers with SIGINT/SIGTERM blocked (so only the supervisor
 * is interrupted, and reads in workers never see EINTR), supervise, join. */
static void
run_workers(batch *b)
{
    unsigned n = b->o->jobs;
    pthread_t *tid = mn_xcalloc(n, sizeof *tid);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    unsigned started = 0;
    for (unsigned k = 0; k < n; k++) {
        pthread_mutex_lock(&b->mu);
        b->live++;
        pthread_mutex_unlock(&b->mu);
        if (pthread_create(&tid[started], NULL, worker, b) == 0) {
            started++;
            continue;
        }
        pthread_mutex_lock(&b->mu);
        b->live--;
        pthread_mutex_unlock(&b->mu);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (started == 0) {
        b->live = 1;
        worker(b); /* no thread could be created: do it here */
    }
    supervise(b);
    for (unsigned k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
    free(tid);
}

/* ---- set-up and wrap-up -------------------------------------------------- */

/* qsort has no context argument; plan_outputs runs before any thread. */
static char **sort_paths;

static int
cmp_outpath(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, c = *(const size_t *)y;
    int d = strcmp(sort_paths[a], sort_paths[c]);
    return d ? d : (a > c) - (a < c);
}

/* Record paths, with clashes (two inputs, one record name) failed on the
 * later input so nothing is overwritten, deterministically. */
static void
plan_outputs(batch *b)
{
    size_t n = b->in->n, len = strlen(b->o->outdir);
    b->outpath = mn_xcalloc(n ? n : 1, sizeof *b->outpath);
    size_t *order = mn_xcalloc(n ? n : 1, sizeof *order);
    for (size_t i = 0; i < n; i++) {
        b->outpath[i] =
            out_confined_path(b->o->outdir, b->in->items[i].rel, ".yaml");
        order[i] = i;
        if (strncmp(b->outpath[i], b->o->outdir, len) != 0 ||
            b->outpath[i][len] != '/' ||
            strcmp(b->outpath[i] + len + 1, BATCH_INDEX_NAME) == 0) {
            b->res[i].status = BATCH_FAILED;
            b->res[i].rc = MN_EXIT_USAGE;
            b->res[i].reason = mn_xstrdup("no usable record name for it");
            continue;
        }
        b->res[i].output = mn_xstrdup(b->outpath[i] + len + 1);
    }
    sort_paths = b->outpath;
    if (n > 1)
        qsort(order, n, sizeof *order, cmp_outpath);
    for (size_t k = 1; k < n; k++) {
        size_t prev = order[k - 1], i = order[k];
        if (strcmp(b->outpath[prev], b->outpath[i]) != 0 ||
            b->res[i].status == BATCH_FAILED)
            continue;
        mn_buf msg;
        mn_buf_init(&msg, 0);
        (void)mn_buf_printf(&msg, "%s: record name %s is already used by %s",
                            b->in->items[i].path, b->res[i].output,
                            b->in->items[prev].path);
        b->res[i].status = BATCH_FAILED;
        b->res[i].rc = MN_EXIT_USAGE;
        b->res[i].reason = mn_buf_take(&msg);
    }
    free(order);
}

static void
batch_init(batch *b, const batch_opts *o, const input_list *in,
           const mn_ruleset *rs)
{
    memset(b, 0, sizeof *b);
    b->o = o;
    b->in = in;
    b->rs = rs;
    snprintf(b->config, sizeof b->config, "minutes %s;profile=%s;format=%s",
             BATCH_TOOL_VERSION, o->profile ? o->profile : "auto",
             o->format ? mn_format_name(o->format) : "auto");
    size_t n = in->n ? in->n : 1;
    b->res = mn_xcalloc(n, sizeof *b->res);
    b->finished = mn_xcalloc(n, 1);
    if (o->outdir) {
        if (!o->force)
            batch_cache_load(&b->cache, o->outdir);
        plan_outputs(b);
    } else {
        b->yaml = mn_xcalloc(n, sizeof *b->yaml);
    }
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->cv, NULL);
    pthread_cond_init(&b->cv_work, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b->t0);
    b->progress = !o->quiet && isatty(STDERR_FILENO);
}

static void
batch_free(batch *b)
{
    for (size_t i = 0; i < b->in->n; i++) {
        free(b->res[i].reason);
        free(b->res[i].output);
        batch_summary_free(&b->res[i].sum);
        if (b->outpath)
            free(b->outpath[i]);
        if (b->yaml)
            mn_buf_free(&b->yaml[i]);
    }
    free(b->res);
    free(b->outpath);
    free(b->yaml);
    free(b->finished);
    batch_cache_free(&b->cache);
    pthread_mutex_destroy(&b->mu);
    pthread_cond_destroy(&b->cv);
    pthread_cond_destroy(&b->cv_work);
}

static void
update_cache(batch *b)
{
    const char *rv = mn_ruleset_version(b->rs);
    for (size_t i = 0; i < b->in->n; i++) {
        const batch_result *r = &b->res[i];
        const char *path = b->in->items[i].path;
        if (strcmp(path, "-") == 0 || r->status == BATCH_PENDING)
            continue;
        if (r->status == BATCH_FAILED)
            batch_cache_drop(&b->cache, path);
        else
            batch_cache_put(&b->cache, path, r->sha256, rv, b->config,
                            r->output, &r->sum);
    }
    batch_cache_compact(&b->cache);
}

/* The index and the cache describe only what finished, and the cache is
 * written after the records are durable, so it never vouches for a record
 * a crash could still lose. */
static int
write_outdir_files(batch *b, bool complete)
{
    mn_error err = {0};
    update_cache(b);
    char *cache = out_confined_path(b->o->outdir, BATCH_CACHE_NAME, NULL);
    mn_status st = out_mkdirs_for(cache, &err); /* all inputs may have failed */
    if (st != MN_OK)
        out_error_keep_path(&err);
    free(cache);
    if (st == MN_OK)
        st = out_sync_dir(b->o->outdir, &err);
    if (st == MN_OK)
        st = batch_cache_save(&b->cache, b->o->outdir, &err);
    if (st == MN_OK)
        st = batch_index_write(b->o->outdir, b->in, b->res,
                               mn_ruleset_version(b->rs), complete, &err);
    if (st == MN_OK)
        return MN_EXIT_OK;
    cli_report(&err);
    return MN_EXIT_USAGE;
}

static void
catch_signals(struct sigaction old[2])
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    atomic_store(&stop_signal, 0);
    sigaction(SIGINT, &sa, &old[0]);
    sigaction(SIGTERM, &sa, &old[1]);
}

static unsigned
default_jobs(const batch_opts *o, size_t n)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned j = o->jobs ? o->jobs : cores > 0 ? (unsigned)cores : 1;
    if (j > MAX_JOBS)
        j = MAX_JOBS;
    if (n && j > n)
        j = (unsigned)n;
    return j ? j : 1;
}

int
batch_run(const batch_opts *opts, const input_list *in, const mn_ruleset *rs)
{
    batch_opts o = *opts;
    o.jobs = default_jobs(opts, in->n);
    batch b;
    batch_init(&b, &o, in, rs);
    struct sigaction old[2];
    catch_signals(old);
    run_workers(&b);
    int sig = atomic_load(&stop_signal);
    int rc = MN_EXIT_OK;
    for (size_t i = 0; i < in->n; i++)
        if (b.res[i].rc > rc)
            rc = b.res[i].rc;
    if (o.outdir) {
        int wrc = write_outdir_files(&b, b.done == in->n);
        rc = wrc > rc ? wrc : rc;
    }
    if (!o.quiet && (o.outdir || in->n > 1))
        batch_coverage_print(in, b.res);
    sigaction(SIGINT, &old[0], NULL);
    sigaction(SIGTERM, &old[1], NULL);
    batch_free(&b);
    if (sig) {
        cli_warn("interrupted: %s; finished records are kept, rerun to "
                 "continue",
                 sig == SIGINT ? "SIGINT" : "SIGTERM");
        return BATCH_EXIT_SIGNAL_BASE + sig;
    }
    return rc;
}
