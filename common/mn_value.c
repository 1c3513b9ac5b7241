/*
 * The record model: a tree of maps, lists and scalars (see mn_value.h).
 * Maps keep insertion order in an entry array; past a few entries they also
 * keep an open-addressing hash index so that loading a hostile document with
 * a huge map stays linear. Free, copy and equality walk the tree with an
 * explicit heap stack, so no tree depth can overflow the C stack.
 */
#include "mn_value.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"

/* Maps this small are searched linearly; larger ones get a hash index. */
#define INDEX_MIN_ENTRIES 16

typedef struct entry {
    char *key; /* owned, NUL-terminated */
    size_t keylen;
    mn_value *val; /* owned */
} entry;

typedef struct mapdata {
    entry *ents;
    size_t len;
    size_t cap;
    size_t *index;    /* slot holds entry position + 1; 0 is empty */
    size_t index_cap; /* power of two, or 0 when there is no index */
} mapdata;

typedef struct listdata {
    mn_value **items;
    size_t len;
    size_t cap;
} listdata;

typedef struct strdata {
    char *s; /* owned, NUL-terminated, no inner NUL */
    size_t len;
} strdata;

struct mn_value {
    mn_vtype type;
    union {
        bool b;
        long long i;
        double d;
        strdata str;
        listdata list;
        mapdata map;
    } u;
};

/* ---- a growable stack of pointers, shared by the iterative walks ---- */

typedef struct ptrstack {
    void **items;
    size_t len;
    size_t cap;
} ptrstack;

static void
stack_push(ptrstack *st, void *p)
{
    st->items = mn_xgrow(st->items, &st->cap, st->len + 1, sizeof *st->items);
    st->items[st->len++] = p;
}

static void *
stack_pop(ptrstack *st)
{
    return st->len ? st->items[--st->len] : NULL;
}

/* ---- constructors ---- */

static mn_value *
new_value(mn_vtype type)
{
    mn_value *v = mn_xcalloc(1, sizeof *v);
    v->type = type;
    return v;
}

mn_value *
mn_value_null(void)
{
    return new_value(MN_V_NULL);
}

mn_value *
mn_value_bool(bool b)
{
    mn_value *v = new_value(MN_V_BOOL);
    v->u.b = b;
    return v;
}

mn_value *
mn_value_int(long long i)
{
    mn_value *v = new_value(MN_V_INT);
    v->u.i = i;
    return v;
}

mn_value *
mn_value_num(double d)
{
    mn_value *v = new_value(MN_V_NUM);
    v->u.d = d;
    return v;
}

mn_value *
mn_value_str(const char *s)
{
    return s ? mn_value_strn(s, strlen(s)) : mn_value_null();
}

mn_value *
mn_value_strn(const char *s, size_t n)
{
    if (!s)
        return mn_value_null();
    n = strnlen(s, n); // strings are C strings: as_str could not show more
    mn_value *v = new_value(MN_V_STR);
    v->u.str.s = mn_xstrndup(s, n);
    v->u.str.len = n;
    return v;
}

mn_value *
mn_value_list(void)
{
    return new_value(MN_V_LIST);
}

mn_value *
mn_value_map(void)
{
    return new_value(MN_V_MAP);
}

/* ---- free ---- */

/* Free v's own storage, handing its children to `pending`. */
static void
free_shallow(mn_value *v, ptrstack *pending)
{
    switch (v->type) {
    case MN_V_STR:
        free(v->u.str.s);
        break;
    case MN_V_LIST:
        for (size_t i = 0; i < v->u.list.len; i++)
            stack_push(pending, v->u.list.items[i]);
        free(v->u.list.items);
        break;
    case MN_V_MAP:
        for (size_t i = 0; i < v->u.map.len; i++) {
            free(v->u.map.ents[i].key);
            stack_push(pending, v->u.map.ents[i].val);
        }
        free(v->u.map.ents);
        free(v->u.map.index);
        break;
    case MN_V_NULL:
    case MN_V_BOOL:
    case MN_V_INT:
    case MN_V_NUM:
        break;
    }
    free(v);
}

void
mn_value_free(mn_value *v)
{
    ptrstack pending = {0};
    mn_value *cur = v;
    while (cur) {
        free_shallow(cur, &pending);
        cur = stack_pop(&pending);
    }
    free(pending.items);
}

/* ---- accessors ---- */

