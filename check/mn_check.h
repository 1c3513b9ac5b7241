/*
 * Publication checks: a document, its extracted record and the rule set in,
 * a list of findings (FILE:LINE:COL, level, message, check id) out. Pattern
 * checks are `kind: check` rules with a pattern; code checks are `kind:
 * check` rules with `code: true` whose work is done by the C function of the
 * same id (mn_check_record.c, mn_check_text.c). Levels, messages and "why"
 * always come from the rule, so a user pack can re-word or re-level any check.
 */
#ifndef MN_CHECK_H
#define MN_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "mn_common.h"
#include "mn_doc.h"
#include "mn_ruleset.h"
#include "mn_value.h"

typedef enum mn_level {
    MN_LEVEL_OFF = 0,
    MN_LEVEL_SUGGESTION,
    MN_LEVEL_WARNING,
    MN_LEVEL_ERROR
} mn_level;

/* "off", "suggestion", "warning", "error". */
const char *mn_level_name(mn_level l);
/* Parse a level name; false when unknown. */
bool mn_level_parse(const char *s, mn_level *out);

typedef struct mn_finding {
    char *id; /* check id, e.g. "sections.numbering-gap" */
    mn_level level;
    char *message;
    char *file;
    unsigned line, col; /* 1-based; 0 when the finding is about the file */
} mn_finding;

/* Every finding of a run plus the files checked (for JUnit/SARIF and the
 * summary). All strings owned. */
typedef struct mn_findings {
    mn_finding *items;
    size_t n, cap;
    char **files;
    size_t nfiles, files_cap;
} mn_findings;

void mn_findings_free(mn_findings *f);
/* Record that `path` was checked (copied). */
void mn_findings_add_file(mn_findings *f, const char *path);
/* Append a finding (strings copied). */
void mn_findings_add(mn_findings *f, const char *id, mn_level level,
                     const char *message, const char *file, unsigned line,
                     unsigned col);
/* Sort by file (in the order added), then line, column and id. */
void mn_findings_sort(mn_findings *f);
/* Number of findings at `level`. */
size_t mn_findings_count(const mn_findings *f, mn_level level);

/*
 * What the user controls: disabled ids, re-levelled ids, the minimum level
 * reported, packs switched on or off (govuk is on by default for the UK
 * profiles pcc and moderngov), extra known abbreviations, and the records of
 * an archive of earlier minutes. Create with mn_check_config_new, free with
 * mn_check_config_free.
 */
typedef struct mn_check_config mn_check_config;

MN_NODISCARD mn_check_config *mn_check_config_new(void);
void mn_check_config_free(mn_check_config *cfg);
void mn_check_config_disable(mn_check_config *cfg, const char *id);
void mn_check_config_set_level(mn_check_config *cfg, const char *id,
                               mn_level level);
void mn_check_config_min_level(mn_check_config *cfg, mn_level level);
/* Switch a pack (by its `set: {pack: NAME}` marker) on or off. */
void mn_check_config_pack(mn_check_config *cfg, const char *pack, bool on);
void mn_check_config_known_abbr(mn_check_config *cfg, const char *abbr);
/* Run only this check id (NULL: all); used to test one check's examples. */
void mn_check_config_only(mn_check_config *cfg, const char *id);

/*
 * Read a `.minutes.yaml` config (keys: disable: [ids], levels: {id: level},
 * min_level: level, packs: {govuk: false}, abbreviations: [known...]).
 * Settings add to what is already in cfg. Errors name PATH:LINE:COL.
 */
MN_NODISCARD mn_status mn_check_config_load(mn_check_config *cfg,
                                            const char *path, mn_error *err);
/* The first `.minutes.yaml` in `dir` or a parent directory, or NULL.
 * Caller frees. */
MN_NODISCARD char *mn_check_config_find(const char *dir);

/* Remember people and abbreviations of an earlier record from `path`
 * (copied) for the archive.* checks. */
void mn_check_config_add_archive(mn_check_config *cfg, const char *path,
                                 const mn_value *record);

/*
 * Run every check that applies to the record's profile over one document
 * and append the findings (already filtered by the config and the
 * document's inline suppressions) to `out`. `record` is what mn_extract
 * produced for `doc`; `m` belongs to the calling thread.
 */
MN_NODISCARD mn_status mn_check_run(const mn_doc *doc, const mn_value *record,
                                    const mn_ruleset *rs, mn_matcher *m,
                                    const mn_check_config *cfg,
                                    mn_findings *out, mn_error *err);

/*
 * Run the examples of the code checks (`kind: check`, `code: true`), which
 * mn_ruleset_test skips: each `match` text must make that check report at
 * least one finding once extracted as a document, each `no_match` text none.
 * A text starting with '<' is read as HTML, else as plain text. Failures go
 * to `report` as "FILE:LINE: rule ID: what". Returns the number of failures;
 * *total gets the number of examples run.
 */
size_t mn_check_test_examples(const mn_ruleset *rs,
                              void (*report)(void *ctx, const char *line),
                              void *ctx, size_t *total);

#endif
