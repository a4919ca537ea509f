/* ui.h - folio's own words on a page, in the book's language.
 *
 * Every word folio itself writes ("Contents", "Next", "Hold 30 s", the
 * EPUB's landmarks) has a key.  English is built in.  A theme translates
 * them in THEME/i18n/LANG.yaml, a book overrides any of them in
 * SOURCE/ui.yaml; both are flat YAML mappings `key: text`.  For a book in
 * pt-BR the theme's pt-br.yaml is tried, then pt.yaml.  Texts may hold
 * placeholders ({n}, {time}, {label}, {title}...): the ones each key
 * takes are in UI_KEYS below and in README.md.
 *
 * Layer: model (includes base/ only).
 *
 * Layer: model (includes base/; ui.c reads the translation files through
 * load/frontmatter.h and write/fsx.h). */
#ifndef FOLIO_UI_H
#define FOLIO_UI_H

#include <stdbool.h>

#include "base/buf.h"

struct book;
struct diags;

/* Every key once: X(ENUM, "file_key", "English text", "placeholders",
 * for_script).  Placeholders are space-separated names ("time label"),
 * each written {name} in a text.  for_script: folio.js or search.js
 * need the text, so the site hands it to them as JSON (#folio-ui).
 * The enum, ui.c's table and README.md's list follow this order. */
#define UI_KEYS(X) \
	X(SKIP_TO_CONTENT, "skip_to_content", "Skip to content", "", false) \
	X(SITE_LINKS, "site_links", "Site", "", false) \
	X(BREADCRUMBS, "breadcrumbs", "Breadcrumbs", "", false) \
	X(CONTENTS, "contents", "Contents", "", false) \
	X(BOOK_CONTENTS, "book_contents", "Book contents", "", false) \
	X(ALL_CHAPTERS, "all_chapters", "All chapters", "", false) \
	X(TOGGLE_SECTION, "toggle_section", "Show or hide the pages in {name}", "name", true) \
	X(SEARCH, "search", "Search", "", false) \
	X(SEARCH_LABEL, "search_label", "Search {title}", "title", true) \
	X(SEARCH_HINT, "search_hint", "Type a word or two: results appear as you type.", "", true) \
	X(SEARCH_NO_JS, "search_no_js", "Search needs JavaScript.", "", true) \
	X(SEARCH_BROWSE, "search_browse", "Browse the contents instead.", "", true) \
	X(SEARCH_NONE, "search_none", "Nothing found. Try another word.", "", true) \
	X(SEARCH_ONE, "search_one", "{n} page found.", "n", true) \
	X(SEARCH_MANY, "search_many", "{n} pages found.", "n", true) \
	X(DOWNLOAD_EPUB, "download_epub", "Download EPUB", "", false) \
	X(DOWNLOAD_BOOK, "download_book", "Download this book as an EPUB", "", false) \
	X(DOWNLOAD_CTA, "download_cta", "Download the whole book as an EPUB", "", false) \
	X(DOWNLOAD_READERS, "download_readers", \
	  "for Apple Books, Kobo, Kindle (Send to Kindle), calibre or Thorium.", "", false) \
	X(START_READING, "start_reading", "Start reading: {title}", "title", false) \
	X(CHAPTER_META, "chapter_meta", "Chapter {number} of {count} \xC2\xB7 {minutes} min read", \
	  "number count minutes", false) \
	X(LAST_REVIEWED, "last_reviewed", "Last reviewed {date}", "date", false) \
	X(ON_THIS_PAGE, "on_this_page", "On this page", "", false) \
	X(REFERENCED_FROM, "referenced_from", "Referenced from", "", false) \
	X(EDIT_PAGE, "edit_page", "Edit this page", "", false) \
	X(PREVIOUS, "previous", "Previous", "", false) \
	X(NEXT, "next", "Next", "", false) \
	X(PAGER, "pager", "Previous and next chapter", "", false) \
	X(NOT_FOUND, "not_found", "Page not found", "", false) \
	X(NOT_FOUND_TEXT, "not_found_text", \
	  "There is no page at this address. It may have moved when the book was rebuilt.", "", false) \
	X(NOT_FOUND_LINK, "not_found_link", "Go to the contents of {title}", "title", false) \
	X(FOOTNOTES, "footnotes", "Footnotes", "", false) \
	X(FOOTNOTE_BACK, "footnote_back", "Back to reference {n}", "n", false) \
	X(FOOTNOTE_RETURN, "footnote_return", "Back to text", "", false) \
	X(TABLE, "table", "Table", "", false) \
	X(HOLD, "hold", "Hold {time}", "time", false) \
	X(REPEAT_ONE, "repeat_one", "Repeat {n} time", "n", false) \
	X(REPEAT_MANY, "repeat_many", "Repeat {n} times", "n", false) \
	X(BOTH_SIDES, "both_sides", "Both sides", "", false) \
	X(LEFT_SIDE, "left_side", "Left side", "", false) \
	X(RIGHT_SIDE, "right_side", "Right side", "", false) \
	X(TIMER_START, "timer_start", "Start {time} hold timer", "time", true) \
	X(TIMER_START_FOR, "timer_start_for", "Start {time} hold timer for {label}", "time label", true) \
	X(TIMER_STOP, "timer_stop", "Stop timer", "", true) \
	X(TIMER_STOP_FOR, "timer_stop_for", "Stop timer for {label}", "label", true) \
	X(TIMER_HOLD, "timer_hold", "Hold for {time}.", "time", true) \
	X(TIMER_LEFT, "timer_left", "{time} left", "time", true) \
	X(TIMER_STOPPED, "timer_stopped", "Timer stopped.", "", true) \
	X(TIMER_DONE, "timer_done", "Done. You can release the stretch.", "", true) \
	X(STRETCH, "stretch", "stretch", "", true) \
	X(LANDMARKS, "landmarks", "Landmarks", "", false) \
	X(COVER, "cover", "Cover", "", false) \
	X(TITLE_PAGE, "title_page", "Title page", "", false) \
	X(START_OF_CONTENT, "start_of_content", "Start of content", "", false) \
	X(INTRODUCTION, "introduction", "Introduction", "", false) \
	X(SECTION, "section", "Section", "", false) \
	X(ALERT_NOTE, "alert_note", "Note", "", false) \
	X(ALERT_TIP, "alert_tip", "Tip", "", false) \
	X(ALERT_IMPORTANT, "alert_important", "Important", "", false) \
	X(ALERT_WARNING, "alert_warning", "Warning", "", false) \
	X(ALERT_CAUTION, "alert_caution", "Caution", "", false)

