/*
 * SHA-256 (FIPS 180-4), self-contained: the fingerprint of an original input
 * file, so that records can say exactly which bytes they came from.
 */
#ifndef MN_SHA256_H
#define MN_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* Incremental state; plain data, no resources to free. */
typedef struct mn_sha256 {
    uint32_t h[8];
    uint64_t total;          /* bytes hashed so far */
    unsigned char block[64]; /* pending partial block */
    size_t fill;             /* bytes pending in block */
} mn_sha256;

void mn_sha256_init(mn_sha256 *c);
void mn_sha256_update(mn_sha256 *c, const void *data, size_t len);
/* Finish into a 32-byte digest; the state must be re-initialised to reuse. */
void mn_sha256_final(mn_sha256 *c, unsigned char digest[32]);
/* Finish into 64 lower-case hex digits plus NUL. */
void mn_sha256_final_hex(mn_sha256 *c, char out[65]);

/* One-shot: lower-case hex digest of data[0..len) into out (65 bytes). */
void mn_sha256_hex(const void *data, size_t len, char out[65]);

#endif
