/*
 * Abbreviations pass: collects every abbreviation a document defines
 * ("anti-social behaviour (ASB)", glossary lines, attendees' bracketed
 * abbreviations) or uses (all-capitals tokens in body text), in order of
 * first appearance. Which preceding words a bracket defines is decided by
 * lining the abbreviation's letters up with the words' initials.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"
#include "mn_extract_int.h"
#include "mn_limits.h"
#include "mn_utf8.h"

#define MAX_ABBR       24  /* bytes of one abbreviation */
#define MAX_DEF_WORDS  14  /* words an expansion may span */
#define MAX_DEFS_BLOCK 64  /* definitions remembered per block */
#define MAX_BEFORE     200 /* characters an expansion is looked for in */

typedef struct entry {
    char *abbr;
    char *expansion; /* NULL when never defined */
    unsigned line;   /* definition line, else first use */
    long long uses;
} entry;

typedef struct table {
    entry *items; /* in order of first appearance */
    size_t n, cap;
    size_t *slots; /* open addressing: index + 1, 0 = empty */
    size_t nslots;
    bool full_warned;
} table;

/* ---- the table --------------------------------------------------------- */

static size_t
hash_str(const char *s)
{
    size_t h = 5381;
    for (; *s; s++)
        h = h * 33u + (unsigned char)*s;
    return h;
}

static void
rehash(table *t)
{
    size_t ns = t->nslots ? t->nslots * 2 : 64;
    free(t->slots);
    t->slots = mn_xcalloc(ns, sizeof *t->slots);
    t->nslots = ns;
    for (size_t i = 0; i < t->n; i++) {
        size_t h = hash_str(t->items[i].abbr) & (ns - 1);
        while (t->slots[h])
            h = (h + 1) & (ns - 1);
        t->slots[h] = i + 1;
    }
}

static entry *
find(const table *t, const char *abbr)
{
    if (!t->nslots)
        return NULL;
    size_t h = hash_str(abbr) & (t->nslots - 1);
    while (t->slots[h]) {
        entry *e = &t->items[t->slots[h] - 1];
        if (strcmp(e->abbr, abbr) == 0)
            return e;
        h = (h + 1) & (t->nslots - 1);
    }
    return NULL;
}

/* The entry for abbr, created (undefined, first seen at `line`) if new;
 * NULL when the record's list limit is reached. */
static entry *
get(mn_xctx *x, table *t, const char *abbr, unsigned line)
{
    entry *e = find(t, abbr);
    if (e)
        return e;
    if (t->n >= MN_MAX_RECORD_ITEMS) {
        if (!t->full_warned)
            mn_x_warn(x, line, "more than %d abbreviations; the rest ignored",
                      MN_MAX_RECORD_ITEMS);
        t->full_warned = true;
        return NULL;
    }
    if ((t->n + 1) * 2 > t->nslots)
        rehash(t);
    t->items = mn_xgrow(t->items, &t->cap, t->n + 1, sizeof *t->items);
    e = &t->items[t->n++];
    e->abbr = mn_xstrdup(abbr);
    e->expansion = NULL;
    e->line = line;
    e->uses = 0;
    size_t h = hash_str(abbr) & (t->nslots - 1);
    while (t->slots[h])
        h = (h + 1) & (t->nslots - 1);
    t->slots[h] = t->n;
    return e;
}

static void
define(mn_xctx *x, table *t, const char *abbr, const char *expansion,
       unsigned line)
{
    entry *e = get(x, t, abbr, line);
    if (!e || e->expansion || !expansion || !*expansion)
        return;
    e->expansion = mn_xstrdup(expansion);
    e->line = line;
}

static void
table_free(table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->items[i].abbr);
        free(t->items[i].expansion);
    }
    free(t->items);
    free(t->slots);
}

/* ---- normalising ----------------------------------------------------------
 */

/* "OCGs" -> "OCG", "T/CC’s" -> "T/CC", "T/ DCC" -> "T/DCC". Returns false
 * when nothing abbreviation-like is left. */
