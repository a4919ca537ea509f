/* http.h - the preview's HTTP side: OUT/site/ with the live-reload snippet,
 * /__folio/events (one Server-Sent Events stream per open page) and
 * /__folio/status (the last build as JSON).
 *
 * Layer: serve (may include base/ and write/).  http.c is the only file of
 * folio that includes <microhttpd.h>; nothing of libmicrohttpd shows here. */
#ifndef FOLIO_SERVE_HTTP_H
#define FOLIO_SERVE_HTTP_H

#include <stdbool.h>
#include <sys/socket.h>

/* Where to listen, resolved once before the first build. */
struct http_addr {
	struct sockaddr_storage ss; /* the port already set */
	bool v6;
	bool loopback;  /* 127.0.0.0/8, ::1 or ::ffff:127.0.0.0/104: only local Host names are answered */
	char name[64];  /* how to write it in a URL: the numeric form, or the host name as given */
	const char *given; /* the --host text (borrowed): also accepted as a Host name */
};

/* Resolve `host` (a name or any address spelling getaddrinfo accepts) for
 * `port`.  Borrows `host` for a->given.  Returns 0, or -1 when it is
 * neither an address nor a known name. */
int http_resolve(const char *host, int port, struct http_addr *a);

struct http;

/* A server for folder `site` (copied) on `a` (copied), not listening yet;
 * builds may be published at once.  Free with http_free(). */
struct http *http_new(const struct http_addr *a, const char *site);

/* Start the daemon (its threads block SIGINT and SIGTERM, so signals reach
 * the caller).  Returns 0, or -1 when it cannot listen. */
int http_listen(struct http *h);

/* The port listened on (the one picked for -p 0), or 0 before http_listen. */
unsigned http_port(const struct http *h);

/* Record a finished build, number `build` (counting from 1): good (open
 * pages reload) or failed (they show `log` over the last good page).
 * `log` holds the diagnostics, one GCC-style line each; taken. */
void http_publish(struct http *h, unsigned long build, bool ok, char *log);

/* End every event stream, stop the daemon and free everything.  NULL is
 * allowed. */
void http_free(struct http *h);

#endif
