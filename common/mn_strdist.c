/* Optimal string alignment distance with three rolling rows; see
 * mn_strdist.h. */
#include "mn_strdist.h"

#include <string.h>

size_t
mn_strdist(const char *a, const char *b, size_t max)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > MN_STRDIST_MAX_LEN || lb > MN_STRDIST_MAX_LEN)
        return strcmp(a, b) != 0 ? max + 1 : 0;
    if ((la > lb ? la - lb : lb - la) > max)
        return max + 1;
    size_t rows[3][MN_STRDIST_MAX_LEN + 1];
    size_t *two = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && two[j - 2] + 1 < best)
                best = two[j - 2] + 1;
            cur[j] = best;
            if (best < row_min)
                row_min = best;
        }
        if (row_min > max)
            return max + 1; /* every path already costs more */
        size_t *t = two;
        two = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb] > max ? max + 1 : prev[lb];
}
