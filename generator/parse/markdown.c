/* markdown.c - parse stage: one cmark-gfm parse per chapter, converted at
 * once into folio's document model (model/doc.h) and freed.
 *
 * folio keeps its own tree rather than rendering cmark's: heading ids
 * (GitHub's rules), links resolved in a stage of their own, footnotes that
 * are well-formed XML with EPUB semantics, structured blocks, and raw HTML
 * that is sanitized (parse/rawhtml.c) rather than passed through all need it
 * (cmark-gfm's own HTML has no heading ids, attributes without values that
 * are not XML, and passes raw HTML on or drops it without a word).  The walk
 * uses cmark's iterator, so deeply nested input cannot overflow the stack. */
#include "parse/markdown.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <pthread.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/sorted.h"
#include "base/buf.h"
#include "base/slug.h"
#include "base/xalloc.h"
#include "parse/blocks.h"
#include "parse/rawhtml.h"
#include "parse/guard.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FOLIO_LSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(FOLIO_LSAN)
#define FOLIO_LSAN 1
#endif
#ifdef FOLIO_LSAN
#include <sanitizer/lsan_interface.h>
#endif

/* The extensions every parser attaches, in this order; strikethrough only
 * to a text that holds a '~' (see below). */
static const char *const extensions[] = { "table", "strikethrough", "autolink", "tasklist" };
#define STRIKETHROUGH 1

/* Parsing in parallel.  cmark-gfm 0.29 keeps the inline parser's special
 * characters in one global table (inlines.c, SPECIAL_CHARS and the
 * emphasis table SKIP_CHARS).  Every parse adds the characters of its
 * parser's inline extensions when it starts on the inlines and clears them
 * when done (blocks.c, process_inlines; github/cmark-gfm#221), so parses
 * running at once would switch autolinks and strikethrough off under each
 * other's feet.  folio keeps the table constant instead:
 *   - autolink's characters (':' and 'w') are set once, by md_init before
 *     any thread starts, and autolink's own list is emptied, so no parse
 *     writes them again (autolink finds its text through its match
 *     callback, which cmark calls at every character; the list only feeds
 *     the table);
 *   - strikethrough ('~') needs its list while parsing (cmark finds the
 *     extension of a '~' delimiter through it), so each parse that attaches
 *     it still writes the table's '~' entries.  It is attached only to a
 *     text that contains a '~' (for any other text it cannot change the
 *     result: the table's '~' entries are read for '~' bytes of the input
 *     only), and those parses, rare in books, take strike_lock.  A parse
 *     of a text without '~' writes nothing and reads no entry another
 *     parse writes: most chapters parse in parallel with no lock at all.
 * cmark-gfm has no getter for autolink's list: its two cells (32 bytes)
 * stay allocated, unreachable, for the life of the process.  Under
 * AddressSanitizer the registration runs with leak checking off (its
 * allocations are cmark-gfm's for good); valgrind is told by
 * tests/valgrind.supp.  (md_ready and strike_lock are the parse stage's
 * only mutable global state, both about the library's own.) */
static bool md_ready;
static pthread_mutex_t strike_lock = PTHREAD_MUTEX_INITIALIZER;

void md_init(void)
{
	if (md_ready)
		return;
#ifdef FOLIO_LSAN
	__lsan_disable();
#endif
	cmark_gfm_core_extensions_ensure_registered();
#ifdef FOLIO_LSAN
	__lsan_enable();
#endif
	cmark_syntax_extension *autolink = cmark_find_syntax_extension("autolink");
	if (autolink) {
		cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
		cmark_parser_attach_syntax_extension(p, autolink);
		cmark_manage_extensions_special_characters(p, 1);
		cmark_parser_free(p);
		cmark_syntax_extension_set_special_inline_chars(autolink, NULL);
	}
	md_ready = true;
}

/* ---- cmark's memory ----------------------------------------------------------
 *
 * A parse allocates some 500 small blocks per chapter (nodes, strings,
 * buffers that grow) and frees them all once the tree is converted: a
 * tenth of a build went to malloc and free and to walking the tree to free
 * it.  md_parse gives cmark an arena instead (cmark_parser_new_with_mem)
 * and drops it whole after the conversion: cmark_node_free is not called.
 * cmark_mem's functions take no context, so the arena in use is the
 * calling thread's: `cur` (thread-local) points at md_parse's own arena
 * for the length of the parse and its conversion (md_fragment's parses,
 * inside the conversion, take from it too).
 *
 * The arena must not cost more memory than malloc would: what cmark frees
 * during the parse (brackets, delimiters, the old copy of a buffer that
 * grew) is reused.  Small chunks come from 64 KB blocks, and a freed one
 * goes on a free list for its size class; large chunks (over a quarter of
 * a block) are malloc's own, linked so the arena can free them, and really
 * freed or realloc'd when cmark asks.  Every chunk starts with a header
 * (its requested size and capacity; a large one, its links before that).  Running
 * out of memory is fatal, as with xmalloc: cmark takes its allocator's
 * result as good, so a NULL would be dereferenced. */

struct cm_block {
	struct cm_block *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
};

struct cm_head {               /* just before every chunk cmark sees */
	size_t n;              /* the size cmark asked for */
	size_t cap;            /* what the chunk holds; CM_LARGE: malloc's own */
};

