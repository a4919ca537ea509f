/* site.c - website pages from the book through the theme's templates. */
#include "site/site.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/escape.h"
#include "base/sorted.h"
#include "base/text.h"
#include "write/fsx.h"
#include "write/out.h"
#include "base/pool.h"
#include "site/template.h"
#include "model/ui.h"
#include "base/xalloc.h"

#define FOLIO_GENERATOR "folio"

/* ---- theme lookup ---------------------------------------------------------- */

char *site_find_theme(const struct book *b, const char *exe)
{
	const char *name = b->theme ? b->theme : "default";
	char *cand[6] = { 0 };
	size_t n = 0;
	if (strchr(name, '/')) {
		cand[n++] = path_join(book_root(b), name);
	} else {
		char *t = path_join("themes", name);
		cand[n++] = path_join(book_root(b), t);
		char *up = path_join(book_root(b), "..");
		cand[n++] = path_join(up, t);
		free(up);
		cand[n++] = xstrdup(t);
		if (exe && *exe) {
			char *d = path_dir(exe);
			if (!*d) {
				free(d);
				d = xstrdup(".");
			}
			char *u = path_join(d, "../themes");
			cand[n++] = path_join(u, name);
			free(u);
			u = path_join(d, "../share/folio/themes");
			cand[n++] = path_join(u, name);
			free(u);
			free(d);
		}
		free(t);
	}
	char *found = NULL;
	for (size_t i = 0; i < n; i++) {
		char *tpl = path_join(cand[i], "templates");
		if (!found && is_directory(tpl))
			found = xstrdup(cand[i]);
		free(tpl);
		free(cand[i]);
	}
	if (!found)
		diag_error(b->diags, (struct pos){ b->yaml_file, 0, 0 }, "theme '%s' not found (looked for themes/%s/templates beside the book and beside folio)",
			   name, name);
	return found;
}

/* ---- contexts ---------------------------------------------------------------- */

struct site {
	const struct book *b;
	struct tpl_set *tpl;
	char *dir;
	struct out_txn *tx;         /* the output transaction dir belongs to (write/out.h), or NULL */
	bool in_place;              /* dir is the published site, updated file by file (folio serve) */
	pthread_mutex_t names_lock;
	char **names;               /* every file written, from dir (in_place: changed or not) */
	size_t nnames, names_cap;
	size_t changed;             /* in_place: files whose bytes changed */
	char *epub_name;
	bool inline_toc;
	bool home_done;             /* site_page wrote index.html */
	bool own_kept;              /* site_keep_own */
	char **search;              /* each chapter's search-index entry (by index), made by site_page; NULL: no search page */
	char *notfound_body;        /* 404.md's rendered body and title id, kept by site_page for site_finish */
	char *notfound_title_id;
	atomic_int errors;
	/* folio's words, the same on every page: made once (ui_prepare) */
	char *ui[UI_NKEYS];         /* the texts, {title} filled in */
	const char *ui_attr[UI_NKEYS]; /* ' lang="en"' or "" */
	char *ui_json;              /* the folio-ui block's JSON */
	struct tval *ui_map, *ui_lang_map; /* `ui` and `ui_lang` of every page, made once */
};

static char *href_of(const char *name)
{
	struct buf u = BUF_INIT;
	esc_url(&u, name, strlen(name));
	return buf_detach(&u, NULL);
}

/* The href from the page written as `here` (its path from the site root)
 * to `to` (from the site root too): relative, so the site works from any
 * folder and from file://. */
static char *href_from(const char *here, const char *to)
{
	char *rel = path_href(here, to);
	char *h = href_of(rel);
	free(rel);
	return h;
}

/* "../" once for each folder `here` is in. */
static char *root_of(const char *here)
{
	struct buf o = BUF_INIT;
	for (const char *p = here; (p = strchr(p, '/')); p++)
		buf_puts(&o, "../");
	return buf_detach(&o, NULL);
}

/* The table of contents as a tree for the templates: a map whose
 * `children` are the top-level lines, each with title, href (none for a
 * part, a folder without a page or a draft), number, current, open (the
 * current page or one of its ancestors), is_label, is_draft,
 * is_separator, summary (with `summaries`) and its own children.  Every
 * key is set on every line, so a template recursing through children
 * ({{>toc_tree}}) never sees a key of the line above. */
static struct tval *toc_tree(const struct book *b, const char *here, const struct chapter *current, bool summaries)
{
	bool *open = xcalloc(b->ntoc + 1, sizeof *open);
	if (current && current->toc != TOC_NONE)
		for (size_t p = current->toc; p != TOC_NONE; p = b->toc[p].parent)
			open[p] = true;
	enum { MAXD = 80 };
	struct tval *root = tv_map();
	struct tval *lists[MAXD + 1], *last[MAXD + 1] = { 0 };
	lists[0] = tv_list();
	unsigned top = 0;
	for (size_t i = 0; i < b->ntoc; i++) {
		const struct toc_item *t = &b->toc[i];
		unsigned d = t->depth;
		if (d > top + 1 || d > MAXD)
			d = top + 1 > MAXD ? MAXD : top + 1; /* a jump in depth: one level down */
		if (d > top && !last[top]) /* nothing to hang it under */
			d = top;
		while (top > d) { /* close deeper lists: they are their items' children */
			struct tval *l = lists[top--];
			tv_set(last[top], "children", l);
			tv_set_bool(last[top], "has_children", true);
			last[top + 1] = NULL;
		}
		if (d > top)
			lists[++top] = tv_list(), last[top] = NULL;
		struct tval *e = tv_map();
		tv_set_str(e, "title", toc_item_title(t));
		if (t->kind == TOC_PAGE)
			tv_set(e, "href", tv_str_own(href_from(here, t->ch->site_name)));
		else
			tv_set(e, "href", tv_null());
		tv_set(e, "number", t->number ? tv_str(t->number) : tv_null());
		tv_set_bool(e, "current", t->kind == TOC_PAGE && t->ch == current);
		tv_set_bool(e, "open", open[i]);
		tv_set_bool(e, "is_label", t->kind == TOC_LABEL);
		tv_set_bool(e, "is_draft", t->kind == TOC_DRAFT);
		tv_set_bool(e, "is_separator", t->kind == TOC_SEPARATOR);
		tv_set(e, "summary", summaries && t->kind == TOC_PAGE && t->ch->summary ? tv_str(t->ch->summary) : tv_null());
		tv_set(e, "children", tv_null());
		tv_set_bool(e, "has_children", false);
		tv_push(lists[top], e);
		last[top] = e;
	}
	while (top > 0) {
		struct tval *l = lists[top--];
		tv_set(last[top], "children", l);
		tv_set_bool(last[top], "has_children", true);
	}
	tv_set(root, "children", lists[0]);
	free(open);
	return root;
}

