/* epub.c - the book as an EPUB 3 file.
 *
 * Layout inside the zip (entries in this order; the rules are EPUB 3.3's and
 * epubcheck's):
 *   mimetype                      stored, first, no extra field
 *   META-INF/container.xml
 *   EPUB/package.opf              metadata, manifest, spine
 *   EPUB/nav.xhtml                toc (reading order) + hidden landmarks
 *   EPUB/toc.ncx                  the same toc for EPUB 2 reading systems
 *   EPUB/cover.xhtml | titlepage.xhtml, intro.xhtml, c0001.xhtml ...
 *   EPUB/css/epub.css             the theme's book style
 *   EPUB/media/<asset path>       images (asset_out_name), sorted by strcmp
 * Spine: cover or title page, nav, introduction (home), chapters; all linear. */
#include "epub/epub.h"
#include "epub/epub_int.h"
#include "base/text.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/book.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/escape.h"
#include "base/lang.h"
#include "base/media.h"
#include "base/pool.h"
#include "write/fsx.h"
#include "base/sha1.h"
#include "base/slug.h"
#include "model/ui.h"
#include "base/xalloc.h"
#include "write/zipout.h"

#define CSS_HREF "css/epub.css"

/* Compress a document's bytes into slot k (on the calling worker's
 * deflater) and free the buffer. */
static void slot_fill(struct epub *ep, size_t k, int worker, struct buf *doc)
{
	zipout_blob_make(ep->dz[worker], doc->data, doc->len, true, &ep->slot[k].blob);
	ep->slot[k].done = true;
	buf_release(doc);
}

/* A manifest item; `href` is relative to EPUB/ and not yet escaped. */
static void manifest_item(struct epub *ep, const char *id, const char *href, const char *type,
			  const char *props)
{
	struct buf u = BUF_INIT;
	esc_url(&u, href, strlen(href));
	buf_puts(&ep->manifest, "    <item id=\"");
	esc(&ep->manifest, id);
	buf_puts(&ep->manifest, "\" href=\"");
	esc_html(&ep->manifest, u.data, u.len);
	buf_puts(&ep->manifest, "\" media-type=\"");
	esc(&ep->manifest, type);
	buf_puts(&ep->manifest, "\"");
	if (props && *props) {
		buf_puts(&ep->manifest, " properties=\"");
		esc(&ep->manifest, props);
		buf_puts(&ep->manifest, "\"");
	}
	buf_puts(&ep->manifest, "/>\n");
	buf_release(&u);
}

static void spine_item(struct epub *ep, const char *id)
{
	buf_puts(&ep->spine, "    <itemref idref=\"");
	esc(&ep->spine, id);
	buf_puts(&ep->spine, "\"/>\n");
}

static void toc_add(struct epub *ep, int depth, const char *file, const char *frag, const char *label, bool ui)
{
	struct buf h = BUF_INIT, l = BUF_INIT;
	if (file)
		esc(&h, file);
	if (frag) {
		buf_putc(&h, '#');
		slug_epub_id(&h, frag);
	}
	esc(&l, label);
	ep->toc = xgrow(ep->toc, &ep->toccap, ep->ntoc + 1, sizeof *ep->toc);
	ep->toc[ep->ntoc++] = (struct tocent){ depth, buf_detach(&h, NULL), buf_detach(&l, NULL), ui, !file };
}

/* Parts with nothing under them (only drafts) are left out: a nav <span>
 * must head a list.  The others point at their first child in the NCX,
 * which has no entry without a document. */
static void toc_prune_parts(struct epub *ep)
{
	struct tocent *t = ep->toc;
	size_t n = ep->ntoc;
	bool *drop = xcalloc(n + 1, sizeof *drop);
	for (size_t i = n; i-- > 0;) { /* from the end: what is under a part is settled first */
		if (!t[i].part)
			continue;
		size_t next = i + 1;
		while (next < n && drop[next])
			next++;
		if (next < n && t[next].depth > t[i].depth) {
			free(t[i].href);
			t[i].href = xstrdup(t[next].href);
		} else {
			drop[i] = true;
		}
	}
	size_t keep = 0;
	for (size_t i = 0; i < n; i++) {
		if (drop[i]) {
			free(t[i].href);
			free(t[i].label);
			continue;
		}
		t[keep++] = t[i];
	}
	ep->ntoc = keep;
	free(drop);
}

/* ---- checks on book metadata --------------------------------------------- */

