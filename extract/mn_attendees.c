/*
 * Attendees pass: finds attendance lists (a label such as "Present:", or the
 * unlabelled list after "Chair:"), splits inline runs into one text per
 * person, and parses each with the `attendee` rules. The rules say how a
 * person line is written; this file knows what is true of every list: where
 * it ends, what a bracketed token really is, what makes a rank acting.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_extract_int.h"
#include "mn_limits.h"
#include "mn_xlines.h"

#define MAX_CHUNKS     512 /* people in one inline run */
#define MAX_CHUNK      400 /* bytes of one person's text */
#define MAX_COLUMNS    32  /* attendee table columns */
#define MAX_NAME_WORDS 12  /* longest name/role split we try */

enum field { F_NONE, F_NAME, F_ABBR, F_ORG, F_ROLE, F_COUNT };

typedef struct person {
    char *name, *role, *abbr, *org, *note;
} person;

typedef struct table_state {
    unsigned table, row;
    bool is_attendees;
    unsigned char col_field[MAX_COLUMNS + 1];
    char *cell[F_COUNT];
    unsigned line;
} table_state;

typedef struct list_state {
    bool active;
    bool dedupe;   /* skip people already listed with this status */
    bool implicit; /* after "Chair:": only structured lines follow */
    bool vertical; /* one person per line: no splitting at commas */
    const char *status;
    size_t count;
    table_state t;
    size_t row_bi;                    /* cell the last person came from, or 0 */
    unsigned row_table, row, row_col; /* its table, row and column */
} list_state;

/* ---- small text helpers ---------------------------------------------- */

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool
is_cont(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

/* Is the character s[0..len) one of strip's characters? Whole characters
 * only: stripping the bytes of "•" one by one would also eat the tails of
 * other characters and leave invalid UTF-8. */
static bool
in_strip(const char *s, size_t len, const char *strip)
{
    for (const char *p = strip; *p;) {
        size_t n = 1;
        while (p[n] && is_cont(p[n]))
            n++;
        if (n == len && memcmp(p, s, len) == 0)
            return true;
        p += n;
    }
    return false;
}

static char *
dup_trim(const char *s, size_t n, const char *strip)
{
    size_t a = 0, e = n;
    while (a < e) {
        size_t cl = 1;
        while (a + cl < e && is_cont(s[a + cl]))
            cl++;
        if (!is_space(s[a]) && !in_strip(s + a, cl, strip))
            break;
        a += cl;
    }
    while (e > a) {
        size_t cs = e - 1;
        while (cs > a && is_cont(s[cs]))
            cs--;
        if (!is_space(s[e - 1]) && !in_strip(s + cs, e - cs, strip))
            break;
        e = cs;
    }
    return mn_xstrndup(s + a, e - a);
}

static char *
cap_text(const char *s, const mn_match *mt, const char *name)
{
    const mn_capture *c = mn_match_capture(mt, name);
    if (!c)
        return NULL;
    char *v = dup_trim(s + c->start, c->len, "");
    if (!*v) {
        free(v);
        return NULL;
    }
    return v;
}

static bool
starts_with_ci(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncasecmp(s, prefix, n) == 0;
}

/* Does `s` contain `word` as a whole word (ASCII, case-insensitive)? */
static bool
has_word_ci(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = s; *p; p++) {
        if (strncasecmp(p, word, n) != 0)
            continue;
        bool left = p == s || !isalpha((unsigned char)p[-1]);
        bool right = !isalpha((unsigned char)p[n]);
        if (left && right)
            return true;
    }
    return false;
}

/* First active rule of `kind` matching s[0..len) (not a block's text). */
static const mn_rule *
match_text(mn_xctx *x, const char *kind, const char *s, size_t len,
           mn_match *mt)
{
    size_t nr = 0;
    const mn_rule *const *rules = mn_x_rules_of_kind(x, kind, &nr);
    for (size_t ri = 0; ri < nr; ri++)
        if (mn_matcher_exec(x->m, rules[ri], s, len, 0, mt) == 1)
            return rules[ri];
    return NULL;
}

/* ---- what a bracketed token is ------------------------------------------ */

static bool is_title_word(const char *w, size_t n);

/* "PCC", "T/CC", "T/ DCC", "SMc", "JPC", "NM": short, starts upper case,
 * letters and slashes only, at least two capitals. */
static bool
abbr_like(const char *t)
{
    size_t n = strlen(t), caps = 0;
    if (n < 2 || n > 12 || !isupper((unsigned char)t[0]))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (isupper(c))
            caps++;
        else if (c == ' ' && i > 0 && t[i - 1] == '/')
            continue;
        else if (!islower(c) && c != '/' && c != '&' && c != '.')
            return false;
    }
    return caps >= 2;
}

/* First letter of a name after any title ("Cllr Ann Oak" -> 'A'). */
static char
first_letter(const char *name)
{
    const char *s = name;
    for (int i = 0; i < 3; i++) {
        size_t n = strcspn(s, " ");
        if (!s[n] || !is_title_word(s, n))
            break;
        s += n + 1;
    }
    return *s;
}

