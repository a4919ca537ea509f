/* blocks.h - structured blocks written as fenced code with a YAML body
 * inside ordinary Markdown: ```steps (a stretch or exercise: a numbered
 * list with hold, repeat and sides), ```faq (questions and answers) and
 * ```imagemap (a picture whose regions link somewhere).
 *
 * Layer: parse (includes base/, model/doc.h, load/frontmatter.h for the
 * YAML, parse/markdown.h for the Markdown inside).  The YAML is validated
 * with positions inside the Markdown file and turned into the typed
 * structs of model/doc.h; rendering is the renderers' business. */
#ifndef FOLIO_BLOCKS_H
#define FOLIO_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/slug.h"
#include "model/doc.h"

struct md_conv;

struct block_env {
	struct md_conv *conv;       /* for the Markdown inside (md_fragment) */
	struct doc *doc;
	struct idset *ids;          /* the page's ids */
	struct diags *d;
	struct pos fence;           /* the opening ``` */
	unsigned yaml_line;         /* file line of the YAML's first line */
	unsigned yaml_col;          /* file column of the YAML's column 1 */
	unsigned heading_level;     /* level for the block's own headings */
};

/* Is the fence info word (info[0..len)) one of folio's blocks? */
bool blocks_is_block(const char *info, size_t len);

/* Parse the block whose YAML body is `body` and append its node
 * (N_STEPS, N_FAQ or N_IMAGEMAP) to `parent`.  Returns 0, or -1 after
 * reporting errors (nothing is appended then). */
int blocks_parse(struct block_env *e, struct node *parent, const char *info, size_t len, const char *body);

/* Parse a duration ("30 s", "45s", "2 min", "1 min 30 s", "90 seconds")
 * into seconds; -1 if it is not one. */
long blocks_parse_duration(const char *s);

#endif
