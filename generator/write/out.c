#define _GNU_SOURCE
#include "write/out.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/sorted.h"
#include "base/xalloc.h"
#include "write/fsx.h"

#define TMP_PREFIX ".folio-tmp-"
#define LOCK_NAME ".folio-lock"
#define STATE_NAME ".folio-state"
#define SPARE_NAME ".folio-spare"
#define STATE_MAGIC "folio-state 1\n"
#define MARKER "<meta name=\"generator\" content=\"folio\">"

/* A site folder as the state names it: device and inode, and its birth
 * time where the file system keeps one.  ext4 gives a freed inode number
 * to the next folder made (rm -rf out/site; mkdir out/site gets the same
 * number), so dev and ino alone could take a user's new folder for
 * folio's; the birth time tells them apart. */
struct site_id {
	unsigned long long dev, ino;
	long long bsec;
	long bnsec;
	bool has_birth;
};

/* What .folio-state says folio wrote: the site folders (the published one
 * and the spare) and the names of the EPUB links. */
struct state {
	bool exists;
	char *text; /* as read: to compare, and to put back when a commit fails */
	size_t nsites;
	struct site_id sites[4];
	size_t nepubs;
	char **epubs;
};

struct out_txn {
	char *out, *tmp, *site, *epub_name;
	int lock_fd;
	bool created_out;  /* out_begin made OUT: out_abort removes it again */
	bool created_lock; /* ... and the lock file */
	bool old_site;     /* OUT/site exists (ours): exchange, not rename */
	bool reused;       /* t->tmp is OUT/.folio-spare renamed: t->site's folders are the spare's */
	struct dirlist { char **v; size_t n, cap; } spare; /* reused: its folders (relative), sorted, to put back */
	struct site_id old_site_id;
	bool link_ok;      /* OUT/<epub> already is the link we want */
	bool old_epub_file; /* OUT/<epub> is an EPUB file of an older folio */
	struct state st;
	char *state_now;   /* what OUT/.folio-state says now (st.text until this build writes it) */
	bool state_written; /* ... and this build wrote it: a failed commit puts st.text back */
};

/* ---- the state file ------------------------------------------------------ */

static void S_state_release(struct state *s)
{
	for (size_t i = 0; i < s->nepubs; i++)
		free(s->epubs[i]);
	free(s->epubs);
	free(s->text);
	memset(s, 0, sizeof *s);
}

static void S_state_add_epub(struct state *s, const char *name, size_t *cap)
{
	for (size_t i = 0; i < s->nepubs; i++)
		if (!strcmp(s->epubs[i], name))
			return;
	s->epubs = xgrow(s->epubs, cap, s->nepubs + 1, sizeof *s->epubs);
	s->epubs[s->nepubs++] = xstrdup(name);
}

/* A name folio could have given an EPUB link: one plain file name. */
static bool S_is_link_name(const char *name)
{
	size_t n = strlen(name);
	return n > 5 && n < 256 && !strchr(name, '/') && name[0] != '.' && !strcmp(name + n - 5, ".epub");
}

static void S_state_read(const char *out, struct state *s)
{
	memset(s, 0, sizeof *s);
	char *path = path_join(out, STATE_NAME);
	size_t len, cap = 0;
	if (read_file_max(path, 1 << 16, &s->text, &len) != 0 || strncmp(s->text, STATE_MAGIC, strlen(STATE_MAGIC))) {
		free(s->text);
		s->text = NULL;
		free(path);
		return; /* none, or not ours to trust: as if there were none */
	}
	free(path);
	s->exists = true;
	char *copy = xstrdup(s->text + strlen(STATE_MAGIC)), *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct site_id id = { 0 };
		int k = sscanf(line, "site %llu %llu %lld %ld", &id.dev, &id.ino, &id.bsec, &id.bnsec);
		if (k >= 2 && s->nsites < 4) {
			id.has_birth = k == 4; /* a state of folio before 0.3 has none */
			s->sites[s->nsites++] = id;
		} else if (!strncmp(line, "epub ", 5) && S_is_link_name(line + 5)) {
			S_state_add_epub(s, line + 5, &cap);
		}
	}
	free(copy);
}

