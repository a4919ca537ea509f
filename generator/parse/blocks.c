/* blocks.c - ```steps and ```faq blocks. */
#include "parse/blocks.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "load/frontmatter.h"
#include "model/ui.h"
#include "base/xalloc.h"

bool blocks_is_block(const char *info, size_t len)
{
	return (len == 5 && !memcmp(info, "steps", 5)) || (len == 3 && !memcmp(info, "faq", 3)) ||
	       (len == 8 && !memcmp(info, "imagemap", 8));
}

long blocks_parse_duration(const char *s)
{
	long total = 0;
	bool any = false;
	const char *p = s;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (!isdigit((unsigned char)*p))
			return -1;
		char *end;
		long v = strtol(p, &end, 10);
		if (v < 0 || v > 86400)
			return -1;
		p = end;
		while (*p == ' ')
			p++;
		const char *u = p;
		while (isalpha((unsigned char)*p))
			p++;
		size_t ul = (size_t)(p - u);
#define IS(w) (ul == strlen(w) && !strncasecmp(u, w, ul))
		if (IS("s") || IS("sec") || IS("secs") || IS("second") || IS("seconds"))
			total += v;
		else if (IS("min") || IS("mins") || IS("minute") || IS("minutes") || IS("m"))
			total += v * 60;
		else if (IS("h") || IS("hour") || IS("hours"))
			total += v * 3600;
		else
			return -1;
#undef IS
		any = true;
	}
	return any && total > 0 ? total : -1;
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

static void iso_duration(struct buf *b, long s)
{
	buf_puts(b, "PT");
	if (s / 3600)
		buf_printf(b, "%ldH", s / 3600);
	if (s % 3600 / 60)
		buf_printf(b, "%ldM", s % 3600 / 60);
	if (s % 60)
		buf_printf(b, "%ldS", s % 60);
}

static void both(struct block_ctx *c, const char *s)
{
	buf_puts(c->html, s);
	buf_puts(c->xhtml, s);
}

static void both_esc(struct block_ctx *c, const char *s)
{
	esc_html_str(c->html, s);
	esc_html_str(c->xhtml, s);
}

static void both_id(struct block_ctx *c, const char *id)
{
	esc_html_str(c->html, id);
	slug_epub_id(c->xhtml, id);
}

/* One fact of a stretch ("Hold 30 s"): SEP, then the text in a span,
 * marked lang="en" when it is folio's English in a book in another
 * language. */
static void fact(struct block_ctx *c, const char *sep, enum ui_key k, const char *text, size_t len)
{
	buf_printf(c->html, "%s<span class=\"fact\"%s>", sep, ui_lang_attr(c->b, k, false));
	buf_printf(c->xhtml, "%s<span class=\"fact\"%s>", sep, ui_lang_attr(c->b, k, true));
	esc_html(c->html, text, len);
	esc_html(c->xhtml, text, len);
	both(c, "</span>");
}

/* The page's URL for JSON-LD: absolute with base_url, else relative. */
static void page_url(struct block_ctx *c, struct buf *b, const char *id)
{
	if (c->b->base_url)
		buf_puts(b, c->b->base_url);
	buf_puts(b, c->ch->site_name);
	buf_putc(b, '#');
	buf_puts(b, id);
}

static void check_keys(struct diags *d, const struct ynode *map, const char *const *known, const char *what)
{
	for (size_t i = 0; i < map->n; i++) {
		if (fm_key_known(map->keys[i], known))
			continue;
		const char *best = fm_closest_key(map->keys[i], known);
		if (best)
			diag_warning(d, map->key_pos[i], "unknown key '%s' in %s block (ignored); did you mean '%s'?",
				     map->keys[i], what, best);
		else
			diag_warning(d, map->key_pos[i], "unknown key '%s' in %s block (ignored)", map->keys[i], what);
	}
}

static const char *scalar(const struct ynode *n)
{
	return n && n->kind == Y_SCALAR ? n->value : NULL;
}

/* Where a scalar's text starts, for positions of links inside it: a block
 * scalar (| or >) starts on the next line. */
static struct pos text_pos(const struct ynode *n, unsigned *indent)
{
	struct pos p = n->pos;
	*indent = p.col ? p.col - 1 : 0;
	if (!n->plain && n->value && p.col) {
		/* quoted: skip the quote; block scalar: next line */
		p.col++;
	}
	return p;
}

