/* html.c - the document model as HTML5 (site) or XHTML (EPUB); see html.h.
 *
 * Where the two formats differ, the difference is written once, here:
 * ids in the EPUB may not start with a digit (slug_epub_id), links point
 * at .xhtml documents, the site gets keyboard-scrollable code and tables,
 * image sizes, collapsible questions, an inline SVG map, a hold timer and
 * JSON-LD; the EPUB gets EPUB footnotes, questions as headings and the map
 * as a picture with a list of its links. */
#include "render/html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/slug.h"
#include "base/text.h"
#include "model/doc.h"
#include "model/ui.h"
#include "render/jsonld.h"

struct r {
	struct buf *o;
	const struct book *b;
	const struct chapter *ch;
	bool x;                 /* XHTML */
	bool in_tbody;
};

static void put(struct r *r, const char *s) { buf_puts(r->o, s); }
static void esc(struct r *r, const char *s, size_t n) { esc_html(r->o, s, n); }
static void esc_str(struct r *r, const char *s) { esc_html_str(r->o, s); }

/* An id attribute's value in this format. */
static void id_value(struct r *r, const char *id)
{
	if (r->x)
		slug_epub_id(r->o, id);
	else
		esc_html_str(r->o, id);
}

/* ---- links ---------------------------------------------------------------- */

/* The href of l in this format, attribute-escaped, appended to o.  For a
 * file EPUB readers cannot open, the EPUB gets the website's absolute URL,
 * or nothing when there is no base_url (the caller then writes no href). */
static void href(const struct r *r, const struct link *l, struct buf *o)
{
	struct buf u = BUF_INIT;
	switch (l->kind) {
	case T_UNRESOLVED:
		break;
	case T_NONE:
	case T_EXTERNAL:
		esc_url(&u, l->url, strlen(l->url));
		esc_html(o, u.data, u.len);
		break;
	case T_PAGE:
		if (l->page != r->ch || !l->frag) {
			if (r->x) {
				esc_html_str(o, l->page->epub_name);
			} else { /* relative to this page: the site mirrors the source tree */
				char *rel = path_href(r->ch ? r->ch->site_name : "", l->page->site_name);
				esc_url(&u, rel, strlen(rel));
				esc_html(o, u.data, u.len);
				free(rel);
			}
		}
		if (l->frag) {
			buf_putc(o, '#');
			if (r->x) {
				slug_epub_id(o, l->frag);
			} else {
				buf_reset(&u);
				esc_url(&u, l->frag, strlen(l->frag));
				esc_html(o, u.data, u.len);
			}
		}
		break;
	case T_ASSET:
		if (r->x && l->asset->is_image) {
			esc_html_str(o, l->asset->out); /* the EPUB is flat: documents beside media/ */
		} else if (!r->x) {
			char *rel = path_href(r->ch ? r->ch->site_name : "", l->asset->out);
			esc_html_str(o, rel);
			free(rel);
		} else if (r->b->base_url) {
			esc_html_str(o, r->b->base_url);
			esc_html_str(o, l->asset->out);
		}
		break;
	}
	buf_release(&u);
}

static void link_open(struct r *r, const struct node *n)
{
	const struct link *l = n->u.link.link;
	struct buf h = BUF_INIT;
	href(r, l, &h);
	if (r->x && !h.len && l->kind == T_ASSET) {
		put(r, "<a class=\"file-link\""); /* a file the EPUB cannot carry, no website to point to */
	} else {
		put(r, "<a href=\"");
		buf_add(r->o, h.data, h.len);
		put(r, "\"");
	}
	buf_release(&h);
	if (n->u.link.title) {
		put(r, " title=\"");
		esc_str(r, n->u.link.title);
		put(r, "\"");
	}
	put(r, ">");
}

