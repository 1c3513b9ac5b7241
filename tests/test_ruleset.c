/*
 * The rule engine: loading and validating packs, fragments, merging by id,
 * profiles, matching with captures and limits, the examples runner, and every
 * broken file in tests/rules-bad (first line `# expect: LINE:COL message`).
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mn_buf.h"
#include "mn_doc.h"
#include "mn_limits.h"
#include "mn_ruleset.h"

/* ---- helpers ------------------------------------------------------------- */

static double
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static mn_ruleset *
load_ok(const char *yaml)
{
    mn_ruleset *rs = NULL;
    mn_error err = {0};
    mn_status st =
        mn_ruleset_load_string("t.yaml", yaml, strlen(yaml), &rs, &err);
    cr_assert_eq(st, MN_OK, "load failed: %u:%u %s", err.line, err.col,
                 err.problem);
    return rs;
}

static mn_error
load_fail(const char *yaml, size_t len)
{
    mn_ruleset *rs = NULL;
    mn_error err = {0};
    mn_status st = mn_ruleset_load_string("t.yaml", yaml, len, &rs, &err);
    cr_assert_neq(st, MN_OK, "expected the load to fail");
    cr_assert_null(rs);
    return err;
}

/* Match rule `id` on s; returns exec's result. */
static int
run(const mn_ruleset *rs, mn_matcher *m, const char *id, const char *s,
    mn_match *mt)
{
    const mn_rule *r = mn_ruleset_find(rs, id);
    cr_assert_not_null(r, "no rule %s", id);
    return mn_matcher_exec(m, r, s, strlen(s), 0, mt);
}

static void
assert_cap(const char *s, const mn_match *mt, const char *name,
           const char *want)
{
    const mn_capture *c = mn_match_capture(mt, name);
    if (!want) {
        cr_assert_null(c, "capture %s should be absent", name);
        return;
    }
    cr_assert_not_null(c, "capture %s missing", name);
    cr_assert_eq(c->len, strlen(want), "capture %s: '%.*s'", name, (int)c->len,
                 s + c->start);
    cr_assert(!memcmp(s + c->start, want, c->len), "capture %s: '%.*s'", name,
              (int)c->len, s + c->start);
}

