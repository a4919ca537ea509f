/* build.c - one whole build: load -> parse -> link -> per chapter (render,
 * page written, EPUB document compressed) on every thread -> the rest of
 * both outputs at once -> one rename.  See README, "One build". */
#include "cmd/build.h"

#include <dirent.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/stat.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "model/book.h"
#include "base/diag.h"
#include "epub/epub.h"
#include "write/fsx.h"
#include "write/out.h"
#include "link/links.h"
#include "render/html.h"
#include "base/buf.h"
#include "base/hash.h"
#include "parse/markdown.h"
#include "parse/rawhtml.h"
#include "base/pool.h"
#include "site/site.h"
#include "base/slug.h"
#include "model/ui.h"
#include "base/xalloc.h"
#include "base/sorted.h"
#include "base/srcmap.h"

void build_init(void)
{
	/* folio writes UTC only (gmtime), but libzip turns each entry's DOS
	 * time into a time_t and back through mktime and localtime; with TZ
	 * unset glibc then stats /etc/localtime on every call, once per EPUB
	 * entry.  UTC0 (a rule, no file) makes that round trip exact, DST
	 * never in the way, and costs no system call.  Set once, before any
	 * thread starts. */
	setenv("TZ", "UTC0", 1);
	tzset();
	slug_init();
	md_init();
}

/* ---- serve's memory between builds ----------------------------------------
 *
 * A rebuild in folio serve parses only what changed: each chapter's
 * document model is kept with everything md_parse made it from (the
 * expanded body, the front matter title, the limits and the source map)
 * and what the parse said; a chapter whose inputs are the same byte for
 * byte takes the kept model (its links reset for the link stage) and its
 * diagnostics again, so the build is the one a fresh parse would give.
 * The rebuild then updates the published site in place, and its EPUB is
 * written after the pages (build_session_epub). */

struct parsed {
	char *path;            /* the chapter's, from SOURCE; the cache is sorted by it */
	char *body;            /* the text parsed */
	size_t len;
	char *fm_title;        /* md_parse's fm_title, or NULL */
	struct limits limits;
	struct srcmap map;     /* the doc's positions point into its file names */
	struct doc *doc;
	struct diags *said;    /* what the parse reported */
	/* its page (folio serve's in-place rebuilds, page_keys) */
	bool hit;              /* this build took the kept model */
	uint64_t fm_hash;      /* of the front matter text */
	uint64_t page_key;     /* what the published page was made from; 0: unknown */
	uint64_t new_key;      /* what this build's page is made from */
	char *search;          /* the published page's search-index entry, or NULL */
};

struct build_session {
	struct parsed *cache;  /* by path */
	size_t ncache;
	struct load_cache *load; /* what the last load read */
	struct site_files files; /* what the last published build wrote into OUT/site */
	bool published;        /* OUT/site is the last good build's: update it in place */
	uint64_t own_key;      /* what the published site's own pages were made from; 0: unknown */
	uint64_t own_new;      /* what this build's are made from (page_keys) */
	/* the EPUB a rebuild left to write (build_session_epub) */
	struct book *b;
	struct chapter **list;
	size_t nlist;
	char *theme, *epub_tmp, *epub_path;
	struct out_txn *tx;
	time_t when;
	int jobs;
	/* the parse of the build under way, by list index */
	struct parsed *next;
	size_t reused;
};

/* base/hash.h's word-at-a-time FNV-1a, going on from h (0: start): the
 * keys live in this process only. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	return hash_more_words(h ? h : HASH_START, p, n);
}

/* A string and its end (NULL differs from ""). */
static uint64_t mix_str(uint64_t h, const char *s)
{
	return s ? mix(mix(h, s, strlen(s)), "\1", 1) : mix(h, "\2", 1);
}

static uint64_t hash_bytes(const char *p, size_t n)
{
	return mix(0, p, n);
}

static void parsed_release(struct parsed *p)
{
	free(p->path);
	free(p->body);
	free(p->fm_title);
	srcmap_release(&p->map);
	doc_free(p->doc);
	diags_free(p->said);
	free(p->search);
	memset(p, 0, sizeof *p);
}

