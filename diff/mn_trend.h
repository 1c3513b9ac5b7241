/*
 * mn_trend: a measure's series across meetings. Records are ordered by
 * meeting date (else period), each measure is followed from meeting to
 * meeting with the figure matching of mn_diff, and the result is a small
 * tree that renders as a table, CSV, YAML or an SVG line chart per measure.
 */
#ifndef MN_TREND_H
#define MN_TREND_H

#include <stddef.h>

#include "mn_buf.h"
#include "mn_common.h"
#include "mn_value.h"

typedef struct mn_trend_options {
    double threshold;          /* figure near-match score (mn_diff) */
    const char *measure_regex; /* PCRE2, caseless; NULL keeps every measure */
} mn_trend_options;

typedef enum mn_trend_format {
    MN_TREND_TABLE,
    MN_TREND_CSV,
    MN_TREND_YAML,
    MN_TREND_SVG
} mn_trend_format;

/*
 * Build the trend of n records (borrowed); names[i] (borrowed, may be NULL)
 * labels a record that names no date or period. *out (caller owns) is a map:
 *   meetings: [{label, date, period, source}]   in time order
 *   series:   [{measure, kind, unit, area, target,
 *               values: [number|null], texts: [str|null], lines: [int|null]}]
 * Values are as written (unsigned); texts carry the direction ("2% fall").
 * Fails only with
 * MN_E_PATTERN when measure_regex does not compile.
 */
MN_NODISCARD mn_status mn_trend_build(const mn_value *const *records,
                                      const char *const *names, size_t n,
                                      const mn_trend_options *opt,
                                      mn_value **out, mn_error *err);

/* Render a trend built by mn_trend_build, appending to out. */
MN_NODISCARD mn_status mn_trend_render(const mn_value *trend,
                                       mn_trend_format format, mn_buf *out,
                                       mn_error *err);

#endif
