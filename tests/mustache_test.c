/* mustache_test.c - the Mustache engine (generator/site/template.c and
 * template_render.c) against the Mustache spec vectors
 * in tests/mustache-spec/ (every .yml file except ~lambdas.yml: no lambdas), plus
 * folio's own checks (error positions, recursion limits, strict sets, threads).
 *
 * Build and run from the repository root (tests/t_mustache.sh does this):
 *   make folio
 *   cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -g -Igenerator \
 *      -o tests/bin/mustache_test tests/mustache_test.c generator/libfolio.a $(make -s print-libs)
 *   tests/bin/mustache_test [spec-dir]
 *
 * Prints one "FAIL file: test: expected ... got ..." line per failure, one
 * "file NAME: N passed, N failed" line per spec file (and "folio" for the
 * own checks), then "N passed, N failed"; exits 1 on any failure. */
#include <dirent.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/buf.h"
#include "base/diag.h"
#include "site/template.h"
#include "base/xalloc.h"

/* The tests' diagnostics sink (made in main). */
static struct diags *D;

static int passed, failed;

/* ---- output -------------------------------------------------------- */

static void quote(struct buf *b, const char *s, size_t n)
{
	buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			buf_puts(b, "\\n");
		else if (c == '\r')
			buf_puts(b, "\\r");
		else if (c == '\t')
			buf_puts(b, "\\t");
		else if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02x", c);
		else
			buf_putc(b, c);
	}
	buf_putc(b, '"');
}

static void report(const char *file, const char *test, bool ok, const char *want, size_t wantn,
		   const char *got, size_t gotn, const char *extra)
{
	struct buf b = BUF_INIT;
	if (ok) {
		passed++;
		return;
	}
	failed++;
	buf_printf(&b, "FAIL %s: %s: expected ", file, test);
	quote(&b, want, wantn);
	buf_puts(&b, " got ");
	quote(&b, got, gotn);
	if (extra && *extra)
		buf_printf(&b, " (%s)", extra);
	puts(b.data);
	buf_release(&b);
}

/* Everything the sink collected, as one line; the sink is emptied. */
static char *take_diags(void)
{
	struct buf b = BUF_INIT;
	diags_format(D, &b);
	diags_clear(D);
	while (b.len && b.data[b.len - 1] == '\n')
		buf_setlen(&b, b.len - 1);
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] == '\n')
			b.data[i] = ' ';
	return buf_detach(&b, NULL);
}

/* ---- YAML -> tval ---------------------------------------------------- */

static bool is_word(const char *s, const char *a, const char *b, const char *c)
{
	return !strcmp(s, a) || !strcmp(s, b) || !strcmp(s, c);
}

/* YAML 1.2 core-schema numbers written back the way the spec expects
 * (1.210 -> "1.21"); NULL when s is not a number. */
static char *number(const char *s)
{
	char *end, tmp[64];
	size_t i = 0, digits = 0;
	double d;

	if (s[i] == '-' || s[i] == '+')
		i++;
	while (s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (s[i] == '\0' && digits)
		return xstrdup(s[0] == '+' ? s + 1 : s);
	d = strtod(s, &end);
	if (end == s || *end || !strpbrk(s, "0123456789") || !isfinite(d))
		return NULL;
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	return xstrdup(tmp);
}

static struct tval *to_tval(yaml_document_t *doc, yaml_node_t *node)
{
	struct tval *v;

	switch (node->type) {
	case YAML_SCALAR_NODE: {
		const char *s = (const char *)node->data.scalar.value;
		char *num;
		if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
			return tv_strn(s, node->data.scalar.length);
		if (is_word(s, "true", "True", "TRUE"))
			return tv_bool(true);
		if (is_word(s, "false", "False", "FALSE"))
			return tv_bool(false);
		if (is_word(s, "null", "Null", "NULL") || !strcmp(s, "~") || !*s)
			return tv_null();
		if ((num = number(s)))
			return tv_str_own(num);
		return tv_strn(s, node->data.scalar.length);
	}
	case YAML_SEQUENCE_NODE:
		v = tv_list();
		for (yaml_node_item_t *it = node->data.sequence.items.start;
		     it < node->data.sequence.items.top; it++)
			tv_push(v, to_tval(doc, yaml_document_get_node(doc, *it)));
		return v;
	case YAML_MAPPING_NODE:
		v = tv_map();
		for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
		     p++) {
			yaml_node_t *k = yaml_document_get_node(doc, p->key);
			if (k->type == YAML_SCALAR_NODE)
				tv_set(v, (const char *)k->data.scalar.value,
				       to_tval(doc, yaml_document_get_node(doc, p->value)));
		}
		return v;
	default:
		return tv_null();
	}
}