static bool str_same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool srcmap_same(const struct srcmap *a, const struct srcmap *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const struct srcmap_seg *x = &a->seg[i], *y = &b->seg[i];
		if (x->line != y->line || x->col != y->col || x->oline != y->oline || x->ocol != y->ocol ||
		    x->indent != y->indent || !str_same(x->file, y->file))
			return false;
	}
	return true;
}

static int cmp_parsed_path(const void *key, const void *elem)
{
	return strcmp(key, ((const struct parsed *)elem)->path);
}

/* The kept parse of `ch` when it was made from exactly these inputs. */
static struct parsed *cache_find(struct build_session *s, const struct chapter *ch, const struct limits *lim)
{
	if (!s || !s->ncache)
		return NULL;
	struct parsed *p = bsearch(ch->path, s->cache, s->ncache, sizeof *s->cache, cmp_parsed_path);
	size_t len = ch->len - ch->body_off;
	if (!p || !p->doc || p->len != len || memcmp(p->body, ch->text + ch->body_off, len) ||
	    !str_same(p->fm_title, ch->title) || memcmp(&p->limits, lim, sizeof *lim) || !srcmap_same(&p->map, &ch->map))
		return NULL;
	return p;
}

/* A kept document model as the parse left it: the link stage fills its
 * links in again. */
static void doc_unlink(struct doc *doc)
{
	for (size_t i = 0; i < doc->nlinks; i++) {
		struct link *l = doc->links[i];
		l->kind = T_UNRESOLVED;
		l->page = NULL;
		l->frag = NULL;
		l->asset = NULL;
	}
}

struct job {
	struct book *b;
	struct chapter **list;
	struct diags *d;
	struct build_session *session; /* or NULL: parse everything, keep nothing */
};

/* parse: the chapter's body into its document model; its title from the
 * first '# heading' when the front matter has none */
static void parse_one(size_t i, void *arg)
{
	struct job *j = arg;
	struct chapter *ch = j->list[i];
	struct build_session *s = j->session;
	struct parsed *hit = cache_find(s, ch, &j->b->limits);
	if (hit) { /* the same inputs: the same model, the same diagnostics */
		struct parsed *n = &s->next[i];
		*n = *hit;
		n->path = xstrdup(hit->path); /* hit->path stays: other threads' lookups compare it */
		hit->body = hit->fm_title = NULL;
		hit->map = (struct srcmap)SRCMAP_INIT;
		hit->doc = NULL;
		hit->said = NULL;
		hit->search = NULL;
		srcmap_release(&ch->map);
		ch->map = n->map; /* the doc's positions name the kept map's files */
		n->map = (struct srcmap)SRCMAP_INIT;
		ch->doc = n->doc;
		n->doc = NULL;
		doc_unlink(ch->doc);
		diags_append(j->d, n->said);
		n->hit = true;
		n->fm_hash = hash_bytes(ch->text, ch->body_off);
		__atomic_fetch_add(&s->reused, 1, __ATOMIC_RELAXED);
	} else if (s) { /* parsed, and kept for the next build */
		struct parsed *n = &s->next[i];
		n->path = xstrdup(ch->path);
		n->len = ch->len - ch->body_off;
		n->body = xmalloc(n->len + 1);
		memcpy(n->body, ch->text + ch->body_off, n->len);
		n->body[n->len] = '\0';
		n->fm_title = ch->title ? xstrdup(ch->title) : NULL;
		n->limits = j->b->limits;
		n->fm_hash = hash_bytes(ch->text, ch->body_off);
		n->said = diags_new(false);
		ch->doc = md_parse(&ch->map, ch->text + ch->body_off, ch->len - ch->body_off, ch->title, &j->b->limits,
				   n->said, NULL);
		diags_append(j->d, n->said);
	} else {
		ch->doc = md_parse(&ch->map, ch->text + ch->body_off, ch->len - ch->body_off, ch->title, &j->b->limits,
				   j->d, NULL);
	}
	free(ch->text);
	ch->text = NULL;
	/* the title: front matter, else the table of contents' link text
	 * (the page's own '# heading' then stays its heading, as mdBook shows
	 * it), else the page's '# heading', else its first heading of any
	 * level, else what {{#title …}} says */
	if (!ch->title && ch->toc_title) {
		ch->title = xstrdup(ch->toc_title);
		if (ch->doc->title && strcmp(ch->doc->title, ch->title))
			ch->heading = xstrdup(ch->doc->title);
	} else if (!ch->title && ch->doc->title) {
		ch->title = xstrdup(ch->doc->title);
		ch->title_from_heading = true;
	} else if (!ch->title && ch->doc->nheadings && *ch->doc->headings[0].text) {
		ch->title = xstrdup(ch->doc->headings[0].text);
		ch->title_from_heading = true;
	}
	if (!ch->title && ch->page_title) /* only {{#title …}} names it */
		ch->title = xstrdup(ch->page_title);
	if (!ch->title && ch != j->b->home && ch != j->b->notfound && !ch->fm_error &&
	    !ch->doc->refused) /* refused: that error says enough */
		diag_error(j->d, (struct pos){ ch->file, 1, 1 },
			   "chapter has no title: add 'title:' to its front matter or start it with a heading");
	/* the document model holds what the later stages need */
	ch->len = ch->body_off = 0;
}