/* Home, then the lines above c in the hierarchy, then c itself (current). */
static struct tval *breadcrumbs(const struct book *b, const char *here, const struct chapter *c)
{
	struct tval *l = tv_list();
	size_t chain[80], n = 0;
	for (size_t p = b->toc[c->toc].parent; p != TOC_NONE && n < 80; p = b->toc[p].parent)
		if (b->toc[p].kind != TOC_SEPARATOR && !(b->toc[p].kind == TOC_PAGE && b->toc[p].ch == b->home))
			chain[n++] = p;
	struct tval *e = tv_map();
	tv_set_str(e, "title", b->title);
	tv_set(e, "href", tv_str_own(href_from(here, "index.html")));
	tv_set_bool(e, "current", false);
	tv_push(l, e);
	while (n--) {
		const struct toc_item *t = &b->toc[chain[n]];
		e = tv_map();
		tv_set_str(e, "title", toc_item_title(t));
		tv_set(e, "href", t->kind == TOC_PAGE ? tv_str_own(href_from(here, t->ch->site_name)) : tv_null());
		tv_set_bool(e, "current", false);
		tv_push(l, e);
	}
	e = tv_map();
	tv_set_str(e, "title", c->title);
	tv_set(e, "href", tv_null());
	tv_set_bool(e, "current", true);
	tv_push(l, e);
	return l;
}

static struct tval *page_link(const char *here, const struct chapter *c)
{
	struct tval *m = tv_map();
	tv_set_str(m, "title", c->title);
	tv_set(m, "href", tv_str_own(href_from(here, c->site_name)));
	return m;
}

static struct tval *page_link_home(const struct book *b, const char *here)
{
	struct tval *m = tv_map();
	tv_set_str(m, "title", b->title);
	tv_set(m, "href", tv_str_own(href_from(here, "index.html")));
	return m;
}

/* ui_fill into a new malloc'd string. */
static char *ui_str(const struct book *b, enum ui_key k, const char *const *vars)
{
	struct buf o = BUF_INIT;
	ui_fill(&o, b, k, vars);
	return buf_detach(&o, NULL);
}

/* Every ui text, the book's title filled in where a text takes it; the
 * attribute ` lang="en"` where the text is still folio's English in a book
 * in another language (else empty); and the texts folio.js and search.js
 * need as JSON (for a <script type="application/json" id="folio-ui">
 * block), with "en": the keys among them that are English that way.  The
 * same on every page: made once per build. */
static void ui_prepare(struct site *s)
{
	const struct book *b = s->b;
	const char *title[] = { "title", b->title, NULL };
	struct buf j = BUF_INIT, en = BUF_INIT;
	buf_putc(&j, '{');
	for (int k = 0; k < UI_NKEYS; k++) {
		const char *name = ui_key_name(k);
		s->ui[k] = ui_str(b, k, title);
		s->ui_attr[k] = ui_lang_attr(b, k, false);
		if (ui_for_script(k)) {
			if (j.len > 1)
				buf_putc(&j, ',');
			esc_json(&j, name, strlen(name));
			buf_putc(&j, ':');
			esc_json(&j, s->ui[k], strlen(s->ui[k]));
			if (ui_is_english(b, k)) {
				buf_putc(&en, en.len ? ',' : '[');
				esc_json(&en, name, strlen(name));
			}
		}
	}
	if (en.len) {
		buf_puts(&j, ",\"en\":");
		buf_add(&j, en.data, en.len);
		buf_putc(&j, ']');
	}
	buf_release(&en);
	buf_putc(&j, '}');
	s->ui_json = buf_detach(&j, NULL);
	s->ui_map = tv_map();
	s->ui_lang_map = tv_map();
	for (int k = 0; k < UI_NKEYS; k++) {
		tv_set(s->ui_map, ui_key_name(k), tv_str_ref(s->ui[k]));
		tv_set(s->ui_lang_map, ui_key_name(k), tv_str_ref(s->ui_attr[k]));
	}
}

static void ui_release(struct site *s)
{
	for (int k = 0; k < UI_NKEYS; k++)
		free(s->ui[k]);
	free(s->ui_json);
	tv_free(s->ui_map);
	tv_free(s->ui_lang_map);
}

/* The prepared words as `ui.KEY`, `ui_lang.KEY` and `ui_json`: the maps
 * made once (ui_prepare), each page referring to them. */
static void ui_context(const struct site *s, struct tval *m)
{
	tv_set(m, "ui", tv_ref(s->ui_map));
	tv_set(m, "ui_lang", tv_ref(s->ui_lang_map));
	tv_set(m, "ui_json", tv_str_ref(s->ui_json));
}

/* A front matter value as a template value: lists and mappings as they
 * are, YAML's null as null, an unquoted true or false as a boolean (so
 * {{#page.extra.flag}} means what it says), any other scalar as text.
 * Recursive to the tree's depth (at most 64, the YAML reader's bound). */
static struct tval *tv_of_ynode(const struct ynode *n)
{
	if (n->kind == Y_SCALAR) {
		if (ynode_is_null(n))
			return tv_null();
		if (n->plain && (!strcmp(n->value, "true") || !strcmp(n->value, "True") || !strcmp(n->value, "TRUE")))
			return tv_bool(true);
		if (n->plain && (!strcmp(n->value, "false") || !strcmp(n->value, "False") || !strcmp(n->value, "FALSE")))
			return tv_bool(false);
		return tv_str(n->value);
	}
	struct tval *v = n->kind == Y_SEQ ? tv_list() : tv_map();
	for (size_t i = 0; i < n->n; i++) {
		if (n->kind == Y_SEQ)
			tv_push(v, tv_of_ynode(n->items[i]));
		else
			tv_set(v, n->keys[i], tv_of_ynode(n->items[i]));
	}
	return v;
}

