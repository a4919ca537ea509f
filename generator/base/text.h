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

/* The edit distance of a and b (insertions, deletions, substitutions and
 * swaps of neighbours, each 1: optimal string alignment), or SIZE_MAX when
 * either is longer than 256 bytes. */
size_t text_distance(const char *a, const char *b);
/* The candidate closest to k within `maxd` edits (the first of equals), or
 * NULL: for "did you mean …?" suggestions. */
const char *text_closest(const char *k, const char *const *cand, size_t n, size_t maxd);

/* `path` (relative to some root, '/'-separated, normalised) written
 * relative to folder `dir` (relative to the same root; "" is the root):
 * path_relative("causes", "treatments.html") is "../treatments.html".
 * malloc'd. */
char *path_relative(const char *dir, const char *path);

/* The href from page `from` to page `to` (both output paths from the site
 * root, e.g. "causes/index.html" and "faq.html"): "../faq.html". */
char *path_href(const char *from, const char *to);
/* A size in words, as limits are written: "512 bytes", "64.0 KB", "4.0 MB",
 * "2.0 GB" (1024-based).  Writes into buf (32 bytes) and returns it. */
char *text_size(char buf[32], unsigned long long bytes);

#endif