static yaml_node_t *get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		if (k->type == YAML_SCALAR_NODE && !strcmp((const char *)k->data.scalar.value, key))
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

/* ---- spec files ---------------------------------------------------- */

#define MAIN "(spec template)"

static void run_test(yaml_document_t *doc, yaml_node_t *test, const char *file)
{
	yaml_node_t *name = get(doc, test, "name"), *data = get(doc, test, "data");
	yaml_node_t *tpl = get(doc, test, "template"), *want = get(doc, test, "expected");
	yaml_node_t *partials = get(doc, test, "partials");
	const char *tname = name && name->type == YAML_SCALAR_NODE ? (const char *)name->data.scalar.value : "?";
	struct tpl_set *set = tpl_set_new(D);
	struct tval *ctx = data ? to_tval(doc, data) : NULL;
	struct buf out = BUF_INIT;
	char *where = xasprintf("%s: %s", file, tname);
	char *diags = NULL;
	int rc = 0;

	if (!tpl || tpl->type != YAML_SCALAR_NODE || !want || want->type != YAML_SCALAR_NODE) {
		report(file, tname, false, "", 0, "", 0, "malformed test");
		goto out;
	}
	if (partials && partials->type == YAML_MAPPING_NODE) {
		for (yaml_node_pair_t *p = partials->data.mapping.pairs.start;
		     p < partials->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(doc, p->key);
			yaml_node_t *v = yaml_document_get_node(doc, p->value);
			if (k->type == YAML_SCALAR_NODE && v->type == YAML_SCALAR_NODE)
				rc |= tpl_set_add(set, (const char *)k->data.scalar.value,
						  (const char *)v->data.scalar.value, v->data.scalar.length,
						  (const char *)k->data.scalar.value);
		}
	}
	rc |= tpl_set_add(set, MAIN, (const char *)tpl->data.scalar.value, tpl->data.scalar.length, where);
	if (!rc)
		rc = tpl_render(set, MAIN, ctx, &out);
	if (rc || diags_errors(D))
		diags = take_diags();
	report(file, tname, !rc && out.len == want->data.scalar.length &&
			    !memcmp(out.data, want->data.scalar.value, out.len),
	       (const char *)want->data.scalar.value, want->data.scalar.length, out.data, out.len, diags);
out:
	free(diags);
	free(where);
	buf_release(&out);
	tv_free(ctx);
	tpl_set_free(set);
}

static void run_file(const char *dir, const char *file)
{
	char *path = xasprintf("%s/%s", dir, file);
	FILE *f = fopen(path, "rb");
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *tests;
	int p0 = passed, f0 = failed;

	if (!f) {
		report(file, "(open)", false, "", 0, "", 0, "cannot open");
		goto done;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		report(file, "(parse)", false, "", 0, "", 0, parser.problem ? parser.problem : "yaml error");
		yaml_parser_delete(&parser);
		fclose(f);
		goto done;
	}
	tests = get(&doc, yaml_document_get_root_node(&doc), "tests");
	if (!tests || tests->type != YAML_SEQUENCE_NODE ||
	    tests->data.sequence.items.start == tests->data.sequence.items.top)
		report(file, "(tests)", false, "", 0, "", 0, "no tests in file");
	else
		for (yaml_node_item_t *it = tests->data.sequence.items.start; it < tests->data.sequence.items.top; it++)
			run_test(&doc, yaml_document_get_node(&doc, *it), file);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	fclose(f);
done:
	printf("file %s: %d passed, %d failed\n", file, passed - p0, failed - f0);
	free(path);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_spec(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (!d) {
		printf("FAIL cannot open %s\n", dir);
		return -1;
	}
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".yml") || !strncmp(e->d_name, "~lambdas", 8))
			continue;
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		run_file(dir, names[i]);
		free(names[i]);
	}
	free(names);
	return n ? 0 : -1;
}

