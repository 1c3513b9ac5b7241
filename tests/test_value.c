/* Unit tests for the record model (common/mn_value.c). */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mn_value.h"

Test(value, scalars_and_types)
{
    mn_value *n = mn_value_null(), *b = mn_value_bool(true);
    mn_value *i = mn_value_int(-42), *d = mn_value_num(2.5);
    mn_value *s = mn_value_str("text"), *sn = mn_value_strn("abcdef", 3);
    cr_assert_eq(mn_value_type(n), MN_V_NULL);
    cr_assert(mn_value_is_null(NULL));
    cr_assert(mn_value_as_bool(b));
    cr_assert_eq(mn_value_as_int(i), -42);
    cr_assert_eq(mn_value_as_num(i), -42.0); // INT converts
    cr_assert_eq(mn_value_as_num(d), 2.5);
    cr_assert_str_eq(mn_value_as_str(s), "text");
    cr_assert_str_eq(mn_value_as_str(sn), "abc");
    // Mismatched types give NULL / 0 / false.
    cr_assert_null(mn_value_as_str(i));
    cr_assert_eq(mn_value_as_int(d), 0);
    cr_assert_not(mn_value_as_bool(s));
    cr_assert_eq(mn_value_len(s), 0);
    mn_value *nul = mn_value_str(NULL);
    cr_assert(mn_value_is_null(nul));
    mn_value_free(nul);
    mn_value_free(n);
    mn_value_free(b);
    mn_value_free(i);
    mn_value_free(d);
    mn_value_free(s);
    mn_value_free(sn);
    mn_value_free(NULL);
}

Test(value, map_keeps_insertion_order_and_replaces_in_place)
{
    mn_value *m = mn_value_map();
    mn_map_set_str(m, "b", "1");
    mn_map_set_int(m, "a", 2);
    mn_map_set_null(m, "c");
    mn_map_set_bool(m, "a", true); // replaced, stays second
    cr_assert_eq(mn_value_len(m), 3);
    cr_assert_str_eq(mn_map_key_at(m, 0), "b");
    cr_assert_str_eq(mn_map_key_at(m, 1), "a");
    cr_assert_str_eq(mn_map_key_at(m, 2), "c");
    cr_assert_eq(mn_value_type(mn_map_value_at(m, 1)), MN_V_BOOL);
    cr_assert_str_eq(mn_map_get_str(m, "b"), "1");
    cr_assert_null(mn_map_get(m, "zz"));
    cr_assert_null(mn_map_key_at(m, 3));
    mn_map_remove(m, "b");
    mn_map_remove(m, "missing");
    cr_assert_eq(mn_value_len(m), 2);
    cr_assert_str_eq(mn_map_key_at(m, 0), "a");
    mn_value_free(m);
}

Test(value, large_map_lookup_and_remove)
{
    mn_value *m = mn_value_map();
    char key[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        mn_map_set_int(m, key, i);
    }
    mn_map_set_int(m, "k17", -17); // replace past the index threshold
    for (int i = 0; i < 5000; i += 2) {
        snprintf(key, sizeof key, "k%d", i);
        mn_map_remove(m, key);
    }
    cr_assert_eq(mn_value_len(m), 2500);
    cr_assert_str_eq(mn_map_key_at(m, 0), "k1");
    cr_assert_eq(mn_value_as_int(mn_map_get(m, "k17")), -17);
    cr_assert_eq(mn_value_as_int(mn_map_get(m, "k4999")), 4999);
    cr_assert_null(mn_map_get(m, "k4998"));
    mn_value_free(m);
}

/* The record's usual keys, in a map that later takes an unusual key (and,
 * below, more usual keys than a compact map holds): nothing may show. */
static const char *const usual[] = {
    "kind", "value", "text",    "measure", "direction", "target",
    "area", "unit",  "section", "line",    "title",     "date",
    "time", "name",  "role",    "owner",   "due",       "status"};
#define N_USUAL (sizeof usual / sizeof usual[0])

/* Entries 0..n) of m are usual[first..first + n), with their position as
 * value. */
static void
assert_usual(const mn_value *m, size_t n, size_t first)
{
    cr_assert_geq(mn_value_len(m), n);
    for (size_t i = 0; i < n; i++) {
        const char *key = usual[first + i];
        cr_assert_str_eq(mn_map_key_at(m, i), key);
        cr_assert_eq(mn_value_as_int(mn_map_get(m, key)),
                     (long long)(first + i));
        cr_assert_eq(mn_map_value_at(m, i), mn_map_get(m, key));
    }
}

