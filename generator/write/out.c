#define _GNU_SOURCE
#include "write/out.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
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
	bool reused;       /* t->tmp is OUT/.folio-spare renamed: t->site is the spare's site */
	bool keep;         /* ... and holds files of a site folio wrote (the state names it) */
	struct dirlist { char **v; size_t n, cap; } spare; /* reused: its folders (relative), sorted, to put back */
	struct dirlist spare_files; /* keep: its other entries (relative), sorted */
	atomic_bool *seen; /* keep: per spare_files entry, the new site has that name (kept or written) */
	/* the new site's files (out_write_pieces, out_copy, out_make_room),
	 * from any number of threads: the lists under `mu` */
	pthread_mutex_t mu;
	struct dirlist fresh;   /* reused: the names written anew, removed should the build fail */
	struct dirlist aside;   /* the spare's entries moved out of the way, in order (t->tmp/aside-K) */
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

/* ---- the spare ----------------------------------------------------------------
 *
 * Making a folder or a file is the dearest thing a small build does (a
 * new inode: 0.5-1.7 ms on the disk this was measured on), and on a big
 * book a hard link and an unlink per unchanged file add up (10,000 of
 * each for a 10,000-chapter rebuild).  So a build's private folder
 * (OUT/.folio-tmp-*, holding site/) is kept after its commit as
 * OUT/.folio-spare, holding the site the commit replaced, files and all,
 * and the next build renames it to OUT/.folio-tmp-spare and makes its new
 * site out of that one: a file of the spare that already holds the new
 * bytes stays where it is (out_write_pieces, out_copy); any other is
 * moved aside (to t->tmp/aside-K) before the new one is written; what the
 * new site does not write is moved aside before the commit, and the
 * folders left empty are removed, so the result is a fresh build's tree.
 * In the steady state of rebuilds nothing is made or removed but what
 * changed.  A failed build puts the spare back as it was: the new files
 * removed, the folders it made removed, the moved entries back, the
 * removed folders made again.
 *
 * The spare's files are trusted only when the state names its site
 * folder (then folio wrote them); a spare of folders only (folio 0.3)
 * holds nothing to lose; any other spare is not folio's and is left
 * alone. */

static void S_list_add(struct dirlist *l, const char *s)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrdup(s);
}

static void S_list_free(struct dirlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	*l = (struct dirlist){ 0 };
}

static void S_list_sort(struct dirlist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, cmp_str_ptr);
}

static bool S_listed(const struct dirlist *l, const char *s)
{
	return l->n && bsearch(&s, l->v, l->n, sizeof *l->v, cmp_str_ptr) != NULL;
}

/* List the tree under folder `dir` (to a depth of 64), paths from the
 * top (`rel`: dir's): folders in *dirs, everything else in *files; with
 * `files` NULL, anything but a folder is refused.  False when refused or
 * unreadable. */
static bool S_list_tree(const char *dir, const char *rel, struct dirlist *dirs, struct dirlist *files, int depth)
{
	DIR *d = depth <= 64 ? opendir(dir) : NULL;
	if (!d)
		return false;
	bool ok = true;
	struct dirent *de;
	while (ok && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char *p = path_join(dir, de->d_name), *r = path_join(rel, de->d_name);
		bool is_dir = de->d_type == DT_DIR;
		if (de->d_type == DT_UNKNOWN) {
			struct stat st;
			ok = lstat(p, &st) == 0;
			is_dir = ok && S_ISDIR(st.st_mode);
		}
		if (ok && is_dir) {
			S_list_add(dirs, r);
			ok = S_list_tree(p, r, dirs, files, depth + 1);
		} else if (ok && files) {
			S_list_add(files, r);
		} else {
			ok = false;
		}
		free(p);
		free(r);
	}
	closedir(d);
	return ok;
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
		if (!keep || !S_listed(keep, r))
			rmdir(p);
		free(p);
		free(r);
	}
	closedir(d);
}

/* Remove what t->tmp holds beside site/ (the state written there, the
 * link, an older folio's EPUB set aside, the entries moved aside, the
 * folders of a spare of folio 0.3). */
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

/* t->tmp, its site as it is, becomes OUT/.folio-spare (else
 * remove_tree(t->tmp) takes it); true when it did. */
static bool S_to_spare(const struct out_txn *t)
{
	S_clear_tmp(t);
	char *spare = path_join(t->out, SPARE_NAME);
	struct stat st;
	bool done = lstat(spare, &st) != 0 && errno == ENOENT && rename(t->tmp, spare) == 0;
	free(spare);
	return done;
}

/* Move the entry at t->site/name out of the way, to t->tmp/aside-K (it
 * goes back should the build fail).  Under t->mu.  0 (moved), or the
 * errno of the rename (ENOENT: nothing there). */
static int S_aside_locked(struct out_txn *t, const char *name)
{
	char *from = path_join(t->site, name), *to = xasprintf("%s/aside-%zu", t->tmp, t->aside.n);
	int e = rename(from, to) == 0 ? 0 : errno;
	if (!e)
		S_list_add(&t->aside, name);
	free(from);
	free(to);
	return e;
}

