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
#include "base/slug.h"
#include "base/xalloc.h"

/* A book folder on disk with the assets the fake book's chapters may link
 * to (images are checked with stat()); created once per process. */
static inline const char *fuzz_book_dir(void)
{
	static char dir[64];
	if (dir[0])
		return dir;
	snprintf(dir, sizeof dir, "/tmp/folio-fuzz-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		abort();
	}
	static const char *const files[] = { "images/hip.png", "images/map.svg", "forms/intake.pdf",
					     "sub/pic.jpg", NULL };
	for (int i = 0; files[i]; i++) {
		char *p = path_join(dir, files[i]);
		struct diags *d = diags_new(false);
		if (write_file(d, p, "x", 1))
			abort();
		diags_free(d);
		free(p);
	}
	return dir;
}

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
	pthread_mutex_t *lock = xmalloc(sizeof *lock);
	pthread_mutex_init(lock, NULL);
	b->asset_lock = lock;
	b->source = xstrdup(fuzz_book_dir());
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

#endif
