/* Aborting allocators; see mn_alloc.h. */
#include "mn_alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
oom(size_t size)
{
    fprintf(stderr, "minutes: out of memory (%zu bytes)\n", size);
    abort();
}

void *
mn_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        oom(size);
    return p;
}

void *
mn_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom(n * size);
    return p;
}

void *
mn_xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        oom(size);
    return q;
}

void *
mn_xgrow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2 / size)
            oom(SIZE_MAX);
        n *= 2;
    }
    *cap = n;
    return mn_xrealloc(p, n * size);
}

char *
mn_xstrdup(const char *s)
{
    return s ? mn_xstrndup(s, strlen(s)) : NULL;
}

char *
mn_xstrndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *d = mn_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}