static bool
normalise(const char *s, size_t n, char out[MAX_ABBR])
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < MAX_ABBR; i++) {
        if (s[i] == ' ' && o > 0 && out[o - 1] == '/')
            continue;
        out[o++] = s[i];
    }
    out[o] = '\0';
    static const char *const tails[] = {"\xE2\x80\x99s", "'s"};
    for (size_t i = 0; i < 2; i++) {
        size_t tl = strlen(tails[i]);
        if (o > tl && strcmp(out + o - tl, tails[i]) == 0)
            out[o -= tl] = '\0';
    }
    if (o > 2 && out[o - 1] == 's' && isupper((unsigned char)out[o - 2]))
        out[--o] = '\0';
    size_t caps = 0;
    for (size_t i = 0; i < o; i++) {
        unsigned char c = (unsigned char)out[i];
        if (isupper(c))
            caps++;
        else if (c != '/' && c != '&')
            return false;
    }
    return caps >= 2;
}

static bool
is_not_abbr(mn_xctx *x, const char *abbr)
{
    size_t nr = 0;
    const mn_rule *const *rules =
        mn_x_rules_of_kind(x, "abbreviation_not", &nr);
    for (size_t ri = 0; ri < nr; ri++) {
        mn_match mt;
        if (mn_matcher_exec(x->m, rules[ri], abbr, strlen(abbr), 0, &mt) == 1)
            return true;
    }
    return false;
}

/* ---- lining letters up with initials ----------------------------------------
 */

typedef struct word {
    size_t start, len;
} word;

static bool
is_stopword(const char *s, size_t n)
{
    static const char *const stop[] = {"of", "and", "the", "for", "in",
                                       "on", "to",  "&",   "a",   "with",
                                       "at", "by",  "from"};
    for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++)
        if (strlen(stop[i]) == n && strncasecmp(s, stop[i], n) == 0)
            return true;
    return false;
}

/* Initials of one word: "anti-social" -> "as", "Crime" -> "c". */
static size_t
initials(const char *s, size_t n, char *out, size_t max)
{
    size_t k = 0;
    bool start = true;
    for (size_t i = 0; i < n && k < max; i++) {
        unsigned char c = (unsigned char)s[i];
        if (start && isalpha(c))
            out[k++] = (char)tolower(c);
        start = c == '-' || c == '/';
    }
    return k;
}

/* Can letters[0..li) be spelled by words[0..wi) ending exactly at word wi-1
 * (which must contribute)? On success *first is the first word used. */
static bool
align(const char *src, const word *w, size_t wi, const char *letters, size_t li,
      bool last, size_t *first)
{
    if (li == 0) {
        *first = wi;
        return true;
    }
    if (wi == 0)
        return false;
    const word *cur = &w[wi - 1];
    char ini[8];
    size_t k = initials(src + cur->start, cur->len, ini, sizeof ini);
    /* a stopword is tried as glue first ("Office of the Police" gives
     * OPCC's O to "Office", not to "of") */
    bool stop = !last && is_stopword(src + cur->start, cur->len);
    if (stop && align(src, w, wi - 1, letters, li, false, first))
        return true;
    /* all the word's initials, or only its first letter */
    if (k > 1 && k <= li && strncmp(ini, letters + li - k, k) == 0 &&
        align(src, w, wi - 1, letters, li - k, false, first))
        return true;
    if (k >= 1 && ini[0] == letters[li - 1] &&
        align(src, w, wi - 1, letters, li - 1, false, first))
        return true;
    return false;
}

/* The expansion that `before` gives `abbr`, or NULL. Caller frees. */
static char *
expansion_of(const char *before, size_t n, const char *abbr)
{
    char letters[MAX_ABBR];
    size_t li = 0;
    for (const char *a = abbr; *a && li + 1 < sizeof letters; a++)
        if (isalpha((unsigned char)*a))
            letters[li++] = (char)tolower((unsigned char)*a);
    letters[li] = '\0';
    word w[MAX_DEF_WORDS];
    size_t nw = 0;
    size_t i = n;
    /* words right to left, then reversed into order */
    while (i > 0 && nw < MAX_DEF_WORDS) {
        while (i > 0 &&
               (isspace((unsigned char)before[i - 1]) || before[i - 1] == ','))
            i--;
        size_t e = i;
        while (i > 0 && !isspace((unsigned char)before[i - 1]) &&
               before[i - 1] != ',')
            i--;
        if (e > i) {
            w[nw].start = i;
            w[nw].len = e - i;
            nw++;
        }
    }
    for (size_t a = 0, b = nw ? nw - 1 : 0; a < b; a++, b--) {
        word tmp = w[a];
        w[a] = w[b];
        w[b] = tmp;
    }
    size_t first;
    if (li < 2 || !align(before, w, nw, letters, li, true, &first))
        return NULL;
    size_t s = w[first].start, e = w[nw - 1].start + w[nw - 1].len;
    while (e > s && strchr(",;:–", before[e - 1]))
        e--;
    return mn_xstrndup(before + s, e - s);
}

