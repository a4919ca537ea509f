/* escape.h - one escaper per output context.  Each appends to `out`.
 *
 * Layer: base (includes libc only): the low-level pieces every stage uses. */
#ifndef FOLIO_ESCAPE_H
#define FOLIO_ESCAPE_H

#include <stddef.h>

#include "base/buf.h"

#include <stdint.h>

/* Decode the UTF-8 sequence at s (n bytes left) into *cp.  Returns its
 * length (1..4), or 0 when it is not valid UTF-8 (overlong forms,
 * surrogates and values past U+10FFFF included). */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* HTML/XHTML text and attribute values: & < > " ' become entities
 * (&amp; &lt; &gt; &quot; &#39;), valid in HTML5 and in XML alike.
 * C0 controls other than tab/newline/CR, C1 controls and the Unicode
 * noncharacters (U+FDD0..U+FDEF, U+nFFFE, U+nFFFF) become U+FFFD: XML
 * forbids or discourages them and the Nu checker reports them. */
void esc_html(struct buf *out, const char *s, size_t len);
void esc_html_str(struct buf *out, const char *s);

/* A JSON string literal, quotes included, safe inside
 * <script type="application/ld+json"> in HTML and XHTML: besides JSON's own
 * escapes, < > & U+2028 U+2029 are written as \uXXXX. */
void esc_json(struct buf *out, const char *s, size_t len);

/* A URL for an href/src attribute: bytes outside the URL code points
 * (space, controls, non-ASCII, " < > \ ^ ` { | }) are percent-encoded,
 * existing %XX escapes are kept.  The result still needs esc_html for the
 * attribute (for &). */
void esc_url(struct buf *out, const char *s, size_t len);

#endif