/* The identity of the folder `path` (not followed); false when it cannot
 * be read. */
static bool S_site_id(const char *path, struct site_id *id)
{
	struct statx sx;
	if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_INO | STATX_BTIME, &sx) != 0)
		return false;
	*id = (struct site_id){
		.dev = makedev(sx.stx_dev_major, sx.stx_dev_minor),
		.ino = sx.stx_ino,
		.bsec = sx.stx_btime.tv_sec,
		.bnsec = sx.stx_btime.tv_nsec,
		.has_birth = (sx.stx_mask & STATX_BTIME) != 0,
	};
	return true;
}

static bool S_same_site(const struct site_id *a, const struct site_id *b)
{
	return a->dev == b->dev && a->ino == b->ino &&
	       (!a->has_birth || !b->has_birth || (a->bsec == b->bsec && a->bnsec == b->bnsec));
}

static int S_cmp_site(const void *pa, const void *pb)
{
	const struct site_id *a = pa, *b = pb;
	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	return a->ino < b->ino ? -1 : a->ino > b->ino;
}

/* The state naming sites[0..n) (sorted here: the same folders give the
 * same text, whichever is published) and the link names. */
static char *S_state_text(struct site_id *sites, size_t n, char *const *epubs, size_t nepubs)
{
	qsort(sites, n, sizeof *sites, S_cmp_site);
	struct buf b = BUF_INIT;
	buf_puts(&b, STATE_MAGIC);
	buf_puts(&b, "# written by folio: what it may replace in this folder\n");
	for (size_t i = 0; i < n; i++) {
		buf_printf(&b, "site %llu %llu", sites[i].dev, sites[i].ino);
		if (sites[i].has_birth)
			buf_printf(&b, " %lld %ld", sites[i].bsec, sites[i].bnsec);
		buf_putc(&b, '\n');
	}
	for (size_t i = 0; i < nepubs; i++)
		buf_printf(&b, "epub %s\n", epubs[i]);
	return buf_detach(&b, NULL);
}

/* Make OUT/.folio-state say `text`: written in tmp, renamed over it; not
 * written at all when it says so already (the steady state of rebuilds:
 * the published site and the spare trade places, the state names both).
 * Renaming over a file makes ext4 allocate and start writing the new one
 * at once (auto_da_alloc), which waits on a busy disk. */
static int S_state_write(struct diags *d, struct out_txn *t, const char *text)
{
	if (t->state_now && !strcmp(t->state_now, text))
		return 0;
	char *tmp = path_join(t->tmp, STATE_NAME), *dst = path_join(t->out, STATE_NAME);
	int rc = write_file(d, tmp, text, strlen(text));
	if (!rc && rename(tmp, dst) != 0)
		rc = diag_error(d, (struct pos){ dst, 0, 0 }, "cannot write: %s", strerror(errno));
	if (!rc) {
		free(t->state_now);
		t->state_now = xstrdup(text);
		t->state_written = true;
	}
	free(tmp);
	free(dst);
	return rc;
}

/* ---- what is ours ------------------------------------------------------- */

static bool S_dir_is_empty(const char *path)
{
	DIR *dir = opendir(path);
	if (!dir)
		return false;
	struct dirent *de;
	bool empty = true;
	while (empty && (de = readdir(dir)))
		empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
	closedir(dir);
	return empty;
}

/* Is the folder `site` (its identity `id`) one folio wrote?  Listed in the
 * state, or (an OUT of a folio without state files, a copied OUT) its
 * index.html carries folio's generator mark; an empty folder holds
 * nothing to lose. */
static bool S_site_is_ours(const struct state *s, const char *site, const struct site_id *id)
{
	for (size_t i = 0; i < s->nsites; i++)
		if (S_same_site(&s->sites[i], id))
			return true;
	char *index = path_join(site, "index.html"), *html = NULL;
	size_t len;
	struct stat ist;
	bool ours = lstat(index, &ist) == 0 && S_ISREG(ist.st_mode) && read_file_max(index, 1 << 24, &html, &len) == 0 &&
		    strstr(html, MARKER) != NULL;
	free(html);
	free(index);
	return ours || S_dir_is_empty(site);
}

