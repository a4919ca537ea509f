/* epub.c - the book as an EPUB 3 file.
 *
 * Layout inside the zip (entries in this order, see docs/EPUB-AND-WEB-NOTES.md):
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
#include "write/fsx.h"
#include "base/sha1.h"
#include "base/slug.h"
#include "model/ui.h"
#include "base/xalloc.h"
#include "write/zipout.h"

#define CSS_HREF "css/epub.css"

/* One file of the EPUB, in zip order. */
struct entry {
	char *name;     /* zip name */
	char *data;
	size_t len;
	bool deflate;
};

/* One file of the package (manifest item). */
struct media {
	const char *path;       /* relative to SOURCE */
	const char *out;        /* name inside EPUB/ ("media/…", see asset_out_name) */
	const char *media_type;
	bool is_image, missing_alt, cover;
};

/* One toc line: depth 1 = a document, 2 and 3 = its headings. */
struct tocent {
	int depth;
	char *href;             /* attribute-escaped */
	char *label;            /* text-escaped */
	bool ui;                /* folio's own (English) words */
};

struct epub {
	const struct book *b;
	const char *lang;
	char *uid;
	struct entry *e;
	size_t ne, ecap;
	struct media *m;
	size_t nm;
	char *cover_path;       /* b->cover, normalised */
	char *cover_out;        /* its name inside EPUB/ */
	struct tocent *toc;
	size_t ntoc, toccap;
	struct buf manifest, spine;
	const char *cover_doc;  /* "cover.xhtml" or "titlepage.xhtml" */
	const char *start_doc;  /* first document after nav, for landmarks */
	bool has_images, has_svg, has_gif_or_av;
	bool ui_en;             /* the book is not English: the (English) a11y summary is marked */
};

/* folio's own words (ui.h) that are still English in a book in another
 * language: say so (WCAG 3.1.2). */
static const char *ui_lang(const struct epub *ep, enum ui_key k)
{
	return ui_lang_attr(ep->b, k, true);
}

/* A ui text, escaped, in an element of its own: <TAG ATTRS lang>text</TAG> */
static void ui_elem(struct epub *ep, struct buf *o, const char *tag, const char *attrs, enum ui_key k)
{
	buf_printf(o, "<%s%s%s>", tag, attrs, ui_lang(ep, k));
	esc_html_str(o, ui_text(ep->b, k));
	buf_printf(o, "</%s>", tag);
}

static struct pos yaml_pos(const struct book *b)
{
	return (struct pos){ b->yaml_file ? b->yaml_file : b->source, 0, 0 };
}

static bool nonempty(const char *s)
{
	if (!s)
		return false;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return true;
	return false;
}

static void esc(struct buf *o, const char *s) { esc_html_str(o, s); }

static void add_entry(struct epub *ep, const char *name, char *data, size_t len, bool deflate)
{
	ep->e = xgrow(ep->e, &ep->ecap, ep->ne + 1, sizeof *ep->e);
	ep->e[ep->ne++] = (struct entry){ xstrdup(name), data, len, deflate };
}

static void add_buf(struct epub *ep, const char *name, struct buf *b)
{
	size_t len;
	char *data = buf_detach(b, &len);
	add_entry(ep, name, data, len, true);
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
	esc(&h, file);
	if (frag) {
		buf_putc(&h, '#');
		slug_epub_id(&h, frag);
	}
	esc(&l, label);
	ep->toc = xgrow(ep->toc, &ep->toccap, ep->ntoc + 1, sizeof *ep->toc);
	ep->toc[ep->ntoc++] = (struct tocent){ depth, buf_detach(&h, NULL), buf_detach(&l, NULL), ui };
}

/* ---- checks on book metadata --------------------------------------------- */

/* A well-formed BCP 47 tag, approximately (RFC 5646 syntax without the
 * registry): a 2-8 letter primary subtag (or "x"/"i" private use), then
 * 1-8 character alphanumeric subtags. */