/* Titles, TOC labels and summaries within book.yaml's limits: every page's
 * navigation repeats them all, so their size costs the site times its
 * pages (a hundred 24 KB titles made a 329 MB site).  Returns the number
 * of errors. */
static unsigned check_lengths(const struct book *b, struct chapter **list, size_t n, struct diags *d)
{
	unsigned errors = 0;
	const struct limits *lim = &b->limits;
	for (size_t i = 0; i < n; i++) {
		const struct chapter *ch = list[i];
		size_t t = ch->title ? strlen(ch->title) : 0, s = ch->summary ? strlen(ch->summary) : 0;
		if (t > lim->title_length && ++errors)
			diag_error(d, (struct pos){ ch->file, 1, 1 },
				   "the chapter's title is %zu bytes long, the limit is %zu (book.yaml: limits: title_length)", t,
				   lim->title_length);
		if (s > lim->summary_length && ++errors)
			diag_error(d, (struct pos){ ch->file, 1, 1 },
				   "the chapter's summary is %zu bytes long, the limit is %zu (book.yaml: limits: summary_length)",
				   s, lim->summary_length);
	}
	for (size_t i = 0; i < b->ntoc; i++) {
		size_t t = b->toc[i].title && b->toc[i].kind != TOC_PAGE ? strlen(b->toc[i].title) : 0; /* a page's: its title */
		if (t > lim->title_length && ++errors)
			diag_error(d, b->toc[i].pos.file ? b->toc[i].pos : (struct pos){ b->yaml_file, 0, 0 },
				   "this table of contents entry is %zu bytes long, the limit is %zu (book.yaml: limits: title_length)",
				   t, lim->title_length);
	}
	return errors;
}

/* ---- which pages a rebuild in place may leave as they are ----------------
 *
 * A chapter's page is made from its document model, its own front matter
 * and the book around it: every chapter's title, address and place in the
 * table of contents (the sidebar, prev/next, breadcrumbs, the links'
 * targets), its backlinks, the assets (names, sizes), book.yaml, ui.yaml,
 * the table of contents file and the theme.  A page whose model was reused
 * and whose key over all of that is the published page's is not rendered
 * again: its bytes would be the same. */

/* path's status (size, times, inode), and a folder's files' in turn */
static uint64_t mix_stat(uint64_t h, const char *path, int depth)
{
	struct stat st;
	h = mix_str(h, path);
	if (stat(path, &st) != 0)
		return mix_str(h, "(missing)");
	h = mix(h, &st.st_size, sizeof st.st_size);
	h = mix(h, &st.st_mtim, sizeof st.st_mtim);
	h = mix(h, &st.st_ctim, sizeof st.st_ctim);
	h = mix(h, &st.st_ino, sizeof st.st_ino);
	h = mix(h, &st.st_mode, sizeof st.st_mode);
	if (S_ISDIR(st.st_mode) && depth < 16) {
		struct dirent **de;
		int n = scandir(path, &de, NULL, alphasort);
		for (int i = 0; i < n; i++) {
			if (strcmp(de[i]->d_name, ".") && strcmp(de[i]->d_name, "..")) {
				char *f = path_join(path, de[i]->d_name);
				h = mix_stat(h, f, depth + 1);
				free(f);
			}
			free(de[i]);
		}
		if (n >= 0)
			free(de);
	}
	return h;
}

