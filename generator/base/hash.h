/* hash.h - FNV-1a, the one string hash (hash tables, fingerprints, short
 * stable names).  Not for security.  Layer: base (libc only). */
#ifndef FOLIO_HASH_H
#define FOLIO_HASH_H

#include <stdint.h>

#include <stddef.h>
#include <string.h>

#define HASH_START 1469598103934665603ULL

/* FNV-1a 64 of n bytes, going on from h (HASH_START to begin). */
static inline uint64_t hash_more(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ c[i]) * 1099511628211ULL;
	return h;
}

/* A hash of the same kind over 8 bytes a step (FNV-1a's multiply on 64-bit
 * words, each followed by a shift to fold the high bits down; the tail
 * byte by byte): one multiply per 8 bytes, not per byte.  For keys kept in
 * memory only (folio serve's page keys): its values are not hash_more's
 * and depend on the machine's byte order. */
static inline uint64_t hash_more_words(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	for (; n >= 8; c += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, c, 8);
		h = (h ^ w) * 1099511628211ULL;
		h ^= h >> 32;
	}
	return hash_more(h, c, n);
}

/* FNV-1a 64 of the NUL-terminated s. */
static inline uint64_t hash_str(const char *s)
{
	uint64_t h = HASH_START;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

#endif