static void image(struct r *r, const struct node *n)
{
	const struct link *l = n->u.link.link;
	const char *alt = n->u.link.alt, *title = n->u.link.title;
	if (l->kind == T_UNRESOLVED || l->kind == T_NONE)
		return;
	if (l->kind == T_EXTERNAL && r->x) {
		/* the EPUB carries no remote resources: it links to the image */
		put(r, "<a href=\"");
		href(r, l, r->o);
		put(r, "\">");
		esc_str(r, *alt ? alt : l->url);
		put(r, "</a>");
		return;
	}
	put(r, "<img src=\"");
	href(r, l, r->o);
	put(r, "\" alt=\"");
	esc_str(r, alt);
	put(r, "\"");
	if (title) {
		put(r, " title=\"");
		esc_str(r, title);
		put(r, "\"");
	}
	if (!r->x) {
		if (l->kind == T_ASSET && l->asset->width > 0)
			buf_printf(r->o, " width=\"%ld\" height=\"%ld\"", l->asset->width, l->asset->height); /* no layout shift */
		put(r, " loading=\"lazy\"");
	}
	put(r, " />");
}

/* ---- raw HTML's elements (parse/rawhtml.c kept them) ------------------------- */

static void attr(struct r *r, const struct html_attr *a)
{
	struct buf h = BUF_INIT;
	switch (a->kind) {
	case A_TEXT:
		buf_printf(r->o, " %s=\"", a->name);
		esc_str(r, a->value);
		put(r, "\"");
		if (r->x && !strcmp(a->name, "lang")) {
			put(r, " xml:lang=\"");
			esc_str(r, a->value);
			put(r, "\"");
		}
		break;
	case A_BOOL:
		buf_printf(r->o, " %s=\"%s\"", a->name, a->name);
		break;
	case A_ID:
		put(r, " id=\"");
		id_value(r, a->value);
		put(r, "\"");
		break;
	case A_URL:
		if (!a->nlinks || a->links[0]->kind == T_UNRESOLVED)
			break;
		href(r, a->links[0], &h);
		if (h.len || a->links[0]->kind == T_NONE)
			buf_printf(r->o, " %s=\"%s\"", a->name, h.data);
		break;
	case A_SRCSET:
		for (size_t i = 0; i < a->nlinks; i++) {
			const struct link *l = a->links[i];
			if (l->kind == T_UNRESOLVED || l->kind == T_NONE || (r->x && l->kind != T_ASSET))
				continue; /* the EPUB carries no remote resources */
			size_t at = h.len;
			if (at)
				buf_puts(&h, ", ");
			size_t before = h.len;
			href(r, l, &h);
			if (h.len == before) {
				buf_setlen(&h, at);
				continue;
			}
			if (*a->desc[i]) {
				buf_putc(&h, ' ');
				esc_html_str(&h, a->desc[i]);
			}
		}
		if (h.len)
			buf_printf(r->o, " %s=\"%s\"", a->name, h.data);
		break;
	}
	buf_release(&h);
}

/* A raw <img>: like a Markdown image (the EPUB links to a remote one). */
static void raw_image(struct r *r, const struct node *n)
{
	const struct html_attr *src = doc_attr(n, "src"), *alt = doc_attr(n, "alt");
	const struct link *l = src && src->nlinks ? src->links[0] : NULL;
	if (!l || l->kind == T_UNRESOLVED || l->kind == T_NONE)
		return;
	if (l->kind == T_EXTERNAL && r->x) {
		put(r, "<a href=\"");
		href(r, l, r->o);
		put(r, "\">");
		esc_str(r, alt && *alt->value ? alt->value : l->url);
		put(r, "</a>");
		return;
	}
	put(r, "<img");
	for (size_t i = 0; i < n->u.el.nattrs; i++)
		attr(r, &n->u.el.attrs[i]);
	if (!alt)
		put(r, " alt=\"\"");
	if (!r->x) {
		if (l->kind == T_ASSET && l->asset->width > 0 && !doc_attr(n, "width") && !doc_attr(n, "height"))
			buf_printf(r->o, " width=\"%ld\" height=\"%ld\"", l->asset->width, l->asset->height);
		put(r, " loading=\"lazy\"");
	}
	put(r, " />");
}

/* A newline after a block's end tag, unless the text after starts with one. */
static void block_end(struct r *r, const struct node *n)
{
	if ((n->u.el.flags & EL_BLOCK) && !(n->next && n->next->type == N_TEXT && n->next->u.text.s[0] == '\n'))
		put(r, "\n");
}

