/* Capped growable buffer; see mn_buf.h. */
#include "mn_buf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_limits.h"

void
mn_buf_init(mn_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max ? max : MN_MAX_INPUT_BYTES;
}

void
mn_buf_free(mn_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void
mn_buf_clear(mn_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static mn_status
reserve(mn_buf *b, size_t extra)
{
    if (extra > b->max || b->len > b->max - extra)
        return MN_E_LIMIT;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return MN_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    b->data = mn_xrealloc(b->data, cap);
    b->cap = cap;
    return MN_OK;
}

mn_status
mn_buf_reserve(mn_buf *b, size_t extra)
{
    if (extra > b->max || b->len > b->max - extra)
        return MN_E_LIMIT;
    size_t need = b->len + extra + 1;
    if (need > b->cap) {
        b->data = mn_xrealloc(b->data, need);
        b->cap = need;
    }
    return MN_OK;
}

mn_status
mn_buf_append(mn_buf *b, const void *p, size_t n)
{
    mn_status st = reserve(b, n);
    if (st != MN_OK)
        return st;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return MN_OK;
}

mn_status
mn_buf_putc(mn_buf *b, char c)
{
    return mn_buf_append(b, &c, 1);
}

mn_status
mn_buf_printf(mn_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return MN_E_INTERNAL;
    mn_status st = reserve(b, (size_t)n);
    if (st != MN_OK)
        return st;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return MN_OK;
}

const char *
mn_buf_str(const mn_buf *b)
{
    return b->data ? b->data : "";
}

char *
mn_buf_take(mn_buf *b)
{
    char *p = b->data ? b->data : mn_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
