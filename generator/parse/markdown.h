/* markdown.h - the parse stage: a chapter's Markdown into its document
 * model (model/doc.h).
 *
 * Layer: parse (includes base/, model/doc.h, load/frontmatter.h for the
 * blocks' YAML).  The only file that includes <cmark-gfm.h>; cmark's tree
 * is converted at once and freed, no cmark node leaves markdown.c.
 * Parsing touches no file system and no shared state: link targets are
 * only recorded (doc->links), the link stage resolves them.  Chapters may
 * be parsed in parallel (see md_init). */
#ifndef FOLIO_MARKDOWN_H
#define FOLIO_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/srcmap.h"
#include "model/doc.h"
#include "model/limits.h"

/* Register cmark-gfm's extensions; call once before any thread starts. */
void md_init(void);

/* Parse `len` bytes of Markdown (a chapter's body after the front matter,
 * includes expanded); `map` (borrowed, and the file names of the doc's
 * positions are its own: it must outlive the doc) says which file, line and
 * column each position of the text comes from.  `fm_title` is the front matter's
 * title or NULL: a first '# heading' equal to it (or any first '# heading'
 * without one) is the title, not part of the body (doc->title,
 * doc->title_id).  `lim` (NULL: the defaults) bounds the tables; text on
 * which cmark-gfm would take quadratic time is refused (parse/guard.h)
 * and its doc left empty.  Containers nested deeper than browsers keep
 * are marked flat (model/doc.h), with a warning.  Errors and warnings go
 * to d.  Always returns a doc (free with doc_free); *errors (may be NULL)
 * counts the errors found. */
struct doc *md_parse(const struct srcmap *map, const char *text, size_t len, const char *fm_title,
		     const struct limits *lim, struct diags *d, unsigned *errors);

/* ---- for parse/blocks.c ------------------------------------------------ */

struct md_conv;  /* the running conversion of one chapter */

/* Convert Markdown found inside a block's YAML: `text` starts at `at`, its
 * later lines indented by `indent` columns of the file.  inline_only: a
 * lone paragraph gives its inline content only.  Returns an N_DOCUMENT
 * fragment of the chapter's doc (links recorded in the chapter's doc). */
struct node *md_fragment(struct md_conv *c, const char *text, struct pos at, unsigned indent, bool inline_only);

#endif
