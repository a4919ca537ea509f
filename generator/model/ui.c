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
#include "base/lang.h"

/* The keys in file form, their English text, the placeholders each takes
 * (space-separated) and whether the scripts need them: UI_KEYS in ui.h. */
static const struct {
	const char *key, *en, *vars;
	bool script;
} keys[UI_NKEYS] = {
#define UI_ROW_(name, key, en, vars, script) [UI_##name] = { key, en, vars, script },
	UI_KEYS(UI_ROW_)
#undef UI_ROW_
};

struct ui {
	char *text[UI_NKEYS]; /* NULL: the English text */
};

const char *ui_key_name(enum ui_key k)
{
	return keys[k].key;
}

bool ui_for_script(enum ui_key k)
{
	return keys[k].script;
}

const char *ui_text(const struct book *b, enum ui_key k)
{
	const struct ui *u = b ? b->ui : NULL;
	return u && u->text[k] ? u->text[k] : keys[k].en;
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

/* Append s[0..n) to out, but no more than *room bytes, cut before a UTF-8
 * continuation byte so no character is split; *room shrinks by the bytes
 * appended (to 0 once anything was cut). */
static void S_add_bounded(struct buf *out, const char *s, size_t n, size_t *room)
{
	if (n > *room) {
		n = *room;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		*room = 0;
	} else {
		*room -= n;
	}
	buf_add(out, s, n);
}

void ui_fill(struct buf *out, const struct book *b, enum ui_key k, const char *const *vars)
{
	const char *s = ui_text(b, k);
	size_t room = UI_FILL_MAX;
	while (*s && room) {
		size_t n = placeholder(s);
		if (n) {
			const char *val = NULL;
			for (size_t i = 0; vars && vars[i]; i += 2)
				if (strlen(vars[i]) == n && strncmp(vars[i], s + 1, n) == 0)
					val = vars[i + 1];
			if (val) {
				S_add_bounded(out, val, strlen(val), &room);
				s += n + 2;
				continue;
			}
		}
		/* text up to the next brace that may start a placeholder */
		size_t t = 1 + strcspn(s + 1, "{");
		S_add_bounded(out, s, t, &room);
		s += t;
	}
}

/* How often "{name}" (name[0..n)) occurs in v. */
static unsigned S_count_var(const char *v, const char *name, size_t n)
{
	unsigned c = 0;
	for (; *v; v++)
		if (placeholder(v) == n && !strncmp(v + 1, name, n))
			c++;
	return c;
}

/* The bounds of ui.h on one translated text v of key k (entry e).  Its
 * placeholders are known to be k's.  Returns 0, or -1 after diag_error. */
static int S_check_bounds(struct diags *d, const struct fm_entry *e, enum ui_key k, const char *v)
{
	unsigned total = 0;
	for (const char *var = keys[k].vars; *var;) {
		size_t l = strcspn(var, " ");
		unsigned c = S_count_var(v, var, l);
		if (c > UI_VAR_REPEAT_MAX)
			return diag_error(d, e->val_pos,
					  "'%s' uses {%.*s} %u times; a text may use a placeholder at most %d times",
					  e->key, (int)l, var, c, UI_VAR_REPEAT_MAX);
		total += c;
		var += l;
		while (*var == ' ')
			var++;
	}
	if (total > UI_VARS_MAX)
		return diag_error(d, e->val_pos, "'%s' uses %u placeholders; a text may use at most %d", e->key, total,
				  UI_VARS_MAX);
	if (strlen(v) > UI_TEXT_MAX)
		return diag_error(d, e->val_pos, "'%s' is %zu bytes long; a text may be at most %d bytes", e->key,
				  strlen(v), UI_TEXT_MAX);
	return 0;
}

/* Read one translation file into u (later files override earlier ones).
 * A missing file is fine when `optional`.  Returns 0 or -1. */
static int load_file(struct diags *d, struct ui *u, const char *path, bool optional)
{
	char *text = NULL;
	size_t len;
	struct fm f;
	int rc = 0;

	if (read_file_max(path, SMALL_FILE_MAX, &text, &len)) {
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
		if (!ok || S_check_bounds(d, e, k, v)) {
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
	char *own = path_join(book_root(b), "ui.yaml");
	if (is_regular_file(own) && !path_is_inside(book_root(b), own))
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
