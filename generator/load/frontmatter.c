#include "load/frontmatter.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/buf.h"
#include "base/text.h"
#include "base/xalloc.h"
#include "model/ynode.h"

#define FM_MAX_ENTRIES 1000

/* ---- splitting -------------------------------------------------------- */

/* Is the line at p (up to end or '\n') exactly `mark` plus optional
 * trailing blanks?  Returns the length to the start of the next line. */
static size_t is_fence(const char *p, const char *end, const char *mark)
{
	size_t m = strlen(mark);
	if ((size_t)(end - p) < m || memcmp(p, mark, m) != 0)
		return 0;
	const char *q = p + m;
	while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
		q++;
	if (q < end && *q != '\n')
		return 0;
	return (size_t)(q - p) + (q < end);
}

int fm_split(struct diags *d, const char *file, const char *text, size_t len, size_t *yaml_off,
	     size_t *yaml_len, size_t *body_off, unsigned *body_line)
{
	const char *end = text + len, *p = text;
	size_t n;
	unsigned line = 2;

	*yaml_off = *yaml_len = *body_off = 0;
	*body_line = 1;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		p += 3; /* byte order mark */
	*body_off = (size_t)(p - text);
	if ((n = is_fence(p, end, "+++"))) { /* Hugo's and Zola's TOML, when a closing +++ follows */
		for (const char *q = p + n; q < end;) {
			if (is_fence(q, end, "+++")) {
				*body_off = len;
				*body_line = 1;
				return diag_error(d, (struct pos){ file, 1, 1 },
						  "TOML front matter (+++) is not supported; write it as YAML between --- lines");
			}
			const char *nl = memchr(q, '\n', (size_t)(end - q));
			if (!nl)
				break;
			q = nl + 1;
		}
		return 0;
	}
	if (!(n = is_fence(p, end, "---")))
		return 0;
	p += n;
	*yaml_off = (size_t)(p - text);
	while (p < end) {
		size_t c;
		if ((c = is_fence(p, end, "---")) || (c = is_fence(p, end, "..."))) {
			*yaml_len = (size_t)(p - text) - *yaml_off;
			*body_off = (size_t)(p - text) + c;
			*body_line = line + 1;
			if (*yaml_len == 0)
				*yaml_len = 0;
			return 0;
		}
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		p = nl + 1;
		line++;
	}
	return diag_error(d, (struct pos){ file, 1, 1 },
			  "front matter is not closed: add a line '---' after it");
}

/* ---- U+2028 and U+2029 ------------------------------------------------------
 * libyaml follows YAML 1.1, where LINE SEPARATOR and PARAGRAPH SEPARATOR
 * are line breaks: a literal one inside a value would end the line (and
 * shift every later position).  folio treats them as ordinary characters:
 * they are swapped for the private-use U+E028/U+E029 (same UTF-8 length,
 * so positions hold) before parsing and swapped back in every value. */

