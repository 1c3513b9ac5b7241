/*
 * The check engine: findings, user config (.minutes.yaml, flags, inline
 * suppression), the emitter every check reports through, the pattern checks
 * (rules of `kind: check` with a pattern) and the dispatch to code checks.
 * Also runs the examples of code checks, which the rule engine cannot.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mn_alloc.h"
#include "mn_buf.h"
#include "mn_check.h"
#include "mn_check_int.h"
#include "mn_check_record.h"
#include "mn_check_text.h"
#include "mn_extract.h"
#include "mn_limits.h"
#include "mn_ruleset_int.h" /* examples of code checks (no public accessor) */
#include "mn_yaml.h"

#define MAX_CONFIG_DIRS    64
#define MAX_TEMPLATE_BYTES 4096

/* ---- levels ------------------------------------------------------------- */

static const char *const level_names[] = {"off", "suggestion", "warning",
                                          "error"};

const char *
mn_level_name(mn_level l)
{
    return (unsigned)l < 4 ? level_names[l] : "off";
}

bool
mn_level_parse(const char *s, mn_level *out)
{
    for (unsigned i = 0; s && i < 4; i++)
        if (!strcmp(s, level_names[i])) {
            *out = (mn_level)i;
            return true;
        }
    return false;
}

/* ---- findings ----------------------------------------------------------- */

void
mn_findings_free(mn_findings *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->items[i].id);
        free(f->items[i].message);
        free(f->items[i].file);
    }
    for (size_t i = 0; i < f->nfiles; i++)
        free(f->files[i]);
    free(f->items);
    free(f->files);
    memset(f, 0, sizeof *f);
}

void
mn_findings_add_file(mn_findings *f, const char *path)
{
    f->files =
        mn_xgrow(f->files, &f->files_cap, f->nfiles + 1, sizeof *f->files);
    f->files[f->nfiles++] = mn_xstrdup(path);
}

void
mn_findings_add(mn_findings *f, const char *id, mn_level level,
                const char *message, const char *file, unsigned line,
                unsigned col)
{
    f->items = mn_xgrow(f->items, &f->cap, f->n + 1, sizeof *f->items);
    mn_finding *x = &f->items[f->n++];
    x->id = mn_xstrdup(id);
    x->level = level;
    x->message = mn_xstrdup(message);
    x->file = mn_xstrdup(file ? file : "-");
    x->line = line;
    x->col = col;
}

static const mn_findings *sort_ctx;

static size_t
file_rank(const char *file)
{
    for (size_t i = 0; i < sort_ctx->nfiles; i++)
        if (!strcmp(sort_ctx->files[i], file))
            return i;
    return sort_ctx->nfiles;
}

static int
cmp_finding(const void *pa, const void *pb)
{
    const mn_finding *a = pa, *b = pb;
    size_t ra = file_rank(a->file), rb = file_rank(b->file);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    int c = strcmp(a->file, b->file);
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return strcmp(a->id, b->id);
}

void
mn_findings_sort(mn_findings *f)
{
    sort_ctx = f; /* qsort has no context argument in C11 */
    if (f->n > 1)
        qsort(f->items, f->n, sizeof *f->items, cmp_finding);
    sort_ctx = NULL;
}

size_t
mn_findings_count(const mn_findings *f, mn_level level)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += f->items[i].level == level;
    return n;
}

/* ---- config ------------------------------------------------------------- */

mn_check_config *
mn_check_config_new(void)
{
    mn_check_config *cfg = mn_xcalloc(1, sizeof *cfg);
    cfg->min_level = MN_LEVEL_SUGGESTION;
    return cfg;
}

static void
free_strs(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void
free_entries(mn_archive_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].key);
        free(e[i].value);
        free(e[i].path);
    }
    free(e);
}

void
mn_check_config_free(mn_check_config *cfg)
{
    if (!cfg)
        return;
    free_strs(cfg->disabled, cfg->ndisabled);
    free_strs(cfg->level_ids, cfg->nlevels);
    free(cfg->levels);
    free_strs(cfg->packs, cfg->npacks);
    free_strs(cfg->known, cfg->nknown);
    free(cfg->only);
    free_entries(cfg->names, cfg->nnames);
    free_entries(cfg->abbrs, cfg->nabbrs);
    free(cfg);
}

static void
push_str(char ***v, size_t *n, const char *s)
{
    *v = mn_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = mn_xstrdup(s);
}

