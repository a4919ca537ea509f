/* limits.h - the bounds on what one chapter may cost (book.yaml `limits:`).
 *
 * Layer: model (includes libc only).  The load stage reads them from
 * book.yaml and refuses a chapter file over chapter_size before reading
 * it; the parse stage (parse/guard.c) refuses tables over table_columns
 * or table_cells before cmark-gfm sees them; the link stage refuses an
 * image over image_size (the cover: the load stage); the build refuses a
 * title over title_length or a summary over summary_length (each page's
 * navigation repeats every title and summary, so their size costs the
 * site times its pages).  The defaults are far above
 * any real book (its largest chapter is about 150 KB, its widest table a
 * dozen columns) and low enough that one chapter of the densest Markdown
 * stays within about 1 GB of memory and a few seconds (4 MB of '[a' is
 * 950 MB: cmark's nodes in md_parse's arena and folio's own). */
#ifndef FOLIO_LIMITS_H
#define FOLIO_LIMITS_H

#include <stddef.h>

struct limits {
	size_t chapter_size;   /* bytes of one chapter file */
	size_t table_columns;  /* cells in one table row (cmark-gfm 0.29's rows are quadratic in them) */
	size_t table_cells;    /* table cells in one chapter, the empty ones a short row is filled with included */
	size_t image_size;     /* bytes of one image (the EPUB holds each whole in memory) */
	size_t title_length;   /* bytes of a chapter's title or a TOC label */
	size_t summary_length; /* bytes of a chapter's summary: */
};

#define LIMITS_CHAPTER_SIZE ((size_t)4 << 20)
#define LIMITS_TABLE_COLUMNS 256
#define LIMITS_TABLE_CELLS 200000
#define LIMITS_IMAGE_SIZE ((size_t)64 << 20)
#define LIMITS_TITLE_LENGTH 1000
#define LIMITS_SUMMARY_LENGTH 4000

static inline struct limits limits_default(void)
{
	return (struct limits){ LIMITS_CHAPTER_SIZE, LIMITS_TABLE_COLUMNS, LIMITS_TABLE_CELLS, LIMITS_IMAGE_SIZE,
				LIMITS_TITLE_LENGTH, LIMITS_SUMMARY_LENGTH };
}

#endif
