/* template.c - Mustache, compile side: one template's source to its op
 * list (tpl_compile).
 *
 * Layer: site, but a low-level primitive: includes base/ only.  Sets of
 * named templates are in template_set.c, rendering and context values in
 * template_render.c; the compiled form they share is in template_int.h.
 *
 * Compiling runs three passes over a private copy of the source:
 *   1. tokenize: text (split after each newline) and tags, following
 *      set-delimiter tags as they come;
 *   2. standalone: a line holding only whitespace and one non-interpolation
 *      tag (or only parent and block tags, one of them a parent tag) loses
 *      its indentation and line break; the tag remembers the indentation;
 *   3. build: tokens become ops; sections, parents and blocks know where
 *      their body ends, so rendering never searches.
 *
 * Block content passed to a parent is dedented at compile time by its
 * intrinsic indentation (that of the line after a standalone opening tag)
 * and re-indented where the parent places it (template_render.c).
 */
#include "site/template.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "site/template_int.h"

#define MAX_NEST 100           /* open sections within one template */

void tpl_free(struct tpl *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->file);
	free(t->src);
	free(t->ops);
	free(t->parts);
	free(t);
}

/* ==== pass 1: tokens ================================================== */

enum tok_kind {
	T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_CLOSE, T_COMMENT, T_PARTIAL, T_PARENT,
	T_BLOCK, T_DELIM
};

struct tok {
	enum tok_kind kind;
	enum tok_kind closes; /* T_CLOSE: the kind of tag it closes, if it matches */
	bool removed;         /* text eaten by a standalone line */
	bool standalone;      /* tag alone on its line */
	unsigned line, col;
	size_t start, end;    /* the text, or the whole tag */
	struct slice name;
	struct slice ind;     /* standalone: the indentation before it */
	size_t next_line;     /* standalone: offset of the following line, or SIZE_MAX */
};

struct compiler {
	struct diags *d;
	struct tpl *t;
	const char *src;
	size_t len;
	struct tok *toks;
	size_t ntoks, captoks;
	size_t at;            /* line/col bookkeeping: offset reached so far */
	unsigned line, col;
};

static struct pos pos_at(const struct compiler *c, unsigned line, unsigned col)
{
	return (struct pos){ c->t->file, line, col };
}

/* Advance the line/col counters to offset `to` (monotonic). */
static void seek(struct compiler *c, size_t to)
{
	for (; c->at < to; c->at++) {
		if (c->src[c->at] == '\n') {
			c->line++;
			c->col = 1;
		} else {
			c->col++;
		}
	}
}

static struct tok *tok_new(struct compiler *c, enum tok_kind kind, size_t start, size_t end)
{
	struct tok *k;
	c->toks = xgrow(c->toks, &c->captoks, c->ntoks + 1, sizeof *c->toks);
	k = &c->toks[c->ntoks++];
	memset(k, 0, sizeof *k);
	k->kind = kind;
	k->closes = T_CLOSE;
	k->start = start;
	k->end = end;
	k->next_line = SIZE_MAX;
	k->name = k->ind = (struct slice){ "", 0 };
	seek(c, start);
	k->line = c->line;
	k->col = c->col;
	return k;
}

/* Text tokens end after each newline, so none spans two lines. */
static void add_text(struct compiler *c, size_t from, size_t to)
{
	while (from < to) {
		const char *nl = memchr(c->src + from, '\n', to - from);
		size_t e = nl ? (size_t)(nl - c->src) + 1 : to;
		tok_new(c, T_TEXT, from, e);
		from = e;
	}
}

static const char *find(const char *hay, size_t n, const char *needle, size_t m)
{
	if (m == 0 || m > n)
		return NULL;
	for (const char *p = hay, *last = hay + n - m; p <= last; p++) {
		p = memchr(p, needle[0], (size_t)(last - p) + 1);
		if (!p)
			return NULL;
		if (!memcmp(p, needle, m))
			return p;
	}
	return NULL;
}

static bool is_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

static struct slice trim(const char *s, size_t n)
{
	while (n && is_space(*s))
		s++, n--;
	while (n && is_space(s[n - 1]))
		n--;
	return (struct slice){ s, n };
}

struct delims {
	struct slice open, close;
};

/* "{{=<% %>=}}": the content between the equals signs must be two
 * whitespace-separated non-empty delimiters. */
static int parse_delims(struct compiler *c, const struct tok *k, struct slice body, struct delims *d)
{
	struct slice b = trim(body.s, body.n);
	size_t i = 0;
	while (i < b.n && !is_space(b.s[i]))
		i++;
	d->open = (struct slice){ b.s, i };
	d->close = trim(b.s + i, b.n - i);
	for (size_t j = 0; j < d->close.n; j++)
		if (is_space(d->close.s[j]))
			d->close.n = 0;
	if (!d->open.n || !d->close.n)
		return diag_error(c->d, pos_at(c, k->line, k->col),
				  "bad set-delimiter tag: want two delimiters separated by a space, like {{=<%% %%>=}}");
	return 0;
}

