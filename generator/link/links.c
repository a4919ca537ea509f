/* links.c - the link stage (see links.h). */
#include "link/links.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/pool.h"
#include "base/text.h"
#include "base/xalloc.h"
#include "model/doc.h"
#include "write/fsx.h"

/* ---- one link ----------------------------------------------------------------- */

static size_t scheme_len(const char *u)
{
	size_t i = 0;
	if (!isalpha((unsigned char)u[0]))
		return 0;
	while (isalnum((unsigned char)u[i]) || u[i] == '+' || u[i] == '-' || u[i] == '.')
		i++;
	return u[i] == ':' ? i : 0;
}

static bool is_md(const char *path)
{
	size_t n = strlen(path);
	return n > 3 && strcmp(path + n - 3, ".md") == 0;
}

/* A link to a file, its asset not registered yet (links_resolve's
 * parallel pass leaves the book's asset list to the serial one). */
struct pending {
	struct link *l;
	char *path;              /* malloc'd */
	struct pos pos;
};

struct resolver {
	struct book *b;
	struct chapter *ch;
	const struct link_fs *fs;
	struct diags *d;
	char *dir;               /* folder of ch->path */
	bool defer;              /* assets into `pend`, not into the book */
	struct pending *pend;
	size_t npend, pendcap;
};

/* The page a link names other than by its .md file: its output name
 * ("x.html", "dir/x.html" for dir/x.md, or the flat site name), or a
 * folder ("dir/", "dir", "" for the book folder) for its index page
 * (index.md, README.md or _index.md, as mdBook, GitBook and Hugo name
 * it).  NULL when it names none. */
static struct chapter *page_named(struct book *b, const char *path, bool slash)
{
	size_t n = strlen(path);
	if (n > 5 && !strcmp(path + n - 5, ".html")) {
		char *md = xasprintf("%.*s.md", (int)(n - 5), path);
		struct chapter *c = book_find(b, md);
		free(md);
		if (c)
			return c;
		if (n == 10 && !strcmp(path, "index.html"))
			return b->home;
		if (n > 10 && !strcmp(path + n - 11, "/index.html")) { /* dir/index.html: dir's page */
			char *dir = xstrndup(path, n - 11);
			c = page_named(b, dir, true);
			free(dir);
			if (c)
				return c;
		}
		for (size_t i = 0; i < b->nchapters; i++)
			if (!strcmp(b->chapters[i]->site_name, path))
				return b->chapters[i];
		return NULL;
	}
	if (!n)
		return b->home;
	const char *last = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if (is_md(path) || (!slash && strchr(last, '.')))
		return NULL; /* a file name, not a folder */
	static const char *const index[] = { "index.md", "README.md", "_index.md" };
	for (size_t i = 0; i < 3; i++) {
		char *p = path_join(path, index[i]);
		struct chapter *c = book_find(b, p);
		free(p);
		if (c)
			return c;
	}
	/* x/ or x for the page x.md: Hugo's and Zola's addresses of a page */
	char *md = xasprintf("%s.md", path);
	struct chapter *c = book_find(b, md);
	free(md);
	return c;
}

/* The book's page closest to the missing `path`, as a link from r's
 * chapter would write it; NULL when none is close. */
static char *closest_page(const struct resolver *r, const char *path)
{
	const char **paths = xmalloc((r->b->nby_path + 1) * sizeof *paths);
	for (size_t i = 0; i < r->b->nby_path; i++)
		paths[i] = r->b->by_path[i]->path;
	const char *best = text_closest(path, paths, r->b->nby_path, 2 + strlen(path) / 8);
	free(paths);
	return best ? path_relative(r->dir, best) : NULL;
}

/* The file closest to the missing `path` in the folder it names (a typo
 * in the file name: "pic.pngg"), as a link from r's chapter would write
 * it; NULL when none is close or the folder cannot be read. */
static char *closest_file(const struct resolver *r, const char *path)
{
	if (!r->fs->list)
		return NULL;
	char *dir = path_dir(path);
	size_t n;
	char **names = r->fs->list(r->fs->ctx, dir, &n);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const char *best = names ? text_closest(base, (const char *const *)names, n, 1 + strlen(base) / 6) : NULL;
	char *found = best ? path_join(dir, best) : NULL;
	char *rel = found ? path_relative(r->dir, found) : NULL;
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(found);
	free(dir);
	return rel;
}

