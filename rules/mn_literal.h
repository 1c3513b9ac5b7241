/*
 * Required literals of a PCRE2 pattern: a small set of ASCII strings such
 * that every match of the pattern contains at least one of them. The
 * matcher uses them to skip a subject without running the regex; most rules
 * run on every block and almost never match (see mn_matcher.c).
 */
#ifndef MN_LITERAL_H
#define MN_LITERAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MN_LIT_MAX_ALTS 16 /* more alternatives than this: not worth it */
#define MN_LIT_MAX_LEN                                                         \
    24 /* longer literals are cut (a prefix is required too) */
#define MN_LIT_MIN_LEN 3 /* the matcher looks literals up by trigram */

typedef struct mn_literals {
    size_t n; /* 0: no usable requirement (always run the regex) */
    uint8_t len[MN_LIT_MAX_ALTS];
    char lit[MN_LIT_MAX_ALTS][MN_LIT_MAX_LEN + 1]; /* lower case ASCII */
} mn_literals;

/*
 * Work out what every match of `pattern` (compiled with PCRE2 `options`)
 * must contain, as lower-case ASCII strings to be found in the subject
 * folded by mn_literal_fold: a match contains at least one of
 * out->lit[0..n), none of which contains another. Conservative: a construct
 * it does not understand contributes nothing, and a pattern it cannot
 * follow (extended mode, verbs, conditionals, recursion) gives n = 0.
 */
void mn_literals_of(const char *pattern, uint32_t options, mn_literals *out);

/*
 * Fold s[0..n) for literal search into out (room for n bytes): ASCII upper
 * case to lower case, and the two non-ASCII characters that caseless UCP
 * matching equates with ASCII letters — U+212A KELVIN SIGN (k) and U+017F
 * LONG S (s) — to those letters. Returns the folded length (<= n).
 */
size_t mn_literal_fold(const char *s, size_t n, char *out);

#endif
