/* fs.c - the link stage's view of the real file system (see links.h). */
#include "link/links.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "base/imagesize.h"
#include "base/xalloc.h"
#include "write/fsx.h"

static enum fs_probe disk_probe(void *ctx, const char *path)
{
	const char *source = ctx;
	char *full = path_join(source, path);
	enum fs_probe r = !is_regular_file(full) ? FS_MISSING : path_is_inside(source, full) ? FS_FILE : FS_OUTSIDE;
	free(full);
	return r;
}

/* The size is in the first bytes (a JPEG's frame header may follow up to
 * ~1 MB of metadata): read no more than that, nor more than the file holds. */
static bool disk_image_size(void *ctx, const char *path, const char *media_type, long *w, long *h)
{
	enum { HEAD = 1 << 20 };
	char *full = path_join(ctx, path);
	FILE *f = fopen(full, "rb");
	free(full);
	if (!f)
		return false;
	struct stat st;
	size_t cap = HEAD;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size < HEAD)
		cap = st.st_size > 0 ? (size_t)st.st_size : 1;
	unsigned char *head = xmalloc(cap);
	size_t n = fread(head, 1, cap, f);
	fclose(f);
	bool ok = image_size(head, n, media_type, w, h);
	free(head);
	return ok;
}

struct link_fs link_fs_disk(const char *source)
{
	return (struct link_fs){ disk_probe, disk_image_size, (void *)source };
}