/* `page`: the page's own values; page.extra holds its front matter keys
 * that folio does not read ({{page.extra.stage}}), always a mapping. */
static struct tval *page_value(const struct chapter *c)
{
	struct tval *m = tv_map();
	tv_set_str(m, "title", c->title);
	tv_set_str(m, "path", c->path);
	tv_set(m, "extra", c->extra ? tv_of_ynode(c->extra) : tv_map());
	return m;
}

/* Values every page shares; `here` is the page's path from the site root. */
static struct tval *base_context(const struct site *s, const struct chapter *c, const char *title, const char *here)
{
	const struct book *b = s->b;
	struct tval *m = tv_map();
	tv_set(m, "root", tv_str_own(root_of(here)));
	if (c)
		tv_set(m, "page", page_value(c));
	tv_set_str(m, "lang", b->language);
	tv_set_str(m, "dir", b->rtl ? "rtl" : "ltr");
	tv_set_str(m, "book_title", b->title);
	tv_set_str(m, "book_subtitle", b->subtitle);
	tv_set_str(m, "book_author", b->author);
	tv_set_str(m, "book_description", b->description);
	tv_set_str(m, "book_license", b->license);
	tv_set_str(m, "generator", FOLIO_GENERATOR);
	if (c && c->page_title) /* {{#title …}}: the whole <title>, as mdBook has it */
		tv_set_str(m, "page_title", c->page_title);
	else if (title && strcmp(title, b->title) != 0)
		tv_set(m, "page_title", tv_str_own(xasprintf("%s \xE2\x80\x94 %s", title, b->title)));
	else
		tv_set_str(m, "page_title", b->title);
	tv_set_str(m, "title", title ? title : b->title);
	if (s->epub_name) {
		tv_set(m, "epub_href", tv_str_own(href_from(here, s->epub_name)));
		tv_set_str(m, "epub_name", s->epub_name);
	}
	if (b->base_url && c)
		tv_set(m, "canonical", tv_str_own(xasprintf("%s%s", b->base_url,
							   c == b->home || !c ? "" : c->site_name)));
	if (b->edit_url && c) {
		/* the chapter's source online: {path} is its path in SOURCE, URL-escaped */
		struct buf u = BUF_INIT;
		const char *at = strstr(b->edit_url, "{path}");
		esc_url(&u, b->edit_url, (size_t)(at - b->edit_url)); /* spaces, non-ASCII */
		for (const unsigned char *q = (const unsigned char *)c->path; *q; q++) {
			if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
			    strchr("-._~/", *q))
				buf_putc(&u, (char)*q);
			else
				buf_printf(&u, "%%%02X", *q);
		}
		esc_url(&u, at + 6, strlen(at + 6));
		tv_set(m, "edit_href", tv_str_own(buf_detach(&u, NULL)));
	}
	if (s->inline_toc) {
		tv_set(m, "toc", toc_tree(b, here, c, false));
		tv_set_bool(m, "toc_inline", b->ntoc > 0);
	} else {
		tv_set_bool(m, "toc_script", true);
	}
	tv_set_bool(m, "has_chapters", b->nchapters > 0);
	tv_set_bool(m, "has_search", tpl_set_has(s->tpl, "search"));
	ui_context(s, m);
	return m;
}

/* "Last reviewed 2026-12-01" for a page whose front matter says so. */
static void reviewed(struct tval *m, const struct book *b, const struct chapter *c)
{
	if (!c || !c->reviewed || !*c->reviewed)
		return;
	const char *vars[] = { "date", c->reviewed, NULL };
	tv_set_str(m, "reviewed", c->reviewed);
	tv_set(m, "last_reviewed", tv_str_own(ui_str(b, UI_LAST_REVIEWED, vars)));
}

static struct tval *chapter_context(const struct site *s, const struct chapter *c, const char *body)
{
	const struct book *b = s->b;
	const char *here = c->site_name;
	struct tval *m = base_context(s, c, c->title, here);
	tv_set_bool(m, "is_chapter", true);
	if (c->toc != TOC_NONE && b->toc[c->toc].parent != TOC_NONE) {
		tv_set(m, "breadcrumbs", breadcrumbs(b, here, c));
		tv_set_bool(m, "has_breadcrumbs", true);
	}
	reviewed(m, b, c);
	tv_set_str(m, "description", c->summary ? c->summary : b->description);
	tv_set_str(m, "summary", c->summary);
	tv_set_str(m, "title_id", c->doc ? c->doc->title_id : NULL);
	tv_set_str(m, "heading", c->heading ? c->heading : c->title); /* the page's h1 */
	tv_set(m, "content", tv_str_ref(body ? body : ""));
	tv_set(m, "number", tv_str_own(xasprintf("%zu", c->index + 1)));
	tv_set(m, "count", tv_str_own(xasprintf("%zu", b->nchapters)));
	size_t words = c->doc ? c->doc->words : 0;
	size_t minutes = (words + 199) / 200 ? (words + 199) / 200 : 1;
	tv_set(m, "reading_minutes", tv_str_own(xasprintf("%zu", minutes)));
	char num[24], count[24], mins[24];
	snprintf(num, sizeof num, "%zu", c->index + 1);
	snprintf(count, sizeof count, "%zu", b->nchapters);
	snprintf(mins, sizeof mins, "%zu", minutes);
	const char *meta[] = { "number", num, "count", count, "minutes", mins, NULL };
	tv_set(m, "chapter_meta", tv_str_own(ui_str(b, UI_CHAPTER_META, meta)));

	/* "On this page": the h2 headings, each with its h3s nested (one
	 * <ol> each, so the numbers count on without a gap) */
	struct tval *hs = tv_list(), *h2 = NULL, *subs = NULL;
	for (size_t i = 0; c->doc && i < c->doc->nheadings; i++) {
		const struct toc_heading *h = &c->doc->headings[i];
		if (h->level < 2 || h->level > 3)
			continue;
		struct tval *e = tv_map();
		tv_set_str(e, "id", h->id);
		tv_set_str(e, "text", h->text);
		if (h->level == 3 && h2) {
			if (!subs) {
				subs = tv_list();
				tv_set(h2, "subs", subs);
				tv_set_bool(h2, "has_subs", true);
			}
			tv_push(subs, e);
			continue;
		}
		tv_set_bool(e, "has_subs", false);
		tv_push(hs, e);
		if (h->level == 2)
			h2 = e, subs = NULL;
	}
	if (tv_len(hs)) {
		tv_set(m, "headings", hs);
		tv_set_bool(m, "has_headings", true);
	} else
		tv_free(hs);