void
mn_check_config_disable(mn_check_config *cfg, const char *id)
{
    push_str(&cfg->disabled, &cfg->ndisabled, id);
}

void
mn_check_config_set_level(mn_check_config *cfg, const char *id, mn_level level)
{
    cfg->levels =
        mn_xrealloc(cfg->levels, (cfg->nlevels + 1) * sizeof *cfg->levels);
    cfg->levels[cfg->nlevels] = level;
    push_str(&cfg->level_ids, &cfg->nlevels, id);
}

void
mn_check_config_min_level(mn_check_config *cfg, mn_level level)
{
    cfg->min_level = level;
}

void
mn_check_config_pack(mn_check_config *cfg, const char *pack, bool on)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s=%d", pack, on ? 1 : 0);
    push_str(&cfg->packs, &cfg->npacks, buf);
}

void
mn_check_config_known_abbr(mn_check_config *cfg, const char *abbr)
{
    push_str(&cfg->known, &cfg->nknown, abbr);
}

void
mn_check_config_only(mn_check_config *cfg, const char *id)
{
    free(cfg->only);
    cfg->only = id ? mn_xstrdup(id) : NULL;
}

static mn_status
config_error(mn_error *err, const char *path, const char *what)
{
    return mn_error_set(err, MN_E_USAGE, path, 0, 0, "%s", what);
}

static mn_status
config_list(mn_check_config *cfg, const char *path, const mn_value *v,
            void (*add)(mn_check_config *, const char *), mn_error *err)
{
    if (mn_value_type(v) != MN_V_LIST)
        return config_error(err, path, "expected a list of strings");
    for (size_t i = 0; i < mn_value_len(v); i++) {
        const char *s = mn_value_as_str(mn_list_at(v, i));
        if (!s)
            return config_error(err, path, "expected a list of strings");
        add(cfg, s);
    }
    return MN_OK;
}

static mn_status
config_levels(mn_check_config *cfg, const char *path, const mn_value *v,
              mn_error *err)
{
    if (mn_value_type(v) != MN_V_MAP)
        return config_error(err, path,
                            "'levels' must map check ids to "
                            "levels");
    for (size_t i = 0; i < mn_value_len(v); i++) {
        mn_level l;
        if (!mn_level_parse(mn_value_as_str(mn_map_value_at(v, i)), &l))
            return mn_error_set(err, MN_E_USAGE, path, 0, 0,
                                "level of '%s' must be off, suggestion, "
                                "warning or error",
                                mn_map_key_at(v, i));
        mn_check_config_set_level(cfg, mn_map_key_at(v, i), l);
    }
    return MN_OK;
}

static mn_status
config_packs(mn_check_config *cfg, const char *path, const mn_value *v,
             mn_error *err)
{
    if (mn_value_type(v) != MN_V_MAP)
        return config_error(err, path,
                            "'packs' must map pack names to "
                            "true or false");
    for (size_t i = 0; i < mn_value_len(v); i++) {
        const mn_value *on = mn_map_value_at(v, i);
        if (mn_value_type(on) != MN_V_BOOL)
            return config_error(err, path,
                                "'packs' must map pack names to "
                                "true or false");
        mn_check_config_pack(cfg, mn_map_key_at(v, i), mn_value_as_bool(on));
    }
    return MN_OK;
}

static mn_status
config_apply(mn_check_config *cfg, const char *path, const mn_value *doc,
             mn_error *err)
{
    if (mn_value_type(doc) == MN_V_NULL)
        return MN_OK;
    if (mn_value_type(doc) != MN_V_MAP)
        return config_error(err, path, "config must be a map");
    mn_status st = MN_OK;
    for (size_t i = 0; st == MN_OK && i < mn_value_len(doc); i++) {
        const char *k = mn_map_key_at(doc, i);
        const mn_value *v = mn_map_value_at(doc, i);
        mn_level l;
        if (!strcmp(k, "disable"))
            st = config_list(cfg, path, v, mn_check_config_disable, err);
        else if (!strcmp(k, "abbreviations"))
            st = config_list(cfg, path, v, mn_check_config_known_abbr, err);
        else if (!strcmp(k, "levels"))
            st = config_levels(cfg, path, v, err);
        else if (!strcmp(k, "packs"))
            st = config_packs(cfg, path, v, err);
        else if (!strcmp(k, "min_level") &&
                 mn_level_parse(mn_value_as_str(v), &l))
            cfg->min_level = l;
        else
            st = mn_error_set(err, MN_E_USAGE, path, 0, 0,
                              "unknown or invalid config key '%s' (disable, "
                              "levels, min_level, packs, abbreviations)",
                              k);
    }
    return st;
}

