/* sha1.h - SHA-1 (FIPS 180-4) and name-based UUIDs (RFC 9562 version 5).
 *
 * Only for stable identifiers (the EPUB's urn:uuid), never for security:
 * one hash of a few bytes does not justify a crypto library.
 *
 * Layer: base (includes libc only): the low-level pieces every stage uses. */
#ifndef FOLIO_SHA1_H
#define FOLIO_SHA1_H

#include <stddef.h>
#include <stdint.h>

struct sha1 {
	uint32_t h[5];
	uint64_t len;            /* bytes hashed so far */
	unsigned char block[64];
	size_t used;             /* bytes waiting in block */
};

void sha1_init(struct sha1 *s);
void sha1_update(struct sha1 *s, const void *data, size_t len);
/* Write the 20-byte digest; s must be re-initialised before reuse. */
void sha1_final(struct sha1 *s, unsigned char digest[20]);

/* Namespaces of RFC 9562 appendix A. */
extern const unsigned char uuid_ns_dns[16];
extern const unsigned char uuid_ns_url[16];

/* The version-5 UUID of `name` in namespace `ns`, written as 36 lower-case
 * characters plus NUL into `out` ("2ed6657d-e927-568b-95e1-2665a8aea6a2"). */
void uuid_v5(const unsigned char ns[16], const char *name, size_t len, char out[37]);

#endif