mn_vtype
mn_value_type(const mn_value *v)
{
    return v ? v->type : MN_V_NULL;
}

bool
mn_value_is_null(const mn_value *v)
{
    return mn_value_type(v) == MN_V_NULL;
}

const char *
mn_value_as_str(const mn_value *v)
{
    return mn_value_type(v) == MN_V_STR ? v->u.str.s : NULL;
}

long long
mn_value_as_int(const mn_value *v)
{
    return mn_value_type(v) == MN_V_INT ? v->u.i : 0;
}

double
mn_value_as_num(const mn_value *v)
{
    switch (mn_value_type(v)) {
    case MN_V_NUM:
        return v->u.d;
    case MN_V_INT:
        return (double)v->u.i;
    default:
        return 0.0;
    }
}

bool
mn_value_as_bool(const mn_value *v)
{
    return mn_value_type(v) == MN_V_BOOL ? v->u.b : false;
}

size_t
mn_value_len(const mn_value *v)
{
    switch (mn_value_type(v)) {
    case MN_V_LIST:
        return v->u.list.len;
    case MN_V_MAP:
        return v->u.map.len;
    default:
        return 0;
    }
}

/* ---- lists ---- */

void
mn_list_push(mn_value *list, mn_value *item)
{
    if (mn_value_type(list) != MN_V_LIST) {
        mn_value_free(item); // we were given it; do not leak it
        return;
    }
    listdata *l = &list->u.list;
    l->items = mn_xgrow(l->items, &l->cap, l->len + 1, sizeof *l->items);
    l->items[l->len++] = item ? item : mn_value_null();
}

mn_value *
mn_list_at(const mn_value *list, size_t i)
{
    if (mn_value_type(list) != MN_V_LIST || i >= list->u.list.len)
        return NULL;
    return list->u.list.items[i];
}

/* ---- maps ---- */

static size_t
hash_key(const char *key, size_t len)
{
    uint64_t h = 1469598103934665603ULL; // FNV-1a
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211ULL;
    }
    return (size_t)h;
}

static bool
key_is(const entry *e, const char *key, size_t len)
{
    return e->keylen == len && memcmp(e->key, key, len) == 0;
}

static void
index_insert(mapdata *m, size_t pos)
{
    size_t mask = m->index_cap - 1;
    size_t slot = hash_key(m->ents[pos].key, m->ents[pos].keylen) & mask;
    while (m->index[slot])
        slot = (slot + 1) & mask;
    m->index[slot] = pos + 1;
}

/* (Re)build the index so that it stays at most half full. */
static void
index_rebuild(mapdata *m)
{
    free(m->index);
    m->index = NULL;
    m->index_cap = 0;
    if (m->len < INDEX_MIN_ENTRIES)
        return;
    size_t cap = 64;
    while (cap < m->len * 2)
        cap *= 2;
    m->index = mn_xcalloc(cap, sizeof *m->index);
    m->index_cap = cap;
    for (size_t i = 0; i < m->len; i++)
        index_insert(m, i);
}

/* Position of key in the map, or SIZE_MAX. */
static size_t
map_find(const mapdata *m, const char *key, size_t len)
{
    if (!m->index) {
        for (size_t i = 0; i < m->len; i++)
            if (key_is(&m->ents[i], key, len))
                return i;
        return SIZE_MAX;
    }
    size_t mask = m->index_cap - 1;
    for (size_t slot = hash_key(key, len) & mask; m->index[slot];
         slot = (slot + 1) & mask) {
        size_t pos = m->index[slot] - 1;
        if (key_is(&m->ents[pos], key, len))
            return pos;
    }
    return SIZE_MAX;
}

static void
map_append(mapdata *m, const char *key, size_t len, mn_value *v)
{
    m->ents = mn_xgrow(m->ents, &m->cap, m->len + 1, sizeof *m->ents);
    entry *e = &m->ents[m->len++];
    e->key = mn_xstrndup(key, len);
    e->keylen = len;
    e->val = v;
    if (m->index && m->len * 2 <= m->index_cap)
        index_insert(m, m->len - 1);
    else if (m->len >= INDEX_MIN_ENTRIES)
        index_rebuild(m);
}

