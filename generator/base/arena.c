/* arena.c - bump allocation (see arena.h). */
#include "base/arena.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

struct arena_chunk {
	struct arena_chunk *next;
	unsigned char data[]; /* at offset 8: 8-aligned, as malloc's memory is */
};

/* Chunks of CHUNK bytes; a request larger than CHUNK / 4 gets a chunk of
 * its own size, linked behind the current one (which goes on filling).
 * Small fixed chunks keep what a document leaves unused to under one chunk
 * (10,000 documents of 22 KB held 26 KB each of unused chunk tails with
 * chunks of 16 and 32 KB). */
#define CHUNK 4032
#define ALIGN 8 /* enough for every struct in an arena: pointers, size_t, double */

static unsigned char *S_take(struct arena *a, size_t need, size_t align)
{
	size_t at = (a->used + align - 1) & ~(align - 1);
	if (!a->head || at > a->size || a->size - at < need) {
		if (need > CHUNK / 4) {
			struct arena_chunk *c = xmalloc(sizeof *c + need);
			if (a->head) { /* behind the current chunk, which keeps its room */
				c->next = a->head->next;
				a->head->next = c;
			} else {
				c->next = NULL;
				a->head = c;
				a->size = a->used = need;
			}
			a->total += need;
			return c->data;
		}
		struct arena_chunk *c = xmalloc(sizeof *c + CHUNK);
		c->next = a->head;
		a->head = c;
		a->size = CHUNK;
		at = 0;
	}
	a->used = at + need;
	a->total += need;
	return a->head->data + at;
}

void *arena_alloc(struct arena *a, size_t n)
{
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (need < n)
		need = n; /* cannot happen short of SIZE_MAX; xmalloc then fails */
	void *p = S_take(a, need, ALIGN);
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = (char *)S_take(a, n + 1, 1); /* text needs no alignment */
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
