#define _GNU_SOURCE
#include "write/fsx.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/xalloc.h"

/* Output names stay below NAME_MAX per segment and well below PATH_MAX
 * whole, with room for OUT and the temporary folder in front. */
#define ASSET_SEGMENT_MAX 255
#define ASSET_NAME_MAX 1000

char *path_join(const char *a, const char *b)
{
	size_t la = strlen(a);
	if (!la)
		return xstrdup(b);
	if (!*b)
		return xstrdup(a);
	return xasprintf("%s%s%s", a, a[la - 1] == '/' ? "" : "/", b);
}

char *path_dir(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? xstrndup(path, (size_t)(s - path)) : xstrdup("");
}

char *path_resolve(const char *dir, const char *rel)
{
	if (rel[0] == '/')
		return NULL;
	struct buf b = BUF_INIT;
	char *full = path_join(dir, rel);
	const char *p = full;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (b.len == 0) {
				free(full);
				buf_release(&b);
				return NULL;
			}
			char *s = strrchr(b.data, '/');
			buf_setlen(&b, s ? (size_t)(s - b.data) : 0);
		} else {
			if (b.len)
				buf_putc(&b, '/');
			buf_add(&b, p, n);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	free(full);
	return buf_detach(&b, NULL);
}

/* FNV-1a, 64 bits: a short, stable fingerprint of a source path. */
static unsigned long long S_fnv1a64(const char *s)
{
	unsigned long long h = 0xcbf29ce484222325ULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static bool S_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
	       c == '_';
}

/* Append the first bytes of `seg` (n bytes of a source path segment)
 * escaped to `o`, as many as fit in `room` escaped bytes; returns how many
 * escaped bytes were appended. */
static size_t S_escape_segment(struct buf *o, const char *seg, size_t n, size_t room)
{
	size_t used = 0;
	for (const unsigned char *q = (const unsigned char *)seg; q < (const unsigned char *)seg + n; q++) {
		size_t w = S_plain(*q) ? 1 : 3;
		if (used + w > room)
			break;
		if (w == 1)
			buf_putc(o, *q);
		else
			buf_printf(o, "_%02X", *q);
		used += w;
	}
	return used;
}

static size_t S_escaped_len(const char *seg, size_t n)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += S_plain((unsigned char)seg[i]) ? 1 : 3;
	return len;
}

/* Append the escaped segment, or, when that would pass ASSET_SEGMENT_MAX,
 * a readable prefix + "~" + the hash of the whole source path + the
 * (escaped) extension.  '~' is escaped everywhere else (_7E), so a
 * shortened name never equals a plain one. */
static void S_put_segment(struct buf *o, const char *seg, size_t n, unsigned long long h)
{
	if (S_escaped_len(seg, n) <= ASSET_SEGMENT_MAX) {
		S_escape_segment(o, seg, n, SIZE_MAX);
		return;
	}
	const char *dot = memrchr(seg, '.', n);
	size_t extn = dot && dot != seg ? n - (size_t)(dot - seg) : 0;
	if (S_escaped_len(dot, extn) > 32)
		extn = 0;
	S_escape_segment(o, seg, n, 120); /* a readable prefix */
	buf_printf(o, "~%016llx", h);
	if (extn)
		S_escape_segment(o, dot, extn, SIZE_MAX);
}

char *asset_out_name(const char *path)
{
	unsigned long long h = S_fnv1a64(path);
	struct buf o = BUF_INIT;
	buf_puts(&o, "media/");
	const char *p = path;
	for (;;) {
		size_t n = strcspn(p, "/");
		S_put_segment(&o, p, n, h);
		if (!p[n])
			break;
		buf_putc(&o, '/');
		p += n + 1;
	}
	if (o.len > ASSET_NAME_MAX) {
		/* too deep: the hash stands for the folders, the file name stays */
		const char *last = strrchr(path, '/');
		last = last ? last + 1 : path;
		buf_setlen(&o, 0);
		buf_printf(&o, "media/~%016llx/", h);
		S_put_segment(&o, last, strlen(last), h);
	}
	return buf_detach(&o, NULL);
}