/* OCF file names: no characters that some file systems reject. */
static bool is_ocf_name(const char *s)
{
	if (!*s || s[strlen(s) - 1] == '.')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F || strchr("\"*:<>?\\|", *p))
			return false;
	return true;
}

/* ---- identifier ------------------------------------------------------------ */

static char *book_uid(const struct book *b)
{
	if (nonempty(b->identifier))
		return xstrdup(b->identifier);
	char uuid[37];
	char *name = b->base_url ? xstrdup(b->base_url) : xasprintf("folio:%s", b->title);
	uuid_v5(uuid_ns_url, name, strlen(name), uuid);
	free(name);
	return xasprintf("urn:uuid:%s", uuid);
}

/* ---- documents ------------------------------------------------------------ */

void epub_doc_begin(const struct epub *ep, struct buf *o, const char *title, const char *body_class)
{
	buf_puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
		    "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"");
	esc(o, ep->lang);
	buf_puts(o, "\" xml:lang=\"");
	esc(o, ep->lang);
	buf_puts(o, ep->b->rtl ? "\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>"
			       : "\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>");
	esc(o, title);
	buf_puts(o, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"" CSS_HREF "\"/>\n</head>\n<body");
	if (body_class) {
		buf_puts(o, " class=\"");
		esc(o, body_class);
		buf_puts(o, "\"");
	}
	buf_puts(o, ">\n");
}

void epub_doc_end(struct buf *o) { buf_puts(o, "</body>\n</html>\n"); }

/* Manifest properties of a content document, from what its document model
 * says it holds. */
static const char *doc_props(struct epub *ep, const struct chapter *c)
{
	unsigned f = c->doc ? c->doc->features : 0;
	bool svg = f & F_SVG, math = f & F_MATH;
	if (f & (F_IMAGE | F_SVG))
		ep->has_images = true;
	if (svg)
		ep->has_svg = true;
	return svg && math ? "mathml svg" : svg ? "svg" : math ? "mathml" : NULL;
}

static const char *chapter_label(const struct chapter *c)
{
	return nonempty(c->title) ? c->title : c->epub_name;
}

/* The toc lines of a chapter's headings (the chapter's own line at
 * depth `d`): h1/h2 at d + 1, h3 under the h2 before it (d + 2), deeper
 * headings left out. */
static void toc_headings(struct epub *ep, const struct chapter *c, int d)
{
	bool have2 = false;
	for (size_t i = 0; c->doc && i < c->doc->nheadings; i++) {
		const struct toc_heading *h = &c->doc->headings[i];
		int depth;
		if (h->level <= 2)
			depth = d + 1, have2 = true;
		else if (h->level == 3)
			depth = have2 ? d + 2 : d + 1;
		else
			continue;
		if (!nonempty(h->id))
			continue;
		if (nonempty(h->text))
			toc_add(ep, depth, c->epub_name, h->id, h->text, false);
		else
			toc_add(ep, depth, c->epub_name, h->id, ui_text(ep->b, UI_SECTION),
				ui_is_english(ep->b, UI_SECTION));
	}
}

/* The introduction's title: the home page's own, else the ui text
 * "Introduction" (the very pointer ui_text gives: compared by address). */
static const char *intro_label_of(const struct book *b)
{
	const char *t = b->home ? b->home->title : NULL;
	return nonempty(t) && strcmp(t, b->title) ? t : ui_text(b, UI_INTRODUCTION);
}

/* The XHTML document of a chapter (or of the home page, `intro`) around
 * its rendered body. */
