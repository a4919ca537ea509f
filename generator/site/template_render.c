/* template_render.c - Mustache, render side: context values (tv_*), name
 * lookup through the context stack, and rendering a compiled template
 * (tpl_render).
 *
 * Layer: site, but a low-level primitive: includes base/ only.  The
 * compiler is in template.c; the compiled form both share is in
 * template_int.h.  Rendering only reads the set and the context, so any
 * number of threads may render from one set at once.
 *
 * Indentation (standalone partials and parents, blocks) is applied while
 * rendering: an op that starts a line of its template ("bol") first writes
 * the current indentation.
 */
#include "site/template.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/escape.h"
#include "base/xalloc.h"
#include "site/template_int.h"

#define MAX_PARTIAL_DEPTH 100  /* partials and parents inside each other */
#define MAX_RENDER_DEPTH 300   /* nested bodies, partials, blocks (< 200 KB of stack) */
#define MAP_HASH_MIN 16        /* maps this large get a hash index */

/* ==== context values ================================================= */

enum tv_kind { TV_NULL, TV_BOOL, TV_STR, TV_LIST, TV_MAP, TV_REF };

struct tv_ent {
	char *key;
	size_t klen;
	uint32_t hash;
	struct tval *v;
};

struct tval {
	enum tv_kind kind;
	bool b;
	bool borrowed;        /* TV_STR: s is not ours to free */
	const struct tval *ref; /* TV_REF: the value this one stands for */
	char *s;              /* TV_STR, NUL-terminated */
	size_t n, cap;        /* string length, or item / entry count */
	struct tval **items;  /* TV_LIST */
	struct tv_ent *ents;  /* TV_MAP, in insertion order */
	uint32_t *slots;      /* TV_MAP hash index: entry + 1, 0 = empty */
	size_t nslots;        /* a power of two, or 0 below MAP_HASH_MIN */
};

static struct tval *tv_new(enum tv_kind kind)
{
	struct tval *v = xcalloc(1, sizeof *v);
	v->kind = kind;
	return v;
}

struct tval *tv_null(void) { return tv_new(TV_NULL); }
struct tval *tv_list(void) { return tv_new(TV_LIST); }
struct tval *tv_map(void) { return tv_new(TV_MAP); }

struct tval *tv_bool(bool b)
{
	struct tval *v = tv_new(TV_BOOL);
	v->b = b;
	return v;
}

struct tval *tv_strn(const char *s, size_t n)
{
	struct tval *v = tv_new(TV_STR);
	v->s = xmalloc(n + 1);
	memcpy(v->s, s, n);
	v->s[n] = '\0';
	v->n = n;
	return v;
}

struct tval *tv_str(const char *s)
{
	return s ? tv_strn(s, strlen(s)) : tv_null();
}

struct tval *tv_str_ref(const char *s)
{
	struct tval *v;
	if (!s)
		return tv_null();
	v = tv_new(TV_STR);
	v->s = (char *)s; /* never written or freed: borrowed */
	v->n = strlen(s);
	v->borrowed = true;
	return v;
}

struct tval *tv_ref(const struct tval *target)
{
	struct tval *v = tv_new(TV_REF);
	v->ref = target;
	return v;
}

/* What a value stands for: a TV_REF's target, else itself. */
static const struct tval *deref(const struct tval *v)
{
	return v && v->kind == TV_REF ? v->ref : v;
}

struct tval *tv_str_own(char *s)
{
	struct tval *v;
	if (!s)
		return tv_null();
	v = tv_new(TV_STR);
	v->s = s;
	v->n = strlen(s);
	return v;
}

static void misuse(const char *what)
{
	fprintf(stderr, "folio: internal error: %s\n", what);
	abort();
}

void tv_push(struct tval *list, struct tval *v)
{
	if (list->kind != TV_LIST)
		misuse("tv_push on a value that is not a list");
	list->items = xgrow(list->items, &list->cap, list->n + 1, sizeof *list->items);
	list->items[list->n++] = v;
}

