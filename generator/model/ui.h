/* ui.h - folio's own words on a page, in the book's language.
 *
 * Every word folio itself writes ("Contents", "Next", "Hold 30 s", the
 * EPUB's landmarks) has a key.  English is built in.  A theme translates
 * them in THEME/i18n/LANG.yaml, a book overrides any of them in
 * SOURCE/ui.yaml; both are flat YAML mappings `key: text`.  For a book in
 * pt-BR the theme's pt-br.yaml is tried, then pt.yaml.  Texts may hold
 * placeholders ({n}, {time}, {label}, {title}...): the ones each key
 * takes are listed in ui.c and in README.md. */
#ifndef FOLIO_UI_H
#define FOLIO_UI_H

#include <stdbool.h>

#include "base/buf.h"

struct book;
struct diags;

enum ui_key {
	UI_SKIP_TO_CONTENT,
	UI_SITE_LINKS,
	UI_CONTENTS,
	UI_BOOK_CONTENTS,
	UI_ALL_CHAPTERS,
	UI_SEARCH,
	UI_SEARCH_LABEL,
	UI_SEARCH_HINT,
	UI_SEARCH_NO_JS,
	UI_SEARCH_BROWSE,
	UI_SEARCH_NONE,
	UI_SEARCH_ONE,
	UI_SEARCH_MANY,
	UI_DOWNLOAD_EPUB,
	UI_DOWNLOAD_BOOK,
	UI_DOWNLOAD_CTA,
	UI_DOWNLOAD_READERS,
	UI_START_READING,
	UI_CHAPTER_META,
	UI_ON_THIS_PAGE,
	UI_REFERENCED_FROM,
	UI_EDIT_PAGE,
	UI_PREVIOUS,
	UI_NEXT,
	UI_PAGER,
	UI_NOT_FOUND,
	UI_NOT_FOUND_TEXT,
	UI_NOT_FOUND_LINK,
	UI_FOOTNOTES,
	UI_FOOTNOTE_BACK,
	UI_FOOTNOTE_RETURN,
	UI_TABLE,
	UI_HOLD,
	UI_REPEAT_ONE,
	UI_REPEAT_MANY,
	UI_BOTH_SIDES,
	UI_LEFT_SIDE,
	UI_RIGHT_SIDE,
	UI_TIMER_START,
	UI_TIMER_START_FOR,
	UI_TIMER_STOP,
	UI_TIMER_STOP_FOR,
	UI_TIMER_HOLD,
	UI_TIMER_LEFT,
	UI_TIMER_STOPPED,
	UI_TIMER_DONE,
	UI_STRETCH,
	UI_LANDMARKS,
	UI_COVER,
	UI_TITLE_PAGE,
	UI_START_OF_CONTENT,
	UI_INTRODUCTION,
	UI_SECTION,
	UI_ALERT_NOTE,
	UI_ALERT_TIP,
	UI_ALERT_IMPORTANT,
	UI_ALERT_WARNING,
	UI_ALERT_CAUTION,
	UI_NKEYS
};

/* Load the theme's translation for the book's language and the book's
 * ui.yaml into b->ui.  Unknown keys are warned about (with the closest
 * key); a text that is not a string or uses a placeholder its key does
 * not take is an error.  Returns 0, or -1 after reporting.  A book that
 * never went through ui_load speaks English. */
int ui_load(struct book *b, const char *theme_dir, struct diags *d);
void ui_free(struct book *b);

/* The key's text (raw, not escaped). */
const char *ui_text(const struct book *b, enum ui_key k);

/* True when the text is folio's English while the book is in another
 * language (so the output can mark it lang="en"). */
bool ui_is_english(const struct book *b, enum ui_key k);

/* The attribute that marks the key's text as English when ui_is_english
 * (" lang=\"en\"", with xml:lang too for XHTML), else "". */
const char *ui_lang_attr(const struct book *b, enum ui_key k, bool xhtml);

/* Append the key's text with {name} placeholders replaced: vars is a
 * NULL-terminated list of name, value pairs.  Text and values are appended
 * as they are (the caller escapes the result for its context). */
void ui_fill(struct buf *out, const struct book *b, enum ui_key k, const char *const *vars);

/* The key's name in the files ("contents"). */
const char *ui_key_name(enum ui_key k);

#endif