static bool
org_like(const char *t)
{
    static const char *const words[] = {
        "Council",    "Borough",     "County",     "District", "University",
        "Ltd",        "Limited",     "Inc",        "College",  "Police",
        "Trust",      "Authority",   "Department", "Office",   "Service",
        "Laboratory", "Institute",   "Foundation", "Group",    "Company",
        "Corp",       "Corporation", "GmbH",       "plc",      "LLP",
        "Partnership"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (has_word_ci(t, words[i]))
            return true;
    return false;
}

static bool role_like(const char *t);

/* "Thornbury Vale Police", "Lower Vale District Council": the last word
 * names a body ("Police and Crime Commissioner" ends in a job title). */
static bool
org_tail(const char *t)
{
    const char *last = strrchr(t, ' ');
    last = last ? last + 1 : t;
    return org_like(last);
}

/* Put a bracketed text that is not an abbreviation where it belongs:
 * "(Chair)" a note, "(Ashcombe Borough Council)" the organisation,
 * "(Observer)", "(minutes)", "(Police and Crime Commissioner)" the role. */
static void
place_bracket(person *p, char *t)
{
    char **slot;
    if (has_word_ci(t, "chair") && !starts_with_ci(t, "vice"))
        slot = &p->note;
    else if (org_tail(t) || (org_like(t) && !role_like(t)))
        slot = &p->org;
    else
        slot = &p->role;
    if (!*slot)
        *slot = t;
    else if (!p->role)
        p->role = t;
    else
        free(t);
}

/* The rules capture whatever is in brackets as `abbr` (and a second
 * bracket as `note`); decide what each is. Nothing is "corrected". */
static void
classify_bracket(person *p)
{
    if (p->note && !has_word_ci(p->note, "chair")) {
        char *n = p->note;
        p->note = NULL;
        place_bracket(p, n);
    }
    if (!p->abbr)
        return;
    char *t = p->abbr;
    /* "Ann Lee (TSC)" with no role: a group, not Ann's initials */
    bool initials = p->name && first_letter(p->name) == t[0];
    if (abbr_like(t) && (p->role || initials))
        return;
    p->abbr = NULL;
    place_bracket(p, t);
}

/* "Chief Finance Officer", "Head of Policy": words that make a job title,
 * so the text is a role, not a name or an organisation. */
static bool
role_like(const char *t)
{
    static const char *const words[] = {
        "Commissioner",   "Officer",      "Constable",   "Chief",
        "Director",       "Head",         "Manager",     "Executive",
        "Chair",          "Chairman",     "Chairperson", "Secretary",
        "Clerk",          "Member",       "Lead",        "Adviser",
        "Advisor",        "Analyst",      "Treasurer",   "Inspector",
        "Superintendent", "Deputy",       "Assistant",   "President",
        "Coordinator",    "Co-ordinator", "Presenter",   "Solicitor",
        "Auditor",        "Editor",       "Consultant",  "Representative",
        "Governor",       "Mayor",        "Minutes",     "Scribe",
        "Observer",       "Guest",        "Vice-Chair",  "Co-Chair"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (has_word_ci(t, words[i]))
            return true;
    return false;
}

static bool
chair_word(const char *t)
{
    return t &&
           (strcasecmp(t, "chair") == 0 || strcasecmp(t, "co-chair") == 0 ||
            strcasecmp(t, "chairman") == 0 ||
            strcasecmp(t, "chairperson") == 0);
}

/* Split "Role, Org" at its last comma when what follows is an
 * organisation or an abbreviation ("Chief Executive, OPCC"). */
static void
split_role_org(person *p)
{
    if (!p->role || p->org)
        return;
    char *comma = strrchr(p->role, ',');
    if (!comma)
        return;
    const char *tail = comma + 1;
    while (*tail == ' ')
        tail++;
    if (!*tail || (!org_like(tail) && !abbr_like(tail)))
        return;
    p->org = mn_xstrdup(tail);
    *comma = '\0';
}

/* Shape-5 variants: "(HM) Chair, Police and Crime Commissioner" reads as
 * role "Chair" + organisation; "(SK), Chief Finance Officer, OPCC" as an
 * organisation list. When the "organisation" is a job title, it is the
 * role, and a bare "Chair" is the chair note. */
static void
role_from_org(person *p)
{
    if (!p->org)
        return;
    if (chair_word(p->role) && !p->note && role_like(p->org)) {
        p->note = p->role;
        p->role = p->org;
        p->org = NULL;
        split_role_org(p);
        return;
    }
    if (p->role)
        return;
    size_t first = strcspn(p->org, ",");
    char *head = dup_trim(p->org, first, "");
    if (!role_like(head) || org_like(head)) {
        free(head);
        return;
    }
    p->role = head;
    char *rest = p->org[first] ? dup_trim(p->org + first + 1,
                                          strlen(p->org + first + 1), "")
                               : NULL;
    free(p->org);
    p->org = rest && *rest ? rest : NULL;
    if (!p->org)
        free(rest);
}

/* "Role – rep ACC RJ": a deputising note is not part of the role. */
static void
strip_deputising(char *role)
{
    static const char *const marks[] = {" rep ", " representing ",
                                        " deputising ", " on behalf of "};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        char *m = strstr(role, marks[i]);
        if (!m)
            continue;
        char *e = m;
        while (e > role && (is_space(e[-1]) || e[-1] == '-' ||
                            (unsigned char)e[-1] >= 0x80))
            e--;
        /* only when a dash separated it (the UTF-8 dash bytes are >= 0x80) */
        if (e < m)
            *e = '\0';
    }
}

static bool
is_acting(const person *p)
{
    const char *const fields[] = {p->abbr, p->role};
    for (size_t i = 0; i < 2; i++) {
        const char *f = fields[i];
        if (!f)
            continue;
        if ((f[0] == 'T' || f[0] == 'A') && f[1] == '/')
            return true;
        if (has_word_ci(f, "acting") || has_word_ci(f, "temporary"))
            return true;
    }
    return false;
}

static bool
is_title_word(const char *w, size_t n)
{
    static const char *const titles[] = {"Cllr", "Councillor", "Mr", "Mrs",
                                         "Ms",   "Miss",       "Dr", "Prof",
                                         "Lord", "Lady",       "Sir"};
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
        if (strlen(titles[i]) == n && strncmp(w, titles[i], n) == 0)
            return true;
    return false;
}

/* "Chief Finance Officer Ann Lee (AL)": when the initials spell the last
 * words, those are the name and what precedes them the role. */
static void
split_title_by_initials(person *p)
{
    if (!p->abbr || p->role || !p->name)
        return;
    char caps[8];
    size_t ncaps = 0;
    for (const char *a = p->abbr; *a && ncaps < sizeof caps; a++) {
        if (*a == '/')
            return; /* a rank, not initials */
        if (isupper((unsigned char)*a))
            caps[ncaps++] = *a;
    }
    const char *start[MAX_NAME_WORDS];
    size_t nw = 0;
    for (const char *s = p->name; *s && nw < MAX_NAME_WORDS;) {
        while (*s == ' ')
            s++;
        if (*s)
            start[nw++] = s;
        while (*s && *s != ' ')
            s++;
    }
    if (ncaps < 2 || nw <= ncaps)
        return;
    for (size_t i = 0; i < ncaps; i++)
        if (start[nw - ncaps + i][0] != caps[i])
            return;
    const char *cut = start[nw - ncaps];
    bool only_titles = true;
    for (size_t i = 0; i < nw - ncaps; i++) {
        size_t wl = strcspn(start[i], " ");
        if (!is_title_word(start[i], wl))
            only_titles = false;
    }
    if (only_titles)
        return;
    p->role = dup_trim(p->name, (size_t)(cut - p->name), ",");
    char *name = mn_xstrdup(cut);
    free(p->name);
    p->name = name;
}

static void
person_free(person *p)
{
    free(p->name);
    free(p->role);
    free(p->abbr);
    free(p->org);
    free(p->note);
    memset(p, 0, sizeof *p);
}

/* ---- emitting ------------------------------------------------------------ */

static bool
is_chair(const person *p)
{
    const char *f[] = {p->note, p->role};
    for (size_t i = 0; i < 2; i++) {
        if (!f[i] || starts_with_ci(f[i], "vice"))
            continue;
        if (strcasecmp(f[i], "chair") == 0 ||
            strcasecmp(f[i], "in the chair") == 0 ||
            strcasecmp(f[i], "co-chair") == 0 ||
            strcasecmp(f[i], "chairman") == 0 ||
            strcasecmp(f[i], "chairperson") == 0)
            return true;
    }
    return false;
}

static void
fill_chair(mn_xctx *x, const char *name)
{
    mn_value *meeting = mn_map_get(x->record, "meeting");
    if (meeting && mn_value_is_null(mn_map_get(meeting, "chair")))
        mn_map_set_str(meeting, "chair", name);
}

/* "Apologies were received from A and B" repeating the Apologies list;
 * only the last 1000 people are compared, to stay linear. */
static bool
already_listed(const mn_value *list, const char *name, const char *status)
{
    size_t n = mn_value_len(list);
    for (size_t i = n > 1000 ? n - 1000 : 0; i < n; i++) {
        const mn_value *a = mn_list_at(list, i);
        if (strcmp(mn_map_get_str(a, "name"), name) == 0 &&
            strcmp(mn_map_get_str(a, "status"), status) == 0)
            return true;
    }
    return false;
}

static bool
emit_person(mn_xctx *x, list_state *st, person *p, unsigned line)
{
    mn_value *list = mn_x_list(x, "attendees");
    if (mn_value_len(list) >= MN_MAX_RECORD_ITEMS) {
        if (mn_value_len(list) == MN_MAX_RECORD_ITEMS)
            mn_x_warn(x, line, "more than %d attendees; the rest ignored",
                      MN_MAX_RECORD_ITEMS);
        return false;
    }
    for (char *c = p->name; *c; c++)
        if (*c == '_')
            *c = ' ';
    if (st->dedupe && already_listed(list, p->name, st->status))
        return false;
    mn_value *a = mn_value_map();
    mn_map_set_str(a, "name", p->name);
    mn_map_set_opt(a, "role", p->role);
    mn_map_set_opt(a, "abbr", p->abbr);
    mn_map_set_bool(a, "acting", is_acting(p));
    mn_map_set_str(a, "status", st->status);
    mn_map_set_opt(a, "organisation", p->org);
    mn_map_set_int(a, "line", line);
    mn_list_push(list, a);
    if (is_chair(p))
        fill_chair(x, p->name);
    st->count++;
    return true;
}

/* ---- one person's text -----------------------------------------------------
 */

enum parse_result { P_NONE, P_NOBODY, P_PERSON };

/* Parse s[0..n) as one person. `structured`: require a role or an
 * abbreviation (the list after "Chair:" has no label to vouch for it). */
static enum parse_result
parse_person(mn_xctx *x, const char *s, size_t n, bool structured, person *p)
{
    memset(p, 0, sizeof *p);
    char *t = dup_trim(s, n, ".,;*•·");
    size_t tl = strlen(t);
    for (size_t i = 0; i < tl; i++)
        if (t[i] == '_') /* scribe.perl writes First_Last */
            t[i] = ' ';
    mn_match mt;
    if (match_text(x, "attendee_none", t, tl, &mt)) {
        free(t);
        return P_NOBODY;
    }
    if (tl > MAX_CHUNK || !match_text(x, "attendee", t, tl, &mt)) {
        free(t);
        return P_NONE;
    }
    p->name = cap_text(t, &mt, "name");
    p->role = cap_text(t, &mt, "role");
    p->abbr = cap_text(t, &mt, "abbr");
    p->org = cap_text(t, &mt, "organisation");
    p->note = cap_text(t, &mt, "note");
    free(t);
    if (!p->name) {
        person_free(p);
        return P_NONE;
    }
    split_title_by_initials(p);
    classify_bracket(p);
    if (p->note && !p->role &&
        (!has_word_ci(p->note, "chair") || starts_with_ci(p->note, "vice"))) {
        p->role = p->note;
        p->note = NULL;
    }
    role_from_org(p);
    split_role_org(p);
    if (p->role)
        strip_deputising(p->role);
    if (structured && !p->role && !p->abbr) {
        person_free(p);
        return P_NONE;
    }
    return P_PERSON;
}

/* ---- splitting inline runs -------------------------------------------------
 */

typedef struct chunk {
    size_t start, len;
} chunk;

/* Split s[a..e) at top-level `sep` (outside brackets). */
static size_t
split_at(const char *s, size_t a, size_t e, char sep, chunk *out, size_t max)
{
    size_t n = 0, from = a;
    int depth = 0;
    for (size_t i = a; i <= e && n < max; i++) {
        char c = (char)(i < e ? s[i] : sep);
        if (c == '(')
            depth++;
        else if (c == ')' && depth > 0)
            depth--;
        if (i == e || (c == sep && depth == 0)) {
            out[n].start = from;
            out[n].len = i - from;
            n++;
            from = i + 1;
        }
    }
    return n;
}

static bool
has_top_level(const char *s, size_t a, size_t e, char c)
{
    int depth = 0;
    for (size_t i = a; i < e; i++) {
        if (s[i] == '(')
            depth++;
        else if (s[i] == ')' && depth > 0)
            depth--;
        else if (s[i] == c && depth == 0)
            return true;
    }
    return false;
}

/* Does the text before p end with ")", " - ", "–" or "—"? */
static bool
ends_name(const char *from, const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t back = (size_t)(p - from);
    if (p[-1] == ')')
        return true;
    if (back >= 2 && p[-1] == '-' && p[-2] == ' ')
        return true;
    return back >= 3 && u[-3] == 0xE2 && u[-2] == 0x80 &&
           (u[-1] == 0x93 || u[-1] == 0x94);
}

/* "Cy Ng (CN) Head of Policy and Performance", "Ann Lee – Head of Policy
 * and Performance": words between the bracket or dash that ends the name
 * and the "and" make it part of a role ("Ann (Chair) and Bob" is two). */
static bool
and_inside_role(const char *from, const char *hit)
{
    const char *p = hit;
    while (p > from && !ends_name(from, p))
        p--;
    if (p == from)
        return false;
    for (; p < hit; p++)
        if (isalpha((unsigned char)*p))
            return true;
    return false;
}

/* "Ann, Bob and Carl": the last part of a list may join two names. */
static size_t
split_last_and(const char *s, chunk *c, size_t n, size_t max)
{
    if (n == 0 || n >= max)
        return n;
    chunk *last = &c[n - 1];
    static const char *const joins[] = {" and ", " & "};
    for (size_t j = 0; j < 2; j++) {
        const char *hit = NULL;
        size_t jl = strlen(joins[j]);
        for (size_t i = 0; i + jl <= last->len; i++)
            if (memcmp(s + last->start + i, joins[j], jl) == 0)
                hit = s + last->start + i;
        if (!hit || and_inside_role(s + last->start, hit))
            continue;
        size_t cut = (size_t)(hit - s);
        c[n].start = cut + jl;
        c[n].len = last->start + last->len - c[n].start;
        last->len = cut - last->start;
        return n + 1;
    }
    return n;
}

/* Chunks of one person each; a list of people when `inline_list`. */
static size_t
chunks_of(const char *s, size_t a, size_t e, bool inline_list, chunk *out)
{
    if (has_top_level(s, a, e, ';'))
        return split_at(s, a, e, ';', out, MAX_CHUNKS);
    if (!inline_list) {
        out[0].start = a;
        out[0].len = e - a;
        return 1;
    }
    size_t n = split_at(s, a, e, ',', out, MAX_CHUNKS - 1);
    return split_last_and(s, out, n, MAX_CHUNKS);
}

/* A plural title shared by the list ("Councillors A, B and C"): taken off
 * the first chunk; returns the title each person carries ("Councillor"),
 * or NULL when there is none or it is not a title ("Members"). */
static const char *
take_shared_title(const char *s, chunk *c)
{
    static const struct {
        const char *plural, *single;
    } titles[] = {{"Councillors ", "Councillor"},
                  {"Cllrs ", "Cllr"},
                  {"Cllrs. ", "Cllr"},
                  {"Members ", NULL}};
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        size_t n = strlen(titles[i].plural);
        if (c->len > n && strncmp(s + c->start, titles[i].plural, n) == 0) {
            c->start += n;
            c->len -= n;
            return titles[i].single;
        }
    }
    return NULL;
}

