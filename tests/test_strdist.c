/* Edit distance shared by rule suggestions, checks and the diff. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "mn_strdist.h"

Test(strdist, edits_and_transpositions)
{
    cr_assert_eq(mn_strdist("", "", 3), 0);
    cr_assert_eq(mn_strdist("pattern", "patern", 3), 1);
    cr_assert_eq(mn_strdist("RSP", "RPS", 3), 1); /* one swap */
    cr_assert_eq(mn_strdist("kitten", "sitting", SIZE_MAX - 1), 3);
    cr_assert_eq(mn_strdist("Jane Doe", "Jane Dooe", 1), 1);
}

Test(strdist, stops_past_max)
{
    cr_assert_eq(mn_strdist("abcdef", "uvwxyz", 2), 3);
    cr_assert_eq(mn_strdist("a", "abcdefgh", 2), 3); /* lengths alone */
}

Test(strdist, long_strings_only_equal_or_far)
{
    char a[400], b[400];
    memset(a, 'x', sizeof a - 1);
    a[sizeof a - 1] = '\0';
    memcpy(b, a, sizeof b);
    cr_assert_eq(mn_strdist(a, b, 2), 0);
    b[10] = 'y';
    cr_assert_eq(mn_strdist(a, b, 2), 3);
}