bool out_name_too_long(const char *name, const char **why)
{
	if (strlen(name) > ASSET_NAME_MAX) {
		*why = "the path passes 1,000 bytes";
		return true;
	}
	for (const char *s = name; *s;) {
		size_t n = strcspn(s, "/");
		if (n > ASSET_SEGMENT_MAX) {
			*why = "a file name passes 255 bytes, the most a file system takes";
			return true;
		}
		s += n + (s[n] == '/');
	}
	return false;
}

/* Open `path` for reading only if it is a regular file: stat first, so a
 * FIFO or a device is never opened, then O_NONBLOCK (a FIFO swapped in
 * meanwhile cannot block the open) and fstat to be sure of what was
 * opened.  Returns the descriptor (st filled in), or -1 with errno set
 * (EINVAL: not a regular file). */
static int S_open_regular(const char *path, struct stat *st)
{
	if (stat(path, st) != 0)
		return -1;
	if (!S_ISREG(st->st_mode)) {
		errno = EINVAL;
		return -1;
	}
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		int e = S_ISREG(st->st_mode) ? errno : EINVAL;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int read_file_max(const char *path, size_t max, char **data, size_t *len)
{
	struct stat st;
	int fd = S_open_regular(path, &st);
	if (fd < 0)
		return -1;
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		errno = EFBIG;
		return -1;
	}
	/* the size stat gave, exactly (chapters stay in memory while they are
	 * parsed); a file that grows meanwhile is read on through `more` */
	size_t size = (size_t)st.st_size;
	struct buf b = BUF_INIT;
	b.data = xmalloc(size + 1);
	b.cap = size + 1;
	b.data[0] = '\0';
	char more[4096];
	for (;;) {
		size_t room = b.cap - b.len - 1;
		char *dst = room ? b.data + b.len : more;
		ssize_t n = read(fd, dst, room ? room : sizeof more);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (size_t)n > max - b.len) {
			int e = n < 0 ? errno : EFBIG; /* it grew past the cap while we read */
			close(fd);
			buf_release(&b);
			errno = e;
			return -1;
		}
		if (n == 0)
			break;
		if (dst == more) {
			buf_add(&b, more, (size_t)n);
		} else {
			b.len += (size_t)n;
			b.data[b.len] = '\0';
			if (b.len == size && size)
				break; /* all that stat promised: the file as it was when opened */
		}
	}
	close(fd);
	*data = buf_detach(&b, len);
	return 0;
}

int read_file(const char *path, char **data, size_t *len)
{
	return read_file_max(path, SIZE_MAX - 1, data, len);
}

const char *file_kind(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT || errno == ENOTDIR ? "missing" : "unreadable";
	if (S_ISLNK(st.st_mode) && stat(path, &st) != 0)
		return errno == ELOOP ? "a symbolic link loop" : "a symbolic link to nothing";
	if (S_ISREG(st.st_mode))
		return "a regular file";
	if (S_ISDIR(st.st_mode))
		return "a folder";
	if (S_ISFIFO(st.st_mode))
		return "a FIFO";
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		return "a device";
	if (S_ISSOCK(st.st_mode))
		return "a socket";
	return "not a regular file";
}

const char *read_error(const char *path, int err)
{
	switch (err) {
	case EINVAL: {
		const char *k = file_kind(path);
		if (!strcmp(k, "a FIFO"))
			return "not a regular file (a FIFO)";
		if (!strcmp(k, "a device"))
			return "not a regular file (a device)";
		if (!strcmp(k, "a folder"))
			return "not a regular file (a folder)";
		if (!strcmp(k, "a socket"))
			return "not a regular file (a socket)";
		return "not a regular file";
	}
	case EFBIG:
		return "too large";
	case ELOOP:
		return "a symbolic link loop";
	default:
		return strerror(err);
	}
}

int mkdir_p(struct diags *d, const char *dir)
{
	if (!*dir)
		return diag_error(d, (struct pos){ ".", 0, 0 }, "cannot create a folder with an empty name");
	char *p = xstrdup(dir);
	int rc = 0;
	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				rc = diag_error(d, (struct pos){ p, 0, 0 }, "cannot create folder: %s", strerror(errno));
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return rc;
}