static uint64_t nav_key(const struct book *b, struct chapter **list, size_t n, const char *theme, time_t when)
{
	uint64_t h = mix_stat(0, b->yaml_file, 0);
	char *ui = path_join(b->root, "ui.yaml");
	h = mix_stat(h, ui, 0);
	free(ui);
	if (b->toc_file)
		h = mix_stat(h, b->toc_file, 0);
	h = mix_stat(h, theme, 0);
	h = mix(h, &when, sizeof when);
	h = mix(h, &b->nchapters, sizeof b->nchapters);
	for (size_t i = 0; i < n; i++) {
		const struct chapter *c = list[i];
		const char *f[] = { c->path, c->site_name, c->epub_name, c->title, c->heading, c->summary, c->reviewed,
				    c->slug, c->page_title, c->toc_title, c->doc ? c->doc->title_id : NULL,
				    c->parent ? c->parent->path : NULL };
		for (size_t k = 0; k < sizeof f / sizeof *f; k++)
			h = mix_str(h, f[k]);
		h = mix(h, &c->index, sizeof c->index);
		h = mix(h, &c->toc, sizeof c->toc);
		h = mix(h, &c->draft, sizeof c->draft);
	}
	for (size_t i = 0; i < b->ntoc; i++) {
		const struct toc_item *t = &b->toc[i];
		h = mix(h, &t->kind, sizeof t->kind);
		h = mix(h, &t->depth, sizeof t->depth);
		h = mix_str(mix_str(mix_str(h, t->title), t->number), t->ch ? t->ch->path : NULL);
	}
	for (size_t i = 0; i < b->nassets; i++) {
		const struct asset *a = b->assets[i];
		h = mix_str(mix_str(mix_str(h, a->path), a->out), a->media_type);
		h = mix(h, &a->width, sizeof a->width);
		h = mix(h, &a->height, sizeof a->height);
		bool flags[] = { a->is_image, a->missing_alt, a->in_epub, a->scripted };
		h = mix(h, flags, sizeof flags);
	}
	return h;
}

/* Each chapter's page key (ses->next[i].new_key); whether its page may be
 * left as it is (skip[i]): its model reused, the key the published one's. */
static void page_keys(struct build_session *ses, const struct book *b, struct chapter **list, size_t n,
		      const char *theme, time_t when, bool *skip)
{
	uint64_t nav = nav_key(b, list, n, theme, when);
	for (size_t i = 0; i < n; i++) {
		struct parsed *p = &ses->next[i];
		const struct chapter *c = list[i];
		uint64_t h = mix(nav, &p->fm_hash, sizeof p->fm_hash);
		h = mix_str(h, c->path);
		for (size_t k = 0; k < c->nbacklinks; k++)
			h = mix_str(h, c->backlinks[k]->path);
		p->new_key = h ? h : 1;
		skip[i] = p->hit && p->page_key == p->new_key && c != b->notfound;
	}
	/* the site's own pages: the navigation, and 404.md's text (and the
	 * home chapter's, though its page is kept on its own key) */
	uint64_t own = nav ? nav : 1;
	for (size_t i = 0; i < n && own; i++)
		if (list[i] == b->home || list[i] == b->notfound)
			own = ses->next[i].hit ? mix(own, &ses->next[i].fm_hash, sizeof ses->next[i].fm_hash) : 0;
	ses->own_new = own;
}

/* The pages are published: their keys and search entries (taken from
 * `files`) are the published pages' now. */
static void page_keys_published(struct build_session *ses, const struct book *b, struct chapter **list, size_t n,
				struct site_files *files)
{
	ses->own_key = ses->own_new;
	for (size_t i = 0; i < n; i++) {
		struct parsed *p = &ses->next[i];
		const struct chapter *c = list[i];
		p->page_key = p->new_key;
		free(p->search);
		p->search = NULL;
		if (c != b->home && c != b->notfound && c->index < files->nsearch) {
			p->search = files->search[c->index];
			files->search[c->index] = NULL;
		}
	}
}

/* SVG images that hold script or event handlers: the EPUB must declare
 * them 'scripted' (epubcheck OPF-014); they are copied as they are (in an
 * <img> a browser or reading system runs none of it).  Only files that
 * mention "script" or "on…=" are parsed. */
