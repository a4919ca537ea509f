/* watch.h - notice when the book or its theme changes, for folio serve.
 *
 * Layer: serve (may include base/ and write/).  On Linux every folder under
 * the watched roots gets an inotify watch (folders created later as they
 * appear); hidden entries and folio's own output folder are ignored, and a
 * burst of events (an editor's write-then-rename save, a checkout) counts
 * as one change: it ends when WATCH_QUIET_MS pass without a new event, or
 * WATCH_BURST_MS after it began.  When inotify is not available (no more
 * watches allowed: ENOSPC) the roots are polled every WATCH_POLL_MS
 * instead; FOLIO_WATCH=poll in the environment asks for polling. */
#ifndef FOLIO_SERVE_WATCH_H
#define FOLIO_SERVE_WATCH_H

#include <stdbool.h>

#define WATCH_QUIET_MS 5
#define WATCH_BURST_MS 50
#define WATCH_POLL_MS 300

struct watch;

/* Start watching folder `source`, never anything at or under `out` (which
 * need not exist yet).  Both are copied.  Changes from now on are reported
 * by watch_next, so a build that starts after this misses none. */
struct watch *watch_new(const char *source, const char *out);

/* Watch theme folder `theme` (copied; it may lie inside the source) instead
 * of the previous one.  Cheap when it has not changed: call it after every
 * build with the folder the build used. */
void watch_set_theme(struct watch *w, const char *theme);

/* Block until a burst of changes has ended (true: rebuild now) or until
 * `stop_fd` is readable (false).  Changes made while the caller was busy
 * (during a build) are reported by the next call. */
bool watch_next(struct watch *w, int stop_fd);

/* Is the watcher polling (inotify unavailable or refused)? */
/* Without waiting: has the book or theme changed since watch_next last
 * returned (inotify; polling says no)?  The change stays for watch_next
 * to report.  Not thread-safe. */
bool watch_changed(struct watch *w);
bool watch_is_polling(const struct watch *w);

void watch_free(struct watch *w);

#endif