/* A relative link that climbs out of the book folder, as the absolute URL
 * it names on the site around the book: base_url's folder, joined with
 * the folder of the page the link is on (its place in the site) and the
 * link's path (url[0..plen), as written: its percent-encoding kept), ".."
 * applied, the ?query and #fragment after it kept.  NULL when it climbs
 * above base_url's host.  malloc'd. */
static char *climb_url(const struct resolver *r, const char *url, size_t plen)
{
	const char *base = r->b->base_url;
	const char *host = strstr(base, "://");
	if (!host)
		return NULL;
	const char *path = strchr(host + 3, '/');
	size_t hn = path ? (size_t)(path - base) : strlen(base);
	char *page_dir = path_dir(r->ch && r->ch->site_name ? r->ch->site_name : "");
	char *all = xasprintf("%s/%s/%.*s", path ? path : "", page_dir, (int)plen, url);
	free(page_dir);
	struct buf o = BUF_INIT;
	buf_add(&o, base, hn);
	bool ok = true;
	for (char *p = all; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && !strncmp(p, "..", 2)) {
			char *cut = o.len > hn ? strrchr(o.data + hn, '/') : NULL;
			if (!cut) {
				ok = false;
				break;
			}
			o.len = (size_t)(cut - o.data);
			o.data[o.len] = '\0';
		} else if (n && !(n == 1 && *p == '.')) {
			buf_putc(&o, '/');
			buf_add(&o, p, n);
		}
		p += n + (p[n] == '/');
	}
	free(all);
	if (!ok) {
		buf_release(&o);
		return NULL;
	}
	if (o.len == hn || url[plen - 1] == '/')
		buf_putc(&o, '/');
	buf_puts(&o, url + plen);
	return buf_detach(&o, NULL);
}

/* Resolve l (written in r->ch); reports errors and returns -1 then (the
 * link stays T_UNRESOLVED). */
