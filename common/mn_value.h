/*
 * mn_value: the record model. A small ordered tree of maps, lists and
 * scalars that extraction builds, checks and diffs read, and the YAML/JSON
 * writers walk. Maps keep insertion order, which is what makes output
 * deterministic. Ownership: a container owns what is put into it; every
 * constructor returns a value the caller owns until it is inserted.
 */
#ifndef MN_VALUE_H
#define MN_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "mn_common.h"

typedef struct mn_value mn_value;

typedef enum mn_vtype {
    MN_V_NULL,
    MN_V_BOOL,
    MN_V_INT,
    MN_V_NUM,
    MN_V_STR,
    MN_V_LIST,
    MN_V_MAP
} mn_vtype;

MN_NODISCARD mn_value *mn_value_null(void);
MN_NODISCARD mn_value *mn_value_bool(bool b);
MN_NODISCARD mn_value *mn_value_int(long long i);
MN_NODISCARD mn_value *mn_value_num(double d);
MN_NODISCARD mn_value *mn_value_str(const char *s); /* copied; NULL -> null */
MN_NODISCARD mn_value *mn_value_strn(const char *s, size_t n); /* copied */
MN_NODISCARD mn_value *mn_value_list(void);
MN_NODISCARD mn_value *mn_value_map(void);
MN_NODISCARD mn_value *mn_value_copy(const mn_value *v); /* deep */
void mn_value_free(mn_value *v);

mn_vtype mn_value_type(const mn_value *v); /* NULL pointer -> MN_V_NULL */
bool mn_value_is_null(const mn_value *v);
/* Scalars; a mismatched type gives NULL / 0 / false. */
const char *mn_value_as_str(const mn_value *v);
long long mn_value_as_int(const mn_value *v);
double mn_value_as_num(const mn_value *v); /* INT converts */
bool mn_value_as_bool(const mn_value *v);

/* Lists and maps: number of items / entries. */
size_t mn_value_len(const mn_value *v);

void mn_list_push(mn_value *list, mn_value *item); /* takes item */
mn_value *mn_list_at(const mn_value *list, size_t i);

/* Set key to v (takes v); an existing key keeps its place, value replaced. */
void mn_map_set(mn_value *map, const char *key, mn_value *v);
/* Convenience setters (copy their argument). */
void mn_map_set_str(mn_value *map, const char *key, const char *s);
void mn_map_set_strn(mn_value *map, const char *key, const char *s, size_t n);
void mn_map_set_int(mn_value *map, const char *key, long long i);
void mn_map_set_num(mn_value *map, const char *key, double d);
void mn_map_set_bool(mn_value *map, const char *key, bool b);
void mn_map_set_null(mn_value *map, const char *key);
/* A string when s is non-empty, null when s is NULL or "" (record fields
 * that were not found). */
void mn_map_set_opt(mn_value *map, const char *key, const char *s);
mn_value *mn_map_get(const mn_value *map, const char *key); /* or NULL */
const char *mn_map_get_str(const mn_value *map, const char *key);
const char *mn_map_key_at(const mn_value *map, size_t i);
mn_value *mn_map_value_at(const mn_value *map, size_t i);
/* Remove key if present (frees its value). */
void mn_map_remove(mn_value *map, const char *key);

/* Dotted path lookup: "meeting.period.quarter", "attendees.0.name". */
mn_value *mn_value_path(const mn_value *root, const char *path);

/* Structural equality (maps compare in order-insensitive fashion). */
bool mn_value_equal(const mn_value *a, const mn_value *b);

#endif
