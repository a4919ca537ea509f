/* strindex.h - a hash over an array of names, for finding a name's index.
 *
 * Layer: base (libc only).  The array is the caller's and grows at its
 * end; the index holds positions in it (a name is looked up by hash and
 * compared with strcmp, so equal names given by different pointers are
 * one).  A NULL name is a name of its own.  Up to 4,294,967,294 names. */
#ifndef FOLIO_STRINDEX_H
#define FOLIO_STRINDEX_H

#include <stddef.h>
#include <stdint.h>

struct strindex {
	uint32_t *slot;  /* position + 1, 0 for an empty slot */
	size_t nslot;    /* a power of two, or 0 */
};

#define STRINDEX_INIT { NULL, 0 }

/* The position of `name` among names[0..n), or n when it is not there;
 * names[0..n) must be the names the index was told of, in order. */
size_t strindex_find(const struct strindex *x, const char *const *names, size_t n, const char *name);

/* names[n - 1] has just been appended. */
void strindex_added(struct strindex *x, const char *const *names, size_t n);

void strindex_release(struct strindex *x);

#endif