static bool is_bcp47(const char *s)
{
	size_t n = 0, k = 0;
	const char *p = s;
	for (;; p++) {
		if (*p == '-' || *p == '\0') {
			if (n == 0 || n > 8)
				return false;
			if (k == 0) {
				for (const char *q = p - n; q < p; q++)
					if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')))
						return false;
				if (n == 1 && *s != 'x' && *s != 'X' && *s != 'i' && *s != 'I')
					return false;
			}
			if (*p == '\0')
				return true;
			k++;
			n = 0;
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) {
			n++;
		} else {
			return false;
		}
	}
}

/* W3CDTF date as dc:date takes it: YYYY, YYYY-MM or YYYY-MM-DD. */
static bool is_w3cdtf_date(const char *s)
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

static const char *cover_media_type(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot)
		return NULL;
	if (!strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg"))
		return "image/jpeg";
	if (!strcasecmp(dot, ".png"))
		return "image/png";
	return NULL;
}

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

static void doc_begin(struct epub *ep, struct buf *o, const char *title, const char *body_class)
{
	buf_puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
		    "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"");
	esc(o, ep->lang);
	buf_puts(o, "\" xml:lang=\"");
	esc(o, ep->lang);
	buf_puts(o, "\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>");
	esc(o, title);
	buf_puts(o, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"" CSS_HREF "\"/>\n</head>\n<body");
	if (body_class) {
		buf_puts(o, " class=\"");
		esc(o, body_class);
		buf_puts(o, "\"");
	}
	buf_puts(o, ">\n");
}

static void doc_end(struct buf *o) { buf_puts(o, "</body>\n</html>\n"); }

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

/* The toc lines of a chapter's headings: h1/h2 at depth 2, h3 under the
 * h2 before it (depth 3), deeper headings left out. */
