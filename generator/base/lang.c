/* lang.c - language tags (see lang.h). */
#include "base/lang.h"

#include <stddef.h>
#include <strings.h>

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

bool lang_is_bcp47(const char *tag)
{
	const char *p = tag;
	size_t n = 0;
	while (p[n] && p[n] != '-') {
		if (!is_alpha(p[n]))
			return false;
		n++;
	}
	if (!((n >= 2 && n <= 3) || (n >= 5 && n <= 8) ||
	      (n == 1 && (p[0] == 'x' || p[0] == 'X' || p[0] == 'i' || p[0] == 'I'))))
		return false;
	p += n;
	while (*p == '-') {
		p++;
		n = 0;
		while (p[n] && p[n] != '-') {
			if (!is_alnum(p[n]))
				return false;
			n++;
		}
		if (n < 1 || n > 8)
			return false;
		p += n;
	}
	return *p == '\0';
}

bool lang_is_english(const char *tag)
{
	return !tag || (strncasecmp(tag, "en", 2) == 0 && (tag[2] == '\0' || tag[2] == '-'));
}