void
mn_map_set(mn_value *map, const char *key, mn_value *v)
{
    if (mn_value_type(map) != MN_V_MAP || !key) {
        mn_value_free(v);
        return;
    }
    if (!v)
        v = mn_value_null();
    mapdata *m = &map->u.map;
    size_t len = strlen(key);
    size_t pos = map_find(m, key, len);
    if (pos != SIZE_MAX) {
        if (m->ents[pos].val != v)
            mn_value_free(m->ents[pos].val);
        m->ents[pos].val = v;
        return;
    }
    map_append(m, key, len, v);
}

void
mn_map_set_str(mn_value *map, const char *key, const char *s)
{
    mn_map_set(map, key, mn_value_str(s));
}

void
mn_map_set_strn(mn_value *map, const char *key, const char *s, size_t n)
{
    mn_map_set(map, key, mn_value_strn(s, n));
}

void
mn_map_set_int(mn_value *map, const char *key, long long i)
{
    mn_map_set(map, key, mn_value_int(i));
}

void
mn_map_set_num(mn_value *map, const char *key, double d)
{
    mn_map_set(map, key, mn_value_num(d));
}

void
mn_map_set_bool(mn_value *map, const char *key, bool b)
{
    mn_map_set(map, key, mn_value_bool(b));
}

void
mn_map_set_null(mn_value *map, const char *key)
{
    mn_map_set(map, key, mn_value_null());
}

static mn_value *
map_get_n(const mn_value *map, const char *key, size_t len)
{
    if (mn_value_type(map) != MN_V_MAP || !key)
        return NULL;
    size_t pos = map_find(&map->u.map, key, len);
    return pos == SIZE_MAX ? NULL : map->u.map.ents[pos].val;
}

mn_value *
mn_map_get(const mn_value *map, const char *key)
{
    return key ? map_get_n(map, key, strlen(key)) : NULL;
}

const char *
mn_map_get_str(const mn_value *map, const char *key)
{
    return mn_value_as_str(mn_map_get(map, key));
}

const char *
mn_map_key_at(const mn_value *map, size_t i)
{
    if (mn_value_type(map) != MN_V_MAP || i >= map->u.map.len)
        return NULL;
    return map->u.map.ents[i].key;
}

mn_value *
mn_map_value_at(const mn_value *map, size_t i)
{
    if (mn_value_type(map) != MN_V_MAP || i >= map->u.map.len)
        return NULL;
    return map->u.map.ents[i].val;
}

void
mn_map_remove(mn_value *map, const char *key)
{
    if (mn_value_type(map) != MN_V_MAP || !key)
        return;
    mapdata *m = &map->u.map;
    size_t pos = map_find(m, key, strlen(key));
    if (pos == SIZE_MAX)
        return;
    free(m->ents[pos].key);
    mn_value_free(m->ents[pos].val);
    memmove(&m->ents[pos], &m->ents[pos + 1],
            (m->len - pos - 1) * sizeof *m->ents);
    m->len--;
    if (m->index)
        index_rebuild(m); // positions after pos have shifted
}

/* ---- path lookup ---- */

/* A path segment of digits only, as a list index; SIZE_MAX if it is not. */
static size_t
segment_index(const char *seg, size_t len)
{
    if (len == 0 || len > 18)
        return SIZE_MAX;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (seg[i] < '0' || seg[i] > '9')
            return SIZE_MAX;
        n = n * 10 + (size_t)(seg[i] - '0');
    }
    return n;
}

mn_value *
mn_value_path(const mn_value *root, const char *path)
{
    if (!root || !path)
        return NULL;
    const mn_value *cur = root;
    const char *p = path;
    while (*p && cur) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        if (cur->type == MN_V_MAP)
            cur = map_get_n(cur, p, len);
        else if (cur->type == MN_V_LIST)
            cur = mn_list_at(cur, segment_index(p, len));
        else
            cur = NULL;
        if (!dot)
            break;
        p = dot + 1;
    }
    return (mn_value *)(uintptr_t)cur; // the API hands out mutable nodes
}

/* ---- deep copy ---- */

typedef struct copy_job {
    const mn_value *src;
    mn_value **slot;
} copy_job;

/* Copy src's own storage into *slot; queue its children, whose slots are
 * preallocated in the new container. */
