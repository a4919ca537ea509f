/* lang.h - language tags.  Layer: base (libc only). */
#ifndef FOLIO_LANG_H
#define FOLIO_LANG_H

#include <stdbool.h>

/* Is tag a well-formed BCP 47 language tag (RFC 5646 syntax, without the
 * registry): a primary subtag of 2-3 or 5-8 letters (or "x"/"i" for
 * private use and grandfathered tags), then subtags of 1-8 letters or
 * digits ("en", "pt-BR", "sr-Latn", "x-klingon")? */
bool lang_is_bcp47(const char *tag);

/* Is the tag English ("en", "en-GB"; NULL counts as English)? */
bool lang_is_english(const char *tag);

#endif
