/*
 * Source lines of a block. Text and markdown readers fold consecutive lines
 * into one paragraph, but minutes often put one person, one action or one
 * decision per line without a blank line between them; passes that care
 * look at a block line by line through these helpers.
 */
#ifndef MN_XLINES_H
#define MN_XLINES_H

#include <stdbool.h>
#include <stddef.h>

#include "mn_extract_int.h"

/* One line of a block: text[start, start + len), trimmed of spaces. */
typedef struct mn_xline {
    size_t start, len;
    unsigned line;   /* source line */
    bool hard_break; /* begins after a kept '\n' (<br>, preformatted) */
} mn_xline;

/*
 * Split block b into its source lines: at kept '\n' always, and, for text
 * and markdown documents, wherever the reader joined two source lines. An
 * HTML block is split at '\n' only (its source is wrapped anywhere). Returns
 * a malloc'd array (caller frees) of *n >= 1 lines, empty lines dropped.
 */
mn_xline *mn_x_lines(const mn_xctx *x, const mn_block *b, size_t *n);

/* True when the line ends a sentence or clause (". ! ? ; :"), so the next
 * line starts something new rather than continuing it. */
bool mn_x_line_closed(const mn_block *b, const mn_xline *l);

/* The first active rule of `kind` allowed in b's kind that matches the
 * text s[0..len) (a part of b's text); NULL when none. */
const mn_rule *mn_x_match_text(mn_xctx *x, const char *kind, const mn_block *b,
                               const char *s, size_t len, mn_match *mt);

#endif