Test(value, usual_keys_then_other_keys)
{
    mn_value *m = mn_value_map();
    for (size_t i = 0; i < 10; i++)
        mn_map_set_int(m, usual[i], (long long)i);
    mn_map_set_int(m, "value", 1); // replaced in place
    cr_assert_eq(mn_value_len(m), 10);
    assert_usual(m, 10, 0);
    cr_assert_null(mn_map_get(m, "not a usual key"));
    cr_assert_null(mn_map_get(m, "values")); // known, but absent
    mn_value *c = mn_value_copy(m);
    mn_map_set_str(m, "Quarter 3 spend", "x"); // an unusual key
    cr_assert_eq(mn_value_len(m), 11);
    cr_assert_str_eq(mn_map_key_at(m, 10), "Quarter 3 spend");
    cr_assert_str_eq(mn_map_get_str(m, "Quarter 3 spend"), "x");
    assert_usual(m, 10, 0);
    cr_assert_not(mn_value_equal(m, c));
    mn_map_remove(m, "Quarter 3 spend");
    cr_assert(mn_value_equal(m, c)); // either way of keeping keys
    cr_assert(mn_value_equal(c, m));
    mn_map_remove(m, "kind");
    mn_map_remove(c, "kind");
    cr_assert_eq(mn_value_len(c), 9);
    assert_usual(c, 9, 1);
    cr_assert(mn_value_equal(m, c));
    mn_value_free(m);
    mn_value_free(c);
}

Test(value, more_usual_keys_than_a_compact_map_holds)
{
    mn_value *m = mn_value_map(), *holder = mn_value_list();
    for (size_t i = 0; i < 4; i++)
        mn_map_set_int(m, usual[i], (long long)i);
    mn_list_push(holder, m); // gives back its slack; filling goes on
    for (size_t i = 4; i < N_USUAL; i++)
        mn_map_set_int(m, usual[i], (long long)i);
    cr_assert_eq(mn_value_len(m), N_USUAL);
    assert_usual(m, N_USUAL, 0);
    mn_value *c = mn_value_copy(m);
    cr_assert_eq(mn_value_len(c), N_USUAL);
    assert_usual(c, N_USUAL, 0);
    cr_assert(mn_value_equal(m, c));
    mn_map_remove(m, "kind");
    cr_assert_eq(mn_value_len(m), N_USUAL - 1);
    assert_usual(m, N_USUAL - 1, 1);
    mn_value_free(holder);
    mn_value_free(c);
}

Test(value, empty_maps_and_lists_inserted_and_copied)
{
    mn_value *r = mn_value_map();
    mn_map_set(r, "items", mn_value_list());
    mn_map_set(r, "meeting", mn_value_map());
    mn_map_set(r, "x-unusual", mn_value_map());
    mn_value *c = mn_value_copy(r);
    cr_assert(mn_value_equal(r, c));
    mn_map_set_int(mn_map_get(c, "meeting"), "number", 4);
    mn_map_set_int(mn_map_get(c, "x-unusual"), "n", 4);
    cr_assert_eq(mn_value_as_int(mn_value_path(c, "meeting.number")), 4);
    cr_assert_eq(mn_value_as_int(mn_value_path(c, "x-unusual.n")), 4);
    cr_assert_eq(mn_value_len(mn_map_get(r, "meeting")), 0);
    mn_value_free(r);
    mn_value_free(c);
}

Test(value, list_push_many)
{
    mn_value *l = mn_value_list();
    for (long long i = 0; i < 200000; i++)
        mn_list_push(l, mn_value_int(i));
    cr_assert_eq(mn_value_len(l), 200000);
    cr_assert_eq(mn_value_as_int(mn_list_at(l, 123456)), 123456);
    cr_assert_null(mn_list_at(l, 200000));
    mn_value_free(l);
}

Test(value, wrong_container_frees_what_it_was_given)
{
    mn_value *s = mn_value_str("x");
    mn_list_push(s, mn_value_str("leak?"));
    mn_map_set(s, "k", mn_value_str("leak?"));
    mn_map_set(NULL, "k", mn_value_int(1));
    cr_assert_eq(mn_value_len(s), 0);
    mn_value_free(s);
}

