/*
 * Code checks that read the document's blocks and HTML facts: dates that
 * need arithmetic (weekday, impossible day, quarter vs months), brackets and
 * quotes, final punctuation, and the HTML accessibility basics.
 */
#ifndef MN_CHECK_TEXT_H
#define MN_CHECK_TEXT_H

#include <stddef.h>

#include "mn_check_int.h"

/* The text checks, by id (static table, borrowed). Returns the count. */
size_t mn_check_text_table(const mn_code_check **out);

#endif
