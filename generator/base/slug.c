#include "base/sorted.h"
#include "base/slug.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "base/buf.h"
#include "base/escape.h"
#include "base/xalloc.h"
#include "base/hash.h"

void slug_init(void)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
}

/* Decode one UTF-8 sequence; invalid bytes decode as U+FFFD, length 1. */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len = utf8_decode(s, n, cp);
	if (!len) {
		*cp = 0xFFFD;
		len = 1;
	}
	return len;
}

static void encode(struct buf *b, uint32_t c)
{
	char t[4];
	if (c < 0x80) {
		buf_putc(b, (int)c);
		return;
	}
	if (c < 0x800) {
		t[0] = (char)(0xC0 | (c >> 6));
		t[1] = (char)(0x80 | (c & 0x3F));
		buf_add(b, t, 2);
	} else if (c < 0x10000) {
		t[0] = (char)(0xE0 | (c >> 12));
		t[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		t[2] = (char)(0x80 | (c & 0x3F));
		buf_add(b, t, 3);
	} else {
		t[0] = (char)(0xF0 | (c >> 18));
		t[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		t[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		t[3] = (char)(0x80 | (c & 0x3F));
		buf_add(b, t, 4);
	}
}

/* Combining marks count as word characters (\p{M}). */
static int is_mark(uint32_t c)
{
	return (c >= 0x0300 && c <= 0x036F) || (c >= 0x0483 && c <= 0x0489) ||
	       (c >= 0x0591 && c <= 0x05BD) || (c >= 0x0610 && c <= 0x061A) ||
	       (c >= 0x064B && c <= 0x065F) || (c >= 0x0900 && c <= 0x0903) ||
	       (c >= 0x093A && c <= 0x094F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
	       (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
	       (c >= 0x3099 && c <= 0x309A) || (c >= 0xFE20 && c <= 0xFE2F);
}

char *slug_heading(const char *text, size_t len)
{
	struct buf b = BUF_INIT;
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	while (i < len) {
		uint32_t c;
		i += decode(s + i, len - i, &c);
		if (c == ' ') {
			buf_putc(&b, '-');
		} else if (c == '-' || c == '_' || (c < 0x80 && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))) {
			buf_putc(&b, (int)c);
		} else if (c >= 'A' && c <= 'Z') {
			buf_putc(&b, (int)(c + 32));
		} else if (c >= 0x80 && c != 0xFFFD && (iswalnum((wint_t)c) || is_mark(c))) {
			encode(&b, (uint32_t)towlower((wint_t)c));
		}
	}
	return buf_detach(&b, NULL);
}

/* Latin-1 supplement letters without their accents (0xC0..0xFF). */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "y",
};

char *slug_filename(const char *text, size_t len, const char *fallback)
{
	struct buf b = BUF_INIT;
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	int dash = 0;
	while (i < len) {
		uint32_t c;
		const char *rep = NULL;
		char one[2] = { 0, 0 };
		i += decode(s + i, len - i, &c);
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			one[0] = (char)c, rep = one;
		else if (c >= 'A' && c <= 'Z')
			one[0] = (char)(c + 32), rep = one;
		else if (c >= 0xC0 && c <= 0xFF)
			rep = latin1[c - 0xC0];
		else if (c == 0x152 || c == 0x153)
			rep = "oe";
		if (rep) {
			if (dash && b.len)
				buf_putc(&b, '-');
			dash = 0;
			buf_puts(&b, rep);
		} else if (c != '\'' && c != 0x2019) {
			dash = 1;
		}
	}
	if (b.len > 80) { /* keep file names short */
		buf_setlen(&b, 80);
		while (b.len && b.data[b.len - 1] == '-')
			buf_setlen(&b, b.len - 1);
	}
	if (!b.len) {
		buf_release(&b);
		return xstrdup(fallback);
	}
	return buf_detach(&b, NULL);
}

void slug_epub_id(struct buf *out, const char *id)
{
	unsigned char c = (unsigned char)id[0];
	if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
		buf_putc(out, '_');
	esc_html(out, id, strlen(id));
}

/* ---- id sets: open addressing on a string hash ------------------------ */

/* Per base, the suffix where the search for a free "base-K" resumes, so
 * that N equal headings cost O(N), not O(N^2): every "base-J" below it is
 * known to be taken (ids are never removed). */
struct idnext {
	char *base;
	unsigned next;
};

struct idset {
	char **slots;
	size_t cap, n;
	struct idnext *next; /* open addressing, ncap a power of two or 0 */
	size_t ncap, nn;
};


struct idset *idset_new(void)
{
	struct idset *s = xcalloc(1, sizeof *s);
	s->cap = 64;
	s->slots = xcalloc(s->cap, sizeof *s->slots);
	return s;
}

static void next_clear(struct idset *s)
{
	for (size_t i = 0; i < s->ncap; i++)
		free(s->next[i].base);
	free(s->next);
	s->next = NULL;
	s->ncap = s->nn = 0;
}

/* The resume counter of `base` (created at 1). */
static unsigned *next_of(struct idset *s, const char *base)
{
	if ((s->nn + 1) * 2 > s->ncap) {
		size_t cap = s->ncap ? s->ncap * 2 : 16;
		struct idnext *t = xcalloc(cap, sizeof *t);
		for (size_t i = 0; i < s->ncap; i++) {
			if (!s->next[i].base)
				continue;
			size_t j = hash_str(s->next[i].base) & (cap - 1);
			while (t[j].base)
				j = (j + 1) & (cap - 1);
			t[j] = s->next[i];
		}
		free(s->next);
		s->next = t;
		s->ncap = cap;
	}
	size_t i = hash_str(base) & (s->ncap - 1);
	while (s->next[i].base && strcmp(s->next[i].base, base) != 0)
		i = (i + 1) & (s->ncap - 1);
	if (!s->next[i].base) {
		s->next[i].base = xstrdup(base);
		s->next[i].next = 1;
		s->nn++;
	}
	return &s->next[i].next;
}

void idset_free(struct idset *s)
{
	if (!s)
		return;
	next_clear(s);
	for (size_t i = 0; i < s->cap; i++)
		free(s->slots[i]);
	free(s->slots);
	free(s);
}

bool idset_has(const struct idset *s, const char *id)
{
	for (size_t i = hash_str(id) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (!s->slots[i])
			return false;
		if (strcmp(s->slots[i], id) == 0)
			return true;
	}
}

static void insert(struct idset *s, char *id)
{
	if ((s->n + 1) * 2 > s->cap) {
		struct idset big = { .slots = xcalloc(s->cap * 2, sizeof(char *)), .cap = s->cap * 2 };
		for (size_t i = 0; i < s->cap; i++)
			if (s->slots[i])
				insert(&big, s->slots[i]);
		free(s->slots);
		s->slots = big.slots, s->cap = big.cap, s->n = big.n; /* s->next stays */
	}
	size_t i = hash_str(id) & (s->cap - 1);
	while (s->slots[i])
		i = (i + 1) & (s->cap - 1);
	s->slots[i] = id;
	s->n++;
}

char *idset_unique(struct idset *s, const char *base, const char *fallback)
{
	if (!*base)
		base = fallback;
	char *id = xstrdup(base);
	if (idset_has(s, id)) {
		unsigned *k = next_of(s, base);
		do {
			free(id);
			id = xasprintf("%s-%u", base, (*k)++);
		} while (idset_has(s, id));
	}
	insert(s, xstrdup(id));
	return id;
}

char **idset_take_sorted(struct idset *s, size_t *n)
{
	char **out = xmalloc((s->n ? s->n : 1) * sizeof *out);
	size_t k = 0;
	for (size_t i = 0; i < s->cap; i++)
		if (s->slots[i]) {
			out[k++] = s->slots[i];
			s->slots[i] = NULL;
		}
	s->n = 0;
	next_clear(s);
	qsort(out, k, sizeof *out, cmp_str_ptr);
	*n = k;
	return out;
}