/* Is OUT/<name> the link folio makes ("site/<name>")? */
static bool S_is_our_link(const char *path, const char *name)
{
	char target[PATH_MAX];
	ssize_t n = readlink(path, target, sizeof target - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	return !strncmp(target, "site/", 5) && !strcmp(target + 5, name);
}

/* ---- the spare folders ------------------------------------------------------
 *
 * Making a folder is the dearest thing a small build does (1.2-1.7 ms each
 * on the disk this was measured on: ext4 looks for a block group and reads
 * its inode bitmap; a file goes beside its folder).  So a build's private
 * folder (OUT/.folio-tmp-*, holding site/) is kept after its commit as
 * OUT/.folio-spare, with the site it replaced emptied of files in it, and
 * the next build renames the spare to OUT/.folio-tmp-spare and starts its
 * new site from those folders instead of from nothing: no folder is made
 * and none removed.  The folders the new site does not fill are removed
 * before its commit (a build never leaves an empty folder, so the result
 * is the same tree).  A spare that holds anything but folders is not
 * folio's: it is left alone. */

/* Is `dir` a folder holding folders only, at any depth (to 64)?  Their
 * paths from the top (`rel`: dir's) are added to *list. */
static bool S_only_folders(const char *dir, const char *rel, struct dirlist *list, int depth)
{
	struct stat st;
	if (depth > 64 || lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return false;
	DIR *d = opendir(dir);
	if (!d)
		return false;
	bool ok = true;
	struct dirent *de;
	while (ok && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char *p = path_join(dir, de->d_name), *r = path_join(rel, de->d_name);
		list->v = xgrow(list->v, &list->cap, list->n + 1, sizeof *list->v);
		list->v[list->n++] = r;
		ok = S_only_folders(p, r, list, depth + 1);
		free(p);
	}
	closedir(d);
	return ok;
}

static void S_list_free(struct dirlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	*l = (struct dirlist){ 0 };
}

/* Remove the empty folders under `dir` (not dir itself), deepest first,
 * but those `keep` lists (relative to dir, sorted; NULL: none).  rmdir
 * itself refuses a folder that still holds something. */
static void S_prune(const char *dir, const char *rel, const struct dirlist *keep, int depth)
{
	DIR *d = depth <= 64 ? opendir(dir) : NULL;
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || de->d_type == DT_REG || de->d_type == DT_LNK)
			continue;
		char *p = path_join(dir, de->d_name), *r = path_join(rel, de->d_name);
		S_prune(p, r, keep, depth + 1);
		if (!keep || !keep->n || !bsearch(&r, keep->v, keep->n, sizeof *keep->v, cmp_str_ptr))
			rmdir(p);
		free(p);
		free(r);
	}
	closedir(d);
}


/* Unlink every file under `dir` (a site folio wrote), keep its folders;
 * false when one cannot be. */
static bool S_empty_of_files(const char *dir, int depth)
{
	DIR *d = depth <= 64 ? opendir(dir) : NULL;
	if (!d)
		return false;
	bool ok = true;
	struct dirent *de;
	while (ok && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char *p = path_join(dir, de->d_name);
		struct stat st;
		if (lstat(p, &st) != 0)
			ok = false;
		else if (S_ISDIR(st.st_mode))
			ok = S_empty_of_files(p, depth + 1);
		else
			ok = unlink(p) == 0;
		free(p);
	}
	closedir(d);
	return ok;
}

/* Remove what t->tmp holds beside site/ (the state written there, the
 * link, an older folio's EPUB set aside, the folders of a spare of
 * folio before 0.3). */
static void S_clear_tmp(const struct out_txn *t)
{
	DIR *d = opendir(t->tmp);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || !strcmp(de->d_name, "site"))
			continue;
		char *p = path_join(t->tmp, de->d_name);
		remove_tree(p);
		free(p);
	}
	if (d)
		closedir(d);
}

