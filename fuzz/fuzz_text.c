/*
 * libFuzzer entry point for the plain-text and markdown tokeniser; the first
 * byte picks the format (bit 0: markdown), so one corpus covers both.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    mn_doc_options opt = {.format = (data[0] & 1) ? MN_FORMAT_MARKDOWN
                                                  : MN_FORMAT_TEXT};
    mn_doc *doc = NULL;
    mn_error err = {0};
    if (mn_doc_load_memory("fuzz.txt", data + 1, size - 1, &opt, &doc, &err) !=
        MN_OK)
        return 0;
    (void)mn_doc_meta(doc, "front.title");
    (void)fuzz_walk_doc(doc);
    mn_doc_free(doc);
    return 0;
}
