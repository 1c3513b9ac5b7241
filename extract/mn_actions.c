/*
 * Actions pass: action lines (rules of kind `action`), bare "Owner: task"
 * lines under a Next steps/Actions heading (`action_bare`), and action
 * tables (columns named by `action_column` rules). What is true of every
 * action is here: the owner is the subject of "<Owner> to <task>", a task
 * ending in ":" takes the numbered list after it, and an owner resolves to
 * an attendee or a defined abbreviation.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_buf.h"
#include "mn_date.h"
#include "mn_extract_int.h"
#include "mn_limits.h"
#include "mn_xlines.h"

#define MAX_OWNER_WORDS 6
#define MAX_ITEMS       50
#define MAX_COLUMNS     32
#define MAX_OWNER_PARTS 8

enum col { C_NONE, C_NUMBER, C_TEXT, C_OWNER, C_DUE, C_COUNT };

typedef struct action {
    char *owner, *text, *due;
    mn_value *items;
    size_t bi;
    unsigned line;
} action;

typedef struct table_state {
    unsigned table, row;
    bool is_actions;
    unsigned char col[MAX_COLUMNS + 1];
    char *cell[C_COUNT];
    size_t bi;
    unsigned line;
} table_state;

/* ---- text helpers -------------------------------------------------------- */

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static char *
dup_trim(const char *s, size_t n, const char *strip)
{
    size_t a = 0, e = n;
    while (a < e && (is_space(s[a]) || strchr(strip, s[a])))
        a++;
    while (e > a && (is_space(s[e - 1]) || strchr(strip, s[e - 1])))
        e--;
    return mn_xstrndup(s + a, e - a);
}

/* A task's final "." ";" or ":" is punctuation, not part of the task. */
static void
trim_end(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1]))
        n--;
    if (n > 0 && strchr(".;:", s[n - 1]))
        n--;
    while (n > 0 && is_space(s[n - 1]))
        n--;
    s[n] = '\0';
}

/* ---- the owner at the start of a task -------------------------------------
 */

/* "Ann and Bob", "Head of Finance": the glue of a capitalised noun phrase,
 * so not a sign that the subject is a lower-case clause. */
static bool
is_glue_word(const char *w, size_t n)
{
    static const char *const glue[] = {"and", "&", "of", "the", "or"};
    for (size_t i = 0; i < sizeof glue / sizeof glue[0]; i++)
        if (strlen(glue[i]) == n && strncmp(w, glue[i], n) == 0)
            return true;
    return false;
}

/* Only the first word must be capitalised; split_owner judges the other
 * lower-case words of the phrase as a whole. */
static bool
owner_word_ok(const char *w, size_t index)
{
    unsigned char c = (unsigned char)w[0];
    return isupper(c) || c >= 0x80 || index > 0;
}

/* "EH to engage …" -> owner "EH", task "engage …". The subject must be a
 * short noun phrase: capitalised words, initials, or "The <noun>". */
static void
split_owner(action *a)
{
    static const char *const verbs[] = {" to ",     " will ",   " is to ",
                                        " are to ", " should ", " agreed to "};
    const char *s = a->text;
    const char *best = NULL;
    size_t vl = 0;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        const char *hit = strstr(s, verbs[i]);
        if (hit &&
            (!best || hit < best || (hit == best && strlen(verbs[i]) > vl))) {
            best = hit;
            vl = strlen(verbs[i]);
        }
    }
    if (!best || best == s)
        return;
    size_t words = 0;
    bool lower_seen = false;
    for (const char *p = s; p < best && words <= MAX_OWNER_WORDS;) {
        while (p < best && *p == ' ')
            p++;
        const char *w = p;
        while (p < best && *p != ' ')
            p++;
        if (p == w)
            break;
        if (!owner_word_ok(w, words))
            return;
        if (!isupper((unsigned char)w[0]) && !is_glue_word(w, (size_t)(p - w)))
            lower_seen = true;
        words++;
    }
    /* "Circulate the plan to …": a verb first, not a subject */
    bool starts_the = strncmp(s, "The ", 4) == 0;
    if (words == 0 || words > MAX_OWNER_WORDS ||
        (lower_seen && !starts_the && words > 1 && !strstr(s, " and ") &&
         !strstr(s, " & ")))
        return;
    char *owner = mn_xstrndup(s, (size_t)(best - s));
    char *task = mn_xstrdup(best + vl);
    free(a->owner);
    free(a->text);
    a->owner = owner;
    a->text = task;
}

