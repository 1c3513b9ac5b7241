/*
 * Times loading, validating and JIT-compiling the embedded rule set (what
 * every `minutes` run pays once): prints the best and median of N loads in
 * milliseconds. Usage: ruleload [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_util.h"
#include "mn_ruleset.h"

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 21;
    if (n < 1 || n > 10000)
        n = 21;
    double *ms = calloc((size_t)n, sizeof *ms);
    if (!ms)
        return 1;
    size_t rules = 0;
    for (long i = 0; i < n; i++) {
        mn_ruleset_options opt = {0};
        mn_ruleset *rs = NULL;
        mn_error err = {0};
        double t0 = bench_wall_ms();
        if (mn_ruleset_load(&opt, &rs, &err) != MN_OK) {
            fprintf(stderr, "ruleload: %s\n", err.problem);
            free(ms);
            return 1;
        }
        ms[i] = bench_wall_ms() - t0;
        rules = mn_ruleset_count(rs);
        mn_ruleset_free(rs);
    }
    qsort(ms, (size_t)n, sizeof *ms, cmp_double);
    printf("%zu rules: best %.2f ms, median %.2f ms over %ld loads\n", rules,
           ms[0], ms[n / 2], n);
    free(ms);
    return 0;
}
