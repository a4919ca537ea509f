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

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct diag *list;
static size_t n, cap;
static unsigned errors, warnings;
static bool strict;

void diag_set_strict(bool s) { strict = s; }

static void add(enum diag_level level, struct pos p, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	if (strict && level == DIAG_WARNING)
		level = DIAG_ERROR;
	pthread_mutex_lock(&lock);
	list = xgrow(list, &cap, n + 1, sizeof *list);
	list[n].level = level;
	list[n].file = p.file ? xstrdup(p.file) : NULL;
	list[n].line = p.line;
	list[n].col = p.col;
	list[n].msg = buf_detach(&b, NULL);
	list[n].seq = n;
	n++;
	if (level == DIAG_ERROR)
		errors++;
	else if (level == DIAG_WARNING)
		warnings++;
	pthread_mutex_unlock(&lock);
}

int diag_error(struct pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(DIAG_ERROR, p, fmt, ap);
	va_end(ap);
	return -1;
}

void diag_warning(struct pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(DIAG_WARNING, p, fmt, ap);
	va_end(ap);
}

void diag_note(struct pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(DIAG_NOTE, p, fmt, ap);
	va_end(ap);
}

unsigned diag_error_count(void) { return errors; }
unsigned diag_warning_count(void) { return warnings; }

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

void diag_flush(FILE *out)
{
	static const char *names[] = { "note", "warning", "error" };
	pthread_mutex_lock(&lock);
	if (n)
		qsort(list, n, sizeof *list, cmp);
	for (size_t i = 0; i < n; i++) {
		struct diag *d = &list[i];
		if (d->file) {
			fputs(d->file, out);
			if (d->line)
				fprintf(out, ":%u", d->line);
			if (d->line && d->col)
				fprintf(out, ":%u", d->col);
			fputs(": ", out);
		} else {
			fputs("folio: ", out);
		}
		fprintf(out, "%s: %s\n", names[d->level], d->msg);
		free(d->file);
		free(d->msg);
	}
	free(list);
	list = NULL;
	n = cap = 0;
	errors = warnings = 0;
	pthread_mutex_unlock(&lock);
}
