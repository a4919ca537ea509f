/* buf.h - growable byte buffer (after git's strbuf).
 *
 * Invariants, re-checked by tests/unit.c after every operation:
 *   - data is never NULL (an empty buffer points at a shared "" until it grows);
 *   - data[len] == '\0' always;
 *   - len < cap whenever cap > 0.
 * A struct buf is embedded (buf_init/buf_release), never allocated on its own.
 *
 * Layer: base (includes libc only): the low-level pieces every stage uses. */
#ifndef FOLIO_BUF_H
#define FOLIO_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0 }

void buf_init(struct buf *b);
/* Free the storage; b is empty and usable again. */
void buf_release(struct buf *b);
/* Hand the storage to the caller (who frees it); b is left empty.
 * *len receives the length when len is not NULL.  Never returns NULL. */
char *buf_detach(struct buf *b, size_t *len);
/* Make room for `extra` more bytes. */
void buf_grow(struct buf *b, size_t extra);
void buf_setlen(struct buf *b, size_t len);
static inline void buf_reset(struct buf *b) { buf_setlen(b, 0); }
void buf_add(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, int c);
void buf_printf(struct buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Collapse every run of white space (space, tab, CR, LF) to one space and
 * trim both ends, in place. */
void buf_squash(struct buf *b);

#endif