static int make_parent(struct diags *d, const char *path)
{
	char *dir = path_dir(path);
	int rc = *dir ? mkdir_p(d, dir) : 0;
	free(dir);
	return rc;
}

/* A new file at `path`, open for writing: never an existing file opened
 * again (it may be a hard link to a file of the previous build, which
 * must stay as it is), so a file already there is removed first.
 * Returns the descriptor, or -1 with errno set (ENOENT: no parent). */
static int S_create(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
	if (fd < 0 && errno == EEXIST && unlink(path) == 0)
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
	return fd;
}

/* S_create, making the folders above `path` when they are missing (the
 * common case, a folder that exists, costs no mkdir). */
static int S_create_p(struct diags *d, const char *path)
{
	int fd = S_create(path);
	if (fd < 0 && errno == ENOENT) {
		if (make_parent(d, path))
			return -2;
		fd = S_create(path);
	}
	return fd;
}

int write_file(struct diags *d, const char *path, const void *data, size_t len)
{
	int fd = S_create_p(d, path);
	if (fd == -2)
		return -1;
	if (fd < 0)
		return diag_error(d, (struct pos){ path, 0, 0 }, "cannot write: %s", strerror(errno));
	const char *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;
			close(fd);
			return diag_error(d, (struct pos){ path, 0, 0 }, "cannot write: %s", strerror(e));
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) != 0)
		return diag_error(d, (struct pos){ path, 0, 0 }, "cannot write: %s", strerror(errno));
	return 0;
}

/* Hard-link `prev` at `path`, making the folders above it when missing.
 * Returns 0, or -1 (nothing made). */
static int S_link(struct diags *d, const char *prev, const char *path)
{
	if (link(prev, path) == 0)
		return 0;
	if (errno == EEXIST && unlink(path) == 0 && link(prev, path) == 0)
		return 0;
	if (errno == ENOENT && make_parent(d, path) == 0 && link(prev, path) == 0)
		return 0;
	return -1;
}

/* Does the regular file `path` hold exactly the n pieces, one after the
 * other? */
bool file_holds_pieces(const char *path, const char *const *piece, const size_t *len, size_t n)
{
	size_t total = 0;
	for (size_t k = 0; k < n; k++)
		total += len[k];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return false;
	struct stat st;
	bool same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (unsigned long long)st.st_size == total;
	char chunk[16384];
	size_t k = 0, off = 0; /* the next byte to compare: piece k, offset off */
	while (same && k < n) {
		ssize_t got = read(fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			same = false;
			break;
		}
		for (size_t c = 0; same && c < (size_t)got;) {
			while (k < n && off == len[k])
				k++, off = 0;
			if (k == n) {
				same = false;
				break;
			}
			size_t m = len[k] - off < (size_t)got - c ? len[k] - off : (size_t)got - c;
			same = !memcmp(chunk + c, piece[k] + off, m);
			c += m;
			off += m;
		}
		while (k < n && off == len[k])
			k++, off = 0;
	}
	close(fd);
	return same;
}

int write_pieces_reusing(struct diags *d, const char *path, const char *const *piece, const size_t *len, size_t n,
			 const char *prev)
{
	if (prev && file_holds_pieces(prev, piece, len, n) && S_link(d, prev, path) == 0)
		return 0;
	int fd = S_create_p(d, path);
	if (fd == -2)
		return -1;
	if (fd < 0)
		return diag_error(d, (struct pos){ path, 0, 0 }, "cannot write: %s", strerror(errno));
	/* the pieces go out through a 64 KB buffer: few writes, however many pieces */
	enum { STAGE = 65536 };
	char *stage = xmalloc(STAGE);
	size_t used = 0;
	int e = 0;
	for (size_t k = 0; k <= n && !e; k++) {
		const char *p = k < n ? piece[k] : NULL;
		size_t left = k < n ? len[k] : 0;
		while (!e && (left || (k == n && used))) {
			if (left && used < STAGE) { /* fill the buffer */
				size_t m = STAGE - used < left ? STAGE - used : left;
				memcpy(stage + used, p, m);
				used += m, p += m, left -= m;
				continue;
			}
			size_t off = 0; /* the buffer is full, or the last piece is in */
			while (off < used) {
				ssize_t w = write(fd, stage + off, used - off);
				if (w < 0 && errno == EINTR)
					continue;
				if (w <= 0) {
					e = w < 0 ? errno : EIO;
					break;
				}
				off += (size_t)w;
			}
			used = 0;
		}
	}
	free(stage);
	if (e) {
		close(fd);
		return diag_error(d, (struct pos){ path, 0, 0 }, "cannot write: %s", strerror(e));
	}
	if (close(fd) != 0)
		return diag_error(d, (struct pos){ path, 0, 0 }, "cannot write: %s", strerror(errno));
	return 0;
}

