/* render.c - folio render (see render.h): load one file, parse, link,
 * render, print. */
#include "cmd/render.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "link/links.h"
#include "model/book.h"
#include "parse/markdown.h"
#include "render/html.h"

int render_run(const char *file, bool xhtml, bool strict)
{
	struct diags *d = diags_new(strict);
	struct book *b = book_load_file(file, d);
	int rc = 1;
	if (b && b->nchapters == 1) {
		struct chapter *ch = b->chapters[0];
		ch->doc = md_parse(&ch->map, ch->text + ch->body_off, ch->len - ch->body_off, ch->title, &b->limits, d,
				   NULL);
		struct link_fs fs = link_fs_disk(b->source);
		links_resolve(b, &fs, d);
		if (!diags_errors(d)) {
			struct buf out = BUF_INIT;
			render_body(&out, b, ch, xhtml ? FMT_XHTML : FMT_HTML);
			fwrite(out.data, 1, out.len, stdout);
			buf_release(&out);
			rc = fflush(stdout) ? 1 : 0;
		}
	}
	diags_print(d, stderr);
	book_free(b);
	diags_free(d);
	return rc;
}

int render_main(int argc, char **argv)
{
	const char *file = NULL;
	bool xhtml = false, strict = false;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--to=html") || !strcmp(a, "--to=xhtml")) {
			xhtml = a[5] == 'x';
		} else if (!strcmp(a, "--to") && i + 1 < argc && (!strcmp(argv[i + 1], "html") || !strcmp(argv[i + 1], "xhtml"))) {
			xhtml = argv[++i][0] == 'x';
		} else if (!strcmp(a, "--strict")) {
			strict = true;
		} else if (a[0] == '-' || file) {
			fprintf(stderr, "folio: usage: folio render [--to=html|xhtml] [--strict] FILE.md\n");
			return 2;
		} else {
			file = a;
		}
	}
	if (!file) {
		fprintf(stderr, "folio: usage: folio render [--to=html|xhtml] [--strict] FILE.md\n");
		return 2;
	}
	return render_run(file, xhtml, strict);
}
