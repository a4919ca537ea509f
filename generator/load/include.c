/* include.c - {{#include}}, {{#rustdoc_include}} and {{#title}} expanded
 * in each chapter's body, mdBook's way (see include.h).
 *
 * mdBook finds directives with one regular expression over the whole text
 * (links.rs): `\{{#…}}` to the line's last `}}` is an escape, and
 * `{{ #name ARGS}}` (ARGS up to the first `}`, after white space) a
 * directive.  This is the same scan, written out by hand over lines (folio
 * has no regex library, and a directive never spans lines in practice),
 * so that every piece of output can be tied to its file, line and column
 * in the chapter's srcmap while it is written. */
#include "load/include.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/text.h"
#include "base/xalloc.h"
#include "write/fsx.h"

#define INC_MAX_DEPTH 10          /* mdBook's MAX_LINK_NESTED_DEPTH */
#define INC_MAX_FILE (16u << 20)  /* bytes of one included file */
#define INC_MAX_GROWTH (32u << 20) /* bytes includes may add to one chapter (and limits.chapter_size) */
#define INC_MAX_READ (128u << 20) /* bytes of the files one chapter includes, all together */

/* One line of a file, without its '\n'. */
struct line {
	const char *s;
	size_t n;
	unsigned no; /* its line number in the file */
};

/* A file read for the chapter being expanded, kept while it is (a listing
 * included five times is read once). */
struct ifile {
	char *rel;  /* relative to the book folder */
	char *full; /* book folder + rel: read, and named in diagnostics */
	char *text;
	size_t len;
	struct line *lines; /* mdBook's str::lines(): split at '\n', a '\r' before it
	                     * dropped, no empty last line */
	size_t nlines;
	/* Its ANCHOR: and ANCHOR_END: markers, found once when it is read and
	 * sorted by name, then line: an include by anchor looks them up
	 * instead of scanning the file (100,000 includes of a 10 MB file
	 * scanned 10^12 bytes).  marked[i]: line i holds a marker. */
	struct anchor *anchors;
	size_t nanchors;
	bool *marked;
};

struct anchor {
	const char *name;
	size_t n;
	size_t line; /* index in lines */
	bool end;    /* ANCHOR_END: */
	unsigned col;
};

/* A directive or shortcode folio leaves as text: warned about once per
 * kind and file, at its first use. */
struct seen {
	const char *file;
	char kind[40]; /* "playground", or "<" / "%" and the shortcode's name */
	struct pos first;
	unsigned count;
};

/* The expansion of one chapter. */
struct exp {
	struct book *b;
	struct chapter *ch;
	struct diags *d;
	struct buf out;
	unsigned line, col;   /* the output position of the next byte */
	size_t line_start;    /* where the output's current line starts */
	struct ifile **files;
	size_t nfiles, fcap;
	size_t *fmap, fmapcap; /* files by rel: open addressing, 1 + the index (0: empty) */
	size_t read;          /* bytes of the included files read so far */
	const char *stack[INC_MAX_DEPTH + 2]; /* book-relative paths being expanded */
	unsigned depth;
	struct seen *seen;
	size_t nseen, seencap;
	char *title;          /* the last {{#title}} */
	size_t limit;         /* the output may not grow past it */
	bool over;            /* it did: nothing more is included */
	bool over_said;       /* and that was reported */
	bool changed;         /* the output differs from the input */
};

/* One file being scanned. */
struct level {
	const char *file;     /* for diagnostics and the map */
	const char *rel;      /* relative to the book folder: includes resolve from it */
	char *prefix;         /* written after every '\n' (the text before the directive) */
	size_t nprefix;
	bool in_code;         /* included from inside code: no warnings */
	char fence;           /* the open code fence's character, or 0 */
	size_t fence_len;
};

static bool S_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n';
}

/* [\w_-] as mdBook's anchor names have it (any non-ASCII byte counts as a
 * letter: Rust's \w is Unicode's). */
static bool S_word(char c)
{
	unsigned char u = (unsigned char)c;
	return u >= 0x80 || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' ||
	       u == '-';
}

/* ---- output --------------------------------------------------------------- */

static void S_put(struct exp *x, const char *s, size_t n)
{
	buf_add(&x->out, s, n);
	x->col += (unsigned)n;
}

static void S_newline(struct exp *x, const struct level *lv)
{
	buf_putc(&x->out, '\n');
	x->line++;
	x->col = 1;
	x->line_start = x->out.len;
	S_put(x, lv->prefix, lv->nprefix);
}

