/* build.c - one whole build: load -> parse -> link -> per chapter (render,
 * page written, EPUB document compressed) on every thread -> the rest of
 * both outputs at once -> one rename.  See README, "One build". */
#include "cmd/build.h"

#include <limits.h>
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
#include "parse/markdown.h"
#include "parse/rawhtml.h"
#include "base/pool.h"
#include "site/site.h"
#include "base/slug.h"
#include "model/ui.h"
#include "base/xalloc.h"

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

struct job {
	struct book *b;
	struct chapter **list;
	struct diags *d;
};

/* parse: the chapter's body into its document model; its title from the
 * first '# heading' when the front matter has none */
static void parse_one(size_t i, void *arg)
{
	struct job *j = arg;
	struct chapter *ch = j->list[i];
	ch->doc = md_parse(&ch->map, ch->text + ch->body_off, ch->len - ch->body_off, ch->title, &j->b->limits,
			   j->d, NULL);
	/* the title: front matter, else the page's '# heading', else the
	 * table of contents' link text, else its first heading of any level,
	 * else what {{#title …}} says */
	if (!ch->title && ch->doc->title) {
		ch->title = xstrdup(ch->doc->title);
		ch->title_from_heading = true;
	} else if (!ch->title && ch->toc_title) {
		ch->title = xstrdup(ch->toc_title);
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
	free(ch->text);
	ch->text = NULL;
	ch->len = ch->body_off = 0;
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
 * compressed; neither body is kept. */
struct out_job {
	struct book *b;
	struct chapter **list;
	struct site *site;
	struct epub *ep;
	struct buf *body;   /* one per worker, reused */
	bool keep_docs;
};

static void output_one(size_t i, int worker, void *arg)
{
	struct out_job *j = arg;
	struct chapter *ch = j->list[i];
	struct buf *body = &j->body[worker];
	buf_reset(body);
	render_body(body, j->b, ch, FMT_HTML);
	site_page(j->site, ch, body->data);
	buf_reset(body);
	render_body(body, j->b, ch, FMT_XHTML);
	epub_chapter(j->ep, ch, body->data, worker);
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
};

static void finish_site(void *arg)
{
	struct finish_job *f = arg;
	f->site_rc = site_finish(f->site);
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

int build_run(const struct build_opts *o, struct diags *d)
{
	double t = now();
	if (check_overlap(o, NULL))
		return 2;
	/* load */
	struct book *b = book_load(o->source, o->jobs, d);
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
	struct job job = { b, list, d };
	parallel_for(n, o->jobs, parse_one, &job);
	stage(o, "parse", &t);

	/* link */
	struct link_fs fs = link_fs_disk(b->source);
	links_resolve(b, &fs, d);
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
		free(list);
		free(theme);
		book_free(b);
		return rc;
	}

	/* render + write, into a temporary site folder (the EPUB inside it),
	 * published by one rename at the end: every chapter's page and EPUB
	 * document on every thread, then the rest of both outputs at once */
	char *epub_name = xasprintf("%s.epub", b->slug);
	struct out_txn *tx = out_begin(d, o->out, epub_name);
	if (!tx) {
		free(list);
		free(epub_name);
		free(theme);
		book_free(b);
		return 1;
	}
	const char *site_dir = out_site_dir(tx);
	char *site_epub = path_join(site_dir, epub_name);
	char *prev = out_prev_site(tx);
	int nw = o->jobs > 0 ? o->jobs : 1;
	struct out_job job_out = { b, list, NULL, NULL, xmalloc((size_t)nw * sizeof *job_out.body), o->keep_docs };
	for (int w = 0; w < nw; w++)
		buf_init(&job_out.body[w]);
	bool ok = (job_out.ep = epub_begin(b, site_epub, o->when, theme, o->jobs)) != NULL &&
		  (job_out.site = site_begin(b, theme, site_dir, epub_name, prev)) != NULL;
	stage(o, "begin (templates, EPUB package)", &t);
	if (ok) {
		parallel_for_w(n, o->jobs, output_one, &job_out);
		stage(o, "render + write pages, EPUB documents", &t);
		struct finish_job fin = { job_out.site, job_out.ep, 0, 0 };
		run_both(o->jobs, finish_site, &fin, finish_epub, &fin);
		ok = fin.site_rc == 0 && fin.epub_rc == 0;
		stage(o, "finish (site's own pages, EPUB zip)", &t);
	} else {
		epub_abort(job_out.ep);
	}
	for (int w = 0; w < nw; w++)
		buf_release(&job_out.body[w]);
	free(job_out.body);
	free(list);
	free(prev);
	ok = ok && diags_errors(d) == 0;
	if (ok) {
		out_commit(tx, d);
		stage(o, "swap into place", &t);
	} else {
		out_abort(tx);
	}
	free(epub_name);
	free(site_epub);
	free(theme);
	book_free(b);
	return diags_errors(d) ? 1 : 0;
}
