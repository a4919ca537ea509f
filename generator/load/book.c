/* book.c - the load stage: book.yaml and every chapter's front matter. */
#include "model/book.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/escape.h"
#include "base/lang.h"
#include "base/sorted.h"
#include "base/text.h"
#include "base/media.h"
#include "base/pool.h"
#include "load/frontmatter.h"
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
	F(theme), F(identifier), F(cover), F(date), F(publisher), F(slug), F(edit_url), F(src),
#undef F
};
#define NBOOK_FIELDS (sizeof book_fields / sizeof *book_fields)
static const char *const chapter_keys[] = {
	"title", "order", "summary", "slug", "draft", "tags", "date", "description", "reviewed", NULL,
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

struct chapter *book_find(const struct book *b, const char *path)
{
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
static int check_text(struct book *bk, const char *file, char **text, size_t *len)
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
		return diag_error(bk->diags, (struct pos){ file, line, col }, "file contains a NUL byte (is it a text file?)");
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
				diag_warning(bk->diags, text_pos(file, s, i), "invalid UTF-8; bad bytes replaced with U+FFFD");
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

static int load_book_yaml(struct book *b)
{
	char *text = NULL;
	size_t len;
	struct fm f = { 0 };
	int rc = -1;
	struct pos top = { b->yaml_file, 0, 0 };

	if (read_file(b->yaml_file, &text, &len)) {
		if (errno == ENOENT)
			return diag_error(b->diags, top, "no book.yaml: every book needs one, with at least 'title: …'");
		return diag_error(b->diags, top, "cannot read: %s", read_error(b->yaml_file, errno));
	}
	if (check_text(b, b->yaml_file, &text, &len))
		goto out;
	if (fm_parse(b->diags, b->yaml_file, text, len, 1, &f))
		goto out;
	const char *known[NBOOK_FIELDS + 2];
	for (size_t k = 0; k < NBOOK_FIELDS; k++)
		known[k] = book_fields[k].key;
	known[NBOOK_FIELDS] = "authors";
	known[NBOOK_FIELDS + 1] = NULL;
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
			}
		} else if (dst == &b->slug && *dst) {
			char *s = slug_filename(*dst, strlen(*dst), "book");
			free(*dst);
			*dst = s;
		}
	}
	if (!book_has_title(b))
		rc = diag_error(b->diags, (struct pos){ b->yaml_file, 1, 1 }, "book.yaml has no 'title'");
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
		if (lstat(full, &st) != 0) {
			diag_error(b->diags, (struct pos){ full, 0, 0 }, "cannot read: %s", strerror(errno));
			goto next;
		}
		if (S_ISLNK(st.st_mode)) {
			char *target = realpath(full, NULL);
			size_t rl = strlen(real_source);
			bool inside = target && strncmp(target, real_source, rl) == 0 &&
				      (target[rl] == '/' || target[rl] == '\0');
			if (!inside) {
				if (strlen(name) > 3 && !strcmp(name + strlen(name) - 3, ".md"))
					diag_warning(b->diags, (struct pos){ full, 0, 0 },
						     "symbolic link points outside the book folder; not followed");
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
		}
next:
		free(r);
		free(full);
	}
	closedir(d);
	free(dir);
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

