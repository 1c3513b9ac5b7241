/* Abbreviations pass: definitions by initials, plurals, possessives,
 * glossaries, rank variants, and tokens that are not abbreviations. */
#include <criterion/criterion.h>
#include <string.h>

#include "mn_extract.h"
#include "mn_ruleset.h"
#include "mn_value.h"

static mn_ruleset *rs;
static mn_matcher *m;

static void
setup(void)
{
    mn_ruleset_options o = {0};
    mn_error err = {0};
    cr_assert_eq(mn_ruleset_load(&o, &rs, &err), MN_OK, "%s", err.problem);
    m = mn_matcher_new(rs);
}

static void
teardown(void)
{
    mn_matcher_free(m);
    mn_ruleset_free(rs);
}

/* The record of `text` read as `format`, with the core profile. */
static mn_value *
extract_as(const char *text, mn_format format, const char *profile)
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

static mn_value *
extract_text(const char *text)
{
    return extract_as(text, MN_FORMAT_TEXT, "core");
}

static mn_value *
extract_md(const char *text)
{
    return extract_as(text, MN_FORMAT_MARKDOWN, "core");
}

/* The string at `path`, NULL for null/absent. */
static const char *
at(const mn_value *rec, const char *path)
{
    const mn_value *v = mn_value_path(rec, path);
    return mn_value_is_null(v) ? NULL : mn_value_as_str(v);
}

static size_t
count(const mn_value *rec, const char *list)
{
    return mn_value_len(mn_value_path(rec, list));
}

#define EXPECT_AT(rec, path, want)                                             \
    do {                                                                       \
        const char *got_ = at(rec, path);                                      \
        const char *want_ = (want);                                            \
        if (!want_)                                                            \
            cr_expect_null(got_, "%s: expected null, got '%s'", path, got_);   \
        else                                                                   \
            cr_expect(got_ &&strcmp(got_, want_) == 0,                         \
                      "%s: expected '%s', got '%s'", path, want_,              \
                      got_ ? got_ : "(null)");                                 \
    } while (0)

TestSuite(abbrev, .init = setup, .fini = teardown);

Test(abbrev, definitions_uses_and_noise)
{
    mn_value *r = extract_text(
        "The panel discussed anti-social behaviour (ASB) and the Office of "
        "the Police and Crime Commissioner (the OPCC).\n\n"
        "ASB fell. The OPCC’s plan covers active organised crime groups "
        "(OCGs); OCGs are down. The NHS helped.\n\n"
        "See part II and Q3 at 10 AM. OK.\n");
    cr_assert_eq(count(r, "abbreviations"), 4);
    EXPECT_AT(r, "abbreviations.0.abbr", "ASB");
    EXPECT_AT(r, "abbreviations.0.expansion", "anti-social behaviour");
    cr_expect_eq(mn_value_as_int(mn_value_path(r, "abbreviations.0.uses")), 1);
    EXPECT_AT(r, "abbreviations.1.abbr", "OPCC");
    EXPECT_AT(r, "abbreviations.1.expansion",
              "Office of the Police and Crime Commissioner");
    cr_expect_eq(mn_value_as_int(mn_value_path(r, "abbreviations.1.uses")), 1);
    EXPECT_AT(r, "abbreviations.2.abbr", "OCG");
    EXPECT_AT(r, "abbreviations.2.expansion", "organised crime groups");
    EXPECT_AT(r, "abbreviations.3.abbr", "NHS");
    EXPECT_AT(r, "abbreviations.3.expansion", NULL);
    cr_expect_eq(mn_value_as_int(mn_value_path(r, "abbreviations.3.line")), 3);
    mn_value_free(r);
}

Test(abbrev, attendee_abbreviations_and_rank_variant)
{
    mn_value *r = extract_text("Present:\n\n- Jo Bell (JB) – Treasurer\n"
                               "- Sam Roe – T/Chief Constable (T/CC)\n\n"
                               "Minutes\n\nJB and the CC spoke.\n");
    EXPECT_AT(r, "abbreviations.0.abbr", "JB");
    EXPECT_AT(r, "abbreviations.0.expansion", "Jo Bell");
    EXPECT_AT(r, "abbreviations.1.abbr", "T/CC");
    EXPECT_AT(r, "abbreviations.1.expansion", "T/Chief Constable");
    EXPECT_AT(r, "abbreviations.2.abbr", "CC");
    EXPECT_AT(r, "abbreviations.2.expansion", "Chief Constable");
    cr_expect_eq(mn_value_as_int(mn_value_path(r, "abbreviations.2.line")), 8);
    mn_value_free(r);
}

Test(abbrev, glossary_and_all_caps_heading)
{
    mn_value *r = extract_md("# NOTES OF THE MEETING\n\nThe MSG met.\n\n"
                             "## Glossary\n\n- MSG – Most similar group\n");
    cr_assert_eq(count(r, "abbreviations"), 1);
    EXPECT_AT(r, "abbreviations.0.abbr", "MSG");
    EXPECT_AT(r, "abbreviations.0.expansion", "Most similar group");
    cr_expect_eq(mn_value_as_int(mn_value_path(r, "abbreviations.0.line")), 7);
    mn_value_free(r);
}
