#include "link/links.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

static bool has_id(const struct chapter *ch, const char *id)
{
	size_t lo = 0, hi = ch->nids;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, ch->ids[mid]);
		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

static int check_chapter(struct diags *d, const struct chapter *ch)
{
	int rc = 0;
	for (size_t i = 0; i < ch->nxrefs; i++) {
		const struct xref *x = &ch->xrefs[i];
		if (!x->frag || !*x->frag || has_id(x->target, x->frag))
			continue;
		if (x->target == ch)
			rc = diag_error(d, x->pos, "no heading or anchor '%s' in this file", x->frag);
		else
			rc = diag_error(d, x->pos, "no heading or anchor '%s' in %s", x->frag, x->target->path);
	}
	return rc;
}

int links_check(struct book *b)
{
	int rc = 0;
	if (b->home && check_chapter(b->diags, b->home))
		rc = -1;
	for (size_t i = 0; i < b->nchapters; i++)
		if (check_chapter(b->diags, b->chapters[i]))
			rc = -1;

	/* backlinks: count, allocate, fill; sources in reading order, each
	 * once per target (mark[] remembers the last source seen) */
	size_t n = b->nchapters;
	size_t *count = xcalloc(n + 1, sizeof *count);
	size_t *mark = xcalloc(n + 1, sizeof *mark);
	for (int pass = 0; pass < 2; pass++) {
		memset(mark, 0, (n + 1) * sizeof *mark);
		for (size_t i = 0; i < n; i++) {
			struct chapter *from = b->chapters[i];
			for (size_t k = 0; k < from->nxrefs; k++) {
				struct chapter *to = from->xrefs[k].target;
				if (to == from || to == b->home || to->draft || mark[to->index] == i + 1)
					continue;
				mark[to->index] = i + 1;
				if (pass == 0)
					count[to->index]++;
				else
					to->backlinks[to->nbacklinks++] = from;
			}
		}
		if (pass == 0)
			for (size_t i = 0; i < n; i++)
				b->chapters[i]->backlinks = count[i] ? xmalloc(count[i] * sizeof(struct chapter *)) : NULL;
	}
	free(count);
	free(mark);
	return rc;
}
