/* imagesize.h - an image's size in pixels, for width/height attributes
 * (the browser reserves the space before the image arrives: no layout
 * shift on a phone).  PNG, JPEG, GIF, WebP and SVG (width/height in px,
 * else the viewBox).
 *
 * Layer: base (includes libc only): the low-level pieces every stage uses. */
#ifndef FOLIO_IMAGESIZE_H
#define FOLIO_IMAGESIZE_H

#include <stdbool.h>
#include <stddef.h>

/* The size from the file's first len bytes (the whole file or its head:
 * 1 MiB is plenty for every format here).  False when the format is not
 * one of the above, the header is damaged or a side is 0 or past
 * 1,000,000; *w and *h are then unchanged. */
bool image_size(const unsigned char *data, size_t len, const char *media_type, long *w, long *h);

#endif
