/* http.c - folio serve's HTTP side (libmicrohttpd): OUT/site/ with the
 * live-reload snippet in every page, /__folio/events and /__folio/status.
 *
 * Layer: serve (may include base/ and write/).  The only file of folio that
 * includes <microhttpd.h>; what a page is (which file, its type, the
 * snippet put into it) is pages.c's.  libmicrohttpd runs a thread per
 * connection, so an event stream may block in its reader.  Streams have a
 * budget of their own (HTTP_STREAMS, 503 beyond it) well below the
 * daemon's connection limit, so open pages never lock page requests out; a
 * stream notices a client that has gone within a second and pings every
 * PING_SECONDS, so a dead one frees its slot quickly.  The threads only
 * read what a build publishes, under the server's mutex. */
#include "serve/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <dlfcn.h>
#include <microhttpd.h>

#include "base/buf.h"
#include "base/media.h"
#include "base/escape.h"
#include "serve/pages.h"
#include "base/xalloc.h"
#include "write/fsx.h"

/* libmicrohttpd is opened when a server starts (dlopen), not linked: it
 * brings GnuTLS and 9 more shared libraries, and loading them cost every
 * folio command, `build` included, about 2 ms of start-up though only
 * `serve` uses them (measured: an empty program linked with folio's
 * libraries starts in 4.7-7.5 ms, 2.9-3.8 ms without libmicrohttpd's).
 * The table is filled once, on the main thread, before the daemon's
 * threads exist, and only read after: the one piece of mutable global
 * state in http.c.  Calls go through it: mhd.start_daemon(...). */
#define MHD_FUNCTIONS(X)                                                                      \
	X(start_daemon) X(stop_daemon) X(get_daemon_info) X(get_connection_info)               \
	X(get_connection_values) X(set_connection_option) X(create_response_from_buffer)       \
	X(create_response_from_callback) X(create_response_from_fd64) X(add_response_header) \
	X(queue_response) X(destroy_response)

static struct {
	bool loaded;
#define MHD_FIELD(f) __typeof__(MHD_##f) *f;
	MHD_FUNCTIONS(MHD_FIELD)
#undef MHD_FIELD
} mhd;

/* Open libmicrohttpd (Debian's libmicrohttpd12) and find its functions;
 * -1 with the reason printed when it is not there. */
static int S_load_mhd(void)
{
	if (mhd.loaded)
		return 0;
	void *so = dlopen("libmicrohttpd.so.12", RTLD_NOW | RTLD_LOCAL);
	if (!so)
		so = dlopen("libmicrohttpd.so", RTLD_NOW | RTLD_LOCAL);
	if (!so) {
		fprintf(stderr, "folio: error: folio serve needs libmicrohttpd (apt-get install libmicrohttpd12): %s\n",
			dlerror());
		return -1;
	}
	struct { const char *name; void **to; } fn[] = {
#define MHD_SYMBOL(f) { "MHD_" #f, (void **)&mhd.f },
		MHD_FUNCTIONS(MHD_SYMBOL)
#undef MHD_SYMBOL
	};
	for (size_t i = 0; i < sizeof fn / sizeof *fn; i++)
		if (!(*fn[i].to = dlsym(so, fn[i].name))) {
			fprintf(stderr, "folio: error: libmicrohttpd has no %s: %s\n", fn[i].name, dlerror());
			return -1;
		}
	mhd.loaded = true;
	return 0;
}

#define HTTP_CONNECTIONS 256 /* the daemon's limit: pages, assets and streams together */
#define HTTP_STREAMS 32      /* open event streams; more get 503 */
#define PAGE_TIMEOUT 10      /* seconds a connection may idle (keep-alive, a slow client) */
#define STREAM_TIMEOUT 15    /* seconds a stream may go without a write getting through */
#define PING_SECONDS 5       /* a comment on an idle stream: a dead client's write fails */
#define HANGUP_CHECK_MS 1000 /* how often an idle stream looks whether its client has gone */
#define RETRY_AFTER "5"      /* seconds, in a 503 for a stream beyond the limit */

struct http {
	pthread_mutex_t lock;
	pthread_cond_t changed; /* broadcast after each build and at shutdown */
	unsigned long build;    /* the last build published (0: none yet) */
	bool ok;                /* did it succeed? */
	char *log;              /* its diagnostics, GCC-style lines */
	char *json;             /* {"build":N,"ok":B,"diagnostics":["..."]} */
	bool stopping;
	unsigned streams;       /* open event streams */
	char *site;             /* OUT/site */
	struct http_addr addr;
	struct MHD_Daemon *d;
};

/* ---- the shared state ---- */

