/* diag.c - the diagnostics sink (see diag.h). */
#include "base/diag.h"

#include <pthread.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/xalloc.h"

struct diag {
	enum diag_level level;
	char *file;
	unsigned line, col;
	char *msg;
	size_t seq;
	uint64_t hash;  /* of all the above but seq: duplicates are recorded once */
};

struct diags {
	pthread_mutex_t lock;
	struct diag *list;
	size_t n, cap;
	unsigned errors, warnings;
	bool strict;
	/* an open-addressing set of list indexes + 1, by hash: the same message
	 * at the same place is kept once (a fragment included twice, or by two
	 * chapters, has its problems found each time) */
	size_t *set, nset;
	bool set_stale;  /* the list was sorted since the set was built */
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
	free(d->set);
	d->set = NULL;
	d->nset = 0;
	d->set_stale = false;
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

static uint64_t S_hash(enum diag_level level, const char *file, unsigned line, unsigned col, const char *msg)
{
	uint64_t h = hash_str(file ? file : "");
	h = (h ^ hash_str(msg)) * 1099511628211ULL;
	h = (h ^ ((uint64_t)line << 32 | col)) * 1099511628211ULL;
	return (h ^ (uint64_t)level) * 1099511628211ULL;
}

static bool S_same(const struct diag *g, enum diag_level level, const char *file, unsigned line, unsigned col,
		   const char *msg)
{
	return g->level == level && g->line == line && g->col == col && !g->file == !file &&
	       (!file || !strcmp(g->file, file)) && !strcmp(g->msg, msg);
}

/* Put list index i into the set (which has room). */
static void S_set_put(struct diags *d, size_t i)
{
	size_t k = (size_t)d->list[i].hash & (d->nset - 1);
	while (d->set[k])
		k = (k + 1) & (d->nset - 1);
	d->set[k] = i + 1;
}

/* Is this diagnostic recorded already?  Keeps the set at most half full
 * and current.  Called with the lock held. */
static bool S_seen(struct diags *d, uint64_t h, enum diag_level level, const char *file, unsigned line, unsigned col,
		   const char *msg)
{
	if (d->set_stale || 2 * (d->n + 1) > d->nset) {
		size_t want = d->nset ? d->nset : 64;
		while (2 * (d->n + 1) > want)
			want *= 2;
		free(d->set);
		d->set = xcalloc(want, sizeof *d->set);
		d->nset = want;
		for (size_t i = 0; i < d->n; i++)
			S_set_put(d, i);
		d->set_stale = false;
	}
	for (size_t k = (size_t)h & (d->nset - 1); d->set[k]; k = (k + 1) & (d->nset - 1)) {
		const struct diag *g = &d->list[d->set[k] - 1];
		if (g->hash == h && S_same(g, level, file, line, col, msg))
			return true;
	}
	return false;
}

static void add(struct diags *d, enum diag_level level, struct pos p, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	if (d->strict && level == DIAG_WARNING)
		level = DIAG_ERROR;
	uint64_t h = S_hash(level, p.file, p.line, p.col, b.data);
	pthread_mutex_lock(&d->lock);
	if (S_seen(d, h, level, p.file, p.line, p.col, b.data)) {
		pthread_mutex_unlock(&d->lock);
		buf_release(&b);
		return;
	}
	d->list = xgrow(d->list, &d->cap, d->n + 1, sizeof *d->list);
	d->list[d->n] = (struct diag){ level, p.file ? xstrdup(p.file) : NULL, p.line, p.col,
				       buf_detach(&b, NULL), d->n, h };
	S_set_put(d, d->n);
	d->n++;
	if (level == DIAG_ERROR)
		d->errors++;
	else if (level == DIAG_WARNING)
		d->warnings++;
	pthread_mutex_unlock(&d->lock);
}

static void add_f(struct diags *d, enum diag_level level, struct pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, level, p, fmt, ap);
	va_end(ap);
}

static int S_by_seq(const void *a, const void *b)
{
	size_t x = (*(const struct diag *const *)a)->seq, y = (*(const struct diag *const *)b)->seq;
	return (x > y) - (x < y);
}

void diags_append(struct diags *to, struct diags *from)
{
	pthread_mutex_lock(&from->lock);
	const struct diag **v = xmalloc((from->n + 1) * sizeof *v);
	for (size_t i = 0; i < from->n; i++)
		v[i] = &from->list[i];
	qsort(v, from->n, sizeof *v, S_by_seq);
	for (size_t i = 0; i < from->n; i++)
		add_f(to, v[i]->level, (struct pos){ v[i]->file, v[i]->line, v[i]->col }, "%s", v[i]->msg);
	free(v);
	pthread_mutex_unlock(&from->lock);
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
	if (d->n) {
		qsort(d->list, d->n, sizeof *d->list, cmp);
		d->set_stale = true;
	}
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
