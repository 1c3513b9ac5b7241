/*
 * Our YAML emission alone, to set beside emitfloor (libyaml events +
 * emitter on the same records). Reads YAML files (one path per line of a
 * list), loads each into an mn_value tree (not timed), then times
 * mn_yaml_emit over all trees into one reused buffer, best of N. Every
 * emitted document is compared with the file it came from, so a style
 * change that alters a byte is reported. Time is the thread's CPU time,
 * which a busy shared machine disturbs less than the wall clock.
 * Usage: yamlemit LIST [N]   prints files, bytes, seconds, MB/s, mismatches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "mn_alloc.h"
#include "mn_buf.h"
#include "mn_yaml.h"

#define MAX_FILES 100000

typedef struct record {
    char *path;
    char *text; /* the file as read, for the byte comparison */
    size_t len;
    mn_value *doc;
} record;

/* Load one file as a single-document tree; false when it is unusable. */
static bool
load_record(const char *path, record *r)
{
    size_t len = 0;
    char *text = bench_slurp(path, &len);
    if (!text)
        return false;
    mn_value *docs = NULL;
    mn_error err = {0};
    if (mn_yaml_load(path, text, len, &docs, &err) != MN_OK ||
        mn_value_len(docs) != 1) {
        fprintf(stderr, "yamlemit: %s: %s\n", path, err.problem);
        mn_value_free(docs);
        free(text);
        return false;
    }
    r->path = mn_xstrdup(path);
    r->text = text;
    r->len = len;
    r->doc = mn_value_copy(mn_list_at(docs, 0));
    mn_value_free(docs);
    return true;
}

static size_t
load_list(const char *list_path, record *recs)
{
    FILE *list = fopen(list_path, "r");
    if (!list) {
        perror(list_path);
        return 0;
    }
    size_t n = 0;
    char line[4096];
    while (n < MAX_FILES && fgets(line, sizeof line, list)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] && load_record(line, &recs[n]))
            n++;
    }
    fclose(list);
    return n;
}

/* One timed pass; counts bytes written and documents that differ. */
static double
emit_all(const record *recs, size_t n, mn_buf *out, size_t *bytes,
         size_t *mismatches)
{
    double spent = 0;
    *bytes = 0;
    *mismatches = 0;
    for (size_t i = 0; i < n; i++) {
        mn_buf_clear(out);
        mn_error err = {0};
        double t0 = bench_cpu_s();
        mn_status st = mn_yaml_emit(recs[i].doc, out, &err);
        spent += bench_cpu_s() - t0;
        if (st != MN_OK)
            fprintf(stderr, "yamlemit: %s: %s\n", recs[i].path, err.problem);
        *bytes += out->len;
        if (out->len != recs[i].len ||
            memcmp(out->data, recs[i].text, out->len) != 0) {
            if (*mismatches == 0)
                fprintf(stderr, "yamlemit: output differs for %s\n",
                        recs[i].path);
            (*mismatches)++;
        }
    }
    return spent;
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: yamlemit LIST [N]\n");
        return 2;
    }
    long reps = argc > 2 ? strtol(argv[2], NULL, 10) : 3;
    if (reps < 1 || reps > 1000)
        reps = 3;
    record *recs = mn_xcalloc(MAX_FILES, sizeof *recs);
    size_t n = load_list(argv[1], recs);
    mn_buf out;
    mn_buf_init(&out, 0);
    double best = 1e9;
    size_t bytes = 0, mismatches = 0;
    for (long r = 0; r < reps; r++) {
        double t = emit_all(recs, n, &out, &bytes, &mismatches);
        best = t < best ? t : best;
    }
    printf("%zu files, %.1f MB of YAML: mn_yaml_emit %.3f s (%.1f MB/s), "
           "%zu differ from their file\n",
           n, (double)bytes / 1e6, best, (double)bytes / 1e6 / best,
           mismatches);
    for (size_t i = 0; i < n; i++) {
        free(recs[i].path);
        free(recs[i].text);
        mn_value_free(recs[i].doc);
    }
    free(recs);
    mn_buf_free(&out);
    return mismatches ? 1 : 0;
}
