/* fuzz_rawhtml.c - the raw-HTML sanitizer (parse/rawhtml.c): the input is
 * HTML; the first byte picks how it sits in a chapter (an HTML block, inline
 * in a paragraph, its lines split by Markdown paragraphs and lists so tags
 * pair across blocks, in a blockquote, in a list item, in a table cell),
 * linking into a small in-memory book.  Parse, link and both renderers run
 * like a real build, and both outputs must be balanced markup: every start
 * tag closed in order, no stray '<' or '&' in text (the XHTML's
 * well-formedness, checked without an XML library).  The input also goes
 * through rawhtml_svg_is_scripted. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "fuzz_common.h"
#include "link/links.h"
#include "parse/rawhtml.h"

static const char other[] = "---\ntitle: Other\n---\n# Other\n\n<span id=\"there\">x</span>\n\n## Ice and rest\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	slug_init();
	md_init();
	return 0;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ':';
}

/* Is s balanced markup as folio writes it?  Tags <name attr="v"…>,
 * </name>, <name … />; text and values hold no '<', every '&' starts
 * &amp; &lt; &gt; &quot; or &#39;; inside <script> (JSON-LD) text is free
 * up to </script>. */
static bool balanced(const char *s, size_t n)
{
	const char *stack[1024];
	size_t depth = 0, i = 0;
	while (i < n) {
		if (s[i] == '&') {
			static const char *const ents[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", NULL };
			bool ok = false;
			for (int k = 0; ents[k] && !ok; k++)
				ok = !strncmp(s + i, ents[k], strlen(ents[k]));
			if (!ok)
				return false;
			i++;
			continue;
		}
		if (s[i] != '<') {
			i++;
			continue;
		}
		bool end = s[i + 1] == '/';
		size_t a = i + 1 + end, b = a;
		while (b < n && name_char(s[b]))
			b++;
		if (b == a)
			return false;
		/* attributes: name="value" pairs up to > or /> */
		size_t j = b;
		for (;;) {
			while (j < n && s[j] == ' ')
				j++;
			if (j >= n)
				return false;
			if (s[j] == '>' || (s[j] == '/' && j + 1 < n && s[j + 1] == '>'))
				break;
			while (j < n && name_char(s[j]))
				j++;
			if (j + 1 >= n || s[j] != '=' || s[j + 1] != '"')
				return false;
			j += 2;
			while (j < n && s[j] != '"') {
				if (s[j] == '<')
					return false;
				j++;
			}
			if (j >= n)
				return false;
			j++;
		}
		bool self = s[j] == '/';
		size_t close = j + (self ? 2 : 1);
		if (end) {
			if (!depth || strlen(stack[depth - 1]) != b - a || strncmp(stack[depth - 1], s + a, b - a))
				return false;
			free((char *)stack[--depth]);
		} else if (!self) {
			if (depth == sizeof stack / sizeof *stack)
				return false;
			stack[depth++] = xstrndup(s + a, b - a);
			if (b - a == 6 && !strncmp(s + a, "script", 6)) { /* JSON-LD: text up to </script> */
				const char *e = strstr(s + close, "</script>");
				if (!e)
					return false;
				close = (size_t)(e - s);
			}
		}
		i = close;
	}
	bool ok = depth == 0;
	while (depth)
		free((char *)stack[--depth]);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || memchr(data, '\0', size)) /* book.c refuses NUL bytes */
		return 0;
	(void)rawhtml_svg_is_scripted((const char *)data + 1, size - 1);
	struct diags *d = diags_new(false);
	struct buf t = BUF_INIT;
	const char *h = (const char *)data + 1;
	size_t hn = size - 1;
	buf_puts(&t, "# Chapter\n\n");
	switch (data[0] % 6) {
	case 0: /* an HTML block (or several) */
		buf_add(&t, h, hn);
		break;
	case 1: /* inline in a paragraph */
		buf_puts(&t, "Before <kbd>x</kbd> ");
		for (size_t i = 0; i < hn; i++)
			buf_putc(&t, h[i] == '\n' ? ' ' : h[i]);
		buf_puts(&t, " *after* [link](#chapter).");
		break;
	case 2: /* each line a block, Markdown between */
		for (size_t i = 0; i < hn; i++) {
			if (h[i] == '\n')
				buf_puts(&t, (i & 1) ? "\n\nSome **text** [a](other.md#there).\n\n" : "\n\n- item\n- `code`\n\n");
			else
				buf_putc(&t, h[i]);
		}
		break;
	case 3: /* in a blockquote */
		buf_puts(&t, "> ");
		for (size_t i = 0; i < hn; i++) {
			buf_putc(&t, h[i]);
			if (h[i] == '\n')
				buf_puts(&t, "> ");
		}
		break;
	case 4: /* in a list item */
		buf_puts(&t, "- ");
		for (size_t i = 0; i < hn; i++) {
			buf_putc(&t, h[i]);
			if (h[i] == '\n')
				buf_puts(&t, "  ");
		}
		break;
	default: /* in a table cell */
		buf_puts(&t, "| a | b |\n|---|---|\n| ");
		for (size_t i = 0; i < hn; i++)
			buf_putc(&t, h[i] == '\n' || h[i] == '|' ? ' ' : h[i]);
		buf_puts(&t, " | x |\n");
		break;
	}
	buf_puts(&t, "\n\n## Ice and rest\n");
	struct fuzz_chapter chs[] = {
		{ "a.md", t.data, t.len, NULL },
		{ "other.md", other, sizeof other - 1, "Other" },
	};
	struct book *b = fuzz_book_new(chs, 2, d);
	for (size_t i = 0; i < b->nchapters; i++) {
		struct chapter *ch = b->chapters[i];
		ch->doc = md_parse(&ch->map, ch->text, ch->len, ch->title, &b->limits, d, NULL);
	}
	links_resolve(b, &fuzz_fs, d);
	for (size_t i = 0; i < b->nchapters; i++) {
		struct buf o[2] = { BUF_INIT, BUF_INIT };
		render_body(&o[0], b, b->chapters[i], FMT_HTML);
		render_body(&o[1], b, b->chapters[i], FMT_XHTML);
		for (int k = 0; k < 2; k++) {
			if (!balanced(o[k].data, o[k].len)) {
				fprintf(stderr, "unbalanced %s output:\n%s\n", k ? "XHTML" : "HTML", o[k].data);
				abort();
			}
			buf_release(&o[k]);
		}
	}
	book_free(b);
	diags_free(d);
	buf_release(&t);
	return 0;
}
