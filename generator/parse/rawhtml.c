/* rawhtml.c - raw HTML: libgumbo's HTML5 tree, an allow-list, document-
 * model nodes (see rawhtml.h).
 *
 * Why gumbo: a maintained pure-C HTML5 parser packaged by Debian
 * (libgumbo-dev), thread-safe, with the spec's tree construction (the
 * adoption agency, implied end tags, foster parenting: tag soup becomes the
 * tree a browser would build) and a byte offset for every tag and
 * attribute, which is what maps a warning back to the chapter's line and
 * column.  libxml2's HTML parser is HTML4-era and repairs differently from
 * browsers.
 *
 * One fragment is the raw pieces among a node's children with the Markdown
 * nodes after the first of them.  Markdown nodes are stand-ins in the HTML
 * text: the tag they will be written as (<p></p>, <ul></ul>, <a></a>,
 * <span></span>…), so the parser closes and nests around them as a browser
 * does around the rendered Markdown.  A stand-in is recognised by the byte
 * offset of its tag, which no raw text can forge.  Text nodes go in as
 * escaped text.
 *
 * Then three passes over what came out, all without recursion:
 *   1. convert: gumbo's tree into N_ELEMENT / N_TEXT nodes through the
 *      allow-list (dropped, unwrapped, renamed; attributes checked);
 *   2. repair: content models, so the output is valid HTML5 and not only
 *      well-formed (no <div> inside a <span>, <li> outside a list, <a>
 *      inside <a>, <details> without <summary>…);
 *   3. in reading order, over the whole chapter: ids made unique and
 *      recorded, links created for the link stage. */
#include "parse/rawhtml.h"

#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/lang.h"
#include "base/xalloc.h"

/* ---- the allow-list ------------------------------------------------------ */

enum action {
	KEEP,        /* kept (maybe renamed) */
	DROP,        /* removed with its content, a warning each time */
	FORM,        /* a form control's wrapper: tag removed, content kept, a warning each time */
	QUIET,       /* tag removed, content kept, no word (html, body, noscript) */
	FOREIGN,     /* inline SVG or MathML: removed with a warning */
};

/* Where an element may stand. */
enum kind {
	K_PHR,       /* phrasing content (and so flow content) */
	K_FLOW,      /* flow content only */
	K_LI,        /* in ul/ol */
	K_DTDD,      /* in dl */
	K_TSECT,     /* thead tbody tfoot: in table */
	K_CAPTION,   /* in table */
	K_COLGROUP,  /* in table */
	K_TR,        /* in table or a table section */
	K_CELL,      /* in tr */
	K_COL,       /* in colgroup */
	K_FIGCAPTION,/* first or last in figure */
	K_SUMMARY,   /* first in details */
	K_SOURCE,    /* in picture (before the img) or video/audio (before the rest) */
};

/* What an element may hold. */
enum content {
	C_PHRASING, C_FLOW, C_TRANSPARENT, C_EMPTY, C_LIST, C_DL, C_TABLE, C_TSECT, C_TR,
	C_COLGROUP, C_PICTURE, C_MEDIA, C_DETAILS, C_FIGURE,
};

#define R_INTERACTIVE (1u << 7)   /* no a, details, video or audio inside a */
#define R_URL_GONE (1u << 9)      /* (on a node) an unsafe URL was removed */

struct rule {
	const char *name;
	unsigned char action, kind, content;
	unsigned flags;               /* EL_* (doc.h) | R_INTERACTIVE */
	const char *as;               /* written as this element, or NULL */
	const char *attrs;            /* allowed besides id class title lang dir */
};

/* Sorted by name (bsearch). */
static const struct rule rules[] = {
	{ "a", KEEP, K_PHR, C_TRANSPARENT, R_INTERACTIVE, NULL, "href name" },
	{ "abbr", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "acronym", KEEP, K_PHR, C_PHRASING, 0, "abbr", "" },
	{ "address", KEEP, K_FLOW, C_FLOW, 0, "div", "" },
	{ "applet", DROP, 0, 0, 0, NULL, NULL },
	{ "area", DROP, 0, 0, 0, NULL, NULL },
	{ "article", KEEP, K_FLOW, C_FLOW, 0, "div", "" },
	{ "aside", KEEP, K_FLOW, C_FLOW, 0, "div", "" },
	{ "audio", KEEP, K_PHR, C_MEDIA, EL_MEDIA | R_INTERACTIVE, NULL, "src controls loop muted" },
	{ "b", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "base", DROP, 0, 0, 0, NULL, NULL },
	{ "basefont", DROP, 0, 0, 0, NULL, NULL },
	{ "bdi", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "big", KEEP, K_PHR, C_PHRASING, 0, "span", "" },
	{ "blockquote", KEEP, K_FLOW, C_FLOW, 0, NULL, "" },
	{ "body", QUIET, 0, 0, 0, NULL, NULL },
	{ "br", KEEP, K_PHR, C_EMPTY, EL_VOID, NULL, "" },
	{ "button", DROP, 0, 0, 0, NULL, NULL },
	{ "canvas", DROP, 0, 0, 0, NULL, NULL },
	{ "caption", KEEP, K_CAPTION, C_FLOW, 0, NULL, "align" },
	{ "center", KEEP, K_FLOW, C_FLOW, 0, "div", "" },
	{ "cite", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "code", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "col", QUIET, 0, 0, 0, NULL, NULL },
	{ "colgroup", QUIET, 0, 0, 0, NULL, NULL },
	{ "datalist", DROP, 0, 0, 0, NULL, NULL },
	{ "dd", KEEP, K_DTDD, C_FLOW, 0, NULL, "" },
	{ "del", KEEP, K_PHR, C_TRANSPARENT, 0, NULL, "" },
	{ "details", KEEP, K_FLOW, C_DETAILS, R_INTERACTIVE, NULL, "open" },
	{ "dfn", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "dialog", DROP, 0, 0, 0, NULL, NULL },
	{ "div", KEEP, K_FLOW, C_FLOW, 0, NULL, "align" },
	{ "dl", KEEP, K_FLOW, C_DL, 0, NULL, "" },
	{ "dt", KEEP, K_DTDD, C_FLOW, 0, NULL, "" },
	{ "em", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "embed", DROP, 0, 0, 0, NULL, NULL },
	{ "fieldset", FORM, 0, 0, 0, NULL, NULL },
	{ "figcaption", KEEP, K_FIGCAPTION, C_FLOW, 0, NULL, "" },
	{ "figure", KEEP, K_FLOW, C_FIGURE, 0, NULL, "" },
	{ "font", KEEP, K_PHR, C_PHRASING, 0, "span", "" },
	{ "footer", KEEP, K_FLOW, C_FLOW, 0, "div", "" },
	{ "form", FORM, 0, 0, 0, NULL, NULL },
	{ "frame", DROP, 0, 0, 0, NULL, NULL },
	{ "frameset", DROP, 0, 0, 0, NULL, NULL },
	{ "h1", KEEP, K_FLOW, C_PHRASING, 0, NULL, "align" },
	{ "h2", KEEP, K_FLOW, C_PHRASING, 0, NULL, "align" },
	{ "h3", KEEP, K_FLOW, C_PHRASING, 0, NULL, "align" },
	{ "h4", KEEP, K_FLOW, C_PHRASING, 0, NULL, "align" },
	{ "h5", KEEP, K_FLOW, C_PHRASING, 0, NULL, "align" },
	{ "h6", KEEP, K_FLOW, C_PHRASING, 0, NULL, "align" },
	{ "head", QUIET, 0, 0, 0, NULL, NULL },
	{ "header", KEEP, K_FLOW, C_FLOW, 0, "div", "" },
	{ "hgroup", KEEP, K_FLOW, C_FLOW, 0, "div", "" },
	{ "hr", KEEP, K_FLOW, C_EMPTY, EL_VOID, NULL, "" },
	{ "html", QUIET, 0, 0, 0, NULL, NULL },
	{ "i", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "iframe", DROP, 0, 0, 0, NULL, NULL },
	{ "img", KEEP, K_PHR, C_EMPTY, EL_VOID | EL_IMG, NULL, "src alt width height srcset sizes align" },
	{ "input", DROP, 0, 0, 0, NULL, NULL },
	{ "ins", KEEP, K_PHR, C_TRANSPARENT, 0, NULL, "" },
	{ "isindex", DROP, 0, 0, 0, NULL, NULL },
	{ "kbd", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "keygen", DROP, 0, 0, 0, NULL, NULL },
	{ "label", FORM, 0, 0, 0, NULL, NULL },
	{ "legend", FORM, 0, 0, 0, NULL, NULL },
	{ "li", KEEP, K_LI, C_FLOW, 0, NULL, "value" },
	{ "link", DROP, 0, 0, 0, NULL, NULL },
	{ "main", KEEP, K_FLOW, C_FLOW, 0, "div", "" },
	{ "map", DROP, 0, 0, 0, NULL, NULL },
	{ "mark", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "math", FOREIGN, 0, 0, 0, NULL, NULL },
	{ "menu", KEEP, K_FLOW, C_LIST, 0, "ul", "" },
	{ "meta", DROP, 0, 0, 0, NULL, NULL },
	{ "meter", FORM, 0, 0, 0, NULL, NULL },
	{ "nav", KEEP, K_FLOW, C_FLOW, 0, "div", "" },
	{ "noembed", DROP, 0, 0, 0, NULL, NULL },
	{ "noframes", DROP, 0, 0, 0, NULL, NULL },
	{ "nobr", KEEP, K_PHR, C_PHRASING, 0, "span", "" },
	{ "noscript", QUIET, 0, 0, 0, NULL, NULL },
	{ "object", DROP, 0, 0, 0, NULL, NULL },
	{ "ol", KEEP, K_FLOW, C_LIST, 0, NULL, "start type reversed" },
	{ "optgroup", DROP, 0, 0, 0, NULL, NULL },
	{ "option", DROP, 0, 0, 0, NULL, NULL },
	{ "output", FORM, 0, 0, 0, NULL, NULL },
	{ "p", KEEP, K_FLOW, C_PHRASING, 0, NULL, "align" },
	{ "param", DROP, 0, 0, 0, NULL, NULL },
	{ "picture", KEEP, K_PHR, C_PICTURE, EL_PICTURE, NULL, "" },
	{ "portal", DROP, 0, 0, 0, NULL, NULL },
	{ "pre", KEEP, K_FLOW, C_PHRASING, EL_PRE, NULL, "" },
	{ "progress", FORM, 0, 0, 0, NULL, NULL },
	{ "q", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "s", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "samp", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "script", DROP, 0, 0, 0, NULL, NULL },
	{ "section", KEEP, K_FLOW, C_FLOW, 0, "div", "" },
	{ "select", DROP, 0, 0, 0, NULL, NULL },
	{ "small", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "source", KEEP, K_SOURCE, C_EMPTY, EL_VOID | EL_SOURCE, NULL, "src srcset type media sizes" },
	{ "span", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "strike", KEEP, K_PHR, C_PHRASING, 0, "s", "" },
	{ "strong", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "style", DROP, 0, 0, 0, NULL, NULL },
	{ "sub", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "summary", KEEP, K_SUMMARY, C_PHRASING, 0, NULL, "" },
	{ "sup", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "svg", FOREIGN, 0, 0, 0, NULL, NULL },
	{ "table", KEEP, K_FLOW, C_TABLE, 0, NULL, "align" },
	{ "tbody", KEEP, K_TSECT, C_TSECT, 0, NULL, "align" },
	{ "td", KEEP, K_CELL, C_FLOW, 0, NULL, "colspan rowspan align" },
	{ "template", DROP, 0, 0, 0, NULL, NULL },
	{ "textarea", DROP, 0, 0, 0, NULL, NULL },
	{ "tfoot", KEEP, K_TSECT, C_TSECT, 0, NULL, "align" },
	{ "th", KEEP, K_CELL, C_FLOW, 0, NULL, "colspan rowspan align scope" },
	{ "thead", KEEP, K_TSECT, C_TSECT, 0, NULL, "align" },
	{ "title", DROP, 0, 0, 0, NULL, NULL },
	{ "tr", KEEP, K_TR, C_TR, 0, NULL, "align" },
	{ "tt", KEEP, K_PHR, C_PHRASING, 0, "code", "" },
	{ "u", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "ul", KEEP, K_FLOW, C_LIST, 0, NULL, "" },
	{ "var", KEEP, K_PHR, C_PHRASING, 0, NULL, "" },
	{ "video", KEEP, K_PHR, C_MEDIA, EL_MEDIA | R_INTERACTIVE, NULL, "src controls poster width height loop muted playsinline" },
	{ "wbr", KEEP, K_PHR, C_EMPTY, EL_VOID, NULL, "" },
};

