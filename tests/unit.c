/* unit.c - unit tests for folio's pieces: buffer, escapers, slugs, paths,
 * front matter (flat and nested values, TOML refused), glob patterns, right-to-left
 * languages, image sizes, the ui key table, source maps, parsing in parallel,
 * the output transaction's spare.  Prints one line per check and "N passed, N failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/escape.h"
#include "base/glob.h"
#include "base/lang.h"
#include "load/frontmatter.h"
#include "write/fsx.h"
#include "write/out.h"
#include "base/imagesize.h"
#include "base/slug.h"
#include "base/srcmap.h"
#include "base/strindex.h"
#include "model/ui.h"
#include "model/doc.h"
#include "parse/markdown.h"
#include "base/pool.h"

/* The tests' diagnostics sink (made in main). */
static struct diags *D;

static int passed, failed;

static void check(int ok, const char *name, const char *got, const char *want)
{
	if (ok) {
		passed++;
		printf("ok   %s\n", name);
	} else {
		failed++;
		printf("FAIL %s\n     got:  [%s]\n     want: [%s]\n", name, got ? got : "(null)", want ? want : "(null)");
	}
}

static void check_str(const char *name, const char *got, const char *want)
{
	check(got && want && strcmp(got, want) == 0, name, got, want);
}

static int buf_ok(const struct buf *b)
{
	return b->data != NULL && b->data[b->len] == '\0' && (b->cap == 0 || b->len < b->cap);
}

static void test_buf(void)
{
	struct buf b = BUF_INIT;
	int ok = buf_ok(&b) && b.len == 0;
	buf_puts(&b, "abc");
	ok = ok && buf_ok(&b) && !strcmp(b.data, "abc");
	buf_printf(&b, "-%d-%s", 42, "x");
	ok = ok && buf_ok(&b) && !strcmp(b.data, "abc-42-x");
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, 'y');
	ok = ok && buf_ok(&b) && b.len == 8 + 10000;
	buf_setlen(&b, 3);
	ok = ok && buf_ok(&b) && !strcmp(b.data, "abc");
	size_t n;
	char *d = buf_detach(&b, &n);
	ok = ok && n == 3 && !strcmp(d, "abc") && buf_ok(&b) && b.len == 0;
	free(d);
	d = buf_detach(&b, &n); /* an empty buffer detaches a fresh "" */
	ok = ok && n == 0 && d[0] == '\0';
	free(d);
	buf_release(&b);
	ok = ok && buf_ok(&b);
	check(ok, "buf: invariants hold after every operation", NULL, NULL);
}

static void test_escape(void)
{
	struct buf b = BUF_INIT;
	esc_html_str(&b, "<a href=\"x\">Tom & 'Jerry'</a>");
	check_str("escape: html text and attributes", b.data,
		  "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
	buf_reset(&b);
	esc_html(&b, "a\x01z\xff", 4);
	check_str("escape: controls and invalid UTF-8 become U+FFFD", b.data, "a\xEF\xBF\xBDz\xEF\xBF\xBD");
	buf_reset(&b);
	const char *js = "</script><!-- \"q\" \\ \xE2\x80\xA8 & >";
	esc_json(&b, js, strlen(js));
	check_str("escape: JSON safe in a script element", b.data,
		  "\"\\u003c/script\\u003e\\u003c!-- \\\"q\\\" \\\\ \\u2028 \\u0026 \\u003e\"");
	buf_reset(&b);
	esc_url(&b, "a b/é%20\"<>", strlen("a b/é%20\"<>"));
	check_str("escape: URL percent-encoding keeps %XX", b.data, "a%20b/%C3%A9%20%22%3C%3E");
	buf_release(&b);
}

static void test_slugs(void)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "Feeding ratios & timing", "feeding-ratios--timing" },
		{ "Ice and rest", "ice-and-rest" },
		{ "What's next?", "whats-next" },
		{ "Crème brûlée", "crème-brûlée" },
		{ "日本語の見出し", "日本語の見出し" },
		{ "C++ and C#: a_b-c", "c-and-c-a_b-c" },
		{ "  Spaces  ", "--spaces--" },
		{ "Emoji 🏃 run", "emoji--run" },
		{ "ÜBER", "über" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *s = slug_heading(cases[i].in, strlen(cases[i].in));
		char name[128];
		snprintf(name, sizeof name, "slug: heading '%s'", cases[i].in);
		check_str(name, s, cases[i].want);
		free(s);
	}
	struct idset *ids = idset_new();
	char *a = idset_unique(ids, "notes", "s"), *b = idset_unique(ids, "notes", "s"),
	     *c = idset_unique(ids, "notes", "s"), *d = idset_unique(ids, "", "section");
	check_str("slug: repeats get -1, -2", b, "notes-1");
	check_str("slug: third repeat", c, "notes-2");
	check_str("slug: empty heading falls back", d, "section");
	free(a), free(b), free(c), free(d);
	idset_free(ids);
	char *f = slug_filename("Bread & Butter — Ünïcode Kitchen", strlen("Bread & Butter — Ünïcode Kitchen"), "book");
	check_str("slug: file name from a unicode title", f, "bread-butter-unicode-kitchen");
	free(f);
	f = slug_filename("!!!", 3, "book");
	check_str("slug: file name fallback", f, "book");
	free(f);
}

