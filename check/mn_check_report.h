/*
 * Rendering findings: the compiler-style text report (FILE:LINE:COL: level:
 * message [id], optional colour, a summary line), YAML and JSON (through
 * mn_value trees and output/mn_yaml.h), JUnit XML (one test case per file)
 * and SARIF 2.1.0 (one run, one rule per check id that fired).
 */
#ifndef MN_CHECK_REPORT_H
#define MN_CHECK_REPORT_H

#include <stdbool.h>

#include "mn_buf.h"
#include "mn_check.h"
#include "mn_ruleset.h"

typedef enum mn_report_format {
    MN_REPORT_TEXT,
    MN_REPORT_YAML,
    MN_REPORT_JSON,
    MN_REPORT_JUNIT,
    MN_REPORT_SARIF
} mn_report_format;

/* "text", "yaml", "json", "junit", "sarif"; false when unknown. */
bool mn_report_format_parse(const char *s, mn_report_format *out);

/*
 * Append the report of `f` (sorted by the caller) to `out`. `rs` (may be
 * NULL) supplies each check's `why` for SARIF rule descriptions. `colour`
 * only affects the text format.
 */
MN_NODISCARD mn_status mn_check_report(const mn_findings *f,
                                       const mn_ruleset *rs,
                                       mn_report_format fmt, bool colour,
                                       mn_buf *out, mn_error *err);

/* The summary line: "N errors, N warnings, N suggestions in N files". */
void mn_check_summary(const mn_findings *f, mn_buf *out);

#endif
