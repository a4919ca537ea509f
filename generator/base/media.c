/* media.c - media types (see media.h). */
#include "base/media.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *ext, *type, *content_type;
	bool epub_core, compressed;
} types[] = {
	{ "png", "image/png", NULL, true, true },
	{ "jpg", "image/jpeg", NULL, true, true },
	{ "jpeg", "image/jpeg", NULL, true, true },
	{ "gif", "image/gif", NULL, true, true },
	{ "svg", "image/svg+xml", NULL, true, false },
	{ "webp", "image/webp", NULL, false, true },
	{ "avif", "image/avif", NULL, false, true },
	{ "ico", "image/x-icon", NULL, false, false },
	{ "pdf", "application/pdf", NULL, false, false },
	{ "txt", "text/plain", "text/plain; charset=utf-8", false, false },
	{ "csv", "text/csv", "text/csv; charset=utf-8", false, false },
	{ "mp3", "audio/mpeg", NULL, true, true },
	{ "m4a", "audio/mp4", NULL, true, true },
	{ "mp4", "video/mp4", NULL, false, true },
	{ "webm", "video/webm", NULL, false, true },
	{ "zip", "application/zip", NULL, false, true },
	{ "epub", "application/epub+zip", NULL, false, true },
	{ "html", "text/html", "text/html; charset=utf-8", false, false },
	{ "htm", "text/html", "text/html; charset=utf-8", false, false },
	{ "xhtml", "application/xhtml+xml", "application/xhtml+xml; charset=utf-8", true, false },
	{ "css", "text/css", "text/css; charset=utf-8", true, false },
	{ "js", "text/javascript", "text/javascript; charset=utf-8", true, false },
	{ "mjs", "text/javascript", "text/javascript; charset=utf-8", true, false },
	{ "json", "application/json", NULL, false, false },
	{ "xml", "application/xml", "application/xml; charset=utf-8", false, false },
	{ "woff", "font/woff", NULL, true, true },
	{ "woff2", "font/woff2", NULL, true, true },
	{ "ttf", "font/ttf", NULL, true, false },
	{ "otf", "font/otf", NULL, true, false },
};

static int find(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	if (dot)
		for (size_t i = 0; i < sizeof types / sizeof *types; i++)
			if (!strcasecmp(dot + 1, types[i].ext))
				return (int)i;
	return -1;
}

const char *media_type(const char *path)
{
	int i = find(path);
	return i < 0 ? "application/octet-stream" : types[i].type;
}

const char *media_content_type(const char *path)
{
	int i = find(path);
	if (i < 0)
		return "application/octet-stream";
	return types[i].content_type ? types[i].content_type : types[i].type;
}

/* Types the table does not name by extension but an EPUB accepts. */
static const char *const more_core[] = {
	"application/font-sfnt", "application/font-woff", "application/vnd.ms-opentype",
	"application/x-font-ttf", "application/javascript",
};

bool media_is_epub_core(const char *type)
{
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (types[i].epub_core && !strcasecmp(type, types[i].type))
			return true;
	for (size_t i = 0; i < sizeof more_core / sizeof *more_core; i++)
		if (!strcasecmp(type, more_core[i]))
			return true;
	return false;
}

bool media_is_compressed(const char *type)
{
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (types[i].compressed && !strcasecmp(type, types[i].type))
			return true;
	return false;
}

bool media_is_cover(const char *type)
{
	return !strcmp(type, "image/png") || !strcmp(type, "image/jpeg");
}
