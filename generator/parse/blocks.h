/* blocks.h - structured blocks written as fenced code with a YAML body
 * inside ordinary Markdown: ```steps (a stretch or exercise: a numbered
 * list with hold, repeat and sides) and ```faq (questions and answers).
 * Validated with positions inside the Markdown file, rendered for the site
 * (with schema.org JSON-LD) and the EPUB (plain, always expanded). */
#ifndef FOLIO_BLOCKS_H
#define FOLIO_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/book.h"
#include "base/buf.h"
#include "base/slug.h"

struct block_ctx {
	struct book *b;
	struct chapter *ch;
	struct buf *html, *xhtml;   /* the chapter's two outputs (appended to) */
	struct buf *faq_json;       /* the page's FAQPage questions, JSON objects joined by ',' */
	size_t *nfaq;
	struct idset *ids;          /* the page's ids */
	struct pos fence;           /* the opening ``` */
	unsigned yaml_line;         /* file line of the YAML's first line */
	unsigned yaml_col;          /* file column of the YAML's column 1 */
	unsigned heading_level;     /* level for the block's own headings */
	/* Render Markdown text found at `at` (later lines indented by `indent`
	 * columns) into html/xhtml, and its plain text into plain (may be
	 * NULL).  inline_only: a lone paragraph loses its <p>.  Links and
	 * images are resolved and checked like the chapter's own.  0 or -1. */
	int (*markdown)(void *r, const char *text, struct pos at, unsigned indent, bool inline_only,
			struct buf *html, struct buf *xhtml, struct buf *plain);
	/* Resolve a link target written at `at` like a Markdown link's URL:
	 * appends the site's and the EPUB's attribute-escaped href.  0 or -1. */
	int (*link)(void *r, const char *url, struct pos at, struct buf *site, struct buf *epub);
	/* Record a heading of the page (for the in-page table of contents). */
	void (*heading)(void *r, unsigned level, const char *id, const char *text);
	void *r;
};

/* Is the fence info word (info[0..len)) one of folio's blocks? */
bool blocks_is_block(const char *info, size_t len);

/* Render the block whose YAML body is `body`.  Returns 0 or -1. */
int blocks_render(struct block_ctx *c, const char *info, size_t len, const char *body);

/* Parse a duration ("30 s", "45s", "2 min", "1 min 30 s", "90 seconds")
 * into seconds; -1 if it is not one. */
long blocks_parse_duration(const char *s);

#endif
