#include "load/frontmatter.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/buf.h"
#include "base/text.h"
#include "base/xalloc.h"

#define FM_MAX_ENTRIES 1000
#define FM_MAX_ITEMS 10000

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

/* ---- parsing ---------------------------------------------------------- */

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

struct mark_map {
	const char *file;
	unsigned first_line, first_col; /* first_col: 1, or a block's indentation + 1 */
};

static struct pos map_mark(const void *ctx, yaml_mark_t m)
{
	const struct mark_map *mm = ctx;
	return (struct pos){ mm->file, mm->first_line + (unsigned)m.line, mm->first_col + (unsigned)m.column };
}

static struct pos mark_pos(const char *file, unsigned first_line, yaml_mark_t m)
{
	return (struct pos){ file, first_line + (unsigned)m.line, (unsigned)m.column + 1 };
}

int fm_parse(struct diags *d, const char *file, const char *yaml, size_t len, unsigned first_line,
	     struct fm *out)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int rc = -1;
	int state = 0; /* 0: before mapping, 1: key expected, 2: value expected, 3: done */
	size_t cap = 0, subcap = 0;
	struct fm_entry *cur = NULL;
	struct fm_entry *top = NULL; /* the FM_MAP entry whose mapping is being read */
	struct fm_entry **arr = &out->e; /* where keys go: the document's entries or top's */
	size_t *narr = &out->n, *arrcap = &cap;
	size_t icap = 0;
	bool in_list = false;

	memset(out, 0, sizeof *out);
	if (!yaml_parser_initialize(&parser)) {
		fprintf(stderr, "folio: fatal: cannot initialise the YAML parser\n");
		exit(3);
	}
	char *hidden = hide_separators(yaml, len);
	yaml_parser_set_input_string(&parser, (const unsigned char *)hidden, len);
	for (;;) {
		if (!yaml_parser_parse(&parser, &ev)) {
			size_t fl = strlen(file);
			bool md = fl > 3 && strcmp(file + fl - 3, ".md") == 0;
			struct mark_map mm = { file, first_line, 1 };
			report_yaml_error(d, &parser, hidden, len, md ? "front matter" : "YAML", map_mark, &mm);
			goto out;
		}
		yaml_event_type_t t = ev.type;
		struct pos p = mark_pos(file, first_line, ev.start_mark);
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
			if (state == 2 && !top && !in_list) { /* one level: key: {a: 1} */
				cur->kind = FM_MAP;
				cur->val_pos = p;
				cur->value = xstrdup("");
				top = cur;
				arr = &top->sub, narr = &top->nsub, arrcap = &subcap;
				subcap = 0;
				state = 1;
				break;
			}
			if (state != 0) {
				diag_error(d, p, "mappings nested this deep are not supported here; use a plain value");
				goto fail;
			}
			state = 1;
			break;
		case YAML_MAPPING_END_EVENT:
			if (top) {
				cur = top;
				top = NULL;
				arr = &out->e, narr = &out->n, arrcap = &cap;
				state = 1;
			} else {
				state = 3;
			}
			break;
		case YAML_ALIAS_EVENT:
			diag_error(d, p, "YAML aliases (*name) are not supported here");
			goto fail;
		case YAML_SEQUENCE_START_EVENT:
			if (state != 2 || in_list) {
				diag_error(d, p, "expected %s here, found a list",
					   state == 1 ? "a key" : "a mapping of keys to values");
				goto fail;
			}
			in_list = true;
			cur->kind = FM_LIST;
			cur->val_pos = p; /* type errors point at the list */
			break;
		case YAML_SEQUENCE_END_EVENT: {
			struct buf b = BUF_INIT;
			for (size_t i = 0; i < cur->nitems; i++) {
				if (i)
					buf_puts(&b, ", ");
				buf_puts(&b, cur->items[i]);
			}
			cur->value = buf_detach(&b, NULL);
			in_list = false;
			state = 1;
			break;
		}
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
				if (*narr >= FM_MAX_ENTRIES) {
					diag_error(d, p, "too many keys (more than %d)", FM_MAX_ENTRIES);
					goto fail;
				}
				for (size_t i = 0; i < *narr; i++)
					if (strcmp((*arr)[i].key, v) == 0) {
						diag_error(d, p, "duplicate key '%s'", v);
						goto fail;
					}
				*arr = xgrow(*arr, arrcap, *narr + 1, sizeof **arr);
				cur = &(*arr)[(*narr)++];
				memset(cur, 0, sizeof *cur);
				cur->key = value_dup(v, vlen);
				cur->key_pos = p;
				icap = 0;
				state = 2;
			} else if (in_list) {
				if (cur->nitems >= FM_MAX_ITEMS) {
					diag_error(d, p, "list too long");
					goto fail;
				}
				cur->items = xgrow(cur->items, &icap, cur->nitems + 1, sizeof *cur->items);
				cur->items[cur->nitems++] = value_dup(v, vlen);
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
	yaml_parser_delete(&parser);
	free(hidden);
	if (rc)
		fm_release(out);
	return rc;
}

