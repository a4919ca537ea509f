/* site.c - website pages from the book through the theme's templates. */
#include "site/site.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/escape.h"
#include "write/fsx.h"
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
	char *prev;                 /* the previous build's site, for unchanged files; or NULL */
	char *epub_name;
	bool inline_toc;
	bool home_done;             /* site_page wrote index.html */
	char **search;              /* each chapter's search-index entry (by index), made by site_page; NULL: no search page */
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

static struct tval *toc_list(const struct book *b, const struct chapter *current)
{
	struct tval *l = tv_list();
	for (size_t i = 0; i < b->nchapters; i++) {
		const struct chapter *c = b->chapters[i];
		struct tval *e = tv_map();
		tv_set_str(e, "title", c->title);
		tv_set(e, "href", tv_str_own(href_of(c->site_name)));
		tv_set_str(e, "summary", c->summary);
		tv_set(e, "number", tv_str_own(xasprintf("%zu", i + 1)));
		if (c == current)
			tv_set_bool(e, "current", true);
		tv_push(l, e);
	}
	return l;
}

static struct tval *page_link(const struct chapter *c)
{
	struct tval *m = tv_map();
	tv_set_str(m, "title", c->title);
	tv_set(m, "href", tv_str_own(href_of(c->site_name)));
	return m;
}

