/*
 * The record model: a tree of maps, lists and scalars (see mn_value.h).
 * Maps keep insertion order in an entry array; past a few entries they also
 * keep an open-addressing hash index so that loading a hostile document with
 * a huge map stays linear. Free, copy and equality walk the tree with an
 * explicit heap stack, so no tree depth can overflow the C stack. Nodes are
 * sized by type (a string is one allocation, null and booleans are shared
 * constants, small numbers are tagged pointers rather than nodes), the
 * record's usual keys are not copied (a map of only those keeps each as a
 * byte) and containers give back their growth slack once inserted: a 100 MB
 * page's record took 20 times its YAML's size in small allocations.
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

/* Containers count in 32 bits: 4 G entries are far beyond any input
 * (MN_MAX_INPUT_BYTES) and the record's many small maps fit 16 bytes
 * lighter. */
#define MAX_ITEMS UINT32_MAX

/* A map entry is two pointers: the key's length is looked up when needed
 * (keys are short) and whether it is owned follows from where it lies. */
typedef struct entry {
    const char *key; /* NUL-terminated; owned unless a known key */
    mn_value *val;   /* owned */
} entry;

typedef struct listdata {
    uint32_t len;
    uint32_t cap;
    mn_value **items;
} listdata;

/* Every node starts with this header; the type says which node it is. */
struct mn_value {
    unsigned char type;   /* an mn_vtype */
    unsigned char shared; /* immutable and never freed */
};

/*
 * Integers, and numbers with an integral value, that fit a pointer's upper
 * bits are not nodes at all: the pointer is the value, tagged by its low
 * bits (never set in a node's address). Records hold mostly small numbers
 * (values, line numbers), and a node each cost 32 bytes of heap.
 */
#define IMM_TAG_BITS 2
#define IMM_INT      1u /* low bits 01 */
#define IMM_NUM      3u /* low bits 11 */
#define IMM_MAX      (INTPTR_MAX >> IMM_TAG_BITS)
#define IMM_MIN      (-IMM_MAX - 1)
/* Doubles are exact integers up to 2^53; stay well inside. */
#define IMM_NUM_MAX ((double)(IMM_MAX < (1LL << 52) ? IMM_MAX : (1LL << 52)))

