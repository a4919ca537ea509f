/* fuzz_common.h - helpers shared by folio's libFuzzer targets: a small book built in memory (no book.yaml, no walk). */
#ifndef FOLIO_FUZZ_COMMON_H
#define FOLIO_FUZZ_COMMON_H

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/book.h"
#include "base/diag.h"
#include "write/fsx.h"
#include "parse/markdown.h"
#include "link/links.h"
#include "render/html.h"
#include "base/slug.h"
#include "base/xalloc.h"

/* The fake book's files, for the link stage's file-system interface: no
 * disk is touched.  "outside/..." plays a symbolic link out of the book. */
static const char *const fuzz_files[] = { "images/hip.png", "images/map.svg", "forms/intake.pdf", "sub/pic.jpg", NULL };

static inline enum fs_probe fuzz_probe(void *ctx, const char *path)
{
	(void)ctx;
	if (!strncmp(path, "outside/", 8))
		return FS_OUTSIDE;
	for (int i = 0; fuzz_files[i]; i++)
		if (!strcmp(path, fuzz_files[i]))
			return FS_FILE;
	return FS_MISSING;
}

static inline bool fuzz_image_size(void *ctx, const char *path, const char *type, long *w, long *h)
{
	(void)ctx, (void)type;
	if (strcmp(path, "images/hip.png"))
		return false;
	*w = 640, *h = 480;
	return true;
}

static const struct link_fs fuzz_fs = { fuzz_probe, fuzz_image_size, NULL, NULL, NULL };

/* One chapter of the fake book: path relative to SOURCE and its text. */
struct fuzz_chapter {
	const char *path, *text;
	size_t len;
	const char *title; /* may be NULL */
};

static inline int fuzz_cmp_path(const void *a, const void *b)
{
	const struct chapter *x = *(struct chapter *const *)a, *y = *(struct chapter *const *)b;
	return strcmp(x->path, y->path);
}

/* Build a book in memory (diagnostics into d) from n chapters (reading order as given), the way
 * book_load leaves it before the parse stage.  Free with book_free. */
static inline struct book *fuzz_book_new(const struct fuzz_chapter *src, size_t n, struct diags *d)
{
	struct book *b = xcalloc(1, sizeof *b);
	b->diags = d;
	b->limits = limits_default();
	b->source = xstrdup("/nonexistent-fuzz-book");
	b->yaml_file = path_join(b->source, "book.yaml");
	b->title = xstrdup("Fuzz <book> & \"co\"");
	b->language = xstrdup("en");
	b->theme = xstrdup("default");
	b->slug = xstrdup("fuzz-book");
	b->base_url = xstrdup("https://example.org/");
	b->chapters = xcalloc(n + 1, sizeof *b->chapters);
	b->by_path = xcalloc(n + 1, sizeof *b->by_path);
	for (size_t i = 0; i < n; i++) {
		struct chapter *ch = xcalloc(1, sizeof *ch);
		ch->path = xstrdup(src[i].path);
		ch->file = path_join(b->source, src[i].path);
		ch->text = xmalloc(src[i].len + 1);
		memcpy(ch->text, src[i].text, src[i].len);
		ch->text[src[i].len] = '\0';
		ch->len = src[i].len;
		ch->title = src[i].title ? xstrdup(src[i].title) : NULL;
		ch->body_line = 1;
		srcmap_init(&ch->map, ch->file, 1);
		const char *base = strrchr(src[i].path, '/') ? strrchr(src[i].path, '/') + 1 : src[i].path;
		ch->slug = xstrndup(base, strlen(base) - 3);
		ch->slug_pos = (struct pos){ ch->file, 1, 1 };
		ch->index = i;
		ch->site_name = xasprintf("%s.html", ch->slug);
		ch->epub_name = xasprintf("c%04zu.xhtml", i + 1);
		b->chapters[b->nchapters++] = ch;
		b->by_path[b->nby_path++] = ch;
	}
	qsort(b->by_path, b->nby_path, sizeof *b->by_path, fuzz_cmp_path);
	return b;
}

/* What a build does with the book after loading: parse every chapter, run
 * the link stage, render each body in both formats. */
static inline void fuzz_build(struct book *b, struct diags *d)
{
	for (size_t i = 0; i < b->nchapters; i++) {
		struct chapter *ch = b->chapters[i];
		ch->doc = md_parse(&ch->map, ch->text, ch->len, ch->title, &b->limits, d, NULL);
	}
	links_resolve(b, &fuzz_fs, d);
	for (size_t i = 0; i < b->nchapters; i++) {
		struct buf h = BUF_INIT, x = BUF_INIT;
		render_body(&h, b, b->chapters[i], FMT_HTML);
		render_body(&x, b, b->chapters[i], FMT_XHTML);
		if (h.data[h.len] || x.data[x.len])
			abort();
		buf_release(&h);
		buf_release(&x);
	}
}

#endif
