/*
 * Every bound on input-driven work, in one place (YARA's limits.h). Loops over
 * input check one of these; hitting one is a reported condition, not a crash.
 */
#ifndef MN_LIMITS_H
#define MN_LIMITS_H

#define MN_MAX_INPUT_BYTES ((size_t)512 * 1024 * 1024) /* one document */
#define MN_MAX_BLOCK_BYTES ((size_t)16 * 1024 * 1024)  /* one block's text */
#define MN_MAX_BLOCKS ((size_t)8 * 1024 * 1024)        /* per document */
#define MN_MAX_HTML_DEPTH 4096   /* deeper elements are flattened */
#define MN_MAX_SPANS_PER_BLOCK 4096
#define MN_MAX_RULES 10000           /* per rule set */
#define MN_MAX_RULE_FILE_BYTES ((size_t)4 * 1024 * 1024)
#define MN_MAX_PATTERN_BYTES ((size_t)64 * 1024)
#define MN_MAX_YAML_DEPTH 64         /* nesting in a rule file */
#define MN_MATCH_LIMIT 1000000u      /* PCRE2 match limit per call */
#define MN_DEPTH_LIMIT 10000u        /* PCRE2 depth/heap limit per call */
#define MN_MAX_RECORD_ITEMS 100000   /* per list in one record */

#endif
