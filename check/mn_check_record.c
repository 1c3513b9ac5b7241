/*
 * Record checks: what a careful reader catches from the structure the
 * extraction found (numbering gaps, empty sections, missing date/chair,
 * undefined abbreviations, owners who were not there, one person spelled two
 * ways). Each function reports one check id; positions come from the
 * record's `line` fields, columns from the blocks.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mn_alloc.h"
#include "mn_check_record.h"
#include "mn_limits.h"
#include "mn_strdist.h"

#define MAX_PEOPLE 500
#define MAX_TOKEN  32

/* Defined further down, beside the checks they belong to. */
static void markup_unnumbered(mn_cctx *c);
static void body_mentions(mn_cctx *c, const mn_value *att, size_t n);

/* ---- small helpers ------------------------------------------------------ */

static unsigned
line_of(const mn_value *item)
{
    long long l = mn_value_as_int(mn_map_get(item, "line"));
    return l > 0 && l < 1000000000 ? (unsigned)l : 1;
}

static void
emit_at(mn_cctx *c, const char *id, unsigned line, const char *needle,
        const char *const *vars)
{
    unsigned col = mn_c_locate(c, &line, needle);
    mn_c_emit(c, id, line, col, vars);
}

/* The leading integer of a section number's last component ("4.2" -> 2,
 * "39/20" -> 39, "7" -> 7); -1 when there is none or letters follow. */
static long
number_value(const char *num)
{
    if (!num)
        return -1;
    const char *dot = strrchr(num, '.');
    const char *p = dot && dot[1] ? dot + 1 : num;
    char *end = NULL;
    long v = strtol(p, &end, 10);
    if (end == p || (*end && *end != '/' && *end != '.'))
        return -1;
    return v;
}

static bool
ieq(const char *a, const char *b)
{
    return a && b && strcasecmp(a, b) == 0;
}

/* ---- sections ----------------------------------------------------------- */

typedef void (*sib_fn)(mn_cctx *c, const mn_value *list);

static void
each_sibling_list(mn_cctx *c, const mn_value *list, sib_fn fn, int depth)
{
    if (depth > 32)
        return;
    fn(c, list);
    for (size_t i = 0; i < mn_value_len(list); i++)
        each_sibling_list(c, mn_map_get(mn_list_at(list, i), "sections"), fn,
                          depth + 1);
}

typedef enum { SEQ_GAP, SEQ_REPEAT, SEQ_ORDER } seq_kind;

/* A title starting with a roman numeral or one letter and a space ("ii
 * ECMA-402 ..."): the rest of a sub-number like "8.ii". */
static bool
split_sub_number(const char *title)
{
    size_t n = 0;
    while (title && title[n] && strchr("ivxabcdefgh", title[n]) && n < 5)
        n++;
    return n > 0 && title[n] == ' ' && (n == 1 || strspn(title, "ivx") == n);
}

static void
sequence_check(mn_cctx *c, const mn_value *list, seq_kind want)
{
    static const char *const ids[] = {"sections.numbering-gap",
                                      "sections.numbering-repeat",
                                      "sections.numbering-order"};
    long prev = -1;
    const char *prev_num = NULL;
    for (size_t i = 0; i < mn_value_len(list); i++) {
        const mn_value *s = mn_list_at(list, i);
        const char *num = mn_map_get_str(s, "number");
        long v = number_value(num);
        if (v < 0)
            continue;
        seq_kind k = v == prev ? SEQ_REPEAT : v < prev ? SEQ_ORDER : SEQ_GAP;
        if (k == SEQ_REPEAT && split_sub_number(mn_map_get_str(s, "title")))
            continue; /* "8.i Title" read as number 8, title "i Title" */
        bool hit = prev >= 0 && (k != SEQ_GAP || v > prev + 1);
        if (hit && k == want) {
            const char *vars[] = {"number", num, "previous", prev_num, NULL};
            emit_at(c, ids[want], line_of(s), num, vars);
        }
        prev = v;
        prev_num = num;
    }
}

static void
gap_list(mn_cctx *c, const mn_value *l)
{
    sequence_check(c, l, SEQ_GAP);
}

static void
repeat_list(mn_cctx *c, const mn_value *l)
{
    sequence_check(c, l, SEQ_REPEAT);
}

static void
order_list(mn_cctx *c, const mn_value *l)
{
    sequence_check(c, l, SEQ_ORDER);
}

static void
check_numbering_gap(mn_cctx *c)
{
    if (!mn_c_profile_listed(c, "sections.numbering-gap"))
        return;
    each_sibling_list(c, mn_map_get(c->rec, "sections"), gap_list, 0);
}

static void
check_numbering_repeat(mn_cctx *c)
{
    each_sibling_list(c, mn_map_get(c->rec, "sections"), repeat_list, 0);
}

static void
check_numbering_order(mn_cctx *c)
{
    each_sibling_list(c, mn_map_get(c->rec, "sections"), order_list, 0);
}

/* An unnumbered top-level section between numbered ones. */
static void
check_unnumbered_heading(mn_cctx *c)
{
    if (mn_doc_format(c->doc) == MN_FORMAT_HTML) {
        markup_unnumbered(c);
        return;
    }
    const mn_value *top = mn_map_get(c->rec, "sections");
    size_t numbered = 0, n = mn_value_len(top);
    for (size_t i = 0; i < n; i++)
        numbered +=
            number_value(mn_map_get_str(mn_list_at(top, i), "number")) >= 0;
    if (numbered < 2)
        return;
    bool seen_numbered = false;
    size_t left = numbered;
    for (size_t i = 0; i < n && left > 0; i++) {
        const mn_value *s = mn_list_at(top, i);
        const char *title = mn_map_get_str(s, "title");
        if (number_value(mn_map_get_str(s, "number")) >= 0) {
            seen_numbered = true;
            left--;
        } else if (seen_numbered && title) {
            const char *vars[] = {"title", title, NULL};
            emit_at(c, "sections.unnumbered-heading", line_of(s), title, vars);
        }
    }
}

