/* Stage 4a: line-preserving repairs before parsing (see prepare.h).
 * One pass over the lines finds the fences (twice when nesting must be
 * checked against the plain reading), one more pass over paragraph text
 * applies the emphasis repair, and the output is written once. */
#include "prepare.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "markup.h"
#include "str.h"
#include "xalloc.h"

#define MAX_NEST 32

struct line {
	const char *p;
	size_t n;		/* without the newline */
	bool has_nl;
	/* fence facts */
	bool fence;		/* looks like a fence */
	size_t fpos;		/* offset of the fence characters */
	char fch;
	int flen;
	bool info;		/* non-blank text after the fence */
	bool info_tick;		/* that text has a backtick */
	/* results */
	int extra;		/* characters to add to this fence */
	bool code;		/* inside a fenced block (or a fence line) */
};

struct insert {
	size_t line;
	size_t off;		/* byte offset in the line */
};

struct open_fence {
	size_t line;
	char ch;
	int len;
	int child_need;		/* longest final length of nested fences */
	int nested;		/* repaired children (for diagnostics) */
	size_t first_nested;	/* line of the first one */
};

/* Reads the fence facts of one line. Leading spaces, tabs and
 * blockquote markers are skipped: list items and quotes indent fences. */
static void
scan_fence(struct line *l)
{
	size_t i = 0, k;
	char c;

	while (i < l->n && (l->p[i] == ' ' || l->p[i] == '\t' ||
	    l->p[i] == '>'))
		i++;
	if (i >= l->n || (l->p[i] != '`' && l->p[i] != '~'))
		return;
	c = l->p[i];
	for (k = i; k < l->n && l->p[k] == c; k++)
		;
	if (k - i < 3)
		return;
	l->fence = true;
	l->fpos = i;
	l->fch = c;
	l->flen = (int)(k - i);
	for (; k < l->n; k++) {
		if (l->p[k] == '`')
			l->info_tick = true;
		if (l->p[k] != ' ' && l->p[k] != '\t' && l->p[k] != '\r')
			l->info = true;
	}
	/* A backtick line whose info has a backtick is inline code. */
	if (c == '`' && l->info_tick)
		l->fence = false;
}

static bool
closes(const struct line *l, const struct open_fence *f)
{
	return l->fence && l->fch == f->ch && l->flen >= f->len && !l->info;
}

/* One reading of the fences. nested=false is plain CommonMark; with
 * nested=true an info-string fence inside a fence opens a nested block.
 * Fills extra/code on the lines and returns the number of fences left
 * open (first_open gets the outermost one). */
static int
read_fences(struct line *lines, size_t nlines, bool nested,
    size_t *first_open)
{
	struct open_fence st[MAX_NEST];
	int depth = 0;
	size_t i;

	for (i = 0; i < nlines; i++) {
		struct line *l = &lines[i];

		l->extra = 0;
		l->code = depth > 0;
		if (!l->fence)
			continue;
		if (depth == 0) {
			st[0].line = i;
			st[0].ch = l->fch;
			st[0].len = l->flen;
			st[0].child_need = 0;
			depth = 1;
			l->code = true;
			continue;
		}
		if (closes(l, &st[depth - 1])) {
			struct open_fence *f = &st[depth - 1];
			int need = f->len;

			if (f->child_need >= need)
				need = f->child_need + 1;
			if (need > f->len) {
				lines[f->line].extra = need - f->len;
				l->extra = need - l->flen > 0 ?
				    need - l->flen : 0;
			}
			depth--;
			if (depth > 0 && need > st[depth - 1].child_need)
				st[depth - 1].child_need = need;
			continue;
		}
		if (nested && l->info && l->fch == st[depth - 1].ch &&
		    depth < MAX_NEST) {
			st[depth].line = i;
			st[depth].ch = l->fch;
			st[depth].len = l->flen;
			st[depth].child_need = 0;
			depth++;
		}
	}
	if (depth > 0)
		*first_open = st[0].line;
	return depth;
}