static int cmp_rule(const void *key, const void *r)
{
	return strcmp(key, ((const struct rule *)r)->name);
}

static const struct rule *rule_for(const char *name)
{
	return bsearch(name, rules, sizeof rules / sizeof *rules, sizeof *rules, cmp_rule);
}

/* The rule an N_ELEMENT was kept by (its written name is the rule's own
 * or its `as`; the rule is found again through the node's flags). */
static const struct rule *el_rule(const struct node *n)
{
	return &rules[n->u.el.flags >> 16];
}

/* An N_ELEMENT's flags: the renderer's (EL_*), then the rule it follows
 * (the one of the name it is written as) in the upper bits. */
static unsigned el_flags(const struct rule *r, const struct rule *w)
{
	return (r->flags & 0xff) | (w->kind != K_PHR ? EL_BLOCK : 0) | (unsigned)(w - rules) << 16;
}

static bool word_in(const char *list, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = list; (p = strstr(p, w)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}

/* ---- state --------------------------------------------------------------- */

struct rawhtml {
	struct doc *doc;
	struct idset *ids;
	struct diags *d;
	struct idset *once;     /* keys of the warnings given once per file */
	struct node **heads;    /* the chapter's headings with generated ids */
	size_t nheads, headcap;
	bool headings_known;
};

struct rawhtml *rawhtml_new(struct doc *doc, struct idset *ids, struct diags *d)
{
	struct rawhtml *rh = xcalloc(1, sizeof *rh);
	rh->doc = doc;
	rh->ids = ids;
	rh->d = d;
	rh->once = idset_new();
	return rh;
}

void rawhtml_free(struct rawhtml *rh)
{
	if (!rh)
		return;
	idset_free(rh->once);
	free(rh->heads);
	free(rh);
}

/* First time this key is seen in the file? */
static bool first_time(struct rawhtml *rh, const char *kind, const char *a, const char *b)
{
	char *key = xasprintf("%s\n%s\n%s", kind, a, b ? b : "");
	bool first = !idset_has(rh->once, key);
	if (first)
		free(idset_unique(rh->once, key, "-"));
	free(key);
	return first;
}

/* ---- one fragment: the HTML text and where each byte came from ------------ */

struct seg {
	size_t off;             /* in the fragment's text */
	struct pos at;          /* of its first byte in the chapter file */
	unsigned indent;        /* raw: columns before a continuation line's text */
	bool raw;               /* raw HTML as written (else a stand-in or escaped text) */
};

struct stand_in {
	size_t off;             /* of its '<' in the fragment's text */
	struct node *n;
	bool used;
};

struct frag {
	struct rawhtml *rh;
	struct buf html;
	struct seg *seg;
	size_t nseg, segcap;
	struct stand_in *in;
	size_t nin, incap;
	size_t *nl;             /* offsets of the text's newlines */
	size_t nnl, nlcap;
};

static void add_seg(struct frag *f, struct pos at, unsigned indent, bool raw)
{
	f->seg = xgrow(f->seg, &f->segcap, f->nseg + 1, sizeof *f->seg);
	f->seg[f->nseg++] = (struct seg){ f->html.len, at, indent, raw };
}

static size_t upper_nl(const struct frag *f, size_t off)
{
	size_t lo = 0, hi = f->nnl;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->nl[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo; /* newlines before off */
}

/* The chapter position of byte `off` of the fragment's text. */
static struct pos pos_at(const struct frag *f, size_t off)
{
	size_t lo = 0, hi = f->nseg;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->seg[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	const struct seg *s = &f->seg[lo];
	if (!s->raw || off <= s->off)
		return s->at;
	size_t k0 = upper_nl(f, s->off), k = upper_nl(f, off);
	struct pos p = s->at;
	if (k == k0) {
		p.col += (unsigned)(off - s->off);
	} else {
		p.line += (unsigned)(k - k0);
		p.col = (unsigned)(off - f->nl[k - 1]) + s->indent;
	}
	return p;
}

static void put_escaped(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '&')
			buf_puts(b, "&amp;");
		else if (s[i] == '<')
			buf_puts(b, "&lt;");
		else
			buf_putc(b, s[i]);
	}
}

static bool is_block(enum node_type t)
{
	switch (t) {
	case N_PARAGRAPH: case N_HEADING: case N_BLOCKQUOTE: case N_ALERT: case N_LIST: case N_ITEM:
	case N_CODE_BLOCK: case N_THEMATIC_BREAK: case N_TABLE: case N_TABLE_ROW: case N_TABLE_CELL:
	case N_FOOTNOTES: case N_FOOTNOTE_DEF: case N_RAW_BLOCK: case N_STEPS: case N_FAQ: case N_IMAGEMAP:
		return true;
	default:
		return false;
	}
}

/* The tag a Markdown node stands in as: what it will be written as, for
 * the parser's sake (a <p> closes an open <p>, an <a> an open <a>). */
static const char *stand_in_tag(const struct node *n, char *tmp)
{
	switch (n->type) {
	case N_PARAGRAPH: return "<p></p>";
	case N_HEADING:
		snprintf(tmp, 16, "<h%u></h%u>", n->u.heading.level, n->u.heading.level);
		return tmp;
	case N_BLOCKQUOTE: return "<blockquote></blockquote>";
	case N_LIST: return n->u.list.ordered ? "<ol></ol>" : "<ul></ul>";
	case N_CODE_BLOCK: return "<pre></pre>";
	case N_THEMATIC_BREAK: return "<hr>";
	case N_TABLE: return "<table></table>";
	case N_LINK: return "<a></a>";
	case N_IMAGE: return "<img>";
	case N_LINEBREAK: case N_BR: return "<br>";
	default: return is_block(n->type) ? "<div></div>" : "<span></span>";
	}
}

/* The cost bound of one fragment: its tags, and how deep it may nest.
 * Depth is estimated per element name (an end tag closes only an open
 * element of its name, as in the parser; void elements never open), so
 * `<div></span>` repeated counts as deep as the parser builds it.  When
 * nothing is left open, the fragment can end there. */
struct opened {
	char name[16];
	size_t n;
};

struct scanner {
	struct opened *t;
	size_t cap, used;
	size_t open, tags, depth;
};

static bool is_void_name(const char *n)
{
	return word_in("area base br col embed hr img input keygen link meta param source track wbr", n);
}

static size_t name_hash(const char *c)
{
	size_t h = 5381;
	for (; *c; c++)
		h = h * 33 + (unsigned char)*c;
	return h;
}

/* The counter of `name` (open addressing on the whole name: no collisions to craft). */
static struct opened *scan_slot(struct scanner *sc, const char *name)
{
	if (2 * (sc->used + 1) > sc->cap) {
		size_t ncap = sc->cap ? 2 * sc->cap : 64;
		struct opened *nt = xcalloc(ncap, sizeof *nt);
		for (size_t j = 0; j < sc->cap; j++)
			if (sc->t[j].name[0]) {
				size_t x = name_hash(sc->t[j].name) & (ncap - 1);
				while (nt[x].name[0])
					x = (x + 1) & (ncap - 1);
				nt[x] = sc->t[j];
			}
		free(sc->t);
		sc->t = nt;
		sc->cap = ncap;
	}
	size_t x = name_hash(name) & (sc->cap - 1);
	while (sc->t[x].name[0] && strcmp(sc->t[x].name, name))
		x = (x + 1) & (sc->cap - 1);
	if (!sc->t[x].name[0]) {
		snprintf(sc->t[x].name, sizeof sc->t[x].name, "%s", name);
		sc->used++;
	}
	return &sc->t[x];
}

static void scan_feed(struct scanner *sc, const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (s[i] != '<')
			continue;
		bool end = s[i + 1] == '/';
		if (!end && s[i + 1] == '!') {
			sc->tags++;
			continue;
		}
		size_t a = i + 1 + end, k = 0;
		char name[16];
		while (a + k < n && k < sizeof name - 1 &&
		       (((s[a + k] | 0x20) >= 'a' && (s[a + k] | 0x20) <= 'z') || (k && s[a + k] >= '0' && s[a + k] <= '9')))
			name[k] = (char)(s[a + k] | 0x20), k++;
		name[k] = '\0';
		if (!k)
			continue;
		sc->tags++;
		if (is_void_name(name))
			continue;
		struct opened *o = scan_slot(sc, name);
		if (!end) {
			o->n++;
			if (++sc->open > sc->depth)
				sc->depth = sc->open;
		} else if (o->n) {
			o->n--;
			sc->open--;
		}
	}
}

