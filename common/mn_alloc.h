/*
 * Allocation that never returns NULL: on exhaustion it prints one line and
 * aborts (the cmark/jq policy). Status codes are kept for what users cause.
 */
#ifndef MN_ALLOC_H
#define MN_ALLOC_H

#include <stddef.h>
#include "mn_common.h"

MN_NODISCARD void *mn_xmalloc(size_t size);
MN_NODISCARD void *mn_xcalloc(size_t n, size_t size);
MN_NODISCARD void *mn_xrealloc(void *p, size_t size);
/* Grow an array to hold at least `need` items of `size` bytes; *cap updated. */
MN_NODISCARD void *mn_xgrow(void *p, size_t *cap, size_t need, size_t size);
/* Caller owns the copy. NULL in gives NULL out. */
MN_NODISCARD char *mn_xstrdup(const char *s);
MN_NODISCARD char *mn_xstrndup(const char *s, size_t n);

#endif