struct http *http_new(const struct http_addr *a, const char *site)
{
	struct http *h = xcalloc(1, sizeof *h);
	pthread_mutex_init(&h->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&h->changed, &ca);
	pthread_condattr_destroy(&ca);
	h->addr = *a;
	h->site = xstrdup(site);
	return h;
}

void http_publish(struct http *h, unsigned long build, bool ok, char *log)
{
	struct buf j = BUF_INIT;
	buf_printf(&j, "{\"build\":%lu,\"ok\":%s,\"diagnostics\":[", build, ok ? "true" : "false");
	bool first = true;
	for (const char *p = log; *p;) {
		size_t n = strcspn(p, "\n");
		if (n) {
			if (!first)
				buf_putc(&j, ',');
			esc_json(&j, p, n);
			first = false;
		}
		p += n + (p[n] == '\n');
	}
	buf_puts(&j, "]}");
	pthread_mutex_lock(&h->lock);
	free(h->log);
	free(h->json);
	h->log = log;
	h->json = buf_detach(&j, NULL);
	h->ok = ok;
	h->build = build;
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->lock);
}

/* ---- replies ---- */

/* Queue `r` (which may be NULL) with the headers every answer carries. */
static enum MHD_Result S_queue(struct MHD_Connection *c, unsigned status, struct MHD_Response *r, const char *type)
{
	if (!r)
		return MHD_NO;
	if (type)
		mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	mhd.add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ret = mhd.queue_response(c, status, r);
	mhd.destroy_response(r);
	return ret;
}

/* Takes `data` (malloc'd). */
static enum MHD_Result S_reply_mem(struct MHD_Connection *c, unsigned status, const char *type, char *data,
				   size_t len)
{
	struct MHD_Response *r = mhd.create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (!r)
		free(data);
	return S_queue(c, status, r, type);
}

static enum MHD_Result S_reply_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	return S_reply_mem(c, status, "text/plain; charset=utf-8", xstrdup(text), strlen(text));
}

/* An HTML page served with the live snippet; takes `html`. */
static enum MHD_Result S_reply_html(struct http *h, struct MHD_Connection *c, unsigned status, char *html,
				    size_t len)
{
	size_t n;
	pthread_mutex_lock(&h->lock);
	char *page = pages_inject(html, len, h->build, h->ok, h->log, &n);
	pthread_mutex_unlock(&h->lock);
	free(html);
	return S_reply_mem(c, status, "text/html; charset=utf-8", page, n);
}

static enum MHD_Result S_reply_not_found(struct http *h, struct MHD_Connection *c)
{
	char *path = path_join(h->site, "404.html"), *html = NULL;
	size_t len = 0;
	struct stat s;
	int fd = pages_open_regular(path, &s);
	free(path);
	if (fd < 0 || pages_read_fd(fd, (size_t)s.st_size, &html, &len)) {
		static const char fallback[] =
			"<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Not found</title></head>\n"
			"<body>\n<h1>Not found</h1>\n<p>There is no page at this address (has the book been built yet?).</p>\n"
			"</body>\n</html>\n";
		html = xstrdup(fallback);
		len = sizeof fallback - 1;
	}
	if (fd >= 0)
		close(fd);
	/* the 404 page answers for a missing page in any folder: its links are
	 * written from the site root, which is "/" here (the first <base> wins
	 * over the one 404.html may set for the book's base_url) */
	const char *head = strstr(html, "<head>");
	if (head) {
		size_t at = (size_t)(head - html) + 6;
		static const char base[] = "\n<base href=\"/\">";
		char *t = xmalloc(len + sizeof base);
		memcpy(t, html, at);
		memcpy(t + at, base, sizeof base - 1);
		memcpy(t + at + sizeof base - 1, html + at, len - at);
		len += sizeof base - 1;
		t[len] = '\0';
		free(html);
		html = t;
	}
	return S_reply_html(h, c, MHD_HTTP_NOT_FOUND, html, len);
}

/* Serve `real` if it is a regular file (an HTML page with the live
 * snippet); anything else (a FIFO, a device, a folder) is not found. */
static enum MHD_Result S_reply_real(struct http *h, struct MHD_Connection *c, const char *real)
{
	const char *type = media_content_type(real);
	struct stat s;
	int fd = pages_open_regular(real, &s);
	if (fd < 0)
		return S_reply_not_found(h, c);
	if (pages_is_html(type)) {
		char *html;
		size_t len;
		int rc = pages_read_fd(fd, (size_t)s.st_size, &html, &len);
		close(fd);
		return rc ? S_reply_not_found(h, c) : S_reply_html(h, c, MHD_HTTP_OK, html, len);
	}
	struct MHD_Response *r = mhd.create_response_from_fd64((uint64_t)s.st_size, fd); /* takes fd */
	if (!r)
		close(fd);
	return S_queue(c, MHD_HTTP_OK, r, type);
}