enum ui_key {
#define UI_ENUM_(name, key, en, vars, script) UI_##name,
	UI_KEYS(UI_ENUM_)
#undef UI_ENUM_
	UI_NKEYS
};

/* Bounds, so that a translation cannot blow a page up (issue 13: {title}
 * repeated in ui.yaml with a long title made a 3 GB site from 440 KB). */
#define UI_TEXT_MAX 1000  /* bytes in one translated text */
#define UI_VAR_REPEAT_MAX 2 /* uses of one placeholder in one text */
#define UI_VARS_MAX 4     /* placeholders in one text, all names together */
#define UI_FILL_MAX 4096  /* bytes one ui_fill appends, values filled in */

/* Load the theme's translation for the book's language and the book's
 * ui.yaml into b->ui.  Unknown keys are warned about (with the closest
 * key); a text that is not a string, uses a placeholder its key does not
 * take, is longer than UI_TEXT_MAX bytes, uses one placeholder more than
 * UI_VAR_REPEAT_MAX times or more than UI_VARS_MAX placeholders is an
 * error at the text.  Returns 0, or -1 after reporting.  A book that never
 * went through ui_load speaks English. */
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
 * as they are (the caller escapes the result for its context).  Appends at
 * most UI_FILL_MAX bytes: a longer result (a huge value) is cut there, at
 * a UTF-8 character boundary. */
void ui_fill(struct buf *out, const struct book *b, enum ui_key k, const char *const *vars);

/* The key's name in the files ("contents"). */
const char *ui_key_name(enum ui_key k);

/* True when folio.js or search.js need the key's text (the for_script
 * column of UI_KEYS: the timer_* and search_* keys and "stretch"). */
bool ui_for_script(enum ui_key k);

#endif