static bool
starts_numbered(const char *t)
{
    size_t i = 0;
    while (i < 6 && isdigit((unsigned char)t[i]))
        i++;
    return i > 0 && (t[i] == '.' || t[i] == ')' || t[i] == ' ' || t[i] == ':' ||
                     t[i] == '/');
}

/* HTML: an unnumbered heading of the level numbered items use, between
 * the first and the last numbered heading of that level. */
static void
markup_unnumbered(mn_cctx *c)
{
    size_t nb = mn_doc_block_count(c->doc);
    unsigned numbered[7] = {0};
    size_t last[7] = {0};
    for (size_t i = 0; i < nb; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        if (b->kind == MN_BLOCK_HEADING && !(b->flags & MN_BF_LAYOUT) &&
            b->level >= 1 && b->level <= 6 && starts_numbered(b->text)) {
            numbered[b->level]++;
            last[b->level] = i;
        }
    }
    unsigned lvl = 0;
    for (unsigned l = 1; l <= 6; l++)
        if (numbered[l] >= 2 && (!lvl || numbered[l] > numbered[lvl]))
            lvl = l;
    bool seen = false;
    for (size_t i = 0; lvl && i < last[lvl]; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        if (b->kind != MN_BLOCK_HEADING || b->level != lvl ||
            (b->flags & MN_BF_LAYOUT))
            continue;
        if (starts_numbered(b->text)) {
            seen = true;
        } else if (seen && b->len) {
            const char *vars[] = {"title", b->text, NULL};
            mn_c_emit(c, "sections.unnumbered-heading", b->pos.line,
                      b->pos.col ? b->pos.col : 1, vars);
        }
    }
}

/* How the number of a heading is separated from its title: '.', ')',
 * ':', '-' or ' '; 0 when the heading text cannot be found. */
static char
number_style(const mn_cctx *c, const mn_value *s, const char *num)
{
    unsigned line = line_of(s);
    unsigned col = mn_c_locate(c, &line, num);
    (void)col;
    size_t nb = mn_doc_block_count(c->doc);
    for (size_t i = 0; i < nb; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        if (b->pos.line > line)
            break;
        size_t n = strlen(num);
        if (b->pos.line != line || strncmp(b->text, num, n) != 0)
            continue;
        const char *p = b->text + n;
        while (*p == ' ')
            p++;
        if ((*p == '.' || *p == ')' || *p == ':') && p[1] != ' ')
            return (char)(*p == '.' ? 'd' : *p == ')' ? 'p' : 'c');
        if (*p == '.' || *p == ')' || *p == ':')
            return *p;
        if (*p == '-' || !strncmp(p, "\xe2\x80\x93", 3))
            return '-';
        return ' ';
    }
    return 0;
}

static const char *
style_name(char st)
{
    switch (st) {
    case '.':
        return "N. Title";
    case 'd':
        return "N.Title";
    case ')':
        return "N) Title";
    case 'p':
        return "N)Title";
    case ':':
        return "N: Title";
    case 'c':
        return "N:Title";
    case '-':
        return "N - Title";
    default:
        return "N Title";
    }
}

static void
check_numbering_style(mn_cctx *c)
{
    const mn_value *top = mn_map_get(c->rec, "sections");
    char first = 0;
    size_t n = mn_value_len(top);
    if (n > 2000)
        return; /* number_style scans blocks; keep it linear-ish */
    for (size_t i = 0; i < n; i++) {
        const mn_value *s = mn_list_at(top, i);
        const char *num = mn_map_get_str(s, "number");
        if (number_value(num) < 0 || strchr(num, '.') || strchr(num, '/'))
            continue;
        char st = number_style(c, s, num);
        if (!st)
            continue;
        if (!first) {
            first = st;
        } else if (st != first) {
            const char *vars[] = {
                "number",          num, "style", style_name(st), "first",
                style_name(first), NULL};
            emit_at(c, "sections.numbering-style", line_of(s), num, vars);
            return; /* once per document; typography checks each line */
        }
    }
}

/* ---- empty sections ----------------------------------------------------- */

typedef struct flat_sec {
    const mn_value *s;
    unsigned line;
    bool leaf;
} flat_sec;

static void
flatten(const mn_value *list, flat_sec **v, size_t *n, size_t *cap, int depth)
{
    for (size_t i = 0; i < mn_value_len(list) && depth < 32; i++) {
        const mn_value *s = mn_list_at(list, i);
        const mn_value *kids = mn_map_get(s, "sections");
        if (*n >= MN_MAX_RECORD_ITEMS)
            return;
        *v = mn_xgrow(*v, cap, *n + 1, sizeof **v);
        (*v)[(*n)++] = (flat_sec){s, line_of(s), mn_value_len(kids) == 0};
        flatten(kids, v, n, cap, depth + 1);
    }
}

/* Does any block starting after line `from` and before `to` carry body
 * text (not a heading, not the section's own title)? */
static bool
has_body(const mn_doc *doc, size_t *bi, unsigned from, unsigned to,
         const char *title)
{
    size_t nb = mn_doc_block_count(doc);
    bool body = false;
    for (; *bi < nb; (*bi)++) {
        const mn_block *b = mn_doc_block(doc, *bi);
        if (b->pos.line <= from)
            continue;
        if (to && b->pos.line >= to)
            break;
        if (b->kind != MN_BLOCK_HEADING && !(title && !strcmp(b->text, title)))
            body = true;
    }
    return body;
}

