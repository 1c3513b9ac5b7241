/*
 * Load-time lint of rule patterns: a small scanner over PCRE2 syntax that
 * spots the shapes that backtrack catastrophically — a quantified group whose
 * body is itself unboundedly quantified with nothing fixed to anchor it
 * ((a+)+, (\w*)*, (.*)*), a greedy .* / .+ between two capture groups of
 * which the later is unbounded, the same thing repeated twice in a row
 * (\d+\d+), a repeated group holding .* or .+ ((.*?,){11}), three or
 * more .* / .+ in one alternative (a.*b.*c.*d), and a repeated choice
 * between literal alternatives of which one is a prefix of another
 * ((a|aa)+). Heuristic: it warns, it never rejects.
 */
#include <stdbool.h>
#include <string.h>

#include "mn_limits.h"
#include "mn_ruleset_int.h"

#define MAX_PLAIN_ALTS 8 /* plain alternatives compared per group */

typedef struct level {
    bool capture, atomic;
    bool unbounded; /* holds an unbounded, backtracking quantifier */
    bool dot_star;  /* holds a .* or .+ */
    bool alt_fixed; /* the current alternative has a fixed atom */
    bool all_fixed; /* every alternative so far had one */
    bool seen_capture, capture_then_dot;
    size_t dots;           /* unbounded .* / .+ in the current alternative */
    size_t prev_s, prev_n; /* the last atom if it repeats unboundedly */
    /* Alternatives that are plain literal text, to tell (a|aa): */
    size_t alt_start; /* where the current alternative begins */
    bool alt_plain;   /* no atom other than literal characters so far */
    bool overlap;     /* one plain alternative is a prefix of another */
    unsigned nlits;
    size_t lit_s[MAX_PLAIN_ALTS], lit_n[MAX_PLAIN_ALTS];
} level;

typedef struct atom {
    bool group, capture, dot, fixed_candidate;
    size_t s, n; /* its source text, for a simple atom */
    level inner; /* for groups */
} atom;

typedef struct quant {
    bool present, unbounded, possessive;
    bool repeats; /* may match more than once: *, +, {n,}, {n,m} with m > 1 */
} quant;

typedef struct scanner {
    const char *p;
    size_t n, i;
    bool extended;
    level stack[MN_MAX_YAML_DEPTH * 4];
    size_t depth;
    bool warned_nested, warned_dot, warned_twice, warned_group_dot, warned_dots,
        warned_overlap;
    const mn_rule *rule;
    lint_warn_fn warn;
    void *ctx;
} scanner;

static void
skip_to(scanner *s, char c)
{
    while (s->i < s->n && s->p[s->i] != c)
        s->i += s->p[s->i] == '\\' ? 2 : 1;
    s->i++;
}

static void
skip_escape(scanner *s, atom *a)
{
    char c = (char)(s->i + 1 < s->n ? s->p[s->i + 1] : '\0');
    s->i += 2;
    if (c == 'Q') {
        while (s->i + 1 < s->n &&
               !(s->p[s->i] == '\\' && s->p[s->i + 1] == 'E'))
            s->i++;
        s->i += 2;
        return;
    }
    if (s->i < s->n && (s->p[s->i] == '{' || s->p[s->i] == '<') &&
        strchr("xpPgkNo", c))
        skip_to(s, s->p[s->i] == '{' ? '}' : '>');
    a->fixed_candidate = !strchr("bBAzZGK", c);
}

static void
skip_class(scanner *s)
{
    s->i++;
    if (s->i < s->n && s->p[s->i] == '^')
        s->i++;
    if (s->i < s->n && s->p[s->i] == ']')
        s->i++;
    while (s->i < s->n && s->p[s->i] != ']') {
        if (s->p[s->i] == '\\')
            s->i++;
        else if (s->p[s->i] == '[' && s->i + 1 < s->n && s->p[s->i + 1] == ':')
            skip_to(s, ']');
        s->i++;
    }
    s->i++;
}

