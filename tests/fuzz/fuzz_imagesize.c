/* fuzz_imagesize.c - image_size on hostile headers: the first byte picks
 * the format, the rest is the file's head.  A size it reports must be
 * within its documented bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/imagesize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = { "image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml" };
	if (size < 1)
		return 0;
	const char *type = types[data[0] % 5];
	/* a private copy of exactly size-1 bytes, so ASan sees any over-read */
	unsigned char *head = malloc(size - 1 ? size - 1 : 1);
	if (!head)
		return 0;
	memcpy(head, data + 1, size - 1);
	long w = -7, h = -7;
	if (image_size(head, size - 1, type, &w, &h)) {
		if (w < 1 || h < 1 || w > 1000000 || h > 1000000)
			abort();
	} else if (w != -7 || h != -7) {
		abort(); /* unchanged when unknown */
	}
	free(head);
	return 0;
}
