/* diag.h - diagnostics with source positions, collected in a sink.
 *
 * Layer: base (includes only libc).  A build owns one `struct diags` and
 * hands it to every stage; nothing here is global, so two builds (the
 * preview server's, a test's) never mix their messages.  Recording is
 * thread-safe (chapters are parsed in parallel); printing sorts by file,
 * line, column and then recording order within one position, so the output
 * does not depend on thread timing:
 *     content/causes.md:12:5: error: no heading 'tendonitis' in treatments.md
 * Messages are lower case and say what is wrong first. */
#ifndef FOLIO_DIAG_H
#define FOLIO_DIAG_H

#include <stdbool.h>
#include <stdio.h>

/* A position in an editor's file: lines and columns count from 1; 0 means
 * "unknown" and is left out of the printed message.  `file` is borrowed
 * while the diagnostic is recorded (the sink copies it). */
struct pos {
	const char *file;
	unsigned line, col;
};

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

struct diags;
struct buf;

/* A new, empty sink.  With `strict`, warnings are recorded as errors
 * (folio build --strict). */
struct diags *diags_new(bool strict);
void diags_free(struct diags *d);

/* Record a diagnostic.  diag_error returns -1 so that reporting and
 * returning is one line: `return diag_error(d, p, "...")`.  The same
 * message at the same position is recorded (and counted) once. */
int diag_error(struct diags *d, struct pos p, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_warning(struct diags *d, struct pos p, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_note(struct diags *d, struct pos p, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

unsigned diags_errors(const struct diags *d);
unsigned diags_warnings(const struct diags *d);

/* Append every diagnostic, sorted, one GCC-style line each, to `out`; the
 * sink keeps them.  A newline or other control character inside a file
 * name or message is written as '?' so one diagnostic stays one line. */
void diags_format(struct diags *d, struct buf *out);
/* The same, written to a stream. */
void diags_print(struct diags *d, FILE *out);
/* Record again in `to` what `from` holds, in the order it was recorded
 * (levels as they are: a strict sink's warnings are errors already). */
void diags_append(struct diags *to, struct diags *from);
/* Forget every diagnostic; the counts start again from 0. */
void diags_clear(struct diags *d);

#endif
