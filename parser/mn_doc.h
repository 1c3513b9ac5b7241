/*
 * mn_doc: one minutes document as a stream of blocks (headings, paragraphs,
 * list items, table cells, preformatted text) in normalised UTF-8, each with
 * its exact position in the original file. The document owns everything;
 * blocks, spans and strings are borrowed views valid until mn_doc_free().
 */
#ifndef MN_DOC_H
#define MN_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mn_common.h"
#include "mn_chrome.h"

typedef enum mn_format {
    MN_FORMAT_AUTO = 0, /* decide from the extension and the content */
    MN_FORMAT_HTML,
    MN_FORMAT_TEXT,
    MN_FORMAT_MARKDOWN
} mn_format;

typedef enum mn_block_kind {
    MN_BLOCK_HEADING,
    MN_BLOCK_PARAGRAPH,
    MN_BLOCK_LIST_ITEM,
    MN_BLOCK_TABLE_CELL,
    MN_BLOCK_PRE
} mn_block_kind;

/* Block flags. */
#define MN_BF_HEADER_CELL 0x1u /* <th>, or a markdown table's header row */
#define MN_BF_ALL_BOLD    0x2u /* the whole text is bold (often a heading) */
#define MN_BF_LAYOUT      0x4u /* heading inferred from layout (text input) */
#define MN_BF_DEFINITION  0x8u /* <dt>/<dd> item of a definition list */

/* A position in the original file: 1-based line and column (characters of
 * the original encoding), and the byte offset from the start of the file.
 * 32 bits are enough for the offset: a document is at most
 * MN_MAX_INPUT_BYTES (mn_limits.h), and a page of a million blocks keeps
 * a position in every block and anchor. */
typedef struct mn_pos {
    unsigned line;
    unsigned col;
    uint32_t offset;
} mn_pos;

/* A byte range [start, start+len) of a block's text. */
typedef struct mn_span {
    size_t start;
    size_t len;
} mn_span;

/* The source position of the character at `text_off` in a block's text. A
 * block has one anchor per place where its text jumps in the source (a line
 * joined to the previous one, a <br>, a new text node). */
typedef struct mn_anchor {
    uint32_t text_off; /* < MN_MAX_BLOCK_BYTES */
    mn_pos pos;
} mn_anchor;

/* A page can hold millions of blocks while its records are built, so the
 * fields are as narrow as their limits allow (64 bytes on LP64): len is at
 * most MN_MAX_BLOCK_BYTES, the counts at most MN_MAX_SPANS_PER_BLOCK, the
 * level at most MN_MAX_HTML_DEPTH (a larger one is clamped to UINT16_MAX).
 * Table, row, column and ordinal keep 32 bits: hostile input can make them
 * large. */
typedef struct mn_block {
    const char *text; /* NUL-terminated; '\n' only for <br> / kept breaks */
    const mn_span *bold;
    const mn_anchor *anchors; /* sorted by text_off; anchors[0].text_off == 0 */
    mn_pos pos;               /* where the block starts in the source */
    uint32_t len;
    unsigned ordinal;  /* number of an ordered list item; else 0 */
    unsigned table;    /* 1-based table index in the document; else 0 */
    unsigned row;      /* 1-based table row of a cell; else 0 */
    unsigned column;   /* 1-based table column of a cell; else 0 */
    uint16_t nbold;    /* spans in bold */
    uint16_t nanchors; /* anchors */
    uint16_t level;    /* heading 1..6; list nesting depth 1..; else 0 */
    uint8_t kind;      /* an mn_block_kind */
    uint8_t flags;     /* MN_BF_* */
} mn_block;

/* A non-fatal remark made while reading (e.g. "3 invalid UTF-8 sequences
 * replaced"); positions may be 0 when not tied to a place. */
typedef struct mn_diag {
    mn_pos pos;
    const char *message;
} mn_diag;

typedef struct mn_doc mn_doc;

typedef struct mn_doc_options {
    mn_format format;        /* MN_FORMAT_AUTO to detect */
    const mn_chrome *chrome; /* NULL: the embedded default */
} mn_doc_options;

/*
 * Read, decode and tokenise a file. `path` "-" reads stdin. On failure *out is
 * untouched and err says why: MN_E_IO (missing, unreadable, a directory),
 * MN_E_DECODE (binary), MN_E_LIMIT (larger than MN_MAX_INPUT_BYTES).
 */
MN_NODISCARD mn_status mn_doc_load_file(const char *path,
                                        const mn_doc_options *opt, mn_doc **out,
                                        mn_error *err);

/* Same from memory; `name` is the display path (copied). Bytes are copied. */
MN_NODISCARD mn_status mn_doc_load_memory(const char *name, const void *bytes,
                                          size_t len, const mn_doc_options *opt,
                                          mn_doc **out, mn_error *err);

void mn_doc_free(mn_doc *doc);

size_t mn_doc_block_count(const mn_doc *doc);
/* Index of the last block starting on or before source line `line`, or
 * SIZE_MAX when no block starts that early (or there are none). Blocks are
 * in source order, so this is a binary search. */
size_t mn_doc_block_at_line(const mn_doc *doc, unsigned line);
const mn_block *mn_doc_block(const mn_doc *doc, size_t i);

const char *mn_doc_path(const mn_doc *doc);
mn_format mn_doc_format(const mn_doc *doc);
const char *mn_format_name(mn_format f); /* "html", "text", "markdown" */
const char *mn_doc_encoding(const mn_doc *doc);
size_t mn_doc_bytes(const mn_doc *doc);        /* original size */
const char *mn_doc_sha256(const mn_doc *doc);  /* hex of original bytes */
size_t mn_doc_replacements(const mn_doc *doc); /* U+FFFD inserted */

/* Document-level facts found by the tokeniser, or NULL: "html.title",
 * "html.lang", "front.<key>" for YAML front matter scalars. */
const char *mn_doc_meta(const mn_doc *doc, const char *key);

size_t mn_doc_diag_count(const mn_doc *doc);
const mn_diag *mn_doc_diag(const mn_doc *doc, size_t i);

/* The source position of byte `text_off` of a block's text. The column
 * costs a walk from the nearest anchor; see mn_block_line when only the
 * line is needed. */
mn_pos mn_block_locate(const mn_block *b, size_t text_off);

/* The source line of byte `text_off` of a block's text: O(log anchors),
 * whatever the block's length. */
unsigned mn_block_line(const mn_block *b, size_t text_off);

/* "heading", "paragraph", "item", "cell", "pre". */
const char *mn_block_kind_name(mn_block_kind k);

#endif