struct cm_link {               /* before a large chunk's head: the arena's list */
	struct cm_link *prev, *next;
};

#define CM_BLOCK 65536
#define CM_ALIGN (alignof(max_align_t))
#define CM_ROUND(n) (((n) + CM_ALIGN - 1) / CM_ALIGN * CM_ALIGN)
#define CM_HDR CM_ROUND(sizeof(struct cm_head))
#define CM_LINK CM_ROUND(sizeof(struct cm_link))
#define CM_SMALL (CM_BLOCK / 4)        /* the largest small chunk */
#define CM_LARGE SIZE_MAX
#define CM_CLASSES (CM_SMALL / CM_ALIGN + 1)

struct cm_arena {
	struct cm_block *head;
	unsigned char *last;            /* the last chunk cut from head, which realloc may grow in place */
	struct cm_link *large;          /* large chunks, newest first */
	void *free[CM_CLASSES];         /* freed small chunks by capacity / CM_ALIGN */
};

static _Thread_local struct cm_arena *cur;

static struct cm_head *cm_head_of(void *p)
{
	return (struct cm_head *)((unsigned char *)p - CM_HDR);
}

static void cm_fatal(void)
{
	fputs("folio: fatal: out of memory (the Markdown parser)\n", stderr);
	exit(3);
}

static size_t cm_round(size_t n)
{
	if (n > SIZE_MAX - CM_LINK - CM_HDR - CM_ALIGN)
		cm_fatal();
	n = n ? n : 1;
	n = (n + CM_ALIGN - 1) / CM_ALIGN * CM_ALIGN;
	return n < sizeof(void *) ? sizeof(void *) : n;
}

static struct cm_link *cm_link_of(struct cm_head *h)
{
	return (struct cm_link *)((unsigned char *)h - CM_LINK);
}

/* Puts large chunk l (moved or new) in the list where it was, or first. */
static void *cm_large_at(struct cm_arena *a, struct cm_link *l, size_t n)
{
	if (l->prev)
		l->prev->next = l;
	else
		a->large = l;
	if (l->next)
		l->next->prev = l;
	struct cm_head *h = (struct cm_head *)((unsigned char *)l + CM_LINK);
	h->n = n;
	h->cap = CM_LARGE;
	return (unsigned char *)h + CM_HDR;
}

static void *cm_large(struct cm_arena *a, size_t n, size_t cap)
{
	struct cm_link *l = malloc(CM_LINK + CM_HDR + cap);
	if (!l)
		cm_fatal();
	l->prev = NULL;
	l->next = a->large;
	return cm_large_at(a, l, n);
}

static void *cm_alloc(size_t n)
{
	struct cm_arena *a = cur;
	size_t cap = cm_round(n);
	if (cap > CM_SMALL)
		return cm_large(a, n, cap);
	void **slot = &a->free[cap / CM_ALIGN];
	if (*slot) {
		void *p = *slot;
		memcpy(slot, p, sizeof *slot);
		cm_head_of(p)->n = n;
		return p;
	}
	struct cm_block *b = a->head;
	if (!b || b->size - b->used < CM_HDR + cap) {
		b = malloc(sizeof *b + CM_BLOCK);
		if (!b)
			cm_fatal();
		b->size = CM_BLOCK;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	unsigned char *p = b->data + b->used + CM_HDR;
	b->used += CM_HDR + cap;
	struct cm_head *h = cm_head_of(p);
	h->n = n;
	h->cap = cap;
	a->last = p;
	return p;
}

static void *cm_calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		cm_fatal();
	void *p = cm_alloc(count * size);
	memset(p, 0, count * size);
	return p;
}

static void cm_free(void *ptr)
{
	if (!ptr)
		return;
	struct cm_arena *a = cur;
	struct cm_head *h = cm_head_of(ptr);
	if (h->cap == CM_LARGE) {
		struct cm_link *l = cm_link_of(h);
		if (l->prev)
			l->prev->next = l->next;
		else
			a->large = l->next;
		if (l->next)
			l->next->prev = l->prev;
		free(l);
		return;
	}
	if (ptr == a->last) { /* give it back to its block */
		a->head->used = (size_t)((unsigned char *)h - a->head->data);
		a->last = NULL;
		return;
	}
	void **slot = &a->free[h->cap / CM_ALIGN];
	memcpy(ptr, slot, sizeof *slot);
	*slot = ptr;
}

static void *cm_realloc(void *ptr, size_t n)
{
	if (!ptr)
		return cm_alloc(n);
	struct cm_arena *a = cur;
	struct cm_head *h = cm_head_of(ptr);
	size_t cap = cm_round(n);
	if (h->cap == CM_LARGE) {
		struct cm_link *l = realloc(cm_link_of(h), CM_LINK + CM_HDR + cap);
		if (!l)
			cm_fatal();
		return cm_large_at(a, l, n);
	}
	if (cap <= h->cap) {
		h->n = n;
		return ptr;
	}
	struct cm_block *b = a->head;
	if (ptr == a->last && cap <= CM_SMALL && b->size - ((unsigned char *)ptr - b->data) >= cap) {
		b->used = (size_t)((unsigned char *)ptr - b->data) + cap;
		h->n = n;
		h->cap = cap;
		return ptr;
	}
	size_t old = h->n;
	void *q = cm_alloc(n);
	memcpy(q, ptr, old);
	cm_free(ptr);
	return q;
}