/* ---- folio's own checks -------------------------------------------- */

#define OWN "folio"

static int add(struct tpl_set *set, const char *name, const char *src, const char *file)
{
	return tpl_set_add(set, name, src, strlen(src), file);
}

/* Compiling src must fail with exactly the diagnostic `want`. */
static void expect_compile_error(const char *test, const char *src, const char *want)
{
	struct tpl_set *set = tpl_set_new(D);
	unsigned n0 = diags_errors(D);
	int rc = tpl_set_add(set, "t", src, strlen(src), "t.mustache");
	unsigned n = diags_errors(D) - n0;
	char *got = take_diags();
	report(OWN, test, rc == -1 && n == 1 && !strcmp(got, want), want, strlen(want), got, strlen(got),
	       rc == -1 ? NULL : "compile succeeded");
	free(got);
	tpl_set_free(set);
}

static void expect_render(const char *test, struct tpl_set *set, const char *name, const struct tval *ctx,
			  const char *want)
{
	struct buf out = BUF_INIT;
	int rc = tpl_render(set, name, ctx, &out);
	char *diags = take_diags();
	report(OWN, test, rc == 0 && !strcmp(out.data, want), want, strlen(want), out.data, out.len, diags);
	free(diags);
	buf_release(&out);
}

struct job {
	const struct tpl_set *set;
	const struct tval *ctx;
	const char *want;
	int bad;
};

static void *render_many(void *arg)
{
	struct job *j = arg;
	for (int i = 0; i < 200; i++) {
		struct buf out = BUF_INIT;
		if (tpl_render(j->set, "page", j->ctx, &out) || strcmp(out.data, j->want))
			j->bad++;
		buf_release(&out);
	}
	return NULL;
}

/* Strict sets: a partial or parent naming no template is an error at its
 * tag, at render time and from tpl_set_check; not strict, it is empty. */
