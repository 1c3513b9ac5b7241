/*
 * Shared vocabulary of every layer: status codes, the error record, and the
 * attribute macros. Everything in libminutes reports failure through
 * mn_status plus an optional mn_error, never by printing.
 */
#ifndef MN_COMMON_H
#define MN_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define MN_NODISCARD __attribute__((warn_unused_result))
#define MN_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MN_NODISCARD
#define MN_PRINTF(f, a)
#endif

typedef enum mn_status {
    MN_OK = 0,
    MN_E_IO,      /* a file could not be read or written */
    MN_E_DECODE,  /* input is binary or cannot be decoded as text */
    MN_E_LIMIT,   /* a named limit from mn_limits.h was hit */
    MN_E_RULE,    /* a rule file is malformed */
    MN_E_PATTERN, /* a PCRE2 pattern failed to compile */
    MN_E_USAGE,   /* the caller passed something meaningless */
    MN_E_YAML,    /* YAML could not be parsed or emitted */
    MN_E_INTERNAL
} mn_status;

/*
 * What went wrong and where. `file` is borrowed (it must outlive the error);
 * line and col are 1-based, 0 when unknown. `problem` says what is wrong,
 * `context` what was being done (libyaml's model).
 */
typedef struct mn_error {
    mn_status code;
    const char *file;
    unsigned line;
    unsigned col;
    char problem[256];
    char context[128];
} mn_error;

/* Fill `err` (which may be NULL) and return `code`. */
mn_status mn_error_set(mn_error *err, mn_status code, const char *file,
                       unsigned line, unsigned col, const char *fmt, ...)
    MN_PRINTF(6, 7);

/* Set the context string of an error already filled (NULL-safe). */
void mn_error_context(mn_error *err, const char *fmt, ...) MN_PRINTF(2, 3);

/* Render "FILE:LINE:COL: problem (context)" into buf; returns buf. */
const char *mn_error_format(const mn_error *err, char *buf, size_t size);

/* A fixed English name for a status code. */
const char *mn_status_str(mn_status code);

#endif
