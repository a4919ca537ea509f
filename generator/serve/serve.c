/* serve.c - folio serve: build, watch, rebuild, preview over HTTP.
 *
 * The main thread builds, then polls the book's files every 300 ms and
 * rebuilds after a change.  libmicrohttpd serves OUT/site/ from its own
 * threads (one per connection, so the live-reload stream may block); they
 * only read the shared state below, under its mutex.  Every HTML page
 * served gets a small script (never written to disk) that follows
 * /__folio/events and reloads the page after a good build, or shows the
 * diagnostics over it after a failed one.
 * This is the only file that includes <microhttpd.h>. */
#include "serve/serve.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/escape.h"
#include "write/fsx.h"
#include "base/xalloc.h"

#define POLL_MS 300
#define PING_SECONDS 15
#define EVENTS_URL "/__folio/events"
#define STATUS_URL "/__folio/status"

/* ---- state shared with the HTTP threads ---- */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t changed; /* broadcast after each build and at shutdown */
	unsigned long build;    /* builds finished so far */
	bool ok;                /* did the last one succeed? */
	char *log;              /* its diagnostics, GCC-style lines */
	char *json;             /* {"build":N,"ok":B,"diagnostics":["..."]} */
	bool stopping;
	char *site;             /* OUT/site; set before the daemon starts */
	bool loopback;          /* listening on 127.0.0.1, ::1 or localhost only */
} st = { .lock = PTHREAD_MUTEX_INITIALIZER };

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	(void)sig;
	got_signal = 1;
}

/* Record a finished build; takes `log`. */
static void publish(bool ok, char *log)
{
	struct buf j = BUF_INIT;
	pthread_mutex_lock(&st.lock);
	st.build++;
	buf_printf(&j, "{\"build\":%lu,\"ok\":%s,\"diagnostics\":[", st.build, ok ? "true" : "false");
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
	free(st.log);
	free(st.json);
	st.log = log;
	st.json = buf_detach(&j, NULL);
	st.ok = ok;
	pthread_cond_broadcast(&st.changed);
	pthread_mutex_unlock(&st.lock);
}

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One build; its diagnostics go to the terminal and to the shared state.
 * Only the main thread builds, so two builds never overlap. */
static int rebuild(const struct build_opts *bo)
{
	double t = seconds();
	struct diags *d = diags_new(bo->strict);
	int rc = build_run(bo, d);
	unsigned errors = diags_errors(d);
	struct buf lb = BUF_INIT;
	diags_format(d, &lb);
	diags_free(d);
	char *log = buf_detach(&lb, NULL);
	fputs(log, stderr);
	if (rc)
		fprintf(stderr, "folio: build %lu failed with %u error%s; still serving the last good site\n",
			st.build + 1, errors, errors == 1 ? "" : "s");
	else
		fprintf(stderr, "folio: build %lu ok (%.2f s)\n", st.build + 1, seconds() - t);
	publish(rc == 0, log);
	return rc;
}

/* ---- watching the sources ---- */

struct watch {
	char **roots;
	size_t n;
	const char *out;
};

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Add every entry under `dir` (hidden ones and OUT skipped, symbolic links
 * not followed into folders) to *fp: path, size, times, mode, inode.  The
 * sum does not depend on readdir order. */
static void scan(const char *dir, const struct stat *out, uint64_t *fp, int depth)
{
	DIR *d = depth < 32 ? opendir(dir) : NULL;
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *p = path_join(dir, de->d_name);
		struct stat s, t;
		if (lstat(p, &s) == 0) {
			if (S_ISLNK(s.st_mode) && stat(p, &t) == 0 && !S_ISDIR(t.st_mode))
				s = t;
			uint64_t h = hash_str(p);
			h = mix(h, (uint64_t)s.st_mtim.tv_sec);
			h = mix(h, (uint64_t)s.st_mtim.tv_nsec);
			h = mix(h, (uint64_t)s.st_size);
			h = mix(h, (uint64_t)s.st_mode);
			h = mix(h, (uint64_t)s.st_ino);
			*fp += h;
			bool is_out = out && s.st_dev == out->st_dev && s.st_ino == out->st_ino;
			if (S_ISDIR(s.st_mode) && !is_out)
				scan(p, out, fp, depth + 1);
		}
		free(p);
	}
	closedir(d);
}

