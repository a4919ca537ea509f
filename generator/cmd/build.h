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
	struct build_session *session; /* folio serve: what the last build left (below), or NULL */
};

/* Once, before any build. */
void build_init(void);

/* Load, parse, link, render and write.  Diagnostics are recorded in `d`
 * (the caller prints them).  A failed build leaves o->out as it was.
 * Returns 0, 1 when any error was recorded, or 2 (nothing done, the reason
 * printed) when the output folder overlaps the book so that writing it
 * would delete or overwrite the book's files. */
int build_run(const struct build_opts *o, struct diags *d);

/* folio serve's memory between builds.  With o->session set, build_run
 * reuses the document model of every chapter whose inputs did not change
 * (the same diagnostics too), and, once a build has published OUT/site,
 * updates that site in place: only the files whose bytes changed are
 * rewritten (each renamed over the old one), the files it no longer
 * writes are removed, and the EPUB is left for build_session_epub, so the
 * preview can reload first.  The bytes are those of a whole build. */
struct build_session;
struct build_session *build_session_new(void);
void build_session_free(struct build_session *s);
/* Is an EPUB left to write? */
bool build_session_epub_pending(const struct build_session *s);
/* Write the EPUB the last build left (into OUT/site, renamed over the old
 * one), its diagnostics into `d`.  `stop` (may be NULL) is asked, from
 * any thread, whether to give up (an edit came in: the next build writes
 * its own).  0 (also when none was left), 1 on an error, 2 given up. */
int build_session_epub(struct build_session *s, struct diags *d, bool (*stop)(void *), void *stop_arg);

#endif
