/* fuzz_include.c - {{#include}} expansion (load/include.c): the input is a
 * chapter's body in a small book on disk (made once, in a temporary
 * folder: a listing with anchors, a fragment that includes it, one that
 * includes itself, a nested folder); the chapter is expanded, every
 * position of the expanded text is mapped back through its srcmap and
 * must land in a file of the book, at a line and column from 1; then the
 * book is parsed, linked and rendered as a build does it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"
#include "load/include.h"

/* The book folder, made once: only the fuzzer's own files are in it.  (The
 * one piece of state kept between inputs, read-only after this.) */
static char book_dir[64];

static void put(const char *rel, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", book_dir, rel);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
}

static void cleanup(void)
{
	remove_tree(book_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	slug_init();
	md_init();
	snprintf(book_dir, sizeof book_dir, "/tmp/folio-fuzz-include.XXXXXX");
	if (!mkdtemp(book_dir))
		abort();
	atexit(cleanup);
	char sub[128];
	snprintf(sub, sizeof sub, "%s/sub", book_dir);
	mkdir(sub, 0700);
	put("book.yaml", "title: Fuzz\n");
	put("listing.rs", "// ANCHOR: all\nfn a() {}\n// ANCHOR: b\nfn b() {}\n// ANCHOR_END: b\r\n// ANCHOR_END: all\n");
	put("frag.md", "# Fragment\n\n> {{#include listing.rs:b}}\n\n[x](a.md) \\{{#include x}}\n");
	put("self.md", "again {{#include self.md}}\n");
	put("sub/inner.txt", "{{#include ../frag.md}} {{< hugo >}} {{#title T}}");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags *d = diags_new(false);
	if (memchr(data, '\0', size)) /* book.c refuses NUL bytes */
		return diags_free(d), 0;
	struct fuzz_chapter chs[] = { { "a.md", (const char *)data, size, "A" } };
	struct book *b = fuzz_book_new(chs, 1, d);
	free(b->source);
	b->source = xstrdup(book_dir);
	struct chapter *ch = b->chapters[0];
	include_chapter(b, ch);
	/* every position of the expanded body maps into a file, from 1 */
	unsigned line = 1, col = 1;
	for (size_t i = ch->body_off; i <= ch->len; i++) {
		struct pos p = srcmap_pos(&ch->map, line, col);
		if (!p.file || !p.line || !p.col)
			abort();
		if (i < ch->len && ch->text[i] == '\n')
			line++, col = 1;
		else
			col++;
	}
	if (ch->text[ch->len])
		abort();
	fuzz_build(b, d);
	book_free(b);
	diags_free(d);
	return 0;
}
