/*
 * Invariants of mn_doc that hold for any input, checked by the tokeniser and
 * pipeline harnesses: text NUL-terminated at len, spans and anchors inside
 * the text, anchors sorted and starting at 0, positions inside the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* A source position past the end of the input is a wrong answer, not a
 * memory error: it aborts only with MN_FUZZ_STRICT set, so a known position
 * bug does not stop the fuzzer from looking for crashes behind it. */
static void
position_bug(const mn_block *b, mn_pos p, size_t bytes)
{
    static int reported;
    if (getenv("MN_FUZZ_STRICT"))
        abort();
    if (!reported)
        fprintf(stderr,
                "fuzz: block at %u:%u locates offset %zu past the input's "
                "%zu bytes (set MN_FUZZ_STRICT=1 to abort)\n",
                b->pos.line, b->pos.col, (size_t)p.offset, bytes);
    reported = 1;
}

static void
check_block(const mn_block *b)
{
    if (!b->text || b->text[b->len] != '\0')
        abort();
    for (size_t i = 0; i < b->nbold; i++)
        if (b->bold[i].start > b->len ||
            b->bold[i].len > b->len - b->bold[i].start)
            abort();
    if (b->nanchors > 0 && b->anchors[0].text_off != 0)
        abort();
    for (size_t i = 1; i < b->nanchors; i++)
        if (b->anchors[i].text_off < b->anchors[i - 1].text_off ||
            b->anchors[i].text_off > b->len)
            abort();
}

size_t
fuzz_walk_doc(const mn_doc *doc)
{
    size_t sum = 0;
    size_t n = mn_doc_block_count(doc);
    for (size_t i = 0; i < n; i++) {
        const mn_block *b = mn_doc_block(doc, i);
        check_block(b);
        mn_pos p = mn_block_locate(b, b->len / 2);
        if (p.offset > mn_doc_bytes(doc) || b->pos.offset > mn_doc_bytes(doc))
            position_bug(b, p, mn_doc_bytes(doc));
        sum += b->len + p.line + strlen(mn_block_kind_name(b->kind));
    }
    for (size_t i = 0; i < mn_doc_diag_count(doc); i++)
        sum += strlen(mn_doc_diag(doc, i)->message);
    return sum;
}
