/* pool.h - run fn(i, arg) for i in [0, n) on up to `jobs` threads.
 * fn must be safe to run concurrently for different i.  Items are handed
 * out in order, one at a time, to whichever thread is free.
 *
 * Layer: base (includes libc only): the low-level pieces every stage uses. */
#ifndef FOLIO_POOL_H
#define FOLIO_POOL_H

#include <stddef.h>

void parallel_for(size_t n, int jobs, void (*fn)(size_t i, void *arg), void *arg);
/* The same, telling fn which of the (at most `jobs`) threads runs it:
 * `worker` is in [0, jobs), one thread's own, so that fn can use
 * per-thread state (a compressor) without locking. */
void parallel_for_w(size_t n, int jobs, void (*fn)(size_t i, int worker, void *arg), void *arg);
/* Run a(arg_a) and b(arg_b) at once on two threads when jobs > 1 (a on the
 * calling thread), else one after the other; returns when both are done. */
void run_both(int jobs, void (*a)(void *), void *arg_a, void (*b)(void *), void *arg_b);
/* Number of processors online (at least 1). */
int pool_default_jobs(void);

#endif
