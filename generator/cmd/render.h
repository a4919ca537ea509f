/* render.h - `folio render --to=html|xhtml FILE.md`: one file's body as the
 * site or the EPUB would show it, on stdout, no book needed (the golden
 * tests in tests/render/ and editors' previews use it).  Layer: cmd. */
#ifndef FOLIO_CMD_RENDER_H
#define FOLIO_CMD_RENDER_H

#include <stdbool.h>

/* Returns the exit status: 0, 1 (errors in the file, printed on stderr). */
int render_run(const char *file, bool xhtml, bool strict);
/* The command line: argv[1] is "render".  Returns the exit status (2:
 * usage). */
int render_main(int argc, char **argv);

#endif
