/* watch.c - notice when the book or its theme changes (see watch.h).
 *
 * Layer: serve (may include base/ and write/).  Two ways to watch: inotify
 * (Linux), one watch per folder, each remembered with its path so that a
 * new sub-folder can be watched in turn and folio's output recognised by
 * name; and, when inotify fails, a fingerprint of every entry's path,
 * size, times, mode and inode taken every WATCH_POLL_MS. */
#include "serve/watch.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "write/fsx.h"
#include "base/hash.h"

#define WATCH_DEPTH 64 /* as deep as the book is read (load/book.c) */
#define WATCH_MASK                                                                                         \
	(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE_SELF | \
	 IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK)

enum root { ROOT_SOURCE, ROOT_THEME };

struct wdir {
	int wd;
	char *path;     /* absolute, without symbolic links (from realpath) */
	enum root root; /* which root's walk added it first */
};

struct watch {
	char *source;   /* realpath of the book folder */
	char *theme;    /* realpath of the theme folder, or NULL */
	char *out;      /* OUT as given, to stat it */
	char *out_abs;  /* OUT's absolute form, compared by name (it may not exist yet) */
	int fd;         /* the inotify instance; -1 when polling */
	struct wdir *dirs;
	size_t n, cap;
	int exhausted;  /* errno of an inotify_add_watch that ran out (ENOSPC, ENOMEM), or 0 */
	bool rescan;    /* the event queue overflowed: watch everything again */
	bool pending;   /* a change seen but not reported yet */
	uint64_t seen;  /* polling: the fingerprint the last report started from */
};

static double S_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Is `path` `dir` itself or inside it (by name)? */
static bool S_at_or_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

/* Is `path` (with status `s`, if known) folio's output folder or inside it:
 * by name, or by device and inode? */
static bool S_is_out(const struct watch *w, const char *path, const struct stat *s)
{
	if (w->out_abs && S_at_or_under(path, w->out_abs))
		return true;
	struct stat o;
	return s && stat(w->out, &o) == 0 && s->st_dev == o.st_dev && s->st_ino == o.st_ino;
}

/* ---- polling: the fallback ---- */

static uint64_t S_mix(uint64_t h, uint64_t v)
{
	h ^= v;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}


/* Add every entry under `dir` (hidden ones and OUT skipped, symbolic links
 * not followed into folders) to *fp.  The sum does not depend on readdir
 * order. */
static void S_scan(const struct watch *w, const char *dir, uint64_t *fp, int depth)
{
	DIR *d = depth < WATCH_DEPTH ? opendir(dir) : NULL;
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *p = path_join(dir, de->d_name);
		struct stat s, t;
		if (lstat(p, &s) == 0 && !S_is_out(w, p, &s)) {
			if (S_ISLNK(s.st_mode) && stat(p, &t) == 0 && !S_ISDIR(t.st_mode))
				s = t;
			uint64_t h = hash_str(p);
			h = S_mix(h, (uint64_t)s.st_mtim.tv_sec);
			h = S_mix(h, (uint64_t)s.st_mtim.tv_nsec);
			h = S_mix(h, (uint64_t)s.st_size);
			h = S_mix(h, (uint64_t)s.st_mode);
			h = S_mix(h, (uint64_t)s.st_ino);
			*fp += h;
			if (S_ISDIR(s.st_mode))
				S_scan(w, p, fp, depth + 1);
		}
		free(p);
	}
	closedir(d);
}

static uint64_t S_fingerprint(const struct watch *w)
{
	uint64_t fp = 0;
	const char *roots[2] = { w->source, w->theme };
	for (size_t i = 0; i < 2; i++) {
		if (!roots[i])
			continue;
		if (is_directory(roots[i]))
			fp += S_mix(hash_str(roots[i]), 1);
		S_scan(w, roots[i], &fp, 0);
	}
	return fp;
}

/* Poll until the fingerprint has changed and then stayed the same for one
 * period (a save in progress is not built half-written). */
static bool S_poll_next(struct watch *w, int stop_fd)
{
	bool changed = w->pending;
	w->pending = false;
	for (;;) {
		struct pollfd p = { stop_fd, POLLIN, 0 };
		int n = poll(&p, 1, WATCH_POLL_MS);
		if (n > 0)
			return false;
		if (n < 0 && errno != EINTR)
			return false;
		if (n < 0)
			continue;
		uint64_t fp = S_fingerprint(w);
		if (fp != w->seen) {
			w->seen = fp;
			changed = true;
		} else if (changed) {
			return true;
		}
	}
}

