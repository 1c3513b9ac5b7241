/*
 * Required-literal analysis of PCRE2 patterns (see mn_literal.h). A small
 * recursive-descent reader of the pattern syntax: a sequence yields its most
 * selective requirement (a run of literal characters, or the requirement of
 * a group that must match), an alternation the union of its branches' —
 * empty as soon as one branch requires nothing. Anything it does not fully
 * follow either breaks a literal run (sound: shorter literals) or makes the
 * whole pattern unfilterable; it never invents a requirement.
 */
#include "mn_literal.h"

#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#define MAX_DEPTH 200

typedef struct lparse {
    const char *p, *end;
    bool failed;
    unsigned depth;
} lparse;

typedef enum { ITEM_NONE, ITEM_LIT, ITEM_OPAQUE, ITEM_GROUP } item_kind;

/* Items are returned by value on every character: what a group requires
 * is written to the caller's set (`req` below), not carried in the item. */
typedef struct item {
    item_kind kind;
    char c; /* ITEM_LIT: lower-case ASCII */
} item;

typedef struct quant {
    unsigned min;
    bool exactly_one;
} quant;

/* ---- requirement sets ---- */

static size_t
shortest(const mn_literals *r)
{
    size_t m = r->n ? MN_LIT_MAX_LEN : 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->len[i] < m)
            m = r->len[i];
    return m;
}

/* Longer shortest literal first, then fewer alternatives. */
static bool
better(const mn_literals *a, const mn_literals *b)
{
    size_t sa = shortest(a), sb = shortest(b);
    if (sa != sb)
        return sa > sb;
    return a->n && a->n < b->n;
}

static bool
req_has(const mn_literals *r, const char *s, size_t n)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->len[i] == n && memcmp(r->lit[i], s, n) == 0)
            return true;
    return false;
}

/* Add one alternative; false when the set would grow past its limit. */
static bool
req_add(mn_literals *r, const char *s, size_t n)
{
    if (req_has(r, s, n))
        return true;
    if (r->n >= MN_LIT_MAX_ALTS)
        return false;
    memcpy(r->lit[r->n], s, n);
    r->lit[r->n][n] = '\0';
    r->len[r->n++] = (uint8_t)n;
    return true;
}

/* ---- the reader ---- */

static void parse_alt(lparse *lp, mn_literals *out);

