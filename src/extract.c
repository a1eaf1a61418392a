/* Stage 5 (extract): the working state shared by layout.c and qa.c
 * while a file's parse tree lives (see extract.h): spans of blocks
 * whose HTML render.c puts into model fields, and Markdown slices of
 * blocks. Depends on parse.h only; layout.c and qa.c depend on it. */
#include "extract.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "parse.h"
#include "xalloc.h"

void
hb_extract_init(struct hb_extract *x, struct hb_document *doc,
    struct hb_doc *pdoc, const struct hb_front *front, unsigned parse_flags,
    struct hb_diag *d)
{
	memset(x, 0, sizeof(*x));
	x->doc = doc;
	x->pdoc = pdoc;
	x->front = front;
	x->parse_flags = parse_flags;
	x->d = d;
}

void
hb_extract_fini(struct hb_extract *x)
{
	size_t i;

	for (i = 0; i < x->nspans; i++)
		free(x->spans[i].blks);
	free(x->spans);
	for (i = 0; i < x->nsub; i++)
		hb_doc_free(x->subdocs[i]);
	free(x->subdocs);
	memset(x, 0, sizeof(*x));
}

void
hb_extract_span(struct hb_extract *x, struct hb_doc *doc,
    const struct hb_blk *const *blks, size_t n, bool skip_label,
    const char **out)
{
	struct hb_span *s;

	if (n == 0)
		return;
	x->spans = hb_xgrow(x->spans, &x->capspans, x->nspans + 1,
	    sizeof(*x->spans));
	s = &x->spans[x->nspans++];
	s->doc = doc;
	s->blks = hb_xmalloc(n * sizeof(*s->blks));
	memcpy(s->blks, blks, n * sizeof(*s->blks));
	s->nblks = n;
	s->skip_label = skip_label;
	s->hardbreaks = false;
	s->q = NULL;
	s->html_out = out;
	s->answer = 0;
}

const char *
hb_extract_finish_text(struct hb_extract *x, struct hb_buf *b)
{
	size_t n = b->len;
	const char *s = hb_buf_str(b);

	/* Trailing blank lines and spaces only; leading indentation of
	 * the first line is meaningful Markdown. */
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	while (n > 0 && s[0] == '\n') {
		s++;
		n--;
	}
	return hb_arena_strndup(&x->doc->arena, s, n);
}

/* Appends the text of one block and what it holds (see
 * hb_extract_text). Iterative over the mirror (parent and sibling
 * links): nesting depth costs no stack. */
static void
block_text(const struct hb_blk *root, unsigned flags, bool code,
    struct hb_buf *out)
{
	const struct hb_blk *b = root;

	while (b != NULL) {
		size_t mark = out->len, start;
		bool down = false;

		/* blocks are separated by a blank line; one with no text
		 * leaves no separator behind */
		if (mark > 0)
			hb_buf_puts(out, "\n\n");
		start = out->len;
		switch (b->type) {
		case HB_BLK_PARAGRAPH:
		case HB_BLK_HEADING:
		case HB_BLK_TABLE:
			hb_blk_plain(b, b == root ? flags : 0, out);
			break;
		case HB_BLK_CODE:
			if (code && b->literal != NULL)
				hb_buf_puts(out, b->literal);
			while (out->len > start &&
			    out->data[out->len - 1] == '\n')
				hb_buf_truncate(out, out->len - 1);
			break;
		case HB_BLK_HTML:
		case HB_BLK_RULE:
			break;	/* markup, not text */
		default:
			down = true;
			break;
		}
		if (out->len == start)
			hb_buf_truncate(out, mark);
		b = hb_blk_walk_next(root, b, down);
	}
}

const char *
hb_extract_text(struct hb_extract *x, const struct hb_blk *const *blks,
    size_t n, bool skip_label, bool code)
{
	struct hb_buf out;
	const char *r;
	size_t i;

	hb_buf_init(&out, HB_BUF_NOCAP);
	for (i = 0; i < n; i++)
		block_text(blks[i], i == 0 && skip_label ?
		    HB_PLAIN_SKIP_LEAD : 0, code, &out);
	r = hb_extract_finish_text(x, &out);
	hb_buf_fini(&out);
	return r;
}

void
hb_extract_markdown(struct hb_doc *doc, const struct hb_blk *b,
    struct hb_buf *out)
{
	int dedent = 0;

	/* A block inside a list item starts at its own column; cutting
	 * that much from every line keeps the rest relative to it. */
	if (b->parent != NULL && b->parent->type == HB_BLK_ITEM)
		dedent = b->col - 1;
	hb_doc_slice(doc, b->line, b->end_line, dedent, 0, out);
}
