/*
 * Helpers shared by the extraction tests: one embedded rule set and matcher
 * per test (Criterion runs each test in its own process), extraction of a
 * text with a forced format and profile, and lookups into the record.
 */
#ifndef MN_TEST_H
#define MN_TEST_H

#include <criterion/criterion.h>
#include <string.h>

#include "mn_extract.h"
#include "mn_ruleset.h"
#include "mn_value.h"

/* Suite .init/.fini: load the embedded rules and a matcher, then free them. */
void mn_test_setup(void);
void mn_test_teardown(void);

/* The record of `text` read as `format` with `profile` (NULL: detected).
 * Caller frees. */
mn_value *mn_test_extract(const char *text, mn_format format,
                          const char *profile);

/* mn_test_extract with the core rules only, as text, markdown or HTML. */
mn_value *mn_test_text(const char *text);
mn_value *mn_test_md(const char *text);
mn_value *mn_test_html(const char *text);

/* The record of a document file (profile detected), with the suite's
 * rules. Caller frees. */
mn_value *mn_test_extract_file(const char *path);

/* The record of ../shared/<rel> ($MN_SHARED/<rel>), or NULL when the file
 * is absent (the caller skips). Caller frees. */
mn_value *mn_test_shared_record(const char *rel);

/* The integer at a dotted path (0 when absent). */
long long mn_test_int(const mn_value *rec, const char *path);

/* How many maps of the list `list` have `key` equal to `want`. */
size_t mn_test_count_where(const mn_value *rec, const char *list,
                           const char *key, const char *want);

/* The string at a dotted path, NULL for null or absent. */
const char *mn_test_at(const mn_value *rec, const char *path);

/* Items in the list at a dotted path (0 when absent). */
size_t mn_test_count(const mn_value *rec, const char *list);

/* The record of the seed minutes, for suites that keep it for all their
 * tests: loads and frees its own rules. NULL when ../shared is absent. */
mn_value *mn_test_seed_record(void);

#define EXPECT_AT(rec, path, want)                                             \
    do {                                                                       \
        const char *got_ = mn_test_at(rec, path);                              \
        const char *want_ = (want);                                            \
        if (!want_)                                                            \
            cr_expect_null(got_, "%s: expected null, got '%s'", path, got_);   \
        else                                                                   \
            cr_expect(got_ &&strcmp(got_, want_) == 0,                         \
                      "%s: expected '%s', got '%s'", path, want_,              \
                      got_ ? got_ : "(null)");                                 \
    } while (0)

#endif