static char *
write_temp(const char *dir, const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* ---- a good pack --------------------------------------------------------- */

static const char good[] =
    "pack: core-actions\n"
    "description: test pack\n"
    "rules:\n"
    "  - id: action.colon\n"
    "    kind: action\n"
    "    blocks: [paragraph, item]\n"
    "    scope: body\n"
    "    pattern: '^Action\\s*:\\s*(?<task>.+)$'\n"
    "    flags: [caseless]\n"
    "    set: {status: present, source: colon}\n"
    "    priority: 10\n"
    "    level: warning\n"
    "    message: an action\n"
    "    examples:\n"
    "      match:\n"
    "        - 'Action: OPCC to share feedback'\n"
    "        - text: 'ACTION: EH to engage with the team'\n"
    "          captures: {task: EH to engage with the team}\n"
    "      no_match:\n"
    "        - 'Action Fraud referrals'\n"
    "  - id: check.code\n"
    "    kind: check\n"
    "    code: true\n"
    "    examples:\n"
    "      match:\n"
    "        - text: 'whole document'\n"
    "          findings: 2\n";

Test(ruleset, good_pack_loads)
{
    mn_ruleset *rs = load_ok(good);
    cr_assert_eq(mn_ruleset_count(rs), 2);
    cr_assert_eq(mn_ruleset_warning_count(rs), 0);
    const mn_rule *r = mn_ruleset_find(rs, "action.colon");
    cr_assert_not_null(r);
    cr_assert_str_eq(mn_rule_id(r), "action.colon");
    cr_assert_str_eq(mn_rule_kind(r), "action");
    cr_assert_str_eq(mn_rule_profile(r), "core");
    cr_assert_str_eq(mn_rule_file(r), "t.yaml");
    cr_assert_eq(mn_rule_line(r), 4);
    cr_assert_eq(mn_rule_priority(r), 10);
    cr_assert_str_eq(mn_rule_scope(r), "body");
    cr_assert(mn_rule_applies(r, MN_BLOCK_PARAGRAPH));
    cr_assert(mn_rule_applies(r, MN_BLOCK_LIST_ITEM));
    cr_assert_not(mn_rule_applies(r, MN_BLOCK_HEADING));
    cr_assert_str_eq(mn_rule_attr(r, "level"), "warning");
    cr_assert_str_eq(mn_rule_attr(r, "message"), "an action");
    cr_assert_null(mn_rule_attr(r, "why"));
    cr_assert_eq(mn_rule_set_count(r), 2);
    const char *k, *v;
    mn_rule_set_at(r, 1, &k, &v);
    cr_assert_str_eq(k, "source");
    cr_assert_str_eq(v, "colon");
    const mn_rule *code = mn_ruleset_find(rs, "check.code");
    cr_assert(mn_rule_applies(code, MN_BLOCK_HEADING));
    cr_assert_str_eq(mn_rule_attr(code, "code"), "true");
    cr_assert_eq(strlen(mn_ruleset_version(rs)), 64);

    mn_matcher *m = mn_matcher_new(rs);
    mn_match mt;
    const char *s = "action : Chief Constable to report back";
    cr_assert_eq(run(rs, m, "action.colon", s, &mt), 1);
    assert_cap(s, &mt, "task", "Chief Constable to report back");
    cr_assert_eq(run(rs, m, "action.colon", "Action Fraud", &mt), 0);
    cr_assert_eq(run(rs, m, "check.code", "anything", &mt), 0);
    mn_matcher_free(m);

    size_t total = 99;
    cr_assert_eq(mn_ruleset_test(rs, NULL, NULL, &total), 0);
    cr_assert_eq(total, 3);
    cr_assert_eq(mn_ruleset_test_skipped(rs), 1);
    mn_ruleset_free(rs);
}

Test(ruleset, version_tracks_content)
{
    mn_ruleset *a = load_ok(good);
    char *other = strdup(good);
    other[strlen(other) - 2] = '3'; /* findings: 3 */
    mn_ruleset *b = load_ok(other);
    mn_ruleset *c = load_ok(good);
    cr_assert_str_neq(mn_ruleset_version(a), mn_ruleset_version(b));
    cr_assert_str_eq(mn_ruleset_version(a), mn_ruleset_version(c));
    free(other);
    mn_ruleset_free(a);
    mn_ruleset_free(b);
    mn_ruleset_free(c);
}

/* ---- fragments ----------------------------------------------------------- */

Test(ruleset, nested_fragments)
{
    mn_ruleset *rs =
        load_ok("pack: frag\n"
                "fragments:\n"
                "  dash: '(?:\\s*[-–—]\\s*)'\n"
                "  initials: '[A-Z]{2,5}'\n"
                "  owner: '(?<owner>{{initials}}(?:/{{initials}})*)'\n"
                "  lead: '{{owner}}{{dash}}'\n"
                "rules:\n"
                "  - id: a\n"
                "    kind: action\n"
                "    pattern: '^Action:\\s*(?:{{lead}})?(?<task>.+)$'\n"
                "    examples:\n"
                "      match:\n"
                "        - text: 'Action: EH/NN – engage with …'\n"
                "          captures: {owner: EH/NN, task: engage with …}\n"
                "        - text: 'Action: do it'\n"
                "          captures: {owner: ~, task: do it}\n");
    mn_matcher *m = mn_matcher_new(rs);
    mn_match mt;
    const char *s = "Action: OPCC — share feedback";
    cr_assert_eq(run(rs, m, "a", s, &mt), 1);
    assert_cap(s, &mt, "owner", "OPCC");
    assert_cap(s, &mt, "task", "share feedback");
    mn_matcher_free(m);
    size_t total;
    cr_assert_eq(mn_ruleset_test(rs, NULL, NULL, &total), 0);
    cr_assert_eq(total, 2);
    mn_ruleset_free(rs);
}

Test(ruleset, fragment_depth_is_capped)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    cr_assert_eq(mn_buf_printf(&b, "pack: deep\nfragments:\n  f0: x\n"), MN_OK);
    for (int i = 1; i < 40; i++)
        cr_assert_eq(mn_buf_printf(&b, "  f%d: '{{f%d}}'\n", i, i - 1), MN_OK);
    cr_assert_eq(mn_buf_printf(&b, "rules:\n  - id: r\n    kind: k\n"
                                   "    pattern: '{{f39}}'\n"
                                   "    examples: {match: [x]}\n"),
                 MN_OK);
    mn_error err = load_fail(b.data, b.len);
    cr_assert(strstr(err.problem, "fragments nested deeper than"), "%s",
              err.problem);
    mn_buf_free(&b);
}

/* ---- captures ------------------------------------------------------------ */

Test(ruleset, dupnames_pick_the_participating_group)
{
    mn_ruleset *rs = load_ok(
        "pack: dup\n"
        "rules:\n"
        "  - id: a\n"
        "    kind: action\n"
        "    pattern: '^(?:(?<owner>[A-Z]{2,}) to (?<task>.+)|"
        "(?<task>.+) \\((?<owner>[A-Z]{2,})\\))$'\n"
        "    examples:\n"
        "      match:\n"
        "        - text: 'EH to engage'\n"
        "          captures: {owner: EH, task: engage}\n"
        "        - text: 'Engage with partners (OPCC)'\n"
        "          captures: {owner: OPCC, task: Engage with partners}\n");
    mn_matcher *m = mn_matcher_new(rs);
    mn_match mt;
    const char *s = "Share the report (CC)";
    cr_assert_eq(run(rs, m, "a", s, &mt), 1);
    cr_assert_eq(mt.ncaps, 2);
    assert_cap(s, &mt, "owner", "CC");
    assert_cap(s, &mt, "task", "Share the report");
    s = "NN to follow up";
    cr_assert_eq(run(rs, m, "a", s, &mt), 1);
    assert_cap(s, &mt, "owner", "NN");
    assert_cap(s, &mt, "task", "follow up");
    cr_assert_eq(mt.start, 0);
    cr_assert_eq(mt.len, strlen(s));
    mn_matcher_free(m);
    size_t total;
    cr_assert_eq(mn_ruleset_test(rs, NULL, NULL, &total), 0);
    mn_ruleset_free(rs);
}

