/*
 * Growable byte buffer with a hard cap (curl's dynbuf). The content is always
 * NUL-terminated. Appending past the cap fails with MN_E_LIMIT and leaves the
 * buffer unchanged, so callers can report the limit and go on.
 */
#ifndef MN_BUF_H
#define MN_BUF_H

#include <stddef.h>
#include "mn_common.h"

typedef struct mn_buf {
    char *data; /* owned; NULL until the first append */
    size_t len;
    size_t cap;
    size_t max; /* hard cap on len; 0 means MN_MAX_INPUT_BYTES */
} mn_buf;

void mn_buf_init(mn_buf *b, size_t max);
void mn_buf_free(mn_buf *b);
void mn_buf_clear(mn_buf *b);
/* Make room for `extra` more bytes now (one allocation for a known size). */
mn_status mn_buf_reserve(mn_buf *b, size_t extra);
mn_status mn_buf_append(mn_buf *b, const void *p, size_t n);
mn_status mn_buf_putc(mn_buf *b, char c);
mn_status mn_buf_printf(mn_buf *b, const char *fmt, ...)
    MN_PRINTF(2, 3);
/* Never NULL: "" for an empty buffer. Borrowed. */
const char *mn_buf_str(const mn_buf *b);
/* Hand the content to the caller (who frees it) and reset the buffer. */
MN_NODISCARD char *mn_buf_take(mn_buf *b);

#endif