/* The output from here on comes from column `col` of line `no` of lv's file. */
static void S_from(struct exp *x, const struct level *lv, unsigned no, size_t col)
{
	srcmap_add(&x->ch->map, x->line, x->col, lv->file, no, (unsigned)col, (unsigned)lv->nprefix);
}

/* ---- things left as text ---------------------------------------------------- */

static void S_seen(struct exp *x, const char *file, const char *kind, size_t kn, struct pos at)
{
	if (kn >= sizeof x->seen->kind)
		kn = sizeof x->seen->kind - 1;
	for (size_t i = 0; i < x->nseen; i++)
		if (x->seen[i].file == file && !strncmp(x->seen[i].kind, kind, kn) && !x->seen[i].kind[kn]) {
			x->seen[i].count++;
			return;
		}
	x->seen = xgrow(x->seen, &x->seencap, x->nseen + 1, sizeof *x->seen);
	struct seen *s = &x->seen[x->nseen++];
	s->file = file;
	memcpy(s->kind, kind, kn);
	s->kind[kn] = '\0';
	s->first = at;
	s->count = 1;
}

static void S_report_seen(struct exp *x)
{
	for (size_t i = 0; i < x->nseen; i++) {
		const struct seen *s = &x->seen[i];
		char more[48] = "";
		if (s->count > 1)
			snprintf(more, sizeof more, " (%u in this file)", s->count);
		if (s->kind[0] == '<' || s->kind[0] == '%')
			diag_warning(x->d, s->first, "Hugo shortcode {{%c %s %c}} is not supported; shortcodes are shown as text%s",
				     s->kind[0], s->kind + 1, s->kind[0] == '<' ? '>' : '%', more);
		else if (!strcmp(s->kind, "playground") || !strcmp(s->kind, "playpen"))
			diag_warning(x->d, s->first, "{{#%s}} is not supported; it is shown as text (to show the code, put "
						     "{{#include FILE}} in a ```rust block)%s",
				     s->kind, more);
		else
			diag_warning(x->d, s->first, "unsupported directive {{#%s}}; it is shown as text%s", s->kind, more);
	}
}

/* ---- files ------------------------------------------------------------------ */

static void S_split(struct ifile *f)
{
	size_t cap = 0;
	const char *p = f->text, *end = f->text + f->len;
	unsigned no = 1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		size_t n = (size_t)(e - p);
		if (nl && n && p[n - 1] == '\r')
			n--;
		f->lines = xgrow(f->lines, &cap, f->nlines + 1, sizeof *f->lines);
		f->lines[f->nlines++] = (struct line){ p, n, no++ };
		p = nl ? nl + 1 : end;
	}
}

/* The path from folder `dir` to file `to` (both relative to the book
 * folder, normalised); malloc'd. */
static char *S_relative(const char *dir, const char *to)
{
	size_t d = 0, t = 0; /* past the folders both start with */
	while (dir[d]) {
		const char *de = strchr(dir + d, '/'), *te = strchr(to + t, '/');
		size_t dn = de ? (size_t)(de - dir - d) : strlen(dir + d);
		if (!te || (size_t)(te - to - t) != dn || memcmp(dir + d, to + t, dn))
			break;
		d += dn + (de ? 1 : 0);
		t += dn + 1;
	}
	struct buf b = BUF_INIT;
	for (const char *p = dir + d; *p; p = strchr(p, '/') ? strchr(p, '/') + 1 : p + strlen(p))
		buf_puts(&b, "../");
	buf_puts(&b, to + t);
	return buf_detach(&b, NULL);
}

/* "; did you mean 'WRITTEN-WITH-ITS-LAST-NAME-REPLACED'?" for a missing
 * file `rel`, or "" (malloc'd). */
static char *S_suggest_missing(struct exp *x, const char *rel, const char *written)
{
	char *dir = path_dir(rel);
	char *full = *dir ? path_join(book_root(x->b), dir) : xstrdup(book_root(x->b));
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	char *hint = xstrdup("");
	DIR *dd = opendir(full);
	if (dd) {
		char **names = NULL;
		size_t n = 0, cap = 0;
		struct dirent *de;
		while ((de = readdir(dd)) && n < 10000)
			if (de->d_name[0] != '.') {
				names = xgrow(names, &cap, n + 1, sizeof *names);
				names[n++] = xstrdup(de->d_name);
			}
		closedir(dd);
		const char *best = text_closest(base, (const char *const *)names, n, 2 + strlen(base) / 8);
		if (best) {
			const char *slash = strrchr(written, '/');
			free(hint);
			hint = xasprintf("; did you mean '%.*s%s'?", slash ? (int)(slash + 1 - written) : 0, written, best);
		}
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
	}
	free(dir);
	free(full);
	return hint;
}