static int resolve(struct resolver *r, struct link *l, struct arena *arena)
{
	const char *url = l->url;
	const char *what = l->image ? "image" : "link";
	struct pos p = l->pos;
	struct diags *d = r->d;
	size_t sl = scheme_len(url);
	if (!*url) {
		if (l->image)
			return diag_error(d, p, "image has no file name");
		l->kind = T_NONE;
		return 0;
	}
	if (sl) {
		static const char *const bad[] = { "javascript", "vbscript", "data", "file", NULL };
		for (int i = 0; bad[i]; i++)
			if (sl == strlen(bad[i]) && strncasecmp(url, bad[i], sl) == 0)
				return diag_error(d, p, "unsafe %s URL '%.*s:…' is not allowed", what, (int)sl, url);
		l->kind = T_EXTERNAL;
		return 0;
	}
	if (url[0] == '/' && url[1] == '/') {
		l->kind = T_EXTERNAL;
		return 0;
	}
	bool absolute = url[0] == '/'; /* from the book folder */

	const char *hash = strchr(url, '#');
	const char *q = strchr(url, '?');
	size_t plen = strlen(url);
	if (q && (!hash || q < hash))
		plen = (size_t)(q - url);
	else if (hash)
		plen = (size_t)(hash - url);
	const char *frag = NULL;
	if (hash) {
		char *f = pct_decode(hash + 1, strlen(hash + 1));
		if (!f)
			return diag_error(d, p, "fragment of '%s' is not valid", url);
		frag = arena_strdup(arena, f);
		free(f);
	}
	if (plen == 0) { /* "#anchor": this page */
		if (l->image)
			return diag_error(d, p, "image '%s' has no file name", url);
		l->kind = T_PAGE;
		l->page = r->ch;
		l->frag = frag;
		return 0;
	}
	char *raw = pct_decode(url, plen);
	char *path = raw ? path_resolve(absolute ? "" : r->dir, absolute ? raw + strspn(raw, "/") : raw) : NULL;
	int rc = 0;
	if (!path && raw && !absolute && !l->image && r->b->base_url) {
		/* a sibling site's page (../std/index.html): a link to it on the web */
		char *ext = climb_url(r, url, plen);
		if (ext) {
			l->kind = T_EXTERNAL;
			l->url = arena_strdup(arena, ext);
			free(ext);
		} else {
			rc = diag_error(d, p, "link '%s' climbs above the site of base_url (%s)", url, r->b->base_url);
		}
		goto out;
	}
	if (!path) {
		rc = diag_error(d, p, "%s '%s' points outside the book folder%s", what, url,
				raw && !absolute && !l->image && !r->b->single_file
					? " (with base_url in book.yaml it would be a link to the site around the book)"
					: "");
		goto out;
	}
	struct chapter *page = l->image ? NULL : page_named(r->b, path, url[plen - 1] == '/');
	if (page) {
		if (page->draft) {
			rc = diag_error(d, p, "link to '%.*s', a draft that is not published", (int)plen, url);
		} else {
			l->kind = T_PAGE;
			l->page = page;
			l->frag = frag;
		}
		goto out;
	}
	if (!l->image && is_md(path)) {
		struct chapter *to = book_find(r->b, path);
		if (!to && r->b->single_file && r->fs->probe(r->fs->ctx, path) == FS_FILE)
			to = book_stub_page(r->b, path);
		const char *skipped = NULL;
		if (!to && r->fs->probe(r->fs->ctx, path) == FS_FILE) { /* there, but not a chapter: say why */
			for (size_t i = 0; i < r->b->nunlisted && !skipped; i++)
				if (!strcmp(r->b->unlisted[i], path))
					skipped = "the table of contents does not list it";
			for (char *q = path; !skipped && (q = strchr(q, '/')); q++) {
				*q = '\0';
				skipped = book_skipped(r->b, path, true);
				*q = '/';
			}
			if (!skipped)
				skipped = book_skipped(r->b, path, false);
		}
		if (!to && skipped) {
			rc = diag_error(d, p, "link to '%.*s', which is not built: %s", (int)plen, url, skipped);
		} else if (!to && r->fs->probe(r->fs->ctx, path) == FS_OTHER) {
			rc = diag_error(d, p, "link to '%.*s', which is %s, not a regular file", (int)plen, url,
					r->fs->kind ? r->fs->kind(r->fs->ctx, path) : "not a regular file");
		} else if (!to) {
			char *best = closest_page(r, path);
			if (best)
				rc = diag_error(d, p, "link to missing file '%.*s'; did you mean '%s'?", (int)plen, url, best);
			else
				rc = diag_error(d, p, "link to missing file '%.*s'", (int)plen, url);
			free(best);
		} else if (to->draft) {
			rc = diag_error(d, p, "link to '%.*s', a draft that is not published", (int)plen, url);
		} else {
			l->kind = T_PAGE;
			l->page = to;
			l->frag = frag;
		}
		goto out;
	}
	enum fs_probe pr = *path ? r->fs->probe(r->fs->ctx, path) : FS_MISSING;
	if (pr == FS_MISSING) {
		const char *abs = absolute ? " (an absolute path: looked for from the book folder)" : "";
		char *best = *path ? closest_file(r, path) : NULL;
		const char *last = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		if (!best && *path && !strchr(last, '.')) { /* a folder or a page's address: the closest page */
			char *as_md = xasprintf("%s.md", path), *as_index = path_join(path, "index.md");
			best = closest_page(r, as_md);
			if (!best)
				best = closest_page(r, as_index);
			free(as_md);
			free(as_index);
		}
		char *hint = best ? xasprintf("; did you mean '%s'?", best) : xstrdup("");
		rc = l->image ? diag_error(d, p, "missing image '%.*s'%s%s", (int)plen, url, abs, hint)
			      : diag_error(d, p, "link to missing file '%.*s'%s%s", (int)plen, url, abs, hint);
		free(best);
		free(hint);
		goto out;
	}
	if (pr == FS_OTHER) {
		const char *k = r->fs->kind ? r->fs->kind(r->fs->ctx, path) : "not a regular file";
		const char *hint = !strcmp(k, "a folder") ? " (a folder's page is its index.md, README.md or _index.md)" : "";
		rc = l->image ? diag_error(d, p, "image '%.*s' is %s, not a regular file", (int)plen, url, k)
			      : diag_error(d, p, "link to '%.*s', which is %s, not a regular file%s", (int)plen, url, k, hint);
		goto out;
	}
	if (pr == FS_OUTSIDE) { /* a symbolic link out of the book: never copied */
		rc = diag_error(d, p, "%s '%.*s' is a symbolic link to a file outside the book folder", what, (int)plen, url);
		goto out;
	}
	if (is_md(path)) {
		rc = diag_error(d, p, "image '%s' is a Markdown file", url);
		goto out;
	}
	const char *why = book_file_skipped(r->b, path);
	if (why) { /* excluded: never copied into the site or the EPUB */
		rc = l->image ? diag_error(d, p, "image '%.*s' is not published: %s", (int)plen, url, why)
			      : diag_error(d, p, "link to '%.*s', a file that is not published: %s", (int)plen, url, why);
		goto out;
	}
	if (r->defer) {
		r->pend = xgrow(r->pend, &r->pendcap, r->npend + 1, sizeof *r->pend);
		r->pend[r->npend++] = (struct pending){ l, path, p };
		path = NULL;
		goto out;
	}
	l->kind = T_ASSET;
	l->asset = book_add_asset(r->b, path, p);
out:
	free(raw);
	free(path);
	return rc;
}