static int S_aside_error(struct out_txn *t, struct diags *d, const char *name, int e)
{
	char *p = path_join(t->site, name);
	int rc = diag_error(d, (struct pos){ p, 0, 0 }, "cannot move aside: %s", strerror(e));
	free(p);
	return rc;
}

/* The new file `name` is about to be written into the reused spare (it
 * goes should the build fail; noted first, so a half-written one goes
 * too). */
static void S_note_fresh(struct out_txn *t, const char *name)
{
	if (!t->reused)
		return;
	pthread_mutex_lock(&t->mu);
	S_list_add(&t->fresh, name);
	pthread_mutex_unlock(&t->mu);
}

/* The new site has `name`: should the spare have held a file there,
 * S_finish_site leaves it.  No lock: each name is its own flag. */
static void S_seen(struct out_txn *t, const char *name)
{
	if (!t->seen)
		return;
	const char **at = bsearch(&name, t->spare_files.v, t->spare_files.n, sizeof *t->spare_files.v, cmp_str_ptr);
	if (at)
		atomic_store_explicit(&t->seen[(char **)at - t->spare_files.v], true, memory_order_relaxed);
}

/* Make room in the reused spare for the new file `name` (at `path`): what
 * is there, or a non-folder above it, is moved aside.  With `holds`
 * (NULL: never), a regular file of a trusted spare that holds the new
 * bytes stays instead (*kept).  (No lstat first: on the common paths,
 * kept or nothing there, the open or the rename says it all.) */
static int S_room(struct out_txn *t, struct diags *d, const char *path, const char *name,
		  bool (*holds)(const char *path, const void *arg), const void *arg, bool *kept)
{
	*kept = holds && t->keep && holds(path, arg);
	if (*kept)
		return 0;
	pthread_mutex_lock(&t->mu);
	int rc = 0, e = S_aside_locked(t, name);
	if (e == ENOTDIR) {
		/* a file of the spare where the new site has a folder: the first
		 * non-folder from the top goes (under the lock: another thread
		 * may be making room below it too) */
		char *up = xstrdup(name);
		for (char *slash = strchr(up, '/'); slash; slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			char *p = path_join(t->site, up);
			struct stat st;
			int r = lstat(p, &st);
			free(p);
			if (r == 0 && S_ISDIR(st.st_mode)) {
				*slash = '/';
				continue;
			}
			if (r == 0 && (e = S_aside_locked(t, up)) != 0)
				rc = S_aside_error(t, d, up, e);
			break; /* (or missing: nothing below it) */
		}
		free(up);
	} else if (e && e != ENOENT) {
		rc = S_aside_error(t, d, name, e);
	}
	pthread_mutex_unlock(&t->mu);
	return rc;
}

/* Before the commit: move aside what the spare held and the new site
 * did not write, and remove the folders left empty. */
static int S_finish_site(struct out_txn *t, struct diags *d)
{
	int rc = 0;
	for (size_t i = 0; i < t->spare_files.n && !rc; i++) {
		const char *name = t->spare_files.v[i];
		if (atomic_load_explicit(&t->seen[i], memory_order_relaxed))
			continue;
		char *p = path_join(t->site, name);
		struct stat st;
		int e = lstat(p, &st) == 0 && !S_ISDIR(st.st_mode) ? S_aside_locked(t, name) : 0;
		if (e) /* (a folder: the file was moved aside already, with a folder above it) */
			rc = S_aside_error(t, d, name, e);
		free(p);
	}
	S_prune(t->site, "", NULL, 0);
	return rc;
}

/* A failed build gives the spare back as it was: the files it wrote
 * gone, the folders it made gone, the entries it moved aside back (last
 * first: each goes back into the tree it left), the folders out_commit
 * removed made again. */
static void S_return_spare(struct out_txn *t)
{
	if (!t->reused || !t->site)
		return;
	for (size_t i = 0; i < t->fresh.n; i++) {
		char *p = path_join(t->site, t->fresh.v[i]);
		unlink(p);
		free(p);
	}
	S_prune(t->site, "", &t->spare, 0);
	for (size_t k = t->aside.n; k-- > 0;) {
		char *from = xasprintf("%s/aside-%zu", t->tmp, k), *to = path_join(t->site, t->aside.v[k]);
		if (rename(from, to) != 0 && errno == ENOENT) { /* its folder was removed: made again */
			char *dir = path_dir(to);
			struct diags *quiet = diags_new(false);
			if (mkdir_p(quiet, dir) == 0)
				rename(from, to);
			diags_free(quiet);
			free(dir);
		}
		free(from);
		free(to);
	}
	for (size_t i = 0; i < t->spare.n; i++) { /* (sorted: parents first) */
		char *p = path_join(t->site, t->spare.v[i]);
		mkdir(p, 0777);
		free(p);
	}
	S_to_spare(t);
	t->reused = false;
}

