/* frontmatter.h - YAML front matter and book.yaml as mappings, and YAML
 * trees.
 *
 * The only file that includes <yaml.h>.  Front matter and book.yaml must
 * be a mapping of plain keys to values: a scalar, a list of scalars, or
 * anything nested (lists and mappings, kept as a tree); anything else is
 * an error with the position libyaml gives.  Aliases are refused (no
 * "billion laughs"), a key given twice in one mapping is an error, sizes
 * and depth are bounded (64 levels, 100,000 values per text).
 *
 * Layer: load (includes base/, model/, write/fsx.h). */
#ifndef FOLIO_FRONTMATTER_H
#define FOLIO_FRONTMATTER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "model/ynode.h"

enum fm_kind {
	FM_SCALAR,
	FM_LIST,   /* a list of scalars */
	FM_NULL,
	FM_TREE,   /* a mapping, or a list holding lists or mappings */
};

struct fm_entry {
	char *key;
	enum fm_kind kind;
	char *value;        /* FM_SCALAR: the text; FM_LIST: items joined by ", " */
	char **items;       /* FM_LIST */
	size_t nitems;
	struct ynode *tree; /* FM_LIST and FM_TREE: the value as a tree (owned) */
	bool plain;         /* scalar was unquoted (so `true` is a boolean) */
	struct pos key_pos, val_pos;
};

struct fm {
	struct fm_entry *e;
	size_t n;
};

/* Split a Markdown file into front matter and body.  If `text` starts with
 * a line `---`, the front matter runs to the next line `---` or `...`;
 * yaml_off/yaml_len give the YAML inside, *body_off and *body_line where
 * the Markdown starts.  Without front matter *yaml_len is 0 and the body is
 * the whole text.  An unclosed block is an error (returns -1), and so is
 * TOML front matter (a line `+++`, up to the next `+++`: Hugo, Zola). */
int fm_split(struct diags *d, const char *file, const char *text, size_t len, size_t *yaml_off,
	     size_t *yaml_len, size_t *body_off, unsigned *body_line);

/* Parse YAML (len bytes, starting at line `first_line` of `file`) into *out.
 * An empty document gives an empty mapping.  Returns 0, or -1 after
 * reporting.  `file` is borrowed by the positions in *out. */
int fm_parse(struct diags *d, const char *file, const char *yaml, size_t len, unsigned first_line,
	     struct fm *out);
void fm_release(struct fm *f);

/* Typed accessors; they report a type error at the value and return -1. */
int fm_get_bool(struct diags *d, const struct fm_entry *e, bool *out);
int fm_get_long(struct diags *d, const struct fm_entry *e, long *out);
int fm_get_string(struct diags *d, const struct fm_entry *e, char **out); /* malloc'd copy */

/* The entry's value as a tree, which the caller then owns (a scalar or a
 * null becomes a Y_SCALAR node); the entry keeps its flat fields. */
struct ynode *fm_entry_take(struct fm_entry *e);

/* Is k in `known` (NULL-terminated)?  Else the known key it looks like a
 * typo of (one edit for keys up to 5 characters, else two; a swap of two
 * neighbours is one edit), or NULL. */
bool fm_key_known(const char *k, const char *const *known);
const char *fm_closest_key(const char *k, const char *const *known);

/* Warn only about keys that look like a typo of one in `known` ("tittle"):
 * front matter keys folio does not know are the page's own data. */
void fm_check_typos(struct diags *d, const struct fm *f, const char *const *known, const char *what);

/* Warn about keys not in `known` (NULL-terminated), suggesting the closest
 * known key when it looks like a typo. */
void fm_check_keys(struct diags *d, const struct fm *f, const char *const *known, const char *what);

/* ---- YAML trees (the bodies of ```steps, ```faq and ```imagemap blocks) - */

/* Parse one YAML document into a tree (model/ynode.h).  Positions are
 * offset by first_line/first_col (a block's YAML inside a Markdown file).
 * Aliases, duplicate keys, more than 64 levels or 100,000 nodes are
 * refused.  Returns the tree (free with ynode_free) or NULL after
 * reporting. */
struct ynode *yaml_parse_tree(struct diags *d, const char *file, const char *yaml, size_t len,
			      unsigned first_line, unsigned first_col);

#endif
