/* text.h - small text helpers used across stages: hex digits and
 * percent-decoding.  Layer: base (libc only). */
#ifndef FOLIO_TEXT_H
#define FOLIO_TEXT_H

#include <stddef.h>

/* The value of hex digit c (0-15), or -1. */
int hex_value(int c);

/* Percent-decode s[0..n) into a new malloc'd string; NULL if it decodes
 * to a NUL byte.  A '%' not followed by two hex digits stays as it is. */
char *pct_decode(const char *s, size_t n);

/* A W3CDTF date: YYYY, YYYY-MM or YYYY-MM-DD (dc:date, <time datetime>). */
#include <stdbool.h>
bool text_is_date(const char *s);

#endif