static void
check_empty_sections(mn_cctx *c)
{
    if (!mn_c_profile_listed(c, "sections.empty"))
        return;
    flat_sec *v = NULL;
    size_t n = 0, cap = 0, bi = 0;
    flatten(mn_map_get(c->rec, "sections"), &v, &n, &cap, 0);
    for (size_t i = 0; i < n; i++) {
        unsigned to = i + 1 < n ? v[i + 1].line : 0;
        if (to && to < v[i].line)
            continue; /* out of document order: cannot judge */
        const char *title = mn_map_get_str(v[i].s, "title");
        bool body = has_body(c->doc, &bi, v[i].line, to, title);
        /* An unnumbered heading straight before another unnumbered one is
         * often an umbrella heading the extraction could not nest. */
        bool numbered = number_value(mn_map_get_str(v[i].s, "number")) >= 0;
        bool next_numbered =
            i + 1 < n &&
            number_value(mn_map_get_str(v[i + 1].s, "number")) >= 0;
        bool judged = i + 1 == n ? numbered : next_numbered;
        if (v[i].leaf && !body && judged && to != v[i].line) {
            const char *vars[] = {"title", title ? title : "", NULL};
            emit_at(c, "sections.empty", v[i].line, title, vars);
        }
    }
    free(v);
}

/* ---- required parts ----------------------------------------------------- */

static void
require(mn_cctx *c, const char *id, bool present)
{
    if (!present && mn_c_profile_listed(c, id)) {
        const char *vars[] = {"profile", c->profile, NULL};
        mn_c_emit(c, id, 1, 1, vars);
    }
}

/* A year in the file's path ("meetings/2025-04/april-17.md"). */
static bool
path_has_year(const char *path)
{
    for (const char *p = path; p && *p; p++)
        if ((!strncmp(p, "19", 2) || !strncmp(p, "20", 2)) &&
            isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
            !isdigit((unsigned char)p[4]) &&
            (p == path || !isdigit((unsigned char)p[-1])))
            return true;
    return false;
}

/* Meeting notes kept in a repository are dated by their path; for the
 * profiles named in the rule's `set: {dated_by_path: ...}` a year in the
 * path counts as a date. */
static bool
dated_by_path(const mn_cctx *c)
{
    const mn_rule *r = mn_c_rule(c, "structure.missing-date");
    for (size_t i = 0; r && i < mn_rule_set_count(r); i++) {
        const char *k, *v;
        mn_rule_set_at(r, i, &k, &v);
        if (!strcmp(k, "dated_by_path") && strstr(v, c->profile))
            return path_has_year(c->file);
    }
    return false;
}

static void
check_missing_date(mn_cctx *c)
{
    const mn_value *m = mn_map_get(c->rec, "meeting");
    require(c, "structure.missing-date",
            mn_map_get_str(m, "date") || mn_map_get_str(m, "date_text") ||
                dated_by_path(c));
}

static void
check_missing_attendance(mn_cctx *c)
{
    require(c, "structure.missing-attendance",
            mn_value_as_bool(mn_map_get(c->rec, "attendance_recorded")));
}

/* The extraction may miss a chair written as "Jane Doe (Chair)" in a
 * table or "in the Chair"; any of these shapes counts as naming one. */
static bool
chair_written(const mn_cctx *c)
{
    static const char *const shapes[] = {
        "(Chair)",      "(Chairman)",   "(Chairperson)", "Chair:",
        "in the Chair", "in the chair", "(Chair of",     NULL};
    size_t nb = mn_doc_block_count(c->doc);
    for (size_t i = 0; i < nb; i++)
        for (size_t k = 0; shapes[k]; k++)
            if (strstr(mn_doc_block(c->doc, i)->text, shapes[k]))
                return true;
    return false;
}

static void
check_missing_chair(mn_cctx *c)
{
    bool named = mn_map_get_str(mn_map_get(c->rec, "meeting"), "chair") != NULL;
    require(c, "structure.missing-chair", named || chair_written(c));
}

static void
check_missing_next(mn_cctx *c)
{
    const mn_value *m = mn_map_get(c->rec, "meeting");
    require(c, "structure.missing-next-meeting",
            !mn_value_is_null(mn_map_get(m, "next_meeting")));
}

/* ---- dates in the record ------------------------------------------------ */

/* A year is written: four digits, or a numeric d/m/y date. */
static bool
has_year(const char *s)
{
    size_t run = 0, slashes = 0;
    for (const char *p = s; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (++run == 4)
                return true;
        } else {
            run = 0;
            slashes += *p == '/' || *p == '.';
        }
    }
    return slashes >= 2;
}

/* Returns the line reported (0 when none). */
static unsigned
no_year(mn_cctx *c, const mn_value *m, const char *line_key)
{
    const char *text = mn_map_get_str(m, "date_text");
    if (!text || has_year(text))
        return 0;
    unsigned line = (unsigned)mn_value_as_int(mn_map_get(m, line_key));
    line = line ? line : 1;
    unsigned col = mn_c_locate(c, &line, text);
    const char *vars[] = {"date", text, NULL};
    mn_c_emit(c, "dates.no-year", line, col, vars);
    return line;
}

/* Dates in the body without a year ("on 12 February"): the rule's
 * pattern finds them; lines already reported for the meeting dates are
 * skipped. */
static void
body_no_year(mn_cctx *c, unsigned skip1, unsigned skip2)
{
    const mn_rule *r = mn_c_rule(c, "dates.no-year");
    size_t nb = mn_doc_block_count(c->doc);
    for (size_t i = 0; r && i < nb; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        if (!mn_rule_applies(r, b->kind))
            continue;
        size_t from = 0;
        for (int k = 0; k < 1000 && from <= b->len; k++) {
            mn_match mt;
            if (mn_matcher_exec(c->m, r, b->text, b->len, from, &mt) != 1)
                break;
            from = mt.start + (mt.len ? mt.len : 1);
            mn_pos p = mn_block_locate(b, mt.start);
            if (p.line == skip1 || p.line == skip2)
                continue;
            char *text = mn_xstrndup(b->text + mt.start, mt.len);
            const char *vars[] = {"date", text, NULL};
            mn_c_emit(c, "dates.no-year", p.line, p.col ? p.col : 1, vars);
            free(text);
        }
    }
}

static void
check_no_year(mn_cctx *c)
{
    const mn_value *m = mn_map_get(c->rec, "meeting");
    const mn_value *next = mn_map_get(m, "next_meeting");
    unsigned a = no_year(c, m, "date_line");
    unsigned b = no_year(c, next, "line");
    body_no_year(c, a, b);
}

