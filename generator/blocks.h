/* blocks.h - structured blocks written as fenced code with a YAML body:
 * ```steps (a stretch or exercise as a numbered list) and ```faq
 * (questions and answers).  Rendered for the site and the EPUB. */
#ifndef FOLIO_BLOCKS_H
#define FOLIO_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>

#include "book.h"
#include "buf.h"
#include "slug.h"

struct block_ctx {
	struct book *b;
	struct chapter *ch;
	struct buf *html, *xhtml;   /* the chapter's two outputs */
	struct idset *ids;          /* the page's ids */
	struct pos pos;             /* the opening fence */
};

/* Is the fence info word (info[0..len)) one of folio's blocks? */
bool blocks_is_block(const char *info, size_t len);

/* Render the block whose YAML body is `body`.  Errors point into the
 * Markdown file.  Returns 0 or -1. */
int blocks_render(struct block_ctx *c, const char *info, size_t len, const char *body, int fenced);

#endif