/* Returns whether the element's children are to be walked (and its end
 * written by element_close). */
static bool element_open(struct r *r, const struct node *n)
{
	unsigned f = n->u.el.flags;
	if (r->x && (f & EL_SOURCE))
		return false;          /* the EPUB gets the img of a picture, the fallback of a video */
	if (r->x && (f & (EL_PICTURE | EL_MEDIA)))
		return true;
	if (f & EL_IMG) {
		raw_image(r, n);
		return false;
	}
	buf_printf(r->o, "<%s", n->u.el.name);
	for (size_t i = 0; i < n->u.el.nattrs; i++)
		attr(r, &n->u.el.attrs[i]);
	if ((f & EL_MEDIA) && !doc_attr(n, "controls"))
		put(r, " controls=\"controls\""); /* a video without them cannot be started */
	if (f & EL_VOID) {
		put(r, " />");
		block_end(r, n);
		return false;
	}
	put(r, ">");
	/* an HTML parser drops one newline right after <pre> */
	if (!r->x && (f & EL_PRE) && n->first && n->first->type == N_TEXT && n->first->u.text.s[0] == '\n')
		put(r, "\n");
	return true;
}

static void element_close(struct r *r, const struct node *n)
{
	if (r->x && (n->u.el.flags & (EL_PICTURE | EL_MEDIA)))
		return;
	buf_printf(r->o, "</%s>", n->u.el.name);
	block_end(r, n);
}

/* ---- blocks ------------------------------------------------------------------ */

static void nodes(struct r *r, const struct node *root);

/* A fragment's content (Markdown inside a block). */
static void fragment(struct r *r, const struct node *f)
{
	if (f)
		nodes(r, f);
}

static void fmt_duration(struct buf *b, long s)
{
	long h = s / 3600, m = s % 3600 / 60, sec = s % 60;
	const char *sep = "";
	if (h)
		buf_printf(b, "%ld h", h), sep = " ";
	if (m)
		buf_printf(b, "%s%ld min", sep, m), sep = " ";
	if (sec)
		buf_printf(b, "%s%ld s", sep, sec);
}

/* One fact of a stretch ("Hold 30 s"): SEP, then the text in a span,
 * marked lang="en" when it is folio's English in a book in another
 * language. */
static void fact(struct r *r, const char *sep, enum ui_key k, const char *text, size_t len)
{
	buf_printf(r->o, "%s<span class=\"fact\"%s>", sep, ui_lang_attr(r->b, k, r->x));
	esc(r, text, len);
	put(r, "</span>");
}