/* The file `written` names from lv's file, read (or found read already);
 * NULL after an error at `at`. */
/* The file of x read as `rel`, or NULL (a hash table: a chapter may include
 * thousands of files). */
static struct ifile *S_known(const struct exp *x, const char *rel)
{
	if (!x->fmapcap)
		return NULL;
	for (size_t i = hash_str(rel) & (x->fmapcap - 1); x->fmap[i]; i = (i + 1) & (x->fmapcap - 1))
		if (!strcmp(x->files[x->fmap[i] - 1]->rel, rel))
			return x->files[x->fmap[i] - 1];
	return NULL;
}

static void S_remember(struct exp *x, const struct ifile *f, size_t index)
{
	if (2 * (x->nfiles + 1) > x->fmapcap) { /* grow and rehash */
		size_t cap = x->fmapcap ? 2 * x->fmapcap : 64;
		size_t *m = xcalloc(cap, sizeof *m);
		for (size_t k = 0; k < x->fmapcap; k++)
			if (x->fmap[k]) {
				size_t i = hash_str(x->files[x->fmap[k] - 1]->rel) & (cap - 1);
				while (m[i])
					i = (i + 1) & (cap - 1);
				m[i] = x->fmap[k];
			}
		free(x->fmap);
		x->fmap = m;
		x->fmapcap = cap;
	}
	size_t i = hash_str(f->rel) & (x->fmapcap - 1);
	while (x->fmap[i])
		i = (i + 1) & (x->fmapcap - 1);
	x->fmap[i] = index + 1;
}

static bool S_anchor(const struct line *l, bool end, const char **name, size_t *n, size_t *col);

static int S_cmp_anchor(const void *a, const void *b)
{
	const struct anchor *p = a, *q = b;
	size_t m = p->n < q->n ? p->n : q->n;
	int c = memcmp(p->name, q->name, m);
	if (c)
		return c;
	if (p->n != q->n)
		return p->n < q->n ? -1 : 1;
	return p->line < q->line ? -1 : p->line > q->line ? 1 : (int)p->end - (int)q->end;
}

/* f's markers, once (see struct ifile): the first ANCHOR: and the first
 * ANCHOR_END: of each line, as S_anchor finds them. */
static void S_index_anchors(struct ifile *f)
{
	size_t cap = 0;
	f->marked = xcalloc(f->nlines + 1, sizeof *f->marked);
	for (size_t i = 0; i < f->nlines; i++)
		for (int end = 0; end < 2; end++) {
			const char *nm;
			size_t n, col;
			if (!S_anchor(&f->lines[i], end, &nm, &n, &col))
				continue;
			f->anchors = xgrow(f->anchors, &cap, f->nanchors + 1, sizeof *f->anchors);
			f->anchors[f->nanchors++] = (struct anchor){ nm, n, i, end, (unsigned)col };
			f->marked[i] = true;
		}
	if (f->nanchors)
		qsort(f->anchors, f->nanchors, sizeof *f->anchors, S_cmp_anchor);
}