/* An image (l, its alt text or NULL for none): alt text, the page's
 * features, the file's size. */
static void image_link(struct resolver *r, struct link *l, const char *alt)
{
	if (l->kind == T_UNRESOLVED || l->kind == T_NONE)
		return;
	if (!alt || !*alt) {
		diag_warning(r->d, l->pos, "image '%s' has no alt text; describe it for readers who cannot see it", l->url);
		if (l->kind == T_ASSET)
			l->asset->missing_alt = true;
	}
	if (l->kind == T_ASSET && l->asset->is_image) {
		struct asset *a = l->asset;
		r->ch->doc->features |= F_IMAGE;
		if (!a->size_read) {
			a->size_read = true;
			long long n = r->fs->bytes ? r->fs->bytes(r->fs->ctx, a->path) : -1;
			char has[32], max[32];
			if (n > 0 && (unsigned long long)n > r->b->limits.image_size) /* the EPUB holds it whole */
				diag_error(r->d, l->pos, "image '%s' is too large: %s, the limit is %s (book.yaml: limits: image_size)",
					   l->url, text_size(has, (unsigned long long)n), text_size(max, r->b->limits.image_size));
			if (!r->fs->image_size(r->fs->ctx, a->path, a->media_type, &a->width, &a->height))
				a->width = a->height = 0;
		}
	}
}

static void image(struct resolver *r, const struct node *c)
{
	image_link(r, c->u.link.link, c->u.link.alt);
}

/* A raw <img>: alt="" is a decorative picture (no warning), no alt at
 * all is the same omission as Markdown's ![](x.png). */
static void raw_image(struct resolver *r, const struct node *c)
{
	const struct html_attr *src = doc_attr(c, "src"), *alt = doc_attr(c, "alt");
	if (src && src->nlinks)
		image_link(r, src->links[0], alt ? (*alt->value ? alt->value : "decorative") : NULL);
}

/* The image nodes of a subtree, in document order: alt text and sizes
 * (alt is known only on the node, sizes are kept on the asset).  Walked
 * without recursion (doc_next); a block's fragments are walked on their
 * own (they hold no blocks, so that recursion is one level). */
static void images(struct resolver *r, const struct node *root)
{
	bool in = true;
	for (const struct node *c = root; c; c = doc_next(root, c, &in)) {
		if (!in)
			continue;
		if (c->type == N_IMAGE) {
			image(r, c);
		} else if (c->type == N_ELEMENT && (c->u.el.flags & EL_IMG)) {
			raw_image(r, c);
		} else if (c->type == N_STEPS) {
			const struct steps *s = c->u.steps;
			if (s->summary)
				images(r, s->summary);
			if (s->image)
				image(r, s->image);
			for (size_t i = 0; i < s->n; i++)
				images(r, s->step[i]);
		} else if (c->type == N_FAQ) {
			for (size_t i = 0; i < c->u.faq->n; i++)
				images(r, c->u.faq->item[i].answer);
		} else if (c->type == N_IMAGEMAP) {
			image(r, c->u.map->image);
			for (size_t i = 0; i < c->u.map->n; i++)
				if (c->u.map->region[i].note)
					images(r, c->u.map->region[i].note);
		}
	}
}

static int resolve_all(struct resolver *r)
{
	struct doc *doc = r->ch->doc;
	int rc = 0;
	for (size_t i = 0; i < doc->nlinks; i++)
		if (resolve(r, doc->links[i], &doc->arena))
			rc = -1;
	return rc;
}

