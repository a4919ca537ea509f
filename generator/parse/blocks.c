/* blocks.c - ```steps, ```faq and ```imagemap blocks: YAML into the typed
 * structs of model/doc.h, validated with positions in the Markdown file. */
#include "parse/blocks.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "load/frontmatter.h"
#include "parse/markdown.h"

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

/* The file column - 1 where text starts on file line `line` of the block
 * (the YAML body's own indentation plus the block's). */
static unsigned block_indent(const struct block_env *c, const char *body, unsigned line)
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

static const char *dup(struct block_env *e, const char *s)
{
	return arena_strdup(&e->doc->arena, s);
}

static const char *unique_id(struct block_env *e, const char *text, const char *fallback)
{
	char *base = slug_heading(text, strlen(text));
	char *id = idset_unique(e->ids, base, fallback);
	const char *a = dup(e, id);
	free(base);
	free(id);
	return a;
}

/* An image node for a block's picture: the same checks as a Markdown
 * image (the link stage resolves it), alt text as given. */
static struct node *image_node(struct block_env *e, const struct ynode *path, const char *alt)
{
	unsigned ind;
	struct pos at = text_pos(path, &ind);
	struct buf url = BUF_INIT;
	for (const char *a = path->value; *a; a++)
		if (*a != '<' && *a != '>' && *a != '\n')
			buf_putc(&url, *a);
	struct buf a = BUF_INIT;
	for (const char *s = alt; *s; s++)
		buf_putc(&a, *s == '\n' ? ' ' : *s);
	struct node *x = doc_node(e->doc, N_IMAGE, NULL, at);
	x->u.link.link = doc_link(e->doc, url.data, at, true);
	x->u.link.alt = arena_strndup(&e->doc->arena, a.data, a.len);
	buf_release(&url);
	buf_release(&a);
	return x;
}

/* Markdown text of a scalar, converted (inline). */
static struct node *inline_md(struct block_env *e, const struct ynode *n)
{
	unsigned ind;
	struct pos at = text_pos(n, &ind);
	return md_fragment(e->conv, n->value, at, ind, true);
}

/* ---- steps --------------------------------------------------------------------- */

static int parse_steps(struct block_env *e, const struct ynode *root, struct node *parent)
{
	static const char *const keys[] = { "name", "summary", "hold", "repeat", "sides", "image", "alt", "steps", NULL };
	struct diags *d = e->d;
	int rc = 0;
	if (root->kind != Y_MAP)
		return diag_error(d, root->pos, "a steps block must be a mapping with 'name:' and 'steps:'");
	check_keys(d, root, keys, "steps");
	const struct ynode *name = ynode_get(root, "name"), *summary = ynode_get(root, "summary"),
			   *hold = ynode_get(root, "hold"), *repeat = ynode_get(root, "repeat"),
			   *sides = ynode_get(root, "sides"), *image = ynode_get(root, "image"),
			   *alt = ynode_get(root, "alt"), *steps = ynode_get(root, "steps");
	long hold_s = 0, rep = 0;
	if (!scalar(name) || !*scalar(name))
		rc = diag_error(d, name ? name->pos : e->fence, "steps block needs a 'name:' (text)");
	if (!steps)
		rc = diag_error(d, e->fence, "steps block needs 'steps:', a list of at least one step");
	else if (steps->kind != Y_SEQ || steps->n == 0)
		rc = diag_error(d, steps->pos, "'steps' must be a list of at least one step");
	else
		for (size_t i = 0; i < steps->n; i++)
			if (!scalar(steps->items[i]) || !*scalar(steps->items[i]))
				rc = diag_error(d, steps->items[i]->pos, "step %zu must be text", i + 1);
	if (summary && !scalar(summary))
		rc = diag_error(d, summary->pos, "'summary' must be text");
	if (hold && (!scalar(hold) || (hold_s = blocks_parse_duration(scalar(hold))) < 0))
		rc = diag_error(d, hold->pos, "'hold' must be a duration such as '30 s' or '2 min', not '%s'",
				scalar(hold) ? scalar(hold) : "a list");
	if (repeat) {
		char *end = NULL;
		const char *v = scalar(repeat);
		if (v && repeat->plain)
			rep = strtol(v, &end, 10);
		if (!v || !repeat->plain || !*v || *end || rep < 1 || rep > 1000)
			rc = diag_error(d, repeat->pos, "'repeat' must be a whole number (1 or more), not '%s'", v ? v : "a list");
	}
	const char *sv = scalar(sides);
	if (sides && (!sv || (strcmp(sv, "left") && strcmp(sv, "right") && strcmp(sv, "both"))))
		rc = diag_error(d, sides->pos, "unknown 'sides' value '%s': use left, right or both", sv ? sv : "a list");
	if (image && !scalar(image))
		rc = diag_error(d, image->pos, "'image' must be a path");
	if (image && (!scalar(alt) || !*scalar(alt)))
		rc = diag_error(d, image->pos, "'image' needs 'alt:', a description of the picture");
	if (rc)
		return rc;

	struct steps *s = arena_alloc(&e->doc->arena, sizeof *s);
	s->name = dup(e, name->value);
	s->id = unique_id(e, name->value, "steps");
	s->heading_level = e->heading_level;
	doc_add_heading(e->doc, e->heading_level, s->id, s->name, 0);
	s->hold_s = hold ? hold_s : 0;
	s->repeat = repeat ? rep : 0;
	s->sides = !sides ? SIDES_NONE : !strcmp(sv, "both") ? SIDES_BOTH : !strcmp(sv, "left") ? SIDES_LEFT : SIDES_RIGHT;
	if (summary)
		s->summary = inline_md(e, summary);
	if (image)
		s->image = image_node(e, image, alt->value);
	s->n = steps->n;
	s->step = arena_alloc(&e->doc->arena, s->n * sizeof *s->step);
	s->step_id = arena_alloc(&e->doc->arena, s->n * sizeof *s->step_id);
	for (size_t i = 0; i < s->n; i++) {
		char *sid = xasprintf("%s-step-%zu", s->id, i + 1);
		char *uid = idset_unique(e->ids, sid, "step");
		s->step_id[i] = dup(e, uid);
		free(sid);
		free(uid);
		s->step[i] = inline_md(e, steps->items[i]);
	}
	struct node *x = doc_node(e->doc, N_STEPS, parent, e->fence);
	x->u.steps = s;
	e->doc->features |= F_STEPS | (s->hold_s ? F_TIMER : 0);
	return 0;
}

