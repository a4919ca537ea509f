/* zipout.c - deterministic ZIP writing on top of libzip.
 *
 * libzip details that matter for EPUB (an EPUB's mimetype must be stored,
 * first, with no extra field; epubcheck PKG-005/006/007):
 * sources come from zip_source_buffer, whose size is known, so libzip
 * writes no ZIP64 extra field; times are set as DOS fields computed with
 * gmtime (zip_file_set_mtime would go through localtime). */
#include "write/zipout.h"

#include <stdlib.h>
#include <zip.h>

#include "base/diag.h"
#include "base/xalloc.h"

struct zipout {
	struct diags *d;
	zip_t *za;
	char *path;
	unsigned short dtime, ddate;
};

#define DOS_MIN ((time_t)315532800)   /* 1980-01-01T00:00:00Z */
#define DOS_MAX ((time_t)4354819198LL) /* 2107-12-31T23:59:58Z */

void zipout_dostime(time_t t, unsigned short *dtime, unsigned short *ddate)
{
	struct tm tm;
	if (t < DOS_MIN)
		t = DOS_MIN;
	if (sizeof(time_t) > 4 && t > DOS_MAX)
		t = DOS_MAX;
	gmtime_r(&t, &tm);
	*dtime = (unsigned short)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
	*ddate = (unsigned short)((tm.tm_year + 1900 - 1980) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
}

static int zip_fail(struct zipout *z, const char *what, const char *name)
{
	return diag_error(z->d, (struct pos){ z->path, 0, 0 }, "cannot %s%s%s%s: %s", what,
			  name ? " '" : "", name ? name : "", name ? "'" : "", zip_strerror(z->za));
}

struct zipout *zipout_open(struct diags *d, const char *path, time_t mtime)
{
	int err = 0;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!za) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, err);
		diag_error(d, (struct pos){ path, 0, 0 }, "cannot create the archive: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return NULL;
	}
	struct zipout *z = xcalloc(1, sizeof *z);
	z->za = za;
	z->d = d;
	z->path = xstrdup(path);
	zipout_dostime(mtime, &z->dtime, &z->ddate);
	return z;
}

int zipout_add(struct zipout *z, const char *name, char *data, size_t len, bool deflate)
{
	zip_source_t *src = zip_source_buffer(z->za, data, len, 1);
	if (!src) {
		free(data);
		return zip_fail(z, "add to the archive", name);
	}
	zip_int64_t i = zip_file_add(z->za, name, src, ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		zip_source_free(src);
		return zip_fail(z, "add to the archive", name);
	}
	zip_uint64_t idx = (zip_uint64_t)i;
	if (zip_set_file_compression(z->za, idx, deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, deflate ? 6 : 0) < 0 ||
	    zip_file_set_dostime(z->za, idx, z->dtime, z->ddate, 0) < 0 ||
	    zip_file_set_external_attributes(z->za, idx, 0, ZIP_OPSYS_UNIX, (zip_uint32_t)0100644 << 16) < 0)
		return zip_fail(z, "set the time and attributes of", name);
	return 0;
}

int zipout_close(struct zipout *z)
{
	int rc = 0;
	if (zip_close(z->za) < 0) {
		rc = zip_fail(z, "write the archive", NULL);
		zip_discard(z->za);
	}
	free(z->path);
	free(z);
	return rc;
}

void zipout_discard(struct zipout *z)
{
	if (!z)
		return;
	zip_discard(z->za);
	free(z->path);
	free(z);
}