static mn_value *
sample_record(void)
{
    mn_value *r = mn_value_map();
    mn_map_set_int(r, "schema", 1);
    mn_value *m = mn_value_map();
    mn_map_set_str(m, "title", "Quarter 3");
    mn_value *p = mn_value_map();
    mn_map_set_int(p, "quarter", 3);
    mn_map_set(m, "period", p);
    mn_map_set(r, "meeting", m);
    mn_value *att = mn_value_list();
    mn_value *a = mn_value_map();
    mn_map_set_str(a, "name", "Jane Doe");
    mn_map_set_num(a, "value", 82.0);
    mn_list_push(att, a);
    mn_map_set(r, "attendees", att);
    return r;
}

Test(value, path_lookup)
{
    mn_value *r = sample_record();
    cr_assert_eq(mn_value_as_int(mn_value_path(r, "meeting.period.quarter")),
                 3);
    cr_assert_str_eq(mn_value_as_str(mn_value_path(r, "attendees.0.name")),
                     "Jane Doe");
    cr_assert_eq(mn_value_path(r, ""), r);
    cr_assert_null(mn_value_path(r, "attendees.1.name"));
    cr_assert_null(mn_value_path(r, "attendees.x"));
    cr_assert_null(mn_value_path(r, "schema.deeper"));
    cr_assert_null(mn_value_path(r, "meeting.nothing"));
    cr_assert_null(mn_value_path(NULL, "a"));
    mn_value_free(r);
}

Test(value, copy_is_deep_and_equal)
{
    mn_value *r = sample_record();
    mn_value *c = mn_value_copy(r);
    cr_assert(mn_value_equal(r, c));
    mn_map_set_str(mn_value_path(c, "attendees.0"), "name", "Other");
    cr_assert_not(mn_value_equal(r, c));
    cr_assert_str_eq(mn_value_as_str(mn_value_path(r, "attendees.0.name")),
                     "Jane Doe");
    cr_assert_null(mn_value_copy(NULL));
    mn_value_free(r);
    mn_value_free(c);
}

Test(value, equality_rules)
{
    mn_value *a = mn_value_map(), *b = mn_value_map();
    mn_map_set_int(a, "x", 82);
    mn_map_set_str(a, "y", "s");
    mn_map_set_str(b, "y", "s");
    mn_map_set_num(b, "x", 82.0); // other order, NUM vs INT
    cr_assert(mn_value_equal(a, b));
    mn_map_set_num(b, "x", 82.5);
    cr_assert_not(mn_value_equal(a, b));
    mn_map_set_int(b, "x", 82);
    mn_map_set_null(b, "z");
    cr_assert_not(mn_value_equal(a, b)); // sizes differ
    mn_map_remove(b, "z");
    mn_map_set_null(b, "q");
    mn_map_remove(a, "y");
    mn_map_set_null(a, "r");
    cr_assert_not(mn_value_equal(a, b)); // same size, other keys

    mn_value *l1 = mn_value_list(), *l2 = mn_value_list();
    mn_list_push(l1, mn_value_int(1));
    mn_list_push(l1, mn_value_int(2));
    mn_list_push(l2, mn_value_int(2));
    mn_list_push(l2, mn_value_int(1));
    cr_assert_not(mn_value_equal(l1, l2)); // lists are ordered

    mn_value *nan1 = mn_value_num(NAN), *nan2 = mn_value_num(NAN);
    mn_value *big = mn_value_num(1e300), *i = mn_value_int(0);
    mn_value *nul = mn_value_null(), *t = mn_value_bool(true);
    cr_assert(mn_value_equal(nan1, nan2));
    cr_assert_not(mn_value_equal(big, i));
    cr_assert(mn_value_equal(NULL, nul));
    cr_assert_not(mn_value_equal(nul, t));
    cr_assert_not(mn_value_equal(NULL, t));
    mn_value *v[] = {a, b, l1, l2, nan1, nan2, big, i, nul, t};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
        mn_value_free(v[k]);
}

/* A million nested lists: free, copy and equal must not recurse. */
Test(value, deep_tree_does_not_overflow_the_stack)
{
    mn_value *root = mn_value_list();
    mn_value *cur = root;
    for (int i = 0; i < 1000000; i++) {
        mn_value *next = mn_value_list();
        mn_list_push(cur, next);
        cur = next;
    }
    mn_list_push(cur, mn_value_str("bottom"));
    mn_value *copy = mn_value_copy(root);
    cr_assert(mn_value_equal(root, copy));
    mn_value_free(root);
    mn_value_free(copy);
}
