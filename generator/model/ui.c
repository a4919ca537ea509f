/* ui.c - folio's own words on a page, in the book's language (see ui.h). */
#include "model/ui.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/book.h"
#include "base/diag.h"
#include "load/frontmatter.h"
#include "write/fsx.h"
#include "base/xalloc.h"

/* The keys in file form, their English text and the placeholders each
 * takes (space-separated).  Same order as enum ui_key. */
static const struct {
	const char *key, *en, *vars;
} keys[UI_NKEYS] = {
	[UI_SKIP_TO_CONTENT] = { "skip_to_content", "Skip to content", "" },
	[UI_SITE_LINKS] = { "site_links", "Site", "" },
	[UI_CONTENTS] = { "contents", "Contents", "" },
	[UI_BOOK_CONTENTS] = { "book_contents", "Book contents", "" },
	[UI_ALL_CHAPTERS] = { "all_chapters", "All chapters", "" },
	[UI_SEARCH] = { "search", "Search", "" },
	[UI_SEARCH_LABEL] = { "search_label", "Search {title}", "title" },
	[UI_SEARCH_HINT] = { "search_hint", "Type a word or two: results appear as you type.", "" },
	[UI_SEARCH_NO_JS] = { "search_no_js", "Search needs JavaScript.", "" },
	[UI_SEARCH_BROWSE] = { "search_browse", "Browse the contents instead.", "" },
	[UI_SEARCH_NONE] = { "search_none", "Nothing found. Try another word.", "" },
	[UI_SEARCH_ONE] = { "search_one", "{n} page found.", "n" },
	[UI_SEARCH_MANY] = { "search_many", "{n} pages found.", "n" },
	[UI_DOWNLOAD_EPUB] = { "download_epub", "Download EPUB", "" },
	[UI_DOWNLOAD_BOOK] = { "download_book", "Download this book as an EPUB", "" },
	[UI_DOWNLOAD_CTA] = { "download_cta", "Download the whole book as an EPUB", "" },
	[UI_DOWNLOAD_READERS] = { "download_readers",
				  "for Apple Books, Kobo, Kindle (Send to Kindle), calibre or Thorium.", "" },
	[UI_START_READING] = { "start_reading", "Start reading: {title}", "title" },
	[UI_CHAPTER_META] = { "chapter_meta", "Chapter {number} of {count} \xC2\xB7 {minutes} min read",
			      "number count minutes" },
	[UI_ON_THIS_PAGE] = { "on_this_page", "On this page", "" },
	[UI_REFERENCED_FROM] = { "referenced_from", "Referenced from", "" },
	[UI_EDIT_PAGE] = { "edit_page", "Edit this page", "" },
	[UI_PREVIOUS] = { "previous", "Previous", "" },
	[UI_NEXT] = { "next", "Next", "" },
	[UI_PAGER] = { "pager", "Previous and next chapter", "" },
	[UI_NOT_FOUND] = { "not_found", "Page not found", "" },
	[UI_NOT_FOUND_TEXT] = { "not_found_text",
				"There is no page at this address. It may have moved when the book was rebuilt.", "" },
	[UI_NOT_FOUND_LINK] = { "not_found_link", "Go to the contents of {title}", "title" },
	[UI_FOOTNOTES] = { "footnotes", "Footnotes", "" },
	[UI_FOOTNOTE_BACK] = { "footnote_back", "Back to reference {n}", "n" },
	[UI_FOOTNOTE_RETURN] = { "footnote_return", "Back to text", "" },
	[UI_TABLE] = { "table", "Table", "" },
	[UI_HOLD] = { "hold", "Hold {time}", "time" },
	[UI_REPEAT_ONE] = { "repeat_one", "Repeat {n} time", "n" },
	[UI_REPEAT_MANY] = { "repeat_many", "Repeat {n} times", "n" },
	[UI_BOTH_SIDES] = { "both_sides", "Both sides", "" },
	[UI_LEFT_SIDE] = { "left_side", "Left side", "" },
	[UI_RIGHT_SIDE] = { "right_side", "Right side", "" },
	[UI_TIMER_START] = { "timer_start", "Start {time} hold timer", "time" },
	[UI_TIMER_START_FOR] = { "timer_start_for", "Start {time} hold timer for {label}", "time label" },
	[UI_TIMER_STOP] = { "timer_stop", "Stop timer", "" },
	[UI_TIMER_STOP_FOR] = { "timer_stop_for", "Stop timer for {label}", "label" },
	[UI_TIMER_HOLD] = { "timer_hold", "Hold for {time}.", "time" },
	[UI_TIMER_LEFT] = { "timer_left", "{time} left", "time" },
	[UI_TIMER_STOPPED] = { "timer_stopped", "Timer stopped.", "" },
	[UI_TIMER_DONE] = { "timer_done", "Done. You can release the stretch.", "" },
	[UI_STRETCH] = { "stretch", "stretch", "" },
	[UI_LANDMARKS] = { "landmarks", "Landmarks", "" },
	[UI_COVER] = { "cover", "Cover", "" },
	[UI_TITLE_PAGE] = { "title_page", "Title page", "" },
	[UI_START_OF_CONTENT] = { "start_of_content", "Start of content", "" },
	[UI_INTRODUCTION] = { "introduction", "Introduction", "" },
	[UI_SECTION] = { "section", "Section", "" },
	[UI_ALERT_NOTE] = { "alert_note", "Note", "" },
	[UI_ALERT_TIP] = { "alert_tip", "Tip", "" },
	[UI_ALERT_IMPORTANT] = { "alert_important", "Important", "" },
	[UI_ALERT_WARNING] = { "alert_warning", "Warning", "" },
	[UI_ALERT_CAUTION] = { "alert_caution", "Caution", "" },
};

