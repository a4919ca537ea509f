/* markdown.c - parse stage: one cmark-gfm parse per chapter, rendered at
 * once into the site's HTML and the EPUB's XHTML by one walk of the tree.
 *
 * folio renders the tree itself rather than calling cmark_render_html:
 * heading ids (GitHub's rules), cross-link rewriting, footnotes that are
 * well-formed XML with EPUB semantics, and raw HTML that is reported rather
 * than dropped all need it (see ../shared/docs/CMARK-GFM-NOTES.md).  The
 * walk uses cmark's iterator, so deeply nested input cannot overflow the
 * stack. */
#include "parse/markdown.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parse/blocks.h"
#include "base/buf.h"
#include "base/escape.h"
#include "write/fsx.h"
#include "base/slug.h"
#include "model/ui.h"
#include "base/xalloc.h"

static const char *const extensions[] = { "table", "strikethrough", "autolink", "tasklist" };

/* cmark-gfm keeps the inline parser's special characters in a global table:
 * each parser adds its extensions' characters ('~', ':', 'w', …) when it
 * processes inlines and removes them when done (blocks.c, process_inlines;
 * github/cmark-gfm#221).  Two parsers running at once therefore switch
 * strikethrough and autolinks off under each other's feet.  Parsing holds
 * this lock; rendering the tree, most of the work, stays parallel. */
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

static cmark_node *parse(cmark_parser *p, const char *text, size_t len)
{
	pthread_mutex_lock(&parse_lock);
	cmark_parser_feed(p, text, len);
	cmark_node *doc = cmark_parser_finish(p);
	pthread_mutex_unlock(&parse_lock);
	return doc;
}

void md_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}


/* ---- the renderer --------------------------------------------------------- */

struct fn {               /* footnote number N (1-based) */
	char *def_id;     /* "fn-N" */
	char *ref_id;     /* "fnref-N", first reference */
	unsigned refs;    /* references seen */
};

struct render {
	struct book *b;
	struct chapter *ch;
	char *dir;               /* folder of ch->path */
	struct buf html, xhtml;
	struct idset *ids;
	size_t hcap, xcap;
	struct fn *fns;
	size_t nfns, fncap;
	unsigned fndef;          /* footnote definitions rendered */
	unsigned cell;           /* current table column */
	uint8_t *aligns;
	uint16_t ncols;
	bool in_tbody;
	int errors;
	unsigned last_level;     /* level of the last heading, for blocks */
	struct buf faq_json;     /* the page's FAQPage questions */
	size_t nfaq;
	/* rendering a fragment (Markdown inside a block's YAML) */
	bool fragment, inline_only;
	struct pos frag_at;
	unsigned frag_indent;
	struct buf *plain;       /* plain text of the fragment, or NULL */
};

static int render_fragment(void *rp, const char *text, struct pos at, unsigned indent, bool inline_only,
			   struct buf *html, struct buf *xhtml, struct buf *plain);
static void add_heading(void *rp, unsigned level, const char *id, const char *text);
static int resolve_link(void *rp, const char *url, struct pos at, struct buf *site, struct buf *epub);

static void both(struct render *r, const char *s)
{
	buf_puts(&r->html, s);
	buf_puts(&r->xhtml, s);
}

static void both_esc(struct render *r, const char *s, size_t n)
{
	esc_html(&r->html, s, n);
	esc_html(&r->xhtml, s, n);
}

static struct pos node_pos(struct render *r, cmark_node *n)
{
	int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
	if (line < 1)
		line = 1;
	if (col < 1)
		col = 1;
	if (r->fragment)
		return (struct pos){ r->ch->file, r->frag_at.line + (unsigned)line - 1,
				     line == 1 ? r->frag_at.col + (unsigned)col - 1 : r->frag_indent + (unsigned)col };
	return (struct pos){ r->ch->file, r->ch->body_line + (unsigned)(line > 0 ? line - 1 : 0),
			     (unsigned)(col > 0 ? col : 1) };
}

static const char *type_name(cmark_node *n)
{
	return cmark_node_get_type_string(n);
}

