/* media.h - media types of the files a book uses, and what the EPUB and
 * the preview server need to know about them: one table.
 * Layer: base (libc only). */
#ifndef FOLIO_MEDIA_H
#define FOLIO_MEDIA_H

#include <stdbool.h>

/* The media type for a file name by its extension (case-insensitive);
 * "application/octet-stream" when unknown.  Static strings. */
const char *media_type(const char *path);
/* The Content-Type the preview server sends (with "; charset=utf-8" for
 * text). */
const char *media_content_type(const char *path);

/* A core media type of EPUB 3.2 that a content document may reference
 * without a fallback (epubcheck 4.2.6; WebP only became core in 3.3). */
bool media_is_epub_core(const char *type);
/* Already compressed: deflate gains nothing (PNG, JPEG, GIF, WebP…). */
bool media_is_compressed(const char *type);
/* A type an EPUB cover may have (PNG or JPEG: readers' common ground). */
bool media_is_cover(const char *type);

#endif
