/*
 * The builder side of mn_doc, for the tokenisers only. Blocks are added by
 * index while tokenising; pointers in mn_block are filled in once the
 * tokeniser returns, so tokenisers must not keep mn_block pointers.
 */
#ifndef MN_DOC_INT_H
#define MN_DOC_INT_H

#include "mn_doc.h"

/* The decoded, normalised UTF-8 text being tokenised (borrowed). It and
 * mn_doc_pos_at are for tokenisers: the text is freed once they return. */
const char *mn_doc_text(const mn_doc *doc);
size_t mn_doc_text_len(const mn_doc *doc);

/* Source position of offset `off` in the decoded text. O(log n). */
mn_pos mn_doc_pos_at(const mn_doc *doc, size_t off);

/*
 * Append a block whose text is copied from text[0..len) (already normalised
 * UTF-8). Leading/trailing whitespace is the caller's business. Returns the
 * block index, or (size_t)-1 when MN_MAX_BLOCKS is reached (a diagnostic is
 * recorded once). The block's first anchor is {0, pos}.
 */
size_t mn_doc_add_block(mn_doc *doc, mn_block_kind kind, const char *text,
                        size_t len, mn_pos pos);

/* Set the structural fields of block `i`. A level above UINT16_MAX is
 * clamped; flags are MN_BF_* bits (8 of them at most). */
void mn_doc_set_block_shape(mn_doc *doc, size_t i, unsigned level,
                            unsigned ordinal, unsigned flags);
void mn_doc_set_block_cell(mn_doc *doc, size_t i, unsigned table, unsigned row,
                           unsigned column);

/* Record that text [start, start+len) of block `i` is bold. */
void mn_doc_add_bold(mn_doc *doc, size_t i, size_t start, size_t len);

/* Record that byte `text_off` of block `i`'s text is at `pos` in the source.
 * Anchors must be added in increasing text_off order. */
void mn_doc_add_anchor(mn_doc *doc, size_t i, size_t text_off, mn_pos pos);

/* Remember a document-level fact (key and value copied; last one wins). */
void mn_doc_set_meta(mn_doc *doc, const char *key, const char *value);

/* Record a non-fatal remark. */
void mn_doc_diag_add(mn_doc *doc, mn_pos pos, const char *fmt, ...)
    MN_PRINTF(3, 4);

#endif