static char *hide_separators(const char *yaml, size_t len)
{
	char *t = xmalloc(len + 1);
	memcpy(t, yaml, len);
	t[len] = '\0';
	for (size_t i = 0; i + 2 < len; i++)
		if ((unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
		    ((unsigned char)t[i + 2] == 0xA8 || (unsigned char)t[i + 2] == 0xA9))
			t[i] = (char)0xEE;
	return t;
}

static char *value_dup(const char *v, size_t n)
{
	char *t = xstrndup(v, n);
	for (size_t i = 0; i + 2 < n; i++)
		if ((unsigned char)t[i] == 0xEE && (unsigned char)t[i + 1] == 0x80 &&
		    ((unsigned char)t[i + 2] == 0xA8 || (unsigned char)t[i + 2] == 0xA9))
			t[i] = (char)0xE2;
	return t;
}

/* ---- reading events ------------------------------------------------------ */

#define Y_MAX_DEPTH 64
#define Y_MAX_NODES 100000

/* One YAML text being read: the parser, where its positions are, and the
 * bounds every document shares. */
struct yread {
	yaml_parser_t parser;
	struct diags *d;
	const char *file;
	unsigned first_line, first_col; /* where the text's first byte is in `file` */
	const char *what;               /* "front matter" or "YAML", in syntax errors */
	size_t count;                   /* nodes made so far */
	char *hidden;
	size_t len;                     /* of hidden */
};

/* Where a YAML error is.  libyaml notices an unclosed quote ("unexpected
 * end of stream") or bracket ("did not find expected ',' or ']'") where it
 * gives up, often lines later; the construct left open (its context mark)
 * is where the writer must look, so the error goes there (as clang puts an
 * unclosed brace's) and a note to where libyaml noticed it.  `open` is the
 * unclosed bracket or quote, or 0. */
struct yerr {
	yaml_mark_t at, noticed;
	bool note;
	char open;
};

static struct yerr error_where(const yaml_parser_t *parser, const char *yaml, size_t len)
{
	struct yerr e = { parser->problem_mark, parser->problem_mark, false, 0 };
	const char *ctx = parser->context ? parser->context : "", *prob = parser->problem ? parser->problem : "";
	bool seq = strstr(ctx, "flow sequence") != NULL, map = strstr(ctx, "flow mapping") != NULL;
	if (*ctx && strstr(prob, "end of stream")) {
		e.at = parser->context_mark;
		e.note = parser->problem_mark.line != e.at.line;
		size_t i = parser->context_mark.index;
		if (strstr(ctx, "quoted scalar") && i < len && (yaml[i] == '"' || yaml[i] == '\''))
			e.open = yaml[i];
	} else if ((seq || map) && parser->problem_mark.line > parser->context_mark.line) {
		e.at = parser->context_mark;
		e.note = true;
		e.open = seq ? '[' : '{';
	}
	return e;
}

/* Report libyaml's error through positions made by `at` (what is "front
 * matter" or "YAML"). */
static void report_yaml_error(struct diags *d, const yaml_parser_t *parser, const char *yaml, size_t len,
			      const char *what, struct pos (*at)(const void *ctx, yaml_mark_t m), const void *ctx)
{
	struct yerr e = error_where(parser, yaml, len);
	const char *prob = parser->problem ? parser->problem : "syntax error", *c = parser->context;
	if (parser->error == YAML_READER_ERROR) {
		/* the reader gives a byte offset, not a mark: find its line and column
		 * (columns in characters, as libyaml counts them) */
		yaml_mark_t m = { 0, 0, 0 };
		for (size_t i = 0; i < parser->problem_offset && i < len; i++) {
			if (yaml[i] == '\n')
				m.line++, m.column = 0;
			else if (((unsigned char)yaml[i] & 0xC0) != 0x80)
				m.column++;
		}
		if (parser->problem_value >= 0 && strstr(prob, "control characters"))
			diag_error(d, at(ctx, m), "invalid %s: the character U+%04X is not allowed in YAML", what,
				   (unsigned)parser->problem_value);
		else
			diag_error(d, at(ctx, m), "invalid %s: %s", what, prob);
		return;
	}
	if (e.open == '"' || e.open == '\'')
		diag_error(d, at(ctx, e.at), "invalid %s: this %s quote is not closed (%s%s%s)", what,
			   e.open == '"' ? "double" : "single", prob, c ? " " : "", c ? c : "");
	else if (e.open)
		diag_error(d, at(ctx, e.at), "invalid %s: this '%c' is not closed (%s%s%s)", what, e.open, prob,
			   c ? " " : "", c ? c : "");
	else
		diag_error(d, at(ctx, e.at), "invalid %s: %s%s%s", what, prob, c ? " " : "", c ? c : "");
	if (e.note)
		diag_note(d, at(ctx, e.noticed), "the YAML parser noticed it here");
}

static struct pos ypos(const struct yread *y, yaml_mark_t m)
{
	/* every line of a block lost the same indentation: first_col - 1 */
	return (struct pos){ y->file, y->first_line + (unsigned)m.line, y->first_col + (unsigned)m.column };
}

static struct pos yread_mark(const void *ctx, yaml_mark_t m)
{
	return ypos(ctx, m);
}

static void yread_open(struct yread *y, struct diags *d, const char *file, const char *yaml, size_t len,
		       unsigned first_line, unsigned first_col, const char *what)
{
	memset(y, 0, sizeof *y);
	y->d = d;
	y->file = file;
	y->first_line = first_line;
	y->first_col = first_col;
	y->what = what;
	if (!yaml_parser_initialize(&y->parser)) {
		fprintf(stderr, "folio: fatal: cannot initialise the YAML parser\n");
		exit(3);
	}
	y->hidden = hide_separators(yaml, len);
	y->len = len;
	yaml_parser_set_input_string(&y->parser, (const unsigned char *)y->hidden, len);
}

static void yread_close(struct yread *y)
{
	yaml_parser_delete(&y->parser);
	free(y->hidden);
}

/* The next event; false after reporting a syntax error. */
static bool yread_next(struct yread *y, yaml_event_t *ev)
{
	if (yaml_parser_parse(&y->parser, ev))
		return true;
	report_yaml_error(y->d, &y->parser, y->hidden, y->len, y->what, yread_mark, y);
	return false;
}

struct keyref {
	const char *key;
	size_t i;
};

static int cmp_keyref(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->i < y->i ? -1 : x->i > y->i);
}