mn_status
mn_check_config_load(mn_check_config *cfg, const char *path, mn_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return mn_error_set(err, MN_E_IO, path, 0, 0, "cannot open config");
    mn_buf b;
    mn_buf_init(&b, MN_MAX_RULE_FILE_BYTES);
    char chunk[4096];
    size_t n;
    mn_status st = MN_OK;
    while (st == MN_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        st = mn_buf_append(&b, chunk, n);
    fclose(f);
    mn_value *docs = NULL;
    if (st == MN_OK)
        st = mn_yaml_load(path, mn_buf_str(&b), b.len, &docs, err);
    else
        mn_error_set(err, st, path, 0, 0, "config too large");
    if (st == MN_OK && mn_value_len(docs) > 0)
        st = config_apply(cfg, path, mn_list_at(docs, 0), err);
    mn_value_free(docs);
    mn_buf_free(&b);
    return st;
}

char *
mn_check_config_find(const char *dir)
{
    char *cur = realpath(dir ? dir : ".", NULL);
    for (int depth = 0; cur && depth < MAX_CONFIG_DIRS; depth++) {
        mn_buf p;
        mn_buf_init(&p, 0);
        (void)mn_buf_printf(&p, "%s/.minutes.yaml", cur);
        struct stat sb;
        if (stat(mn_buf_str(&p), &sb) == 0 && S_ISREG(sb.st_mode)) {
            free(cur);
            return mn_buf_take(&p);
        }
        mn_buf_free(&p);
        char *slash = strrchr(cur, '/');
        if (!slash || slash == cur)
            break;
        *slash = '\0';
    }
    free(cur);
    return NULL;
}

static void
add_entry(mn_archive_entry **v, size_t *n, const char *key, const char *value,
          const char *path, long long line)
{
    if (!key || !*key || *n >= MN_MAX_RECORD_ITEMS)
        return;
    *v = mn_xrealloc(*v, (*n + 1) * sizeof **v);
    mn_archive_entry *e = &(*v)[(*n)++];
    e->key = mn_xstrdup(key);
    e->value = value ? mn_xstrdup(value) : NULL;
    e->path = mn_xstrdup(path);
    e->line = line > 0 && line < 1000000000 ? (unsigned)line : 0;
}

void
mn_check_config_add_archive(mn_check_config *cfg, const char *path,
                            const mn_value *record)
{
    const mn_value *att = mn_map_get(record, "attendees");
    for (size_t i = 0; i < mn_value_len(att); i++) {
        const mn_value *a = mn_list_at(att, i);
        add_entry(&cfg->names, &cfg->nnames, mn_map_get_str(a, "name"), NULL,
                  path, mn_value_as_int(mn_map_get(a, "line")));
    }
    const mn_value *ab = mn_map_get(record, "abbreviations");
    for (size_t i = 0; i < mn_value_len(ab); i++) {
        const mn_value *a = mn_list_at(ab, i);
        const char *exp = mn_map_get_str(a, "expansion");
        if (exp)
            add_entry(&cfg->abbrs, &cfg->nabbrs, mn_map_get_str(a, "abbr"), exp,
                      path, mn_value_as_int(mn_map_get(a, "line")));
    }
}

/* ---- the emitter -------------------------------------------------------- */

const mn_rule *
mn_c_rule(const mn_cctx *c, const char *id)
{
    for (size_t i = 0; i < c->nchecks; i++)
        if (!strcmp(mn_rule_id(c->checks[i]), id))
            return c->checks[i];
    return NULL;
}

static bool
in_strs(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], s))
            return true;
    return false;
}

/* Is `id` named in the space-separated suppression list of the document
 * (an id, its area prefix "typography", or "all")? */
static bool
suppressed(const mn_cctx *c, const char *id)
{
    const char *list = mn_doc_meta(c->doc, "html.suppress");
    size_t area = strcspn(id, ".");
    for (const char *p = list; p && *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n && ((n == strlen(id) && !strncmp(p, id, n)) ||
                  (n == area && !strncmp(p, id, n)) ||
                  (n == 3 && !strncmp(p, "all", 3))))
            return true;
        p += n;
    }
    return false;
}

