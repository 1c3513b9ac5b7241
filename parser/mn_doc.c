/*
 * The document object: reads bytes, decodes them (mn_decode), hands the text
 * to the HTML or text tokeniser, and owns every block they add. While
 * tokenising, blocks live in growable arrays addressed by index; once the
 * tokeniser returns, mn_doc_finish() fixes the pointers, after which the
 * document is immutable.
 */
#include "mn_doc.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mn_alloc.h"
#include "mn_buf.h"
#include "mn_decode.h"
#include "mn_doc_int.h"
#include "mn_html.h"
#include "mn_limits.h"
#include "mn_sha256.h"
#include "mn_text.h"

/* A block as built: nbold and nanchors count its spans and anchors. Texts
 * (each NUL-terminated), spans and anchors are appended block by block, so
 * where a block's start is the sum over the blocks before it: nothing else
 * need be kept per block, which a page of a million blocks notices. An
 * mn_block without its pointers, because while tokenising the decoded text
 * is alive too; finish() widens the array in place once that text is gone. */
typedef struct block_rec {
    mn_pos pos;
    uint32_t len;
    unsigned ordinal, table, row, column;
    uint16_t nbold, nanchors, level;
    uint8_t kind, flags;
} block_rec;

/* The narrow fields of mn_pos, mn_anchor and mn_block hold every value the
 * limits allow. */
_Static_assert(MN_MAX_INPUT_BYTES <= UINT32_MAX, "mn_pos.offset");
_Static_assert(MN_MAX_BLOCK_BYTES <= UINT32_MAX, "len, text_off");
_Static_assert(MN_MAX_SPANS_PER_BLOCK <= UINT16_MAX, "nbold, nanchors");
_Static_assert(MN_MAX_HTML_DEPTH <= UINT16_MAX, "level: HTML list depth");
_Static_assert(MN_BLOCK_PRE <= UINT8_MAX, "kind");
_Static_assert((MN_BF_HEADER_CELL | MN_BF_ALL_BOLD | MN_BF_LAYOUT |
                MN_BF_DEFINITION) <= UINT8_MAX,
               "flags");
_Static_assert(sizeof(block_rec) <= sizeof(mn_block), "widened in place");
_Static_assert(sizeof(void *) != 8 || sizeof(mn_block) == 64,
               "mn_block stays 64 bytes on LP64");

typedef struct meta_kv {
    char *key;
    char *value;
} meta_kv;

struct mn_doc {
    char *path;
    mn_format format;
    size_t bytes;
    char sha256[65];
    mn_decoded *dec;
    mn_buf texts;    /* all block texts, NUL-separated */
    block_rec *recs; /* while tokenising */
    size_t cap_recs;
    mn_block *blocks; /* once finished */
    size_t nblocks;
    mn_span *spans;
    size_t nspans, cap_spans;
    mn_anchor *anchors;
    size_t nanchors, cap_anchors;
    meta_kv *meta;
    size_t nmeta, cap_meta;
    mn_diag *diags;
    size_t ndiags, cap_diags;
    int blocks_capped;
};

/* ---- reading ------------------------------------------------------------ */

static mn_status
read_stream(FILE *f, const char *name, mn_buf *out, mn_error *err)
{
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (mn_buf_append(out, chunk, n) != MN_OK)
            return mn_error_set(err, MN_E_LIMIT, name, 0, 0,
                                "input larger than %zu MB; split the file",
                                MN_MAX_INPUT_BYTES >> 20);
    }
    if (ferror(f))
        return mn_error_set(err, MN_E_IO, name, 0, 0, "read failed: %s",
                            strerror(errno));
    return MN_OK;
}

static mn_status
read_file(const char *path, mn_buf *out, mn_error *err)
{
    if (strcmp(path, "-") == 0)
        return read_stream(stdin, "<stdin>", out, err);
    struct stat st;
    if (stat(path, &st) != 0)
        return mn_error_set(err, MN_E_IO, path, 0, 0, "cannot open: %s",
                            strerror(errno));
    if (S_ISDIR(st.st_mode))
        return mn_error_set(err, MN_E_IO, path, 0, 0,
                            "is a directory; pass the files inside it");
    if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode))
        return mn_error_set(err, MN_E_IO, path, 0, 0, "not a regular file");
    if (S_ISREG(st.st_mode) && (size_t)st.st_size > MN_MAX_INPUT_BYTES)
        return mn_error_set(err, MN_E_LIMIT, path, 0, 0,
                            "input larger than %zu MB; split the file",
                            MN_MAX_INPUT_BYTES >> 20);
    if (S_ISREG(st.st_mode))
        (void)mn_buf_reserve(out, (size_t)st.st_size);
    FILE *f = fopen(path, "rb");
    if (!f)
        return mn_error_set(err, MN_E_IO, path, 0, 0, "cannot open: %s",
                            strerror(errno));
    mn_status st2 = read_stream(f, path, out, err);
    fclose(f);
    return st2;
}