/* ---- faq ------------------------------------------------------------------------- */

static int parse_faq(struct block_env *e, const struct ynode *root, const char *body, struct node *parent)
{
	static const char *const keys[] = { "q", "a", NULL };
	struct diags *d = e->d;
	int rc = 0;
	if (root->kind != Y_SEQ || root->n == 0)
		return diag_error(d, root->pos, "a faq block must be a list of questions: '- q: …' with 'a: …'");
	for (size_t i = 0; i < root->n; i++) {
		const struct ynode *it = root->items[i];
		if (it->kind != Y_MAP) {
			rc = diag_error(d, it->pos, "question %zu must be a mapping with 'q:' and 'a:'", i + 1);
			continue;
		}
		check_keys(d, it, keys, "faq");
		const struct ynode *q = ynode_get(it, "q"), *a = ynode_get(it, "a");
		if (!scalar(q) || !*scalar(q))
			rc = diag_error(d, q ? q->pos : it->pos, "question %zu needs 'q:', the question as plain text", i + 1);
		if (!scalar(a) || !*scalar(a))
			rc = diag_error(d, a ? a->pos : it->pos, "question %zu needs 'a:', the answer (Markdown)", i + 1);
	}
	if (rc)
		return rc;
	struct faq *f = arena_alloc(&e->doc->arena, sizeof *f);
	f->heading_level = e->heading_level;
	f->n = root->n;
	f->item = arena_alloc(&e->doc->arena, f->n * sizeof *f->item);
	for (size_t i = 0; i < root->n; i++) {
		const struct ynode *q = ynode_get(root->items[i], "q"), *a = ynode_get(root->items[i], "a");
		struct faq_item *it = &f->item[i];
		it->q = dup(e, q->value);
		it->id = unique_id(e, q->value, "question");
		unsigned ind;
		struct pos at = text_pos(a, &ind);
		unsigned cont = ind + 2; /* indentation of the answer's later lines */
		if (a->value[0] && strchr(a->value, '\n') && !a->plain) {
			/* a block scalar starts on the next line, at its own indentation */
			at.line++;
			cont = block_indent(e, body, at.line);
			at.col = cont + 1;
		}
		it->answer = md_fragment(e->conv, a->value, at, cont, false);
	}
	struct node *x = doc_node(e->doc, N_FAQ, parent, e->fence);
	x->u.faq = f;
	e->doc->features |= F_FAQ;
	return 0;
}

/* ---- imagemap ------------------------------------------------------------------- */

