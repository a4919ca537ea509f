/* sorted.h - binary search over sorted arrays: the one implementation.
 * Layer: base (libc only). */
#ifndef FOLIO_SORTED_H
#define FOLIO_SORTED_H

#include <stddef.h>

/* The index of the first of the n elements (each `size` bytes, sorted by
 * cmp) not less than key: n when all are less.  cmp(key, element) < 0
 * when key sorts before the element. */
size_t lower_bound(const void *base, size_t n, size_t size, const void *key,
		   int (*cmp)(const void *key, const void *elem));

/* Compare a string key with an array element that is a `const char *`
 * (for arrays of strings). */
int cmp_key_str(const void *key, const void *elem);

/* qsort's comparison for an array of strings (`char *` or `const char *`),
 * by strcmp. */
int cmp_str_ptr(const void *a, const void *b);

#endif