/* ---- format detection --------------------------------------------------- */

static int
has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    if (n < m)
        return 0;
    for (size_t i = 0; i < m; i++)
        if ((s[n - m + i] | 0x20) != (suf[i] | 0x20))
            return 0;
    return 1;
}

static int
ci_contains(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++) {
        size_t j = 0;
        while (j < m && (hay[i + j] | 0x20) == needle[j])
            j++;
        if (j == m)
            return 1;
    }
    return 0;
}

/* Markdown and text files that are really HTML (scribe.perl minutes saved
 * as .md): most non-blank lines near the top start with a tag. */
static int
mostly_markup(const unsigned char *b, size_t len)
{
    /* An if, not a ?: clamp: cppcheck 2.10 then takes n for 0 after
     * load_bytes' size check and calls this loop dead. */
    size_t n = len, lines = 0, tagged = 0;
    if (n > 4096)
        n = 4096;
    for (size_t i = 0; i < n;) {
        while (i < n && (b[i] == ' ' || b[i] == '\t'))
            i++;
        if (i < n && b[i] != '\n' && b[i] != '\r') {
            lines++;
            if (b[i] == '<' && i + 1 < n &&
                (isalpha(b[i + 1]) || b[i + 1] == '!' || b[i + 1] == '/'))
                tagged++;
        }
        while (i < n && b[i] != '\n')
            i++;
        i++;
    }
    return lines >= 4 && tagged * 2 > lines;
}

/* Extension first (unless the content is plainly HTML); then markup near
 * the top decides between HTML and text. */
static mn_format
detect_format(const char *name, const unsigned char *b, size_t len)
{
    if (has_suffix(name, ".html") || has_suffix(name, ".htm") ||
        has_suffix(name, ".xhtml"))
        return MN_FORMAT_HTML;
    if (mostly_markup(b, len))
        return MN_FORMAT_HTML;
    if (has_suffix(name, ".md") || has_suffix(name, ".markdown"))
        return MN_FORMAT_MARKDOWN;
    if (has_suffix(name, ".txt"))
        return MN_FORMAT_TEXT;
    size_t n = len; /* clamped with an if, as in mostly_markup */
    if (n > 2048)
        n = 2048;
    const char *s = (const char *)b;
    if (ci_contains(s, n, "<!doctype html") || ci_contains(s, n, "<html") ||
        ci_contains(s, n, "<body") || ci_contains(s, n, "<p>") ||
        ci_contains(s, n, "<div"))
        return MN_FORMAT_HTML;
    if (ci_contains(s, n, "\n## ") || ci_contains(s, n, "\n# ") ||
        (n > 2 && s[0] == '#' && s[1] == ' '))
        return MN_FORMAT_MARKDOWN;
    return MN_FORMAT_TEXT;
}

const char *
mn_format_name(mn_format f)
{
    switch (f) {
    case MN_FORMAT_HTML:
        return "html";
    case MN_FORMAT_MARKDOWN:
        return "markdown";
    case MN_FORMAT_TEXT:
        return "text";
    case MN_FORMAT_AUTO:
        break;
    }
    return "auto";
}

const char *
mn_block_kind_name(mn_block_kind k)
{
    switch (k) {
    case MN_BLOCK_HEADING:
        return "heading";
    case MN_BLOCK_PARAGRAPH:
        return "paragraph";
    case MN_BLOCK_LIST_ITEM:
        return "item";
    case MN_BLOCK_TABLE_CELL:
        return "cell";
    case MN_BLOCK_PRE:
        return "pre";
    }
    return "?";
}

/* ---- building ----------------------------------------------------------- */

const char *
mn_doc_text(const mn_doc *doc)
{
    return mn_decoded_text(doc->dec);
}

size_t
mn_doc_text_len(const mn_doc *doc)
{
    return mn_decoded_len(doc->dec);
}

mn_pos
mn_doc_pos_at(const mn_doc *doc, size_t off)
{
    mn_pos p;
    size_t src;
    mn_decoded_position(doc->dec, off, &p.line, &p.col, &src);
    p.offset = (uint32_t)src; /* < MN_MAX_INPUT_BYTES */
    return p;
}

