/* Shared extraction-test helpers; see mn_test.h. */
#include "mn_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static mn_ruleset *rs;
static mn_matcher *m;

void
mn_test_setup(void)
{
    mn_ruleset_options o = {0};
    mn_error err = {0};
    cr_assert_eq(mn_ruleset_load(&o, &rs, &err), MN_OK, "%s", err.problem);
    m = mn_matcher_new(rs);
}

void
mn_test_teardown(void)
{
    mn_matcher_free(m);
    mn_ruleset_free(rs);
}

mn_value *
mn_test_extract(const char *text, mn_format format, const char *profile)
{
    mn_doc *doc = NULL;
    mn_error err = {0};
    mn_doc_options o = {.format = format};
    cr_assert_eq(mn_doc_load_memory("t", text, strlen(text), &o, &doc, &err),
                 MN_OK);
    mn_value *rec = NULL;
    mn_extract_options xo = {.profile = profile};
    cr_assert_eq(mn_extract(doc, rs, m, &xo, &rec, &err), MN_OK);
    mn_doc_free(doc);
    return rec;
}

const char *
mn_test_at(const mn_value *rec, const char *path)
{
    const mn_value *v = mn_value_path(rec, path);
    return mn_value_is_null(v) ? NULL : mn_value_as_str(v);
}

size_t
mn_test_count(const mn_value *rec, const char *list)
{
    return mn_value_len(mn_value_path(rec, list));
}

mn_value *
mn_test_text(const char *text)
{
    return mn_test_extract(text, MN_FORMAT_TEXT, "core");
}

mn_value *
mn_test_md(const char *text)
{
    return mn_test_extract(text, MN_FORMAT_MARKDOWN, "core");
}

mn_value *
mn_test_html(const char *text)
{
    return mn_test_extract(text, MN_FORMAT_HTML, "core");
}

mn_value *
mn_test_extract_file(const char *path)
{
    mn_doc *doc = NULL;
    mn_error err = {0};
    cr_assert_eq(mn_doc_load_file(path, NULL, &doc, &err), MN_OK, "%s: %s",
                 path, err.problem);
    mn_value *rec = NULL;
    cr_assert_eq(mn_extract(doc, rs, m, NULL, &rec, &err), MN_OK, "%s",
                 err.problem);
    mn_doc_free(doc);
    return rec;
}

mn_value *
mn_test_shared_record(const char *rel)
{
    const char *shared =
        getenv("MN_SHARED") ? getenv("MN_SHARED") : "../shared";
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", shared, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fclose(f);
    return mn_test_extract_file(path);
}

mn_value *
mn_test_seed_record(void)
{
    mn_test_setup();
    mn_value *rec = mn_test_shared_record("seeds/000_3d7798b7432b6bad.txt");
    mn_test_teardown();
    return rec;
}

long long
mn_test_int(const mn_value *rec, const char *path)
{
    return mn_value_as_int(mn_value_path(rec, path));
}

size_t
mn_test_count_where(const mn_value *rec, const char *list, const char *key,
                    const char *want)
{
    const mn_value *l = mn_map_get(rec, list);
    size_t n = 0;
    for (size_t i = 0; i < mn_value_len(l); i++) {
        const char *v = mn_map_get_str(mn_list_at(l, i), key);
        n += v && strcmp(v, want) == 0;
    }
    return n;
}