/* ---- emphasis next to CJK punctuation ---- */

/* The code point before offset i in s (or ' ' at the start). */
static uint32_t
cp_before(const char *s, size_t i)
{
	size_t j = i;
	uint32_t cp = ' ';

	if (i == 0)
		return ' ';
	j--;
	while (j > 0 && ((unsigned char)s[j] & 0xc0) == 0x80)
		j--;
	if (hb_utf8_decode(s + j, i - j, &cp) <= 0)
		return 0xfffd;
	return cp;
}

static uint32_t
cp_at(const char *s, size_t n, size_t i)
{
	uint32_t cp = ' ';

	if (i >= n)
		return ' ';
	if (hb_utf8_decode(s + i, n - i, &cp) <= 0)
		return 0xfffd;
	return cp;
}

struct run {
	size_t line, off, len;
	bool ins_before;	/* opener needs the sentinel before it */
};

struct emph {
	struct run st[64];
	int depth;
	struct insert *ins;
	size_t nins, cap;
};

static void
add_insert(struct emph *e, size_t line, size_t off)
{
	e->ins = hb_xgrow(e->ins, &e->cap, e->nins + 1, sizeof(*e->ins));
	e->ins[e->nins].line = line;
	e->ins[e->nins].off = off;
	e->nins++;
}

/* Handles one `*` run at s[i..i+k) of line li. */
static void
delim_run(struct emph *e, const char *s, size_t n, size_t li, size_t i,
    size_t k)
{
	uint32_t prev = cp_before(s, i), next = cp_at(s, n, i + k);
	bool pws = hb_is_unicode_space(prev), nws = hb_is_unicode_space(next);
	bool pp = hb_is_punct(prev), np = hb_is_punct(next);
	bool left_std = !nws && (!np || pws || pp);
	bool right_std = !pws && (!pp || nws || np);
	bool left = !nws && (!np || pws || pp || hb_is_cjk(prev));
	bool right = !pws && (!pp || nws || np || hb_is_cjk(next));
	bool closer;

	if (!left && !right)
		return;
	closer = right && (!left || e->depth > 0);
	if (closer && e->depth > 0) {
		/* Pair with the nearest opener of the same length, as
		 * authors write it; fall back to the nearest opener. */
		int j = e->depth - 1;

		while (j > 0 && e->st[j].len != k)
			j--;
		if (e->st[j].len != k)
			j = e->depth - 1;
		if (e->st[j].ins_before)
			add_insert(e, e->st[j].line, e->st[j].off);
		if (!right_std)
			add_insert(e, li, i + k);
		e->depth = j;
		return;
	}
	if (!left || e->depth >= 64)
		return;
	e->st[e->depth].line = li;
	e->st[e->depth].off = i;
	e->st[e->depth].len = k;
	e->st[e->depth].ins_before = !left_std;
	e->depth++;
}

/* Scans one line of paragraph text, skipping code spans and escapes. */
static void
emph_line(struct emph *e, const struct line *l, size_t li)
{
	const char *s = l->p;
	size_t n = l->n, i = 0;

	while (i < n) {
		char c = s[i];

		if (c == '\\') {
			i += 2;
			continue;
		}
		if (c == '`') {
			i = hb_code_span_end(s, n, i);
			continue;
		}
		if (c == '*') {
			size_t k = i;

			while (k < n && s[k] == '*')
				k++;
			delim_run(e, s, n, li, i, k - i);
			i = k;
			continue;
		}
		i++;
	}
}

static bool
is_blank(const struct line *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->p[i] != ' ' && l->p[i] != '\t' && l->p[i] != '\r')
			return false;
	return true;
}