static int parse_shape(const char *s, struct region *sh)
{
	const char *p = s;
	while (*p == ' ')
		p++;
	size_t need;
	if (!strncmp(p, "rect ", 5))
		sh->shape = 'r', p += 5, need = 4;
	else if (!strncmp(p, "circle ", 7))
		sh->shape = 'c', p += 7, need = 3;
	else if (!strncmp(p, "polygon ", 8))
		sh->shape = 'p', p += 8, need = 0;
	else
		return -1;
	sh->nv = 0;
	for (;;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		char *end;
		double v = strtod(p, &end);
		if (end == p || sh->nv >= 64 || v < 0 || v > 100000)
			return -1;
		sh->v[sh->nv++] = v;
		p = end;
	}
	if (need ? sh->nv != need : (sh->nv < 6 || sh->nv % 2))
		return -1;
	if (sh->shape == 'r') {
		sh->cx = sh->v[0] + sh->v[2] / 2, sh->cy = sh->v[1] + sh->v[3] / 2;
	} else if (sh->shape == 'c') {
		sh->cx = sh->v[0], sh->cy = sh->v[1];
	} else {
		sh->cx = sh->cy = 0;
		for (size_t i = 0; i < sh->nv; i += 2)
			sh->cx += sh->v[i], sh->cy += sh->v[i + 1];
		sh->cx /= (double)(sh->nv / 2), sh->cy /= (double)(sh->nv / 2);
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

static int parse_imagemap(struct block_env *e, const struct ynode *root, struct node *parent)
{
	static const char *const keys[] = { "title", "description", "image", "width", "height", "regions", NULL };
	static const char *const rkeys[] = { "label", "shape", "link", "note", NULL };
	struct diags *d = e->d;
	int rc = 0;
	if (root->kind != Y_MAP)
		return diag_error(d, root->pos, "an imagemap block must be a mapping with 'title:', 'image:' and 'regions:'");
	check_keys(d, root, keys, "imagemap");
	const struct ynode *title = ynode_get(root, "title"), *desc = ynode_get(root, "description"),
			   *image = ynode_get(root, "image"), *regions = ynode_get(root, "regions");
	long w = dimension(ynode_get(root, "width")), h = dimension(ynode_get(root, "height"));
	if (!scalar(title) || !*scalar(title))
		rc = diag_error(d, title ? title->pos : e->fence, "imagemap needs a 'title:' (text)");
	if (!scalar(desc) || !*scalar(desc))
		rc = diag_error(d, desc ? desc->pos : e->fence, "imagemap needs a 'description:' of the picture (its text alternative)");
	if (!scalar(image) || !*scalar(image))
		rc = diag_error(d, image ? image->pos : e->fence, "imagemap needs an 'image:' path");
	if (w < 0 || h < 0)
		rc = diag_error(d, e->fence, "imagemap needs 'width:' and 'height:' (whole numbers: the picture's coordinate size)");
	if (!regions || regions->kind != Y_SEQ || regions->n == 0)
		return diag_error(d, regions ? regions->pos : e->fence, "imagemap needs 'regions:', a list of at least one region");
	struct region *rg = arena_alloc(&e->doc->arena, regions->n * sizeof *rg);
	for (size_t i = 0; i < regions->n; i++) {
		const struct ynode *r = regions->items[i];
		if (r->kind != Y_MAP) {
			rc = diag_error(d, r->pos, "region %zu must be a mapping with 'label:', 'shape:' and 'link:'", i + 1);
			continue;
		}
		check_keys(d, r, rkeys, "imagemap region");
		const struct ynode *label = ynode_get(r, "label"), *shape = ynode_get(r, "shape"), *link = ynode_get(r, "link");
		if (!scalar(label) || !*scalar(label))
			rc = diag_error(d, label ? label->pos : r->pos, "region %zu needs a 'label:'", i + 1);
		if (!scalar(link) || !*scalar(link))
			rc = diag_error(d, link ? link->pos : r->pos, "region %zu needs a 'link:'", i + 1);
		if (!scalar(shape) || parse_shape(scalar(shape), &rg[i]))
			rc = diag_error(d, shape ? shape->pos : r->pos,
					"region %zu needs a 'shape:' such as 'rect X Y W H', 'circle CX CY R' or 'polygon X,Y X,Y X,Y'", i + 1);
	}
	if (rc)
		return rc;

	struct imagemap *m = arena_alloc(&e->doc->arena, sizeof *m);
	m->title = dup(e, title->value);
	m->desc = dup(e, desc->value);
	m->id = unique_id(e, title->value, "map");
	m->image = image_node(e, image, desc->value);
	m->w = w, m->h = h;
	m->n = regions->n;
	m->region = rg;
	for (size_t i = 0; i < regions->n; i++) {
		const struct ynode *r = regions->items[i];
		const struct ynode *label = ynode_get(r, "label"), *link = ynode_get(r, "link"), *note = ynode_get(r, "note");
		unsigned ind;
		rg[i].label = dup(e, label->value);
		rg[i].link = doc_link(e->doc, link->value, text_pos(link, &ind), false);
		if (note && scalar(note))
			rg[i].note = inline_md(e, note);
	}
	struct node *x = doc_node(e->doc, N_IMAGEMAP, parent, e->fence);
	x->u.map = m;
	return 0;
}

int blocks_parse(struct block_env *e, struct node *parent, const char *info, size_t len, const char *body)
{
	struct ynode *root = yaml_parse_tree(e->d, e->fence.file, body, strlen(body), e->yaml_line, e->yaml_col);
	if (!root)
		return -1;
	int rc;
	if (root->kind == Y_SCALAR && !*root->value)
		rc = diag_error(e->d, e->fence, "empty %.*s block", (int)len, info);
	else if (len == 5 && !memcmp(info, "steps", 5))
		rc = parse_steps(e, root, parent);
	else if (len == 8 && !memcmp(info, "imagemap", 8))
		rc = parse_imagemap(e, root, parent);
	else
		rc = parse_faq(e, root, body, parent);
	ynode_free(root);
	return rc;
}