static mn_level
effective_level(const mn_cctx *c, const mn_rule *r, const char *id)
{
    mn_level l = MN_LEVEL_WARNING;
    if (r && !mn_level_parse(mn_rule_attr(r, "level"), &l))
        l = MN_LEVEL_WARNING;
    for (size_t i = c->cfg->nlevels; i-- > 0;)
        if (!strcmp(c->cfg->level_ids[i], id))
            return c->cfg->levels[i];
    return l;
}

char *
mn_c_expand(const char *tmpl, const char *const *vars)
{
    mn_buf b;
    mn_buf_init(&b, MAX_TEMPLATE_BYTES);
    for (const char *p = tmpl; *p;) {
        const char *open = strstr(p, "{{");
        const char *close = open ? strstr(open + 2, "}}") : NULL;
        if (!close) {
            (void)mn_buf_append(&b, p, strlen(p));
            break;
        }
        (void)mn_buf_append(&b, p, (size_t)(open - p));
        size_t klen = (size_t)(close - open - 2);
        const char *val = NULL;
        for (size_t i = 0; vars && vars[i] && vars[i + 1]; i += 2)
            if (strlen(vars[i]) == klen && !strncmp(vars[i], open + 2, klen))
                val = vars[i + 1];
        if (val)
            (void)mn_buf_append(&b, val, strlen(val));
        else
            (void)mn_buf_append(&b, open, (size_t)(close + 2 - open));
        p = close + 2;
    }
    return mn_buf_take(&b);
}

void
mn_c_emit(mn_cctx *c, const char *id, unsigned line, unsigned col,
          const char *const *vars)
{
    const mn_rule *r = mn_c_rule(c, id);
    if (!r || (c->cfg->only && strcmp(c->cfg->only, id) != 0))
        return;
    mn_level l = effective_level(c, r, id);
    if (l == MN_LEVEL_OFF || l < c->cfg->min_level ||
        in_strs(c->cfg->disabled, c->cfg->ndisabled, id) || suppressed(c, id))
        return;
    const char *tmpl = mn_rule_attr(r, "message");
    char *msg = mn_c_expand(tmpl ? tmpl : id, vars);
    mn_findings_add(c->out, id, l, msg, c->file, line, col);
    free(msg);
}

/* ---- helpers for checks ------------------------------------------------- */

unsigned
mn_c_locate(const mn_cctx *c, unsigned *line, const char *needle)
{
    size_t nb = mn_doc_block_count(c->doc);
    if (!nb || !needle || !*needle)
        return 1;
    size_t bi = mn_doc_block_at_line(c->doc, *line);
    if (bi == SIZE_MAX)
        bi = 0;
    /* The item may sit in this block or (a heading split from its body)
     * in the next one or two. */
    for (size_t k = bi; k < nb && k < bi + 3; k++) {
        const mn_block *b = mn_doc_block(c->doc, k);
        const char *hit = strstr(b->text, needle);
        if (hit) {
            mn_pos p = mn_block_locate(b, (size_t)(hit - b->text));
            *line = p.line;
            return p.col ? p.col : 1;
        }
    }
    const mn_block *b = mn_doc_block(c->doc, bi);
    return b->pos.line == *line && b->pos.col ? b->pos.col : 1;
}

bool
mn_c_profile_listed(const mn_cctx *c, const char *id)
{
    const mn_rule *r = mn_c_rule(c, id);
    for (size_t i = 0; r && i < mn_rule_set_count(r); i++) {
        const char *k, *v;
        mn_rule_set_at(r, i, &k, &v);
        if (strcmp(k, "profiles") != 0)
            continue;
        size_t n = strlen(c->profile);
        for (const char *p = strstr(v, c->profile); p;
             p = strstr(p + n, c->profile))
            if ((p == v || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
                return true;
        return false;
    }
    return true;
}

size_t
mn_c_setting(const mn_cctx *c, const char *key, const char *const **values)
{
    return mn_ruleset_setting(c->rs, c->profile, key, values);
}

static bool
in_setting(const mn_cctx *c, const char *key, const char *s)
{
    const char *const *v = NULL;
    size_t n = mn_c_setting(c, key, &v);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], s))
            return true;
    if (strcmp(c->profile, "core") != 0) {
        n = mn_ruleset_setting(c->rs, "core", key, &v);
        for (size_t i = 0; i < n; i++)
            if (!strcmp(v[i], s))
                return true;
    }
    return false;
}