/* t->tmp, its site emptied of files, becomes OUT/.folio-spare (else
 * remove_tree(t->tmp) takes it); true when it did. */
static bool S_to_spare(const struct out_txn *t)
{
	S_clear_tmp(t);
	if (!S_empty_of_files(t->site, 0))
		return false;
	char *spare = path_join(t->out, SPARE_NAME);
	struct stat st;
	bool done = lstat(spare, &st) != 0 && errno == ENOENT && rename(t->tmp, spare) == 0;
	free(spare);
	return done;
}

/* A failed build gives the spare back as it was: its files gone, the
 * folders it made gone, the pruned ones made again. */
static void S_return_spare(struct out_txn *t)
{
	if (!t->reused || !t->site)
		return;
	if (S_empty_of_files(t->site, 0)) {
		S_prune(t->site, "", &t->spare, 0);
		for (size_t i = 0; i < t->spare.n; i++) { /* what out_commit pruned already (sorted: parents first) */
			char *p = path_join(t->site, t->spare.v[i]);
			mkdir(p, 0777);
			free(p);
		}
		S_to_spare(t);
	}
	t->reused = false;
}

/* Take OUT/.folio-spare as this build's private folder when it holds
 * folders only; t->spare lists the folders of its site/, relative to it. */
static bool S_take_spare(struct out_txn *t)
{
	char *spare = path_join(t->out, SPARE_NAME), *tmp = path_join(t->out, TMP_PREFIX "spare");
	struct dirlist all = { 0 };
	bool ok = S_only_folders(spare, "", &all, 0) && rename(spare, tmp) == 0;
	free(spare);
	if (!ok) {
		S_list_free(&all);
		free(tmp);
		return false;
	}
	for (size_t i = 0; i < all.n; i++) {
		if (!strncmp(all.v[i], "site/", 5)) {
			t->spare.v = xgrow(t->spare.v, &t->spare.cap, t->spare.n + 1, sizeof *t->spare.v);
			t->spare.v[t->spare.n++] = xstrdup(all.v[i] + 5);
		}
	}
	S_list_free(&all);
	if (t->spare.n > 1)
		qsort(t->spare.v, t->spare.n, sizeof *t->spare.v, cmp_str_ptr);
	t->tmp = tmp;
	t->reused = true;
	return true;
}

/* ---- the lock --------------------------------------------------------- */

/* Lock OUT/.folio-lock, creating OUT (and noting whether we did) and the
 * lock file as needed.  A lock file removed by out_abort while we waited
 * is not the lock any more: then try again.  Returns the descriptor or
 * -1 after a diagnostic. */
static int S_lock(struct diags *d, const char *out, bool *created_out, bool *created_lock)
{
	char *path = path_join(out, LOCK_NAME);
	bool said = false;
	int fd = -1;
	*created_out = *created_lock = false;
	int tries = 0;
	for (; tries < 100 && fd < 0; tries++) {
		if (mkdir(out, 0777) == 0) {
			*created_out = true;
		} else if (errno == ENOENT) {
			if (mkdir_p(d, out))
				break;
			*created_out = true;
		} else if (errno != EEXIST) {
			diag_error(d, (struct pos){ out, 0, 0 }, "cannot create folder: %s", strerror(errno));
			break;
		}
		if (!is_directory(out)) {
			diag_error(d, (struct pos){ out, 0, 0 }, "the output folder is %s, not a folder", file_kind(out));
			break;
		}
		*created_lock = false;
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
		if (fd >= 0)
			*created_lock = true;
		else if (errno == EEXIST || errno == EROFS)
			fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK); /* flock needs no write access */
		if (fd < 0) {
			if (errno == ENOENT)
				continue; /* removed between the two opens */
			diag_error(d, (struct pos){ path, 0, 0 }, "cannot open the lock file: %s", strerror(errno));
			break;
		}
		int r = flock(fd, LOCK_EX | LOCK_NB);
		if (r != 0 && errno == EWOULDBLOCK) {
			if (!said)
				fprintf(stderr, "folio: waiting for another build of %s to finish\n", out);
			said = true;
			while ((r = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
				;
		}
		if (r != 0) {
			diag_error(d, (struct pos){ path, 0, 0 }, "cannot lock: %s", strerror(errno));
			close(fd);
			fd = -1;
			break;
		}
		struct stat a, b;
		if (fstat(fd, &a) != 0 || lstat(path, &b) != 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
			close(fd); /* a failed first build removed it while we waited */
			fd = -1;
		}
	}
	if (fd < 0 && tries >= 100)
		diag_error(d, (struct pos){ path, 0, 0 }, "cannot lock: the lock file keeps disappearing");
	free(path);
	return fd;
}

/* Under the lock every temporary folder is a killed build's. */
static void S_remove_stale(const char *out)
{
	DIR *dir = opendir(out);
	if (!dir)
		return;
	struct dirent *de;
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) != 0)
			continue;
		char *p = path_join(out, de->d_name);
		remove_tree(p);
		free(p);
	}
	closedir(dir);
}

