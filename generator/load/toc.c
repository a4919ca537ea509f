/* toc.c - the book's hierarchy (see toc.h). */
#include "load/toc.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/slug.h"
#include "base/sorted.h"
#include "base/text.h"
#include "base/xalloc.h"
#include "write/fsx.h"

#define SUMMARY_MAX (4u << 20)  /* a table of contents, not a chapter */
#define LIST_DEPTH_MAX 32       /* nesting of SUMMARY.md's lists */

const char *toc_item_title(const struct toc_item *t)
{
	if (t->title && *t->title)
		return t->title;
	if (t->ch && t->ch->title)
		return t->ch->title;
	return t->ch ? t->ch->path : "";
}

int toc_index_rank(const char *base)
{
	if (!strcmp(base, "index.md"))
		return 1;
	if (!strcmp(base, "_index.md"))
		return 2;
	if (!strcmp(base, "README.md"))
		return 3;
	return 0;
}

int toc_natural_cmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
	while (*p && *q) {
		if (isdigit(*p) && isdigit(*q)) {
			while (*p == '0' && isdigit(p[1]))
				p++;
			while (*q == '0' && isdigit(q[1]))
				q++;
			size_t n = 0, m = 0;
			while (isdigit(p[n]))
				n++;
			while (isdigit(q[m]))
				m++;
			if (n != m)
				return n < m ? -1 : 1;
			int c = memcmp(p, q, n);
			if (c)
				return c;
			p += n;
			q += m;
			continue;
		}
		int x = tolower(*p), y = tolower(*q);
		if (x != y)
			return x < y ? -1 : 1;
		p++, q++;
	}
	if (*p || *q)
		return *p ? 1 : -1;
	return strcmp(a, b);
}

/* ---- SUMMARY.md ---------------------------------------------------------- */

struct summary {
	struct book *b;
	const char *file;
	char **paths;
	size_t cap;
	unsigned counters[LIST_DEPTH_MAX];
};

static size_t add_item(struct summary *s, enum toc_kind kind, unsigned depth, char *title, char *path,
		       struct pos p)
{
	struct book *b = s->b;
	if (b->ntoc == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 32;
		b->toc = xrealloc(b->toc, s->cap * sizeof *b->toc);
		s->paths = xrealloc(s->paths, s->cap * sizeof *s->paths);
	}
	b->toc[b->ntoc] = (struct toc_item){ .kind = kind, .depth = depth, .title = title, .parent = TOC_NONE, .pos = p };
	s->paths[b->ntoc] = path;
	return b->ntoc++;
}

/* The text of a link's [label]: backslash escapes and code backticks
 * removed (the TOC shows plain text). */
static char *label_text(const char *s, size_t n)
{
	struct buf o = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && ispunct((unsigned char)s[i + 1]))
			buf_putc(&o, s[++i]);
		else if (s[i] != '`')
			buf_putc(&o, s[i]);
	}
	char *t = buf_detach(&o, NULL);
	/* trim */
	size_t a = strspn(t, " \t"), len = strlen(t);
	while (len > a && (t[len - 1] == ' ' || t[len - 1] == '\t'))
		len--;
	memmove(t, t + a, len - a);
	t[len - a] = '\0';
	return t;
}

/* A Markdown link at s: "[label](dest)" (dest may be empty, in <...>, and
 * followed by a "title").  Returns the bytes it takes, or 0; sets the
 * label and the destination (malloc'd). */
static size_t parse_link(const char *s, char **label, char **dest)
{
	if (*s != '[')
		return 0;
	size_t i = 1;
	int depth = 1;
	for (; s[i] && depth; i++) {
		if (s[i] == '\\' && s[i + 1])
			i++;
		else if (s[i] == '[')
			depth++;
		else if (s[i] == ']')
			depth--;
	}
	if (depth || s[i] != '(')
		return 0;
	size_t lab_end = i - 1;
	i++;
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	size_t d0, d1;
	if (s[i] == '<') {
		d0 = ++i;
		while (s[i] && s[i] != '>')
			i++;
		if (!s[i])
			return 0;
		d1 = i++;
	} else {
		d0 = i;
		int par = 0;
		while (s[i] && s[i] != ' ' && s[i] != '\t' && !(s[i] == ')' && par == 0)) {
			if (s[i] == '\\' && s[i + 1])
				i++;
			else if (s[i] == '(')
				par++;
			else if (s[i] == ')')
				par--;
			i++;
		}
		d1 = i;
	}
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	if (s[i] == '"' || s[i] == '\'') { /* a title: ignored */
		char qc = s[i++];
		while (s[i] && s[i] != qc)
			i++;
		if (s[i])
			i++;
		while (s[i] == ' ' || s[i] == '\t')
			i++;
	}
	if (s[i] != ')')
		return 0;
	*label = label_text(s + 1, lab_end - 1);
	*dest = xstrndup(s + d0, d1 - d0);
	return i + 1;
}