/* ---- resolving owners ---------------------------------------------------- */

static const char *
strip_rank_prefix(const char *s)
{
    if ((s[0] == 'T' || s[0] == 'A') && s[1] == '/') {
        s += 2;
        while (*s == ' ')
            s++;
    }
    return s;
}

static bool
same_word(const char *w, size_t n, const char *name)
{
    return strlen(name) == n && strncasecmp(w, name, n) == 0;
}

static bool
is_title_word(const char *w, size_t n)
{
    static const char *const titles[] = {
        "Mr",        "Mrs",       "Ms",
        "Miss",      "Mx",        "Dr",
        "Prof",      "Cllr",      "Councillor",
        "Sir",       "Dame",      "Lord",
        "Lady",      "Inspector", "Sergeant",
        "Supt",      "Supt.",     "Superintendent",
        "Commander", "Chief"};
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
        if (same_word(w, n, titles[i]))
            return true;
    return false;
}

/* "BM" for "Brian Matthews": the capitals are the words' initials. */
static bool
initials_of(const char *name, const char *part)
{
    size_t n = strlen(part);
    if (n < 2 || n > 4)
        return false;
    size_t k = 0;
    for (const char *w = name; *w && k <= n;) {
        while (*w == ' ')
            w++;
        if (!*w)
            break;
        if (k == n || *w != part[k] || !isupper((unsigned char)*w))
            return false;
        k++;
        w += strcspn(w, " ");
    }
    return k == n;
}

/* Does `part` name this attendee (abbr, abbr without T/ or A/, full name,
 * or its first or last word)? */
static bool
names_attendee(const char *part, const mn_value *a)
{
    const char *abbr = mn_map_get_str(a, "abbr");
    const char *name = mn_map_get_str(a, "name");
    if (abbr && (strcmp(abbr, part) == 0 ||
                 strcmp(strip_rank_prefix(abbr), strip_rank_prefix(part)) == 0))
        return true;
    if (!name)
        return false;
    if (strcasecmp(name, part) == 0)
        return true;
    if (initials_of(name, part))
        return true;
    if (strchr(part, ' ') || !isupper((unsigned char)part[0]) ||
        strlen(part) < 3)
        return false;
    const char *last = strrchr(name, ' ');
    /* the forename of "Mr Owen Pritchard" is Owen */
    while (strchr(name, ' ') && is_title_word(name, strcspn(name, " ")))
        name += strcspn(name, " ") + 1;
    size_t first_len = strcspn(name, " ");
    return same_word(name, first_len, part) ||
           (last && same_word(last + 1, strlen(last + 1), part));
}

/* "ACC Hallam", "Mr Pritchard": a rank, role or title before a surname. */
static bool
rank_and_surname(const char *part, const mn_value *a)
{
    const char *name = mn_map_get_str(a, "name");
    const char *sp = strrchr(part, ' ');
    const char *last = name ? strrchr(name, ' ') : NULL;
    if (!sp || !last || strcmp(sp + 1, last + 1) != 0)
        return false;
    size_t n = (size_t)(sp - part);
    const char *role = mn_map_get_str(a, "role");
    const char *abbr = mn_map_get_str(a, "abbr");
    return is_title_word(part, n) || (role && same_word(part, n, role)) ||
           (abbr && same_word(part, n, abbr));
}

/* "The Chief Finance Officer" names whoever holds that role. */
static bool
holds_role(const char *part, const mn_value *a)
{
    const char *role = mn_map_get_str(a, "role");
    if (strncasecmp(part, "the ", 4) == 0)
        part += 4;
    return role && strchr(part, ' ') && strcasecmp(part, role) == 0;
}