/* ---- abbreviations ------------------------------------------------------ */

static bool
attendee_abbr(const mn_cctx *c, const char *abbr)
{
    const mn_value *att = mn_map_get(c->rec, "attendees");
    for (size_t i = 0; i < mn_value_len(att); i++)
        if (ieq(mn_map_get_str(mn_list_at(att, i), "abbr"), abbr))
            return true;
    return false;
}

static bool
is_action_owner(const mn_cctx *c, const char *abbr)
{
    const mn_value *acts = mn_map_get(c->rec, "actions");
    for (size_t i = 0; i < mn_value_len(acts); i++)
        if (ieq(mn_map_get_str(mn_list_at(acts, i), "owner"), abbr))
            return true;
    return false;
}

/* "CC" when an attendee is "T/CC": people.role-abbreviation reports it. */
static bool
role_suffix(const mn_cctx *c, const char *abbr)
{
    const mn_value *att = mn_map_get(c->rec, "attendees");
    for (size_t i = 0; i < mn_value_len(att); i++) {
        const char *a = mn_map_get_str(mn_list_at(att, i), "abbr");
        const char *slash = a ? strchr(a, '/') : NULL;
        if (slash && !strcmp(slash + 1, abbr))
            return true;
    }
    return false;
}

/* Known for publication purposes: the checks' own allowlist (core and
 * profile `checks.known_abbreviations`, config) or an attendee's initials.
 * The extraction's `known` flag is not used: it serves recognition, and
 * lists terms (SOC, CSE) the public does not know. */
static bool
abbr_known(const mn_cctx *c, const mn_value *a)
{
    const char *abbr = mn_map_get_str(a, "abbr");
    return mn_c_known_abbr(c, abbr) || attendee_abbr(c, abbr);
}

/* A defined abbreviation one edit away from `abbr` (same first letter). */
static const char *
near_defined(const mn_cctx *c, const char *abbr)
{
    const mn_value *ab = mn_map_get(c->rec, "abbreviations");
    for (size_t i = 0; i < mn_value_len(ab); i++) {
        const mn_value *d = mn_list_at(ab, i);
        const char *other = mn_map_get_str(d, "abbr");
        if (!mn_map_get_str(d, "expansion") || !other || strlen(other) < 3 ||
            other[0] != abbr[0] || !strcmp(other, abbr))
            continue;
        if (mn_strdist(abbr, other, 1) == 1)
            return other;
    }
    return NULL;
}

static bool
is_undefined_unknown(const mn_cctx *c, const mn_value *a)
{
    const char *abbr = mn_map_get_str(a, "abbr");
    return abbr && strlen(abbr) >= 2 && !mn_map_get_str(a, "expansion") &&
           !abbr_known(c, a);
}

static void
check_abbr_undefined(mn_cctx *c)
{
    if (!mn_c_profile_listed(c, "abbreviations.undefined"))
        return;
    const mn_value *ab = mn_map_get(c->rec, "abbreviations");
    for (size_t i = 0; i < mn_value_len(ab); i++) {
        const mn_value *a = mn_list_at(ab, i);
        const char *abbr = mn_map_get_str(a, "abbr");
        /* A typo or an unknown action owner is reported by its own check. */
        if (!is_undefined_unknown(c, a) || near_defined(c, abbr) ||
            is_action_owner(c, abbr) || role_suffix(c, abbr))
            continue;
        const char *vars[] = {"abbr", abbr, NULL};
        emit_at(c, "abbreviations.undefined", line_of(a), abbr, vars);
    }
}

static void
check_abbr_typo(mn_cctx *c)
{
    if (!mn_c_profile_listed(c, "abbreviations.typo"))
        return;
    const mn_value *ab = mn_map_get(c->rec, "abbreviations");
    for (size_t i = 0; i < mn_value_len(ab); i++) {
        const mn_value *a = mn_list_at(ab, i);
        const char *abbr = mn_map_get_str(a, "abbr");
        const char *other =
            is_undefined_unknown(c, a) ? near_defined(c, abbr) : NULL;
        if (other) {
            const char *vars[] = {"abbr", abbr, "defined", other, NULL};
            emit_at(c, "abbreviations.typo", line_of(a), abbr, vars);
        }
    }
}

/* First source line where `abbr` is used as a word, before `limit`;
 * 0 when not found. Words are runs of letters, digits, '/' and '&'. */
static unsigned
first_use(const mn_doc *doc, const char *abbr, unsigned limit, unsigned *col)
{
    size_t n = strlen(abbr), nb = mn_doc_block_count(doc);
    for (size_t i = 0; i < nb; i++) {
        const mn_block *b = mn_doc_block(doc, i);
        if (b->pos.line >= limit)
            break;
        for (const char *p = strstr(b->text, abbr); p;
             p = strstr(p + 1, abbr)) {
            char before = (char)(p > b->text ? p[-1] : ' ');
            char after = p[n];
            if (isalnum((unsigned char)before) || before == '/' ||
                isalnum((unsigned char)after) || after == '/')
                if (!(after == 's' && !isalnum((unsigned char)p[n + 1])))
                    continue;
            mn_pos pos = mn_block_locate(b, (size_t)(p - b->text));
            if (pos.line >= limit)
                return 0;
            *col = pos.col ? pos.col : 1;
            return pos.line;
        }
    }
    return 0;
}

static void
check_abbr_late(mn_cctx *c)
{
    if (!mn_c_profile_listed(c, "abbreviations.late-definition"))
        return;
    const mn_value *ab = mn_map_get(c->rec, "abbreviations");
    size_t n = mn_value_len(ab);
    if (n > 1000)
        return; /* each scan is bounded by the definition line */
    for (size_t i = 0; i < n; i++) {
        const mn_value *a = mn_list_at(ab, i);
        const char *abbr = mn_map_get_str(a, "abbr");
        if (!abbr || !mn_map_get_str(a, "expansion") || abbr_known(c, a))
            continue;
        unsigned col = 1, def = line_of(a);
        unsigned used = first_use(c->doc, abbr, def, &col);
        if (used) {
            char where[32];
            snprintf(where, sizeof where, "%u", def);
            const char *vars[] = {"abbr", abbr, "definition_line", where, NULL};
            mn_c_emit(c, "abbreviations.late-definition", used, col, vars);
        }
    }
}

