/* Stage 5b (issue #6): git log + loaded site -> per-question history
 * (see history.h). The line diff is diff.c's; what changed between
 * versions is changes.c's; forge links and the build date repo.c's.
 *
 * History follows each document back through the versions of its file,
 * newest first, one document per thread, over the log source_git.c read
 * in one walk. Every change needs the old version's questions. Parsing
 * each old version through the pipeline is exact but costs about 1 ms a
 * file, and the benchmark corpus has 3,000 changed versions. So when the
 * line diff of a change is plainly local -- plain text lines only,
 * inside one question's body, away from its title, front matter, fences,
 * raw HTML, headings, list and quote markers, with blank lines around it
 * -- the old version's questions are the new one's with their lines
 * shifted, and the question the diff touches is the one that changed.
 * Everything else is parsed exactly (HB_HISTORY_EXACT parses always; the
 * tests check that both ways agree). */
#include "history.h"

#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "diag.h"
#include "diff.h"
#include "pool.h"
#include "source.h"
#include "source_git.h"
#include "str.h"
#include "xalloc.h"

/* A hunk with git's numbering: a side with no lines names the line it
 * follows. */
struct hunk {
	int old_start, old_lines;
	int new_start, new_lines;
};

enum line_kind {
	LK_BLANK,
	LK_PLAIN,	/* text that cannot start or end a block */
	LK_OTHER	/* might: markers, fences, HTML, headings, ... */
};

/* Leading spaces and tabs as a column (tabs to multiples of 4); *i
 * gets the first other byte. */
static int
indent_of(const char *s, size_t n, size_t *i)
{
	int col = 0;

	*i = 0;
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t')) {
		col = s[*i] == '\t' ? col + 4 - col % 4 : col + 1;
		(*i)++;
	}
	return col;
}

/* "<!-- ... -->" alone on its line (trailing spaces allowed). */
static bool
comment_line(const char *s, size_t n)
{
	const char *end;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n < 7 || memcmp(s, "<!--", 4) != 0 ||
	    memcmp(s + n - 3, "-->", 3) != 0)
		return false;
	end = hb_memmem(s + 4, n - 4, "-->", 3);
	return end == s + n - 3;
}

/* digits{1,9} then '.' or ')' then a space or the end: an ordered
 * list marker. */
static bool
ordered_marker(const char *s, size_t n)
{
	size_t j = 0;

	while (j < n && s[j] >= '0' && s[j] <= '9')
		j++;
	return j > 0 && j <= 9 && j < n && (s[j] == '.' || s[j] == ')') &&
	    (j + 1 == n || s[j + 1] == ' ' || s[j + 1] == '\t');
}

static enum line_kind
classify(const char *s, size_t n, int *indent)
{
	static const char marks[] = "#`~>-*+_=|[<{}:\\";
	size_t i;

	*indent = indent_of(s, n, &i);
	if (i == n)
		return LK_BLANK;
	if (memchr(marks, s[i], sizeof(marks) - 1) != NULL)
		return s[i] == '<' && comment_line(s + i, n - i) ? LK_PLAIN :
		    LK_OTHER;
	return ordered_marker(s + i, n - i) ? LK_OTHER : LK_PLAIN;
}

static enum line_kind
kind_at(const struct hb_lines *l, long k, int *indent)
{
	size_t n;
	const char *s = hb_lines_at(l, k, &n);

	return classify(s, n, indent);
}

static bool
blank_at(const struct hb_lines *l, long k)
{
	int in;

	return kind_at(l, k, &in) == LK_BLANK;
}

/* A thematic break at the margin ("---", "* * *"): it closes every
 * open list and quote. */
static bool
margin_rule(const struct hb_lines *l, long k)
{
	size_t n, i, count = 0;
	const char *s = hb_lines_at(l, k, &n);
	char c;

	if (n == 0 || (s[0] != '-' && s[0] != '*' && s[0] != '_'))
		return false;
	c = s[0];
	for (i = 0; i < n; i++) {
		if (s[i] == c)
			count++;
		else if (s[i] != ' ' && s[i] != '\t')
			return false;
	}
	return count >= 3;
}

/* An ATX heading, or a setext underline under a paragraph line. */
static bool
heading_like(const struct hb_lines *l, long k)
{
	size_t n, i, j;
	const char *s = hb_lines_at(l, k, &n);
	int in = indent_of(s, n, &i);

	if (in > 3 || i == n)
		return false;
	if (s[i] == '#')
		return true;
	if (s[i] != '=' && s[i] != '-')
		return false;
	for (j = i; j < n && s[j] == s[i]; j++)
		;
	while (j < n && (s[j] == ' ' || s[j] == '\t'))
		j++;
	return j == n && k > 1 && !blank_at(l, k - 1);
}

