/* fuzz_frontmatter.c - front matter splitting and mapping (fm_split,
 * fm_parse, the typed accessors, fm_check_keys) and YAML trees
 * (yaml_parse_tree, the bodies of ```steps / ```faq blocks). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "load/frontmatter.h"
#include "fuzz_common.h"

static const char *const keys[] = { "title", "order", "summary", "slug", "draft", NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags *d = diags_new(false);
	/* a NUL-terminated copy, as read_file gives it */
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	size_t yoff, ylen, boff;
	unsigned bline;
	if (fm_split(d, "f.md", text, size, &yoff, &ylen, &boff, &bline) == 0) {
		if (yoff > size || ylen > size - yoff || boff > size || bline == 0)
			abort();
		struct fm f;
		if (ylen && fm_parse(d, "f.md", text + yoff, ylen, 2, &f) == 0) {
			fm_check_keys(d, &f, keys, "front matter");
			for (size_t i = 0; i < f.n; i++) {
				bool bv;
				long lv;
				char *s = NULL;
				fm_get_bool(d, &f.e[i], &bv);
				fm_get_long(d, &f.e[i], &lv);
				if (fm_get_string(d, &f.e[i], &s) == 0)
					free(s);
			}
			fm_release(&f);
		}
	}
	/* the whole input as book.yaml */
	struct fm g;
	if (fm_parse(d, "book.yaml", text, size, 1, &g) == 0)
		fm_release(&g);
	/* the whole input as a block's YAML body */
	struct ynode *t = yaml_parse_tree(d, "f.md", text, size, 3, 1);
	if (t) {
		ynode_get(t, "name");
		ynode_free(t);
	}
	free(text);
	diags_free(d);
	return 0;
}