/* ---- inotify ---- */

static struct wdir *S_find(struct watch *w, int wd)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->dirs[i].wd == wd)
			return &w->dirs[i];
	return NULL;
}

static void S_drop(struct watch *w, size_t i)
{
	free(w->dirs[i].path);
	w->dirs[i] = w->dirs[--w->n];
}

static void S_forget_all(struct watch *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->dirs[i].path);
	w->n = 0;
}

/* Watch folder `path` and every folder under it (hidden ones, OUT and
 * symbolic links skipped).  The watch comes before the listing, so an
 * entry created meanwhile is either listed or reported. */
static void S_add_tree(struct watch *w, const char *path, enum root root, int depth)
{
	if (w->fd < 0 || w->exhausted || depth > WATCH_DEPTH)
		return;
	int wd = inotify_add_watch(w->fd, path, WATCH_MASK);
	if (wd < 0) {
		if (errno == ENOSPC || errno == ENOMEM)
			w->exhausted = errno;
		return; /* gone already, not a folder, unreadable: nothing to watch */
	}
	if (!S_find(w, wd)) {
		if (w->n == w->cap) {
			w->cap = w->cap ? 2 * w->cap : 16;
			w->dirs = xrealloc(w->dirs, w->cap * sizeof *w->dirs);
		}
		w->dirs[w->n++] = (struct wdir){ wd, xstrdup(path), root };
	}
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
			continue;
		char *p = path_join(path, de->d_name);
		struct stat s;
		if (lstat(p, &s) == 0 && S_ISDIR(s.st_mode) && !S_is_out(w, p, &s))
			S_add_tree(w, p, root, depth + 1);
		free(p);
	}
	closedir(d);
}

/* Stop watching the folders at or under `path` (moved away). */
static void S_remove_tree(struct watch *w, const char *path)
{
	for (size_t i = w->n; i-- > 0;) {
		if (S_at_or_under(w->dirs[i].path, path)) {
			inotify_rm_watch(w->fd, w->dirs[i].wd);
			S_drop(w, i);
		}
	}
}

static bool S_watching(const struct watch *w, const char *path)
{
	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->dirs[i].path, path))
			return true;
	return false;
}

/* Watch the roots that are not watched yet (all of them after a reset, a
 * root deleted and made again). */
static void S_add_roots(struct watch *w)
{
	if (!S_watching(w, w->source))
		S_add_tree(w, w->source, ROOT_SOURCE, 0);
	if (w->theme && !S_watching(w, w->theme))
		S_add_tree(w, w->theme, ROOT_THEME, 0);
}

static void S_fall_back(struct watch *w, const char *why)
{
	fprintf(stderr, "folio: note: cannot watch the book with inotify (%s); polling every %d ms instead\n", why,
		WATCH_POLL_MS);
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	S_forget_all(w);
	w->seen = S_fingerprint(w);
}

/* A new inotify instance watching both roots; polling if that fails. */
static void S_start(struct watch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	S_forget_all(w);
	w->exhausted = 0;
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0) {
		S_fall_back(w, strerror(errno));
		return;
	}
	S_add_roots(w);
	if (w->exhausted)
		S_fall_back(w, strerror(w->exhausted));
}

/* Take one event into account.  Returns whether it is a change of the book
 * or theme (not of a hidden entry, not of OUT). */
static bool S_on_event(struct watch *w, const struct inotify_event *ev)
{
	if (ev->mask & IN_Q_OVERFLOW) {
		w->rescan = true;
		return true;
	}
	struct wdir *d = S_find(w, ev->wd);
	if (!d)
		return false; /* a watch removed already */
	if (ev->mask & IN_IGNORED) {
		S_drop(w, (size_t)(d - w->dirs));
		return false;
	}
	if (!ev->len || !ev->name[0]) /* the folder itself: its parent reports it, unless it is a root */
		return !strcmp(d->path, w->source) || (w->theme && !strcmp(d->path, w->theme));
	if (ev->name[0] == '.')
		return false;
	char *p = path_join(d->path, ev->name);
	bool out = S_is_out(w, p, NULL);
	if (!out && (ev->mask & IN_ISDIR)) {
		enum root root = d->root; /* d may move as the table changes */
		if (ev->mask & (IN_MOVED_FROM | IN_DELETE))
			S_remove_tree(w, p);
		if (ev->mask & (IN_CREATE | IN_MOVED_TO)) {
			struct stat s;
			if (lstat(p, &s) == 0 && !S_is_out(w, p, &s))
				S_add_tree(w, p, root, 1);
		}
	}
	free(p);
	return !out;
}

