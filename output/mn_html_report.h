/*
 * The review page for the minutes author: one self-contained HTML file
 * (inline CSS, no script, no external resource) showing the document block
 * by block with what extraction understood highlighted and what the checks
 * flagged marked in place, plus tables of actions and figures. A second
 * renderer shows a quarter-to-quarter change list the same way.
 */
#ifndef MN_HTML_REPORT_H
#define MN_HTML_REPORT_H

#include "mn_buf.h"
#include "mn_check.h"
#include "mn_common.h"
#include "mn_doc.h"
#include "mn_value.h"

/*
 * Append the review page of one document to `out`. All arguments are
 * borrowed: `doc` is the document read, `record` what mn_extract produced
 * for it (docs/schema.md), `findings` what mn_check_run reported (NULL or
 * empty: no findings). Blocks carry ids "L<line>" (the first block starting
 * on a line), findings link to the block holding their line. Every piece of
 * text is HTML-escaped. Fails only with MN_E_LIMIT when `out` reaches its
 * cap (the buffer then holds a truncated page).
 */
MN_NODISCARD mn_status mn_html_report(const mn_doc *doc, const mn_value *record,
                                      const mn_findings *findings, mn_buf *out,
                                      mn_error *err);

/*
 * Append the page of a change list (the list mn_diff_records returns) to
 * `out`: changes grouped by kind, old -> new, with the source text of
 * old_line / new_line. `old_text` and `new_text` are the documents' blocks
 * as lists of maps {text, line} in document order (what `minutes diff`
 * loads); either may be NULL (no source text shown). Names label the two
 * sides and may be NULL. Everything borrowed. Fails only with MN_E_LIMIT,
 * as above.
 */
MN_NODISCARD mn_status mn_html_report_diff(
    const mn_value *changes, const mn_value *old_text, const char *old_name,
    const mn_value *new_text, const char *new_name, mn_buf *out, mn_error *err);

#endif
