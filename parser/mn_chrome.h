/*
 * Site chrome: the furniture around minutes on a web page (navigation,
 * cookie banners, skip links, ModernGov "pdf icon PDF 135 KB", scribe.perl
 * TOC and footer...). What counts as chrome is data, in rules/chrome.yaml
 * (embedded in the binary); this module compiles it once and answers the
 * tokenisers' questions. An mn_chrome is immutable and thread-safe once built.
 */
#ifndef MN_CHROME_H
#define MN_CHROME_H

#include <stdbool.h>
#include <stddef.h>

#include "mn_common.h"

typedef struct mn_chrome mn_chrome;

/* Compile a chrome file from YAML text; `name` is used in errors (copied).
 * Errors name the file, line and column. */
MN_NODISCARD mn_status mn_chrome_load(const char *name, const char *yaml,
                                      size_t len, mn_chrome **out,
                                      mn_error *err);

/* The embedded default (rules/chrome.yaml), built once on first use;
 * never NULL. Not to be freed. */
const mn_chrome *mn_chrome_default(void);

void mn_chrome_free(mn_chrome *c);

/* Should this HTML element and all it contains be dropped? Any of id, cls,
 * role may be NULL. */
bool mn_chrome_drop_element(const mn_chrome *c, const char *tag,
                            const char *id, const char *cls, const char *role);

/* Is this whole block (its normalised text) furniture? */
bool mn_chrome_drop_block(const mn_chrome *c, const char *text, size_t len);

/* Length of text once trailing inline furniture ("pdf icon PDF 135 KB",
 * "Share this item") is cut off; returns len when there is none. */
size_t mn_chrome_trim(const mn_chrome *c, const char *text, size_t len);

#endif