static const char *
resolve_part(mn_xctx *x, const char *part)
{
    const mn_value *att = mn_x_list(x, "attendees");
    const char *found = NULL;
    for (size_t i = 0; i < mn_value_len(att); i++) {
        const mn_value *a = mn_list_at(att, i);
        if (!names_attendee(part, a) && !rank_and_surname(part, a) &&
            !holds_role(part, a))
            continue;
        const char *name = mn_map_get_str(a, "name");
        if (found && strcmp(found, name) != 0)
            return NULL; /* ambiguous */
        found = name;
    }
    if (found)
        return found;
    const mn_value *abbrs = mn_x_list(x, "abbreviations");
    for (size_t i = 0; i < mn_value_len(abbrs); i++) {
        const mn_value *e = mn_list_at(abbrs, i);
        const char *ab = mn_map_get_str(e, "abbr");
        const char *exp = mn_map_get_str(e, "expansion");
        if (ab && exp && strcmp(ab, part) == 0)
            return exp;
    }
    return NULL;
}

/* "CD/EF", "Ann and Bob": every part must resolve; joined with ", ". */
static char *
resolve_owner(mn_xctx *x, const char *owner)
{
    if (!owner)
        return NULL;
    const char *r = resolve_part(x, owner);
    if (r)
        return mn_xstrdup(r);
    mn_buf out;
    mn_buf_init(&out, 4096);
    size_t parts = 0;
    const char *p = owner;
    while (*p && parts < MAX_OWNER_PARTS) {
        size_t n = strcspn(p, "/&,");
        const char *and = strstr(p, " and ");
        if (and&&(size_t)(and-p) < n)
            n = (size_t)(and-p);
        char *part = dup_trim(p, n, "");
        const char *res = *part ? resolve_part(x, part) : NULL;
        free(part);
        if (!res) {
            mn_buf_free(&out);
            return NULL;
        }
        if ((parts++ && mn_buf_append(&out, ", ", 2) != MN_OK) ||
            mn_buf_append(&out, res, strlen(res)) != MN_OK) {
            mn_buf_free(&out);
            return NULL;
        }
        p += n;
        p += strncmp(p, " and ", 5) == 0 ? 5 : (*p ? 1 : 0);
    }
    if (parts < 2) {
        mn_buf_free(&out);
        return NULL;
    }
    return mn_buf_take(&out);
}

/* ---- due dates -------------------------------------------------------------
 */

/* The due date a matched `action_due` rule names, as an ISO date. */
static char *
due_from(mn_xctx *x, const mn_block *b, const mn_match *mt)
{
    char *date = mn_x_cap(b, mt, "date", NULL);
    bool end = mn_x_has_cap(mt, "end");
    mn_date_parts dp;
    bool ok = date && mn_date_parse(date, strlen(date), &dp);
    if (!ok && date) {
        /* "end of April": a month alone; its last day is set below */
        char one[96];
        snprintf(one, sizeof one, "1 %s", date);
        ok = mn_date_parse(one, strlen(one), &dp);
    }
    char *out = NULL;
    if (ok) {
        mn_date d = dp.date;
        if (d.year == 0 && x->year) {
            mn_date from = {x->year, x->month ? x->month : 1,
                            x->day ? x->day : 1};
            d = mn_date_next(d.month, d.day ? d.day : 1, -1, from, false);
        }
        if (end && d.year)
            d.day = mn_days_in_month(d.year, d.month);
        char buf[16];
        if (d.year && *mn_date_iso(d, buf, sizeof buf))
            out = mn_xstrdup(buf);
    }
    free(date);
    return out;
}

/* The due date written in one action's text (a part of a block). */
static char *
due_of(mn_xctx *x, const mn_block *part)
{
    mn_match mt;
    if (!mn_x_match_text(x, "action_due", part, part->text, part->len, &mt))
        return NULL;
    return due_from(x, part, &mt);
}

/* ---- emitting ----------------------------------------------------------- */

/* An "Action Items" summary repeats actions already recorded; only the
 * last 1000 are compared, to stay linear. */