/* Plain text of a subtree (for heading ids, alt text, titles). */
static void plain_text(cmark_node *root, struct buf *out)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_puts(out, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(out, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

static void count_words(struct render *r, const char *s)
{
	bool in = false;
	for (; *s; s++) {
		bool sp = *s == ' ' || *s == '\n' || *s == '\t';
		if (!sp && !in)
			r->ch->words++;
		in = !sp;
	}
}

/* ---- links ------------------------------------------------------------------ */

static size_t scheme_len(const char *u)
{
	size_t i = 0;
	if (!isalpha((unsigned char)u[0]))
		return 0;
	while (isalnum((unsigned char)u[i]) || u[i] == '+' || u[i] == '-' || u[i] == '.')
		i++;
	return u[i] == ':' ? i : 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Percent-decode s[0..n) into a new string; NULL if it decodes to a NUL. */
static char *pct_decode(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		int h, l;
		if (s[i] == '%' && i + 2 < n && (h = hexval(s[i + 1])) >= 0 &&
		    (l = hexval(s[i + 2])) >= 0) {
			int c = h * 16 + l;
			if (!c) {
				buf_release(&b);
				return NULL;
			}
			buf_putc(&b, c);
			i += 2;
		} else {
			buf_putc(&b, s[i]);
		}
	}
	return buf_detach(&b, NULL);
}

enum link_kind { LINK_NONE, LINK_EXTERNAL, LINK_PAGE, LINK_FILE };

struct target {
	enum link_kind kind;
	struct chapter *page;   /* LINK_PAGE */
	struct asset *asset;    /* LINK_FILE */
	char *frag;             /* decoded fragment, or NULL */
};

static void add_xref(struct render *r, struct pos p, struct chapter *to, const char *frag)
{
	struct chapter *ch = r->ch;
	ch->xrefs = xgrow(ch->xrefs, &r->xcap, ch->nxrefs + 1, sizeof *ch->xrefs);
	ch->xrefs[ch->nxrefs++] = (struct xref){ p, to, frag ? xstrdup(frag) : NULL };
}

/* Resolve a URL written in the chapter.  Reports errors; returns -1 then. */
static int resolve(struct render *r, const char *url, struct pos p, bool image, struct target *t)
{
	memset(t, 0, sizeof *t);
	size_t sl = scheme_len(url);
	if (!*url) {
		t->kind = LINK_NONE;
		return 0;
	}
	if (sl) {
		static const char *const bad[] = { "javascript", "vbscript", "data", "file", NULL };
		for (int i = 0; bad[i]; i++)
			if (sl == strlen(bad[i]) && strncasecmp(url, bad[i], sl) == 0)
				return diag_error(r->b->diags, p, "unsafe %s URL '%.*s:…' is not allowed", image ? "image" : "link",
						  (int)sl, url);
		t->kind = LINK_EXTERNAL;
		return 0;
	}
	if (url[0] == '/' && url[1] == '/') {
		t->kind = LINK_EXTERNAL;
		return 0;
	}
	if (url[0] == '/')
		return diag_error(r->b->diags, p, "absolute path '%s' does not work from a file or a sub-folder; use a path relative to this file", url);

	const char *hash = strchr(url, '#');
	const char *q = strchr(url, '?');
	size_t plen = strlen(url);
	if (q && (!hash || q < hash))
		plen = (size_t)(q - url);
	else if (hash)
		plen = (size_t)(hash - url);
	if (hash) {
		t->frag = pct_decode(hash + 1, strlen(hash + 1));
		if (!t->frag)
			return diag_error(r->b->diags, p, "fragment of '%s' is not valid", url);
	}
	if (plen == 0) { /* "#anchor": this page */
		if (image)
			return diag_error(r->b->diags, p, "image '%s' has no file name", url);
		t->kind = LINK_PAGE;
		t->page = r->ch;
		return 0;
	}
	char *raw = pct_decode(url, plen);
	char *path = raw ? path_resolve(r->dir, raw) : NULL;
	int rc = 0;
	if (!path) {
		rc = diag_error(r->b->diags, p, "%s '%s' points outside the book folder", image ? "image" : "link", url);
		goto out;
	}
	size_t n = strlen(path);
	if (!image && n > 3 && strcmp(path + n - 3, ".md") == 0) {
		struct chapter *to = book_find(r->b, path);
		if (!to) {
			rc = diag_error(r->b->diags, p, "link to missing file '%.*s'", (int)plen, url);
		} else if (to->draft) {
			rc = diag_error(r->b->diags, p, "link to '%.*s', a draft that is not published", (int)plen, url);
		} else {
			t->kind = LINK_PAGE;
			t->page = to;
		}
		goto out;
	}
	char *full = path_join(r->b->source, path);
	bool ok = *path && is_regular_file(full);
	bool inside = ok && path_is_inside(r->b->source, full);
	free(full);
	if (!ok) {
		rc = image ? diag_error(r->b->diags, p, "missing image '%.*s'", (int)plen, url)
			   : diag_error(r->b->diags, p, "link to missing file '%.*s'", (int)plen, url);
		goto out;
	}
	if (!inside) { /* a symbolic link out of the book: never copied */
		rc = diag_error(r->b->diags, p, "%s '%.*s' is a symbolic link to a file outside the book folder", image ? "image" : "link",
				(int)plen, url);
		goto out;
	}
	if (n > 3 && strcmp(path + n - 3, ".md") == 0) {
		rc = diag_error(r->b->diags, p, "image '%s' is a Markdown file", url);
		goto out;
	}
	t->kind = LINK_FILE;
	t->asset = book_add_asset(r->b, path, p);
out:
	free(raw);
	free(path);
	return rc;
}

/* Append the href/src for t to site and epub (attribute-escaped).  For a
 * file EPUB readers cannot open, epub gets the website's absolute URL, or
 * stays empty when there is no base_url (the caller then writes no href). */
static void target_hrefs(struct render *r, const char *url, struct target *t, struct buf *site, struct buf *epub)
{
	struct buf u = BUF_INIT;
	switch (t->kind) {
	case LINK_NONE:
	case LINK_EXTERNAL:
		esc_url(&u, url, strlen(url));
		esc_html(site, u.data, u.len);
		esc_html(epub, u.data, u.len);
		break;
	case LINK_PAGE:
		if (t->page != r->ch || !t->frag) {
			esc_url(&u, t->page->site_name, strlen(t->page->site_name));
			esc_html(site, u.data, u.len);
			esc_html_str(epub, t->page->epub_name);
		}
		if (t->frag) {
			buf_reset(&u);
			esc_url(&u, t->frag, strlen(t->frag));
			buf_putc(site, '#');
			esc_html(site, u.data, u.len);
			buf_putc(epub, '#');
			slug_epub_id(epub, t->frag);
		}
		break;
	case LINK_FILE:
		esc_html_str(site, t->asset->out);
		if (t->asset->is_image) {
			esc_html_str(epub, t->asset->out);
			__atomic_store_n(&t->asset->in_epub, true, __ATOMIC_RELAXED);
		} else if (r->b->base_url) {
			esc_html_str(epub, r->b->base_url);
			esc_html_str(epub, t->asset->out);
		}
		break;
	}
	buf_release(&u);
}

/* Write t's href into both outputs. */
static void put_target(struct render *r, const char *url, struct target *t)
{
	target_hrefs(r, url, t, &r->html, &r->xhtml);
}

/* ---- node handlers --------------------------------------------------------- */

static bool is_tight_paragraph(cmark_node *n)
{
	cmark_node *item = cmark_node_parent(n);
	if (!item || cmark_node_get_type(item) != CMARK_NODE_ITEM)
		return false;
	cmark_node *list = cmark_node_parent(item);
	return list && cmark_node_get_list_tight(list);
}

static void heading_enter(struct render *r, cmark_node *n, bool title)
{
	struct buf text = BUF_INIT;
	plain_text(n, &text);
	char *base = slug_heading(text.data, text.len);
	char *id = idset_unique(r->ids, base, "section");
	free(base);
	if (title) {
		r->ch->title_id = id;
		if (!r->ch->title) {
			r->ch->title = buf_detach(&text, NULL);
			r->ch->title_from_heading = true;
		}
		buf_release(&text);
		return;
	}
	int level = cmark_node_get_heading_level(n);
	r->last_level = (unsigned)level;
	if (cmark_node_parent(n) == NULL || cmark_node_get_type(cmark_node_parent(n)) == CMARK_NODE_DOCUMENT) {
		struct chapter *ch = r->ch;
		ch->headings = xgrow(ch->headings, &r->hcap, ch->nheadings + 1, sizeof *ch->headings);
		struct heading *h = &ch->headings[ch->nheadings++];
		struct buf hb = BUF_INIT;
		esc_html(&hb, text.data, text.len);
		h->level = (unsigned)level;
		h->id = xstrdup(id);
		h->html = buf_detach(&hb, NULL);
		h->text = buf_detach(&text, NULL);
		h->line = node_pos(r, n).line;
	}
	buf_printf(&r->html, "<h%d id=\"", level);
	esc_html_str(&r->html, id);
	buf_puts(&r->html, "\">");
	buf_printf(&r->xhtml, "<h%d id=\"", level);
	slug_epub_id(&r->xhtml, id);
	buf_puts(&r->xhtml, "\">");
	free(id);
	buf_release(&text);
}

static bool is_comment(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (strncmp(s, "<!--", 4) != 0)
		return false;
	const char *e = strstr(s + 4, "-->");
	if (!e)
		return false;
	for (e += 3; *e; e++)
		if (*e != ' ' && *e != '\t' && *e != '\n' && *e != '\r')
			return false;
	return true;
}

static bool is_br(const char *s)
{
	return !strcasecmp(s, "<br>") || !strcasecmp(s, "<br/>") || !strcasecmp(s, "<br />");
}

static void raw_html(struct render *r, cmark_node *n, bool block)
{
	const char *lit = cmark_node_get_literal(n);
	if (!lit || is_comment(lit))
		return; /* an editor's comment: meant to stay hidden */
	if (!block && is_br(lit)) {
		both(r, "<br />");
		return;
	}
	size_t len = strlen(lit);
	while (len && (lit[len - 1] == '\n' || lit[len - 1] == ' '))
		len--;
	diag_warning(r->b->diags, node_pos(r, n), "raw HTML is not supported; it is shown as text (use Markdown instead)");
	if (block) {
		buf_puts(&r->html, "<pre class=\"raw-html\" tabindex=\"0\"><code>");
		buf_puts(&r->xhtml, "<pre class=\"raw-html\"><code>");
	} else {
		both(r, "<code class=\"raw-html\">");
	}
	both_esc(r, lit, len);
	both(r, block ? "</code></pre>\n" : "</code>");
	if (r->plain) /* shown as text, so also text in JSON-LD and search */
		buf_add(r->plain, lit, len);
}

static void link_enter(struct render *r, cmark_node *n)
{
	const char *url = cmark_node_get_url(n);
	const char *title = cmark_node_get_title(n);
	struct pos p = node_pos(r, n);
	struct target t;
	if (resolve(r, url ? url : "", p, false, &t)) {
		r->errors++;
		t.kind = LINK_NONE;
		url = "";
	}
	if (t.kind == LINK_PAGE)
		add_xref(r, p, t.page, t.frag);
	struct buf hs = BUF_INIT, he = BUF_INIT;
	target_hrefs(r, url ? url : "", &t, &hs, &he);
	buf_puts(&r->html, "<a href=\"");
	buf_add(&r->html, hs.data, hs.len);
	buf_puts(&r->html, "\"");
	if (he.len || t.kind != LINK_FILE) {
		buf_puts(&r->xhtml, "<a href=\"");
		buf_add(&r->xhtml, he.data, he.len);
		buf_puts(&r->xhtml, "\"");
	} else { /* a file the EPUB cannot carry and no website to point to */
		buf_puts(&r->xhtml, "<a class=\"file-link\"");
	}
	buf_release(&hs);
	buf_release(&he);
	if (title && *title) {
		both(r, " title=\"");
		both_esc(r, title, strlen(title));
		both(r, "\"");
	}
	both(r, ">");
	free(t.frag);
}

static void image(struct render *r, cmark_node *n)
{
	const char *url = cmark_node_get_url(n);
	const char *title = cmark_node_get_title(n);
	struct pos p = node_pos(r, n);
	struct buf alt = BUF_INIT;
	struct target t;
	plain_text(n, &alt);
	if (resolve(r, url ? url : "", p, true, &t)) {
		r->errors++;
		goto out;
	}
	if (t.kind == LINK_NONE) {
		r->errors += diag_error(r->b->diags, p, "image has no file name") != 0;
		goto out;
	}
	if (!alt.len) {
		diag_warning(r->b->diags, p, "image '%s' has no alt text; describe it for readers who cannot see it", url);
		if (t.kind == LINK_FILE)
			__atomic_store_n(&t.asset->missing_alt, true, __ATOMIC_RELAXED);
	}
	if (t.kind == LINK_EXTERNAL) {
		/* the EPUB carries no remote resources: it links to the image */
		struct buf u = BUF_INIT;
		esc_url(&u, url, strlen(url));
		buf_puts(&r->html, "<img src=\"");
		esc_html(&r->html, u.data, u.len);
		buf_puts(&r->xhtml, "<a href=\"");
		esc_html(&r->xhtml, u.data, u.len);
		buf_puts(&r->xhtml, "\">");
		esc_html(&r->xhtml, alt.len ? alt.data : url, alt.len ? alt.len : strlen(url));
		buf_puts(&r->xhtml, "</a>");
		buf_release(&u);
	} else {
		both(r, "<img src=\"");
		put_target(r, url, &t);
	}
	buf_puts(&r->html, "\" alt=\"");
	esc_html(&r->html, alt.data, alt.len);
	buf_puts(&r->html, "\"");
	if (title && *title) {
		buf_puts(&r->html, " title=\"");
		esc_html_str(&r->html, title);
		buf_puts(&r->html, "\"");
	}
	long iw, ih;
	if (t.kind == LINK_FILE && book_asset_size(r->b, t.asset, &iw, &ih))
		buf_printf(&r->html, " width=\"%ld\" height=\"%ld\"", iw, ih); /* no layout shift */
	buf_puts(&r->html, " loading=\"lazy\" />");
	if (t.kind != LINK_EXTERNAL) {
		buf_puts(&r->xhtml, "\" alt=\"");
		esc_html(&r->xhtml, alt.data, alt.len);
		buf_puts(&r->xhtml, "\"");
		if (title && *title) {
			buf_puts(&r->xhtml, " title=\"");
			esc_html_str(&r->xhtml, title);
			buf_puts(&r->xhtml, "\"");
		}
		buf_puts(&r->xhtml, " />");
	}
out:
	free(t.frag);
	buf_release(&alt);
}

static struct fn *footnote(struct render *r, unsigned num)
{
	while (r->nfns < num) {
		r->fns = xgrow(r->fns, &r->fncap, r->nfns + 1, sizeof *r->fns);
		memset(&r->fns[r->nfns], 0, sizeof *r->fns);
		r->nfns++;
	}
	return &r->fns[num - 1];
}

static void footnote_ref(struct render *r, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	unsigned num = lit ? (unsigned)strtoul(lit, NULL, 10) : 0;
	if (!num)
		return;
	struct fn *f = footnote(r, num);
	char *ref;
	if (!f->def_id) {
		char *b1 = xasprintf("fn-%u", num), *b2 = xasprintf("fnref-%u", num);
		f->def_id = idset_unique(r->ids, b1, "fn");
		f->ref_id = idset_unique(r->ids, b2, "fnref");
		ref = xstrdup(f->ref_id);
		free(b1);
		free(b2);
	} else {
		char *b = xasprintf("%s-%u", f->ref_id, f->refs + 1);
		ref = idset_unique(r->ids, b, "fnref");
		free(b);
	}
	f->refs++;
	buf_puts(&r->html, "<sup><a href=\"#");
	esc_html_str(&r->html, f->def_id);
	buf_puts(&r->html, "\" id=\"");
	esc_html_str(&r->html, ref);
	buf_printf(&r->html, "\" class=\"footnote-ref\" role=\"doc-noteref\">%u</a></sup>", num);
	buf_puts(&r->xhtml, "<sup><a href=\"#");
	slug_epub_id(&r->xhtml, f->def_id);
	buf_puts(&r->xhtml, "\" id=\"");
	slug_epub_id(&r->xhtml, ref);
	buf_printf(&r->xhtml, "\" epub:type=\"noteref\" role=\"doc-noteref\">%u</a></sup>", num);
	free(ref);
}

static void footnote_def(struct render *r, bool enter)
{
	if (enter) {
		unsigned num = ++r->fndef;
		struct fn *f = footnote(r, num);
		if (!f->def_id) { /* defined but its references were dropped */
			char *b1 = xasprintf("fn-%u", num);
			f->def_id = idset_unique(r->ids, b1, "fn");
			free(b1);
		}
		if (num == 1) {
			buf_puts(&r->html, "<section class=\"footnotes\" aria-label=\"");
			esc_html_str(&r->html, ui_text(r->b, UI_FOOTNOTES));
			buf_puts(&r->html, "\">\n<ol>\n");
			buf_puts(&r->xhtml, "<section class=\"footnotes\">\n");
		}
		buf_puts(&r->html, "<li id=\"");
		esc_html_str(&r->html, f->def_id);
		buf_puts(&r->html, "\">\n");
		buf_puts(&r->xhtml, "<aside id=\"");
		slug_epub_id(&r->xhtml, f->def_id);
		buf_puts(&r->xhtml, "\" epub:type=\"footnote\" role=\"doc-footnote\">\n");
		buf_printf(&r->xhtml, "<p class=\"footnote-label\">%u.</p>\n", num);
	} else {
		struct fn *f = footnote(r, r->fndef);
		if (f->ref_id) {
			buf_puts(&r->html, "<p class=\"footnote-back\"><a href=\"#");
			esc_html_str(&r->html, f->ref_id);
			char num[16];
			snprintf(num, sizeof num, "%u", r->fndef);
			const char *vars[] = { "n", num, NULL };
			struct buf label = BUF_INIT;
			ui_fill(&label, r->b, UI_FOOTNOTE_BACK, vars);
			buf_puts(&r->html, "\" role=\"doc-backlink\" aria-label=\"");
			esc_html(&r->html, label.data, label.len);
			buf_puts(&r->html, "\">\xE2\x86\xA9\xEF\xB8\x8E</a></p>\n");
			buf_release(&label);
			buf_puts(&r->xhtml, "<p class=\"footnote-back\"><a href=\"#");
			slug_epub_id(&r->xhtml, f->ref_id);
			buf_printf(&r->xhtml, "\" role=\"doc-backlink\"%s>", ui_lang_attr(r->b, UI_FOOTNOTE_RETURN, true));
			esc_html_str(&r->xhtml, ui_text(r->b, UI_FOOTNOTE_RETURN));
			buf_puts(&r->xhtml, "</a></p>\n");
		}
		buf_puts(&r->html, "</li>\n");
		buf_puts(&r->xhtml, "</aside>\n");
	}
}

static void code_block(struct render *r, cmark_node *n)
{
	const char *info = cmark_node_get_fence_info(n);
	const char *lit = cmark_node_get_literal(n);
	size_t il = 0;
	while (info && info[il] && info[il] != ' ' && info[il] != '\t')
		il++;
	int fence_len = 0, fence_off = 0;
	char fence_ch = 0;
	if (il && !r->fragment && blocks_is_block(info, il) &&
	    cmark_node_get_fenced(n, &fence_len, &fence_off, &fence_ch)) {
		struct pos p = node_pos(r, n);
		struct block_ctx bc = {
			.b = r->b, .ch = r->ch, .html = &r->html, .xhtml = &r->xhtml,
			.faq_json = &r->faq_json, .nfaq = &r->nfaq, .ids = r->ids, .fence = p,
			.yaml_line = p.line + 1, .yaml_col = p.col,
			.heading_level = r->last_level < 6 ? r->last_level + 1 : 6,
			.markdown = render_fragment, .heading = add_heading, .link = resolve_link, .r = r,
		};
		(void)fence_off;
		if (blocks_render(&bc, info, il, lit ? lit : ""))
			r->errors++;
		return;
	}
	/* on the site a long line scrolls inside the block: keyboard users
	 * need to reach it (tabindex) */
	buf_puts(&r->html, "<pre tabindex=\"0\">");
	buf_puts(&r->xhtml, "<pre>");
	if (il) {
		both(r, "<code class=\"language-");
		both_esc(r, info, il);
		both(r, "\">");
	} else {
		both(r, "<code>");
	}
	if (lit)
		both_esc(r, lit, strlen(lit));
	both(r, "</code></pre>\n");
}

static void table_cell(struct render *r, bool enter, bool header)
{
	const char *tag = header ? "th" : "td";
	if (!enter) {
		buf_printf(&r->html, "</%s>", tag);
		buf_printf(&r->xhtml, "</%s>", tag);
		if (r->plain)
			buf_putc(r->plain, ' ');
		r->cell++;
		return;
	}
	uint8_t a = r->cell < r->ncols && r->aligns ? r->aligns[r->cell] : 0;
	const char *cls = a == 'l' ? " class=\"align-left\"" : a == 'c' ? " class=\"align-center\""
						  : a == 'r' ? " class=\"align-right\"" : "";
	if (header) {
		buf_printf(&r->html, "<th scope=\"col\"%s>", cls);
		buf_printf(&r->xhtml, "<th scope=\"col\"%s>", cls);
	} else {
		buf_printf(&r->html, "<td%s>", cls);
		buf_printf(&r->xhtml, "<td%s>", cls);
	}
}

/* Handle an extension node; returns false if unknown. */
static bool extension_node(struct render *r, cmark_node *n, bool enter)
{
	const char *t = type_name(n);
	if (!strcmp(t, "table")) {
		if (enter) {
			r->ncols = cmark_gfm_extensions_get_table_columns(n);
			r->aligns = cmark_gfm_extensions_get_table_alignments(n);
			r->in_tbody = false;
			buf_puts(&r->html, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"");
			esc_html_str(&r->html, ui_text(r->b, UI_TABLE));
			buf_puts(&r->html, "\">\n<table>\n");
			buf_puts(&r->xhtml, "<table>\n");
		} else {
			if (r->in_tbody)
				both(r, "</tbody>\n");
			buf_puts(&r->html, "</table>\n</div>\n");
			buf_puts(&r->xhtml, "</table>\n");
		}
	} else if (!strcmp(t, "table_header") || !strcmp(t, "table_row")) {
		bool header = cmark_gfm_extensions_get_table_row_is_header(n);
		if (enter) {
			r->cell = 0;
			if (header)
				both(r, "<thead>\n<tr>");
			else if (!r->in_tbody) {
				both(r, "<tbody>\n<tr>");
				r->in_tbody = true;
			} else {
				both(r, "<tr>");
			}
		} else {
			both(r, header ? "</tr>\n</thead>\n" : "</tr>\n");
		}
	} else if (!strcmp(t, "table_cell")) {
		cmark_node *row = cmark_node_parent(n);
		table_cell(r, enter, row && cmark_gfm_extensions_get_table_row_is_header(row));
	} else if (!strcmp(t, "strikethrough")) {
		both(r, enter ? "<del>" : "</del>");
	} else if (!strcmp(t, "tasklist")) {
		if (enter) {
			bool done = cmark_gfm_extensions_get_tasklist_item_checked(n);
			both(r, "<li class=\"task\">");
			both(r, done ? "<input type=\"checkbox\" checked=\"checked\" disabled=\"disabled\" aria-label=\"done\" /> "
				     : "<input type=\"checkbox\" disabled=\"disabled\" aria-label=\"not done\" /> ");
		} else {
			both(r, "</li>\n");
		}
	} else {
		return false;
	}
	return true;
}

static void walk(struct render *r, cmark_node *doc);

static cmark_parser *new_parser(int options)
{
	cmark_parser *p = cmark_parser_new(options | CMARK_OPT_VALIDATE_UTF8);
	for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(extensions[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	return p;
}

/* Render Markdown found inside a block (see blocks.h). */
static int render_fragment(void *rp, const char *text, struct pos at, unsigned indent, bool inline_only,
			   struct buf *html, struct buf *xhtml, struct buf *plain)
{
	struct render *r = rp;
	struct render saved = *r;
	int errors = r->errors;
	r->html = *html;
	r->xhtml = *xhtml;
	r->fragment = true;
	r->inline_only = inline_only;
	r->frag_at = at;
	r->frag_indent = indent;
	r->plain = plain;
	size_t plain_start = plain ? plain->len : 0;
	cmark_parser *p = new_parser(0);
	cmark_node *doc = parse(p, text, strlen(text));
	walk(r, doc);
	cmark_node_free(doc);
	cmark_parser_free(p);
	*html = r->html;
	*xhtml = r->xhtml;
	if (saved.plain && plain) { /* block text is searchable too */
		buf_add(saved.plain, plain->data + plain_start, plain->len - plain_start);
		buf_putc(saved.plain, ' ');
	}
	saved.errors = r->errors;
	saved.ch = r->ch;
	saved.hcap = r->hcap;
	saved.xcap = r->xcap;
	saved.fns = r->fns, saved.nfns = r->nfns, saved.fncap = r->fncap;
	*r = saved;
	return r->errors > errors ? -1 : 0;
}

static int resolve_link(void *rp, const char *url, struct pos at, struct buf *site, struct buf *epub)
{
	struct render *r = rp;
	struct target t;
	if (resolve(r, url, at, false, &t)) {
		r->errors++;
		free(t.frag); /* resolve may fail after decoding the fragment */
		return -1;
	}
	if (t.kind == LINK_PAGE)
		add_xref(r, at, t.page, t.frag);
	target_hrefs(r, url, &t, site, epub);
	free(t.frag);
	return 0;
}

static void add_heading(void *rp, unsigned level, const char *id, const char *text)
{
	struct render *r = rp;
	struct chapter *ch = r->ch;
	struct buf hb = BUF_INIT;
	ch->headings = xgrow(ch->headings, &r->hcap, ch->nheadings + 1, sizeof *ch->headings);
	struct heading *h = &ch->headings[ch->nheadings++];
	esc_html_str(&hb, text);
	h->level = level;
	h->id = xstrdup(id);
	h->text = xstrdup(text);
	h->html = buf_detach(&hb, NULL);
	h->line = 0;
}

static void walk(struct render *r, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node *first = cmark_node_first_child(doc);
	bool title_h1 = false;
	if (!r->fragment && first && cmark_node_get_type(first) == CMARK_NODE_HEADING &&
	    cmark_node_get_heading_level(first) == 1) {
		struct buf t = BUF_INIT;
		plain_text(first, &t);
		title_h1 = !r->ch->title || strcmp(t.data, r->ch->title) == 0;
		buf_release(&t);
	}
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		bool enter = ev == CMARK_EVENT_ENTER;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_DOCUMENT:
			if (!enter && r->fndef) {
				buf_puts(&r->html, "</ol>\n</section>\n");
				buf_puts(&r->xhtml, "</section>\n");
			}
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			both(r, enter ? "<blockquote>\n" : "</blockquote>\n");
			break;
		case CMARK_NODE_LIST:
			if (cmark_node_get_list_type(n) == CMARK_ORDERED_LIST) {
				int start = cmark_node_get_list_start(n);
				if (!enter)
					both(r, "</ol>\n");
				else if (start != 1) {
					buf_printf(&r->html, "<ol start=\"%d\">\n", start);
					buf_printf(&r->xhtml, "<ol start=\"%d\">\n", start);
				} else
					both(r, "<ol>\n");
			} else {
				both(r, enter ? "<ul>\n" : "</ul>\n");
			}
			break;
		case CMARK_NODE_ITEM:
			if (r->plain && !enter)
				buf_putc(r->plain, ' ');
			if (!extension_node(r, n, enter))
				both(r, enter ? "<li>" : "</li>\n");
			break;
		case CMARK_NODE_PARAGRAPH:
			if (r->plain && !enter)
				buf_putc(r->plain, ' ');
			if (r->inline_only && cmark_node_parent(n) == doc && !cmark_node_next(n) &&
			    !cmark_node_previous(n))
				break;
			if (!is_tight_paragraph(n))
				both(r, enter ? "<p>" : "</p>\n");
			else if (!enter && cmark_node_next(n))
				both(r, "\n");
			break;
		case CMARK_NODE_HEADING:
			if (n == first && title_h1) {
				heading_enter(r, n, true);
				cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			} else if (enter) {
				heading_enter(r, n, false);
			} else {
				if (r->plain)
					buf_putc(r->plain, ' ');
				buf_printf(&r->html, "</h%d>\n", cmark_node_get_heading_level(n));
				buf_printf(&r->xhtml, "</h%d>\n", cmark_node_get_heading_level(n));
			}
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			both(r, "<hr />\n");
			break;
		case CMARK_NODE_CODE_BLOCK:
			code_block(r, n);
			break;
		case CMARK_NODE_HTML_BLOCK:
			raw_html(r, n, true);
			break;
		case CMARK_NODE_HTML_INLINE:
			raw_html(r, n, false);
			break;
		case CMARK_NODE_TEXT: {
			const char *lit = cmark_node_get_literal(n);
			both_esc(r, lit, strlen(lit));
			if (r->plain)
				buf_puts(r->plain, lit);
			count_words(r, lit);
			break;
		}
		case CMARK_NODE_SOFTBREAK:
			both(r, "\n");
			if (r->plain)
				buf_putc(r->plain, ' ');
			break;
		case CMARK_NODE_LINEBREAK:
			both(r, "<br />\n");
			break;
		case CMARK_NODE_CODE: {
			const char *lit = cmark_node_get_literal(n);
			both(r, "<code>");
			both_esc(r, lit, strlen(lit));
			both(r, "</code>");
			if (r->plain)
				buf_puts(r->plain, lit);
			count_words(r, lit);
			break;
		}
		case CMARK_NODE_EMPH:
			both(r, enter ? "<em>" : "</em>");
			break;
		case CMARK_NODE_STRONG:
			both(r, enter ? "<strong>" : "</strong>");
			break;
		case CMARK_NODE_LINK:
			if (enter)
				link_enter(r, n);
			else
				both(r, "</a>");
			break;
		case CMARK_NODE_IMAGE:
			image(r, n);
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			break;
		case CMARK_NODE_FOOTNOTE_REFERENCE:
			if (enter) /* not a leaf for the iterator: it also exits */
				footnote_ref(r, n);
			break;
		case CMARK_NODE_FOOTNOTE_DEFINITION:
			footnote_def(r, enter);
			break;
		default:
			extension_node(r, n, enter);
			break;
		}
	}
	cmark_iter_free(it);
}

int md_render_chapter(struct book *b, struct chapter *ch)
{
	struct render r = { 0 };
	r.b = b;
	r.ch = ch;
	r.dir = path_dir(ch->path);
	buf_init(&r.html);
	buf_init(&r.xhtml);
	r.ids = idset_new();

	buf_init(&r.faq_json);
	r.last_level = 1;
	struct buf plain = BUF_INIT;
	r.plain = &plain;
	cmark_parser *p = new_parser(CMARK_OPT_FOOTNOTES);
	cmark_node *doc = parse(p, ch->text + ch->body_off, ch->len - ch->body_off);
	walk(&r, doc);
	cmark_node_free(doc);
	cmark_parser_free(p);

	if (!ch->title && ch != b->home && !ch->fm_error)
		r.errors += diag_error(b->diags, (struct pos){ ch->file, 1, 1 },
				       "chapter has no title: add 'title:' to its front matter or start it with a '# heading'") != 0;
	if (r.nfaq) {
		buf_puts(&r.html, "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
				  "\"@type\":\"FAQPage\",\"mainEntity\":[");
		buf_add(&r.html, r.faq_json.data, r.faq_json.len);
		buf_puts(&r.html, "]}</script>\n");
	}
	buf_release(&r.faq_json);
	buf_squash(&plain);
	ch->plain = buf_detach(&plain, NULL);
	ch->html = buf_detach(&r.html, NULL);
	ch->xhtml = buf_detach(&r.xhtml, NULL);
	ch->ids = idset_take_sorted(r.ids, &ch->nids);
	idset_free(r.ids);
	for (size_t i = 0; i < r.nfns; i++) {
		free(r.fns[i].def_id);
		free(r.fns[i].ref_id);
	}
	free(r.fns);
	free(r.dir);
	return r.errors ? -1 : 0;
}
