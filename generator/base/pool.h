/* pool.h - run fn(i, arg) for i in [0, n) on up to `jobs` threads.
 * fn must be safe to run concurrently for different i.
 *
 * Layer: base (includes libc only): the low-level pieces every stage uses. */
#ifndef FOLIO_POOL_H
#define FOLIO_POOL_H

#include <stddef.h>

void parallel_for(size_t n, int jobs, void (*fn)(size_t i, void *arg), void *arg);
/* Number of processors online (at least 1). */
int pool_default_jobs(void);

#endif
