/* init.c - `folio init`: a new book folder to start from, which builds as
 * it is and shows the features an editor needs first (front matter, a
 * checked cross-link with an anchor, a stretch and an FAQ block). */
#include "cmd/init.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/book.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/lang.h"
#include "base/escape.h"
#include "write/fsx.h"
#include "base/xalloc.h"

static const char index_md[] =
	"---\n"
	"title: Welcome\n"
	"---\n"
	"\n"
	"This text opens the book: on the website it is the home page, above the\n"
	"table of contents; in the EPUB it is the introduction.\n"
	"\n"
	"Start with [the first chapter](first-chapter.md).\n";

static const char first_md[] =
	"---\n"
	"title: The first chapter\n"
	"summary: One sentence that says what this chapter is about.\n"
	"order: 1\n"
	"---\n"
	"\n"
	"Every `.md` file in this folder is a chapter; `order:` sets the reading\n"
	"order (files without it follow, by name).\n"
	"\n"
	"## Links that are checked\n"
	"\n"
	"Link to another chapter by its file name, and to a heading in it by the\n"
	"heading's anchor: [what comes next](second-chapter.md#questions).  folio\n"
	"checks both when it builds and makes the link work in the website and the\n"
	"EPUB.\n"
	"\n"
	"## A step list\n"
	"\n"
	"```steps\n"
	"name: Standing stretch\n"
	"hold: 30 s\n"
	"repeat: 2\n"
	"steps:\n"
	"  - Stand tall with your feet hip-width apart.\n"
	"  - Reach both arms overhead and hold.\n"
	"```\n";

static const char second_md[] =
	"---\n"
	"title: The second chapter\n"
	"order: 2\n"
	"---\n"
	"\n"
	"Back to [the first chapter](first-chapter.md#links-that-are-checked).\n"
	"\n"
	"## Questions\n"
	"\n"
	"```faq\n"
	"- q: How do I preview the book while I write?\n"
	"  a: Run `folio serve` in the book's parent folder and open the address it prints.\n"
	"- q: Where do the website and the EPUB go?\n"
	"  a: \"`folio build` writes `out/site/` and `out/<book>.epub`.\"\n"
	"```\n";

/* Is dir missing or an empty folder? */
static bool empty_or_missing(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT;
	struct dirent *e;
	bool empty = true;
	while (empty && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(d);
	return empty;
}

static int put(struct diags *d, const char *dir, const char *name, const char *text, size_t len)
{
	char *p = path_join(dir, name);
	int rc = write_file(d, p, text, len);
	free(p);
	return rc;
}

int init_run(const char *dir, const char *title, const char *language)
{
	if (!lang_is_bcp47(language)) {
		fprintf(stderr, "folio: error: '%s' is not a valid language tag (BCP 47, e.g. en, en-GB, fr)\n",
			language);
		return 2;
	}
	struct diags *d = diags_new(false);
	const char *kind = file_kind(dir);
	if (strcmp(kind, "missing") && strcmp(kind, "a folder"))
		diag_error(d, (struct pos){ dir, 0, 0 }, "this is %s, not a folder; folio init starts a book in a new or empty folder",
			   kind);
	else if (!empty_or_missing(dir))
		diag_error(d, (struct pos){ dir, 0, 0 }, "the folder is not empty; folio init only starts a new book, in a new or "
							 "empty folder");
	if (diags_errors(d) || mkdir_p(d, dir)) {
		diags_print(d, stderr);
		diags_free(d);
		return 1;
	}
	/* book.yaml: the title as a JSON string, which is valid YAML whatever
	 * it holds (quotes, colons, '#') */
	struct buf y = BUF_INIT;
	buf_puts(&y, "# The book's metadata: see README.md (\"book.yaml\") for every key.\ntitle: ");
	esc_json(&y, title, strlen(title));
	buf_printf(&y, "\nlanguage: %s\nauthor: \"\"\ndescription: \"\"\n"
		       "# base_url: https://example.org/book/   # canonical links, sitemap.xml, robots.txt\n"
		       "# cover: images/cover.png               # a PNG or JPEG for the EPUB\n",
		   language);
	int rc = put(d, dir, "book.yaml", y.data, y.len);
	buf_release(&y);
	rc = rc ? rc : put(d, dir, "index.md", index_md, sizeof index_md - 1);
	rc = rc ? rc : put(d, dir, "first-chapter.md", first_md, sizeof first_md - 1);
	rc = rc ? rc : put(d, dir, "second-chapter.md", second_md, sizeof second_md - 1);
	diags_print(d, stderr);
	diags_free(d);
	if (rc)
		return 1;
	printf("folio: a new book in %s/\n"
	       "  folio serve %s     live preview while you write\n"
	       "  folio build %s     the website in out/site/ and the EPUB in out/\n",
	       dir, dir, dir);
	return 0;
}