static void toc_headings(struct epub *ep, const struct chapter *c)
{
	bool have2 = false;
	for (size_t i = 0; c->doc && i < c->doc->nheadings; i++) {
		const struct toc_heading *h = &c->doc->headings[i];
		int depth;
		if (h->level <= 2)
			depth = 2, have2 = true;
		else if (h->level == 3)
			depth = have2 ? 3 : 2;
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

static void render_chapter(struct epub *ep, const struct chapter *c, const char *id, bool intro,
			   const char *label)
{
	const char *body = c->xhtml ? c->xhtml : "";
	struct buf o = BUF_INIT;
	doc_begin(ep, &o, label, intro ? "introduction" : "chapter");
	buf_puts(&o, intro ? "<section epub:type=\"introduction\" role=\"doc-introduction\">\n"
			   : "<section epub:type=\"chapter\" role=\"doc-chapter\">\n");
	buf_puts(&o, "<h1");
	if (label == ui_text(ep->b, UI_INTRODUCTION))
		buf_puts(&o, ui_lang(ep, UI_INTRODUCTION));
	if (c->doc && nonempty(c->doc->title_id)) {
		buf_puts(&o, " id=\"");
		slug_epub_id(&o, c->doc->title_id);
		buf_puts(&o, "\"");
	}
	buf_puts(&o, ">");
	esc(&o, label);
	buf_puts(&o, "</h1>\n");
	if (!intro && nonempty(c->summary)) {
		buf_puts(&o, "<p class=\"summary\">");
		esc(&o, c->summary);
		buf_puts(&o, "</p>\n");
	}
	buf_puts(&o, body);
	if (o.len && o.data[o.len - 1] != '\n')
		buf_putc(&o, '\n');
	size_t nb = 0;
	for (size_t i = 0; i < c->nbacklinks; i++)
		nb += c->backlinks[i] && c->backlinks[i]->epub_name;
	if (nb) {
		buf_puts(&o, "<section class=\"backlinks\">\n");
		ui_elem(ep, &o, "h2", "", UI_REFERENCED_FROM);
		buf_puts(&o, "\n<ul>\n");
		for (size_t i = 0; i < c->nbacklinks; i++) {
			const struct chapter *from = c->backlinks[i];
			if (!from || !from->epub_name)
				continue;
			bool intro_label = from == ep->b->home && intro_label_of(ep->b) == ui_text(ep->b, UI_INTRODUCTION);
			buf_puts(&o, "<li><a href=\"");
			esc(&o, from->epub_name);
			buf_printf(&o, "\"%s>", intro_label ? ui_lang(ep, UI_INTRODUCTION) : "");
			esc(&o, intro_label ? ui_text(ep->b, UI_INTRODUCTION) : chapter_label(from));
			buf_puts(&o, "</a></li>\n");
		}
		buf_puts(&o, "</ul>\n</section>\n");
	}
	buf_puts(&o, "</section>\n");
	doc_end(&o);
	manifest_item(ep, id, c->epub_name, "application/xhtml+xml", doc_props(ep, c));
	spine_item(ep, id);
	add_buf(ep, c->epub_name, &o);
}

static void render_cover(struct epub *ep, const struct media *cover)
{
	const struct book *b = ep->b;
	struct buf o = BUF_INIT;
	if (cover) {
		ep->cover_doc = "cover.xhtml";
		doc_begin(ep, &o, b->title, "cover");
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
		doc_begin(ep, &o, b->title, "titlepage");
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
	doc_end(&o);
	const char *id = cover ? "cover" : "titlepage";
	manifest_item(ep, id, ep->cover_doc, "application/xhtml+xml", NULL);
	spine_item(ep, id);
	add_buf(ep, ep->cover_doc, &o);
}

/* Nested <ol> of the toc: depths grow by at most one from line to line. */
static void nav_list(struct buf *o, const struct tocent *t, size_t n)
{
	int cur = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i].depth > cur) {
			buf_puts(o, cur ? "\n<ol>\n" : "<ol>\n");
		} else {
			buf_puts(o, "</li>\n");
			for (; cur > t[i].depth; cur--)
				buf_puts(o, "</ol>\n</li>\n");
		}
		cur = t[i].depth;
		buf_printf(o, "<li><a href=\"%s\"%s>%s</a>", t[i].href,
			   t[i].ui ? " lang=\"en\" xml:lang=\"en\"" : "", t[i].label);
	}
	if (cur) {
		buf_puts(o, "</li>\n");
		for (; cur > 1; cur--)
			buf_puts(o, "</ol>\n</li>\n");
		buf_puts(o, "</ol>\n");
	}
}

static struct buf render_nav(struct epub *ep)
{
	struct buf o = BUF_INIT;
	const struct book *b = ep->b;
	doc_begin(ep, &o, ui_text(b, UI_CONTENTS), "toc");
	buf_puts(&o, "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\">\n");
	ui_elem(ep, &o, "h1", "", UI_CONTENTS);
	buf_putc(&o, '\n');
	nav_list(&o, ep->toc, ep->ntoc);
	buf_puts(&o, "</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" aria-label=\"");
	esc(&o, ui_text(b, UI_LANDMARKS));
	buf_printf(&o, "\" hidden=\"hidden\"%s>\n", ui_lang(ep, UI_LANDMARKS));
	ui_elem(ep, &o, "h2", "", UI_LANDMARKS);
	buf_puts(&o, "\n<ol>\n");
	bool is_cover = !strcmp(ep->cover_doc, "cover.xhtml");
	buf_printf(&o, "<li><a epub:type=\"%s\" href=\"%s\"%s>", is_cover ? "cover" : "titlepage", ep->cover_doc,
		   ui_lang(ep, is_cover ? UI_COVER : UI_TITLE_PAGE));
	esc(&o, ui_text(b, is_cover ? UI_COVER : UI_TITLE_PAGE));
	buf_puts(&o, "</a></li>\n<li>");
	ui_elem(ep, &o, "a", " epub:type=\"toc\" href=\"nav.xhtml#toc\"", UI_CONTENTS);
	buf_puts(&o, "</li>\n");
	if (ep->start_doc) {
		buf_puts(&o, "<li><a epub:type=\"bodymatter\" href=\"");
		esc(&o, ep->start_doc);
		buf_printf(&o, "\"%s>", ui_lang(ep, UI_START_OF_CONTENT));
		esc(&o, ui_text(b, UI_START_OF_CONTENT));
		buf_puts(&o, "</a></li>\n");
	}
	buf_puts(&o, "</ol>\n</nav>\n");
	doc_end(&o);
	return o;
}

