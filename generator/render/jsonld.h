/* jsonld.h - schema.org data for the website: HowTo for a ```steps block,
 * FAQPage for a page's ```faq questions, equal to the visible text.
 *
 * Layer: render (includes base/, model/).  Every string goes through
 * esc_json, which also escapes < > & U+2028 U+2029, so the result is safe
 * inside <script type="application/ld+json">. */
#ifndef FOLIO_JSONLD_H
#define FOLIO_JSONLD_H

#include "base/buf.h"
#include "model/book.h"
#include "model/doc.h"

/* The HowTo object of s on page ch (step URLs with b->base_url when set). */
void jsonld_howto(struct buf *out, const struct book *b, const struct chapter *ch, const struct steps *s);

/* The FAQPage object of every ```faq question of ch's doc, or nothing when
 * there are none. */
void jsonld_faq_page(struct buf *out, const struct book *b, const struct chapter *ch);

/* ISO 8601 duration of s seconds ("PT1M30S"). */
void jsonld_duration(struct buf *out, long s);

#endif