/* ---- actions ------------------------------------------------------------ */

/* An attendee's name or abbreviation and nothing else ("Action: Sam Roe"):
 * the extraction reads it as an ownerless task. */
static const char *
bare_attendee(const mn_cctx *c, const char *text)
{
    const mn_value *att = mn_map_get(c->rec, "attendees");
    char t[128];
    size_t n = 0;
    for (const char *p = text; p && *p && n + 1 < sizeof t; p++)
        t[n++] = *p;
    while (n && strchr(" .:;,-", t[n - 1]))
        n--;
    t[n] = '\0';
    for (size_t i = 0; n && i < mn_value_len(att); i++) {
        const mn_value *a = mn_list_at(att, i);
        if (ieq(mn_map_get_str(a, "name"), t) ||
            ieq(mn_map_get_str(a, "abbr"), t))
            return mn_map_get_str(a, "name");
    }
    return NULL;
}

static void
check_action_no_owner(mn_cctx *c)
{
    const mn_value *acts = mn_map_get(c->rec, "actions");
    for (size_t i = 0; i < mn_value_len(acts); i++) {
        const mn_value *a = mn_list_at(acts, i);
        const char *text = mn_map_get_str(a, "text");
        if (mn_map_get_str(a, "owner") || bare_attendee(c, text))
            continue;
        const char *vars[] = {"text", text ? text : "", NULL};
        emit_at(c, "actions.no-owner", line_of(a), text, vars);
    }
}

static void
check_action_no_task(mn_cctx *c)
{
    const mn_value *acts = mn_map_get(c->rec, "actions");
    for (size_t i = 0; i < mn_value_len(acts); i++) {
        const mn_value *a = mn_list_at(acts, i);
        const char *text = mn_map_get_str(a, "text");
        const char *owner = mn_map_get_str(a, "owner");
        const char *bare = owner ? NULL : bare_attendee(c, text);
        size_t letters = 0;
        for (const char *p = text; p && *p; p++)
            letters += isalpha((unsigned char)*p) != 0;
        if (!bare && (letters >= 3 || mn_value_len(mn_map_get(a, "items"))))
            continue;
        const char *who = owner ? owner : bare ? bare : "";
        const char *vars[] = {"owner", who, NULL};
        emit_at(c, "actions.no-task", line_of(a), who, vars);
    }
}

/* "the Force" -> "Force"; compare case-insensitively against a list. */
static bool
known_owner(const mn_cctx *c, const char *owner)
{
    if (!strncasecmp(owner, "the ", 4))
        owner += 4;
    if (!strncasecmp(owner, "all ", 4) || !strcasecmp(owner, "all"))
        return true; /* "All sites", "All members" */
    size_t letters = 0;
    for (const char *p = owner; *p; p++)
        letters += isalpha((unsigned char)*p) != 0;
    if (!letters)
        return true; /* "??": a placeholder, not a name to check */
    const char *const *v = NULL;
    size_t n = mn_c_setting(c, "checks.known_owners", &v);
    for (size_t i = 0; i < n; i++)
        if (ieq(v[i], owner))
            return true;
    n = mn_ruleset_setting(c->rs, "core", "checks.known_owners", &v);
    for (size_t i = 0; i < n; i++)
        if (ieq(v[i], owner))
            return true;
    return false;
}

static bool
owner_is_attendee(const mn_cctx *c, const char *owner)
{
    const mn_value *att = mn_map_get(c->rec, "attendees");
    for (size_t i = 0; i < mn_value_len(att); i++) {
        const mn_value *a = mn_list_at(att, i);
        const char *name = mn_map_get_str(a, "name");
        if (ieq(name, owner) || ieq(mn_map_get_str(a, "abbr"), owner) ||
            ieq(mn_map_get_str(a, "role"), owner))
            return true;
        /* "Jane" or "Doe" for "Jane Doe" */
        size_t n = strlen(owner);
        const char *hit = name && n >= 3 ? strstr(name, owner) : NULL;
        if (hit && (hit == name || hit[-1] == ' ') &&
            (hit[n] == ' ' || !hit[n]))
            return true;
    }
    return false;
}

static bool
owner_is_defined_abbr(const mn_cctx *c, const char *owner)
{
    const mn_value *ab = mn_map_get(c->rec, "abbreviations");
    for (size_t i = 0; i < mn_value_len(ab); i++) {
        const mn_value *a = mn_list_at(ab, i);
        if (ieq(mn_map_get_str(a, "abbr"), owner) &&
            (mn_map_get_str(a, "expansion") || abbr_known(c, a)))
            return true;
    }
    return mn_c_known_abbr(c, owner);
}

static void
check_action_unknown_owner(mn_cctx *c)
{
    const mn_value *acts = mn_map_get(c->rec, "actions");
    if (!mn_value_as_bool(mn_map_get(c->rec, "attendance_recorded")))
        return; /* nobody to compare with */
    for (size_t i = 0; i < mn_value_len(acts); i++) {
        const mn_value *a = mn_list_at(acts, i);
        const char *owner = mn_map_get_str(a, "owner");
        if (!owner || mn_map_get_str(a, "owner_ref") ||
            owner_is_attendee(c, owner) || owner_is_defined_abbr(c, owner) ||
            known_owner(c, owner))
            continue;
        const char *vars[] = {"owner", owner, NULL};
        emit_at(c, "actions.unknown-owner", line_of(a), owner, vars);
    }
}

static bool
contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (!strncasecmp(p, needle, n))
            return true;
    return false;
}

static bool
is_summary_title(const char *t)
{
    static const char *const words[] = {
        "summary of action",   "actions arising", "action log",
        "schedule of actions", "actions agreed",  NULL};
    for (size_t i = 0; t && words[i]; i++)
        if (contains_ci(t, words[i]))
            return true;
    return false;
}

