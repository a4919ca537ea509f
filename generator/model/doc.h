/* doc.h - one chapter's document model: the tree between parse and render.
 *
 * Layer: model (includes base/ only).  The parse stage (parse/markdown.c,
 * parse/blocks.c) builds it from the Markdown without touching the file
 * system; the link stage (link/) fills in every link's target; the
 * renderers (render/html.c for the site and the EPUB) walk it.  Adding a
 * node kind means a case in the converter and a case in the renderer.
 *
 * Everything reachable from a doc (nodes, strings, block structs) lives in
 * the doc's arena and is freed by doc_free.  Strings are NUL-terminated
 * and never NULL unless a field says "or NULL".  Positions are in the
 * chapter's own file (front matter included). */
#ifndef FOLIO_DOC_H
#define FOLIO_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/strindex.h"

struct chapter;
struct asset;

enum node_type {
	N_DOCUMENT,        /* the chapter's root, or a fragment's (Markdown inside a block) */
	/* blocks */
	N_PARAGRAPH,
	N_HEADING,         /* u.heading */
	N_BLOCKQUOTE,
	N_ALERT,           /* a GitHub alert (> [!NOTE] …): u.alert */
	N_LIST,            /* u.list */
	N_ITEM,            /* u.item */
	N_CODE_BLOCK,      /* u.code */
	N_THEMATIC_BREAK,
	N_TABLE,           /* u.table; children: rows */
	N_TABLE_ROW,       /* u.row */
	N_TABLE_CELL,      /* u.cell */
	N_FOOTNOTES,       /* the footnote definitions, at the end of the chapter */
	N_FOOTNOTE_DEF,    /* u.fn */
	N_RAW_BLOCK,       /* raw HTML, shown as text: u.text (parse/rawhtml.c replaces it) */
	N_STEPS,           /* u.steps */
	N_FAQ,             /* u.faq */
	N_IMAGEMAP,        /* u.map */
	/* inlines */
	N_TEXT,            /* u.text */
	N_CODE,            /* u.text */
	N_EMPH,
	N_STRONG,
	N_STRIKE,
	N_LINK,            /* u.link */
	N_IMAGE,           /* u.link; u.link.alt is the text alternative */
	N_SOFTBREAK,
	N_LINEBREAK,
	N_BR,              /* a raw <br> */
	N_FOOTNOTE_REF,    /* u.fn */
	N_RAW_INLINE,      /* raw HTML, shown as text: u.text (parse/rawhtml.c replaces it) */
	/* either */
	N_ELEMENT,         /* an HTML element of raw HTML that the sanitizer kept: u.el;
	                    * children: text, elements and Markdown nodes */
};

/* What a link points at, known after the link stage. */
enum target_kind {
	T_UNRESOLVED,      /* not resolved (yet), or resolving failed: rendered without a target */
	T_NONE,            /* an empty URL */
	T_EXTERNAL,        /* a URL with a scheme, or //host */
	T_PAGE,            /* a chapter (or this chapter), maybe a fragment */
	T_ASSET,           /* a file of the book copied along */
};

struct link {
	const char *url;           /* as written */
	struct pos pos;            /* where it is written */
	bool image;                /* an image's source (a file is required) */
	/* filled in by the link stage */
	enum target_kind kind;
	struct chapter *page;      /* T_PAGE */
	const char *frag;          /* T_PAGE: decoded fragment, or NULL */
	struct asset *asset;       /* T_ASSET */
};

struct node;

/* An attribute of a raw HTML element, as the sanitizer (parse/rawhtml.c)
 * kept it: names are lower case, values checked for the element. */
enum attr_kind {
	A_TEXT,            /* value, escaped on output */
	A_BOOL,            /* written name="name" (valid HTML5 and XML) */
	A_ID,              /* an id of the page (written like a heading's) */
	A_URL,             /* links[0]: resolved by the link stage, written by the renderer's href() */
	A_SRCSET,          /* links[i] with desc[i] ("2x", "480w" or ""), comma-separated */
};

struct html_attr {
	enum attr_kind kind;
	const char *name;
	const char *value;         /* A_TEXT, A_ID; the URL as written for A_URL */
	size_t nlinks;
	struct link **links;
	const char **desc;
	struct pos pos;            /* where the attribute is written */
};

/* What the renderer must know of an element (set from the allow-list). */
enum {
	EL_VOID = 1 << 0,          /* no end tag, no children (br, img, hr, source…) */
	EL_PRE = 1 << 1,           /* pre: HTML drops a newline right after the start tag */
	EL_MEDIA = 1 << 2,         /* video, audio: the EPUB shows the fallback content only */
	EL_PICTURE = 1 << 3,       /* picture: the EPUB shows the img only */
	EL_SOURCE = 1 << 4,        /* source: left out of the EPUB */
	EL_IMG = 1 << 5,           /* img: an image like Markdown's (alt, size, the EPUB's remote rule) */
	EL_BLOCK = 1 << 6,         /* not phrasing content: a newline after its end tag is insignificant */
};

enum alert_kind { ALERT_NOTE, ALERT_TIP, ALERT_IMPORTANT, ALERT_WARNING, ALERT_CAUTION };

struct steps {                 /* ```steps: a stretch or exercise */
	const char *name, *id;
	unsigned heading_level;
	struct node *summary;      /* N_DOCUMENT fragment (inline), or NULL */
	long hold_s;               /* seconds, 0 when not given */
	long repeat;               /* 0 when not given */
	enum { SIDES_NONE, SIDES_LEFT, SIDES_RIGHT, SIDES_BOTH } sides;
	struct node *image;        /* N_IMAGE, or NULL */
	size_t n;
	struct node **step;        /* n fragments (inline) */
	const char **step_id;
};