Test(ruleset, exec_from_offset)
{
    mn_ruleset *rs = load_ok("pack: p\nrules:\n  - id: n\n    kind: figure\n"
                             "    pattern: '(?<n>\\d+)%'\n"
                             "    examples: {match: ['5%']}\n");
    mn_matcher *m = mn_matcher_new(rs);
    const mn_rule *r = mn_ruleset_find(rs, "n");
    const char *s = "82% against 88% target";
    mn_match mt;
    cr_assert_eq(mn_matcher_exec(m, r, s, strlen(s), 0, &mt), 1);
    cr_assert_eq(mt.start, 0);
    cr_assert_eq(mn_matcher_exec(m, r, s, strlen(s), mt.start + mt.len, &mt),
                 1);
    cr_assert_eq(mt.start, 12);
    assert_cap(s, &mt, "n", "88");
    cr_assert_eq(mn_matcher_exec(m, r, s, strlen(s), 15, &mt), 0);
    cr_assert_eq(mn_matcher_exec(m, r, s, strlen(s), 999, &mt), 0);
    mn_matcher_free(m);
    mn_ruleset_free(rs);
}

/* ---- examples runner ----------------------------------------------------- */

typedef struct lines {
    char text[8][256];
    size_t n;
} lines;

static void
collect(void *ctx, const char *line)
{
    lines *l = ctx;
    if (l->n < 8)
        snprintf(l->text[l->n++], sizeof l->text[0], "%s", line);
}

Test(ruleset, examples_report_failures)
{
    mn_ruleset *rs =
        load_ok("pack: ex\n"
                "rules:\n"
                "  - id: a\n"
                "    kind: action\n"
                "    pattern: '^(?<owner>[A-Z]+) to (?<task>\\w+)'\n"
                "    examples:\n"
                "      match:\n"
                "        - 'EH to engage'\n"
                "        - 'eh to engage'\n"
                "        - text: 'EH to engage with'\n"
                "          captures: {owner: EH, task: engage with}\n"
                "        - text: 'NN to go'\n"
                "          captures: {owner: ~}\n"
                "      no_match:\n"
                "        - 'Action Fraud'\n"
                "        - 'CPS to charge'\n");
    lines l = {0};
    size_t total;
    cr_assert_eq(mn_ruleset_test(rs, collect, &l, &total), 4);
    cr_assert_eq(total, 6);
    cr_assert_eq(l.n, 4);
    cr_assert_str_eq(l.text[0],
                     "t.yaml:9: rule 'a': example 'eh to engage' did not "
                     "match");
    cr_assert_str_eq(l.text[1],
                     "t.yaml:10: rule 'a': example 'EH to engage with' "
                     "captured task='engage', expected 'engage with'");
    cr_assert_str_eq(l.text[2], "t.yaml:12: rule 'a': example 'NN to go' "
                                "captured owner='NN', expected none");
    cr_assert_str_eq(l.text[3],
                     "t.yaml:16: rule 'a': example 'CPS to charge' matched "
                     "'CPS to charge' but is a no_match example");
    mn_ruleset_free(rs);
}

/* ---- limits -------------------------------------------------------------- */