static struct chapter *load_chapter(struct book *b, char *rel)
{
	struct chapter *ch = xcalloc(1, sizeof *ch);
	struct fm f = { 0 };
	size_t yoff, ylen;
	ch->path = rel;
	ch->file = path_join(b->source, rel);
	ch->slug_pos = (struct pos){ ch->file, 1, 1 };
	if (read_file(ch->file, &ch->text, &ch->len)) {
		diag_error(b->diags, (struct pos){ ch->file, 0, 0 }, "cannot read: %s", strerror(errno));
		ch->text = xstrdup("");
		ch->len = 0;
		ch->draft = true;
		return ch;
	}
	if (check_text(b, ch->file, &ch->text, &ch->len) ||
	    fm_split(b->diags, ch->file, ch->text, ch->len, &yoff, &ylen, &ch->body_off, &ch->body_line)) {
		ch->body_off = ch->len;
		ch->fm_error = true;
		goto slug;
	}
	if (ylen && fm_parse(b->diags, ch->file, ch->text + yoff, ylen, 2, &f) != 0)
		ch->fm_error = true;
	else if (ylen) {
		fm_check_typos(b->diags, &f, chapter_keys, "front matter");
		for (size_t i = 0; i < f.n; i++) {
			struct fm_entry *e = &f.e[i];
			if (e->kind == FM_NULL)
				continue;
			if (!strcmp(e->key, "title")) {
				if (fm_get_string(b->diags, e, &ch->title) != 0) {
					ch->fm_error = true; /* reported: not "has no title" too */
				} else if (!*ch->title) {
					free(ch->title);
					ch->title = NULL;
				}
			} else if (!strcmp(e->key, "summary") || !strcmp(e->key, "description")) {
				if (!ch->summary)
					fm_get_string(b->diags, e, &ch->summary);
			} else if (!strcmp(e->key, "reviewed")) {
				if (fm_get_string(b->diags, e, &ch->reviewed) == 0 && !text_is_date(ch->reviewed)) {
					diag_error(b->diags, e->val_pos, "'reviewed' must be a date: YYYY-MM-DD (or YYYY-MM, YYYY), not '%s'",
						   ch->reviewed);
					free(ch->reviewed);
					ch->reviewed = NULL;
				}
			} else if (!strcmp(e->key, "order")) {
				if (fm_get_long(b->diags, e, &ch->order) == 0)
					ch->has_order = true;
			} else if (!strcmp(e->key, "draft")) {
				fm_get_bool(b->diags, e, &ch->draft);
			} else if (!strcmp(e->key, "slug")) {
				if (fm_get_string(b->diags, e, &ch->slug) == 0) {
					ch->slug_pos = e->val_pos;
					if (!slug_chars_ok(ch->slug)) {
						diag_error(b->diags, e->val_pos, "invalid slug '%s': use letters, digits, '-', '_' and '.', no '/' and no leading '.'",
							   ch->slug);
						free(ch->slug);
						ch->slug = NULL;
					}
				}
			}
		}
	}
	fm_release(&f);
slug:
	if (!ch->slug) {
		/* default: the file name; a folder's index.md, README.md or _index.md takes the folder's name */
		char *dir = path_dir(rel);
		const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
		char *stem = xstrndup(base, strlen(base) - 3);
		if (*dir && (!strcmp(stem, "index") || !strcmp(stem, "README") || !strcmp(stem, "_index"))) {
			free(stem);
			const char *db = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
			stem = xstrdup(db);
		}
		ch->slug = slug_heading(stem, strlen(stem));
		if (!*ch->slug || ch->slug[0] == '.') {
			free(ch->slug);
			ch->slug = slug_filename(stem, strlen(stem), "chapter");
		}
		free(stem);
		free(dir);
	}
	return ch;
}

static int cmp_order(const void *a, const void *b)
{
	const struct chapter *x = *(struct chapter *const *)a, *y = *(struct chapter *const *)b;
	if (x->has_order != y->has_order)
		return x->has_order ? -1 : 1;
	if (x->has_order && x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->path, y->path);
}

static int cmp_slug(const void *a, const void *b)
{
	const struct chapter *x = *(struct chapter *const *)a, *y = *(struct chapter *const *)b;
	int c = strcmp(x->slug, y->slug);
	return c ? c : strcmp(x->path, y->path);
}

static void check_slugs(struct book *b)
{
	struct chapter **v = xmalloc((b->nchapters + 1) * sizeof *v);
	memcpy(v, b->chapters, b->nchapters * sizeof *v);
	qsort(v, b->nchapters, sizeof *v, cmp_slug);
	for (size_t i = 0; i < b->nchapters; i++) {
		if (!strcmp(v[i]->slug, "index") || !strcmp(v[i]->slug, "404") || !strcmp(v[i]->slug, "search"))
			diag_error(b->diags, v[i]->slug_pos, "slug '%s' is reserved for the site's own pages; choose another 'slug:'",
				   v[i]->slug);
		if (i && !strcmp(v[i]->slug, v[i - 1]->slug)) {
			diag_error(b->diags, v[i]->slug_pos, "slug '%s' is also used by %s; give one of them another 'slug:'",
				   v[i]->slug, v[i - 1]->file);
			diag_note(b->diags, v[i - 1]->slug_pos, "slug '%s' first used here", v[i - 1]->slug);
		}
	}
	free(v);
}

