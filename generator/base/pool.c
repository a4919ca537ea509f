#include "base/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/xalloc.h"

struct job {
	size_t n, next;
	pthread_mutex_t lock;
	void (*fn)(size_t, void *);
	void *arg;
};

static void *worker(void *p)
{
	struct job *j = p;
	for (;;) {
		pthread_mutex_lock(&j->lock);
		size_t i = j->next++;
		pthread_mutex_unlock(&j->lock);
		if (i >= j->n)
			break;
		j->fn(i, j->arg);
	}
	return NULL;
}

void parallel_for(size_t n, int jobs, void (*fn)(size_t i, void *arg), void *arg)
{
	struct job j = { n, 0, PTHREAD_MUTEX_INITIALIZER, fn, arg };
	if (jobs < 1)
		jobs = 1;
	if ((size_t)jobs > n)
		jobs = n ? (int)n : 1;
	if (jobs == 1) {
		for (size_t i = 0; i < n; i++)
			fn(i, arg);
		return;
	}
	pthread_t *t = xmalloc((size_t)jobs * sizeof *t);
	int started = 0;
	for (int k = 0; k < jobs - 1; k++)
		if (pthread_create(&t[started], NULL, worker, &j) == 0)
			started++;
	worker(&j); /* the calling thread works too */
	for (int k = 0; k < started; k++)
		pthread_join(t[k], NULL);
	free(t);
	pthread_mutex_destroy(&j.lock);
}

int pool_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}
