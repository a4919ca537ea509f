/* zipout.c - deterministic ZIP writing on top of libzip, compressed with
 * libdeflate.
 *
 * libzip details that matter for EPUB (an EPUB's mimetype must be stored,
 * first, with no extra field; epubcheck PKG-005/006/007):
 * every source tells its size in advance (zip_source_buffer, or the
 * compressed source below, whose stat gives size and compressed size), so
 * libzip writes no ZIP64 extra field; times are set as DOS fields computed
 * with gmtime (zip_file_set_mtime would go through localtime).
 *
 * The archive: libzip writes it through a source of ours (`sink`) straight
 * into a new file at the path, through a buffer of its own; libzip's file
 * source would write a temporary file with a random name, and the random
 * name costs OpenSSL's generator being set up (a fifth of a small book's
 * build).  The path is inside the build's own temporary folder, published
 * with it, so writing in place loses nothing; a failed close removes the
 * file.
 *
 * Compressed entries: libzip takes data that is already compressed from a
 * source whose ZIP_SOURCE_STAT says so (comp_method DEFLATE, comp_size,
 * size and crc valid) when the entry's compression is left at its default:
 * it then copies the bytes and takes the CRC as given (zip_close.c,
 * add_data).  libzip's own deflate would run zlib one entry after another,
 * each with a fresh 256 KB state. */
#include "write/zipout.h"

#include <errno.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "base/diag.h"
#include "base/xalloc.h"

struct zipout {
	struct diags *d;
	zip_t *za;
	char *path;
	unsigned short dtime, ddate;
	struct zipout_deflater *dz; /* zipout_add's, made when first needed */
};

struct zipout_deflater {
	struct libdeflate_compressor *c;
	char *scratch;   /* compressed output, before its exact copy */
	size_t cap;
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

/* ---- the file libzip writes ----------------------------------------------- */

/* libzip writes an entry's local header, its data, then seeks back to write
 * the header again with the sizes, then on: writes go through `buf`, which
 * holds the file's last bytes [off, off + len) not written yet; a write
 * behind it (a header again) goes to the file at once. */
struct sink {
	char *path;
	int fd;
	char *buf;
	size_t cap, len;
	zip_uint64_t off;     /* file offset of buf[0] */
	zip_uint64_t pos;     /* where the next write goes */
	zip_error_t err;
};

#define SINK_BUF (1u << 18)

static int sink_pwrite(struct sink *k, const char *p, size_t n, zip_uint64_t at)
{
	while (n) {
		ssize_t w = pwrite(k->fd, p, n, (off_t)at);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			zip_error_set(&k->err, ZIP_ER_WRITE, w < 0 ? errno : EIO);
			return -1;
		}
		p += w, n -= (size_t)w, at += (zip_uint64_t)w;
	}
	return 0;
}

static int sink_flush(struct sink *k)
{
	if (k->len && sink_pwrite(k, k->buf, k->len, k->off))
		return -1;
	k->off += k->len;
	k->len = 0;
	return 0;
}

static zip_int64_t sink_write(struct sink *k, const char *p, size_t n)
{
	size_t done = 0;
	while (done < n) {
		if (k->pos < k->off) { /* behind the buffer: to the file, up to the buffer */
			zip_uint64_t room = k->off - k->pos;
			size_t m = room < n - done ? (size_t)room : n - done;
			if (sink_pwrite(k, p + done, m, k->pos))
				return -1;
			done += m, k->pos += m;
			continue;
		}
		if (k->pos > k->off + k->len) { /* past the end: start the buffer there */
			if (sink_flush(k))
				return -1;
			k->off = k->pos;
		}
		size_t at = (size_t)(k->pos - k->off);
		if (at == k->cap) {
			if (sink_flush(k))
				return -1;
			k->off = k->pos;
			at = 0;
		}
		size_t m = k->cap - at < n - done ? k->cap - at : n - done;
		memcpy(k->buf + at, p + done, m);
		if (at + m > k->len)
			k->len = at + m;
		done += m, k->pos += m;
	}
	return (zip_int64_t)n;
}