/* The listed file of `dest` (a link in SUMMARY.md, relative to its
 * folder, the SOURCE folder), normalised; NULL after reporting. */
static char *summary_path(struct summary *s, const char *dest, struct pos p)
{
	struct book *b = s->b;
	size_t n = strcspn(dest, "#?");
	char *raw = pct_decode(dest, n);
	char *path = raw ? path_resolve("", raw) : NULL;
	free(raw);
	if (!path || !*path) {
		diag_error(b->diags, p, "'%s' points outside the book folder", dest);
		free(path);
		return NULL;
	}
	size_t len = strlen(path);
	if (len < 4 || strcmp(path + len - 3, ".md")) {
		diag_error(b->diags, p, "a table of contents entry must name a .md file, not '%s'", dest);
		free(path);
		return NULL;
	}
	char *full = path_join(b->source, path);
	bool ok = is_regular_file(full) && path_is_inside(b->source, full);
	free(full);
	if (!ok) {
		diag_error(b->diags, p, "no such chapter file '%s' (the table of contents lists it)", dest);
		free(path);
		return NULL;
	}
	/* a file the chapters' walk leaves out (exclude:, node_modules/, static:) */
	const char *why = NULL;
	for (char *q = path; !why && (q = strchr(q, '/')); q++) {
		*q = '\0';
		why = book_skipped(b, path, true);
		*q = '/';
	}
	if (!why)
		why = book_skipped(b, path, false);
	if (why) {
		diag_error(b->diags, p, "'%s' is listed in the table of contents but not read as a chapter: %s", dest, why);
		free(path);
		return NULL;
	}
	return path;
}

