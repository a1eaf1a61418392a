/* Foundation: lines of a text and a line diff (Myers, O((N+M)D)), for
 * git history (history.c) and the changes between versions
 * (changes.c). See diff.h. */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "str.h"
#include "xalloc.h"

void
hb_lines_init(struct hb_lines *l, const char *t, size_t len)
{
	const char *p = t, *end = t + len, *nl;

	memset(l, 0, sizeof(*l));
	l->t = t;
	l->off = hb_xgrow(NULL, &l->cap, len / 32 + 2, sizeof(*l->off));
	l->off[0] = 0;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		p = nl != NULL ? nl + 1 : end;
		if (l->n + 2 > l->cap)
			l->off = hb_xgrow(l->off, &l->cap, l->n + 2,
			    sizeof(*l->off));
		l->off[++l->n] = (size_t)(p - t);
	}
}

/* Line k (1-based) without its newline (and CR). */
const char *
hb_lines_at(const struct hb_lines *l, long k, size_t *len)
{
	size_t a, b;

	if (k < 1 || (size_t)k > l->n) {
		*len = 0;
		return "";
	}
	a = l->off[k - 1];
	b = l->off[k];
	if (b > a && l->t[b - 1] == '\n')
		b--;
	if (b > a && l->t[b - 1] == '\r')
		b--;
	*len = b - a;
	return l->t + a;
}

/* ---- line diff (Myers, O((N+M)D)) ----
 * Ours rather than libgit2's git_diff_buffers(), which hashes both
 * texts as git objects on every call (half the time history took). */

struct tok {
	const char *p;
	size_t n;
	uint64_t h;
};



