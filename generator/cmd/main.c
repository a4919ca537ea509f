/* main.c - folio's command line: load -> parse -> link -> render -> write. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/build.h"
#include "base/diag.h"
#include "cmd/init.h"
#include "cmd/render.h"
#include "base/pool.h"
#include "serve/serve.h"

#ifndef FOLIO_VERSION
#define FOLIO_VERSION "0.1.0"
#endif

static const char usage[] =
	"usage: folio build [SOURCE] [-o OUT] [-j N] [--strict] [--timings]\n"
	"       folio check [SOURCE] [--strict]\n"
	"       folio serve [SOURCE] [-o OUT] [-p PORT] [--host ADDR]\n"
	"       folio init [DIR] [--title TITLE] [--language TAG]\n"
	"       folio render [--to=html|xhtml] FILE.md\n"
	"       folio --help | --version\n"
	"\n"
	"  build    write the website to OUT/site/ and the EPUB to OUT/<book>.epub\n"
	"           (defaults: SOURCE=content, OUT=out); a failed build leaves OUT as it was\n"
	"  check    run every validation and write nothing\n"
	"  serve    build, serve OUT/site/ at http://127.0.0.1:8000/ and rebuild after every\n"
	"           change; pages reload by themselves and show the errors of a failed build\n"
	"  init     start a new book in DIR (default: content), a small one that builds\n"
	"  render   print one Markdown file's body as the site (html) or the EPUB (xhtml)\n"
	"           renders it, every link checked; no book needed\n"
	"\n"
	"  -o OUT     output folder\n"
	"  -j N       render with N threads (default: one per processor)\n"
	"  --strict   treat warnings as errors\n"
	"  --timings  print how long each stage took\n"
	"  -p PORT    serve: the port (default 8000; 0 picks a free one and prints it)\n"
	"  --host ADDR\n"
	"             serve: the address to listen on (default 127.0.0.1: this machine only)\n"
	"  --title TITLE, --language TAG\n"
	"             init: the new book's title (default \"My book\") and language (default en)\n"
	"\n"
	"Diagnostics are printed as FILE:LINE:COL: error: message.\n"
	"Exit status: 0 success, 1 content errors, 2 usage errors.\n"
	"SOURCE_DATE_EPOCH, when set, fixes every embedded date (reproducible builds).\n";

struct opts {
	const char *cmd, *source, *out;
	int jobs;
	bool strict, timings;
	int port;         /* serve */
	const char *host; /* serve */
	const char *title, *language; /* init */
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
	o->port = 8000;
	o->host = "127.0.0.1";
	if (argc < 2)
		return usage_error("%s", "missing command");
	o->cmd = argv[1];
	if (strcmp(o->cmd, "build") && strcmp(o->cmd, "check") && strcmp(o->cmd, "serve") && strcmp(o->cmd, "init"))
		return usage_error("unknown command '%s'", o->cmd);
	bool have_source = false;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(o->cmd, "init") && a[0] == '-' && strcmp(a, "--title") && strcmp(a, "--language"))
			return usage_error("init takes DIR, --title and --language only, not '%s'", a);
		if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (++i >= argc)
				return usage_error("%s needs a folder", a);
			if (!*argv[i])
				return usage_error("%s needs a folder, not an empty name", a);
			o->out = argv[i];
		} else if (!strncmp(a, "-o", 2) && a[2]) {
			o->out = a + 2;
		} else if (!strcmp(a, "-j") || !strcmp(a, "--jobs") || (!strncmp(a, "-j", 2) && a[2])) {
			const char *v = a + 2; /* -j4, as make takes it */
			if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) {
				if (++i >= argc)
					return usage_error("%s needs a number", a);
				v = argv[i];
			}
			char *end;
			long n = strtol(v, &end, 10);
			if (!*v || *end || n < 1 || n > 256)
				return usage_error("bad number of jobs '%s'", v);
			o->jobs = (int)n;
		} else if (!strcmp(a, "-p") || !strcmp(a, "--port")) {
			if (strcmp(o->cmd, "serve"))
				return usage_error("%s is only for serve", a);
			if (++i >= argc)
				return usage_error("%s needs a number", a);
			char *end;
			long n = strtol(argv[i], &end, 10);
			if (!*argv[i] || *end || n < 0 || n > 65535)
				return usage_error("bad port '%s' (0 to 65535)", argv[i]);
			o->port = (int)n;
		} else if (!strcmp(a, "--host")) {
			if (strcmp(o->cmd, "serve"))
				return usage_error("%s is only for serve", a);
			if (++i >= argc || !*argv[i])
				return usage_error("%s needs an address", a);
			o->host = argv[i];
		} else if (!strcmp(a, "--title") || !strcmp(a, "--language")) {
			if (strcmp(o->cmd, "init"))
				return usage_error("%s is only for init", a);
			if (++i >= argc || !*argv[i])
				return usage_error("%s needs a value", a);
			*(a[2] == 't' ? &o->title : &o->language) = argv[i];
		} else if (!strcmp(a, "--strict")) {
			o->strict = true;
		} else if (!strcmp(a, "--timings")) {
			o->timings = true;
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
	if (argc >= 2 && !strcmp(argv[1], "render")) {
		build_init();
		return render_main(argc, argv);
	}
	int rc = parse_args(argc, argv, &o);
	if (rc)
		return rc;
	if (!strcmp(o.cmd, "init"))
		return init_run(o.source, o.title ? o.title : "My book", o.language ? o.language : "en");
	struct build_opts bo = { .source = o.source, .out = o.out, .jobs = o.jobs, .check_only = !strcmp(o.cmd, "check"),
				.timings = o.timings, .strict = o.strict };
	if (build_time(&bo.when))
		return 2;
	build_init();
	if (!strcmp(o.cmd, "serve")) {
		struct serve_opts so = { bo, o.host, o.port };
		return serve_run(&so);
	}
	struct diags *d = diags_new(o.strict);
	rc = build_run(&bo, d);
	diags_print(d, stderr);
	diags_free(d);
	return rc;
}
