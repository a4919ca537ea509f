/* guard.h - the parse stage's bound on hostile Markdown: one linear scan
 * of a chapter's text before cmark-gfm parses it.
 *
 * Debian 12's cmark-gfm (0.29.0.gfm.6) takes time quadratic in the input
 * on a few shapes that later releases fixed.  Measured with folio's
 * options (tests/t_hostile.sh, hostile_inputs.py patho):
 *   - links after image openers that stay open, '![[]()' repeated
 *     (CVE-2023-24824): each link walks back over every open '!['
 *     (inlines.c, handle_close_bracket);
 *   - '<?', '<![CDATA[' repeated without their closers '?>', ']]>':
 *     each opener scans to the end of the paragraph (commonmark/cmark#299, #379; also
 *     '<!D ' declarations without '>');
 *   - a table row with many cells (CVE-2023-37463): cells are appended to a
 *     linked list by walking it (cmark_llist_append), and short rows are
 *     filled up to the header's width, so cells cost columns x rows.
 * The scan counts, for every paragraph (a run of lines without a blank
 * one, which holds every inline parse and every table), an upper bound of
 * the work cmark would do on these shapes; over a budget linear in the
 * chapter's size it is an error at the place, and cmark never sees the
 * text.  Tables are held to limits.table_columns and limits.table_cells
 * (book.yaml).  Everything else cmark does was measured linear.
 *
 * Layer: parse (includes base/, model/limits.h). */
#ifndef FOLIO_GUARD_H
#define FOLIO_GUARD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "model/limits.h"

/* One chapter's running totals (a chapter's body and the Markdown inside
 * its blocks share them).  Start with GUARD_INIT(&limits). */
struct guard {
	const struct limits *lim;
	size_t cells;                 /* table cells so far */
	unsigned long long brackets;  /* bound on cmark's walks over open '![' */
	unsigned long long html;      /* bound on cmark's scans for '?>', ']]>', '>' */
	size_t bytes;                 /* text scanned so far */
};
#define GUARD_INIT(l) ((struct guard){ .lim = (l) })

/* Where line `line`, column `col` (1-based, in the scanned text) is in the
 * chapter's file. */
typedef struct pos (*guard_pos_fn)(const void *ctx, unsigned line, unsigned col);

/* Scan `len` bytes of Markdown.  Returns 0 when cmark may parse them, or
 * -1 after one error (at the place, through `at`) saying what is too
 * costly and how to write it instead. */
int guard_scan(struct guard *g, struct diags *d, const char *text, size_t len, guard_pos_fn at, const void *ctx);

#endif