void fm_release(struct fm *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->e[i].key);
		free(f->e[i].value);
		for (size_t j = 0; j < f->e[i].nitems; j++)
			free(f->e[i].items[j]);
		free(f->e[i].items);
		struct fm sub = { f->e[i].sub, f->e[i].nsub }; /* one level deep */
		fm_release(&sub);
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
	if (e->kind == FM_MAP)
		return diag_error(d, e->val_pos, "'%s' must be true or false, not a mapping", e->key);
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
	if (e->kind == FM_MAP)
		return diag_error(d, e->val_pos, "'%s' must be a whole number, not a mapping", e->key);
	return diag_error(d, e->val_pos.line ? e->val_pos : e->key_pos,
			  "'%s' must be a whole number, not '%s'", e->key, e->value ? e->value : "");
}

int fm_get_string(struct diags *d, const struct fm_entry *e, char **out)
{
	if (e->kind != FM_SCALAR)
		return diag_error(d, e->val_pos.line ? e->val_pos : e->key_pos,
				  "'%s' must be text%s", e->key,
				  e->kind == FM_LIST ? ", not a list" : e->kind == FM_MAP ? ", not a mapping" : ", not empty");
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

void fm_check_typos(struct diags *d, const struct fm *f, const char *const *known, const char *what)
{
	for (size_t i = 0; i < f->n; i++) {
		const char *k = f->e[i].key;
		const char *best = fm_key_known(k, known) ? NULL : fm_closest_key(k, known);
		if (best)
			diag_warning(d, f->e[i].key_pos, "unknown key '%s' in %s; did you mean '%s'?", k, what, best);
	}
}

/* ---- YAML trees ------------------------------------------------------------ */

#define Y_MAX_DEPTH 64
#define Y_MAX_NODES 100000

void ynode_free(struct ynode *n)
{
	if (!n)
		return;
	/* iterative over siblings, recursive only to Y_MAX_DEPTH */
	for (size_t i = 0; i < n->n; i++) {
		ynode_free(n->items[i]);
		if (n->keys)
			free(n->keys[i]);
	}
	free(n->items);
	free(n->keys);
	free(n->key_pos);
	free(n->value);
	free(n);
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (!strcmp(map->keys[i], key))
			return map->items[i];
	return NULL;
}

struct yframe {
	struct ynode *node;
	size_t cap;
	char *pending_key;   /* Y_MAP: key read, value not yet */
	struct pos pending_pos;
};

static void yadd(struct yframe *f, struct ynode *child)
{
	struct ynode *p = f->node;
	size_t cap = f->cap;
	p->items = xgrow(p->items, &cap, p->n + 1, sizeof *p->items);
	if (p->kind == Y_MAP) {
		size_t kc = f->cap;
		p->keys = xgrow(p->keys, &kc, p->n + 1, sizeof *p->keys);
		kc = f->cap;
		p->key_pos = xgrow(p->key_pos, &kc, p->n + 1, sizeof *p->key_pos);
		p->keys[p->n] = f->pending_key;
		p->key_pos[p->n] = f->pending_pos;
		f->pending_key = NULL;
	}
	f->cap = cap;
	p->items[p->n++] = child;
}

struct ynode *yaml_parse_tree(struct diags *d, const char *file, const char *yaml, size_t len,
			      unsigned first_line, unsigned first_col)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct yframe stack[Y_MAX_DEPTH + 1];
	int depth = 0;
	size_t count = 0;
	struct ynode *root = NULL;
	bool ok = false;

	if (!yaml_parser_initialize(&parser)) {
		fprintf(stderr, "folio: fatal: cannot initialise the YAML parser\n");
		exit(3);
	}
	char *hidden = hide_separators(yaml, len);
	yaml_parser_set_input_string(&parser, (const unsigned char *)hidden, len);
	/* every line of a block lost the same indentation: first_col - 1 */
#define YPOS(m) ((struct pos){ file, first_line + (unsigned)(m).line, first_col + (unsigned)(m).column })
	for (;;) {
		if (!yaml_parser_parse(&parser, &ev)) {
			struct mark_map mm = { file, first_line, first_col };
			report_yaml_error(d, &parser, hidden, len, "YAML", map_mark, &mm);
			goto out;
		}
		struct pos p = YPOS(ev.start_mark);
		yaml_event_type_t t = ev.type;
		struct ynode *node = NULL;
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
		if (t == YAML_SCALAR_EVENT && depth > 0 && stack[depth - 1].node->kind == Y_MAP &&
		    !stack[depth - 1].pending_key) {
			stack[depth - 1].pending_key = value_dup((const char *)ev.data.scalar.value, ev.data.scalar.length);
			stack[depth - 1].pending_pos = p;
			yaml_event_delete(&ev);
			continue;
		}
		if (depth > 0 && stack[depth - 1].node->kind == Y_MAP && !stack[depth - 1].pending_key &&
		    (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT)) {
			diag_error(d, p, "a key must be plain text, not a list or mapping");
			yaml_event_delete(&ev);
			goto out;
		}
		switch (t) {
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++count > Y_MAX_NODES) {
				diag_error(d, p, "YAML block too large (more than %d values)", Y_MAX_NODES);
				yaml_event_delete(&ev);
				goto out;
			}
			node = xcalloc(1, sizeof *node);
			node->pos = p;
			if (t == YAML_SCALAR_EVENT) {
				node->kind = Y_SCALAR;
				node->value = value_dup((const char *)ev.data.scalar.value, ev.data.scalar.length);
				node->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			} else {
				node->kind = t == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP;
			}
			if (depth > 0)
				yadd(&stack[depth - 1], node);
			else if (!root)
				root = node;
			if (t != YAML_SCALAR_EVENT) {
				if (depth >= Y_MAX_DEPTH) {
					diag_error(d, p, "YAML nested too deep");
					yaml_event_delete(&ev);
					goto out; /* node is owned by its parent or is root */
				}
				stack[depth].node = node;
				stack[depth].cap = 0;
				stack[depth].pending_key = NULL;
				depth++;
			}
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			free(stack[depth].pending_key);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	ok = true;
out:
	while (depth > 0)
		free(stack[--depth].pending_key);
	yaml_parser_delete(&parser);
	free(hidden);
	if (!ok) {
		ynode_free(root);
		return NULL;
	}
	if (!root) { /* empty document */
		root = xcalloc(1, sizeof *root);
		root->kind = Y_SCALAR;
		root->value = xstrdup("");
		root->plain = true;
		root->pos = (struct pos){ file, first_line, first_col };
	}
	return root;
#undef YPOS
}