/* A key given twice in one mapping: an error at the second (YAML forbids
 * it; silently taking one would hide a mistake).  Sorted, so a mapping of
 * 50,000 keys costs n log n, not n squared. */
static int check_duplicates(struct yread *y, const struct ynode *map)
{
	if (map->n < 2)
		return 0;
	struct keyref *v = xmalloc(map->n * sizeof *v);
	for (size_t i = 0; i < map->n; i++)
		v[i] = (struct keyref){ map->keys[i], i };
	qsort(v, map->n, sizeof *v, cmp_keyref);
	size_t dup = map->n;
	for (size_t i = 1; i < map->n; i++)
		if (!strcmp(v[i].key, v[i - 1].key) && v[i].i < dup)
			dup = v[i].i;
	free(v);
	if (dup == map->n)
		return 0;
	return diag_error(y->d, map->key_pos[dup], "duplicate key '%s'", map->keys[dup]);
}

/* The node that starts with `ev` (a scalar, or the start of a list or a
 * mapping; the caller has read it and this function deletes it), read to
 * its end.  Iterative, to Y_MAX_DEPTH levels; at most Y_MAX_NODES nodes
 * per text.  NULL after reporting. */
static struct ynode *read_node(struct yread *y, yaml_event_t *ev)
{
	struct frame {
		struct ynode *node;
		char *key;          /* Y_MAP: the key read, its value not yet */
		struct pos key_pos;
	} stack[Y_MAX_DEPTH + 1];
	int depth = 0;
	struct ynode *root = NULL;
	bool have = true; /* ev holds an event not yet handled */
	for (;;) {
		if (!have && !yread_next(y, ev))
			goto fail_noev;
		have = false;
		struct pos p = ypos(y, ev->start_mark);
		yaml_event_type_t t = ev->type;
		struct frame *top = depth ? &stack[depth - 1] : NULL;
		if (t == YAML_ALIAS_EVENT) {
			diag_error(y->d, p, "YAML aliases (*name) are not supported here");
			goto fail;
		}
		if (top && top->node->kind == Y_MAP && !top->key && t != YAML_MAPPING_END_EVENT) {
			if (t != YAML_SCALAR_EVENT) {
				diag_error(y->d, p, "a key must be plain text, not a list or mapping");
				goto fail;
			}
			top->key = value_dup((const char *)ev->data.scalar.value, ev->data.scalar.length);
			top->key_pos = p;
			yaml_event_delete(ev);
			continue;
		}
		struct ynode *node = NULL;
		switch (t) {
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++y->count > Y_MAX_NODES) {
				diag_error(y->d, p, "YAML block too large (more than %d values)", Y_MAX_NODES);
				goto fail;
			}
			if (t == YAML_SCALAR_EVENT) {
				node = ynode_new(Y_SCALAR, NULL, p);
				free(node->value);
				node->value = value_dup((const char *)ev->data.scalar.value, ev->data.scalar.length);
				node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			} else {
				node = ynode_new(t == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP, NULL, p);
			}
			if (top) {
				ynode_add(top->node, top->key, top->key_pos, node);
				free(top->key);
				top->key = NULL;
			} else {
				root = node;
			}
			if (t != YAML_SCALAR_EVENT) {
				if (depth >= Y_MAX_DEPTH) {
					diag_error(y->d, p, "YAML nested too deep");
					goto fail; /* node is owned by its parent or is root */
				}
				stack[depth++] = (struct frame){ node, NULL, { 0 } };
			}
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			free(stack[depth].key);
			if (stack[depth].node->kind == Y_MAP && check_duplicates(y, stack[depth].node))
				goto fail;
			break;
		default:
			break;
		}
		yaml_event_delete(ev);
		if (depth == 0)
			return root;
	}