int toc_read_summary(struct book *b, const char *file, char ***paths)
{
	char *text = NULL;
	size_t len;
	*paths = NULL;
	if (read_file_max(file, SUMMARY_MAX, &text, &len))
		return diag_error(b->diags, (struct pos){ file, 0, 0 }, "cannot read: %s", read_error(file, errno));
	if (memchr(text, '\0', len)) {
		free(text);
		return diag_error(b->diags, (struct pos){ file, 0, 0 }, "file contains a NUL byte (is it a text file?)");
	}
	struct summary s = { .b = b, .file = file };
	unsigned indents[LIST_DEPTH_MAX];
	size_t nind = 0;
	bool seen = false, in_list = false, part = false, comment = false;
	int rc = 0;
	unsigned line = 0;
	for (char *p = text, *next; p < text + len; p = next) {
		char *eol = memchr(p, '\n', (size_t)(text + len - p));
		next = eol ? eol + 1 : text + len;
		if (!eol)
			eol = text + len;
		line++;
		size_t n = (size_t)(eol - p);
		if (n && p[n - 1] == '\r')
			n--;
		char *l = xstrndup(p, n);
		size_t ind = 0, col = 0;
		while (l[col] == ' ' || l[col] == '\t')
			ind += l[col++] == '\t' ? 4 : 1;
		char *t = l + col;
		struct pos at = { file, line, (unsigned)col + 1 };
		if (comment || !strncmp(t, "<!--", 4)) {
			comment = !strstr(t, "-->");
			goto next;
		}
		if (!*t)
			goto next;
		if (*t == '#') {
			size_t h = strspn(t, "#");
			if (h <= 6 && (t[h] == ' ' || t[h] == '\t' || !t[h])) {
				char *ht = t + h;
				size_t hn = strlen(ht);
				while (hn && (ht[hn - 1] == '#' || ht[hn - 1] == ' ' || ht[hn - 1] == '\t'))
					hn--;
				if (seen) { /* a part's title; the first heading is the book's title */
					add_item(&s, TOC_LABEL, 0, label_text(ht, hn), NULL, at);
					part = true;
					in_list = false;
					nind = 0;
				}
				seen = true;
				goto next;
			}
		}
		seen = true;
		if ((t[0] == '-' || t[0] == '*' || t[0] == '_') && strspn(t, "-*_ \t") == strlen(t) &&
		    strspn(t, "-") + strspn(t, "*") + strspn(t, "_") >= 3 && t[1] != ' ') {
			add_item(&s, TOC_SEPARATOR, part ? 1 : 0, NULL, NULL, at);
			goto next;
		}
		char *label = NULL, *dest = NULL;
		size_t m = 0, marker = 0;
		if ((t[0] == '-' || t[0] == '*' || t[0] == '+') && (t[1] == ' ' || t[1] == '\t'))
			marker = 1;
		else if (isdigit((unsigned char)t[0])) {
			size_t d = strspn(t, "0123456789");
			if ((t[d] == '.' || t[d] == ')') && (t[d + 1] == ' ' || t[d + 1] == '\t'))
				marker = d + 1;
		}
		if (marker) { /* a numbered chapter, nested by its indent */
			char *c = t + marker;
			c += strspn(c, " \t");
			size_t level;
			while (nind && indents[nind - 1] > ind)
				nind--;
			if (nind && indents[nind - 1] == ind)
				level = nind - 1;
			else if (nind < LIST_DEPTH_MAX)
				indents[nind++] = (unsigned)ind, level = nind - 1;
			else {
				rc = diag_error(b->diags, at, "table of contents nested deeper than %d levels", LIST_DEPTH_MAX);
				goto next;
			}
			nind = level + 1;
			in_list = true;
			s.counters[level]++;
			for (size_t k = level + 1; k < LIST_DEPTH_MAX; k++)
				s.counters[k] = 0;
			struct buf num = BUF_INIT;
			for (size_t k = 0; k <= level; k++)
				buf_printf(&num, "%u.", s.counters[k]);
			unsigned depth = (unsigned)level + (part ? 1 : 0);
			struct pos lp = { file, line, (unsigned)(c - l) + 1 };
			m = parse_link(c, &label, &dest);
			size_t it;
			if (!m) { /* text without a link: a heading for what it holds */
				size_t cn = strlen(c);
				it = add_item(&s, TOC_LABEL, depth, label_text(c, cn), NULL, lp);
				buf_release(&num);
			} else if (!*dest) {
				it = add_item(&s, TOC_DRAFT, depth, label, NULL, lp);
				b->toc[it].number = buf_detach(&num, NULL);
				label = NULL;
			} else {
				char *path = summary_path(&s, dest, lp);
				if (!path) {
					rc = -1;
					it = add_item(&s, TOC_DRAFT, depth, label, NULL, lp);
				} else {
					it = add_item(&s, TOC_PAGE, depth, label, path, lp);
				}
				b->toc[it].number = buf_detach(&num, NULL);
				label = NULL;
			}
			(void)it;
			if (m && c[m] && strspn(c + m, " \t") != strlen(c + m))
				diag_warning(b->diags, (struct pos){ file, line, (unsigned)(c - l + m) + 1 },
					     "text after the link in a table of contents entry is ignored");
		} else if ((m = parse_link(t, &label, &dest))) {
			/* a prefix chapter (before the list) or a suffix chapter (after it): unnumbered */
			if (in_list)
				part = false;
			char *path = *dest ? summary_path(&s, dest, at) : NULL;
			if (*dest && !path)
				rc = -1;
			add_item(&s, path ? TOC_PAGE : TOC_DRAFT, 0, label, path, at);
			label = NULL;
		} else {
			diag_warning(b->diags, at, "not a table of contents entry (a '- [Title](file.md)' list item, "
						   "a '# Part' heading or '---'); ignored");
		}
		free(label);
		free(dest);
next:
		free(l);
	}
	free(text);
	*paths = s.paths;
	if (!b->ntoc && rc == 0)
		diag_warning(b->diags, (struct pos){ file, 0, 0 }, "the table of contents lists no chapters");
	return rc;
}

/* ---- book.yaml's toc: ------------------------------------------------------ */

/* The keys of a toc: entry, with the other tools' names for them:
 * Jupyter Book's file/title/sections and parts (caption/chapters),
 * mdBook's and VitePress's idea of a part. */
static const char *const toc_keys[] = { "file", "path", "title", "children", "sections", "part", "caption",
					"chapters", NULL };

static bool is_toc_key(const char *k)
{
	for (int i = 0; toc_keys[i]; i++)
		if (!strcmp(k, toc_keys[i]))
			return true;
	return false;
}

/* The value of the first of two keys an entry has (an error when it has
 * both), or NULL. */
static const struct ynode *either(struct book *b, const struct ynode *m, const char *k1, const char *k2, int *rc)
{
	const struct ynode *v1 = ynode_get(m, k1), *v2 = ynode_get(m, k2);
	if (v1 && v2) {
		*rc = diag_error(b->diags, v2->pos, "a toc: entry has '%s' and '%s'; give one", k1, k2);
		return v1;
	}
	return v1 ? v1 : v2;
}

static const char *scalar_of(struct book *b, const struct ynode *n, const char *what, int *rc)
{
	if (!n || ynode_is_null(n))
		return NULL;
	if (n->kind != Y_SCALAR) {
		*rc = diag_error(b->diags, n->pos, "'%s' in a toc: entry must be text, not a list or mapping", what);
		return NULL;
	}
	return n->value;
}

