/* Output files are written whole or not at all: temp file, fsync, rename. */
#ifndef MN_CLI_OUT_H
#define MN_CLI_OUT_H

#include <stddef.h>

#include "mn_common.h"

/* Create every missing directory of `path` (the part before the last '/'). */
MN_NODISCARD mn_status out_mkdirs_for(const char *path, mn_error *err);

/* Write data to `path` atomically (PATH.tmp.PID.N, fsync, then rename). On
 * any failure no file is left behind at either name. */
MN_NODISCARD mn_status out_write_atomic(const char *path, const char *data,
                                        size_t len, mn_error *err);

/* The same without the fsync: still all-or-nothing for readers and for an
 * interrupted process, but not durable until out_sync_dir. Batches use it
 * (one fsync per small record dominated their run time) and sync once. */
MN_NODISCARD mn_status out_write_atomic_nosync(const char *path,
                                               const char *data, size_t len,
                                               mn_error *err);

/*
 * An output file written piece by piece, with the same all-or-nothing
 * promise: bytes go (buffered) to PATH.tmp.PID.N, which becomes PATH only
 * when out_stream_close succeeds. A large record is never held whole.
 */
typedef struct out_stream out_stream;

/* Create the temp file for `path` (borrowed: it must outlive the stream). */
MN_NODISCARD mn_status out_stream_open(const char *path, out_stream **out,
                                       mn_error *err);

/* Append bytes. The first failure is remembered and reported by
 * out_stream_close; later writes are then ignored. Usable as an
 * mn_yaml_sink (ctx is the stream). */
mn_status out_stream_write(void *stream, const char *data, size_t len);

/* Finish the stream and free it. With st == MN_OK the data is flushed
 * (fsync'ed when `sync`) and renamed into place; otherwise, or when any
 * step fails, the temp file is removed. A write error of the stream's own
 * is reported (in err) in preference to st. */
MN_NODISCARD mn_status out_stream_close(out_stream *s, mn_status st, int sync,
                                        mn_error *err);

/* Flush everything written to the filesystem holding `dir` (syncfs). */
MN_NODISCARD mn_status out_sync_dir(const char *dir, mn_error *err);

/* mn_error borrows its file name; before freeing the path an error names,
 * call this to repoint err->file at a per-thread copy (valid until the
 * next call on this thread). NULL-safe. */
void out_error_keep_path(mn_error *err);

/* Join OUTDIR and a relative name so the result cannot leave OUTDIR: leading
 * '/', '.' and '..' components are dropped. Caller frees. */
char *out_confined_path(const char *outdir, const char *rel,
                        const char *suffix);

#endif
