/*
 * libFuzzer entry point for the HTML tokeniser: arbitrary bytes loaded as an
 * HTML document (decode, libxml2 SAX, chrome filtering), then every block's
 * invariants checked through fuzz_walk_doc.
 */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mn_doc_options opt = {.format = MN_FORMAT_HTML};
    mn_doc *doc = NULL;
    mn_error err = {0};
    if (mn_doc_load_memory("fuzz.html", data, size, &opt, &doc, &err) != MN_OK)
        return 0;
    (void)mn_doc_meta(doc, "html.title");
    (void)fuzz_walk_doc(doc);
    mn_doc_free(doc);
    return 0;
}
