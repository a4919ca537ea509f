/* imagesize.c - an image's pixel size from its first bytes (see imagesize.h).
 *
 * Written here rather than linking libpng, libjpeg, libgif, libwebp and an
 * XML parser: folio needs two numbers from each header, never the pixels,
 * and every reader below is bounds-checked against `len` (fuzz_imagesize). */
#include "base/imagesize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint32_t be16(const unsigned char *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be32(const unsigned char *p) { return be16(p) << 16 | be16(p + 2); }
static uint32_t le16(const unsigned char *p) { return (uint32_t)p[1] << 8 | p[0]; }
static uint32_t le24(const unsigned char *p) { return le16(p) | (uint32_t)p[2] << 16; }

static bool sane(long w, long h)
{
	return w > 0 && h > 0 && w <= 1000000 && h <= 1000000;
}

static bool png(const unsigned char *d, size_t n, long *w, long *h)
{
	/* signature, then the IHDR chunk: length, "IHDR", width, height */
	if (n < 24 || memcmp(d, "\x89PNG\r\n\x1a\n", 8) || memcmp(d + 12, "IHDR", 4))
		return false;
	*w = (long)be32(d + 16), *h = (long)be32(d + 20);
	return true;
}

static bool gif(const unsigned char *d, size_t n, long *w, long *h)
{
	if (n < 10 || (memcmp(d, "GIF87a", 6) && memcmp(d, "GIF89a", 6)))
		return false;
	*w = (long)le16(d + 6), *h = (long)le16(d + 8);
	return true;
}

/* JPEG: walk the segments to the first start-of-frame (SOF0..SOF15 but
 * DHT C4, JPG C8 and DAC CC), whose payload is precision, height, width. */
static bool jpeg(const unsigned char *d, size_t n, long *w, long *h)
{
	if (n < 4 || d[0] != 0xFF || d[1] != 0xD8)
		return false;
	size_t i = 2;
	while (i + 4 <= n) {
		if (d[i] != 0xFF)
			return false;
		unsigned char m = d[i + 1];
		if (m == 0xFF) { /* fill byte */
			i++;
			continue;
		}
		if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) { /* no length */
			i += 2;
			continue;
		}
		if (m == 0xD9 || m == 0xDA) /* end of image, start of scan: no frame seen */
			return false;
		size_t seg = be16(d + i + 2);
		if (seg < 2)
			return false;
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (i + 9 > n)
				return false;
			*h = (long)be16(d + i + 5), *w = (long)be16(d + i + 7);
			return true;
		}
		i += 2 + seg;
	}
	return false;
}

static bool webp(const unsigned char *d, size_t n, long *w, long *h)
{
	if (n < 30 || memcmp(d, "RIFF", 4) || memcmp(d + 8, "WEBP", 4))
		return false;
	const unsigned char *c = d + 12;
	if (!memcmp(c, "VP8 ", 4)) { /* lossy: frame tag, start code, 14-bit sizes */
		if (c[11] != 0x9D || c[12] != 0x01 || c[13] != 0x2A)
			return false;
		*w = (long)(le16(c + 14) & 0x3FFF), *h = (long)(le16(c + 16) & 0x3FFF);
		return true;
	}
	if (!memcmp(c, "VP8L", 4)) { /* lossless: signature 0x2F, 14-bit sizes - 1 */
		if (c[8] != 0x2F)
			return false;
		uint32_t b = (uint32_t)c[9] | (uint32_t)c[10] << 8 | (uint32_t)c[11] << 16 | (uint32_t)c[12] << 24;
		*w = (long)(b & 0x3FFF) + 1, *h = (long)(b >> 14 & 0x3FFF) + 1;
		return true;
	}
	if (!memcmp(c, "VP8X", 4)) { /* extended: 24-bit canvas sizes - 1 */
		*w = (long)le24(c + 12) + 1, *h = (long)le24(c + 15) + 1;
		return true;
	}
	return false;
}

/* ---- SVG: the root element's width/height, else its viewBox ------------ */

/* The value of attribute `name` inside the tag text [s, e), or NULL; its
 * length in *vn.  Attribute names must stand alone (not "stroke-width"). */
