/*
 * The output floor: how long libyaml alone takes to emit the records of a
 * run, whatever our extraction costs. Reads YAML files (one per line of a
 * list), parses each into libyaml events once (not timed), then times
 * feeding all events to a yaml_emitter writing to memory, best of N, in
 * thread CPU time (as bench/yamlemit.c, which it is compared with).
 * Usage: emitfloor LIST [N]   prints bytes, seconds and MB/s.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yaml.h>

#include "bench_util.h"

typedef struct events {
    yaml_event_t *ev;
    size_t n, cap;
} events;

static int
push(events *e, const yaml_event_t *ev)
{
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 4096;
        yaml_event_t *ne = realloc(e->ev, cap * sizeof *ne);
        if (!ne)
            return -1;
        e->ev = ne;
        e->cap = cap;
    }
    e->ev[e->n++] = *ev;
    return 0;
}

static int
parse_file(const char *path, events *e, size_t *bytes)
{
    size_t len = 0;
    char *text = bench_slurp(path, &len);
    if (!text)
        return -1;
    *bytes += len;
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    int rc = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev) || push(e, &ev) != 0) {
            rc = -1;
            break;
        }
        if (ev.type == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&p);
    free(text);
    return rc;
}

static int
sink(void *data, unsigned char *buf, size_t size)
{
    (void)buf;
    *(size_t *)data += size;
    return 1;
}

/* Emit every event; events are copied first because the emitter frees
 * what it is given. Copying is timed separately and subtracted. */
static double
emit_all(const events *e, size_t *out, int copy_only)
{
    yaml_emitter_t em;
    yaml_emitter_initialize(&em);
    yaml_emitter_set_unicode(&em, 1);
    yaml_emitter_set_width(&em, -1);
    yaml_emitter_set_output(&em, sink, out);
    double t0 = bench_cpu_s();
    for (size_t i = 0; i < e->n; i++) {
        yaml_event_t ev = e->ev[i];
        yaml_event_t c;
        const yaml_event_t *s = &ev;
        switch (s->type) {
        case YAML_SCALAR_EVENT:
            yaml_scalar_event_initialize(
                &c, s->data.scalar.anchor, s->data.scalar.tag,
                s->data.scalar.value, (int)s->data.scalar.length,
                s->data.scalar.plain_implicit, s->data.scalar.quoted_implicit,
                s->data.scalar.style);
            break;
        case YAML_MAPPING_START_EVENT:
            yaml_mapping_start_event_initialize(&c, NULL, NULL, 1,
                                                YAML_BLOCK_MAPPING_STYLE);
            break;
        case YAML_SEQUENCE_START_EVENT:
            yaml_sequence_start_event_initialize(&c, NULL, NULL, 1,
                                                 YAML_BLOCK_SEQUENCE_STYLE);
            break;
        case YAML_MAPPING_END_EVENT:
            yaml_mapping_end_event_initialize(&c);
            break;
        case YAML_SEQUENCE_END_EVENT:
            yaml_sequence_end_event_initialize(&c);
            break;
        case YAML_DOCUMENT_START_EVENT:
            yaml_document_start_event_initialize(&c, NULL, NULL, NULL, 0);
            break;
        case YAML_DOCUMENT_END_EVENT:
            yaml_document_end_event_initialize(&c, 1);
            break;
        case YAML_STREAM_START_EVENT: /* one stream for all files */
            if (i > 0)
                continue;
            yaml_stream_start_event_initialize(&c, YAML_UTF8_ENCODING);
            break;
        case YAML_STREAM_END_EVENT:
            if (i + 1 < e->n)
                continue;
            yaml_stream_end_event_initialize(&c);
            break;
        default:
            continue;
        }
        if (copy_only)
            yaml_event_delete(&c);
        else if (!yaml_emitter_emit(&em, &c)) {
            fprintf(stderr, "emitfloor: %s\n", em.problem ? em.problem : "?");
            break;
        }
    }
    if (!copy_only)
        yaml_emitter_flush(&em);
    double t = bench_cpu_s() - t0;
    yaml_emitter_delete(&em);
    return t;
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: emitfloor LIST [N]\n");
        return 2;
    }
    int reps = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 3;
    FILE *list = fopen(argv[1], "r");
    if (!list) {
        perror(argv[1]);
        return 1;
    }
    events e = {0};
    size_t bytes = 0, files = 0;
    char line[4096];
    while (fgets(line, sizeof line, list)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] && parse_file(line, &e, &bytes) == 0)
            files++;
    }
    fclose(list);
    double best = 1e9, copy = 1e9;
    size_t out = 0;
    for (int r = 0; r < (reps > 0 ? reps : 1); r++) {
        size_t o = 0, dummy = 0;
        double c = emit_all(&e, &dummy, 1);
        double t = emit_all(&e, &o, 0);
        copy = c < copy ? c : copy;
        best = t < best ? t : best;
        out = o;
    }
    double emit = best - copy > 0 ? best - copy : best;
    printf("%zu files, %.1f MB of YAML: libyaml events + emitter %.3f s "
           "(%.1f MB/s), emitter alone %.3f s (%.1f MB/s)\n",
           files, (double)out / 1e6, best, (double)out / 1e6 / best, emit,
           (double)out / 1e6 / emit);
    (void)bytes;
    for (size_t i = 0; i < e.n; i++)
        yaml_event_delete(&e.ev[i]);
    free(e.ev);
    return 0;
}
