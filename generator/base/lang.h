/* lang.h - language tags.  Layer: base (libc only). */
#ifndef FOLIO_LANG_H
#define FOLIO_LANG_H

#include <stdbool.h>

/* Is tag a well-formed BCP 47 language tag (RFC 5646 syntax, without the
 * registry): a primary subtag of 2-3 or 5-8 letters (or "x"/"i" for
 * private use and grandfathered tags), then subtags of 1-8 letters or
 * digits ("en", "pt-BR", "sr-Latn", "x-klingon")? */
bool lang_is_bcp47(const char *tag);

/* Is the language written right to left?  A script subtag decides when
 * the tag has one (Arab, Hebr, Thaa, Syrc, Nkoo, Adlm, Rohg, Mand, Samr,
 * …: "az-Arab" yes, "ku-Latn" no); else the language: Arabic, Hebrew,
 * Persian, Urdu, Yiddish, Pashto, Sindhi, Uyghur, Dhivehi, Central
 * Kurdish and the others whose usual script is one of those.  The one
 * place folio keeps this fact. */
bool lang_is_rtl(const char *tag);

/* Is the tag English ("en", "en-GB"; NULL counts as English)? */
bool lang_is_english(const char *tag);

#endif
