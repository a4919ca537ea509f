/* book.h - the book model shared by every stage of the pipeline.
 *
 * Layer: model (includes base/ and model/ only).
 *   load   (load/)     book.yaml + every *.md: metadata, order
 *   parse  (parse/)    Markdown -> each chapter's document model (doc.h)
 *   link   (link/)     targets resolved, anchors checked, backlinks
 *   render (render/)   the document model as HTML (site) and XHTML (EPUB)
 *   site/, epub/       pages through the theme's templates; the EPUB package
 *   write  (write/)    temporary tree, zip, then an atomic swap
 *
 * The book owns every string reachable from it; book_free() releases all.
 * Paths inside the book use '/' and are relative to the SOURCE folder. */
#ifndef FOLIO_BOOK_H
#define FOLIO_BOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "model/doc.h"

/* A file copied verbatim into the outputs (images, linked local files). */
struct asset {
	char *path;       /* relative to SOURCE, normalised ("images/hip.svg") */
	char *out;        /* name in both outputs: "media/" + path with every byte
	                   * outside [A-Za-z0-9._/-] written as _XX (ASCII, no spaces:
	                   * EPUB readers and epubcheck want plain names) */
	char *media_type; /* "image/png", ... */
	bool is_image;
	bool missing_alt; /* some <img> using it has no alt text */
	bool in_epub;     /* an image: the EPUB carries it (other files are linked
	                   * on the website only) */
	struct pos first_use;
	long width, height; /* pixels, 0 if unknown (read by the link stage) */
	bool size_read;
};

struct chapter {
	/* load */
	char *path;        /* relative to SOURCE: "causes/strain.md" */
	char *file;        /* for diagnostics: "content/causes/strain.md" */
	char *text;        /* the whole file, NUL-terminated */
	size_t len;
	char *title;       /* front matter title, else the first # heading */
	char *summary;     /* may be NULL */
	char *reviewed;    /* front matter 'reviewed:' (when the text was last checked), or NULL */
	char *slug;        /* page name without extension */
	long order;
	bool has_order;
	bool draft;
	bool title_from_heading;
	bool fm_error;     /* the front matter could not be read (no title error then) */
	struct pos slug_pos;
	size_t body_off;   /* byte offset of the Markdown after the front matter */
	unsigned body_line;/* line number (1-based) of body_off in the file */

	/* parse (parse/markdown.c) */
	struct doc *doc;   /* the body's document model; its links resolved by link/ */

	/* render (render/html.c) */
	char *html;        /* body for the website (HTML5) */
	char *xhtml;       /* body for the EPUB (well-formed XHTML) */

	/* link (links.c) */
	size_t index;      /* position in reading order */
	struct chapter **backlinks; /* chapters linking here, reading order */
	size_t nbacklinks;

	/* write */
	char *site_name;   /* "strain.html" */
	char *epub_name;   /* "c0003.xhtml" */
};

struct ui;

struct book {
	char *source;      /* SOURCE folder as given ("content") */
	char *yaml_file;   /* "content/book.yaml" */
	char *title, *subtitle, *author, *language, *description;
	char *base_url;    /* with a trailing '/', or NULL */
	char *edit_url;    /* "https://…/{path}": a chapter's source online, or NULL */
	char *license, *theme, *identifier, *cover, *date, *publisher;
	char **authors;    /* book.yaml 'authors:' (a list) or 'author:', one each; author is them joined */
	size_t nauthors;
	char *src;         /* book.yaml 'src:': the chapters' folder, relative to the book folder, or NULL */
	char *root;        /* the book folder (book.yaml, ui.yaml, themes/); source is root/src */
	char *slug;        /* file-name form of the title: the EPUB's name */

	struct chapter *home;       /* SOURCE/index.md, or NULL */
	struct chapter **chapters;  /* reading order, drafts left out */
	size_t nchapters;
	struct chapter **by_path;   /* sorted by path, for lookups; includes home */
	size_t nby_path;

	struct asset **assets;      /* sorted by path */
	size_t nassets, assets_cap;

	bool single_file;           /* folio render: one chapter, no book around it */
	struct chapter **stubs;     /* single_file: pages linked to, known only by name */
	size_t nstubs;

	struct ui *ui;              /* folio's own words (ui.h); NULL: English */
	struct diags *diags;        /* borrowed: the running build's diagnostics */
};

/* Find the chapter whose source path is `path` (normalised), or NULL.
 * Drafts are not found. */
struct chapter *book_find(const struct book *b, const char *path);

/* Register an asset by normalised path; returns the shared record.  The
 * caller (the link stage, one thread) has checked that the file exists. */
struct asset *book_add_asset(struct book *b, const char *path, struct pos use);

/* The book folder: where book.yaml, ui.yaml and themes/ are (the chapters
 * may be in a folder of it, 'src:'). */
static inline const char *book_root(const struct book *b)
{
	return b->root ? b->root : b->source;
}

/* The one rule for a book's title (load and the EPUB writer both check it):
 * there, and more than white space. */
bool book_has_title(const struct book *b);

/* The one check of book.yaml's `cover:` (load and the EPUB writer both
 * use it): a relative path to a regular file inside the book folder
 * `source`, PNG or JPEG.  Returns NULL and sets *norm (the normalised
 * path, malloc'd), or says what is wrong ("must be a PNG or JPEG image"). */
const char *book_cover_check(const char *source, const char *cover, char **norm);

/* Load SOURCE: book.yaml and every chapter's front matter (no Markdown
 * yet), the chapters on up to `jobs` threads.  Errors go to diag; returns
 * NULL only when nothing can go on (no book.yaml, unreadable SOURCE). */
struct book *book_load(const char *source, int jobs, struct diags *d);
void book_free(struct book *b);

/* folio render: a book of one chapter, the Markdown file `file` (front
 * matter read); the book folder is the file's folder.  NULL only when
 * nothing can go on. */
struct book *book_load_file(const char *file, struct diags *d);
/* single_file books: a page known only by its path (another .md file
 * beside the one rendered), owned by the book.  Its site name is
 * SLUG.html, its EPUB name SLUG.xhtml; it has no doc. */
struct chapter *book_stub_page(struct book *b, const char *path);

#endif
