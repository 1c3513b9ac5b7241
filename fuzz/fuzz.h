/*
 * What every harness shares: the libFuzzer entry point's prototype (so the
 * harnesses compile warning-free under gcc with -Wmissing-prototypes, where
 * fuzz/replay.c provides main) and a walk over a document's blocks that
 * touches every byte and position the tokenisers hand out.
 */
#ifndef MN_FUZZ_H
#define MN_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "mn_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Check every block's invariants (aborts on a violation, which libFuzzer
 * reports as a crash); returns a checksum so the reads are not optimised
 * away. */
size_t fuzz_walk_doc(const mn_doc *doc);

#endif
