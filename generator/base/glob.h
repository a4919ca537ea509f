/* glob.h - file name patterns, as book.yaml's exclude: writes them.
 * Layer: base (libc only). */
#ifndef FOLIO_GLOB_H
#define FOLIO_GLOB_H

#include <stdbool.h>

/* Does the '/'-separated relative `path` match `pattern`, segment by
 * segment?  Within a segment `*`, `?`, `[abc]`, `[!a-z]` and `\x` are
 * fnmatch's (they never cross a '/'); a segment `**` matches any number of
 * folders, none included ("**" / "x.md" matches "x.md" and "a/b/x.md").  A
 * leading "/" or "./" in the pattern is ignored: patterns are always from
 * the top.  Empty segments (doubled slashes) are ignored. */
bool glob_match(const char *pattern, const char *path);

#endif
