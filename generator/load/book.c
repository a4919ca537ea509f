/* book.c - the load stage: book.yaml and every chapter's front matter. */
#include "model/book.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/escape.h"
#include "base/glob.h"
#include "base/lang.h"
#include "base/sorted.h"
#include "base/text.h"
#include "base/media.h"
#include "base/pool.h"
#include "load/frontmatter.h"
#include "load/include.h"
#include "load/toc.h"
#include "write/fsx.h"
#include "base/slug.h"
#include "model/ui.h"
#include "base/xalloc.h"

/* book.yaml's keys: each a text field of struct book (checked further
 * below where a key needs more than text).  The one list: unknown-key
 * warnings and their suggestions come from it too. */
static const struct {
	const char *key;
	size_t off;
} book_fields[] = {
#define F(k) { #k, offsetof(struct book, k) }
	F(title), F(subtitle), F(author), F(language), F(description), F(base_url), F(license),
	F(theme), F(identifier), F(cover), F(date), F(publisher), F(slug), F(edit_url), F(src), F(direction),
#undef F
};
#define NBOOK_FIELDS (sizeof book_fields / sizeof *book_fields)
/* The front matter keys folio reads; every other key is the page's own
 * data (chapter->extra).  A key one typo away from one of chapter_keys
 * (these, and keys other tools read that books commonly carry) is a
 * warning. */
static const char *const chapter_read[] = {
	"title", "order", "weight", "sidebar_position", "nav_order", "summary", "slug", "draft",
	"description", "reviewed", NULL,
};
static const char *const chapter_keys[] = {
	"title", "order", "weight", "sidebar_position", "nav_order", "summary", "slug", "draft", "tags", "date",
	"description", "reviewed", NULL,
};

/* ---- helpers ----------------------------------------------------------- */

static int cmp_path(const void *a, const void *b)
{
	const struct chapter *x = *(struct chapter *const *)a, *y = *(struct chapter *const *)b;
	return strcmp(x->path, y->path);
}

static int key_chapter(const void *key, const void *elem)
{
	return strcmp(key, (*(struct chapter *const *)elem)->path);
}

static int key_asset(const void *key, const void *elem)
{
	return strcmp(key, (*(struct asset *const *)elem)->path);
}

/* by_path hashed by path: the link stage looks a page up for every link,
 * and a binary search over 10,000 chapters' paths is 14 string compares in
 * 14 places of memory (about 3 us a link); a slot holds the hash, so a
 * lookup reads one path.  Open addressing, at most half full. */
struct path_slot {
	uint32_t hash;
	uint32_t at; /* index in by_path + 1; 0: empty */
};

static void index_paths(struct book *b)
{
	free(b->path_index);
	b->path_index = NULL;
	if (b->nby_path < 16 || b->nby_path >= UINT32_MAX / 4)
		return; /* a binary search is as quick */
	size_t size = 32;
	while (size < 2 * b->nby_path)
		size *= 2;
	b->path_index = xcalloc(size, sizeof *b->path_index);
	b->path_mask = size - 1;
	for (size_t i = 0; i < b->nby_path; i++) {
		uint32_t h = (uint32_t)hash_str(b->by_path[i]->path);
		size_t k = h & b->path_mask;
		while (b->path_index[k].at)
			k = (k + 1) & b->path_mask;
		b->path_index[k] = (struct path_slot){ h, (uint32_t)i + 1 };
	}
}

struct chapter *book_find(const struct book *b, const char *path)
{
	if (b->path_index) {
		uint32_t h = (uint32_t)hash_str(path);
		for (size_t k = h & b->path_mask; b->path_index[k].at; k = (k + 1) & b->path_mask)
			if (b->path_index[k].hash == h && !strcmp(b->by_path[b->path_index[k].at - 1]->path, path))
				return b->by_path[b->path_index[k].at - 1];
		return NULL;
	}
	size_t i = lower_bound(b->by_path, b->nby_path, sizeof *b->by_path, path, key_chapter);
	return i < b->nby_path && !strcmp(b->by_path[i]->path, path) ? b->by_path[i] : NULL;
}

struct asset *book_add_asset(struct book *b, const char *path, struct pos use)
{
	size_t lo = lower_bound(b->assets, b->nassets, sizeof *b->assets, path, key_asset);
	if (lo < b->nassets && !strcmp(b->assets[lo]->path, path))
		return b->assets[lo];
	b->assets = xgrow(b->assets, &b->assets_cap, b->nassets + 1, sizeof *b->assets);
	memmove(b->assets + lo + 1, b->assets + lo, (b->nassets - lo) * sizeof *b->assets);
	struct asset *a = xcalloc(1, sizeof *a);
	a->path = xstrdup(path);
	a->out = asset_out_name(path);
	a->media_type = xstrdup(media_type(path));
	a->is_image = strncmp(a->media_type, "image/", 6) == 0;
	a->in_epub = a->is_image;
	a->first_use = use;
	b->assets[lo] = a;
	b->nassets++;
	return a;
}

/* Line and column (in characters) of byte `at` of valid UTF-8 text. */
static struct pos text_pos(const char *file, const unsigned char *s, size_t at)
{
	unsigned line = 1, col = 1;
	for (size_t i = 0; i < at; i++)
		if (s[i] == '\n')
			line++, col = 1;
		else if ((s[i] & 0xC0) != 0x80)
			col++;
	return (struct pos){ file, line, col };
}

/* Replace invalid UTF-8 with U+FFFD (warning at the first bad byte) and
 * refuse NUL bytes (error).  ASCII is skipped eight bytes at a time: a
 * chapter is checked at the speed of memory.  Returns 0 or -1. */
static int check_text(struct diags *d, const char *file, char **text, size_t *len);

int load_check_text(struct book *bk, const char *file, char **text, size_t *len)
{
	return check_text(bk->diags, file, text, len);
}

static int check_text(struct diags *d, const char *file, char **text, size_t *len)
{
	const unsigned char *s = (const unsigned char *)*text;
	size_t n = *len, i = 0;
	bool bad = false;
	struct buf b = BUF_INIT;
	const char *nul = memchr(*text, '\0', n);
	if (nul) {
		unsigned line = 1, col = 1;
		for (const char *p = *text; p < nul; p++)
			if (*p == '\n')
				line++, col = 1;
			else
				col++;
		return diag_error(d, (struct pos){ file, line, col }, "file contains a NUL byte (is it a text file?)");
	}
	while (i < n) {
		if (!bad) {
			while (i + 8 <= n) {
				uint64_t w;
				memcpy(&w, s + i, 8);
				if (w & 0x8080808080808080ull)
					break;
				i += 8;
			}
			while (i < n && s[i] < 0x80)
				i++;
			if (i >= n)
				break;
		}
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (!k) {
			if (!bad) {
				diag_warning(d, text_pos(file, s, i), "invalid UTF-8; bad bytes replaced with U+FFFD");
				buf_add(&b, s, i);
				bad = true;
			}
			buf_puts(&b, "\xEF\xBF\xBD");
			k = 1;
		} else if (bad) {
			buf_add(&b, s + i, k);
		}
		i += k;
	}
	if (bad) {
		free(*text);
		*text = buf_detach(&b, len);
	}
	return 0;
}

/* ---- book.yaml --------------------------------------------------------- */

