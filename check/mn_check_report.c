/*
 * Renders findings for people (compiler-style lines) and for machines
 * (YAML, JSON, JUnit XML, SARIF 2.1.0). Structured formats are built as
 * mn_value trees and written by output/mn_yaml.c so quoting is never done by
 * hand; only JUnit XML is escaped here.
 */
#include <stdio.h>
#include <string.h>

#include "mn_check_report.h"
#include "mn_value.h"
#include "mn_yaml.h"

static const char *const format_names[] = {"text", "yaml", "json", "junit",
                                           "sarif"};

bool
mn_report_format_parse(const char *s, mn_report_format *out)
{
    for (unsigned i = 0; s && i < 5; i++)
        if (!strcmp(s, format_names[i])) {
            *out = (mn_report_format)i;
            return true;
        }
    return false;
}

static const char *
plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

void
mn_check_summary(const mn_findings *f, mn_buf *out)
{
    size_t e = mn_findings_count(f, MN_LEVEL_ERROR);
    size_t w = mn_findings_count(f, MN_LEVEL_WARNING);
    size_t s = mn_findings_count(f, MN_LEVEL_SUGGESTION);
    (void)mn_buf_printf(out, "%zu %s, %zu %s, %zu %s in %zu %s\n", e,
                        plural(e, "error", "errors"), w,
                        plural(w, "warning", "warnings"), s,
                        plural(s, "suggestion", "suggestions"), f->nfiles,
                        plural(f->nfiles, "file", "files"));
}

static const char *
level_colour(mn_level l)
{
    return l == MN_LEVEL_ERROR     ? "\033[1;31m"
           : l == MN_LEVEL_WARNING ? "\033[1;33m"
                                   : "\033[1;36m";
}

static void
report_text(const mn_findings *f, bool colour, mn_buf *out)
{
    for (size_t i = 0; i < f->n; i++) {
        const mn_finding *x = &f->items[i];
        if (colour)
            (void)mn_buf_printf(out,
                                "\033[1m%s:%u:%u:\033[0m %s%s:\033[0m "
                                "%s [%s]\n",
                                x->file, x->line, x->col,
                                level_colour(x->level), mn_level_name(x->level),
                                x->message, x->id);
        else
            (void)mn_buf_printf(out, "%s:%u:%u: %s: %s [%s]\n", x->file,
                                x->line, x->col, mn_level_name(x->level),
                                x->message, x->id);
    }
    mn_check_summary(f, out);
}

static mn_value *
finding_value(const mn_finding *x)
{
    mn_value *m = mn_value_map();
    mn_map_set_str(m, "file", x->file);
    mn_map_set_int(m, "line", x->line);
    mn_map_set_int(m, "col", x->col);
    mn_map_set_str(m, "level", mn_level_name(x->level));
    mn_map_set_str(m, "id", x->id);
    mn_map_set_str(m, "message", x->message);
    return m;
}

static mn_value *
findings_tree(const mn_findings *f)
{
    mn_value *root = mn_value_map();
    mn_value *list = mn_value_list();
    for (size_t i = 0; i < f->n; i++)
        mn_list_push(list, finding_value(&f->items[i]));
    mn_value *sum = mn_value_map();
    mn_map_set_int(sum, "errors",
                   (long long)mn_findings_count(f, MN_LEVEL_ERROR));
    mn_map_set_int(sum, "warnings",
                   (long long)mn_findings_count(f, MN_LEVEL_WARNING));
    mn_map_set_int(sum, "suggestions",
                   (long long)mn_findings_count(f, MN_LEVEL_SUGGESTION));
    mn_map_set_int(sum, "files", (long long)f->nfiles);
    mn_map_set(root, "findings", list);
    mn_map_set(root, "summary", sum);
    return root;
}

/* ---- JUnit -------------------------------------------------------------- */