static bool
tok_eq(const struct tok *a, const struct tok *b)
{
	return a->h == b->h && a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

/* Adds one edit, the deletion of a[x] (before b[y]) or the insertion
 * of b[y] (before a[x]), to the runs. Edits arrive from the end of the
 * texts backwards, so an edit joins the run added last when it touches
 * its start. */
static void
run_add(struct hb_diff_run **v, size_t *n, size_t *cap, size_t x, size_t y,
    bool del)
{
	struct hb_diff_run *r = *n > 0 ? &(*v)[*n - 1] : NULL;

	if (r != NULL && (del ? x + 1 == r->a0 && y == r->b0 :
	    y + 1 == r->b0 && x == r->a0)) {
		if (del) {
			r->a0--;
			r->an++;
		} else {
			r->b0--;
			r->bn++;
		}
		return;
	}
	*v = hb_xgrow(*v, cap, *n + 1, sizeof(**v));
	r = &(*v)[(*n)++];
	r->a0 = x;
	r->b0 = y;
	r->an = del;
	r->bn = !del;
}

/* Diffs a[0, na) and b[0, nb) into runs (in order). Returns -1 when
 * more than max_d lines differ (the caller falls back). */
static int
myers(const struct tok *a, size_t na, const struct tok *b, size_t nb,
    size_t max_d, struct hb_diff_run **out, size_t *nout)
{
	size_t pre = 0, suf = 0, n, m, max, d, cap = 0, ncap = 0;
	long *v = NULL, *trace = NULL, x, y, k;
	size_t *at = NULL, nt = 0;
	struct hb_diff_run *runs = NULL;
	size_t nruns = 0, i;
	int rc = -1;

	while (pre < na && pre < nb && tok_eq(&a[pre], &b[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre &&
	    tok_eq(&a[na - 1 - suf], &b[nb - 1 - suf]))
		suf++;
	a += pre;
	b += pre;
	n = na - pre - suf;
	m = nb - pre - suf;
	max = n + m < max_d ? n + m : max_d;
	v = hb_xcalloc(2 * max + 3, sizeof(*v));
	at = hb_xcalloc(max + 2, sizeof(*at));
	/* v[k + off] is the furthest x on diagonal k; each round's v is
	 * saved (over [-d - 1, d + 1]) to walk the path back. */
#define V(k) v[(k) + (long)max + 1]
	for (d = 0; d <= max; d++) {
		trace = hb_xgrow(trace, &cap, nt + 2 * d + 3, sizeof(*trace));
		at[d] = nt;
		for (k = -(long)d - 1; k <= (long)d + 1; k++)
			trace[nt++] = V(k);
		for (k = -(long)d; k <= (long)d; k += 2) {
			if (k == -(long)d ||
			    (k != (long)d && V(k - 1) < V(k + 1)))
				x = V(k + 1);
			else
				x = V(k - 1) + 1;
			y = x - k;
			while (x < (long)n && y < (long)m &&
			    tok_eq(&a[x], &b[y])) {
				x++;
				y++;
			}
			V(k) = x;
			if (x >= (long)n && y >= (long)m)
				goto found;
		}
	}
	goto done;
found:
	/* Walk back from (n, m), turning each step into an edit. */
	x = (long)n;
	y = (long)m;
	for (;; d--) {
		const long *pv = &trace[at[d]] + d + 1;	/* pv[k] */
		long pk, px, py;

		k = x - y;
		if (k == -(long)d || (k != (long)d && pv[k - 1] < pv[k + 1]))
			pk = k + 1;
		else
			pk = k - 1;
		px = pv[pk];
		py = px - pk;
		while (x > px && y > py) {
			x--;
			y--;
		}
		if (d == 0)
			break;
		if (x == px)
			run_add(&runs, &nruns, &ncap, (size_t)x, (size_t)y - 1,
			    false);
		else
			run_add(&runs, &nruns, &ncap, (size_t)x - 1, (size_t)y,
			    true);
		x = px;
		y = py;
	}
#undef V
	/* Built backwards: reverse, and undo the trimmed head. */
	for (i = 0; i < nruns / 2; i++) {
		struct hb_diff_run t = runs[i];

		runs[i] = runs[nruns - 1 - i];
		runs[nruns - 1 - i] = t;
	}
	for (i = 0; i < nruns; i++) {
		runs[i].a0 += pre;
		runs[i].b0 += pre;
	}
	*out = runs;
	*nout = nruns;
	runs = NULL;
	rc = 0;
done:
	free(runs);
	free(v);
	free(trace);
	free(at);
	return rc;
}

static bool
line_eq(const struct hb_lines *a, size_t i, const struct hb_lines *b, size_t j)
{
	size_t n = a->off[i + 1] - a->off[i];

	return n == b->off[j + 1] - b->off[j] &&
	    memcmp(a->t + a->off[i], b->t + b->off[j], n) == 0;
}

static struct tok *
tokens(const struct hb_lines *l, size_t from, size_t to)
{
	struct tok *t = hb_xcalloc(to - from + 1, sizeof(*t));
	size_t k;

	for (k = from; k < to; k++) {
		t[k - from].p = l->t + l->off[k];
		t[k - from].n = l->off[k + 1] - l->off[k];
		t[k - from].h = hb_fnv1a(HB_FNV1A_INIT, t[k - from].p, t[k - from].n);
	}
	return t;
}

/* Diffs the lines of a and b into runs. The common head and tail are
 * skipped with memcmp first, so only the lines that differ (and what
 * lies between them) are hashed. -1 past max_d differing lines. */
int
hb_diff_lines(const struct hb_lines *a, const struct hb_lines *b, size_t max_d,
    struct hb_diff_run **out, size_t *n)
{
	size_t pre = 0, suf = 0, i;
	struct tok *ta, *tb;
	int rc;

	while (pre < a->n && pre < b->n && line_eq(a, pre, b, pre))
		pre++;
	while (suf < a->n - pre && suf < b->n - pre &&
	    line_eq(a, a->n - 1 - suf, b, b->n - 1 - suf))
		suf++;
	ta = tokens(a, pre, a->n - suf);
	tb = tokens(b, pre, b->n - suf);
	rc = myers(ta, a->n - pre - suf, tb, b->n - pre - suf, max_d, out, n);
	free(ta);
	free(tb);
	if (rc == 0)
		for (i = 0; i < *n; i++) {
			(*out)[i].a0 += pre;
			(*out)[i].b0 += pre;
		}
	return rc;
}

void
hb_lines_fini(struct hb_lines *l)
{
	free(l->off);
	memset(l, 0, sizeof(*l));
}
