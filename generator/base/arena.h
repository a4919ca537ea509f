/* arena.h - bump allocation for data that lives and dies together (one
 * chapter's document model).  Layer: base (libc only).
 *
 * Memory comes from chunks that are freed all at once by arena_release;
 * nothing is freed on its own.  Not thread-safe: one arena per chapter,
 * used by one thread at a time.  Running out of memory is fatal (xalloc). */
#ifndef FOLIO_ARENA_H
#define FOLIO_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t used, size;   /* in head */
	size_t total;        /* bytes handed out, for statistics */
};

#define ARENA_INIT { NULL, 0, 0, 0 }

/* n bytes, zeroed, 8-aligned (enough for every struct kept in an arena:
 * pointers, size_t, long, double). */
void *arena_alloc(struct arena *a, size_t n);
/* Copies of s[0..n) and of s, NUL-terminated. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Free every chunk; a is empty and usable again. */
void arena_release(struct arena *a);

#endif
