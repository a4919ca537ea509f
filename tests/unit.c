/* unit.c - unit tests for folio's pieces: buffer, escapers, slugs, paths,
 * front matter.  Prints one line per check and "N passed, N failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "frontmatter.h"
#include "fsx.h"
#include "slug.h"

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
	int rc = fm_split("x.md", t, strlen(t), &yo, &yl, &bo, &bl);
	check(rc == 0 && yo == 4 && yl == 18 && bl == 5 && !strcmp(t + bo, "Body\n"),
	      "front matter: split finds the YAML and the body line", NULL, NULL);
	struct fm f;
	rc = fm_parse("x.md", t + yo, yl, 2, &f);
	long order = 0;
	check(rc == 0 && f.n == 2 && !strcmp(f.e[0].value, "A") && fm_get_long(&f.e[1], &order) == 0 && order == 3 &&
	      f.e[1].key_pos.line == 3,
	      "front matter: keys, values and positions", NULL, NULL);
	fm_release(&f);
	const char *bomb = "a: &a [x, x]\nb: *a\n";
	unsigned before = diag_error_count();
	rc = fm_parse("x.md", bomb, strlen(bomb), 2, &f);
	check(rc == -1 && diag_error_count() == before + 1, "front matter: aliases are refused", NULL, NULL);
	const char *open = "---\ntitle: A\n";
	rc = fm_split("x.md", open, strlen(open), &yo, &yl, &bo, &bl);
	check(rc == -1, "front matter: unclosed block is an error", NULL, NULL);
	FILE *null = fopen("/dev/null", "w");
	diag_flush(null ? null : stderr);
	if (null)
		fclose(null);
}

int main(void)
{
	slug_init();
	test_buf();
	test_escape();
	test_slugs();
	test_paths();
	test_frontmatter();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