static struct buf render_ncx(struct epub *ep)
{
	const struct book *b = ep->b;
	struct buf o = BUF_INIT;
	int depth = 1;
	for (size_t i = 0; i < ep->ntoc; i++)
		if (ep->toc[i].depth > depth)
			depth = ep->toc[i].depth;
	buf_puts(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		     "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"");
	esc(&o, ep->lang);
	buf_puts(&o, "\">\n<head>\n<meta name=\"dtb:uid\" content=\"");
	esc(&o, ep->uid);
	buf_printf(&o, "\"/>\n<meta name=\"dtb:depth\" content=\"%d\"/>\n"
		       "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
		       "<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n<docTitle><text>",
		   depth);
	esc(&o, b->title);
	buf_puts(&o, "</text></docTitle>\n");
	if (nonempty(b->author)) {
		buf_puts(&o, "<docAuthor><text>");
		esc(&o, b->author);
		buf_puts(&o, "</text></docAuthor>\n");
	}
	buf_puts(&o, "<navMap>\n");
	int cur = 0;
	for (size_t i = 0; i < ep->ntoc; i++) {
		const struct tocent *t = &ep->toc[i];
		if (t->depth <= cur) {
			for (; cur >= t->depth; cur--)
				buf_puts(&o, "</navPoint>\n");
		}
		cur = t->depth;
		buf_printf(&o, "<navPoint id=\"np%zu\" playOrder=\"%zu\"><navLabel><text>%s</text></navLabel>"
			       "<content src=\"%s\"/>\n",
			   i + 1, i + 1, t->label, t->href);
	}
	for (; cur >= 1; cur--)
		buf_puts(&o, "</navPoint>\n");
	buf_puts(&o, "</navMap>\n</ncx>\n");
	return o;
}

static void meta_lang(struct buf *o, const char *property, const char *value, const char *lang)
{
	buf_printf(o, "    <meta property=\"%s\"", property);
	if (lang)
		buf_printf(o, " xml:lang=\"%s\"", lang);
	buf_puts(o, ">");
	esc(o, value);
	buf_puts(o, "</meta>\n");
}

static void meta(struct buf *o, const char *property, const char *value)
{
	meta_lang(o, property, value, NULL);
}

static void dc(struct buf *o, const char *el, const char *id, const char *value)
{
	if (!nonempty(value))
		return;
	buf_printf(o, "    <dc:%s", el);
	if (id)
		buf_printf(o, " id=\"%s\"", id);
	buf_puts(o, ">");
	esc(o, value);
	buf_printf(o, "</dc:%s>\n", el);
}

static struct buf render_opf(struct epub *ep, time_t modified, const struct media *cover)
{
	const struct book *b = ep->b;
	struct buf o = BUF_INIT;
	struct tm tm;
	char when[32];
	gmtime_r(&modified, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);

	bool missing_alt = false;
	for (size_t i = 0; i < ep->nm; i++)
		if (ep->m[i].is_image && ep->m[i].missing_alt)
			missing_alt = true;