	if (c->index > 0)
		tv_set(m, "prev", page_link(here, b->chapters[c->index - 1]));
	else
		tv_set(m, "prev", page_link_home(b, here));
	if (c->index + 1 < b->nchapters)
		tv_set(m, "next", page_link(here, b->chapters[c->index + 1]));
	if (c->nbacklinks) {
		struct tval *bl = tv_list();
		for (size_t i = 0; i < c->nbacklinks; i++)
			tv_push(bl, page_link(here, c->backlinks[i]));
		tv_set(m, "backlinks", bl);
		tv_set_bool(m, "has_backlinks", true);
	}
	return m;
}

static struct tval *home_context(const struct site *s, const char *body)
{
	const struct book *b = s->b;
	struct tval *m = base_context(s, b->home, NULL, "index.html");
	tv_set_bool(m, "is_home", true);
	reviewed(m, b, b->home);
	tv_set_str(m, "description", b->description);
	if (b->home)
		tv_set(m, "content", tv_str_ref(body ? body : ""));
	/* the home text's own '# heading' (taken out of its body as its title):
	 * the page's h1 is the book's title, so the heading keeps its words and
	 * its id (links to index.md#welcome) as the text's first heading, or,
	 * when it only repeats the book's title, its id goes on the h1 */
	const struct doc *hd = b->home ? b->home->doc : NULL;
	if (hd && hd->title && hd->title_id) {
		if (b->title && !strcmp(hd->title, b->title)) {
			tv_set_str(m, "book_title_id", hd->title_id);
		} else {
			struct tval *h = tv_map();
			tv_set_str(h, "text", hd->title);
			tv_set_str(h, "id", hd->title_id);
			tv_set(m, "home_heading", h);
		}
	}
	/* the home page always lists every chapter, whatever the book's size */
	tv_set(m, "toc", toc_tree(b, "index.html", b->home, true));
	if (!b->base_url)
		tv_set(m, "canonical", tv_null());
	if (b->nchapters) {
		const char *first[] = { "title", b->chapters[0]->title, NULL };
		tv_set(m, "next", page_link("index.html", b->chapters[0]));
		tv_set(m, "start_reading", tv_str_own(ui_str(b, UI_START_READING, first)));
	}
	return m;
}

/* ---- writing: every file of the site goes through these ---------------------
 *
 * A new site folder (a build) gets new files, or hard links to the
 * previous build's unchanged ones (s->prev); a published one updated in
 * place (folio serve's rebuilds) gets only the files whose bytes changed,
 * each renamed over the old one.  Either way each name is recorded, so
 * the caller knows what this build wrote (and a rebuild what it no longer
 * writes). */

static void record(struct site *s, const char *name, bool changed)
{
	pthread_mutex_lock(&s->names_lock);
	if (s->nnames == s->names_cap) {
		s->names_cap = s->names_cap ? 2 * s->names_cap : 64;
		s->names = xrealloc(s->names, s->names_cap * sizeof *s->names);
	}
	s->names[s->nnames++] = xstrdup(name);
	s->changed += changed;
	pthread_mutex_unlock(&s->names_lock);
}

static int out_pieces(struct site *s, const char *name, const char *const *piece, const size_t *len, size_t n)
{
	bool changed = true;
	int rc;
	if (s->tx && !s->in_place) {
		rc = out_write_pieces(s->tx, s->b->diags, name, piece, len, n);
	} else {
		char *path = path_join(s->dir, name);
		rc = s->in_place ? update_pieces(s->b->diags, path, piece, len, n, &changed)
				 : write_pieces_reusing(s->b->diags, path, piece, len, n, NULL);
		free(path);
	}
	if (rc == 0)
		record(s, name, changed);
	return rc;
}

static int out_data(struct site *s, const char *name, const void *data, size_t len)
{
	const char *piece = data;
	return out_pieces(s, name, &piece, &len, 1);
}

/* A copy of the regular file `from` as `name`. */
static int out_copy_file(struct site *s, const char *from, const char *name)
{
	bool changed = true;
	int rc;
	if (s->tx && !s->in_place) {
		rc = out_copy(s->tx, s->b->diags, from, name);
	} else {
		char *to = path_join(s->dir, name);
		rc = s->in_place ? update_copy(s->b->diags, from, to, &changed) : copy_file(s->b->diags, from, to);
		free(to);
	}
	if (rc == 0)
		record(s, name, changed);
	return rc;
}

/* The files and sub-folders of folder `from` under `name` (hidden entries
 * and symbolic links skipped), in name order. */
static int out_tree(struct site *s, const char *from, const char *name)
{
	struct dirent **de;
	int n = scandir(from, &de, NULL, alphasort);
	if (n < 0)
		return diag_error(s->b->diags, (struct pos){ from, 0, 0 }, "cannot read folder: %s", strerror(errno));
	int rc = 0;
	for (int i = 0; i < n; i++) {
		if (!rc && de[i]->d_name[0] != '.') {
			char *f = path_join(from, de[i]->d_name), *t = path_join(name, de[i]->d_name);
			struct stat st;
			bool ok = lstat(f, &st) == 0;
			if (ok && S_ISDIR(st.st_mode))
				rc = out_tree(s, f, t);
			else if (ok && S_ISREG(st.st_mode))
				rc = out_copy_file(s, f, t);
			free(f);
			free(t);
		}
		free(de[i]);
	}
	free(de);
	return rc;
}