static void render_chapter(const struct epub *ep, struct buf *o, const struct chapter *c, const char *body, bool intro,
			   const char *label)
{
	epub_doc_begin(ep, o, label, intro ? "introduction" : "chapter");
	buf_puts(o, intro ? "<section epub:type=\"introduction\" role=\"doc-introduction\">\n"
			  : "<section epub:type=\"chapter\" role=\"doc-chapter\">\n");
	buf_puts(o, "<h1");
	if (label == ui_text(ep->b, UI_INTRODUCTION))
		buf_puts(o, ui_lang(ep, UI_INTRODUCTION));
	if (c->doc && nonempty(c->doc->title_id)) {
		buf_puts(o, " id=\"");
		slug_epub_id(o, c->doc->title_id);
		buf_puts(o, "\"");
	}
	buf_puts(o, ">");
	esc(o, label);
	buf_puts(o, "</h1>\n");
	if (!intro && nonempty(c->summary)) {
		buf_puts(o, "<p class=\"summary\">");
		esc(o, c->summary);
		buf_puts(o, "</p>\n");
	}
	buf_puts(o, body);
	if (o->len && o->data[o->len - 1] != '\n')
		buf_putc(o, '\n');
	size_t nb = 0;
	for (size_t i = 0; i < c->nbacklinks; i++)
		nb += c->backlinks[i] && c->backlinks[i]->epub_name;
	if (nb) {
		buf_puts(o, "<section class=\"backlinks\">\n");
		ui_elem(ep, o, "h2", "", UI_REFERENCED_FROM);
		buf_puts(o, "\n<ul>\n");
		for (size_t i = 0; i < c->nbacklinks; i++) {
			const struct chapter *from = c->backlinks[i];
			if (!from || !from->epub_name)
				continue;
			bool intro_label = from == ep->b->home && intro_label_of(ep->b) == ui_text(ep->b, UI_INTRODUCTION);
			buf_puts(o, "<li><a href=\"");
			esc(o, from->epub_name);
			buf_printf(o, "\"%s>", intro_label ? ui_lang(ep, UI_INTRODUCTION) : "");
			esc(o, intro_label ? ui_text(ep->b, UI_INTRODUCTION) : chapter_label(from));
			buf_puts(o, "</a></li>\n");
		}
		buf_puts(o, "</ul>\n</section>\n");
	}
	buf_puts(o, "</section>\n");
	epub_doc_end(o);
}

static void render_cover(struct epub *ep, const struct media *cover)
{
	const struct book *b = ep->b;
	struct buf o = BUF_INIT;
	if (cover) {
		ep->cover_doc = "cover.xhtml";
		epub_doc_begin(ep, &o, b->title, "cover");
		struct buf u = BUF_INIT;
		buf_puts(&u, cover->out);
		buf_puts(&o, "<div class=\"cover-image\"><img epub:type=\"cover\" role=\"doc-cover\" src=\"");
		esc_html(&o, u.data, u.len);
		buf_puts(&o, "\" alt=\"");
		esc(&o, b->title);
		buf_puts(&o, "\"/></div>\n");
		buf_release(&u);
		ep->has_images = true;
	} else {
		ep->cover_doc = "titlepage.xhtml";
		epub_doc_begin(ep, &o, b->title, "titlepage");
		buf_puts(&o, "<section epub:type=\"titlepage\" class=\"titlepage\">\n<h1 class=\"title\">");
		esc(&o, b->title);
		buf_puts(&o, "</h1>\n");
		if (nonempty(b->subtitle)) {
			buf_puts(&o, "<p class=\"subtitle\" role=\"doc-subtitle\">");
			esc(&o, b->subtitle);
			buf_puts(&o, "</p>\n");
		}
		if (nonempty(b->author)) {
			buf_puts(&o, "<p class=\"author\">");
			esc(&o, b->author);
			buf_puts(&o, "</p>\n");
		}
		if (nonempty(b->publisher)) {
			buf_puts(&o, "<p class=\"publisher\">");
			esc(&o, b->publisher);
			buf_puts(&o, "</p>\n");
		}
		buf_puts(&o, "</section>\n");
	}
	epub_doc_end(&o);
	const char *id = cover ? "cover" : "titlepage";
	manifest_item(ep, id, ep->cover_doc, "application/xhtml+xml", NULL);
	spine_item(ep, id);
	ep->slot[0].name = xasprintf("EPUB/%s", ep->cover_doc);
	slot_fill(ep, 0, 0, &o);
}

static const char container_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
	"  <rootfiles>\n"
	"    <rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
	"  </rootfiles>\n"
	"</container>\n";

/* ---- media ---------------------------------------------------------------- */

static int cmp_media(const void *a, const void *b)
{
	return strcmp(((const struct media *)a)->path, ((const struct media *)b)->path);
}

/* Collect the assets (and the cover image) sorted by path; *cover points
 * at the cover's record or is NULL.  Returns -1 after a diagnostic. */