struct ui {
	char *text[UI_NKEYS]; /* NULL: the English text */
};

const char *ui_key_name(enum ui_key k)
{
	return keys[k].key;
}

const char *ui_text(const struct book *b, enum ui_key k)
{
	const struct ui *u = b ? b->ui : NULL;
	return u && u->text[k] ? u->text[k] : keys[k].en;
}

static bool lang_is_english(const char *lang)
{
	return !lang || (strncasecmp(lang, "en", 2) == 0 && (lang[2] == '\0' || lang[2] == '-'));
}

bool ui_is_english(const struct book *b, enum ui_key k)
{
	const struct ui *u = b ? b->ui : NULL;
	return !(u && u->text[k]) && !lang_is_english(b ? b->language : NULL);
}

const char *ui_lang_attr(const struct book *b, enum ui_key k, bool xhtml)
{
	if (!ui_is_english(b, k))
		return "";
	return xhtml ? " lang=\"en\" xml:lang=\"en\"" : " lang=\"en\"";
}

/* Does the placeholder name[0..n) belong to key k? */
static bool takes(enum ui_key k, const char *name, size_t n)
{
	const char *v = keys[k].vars;
	while (*v) {
		size_t l = strcspn(v, " ");
		if (l == n && strncmp(v, name, n) == 0)
			return true;
		v += l;
		while (*v == ' ')
			v++;
	}
	return false;
}

/* The placeholder at s ("{name}"): its name's length, or 0 if s does not
 * start one (a lone brace is text). */