/* ---- the transaction ------------------------------------------------- */

static void S_free(struct out_txn *t)
{
	if (t->lock_fd >= 0)
		close(t->lock_fd); /* releases the lock */
	S_state_release(&t->st);
	free(t->state_now);
	S_list_free(&t->spare);
	free(t->out);
	free(t->tmp);
	free(t->site);
	free(t->epub_name);
	free(t);
}

/* Check OUT/site and OUT/<epub>; 0 when both are absent or ours. */
static int S_check_ours(struct diags *d, struct out_txn *t)
{
	int rc = 0;
	char *site = path_join(t->out, "site"), *epub = path_join(t->out, t->epub_name);
	struct stat st;
	if (lstat(site, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			rc = diag_error(d, (struct pos){ site, 0, 0 },
					"not replaced: a symbolic link that folio did not write (folio writes a site "
					"folder here); move it away or build into another folder (-o)");
		else if (!S_ISDIR(st.st_mode))
			rc = diag_error(d, (struct pos){ site, 0, 0 },
					"not replaced: %s that folio did not write; move it away or build into another "
					"folder (-o)", file_kind(site));
		else if (!S_site_id(site, &t->old_site_id))
			rc = diag_error(d, (struct pos){ site, 0, 0 }, "cannot read: %s", strerror(errno));
		else if (!S_site_is_ours(&t->st, site, &t->old_site_id))
			rc = diag_error(d, (struct pos){ site, 0, 0 },
					"not replaced: a folder that folio did not write (no folio state, no folio mark in "
					"its index.html); move it away or build into another folder (-o)");
		else
			t->old_site = true;
	} else if (errno != ENOENT) {
		rc = diag_error(d, (struct pos){ site, 0, 0 }, "cannot read: %s", strerror(errno));
	}
	if (lstat(epub, &st) == 0) {
		char *in_site = path_join(site, t->epub_name);
		if (S_ISLNK(st.st_mode) && S_is_our_link(epub, t->epub_name))
			t->link_ok = true;
		else if (S_ISREG(st.st_mode) && t->old_site && files_same(epub, in_site))
			t->old_epub_file = true; /* folio before 0.2 copied the EPUB beside its site */
		else
			rc = diag_error(d, (struct pos){ epub, 0, 0 },
					"not replaced: %s that folio did not write (folio makes a link to site/%s "
					"here); move it away or build into another folder (-o)",
					S_ISLNK(st.st_mode) ? "a symbolic link" : file_kind(epub), t->epub_name);
		free(in_site);
	} else if (errno != ENOENT) {
		rc = diag_error(d, (struct pos){ epub, 0, 0 }, "cannot read: %s", strerror(errno));
	}
	free(site);
	free(epub);
	return rc;
}

static struct out_txn *S_new(const char *out, const char *epub_name)
{
	struct out_txn *t = xcalloc(1, sizeof *t);
	t->lock_fd = -1;
	t->out = xstrdup(out);
	t->epub_name = xstrdup(epub_name);
	return t;
}

struct out_txn *out_begin(struct diags *d, const char *out, const char *epub_name)
{
	struct out_txn *t = S_new(out, epub_name);
	if (!*out) {
		diag_error(d, (struct pos){ ".", 0, 0 }, "the output folder has an empty name");
		S_free(t);
		return NULL;
	}
	t->lock_fd = S_lock(d, out, &t->created_out, &t->created_lock);
	if (t->lock_fd < 0) {
		S_free(t);
		return NULL;
	}
	S_remove_stale(out);
	S_state_read(out, &t->st);
	t->state_now = t->st.text ? xstrdup(t->st.text) : NULL;
	if (S_check_ours(d, t)) {
		out_abort(t);
		return NULL;
	}
	if (S_take_spare(t)) {
		t->site = path_join(t->tmp, "site");
		if (!is_directory(t->site) && mkdir(t->site, 0777) != 0) {
			diag_error(d, (struct pos){ t->site, 0, 0 }, "cannot create folder: %s", strerror(errno));
			out_abort(t);
			return NULL;
		}
		return t;
	}
	char *tmpl = path_join(out, TMP_PREFIX "XXXXXX");
	if (!mkdtemp(tmpl)) {
		diag_error(d, (struct pos){ out, 0, 0 }, "cannot create a temporary folder: %s", strerror(errno));
		free(tmpl);
		out_abort(t);
		return NULL;
	}
	t->tmp = tmpl;
	t->site = path_join(t->tmp, "site");
	if (mkdir(t->site, 0777) != 0) {
		diag_error(d, (struct pos){ t->site, 0, 0 }, "cannot create folder: %s", strerror(errno));
		out_abort(t);
		return NULL;
	}
	return t;
}

struct out_txn *out_update_begin(struct diags *d, const char *out, const char *epub_name)
{
	struct out_txn *t = S_new(out, epub_name);
	if (!*out || !is_directory(out)) {
		S_free(t);
		return NULL;
	}
	t->lock_fd = S_lock(d, out, &t->created_out, &t->created_lock);
	if (t->lock_fd < 0) {
		S_free(t);
		return NULL;
	}
	S_state_read(out, &t->st);
	struct diags *quiet = diags_new(false); /* not ours, or not there: a whole build says why */
	bool ok = S_check_ours(quiet, t) == 0 && t->old_site && t->link_ok;
	diags_free(quiet);
	if (!ok) {
		S_free(t);
		return NULL;
	}
	t->site = path_join(out, "site");
	return t;
}

void out_update_end(struct out_txn *t)
{
	if (t)
		S_free(t);
}

const char *out_site_dir(const struct out_txn *t)
{
	return t->site;
}

char *out_prev_site(const struct out_txn *t)
{
	return t->old_site ? path_join(t->out, "site") : NULL;
}

/* After the swap: remove the links (and, for an OUT of an older folio,
 * the EPUB files) earlier builds wrote under other titles.  `old_site`
 * is the replaced site folder, still in tmp. */
static void S_remove_old_epubs(const struct out_txn *t, const char *old_site)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	if (t->st.exists) {
		for (size_t i = 0; i < t->st.nepubs; i++) {
			names = xgrow(names, &cap, n + 1, sizeof *names);
			names[n++] = xstrdup(t->st.epubs[i]);
		}
	} else {
		DIR *dir = opendir(t->out);
		struct dirent *de;
		while (dir && (de = readdir(dir)))
			if (S_is_link_name(de->d_name)) {
				names = xgrow(names, &cap, n + 1, sizeof *names);
				names[n++] = xstrdup(de->d_name);
			}
		if (dir)
			closedir(dir);
	}
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], t->epub_name) != 0) {
			char *p = path_join(t->out, names[i]), *was = old_site ? path_join(old_site, names[i]) : NULL;
			struct stat st;
			if (lstat(p, &st) == 0 &&
			    ((S_ISLNK(st.st_mode) && S_is_our_link(p, names[i])) ||
			     (!t->st.exists && S_ISREG(st.st_mode) && was && files_same(p, was))))
				unlink(p);
			free(p);
			free(was);
		}
		free(names[i]);
	}
	free(names);
}