typedef struct bool_node {
    // cppcheck-suppress unusedStructMember ; set by the static initialisers
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

/* Strings longer than this keep STR_LONG as their length and are measured
 * when needed (never, for any string a document can give). */
#define STR_LONG UINT32_MAX

typedef struct str_node {
    mn_value h;
    uint32_t len; /* or STR_LONG */
    char s[];     /* NUL-terminated, no inner NUL */
} str_node;

typedef struct list_node {
    mn_value h;
    listdata list;
} list_node;

/*
 * A map whose keys are all known keys (nearly every map of a record) keeps
 * each key as its one-byte position in known_keys, inside the node, and
 * only the values outside: 8 bytes an entry instead of 16. Any other key, or
 * more keys than fit, turns it for good into an array of named entries.
 * Its ids are few enough for memchr: it needs no hash index.
 */
#define ID_KEYS_MAX 16 /* fills the node's 40 bytes */
_Static_assert(ID_KEYS_MAX <= INDEX_MIN_ENTRIES, "id maps are not indexed");

typedef struct map_node {
    mn_value h;
    unsigned char named; /* 0: known keys by id (k), 1: named entries (e) */
    uint32_t len;
    uint32_t cap;
    uint32_t index_cap; /* power of two, or 0 when there is no index */
    union {
        struct {
            entry *ents;
            uint32_t *index; /* slot holds entry position + 1; 0 is empty */
        } e;
        struct {
            mn_value **vals;
            unsigned char ids[ID_KEYS_MAX]; /* positions in known_keys */
        } k;
    } u;
} map_node;

/* Immutable, never freed: null and the booleans carry nothing else. Aligned
 * so that their addresses never look like an immediate's. */
static _Alignas(8) mn_value null_node = {MN_V_NULL, 1};
static _Alignas(8) bool_node false_node = {{MN_V_BOOL, 1}, false};
static _Alignas(8) bool_node true_node = {{MN_V_BOOL, 1}, true};

static bool
is_immediate(const mn_value *v)
{
    return ((uintptr_t)v & 1u) != 0;
}

static mn_value *
make_immediate(intptr_t payload, unsigned tag)
{
    // NOLINTNEXTLINE(performance-no-int-to-ptr): a tagged value, never read
    return (mn_value *)(((uintptr_t)payload << IMM_TAG_BITS) | tag);
}

/* The arithmetic right shift of a negative value is implementation-defined;
 * gcc and clang (the compilers we support) define it to keep the sign. */
static intptr_t
immediate_payload(const mn_value *v)
{
    return (intptr_t)(uintptr_t)v >> IMM_TAG_BITS;
}

/* Values that are never freed and are shared rather than copied. */
static bool
is_shared(const mn_value *v)
{
    return is_immediate(v) || v->shared;
}

#define AS_BOOL(v) (((const bool_node *)(const void *)(v))->b)
#define AS_STR(v)  ((const str_node *)(const void *)(v))
#define LIST(v)    (&((list_node *)(void *)(v))->list)
#define MAP(v)     ((map_node *)(void *)(v))
#define CLIST(v)   (&((const list_node *)(const void *)(v))->list)
#define CMAP(v)    ((const map_node *)(const void *)(v))

/* Callers have checked the type. */
static long long
int_of(const mn_value *v)
{
    if (is_immediate(v))
        return immediate_payload(v);
    return ((const int_node *)(const void *)v)->i;
}

static double
num_of(const mn_value *v)
{
    if (is_immediate(v))
        return (double)immediate_payload(v);
    return ((const num_node *)(const void *)v)->d;
}

static size_t
str_len(const mn_value *v)
{
    const str_node *n = AS_STR(v);
    return n->len != STR_LONG ? n->len : strlen(n->s);
}

/* ---- keys the record model uses, kept once for every map ---- */

/* One array, so that "is this key one of ours?" is a range check. */
#define KNOWN_KEY_SIZE 32
/* clang-format off */
static const char known_keys[][KNOWN_KEY_SIZE] = {
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

#define N_KNOWN     (sizeof known_keys / sizeof known_keys[0])
#define KNOWN_SLOTS 512 /* power of two, well over twice the keys */
/* A map keeps a known key as one byte; the index holds position + 1. */
_Static_assert(N_KNOWN < 256, "known key positions must fit a byte");
static unsigned char known_index[KNOWN_SLOTS];
static pthread_once_t known_once = PTHREAD_ONCE_INIT;

static size_t hash_key(const char *key, size_t len);

static void
build_known_index(void)
{
    for (size_t i = 0; i < N_KNOWN; i++) {
        const char *k = known_keys[i];
        size_t len = strnlen(k, KNOWN_KEY_SIZE);
        if (len == KNOWN_KEY_SIZE) /* would have lost its NUL */
            abort();
        size_t slot = hash_key(k, len) & (KNOWN_SLOTS - 1);
        while (known_index[slot])
            slot = (slot + 1) & (KNOWN_SLOTS - 1);
        known_index[slot] = (unsigned char)(i + 1);
    }
}

/* The position of key[0..len) in known_keys, or -1 when it is not there. */
static int
known_id(const char *key, size_t len)
{
    pthread_once(&known_once, build_known_index);
    for (size_t slot = hash_key(key, len) & (KNOWN_SLOTS - 1);
         known_index[slot]; slot = (slot + 1) & (KNOWN_SLOTS - 1)) {
        const char *k = known_keys[known_index[slot] - 1];
        if (strncmp(k, key, len) == 0 && k[len] == '\0')
            return known_index[slot] - 1;
    }
    return -1;
}

static bool
is_known(const char *key)
{
    return (uintptr_t)key - (uintptr_t)known_keys[0] < sizeof known_keys;
}

static void
set_key(entry *e, const char *key, size_t len)
{
    int id = known_id(key, len);
    e->key = id >= 0 ? known_keys[id] : mn_xstrndup(key, len);
}

static void
free_key(entry *e)
{
    if (!is_known(e->key))
        free((char *)(uintptr_t)e->key);
}

static const char *
map_key(const map_node *m, size_t i)
{
    return m->named ? m->u.e.ents[i].key : known_keys[m->u.k.ids[i]];
}

static mn_value *
map_val(const map_node *m, size_t i)
{
    return m->named ? m->u.e.ents[i].val : m->u.k.vals[i];
}

static mn_value **
map_slot(map_node *m, size_t i)
{
    return m->named ? &m->u.e.ents[i].val : &m->u.k.vals[i];
}

/* Grow an array counted in 32 bits to hold `need` items. */
static void *
grow_items(void *p, uint32_t *cap, size_t need, size_t size)
{
    if (need > MAX_ITEMS)
        abort(); /* see MAX_ITEMS */
    size_t c = *cap;
    p = mn_xgrow(p, &c, need, size);
    *cap = c > MAX_ITEMS ? MAX_ITEMS : (uint32_t)c;
    return p;
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
    v->type = (unsigned char)type;
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
    if (i >= IMM_MIN && i <= IMM_MAX)
        return make_immediate((intptr_t)i, IMM_INT);
    int_node *n = (int_node *)(void *)new_node(MN_V_INT, sizeof *n);
    n->i = i;
    return &n->h;
}

/* -0.0 and non-integral or huge values need a node. */
static bool
num_is_immediate(double d)
{
    return d >= -IMM_NUM_MAX && d <= IMM_NUM_MAX && d == (double)(long long)d &&
           !(d == 0 && signbit(d));
}

mn_value *
mn_value_num(double d)
{
    if (num_is_immediate(d))
        return make_immediate((intptr_t)d, IMM_NUM);
    num_node *n = (num_node *)(void *)new_node(MN_V_NUM, sizeof *n);
    n->d = d;
    return &n->h;
}

/* ---- short strings, kept once ---- */

/*
 * A record repeats its short strings endlessly (kinds, units, statuses,
 * section numbers): those are kept once per process, as immutable shared
 * nodes that are never freed. The table is bounded, and sharded so that
 * worker threads seldom wait for each other; once a shard is full its
 * strings are simply allocated as usual.
 */
#define INTERN_MAX_LEN 15 /* a 24-byte node */
#define INTERN_SHARDS  16
#define INTERN_SLOTS   4096 /* per shard, power of two, kept half empty */
#define INTERN_NODE    24   /* bytes per node, a multiple of 8 */
#define INTERN_CHUNK   ((size_t)INTERN_SLOTS / 2 * INTERN_NODE)

typedef struct intern_shard {
    pthread_mutex_t mu;
    size_t n;
    str_node *slots[INTERN_SLOTS];
    char *store; /* room for every node the shard can hold */
} intern_shard;

static intern_shard shards[INTERN_SHARDS];
static pthread_once_t shards_once = PTHREAD_ONCE_INIT;

static void
init_shards(void)
{
    for (size_t i = 0; i < INTERN_SHARDS; i++)
        pthread_mutex_init(&shards[i].mu, NULL);
}

static str_node *
intern_new(intern_shard *sh, const char *s, size_t n)
{
    if (!sh->store)
        sh->store = mn_xmalloc(INTERN_CHUNK);
    str_node *v = (str_node *)(void *)(sh->store + sh->n++ * INTERN_NODE);
    v->h.type = MN_V_STR;
    v->h.shared = 1;
    v->len = (uint32_t)n;
    memcpy(v->s, s, n);
    v->s[n] = '\0';
    return v;
}

/* The shared node for s[0..n), or NULL when the table has no room. */
static mn_value *
interned(const char *s, size_t n)
{
    pthread_once(&shards_once, init_shards);
    size_t h = hash_key(s, n);
    intern_shard *sh = &shards[h % INTERN_SHARDS];
    str_node *found = NULL;
    pthread_mutex_lock(&sh->mu);
    size_t slot = (h / INTERN_SHARDS) & (INTERN_SLOTS - 1);
    for (; sh->slots[slot]; slot = (slot + 1) & (INTERN_SLOTS - 1)) {
        str_node *v = sh->slots[slot];
        if (v->len == n && memcmp(v->s, s, n) == 0) {
            found = v;
            break;
        }
    }
    if (!found && sh->n < INTERN_SLOTS / 2) {
        found = intern_new(sh, s, n);
        sh->slots[slot] = found;
    }
    pthread_mutex_unlock(&sh->mu);
    return found ? &found->h : NULL;
}

static mn_value *
str_node_of(const char *s, size_t n)
{
    str_node *v = mn_xmalloc(sizeof *v + n + 1);
    v->h.type = MN_V_STR;
    v->h.shared = 0;
    v->len = n < STR_LONG ? (uint32_t)n : STR_LONG;
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
    mn_value *v = n <= INTERN_MAX_LEN ? interned(s, n) : NULL;
    return v ? v : str_node_of(s, n);
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
    switch ((mn_vtype)v->type) {
    case MN_V_LIST: {
        listdata *l = LIST(v);
        for (size_t i = 0; i < l->len; i++)
            stack_push(pending, l->items[i]);
        free(l->items);
        break;
    }
    case MN_V_MAP: {
        map_node *m = MAP(v);
        for (size_t i = 0; i < m->len; i++)
            stack_push(pending, map_val(m, i));
        if (m->named) {
            for (size_t i = 0; i < m->len; i++)
                free_key(&m->u.e.ents[i]);
            free(m->u.e.ents);
            free(m->u.e.index);
        } else {
            free(m->u.k.vals);
        }
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
    if (!v)
        return MN_V_NULL;
    if (is_immediate(v))
        return ((uintptr_t)v & 3u) == IMM_NUM ? MN_V_NUM : MN_V_INT;
    return (mn_vtype)v->type;
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
    return mn_value_type(v) == MN_V_INT ? int_of(v) : 0;
}

double
mn_value_as_num(const mn_value *v)
{
    switch (mn_value_type(v)) {
    case MN_V_NUM:
        return num_of(v);
    case MN_V_INT:
        return (double)int_of(v);
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

/* p resized to exactly len items (NULL for none). */
static void *
fit(void *p, size_t len, size_t size)
{
    if (len == 0) {
        free(p);
        return NULL;
    }
    return mn_xrealloc(p, len * size);
}

/* A map or list handed to a container is usually complete: give back the
 * slack its growth left (a large record holds a few hundred thousand of
 * them). Filling it further afterwards only costs a realloc. */
static void
shrink_to_fit(mn_value *v)
{
    mn_vtype t = mn_value_type(v);
    if (t == MN_V_MAP && MAP(v)->cap > MAP(v)->len) {
        map_node *m = MAP(v);
        if (m->named)
            m->u.e.ents = fit(m->u.e.ents, m->len, sizeof *m->u.e.ents);
        else
            m->u.k.vals = fit(m->u.k.vals, m->len, sizeof(mn_value *));
        m->cap = m->len;
    } else if (t == MN_V_LIST && LIST(v)->cap > LIST(v)->len) {
        listdata *l = LIST(v);
        l->items = fit(l->items, l->len, sizeof(mn_value *));
        l->cap = l->len;
    }
}

void
mn_list_push(mn_value *list, mn_value *item)
{
    if (mn_value_type(list) != MN_V_LIST) {
        mn_value_free(item); // we were given it; do not leak it
        return;
    }
    listdata *l = LIST(list);
    // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
    l->items = grow_items(l->items, &l->cap, (size_t)l->len + 1,
                          sizeof(mn_value *)); /* an array of node pointers */
    shrink_to_fit(item);
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

/* key[0..len) holds no NUL, so a shorter map key k differs within len. */
static bool
key_is(const char *k, const char *key, size_t len)
{
    if (len == 0)
        return k[0] == '\0';
    return k[0] == key[0] && strncmp(k, key, len) == 0 && k[len] == '\0';
}

static void
index_insert(map_node *m, size_t pos)
{
    size_t mask = m->index_cap - 1;
    const char *key = m->u.e.ents[pos].key;
    size_t slot = hash_key(key, strlen(key)) & mask;
    while (m->u.e.index[slot])
        slot = (slot + 1) & mask;
    m->u.e.index[slot] = (uint32_t)(pos + 1);
}

/* (Re)build the index of a named map so that it stays at most half full. */
static void
index_rebuild(map_node *m)
{
    free(m->u.e.index);
    m->u.e.index = NULL;
    m->index_cap = 0;
    if (m->len < INDEX_MIN_ENTRIES)
        return;
    size_t cap = 64;
    while (cap < (size_t)m->len * 2)
        cap *= 2;
    if (cap > MAX_ITEMS)
        abort(); /* see MAX_ITEMS */
    m->u.e.index = mn_xcalloc(cap, sizeof *m->u.e.index);
    m->index_cap = (uint32_t)cap;
    for (size_t i = 0; i < m->len; i++)
        index_insert(m, i);
}

/* Position of key in the map, or SIZE_MAX. Small maps are searched
 * linearly: cheaper than hashing the key. */
static size_t
map_find(const map_node *m, const char *key, size_t len)
{
    if (!m->named || !m->u.e.index) {
        for (size_t i = 0; i < m->len; i++)
            if (key_is(map_key(m, i), key, len))
                return i;
        return SIZE_MAX;
    }
    size_t mask = m->index_cap - 1;
    for (size_t slot = hash_key(key, len) & mask; m->u.e.index[slot];
         slot = (slot + 1) & mask) {
        size_t pos = m->u.e.index[slot] - 1;
        if (key_is(m->u.e.ents[pos].key, key, len))
            return pos;
    }
    return SIZE_MAX;
}

/* Records are many small maps: grow by 4 up to 16 entries, then double. */
static void *
grow_small(void *p, uint32_t *cap, uint32_t len, size_t size)
{
    if (len < *cap)
        return p;
    if (*cap >= 16)
        return grow_items(p, cap, (size_t)len + 1, size);
    *cap += 4;
    return mn_xrealloc(p, *cap * size);
}

/* For good: the known keys become named entries. */
static void
to_named(map_node *m)
{
    uint32_t cap = m->len + 4;
    entry *ents = mn_xmalloc(cap * sizeof *ents);
    for (size_t i = 0; i < m->len; i++)
        ents[i] = (entry){known_keys[m->u.k.ids[i]], m->u.k.vals[i]};
    free(m->u.k.vals);
    m->named = 1;
    m->cap = cap;
    m->u.e.ents = ents;
    m->u.e.index = NULL;
    index_rebuild(m);
}

static void
append_id(map_node *m, int id, mn_value *v)
{
    m->u.k.vals = grow_small(m->u.k.vals, &m->cap, m->len, sizeof(mn_value *));
    m->u.k.ids[m->len] = (unsigned char)id;
    m->u.k.vals[m->len++] = v;
}

static void
append_named(map_node *m, const char *key, size_t len, mn_value *v)
{
    m->u.e.ents = grow_small(m->u.e.ents, &m->cap, m->len, sizeof(entry));
    entry *e = &m->u.e.ents[m->len++];
    set_key(e, key, len);
    e->val = v;
    if (m->u.e.index && (size_t)m->len * 2 <= m->index_cap)
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
    shrink_to_fit(v);
    map_node *m = MAP(map);
    size_t len = strlen(key);
    size_t pos = map_find(m, key, len);
    if (pos != SIZE_MAX) {
        mn_value **slot = map_slot(m, pos);
        if (*slot != v)
            mn_value_free(*slot);
        *slot = v;
        return;
    }
    int id = m->named ? -1 : known_id(key, len);
    if (id >= 0 && m->len < ID_KEYS_MAX) {
        append_id(m, id, v);
        return;
    }
    if (!m->named)
        to_named(m);
    append_named(m, key, len, v);
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
    return pos == SIZE_MAX ? NULL : map_val(CMAP(map), pos);
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
    return map_key(CMAP(map), i);
}

mn_value *
mn_map_value_at(const mn_value *map, size_t i)
{
    if (mn_value_type(map) != MN_V_MAP || i >= CMAP(map)->len)
        return NULL;
    return map_val(CMAP(map), i);
}

void
mn_map_remove(mn_value *map, const char *key)
{
    if (mn_value_type(map) != MN_V_MAP || !key)
        return;
    map_node *m = MAP(map);
    size_t pos = map_find(m, key, strlen(key));
    if (pos == SIZE_MAX)
        return;
    mn_value_free(map_val(m, pos));
    size_t after = m->len - pos - 1;
    if (m->named) {
        free_key(&m->u.e.ents[pos]);
        memmove(&m->u.e.ents[pos], &m->u.e.ents[pos + 1],
                after * sizeof *m->u.e.ents);
    } else {
        memmove(&m->u.k.vals[pos], &m->u.k.vals[pos + 1],
                after * sizeof(mn_value *));
        memmove(&m->u.k.ids[pos], &m->u.k.ids[pos + 1], after);
    }
    m->len--;
    if (m->named && m->u.e.index)
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
        if (mn_value_type(cur) == MN_V_MAP)
            cur = map_get_n(cur, p, len);
        else if (mn_value_type(cur) == MN_V_LIST)
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
    if (is_shared(src)) {
        *slot = (mn_value *)(uintptr_t)src;
        return;
    }
    switch ((mn_vtype)src->type) {
    case MN_V_NULL:
    case MN_V_BOOL:
        *slot = (mn_value *)(uintptr_t)src; /* not reached: shared */
        break;
    case MN_V_INT:
        *slot = mn_value_int(int_of(src));
        break;
    case MN_V_NUM:
        *slot = mn_value_num(num_of(src));
        break;
    case MN_V_STR:
        *slot = str_node_of(AS_STR(src)->s, str_len(src));
        break;
    case MN_V_LIST: {
        mn_value *dst = mn_value_list();
        listdata *l = LIST(dst);
        *slot = dst;
        // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
        l->items = mn_xcalloc(n ? n : 1, sizeof *l->items);
        l->len = l->cap = (uint32_t)n;
        for (size_t i = 0; i < n; i++)
            (*jobs)[(*njobs)++] =
                (copy_job){CLIST(src)->items[i], &l->items[i]};
        break;
    }
    case MN_V_MAP: {
        const map_node *sm = CMAP(src);
        mn_value *dst = mn_value_map();
        map_node *m = MAP(dst);
        *slot = dst;
        m->len = m->cap = (uint32_t)n;
        if (sm->named) {
            m->named = 1;
            m->u.e.ents = n ? mn_xcalloc(n, sizeof *m->u.e.ents) : NULL;
            for (size_t i = 0; i < n; i++) {
                const char *key = sm->u.e.ents[i].key;
                set_key(&m->u.e.ents[i], key, strlen(key));
            }
            index_rebuild(m);
        } else {
            m->u.k.vals = n ? mn_xcalloc(n, sizeof(mn_value *)) : NULL;
            memcpy(m->u.k.ids, sm->u.k.ids, n);
        }
        for (size_t i = 0; i < n; i++)
            (*jobs)[(*njobs)++] = (copy_job){map_val(sm, i), map_slot(m, i)};
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
        return int_equals_num(int_of(a), num_of(b));
    if (ta == MN_V_NUM && tb == MN_V_INT)
        return int_equals_num(int_of(b), num_of(a));
    if (ta != tb)
        return false;
    switch (ta) {
    case MN_V_NULL:
        return true;
    case MN_V_BOOL:
        return AS_BOOL(a) == AS_BOOL(b);
    case MN_V_INT:
        return int_of(a) == int_of(b);
    case MN_V_NUM:
        // NaN equals NaN here: a record that says .nan twice is unchanged
        return num_of(a) == num_of(b) || (isnan(num_of(a)) && isnan(num_of(b)));
    case MN_V_STR:
        return str_len(a) == str_len(b) &&
               memcmp(AS_STR(a)->s, AS_STR(b)->s, str_len(a)) == 0;
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
        if (mn_value_type(a) == MN_V_LIST) {
            ca = CLIST(a)->items[i];
            cb = CLIST(b)->items[i];
        } else {
            const char *key = map_key(CMAP(a), i);
            ca = map_val(CMAP(a), i);
            cb = map_get_n(b, key, strlen(key));
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
