/* fuzz_links.c - link resolution: the input is a chapter's Markdown, with
 * links into a small in-memory book whose chapters and files exist;
 * md_render_chapter resolves them and links_check checks fragments and
 * computes backlinks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "link/links.h"

static const char treat[] =
	"# Treatments\n\n## Ice and rest\n\nSee [causes](../causes.md#strain) and [me](#ice-and-rest).\n\n"
	"## Ice and rest\n\n![hip](../images/hip.png)\n";
static const char causes[] = "---\ntitle: Causes\n---\n## Strain\n\n[back](sub/treatments.md#ice-and-rest-1)\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	slug_init();
	md_init();
	fuzz_book_dir();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags *d = diags_new(false);
	if (memchr(data, '\0', size)) /* book.c refuses NUL bytes */
		return diags_free(d), 0;
	struct fuzz_chapter chs[] = {
		{ "causes.md", causes, sizeof causes - 1, "Causes" },
		{ "a.md", (const char *)data, size, "A" },
		{ "sub/treatments.md", treat, sizeof treat - 1, NULL },
	};
	struct book *b = fuzz_book_new(chs, 3, d);
	for (size_t i = 0; i < b->nchapters; i++)
		md_render_chapter(b, b->chapters[i]);
	links_check(b);
	book_free(b);
	diags_free(d);
	return 0;
}