/* ---- passes over the blocks
 * ---------------------------------------------------- */

typedef struct scan {
    table *t;
    mn_span defs[MAX_DEFS_BLOCK]; /* abbr spans defined in this block */
    size_t ndefs;
} scan;

/* The text a definition's expansion is read from when the rule does not
 * capture it as `before`: what precedes the match, back to the previous
 * bracket or MAX_BEFORE characters, without the spaces before the match.
 * Fewer than two characters is none. */
static bool
text_before(const mn_block *b, size_t at, mn_capture *out)
{
    size_t e = at;
    while (e > 0 && isspace((unsigned char)b->text[e - 1]))
        e--;
    size_t s = e, chars = 0;
    while (s > 0 && b->text[s - 1] != '(' && b->text[s - 1] != ')' &&
           chars < MAX_BEFORE) {
        s--;
        if (((unsigned char)b->text[s] & 0xC0) != 0x80)
            chars++; /* s is at the first byte of a character */
    }
    while (s < e && ((unsigned char)b->text[s] & 0xC0) == 0x80)
        s++;
    if (mn_utf8_count(b->text + s, e - s) < 2)
        return false;
    *out = (mn_capture){"before", s, e - s};
    return true;
}

static bool
def_cb(mn_xctx *x, size_t bi, const mn_block *b, const mn_match *mt, void *ud)
{
    (void)bi;
    scan *sc = ud;
    const mn_capture *ca = mn_match_capture(mt, "abbr");
    const mn_capture *cb = mn_match_capture(mt, "before");
    mn_capture own;
    if (!cb && text_before(b, mt->start, &own))
        cb = &own;
    char abbr[MAX_ABBR];
    if (!ca || !cb || !normalise(b->text + ca->start, ca->len, abbr))
        return true;
    char *exp = expansion_of(b->text + cb->start, cb->len, abbr);
    if (!exp)
        return true;
    define(x, sc->t, abbr, exp, mn_x_line(b, ca->start));
    free(exp);
    if (sc->ndefs < MAX_DEFS_BLOCK) {
        sc->defs[sc->ndefs].start = ca->start;
        sc->defs[sc->ndefs].len = ca->len;
        sc->ndefs++;
    }
    return true;
}

static bool
glossary_cb(mn_xctx *x, size_t bi, const mn_block *b, const mn_match *mt,
            void *ud)
{
    (void)bi;
    scan *sc = ud;
    const mn_capture *ca = mn_match_capture(mt, "abbr");
    char abbr[MAX_ABBR];
    if (!ca || !normalise(b->text + ca->start, ca->len, abbr))
        return false;
    char *exp = mn_x_cap(b, mt, "expansion", ".");
    define(x, sc->t, abbr, exp, mn_x_line(b, ca->start));
    free(exp);
    return false;
}

static bool
in_def(const scan *sc, size_t off)
{
    for (size_t i = 0; i < sc->ndefs; i++)
        if (off >= sc->defs[i].start &&
            off < sc->defs[i].start + sc->defs[i].len)
            return true;
    return false;
}

static bool
use_cb(mn_xctx *x, size_t bi, const mn_block *b, const mn_match *mt, void *ud)
{
    (void)bi;
    scan *sc = ud;
    const mn_capture *ca = mn_match_capture(mt, "abbr");
    char abbr[MAX_ABBR];
    if (!ca || in_def(sc, ca->start) ||
        !normalise(b->text + ca->start, ca->len, abbr) || is_not_abbr(x, abbr))
        return true;
    entry *e = get(x, sc->t, abbr, mn_x_line(b, ca->start));
    if (e)
        e->uses++;
    return true;
}

/* A heading or line written all in capitals is shouting, not
 * abbreviating. */