static void mark_scripted(struct book *b)
{
	for (size_t i = 0; i < b->nassets; i++) {
		struct asset *a = b->assets[i];
		if (!a->in_epub || strcmp(a->media_type, "image/svg+xml"))
			continue;
		char *file = path_join(b->source, a->path), *data;
		size_t len;
		if (read_file(file, &data, &len) == 0) {
			bool maybe = false;
			for (size_t k = 1; k + 6 <= len && !maybe; k++) {
				const char *p = data + k;
				maybe = !strncasecmp(p, "script", 6) ||
					((p[0] | 0x20) == 'o' && (p[1] | 0x20) == 'n' && strchr(" \t\n\r:", p[-1]));
			}
			a->scripted = maybe && rawhtml_svg_is_scripted(data, len);
			free(data);
		}
		free(file);
	}
}

/* render + write, per chapter: its site page written, its EPUB document
 * compressed (either may be left out: NULL); neither body is kept. */
struct out_job {
	struct book *b;
	struct chapter **list;
	struct site *site;
	struct epub *ep;
	struct buf *body;   /* one per worker, reused */
	bool keep_docs;
	const bool *skip;   /* or NULL: skip[i], list[i]'s page is left as it is (in place) */
	const struct parsed *kept; /* with skip: the session's, by list index (their search entries) */
	bool (*stop)(void *);      /* or NULL: asked before each chapter whether to give up */
	void *stop_arg;
	atomic_bool stopped;
};

static void output_one(size_t i, int worker, void *arg)
{
	struct out_job *j = arg;
	struct chapter *ch = j->list[i];
	struct buf *body = &j->body[worker];
	if (j->stop && (atomic_load(&j->stopped) || j->stop(j->stop_arg))) {
		atomic_store(&j->stopped, true);
		return;
	}
	buf_reset(body);
	if (j->site && j->skip && j->skip[i] && site_page_kept(j->site, ch, j->kept[i].search)) {
		/* the published page stays */
	} else if (j->site) {
		render_body(body, j->b, ch, FMT_HTML);
		site_page(j->site, ch, body->data);
		buf_reset(body);
	}
	if (j->ep) {
		render_body(body, j->b, ch, FMT_XHTML);
		epub_chapter(j->ep, ch, body->data, worker);
	}
	if (!j->keep_docs) { /* nothing reads it any more: every page and document is made from its own */
		doc_free(ch->doc);
		ch->doc = NULL;
	}
}

/* The last files of each output, at once: the site's home, search, 404,
 * sitemap and media on one thread, the EPUB's media and the archive
 * itself on the other. */
struct finish_job {
	struct site *site;
	struct epub *ep;
	int site_rc, epub_rc;
	struct site_files *files; /* what the site wrote, or NULL */
};

static void finish_site(void *arg)
{
	struct finish_job *f = arg;
	f->site_rc = site_finish(f->site, f->files);
}

static void finish_epub(void *arg)
{
	struct finish_job *f = arg;
	f->epub_rc = epub_finish(f->ep);
}

static char *self_path(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n > 0) {
		buf[n] = '\0';
		return xstrdup(buf);
	}
	return NULL;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The process's resident and peak memory in KB (Linux: /proc/self/status);
 * 0 when unknown. */
static void memory_kb(long *rss, long *peak)
{
	*rss = *peak = 0;
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return;
	char line[256];
	while (fgets(line, sizeof line, f)) {
		if (!strncmp(line, "VmRSS:", 6))
			*rss = strtol(line + 6, NULL, 10);
		else if (!strncmp(line, "VmHWM:", 6))
			*peak = strtol(line + 6, NULL, 10);
	}
	fclose(f);
}

static void stage(const struct build_opts *o, const char *name, double *t)
{
	double n = now();
	if (o->timings) {
		long rss, peak;
		memory_kb(&rss, &peak);
		fprintf(stderr, "folio: %-36s %8.3f s   memory %6ld MB, peak %6ld MB\n", name, n - *t, rss / 1024,
			peak / 1024);
	}
	*t = n;
}

/* Refuse an OUT whose replaced parts would hold the book (folio build
 * site -o .): the final swap would delete it.  Returns 0, or 2 after
 * printing why. */