/* The first top-level section titled like a summary of actions, with the
 * line where it starts and where the next top-level section starts. */
static bool
summary_range(const mn_cctx *c, unsigned *from, unsigned *to)
{
    const mn_value *top = mn_map_get(c->rec, "sections");
    for (size_t i = 0; i < mn_value_len(top); i++) {
        const mn_value *s = mn_list_at(top, i);
        if (!is_summary_title(mn_map_get_str(s, "title")))
            continue;
        *from = line_of(s);
        *to = i + 1 < mn_value_len(top) ? line_of(mn_list_at(top, i + 1)) : 0;
        return true;
    }
    return false;
}

/* Blocks of the summary section that any `action` rule matches. */
static size_t
summary_action_lines(mn_cctx *c, unsigned from, unsigned to, unsigned *first)
{
    const mn_rule *const *rules = NULL;
    size_t nr = mn_ruleset_active(c->rs, c->profile, &rules), n = 0;
    size_t nb = mn_doc_block_count(c->doc);
    for (size_t i = 0; i < nb; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        if (b->pos.line <= from)
            continue;
        if (to && b->pos.line >= to)
            break;
        for (size_t k = 0; k < nr; k++) {
            mn_match mt;
            if (strcmp(mn_rule_kind(rules[k]), "action") != 0 ||
                !mn_rule_applies(rules[k], b->kind) ||
                mn_matcher_exec(c->m, rules[k], b->text, b->len, 0, &mt) != 1)
                continue;
            *first = n ? *first : b->pos.line;
            n++;
            break;
        }
    }
    return n;
}

static long
count_word(const char *w)
{
    static const char *const words[] = {
        "one",   "two",  "three", "four",   "five",   "six", "seven",
        "eight", "nine", "ten",   "eleven", "twelve", NULL};
    for (long i = 0; words[i]; i++)
        if (!strcasecmp(w, words[i]))
            return i + 1;
    char *end = NULL;
    long v = strtol(w, &end, 10);
    return end != w && !*end ? v : -1;
}

/* "the three actions agreed": the rule's pattern finds the announced
 * count, compared with the actions recorded. */
static void
announced_count(mn_cctx *c)
{
    const mn_rule *r = mn_c_rule(c, "actions.summary-mismatch");
    size_t nb = mn_doc_block_count(c->doc);
    size_t found = mn_value_len(mn_map_get(c->rec, "actions"));
    for (size_t i = 0; r && i < nb; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        mn_match mt;
        if (!mn_rule_applies(r, b->kind) ||
            mn_matcher_exec(c->m, r, b->text, b->len, 0, &mt) != 1)
            continue;
        const mn_capture *k = mn_match_capture(&mt, "count");
        char *w = k ? mn_xstrndup(b->text + k->start, k->len) : NULL;
        long said = w ? count_word(w) : -1;
        free(w);
        if (said < 0 || (size_t)said == found)
            continue;
        char s[24], f[24];
        snprintf(s, sizeof s, "%ld", said);
        snprintf(f, sizeof f, "%zu", found);
        const char *vars[] = {"summary", s, "body", f, NULL};
        mn_pos p = mn_block_locate(b, mt.start);
        mn_c_emit(c, "actions.summary-mismatch", p.line, p.col ? p.col : 1,
                  vars);
        return;
    }
}

/* Actions restated under a "Summary of actions" section should be the
 * ones recorded in the body: compare the counts. */
static void
check_action_summary(mn_cctx *c)
{
    unsigned from, to, first = 0;
    if (!summary_range(c, &from, &to)) {
        announced_count(c);
        return;
    }
    size_t in_summary = summary_action_lines(c, from, to, &first);
    const mn_value *acts = mn_map_get(c->rec, "actions");
    size_t in_body = 0;
    for (size_t i = 0; i < mn_value_len(acts); i++) {
        unsigned l = line_of(mn_list_at(acts, i));
        in_body += l < from || (to && l >= to);
    }
    if (!in_summary || !in_body || in_summary == in_body)
        return;
    char s[24], b[24];
    snprintf(s, sizeof s, "%zu", in_summary);
    snprintf(b, sizeof b, "%zu", in_body);
    const char *vars[] = {"summary", s, "body", b, NULL};
    mn_c_emit(c, "actions.summary-mismatch", first, 1, vars);
}

/* ---- people ------------------------------------------------------------- */

/* A name without honorifics, lower-cased: "Cllr Jane Doe" -> "jane doe". */
static void
plain_name(const char *name, char *out, size_t size)
{
    static const char *const titles[] = {
        "cllr ",      "councillor ", "mr ",   "mrs ",  "ms ",
        "miss ",      "dr ",         "sir ",  "dame ", "prof ",
        "professor ", "mr. ",        "mrs. ", "dr. ",  NULL};
    bool again = true;
    for (int guard = 0; again && guard < 4; guard++) {
        again = false;
        for (size_t i = 0; titles[i]; i++)
            if (!strncasecmp(name, titles[i], strlen(titles[i]))) {
                name += strlen(titles[i]);
                again = true;
            }
    }
    size_t n = 0;
    for (const char *p = name; *p && n + 1 < size; p++)
        out[n++] = (char)tolower((unsigned char)*p);
    out[n] = '\0';
}

/* Two spellings of one person: both have a space (first and last name),
 * they differ, and are one edit apart (two for long names). */
static bool
near_same_person(const char *a, const char *b)
{
    char pa[128], pb[128];
    plain_name(a, pa, sizeof pa);
    plain_name(b, pb, sizeof pb);
    if (!strchr(pa, ' ') || !strchr(pb, ' ') || !strcmp(pa, pb) ||
        pa[0] != pb[0])
        return false;
    size_t len = strlen(pa) < strlen(pb) ? strlen(pa) : strlen(pb);
    size_t max = len >= 12 ? 2 : 1;
    return len >= 6 && mn_strdist(pa, pb, max) <= max;
}

