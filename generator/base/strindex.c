/* strindex.c - a hash over an array of names (see strindex.h). */
#include "base/strindex.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/xalloc.h"

static int S_same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The slot that holds `name`, or the empty one where it would go. */
static size_t S_slot(const struct strindex *x, const char *const *names, const char *name)
{
	size_t mask = x->nslot - 1, k = (size_t)(name ? hash_str(name) : 0) & mask;
	while (x->slot[k] && !S_same(names[x->slot[k] - 1], name))
		k = (k + 1) & mask;
	return k;
}

size_t strindex_find(const struct strindex *x, const char *const *names, size_t n, const char *name)
{
	if (!x->nslot) {
		for (size_t i = 0; i < n; i++)
			if (S_same(names[i], name))
				return i;
		return n;
	}
	uint32_t e = x->slot[S_slot(x, names, name)];
	return e ? e - 1 : n;
}

void strindex_added(struct strindex *x, const char *const *names, size_t n)
{
	if (n <= 8 && !x->nslot) /* a few names are scanned */
		return;
	if (2 * n > x->nslot) { /* kept at most half full */
		free(x->slot);
		x->nslot = x->nslot ? 2 * x->nslot : 32;
		x->slot = xcalloc(x->nslot, sizeof *x->slot);
		for (size_t i = 0; i + 1 < n; i++)
			x->slot[S_slot(x, names, names[i])] = (uint32_t)(i + 1);
	}
	x->slot[S_slot(x, names, names[n - 1])] = (uint32_t)n;
}

void strindex_release(struct strindex *x)
{
	free(x->slot);
	*x = (struct strindex)STRINDEX_INIT;
}
