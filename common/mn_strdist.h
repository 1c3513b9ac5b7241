/*
 * Edit distance between short strings, shared by the rule loader ("did you
 * mean" for misspelt keys), the checks (typos of abbreviations and names)
 * and the diff (title similarity).
 */
#ifndef MN_STRDIST_H
#define MN_STRDIST_H

#include <stddef.h>

/* Longest string compared character by character; longer ones are only
 * equal (distance 0) or "too far" (max + 1). */
#define MN_STRDIST_MAX_LEN 256

/*
 * Optimal string alignment distance in bytes: insertions, deletions,
 * substitutions and swaps of two adjacent characters ("RPS" for "RSP")
 * each cost 1. Returns the distance, or max + 1 as soon as it is known to
 * exceed `max` (pass SIZE_MAX - 1 for the exact value).
 */
size_t mn_strdist(const char *a, const char *b, size_t max);

#endif