static bool
repeated(const mn_value *list, const action *a)
{
    size_t n = mn_value_len(list);
    for (size_t i = n > 1000 ? n - 1000 : 0; i < n; i++) {
        const mn_value *e = mn_list_at(list, i);
        const char *owner = mn_map_get_str(e, "owner");
        if (strcmp(mn_map_get_str(e, "text"), a->text) == 0 &&
            ((!owner && !a->owner) ||
             (owner && a->owner && strcmp(owner, a->owner) == 0)))
            return true;
    }
    return false;
}

static void
emit(mn_xctx *x, action *a)
{
    mn_value *list = mn_x_list(x, "actions");
    if (mn_value_len(list) >= MN_MAX_RECORD_ITEMS) {
        if (mn_value_len(list) == MN_MAX_RECORD_ITEMS)
            mn_x_warn(x, a->line, "more than %d actions; the rest ignored",
                      MN_MAX_RECORD_ITEMS);
        return;
    }
    trim_end(a->text);
    if (a->owner)
        trim_end(a->owner);
    if (repeated(list, a))
        return;
    char *ref = resolve_owner(x, a->owner);
    mn_value *m = mn_value_map();
    mn_map_set_opt(m, "owner", a->owner);
    mn_map_set_opt(m, "owner_ref", ref);
    mn_map_set_str(m, "text", a->text);
    mn_map_set_opt(m, "due", a->due);
    mn_map_set(m, "items", a->items ? a->items : mn_value_list());
    a->items = NULL;
    mn_map_set_opt(m, "section", x->block_section[a->bi]);
    mn_map_set_int(m, "line", a->line);
    mn_list_push(list, m);
    free(ref);
}

static void
action_free(action *a)
{
    free(a->owner);
    free(a->text);
    free(a->due);
    mn_value_free(a->items);
    memset(a, 0, sizeof *a);
}

/* "1 . Clarity on …", "2.Assurance …" after a task ending in ":". */
static size_t
numbered_prefix(const mn_block *b)
{
    size_t i = 0;
    while (i < b->len && is_space(b->text[i]))
        i++;
    size_t d = i;
    while (i < b->len && i - d < 3 && isdigit((unsigned char)b->text[i]))
        i++;
    if (i == d)
        return b->ordinal ? 0 : SIZE_MAX;
    while (i < b->len && b->text[i] == ' ')
        i++;
    if (i >= b->len || (b->text[i] != '.' && b->text[i] != ')'))
        return SIZE_MAX;
    i++;
    while (i < b->len && is_space(b->text[i]))
        i++;
    return i;
}

static size_t
take_items(mn_xctx *x, action *a)
{
    size_t n = a->bi + 1;
    for (; n < x->nblocks && n <= a->bi + MAX_ITEMS; n++) {
        const mn_block *b = mn_doc_block(x->doc, n);
        if (b->kind == MN_BLOCK_TABLE_CELL)
            break;
        size_t skip = numbered_prefix(b);
        if (skip == SIZE_MAX)
            break;
        if (!a->items)
            a->items = mn_value_list();
        char *t = dup_trim(b->text + skip, b->len - skip, "");
        mn_list_push(a->items, mn_value_str(t));
        free(t);
    }
    return n;
}

/* ---- action lines -----------------------------------------------------------
 */

typedef struct scan {
    size_t next; /* first block not yet taken */
    bool bare;   /* matching action_bare rules */
} scan;

/* A bare "Owner: task" line has no word "Action" to vouch for it, so the
 * owner must read as one: someone the minutes know (an attendee or an
 * abbreviation), or a proper noun phrase ("Ann Lee", "Chairs"), and not a
 * label the rules list ("Next meeting", "Venue"). */
