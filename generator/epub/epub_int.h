/* epub_int.h - what the EPUB writer's files share (epub.c: documents,
 * media and the zip; package.c: the package document, nav and NCX).
 * Layer: epub (private to epub/). */
#ifndef FOLIO_EPUB_INT_H
#define FOLIO_EPUB_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "base/buf.h"
#include "base/escape.h"
#include "model/book.h"
#include "model/ui.h"
#include "write/zipout.h"

/* A zip entry after the package files, in zip order: the documents in
 * spine order, the style sheet, the media.  Filled by any thread (each
 * slot by one), written by epub_finish. */
struct slot {
	char *name;               /* zip name, "EPUB/…" */
	struct zipout_blob blob;  /* its bytes, compressed */
	bool done;
};

/* One file of the package (manifest item). */
struct media {
	const char *path;       /* relative to SOURCE */
	const char *out;        /* name inside EPUB/ ("media/…", see asset_out_name) */
	const char *media_type;
	bool is_image, missing_alt, cover;
	bool scripted;          /* an SVG with script: manifest property "scripted" */
};

/* One toc line: depth 1 = a document, 2 and 3 = its headings. */
struct tocent {
	int depth;
	char *href;             /* attribute-escaped */
	char *label;            /* text-escaped */
	bool ui;                /* folio's own (English) words */
	bool part;              /* a part or folder title: no document of its own
	                         * (nav: a <span>; NCX: points at its first child) */
};

struct epub {
	const struct book *b;
	const char *lang;
	char *uid;
	char *path;             /* where the archive goes */
	time_t modified;
	struct slot *slot;      /* documents (cover or title page, intro, chapters), css, media */
	size_t nslots;
	size_t first_chapter;   /* slot of b->chapters[0] */
	struct zipout_blob opf, nav, ncx;
	struct zipout_deflater **dz; /* one per worker */
	int jobs;
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
static inline const char *ui_lang(const struct epub *ep, enum ui_key k)
{
	return ui_lang_attr(ep->b, k, true);
}

/* A ui text, escaped, in an element of its own: <TAG ATTRS lang>text</TAG> */
static inline void ui_elem(const struct epub *ep, struct buf *o, const char *tag, const char *attrs, enum ui_key k)
{
	buf_printf(o, "<%s%s%s>", tag, attrs, ui_lang(ep, k));
	esc_html_str(o, ui_text(ep->b, k));
	buf_printf(o, "</%s>", tag);
}

static inline struct pos yaml_pos(const struct book *b)
{
	return (struct pos){ b->yaml_file ? b->yaml_file : b->source, 0, 0 };
}

static inline bool nonempty(const char *s)
{
	if (!s)
		return false;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return true;
	return false;
}

static inline void esc(struct buf *o, const char *s) { esc_html_str(o, s); }

/* An XHTML content document's start (title, style sheet, body class or
 * NULL) and end. */
void epub_doc_begin(const struct epub *ep, struct buf *o, const char *title, const char *body_class);
void epub_doc_end(struct buf *o);
/* The navigation document, the NCX and the package document of ep (its
 * toc, manifest and spine gathered); each a new buffer. */
struct buf epub_nav(struct epub *ep);
struct buf epub_ncx(struct epub *ep);
struct buf epub_opf(struct epub *ep, time_t modified, const struct media *cover);

#endif
