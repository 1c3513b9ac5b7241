/*
 * Loading the inputs of `diff` and `trend`: each argument is either a YAML
 * record written by `minutes extract` or a minutes document extracted on the
 * fly. Rules are loaded once, on the first document that needs them.
 */
#ifndef MN_CLI_RECORDS_H
#define MN_CLI_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "mn_common.h"
#include "mn_ruleset.h"
#include "mn_value.h"

typedef struct records_ctx {
    const char *const *rules; /* user rule packs (borrowed) */
    size_t nrules;
    const char *profile; /* NULL: detect */
    mn_ruleset *rs;      /* owned, loaded lazily */
    mn_matcher *m;
} records_ctx;

/* True when `path` is a record: a .yaml/.yml name, or text that starts
 * with "schema:" (after an optional "---" line and comments). */
bool records_is_yaml(const char *path);

/*
 * Load one input as a record into *rec (caller owns). When `text` is not
 * NULL it receives the document's paragraphs as a list of {text, line}
 * (caller owns): from the document itself, or for a YAML record from the
 * file named by source.path when it is still there with the same sha256;
 * otherwise NULL. Returns an MN_EXIT_* code; errors have been printed.
 */
int records_load(records_ctx *ctx, const char *path, mn_value **rec,
                 mn_value **text);

/* Free what the context loaded (the rule set and matcher). */
void records_ctx_free(records_ctx *ctx);

#endif
