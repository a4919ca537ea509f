/* srcmap.h - where each position of an assembled text came from.
 *
 * Layer: base (includes libc and base/ only).  A chapter's body is its file
 * with every {{#include}} expanded (load/include.c); the parse stage
 * reports positions in that text, as cmark gives them (line and byte
 * column, from 1), and maps them through the chapter's srcmap to the file,
 * line and column an editor should open.
 *
 * The map is a list of segments in text order.  A segment starts at a
 * position of the text and names the file position it came from; the text
 * runs on from there: on the segment's first line column for column, on
 * its later lines line for line, each of them `indent` bytes to the right
 * of its source (mdBook repeats the text before a directive, "> " or a
 * list's indentation, at the start of every included line). */
#ifndef FOLIO_SRCMAP_H
#define FOLIO_SRCMAP_H

#include <stddef.h>

#include "base/diag.h"
#include "base/strindex.h"

struct srcmap_seg {
	unsigned line, col;   /* where the segment starts in the text */
	const char *file;     /* one of the map's own file names */
	unsigned oline, ocol; /* where it starts in `file` */
	unsigned indent;      /* later lines: bytes before the source's column 1 */
};

struct srcmap {
	struct srcmap_seg *seg;
	size_t n, cap;
	char **files;         /* owned, each name once */
	size_t nfiles, fcap;
	struct strindex index; /* of files, for a chapter that includes many */
};

#define SRCMAP_INIT { NULL, 0, 0, NULL, 0, 0, STRINDEX_INIT }

/* The map of a text that is `file` from its line `first_line` on (a
 * chapter's body after the front matter).  `file` is copied. */
void srcmap_init(struct srcmap *m, const char *file, unsigned first_line);

/* Text position (line, col) comes from `file` at (oline, ocol); later
 * lines are `indent` bytes to the right of theirs.  Positions must be
 * added in text order.  A segment the last one already implies is not
 * stored, so a file taken as it is costs one segment.  `file` is copied
 * (once per name). */
void srcmap_add(struct srcmap *m, unsigned line, unsigned col, const char *file, unsigned oline, unsigned ocol,
		unsigned indent);

/* The file position of text position (line, col).  The file name is the
 * map's own: it lives as long as the map.  An empty map gives a position
 * without a file. */
struct pos srcmap_pos(const struct srcmap *m, unsigned line, unsigned col);

void srcmap_release(struct srcmap *m);

#endif
