/* build.h - one whole build of a book, for the command line and the
 * preview server.
 *
 * Layer: cmd (includes every stage: the programs built on them). */
#ifndef FOLIO_BUILD_H
#define FOLIO_BUILD_H

#include <stdbool.h>
#include <time.h>

struct diags;

struct build_opts {
	const char *source;   /* the book folder */
	const char *out;      /* output folder (site/ and the EPUB go inside) */
	int jobs;             /* threads */
	bool check_only;      /* validate, write nothing */
	time_t when;          /* every embedded date (SOURCE_DATE_EPOCH or now) */
	bool timings;         /* print each stage's wall time to stderr */
	bool strict;          /* warnings are errors (serve makes its sinks with it) */
	bool keep_docs;       /* keep each chapter's document model once its page and EPUB document are
	                         written (a preview rebuilding pages one by one); else it is freed then */
	char **theme_used;    /* if not NULL: set to the theme folder the build used (malloc'd); untouched
	                         when the build stops before finding one */
};

/* Once, before any build. */
void build_init(void);

/* Load, parse, link, render and write.  Diagnostics are recorded in `d`
 * (the caller prints them).  A failed build leaves o->out as it was.
 * Returns 0, 1 when any error was recorded, or 2 (nothing done, the reason
 * printed) when the output folder overlaps the book so that writing it
 * would delete or overwrite the book's files. */
int build_run(const struct build_opts *o, struct diags *d);

#endif
