/* doc.c - the document model's allocation and queries (see doc.h). */
#include "model/doc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/sorted.h"
#include "base/xalloc.h"

struct doc *doc_new(void)
{
	struct doc *d = xcalloc(1, sizeof *d);
	d->arena = (struct arena)ARENA_INIT;
	return d;
}

void doc_free(struct doc *d)
{
	if (!d)
		return;
	free(d->links);
	free(d->files);
	strindex_release(&d->fileindex);
	free(d->headings);
	free(d->ids);
	arena_release(&d->arena);
	free(d);
}

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
_Static_assert(sizeof(struct node) == 72, "struct node: 72 bytes on a 64-bit machine (doc.h)");
#endif

/* The index of `file` in d's file names, added when new (a document's
 * nodes name one file, or more with included text: the last one asked
 * for is checked first).  Past 65,535 names, the first. */
static uint16_t file_index(struct doc *d, const char *file)
{
	size_t k = strindex_find(&d->fileindex, d->files, d->nfiles, file);
	if (k < d->nfiles)
		return (uint16_t)k;
	if (d->nfiles >= UINT16_MAX)
		return 0;
	d->files = xgrow(d->files, &d->filecap, d->nfiles + 1, sizeof *d->files);
	d->files[d->nfiles++] = file;
	strindex_added(&d->fileindex, d->files, d->nfiles);
	return (uint16_t)(d->nfiles - 1);
}

void doc_set_pos(struct doc *d, struct node *n, struct pos pos)
{
	n->file = d->nfiles && d->files[d->nfiles - 1] == pos.file ? (uint16_t)(d->nfiles - 1) : file_index(d, pos.file);
	n->line = pos.line;
	n->col = pos.col;
}

struct pos doc_pos(const struct doc *d, const struct node *n)
{
	return (struct pos){ n->file < d->nfiles ? d->files[n->file] : NULL, n->line, n->col };
}

struct node *doc_node(struct doc *d, enum node_type t, struct node *parent, struct pos pos)
{
	struct node *n = arena_alloc(&d->arena, sizeof *n);
	n->type = (uint8_t)t;
	doc_set_pos(d, n, pos);
	if (parent) {
		n->parent = parent;
		if (parent->last)
			parent->last->next = n;
		else
			parent->first = n;
		parent->last = n;
	}
	return n;
}

struct link *doc_link(struct doc *d, const char *url, struct pos pos, bool image)
{
	struct link *l = arena_alloc(&d->arena, sizeof *l);
	l->url = arena_strdup(&d->arena, url ? url : "");
	l->pos = pos;
	l->image = image;
	d->nimages += image;
	d->links = xgrow(d->links, &d->linkcap, d->nlinks + 1, sizeof *d->links);
	d->links[d->nlinks++] = l;
	return l;
}

void doc_add_heading(struct doc *d, unsigned level, const char *id, const char *text, unsigned line)
{
	d->headings = xgrow(d->headings, &d->headcap, d->nheadings + 1, sizeof *d->headings);
	d->headings[d->nheadings++] = (struct toc_heading){ level, id, text, line };
}

const struct html_attr *doc_attr(const struct node *n, const char *name)
{
	if (n->type != N_ELEMENT)
		return NULL;
	for (size_t i = 0; i < n->u.el.nattrs; i++)
		if (!strcmp(n->u.el.attrs[i].name, name))
			return &n->u.el.attrs[i];
	return NULL;
}

bool doc_has_id(const struct doc *d, const char *id)
{
	size_t i = lower_bound(d->ids, d->nids, sizeof *d->ids, id, cmp_key_str);
	return i < d->nids && !strcmp(d->ids[i], id);
}

const struct node *doc_next(const struct node *root, const struct node *n, bool *enter)
{
	if (*enter) {
		if (n->first)
			return n->first;
		*enter = false;
		return n;
	}
	if (n == root)
		return NULL;
	if (n->next) {
		*enter = true;
		return n->next;
	}
	return n->parent;
}

static void plain_fragment(const struct node *f, struct buf *out)
{
	doc_plain(f, out);
	buf_putc(out, ' ');
}

/* The plain text under n (see doc.h). */
void doc_plain(const struct node *n, struct buf *out)
{
	bool enter = true;
	for (const struct node *c = n; c; c = doc_next(n, c, &enter)) {
		if (!enter) {
			if (c != n && (c->type == N_PARAGRAPH || c->type == N_ITEM || c->type == N_HEADING ||
				       c->type == N_TABLE_CELL))
				buf_putc(out, ' ');
			continue;
		}
		switch (c->type) {
		case N_TEXT:
		case N_CODE:
		case N_RAW_INLINE:
		case N_RAW_BLOCK:
			buf_add(out, c->u.text.s, c->u.text.n);
			break;
		case N_SOFTBREAK:
			buf_putc(out, ' ');
			break;
		case N_STEPS: {
			const struct steps *s = c->u.steps;
			if (s->summary)
				plain_fragment(s->summary, out);
			for (size_t i = 0; i < s->n; i++)
				plain_fragment(s->step[i], out);
			break;
		}
		case N_FAQ:
			for (size_t i = 0; i < c->u.faq->n; i++)
				plain_fragment(c->u.faq->item[i].answer, out);
			break;
		default:
			break;
		}
	}
}