Test(ruleset, catastrophic_backtracking_is_bounded)
{
    mn_ruleset *rs = load_ok("pack: evil\n"
                             "rules:\n"
                             "  - id: evil\n"
                             "    kind: check\n"
                             "    pattern: '^(a+)+$'\n"
                             "    examples: {match: [aaa]}\n");
    cr_assert_eq(mn_ruleset_warning_count(rs), 1);
    const mn_error *w = mn_ruleset_warning(rs, 0);
    cr_assert_eq(w->line, 3);
    cr_assert(strstr(w->problem, "rule 'evil'"), "%s", w->problem);
    cr_assert(strstr(w->problem, "nested quantifiers"), "%s", w->problem);

    mn_matcher *m = mn_matcher_new(rs);
    mn_match mt;
    double t0 = now_ms();
    cr_assert_eq(
        run(rs, m, "evil", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", &mt),
        -1);
    double ms = now_ms() - t0;
    cr_assert_lt(ms, 1000.0, "took %.1f ms", ms);
    const mn_rule *r = NULL;
    size_t off = 99;
    const char *msg = mn_matcher_next_warning(m, &r, &off);
    cr_assert_not_null(msg);
    cr_assert_str_eq(mn_rule_id(r), "evil");
    cr_assert_eq(off, 0);
    cr_assert(strstr(msg, "rule 'evil' (t.yaml:3) hit the PCRE2 "), "%s", msg);
    cr_assert(strstr(msg, "limit at offset 0; treated as no match"), "%s", msg);
    cr_assert_null(mn_matcher_next_warning(m, &r, &off));
    /* the matcher still works afterwards */
    cr_assert_eq(run(rs, m, "evil", "aaaa", &mt), 1);
    mn_matcher_free(m);
    mn_ruleset_free(rs);
}

Test(ruleset, dangerous_patterns_warn)
{
    mn_ruleset *rs =
        load_ok("pack: lint\n"
                "rules:\n"
                "  - id: safe.list\n"
                "    kind: k\n"
                "    pattern: '^(?<a>\\w+)(?:,\\s*\\w+)*\\s*:\\s*(?<b>.+)$'\n"
                "    examples: {match: ['a, b: c']}\n"
                "  - id: safe.possessive\n"
                "    kind: k\n"
                "    pattern: '(?:\\w++\\s?)+'\n"
                "    examples: {match: ['a b']}\n"
                "  - id: nested.star\n"
                "    kind: k\n"
                "    pattern: '^(\\w*)*$'\n"
                "    examples: {match: ['ab']}\n"
                "  - id: nested.words\n"
                "    kind: k\n"
                "    pattern: '^(?:\\w+\\s?)+$'\n"
                "    examples: {match: ['ab c']}\n"
                "  - id: dot.between\n"
                "    kind: k\n"
                "    pattern: '(?<a>\\w+).*(?<b>.+)'\n"
                "    examples: {match: ['ab c']}\n");
    cr_assert_eq(mn_ruleset_warning_count(rs), 3);
    const char *ids[] = {"nested.star", "nested.words", "dot.between"};
    unsigned lines_[] = {11, 15, 19};
    for (size_t i = 0; i < 3; i++) {
        const mn_error *w = mn_ruleset_warning(rs, i);
        char want[64];
        snprintf(want, sizeof want, "rule '%s'", ids[i]);
        cr_assert(strstr(w->problem, want), "%s", w->problem);
        cr_assert_eq(w->line, lines_[i]);
        cr_assert_str_eq(w->file, "t.yaml");
    }
    cr_assert(strstr(mn_ruleset_warning(rs, 2)->problem, ".*"));
    mn_ruleset_free(rs);
}

/* The shapes that try every split of the text when a match fails, and
 * their harmless neighbours (which must stay quiet). */
Test(ruleset, repeated_shapes_warn)
{
    mn_ruleset *rs =
        load_ok("pack: lint\n"
                "rules:\n"
                "  - id: safe.separated\n"
                "    kind: k\n"
                "    pattern: '\\d+x\\d+ a.*b.*c (?:.*,)? \\d++\\d+ "
                "(?>.*,){3}'\n"
                "    examples: {match: ['1x2 abc , 12 a,b,c,']}\n"
                "  - id: twice\n"
                "    kind: k\n"
                "    pattern: '\\d+\\d+x'\n"
                "    examples: {match: ['12x']}\n"
                "  - id: group.dot\n"
                "    kind: k\n"
                "    pattern: '(.*?,){3}P'\n"
                "    examples: {match: ['a,b,c,P']}\n"
                "  - id: three.dots\n"
                "    kind: k\n"
                "    pattern: 'a.*b.*c.*d'\n"
                "    examples: {match: ['abcd']}\n"
                "  - id: overlap\n"
                "    kind: k\n"
                "    pattern: '(?:ab|abc)+$'\n"
                "    examples: {match: ['ababc']}\n"
                "  - id: safe.choices\n"
                "    kind: k\n"
                "    pattern: '(?:ab|cd)+ (?:the|a|an) (?>a|aa)+'\n"
                "    examples: {match: ['abcd an aa']}\n");
    cr_assert_eq(mn_ruleset_warning_count(rs), 4);
    const char *ids[] = {"twice", "group.dot", "three.dots", "overlap"};
    const char *shapes[] = {"twice in a row", "repeats a group", "three",
                            "same text"};
    for (size_t i = 0; i < 4; i++) {
        const char *msg = mn_ruleset_warning(rs, i)->problem;
        char want[64];
        snprintf(want, sizeof want, "rule '%s'", ids[i]);
        cr_assert(strstr(msg, want), "%s", msg);
        cr_assert(strstr(msg, shapes[i]), "%s", msg);
    }
    mn_ruleset_free(rs);
}

/* ---- broken files -------------------------------------------------------- */

static void
check_bad_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    unsigned line = 0, col = 0;
    char want[256] = "";
    cr_assert_eq(sscanf(buf, "# expect: %u:%u %255[^\n]", &line, &col, want), 3,
                 "%s: no '# expect: LINE:COL message' line", path);
    mn_ruleset *rs = NULL;
    mn_error err = {0};
    mn_status st = mn_ruleset_load_string(path, buf, n, &rs, &err);
    cr_assert_neq(st, MN_OK, "%s loaded", path);
    cr_expect(err.line == line && err.col == col,
              "%s: expected %u:%u, got %u:%u (%s)", path, line, col, err.line,
              err.col, err.problem);
    cr_expect(strstr(err.problem, want), "%s: expected '%s' in '%s'", path,
              want, err.problem);
    cr_expect_str_eq(err.file, path);
}