bool
mn_c_known_abbr(const mn_cctx *c, const char *s)
{
    return in_strs(c->cfg->known, c->cfg->nknown, s) ||
           in_setting(c, "checks.known_abbreviations", s);
}

/* ---- pattern checks ----------------------------------------------------- */

static bool
is_code_rule(const mn_rule *r)
{
    const char *code = mn_rule_attr(r, "code");
    return code && !strcmp(code, "true");
}

/* Template variables of one match: "match" and every named capture. */
static void
emit_match(mn_cctx *c, const mn_block *b, const mn_match *mt)
{
    char *store[2 * 17] = {0};
    const char *vars[2 * 17 + 1] = {0};
    size_t nv = 0;
    store[nv + 1] = mn_xstrndup(b->text + mt->start, mt->len);
    vars[nv] = "match";
    vars[nv + 1] = store[nv + 1];
    nv += 2;
    size_t room = sizeof store / sizeof *store;
    for (size_t i = 0; i < mt->ncaps && nv + 2 < room; i++) {
        store[nv + 1] =
            mn_xstrndup(b->text + mt->caps[i].start, mt->caps[i].len);
        vars[nv] = mt->caps[i].name;
        vars[nv + 1] = store[nv + 1];
        nv += 2;
    }
    mn_pos p = mn_block_locate(b, mt->start);
    mn_c_emit(c, mn_rule_id(mt->rule), p.line, p.col ? p.col : 1, vars);
    for (size_t i = 0; i < nv; i++)
        free(store[i]);
}

static void
run_pattern_rule(mn_cctx *c, const mn_rule *r, const mn_block *b)
{
    size_t from = 0;
    for (unsigned guard = 0; from <= b->len && guard < 10000; guard++) {
        mn_match mt;
        if (mn_matcher_exec(c->m, r, b->text, b->len, from, &mt) != 1)
            break;
        emit_match(c, b, &mt);
        from = mt.start + (mt.len ? mt.len : 1);
    }
}

static void
run_pattern_checks(mn_cctx *c)
{
    size_t nb = mn_doc_block_count(c->doc);
    for (size_t i = 0; i < nb && i < MN_MAX_BLOCKS; i++) {
        const mn_block *b = mn_doc_block(c->doc, i);
        for (size_t k = 0; k < c->nchecks; k++) {
            const mn_rule *r = c->checks[k];
            if (is_code_rule(r) || !mn_rule_applies(r, b->kind))
                continue;
            if (c->cfg->only && strcmp(c->cfg->only, mn_rule_id(r)) != 0)
                continue;
            run_pattern_rule(c, r, b);
        }
    }
}

/* ---- selecting the active checks ---------------------------------------- */

/* Packs on by default per profile; config entries "name=0/1" win. */
static bool
pack_on(const mn_check_config *cfg, const char *pack, const char *profile)
{
    for (size_t i = cfg->npacks; i-- > 0;) {
        size_t n = strcspn(cfg->packs[i], "=");
        if (strlen(pack) == n && !strncmp(cfg->packs[i], pack, n))
            return cfg->packs[i][n + 1] == '1';
    }
    if (!strcmp(pack, "govuk"))
        return !strcmp(profile, "pcc") || !strcmp(profile, "moderngov");
    return true;
}

static const mn_rule **
active_checks(const mn_ruleset *rs, const mn_check_config *cfg,
              const char *profile, size_t *n)
{
    const mn_rule *const *all = NULL;
    size_t na = mn_ruleset_active(rs, profile, &all);
    // NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
    const mn_rule **out = mn_xcalloc(na + 1, sizeof *out);
    *n = 0;
    for (size_t i = 0; i < na; i++) {
        const mn_rule *r = all[i];
        const char *pack = NULL;
        for (size_t k = 0; k < mn_rule_set_count(r); k++) {
            const char *key, *val;
            mn_rule_set_at(r, k, &key, &val);
            if (!strcmp(key, "pack"))
                pack = val;
        }
        if (!strcmp(mn_rule_kind(r), "check") &&
            (!pack || pack_on(cfg, pack, profile)))
            out[(*n)++] = r;
    }
    return out;
}