static int render_to(struct site *s, const char *tpl, struct tval *ctx, const char *name, size_t body)
{
	struct buf out = BUF_INIT;
	buf_grow(&out, body + 16384); /* the page's size, near enough: one allocation */
	int rc = tpl_render(s->tpl, tpl, ctx, &out);
	if (rc) {
		char *path = path_join(s->dir, name);
		diag_error(s->b->diags, (struct pos){ path, 0, 0 }, "cannot render template '%s'", tpl);
		free(path);
	} else {
		rc = out_data(s, name, out.data, out.len);
	}
	buf_release(&out);
	tv_free(ctx);
	if (rc)
		atomic_fetch_add(&s->errors, 1);
	return rc;
}

/* Write one of the site's own files (a script, the sitemap) into dir. */
static int put(struct site *s, const char *name, const struct buf *data)
{
	return out_data(s, name, data->data, data->len);
}

static int write_toc_script(struct site *s)
{
	const struct book *b = s->b;
	struct buf js = BUF_INIT;
	buf_puts(&js, "/* The book's table of contents, shared by every page (generated by folio):\n"
		      " * [title, href from the site root (\"\" for none), depth, number, kind]\n"
		      " * kind: 0 page, 1 part or folder, 2 draft, 3 separator. */\n"
		      "window.folioToc = [\n");
	for (size_t i = 0; i < b->ntoc; i++) {
		const struct toc_item *t = &b->toc[i];
		const char *title = toc_item_title(t);
		char *h = t->kind == TOC_PAGE ? href_of(t->ch->site_name) : xstrdup("");
		buf_putc(&js, '[');
		esc_json(&js, title, strlen(title));
		buf_putc(&js, ',');
		esc_json(&js, h, strlen(h));
		buf_printf(&js, ",%u,", t->depth);
		esc_json(&js, t->number ? t->number : "", t->number ? strlen(t->number) : 0);
		buf_printf(&js, ",%d]%s\n", t->kind == TOC_PAGE ? 0 : t->kind == TOC_LABEL ? 1 : t->kind == TOC_DRAFT ? 2 : 3,
			   i + 1 < b->ntoc ? "," : "");
		free(h);
	}
	buf_puts(&js, "];\n");
	int rc = put(s, "assets/toc-data.js", &js);
	buf_release(&js);
	return rc;
}

/* A chapter's entry in the search index: [title, page, summary, headings,
 * text] as JSON, malloc'd.  Made while its page is (site_page), from its
 * document model, so the model may go once the page is written. */
static char *search_entry(const struct chapter *c)
{
	struct buf js = BUF_INIT, hs = BUF_INIT, plain = BUF_INIT;
	char *h = href_of(c->site_name);
	for (size_t k = 0; c->doc && k < c->doc->nheadings; k++) {
		if (k)
			buf_puts(&hs, " \xC2\xB7 ");
		buf_puts(&hs, c->doc->headings[k].text);
	}
	if (c->doc) {
		doc_plain(c->doc->root, &plain);
		buf_squash(&plain);
	}
	buf_grow(&js, plain.len + hs.len + 256);
	buf_putc(&js, '[');
	esc_json(&js, c->title, strlen(c->title));
	buf_putc(&js, ',');
	esc_json(&js, h, strlen(h));
	buf_putc(&js, ',');
	esc_json(&js, c->summary ? c->summary : "", c->summary ? strlen(c->summary) : 0);
	buf_putc(&js, ',');
	esc_json(&js, hs.data, hs.len);
	buf_putc(&js, ',');
	esc_json(&js, plain.data, plain.len);
	buf_putc(&js, ']');
	buf_release(&hs);
	buf_release(&plain);
	free(h);
	size_t len;
	char *e = buf_detach(&js, &len);
	return xrealloc(e, len + 1); /* kept until the end: no spare room */
}

/* The search index: one entry per chapter, loaded only by search.html;
 * written piece by piece, never joined in memory.  Up to SEARCH_PART
 * chapters it is one script, assets/search-index.js, setting
 * window.folioSearch.  A larger book's index is split into parts of
 * SEARCH_PART entries (assets/search-index-K.js, K from 1), which
 * search-index.js names in window.folioSearchParts and search.js loads:
 * an edit to one chapter then rewrites one part of the index, not all of
 * it (a 10,000-chapter index is about 27 MB). */
enum { SEARCH_PART = 500 };

static size_t search_parts(size_t nchapters)
{
	return nchapters <= SEARCH_PART ? 0 : (nchapters + SEARCH_PART - 1) / SEARCH_PART;
}

/* Entries [from, to) of the index as the array named by `head`. */
static int write_search_entries(struct site *s, const char *name, const char *head, size_t from, size_t to)
{
	const struct book *b = s->b;
	size_t n = 2 * (to - from) + 2, k = 0;
	const char **piece = xmalloc(n * sizeof *piece);
	size_t *len = xmalloc(n * sizeof *len);
	piece[k] = head, len[k++] = strlen(head);
	for (size_t i = from; i < to; i++) {
		if (!s->search[i])
			s->search[i] = search_entry(b->chapters[i]);
		piece[k] = s->search[i], len[k++] = strlen(s->search[i]);
		piece[k] = i + 1 < to ? ",\n" : "\n", len[k++] = i + 1 < to ? 2 : 1;
	}
	piece[k] = "];\n", len[k++] = 3;
	int rc = out_pieces(s, name, piece, len, k);
	free(piece);
	free(len);
	return rc;
}

static int write_search_index(struct site *s)
{
	const struct book *b = s->b;
	size_t parts = search_parts(b->nchapters);
	if (!parts)
		return write_search_entries(s, "assets/search-index.js",
					    "/* Search index (generated by folio): title, page, summary, headings, text. */\n"
					    "window.folioSearch = [\n",
					    0, b->nchapters);
	struct buf js = BUF_INIT;
	buf_printf(&js, "/* Search index (generated by folio): %zu chapters in %zu parts, loaded by search.js. */\n"
			"window.folioSearchParts = [",
		   b->nchapters, parts);
	for (size_t k = 1; k <= parts; k++)
		buf_printf(&js, "%s\"search-index-%zu.js\"", k > 1 ? ", " : "", k);
	buf_puts(&js, "];\n");
	int rc = put(s, "assets/search-index.js", &js);
	buf_release(&js);
	for (size_t k = 1; k <= parts && rc == 0; k++) {
		char name[64], head[256];
		size_t from = (k - 1) * SEARCH_PART, to = from + SEARCH_PART < b->nchapters ? from + SEARCH_PART : b->nchapters;
		snprintf(name, sizeof name, "assets/search-index-%zu.js", k);
		snprintf(head, sizeof head,
			 "/* Search index part %zu of %zu (generated by folio): title, page, summary, headings, text. */\n"
			 "(window.folioSearchPart = window.folioSearchPart || {})[%zu] = [\n",
			 k, parts, k);
		rc = write_search_entries(s, name, head, from, to);
	}
	return rc;
}

