/*
 * libFuzzer entry point for rule-pack loading: arbitrary YAML through
 * mn_ruleset_load_string (schema checks, fragments, PCRE2 compile, the
 * dangerous-pattern lint); a pack that loads then runs its own examples and
 * every rule over a fixed subject, so the match limits are exercised too.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "mn_ruleset.h"

static const char subject[] =
    "Action: JB to circulate the minutes by 12 March 2024 (Lead: AB). "
    "Present: Cllr A Smith (Chair), B Jones. 95.5% of 1,234 calls answered "
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";

static void
ignore(void *ctx, const char *line)
{
    (void)ctx;
    (void)line;
}

static void
run_rules(const mn_ruleset *rs)
{
    mn_matcher *m = mn_matcher_new(rs);
    size_t len = sizeof subject - 1;
    for (size_t i = 0; i < mn_ruleset_count(rs); i++) {
        mn_match mt;
        if (mn_matcher_exec(m, mn_ruleset_rule(rs, i), subject, len, 0, &mt) ==
                1 &&
            (mt.start > len || mt.len > len - mt.start))
            abort();
    }
    const mn_rule *r = NULL;
    size_t off = 0;
    while (mn_matcher_next_warning(m, &r, &off))
        (void)0;
    mn_matcher_free(m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mn_ruleset *rs = NULL;
    mn_error err = {0};
    if (mn_ruleset_load_string("fuzz.yaml", (const char *)data, size, &rs,
                               &err) != MN_OK) {
        if (err.problem[0] == '\0')
            abort(); /* every failure must say what went wrong */
        return 0;
    }
    for (size_t i = 0; i < mn_ruleset_warning_count(rs); i++)
        (void)strlen(mn_ruleset_warning(rs, i)->problem);
    size_t total = 0;
    (void)mn_ruleset_test(rs, ignore, NULL, &total);
    run_rules(rs);
    mn_ruleset_free(rs);
    return 0;
}
