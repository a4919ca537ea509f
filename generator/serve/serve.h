/* serve.h - folio serve: build, then preview OUT/site/ over HTTP, rebuild
 * when the book or its theme changes, and reload the browser's pages.
 *
 * Layer: serve (includes base/, write/, cmd/build.h). */
#ifndef FOLIO_SERVE_H
#define FOLIO_SERVE_H

#include "cmd/build.h"

struct serve_opts {
	struct build_opts build; /* source, out, jobs, when, timings (check_only is ignored) */
	const char *host;        /* address to listen on: "127.0.0.1" unless the user asks */
	int port;                /* 0: any free port (the chosen one is printed) */
};

/* Build once, listen on host:port and serve build.out/site/, watching
 * build.source and the theme folder the last build used (inotify; polling
 * as the fallback) and rebuilding as soon as a burst of changes ends.
 * Diagnostics print on stderr as usual and are shown over every served
 * page while the last build has errors.  Prints "folio: serving ... at
 * http://HOST:PORT/" on stdout once listening.  Runs until SIGINT or
 * SIGTERM.  Borrows `o`; build_init() must have been called.  Returns the
 * exit status: 0 after a signal, 1 when it cannot listen, 2 when the host
 * is unknown or OUT overlaps the book. */
int serve_run(const struct serve_opts *o);

#endif