static uint64_t fingerprint(const struct watch *w)
{
	struct stat out;
	bool have_out = stat(w->out, &out) == 0;
	uint64_t fp = 0;
	for (size_t i = 0; i < w->n; i++) {
		if (is_directory(w->roots[i]))
			fp += mix(hash_str(w->roots[i]), 1);
		scan(w->roots[i], have_out ? &out : NULL, &fp, 0);
	}
	return fp;
}

static void watch_add(struct watch *w, const char *path)
{
	char *r = realpath(path, NULL);
	if (!r)
		r = xstrdup(path);
	for (size_t i = 0; i < w->n; i++) {
		if (!strcmp(w->roots[i], r)) {
			free(r);
			return;
		}
	}
	w->roots = xrealloc(w->roots, (w->n + 1) * sizeof *w->roots);
	w->roots[w->n++] = r;
}

/* SOURCE, and the themes/ folders site_find_theme looks in: beside the
 * book (inside SOURCE, so already covered), above it, in the current
 * folder, and beside the folio binary. */
static void watch_init(struct watch *w, const char *source, const char *out)
{
	w->roots = NULL;
	w->n = 0;
	w->out = out;
	watch_add(w, source);
	char *up = path_join(source, "../themes");
	watch_add(w, up);
	free(up);
	watch_add(w, "themes");
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *dir = path_dir(exe);
		char *t = path_join(dir, "../themes");
		watch_add(w, t);
		free(t);
		t = path_join(dir, "../share/folio/themes");
		watch_add(w, t);
		free(t);
		free(dir);
	}
}

static void watch_release(struct watch *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->roots[i]);
	free(w->roots);
}

/* ---- HTTP ---- */

/* The overlay's look, shared by the page served and the script. */
#define OVERLAY_CSS "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5em;" \
		    "background:rgba(50,0,0,.95);color:#fff;font:15px/1.5 ui-monospace,monospace;text-align:left"
#define PRE_CSS "white-space:pre-wrap;margin:0;font:inherit"
#define OVERLAY_TITLE "folio: the last build failed; this is the last good version of the site."

static const char live_script[] =
	"<script>/* folio serve: live reload (not part of the site) */\n"
	"(function(){var v=%lu,es=new EventSource(\"" EVENTS_URL "\");\n"
	"function show(s){var d=document.getElementById(\"folio-errors\");\n"
	"if(s.ok){if(d)d.remove();return;}\n"
	"if(!d){d=document.createElement(\"div\");d.id=\"folio-errors\";d.setAttribute(\"role\",\"alert\");"
	"d.style.cssText=\"" OVERLAY_CSS "\";document.body.appendChild(d);}\n"
	"var h=document.createElement(\"p\"),p=document.createElement(\"pre\");\n"
	"h.textContent=\"" OVERLAY_TITLE "\";p.style.cssText=\"" PRE_CSS "\";p.textContent=s.diagnostics.join(\"\\n\");\n"
	"d.textContent=\"\";d.appendChild(h);d.appendChild(p);}\n"
	"es.addEventListener(\"build\",function(e){var s=JSON.parse(e.data);\n"
	"if(s.ok&&s.build!==v){es.close();location.reload();}else show(s);});})();\n"
	"</script>\n";

/* What goes before </body>: the overlay when the last build failed (so it
 * shows even without script), and the live-reload script. */
static void live_snippet(struct buf *b)
{
	pthread_mutex_lock(&st.lock);
	if (!st.ok) {
		buf_puts(b, "<div id=\"folio-errors\" role=\"alert\" style=\"" OVERLAY_CSS "\"><p>" OVERLAY_TITLE
			    "</p><pre style=\"" PRE_CSS "\">");
		esc_html_str(b, st.log ? st.log : "");
		buf_puts(b, "</pre></div>\n");
	}
	buf_printf(b, live_script, st.build);
	pthread_mutex_unlock(&st.lock);
}