static int write_sitemap(struct site *s)
{
	const struct book *b = s->b;
	struct buf x = BUF_INIT;
	buf_puts(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		     "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	buf_puts(&x, "<url><loc>");
	esc_html_str(&x, b->base_url);
	buf_puts(&x, "</loc></url>\n");
	for (size_t i = 0; i < b->nchapters; i++) {
		char *h = href_of(b->chapters[i]->site_name);
		buf_puts(&x, "<url><loc>");
		esc_html_str(&x, b->base_url);
		esc_html_str(&x, h);
		buf_puts(&x, "</loc></url>\n");
		free(h);
	}
	buf_puts(&x, "</urlset>\n");
	int rc = put(s, "sitemap.xml", &x);
	buf_reset(&x);
	buf_printf(&x, "User-agent: *\nAllow: /\n\nSitemap: %ssitemap.xml\n", b->base_url);
	if (!rc)
		rc = put(s, "robots.txt", &x);
	buf_release(&x);
	return rc;
}

/* ---- what the site writes, and what static: and redirects: may add ------------- */

struct claim {
	char *name;   /* from the site root */
	char *owner;  /* who writes it, for messages */
	size_t tag;   /* a redirect's index */
};

struct claims {
	struct claim *v;
	size_t n, cap;
};

static void claim(struct claims *c, const char *name, char *owner)
{
	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof *c->v);
	c->v[c->n++] = (struct claim){ xstrdup(name), owner, 0 };
}

static int cmp_claim(const void *a, const void *b)
{
	const struct claim *x = a, *y = b;
	int c = strcasecmp(x->name, y->name);
	return c ? c : strcmp(x->name, y->name);
}

static int key_claim(const void *key, const void *elem)
{
	return strcasecmp(key, ((const struct claim *)elem)->name);
}

/* The theme's asset files, as out_tree copies them (hidden entries and
 * symbolic links left out), claimed as "assets/…". */
static void claim_tree(struct claims *c, const char *dir, const char *rel, int depth)
{
	DIR *d = depth < 64 ? opendir(dir) : NULL;
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *full = path_join(dir, de->d_name), *r = path_join(rel, de->d_name);
		struct stat st;
		if (lstat(full, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				claim_tree(c, full, r, depth + 1);
			else if (S_ISREG(st.st_mode))
				claim(c, r, xasprintf("the theme's %s", r));
		}
		free(full);
		free(r);
	}
	closedir(d);
}

/* The claim `name` would replace: the same name (but for case: one file
 * on macOS and Windows), a file where `name` needs a folder, or a folder
 * where it is a file.  NULL when none. */
static const struct claim *clash(const struct claims *c, const char *name)
{
	size_t i = lower_bound(c->v, c->n, sizeof *c->v, name, key_claim);
	if (i < c->n && !strcasecmp(c->v[i].name, name))
		return &c->v[i];
	char *dir = xasprintf("%s/", name); /* name as a folder of other files */
	i = lower_bound(c->v, c->n, sizeof *c->v, dir, key_claim);
	const struct claim *hit = i < c->n && !strncasecmp(c->v[i].name, dir, strlen(dir)) ? &c->v[i] : NULL;
	free(dir);
	for (const char *q = name; !hit && (q = strchr(q, '/')); q++) { /* an ancestor that is a file */
		char *up = xstrndup(name, (size_t)(q - name));
		i = lower_bound(c->v, c->n, sizeof *c->v, up, key_claim);
		if (i < c->n && !strcasecmp(c->v[i].name, up))
			hit = &c->v[i];
		free(up);
	}
	return hit;
}

static void claims_sort(struct claims *c)
{
	if (c->n > 1)
		qsort(c->v, c->n, sizeof *c->v, cmp_claim);
}

int site_check_outputs(const struct book *b, const char *theme_dir, const char *epub_name)
{
	if (!b->nredirects && !b->nstatics)
		return 0;
	struct claims c = { 0 };
	int rc = 0;
	for (size_t i = 0; i < b->nchapters; i++)
		claim(&c, b->chapters[i]->site_name, xasprintf("the page written for %s", b->chapters[i]->path));
	claim(&c, "index.html", b->home ? xasprintf("the page written for %s", b->home->path) : xstrdup("the home page"));
	claim(&c, "404.html", b->notfound ? xasprintf("the page written for %s", b->notfound->path) : xstrdup("the site's 404 page"));
	char *search = path_join(theme_dir, "templates/search.mustache");
	if (is_regular_file(search)) {
		claim(&c, "search.html", xstrdup("the site's search page"));
		claim(&c, "assets/search-index.js", xstrdup("the search index"));
		for (size_t k = 1; k <= search_parts(b->nchapters); k++) {
			char part[64];
			snprintf(part, sizeof part, "assets/search-index-%zu.js", k);
			claim(&c, part, xasprintf("part %zu of the search index", k));
		}
	}
	free(search);
	if (b->base_url) {
		claim(&c, "sitemap.xml", xstrdup("the site's sitemap"));
		claim(&c, "robots.txt", xstrdup("the site's robots.txt"));
	}
	claim(&c, "assets/toc-data.js", xstrdup("the table of contents script"));
	char *adir = path_join(theme_dir, "assets");
	claim_tree(&c, adir, "assets", 0);
	free(adir);
	for (size_t i = 0; i < b->nassets; i++)
		claim(&c, b->assets[i]->out, xasprintf("the copy of %s", b->assets[i]->path));
	if (epub_name)
		claim(&c, epub_name, xstrdup("the EPUB download"));
	claims_sort(&c);
	struct claims red = { 0 };
	for (size_t i = 0; i < b->nredirects; i++) {
		const struct redirect *r = &b->redirects[i];
		const struct claim *hit = clash(&c, r->from);
		if (hit) {
			rc = diag_error(b->diags, r->pos, "redirect from '%s' would replace %s ('%s'); an old address must not be a page of the book",
					r->from, hit->owner, hit->name);
		} else {
			claim(&red, r->from, xasprintf("the redirect from %s", r->from));
			red.v[red.n - 1].tag = i;
		}
	}
	claims_sort(&red);
	for (size_t i = 1; i < red.n; i++)
		if (!strcasecmp(red.v[i].name, red.v[i - 1].name)) {
			size_t x = red.v[i - 1].tag, y = red.v[i].tag;
			const struct redirect *later = &b->redirects[x > y ? x : y], *first = &b->redirects[x > y ? y : x];
			rc = diag_error(b->diags, later->pos, "two redirects write '%s'; keep one", later->from);
			diag_note(b->diags, first->pos, "the other redirect that writes '%s'", first->from);
		}
	for (size_t i = 0; i < red.n; i++) { /* the owners move, the names are copied */
		claim(&c, red.v[i].name, red.v[i].owner);
		free(red.v[i].name);
	}
	free(red.v);
	claims_sort(&c);
	for (size_t i = 0; i < b->nstatics; i++) {
		const struct static_file *f = &b->statics[i];
		const struct claim *hit = clash(&c, f->out);
		if (hit)
			rc = diag_error(b->diags, f->pos, "static file '%s' would replace %s ('%s' in the site); rename or remove one",
					f->path, hit->owner, hit->name);
	}
	for (size_t i = 0; i < c.n; i++) {
		free(c.v[i].name);
		free(c.v[i].owner);
	}
	free(c.v);
	return rc;
}

