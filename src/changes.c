/* Stage 7 (versions): two loaded and linked sites -> the questions
 * added, removed and changed between them, with a line diff of each
 * changed question (see changes.h). */
#include "changes.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diff.h"
#include "xalloc.h"

/* The question as one Markdown text: what "changed" compares. */
static void
question_markdown(struct hb_buf *b, const struct hb_question *q)
{
	size_t i;

	hb_buf_reset(b);
	hb_buf_printf(b, "## %s\n", q->title ? q->title : "");
	if (q->prompt != NULL)
		hb_buf_printf(b, "\n%s\n", q->prompt);
	for (i = 0; i < q->nanswers; i++)
		if (q->answers[i].markdown != NULL)
			hb_buf_printf(b, "\n%s\n", q->answers[i].markdown);
	if (q->review != NULL && q->review->markdown != NULL)
		hb_buf_printf(b, "\n%s\n", q->review->markdown);
}

static const char *
dup_buf(struct hb_arena *a, const struct hb_buf *b)
{
	return hb_arena_strndup(a, hb_buf_str(b), b->len);
}

static void
put_line(struct hb_arena *a, struct hb_change *c, char op,
    const struct hb_lines *l, size_t k)
{
	size_t n;
	const char *s = hb_lines_at(l, (long)k + 1, &n);

	c->diff[c->ndiff].op = op;
	c->diff[c->ndiff].text = hb_arena_strndup(a, s, n);
	c->ndiff++;
}

/* old -> new line by line; past 1,000 differing lines (the walk back
 * keeps O(D^2) memory) everything old is shown removed and everything
 * new added: correct, only untidy. */
static void
line_diff(struct hb_arena *a, const char *old, const char *new,
    struct hb_change *c)
{
	struct hb_lines lo, ln;
	struct hb_diff_run *r = NULL;
	size_t nr = 0, i, x = 0, k;

	hb_lines_init(&lo, old, strlen(old));
	hb_lines_init(&ln, new, strlen(new));
	c->diff = hb_arena_alloc(a, (lo.n + ln.n + 1) * sizeof(*c->diff));
	c->ndiff = 0;
	if (hb_diff_lines(&lo, &ln, 1000, &r, &nr) != 0) {
		nr = 1;
		r = hb_xcalloc(1, sizeof(*r));
		r->an = lo.n;
		r->bn = ln.n;
	}
	for (i = 0; i < nr; i++) {
		for (; x < r[i].a0; x++)
			put_line(a, c, ' ', &lo, x);
		for (k = 0; k < r[i].an; k++)
			put_line(a, c, '-', &lo, x++);
		for (k = 0; k < r[i].bn; k++)
			put_line(a, c, '+', &ln, r[i].b0 + k);
	}
	for (; x < lo.n; x++)
		put_line(a, c, ' ', &lo, x);
	free(r);
	hb_lines_fini(&lo);
	hb_lines_fini(&ln);
}

static struct hb_change *
add_change(struct hb_arena *a, struct hb_change **v, size_t *n,
    size_t *cap, enum hb_change_kind kind, const char *id)
{
	struct hb_change *c;

	if (*n == *cap) {
		struct hb_change *nv;

		*cap = *cap ? *cap * 2 : 16;
		nv = hb_arena_alloc(a, *cap * sizeof(*nv));
		if (*n > 0)
			memcpy(nv, *v, *n * sizeof(*nv));
		*v = nv;
	}
	c = &(*v)[(*n)++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->id = id;
	return c;
}

void
hb_changes_compute(const struct hb_site *prev, const struct hb_site *cur,
    struct hb_changes *out)
{
	struct hb_arena *a = &out->arena;
	struct hb_buf nb, ob;
	size_t i, k, capa = 0, capr = 0, capc = 0;

	memset(out, 0, sizeof(*out));
	hb_arena_init(a);
	hb_buf_init(&nb, HB_BUF_NOCAP);
	hb_buf_init(&ob, HB_BUF_NOCAP);
	for (i = 0; i < cur->ndocs; i++)
		for (k = 0; k < cur->docs[i]->nquestions; k++) {
			const struct hb_question *q =
			    &cur->docs[i]->questions[k];
			const struct hb_question *o = hb_site_find(prev, q->id);
			struct hb_change *c;

			question_markdown(&nb, q);
			if (o == NULL) {
				c = add_change(a, &out->added, &out->nadded,
				    &capa, HB_CHANGE_ADDED, q->id);
				c->new_q = q;
				c->new_markdown = dup_buf(a, &nb);
				continue;
			}
			question_markdown(&ob, o);
			if (ob.len == nb.len && memcmp(hb_buf_str(&ob),
			    hb_buf_str(&nb), nb.len) == 0)
				continue;
			c = add_change(a, &out->changed, &out->nchanged, &capc,
			    HB_CHANGE_CHANGED, q->id);
			c->old_q = o;
			c->new_q = q;
			c->old_markdown = dup_buf(a, &ob);
			c->new_markdown = dup_buf(a, &nb);
			line_diff(a, c->old_markdown, c->new_markdown, c);
		}
	for (i = 0; i < prev->ndocs; i++)
		for (k = 0; k < prev->docs[i]->nquestions; k++) {
			const struct hb_question *o =
			    &prev->docs[i]->questions[k];
			struct hb_change *c;

			if (hb_site_find(cur, o->id) != NULL)
				continue;
			c = add_change(a, &out->removed, &out->nremoved, &capr,
			    HB_CHANGE_REMOVED, o->id);
			c->old_q = o;
			question_markdown(&ob, o);
			c->old_markdown = dup_buf(a, &ob);
		}
	hb_buf_fini(&nb);
	hb_buf_fini(&ob);
}

void
hb_changes_fini(struct hb_changes *c)
{
	hb_arena_fini(&c->arena);
	memset(c, 0, sizeof(*c));
}