/* The page with the snippet before its last </body> (or at the end);
 * malloc'd. */
static char *inject(const char *html, size_t len, size_t *out_len)
{
	size_t at = len;
	for (size_t i = len; i >= 6; i--) {
		if (!strncasecmp(html + i - 6, "</body", 6)) {
			at = i - 6;
			break;
		}
	}
	struct buf b = BUF_INIT;
	buf_add(&b, html, at);
	live_snippet(&b);
	buf_add(&b, html + at, len - at);
	return buf_detach(&b, out_len);
}

static const char *content_type(const char *path)
{
	static const char *const types[][2] = {
		{ "html", "text/html; charset=utf-8" },
		{ "htm", "text/html; charset=utf-8" },
		{ "css", "text/css; charset=utf-8" },
		{ "js", "text/javascript; charset=utf-8" },
		{ "mjs", "text/javascript; charset=utf-8" },
		{ "svg", "image/svg+xml" },
		{ "png", "image/png" },
		{ "jpg", "image/jpeg" },
		{ "jpeg", "image/jpeg" },
		{ "gif", "image/gif" },
		{ "webp", "image/webp" },
		{ "avif", "image/avif" },
		{ "ico", "image/x-icon" },
		{ "xml", "application/xml; charset=utf-8" },
		{ "xhtml", "application/xhtml+xml; charset=utf-8" },
		{ "txt", "text/plain; charset=utf-8" },
		{ "epub", "application/epub+zip" },
		{ "pdf", "application/pdf" },
		{ "json", "application/json" },
		{ "woff", "font/woff" },
		{ "woff2", "font/woff2" },
	};
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	if (dot)
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (!strcasecmp(dot + 1, types[i][0]))
				return types[i][1];
	return "application/octet-stream";
}

static bool is_html(const char *type)
{
	return !strncmp(type, "text/html", 9);
}