static void steps(struct r *r, const struct steps *s)
{
	unsigned hl = s->heading_level;
	if (r->x) {
		put(r, "<section class=\"stretch\">\n");
	} else {
		put(r, "<section class=\"stretch\" aria-labelledby=\"");
		esc_str(r, s->id);
		put(r, "\">\n");
	}
	buf_printf(r->o, "<h%u id=\"", hl);
	id_value(r, s->id);
	put(r, "\">");
	esc_str(r, s->name);
	buf_printf(r->o, "</h%u>\n", hl);
	if (s->summary) {
		put(r, "<p class=\"stretch-summary\">");
		fragment(r, s->summary);
		put(r, "</p>\n");
	}
	if (s->hold_s || s->repeat || s->sides) {
		struct buf t = BUF_INIT;
		const char *sep = "";
		put(r, "<p class=\"stretch-facts\">");
		if (s->hold_s) {
			struct buf d = BUF_INIT;
			fmt_duration(&d, s->hold_s);
			const char *vars[] = { "time", d.data, NULL };
			ui_fill(&t, r->b, UI_HOLD, vars);
			fact(r, sep, UI_HOLD, t.data, t.len);
			buf_release(&d);
			sep = " \xC2\xB7 ";
		}
		if (s->repeat) {
			char num[24];
			snprintf(num, sizeof num, "%ld", s->repeat);
			const char *vars[] = { "n", num, NULL };
			enum ui_key k = s->repeat == 1 ? UI_REPEAT_ONE : UI_REPEAT_MANY;
			buf_reset(&t);
			ui_fill(&t, r->b, k, vars);
			fact(r, sep, k, t.data, t.len);
			sep = " \xC2\xB7 ";
		}
		if (s->sides) {
			enum ui_key k = s->sides == SIDES_BOTH ? UI_BOTH_SIDES : s->sides == SIDES_LEFT ? UI_LEFT_SIDE : UI_RIGHT_SIDE;
			const char *txt = ui_text(r->b, k);
			fact(r, sep, k, txt, strlen(txt));
		}
		buf_release(&t);
		put(r, "</p>\n");
	}
	if (s->image) {
		put(r, "<figure class=\"stretch-figure\">");
		image(r, s->image);
		put(r, "</figure>\n");
	}
	put(r, "<ol class=\"stretch-steps\">\n");
	for (size_t i = 0; i < s->n; i++) {
		put(r, "<li id=\"");
		id_value(r, s->step_id[i]);
		put(r, "\">");
		fragment(r, s->step[i]);
		put(r, "</li>\n");
	}
	put(r, "</ol>\n");
	if (s->hold_s && !r->x) {
		/* a hold timer that folio.js brings to life */
		buf_printf(r->o, "<div class=\"hold-timer\" data-seconds=\"%ld\" data-label=\"", s->hold_s);
		esc_str(r, s->name);
		put(r, "\" hidden></div>\n");
	}
	put(r, "</section>\n");
	if (!r->x) {
		put(r, "<script type=\"application/ld+json\">");
		jsonld_howto(r->o, r->b, r->ch, s);
		put(r, "</script>\n");
	}
}

static void faq(struct r *r, const struct faq *f)
{
	put(r, r->x ? "<section class=\"faq\">\n" : "<div class=\"faq\">\n");
	for (size_t i = 0; i < f->n; i++) {
		const struct faq_item *it = &f->item[i];
		if (r->x) {
			buf_printf(r->o, "<section class=\"faq-item\">\n<h%u id=\"", f->heading_level);
			id_value(r, it->id);
			put(r, "\">");
			esc_str(r, it->q);
			buf_printf(r->o, "</h%u>\n<div class=\"faq-answer\">\n", f->heading_level);
			fragment(r, it->answer);
			put(r, "</div>\n</section>\n");
		} else {
			put(r, "<details class=\"faq-item\" id=\"");
			esc_str(r, it->id);
			put(r, "\">\n<summary>");
			esc_str(r, it->q);
			put(r, "</summary>\n<div class=\"faq-answer\">\n");
			fragment(r, it->answer);
			put(r, "</div>\n</details>\n");
		}
	}
	put(r, r->x ? "</section>\n" : "</div>\n");
}

/* The site's map: the picture in an inline SVG, each region a link over
 * it.  The picture carries its own labels or numbers (so the EPUB, which
 * shows only the picture, reads the same); the regions are named by their
 * <title> and drawn as outlines, not labels over the picture. */
static void map_svg(struct r *r, const struct imagemap *m)
{
	struct buf *o = r->o;
	buf_printf(o, "<svg class=\"imagemap-svg\" viewBox=\"0 0 %ld %ld\" role=\"group\" aria-labelledby=\"", m->w, m->h);
	esc_str(r, m->id);
	put(r, "-title\">\n<title id=\"");
	esc_str(r, m->id);
	put(r, "-title\">");
	esc_str(r, m->title);
	put(r, "</title>\n<desc>");
	esc_str(r, m->desc);
	put(r, "</desc>\n<image href=\"");
	href(r, m->image->u.link.link, o);
	buf_printf(o, "\" x=\"0\" y=\"0\" width=\"%ld\" height=\"%ld\"/>\n", m->w, m->h);
	for (size_t i = 0; i < m->n; i++) {
		const struct region *g = &m->region[i];
		put(r, "<a href=\"");
		href(r, g->link, o);
		put(r, "\" class=\"region\">\n<title>");
		esc_str(r, g->label);
		put(r, "</title>\n");
		if (g->shape == 'r') {
			buf_printf(o, "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" rx=\"8\"/>\n", g->v[0], g->v[1], g->v[2], g->v[3]);
		} else if (g->shape == 'c') {
			buf_printf(o, "<circle cx=\"%g\" cy=\"%g\" r=\"%g\"/>\n", g->v[0], g->v[1], g->v[2]);
		} else {
			put(r, "<polygon points=\"");
			for (size_t k = 0; k < g->nv; k += 2)
				buf_printf(o, "%s%g,%g", k ? " " : "", g->v[k], g->v[k + 1]);
			put(r, "\"/>\n");
		}
		put(r, "</a>\n");
	}
	put(r, "</svg>\n");
}