/* ---- tree surgery ---------------------------------------------------------- */

static void append(struct node *parent, struct node *n)
{
	n->parent = parent;
	n->next = NULL;
	if (parent->last)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
}

static struct node *prev_of(const struct node *n)
{
	struct node *p = n->parent->first;
	if (p == n)
		return NULL;
	while (p->next != n)
		p = p->next;
	return p;
}

/* Take n out of its parent's children. */
static void unlink_node(struct node *n, struct node *prev)
{
	struct node *p = n->parent;
	if (prev)
		prev->next = n->next;
	else
		p->first = n->next;
	if (p->last == n)
		p->last = prev;
	n->next = NULL;
}

/* Replace n by its children; returns the first of them, or what followed n. */
static struct node *unwrap(struct node *n, struct node *prev)
{
	struct node *p = n->parent, *first = n->first, *after = n->next;
	if (!first) {
		unlink_node(n, prev);
		return after;
	}
	for (struct node *k = first; k; k = k->next)
		k->parent = p;
	n->last->next = after;
	if (prev)
		prev->next = first;
	else
		p->first = first;
	if (p->last == n)
		p->last = n->last;
	return first;
}

/* Wrap the children from..to (inclusive) of p into a new element. */
static struct node *wrap(struct rawhtml *rh, struct node *p, struct node *prev, struct node *from, struct node *to,
			 const char *tag)
{
	const struct rule *r = rule_for(tag);
	struct node *w = doc_node(rh->doc, N_ELEMENT, NULL, doc_pos(rh->doc, from));
	w->u.el.name = r->name;
	w->u.el.flags = el_flags(r, r);
	w->parent = p;
	w->first = from;
	w->last = to;
	w->next = to->next;
	to->next = NULL;
	for (struct node *k = from; k; k = k->next)
		k->parent = w;
	if (prev)
		prev->next = w;
	else
		p->first = w;
	if (p->last == to)
		p->last = w;
	return w;
}

static bool is_space_text(const struct node *n)
{
	if (n->type == N_SOFTBREAK)
		return true;
	if (n->type != N_TEXT)
		return false;
	for (size_t i = 0; i < n->u.text.n; i++)
		if (!strchr(" \t\n\r\f", n->u.text.s[i]))
			return false;
	return true;
}

static bool blockish(const struct node *n)
{
	return n->type == N_ELEMENT ? (n->u.el.flags & EL_BLOCK) != 0 : is_block(n->type);
}

static bool is_el(const struct node *n, const char *name)
{
	return n && n->type == N_ELEMENT && !strcmp(n->u.el.name, name);
}

/* ---- pass 1: gumbo's tree into document-model nodes --------------------------- */