static bool
all_caps_block(const mn_block *b)
{
    size_t upper = 0, lower = 0;
    for (size_t i = 0; i < b->len; i++) {
        unsigned char c = (unsigned char)b->text[i];
        upper += isupper(c) != 0;
        lower += islower(c) != 0;
    }
    return upper >= 8 && lower * 10 < upper;
}

/* Attendees' bracketed abbreviations are definitions: of the person when
 * the letters are their initials ("NN"), else of their role ("PCC"). */
static void
attendee_defs(mn_xctx *x, table *t)
{
    const mn_value *list = mn_x_list(x, "attendees");
    for (size_t i = 0; i < mn_value_len(list); i++) {
        const mn_value *a = mn_list_at(list, i);
        const char *abbr = mn_map_get_str(a, "abbr");
        const char *name = mn_map_get_str(a, "name");
        const char *role = mn_map_get_str(a, "role");
        char norm[MAX_ABBR];
        if (!abbr || !normalise(abbr, strlen(abbr), norm))
            continue;
        unsigned line = (unsigned)mn_value_as_int(mn_map_get(a, "line"));
        char *by_name = name ? expansion_of(name, strlen(name), norm) : NULL;
        define(x, t, norm, by_name ? name : role, line);
        free(by_name);
    }
}

/* "CC" used where only "T/CC" is defined: the same rank, not acting
 * (the line stays that of the first use: nothing defines "CC" itself). */
static void
derive_rank_variants(table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        entry *e = &t->items[i];
        if (e->expansion)
            continue;
        static const char *const prefixes[] = {"T/", "A/"};
        for (size_t p = 0; p < 2 && !e->expansion; p++) {
            char full[MAX_ABBR * 2];
            snprintf(full, sizeof full, "%s%s", prefixes[p], e->abbr);
            const entry *d = find(t, full);
            if (!d || !d->expansion)
                continue;
            const char *exp = d->expansion;
            if (strncmp(exp, prefixes[p], 2) == 0)
                exp += 2;
            e->expansion = mn_xstrdup(exp);
        }
    }
}

static bool
is_known(const char *const *known, size_t nknown, const char *abbr)
{
    for (size_t i = 0; i < nknown; i++)
        if (strcmp(known[i], abbr) == 0)
            return true;
    return false;
}

static void
emit(mn_xctx *x, const table *t)
{
    const char *const *known = NULL;
    size_t nknown =
        mn_ruleset_setting(x->rs, x->profile, "abbreviations.known", &known);
    mn_value *list = mn_x_list(x, "abbreviations");
    for (size_t i = 0; i < t->n; i++) {
        const entry *e = &t->items[i];
        mn_value *m = mn_value_map();
        mn_map_set_str(m, "abbr", e->abbr);
        if (e->expansion)
            mn_map_set_str(m, "expansion", e->expansion);
        else
            mn_map_set_null(m, "expansion");
        mn_map_set_int(m, "line", e->line);
        mn_map_set_int(m, "uses", e->uses);
        mn_map_set_bool(m, "known", is_known(known, nknown, e->abbr));
        mn_list_push(list, m);
    }
}

void
mn_x_abbreviations(mn_xctx *x)
{
    table t;
    memset(&t, 0, sizeof t);
    attendee_defs(x, &t);
    bool glossary = false;
    unsigned glossary_level = 0;
    for (size_t bi = 0; bi < x->nblocks; bi++) {
        const mn_block *b = mn_doc_block(x->doc, bi);
        if (b->kind == MN_BLOCK_HEADING && glossary &&
            b->level <= glossary_level)
            glossary = false;
        if (mn_x_block_is(x, "abbreviation_heading", b)) {
            glossary = true;
            glossary_level = b->kind == MN_BLOCK_HEADING ? b->level : 9;
            continue;
        }
        if (x->block_is_attendance[bi])
            continue;
        scan sc = {.t = &t, .ndefs = 0};
        if (glossary)
            mn_x_match_block(x, "abbreviation_glossary", bi, false, true,
                             glossary_cb, &sc);
        mn_x_match_block(x, "abbreviation_def", bi, true, false, def_cb, &sc);
        if (!all_caps_block(b))
            mn_x_match_block(x, "abbreviation_use", bi, true, false, use_cb,
                             &sc);
    }
    derive_rank_variants(&t);
    emit(x, &t);
    table_free(&t);
}
