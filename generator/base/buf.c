#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

/* What an empty buffer points at: never written (buf_grow allocates before
 * the first byte), so sharing it is safe. */
char buf_empty[1];

void buf_init(struct buf *b)
{
	b->data = buf_empty;
	b->len = 0;
	b->cap = 0;
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->data);
	buf_init(b);
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p;
	if (len)
		*len = b->len;
	if (b->cap) {
		p = b->data;
	} else {
		p = xmalloc(1);
		p[0] = '\0';
	}
	buf_init(b);
	return p;
}

void buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need < b->len) { /* overflow */
		fprintf(stderr, "folio: fatal: buffer too large\n");
		exit(3);
	}
	if (need <= b->cap)
		return;
	if (!b->cap)
		b->data = NULL;
	b->data = xgrow(b->data, &b->cap, need, 1);
	if (b->len == 0)
		b->data[0] = '\0';
}

void buf_setlen(struct buf *b, size_t len)
{
	if (len > (b->cap ? b->cap - 1 : 0)) {
		fprintf(stderr, "folio: fatal: buf_setlen beyond allocation\n");
		abort();
	}
	b->len = len;
	if (b->cap)
		b->data[len] = '\0';
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	if (!n)
		return;
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_putc(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->data[b->len++] = (char)c;
	b->data[b->len] = '\0';
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(b->data + b->len, b->cap ? b->cap - b->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= (b->cap ? b->cap - b->len : 0)) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_squash(struct buf *b)
{
	size_t o = 0;
	int sp = 1;
	for (size_t i = 0; i < b->len; i++) {
		char c = b->data[i];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			if (!sp)
				b->data[o++] = ' ';
			sp = 1;
		} else {
			b->data[o++] = c;
			sp = 0;
		}
	}
	if (o && b->data[o - 1] == ' ')
		o--;
	if (b->cap)
		buf_setlen(b, o);
}