size_t
mn_doc_add_block(mn_doc *doc, mn_block_kind kind, const char *text, size_t len,
                 mn_pos pos)
{
    if (doc->nblocks >= MN_MAX_BLOCKS || len > MN_MAX_BLOCK_BYTES) {
        if (!doc->blocks_capped)
            mn_doc_diag_add(doc, pos,
                            "%s; the rest of the block/document "
                            "is ignored",
                            doc->nblocks >= MN_MAX_BLOCKS
                                ? "too many blocks"
                                : "block text too long");
        doc->blocks_capped = 1;
        return (size_t)-1;
    }
    size_t off = doc->texts.len;
    if (mn_buf_append(&doc->texts, text, len) != MN_OK ||
        mn_buf_putc(&doc->texts, '\0') != MN_OK) {
        doc->texts.len = off; /* texts must stay exactly the blocks' */
        doc->blocks_capped = 1;
        return (size_t)-1;
    }
    doc->recs = mn_xgrow(doc->recs, &doc->cap_recs, doc->nblocks + 1,
                         sizeof *doc->recs);
    block_rec *r = &doc->recs[doc->nblocks];
    memset(r, 0, sizeof *r);
    r->kind = (uint8_t)kind;
    r->len = (uint32_t)len;
    r->pos = pos;
    size_t i = doc->nblocks++;
    mn_doc_add_anchor(doc, i, 0, pos);
    return i;
}

void
mn_doc_set_block_shape(mn_doc *doc, size_t i, unsigned level, unsigned ordinal,
                       unsigned flags)
{
    if (i >= doc->nblocks)
        return;
    doc->recs[i].level = (uint16_t)(level < UINT16_MAX ? level : UINT16_MAX);
    doc->recs[i].ordinal = ordinal;
    doc->recs[i].flags = (uint8_t)(flags & UINT8_MAX);
}

void
mn_doc_set_block_cell(mn_doc *doc, size_t i, unsigned table, unsigned row,
                      unsigned column)
{
    if (i >= doc->nblocks)
        return;
    doc->recs[i].table = table;
    doc->recs[i].row = row;
    doc->recs[i].column = column;
}

void
mn_doc_add_bold(mn_doc *doc, size_t i, size_t start, size_t len)
{
    if (i >= doc->nblocks || i + 1 != doc->nblocks)
        return; /* spans are stored contiguously: only the last block */
    block_rec *r = &doc->recs[i];
    if (r->nbold >= MN_MAX_SPANS_PER_BLOCK || start > r->len ||
        len > r->len - start || len == 0)
        return;
    doc->spans = mn_xgrow(doc->spans, &doc->cap_spans, doc->nspans + 1,
                          sizeof *doc->spans);
    doc->spans[doc->nspans++] = (mn_span){start, len};
    r->nbold++;
}

void
mn_doc_add_anchor(mn_doc *doc, size_t i, size_t text_off, mn_pos pos)
{
    if (i >= doc->nblocks || i + 1 != doc->nblocks)
        return;
    block_rec *r = &doc->recs[i];
    if (r->nanchors >= MN_MAX_SPANS_PER_BLOCK || text_off > r->len)
        return;
    if (r->nanchors && doc->anchors[doc->nanchors - 1].text_off >= text_off) {
        if (doc->anchors[doc->nanchors - 1].text_off == text_off &&
            text_off > 0)
            doc->anchors[doc->nanchors - 1].pos = pos;
        return;
    }
    doc->anchors = mn_xgrow(doc->anchors, &doc->cap_anchors, doc->nanchors + 1,
                            sizeof *doc->anchors);
    doc->anchors[doc->nanchors++] = (mn_anchor){(uint32_t)text_off, pos};
    r->nanchors++;
}

void
mn_doc_set_meta(mn_doc *doc, const char *key, const char *value)
{
    for (size_t i = 0; i < doc->nmeta; i++)
        if (strcmp(doc->meta[i].key, key) == 0) {
            free(doc->meta[i].value);
            doc->meta[i].value = mn_xstrdup(value);
            return;
        }
    doc->meta =
        mn_xgrow(doc->meta, &doc->cap_meta, doc->nmeta + 1, sizeof *doc->meta);
    doc->meta[doc->nmeta].key = mn_xstrdup(key);
    doc->meta[doc->nmeta].value = mn_xstrdup(value);
    doc->nmeta++;
}

void
mn_doc_diag_add(mn_doc *doc, mn_pos pos, const char *fmt, ...)
{
    if (doc->ndiags >= 1000)
        return; /* a document that warns this much has said enough */
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    doc->diags = mn_xgrow(doc->diags, &doc->cap_diags, doc->ndiags + 1,
                          sizeof *doc->diags);
    doc->diags[doc->ndiags].pos = pos;
    doc->diags[doc->ndiags].message = mn_xstrdup(msg);
    doc->ndiags++;
}