static void yaml_entries(struct summary *s, const struct ynode *list, unsigned level, bool part, int *rc);

/* One entry of a toc: list at nesting `level` (0: the top) inside a part
 * or not. */
static void yaml_entry(struct summary *s, const struct ynode *e, unsigned level, bool part, int *rc)
{
	struct book *b = s->b;
	const char *file = NULL, *title = NULL;
	const struct ynode *kids = NULL, *at = e;
	if (e->kind == Y_SEQ) {
		*rc = diag_error(b->diags, e->pos, "a toc: entry is a file name or a mapping (file:, title:, children:), "
						   "not a list");
		return;
	}
	if (e->kind == Y_SCALAR) {
		if (!strcmp(e->value, "---")) { /* a separator, as SUMMARY.md writes it */
			add_item(s, TOC_SEPARATOR, level + (part ? 1 : 0), NULL, NULL, e->pos);
			return;
		}
		if (!*e->value || ynode_is_null(e)) {
			*rc = diag_error(b->diags, e->pos, "empty toc: entry; write a file name (intro.md)");
			return;
		}
		file = e->value;
	} else if (e->n == 1 && !is_toc_key(e->keys[0])) {
		/* MkDocs' nav: "Title: file.md", or "Section: [ … ]" */
		const struct ynode *v = e->items[0];
		title = e->keys[0];
		const char *near = text_closest(title, toc_keys, sizeof toc_keys / sizeof *toc_keys - 1, 1);
		if (near)
			diag_warning(b->diags, e->key_pos[0], "unknown key '%s' in a toc: entry; did you mean '%s'? "
							      "(read as an entry titled '%s')", title, near, title);
		if (v->kind == Y_SEQ)
			kids = v;
		else if (!(file = scalar_of(b, v, title, rc)) && v->kind != Y_SCALAR)
			return;
		at = v;
	} else {
		const struct ynode *pt = either(b, e, "part", "caption", rc);
		for (size_t i = 0; i < e->n; i++)
			if (!is_toc_key(e->keys[i])) {
				const char *near = text_closest(e->keys[i], toc_keys, sizeof toc_keys / sizeof *toc_keys - 1,
								strlen(e->keys[i]) <= 5 ? 1 : 2);
				if (near)
					diag_warning(b->diags, e->key_pos[i], "unknown key '%s' in a toc: entry; did you mean '%s'?",
						     e->keys[i], near);
				else
					diag_warning(b->diags, e->key_pos[i], "unknown key '%s' in a toc: entry (ignored)",
						     e->keys[i]);
			}
		if (pt) { /* a part: a heading over its chapters */
			const char *name = scalar_of(b, pt, "part", rc);
			if (level || part) {
				*rc = diag_error(b->diags, pt->pos, "a part belongs at the top of toc:, not inside an entry");
				return;
			}
			if (ynode_get(e, "file") || ynode_get(e, "path"))
				*rc = diag_error(b->diags, pt->pos, "a part has chapters:, not a file of its own");
			add_item(s, TOC_LABEL, 0, xstrdup(name ? name : ""), NULL, pt->pos);
			const struct ynode *ch = ynode_get(e, "chapters");
			if (!ch)
				ch = either(b, e, "children", "sections", rc);
			if (ch)
				yaml_entries(s, ch, 0, true, rc);
			return;
		}
		const struct ynode *f = either(b, e, "file", "path", rc);
		file = scalar_of(b, f, "file", rc);
		if (f)
			at = f;
		title = scalar_of(b, ynode_get(e, "title"), "title", rc);
		kids = either(b, e, "children", "sections", rc);
		if (!kids)
			kids = ynode_get(e, "chapters");
		if (!file && !title && !kids) {
			*rc = diag_error(b->diags, e->pos, "a toc: entry needs file: (or title: and children:)");
			return;
		}
	}
	if (level >= LIST_DEPTH_MAX) {
		*rc = diag_error(b->diags, e->pos, "table of contents nested deeper than %d levels", LIST_DEPTH_MAX);
		return;
	}
	unsigned depth = level + (part ? 1 : 0);
	size_t it;
	if (!file && kids) { /* a heading for what it holds, like a folder without a page */
		it = add_item(s, TOC_LABEL, depth, xstrdup(title ? title : ""), NULL, e->pos);
	} else {
		char *path = file ? summary_path(s, file, at->pos) : NULL;
		if (file && !path)
			*rc = -1;
		char *t = title ? xstrdup(title) : NULL;
		if (!path && !t)
			t = xstrdup(file ? file : "");
		it = add_item(s, path ? TOC_PAGE : TOC_DRAFT, depth, t, path, e->pos);
		/* numbered as SUMMARY.md's list is; the home page (the book
		 * folder's index.md or README.md) is not, like a prefix chapter */
		if (!(path && !strchr(path, '/') && toc_index_rank(path))) {
			s->counters[level]++;
			for (size_t k = level + 1; k < LIST_DEPTH_MAX; k++)
				s->counters[k] = 0;
			struct buf num = BUF_INIT;
			for (size_t k = 0; k <= level; k++)
				buf_printf(&num, "%u.", s->counters[k]);
			b->toc[it].number = buf_detach(&num, NULL);
		}
	}
	(void)it;
	if (kids)
		yaml_entries(s, kids, level + 1, part, rc);
}