static bool
at(const lparse *lp, size_t ahead, char c)
{
    return lp->p + ahead < lp->end && lp->p[ahead] == c;
}

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
is_alnum(char c)
{
    return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Skip to just past `close`; fail if it never comes. */
static void
skip_past(lparse *lp, char close)
{
    const char *q = memchr(lp->p, close, (size_t)(lp->end - lp->p));
    if (!q) {
        lp->failed = true;
        lp->p = lp->end;
        return;
    }
    lp->p = q + 1;
}

static void
skip_utf8_char(lparse *lp)
{
    lp->p++;
    while (lp->p < lp->end && ((unsigned char)*lp->p & 0xC0) == 0x80)
        lp->p++;
}

/* \Q...\E: quoted text. Treated as opaque: rare in rules. */
static void
skip_quoted(lparse *lp)
{
    while (lp->p < lp->end && !(lp->p[0] == '\\' && at(lp, 1, 'E')))
        lp->p++;
    lp->p = lp->p < lp->end ? lp->p + 2 : lp->end;
}

/* The escape's argument after the letter: {..}, <..>, '..' or digits. */
static void
skip_escape_argument(lparse *lp)
{
    if (at(lp, 0, '{'))
        skip_past(lp, '}');
    else if (at(lp, 0, '<'))
        skip_past(lp, '>');
    else if (at(lp, 0, '\'')) {
        lp->p++;
        skip_past(lp, '\'');
    } else {
        if (at(lp, 0, '-') || at(lp, 0, '+'))
            lp->p++;
        while (lp->p < lp->end && is_digit(*lp->p))
            lp->p++;
    }
}

static item
parse_escape(lparse *lp)
{
    item it = {.kind = ITEM_OPAQUE};
    lp->p++; /* the backslash */
    if (lp->p >= lp->end) {
        lp->failed = true;
        return it;
    }
    char c = *lp->p;
    if ((unsigned char)c >= 0x80) {
        skip_utf8_char(lp);
        return it;
    }
    lp->p++;
    if (!is_alnum(c)) {
        it.kind = ITEM_LIT;
        it.c = c;
        return it;
    }
    switch (c) {
    case 'Q':
        skip_quoted(lp);
        return it;
    case 'E':
        it.kind = ITEM_NONE;
        return it;
    case 'x':
        if (at(lp, 0, '{'))
            skip_past(lp, '}');
        else
            for (int i = 0; i < 2 && lp->p < lp->end && is_alnum(*lp->p); i++)
                lp->p++;
        return it;
    case 'o':
    case 'p':
    case 'P':
    case 'N':
        if (at(lp, 0, '{'))
            skip_past(lp, '}');
        else if ((c == 'p' || c == 'P') && lp->p < lp->end)
            lp->p++; /* \pL */
        return it;
    case 'g':
    case 'k':
        skip_escape_argument(lp);
        return it;
    case 'c':
        if (lp->p < lp->end)
            lp->p++;
        return it;
    default:
        while (is_digit(c) && lp->p < lp->end && is_digit(*lp->p))
            lp->p++; /* back reference or octal */
        return it;
    }
}

/* Past a character class, which matches one (unknown) character. */
static void
skip_class(lparse *lp)
{
    lp->p++; /* [ */
    if (at(lp, 0, '^'))
        lp->p++;
    if (at(lp, 0, ']'))
        lp->p++;
    while (lp->p < lp->end && *lp->p != ']') {
        if (*lp->p == '\\' && at(lp, 1, 'Q')) {
            lp->p += 2;
            skip_quoted(lp);
        } else if (*lp->p == '\\') {
            lp->p += 2;
        } else if (*lp->p == '[' && at(lp, 1, ':')) {
            const char *q = strstr(lp->p + 2, ":]");
            lp->p = q && q < lp->end ? q + 2 : lp->p + 1;
        } else {
            lp->p++;
        }
    }
    if (lp->p >= lp->end)
        lp->failed = true;
    else
        lp->p++;
}

/* The group's body and closing parenthesis. */
static item
parse_group_body(lparse *lp, bool counts, mn_literals *req)
{
    item it = {.kind = counts ? ITEM_GROUP : ITEM_OPAQUE};
    if (++lp->depth > MAX_DEPTH) {
        lp->failed = true;
        return it;
    }
    parse_alt(lp, req);
    lp->depth--;
    if (!at(lp, 0, ')'))
        lp->failed = true;
    else
        lp->p++;
    return it;
}

/* After "(?": option letters, then ')' (a setting) or ':' (a group). */
static item
parse_options(lparse *lp, mn_literals *req)
{
    item it = {.kind = ITEM_NONE};
    bool negated = false;
    while (lp->p < lp->end &&
           (is_alnum(*lp->p) || *lp->p == '-' || *lp->p == '^')) {
        if (*lp->p == '-')
            negated = true;
        else if (!negated && (*lp->p == 'x' || *lp->p == 'X'))
            lp->failed = true; /* extended syntax: not followed */
        lp->p++;
    }
    if (at(lp, 0, ')')) {
        lp->p++;
        return it;
    }
    if (at(lp, 0, ':')) {
        lp->p++;
        return parse_group_body(lp, true, req);
    }
    lp->failed = true;
    return it;
}

static item
parse_group(lparse *lp, mn_literals *req)
{
    lp->p++;              /* ( */
    if (at(lp, 0, '*')) { /* verbs and (*pla:...) forms */
        lp->failed = true;
        return (item){.kind = ITEM_OPAQUE};
    }
    if (!at(lp, 0, '?'))
        return parse_group_body(lp, true, req);
    lp->p++;
    char c = '\0';
    if (lp->p < lp->end)
        c = *lp->p;
    if (c == '#') {
        skip_past(lp, ')');
        return (item){.kind = ITEM_NONE};
    }
    if (c == ':' || c == '|' || c == '>') {
        lp->p++;
        return parse_group_body(lp, true, req);
    }
    if (c == '=' || c == '!') {
        lp->p++;
        return parse_group_body(lp, false, req);
    }
    if (c == '<' && (at(lp, 1, '=') || at(lp, 1, '!'))) {
        lp->p += 2;
        return parse_group_body(lp, false, req);
    }
    if (c == '\'') {
        lp->p++;
        skip_past(lp, '\'');
        return parse_group_body(lp, true, req);
    }
    if (c == '<' || (c == 'P' && at(lp, 1, '<'))) {
        skip_past(lp, '>');
        return parse_group_body(lp, true, req);
    }
    if (c == '-' && lp->p + 1 < lp->end && is_digit(lp->p[1])) {
        lp->failed = true; /* relative subroutine call */
        return (item){.kind = ITEM_OPAQUE};
    }
    if (is_alnum(c) && c != 'P' && c != 'R' && c != 'C' && !is_digit(c))
        return parse_options(lp, req);
    if (c == '-' || c == '^')
        return parse_options(lp, req);
    lp->failed = true; /* conditionals, recursion, callouts, (?P=..) */
    return (item){.kind = ITEM_OPAQUE};
}

static item
parse_item(lparse *lp, mn_literals *req)
{
    char c = *lp->p;
    switch (c) {
    case '\\':
        return parse_escape(lp);
    case '[':
        skip_class(lp);
        return (item){.kind = ITEM_OPAQUE};
    case '(':
        return parse_group(lp, req);
    case '.':
    case '^':
    case '$':
        lp->p++;
        return (item){.kind = ITEM_OPAQUE};
    case '*':
    case '+':
    case '?':
        lp->failed = true; /* a quantifier with nothing to repeat */
        return (item){.kind = ITEM_OPAQUE};
    default:
        break;
    }
    if ((unsigned char)c >= 0x80) {
        skip_utf8_char(lp);
        return (item){.kind = ITEM_OPAQUE};
    }
    lp->p++;
    char lower = c;
    if (c >= 'A' && c <= 'Z')
        lower = (char)(c - 'A' + 'a');
    return (item){.kind = ITEM_LIT, .c = lower};
}

/* {n}, {n,} or {n,m} at lp->p; false (nothing consumed) when '{' is a
 * literal brace. Forms this PCRE2 may read differently ({,m}, spaces) fail
 * the analysis rather than guess. */
static bool
parse_braces(lparse *lp, quant *q)
{
    const char *s = lp->p + 1;
    if (s < lp->end && (*s == ',' || *s == ' ')) {
        lp->failed = true;
        return true;
    }
    if (s >= lp->end || !is_digit(*s))
        return false;
    unsigned long min = 0, max = 0;
    while (s < lp->end && is_digit(*s) && min < 100000)
        min = min * 10 + (unsigned long)(*s++ - '0');
    max = min;
    if (s < lp->end && *s == ',') {
        s++;
        max = s < lp->end && is_digit(*s) ? 0 : (unsigned long)-1;
        while (s < lp->end && is_digit(*s) && max < 100000)
            max = max * 10 + (unsigned long)(*s++ - '0');
    }
    if (s >= lp->end || *s != '}') {
        lp->failed = true;
        return true;
    }
    lp->p = s + 1;
    q->min = min > 0 ? 1 : 0;
    q->exactly_one = min == 1 && max == 1;
    return true;
}

static quant
parse_quant(lparse *lp)
{
    quant q = {.min = 1, .exactly_one = true};
    if (lp->p >= lp->end)
        return q;
    char c = *lp->p;
    if (c == '?' || c == '*') {
        q = (quant){0, false};
        lp->p++;
    } else if (c == '+') {
        q = (quant){1, false};
        lp->p++;
    } else if (c != '{' || !parse_braces(lp, &q)) {
        return q;
    }
    if (lp->p < lp->end && (*lp->p == '?' || *lp->p == '+'))
        lp->p++; /* lazy or possessive */
    return q;
}

typedef struct seq_state {
    char run[MN_LIT_MAX_LEN];
    size_t rlen;
    mn_literals best;
} seq_state;

static void
consider(seq_state *s, const mn_literals *r)
{
    if (better(r, &s->best))
        s->best = *r;
}

/* A run beats the best so far only if it is longer than its shortest
 * alternative (a single literal wins a tie against a set). */
static void
flush_run(seq_state *s)
{
    size_t have = shortest(&s->best);
    if (s->rlen > have || (s->rlen == have && s->best.n > 1)) {
        memcpy(s->best.lit[0], s->run, s->rlen);
        s->best.lit[0][s->rlen] = '\0';
        s->best.len[0] = (uint8_t)s->rlen;
        s->best.n = 1;
    }
    s->rlen = 0;
}

static void
add_item(seq_state *s, const item *it, const mn_literals *req, quant q)
{
    if (it->kind != ITEM_LIT || q.min == 0) {
        flush_run(s);
        if (it->kind == ITEM_GROUP && q.min > 0)
            consider(s, req);
        return;
    }
    if (s->rlen == MN_LIT_MAX_LEN)
        flush_run(s);
    s->run[s->rlen++] = it->c;
    if (!q.exactly_one)
        flush_run(s);
}

static void
parse_seq(lparse *lp, mn_literals *out)
{
    seq_state s;
    s.rlen = 0;
    s.best.n = 0;
    mn_literals req;
    while (!lp->failed && lp->p < lp->end && *lp->p != '|' && *lp->p != ')') {
        req.n = 0;
        item it = parse_item(lp, &req);
        const char *before = lp->p;
        quant q = parse_quant(lp);
        if (it.kind == ITEM_NONE && lp->p != before)
            lp->failed = true; /* a quantifier on a comment or \E */
        if (lp->failed)
            break;
        if (it.kind != ITEM_NONE)
            add_item(&s, &it, &req, q);
    }
    flush_run(&s);
    *out = s.best;
}

static void
parse_alt(lparse *lp, mn_literals *all)
{
    all->n = 0;
    bool usable = true;
    mn_literals b;
    for (;;) {
        parse_seq(lp, &b);
        for (size_t i = 0; usable && i < b.n; i++)
            usable = req_add(all, b.lit[i], b.len[i]);
        if (b.n == 0)
            usable = false;
        if (lp->failed || !at(lp, 0, '|'))
            break;
        lp->p++;
    }
    if (!usable)
        all->n = 0;
}

/* An alternative that contains another is implied by it: checking the
 * shorter one alone gives the same answer. */
static void
drop_redundant(mn_literals *r)
{
    size_t kept = 0;
    for (size_t i = 0; i < r->n; i++) {
        bool implied = false;
        for (size_t j = 0; j < r->n && !implied; j++)
            implied = j != i && r->len[j] <= r->len[i] &&
                      strstr(r->lit[i], r->lit[j]) &&
                      (r->len[j] < r->len[i] || j < i);
        if (implied)
            continue;
        if (kept != i) {
            memcpy(r->lit[kept], r->lit[i], sizeof r->lit[i]);
            r->len[kept] = r->len[i];
        }
        kept++;
    }
    r->n = kept;
}

void
mn_literals_of(const char *pattern, uint32_t options, mn_literals *out)
{
    memset(out, 0, sizeof *out);
    if (!pattern ||
        (options & (PCRE2_EXTENDED | PCRE2_EXTENDED_MORE | PCRE2_LITERAL)))
        return;
    lparse lp = {.p = pattern, .end = pattern + strlen(pattern)};
    mn_literals r;
    parse_alt(&lp, &r);
    if (lp.failed || lp.p != lp.end || shortest(&r) < MN_LIT_MIN_LEN)
        return;
    drop_redundant(&r);
    *out = r;
}

size_t
mn_literal_fold(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') {
            out[o++] = (char)(c | 0x20);
        } else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x84 &&
                   (unsigned char)s[i + 2] == 0xAA) {
            out[o++] = 'k'; /* U+212A KELVIN SIGN */
            i += 2;
        } else if (c == 0xC5 && i + 1 < n && (unsigned char)s[i + 1] == 0xBF) {
            out[o++] = 's'; /* U+017F LATIN SMALL LETTER LONG S */
            i += 1;
        } else {
            out[o++] = (char)c;
        }
    }
    return o;
}