/* Turn the block records into mn_blocks in the same memory: from the last
 * one down, a block never lands on a record still to be read. */
static void
widen_blocks(mn_doc *doc)
{
    if (!doc->nblocks) {
        free(doc->recs);
        doc->recs = NULL;
        return;
    }
    mn_block *b = mn_xrealloc(doc->recs, doc->nblocks * sizeof *b);
    doc->recs = NULL;
    doc->cap_recs = 0;
    for (size_t i = doc->nblocks; i-- > 0;) {
        block_rec r;
        memcpy(&r, (const char *)b + i * sizeof r, sizeof r);
        b[i] = (mn_block){.kind = r.kind,
                          .level = r.level,
                          .ordinal = r.ordinal,
                          .table = r.table,
                          .row = r.row,
                          .column = r.column,
                          .flags = r.flags,
                          .len = r.len,
                          .pos = r.pos,
                          .nbold = r.nbold,
                          .nanchors = r.nanchors};
    }
    doc->blocks = b;
}

/* Fix the pointers once no more blocks will be added (the arrays they
 * point into no longer move). */
static void
finish(mn_doc *doc)
{
    /* Growth doubled these; a large document should not keep the slack. */
    if (doc->texts.data && doc->texts.cap > doc->texts.len + 1) {
        doc->texts.data = mn_xrealloc(doc->texts.data, doc->texts.len + 1);
        doc->texts.cap = doc->texts.len + 1;
    }
    if (doc->nanchors && doc->cap_anchors > doc->nanchors) {
        doc->anchors =
            mn_xrealloc(doc->anchors, doc->nanchors * sizeof *doc->anchors);
        doc->cap_anchors = doc->nanchors;
    }
    widen_blocks(doc);
    size_t text_off = 0, bold_first = 0, anchor_first = 0;
    for (size_t i = 0; i < doc->nblocks; i++) {
        mn_block *v = &doc->blocks[i];
        v->text = doc->texts.data + text_off;
        v->bold = v->nbold ? doc->spans + bold_first : NULL;
        v->anchors = doc->anchors + anchor_first;
        text_off += v->len + 1;
        bold_first += v->nbold;
        anchor_first += v->nanchors;
    }
}

/* ---- public ------------------------------------------------------------- */

static mn_status
tokenise(mn_doc *doc, const mn_doc_options *opt, mn_error *err)
{
    const mn_chrome *chrome =
        opt && opt->chrome ? opt->chrome : mn_chrome_default();
    if (doc->format == MN_FORMAT_HTML)
        return mn_html_tokenise(doc, chrome, err);
    return mn_text_tokenise(doc, doc->format == MN_FORMAT_MARKDOWN, chrome,
                            err);
}

static void
note_decoding(mn_doc *doc)
{
    size_t n = mn_decoded_replacements(doc->dec);
    if (n)
        mn_doc_diag_add(doc, (mn_pos){0, 0, 0},
                        "%zu invalid %s sequence%s replaced by U+FFFD", n,
                        mn_decoded_encoding(doc->dec), n == 1 ? "" : "s");
}

/* Decode and tokenise; when `owned` is given it holds `bytes` and is freed
 * as soon as decoding no longer needs it, so a large file is not held twice
 * while it is tokenised. */
static mn_status
load_bytes(const char *name, const void *bytes, size_t len, mn_buf *owned,
           const mn_doc_options *opt, mn_doc **out, mn_error *err)
{
    if (len > MN_MAX_INPUT_BYTES)
        return mn_error_set(err, MN_E_LIMIT, name, 0, 0,
                            "input larger than %zu MB; split the file",
                            MN_MAX_INPUT_BYTES >> 20);
    mn_doc *doc = mn_xcalloc(1, sizeof *doc);
    doc->path = mn_xstrdup(name ? name : "<memory>");
    doc->bytes = len;
    mn_sha256_hex(bytes, len, doc->sha256);
    mn_buf_init(&doc->texts, MN_MAX_INPUT_BYTES * 2);
    doc->format = opt && opt->format != MN_FORMAT_AUTO
                      ? opt->format
                      : detect_format(doc->path, bytes, len);
    mn_decode_options dopt = {.sniff_html = doc->format == MN_FORMAT_HTML};
    mn_status st = mn_decode(doc->path, bytes, len, &dopt, &doc->dec, err);
    if (owned)
        mn_buf_free(owned);
    if (st == MN_OK) {
        note_decoding(doc);
        st = tokenise(doc, opt, err);
    }
    if (st != MN_OK) {
        if (err && !err->file)
            err->file = name;
        mn_doc_free(doc);
        return st;
    }
    mn_decoded_drop_text(doc->dec);
    finish(doc);
    *out = doc;
    return MN_OK;
}