bool book_has_title(const struct book *b)
{
	if (!b->title)
		return false;
	for (const char *p = b->title; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return true;
	return false;
}

const char *book_cover_check(const char *source, const char *cover, char **norm)
{
	*norm = NULL;
	char *p = path_resolve("", cover);
	char *full = p && *p ? path_join(source, p) : NULL;
	const char *why = NULL;
	if (!p || !*p)
		why = "must be a relative path inside the book folder";
	else if (!media_is_cover(media_type(p)))
		why = "must be a PNG or JPEG image";
	else if (!is_regular_file(full))
		why = "is missing (no such file)";
	else if (!path_is_inside(source, full))
		why = "is a symbolic link to a file outside the book folder";
	if (why)
		free(p);
	else
		*norm = p;
	free(full);
	return why;
}

/* What book.yaml holds that is read once the chapters' folder is known. */
struct later {
	struct ynode *toc;     /* toc: */
	struct ynode *statics; /* static: */
};

/* book.yaml's redirects: key, as the file written in the site
 * ("old/page.html"; a folder "old/" or "old" gets its index.html), or
 * NULL with *why. */
static char *redirect_from(const char *key, const char **why)
{
	const char *k = key + strspn(key, "/");
	if (strpbrk(k, "?#")) {
		*why = "is an address with a ?query or #fragment; write the old page's path only";
		return NULL;
	}
	char *raw = pct_decode(k, strlen(k));
	char *p = raw ? path_resolve("", raw) : NULL;
	size_t n = raw ? strlen(raw) : 0;
	bool dir = !n || raw[n - 1] == '/';
	free(raw);
	if (!p) {
		*why = "must be a path inside the site";
		return NULL;
	}
	const char *last = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
	size_t ln = strlen(last);
	char *out = NULL;
	if (dir || !*p || !strchr(last, '.'))
		out = *p ? xasprintf("%s/index.html", p) : xstrdup("index.html");
	else if ((ln > 5 && !strcasecmp(last + ln - 5, ".html")) || (ln > 4 && !strcasecmp(last + ln - 4, ".htm")))
		out = xstrdup(p);
	else
		*why = "must name a page (old/page.html) or a folder (old/)";
	free(p);
	return out;
}

static int read_redirects(struct book *b, const struct fm_entry *e)
{
	const struct ynode *m = e->tree;
	if (e->kind == FM_NULL)
		return 0;
	if (!m || m->kind != Y_MAP)
		return diag_error(b->diags, e->val_pos, "redirects must be a mapping of old paths to new pages "
							"(old/page.html: new/page.md)");
	int rc = 0;
	b->redirects = xcalloc(m->n + 1, sizeof *b->redirects);
	for (size_t i = 0; i < m->n; i++) {
		const char *why = NULL;
		const struct ynode *v = m->items[i];
		char *from = redirect_from(m->keys[i], &why);
		if (!from) {
			rc = diag_error(b->diags, m->key_pos[i], "redirect from '%s' %s", m->keys[i], why);
			continue;
		}
		if (v->kind != Y_SCALAR || ynode_is_null(v) || !*v->value) {
			rc = diag_error(b->diags, v->pos, "redirect from '%s' needs the page it goes to (new/page.md)", m->keys[i]);
			free(from);
			continue;
		}
		struct redirect *r = &b->redirects[b->nredirects++];
		r->from = from;
		r->pos = m->key_pos[i];
		r->target = xstrdup(v->value);
		r->to.url = r->target;
		r->to.pos = v->pos;
	}
	return rc;
}

static int read_exclude(struct book *b, struct fm_entry *e)
{
	if (e->kind == FM_NULL)
		return 0;
	if (e->kind != FM_SCALAR && e->kind != FM_LIST)
		return diag_error(b->diags, e->val_pos, "exclude must be a pattern or a list of patterns (drafts/**, *.tmp.md)");
	size_t n = e->kind == FM_LIST ? e->nitems : 1;
	int rc = 0;
	b->exclude = xcalloc(n + 1, sizeof *b->exclude);
	for (size_t i = 0; i < n; i++) {
		const char *v = e->kind == FM_LIST ? e->items[i] : e->value;
		struct pos at = e->kind == FM_LIST ? e->tree->items[i]->pos : e->val_pos;
		while (v[0] == '.' && v[1] == '/')
			v += 2;
		v += strspn(v, "/");
		size_t len = strlen(v);
		bool dirs = len && v[len - 1] == '/';
		while (len && v[len - 1] == '/')
			len--;
		if (!len) {
			rc = diag_error(b->diags, at, "empty exclude pattern");
			continue;
		}
		struct exclude *x = &b->exclude[b->nexclude++];
		x->pattern = xstrndup(v, len);
		x->dirs_only = dirs;
		x->pos = at;
	}
	return rc;
}

/* book.yaml 'limits:' (model/limits.h), a mapping read from the entry's
 * tree: whole numbers; a size may end in KB, MB or GB (1024, 1024^2,
 * 1024^3 bytes).  Returns 0 or -1. */
static int load_limits(struct book *b, const struct fm_entry *e)
{
	static const struct {
		const char *key;
		size_t off;
		bool size;
	} keys[] = {
		{ "chapter_size", offsetof(struct limits, chapter_size), true },
		{ "table_columns", offsetof(struct limits, table_columns), false },
		{ "table_cells", offsetof(struct limits, table_cells), false },
		{ "image_size", offsetof(struct limits, image_size), true },
		{ "title_length", offsetof(struct limits, title_length), false },
		{ "summary_length", offsetof(struct limits, summary_length), false },
	};
	enum { NKEYS = sizeof keys / sizeof *keys };
	const struct ynode *m = e->tree;
	if (e->kind != FM_TREE || !m || m->kind != Y_MAP)
		return diag_error(b->diags, e->val_pos.line ? e->val_pos : e->key_pos,
				  "'limits' must be a mapping of limits, e.g. 'limits: {chapter_size: 16 MB}'");
	const char *known[NKEYS + 1] = { NULL };
	for (size_t k = 0; k < NKEYS; k++)
		known[k] = keys[k].key;
	int rc = 0;
	for (size_t i = 0; i < m->n; i++) {
		const char *key = m->keys[i];
		const struct ynode *x = m->items[i];
		size_t k = 0;
		while (k < NKEYS && strcmp(key, keys[k].key))
			k++;
		if (k == NKEYS) {
			const char *best = fm_closest_key(key, known);
			if (best)
				diag_warning(b->diags, m->key_pos[i], "unknown key '%s' in limits; did you mean '%s'?", key, best);
			else
				diag_warning(b->diags, m->key_pos[i], "unknown key '%s' in limits (ignored)", key);
			continue;
		}
		bool scalar = x->kind == Y_SCALAR && !ynode_is_null(x);
		const char *v = scalar ? x->value : "";
		char *end;
		errno = 0;
		unsigned long long n = *v >= '0' && *v <= '9' ? strtoull(v, &end, 10) : 0;
		unsigned shift = 0;
		if (n) {
			while (*end == ' ')
				end++;
			if (keys[k].size && *end)
				shift = !strcmp(end, "KB") ? 10 : !strcmp(end, "MB") ? 20 : !strcmp(end, "GB") ? 30 : 99;
			else if (*end)
				shift = 99;
		}
		if (!n || errno || shift == 99 || n > (SIZE_MAX >> shift)) {
			rc = diag_error(b->diags, x->pos.line ? x->pos : m->key_pos[i],
					"'%s' must be a whole number above 0%s, not %s%s%s", key,
					keys[k].size ? " (bytes, or with KB, MB or GB)" : "", scalar ? "'" : "",
					scalar ? v : x->kind == Y_SEQ ? "a list" : x->kind == Y_MAP ? "a mapping" : "empty",
					scalar ? "'" : "");
			continue;
		}
		*(size_t *)((char *)&b->limits + keys[k].off) = (size_t)(n << shift);
	}
	return rc;
}

static int load_book_yaml(struct book *b, struct later *later)
{
	char *text = NULL;
	size_t len;
	struct fm f = { 0 };
	int rc = -1;
	struct pos top = { b->yaml_file, 0, 0 }, cover_pos = { 0 };

	if (is_regular_file(b->yaml_file) && !path_is_inside(b->root, b->yaml_file))
		return diag_error(b->diags, top, "book.yaml is a symbolic link to a file outside the book folder; "
						  "folio reads nothing outside it (copy the file into the book)");
	if (read_file_max(b->yaml_file, SMALL_FILE_MAX, &text, &len)) {
		if (errno == ENOENT)
			return diag_error(b->diags, top, "no book.yaml: every book needs one, with at least 'title: …'");
		return diag_error(b->diags, top, "cannot read: %s", read_error(b->yaml_file, errno));
	}
	if (load_check_text(b, b->yaml_file, &text, &len))
		goto out;
	if (fm_parse(b->diags, b->yaml_file, text, len, 1, &f))
		goto out;
	const char *known[NBOOK_FIELDS + 7];
	for (size_t k = 0; k < NBOOK_FIELDS; k++)
		known[k] = book_fields[k].key;
	known[NBOOK_FIELDS] = "authors";
	known[NBOOK_FIELDS + 1] = "toc";
	known[NBOOK_FIELDS + 2] = "exclude";
	known[NBOOK_FIELDS + 3] = "static";
	known[NBOOK_FIELDS + 4] = "redirects";
	known[NBOOK_FIELDS + 5] = "limits";
	known[NBOOK_FIELDS + 6] = NULL;
	fm_check_keys(b->diags, &f, known, "book.yaml");
	rc = 0;
	for (size_t i = 0; i < f.n; i++) {
		struct fm_entry *e = &f.e[i];
		char **dst = NULL;
		if (!strcmp(e->key, "authors")) { /* a list, as mdBook's book.toml has it (or one name) */
			if (e->kind == FM_LIST) {
				for (size_t k = 0; k < e->nitems; k++)
					if (*e->items[k]) {
						b->authors = xrealloc(b->authors, (b->nauthors + 1) * sizeof *b->authors);
						b->authors[b->nauthors++] = xstrdup(e->items[k]);
					}
			} else if (e->kind == FM_SCALAR && *e->value) {
				b->authors = xmalloc(sizeof *b->authors);
				b->authors[0] = xstrdup(e->value);
				b->nauthors = 1;
			}
			continue;
		}
		if (!strcmp(e->key, "toc") || !strcmp(e->key, "static")) { /* read once src: is known */
			if (e->kind == FM_NULL)
				continue;
			if (!strcmp(e->key, "toc") && e->kind != FM_LIST && e->kind != FM_TREE) {
				rc = diag_error(b->diags, e->val_pos, "toc must be a list of chapters (- intro.md, - file: x.md …)");
				continue;
			}
			if (!strcmp(e->key, "static") && e->kind != FM_LIST && e->kind != FM_SCALAR) {
				rc = diag_error(b->diags, e->val_pos, "static must be a path or a list of paths (CNAME, public)");
				continue;
			}
			struct ynode **to = !strcmp(e->key, "toc") ? &later->toc : &later->statics;
			*to = fm_entry_take(e);
			if (to == &later->toc)
				b->toc_pos = e->key_pos;
			continue;
		}
		if (!strcmp(e->key, "exclude")) {
			if (read_exclude(b, e))
				rc = -1;
			continue;
		}
		if (!strcmp(e->key, "redirects")) {
			if (read_redirects(b, e))
				rc = -1;
			continue;
		}
		if (!strcmp(e->key, "limits")) {
			if (load_limits(b, e))
				rc = -1;
			continue;
		}
		if (!strcmp(e->key, "src") && e->kind == FM_SCALAR && *e->value) {
			char *p = path_resolve("", e->value);
			char *full = p ? path_join(b->root, p) : NULL;
			if (!p || !is_directory(full) || !path_is_inside(b->root, full))
				rc = diag_error(b->diags, e->val_pos, "src '%s' must be a folder inside the book folder (where book.yaml is)",
						e->value);
			else if (*p)
				b->src = xstrdup(p);
			free(p);
			free(full);
			continue;
		}
		for (size_t k = 0; k < NBOOK_FIELDS && !dst; k++)
			if (!strcmp(e->key, book_fields[k].key))
				dst = (char **)((char *)b + book_fields[k].off);
		if (!dst || e->kind == FM_NULL)
			continue;
		if (fm_get_string(b->diags, e, dst)) {
			rc = -1;
			continue;
		}
		if (!**dst) {
			free(*dst);
			*dst = NULL;
		}
		if (dst == &b->language && *dst && !lang_is_bcp47(*dst)) {
			rc = diag_error(b->diags, e->val_pos, "'%s' is not a valid language tag (BCP 47, e.g. en, en-GB, fr)", *dst);
		} else if (dst == &b->edit_url && *dst) {
			if (strncmp(*dst, "https://", 8) && strncmp(*dst, "http://", 7))
				rc = diag_error(b->diags, e->val_pos, "edit_url must start with https:// or http://");
			else if (!strstr(*dst, "{path}"))
				rc = diag_error(b->diags, e->val_pos, "edit_url needs {path} where the chapter's file goes "
							    "(e.g. https://github.com/me/book/edit/main/content/{path})");
		} else if (dst == &b->base_url && *dst) {
			if (strncmp(*dst, "https://", 8) && strncmp(*dst, "http://", 7)) {
				rc = diag_error(b->diags, e->val_pos, "base_url must start with https:// or http://");
			} else if ((*dst)[strlen(*dst) - 1] != '/') {
				char *t = xasprintf("%s/", *dst);
				free(*dst);
				*dst = t;
			}
		} else if (dst == &b->cover && *dst) {
			char *norm;
			const char *why = book_cover_check(b->source, *dst, &norm);
			if (why) {
				rc = diag_error(b->diags, e->val_pos, "cover '%s' %s", *dst, why);
			} else {
				free(*dst);
				*dst = norm;
				cover_pos = e->val_pos;
			}
		} else if (dst == &b->direction && *dst) {
			if (strcasecmp(*dst, "rtl") && strcasecmp(*dst, "ltr")) {
				rc = diag_error(b->diags, e->val_pos, "direction must be rtl (right to left) or ltr, not '%s'", *dst);
				free(*dst);
				*dst = NULL;
			} else {
				for (char *q = *dst; *q; q++)
					*q = (char)(*q | 0x20);
			}
		} else if (dst == &b->slug && *dst) {
			char *s = slug_filename(*dst, strlen(*dst), "book");
			free(*dst);
			*dst = s;
		}
	}
	if (!book_has_title(b))
		rc = diag_error(b->diags, (struct pos){ b->yaml_file, 1, 1 }, "book.yaml has no 'title'");
	if (b->cover && cover_pos.line) { /* once 'limits:' is known, wherever it stands */
		char *full = path_join(b->source, b->cover);
		struct stat st;
		char has[32], max[32];
		if (stat(full, &st) == 0 && (unsigned long long)st.st_size > b->limits.image_size)
			rc = diag_error(b->diags, cover_pos, "cover is too large: %s, the limit is %s (book.yaml: limits: image_size)",
					text_size(has, (unsigned long long)st.st_size), text_size(max, b->limits.image_size));
		free(full);
	}
	if (b->nauthors && !b->author) { /* the authors, joined, wherever one line shows them */
		struct buf a = BUF_INIT;
		for (size_t k = 0; k < b->nauthors; k++)
			buf_printf(&a, "%s%s", k ? ", " : "", b->authors[k]);
		b->author = buf_detach(&a, NULL);
	} else if (b->author && !b->nauthors) {
		b->authors = xmalloc(sizeof *b->authors);
		b->authors[0] = xstrdup(b->author);
		b->nauthors = 1;
	}
	if (!b->language)
		b->language = xstrdup("en");
	b->rtl = b->direction ? !strcmp(b->direction, "rtl") : lang_is_rtl(b->language);
	if (!b->theme)
		b->theme = xstrdup("default");
	if (!b->slug && b->title)
		b->slug = slug_filename(b->title, strlen(b->title), "book");
out:
	fm_release(&f);
	free(text);
	return rc;
}

/* ---- chapters ----------------------------------------------------------- */

struct pathlist {
	char **v;
	size_t n, cap;
};

/* Does folder `dir` hold a cache directory tag (bford.net/projects/cachedir:
 * cargo's target/, and other build tools' caches)? */
static bool is_cache_dir(const char *dir)
{
	static const char sig[] = "Signature: 8a477f597d28d172789f06886806bc55";
	char *tag = path_join(dir, "CACHEDIR.TAG");
	char *text = NULL;
	size_t len = 0;
	bool yes = read_file_max(tag, 4096, &text, &len) == 0 && len >= sizeof sig - 1 &&
		   !memcmp(text, sig, sizeof sig - 1);
	free(text);
	free(tag);
	return yes;
}

static const char *skipped(struct book *b, const char *path, bool is_dir, bool statics);

const char *book_skipped(struct book *b, const char *path, bool is_dir)
{
	return skipped(b, path, is_dir, true);
}

const char *book_file_skipped(struct book *b, const char *path)
{
	char *p = xstrdup(path);
	const char *why = NULL;
	for (char *q = p; !why && (q = strchr(q, '/')); q++) { /* the folders it is in, outermost first */
		*q = '\0';
		why = skipped(b, p, true, false);
		*q = '/';
	}
	free(p);
	return why ? why : skipped(b, path, false, false);
}

static const char *skipped(struct book *b, const char *path, bool is_dir, bool statics)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if (is_dir) {
		if (!strcmp(base, "node_modules"))
			return "folio never reads node_modules/ (npm's packages)";
		if (!strcmp(base, "_drafts"))
			return "folio never reads _drafts/ (Jekyll's unpublished drafts)";
		char *full = path_join(b->source, path);
		char *state = path_join(full, ".folio-state");
		bool out = is_regular_file(state), cache = !out && is_cache_dir(full);
		free(state);
		free(full);
		if (out)
			return "it is folio's own output folder (it has a .folio-state)";
		if (cache)
			return "it is a cache folder (it has a CACHEDIR.TAG, like cargo's target/)";
	}
	for (size_t i = 0; statics && i < b->nstatic_roots; i++)
		if (!strcmp(b->static_roots[i], path))
			return "book.yaml's static: copies it as it is";
	for (size_t i = 0; i < b->nexclude; i++) {
		struct exclude *x = &b->exclude[i];
		if ((is_dir || !x->dirs_only) && glob_match(x->pattern, path)) {
			if (!b->exclude_checked)
				x->used = true;
			return "book.yaml's exclude: matches it";
		}
	}
	return NULL;
}