static void strict_tests(void)
{
	struct tpl_set *set = tpl_set_new(D);
	struct buf out = BUF_INIT;
	const char *want;
	unsigned n0;
	char *got;
	int rc;

	add(set, "header", "H", "header.mustache");
	add(set, "page", "<p>\n\tx {{>heder}}y\n</p>\n", "page.mustache");
	add(set, "chapter", "{{! a parent }}\n  {{<layot}}{{$main}}m{{/main}}{{/layot}}\n", "chapter.mustache");
	report(OWN, "strict: tpl_set_has is unaffected by strictness", tpl_set_has(set, "header"), "1", 1, "0", 1,
	       NULL);

	/* not strict: the spec's empty partial, no diagnostic */
	expect_render("not strict: a missing partial renders as empty (spec)", set, "page", NULL, "<p>\n\tx y\n</p>\n");
	expect_render("not strict: a missing parent renders as empty (spec)", set, "chapter", NULL, "  \n");

	/* strict: an error at the tag, with the closest name and the set's names */
	tpl_set_strict(set, true);
	n0 = diags_errors(D);
	rc = tpl_render(set, "page", NULL, &out);
	n0 = diags_errors(D) - n0;
	got = take_diags();
	want = "page.mustache:2:4: error: no template 'heder' (partial); did you mean 'header'? "
	       "the theme has: chapter, header, page";
	report(OWN, "strict: a misspelt partial is an error at its tag, with a suggestion",
	       rc == -1 && n0 == 1 && !strcmp(got, want), want, strlen(want), got, strlen(got),
	       rc == -1 ? NULL : "render succeeded");
	free(got);
	buf_reset(&out);
	rc = tpl_render(set, "chapter", NULL, &out);
	got = take_diags();
	want = "chapter.mustache:2:3: error: no template 'layot' (parent); the theme has: chapter, header, page";
	report(OWN, "strict: a missing parent is an error at its tag (no close name: no suggestion)",
	       rc == -1 && !strcmp(got, want), want, strlen(want), got, strlen(got), NULL);
	free(got);
	buf_reset(&out);
	expect_render("strict: a partial that resolves renders as before", set, "header", NULL, "H");

	/* tpl_set_check: every unresolved tag of every template, before rendering */
	n0 = diags_errors(D);
	rc = tpl_set_check(set);
	n0 = diags_errors(D) - n0;
	got = take_diags();
	want = "chapter.mustache:2:3: error: no template 'layot' (parent); the theme has: chapter, header, page "
	       "page.mustache:2:4: error: no template 'heder' (partial); did you mean 'header'? "
	       "the theme has: chapter, header, page";
	report(OWN, "tpl_set_check reports every missing partial and parent at its tag",
	       rc == -1 && n0 == 2 && !strcmp(got, want), want, strlen(want), got, strlen(got),
	       NULL);
	free(got);
	add(set, "heder", "", "heder.mustache");
	add(set, "layot", "[{{$main}}{{/main}}]", "layot.mustache");
	n0 = diags_errors(D);
	rc = tpl_set_check(set);
	report(OWN, "tpl_set_check passes once every name resolves", rc == 0 && diags_errors(D) == n0, "0", 1, "-1", 2,
	       NULL);
	expect_render("strict: the added parent now renders", set, "chapter", NULL, "  [m]\n");
	tpl_set_free(set);

	/* an empty set says so */
	set = tpl_set_new(D);
	tpl_set_strict(set, true);
	add(set, "only", "{{>x}}", "only.mustache");
	rc = tpl_set_check(set);
	got = take_diags();
	want = "only.mustache:1:1: error: no template 'x' (partial); the theme has: only";
	report(OWN, "tpl_set_check on a one-template set", rc == -1 && !strcmp(got, want), want, strlen(want), got,
	       strlen(got), NULL);
	free(got);
	tpl_set_free(set);
	buf_release(&out);
}