/* The small page at a redirect's old address: a meta refresh, the
 * canonical address and a plain link, every URL relative to it (the
 * canonical one absolute with base_url). */
static int write_redirect(struct site *s, const struct redirect *r)
{
	const struct book *b = s->b;
	const struct link *l = &r->to;
	struct buf href = BUF_INIT, canon = BUF_INIT, o = BUF_INIT;
	const char *title = r->target;
	if (l->kind == T_PAGE) {
		char *rel = path_href(r->from, l->page->site_name);
		esc_url(&href, rel, strlen(rel));
		free(rel);
		if (b->base_url) {
			buf_puts(&canon, b->base_url);
			if (l->page != b->home)
				esc_url(&canon, l->page->site_name, strlen(l->page->site_name));
		} else {
			buf_add(&canon, href.data, href.len);
		}
		if (l->frag && *l->frag) {
			buf_putc(&href, '#');
			esc_url(&href, l->frag, strlen(l->frag));
		}
		if (l->page->title)
			title = l->page->title;
	} else if (l->kind == T_ASSET) {
		char *rel = path_href(r->from, l->asset->out);
		esc_url(&href, rel, strlen(rel));
		free(rel);
		buf_add(&canon, href.data, href.len);
	} else {
		esc_url(&href, l->url, strlen(l->url));
		buf_add(&canon, href.data, href.len);
	}
	if (tpl_set_has(s->tpl, "redirect")) { /* the theme's page (mdBook's redirect.hbs) */
		struct tval *m = base_context(s, NULL, title, r->from);
		tv_set_bool(m, "is_redirect", true);
		tv_set_str(m, "redirect_href", href.data ? href.data : "");
		tv_set_str(m, "redirect_canonical", canon.data ? canon.data : "");
		buf_release(&href);
		buf_release(&canon);
		return render_to(s, "redirect", m, r->from, 0);
	}
	buf_puts(&o, "<!DOCTYPE html>\n<html lang=\"");
	esc_html_str(&o, b->language);
	buf_printf(&o, "\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>", b->rtl ? "rtl" : "ltr");
	esc_html_str(&o, title);
	buf_puts(&o, "</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		     "<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"");
	esc_html(&o, canon.data, canon.len);
	buf_puts(&o, "\">\n<meta http-equiv=\"refresh\" content=\"0; url=");
	esc_html(&o, href.data, href.len);
	buf_puts(&o, "\">\n</head>\n<body>\n<p><a href=\"");
	esc_html(&o, href.data, href.len);
	buf_puts(&o, "\">");
	esc_html_str(&o, title);
	buf_puts(&o, "</a></p>\n</body>\n</html>\n");
	int rc = put(s, r->from, &o);
	buf_release(&href);
	buf_release(&canon);
	buf_release(&o);
	return rc;
}

static void site_free(struct site *s)
{
	if (!s)
		return;
	tpl_set_free(s->tpl);
	ui_release(s);
	for (size_t i = 0; s->search && i < s->b->nchapters; i++)
		free(s->search[i]);
	free(s->search);
	free(s->notfound_body);
	free(s->notfound_title_id);
	free(s->dir);
	free(s->epub_name);
	for (size_t i = 0; i < s->nnames; i++)
		free(s->names[i]);
	free(s->names);
	pthread_mutex_destroy(&s->names_lock);
	free(s);
}

struct site *site_begin(const struct book *b, const char *theme_dir, const char *dir, const char *epub_name,
			struct out_txn *tx, bool in_place)
{
	struct site *s = xcalloc(1, sizeof *s);
	s->b = b;
	s->dir = xstrdup(dir);
	s->tx = tx;
	s->in_place = in_place;
	pthread_mutex_init(&s->names_lock, NULL);
	s->epub_name = epub_name ? xstrdup(epub_name) : NULL;
	s->inline_toc = b->nchapters <= SITE_INLINE_TOC_MAX;
	s->tpl = tpl_set_new(b->diags);
	tpl_set_strict(s->tpl, true); /* a missing partial or parent is an error, not an empty page */
	ui_prepare(s);

	char *tdir = path_join(theme_dir, "templates");
	if (tpl_set_load_dir(s->tpl, tdir) || tpl_set_check(s->tpl))
		goto fail;
	static const char *const need[] = { "chapter", "home", "404", NULL };
	for (int i = 0; need[i]; i++)
		if (!tpl_set_has(s->tpl, need[i])) {
			diag_error(b->diags, (struct pos){ tdir, 0, 0 }, "theme has no '%s.mustache' template", need[i]);
			goto fail;
		}
	if (!is_directory(dir) && mkdir_p(b->diags, dir)) /* (the spare's is there: no mkdir per folder above it) */
		goto fail;
	char *adir = path_join(theme_dir, "assets");
	int arc = is_directory(adir) ? out_tree(s, adir, "assets") : 0;
	free(adir);
	if (arc)
		goto fail;
	if (tpl_set_has(s->tpl, "search"))
		s->search = xcalloc(b->nchapters + 1, sizeof *s->search);
	free(tdir);
	return s;
fail:
	free(tdir);
	site_free(s);
	return NULL;
}

