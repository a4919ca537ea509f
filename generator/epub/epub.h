/* epub.h - the EPUB 3 output: package, navigation, documents, zip.
 *
 * Layer: epub (includes base/, model/, write/). */
#ifndef FOLIO_EPUB_H
#define FOLIO_EPUB_H

#include <time.h>

struct book;

/* Write the whole book as an EPUB 3 file at `path` (a new file; the caller
 * renames it into place).  Borrows everything: `b` (rendered and linked:
 * each chapter's xhtml, headings, backlinks and epub_name are set), the
 * files under b->source (assets, cover) and <theme_dir>/epub.css.
 * `modified` (SOURCE_DATE_EPOCH, else the build time) gives
 * dcterms:modified and every zip entry's time, both in UTC, so the same
 * input and `modified` give the same bytes in any time zone.
 * Returns 0, or -1 after diag_error() (nothing usable is left at `path`). */
int epub_write(const struct book *b, const char *path, time_t modified, const char *theme_dir);

#endif