static int
cmp_insert(const void *a, const void *b)
{
	const struct insert *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

static void
emphasis(struct line *lines, size_t nlines, struct emph *e)
{
	size_t i;

	for (i = 0; i < nlines; i++) {
		/* A paragraph ends at a blank line or code. */
		if (lines[i].code || is_blank(&lines[i])) {
			e->depth = 0;
			continue;
		}
		emph_line(e, &lines[i], i);
	}
	if (e->nins > 1)
		qsort(e->ins, e->nins, sizeof(*e->ins), cmp_insert);
}

/* Reports one warning per repaired outer fence, at its first nested
 * fence, once the outer fence closes (so the count is known). */
static void
report_nested(const struct line *lines, const struct open_fence *f,
    const char *path, int first_line, struct hb_diag *d)
{
	const struct line *outer = &lines[f->line];
	const struct line *inner = &lines[f->first_nested];
	struct hb_pos pos = { path, first_line + (int)f->first_nested,
		(int)inner->fpos + 1 };
	struct hb_pos opos = { path, first_line + (int)f->line,
		(int)outer->fpos + 1 };

	if (f->nested == 1)
		hb_diag_advise(d, &pos, "code fence nested inside the fence "
		    "opened at line %d; read as a nested block", opos.line);
	else
		hb_diag_advise(d, &pos, "code fence nested inside the fence "
		    "opened at line %d (and %d more after it); read as nested "
		    "blocks", opos.line, f->nested - 1);
	hb_diag_note(d, &opos, "make the outer fence longer (%.*s) so every "
	    "Markdown tool reads it the same way", outer->flen + 1,
	    outer->fch == '`' ? "``````````" : "~~~~~~~~~~");
}

static void
fence_diags(struct line *lines, size_t nlines, const char *path,
    int first_line, struct hb_diag *d, struct hb_prepare_result *res)
{
	struct open_fence st[MAX_NEST];
	int depth = 0;
	size_t i;

	/* Walk the nested reading again to name each repaired fence with
	 * the outer fence it sits in. */
	for (i = 0; i < nlines; i++) {
		struct line *l = &lines[i];

		if (!l->fence)
			continue;
		if (depth == 0) {
			memset(&st[0], 0, sizeof(st[0]));
			st[0].line = i;
			st[0].ch = l->fch;
			st[0].len = l->flen;
			depth = 1;
		} else if (closes(l, &st[depth - 1])) {
			depth--;
			if (st[depth].nested > 0 && d != NULL)
				report_nested(lines, &st[depth], path,
				    first_line, d);
		} else if (l->info && l->fch == st[depth - 1].ch &&
		    depth < MAX_NEST) {
			struct open_fence *parent = &st[depth - 1];

			/* Only a fence CommonMark would close early needs
			 * the repair; a shorter one already nests. */
			if (l->flen >= parent->len) {
				if (parent->nested++ == 0)
					parent->first_nested = i;
				res->nested++;
			}
			memset(&st[depth], 0, sizeof(st[depth]));
			st[depth].line = i;
			st[depth].ch = l->fch;
			st[depth].len = l->flen;
			depth++;
		}
	}
	while (depth-- > 0)
		if (st[depth].nested > 0 && d != NULL)
			report_nested(lines, &st[depth], path, first_line, d);
}

/* Reads the fences the way cmark-gfm will be made to: nested, unless
 * nesting leaves a fence open that the plain reading closes. Fills the
 * lines' code and extra; returns the fences left open. */
static int
decide_fences(struct line *lines, size_t nlines, bool *use_nested,
    size_t *open_line)
{
	size_t plain_open = 0;
	int left_open, plain_left;

	*use_nested = true;
	left_open = read_fences(lines, nlines, true, open_line);
	if (left_open > 0) {
		plain_left = read_fences(lines, nlines, false, &plain_open);
		if (plain_left == 0) {
			*use_nested = false;
		} else {
			/* Both readings leave a fence open: keep the nested
			 * reading and name the outermost open fence. */
			read_fences(lines, nlines, true, open_line);
		}
	}
	return left_open;
}

/* Foreign markup (markup.h) on the lines outside code; lines it
 * rewrites point into the markup's arena from now on. */
static void
foreign(struct line *lines, size_t nlines, const char *path, int first_line,
    struct hb_diag *d, struct hb_markup *mk, bool *use_nested,
    int *left_open, size_t *open_line)
{
	struct hb_mline *ml = hb_xmalloc((nlines + 1) * sizeof(*ml));
	size_t i;
	bool again;

	for (i = 0; i < nlines; i++) {
		ml[i].p = lines[i].p;
		ml[i].n = lines[i].n;
		ml[i].code = lines[i].code;
	}
	again = hb_markup_lines(mk, ml, nlines, path, first_line, d);
	for (i = 0; i < nlines; i++) {
		struct line *l = &lines[i];

		if (ml[i].p == l->p && ml[i].n == l->n)
			continue;
		l->p = ml[i].p;
		l->n = ml[i].n;
		if (!again)
			continue;
		/* A shortcode became a fence (or a fence lost its MDX
		 * indentation): read this line's fence facts again. */
		l->fence = l->info = l->info_tick = false;
		l->fpos = 0;
		l->fch = 0;
		l->flen = 0;
		scan_fence(l);
	}
	if (again)
		*left_open = decide_fences(lines, nlines, use_nested,
		    open_line);
	free(ml);
}

void
hb_prepare(const char *body, size_t n, const char *path, int first_line,
    unsigned flags, struct hb_diag *d, struct hb_markup *mk,
    struct hb_buf *out, struct hb_prepare_result *res)
{
	struct line *lines = NULL;
	size_t nlines = 0, cap = 0, i, open_line = 0, k;
	const char *p = body, *end = body + n;
	struct emph e;
	int left_open;
	bool use_nested = true;

	memset(res, 0, sizeof(*res));
	memset(&e, 0, sizeof(e));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct line *l;

		lines = hb_xgrow(lines, &cap, nlines + 1, sizeof(*lines));
		l = &lines[nlines++];
		memset(l, 0, sizeof(*l));
		l->p = p;
		l->n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		l->has_nl = nl != NULL;
		scan_fence(l);
		p = nl ? nl + 1 : end;
	}
	left_open = decide_fences(lines, nlines, &use_nested, &open_line);
	if (mk != NULL)
		foreign(lines, nlines, path, first_line,
		    (flags & HB_PREP_FENCE_DIAG) ? d : NULL, mk, &use_nested,
		    &left_open, &open_line);
	if (use_nested)
		fence_diags(lines, nlines, path, first_line,
		    (flags & HB_PREP_FENCE_DIAG) ? d : NULL, res);
	if (use_nested && left_open > 0) {
		const struct line *l = &lines[open_line];
		struct hb_pos pos = { path, first_line + (int)open_line,
			(int)l->fpos + 1 };

		res->unclosed = left_open;
		if (flags & HB_PREP_FENCE_DIAG)
			hb_diag_warning(d, &pos, "code fence opened here is "
			    "never closed; add a closing %.*s line", l->flen,
			    l->fch == '`' ? "``````````" : "~~~~~~~~~~");
	}
	/* The emphasis repair is skipped when the text already holds the
	 * sentinel: removing it afterwards would change the text. */
	if (hb_memmem(body, n, HB_SENTINEL, HB_SENTINEL_LEN) == NULL)
		emphasis(lines, nlines, &e);
	res->sentinel = e.nins > 0;
	k = 0;
	for (i = 0; i < nlines; i++) {
		const struct line *l = &lines[i];
		size_t from = 0;

		if (l->extra > 0) {
			hb_buf_append(out, l->p, l->fpos);
			for (int x = 0; x < l->extra; x++)
				hb_buf_putc(out, l->fch);
			from = l->fpos;
		}
		while (k < e.nins && e.ins[k].line == i) {
			hb_buf_append(out, l->p + from, e.ins[k].off - from);
			hb_buf_append(out, HB_SENTINEL, HB_SENTINEL_LEN);
			from = e.ins[k].off;
			k++;
		}
		hb_buf_append(out, l->p + from, l->n - from);
		if (l->has_nl)
			hb_buf_putc(out, '\n');
	}
	free(e.ins);
	free(lines);
}
