/*
 * A main() for the fuzz harnesses, so they build with gcc and run under
 * `make test`: every file named on the command line, or found under a named
 * directory (recursively, in sorted order), is fed once to
 * LLVMFuzzerTestOneInput. A crash or abort is the failure; the count of
 * inputs replayed is printed so an empty run is visible.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "mn_alloc.h"
#include "mn_limits.h"

#define REPLAY_MAX_DEPTH 16

static size_t replayed;

static int
replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return 1;
    }
    size_t cap = 4096, len = 0;
    unsigned char *data = mn_xmalloc(cap);
    for (;;) {
        if (len == cap) {
            if (cap >= MN_MAX_INPUT_BYTES)
                break;
            cap *= 2;
            data = mn_xrealloc(data, cap);
        }
        size_t n = fread(data + len, 1, cap - len, f);
        if (n == 0)
            break;
        len += n;
    }
    int bad = ferror(f) != 0;
    fclose(f);
    if (!bad) {
        (void)LLVMFuzzerTestOneInput(data, len);
        replayed++;
    }
    free(data);
    return bad;
}

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_path(const char *path, int depth);

static int
replay_dir(const char *path, int depth)
{
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "replay: cannot open directory %s\n", path);
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* ., .., and hidden files such as .gitkeep */
        names = mn_xgrow(names, &cap, n + 1, sizeof *names);
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        names[n] = mn_xmalloc(len);
        snprintf(names[n], len, "%s/%s", path, e->d_name);
        n++;
    }
    closedir(d);
    if (n > 0)
        qsort(names, n, sizeof *names, cmp_names);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        bad |= replay_path(names[i], depth + 1);
        free(names[i]);
    }
    free(names);
    return bad;
}

static int
replay_path(const char *path, int depth)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s does not exist\n", path);
        return 1;
    }
    if (S_ISDIR(st.st_mode))
        return depth < REPLAY_MAX_DEPTH ? replay_dir(path, depth) : 0;
    return replay_file(path);
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    int bad = 0;
    for (int i = 1; i < argc; i++)
        bad |= replay_path(argv[i], 0);
    printf("%s: %zu inputs replayed\n", argv[0], replayed);
    return bad;
}