bool files_same(const char *a, const char *b)
{
	struct stat sa, sb;
	if (lstat(a, &sa) || lstat(b, &sb) || !S_ISREG(sa.st_mode) || !S_ISREG(sb.st_mode) || sa.st_size != sb.st_size)
		return false;
	int fa = open(a, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW), fb = open(b, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	bool same = fa >= 0 && fb >= 0;
	char *x = xmalloc(65536), *y = xmalloc(65536);
	while (same) {
		ssize_t n = read(fa, x, 65536);
		if (n <= 0) {
			same = n == 0 && read(fb, y, 1) == 0;
			break;
		}
		ssize_t got = 0;
		while (got < n) {
			ssize_t m = read(fb, y + got, (size_t)(n - got));
			if (m <= 0)
				break;
			got += m;
		}
		same = got == n && !memcmp(x, y, (size_t)n);
	}
	free(x);
	free(y);
	if (fa >= 0)
		close(fa);
	if (fb >= 0)
		close(fb);
	return same;
}

/* Copy the rest of `in` to `out`: copy_file_range (in the kernel, no
 * buffer of ours), else a read/write loop with 64 KB.  Returns 0, or -1
 * with errno set and *wrote telling whether writing (not reading) failed. */
/* A file with holes (fewer blocks than its size): its data extents
 * copied one by one (SEEK_DATA, SEEK_HOLE), its holes left as holes and
 * the size set at the end, as cp --sparse=auto does, so that a 2 GB
 * sparse file costs what its data costs.  Returns 0, -1 (errno set), or
 * 1 when the file system cannot say where the data is (nothing written). */
static int S_copy_sparse(int in, int out, off_t size, bool *wrote)
{
	off_t at = lseek(in, 0, SEEK_DATA);
	if (at < 0 && errno != ENXIO)
		return 1;
	char *buf = NULL;
	while (at >= 0 && at < size) {
		off_t end = lseek(in, at, SEEK_HOLE);
		if (end < 0 || end > size)
			end = size;
		while (at < end) {
			off_t o_in = at, o_out = at;
			ssize_t n = copy_file_range(in, &o_in, out, &o_out, (size_t)(end - at), 0);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) { /* by hand */
				if (!buf)
					buf = xmalloc(65536);
				size_t want = end - at < 65536 ? (size_t)(end - at) : 65536;
				n = pread(in, buf, want, at);
				if (n < 0 && errno == EINTR)
					continue;
				if (n <= 0) {
					free(buf);
					if (n == 0)
						errno = EIO;
					return -1;
				}
				for (ssize_t off = 0; off < n;) {
					ssize_t w = pwrite(out, buf + off, (size_t)(n - off), at + off);
					if (w < 0 && errno == EINTR)
						continue;
					if (w <= 0) {
						*wrote = true;
						free(buf);
						return -1;
					}
					off += w;
				}
			}
			at += n;
		}
		at = lseek(in, end, SEEK_DATA);
	}
	free(buf);
	if (ftruncate(out, size) != 0) {
		*wrote = true;
		return -1;
	}
	return 0;
}

