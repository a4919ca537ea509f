/* html.h - the renderer: a chapter's document model as markup, for the
 * website (HTML5) or the EPUB (well-formed XHTML), by one walk with a
 * format flag (as md4c does), not two writers kept in step by hand.
 *
 * Layer: render (includes base/, model/, render/jsonld.h).  Reads the doc
 * after the link stage (every link resolved) and the book's words (ui.h);
 * writes nothing but `out`, so pages can be rendered in parallel. */
#ifndef FOLIO_RENDER_HTML_H
#define FOLIO_RENDER_HTML_H

#include <stdbool.h>

#include "base/buf.h"
#include "model/book.h"

enum render_format { FMT_HTML, FMT_XHTML };

/* Append the body of chapter ch (its doc) to out. */
void render_body(struct buf *out, const struct book *b, const struct chapter *ch, enum render_format fmt);

#endif
