/* book.h - the book model shared by every stage of the pipeline.
 *
 *   load   (book.c, frontmatter.c)  book.yaml + every *.md: metadata, order
 *   parse  (markdown.c)             Markdown -> headings, ids, links, bodies
 *   link   (links.c)                anchors checked, backlinks computed
 *   render (site.c, epub.c)         pages through the theme's templates
 *   write  (fsx.c, zipout.c)        temporary tree, then an atomic swap
 *
 * The book owns every string reachable from it; book_free() releases all.
 * Paths inside the book use '/' and are relative to the SOURCE folder. */
#ifndef FOLIO_BOOK_H
#define FOLIO_BOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "write/fsx.h"

struct heading {
	unsigned level;   /* 1..6 */
	char *id;         /* unique in its page, GitHub rules */
	char *text;       /* plain text (for tables of contents, titles) */
	char *html;       /* inline HTML of the heading's content (links removed) */
	unsigned line;
};

/* A link from one chapter to a place in another (or the same) chapter,
 * recorded while rendering and checked in the link stage. */
struct xref {
	struct pos pos;          /* where the link is written */
	struct chapter *target;  /* resolved chapter (never NULL once recorded) */
	char *frag;              /* fragment without '#', or NULL */
};

/* A file copied verbatim into the outputs (images, linked local files). */
struct asset {
	char *path;       /* relative to SOURCE, normalised ("images/hip.svg") */
	char *out;        /* name in both outputs: "media/" + path with every byte
	                   * outside [A-Za-z0-9._/-] written as _XX (ASCII, no spaces:
	                   * EPUB readers and epubcheck want plain names) */
	char *media_type; /* "image/png", ... */
	bool is_image;
	bool missing_alt; /* some <img> using it has no alt text */
	bool in_epub;     /* shown as an image somewhere: the EPUB carries it (other
	                   * files are linked on the website only) */
	struct pos first_use;
	long width, height; /* pixels, 0 if unknown (book_asset_size) */
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
	char *slug;        /* page name without extension */
	long order;
	bool has_order;
	bool draft;
	bool title_from_heading;
	bool fm_error;     /* the front matter could not be read (no title error then) */
	char *title_id;    /* id of the # heading used as the title, or NULL */
	struct pos slug_pos;
	size_t body_off;   /* byte offset of the Markdown after the front matter */
	unsigned body_line;/* line number (1-based) of body_off in the file */

	/* parse + render (markdown.c) */
	struct heading *headings;
	size_t nheadings;
	char **ids;        /* every id in the body (sorted, for bsearch) */
	size_t nids;
	struct xref *xrefs;
	size_t nxrefs;
	char *html;        /* body for the website (HTML5) */
	char *xhtml;       /* body for the EPUB (well-formed XHTML) */
	size_t words;      /* word count, for reading time */
	char *plain;       /* the body as plain text (for search), white space collapsed */

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
	char *slug;        /* file-name form of the title: the EPUB's name */

	struct chapter *home;       /* SOURCE/index.md, or NULL */
	struct chapter **chapters;  /* reading order, drafts left out */
	size_t nchapters;
	struct chapter **by_path;   /* sorted by path, for lookups; includes home */
	size_t nby_path;

	struct asset **assets;      /* sorted by path */
	size_t nassets, assets_cap;
	void *asset_lock;           /* pthread_mutex_t *, for parallel render */

	struct ui *ui;              /* folio's own words (ui.h); NULL: English */
	struct diags *diags;        /* borrowed: the running build's diagnostics */
};

/* Find the chapter whose source path is `path` (normalised), or NULL.
 * Drafts are not found. */
struct chapter *book_find(const struct book *b, const char *path);

/* Register an asset by normalised path (thread-safe); returns the shared
 * record.  The caller has already checked that the file exists. */
struct asset *book_add_asset(struct book *b, const char *path, struct pos use);

/* The image's size in pixels, read from its head on first use and kept
 * (thread-safe).  False when unknown (not an image folio can measure). */
bool book_asset_size(struct book *b, struct asset *a, long *w, long *h);

/* Is tag a well-formed BCP 47 language tag ("en", "pt-BR", "sr-Latn")? */
bool book_language_ok(const char *tag);

/* Load SOURCE: book.yaml and every chapter's front matter (no Markdown
 * yet).  Errors go to diag; returns NULL only when nothing can go on
 * (no book.yaml, unreadable SOURCE). */
struct book *book_load(const char *source, struct diags *d);
void book_free(struct book *b);

#endif