Test(ruleset, bad_rule_files)
{
    DIR *d = opendir("tests/rules-bad");
    cr_assert_not_null(d, "run from the repository root");
    char *names[256];
    size_t n = 0;
    const struct dirent *de;
    while ((de = readdir(d)) != NULL && n < 256)
        if (strstr(de->d_name, ".yaml"))
            names[n++] = strdup(de->d_name);
    closedir(d);
    cr_assert_geq(n, 12);
    for (size_t i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "tests/rules-bad/%s", names[i]);
        check_bad_file(path);
        free(names[i]);
    }
}

Test(ruleset, nesting_10000_deep_fails_fast)
{
    size_t depth = 10000;
    mn_buf b;
    mn_buf_init(&b, 0);
    cr_assert_eq(mn_buf_printf(&b, "pack: deep\nrules: "), MN_OK);
    for (size_t i = 0; i < depth; i++)
        cr_assert_eq(mn_buf_putc(&b, '['), MN_OK);
    for (size_t i = 0; i < depth; i++)
        cr_assert_eq(mn_buf_putc(&b, ']'), MN_OK);
    double t0 = now_ms();
    mn_error err = load_fail(b.data, b.len);
    cr_assert_lt(now_ms() - t0, 500.0);
    cr_assert_eq(err.code, MN_E_LIMIT);
    /* the top map is level 1, so the 64th '[' (column 8 + 63) opens 65 */
    cr_assert_eq(err.line, 2);
    cr_assert_eq(err.col, 8 + MN_MAX_YAML_DEPTH - 1);
    cr_assert(strstr(err.problem, "nesting deeper than 64 levels"), "%s",
              err.problem);
    mn_buf_free(&b);
}

Test(ruleset, huge_pattern_is_rejected)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    cr_assert_eq(mn_buf_printf(&b, "pack: big\nrules:\n  - id: big\n"
                                   "    kind: k\n    pattern: '"),
                 MN_OK);
    for (size_t i = 0; i < 1024 * 1024; i++)
        cr_assert_eq(mn_buf_putc(&b, 'a'), MN_OK);
    cr_assert_eq(mn_buf_printf(&b, "'\n    examples: {match: [a]}\n"), MN_OK);
    mn_error err = load_fail(b.data, b.len);
    cr_assert_eq(err.code, MN_E_LIMIT);
    cr_assert_eq(err.line, 5);
    cr_assert_eq(err.col, 14);
    cr_assert(strstr(err.problem, "pattern of rule 'big' is longer than"), "%s",
              err.problem);
    mn_buf_free(&b);
}

Test(ruleset, expanded_pattern_is_capped)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    cr_assert_eq(mn_buf_printf(&b, "pack: big\nfragments:\n  a: '"), MN_OK);
    for (size_t i = 0; i < 40000; i++)
        cr_assert_eq(mn_buf_putc(&b, 'a'), MN_OK);
    cr_assert_eq(mn_buf_printf(&b, "'\nrules:\n  - id: big\n    kind: k\n"
                                   "    pattern: '{{a}}{{a}}'\n"
                                   "    examples: {match: [a]}\n"),
                 MN_OK);
    mn_error err = load_fail(b.data, b.len);
    cr_assert_eq(err.code, MN_E_LIMIT);
    cr_assert(strstr(err.problem, "after expanding fragments"), "%s",
              err.problem);
    mn_buf_free(&b);
}

Test(ruleset, too_many_rules_fail_quickly)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    cr_assert_eq(mn_buf_printf(&b, "pack: many\nrules:\n"), MN_OK);
    for (size_t i = 0; i < 100000; i++)
        cr_assert_eq(mn_buf_printf(&b, "- {id: r%zu, kind: k}\n", i), MN_OK);
    double t0 = now_ms();
    mn_error err = load_fail(b.data, b.len);
    double ms = now_ms() - t0;
    cr_assert_lt(ms, 2000.0, "took %.0f ms", ms);
    cr_assert_eq(err.code, MN_E_LIMIT);
    cr_assert_eq(err.line, 3 + MN_MAX_RULES);
    cr_assert(strstr(err.problem, "more than 10000 rules"), "%s", err.problem);
    mn_buf_free(&b);
}

Test(ruleset, oversized_file_is_rejected)
{
    size_t len = MN_MAX_RULE_FILE_BYTES + 1;
    char *big = malloc(len);
    memset(big, '#', len);
    mn_error err = load_fail(big, len);
    cr_assert_eq(err.code, MN_E_LIMIT);
    free(big);
}

/* ---- merging and profiles ------------------------------------------------ */