/* "Councillors Ann Hale, Ben Ford": each name gets the shared title, as
 * the same people are named "Councillor Ann Hale" elsewhere. */
static bool
starts_with_title(const char *name)
{
    size_t n = strcspn(name, " ");
    if (n > 0 && name[n - 1] == '.')
        n--;
    return is_title_word(name, n);
}

static void
give_title(person *p, const char *title)
{
    if (!title || !p->name || starts_with_title(p->name))
        return;
    size_t n = strlen(title) + 1 + strlen(p->name) + 1;
    char *name = mn_xmalloc(n);
    snprintf(name, n, "%s %s", title, p->name);
    free(p->name);
    p->name = name;
}

/* Could this chunk of an inline list be a person of its own? A job title
 * ("Chief Finance Officer"), an organisation or a bare abbreviation
 * ("OPCC") cannot: it belongs to the person before it. */
static bool person_like(mn_xctx *x, const char *s, size_t n);

/* "Bob Ray and Cy Ng": either side may be a person. */
static bool
joined_person_like(mn_xctx *x, const char *s, size_t n, bool *joined)
{
    *joined = false;
    static const char *const joins[] = {" and ", " & "};
    for (size_t j = 0; j < 2; j++) {
        size_t jl = strlen(joins[j]);
        for (size_t i = 0; i + jl <= n; i++) {
            if (memcmp(s + i, joins[j], jl) != 0)
                continue;
            /* "Head of Communications and Engagement (DA)" joins words */
            *joined = true;
            return person_like(x, s, i);
        }
    }
    return false;
}