static size_t placeholder(const char *s)
{
	if (*s != '{')
		return 0;
	size_t n = 1;
	while (islower((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n > 1 && s[n] == '}' ? n - 1 : 0;
}

void ui_fill(struct buf *out, const struct book *b, enum ui_key k, const char *const *vars)
{
	const char *s = ui_text(b, k);
	while (*s) {
		size_t n = placeholder(s);
		if (n) {
			const char *val = NULL;
			for (size_t i = 0; vars && vars[i]; i += 2)
				if (strlen(vars[i]) == n && strncmp(vars[i], s + 1, n) == 0)
					val = vars[i + 1];
			if (val) {
				buf_puts(out, val);
				s += n + 2;
				continue;
			}
		}
		buf_putc(out, *s++);
	}
}

/* Read one translation file into u (later files override earlier ones).
 * A missing file is fine when `optional`.  Returns 0 or -1. */
static int load_file(struct diags *d, struct ui *u, const char *path, bool optional)
{
	char *text = NULL;
	size_t len;
	struct fm f;
	int rc = 0;

	if (read_file(path, &text, &len)) {
		if (optional && errno == ENOENT)
			return 0;
		return diag_error(d, (struct pos){ path, 0, 0 }, "cannot read: %s", read_error(path, errno));
	}
	if (memchr(text, '\0', len)) {
		free(text);
		return diag_error(d, (struct pos){ path, 0, 0 }, "contains a NUL byte");
	}
	if (fm_parse(d, path, text, len, 1, &f)) {
		free(text);
		return -1;
	}
	const char *known[UI_NKEYS + 1];
	for (int k = 0; k < UI_NKEYS; k++)
		known[k] = keys[k].key;
	known[UI_NKEYS] = NULL;
	fm_check_keys(d, &f, known, "translation");
	for (size_t i = 0; i < f.n; i++) {
		const struct fm_entry *e = &f.e[i];
		int k;
		for (k = 0; k < UI_NKEYS && strcmp(keys[k].key, e->key); k++)
			;
		if (k == UI_NKEYS)
			continue; /* warned about above */
		char *v = NULL;
		if (e->kind == FM_NULL) {
			v = xstrdup("");
		} else if (fm_get_string(d, e, &v)) {
			rc = -1;
			continue;
		}
		bool ok = true;
		for (const char *s = v; *s; s++) {
			size_t n = placeholder(s);
			if (n && !takes(k, s + 1, n)) {
				if (*keys[k].vars) {
					struct buf use = BUF_INIT;
					for (const char *var = keys[k].vars; *var;) {
						size_t l = strcspn(var, " ");
						buf_printf(&use, "%s{%.*s}", use.len ? ", " : "", (int)l, var);
						var += l + (var[l] == ' ');
					}
					diag_error(d, e->val_pos, "'%s' takes no placeholder {%.*s}: it takes %s", e->key,
						   (int)n, s + 1, use.data);
					buf_release(&use);
				}
				else
					diag_error(d, e->val_pos, "'%s' takes no placeholder {%.*s}", e->key, (int)n,
						   s + 1);
				ok = false;
				break;
			}
		}
		if (!ok) {
			free(v);
			rc = -1;
			continue;
		}
		/* A text that leaves out one of its placeholders hides a number
		 * or a name from the reader: allowed, but said. */
		for (const char *var = keys[k].vars; *var;) {
			size_t l = strcspn(var, " ");
			char want[32];
			snprintf(want, sizeof want, "{%.*s}", (int)l, var);
			if (!strstr(v, want))
				diag_warning(d, e->val_pos, "'%s' does not use %s", e->key, want);
			var += l;
			while (*var == ' ')
				var++;
		}
		free(u->text[k]);
		u->text[k] = v;
	}
	fm_release(&f);
	free(text);
	return rc;
}

int ui_load(struct book *b, const char *theme_dir, struct diags *d)
{
	struct ui *u = xcalloc(1, sizeof *u);
	int rc = 0;
	ui_free(b);
	b->ui = u;
	if (theme_dir && b->language) {
		/* THEME/i18n/pt.yaml, then pt-br.yaml over it */
		char *lang = xstrdup(b->language);
		for (char *p = lang; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		size_t primary = strcspn(lang, "-");
		char *name = xasprintf("i18n/%.*s.yaml", (int)primary, lang);
		char *path = path_join(theme_dir, name);
		rc |= load_file(d, u, path, true);
		free(name);
		free(path);
		if (lang[primary]) {
			name = xasprintf("i18n/%s.yaml", lang);
			path = path_join(theme_dir, name);
			rc |= load_file(d, u, path, true);
			free(name);
			free(path);
		}
		free(lang);
	}
	char *own = path_join(b->source, "ui.yaml");
	if (is_regular_file(own) && !path_is_inside(b->source, own))
		diag_warning(d, (struct pos){ own, 0, 0 }, "symbolic link points outside the book folder; not followed");
	else
		rc |= load_file(d, u, own, true);
	free(own);
	return rc ? -1 : 0;
}

void ui_free(struct book *b)
{
	struct ui *u = b->ui;
	if (!u)
		return;
	for (int k = 0; k < UI_NKEYS; k++)
		free(u->text[k]);
	free(u);
	b->ui = NULL;
}