/* A folder asked for without its trailing slash: send the browser there,
 * so the pages' relative links work. */
static enum MHD_Result S_reply_redirect(struct MHD_Connection *c, const char *url)
{
	struct MHD_Response *r = mhd.create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	char *to = xasprintf("%s/", url);
	if (r)
		mhd.add_response_header(r, MHD_HTTP_HEADER_LOCATION, to);
	free(to);
	return S_queue(c, MHD_HTTP_MOVED_PERMANENTLY, r, NULL);
}

static enum MHD_Result S_reply_file(struct http *h, struct MHD_Connection *c, const char *url)
{
	char *rel;
	unsigned status = pages_url_to_rel(url, &rel);
	if (status == MHD_HTTP_BAD_REQUEST)
		return S_reply_text(c, status, "bad request: the path is malformed or leaves the site\n");
	if (status)
		return S_reply_not_found(h, c);
	enum MHD_Result ret;
	char *dir = path_join(h->site, rel);
	if (url[strlen(url) - 1] != '/' && is_directory(dir)) {
		ret = S_reply_redirect(c, url);
	} else {
		char *real = pages_site_file(h->site, rel);
		ret = real ? S_reply_real(h, c, real) : S_reply_not_found(h, c);
		free(real);
	}
	free(dir);
	free(rel);
	return ret;
}

static enum MHD_Result S_reply_status(struct http *h, struct MHD_Connection *c)
{
	pthread_mutex_lock(&h->lock);
	char *json = xstrdup(h->json ? h->json : "{}");
	pthread_mutex_unlock(&h->lock);
	return S_reply_mem(c, MHD_HTTP_OK, "application/json", json, strlen(json));
}

/* ---- event streams ---- */

/* One /__folio/events stream (Server-Sent Events): the current state at
 * once, then an event after every build, a comment every PING_SECONDS, and
 * the end of the stream at shutdown.  It holds one of the HTTP_STREAMS
 * slots from S_reply_events until S_stream_free. */
struct stream {
	struct http *h;
	int fd;             /* the client's socket, to notice it has gone; -1 if unknown */
	bool started;
	unsigned long sent; /* the build last sent */
	struct buf out;     /* what is left to send, from `off` */
	size_t off;
};

/* Has the client closed its side (or the connection broken)?  Peeks
 * without taking anything from the socket and without blocking. */