static bool
person_like(mn_xctx *x, const char *s, size_t n)
{
    bool joined;
    bool either = joined_person_like(x, s, n, &joined);
    if (joined && either)
        return true;
    char *t = dup_trim(s, n, ".,;");
    bool bracket = strchr(t, '(') != NULL;
    bool no = !*t || (!bracket && (role_like(t) || org_like(t))) ||
              (!strchr(t, ' ') && abbr_like(t));
    free(t);
    if (no)
        return false;
    person p;
    bool ok = parse_person(x, s, n, false, &p) == P_PERSON;
    person_free(&p);
    return ok;
}

/* "Name, Role (ABBR)", "Name (INIT) Chair, Role", "Name (INIT), Role, Org"
 * are one person, not several: when no chunk after the first could be a
 * person and the whole text parses as one, keep it whole. */
static bool
one_person(mn_xctx *x, const mn_block *b, size_t a, size_t e, chunk *c,
           size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (person_like(x, b->text + c[i].start, c[i].len))
            return false;
    person p;
    bool whole = parse_person(x, b->text + a, e - a, false, &p) == P_PERSON &&
                 (p.role || p.org);
    person_free(&p);
    if (whole) {
        c[0].start = a;
        c[0].len = e - a;
    }
    return whole;
}

/* Parse the people in b->text[a..e). With `all_or_nothing` every chunk must
 * be a person (or "none"), otherwise nothing is emitted: a prose paragraph
 * after a list is not a list. Returns the number of chunks understood. */