static void
check_near_duplicate(mn_cctx *c)
{
    const mn_value *att = mn_map_get(c->rec, "attendees");
    size_t n = mn_value_len(att);
    if (n > MAX_PEOPLE)
        n = MAX_PEOPLE;
    for (size_t i = 1; i < n; i++) {
        const mn_value *a = mn_list_at(att, i);
        const char *na = mn_map_get_str(a, "name");
        for (size_t j = 0; na && j < i; j++) {
            const char *nb = mn_map_get_str(mn_list_at(att, j), "name");
            if (nb && near_same_person(na, nb)) {
                const char *vars[] = {"name", na, "other", nb, NULL};
                emit_at(c, "people.near-duplicate", line_of(a), na, vars);
                break;
            }
        }
    }
    body_mentions(c, att, n);
    const mn_value *m = mn_map_get(c->rec, "meeting");
    const char *chair = mn_map_get_str(m, "chair");
    char pc[128], pn[128];
    plain_name(chair ? chair : "", pc, sizeof pc);
    for (size_t j = 0; chair && j < n; j++) {
        const char *nb = mn_map_get_str(mn_list_at(att, j), "name");
        plain_name(nb ? nb : "", pn, sizeof pn);
        if (!strcmp(pc, pn))
            return; /* the chair is an attendee as written */
    }
    for (size_t j = 0; chair && j < n; j++) {
        const char *nb = mn_map_get_str(mn_list_at(att, j), "name");
        if (nb && near_same_person(chair, nb)) {
            const char *vars[] = {"name", chair, "other", nb, NULL};
            emit_at(c, "people.near-duplicate", 1, chair, vars);
            break;
        }
    }
}

/* Start of a name once honorifics are skipped ("Councillor Maya Ferris"
 * -> "Maya Ferris"). */
static const char *
skip_titles(const char *name)
{
    static const char *const titles[] = {"Cllr ", "Councillor ", "Mr ", "Mrs ",
                                         "Ms ",   "Miss ",       "Dr ", "Sir ",
                                         "Dame ", "Professor ",  NULL};
    for (size_t i = 0; titles[i]; i++)
        if (!strncmp(name, titles[i], strlen(titles[i])))
            return name + strlen(titles[i]);
    return name;
}

static bool
is_surname_of_attendee(const mn_value *att, const char *w)
{
    for (size_t i = 0; i < mn_value_len(att); i++) {
        const char *n = mn_map_get_str(mn_list_at(att, i), "name");
        const char *sp = n ? strrchr(n, ' ') : NULL;
        if (sp && !strcmp(sp + 1, w))
            return true;
    }
    return false;
}

/* "Maya Ferriss" in the text when the attendee is "Maya Ferris": the
 * first name as written, then a surname one edit away. */
static void
body_mentions(mn_cctx *c, const mn_value *att, size_t n)
{
    for (size_t i = 0; i < n && i < 100; i++) {
        const char *full = mn_map_get_str(mn_list_at(att, i), "name");
        const char *name = full ? skip_titles(full) : NULL;
        const char *sp = name ? strchr(name, ' ') : NULL;
        if (!sp || strchr(sp + 1, ' ') || strlen(sp + 1) < 4)
            continue;
        size_t flen = (size_t)(sp - name);
        char first[64];
        if (flen + 2 > sizeof first)
            continue;
        memcpy(first, name, flen);
        first[flen] = ' ';
        first[flen + 1] = '\0';
        size_t nb = mn_doc_block_count(c->doc);
        for (size_t bi = 0; bi < nb; bi++) {
            const mn_block *b = mn_doc_block(c->doc, bi);
            for (const char *p = strstr(b->text, first); p;
                 p = strstr(p + 1, first)) {
                const char *w = p + flen + 1;
                size_t wl = 0;
                while (isalpha((unsigned char)w[wl]) || w[wl] == '-' ||
                       w[wl] == '\'')
                    wl++;
                char word[64];
                if (wl < 4 || wl >= sizeof word)
                    continue;
                memcpy(word, w, wl);
                word[wl] = '\0';
                if (!strcmp(word, sp + 1) ||
                    is_surname_of_attendee(att, word) ||
                    mn_strdist(word, sp + 1, 1) > 1)
                    continue;
                char *seen = mn_xstrndup(p, flen + 1 + wl);
                const char *vars[] = {"name", seen, "other", full, NULL};
                mn_pos pos = mn_block_locate(b, (size_t)(p - b->text));
                mn_c_emit(c, "people.near-duplicate", pos.line,
                          pos.col ? pos.col : 1, vars);
                free(seen);
                return; /* one per document is enough to prompt a search */
            }
        }
    }
}

static void
check_present_and_apologies(mn_cctx *c)
{
    const mn_value *att = mn_map_get(c->rec, "attendees");
    size_t n = mn_value_len(att);
    if (n > MAX_PEOPLE)
        n = MAX_PEOPLE;
    for (size_t i = 0; i < n; i++) {
        const mn_value *a = mn_list_at(att, i);
        if (!ieq(mn_map_get_str(a, "status"), "apologies"))
            continue;
        char pa[128], pb[128];
        plain_name(mn_map_get_str(a, "name") ? mn_map_get_str(a, "name") : "",
                   pa, sizeof pa);
        for (size_t j = 0; *pa && j < n; j++) {
            const mn_value *b = mn_list_at(att, j);
            const char *st = mn_map_get_str(b, "status");
            if (!ieq(st, "present") && !ieq(st, "in_attendance"))
                continue;
            plain_name(mn_map_get_str(b, "name") ? mn_map_get_str(b, "name")
                                                 : "",
                       pb, sizeof pb);
            if (!strcmp(pa, pb)) {
                const char *vars[] = {"name", mn_map_get_str(a, "name"), NULL};
                emit_at(c, "people.present-and-apologies", line_of(a),
                        mn_map_get_str(a, "name"), vars);
                break;
            }
        }
    }
}