fail:
	yaml_event_delete(ev);
fail_noev:
	while (depth > 0)
		free(stack[--depth].key);
	ynode_free(root);
	return NULL;
}

/* ---- front matter and book.yaml: a mapping ------------------------------ */

/* The entry's value from its tree: a list of scalars is also FM_LIST
 * (items, and value joined by ", "); anything else nested is FM_TREE. */
static int set_tree(struct fm_entry *e, struct ynode *t)
{
	e->tree = t;
	e->val_pos = t->pos; /* type errors point at the value */
	bool flat = t->kind == Y_SEQ;
	for (size_t i = 0; flat && i < t->n; i++)
		flat = t->items[i]->kind == Y_SCALAR;
	if (!flat) {
		e->kind = FM_TREE;
		e->value = xstrdup("");
		return 0;
	}
	e->kind = FM_LIST;
	e->items = xmalloc((t->n + 1) * sizeof *e->items);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < t->n; i++) {
		e->items[i] = xstrdup(t->items[i]->value);
		if (i)
			buf_puts(&b, ", ");
		buf_puts(&b, e->items[i]);
	}
	e->nitems = t->n;
	e->value = buf_detach(&b, NULL);
	return 0;
}

int fm_parse(struct diags *d, const char *file, const char *yaml, size_t len, unsigned first_line,
	     struct fm *out)
{
	struct yread y;
	yaml_event_t ev;
	int rc = -1;
	int state = 0; /* 0: before mapping, 1: key expected, 2: value expected, 3: done */
	size_t cap = 0;
	struct fm_entry *cur = NULL;