static int collect_media(struct epub *ep, const struct media **cover)
{
	const struct book *b = ep->b;
	int rc = 0;
	ep->m = xcalloc(b->nassets + 1, sizeof *ep->m);
	for (size_t i = 0; i < b->nassets; i++) {
		const struct asset *a = b->assets[i];
		if (!a->in_epub)
			continue; /* linked files stay on the website */
		ep->m[ep->nm++] = (struct media){ a->path, a->out, a->media_type, a->is_image, a->missing_alt, false, a->scripted };
		if (!media_is_epub_core(a->media_type))
			diag_warning(ep->b->diags, a->first_use, "EPUB readers cannot open '%s' (%s): the EPUB's link to it fails epubcheck "
				     "(RSC-010); use PNG, JPEG or SVG for images and link other files on the website",
				     a->path, a->media_type);
		if (!is_ocf_name(a->path))
			rc = diag_error(ep->b->diags, a->first_use, "'%s' cannot be stored in an EPUB: rename it without \" * : < > ? \\ | or a final '.'",
					a->path);
	}
	*cover = NULL;
	if (nonempty(b->cover)) {
		const char *why = book_cover_check(b->source, b->cover, &ep->cover_path);
		if (why)
			return diag_error(ep->b->diags, yaml_pos(b), "cover '%s' %s", b->cover, why);
		const char *type = media_type(ep->cover_path);
		if (!is_ocf_name(ep->cover_path))
			return diag_error(ep->b->diags, yaml_pos(b), "cover '%s' cannot be stored in an EPUB: rename it", b->cover);
		struct media *c = NULL;
		for (size_t i = 0; i < ep->nm; i++)
			if (!strcmp(ep->m[i].path, ep->cover_path))
				c = &ep->m[i];
		if (!c) {
			c = &ep->m[ep->nm++];
			ep->cover_out = asset_out_name(ep->cover_path);
			*c = (struct media){ ep->cover_path, ep->cover_out, type, true, false, false, false };
		}
		c->cover = true;
	}
	qsort(ep->m, ep->nm, sizeof *ep->m, cmp_media);
	for (size_t i = 0; i < ep->nm; i++) {
		if (ep->m[i].cover)
			*cover = &ep->m[i];
		if (i && !strcmp(ep->m[i].path, ep->m[i - 1].path))
			rc = diag_error(ep->b->diags, yaml_pos(b), "asset '%s' listed twice", ep->m[i].path);
		if (!strcasecmp(ep->m[i].media_type, "image/gif"))
			ep->has_gif_or_av = true;
	}
	return rc;
}

/* Read media file k into its slot (after the documents and the CSS). */
struct media_job {
	struct epub *ep;
	size_t first;   /* slot of ep->m[0] */
	_Atomic int errors;
};

static void media_one(size_t k, int worker, void *arg)
{
	struct media_job *j = arg;
	struct epub *ep = j->ep;
	const struct media *m = &ep->m[k];
	struct slot *sl = &ep->slot[j->first + k];
	char *file = path_join(ep->b->source, m->path);
	char *data;
	size_t len;
	sl->name = xasprintf("EPUB/%s", m->out);
	if (read_file(file, &data, &len)) {
		diag_error(ep->b->diags, (struct pos){ file, 0, 0 }, "cannot read %s for the EPUB: %s",
			   m->cover ? "the cover" : "a file", strerror(errno));
		j->errors++;
	} else {
		/* compressed formats gain nothing from deflate */
		zipout_blob_make(ep->dz[worker], data, len, !media_is_compressed(m->media_type), &sl->blob);
		sl->done = true;
		free(data);
	}
	free(file);
}

static void media_manifest(struct epub *ep)
{
	for (size_t i = 0; i < ep->nm; i++) {
		const struct media *m = &ep->m[i];
		char *href = xstrdup(m->out);
		char *id = m->cover ? xstrdup("cover-img") : xasprintf("m%04zu", i + 1);
		manifest_item(ep, id, href, m->media_type, m->cover ? "cover-image" : m->scripted ? "scripted" : NULL);
		free(href);
		free(id);
	}
}

/* ---- the whole EPUB ------------------------------------------------------- */

static void epub_free(struct epub *ep)
{
	if (!ep)
		return;
	for (size_t i = 0; i < ep->nslots; i++) {
		free(ep->slot[i].name);
		zipout_blob_release(&ep->slot[i].blob);
	}
	free(ep->slot);
	for (int i = 0; ep->dz && i < ep->jobs; i++)
		zipout_deflater_free(ep->dz[i]);
	free(ep->dz);
	zipout_blob_release(&ep->opf);
	zipout_blob_release(&ep->nav);
	zipout_blob_release(&ep->ncx);
	for (size_t i = 0; i < ep->ntoc; i++) {
		free(ep->toc[i].href);
		free(ep->toc[i].label);
	}
	free(ep->toc);
	free(ep->m);
	free(ep->cover_path);
	free(ep->cover_out);
	free(ep->uid);
	free(ep->path);
	buf_release(&ep->manifest);
	buf_release(&ep->spine);
	free(ep);
}

