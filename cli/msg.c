/* Message helpers for the CLI; the library itself never prints. */
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"

void
cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("minutes: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void
cli_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("minutes: warning: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void
cli_report(const mn_error *err)
{
    char buf[1024];
    cli_error("%s", mn_error_format(err, buf, sizeof buf));
}

int
cli_exit_for(mn_status st)
{
    switch (st) {
    case MN_OK:
        return MN_EXIT_OK;
    case MN_E_DECODE:
        return MN_EXIT_DECODE;
    case MN_E_RULE:
    case MN_E_PATTERN:
        return MN_EXIT_RULES;
    default:
        return MN_EXIT_USAGE;
    }
}

int
cli_write_stdout(const char *cmd, const mn_buf *out)
{
    fwrite(mn_buf_str(out), 1, out->len, stdout);
    if (fflush(stdout) != 0) {
        cli_error("%s: writing to stdout failed", cmd);
        return MN_EXIT_USAGE;
    }
    return MN_EXIT_OK;
}