/* Queue `r` (which may be NULL) with the headers every answer carries. */
static enum MHD_Result queue(struct MHD_Connection *c, unsigned status, struct MHD_Response *r, const char *type)
{
	if (!r)
		return MHD_NO;
	if (type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Takes `data` (malloc'd). */
static enum MHD_Result reply_mem(struct MHD_Connection *c, unsigned status, const char *type, char *data, size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (!r)
		free(data);
	return queue(c, status, r, type);
}

static enum MHD_Result reply_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	return reply_mem(c, status, "text/plain; charset=utf-8", xstrdup(text), strlen(text));
}

/* An HTML page served with the live snippet; takes `html`. */
static enum MHD_Result reply_html(struct MHD_Connection *c, unsigned status, char *html, size_t len)
{
	size_t n;
	char *page = inject(html, len, &n);
	free(html);
	return reply_mem(c, status, "text/html; charset=utf-8", page, n);
}

static enum MHD_Result reply_not_found(struct MHD_Connection *c)
{
	char *path = path_join(st.site, "404.html"), *html;
	size_t len;
	if (read_file(path, &html, &len)) {
		static const char fallback[] =
			"<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Not found</title></head>\n"
			"<body>\n<h1>Not found</h1>\n<p>There is no page at this address (has the book been built yet?).</p>\n"
			"</body>\n</html>\n";
		html = xstrdup(fallback);
		len = sizeof fallback - 1;
	}
	free(path);
	return reply_html(c, MHD_HTTP_NOT_FOUND, html, len);
}

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The raw request path (MHD is told not to decode it), percent-decoded
 * into a path relative to the site in *rel (malloc'd).  Returns 0; 400
 * when it is malformed or could climb out: a bad %XX, NUL, a backslash,
 * an empty, "." or ".." segment; 404 for hidden names. */
static unsigned url_to_rel(const char *url, char **rel)
{
	*rel = NULL;
	if (url[0] != '/')
		return MHD_HTTP_BAD_REQUEST;
	char *out = xmalloc(strlen(url) + 1), *o = out;
	unsigned status = 0;
	for (const char *p = url + 1; *p && !status; p++) {
		int ch = (unsigned char)*p;
		if (ch == '%') {
			int hi = hex((unsigned char)p[1]), lo = hi < 0 ? -1 : hex((unsigned char)p[2]);
			if (lo < 0) {
				status = MHD_HTTP_BAD_REQUEST;
				break;
			}
			ch = hi * 16 + lo;
			p += 2;
		}
		if (ch == '\0' || ch == '\\')
			status = MHD_HTTP_BAD_REQUEST;
		*o++ = (char)ch;
	}
	*o = '\0';
	for (const char *s = out; *s && !status;) {
		size_t n = strcspn(s, "/");
		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			status = MHD_HTTP_BAD_REQUEST;
		else if (s[0] == '.')
			status = MHD_HTTP_NOT_FOUND;
		s += n + (s[n] == '/');
	}
	if (status)
		free(out);
	else
		*rel = out;
	return status;
}

/* The file that site path `rel` names (a folder's index.html), after every
 * symbolic link, when it lies inside the site; malloc'd, or NULL. */
static char *site_file(const char *rel)
{
	char *path = path_join(st.site, rel);
	if (is_directory(path)) {
		char *index = path_join(path, "index.html");
		free(path);
		path = index;
	}
	char *real = realpath(path, NULL), *root = realpath(st.site, NULL);
	size_t n = root ? strlen(root) : 0;
	if (real && (!root || strncmp(real, root, n) || real[n] != '/')) {
		free(real);
		real = NULL;
	}
	free(path);
	free(root);
	return real;
}

/* Serve the regular file at `real` (an HTML page with the live snippet). */
static enum MHD_Result reply_real(struct MHD_Connection *c, const char *real)
{
	const char *type = content_type(real);
	struct stat s;
	int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || fstat(fd, &s) || !S_ISREG(s.st_mode)) {
		if (fd >= 0)
			close(fd);
		return reply_not_found(c);
	}
	if (is_html(type)) {
		char *html;
		size_t len;
		int rc = read_file(real, &html, &len);
		close(fd);
		return rc ? reply_not_found(c) : reply_html(c, MHD_HTTP_OK, html, len);
	}
	struct MHD_Response *r = MHD_create_response_from_fd64((uint64_t)s.st_size, fd); /* takes fd */
	if (!r)
		close(fd);
	return queue(c, MHD_HTTP_OK, r, type);
}

/* A folder asked for without its trailing slash: send the browser there,
 * so the pages' relative links work. */
static enum MHD_Result reply_redirect(struct MHD_Connection *c, const char *url)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	char *to = xasprintf("%s/", url);
	if (r)
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, to);
	free(to);
	return queue(c, MHD_HTTP_MOVED_PERMANENTLY, r, NULL);
}

static enum MHD_Result reply_file(struct MHD_Connection *c, const char *url)
{
	char *rel;
	unsigned status = url_to_rel(url, &rel);
	if (status == MHD_HTTP_BAD_REQUEST)
		return reply_text(c, status, "bad request: the path is malformed or leaves the site\n");
	if (status)
		return reply_not_found(c);
	enum MHD_Result ret;
	char *dir = path_join(st.site, rel);
	if (url[strlen(url) - 1] != '/' && is_directory(dir)) {
		ret = reply_redirect(c, url);
	} else {
		char *real = site_file(rel);
		ret = real ? reply_real(c, real) : reply_not_found(c);
		free(real);
	}
	free(dir);
	free(rel);
	return ret;
}

static enum MHD_Result reply_status(struct MHD_Connection *c)
{
	pthread_mutex_lock(&st.lock);
	char *json = xstrdup(st.json ? st.json : "{}");
	pthread_mutex_unlock(&st.lock);
	return reply_mem(c, MHD_HTTP_OK, "application/json", json, strlen(json));
}

/* One /__folio/events stream (Server-Sent Events): the current state at
 * once, then an event after every build, a comment every PING_SECONDS to
 * keep the connection alive, and the end of the stream at shutdown. */
struct stream {
	bool started;
	unsigned long sent; /* the build last sent */
	struct buf out;     /* what is left to send, from `off` */
	size_t off;
};