static int S_copy_fd(int in, int out, bool *wrote)
{
	struct stat st;
	*wrote = false;
	if (fstat(in, &st) == 0 && S_ISREG(st.st_mode) && (off_t)st.st_blocks * 512 < st.st_size) {
		int rc = S_copy_sparse(in, out, st.st_size, wrote);
		if (rc <= 0)
			return rc;
	}
	bool kernel = true;
	char *buf = NULL;
	int rc = 0;
	*wrote = false;
	for (;;) {
		if (kernel) {
			ssize_t n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0);
			if (n > 0)
				continue;
			if (n == 0)
				break;
			if (errno == EINTR)
				continue;
			if (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP ||
			    errno == EPERM || errno == EBADF) {
				kernel = false; /* not here: copy by hand from where it stopped */
				continue;
			}
			/* ENOSPC, EIO...: which side failed is not said; writing is likelier */
			*wrote = errno == ENOSPC || errno == EDQUOT || errno == EFBIG;
			rc = -1;
			break;
		}
		if (!buf)
			buf = xmalloc(65536);
		ssize_t n = read(in, buf, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				*wrote = true;
				rc = -1;
				break;
			}
			off += w;
		}
		if (rc)
			break;
	}
	int e = errno;
	free(buf);
	errno = e;
	return rc;
}

int copy_file(struct diags *d, const char *from, const char *to)
{
	struct stat st;
	int in = S_open_regular(from, &st);
	if (in < 0) {
		int e = errno;
		return diag_error(d, (struct pos){ from, 0, 0 }, "cannot read: %s", read_error(from, e));
	}
	int out = S_create_p(d, to);
	if (out < 0) {
		int e = errno;
		close(in);
		return out == -2 ? -1 : diag_error(d, (struct pos){ to, 0, 0 }, "cannot write: %s", strerror(e));
	}
	bool wrote;
	int rc = S_copy_fd(in, out, &wrote);
	int e = errno;
	close(in);
	if (rc) {
		close(out);
		return wrote ? diag_error(d, (struct pos){ to, 0, 0 }, "cannot write: %s", strerror(e))
			     : diag_error(d, (struct pos){ from, 0, 0 }, "cannot read: %s", strerror(e));
	}
	if (close(out) != 0)
		return diag_error(d, (struct pos){ to, 0, 0 }, "cannot write: %s", strerror(errno));
	return 0;
}

int copy_file_reusing(struct diags *d, const char *from, const char *to, const char *prev)
{
	if (prev && files_same(from, prev) && S_link(d, prev, to) == 0)
		return 0;
	return copy_file(d, from, to);
}

/* ---- updating a published folder in place (folio serve) ------------------ */

/* The hidden name beside `path` a new version is written under before it
 * is renamed over `path`. */
static char *S_new_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	return xasprintf("%.*s.folio-new.%s", (int)dir, path, path + dir);
}

/* Rename the new version `tmp` over `path`: readers see the old file or
 * the new one, never neither.  Returns 0, or -1 after a diagnostic (tmp
 * removed). */
static int S_rename_over(struct diags *d, const char *tmp, const char *path)
{
	if (rename(tmp, path) == 0)
		return 0;
	int e = errno;
	unlink(tmp);
	return diag_error(d, (struct pos){ path, 0, 0 }, "cannot write: %s", strerror(e));
}

int update_pieces(struct diags *d, const char *path, const char *const *piece, const size_t *len, size_t n,
		  bool *changed)
{
	*changed = false;
	if (file_holds_pieces(path, piece, len, n))
		return 0;
	*changed = true;
	char *tmp = S_new_name(path);
	int rc = write_pieces_reusing(d, tmp, piece, len, n, NULL);
	rc = rc ? rc : S_rename_over(d, tmp, path);
	free(tmp);
	return rc;
}

int update_file(struct diags *d, const char *path, const void *data, size_t len, bool *changed)
{
	const char *piece = data;
	return update_pieces(d, path, &piece, &len, 1, changed);
}

int update_copy(struct diags *d, const char *from, const char *to, bool *changed)
{
	*changed = false;
	if (files_same(from, to))
		return 0;
	*changed = true;
	char *tmp = S_new_name(to);
	int rc = copy_file(d, from, tmp);
	rc = rc ? rc : S_rename_over(d, tmp, to);
	free(tmp);
	return rc;
}

int update_rename(struct diags *d, const char *tmp, const char *path)
{
	return S_rename_over(d, tmp, path);
}

