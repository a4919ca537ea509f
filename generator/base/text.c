/* text.c - hex digits and percent-decoding (see text.h). */
#include "base/text.h"

#include "base/buf.h"

int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *pct_decode(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		int h, l;
		if (s[i] == '%' && i + 2 < n && (h = hex_value((unsigned char)s[i + 1])) >= 0 &&
		    (l = hex_value((unsigned char)s[i + 2])) >= 0) {
			int c = h * 16 + l;
			if (!c) {
				buf_release(&b);
				return NULL;
			}
			buf_putc(&b, c);
			i += 2;
		} else {
			buf_putc(&b, s[i]);
		}
	}
	return buf_detach(&b, NULL);
}

bool text_is_date(const char *s)
{
	static const char *const shapes[] = { "dddd", "dddd-dd", "dddd-dd-dd" };
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
		const char *a = shapes[i], *p = s;
		while (*a && *p && (*a == 'd' ? (*p >= '0' && *p <= '9') : *p == *a))
			a++, p++;
		if (!*a && !*p)
			return true;
	}
	return false;
}
