/* include.h - mdBook's {{#include}} and {{#rustdoc_include}}, expanded in
 * each chapter's body when it is loaded.
 *
 * Layer: load (includes base/, model/, write/fsx.h).  The text is pasted
 * as mdBook pastes it, before any Markdown is parsed, so an include works
 * in a paragraph, in a list and inside a ```rust block alike:
 *   {{#include file.rs}}            the whole file
 *   {{#include file.rs:2}}          line 2          :2:10  lines 2 to 10
 *   {{#include file.rs:2:}}         line 2 to the end    ::10  up to line 10
 *   {{#include file.rs:name}}       the lines between `ANCHOR: name` and
 *                                   `ANCHOR_END: name` (lines holding other
 *                                   anchors' markers left out)
 *   {{#rustdoc_include file.rs:2}}  the same lines: mdBook shows only those
 *                                   and hides the rest of the file behind an
 *                                   expand button, which a static page and an
 *                                   EPUB do not have
 *   \{{#include file.rs}}           the text `{{#include file.rs}}`
 *   {{#title Text}}                 no text; the page's <title> (page_title)
 * Paths are relative to the file the directive is in (an included file's
 * includes are relative to it) and must stay inside the book folder (where
 * book.yaml is, so a book with `src:` can include ../listings/…); regular
 * files only, 16 MB each and 128 MB for one chapter, includes nested 10
 * deep at most; the expanded chapter is held to limits.chapter_size, and
 * includes may add 32 MB at most.  Every problem is an error at the directive's
 * file, line and column, with a suggestion where one is obvious.  Text on
 * the directive's line before it is repeated on every included line, as
 * mdBook does ("> " in a quote, a list item's indentation).
 *
 * Other {{#name …}} directives and Hugo shortcodes ({{< … >}}, {{% … %}})
 * stay text, with one warning per kind and file (none inside code).
 *
 * The chapter's srcmap records where each piece of the expanded body came
 * from, so the parse stage reports positions in included text at the
 * included file's line and column. */
#ifndef FOLIO_INCLUDE_H
#define FOLIO_INCLUDE_H

#include <stddef.h>

#include "model/book.h"

/* Every chapter of b->by_path (sorted): its srcmap set up and, unless it
 * is a draft, its includes expanded into ch->text.  A chapter that another
 * one includes gets ch->included (book_load drops it: a fragment is not a
 * page).  Diagnostics go to b->diags. */
void include_book(struct book *b);

/* The same for one chapter, whose ch->file is final (folio render). */
void include_chapter(struct book *b, struct chapter *ch);

/* ---- shared inside load/ ------------------------------------------------ */

/* Replace invalid UTF-8 in *text with U+FFFD (one warning, at the first bad
 * byte of `file`) and refuse NUL bytes (an error).  Returns 0 or -1.
 * Defined in book.c. */
int load_check_text(struct book *b, const char *file, char **text, size_t *len);

#endif