static zip_int64_t sink_source(void *ud, void *data, zip_uint64_t n, zip_source_cmd_t cmd)
{
	struct sink *k = ud;
	switch (cmd) {
	case ZIP_SOURCE_STAT: /* no archive there yet: libzip makes a new one */
		zip_error_set(&k->err, ZIP_ER_READ, ENOENT);
		return -1;
	case ZIP_SOURCE_BEGIN_WRITE:
		k->fd = open(k->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
		if (k->fd < 0 && errno == EEXIST && unlink(k->path) == 0)
			k->fd = open(k->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
		if (k->fd < 0) {
			zip_error_set(&k->err, ZIP_ER_OPEN, errno);
			return -1;
		}
		k->cap = SINK_BUF;
		k->buf = xmalloc(k->cap);
		k->len = 0;
		k->off = k->pos = 0;
		return 0;
	case ZIP_SOURCE_WRITE:
		return sink_write(k, data, (size_t)n);
	case ZIP_SOURCE_SEEK_WRITE: {
		zip_source_args_seek_t *a = ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data, n, &k->err);
		if (!a)
			return -1;
		zip_uint64_t end = k->off + k->len, base = a->whence == SEEK_SET ? 0 : a->whence == SEEK_CUR ? k->pos : end;
		zip_int64_t to = (zip_int64_t)base + a->offset;
		if (to < 0 || (a->whence != SEEK_SET && a->whence != SEEK_CUR && a->whence != SEEK_END)) {
			zip_error_set(&k->err, ZIP_ER_INVAL, 0);
			return -1;
		}
		k->pos = (zip_uint64_t)to;
		return 0;
	}
	case ZIP_SOURCE_TELL_WRITE:
		return (zip_int64_t)k->pos;
	case ZIP_SOURCE_COMMIT_WRITE: {
		int rc = sink_flush(k);
		if (close(k->fd) != 0 && !rc) {
			zip_error_set(&k->err, ZIP_ER_WRITE, errno);
			rc = -1;
		}
		k->fd = -1;
		free(k->buf);
		k->buf = NULL;
		if (rc)
			unlink(k->path);
		return rc;
	}
	case ZIP_SOURCE_ROLLBACK_WRITE:
		if (k->fd >= 0) {
			close(k->fd);
			k->fd = -1;
			unlink(k->path);
		}
		free(k->buf);
		k->buf = NULL;
		return 0;
	case ZIP_SOURCE_REMOVE:
		if (unlink(k->path) != 0 && errno != ENOENT) {
			zip_error_set(&k->err, ZIP_ER_REMOVE, errno);
			return -1;
		}
		return 0;
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&k->err, data, n);
	case ZIP_SOURCE_FREE:
		if (k->fd >= 0)
			close(k->fd);
		free(k->buf);
		free(k->path);
		zip_error_fini(&k->err);
		free(k);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		/* reading too, as zip_open_from_source wants; STAT says there is nothing to read */
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_SEEK,
						      ZIP_SOURCE_TELL, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
						      ZIP_SOURCE_BEGIN_WRITE, ZIP_SOURCE_COMMIT_WRITE, ZIP_SOURCE_ROLLBACK_WRITE,
						      ZIP_SOURCE_WRITE, ZIP_SOURCE_SEEK_WRITE, ZIP_SOURCE_TELL_WRITE,
						      ZIP_SOURCE_REMOVE, -1);
	default: /* OPEN, READ, SEEK, TELL, CLOSE: never asked once STAT said no file */
		zip_error_set(&k->err, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

struct zipout *zipout_open(struct diags *d, const char *path, time_t mtime)
{
	zip_error_t ze;
	zip_error_init(&ze);
	struct sink *k = xcalloc(1, sizeof *k);
	k->path = xstrdup(path);
	k->fd = -1;
	zip_error_init(&k->err);
	zip_source_t *src = zip_source_function_create(sink_source, k, &ze);
	zip_t *za = src ? zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &ze) : NULL;
	if (!za) {
		diag_error(d, (struct pos){ path, 0, 0 }, "cannot create the archive: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		if (src)
			zip_source_free(src);
		else
			sink_source(k, NULL, 0, ZIP_SOURCE_FREE);
		return NULL;
	}
	zip_error_fini(&ze);
	struct zipout *z = xcalloc(1, sizeof *z);
	z->za = za;
	z->d = d;
	z->path = xstrdup(path);
	zipout_dostime(mtime, &z->dtime, &z->ddate);
	return z;
}

/* ---- blobs ------------------------------------------------------------- */

struct zipout_deflater *zipout_deflater_new(void)
{
	struct zipout_deflater *dz = xcalloc(1, sizeof *dz);
	dz->c = libdeflate_alloc_compressor(ZIPOUT_LEVEL);
	if (!dz->c) { /* libdeflate fails only for want of memory */
		fputs("folio: fatal: out of memory (a compressor)\n", stderr);
		exit(3);
	}
	return dz;
}

void zipout_deflater_free(struct zipout_deflater *dz)
{
	if (!dz)
		return;
	libdeflate_free_compressor(dz->c);
	free(dz->scratch);
	free(dz);
}

enum { SCRATCH_KEPT = 1 << 20 };

void zipout_blob_make(struct zipout_deflater *dz, const char *data, size_t len, bool deflate,
		      struct zipout_blob *out)
{
	*out = (struct zipout_blob){ .size = len, .crc = (uint32_t)libdeflate_crc32(0, data, len) };
	if (deflate && len) {
		size_t bound = libdeflate_deflate_compress_bound(dz->c, len);
		if (bound > dz->cap) {
			free(dz->scratch);
			dz->scratch = xmalloc(bound);
			dz->cap = bound;
		}
		size_t n = libdeflate_deflate_compress(dz->c, data, len, dz->scratch, bound);
		if (n && n < len) {
			out->data = xmalloc(n);
			memcpy(out->data, dz->scratch, n);
			out->len = n;
			out->deflated = true;
		}
		if (dz->cap > SCRATCH_KEPT) { /* a big file's room is not kept for the small ones after it */
			free(dz->scratch);
			dz->scratch = NULL;
			dz->cap = 0;
		}
		if (out->deflated)
			return;
		/* else nothing gained: stored */
	}
	out->data = len ? xmalloc(len) : NULL;
	if (len)
		memcpy(out->data, data, len);
	out->len = len;
}

void zipout_blob_release(struct zipout_blob *b)
{
	free(b->data);
	*b = (struct zipout_blob){ 0 };
}

/* The source of a deflated blob: its bytes, and a stat that says they are
 * compressed already. */
struct pre {
	struct zipout_blob b;
	size_t off;
	zip_error_t err;
};

static zip_int64_t pre_source(void *ud, void *data, zip_uint64_t n, zip_source_cmd_t cmd)
{
	struct pre *p = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		p->off = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		size_t k = p->b.len - p->off;
		if (k > n)
			k = (size_t)n;
		if (k)
			memcpy(data, p->b.data + p->off, k);
		p->off += k;
		return (zip_int64_t)k;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->size = p->b.size;
		st->comp_size = p->b.len;
		st->crc = p->b.crc;
		st->comp_method = ZIP_CM_DEFLATE;
		st->encryption_method = ZIP_EM_NONE;
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC | ZIP_STAT_COMP_METHOD |
			    ZIP_STAT_ENCRYPTION_METHOD;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&p->err, data, n);
	case ZIP_SOURCE_FREE:
		zipout_blob_release(&p->b);
		zip_error_fini(&p->err);
		free(p);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
						      ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&p->err, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

int zipout_add_blob(struct zipout *z, const char *name, struct zipout_blob *blob)
{
	zip_source_t *src;
	bool deflated = blob->deflated;
	if (deflated) {
		struct pre *p = xcalloc(1, sizeof *p);
		p->b = *blob;
		zip_error_init(&p->err);
		src = zip_source_function(z->za, pre_source, p);
		if (!src) {
			zip_error_fini(&p->err);
			free(p);
		}
	} else {
		src = zip_source_buffer(z->za, blob->data, blob->len, 1);
	}
	if (!src) {
		zipout_blob_release(blob);
		return zip_fail(z, "add to the archive", name);
	}
	*blob = (struct zipout_blob){ 0 }; /* the source owns the bytes now */
	zip_int64_t i = zip_file_add(z->za, name, src, ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		zip_source_free(src);
		return zip_fail(z, "add to the archive", name);
	}
	zip_uint64_t idx = (zip_uint64_t)i;
	/* a deflated entry keeps the default method: libzip takes its bytes as
	 * they are */
	if ((!deflated && zip_set_file_compression(z->za, idx, ZIP_CM_STORE, 0) < 0) ||
	    zip_file_set_dostime(z->za, idx, z->dtime, z->ddate, 0) < 0 ||
	    zip_file_set_external_attributes(z->za, idx, 0, ZIP_OPSYS_UNIX, (zip_uint32_t)0100644 << 16) < 0)
		return zip_fail(z, "set the time and attributes of", name);
	return 0;
}

int zipout_add(struct zipout *z, const char *name, char *data, size_t len, bool deflate)
{
	struct zipout_blob b;
	if (deflate && !z->dz)
		z->dz = zipout_deflater_new();
	zipout_blob_make(z->dz, data, len, deflate, &b);
	free(data);
	return zipout_add_blob(z, name, &b);
}

int zipout_close(struct zipout *z)
{
	int rc = 0;
	if (zip_close(z->za) < 0) {
		rc = zip_fail(z, "write the archive", NULL);
		zip_discard(z->za);
	}
	zipout_deflater_free(z->dz);
	free(z->path);
	free(z);
	return rc;
}

void zipout_discard(struct zipout *z)
{
	if (!z)
		return;
	zip_discard(z->za);
	zipout_deflater_free(z->dz);
	free(z->path);
	free(z);
}