/* Markdown for an image: ![alt](<path>), alt escaped as text, so that the
 * image goes through the chapter's own checks (missing file, asset copy). */
static void image_markdown(struct buf *md, const char *alt, const char *path)
{
	buf_puts(md, "![");
	for (const char *a = alt; *a; a++) {
		if (strchr("\\[]*_`<>&!", *a))
			buf_putc(md, '\\');
		buf_putc(md, *a == '\n' ? ' ' : *a);
	}
	buf_puts(md, "](<");
	for (const char *a = path; *a; a++)
		if (*a != '<' && *a != '>' && *a != '\n')
			buf_putc(md, *a);
	buf_puts(md, ">)");
}

/* ---- steps --------------------------------------------------------------------- */

static int render_steps(struct block_ctx *c, const struct ynode *root)
{
	static const char *const keys[] = { "name", "summary", "hold", "repeat", "sides", "image", "alt", "steps", NULL };
	int rc = 0;
	if (root->kind != Y_MAP)
		return diag_error(c->b->diags, root->pos, "a steps block must be a mapping with 'name:' and 'steps:'");
	check_keys(c->b->diags, root, keys, "steps");
	const struct ynode *name = ynode_get(root, "name"), *summary = ynode_get(root, "summary"),
			   *hold = ynode_get(root, "hold"), *repeat = ynode_get(root, "repeat"),
			   *sides = ynode_get(root, "sides"), *image = ynode_get(root, "image"),
			   *alt = ynode_get(root, "alt"), *steps = ynode_get(root, "steps");
	long hold_s = 0, rep = 0;
	if (!scalar(name) || !*scalar(name))
		rc = diag_error(c->b->diags, name ? name->pos : c->fence, "steps block needs a 'name:' (text)");
	if (!steps)
		rc = diag_error(c->b->diags, c->fence, "steps block needs 'steps:', a list of at least one step");
	else if (steps->kind != Y_SEQ || steps->n == 0)
		rc = diag_error(c->b->diags, steps->pos, "'steps' must be a list of at least one step");
	else
		for (size_t i = 0; i < steps->n; i++)
			if (!scalar(steps->items[i]) || !*scalar(steps->items[i]))
				rc = diag_error(c->b->diags, steps->items[i]->pos, "step %zu must be text", i + 1);
	if (summary && !scalar(summary))
		rc = diag_error(c->b->diags, summary->pos, "'summary' must be text");
	if (hold && (!scalar(hold) || (hold_s = blocks_parse_duration(scalar(hold))) < 0))
		rc = diag_error(c->b->diags, hold->pos, "'hold' must be a duration such as '30 s' or '2 min', not '%s'",
				scalar(hold) ? scalar(hold) : "a list");
	if (repeat) {
		char *end = NULL;
		const char *v = scalar(repeat);
		if (v && repeat->plain)
			rep = strtol(v, &end, 10);
		if (!v || !repeat->plain || !*v || *end || rep < 1 || rep > 1000)
			rc = diag_error(c->b->diags, repeat->pos, "'repeat' must be a whole number (1 or more), not '%s'", v ? v : "a list");
	}
	const char *sv = scalar(sides);
	if (sides && (!sv || (strcmp(sv, "left") && strcmp(sv, "right") && strcmp(sv, "both"))))
		rc = diag_error(c->b->diags, sides->pos, "unknown 'sides' value '%s': use left, right or both", sv ? sv : "a list");
	if (image && !scalar(image))
		rc = diag_error(c->b->diags, image->pos, "'image' must be a path");
	if (image && (!scalar(alt) || !*scalar(alt)))
		rc = diag_error(c->b->diags, image->pos, "'image' needs 'alt:', a description of the picture");
	if (rc)
		return rc;

	/* heading and id */
	char *base = slug_heading(name->value, strlen(name->value));
	char *id = idset_unique(c->ids, base, "steps");
	free(base);
	c->heading(c->r, c->heading_level, id, name->value);
	unsigned hl = c->heading_level;
	buf_puts(c->html, "<section class=\"stretch\" aria-labelledby=\"");
	esc_html_str(c->html, id);
	buf_puts(c->html, "\">\n");
	buf_puts(c->xhtml, "<section class=\"stretch\">\n");
	buf_printf(c->html, "<h%u id=\"", hl);
	buf_printf(c->xhtml, "<h%u id=\"", hl);
	both_id(c, id);
	both(c, "\">");
	both_esc(c, name->value);
	buf_printf(c->html, "</h%u>\n", hl);
	buf_printf(c->xhtml, "</h%u>\n", hl);

	struct buf json = BUF_INIT, plain = BUF_INIT, h = BUF_INIT, x = BUF_INIT;
	buf_puts(&json, "{\"@context\":\"https://schema.org\",\"@type\":\"HowTo\",\"name\":");
	esc_json(&json, name->value, strlen(name->value));
	if (summary) {
		unsigned ind;
		struct pos at = text_pos(summary, &ind);
		if (c->markdown(c->r, summary->value, at, ind, true, &h, &x, &plain))
			rc = -1;
		buf_squash(&plain);
		both(c, "<p class=\"stretch-summary\">");
		buf_add(c->html, h.data, h.len);
		buf_add(c->xhtml, x.data, x.len);
		both(c, "</p>\n");
		buf_puts(&json, ",\"description\":");
		esc_json(&json, plain.data, plain.len);
	}
	if (hold || repeat || sides) {
		struct buf t = BUF_INIT;
		const char *sep = "";
		both(c, "<p class=\"stretch-facts\">");
		if (hold) {
			struct buf d = BUF_INIT;
			fmt_duration(&d, hold_s);
			const char *vars[] = { "time", d.data, NULL };
			ui_fill(&t, c->b, UI_HOLD, vars);
			fact(c, sep, UI_HOLD, t.data, t.len);
			buf_release(&d);
			sep = " \xC2\xB7 ";
		}
		if (repeat) {
			char num[24];
			snprintf(num, sizeof num, "%ld", rep);
			const char *vars[] = { "n", num, NULL };
			enum ui_key k = rep == 1 ? UI_REPEAT_ONE : UI_REPEAT_MANY;
			buf_reset(&t);
			ui_fill(&t, c->b, k, vars);
			fact(c, sep, k, t.data, t.len);
			sep = " \xC2\xB7 ";
		}
		if (sides) {
			enum ui_key k = !strcmp(sv, "both") ? UI_BOTH_SIDES : !strcmp(sv, "left") ? UI_LEFT_SIDE : UI_RIGHT_SIDE;
			const char *txt = ui_text(c->b, k);
			fact(c, sep, k, txt, strlen(txt));
		}
		buf_release(&t);
		both(c, "</p>\n");
		if (hold) {
			buf_puts(&json, ",\"totalTime\":\"");
			iso_duration(&json, hold_s * (rep ? rep : 1) * (sv && !strcmp(sv, "both") ? 2 : 1));
			buf_puts(&json, "\"");
		}
	}
	if (image) {
		struct buf md = BUF_INIT, ih = BUF_INIT, ix = BUF_INIT;
		image_markdown(&md, alt->value, image->value);
		unsigned ind;
		if (c->markdown(c->r, md.data, text_pos(image, &ind), 0, true, &ih, &ix, NULL))
			rc = -1;
		both(c, "<figure class=\"stretch-figure\">");
		buf_add(c->html, ih.data, ih.len);
		buf_add(c->xhtml, ix.data, ix.len);
		both(c, "</figure>\n");
		buf_release(&md);
		buf_release(&ih);
		buf_release(&ix);
	}
	both(c, "<ol class=\"stretch-steps\">\n");
	buf_puts(&json, ",\"step\":[");
	for (size_t i = 0; i < steps->n; i++) {
		const struct ynode *s = steps->items[i];
		char *sid = xasprintf("%s-step-%zu", id, i + 1);
		char *uid = idset_unique(c->ids, sid, "step");
		unsigned ind;
		struct pos at = text_pos(s, &ind);
		buf_reset(&h), buf_reset(&x), buf_reset(&plain);
		if (c->markdown(c->r, s->value, at, ind, true, &h, &x, &plain))
			rc = -1;
		buf_squash(&plain);
		both(c, "<li id=\"");
		both_id(c, uid);
		both(c, "\">");
		buf_add(c->html, h.data, h.len);
		buf_add(c->xhtml, x.data, x.len);
		both(c, "</li>\n");
		if (i)
			buf_putc(&json, ',');
		buf_printf(&json, "{\"@type\":\"HowToStep\",\"position\":%zu,\"text\":", i + 1);
		esc_json(&json, plain.data, plain.len);
		struct buf u = BUF_INIT;
		page_url(c, &u, uid);
		buf_puts(&json, ",\"url\":");
		esc_json(&json, u.data, u.len);
		buf_putc(&json, '}');
		buf_release(&u);
		free(sid);
		free(uid);
	}
	buf_puts(&json, "]}");
	both(c, "</ol>\n");
	if (hold) {
		/* site only: a hold timer that folio.js brings to life */
		buf_printf(c->html, "<div class=\"hold-timer\" data-seconds=\"%ld\" data-label=\"", hold_s);
		esc_html_str(c->html, name->value);
		buf_puts(c->html, "\" hidden></div>\n");
	}
	both(c, "</section>\n");
	buf_puts(c->html, "<script type=\"application/ld+json\">");
	buf_add(c->html, json.data, json.len);
	buf_puts(c->html, "</script>\n");
	buf_release(&json);
	buf_release(&plain);
	buf_release(&h);
	buf_release(&x);
	free(id);
	return rc;
}