static void
xml_escape(mn_buf *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<':
            (void)mn_buf_append(out, "&lt;", 4);
            break;
        case '>':
            (void)mn_buf_append(out, "&gt;", 4);
            break;
        case '&':
            (void)mn_buf_append(out, "&amp;", 5);
            break;
        case '"':
            (void)mn_buf_append(out, "&quot;", 6);
            break;
        case '\'':
            (void)mn_buf_append(out, "&apos;", 6);
            break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
                (void)mn_buf_putc(out, ' '); /* not allowed in XML 1.0 */
            else
                (void)mn_buf_putc(out, *s);
        }
    }
}

/* One <testcase> per checked file; each error or warning is a <failure>
 * (suggestions are listed in system-out so they do not fail CI). */
static void
junit_case(const mn_findings *f, const char *file, mn_buf *out)
{
    (void)mn_buf_printf(out, "    <testcase classname=\"minutes.check\" "
                             "name=\"");
    xml_escape(out, file);
    (void)mn_buf_printf(out, "\">\n");
    mn_buf sugg;
    mn_buf_init(&sugg, 0);
    for (size_t i = 0; i < f->n; i++) {
        const mn_finding *x = &f->items[i];
        if (strcmp(x->file, file) != 0)
            continue;
        mn_buf line;
        mn_buf_init(&line, 0);
        (void)mn_buf_printf(&line, "%s:%u:%u: %s: %s [%s]", x->file, x->line,
                            x->col, mn_level_name(x->level), x->message, x->id);
        if (x->level == MN_LEVEL_SUGGESTION) {
            xml_escape(&sugg, mn_buf_str(&line));
            (void)mn_buf_putc(&sugg, '\n');
        } else {
            (void)mn_buf_printf(out, "      <failure type=\"%s\" message=\"",
                                mn_level_name(x->level));
            xml_escape(out, x->message);
            (void)mn_buf_printf(out, "\">");
            xml_escape(out, mn_buf_str(&line));
            (void)mn_buf_printf(out, "</failure>\n");
        }
        mn_buf_free(&line);
    }
    if (sugg.len)
        (void)mn_buf_printf(out, "      <system-out>%s</system-out>\n",
                            mn_buf_str(&sugg));
    mn_buf_free(&sugg);
    (void)mn_buf_printf(out, "    </testcase>\n");
}

static void
report_junit(const mn_findings *f, mn_buf *out)
{
    size_t failing = 0;
    for (size_t k = 0; k < f->nfiles; k++) {
        bool fails = false;
        for (size_t i = 0; i < f->n && !fails; i++)
            fails = f->items[i].level > MN_LEVEL_SUGGESTION &&
                    !strcmp(f->items[i].file, f->files[k]);
        failing += fails;
    }
    (void)mn_buf_printf(out,
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<testsuites name=\"minutes check\" tests=\"%zu\" "
                        "failures=\"%zu\">\n"
                        "  <testsuite name=\"minutes check\" tests=\"%zu\" "
                        "failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
                        f->nfiles, failing, f->nfiles, failing);
    for (size_t k = 0; k < f->nfiles; k++)
        junit_case(f, f->files[k], out);
    (void)mn_buf_printf(out, "  </testsuite>\n</testsuites>\n");
}

/* ---- SARIF 2.1.0 -------------------------------------------------------- */

static const char *
sarif_level(mn_level l)
{
    return l == MN_LEVEL_ERROR     ? "error"
           : l == MN_LEVEL_WARNING ? "warning"
                                   : "note";
}

static mn_value *
sarif_rules(const mn_findings *f, const mn_ruleset *rs)
{
    mn_value *rules = mn_value_list();
    for (size_t i = 0; i < f->n; i++) {
        const char *id = f->items[i].id;
        bool seen = false;
        for (size_t k = 0; k < mn_value_len(rules) && !seen; k++)
            seen = !strcmp(mn_map_get_str(mn_list_at(rules, k), "id"), id);
        if (seen)
            continue;
        mn_value *r = mn_value_map();
        mn_map_set_str(r, "id", id);
        const mn_rule *rule = rs ? mn_ruleset_find(rs, id) : NULL;
        const char *why = rule ? mn_rule_attr(rule, "why") : NULL;
        mn_value *desc = mn_value_map();
        mn_map_set_str(desc, "text", why ? why : id);
        mn_map_set(r, "shortDescription", desc);
        mn_list_push(rules, r);
    }
    return rules;
}

