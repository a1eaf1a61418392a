/* Foundation: the worker pool (see pool.h), shared by loading
 * (build.c) and git history (history.c). */
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "xalloc.h"

struct pool {
	const struct hb_pool_work *w;
	size_t n;
	atomic_size_t next;
};

static void *
worker(void *arg)
{
	struct pool *p = arg;
	void *state = p->w->thread_init ? p->w->thread_init(p->w->ctx) : NULL;
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n)
		p->w->run(p->w->ctx, state, i);
	if (p->w->thread_fini != NULL)
		p->w->thread_fini(p->w->ctx, state);
	return NULL;
}

void
hb_pool_run(const struct hb_pool_work *w, size_t n, int jobs)
{
	struct pool p;
	pthread_t *th;
	size_t i, nth = jobs < 1 ? 1 : (size_t)jobs, started = 0;

	if (n == 0)
		return;
	p.w = w;
	p.n = n;
	atomic_init(&p.next, 0);
	if (nth > n)
		nth = n;
	/* One thread: the caller does the work (simpler to debug, no
	 * start-up cost for small handbooks). */
	if (nth <= 1) {
		worker(&p);
		return;
	}
	th = hb_xcalloc(nth, sizeof(*th));
	for (i = 0; i < nth; i++)
		if (pthread_create(&th[started], NULL, worker, &p) == 0)
			started++;
	if (started == 0)
		worker(&p);
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
}
