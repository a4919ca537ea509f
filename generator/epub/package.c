/* package.c - the EPUB's package document (metadata with EPUB
 * Accessibility 1.1, manifest, spine), navigation document and NCX, from
 * what epub.c gathered. */
#include "epub/epub_int.h"
#include "base/text.h"

#include <stdio.h>
#include <string.h>

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
		if (t[i].part)
			buf_printf(o, "<li><span>%s</span>", t[i].label);
		else
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

struct buf epub_nav(struct epub *ep)
{
	struct buf o = BUF_INIT;
	const struct book *b = ep->b;
	epub_doc_begin(ep, &o, ui_text(b, UI_CONTENTS), "toc");
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
	epub_doc_end(&o);
	return o;
}

struct buf epub_ncx(struct epub *ep)
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
	size_t order = 0;
	for (size_t i = 0; i < ep->ntoc; i++) {
		const struct tocent *t = &ep->toc[i];
		if (t->depth <= cur) {
			for (; cur >= t->depth; cur--)
				buf_puts(&o, "</navPoint>\n");
		}
		cur = t->depth;
		/* a part points where its first child does: the same playOrder */
		size_t play = t->part ? order + 1 : ++order;
		buf_printf(&o, "<navPoint id=\"np%zu\" playOrder=\"%zu\"><navLabel><text>%s</text></navLabel>"
			       "<content src=\"%s\"/>\n",
			   i + 1, play, t->label, t->href);
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

struct buf epub_opf(struct epub *ep, time_t modified, const struct media *cover)
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
	if (b->nauthors > 1) { /* one dc:creator each */
		for (size_t i = 0; i < b->nauthors; i++) {
			char id[32];
			snprintf(id, sizeof id, i ? "creator-%zu" : "creator", i + 1);
			dc(&o, "creator", id, b->authors[i]);
		}
	} else {
		dc(&o, "creator", "creator", b->author);
	}
	dc(&o, "publisher", NULL, b->publisher);
	if (nonempty(b->date) && text_is_date(b->date))
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
	/* a right-to-left book turns its pages the other way */
	buf_puts(&o, ep->b->rtl ? "  </manifest>\n  <spine toc=\"ncx\" page-progression-direction=\"rtl\">\n"
				: "  </manifest>\n  <spine toc=\"ncx\">\n");
	buf_add(&o, ep->spine.data, ep->spine.len);
	buf_puts(&o, "  </spine>\n</package>\n");
	return o;
}

