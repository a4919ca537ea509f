/* diag.h - diagnostics with source positions.
 *
 * Every error and warning of a build is collected here and printed at the
 * end, GCC-style and sorted by file, line and column:
 *     content/causes.md:12:5: error: no heading 'tendonitis' in treatments.md
 * Collecting is thread-safe, so chapters can be parsed and rendered in
 * parallel.  Messages are lower case and say what is wrong first. */
#ifndef FOLIO_DIAG_H
#define FOLIO_DIAG_H

#include <stdbool.h>
#include <stdio.h>

/* A position in an editor's file: lines and columns count from 1; 0 means
 * "unknown" and is left out of the printed message.  `file` is borrowed and
 * must outlive the diagnostics (the book owns the path strings). */
struct pos {
	const char *file;
	unsigned line, col;
};

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

/* Record a diagnostic.  diag_error returns -1 so that reporting and
 * returning is one line: `return diag_error(p, "...")`. */
int diag_error(struct pos p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void diag_warning(struct pos p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void diag_note(struct pos p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

unsigned diag_error_count(void);
unsigned diag_warning_count(void);
/* Print every collected diagnostic to `out` (sorted) and forget them;
 * the counts start again from 0. */
void diag_flush(FILE *out);
/* Treat warnings as errors (folio build --strict). */
void diag_set_strict(bool strict);

#endif