/* Read every queued event.  Returns whether any was a change. */
static bool S_drain(struct watch *w)
{
	_Alignas(struct inotify_event) char buf[16384];
	bool changed = false;
	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return changed;
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			changed |= S_on_event(w, ev);
			p += sizeof *ev + ev->len;
		}
	}
}

/* Wait for the first change, then until the burst is over: WATCH_QUIET_MS
 * without a change, or WATCH_BURST_MS since the first. */
static bool S_inotify_next(struct watch *w, int stop_fd)
{
	bool changed = w->pending;
	w->pending = false;
	double first = changed ? S_ms() : 0, last = first;
	for (;;) {
		int timeout = -1;
		if (changed) {
			double now = S_ms(), left = last + WATCH_QUIET_MS - now;
			if (first + WATCH_BURST_MS - now < left)
				left = first + WATCH_BURST_MS - now;
			if (left <= 0)
				return true;
			timeout = (int)left + 1;
		}
		struct pollfd p[2] = { { w->fd, POLLIN, 0 }, { stop_fd, POLLIN, 0 } };
		int n = poll(p, 2, timeout);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || p[1].revents)
			return false;
		if (n == 0)
			continue; /* the time left is recomputed above */
		if (S_drain(w)) {
			last = S_ms();
			if (!changed)
				first = last;
			changed = true;
		}
		if (w->rescan) {
			w->rescan = false;
			S_start(w);
		}
		if (w->exhausted)
			S_fall_back(w, strerror(w->exhausted));
		if (w->fd < 0)
			return true; /* polling from now on; the change is reported */
	}
}

/* ---- the interface ---- */

struct watch *watch_new(const char *source, const char *out)
{
	struct watch *w = xcalloc(1, sizeof *w);
	w->source = realpath(source, NULL);
	if (!w->source)
		w->source = xstrdup(source);
	w->out = xstrdup(out);
	w->out_abs = path_real_lenient(out);
	w->fd = -1;
	const char *how = getenv("FOLIO_WATCH");
	if (how && !strcmp(how, "poll"))
		w->seen = S_fingerprint(w);
	else
		S_start(w);
	return w;
}

void watch_set_theme(struct watch *w, const char *theme)
{
	char *r = realpath(theme, NULL);
	if (!r)
		r = xstrdup(theme);
	if (w->theme && !strcmp(w->theme, r)) {
		free(r);
	} else {
		if (w->fd >= 0) {
			for (size_t i = w->n; i-- > 0;) {
				if (w->dirs[i].root == ROOT_THEME) {
					inotify_rm_watch(w->fd, w->dirs[i].wd);
					S_drop(w, i);
				}
			}
		}
		free(w->theme);
		w->theme = r;
	}
	/* Polling: a new theme changes the fingerprint, so the next poll
	 * rebuilds once more; better than missing an edit made meanwhile. */
	if (w->fd >= 0) {
		S_add_roots(w);
		if (w->exhausted)
			S_fall_back(w, strerror(w->exhausted));
	}
}

bool watch_next(struct watch *w, int stop_fd)
{
	return w->fd >= 0 ? S_inotify_next(w, stop_fd) : S_poll_next(w, stop_fd);
}

bool watch_changed(struct watch *w)
{
	if (w->fd >= 0 && !w->pending && (S_drain(w) || w->rescan))
		w->pending = true; /* watch_next reports it (and rescans) */
	return w->pending;
}

bool watch_is_polling(const struct watch *w)
{
	return w->fd < 0;
}

void watch_free(struct watch *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	S_forget_all(w);
	free(w->dirs);
	free(w->source);
	free(w->theme);
	free(w->out);
	free(w->out_abs);
	free(w);
}