static const char *attr(const char *s, const char *e, const char *name, size_t *vn)
{
	size_t nl = strlen(name);
	for (const char *p = s; (size_t)(e - p) > nl; p++) {
		if (memcmp(p, name, nl) || (p > s && p[-1] != ' ' && p[-1] != '\t' && p[-1] != '\n' && p[-1] != '\r'))
			continue;
		const char *q = p + nl;
		while (q < e && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
			q++;
		if (q >= e || *q != '=')
			continue;
		q++;
		while (q < e && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
			q++;
		if (q >= e || (*q != '"' && *q != '\''))
			continue;
		char quote = *q++;
		const char *v = q;
		while (q < e && *q != quote)
			q++;
		if (q >= e)
			return NULL;
		*vn = (size_t)(q - v);
		return v;
	}
	return NULL;
}

/* A length in CSS pixels: "120", "120px", "120.5"; units other than px
 * and percentages give false (the size is then the viewBox's). */
static bool svg_length(const char *v, size_t n, double *out)
{
	char buf[64];
	if (!v || n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, v, n);
	buf[n] = '\0';
	char *end;
	double x = strtod(buf, &end);
	while (*end == ' ')
		end++;
	if (end == buf || !(x > 0) || (*end && strcmp(end, "px") != 0))
		return false;
	*out = x;
	return true;
}

/* Round a length to whole pixels: false (unknown) unless 0 < v <= 1e6, so
 * an absurd width never reaches the cast (out of range is undefined). */
static bool px(double v, long *out)
{
	if (!(v > 0 && v <= 1e6))
		return false;
	*out = (long)(v + 0.5);
	return true;
}

static bool svg(const unsigned char *d, size_t n, long *w, long *h)
{
	const char *s = (const char *)d, *e = s + n;
	const char *p = NULL;
	/* the root element, past the XML declaration, comments, processing
	 * instructions and a DOCTYPE (internal subset included) */
	for (const char *q = s; q < e && !p;) {
		const char *lt = memchr(q, '<', (size_t)(e - q));
		if (!lt || lt + 1 >= e)
			return false;
		size_t left = (size_t)(e - lt);
		const char *stop;
		if (left >= 4 && !memcmp(lt, "<!--", 4)) {
			for (stop = lt + 4; e - stop >= 3 && memcmp(stop, "-->", 3); stop++)
				;
			if (e - stop < 3)
				return false; /* unclosed comment */
			q = stop + 3;
		} else if (lt[1] == '?' || lt[1] == '!') {
			const char *gt = memchr(lt, '>', left), *br = memchr(lt, '[', left);
			if (lt[1] == '!' && br && (!gt || br < gt)) {
				for (stop = br; e - stop >= 2 && memcmp(stop, "]>", 2); stop++)
					;
				if (e - stop < 2)
					return false;
				q = stop + 2;
			} else {
				q = gt ? gt + 1 : e;
			}
		} else if (left >= 5 && !memcmp(lt + 1, "svg", 3) &&
			   (lt[4] == ' ' || lt[4] == '\t' || lt[4] == '\n' || lt[4] == '\r' || lt[4] == '>' || lt[4] == '/')) {
			p = lt + 4;
		} else {
			return false; /* the root is not <svg> */
		}
	}
	if (!p)
		return false;
	const char *end = memchr(p, '>', (size_t)(e - p));
	if (!end)
		return false;
	size_t wn = 0, hn = 0, vn = 0;
	const char *wv = attr(p, end, "width", &wn), *hv = attr(p, end, "height", &hn);
	double fw, fh;
	if (svg_length(wv, wn, &fw) && svg_length(hv, hn, &fh))
		return px(fw, w) && px(fh, h);
	const char *vb = attr(p, end, "viewBox", &vn);
	if (!vb || vn >= 128)
		return false;
	char buf[128];
	memcpy(buf, vb, vn);
	buf[vn] = '\0';
	double v[4];
	char *q = buf;
	for (int i = 0; i < 4; i++) {
		while (*q == ' ' || *q == ',' || *q == '\t' || *q == '\n' || *q == '\r')
			q++;
		char *next;
		v[i] = strtod(q, &next);
		if (next == q)
			return false;
		q = next;
	}
	if (!(v[2] > 0 && v[3] > 0) || v[2] > 1e6 || v[3] > 1e6)
		return false;
	/* one given length scales the other by the viewBox's aspect ratio */
	if (svg_length(wv, wn, &fw))
		return px(fw, w) && px(fw * v[3] / v[2], h);
	if (svg_length(hv, hn, &fh))
		return px(fh, h) && px(fh * v[2] / v[3], w);
	return px(v[2], w) && px(v[3], h);
}

bool image_size(const unsigned char *data, size_t len, const char *media_type, long *w, long *h)
{
	long x = 0, y = 0;
	bool ok;
	if (!data || !media_type)
		return false;
	if (!strcmp(media_type, "image/png"))
		ok = png(data, len, &x, &y);
	else if (!strcmp(media_type, "image/jpeg"))
		ok = jpeg(data, len, &x, &y);
	else if (!strcmp(media_type, "image/gif"))
		ok = gif(data, len, &x, &y);
	else if (!strcmp(media_type, "image/webp"))
		ok = webp(data, len, &x, &y);
	else if (!strcmp(media_type, "image/svg+xml"))
		ok = svg(data, len, &x, &y);
	else
		ok = false;
	if (!ok || !sane(x, y))
		return false;
	*w = x, *h = y;
	return true;
}