bool is_regular_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool path_is_inside(const char *root, const char *path)
{
	char *r = realpath(root, NULL), *p = realpath(path, NULL);
	size_t n = r ? strlen(r) : 0;
	bool in = r && p && strncmp(p, r, n) == 0 && (p[n] == '/' || p[n] == '\0' || n == 1);
	free(r);
	free(p);
	return in;
}

/* Remove what is at `path`; `dir`: it is known to be a folder (readdir's
 * d_type), else lstat tells. */
static int S_remove(const char *path, int known)
{
	bool dir;
	if (known >= 0) {
		dir = known;
	} else {
		struct stat st;
		if (lstat(path, &st) != 0)
			return errno == ENOENT ? 0 : -1;
		dir = S_ISDIR(st.st_mode);
	}
	if (!dir)
		return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
	DIR *d = opendir(path);
	int rc = 0;
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			char *c = path_join(path, de->d_name);
			/* d_type saves an lstat per file; DT_UNKNOWN asks for one */
			int k = de->d_type == DT_DIR ? 1 : de->d_type == DT_UNKNOWN ? -1 : 0;
			if (S_remove(c, k))
				rc = -1;
			free(c);
		}
		closedir(d);
	}
	if (rmdir(path))
		rc = -1;
	return rc;
}

int remove_tree(const char *path)
{
	return S_remove(path, -1);
}

/* ---- output transactions ---------------------------------------------- */

#define TMP_PREFIX ".folio-tmp-"

char *path_real_lenient(const char *path)
{
	if (!*path)
		return NULL;
	char *head = xstrdup(path);
	struct buf tail = BUF_INIT; /* the components that do not exist, in order */
	char *real = NULL;
	for (;;) {
		real = realpath(head, NULL);
		if (real)
			break;
		char *slash = strrchr(head, '/');
		const char *comp = slash ? slash + 1 : head;
		struct buf t = BUF_INIT;
		buf_puts(&t, comp);
		if (tail.len) {
			buf_putc(&t, '/');
			buf_add(&t, tail.data, tail.len);
		}
		buf_release(&tail);
		tail = t;
		if (!slash) {
			real = realpath(".", NULL);
			break;
		}
		if (slash == head) {
			real = xstrdup("/");
			break;
		}
		*slash = '\0';
	}
	free(head);
	if (!real) {
		buf_release(&tail);
		return NULL;
	}
	struct buf o = BUF_INIT;
	buf_puts(&o, real);
	free(real);
	for (const char *p = tail.data; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *s = strrchr(o.data, '/');
			buf_setlen(&o, s && s != o.data ? (size_t)(s - o.data) : 1);
		} else {
			if (o.data[o.len - 1] != '/')
				buf_putc(&o, '/');
			buf_add(&o, p, n);
		}
		p += n + (p[n] == '/');
	}
	buf_release(&tail);
	return buf_detach(&o, NULL);
}

/* Is `path` equal to `root` or below it (both absolute and normalised)? */
static bool is_at_or_below(const char *path, const char *root)
{
	size_t n = strlen(root);
	if (n == 1 && root[0] == '/')
		return true;
	return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

bool out_overlaps_source(const char *source, const char *out, const char *epub_name, const char **why)
{
	char *src = path_real_lenient(source), *dst = path_real_lenient(out);
	bool bad = false;
	*why = NULL;
	if (src && dst) {
		if (!strcmp(src, dst)) {
			bad = true;
			*why = "the output folder is the book folder itself";
		} else if (is_at_or_below(src, dst)) {
			/* the book lies inside OUT: fine unless under a name the build replaces */
			const char *rest = src + strlen(dst) + (strcmp(dst, "/") != 0);
			size_t n = strcspn(rest, "/");
			if ((n == 4 && !strncmp(rest, "site", 4)) ||
			    (n >= strlen(TMP_PREFIX) && !strncmp(rest, TMP_PREFIX, strlen(TMP_PREFIX))) ||
			    (epub_name && n == strlen(epub_name) && !strncmp(rest, epub_name, n))) {
				bad = true;
				*why = "the book folder lies inside the part of the output folder that every build replaces";
			}
		}
	}
	free(src);
	free(dst);
	return bad;
}