static bool S_client_gone(int fd)
{
	if (fd < 0)
		return false;
	char ch;
	ssize_t n = recv(fd, &ch, 1, MSG_PEEK | MSG_DONTWAIT);
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

static void S_add_ms(struct timespec *t, long ms)
{
	t->tv_sec += ms / 1000;
	t->tv_nsec += (ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

static bool S_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static ssize_t S_stream_read(void *cls, uint64_t pos, char *dst, size_t max)
{
	struct stream *s = cls;
	struct http *h = s->h;
	(void)pos;
	if (s->off == s->out.len) {
		buf_reset(&s->out);
		s->off = 0;
		struct timespec ping;
		clock_gettime(CLOCK_MONOTONIC, &ping);
		S_add_ms(&ping, PING_SECONDS * 1000L);
		pthread_mutex_lock(&h->lock);
		while (!h->stopping && s->started && h->build == s->sent) {
			struct timespec t;
			clock_gettime(CLOCK_MONOTONIC, &t);
			if (!S_before(&t, &ping))
				break;
			S_add_ms(&t, HANGUP_CHECK_MS);
			if (S_before(&ping, &t))
				t = ping;
			if (pthread_cond_timedwait(&h->changed, &h->lock, &t) == ETIMEDOUT && S_client_gone(s->fd)) {
				pthread_mutex_unlock(&h->lock);
				return MHD_CONTENT_READER_END_WITH_ERROR;
			}
		}
		if (h->stopping) {
			pthread_mutex_unlock(&h->lock);
			return MHD_CONTENT_READER_END_OF_STREAM;
		}
		if (!s->started)
			buf_puts(&s->out, "retry: 1000\n");
		if (!s->started || h->build != s->sent)
			buf_printf(&s->out, "event: build\ndata: %s\n\n", h->json ? h->json : "{}");
		else
			buf_puts(&s->out, ": ping\n\n");
		s->started = true;
		s->sent = h->build;
		pthread_mutex_unlock(&h->lock);
	}
	size_t n = s->out.len - s->off;
	if (n > max)
		n = max;
	memcpy(dst, s->out.data + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

/* libmicrohttpd is done with the stream (the client left, a write failed,
 * shutdown): give its slot back. */
static void S_stream_free(void *cls)
{
	struct stream *s = cls;
	pthread_mutex_lock(&s->h->lock);
	s->h->streams--;
	pthread_mutex_unlock(&s->h->lock);
	buf_release(&s->out);
	free(s);
}

static enum MHD_Result S_reply_events(struct http *h, struct MHD_Connection *c)
{
	pthread_mutex_lock(&h->lock);
	bool full = h->streams >= HTTP_STREAMS;
	if (!full)
		h->streams++;
	pthread_mutex_unlock(&h->lock);
	if (full) {
		static const char busy[] = "too many live-reload streams are open; retry later\n";
		struct MHD_Response *r =
			mhd.create_response_from_buffer(sizeof busy - 1, (void *)busy, MHD_RESPMEM_PERSISTENT);
		if (r)
			mhd.add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, RETRY_AFTER);
		return S_queue(c, MHD_HTTP_SERVICE_UNAVAILABLE, r, "text/plain; charset=utf-8");
	}
	struct stream *s = xcalloc(1, sizeof *s);
	s->h = h;
	buf_init(&s->out);
	const union MHD_ConnectionInfo *ci = mhd.get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	s->fd = ci ? (int)ci->connect_fd : -1;
	mhd.set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT, (unsigned)STREAM_TIMEOUT);
	struct MHD_Response *r =
		mhd.create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, S_stream_read, s, S_stream_free);
	if (!r) {
		S_stream_free(s);
		return MHD_NO;
	}
	return S_queue(c, MHD_HTTP_OK, r, "text/event-stream");
}

/* ---- requests ---- */

struct host_count {
	unsigned n;
	const char *value;
};

static enum MHD_Result S_count_host(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct host_count *hc = cls;
	(void)kind;
	if (key && !strcasecmp(key, MHD_HTTP_HEADER_HOST)) {
		hc->n++;
		hc->value = value;
	}
	return MHD_YES;
}

/* "127.x.y.z" in dotted decimal, each part 0-255 without leading zeros. */
static bool S_is_loopback_quad(const char *s, size_t n)
{
	unsigned part = 0, parts = 0, digits = 0, first = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (!digits || part > 255)
				return false;
			if (parts++ == 0)
				first = part;
			part = digits = 0;
		} else if (s[i] >= '0' && s[i] <= '9') {
			if (digits && part == 0)
				return false; /* a leading zero reads as octal elsewhere */
			part = part * 10 + (unsigned)(s[i] - '0');
			if (++digits > 3)
				return false;
		} else {
			return false;
		}
	}
	return parts == 4 && first == 127;
}

/* On a loopback address, only requests for a local name are answered: a web
 * page elsewhere cannot point its own host name at 127.0.0.1 ("DNS
 * rebinding") and read the preview.  Local: localhost, *.localhost
 * (RFC 6761), 127.x.y.z, [::1] and the --host text itself, each with an
 * optional :port. */
static bool S_host_allowed(const struct http *h, const char *host)
{
	if (!h->addr.loopback)
		return true;
	size_t n;
	const char *port;
	if (host[0] == '[') {
		const char *e = strchr(host, ']');
		if (!e || (e[1] && e[1] != ':'))
			return false;
		n = (size_t)(e + 1 - host);
		port = e + 1;
	} else {
		n = strcspn(host, ":");
		port = host + n;
	}
	if (*port) {
		if (!port[1] || strspn(port + 1, "0123456789") != strlen(port + 1))
			return false; /* "host:", "host:x" */
	}
	const char *given = h->addr.given;
	if ((n == 9 && !strncasecmp(host, "localhost", 9)) || (n > 10 && !strncasecmp(host + n - 10, ".localhost", 10)) ||
	    (n == 5 && !strncmp(host, "[::1]", 5)) || S_is_loopback_quad(host, n) ||
	    (given && *given && strlen(given) == n && !strncasecmp(host, given, n)))
		return true;
	return false;
}

