/*
 * Code checks that read the extracted record: section numbering and
 * emptiness, required parts per profile, yearless meeting dates,
 * abbreviations, actions, people and the archive comparisons.
 */
#ifndef MN_CHECK_RECORD_H
#define MN_CHECK_RECORD_H

#include <stddef.h>

#include "mn_check_int.h"

/* The record checks, by id (static table, borrowed). Returns the count. */
size_t mn_check_record_table(const mn_code_check **out);

#endif