static const char core_pack[] = "pack: core\n"
                                "rules:\n"
                                "  - id: a\n    kind: k\n    priority: 1\n"
                                "  - id: b\n    kind: k\n"
                                "  - id: c\n    kind: k\n    priority: 5\n"
                                "  - id: d\n    kind: k\n";

static const char pcc_pack[] =
    "pack: pcc\n"
    "profile: pcc\n"
    "detect:\n"
    "  - pattern: '(?i)police and crime commissioner'\n"
    "    weight: 3\n"
    "  - pattern: '(?i)\\bPCC\\b'\n"
    "settings:\n"
    "  abbreviations.known: [CPS, NHS, HMICFRS]\n"
    "  tone: formal\n"
    "rules:\n"
    "  - id: b\n    kind: k\n    priority: 7\n"
    "  - id: e\n    kind: k\n"
    "  - id: f\n    kind: k\n    profile: moderngov\n";

static const char user_pack[] =
    "pack: mine\n"
    "rules:\n"
    "  - id: b\n    kind: replaced\n"
    "  - id: d\n    kind: replaced\n    priority: 9\n"
    "  - id: z\n    kind: new\n";

static mn_ruleset *
load_dir(const char *const *texts, const char *const *names, size_t n,
         char *dir)
{
    cr_assert_not_null(mkdtemp(dir));
    const char *paths[8];
    char store[8][512];
    for (size_t i = 0; i < n; i++) {
        snprintf(store[i], sizeof store[i], "%s",
                 write_temp(dir, names[i], texts[i]));
        paths[i] = store[i];
    }
    mn_ruleset_options opt = {paths, n, true};
    mn_ruleset *rs = NULL;
    mn_error err = {0};
    mn_status st = mn_ruleset_load(&opt, &rs, &err);
    cr_assert_eq(st, MN_OK, "%s:%u:%u: %s", err.file, err.line, err.col,
                 err.problem);
    for (size_t i = 0; i < n; i++)
        unlink(store[i]);
    rmdir(dir);
    return rs;
}

static void
assert_active(const mn_ruleset *rs, const char *profile, const char *want)
{
    const mn_rule *const *rules;
    size_t n = mn_ruleset_active(rs, profile, &rules);
    mn_buf got;
    mn_buf_init(&got, 0);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(
            mn_buf_printf(&got, "%s%s%s", i ? " " : "", mn_rule_id(rules[i]),
                          strcmp(mn_rule_profile(rules[i]), "core") ? "*" : ""),
            MN_OK);
    cr_assert_str_eq(mn_buf_str(&got), want, "profile %s",
                     profile ? profile : "(null)");
    mn_buf_free(&got);
}

Test(ruleset, profiles_and_overrides)
{
    char dir[] = "/tmp/mn-rules-XXXXXX";
    const char *texts[] = {core_pack, pcc_pack, user_pack};
    const char *names[] = {"1-core.yaml", "2-pcc.yaml", "3-user.yaml"};
    mn_ruleset *rs = load_dir(texts, names, 3, dir);

    /* a b c d, then pcc's b and e, moderngov's f, then the user's z */
    cr_assert_eq(mn_ruleset_count(rs), 8);
    cr_assert_eq(mn_ruleset_profile_count(rs), 3);
    cr_assert_str_eq(mn_ruleset_profile_name(rs, 0), "core");
    cr_assert_str_eq(mn_ruleset_profile_name(rs, 1), "moderngov");
    cr_assert_str_eq(mn_ruleset_profile_name(rs, 2), "pcc");

    /* the profile-less user rule `b` replaced both b's, keeping profiles */
    const mn_rule *r1 = mn_ruleset_rule(rs, 1), *r4 = mn_ruleset_rule(rs, 4);
    cr_assert_str_eq(mn_rule_id(r1), "b");
    cr_assert_str_eq(mn_rule_kind(r1), "replaced");
    cr_assert_str_eq(mn_rule_profile(r1), "core");
    cr_assert_str_eq(mn_rule_id(r4), "b");
    cr_assert_str_eq(mn_rule_kind(r4), "replaced");
    cr_assert_str_eq(mn_rule_profile(r4), "pcc");
    cr_assert_eq(mn_rule_line(r1), 3);
    cr_assert(strstr(mn_rule_file(r1), "3-user.yaml"));
    cr_assert_str_eq(mn_rule_profile(mn_ruleset_find(rs, "z")), "core");
    cr_assert_str_eq(mn_rule_profile(mn_ruleset_find(rs, "b")), "core");

    /* priority desc, then load order; pcc's b shadows core's b */
    assert_active(rs, "core", "d c a b z");
    assert_active(rs, "pcc", "d c a b* e* z");
    assert_active(rs, "moderngov", "d c a b f* z");
    assert_active(rs, "nonesuch", "d c a b z");
    assert_active(rs, NULL, "d c a b z");

    const char *const *vals;
    cr_assert_eq(mn_ruleset_setting(rs, "pcc", "abbreviations.known", &vals),
                 3);
    cr_assert_str_eq(vals[2], "HMICFRS");
    cr_assert_eq(mn_ruleset_setting(rs, "pcc", "tone", &vals), 1);
    cr_assert_str_eq(vals[0], "formal");
    cr_assert_eq(mn_ruleset_setting(rs, "core", "tone", &vals), 0);
    cr_assert_null(vals);
    cr_assert_eq(mn_ruleset_setting(rs, "pcc", "nope", &vals), 0);
    mn_ruleset_free(rs);
}

