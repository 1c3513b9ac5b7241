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

static mn_status
write_all(int fd, const char *data, size_t len, const char *tmp, mn_error *err)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return mn_error_set(err, MN_E_IO, tmp, 0, 0, "write failed: %s",
                                n < 0 ? strerror(errno) : "no progress");
        data += n;
        len -= (size_t)n;
    }
    return MN_OK;
}

static mn_status
write_atomic(const char *path, const char *data, size_t len, int sync,
             mn_error *err)
{
    static atomic_uint counter;
    char tmp[4096];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp.%ld.%u", path, (long)getpid(),
                     atomic_fetch_add(&counter, 1));
    if (n < 0 || (size_t)n >= sizeof tmp)
        return mn_error_set(err, MN_E_IO, path, 0, 0, "path too long");
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0)
        return mn_error_set(err, MN_E_IO, path, 0, 0,
                            "cannot create output: %s", strerror(errno));
    mn_status st = write_all(fd, data, len, path, err);
    if (st == MN_OK && sync && fsync(fd) != 0 && errno != EINVAL)
        st = mn_error_set(err, MN_E_IO, path, 0, 0, "sync failed: %s",
                          strerror(errno));
    if (close(fd) != 0 && st == MN_OK)
        st = mn_error_set(err, MN_E_IO, path, 0, 0, "close failed: %s",
                          strerror(errno));
    if (st == MN_OK && rename(tmp, path) != 0)
        st = mn_error_set(err, MN_E_IO, path, 0, 0, "rename failed: %s",
                          strerror(errno));
    if (st != MN_OK)
        unlink(tmp);
    return st;
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
