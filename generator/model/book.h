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
#include "base/srcmap.h"
#include "model/doc.h"
#include "model/ynode.h"
#include "model/limits.h"

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
	bool scripted;    /* an SVG holding script or event handlers: the EPUB's
	                   * manifest declares it 'scripted' (set by cmd/build.c) */
};

struct chapter {
	/* load */
	char *path;        /* relative to SOURCE: "causes/strain.md" */
	char *file;        /* for diagnostics: "content/causes/strain.md" */
	char *text;        /* the whole file, NUL-terminated; in the body, every
	                    * {{#include}} expanded (load/include.c) */
	size_t len;
	char *title;       /* front matter title, else the TOC file's link text, else the first # heading */
	char *heading;     /* the page's own '# heading' when the TOC's text is its title and differs
	                    * (shown as the page's h1, as mdBook does), else NULL */
	char *summary;     /* may be NULL */
	char *reviewed;    /* front matter 'reviewed:' (when the text was last checked), or NULL */
	char *slug;        /* page name without extension: the output file's (or,
	                    * for a folder's page, the output folder's) last name */
	double order;      /* front matter order: (or weight:, sidebar_position:, nav_order:) */
	bool has_order;
	bool slug_set;     /* slug: given in the front matter */
	bool is_index;     /* a folder's page (index.md, _index.md or README.md) */
	char *toc_title;   /* the table of contents' link text for it, or NULL */
	bool draft;
	bool title_from_heading;
	bool fm_error;     /* the front matter could not be read (no title error then) */
	struct ynode *extra; /* front matter keys folio does not read itself (a Y_MAP,
	                    * nested values included), for the templates'
	                    * page.extra; NULL when there are none */
	struct pos slug_pos;
	size_t body_off;   /* byte offset of the Markdown after the front matter */
	unsigned body_line;/* line number (1-based) of body_off in the file */
	struct srcmap map; /* the body's positions -> file, line, column (included
	                    * text maps to the file it came from) */
	char *page_title;  /* {{#title …}}: the page's <title> as mdBook sets it, or NULL */
	bool included;     /* another chapter includes this file: a fragment, not a
	                    * page (book_load drops it) */

	/* parse (parse/markdown.c) */
	struct doc *doc;   /* the body's document model; its links resolved by link/ */

	/* render (render/html.c) */
	char *html;        /* body for the website (HTML5) */
	char *xhtml;       /* body for the EPUB (well-formed XHTML) */

	/* link (links.c) */
	size_t index;      /* position in reading order */
	size_t toc;        /* its line in book.toc, or TOC_NONE */
	struct chapter *parent; /* the page above it in the hierarchy, or NULL */
	struct chapter **backlinks; /* chapters linking here, reading order */
	size_t nbacklinks;

	/* write */
	char *site_name;   /* output path from the site's root: "causes/strain.html",
	                    * "causes/index.html" (a folder's page), "index.html" */
	char *epub_name;   /* "c0003.xhtml" */
};

/* One line of the book's table of contents, in reading order.  The
 * hierarchy is the depths: a line's children are the lines after it with
 * a greater depth, up to the next line at its depth or less. */
enum toc_kind {
	TOC_PAGE,      /* a chapter (or the home page, when a TOC file lists it) */
	TOC_LABEL,     /* a part title, or a folder without a page of its own */
	TOC_DRAFT,     /* listed without a file (SUMMARY.md's "[Title]()") */
	TOC_SEPARATOR, /* SUMMARY.md's "---" */
};
#define TOC_NONE ((size_t)-1)

struct toc_item {
	enum toc_kind kind;
	unsigned depth;      /* 0: top level */
	char *title;         /* label and draft text; a page's link text from
	                      * the TOC file, else NULL (then its title) */
	char *number;        /* "2.1." for numbered chapters, else NULL */
	struct chapter *ch;  /* TOC_PAGE */
	size_t parent;       /* the enclosing line, or TOC_NONE */
	struct pos pos;      /* where a TOC file lists it */
};

/* The text a table of contents shows for line t. */
const char *toc_item_title(const struct toc_item *t);

/* book.yaml's static: one file copied to the site as it is. */
struct static_file {
	char *path;        /* relative to the book folder, as book.yaml writes it ("public/CNAME") */
	char *out;         /* its name in the site ("CNAME") */
	struct pos pos;    /* the static: entry that names it */
};

