/*
 * Decoding: raw bytes of any supported encoding -> one normalised UTF-8 text,
 * plus a compact map back to byte offsets in the original file. The first
 * stage of the pipeline; every later position is computed through this map.
 */
#ifndef MN_DECODE_H
#define MN_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "mn_common.h"

typedef struct mn_decoded mn_decoded;

/* Where the encoding decision came from. */
typedef enum {
    MN_ENC_FROM_BOM,
    MN_ENC_FROM_META,     /* <meta charset> or http-equiv Content-Type */
    MN_ENC_FROM_XML_DECL, /* <?xml ... encoding="..."?> */
    MN_ENC_FROM_UTF8,     /* no declaration; the bytes are valid UTF-8 */
    MN_ENC_FROM_FALLBACK  /* no declaration, not UTF-8: windows-1252 */
} mn_enc_source;

typedef struct mn_decode_options {
    bool sniff_html; /* look for <meta charset> / XML declaration */
} mn_decode_options;

/*
 * Decode `len` bytes. On success *out owns a NUL-terminated, normalised UTF-8
 * text: CRLF and lone CR become LF; NBSP and other Unicode spaces become
 * U+0020; soft hyphens and zero-width characters are removed; invalid
 * sequences become U+FFFD and are counted. Binary input (NUL bytes outside
 * UTF-16, or a known image/archive/PDF signature) fails with MN_E_DECODE and a
 * problem text that says what was found. An empty input succeeds with an empty
 * text. `name` is used only in error messages (borrowed).
 */
MN_NODISCARD mn_status mn_decode(const char *name, const unsigned char *bytes,
                                 size_t len, const mn_decode_options *opt,
                                 mn_decoded **out, mn_error *err);

void mn_decoded_free(mn_decoded *d);

/* Free the text and the position tables, keeping what the encoding facts
 * (encoding, declared, replacements) need: once a document is tokenised
 * nothing reads the text, and on a large input it is the biggest buffer.
 * Afterwards text is "", len 0, and positions/offsets must not be asked. */
void mn_decoded_drop_text(mn_decoded *d);

/* The decoded text (borrowed, NUL-terminated) and its length in bytes. */
const char *mn_decoded_text(const mn_decoded *d);
size_t mn_decoded_len(const mn_decoded *d);

/* Canonical lower-case name of the source encoding: "utf-8", "utf-16le",
 * "utf-16be", "windows-1252", or another iconv name when declared. */
const char *mn_decoded_encoding(const mn_decoded *d);
mn_enc_source mn_decoded_encoding_source(const mn_decoded *d);
/* The label as declared in the document ("iso-8859-1"), or NULL. */
const char *mn_decoded_declared(const mn_decoded *d);
/* Invalid sequences replaced by U+FFFD. */
size_t mn_decoded_replacements(const mn_decoded *d);

/* Number of segments in the offset map (a diagnostic for tests: a UTF-8 file
 * that needed no normalisation has exactly one). */
size_t mn_decoded_map_segments(const mn_decoded *d);

/* Byte offset in the original input of the character at text offset `off`
 * (off == len maps to the original length). */
size_t mn_decoded_source_offset(const mn_decoded *d, size_t off);

/*
 * 1-based line and column of text offset `off`, and its original byte offset.
 * Lines are counted on LF, CRLF and lone CR as the original had them; the
 * column counts characters of the original encoding from the line start
 * (removed zero-width characters still count, as an editor shows them).
 */
void mn_decoded_position(const mn_decoded *d, size_t off, unsigned *line,
                         unsigned *col, size_t *source_offset);

#endif