static ssize_t stream_read(void *cls, uint64_t pos, char *dst, size_t max)
{
	struct stream *s = cls;
	(void)pos;
	if (s->off == s->out.len) {
		buf_reset(&s->out);
		s->off = 0;
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += PING_SECONDS;
		pthread_mutex_lock(&st.lock);
		int e = 0;
		while (!st.stopping && s->started && st.build == s->sent && e != ETIMEDOUT)
			e = pthread_cond_timedwait(&st.changed, &st.lock, &until);
		if (st.stopping) {
			pthread_mutex_unlock(&st.lock);
			return MHD_CONTENT_READER_END_OF_STREAM;
		}
		if (!s->started)
			buf_puts(&s->out, "retry: 1000\n");
		if (!s->started || st.build != s->sent)
			buf_printf(&s->out, "event: build\ndata: %s\n\n", st.json ? st.json : "{}");
		else
			buf_puts(&s->out, ": ping\n\n");
		s->started = true;
		s->sent = st.build;
		pthread_mutex_unlock(&st.lock);
	}
	size_t n = s->out.len - s->off;
	if (n > max)
		n = max;
	memcpy(dst, s->out.data + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

static void stream_free(void *cls)
{
	struct stream *s = cls;
	buf_release(&s->out);
	free(s);
}

static enum MHD_Result reply_events(struct MHD_Connection *c)
{
	struct stream *s = xcalloc(1, sizeof *s);
	buf_init(&s->out);
	struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, stream_read, s, stream_free);
	if (!r) {
		stream_free(s);
		return MHD_NO;
	}
	return queue(c, MHD_HTTP_OK, r, "text/event-stream");
}

/* On a loopback address, only requests for a local name are answered: a web
 * page elsewhere cannot point its own host name at 127.0.0.1 ("DNS
 * rebinding") and read the preview.  HTTP/1.1 requires Host; HTTP/1.0
 * requests without one are local by construction. */
static bool host_allowed(struct MHD_Connection *c)
{
	if (!st.loopback)
		return true;
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	if (!h)
		return true;
	size_t n;
	if (h[0] == '[') { /* [::1]:port */
		const char *e = strchr(h, ']');
		if (!e || (e[1] && e[1] != ':'))
			return false;
		return (size_t)(e - h - 1) == 3 && !strncmp(h + 1, "::1", 3);
	}
	n = strcspn(h, ":");
	if (h[n] && !h[n + 1])
		return false; /* "host:" */
	static const char *const ok[] = { "localhost", "127.0.0.1" };
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (n == strlen(ok[i]) && !strncasecmp(h, ok[i], n))
			return true;
	/* *.localhost resolves to loopback (RFC 6761) */
	return n > 10 && !strncasecmp(h + n - 10, ".localhost", 10);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_size, void **req_cls)
{
	(void)cls;
	(void)version;
	(void)upload_data;
	(void)upload_size;
	(void)req_cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD)) {
		struct MHD_Response *r = MHD_create_response_from_buffer(sizeof "method not allowed\n" - 1,
									 (void *)"method not allowed\n", MHD_RESPMEM_PERSISTENT);
		if (r)
			MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
		return queue(c, MHD_HTTP_METHOD_NOT_ALLOWED, r, "text/plain; charset=utf-8");
	}
	if (!host_allowed(c))
		return reply_text(c, MHD_HTTP_FORBIDDEN,
				  "folio serve answers requests for localhost, 127.0.0.1 or [::1] only\n");
	if (!strcmp(url, EVENTS_URL))
		return reply_events(c);
	if (!strcmp(url, STATUS_URL))
		return reply_status(c);
	return reply_file(c, url);
}

/* Leave the path as sent: reply_file decodes it and rejects what it must. */
static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