/* The slot of a chapter's document: the home page's is 1, the chapters'
 * follow it. */
static size_t chapter_slot(const struct epub *ep, const struct chapter *c)
{
	return c == ep->b->home ? 1 : ep->first_chapter + c->index;
}

struct epub *epub_begin(const struct book *b, const char *path, time_t modified, const char *theme_dir, int jobs)
{
	struct epub *ep = xcalloc(1, sizeof *ep);
	char *css = NULL, *css_path = NULL;
	size_t css_len = 0;
	const struct media *cover = NULL;
	*ep = (struct epub){ .b = b, .manifest = BUF_INIT, .spine = BUF_INIT, .modified = modified };
	ep->path = xstrdup(path);
	ep->jobs = jobs < 1 ? 1 : jobs;
	ep->dz = xcalloc((size_t)ep->jobs, sizeof *ep->dz);
	for (int i = 0; i < ep->jobs; i++)
		ep->dz[i] = zipout_deflater_new();

	ep->lang = nonempty(b->language) ? b->language : "en";
	if (!lang_is_bcp47(ep->lang)) {
		diag_error(b->diags, yaml_pos(b), "language '%s' is not a BCP 47 language tag (such as 'en' or 'pt-BR')", ep->lang);
		goto fail;
	}
	ep->ui_en = !lang_is_english(ep->lang);
	if (!book_has_title(b)) {
		diag_error(b->diags, yaml_pos(b), "the book needs a title for the EPUB");
		goto fail;
	}
	if (nonempty(b->date) && !text_is_date(b->date))
		diag_warning(b->diags, yaml_pos(b), "date '%s' is not YYYY, YYYY-MM or YYYY-MM-DD; the EPUB leaves it out", b->date);
	ep->uid = book_uid(b);
	if (collect_media(ep, &cover))
		goto fail;
	css_path = path_join(theme_dir ? theme_dir : ".", "epub.css");
	if (read_file_max(css_path, SMALL_FILE_MAX, &css, &css_len)) {
		diag_error(b->diags, (struct pos){ css_path, 0, 0 }, "cannot read the EPUB style sheet: %s",
			   read_error(css_path, errno));
		goto fail;
	}

	/* the slots: cover or title page, intro, chapters, css, media */
	ep->first_chapter = b->home ? 2 : 1;
	ep->nslots = ep->first_chapter + b->nchapters + 1 + ep->nm;
	ep->slot = xcalloc(ep->nslots, sizeof *ep->slot);

