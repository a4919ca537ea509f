/* zipout.h - write a ZIP archive entry by entry (the only user of libzip
 * and of libdeflate).
 *
 * Entries are written in the order they are added, with one fixed time and
 * fixed attributes, so the same input gives the same bytes.  The file at
 * `path` is made by zipout_close(), written straight (no temporary file
 * beside it: `path` is meant to be inside a build's temporary folder);
 * when closing fails, no file is left there.
 *
 * Compression is libdeflate's (raw DEFLATE at ZIPOUT_LEVEL), done before an
 * entry is added: zipout_blob_make() compresses on any thread (one
 * deflater per thread), and libzip copies the compressed bytes into the
 * archive as they are (the CRC-32 and sizes come with them).  An EPUB's
 * documents are so compressed in parallel while libzip stays the one that
 * writes the archive.
 *
 * Layer: write (includes base/ only). */
#ifndef FOLIO_ZIPOUT_H
#define FOLIO_ZIPOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct zipout;
struct diags;

/* libdeflate's level 1..12.  Measured on the 1,000-chapter corpus's EPUB
 * documents (5.5 MB, CPU time of one core, best of 5): level 1 23 ms and
 * 29.6 % of the size; 2 41 ms, 29.0 %; 4 40 ms, 28.6 %; 6 53 ms, 28.3 %;
 * 9 150 ms, 28.2 %; zlib's default (6, what libzip used) 88 ms, 28.5 %.
 * Level 1 is the knee: under half the time of any other, an EPUB 4 %
 * larger than zlib's default gave.  At level 6 compression was 28 % of a
 * whole build's instructions (callgrind, 1,000 chapters). */
#define ZIPOUT_LEVEL 1

/* A compressor for one thread at a time. */
struct zipout_deflater;
struct zipout_deflater *zipout_deflater_new(void);
void zipout_deflater_free(struct zipout_deflater *dz); /* NULL is fine */

/* One entry's bytes as they go into the archive. */
struct zipout_blob {
	char *data;      /* malloc'd (NULL when len is 0) */
	size_t len;      /* bytes at data */
	size_t size;     /* the entry's uncompressed size */
	uint32_t crc;    /* CRC-32 of the uncompressed bytes */
	bool deflated;   /* raw DEFLATE; else stored as they are */
};

/* Prepare `len` bytes of `data` (borrowed) as an entry: compressed with
 * `dz` when `deflate` and compressing makes it smaller, else stored (an
 * EPUB's mimetype must be stored: deflate false).  Safe on any thread
 * that owns `dz`. */
void zipout_blob_make(struct zipout_deflater *dz, const char *data, size_t len, bool deflate,
		      struct zipout_blob *out);
void zipout_blob_release(struct zipout_blob *b);

/* Start a new archive at `path` (replacing any file there).  Every entry
 * gets the time `mtime`, taken as UTC and clamped to what a DOS date can
 * hold (1980-01-01 .. 2107-12-31).  Returns NULL after a diagnostic. */
struct zipout *zipout_open(struct diags *d, const char *path, time_t mtime);

/* Add the entry `name` ('/'-separated, no leading '/'): a prepared blob,
 * whose data zipout takes (also on error; *blob is left empty). */
int zipout_add_blob(struct zipout *z, const char *name, struct zipout_blob *blob);

/* Add the entry `name` holding `len` bytes of `data` (malloc'd, or NULL
 * when len is 0), which zipout takes and frees, also on error: compressed
 * here (zipout_blob_make) when `deflate`.  Returns 0, or -1 after a
 * diagnostic. */
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