static int listen_addr(const char *host, int port, struct sockaddr_storage *ss, bool *v6)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE };
	struct addrinfo *res = NULL;
	if (getaddrinfo(host, NULL, &hints, &res) || !res)
		return -1;
	int rc = -1;
	memset(ss, 0, sizeof *ss);
	if (res->ai_family == AF_INET && res->ai_addrlen <= sizeof *ss) {
		memcpy(ss, res->ai_addr, res->ai_addrlen);
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
		*v6 = false;
		rc = 0;
	} else if (res->ai_family == AF_INET6 && res->ai_addrlen <= sizeof *ss) {
		memcpy(ss, res->ai_addr, res->ai_addrlen);
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
		*v6 = true;
		rc = 0;
	}
	freeaddrinfo(res);
	return rc;
}

/* ---- the whole session ---- */

static struct MHD_Daemon *start_daemon(const struct sockaddr_storage *addr, bool v6, int port)
{
	/* The HTTP threads inherit a mask without SIGINT/SIGTERM, so the
	 * signals reach the main thread and interrupt its sleep. */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
	if (v6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *d = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, on_request, NULL,
						MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)addr,
						MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
						MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
						MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
						MHD_OPTION_END);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return d;
}

static void announce(struct MHD_Daemon *d, const struct serve_opts *o)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = info ? info->port : (unsigned)o->port;
	bool bracket = strchr(o->host, ':') != NULL;
	printf("folio: serving %s at http://%s%s%s:%u/ (Ctrl-C stops)\n", st.site, bracket ? "[" : "", o->host,
	       bracket ? "]" : "", port);
	fflush(stdout);
	if (strcmp(o->host, "127.0.0.1") && strcmp(o->host, "::1") && strcmp(o->host, "localhost"))
		fprintf(stderr, "folio: warning: listening on %s: other machines may be able to read the book\n", o->host);
}

/* Poll until a signal; rebuild once the files have stopped changing for
 * one period.  `seen` is the fingerprint the last build started from. */
static void watch_loop(const struct watch *w, const struct build_opts *bo, uint64_t seen)
{
	bool pending = false;
	while (!got_signal) {
		struct timespec nap = { 0, POLL_MS * 1000000L };
		nanosleep(&nap, NULL);
		if (got_signal)
			break;
		uint64_t fp = fingerprint(w);
		if (fp != seen) {
			seen = fp;
			pending = true;
		} else if (pending) {
			pending = false;
			fprintf(stderr, "folio: change detected, rebuilding\n");
			rebuild(bo);
		}
	}
}

int serve_run(const struct serve_opts *o)
{
	struct sockaddr_storage addr;
	bool v6;
	if (listen_addr(o->host, o->port, &addr, &v6)) {
		fprintf(stderr, "folio: error: cannot listen on '%s': not an address or host name\n", o->host);
		return 2;
	}

	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&st.changed, &ca);
	pthread_condattr_destroy(&ca);
	st.site = path_join(o->build.out, "site");
	st.loopback = !strcmp(o->host, "127.0.0.1") || !strcmp(o->host, "::1") || !strcmp(o->host, "localhost");

	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND; /* a second Ctrl-C stops at once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct build_opts bo = o->build;
	bo.check_only = false;
	struct watch w;
	watch_init(&w, bo.source, bo.out);
	uint64_t seen = fingerprint(&w);
	if (rebuild(&bo) == 2) { /* OUT overlaps the book: never serve, never rebuild */
		watch_release(&w);
		pthread_cond_destroy(&st.changed);
		free(st.site);
		free(st.log);
		free(st.json);
		st.site = st.log = st.json = NULL;
		return 2;
	}

	int rc = 1;
	struct MHD_Daemon *d = start_daemon(&addr, v6, o->port);
	if (d) {
		announce(d, o);
		watch_loop(&w, &bo, seen);
		fprintf(stderr, "folio: stopping\n");
		pthread_mutex_lock(&st.lock);
		st.stopping = true;
		pthread_cond_broadcast(&st.changed);
		pthread_mutex_unlock(&st.lock);
		MHD_stop_daemon(d);
		rc = 0;
	} else {
		fprintf(stderr, "folio: error: cannot listen on %s port %d (-p 0 picks a free port)\n",
			o->host, o->port);
	}
	watch_release(&w);
	pthread_cond_destroy(&st.changed);
	free(st.site);
	free(st.log);
	free(st.json);
	st.site = st.log = st.json = NULL;
	return rc;
}
