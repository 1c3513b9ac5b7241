/* Input enumeration for extract/check; see inputs.h. */
#include "inputs.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "mn_alloc.h"
#include "mn_buf.h"

static const char *const default_ext[] = {".html", ".htm", ".xhtml",
                                          ".txt",  ".md",  ".markdown"};

static void
push(input_list *l, const char *path, const char *rel)
{
    l->items = mn_xgrow(l->items, &l->cap, l->n + 1, sizeof *l->items);
    l->items[l->n].path = mn_xstrdup(path);
    l->items[l->n].rel = mn_xstrdup(rel);
    l->n++;
}

/* A glob matches the relative path or any tail of it that starts at a
 * directory boundary, as in .gitignore: "*.md" catches every markdown file
 * and "panel/s*" catches 2024/panel/sep.html. */
static int
glob_hit(const char *const *globs, size_t n, const char *rel)
{
    for (size_t i = 0; i < n; i++) {
        const char *tail = rel;
        for (size_t depth = 0; tail && depth <= 4096; depth++) {
            if (fnmatch(globs[i], tail, 0) == 0)
                return 1;
            tail = strchr(tail, '/');
            tail = tail ? tail + 1 : NULL;
        }
    }
    return 0;
}

int
inputs_wanted(const input_list *l, const char *rel)
{
    if (glob_hit(l->exclude, l->nexclude, rel))
        return 0;
    if (l->ninclude)
        return glob_hit(l->include, l->ninclude, rel);
    size_t n = strlen(rel);
    for (size_t i = 0; i < sizeof default_ext / sizeof *default_ext; i++) {
        size_t m = strlen(default_ext[i]);
        if (n > m && strcasecmp(rel + n - m, default_ext[i]) == 0)
            return 1;
    }
    return 0;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(input_list *l, const char *dir, const char *rel, int depth);

static void
walk_entry(input_list *l, const char *dir, const char *rel, const char *name,
           int depth)
{
    char *path = NULL, *sub = NULL;
    mn_buf b;
    mn_buf_init(&b, 0);
    (void)mn_buf_printf(&b, "%s/%s", dir, name);
    path = mn_buf_take(&b);
    (void)mn_buf_printf(&b, "%s%s%s", rel, *rel ? "/" : "", name);
    sub = mn_buf_take(&b);
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            walk(l, path, sub, depth + 1);
        else if ((S_ISREG(st.st_mode) ||
                  /* file symlinks yes, directory links no */
                  (S_ISLNK(st.st_mode) && stat(path, &st) == 0 &&
                   S_ISREG(st.st_mode))) &&
                 inputs_wanted(l, sub))
            push(l, path, sub);
    }
    free(path);
    free(sub);
}

static void
walk(input_list *l, const char *dir, const char *rel, int depth)
{
    if (depth > 64) {
        cli_warn("%s: directory tree deeper than 64 levels; not descending",
                 dir);
        return;
    }
    DIR *d = opendir(dir);
    if (!d) {
        cli_warn("%s: cannot read directory: %s", dir, strerror(errno));
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* ., .., and hidden files such as caches */
        names = mn_xgrow(names, &cap, n + 1, sizeof *names);
        names[n++] = mn_xstrdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        walk_entry(l, dir, rel, names[i], depth);
        free(names[i]);
    }
    free(names);
}

static const char *
base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s && s[1] ? s + 1 : p;
}

int
inputs_add_arg(input_list *l, const char *arg)
{
    if (strcmp(arg, "-") == 0) {
        push(l, "-", "stdin");
        return 0;
    }
    struct stat st;
    if (stat(arg, &st) != 0) {
        /* Keep it: the document loader reports the reason per file. */
        push(l, arg, base_name(arg));
        return 0;
    }
    if (S_ISDIR(st.st_mode)) {
        char *dir = mn_xstrdup(arg);
        size_t n = strlen(dir);
        while (n > 1 && dir[n - 1] == '/')
            dir[--n] = '\0';
        walk(l, dir, "", 0);
        free(dir);
    } else {
        push(l, arg, base_name(arg));
    }
    return 0;
}

int
inputs_add_from_file(input_list *l, const char *file)
{
    FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
    if (!f) {
        cli_error("%s: cannot open: %s", file, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n > 0)
            push(l, line, line);
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return 0;
}

void
inputs_free(input_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].path);
        free(l->items[i].rel);
    }
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}