/* The file column - 1 where text starts on file line `line` of the block
 * (the YAML body's own indentation plus the block's). */
static unsigned block_indent(const struct block_ctx *c, const char *body, unsigned line)
{
	const char *p = body;
	for (unsigned l = c->yaml_line; l < line && p; l++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	unsigned n = 0;
	while (p && (p[n] == ' ' || p[n] == '\t'))
		n++;
	return c->yaml_col - 1 + n;
}

/* ---- faq ------------------------------------------------------------------------- */

static int render_faq(struct block_ctx *c, const struct ynode *root, const char *body)
{
	static const char *const keys[] = { "q", "a", NULL };
	int rc = 0;
	if (root->kind != Y_SEQ || root->n == 0)
		return diag_error(c->b->diags, root->pos, "a faq block must be a list of questions: '- q: …' with 'a: …'");
	for (size_t i = 0; i < root->n; i++) {
		const struct ynode *it = root->items[i];
		if (it->kind != Y_MAP) {
			rc = diag_error(c->b->diags, it->pos, "question %zu must be a mapping with 'q:' and 'a:'", i + 1);
			continue;
		}
		check_keys(c->b->diags, it, keys, "faq");
		const struct ynode *q = ynode_get(it, "q"), *a = ynode_get(it, "a");
		if (!scalar(q) || !*scalar(q))
			rc = diag_error(c->b->diags, q ? q->pos : it->pos, "question %zu needs 'q:', the question as plain text", i + 1);
		if (!scalar(a) || !*scalar(a))
			rc = diag_error(c->b->diags, a ? a->pos : it->pos, "question %zu needs 'a:', the answer (Markdown)", i + 1);
	}
	if (rc)
		return rc;
	unsigned hl = c->heading_level;
	buf_puts(c->html, "<div class=\"faq\">\n");
	buf_puts(c->xhtml, "<section class=\"faq\">\n");
	struct buf h = BUF_INIT, x = BUF_INIT, plain = BUF_INIT;
	for (size_t i = 0; i < root->n; i++) {
		const struct ynode *q = ynode_get(root->items[i], "q"), *a = ynode_get(root->items[i], "a");
		char *base = slug_heading(q->value, strlen(q->value));
		char *id = idset_unique(c->ids, base, "question");
		free(base);
		unsigned ind;
		struct pos at = text_pos(a, &ind);
		unsigned cont = ind + 2; /* indentation of the answer's later lines */
		if (a->value[0] && strchr(a->value, '\n') && !a->plain) {
			/* a block scalar starts on the next line, at its own indentation */
			at.line++;
			cont = block_indent(c, body, at.line);
			at.col = cont + 1;
		}
		buf_reset(&h), buf_reset(&x), buf_reset(&plain);
		if (c->markdown(c->r, a->value, at, cont, false, &h, &x, &plain))
			rc = -1;
		buf_squash(&plain);
		buf_puts(c->html, "<details class=\"faq-item\" id=\"");
		esc_html_str(c->html, id);
		buf_puts(c->html, "\">\n<summary>");
		esc_html_str(c->html, q->value);
		buf_puts(c->html, "</summary>\n<div class=\"faq-answer\">\n");
		buf_add(c->html, h.data, h.len);
		buf_puts(c->html, "</div>\n</details>\n");
		buf_printf(c->xhtml, "<section class=\"faq-item\">\n<h%u id=\"", hl);
		slug_epub_id(c->xhtml, id);
		buf_puts(c->xhtml, "\">");
		esc_html_str(c->xhtml, q->value);
		buf_printf(c->xhtml, "</h%u>\n<div class=\"faq-answer\">\n", hl);
		buf_add(c->xhtml, x.data, x.len);
		buf_puts(c->xhtml, "</div>\n</section>\n");

		if (*c->nfaq)
			buf_putc(c->faq_json, ',');
		buf_puts(c->faq_json, "{\"@type\":\"Question\",\"name\":");
		esc_json(c->faq_json, q->value, strlen(q->value));
		buf_puts(c->faq_json, ",\"url\":");
		struct buf u = BUF_INIT;
		page_url(c, &u, id);
		esc_json(c->faq_json, u.data, u.len);
		buf_release(&u);
		buf_puts(c->faq_json, ",\"acceptedAnswer\":{\"@type\":\"Answer\",\"text\":");
		esc_json(c->faq_json, plain.data, plain.len);
		buf_puts(c->faq_json, "}}");
		(*c->nfaq)++;
		free(id);
	}
	buf_puts(c->html, "</div>\n");
	buf_puts(c->xhtml, "</section>\n");
	buf_release(&h);
	buf_release(&x);
	buf_release(&plain);
	return rc;
}

/* ---- imagemap ------------------------------------------------------------------- */

struct shape {
	char kind;        /* 'r', 'c', 'p' */
	double v[64];
	size_t n;
	double cx, cy;    /* where the label goes */
};

static int parse_shape(const char *s, struct shape *sh)
{
	const char *p = s;
	while (*p == ' ')
		p++;
	size_t need;
	if (!strncmp(p, "rect ", 5))
		sh->kind = 'r', p += 5, need = 4;
	else if (!strncmp(p, "circle ", 7))
		sh->kind = 'c', p += 7, need = 3;
	else if (!strncmp(p, "polygon ", 8))
		sh->kind = 'p', p += 8, need = 0;
	else
		return -1;
	sh->n = 0;
	for (;;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		char *end;
		double v = strtod(p, &end);
		if (end == p || sh->n >= 64 || v < 0 || v > 100000)
			return -1;
		sh->v[sh->n++] = v;
		p = end;
	}
	if (need ? sh->n != need : (sh->n < 6 || sh->n % 2))
		return -1;
	if (sh->kind == 'r') {
		sh->cx = sh->v[0] + sh->v[2] / 2, sh->cy = sh->v[1] + sh->v[3] / 2;
	} else if (sh->kind == 'c') {
		sh->cx = sh->v[0], sh->cy = sh->v[1];
	} else {
		sh->cx = sh->cy = 0;
		for (size_t i = 0; i < sh->n; i += 2)
			sh->cx += sh->v[i], sh->cy += sh->v[i + 1];
		sh->cx /= (double)(sh->n / 2), sh->cy /= (double)(sh->n / 2);
	}
	return 0;
}

static long dimension(const struct ynode *n)
{
	const char *v = scalar(n);
	char *end;
	long x = v ? strtol(v, &end, 10) : 0;
	return v && *v && !*end && x > 0 && x <= 10000 ? x : -1;
}

static int render_imagemap(struct block_ctx *c, const struct ynode *root)
{
	static const char *const keys[] = { "title", "description", "image", "width", "height", "regions", NULL };
	static const char *const rkeys[] = { "label", "shape", "link", "note", NULL };
	int rc = 0;
	if (root->kind != Y_MAP)
		return diag_error(c->b->diags, root->pos, "an imagemap block must be a mapping with 'title:', 'image:' and 'regions:'");
	check_keys(c->b->diags, root, keys, "imagemap");
	const struct ynode *title = ynode_get(root, "title"), *desc = ynode_get(root, "description"),
			   *image = ynode_get(root, "image"), *regions = ynode_get(root, "regions");
	long w = dimension(ynode_get(root, "width")), h = dimension(ynode_get(root, "height"));
	if (!scalar(title) || !*scalar(title))
		rc = diag_error(c->b->diags, title ? title->pos : c->fence, "imagemap needs a 'title:' (text)");
	if (!scalar(desc) || !*scalar(desc))
		rc = diag_error(c->b->diags, desc ? desc->pos : c->fence, "imagemap needs a 'description:' of the picture (its text alternative)");
	if (!scalar(image) || !*scalar(image))
		rc = diag_error(c->b->diags, image ? image->pos : c->fence, "imagemap needs an 'image:' path");
	if (w < 0 || h < 0)
		rc = diag_error(c->b->diags, c->fence, "imagemap needs 'width:' and 'height:' (whole numbers: the picture's coordinate size)");
	if (!regions || regions->kind != Y_SEQ || regions->n == 0)
		return diag_error(c->b->diags, regions ? regions->pos : c->fence, "imagemap needs 'regions:', a list of at least one region");
	struct shape *shapes = xcalloc(regions->n, sizeof *shapes);
	for (size_t i = 0; i < regions->n; i++) {
		const struct ynode *r = regions->items[i];
		if (r->kind != Y_MAP) {
			rc = diag_error(c->b->diags, r->pos, "region %zu must be a mapping with 'label:', 'shape:' and 'link:'", i + 1);
			continue;
		}
		check_keys(c->b->diags, r, rkeys, "imagemap region");
		const struct ynode *label = ynode_get(r, "label"), *shape = ynode_get(r, "shape"), *link = ynode_get(r, "link");
		if (!scalar(label) || !*scalar(label))
			rc = diag_error(c->b->diags, label ? label->pos : r->pos, "region %zu needs a 'label:'", i + 1);
		if (!scalar(link) || !*scalar(link))
			rc = diag_error(c->b->diags, link ? link->pos : r->pos, "region %zu needs a 'link:'", i + 1);
		if (!scalar(shape) || parse_shape(scalar(shape), &shapes[i]))
			rc = diag_error(c->b->diags, shape ? shape->pos : r->pos,
					"region %zu needs a 'shape:' such as 'rect X Y W H', 'circle CX CY R' or 'polygon X,Y X,Y X,Y'", i + 1);
	}
	if (rc) {
		free(shapes);
		return rc;
	}

	char *base = slug_heading(title->value, strlen(title->value));
	char *id = idset_unique(c->ids, base, "map");
	free(base);
	struct buf ih = BUF_INIT, ix = BUF_INIT, md = BUF_INIT, list_h = BUF_INIT, list_x = BUF_INIT, svg = BUF_INIT;
	unsigned ind;

	/* the picture, as an <img> (EPUB) and its URL (for the site's <image>) */
	image_markdown(&md, desc->value, image->value);
	if (c->markdown(c->r, md.data, text_pos(image, &ind), 0, true, &ih, &ix, NULL))
		rc = -1;
	struct buf src = BUF_INIT, esrc = BUF_INIT;
	if (c->link(c->r, image->value, text_pos(image, &ind), &src, &esrc))
		rc = -1;

	buf_printf(&svg, "<svg class=\"imagemap-svg\" viewBox=\"0 0 %ld %ld\" role=\"group\" aria-labelledby=\"", w, h);
	esc_html_str(&svg, id);
	buf_puts(&svg, "-title\">\n<title id=\"");
	esc_html_str(&svg, id);
	buf_puts(&svg, "-title\">");
	esc_html_str(&svg, title->value);
	buf_puts(&svg, "</title>\n<desc>");
	esc_html_str(&svg, desc->value);
	buf_printf(&svg, "</desc>\n<image href=\"%s\" x=\"0\" y=\"0\" width=\"%ld\" height=\"%ld\"/>\n", src.data, w, h);

	buf_puts(&list_h, "<ul class=\"imagemap-list\">\n");
	buf_puts(&list_x, "<ul class=\"imagemap-list\">\n");
	for (size_t i = 0; i < regions->n; i++) {
		const struct ynode *r = regions->items[i];
		const struct ynode *label = ynode_get(r, "label"), *link = ynode_get(r, "link"), *note = ynode_get(r, "note");
		struct buf hs = BUF_INIT, he = BUF_INIT, nh = BUF_INIT, nx = BUF_INIT;
		if (c->link(c->r, link->value, text_pos(link, &ind), &hs, &he))
			rc = -1;
		if (note && scalar(note) && c->markdown(c->r, note->value, text_pos(note, &ind), ind, true, &nh, &nx, NULL))
			rc = -1;
		struct shape *sh = &shapes[i];
		buf_printf(&svg, "<a href=\"%s\" class=\"region\">\n<title>", hs.data);
		esc_html_str(&svg, label->value);
		buf_puts(&svg, "</title>\n");
		if (sh->kind == 'r')
			buf_printf(&svg, "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" rx=\"8\"/>\n", sh->v[0], sh->v[1], sh->v[2], sh->v[3]);
		else if (sh->kind == 'c')
			buf_printf(&svg, "<circle cx=\"%g\" cy=\"%g\" r=\"%g\"/>\n", sh->v[0], sh->v[1], sh->v[2]);
		else {
			buf_puts(&svg, "<polygon points=\"");
			for (size_t k = 0; k < sh->n; k += 2)
				buf_printf(&svg, "%s%g,%g", k ? " " : "", sh->v[k], sh->v[k + 1]);
			buf_puts(&svg, "\"/>\n");
		}
		buf_printf(&svg, "<text x=\"%g\" y=\"%g\" text-anchor=\"middle\" dominant-baseline=\"middle\">", sh->cx, sh->cy);
		esc_html_str(&svg, label->value);
		buf_puts(&svg, "</text>\n</a>\n");
		buf_printf(&list_h, "<li><a href=\"%s\">", hs.data);
		buf_printf(&list_x, "<li><a href=\"%s\">", he.data);
		esc_html_str(&list_h, label->value);
		esc_html_str(&list_x, label->value);
		buf_puts(&list_h, "</a>");
		buf_puts(&list_x, "</a>");
		if (nh.len) {
			buf_puts(&list_h, ": ");
			buf_add(&list_h, nh.data, nh.len);
			buf_puts(&list_x, ": ");
			buf_add(&list_x, nx.data, nx.len);
		}
		buf_puts(&list_h, "</li>\n");
		buf_puts(&list_x, "</li>\n");
		buf_release(&hs), buf_release(&he), buf_release(&nh), buf_release(&nx);
	}
	buf_puts(&svg, "</svg>\n");
	buf_puts(&list_h, "</ul>\n");
	buf_puts(&list_x, "</ul>\n");

	buf_puts(c->html, "<figure class=\"imagemap\" id=\"");
	esc_html_str(c->html, id);
	buf_puts(c->html, "\">\n");
	buf_add(c->html, svg.data, svg.len);
	buf_puts(c->html, "<figcaption>");
	esc_html_str(c->html, title->value);
	buf_puts(c->html, "</figcaption>\n</figure>\n");
	buf_add(c->html, list_h.data, list_h.len);

	buf_puts(c->xhtml, "<figure class=\"imagemap\" id=\"");
	slug_epub_id(c->xhtml, id);
	buf_puts(c->xhtml, "\">\n");
	buf_add(c->xhtml, ix.data, ix.len);
	buf_puts(c->xhtml, "\n<figcaption>");
	esc_html_str(c->xhtml, title->value);
	buf_puts(c->xhtml, "</figcaption>\n</figure>\n");
	buf_add(c->xhtml, list_x.data, list_x.len);

	buf_release(&ih), buf_release(&ix), buf_release(&md), buf_release(&list_h), buf_release(&list_x);
	buf_release(&svg), buf_release(&src), buf_release(&esrc);
	free(shapes);
	free(id);
	return rc;
}

int blocks_render(struct block_ctx *c, const char *info, size_t len, const char *body)
{
	struct ynode *root = yaml_parse_tree(c->b->diags, c->fence.file, body, strlen(body), c->yaml_line, c->yaml_col);
	if (!root)
		return -1;
	int rc;
	if (root->kind == Y_SCALAR && !*root->value)
		rc = diag_error(c->b->diags, c->fence, "empty %.*s block", (int)len, info);
	else if (len == 5)
		rc = render_steps(c, root);
	else if (len == 8)
		rc = render_imagemap(c, root);
	else
		rc = render_faq(c, root, body);
	ynode_free(root);
	return rc;
}
