/*
 * libFuzzer entry point for the decoding stage: arbitrary bytes through
 * mn_decode (with and without HTML sniffing, chosen by the first byte), then
 * every query of the offset map, which must stay inside the text and input.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "mn_decode.h"

static void
probe_positions(const mn_decoded *d, size_t in_len)
{
    size_t len = mn_decoded_len(d);
    size_t step = len / 64 + 1;
    for (size_t off = 0; off <= len; off += step) {
        unsigned line = 0, col = 0;
        size_t src = 0;
        mn_decoded_position(d, off, &line, &col, &src);
        if (line == 0 || src > in_len ||
            mn_decoded_source_offset(d, off) > in_len)
            abort();
    }
    if (mn_decoded_source_offset(d, len) > in_len)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    mn_decode_options opt = {.sniff_html = (data[0] & 1) != 0};
    mn_decoded *d = NULL;
    mn_error err = {0};
    if (mn_decode("fuzz", data + 1, size - 1, &opt, &d, &err) != MN_OK)
        return 0;
    const char *text = mn_decoded_text(d);
    if (text[mn_decoded_len(d)] != '\0' || !mn_decoded_encoding(d))
        abort();
    probe_positions(d, size - 1);
    mn_decoded_free(d);
    return 0;
}