mn_status
mn_doc_load_memory(const char *name, const void *bytes, size_t len,
                   const mn_doc_options *opt, mn_doc **out, mn_error *err)
{
    return load_bytes(name, bytes, len, NULL, opt, out, err);
}

mn_status
mn_doc_load_file(const char *path, const mn_doc_options *opt, mn_doc **out,
                 mn_error *err)
{
    mn_buf raw;
    mn_buf_init(&raw, MN_MAX_INPUT_BYTES);
    mn_status st = read_file(path, &raw, err);
    if (st == MN_OK) {
        const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
        st = load_bytes(name, raw.data ? raw.data : "", raw.len, &raw, opt, out,
                        err);
        if (st != MN_OK && err)
            err->file = path; /* the caller's string outlives the doc */
    }
    mn_buf_free(&raw);
    return st;
}

void
mn_doc_free(mn_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->nmeta; i++) {
        free(doc->meta[i].key);
        free(doc->meta[i].value);
    }
    for (size_t i = 0; i < doc->ndiags; i++)
        free((char *)doc->diags[i].message);
    free(doc->meta);
    free(doc->diags);
    free(doc->recs);
    free(doc->blocks);
    free(doc->spans);
    free(doc->anchors);
    mn_buf_free(&doc->texts);
    mn_decoded_free(doc->dec);
    free(doc->path);
    free(doc);
}

size_t
mn_doc_block_count(const mn_doc *doc)
{
    return doc->nblocks;
}

size_t
mn_doc_block_at_line(const mn_doc *doc, unsigned line)
{
    size_t lo = 0, hi = doc->nblocks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->blocks[mid].pos.line <= line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : SIZE_MAX;
}

const mn_block *
mn_doc_block(const mn_doc *doc, size_t i)
{
    return i < doc->nblocks ? &doc->blocks[i] : NULL;
}

const char *
mn_doc_path(const mn_doc *doc)
{
    return doc->path;
}

mn_format
mn_doc_format(const mn_doc *doc)
{
    return doc->format;
}

const char *
mn_doc_encoding(const mn_doc *doc)
{
    return mn_decoded_encoding(doc->dec);
}

size_t
mn_doc_bytes(const mn_doc *doc)
{
    return doc->bytes;
}

const char *
mn_doc_sha256(const mn_doc *doc)
{
    return doc->sha256;
}

size_t
mn_doc_replacements(const mn_doc *doc)
{
    return mn_decoded_replacements(doc->dec);
}

const char *
mn_doc_meta(const mn_doc *doc, const char *key)
{
    for (size_t i = 0; i < doc->nmeta; i++)
        if (strcmp(doc->meta[i].key, key) == 0)
            return doc->meta[i].value;
    return NULL;
}

size_t
mn_doc_diag_count(const mn_doc *doc)
{
    return doc->ndiags;
}

const mn_diag *
mn_doc_diag(const mn_doc *doc, size_t i)
{
    return i < doc->ndiags ? &doc->diags[i] : NULL;
}

static const mn_anchor *
nearest_anchor(const mn_block *b, size_t text_off)
{
    size_t lo = 0, hi = b->nanchors;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->anchors[mid].text_off <= text_off)
            lo = mid;
        else
            hi = mid;
    }
    return &b->anchors[lo];
}

/* An anchor covers at most one source line (tokenisers add one wherever
 * the text continues on another line), so its line is the answer. */
unsigned
mn_block_line(const mn_block *b, size_t text_off)
{
    return b->nanchors ? nearest_anchor(b, text_off)->pos.line : b->pos.line;
}

/* Nearest anchor at or before text_off, then count characters forward:
 * exact within one source line, which is what an anchor covers. */
mn_pos
mn_block_locate(const mn_block *b, size_t text_off)
{
    if (!b->nanchors)
        return b->pos;
    const mn_anchor *a = nearest_anchor(b, text_off);
    mn_pos p = a->pos;
    if (text_off > b->len)
        text_off = b->len;
    size_t delta = text_off - a->text_off;
    unsigned chars = 0;
    for (size_t i = a->text_off; i < text_off; i++)
        if (((unsigned char)b->text[i] & 0xC0) != 0x80)
            chars++;
    p.col += chars;
    p.offset = (uint32_t)(p.offset + delta); /* within the document */
    return p;
}
