/* ynode.c - YAML-shaped value trees (see ynode.h). */
#include "model/ynode.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

struct ynode *ynode_new(enum ynode_kind kind, const char *value, struct pos pos)
{
	struct ynode *n = xcalloc(1, sizeof *n);
	n->kind = kind;
	n->pos = pos;
	if (kind == Y_SCALAR)
		n->value = xstrdup(value ? value : "");
	return n;
}

void ynode_add(struct ynode *p, const char *key, struct pos key_pos, struct ynode *child)
{
	size_t cap = p->cap;
	p->items = xgrow(p->items, &cap, p->n + 1, sizeof *p->items);
	if (p->kind == Y_MAP) {
		size_t kc = p->cap;
		p->keys = xgrow(p->keys, &kc, p->n + 1, sizeof *p->keys);
		kc = p->cap;
		p->key_pos = xgrow(p->key_pos, &kc, p->n + 1, sizeof *p->key_pos);
		p->keys[p->n] = xstrdup(key ? key : "");
		p->key_pos[p->n] = key_pos;
	}
	p->cap = cap;
	p->items[p->n++] = child;
}

void ynode_free(struct ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++) {
		ynode_free(n->items[i]);
		if (n->keys)
			free(n->keys[i]);
	}
	free(n->items);
	free(n->keys);
	free(n->key_pos);
	free(n->value);
	free(n);
}

struct ynode *ynode_clone(const struct ynode *n, const char *file)
{
	if (!n)
		return NULL;
	struct ynode *c = xcalloc(1, sizeof *c);
	c->kind = n->kind;
	c->plain = n->plain;
	c->value = n->value ? xstrdup(n->value) : NULL;
	c->pos = n->pos;
	if (c->pos.file)
		c->pos.file = file;
	c->n = c->cap = n->n;
	if (n->n) {
		c->items = xmalloc(n->n * sizeof *c->items);
		for (size_t i = 0; i < n->n; i++)
			c->items[i] = ynode_clone(n->items[i], file);
	}
	if (n->keys && n->n) {
		c->keys = xmalloc(n->n * sizeof *c->keys);
		c->key_pos = xmalloc(n->n * sizeof *c->key_pos);
		for (size_t i = 0; i < n->n; i++) {
			c->keys[i] = xstrdup(n->keys[i]);
			c->key_pos[i] = n->key_pos[i];
			if (c->key_pos[i].file)
				c->key_pos[i].file = file;
		}
	}
	return c;
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (!strcmp(map->keys[i], key))
			return map->items[i];
	return NULL;
}

bool ynode_is_null(const struct ynode *n)
{
	if (!n || n->kind != Y_SCALAR || !n->plain)
		return false;
	const char *v = n->value;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") || !strcmp(v, "NULL");
}