struct load_job {
	struct book *b;
	char **paths;
	struct chapter **out;
};

static void load_one(size_t i, void *arg)
{
	struct load_job *j = arg;
	j->out[i] = load_chapter(j->b, j->paths[i]);
}

struct book *book_load(const char *source, int jobs, struct diags *d)
{
	struct book *b = xcalloc(1, sizeof *b);
	b->diags = d;
	struct pathlist paths = { 0 };
	b->source = xstrdup(source);
	b->root = xstrdup(source);
	b->yaml_file = path_join(source, "book.yaml");

	if (!is_directory(source)) {
		diag_error(b->diags, (struct pos){ source, 0, 0 }, "no such folder");
		book_free(b);
		return NULL;
	}
	if (load_book_yaml(b) && !b->title) {
		/* keep going: chapter errors are worth reporting too */
	}
	if (b->src) { /* the chapters live in a folder of their own */
		free(b->source);
		b->source = path_join(b->root, b->src);
	}
	source = b->source;
	char *real_source = realpath(source, NULL);
	walk(b, source, real_source ? real_source : source, "", &paths, 0);
	free(real_source);

	struct chapter **all = xmalloc((paths.n + 1) * sizeof *all);
	size_t nall = 0;
	b->chapters = xmalloc((paths.n + 1) * sizeof *b->chapters);
	struct load_job job = { b, paths.v, all };
	parallel_for(paths.n, jobs, load_one, &job); /* read, check and split every file, front matter read */
	for (size_t i = 0; i < paths.n; i++) {
		struct chapter *ch = all[nall++];
		if (!strcmp(ch->path, "index.md")) {
			b->home = ch;
			ch->draft = false;
		} else if (!ch->draft) {
			b->chapters[b->nchapters++] = ch;
		}
	}
	free(paths.v);
	qsort(all, nall, sizeof *all, cmp_path);
	b->by_path = all;
	b->nby_path = nall;
	qsort(b->chapters, b->nchapters, sizeof *b->chapters, cmp_order);
	for (size_t i = 0; i < b->nchapters; i++) {
		struct chapter *ch = b->chapters[i];
		ch->index = i;
		ch->site_name = xasprintf("%s.html", ch->slug);
		ch->epub_name = xasprintf("c%04zu.xhtml", i + 1);
	}
	if (b->home) {
		free(b->home->slug);
		b->home->slug = xstrdup("index");
		b->home->site_name = xstrdup("index.html");
		b->home->epub_name = xstrdup("intro.xhtml");
		b->home->index = (size_t)-1;
	}
	check_slugs(b);
	if (b->nchapters == 0 && !b->home && diags_errors(d) == 0)
		diag_error(b->diags, (struct pos){ source, 0, 0 }, "no chapters: the book folder has no .md files");
	return b;
}

struct book *book_load_file(const char *file, struct diags *d)
{
	struct book *b = xcalloc(1, sizeof *b);
	b->diags = d;
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
	struct chapter *ch = load_chapter(b, rel);
	free(ch->file);
	ch->file = xstrdup(file);
	b->chapters = xmalloc(sizeof *b->chapters);
	b->chapters[0] = ch;
	b->nchapters = 1;
	b->by_path = xmalloc(sizeof *b->by_path);
	b->by_path[0] = ch;
	b->nby_path = 1;
	ch->site_name = xasprintf("%s.html", ch->slug);
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
	char *stem = xstrndup(base, strlen(base) - 3);
	ch->slug = slug_heading(stem, strlen(stem));
	free(stem);
	ch->site_name = xasprintf("%s.html", ch->slug);
	ch->epub_name = xasprintf("%s.xhtml", ch->slug);
	ch->index = (size_t)-1;
	b->stubs = xrealloc(b->stubs, (b->nstubs + 1) * sizeof *b->stubs);
	b->stubs[b->nstubs++] = ch;
	return ch;
}

static void free_chapter(struct chapter *ch)
{
	free(ch->path);
	free(ch->file);
	free(ch->text);
	free(ch->title);
	free(ch->summary);
	free(ch->reviewed);
	free(ch->slug);
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
	free(b->chapters);
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
