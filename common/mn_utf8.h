/*
 * UTF-8 primitives used by every stage: decode one code point, encode one,
 * and the matching normalisation (NBSP -> space, soft hyphen and zero-width
 * characters removed) that decoding and the HTML tokeniser both apply.
 */
#ifndef MN_UTF8_H
#define MN_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mn_buf.h"

#define MN_REPLACEMENT_CHAR 0xFFFDu

/*
 * Decode one code point from s[0..n). Returns the number of bytes consumed
 * (1..4) and stores the code point in *cp; an invalid or truncated sequence
 * consumes 1 byte and yields MN_REPLACEMENT_CHAR with *valid = false.
 * n must be > 0.
 */
size_t mn_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp,
                      bool *valid);

/* Encode cp into out (at least 4 bytes); returns bytes written (1..4). */
size_t mn_utf8_encode(uint32_t cp, char *out);

/* True when the whole buffer is well-formed UTF-8 (no surrogates, shortest). */
bool mn_utf8_valid(const unsigned char *s, size_t n);

/* Number of code points in s[0..n) (continuation bytes not counted). */
size_t mn_utf8_count(const char *s, size_t n);

/*
 * What normalisation does with a code point: keep it, replace it by a plain
 * space (NBSP and the other Unicode spaces), or drop it (soft hyphen,
 * zero-width space/joiners, BOM inside text, word joiner).
 */
typedef enum { MN_NORM_KEEP, MN_NORM_SPACE, MN_NORM_DROP } mn_norm_action;
mn_norm_action mn_utf8_norm_action(uint32_t cp);

/*
 * Append UTF-8 text to b with the normalisation applied; invalid sequences
 * become U+FFFD. Returns MN_E_LIMIT if b's cap is hit.
 */
mn_status mn_utf8_append_normalised(mn_buf *b, const char *s, size_t n);

#endif
