#include "base/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/xalloc.h"

struct job {
	size_t n;
	atomic_size_t next;   /* the next item to hand out */
	void (*fn)(size_t, int, void *);
	void (*plain)(size_t, void *);
	void *arg;
};

struct worker_arg {
	struct job *j;
	int id;
};

static void run(struct job *j, size_t i, int id)
{
	if (j->plain)
		j->plain(i, j->arg);
	else
		j->fn(i, id, j->arg);
}

static void *worker(void *p)
{
	struct worker_arg *w = p;
	struct job *j = w->j;
	for (;;) {
		size_t i = atomic_fetch_add(&j->next, 1);
		if (i >= j->n)
			break;
		run(j, i, w->id);
	}
	return NULL;
}

static void S_parallel(size_t n, int jobs, struct job *j)
{
	if (jobs < 1)
		jobs = 1;
	if ((size_t)jobs > n)
		jobs = n ? (int)n : 1;
	if (jobs == 1) {
		for (size_t i = 0; i < n; i++)
			run(j, i, 0);
		return;
	}
	pthread_t *t = xmalloc((size_t)jobs * sizeof *t);
	struct worker_arg *w = xmalloc((size_t)jobs * sizeof *w);
	int started = 0;
	for (int k = 0; k < jobs; k++)
		w[k] = (struct worker_arg){ j, k };
	for (int k = 1; k < jobs; k++)
		if (pthread_create(&t[started], NULL, worker, &w[started + 1]) == 0)
			started++;
	worker(&w[0]); /* the calling thread works too, as worker 0 */
	for (int k = 0; k < started; k++)
		pthread_join(t[k], NULL);
	free(t);
	free(w);
}

void parallel_for(size_t n, int jobs, void (*fn)(size_t i, void *arg), void *arg)
{
	struct job j = { .n = n, .plain = fn, .arg = arg };
	S_parallel(n, jobs, &j);
}

void parallel_for_w(size_t n, int jobs, void (*fn)(size_t i, int worker, void *arg), void *arg)
{
	struct job j = { .n = n, .fn = fn, .arg = arg };
	S_parallel(n, jobs, &j);
}

struct both {
	void (*fn)(void *);
	void *arg;
};

static void *run_b(void *p)
{
	struct both *b = p;
	b->fn(b->arg);
	return NULL;
}

void run_both(int jobs, void (*a)(void *), void *arg_a, void (*b)(void *), void *arg_b)
{
	struct both bb = { b, arg_b };
	pthread_t t;
	if (jobs > 1 && pthread_create(&t, NULL, run_b, &bb) == 0) {
		a(arg_a);
		pthread_join(t, NULL);
		return;
	}
	a(arg_a);
	b(arg_b);
}

int pool_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}