int out_commit(struct out_txn *t, struct diags *d)
{
	int rc = -1;
	char *site = path_join(t->out, "site"), *epub = path_join(t->out, t->epub_name);
	char *link_tmp = path_join(t->tmp, "epub-link"), *aside = path_join(t->tmp, "old-epub");
	char *text = NULL;
	bool link_made = false, aside_made = false;
	struct site_id sites[2];
	size_t nsites = 0;
	if (t->reused)
		S_prune(t->site, "", NULL, 0);
	if (!S_site_id(t->site, &sites[nsites++])) {
		diag_error(d, (struct pos){ t->site, 0, 0 }, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (t->old_site)
		sites[nsites++] = t->old_site_id;

	/* 1. the state first: both site folders and every link name are
	 * ours, whatever moment a kill picks from here on */
	char **names = xmalloc((t->st.nepubs + 1) * sizeof *names);
	size_t n = 0;
	for (size_t i = 0; i < t->st.nepubs; i++)
		names[n++] = t->st.epubs[i];
	bool listed = false;
	for (size_t i = 0; i < n; i++)
		listed = listed || !strcmp(names[i], t->epub_name);
	if (!listed)
		names[n++] = t->epub_name;
	text = S_state_text(sites, nsites, names, n);
	free(names);
	if (S_state_write(d, t, text))
		goto out;

	/* 2. the link OUT/<epub> -> site/<epub>, made once */
	if (!t->link_ok) {
		char *target = path_join("site", t->epub_name);
		int e = symlink(target, link_tmp) == 0 ? 0 : errno;
		free(target);
		if (!e && t->old_epub_file)
			e = rename(epub, aside) == 0 ? (aside_made = true, 0) : errno;
		if (!e)
			e = rename(link_tmp, epub) == 0 ? (link_made = true, 0) : errno;
		if (e) {
			diag_error(d, (struct pos){ epub, 0, 0 }, "cannot replace: %s", strerror(e));
			goto undo;
		}
	}

	/* 3. the commit: one rename publishes the site and its EPUB */
	if (t->old_site ? renameat2(AT_FDCWD, t->site, AT_FDCWD, site, RENAME_EXCHANGE) != 0 : rename(t->site, site) != 0) {
		diag_error(d, (struct pos){ site, 0, 0 }, "cannot replace: %s", strerror(errno));
		goto undo;
	}

	/* 4. tidy up: old links, the state without them (the replaced site,
	 * now in t->site, stays named: it becomes the spare; should it not,
	 * it is removed below and the next state drops it), the spare */
	S_remove_old_epubs(t, t->old_site ? t->site : NULL);
	free(text);
	text = S_state_text(sites, nsites, &t->epub_name, 1);
	S_state_write(d, t, text); /* a failure leaves a state that still holds */
	if (t->old_site)
		S_to_spare(t);
	rc = 0;
	goto out;

undo:
	if (link_made)
		unlink(epub);
	if (aside_made)
		rename(aside, epub);
	if (t->state_written) {
		char *state = path_join(t->out, STATE_NAME);
		if (t->st.exists) {
			char *tmp = path_join(t->tmp, "state-back");
			if (write_file(d, tmp, t->st.text, strlen(t->st.text)) == 0)
				rename(tmp, state);
			free(tmp);
		} else {
			unlink(state);
		}
		free(state);
	}
	S_return_spare(t);
out:
	free(text);
	free(site);
	free(epub);
	free(link_tmp);
	free(aside);
	remove_tree(t->tmp);
	S_free(t);
	return rc;
}

void out_abort(struct out_txn *t)
{
	if (!t)
		return;
	S_return_spare(t);
	if (t->tmp)
		remove_tree(t->tmp);
	if (t->created_lock && t->lock_fd >= 0) {
		/* leave no trace of a failed first build; a build waiting on this
		 * lock file notices that it is gone (S_lock) */
		char *lock = path_join(t->out, LOCK_NAME);
		unlink(lock);
		free(lock);
	}
	if (t->created_out)
		rmdir(t->out); /* only if empty */
	S_free(t);
}