Test(ruleset, same_profile_replaces_in_place)
{
    char dir[] = "/tmp/mn-rules-XXXXXX";
    const char *texts[] = {core_pack, "pack: again\nprofile: core\nrules:\n"
                                      "  - id: a\n    kind: again\n"};
    const char *names[] = {"a.yaml", "b.yaml"};
    mn_ruleset *rs = load_dir(texts, names, 2, dir);
    cr_assert_eq(mn_ruleset_count(rs), 4);
    cr_assert_str_eq(mn_rule_kind(mn_ruleset_rule(rs, 0)), "again");
    cr_assert_eq(mn_rule_priority(mn_ruleset_rule(rs, 0)), 0);
    assert_active(rs, "core", "c a b d");
    mn_ruleset_free(rs);
}

Test(ruleset, directory_of_packs_sorted)
{
    char dir[] = "/tmp/mn-rules-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char p1[600], p2[600], p3[600];
    snprintf(p1, sizeof p1, "%s", write_temp(dir, "b.yaml", user_pack));
    snprintf(p2, sizeof p2, "%s", write_temp(dir, "a.yaml", core_pack));
    snprintf(p3, sizeof p3, "%s",
             write_temp(dir, "chrome.yaml", "elements: [nav]\n"));
    const char *paths[] = {dir};
    mn_ruleset_options opt = {paths, 1, true};
    mn_ruleset *rs = NULL;
    mn_error err = {0};
    cr_assert_eq(mn_ruleset_load(&opt, &rs, &err), MN_OK, "%s", err.problem);
    cr_assert_eq(mn_ruleset_count(rs), 5);
    cr_assert_str_eq(mn_rule_kind(mn_ruleset_find(rs, "d")), "replaced");
    mn_ruleset_free(rs);

    /* a broken file in the directory is named in the error */
    char p4[600];
    snprintf(p4, sizeof p4, "%s",
             write_temp(dir, "c.yaml", "pack: c\nrules:\n  - id: A\n"));
    rs = NULL;
    cr_assert_eq(mn_ruleset_load(&opt, &rs, &err), MN_E_RULE);
    cr_assert_null(rs);
    cr_assert(strstr(err.file, "/c.yaml"), "%s", err.file);
    cr_assert_eq(err.line, 3);
    unlink(p1);
    unlink(p2);
    unlink(p3);
    unlink(p4);
    rmdir(dir);

    const char *missing[] = {"/nonexistent/rules.yaml"};
    opt.user_paths = missing;
    cr_assert_eq(mn_ruleset_load(&opt, &rs, &err), MN_E_IO);
    cr_assert_str_eq(err.file, "/nonexistent/rules.yaml");
}

Test(ruleset, detect_profile)
{
    mn_ruleset *rs = NULL;
    {
        char dir[] = "/tmp/mn-rules-XXXXXX";
        const char *texts[] = {
            core_pack, pcc_pack,
            "pack: mg\nprofile: moderngov\ndetect:\n"
            "  - pattern: 'Councillor'\n    weight: 2\nrules: []\n"};
        const char *names[] = {"a.yaml", "b.yaml", "c.yaml"};
        rs = load_dir(texts, names, 3, dir);
    }
    mn_matcher *m = mn_matcher_new(rs);
    const char *text = "Quarter 3 performance\n\nChair: John Campion, Police "
                       "and Crime Commissioner\n\nCouncillor Smith attended.\n";
    mn_doc *doc = NULL;
    mn_doc_options o = {.format = MN_FORMAT_TEXT};
    mn_error err = {0};
    if (mn_doc_load_memory("d.txt", text, strlen(text), &o, &doc, &err) !=
        MN_OK)
        cr_skip_test("the text tokeniser is not ready: %s", err.problem);
    cr_assert_str_eq(mn_ruleset_detect(rs, m, doc), "pcc");
    mn_doc_free(doc);

    text = "Minutes\n\nCouncillor Smith and Councillor Jones.\n";
    cr_assert_eq(
        mn_doc_load_memory("e.txt", text, strlen(text), &o, &doc, &err), MN_OK);
    cr_assert_str_eq(mn_ruleset_detect(rs, m, doc), "moderngov");
    mn_doc_free(doc);

    text = "Minutes of a meeting\n\nNothing to see.\n";
    cr_assert_eq(
        mn_doc_load_memory("f.txt", text, strlen(text), &o, &doc, &err), MN_OK);
    cr_assert_str_eq(mn_ruleset_detect(rs, m, doc), "core");
    mn_doc_free(doc);
    mn_matcher_free(m);
    mn_ruleset_free(rs);
}

