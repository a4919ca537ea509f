/* lang.c - language tags (see lang.h). */
#include "base/lang.h"

#include <stddef.h>
#include <string.h>
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

bool lang_is_rtl(const char *tag)
{
	/* ISO 15924 scripts written right to left */
	static const char *const scripts[] = {
		"Adlm", "Arab", "Aran", "Armi", "Avst", "Cprt", "Hatr", "Hebr", "Khar", "Lydi", "Mand", "Mani",
		"Mend", "Narb", "Nbat", "Nkoo", "Orkh", "Palm", "Phli", "Phlp", "Phnx", "Prti", "Rohg", "Samr",
		"Sarb", "Sogd", "Sogo", "Syrc", "Thaa", "Yezi", NULL,
	};
	/* languages whose usual script is one of those (ISO 639) */
	static const char *const langs[] = {
		"ar", "arc", "arz", "apc", "acm", "acw", "afb", "ajp", "arq", "ars", "ary", "aeb", "ayl",
		"azb", "bal", "bqi", "ckb", "dv", "fa", "glk", "he", "iw", "ji", "khw", "ks", "lrc", "mzn",
		"nqo", "pnb", "prs", "ps", "sd", "skr", "syr", "ug", "ur", "yi", NULL,
	};
	if (!tag || !lang_is_bcp47(tag))
		return false;
	size_t n = 0;
	while (tag[n] && tag[n] != '-')
		n++;
	for (const char *p = tag + n; *p == '-';) { /* a script subtag: four letters */
		p++;
		size_t k = 0;
		while (p[k] && p[k] != '-')
			k++;
		if (k == 4 && is_alpha(p[0])) {
			for (int i = 0; scripts[i]; i++)
				if (!strncasecmp(p, scripts[i], 4))
					return true;
			return false;
		}
		if (k == 1) /* an extension or private use: no script after it */
			break;
		p += k;
	}
	for (int i = 0; langs[i]; i++)
		if (strlen(langs[i]) == n && !strncasecmp(tag, langs[i], n))
			return true;
	return false;
}