size_t tv_len(const struct tval *list)
{
	list = deref(list);
	return list && list->kind == TV_LIST ? list->n : 0;
}

/* FNV-1a */
static uint32_t hash_key(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void slot_put(struct tval *m, size_t i)
{
	size_t j = m->ents[i].hash & (m->nslots - 1);
	while (m->slots[j])
		j = (j + 1) & (m->nslots - 1);
	m->slots[j] = (uint32_t)(i + 1);
}

/* Index the new last entry, rebuilding the index at half load. */
static void map_index(struct tval *m)
{
	size_t want = 64;
	if (m->nslots >= m->n * 2) {
		slot_put(m, m->n - 1);
		return;
	}
	while (want < m->n * 4)
		want *= 2;
	free(m->slots);
	m->slots = xcalloc(want, sizeof *m->slots);
	m->nslots = want;
	for (size_t i = 0; i < m->n; i++)
		slot_put(m, i);
}

static struct tv_ent *map_find(const struct tval *m, const char *key, size_t n, uint32_t h)
{
	if (m->nslots) {
		size_t j = h & (m->nslots - 1);
		for (; m->slots[j]; j = (j + 1) & (m->nslots - 1)) {
			struct tv_ent *e = &m->ents[m->slots[j] - 1];
			if (e->hash == h && e->klen == n && !memcmp(e->key, key, n))
				return e;
		}
		return NULL;
	}
	for (size_t i = 0; i < m->n; i++) {
		struct tv_ent *e = &m->ents[i];
		if (e->klen == n && !memcmp(e->key, key, n))
			return e;
	}
	return NULL;
}

static const struct tval *map_get(const struct tval *m, const char *key, size_t n)
{
	const struct tv_ent *e = map_find(m, key, n, hash_key(key, n));
	return e ? deref(e->v) : NULL;
}

void tv_set(struct tval *map, const char *key, struct tval *v)
{
	size_t n = strlen(key);
	uint32_t h = hash_key(key, n);
	struct tv_ent *e;

	if (map->kind != TV_MAP)
		misuse("tv_set on a value that is not a map");
	e = map_find(map, key, n, h);
	if (e) {
		tv_free(e->v);
		e->v = v;
		return;
	}
	map->ents = xgrow(map->ents, &map->cap, map->n + 1, sizeof *map->ents);
	e = &map->ents[map->n++];
	e->key = xstrndup(key, n);
	e->klen = n;
	e->hash = h;
	e->v = v;
	if (map->n >= MAP_HASH_MIN)
		map_index(map);
}

void tv_set_str(struct tval *map, const char *key, const char *s)
{
	if (s)
		tv_set(map, key, tv_str(s));
}

void tv_set_bool(struct tval *map, const char *key, bool b)
{
	tv_set(map, key, tv_bool(b));
}

void tv_free(struct tval *v)
{
	if (!v)
		return;
	for (size_t i = 0; v->kind == TV_LIST && i < v->n; i++)
		tv_free(v->items[i]);
	for (size_t i = 0; v->kind == TV_MAP && i < v->n; i++) {
		free(v->ents[i].key);
		tv_free(v->ents[i].v);
	}
	free(v->items);
	free(v->ents);
	free(v->slots);
	if (!v->borrowed)
		free(v->s);
	free(v);
}

static bool tv_truthy(const struct tval *v)
{
	if (!v || v->kind == TV_NULL)
		return false;
	if (v->kind == TV_BOOL)
		return v->b;
	if (v->kind == TV_LIST)
		return v->n > 0;
	return true;
}

/* ==== rendering ======================================================= */

struct ctx {
	const struct tval *v;
	const struct ctx *up;
};

/* Parent tags being rendered, innermost first: their argument blocks
 * override blocks of the same name, the outermost winning. */
struct env {
	const struct tpl *t;
	const struct op *parent;
	const struct env *up;
};

struct render {
	struct buf *out;
	const struct tpl_set *set;
	unsigned depth, partials;
	bool skip_bol; /* SITE_AFTER_FIRST: the first line is already indented */
};

static int render_ops(struct render *r, const struct tpl *t, size_t i, size_t end,
		      const struct ctx *cx, const struct env *env, struct slice ind);

static const struct tval *lookup(const struct tpl *t, const struct op *op, const struct ctx *cx)
{
	const struct slice *p;
	const struct tval *v = NULL;

	if (!op->nparts)
		return cx ? cx->v : NULL;
	p = &t->parts[op->part0];
	for (; cx && !v; cx = cx->up)
		if (cx->v && cx->v->kind == TV_MAP)
			v = map_get(cx->v, p[0].s, p[0].n);
	for (size_t k = 1; v && k < op->nparts; k++)
		v = v->kind == TV_MAP ? map_get(v, p[k].s, p[k].n) : NULL;
	return v;
}

static void interpolate(struct render *r, const struct tval *v, bool escape)
{
	const char *s;
	size_t n;

	if (!v)
		return;
	if (v->kind == TV_STR)
		s = v->s, n = v->n;
	else if (v->kind == TV_BOOL)
		s = v->b ? "true" : "false", n = strlen(s);
	else
		return;
	if (n)
		r->skip_bol = false;
	if (escape)
		esc_html(r->out, s, n);
	else
		buf_add(r->out, s, n);
}

static struct pos op_pos(const struct tpl *t, const struct op *op)
{
	return (struct pos){ t->file, op->line, op->col };
}

/* Render ops [i, end) of t one level deeper; `at` is the tag asking. */
static int nested(struct render *r, struct pos at, const struct tpl *t, size_t i, size_t end,
		  const struct ctx *cx, const struct env *env, struct slice ind)
{
	int rc;
	if (r->depth >= MAX_RENDER_DEPTH)
		return diag_error(r->set->d, at, "templates nested more than %d deep (endless recursion?)",
				  MAX_RENDER_DEPTH);
	r->depth++;
	rc = render_ops(r, t, i, end, cx, env, ind);
	r->depth--;
	return rc;
}

static int section(struct render *r, const struct tpl *t, size_t i, const struct ctx *cx,
		   const struct env *env, struct slice ind)
{
	const struct op *op = &t->ops[i];
	const struct tval *v = lookup(t, op, cx);
	struct ctx top = { v, cx };

	if (op->kind == OP_INVERTED)
		return tv_truthy(v) ? 0 : nested(r, op_pos(t, op), t, i + 1, op->end, cx, env, ind);
	if (!tv_truthy(v))
		return 0;
	if (v->kind != TV_LIST)
		return nested(r, op_pos(t, op), t, i + 1, op->end, &top, env, ind);
	for (size_t k = 0; k < v->n; k++) {
		top.v = deref(v->items[k]);
		if (nested(r, op_pos(t, op), t, i + 1, op->end, &top, env, ind))
			return -1;
	}
	return 0;
}

/* Partials and parents: the named template, indented when the tag stands
 * alone on its line; env gains a frame for a parent's arguments. */
static int include(struct render *r, const struct tpl *t, const struct op *op, const struct ctx *cx,
		   const struct env *env, struct slice ind)
{
	const struct tpl *p = tpl_set_find(r->set, op->text.s, op->text.n);
	struct env frame = { t, op, env };
	struct buf both = BUF_INIT;
	struct slice in = { "", 0 };
	int rc;

	if (!p)
		return r->set->strict ? tpl_set_missing(r->set, t, op) : 0;
	if (r->partials >= MAX_PARTIAL_DEPTH)
		return diag_error(r->set->d, op_pos(t, op), "partials nested more than %d deep (endless recursion?)",
				  MAX_PARTIAL_DEPTH);
	if (op->standalone) {
		in = op->ind;
		if (ind.n && op->ind.n) {
			buf_add(&both, ind.s, ind.n);
			buf_add(&both, op->ind.s, op->ind.n);
			in = (struct slice){ both.data, both.len };
		} else if (ind.n) {
			in = ind;
		}
	}
	r->partials++;
	rc = nested(r, op_pos(t, op), p, 0, p->nops, cx, op->kind == OP_PARENT ? &frame : env, in);
	r->partials--;
	buf_release(&both);
	return rc;
}

static const struct op *find_arg(const struct env *env, struct slice name, const struct tpl **owner)
{
	const struct op *found = NULL;
	for (; env; env = env->up) {
		const struct tpl *t = env->t;
		size_t j = (size_t)(env->parent - t->ops) + 1;
		while (j < env->parent->end) {
			const struct op *o = &t->ops[j];
			if (o->kind == OP_BLOCK && o->arg && o->text.n == name.n &&
			    !memcmp(o->text.s, name.s, name.n)) {
				found = o;
				*owner = t;
				break;
			}
			j = tpl_op_has_body(o) ? o->end : j + 1;
		}
	}
	return found;
}

static int block(struct render *r, const struct tpl *t, size_t i, const struct ctx *cx,
		 const struct env *env, struct slice ind)
{
	const struct op *op = &t->ops[i];
	const struct tpl *owner = NULL;
	const struct op *arg = find_arg(env, op->text, &owner);
	struct buf both = BUF_INIT;
	struct slice in = ind;
	size_t mark = r->out->len;
	int rc;

	if (!arg)
		return nested(r, op_pos(t, op), t, i + 1, op->end, cx, env, ind);
	if (op->site != SITE_INLINE && op->ind.n) {
		buf_add(&both, ind.s, ind.n);
		buf_add(&both, op->ind.s, op->ind.n);
		in = (struct slice){ both.data, both.len };
	}
	r->skip_bol = op->site == SITE_AFTER_FIRST;
	rc = nested(r, op_pos(t, op), owner, (size_t)(arg - owner->ops) + 1, arg->end, cx, env, in);
	r->skip_bol = false;
	/* the line break after the closing tag ends the content's last line */
	if (!rc && op->eol_after && r->out->len > mark && r->out->data[r->out->len - 1] == '\n') {
		size_t n = r->out->len - 1;
		if (n > mark && r->out->data[n - 1] == '\r')
			n--;
		buf_setlen(r->out, n);
	}
	buf_release(&both);
	return rc;
}

static int render_ops(struct render *r, const struct tpl *t, size_t i, size_t end,
		      const struct ctx *cx, const struct env *env, struct slice ind)
{
	while (i < end) {
		const struct op *op = &t->ops[i];

		if (op->bol && ind.n) {
			if (r->skip_bol)
				r->skip_bol = false;
			else
				buf_add(r->out, ind.s, ind.n);
		}
		switch (op->kind) {
		case OP_TEXT:
			if (op->text.n)
				r->skip_bol = false;
			buf_add(r->out, op->text.s, op->text.n);
			break;
		case OP_VAR:
		case OP_RAW:
			interpolate(r, lookup(t, op, cx), op->kind == OP_VAR);
			break;
		case OP_SECTION:
		case OP_INVERTED:
			if (section(r, t, i, cx, env, ind))
				return -1;
			break;
		case OP_PARTIAL:
		case OP_PARENT:
			if (include(r, t, op, cx, env, ind))
				return -1;
			break;
		case OP_BLOCK:
			if (block(r, t, i, cx, env, ind))
				return -1;
			break;
		}
		i = tpl_op_has_body(op) ? op->end : i + 1;
	}
	return 0;
}

int tpl_render(const struct tpl_set *set, const char *name, const struct tval *ctx, struct buf *out)
{
	const struct tpl *t = tpl_set_find(set, name, strlen(name));
	struct render r = { .out = out, .set = set };
	struct ctx root = { ctx, NULL };

	if (!t)
		return -1;
	return render_ops(&r, t, 0, t->nops, ctx ? &root : NULL, NULL, (struct slice){ "", 0 });
}