static size_t
rule_index(const mn_value *rules, const char *id)
{
    for (size_t k = 0; k < mn_value_len(rules); k++)
        if (!strcmp(mn_map_get_str(mn_list_at(rules, k), "id"), id))
            return k;
    return 0;
}

static mn_value *
sarif_result(const mn_finding *x, const mn_value *rules)
{
    mn_value *r = mn_value_map();
    mn_map_set_str(r, "ruleId", x->id);
    mn_map_set_int(r, "ruleIndex", (long long)rule_index(rules, x->id));
    mn_map_set_str(r, "level", sarif_level(x->level));
    mn_value *msg = mn_value_map();
    mn_map_set_str(msg, "text", x->message);
    mn_map_set(r, "message", msg);
    mn_value *art = mn_value_map();
    mn_map_set_str(art, "uri", x->file);
    mn_value *phys = mn_value_map();
    mn_map_set(phys, "artifactLocation", art);
    if (x->line) {
        mn_value *region = mn_value_map();
        mn_map_set_int(region, "startLine", x->line);
        if (x->col)
            mn_map_set_int(region, "startColumn", x->col);
        mn_map_set(phys, "region", region);
    }
    mn_value *loc = mn_value_map();
    mn_map_set(loc, "physicalLocation", phys);
    mn_value *locs = mn_value_list();
    mn_list_push(locs, loc);
    mn_map_set(r, "locations", locs);
    return r;
}

static mn_value *
sarif_tree(const mn_findings *f, const mn_ruleset *rs)
{
    mn_value *root = mn_value_map();
    mn_map_set_str(root, "$schema",
                   "https://json.schemastore.org/sarif-2.1.0.json");
    mn_map_set_str(root, "version", "2.1.0");
    mn_value *driver = mn_value_map();
    mn_map_set_str(driver, "name", "minutes");
    mn_map_set_str(driver, "version", "0.1.0");
    mn_map_set_str(driver, "informationUri", "https://example.invalid/minutes");
    mn_value *rules = sarif_rules(f, rs);
    mn_value *results = mn_value_list();
    for (size_t i = 0; i < f->n; i++)
        mn_list_push(results, sarif_result(&f->items[i], rules));
    mn_map_set(driver, "rules", rules);
    mn_value *tool = mn_value_map();
    mn_map_set(tool, "driver", driver);
    mn_value *run = mn_value_map();
    mn_map_set(run, "tool", tool);
    mn_map_set(run, "results", results);
    mn_value *runs = mn_value_list();
    mn_list_push(runs, run);
    mn_map_set(root, "runs", runs);
    return root;
}

mn_status
mn_check_report(const mn_findings *f, const mn_ruleset *rs,
                mn_report_format fmt, bool colour, mn_buf *out, mn_error *err)
{
    mn_value *tree = NULL;
    mn_status st = MN_OK;
    switch (fmt) {
    case MN_REPORT_TEXT:
        report_text(f, colour, out);
        break;
    case MN_REPORT_JUNIT:
        report_junit(f, out);
        break;
    case MN_REPORT_YAML:
        tree = findings_tree(f);
        st = mn_yaml_emit(tree, out, err);
        break;
    case MN_REPORT_JSON:
        tree = findings_tree(f);
        st = mn_json_emit(tree, out, err);
        break;
    case MN_REPORT_SARIF:
        tree = sarif_tree(f, rs);
        st = mn_json_emit(tree, out, err);
        break;
    }
    mn_value_free(tree);
    return st;
}
