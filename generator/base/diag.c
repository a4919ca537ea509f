/* diag.c - the diagnostics sink (see diag.h). */
#include "base/diag.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"

struct diag {
	enum diag_level level;
	char *file;
	unsigned line, col;
	char *msg;
	size_t seq;
};

struct diags {
	pthread_mutex_t lock;
	struct diag *list;
	size_t n, cap;
	unsigned errors, warnings;
	bool strict;
};

struct diags *diags_new(bool strict)
{
	struct diags *d = xcalloc(1, sizeof *d);
	pthread_mutex_init(&d->lock, NULL);
	d->strict = strict;
	return d;
}

void diags_clear(struct diags *d)
{
	pthread_mutex_lock(&d->lock);
	for (size_t i = 0; i < d->n; i++) {
		free(d->list[i].file);
		free(d->list[i].msg);
	}
	free(d->list);
	d->list = NULL;
	d->n = d->cap = 0;
	d->errors = d->warnings = 0;
	pthread_mutex_unlock(&d->lock);
}

void diags_free(struct diags *d)
{
	if (!d)
		return;
	diags_clear(d);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

static void add(struct diags *d, enum diag_level level, struct pos p, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	if (d->strict && level == DIAG_WARNING)
		level = DIAG_ERROR;
	pthread_mutex_lock(&d->lock);
	d->list = xgrow(d->list, &d->cap, d->n + 1, sizeof *d->list);
	d->list[d->n] = (struct diag){ level, p.file ? xstrdup(p.file) : NULL, p.line, p.col,
				       buf_detach(&b, NULL), d->n };
	d->n++;
	if (level == DIAG_ERROR)
		d->errors++;
	else if (level == DIAG_WARNING)
		d->warnings++;
	pthread_mutex_unlock(&d->lock);
}

int diag_error(struct diags *d, struct pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, DIAG_ERROR, p, fmt, ap);
	va_end(ap);
	return -1;
}

void diag_warning(struct diags *d, struct pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, DIAG_WARNING, p, fmt, ap);
	va_end(ap);
}

void diag_note(struct diags *d, struct pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, DIAG_NOTE, p, fmt, ap);
	va_end(ap);
}

unsigned diags_errors(const struct diags *d) { return d->errors; }
unsigned diags_warnings(const struct diags *d) { return d->warnings; }

/* Diagnostics without a file come first; then by file, line, column, and
 * finally in the order they were recorded (notes stay after their error). */
static int cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	if (!x->file != !y->file)
		return x->file ? 1 : -1;
	if (x->file) {
		int c = strcmp(x->file, y->file);
		if (c)
			return c;
	}
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* s with control characters as '?': one diagnostic, one line */
static void put_line_safe(struct buf *o, const char *s)
{
	for (; *s; s++)
		buf_putc(o, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

void diags_format(struct diags *d, struct buf *out)
{
	static const char *names[] = { "note", "warning", "error" };
	pthread_mutex_lock(&d->lock);
	if (d->n)
		qsort(d->list, d->n, sizeof *d->list, cmp);
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->list[i];
		if (g->file) {
			put_line_safe(out, g->file);
			if (g->line)
				buf_printf(out, ":%u", g->line);
			if (g->line && g->col)
				buf_printf(out, ":%u", g->col);
			buf_puts(out, ": ");
		} else {
			buf_puts(out, "folio: ");
		}
		buf_printf(out, "%s: ", names[g->level]);
		put_line_safe(out, g->msg);
		buf_putc(out, '\n');
	}
	pthread_mutex_unlock(&d->lock);
}

void diags_print(struct diags *d, FILE *out)
{
	struct buf b = BUF_INIT;
	diags_format(d, &b);
	fwrite(b.data, 1, b.len, out);
	fflush(out);
	buf_release(&b);
}