static int check_overlap(const struct build_opts *o, const char *epub_name)
{
	const char *why;
	if (o->check_only || !out_overlaps_source(o->source, o->out, epub_name, &why))
		return 0;
	fprintf(stderr, "folio: error: cannot build '%s' into '%s': %s; a build would delete or overwrite the book's "
			"files. Choose another output folder (-o), outside the book or beside it.\n",
		o->source, o->out, why);
	return 2;
}

/* ---- the session's bookkeeping ---- */

struct build_session *build_session_new(void)
{
	return xcalloc(1, sizeof(struct build_session));
}

/* Keep the parses of the build that just ended (s->next, by list index)
 * for the next one, and free the book. */
static void session_keep(struct build_session *s, struct book *b, struct chapter **list, size_t n)
{
	for (size_t i = 0; i < s->ncache; i++) /* not reused: gone */
		parsed_release(&s->cache[i]);
	free(s->cache);
	s->cache = NULL;
	s->ncache = 0;
	if (s->next) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			struct parsed *p = &s->next[i];
			if (p->path && list[i]->doc) { /* the chapter's model and map move to the cache */
				srcmap_release(&p->map);
				p->map = list[i]->map;
				list[i]->map = (struct srcmap)SRCMAP_INIT;
				p->doc = list[i]->doc;
				list[i]->doc = NULL;
				s->next[k++] = *p;
			} else {
				parsed_release(p);
			}
		}
		s->cache = s->next;
		s->ncache = k;
		s->next = NULL;
		qsort(s->cache, s->ncache, sizeof *s->cache, cmp_str_ptr); /* path is the first member */
	}
	free(list);
	book_free(b);
}

/* The EPUB a rebuild left to write, or nothing. */
static void session_drop_epub(struct build_session *s)
{
	if (s->b)
		session_keep(s, s->b, s->list, s->nlist);
	s->b = NULL;
	s->list = NULL;
	s->nlist = 0;
	free(s->theme);
	free(s->epub_tmp);
	free(s->epub_path);
	s->theme = s->epub_tmp = s->epub_path = NULL;
	out_update_end(s->tx);
	s->tx = NULL;
}

void build_session_free(struct build_session *s)
{
	if (!s)
		return;
	session_drop_epub(s);
	for (size_t i = 0; i < s->ncache; i++)
		parsed_release(&s->cache[i]);
	free(s->cache);
	load_cache_free(s->load);
	site_files_free(&s->files);
	free(s);
}

bool build_session_epub_pending(const struct build_session *s)
{
	return s && s->b;
}

int build_session_epub(struct build_session *s, struct diags *d, bool (*stop)(void *), void *stop_arg)
{
	if (!s || !s->b)
		return 0;
	struct book *b = s->b;
	struct diags *saved = b->diags;
	b->diags = d;
	int nw = s->jobs > 0 ? s->jobs : 1;
	struct out_job job = { b, s->list, NULL, NULL, xmalloc((size_t)nw * sizeof *job.body), true, NULL, NULL,
			       stop, stop_arg, false };
	for (int w = 0; w < nw; w++)
		buf_init(&job.body[w]);
	int rc = -1;
	unlink(s->epub_tmp);
	job.ep = epub_begin(b, s->epub_tmp, s->when, s->theme, s->jobs);
	bool gave_up = false;
	if (job.ep) {
		parallel_for_w(s->nlist, s->jobs, output_one, &job);
		gave_up = atomic_load(&job.stopped);
		if (gave_up)
			epub_abort(job.ep);
		else
			rc = epub_finish(job.ep);
	}
	if (gave_up)
		unlink(s->epub_tmp);
	else if (rc == 0)
		rc = update_rename(d, s->epub_tmp, s->epub_path);
	else
		unlink(s->epub_tmp);
	for (int w = 0; w < nw; w++)
		buf_release(&job.body[w]);
	free(job.body);
	b->diags = saved;
	session_drop_epub(s);
	return gave_up ? 2 : rc ? 1 : 0;
}

/* Remove what the previous build wrote into `site` and this one did not
 * (a page deleted or renamed), and the folders left empty. */