static void walk(struct book *b, const char *source, const char *real_source, const char *rel, struct pathlist *out, int depth)
{
	char *dir = *rel ? path_join(source, rel) : xstrdup(source);
	DIR *d = opendir(dir);
	if (!d) {
		diag_error(b->diags, (struct pos){ dir, 0, 0 }, "cannot read folder: %s", strerror(errno));
		free(dir);
		return;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		if (name[0] == '.')
			continue; /* ., .., hidden files and folders */
		char *r = path_join(rel, name);
		char *full = path_join(source, r);
		struct stat st;
		/* readdir's d_type spares a regular file or a folder its lstat
		 * (as git's and find's walks do); anything else is looked at */
		if (de->d_type == DT_REG || de->d_type == DT_DIR) {
			st.st_mode = de->d_type == DT_REG ? S_IFREG : S_IFDIR;
		} else if (lstat(full, &st) != 0) {
			diag_error(b->diags, (struct pos){ full, 0, 0 }, "cannot read: %s", strerror(errno));
			goto next;
		}
		if (S_ISLNK(st.st_mode)) {
			char *target = realpath(full, NULL);
			size_t rl = strlen(real_source);
			bool inside = target && strncmp(target, real_source, rl) == 0 &&
				      (target[rl] == '/' || target[rl] == '\0');
			if (!inside) {
				if (strlen(name) > 3 && !strcmp(name + strlen(name) - 3, ".md")) {
					const char *k = target ? "symbolic link points outside the book folder" : file_kind(full);
					if (!strncmp(k, "a ", 2))
						k += 2; /* "symbolic link loop", "symbolic link to nothing" */
					diag_warning(b->diags, (struct pos){ full, 0, 0 }, "%s; not followed", k);
				}
				free(target);
				goto next;
			}
			free(target);
			if (stat(full, &st) != 0 || S_ISDIR(st.st_mode)) {
				if (S_ISDIR(st.st_mode))
					diag_warning(b->diags, (struct pos){ full, 0, 0 },
						     "symbolic link to a folder; not followed");
				goto next;
			}
		}
		if ((S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)) && book_skipped(b, r, S_ISDIR(st.st_mode)))
			goto next;
		if (S_ISDIR(st.st_mode)) {
			if (depth > 64)
				diag_warning(b->diags, (struct pos){ full, 0, 0 }, "folders nested too deep; not read");
			else
				walk(b, source, real_source, r, out, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			size_t n = strlen(name);
			if (n > 3 && strcmp(name + n - 3, ".md") == 0) {
				out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
				out->v[out->n++] = r;
				r = NULL;
			}
		} else if (strlen(name) > 3 && !strcmp(name + strlen(name) - 3, ".md")) { /* a FIFO, a device… */
			diag_warning(b->diags, (struct pos){ full, 0, 0 }, "%s, not a regular file; not read as a chapter",
				     file_kind(full));
		}
next:
		free(r);
		free(full);
	}
	closedir(d);
	free(dir);
}