	memset(out, 0, sizeof *out);
	size_t fl = strlen(file);
	bool md = fl > 3 && strcmp(file + fl - 3, ".md") == 0;
	yread_open(&y, d, file, yaml, len, first_line, 1, md ? "front matter" : "YAML");
	for (;;) {
		if (!yread_next(&y, &ev))
			goto out;
		yaml_event_type_t t = ev.type;
		struct pos p = ypos(&y, ev.start_mark);
		if (t == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		switch (t) {
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (state == 3) {
				diag_error(d, p, "expected one YAML document, found a second");
				goto fail;
			}
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (state == 2) { /* a nested value: read it whole */
				struct ynode *tree = read_node(&y, &ev);
				if (!tree)
					goto out;
				set_tree(cur, tree);
				state = 1;
				continue;
			}
			if (t == YAML_SEQUENCE_START_EVENT || state != 0) {
				diag_error(d, p, "expected %s here, found a %s", state == 1 ? "a key" : "a mapping of keys to values",
					   t == YAML_SEQUENCE_START_EVENT ? "list" : "mapping");
				goto fail;
			}
			state = 1;
			break;
		case YAML_MAPPING_END_EVENT:
			state = 3;
			break;
		case YAML_ALIAS_EVENT:
			diag_error(d, p, "YAML aliases (*name) are not supported here");
			goto fail;
		case YAML_SCALAR_EVENT: {
			const char *v = (const char *)ev.data.scalar.value;
			size_t vlen = ev.data.scalar.length;
			if (state == 0) {
				if (vlen == 0 && ev.data.scalar.plain_implicit)
					break; /* empty document */
				diag_error(d, p, "expected a mapping of keys to values, found %s", "a scalar");
				goto fail;
			}
			if (state == 1) {
				if (out->n >= FM_MAX_ENTRIES) {
					diag_error(d, p, "too many keys (more than %d)", FM_MAX_ENTRIES);
					goto fail;
				}
				for (size_t i = 0; i < out->n; i++)
					if (strcmp(out->e[i].key, v) == 0) {
						diag_error(d, p, "duplicate key '%s'", v);
						goto fail;
					}
				out->e = xgrow(out->e, &cap, out->n + 1, sizeof *out->e);
				cur = &out->e[out->n++];
				memset(cur, 0, sizeof *cur);
				cur->key = value_dup(v, vlen);
				cur->key_pos = p;
				state = 2;
			} else {
				bool plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
				cur->val_pos = p;
				cur->plain = plain;
				if (plain && (vlen == 0 || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
					      strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0)) {
					cur->kind = FM_NULL;
					cur->value = xstrdup("");
				} else {
					cur->kind = FM_SCALAR;
					cur->value = value_dup(v, vlen);
				}
				state = 1;
			}
			break;
		}
		default:
			break;
		}
		yaml_event_delete(&ev);
		continue;
fail:
		yaml_event_delete(&ev);
		goto out;
	}
	rc = 0;
out:
	yread_close(&y);
	if (rc)
		fm_release(out);
	return rc;
}

struct ynode *fm_entry_take(struct fm_entry *e)
{
	struct ynode *t = e->tree;
	if (t) {
		e->tree = NULL;
		return t;
	}
	t = ynode_new(Y_SCALAR, e->value, e->val_pos.line ? e->val_pos : e->key_pos);
	t->plain = e->kind == FM_NULL || e->plain;
	return t;
}

void fm_release(struct fm *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->e[i].key);
		free(f->e[i].value);
		for (size_t j = 0; j < f->e[i].nitems; j++)
			free(f->e[i].items[j]);
		free(f->e[i].items);
		ynode_free(f->e[i].tree);
	}
	free(f->e);
	f->e = NULL;
	f->n = 0;
}

/* ---- typed access ----------------------------------------------------- */

int fm_get_bool(struct diags *d, const struct fm_entry *e, bool *out)
{
	static const char *yes[] = { "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", NULL };
	static const char *no[] = { "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", NULL };
	if (e->kind == FM_SCALAR && e->plain) {
		for (int i = 0; yes[i]; i++)
			if (strcmp(e->value, yes[i]) == 0)
				return *out = true, 0;
		for (int i = 0; no[i]; i++)
			if (strcmp(e->value, no[i]) == 0)
				return *out = false, 0;
	}
	if (e->kind == FM_TREE)
		return diag_error(d, e->val_pos, "'%s' must be true or false, not a %s", e->key,
				  e->tree->kind == Y_MAP ? "mapping" : "list");
	return diag_error(d, e->val_pos.line ? e->val_pos : e->key_pos,
			  "'%s' must be true or false, not '%s'", e->key, e->value ? e->value : "");
}

int fm_get_long(struct diags *d, const struct fm_entry *e, long *out)
{
	if (e->kind == FM_SCALAR && e->plain && e->value[0]) {
		char *end;
		errno = 0;
		long v = strtol(e->value, &end, 10);
		if (!*end && !errno) {
			*out = v;
			return 0;
		}
	}
	if (e->kind == FM_TREE)
		return diag_error(d, e->val_pos, "'%s' must be a whole number, not a %s", e->key,
				  e->tree->kind == Y_MAP ? "mapping" : "list");
	return diag_error(d, e->val_pos.line ? e->val_pos : e->key_pos,
			  "'%s' must be a whole number, not '%s'", e->key, e->value ? e->value : "");
}

int fm_get_string(struct diags *d, const struct fm_entry *e, char **out)
{
	if (e->kind != FM_SCALAR)
		return diag_error(d, e->val_pos.line ? e->val_pos : e->key_pos,
				  "'%s' must be text%s", e->key,
				  e->kind == FM_LIST ? ", not a list" : e->kind == FM_TREE ? ", not a list or mapping" : ", not empty");
	*out = xstrdup(e->value);
	return 0;
}

/* ---- unknown keys ----------------------------------------------------- */