static bool
owner_plausible(mn_xctx *x, const mn_block *b, const char *owner)
{
    mn_match mt;
    if (mn_x_match_text(x, "action_owner_not", b, owner, strlen(owner), &mt))
        return false;
    char *ref = resolve_owner(x, owner);
    free(ref);
    if (ref)
        return true;
    size_t words = 0;
    for (const char *p = owner; *p && words <= MAX_OWNER_WORDS;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (!n)
            break;
        bool glue = same_word(p, n, "and") || same_word(p, n, "&") ||
                    same_word(p, n, "of");
        if (!glue && !isupper((unsigned char)p[0]) &&
            (unsigned char)p[0] < 0x80)
            return false;
        words++;
        p += n;
    }
    return words > 0 && words <= MAX_OWNER_WORDS;
}

/* One action in `part` (a stretch of block bi's text starting at `off`).
 * Returns false when the matched line is not an action after all. */
static bool
take_action(mn_xctx *x, scan *sc, size_t bi, const mn_block *b,
            const mn_block *part, size_t off, bool last_part,
            const mn_match *mt)
{
    action a = {.bi = bi, .line = mn_x_line(b, off + mt->start)};
    a.text = mn_x_cap(part, mt, "text", NULL);
    if (!a.text || !*a.text) {
        action_free(&a);
        return false;
    }
    a.owner = mn_x_cap(part, mt, "owner2", ".");
    if (!a.owner)
        a.owner = mn_x_cap(part, mt, "owner", NULL);
    if (sc->bare && (!a.owner || !owner_plausible(x, b, a.owner))) {
        action_free(&a);
        return false;
    }
    if (!a.owner && !sc->bare)
        split_owner(&a);
    a.due = due_of(x, part);
    size_t tl = strlen(a.text);
    if (last_part && tl > 0 && a.text[tl - 1] == ':')
        sc->next = take_items(x, &a);
    emit(x, &a);
    action_free(&a);
    return true;
}

/* Where an action may start in a block: its first line, a line after a
 * kept break, or a line after one that closed its sentence. An action runs
 * to the end of the first line that closes (bare lines are one line). */
static bool
scan_block(mn_xctx *x, scan *sc, size_t bi, const mn_block *b, const char *kind)
{
    size_t n;
    mn_xline *l = mn_x_lines(x, b, &n);
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && !l[i].hard_break && !mn_x_line_closed(b, &l[i - 1]))
            continue;
        size_t j = i;
        while (!sc->bare && j + 1 < n && !mn_x_line_closed(b, &l[j]) &&
               !l[j + 1].hard_break)
            j++;
        mn_block part = *b;
        part.text = b->text + l[i].start;
        part.len = (uint32_t)(l[j].start + l[j].len - l[i].start);
        mn_match mt;
        if (!mn_x_match_text(x, kind, b, part.text, part.len, &mt) ||
            !take_action(x, sc, bi, b, &part, l[i].start, j + 1 == n, &mt))
            continue;
        found = true;
        i = j;
    }
    free(l);
    return found;
}

/* ---- action tables ------------------------------------------------------- */

static void
table_flush(mn_xctx *x, table_state *t)
{
    if (t->is_actions && t->cell[C_TEXT]) {
        action a = {.bi = t->bi, .line = t->line};
        a.text = t->cell[C_TEXT];
        a.owner = t->cell[C_OWNER];
        t->cell[C_TEXT] = t->cell[C_OWNER] = NULL;
        if (t->cell[C_DUE]) {
            mn_date_parts dp;
            char buf[16];
            if (mn_date_parse(t->cell[C_DUE], strlen(t->cell[C_DUE]), &dp) &&
                dp.date.year && *mn_date_iso(dp.date, buf, sizeof buf))
                a.due = mn_xstrdup(buf);
        }
        emit(x, &a);
        action_free(&a);
    }
    for (size_t i = 0; i < C_COUNT; i++) {
        free(t->cell[i]);
        t->cell[i] = NULL;
    }
}

