/* Error helpers shared by every layer; see mn_common.h. */
#include "mn_common.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

mn_status
mn_error_set(mn_error *err, mn_status code, const char *file, unsigned line,
             unsigned col, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    err->file = file;
    err->line = line;
    err->col = col;
    err->context[0] = '\0';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->problem, sizeof err->problem, fmt, ap);
    va_end(ap);
    return code;
}

void
mn_error_context(mn_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->context, sizeof err->context, fmt, ap);
    va_end(ap);
}

const char *
mn_error_format(const mn_error *err, char *buf, size_t size)
{
    const char *file = err->file ? err->file : "<input>";
    int n;
    if (err->line && err->col)
        n = snprintf(buf, size, "%s:%u:%u: %s", file, err->line, err->col,
                     err->problem);
    else if (err->line)
        n = snprintf(buf, size, "%s:%u: %s", file, err->line, err->problem);
    else
        n = snprintf(buf, size, "%s: %s", file, err->problem);
    if (err->context[0] && n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, " (%s)", err->context);
    return buf;
}

const char *
mn_status_str(mn_status code)
{
    switch (code) {
    case MN_OK: return "ok";
    case MN_E_IO: return "I/O error";
    case MN_E_DECODE: return "cannot decode input";
    case MN_E_LIMIT: return "limit exceeded";
    case MN_E_RULE: return "rule file error";
    case MN_E_PATTERN: return "pattern error";
    case MN_E_USAGE: return "usage error";
    case MN_E_YAML: return "YAML error";
    case MN_E_INTERNAL: return "internal error";
    }
    return "unknown error";
}
