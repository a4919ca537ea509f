/* book.c - the load stage: book.yaml and every chapter's front matter. */
#include "model/book.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/escape.h"
#include "load/frontmatter.h"
#include "write/fsx.h"
#include "base/imagesize.h"
#include "base/slug.h"
#include "model/ui.h"
#include "base/xalloc.h"

static const char *const book_keys[] = {
	"title", "subtitle", "author", "language", "description", "base_url", "license",
	"theme", "identifier", "cover", "date", "publisher", "slug", "edit_url", NULL,
};
static const char *const chapter_keys[] = {
	"title", "order", "summary", "slug", "draft", "tags", "date", "description", NULL,
};

/* ---- helpers ----------------------------------------------------------- */

static int cmp_path(const void *a, const void *b)
{
	const struct chapter *x = *(struct chapter *const *)a, *y = *(struct chapter *const *)b;
	return strcmp(x->path, y->path);
}

struct chapter *book_find(const struct book *b, const char *path)
{
	size_t lo = 0, hi = b->nby_path;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, b->by_path[mid]->path);
		if (c == 0)
			return b->by_path[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static const char *media_type(const char *path)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".png", "image/png" }, { ".jpg", "image/jpeg" }, { ".jpeg", "image/jpeg" },
		{ ".gif", "image/gif" }, { ".svg", "image/svg+xml" }, { ".webp", "image/webp" },
		{ ".pdf", "application/pdf" }, { ".txt", "text/plain" }, { ".csv", "text/csv" },
		{ ".mp3", "audio/mpeg" }, { ".mp4", "video/mp4" }, { ".zip", "application/zip" },
	};
	const char *dot = strrchr(path, '.');
	if (dot)
		for (size_t i = 0; i < sizeof types / sizeof *types; i++)
			if (strcasecmp(dot, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

struct asset *book_add_asset(struct book *b, const char *path, struct pos use)
{
	pthread_mutex_t *lock = b->asset_lock;
	pthread_mutex_lock(lock);
	size_t lo = 0, hi = b->nassets;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, b->assets[mid]->path);
		if (c == 0) {
			pthread_mutex_unlock(lock);
			return b->assets[mid];
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	b->assets = xgrow(b->assets, &b->assets_cap, b->nassets + 1, sizeof *b->assets);
	memmove(b->assets + lo + 1, b->assets + lo, (b->nassets - lo) * sizeof *b->assets);
	struct asset *a = xcalloc(1, sizeof *a);
	a->path = xstrdup(path);
	a->out = asset_out_name(path);
	a->media_type = xstrdup(media_type(path));
	a->is_image = strncmp(a->media_type, "image/", 6) == 0;
	a->first_use = use;
	b->assets[lo] = a;
	b->nassets++;
	pthread_mutex_unlock(lock);
	return a;
}

bool book_asset_size(struct book *b, struct asset *a, long *w, long *h)
{
	pthread_mutex_t *lock = b->asset_lock;
	pthread_mutex_lock(lock);
	if (!a->size_read) {
		a->size_read = true;
		char *file = path_join(b->source, a->path);
		FILE *f = a->is_image ? fopen(file, "rb") : NULL;
		if (f) {
			/* the size is in the first bytes (a JPEG's frame header may
			 * follow up to ~1 MB of metadata): read no more than that,
			 * nor more than the file holds */
			enum { HEAD = 1 << 20 };
			struct stat st;
			size_t cap = HEAD;
			if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size < HEAD)
				cap = st.st_size > 0 ? (size_t)st.st_size : 1;
			unsigned char *head = xmalloc(cap);
			size_t n = fread(head, 1, cap, f);
			fclose(f);
			if (!image_size(head, n, a->media_type, &a->width, &a->height))
				a->width = a->height = 0;
			free(head);
		}
		free(file);
	}
	bool known = a->width > 0;
	if (known)
		*w = a->width, *h = a->height;
	pthread_mutex_unlock(lock);
	return known;
}

/* Replace invalid UTF-8 with U+FFFD (warning at the first bad byte) and
 * refuse NUL bytes (error).  Returns 0 or -1. */
static int check_text(struct book *bk, const char *file, char **text, size_t *len)
{
	const unsigned char *s = (const unsigned char *)*text;
	size_t n = *len, i = 0;
	unsigned line = 1, col = 1;
	bool bad = false;
	struct buf b = BUF_INIT;
	const char *nul = memchr(*text, '\0', n);
	if (nul) {
		for (const char *p = *text; p < nul; p++)
			if (*p == '\n')
				line++, col = 1;
			else
				col++;
		return diag_error(bk->diags, (struct pos){ file, line, col }, "file contains a NUL byte (is it a text file?)");
	}
	while (i < n) {
		unsigned c = s[i];
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		bool ok = k != 0;
		if (!ok)
			k = 1;
		if (!ok) {
			if (!bad) {
				diag_warning(bk->diags, (struct pos){ file, line, col },
					     "invalid UTF-8; bad bytes replaced with U+FFFD");
				buf_add(&b, s, i);
				bad = true;
			}
			buf_puts(&b, "\xEF\xBF\xBD");
		} else if (bad) {
			buf_add(&b, s + i, k);
		}
		if (c == '\n')
			line++, col = 1;
		else
			col++;
		i += k;
	}
	if (bad) {
		free(*text);
		*text = buf_detach(&b, len);
	}
	return 0;
}

/* ---- book.yaml --------------------------------------------------------- */

bool book_language_ok(const char *tag)
{
	/* language (2-3 letters, or 4-8) then subtags of 1-8 alphanumerics */
	const char *p = tag;
	size_t n = 0;
	while (p[n] && p[n] != '-') {
		if (!((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z')))
			return false;
		n++;
	}
	if (!((n >= 2 && n <= 3) || (n >= 5 && n <= 8) || (n == 1 && (p[0] == 'x' || p[0] == 'i'))))
		return false;
	p += n;
	while (*p == '-') {
		p++;
		n = 0;
		while (p[n] && p[n] != '-') {
			char c = p[n];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
				return false;
			n++;
		}
		if (n < 1 || n > 8)
			return false;
		p += n;
	}
	return *p == '\0';
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
	fm_check_keys(b->diags, &f, book_keys, "book.yaml");
	rc = 0;
	for (size_t i = 0; i < f.n; i++) {
		struct fm_entry *e = &f.e[i];
		char **dst = NULL;
		if (!strcmp(e->key, "title")) dst = &b->title;
		else if (!strcmp(e->key, "subtitle")) dst = &b->subtitle;
		else if (!strcmp(e->key, "author")) dst = &b->author;
		else if (!strcmp(e->key, "language")) dst = &b->language;
		else if (!strcmp(e->key, "description")) dst = &b->description;
		else if (!strcmp(e->key, "base_url")) dst = &b->base_url;
		else if (!strcmp(e->key, "edit_url")) dst = &b->edit_url;
		else if (!strcmp(e->key, "license")) dst = &b->license;
		else if (!strcmp(e->key, "theme")) dst = &b->theme;
		else if (!strcmp(e->key, "identifier")) dst = &b->identifier;
		else if (!strcmp(e->key, "cover")) dst = &b->cover;
		else if (!strcmp(e->key, "date")) dst = &b->date;
		else if (!strcmp(e->key, "publisher")) dst = &b->publisher;
		else if (!strcmp(e->key, "slug")) dst = &b->slug;
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
		if (dst == &b->language && *dst && !book_language_ok(*dst)) {
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
			char *p = path_resolve("", *dst);
			char *full = p ? path_join(b->source, p) : NULL;
			if (!p)
				rc = diag_error(b->diags, e->val_pos, "cover '%s' must be a relative path inside the book folder", *dst);
			else if (!is_regular_file(full))
				rc = diag_error(b->diags, e->val_pos, "missing cover image '%s'", *dst);
			else if (!path_is_inside(b->source, full))
				rc = diag_error(b->diags, e->val_pos, "cover '%s' is a symbolic link to a file outside the book folder", *dst);
			else if (strcmp(media_type(p), "image/png") && strcmp(media_type(p), "image/jpeg"))
				rc = diag_error(b->diags, e->val_pos, "cover must be a PNG or JPEG image");
			else {
				free(*dst);
				*dst = xstrdup(p);
			}
			free(p);
			free(full);
		} else if (dst == &b->slug && *dst) {
			char *s = slug_filename(*dst, strlen(*dst), "book");
			free(*dst);
			*dst = s;
		}
	}
	if (!b->title)
		rc = diag_error(b->diags, (struct pos){ b->yaml_file, 1, 1 }, "book.yaml has no 'title'");
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
		fm_check_keys(b->diags, &f, chapter_keys, "front matter");
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
		/* default: the file name; "dir/index.md" takes the folder's name */
		char *dir = path_dir(rel);
		const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
		char *stem = xstrndup(base, strlen(base) - 3);
		if (!strcmp(stem, "index") && *dir) {
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
		if (!strcmp(v[i]->slug, "index") || !strcmp(v[i]->slug, "404"))
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

struct book *book_load(const char *source, struct diags *d)
{
	struct book *b = xcalloc(1, sizeof *b);
	b->diags = d;
	struct pathlist paths = { 0 };
	pthread_mutex_t *lock = xmalloc(sizeof *lock);
	pthread_mutex_init(lock, NULL);
	b->asset_lock = lock;
	b->source = xstrdup(source);
	b->yaml_file = path_join(source, "book.yaml");

	if (!is_directory(source)) {
		diag_error(b->diags, (struct pos){ source, 0, 0 }, "no such folder");
		book_free(b);
		return NULL;
	}
	if (load_book_yaml(b) && !b->title) {
		/* keep going: chapter errors are worth reporting too */
	}
	char *real_source = realpath(source, NULL);
	walk(b, source, real_source ? real_source : source, "", &paths, 0);
	free(real_source);

	struct chapter **all = xmalloc((paths.n + 1) * sizeof *all);
	size_t nall = 0;
	b->chapters = xmalloc((paths.n + 1) * sizeof *b->chapters);
	for (size_t i = 0; i < paths.n; i++) {
		struct chapter *ch = load_chapter(b, paths.v[i]);
		all[nall++] = ch;
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

static void free_chapter(struct chapter *ch)
{
	free(ch->path);
	free(ch->file);
	free(ch->text);
	free(ch->title);
	free(ch->summary);
	free(ch->slug);
	free(ch->title_id);
	for (size_t i = 0; i < ch->nheadings; i++) {
		free(ch->headings[i].id);
		free(ch->headings[i].text);
		free(ch->headings[i].html);
	}
	free(ch->headings);
	for (size_t i = 0; i < ch->nids; i++)
		free(ch->ids[i]);
	free(ch->ids);
	for (size_t i = 0; i < ch->nxrefs; i++)
		free(ch->xrefs[i].frag);
	free(ch->xrefs);
	free(ch->html);
	free(ch->xhtml);
	free(ch->plain);
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
	for (size_t i = 0; i < b->nassets; i++) {
		free(b->assets[i]->path);
		free(b->assets[i]->out);
		free(b->assets[i]->media_type);
		free(b->assets[i]);
	}
	free(b->assets);
	free(b->source);
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
	if (b->asset_lock) {
		pthread_mutex_destroy(b->asset_lock);
		free(b->asset_lock);
	}
	free(b);
}