static void imagemap(struct r *r, const struct imagemap *m)
{
	put(r, "<figure class=\"imagemap\" id=\"");
	id_value(r, m->id);
	put(r, "\">\n");
	if (r->x) {
		image(r, m->image);
		put(r, "\n");
	} else {
		map_svg(r, m);
	}
	put(r, "<figcaption>");
	esc_str(r, m->title);
	put(r, "</figcaption>\n</figure>\n");
	put(r, "<ul class=\"imagemap-list\">\n");
	for (size_t i = 0; i < m->n; i++) {
		const struct region *g = &m->region[i];
		put(r, "<li><a href=\"");
		href(r, g->link, r->o);
		put(r, "\">");
		esc_str(r, g->label);
		put(r, "</a>");
		if (g->note && g->note->first) {
			put(r, ": ");
			fragment(r, g->note);
		}
		put(r, "</li>\n");
	}
	put(r, "</ul>\n");
}

/* ---- the walk ---------------------------------------------------------------- */

static bool is_tight_paragraph(const struct node *n)
{
	const struct node *item = n->parent;
	return item && item->type == N_ITEM && item->parent && item->parent->type == N_LIST &&
	       item->parent->u.list.tight;
}

static void footnote_back(struct r *r, const struct node *n)
{
	if (!n->u.fn.ref)
		return;
	put(r, "<p class=\"footnote-back\"><a href=\"#");
	id_value(r, n->u.fn.ref);
	if (r->x) {
		buf_printf(r->o, "\" role=\"doc-backlink\"%s>", ui_lang_attr(r->b, UI_FOOTNOTE_RETURN, true));
		esc_str(r, ui_text(r->b, UI_FOOTNOTE_RETURN));
		put(r, "</a></p>\n");
	} else {
		char num[16];
		snprintf(num, sizeof num, "%u", n->u.fn.n);
		const char *vars[] = { "n", num, NULL };
		struct buf label = BUF_INIT;
		ui_fill(&label, r->b, UI_FOOTNOTE_BACK, vars);
		put(r, "\" role=\"doc-backlink\" aria-label=\"");
		esc(r, label.data, label.len);
		put(r, "\">\xE2\x86\xA9\xEF\xB8\x8E</a></p>\n");
		buf_release(&label);
	}
}

/* Write n's start; returns false when n is written whole (its children
 * and end are not to be walked). */
