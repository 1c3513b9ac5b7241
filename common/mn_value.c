/*
 * The record model: a tree of maps, lists and scalars (see mn_value.h).
 * Maps keep insertion order in an entry array; past a few entries they also
 * keep an open-addressing hash index so that loading a hostile document with
 * a huge map stays linear. Free, copy and equality walk the tree with an
 * explicit heap stack, so no tree depth can overflow the C stack. Nodes are
 * sized by type (a string is one allocation, null and booleans are shared
 * constants) and the record's usual keys are not copied: a 100 MB page's
 * record took 20 times its YAML's size in small allocations.
 */
#include "mn_value.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mn_alloc.h"

/* Maps this small are searched linearly; larger ones get a hash index. */
#define INDEX_MIN_ENTRIES 16

typedef struct entry {
    const char *key; /* NUL-terminated; owned unless a known key */
    mn_value *val;   /* owned */
    uint32_t keylen;
    bool owned;
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

/* Every node starts with this header; the type says which node it is. */
struct mn_value {
    mn_vtype type;
};

typedef struct bool_node {
    mn_value h;
    // cppcheck-suppress unusedStructMember ; read through AS_BOOL's cast
    bool b;
} bool_node;

typedef struct int_node {
    mn_value h;
    long long i;
} int_node;

typedef struct num_node {
    mn_value h;
    double d;
} num_node;

typedef struct str_node {
    mn_value h;
    size_t len;
    char s[]; /* NUL-terminated, no inner NUL */
} str_node;

typedef struct list_node {
    mn_value h;
    listdata list;
} list_node;

typedef struct map_node {
    mn_value h;
    mapdata map;
} map_node;

/* Immutable, never freed: null and the booleans carry nothing else. */
static mn_value null_node = {MN_V_NULL};
static bool_node false_node = {{MN_V_BOOL}, false};
static bool_node true_node = {{MN_V_BOOL}, true};

static bool
is_shared(const mn_value *v)
{
    return v == &null_node || v == &false_node.h || v == &true_node.h;
}

#define AS_BOOL(v) (((const bool_node *)(const void *)(v))->b)
#define AS_INT(v)  (((const int_node *)(const void *)(v))->i)
#define AS_NUM(v)  (((const num_node *)(const void *)(v))->d)
#define AS_STR(v)  ((const str_node *)(const void *)(v))
#define LIST(v)    (&((list_node *)(void *)(v))->list)
#define MAP(v)     (&((map_node *)(void *)(v))->map)
#define CLIST(v)   (&((const list_node *)(const void *)(v))->list)
#define CMAP(v)    (&((const map_node *)(const void *)(v))->map)

/* ---- keys the record model uses, kept once for every map ---- */

/* clang-format off */
static const char *const known_keys[] = {
    "abbr", "abbreviations", "acting", "actions", "area",
    "attendance_recorded", "attendees", "body", "bytes", "chair", "change",
    "col", "complete", "counts", "date", "date_certain", "date_line",
    "date_text", "delta", "direction", "driver", "due", "encoding", "end",
    "errors", "expansion", "failed", "figures", "file", "files",
    "financial_year", "findings", "format", "id", "index", "inputs", "items",
    "kind", "known", "label", "level", "line", "lines", "locations",
    "measure", "meeting", "meetings", "message", "name", "new", "new_line",
    "next_meeting", "not_done", "number", "ok", "old", "organisation",
    "output", "owner", "owner_ref", "path", "period", "profile", "quarter",
    "reason", "recommendations", "region", "replacements", "results", "role",
    "rules", "runs", "schema", "score", "section", "sections", "series",
    "sha256", "skipped", "source", "start", "status", "subject",
    "suggestions", "summary", "target", "text", "texts", "time", "title",
    "tool", "totals", "type", "unit", "uri", "uses", "value", "values",
    "version", "warnings"};
/* clang-format on */

#define KNOWN_SLOTS 512 /* power of two, well over twice the keys */
static const char *known_index[KNOWN_SLOTS];
static pthread_once_t known_once = PTHREAD_ONCE_INIT;

static size_t hash_key(const char *key, size_t len);

static void
build_known_index(void)
{
    for (size_t i = 0; i < sizeof known_keys / sizeof known_keys[0]; i++) {
        size_t slot =
            hash_key(known_keys[i], strlen(known_keys[i])) & (KNOWN_SLOTS - 1);
        while (known_index[slot])
            slot = (slot + 1) & (KNOWN_SLOTS - 1);
        known_index[slot] = known_keys[i];
    }
}

/* The static copy of key[0..len), or NULL when it is not a known key. */
static const char *
known_key(const char *key, size_t len)
{
    pthread_once(&known_once, build_known_index);
    for (size_t slot = hash_key(key, len) & (KNOWN_SLOTS - 1);
         known_index[slot]; slot = (slot + 1) & (KNOWN_SLOTS - 1)) {
        const char *k = known_index[slot];
        if (strncmp(k, key, len) == 0 && k[len] == '\0')
            return k;
    }
    return NULL;
}

static void
set_key(entry *e, const char *key, size_t len)
{
    if (len > UINT32_MAX) /* inputs are far smaller (MN_MAX_INPUT_BYTES) */
        abort();
    const char *k = known_key(key, len);
    e->owned = k == NULL;
    e->key = k ? k : mn_xstrndup(key, len);
    e->keylen = (uint32_t)len;
}

static void
free_key(entry *e)
{
    if (e->owned)
        free((char *)(uintptr_t)e->key);
}

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

/* A zeroed node of `size` bytes whose header says `type`. */
static mn_value *
new_node(mn_vtype type, size_t size)
{
    mn_value *v = mn_xcalloc(1, size);
    v->type = type;
    return v;
}

mn_value *
mn_value_null(void)
{
    return &null_node;
}

mn_value *
mn_value_bool(bool b)
{
    return b ? &true_node.h : &false_node.h;
}

mn_value *
mn_value_int(long long i)
{
    int_node *n = (int_node *)(void *)new_node(MN_V_INT, sizeof *n);
    n->i = i;
    return &n->h;
}

mn_value *
mn_value_num(double d)
{
    num_node *n = (num_node *)(void *)new_node(MN_V_NUM, sizeof *n);
    n->d = d;
    return &n->h;
}

static mn_value *
str_node_of(const char *s, size_t n)
{
    str_node *v = mn_xmalloc(sizeof *v + n + 1);
    v->h.type = MN_V_STR;
    v->len = n;
    memcpy(v->s, s, n);
    v->s[n] = '\0';
    return &v->h;
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
    return str_node_of(s, n);
}

mn_value *
mn_value_list(void)
{
    return new_node(MN_V_LIST, sizeof(list_node));
}

mn_value *
mn_value_map(void)
{
    return new_node(MN_V_MAP, sizeof(map_node));
}

/* ---- free ---- */

/* Free v's own storage, handing its children to `pending`. */
static void
free_shallow(mn_value *v, ptrstack *pending)
{
    if (is_shared(v))
        return;
    switch (v->type) {
    case MN_V_LIST: {
        listdata *l = LIST(v);
        for (size_t i = 0; i < l->len; i++)
            stack_push(pending, l->items[i]);
        free(l->items);
        break;
    }
    case MN_V_MAP: {
        mapdata *m = MAP(v);
        for (size_t i = 0; i < m->len; i++) {
            free_key(&m->ents[i]);
            stack_push(pending, m->ents[i].val);
        }
        free(m->ents);
        free(m->index);
        break;
    }
    case MN_V_STR:
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
    return mn_value_type(v) == MN_V_STR ? AS_STR(v)->s : NULL;
}

long long
mn_value_as_int(const mn_value *v)
{
    return mn_value_type(v) == MN_V_INT ? AS_INT(v) : 0;
}

double
mn_value_as_num(const mn_value *v)
{
    switch (mn_value_type(v)) {
    case MN_V_NUM:
        return AS_NUM(v);
    case MN_V_INT:
        return (double)AS_INT(v);
    default:
        return 0.0;
    }
}

bool
mn_value_as_bool(const mn_value *v)
{
    return mn_value_type(v) == MN_V_BOOL ? AS_BOOL(v) : false;
}

size_t
mn_value_len(const mn_value *v)
{
    switch (mn_value_type(v)) {
    case MN_V_LIST:
        return CLIST(v)->len;
    case MN_V_MAP:
        return CMAP(v)->len;
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
    listdata *l = LIST(list);
    // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
    l->items = mn_xgrow(l->items, &l->cap, l->len + 1, sizeof *l->items);
    l->items[l->len++] = item ? item : mn_value_null();
}

mn_value *
mn_list_at(const mn_value *list, size_t i)
{
    if (mn_value_type(list) != MN_V_LIST || i >= CLIST(list)->len)
        return NULL;
    return CLIST(list)->items[i];
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

/* Records are many small maps: grow by 4 up to 16 entries, then double. */
static void
grow_entries(mapdata *m)
{
    if (m->len < m->cap)
        return;
    if (m->cap >= 16) {
        m->ents = mn_xgrow(m->ents, &m->cap, m->len + 1, sizeof *m->ents);
        return;
    }
    m->cap += 4;
    m->ents = mn_xrealloc(m->ents, m->cap * sizeof *m->ents);
}

static void
map_append(mapdata *m, const char *key, size_t len, mn_value *v)
{
    grow_entries(m);
    entry *e = &m->ents[m->len++];
    set_key(e, key, len);
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
    mapdata *m = MAP(map);
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

void
mn_map_set_opt(mn_value *map, const char *key, const char *s)
{
    if (s && *s)
        mn_map_set_str(map, key, s);
    else
        mn_map_set_null(map, key);
}

static mn_value *
map_get_n(const mn_value *map, const char *key, size_t len)
{
    if (mn_value_type(map) != MN_V_MAP || !key)
        return NULL;
    size_t pos = map_find(CMAP(map), key, len);
    return pos == SIZE_MAX ? NULL : CMAP(map)->ents[pos].val;
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
    if (mn_value_type(map) != MN_V_MAP || i >= CMAP(map)->len)
        return NULL;
    return CMAP(map)->ents[i].key;
}

mn_value *
mn_map_value_at(const mn_value *map, size_t i)
{
    if (mn_value_type(map) != MN_V_MAP || i >= CMAP(map)->len)
        return NULL;
    return CMAP(map)->ents[i].val;
}

void
mn_map_remove(mn_value *map, const char *key)
{
    if (mn_value_type(map) != MN_V_MAP || !key)
        return;
    mapdata *m = MAP(map);
    size_t pos = map_find(m, key, strlen(key));
    if (pos == SIZE_MAX)
        return;
    free_key(&m->ents[pos]);
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
    size_t n = mn_value_len(src);
    if (n)
        *jobs = mn_xgrow(*jobs, jcap, *njobs + n, sizeof **jobs);
    switch (src->type) {
    case MN_V_NULL:
    case MN_V_BOOL:
        *slot = (mn_value *)(uintptr_t)src; /* shared constants */
        break;
    case MN_V_INT:
        *slot = mn_value_int(AS_INT(src));
        break;
    case MN_V_NUM:
        *slot = mn_value_num(AS_NUM(src));
        break;
    case MN_V_STR:
        *slot = str_node_of(AS_STR(src)->s, AS_STR(src)->len);
        break;
    case MN_V_LIST: {
        mn_value *dst = mn_value_list();
        listdata *l = LIST(dst);
        *slot = dst;
        // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
        l->items = mn_xcalloc(n ? n : 1, sizeof *l->items);
        l->len = l->cap = n;
        for (size_t i = 0; i < n; i++)
            (*jobs)[(*njobs)++] =
                (copy_job){CLIST(src)->items[i], &l->items[i]};
        break;
    }
    case MN_V_MAP: {
        mn_value *dst = mn_value_map();
        mapdata *m = MAP(dst);
        *slot = dst;
        m->ents = mn_xcalloc(n ? n : 1, sizeof *m->ents);
        m->len = m->cap = n;
        for (size_t i = 0; i < n; i++) {
            const entry *e = &CMAP(src)->ents[i];
            set_key(&m->ents[i], e->key, e->keylen);
            (*jobs)[(*njobs)++] = (copy_job){e->val, &m->ents[i].val};
        }
        index_rebuild(m);
        break;
    }
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
        return int_equals_num(AS_INT(a), AS_NUM(b));
    if (ta == MN_V_NUM && tb == MN_V_INT)
        return int_equals_num(AS_INT(b), AS_NUM(a));
    if (ta != tb)
        return false;
    switch (ta) {
    case MN_V_NULL:
        return true;
    case MN_V_BOOL:
        return AS_BOOL(a) == AS_BOOL(b);
    case MN_V_INT:
        return AS_INT(a) == AS_INT(b);
    case MN_V_NUM:
        // NaN equals NaN here: a record that says .nan twice is unchanged
        return AS_NUM(a) == AS_NUM(b) || (isnan(AS_NUM(a)) && isnan(AS_NUM(b)));
    case MN_V_STR:
        return AS_STR(a)->len == AS_STR(b)->len &&
               memcmp(AS_STR(a)->s, AS_STR(b)->s, AS_STR(a)->len) == 0;
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
            ca = CLIST(a)->items[i];
            cb = CLIST(b)->items[i];
        } else {
            const entry *e = &CMAP(a)->ents[i];
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