/* The first use of `role` as a word of its own (not inside "T/CC"). */
static bool
find_word(const mn_doc *doc, const char *w, unsigned *line, unsigned *col)
{
    size_t n = strlen(w), nb = mn_doc_block_count(doc);
    for (size_t i = 0; i < nb; i++) {
        const mn_block *b = mn_doc_block(doc, i);
        for (const char *p = strstr(b->text, w); p; p = strstr(p + 1, w)) {
            char before = (char)(p > b->text ? p[-1] : ' ');
            char after = p[n];
            if (isalnum((unsigned char)before) || before == '/' ||
                before == '-' || isalnum((unsigned char)after) ||
                after == '/' || after == '-')
                if (!(after == 's' && !isalnum((unsigned char)p[n + 1])))
                    continue;
            mn_pos pos = mn_block_locate(b, (size_t)(p - b->text));
            *line = pos.line;
            *col = pos.col ? pos.col : 1;
            return true;
        }
    }
    return false;
}

static void
check_role_abbreviation(mn_cctx *c)
{
    const mn_value *att = mn_map_get(c->rec, "attendees");
    size_t n = mn_value_len(att);
    for (size_t i = 0; i < n && i < MAX_PEOPLE; i++) {
        const mn_value *a = mn_list_at(att, i);
        const char *abbr = mn_map_get_str(a, "abbr");
        const char *slash = abbr ? strchr(abbr, '/') : NULL;
        if (!slash || slash - abbr > 2 || strlen(slash + 1) < 2 ||
            attendee_abbr(c, slash + 1))
            continue;
        unsigned line, col;
        if (!find_word(c->doc, slash + 1, &line, &col))
            continue;
        const char *name = mn_map_get_str(a, "name");
        const char *vars[] = {"role", slash + 1,        "holder", abbr,
                              "name", name ? name : "", NULL};
        mn_c_emit(c, "people.role-abbreviation", line, col, vars);
    }
}

/* ---- archive ------------------------------------------------------------ */

static void
check_archive_names(mn_cctx *c)
{
    const mn_value *att = mn_map_get(c->rec, "attendees");
    for (size_t i = 0; i < mn_value_len(att) && i < MAX_PEOPLE; i++) {
        const mn_value *a = mn_list_at(att, i);
        const char *name = mn_map_get_str(a, "name");
        const mn_archive_entry *hit = NULL;
        for (size_t k = 0; name && k < c->cfg->nnames; k++) {
            const mn_archive_entry *e = &c->cfg->names[k];
            if (!strcmp(e->path, c->file))
                continue;
            if (!strcmp(e->key, name)) {
                hit = NULL; /* spelled this way elsewhere too: fine */
                break;
            }
            if (!hit && near_same_person(name, e->key))
                hit = e;
        }
        if (!hit)
            continue;
        char where[1024];
        snprintf(where, sizeof where, "%s:%u", hit->path, hit->line);
        const char *vars[] = {"name",  name,  "other", hit->key,
                              "where", where, NULL};
        emit_at(c, "archive.name-spelling", line_of(a), name, vars);
    }
}

/* Letters only, lower case: "Anti-social behaviour" == "anti social
 * behaviour". */
static bool
same_words(const char *a, const char *b)
{
    for (;;) {
        while (*a && !isalnum((unsigned char)*a))
            a++;
        while (*b && !isalnum((unsigned char)*b))
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
        a++;
        b++;
    }
}

static void
check_archive_abbreviations(mn_cctx *c)
{
    const mn_value *ab = mn_map_get(c->rec, "abbreviations");
    for (size_t i = 0; i < mn_value_len(ab); i++) {
        const mn_value *a = mn_list_at(ab, i);
        const char *abbr = mn_map_get_str(a, "abbr");
        const char *exp = mn_map_get_str(a, "expansion");
        const mn_archive_entry *hit = NULL;
        for (size_t k = 0; abbr && exp && k < c->cfg->nabbrs; k++) {
            const mn_archive_entry *e = &c->cfg->abbrs[k];
            if (strcmp(e->key, abbr) != 0 || !strcmp(e->path, c->file))
                continue;
            if (same_words(e->value, exp)) {
                hit = NULL;
                break;
            }
            hit = hit ? hit : e;
        }
        if (!hit)
            continue;
        char where[1024];
        snprintf(where, sizeof where, "%s:%u", hit->path, hit->line);
        const char *vars[] = {"abbr",     abbr,    "expansion", exp, "other",
                              hit->value, "where", where,       NULL};
        emit_at(c, "archive.abbreviation-expansion", line_of(a), abbr, vars);
    }
}

/* ---- table -------------------------------------------------------------- */

static const mn_code_check record_checks[] = {
    {"sections.numbering-gap", check_numbering_gap},
    {"sections.numbering-repeat", check_numbering_repeat},
    {"sections.numbering-order", check_numbering_order},
    {"sections.unnumbered-heading", check_unnumbered_heading},
    {"sections.numbering-style", check_numbering_style},
    {"sections.empty", check_empty_sections},
    {"structure.missing-date", check_missing_date},
    {"structure.missing-attendance", check_missing_attendance},
    {"structure.missing-chair", check_missing_chair},
    {"structure.missing-next-meeting", check_missing_next},
    {"dates.no-year", check_no_year},
    {"abbreviations.undefined", check_abbr_undefined},
    {"abbreviations.typo", check_abbr_typo},
    {"abbreviations.late-definition", check_abbr_late},
    {"actions.no-owner", check_action_no_owner},
    {"actions.no-task", check_action_no_task},
    {"actions.unknown-owner", check_action_unknown_owner},
    {"actions.summary-mismatch", check_action_summary},
    {"people.near-duplicate", check_near_duplicate},
    {"people.present-and-apologies", check_present_and_apologies},
    {"people.role-abbreviation", check_role_abbreviation},
    {"archive.name-spelling", check_archive_names},
    {"archive.abbreviation-expansion", check_archive_abbreviations},
};

size_t
mn_check_record_table(const mn_code_check **out)
{
    *out = record_checks;
    return sizeof record_checks / sizeof record_checks[0];
}