	/* documents, in spine order (nav is rendered last: it needs the toc) */
	render_cover(ep, cover);
	manifest_item(ep, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
	spine_item(ep, "nav");
	if (b->home) {
		const char *label = intro_label_of(b);
		toc_add(ep, 1, b->home->epub_name, NULL, label,
			label == ui_text(b, UI_INTRODUCTION) && ui_is_english(b, UI_INTRODUCTION));
		toc_headings(ep, b->home, 1);
		manifest_item(ep, "intro", b->home->epub_name, "application/xhtml+xml", doc_props(ep, b->home));
		spine_item(ep, "intro");
		ep->slot[1].name = xasprintf("EPUB/%s", b->home->epub_name);
		ep->start_doc = b->home->epub_name;
	}
	for (size_t i = 0; i < b->nchapters; i++) {
		const struct chapter *c = b->chapters[i];
		char id[32];
		snprintf(id, sizeof id, "ch%04zu", i + 1);
		manifest_item(ep, id, c->epub_name, "application/xhtml+xml", doc_props(ep, c));
		spine_item(ep, id);
		ep->slot[ep->first_chapter + i].name = xasprintf("EPUB/%s", c->epub_name);
		if (!ep->start_doc)
			ep->start_doc = c->epub_name;
	}
	/* the navigation: parts, chapters and their sections, nested as the
	 * book's table of contents says (drafts and separators have no place
	 * in it); depths grow by one at most */
	int prevd = ep->ntoc ? 1 : 0;
	for (size_t i = 0; i < b->ntoc; i++) {
		const struct toc_item *t = &b->toc[i];
		if (t->kind == TOC_DRAFT || t->kind == TOC_SEPARATOR || (t->kind == TOC_PAGE && t->ch == b->home))
			continue;
		int d = (int)t->depth + 1;
		if (d > prevd + 1)
			d = prevd + 1;
		if (t->kind == TOC_LABEL) {
			toc_add(ep, d, NULL, NULL, toc_item_title(t), false);
		} else {
			toc_add(ep, d, t->ch->epub_name, NULL, toc_item_title(t), false);
			toc_headings(ep, t->ch, d);
		}
		prevd = d;
	}
	toc_prune_parts(ep);
	if (ep->ntoc == 0) /* a toc needs one entry */
		toc_add(ep, 1, ep->cover_doc, NULL, b->title, false);
	manifest_item(ep, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL);
	manifest_item(ep, "css", CSS_HREF, "text/css", NULL);
	media_manifest(ep);
	/* one at a time, each gone once compressed: this is the build's
	 * peak of memory (every chapter's model is held), and at 10,000
	 * chapters the three texts are 20 MB */
	struct buf nav = epub_nav(ep);
	zipout_blob_make(ep->dz[0], nav.data, nav.len, true, &ep->nav);
	buf_release(&nav);
	struct buf ncx = epub_ncx(ep);
	zipout_blob_make(ep->dz[0], ncx.data, ncx.len, true, &ep->ncx);
	buf_release(&ncx);
	struct buf opf = epub_opf(ep, modified, cover);
	zipout_blob_make(ep->dz[0], opf.data, opf.len, true, &ep->opf);
	buf_release(&opf);
	size_t k = ep->first_chapter + b->nchapters;
	ep->slot[k].name = xstrdup("EPUB/" CSS_HREF);
	zipout_blob_make(ep->dz[0], css, css_len, true, &ep->slot[k].blob);
	ep->slot[k].done = true;
	free(css);
	free(css_path);
	return ep;
fail:
	free(css);
	free(css_path);
	epub_free(ep);
	return NULL;
}

void epub_chapter(struct epub *ep, const struct chapter *c, const char *body, int worker)
{
	if (c == ep->b->notfound) /* 404.md: the site's only */
		return;
	struct buf o = BUF_INIT;
	bool intro = c == ep->b->home;
	buf_grow(&o, (body ? strlen(body) : 0) + 4096); /* the document, near enough: one allocation */
	render_chapter(ep, &o, c, body ? body : "", intro,
		       intro ? intro_label_of(ep->b) : c->heading ? c->heading : chapter_label(c));
	slot_fill(ep, chapter_slot(ep, c), worker < 0 || worker >= ep->jobs ? 0 : worker, &o);
}

int epub_finish(struct epub *ep)
{
	int rc = -1;
	const struct book *b = ep->b;
	struct zipout *z = NULL;
	struct media_job mj = { ep, ep->first_chapter + b->nchapters + 1, 0 };
	parallel_for_w(ep->nm, ep->jobs, media_one, &mj);
	if (mj.errors)
		goto out;

	/* zip order: mimetype, container, opf, nav, ncx, spine documents, css, media */
	z = zipout_open(b->diags, ep->path, ep->modified);
	if (!z)
		goto out;
	if (zipout_add(z, "mimetype", xstrdup("application/epub+zip"), strlen("application/epub+zip"), false) ||
	    zipout_add(z, "META-INF/container.xml", xstrdup(container_xml), strlen(container_xml), true) ||
	    zipout_add_blob(z, "EPUB/package.opf", &ep->opf) || zipout_add_blob(z, "EPUB/nav.xhtml", &ep->nav) ||
	    zipout_add_blob(z, "EPUB/toc.ncx", &ep->ncx))
		goto out;
	for (size_t i = 0; i < ep->nslots; i++) {
		struct slot *sl = &ep->slot[i];
		if (!sl->done) { /* a caller's mistake: a chapter never given */
			diag_error(b->diags, (struct pos){ ep->path, 0, 0 }, "internal error: no document for '%s'", sl->name);
			goto out;
		}
		if (zipout_add_blob(z, sl->name, &sl->blob))
			goto out;
	}
	rc = zipout_close(z);
	z = NULL;
out:
	zipout_discard(z);
	epub_free(ep);
	return rc;
}

void epub_abort(struct epub *ep)
{
	epub_free(ep);
}

int epub_write(const struct book *b, const char *path, time_t modified, const char *theme_dir)
{
	struct epub *ep = epub_begin(b, path, modified, theme_dir, 1);
	if (!ep)
		return -1;
	if (b->home)
		epub_chapter(ep, b->home, b->home->xhtml, 0);
	for (size_t i = 0; i < b->nchapters; i++)
		epub_chapter(ep, b->chapters[i], b->chapters[i]->xhtml, 0);
	return epub_finish(ep);
}
