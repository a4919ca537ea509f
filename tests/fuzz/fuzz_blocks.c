/* fuzz_blocks.c - the ```steps / ```faq / ```imagemap block parser and
 * renderer: the input's first byte picks the block, the rest is its YAML
 * body, rendered inside a chapter of a small in-memory book through
 * parse, link and render, like a real build. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "fuzz_common.h"
#include "link/links.h"

static const char other[] =
	"---\ntitle: Other\n---\n# Other\n\n## Ice and rest\n\nText.\n\n## Gluteus medius\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	slug_init();
	md_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags *d = diags_new(false);
	static const char *const kinds[] = { "steps", "faq", "imagemap" };
	if (size < 1 || memchr(data, '\0', size)) /* book.c refuses NUL bytes */
		return diags_free(d), 0;
	const char *kind = kinds[data[0] % 3];
	struct buf t = BUF_INIT;
	buf_printf(&t, "# Chapter\n\nIntro.\n\n## Exercises\n\n````%s\n", kind);
	buf_add(&t, data + 1, size - 1);
	buf_puts(&t, "\n````\n\nAfter.\n");
	struct fuzz_chapter chs[] = {
		{ "a.md", t.data, t.len, NULL },
		{ "muscle-strain.md", other, sizeof other - 1, "Other" },
	};
	struct book *b = fuzz_book_new(chs, 2, d);
	fuzz_build(b, d);
	book_free(b);
	buf_release(&t);
	diags_free(d);
	return 0;
}
