/*
 * An LD_PRELOAD shim that makes I/O fail on demand (jq's inject_errors.c):
 * with MN_FAULT=write|rename|fsync|open|fopen and MN_FAULT_AFTER=N, the
 * first N calls of that function pass and every later one fails with
 * MN_FAULT_ERRNO (defaults: ENOSPC, EXDEV, EIO, EACCES, EACCES). Only output
 * is touched by open() (O_WRONLY/O_RDWR opens) and write() (descriptors above
 * 2, so messages still reach stderr); fopen() fails reads of paths containing
 * MN_FAULT_PATH, which is how an unreadable input is made when running as
 * root (root ignores permission bits).
 * Built by tests/faults.sh as a shared object; not part of libminutes.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

ssize_t write(int fd, const void *buf, size_t n);
int rename(const char *from, const char *to);
int fsync(int fd);
int open(const char *path, int flags, ...);
int open64(const char *path, int flags, ...);
FILE *fopen(const char *path, const char *mode);
FILE *fopen64(const char *path, const char *mode);

static unsigned long calls;

/* Should this call of `fn` fail? Counts the calls of the chosen function. */
static int
should_fail(const char *fn)
{
    const char *which = getenv("MN_FAULT");
    if (!which || strcmp(which, fn) != 0)
        return 0;
    const char *after = getenv("MN_FAULT_AFTER");
    unsigned long limit = after ? strtoul(after, NULL, 10) : 0;
    return calls++ >= limit;
}

static int
fault_errno(int dflt)
{
    const char *e = getenv("MN_FAULT_ERRNO");
    return e ? (int)strtol(e, NULL, 10) : dflt;
}

static void *
real(const char *name)
{
    void *f = dlsym(RTLD_NEXT, name);
    if (!f)
        abort();
    return f;
}

ssize_t
write(int fd, const void *buf, size_t n)
{
    ssize_t (*fn)(int, const void *, size_t) = real("write");
    if (fd > 2 && should_fail("write")) {
        errno = fault_errno(ENOSPC);
        return -1;
    }
    return fn(fd, buf, n);
}

int
rename(const char *from, const char *to)
{
    int (*fn)(const char *, const char *) = real("rename");
    if (should_fail("rename")) {
        errno = fault_errno(EXDEV);
        return -1;
    }
    return fn(from, to);
}

int
fsync(int fd)
{
    int (*fn)(int) = real("fsync");
    if (should_fail("fsync")) {
        errno = fault_errno(EIO);
        return -1;
    }
    return fn(fd);
}

static int
open_common(const char *name, const char *path, int flags, va_list ap)
{
    int (*fn)(const char *, int, ...) = real(name);
    mode_t mode = (flags & O_CREAT) ? (mode_t)va_arg(ap, int) : 0;
    if ((flags & (O_WRONLY | O_RDWR)) && should_fail("open")) {
        errno = fault_errno(EACCES);
        return -1;
    }
    return fn(path, flags, mode);
}

int
open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int fd = open_common("open", path, flags, ap);
    va_end(ap);
    return fd;
}

int
open64(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int fd = open_common("open64", path, flags, ap);
    va_end(ap);
    return fd;
}

static FILE *
fopen_common(const char *name, const char *path, const char *mode)
{
    FILE *(*fn)(const char *, const char *) = real(name);
    const char *only = getenv("MN_FAULT_PATH");
    if ((!only || strstr(path, only)) && should_fail("fopen")) {
        errno = fault_errno(EACCES);
        return NULL;
    }
    return fn(path, mode);
}

FILE *
fopen(const char *path, const char *mode)
{
    return fopen_common("fopen", path, mode);
}

FILE *
fopen64(const char *path, const char *mode)
{
    return fopen_common("fopen64", path, mode);
}