static struct ifile *S_open(struct exp *x, const struct level *lv, const char *written, struct pos at)
{
	const char *root = book_root(x->b);
	if (!*written) {
		diag_error(x->d, at, "include without a file name");
		return NULL;
	}
	char *dir = path_dir(lv->rel);
	if (written[0] == '/') {
		char *inside = path_resolve("", written + 1);
		char *full = inside && *inside ? path_join(root, inside) : NULL;
		if (full && is_regular_file(full)) {
			char *rel = S_relative(dir, inside);
			diag_error(x->d, at, "include path '%s' is absolute; paths are relative to this file: did you mean '%s'?",
				   written, rel);
			free(rel);
		} else {
			diag_error(x->d, at, "include path '%s' is absolute; paths are relative to this file", written);
		}
		free(inside);
		free(full);
		free(dir);
		return NULL;
	}
	char *rel = path_resolve(dir, written);
	free(dir);
	if (!rel || !*rel) {
		diag_error(x->d, at, "include of '%s' is outside the book folder; only files inside it (where book.yaml is) can be included",
			   written);
		free(rel);
		return NULL;
	}
	struct ifile *known = S_known(x, rel);
	if (known) {
		free(rel);
		return known;
	}
	char *full = path_join(root, rel);
	const char *kind = file_kind(full);
	char *text = NULL;
	size_t len = 0;
	if (!strcmp(kind, "missing")) {
		char *hint = S_suggest_missing(x, rel, written);
		diag_error(x->d, at, "include of missing file '%s'%s", written, hint);
		free(hint);
		goto fail;
	}
	if (!strcmp(kind, "a regular file") && !path_is_inside(root, full)) {
		diag_error(x->d, at, "include of '%s', a symbolic link to a file outside the book folder", written);
		goto fail;
	}
	if (strcmp(kind, "a regular file")) {
		diag_error(x->d, at, "include of '%s', which is %s: only regular files can be included", written, kind);
		goto fail;
	}
	if (read_file_max(full, INC_MAX_FILE, &text, &len)) {
		if (errno == EFBIG)
			diag_error(x->d, at, "include of '%s': the file is over %u MB", written, INC_MAX_FILE >> 20);
		else
			diag_error(x->d, at, "include of '%s': cannot read it: %s", written, read_error(full, errno));
		goto fail;
	}
	if (x->read + len > INC_MAX_READ) {
		diag_error(x->d, at, "include of '%s': this chapter's includes read more than %u MB of files", written,
			   INC_MAX_READ >> 20);
		free(text);
		goto fail;
	}
	x->read += len;
	if (load_check_text(x->b, full, &text, &len)) {
		free(text);
		goto fail;
	}
	struct ifile *f = xcalloc(1, sizeof *f);
	f->rel = rel;
	f->full = full;
	f->text = text;
	f->len = len;
	S_split(f);
	S_index_anchors(f);
	x->files = xgrow(x->files, &x->fcap, x->nfiles + 1, sizeof *x->files);
	x->files[x->nfiles++] = f;
	S_remember(x, f, x->nfiles - 1);
	return f;
fail:
	free(rel);
	free(full);
	return NULL;
}

/* ---- which lines -------------------------------------------------------------- */

/* Does the line hold `ANCHOR:` (end: `ANCHOR_END:`) and a name, as mdBook's
 * ANCHOR:\s*([\w_-]+) finds it?  Sets the name and its column. */
static bool S_anchor(const struct line *l, bool end, const char **name, size_t *n, size_t *col)
{
	const char *tag = end ? "ANCHOR_END:" : "ANCHOR:";
	size_t tl = strlen(tag);
	for (size_t i = 0; i + tl <= l->n; i++) {
		if (l->s[i] != 'A' || memcmp(l->s + i, tag, tl))
			continue;
		size_t k = i + tl;
		while (k < l->n && S_space(l->s[k]))
			k++;
		size_t e = k;
		while (e < l->n && S_word(l->s[e]))
			e++;
		if (e > k) {
			*name = l->s + k;
			*n = e - k;
			*col = i + 1;
			return true;
		}
	}
	return false;
}

/* The lines of f between `ANCHOR: name` and `ANCHOR_END: name` (all such
 * regions with `every`, rustdoc_include's way; else the first), lines with
 * other anchors' markers left out.  NULL with *n = 0 and an error when f
 * has no such anchor. */