static struct tval *page_link_home(const struct book *b)
{
	struct tval *m = tv_map();
	tv_set_str(m, "title", b->title);
	tv_set_str(m, "href", "index.html");
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

/* Values every page shares. */
static struct tval *base_context(const struct site *s, const struct chapter *c, const char *title)
{
	const struct book *b = s->b;
	struct tval *m = tv_map();
	tv_set_str(m, "lang", b->language);
	tv_set_str(m, "book_title", b->title);
	tv_set_str(m, "book_subtitle", b->subtitle);
	tv_set_str(m, "book_author", b->author);
	tv_set_str(m, "book_description", b->description);
	tv_set_str(m, "book_license", b->license);
	tv_set_str(m, "generator", FOLIO_GENERATOR);
	if (title && strcmp(title, b->title) != 0)
		tv_set(m, "page_title", tv_str_own(xasprintf("%s \xE2\x80\x94 %s", title, b->title)));
	else
		tv_set_str(m, "page_title", b->title);
	tv_set_str(m, "title", title ? title : b->title);
	if (s->epub_name) {
		tv_set(m, "epub_href", tv_str_own(href_of(s->epub_name)));
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
		tv_set(m, "toc", toc_list(b, c));
		tv_set_bool(m, "toc_inline", b->nchapters > 0);
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
	struct tval *m = base_context(s, c, c->title);
	tv_set_bool(m, "is_chapter", true);
	reviewed(m, b, c);
	tv_set_str(m, "description", c->summary ? c->summary : b->description);
	tv_set_str(m, "summary", c->summary);
	tv_set_str(m, "title_id", c->doc ? c->doc->title_id : NULL);
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

	struct tval *hs = tv_list();
	for (size_t i = 0; c->doc && i < c->doc->nheadings; i++) {
		const struct toc_heading *h = &c->doc->headings[i];
		if (h->level < 2 || h->level > 3)
			continue;
		struct tval *e = tv_map();
		tv_set_str(e, "id", h->id);
		tv_set_str(e, "text", h->text);
		if (h->level == 3)
			tv_set_bool(e, "sub", true);
		tv_push(hs, e);
	}
	if (tv_len(hs)) {
		tv_set(m, "headings", hs);
		tv_set_bool(m, "has_headings", true);
	} else
		tv_free(hs);

	if (c->index > 0)
		tv_set(m, "prev", page_link(b->chapters[c->index - 1]));
	else
		tv_set(m, "prev", page_link_home(b));
	if (c->index + 1 < b->nchapters)
		tv_set(m, "next", page_link(b->chapters[c->index + 1]));
	if (c->nbacklinks) {
		struct tval *bl = tv_list();
		for (size_t i = 0; i < c->nbacklinks; i++)
			tv_push(bl, page_link(c->backlinks[i]));
		tv_set(m, "backlinks", bl);
		tv_set_bool(m, "has_backlinks", true);
	}
	return m;
}

static struct tval *home_context(const struct site *s, const char *body)
{
	const struct book *b = s->b;
	struct tval *m = base_context(s, b->home, NULL);
	tv_set_bool(m, "is_home", true);
	reviewed(m, b, b->home);
	tv_set_str(m, "description", b->description);
	if (b->home)
		tv_set(m, "content", tv_str_ref(body ? body : ""));
	/* the home page always lists every chapter, whatever the book's size */
	if (!s->inline_toc)
		tv_set(m, "toc", toc_list(b, NULL));
	if (!b->base_url)
		tv_set(m, "canonical", tv_null());
	if (b->nchapters) {
		const char *first[] = { "title", b->chapters[0]->title, NULL };
		tv_set(m, "next", page_link(b->chapters[0]));
		tv_set(m, "start_reading", tv_str_own(ui_str(b, UI_START_READING, first)));
	}
	return m;
}

static int render_to(struct site *s, const char *tpl, struct tval *ctx, const char *name, size_t body)
{
	struct buf out = BUF_INIT;
	buf_grow(&out, body + 16384); /* the page's size, near enough: one allocation */
	char *path = path_join(s->dir, name), *prev = s->prev ? path_join(s->prev, name) : NULL;
	int rc = tpl_render(s->tpl, tpl, ctx, &out);
	if (rc)
		diag_error(s->b->diags, (struct pos){ path, 0, 0 }, "cannot render template '%s'", tpl);
	else
		rc = write_file_reusing(s->b->diags, path, out.data, out.len, prev);
	buf_release(&out);
	free(path);
	free(prev);
	tv_free(ctx);
	if (rc)
		atomic_fetch_add(&s->errors, 1);
	return rc;
}

/* Write one of the site's own files (a script, the sitemap) into dir. */
static int put(struct site *s, const char *name, const struct buf *data)
{
	char *path = path_join(s->dir, name), *prev = s->prev ? path_join(s->prev, name) : NULL;
	int rc = write_file_reusing(s->b->diags, path, data->data, data->len, prev);
	free(path);
	free(prev);
	return rc;
}

static int write_toc_script(struct site *s)
{
	const struct book *b = s->b;
	struct buf js = BUF_INIT;
	buf_puts(&js, "/* The book's table of contents, shared by every page (generated by folio). */\n"
		      "window.folioToc = [\n");
	for (size_t i = 0; i < b->nchapters; i++) {
		char *h = href_of(b->chapters[i]->site_name);
		buf_putc(&js, '[');
		esc_json(&js, b->chapters[i]->title, strlen(b->chapters[i]->title));
		buf_putc(&js, ',');
		esc_json(&js, h, strlen(h));
		buf_puts(&js, i + 1 < b->nchapters ? "],\n" : "]\n");
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
 * written piece by piece, never joined in memory. */
static int write_search_index(struct site *s)
{
	const struct book *b = s->b;
	static const char head[] = "/* Search index (generated by folio): title, page, summary, headings, text. */\n"
				   "window.folioSearch = [\n";
	size_t n = 2 * b->nchapters + 2, k = 0;
	const char **piece = xmalloc(n * sizeof *piece);
	size_t *len = xmalloc(n * sizeof *len);
	piece[k] = head, len[k++] = strlen(head);
	for (size_t i = 0; i < b->nchapters; i++) {
		if (!s->search[i])
			s->search[i] = search_entry(b->chapters[i]);
		piece[k] = s->search[i], len[k++] = strlen(s->search[i]);
		piece[k] = i + 1 < b->nchapters ? ",\n" : "\n", len[k++] = i + 1 < b->nchapters ? 2 : 1;
	}
	piece[k] = "];\n", len[k++] = 3;
	char *path = path_join(s->dir, "assets/search-index.js"), *prev = s->prev ? path_join(s->prev, "assets/search-index.js") : NULL;
	int rc = write_pieces_reusing(b->diags, path, piece, len, k, prev);
	free(path);
	free(prev);
	free(piece);
	free(len);
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

static void site_free(struct site *s)
{
	if (!s)
		return;
	tpl_set_free(s->tpl);
	ui_release(s);
	for (size_t i = 0; s->search && i < s->b->nchapters; i++)
		free(s->search[i]);
	free(s->search);
	free(s->dir);
	free(s->prev);
	free(s->epub_name);
	free(s);
}

struct site *site_begin(const struct book *b, const char *theme_dir, const char *dir, const char *epub_name,
			const char *prev)
{
	struct site *s = xcalloc(1, sizeof *s);
	s->b = b;
	s->dir = xstrdup(dir);
	s->prev = prev ? xstrdup(prev) : NULL;
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
	if (mkdir_p(b->diags, dir))
		goto fail;
	char *adir = path_join(theme_dir, "assets");
	char *aout = path_join(dir, "assets");
	char *aprev = prev ? path_join(prev, "assets") : NULL;
	int arc = is_directory(adir) ? copy_tree_reusing(b->diags, adir, aout, aprev) : 0;
	free(adir);
	free(aout);
	free(aprev);
	if (arc)
		goto fail;
	if (!s->inline_toc && write_toc_script(s))
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
	if (s->search && c != s->b->home && c->index < s->b->nchapters && !s->search[c->index])
		s->search[c->index] = search_entry(c);
	if (c == s->b->home) {
		s->home_done = true;
		return render_to(s, "home", home_context(s, body), "index.html", body ? strlen(body) : 0);
	}
	return render_to(s, "chapter", chapter_context(s, c, body), c->site_name, body ? strlen(body) : 0);
}

int site_finish(struct site *s)
{
	const struct book *b = s->b;
	if (!s->home_done)
		render_to(s, "home", home_context(s, NULL), "index.html", 0);
	if (tpl_set_has(s->tpl, "search")) {
		struct tval *sc = base_context(s, NULL, ui_text(b, UI_SEARCH));
		tv_set_bool(sc, "is_search", true);
		render_to(s, "search", sc, "search.html", 0);
		if (write_search_index(s))
			s->errors++;
	}
	struct tval *nf = base_context(s, NULL, ui_text(b, UI_NOT_FOUND));
	tv_set_bool(nf, "is_404", true);
	render_to(s, "404", nf, "404.html", 0);
	if (b->base_url && write_sitemap(s))
		s->errors++;

	for (size_t i = 0; i < b->nassets && !s->errors; i++) {
		char *from = path_join(b->source, b->assets[i]->path);
		char *to = path_join(s->dir, b->assets[i]->out);
		char *prev = s->prev ? path_join(s->prev, b->assets[i]->out) : NULL;
		if (copy_file_reusing(b->diags, from, to, prev))
			s->errors++;
		free(from);
		free(to);
		free(prev);
	}
	int rc = s->errors ? -1 : 0;
	site_free(s);
	return rc;
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
	struct site *s = site_begin(b, theme_dir, dir, epub_name, NULL);
	if (!s)
		return -1;
	parallel_for(b->nchapters, jobs, page_one, s);
	if (b->home)
		site_page(s, b->home, b->home->html);
	return site_finish(s);
}
