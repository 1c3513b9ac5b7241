/*
 * Extraction: blocks + rule matches -> one record (an mn_value tree with the
 * fields of docs/schema.md). What varies by publisher is in the rule packs;
 * what is true of all minutes (sections nest, an action has an owner and a
 * task, a yearless date takes its year from the meeting's period) is here.
 */
#ifndef MN_EXTRACT_H
#define MN_EXTRACT_H

#include "mn_doc.h"
#include "mn_ruleset.h"
#include "mn_value.h"

typedef struct mn_extract_options {
    const char *profile; /* NULL: detect per document */
} mn_extract_options;

/*
 * Build the record of one document. Never fails on content: a document
 * with no recognisable structure gives a valid record with empty lists,
 * attendance_recorded false and a warning. `m` must belong to the calling
 * thread. Caller owns *out.
 */
MN_NODISCARD mn_status mn_extract(const mn_doc *doc, const mn_ruleset *rs,
                                  mn_matcher *m,
                                  const mn_extract_options *opt,
                                  mn_value **out, mn_error *err);

#endif