static size_t
parse_run(mn_xctx *x, list_state *st, const mn_block *b, size_t a, size_t e,
          bool inline_list, bool all_or_nothing)
{
    chunk *c = mn_xmalloc(MAX_CHUNKS * sizeof *c);
    size_t n = chunks_of(b->text, a, e, inline_list, c);
    if (inline_list) {
        /* judged on the comma parts: "Head of Communications and
         * Engagement (DA)" is one part, not two people */
        chunk *cc = mn_xmalloc(MAX_CHUNKS * sizeof *cc);
        size_t nc = has_top_level(b->text, a, e, ';')
                        ? split_at(b->text, a, e, ';', cc, MAX_CHUNKS)
                        : split_at(b->text, a, e, ',', cc, MAX_CHUNKS);
        if (nc >= 2 && one_person(x, b, a, e, cc, nc)) {
            c[0] = cc[0];
            n = 1;
        }
        free(cc);
    }
    /* "Head of Policy and Performance": an "and" inside a role */
    if (n >= 2 && one_person(x, b, a, e, c, n))
        n = 1;
    const char *title = n > 0 ? take_shared_title(b->text, &c[0]) : NULL;
    person *ps = mn_xcalloc(n ? n : 1, sizeof *ps);
    size_t understood = 0, people = 0;
    for (size_t i = 0; i < n; i++) {
        enum parse_result r = parse_person(x, b->text + c[i].start, c[i].len,
                                           st->implicit, &ps[i]);
        if (r != P_NONE)
            understood++;
        if (r == P_PERSON) {
            people++;
            give_title(&ps[i], title);
        }
    }
    bool ok = understood > 0 && (!all_or_nothing || understood == n);
    for (size_t i = 0; i < n; i++) {
        if (ok && ps[i].name) {
            size_t off = c[i].start;
            while (off < e && is_space(b->text[off]))
                off++;
            emit_person(x, st, &ps[i], mn_x_line(b, off));
        }
        person_free(&ps[i]);
    }
    free(ps);
    free(c);
    (void)people;
    return ok ? understood : 0;
}

