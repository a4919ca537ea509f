/* sorted.c - binary search (see sorted.h). */
#include "base/sorted.h"

#include <string.h>

size_t lower_bound(const void *base, size_t n, size_t size, const void *key,
		   int (*cmp)(const void *key, const void *elem))
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp(key, (const char *)base + mid * size) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int cmp_key_str(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}