	buf_puts(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		     "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"pub-id\" xml:lang=\"");
	esc(&o, ep->lang);
	buf_puts(&o, "\">\n  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
	dc(&o, "identifier", "pub-id", ep->uid);
	dc(&o, "title", "title", b->title);
	dc(&o, "language", NULL, ep->lang);
	dc(&o, "creator", "creator", b->author);
	dc(&o, "publisher", NULL, b->publisher);
	if (nonempty(b->date) && is_w3cdtf_date(b->date))
		dc(&o, "date", NULL, b->date);
	dc(&o, "description", NULL, b->description);
	dc(&o, "rights", NULL, b->license);
	meta(&o, "dcterms:modified", when);

	/* EPUB Accessibility 1.1, derived from the content */
	meta(&o, "schema:accessMode", "textual");
	if (ep->has_images)
		meta(&o, "schema:accessMode", "visual");
	if (!ep->has_images || !missing_alt)
		meta(&o, "schema:accessModeSufficient", "textual");
	if (ep->has_images)
		meta(&o, "schema:accessModeSufficient", "textual,visual");
	meta(&o, "schema:accessibilityFeature", "structuralNavigation");
	meta(&o, "schema:accessibilityFeature", "tableOfContents");
	meta(&o, "schema:accessibilityFeature", "readingOrder");
	meta(&o, "schema:accessibilityFeature", "displayTransformability");
	if (ep->has_images && !missing_alt)
		meta(&o, "schema:accessibilityFeature", "alternativeText");
	meta(&o, "schema:accessibilityHazard", ep->has_gif_or_av ? "unknown" : "none");
	struct buf sum = BUF_INIT;
	buf_puts(&sum, "This publication has a table of contents, headings that structure every chapter "
		       "and a single logical reading order; text can be resized and restyled.");
	if (ep->has_images && missing_alt)
		buf_puts(&sum, " Some images have no text alternative.");
	else if (ep->has_images)
		buf_puts(&sum, " Every image has a text alternative.");
	if (ep->has_gif_or_av)
		buf_puts(&sum, " It contains animated images or media that were not checked for hazards.");
	else
		buf_puts(&sum, " It contains no flashing content, motion simulation or sound.");
	meta_lang(&o, "schema:accessibilitySummary", sum.data, ep->ui_en ? "en" : NULL);
	buf_release(&sum);
	if (cover)
		buf_puts(&o, "    <meta name=\"cover\" content=\"cover-img\"/>\n");
	buf_puts(&o, "  </metadata>\n  <manifest>\n");
	buf_add(&o, ep->manifest.data, ep->manifest.len);
	buf_puts(&o, "  </manifest>\n  <spine toc=\"ncx\">\n");
	buf_add(&o, ep->spine.data, ep->spine.len);
	buf_puts(&o, "  </spine>\n</package>\n");
	return o;
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

/* A core media type of EPUB 3.2 that a content document may reference
 * without a fallback (epubcheck 4.2.6; WebP only became core in 3.3). */
static bool is_core_type(const char *t)
{
	static const char *const core[] = {
		"image/gif", "image/jpeg", "image/png", "image/svg+xml", "application/xhtml+xml", "text/css",
		"audio/mpeg", "audio/mp4", "font/ttf", "font/otf", "font/woff", "font/woff2",
		"application/font-sfnt", "application/font-woff", "application/vnd.ms-opentype",
		"application/x-font-ttf", "application/javascript", "text/javascript",
	};
	for (size_t i = 0; i < sizeof core / sizeof *core; i++)
		if (!strcasecmp(t, core[i]))
			return true;
	return false;
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
		ep->m[ep->nm++] = (struct media){ a->path, a->out, a->media_type, a->is_image, a->missing_alt, false };
		if (!is_core_type(a->media_type))
			diag_warning(ep->b->diags, a->first_use, "EPUB readers cannot open '%s' (%s): the EPUB's link to it fails epubcheck "
				     "(RSC-010); use PNG, JPEG or SVG for images and link other files on the website",
				     a->path, a->media_type);
		if (!is_ocf_name(a->path))
			rc = diag_error(ep->b->diags, a->first_use, "'%s' cannot be stored in an EPUB: rename it without \" * : < > ? \\ | or a final '.'",
					a->path);
	}
	*cover = NULL;
	if (nonempty(b->cover)) {
		const char *type = cover_media_type(b->cover);
		if (!type)
			return diag_error(ep->b->diags, yaml_pos(b), "cover '%s' must be a JPEG or PNG image", b->cover);
		ep->cover_path = path_resolve("", b->cover);
		if (!ep->cover_path || !*ep->cover_path)
			return diag_error(ep->b->diags, yaml_pos(b), "cover '%s' must be a file inside %s", b->cover, b->source);
		if (!is_ocf_name(ep->cover_path))
			return diag_error(ep->b->diags, yaml_pos(b), "cover '%s' cannot be stored in an EPUB: rename it", b->cover);
		struct media *c = NULL;
		for (size_t i = 0; i < ep->nm; i++)
			if (!strcmp(ep->m[i].path, ep->cover_path))
				c = &ep->m[i];
		if (!c) {
			c = &ep->m[ep->nm++];
			ep->cover_out = asset_out_name(ep->cover_path);
			*c = (struct media){ ep->cover_path, ep->cover_out, type, true, false, false };
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

/* Read every media file into an entry (after the documents and CSS). */
static int add_media(struct epub *ep)
{
	int rc = 0;
	for (size_t i = 0; i < ep->nm; i++) {
		const struct media *m = &ep->m[i];
		char *file = path_join(ep->b->source, m->path);
		char *data;
		size_t len;
		if (read_file(file, &data, &len)) {
			rc = diag_error(ep->b->diags, (struct pos){ file, 0, 0 }, "cannot read %s for the EPUB: %s",
					m->cover ? "the cover" : "a file", strerror(errno));
		} else {
			char *name = xasprintf("EPUB/%s", m->out);
			/* compressed formats gain nothing from deflate */
			bool deflate = strcmp(m->media_type, "image/jpeg") && strcmp(m->media_type, "image/png") &&
				       strcmp(m->media_type, "image/gif") && strcmp(m->media_type, "image/webp");
			add_entry(ep, name, data, len, deflate);
			free(name);
		}
		free(file);
	}
	return rc;
}

static void media_manifest(struct epub *ep)
{
	for (size_t i = 0; i < ep->nm; i++) {
		const struct media *m = &ep->m[i];
		char *href = xstrdup(m->out);
		char *id = m->cover ? xstrdup("cover-img") : xasprintf("m%04zu", i + 1);
		manifest_item(ep, id, href, m->media_type, m->cover ? "cover-image" : NULL);
		free(href);
		free(id);
	}
}

/* ---- the whole EPUB ------------------------------------------------------- */

static void epub_release(struct epub *ep)
{
	for (size_t i = 0; i < ep->ne; i++) {
		free(ep->e[i].name);
		free(ep->e[i].data);
	}
	free(ep->e);
	for (size_t i = 0; i < ep->ntoc; i++) {
		free(ep->toc[i].href);
		free(ep->toc[i].label);
	}
	free(ep->toc);
	free(ep->m);
	free(ep->cover_path);
	free(ep->cover_out);
	free(ep->uid);
	buf_release(&ep->manifest);
	buf_release(&ep->spine);
}

int epub_write(const struct book *b, const char *path, time_t modified, const char *theme_dir)
{
	int rc = -1;
	struct epub ep = { .b = b, .manifest = BUF_INIT, .spine = BUF_INIT };
	struct zipout *z = NULL;
	struct buf nav = BUF_INIT, ncx = BUF_INIT, opf = BUF_INIT;
	char *css = NULL, *css_path = NULL;
	size_t css_len = 0;
	const struct media *cover = NULL;

	ep.lang = nonempty(b->language) ? b->language : "en";
	if (!is_bcp47(ep.lang)) {
		diag_error(b->diags, yaml_pos(b), "language '%s' is not a BCP 47 language tag (such as 'en' or 'pt-BR')", ep.lang);
		goto out;
	}
	ep.ui_en = strncasecmp(ep.lang, "en", 2) != 0 || (ep.lang[2] != '\0' && ep.lang[2] != '-');
	if (!nonempty(b->title)) {
		diag_error(b->diags, yaml_pos(b), "the book needs a title for the EPUB");
		goto out;
	}
	if (nonempty(b->date) && !is_w3cdtf_date(b->date))
		diag_warning(b->diags, yaml_pos(b), "date '%s' is not YYYY, YYYY-MM or YYYY-MM-DD; the EPUB leaves it out", b->date);
	ep.uid = book_uid(b);
	if (collect_media(&ep, &cover))
		goto out;
	css_path = path_join(theme_dir ? theme_dir : ".", "epub.css");
	if (read_file(css_path, &css, &css_len)) {
		diag_error(b->diags, (struct pos){ css_path, 0, 0 }, "cannot read the EPUB style sheet: %s", strerror(errno));
		goto out;
	}

	/* documents, in spine order (nav is rendered last: it needs the toc) */
	render_cover(&ep, cover);
	manifest_item(&ep, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
	spine_item(&ep, "nav");
	if (b->home) {
		const char *label = intro_label_of(b);
		toc_add(&ep, 1, b->home->epub_name, NULL, label,
			label == ui_text(b, UI_INTRODUCTION) && ui_is_english(b, UI_INTRODUCTION));
		toc_headings(&ep, b->home);
		render_chapter(&ep, b->home, "intro", true, label);
		ep.start_doc = b->home->epub_name;
	}
	for (size_t i = 0; i < b->nchapters; i++) {
		const struct chapter *c = b->chapters[i];
		char id[32];
		snprintf(id, sizeof id, "ch%04zu", i + 1);
		toc_add(&ep, 1, c->epub_name, NULL, chapter_label(c), false);
		toc_headings(&ep, c);
		render_chapter(&ep, c, id, false, chapter_label(c));
		if (!ep.start_doc)
			ep.start_doc = c->epub_name;
	}
	if (ep.ntoc == 0) /* a toc needs one entry */
		toc_add(&ep, 1, ep.cover_doc, NULL, b->title, false);
	manifest_item(&ep, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL);
	manifest_item(&ep, "css", CSS_HREF, "text/css", NULL);
	media_manifest(&ep);
	nav = render_nav(&ep);
	ncx = render_ncx(&ep);
	opf = render_opf(&ep, modified, cover);

	/* zip order: mimetype, container, opf, nav, ncx, spine documents, css, media */
	z = zipout_open(b->diags, path, modified);
	if (!z)
		goto out;
	if (zipout_add(z, "mimetype", xstrdup("application/epub+zip"), strlen("application/epub+zip"), false) ||
	    zipout_add(z, "META-INF/container.xml", xstrdup(container_xml), strlen(container_xml), true))
		goto out;
	size_t len;
	char *data = buf_detach(&opf, &len);
	if (zipout_add(z, "EPUB/package.opf", data, len, true))
		goto out;
	data = buf_detach(&nav, &len);
	if (zipout_add(z, "EPUB/nav.xhtml", data, len, true))
		goto out;
	data = buf_detach(&ncx, &len);
	if (zipout_add(z, "EPUB/toc.ncx", data, len, true))
		goto out;
	add_entry(&ep, "EPUB/" CSS_HREF, css, css_len, true);
	css = NULL;
	if (add_media(&ep))
		goto out;
	for (size_t i = 0; i < ep.ne; i++) {
		struct entry *e = &ep.e[i];
		char *name = e->name;
		if (strncmp(name, "EPUB/", 5) != 0)
			name = xasprintf("EPUB/%s", e->name);
		int r = zipout_add(z, name, e->data, e->len, e->deflate);
		e->data = NULL; /* zipout owns it now */
		if (name != e->name)
			free(name);
		if (r)
			goto out;
	}
	rc = zipout_close(z);
	z = NULL;
out:
	zipout_discard(z);
	buf_release(&nav);
	buf_release(&ncx);
	buf_release(&opf);
	free(css);
	free(css_path);
	epub_release(&ep);
	return rc;
}