/* ---- attendee tables ----------------------------------------------------- */

static void
table_flush(mn_xctx *x, list_state *st)
{
    table_state *t = &st->t;
    if (t->is_attendees && t->cell[F_NAME]) {
        person p = {.name = t->cell[F_NAME],
                    .abbr = t->cell[F_ABBR],
                    .org = t->cell[F_ORG],
                    .role = t->cell[F_ROLE]};
        memset(t->cell, 0, sizeof t->cell);
        /* "¦ Name" rows: a broken bar where the pipe should be */
        emit_person(x, st, &p, t->line);
        person_free(&p);
    }
    for (size_t i = 0; i < F_COUNT; i++) {
        free(t->cell[i]);
        t->cell[i] = NULL;
    }
}

static void
table_reset(mn_xctx *x, list_state *st, unsigned table)
{
    table_flush(x, st);
    memset(&st->t, 0, sizeof st->t);
    st->t.table = table;
}

static enum field
column_field(mn_xctx *x, const mn_block *b)
{
    mn_match mt;
    const mn_rule *r = match_text(x, "attendee_column", b->text, b->len, &mt);
    const char *f = r ? mn_x_rule_set(r, "field") : NULL;
    if (!f)
        return F_NONE;
    if (strcmp(f, "name") == 0)
        return F_NAME;
    if (strcmp(f, "abbr") == 0)
        return F_ABBR;
    if (strcmp(f, "organisation") == 0)
        return F_ORG;
    if (strcmp(f, "role") == 0)
        return F_ROLE;
    return F_NONE;
}

/* A table is an attendee table when its header names a Name column and
 * either a list label precedes it or another person column is present. */
static bool
table_cell(mn_xctx *x, list_state *st, size_t bi, const mn_block *b)
{
    table_state *t = &st->t;
    if (b->table != t->table)
        table_reset(x, st, b->table);
    bool header = b->row == 1 || (b->flags & MN_BF_HEADER_CELL);
    if (header && b->column <= MAX_COLUMNS) {
        enum field f = column_field(x, b);
        t->col_field[b->column] = (unsigned char)f;
        bool name = false, other = false;
        for (size_t c = 1; c <= MAX_COLUMNS; c++) {
            name |= t->col_field[c] == F_NAME;
            other |= t->col_field[c] == F_ABBR || t->col_field[c] == F_ORG;
        }
        t->is_attendees = name && (other || st->active);
        x->block_is_attendance[bi] = t->is_attendees;
        return t->is_attendees;
    }
    if (!t->is_attendees)
        return false;
    if (b->row != t->row) {
        table_flush(x, st);
        t->row = b->row;
        t->line = b->pos.line;
    }
    enum field f = b->column <= MAX_COLUMNS ? t->col_field[b->column] : F_NONE;
    if (f != F_NONE && !t->cell[f]) {
        char *v = dup_trim(b->text, b->len, "¦|");
        if (*v)
            t->cell[f] = v;
        else
            free(v);
    }
    x->block_is_attendance[bi] = true;
    return true;
}

/* ---- the pass ------------------------------------------------------------ */

static void
mark_recorded(mn_xctx *x)
{
    mn_map_set_bool(x->record, "attendance_recorded", true);
}

/* The pieces of a block the pass looks at: one per source line, except
 * that a line ending in "," ";" "&" or "and", or followed by one starting
 * in lower case, runs on ("Present: Ann Lee, Bob Ray,\n Cy Ng"). */
typedef struct unit {
    size_t a, e;
} unit;

static size_t
top_level_commas(const char *s, size_t a, size_t e)
{
    size_t n = 0;
    int depth = 0;
    for (size_t i = a; i < e; i++) {
        if (s[i] == '(')
            depth++;
        else if (s[i] == ')' && depth > 0)
            depth--;
        else if (s[i] == ',' && depth == 0)
            n++;
    }
    return n;
}

/* Does line l continue on the next line? Markdown soft breaks always do
 * (the rendered paragraph is one line); in plain text a line does when it
 * ends in "," ";" "&" or "and", when the next starts in lower case, or
 * when it is a wrapped run of people ("A (A), B (B), Rolf" + "Krahl"). */
static bool
runs_on(mn_xctx *x, const mn_block *b, const mn_xline *l, const mn_xline *next)
{
    if (next->hard_break)
        return false;
    if (mn_doc_format(x->doc) == MN_FORMAT_MARKDOWN)
        return true;
    const char *t = b->text + l->start;
    size_t n = l->len;
    char last = t[n - 1];
    if (last == ',' || last == ';' || last == '&')
        return true;
    if (n >= 4 && strncasecmp(t + n - 4, " and", 4) == 0)
        return true;
    unsigned char c = (unsigned char)b->text[next->start];
    if (islower(c) || c == '(')
        return true;
    return last != ')' && last != '.' &&
           top_level_commas(b->text, l->start, l->start + l->len) >= 2;
}

static unit *
units_of(mn_xctx *x, const mn_block *b, size_t *nu)
{
    size_t n;
    mn_xline *l = mn_x_lines(x, b, &n);
    unit *u = mn_xcalloc(n, sizeof *u);
    *nu = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        while (j + 1 < n && runs_on(x, b, &l[j], &l[j + 1]))
            j++;
        u[*nu].a = l[i].start;
        u[*nu].e = l[j].start + l[j].len;
        (*nu)++;
        i = j;
    }
    free(l);
    return u;
}