/* Does the state name the folder `path` as a site of folio's? */
static bool S_state_names(const struct state *s, const char *path)
{
	struct site_id id;
	if (!S_site_id(path, &id))
		return false;
	for (size_t i = 0; i < s->nsites; i++)
		if (S_same_site(&s->sites[i], &id))
			return true;
	return false;
}

/* Take OUT/.folio-spare as this build's private folder: when it holds
 * site/ only and the state names that folder (t->keep: its files are
 * folio's), or folders only.  t->spare lists the folders of its site/,
 * relative to it, and t->spare_files the rest. */
static bool S_take_spare(struct out_txn *t)
{
	char *spare = path_join(t->out, SPARE_NAME), *tmp = path_join(t->out, TMP_PREFIX "spare");
	char *ssite = path_join(spare, "site");
	bool keep = S_state_names(&t->st, ssite);
	struct dirlist dirs = { 0 }, files = { 0 };
	bool ok = S_list_tree(spare, "", &dirs, keep ? &files : NULL, 0);
	for (size_t i = 0; ok && keep && i < dirs.n; i++)
		ok = !strcmp(dirs.v[i], "site") || !strncmp(dirs.v[i], "site/", 5);
	for (size_t i = 0; ok && i < files.n; i++)
		ok = !strncmp(files.v[i], "site/", 5);
	ok = ok && rename(spare, tmp) == 0;
	free(spare);
	free(ssite);
	if (ok) {
		for (size_t i = 0; i < dirs.n; i++)
			if (!strncmp(dirs.v[i], "site/", 5))
				S_list_add(&t->spare, dirs.v[i] + 5);
		for (size_t i = 0; i < files.n; i++)
			S_list_add(&t->spare_files, files.v[i] + 5);
		S_list_sort(&t->spare);
		S_list_sort(&t->spare_files);
		if (t->spare_files.n) {
			t->seen = xcalloc(t->spare_files.n, sizeof *t->seen);
			for (size_t i = 0; i < t->spare_files.n; i++)
				atomic_init(&t->seen[i], false);
		}
		t->tmp = tmp;
		t->reused = true;
		t->keep = keep;
	} else {
		free(tmp);
	}
	S_list_free(&dirs);
	S_list_free(&files);
	return ok;
}

/* ---- the new site's files ------------------------------------------------ */

struct pieces {
	const char *const *piece;
	const size_t *len;
	size_t n;
};

static bool S_holds_pieces(const char *path, const void *arg)
{
	const struct pieces *p = arg;
	return file_holds_pieces(path, p->piece, p->len, p->n);
}

static bool S_holds_copy(const char *path, const void *arg)
{
	return files_same(arg, path);
}

/* The published site's file `name` (hard-linked when it holds the new
 * bytes), or NULL; malloc'd. */
static char *S_prev(const struct out_txn *t, const char *name)
{
	return t->old_site ? xasprintf("%s/site/%s", t->out, name) : NULL;
}

int out_write_pieces(struct out_txn *t, struct diags *d, const char *name, const char *const *piece,
		     const size_t *len, size_t n)
{
	char *path = path_join(t->site, name);
	struct pieces arg = { piece, len, n };
	bool kept = false;
	int rc = t->reused ? S_room(t, d, path, name, S_holds_pieces, &arg, &kept) : 0;
	if (!rc && !kept) {
		S_note_fresh(t, name);
		char *prev = S_prev(t, name);
		rc = write_pieces_reusing(d, path, piece, len, n, prev);
		free(prev);
	}
	if (!rc)
		S_seen(t, name);
	free(path);
	return rc;
}

int out_copy(struct out_txn *t, struct diags *d, const char *from, const char *name)
{
	char *path = path_join(t->site, name);
	bool kept = false;
	int rc = t->reused ? S_room(t, d, path, name, S_holds_copy, from, &kept) : 0;
	if (!rc && !kept) {
		S_note_fresh(t, name);
		char *prev = S_prev(t, name);
		rc = copy_file_reusing(d, from, path, prev);
		free(prev);
	}
	if (!rc)
		S_seen(t, name);
	free(path);
	return rc;
}

int out_make_room(struct out_txn *t, struct diags *d, const char *name)
{
	char *path = path_join(t->site, name);
	bool kept;
	int rc = t->reused ? S_room(t, d, path, name, NULL, NULL, &kept) : 0;
	if (!rc) {
		S_note_fresh(t, name);
		S_seen(t, name);
	}
	free(path);
	return rc;
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
	S_list_free(&t->spare_files);
	free(t->seen);
	S_list_free(&t->fresh);
	S_list_free(&t->aside);
	pthread_mutex_destroy(&t->mu);
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
	pthread_mutex_init(&t->mu, NULL);
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
	if (t->reused && S_finish_site(t, d))
		goto undo;
	if (!S_site_id(t->site, &sites[nsites++])) {
		diag_error(d, (struct pos){ t->site, 0, 0 }, "cannot read: %s", strerror(errno));
		goto undo;
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
		goto undo;

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
