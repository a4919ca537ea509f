#define _GNU_SOURCE
#include "write/fsx.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/xalloc.h"

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

char *asset_out_name(const char *path)
{
	struct buf o = BUF_INIT;
	buf_puts(&o, "media/");
	for (const unsigned char *q = (const unsigned char *)path; *q; q++) {
		if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
		    *q == '.' || *q == '/' || *q == '-' || *q == '_')
			buf_putc(&o, *q);
		else
			buf_printf(&o, "_%02X", *q);
	}
	return buf_detach(&o, NULL);
}

int read_file(const char *path, char **data, size_t *len)
{
	struct buf b = BUF_INIT;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		buf_grow(&b, (size_t)st.st_size);
	for (;;) {
		buf_grow(&b, 65536);
		ssize_t n = read(fd, b.data + b.len, b.cap - b.len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			buf_release(&b);
			errno = e;
			return -1;
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
		b.data[b.len] = '\0';
	}
	close(fd);
	*data = buf_detach(&b, len);
	return 0;
}

int mkdir_p(struct diags *d, const char *dir)
{
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

int write_file(struct diags *d, const char *path, const void *data, size_t len)
{
	if (make_parent(d, path))
		return -1;
	FILE *f = fopen(path, "wb");
	if (!f)
		return diag_error(d, (struct pos){ path, 0, 0 }, "cannot write: %s", strerror(errno));
	size_t n = fwrite(data, 1, len, f);
	int e = errno;
	if (n != len) {
		fclose(f);
		return diag_error(d, (struct pos){ path, 0, 0 }, "cannot write: %s", strerror(e));
	}
	if (fclose(f) != 0)
		return diag_error(d, (struct pos){ path, 0, 0 }, "cannot write: %s", strerror(errno));
	return 0;
}

int copy_file(struct diags *d, const char *from, const char *to)
{
	char *data;
	size_t len;
	if (read_file(from, &data, &len))
		return diag_error(d, (struct pos){ from, 0, 0 }, "cannot read: %s", strerror(errno));
	int rc = write_file(d, to, data, len);
	free(data);
	return rc;
}

int copy_tree(struct diags *d, const char *from, const char *to)
{
	DIR *dir = opendir(from);
	if (!dir)
		return diag_error(d, (struct pos){ from, 0, 0 }, "cannot read folder: %s", strerror(errno));
	int rc = mkdir_p(d, to);
	struct dirent *de;
	while (!rc && (de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		char *s = path_join(from, de->d_name), *t = path_join(to, de->d_name);
		struct stat st;
		if (lstat(s, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc = copy_tree(d, s, t);
			else if (S_ISREG(st.st_mode))
				rc = copy_file(d, s, t);
		}
		free(s);
		free(t);
	}
	closedir(dir);
	return rc;
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

int remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	DIR *d = opendir(path);
	int rc = 0;
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			char *c = path_join(path, de->d_name);
			if (remove_tree(c))
				rc = -1;
			free(c);
		}
		closedir(d);
	}
	if (rmdir(path))
		rc = -1;
	return rc;
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

static void remove_stale(const char *out)
{
	DIR *d = opendir(out);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) != 0)
			continue;
		long pid = strtol(de->d_name + strlen(TMP_PREFIX), NULL, 10);
		if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM))
			continue; /* another build is running */
		char *p = path_join(out, de->d_name);
		remove_tree(p);
		free(p);
	}
	closedir(d);
}

int out_begin(struct diags *d, const char *out, char **tmp)
{
	if (mkdir_p(d, out))
		return -1;
	remove_stale(out);
	char *t = xasprintf("%s/" TMP_PREFIX "%ld", out, (long)getpid());
	remove_tree(t);
	if (mkdir(t, 0777) != 0) {
		int e = errno;
		free(t);
		return diag_error(d, (struct pos){ out, 0, 0 }, "cannot create a temporary folder: %s", strerror(e));
	}
	*tmp = t;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int out_commit(struct diags *d, const char *out, const char *tmp)
{
	DIR *dir = opendir(tmp);
	if (!dir)
		return diag_error(d, (struct pos){ tmp, 0, 0 }, "cannot read: %s", strerror(errno));
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(dir))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dir);
	/* files (the EPUB) before folders (the site): the site never links to
	 * an EPUB that is not there yet */
	qsort(names, n, sizeof *names, cmp_str);
	int rc = 0;
	for (int pass = 0; pass < 2 && !rc; pass++) {
		for (size_t i = 0; i < n && !rc; i++) {
			char *src = path_join(tmp, names[i]);
			char *dst = path_join(out, names[i]);
			struct stat sst, dst_st;
			bool src_dir = lstat(src, &sst) == 0 && S_ISDIR(sst.st_mode);
			if (src_dir == (pass == 0)) {
				free(src);
				free(dst);
				continue;
			}
			if (lstat(dst, &dst_st) == 0 && S_ISDIR(dst_st.st_mode)) {
				/* swap the new folder in atomically; the old one lands in tmp */
				if (renameat2(AT_FDCWD, src, AT_FDCWD, dst, RENAME_EXCHANGE) != 0)
					rc = diag_error(d, (struct pos){ dst, 0, 0 }, "cannot replace: %s", strerror(errno));
			} else if (rename(src, dst) != 0) {
				rc = diag_error(d, (struct pos){ dst, 0, 0 }, "cannot replace: %s", strerror(errno));
			}
			free(src);
			free(dst);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	remove_tree(tmp);
	return rc;
}

void out_abort(const char *tmp)
{
	if (tmp)
		remove_tree(tmp);
}
