/* Foundation: the one worker pool. Runs n independent items on up to
 * `jobs` threads; each thread may keep its own state (a renderer, a
 * scratch buffer). Items are handed out in index order from an atomic
 * counter; callers keep per-item results in per-item slots and merge
 * them in index order afterwards, so output never depends on thread
 * timing. */
#ifndef HB_POOL_H
#define HB_POOL_H

#include <stddef.h>

struct hb_pool_work {
	/* Per-thread state, or NULL (may be NULL itself). */
	void *(*thread_init)(void *ctx);
	/* Runs item i with the thread's state. Called concurrently. */
	void (*run)(void *ctx, void *state, size_t i);
	/* Frees a thread's state (may be NULL). */
	void (*thread_fini)(void *ctx, void *state);
	void *ctx;
};

/* Runs items 0..n-1 of w on min(jobs, n) threads (at least one). With
 * one thread, or when no thread can be started, the calling thread does
 * the work. Returns when every item has run. Borrows w. */
void hb_pool_run(const struct hb_pool_work *w, size_t n, int jobs);

#endif