static void
copy_shallow(const mn_value *src, mn_value **slot, copy_job **jobs,
             size_t *njobs, size_t *jcap)
{
    mn_value *dst = new_value(src->type);
    *slot = dst;
    size_t n = mn_value_len(src);
    if (n)
        *jobs = mn_xgrow(*jobs, jcap, *njobs + n, sizeof **jobs);
    switch (src->type) {
    case MN_V_STR:
        dst->u.str.s = mn_xstrndup(src->u.str.s, src->u.str.len);
        dst->u.str.len = src->u.str.len;
        break;
    case MN_V_LIST:
        dst->u.list.items = mn_xcalloc(n, sizeof *dst->u.list.items);
        dst->u.list.len = dst->u.list.cap = n;
        for (size_t i = 0; i < n; i++)
            (*jobs)[(*njobs)++] =
                (copy_job){src->u.list.items[i], &dst->u.list.items[i]};
        break;
    case MN_V_MAP:
        dst->u.map.ents = mn_xcalloc(n, sizeof *dst->u.map.ents);
        dst->u.map.len = dst->u.map.cap = n;
        for (size_t i = 0; i < n; i++) {
            const entry *e = &src->u.map.ents[i];
            dst->u.map.ents[i].key = mn_xstrndup(e->key, e->keylen);
            dst->u.map.ents[i].keylen = e->keylen;
            (*jobs)[(*njobs)++] = (copy_job){e->val, &dst->u.map.ents[i].val};
        }
        index_rebuild(&dst->u.map);
        break;
    case MN_V_NULL:
    case MN_V_BOOL:
    case MN_V_INT:
    case MN_V_NUM:
        dst->u = src->u;
        break;
    }
}

mn_value *
mn_value_copy(const mn_value *v)
{
    if (!v)
        return NULL;
    mn_value *root = NULL;
    copy_job *jobs = NULL;
    size_t njobs = 0, jcap = 0;
    copy_shallow(v, &root, &jobs, &njobs, &jcap);
    while (njobs) {
        copy_job job = jobs[--njobs];
        copy_shallow(job.src, job.slot, &jobs, &njobs, &jcap);
    }
    free(jobs);
    return root;
}

/* ---- equality ---- */

/* INT and NUM compare equal when they denote the same number. */
static bool
int_equals_num(long long i, double d)
{
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
        return false;
    return (double)(long long)d == d && (long long)d == i;
}

/* Scalars compared; containers only by type and size (children queued). */
static bool
equal_shallow(const mn_value *a, const mn_value *b)
{
    mn_vtype ta = mn_value_type(a), tb = mn_value_type(b);
    if (ta == MN_V_INT && tb == MN_V_NUM)
        return int_equals_num(a->u.i, b->u.d);
    if (ta == MN_V_NUM && tb == MN_V_INT)
        return int_equals_num(b->u.i, a->u.d);
    if (ta != tb)
        return false;
    switch (ta) {
    case MN_V_NULL:
        return true;
    case MN_V_BOOL:
        return a->u.b == b->u.b;
    case MN_V_INT:
        return a->u.i == b->u.i;
    case MN_V_NUM:
        // NaN equals NaN here: a record that says .nan twice is unchanged
        return a->u.d == b->u.d || (isnan(a->u.d) && isnan(b->u.d));
    case MN_V_STR:
        return a->u.str.len == b->u.str.len &&
               memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0;
    case MN_V_LIST:
    case MN_V_MAP:
        return mn_value_len(a) == mn_value_len(b);
    }
    return false;
}

/* Queue the child pairs of two containers already known to be alike. */
static bool
queue_children(const mn_value *a, const mn_value *b, ptrstack *st)
{
    size_t n = mn_value_len(a);
    for (size_t i = 0; i < n; i++) {
        const mn_value *ca, *cb;
        if (a->type == MN_V_LIST) {
            ca = a->u.list.items[i];
            cb = b->u.list.items[i];
        } else {
            const entry *e = &a->u.map.ents[i];
            ca = e->val;
            cb = map_get_n(b, e->key, e->keylen);
            if (!cb)
                return false;
        }
        stack_push(st, (void *)(uintptr_t)ca);
        stack_push(st, (void *)(uintptr_t)cb);
    }
    return true;
}

bool
mn_value_equal(const mn_value *a, const mn_value *b)
{
    ptrstack st = {0};
    bool same = true;
    for (;;) {
        if (a != b) {
            same = equal_shallow(a, b);
            mn_vtype t = mn_value_type(a);
            if (same && (t == MN_V_LIST || t == MN_V_MAP))
                same = queue_children(a, b, &st);
            if (!same)
                break;
        }
        if (st.len == 0)
            break;
        b = stack_pop(&st);
        a = stack_pop(&st);
    }
    free(st.items);
    return same;
}
