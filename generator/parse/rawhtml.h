/* rawhtml.h - raw HTML in Markdown (HTML blocks, inline HTML): parsed by
 * an HTML5 parser (libgumbo), sanitized by an allow-list in the manner of
 * GitHub's, and turned into document-model nodes (N_ELEMENT, N_TEXT) that
 * both renderers write, so the site gets valid HTML5 and the EPUB
 * well-formed XHTML whatever the tag soup.
 *
 * Layer: parse (includes base/, model/doc.h).  The only file that includes
 * <gumbo.h>.  parse/markdown.c leaves each piece of raw HTML as an
 * N_RAW_BLOCK or N_RAW_INLINE node; rawhtml_resolve then takes, for every
 * node whose children hold raw HTML, the raw pieces together with the
 * Markdown nodes between them (stand-ins in the HTML text) as one fragment,
 * so that tags opened in one piece and closed in another pair up
 * (`<kbd>Ctrl</kbd>+<kbd>C</kbd>`, `<details>` … Markdown … `</details>`).
 * What is removed is a warning at its file, line and column; href and src
 * become struct links (doc->links) that the link stage resolves like
 * Markdown's; id and name become ids of the page. */
#ifndef FOLIO_RAWHTML_H
#define FOLIO_RAWHTML_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/slug.h"
#include "model/doc.h"

/* The cost bound of one fragment.  HTML5 tree construction costs up to
 * depth x tags (nested unclosed <div>s: 10,000 take 0.35 s), so a fragment
 * with more tags, or nested deeper than browsers keep (they flatten past
 * 512), is shown as text with a warning rather than parsed. */
#define RAWHTML_MAX_TAGS 200000
#define RAWHTML_MAX_NESTING 512
/* Elements nested deeper than this inside one fragment lose their tags
 * (browsers flatten at 512; folio's own nesting comes on top). */
#define RAWHTML_MAX_DEPTH 100

/* One chapter's raw-HTML state: the doc it adds to, its ids (borrowed;
 * raw ids are made unique there like headings'), the warnings already
 * given (some are given once per file). */
struct rawhtml;
struct rawhtml *rawhtml_new(struct doc *doc, struct idset *ids, struct diags *d);
void rawhtml_free(struct rawhtml *rh);

/* Replace every N_RAW_BLOCK and N_RAW_INLINE under root (a chapter's root
 * or a block's fragment) by what the sanitizer keeps.  `phrasing`: root's
 * content goes where only phrasing content may stand (an inline fragment). */
void rawhtml_resolve(struct rawhtml *rh, struct node *root, bool phrasing);

/* Does the SVG document (data, len bytes, UTF-8) hold script: a <script>
 * element or an event handler attribute (on…)?  The EPUB must declare such
 * an image 'scripted' (epubcheck OPF-014). */
bool rawhtml_svg_is_scripted(const char *data, size_t len);

#endif