static void own_tests(void)
{
	struct tpl_set *set;
	struct tval *ctx, *list;
	struct buf out = BUF_INIT;
	char *got;
	unsigned n0;
	int rc;

	expect_compile_error("unclosed section", "<ul>\n  {{#items}}\n  <li>{{name}}</li>\n</ul>\n",
			     "t.mustache:2:3: error: unclosed section 'items'");
	expect_compile_error("mismatched closing tag", "{{#a}}\n{{^b}}x{{/a}}\n{{/b}}",
			     "t.mustache:2:8: error: closing tag 'a' does not match inverted section 'b' opened at 2:1");
	expect_compile_error("closing tag without section", "a\n\tb {{/a}}",
			     "t.mustache:2:4: error: closing tag 'a' without an open section");
	expect_compile_error("unclosed tag", "Hello,\n  {{name}} and {{ other\n",
			     "t.mustache:2:16: error: unclosed tag: no '}}' after '{{'");
	expect_compile_error("unclosed tag with set delimiters", "{{=<% %>=}}\n<%x%> <%y",
			     "t.mustache:2:7: error: unclosed tag: no '%>' after '<%'");
	expect_compile_error("bad delimiter", "x\n {{=<%=}}",
			     "t.mustache:2:2: error: bad set-delimiter tag: "
			     "want two delimiters separated by a space, like {{=<% %>=}}");
	expect_compile_error("unclosed block", "{{<layout}}\n{{$main}}x{{/layout}}",
			     "t.mustache:2:11: error: closing tag 'layout' does not match block 'main' opened at 2:1");

	/* endless partial recursion is an error, not a crash */
	set = tpl_set_new(D);
	add(set, "loop", "x{{>loop}}", "loop.mustache");
	rc = tpl_render(set, "loop", NULL, &out);
	got = take_diags();
	report(OWN, "partial recursion limit",
	       rc == -1 && strstr(got, "loop.mustache:1:2: error: partials nested more than 100 deep"),
	       "loop.mustache:1:2: error: partials nested more than 100 deep ...", 63, got, strlen(got), NULL);
	free(got);
	buf_reset(&out);
	/* a block passing itself on forever, too */
	add(set, "p", "{{$a}}{{/a}}", "p.mustache");
	add(set, "self", "{{<p}}{{$a}}[{{$a}}{{/a}}]{{/a}}{{/p}}", "self.mustache");
	rc = tpl_render(set, "self", NULL, &out);
	got = take_diags();
	report(OWN, "block recursion limit", rc == -1 && strstr(got, "error: templates nested more than"),
	       "error: templates nested more than ...", 37, got, strlen(got), NULL);
	free(got);
	n0 = diags_errors(D);
	report(OWN, "unknown template", tpl_render(set, "nope", NULL, &out) == -1 && diags_errors(D) == n0,
	       "-1", 2, "0", 1, NULL);
	tpl_set_free(set);
	buf_release(&out);

	strict_tests();

	/* big maps (hash index), replacing values, layout blocks */
	set = tpl_set_new(D);
	ctx = tv_map();
	for (int i = 0; i < 500; i++) {
		char key[16];
		snprintf(key, sizeof key, "k%d", i);
		tv_set(ctx, key, tv_str_own(xasprintf("v%d", i)));
	}
	tv_set_str(ctx, "k7", "seven");
	tv_set_str(ctx, "skipped", NULL);
	list = tv_list();
	tv_push(list, tv_str("a<b"));
	tv_push(list, tv_str(""));
	tv_push(list, tv_bool(false));
	tv_set(ctx, "list", list);
	add(set, "layout", "<main>\n  {{$main}}{{/main}}\n</main>\n", "layout.mustache");
	add(set, "page", "{{<layout}}{{$main}}\n<p>{{k7}} {{k499}} {{k500}}{{skipped}}</p>\n"
				 "<ul>\n{{#list}}\n  <li>{{.}}</li>\n{{/list}}\n</ul>\n{{/main}}{{/layout}}\n",
	    "page.mustache");
	{
		const char *want = "<main>\n  <p>seven v499 </p>\n  <ul>\n    <li>a&lt;b</li>\n    <li></li>\n"
				   "    <li>false</li>\n  </ul>\n</main>\n";
		struct job jobs[4];
		pthread_t th[4];
		int bad = 0;
		expect_render("layout with a multi-line block", set, "page", ctx, want);
		for (int i = 0; i < 4; i++) {
			jobs[i] = (struct job){ set, ctx, want, 0 };
			pthread_create(&th[i], NULL, render_many, &jobs[i]);
		}
		for (int i = 0; i < 4; i++) {
			pthread_join(th[i], NULL);
			bad += jobs[i].bad;
		}
		report(OWN, "rendering from 4 threads at once", bad == 0, "0 bad renders", 13, "some bad", 8, NULL);
	}
	report(OWN, "tv_len", tv_len(list) == 3 && tv_len(ctx) == 0, "3", 1, "?", 1, NULL);
	tv_free(ctx);
	tpl_set_free(set);
}

int main(int argc, char **argv)
{
	D = diags_new(false);
	const char *dir = argc > 1 ? argv[1] : "tests/mustache-spec";
	int p0, f0;

	if (run_spec(dir))
		failed++;
	p0 = passed, f0 = failed;
	own_tests();
	printf("file %s: %d passed, %d failed\n", OWN, passed - p0, failed - f0);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