static bool enter(struct r *r, const struct node *n)
{
	switch (n->type) {
	case N_ELEMENT:
		return element_open(r, n);
	case N_DOCUMENT:
		break;
	case N_PARAGRAPH:
		if (!is_tight_paragraph(n))
			put(r, "<p>");
		break;
	case N_HEADING:
		put(r, "<h");
		buf_putc(r->o, '0' + (int)(n->u.heading.level % 10)); /* 1..6 */
		put(r, " id=\"");
		id_value(r, n->u.heading.id);
		put(r, "\">");
		break;
	case N_BLOCKQUOTE:
		put(r, "<blockquote>\n");
		break;
	case N_ALERT: {
		static const char *const cls[] = { "note", "tip", "important", "warning", "caution" };
		static const enum ui_key title[] = { UI_ALERT_NOTE, UI_ALERT_TIP, UI_ALERT_IMPORTANT, UI_ALERT_WARNING,
						     UI_ALERT_CAUTION };
		enum ui_key k = title[n->u.alert.kind];
		buf_printf(r->o, "<div class=\"alert alert-%s\" role=\"note\">\n<p class=\"alert-title\"%s>", cls[n->u.alert.kind],
			   ui_lang_attr(r->b, k, r->x));
		esc_str(r, ui_text(r->b, k));
		put(r, "</p>\n");
		break;
	}
	case N_LIST:
		if (!n->u.list.ordered)
			put(r, "<ul>\n");
		else if (n->u.list.start != 1)
			buf_printf(r->o, "<ol start=\"%d\">\n", n->u.list.start);
		else
			put(r, "<ol>\n");
		break;
	case N_ITEM:
		if (!n->u.item.task)
			put(r, "<li>");
		else if (n->u.item.task == 2)
			put(r, "<li class=\"task\"><input type=\"checkbox\" checked=\"checked\" disabled=\"disabled\" aria-label=\"done\" /> ");
		else
			put(r, "<li class=\"task\"><input type=\"checkbox\" disabled=\"disabled\" aria-label=\"not done\" /> ");
		break;
	case N_CODE_BLOCK:
		put(r, r->x ? "<pre>" : "<pre tabindex=\"0\">"); /* the site's long lines scroll: keyboard users need to reach them */
		if (*n->u.code.info) {
			put(r, "<code class=\"language-");
			esc(r, n->u.code.info, strlen(n->u.code.info));
			put(r, "\">");
		} else {
			put(r, "<code>");
		}
		esc(r, n->u.code.s, n->u.code.n);
		put(r, "</code></pre>\n");
		break;
	case N_THEMATIC_BREAK:
		put(r, "<hr />\n");
		break;
	case N_TABLE:
		r->in_tbody = false;
		if (!r->x) {
			put(r, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"");
			esc_str(r, ui_text(r->b, UI_TABLE));
			put(r, "\">\n");
		}
		put(r, "<table>\n");
		break;
	case N_TABLE_ROW:
		if (n->u.row.header) {
			put(r, "<thead>\n<tr>");
		} else if (!r->in_tbody) {
			put(r, "<tbody>\n<tr>");
			r->in_tbody = true;
		} else {
			put(r, "<tr>");
		}
		break;
	case N_TABLE_CELL: {
		char a = n->u.cell.align;
		const char *cls = a == 'l' ? " class=\"align-left\"" : a == 'c' ? " class=\"align-center\""
							: a == 'r' ? " class=\"align-right\"" : "";
		put(r, n->u.cell.header ? "<th scope=\"col\"" : "<td");
		put(r, cls);
		put(r, ">");
		break;
	}
	case N_FOOTNOTES:
		if (r->x) {
			put(r, "<section class=\"footnotes\">\n");
		} else {
			put(r, "<section class=\"footnotes\" aria-label=\"");
			esc_str(r, ui_text(r->b, UI_FOOTNOTES));
			put(r, "\">\n<ol>\n");
		}
		break;
	case N_FOOTNOTE_DEF:
		if (r->x) {
			put(r, "<aside id=\"");
			id_value(r, n->u.fn.id);
			buf_printf(r->o, "\" epub:type=\"footnote\" role=\"doc-footnote\">\n<p class=\"footnote-label\">%u.</p>\n", n->u.fn.n);
		} else {
			put(r, "<li id=\"");
			id_value(r, n->u.fn.id);
			put(r, "\">\n");
		}
		break;
	case N_RAW_BLOCK:
		put(r, r->x ? "<pre class=\"raw-html\"><code>" : "<pre class=\"raw-html\" tabindex=\"0\"><code>");
		esc(r, n->u.text.s, n->u.text.n);
		put(r, "</code></pre>\n");
		break;
	case N_STEPS:
		steps(r, n->u.steps);
		break;
	case N_FAQ:
		faq(r, n->u.faq);
		break;
	case N_IMAGEMAP:
		imagemap(r, n->u.map);
		break;
	case N_TEXT:
		esc(r, n->u.text.s, n->u.text.n);
		break;
	case N_CODE:
		put(r, "<code>");
		esc(r, n->u.text.s, n->u.text.n);
		put(r, "</code>");
		break;
	case N_RAW_INLINE:
		put(r, "<code class=\"raw-html\">");
		esc(r, n->u.text.s, n->u.text.n);
		put(r, "</code>");
		break;
	case N_EMPH:
		put(r, "<em>");
		break;
	case N_STRONG:
		put(r, "<strong>");
		break;
	case N_STRIKE:
		put(r, "<del>");
		break;
	case N_LINK:
		link_open(r, n);
		break;
	case N_IMAGE:
		image(r, n);
		break;
	case N_SOFTBREAK:
		put(r, "\n");
		break;
	case N_LINEBREAK:
		put(r, "<br />\n");
		break;
	case N_BR:
		put(r, "<br />");
		break;
	case N_FOOTNOTE_REF:
		put(r, "<sup><a href=\"#");
		id_value(r, n->u.fn.id);
		put(r, "\" id=\"");
		id_value(r, n->u.fn.ref);
		buf_printf(r->o, r->x ? "\" epub:type=\"noteref\" role=\"doc-noteref\">%u</a></sup>"
				      : "\" class=\"footnote-ref\" role=\"doc-noteref\">%u</a></sup>", n->u.fn.n);
		break;
	}
	return true;
}

