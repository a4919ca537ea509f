/* text.c - hex digits and percent-decoding (see text.h). */
#include "base/text.h"

#include <stdio.h>

#include "base/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

size_t text_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 256 || lb > 256)
		return SIZE_MAX;
	size_t rows[3][257]; /* i-2, i-1, i */
	for (size_t j = 0; j <= lb; j++)
		rows[1][j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t *cur = rows[(i + 1) % 3], *prev = rows[i % 3], *pp = rows[(i + 2) % 3];
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < best)
				best = pp[j - 2] + 1;
			cur[j] = best;
		}
	}
	return rows[(la + 1) % 3][lb];
}

const char *text_closest(const char *k, const char *const *cand, size_t n, size_t maxd)
{
	const char *best = NULL;
	size_t bestd = maxd + 1;
	size_t lk = strlen(k);
	for (size_t i = 0; i < n; i++) {
		size_t lc = strlen(cand[i]);
		if ((lc > lk ? lc - lk : lk - lc) > maxd)
			continue; /* cannot be close: skip the work */
		size_t d = text_distance(k, cand[i]);
		if (d < bestd)
			bestd = d, best = cand[i];
	}
	return best;
}

char *path_relative(const char *dir, const char *path)
{
	const char *d = dir, *p = path;
	/* drop the leading folders both have */
	for (;;) {
		size_t dn = strcspn(d, "/"), pn = strcspn(p, "/");
		if (!dn || p[pn] != '/' || dn != pn || strncmp(d, p, dn))
			break;
		d += dn + (d[dn] == '/');
		p += pn + 1;
	}
	struct buf o = BUF_INIT;
	for (; *d; d += strcspn(d, "/") + (d[strcspn(d, "/")] == '/'))
		buf_puts(&o, "../");
	buf_puts(&o, p);
	return buf_detach(&o, NULL);
}


char *path_href(const char *from, const char *to)
{
	const char *slash = strrchr(from, '/');
	size_t n = slash ? (size_t)(slash - from) : 0;
	char dir_small[256];
	char *dir = n < sizeof dir_small ? dir_small : malloc(n + 1);
	if (!dir)
		abort();
	memcpy(dir, from, n);
	dir[n] = '\0';
	char *r = path_relative(dir, to);
	if (dir != dir_small)
		free(dir);
	return r;
}

char *text_size(char buf[32], unsigned long long bytes)
{
	if (bytes < 1024)
		snprintf(buf, 32, "%llu bytes", bytes);
	else if (bytes < 1024ull * 1024)
		snprintf(buf, 32, "%.1f KB", (double)bytes / 1024);
	else if (bytes < 1024ull * 1024 * 1024)
		snprintf(buf, 32, "%.1f MB", (double)bytes / (1024.0 * 1024));
	else
		snprintf(buf, 32, "%.1f GB", (double)bytes / (1024.0 * 1024 * 1024));
	return buf;
}
