/* srcmap.c - positions of an assembled text, mapped back (see srcmap.h). */
#include "base/srcmap.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

static const char *S_intern(struct srcmap *m, const char *file)
{
	size_t k = strindex_find(&m->index, (const char *const *)m->files, m->nfiles, file);
	if (k < m->nfiles)
		return m->files[k];
	m->files = xgrow(m->files, &m->fcap, m->nfiles + 1, sizeof *m->files);
	m->files[m->nfiles++] = xstrdup(file);
	strindex_added(&m->index, (const char *const *)m->files, m->nfiles);
	return m->files[m->nfiles - 1];
}

/* The position segment s gives text position (line, col), which is at or
 * after its start. */
static struct pos S_from(const struct srcmap_seg *s, unsigned line, unsigned col)
{
	if (line == s->line)
		return (struct pos){ s->file, s->oline, s->ocol + (col - s->col) };
	return (struct pos){ s->file, s->oline + (line - s->line), col > s->indent ? col - s->indent : 1 };
}

void srcmap_init(struct srcmap *m, const char *file, unsigned first_line)
{
	*m = (struct srcmap)SRCMAP_INIT;
	srcmap_add(m, 1, 1, file, first_line ? first_line : 1, 1, 0);
}

void srcmap_add(struct srcmap *m, unsigned line, unsigned col, const char *file, unsigned oline, unsigned ocol,
		unsigned indent)
{
	if (m->n) {
		const struct srcmap_seg *last = &m->seg[m->n - 1];
		struct pos p = S_from(last, line, col);
		if (last->indent == indent && p.line == oline && p.col == ocol && !strcmp(p.file, file))
			return;
	}
	m->seg = xgrow(m->seg, &m->cap, m->n + 1, sizeof *m->seg);
	m->seg[m->n++] = (struct srcmap_seg){ line, col, S_intern(m, file), oline, ocol, indent };
}

struct pos srcmap_pos(const struct srcmap *m, unsigned line, unsigned col)
{
	if (!m->n)
		return (struct pos){ NULL, line, col };
	/* the last segment starting at or before (line, col) */
	size_t lo = 0, hi = m->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		const struct srcmap_seg *s = &m->seg[mid];
		if (s->line < line || (s->line == line && s->col <= col))
			lo = mid;
		else
			hi = mid;
	}
	const struct srcmap_seg *s = &m->seg[lo];
	if (line < s->line || (line == s->line && col < s->col)) /* before the first segment */
		return (struct pos){ s->file, s->oline, s->ocol };
	return S_from(s, line, col);
}

void srcmap_release(struct srcmap *m)
{
	for (size_t i = 0; i < m->nfiles; i++)
		free(m->files[i]);
	free(m->files);
	strindex_release(&m->index);
	free(m->seg);
	*m = (struct srcmap)SRCMAP_INIT;
}
