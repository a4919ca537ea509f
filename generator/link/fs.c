/* fs.c - the link stage's view of the real file system (see links.h). */
#include "link/links.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/imagesize.h"
#include "base/xalloc.h"
#include "write/fsx.h"

static enum fs_probe disk_probe(void *ctx, const char *path)
{
	const char *source = ctx;
	char *full = path_join(source, path);
	enum fs_probe r;
	if (is_regular_file(full))
		r = path_is_inside(source, full) ? FS_FILE : FS_OUTSIDE;
	else
		r = !strcmp(file_kind(full), "missing") ? FS_MISSING : FS_OTHER;
	free(full);
	return r;
}

static const char *disk_kind(void *ctx, const char *path)
{
	char *full = path_join(ctx, path);
	const char *k = file_kind(full);
	free(full);
	return k;
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

static long long disk_bytes(void *ctx, const char *path)
{
	char *full = path_join(ctx, path);
	struct stat st;
	long long n = stat(full, &st) == 0 ? (long long)st.st_size : -1;
	free(full);
	return n;
}

/* At most LIST_MAX names: a suggestion is a courtesy, not a scan of a huge folder. */
#define LIST_MAX 4096

static char **disk_list(void *ctx, const char *dir, size_t *n)
{
	char *full = *dir ? path_join(ctx, dir) : xstrdup(ctx);
	DIR *d = opendir(full);
	*n = 0;
	if (!d) {
		free(full);
		return NULL;
	}
	char **v = NULL;
	size_t cap = 0;
	struct dirent *de;
	while (*n < LIST_MAX && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *f = path_join(full, de->d_name);
		if (is_regular_file(f)) {
			v = xgrow(v, &cap, *n + 1, sizeof *v);
			v[(*n)++] = xstrdup(de->d_name);
		}
		free(f);
	}
	closedir(d);
	free(full);
	return v;
}

struct link_fs link_fs_disk(const char *source)
{
	return (struct link_fs){ disk_probe, disk_image_size, (void *)source, disk_kind, disk_bytes, disk_list };
}
