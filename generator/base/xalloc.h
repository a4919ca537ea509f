/* xalloc.h - allocation that never returns NULL.
 *
 * folio is a tool, not a library: running out of memory prints a message
 * and exits with status 3.  Every x* function returns memory the caller
 * owns and frees with free().
 *
 * Layer: base (includes libc only): the low-level pieces every stage uses. */
#ifndef FOLIO_XALLOC_H
#define FOLIO_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array of `size`-byte elements so it holds at least `need`;
 * *cap is updated.  Returns the (possibly moved) array. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string. */
char *xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

#endif