static void yaml_entries(struct summary *s, const struct ynode *list, unsigned level, bool part, int *rc)
{
	if (list->kind != Y_SEQ) {
		*rc = diag_error(s->b->diags, list->pos, "expected a list of toc: entries here");
		return;
	}
	for (size_t i = 0; i < list->n; i++)
		yaml_entry(s, list->items[i], level, part, rc);
}

int toc_read_yaml(struct book *b, const struct ynode *toc, char ***paths)
{
	struct summary s = { .b = b, .file = b->yaml_file };
	int rc = 0;
	*paths = NULL;
	yaml_entries(&s, toc, 0, false, &rc);
	*paths = s.paths;
	if (!b->ntoc && rc == 0)
		diag_warning(b->diags, toc->pos, "the table of contents lists no chapters");
	return rc;
}

/* ---- the folder tree ------------------------------------------------------ */

struct folder {
	char *path;                /* "" for SOURCE */
	size_t parent;             /* index in the folder list, or TOC_NONE for SOURCE */
	struct chapter *page;      /* its index page, or NULL */
	double min_order;          /* the least order: of what it holds, at any depth */
	bool has_min;
	struct entry {             /* ch, or a subfolder */
		struct chapter *ch;
		size_t folder;
		/* its sort key (entry_key, before the folder's entries are sorted) */
		bool has_order;
		double order;
		const char *name;  /* the last part of its path */
		int namelen;       /* without ".md" for a file */
	} *e;
	size_t n, cap;
};

struct tree {
	struct folder *f;
	size_t n, cap;
	struct book *b;
	size_t cap_toc;
};

static int key_folder(const void *key, const void *elem)
{
	return strcmp(key, ((const struct folder *)elem)->path);
}

static size_t folder_find(struct tree *t, const char *path)
{
	size_t i = lower_bound(t->f, t->n, sizeof *t->f, path, key_folder);
	return i < t->n && !strcmp(t->f[i].path, path) ? i : TOC_NONE;
}

static void entry_add(struct folder *f, struct chapter *ch, size_t folder)
{
	f->e = xgrow(f->e, &f->cap, f->n + 1, sizeof *f->e);
	f->e[f->n++] = (struct entry){ .ch = ch, .folder = folder };
}


/* An entry's place by order: a page's own; a folder's page's, else the
 * least order of what the folder holds (a book numbering its chapters
 * across folders keeps its sequence). */
static bool entry_order(const struct tree *t, const struct entry *e, double *o)
{
	if (e->ch) {
		*o = e->ch->order;
		return e->ch->has_order;
	}
	const struct folder *f = &t->f[e->folder];
	if (f->page && f->page->has_order) {
		*o = f->page->order;
		return true;
	}
	*o = f->min_order;
	return f->has_min;
}

/* Entry e's sort key, from the tree (qsort's comparison gets no context,
 * so each entry carries its own). */
static void entry_key(const struct tree *t, struct entry *e)
{
	e->order = 0;
	e->has_order = entry_order(t, e, &e->order);
	const char *p = e->ch ? e->ch->path : t->f[e->folder].path;
	const char *s = strrchr(p, '/');
	e->name = s ? s + 1 : p;
	/* a file sorts by its name without ".md", so "2-x.md" and the folder "2-x" stay together */
	size_t n = strlen(e->name);
	e->namelen = (int)(e->ch && n >= 3 ? n - 3 : n);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if (x->has_order != y->has_order)
		return x->has_order ? -1 : 1;
	if (x->has_order && x->order != y->order)
		return x->order < y->order ? -1 : 1;
	char nx[256], ny[256];
	snprintf(nx, sizeof nx, "%.*s", x->namelen, x->name);
	snprintf(ny, sizeof ny, "%.*s", y->namelen, y->name);
	int c = toc_natural_cmp(nx, ny);
	if (c)
		return c;
	return x->ch ? (y->ch ? 0 : -1) : (y->ch ? 1 : 0);
}

