/* fuzz_links.c - link resolution: the input is a chapter's Markdown, with
 * links into a small in-memory book whose chapters and files exist;
 * the link stage resolves them (files from an in-memory file system),
 * checks fragments and computes backlinks; both renderers run. */
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
	fuzz_build(b, d);
	book_free(b);
	diags_free(d);
	return 0;
}