struct faq_item {
	const char *q, *id;
	struct node *answer;       /* N_DOCUMENT fragment (blocks) */
};

struct faq {                   /* ```faq: questions and answers */
	unsigned heading_level;    /* for the EPUB's question headings */
	size_t n;
	struct faq_item *item;
};

struct region {
	const char *label;
	char shape;                /* 'r' rect x y w h, 'c' circle cx cy r, 'p' polygon x,y... */
	double v[64];
	size_t nv;
	double cx, cy;             /* where a label goes */
	struct link *link;
	struct node *note;         /* N_DOCUMENT fragment (inline), or NULL */
};

struct imagemap {              /* ```imagemap: a picture whose regions link */
	const char *title, *desc, *id;
	struct node *image;        /* N_IMAGE (alt = desc) */
	long w, h;
	size_t n;
	struct region *region;
};

/* 72 bytes: a 10,000-chapter book holds 1.8 million of them at once, so
 * the position is a line, a column and an index into the document's file
 * names (doc_pos), and the type a byte. */
struct node {
	struct node *parent, *first, *last, *next;
	union {
		struct { const char *s; size_t n; } text;
		struct { const char *id; const char *text; unsigned level; bool custom; } heading; /* custom: the id came from {#id} */
		struct { bool ordered, tight; int start; } list;
		struct { int task; } item;               /* 0 not a task, 1 open, 2 done */
		struct { enum alert_kind kind; } alert;
		struct { const char *info; const char *s; size_t n; } code; /* info: the fence's first word, "" if none */
		struct { unsigned ncols; const char *align; } table; /* align[i]: 'l' 'c' 'r' or 0 */
		struct { bool header; unsigned ncells; } row;  /* ncells: cells converted so far */
		struct { char align; bool header; } cell;
		struct { struct link *link; const char *title; const char *alt; } link;
		struct { unsigned n; const char *id; const char *ref; } fn; /* DEF: id, ref = first reference's id or NULL; REF: id = the definition's, ref = this reference's */
		struct steps *steps;
		struct faq *faq;
		struct imagemap *map;
		struct { const char *name; struct html_attr *attrs; unsigned flags, nattrs; } el;
	} u;
	unsigned line, col;        /* where it starts (doc_pos) */
	uint16_t file;             /* its file: the document's files[file] */
	uint8_t type;              /* an enum node_type */
	bool flat;                 /* nested too deep for browsers: rendered as its plain text (doc_plain) */
};

/* A heading for tables of contents ("On this page", the EPUB's nav). */
struct toc_heading {
	unsigned level;
	const char *id, *text;
	unsigned line;             /* 0 for a block's own heading */
};

/* What a chapter holds, for the outputs that must declare it. */
enum doc_feature {
	F_IMAGE = 1 << 0,          /* a local image shown (the EPUB's accessMode visual) */
	F_FAQ = 1 << 1,            /* FAQPage JSON-LD on the site */
	F_STEPS = 1 << 2,          /* HowTo JSON-LD on the site */
	F_FOOTNOTES = 1 << 3,
	F_TIMER = 1 << 4,          /* a hold timer on the site (folio.js) */
	F_SVG = 1 << 5,            /* inline SVG in the EPUB's XHTML (manifest property "svg") */
	F_MATH = 1 << 6,           /* MathML in the EPUB's XHTML (manifest property "mathml") */
};

struct doc {
	struct arena arena;
	struct node *root;
	const char **files;        /* the file names its nodes' positions name (borrowed, as a pos's) */
	size_t nfiles, filecap;
	struct strindex fileindex;  /* a hash of files, for a chapter that includes many */
	struct link **links;       /* every link and image, in document order */
	size_t nlinks, linkcap;
	size_t nimages;            /* how many of them are images' sources (link->image) */
	struct toc_heading *headings;
	size_t nheadings, headcap;
	const char **ids;          /* every id of the page, sorted (for bsearch) */
	size_t nids;
	const char *title;         /* from the first '# heading', or NULL */
	const char *title_id;      /* id of the '# heading' taken as the title, or NULL */
	size_t words;
	unsigned features;
	unsigned nfootnotes;
	bool refused;              /* the parse stage refused the text (parse/guard.h): no content */
};

struct doc *doc_new(void);
void doc_free(struct doc *d);

/* A new node of the doc's arena, appended to parent's children when parent
 * is not NULL. */
struct node *doc_node(struct doc *d, enum node_type t, struct node *parent, struct pos pos);
/* Where node n of d starts. */
struct pos doc_pos(const struct doc *d, const struct node *n);
/* Set where node n of d starts. */
void doc_set_pos(struct doc *d, struct node *n, struct pos pos);
/* A link recorded in the doc (document order). */
struct link *doc_link(struct doc *d, const char *url, struct pos pos, bool image);
void doc_add_heading(struct doc *d, unsigned level, const char *id, const char *text, unsigned line);
/* The attribute `name` of an N_ELEMENT, or NULL. */
const struct html_attr *doc_attr(const struct node *n, const char *name);
/* Is id one of the page's ids? */
bool doc_has_id(const struct doc *d, const char *id);

/* Walk a subtree without recursion.  Start with n = root, *enter = true;
 * each call gives the next event: every node is entered, then its
 * children walked, then exited (leaves too: enter and exit at once).
 * Returns NULL after root's exit.  (Block fragments such as a step's text
 * are not children: walk them on their own.) */
const struct node *doc_next(const struct node *root, const struct node *n, bool *enter);

/* The plain text of a subtree as the site's search and JSON-LD see it:
 * text, code and raw HTML literally, a space after each paragraph, item,
 * heading and table cell and for every line break; appended to out (not
 * squashed).  Blocks' own texts are included (summary, steps, answers). */
struct buf;
void doc_plain(const struct node *n, struct buf *out);

#endif