static int check_name(struct compiler *c, const struct tok *k)
{
	if (!k->name.n)
		return diag_error(c->d, pos_at(c, k->line, k->col), "empty tag name");
	for (size_t i = 0; i < k->name.n; i++)
		if (is_space(k->name.s[i]))
			return diag_error(c->d, pos_at(c, k->line, k->col), "bad tag name '%.*s': no spaces allowed",
					  (int)k->name.n, k->name.s);
	return 0;
}

static int tokenize(struct compiler *c)
{
	struct delims d = { { "{{", 2 }, { "}}", 2 } };
	const char *src = c->src;
	size_t pos = 0, len = c->len;
	/* open tags, to tell what each closing tag closes (pass 2 needs it) */
	size_t *open = NULL, nopen = 0, capopen = 0;
	int rc = -1;

	while (pos < len) {
		const char *o = find(src + pos, len - pos, d.open.s, d.open.n);
		size_t ts, p, q, te;
		enum tok_kind kind = T_VAR;
		struct tok *k;
		char sigil;

		if (!o) {
			add_text(c, pos, len);
			break;
		}
		ts = (size_t)(o - src);
		add_text(c, pos, ts);
		p = ts + d.open.n;
		sigil = p < len ? src[p] : '\0';
		switch (sigil) {
		case '#': kind = T_SECTION; break;
		case '^': kind = T_INVERTED; break;
		case '/': kind = T_CLOSE; break;
		case '!': kind = T_COMMENT; break;
		case '>': kind = T_PARTIAL; break;
		case '<': kind = T_PARENT; break;
		case '$': kind = T_BLOCK; break;
		case '&': kind = T_RAW; break;
		case '{': kind = T_RAW; break;
		case '=': kind = T_DELIM; break;
		}
		if (kind != T_VAR)
			p++;
		/* the closing delimiter; {{{x}}} and {{=a b=}} need '}' / '=' before it */
		for (q = p;; q++) {
			const char *e = find(src + q, len - q, d.close.s, d.close.n);
			if (!e) {
				k = tok_new(c, kind, ts, len);
				diag_error(c->d, pos_at(c, k->line, k->col), "unclosed tag: no '%.*s' after '%.*s'",
					   (int)d.close.n, d.close.s, (int)d.open.n, d.open.s);
				goto out;
			}
			q = (size_t)(e - src);
			if ((sigil != '{' && sigil != '=') || (q > p && src[q - 1] == (sigil == '{' ? '}' : '=')))
				break;
		}
		te = q + d.close.n;
		if (sigil == '{' || sigil == '=')
			q--;
		k = tok_new(c, kind, ts, te);
		k->name = trim(src + p, q - p);
		if (kind == T_DELIM) {
			if (parse_delims(c, k, (struct slice){ src + p, q - p }, &d))
				goto out;
		} else if (kind != T_COMMENT) {
			if (check_name(c, k))
				goto out;
		}
		if (kind == T_SECTION || kind == T_INVERTED || kind == T_PARENT || kind == T_BLOCK) {
			open = xgrow(open, &capopen, nopen + 1, sizeof *open);
			open[nopen++] = c->ntoks - 1;
		} else if (kind == T_CLOSE && nopen) {
			const struct tok *ot = &c->toks[open[nopen - 1]];
			if (ot->name.n == k->name.n && !memcmp(ot->name.s, k->name.s, k->name.n)) {
				k->closes = ot->kind;
				nopen--;
			}
		}
		pos = te;
	}
	rc = 0;
out:
	free(open);
	return rc;
}

/* ==== pass 2: standalone lines ======================================= */