static enum col
column_of(mn_xctx *x, const mn_block *b)
{
    size_t nr = 0;
    const mn_rule *const *rules = mn_x_rules_of_kind(x, "action_column", &nr);
    for (size_t ri = 0; ri < nr; ri++) {
        const mn_rule *r = rules[ri];
        mn_match mt;
        if (mn_x_exec_block_text(x, r, false, b->text, b->len, 0, &mt) != 1)
            continue;
        const char *f = mn_x_rule_set(r, "field");
        if (!f)
            return C_NONE;
        if (strcmp(f, "number") == 0)
            return C_NUMBER;
        if (strcmp(f, "text") == 0)
            return C_TEXT;
        if (strcmp(f, "owner") == 0)
            return C_OWNER;
        if (strcmp(f, "due") == 0)
            return C_DUE;
        return C_NONE;
    }
    return C_NONE;
}

/* An action table has a task column and an owner column in its header. */
static void
table_cell(mn_xctx *x, table_state *t, size_t bi, const mn_block *b)
{
    if (b->table != t->table) {
        table_flush(x, t);
        memset(t, 0, sizeof *t);
        t->table = b->table;
    }
    if (b->row == 1 || (b->flags & MN_BF_HEADER_CELL)) {
        if (b->column <= MAX_COLUMNS) {
            enum col c = column_of(x, b);
            bool taken = false;
            for (size_t i = 1; i <= MAX_COLUMNS; i++)
                taken |= c != C_NONE && t->col[i] == c;
            if (!taken)
                t->col[b->column] = (unsigned char)c;
        }
        bool text = false, owner = false;
        for (size_t i = 1; i <= MAX_COLUMNS; i++) {
            text |= t->col[i] == C_TEXT;
            owner |= t->col[i] == C_OWNER;
        }
        t->is_actions = text && owner;
        return;
    }
    if (!t->is_actions)
        return;
    if (b->row != t->row) {
        table_flush(x, t);
        t->row = b->row;
        t->bi = bi;
        t->line = b->pos.line;
    }
    enum col c = b->column <= MAX_COLUMNS ? t->col[b->column] : C_NONE;
    if (c != C_NONE && !t->cell[c]) {
        char *v = dup_trim(b->text, b->len, "");
        if (*v)
            t->cell[c] = v;
        else
            free(v);
    }
}

/* ---- the pass -------------------------------------------------------------
 */

/* Headings, and the short unpunctuated lines that stand for them in text
 * captures, end a "previous actions" stretch. */
static bool
is_heading_like(const mn_block *b)
{
    if (b->kind == MN_BLOCK_HEADING)
        return true;
    return b->kind == MN_BLOCK_PARAGRAPH && b->len < 80 &&
           !memchr(b->text, '.', b->len ? b->len - 1 : 0) &&
           b->text[b->len ? b->len - 1 : 0] != '.';
}

void
mn_x_actions(mn_xctx *x)
{
    table_state t;
    memset(&t, 0, sizeof t);
    scan sc = {0};
    bool under_actions = false, under_review = false;
    unsigned actions_level = 0;
    for (size_t bi = 0; bi < x->nblocks; bi++) {
        const mn_block *b = mn_doc_block(x->doc, bi);
        if (b->kind == MN_BLOCK_TABLE_CELL) {
            if (!under_review)
                table_cell(x, &t, bi, b);
            /* a layout table's cells are ordinary text */
            if (under_review || t.is_actions)
                continue;
        } else if (t.table) {
            table_flush(x, &t);
            memset(&t, 0, sizeof t);
        }
        if (bi < sc.next || x->block_is_attendance[bi])
            continue;
        if (b->kind == MN_BLOCK_HEADING && under_actions &&
            b->level <= actions_level)
            under_actions = false;
        if (is_heading_like(b))
            under_review = false;
        if (mn_x_block_is(x, "action_review_heading", b)) {
            under_review = true;
            under_actions = false;
            continue;
        }
        if (mn_x_block_is(x, "action_heading", b)) {
            under_actions = true;
            actions_level = b->kind == MN_BLOCK_HEADING ? b->level : 7;
            continue;
        }
        sc.bare = false;
        if (scan_block(x, &sc, bi, b, "action"))
            continue;
        if (under_actions && b->kind != MN_BLOCK_HEADING) {
            sc.bare = true;
            scan_block(x, &sc, bi, b, "action_bare");
        }
    }
    table_flush(x, &t);
}
