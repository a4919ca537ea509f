/* main.c - folio's command line: load -> parse -> link -> render -> write. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "book.h"
#include "diag.h"
#include "epub.h"
#include "fsx.h"
#include "links.h"
#include "markdown.h"
#include "pool.h"
#include "site.h"
#include "slug.h"
#include "xalloc.h"

#ifndef FOLIO_VERSION
#define FOLIO_VERSION "0.1.0"
#endif

static const char usage[] =
	"usage: folio build [SOURCE] [-o OUT] [-j N] [--strict]\n"
	"       folio check [SOURCE] [--strict]\n"
	"       folio --help | --version\n"
	"\n"
	"  build    write the website to OUT/site/ and the EPUB to OUT/<book>.epub\n"
	"           (defaults: SOURCE=content, OUT=out); a failed build leaves OUT as it was\n"
	"  check    run every validation and write nothing\n"
	"\n"
	"  -o OUT     output folder\n"
	"  -j N       render with N threads (default: one per processor)\n"
	"  --strict   treat warnings as errors\n"
	"\n"
	"Diagnostics are printed as FILE:LINE:COL: error: message.\n"
	"Exit status: 0 success, 1 content errors, 2 usage errors.\n"
	"SOURCE_DATE_EPOCH, when set, fixes every embedded date (reproducible builds).\n";

struct opts {
	const char *cmd, *source, *out;
	int jobs;
	bool strict;
};

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "folio: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", usage);
	return 2;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	o->source = "content";
	o->out = "out";
	o->jobs = pool_default_jobs();
	if (argc < 2)
		return usage_error("%s", "missing command");
	o->cmd = argv[1];
	if (strcmp(o->cmd, "build") && strcmp(o->cmd, "check"))
		return usage_error("unknown command '%s'", o->cmd);
	bool have_source = false;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (++i >= argc)
				return usage_error("%s needs a folder", a);
			o->out = argv[i];
		} else if (!strncmp(a, "-o", 2) && a[2]) {
			o->out = a + 2;
		} else if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) {
			if (++i >= argc)
				return usage_error("%s needs a number", a);
			char *end;
			long n = strtol(argv[i], &end, 10);
			if (*end || n < 1 || n > 256)
				return usage_error("bad number of jobs '%s'", argv[i]);
			o->jobs = (int)n;
		} else if (!strcmp(a, "--strict")) {
			o->strict = true;
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option '%s'", a);
		} else if (!have_source) {
			o->source = a;
			have_source = true;
		} else {
			return usage_error("unexpected argument '%s'", a);
		}
	}
	if (!strcmp(o->cmd, "check") && o->out != NULL && strcmp(o->out, "out") != 0)
		return usage_error("%s", "check writes nothing: -o is not allowed");
	return 0;
}

/* The build time: SOURCE_DATE_EPOCH when set (reproducible), else now. */
static int build_time(time_t *t)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (!sde || !*sde) {
		*t = time(NULL);
		return 0;
	}
	char *end;
	errno = 0;
	long long v = strtoll(sde, &end, 10);
	if (*end || errno || v < 0 || v > 253402300799LL) {
		fprintf(stderr, "folio: error: SOURCE_DATE_EPOCH must be a number of seconds since 1970, not '%s'\n", sde);
		return -1;
	}
	*t = (time_t)v;
	return 0;
}

struct parse_job {
	struct book *b;
	struct chapter **list;
};

static void parse_one(size_t i, void *arg)
{
	struct parse_job *j = arg;
	md_render_chapter(j->b, j->list[i]);
}

static char *self_path(const char *argv0)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n > 0) {
		buf[n] = '\0';
		return xstrdup(buf);
	}
	return xstrdup(argv0);
}

static int finish(struct book *b, int rc)
{
	diag_flush(stderr);
	book_free(b);
	return rc;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc == 2 && (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))) {
		printf("folio %s\n", FOLIO_VERSION);
		return 0;
	}
	int rc = parse_args(argc, argv, &o);
	if (rc)
		return rc;
	time_t when;
	if (build_time(&when))
		return 2;
	diag_set_strict(o.strict);
	slug_init();
	md_init();

	/* load */
	struct book *b = book_load(o.source);
	if (!b)
		return finish(NULL, 1);

	/* parse (and render each body, in parallel) */
	struct chapter **list = xmalloc((b->nchapters + 1) * sizeof *list);
	size_t n = 0;
	for (size_t i = 0; i < b->nchapters; i++)
		list[n++] = b->chapters[i];
	if (b->home)
		list[n++] = b->home;
	struct parse_job pj = { b, list };
	parallel_for(n, o.jobs, parse_one, &pj);
	free(list);

	/* link */
	links_check(b);
	if (diag_error_count())
		return finish(b, 1);
	if (!strcmp(o.cmd, "check"))
		return finish(b, 0);

	/* render + write, into a temporary folder swapped in at the end */
	char *exe = self_path(argv[0]);
	char *theme = site_find_theme(b, exe);
	free(exe);
	char *tmp = NULL;
	bool out_existed = is_directory(o.out);
	if (!theme || out_begin(o.out, &tmp)) {
		free(theme);
		return finish(b, 1);
	}
	char *epub_name = xasprintf("%s.epub", b->slug);
	char *epub_path = path_join(tmp, epub_name);
	char *site_dir = path_join(tmp, "site");
	char *site_epub = path_join(site_dir, epub_name);
	if (epub_write(b, epub_path, when, theme) == 0 &&
	    site_write(b, theme, site_dir, epub_name, o.jobs) == 0 &&
	    copy_file(epub_path, site_epub) == 0 && diag_error_count() == 0)
		out_commit(o.out, tmp);
	else {
		out_abort(tmp);
		if (!out_existed)
			rmdir(o.out); /* only if empty: leave no trace of a failed build */
	}
	free(epub_name);
	free(epub_path);
	free(site_dir);
	free(site_epub);
	free(theme);
	free(tmp);
	return finish(b, diag_error_count() ? 1 : 0);
}
