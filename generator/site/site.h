/* site.h - the render stage for the website: every page through the
 * theme's Mustache templates, plus the theme's assets, the book's media,
 * 404.html, sitemap.xml and robots.txt.
 *
 * Layer: site (includes base/, model/, write/; load/frontmatter.h for its
 * did-you-mean suggestions). */
#ifndef FOLIO_SITE_H
#define FOLIO_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/book.h"

/* Above this many chapters, pages load the book's table of contents from
 * one shared script instead of repeating it (output stays linear). */
#define SITE_INLINE_TOC_MAX 150

/* Find the theme folder for b->theme: a path (with '/') relative to the
 * book, else the first of SOURCE/themes/NAME, SOURCE/../themes/NAME,
 * ./themes/NAME, <folio>/../themes/NAME, <folio>/../share/folio/themes/NAME.
 * Returns a malloc'd path or NULL after an error. */
char *site_find_theme(const struct book *b, const char *exe);

/* book.yaml's redirects and static files against everything else the
 * site holds (pages, the theme's assets, the book's files, the EPUB named
 * `epub_name`, the site's own pages) and each other: a redirect or
 * static file that would replace one is an error naming both, at its
 * book.yaml entry.  Call after the link stage (the files are known then).
 * Returns 0 or -1. */
int site_check_outputs(const struct book *b, const char *theme_dir, const char *epub_name);

/* Write the site into `dir` (created), each page from its chapter's
 * rendered body (ch->html).  `epub_name` is the EPUB's file name inside dir
 * (for the download link), or NULL.  Returns 0 or -1. */
int site_write(const struct book *b, const char *theme_dir, const char *dir,
	       const char *epub_name, int jobs);

/* The same in steps, for a build that renders the bodies itself, in
 * parallel (cmd/build.c), and for rebuilding pages one by one:
 *   site_begin   templates loaded and checked, folio's words prepared,
 *                `dir` made, the theme's assets copied, the shared toc
 *                script; NULL after diag_error.  `tx` (may be NULL) is
 *                the output transaction `dir` is the new site of: every
 *                file goes through it (write/out.h's out_write_pieces:
 *                a file whose bytes did not change costs no new inode).
 *                `in_place`: `dir` is the published site itself (folio
 *                serve's rebuilds): only files whose bytes changed are
 *                written, each renamed over the old one (update_file).
 *   site_page    the page of b->home (index.html) or of a chapter from its
 *                rendered body (render_body FMT_HTML, borrowed), written at
 *                once; safe on any number of threads at once, each page
 *                once.  0 or -1.
 *   site_finish  the home page (when site_page did not write it), search,
 *                404, sitemap and robots.txt, the book's media; frees s.
 *                0, or -1 when any page or file failed.  With `files` not
 *                NULL, a success hands over every file name written (from
 *                dir, sorted; the caller frees them with site_files_free).
 *   site_abort   frees s. */
struct site;
struct site_files {
	char **names;      /* from the site folder ("causes/strain.html"), sorted */
	size_t n;
	size_t changed;    /* in place: how many were written (their bytes changed) */
	char **search;     /* each chapter's search-index entry, by index (b->nchapters), or NULL */
	size_t nsearch;
};
struct out_txn;
struct site *site_begin(const struct book *b, const char *theme_dir, const char *dir, const char *epub_name,
			struct out_txn *tx, bool in_place);
int site_page(struct site *s, const struct chapter *c, const char *body);
/* In place: chapter c's published page is left as it is (its bytes would
 * not change), counted as written; false when it is not there (then the
 * caller writes it with site_page).  `search`: its search-index entry as
 * the last build made it (site_files), or NULL to make it again.  Not for
 * b->notfound (its text goes into 404.html, which site_finish writes). */
bool site_page_kept(struct site *s, const struct chapter *c, const char *search);
/* In place: the site's own pages (the home page when the book has no home
 * chapter, 404.html, search.html, the table of contents script) are made
 * from what they were made from last time; site_finish leaves those that
 * are there as they are. */
void site_keep_own(struct site *s);
int site_finish(struct site *s, struct site_files *files);
void site_files_free(struct site_files *f);
void site_abort(struct site *s);

#endif
