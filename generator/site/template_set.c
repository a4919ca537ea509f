/* template_set.c - Mustache: sets of named templates (tpl_set_*): adding
 * and replacing, loading a folder of *.mustache files, finding by name,
 * and checking that every partial and parent names a template of the set.
 *
 * Layer: site, a low-level primitive: includes base/ only, and
 * load/frontmatter.h for the did-you-mean of a missing template
 * (fm_closest_key).  Compiling is in template.c, rendering in
 * template_render.c; the compiled form is in template_int.h.
 */
#include "site/template.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "load/frontmatter.h"
#include "site/template_int.h"
#include "write/fsx.h"

#define MAX_LISTED 30 /* template names listed in a "no template" error */

/* qsort: strings, byte-wise */
static int S_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct tpl_set *tpl_set_new(struct diags *d)
{
	struct tpl_set *set = xcalloc(1, sizeof(struct tpl_set));
	set->d = d;
	return set;
}

void tpl_set_free(struct tpl_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		tpl_free(set->t[i]);
	free(set->t);
	free(set);
}

const struct tpl *tpl_set_find(const struct tpl_set *set, const char *name, size_t n)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct tpl *t = set->t[i];
		if (strlen(t->name) == n && !memcmp(t->name, name, n))
			return t;
	}
	return NULL;
}

int tpl_set_add(struct tpl_set *set, const char *name, const char *src, size_t len, const char *file)
{
	struct tpl *t = tpl_compile(set->d, name, src, len, file);
	if (!t)
		return -1;
	for (size_t i = 0; i < set->n; i++) {
		if (!strcmp(set->t[i]->name, name)) {
			tpl_free(set->t[i]);
			set->t[i] = t;
			return 0;
		}
	}
	set->t = xgrow(set->t, &set->cap, set->n + 1, sizeof *set->t);
	set->t[set->n++] = t;
	return 0;
}

bool tpl_set_has(const struct tpl_set *set, const char *name)
{
	return tpl_set_find(set, name, strlen(name)) != NULL;
}

void tpl_set_strict(struct tpl_set *set, bool strict)
{
	set->strict = strict;
}

int tpl_set_missing(const struct tpl_set *set, const struct tpl *t, const struct op *op)
{
	const char **names = xcalloc(set->n + 1, sizeof *names);
	char *want = xstrndup(op->text.s, op->text.n);
	struct buf has = BUF_INIT;
	const char *best;

	for (size_t i = 0; i < set->n; i++)
		names[i] = set->t[i]->name;
	qsort(names, set->n, sizeof *names, S_cmp_str);
	for (size_t i = 0; i < set->n && i < MAX_LISTED; i++)
		buf_printf(&has, "%s%s", i ? ", " : "", names[i]);
	if (set->n > MAX_LISTED)
		buf_printf(&has, " and %zu more", set->n - MAX_LISTED);
	best = fm_closest_key(want, names);
	diag_error(set->d, (struct pos){ t->file, op->line, op->col },
		   "no template '%s' (%s); %s%s%s%s%s", want, op->kind == OP_PARENT ? "parent" : "partial",
		   best ? "did you mean '" : "", best ? best : "", best ? "'? " : "",
		   set->n ? "the theme has: " : "the theme has no templates", has.data);
	buf_release(&has);
	free(want);
	free(names);
	return -1;
}

int tpl_set_check(const struct tpl_set *set)
{
	int rc = 0;
	for (size_t i = 0; i < set->n; i++) {
		const struct tpl *t = set->t[i];
		for (size_t j = 0; j < t->nops; j++) {
			const struct op *op = &t->ops[j];
			if ((op->kind == OP_PARTIAL || op->kind == OP_PARENT) &&
			    !tpl_set_find(set, op->text.s, op->text.n))
				rc = tpl_set_missing(set, t, op);
		}
	}
	return rc;
}

static int add_file(struct tpl_set *set, const char *dir, const char *fname)
{
	static const char ext[] = ".mustache";
	size_t nlen = strlen(fname) - (sizeof ext - 1);
	char *path = xasprintf("%s/%s", dir, fname);
	char *name = xstrndup(fname, nlen);
	char *src = NULL;
	size_t len;
	int rc = -1;

	/* a regular file of a sane size only: a FIFO must not block the build,
	 * /dev/zero not fill memory */
	if (read_file_max(path, SMALL_FILE_MAX, &src, &len))
		diag_error(set->d, (struct pos){ path, 0, 0 }, "cannot read template: %s", read_error(path, errno));
	else
		rc = tpl_set_add(set, name, src, len, path);
	free(src);
	free(name);
	free(path);
	return rc;
}

int tpl_set_load_dir(struct tpl_set *set, const char *dir)
{
	static const char ext[] = ".mustache";
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (!d)
		return diag_error(set->d, (struct pos){ dir, 0, 0 }, "cannot read template folder: %s", strerror(errno));
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || l <= sizeof ext - 1 ||
		    strcmp(e->d_name + l - (sizeof ext - 1), ext))
			continue;
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, S_cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (add_file(set, dir, names[i]))
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}
