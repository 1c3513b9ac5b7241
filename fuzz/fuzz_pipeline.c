/*
 * libFuzzer entry point for the whole pipeline: decode -> tokenise ->
 * extract with the embedded rules -> YAML emit, and the emitted YAML must
 * re-parse with mn_yaml_load into one document equal to the record. The
 * first byte picks the format (auto, html, text, markdown).
 */
#include <stdlib.h>

#include "fuzz.h"
#include "mn_buf.h"
#include "mn_extract.h"
#include "mn_ruleset.h"
#include "mn_yaml.h"

/* Loaded once: rule loading is not what this harness is about. */
static mn_ruleset *rules;
static mn_matcher *matcher;

static void
setup(void)
{
    if (rules)
        return;
    mn_ruleset_options ro = {0};
    mn_error err = {0};
    if (mn_ruleset_load(&ro, &rules, &err) != MN_OK)
        abort();
    matcher = mn_matcher_new(rules);
}

/* The emitted text must load back as exactly one document equal to rec. */
static void
check_roundtrip(const mn_value *rec, const mn_buf *y)
{
    mn_value *docs = NULL;
    mn_error err = {0};
    if (mn_yaml_load("emitted.yaml", mn_buf_str(y), y->len, &docs, &err) !=
        MN_OK)
        abort();
    if (mn_value_len(docs) != 1 || !mn_value_equal(mn_list_at(docs, 0), rec))
        abort();
    mn_value_free(docs);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const mn_format formats[] = {MN_FORMAT_AUTO, MN_FORMAT_HTML,
                                        MN_FORMAT_TEXT, MN_FORMAT_MARKDOWN};
    if (size == 0)
        return 0;
    setup();
    mn_doc_options opt = {.format = formats[data[0] & 3]};
    mn_doc *doc = NULL;
    mn_error err = {0};
    if (mn_doc_load_memory("fuzz", data + 1, size - 1, &opt, &doc, &err) !=
        MN_OK)
        return 0;
    mn_extract_options xo = {0};
    mn_value *rec = NULL;
    if (mn_extract(doc, rules, matcher, &xo, &rec, &err) != MN_OK)
        abort(); /* extraction never fails on content */
    mn_buf y;
    mn_buf_init(&y, 0);
    if (mn_yaml_emit(rec, &y, &err) != MN_OK)
        abort();
    check_roundtrip(rec, &y);
    mn_buf_free(&y);
    mn_value_free(rec);
    mn_doc_free(doc);
    const mn_rule *r = NULL;
    size_t off = 0;
    while (mn_matcher_next_warning(matcher, &r, &off))
        (void)0;
    return 0;
}