/* ---- the embedded packs, speed, threads ---------------------------------- */

Test(ruleset, embedded_packs_load)
{
    mn_ruleset *rs = NULL;
    mn_error err = {0};
    double t0 = now_ms();
    mn_status st = mn_ruleset_load(NULL, &rs, &err);
    double ms = now_ms() - t0;
    cr_assert_eq(st, MN_OK, "%s:%u:%u: %s", err.file, err.line, err.col,
                 err.problem);
    fprintf(stderr, "embedded packs: %zu rules loaded in %.2f ms\n",
            mn_ruleset_count(rs), ms);
    for (size_t i = 0; i < mn_ruleset_count(rs); i++)
        cr_assert_null(strstr(mn_rule_file(mn_ruleset_rule(rs, i)), "chrome"));
    mn_ruleset_free(rs);
}

static char *
pack_of(size_t nrules)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    cr_assert_eq(mn_buf_printf(&b, "pack: bench\nfragments:\n"
                                   "  dash: '(?:\\s*[-–—]\\s*)'\nrules:\n"),
                 MN_OK);
    for (size_t i = 0; i < nrules; i++)
        cr_assert_eq(
            mn_buf_printf(&b,
                          "  - id: r%zu\n    kind: action\n"
                          "    pattern: '^(?:Action|Item)\\s*%zu{{dash}}"
                          "(?<owner>[A-Z]{2,5})\\s+to\\s+(?<task>.+)$'\n"
                          "    examples:\n      match:\n"
                          "        - text: 'Action %zu - EH to go'\n"
                          "          captures: {owner: EH, task: go}\n"
                          "      no_match: ['Action Fraud']\n",
                          i, i, i),
            MN_OK);
    return mn_buf_take(&b);
}

Test(ruleset, load_time_of_200_rules)
{
    char *yaml = pack_of(200);
    mn_ruleset *rs = NULL;
    mn_error err = {0};
    double t0 = now_ms();
    cr_assert_eq(
        mn_ruleset_load_string("bench.yaml", yaml, strlen(yaml), &rs, &err),
        MN_OK, "%s", err.problem);
    double ms = now_ms() - t0;
    fprintf(stderr, "200-rule pack: load + JIT in %.2f ms\n", ms);
    cr_assert_lt(ms, 500.0);
    size_t total;
    cr_assert_eq(mn_ruleset_test(rs, NULL, NULL, &total), 0);
    cr_assert_eq(total, 400);
    mn_ruleset_free(rs);
    free(yaml);
}

typedef struct job {
    const mn_ruleset *rs;
    int hits;
} job;

static void *
worker(void *arg)
{
    job *j = arg;
    mn_matcher *m = mn_matcher_new(j->rs);
    const mn_rule *const *rules;
    size_t n = mn_ruleset_active(j->rs, "core", &rules);
    const char *s = "Action 17 - OPCC to share the feedback";
    for (int round = 0; round < 20; round++)
        for (size_t i = 0; i < n; i++) {
            mn_match mt;
            if (mn_matcher_exec(m, rules[i], s, strlen(s), 0, &mt) == 1 &&
                mn_match_capture(&mt, "owner"))
                j->hits++;
        }
    mn_matcher_free(m);
    return NULL;
}

Test(ruleset, matchers_share_a_ruleset_across_threads)
{
    char *yaml = pack_of(50);
    mn_ruleset *rs = NULL;
    mn_error err = {0};
    cr_assert_eq(
        mn_ruleset_load_string("t.yaml", yaml, strlen(yaml), &rs, &err), MN_OK);
    pthread_t t[4];
    job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){rs, 0};
        cr_assert_eq(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        cr_assert_eq(jobs[i].hits, 20);
    }
    mn_ruleset_free(rs);
    free(yaml);
}

/* The README's YAML examples are rule packs that load and pass. */
Test(ruleset, readme_examples)
{
    FILE *f = fopen("rules/README.md", "rb");
    cr_assert_not_null(f, "run from the repository root");
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    size_t blocks = 0;
    for (char *p = strstr(text, "```yaml\n"); p; p = strstr(p, "```yaml\n")) {
        p += 8;
        char *end = strstr(p, "```");
        cr_assert_not_null(end);
        mn_ruleset *rs = NULL;
        mn_error err = {0};
        cr_assert_eq(mn_ruleset_load_string("README.md", p, (size_t)(end - p),
                                            &rs, &err),
                     MN_OK, "README block %zu: %u:%u %s", blocks + 1, err.line,
                     err.col, err.problem);
        size_t total;
        cr_assert_eq(mn_ruleset_test(rs, NULL, NULL, &total), 0);
        mn_ruleset_free(rs);
        blocks++;
        p = end + 3;
    }
    cr_assert_geq(blocks, 2);
}