static cmark_mem cm_mem = { cm_calloc, cm_realloc, cm_free };

static void cm_release(struct cm_arena *a)
{
	for (struct cm_block *b = a->head, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	for (struct cm_link *l = a->large, *next; l; l = next) {
		next = l->next;
		free(l);
	}
	memset(a, 0, sizeof *a);
}

static cmark_parser *new_parser(int options, bool strike)
{
	cmark_parser *p = cur ? cmark_parser_new_with_mem(options | CMARK_OPT_VALIDATE_UTF8, &cm_mem)
			      : cmark_parser_new(options | CMARK_OPT_VALIDATE_UTF8);
	if (!p) {
		fputs("folio: fatal: out of memory (the Markdown parser)\n", stderr);
		exit(3);
	}
	for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
		cmark_syntax_extension *e = i == STRIKETHROUGH && !strike ? NULL : cmark_find_syntax_extension(extensions[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	return p;
}

/* One cmark parse of `len` bytes: cmark's tree (the caller frees it with
 * tree_free). */
static cmark_node *parse(int options, const char *text, size_t len)
{
	bool strike = memchr(text, '~', len) != NULL;
	cmark_parser *p = new_parser(options, strike);
	if (strike)
		pthread_mutex_lock(&strike_lock);
	cmark_parser_feed(p, text, len);
	cmark_node *doc = cmark_parser_finish(p);
	if (strike)
		pthread_mutex_unlock(&strike_lock);
	cmark_parser_free(p);
	if (!doc) {
		fputs("folio: fatal: out of memory (the Markdown parser)\n", stderr);
		exit(3);
	}
	return doc;
}

/* cmark's tree, once converted: nothing to do when it lives in the arena. */
static void tree_free(cmark_node *doc)
{
	if (!cur)
		cmark_node_free(doc);
}

/* ---- the conversion's state ------------------------------------------------ */

struct fn {               /* footnote number N (1-based) */
	const char *def_id;   /* "fn-N" */
	const char *ref_id;   /* "fnref-N", first reference */
	unsigned refs;        /* references seen */
};

struct md_conv {
	struct doc *doc;
	struct diags *d;
	const struct srcmap *map; /* text positions -> file positions */
	struct idset *ids;
	struct fn *fns;
	size_t nfns, fncap;
	unsigned fndef;          /* footnote definitions seen */
	unsigned last_level;     /* level of the last heading, for blocks */
	unsigned errors;
	struct node *footnotes;  /* the N_FOOTNOTES container, once needed */
	struct rawhtml *rh;      /* once raw HTML is seen */
	unsigned nraw;           /* raw HTML pieces seen */
	/* converting a fragment (Markdown inside a block's YAML) */
	bool fragment;
	struct pos frag_at;
	unsigned frag_indent;
	struct guard guard;      /* the costs cmark-gfm 0.29 is quadratic in (guard.h) */
	/* nesting (see MD_MAX_DEPTH) */
	unsigned depth;          /* of the node being converted; a fragment starts deeper */
	const struct node *flat; /* the node shown as plain text while inside it, or NULL */
	bool warned_deep;
};

/* Browsers keep 513 nested elements and flatten deeper trees (the Nu
 * checker reports them).  A container of the document model renders as at
 * most 2 elements (a table: div and table; a row: thead and tr), a leaf as
 * at most 4 (an image map's figure, svg, a, title), and a block's Markdown
 * sits at most 3 elements inside it (counted as 2 levels): with containers
 * kept to MD_MAX_DEPTH levels a body nests at most 2 * MD_MAX_DEPTH + 4
 * elements, which leaves over 300 for the theme around it.  A container at
 * that depth is marked `flat`: the renderer shows its content as plain
 * text. */
#define MD_MAX_DEPTH 100

static struct pos node_pos(const struct md_conv *c, cmark_node *n)
{
	int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
	if (line < 1)
		line = 1;
	if (col < 1)
		col = 1;
	if (c->fragment)
		return (struct pos){ c->frag_at.file, c->frag_at.line + (unsigned)line - 1,
				     line == 1 ? c->frag_at.col + (unsigned)col - 1 : c->frag_indent + (unsigned)col };
	return srcmap_pos(c->map, (unsigned)line, (unsigned)col);
}

/* Where line/col of the text being parsed (the body, or a fragment) is in
 * the file: node_pos for the guard's findings. */
static struct pos text_pos(const void *ctx, unsigned line, unsigned col)
{
	const struct md_conv *c = ctx;
	if (c->fragment)
		return (struct pos){ c->frag_at.file, c->frag_at.line + line - 1,
				     line == 1 ? c->frag_at.col + col - 1 : c->frag_indent + col };
	return srcmap_pos(c->map, line, col);
}

/* An id unique in the page, kept in the doc's arena. */
static const char *unique_id(struct md_conv *c, const char *base, const char *fallback)
{
	char *id = idset_unique(c->ids, base, fallback);
	const char *a = arena_strdup(&c->doc->arena, id);
	free(id);
	return a;
}

/* Plain text of a subtree (for heading ids, alt text, titles). */
static void plain_text(cmark_node *root, struct buf *out)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_puts(out, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(out, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

static void count_words(struct md_conv *c, const char *s)
{
	bool in = false;
	for (; *s; s++) {
		bool sp = *s == ' ' || *s == '\n' || *s == '\t';
		if (!sp && !in)
			c->doc->words++;
		in = !sp;
	}
}

static struct node *text_node(struct md_conv *c, enum node_type t, struct node *parent, struct pos p,
			      const char *s, size_t n)
{
	struct node *x = doc_node(c->doc, t, parent, p);
	x->u.text.s = arena_strndup(&c->doc->arena, s, n);
	x->u.text.n = n;
	return x;
}

/* ---- raw HTML ---------------------------------------------------------------- */

static bool is_comment(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (strncmp(s, "<!--", 4) != 0)
		return false;
	const char *e = strstr(s + 4, "-->");
	if (!e)
		return false;
	for (e += 3; *e; e++)
		if (*e != ' ' && *e != '\t' && *e != '\n' && *e != '\r')
			return false;
	return true;
}

static bool is_br(const char *s)
{
	return !strcasecmp(s, "<br>") || !strcasecmp(s, "<br/>") || !strcasecmp(s, "<br />");
}

/* A piece of raw HTML: kept as N_RAW_BLOCK / N_RAW_INLINE for
 * parse/rawhtml.c, which takes it together with its neighbours (tags
 * opened in one piece close in another).  A comment alone goes, and a
 * lone <br> needs no parser. */
static void raw_html(struct md_conv *c, cmark_node *n, struct node *parent, bool block)
{
	const char *lit = cmark_node_get_literal(n);
	if (!lit || is_comment(lit))
		return; /* an editor's comment: meant to stay hidden */
	struct pos p = node_pos(c, n);
	if (!block && is_br(lit)) {
		doc_node(c->doc, N_BR, parent, p);
		return;
	}
	size_t len = strlen(lit);
	while (block && len && (lit[len - 1] == '\n' || lit[len - 1] == ' '))
		len--;
	if (!c->rh)
		c->rh = rawhtml_new(c->doc, c->ids, c->d);
	c->nraw++;
	text_node(c, block ? N_RAW_BLOCK : N_RAW_INLINE, parent, p, lit, len);
}

/* ---- footnotes --------------------------------------------------------------- */

static struct fn *footnote(struct md_conv *c, unsigned num)
{
	while (c->nfns < num) {
		c->fns = xgrow(c->fns, &c->fncap, c->nfns + 1, sizeof *c->fns);
		memset(&c->fns[c->nfns], 0, sizeof *c->fns);
		c->nfns++;
	}
	return &c->fns[num - 1];
}

static void footnote_ref(struct md_conv *c, cmark_node *n, struct node *parent)
{
	const char *lit = cmark_node_get_literal(n);
	unsigned num = lit ? (unsigned)strtoul(lit, NULL, 10) : 0;
	if (!num)
		return;
	struct fn *f = footnote(c, num);
	const char *ref;
	if (!f->def_id) {
		char *b1 = xasprintf("fn-%u", num), *b2 = xasprintf("fnref-%u", num);
		f->def_id = unique_id(c, b1, "fn");
		f->ref_id = unique_id(c, b2, "fnref");
		ref = f->ref_id;
		free(b1);
		free(b2);
	} else {
		char *b = xasprintf("%s-%u", f->ref_id, f->refs + 1);
		ref = unique_id(c, b, "fnref");
		free(b);
	}
	f->refs++;
	struct node *x = doc_node(c->doc, N_FOOTNOTE_REF, parent, node_pos(c, n));
	x->u.fn.n = num;
	x->u.fn.id = f->def_id;
	x->u.fn.ref = ref;
}

static struct node *footnote_def(struct md_conv *c, cmark_node *n, struct node *root)
{
	unsigned num = ++c->fndef;
	struct fn *f = footnote(c, num);
	if (!f->def_id) { /* defined but its references were dropped */
		char *b1 = xasprintf("fn-%u", num);
		f->def_id = unique_id(c, b1, "fn");
		free(b1);
	}
	if (!c->footnotes) {
		c->footnotes = doc_node(c->doc, N_FOOTNOTES, root, node_pos(c, n));
		c->doc->features |= F_FOOTNOTES;
	}
	c->doc->nfootnotes = num;
	struct node *x = doc_node(c->doc, N_FOOTNOTE_DEF, c->footnotes, node_pos(c, n));
	x->u.fn.n = num;
	x->u.fn.id = f->def_id;
	x->u.fn.ref = f->ref_id;
	return x;
}

/* ---- nodes ------------------------------------------------------------------ */

/* A heading attribute at the end of the text, as mdBook, Pandoc, Hugo and
 * Zola write it: "Options {#options}" (classes and key=value pairs after
 * the id are accepted and ignored).  Returns the id's length and sets
 * *id_at, *attr_at (where the attribute starts, spaces before it
 * included); 0 when there is none. */
static size_t heading_attr(const char *t, size_t n, size_t *id_at, size_t *attr_at)
{
	while (n && t[n - 1] == ' ')
		n--;
	if (!n || t[n - 1] != '}')
		return 0;
	size_t open = n - 1;
	while (open && t[open] != '{')
		open--;
	if (t[open] != '{' || open + 2 >= n || t[open + 1] != '#')
		return 0;
	size_t i = open + 2, k = i;
	while (k < n - 1 && t[k] != ' ' && t[k] != '}')
		k++;
	if (k == i)
		return 0;
	for (size_t j = i; j < k; j++)
		if ((unsigned char)t[j] < 0x21 || t[j] == '"' || t[j] == '\'' || t[j] == '<' || t[j] == '>' || t[j] == '#')
			return 0;
	size_t a = open;
	while (a && t[a - 1] == ' ')
		a--;
	*id_at = i;
	*attr_at = a;
	return k - i;
}

static void heading(struct md_conv *c, cmark_node *n, struct node *h, bool top)
{
	struct buf text = BUF_INIT;
	plain_text(n, &text);
	size_t id_at, attr_at, idn = heading_attr(text.data, text.len, &id_at, &attr_at);
	const char *id;
	if (idn) {
		char *want = xstrndup(text.data + id_at, idn);
		if (idset_has(c->ids, want))
			diag_warning(c->d, doc_pos(c->doc, h), "id '%s' is used twice in this file; this heading gets a unique one", want);
		id = unique_id(c, want, "section");
		free(want);
		buf_setlen(&text, attr_at);
		h->u.heading.custom = true;
	} else {
		char *base = slug_heading(text.data, text.len);
		id = unique_id(c, base, "section");
		free(base);
	}
	/* no level skipped after the one before (the page's title is the h1):
	 * "# T" then "#### x" is an h2, as an outline (and the Nu checker)
	 * needs; levels after it stay relative */
	unsigned level = (unsigned)cmark_node_get_heading_level(n);
	if (level > c->last_level + 1)
		level = c->last_level + 1;
	c->last_level = level;
	h->u.heading.level = level;
	h->u.heading.id = id;
	h->u.heading.text = arena_strndup(&c->doc->arena, text.data, text.len);
	if (top)
		doc_add_heading(c->doc, level, id, h->u.heading.text, h->line);
	buf_release(&text);
}

/* At a heading's end: take its attribute ("{#id}") out of the text shown. */
static void heading_done(struct node *h)
{
	struct node *last = h->last;
	if (!h->u.heading.custom || !last || last->type != N_TEXT)
		return;
	size_t id_at, attr_at;
	if (heading_attr(last->u.text.s, last->u.text.n, &id_at, &attr_at))
		last->u.text.n = attr_at;
}

static void code_block(struct md_conv *c, cmark_node *n, struct node *parent)
{
	const char *info = cmark_node_get_fence_info(n);
	const char *lit = cmark_node_get_literal(n);
	size_t il = 0;
	while (info && info[il] && info[il] != ' ' && info[il] != '\t')
		il++;
	int fence_len = 0, fence_off = 0;
	char fence_ch = 0;
	struct pos p = node_pos(c, n);
	if (il && !c->fragment && blocks_is_block(info, il) &&
	    cmark_node_get_fenced(n, &fence_len, &fence_off, &fence_ch)) {
		struct block_env e = {
			.conv = c, .doc = c->doc, .ids = c->ids, .d = c->d, .fence = p,
			.yaml_line = p.line + 1, .yaml_col = p.col,
			.heading_level = c->last_level < 6 ? c->last_level + 1 : 6,
		};
		if (blocks_parse(&e, parent, info, il, lit ? lit : ""))
			c->errors++;
		return;
	}
	struct node *x = doc_node(c->doc, N_CODE_BLOCK, parent, p);
	x->u.code.info = arena_strndup(&c->doc->arena, info ? info : "", il);
	x->u.code.s = arena_strdup(&c->doc->arena, lit ? lit : "");
	x->u.code.n = lit ? strlen(lit) : 0;
}

static void image(struct md_conv *c, cmark_node *n, struct node *parent)
{
	const char *title = cmark_node_get_title(n);
	struct buf alt = BUF_INIT;
	plain_text(n, &alt);
	struct pos p = node_pos(c, n);
	struct node *x = doc_node(c->doc, N_IMAGE, parent, p);
	x->u.link.link = doc_link(c->doc, cmark_node_get_url(n), p, true);
	x->u.link.alt = arena_strndup(&c->doc->arena, alt.data, alt.len);
	x->u.link.title = title && *title ? arena_strdup(&c->doc->arena, title) : NULL;
	buf_release(&alt);
}

/* Container nodes of cmark that map one to one; returns the new node. */
static struct node *container(struct md_conv *c, cmark_node *n, struct node *parent)
{
	struct pos p = node_pos(c, n);
	const char *t = cmark_node_get_type_string(n);
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_BLOCK_QUOTE:
		return doc_node(c->doc, N_BLOCKQUOTE, parent, p);
	case CMARK_NODE_LIST: {
		struct node *x = doc_node(c->doc, N_LIST, parent, p);
		x->u.list.ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
		x->u.list.start = cmark_node_get_list_start(n);
		x->u.list.tight = cmark_node_get_list_tight(n);
		return x;
	}
	case CMARK_NODE_ITEM: {
		struct node *x = doc_node(c->doc, N_ITEM, parent, p);
		if (!strcmp(t, "tasklist"))
			x->u.item.task = cmark_gfm_extensions_get_tasklist_item_checked(n) ? 2 : 1;
		return x;
	}
	case CMARK_NODE_PARAGRAPH:
		return doc_node(c->doc, N_PARAGRAPH, parent, p);
	case CMARK_NODE_EMPH:
		return doc_node(c->doc, N_EMPH, parent, p);
	case CMARK_NODE_STRONG:
		return doc_node(c->doc, N_STRONG, parent, p);
	case CMARK_NODE_LINK: {
		struct node *x = doc_node(c->doc, N_LINK, parent, p);
		const char *title = cmark_node_get_title(n);
		x->u.link.link = doc_link(c->doc, cmark_node_get_url(n), p, false);
		x->u.link.title = title && *title ? arena_strdup(&c->doc->arena, title) : NULL;
		return x;
	}
	default:
		break;
	}
	if (!strcmp(t, "table")) {
		struct node *x = doc_node(c->doc, N_TABLE, parent, p);
		unsigned nc = cmark_gfm_extensions_get_table_columns(n);
		uint8_t *al = cmark_gfm_extensions_get_table_alignments(n);
		char *a = arena_alloc(&c->doc->arena, nc + 1);
		for (unsigned i = 0; i < nc; i++)
			a[i] = al ? (char)al[i] : 0;
		x->u.table.ncols = nc;
		x->u.table.align = a;
		return x;
	}
	if (!strcmp(t, "table_header") || !strcmp(t, "table_row")) {
		struct node *x = doc_node(c->doc, N_TABLE_ROW, parent, p);
		x->u.row.header = cmark_gfm_extensions_get_table_row_is_header(n);
		return x;
	}
	if (!strcmp(t, "table_cell")) {
		unsigned col = parent->type == N_TABLE_ROW ? parent->u.row.ncells++ : 0; /* not a walk: rows may be wide */
		const struct node *table = parent->parent;
		struct node *x = doc_node(c->doc, N_TABLE_CELL, parent, p);
		x->u.cell.header = parent->u.row.header;
		x->u.cell.align = table && table->type == N_TABLE && col < table->u.table.ncols ? table->u.table.align[col] : 0;
		return x;
	}
	if (!strcmp(t, "strikethrough"))
		return doc_node(c->doc, N_STRIKE, parent, p);
	return NULL;
}

/* A blockquote whose first line is "[!NOTE]", "[!TIP]", "[!IMPORTANT]",
 * "[!WARNING]" or "[!CAUTION]" (any case, alone on the line) is a GitHub
 * alert: the marker goes, the node becomes N_ALERT. */
static void alert_check(struct md_conv *c, struct node *bq)
{
	static const char *const kinds[] = { "note", "tip", "important", "warning", "caution" };
	struct node *p = bq->first;
	if (!p || p->type != N_PARAGRAPH)
		return;
	struct buf t = BUF_INIT;
	struct node *n = p->first;
	for (; n && n->type == N_TEXT && t.len < 16; n = n->next)
		buf_add(&t, n->u.text.s, n->u.text.n);
	while (t.len && t.data[t.len - 1] == ' ')
		buf_setlen(&t, t.len - 1);
	int kind = -1;
	for (int k = 0; k < 5; k++) {
		size_t kl = strlen(kinds[k]);
		if (t.len == kl + 3 && t.data[0] == '[' && t.data[1] == '!' && !strncasecmp(t.data + 2, kinds[k], kl) &&
		    t.data[t.len - 1] == ']')
			kind = k;
	}
	buf_release(&t);
	if (kind < 0 || (n && n->type != N_SOFTBREAK && n->type != N_LINEBREAK))
		return;
	/* drop the marker's text nodes and the line break after them */
	p->first = n ? n->next : NULL;
	if (!p->first)
		p->last = NULL;
	if (!p->first) { /* the paragraph held the marker only */
		bq->first = p->next;
		if (bq->last == p)
			bq->last = NULL;
	}
	c->doc->words = c->doc->words ? c->doc->words - 1 : 0; /* the marker is not a word of the text */
	bq->type = N_ALERT;
	bq->u.alert.kind = (enum alert_kind)kind;
}

/* Container `x` was just made, at depth c->depth.  At MD_MAX_DEPTH (and
 * not inside a flat node already) it is shown as plain text, or the list or
 * table around it when x is an item, row or cell (their text may not stand
 * in a <ul> or <tr>); one warning a chapter. */
static void depth_check(struct md_conv *c, struct node *x)
{
	if (c->flat || c->depth < MD_MAX_DEPTH)
		return;
	struct node *f = x;
	while (f->parent && (f->type == N_ITEM || f->type == N_TABLE_ROW || f->type == N_TABLE_CELL))
		f = f->parent;
	f->flat = true;
	c->flat = f;
	if (!c->warned_deep) {
		c->warned_deep = true;
		diag_warning(c->d, doc_pos(c->doc, x), "nested more than %d levels deep: from here on this block is shown as plain "
					   "text (browsers flatten deeper trees)", MD_MAX_DEPTH);
	}
}

/* Leaving container x (cur): back to its parent's depth. */
static void depth_leave(struct md_conv *c, const struct node *x)
{
	c->depth--;
	if (c->flat == x)
		c->flat = NULL;
}

/* Convert the children of cmark's `root` into IR children of `into`. */
static void convert(struct md_conv *c, cmark_node *root, struct node *into, const char *fm_title)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	cmark_node *first = cmark_node_first_child(root);
	bool title_h1 = false;
	if (!c->fragment && first && cmark_node_get_type(first) == CMARK_NODE_HEADING &&
	    cmark_node_get_heading_level(first) == 1) {
		struct buf t = BUF_INIT;
		plain_text(first, &t);
		title_h1 = !fm_title || strcmp(t.data, fm_title) == 0;
		buf_release(&t);
	}
	struct node *cur = into;
	unsigned base = c->depth;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		bool enter = ev == CMARK_EVENT_ENTER;
		if (n == root)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HEADING:
			if (n == first && title_h1) {
				struct buf t = BUF_INIT;
				plain_text(n, &t);
				char *base = slug_heading(t.data, t.len);
				c->doc->title_id = unique_id(c, base, "section");
				c->doc->title = arena_strndup(&c->doc->arena, t.data, t.len);
				free(base);
				buf_release(&t);
				cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			} else if (enter) {
				cur = doc_node(c->doc, N_HEADING, cur, node_pos(c, n));
				heading(c, n, cur, cmark_node_parent(n) == root);
				c->depth++;
				depth_check(c, cur);
			} else {
				heading_done(cur);
				depth_leave(c, cur);
				cur = cur->parent;
			}
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			doc_node(c->doc, N_THEMATIC_BREAK, cur, node_pos(c, n));
			break;
		case CMARK_NODE_CODE_BLOCK:
			code_block(c, n, cur);
			break;
		case CMARK_NODE_HTML_BLOCK:
			raw_html(c, n, cur, true);
			break;
		case CMARK_NODE_HTML_INLINE:
			raw_html(c, n, cur, false);
			break;
		case CMARK_NODE_TEXT: {
			const char *lit = cmark_node_get_literal(n);
			text_node(c, N_TEXT, cur, node_pos(c, n), lit, strlen(lit));
			count_words(c, lit);
			break;
		}
		case CMARK_NODE_CODE: {
			const char *lit = cmark_node_get_literal(n);
			text_node(c, N_CODE, cur, node_pos(c, n), lit, strlen(lit));
			count_words(c, lit);
			break;
		}
		case CMARK_NODE_SOFTBREAK:
			doc_node(c->doc, N_SOFTBREAK, cur, node_pos(c, n));
			break;
		case CMARK_NODE_LINEBREAK:
			doc_node(c->doc, N_LINEBREAK, cur, node_pos(c, n));
			break;
		case CMARK_NODE_IMAGE:
			image(c, n, cur);
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			break;
		case CMARK_NODE_FOOTNOTE_REFERENCE:
			if (enter) /* not a leaf for the iterator: it also exits */
				footnote_ref(c, n, cur);
			break;
		case CMARK_NODE_FOOTNOTE_DEFINITION:
			if (enter) {
				cur = footnote_def(c, n, into);
				c->depth = base + 2; /* into, the footnotes, this one */
			} else {
				cur = into;
				c->depth = base;
			}
			break;
		default:
			if (enter) {
				struct node *x = container(c, n, cur);
				if (x) {
					cur = x;
					c->depth++;
					depth_check(c, x);
				} else { /* an unknown extension node: its content stays */
					cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
				}
			} else if (cur != into) {
				if (cur->type == N_BLOCKQUOTE)
					alert_check(c, cur);
				depth_leave(c, cur);
				cur = cur->parent;
			}
			break;
		}
	}
	cmark_iter_free(it);
}

struct node *md_fragment(struct md_conv *c, const char *text, struct pos at, unsigned indent, bool inline_only)
{
	bool was = c->fragment;
	struct pos wat = c->frag_at;
	unsigned wind = c->frag_indent, wdepth = c->depth;
	c->fragment = true;
	c->frag_at = at;
	c->frag_indent = indent;
	c->depth += 2; /* the block's own elements around it (see MD_MAX_DEPTH) */
	struct node *root = doc_node(c->doc, N_DOCUMENT, NULL, at);
	unsigned nraw = c->nraw;
	size_t len = strlen(text);
	if (guard_scan(&c->guard, c->d, text, len, text_pos, c) == 0) {
		cmark_node *doc = parse(0, text, len);
		convert(c, doc, root, NULL);
		tree_free(doc);
	} else {
		c->errors++;
	}
	c->depth = wdepth;
	bool melted = false;
	if (inline_only && root->first && root->first == root->last && root->first->type == N_PARAGRAPH) {
		struct node *para = root->first;
		root->first = para->first;
		root->last = para->last;
		for (struct node *k = root->first; k; k = k->next)
			k->parent = root;
		melted = true;
	}
	if (c->nraw != nraw)
		rawhtml_resolve(c->rh, root, melted);
	c->fragment = was;
	c->frag_at = wat;
	c->frag_indent = wind;
	return root;
}

/* The plain text of a raw element (its text and code, in order). */
static void raw_text(const struct node *el, struct buf *t)
{
	for (const struct node *n = el->first; n;) {
		if (n->type == N_TEXT || n->type == N_CODE)
			buf_add(t, n->u.text.s, n->u.text.n);
		if (n->first) {
			n = n->first;
			continue;
		}
		while (n && n != el && !n->next)
			n = n->parent;
		n = n && n != el ? n->next : NULL;
	}
}

/* Raw HTML headings are headings of the page like Markdown's:
 * - each takes the level a Markdown heading in its place would get, at
 *   most one below the heading before it (the page's h1 is its title), so
 *   an <h4> right after the title is an h2 and the site never skips a
 *   level (the Nu checker's error);
 * - each has an id (its own, or one made from its text, like a Markdown
 *   heading's), so links can name it, and it is listed with the page's
 *   headings ("On this page", the EPUB's nav) in document order. */
static void raw_headings(struct md_conv *c, struct node *root)
{
	static const char *const names[] = { "h1", "h1", "h2", "h3", "h4", "h5", "h6" };
	struct doc *doc = c->doc;
	unsigned last = 1;
	size_t k = 0; /* doc->headings before k are the ones met so far */
	for (struct node *n = root->first; n;) {
		const char *seen = n->type == N_HEADING ? n->u.heading.id : n->type == N_STEPS ? n->u.steps->id : NULL;
		if (n->type == N_HEADING)
			last = n->u.heading.level;
		for (size_t j = k; seen && j < doc->nheadings; j++)
			if (doc->headings[j].id && !strcmp(doc->headings[j].id, seen)) {
				k = j + 1;
				break;
			}
		if (n->type == N_ELEMENT && n->u.el.name[0] == 'h' && n->u.el.name[1] >= '1' && n->u.el.name[1] <= '6' &&
		    !n->u.el.name[2]) {
			unsigned level = (unsigned)(n->u.el.name[1] - '0');
			if (level > last + 1) {
				level = last + 1;
				n->u.el.name = names[level];
			}
			last = level;
			struct buf t = BUF_INIT;
			raw_text(n, &t);
			const struct html_attr *own = doc_attr(n, "id");
			const char *id = own && own->kind == A_ID ? own->value : NULL;
			if (!id && t.len) { /* an id made from its text, as a Markdown heading's */
				char *base = slug_heading(t.data, t.len);
				id = unique_id(c, base, "section");
				free(base);
				struct html_attr *v = arena_alloc(&doc->arena, (n->u.el.nattrs + 1) * sizeof *v);
				if (n->u.el.nattrs)
					memcpy(v, n->u.el.attrs, n->u.el.nattrs * sizeof *v);
				v[n->u.el.nattrs] = (struct html_attr){ .kind = A_ID, .name = "id", .value = id, .pos = doc_pos(doc, n) };
				n->u.el.attrs = v;
				n->u.el.nattrs++;
			}
			if (id && t.len) { /* listed where it stands */
				doc_add_heading(doc, level, id, arena_strndup(&doc->arena, t.data, t.len), n->line);
				struct toc_heading h = doc->headings[doc->nheadings - 1];
				memmove(&doc->headings[k + 1], &doc->headings[k], (doc->nheadings - 1 - k) * sizeof h);
				doc->headings[k++] = h;
			}
			buf_release(&t);
		}
		if (n->first) { /* document order, without recursion (nesting may be deep) */
			n = n->first;
			continue;
		}
		while (n && n != root && !n->next)
			n = n->parent;
		n = n && n != root ? n->next : NULL;
	}
}

struct doc *md_parse(const struct srcmap *map, const char *text, size_t len, const char *fm_title,
		     const struct limits *lim, struct diags *d, unsigned *errors)
{
	struct doc *doc = doc_new();
	struct limits dflt = limits_default();
	struct md_conv c = { .doc = doc, .d = d, .map = map, .last_level = 1,
			     .guard = GUARD_INIT(lim ? lim : &dflt) };
	c.ids = idset_new();
	doc->root = doc_node(doc, N_DOCUMENT, NULL, srcmap_pos(map, 1, 1));
	if (guard_scan(&c.guard, d, text, len, text_pos, &c) == 0) {
		struct cm_arena arena = { 0 }, *outer = cur;
		cur = &arena;
		cmark_node *root = parse(CMARK_OPT_FOOTNOTES, text, len);
		convert(&c, root, doc->root, fm_title);
		cm_release(&arena);
		cur = outer;
	} else {
		c.errors++;
		doc->refused = true;
	}
	if (c.rh) {
		rawhtml_resolve(c.rh, doc->root, false);
		rawhtml_free(c.rh);
		raw_headings(&c, doc->root);
	}

	size_t n;
	char **ids = idset_take_sorted(c.ids, &n);
	doc->ids = xmalloc((n ? n : 1) * sizeof *doc->ids);
	for (size_t i = 0; i < n; i++) {
		doc->ids[i] = arena_strdup(&doc->arena, ids[i]);
		free(ids[i]);
	}
	free(ids);
	doc->nids = n;
	qsort(doc->ids, n, sizeof *doc->ids, cmp_str_ptr);
	idset_free(c.ids);
	free(c.fns);

	if (errors)
		*errors = c.errors;
	return doc;
}