/* ---- static: ------------------------------------------------------------ */

#define STATIC_MAX_FILES 100000

static void add_static(struct book *b, size_t *cap, const char *path, const char *out, struct pos pos)
{
	b->statics = xgrow(b->statics, cap, b->nstatics + 1, sizeof *b->statics);
	b->statics[b->nstatics++] = (struct static_file){ xstrdup(path), xstrdup(out), pos };
}

/* Every file under the folder `rel` (from the book folder), hidden ones included
 * (.nojekyll, .well-known/), .git/ left out; symbolic links followed when
 * they stay inside the book.  `out` is the folder's name in the site. */
static int static_walk(struct book *b, size_t *cap, const char *rel, const char *out, struct pos pos, int depth)
{
	char *dir = path_join(b->root, rel);
	DIR *d = opendir(dir);
	int rc = 0;
	if (!d) {
		rc = diag_error(b->diags, pos, "cannot read folder '%s': %s", dir, strerror(errno));
		free(dir);
		return rc;
	}
	struct dirent *de;
	while (rc == 0 && (de = readdir(d))) {
		const char *name = de->d_name;
		if (!strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, ".git"))
			continue;
		char *r = path_join(rel, name), *o = path_join(out, name), *full = path_join(b->root, r);
		struct stat st;
		if (stat(full, &st) != 0) {
			diag_warning(b->diags, pos, "'%s' (in static: '%s') cannot be read: %s; not copied", r, rel, strerror(errno));
		} else if (!path_is_inside(b->root, full)) {
			diag_warning(b->diags, pos, "'%s' is a symbolic link out of the book folder; not copied", r);
		} else if (S_ISDIR(st.st_mode)) {
			if (depth >= 64)
				rc = diag_error(b->diags, pos, "static: folder '%s' is nested too deep", rel);
			else
				rc = static_walk(b, cap, r, o, pos, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			if (b->nstatics >= STATIC_MAX_FILES)
				rc = diag_error(b->diags, pos, "static: names more than %d files", STATIC_MAX_FILES);
			else
				add_static(b, cap, r, o, pos);
		}
		free(r);
		free(o);
		free(full);
	}
	closedir(d);
	free(dir);
	return rc;
}