static enum MHD_Result S_on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				    const char *version, const char *upload_data, size_t *upload_size, void **req_cls)
{
	struct http *h = cls;
	(void)upload_data;
	(void)upload_size;
	(void)req_cls;
	/* HTTP/1.1 requires exactly one Host; HTTP/1.0 requests without one
	 * are local by construction. */
	struct host_count hc = { 0, NULL };
	mhd.get_connection_values(c, MHD_HEADER_KIND, S_count_host, &hc);
	if (hc.n > 1 || (hc.n == 0 && strcmp(version, MHD_HTTP_VERSION_1_0)))
		return S_reply_text(c, MHD_HTTP_BAD_REQUEST, "bad request: an HTTP/1.1 request needs exactly one Host header\n");
	if (hc.n == 1 && !S_host_allowed(h, hc.value))
		return S_reply_text(c, MHD_HTTP_FORBIDDEN,
				    "folio serve answers requests for localhost, 127.0.0.1 or [::1] only\n");
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD)) {
		struct MHD_Response *r = mhd.create_response_from_buffer(sizeof "method not allowed\n" - 1,
									 (void *)"method not allowed\n", MHD_RESPMEM_PERSISTENT);
		if (r)
			mhd.add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
		return S_queue(c, MHD_HTTP_METHOD_NOT_ALLOWED, r, "text/plain; charset=utf-8");
	}
	if (!strcmp(url, PAGES_EVENTS_URL))
		return S_reply_events(h, c);
	if (!strcmp(url, PAGES_STATUS_URL))
		return S_reply_status(h, c);
	return S_reply_file(h, c, url);
}

/* Leave the path as sent: S_reply_file decodes it and rejects what it must. */
static size_t S_keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

/* ---- the daemon ---- */

static bool S_is_loopback(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
		return (ntohl(a->sin_addr.s_addr) >> 24) == 127;
	}
	if (ss->ss_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)ss)->sin6_addr;
		return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
	}
	return false;
}

int http_resolve(const char *host, int port, struct http_addr *a)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE };
	struct addrinfo *res = NULL;
	memset(a, 0, sizeof *a);
	if (getaddrinfo(host, NULL, &hints, &res) || !res)
		return -1;
	int rc = -1;
	if ((res->ai_family == AF_INET || res->ai_family == AF_INET6) && res->ai_addrlen <= sizeof a->ss) {
		memcpy(&a->ss, res->ai_addr, res->ai_addrlen);
		a->v6 = res->ai_family == AF_INET6;
		if (a->v6)
			((struct sockaddr_in6 *)&a->ss)->sin6_port = htons((uint16_t)port);
		else
			((struct sockaddr_in *)&a->ss)->sin_port = htons((uint16_t)port);
		a->loopback = S_is_loopback(&a->ss);
		a->given = host;
		/* A numeric spelling (127.1, 0x7f000001) is printed in its usual
		 * form, the one browsers send back as Host; a name as given. */
		struct addrinfo nh = { .ai_family = AF_UNSPEC, .ai_flags = AI_NUMERICHOST }, *nr = NULL;
		bool numeric = getaddrinfo(host, NULL, &nh, &nr) == 0;
		if (nr)
			freeaddrinfo(nr);
		char num[INET6_ADDRSTRLEN] = "";
		if (a->v6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&a->ss)->sin6_addr, num, sizeof num);
		else
			inet_ntop(AF_INET, &((struct sockaddr_in *)&a->ss)->sin_addr, num, sizeof num);
		const char *show = numeric || strlen(host) >= sizeof a->name - 2 ? num : host;
		bool bracket = strchr(show, ':') != NULL;
		snprintf(a->name, sizeof a->name, "%s%s%s", bracket ? "[" : "", show, bracket ? "]" : "");
		rc = 0;
	}
	freeaddrinfo(res);
	return rc;
}

int http_listen(struct http *h)
{
	if (S_load_mhd())
		return -1;
	/* The HTTP threads inherit a mask without SIGINT/SIGTERM, so the
	 * signals reach the main thread. */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
	if (h->addr.v6)
		flags |= MHD_USE_IPv6;
	uint16_t port = ntohs(h->addr.v6 ? ((struct sockaddr_in6 *)&h->addr.ss)->sin6_port
					 : ((struct sockaddr_in *)&h->addr.ss)->sin_port);
	h->d = mhd.start_daemon(flags, port, NULL, NULL, S_on_request, h,
				MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&h->addr.ss,
				MHD_OPTION_UNESCAPE_CALLBACK, S_keep_escaped, NULL,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)PAGE_TIMEOUT,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_CONNECTIONS,
				MHD_OPTION_END);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return h->d ? 0 : -1;
}

unsigned http_port(const struct http *h)
{
	const union MHD_DaemonInfo *info = h->d ? mhd.get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT) : NULL;
	return info ? info->port : 0;
}

void http_free(struct http *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->lock);
	h->stopping = true;
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->lock);
	if (h->d)
		mhd.stop_daemon(h->d);
	pthread_cond_destroy(&h->changed);
	pthread_mutex_destroy(&h->lock);
	free(h->site);
	free(h->log);
	free(h->json);
	free(h);
}
