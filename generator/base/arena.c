/* arena.c - bump allocation (see arena.h). */
#include "base/arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

struct arena_chunk {
	struct arena_chunk *next;
	alignas(max_align_t) unsigned char data[];
};

#define CHUNK_MIN 16384

void *arena_alloc(struct arena *a, size_t n)
{
	const size_t al = alignof(max_align_t);
	size_t need = (n + al - 1) & ~(al - 1);
	if (!a->head || a->size - a->used < need) {
		size_t size = need > CHUNK_MIN ? need : CHUNK_MIN;
		if (a->size > size && a->size < (1u << 20))
			size = a->size * 2; /* grow with the document */
		struct arena_chunk *c = xmalloc(sizeof *c + size);
		c->next = a->head;
		a->head = c;
		a->size = size;
		a->used = 0;
	}
	void *p = a->head->data + a->used;
	a->used += need;
	a->total += need;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	*a = (struct arena)ARENA_INIT;
}