/* "getting-started" -> "Getting started": the label of a folder without a page. */
static char *folder_label(const char *path)
{
	const char *s = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *t = xstrdup(s);
	for (char *p = t; *p; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	if (*t >= 'a' && *t <= 'z')
		*t = (char)(*t - 'a' + 'A');
	return t;
}

static void tree_item(struct tree *t, enum toc_kind kind, unsigned depth, char *title, struct chapter *ch)
{
	struct book *b = t->b;
	b->toc = xgrow(b->toc, &t->cap_toc, b->ntoc + 1, sizeof *b->toc);
	b->toc[b->ntoc++] = (struct toc_item){ .kind = kind, .depth = depth, .title = title, .ch = ch, .parent = TOC_NONE };
}

static void tree_emit(struct tree *t, size_t fi, unsigned depth)
{
	struct folder *f = &t->f[fi];
	for (size_t i = 0; i < f->n; i++)
		entry_key(t, &f->e[i]);
	if (f->n > 1) /* f->e is NULL in a folder of nothing but its page */
		qsort(f->e, f->n, sizeof *f->e, cmp_entry);
	for (size_t i = 0; i < f->n; i++) {
		struct entry *e = &f->e[i];
		if (e->ch) {
			tree_item(t, TOC_PAGE, depth, NULL, e->ch);
			continue;
		}
		struct folder *sub = &t->f[e->folder];
		if (sub->page)
			tree_item(t, TOC_PAGE, depth, NULL, sub->page);
		else
			tree_item(t, TOC_LABEL, depth, folder_label(sub->path), NULL);
		if (depth < 64)
			tree_emit(t, e->folder, depth + 1);
	}
}

static void toc_from_tree(struct book *b, struct chapter **all, size_t nall)
{
	struct tree t = { .b = b };
	/* every folder holding a chapter, and the folders above it */
	size_t nd = 0, dcap = nall + 1;
	char **dirs = xmalloc(dcap * sizeof *dirs);
	dirs[nd++] = xstrdup("");
	for (size_t i = 0; i < nall; i++)
		if (!all[i]->draft)
			dirs[nd++] = path_dir(all[i]->path);
	for (size_t i = 0, n = nd; i < n; i++) { /* the ancestors */
		char *d = path_dir(dirs[i]);
		while (*d) {
			dirs = xgrow(dirs, &dcap, nd + 1, sizeof *dirs);
			dirs[nd++] = d;
			d = path_dir(d);
		}
		free(d);
	}
	qsort(dirs, nd, sizeof *dirs, cmp_str_ptr);
	t.f = xcalloc(nd, sizeof *t.f);
	for (size_t i = 0; i < nd; i++) {
		if (t.n && !strcmp(t.f[t.n - 1].path, dirs[i])) {
			free(dirs[i]);
			continue;
		}
		t.f[t.n++] = (struct folder){ .path = dirs[i], .parent = TOC_NONE };
	}
	free(dirs);
	for (size_t i = 0; i < t.n; i++)
		if (*t.f[i].path) {
			char *up = path_dir(t.f[i].path);
			t.f[i].parent = folder_find(&t, up);
			free(up);
		}
	/* each folder's page: the best-ranked index name among its files */
	for (size_t i = 0; i < nall; i++) {
		struct chapter *ch = all[i];
		const char *base = strrchr(ch->path, '/') ? strrchr(ch->path, '/') + 1 : ch->path;
		int r = toc_index_rank(base);
		if (ch->draft || !r || !strchr(ch->path, '/'))
			continue;
		char *d = path_dir(ch->path);
		struct folder *f = &t.f[folder_find(&t, d)];
		free(d);
		const char *pb = f->page ? strrchr(f->page->path, '/') + 1 : NULL;
		if (!f->page || r < toc_index_rank(pb))
			f->page = ch;
	}
	for (size_t i = 0; i < nall; i++) {
		struct chapter *ch = all[i];
		if (ch->draft)
			continue;
		char *d = path_dir(ch->path);
		struct folder *f = &t.f[folder_find(&t, d)];
		free(d);
		if (f->page == ch)
			ch->is_index = true;
		else
			entry_add(f, ch, 0);
	}
	for (size_t i = 0; i < t.n; i++)
		if (t.f[i].parent != TOC_NONE)
			entry_add(&t.f[t.f[i].parent], NULL, i);
	for (size_t i = 0; i < nall; i++) { /* each folder's least order, at any depth */
		struct chapter *ch = all[i];
		if (ch->draft || !ch->has_order)
			continue;
		char *d = path_dir(ch->path);
		for (size_t fi = folder_find(&t, d); fi != TOC_NONE; fi = t.f[fi].parent)
			if (!t.f[fi].has_min || ch->order < t.f[fi].min_order)
				t.f[fi].min_order = ch->order, t.f[fi].has_min = true;
		free(d);
	}
	size_t root = folder_find(&t, "");
	tree_emit(&t, root, 0);
	for (size_t i = 0; i < t.n; i++) {
		free(t.f[i].path);
		free(t.f[i].e);
	}
	free(t.f);
}

/* ---- output names ---------------------------------------------------------- */

static bool name_ok(const char *s, size_t n)
{
	if (!n || s[0] == '.' || n > 200)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(c >= 0x80 || isalnum(c) || c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* A source folder path as an output folder: each name kept when it is a
 * plain file name, else made one ("My notes" -> "my-notes"). */
static void out_dir(struct buf *o, const char *dir)
{
	for (const char *p = dir; *p;) {
		size_t n = strcspn(p, "/");
		if (o->len)
			buf_putc(o, '/');
		if (name_ok(p, n)) {
			buf_add(o, p, n);
		} else {
			char *s = slug_filename(p, n, "folder");
			buf_puts(o, s);
			free(s);
		}
		p += n + (p[n] == '/');
	}
}

char *toc_site_name(const struct book *b, const struct chapter *ch)
{
	if (ch == b->home)
		return xstrdup("index.html");
	struct buf o = BUF_INIT;
	char *dir = path_dir(ch->path);
	if (ch->is_index) {
		if (ch->slug_set) { /* slug: renames the folder's page's folder */
			char *up = path_dir(dir);
			out_dir(&o, up);
			if (o.len)
				buf_putc(&o, '/');
			buf_puts(&o, ch->slug);
			free(up);
		} else {
			out_dir(&o, dir);
		}
		buf_puts(&o, o.len ? "/index.html" : "index.html");
	} else {
		out_dir(&o, dir);
		if (o.len)
			buf_putc(&o, '/');
		buf_puts(&o, ch->slug);
		buf_puts(&o, ".html");
	}
	free(dir);
	return buf_detach(&o, NULL);
}

static int cmp_site_name(const void *a, const void *b)
{
	const struct chapter *x = *(struct chapter *const *)a, *y = *(struct chapter *const *)b;
	int c = strcasecmp(x->site_name, y->site_name);
	return c ? c : strcmp(x->path, y->path);
}

/* Two pages written to one file (or to names only case tells apart: one
 * file on macOS and Windows), or a page on a name the site's own pages
 * use: errors at the page's slug or file. */
static void check_names(struct book *b)
{
	static const char *const reserved[] = { "index.html", "404.html", "search.html", "sitemap.xml", "robots.txt", NULL };
	struct chapter **v = xmalloc((b->nchapters + 1) * sizeof *v);
	memcpy(v, b->chapters, b->nchapters * sizeof *v);
	qsort(v, b->nchapters, sizeof *v, cmp_site_name);
	for (size_t i = 0; i < b->nchapters; i++) {
		for (int k = 0; reserved[k]; k++)
			if (!strcasecmp(v[i]->site_name, reserved[k])) {
				if (v[i]->slug_set)
					diag_error(b->diags, v[i]->slug_pos,
						   "slug '%s' is reserved for the site's own pages (%s); choose another 'slug:'",
						   v[i]->slug, reserved[k]);
				else
					diag_error(b->diags, v[i]->slug_pos,
						   "page '%s' would replace the site's own %s; give the chapter a 'slug:'",
						   v[i]->path, reserved[k]);
			}
		if (i && !strcasecmp(v[i]->site_name, v[i - 1]->site_name)) {
			/* the error at the one a slug: sent there, else at the later file */
			struct chapter *at = v[i], *other = v[i - 1];
			if (other->slug_set && !at->slug_set)
				at = v[i - 1], other = v[i];
			diag_error(b->diags, at->slug_pos, "page '%s' is also written by %s%s; give one of them another 'slug:'",
				   at->site_name, other->file,
				   strcmp(at->site_name, other->site_name) ? " (the names differ only in case)" : "");
			diag_note(b->diags, other->slug_pos, "'%s' first written for this file", other->site_name);
		}
	}
	free(v);
}

/* ---- the whole --------------------------------------------------------------- */

static int key_chapter(const void *key, const void *elem)
{
	return strcmp(key, (*(struct chapter *const *)elem)->path);
}

void toc_build(struct book *b, struct chapter **all, size_t nall, char **paths)
{
	if (paths) { /* SUMMARY.md: the listed files */
		for (size_t i = 0; i < b->ntoc; i++) {
			struct toc_item *t = &b->toc[i];
			if (t->kind != TOC_PAGE)
				continue;
			struct chapter *ch = NULL;
			if (b->home && !strcmp(paths[i], b->home->path)) {
				ch = b->home;
			} else {
				size_t k = lower_bound(all, nall, sizeof *all, paths[i], key_chapter);
				if (k < nall && !strcmp(all[k]->path, paths[i]))
					ch = all[k];
			}
			if (ch && ch->toc != TOC_NONE) {
				diag_warning(b->diags, t->pos, "'%s' is listed twice; only its first entry links to it",
					     paths[i]);
				ch = NULL;
			}
			if (!ch || ch->draft) {
				t->kind = TOC_DRAFT;
				if (!t->title && ch)
					t->title = xstrdup(ch->title ? ch->title : ch->path);
				continue;
			}
			t->ch = ch;
			ch->toc = i;
			if (t->title)
				ch->toc_title = xstrdup(t->title);
			const char *base = strrchr(ch->path, '/') ? strrchr(ch->path, '/') + 1 : ch->path;
			ch->is_index = ch != b->home && toc_index_rank(base) && strchr(ch->path, '/');
		}
		/* a folder with two index names listed: the better-ranked one is its page */
		for (size_t i = 0; i < nall; i++)
			for (size_t k = i + 1; all[i]->is_index && k < nall; k++) {
				if (!all[k]->is_index)
					continue;
				char *a = path_dir(all[i]->path), *c = path_dir(all[k]->path);
				bool same = !strcmp(a, c);
				free(a);
				free(c);
				if (!same)
					break;
				struct chapter *lose = toc_index_rank(strrchr(all[i]->path, '/') + 1) <
							       toc_index_rank(strrchr(all[k]->path, '/') + 1) ? all[k] : all[i];
				lose->is_index = false;
			}
	} else {
		toc_from_tree(b, all, nall);
		/* numbers count pages only: a folder without a page is a heading,
		 * like a SUMMARY.md part, and what it holds is numbered one level
		 * up ("1.2." under "1." however many such folders are between) */
		unsigned counters[66] = { 0 }, labels[66] = { 0 };
		for (size_t i = 0; i < b->ntoc; i++) {
			struct toc_item *t = &b->toc[i];
			unsigned d = t->depth < 65 ? t->depth : 65;
			unsigned above = d ? labels[d - 1] : 0; /* labels among its ancestors */
			labels[d] = above + (t->kind == TOC_LABEL);
			if (t->kind != TOC_PAGE)
				continue;
			unsigned n = d - above;
			counters[n]++;
			for (unsigned k = n + 1; k < 66; k++)
				counters[k] = 0;
			t->ch->toc = i;
			struct buf num = BUF_INIT;
			for (unsigned k = 0; k <= n; k++)
				buf_printf(&num, "%u.", counters[k]);
			t->number = buf_detach(&num, NULL);
		}
	}
	/* parents: the line above at a smaller depth (a separator holds
	 * nothing).  `open` holds the lines that can still be one, depths
	 * strictly rising: each later line of a depth at most theirs closes
	 * them (linear; scanning back from every line was quadratic, 50
	 * million steps for a flat list of 10,000) */
	size_t *open = xmalloc((b->ntoc + 1) * sizeof *open), nopen = 0;
	for (size_t i = 0; i < b->ntoc; i++) {
		unsigned d = b->toc[i].depth;
		if (b->toc[i].kind == TOC_SEPARATOR) { /* closes nothing */
			size_t k = nopen;
			while (k > 0 && b->toc[open[k - 1]].depth >= d)
				k--;
			b->toc[i].parent = k ? open[k - 1] : TOC_NONE;
			continue;
		}
		while (nopen > 0 && b->toc[open[nopen - 1]].depth >= d)
			nopen--;
		b->toc[i].parent = nopen ? open[nopen - 1] : TOC_NONE;
		open[nopen++] = i;
	}
	free(open);
	/* reading order */
	free(b->chapters);
	b->chapters = xmalloc((b->ntoc + 1) * sizeof *b->chapters);
	b->nchapters = 0;
	for (size_t i = 0; i < b->ntoc; i++) {
		struct toc_item *t = &b->toc[i];
		if (t->kind != TOC_PAGE || t->ch == b->home)
			continue;
		struct chapter *ch = t->ch;
		for (size_t p = t->parent; p != TOC_NONE; p = b->toc[p].parent)
			if (b->toc[p].kind == TOC_PAGE) {
				ch->parent = b->toc[p].ch;
				break;
			}
		ch->index = b->nchapters;
		b->chapters[b->nchapters++] = ch;
	}
	for (size_t i = 0; i < b->nchapters; i++) {
		struct chapter *ch = b->chapters[i];
		ch->site_name = toc_site_name(b, ch);
		ch->epub_name = xasprintf("c%04zu.xhtml", i + 1);
	}
	if (b->home) {
		b->home->site_name = xstrdup("index.html");
		b->home->epub_name = xstrdup("intro.xhtml");
		b->home->index = (size_t)-1;
	}
	check_names(b);
}
