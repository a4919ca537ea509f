/* glob.c - file name patterns (see glob.h). */
#include "base/glob.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

#define GLOB_MAX_SEGS 256

/* Split s at '/' into at most max NUL-terminated segments in a copy
 * (*copy, to free); empty segments and "." are left out.  Returns the
 * count, or -1 when there are more than max. */
static int split(const char *s, char **copy, char **seg, int max)
{
	char *c = *copy = xstrdup(s);
	int n = 0;
	for (char *p = c; *p;) {
		char *e = strchr(p, '/');
		if (e)
			*e = '\0';
		if (*p && strcmp(p, ".")) {
			if (n == max)
				return -1;
			seg[n++] = p;
		}
		if (!e)
			break;
		p = e + 1;
	}
	return n;
}

bool glob_match(const char *pattern, const char *path)
{
	char *pc = NULL, *sc = NULL;
	char *ps[GLOB_MAX_SEGS], *ss[GLOB_MAX_SEGS];
	int np = split(pattern, &pc, ps, GLOB_MAX_SEGS);
	int ns = split(path, &sc, ss, GLOB_MAX_SEGS);
	bool ok = false;
	if (np >= 0 && ns >= 0) {
		/* m[i][j]: pattern segments i.. match path segments j.. (from the end) */
		size_t w = (size_t)ns + 1;
		bool *m = xcalloc(((size_t)np + 1) * w, sizeof *m);
		m[(size_t)np * w + (size_t)ns] = true;
		for (int i = np - 1; i >= 0; i--)
			for (int j = ns; j >= 0; j--) {
				bool v;
				if (!strcmp(ps[i], "**"))
					v = m[(size_t)(i + 1) * w + (size_t)j] || (j < ns && m[(size_t)i * w + (size_t)j + 1]);
				else
					v = j < ns && m[(size_t)(i + 1) * w + (size_t)j + 1] && fnmatch(ps[i], ss[j], 0) == 0;
				m[(size_t)i * w + (size_t)j] = v;
			}
		ok = m[0];
		free(m);
	}
	free(pc);
	free(sc);
	return ok;
}