enum label { L_NONE, L_IMPLICIT, L_LIST };

/* A label: opens a list (and may hold the list itself). */
static enum label
label_unit(mn_xctx *x, list_state *st, const mn_block *b, size_t a, size_t e)
{
    mn_match mt;
    const mn_rule *r =
        mn_x_match_text(x, "attendance_label", b, b->text + a, e - a, &mt);
    if (!r)
        return L_NONE;
    const char *status = mn_x_rule_set(r, "status");
    const char *implicit = mn_x_rule_set(r, "implicit");
    st->active = true;
    st->status = status ? status : "present";
    st->implicit = implicit && strcmp(implicit, "true") == 0;
    if (st->implicit)
        return L_IMPLICIT; /* "Chair: X" itself is not the list */
    mark_recorded(x);
    const mn_capture *rest = mn_match_capture(&mt, "rest");
    if (rest && rest->len > 0)
        parse_run(x, st, b, a + rest->start, a + rest->start + rest->len, true,
                  false);
    return L_LIST;
}

static bool
ends_list(mn_xctx *x, const mn_block *b, size_t a, size_t e)
{
    mn_match mt;
    return b->kind == MN_BLOCK_HEADING ||
           mn_x_match_text(x, "attendance_end", b, b->text + a, e - a, &mt);
}

static bool
single_word(const mn_block *b, size_t a, size_t e)
{
    for (size_t i = a; i < e; i++)
        if (is_space(b->text[i]) || b->text[i] == '(')
            return false;
    return true;
}

/* A heading inside a list is the list's end unless it reads as a run of
 * people ("Ann Lee (AL), Bo Li (BL)" promoted to a heading by layout). */
static bool
heading_like_list(const mn_block *b, size_t a, size_t e)
{
    return b->kind == MN_BLOCK_HEADING && memchr(b->text + a, '(', e - a) &&
           has_top_level(b->text, a, e, ',');
}

/* scribe.perl's <dd> after "Present"/"Regrets": IRC nicknames and
 * First_Last names separated by commas; "-" or the word "present" itself
 * stand for nobody. Lower-case nicknames are names here because the
 * definition list says what the entries are. */
static size_t
definition_names(mn_xctx *x, list_state *st, const mn_block *b, size_t a,
                 size_t e)
{
    size_t n = 0, s = a;
    unsigned line = mn_x_line(b, a);
    for (size_t i = a; i <= e; i++) {
        if (i < e && b->text[i] != ',')
            continue;
        person p = {0};
        p.name = dup_trim(b->text + s, i - s, ".;");
        bool nobody = !*p.name || strcmp(p.name, "-") == 0 ||
                      strcasecmp(p.name, "present") == 0 ||
                      strlen(p.name) > 60 || strpbrk(p.name, ":()");
        if (!nobody && emit_person(x, st, &p, line))
            n++;
        person_free(&p);
        s = i + 1;
    }
    return n;
}

/* A piece inside an open list: people, or the end of the list. */
static bool
continue_list(mn_xctx *x, list_state *st, const mn_block *b, size_t a, size_t e)
{
    if ((b->flags & MN_BF_DEFINITION) && b->kind == MN_BLOCK_PARAGRAPH &&
        !ends_list(x, b, a, e) && definition_names(x, st, b, a, e) > 0) {
        mark_recorded(x);
        return true;
    }
    bool ends = heading_like_list(b, a, e) ? false : ends_list(x, b, a, e);
    if (ends || (b->kind == MN_BLOCK_PARAGRAPH && !st->vertical &&
                 single_word(b, a, e))) {
        st->active = false;
        return false;
    }
    bool inline_list = b->kind != MN_BLOCK_LIST_ITEM && !st->vertical;
    size_t n = parse_run(x, st, b, a, e, inline_list, true);
    if (n == 0 && st->vertical && !memchr(b->text + a, ' ', e - a))
        return false; /* an e-mail address or handle among the names */
    if (n == 0) {
        st->active = false;
        return false;
    }
    mark_recorded(x);
    return true;
}

/* "Ann Lee (AL), Bo Li (BL), Cy Ng (CN)" with no label at all: a run of
 * three or more people, every one with a bracketed abbreviation. */
static bool
unlabelled_run(mn_xctx *x, list_state *st, const mn_block *b, size_t a,
               size_t e)
{
    chunk *c = mn_xmalloc(MAX_CHUNKS * sizeof *c);
    size_t n = chunks_of(b->text, a, e, true, c);
    size_t with_abbr = 0;
    for (size_t i = 0; i < n; i++)
        with_abbr += memchr(b->text + c[i].start, '(', c[i].len) != NULL;
    free(c);
    if (n < 3 || with_abbr < n)
        return false;
    list_state run = *st;
    run.status = "present";
    run.implicit = true; /* every person must carry a role or abbreviation */
    memset(&run.t, 0, sizeof run.t);
    bool ok = parse_run(x, &run, b, a, e, true, true) > 0;
    if (ok)
        mark_recorded(x);
    st->count = run.count;
    return ok;
}