static int cmp_static(const void *a, const void *b)
{
	const struct static_file *x = a, *y = b;
	int c = strcasecmp(x->out, y->out);
	return c ? c : strcmp(x->out, y->out);
}

/* book.yaml's static: (a path or a list of paths, from SOURCE): each file
 * copied to the site root under its own name, each folder's files with
 * their paths inside it (as Hugo's and Zola's static/ are). */
static void load_statics(struct book *b, const struct ynode *v)
{
	size_t cap = 0;
	size_t n = v->kind == Y_SEQ ? v->n : 1;
	for (size_t i = 0; i < n; i++) {
		const struct ynode *e = v->kind == Y_SEQ ? v->items[i] : v;
		if (e->kind != Y_SCALAR || ynode_is_null(e) || !*e->value) {
			diag_error(b->diags, e->pos, "a static: entry must be a path (CNAME, public)");
			continue;
		}
		char *p = path_resolve("", e->value); /* from the book folder, as src: is */
		char *full = p ? path_join(b->root, p) : NULL;
		struct stat st;
		if (!p || !*p)
			diag_error(b->diags, e->pos, "static '%s' must be a file or folder inside the book folder%s", e->value,
				   p ? ", not the folder itself" : "");
		else if (stat(full, &st) != 0)
			diag_error(b->diags, e->pos, "static '%s': no such file or folder", e->value);
		else if (!path_is_inside(b->root, full))
			diag_error(b->diags, e->pos, "static '%s' is a symbolic link out of the book folder", e->value);
		else if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
			diag_error(b->diags, e->pos, "static '%s' is %s, not a file or folder", e->value, file_kind(full));
		else {
			/* never read for chapters: static_roots are from SOURCE (src:) */
			size_t nsrc = b->src ? strlen(b->src) : 0;
			const char *in_src = !b->src ? p : !strncmp(p, b->src, nsrc) && p[nsrc] == '/' ? p + nsrc + 1 : NULL;
			if (in_src) {
				b->static_roots = xrealloc(b->static_roots, (b->nstatic_roots + 1) * sizeof *b->static_roots);
				b->static_roots[b->nstatic_roots++] = xstrdup(in_src);
			}
			if (S_ISDIR(st.st_mode)) {
				static_walk(b, &cap, p, "", e->pos, 0);
			} else {
				const char *base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
				add_static(b, &cap, p, base, e->pos);
			}
		}
		free(p);
		free(full);
	}
	if (b->nstatics > 1)
		qsort(b->statics, b->nstatics, sizeof *b->statics, cmp_static);
	for (size_t i = 1; i < b->nstatics; i++)
		if (!strcasecmp(b->statics[i].out, b->statics[i - 1].out)) {
			diag_error(b->diags, b->statics[i].pos, "static files '%s' and '%s' would both be '%s' in the site; "
								"copy only one", b->statics[i - 1].path, b->statics[i].path, b->statics[i].out);
		}
}

