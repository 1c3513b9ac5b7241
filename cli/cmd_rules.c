/*
 * `minutes rules list|test`: inspect the merged rule set (embedded packs plus
 * --rules paths) and run every rule's examples. A broken rule file is exit 3
 * with "minutes: error: FILE:LINE:COL: problem"; failing examples exit 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mn_check.h"
#include "mn_alloc.h"
#include "mn_limits.h"
#include "mn_ruleset.h"

typedef struct rules_args {
    const char *sub;
    const char *profile;
    const char **paths;
    size_t npaths;
    bool help;
} rules_args;

static void
rules_usage(FILE *out)
{
    fputs("usage: minutes rules list [--profile P] [--rules PATH]...\n"
          "       minutes rules test [--rules PATH]...\n\n"
          "  list   one line per rule: id, kind, profile, FILE:LINE\n"
          "         (sorted by id; --profile shows that profile's active "
          "rules)\n"
          "  test   run every rule's examples; exit 1 when one fails\n\n"
          "  --rules PATH   add a rule pack file, or every *.yaml in a "
          "directory\n"
          "                 (repeatable; later rules replace earlier ones "
          "by id)\n",
          out);
}

static int
parse_args(int argc, char **argv, rules_args *a)
{
    a->paths = mn_xcalloc((size_t)argc + 1, sizeof *a->paths);
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
            a->help = true;
        } else if ((!strcmp(s, "--rules") || !strcmp(s, "--profile")) &&
                   i + 1 < argc) {
            if (!strcmp(s, "--rules"))
                a->paths[a->npaths++] = argv[++i];
            else
                a->profile = argv[++i];
        } else if (!strncmp(s, "--rules=", 8)) {
            a->paths[a->npaths++] = s + 8;
        } else if (!strncmp(s, "--profile=", 10)) {
            a->profile = s + 10;
        } else if (s[0] == '-' || a->sub) {
            cli_error("rules: unexpected argument '%s'", s);
            return MN_EXIT_USAGE;
        } else {
            a->sub = s;
        }
    }
    return MN_EXIT_OK;
}

static int
load(const rules_args *a, mn_ruleset **rs)
{
    return cli_load_ruleset(a->paths, a->npaths, rs);
}

static int
cmp_rule(const void *x, const void *y)
{
    const mn_rule *a = *(const mn_rule *const *)x;
    const mn_rule *b = *(const mn_rule *const *)y;
    int d = strcmp(mn_rule_id(a), mn_rule_id(b));
    return d ? d : strcmp(mn_rule_profile(a), mn_rule_profile(b));
}

static bool
known_profile(const mn_ruleset *rs, const char *name)
{
    for (size_t i = 0; i < mn_ruleset_profile_count(rs); i++)
        if (!strcmp(mn_ruleset_profile_name(rs, i), name))
            return true;
    return false;
}

static size_t
widest(const mn_rule *const *rules, size_t n,
       const char *(*field)(const mn_rule *))
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(field(rules[i]));
        w = l > w ? l : w;
    }
    return w > 60 ? 60 : w;
}

static int
list_rules(const mn_ruleset *rs, const char *profile)
{
    if (profile && !known_profile(rs, profile)) {
        cli_error("rules: unknown profile '%s'", profile);
        return MN_EXIT_USAGE;
    }
    const mn_rule *const *active = NULL;
    size_t n = profile ? mn_ruleset_active(rs, profile, &active)
                       : mn_ruleset_count(rs);
    // NOLINTBEGIN(bugprone-sizeof-expression): an array of pointers
    const mn_rule **rules = mn_xcalloc(n + 1, sizeof *rules);
    for (size_t i = 0; i < n; i++)
        rules[i] = profile ? active[i] : mn_ruleset_rule(rs, i);
    qsort(rules, n, sizeof *rules, cmp_rule);
    // NOLINTEND(bugprone-sizeof-expression)
    int wi = (int)widest(rules, n, mn_rule_id);
    int wk = (int)widest(rules, n, mn_rule_kind);
    int wp = (int)widest(rules, n, mn_rule_profile);
    for (size_t i = 0; i < n; i++)
        printf("%-*s  %-*s  %-*s  %s:%u\n", wi, mn_rule_id(rules[i]), wk,
               mn_rule_kind(rules[i]), wp, mn_rule_profile(rules[i]),
               mn_rule_file(rules[i]), mn_rule_line(rules[i]));
    free(rules);
    return MN_EXIT_OK;
}

static void
print_failure(void *ctx, const char *line)
{
    (void)ctx;
    puts(line);
}

static int
test_rules(const mn_ruleset *rs)
{
    size_t total = 0;
    size_t failed = mn_ruleset_test(rs, print_failure, NULL, &total);
    /* Code checks' examples need the check engine: run them through it. */
    size_t code_total = 0;
    failed += mn_check_test_examples(rs, print_failure, NULL, &code_total);
    total += code_total;
    printf("rules test: %zu examples, %zu passed, %zu failed\n", total,
           total - failed, failed);
    return failed ? MN_EXIT_FINDINGS : MN_EXIT_OK;
}

int
cmd_rules(int argc, char **argv)
{
    rules_args a = {0};
    int rc = parse_args(argc, argv, &a);
    if (rc == MN_EXIT_OK && (a.help || !a.sub)) {
        rules_usage(a.help ? stdout : stderr);
        rc = a.help ? MN_EXIT_OK : MN_EXIT_USAGE;
    } else if (rc == MN_EXIT_OK && strcmp(a.sub, "list") != 0 &&
               strcmp(a.sub, "test") != 0) {
        cli_error("rules: unknown subcommand '%s' (list or test)", a.sub);
        rc = MN_EXIT_USAGE;
    } else if (rc == MN_EXIT_OK) {
        mn_ruleset *rs = NULL;
        rc = load(&a, &rs);
        if (rc == MN_EXIT_OK)
            rc = !strcmp(a.sub, "list") ? list_rules(rs, a.profile)
                                        : test_rules(rs);
        mn_ruleset_free(rs);
    }
    free(a.paths);
    return rc;
}