mn_status
mn_check_run(const mn_doc *doc, const mn_value *record, const mn_ruleset *rs,
             mn_matcher *m, const mn_check_config *cfg, mn_findings *out,
             mn_error *err)
{
    if (!doc || !record || !rs || !m || !out)
        return mn_error_set(err, MN_E_USAGE, NULL, 0, 0,
                            "mn_check_run: missing argument");
    mn_check_config *own = cfg ? NULL : mn_check_config_new();
    const char *profile = mn_map_get_str(record, "profile");
    mn_cctx c = {.doc = doc,
                 .rec = record,
                 .rs = rs,
                 .m = m,
                 .cfg = cfg ? cfg : own,
                 .profile = profile ? profile : "core",
                 .file = mn_doc_path(doc),
                 .out = out};
    const mn_rule **checks = active_checks(rs, c.cfg, c.profile, &c.nchecks);
    c.checks = checks;
    run_pattern_checks(&c);
    const mn_code_check *tables[2];
    size_t counts[2];
    counts[0] = mn_check_record_table(&tables[0]);
    counts[1] = mn_check_text_table(&tables[1]);
    for (size_t t = 0; t < 2; t++)
        for (size_t i = 0; i < counts[t]; i++)
            if (mn_c_rule(&c, tables[t][i].id) &&
                (!c.cfg->only || !strcmp(c.cfg->only, tables[t][i].id)))
                tables[t][i].run(&c);
    free(checks);
    mn_check_config_free(own);
    return MN_OK;
}

/* ---- examples of code checks -------------------------------------------- */

typedef struct ex_run {
    const mn_ruleset *rs;
    mn_matcher *m;
    void (*report)(void *, const char *);
    void *ctx;
} ex_run;

static void ex_fail(ex_run *t, const mn_rule *r, unsigned line, const char *fmt,
                    ...) MN_PRINTF(4, 5);

static void
ex_fail(ex_run *t, const mn_rule *r, unsigned line, const char *fmt, ...)
{
    char what[512], msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(msg, sizeof msg, "%s:%u: rule %s: %s", mn_rule_file(r), line,
             mn_rule_id(r), what);
    t->report(t->ctx, msg);
}

/* Findings of check `r` on `text` read as a document; -1 on load error. */
static long
findings_on(ex_run *t, const mn_rule *r, const char *text)
{
    bool html = text[0] == '<';
    mn_doc_options dopt = {.format = html ? MN_FORMAT_HTML : MN_FORMAT_TEXT};
    mn_doc *doc = NULL;
    mn_error err = {0};
    if (mn_doc_load_memory(html ? "example.html" : "example.txt", text,
                           strlen(text), &dopt, &doc, &err) != MN_OK)
        return -1;
    const char *profile = mn_rule_profile(r);
    mn_extract_options xo = {.profile =
                                 strcmp(profile, "core") ? profile : NULL};
    mn_value *rec = NULL;
    long n = -1;
    if (mn_extract(doc, t->rs, t->m, &xo, &rec, &err) == MN_OK) {
        mn_check_config *cfg = mn_check_config_new();
        mn_check_config_only(cfg, mn_rule_id(r));
        mn_check_config_pack(cfg, "govuk", true);
        mn_findings f = {0};
        if (mn_check_run(doc, rec, t->rs, t->m, cfg, &f, &err) == MN_OK)
            n = (long)f.n;
        mn_findings_free(&f);
        mn_check_config_free(cfg);
    }
    mn_value_free(rec);
    mn_doc_free(doc);
    return n;
}

size_t
mn_check_test_examples(const mn_ruleset *rs,
                       void (*report)(void *ctx, const char *line), void *ctx,
                       size_t *total)
{
    ex_run t = {rs, mn_matcher_new(rs), report, ctx};
    size_t fails = 0, n = 0;
    for (size_t i = 0; i < mn_ruleset_count(rs); i++) {
        const mn_rule *r = mn_ruleset_rule(rs, i);
        if (strcmp(mn_rule_kind(r), "check") != 0 || !is_code_rule(r))
            continue;
        for (size_t k = 0; k < r->nexamples; k++) {
            const rule_example *ex = &r->examples[k];
            long got = findings_on(&t, r, ex->text);
            n++;
            if (got < 0) {
                ex_fail(&t, r, ex->line, "example could not be read");
                fails++;
            } else if (ex->match && got == 0) {
                ex_fail(&t, r, ex->line, "expected a finding, got none");
                fails++;
            } else if (!ex->match && got > 0) {
                ex_fail(&t, r, ex->line, "expected no finding, got %ld", got);
                fails++;
            }
        }
    }
    mn_matcher_free(t.m);
    if (total)
        *total = n;
    return fails;
}