static quant
read_quant(scanner *s)
{
    quant q = {0};
    if (s->i >= s->n)
        return q;
    char c = s->p[s->i];
    if (c == '*' || c == '+' || c == '?') {
        q = (quant){true, c != '?', false, c != '?'};
        s->i++;
    } else if (c == '{') {
        size_t j = s->i + 1;
        unsigned long last = 0; /* the last number in the braces */
        while (j < s->n &&
               ((s->p[j] >= '0' && s->p[j] <= '9') || s->p[j] == ',')) {
            if (s->p[j] == ',')
                last = 0;
            else if (last < 1000)
                last = last * 10 + (unsigned long)(s->p[j] - '0');
            j++;
        }
        if (j >= s->n || s->p[j] != '}' || j == s->i + 1)
            return q; /* a literal brace */
        q.present = true;
        q.unbounded = s->p[j - 1] == ',';
        q.repeats = q.unbounded || last > 1;
        s->i = j + 1;
    } else {
        return q;
    }
    if (s->i < s->n && s->p[s->i] == '+') {
        q.possessive = true;
        s->i++;
    } else if (s->i < s->n && s->p[s->i] == '?') {
        s->i++;
    }
    return q;
}

static void
warn_once(scanner *s, bool *flag, const char *what)
{
    if (*flag)
        return;
    *flag = true;
    s->warn(s->ctx, s->rule, what);
}

static bool
same_atom(const scanner *s, const level *lv, const atom *a)
{
    return lv->prev_n && a->n == lv->prev_n &&
           memcmp(s->p + a->s, s->p + lv->prev_s, a->n) == 0;
}

/* Shapes whose failing matches try every way of splitting the text. */
static void
check_repeats(scanner *s, level *lv, const atom *a, quant q)
{
    bool backtracks = q.unbounded && !q.possessive;
    if (!a->group && backtracks && same_atom(s, lv, a))
        warn_once(s, &s->warned_twice,
                  "pattern repeats the same thing twice in a row (like "
                  "\\d+\\d+): every split of the text is tried when it "
                  "fails");
    if (a->group && q.repeats && !q.possessive && !a->inner.atomic &&
        a->inner.dot_star)
        warn_once(s, &s->warned_group_dot,
                  "pattern repeats a group holding .* or .+ (like "
                  "(.*?,){11}): slow when the match fails");
    if (a->dot && backtracks && ++lv->dots == 3)
        warn_once(s, &s->warned_dots,
                  "pattern has three or more .* or .+ in one alternative "
                  "(like a.*b.*c.*d): slow on long text when it fails");
    bool simple = !a->group && a->n > 0;
    lv->prev_s = simple && backtracks ? a->s : 0;
    lv->prev_n = simple && backtracks ? a->n : 0;
}

/* Fold an atom and its quantifier into the enclosing level. */
static void
add_atom(scanner *s, const atom *a, quant q)
{
    level *lv = &s->stack[s->depth];
    lv->alt_plain = false;
    if (a->group && q.repeats && !q.possessive && !a->inner.atomic &&
        a->inner.overlap)
        warn_once(s, &s->warned_overlap,
                  "pattern repeats a choice whose alternatives can match the "
                  "same text (like (a|aa)+): every way of splitting it is "
                  "tried when the match fails");
    bool backtracks = q.unbounded && !q.possessive;
    if (a->group && backtracks && a->inner.unbounded && !a->inner.all_fixed &&
        !a->inner.atomic)
        warn_once(s, &s->warned_nested,
                  "pattern has nested quantifiers (like (a+)+) that can "
                  "backtrack catastrophically");
    bool inner_unbounded = a->group && a->inner.unbounded;
    lv->unbounded |= backtracks || inner_unbounded;
    bool dot = (a->dot && q.unbounded) || (a->group && a->inner.dot_star);
    lv->dot_star |= dot;
    /* fixed: matches exactly once, so repetitions cannot trade text */
    bool fixed =
        !q.present && (a->fixed_candidate || (a->group && a->inner.all_fixed));
    lv->alt_fixed |= fixed;
    if (a->capture && (inner_unbounded || backtracks) && lv->capture_then_dot)
        warn_once(s, &s->warned_dot,
                  "pattern has an unbounded .* or .+ between two capture "
                  "groups, the later unbounded too: slow on long text");
    if (dot && lv->seen_capture)
        lv->capture_then_dot = true;
    if (a->capture)
        lv->seen_capture = true;
    check_repeats(s, lv, a, q);
}

static void
open_group(scanner *s)
{
    const char *p = s->p;
    size_t i = ++s->i;
    level lv = {.capture = true, .all_fixed = true};
    if (i < s->n && p[i] == '*') { /* (*VERB) */
        skip_to(s, ')');
        return;
    }
    if (i < s->n && p[i] == '?') {
        char c = (char)(i + 1 < s->n ? p[i + 1] : '\0');
        char d = (char)(i + 2 < s->n ? p[i + 2] : '\0');
        if (c == '#') {
            skip_to(s, ')');
            return;
        }
        lv.capture =
            (c == '<' && d != '=' && d != '!') || c == 'P' || c == '\'';
        lv.atomic = c == '>';
        s->i += 2;
        if (lv.capture)
            skip_to(s, c == '\'' ? '\'' : '>');
    }
    lv.alt_start = s->i;
    lv.alt_plain = true;
    if (s->depth + 1 < sizeof s->stack / sizeof s->stack[0])
        s->stack[++s->depth] = lv;
}

