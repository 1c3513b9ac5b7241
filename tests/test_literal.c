/*
 * Required-literal analysis (rules/mn_literal.c): what it finds in the
 * constructs real rules use, what makes it give up, and that it is sound —
 * every literal it reports is in every match of the pattern, checked on
 * every embedded rule's own examples and against PCRE2's caseless matching
 * of the whole Unicode range (the two exceptions mn_literal_fold handles).
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_buf.h"
#include "mn_literal.h"
#include "mn_ruleset_int.h"
#include "mn_utf8.h"

static mn_literals
lits(const char *pattern, uint32_t options)
{
    mn_literals l;
    mn_literals_of(pattern, options, &l);
    return l;
}

/* The set as "a|b|c" (empty when the pattern gives nothing usable). */
static const char *
show(const mn_literals *l)
{
    static char out[MN_LIT_MAX_ALTS * (MN_LIT_MAX_LEN + 1) + 1];
    out[0] = '\0';
    size_t at = 0;
    for (size_t i = 0; i < l->n; i++) {
        int n = snprintf(out + at, sizeof out - at, "%s%s", i ? "|" : "",
                         l->lit[i]);
        at += (size_t)n;
    }
    return out;
}

#define EXPECT_LITS(pat, opts, want)                                           \
    do {                                                                       \
        mn_literals l_ = lits(pat, opts);                                      \
        cr_expect_str_eq(show(&l_), want, "pattern %s", pat);                  \
    } while (0)

Test(literal, plain_runs_pick_the_longest)
{
    EXPECT_LITS("abc\\d+defgh", 0, "defgh");
    EXPECT_LITS("Action:\\s*(?<t>.+)", 0, "action:");
    EXPECT_LITS("next meeting", 0, "next meeting");
    EXPECT_LITS("a\\.b\\-c", 0, "a.b-c");
}

Test(literal, optional_items_are_not_required)
{
    EXPECT_LITS("colou?r", 0, "colo");
    EXPECT_LITS("abc(?:cdef)?g", 0, "abc");
    EXPECT_LITS("a(?:cdef)?g", 0, "");
    EXPECT_LITS("(?:wxyz)*abc", 0, "abc");
    EXPECT_LITS("xyz{0,3}", 0, "");
    EXPECT_LITS("abcd{0}", 0, "abc");
    EXPECT_LITS("abc+def", 0, "abc");
    EXPECT_LITS("abc{2,}", 0, "abc");
}

Test(literal, alternation_is_a_union_of_branches)
{
    EXPECT_LITS("(?:present|attendees)\\s*:", 0, "present|attendees");
    EXPECT_LITS("apolog(?:y|ies)", 0, "apolog");
    EXPECT_LITS("resolved|agreed|noted", 0, "resolved|agreed|noted");
    /* one branch with nothing usable empties the union */
    EXPECT_LITS("(?:resolved|\\d+)\\s+", 0, "");
    EXPECT_LITS("resolved|x", 0, "");
    EXPECT_LITS("resolved|ok", 0, "");
}

Test(literal, literals_are_lower_case)
{
    EXPECT_LITS("ACTION", PCRE2_CASELESS, "action");
    EXPECT_LITS("(?i)Present", 0, "present");
    EXPECT_LITS("(?i:apolog)ies", 0, "apolog");
}

Test(literal, alternatives_implied_by_others_are_dropped)
{
    EXPECT_LITS("(?:action|action log|actions)\\b", 0, "action");
    EXPECT_LITS("(?:minutes|the minutes|note)", 0, "minutes|note");
}

Test(literal, fold_maps_kelvin_and_long_s)
{
    const char in[] = "Ta\xE2\x84\xAA"
                      "en \xC5\xBF"
                      "ent \xC3\x89T\xC3\xA9";
    char out[sizeof in];
    size_t n = mn_literal_fold(in, sizeof in - 1, out);
    cr_assert_eq(n, 16);
    cr_assert_eq(memcmp(out, "taken sent \xC3\x89t\xC3\xA9", n), 0);
}

Test(literal, zero_width_and_classes_break_runs)
{
    EXPECT_LITS("\\bnext\\b meeting", 0, " meeting");
    EXPECT_LITS("abc(?=defgh)ij", 0, "abc");
    EXPECT_LITS("(?<!xyzw)abc", 0, "abc");
    EXPECT_LITS("ab[cd]efg", 0, "efg");
    EXPECT_LITS("[]abc]defg", 0, "defg");
    EXPECT_LITS("[[:alpha:]]defg", 0, "defg");
    EXPECT_LITS("ab\\x{41}cde", 0, "cde");
    EXPECT_LITS("£\\d+ million", 0, " million");
}