/* What needs the book's asset list: the files the pending links name
 * registered, in link order, then the images. */
static void resolve_assets(struct resolver *r)
{
	for (size_t i = 0; i < r->npend; i++) {
		struct pending *p = &r->pend[i];
		p->l->kind = T_ASSET;
		p->l->asset = book_add_asset(r->b, p->path, p->pos);
		free(p->path);
	}
	free(r->pend);
	r->pend = NULL;
	r->npend = r->pendcap = 0;
	if (r->ch->doc->nimages) /* (else the walk over every node finds nothing) */
		images(r, r->ch->doc->root);
}

int links_resolve_chapter(struct book *b, struct chapter *ch, const struct link_fs *fs, struct diags *d)
{
	if (!ch->doc)
		return 0;
	struct resolver r = { b, ch, fs, d, path_dir(ch->path), false, NULL, 0, 0 };
	int rc = resolve_all(&r);
	resolve_assets(&r);
	free(r.dir);
	return rc;
}

/* ---- fragments and backlinks ---------------------------------------------------- */

static int check_fragments(const struct chapter *ch, struct diags *d)
{
	int rc = 0;
	if (!ch->doc)
		return 0;
	for (size_t i = 0; i < ch->doc->nlinks; i++) {
		const struct link *l = ch->doc->links[i];
		if (l->kind != T_PAGE || !l->frag || !*l->frag || !l->page->doc || doc_has_id(l->page->doc, l->frag))
			continue;
		const struct doc *to = l->page->doc;
		const char *best = text_closest(l->frag, to->ids, to->nids, 2 + strlen(l->frag) / 8);
		struct buf hint = BUF_INIT;
		if (best)
			buf_printf(&hint, "; did you mean '#%s'?", best);
		if (l->page == ch)
			rc = diag_error(d, l->pos, "no heading or anchor '%s' in this file%s", l->frag, hint.data);
		else
			rc = diag_error(d, l->pos, "no heading or anchor '%s' in %s%s", l->frag, l->page->path, hint.data);
		buf_release(&hint);
	}
	return rc;
}

static void backlinks(struct book *b)
{
	/* count, allocate, fill; sources in reading order, each once per
	 * target (mark[] remembers the last source seen) */
	size_t n = b->nchapters;
	size_t *count = xcalloc(n + 1, sizeof *count);
	size_t *mark = xcalloc(n + 1, sizeof *mark);
	for (int pass = 0; pass < 2; pass++) {
		memset(mark, 0, (n + 1) * sizeof *mark);
		for (size_t i = 0; i < n; i++) {
			struct chapter *from = b->chapters[i];
			for (size_t k = 0; from->doc && k < from->doc->nlinks; k++) {
				const struct link *l = from->doc->links[k];
				if (l->kind != T_PAGE)
					continue;
				struct chapter *to = l->page;
				if (to == from || to->index >= n || to->draft || mark[to->index] == i + 1)
					continue;
				mark[to->index] = i + 1;
				if (pass == 0)
					count[to->index]++;
				else
					to->backlinks[to->nbacklinks++] = from;
			}
		}
		if (pass == 0)
			for (size_t i = 0; i < n; i++) {
				free(b->chapters[i]->backlinks);
				b->chapters[i]->nbacklinks = 0;
				b->chapters[i]->backlinks = count[i] ? xmalloc(count[i] * sizeof(struct chapter *)) : NULL;
			}
	}
	free(count);
	free(mark);
}

static int cmp_out_nocase(const void *a, const void *b)
{
	const struct asset *x = *(struct asset *const *)a, *y = *(struct asset *const *)b;
	int c = strcasecmp(x->out, y->out);
	return c ? c : strcmp(x->path, y->path);
}

/* Two files whose output names are equal, or equal but for case (a b.txt
 * and a_20b.txt; P.png and p.png): the site would serve one for the other,
 * case-insensitive hosts and EPUB readers (OPF-060) cannot tell them apart.
 * Both are named, at their first uses. */
