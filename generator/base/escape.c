#include "base/escape.h"

#include <stdbool.h>

#include <string.h>

size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0];
	size_t len;
	uint32_t min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2, min = 0x80, c &= 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, min = 0x800, c &= 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, min = 0x10000, c &= 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

static const char replacement[] = "\xEF\xBF\xBD";

/* Unicode noncharacters (U+FDD0..U+FDEF, U+nFFFE and U+nFFFF on every
 * plane): HTML's parser reports them and XML readers may refuse them. */
static bool is_nonchar(uint32_t cp)
{
	return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

/* Bytes that end a run of text copied as it is: 1 for HTML (& < > " ',
 * control characters but tab, newline and CR, DEL, and every non-ASCII
 * byte, checked as UTF-8), 2 for JSON (" \\ < > &, every control
 * character, DEL, non-ASCII), 3 for both. */
static const unsigned char stop[256] = {
	['\0'] = 3, [1] = 3, [2] = 3, [3] = 3, [4] = 3, [5] = 3, [6] = 3, [7] = 3, [8] = 3,
	['\t'] = 2, ['\n'] = 2, [11] = 3, [12] = 3, ['\r'] = 2, [14] = 3, [15] = 3,
	[16] = 3, [17] = 3, [18] = 3, [19] = 3, [20] = 3, [21] = 3, [22] = 3, [23] = 3,
	[24] = 3, [25] = 3, [26] = 3, [27] = 3, [28] = 3, [29] = 3, [30] = 3, [31] = 3,
	['"'] = 3, ['&'] = 3, ['\''] = 1, ['<'] = 3, ['>'] = 3, ['\\'] = 2, [0x7F] = 3,
#define R16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
	[0x80] = R16(3), R16(3), R16(3), R16(3), R16(3), R16(3), R16(3), R16(3),
#undef R16
};

void esc_html(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0;
	buf_grow(out, len);
	while (i < len) {
		while (i < len && !(stop[p[i]] & 1))
			i++;
		if (i >= len)
			break;
		unsigned char c = p[i];
		const char *rep = NULL;
		size_t adv = 1;
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			if (c >= 0x80) {
				uint32_t cp;
				adv = utf8_decode(p + i, len - i, &cp);
				if (!adv) {
					rep = replacement;
					adv = 1;
				} else if (is_nonchar(cp) || (cp >= 0x80 && cp <= 0x9F)) {
					rep = replacement;
				}
			} else { /* a control character, DEL */
				rep = replacement;
			}
		}
		if (rep) {
			buf_add(out, s + start, i - start);
			buf_puts(out, rep);
			start = i + adv;
		}
		i += adv;
	}
	buf_add(out, s + start, len - start);
}

void esc_html_str(struct buf *out, const char *s)
{
	esc_html(out, s, strlen(s));
}

void esc_json(struct buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	buf_grow(out, len + 2);
	buf_putc(out, '"');
	size_t start = 0;
	for (size_t i = 0; i < len;) {
		while (i < len && !(stop[p[i]] & 2))
			i++;
		if (i >= len)
			break;
		buf_add(out, s + start, i - start);
		unsigned char c = p[i];
		uint32_t cp;
		size_t adv;
		if (c == '"' || c == '\\') {
			buf_putc(out, '\\');
			buf_putc(out, c);
			i++;
		} else if (c == '\n') {
			buf_puts(out, "\\n"), i++;
		} else if (c == '\t') {
			buf_puts(out, "\\t"), i++;
		} else if (c == '\r') {
			buf_puts(out, "\\r"), i++;
		} else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7F) {
			char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
			if (c < 0x20 || c == 0x7F) /* not allowed in XML: use U+FFFD */
				buf_puts(out, "\\ufffd");
			else
				buf_puts(out, u);
			i++;
		} else if ((adv = utf8_decode(p + i, len - i, &cp)) == 0) {
			buf_puts(out, "\\ufffd"), i++;
		} else if (cp == 0x2028 || cp == 0x2029) {
			buf_puts(out, cp == 0x2028 ? "\\u2028" : "\\u2029");
			i += adv;
		} else if (cp <= 0x9F || is_nonchar(cp)) {
			buf_puts(out, "\\ufffd"), i += adv;
		} else {
			buf_add(out, s + i, adv);
			i += adv;
		}
		start = i;
	}
	buf_add(out, s + start, len - start);
	buf_putc(out, '"');
}

static int is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

void esc_url(struct buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%' && i + 2 < len && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
			buf_putc(out, '%');
		} else if (c <= 0x20 || c >= 0x7F || strchr("\"<>\\^`{|}%", c)) {
			buf_putc(out, '%');
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 15]);
		} else {
			buf_putc(out, c);
		}
	}
}
