/* pages.h - the preview's pages, without HTTP: which file of the site a
 * request path names, its media type, reading it safely, and the snippet
 * (live-reload script, error overlay) put into every HTML page served.
 *
 * Layer: serve (may include base/ and write/).  http.c answers requests
 * with these; nothing here knows libmicrohttpd. */
#ifndef FOLIO_SERVE_PAGES_H
#define FOLIO_SERVE_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#define PAGES_EVENTS_URL "/__folio/events"
#define PAGES_STATUS_URL "/__folio/status"

/* The page `html` (borrowed) with the snippet before its last </body> (or
 * at the end): the overlay showing `log` when the last build, number
 * `build`, failed (so it shows even without script), and the script that
 * follows PAGES_EVENTS_URL.  malloc'd, its length in *out_len. */
char *pages_inject(const char *html, size_t len, unsigned long build, bool ok, const char *log, size_t *out_len);

bool pages_is_html(const char *type);

/* The raw request path, percent-decoded into a path relative to the site
 * in *rel (malloc'd).  Returns 0; 400 when it is malformed or could climb
 * out (a bad %XX, NUL, a backslash, an empty, "." or ".." segment); 404
 * for hidden names. */
unsigned pages_url_to_rel(const char *url, char **rel);

/* The file that site path `rel` names in folder `site` (a folder's
 * index.html), after every symbolic link, when it lies inside the site;
 * malloc'd, or NULL. */
char *pages_site_file(const char *site, const char *rel);

/* Open `path` for reading if it is a regular file: never blocking on a
 * FIFO or a device, never following a symbolic link in its last part.
 * Returns the descriptor (the caller closes it) with its status in *s, or
 * -1. */
int pages_open_regular(const char *path, struct stat *s);

/* Read `fd` (borrowed) to its end into *data (malloc'd, NUL-terminated);
 * `hint` is the expected size.  Returns 0 or -1. */
int pages_read_fd(int fd, size_t hint, char **data, size_t *len);

#endif
