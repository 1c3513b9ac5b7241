/* Output files are written whole or not at all: temp file, fsync, rename. */
#ifndef MN_CLI_OUT_H
#define MN_CLI_OUT_H

#include <stddef.h>

#include "mn_common.h"

/* Create every missing directory of `path` (the part before the last '/'). */
MN_NODISCARD mn_status out_mkdirs_for(const char *path, mn_error *err);

/* Write data to `path` atomically (PATH.tmp.PID.N then rename). On any
 * failure no file is left behind at either name. */
MN_NODISCARD mn_status out_write_atomic(const char *path, const char *data,
                                        size_t len, mn_error *err);

/* Join OUTDIR and a relative name so the result cannot leave OUTDIR: leading
 * '/', '.' and '..' components are dropped. Caller frees. */
char *out_confined_path(const char *outdir, const char *rel,
                        const char *suffix);

#endif
