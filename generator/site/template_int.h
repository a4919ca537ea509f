/* template_int.h - the compiled form of folio's Mustache templates, shared
 * by the compiler (template.c), the sets (template_set.c) and the renderer
 * (template_render.c).
 *
 * Layer: site, private to the template engine (includes base/ only).  Not
 * for any other file: the rest of folio sees template.h. */
#ifndef FOLIO_TEMPLATE_INT_H
#define FOLIO_TEMPLATE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "site/template.h"

struct diags;

enum op_kind { OP_TEXT, OP_VAR, OP_RAW, OP_SECTION, OP_INVERTED, OP_PARTIAL, OP_PARENT, OP_BLOCK };

/* Where a parameter block puts the content a parent template passes it. */
enum site {
	SITE_INLINE,     /* as is */
	SITE_LINES,      /* standalone opening tag: indent every line */
	SITE_AFTER_FIRST /* only spaces before the tag: indent later lines */
};

/* Borrowed bytes, not NUL-terminated: all point into a tpl's src. */
struct slice {
	const char *s;
	size_t n;
};

struct op {
	enum op_kind kind;
	bool bol;          /* first on a line of the template: write the indentation */
	bool standalone;   /* partial, parent: alone on its line */
	bool arg;          /* block: argument of the enclosing parent tag */
	bool eol_after;    /* block: only a line break follows the closing tag */
	enum site site;    /* parameter block */
	unsigned line, col;
	struct slice text; /* text, or the tag's name */
	struct slice ind;  /* partial, parent: indentation; block: site indentation */
	size_t part0, nparts; /* dotted name in tpl->parts; no parts means "." */
	size_t end;        /* section, inverted, parent, block: index after the body */
};

/* One compiled template; the set owns it and everything in it. */
struct tpl {
	char *name;
	char *file;
	char *src;
	struct op *ops;
	size_t nops, capops;
	struct slice *parts;
	size_t nparts, capparts;
};

struct tpl_set {
	struct diags *d;   /* borrowed: where compile and render errors go */
	bool strict;       /* a partial or parent naming no template is an error */
	struct tpl **t;
	size_t n, cap;
};

static inline bool tpl_op_has_body(const struct op *op)
{
	return op->kind == OP_SECTION || op->kind == OP_INVERTED || op->kind == OP_PARENT ||
	       op->kind == OP_BLOCK;
}

/* Compile src (len bytes, copied) as template `name`; `file` (copied;
 * NULL: the name) is its file in error positions.  Returns a new template
 * the caller frees with tpl_free, or NULL after diag_error (template.c). */
struct tpl *tpl_compile(struct diags *d, const char *name, const char *src, size_t len,
			const char *file);
void tpl_free(struct tpl *t);

/* The set's template named name[0..n), or NULL (borrowed from the set). */
const struct tpl *tpl_set_find(const struct tpl_set *set, const char *name, size_t n);

/* Report that op (a partial or parent tag of t) names a template the set
 * does not have: diag_error at the tag, naming the closest template when
 * one is close and listing the set's.  Returns -1. */
int tpl_set_missing(const struct tpl_set *set, const struct tpl *t, const struct op *op);

#endif
