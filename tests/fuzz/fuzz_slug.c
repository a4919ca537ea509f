/* fuzz_slug.c - heading ids (slug_heading), file-name slugs
 * (slug_filename), EPUB ids and id sets (idset_unique: repeats get -1, -2). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/slug.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	slug_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *h = slug_heading(s, size);
	char *f = slug_filename(s, size, "fallback");
	if (!*f || strlen(f) > 80)
		abort();
	for (const char *p = f; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			if (strcmp(f, "fallback"))
				abort();
	struct buf e = BUF_INIT;
	slug_epub_id(&e, h);
	buf_release(&e);

	/* every line of the input is a heading of one page */
	struct idset *ids = idset_new();
	size_t start = 0, n = 0;
	for (size_t i = 0; i <= size; i++) {
		if (i < size && data[i] != '\n')
			continue;
		char *base = slug_heading(s + start, i - start);
		char *id = idset_unique(ids, base, "section");
		if (!*id || !idset_has(ids, id))
			abort();
		free(base);
		free(id);
		n++;
		start = i + 1;
	}
	size_t k;
	char **all = idset_take_sorted(ids, &k);
	if (k != n)
		abort(); /* every id unique */
	for (size_t i = 1; i < k; i++)
		if (strcmp(all[i - 1], all[i]) >= 0)
			abort();
	for (size_t i = 0; i < k; i++)
		free(all[i]);
	free(all);
	idset_free(ids);
	free(h);
	free(f);
	return 0;
}