static struct line *S_anchored(struct exp *x, const struct ifile *f, const char *name, bool every, struct pos at,
			       size_t *n)
{
	/* the markers named `name`, in line order (a start and an end on one
	 * line: the state on entering the line decides, as a scan would) */
	struct anchor key = { name, strlen(name), 0, false, 0 };
	size_t lo = 0, hi = f->nanchors;
	while (lo < hi) { /* the first with this name */
		size_t mid = lo + (hi - lo) / 2;
		if (S_cmp_anchor(&f->anchors[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	struct line *v = NULL;
	size_t k = 0, vcap = 0, from = 0;
	bool inside = false, found = false, ended = false;
	struct pos start = { f->full, 0, 0 };
	for (size_t a = lo; a < f->nanchors && f->anchors[a].n == key.n && !memcmp(f->anchors[a].name, name, key.n); a++) {
		const struct anchor *m = &f->anchors[a];
		if (inside && m->end) { /* the region: lines between, markers left out */
			for (size_t i = from; i < m->line; i++)
				if (!f->marked[i]) {
					v = xgrow(v, &vcap, k + 1, sizeof *v);
					v[k++] = f->lines[i];
				}
			inside = false;
			ended = true;
			if (!every)
				break;
		} else if (!inside && !m->end) {
			if (!found)
				start = (struct pos){ f->full, f->lines[m->line].no, m->col };
			inside = found = true;
			from = m->line + 1;
		} else {
			continue;
		}
		while (a + 1 < f->nanchors && f->anchors[a + 1].line == m->line && f->anchors[a + 1].n == key.n &&
		       !memcmp(f->anchors[a + 1].name, name, key.n))
			a++; /* the line is done */
	}
	if (inside) /* to the end of the file */
		for (size_t i = from; i < f->nlines; i++)
			if (!f->marked[i]) {
				v = xgrow(v, &vcap, k + 1, sizeof *v);
				v[k++] = f->lines[i];
			}
	if (!found) {
		/* the file's anchor names, for a suggestion: from the index, at
		 * most 1,000 (a failed include stays cheap), the file's first one
		 * first (named when nothing is close) */
		const char **names = xmalloc((f->nanchors + 1) * sizeof *names);
		size_t nn = 0, first = 0, first_line = SIZE_MAX;
		for (size_t i = 0; i < f->nanchors && nn < 1000; i++) {
			if (f->anchors[i].end)
				continue;
			if (f->anchors[i].line < first_line) {
				first_line = f->anchors[i].line;
				first = nn;
			}
			names[nn++] = xstrndup(f->anchors[i].name, f->anchors[i].n);
		}
		if (first) {
			const char *t = names[0];
			names[0] = names[first];
			names[first] = t;
		}
		const char *best = text_closest(name, names, nn, 2 + strlen(name) / 8);
		if (best)
			diag_error(x->d, at, "no anchor '%s' in '%s' (a line 'ANCHOR: %s'); did you mean '%s'?", name, f->rel, name,
				   best);
		else if (nn)
			diag_error(x->d, at, "no anchor '%s' in '%s' (a line 'ANCHOR: %s'); it has '%s'", name, f->rel, name,
				   names[0]);
		else
			diag_error(x->d, at, "no anchor '%s' in '%s': it has no 'ANCHOR: name' lines", name, f->rel);
		for (size_t i = 0; i < nn; i++)
			free((char *)names[i]);
		free(names);
		free(v);
		*n = 0;
		return NULL;
	}
	if (!ended)
		diag_warning(x->d, start, "anchor '%s' has no 'ANCHOR_END: %s' line; it is included to the end of the file", name,
			     name);
	if (!v) /* found, but nothing between: an empty selection, not an error */
		v = xmalloc(sizeof *v);
	*n = k;
	return v;
}

/* A line number of a range: 1 or more.  Returns 0 if `s` is not one (or
 * is 0); numbers past 999,999,999 are 1,000,000,000, past any file's end. */
static unsigned long S_lineno(const char *s)
{
	if (!*s)
		return 0;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	s += strspn(s, "0");
	return strlen(s) > 9 ? 1000000000UL : strtoul(s, NULL, 10);
}

/* The lines `spec` (after the path's ':'; NULL: none) names in f, as
 * mdBook reads it: N, N:M, N:, :M, or an anchor's name.  NULL with *n = 0
 * after an error (an empty selection is not one). */
static struct line *S_select(struct exp *x, const struct ifile *f, const char *spec, bool rustdoc, struct pos at,
			     size_t *n)
{
	*n = 0;
	unsigned long first = 1, last = f->nlines;
	bool open_end = true;
	if (spec && *spec) {
		const char *c1 = strchr(spec, ':');
		char *a = xstrndup(spec, c1 ? (size_t)(c1 - spec) : strlen(spec));
		bool number = *a && strspn(a, "0123456789") == strlen(a);
		if (*a && !number) { /* an anchor */
			struct line *v = NULL;
			if (c1)
				diag_error(x->d, at, "unexpected '%s' after the anchor name '%s'", c1, a);
			else
				v = S_anchored(x, f, a, rustdoc, at, n);
			free(a);
			return v;
		}
		if (number && !(first = S_lineno(a))) {
			diag_error(x->d, at, "line %s: lines count from 1", a);
			free(a);
			return NULL;
		}
		free(a);
		if (!c1) { /* N: that line only */
			last = first;
			open_end = false;
		} else if (c1[1]) {
			const char *b = c1 + 1;
			if (strchr(b, ':')) {
				diag_error(x->d, at, "too many ':' in the line range '%s' (N, N:M, N: or :M)", spec);
				return NULL;
			}
			if (!(last = S_lineno(b))) {
				diag_error(x->d, at, "'%s' is not a line number (lines count from 1)", b);
				return NULL;
			}
			open_end = false;
		}
	}
	if (!open_end && last < first) {
		diag_error(x->d, at, "the line range %lu:%lu is empty: it ends before it starts", first, last);
		return NULL;
	}
	if (first > f->nlines && spec && *spec) {
		diag_error(x->d, at, "line %lu is past the end of '%s', which has %zu line%s", first, f->rel, f->nlines,
			   f->nlines == 1 ? "" : "s");
		return NULL;
	}
	if (!open_end && last > f->nlines) {
		diag_warning(x->d, at, "the line range ends at line %lu, past the end of '%s' (%zu lines): included to its end",
			     last, f->rel, f->nlines);
		last = f->nlines;
	}
	if (open_end)
		last = f->nlines;
	struct line *v = xmalloc((f->nlines + 1) * sizeof *v);
	for (unsigned long i = first; i <= last && i <= f->nlines; i++)
		v[(*n)++] = f->lines[i - 1];
	return v;
}

/* ---- the scan ------------------------------------------------------------------- */

static void S_lines(struct exp *x, struct level *lv, const struct line *v, size_t n);

/* A Markdown code fence line (``` or ~~~, at any indentation)?  Tracks
 * lv's open fence; returns true for lines inside a fence or delimiting one. */
static bool S_fence(struct level *lv, const struct line *l)
{
	size_t i = 0;
	while (i < l->n && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	char c = i < l->n ? l->s[i] : 0;
	size_t r = 0;
	while (i + r < l->n && l->s[i + r] == c)
		r++;
	bool fence = (c == '`' || c == '~') && r >= 3;
	if (lv->fence) {
		if (fence && c == lv->fence && r >= lv->fence_len) {
			size_t k = i + r;
			while (k < l->n && S_space(l->s[k]))
				k++;
			if (k == l->n)
				lv->fence = 0;
		}
		return true;
	}
	if (fence && !(c == '`' && memchr(l->s + i + r, '`', l->n - i - r))) {
		lv->fence = c;
		lv->fence_len = r;
		return true;
	}
	return false;
}

/* {{#include …}} / {{#rustdoc_include …}}: `args` as mdBook reads them, a
 * path (or a "quoted path"), then ':' and the lines. */

/* Take `path` out of the files SUMMARY.md does not list (sorted). */
static void S_forget_unlisted(struct book *b, const char *path)
{
	size_t lo = 0, hi = b->nunlisted;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(b->unlisted[mid], path);
		if (!c) {
			free(b->unlisted[mid]);
			memmove(b->unlisted + mid, b->unlisted + mid + 1, (b->nunlisted - mid - 1) * sizeof *b->unlisted);
			b->nunlisted--;
			return;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
}

static void S_include(struct exp *x, struct level *lv, bool rustdoc, const char *args, size_t an, bool in_code,
		      struct pos at)
{
	while (an && S_space(*args))
		args++, an--;
	while (an && S_space(args[an - 1]))
		an--;
	char *path = NULL, *spec = NULL;
	if (an && args[0] == '"') {
		struct buf p = BUF_INIT;
		size_t i = 1;
		for (; i < an && args[i] != '"'; i++) {
			if (args[i] == '\\' && i + 1 < an)
				i++;
			buf_putc(&p, args[i]);
		}
		if (i >= an) {
			buf_release(&p);
			diag_error(x->d, at, "the quoted path has no closing '\"'");
			return;
		}
		path = buf_detach(&p, NULL);
		i++;
		while (i < an && S_space(args[i]))
			i++;
		if (i < an && args[i] == ':')
			spec = xstrndup(args + i + 1, an - i - 1);
	} else {
		size_t w = 0;
		while (w < an && !S_space(args[w]))
			w++;
		const char *colon = memchr(args, ':', w);
		path = xstrndup(args, colon ? (size_t)(colon - args) : w);
		if (colon)
			spec = xstrndup(colon + 1, w - (size_t)(colon + 1 - args));
	}
	struct ifile *f = S_open(x, lv, path, at);
	if (!f)
		goto out;
	for (unsigned i = 0; i <= x->depth; i++)
		if (!strcmp(x->stack[i], f->rel)) {
			struct buf chain = BUF_INIT;
			for (unsigned k = i; k <= x->depth; k++)
				buf_printf(&chain, "'%s' includes ", x->stack[k]);
			buf_printf(&chain, "'%s'", f->rel);
			diag_error(x->d, at, "include cycle: %s", chain.data);
			buf_release(&chain);
			goto out;
		}
	if (x->depth >= INC_MAX_DEPTH) {
		diag_error(x->d, at, "includes nested more than %d deep", INC_MAX_DEPTH);
		goto out;
	}
	size_t n;
	struct line *v = S_select(x, f, spec, rustdoc, at, &n);
	if (!v)
		goto out;
	/* a chapter of the book: a fragment, not a page */
	const char *src = x->b->src;
	size_t sl = src ? strlen(src) : 0;
	size_t rl = strlen(f->rel);
	if ((!src || (!strncmp(f->rel, src, sl) && f->rel[sl] == '/')) && rl > 3 && !strcmp(f->rel + rl - 3, ".md")) {
		const char *path = f->rel + (src ? sl + 1 : 0);
		struct chapter *c = book_find(x->b, path);
		if (c && c != x->ch)
			c->included = true;
		else if (!c) /* a fragment SUMMARY.md leaves out: not "not built" */
			S_forget_unlisted(x->b, path);
	}
	struct level in = { .file = f->full, .rel = f->rel, .in_code = in_code };
	in.nprefix = x->out.len - x->line_start;
	in.prefix = xstrndup(x->out.data + x->line_start, in.nprefix);
	x->stack[++x->depth] = f->rel;
	x->changed = true;
	S_lines(x, &in, v, n);
	x->depth--;
	free(in.prefix);
	free(v);
out:
	free(path);
	free(spec);
}

/* `{{ #name ARGS}}` at s[i] (mdBook's \{\{\s*\#([a-zA-Z0-9_]+)\s+([^}]+)\}\}):
 * returns the index after it, or 0; sets the name and ARGS. */
static size_t S_directive(const char *s, size_t n, size_t i, const char **name, size_t *nn, const char **args,
			  size_t *an)
{
	size_t k = i + 2;
	while (k < n && S_space(s[k]))
		k++;
	if (k >= n || s[k] != '#')
		return 0;
	size_t b = ++k;
	while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9') ||
			 s[k] == '_'))
		k++;
	if (k == b || k >= n || !S_space(s[k]))
		return 0;
	*name = s + b;
	*nn = k - b;
	while (k < n && S_space(s[k]))
		k++;
	size_t a = k;
	while (k < n && s[k] != '}')
		k++;
	if (k == a || k + 1 >= n || s[k + 1] != '}')
		return 0;
	*args = s + a;
	*an = k - a;
	return k + 2;
}

static void S_line(struct exp *x, struct level *lv, const struct line *l)
{
	bool code = S_fence(lv, l) || lv->in_code;
	const char *s = l->s;
	size_t n = l->n, i = 0, start = 0, ticks = 0;
	while (i < n) {
		char c = s[i];
		if (c == '`') { /* inline code spans, for the warnings */
			size_t r = 1;
			while (i + r < n && s[i + r] == '`')
				r++;
			ticks = !ticks ? r : r == ticks ? 0 : ticks;
			i += r;
			continue;
		}
		if (c == '\\' && i + 3 < n && s[i + 1] == '{' && s[i + 2] == '{' && s[i + 3] == '#') {
			/* mdBook's \\\{\{\#.*\}\}: to the line's last "}}" */
			size_t e = n;
			while (e >= i + 6 && !(s[e - 1] == '}' && s[e - 2] == '}'))
				e--;
			if (e >= i + 6) {
				S_put(x, s + start, i - start);
				S_from(x, lv, l->no, i + 2);
				S_put(x, s + i + 1, e - i - 1);
				x->changed = true;
				i = start = e;
				continue;
			}
		}
		if (c == '{' && i + 1 < n && s[i + 1] == '{') {
			const char *name, *args;
			size_t nn, an, end = S_directive(s, n, i, &name, &nn, &args, &an);
			struct pos at = { lv->file, l->no, (unsigned)i + 1 };
			bool inc = end && nn == 7 && !memcmp(name, "include", 7);
			bool rinc = end && nn == 15 && !memcmp(name, "rustdoc_include", 15);
			bool title = end && nn == 5 && !memcmp(name, "title", 5);
			if ((inc || rinc) && x->over) { /* left as text: reported once */
				i = end;
				continue;
			}
			if (inc || rinc) {
				S_put(x, s + start, i - start);
				S_include(x, lv, rinc, args, an, code || ticks, at);
				if (x->over && !x->over_said) {
					x->over_said = true;
					char max[32];
					diag_error(x->d, at, "includes make this chapter larger than %s (book.yaml: limits: "
							     "chapter_size; includes add at most %u MB); the rest are left out",
						   text_size(max, x->limit), INC_MAX_GROWTH >> 20);
				}
				S_from(x, lv, l->no, end + 1);
				i = start = end;
				continue;
			}
			if (title) {
				while (an && S_space(args[an - 1]))
					an--;
				free(x->title);
				x->title = xstrndup(args, an);
				S_put(x, s + start, i - start);
				S_from(x, lv, l->no, end + 1);
				x->changed = true;
				i = start = end;
				continue;
			}
			if (end) {
				if (!code && !ticks)
					S_seen(x, lv->file, name, nn, at);
				i = end;
				continue;
			}
			if (i + 2 < n && (s[i + 2] == '<' || s[i + 2] == '%')) { /* a Hugo shortcode */
				size_t k = i + 3;
				while (k < n && S_space(s[k]))
					k++;
				if (k < n && s[k] == '/')
					k++;
				size_t b = k;
				while (k < n && (S_word(s[k]) || s[k] == '.'))
					k++;
				if (k > b && !code && !ticks) {
					char kind[40];
					size_t kn = k - b < sizeof kind - 2 ? k - b : sizeof kind - 2;
					kind[0] = s[i + 2];
					memcpy(kind + 1, s + b, kn);
					/* one kind for all shortcodes: the first one names it */
					size_t j = 0;
					for (; j < x->nseen; j++)
						if (x->seen[j].file == lv->file && (x->seen[j].kind[0] == '<' || x->seen[j].kind[0] == '%'))
							break;
					if (j < x->nseen)
						x->seen[j].count++;
					else
						S_seen(x, lv->file, kind, kn + 1, at);
				}
				i += 3;
				continue;
			}
			i += 2;
			continue;
		}
		i++;
	}
	S_put(x, s + start, n - start);
}

/* Write lines v[0..n) of lv's file, each directive in them expanded. */
static void S_lines(struct exp *x, struct level *lv, const struct line *v, size_t n)
{
	for (size_t k = 0; k < n && !(x->over && x->depth); k++) {
		if (k)
			S_newline(x, lv);
		S_from(x, lv, v[k].no, 1);
		S_line(x, lv, &v[k]);
		if (x->out.len > x->limit)
			x->over = true; /* reported at the directive */
	}
}

/* ---- chapters ------------------------------------------------------------------- */

void include_chapter(struct book *b, struct chapter *ch)
{
	srcmap_release(&ch->map);
	srcmap_init(&ch->map, ch->file, ch->body_line);
	const char *body = ch->text + ch->body_off;
	size_t blen = ch->len - ch->body_off;
	const char *brace = blen ? memchr(body, '{', blen) : NULL;
	while (brace && (brace + 1 >= body + blen || brace[1] != '{'))
		brace = memchr(brace + 1, '{', blen - (size_t)(brace + 1 - body));
	if (ch->draft || !brace)
		return; /* no "{{": nothing to expand or warn about */
	struct exp x = { .b = b, .ch = ch, .d = b->diags, .out = BUF_INIT, .line = 1, .col = 1 };
	/* the expanded chapter is held to limits.chapter_size like a file, and
	 * includes may add at most INC_MAX_GROWTH to it */
	x.limit = b->limits.chapter_size > blen ? b->limits.chapter_size : blen;
	if (x.limit > blen + INC_MAX_GROWTH)
		x.limit = blen + INC_MAX_GROWTH;
	char *rel = b->src && !b->single_file ? path_join(b->src, ch->path) : xstrdup(ch->path);
	x.stack[0] = rel;
	/* the body's lines, exactly: '\r' kept, the empty line after a last '\n' too */
	size_t n = 1, cap;
	for (const char *p = body; (p = memchr(p, '\n', blen - (size_t)(p - body))); p++)
		n++;
	cap = n;
	struct line *v = xmalloc(cap * sizeof *v);
	const char *p = body, *end = body + blen;
	for (size_t k = 0; k < n; k++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		v[k] = (struct line){ p, (size_t)(e - p), ch->body_line + (unsigned)k };
		p = nl ? nl + 1 : end;
	}
	struct level top = { .file = ch->file, .rel = rel, .prefix = (char *)"" };
	S_lines(&x, &top, v, n);
	free(v);
	S_report_seen(&x);
	if (x.changed) {
		struct buf t = BUF_INIT;
		buf_add(&t, ch->text, ch->body_off);
		buf_add(&t, x.out.data, x.out.len);
		free(ch->text);
		ch->text = buf_detach(&t, &ch->len);
	} else { /* nothing expanded: one segment, as before */
		srcmap_release(&ch->map);
		srcmap_init(&ch->map, ch->file, ch->body_line);
	}
	if (x.title) {
		free(ch->page_title);
		ch->page_title = x.title;
	}
	buf_release(&x.out);
	for (size_t i = 0; i < x.nfiles; i++) {
		free(x.files[i]->rel);
		free(x.files[i]->full);
		free(x.files[i]->text);
		free(x.files[i]->lines);
		free(x.files[i]->anchors);
		free(x.files[i]->marked);
		free(x.files[i]);
	}
	free(x.files);
	free(x.fmap);
	free(x.seen);
	free(rel);
}

void include_book(struct book *b)
{
	for (size_t i = 0; i < b->nby_path; i++)
		include_chapter(b, b->by_path[i]);
}