static void tag_name(const GumboElement *e, char *out, size_t cap)
{
	if (e->tag != GUMBO_TAG_UNKNOWN) {
		snprintf(out, cap, "%s", gumbo_normalized_tagname(e->tag));
		return;
	}
	GumboStringPiece p = e->original_tag;
	if (p.length)
		gumbo_tag_from_original_text(&p);
	size_t n = p.length < cap - 1 ? p.length : cap - 1;
	for (size_t i = 0; i < n; i++) {
		char c = p.data[i];
		out[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
	}
	out[n] = '\0';
}

/* Strip what a browser strips from a URL attribute (leading and trailing
 * controls and spaces, tabs and newlines anywhere): a copy. */
static char *url_clean(const char *v)
{
	while (*v && (unsigned char)*v <= ' ')
		v++;
	size_t n = strlen(v);
	while (n && (unsigned char)v[n - 1] <= ' ')
		n--;
	char *o = xmalloc(n + 1), *w = o;
	for (size_t i = 0; i < n; i++)
		if (v[i] != '\t' && v[i] != '\n' && v[i] != '\r')
			*w++ = v[i];
	*w = '\0';
	return o;
}

/* The scheme of a URL that runs script or hides content, or NULL. */
static const char *unsafe_scheme(const char *u)
{
	static const char *const bad[] = { "javascript", "vbscript", "data", "file", NULL };
	size_t i = 0;
	while ((u[i] | 0x20) >= 'a' && (u[i] | 0x20) <= 'z')
		i++;
	while (u[i] && (((u[i] | 0x20) >= 'a' && (u[i] | 0x20) <= 'z') || (u[i] >= '0' && u[i] <= '9') ||
			u[i] == '+' || u[i] == '-' || u[i] == '.'))
		i++;
	if (!i || u[i] != ':')
		return NULL;
	for (int k = 0; bad[k]; k++)
		if (strlen(bad[k]) == i && !strncasecmp(u, bad[k], i))
			return bad[k];
	return NULL;
}

static bool is_int(const char *v, bool sign, long lo, long hi)
{
	const char *p = v;
	if (sign && *p == '-')
		p++;
	if (!*p || strlen(p) > 9)
		return false;
	for (const char *q = p; *q; q++)
		if (*q < '0' || *q > '9')
			return false;
	long x = strtol(v, NULL, 10);
	return x >= lo && x <= hi;
}

/* A raw id: no white space, and only characters an XML name may hold
 * (the EPUB's ids are XML ids). */
static bool is_id(const char *v)
{
	if (!*v)
		return false;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (!(*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_' || *p == '.'))
			return false;
	return true;
}

struct attrs {
	struct html_attr *v;
	size_t n, cap;
	const char *align;      /* align="…" kept as a class */
	bool url_removed;       /* an unsafe URL was removed (said so already) */
};

static struct html_attr *add_attr(struct rawhtml *rh, struct attrs *as, enum attr_kind k, const char *name,
				  const char *value, struct pos p)
{
	(void)rh;
	as->v = xgrow(as->v, &as->cap, as->n + 1, sizeof *as->v);
	struct html_attr *a = &as->v[as->n++];
	memset(a, 0, sizeof *a);
	a->kind = k;
	a->name = name;
	a->value = value;
	a->pos = p;
	return a;
}

/* Check one attribute of element `el` (kept by rule r); record it in as or
 * say why it is removed. */
static void attribute(struct frag *f, const struct rule *r, const char *el, const GumboAttribute *ga, struct attrs *as)
{
	struct rawhtml *rh = f->rh;
	struct arena *ar = &rh->doc->arena;
	const char *name = ga->name, *v = ga->value;
	struct pos p = pos_at(f, ga->name_start.offset);
	const char *why = NULL;
	if ((name[0] | 0x20) == 'o' && (name[1] | 0x20) == 'n') {
		diag_warning(rh->d, p, "event handler attribute '%s' is not allowed in raw HTML; removed", name);
		return;
	}
	if (!strcmp(name, "style")) {
		if (first_time(rh, "style", "", NULL))
			diag_warning(rh->d, p, "attribute 'style' is not allowed in raw HTML; removed (use class; "
				     "reported once per file)");
		return;
	}
	bool global = word_in("id class title lang dir", name);
	if (!global && !word_in(r->attrs, name)) {
		if (first_time(rh, "attr", el, name))
			diag_warning(rh->d, p, "attribute '%s' is not allowed on <%s> in raw HTML; removed (reported once per file)",
				     name, el);
		return;
	}
	const char *aname = arena_strdup(ar, name);
	if (!strcmp(name, "href") || !strcmp(name, "src") || !strcmp(name, "poster") || !strcmp(name, "srcset")) {
		char *u = url_clean(v);
		const char *bad = unsafe_scheme(u);
		if (bad) {
			diag_warning(rh->d, p, "unsafe URL '%s:…' in raw HTML; attribute '%s' removed", bad, name);
			as->url_removed = true;
		} else if (!strcmp(name, "srcset")) {
			add_attr(rh, as, A_SRCSET, aname, arena_strdup(ar, v), pos_at(f, ga->value_start.offset));
		} else {
			add_attr(rh, as, A_URL, aname, arena_strdup(ar, u), pos_at(f, ga->value_start.offset));
		}
		free(u);
		return;
	}
	if (!strcmp(name, "id") || !strcmp(name, "name")) {
		if (!is_id(v))
			why = "an id has no spaces and only letters, digits, '-', '_' and '.'";
		else
			add_attr(rh, as, A_ID, "id", arena_strdup(ar, v), p);
	} else if (!strcmp(name, "class") || !strcmp(name, "title") || !strcmp(name, "alt") || !strcmp(name, "media") ||
		   !strcmp(name, "sizes")) {
		add_attr(rh, as, A_TEXT, aname, arena_strdup(ar, v), p);
	} else if (!strcmp(name, "lang")) {
		if (*v && !lang_is_bcp47(v))
			why = "not a language tag";
		else
			add_attr(rh, as, A_TEXT, aname, arena_strdup(ar, v), p);
	} else if (!strcmp(name, "dir")) {
		if (strcasecmp(v, "ltr") && strcasecmp(v, "rtl") && strcasecmp(v, "auto"))
			why = "ltr, rtl or auto";
		else {
			char *lv = arena_strdup(ar, v);
			for (char *c = lv; *c; c++)
				*c = (char)(*c | 0x20);
			add_attr(rh, as, A_TEXT, aname, lv, p);
		}
	} else if (!strcmp(name, "width") || !strcmp(name, "height")) {
		if (!is_int(v, false, 0, 100000))
			why = "a number of pixels";
		else
			add_attr(rh, as, A_TEXT, aname, arena_strdup(ar, v), p);
	} else if (!strcmp(name, "colspan") || !strcmp(name, "span")) {
		if (!is_int(v, false, 1, 1000))
			why = "a number from 1 to 1000";
		else
			add_attr(rh, as, A_TEXT, aname, arena_strdup(ar, v), p);
	} else if (!strcmp(name, "rowspan")) {
		if (!is_int(v, false, 0, 65534))
			why = "a number from 0 to 65534";
		else
			add_attr(rh, as, A_TEXT, aname, arena_strdup(ar, v), p);
	} else if (!strcmp(name, "start") || !strcmp(name, "value")) {
		if (!is_int(v, true, -999999999, 999999999))
			why = "a whole number";
		else
			add_attr(rh, as, A_TEXT, aname, arena_strdup(ar, v), p);
	} else if (!strcmp(name, "type")) {
		bool ok = !strcmp(el, "ol") ? strlen(v) == 1 && strchr("1aAiI", v[0])
					     : strchr(v, '/') && !strpbrk(v, " \t\n");
		if (!ok)
			why = !strcmp(el, "ol") ? "1, a, A, i or I" : "a media type";
		else
			add_attr(rh, as, A_TEXT, aname, arena_strdup(ar, v), p);
	} else if (!strcmp(name, "scope")) {
		if (strcasecmp(v, "row") && strcasecmp(v, "col") && strcasecmp(v, "rowgroup") && strcasecmp(v, "colgroup"))
			why = "row, col, rowgroup or colgroup";
		else
			add_attr(rh, as, A_TEXT, aname, arena_strdup(ar, v), p);
	} else if (!strcmp(name, "align")) {
		static const char *const al[] = { "left", "center", "right", "justify", NULL };
		for (int i = 0; al[i]; i++)
			if (!strcasecmp(v, al[i]))
				as->align = al[i];
		if (!as->align)
			why = "left, center, right or justify";
	} else { /* open controls reversed loop muted playsinline */
		add_attr(rh, as, A_BOOL, aname, aname, p);
	}
	if (why)
		diag_warning(rh->d, p, "%s=\"%s\" on <%s> is not valid (%s); removed", name, v, el, why);
}

/* The attributes of a kept element: checked, align as a class, the
 * center element's class. */
static void attributes(struct frag *f, const struct rule *r, const char *el, const GumboElement *e, struct node *x)
{
	struct rawhtml *rh = f->rh;
	struct attrs as = { 0 };
	bool has_id = false;
	for (unsigned i = 0; i < e->attributes.length; i++)
		if (!strcmp(((GumboAttribute *)e->attributes.data[i])->name, "id"))
			has_id = true;
	for (unsigned i = 0; i < e->attributes.length; i++) {
		const GumboAttribute *ga = e->attributes.data[i];
		if (!strcmp(ga->name, "name") && has_id && !strcmp(el, "a"))
			continue; /* the id names the anchor */
		attribute(f, r, el, ga, &as);
	}
	const char *align = !strcmp(el, "center") ? "center" : as.align;
	if (align && strcmp(align, "left")) {
		struct html_attr *cls = NULL;
		for (size_t i = 0; i < as.n; i++)
			if (!strcmp(as.v[i].name, "class"))
				cls = &as.v[i];
		char *v = cls ? xasprintf("%s align-%s", cls->value, align) : xasprintf("align-%s", align);
		if (!cls)
			cls = add_attr(rh, &as, A_TEXT, "class", NULL, doc_pos(rh->doc, x));
		cls->value = arena_strdup(&rh->doc->arena, v);
		free(v);
	}
	if (as.url_removed)
		x->u.el.flags |= R_URL_GONE;
	x->u.el.nattrs = as.n;
	if (as.n) {
		x->u.el.attrs = arena_alloc(&rh->doc->arena, as.n * sizeof *as.v);
		memcpy(x->u.el.attrs, as.v, as.n * sizeof *as.v);
	}
	free(as.v);
}

static struct stand_in *stand_in_at(struct frag *f, const GumboNode *g)
{
	const GumboElement *e = &g->v.element;
	if (g->parse_flags & (GUMBO_INSERTION_BY_PARSER | GUMBO_INSERTION_IMPLIED |
			      GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT | GUMBO_INSERTION_ADOPTION_AGENCY_CLONED))
		return NULL;
	size_t off = e->start_pos.offset, lo = 0, hi = f->nin;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->in[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->nin && f->in[lo].off == off ? &f->in[lo] : NULL;
}

static void text_out(struct frag *f, struct node *parent, const GumboText *t)
{
	size_t n = strlen(t->text);
	if (!n)
		return;
	struct node *x = doc_node(f->rh->doc, N_TEXT, parent, pos_at(f, t->start_pos.offset));
	x->u.text.s = arena_strndup(&f->rh->doc->arena, t->text, n);
	x->u.text.n = n;
}

struct frame {
	const GumboNode *g;
	unsigned next;          /* the child to visit next */
	struct node *out;       /* where its content goes */
	bool dropping;          /* inside something removed: only stand-ins are kept */
};

static const GumboVector *children_of(const GumboNode *g)
{
	if (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE)
		return &g->v.element.children;
	if (g->type == GUMBO_NODE_DOCUMENT)
		return &g->v.document.children;
	return NULL;
}

/* Warn about an element that is removed (or loses its tag). */
static void removed(struct frag *f, const struct rule *r, const char *name, struct pos p)
{
	struct rawhtml *rh = f->rh;
	if (!r) {
		if (first_time(rh, "unknown", name, NULL))
			diag_warning(rh->d, p, "unknown HTML element <%s>: the tag is dropped, its text kept (to show the tag, "
				     "write it in `backticks`; reported once per file)", name);
	} else if (r->action == DROP) {
		diag_warning(rh->d, p, "<%s> is not allowed in raw HTML; removed with its content", name);
	} else if (r->action == FORM) {
		diag_warning(rh->d, p, "<%s> is not allowed in raw HTML; its tag is removed, its text kept", name);
	} else if (r->action == FOREIGN) {
		diag_warning(rh->d, p, "inline <%s> is not supported in raw HTML; removed (%s)", name,
			     !strcmp(name, "svg") ? "show the picture as an image file: ![text](picture.svg)"
						  : "write the formula as an image or as text");
	}
}

static void convert(struct frag *f, const GumboNode *root, struct node *into)
{
	struct rawhtml *rh = f->rh;
	struct frame *st = NULL;
	size_t n = 0, cap = 0;
	st = xgrow(st, &cap, 1, sizeof *st);
	st[n++] = (struct frame){ root, 0, into, false };
	while (n) {
		struct frame *top = &st[n - 1];
		const GumboVector *kids = children_of(top->g);
		if (!kids || top->next >= kids->length) {
			n--;
			continue;
		}
		const GumboNode *g = kids->data[top->next++];
		struct node *out = top->out;
		bool dropping = top->dropping;
		if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE || g->type == GUMBO_NODE_CDATA) {
			if (!dropping)
				text_out(f, out, &g->v.text);
			continue;
		}
		if (g->type != GUMBO_NODE_ELEMENT && g->type != GUMBO_NODE_TEMPLATE)
			continue; /* comments: an editor's notes, meant to stay hidden */
		const GumboElement *e = &g->v.element;
		struct stand_in *si = stand_in_at(f, g);
		if (si && !si->used) {
			si->used = true;
			append(out, si->n);
			continue;
		}
		if (si)
			continue; /* a copy of a stand-in */
		char name[64];
		tag_name(e, name, sizeof name);
		const struct rule *r = e->tag_namespace == GUMBO_NAMESPACE_HTML ? rule_for(name) : NULL;
		bool implied = g->parse_flags & (GUMBO_INSERTION_BY_PARSER | GUMBO_INSERTION_IMPLIED);
		struct pos p = pos_at(f, e->start_pos.offset);
		if (!dropping) {
			if (e->tag_namespace != GUMBO_NAMESPACE_HTML) {
				/* an <svg> or <math> root: foreign content */
				static const struct rule svg = { "svg", FOREIGN, 0, 0, 0, NULL, NULL };
				static const struct rule math = { "math", FOREIGN, 0, 0, 0, NULL, NULL };
				r = e->tag_namespace == GUMBO_NAMESPACE_SVG ? &svg : &math;
				removed(f, r, r->name, p);
				dropping = true;
			} else if (!r || r->action != KEEP) {
				if (!implied)
					removed(f, r, name, p);
				dropping = r && (r->action == DROP || r->action == FOREIGN);
			} else {
				struct node *x = doc_node(rh->doc, N_ELEMENT, out, p);
				x->u.el.name = r->as ? r->as : r->name;
				const struct rule *w = r->as ? rule_for(r->as) : r;
				x->u.el.flags = el_flags(r, w);
				attributes(f, r, name, e, x);
				out = x;
			}
		}
		st = xgrow(st, &cap, n + 1, sizeof *st);
		st[n++] = (struct frame){ g, 0, out, dropping };
	}
	free(st);
}

/* ---- pass 2: content models -------------------------------------------------- */

/* Does n bring flow content (blocks) where it stands: a flow-only element,
 * a Markdown block other than a paragraph, or a phrasing element holding
 * such?  (A paragraph can melt into phrasing content.) */
#define R_FLOWY (1u << 8)

static bool flowy(const struct node *n)
{
	if (n->type == N_ELEMENT)
		return el_rule(n)->kind != K_PHR || (n->u.el.flags & R_FLOWY);
	return is_block(n->type) && n->type != N_PARAGRAPH;
}

/* A walk of top's subtree that enters top and the raw elements only
 * (Markdown nodes are leaves here): like doc_next, every node is entered,
 * then exited. */
static struct node *walk_next(struct node *top, struct node *n, bool *enter)
{
	if (*enter) {
		if ((n == top || n->type == N_ELEMENT) && n->first)
			return n->first;
		*enter = false;
		return n;
	}
	if (n == top)
		return NULL;
	if (n->next) {
		*enter = true;
		return n->next;
	}
	return n->parent;
}

/* Set R_FLOWY on the new elements under top, children first. */
static void mark_flowy(struct node *top)
{
	bool in = true;
	for (struct node *n = top; n; n = walk_next(top, n, &in)) {
		if (in || n->type != N_ELEMENT)
			continue;
		n->u.el.flags &= ~R_FLOWY;
		for (struct node *k = n->first; k; k = k->next)
			if (flowy(k))
				n->u.el.flags |= R_FLOWY;
	}
}

struct rctx {
	bool phrasing;          /* only phrasing content may stand here */
	bool in_a;              /* inside a link */
	bool in_dfn;            /* inside a <dfn> (no <dfn> in it) */
	bool no_heading;        /* inside a <th> or <dt> (no headings in them) */
	bool no_table;          /* inside a <caption> (no table in it) */
	unsigned depth;         /* raw elements around */
};

static struct rctx inner_ctx(const struct node *n, struct rctx c)
{
	if (n->type == N_ELEMENT) {
		const struct rule *r = el_rule(n);
		c.depth++;
		if (r->content == C_PHRASING)
			c.phrasing = true;
		else if (r->content != C_TRANSPARENT && r->content != C_MEDIA)
			c.phrasing = false;
		if (!strcmp(r->name, "a"))
			c.in_a = true;
		if (!strcmp(r->name, "dfn"))
			c.in_dfn = true;
		if (!strcmp(r->name, "th") || !strcmp(r->name, "dt"))
			c.no_heading = true;
		if (!strcmp(r->name, "caption"))
			c.no_table = true;
		return c;
	}
	switch (n->type) {
	case N_PARAGRAPH: case N_HEADING: case N_EMPH: case N_STRONG: case N_STRIKE:
		c.phrasing = true;
		break;
	case N_LINK:
		c.phrasing = true;
		c.in_a = true;
		break;
	default:
		if (is_block(n->type))
			c.phrasing = false;
		break;
	}
	return c;
}

/* The context of root's children, from root and its ancestors. */
static struct rctx ctx_of(const struct node *root, bool phrasing)
{
	const struct node *chain[64];
	size_t k = 0;
	struct rctx c = { phrasing, false, false, false, false, 0 };
	for (const struct node *a = root; a && k < 64; a = a->parent)
		chain[k++] = a;
	while (k--)
		c = inner_ctx(chain[k], c);
	return c;
}

static bool parent_is(const struct node *p, enum content want)
{
	return p->type == N_ELEMENT && el_rule(p)->content == want;
}

enum verdict { V_KEEP, V_UNWRAP, V_DROP, V_FOSTER };

static void repaired(struct rawhtml *rh, const struct node *n, const char *where)
{
	if (first_time(rh, "misplaced", n->u.el.name, where))
		diag_warning(rh->d, doc_pos(rh->doc, n), "<%s> cannot stand %s; its tag is dropped, its content kept (reported once per file)",
			     n->u.el.name, where);
}

static void retag(struct node *n, const char *name);

/* A <details>'s first child must be its <summary>: move the first one
 * there; with none it is shown as a plain block (a <div>). */
static void details_fix(struct rawhtml *rh, struct node *n)
{
	struct node *prev = NULL, *s = n->first;
	while (s && !is_el(s, "summary"))
		prev = s, s = s->next;
	if (!s) {
		retag(n, "div");
		if (first_time(rh, "details", "", NULL))
			diag_warning(rh->d, doc_pos(rh->doc, n), "<details> without <summary> cannot be folded; shown as a plain block");
		return;
	}
	bool text_first = false;
	for (struct node *k = n->first; k != s; k = k->next)
		if (!is_space_text(k))
			text_first = true;
	if (!text_first)
		return;
	unlink_node(s, prev);
	s->next = n->first;
	n->first = s;
	if (!n->last)
		n->last = s;
}

/* What came before a child among its siblings (kept so far), and the
 * parent's first and last solid children: known as the children are
 * decided, without a scan per child. */
struct sibs {
	bool solid_before;      /* something but white space */
	bool other_before;      /* something but white space and <source> */
	const struct node *first_solid, *last_solid;
};

static void sibs_init(struct sibs *sb, const struct node *p)
{
	memset(sb, 0, sizeof *sb);
	for (const struct node *k = p->first; k; k = k->next)
		if (!is_space_text(k)) {
			if (!sb->first_solid)
				sb->first_solid = k;
			sb->last_solid = k;
		}
}

static void sibs_kept(struct sibs *sb, const struct node *k)
{
	if (is_space_text(k))
		return;
	sb->solid_before = true;
	if (!is_el(k, "source"))
		sb->other_before = true;
}

static enum verdict decide(struct rawhtml *rh, struct node *p, struct node *k, const struct rctx *c,
			   const struct sibs *sb, bool *deep)
{
	if (k->type == N_TEXT || k->type == N_SOFTBREAK) {
		if (p->type != N_ELEMENT)
			return V_KEEP;
		if (is_space_text(k))
			return el_rule(p)->content == C_TABLE || el_rule(p)->content == C_TSECT || el_rule(p)->content == C_TR ||
				       el_rule(p)->content == C_LIST || el_rule(p)->content == C_DL ? V_DROP : V_KEEP;
		enum content pc = el_rule(p)->content;
		if (pc == C_TABLE || pc == C_TSECT || pc == C_TR || pc == C_PICTURE)
			return V_DROP; /* (white space there too: the renderer writes newlines after their parts) */
		return V_KEEP;
	}
	if (k->type != N_ELEMENT) {
		if (p->type == N_ELEMENT && el_rule(p)->content == C_PICTURE)
			return V_DROP;
		if (p->type == N_ELEMENT && (el_rule(p)->content == C_TABLE || el_rule(p)->content == C_TSECT ||
					     el_rule(p)->content == C_TR))
			return V_FOSTER; /* (from a dropped <template>): out before the table, as the parser does */
		if (k->type == N_LINK && c->in_a)
			return V_UNWRAP;
		if (k->type == N_HEADING && c->no_heading)
			return V_UNWRAP;
		if ((k->type == N_TABLE || k->type == N_TABLE_ROW || k->type == N_TABLE_CELL) && c->no_table)
			return V_UNWRAP;
		if (!c->phrasing)
			return V_KEEP;
		/* a Markdown block where only phrasing content may stand (in a
		 * <summary>, say): it melts into its text */
		switch (k->type) {
		case N_PARAGRAPH: case N_HEADING: case N_BLOCKQUOTE: case N_ALERT: case N_LIST: case N_ITEM:
		case N_TABLE: case N_TABLE_ROW: case N_TABLE_CELL:
			return V_UNWRAP;
		case N_CODE_BLOCK: {
			const char *code = k->u.code.s;
			size_t len = k->u.code.n;
			k->type = N_CODE;
			k->u.text.s = code;
			k->u.text.n = len && code[len - 1] == '\n' ? len - 1 : len;
			return V_KEEP;
		}
		case N_THEMATIC_BREAK:
			return V_DROP;
		default:
			return V_KEEP;
		}
	}
	const struct rule *r = el_rule(k);
	bool is_void = k->u.el.flags & EL_VOID;
	if (c->depth >= RAWHTML_MAX_DEPTH) {
		*deep = true;
		return is_void ? V_KEEP : V_UNWRAP;
	}
	if (c->in_a && (r->flags & R_INTERACTIVE)) {
		repaired(rh, k, "inside a link");
		return V_UNWRAP;
	}
	if (c->no_heading && r->name[0] == 'h' && r->name[1] >= '1' && r->name[1] <= '6') {
		repaired(rh, k, "inside <th> or <dt>");
		return V_UNWRAP;
	}
	if (c->no_table && !strcmp(r->name, "table")) {
		repaired(rh, k, "inside <caption>");
		return V_UNWRAP;
	}
	if (c->in_dfn && !strcmp(r->name, "dfn")) {
		repaired(rh, k, "inside <dfn>");
		return V_UNWRAP;
	}
	if (p->type == N_ELEMENT && el_rule(p)->content == C_PICTURE && r->kind != K_SOURCE && !(k->u.el.flags & EL_IMG))
		return V_DROP;
	bool ok = true;
	const char *where = "here";
	switch (r->kind) {
	case K_PHR:
		/* around blocks (a link too: a code block or table in it would be
		 * focusable twice) */
		if (!c->phrasing && (r->content == C_PHRASING || !strcmp(r->name, "a")) && (k->u.el.flags & R_FLOWY)) {
			ok = false;
			where = "around blocks (lists, tables, paragraphs…)";
		}
		break;
	case K_FLOW:
		if (c->phrasing) {
			ok = false;
			where = "inside a paragraph or inline text";
		} else if (r->content == C_PHRASING && (k->u.el.flags & R_FLOWY)) {
			ok = false;
			where = "around blocks (lists, tables, paragraphs…)";
		}
		break;
	case K_LI: ok = parent_is(p, C_LIST); where = "outside <ul> or <ol>"; break;
	case K_DTDD: ok = parent_is(p, C_DL); where = "outside <dl>"; break;
	case K_TSECT: case K_CAPTION: case K_COLGROUP: ok = parent_is(p, C_TABLE); where = "outside <table>"; break;
	case K_TR: ok = parent_is(p, C_TABLE) || parent_is(p, C_TSECT); where = "outside <table>"; break;
	case K_CELL: ok = parent_is(p, C_TR); where = "outside <tr>"; break;
	case K_COL: ok = parent_is(p, C_COLGROUP); where = "outside <colgroup>"; break;
	case K_FIGCAPTION: ok = parent_is(p, C_FIGURE) && (k == sb->first_solid || k == sb->last_solid); where = "but first or last in <figure>"; break;
	case K_SUMMARY:
		ok = parent_is(p, C_DETAILS) && !sb->solid_before;
		where = "but first in <details>";
		break;
	case K_SOURCE: /* srcset in a picture, src in a video or audio */
		ok = ((parent_is(p, C_PICTURE) && doc_attr(k, "srcset")) || (parent_is(p, C_MEDIA) && doc_attr(k, "src"))) &&
		     !sb->other_before;
		where = "but first in <picture>, <video> or <audio>";
		break;
	}
	if (!ok) {
		/* (table parts stand wrong only when their table went, which was said) */
		if (r->kind != K_SOURCE && r->kind != K_TSECT && r->kind != K_TR && r->kind != K_CELL && r->kind != K_CAPTION)
			repaired(rh, k, where);
		return is_void ? V_DROP : V_UNWRAP;
	}
	if (r->content == C_DL) {
		bool solid = false;
		for (struct node *x = k->first; x; x = x->next)
			solid |= !is_space_text(x);
		if (!solid)
			return V_UNWRAP; /* an empty <dl> is not valid */
	}
	if (r->content == C_PICTURE) {
		bool img = false;
		for (struct node *x = k->first; x; x = x->next)
			img |= is_el(x, "img") && doc_attr(x, "src");
		if (!img) {
			diag_warning(rh->d, doc_pos(rh->doc, k), "<picture> without an <img> shows nothing; removed");
			return V_UNWRAP; /* its sources go as misplaced */
		}
	}
	if (r->content == C_DETAILS)
		details_fix(rh, k);
	if ((k->u.el.flags & EL_IMG) && !doc_attr(k, "src")) {
		if (!(k->u.el.flags & R_URL_GONE))
			diag_warning(rh->d, doc_pos(rh->doc, k), "<img> without src; removed");
		return V_DROP;
	}
	return V_KEEP;
}

/* Children of a list that are not items go into items of their own; of a
 * <dl>, into <dd>s. */
static void group(struct rawhtml *rh, struct node *p)
{
	enum content pc = el_rule(p)->content;
	const char *item = pc == C_LIST ? "li" : "dd";
	struct node *prev = NULL;
	for (struct node *k = p->first; k;) {
		bool is_item = pc == C_LIST ? is_el(k, "li") : is_el(k, "dd") || is_el(k, "dt");
		if (is_item) {
			prev = k;
			k = k->next;
			continue;
		}
		struct node *end = k, *last_solid = is_space_text(k) ? NULL : k;
		while (end->next && !(pc == C_LIST ? is_el(end->next, "li") : is_el(end->next, "dd") || is_el(end->next, "dt"))) {
			end = end->next;
			if (!is_space_text(end))
				last_solid = end;
		}
		if (!last_solid) {
			prev = end;
			k = end->next;
			continue;
		}
		struct node *w = wrap(rh, p, prev, k, end, item);
		prev = w;
		k = w->next;
	}
}

static void retag(struct node *n, const char *name)
{
	const struct rule *r = rule_for(name);
	n->u.el.name = r->name;
	n->u.el.flags = el_flags(r, r);
	size_t k = 0;
	for (size_t i = 0; i < n->u.el.nattrs; i++) /* only the global attributes stay */
		if (word_in("id class title lang dir", n->u.el.attrs[i].name))
			n->u.el.attrs[k++] = n->u.el.attrs[i];
	n->u.el.nattrs = k;
}

/* A <dl> must be groups of terms then descriptions (dt+ dd+)+; one that is
 * not becomes <div>s, its content kept. */
static void dl_check(struct node *dl)
{
	int state = 0; /* 0 start, 1 in terms, 2 in descriptions */
	bool ok = true;
	for (struct node *k = dl->first; k && ok; k = k->next) {
		if (is_space_text(k))
			continue;
		if (is_el(k, "dt"))
			state = 1;
		else if (is_el(k, "dd") && state)
			state = 2;
		else
			ok = false;
	}
	if (ok && state == 2)
		return;
	retag(dl, "div");
	for (struct node *k = dl->first; k; k = k->next)
		if (is_el(k, "dt") || is_el(k, "dd"))
			retag(k, "div");
}

static void repair(struct rawhtml *rh, struct node *top, struct rctx c0)
{
	struct todo { struct node *n; struct rctx c; } *st = NULL;
	size_t n = 0, cap = 0;
	bool deep = false;
	st = xgrow(st, &cap, 1, sizeof *st);
	st[n++] = (struct todo){ top, c0 };
	while (n) {
		struct todo t = st[--n];
		struct node *p = t.n, *prev = NULL;
		struct sibs sb;
		sibs_init(&sb, p);
		for (struct node *k = p->first; k;) {
			enum verdict v = decide(rh, p, k, &t.c, &sb, &deep);
			if (v == V_KEEP) {
				sibs_kept(&sb, k);
				if (k->type == N_ELEMENT || ((t.c.in_a || t.c.no_heading || t.c.no_table) && k->first)) {
					st = xgrow(st, &cap, n + 1, sizeof *st);
					st[n++] = (struct todo){ k, inner_ctx(k, t.c) };
				}
				prev = k;
				k = k->next;
			} else if (v == V_DROP) {
				struct node *next = k->next;
				unlink_node(k, prev);
				k = next;
			} else if (v == V_FOSTER) {
				struct node *next = k->next, *t = p;
				while (!is_el(t, "table"))
					t = t->parent;
				unlink_node(k, prev);
				struct node *tp = prev_of(t);
				k->parent = t->parent;
				k->next = t;
				if (tp)
					tp->next = k;
				else
					t->parent->first = k;
				k = next;
			} else {
				if (k->type == N_PARAGRAPH && prev && !is_space_text(prev)) {
					/* a paragraph melting into text after something: a space between */
					struct node *sp = doc_node(rh->doc, N_SOFTBREAK, NULL, doc_pos(rh->doc, k));
					sp->parent = p;
					sp->next = k;
					prev->next = sp;
					prev = sp;
				}
				k = unwrap(k, prev);
			}
		}
		if (p->type == N_ELEMENT && (el_rule(p)->content == C_LIST || el_rule(p)->content == C_DL))
			group(rh, p);
		if (is_el(p, "dl"))
			dl_check(p);
	}
	free(st);
	if (deep)
		diag_warning(rh->d, top->first ? doc_pos(rh->doc, top->first) : doc_pos(rh->doc, top),
			     "raw HTML nested deeper than %d elements; the inner tags are dropped, their text kept", RAWHTML_MAX_DEPTH);
}

/* ---- tables ------------------------------------------------------------------ */

/* The HTML table model that the Nu checker applies: no column in which no
 * cell begins (a colspan wider than the table), no rowspan past the end of
 * its row group, no row without a cell, and the parts in their order
 * (caption, colgroups, thead, bodies, tfoot). */

static long span_of(const struct node *cell, const char *name)
{
	const struct html_attr *a = doc_attr(cell, name);
	return a ? strtol(a->value, NULL, 10) : 1;
}

static void set_span(struct rawhtml *rh, struct node *cell, const char *name, long v)
{
	for (size_t i = 0; i < cell->u.el.nattrs; i++)
		if (!strcmp(cell->u.el.attrs[i].name, name)) {
			if (v == 1) {
				memmove(&cell->u.el.attrs[i], &cell->u.el.attrs[i + 1],
					(cell->u.el.nattrs - i - 1) * sizeof *cell->u.el.attrs);
				cell->u.el.nattrs--;
			} else {
				char num[24];
				snprintf(num, sizeof num, "%ld", v);
				cell->u.el.attrs[i].value = arena_strdup(&rh->doc->arena, num);
			}
			return;
		}
}

static bool is_cell(const struct node *n)
{
	return n->type == N_ELEMENT && el_rule(n)->kind == K_CELL;
}

struct tcell { struct node *n; size_t x; long cs; };

#define TABLE_MAX_COLS 4096

static void table_fix(struct rawhtml *rh, struct node *t)
{
	/* the parts in order */
	struct node *caption = NULL, *thead = NULL, *tfoot = NULL;
	struct node *cols = NULL, *cols_last = NULL, *body = NULL, *body_last = NULL;
	for (struct node *k = t->first, *next; k; k = next) {
		next = k->next;
		k->next = NULL;
		struct node **first = &body, **last = &body_last;
		if (is_el(k, "caption") && !caption) {
			caption = k;
			continue;
		} else if (is_el(k, "caption")) {
			continue; /* a second caption has no place */
		} else if (is_el(k, "colgroup")) {
			first = &cols, last = &cols_last;
		} else if (is_el(k, "thead") && !thead) {
			thead = k;
			continue;
		} else if (is_el(k, "tfoot") && !tfoot) {
			tfoot = k;
			continue;
		} else if (is_el(k, "thead") || is_el(k, "tfoot")) {
			const struct rule *tb = rule_for("tbody");
			k->u.el.name = tb->name;
			k->u.el.flags = el_flags(tb, tb);
		}
		if (*last)
			(*last)->next = k;
		else
			*first = k;
		*last = k;
	}
	t->first = t->last = NULL;
	struct node *parts[] = { caption, cols, thead, body, tfoot };
	for (size_t i = 0; i < 5; i++)
		for (struct node *k = parts[i], *next; k; k = next) {
			next = i == 1 || i == 3 ? k->next : NULL;
			append(t, k);
		}

	/* rows, group by group: empty rows out, rowspans clipped, cells placed */
	struct tcell *cells = NULL;
	size_t ncells = 0, cellcap = 0, width = 0, begcap = 0;
	bool *begins = NULL;
	long *occ = NULL;
	size_t occcap = 0;
	for (struct node *g = t->first; g; g = g->next) {
		if (!(is_el(g, "thead") || is_el(g, "tbody") || is_el(g, "tfoot")))
			continue;
		struct node *prev = NULL;
		size_t nrows = 0;
		for (struct node *r = g->first, *next; r; r = next) {
			next = r->next;
			bool any = false;
			for (struct node *c = r->first; c; c = c->next)
				any |= is_cell(c);
			if (is_el(r, "tr") && !any) {
				unlink_node(r, prev);
				continue;
			}
			if (is_el(r, "tr"))
				nrows++;
			prev = r;
		}
		if (occcap)
			memset(occ, 0, occcap * sizeof *occ);
		size_t row = 0;
		for (struct node *r = g->first; r; r = r->next) {
			if (!is_el(r, "tr"))
				continue;
			size_t x = 0;
			for (struct node *c = r->first; c; c = c->next) {
				if (!is_cell(c))
					continue;
				long cs = span_of(c, "colspan"), rs = span_of(c, "rowspan");
				if (cs > 1 && x + (size_t)cs > TABLE_MAX_COLS) /* bound the grid: past it, one column each */
					set_span(rh, c, "colspan", cs = 1);
				long left = (long)(nrows - row);
				if (rs == 0 || rs > left)
					set_span(rh, c, "rowspan", rs = left);
				while (x < occcap && occ[x] > 0)
					x++;
				if (x + (size_t)cs > occcap) {
					size_t old = occcap;
					occ = xgrow(occ, &occcap, x + (size_t)cs, sizeof *occ);
					memset(occ + old, 0, (occcap - old) * sizeof *occ);
				}
				if (x + (size_t)cs > begcap) {
					size_t old = begcap;
					begins = xgrow(begins, &begcap, x + (size_t)cs, sizeof *begins);
					memset(begins + old, 0, (begcap - old) * sizeof *begins);
				}
				begins[x] = true;
				for (size_t k = x; k < x + (size_t)cs; k++)
					occ[k] = rs;
				cells = xgrow(cells, &cellcap, ncells + 1, sizeof *cells);
				cells[ncells++] = (struct tcell){ c, x, cs };
				x += (size_t)cs;
				if (x > width)
					width = x;
			}
			for (size_t k = 0; k < occcap; k++)
				if (occ[k] > 0)
					occ[k]--;
			row++;
		}
	}
	/* columns in which no cell begins go: every cell across them narrows */
	for (size_t i = 0; i < ncells; i++) {
		long dead = 0;
		for (size_t k = cells[i].x + 1; k < cells[i].x + (size_t)cells[i].cs && k < begcap; k++)
			dead += !begins[k];
		if (dead)
			set_span(rh, cells[i].n, "colspan", cells[i].cs - dead);
	}
	(void)width;
	free(cells);
	free(begins);
	free(occ);
}

static void tables_fix(struct rawhtml *rh, struct node *top)
{
	bool in = true;
	for (struct node *n = top; n; n = walk_next(top, n, &in))
		if (!in && is_el(n, "table"))
			table_fix(rh, n);
}

/* ---- pass 3: ids and links --------------------------------------------------- */

/* An auto-generated heading id that a raw id wants: the heading gives it
 * up and takes the next free one ("install" -> "install-1"), as the
 * author's own anchor (<a name="install"></a> above "## Install") is what
 * links to #install mean.  A custom {#id} is not given up.  True when
 * the id is free for the element now. */
static bool take_from_heading(struct rawhtml *rh, const char *id)
{
	if (!rh->headings_known) { /* the page's headings, once */
		rh->headings_known = true;
		bool in = true;
		for (const struct node *c = rh->doc->root; c; c = doc_next(rh->doc->root, c, &in))
			if (in && c->type == N_HEADING && !c->u.heading.custom) {
				rh->heads = xgrow(rh->heads, &rh->headcap, rh->nheads + 1, sizeof *rh->heads);
				rh->heads[rh->nheads++] = (struct node *)c;
			}
	}
	for (size_t h = 0; h < rh->nheads; h++) {
		struct node *c = rh->heads[h];
		if (strcmp(c->u.heading.id, id))
			continue;
		char *nid = idset_unique(rh->ids, id, "section");
		const char *a = arena_strdup(&rh->doc->arena, nid);
		free(nid);
		for (size_t i = 0; i < rh->doc->nheadings; i++)
			if (rh->doc->headings[i].id == c->u.heading.id)
				rh->doc->headings[i].id = a;
		c->u.heading.id = a;
		return true;
	}
	return false;
}

static void srcset_links(struct rawhtml *rh, struct html_attr *a)
{
	/* "url [descriptor], url [descriptor]…" */
	size_t cap = 1, k = 0;
	for (const char *s = a->value; *s; s++)
		cap += *s == ',';
	a->links = arena_alloc(&rh->doc->arena, cap * sizeof *a->links);
	a->desc = arena_alloc(&rh->doc->arena, cap * sizeof *a->desc);
	for (const char *s = a->value; *s && k < cap;) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == ',')
			s++;
		if (!*s)
			break;
		const char *u = s;
		while (*s && *s != ' ' && *s != '\t' && *s != '\n')
			s++;
		size_t ul = (size_t)(s - u);
		while (ul && u[ul - 1] == ',')
			ul--;
		const char *d0 = s;
		while (*s && *s != ',')
			s++;
		const char *d1 = s;
		while (d0 < d1 && (*d0 == ' ' || *d0 == '\t' || *d0 == '\n'))
			d0++;
		while (d1 > d0 && (d1[-1] == ' ' || d1[-1] == '\t' || d1[-1] == '\n'))
			d1--;
		char *url = xstrndup(u, ul);
		if (unsafe_scheme(url)) {
			diag_warning(rh->d, a->pos, "unsafe URL '%s:…' in raw HTML; left out of srcset", unsafe_scheme(url));
		} else if (ul) {
			a->links[k] = doc_link(rh->doc, url, a->pos, true);
			a->desc[k] = arena_strndup(&rh->doc->arena, d0, (size_t)(d1 - d0));
			k++;
		}
		free(url);
	}
	a->nlinks = k;
}

/* One kept element, in document order: its ids become the page's, its
 * URLs links for the link stage. */
static void finish_element(struct rawhtml *rh, struct node *n)
{
	for (size_t i = 0; i < n->u.el.nattrs; i++) {
		struct html_attr *a = &n->u.el.attrs[i];
		if (a->kind == A_ID) {
			if (!idset_has(rh->ids, a->value)) {
				free(idset_unique(rh->ids, a->value, "anchor"));
			} else if (!take_from_heading(rh, a->value)) {
				char *id = idset_unique(rh->ids, a->value, "anchor");
				diag_warning(rh->d, a->pos, "id '%s' is used twice in this file; this element gets '%s'", a->value, id);
				a->value = arena_strdup(&rh->doc->arena, id);
				free(id);
			}
		} else if (a->kind == A_URL) {
			bool image = !strcmp(a->name, "poster") || (n->u.el.flags & EL_IMG) ||
				     (is_el(n, "source") && n->parent && is_el(n->parent, "picture"));
			a->nlinks = 1;
			a->links = arena_alloc(&rh->doc->arena, sizeof *a->links);
			a->links[0] = doc_link(rh->doc, a->value, a->pos, image);
		} else if (a->kind == A_SRCSET) {
			srcset_links(rh, a);
		}
	}
}

static bool is_empty_paragraph(const struct node *n)
{
	if (n->type != N_PARAGRAPH)
		return false;
	for (const struct node *k = n->first; k; k = k->next)
		if (!is_space_text(k))
			return false;
	return true;
}

/* ---- one node's raw children ---------------------------------------------------- */

/* One fragment: from the raw piece first_raw among p's children to the
 * first raw piece after which no element is left open (or to the end).
 * *prevp: the node before first_raw (NULL: none), then the one before what
 * is returned, the node after the fragment. */
static struct node *resolve_run(struct rawhtml *rh, struct node *p, struct node **prevp, struct node *first_raw,
				bool phrasing_root)
{
	struct frag f = { .rh = rh, .html = BUF_INIT };
	struct scanner sc = { 0 };
	struct node *end = first_raw;
	for (struct node *k = first_raw; k; k = k->next) {
		char tmp[16];
		end = k;
		if (k->type == N_RAW_BLOCK || k->type == N_RAW_INLINE) {
			add_seg(&f, doc_pos(rh->doc, k), k->type == N_RAW_BLOCK && k->col ? k->col - 1 : 0, true);
			buf_add(&f.html, k->u.text.s, k->u.text.n);
			scan_feed(&sc, k->u.text.s, k->u.text.n);
			if (k->type == N_RAW_BLOCK)
				buf_putc(&f.html, '\n');
			if (!sc.open)
				break;
		} else if (k->type == N_TEXT) {
			add_seg(&f, doc_pos(rh->doc, k), 0, false);
			put_escaped(&f.html, k->u.text.s, k->u.text.n);
		} else if (k->type == N_SOFTBREAK) {
			add_seg(&f, doc_pos(rh->doc, k), 0, false);
			buf_putc(&f.html, '\n');
		} else {
			add_seg(&f, doc_pos(rh->doc, k), 0, false);
			f.in = xgrow(f.in, &f.incap, f.nin + 1, sizeof *f.in);
			f.in[f.nin++] = (struct stand_in){ f.html.len, k, false };
			buf_puts(&f.html, stand_in_tag(k, tmp));
			if (is_block(k->type))
				buf_putc(&f.html, '\n');
		}
	}
	free(sc.t);
	struct node *rest = end->next;
	if (sc.tags > RAWHTML_MAX_TAGS || sc.depth > RAWHTML_MAX_NESTING) {
		if (sc.tags > RAWHTML_MAX_TAGS)
			diag_warning(rh->d, doc_pos(rh->doc, first_raw), "raw HTML with more than %d tags in one place is not parsed; shown as text",
				     RAWHTML_MAX_TAGS);
		else
			diag_warning(rh->d, doc_pos(rh->doc, first_raw), "raw HTML nested more than %d elements deep (browsers flatten it) is not "
				     "parsed; shown as text", RAWHTML_MAX_NESTING);
		/* the N_RAW_* nodes stay: the renderer shows them as code */
		buf_release(&f.html);
		free(f.seg);
		free(f.in);
		*prevp = end;
		return rest;
	}
	for (size_t i = 0; i < f.html.len; i++)
		if (f.html.data[i] == '\n') {
			f.nl = xgrow(f.nl, &f.nlcap, f.nnl + 1, sizeof *f.nl);
			f.nl[f.nnl++] = i;
		}

	/* the fragment's nodes leave p; what gumbo gives takes their place,
	 * then the rest follows again */
	struct node *prev = *prevp, *rest_last = rest ? p->last : NULL;
	end->next = NULL;
	if (prev)
		prev->next = NULL;
	else
		p->first = NULL;
	p->last = prev;
	struct node *holder = doc_node(rh->doc, N_DOCUMENT, NULL, doc_pos(rh->doc, first_raw));
	holder->parent = p; /* for the context of what goes in */

	GumboOptions o = kGumboDefaultOptions;
	o.fragment_context = GUMBO_TAG_DIV;
	o.max_errors = 0;
	GumboOutput *out = gumbo_parse_with_options(&o, f.html.data, f.html.len);
	convert(&f, out->root, holder);
	gumbo_destroy_output(&o, out);
	for (size_t i = 0; i < f.nin; i++) /* stand-ins the parser swallowed (<select>, <textarea>…) */
		if (!f.in[i].used)
			append(holder, f.in[i].n);

	mark_flowy(holder);
	struct rctx c = ctx_of(p, phrasing_root);
	repair(rh, holder, c);
	tables_fix(rh, holder);
	/* now into p, without the white space between blocks (the renderer
	 * writes its own newlines there) */
	for (struct node *k = holder->first, *next; k; k = next) {
		next = k->next;
		const struct node *after = next ? next : rest;
		if (!c.phrasing && is_space_text(k) && (!p->last || blockish(p->last)) && (!after || blockish(after)))
			continue;
		append(p, k);
	}
	*prevp = p->last;
	if (rest) {
		if (p->last)
			p->last->next = rest;
		else
			p->first = rest;
		p->last = rest_last;
	}
	buf_release(&f.html);
	free(f.seg);
	free(f.in);
	free(f.nl);
	return rest;
}

void rawhtml_resolve(struct rawhtml *rh, struct node *root, bool phrasing)
{
	bool in = true;
	rh->headings_known = false; /* (a block's fragment is resolved before the chapter is whole) */
	rh->nheads = 0;
	for (struct node *n = root; n; n = (struct node *)doc_next(root, n, &in)) {
		if (!in)
			continue;
		for (struct node *k = n->first, *prev = NULL; k;) {
			if (k->type == N_RAW_BLOCK || k->type == N_RAW_INLINE) {
				k = resolve_run(rh, n, &prev, k, phrasing && n == root);
			} else {
				prev = k;
				k = k->next;
			}
		}
	}
	/* in reading order: ids (the first of two equal ones keeps it), links;
	 * paragraphs that held only what was removed go */
	in = true;
	for (struct node *n = root; n; n = (struct node *)doc_next(root, n, &in)) {
		if (!in)
			continue;
		if (n->type == N_ELEMENT)
			finish_element(rh, n);
		for (struct node *k = n->first, *prev = NULL, *next; k; k = next) {
			next = k->next;
			if (is_empty_paragraph(k))
				unlink_node(k, prev);
			else
				prev = k;
		}
	}
}

/* ---- SVG images --------------------------------------------------------------- */

bool rawhtml_svg_is_scripted(const char *data, size_t len)
{
	GumboOptions o = kGumboDefaultOptions;
	o.max_errors = 0;
	GumboOutput *out = gumbo_parse_with_options(&o, data, len);
	bool scripted = false;
	/* every element, without recursion */
	const GumboNode **st = NULL;
	size_t n = 0, cap = 0;
	st = xgrow(st, &cap, 1, sizeof *st);
	st[n++] = out->document;
	while (n && !scripted) {
		const GumboNode *g = st[--n];
		const GumboVector *kids = children_of(g);
		if (g->type == GUMBO_NODE_ELEMENT) {
			const GumboElement *e = &g->v.element;
			char name[64];
			tag_name(e, name, sizeof name);
			const char *local = strrchr(name, ':') ? strrchr(name, ':') + 1 : name;
			if (!strcmp(local, "script") || e->tag == GUMBO_TAG_SCRIPT)
				scripted = true;
			for (unsigned i = 0; i < e->attributes.length; i++) {
				const char *a = ((GumboAttribute *)e->attributes.data[i])->name;
				const char *al = strrchr(a, ':') ? strrchr(a, ':') + 1 : a;
				if ((al[0] | 0x20) == 'o' && (al[1] | 0x20) == 'n')
					scripted = true;
			}
		}
		for (unsigned i = 0; kids && i < kids->length; i++) {
			st = xgrow(st, &cap, n + 1, sizeof *st);
			st[n++] = kids->data[i];
		}
	}
	free(st);
	gumbo_destroy_output(&o, out);
	return scripted;
}
