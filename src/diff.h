/* Foundation: the lines of a text, and a line diff between two texts
 * (Myers, O((N+M)D), the common head and tail skipped first). Used by
 * git history (which question a commit changed) and by the changes
 * between versions. */
#ifndef HB_DIFF_H
#define HB_DIFF_H

#include <stddef.h>

struct hb_lines {
	const char *t;		/* borrowed */
	size_t n;	/* lines; a last line without a newline counts */
	size_t *off;	/* off[k - 1]: where line k starts; off[n]: end */
	size_t cap;
};

/* Indexes the lines of t[0..len); t must outlive l. */
void hb_lines_init(struct hb_lines *l, const char *t, size_t len);
void hb_lines_fini(struct hb_lines *l);
/* Line k (1-based) without its newline (and CR); "" out of range. */
const char *hb_lines_at(const struct hb_lines *l, long k, size_t *len);

/* A run of differing lines: a[a0, a0 + an) became b[b0, b0 + bn)
 * (0-based). */
struct hb_diff_run {
	size_t a0, an, b0, bn;
};

/* Diffs the lines of a and b into *out (owned: free()), *n runs in
 * order. Returns 0, or -1 past max_d differing lines (nothing to free;
 * the walk back keeps O(D^2) memory). */
int hb_diff_lines(const struct hb_lines *a, const struct hb_lines *b,
    size_t max_d, struct hb_diff_run **out, size_t *n);

#endif
