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

#define MAX_PEOPLE 500
#define MAX_TOKEN 32

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

/* Is the profile named in a space-separated list (the rule's
 * `set: {profiles: ...}`)? No list means every profile. */
static bool
required_here(const mn_cctx *c, const char *id)
{
    const mn_rule *r = mn_c_rule(c, id);
    for (size_t i = 0; r && i < mn_rule_set_count(r); i++) {
        const char *k, *v;
        mn_rule_set_at(r, i, &k, &v);
        if (strcmp(k, "profiles") != 0)
            continue;
        size_t n = strlen(c->profile);
        for (const char *p = v; (p = strstr(p, c->profile)) != NULL; p += n)
            if ((p == v || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
                return true;
        return false;
    }
    return true;
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
    const mn_value *top = mn_map_get(c->rec, "sections");
    size_t numbered = 0, n = mn_value_len(top);
    for (size_t i = 0; i < n; i++)
        numbered += number_value(mn_map_get_str(mn_list_at(top, i),
                                                "number")) >= 0;
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
            emit_at(c, "sections.unnumbered-heading", line_of(s), title,
                    vars);
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
        if (*p == '.' || *p == ')' || *p == ':')
            return *p;
        if (*p == '-' || !strncmp(p, "\xe2\x80\x93", 3))
            return '-';
        return ' ';
    }
    return 0;
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
            char a[2] = {first, 0}, b[2] = {st, 0};
            const char *vars[] = {"number", num, "style", b, "first", a,
                                  NULL};
            emit_at(c, "sections.numbering-style", line_of(s), num, vars);
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
flatten(const mn_value *list, flat_sec **v, size_t *n, size_t *cap,
        int depth)
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
    if (!required_here(c, "sections.empty"))
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
    if (!present && required_here(c, id)) {
        const char *vars[] = {"profile", c->profile, NULL};
        mn_c_emit(c, id, 1, 1, vars);
    }
}

static void
check_missing_date(mn_cctx *c)
{
    const mn_value *m = mn_map_get(c->rec, "meeting");
    require(c, "structure.missing-date",
            mn_map_get_str(m, "date") || mn_map_get_str(m, "date_text"));
}

static void
check_missing_attendance(mn_cctx *c)
{
    require(c, "structure.missing-attendance",
            mn_value_as_bool(mn_map_get(c->rec, "attendance_recorded")));
}

static void
check_missing_chair(mn_cctx *c)
{
    require(c, "structure.missing-chair",
            mn_map_get_str(mn_map_get(c->rec, "meeting"), "chair") != NULL);
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

static void
no_year(mn_cctx *c, const mn_value *m, const char *line_key)
{
    const char *text = mn_map_get_str(m, "date_text");
    if (!text || has_year(text))
        return;
    unsigned line = (unsigned)mn_value_as_int(mn_map_get(m, line_key));
    const char *vars[] = {"date", text, NULL};
    emit_at(c, "dates.no-year", line ? line : 1, text, vars);
}

static void
check_no_year(mn_cctx *c)
{
    const mn_value *m = mn_map_get(c->rec, "meeting");
    no_year(c, m, "date_line");
    no_year(c, mn_map_get(m, "next_meeting"), "line");
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

static bool
abbr_known(const mn_cctx *c, const mn_value *a)
{
    const char *abbr = mn_map_get_str(a, "abbr");
    return mn_value_as_bool(mn_map_get(a, "known")) ||
           mn_c_known_abbr(c, abbr) || attendee_abbr(c, abbr);
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
        if (mn_c_distance(abbr, other, 1) == 1)
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
    if (!required_here(c, "abbreviations.undefined"))
        return;
    const mn_value *ab = mn_map_get(c->rec, "abbreviations");
    for (size_t i = 0; i < mn_value_len(ab); i++) {
        const mn_value *a = mn_list_at(ab, i);
        const char *abbr = mn_map_get_str(a, "abbr");
        /* A typo or an unknown action owner is reported by its own check. */
        if (!is_undefined_unknown(c, a) || near_defined(c, abbr) ||
            is_action_owner(c, abbr))
            continue;
        const char *vars[] = {"abbr", abbr, NULL};
        emit_at(c, "abbreviations.undefined", line_of(a), abbr, vars);
    }
}

static void
check_abbr_typo(mn_cctx *c)
{
    if (!required_here(c, "abbreviations.typo"))
        return;
    const mn_value *ab = mn_map_get(c->rec, "abbreviations");
    for (size_t i = 0; i < mn_value_len(ab); i++) {
        const mn_value *a = mn_list_at(ab, i);
        const char *abbr = mn_map_get_str(a, "abbr");
        const char *other = is_undefined_unknown(c, a) ? near_defined(c, abbr)
                                                       : NULL;
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
        for (const char *p = strstr(b->text, abbr); p; p = strstr(p + 1, abbr)) {
            char before = p > b->text ? p[-1] : ' ';
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
    if (!required_here(c, "abbreviations.late-definition"))
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
            const char *vars[] = {"abbr", abbr, "definition_line", where,
                                  NULL};
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
    static const char *const words[] = {"summary of action", "actions arising",
                                        "action log", "schedule of actions",
                                        "actions agreed", NULL};
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
        *to = i + 1 < mn_value_len(top) ? line_of(mn_list_at(top, i + 1))
                                         : 0;
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

/* Actions restated under a "Summary of actions" section should be the
 * ones recorded in the body: compare the counts. */
static void
check_action_summary(mn_cctx *c)
{
    unsigned from, to, first = 0;
    if (!summary_range(c, &from, &to))
        return;
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
        "cllr ", "councillor ", "mr ", "mrs ", "ms ", "miss ", "dr ",
        "sir ", "dame ", "prof ", "professor ", "mr. ", "mrs. ", "dr. ", NULL};
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
    return len >= 6 && mn_c_distance(pa, pb, max) <= max;
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
    const mn_value *m = mn_map_get(c->rec, "meeting");
    const char *chair = mn_map_get_str(m, "chair");
    for (size_t j = 0; chair && j < n; j++) {
        const char *nb = mn_map_get_str(mn_list_at(att, j), "name");
        if (nb && near_same_person(chair, nb)) {
            const char *vars[] = {"name", chair, "other", nb, NULL};
            emit_at(c, "people.near-duplicate", 1, chair, vars);
            break;
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
                const char *vars[] = {"name", mn_map_get_str(a, "name"),
                                      NULL};
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
            char before = p > b->text ? p[-1] : ' ';
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
        const char *vars[] = {"role", slash + 1, "holder", abbr, "name",
                              name ? name : "", NULL};
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
        const char *vars[] = {"name", name, "other", hit->key, "where", where,
                              NULL};
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
        const char *vars[] = {"abbr", abbr, "expansion", exp,
                              "other", hit->value, "where", where, NULL};
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
