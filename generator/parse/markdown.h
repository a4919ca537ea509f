/* markdown.h - the parse stage: Markdown to HTML for the site and XHTML
 * for the EPUB, in one pass over each chapter.
 *
 * The only file that includes <cmark-gfm.h>.  Parsing and rendering a
 * chapter touches no global mutable state (diagnostics and the book's asset
 * list are locked), so chapters can be rendered in parallel. */
#ifndef FOLIO_MARKDOWN_H
#define FOLIO_MARKDOWN_H

#include "model/book.h"

/* Register cmark-gfm's extensions; call once before any thread starts. */
void md_init(void);

/* Parse ch's body and fill ch->headings, ids, xrefs, html, xhtml, words,
 * and ch->title when it comes from the first '# heading'.  Links to other
 * chapters are resolved to their pages (errors for missing files, images,
 * unsafe URLs); fragments are only recorded in ch->xrefs, for links.c to
 * check once every chapter's ids are known.  Returns 0, or -1 after
 * reporting errors. */
int md_render_chapter(struct book *b, struct chapter *ch);


#endif
