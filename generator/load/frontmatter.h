/* frontmatter.h - YAML front matter and book.yaml as flat mappings.
 *
 * The only file that includes <yaml.h>.  A document must be a mapping of
 * scalar keys to scalars, to flat sequences of scalars or to one level of
 * such a mapping (book.yaml's `limits:`); anything else is an error with
 * the position libyaml gives.  Aliases are refused (no
 * "billion laughs"), sizes are bounded.
 *
 * Layer: load (includes base/, model/, write/fsx.h). */
#ifndef FOLIO_FRONTMATTER_H
#define FOLIO_FRONTMATTER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

enum fm_kind { FM_SCALAR, FM_LIST, FM_NULL, FM_MAP };

struct fm_entry {
	char *key;
	enum fm_kind kind;
	char *value;        /* FM_SCALAR: the text; FM_LIST: items joined by ", " */
	char **items;       /* FM_LIST */
	size_t nitems;
	struct fm_entry *sub; /* FM_MAP: its entries (scalars, lists, nulls), value "" */
	size_t nsub;
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
 * the whole text.  An unclosed block is an error (returns -1). */
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

enum ynode_kind { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
	enum ynode_kind kind;
	char *value;            /* Y_SCALAR */
	bool plain;             /* unquoted scalar */
	struct ynode **items;   /* Y_SEQ items, Y_MAP values */
	char **keys;            /* Y_MAP keys */
	struct pos *key_pos;    /* Y_MAP key positions */
	size_t n;
	struct pos pos;         /* where the node starts */
};

/* Parse one YAML document into a tree.  Positions are offset by
 * first_line/first_col (a block's YAML inside a Markdown file).  Aliases,
 * more than 64 levels or 100,000 nodes are refused.  Returns the tree
 * (free with ynode_free) or NULL after reporting. */
struct ynode *yaml_parse_tree(struct diags *d, const char *file, const char *yaml, size_t len,
			      unsigned first_line, unsigned first_col);
void ynode_free(struct ynode *n);
/* Value of `key` in a mapping, or NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);

#endif