static void remove_unwritten(const char *site, const struct site_files *old, const struct site_files *now)
{
	for (size_t i = 0; i < old->n; i++) {
		if (bsearch(&old->names[i], now->names, now->n, sizeof *now->names, cmp_str_ptr))
			continue;
		char *path = path_join(site, old->names[i]);
		unlink(path);
		for (char *slash; (slash = strrchr(path, '/')) && slash > path + strlen(site);) {
			*slash = '\0';
			if (rmdir(path) != 0) /* not empty: stop */
				break;
		}
		free(path);
	}
}

/* The site's file list with the EPUB's name added, sorted. */
static void files_add(struct site_files *f, const char *name)
{
	f->names = xrealloc(f->names, (f->n + 1) * sizeof *f->names);
	f->names[f->n++] = xstrdup(name);
	qsort(f->names, f->n, sizeof *f->names, cmp_str_ptr);
}

int build_run(const struct build_opts *o, struct diags *d)
{
	double t = now();
	struct build_session *ses = o->session;
	if (ses)
		session_drop_epub(ses); /* a newer build replaces an EPUB not written yet */
	if (check_overlap(o, NULL))
		return 2;
	/* load */
	if (ses && !ses->load)
		ses->load = load_cache_new();
	struct book *b = book_load_cached(o->source, o->jobs, d, ses ? ses->load : NULL);
	stage(o, "load (book.yaml, front matter)", &t);
	if (!b)
		return 1;
	char *epub_file = b->slug ? xasprintf("%s.epub", b->slug) : NULL;
	int orc = check_overlap(o, epub_file);
	free(epub_file);
	if (orc) {
		book_free(b);
		return orc;
	}
	/* the theme, and folio's own words in the book's language */
	char *exe = self_path();
	char *theme = site_find_theme(b, exe);
	free(exe);
	if (theme && o->theme_used)
		*o->theme_used = xstrdup(theme);
	if (!theme) {
		book_free(b);
		return 1;
	}
	ui_load(b, theme, d); /* errors are counted: the build stops after link */

	/* parse, in parallel */
	struct chapter **list = xmalloc((b->nchapters + 2) * sizeof *list);
	size_t n = 0;
	for (size_t i = 0; i < b->nchapters; i++)
		list[n++] = b->chapters[i];
	if (b->home)
		list[n++] = b->home;
	if (b->notfound)
		list[n++] = b->notfound;
	struct job job = { b, list, d, ses };
	if (ses) {
		ses->next = xcalloc(n + 1, sizeof *ses->next);
		ses->reused = 0;
	}
	parallel_for(n, o->jobs, parse_one, &job);
	check_lengths(b, list, n, d);
	stage(o, "parse", &t);
	if (ses && o->timings)
		fprintf(stderr, "folio: %zu of %zu chapters' parses reused\n", ses->reused, n);

	/* link */
	struct link_fs fs = link_fs_disk(b->source);
	links_resolve_jobs(b, &fs, d, o->jobs);
	if (!o->check_only)
		mark_scripted(b);
	{
		char *en = b->slug ? xasprintf("%s.epub", b->slug) : NULL;
		site_check_outputs(b, theme, en); /* static: and redirects: replace nothing */
		free(en);
	}
	stage(o, "link (targets, anchors, backlinks)", &t);
	if (diags_errors(d) || o->check_only) {
		int rc = diags_errors(d) ? 1 : 0;
		if (ses)
			session_keep(ses, b, list, n);
		else {
			free(list);
			book_free(b);
		}
		free(theme);
		return rc;
	}

	char *epub_name = xasprintf("%s.epub", b->slug);
	int nw = o->jobs > 0 ? o->jobs : 1;
	struct out_job job_out = { b, list, NULL, NULL, xmalloc((size_t)nw * sizeof *job_out.body),
				   o->keep_docs || ses, NULL, NULL, NULL, NULL, false };
	for (int w = 0; w < nw; w++)
		buf_init(&job_out.body[w]);

	/* a rebuild in folio serve: the published site updated in place, page
	 * by page, and its EPUB left for build_session_epub */
	struct out_txn *up = ses && ses->published ? out_update_begin(d, o->out, epub_name) : NULL;
	bool *skip = ses ? xcalloc(n + 1, sizeof *skip) : NULL;
	if (ses)
		page_keys(ses, b, list, n, theme, o->when, skip);
	if (up) {
		const char *site_dir = out_site_dir(up);
		struct site_files files = { 0 };
		size_t kept = 0;
		for (size_t i = 0; i < n; i++)
			kept += skip[i];
		job_out.skip = skip;
		job_out.kept = ses->next;
		bool ok = (job_out.site = site_begin(b, theme, site_dir, epub_name, NULL, true)) != NULL;
		if (ok && ses->own_key && ses->own_key == ses->own_new)
			site_keep_own(job_out.site);
		stage(o, "begin (templates)", &t);
		if (ok) {
			parallel_for_w(n, o->jobs, output_one, &job_out);
			ok = site_finish(job_out.site, &files) == 0 && diags_errors(d) == 0;
		}
		stage(o, "render + update pages", &t);
		for (int w = 0; w < nw; w++)
			buf_release(&job_out.body[w]);
		free(job_out.body);
		free(skip);
		if (ok) {
			files_add(&files, epub_name);
			remove_unwritten(site_dir, &ses->files, &files);
			page_keys_published(ses, b, list, n, &files);
			site_files_free(&ses->files);
			ses->files = files;
			if (o->timings)
				fprintf(stderr, "folio: %zu of %zu files changed; %zu of %zu pages not rendered again\n",
					files.changed, files.n, kept, n);
			ses->b = b;
			ses->list = list;
			ses->nlist = n;
			ses->theme = theme;
			ses->epub_path = path_join(site_dir, epub_name);
			ses->epub_tmp = path_join(site_dir, ".folio-new.epub");
			ses->tx = up;
			ses->when = o->when;
			ses->jobs = o->jobs;
			free(epub_name);
			return 0;
		}
		/* a file could not be updated in place (a page became a folder…):
		 * a whole build puts everything right */
		site_files_free(&files);
		out_update_end(up);
		ses->published = false;
		ses->own_key = 0;
		free(epub_name);
		free(theme);
		session_keep(ses, b, list, n);
		diags_clear(d); /* the whole build says it all again */
		return build_run(o, d);
	}

	/* render + write, into a temporary site folder (the EPUB inside it),
	 * published by one rename at the end: every chapter's page and EPUB
	 * document on every thread, then the rest of both outputs at once */
	free(skip);
	struct out_txn *tx = out_begin(d, o->out, epub_name);
	if (!tx) {
		for (int w = 0; w < nw; w++)
			buf_release(&job_out.body[w]);
		free(job_out.body);
		if (ses)
			session_keep(ses, b, list, n);
		else {
			free(list);
			book_free(b);
		}
		free(epub_name);
		free(theme);
		return 1;
	}
	const char *site_dir = out_site_dir(tx);
	char *site_epub = path_join(site_dir, epub_name);
	struct site_files files = { 0 };
	bool ok = out_make_room(tx, d, epub_name) == 0 &&
		  (job_out.ep = epub_begin(b, site_epub, o->when, theme, o->jobs)) != NULL &&
		  (job_out.site = site_begin(b, theme, site_dir, epub_name, tx, false)) != NULL;
	stage(o, "begin (templates, EPUB package)", &t);
	if (ok) {
		parallel_for_w(n, o->jobs, output_one, &job_out);
		stage(o, "render + write pages, EPUB documents", &t);
		struct finish_job fin = { job_out.site, job_out.ep, 0, 0, ses ? &files : NULL };
		run_both(o->jobs, finish_site, &fin, finish_epub, &fin);
		ok = fin.site_rc == 0 && fin.epub_rc == 0;
		stage(o, "finish (site's own pages, EPUB zip)", &t);
	} else {
		epub_abort(job_out.ep);
	}
	for (int w = 0; w < nw; w++)
		buf_release(&job_out.body[w]);
	free(job_out.body);
	ok = ok && diags_errors(d) == 0;
	if (ok && out_commit(tx, d) == 0) {
		stage(o, "swap into place", &t);
		if (ses) {
			files_add(&files, epub_name);
			page_keys_published(ses, b, list, n, &files);
			site_files_free(&ses->files);
			ses->files = files;
			files = (struct site_files){ 0 };
			ses->published = true;
		}
	} else if (!ok) {
		out_abort(tx);
	}
	site_files_free(&files);
	free(epub_name);
	free(site_epub);
	free(theme);
	if (ses)
		session_keep(ses, b, list, n);
	else {
		free(list);
		book_free(b);
	}
	return diags_errors(d) ? 1 : 0;
}