static void test_paths(void)
{
	static const struct { const char *dir, *rel, *want; } cases[] = {
		{ "", "a.md", "a.md" },
		{ "causes", "../treatments.md", "treatments.md" },
		{ "a/b", "./c/../d.md", "a/b/d.md" },
		{ "a", "../../etc/passwd", NULL },
		{ "", "/etc/passwd", NULL },
		{ "a", "b//c.md", "a/b/c.md" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *p = path_resolve(cases[i].dir, cases[i].rel);
		char name[128];
		snprintf(name, sizeof name, "path: '%s' + '%s'", cases[i].dir, cases[i].rel);
		if (cases[i].want)
			check_str(name, p, cases[i].want);
		else
			check(p == NULL, name, p, "(refused)");
		free(p);
	}
}

static void test_frontmatter(void)
{
	size_t yo, yl, bo;
	unsigned bl;
	const char *t = "---\ntitle: A\norder: 3\n---\nBody\n";
	int rc = fm_split(D, "x.md", t, strlen(t), &yo, &yl, &bo, &bl);
	check(rc == 0 && yo == 4 && yl == 18 && bl == 5 && !strcmp(t + bo, "Body\n"),
	      "front matter: split finds the YAML and the body line", NULL, NULL);
	struct fm f;
	rc = fm_parse(D, "x.md", t + yo, yl, 2, &f);
	long order = 0;
	check(rc == 0 && f.n == 2 && !strcmp(f.e[0].value, "A") && fm_get_long(D, &f.e[1], &order) == 0 && order == 3 &&
	      f.e[1].key_pos.line == 3,
	      "front matter: keys, values and positions", NULL, NULL);
	fm_release(&f);
	const char *bomb = "a: &a [x, x]\nb: *a\n";
	unsigned before = diags_errors(D);
	rc = fm_parse(D, "x.md", bomb, strlen(bomb), 2, &f);
	check(rc == -1 && diags_errors(D) == before + 1, "front matter: aliases are refused", NULL, NULL);
	const char *open = "---\ntitle: A\n";
	rc = fm_split(D, "x.md", open, strlen(open), &yo, &yl, &bo, &bl);
	check(rc == -1, "front matter: unclosed block is an error", NULL, NULL);
	const char *nested = "stage: Verify\ninfo:\n  owner: Runner\n  tags: [a, b]\nlist: [x, {y: 1}]\nflat: [p, q]\n";
	rc = fm_parse(D, "x.md", nested, strlen(nested), 2, &f);
	check(rc == 0 && f.n == 4 && f.e[0].kind == FM_SCALAR && f.e[1].kind == FM_TREE && f.e[2].kind == FM_TREE &&
	      f.e[3].kind == FM_LIST && f.e[3].nitems == 2 && !strcmp(f.e[3].value, "p, q"),
	      "front matter: nested mappings and lists are trees, a list of scalars is also flat", NULL, NULL);
	if (rc == 0) {
		const struct ynode *info = f.e[1].tree, *tags = ynode_get(info, "tags");
		check(info->kind == Y_MAP && !strcmp(ynode_get(info, "owner")->value, "Runner") && tags && tags->kind == Y_SEQ &&
		      tags->n == 2 && !strcmp(tags->items[1]->value, "b") && tags->items[1]->pos.line == 5,
		      "front matter: a nested value keeps its keys, items and positions", NULL, NULL);
		struct ynode *taken = fm_entry_take(&f.e[0]);
		check(taken->kind == Y_SCALAR && !strcmp(taken->value, "Verify") && taken->pos.line == 2 && taken->pos.col == 8,
		      "front matter: fm_entry_take makes a scalar a node at its value", NULL, NULL);
		ynode_free(taken);
		char *sv = NULL;
		before = diags_errors(D);
		check(fm_get_string(D, &f.e[1], &sv) == -1 && diags_errors(D) == before + 1,
		      "front matter: a mapping where text is expected is a type error", NULL, NULL);
		fm_release(&f);
	}
	const char *dup = "a:\n  b: 1\n  b: 2\n";
	before = diags_errors(D);
	rc = fm_parse(D, "x.md", dup, strlen(dup), 2, &f);
	check(rc == -1 && diags_errors(D) == before + 1, "front matter: a key twice in a nested mapping is an error", NULL, NULL);
	const char *toml = "+++\ntitle = \"A\"\n+++\nBody\n";
	before = diags_errors(D);
	rc = fm_split(D, "x.md", toml, strlen(toml), &yo, &yl, &bo, &bl);
	check(rc == -1 && diags_errors(D) == before + 1 && yl == 0, "front matter: TOML (+++) is an error", NULL, NULL);
	const char *plus = "+++ not front matter\n\nText.\n";
	rc = fm_split(D, "x.md", plus, strlen(plus), &yo, &yl, &bo, &bl);
	check(rc == 0 && yl == 0 && bo == 0, "front matter: a +++ line without a closing one is text", NULL, NULL);
	FILE *null = fopen("/dev/null", "w");
	diags_print(D, null ? null : stderr), diags_clear(D);
	if (null)
		fclose(null);
}

static void test_glob(void)
{
	static const struct { const char *pat, *path; int want; } v[] = {
		{ "drafts", "drafts", 1 },         { "drafts", "a/drafts", 0 },      { "*.md", "x.md", 1 },
		{ "*.md", "a/x.md", 0 },           { "**/*.md", "a/b/x.md", 1 },     { "**/*.md", "x.md", 1 },
		{ "docs/**", "docs/a/b.md", 1 },   { "docs/**", "other/a.md", 0 },   { "a/**/z.md", "a/z.md", 1 },
		{ "a/**/z.md", "a/b/c/z.md", 1 },  { "a/**/z.md", "b/z.md", 0 },     { "/notes/*", "notes/x.md", 1 },
		{ "./notes/?.md", "notes/x.md", 1 }, { "notes/[!a]*.md", "notes/abc.md", 0 },
		{ "notes/[!a]*.md", "notes/bcd.md", 1 }, { "*", "a/b", 0 },        { "**", "a/b", 1 },
		{ "x\\*.md", "x*.md", 1 },          { "x\\*.md", "xa.md", 0 },
	};
	int ok = 1;
	char bad[256] = "";
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		if (glob_match(v[i].pat, v[i].path) != v[i].want) {
			ok = 0;
			snprintf(bad, sizeof bad, "%s against %s gives %d", v[i].pat, v[i].path, !v[i].want);
		}
	check(ok, "glob: *, ?, [..] stay in one folder, ** spans folders, patterns start at the top", bad, "");
}

static void test_rtl(void)
{
	static const char *const rtl[] = { "ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", "ar-EG", "fa-IR",
					   "az-Arab", "ku-Arab", "pa-Arab", "HE", NULL };
	static const char *const ltr[] = { "en", "fr", "ku", "az", "ku-Latn", "ar-Latn", "uz-Cyrl", "hi", "x-klingon",
					   "not a tag", NULL };
	int ok = 1;
	const char *bad = NULL;
	for (int i = 0; rtl[i]; i++)
		if (!lang_is_rtl(rtl[i]))
			ok = 0, bad = rtl[i];
	for (int i = 0; ltr[i]; i++)
		if (lang_is_rtl(ltr[i]))
			ok = 0, bad = ltr[i];
	check(ok, "lang: right-to-left languages and scripts (a script subtag decides)", bad, NULL);
}

/* image_size on hand-made headers: each format, damaged and hostile ones */
static void size_case(const char *name, const void *data, size_t len, const char *type, long want_w, long want_h)
{
	long w = -1, h = -1;
	bool ok = image_size(data, len, type, &w, &h);
	char got[64], want[64];
	snprintf(got, sizeof got, ok ? "%ldx%ld" : "unknown", w, h);
	snprintf(want, sizeof want, want_w ? "%ldx%ld" : "unknown", want_w, want_h);
	check_str(name, got, want);
}

static void test_imagesize(void)
{
	static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x02\x80\0\0\x01\xe0\x08\x02\0\0\0";
	size_case("image size: PNG 640x480", png, sizeof png - 1, "image/png", 640, 480);
	size_case("image size: PNG cut short", png, 20, "image/png", 0, 0);
	static const unsigned char png0[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\0\0\0\x01\xe0";
	size_case("image size: PNG with width 0 is unknown", png0, sizeof png0 - 1, "image/png", 0, 0);
	static const unsigned char gif[] = "GIF89a\x2c\x01\xc8\x00";
	size_case("image size: GIF 300x200", gif, sizeof gif - 1, "image/gif", 300, 200);
	/* JPEG: SOI, an APP0 segment to skip, fill bytes, SOF2 (progressive) */
	static const unsigned char jpg[] = "\xff\xd8\xff\xe0\x00\x06JFIF\xff\xff\xc2\x00\x11\x08\x03\x20\x04\xb0\x03";
	size_case("image size: JPEG 1200x800 after APP0 and fill bytes", jpg, sizeof jpg - 1, "image/jpeg", 1200, 800);
	static const unsigned char jpg_dht[] = "\xff\xd8\xff\xc4\x00\x04\x00\x00\xff\xc0\x00\x11\x08\x00\x10\x00\x20\x03";
	size_case("image size: JPEG skips DHT (C4), reads SOF0", jpg_dht, sizeof jpg_dht - 1, "image/jpeg", 32, 16);
	static const unsigned char jpg_loop[] = "\xff\xd8\xff\xe0\x00\x00";
	size_case("image size: JPEG with a 0-length segment is unknown", jpg_loop, sizeof jpg_loop - 1, "image/jpeg", 0, 0);
	static const unsigned char jpg_sos[] = "\xff\xd8\xff\xda\x00\x08";
	size_case("image size: JPEG scan before any frame is unknown", jpg_sos, sizeof jpg_sos - 1, "image/jpeg", 0, 0);
	static const unsigned char vp8x[] = "RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0\x1f\x03\0\x57\x02\0\0\0\0\0\0\0\0\0";
	size_case("image size: WebP (VP8X) 800x600", vp8x, sizeof vp8x - 1, "image/webp", 800, 600);
	static const unsigned char vp8l[] = "RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2f\x63\xc0\x63\x00\0\0\0\0\0\0\0\0\0\0\0\0";
	size_case("image size: WebP (VP8L) 100x400", vp8l, sizeof vp8l - 1, "image/webp", 100, 400);
	const char *svg1 = "<?xml version=\"1.0\"?>\n<!-- <svg width=\"1\"> -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" stroke-width=\"9\" width=\"120px\" height=\"80\">";
	size_case("image size: SVG width/height in px (a comment and stroke-width ignored)", svg1, strlen(svg1), "image/svg+xml", 120, 80);
	const char *svg2 = "<svg viewBox=\"0 0 400 300\" width=\"100%\">";
	size_case("image size: SVG with width 100% uses the viewBox", svg2, strlen(svg2), "image/svg+xml", 400, 300);
	const char *svg3 = "<svg viewBox='0,0,400,200' width='200'>";
	size_case("image size: SVG width and viewBox: height from the aspect ratio", svg3, strlen(svg3), "image/svg+xml", 200, 100);
	const char *svg4 = "<svg width=\"10em\" height=\"5em\">";
	size_case("image size: SVG in em and no viewBox is unknown", svg4, strlen(svg4), "image/svg+xml", 0, 0);
	const char *svg5 = "<svg viewBox=\"0 0 1e300 5\">";
	size_case("image size: SVG with an absurd viewBox is unknown", svg5, strlen(svg5), "image/svg+xml", 0, 0);
	size_case("image size: PNG bytes named .jpg are unknown", png, sizeof png - 1, "image/jpeg", 0, 0);
	size_case("image size: AVIF is not measured", png, sizeof png - 1, "image/avif", 0, 0);
}

/* The ui key table (UI_KEYS): names unique, every {placeholder} of an
 * English text declared, the script column as the scripts need it. */
static void test_ui_keys(void)
{
	bool names_ok = true, vars_ok = true, script_ok = true;
	for (int k = 0; k < UI_NKEYS; k++) {
		const char *name = ui_key_name(k), *en = ui_text(NULL, k);
		bool want = !strncmp(name, "timer_", 6) || !strncmp(name, "search_", 7) || !strcmp(name, "stretch") ||
			    !strcmp(name, "toggle_section");
		for (int j = 0; j < k; j++)
			if (!strcmp(name, ui_key_name(j)))
				names_ok = false;
		if (ui_for_script(k) != want) {
			script_ok = false;
			printf("     %s: for_script %d\n", name, ui_for_script(k));
		}
		/* filling every declared placeholder leaves no brace behind */
		const char *vars[] = { "n", "", "time", "", "label", "", "title", "", "number", "", "count", "",
				       "minutes", "", "date", "", "name", "", NULL };
		struct buf b = BUF_INIT;
		ui_fill(&b, NULL, k, vars);
		if (strchr(b.data, '{') || strchr(b.data, '}')) {
			vars_ok = false;
			printf("     %s: %s\n", name, en);
		}
		buf_release(&b);
	}
	check(names_ok, "ui: every key name is unique", NULL, NULL);
	check(vars_ok, "ui: the English texts use only placeholders the tests know", NULL, NULL);
	check(script_ok, "ui: ui_for_script is the timer_*, search_* keys, stretch and toggle_section", NULL, NULL);
	check_str("ui: a new key (last_reviewed) and its English", ui_text(NULL, UI_LAST_REVIEWED), "Last reviewed {date}");
	check_str("ui: alert titles are keys", ui_key_name(UI_ALERT_CAUTION), "alert_caution");
	const char *date[] = { "date", "2024-05-01", NULL };
	struct buf b = BUF_INIT;
	ui_fill(&b, NULL, UI_LAST_REVIEWED, date);
	check_str("ui: ui_fill fills {date}", b.data, "Last reviewed 2024-05-01");
	buf_reset(&b);

	/* a huge value is cut at UI_FILL_MAX bytes, between two characters */
	struct buf big = BUF_INIT;
	for (int i = 0; i < 5000; i++)
		buf_puts(&big, "\xC3\xA9"); /* é */
	const char *title[] = { "title", big.data, NULL };
	buf_puts(&b, "before:");
	ui_fill(&b, NULL, UI_SEARCH_LABEL, title); /* "Search {title}": 7 bytes, then 2-byte characters */
	check(b.len == 7 + 7 + 4088 && !memcmp(b.data + b.len - 2, "\xC3\xA9", 2),
	      "ui: ui_fill appends at most UI_FILL_MAX bytes, cut on a UTF-8 boundary", NULL, NULL);
	buf_reset(&b);
	ui_fill(&b, NULL, UI_SEARCH_LABEL, (const char *[]){ "title", "Tiny", NULL });
	check_str("ui: ui_fill under the bound is unchanged", b.data, "Search Tiny");
	buf_release(&big);
	buf_release(&b);
}

/* A chapter whose body starts at its line 4 and includes two lines of
 * "inc.rs" (its lines 10 and 12: an anchor line between them left out)
 * after "> " on text line 3, the chapter going on after the directive. */
/* strindex: a few names scanned, then hashed; every name found at its
 * position, by an equal string at another address too; absent ones not. */
static void test_strindex(void)
{
	enum { N = 3000 };
	static char store[N][16], probe[16];
	const char *names[N + 1];
	struct strindex x = STRINDEX_INIT;
	size_t n = 0, bad = 0;
	names[n++] = NULL;
	strindex_added(&x, names, n);
	for (int i = 1; i < N; i++) {
		snprintf(store[i], sizeof store[i], "part/p%d.txt", i);
		if (strindex_find(&x, names, n, store[i]) != n)
			bad++;
		names[n++] = store[i];
		strindex_added(&x, names, n);
		if (i == 5 || i == 2999)
			for (int j = 1; j <= i; j++) {
				snprintf(probe, sizeof probe, "part/p%d.txt", j);
				if (strindex_find(&x, names, n, probe) != (size_t)j)
					bad++;
			}
	}
	if (strindex_find(&x, names, n, NULL) != 0 || strindex_find(&x, names, n, "part/p3000.txt") != n)
		bad++;
	char got[32];
	snprintf(got, sizeof got, "%zu wrong, hashed %d", bad, x.nslot > 0);
	check_str("strindex: 3,000 names found at their positions (scanned, then hashed), absent ones not", got,
		"0 wrong, hashed 1");
	strindex_release(&x);
}

static void test_srcmap(void)
{
	struct srcmap m;
	srcmap_init(&m, "ch.md", 4);
	srcmap_add(&m, 2, 1, "ch.md", 5, 1, 0);  /* implied: not stored */
	srcmap_add(&m, 3, 3, "inc.rs", 10, 1, 2); /* "> {{#include inc.rs:x}}" */
	srcmap_add(&m, 4, 3, "inc.rs", 12, 1, 2); /* "> " again, the next line */
	srcmap_add(&m, 4, 9, "ch.md", 6, 25, 0);  /* after the directive's "}}" */
	static const struct { unsigned line, col; const char *file; unsigned oline, ocol; } cases[] = {
		{ 1, 1, "ch.md", 4, 1 },   { 2, 7, "ch.md", 5, 7 },   { 3, 1, "ch.md", 6, 1 },
		{ 3, 3, "inc.rs", 10, 1 }, { 3, 8, "inc.rs", 10, 6 }, { 4, 3, "inc.rs", 12, 1 },
		{ 4, 8, "inc.rs", 12, 6 }, { 4, 9, "ch.md", 6, 25 },  { 5, 2, "ch.md", 7, 2 },
	};
	char got[160], want[160];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct pos p = srcmap_pos(&m, cases[i].line, cases[i].col);
		snprintf(got, sizeof got, "%s:%u:%u", p.file ? p.file : "(null)", p.line, p.col);
		snprintf(want, sizeof want, "%s:%u:%u", cases[i].file, cases[i].oline, cases[i].ocol);
		char name[64];
		snprintf(name, sizeof name, "srcmap: text %u:%u", cases[i].line, cases[i].col);
		check_str(name, got, want);
	}
	snprintf(got, sizeof got, "%zu segments, %zu files", m.n, m.nfiles);
	check_str("srcmap: implied segments are not stored, names once", got, "4 segments, 2 files");
	srcmap_release(&m);
	struct pos p = srcmap_pos(&m, 3, 3);
	check(p.file == NULL && p.line == 3, "srcmap: an empty map gives no file", p.file, "(null)");
}

/* Parsing in parallel (md_init and parse in parse/markdown.c, cmark-gfm
 * #221): 64 parses on 4 threads of texts full of autolinks (parsed with no
 * lock) and of strikethrough (those take strike_lock) must each give the
 * links and strikes that one parse alone gives.  With cmark-gfm's
 * character table switched by every parse, parses running at once lose
 * autolinks and '~' under each other. */
struct par_job {
	const char *text[2];
	unsigned strikes[64], links[64];
};

static void count_nodes(const struct doc *d, unsigned *strikes, unsigned *links)
{
	bool enter = true;
	*strikes = *links = 0;
	for (const struct node *n = d->root; (n = doc_next(d->root, n, &enter));)
		if (enter && n->type == N_STRIKE)
			++*strikes;
		else if (enter && n->type == N_LINK)
			++*links;
}

static void par_parse(size_t i, void *arg)
{
	struct par_job *j = arg;
	const char *text = j->text[i % 2];
	struct diags *d = diags_new(false);
	struct srcmap m;
	srcmap_init(&m, "par.md", 1);
	struct doc *doc = md_parse(&m, text, strlen(text), NULL, NULL, d, NULL);
	count_nodes(doc, &j->strikes[i], &j->links[i]);
	doc_free(doc);
	srcmap_release(&m);
	diags_free(d);
}

static void test_parallel_parse(void)
{
	struct buf links = BUF_INIT, strikes = BUF_INIT;
	for (int i = 0; i < 300; i++) {
		buf_printf(&links, "Line %d: see www.example%d.org and https://x.example/%d.\n\n", i, i, i);
		buf_printf(&strikes, "Line %d: ~~old %d~~ new, see www.example%d.org.\n\n", i, i, i);
	}
	struct par_job *j = calloc(1, sizeof *j);
	j->text[0] = links.data;
	j->text[1] = strikes.data;
	unsigned want_s[2], want_l[2];
	for (int k = 0; k < 2; k++) {
		struct diags *d = diags_new(false);
		struct srcmap m;
		srcmap_init(&m, "par.md", 1);
		struct doc *doc = md_parse(&m, j->text[k], strlen(j->text[k]), NULL, NULL, d, NULL);
		count_nodes(doc, &want_s[k], &want_l[k]);
		doc_free(doc);
		srcmap_release(&m);
		diags_free(d);
	}
	check(want_s[0] == 0 && want_l[0] == 600 && want_s[1] == 300 && want_l[1] == 300,
	      "parse: strikethrough and autolinks (one parse)", NULL, NULL);
	parallel_for(64, 4, par_parse, j);
	bool same = true;
	for (int i = 0; i < 64; i++)
		if (j->strikes[i] != want_s[i % 2] || j->links[i] != want_l[i % 2]) {
			printf("     parse %d: %u strikes, %u links (want %u, %u)\n", i, j->strikes[i], j->links[i],
			       want_s[i % 2], want_l[i % 2]);
			same = false;
		}
	check(same, "parse: 64 parses on 4 threads give every strike and autolink", NULL, NULL);
	free(j);
	buf_release(&links);
	buf_release(&strikes);
}

/* ---- the output transaction: the spare keeps its files (write/out.c) ---- */

/* Every entry under `dir` (sorted, not following links): its kind, path,
 * and a regular file's bytes; with `inodes`, each file's inode number and
 * ctime instead. */
static void snap_tree(struct buf *o, const char *dir, const char *rel, bool inodes)
{
	struct dirent **de;
	int n = scandir(dir, &de, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		const char *nm = de[i]->d_name;
		if (strcmp(nm, ".") && strcmp(nm, "..")) {
			char *p = path_join(dir, nm), *r = path_join(rel, nm);
			struct stat st;
			if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
				buf_printf(o, "d %s\n", r);
				snap_tree(o, p, r, inodes);
			} else if (S_ISREG(st.st_mode)) {
				char *data = NULL;
				size_t len = 0;
				read_file(p, &data, &len);
				if (inodes) /* (a hard link made or removed changes the file's ctime) */
					buf_printf(o, "f %s %llu.%lld.%ld\n", r, (unsigned long long)st.st_ino,
						   (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
				else
					buf_printf(o, "f %s [%s]\n", r, data ? data : "?");
				free(data);
			} else {
				buf_printf(o, "? %s\n", r);
			}
			free(p);
			free(r);
		}
		free(de[i]);
	}
	free(de);
}

static char *snap(const char *dir, bool inodes)
{
	struct buf o = BUF_INIT;
	snap_tree(&o, dir, "", inodes);
	return buf_detach(&o, NULL);
}

/* One build into `out` of files[] ("name", "bytes", ... NULL) and an
 * EPUB holding `epub`; committed, or aborted (with `fail`). */
static int out_build(const char *out, const char *const *files, const char *epub, bool fail)
{
	struct out_txn *t = out_begin(D, out, "b.epub");
	if (!t)
		return -1;
	int rc = 0;
	for (size_t i = 0; files[i] && !rc; i += 2) {
		const char *piece = files[i + 1];
		size_t len = strlen(piece);
		rc = out_write_pieces(t, D, files[i], &piece, &len, 1);
	}
	if (!rc)
		rc = out_make_room(t, D, "b.epub");
	if (!rc) {
		char *p = path_join(out_site_dir(t), "b.epub");
		rc = write_file(D, p, epub, strlen(epub));
		free(p);
	}
	if (rc || fail) {
		out_abort(t);
		return rc ? rc : 1;
	}
	return out_commit(t, D);
}

static void test_out_spare(void)
{
	char tmpl[] = "/tmp/folio-unit-out-XXXXXX";
	if (!mkdtemp(tmpl)) {
		check(0, "out: a temporary folder", "mkdtemp failed", "a folder");
		return;
	}
	char *out = path_join(tmpl, "out"), *site = path_join(out, "site"), *spare = path_join(out, ".folio-spare/site");
	static const char *const one[] = { "index.html", "home", "a/x.html", "x1", "k", "k file", "q/x.css", "q",
					   "gone/deep/g.css", "g", NULL };
	/* k becomes a folder, q a file, gone/ goes, a/x.html changes, other/ is new */
	static const char *const two[] = { "index.html", "home", "a/x.html", "x2", "k/y.css", "k/y", "q", "q file",
					   "other/o.html", "o", NULL };
	int rc = out_build(out, one, "E1", false);
	rc = rc ? rc : out_build(out, one, "E1", false);
	char *site1 = snap(site, false);
	check(rc == 0, "out: two builds", NULL, NULL);
	char *spare1 = snap(spare, false);
	check_str("out: after two builds the spare holds the replaced site, files and all", spare1, site1);

	char *before = snap(out, false);
	rc = out_build(out, two, "E2", true);
	char *after = snap(out, false);
	check(rc == 1, "out: the build with files and folders changed places fails as told", NULL, NULL);
	check_str("out: a failed build leaves OUT as it was, the spare's files and folders included", after, before);
	free(after);

	rc = out_build(out, two, "E2", false);
	char *site2 = snap(site, false);
	check_str("out: a build from the spare gives exactly the new files",
		  site2, "d a\nf a/x.html [x2]\nf b.epub [E2]\nf index.html [home]\nd k\nf k/y.css [k/y]\nd other\n"
			 "f other/o.html [o]\nf q [q file]\n");
	free(spare1);
	spare1 = snap(spare, false);
	check_str("out: ... and the spare then holds the site it replaced", spare1, site1);

	/* a steady rebuild: every file but the EPUB is one that was there,
	 * untouched (not even hard-linked again) */
	rc = out_build(out, two, "E2", false); /* (the spare: two builds back) */
	char *ino_before = snap(out, true);
	rc = rc ? rc : out_build(out, two, "E2", false);
	char *ino_site = snap(site, true);
	bool reused = rc == 0;
	for (char *line = ino_site, *nl; reused && line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		const char *ino = strrchr(line, ' ');
		if (line[0] == 'f' && strncmp(line, "f b.epub ", 9) && ino) {
			struct buf want = BUF_INIT;
			buf_printf(&want, "%s\n", ino);
			reused = strstr(ino_before, want.data) != NULL;
			if (!reused)
				printf("     new inode: %s\n", line);
			buf_release(&want);
		}
	}
	check(reused, "out: a rebuild of the same files leaves each file of the spare as it was (no new inode, no new link), but the EPUB", NULL, NULL);
	char *site3 = snap(site, false);
	check_str("out: ... and gives the same site", site3, site2);
	free(ino_before);
	free(ino_site);
	free(site3);
	free(site1);
	free(site2);
	free(spare1);
	free(before);
	remove_tree(tmpl);
	free(out);
	free(site);
	free(spare);
}

int main(void)
{
	D = diags_new(false);
	slug_init();
	test_buf();
	test_escape();
	test_slugs();
	test_paths();
	test_frontmatter();
	test_glob();
	test_rtl();
	test_imagesize();
	test_ui_keys();
	test_strindex();
	test_srcmap();
	test_out_spare();
	md_init();
	test_parallel_parse();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