int site_page(struct site *s, const struct chapter *c, const char *body)
{
	if (c == s->b->notfound) { /* 404.md: its text goes into 404.html, written by site_finish */
		free(s->notfound_body);
		s->notfound_body = xstrdup(body ? body : "");
		free(s->notfound_title_id);
		s->notfound_title_id = c->doc && c->doc->title_id ? xstrdup(c->doc->title_id) : NULL;
		return 0;
	}
	if (s->search && c != s->b->home && c->index < s->b->nchapters && !s->search[c->index])
		s->search[c->index] = search_entry(c);
	if (c == s->b->home) {
		s->home_done = true;
		return render_to(s, "home", home_context(s, body), "index.html", body ? strlen(body) : 0);
	}
	return render_to(s, "chapter", chapter_context(s, c, body), c->site_name, body ? strlen(body) : 0);
}

bool site_page_kept(struct site *s, const struct chapter *c, const char *search)
{
	char *path = path_join(s->dir, c->site_name);
	bool there = is_regular_file(path); /* (someone may have removed it) */
	free(path);
	if (there) {
		record(s, c->site_name, false);
		if (c == s->b->home)
			s->home_done = true;
		if (search && s->search && c->index < s->b->nchapters && !s->search[c->index])
			s->search[c->index] = xstrdup(search); /* else made when the index is written */
	}
	return there;
}

void site_keep_own(struct site *s)
{
	s->own_kept = s->in_place;
}

/* site_keep_own: the published `name` stays, counted as written (false
 * when it is not there: then it is written again). */
static bool own_kept(struct site *s, const char *name)
{
	if (!s->own_kept)
		return false;
	char *path = path_join(s->dir, name);
	bool there = is_regular_file(path);
	free(path);
	if (there)
		record(s, name, false);
	return there;
}

int site_finish(struct site *s, struct site_files *files)
{
	const struct book *b = s->b;
	/* (the home page lists every chapter: 10,000 of them take 25 ms) */
	if (!s->home_done && !own_kept(s, "index.html"))
		render_to(s, "home", home_context(s, NULL), "index.html", 0);
	if (!s->inline_toc && !own_kept(s, "assets/toc-data.js") && write_toc_script(s))
		s->errors++;
	if (tpl_set_has(s->tpl, "search")) {
		if (!own_kept(s, "search.html")) {
			struct tval *sc = base_context(s, NULL, ui_text(b, UI_SEARCH), "search.html");
			tv_set_bool(sc, "is_search", true);
			render_to(s, "search", sc, "search.html", 0);
		}
		if (write_search_index(s))
			s->errors++;
	}
	/* the 404 page: served for a missing page at any depth, so with a
	 * base_url its links start from the site root (<base href>, as mdBook
	 * does); its text is the book's 404.md when it has one */
	if (!own_kept(s, "404.html")) {
		const char *nf_title = b->notfound && b->notfound->title ? b->notfound->title : ui_text(b, UI_NOT_FOUND);
		struct tval *nf = base_context(s, NULL, nf_title, "404.html");
		tv_set_bool(nf, "is_404", true);
		if (b->base_url)
			tv_set_str(nf, "base_href", b->base_url);
		if (b->notfound) {
			tv_set(nf, "page", page_value(b->notfound));
			tv_set(nf, "content", tv_str_ref(s->notfound_body ? s->notfound_body : ""));
			tv_set_str(nf, "title_id", s->notfound_title_id);
		}
		render_to(s, "404", nf, "404.html", s->notfound_body ? strlen(s->notfound_body) : 0);
	}
	if (b->base_url && write_sitemap(s))
		s->errors++;

	for (size_t i = 0; i < b->nassets && !s->errors; i++) {
		char *from = path_join(b->source, b->assets[i]->path);
		if (out_copy_file(s, from, b->assets[i]->out))
			s->errors++;
		free(from);
	}
	/* book.yaml's redirects and static files (site_check_outputs made
	 * sure that none replaces anything written above) */
	for (size_t i = 0; i < b->nredirects && !s->errors; i++)
		if (write_redirect(s, &b->redirects[i]))
			s->errors++;
	for (size_t i = 0; i < b->nstatics && !s->errors; i++) {
		char *from = path_join(b->root, b->statics[i].path);
		if (out_copy_file(s, from, b->statics[i].out))
			s->errors++;
		free(from);
	}
	int rc = s->errors ? -1 : 0;
	if (files && rc == 0) { /* what was written, sorted, handed over */
		qsort(s->names, s->nnames, sizeof *s->names, cmp_str_ptr);
		files->names = s->names;
		files->n = s->nnames;
		files->changed = s->changed;
		s->names = NULL;
		s->nnames = 0;
		files->search = s->search; /* complete: the index was written */
		files->nsearch = s->search ? b->nchapters : 0;
		s->search = NULL;
	}
	site_free(s);
	return rc;
}

void site_files_free(struct site_files *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->names[i]);
	free(f->names);
	for (size_t i = 0; i < f->nsearch; i++)
		free(f->search[i]);
	free(f->search);
	*f = (struct site_files){ 0 };
}

void site_abort(struct site *s)
{
	site_free(s);
}

static void page_one(size_t i, void *arg)
{
	struct site *s = arg;
	const struct chapter *c = s->b->chapters[i];
	site_page(s, c, c->html);
}

int site_write(const struct book *b, const char *theme_dir, const char *dir,
	       const char *epub_name, int jobs)
{
	struct site *s = site_begin(b, theme_dir, dir, epub_name, NULL, false);
	if (!s)
		return -1;
	parallel_for(b->nchapters, jobs, page_one, s);
	if (b->home)
		site_page(s, b->home, b->home->html);
	if (b->notfound)
		site_page(s, b->notfound, b->notfound->html);
	return site_finish(s, NULL);
}
