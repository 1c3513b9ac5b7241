/*
 * Turning command-line paths into the list of documents to process:
 * files as given, directories walked recursively (sorted, so runs are
 * deterministic; symlinked directories are not followed, so loops cannot
 * occur), `-` for stdin, and --include/--exclude globs.
 */
#ifndef MN_CLI_INPUTS_H
#define MN_CLI_INPUTS_H

#include <stddef.h>

typedef struct input_item {
    char *path; /* as opened */
    char *rel;  /* name relative to the argument it came from */
} input_item;

typedef struct input_list {
    input_item *items;
    size_t n, cap;
    const char *const *include; /* globs on the relative path or a tail of
                                   it after a "/" (so on the basename) */
    size_t ninclude;
    const char *const *exclude;
    size_t nexclude;
} input_list;

/* Add one command-line argument; returns 0, or -1 when it does not exist
 * (a message has been printed; callers usually go on). */
int inputs_add_arg(input_list *l, const char *arg);
/* Add paths read one per line from `file` ("-" = stdin). */
int inputs_add_from_file(input_list *l, const char *file);
void inputs_free(input_list *l);
/* Does the default filter (html, htm, xhtml, txt, md, markdown) or the
 * include globs accept this name? */
int inputs_wanted(const input_list *l, const char *rel);

#endif
