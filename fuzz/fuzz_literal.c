/*
 * libFuzzer entry point for the required-literal analysis (rules/mn_literal.c)
 * and its soundness: input = flags byte, pattern, NUL, subject. When PCRE2
 * (UTF, UCP, caseless if flag bit 0) matches the subject, one of the
 * literals the analysis reported must be in the folded subject — otherwise
 * the matcher's prefilter would have skipped a real match.
 */
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "fuzz.h"
#include "mn_literal.h"

/* memmem is a GNU extension; the subject may hold NUL bytes. */
static bool
contains(const char *s, size_t n, const char *lit, size_t k)
{
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, lit, k) == 0)
            return true;
    return false;
}

static bool
some_literal_in(const mn_literals *l, const char *s, size_t n)
{
    char *folded = malloc(n + 1);
    if (!folded)
        abort();
    size_t fn = mn_literal_fold(s, n, folded);
    bool found = false;
    for (size_t i = 0; i < l->n && !found; i++)
        found = contains(folded, fn, l->lit[i], l->len[i]);
    free(folded);
    return found;
}

static int
match(const char *pattern, uint32_t opts, const char *s, size_t n)
{
    int ec = 0;
    PCRE2_SIZE eo = 0;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                     opts, &ec, &eo, NULL);
    if (!code)
        return -1; /* not a pattern PCRE2 accepts: nothing to check */
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    (void)pcre2_set_match_limit(mc, 100000);
    int rc = pcre2_match(code, (PCRE2_SPTR)s, n, 0, 0, md, mc);
    pcre2_match_context_free(mc);
    pcre2_match_data_free(md);
    pcre2_code_free(code);
    return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const char *p = (const char *)data + 1;
    const char *nul = memchr(p, '\0', size - 1);
    if (!nul)
        return 0;
    uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C |
                    ((data[0] & 1) ? PCRE2_CASELESS : 0) |
                    ((data[0] & 2) ? PCRE2_MULTILINE : 0) |
                    ((data[0] & 4) ? PCRE2_DOTALL : 0);
    char *pattern = strndup(p, (size_t)(nul - p));
    if (!pattern)
        abort();
    const char *subject = nul + 1;
    size_t n = size - 1 - (size_t)(nul - p) - 1;
    mn_literals l;
    mn_literals_of(pattern, opts, &l);
    if (l.n > 0 && match(pattern, opts, subject, n) >= 0 &&
        !some_literal_in(&l, subject, n))
        abort(); /* the prefilter would skip a match */
    free(pattern);
    return 0;
}