/* book.yaml's redirects: a small page at an old address sending readers on. */
struct redirect {
	char *from;        /* the page written, from the site root ("old/page.html") */
	struct pos pos;    /* the old path's key in book.yaml */
	char *target;      /* the target as book.yaml writes it ("new/page.md#part") */
	struct link to;    /* it as a link written in the book folder's home page
	                    * (resolved by the link stage) */
};

/* book.yaml's exclude: a pattern (base/glob.h) of files and folders that
 * are not chapters. */
struct exclude {
	char *pattern;     /* without a trailing '/' */
	bool dirs_only;    /* it had one: matches folders only */
	bool used;         /* matched something (else a warning) */
	struct pos pos;
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
	char *direction;   /* book.yaml 'direction:' ("rtl" or "ltr"), or NULL: from the language */
	bool rtl;          /* written right to left: 'direction:', else lang_is_rtl(language) */
	struct exclude *exclude;       /* book.yaml 'exclude:' */
	size_t nexclude;
	bool exclude_checked;       /* book_load has warned of unused patterns: `used` is not written again
	                             * (the link stage asks book_skipped on several threads) */
	struct static_file *statics;   /* book.yaml 'static:', expanded to files, sorted by out */
	size_t nstatics;
	char **static_roots;           /* the static: paths inside SOURCE, from SOURCE (never read for chapters) */
	size_t nstatic_roots;
	struct redirect *redirects;    /* book.yaml 'redirects:' */
	size_t nredirects;
	struct arena arena;            /* strings the link stage makes for book-level links (redirects) */
	char *slug;        /* file-name form of the title: the EPUB's name */
	struct limits limits; /* book.yaml 'limits:' over the defaults (model/limits.h) */

	struct chapter *home;       /* SOURCE/index.md (or _index.md, README.md), or NULL */
	struct chapter *notfound;   /* SOURCE/404.md: the text of the site's 404 page, or NULL */
	struct toc_item *toc;       /* the table of contents, reading order */
	size_t ntoc;
	char *toc_file;             /* "content/SUMMARY.md" when the book has one, or
	                             * book.yaml when its toc: is the table of contents */
	struct pos toc_pos;         /* where it starts: SUMMARY.md, or book.yaml's toc: */
	char **unlisted;            /* .md files a TOC file leaves out (not built), sorted */
	size_t nunlisted;
	struct chapter **chapters;  /* reading order, drafts left out */
	size_t nchapters;
	struct chapter **by_path;   /* sorted by path, for lookups; includes home */
	size_t nby_path;
	struct path_slot *path_index; /* by_path hashed by path (book_find), or NULL */
	size_t path_mask;           /* its size - 1 (a power of two) */

	struct asset **assets;      /* sorted by path */
	size_t nassets, assets_cap;

	bool single_file;           /* folio render: one chapter, no book around it */
	struct chapter **stubs;     /* single_file: pages linked to, known only by name */
	size_t nstubs;

	struct ui *ui;              /* folio's own words (ui.h); NULL: English */
	struct diags *diags;        /* borrowed: the running build's diagnostics */
};

/* Find the chapter whose source path is `path` (normalised), or NULL.
 * Drafts are found (the caller reports a link to one). */
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

/* Why `path` (relative to SOURCE; a folder when `is_dir`) is not read
 * for chapters: the book.yaml exclude: pattern it matches (marked used),
 * a folder skipped by name, or a static: path (static text or the
 * pattern, borrowed); NULL when it is read. */
const char *book_skipped(struct book *b, const char *path, bool is_dir);
/* Why the file `path` (from SOURCE), or a folder it is in, is never
 * published (exclude:, node_modules/, _drafts/, an output or cache
 * folder), or NULL: a link to such a file is an error, never a copy. */
const char *book_file_skipped(struct book *b, const char *path);

/* Load SOURCE: book.yaml and every chapter's front matter (no Markdown
 * yet), the chapters on up to `jobs` threads.  Errors go to diag; returns
 * NULL only when nothing can go on (no book.yaml, unreadable SOURCE). */
struct book *book_load(const char *source, int jobs, struct diags *d);
/* The same, folio serve's way: a chapter file whose status (inode, size,
 * times) is what it was at the last load with this cache, read then
 * without a message, is not read again (load/book.c: the load cache). */
struct load_cache;
struct load_cache *load_cache_new(void);
void load_cache_free(struct load_cache *c);
struct book *book_load_cached(const char *source, int jobs, struct diags *d, struct load_cache *cache);
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