static int check_asset_names(struct book *b, struct diags *d)
{
	int rc = 0;
	if (b->nassets < 2)
		return 0;
	struct asset **v = xmalloc(b->nassets * sizeof *v);
	memcpy(v, b->assets, b->nassets * sizeof *v);
	qsort(v, b->nassets, sizeof *v, cmp_out_nocase);
	for (size_t i = 1; i < b->nassets; i++) {
		if (strcasecmp(v[i]->out, v[i - 1]->out))
			continue;
		rc = diag_error(d, v[i]->first_use, "'%s' and '%s' would be the same file on the site and in the EPUB ('%s'%s); rename one",
				v[i - 1]->path, v[i]->path, v[i]->out, strcmp(v[i]->out, v[i - 1]->out) ? ", but for case" : "");
		diag_note(d, v[i - 1]->first_use, "'%s' is used here", v[i - 1]->path);
	}
	free(v);
	return rc;
}

/* book.yaml's redirects: each target resolved like a link written in the
 * book folder's home page, its #fragment checked. */
static int resolve_redirects(struct book *b, const struct link_fs *fs, struct diags *d)
{
	struct resolver r = { b, NULL, fs, d, xstrdup(""), false, NULL, 0, 0 };
	int rc = 0;
	for (size_t i = 0; i < b->nredirects; i++) {
		struct link *l = &b->redirects[i].to;
		if (l->url[0] == '#') {
			rc = diag_error(d, l->pos, "redirect to '%s' names no page; write the page too (new/page.md%s)", l->url, l->url);
			continue;
		}
		if (resolve(&r, l, &b->arena)) {
			rc = -1;
			continue;
		}
		if (l->kind != T_PAGE || !l->frag || !*l->frag || !l->page->doc || doc_has_id(l->page->doc, l->frag))
			continue;
		const struct doc *to = l->page->doc;
		const char *best = text_closest(l->frag, to->ids, to->nids, 2 + strlen(l->frag) / 8);
		if (best)
			rc = diag_error(d, l->pos, "no heading or anchor '%s' in %s; did you mean '#%s'?", l->frag, l->page->path, best);
		else
			rc = diag_error(d, l->pos, "no heading or anchor '%s' in %s", l->frag, l->page->path);
	}
	free(r.dir);
	return rc;
}

/* links_resolve on `jobs` threads: each chapter's links resolved (pages,
 * fragments' text, external URLs: nothing shared is written), then the
 * book's assets registered on one thread in reading order, so their first
 * uses and sizes' messages are the serial pass's, then the fragments
 * checked (every page's links are known by then). */
struct link_job {
	struct book *b;
	struct chapter **list;
	const struct link_fs *fs;
	struct diags *d;
	struct resolver *r;
	int *rc;
};

static void link_one(size_t i, void *arg)
{
	struct link_job *j = arg;
	struct chapter *ch = j->list[i];
	j->r[i] = (struct resolver){ j->b, ch, j->fs, j->d, path_dir(ch->path), true, NULL, 0, 0 };
	j->rc[i] = ch->doc ? resolve_all(&j->r[i]) : 0;
}

static void fragments_one(size_t i, void *arg)
{
	struct link_job *j = arg;
	if (check_fragments(j->list[i], j->d))
		j->rc[i] = -1;
}

int links_resolve_jobs(struct book *b, const struct link_fs *fs, struct diags *d, int jobs)
{
	int rc = 0;
	struct chapter **list = xmalloc((b->nchapters + 2) * sizeof *list);
	size_t n = 0;
	if (b->home)
		list[n++] = b->home;
	for (size_t i = 0; i < b->nchapters; i++)
		list[n++] = b->chapters[i];
	if (b->notfound)
		list[n++] = b->notfound;
	if (b->single_file) /* folio render: stub pages are made as links find them */
		jobs = 1;
	struct link_job job = { b, list, fs, d, xmalloc((n + 1) * sizeof *job.r), xmalloc((n + 1) * sizeof *job.rc) };
	parallel_for(n, jobs, link_one, &job);
	for (size_t i = 0; i < n; i++) {
		if (list[i]->doc)
			resolve_assets(&job.r[i]);
		free(job.r[i].dir);
	}
	parallel_for(n, jobs, fragments_one, &job);
	for (size_t i = 0; i < n; i++)
		if (job.rc[i])
			rc = -1;
	free(job.r);
	free(job.rc);
	free(list);
	if (resolve_redirects(b, fs, d))
		rc = -1;
	if (check_asset_names(b, d))
		rc = -1;
	backlinks(b);
	return rc;
}

int links_resolve(struct book *b, const struct link_fs *fs, struct diags *d)
{
	return links_resolve_jobs(b, fs, d, 1);
}
