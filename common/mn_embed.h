/*
 * The rule packs compiled into the binary (generated from the rules/ YAML files
 * by tools/embed.c), so `minutes` works from any directory.
 */
#ifndef MN_EMBED_H
#define MN_EMBED_H

#include <stddef.h>

typedef struct mn_embedded_file {
    const char *name; /* base name, e.g. "core.yaml" */
    const char *data; /* NUL-terminated YAML text */
    size_t len;
    const char *sha256; /* hex digest of data[0..len), computed at build
                           time so loading need not hash the packs again */
} mn_embedded_file;

/* Terminated by an entry whose name is NULL. */
extern const mn_embedded_file mn_embedded_files[];
extern const size_t mn_embedded_count;

/* The embedded file of that base name, or NULL. */
const mn_embedded_file *mn_embedded_find(const char *name);

#endif
