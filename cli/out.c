/*
 * Atomic output: a record file either appears complete or not at all, so an
 * interrupted or failing batch never leaves a half-written YAML behind.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
/* NOLINTNEXTLINE(bugprone-reserved-identifier): glibc's feature macro */
#define _GNU_SOURCE /* syncfs(2): flush one filesystem, not all of them */
#endif
#include "out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mn_alloc.h"
#include "mn_buf.h"

mn_status
out_mkdirs_for(const char *path, mn_error *err)
{
    char *dir = mn_xstrdup(path);
    char *slash = strrchr(dir, '/');
    mn_status st = MN_OK;
    struct stat st_dir;
    if (slash) {
        *slash = '\0';
        if (stat(dir, &st_dir) == 0 && S_ISDIR(st_dir.st_mode))
            slash = NULL; /* the common case in a batch: already there */
    }
    if (slash) {
        for (char *p = dir + 1; st == MN_OK; p++) {
            char c = *p;
            if (c != '/' && c != '\0')
                continue;
            *p = '\0';
            if (mkdir(dir, 0777) != 0 && errno != EEXIST)
                st = mn_error_set(err, MN_E_IO, path, 0, 0,
                                  "cannot create directory %s: %s", dir,
                                  strerror(errno));
            *p = c;
            if (c == '\0')
                break;
        }
    }
    free(dir);
    return st;
}

/* Large enough that a typical record is one write(2). */
#define STREAM_BUFFER_BYTES 65536

struct out_stream {
    const char *path; /* borrowed; errors name it */
    char tmp[4096];
    int fd;
    int write_errno; /* first write failure, or 0 */
    size_t len;      /* bytes waiting in buf */
    char buf[STREAM_BUFFER_BYTES];
};

static int
write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? errno : ENOSPC; // a write that makes no progress
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

mn_status
out_stream_open(const char *path, out_stream **out, mn_error *err)
{
    static atomic_uint counter;
    out_stream *s = mn_xmalloc(sizeof *s);
    s->path = path;
    s->write_errno = 0;
    s->len = 0;
    int n = snprintf(s->tmp, sizeof s->tmp, "%s.tmp.%ld.%u", path,
                     (long)getpid(), atomic_fetch_add(&counter, 1));
    if (n < 0 || (size_t)n >= sizeof s->tmp) {
        free(s);
        return mn_error_set(err, MN_E_IO, path, 0, 0, "path too long");
    }
    s->fd = open(s->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (s->fd < 0) {
        int e = errno;
        free(s);
        return mn_error_set(err, MN_E_IO, path, 0, 0,
                            "cannot create output: %s", strerror(e));
    }
    *out = s;
    return MN_OK;
}

static void
flush_buffer(out_stream *s)
{
    if (s->len && !s->write_errno)
        s->write_errno = write_all(s->fd, s->buf, s->len);
    s->len = 0;
}

mn_status
out_stream_write(void *stream, const char *data, size_t len)
{
    out_stream *s = stream;
    if (s->write_errno)
        return MN_E_IO;
    if (s->len + len > sizeof s->buf)
        flush_buffer(s);
    if (len >= sizeof s->buf) {
        if (!s->write_errno)
            s->write_errno = write_all(s->fd, data, len);
    } else if (!s->write_errno) {
        memcpy(s->buf + s->len, data, len);
        s->len += len;
    }
    return s->write_errno ? MN_E_IO : MN_OK;
}

/* Flush, sync and close; the first failure is reported. */
static mn_status
settle(out_stream *s, mn_status st, int sync, mn_error *err)
{
    if (st == MN_OK)
        flush_buffer(s);
    if (s->write_errno)
        st = mn_error_set(err, MN_E_IO, s->path, 0, 0, "write failed: %s",
                          strerror(s->write_errno));
    if (st == MN_OK && sync && fsync(s->fd) != 0 && errno != EINVAL)
        st = mn_error_set(err, MN_E_IO, s->path, 0, 0, "sync failed: %s",
                          strerror(errno));
    if (close(s->fd) != 0 && st == MN_OK)
        st = mn_error_set(err, MN_E_IO, s->path, 0, 0, "close failed: %s",
                          strerror(errno));
    return st;
}

mn_status
out_stream_close(out_stream *s, mn_status st, int sync, mn_error *err)
{
    if (!s)
        return st;
    st = settle(s, st, sync, err);
    if (st == MN_OK && rename(s->tmp, s->path) != 0)
        st = mn_error_set(err, MN_E_IO, s->path, 0, 0, "rename failed: %s",
                          strerror(errno));
    if (st != MN_OK)
        unlink(s->tmp);
    free(s);
    return st;
}

static mn_status
write_atomic(const char *path, const char *data, size_t len, int sync,
             mn_error *err)
{
    out_stream *s = NULL;
    mn_status st = out_stream_open(path, &s, err);
    if (st != MN_OK || !s)
        return st;
    out_stream_write(s, data, len); /* close reports a failure */
    return out_stream_close(s, MN_OK, sync, err);
}

mn_status
out_write_atomic(const char *path, const char *data, size_t len, mn_error *err)
{
    return write_atomic(path, data, len, 1, err);
}

mn_status
out_write_atomic_nosync(const char *path, const char *data, size_t len,
                        mn_error *err)
{
    return write_atomic(path, data, len, 0, err);
}

mn_status
out_sync_dir(const char *dir, mn_error *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return mn_error_set(err, MN_E_IO, dir, 0, 0, "cannot open: %s",
                            strerror(errno));
#ifdef __linux__
    int rc = syncfs(fd);
#else
    sync();
    int rc = 0;
#endif
    int e = errno;
    close(fd);
    // cppcheck-suppress knownConditionTrueFalse ; rc is 0 only off Linux
    if (rc != 0)
        return mn_error_set(err, MN_E_IO, dir, 0, 0, "sync failed: %s",
                            strerror(e));
    return MN_OK;
}

char *
out_confined_path(const char *outdir, const char *rel, const char *suffix)
{
    mn_buf b;
    mn_buf_init(&b, 0);
    (void)mn_buf_printf(&b, "%s", outdir);
    const char *p = rel;
    while (*p) {
        while (*p == '/')
            p++;
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        int dots =
            (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.');
        if (n && !dots) {
            (void)mn_buf_putc(&b, '/');
            (void)mn_buf_append(&b, p, n);
        }
        p += n;
    }
    (void)mn_buf_printf(&b, "%s", suffix ? suffix : "");
    return mn_buf_take(&b);
}

void
out_error_keep_path(mn_error *err)
{
    static _Thread_local char kept[4096];
    if (!err || !err->file || err->file == kept)
        return;
    snprintf(kept, sizeof kept, "%s", err->file);
    err->file = kept;
}
