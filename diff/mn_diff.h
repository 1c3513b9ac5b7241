/*
 * mn_diff: record-versus-record comparison. Two records (docs/schema.md) are
 * matched by identity, not position: attendees by normalised name, sections
 * by title, figures by measure, actions by owner and task, recommendations
 * by kind and number; near-matches are scored and kept when the score
 * reaches a threshold. The result is data: a list of changes (mn_value)
 * that the CLI renders as text, YAML or JSON. docs/diff.md has the rules.
 */
#ifndef MN_DIFF_H
#define MN_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "mn_buf.h"
#include "mn_common.h"
#include "mn_value.h"

/* What to compare (bits of mn_diff_options.only). */
#define MN_DIFF_ATTENDEES       0x01u
#define MN_DIFF_SECTIONS        0x02u
#define MN_DIFF_FIGURES         0x04u
#define MN_DIFF_ACTIONS         0x08u
#define MN_DIFF_RECOMMENDATIONS 0x10u
#define MN_DIFF_ALL             0x1fu

#define MN_DIFF_DEFAULT_THRESHOLD 0.6

typedef struct mn_diff_options {
    double threshold;  /* near-match acceptance score in [0, 1] */
    bool ignore_moves; /* do not report sections that changed parent */
    unsigned only;     /* MN_DIFF_* bits; 0 means all */
    /* Optional, borrowed: the paragraphs of NEW's document as a list of
     * maps {text, line}; used to find actions reported as complete. */
    const mn_value *new_text;
} mn_diff_options;

/* Defaults: threshold 0.6, moves reported, everything compared. */
void mn_diff_options_init(mn_diff_options *o);

/*
 * Parse "figures,actions" (also singular forms) into MN_DIFF_* bits.
 * Returns 0 when a name is unknown.
 */
unsigned mn_diff_parse_kinds(const char *list);

/*
 * Compare two records. Returns a list (caller owns) of change maps with the
 * keys, in this order: kind (attendee | section | figure | action |
 * recommendation), change (see docs/diff.md), subject, old, new, delta,
 * note, old_line, new_line, score. Absent values are null. The list is
 * empty when the records agree on everything compared. Never fails: missing
 * or mistyped fields count as absent.
 */
MN_NODISCARD mn_value *mn_diff_records(const mn_value *old_rec,
                                       const mn_value *new_rec,
                                       const mn_diff_options *opt);

/*
 * Render a change list as the human report: one line per change, grouped
 * by kind, preceded by a header naming both inputs (borrowed, may be NULL).
 * With colour, ANSI colours mark additions, removals and changes. Appends
 * nothing for an empty list.
 */
void mn_diff_render_text(const mn_value *changes, const char *old_name,
                         const char *new_name, bool colour, mn_buf *out);

/*
 * Pair the figures of two records' `figures` lists (borrowed) with the same
 * rules as mn_diff_records. new_to_old[j] receives the index in old_figs of
 * the partner of new figure j, or -1; it must hold mn_value_len(new_figs)
 * entries. Used by trend to follow a measure from meeting to meeting.
 */
void mn_diff_pair_figures(const mn_value *old_figs, const mn_value *new_figs,
                          double threshold, long *new_to_old);

/*
 * The name a figure is known by: its measure, or the title of its section
 * when the measure is null, folded (lower case, ASCII, single spaces).
 * Caller frees.
 */
MN_NODISCARD char *mn_diff_figure_measure(const mn_value *fig);

/*
 * Fold text for comparison: lower case, Latin diacritics removed,
 * apostrophes dropped, every other non-alphanumeric run turned into one
 * space, trimmed. NULL gives "". Caller frees.
 */
MN_NODISCARD char *mn_diff_fold(const char *s);

/*
 * Token similarity of two phrases in [0, 1]: Dice coefficient over their
 * folded, stemmed content words (stop words dropped). Two empty phrases
 * score 0.
 */
double mn_diff_similarity(const char *a, const char *b);

#endif