Test(literal, groups_and_names)
{
    EXPECT_LITS("(?<label>Present|Attendance):", 0, "present|attendance");
    EXPECT_LITS("(?'x'owner)\\s", 0, "owner");
    EXPECT_LITS("(?P<x>owner)\\s", 0, "owner");
    EXPECT_LITS("(?#comment)abc", 0, "abc");
    EXPECT_LITS("(?-i:(?=[0-9]))abc", 0, "abc");
}

Test(literal, gives_up_on_what_it_does_not_follow)
{
    EXPECT_LITS("abc def", PCRE2_EXTENDED, "");
    EXPECT_LITS("(?x)abc", 0, "");
    EXPECT_LITS("(*UTF)abcdef", 0, "");
    EXPECT_LITS("(abc)(?1)", 0, "");
    EXPECT_LITS("(?(1)abc|def)", 0, "");
    EXPECT_LITS("(?R)abc", 0, "");
    EXPECT_LITS("abc{,3}def", 0, "");
    EXPECT_LITS("(abc", 0, "");
    EXPECT_LITS("[abc", 0, "");
    EXPECT_LITS("ab(?#c)?def", 0, "");
    EXPECT_LITS("", 0, "");
    EXPECT_LITS("\\d+", 0, "");
}

Test(literal, braces_that_are_not_quantifiers_are_literal)
{
    EXPECT_LITS("a{b}cd", 0, "a{b}cd");
    EXPECT_LITS("{{x}}", 0, "{{x}}");
}

Test(literal, hostile_patterns_stay_bounded)
{
    mn_buf b;
    mn_buf_init(&b, SIZE_MAX);
    for (int i = 0; i < 5000; i++)
        cr_assert_eq(mn_buf_append(&b, "(", 1), MN_OK);
    for (int i = 0; i < 5000; i++)
        cr_assert_eq(mn_buf_append(&b, ")", 1), MN_OK);
    EXPECT_LITS(mn_buf_str(&b), 0, "");
    mn_buf_free(&b);
}

static bool
some_literal_in(const mn_literals *l, const char *s, size_t n)
{
    char *folded = malloc(n + 1);
    cr_assert_not_null(folded);
    folded[mn_literal_fold(s, n, folded)] = '\0';
    bool found = false;
    for (size_t i = 0; i < l->n && !found; i++)
        found = strstr(folded, l->lit[i]) != NULL;
    free(folded);
    return found;
}

/* Soundness on real rules: every matching example of every embedded rule
 * contains one of the literals its pattern is said to require. */
Test(literal, every_embedded_rule_example_contains_its_literals)
{
    mn_ruleset_options opt = {0};
    mn_ruleset *rs = NULL;
    mn_error err = {0};
    cr_assert_eq(mn_ruleset_load(&opt, &rs, &err), MN_OK, "%s", err.problem);
    size_t with_lits = 0, checked = 0;
    for (size_t i = 0; i < mn_ruleset_count(rs); i++) {
        const mn_rule *r = mn_ruleset_rule(rs, i);
        if (!r->pattern)
            continue;
        mn_literals l;
        mn_literals_of(r->pattern, r->options, &l);
        with_lits += l.n > 0;
        for (size_t e = 0; l.n && e < r->nexamples; e++) {
            const rule_example *ex = &r->examples[e];
            if (!ex->match)
                continue;
            checked++;
            cr_expect(some_literal_in(&l, ex->text, strlen(ex->text)),
                      "rule %s: example '%s' lacks all of %s", r->id, ex->text,
                      show(&l));
        }
    }
    cr_log_info("%zu rules have required literals; %zu examples checked",
                with_lits, checked);
    cr_expect_gt(with_lits, 40, "the analysis should cover most rules");
    cr_expect_gt(checked, 100);
    mn_ruleset_free(rs);
}

/* What mn_literal_fold relies on, checked against this PCRE2: with UTF and
 * UCP, the only non-ASCII characters that match an ASCII letter caselessly
 * are the partners of k and s (it folds exactly those two). */
Test(literal, only_k_and_s_have_non_ascii_case_partners)
{
    mn_buf all;
    mn_buf_init(&all, SIZE_MAX);
    for (uint32_t cp = 0x80; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char u[4];
        size_t n = mn_utf8_encode(cp, u);
        cr_assert_eq(mn_buf_append(&all, u, n), MN_OK);
    }
    for (char c = 'a'; c <= 'z'; c++) {
        char pat[2] = {c, '\0'};
        int ec = 0;
        PCRE2_SIZE eo = 0;
        pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat, 1,
                                         PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP,
                                         &ec, &eo, NULL);
        cr_assert_not_null(code);
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
        int rc = pcre2_match(code, (PCRE2_SPTR)mn_buf_str(&all), all.len, 0, 0,
                             md, NULL);
        bool partner = rc >= 0;
        cr_expect_eq(partner, c == 'k' || c == 's',
                     "letter %c: non-ASCII caseless partner %s", c,
                     partner ? "found" : "missing");
        pcre2_match_data_free(md);
        pcre2_code_free(code);
    }
    mn_buf_free(&all);
}