const char *fm_closest_key(const char *k, const char *const *known)
{
	size_t n = 0;
	while (known[n])
		n++;
	return text_closest(k, known, n, strlen(k) <= 5 ? 1 : 2);
}

bool fm_key_known(const char *k, const char *const *known)
{
	for (size_t j = 0; known[j]; j++)
		if (strcmp(k, known[j]) == 0)
			return true;
	return false;
}

void fm_check_keys(struct diags *d, const struct fm *f, const char *const *known, const char *what)
{
	for (size_t i = 0; i < f->n; i++) {
		const char *k = f->e[i].key;
		if (fm_key_known(k, known))
			continue;
		const char *best = fm_closest_key(k, known);
		if (best)
			diag_warning(d, f->e[i].key_pos, "unknown key '%s' in %s; did you mean '%s'?", k, what, best);
		else
			diag_warning(d, f->e[i].key_pos, "unknown key '%s' in %s (ignored)", k, what);
	}
}

/* Is `k` one slip of the fingers away from `want`: a letter doubled or
 * left out, two letters swapped, or (in a long word) one mistyped?  A
 * short word one letter off is more often a word of its own ("data",
 * "height" are not "date", "weight"). */
static bool one_slip(const char *k, const char *want)
{
	size_t a = strlen(k), b = strlen(want), i = 0;
	while (i < a && i < b && k[i] == want[i])
		i++;
	if (a == b + 1) /* one letter more */
		return !strcmp(k + i + 1, want + i);
	if (b == a + 1) /* one letter less */
		return !strcmp(k + i, want + i + 1);
	if (a != b || i == a)
		return false;
	if (i + 1 < a && k[i] == want[i + 1] && k[i + 1] == want[i] && !strcmp(k + i + 2, want + i + 2))
		return true; /* two letters swapped */
	return a >= 7 && !strcmp(k + i + 1, want + i + 1);
}

void fm_check_typos(struct diags *d, const struct fm *f, const char *const *known, const char *what)
{
	/* ordinary metadata one slip from a key folio reads: never a typo */
	static const char *const words[] = { "time", "tag", "review", "reviewer", "reviewers", "border", "orders",
					     "dated", "titles", NULL };
	for (size_t i = 0; i < f->n; i++) {
		const char *k = f->e[i].key;
		const char *best = fm_key_known(k, known) || fm_key_known(k, words) ? NULL : fm_closest_key(k, known);
		if (best && !one_slip(k, best))
			best = NULL;
		if (best)
			diag_warning(d, f->e[i].key_pos, "unknown key '%s' in %s; did you mean '%s'?", k, what, best);
	}
}

/* ---- YAML trees ------------------------------------------------------------ */

struct ynode *yaml_parse_tree(struct diags *d, const char *file, const char *yaml, size_t len,
			      unsigned first_line, unsigned first_col)
{
	struct yread y;
	yaml_event_t ev;
	struct ynode *root = NULL;
	bool ok = false;

	yread_open(&y, d, file, yaml, len, first_line, first_col, "YAML");
	for (;;) {
		if (!yread_next(&y, &ev))
			goto out;
		struct pos p = ypos(&y, ev.start_mark);
		yaml_event_type_t t = ev.type;
		if (t == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (t == YAML_ALIAS_EVENT) {
			diag_error(d, p, "YAML aliases (*name) are not supported here");
			yaml_event_delete(&ev);
			goto out;
		}
		if (t == YAML_DOCUMENT_START_EVENT && root) {
			diag_error(d, p, "expected one YAML document, found a second");
			yaml_event_delete(&ev);
			goto out;
		}
		if (t == YAML_SCALAR_EVENT || t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT) {
			root = read_node(&y, &ev);
			if (!root)
				goto out;
			continue;
		}
		yaml_event_delete(&ev);
	}
	ok = true;
out:
	yread_close(&y);
	if (!ok) {
		ynode_free(root);
		return NULL;
	}
	if (!root) { /* empty document */
		root = ynode_new(Y_SCALAR, "", (struct pos){ file, first_line, first_col });
		root->plain = true;
	}
	return root;
}
