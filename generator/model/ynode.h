/* ynode.h - a YAML-shaped value tree: scalars, lists and mappings, each
 * with its position.  What load/frontmatter.c makes of YAML (the bodies of
 * ```steps, ```faq and ```imagemap blocks; nested values in front matter
 * and book.yaml) and what a chapter keeps of its own front matter data
 * (chapter->extra, for the templates).
 *
 * Layer: model (includes base/ only).  A node owns its children, keys and
 * strings; ynode_free releases all.  Positions borrow their file name. */
#ifndef FOLIO_YNODE_H
#define FOLIO_YNODE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

enum ynode_kind { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
	enum ynode_kind kind;
	char *value;            /* Y_SCALAR */
	bool plain;             /* unquoted scalar (so `true` is a boolean, `~` null) */
	struct ynode **items;   /* Y_SEQ items, Y_MAP values */
	char **keys;            /* Y_MAP keys */
	struct pos *key_pos;    /* Y_MAP key positions */
	size_t n, cap;
	struct pos pos;         /* where the node starts */
};

/* A new empty list or mapping, or a scalar holding a copy of `value`. */
struct ynode *ynode_new(enum ynode_kind kind, const char *value, struct pos pos);
/* Append `child` (owned from now on) to a list, or to a mapping under
 * `key` (copied; NULL for a list) at `key_pos`. */
void ynode_add(struct ynode *parent, const char *key, struct pos key_pos, struct ynode *child);
/* Free n and everything it owns; NULL is fine.  Recursive to the depth of
 * the tree (folio's YAML reader stops at 64 levels). */
void ynode_free(struct ynode *n);
/* A deep copy of n (NULL for NULL) whose positions name `file` (borrowed). */
struct ynode *ynode_clone(const struct ynode *n, const char *file);
/* Value of `key` in a mapping, or NULL (also for anything not a mapping). */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* Is n YAML's null: an unquoted empty value, `~` or `null`? */
bool ynode_is_null(const struct ynode *n);

#endif
