/* epub.h - the EPUB 3 output: package, navigation, documents, zip.
 *
 * Layer: epub (includes base/, model/, write/). */
#ifndef FOLIO_EPUB_H
#define FOLIO_EPUB_H

#include <time.h>

struct book;
struct chapter;
struct epub;

/* Write the whole book as an EPUB 3 file at `path` (a new file; the caller
 * renames it into place).  Borrows everything: `b` (rendered and linked:
 * each chapter's xhtml, headings, backlinks and epub_name are set), the
 * files under b->source (assets, cover) and <theme_dir>/epub.css.
 * `modified` (SOURCE_DATE_EPOCH, else the build time) gives
 * dcterms:modified and every zip entry's time, both in UTC, so the same
 * input and `modified` give the same bytes in any time zone.
 * Returns 0, or -1 after diag_error() (nothing usable is left at `path`). */
int epub_write(const struct book *b, const char *path, time_t modified, const char *theme_dir);

/* The same in three steps, for a build that renders the chapters itself
 * and in parallel (cmd/build.c):
 *   epub_begin   every check, the media list, the table of contents, the
 *                package document, nav, NCX, cover or title page and style
 *                sheet (compressed); NULL after diag_error (nothing
 *                written).  `jobs` threads at most will call epub_chapter
 *                at once (worker 0 .. jobs-1) and read the media.
 *   epub_chapter the XHTML document of b->home or of a chapter around its
 *                rendered body (render_body FMT_XHTML, borrowed), compressed
 *                and kept until the end; safe on `jobs` threads at once,
 *                each with its own `worker` number, each chapter once.
 *   epub_finish  reads and compresses the media, writes the archive at
 *                `path` and frees ep: 0, or -1 after diag_error.
 *   epub_abort   frees ep, writes nothing. */
struct epub *epub_begin(const struct book *b, const char *path, time_t modified, const char *theme_dir, int jobs);
void epub_chapter(struct epub *ep, const struct chapter *c, const char *body, int worker);
int epub_finish(struct epub *ep);
void epub_abort(struct epub *ep);

#endif