/* "Apologies were received from A, B and C." */
static bool
apologies_sentence(mn_xctx *x, list_state *st, const mn_block *b, size_t a,
                   size_t e)
{
    mn_match mt;
    if (!mn_x_match_text(x, "apologies_sentence", b, b->text + a, e - a, &mt))
        return false;
    const mn_capture *c = mn_match_capture(&mt, "list");
    if (!c)
        return false;
    size_t from = a + c->start, to = from + c->len;
    list_state ap = *st;
    ap.status = "apologies";
    ap.implicit = false;
    ap.dedupe = true;
    memset(&ap.t, 0, sizeof ap.t);
    bool ok = parse_run(x, &ap, b, from, to, true, false) > 0;
    if (ok)
        mark_recorded(x);
    st->count = ap.count;
    return ok;
}

/* One piece of a block; true when it was attendance. */
static bool
attendance_unit(mn_xctx *x, list_state *st, const mn_block *b, size_t a,
                size_t e)
{
    enum label lb = label_unit(x, st, b, a, e);
    if (lb != L_NONE)
        return lb == L_LIST;
    bool taken = false;
    if (st->active)
        taken = continue_list(x, st, b, a, e);
    else if (b->kind == MN_BLOCK_PARAGRAPH)
        taken = unlabelled_run(x, st, b, a, e);
    if (!taken && b->kind != MN_BLOCK_HEADING)
        taken = apologies_sentence(x, st, b, a, e);
    return taken;
}

/* A block is attendance when most of its pieces are: "1. Welcome" followed
 * by "Attendees:" and ten people in one folded paragraph is. */
/* An open list written one person per line ("Ege Korkan, Example AG" on
 * each line of one paragraph): every line reads as one person. */
static bool
vertical_list(mn_xctx *x, const list_state *st, const mn_block *b)
{
    if (!st->active)
        return false;
    size_t n;
    mn_xline *l = mn_x_lines(x, b, &n);
    bool ok = n >= 2;
    for (size_t i = 0; ok && i < n; i++) {
        size_t a = l[i].start, e = a + l[i].len;
        person p = {0};
        ok = top_level_commas(b->text, a, e) <= 1 &&
             !has_top_level(b->text, a, e, ';') &&
             (parse_person(x, b->text + a, e - a, st->implicit, &p) != P_NONE ||
              !memchr(b->text + a, ' ', e - a)); /* an e-mail, a handle */
        person_free(&p);
    }
    free(l);
    return ok;
}

static bool attendance_unit(mn_xctx *x, list_state *st, const mn_block *b,
                            size_t a, size_t e);

/* Each line on its own, and not split at commas ("Name, Organisation"). */
static void
vertical_block(mn_xctx *x, list_state *st, size_t bi, const mn_block *b)
{
    size_t n;
    mn_xline *l = mn_x_lines(x, b, &n);
    size_t taken = 0;
    st->vertical = true;
    for (size_t i = 0; i < n; i++)
        taken += attendance_unit(x, st, b, l[i].start, l[i].start + l[i].len);
    st->vertical = false;
    free(l);
    if (taken * 2 >= n)
        x->block_is_attendance[bi] = true;
}

static void
attendance_block(mn_xctx *x, list_state *st, size_t bi, const mn_block *b)
{
    if (vertical_list(x, st, b)) {
        vertical_block(x, st, bi, b);
        return;
    }
    size_t nu;
    unit *u = units_of(x, b, &nu);
    size_t taken = 0;
    for (size_t i = 0; i < nu; i++)
        taken += attendance_unit(x, st, b, u[i].a, u[i].e);
    free(u);
    if (taken > 0 && taken * 2 >= nu)
        x->block_is_attendance[bi] = true;
}

/* A cell after the one a person came from, in the same row of a table
 * with no header ("Cllr Ann Oak (Chair) | Ashcombe Borough Council"):
 * that person's organisation or role. */
static bool
row_detail(mn_xctx *x, list_state *st, size_t bi, const mn_block *b)
{
    if (!st->active || !st->row_bi || bi != st->row_bi + 1 ||
        b->table != st->row_table || b->row != st->row ||
        b->column <= st->row_col)
        return false;
    st->row_col = b->column;
    st->row_bi = bi;
    mn_value *list = mn_x_list(x, "attendees");
    size_t n = mn_value_len(list);
    if (n == 0 || st->count == 0)
        return false;
    mn_value *last = mn_list_at(list, n - 1);
    char *v = dup_trim(b->text, b->len, ".,;");
    const char *key =
        org_tail(v) || (org_like(v) && !role_like(v)) ? "organisation" : "role";
    if (*v && mn_value_is_null(mn_map_get(last, key)))
        mn_map_set_str(last, key, v);
    free(v);
    x->block_is_attendance[bi] = true;
    return true;
}

void
mn_x_attendees(mn_xctx *x)
{
    list_state st;
    memset(&st, 0, sizeof st);
    st.status = "present";
    for (size_t bi = 0; bi < x->nblocks; bi++) {
        const mn_block *b = mn_doc_block(x->doc, bi);
        if (b->kind == MN_BLOCK_TABLE_CELL) {
            if (table_cell(x, &st, bi, b)) {
                mark_recorded(x);
                continue;
            }
            /* not an attendee table: a layout table's cell is text */
            if (row_detail(x, &st, bi, b))
                continue;
            size_t before = st.count;
            attendance_block(x, &st, bi, b);
            if (st.count > before) {
                st.row_bi = bi;
                st.row_table = b->table;
                st.row = b->row;
                st.row_col = b->column;
            }
            continue;
        }
        if (st.t.table)
            table_reset(x, &st, 0);
        attendance_block(x, &st, bi, b);
    }
    table_reset(x, &st, 0);
}
