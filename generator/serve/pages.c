/* pages.c - the preview's pages, without HTTP (see pages.h). */
#include "serve/pages.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/escape.h"
#include "base/xalloc.h"
#include "write/fsx.h"
#include "base/media.h"
#include "base/text.h"

#define BAD_REQUEST 400
#define NOT_FOUND 404

/* ---- the overlay and the live-reload script ---- */

/* The overlay's look, shared by the page served and the script. */
#define OVERLAY_CSS "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5em;" \
		    "background:rgba(50,0,0,.95);color:#fff;font:15px/1.5 ui-monospace,monospace;text-align:left"
#define PRE_CSS "white-space:pre-wrap;margin:0;font:inherit"
#define OVERLAY_TITLE "folio: the last build failed; this is the last good version of the site."

static const char live_script[] =
	"<script>/* folio serve: live reload (not part of the site) */\n"
	"(function(){var v=%lu,es=new EventSource(\"" PAGES_EVENTS_URL "\");\n"
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

/* What goes before </body>: the overlay when the last build failed, and the
 * live-reload script. */
static void S_live_snippet(struct buf *b, unsigned long build, bool ok, const char *log)
{
	if (!ok && build) {
		buf_puts(b, "<div id=\"folio-errors\" role=\"alert\" style=\"" OVERLAY_CSS "\"><p>" OVERLAY_TITLE
			    "</p><pre style=\"" PRE_CSS "\">");
		esc_html_str(b, log ? log : "");
		buf_puts(b, "</pre></div>\n");
	}
	buf_printf(b, live_script, build);
}

char *pages_inject(const char *html, size_t len, unsigned long build, bool ok, const char *log, size_t *out_len)
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
	S_live_snippet(&b, build, ok, log);
	buf_add(&b, html + at, len - at);
	return buf_detach(&b, out_len);
}

/* ---- files ---- */

bool pages_is_html(const char *type)
{
	return !strncmp(type, "text/html", 9);
}

int pages_open_regular(const char *path, struct stat *s)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, s) || !S_ISREG(s->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

int pages_read_fd(int fd, size_t hint, char **data, size_t *len)
{
	struct buf b = BUF_INIT;
	buf_grow(&b, hint + 1);
	char chunk[16384];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			buf_release(&b);
			return -1;
		}
		if (n == 0)
			break;
		buf_add(&b, chunk, (size_t)n);
	}
	*data = buf_detach(&b, len);
	return 0;
}

/* ---- request paths ---- */

unsigned pages_url_to_rel(const char *url, char **rel)
{
	*rel = NULL;
	if (url[0] != '/')
		return BAD_REQUEST;
	char *out = xmalloc(strlen(url) + 1), *o = out;
	unsigned status = 0;
	for (const char *p = url + 1; *p && !status; p++) {
		int ch = (unsigned char)*p;
		if (ch == '%') {
			int hi = hex_value((unsigned char)p[1]), lo = hi < 0 ? -1 : hex_value((unsigned char)p[2]);
			if (lo < 0) {
				status = BAD_REQUEST;
				break;
			}
			ch = hi * 16 + lo;
			p += 2;
		}
		if (ch == '\0' || ch == '\\')
			status = BAD_REQUEST;
		*o++ = (char)ch;
	}
	*o = '\0';
	for (const char *s = out; *s && !status;) {
		size_t n = strcspn(s, "/");
		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			status = BAD_REQUEST;
		else if (s[0] == '.')
			status = NOT_FOUND;
		s += n + (s[n] == '/');
	}
	if (status)
		free(out);
	else
		*rel = out;
	return status;
}

char *pages_site_file(const char *site, const char *rel)
{
	char *path = path_join(site, rel);
	if (is_directory(path)) {
		char *index = path_join(path, "index.html");
		free(path);
		path = index;
	}
	char *real = realpath(path, NULL), *root = realpath(site, NULL);
	size_t n = root ? strlen(root) : 0;
	if (real && (!root || strncmp(real, root, n) || real[n] != '/')) {
		free(real);
		real = NULL;
	}
	free(path);
	free(root);
	return real;
}
