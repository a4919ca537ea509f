/* slug.h - heading ids (GitHub's rules) and file-name slugs.
 *
 * Layer: base (includes libc only): the low-level pieces every stage uses. */
#ifndef FOLIO_SLUG_H
#define FOLIO_SLUG_H

#include <stdbool.h>
#include <stddef.h>

/* Call once at start-up (sets LC_CTYPE to C.UTF-8 for towlower/iswalnum). */
void slug_init(void);

/* GitHub's heading id: lower case, every character that is not a letter,
 * mark, digit, '_', '-' or ' ' dropped, spaces to '-'.
 * "Feeding ratios & timing" -> "feeding-ratios--timing".  malloc'd; may be
 * empty. */
char *slug_heading(const char *text, size_t len);

/* A file-name slug: ASCII letters and digits (common accented Latin letters
 * lose their accents), other runs become one '-', trimmed, lower case.
 * Returns `fallback` (copied) when nothing is left.  malloc'd. */
char *slug_filename(const char *text, size_t len, const char *fallback);

/* The id as written into the EPUB: XML ids may not start with a digit,
 * '-' or '.', so those get a leading '_'.  Appends it, attribute-escaped. */
struct buf;
void slug_epub_id(struct buf *out, const char *id);

/* A set of ids used in one page, making repeats unique the GitHub way
 * ("notes", "notes-1", "notes-2").  Not thread-safe: one per page. */
struct idset;
struct idset *idset_new(void);
void idset_free(struct idset *s);
/* Returns a malloc'd unique id based on `base` and records it.  An empty
 * base becomes `fallback` ("section"). */
char *idset_unique(struct idset *s, const char *base, const char *fallback);
bool idset_has(const struct idset *s, const char *id);
/* Move all ids out as a sorted array (caller frees each and the array). */
char **idset_take_sorted(struct idset *s, size_t *n);

#endif