static void leave(struct r *r, const struct node *n)
{
	switch (n->type) {
	case N_ELEMENT:
		element_close(r, n);
		break;
	case N_PARAGRAPH:
		if (!is_tight_paragraph(n))
			put(r, "</p>\n");
		else if (n->next)
			put(r, "\n");
		break;
	case N_HEADING:
		put(r, "</h");
		buf_putc(r->o, '0' + (int)(n->u.heading.level % 10));
		put(r, ">\n");
		break;
	case N_BLOCKQUOTE:
		put(r, "</blockquote>\n");
		break;
	case N_ALERT:
		put(r, "</div>\n");
		break;
	case N_LIST:
		put(r, n->u.list.ordered ? "</ol>\n" : "</ul>\n");
		break;
	case N_ITEM:
		put(r, "</li>\n");
		break;
	case N_TABLE:
		if (r->in_tbody)
			put(r, "</tbody>\n");
		put(r, r->x ? "</table>\n" : "</table>\n</div>\n");
		break;
	case N_TABLE_ROW:
		put(r, n->u.row.header ? "</tr>\n</thead>\n" : "</tr>\n");
		break;
	case N_TABLE_CELL:
		put(r, n->u.cell.header ? "</th>" : "</td>");
		break;
	case N_FOOTNOTES:
		put(r, r->x ? "</section>\n" : "</ol>\n</section>\n");
		break;
	case N_FOOTNOTE_DEF:
		footnote_back(r, n);
		put(r, r->x ? "</aside>\n" : "</li>\n");
		break;
	case N_EMPH:
		put(r, "</em>");
		break;
	case N_STRONG:
		put(r, "</strong>");
		break;
	case N_STRIKE:
		put(r, "</del>");
		break;
	case N_LINK:
		put(r, "</a>");
		break;
	default:
		break;
	}
}

/* A node nested deeper than browsers keep (n->flat, parse/markdown.c):
 * its text without elements; a block's on lines of its own. */
static void flat_text(struct r *r, const struct node *n)
{
	struct buf t = BUF_INIT;
	bool block = n->type < N_TEXT;
	doc_plain(n, &t);
	buf_squash(&t);
	if (block)
		put(r, "\n");
	esc(r, t.data, t.len);
	if (block)
		put(r, "\n");
	buf_release(&t);
}

/* Everything under root (not root itself), without recursion. */
static void nodes(struct r *r, const struct node *root)
{
	bool in = true;
	for (const struct node *n = root; n; n = doc_next(root, n, &in)) {
		if (n == root)
			continue;
		if (in && n->flat) {
			flat_text(r, n);
			in = false; /* its subtree is done: on to its next sibling */
			continue;
		}
		if (!in)
			leave(r, n);
		else if (!enter(r, n))
			in = false; /* written whole: on to what follows */
	}
}

void render_body(struct buf *out, const struct book *b, const struct chapter *ch, enum render_format fmt)
{
	struct r r = { out, b, ch, fmt == FMT_XHTML, false };
	if (!ch->doc)
		return;
	nodes(&r, ch->doc->root);
	if (!r.x)
		jsonld_faq_page(out, b, ch);
}
