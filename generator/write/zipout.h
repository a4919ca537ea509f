/* zipout.h - write a ZIP archive entry by entry (the only user of libzip).
 *
 * Entries are written in the order they are added, with one fixed time and
 * fixed attributes, so the same input gives the same bytes.  Nothing is
 * written to `path` before zipout_close() succeeds (libzip builds the
 * archive in a temporary file beside it).
 *
 * Layer: write (includes base/ only). */
#ifndef FOLIO_ZIPOUT_H
#define FOLIO_ZIPOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct zipout;
struct diags;

/* Start a new archive at `path` (replacing any file there).  Every entry
 * gets the time `mtime`, taken as UTC and clamped to what a DOS date can
 * hold (1980-01-01 .. 2107-12-31).  Returns NULL after a diagnostic. */
struct zipout *zipout_open(struct diags *d, const char *path, time_t mtime);

/* Add the entry `name` ('/'-separated, no leading '/') holding `len` bytes
 * of `data`.  zipout takes `data` (malloc'd, or NULL when len is 0) and
 * frees it, also on error.  `deflate` false stores the bytes as they are
 * (required for an EPUB's mimetype).  Returns 0, or -1 after a diagnostic. */
int zipout_add(struct zipout *z, const char *name, char *data, size_t len, bool deflate);

/* Write the archive and free z.  Returns 0, or -1 after a diagnostic (no
 * file is left at the path then). */
int zipout_close(struct zipout *z);
/* Give up: free z and write nothing. */
void zipout_discard(struct zipout *z);

/* DOS date and time fields of `t` in UTC (clamped as above); exposed for
 * the tests. */
void zipout_dostime(time_t t, unsigned short *dtime, unsigned short *ddate);

#endif