static bool slug_chars_ok(const char *s)
{
	if (!*s || s[0] == '.' || strlen(s) > 200)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (!(*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return false;
	return true;
}

/* Read ch's file, check its text and read its front matter (messages to
 * d); false when it cannot be read (ch is then an empty draft). */
static bool load_fresh(struct book *b, struct chapter *ch, struct diags *d)
{
	struct fm f = { 0 };
	size_t yoff, ylen;
	if (read_file_max(ch->file, b->limits.chapter_size, &ch->text, &ch->len)) {
		struct stat st;
		if (errno == EFBIG && stat(ch->file, &st) == 0) { /* refused before reading */
			char has[32], max[32];
			diag_error(d, (struct pos){ ch->file, 0, 0 },
				   "chapter is too large: %s, the limit is %s (book.yaml: limits: chapter_size)",
				   text_size(has, (unsigned long long)st.st_size), text_size(max, b->limits.chapter_size));
		} else {
			diag_error(d, (struct pos){ ch->file, 0, 0 }, "cannot read: %s", read_error(ch->file, errno));
		}
		ch->text = xstrdup("");
		ch->len = 0;
		ch->draft = true;
		return false;
	}
	if (check_text(d, ch->file, &ch->text, &ch->len) ||
	    fm_split(d, ch->file, ch->text, ch->len, &yoff, &ylen, &ch->body_off, &ch->body_line)) {
		ch->body_off = ch->len;
		ch->fm_error = true;
		goto slug;
	}
	if (ylen && fm_parse(d, ch->file, ch->text + yoff, ylen, 2, &f) != 0)
		ch->fm_error = true;
	else if (ylen) {
		fm_check_typos(d, &f, chapter_keys, "front matter");
		for (size_t i = 0; i < f.n; i++) {
			struct fm_entry *e = &f.e[i];
			if (!fm_key_known(e->key, chapter_read)) { /* the page's own data */
				if (!ch->extra)
					ch->extra = ynode_new(Y_MAP, NULL, e->key_pos);
				ynode_add(ch->extra, e->key, e->key_pos, fm_entry_take(e));
				continue;
			}
			if (e->kind == FM_NULL)
				continue;
			if (!strcmp(e->key, "title")) {
				if (fm_get_string(d, e, &ch->title) != 0) {
					ch->fm_error = true; /* reported: not "has no title" too */
				} else if (!*ch->title) {
					free(ch->title);
					ch->title = NULL;
				}
			} else if (!strcmp(e->key, "summary") || !strcmp(e->key, "description")) {
				if (!ch->summary)
					fm_get_string(d, e, &ch->summary);
			} else if (!strcmp(e->key, "reviewed")) {
				if (fm_get_string(d, e, &ch->reviewed) == 0 && !text_is_date(ch->reviewed)) {
					diag_error(d, e->val_pos, "'reviewed' must be a date: YYYY-MM-DD (or YYYY-MM, YYYY), not '%s'",
						   ch->reviewed);
					free(ch->reviewed);
					ch->reviewed = NULL;
				}
			} else if (!strcmp(e->key, "order") || !strcmp(e->key, "weight") ||
				   !strcmp(e->key, "sidebar_position") || !strcmp(e->key, "nav_order")) {
				/* order:, or the key another generator reads (Hugo, Docusaurus, Just the Docs) */
				char *end = NULL;
				double v = e->kind == FM_SCALAR ? strtod(e->value, &end) : 0;
				if (e->kind != FM_SCALAR || end == e->value || *end || v != v)
					diag_error(d, e->val_pos, "'%s' must be a number", e->key);
				else if (!ch->has_order || !strcmp(e->key, "order"))
					ch->order = v, ch->has_order = true;
			} else if (!strcmp(e->key, "draft")) {
				fm_get_bool(d, e, &ch->draft);
			} else if (!strcmp(e->key, "slug")) {
				free(ch->slug);
				ch->slug = NULL;
				if (fm_get_string(d, e, &ch->slug) == 0) {
					ch->slug_pos = e->val_pos;
					ch->slug_set = true;
					if (!slug_chars_ok(ch->slug)) {
						diag_error(d, e->val_pos, "invalid slug '%s': use letters, digits, '-', '_' and '.', no '/' and no leading '.'",
							   ch->slug);
						free(ch->slug);
						ch->slug = NULL;
						ch->slug_set = false;
					}
				}
			}
		}
	}
	fm_release(&f);
slug:
	return true;
}

/* The page name from the file name when the front matter gives none. */
static void default_slug(struct chapter *ch)
{
	const char *rel = ch->path;
	if (!ch->slug) {
		/* default: the file name, as it is when it is a plain one (mdBook
		 * and GitBook keep it: their books link to "Name.html") */
		const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
		size_t n = strlen(base) - 3;
		char *stem = xstrndup(base, n);
		if (slug_chars_ok(stem))
			ch->slug = stem;
		else {
			ch->slug = slug_filename(stem, n, "chapter");
			free(stem);
		}
	}
}

/* ---- the load cache (folio serve's rebuilds) -----------------------------
 *
 * What reading a chapter file gave (its checked text and what its front
 * matter says), kept with the file's status (device, inode, size, times)
 * as git's index keeps it.  A file whose status is unchanged is not read
 * again, nor its front matter parsed: its chapter is made from the entry.
 * Only a read that reported nothing is kept (so every message is said
 * again), and, as git treats a "racily clean" entry, none whose file was
 * changed less than 2 s before it was read: a second change within the
 * file system's clock tick would leave the same times behind. */
struct load_entry {
	char *path;                 /* the chapter's, from SOURCE (the sort key) */
	char *file;                 /* `extra`'s positions name it */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
	size_t chapter_size;        /* book.yaml's limit it was read under */
	char *text;
	size_t len, body_off;
	unsigned body_line;
	char *title, *summary, *reviewed, *slug;
	struct pos slug_pos;
	double order;
	bool has_order, draft, slug_set;
	struct ynode *extra;
	bool kept;                  /* cache_update: this load's too */
};

struct load_cache {
	struct load_entry **v;      /* sorted by path */
	size_t n;
};

static void entry_free(struct load_entry *e)
{
	if (!e)
		return;
	free(e->path);
	free(e->file);
	free(e->text);
	free(e->title);
	free(e->summary);
	free(e->reviewed);
	free(e->slug);
	ynode_free(e->extra);
	free(e);
}

struct load_cache *load_cache_new(void)
{
	return xcalloc(1, sizeof(struct load_cache));
}

void load_cache_free(struct load_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		entry_free(c->v[i]);
	free(c->v);
	free(c);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static bool same_status(const struct load_entry *e, const struct stat *st, size_t chapter_size)
{
	return e->dev == st->st_dev && e->ino == st->st_ino && e->size == st->st_size &&
	       e->mtime.tv_sec == st->st_mtim.tv_sec && e->mtime.tv_nsec == st->st_mtim.tv_nsec &&
	       e->ctime.tv_sec == st->st_ctim.tv_sec && e->ctime.tv_nsec == st->st_ctim.tv_nsec &&
	       e->chapter_size == chapter_size;
}

/* The chapter as the entry says, its text and values copied. */
static void from_entry(struct chapter *ch, const struct load_entry *e)
{
	ch->text = xmalloc(e->len + 1);
	memcpy(ch->text, e->text, e->len + 1);
	ch->len = e->len;
	ch->body_off = e->body_off;
	ch->body_line = e->body_line;
	ch->title = dup_or_null(e->title);
	ch->summary = dup_or_null(e->summary);
	ch->reviewed = dup_or_null(e->reviewed);
	ch->slug = dup_or_null(e->slug);
	ch->slug_set = e->slug_set;
	ch->slug_pos = (struct pos){ ch->file, e->slug_pos.line, e->slug_pos.col };
	ch->order = e->order;
	ch->has_order = e->has_order;
	ch->draft = e->draft;
	ch->extra = ynode_clone(e->extra, ch->file);
}

/* An entry for what load_fresh made of ch (before its default slug). */
static struct load_entry *to_entry(const struct chapter *ch, const struct stat *st, size_t chapter_size)
{
	struct load_entry *e = xcalloc(1, sizeof *e);
	e->path = xstrdup(ch->path);
	e->file = xstrdup(ch->file);
	e->dev = st->st_dev;
	e->ino = st->st_ino;
	e->size = st->st_size;
	e->mtime = st->st_mtim;
	e->ctime = st->st_ctim;
	e->chapter_size = chapter_size;
	e->text = xmalloc(ch->len + 1);
	memcpy(e->text, ch->text, ch->len + 1);
	e->len = ch->len;
	e->body_off = ch->body_off;
	e->body_line = ch->body_line;
	e->title = dup_or_null(ch->title);
	e->summary = dup_or_null(ch->summary);
	e->reviewed = dup_or_null(ch->reviewed);
	e->slug = dup_or_null(ch->slug);
	e->slug_set = ch->slug_set;
	e->slug_pos = ch->slug_pos;
	e->order = ch->order;
	e->has_order = ch->has_order;
	e->draft = ch->draft;
	e->extra = ynode_clone(ch->extra, e->file);
	return e;
}

static int key_entry(const void *key, const void *elem)
{
	return strcmp(key, (*(struct load_entry *const *)elem)->path);
}

/* Read chapter `rel` (owned from now on); with a cache, from its entry
 * when the file is unchanged, and *made is the entry the next build
 * keeps (the old one, a new one, or NULL). */
static struct chapter *load_chapter(struct book *b, char *rel, const struct load_cache *cache,
				    struct load_entry **made)
{
	struct chapter *ch = xcalloc(1, sizeof *ch);
	ch->path = rel;
	ch->toc = TOC_NONE;
	ch->file = path_join(b->source, rel);
	ch->slug_pos = (struct pos){ ch->file, 1, 1 };
	if (!cache) {
		if (load_fresh(b, ch, b->diags))
			default_slug(ch);
		return ch;
	}
	*made = NULL;
	struct stat st;
	bool known = stat(ch->file, &st) == 0 && S_ISREG(st.st_mode);
	struct load_entry **hit = known && cache->n ? bsearch(rel, cache->v, cache->n, sizeof *cache->v, key_entry) : NULL;
	if (hit && same_status(*hit, &st, b->limits.chapter_size)) {
		from_entry(ch, *hit);
		*made = *hit;
		default_slug(ch);
		return ch;
	}
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	struct diags *d = diags_new(false);
	bool read = load_fresh(b, ch, d);
	bool racy = st.st_mtim.tv_sec + 2 >= now.tv_sec || st.st_ctim.tv_sec + 2 >= now.tv_sec;
	if (read && known && !racy && !ch->fm_error && !diags_errors(d) && !diags_warnings(d))
		*made = to_entry(ch, &st, b->limits.chapter_size);
	diags_append(b->diags, d);
	diags_free(d);
	if (read)
		default_slug(ch);
	return ch;
}

static void free_chapter(struct chapter *ch);

/* The names a chapter's pages got (site_name, epub_name) must be
 * writable: else an error at the chapter, not a failed write later. */
static void check_out_names(struct book *b, const struct chapter *ch)
{
	const char *const names[] = { ch->site_name, ch->epub_name };
	const char *why;
	for (size_t i = 0; i < 2; i++)
		if (names[i] && out_name_too_long(names[i], &why)) {
			int k = 60; /* the start of it, cut between characters */
			while (k && ((unsigned char)names[i][k] & 0xC0) == 0x80)
				k--;
			diag_error(b->diags, ch->slug_pos, "the page name '%.*s…' (%zu bytes) is too long: %s; shorten the "
							   "names of its folders or its file", k, names[i], strlen(names[i]), why);
			return;
		}
}

/* A chapter another one includes is a fragment of it, not a page of its
 * own (mdBook's arg-watcher.md); the home page always stays. */
static void drop_included(struct book *b)
{
	size_t n = 0, k = 0;
	for (size_t i = 0; i < b->nchapters; i++)
		if (!b->chapters[i]->included || b->chapters[i] == b->home)
			b->chapters[n++] = b->chapters[i];
	b->nchapters = n;
	for (size_t i = 0; i < b->nby_path; i++) {
		struct chapter *ch = b->by_path[i];
		if (ch->included && ch != b->home)
			free_chapter(ch);
		else
			b->by_path[k++] = ch;
	}
	b->nby_path = k;
	index_paths(b);
}

struct load_job {
	struct book *b;
	char **paths;
	struct chapter **out;
	const struct load_cache *cache; /* or NULL */
	struct load_entry **made;       /* with a cache: by load index */
};

static void load_one(size_t i, void *arg)
{
	struct load_job *j = arg;
	j->out[i] = load_chapter(j->b, j->paths[i], j->cache, j->cache ? &j->made[i] : NULL);
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp((*(struct load_entry *const *)a)->path, (*(struct load_entry *const *)b)->path);
}

/* The entries this load made or kept become the cache; the rest go. */
static void cache_update(struct load_cache *c, struct load_entry **made, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (made[i]) {
			made[i]->kept = true;
			made[k++] = made[i];
		}
	for (size_t i = 0; i < c->n; i++)
		if (!c->v[i]->kept)
			entry_free(c->v[i]);
	for (size_t i = 0; i < k; i++)
		made[i]->kept = false;
	free(c->v);
	qsort(made, k, sizeof *made, cmp_entry);
	c->v = made;
	c->n = k;
}

struct book *book_load(const char *source, int jobs, struct diags *d)
{
	return book_load_cached(source, jobs, d, NULL);
}

struct book *book_load_cached(const char *source, int jobs, struct diags *d, struct load_cache *cache)
{
	struct book *b = xcalloc(1, sizeof *b);
	b->diags = d;
	b->limits = limits_default();
	struct pathlist paths = { 0 };
	b->source = xstrdup(source);
	b->root = xstrdup(source);
	b->yaml_file = path_join(source, "book.yaml");

	if (!is_directory(source)) {
		diag_error(b->diags, (struct pos){ source, 0, 0 }, "no such folder");
		book_free(b);
		return NULL;
	}
	struct later later = { 0 };
	if (load_book_yaml(b, &later) && !b->title) {
		/* keep going: chapter errors are worth reporting too */
	}
	if (b->src) { /* the chapters live in a folder of their own */
		free(b->source);
		b->source = path_join(b->root, b->src);
	}
	source = b->source;
	if (later.statics)
		load_statics(b, later.statics);
	char *real_source = realpath(source, NULL);
	walk(b, source, real_source ? real_source : source, "", &paths, 0);
	free(real_source);
	for (size_t i = 0; i < b->nexclude; i++)
		if (!b->exclude[i].used)
			diag_warning(b->diags, b->exclude[i].pos, "exclude pattern '%s' matches no chapter file or folder",
				     b->exclude[i].pattern);
	b->exclude_checked = true;

	/* a table of contents (SUMMARY.md, or book.yaml's toc:): only what
	 * it lists is built */
	char *summary = path_join(source, "SUMMARY.md");
	char **listed = NULL;
	bool has_summary = is_regular_file(summary), use_summary = has_summary || later.toc;
	if (later.toc) {
		if (has_summary)
			diag_warning(b->diags, b->toc_pos, "the book has both this toc: and %s; toc: is used", summary);
		b->toc_file = xstrdup(b->yaml_file);
		toc_read_yaml(b, later.toc, &listed);
	} else if (has_summary) {
		b->toc_file = summary;
		summary = NULL;
		b->toc_pos = (struct pos){ b->toc_file, 0, 0 };
		toc_read_summary(b, b->toc_file, &listed);
	}
	free(summary);
	ynode_free(later.toc);
	ynode_free(later.statics);
	/* sorted by path: binary search, and the home page is the best-ranked
	 * index name at the top */
	if (paths.n > 1) /* paths.v is NULL without any .md file */
		qsort(paths.v, paths.n, sizeof *paths.v, cmp_str_ptr);
	size_t nlisted = b->ntoc;
	char **want = NULL;
	if (use_summary) {
		want = xmalloc((nlisted + 1) * sizeof *want);
		size_t k = 0;
		for (size_t i = 0; i < nlisted; i++)
			if (listed[i])
				want[k++] = listed[i];
		qsort(want, k, sizeof *want, cmp_str_ptr);
		nlisted = k;
	}
	struct chapter **all = xmalloc((paths.n + 1) * sizeof *all);
	size_t nall = 0, nbuilt = 0;
	int home_rank = 0;
	b->chapters = xmalloc((paths.n + 1) * sizeof *b->chapters);
	/* what is built: without a table of contents every file, with one
	 * what it lists, the home page and 404.md (SUMMARY.md itself is not a
	 * page); then every such file read, checked and split, its front
	 * matter read, in parallel, in path order */
	char **load = xmalloc((paths.n + 1) * sizeof *load);
	size_t nload = 0;
	for (size_t i = 0; i < paths.n; i++) {
		char *rel = paths.v[i];
		int rank = strchr(rel, '/') ? 0 : toc_index_rank(rel);
		bool is_404 = !strcmp(rel, "404.md");
		if (use_summary && !rank && !is_404 && strcmp(rel, "SUMMARY.md") &&
		    !bsearch(&rel, want, nlisted, sizeof *want, cmp_str_ptr)) {
			b->unlisted = xrealloc(b->unlisted, (b->nunlisted + 1) * sizeof *b->unlisted);
			b->unlisted[b->nunlisted++] = rel;
			continue;
		}
		if (use_summary && !strcmp(rel, "SUMMARY.md")) {
			free(rel);
			continue;
		}
		load[nload++] = rel;
	}
	struct load_job job = { b, load, all, cache, cache ? xcalloc(nload + 1, sizeof *job.made) : NULL };
	parallel_for(nload, jobs, load_one, &job);
	if (cache)
		cache_update(cache, job.made, nload); /* job.made is the cache's now */
	for (size_t i = 0; i < nload; i++) {
		struct chapter *ch = all[nall++];
		const char *rel = ch->path;
		int rank = strchr(rel, '/') ? 0 : toc_index_rank(rel);
		bool is_404 = !strcmp(rel, "404.md");
		if (rank && (!home_rank || rank < home_rank)) {
			if (b->home) /* README.md beside index.md: an ordinary page */
				b->chapters[nbuilt++] = b->home;
			b->home = ch;
			home_rank = rank;
			ch->draft = false;
		} else if (is_404) {
			b->notfound = ch;
			ch->draft = false;
		} else {
			b->chapters[nbuilt++] = ch;
		}
	}
	free(load);
	free(paths.v);
	free(want);
	qsort(all, nall, sizeof *all, cmp_path);
	b->by_path = all;
	b->nby_path = nall;
	index_paths(b);
	b->nchapters = nbuilt;
	include_book(b);
	if (!use_summary) /* what SUMMARY.md lists is a chapter, included elsewhere or not */
		drop_included(b);
	qsort(b->chapters, b->nchapters, sizeof *b->chapters, cmp_path);
	toc_build(b, b->chapters, b->nchapters, listed);
	for (size_t i = 0; i < b->nchapters; i++) /* toc_build named the pages */
		check_out_names(b, b->chapters[i]);
	if (listed) {
		for (size_t i = 0; i < b->ntoc; i++)
			free(listed[i]);
		free(listed);
	}
	if (b->nunlisted) {
		struct buf w = BUF_INIT;
		size_t show = b->nunlisted < 8 ? b->nunlisted : 8;
		for (size_t i = 0; i < show; i++)
			buf_printf(&w, "%s%s", i ? ", " : "", b->unlisted[i]);
		if (show < b->nunlisted)
			buf_printf(&w, " and %zu more", b->nunlisted - show);
		diag_warning(b->diags, b->toc_pos,
			     "%zu .md file%s not listed here, so not built: %s", b->nunlisted,
			     b->nunlisted == 1 ? " is" : "s are", w.data);
		buf_release(&w);
	}
	if (b->notfound) {
		b->notfound->site_name = xstrdup("404.html");
		b->notfound->index = (size_t)-1;
	}
	if (b->nchapters == 0 && !b->home && diags_errors(d) == 0)
		diag_error(b->diags, (struct pos){ source, 0, 0 }, "no chapters: the book folder has no .md files");
	return b;
}

struct book *book_load_file(const char *file, struct diags *d)
{
	struct book *b = xcalloc(1, sizeof *b);
	b->diags = d;
	b->limits = limits_default();
	b->single_file = true;
	/* the book folder: the nearest folder above the file with a book.yaml,
	 * else the file's own folder */
	char *dir = path_dir(file);
	char *rel = NULL;
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	for (char *up = xstrdup(*dir ? dir : "."), *tail = xstrdup(base);;) {
		char *y = path_join(up, "book.yaml");
		bool found = is_regular_file(y);
		free(y);
		char *real = realpath(up, NULL);
		bool root = !real || !strcmp(real, "/");
		free(real);
		if (found || root || strlen(up) > 4096) {
			if (found) {
				b->source = up;
				rel = tail;
			} else {
				free(up);
				free(tail);
			}
			break;
		}
		char *name = NULL;
		char *last = strrchr(up, '/');
		if (!strcmp(up, ".") || (last && !strcmp(last, "/.")) || !strcmp(up, "..") || (last && !strcmp(last, "/..")) || !last) {
			/* climb by appending ".." and naming the folder we leave */
			char *real_up = realpath(up, NULL);
			const char *nm = real_up && strrchr(real_up, '/') ? strrchr(real_up, '/') + 1 : "";
			name = xstrdup(nm);
			free(real_up);
			char *next = path_join(up, "..");
			free(up);
			up = next;
		} else {
			name = xstrdup(last + 1);
			*last = '\0';
		}
		char *t = path_join(name, tail);
		free(name);
		free(tail);
		tail = t;
	}
	if (!b->source) {
		b->source = xstrdup(*dir ? dir : ".");
		rel = xstrdup(base);
	}
	free(dir);
	b->root = xstrdup(b->source);
	b->yaml_file = path_join(b->source, "book.yaml");
	b->title = xstrdup("");
	b->language = xstrdup("en");
	b->theme = xstrdup("default");
	b->slug = xstrdup("book");
	struct chapter *ch = load_chapter(b, rel, NULL, NULL);
	free(ch->file);
	ch->file = xstrdup(file);
	include_chapter(b, ch);
	b->chapters = xmalloc(sizeof *b->chapters);
	b->chapters[0] = ch;
	b->nchapters = 1;
	b->by_path = xmalloc(sizeof *b->by_path);
	b->by_path[0] = ch;
	b->nby_path = 1;
	{
		const char *cb = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
		ch->is_index = strchr(rel, '/') && toc_index_rank(cb);
	}
	ch->site_name = toc_site_name(b, ch);
	ch->epub_name = xasprintf("%s.xhtml", ch->slug);
	return b;
}

struct chapter *book_stub_page(struct book *b, const char *path)
{
	for (size_t i = 0; i < b->nstubs; i++)
		if (!strcmp(b->stubs[i]->path, path))
			return b->stubs[i];
	struct chapter *ch = xcalloc(1, sizeof *ch);
	ch->path = xstrdup(path);
	ch->file = path_join(b->source, path);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t n = strlen(base) - 3;
	char *stem = xstrndup(base, n);
	ch->slug = slug_chars_ok(stem) ? xstrdup(stem) : slug_filename(stem, n, "chapter");
	free(stem);
	ch->is_index = strchr(path, '/') && toc_index_rank(base);
	ch->site_name = toc_site_name(b, ch);
	ch->epub_name = xasprintf("%s.xhtml", ch->slug);
	ch->index = (size_t)-1;
	ch->toc = TOC_NONE;
	b->stubs = xrealloc(b->stubs, (b->nstubs + 1) * sizeof *b->stubs);
	b->stubs[b->nstubs++] = ch;
	return ch;
}

static void free_chapter(struct chapter *ch)
{
	free(ch->path);
	free(ch->file);
	free(ch->text);
	srcmap_release(&ch->map);
	free(ch->page_title);
	free(ch->title);
	free(ch->heading);
	free(ch->summary);
	free(ch->reviewed);
	free(ch->slug);
	free(ch->toc_title);
	ynode_free(ch->extra);
	doc_free(ch->doc);
	free(ch->html);
	free(ch->xhtml);
	free(ch->backlinks);
	free(ch->site_name);
	free(ch->epub_name);
	free(ch);
}

void book_free(struct book *b)
{
	if (!b)
		return;
	ui_free(b);
	for (size_t i = 0; i < b->nby_path; i++)
		free_chapter(b->by_path[i]);
	free(b->by_path);
	free(b->path_index);
	free(b->chapters);
	for (size_t i = 0; i < b->ntoc; i++) {
		free(b->toc[i].title);
		free(b->toc[i].number);
	}
	free(b->toc);
	free(b->toc_file);
	for (size_t i = 0; i < b->nunlisted; i++)
		free(b->unlisted[i]);
	free(b->unlisted);
	for (size_t i = 0; i < b->nstubs; i++)
		free_chapter(b->stubs[i]);
	free(b->stubs);
	for (size_t i = 0; i < b->nassets; i++) {
		free(b->assets[i]->path);
		free(b->assets[i]->out);
		free(b->assets[i]->media_type);
		free(b->assets[i]);
	}
	free(b->assets);
	for (size_t i = 0; i < b->nexclude; i++)
		free(b->exclude[i].pattern);
	free(b->exclude);
	for (size_t i = 0; i < b->nstatics; i++) {
		free(b->statics[i].path);
		free(b->statics[i].out);
	}
	free(b->statics);
	for (size_t i = 0; i < b->nstatic_roots; i++)
		free(b->static_roots[i]);
	free(b->static_roots);
	for (size_t i = 0; i < b->nredirects; i++) {
		free(b->redirects[i].from);
		free(b->redirects[i].target);
	}
	free(b->redirects);
	arena_release(&b->arena);
	free(b->direction);
	free(b->source);
	free(b->root);
	free(b->src);
	for (size_t i = 0; i < b->nauthors; i++)
		free(b->authors[i]);
	free(b->authors);
	free(b->yaml_file);
	free(b->title);
	free(b->subtitle);
	free(b->author);
	free(b->language);
	free(b->description);
	free(b->base_url);
	free(b->edit_url);
	free(b->license);
	free(b->theme);
	free(b->identifier);
	free(b->cover);
	free(b->date);
	free(b->publisher);
	free(b->slug);
	free(b);
}
