/* hash.h - FNV-1a, the one string hash (hash tables, fingerprints, short
 * stable names).  Not for security.  Layer: base (libc only). */
#ifndef FOLIO_HASH_H
#define FOLIO_HASH_H

#include <stdint.h>

/* FNV-1a 64 of the NUL-terminated s. */
static inline uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

#endif