static bool
is_prefix(const scanner *s, size_t a, size_t an, size_t b, size_t bn)
{
    return an <= bn && memcmp(s->p + a, s->p + b, an) == 0;
}

/* Remember the alternative ending at s->i if it is plain literal text, and
 * whether it overlaps an earlier one (one a prefix of the other). */
static void
end_alternative(scanner *s, level *lv)
{
    if (!lv->alt_plain || s->i <= lv->alt_start || s->i > s->n ||
        lv->nlits >= MAX_PLAIN_ALTS)
        return;
    size_t n = s->i - lv->alt_start;
    for (unsigned k = 0; k < lv->nlits; k++)
        if (is_prefix(s, lv->lit_s[k], lv->lit_n[k], lv->alt_start, n) ||
            is_prefix(s, lv->alt_start, n, lv->lit_s[k], lv->lit_n[k]))
            lv->overlap = true;
    lv->lit_s[lv->nlits] = lv->alt_start;
    lv->lit_n[lv->nlits++] = n;
}

static void
close_group(scanner *s)
{
    if (s->depth > 0)
        end_alternative(s, &s->stack[s->depth]);
    s->i++;
    if (s->depth == 0)
        return;
    atom a = {.group = true};
    a.inner = s->stack[s->depth--];
    a.inner.all_fixed &= a.inner.alt_fixed;
    a.capture = a.inner.capture;
    add_atom(s, &a, read_quant(s));
}

static void
alternative(scanner *s)
{
    level *lv = &s->stack[s->depth];
    lv->all_fixed &= lv->alt_fixed;
    lv->alt_fixed = false;
    lv->seen_capture = lv->capture_then_dot = false;
    lv->dots = lv->prev_n = 0;
    if (s->depth > 0)
        end_alternative(s, lv);
    s->i++;
    lv->alt_start = s->i;
    lv->alt_plain = true;
}

static bool
skip_extended(scanner *s)
{
    char c = s->p[s->i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        s->i++;
        return true;
    }
    if (c == '#') {
        skip_to(s, '\n');
        return true;
    }
    return false;
}

static bool
is_plain(char c)
{
    return !strchr("\\[]().|*+?{}^$# \t\n\r", c);
}

static bool
is_quantifier(char c)
{
    return c == '*' || c == '+' || c == '?' || c == '{';
}

/*
 * Unquantified literal characters, most of a pattern, fold into the level
 * as a fixed atom each; take a run of them at once.
 */
static bool
skip_literals(scanner *s)
{
    size_t i = s->i;
    while (i + 1 < s->n && is_plain(s->p[i]) && !is_quantifier(s->p[i + 1]))
        i++;
    if (i == s->i)
        return false;
    s->stack[s->depth].alt_fixed = true;
    s->stack[s->depth].prev_n = 0; /* \d+x\d+: the x separates them */
    s->i = i;
    return true;
}

static void
step(scanner *s)
{
    char c = s->p[s->i];
    if (s->extended && skip_extended(s))
        return;
    if (skip_literals(s))
        return;
    if (c == '(') {
        open_group(s);
        return;
    }
    if (c == ')') {
        close_group(s);
        return;
    }
    if (c == '|') {
        alternative(s);
        return;
    }
    atom a = {.fixed_candidate = true, .s = s->i};
    if (c == '\\') {
        skip_escape(s, &a);
    } else if (c == '[') {
        skip_class(s);
    } else {
        a.dot = c == '.';
        a.fixed_candidate = c != '^' && c != '$';
        s->i++;
    }
    a.n = s->i <= s->n ? s->i - a.s : 0;
    add_atom(s, &a, read_quant(s));
}

void
mn_rule_lint(const mn_rule *r, lint_warn_fn warn, void *ctx)
{
    if (!r->pattern)
        return;
    scanner s = {.p = r->pattern,
                 .n = strlen(r->pattern),
                 .rule = r,
                 .warn = warn,
                 .ctx = ctx,
                 .extended = (r->options & PCRE2_EXTENDED) != 0};
    s.stack[0].all_fixed = true;
    /* every step consumes at least one byte */
    while (s.i < s.n)
        step(&s);
}
