/* serve.c - folio serve, the session: build once, listen, then rebuild
 * after every change the watcher reports and publish each result to the
 * pages (a reload after a good build, the overlay after a failed one).
 *
 * Layer: serve (may include base/, write/ and cmd/build.h).  serve/ is
 * four files: http.c (libmicrohttpd: requests, files, event streams),
 * pages.c (the file a URL names, the overlay and script put into pages),
 * watch.c (inotify, polling as the fallback) and this one.  Only
 * the main thread builds, so two builds never overlap; a signal writes to
 * a pipe the watcher also waits on, so Ctrl-C stops it at once. */
#include "serve/serve.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "serve/http.h"
#include "serve/watch.h"
#include "write/fsx.h"

/* The self-pipe a signal handler writes to so the watcher's poll() wakes
 * up and the session stops (a handler can reach nothing but a global; the
 * one piece of mutable global state in serve/). */
static int stop_pipe[2] = { -1, -1 };

static void S_on_signal(int sig)
{
	(void)sig;
	int e = errno;
	if (write(stop_pipe[1], "", 1) < 0) {
		/* full already: a stop is pending anyway */
	}
	errno = e;
}

static double S_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct session {
	struct build_opts bo;
	unsigned long builds; /* finished so far */
	struct http *http;
	struct watch *watch;
	pthread_mutex_t watch_lock; /* S_changed is asked on the EPUB's threads */
};

/* For build_session_epub, on its threads: has an edit come in? */
static bool S_changed(void *arg)
{
	struct session *s = arg;
	pthread_mutex_lock(&s->watch_lock);
	bool c = watch_changed(s->watch);
	pthread_mutex_unlock(&s->watch_lock);
	return c;
}

/* One build; its diagnostics go to the terminal and to the pages, and the
 * theme folder it used is watched from now on.  Returns build_run's
 * status. */
static int S_rebuild(struct session *s)
{
	double t = S_seconds();
	char *theme = NULL;
	s->bo.theme_used = &theme;
	struct diags *d = diags_new(s->bo.strict);
	int rc = build_run(&s->bo, d);
	s->bo.theme_used = NULL;
	unsigned errors = diags_errors(d);
	struct buf lb = BUF_INIT;
	diags_format(d, &lb);
	diags_free(d);
	char *log = buf_detach(&lb, NULL);
	fputs(log, stderr);
	s->builds++;
	if (rc == 2) /* OUT overlaps the book: the reason is printed, nothing is served */
		;
	else if (rc)
		fprintf(stderr, "folio: build %lu failed with %u error%s; still serving the last good site\n",
			s->builds, errors, errors == 1 ? "" : "s");
	else
		fprintf(stderr, "folio: build %lu ok (%.3f s)\n", s->builds, S_seconds() - t);
	http_publish(s->http, s->builds, rc == 0, log);
	if (theme) /* a build that stopped before finding its theme keeps the last one watched */
		watch_set_theme(s->watch, theme);
	free(theme);
	if (build_session_epub_pending(s->bo.session)) { /* after the reload, never before it */
		double te = S_seconds();
		struct diags *de = diags_new(s->bo.strict);
		int erc = build_session_epub(s->bo.session, de, S_changed, s);
		diags_print(de, stderr);
		diags_free(de);
		if (erc == 2)
			fprintf(stderr, "folio: build %lu: an edit came in; the next build writes the EPUB\n", s->builds);
		else if (erc)
			fprintf(stderr, "folio: build %lu: the EPUB could not be written; the site is up to date\n", s->builds);
		else
			fprintf(stderr, "folio: build %lu: EPUB written (%.3f s)\n", s->builds, S_seconds() - te);
	} else if (rc == 0) {
		fprintf(stderr, "folio: build %lu: EPUB written (with the site)\n", s->builds);
	}
	return rc;
}

static int S_open_stop_pipe(void)
{
	if (pipe(stop_pipe))
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(stop_pipe[i], F_SETFL, O_NONBLOCK);
		fcntl(stop_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	struct sigaction sa = { 0 };
	sa.sa_handler = S_on_signal;
	sa.sa_flags = SA_RESETHAND; /* a second Ctrl-C stops at once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

static void S_close_stop_pipe(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	for (int i = 0; i < 2; i++) {
		if (stop_pipe[i] >= 0)
			close(stop_pipe[i]);
		stop_pipe[i] = -1;
	}
}

static void S_announce(const struct session *s, const struct http_addr *a, const char *site)
{
	printf("folio: serving %s at http://%s:%u/ (Ctrl-C stops)\n", site, a->name, http_port(s->http));
	fflush(stdout);
	if (!a->loopback)
		fprintf(stderr, "folio: warning: listening on %s: other machines may be able to read the book\n",
			a->given);
	if (watch_is_polling(s->watch))
		fprintf(stderr, "folio: note: watching by polling every %d ms\n", WATCH_POLL_MS);
}

int serve_run(const struct serve_opts *o)
{
	struct http_addr addr;
	if (http_resolve(o->host, o->port, &addr)) {
		fprintf(stderr, "folio: error: cannot listen on '%s': not an address or host name\n", o->host);
		return 2;
	}
	if (S_open_stop_pipe()) {
		fprintf(stderr, "folio: error: cannot create a pipe: %s\n", strerror(errno));
		return 1;
	}
	/* A long-running process that frees and makes again a whole book per
	 * edit: malloc keeps the freed memory instead of handing it back to
	 * the system at every free (glibc trims above 128 KB by default), so a
	 * rebuild does not fault its pages in again (at 10,000 chapters ~9% of
	 * the load stage went to page faults). */
	mallopt(M_TRIM_THRESHOLD, 512 << 20);
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	struct session s = { .bo = o->build, .watch_lock = PTHREAD_MUTEX_INITIALIZER };
	s.bo.check_only = false;
	s.bo.session = build_session_new();
	char *site = path_join(s.bo.out, "site");
	s.http = http_new(&addr, site);
	/* Watching starts before the first build, so no edit made during it is
	 * missed. */
	s.watch = watch_new(s.bo.source, s.bo.out);
	int rc = 1;
	if (S_rebuild(&s) == 2) { /* OUT overlaps the book: never serve, never rebuild */
		rc = 2;
	} else if (http_listen(s.http)) {
		fprintf(stderr, "folio: error: cannot listen on %s port %d (-p 0 picks a free port)\n", o->host,
			o->port);
	} else {
		S_announce(&s, &addr, site);
		while (watch_next(s.watch, stop_pipe[0])) {
			fprintf(stderr, "folio: change detected, rebuilding\n");
			S_rebuild(&s);
		}
		fprintf(stderr, "folio: stopping\n");
		rc = 0;
	}
	http_free(s.http);
	watch_free(s.watch);
	build_session_free(s.bo.session);
	free(site);
	S_close_stop_pipe();
	return rc;
}
