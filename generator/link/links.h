/* links.h - the link stage: every link and image recorded by the parse
 * stage is resolved (a page of the book, a heading in it, a file copied
 * along, or an external URL), every #fragment is checked against its
 * target's ids, and backlinks ("Referenced from") are computed.
 *
 * Layer: link (includes base/, model/, write/fsx.h for paths).  The file system is reached only
 * through `struct link_fs`, so a test can give a book whose files exist in
 * memory.  Runs on one thread, in reading order: which chapter first uses
 * a file (and so which one a warning about it cites) never depends on
 * timing. */
#ifndef FOLIO_LINKS_H
#define FOLIO_LINKS_H

#include <stdbool.h>

#include "base/diag.h"
#include "model/book.h"

enum fs_probe { FS_FILE, FS_MISSING, FS_OUTSIDE, FS_OTHER };

struct link_fs {
	/* What is at `path` (relative to the book folder, normalised, not
	 * empty): a regular file inside the book, nothing, a symbolic link to
	 * a file outside the book, or something that is not a regular file (a
	 * folder, a FIFO, a device, a symbolic link loop or to nothing). */
	enum fs_probe (*probe)(void *ctx, const char *path);
	/* The size in pixels of the image at `path`; false when unknown. */
	bool (*image_size)(void *ctx, const char *path, const char *media_type, long *w, long *h);
	void *ctx;
	/* For FS_OTHER: what it is, for the message ("a FIFO", "a folder",
	 * "a symbolic link loop"; static text).  May be NULL. */
	const char *(*kind)(void *ctx, const char *path);
	/* The size in bytes of the file at `path`, or -1.  May be NULL. */
	long long (*bytes)(void *ctx, const char *path);
	/* The names of the regular files in folder `dir` ("" for the book
	 * folder), malloc'd, *n of them (for "did you mean"); NULL when it
	 * cannot be read.  May be NULL. */
	char **(*list)(void *ctx, const char *dir, size_t *n);
};

/* The file system under the book folder `source` (borrowed). */
struct link_fs link_fs_disk(const char *source);

/* Resolve the links of every chapter (and the home page), register the
 * files they use as the book's assets, check fragments, fill backlinks.
 * Errors at the links.  Returns 0 or -1. */
int links_resolve(struct book *b, const struct link_fs *fs, struct diags *d);
/* The same on `jobs` threads (0: one per core), with the same result and
 * the same messages. */
int links_resolve_jobs(struct book *b, const struct link_fs *fs, struct diags *d, int jobs);

/* Resolve the links of one chapter only (folio render: no book around
 * it; links to other chapters must be found with book_find). */
int links_resolve_chapter(struct book *b, struct chapter *ch, const struct link_fs *fs, struct diags *d);

#endif