static bool only_blanks(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* A text token that is blanks then a line break: "  \n", "\r\n". */
static bool is_eol_text(const struct compiler *c, const struct tok *k)
{
	size_t n = k->end - k->start;
	const char *s = c->src + k->start;
	if (!n || s[n - 1] != '\n')
		return false;
	n--;
	if (n && s[n - 1] == '\r')
		n--;
	return only_blanks(s, n);
}

static bool is_inheritance(const struct tok *k)
{
	return k->kind == T_PARENT || k->kind == T_BLOCK ||
	       (k->kind == T_CLOSE && (k->closes == T_PARENT || k->closes == T_BLOCK));
}

static void mark_standalone(struct compiler *c)
{
	struct tok *t = c->toks;
	size_t i = 0, n = c->ntoks;

	while (i < n) {
		/* i starts a line */
		size_t j = i, k, ntags = 0;
		bool ws = false, ok = true, inh = true, parent = false, eol;

		if (t[j].kind == T_TEXT && only_blanks(c->src + t[j].start, t[j].end - t[j].start)) {
			ws = true;
			j++;
		}
		for (k = j; k < n && t[k].kind != T_TEXT; k++) {
			ntags++;
			if (t[k].kind == T_VAR || t[k].kind == T_RAW)
				ok = false;
			if (!is_inheritance(&t[k]))
				inh = false;
			if (t[k].kind == T_PARENT || (t[k].kind == T_CLOSE && t[k].closes == T_PARENT))
				parent = true;
		}
		eol = k == n || is_eol_text(c, &t[k]) ||
		      (k + 1 == n && only_blanks(c->src + t[k].start, t[k].end - t[k].start));
		if (ok && eol && (ntags == 1 || (ntags > 1 && inh && parent))) {
			size_t next = SIZE_MAX;
			struct slice ind = { c->src + t[j].start, 0 };
			if (ws) {
				t[i].removed = true;
				ind = (struct slice){ c->src + t[i].start, t[i].end - t[i].start };
			}
			if (k < n) {
				t[k].removed = true;
				if (c->src[t[k].end - 1] == '\n' && t[k].end < c->len)
					next = t[k].end;
			}
			for (size_t m = j; m < k; m++) {
				t[m].standalone = true;
				t[m].ind = ind;
				t[m].next_line = next;
			}
			i = k + 1;
			continue;
		}
		/* not standalone: skip to the next line */
		for (; i < n; i++)
			if (t[i].kind == T_TEXT && c->src[t[i].end - 1] == '\n') {
				i++;
				break;
			}
	}
}

/* ==== pass 3: ops ===================================================== */

struct frame {
	size_t op;          /* the open op */
	const struct tok *tok;
	struct slice dedent; /* argument blocks: indentation stripped from their lines */
};

/* The blanks at the start of the line at `off`. */
static struct slice leading_blanks(const struct compiler *c, size_t off)
{
	size_t e = off;
	if (off == SIZE_MAX)
		return (struct slice){ "", 0 };
	while (e < c->len && (c->src[e] == ' ' || c->src[e] == '\t'))
		e++;
	return (struct slice){ c->src + off, e - off };
}

/* s without as much of prefix `p` as it starts with. */
static struct slice dedent(struct slice s, struct slice p)
{
	size_t i = 0;
	while (i < s.n && i < p.n && s.s[i] == p.s[i])
		i++;
	return (struct slice){ s.s + i, s.n - i };
}

static struct op *op_new(struct compiler *c, enum op_kind kind, const struct tok *k)
{
	struct tpl *t = c->t;
	struct op *op;
	t->ops = xgrow(t->ops, &t->capops, t->nops + 1, sizeof *t->ops);
	op = &t->ops[t->nops++];
	memset(op, 0, sizeof *op);
	op->kind = kind;
	op->line = k->line;
	op->col = k->col;
	op->text = k->name;
	op->bol = !k->standalone && (k->start == 0 || c->src[k->start - 1] == '\n');
	return op;
}

/* Split the op's name on '.' into tpl->parts ("." alone has no parts). */
static int split_name(struct compiler *c, struct op *op)
{
	struct tpl *t = c->t;
	const char *s = op->text.s, *end = s + op->text.n;
	op->part0 = t->nparts;
	if (op->text.n == 1 && *s == '.')
		return 0;
	for (;;) {
		const char *dot = memchr(s, '.', (size_t)(end - s));
		const char *e = dot ? dot : end;
		if (e == s)
			return diag_error(c->d, pos_at(c, op->line, op->col), "bad name '%.*s': empty part",
					  (int)op->text.n, op->text.s);
		t->parts = xgrow(t->parts, &t->capparts, t->nparts + 1, sizeof *t->parts);
		t->parts[t->nparts++] = (struct slice){ s, (size_t)(e - s) };
		op->nparts++;
		if (!dot)
			return 0;
		s = dot + 1;
	}
}

static const char *tag_word(enum tok_kind k)
{
	switch (k) {
	case T_INVERTED: return "inverted section";
	case T_PARENT: return "parent";
	case T_BLOCK: return "block";
	default: return "section";
	}
}

static int build(struct compiler *c)
{
	struct frame *st = NULL;
	size_t nst = 0, capst = 0;
	int rc = -1;

	for (size_t i = 0; i < c->ntoks; i++) {
		const struct tok *k = &c->toks[i];
		struct slice cur = nst ? st[nst - 1].dedent : (struct slice){ "", 0 };
		bool in_parent = nst && st[nst - 1].tok->kind == T_PARENT;
		struct op *op;

		if (k->removed)
			continue;
		switch (k->kind) {
		case T_TEXT:
			op = op_new(c, OP_TEXT, k);
			op->text = (struct slice){ c->src + k->start, k->end - k->start };
			if (op->bol)
				op->text = dedent(op->text, cur);
			break;
		case T_VAR:
		case T_RAW:
			op = op_new(c, k->kind == T_VAR ? OP_VAR : OP_RAW, k);
			if (split_name(c, op))
				goto out;
			break;
		case T_PARTIAL:
			op = op_new(c, OP_PARTIAL, k);
			op->standalone = k->standalone;
			op->ind = dedent(k->ind, cur);
			break;
		case T_SECTION:
		case T_INVERTED:
		case T_PARENT:
		case T_BLOCK:
			if (nst == MAX_NEST) {
				diag_error(c->d, pos_at(c, k->line, k->col), "sections nested more than %d deep",
					   MAX_NEST);
				goto out;
			}
			op = op_new(c, k->kind == T_SECTION ? OP_SECTION :
				       k->kind == T_INVERTED ? OP_INVERTED :
				       k->kind == T_PARENT ? OP_PARENT : OP_BLOCK, k);
			if ((op->kind == OP_SECTION || op->kind == OP_INVERTED) && split_name(c, op))
				goto out;
			st = xgrow(st, &capst, nst + 1, sizeof *st);
			st[nst] = (struct frame){ c->t->nops - 1, k, cur };
			if (op->kind == OP_PARENT) {
				op->standalone = k->standalone;
				op->ind = dedent(k->ind, cur);
			} else if (op->kind == OP_BLOCK && in_parent) {
				op->arg = true;
				if (k->standalone)
					st[nst].dedent = leading_blanks(c, k->next_line);
			} else if (op->kind == OP_BLOCK && k->standalone) {
				op->site = SITE_LINES;
				op->ind = dedent(leading_blanks(c, k->next_line), cur);
			} else if (op->kind == OP_BLOCK) {
				size_t b = k->start;
				while (b > 0 && (c->src[b - 1] == ' ' || c->src[b - 1] == '\t'))
					b--;
				if (b == 0 || c->src[b - 1] == '\n') {
					op->site = SITE_AFTER_FIRST;
					op->ind = dedent((struct slice){ c->src + b, k->start - b }, cur);
				}
			}
			nst++;
			break;
		case T_CLOSE: {
			const struct tok *ot;
			if (!nst) {
				diag_error(c->d, pos_at(c, k->line, k->col), "closing tag '%.*s' without an open section",
					   (int)k->name.n, k->name.s);
				goto out;
			}
			ot = st[nst - 1].tok;
			if (ot->name.n != k->name.n || memcmp(ot->name.s, k->name.s, k->name.n)) {
				diag_error(c->d, pos_at(c, k->line, k->col),
					   "closing tag '%.*s' does not match %s '%.*s' opened at %u:%u",
					   (int)k->name.n, k->name.s, tag_word(ot->kind), (int)ot->name.n,
					   ot->name.s, ot->line, ot->col);
				goto out;
			}
			op = &c->t->ops[st[--nst].op];
			op->end = c->t->nops;
			if (op->site == SITE_AFTER_FIRST) {
				size_t e = k->end;
				while (e < c->len && (c->src[e] == ' ' || c->src[e] == '\t'))
					e++;
				if (e < c->len && c->src[e] == '\r')
					e++;
				op->eol_after = e < c->len && c->src[e] == '\n';
			}
			break;
		}
		case T_COMMENT:
		case T_DELIM:
			break;
		}
	}
	if (nst) {
		const struct tok *ot = st[nst - 1].tok;
		diag_error(c->d, pos_at(c, ot->line, ot->col), "unclosed %s '%.*s'", tag_word(ot->kind),
			   (int)ot->name.n, ot->name.s);
		goto out;
	}
	rc = 0;
out:
	free(st);
	return rc;
}

struct tpl *tpl_compile(struct diags *d, const char *name, const char *src, size_t len, const char *file)
{
	struct tpl *t = xcalloc(1, sizeof *t);
	struct compiler c = { .d = d, .t = t, .len = len, .line = 1, .col = 1 };

	t->name = xstrdup(name);
	t->file = xstrdup(file ? file : name);
	t->src = xmalloc(len + 1);
	memcpy(t->src, src, len);
	t->src[len] = '\0';
	c.src = t->src;
	if (tokenize(&c))
		goto fail;
	mark_standalone(&c);
	if (build(&c))
		goto fail;
	free(c.toks);
	return t;
fail:
	free(c.toks);
	tpl_free(t);
	return NULL;
}