/* A list item or block quote starts on line k. */
static bool
container_marker(const struct hb_lines *l, long k)
{
	size_t n, i;
	const char *s = hb_lines_at(l, k, &n);

	indent_of(s, n, &i);
	if (i == n)
		return false;
	if (s[i] == '>')
		return true;
	if ((s[i] == '-' || s[i] == '*' || s[i] == '+') &&
	    (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\t'))
		return true;
	return ordered_marker(s + i, n - i);
}

/* Last line of front matter ("---" or "+++" on line 1), 0 when none;
 * an unclosed block runs to the end. */
static int
front_matter_end(const struct hb_lines *l)
{
	size_t n, m;
	const char *s = hb_lines_at(l, 1, &n), *t;
	long k;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (l->n == 0 || n != 3 || (memcmp(s, "---", 3) != 0 &&
	    memcmp(s, "+++", 3) != 0))
		return 0;
	for (k = 2; (size_t)k <= l->n; k++) {
		t = hb_lines_at(l, k, &m);
		while (m > 0 && (t[m - 1] == ' ' || t[m - 1] == '\t'))
			m--;
		if (m == 3 && (memcmp(t, s, 3) == 0 ||
		    (s[0] == '-' && memcmp(t, "...", 3) == 0)))
			return (int)k;
	}
	return (int)l->n;
}

/* False when a line starts raw HTML other than a one-line comment: an
 * HTML block can swallow the lines after it, so no change near it is
 * local. */
static bool
html_free(const struct hb_lines *l)
{
	long k;

	for (k = 1; (size_t)k <= l->n; k++) {
		size_t n, i;
		const char *s = hb_lines_at(l, k, &n);

		indent_of(s, n, &i);
		if (i < n && s[i] == '<' && !comment_line(s + i, n - i))
			return false;
	}
	return true;
}

/* ---- versions of a file ---- */

struct vpart {
	int line;
	int q;		/* question index, -1 for a heading or prose */
};

/* One version of a document's file, cut into parts. A question's text
 * is its part: from its first line to the next part or the end. */
struct ver {
	struct hb_git_oid oid;
	char *text;		/* owned, NUL-terminated */
	size_t len;
	struct hb_lines ln;
	struct vpart *parts;	/* by line */
	size_t nparts;
	size_t nq;
	const char **keys;	/* per question: base id + occurrence */
	int *fin;		/* per question: index in the final document,
				 * -1 when it is not there */
	int *qpart;		/* per question: its part */
	int fm_end;
	int html;		/* -1 unknown, 0 raw HTML, 1 none */
	struct ver *next;
};

static void
ver_free(struct ver *v)
{
	if (v == NULL)
		return;
	free(v->text);
	hb_lines_fini(&v->ln);
	free(v->parts);
	free(v->keys);
	free(v->fin);
	free(v->qpart);
	free(v);
}

static bool
ver_html_free(struct ver *v)
{
	if (v->html < 0)
		v->html = html_free(&v->ln);
	return v->html == 1;
}

static long
q_start(const struct ver *v, size_t q)
{
	return v->parts[v->qpart[q]].line;
}

static long
part_end(const struct ver *v, size_t p)
{
	return p + 1 < v->nparts ? v->parts[p + 1].line : (long)v->ln.n + 1;
}

/* The question's last line that is not blank: the blank lines that
 * separate it from the next part are not its text (adding a question
 * after it does not change it). */
static long
q_last(const struct ver *v, size_t q)
{
	long s = q_start(v, q), e = part_end(v, (size_t)v->qpart[q]) - 1;

	if (e > (long)v->ln.n)
		e = (long)v->ln.n;
	while (e >= s && e >= 1 && blank_at(&v->ln, e))
		e--;
	return e;
}

/* FNV-1a over the question's lines. */
static uint64_t
q_hash(const struct ver *v, size_t q)
{
	long s = q_start(v, q), e = q_last(v, q);

	if (s < 1)
		s = 1;
	if (e < s)
		return hb_fnv1a(HB_FNV1A_INIT, "", 0);
	return hb_fnv1a(HB_FNV1A_INIT, v->text + v->ln.off[s - 1],
	    v->ln.off[e] - v->ln.off[s - 1]);
}

/* ---- the shared state and one document's task ---- */

struct entry {
	const char *path;		/* new path */
	size_t c;			/* commit index in the log */
	const struct hb_git_delta *d;
};

struct history {
	struct hb_git *g;
	struct hb_source *src;
	const char *content;
	size_t clen;
	const struct hb_history_loader *ld;
	unsigned flags;
	struct hb_git_log log;
	struct entry *idx;		/* by path, then commit */
	size_t nidx;
	struct hb_git_changes wt;	/* HEAD -> working tree */
	bool worktree;
	bool has_head;
	struct hb_git_oid head;
	struct task *tasks;
	size_t ntasks;
	atomic_size_t parsed, derived;
};

struct qhist {
	size_t *ev;		/* commit indices, newest first */
	size_t nev, cap;
	size_t created;
	bool has_created;
	bool unknown;		/* reached a shallow clone's boundary */
	bool uncommitted;
};

struct fkey {
	const char *key;
	int i;
};

struct alias {
	const char *path;
	size_t pos, end;	/* range in the index still to visit */
};

struct interned {
	size_t c;
	struct hb_commit commit;
};

struct task {
	struct history *h;
	struct hb_document *doc;
	struct hb_arena arena;	/* keys, alias paths */
	struct ver *vers;	/* every version met, by blob */
	struct fkey *fk;	/* the final document's keys, sorted */
	size_t nfk;
	struct qhist *qs;	/* per question of the final document */
	unsigned char *st, *st2;	/* per question of a version */
	size_t capst;
	struct alias *al;
	size_t nal, capal;
	struct interned *in;
	size_t nin, capin;
	struct hb_diag drop;	/* what old versions say: dropped */
	struct hb_diag keep;	/* libgit2 failures */
};

/* ---- keys: which question is which across versions ---- */

struct kq {
	const char *base;
	size_t i;
};

static int
cmp_kq(const void *pa, const void *pb)
{
	const struct kq *a = pa, *b = pb;
	int c = strcmp(a->base, b->base);

	if (c != 0)
		return c;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* A question is its base id (explicit id or title slug), and the n-th
 * question with the same base id in the file is the n-th one in every
 * version. Returns a malloc'd array of task-arena strings. */
static const char **
make_keys(struct task *t, const struct hb_document *doc)
{
	size_t n = doc->nquestions, k, occ = 0;
	struct kq *v = hb_xcalloc(n + 1, sizeof(*v));
	const char **keys = hb_xcalloc(n + 1, sizeof(*keys));

	for (k = 0; k < n; k++) {
		const struct hb_question *q = &doc->questions[k];

		v[k].base = q->base_id ? q->base_id : q->title ? q->title : "";
		v[k].i = k;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_kq);
	for (k = 0; k < n; k++) {
		occ = k > 0 && strcmp(v[k].base, v[k - 1].base) == 0 ?
		    occ + 1 : 0;
		keys[v[k].i] = occ == 0 ? hb_arena_strdup(&t->arena,
		    v[k].base) : hb_arena_printf(&t->arena, "%s\x1f%zu",
		    v[k].base, occ);
	}
	free(v);
	return keys;
}

static int
cmp_fkey(const void *pa, const void *pb)
{
	return strcmp(((const struct fkey *)pa)->key,
	    ((const struct fkey *)pb)->key);
}

static int
find_key(const struct fkey *v, size_t n, const char *key)
{
	struct fkey k = { key, 0 };
	const struct fkey *f = n ? bsearch(&k, v, n, sizeof(*v),
	    cmp_fkey) : NULL;

	return f != NULL ? f->i : -1;
}

static int
cmp_vpart(const void *pa, const void *pb)
{
	const struct vpart *a = pa, *b = pb;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->q < b->q ? -1 : a->q > b->q;
}

/* A version from a loaded document and its text (taken over). */
static struct ver *
ver_from_doc(struct task *t, const struct hb_document *doc, char *text,
    size_t len)
{
	struct ver *v = hb_xcalloc(1, sizeof(*v));
	size_t i, np = 0;
	bool *seen;

	v->text = text;
	v->len = len;
	v->html = -1;
	hb_lines_init(&v->ln, text, len);
	v->fm_end = front_matter_end(&v->ln);
	v->nq = doc != NULL ? doc->nquestions : 0;
	if (doc == NULL)
		return v;
	v->keys = make_keys(t, doc);
	v->fin = hb_xcalloc(v->nq + 1, sizeof(*v->fin));
	v->qpart = hb_xcalloc(v->nq + 1, sizeof(*v->qpart));
	v->parts = hb_xcalloc(doc->nparts + v->nq + 1, sizeof(*v->parts));
	seen = hb_xcalloc(v->nq + 1, sizeof(*seen));
	for (i = 0; i < v->nq; i++)
		v->fin[i] = find_key(t->fk, t->nfk, v->keys[i]);
	for (i = 0; i < doc->nparts; i++) {
		const struct hb_part *p = &doc->parts[i];
		int q = -1;

		if (p->kind == HB_PART_QUESTION && p->question < v->nq &&
		    !seen[p->question]) {
			q = (int)p->question;
			seen[q] = true;
		}
		v->parts[np].line = p->line;
		v->parts[np++].q = q;
	}
	/* Every question has a part; be safe if a layout forgets one. */
	for (i = 0; i < v->nq; i++)
		if (!seen[i]) {
			v->parts[np].line = doc->questions[i].line;
			v->parts[np++].q = (int)i;
		}
	free(seen);
	v->nparts = np;
	if (np > 1)
		qsort(v->parts, np, sizeof(*v->parts), cmp_vpart);
	for (i = 0; i < np; i++)
		if (v->parts[i].q >= 0)
			v->qpart[v->parts[i].q] = (int)i;
	return v;
}

static char *
read_blob(struct task *t, const struct hb_git_oid *oid, size_t *len)
{
	struct hb_buf b;

	hb_buf_init(&b, HB_BUF_NOCAP);
	if (hb_git_blob(t->h->g, oid, &b, &t->keep) != 0) {
		hb_buf_fini(&b);
		return NULL;
	}
	*len = b.len;
	return hb_buf_detach(&b);
}

/* Parses a version through the build's loader. */
static struct ver *
parse_ver(struct task *t, const char *path, char *text, size_t len)
{
	const struct history *h = t->h;
	const char *rel = path;
	struct hb_document *doc;
	struct ver *v;

	if (h->clen > 0 && strncmp(path, h->content, h->clen) == 0 &&
	    path[h->clen] == '/')
		rel = path + h->clen + 1;
	doc = h->ld->load(h->ld->ctx, path, rel, text, len, &t->drop);
	hb_diag_fini(&t->drop);
	hb_diag_init(&t->drop);
	v = ver_from_doc(t, doc, text, len);
	hb_document_free(doc);
	atomic_fetch_add(&t->h->parsed, 1);
	return v;
}

static struct ver *
cache_find(const struct task *t, const struct hb_git_oid *oid)
{
	struct ver *v;

	for (v = t->vers; v != NULL; v = v->next)
		if (memcmp(v->oid.id, oid->id, sizeof(oid->id)) == 0)
			return v;
	return NULL;
}

static void
cache_add(struct task *t, struct ver *v, const struct hb_git_oid *oid)
{
	v->oid = *oid;
	v->next = t->vers;
	t->vers = v;
}

/* The version of a blob, parsed when not met yet. NULL when the blob
 * cannot be read (reported). */
static struct ver *
get_ver(struct task *t, const struct hb_git_oid *oid, const char *path)
{
	struct ver *v = cache_find(t, oid);
	char *text;
	size_t len;

	if (v != NULL)
		return v;
	text = read_blob(t, oid, &len);
	if (text == NULL)
		return NULL;
	v = parse_ver(t, path, text, len);
	cache_add(t, v, oid);
	return v;
}

/* st[i] for each question i of nw: 0 same in od, 1 changed, 2 not in
 * od. */
static void
compare(const struct task *t, const struct ver *nw, const struct ver *od,
    unsigned char *st)
{
	struct fkey *ok = hb_xcalloc(od->nq + 1, sizeof(*ok));
	size_t i;

	(void)t;
	for (i = 0; i < od->nq; i++) {
		ok[i].key = od->keys[i];
		ok[i].i = (int)i;
	}
	if (od->nq > 1)
		qsort(ok, od->nq, sizeof(*ok), cmp_fkey);
	for (i = 0; i < nw->nq; i++) {
		int j = find_key(ok, od->nq, nw->keys[i]);

		if (j < 0)
			st[i] = 2;
		else
			st[i] = q_hash(nw, i) != q_hash(od, (size_t)j);
	}
	free(ok);
}

/* ---- following structure through a diff ---- */

/* The last line of a question's protected head: front matter, its
 * title paragraph, and the first line of its first block (what layout
 * detection reads: the block under a heading, a label after it). */
static long
head_end(const struct hb_lines *l, long start, int fm_end)
{
	long s = start;

	if (s <= fm_end)
		s = fm_end + 1;
	while ((size_t)s <= l->n && !blank_at(l, s))
		s++;
	while ((size_t)s <= l->n && blank_at(l, s))
		s++;
	return s;
}

/* The part holding line x, or -1 before the first part. */
static long
part_at(const struct ver *v, long x)
{
	size_t lo = 0, hi = v->nparts;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v->parts[mid].line <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

/* A line of the new text that no hunk touches, in the old text. */
static long
map_line(const struct hunk *h, size_t nh, long x)
{
	long delta = 0;
	size_t i;

	for (i = 0; i < nh; i++) {
		bool before = h[i].new_lines > 0 ?
		    h[i].new_start + h[i].new_lines - 1 < x :
		    h[i].new_start < x;

		if (before)
			delta += h[i].new_lines - h[i].old_lines;
	}
	return x - delta;
}

/* Lines [first, first + count) are blank or plain; *ind gets the
 * smallest indent of the plain ones. */
static bool
lines_plain(const struct hb_lines *l, long first, long count, int *ind)
{
	long k;

	for (k = first; k < first + count; k++) {
		int in;
		enum line_kind lk = kind_at(l, k, &in);

		if (lk == LK_OTHER)
			return false;
		if (lk == LK_PLAIN && in < *ind)
			*ind = in;
	}
	return true;
}

/* After a change: a blank line or the end (so the change neither joins
 * nor splits the paragraph below: a label, a setext underline, a table),
 * and nothing below indented deeper than the change (it might have
 * closed the list that line belonged to). */
static bool
after_ok(const struct hb_lines *l, long k, int ind)
{
	int in;

	if ((size_t)k > l->n)
		return true;
	if (!blank_at(l, k))
		return false;
	while ((size_t)k <= l->n && blank_at(l, k))
		k++;
	if ((size_t)k > l->n)
		return true;
	kind_at(l, k, &in);
	return in <= ind;
}

/* For a question that is an ordered-list item whose first block after
 * the title is inside the item (indented to its content): that content
 * column. Such an item has two blocks in every version where its head
 * is unchanged, so layout detection counts it the same whatever ends
 * the list after it. 0 otherwise. */
static int
item_column(const struct hb_lines *l, long start, long body)
{
	size_t n, i, j;
	const char *s = hb_lines_at(l, start, &n);
	int in = indent_of(s, n, &i), col, sp = 0, bin;

	if (in > 3 || !ordered_marker(s + i, n - i) || (size_t)body > l->n)
		return 0;
	for (j = i; j < n && s[j] >= '0' && s[j] <= '9'; j++)
		;
	col = in + (int)(j - i) + 1;
	for (j++; j < n && s[j] == ' ' && sp < 5; j++)
		sp++;
	col += sp >= 1 && sp <= 4 ? sp : 1;
	kind_at(l, body, &bin);
	return bin >= col ? col : 0;
}

/* Before a change (line k and up): not right under a heading (layouts
 * count headings with content under them), and not inside a list item
 * or quote the change might end -- unless it is the question's own
 * item (item: its content column, see item_column()), whose ending
 * only moves lines within the question. */
static bool
before_ok(const struct hb_lines *l, long k, int ind, int item)
{
	long p = k, x;

	while (p >= 1 && blank_at(l, p))
		p--;
	if (p < 1)
		return true;
	if (margin_rule(l, p) && (p == 1 || blank_at(l, p - 1))) {
		while (p >= 1 && (blank_at(l, p) || (margin_rule(l, p) &&
		    (p == 1 || blank_at(l, p - 1)))))
			p--;
		return p < 1 || !heading_like(l, p);
	}
	if (heading_like(l, p))
		return false;
	for (x = p; x >= 1 && !blank_at(l, x); x--) {
		int in;

		kind_at(l, x, &in);
		if (item > 0 && in >= item)
			continue;
		if (in > ind || container_marker(l, x))
			return false;
	}
	return true;
}

/* True when lines [first, end) are all blank: a change there (the
 * changed lines start at first) only moves the gap before the next
 * part. */
static bool
trailing_blank(const struct hb_lines *l, long first, long end)
{
	long k;

	for (k = first; k < end && (size_t)k <= l->n; k++)
		if (!blank_at(l, k))
			return false;
	return true;
}

/* The question hunk i is in, when the change is local; -1 when not.
 * *touch is false when the change is only blank lines at the
 * question's end, which are not its text (see q_last()). */
static int
hunk_question(const struct ver *nw, const struct hb_lines *ol, int ofm,
    const struct hunk *h, size_t nh, size_t i, bool *touch)
{
	long ns = h[i].new_start, nl = h[i].new_lines;
	long os = h[i].old_start, oll = h[i].old_lines;
	long p, nstart, nend, ostart, oend, hz;
	int q, ind = INT_MAX, nitem, oitem;

	p = part_at(nw, ns);
	if (ns < 1 || p < 0 || nw->parts[p].q < 0)
		return -1;
	q = nw->parts[p].q;
	nstart = nw->parts[p].line;
	nend = part_end(nw, (size_t)p);
	if (nl > 0 && ns + nl - 1 >= nend)
		return -1;
	hz = head_end(&nw->ln, nstart, nw->fm_end);
	if (nl > 0 ? ns <= hz : ns < hz)
		return -1;
	nitem = item_column(&nw->ln, nstart, hz);
	ostart = map_line(h, nh, nstart);
	oend = map_line(h, nh, nend);
	hz = head_end(ol, ostart, ofm);
	if (oll > 0 ? (os <= hz || os + oll - 1 >= oend) :
	    (os < hz || os >= oend))
		return -1;
	oitem = item_column(ol, ostart, hz);
	if (!lines_plain(&nw->ln, ns, nl, &ind) ||
	    !lines_plain(ol, os, oll, &ind))
		return -1;
	if (ind == INT_MAX)
		ind = 0;
	if (!after_ok(&nw->ln, nl > 0 ? ns + nl : ns + 1, ind) ||
	    !after_ok(ol, oll > 0 ? os + oll : os + 1, ind) ||
	    !before_ok(&nw->ln, nl > 0 ? ns - 1 : ns, ind, nitem) ||
	    !before_ok(ol, oll > 0 ? os - 1 : os, ind, oitem))
		return -1;
	*touch = !(trailing_blank(&nw->ln, nl > 0 ? ns : ns + 1, nend) &&
	    trailing_blank(ol, oll > 0 ? os : os + 1, oend));
	return q;
}

/* Past this many differing lines a change is not local anyway. */
#define MAX_LOCAL_D 512

/* The old version (text taken over on success) as nw's structure with
 * lines shifted, when every hunk is local; st gets 1 for the questions
 * the diff touches. NULL when the old text must be parsed. */
static struct ver *
derive(struct task *t, struct ver *nw, char *otext, size_t olen,
    unsigned char *st)
{
	struct hb_lines ol;
	struct hb_diff_run *r = NULL;
	struct hunk *h = NULL;
	struct ver *od = NULL;
	size_t nr = 0, i;
	long shift = 0, prev = 0;
	int ofm;

	hb_lines_init(&ol, otext, olen);
	if (!ver_html_free(nw) || !html_free(&ol))
		goto fail;
	if (hb_diff_lines(&ol, &nw->ln, MAX_LOCAL_D, &r, &nr) != 0)
		goto fail;
	h = hb_xcalloc(nr + 1, sizeof(*h));
	for (i = 0; i < nr; i++) {
		h[i].old_start = (int)(r[i].a0 + (r[i].an > 0));
		h[i].old_lines = (int)r[i].an;
		h[i].new_start = (int)(r[i].b0 + (r[i].bn > 0));
		h[i].new_lines = (int)r[i].bn;
	}
	ofm = front_matter_end(&ol);
	memset(st, 0, nw->nq);
	for (i = 0; i < nr; i++) {
		bool touch;
		int q = hunk_question(nw, &ol, ofm, h, nr, i, &touch);

		if (q < 0)
			goto fail;
		if (touch)
			st[q] = 1;
		shift += h[i].new_lines - h[i].old_lines;
	}
	if ((long)ol.n != (long)nw->ln.n - shift)
		goto fail;
	od = hb_xcalloc(1, sizeof(*od));
	od->parts = hb_xcalloc(nw->nparts + 1, sizeof(*od->parts));
	for (i = 0; i < nw->nparts; i++) {
		od->parts[i] = nw->parts[i];
		od->parts[i].line = (int)map_line(h, nr, nw->parts[i].line);
		if (od->parts[i].line < prev ||
		    od->parts[i].line > (long)ol.n + 1) {
			free(od->parts);
			free(od);
			od = NULL;
			goto fail;
		}
		prev = od->parts[i].line;
	}
	od->nparts = nw->nparts;
	od->nq = nw->nq;
	od->keys = hb_xcalloc(nw->nq + 1, sizeof(*od->keys));
	od->fin = hb_xcalloc(nw->nq + 1, sizeof(*od->fin));
	od->qpart = hb_xcalloc(nw->nq + 1, sizeof(*od->qpart));
	if (nw->nq > 0) {
		memcpy(od->keys, nw->keys, nw->nq * sizeof(*od->keys));
		memcpy(od->fin, nw->fin, nw->nq * sizeof(*od->fin));
		memcpy(od->qpart, nw->qpart, nw->nq * sizeof(*od->qpart));
	}
	od->text = otext;
	od->len = olen;
	od->ln = ol;
	od->fm_end = ofm;
	od->html = 1;
	free(h);
	free(r);
	atomic_fetch_add(&t->h->derived, 1);
	return od;
fail:
	free(h);
	free(r);
	hb_lines_fini(&ol);
	return NULL;
}

/* Compares nw with the old version at oid (path there) into st; the
 * old version is followed through the diff when that is safe, parsed
 * otherwise, and cached either way. */
static int
step(struct task *t, struct ver *nw, const struct hb_git_oid *oid,
    const char *path, unsigned char *st)
{
	struct ver *od = cache_find(t, oid);
	char *text;
	size_t len;

	if (od != NULL) {
		compare(t, nw, od, st);
		return 0;
	}
	text = read_blob(t, oid, &len);
	if (text == NULL)
		return -1;
	if (!(t->h->flags & HB_HISTORY_EXACT))
		od = derive(t, nw, text, len, st);
	if (od == NULL) {
		od = parse_ver(t, path, text, len);
		compare(t, nw, od, st);
	}
	cache_add(t, od, oid);
	return 0;
}

/* ---- one document ---- */

static void
scratch(struct task *t, size_t n)
{
	if (n + 1 <= t->capst)
		return;
	free(t->st);
	free(t->st2);
	t->capst = n + 1;
	t->st = hb_xcalloc(t->capst, 1);
	t->st2 = hb_xcalloc(t->capst, 1);
}

static int
cmp_entry(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);

	if (c != 0)
		return c;
	return a->c < b->c ? -1 : a->c > b->c;
}

/* Follows path from after commit `after` (SIZE_MAX: from the start). */
static void
add_alias(struct task *t, const char *path, size_t after)
{
	const struct history *h = t->h;
	struct alias *a;
	size_t lo = 0, hi = h->nidx, i;

	for (i = 0; i < t->nal; i++)
		if (strcmp(t->al[i].path, path) == 0)
			return;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(h->idx[mid].path, path);

		if (c < 0 || (c == 0 && after != SIZE_MAX &&
		    h->idx[mid].c <= after))
			lo = mid + 1;
		else
			hi = mid;
	}
	t->al = hb_xgrow(t->al, &t->capal, t->nal + 1, sizeof(*t->al));
	a = &t->al[t->nal++];
	a->path = hb_arena_strdup(&t->arena, path);
	a->pos = lo;
	for (i = lo; i < h->nidx && strcmp(h->idx[i].path, path) == 0; i++)
		;
	a->end = i;
}

static void
add_event(struct qhist *q, size_t c, bool created)
{
	if (q->nev == 0 || q->ev[q->nev - 1] != c) {
		q->ev = hb_xgrow(q->ev, &q->cap, q->nev + 1, sizeof(*q->ev));
		q->ev[q->nev++] = c;
	}
	if (created) {
		q->created = c;
		q->has_created = true;
	}
}

/* A question in a merge changed only when it differs from every
 * parent; it was created there only when no parent has it. */
static unsigned char
combine(unsigned char a, unsigned char b)
{
	if (a == 0 || b == 0)
		return 0;
	return a == 2 && b == 2 ? 2 : 1;
}

/* One change of one of the document's paths. */
static int
visit(struct task *t, const struct entry *e)
{
	const struct history *h = t->h;
	const struct hb_git_commit *c = &h->log.v[e->c];
	const struct hb_git_delta *dl = e->d;
	struct ver *nw = get_ver(t, &dl->new_blob, dl->new_path);
	size_t i, m;

	if (nw == NULL)
		return -1;
	if (c->boundary) {
		/* The parents are not in this clone: what the commit
		 * changed, and when questions began, is unknown. */
		for (i = 0; i < nw->nq; i++)
			if (nw->fin[i] >= 0)
				t->qs[nw->fin[i]].unknown = true;
		return 0;
	}
	scratch(t, nw->nq);
	if (dl->status == HB_GIT_ADDED)
		memset(t->st, 2, nw->nq);
	else if (step(t, nw, &dl->old_blob, dl->old_path, t->st) != 0)
		return -1;
	for (m = 0; m < c->nmerged; m++) {
		struct hb_git_oid ob;

		if (!hb_git_blob_at(h->g, &c->merged[m], dl->new_path, &ob))
			continue;	/* not there: combine(x, 2) == x */
		if (memcmp(ob.id, dl->new_blob.id, sizeof(ob.id)) == 0) {
			memset(t->st, 0, nw->nq);
			break;
		}
		if (step(t, nw, &ob, dl->new_path, t->st2) != 0)
			return -1;
		for (i = 0; i < nw->nq; i++)
			t->st[i] = combine(t->st[i], t->st2[i]);
	}
	for (i = 0; i < nw->nq; i++)
		if (nw->fin[i] >= 0 && t->st[i] != 0)
			add_event(&t->qs[nw->fin[i]], e->c, t->st[i] == 2);
	if (dl->status == HB_GIT_RENAMED)
		add_alias(t, dl->old_path, e->c);
	return 0;
}

static const struct hb_git_delta *
find_wt(const struct history *h, const char *path)
{
	size_t lo = 0, hi = h->wt.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *p = h->wt.v[mid].new_path;
		int c = strcmp(p ? p : "", path);

		if (c == 0)
			return &h->wt.v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
all_uncommitted(struct task *t)
{
	size_t i;

	for (i = 0; i < t->doc->nquestions; i++)
		t->qs[i].uncommitted = true;
}

/* The document's version in the commit being built; NULL when its file
 * is not there (new in the working tree). With a working tree, also
 * marks the questions that differ from it. */
static struct ver *
start_ver(struct task *t, const char **path)
{
	struct history *h = t->h;
	struct hb_document *doc = t->doc;
	const struct hb_git_delta *wd = h->worktree ? find_wt(h, doc->path) :
	    NULL;
	struct hb_git_oid oid;
	struct ver *v;
	char *text;
	size_t len, i;

	*path = doc->path;
	if (wd != NULL) {
		struct hb_buf b;
		struct ver *work;

		*path = wd->status == HB_GIT_ADDED ? NULL : wd->old_path;
		if (*path == NULL || !hb_git_blob_at(h->g, &h->head, *path,
		    &oid))
			return NULL;
		v = get_ver(t, &oid, *path);
		hb_buf_init(&b, HB_BUF_NOCAP);
		if (v == NULL || hb_source_read(h->src, doc->path, &b,
		    &t->keep) != 0) {
			hb_buf_fini(&b);
			return NULL;
		}
		len = b.len;
		work = ver_from_doc(t, doc, hb_buf_detach(&b), len);
		scratch(t, work->nq);
		compare(t, work, v, t->st);
		for (i = 0; i < work->nq; i++)
			if (t->st[i] != 0)
				t->qs[i].uncommitted = true;
		ver_free(work);
		return v;
	}
	if (!hb_git_blob_at(h->g, &h->head, doc->path, &oid))
		return NULL;
	/* The loaded document is this version: no parse needed. */
	text = read_blob(t, &oid, &len);
	if (text == NULL)
		return NULL;
	v = ver_from_doc(t, doc, text, len);
	cache_add(t, v, &oid);
	return v;
}

static const struct hb_commit *
commit_of(struct task *t, size_t c)
{
	const struct hb_git_commit *gc = &t->h->log.v[c];
	struct hb_arena *a = &t->doc->arena;
	struct interned *x;
	size_t i;

	for (i = 0; i < t->nin; i++)
		if (t->in[i].c == c)
			return &t->in[i].commit;
	t->in = hb_xgrow(t->in, &t->capin, t->nin + 1, sizeof(*t->in));
	x = &t->in[t->nin++];
	x->c = c;
	x->commit.id = hb_arena_strdup(a, gc->short_id);
	x->commit.date = hb_arena_strdup(a, gc->date);
	x->commit.author = hb_arena_strdup(a, gc->author);
	x->commit.subject = hb_arena_strdup(a, gc->subject);
	return &x->commit;
}

/* Writes what was found into the document's questions. */
static void
publish(struct task *t)
{
	struct hb_arena *a = &t->doc->arena;
	size_t i, k, m;

	for (i = 0; i < t->doc->nquestions; i++) {
		struct hb_question *q = &t->doc->questions[i];
		const struct qhist *qh = &t->qs[i];

		q->uncommitted = qh->uncommitted;
		q->nhistory = qh->nev;
		q->history = NULL;
		q->authors = NULL;
		q->nauthors = 0;
		q->created = qh->has_created && !qh->unknown ?
		    commit_of(t, qh->created)->date : NULL;
		q->updated = qh->nev > 0 && !qh->uncommitted ?
		    commit_of(t, qh->ev[0])->date : NULL;
		if (qh->nev == 0)
			continue;
		q->history = hb_arena_alloc(a, qh->nev * sizeof(*q->history));
		q->authors = hb_arena_alloc(a, qh->nev * sizeof(*q->authors));
		for (k = 0; k < qh->nev; k++)
			q->history[k] = *commit_of(t, qh->ev[k]);
		/* Authors by first contribution: oldest first. */
		for (k = qh->nev; k-- > 0;) {
			const char *name = q->history[k].author;

			for (m = 0; m < q->nauthors; m++)
				if (strcmp(q->authors[m], name) == 0)
					break;
			if (m == q->nauthors)
				q->authors[q->nauthors++] = name;
		}
	}
}

static void
run_task(struct task *t)
{
	struct history *h = t->h;
	struct hb_document *doc = t->doc;
	const char **keys;
	const char *path;
	size_t i;

	t->qs = hb_xcalloc(doc->nquestions + 1, sizeof(*t->qs));
	keys = make_keys(t, doc);
	t->nfk = doc->nquestions;
	t->fk = hb_xcalloc(t->nfk + 1, sizeof(*t->fk));
	for (i = 0; i < t->nfk; i++) {
		t->fk[i].key = keys[i];
		t->fk[i].i = (int)i;
	}
	free(keys);
	if (t->nfk > 1)
		qsort(t->fk, t->nfk, sizeof(*t->fk), cmp_fkey);
	if (!h->has_head || start_ver(t, &path) == NULL) {
		/* Not committed yet (or unreadable, reported). */
		if (h->worktree)
			all_uncommitted(t);
		publish(t);
		return;
	}
	add_alias(t, path, SIZE_MAX);
	for (;;) {
		struct alias *best = NULL;

		for (i = 0; i < t->nal; i++)
			if (t->al[i].pos < t->al[i].end && (best == NULL ||
			    h->idx[t->al[i].pos].c < h->idx[best->pos].c))
				best = &t->al[i];
		if (best == NULL)
			break;
		if (visit(t, &h->idx[best->pos++]) != 0)
			break;
	}
	publish(t);
}

/* Frees what the task used; its `keep` diagnostics stay for merging.
 * Called as soon as the task is done, so memory is reused. */
static void
task_release(struct task *t)
{
	struct ver *v, *next;
	size_t i;

	for (v = t->vers; v != NULL; v = next) {
		next = v->next;
		ver_free(v);
	}
	t->vers = NULL;
	if (t->qs != NULL)
		for (i = 0; i < t->doc->nquestions; i++)
			free(t->qs[i].ev);
	free(t->qs);
	free(t->fk);
	free(t->st);
	free(t->st2);
	free(t->al);
	free(t->in);
	t->qs = NULL;
	t->fk = NULL;
	t->st = t->st2 = NULL;
	t->al = NULL;
	t->in = NULL;
	hb_arena_fini(&t->arena);
	hb_diag_fini(&t->drop);
}

static void
run_one(void *ctx, void *state, size_t i)
{
	struct history *h = ctx;

	(void)state;
	run_task(&h->tasks[i]);
	task_release(&h->tasks[i]);
}

static void
build_index(struct history *h)
{
	size_t i, k, n = 0, cap = 0;

	for (i = 0; i < h->log.n; i++)
		for (k = 0; k < h->log.v[i].ndeltas; k++) {
			const struct hb_git_delta *d = &h->log.v[i].deltas[k];

			if (d->new_path == NULL)
				continue;
			h->idx = hb_xgrow(h->idx, &cap, n + 1, sizeof(*h->idx));
			h->idx[n].path = d->new_path;
			h->idx[n].c = i;
			h->idx[n].d = d;
			n++;
		}
	h->nidx = n;
	if (n > 1)
		qsort(h->idx, n, sizeof(*h->idx), cmp_entry);
}

int
hb_history_compute(struct hb_source *src, const char *content,
    struct hb_site *site, const struct hb_history_loader *ld, int jobs,
    unsigned flags, struct hb_history_stats *stats, struct hb_diag *d)
{
	struct hb_git *g = hb_source_git(src);
	struct history h;
	struct hb_pool_work work = { NULL, run_one, NULL, &h };
	size_t i;
	int rc = 0;

	if (stats != NULL)
		memset(stats, 0, sizeof(*stats));
	if (g == NULL)
		return 0;
	memset(&h, 0, sizeof(h));
	h.g = g;
	h.src = src;
	h.content = content;
	h.clen = strlen(content);
	h.ld = ld;
	h.flags = flags;
	h.worktree = hb_git_is_worktree(g);
	h.has_head = hb_git_head(g, &h.head);
	hb_arena_init(&h.wt.arena);
	if (hb_git_log(g, content, &h.log, d) != 0) {
		hb_git_log_fini(&h.log);
		return -1;
	}
	if (h.log.shallow)
		hb_diag_warning(d, NULL, "shallow clone: question dates "
		    "unknown; fetch full history with git fetch --unshallow");
	if (h.worktree && h.has_head &&
	    hb_git_worktree(g, content, &h.wt, d) != 0) {
		hb_git_changes_fini(&h.wt);
		hb_git_log_fini(&h.log);
		return -1;
	}
	build_index(&h);
	h.ntasks = site->ndocs;
	h.tasks = hb_xcalloc(h.ntasks + 1, sizeof(*h.tasks));
	for (i = 0; i < h.ntasks; i++) {
		h.tasks[i].h = &h;
		h.tasks[i].doc = site->docs[i];
		hb_arena_init(&h.tasks[i].arena);
		hb_diag_init(&h.tasks[i].drop);
		hb_diag_init(&h.tasks[i].keep);
	}
	atomic_init(&h.parsed, 0);
	atomic_init(&h.derived, 0);
	hb_pool_run(&work, h.ntasks, jobs);
	for (i = 0; i < h.ntasks; i++) {
		if (hb_diag_count(&h.tasks[i].keep, HB_SEV_ERROR) > 0)
			rc = -1;
		hb_diag_merge(d, &h.tasks[i].keep);
		hb_diag_fini(&h.tasks[i].keep);
	}
	if (stats != NULL) {
		stats->commits = h.log.n;
		stats->parsed = atomic_load(&h.parsed);
		stats->derived = atomic_load(&h.derived);
	}
	free(h.tasks);
	free(h.idx);
	hb_git_changes_fini(&h.wt);
	hb_git_log_fini(&h.log);
	return rc;
}

/* ---- a document parsed again (serve) ---- */

static bool
same_text(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/* Whether a question reads the same (its history then still holds). */
static bool
same_question(const struct hb_question *a, const struct hb_question *b)
{
	size_t i;

	if (!same_text(a->title, b->title) ||
	    !same_text(a->prompt, b->prompt) ||
	    a->nanswers != b->nanswers ||
	    (a->review == NULL) != (b->review == NULL) ||
	    (a->review != NULL &&
	    !same_text(a->review->markdown, b->review->markdown)))
		return false;
	for (i = 0; i < a->nanswers; i++)
		if (!same_text(a->answers[i].markdown, b->answers[i].markdown))
			return false;
	return true;
}

/* Whether git history was computed for q (only in a repository). */
static bool
tracked(const struct hb_question *q)
{
	return q->created != NULL || q->uncommitted || q->nhistory > 0;
}

/* Git history is computed once per build (it walks the whole log); see
 * history.h for how a re-parsed document takes it over. */
void
hb_history_carry(struct hb_document *nd, const struct hb_document *od)
{
	bool git = false;
	size_t i, j, k;

	for (j = 0; j < od->nquestions && !git; j++)
		git = tracked(&od->questions[j]);
	if (!git)
		return;
	for (i = 0; i < nd->nquestions; i++) {
		struct hb_question *q = &nd->questions[i];
		const struct hb_question *o = NULL;
		struct hb_arena *a = &nd->arena;

		for (j = 0; j < od->nquestions && o == NULL; j++)
			if (same_text(od->questions[j].base_id, q->base_id))
				o = &od->questions[j];
		if (o == NULL) {
			q->uncommitted = true;	/* in no commit yet */
			continue;
		}
		q->created = hb_arena_strdup(a, o->created);
		q->updated = hb_arena_strdup(a, o->updated);
		q->uncommitted = o->uncommitted;
		if (o->nauthors > 0) {
			q->authors = hb_arena_alloc(a, o->nauthors *
			    sizeof(*q->authors));
			for (k = 0; k < o->nauthors; k++)
				q->authors[k] = hb_arena_strdup(a,
				    o->authors[k]);
			q->nauthors = o->nauthors;
		}
		if (o->nhistory > 0) {
			q->history = hb_arena_alloc(a, o->nhistory *
			    sizeof(*q->history));
			for (k = 0; k < o->nhistory; k++) {
				const struct hb_commit *c = &o->history[k];

				q->history[k].id = hb_arena_strdup(a, c->id);
				q->history[k].date = hb_arena_strdup(a,
				    c->date);
				q->history[k].author = hb_arena_strdup(a,
				    c->author);
				q->history[k].subject = hb_arena_strdup(a,
				    c->subject);
			}
			q->nhistory = o->nhistory;
		}
		if (!same_question(q, o)) {
			q->uncommitted = true;
			q->updated = NULL;
		}
	}
}
