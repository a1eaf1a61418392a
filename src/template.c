/* Template stage: consumes Mustache sources (name, text, display path)
 * and value trees; produces compiled, linked node trees (lex -> match ->
 * standalone lines -> tree -> link) and, per render, HTML in an hb_buf.
 * Whitespace follows the official spec, including ~inheritance block
 * reindentation (mustache/spec specs/whitespace.md). */
#include "template.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "str.h"
#include "xalloc.h"

/* Render limits besides those in template.h. Recursion of the renderer
 * itself (sections inside partials inside sections...) and the total
 * number of node visits per render: nested loops over lists and
 * branching recursive partials can otherwise run for ever without
 * producing output. A large index page needs well under a million. */
#define MAX_RENDER_DEPTH 1024
#define MAX_RENDER_STEPS 50000000L

#define NONE ((size_t)-1)

/* ---- Values ----------------------------------------------------------- */

static const struct hb_tval tv_null = { .kind = HB_TV_NULL };

static uint32_t
hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static struct hb_tval *
tv_new(struct hb_arena *a, enum hb_tv_kind kind)
{
	struct hb_tval *v = hb_arena_alloc(a, sizeof(*v));

	v->kind = kind;
	return v;
}

struct hb_tval *
hb_tval_null(struct hb_arena *a)
{
	return tv_new(a, HB_TV_NULL);
}

struct hb_tval *
hb_tval_bool(struct hb_arena *a, bool b)
{
	struct hb_tval *v = tv_new(a, HB_TV_BOOL);

	v->u.b = b;
	return v;
}

struct hb_tval *
hb_tval_int(struct hb_arena *a, long long i)
{
	struct hb_tval *v = tv_new(a, HB_TV_INT);

	v->u.i = i;
	return v;
}

static struct hb_tval *
tv_text(struct hb_arena *a, enum hb_tv_kind kind, const char *s, size_t n,
    bool copy)
{
	struct hb_tval *v;

	if (s == NULL)
		return tv_new(a, HB_TV_NULL);
	v = tv_new(a, kind);
	v->u.str.s = copy ? hb_arena_strndup(a, s, n) : s;
	v->u.str.n = n;
	return v;
}

struct hb_tval *
hb_tval_str(struct hb_arena *a, const char *s)
{
	return tv_text(a, HB_TV_STRING, s, s ? strlen(s) : 0, true);
}

struct hb_tval *
hb_tval_strn(struct hb_arena *a, const char *s, size_t n)
{
	return tv_text(a, HB_TV_STRING, s, n, true);
}

struct hb_tval *
hb_tval_str_borrow(struct hb_arena *a, const char *s, size_t n)
{
	return tv_text(a, HB_TV_STRING, s, n, false);
}

struct hb_tval *
hb_tval_html(struct hb_arena *a, const char *s)
{
	return tv_text(a, HB_TV_HTML, s, s ? strlen(s) : 0, true);
}

struct hb_tval *
hb_tval_htmln(struct hb_arena *a, const char *s, size_t n)
{
	return tv_text(a, HB_TV_HTML, s, n, true);
}

struct hb_tval *
hb_tval_html_borrow(struct hb_arena *a, const char *s, size_t n)
{
	return tv_text(a, HB_TV_HTML, s, n, false);
}

struct hb_tval *
hb_tval_list(struct hb_arena *a)
{
	struct hb_tval *v = tv_new(a, HB_TV_LIST);

	v->u.list.a = a;
	return v;
}

struct hb_tval *
hb_tval_map(struct hb_arena *a)
{
	struct hb_tval *v = tv_new(a, HB_TV_MAP);

	v->u.map.a = a;
	return v;
}

void
hb_tval_list_push(struct hb_tval *l, const struct hb_tval *v)
{
	assert(l != NULL && l->kind == HB_TV_LIST);
	if (l->u.list.n == l->u.list.cap) {
		/* Arena arrays cannot grow in place; doubling keeps the
		 * abandoned copies below the final size. */
		size_t cap = l->u.list.cap ? l->u.list.cap * 2 : 8;
		const struct hb_tval **nv =
		    hb_arena_alloc(l->u.list.a, cap * sizeof(*nv));

		if (l->u.list.n > 0)
			memcpy(nv, l->u.list.v, l->u.list.n * sizeof(*nv));
		l->u.list.v = nv;
		l->u.list.cap = cap;
	}
	l->u.list.v[l->u.list.n++] = v != NULL ? v : &tv_null;
}

static const struct hb_tval_ent *
map_find(const struct hb_tval *m, const char *k, size_t n, uint32_t h)
{
	size_t mask, i;

	if (m->u.map.nslot == 0)
		return NULL;
	mask = m->u.map.nslot - 1;
	/* The load factor stays at or below 1/2, so an empty slot ends
	 * every probe sequence. */
	for (i = h & mask;; i = (i + 1) & mask) {
		uint32_t s = m->u.map.slot[i];
		const struct hb_tval_ent *e;

		if (s == 0)
			return NULL;
		e = &m->u.map.v[s - 1];
		if (e->hash == h && e->klen == n && memcmp(e->key, k, n) == 0)
			return e;
	}
}

static void
map_index(struct hb_tval *m, size_t nslot)
{
	uint32_t *slot = hb_arena_alloc(m->u.map.a, nslot * sizeof(*slot));
	size_t mask = nslot - 1, i, j;

	for (i = 0; i < m->u.map.n; i++) {
		for (j = m->u.map.v[i].hash & mask; slot[j] != 0;
		    j = (j + 1) & mask)
			;
		slot[j] = (uint32_t)(i + 1);
	}
	m->u.map.slot = slot;
	m->u.map.nslot = nslot;
}

void
hb_tval_map_set(struct hb_tval *m, const char *key, const struct hb_tval *v)
{
	size_t n = strlen(key);
	uint32_t h = hash_bytes(key, n);
	struct hb_tval_ent *e;

	assert(m != NULL && m->kind == HB_TV_MAP);
	if (v == NULL)
		v = &tv_null;
	e = (struct hb_tval_ent *)map_find(m, key, n, h);
	if (e != NULL) {
		e->val = v;
		return;
	}
	if (m->u.map.n == m->u.map.cap) {
		size_t cap = m->u.map.cap ? m->u.map.cap * 2 : 8;
		struct hb_tval_ent *nv =
		    hb_arena_alloc(m->u.map.a, cap * sizeof(*nv));

		if (m->u.map.n > 0)
			memcpy(nv, m->u.map.v, m->u.map.n * sizeof(*nv));
		m->u.map.v = nv;
		m->u.map.cap = cap;
	}
	e = &m->u.map.v[m->u.map.n++];
	e->key = hb_arena_strndup(m->u.map.a, key, n);
	e->klen = n;
	e->hash = h;
	e->val = v;
	if (m->u.map.n * 2 > m->u.map.nslot) {
		map_index(m, m->u.map.nslot ? m->u.map.nslot * 2 : 16);
	} else {
		size_t mask = m->u.map.nslot - 1, j;

		for (j = h & mask; m->u.map.slot[j] != 0; j = (j + 1) & mask)
			;
		m->u.map.slot[j] = (uint32_t)m->u.map.n;
	}
}

void
hb_tval_map_set_str(struct hb_tval *m, const char *key, const char *s)
{
	hb_tval_map_set(m, key, hb_tval_str(m->u.map.a, s));
}

void
hb_tval_map_set_html(struct hb_tval *m, const char *key, const char *s)
{
	hb_tval_map_set(m, key, hb_tval_html(m->u.map.a, s));
}

void
hb_tval_map_set_html_borrow(struct hb_tval *m, const char *key,
    const char *s, size_t n)
{
	hb_tval_map_set(m, key, hb_tval_html_borrow(m->u.map.a, s, n));
}

void
hb_tval_map_set_int(struct hb_tval *m, const char *key, long long i)
{
	hb_tval_map_set(m, key, hb_tval_int(m->u.map.a, i));
}

void
hb_tval_map_set_bool(struct hb_tval *m, const char *key, bool b)
{
	hb_tval_map_set(m, key, hb_tval_bool(m->u.map.a, b));
}

const struct hb_tval *
hb_tval_map_get(const struct hb_tval *m, const char *key)
{
	const struct hb_tval_ent *e;
	size_t n;

	if (m == NULL || m->kind != HB_TV_MAP)
		return NULL;
	n = strlen(key);
	e = map_find(m, key, n, hash_bytes(key, n));
	return e != NULL ? e->val : NULL;
}

bool
hb_tval_is_truthy(const struct hb_tval *v)
{
	if (v == NULL)
		return false;
	switch (v->kind) {
	case HB_TV_NULL:
		return false;
	case HB_TV_BOOL:
		return v->u.b;
	case HB_TV_INT:
		return v->u.i != 0;
	case HB_TV_STRING:
	case HB_TV_HTML:
		return v->u.str.n > 0;
	case HB_TV_LIST:
		return v->u.list.n > 0;
	case HB_TV_MAP:
		return true;
	}
	return false;
}

static const char *
kind_name(enum hb_tv_kind k)
{
	switch (k) {
	case HB_TV_NULL: return "null";
	case HB_TV_BOOL: return "boolean";
	case HB_TV_INT: return "number";
	case HB_TV_STRING: return "string";
	case HB_TV_HTML: return "HTML fragment";
	case HB_TV_LIST: return "list";
	case HB_TV_MAP: return "map";
	}
	return "value";
}

/* ---- Compiled form ------------------------------------------------- */

/* Tokens: the first compile pass cuts the source into text runs and
 * tags; later passes decide which whitespace standalone tags remove. */
enum tkind {
	T_TEXT,
	T_VAR,		/* {{x}} */
	T_RAW,		/* {{{x}}} {{&x}} */
	T_SECTION,	/* {{#x}} */
	T_INVERTED,	/* {{^x}} */
	T_CLOSE,	/* {{/x}} */
	T_COMMENT,	/* {{!x}} */
	T_PARTIAL,	/* {{>x}} */
	T_PARENT,	/* {{<x}} */
	T_BLOCK,	/* {{$x}} */
	T_DELIM		/* {{=a b=}} */
};

struct tok {
	enum tkind kind;
	size_t b, e;	/* text, or the whole tag with its delimiters */
	size_t nb, ne;	/* the tag's name, trimmed */
	int line, col;
	size_t match;	/* open <-> close, NONE when unmatched */
	size_t lcut;	/* removes [lcut, b): indentation of its line */
	size_t rcut;	/* removes [e, rcut): trailing blanks and EOL */
	bool island;	/* a direct child of a parent tag */
	bool alone;	/* the tag is standalone on its line */
	bool pair;	/* parent/block: open and close tag clear the line */
	bool broken;	/* a close tag that matched nothing */
};

enum nkind {
	N_TEXT,
	N_LINE,		/* a source line starts: indentation goes here */
	N_VAR,
	N_SECTION,
	N_INVERTED,
	N_PARTIAL,
	N_PARENT,	/* kids: its argument blocks */
	N_BLOCK		/* kids: the default (or argument) content */
};

/* One segment of a dotted name, hashed once at compile time. */
struct part {
	const char *s;
	size_t n;
	uint32_t h;
};

struct tmpl;

struct node {
	enum nkind kind;
	bool raw;	/* VAR: not escaped */
	bool midline;	/* PARTIAL, PARENT, BLOCK: expanded mid-line */
	bool is_arg;	/* BLOCK: an argument passed to a parent */
	int line, col;
	uint32_t id;	/* unique in the set: reports once per render */
	const char *s;	/* TEXT: bytes; tags: the name as written */
	size_t n;
	const char *ind;	/* PARTIAL, PARENT, BLOCK: added indentation */
	size_t nind;
	const struct part *parts;	/* VAR, sections; none for "." */
	size_t nparts;
	struct node *kids;
	size_t nkids;
	const struct tmpl *target;	/* PARTIAL, PARENT: set by the linker */
	const char *path;	/* of the template holding the node */
};

struct tmpl {
	char *name;
	size_t nname;
	char *path;
	char *src;
	size_t len;
	struct node *nodes;
	size_t nnodes;
	size_t index;
	bool ok;	/* compiled without errors */
};

struct hb_tset {
	unsigned flags;
	struct hb_arena arena;	/* templates, nodes, names */
	struct tmpl **v;
	size_t n, cap;
	uint32_t nids;
	size_t nerr;	/* errors reported by hb_tset_compile */
	bool compiled;
	bool ok;
};

static void vterr(struct hb_tset *ts, struct hb_diag *d, const char *path,
    int line, int col, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));
static void terr(struct hb_tset *ts, struct hb_diag *d, const char *path,
    int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Reports a compile error at path:line:col and counts it. */
static void
vterr(struct hb_tset *ts, struct hb_diag *d, const char *path, int line,
    int col, const char *fmt, va_list ap)
{
	struct hb_pos pos = { path, line, col };

	hb_diag_vreport(d, HB_SEV_ERROR, &pos, fmt, ap);
	ts->nerr++;
}

static void
terr(struct hb_tset *ts, struct hb_diag *d, const char *path, int line,
    int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vterr(ts, d, path, line, col, fmt, ap);
	va_end(ap);
}

static void tnote(struct hb_diag *d, int line, int col, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
tnote(struct hb_diag *d, int line, int col, const char *fmt, ...)
{
	struct hb_pos pos = { NULL, line, col };
	va_list ap;

	va_start(ap, fmt);
	hb_diag_vreport(d, HB_SEV_NOTE, &pos, fmt, ap);
	va_end(ap);
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* ---- Pass 1: lexing ------------------------------------------------- */

struct lex {
	struct hb_tset *ts;
	struct tmpl *t;
	struct hb_diag *d;
	const char *src;
	size_t len;
	size_t off;	/* position tracking, moves forward only */
	int line;
	size_t bol;
	char od[HB_TMPL_MAX_DELIM];	/* current delimiters */
	char cd[HB_TMPL_MAX_DELIM];
	size_t nod, ncd;
	struct tok *v;
	size_t n, cap;
	bool fatal;	/* an unclosed tag: nothing after it is reliable */
	bool failed;
};

static void
lex_pos(struct lex *lx, size_t to, int *line, int *col)
{
	while (lx->off < to) {
		const char *nl = memchr(lx->src + lx->off, '\n', to - lx->off);

		if (nl == NULL) {
			lx->off = to;
			break;
		}
		lx->line++;
		lx->off = (size_t)(nl - lx->src) + 1;
		lx->bol = lx->off;
	}
	*line = lx->line;
	*col = (int)(to - lx->bol + 1);
}

static struct tok *
lex_push(struct lex *lx, enum tkind kind, size_t b, size_t e)
{
	struct tok *tk;

	lx->v = hb_xgrow(lx->v, &lx->cap, lx->n + 1, sizeof(*lx->v));
	tk = &lx->v[lx->n++];
	memset(tk, 0, sizeof(*tk));
	tk->kind = kind;
	tk->b = b;
	tk->e = e;
	tk->match = NONE;
	tk->lcut = NONE;
	tk->rcut = NONE;
	lex_pos(lx, b, &tk->line, &tk->col);
	return tk;
}

static void lex_err(struct lex *lx, const struct tok *tk, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static void
lex_err(struct lex *lx, const struct tok *tk, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vterr(lx->ts, lx->d, lx->t->path, tk->line, tk->col, fmt, ap);
	va_end(ap);
	lx->failed = true;
}

/* "." or non-empty segments joined by single dots. */
static bool
dotted_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 1 && s[0] == '.')
		return true;
	if (s[0] == '.' || s[n - 1] == '.')
		return false;
	for (i = 1; i < n; i++)
		if (s[i] == '.' && s[i - 1] == '.')
			return false;
	return true;
}

static void
lex_check_name(struct lex *lx, struct tok *tk)
{
	const char *s = lx->src + tk->nb;
	size_t n = tk->ne - tk->nb, i;
	bool dotted = tk->kind == T_VAR || tk->kind == T_RAW ||
	    tk->kind == T_SECTION || tk->kind == T_INVERTED ||
	    tk->kind == T_CLOSE;

	if (n == 0) {
		lex_err(lx, tk, "tag has no name");
		return;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == ' ') {
			lex_err(lx, tk, "invalid name '%.*s' in tag", (int)n,
			    s);
			return;
		}
	}
	if (dotted && !dotted_ok(s, n))
		lex_err(lx, tk, "invalid name '%.*s' in tag", (int)n, s);
}

/* {{=<% %>=}}: two delimiters separated by blanks, neither holding '='
 * nor blanks. A bad pair is reported and the old one kept. */
static void
lex_set_delims(struct lex *lx, struct tok *tk)
{
	const char *s = lx->src;
	size_t b = tk->nb, e = tk->ne, x, y, k;

	for (x = b; x < e && !is_space(s[x]); x++)
		;
	for (y = x; y < e && is_space(s[y]); y++)
		;
	if (x == b || y == e || x - b > HB_TMPL_MAX_DELIM ||
	    e - y > HB_TMPL_MAX_DELIM || memchr(s + b, '=', x - b) != NULL ||
	    memchr(s + y, '=', e - y) != NULL) {
		lex_err(lx, tk, "invalid delimiters '%.*s': expected two "
		    "delimiters of at most %d bytes without '=', separated by "
		    "a space", (int)(e - b), s + b, HB_TMPL_MAX_DELIM);
		return;
	}
	for (k = y; k < e; k++) {
		if (is_space(s[k])) {
			lex_err(lx, tk, "invalid delimiters '%.*s': expected "
			    "exactly two", (int)(e - b), s + b);
			return;
		}
	}
	memcpy(lx->od, s + b, x - b);
	lx->nod = x - b;
	memcpy(lx->cd, s + y, e - y);
	lx->ncd = e - y;
}

/* Lexes the tag whose opening delimiter starts at s; returns the offset
 * after it. */
static size_t
lex_tag(struct lex *lx, size_t s)
{
	const char *src = lx->src;
	char needle[HB_TMPL_MAX_DELIM + 1];
	size_t nneedle = 0, p = s + lx->nod, nb, ne;
	enum tkind kind = T_VAR;
	const char *hit;
	struct tok *tk;
	char c = p < lx->len ? src[p] : '\0';

	switch (c) {
	case '{': kind = T_RAW; needle[nneedle++] = '}'; break;
	case '=': kind = T_DELIM; needle[nneedle++] = '='; break;
	case '&': kind = T_RAW; break;
	case '#': kind = T_SECTION; break;
	case '^': kind = T_INVERTED; break;
	case '/': kind = T_CLOSE; break;
	case '!': kind = T_COMMENT; break;
	case '>': kind = T_PARTIAL; break;
	case '<': kind = T_PARENT; break;
	case '$': kind = T_BLOCK; break;
	default: break;
	}
	nb = kind == T_VAR ? p : p + 1;
	memcpy(needle + nneedle, lx->cd, lx->ncd);
	nneedle += lx->ncd;
	hit = nb <= lx->len ?
	    hb_memmem(src + nb, lx->len - nb, needle, nneedle) : NULL;
	tk = lex_push(lx, kind, s, lx->len);
	if (hit == NULL) {
		lex_err(lx, tk, "unclosed tag: no '%.*s' after '%.*s'",
		    (int)nneedle, needle, (int)lx->nod, lx->od);
		lx->fatal = true;
		return lx->len;
	}
	ne = (size_t)(hit - src);
	tk->e = ne + nneedle;
	while (nb < ne && is_space(src[nb]))
		nb++;
	while (ne > nb && is_space(src[ne - 1]))
		ne--;
	tk->nb = nb;
	tk->ne = ne;
	if (kind == T_DELIM)
		lex_set_delims(lx, tk);
	else if (kind != T_COMMENT)
		lex_check_name(lx, tk);
	return tk->e;
}

static void
lex_run(struct lex *lx)
{
	size_t pos = 0;

	memcpy(lx->od, "{{", 2);
	memcpy(lx->cd, "}}", 2);
	lx->nod = lx->ncd = 2;
	lx->line = 1;
	while (pos < lx->len && !lx->fatal) {
		const char *hit = hb_memmem(lx->src + pos, lx->len - pos,
		    lx->od, lx->nod);
		size_t s;

		if (hit == NULL) {
			lex_push(lx, T_TEXT, pos, lx->len);
			break;
		}
		s = (size_t)(hit - lx->src);
		if (s > pos)
			lex_push(lx, T_TEXT, pos, s);
		pos = lex_tag(lx, s);
	}
}

/* ---- Pass 2: matching open and close tags ---------------------------- */

static bool
is_open(enum tkind k)
{
	return k == T_SECTION || k == T_INVERTED || k == T_PARENT ||
	    k == T_BLOCK;
}

static const char *
open_word(enum tkind k)
{
	switch (k) {
	case T_INVERTED: return "inverted section";
	case T_PARENT: return "parent";
	case T_BLOCK: return "block";
	default: return "section";
	}
}

static bool
same_name(const char *src, const struct tok *a, const struct tok *b)
{
	return a->ne - a->nb == b->ne - b->nb &&
	    memcmp(src + a->nb, src + b->nb, a->ne - a->nb) == 0;
}

static void
match_tags(struct lex *lx)
{
	size_t stack[HB_TMPL_MAX_NESTING];
	size_t depth = 0, i, k;
	const char *src = lx->src;

	for (i = 0; i < lx->n; i++) {
		struct tok *tk = &lx->v[i];

		tk->island = depth > 0 && lx->v[stack[depth - 1]].kind ==
		    T_PARENT;
		if (is_open(tk->kind)) {
			if (depth == HB_TMPL_MAX_NESTING) {
				lex_err(lx, tk, "sections nested more than %d "
				    "levels deep", HB_TMPL_MAX_NESTING);
				lx->fatal = true;
				return;
			}
			stack[depth++] = i;
			continue;
		}
		if (tk->kind != T_CLOSE)
			continue;
		tk->broken = true;
		if (depth == 0) {
			lex_err(lx, tk, "closing tag '%.*s' has no open "
			    "section", (int)(tk->ne - tk->nb), src + tk->nb);
			continue;
		}
		for (k = depth; k-- > 0;)
			if (same_name(src, &lx->v[stack[k]], tk))
				break;
		if (k != depth - 1) {
			const struct tok *top = &lx->v[stack[depth - 1]];

			lex_err(lx, tk, "closing tag '%.*s' does not match "
			    "%s '%.*s'", (int)(tk->ne - tk->nb), src + tk->nb,
			    open_word(top->kind), (int)(top->ne - top->nb),
			    src + top->nb);
			tnote(lx->d, top->line, top->col, "%s '%.*s' opened "
			    "here", open_word(top->kind),
			    (int)(top->ne - top->nb), src + top->nb);
			if (k == (size_t)-1)
				continue;	/* a stray close: skip it */
			depth = k + 1;	/* close the outer one it names */
		}
		tk->broken = false;
		tk->match = stack[depth - 1];
		tk->island = lx->v[tk->match].island;
		lx->v[tk->match].match = i;
		depth--;
	}
	for (k = 0; k < depth; k++) {
		struct tok *tk = &lx->v[stack[k]];

		lex_err(lx, tk, "%s '%.*s' opened here is never closed",
		    open_word(tk->kind), (int)(tk->ne - tk->nb),
		    src + tk->nb);
	}
}

/* ---- Pass 3: standalone lines --------------------------------------- */

/* Whether only blanks stand between the start of the line and offset s;
 * *from is where they start. */
static bool
clear_left(const char *src, size_t s, size_t *from)
{
	size_t k = s;

	while (k > 0 && is_blank(src[k - 1]))
		k--;
	*from = k;
	return k == 0 || src[k - 1] == '\n';
}

/* Whether only blanks and then a line end or the end of the template
 * follow offset e; *to is the offset after the line end. */
static bool
clear_right(const char *src, size_t len, size_t e, size_t *to)
{
	size_t k = e;

	while (k < len && is_blank(src[k]))
		k++;
	if (k == len) {
		*to = k;
		return true;
	}
	if (src[k] == '\n') {
		*to = k + 1;
		return true;
	}
	if (src[k] == '\r' && k + 1 < len && src[k + 1] == '\n') {
		*to = k + 2;
		return true;
	}
	return false;
}

/* A tag alone on its line (only blanks around it) is "standalone": its
 * line disappears from the output. Parents and blocks also count as a
 * pair when the open tag clears the left and the close tag the right
 * of their lines. Text directly inside a parent tag is ignored, so the
 * sides of tags facing it need not be clear. See mustache/spec
 * specs/whitespace.md and the ~inheritance tests. */
static void
find_standalone(struct lex *lx)
{
	const char *src = lx->src;
	size_t i;

	for (i = 0; i < lx->n; i++) {
		struct tok *tk = &lx->v[i], *cl;
		size_t lf, rt, clf, crt;
		bool l, r, cl_l, cl_r;

		if (tk->kind == T_TEXT || tk->kind == T_VAR ||
		    tk->kind == T_RAW || tk->broken)
			continue;
		if (tk->kind == T_CLOSE) {
			enum tkind ok = lx->v[tk->match].kind;

			if (ok == T_SECTION || ok == T_INVERTED)
				goto plain;
			continue;	/* handled with its open tag */
		}
		if (tk->kind != T_PARENT && tk->kind != T_BLOCK)
			goto plain;
		cl = &lx->v[tk->match];
		l = clear_left(src, tk->b, &lf);
		r = clear_right(src, lx->len, tk->e, &rt);
		cl_l = clear_left(src, cl->b, &clf);
		cl_r = clear_right(src, lx->len, cl->e, &crt);
		if (tk->kind == T_PARENT) {
			tk->pair = l && cl_r;
			if (tk->pair) {
				tk->lcut = lf;
				cl->rcut = crt;
			}
		} else if (tk->island) {
			/* An argument: its content is a template of its
			 * own, from the open tag to the close tag. */
			if (r) {
				tk->alone = true;
				tk->rcut = rt;
			}
			if (cl_l) {
				cl->alone = true;
				cl->lcut = clf;
			}
		} else {
			tk->pair = l && cl_r;
			if (l && r) {
				tk->alone = true;
				tk->lcut = lf;
				tk->rcut = rt;
			}
			if (cl_l && cl_r) {
				cl->alone = true;
				cl->lcut = clf;
				cl->rcut = crt;
			}
		}
		continue;
plain:
		if (clear_left(src, tk->b, &lf) &&
		    clear_right(src, lx->len, tk->e, &rt)) {
			tk->alone = true;
			tk->lcut = lf;
			tk->rcut = rt;
		}
	}
}

/* ---- Pass 4: the node tree ------------------------------------------ */

/* A container being filled: the root, a section or a block, or a parent
 * (an "island" that keeps only its argument blocks). */
struct cont {
	size_t tok;	/* the open tag, NONE for the root */
	struct node *v;	/* heap, moved into the arena when closed */
	size_t n, cap;
	const char *od;	/* a block's intrinsic indentation, removed */
	size_t nod;	/* from the start of each of its lines */
	bool island;
	bool discard;	/* inside an island, not an argument: dropped */
};

struct tree {
	struct hb_tset *ts;
	struct tmpl *t;
	struct hb_diag *d;
	struct lex *lx;
	struct cont stack[HB_TMPL_MAX_NESTING + 1];
	size_t depth;
	bool strict;
};

static bool
at_bol(const char *src, size_t p)
{
	return p == 0 || src[p - 1] == '\n';
}

/* Skips, at the start of a line, the intrinsic indentation of every
 * enclosing block in turn (outermost first): nested blocks are
 * reindented relative to the block around them. */
static size_t
skip_outdent(const struct tree *tr, size_t p, size_t limit)
{
	size_t i;

	for (i = 1; i < tr->depth; i++) {
		const struct cont *c = &tr->stack[i];

		if (c->nod > 0 && c->nod <= limit - p &&
		    memcmp(tr->t->src + p, c->od, c->nod) == 0)
			p += c->nod;
	}
	return p;
}

static struct node *
tree_add(struct tree *tr, enum nkind kind, const struct tok *tk)
{
	struct cont *c = &tr->stack[tr->depth - 1];
	struct node *nd;

	c->v = hb_xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	nd = &c->v[c->n++];
	memset(nd, 0, sizeof(*nd));
	nd->kind = kind;
	nd->id = tr->ts->nids++;
	nd->path = tr->t->path;
	if (tk != NULL) {
		nd->line = tk->line;
		nd->col = tk->col;
		nd->s = tr->t->src + tk->nb;
		nd->n = tk->ne - tk->nb;
	}
	return nd;
}

static void
tree_parts(struct tree *tr, struct node *nd)
{
	struct part *parts;
	size_t np = 1, i, k, start;

	if (nd->n == 1 && nd->s[0] == '.')
		return;	/* the implicit iterator: no parts */
	for (i = 0; i < nd->n; i++)
		np += nd->s[i] == '.';
	parts = hb_arena_alloc(&tr->ts->arena, np * sizeof(*parts));
	for (i = 0, k = 0, start = 0; i <= nd->n; i++) {
		if (i < nd->n && nd->s[i] != '.')
			continue;
		parts[k].s = nd->s + start;
		parts[k].n = i - start;
		parts[k].h = hash_bytes(parts[k].s, parts[k].n);
		k++;
		start = i + 1;
	}
	nd->parts = parts;
	nd->nparts = np;
}

static void tree_err(struct tree *tr, int line, int col, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
tree_err(struct tree *tr, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vterr(tr->ts, tr->d, tr->t->path, line, col, fmt, ap);
	va_end(ap);
}

static const struct tok *
island_parent(const struct tree *tr)
{
	return &tr->lx->v[tr->stack[tr->depth - 1].tok];
}

/* Text between tags, minus what standalone tags around it remove, cut
 * into lines so that indentation can be added before each. */
static void
tree_text(struct tree *tr, size_t i)
{
	const struct tok *tk = &tr->lx->v[i];
	const struct cont *c = &tr->stack[tr->depth - 1];
	const char *src = tr->t->src;
	size_t b = tk->b, e = tk->e;

	if (c->discard)
		return;
	if (c->island) {
		size_t k;

		for (k = b; k < e && is_space(src[k]); k++)
			;
		if (k < e && tr->strict) {
			const struct tok *p = island_parent(tr);
			int line = tk->line, col = tk->col;
			size_t j;

			for (j = b; j < k; j++) {
				col++;
				if (src[j] == '\n') {
					line++;
					col = 1;
				}
			}
			tree_err(tr, line, col, "text inside parent '%.*s' "
			    "is ignored; only blocks may appear there",
			    (int)(p->ne - p->nb), src + p->nb);
		}
		return;
	}
	if (i > 0 && tr->lx->v[i - 1].rcut != NONE &&
	    tr->lx->v[i - 1].rcut > b)
		b = tr->lx->v[i - 1].rcut;
	if (i + 1 < tr->lx->n && tr->lx->v[i + 1].lcut != NONE &&
	    tr->lx->v[i + 1].lcut < e)
		e = tr->lx->v[i + 1].lcut;
	while (b < e) {
		const char *nl;
		size_t end;
		struct node *nd;

		if (at_bol(src, b)) {
			tree_add(tr, N_LINE, NULL);
			b = skip_outdent(tr, b, e);
			if (b >= e)
				break;
		}
		nl = memchr(src + b, '\n', e - b);
		end = nl != NULL ? (size_t)(nl - src) + 1 : e;
		nd = tree_add(tr, N_TEXT, NULL);
		nd->s = src + b;
		nd->n = end - b;
		b = end;
	}
}

/* The indentation a standalone tag at b keeps for what it expands: the
 * blanks before it, minus enclosing blocks' intrinsic indentation. */
static void
tree_lead(const struct tree *tr, const struct tok *tk, const char **ind,
    size_t *nind)
{
	size_t k = skip_outdent(tr, tk->lcut, tk->b);

	*ind = tr->t->src + k;
	*nind = tk->b - k;
}

static void
tree_open(struct tree *tr, size_t i)
{
	const struct tok *tk = &tr->lx->v[i];
	const struct cont *top = &tr->stack[tr->depth - 1];
	struct cont *c = &tr->stack[tr->depth];
	const char *src = tr->t->src;

	memset(c, 0, sizeof(*c));
	c->tok = i;
	c->discard = top->discard ||
	    (top->island && tk->kind != T_BLOCK);
	c->island = tk->kind == T_PARENT;
	if (top->island && !top->discard && tk->kind != T_BLOCK &&
	    tr->strict) {
		const struct tok *p = island_parent(tr);

		tree_err(tr, tk->line, tk->col, "only blocks may appear "
		    "directly inside parent '%.*s'", (int)(p->ne - p->nb),
		    src + p->nb);
	}
	/* A block whose open tag ends its line takes its intrinsic
	 * indentation from the next line, and removes it from each of its
	 * lines: arguments always, parameters when the pair stands alone. */
	if (tk->kind == T_BLOCK && !c->discard && tk->rcut != NONE &&
	    (tk->island || (tk->alone && tk->pair))) {
		size_t p = skip_outdent(tr, tk->rcut, tr->t->len), q = p;

		while (q < tr->t->len && is_blank(src[q]))
			q++;
		c->od = src + p;
		c->nod = q - p;
	}
	tr->depth++;
}

static void
tree_close(struct tree *tr)
{
	struct cont c = tr->stack[--tr->depth];
	const struct tok *tk = &tr->lx->v[c.tok];
	struct node *kids = NULL, *nd;
	size_t k, j;

	if (c.discard) {
		free(c.v);
		return;
	}
	if (c.n > 0) {
		kids = hb_arena_alloc(&tr->ts->arena, c.n * sizeof(*kids));
		memcpy(kids, c.v, c.n * sizeof(*kids));
	}
	free(c.v);
	switch (tk->kind) {
	case T_SECTION:
	case T_INVERTED:
		nd = tree_add(tr, tk->kind == T_SECTION ? N_SECTION :
		    N_INVERTED, tk);
		tree_parts(tr, nd);
		break;
	case T_PARENT:
		nd = tree_add(tr, N_PARENT, tk);
		nd->midline = !tk->pair;
		if (tk->pair)
			tree_lead(tr, tk, &nd->ind, &nd->nind);
		for (k = 0; k < c.n && tr->strict; k++) {
			for (j = 0; j < k; j++) {
				if (kids[j].n == kids[k].n &&
				    memcmp(kids[j].s, kids[k].s,
				    kids[k].n) == 0) {
					tree_err(tr, kids[k].line, kids[k].col,
					    "block '%.*s' is passed to parent "
					    "'%.*s' twice", (int)kids[k].n,
					    kids[k].s, (int)nd->n, nd->s);
					break;
				}
			}
		}
		break;
	default:
		nd = tree_add(tr, N_BLOCK, tk);
		nd->is_arg = tk->island;
		if (tk->island) {
			nd->ind = c.od;
			nd->nind = c.nod;
		} else if (tk->alone) {
			/* Expanded where its line was: indent the argument
			 * by the intrinsic indentation of the default. */
			if (tk->pair) {
				nd->ind = c.od;
				nd->nind = c.nod;
			}
		} else {
			/* Expanded after text already on the line; a pair
			 * still indents the argument's further lines by the
			 * blanks in front of the open tag. */
			nd->midline = true;
			if (tk->pair) {
				size_t from;

				(void)clear_left(tr->t->src, tk->b, &from);
				from = skip_outdent(tr, from, tk->b);
				nd->ind = tr->t->src + from;
				nd->nind = tk->b - from;
			}
		}
		break;
	}
	nd->kids = kids;
	nd->nkids = c.n;
}

static void
tree_tag(struct tree *tr, size_t i)
{
	const struct tok *tk = &tr->lx->v[i];
	const struct cont *top = &tr->stack[tr->depth - 1];
	const char *src = tr->t->src;
	struct node *nd;

	if (!top->island && !top->discard && at_bol(src, tk->b) &&
	    tk->lcut == NONE)
		tree_add(tr, N_LINE, NULL);
	if (tk->kind == T_CLOSE) {
		tree_close(tr);
		return;
	}
	if (is_open(tk->kind)) {
		tree_open(tr, i);
		return;
	}
	if (tk->kind == T_COMMENT || tk->kind == T_DELIM || top->discard)
		return;
	if (top->island) {
		if (tr->strict) {
			const struct tok *p = island_parent(tr);

			tree_err(tr, tk->line, tk->col, "only blocks may "
			    "appear directly inside parent '%.*s'",
			    (int)(p->ne - p->nb), src + p->nb);
		}
		return;
	}
	if (tk->kind == T_PARTIAL) {
		nd = tree_add(tr, N_PARTIAL, tk);
		nd->midline = !tk->alone;
		if (tk->alone)
			tree_lead(tr, tk, &nd->ind, &nd->nind);
		return;
	}
	nd = tree_add(tr, N_VAR, tk);
	nd->raw = tk->kind == T_RAW;
	tree_parts(tr, nd);
}

static void
tree_build(struct tree *tr)
{
	size_t i;

	memset(&tr->stack[0], 0, sizeof(tr->stack[0]));
	tr->stack[0].tok = NONE;
	tr->depth = 1;
	for (i = 0; i < tr->lx->n; i++) {
		if (tr->lx->v[i].kind == T_TEXT)
			tree_text(tr, i);
		else
			tree_tag(tr, i);
	}
	assert(tr->depth == 1);
	if (tr->stack[0].n > 0) {
		tr->t->nodes = hb_arena_alloc(&tr->ts->arena,
		    tr->stack[0].n * sizeof(*tr->t->nodes));
		memcpy(tr->t->nodes, tr->stack[0].v,
		    tr->stack[0].n * sizeof(*tr->t->nodes));
	}
	tr->t->nnodes = tr->stack[0].n;
	free(tr->stack[0].v);
}

static void
compile_one(struct hb_tset *ts, struct tmpl *t, struct hb_diag *d)
{
	struct lex lx;
	struct tree tr;

	memset(&lx, 0, sizeof(lx));
	lx.ts = ts;
	lx.t = t;
	lx.d = d;
	lx.src = t->src;
	lx.len = t->len;
	lex_run(&lx);
	if (!lx.fatal)
		match_tags(&lx);
	if (lx.failed)
		goto done;
	find_standalone(&lx);
	memset(&tr, 0, sizeof(tr));
	tr.ts = ts;
	tr.t = t;
	tr.d = d;
	tr.lx = &lx;
	tr.strict = !(ts->flags & HB_TSET_LENIENT);
	tree_build(&tr);
	t->ok = true;
done:
	free(lx.v);
}

/* ---- Linking ---------------------------------------------------------- */

struct linker {
	struct hb_tset *ts;
	struct hb_diag *d;
	bool strict;
	unsigned char *color;	/* loop search: 0 new, 1 on path, 2 done */
	size_t *path;
	size_t npath;
	/* Per template: the sorted names of the parameter blocks reachable
	 * from it, computed on first use. */
	const struct node ***names;
	size_t *nnames;
	bool *have_names;
	bool *partial_names;	/* a reachable template failed to compile */
	unsigned *seen;
	unsigned gen;
};

static struct tmpl *
find_tmpl(const struct hb_tset *ts, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < ts->n; i++)
		if (ts->v[i]->nname == n && memcmp(ts->v[i]->name, s, n) == 0)
			return ts->v[i];
	return NULL;
}

static void
link_nodes(struct linker *lk, struct node *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct node *nd = &v[i];

		if (nd->kind == N_PARTIAL || nd->kind == N_PARENT) {
			nd->target = find_tmpl(lk->ts, nd->s, nd->n);
			if (nd->target == NULL && lk->strict)
				terr(lk->ts, lk->d, nd->path, nd->line, nd->col,
				    "unknown %s '%.*s'", nd->kind == N_PARTIAL ?
				    "partial" : "parent template", (int)nd->n,
				    nd->s);
		}
		link_nodes(lk, nd->kids, nd->nkids);
	}
}

/* Follows the partials and parents a template always expands (outside
 * sections and blocks); reaching a template already on the path is a
 * loop that no data can stop. Depth-first with an explicit stack (the
 * path and, per level, the next node to look at): a chain of 10,000
 * partials in user overrides cannot overflow the C stack (issue #15). */
static void
loop_search(struct linker *lk, size_t start, size_t *at)
{
	size_t k;

	lk->color[start] = 1;
	lk->path[0] = start;
	at[0] = 0;
	lk->npath = 1;
	while (lk->npath > 0) {
		size_t t = lk->path[lk->npath - 1], u;
		const struct tmpl *tp = lk->ts->v[t];
		const struct node *nd;

		if (at[lk->npath - 1] == tp->nnodes) {
			lk->color[t] = 2;
			lk->npath--;
			continue;
		}
		nd = &tp->nodes[at[lk->npath - 1]++];
		if ((nd->kind != N_PARTIAL && nd->kind != N_PARENT) ||
		    nd->target == NULL)
			continue;
		u = nd->target->index;
		if (lk->color[u] == 0) {
			lk->color[u] = 1;
			lk->path[lk->npath] = u;
			at[lk->npath++] = 0;
		} else if (lk->color[u] == 1) {
			struct hb_buf b;

			hb_buf_init(&b, HB_BUF_NOCAP);
			for (k = 0; k < lk->npath && lk->path[k] != u; k++)
				;
			for (; k < lk->npath; k++)
				hb_buf_printf(&b, "%s -> ",
				    lk->ts->v[lk->path[k]]->name);
			hb_buf_puts(&b, lk->ts->v[u]->name);
			terr(lk->ts, lk->d, nd->path, nd->line, nd->col,
			    "%s recursion loop: %s", nd->kind == N_PARTIAL ?
			    "partial" : "parent", hb_buf_str(&b));
			hb_buf_fini(&b);
		}
	}
}

static int
cmp_block_name(const void *a, const void *b)
{
	const struct node *x = *(const struct node *const *)a;
	const struct node *y = *(const struct node *const *)b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->s, y->s, n);

	if (c != 0)
		return c;
	return x->n < y->n ? -1 : x->n > y->n;
}

/* Collects every parameter block in v and in whatever it expands;
 * *failed is set when some of that did not compile, or lies more than
 * HB_TMPL_MAX_CALLS partials away (rendering stops there, and reports
 * it; the recursion here stays within 64 x 64 levels). */
static void
collect_blocks(struct linker *lk, const struct node *v, size_t n,
    const struct node ***out, size_t *nout, size_t *cap, bool *failed,
    int calls)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct node *nd = &v[i];

		if (nd->kind == N_BLOCK && !nd->is_arg) {
			*out = hb_xgrow(*out, cap, *nout + 1, sizeof(**out));
			(*out)[(*nout)++] = nd;
		}
		if ((nd->kind == N_PARTIAL || nd->kind == N_PARENT) &&
		    nd->target != NULL &&
		    lk->seen[nd->target->index] != lk->gen) {
			lk->seen[nd->target->index] = lk->gen;
			*failed |= !nd->target->ok;
			if (calls >= HB_TMPL_MAX_CALLS)
				*failed = true;
			else
				collect_blocks(lk, nd->target->nodes,
				    nd->target->nnodes, out, nout, cap,
				    failed, calls + 1);
		}
		collect_blocks(lk, nd->kids, nd->nkids, out, nout, cap,
		    failed, calls);
	}
}

static bool
has_block(struct linker *lk, const struct tmpl *t, const struct node *arg)
{
	const struct node **found;

	if (!lk->have_names[t->index]) {
		const struct node **v = NULL;
		size_t n = 0, cap = 0;

		bool failed = false;

		lk->gen++;
		lk->seen[t->index] = lk->gen;
		collect_blocks(lk, t->nodes, t->nnodes, &v, &n, &cap, &failed,
		    0);
		if (n > 1)
			qsort(v, n, sizeof(*v), cmp_block_name);
		lk->names[t->index] = v;
		lk->nnames[t->index] = n;
		lk->have_names[t->index] = true;
		lk->partial_names[t->index] = failed;
	}
	if (lk->partial_names[t->index])
		return true;	/* no second error for the same cause */
	if (lk->nnames[t->index] == 0)
		return false;
	found = bsearch(&arg, lk->names[t->index], lk->nnames[t->index],
	    sizeof(arg), cmp_block_name);
	return found != NULL;
}

/* Strict: every block passed to a parent must be one it can expand. */
static void
check_args(struct linker *lk, const struct node *v, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		const struct node *nd = &v[i];

		if (nd->kind == N_PARENT && nd->target != NULL &&
		    nd->target->ok) {
			for (k = 0; k < nd->nkids; k++) {
				const struct node *arg = &nd->kids[k];

				if (!has_block(lk, nd->target, arg))
					terr(lk->ts, lk->d, arg->path,
					    arg->line, arg->col, "parent "
					    "template '%.*s' has no block "
					    "'%.*s'", (int)nd->n, nd->s,
					    (int)arg->n, arg->s);
			}
		}
		check_args(lk, nd->kids, nd->nkids);
	}
}

static void
link_all(struct hb_tset *ts, struct hb_diag *d)
{
	struct linker lk;
	size_t i, *at;

	memset(&lk, 0, sizeof(lk));
	lk.ts = ts;
	lk.d = d;
	lk.strict = !(ts->flags & HB_TSET_LENIENT);
	for (i = 0; i < ts->n; i++)
		link_nodes(&lk, ts->v[i]->nodes, ts->v[i]->nnodes);
	lk.color = hb_xcalloc(ts->n + 1, 1);
	lk.path = hb_xcalloc(ts->n + 1, sizeof(*lk.path));
	at = hb_xcalloc(ts->n + 1, sizeof(*at));
	for (i = 0; i < ts->n; i++)
		if (lk.color[i] == 0)
			loop_search(&lk, i, at);
	free(at);
	if (lk.strict) {
		lk.names = hb_xcalloc(ts->n + 1, sizeof(*lk.names));
		lk.nnames = hb_xcalloc(ts->n + 1, sizeof(*lk.nnames));
		lk.have_names = hb_xcalloc(ts->n + 1, sizeof(*lk.have_names));
		lk.partial_names = hb_xcalloc(ts->n + 1,
		    sizeof(*lk.partial_names));
		lk.seen = hb_xcalloc(ts->n + 1, sizeof(*lk.seen));
		for (i = 0; i < ts->n; i++)
			check_args(&lk, ts->v[i]->nodes, ts->v[i]->nnodes);
		for (i = 0; i < ts->n; i++)
			free(lk.names[i]);
	}
	free(lk.names);
	free(lk.nnames);
	free(lk.have_names);
	free(lk.partial_names);
	free(lk.seen);
	free(lk.color);
	free(lk.path);
}

/* ---- Template sets ------------------------------------------------- */

struct hb_tset *
hb_tset_new(unsigned flags)
{
	struct hb_tset *ts = hb_xcalloc(1, sizeof(*ts));

	ts->flags = flags;
	hb_arena_init(&ts->arena);
	return ts;
}

void
hb_tset_free(struct hb_tset *ts)
{
	if (ts == NULL)
		return;
	free(ts->v);
	hb_arena_fini(&ts->arena);
	free(ts);
}

int
hb_tset_add(struct hb_tset *ts, const char *name, const char *text,
    size_t len, const char *path, struct hb_diag *d)
{
	struct tmpl *t;
	size_t n = strlen(name);

	assert(!ts->compiled);
	t = find_tmpl(ts, name, n);
	if (t != NULL) {
		struct hb_pos pos = { path, 0, 0 };

		hb_diag_error(d, &pos, "template '%s' is defined twice (also "
		    "in %s)", name, t->path);
		return -1;
	}
	t = hb_arena_alloc(&ts->arena, sizeof(*t));
	t->name = hb_arena_strndup(&ts->arena, name, n);
	t->nname = n;
	t->path = hb_arena_strdup(&ts->arena, path);
	t->src = hb_arena_strndup(&ts->arena, text != NULL ? text : "",
	    text != NULL ? len : 0);
	t->len = text != NULL ? len : 0;
	t->index = ts->n;
	ts->v = hb_xgrow(ts->v, &ts->cap, ts->n + 1, sizeof(*ts->v));
	ts->v[ts->n++] = t;
	return 0;
}

int
hb_tset_compile(struct hb_tset *ts, struct hb_diag *d)
{
	size_t i;

	assert(!ts->compiled);
	ts->nerr = 0;
	for (i = 0; i < ts->n; i++)
		compile_one(ts, ts->v[i], d);
	link_all(ts, d);
	ts->compiled = true;
	ts->ok = ts->nerr == 0;
	return ts->ok ? 0 : -1;
}

bool
hb_tset_has(const struct hb_tset *ts, const char *name)
{
	return find_tmpl(ts, name, strlen(name)) != NULL;
}

/* ---- Rendering -------------------------------------------------------- */

/* The blocks passed by the parent tags being expanded, innermost first.
 * The outermost argument of a name wins ("top-level substitutions take
 * precedence"). */
struct chain {
	const struct node *parent;
	const struct chain *up;
};

struct rs {
	const struct hb_tset *ts;
	const struct tmpl *root;
	struct hb_buf *out;
	struct hb_diag *d;
	bool strict;
	const struct hb_tval **ctx;	/* the context stack */
	size_t nctx, capctx;
	char *ib;	/* indentation strings, used as a stack */
	size_t nib, capib;
	size_t ind_off, ind_len;	/* the current indentation in ib */
	char *pend;	/* indentation still to write on this line */
	size_t npend, cappend;
	int depth;
	int calls;
	long steps;
	bool stop;
	int rc;
	unsigned char *seen;	/* nodes already reported, by id */
	/* hb_tset_check: walk every branch once against a shape, write
	 * nothing; active[] holds the templates being expanded. */
	bool check;
	const struct tmpl *active[HB_TMPL_MAX_CALLS];
};

static void rerr(struct rs *r, const struct node *nd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
rerr(struct rs *r, const struct node *nd, const char *fmt, ...)
{
	struct hb_pos pos = { nd->path, nd->line, nd->col };
	va_list ap;

	va_start(ap, fmt);
	hb_diag_vreport(r->d, HB_SEV_ERROR, &pos, fmt, ap);
	va_end(ap);
}

/* Marks the render failed; returns whether nd is reported for the first
 * time in this render (a tag inside a loop reports once). */
static bool
first_report(struct rs *r, const struct node *nd)
{
	uint32_t id = nd->id;

	r->rc = -1;
	if (r->seen == NULL)
		r->seen = hb_xcalloc(r->ts->nids / 8 + 1, 1);
	if (r->seen[id / 8] & (1u << (id % 8)))
		return false;
	r->seen[id / 8] |= (unsigned char)(1u << (id % 8));
	return true;
}

static void
check_out(struct rs *r)
{
	struct hb_pos pos = { r->root->path, 0, 0 };

	if (!r->out->overflow || r->stop)
		return;
	r->stop = true;
	r->rc = -1;
	hb_diag_error(r->d, &pos, "output of template '%s' exceeds the "
	    "size cap of %zu bytes", r->root->name, r->out->max);
}

static void
flush_pend(struct rs *r)
{
	if (r->npend > 0) {
		hb_buf_append(r->out, r->pend, r->npend);
		r->npend = 0;
	}
}

static void
emit(struct rs *r, const char *s, size_t n)
{
	if (n == 0 || r->check)
		return;
	flush_pend(r);
	hb_buf_append(r->out, s, n);
	check_out(r);
}

static void
emit_html(struct rs *r, const char *s, size_t n)
{
	if (n == 0 || r->check)
		return;
	flush_pend(r);
	hb_buf_html(r->out, s, n);
	check_out(r);
}

/* A line starts: its indentation is written before its first output, so
 * lines that end up empty get none. */
static void
line_start(struct rs *r)
{
	r->npend = r->ind_len;
	if (r->ind_len == 0)
		return;
	r->pend = hb_xgrow(r->pend, &r->cappend, r->ind_len, 1);
	memcpy(r->pend, r->ib + r->ind_off, r->ind_len);
}

struct ind_save {
	size_t off, len, nib;
};

/* Sets the indentation to the current one (or none, when reset) plus
 * add[0..n); ind_restore() undoes it. */
static struct ind_save
ind_push(struct rs *r, bool reset, const char *add, size_t n)
{
	struct ind_save sv = { r->ind_off, r->ind_len, r->nib };
	size_t keep = reset ? 0 : r->ind_len;

	if (n == 0 && !reset)
		return sv;
	r->ib = hb_xgrow(r->ib, &r->capib, r->nib + keep + n + 1, 1);
	memcpy(r->ib + r->nib, r->ib + r->ind_off, keep);
	if (n > 0)
		memcpy(r->ib + r->nib + keep, add, n);
	r->ind_off = r->nib;
	r->ind_len = keep + n;
	r->nib += keep + n;
	return sv;
}

static void
ind_restore(struct rs *r, struct ind_save sv)
{
	r->ind_off = sv.off;
	r->ind_len = sv.len;
	r->nib = sv.nib;
}

static void
ctx_push(struct rs *r, const struct hb_tval *v)
{
	r->ctx = hb_xgrow(r->ctx, &r->capctx, r->nctx + 1, sizeof(*r->ctx));
	r->ctx[r->nctx++] = v;
}

/* The entry of one name segment in the map v. A shape (hb_tset_check)
 * may accept any name with the key "*". */
static const struct hb_tval_ent *
find_part(const struct rs *r, const struct hb_tval *v, const struct part *p)
{
	const struct hb_tval_ent *e = map_find(v, p->s, p->n, p->h);

	if (e == NULL && r->check)
		e = map_find(v, "*", 1, hash_bytes("*", 1));
	return e;
}

/* A shape's map that may be null instead (key "?"): a dotted name
 * cannot go through it, since at run time the value can be null. */
static bool
maybe_null(const struct rs *r, const struct hb_tval *v)
{
	return r->check && v->kind == HB_TV_MAP &&
	    map_find(v, "?", 1, hash_bytes("?", 1)) != NULL;
}

/* Resolves a name against the context stack: the first segment in the
 * innermost map that has it, then each further segment inside the
 * previous value. Returns NULL when unknown, with *fail the index of the
 * segment that failed. */
static const struct hb_tval *
resolve(const struct rs *r, const struct node *nd, size_t *fail)
{
	const struct hb_tval *cur = NULL;
	size_t i, k;

	if (nd->nparts == 0)
		return r->ctx[r->nctx - 1];
	for (i = r->nctx; i-- > 0;) {
		const struct hb_tval *v = r->ctx[i];
		const struct hb_tval_ent *e;

		if (v->kind != HB_TV_MAP)
			continue;
		e = find_part(r, v, &nd->parts[0]);
		if (e != NULL) {
			cur = e->val;
			break;
		}
	}
	if (cur == NULL) {
		*fail = 0;
		return NULL;
	}
	for (k = 1; k < nd->nparts; k++) {
		const struct hb_tval_ent *e = NULL;

		if (maybe_null(r, cur)) {
			*fail = k;
			return NULL;
		}
		if (cur->kind == HB_TV_MAP)
			e = find_part(r, cur, &nd->parts[k]);
		if (e == NULL) {
			*fail = k;
			return NULL;
		}
		cur = e->val;
	}
	return cur;
}

/* Levenshtein distance of two short strings; SIZE_MAX when too long. */
static size_t
distance(const char *a, size_t na, const char *b, size_t nb)
{
	size_t row[65], i, j;

	if (na > 64 || nb > 64)
		return (size_t)-1;
	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= nb; j++) {
			size_t up = row[j], best = diag +
			    (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[nb];
}

static void
suggest_in(const struct hb_tval *m, const struct part *p,
    const struct hb_tval_ent **best, size_t *bestd)
{
	size_t i, limit = p->n <= 4 ? 1 : 2;

	if (m->kind != HB_TV_MAP)
		return;
	for (i = 0; i < m->u.map.n; i++) {
		const struct hb_tval_ent *e = &m->u.map.v[i];
		size_t dd;

		if (e->key[0] == '?' || e->key[0] == '*')
			continue;	/* shape markers (hb_tset_check) */
		dd = distance(p->s, p->n, e->key, e->klen);

		if (dd <= limit && dd < *bestd) {
			*best = e;
			*bestd = dd;
		}
	}
}

static void
report_unknown(struct rs *r, const struct node *nd, size_t fail)
{
	const struct hb_tval_ent *best = NULL;
	size_t bestd = (size_t)-1, i, k;
	const struct hb_tval *at = NULL;

	if (!r->strict)
		return;
	if (!first_report(r, nd))
		return;
	rerr(r, nd, "unknown variable '%.*s'", (int)nd->n, nd->s);
	if (fail == 0) {
		for (i = r->nctx; i-- > 0;)
			suggest_in(r->ctx[i], &nd->parts[0], &best, &bestd);
	} else {
		/* Walk again to the value the failing segment looked in. */
		for (i = r->nctx; i-- > 0;) {
			const struct hb_tval_ent *e;

			if (r->ctx[i]->kind != HB_TV_MAP)
				continue;
			e = map_find(r->ctx[i], nd->parts[0].s,
			    nd->parts[0].n, nd->parts[0].h);
			if (e != NULL) {
				at = e->val;
				break;
			}
		}
		for (k = 1; k < fail && at != NULL; k++) {
			const struct hb_tval_ent *e = map_find(at,
			    nd->parts[k].s, nd->parts[k].n, nd->parts[k].h);

			at = e != NULL ? e->val : NULL;
		}
		if (at != NULL && maybe_null(r, at)) {
			size_t len = (size_t)(nd->parts[fail - 1].s +
			    nd->parts[fail - 1].n - nd->s);

			tnote(r->d, nd->line, nd->col, "'%.*s' may be null: "
			    "open a section on it first", (int)len, nd->s);
			return;
		}
		if (at != NULL && at->kind != HB_TV_MAP) {
			size_t len = (size_t)(nd->parts[fail - 1].s +
			    nd->parts[fail - 1].n - nd->s);

			tnote(r->d, nd->line, nd->col, "'%.*s' is a %s, not "
			    "a map", (int)len, nd->s, kind_name(at->kind));
			return;
		}
		if (at != NULL)
			suggest_in(at, &nd->parts[fail], &best, &bestd);
	}
	if (best != NULL)
		tnote(r->d, nd->line, nd->col, "did you mean '%s'?",
		    best->key);
}

static void render(struct rs *r, const struct node *v, size_t n,
    const struct chain *ch, bool skip_lead);

static void
put_value(struct rs *r, const struct node *nd, const struct hb_tval *v)
{
	char num[32];

	switch (v->kind) {
	case HB_TV_NULL:
		break;
	case HB_TV_BOOL:
		emit(r, v->u.b ? "true" : "false", v->u.b ? 4 : 5);
		break;
	case HB_TV_INT:
		emit(r, num, (size_t)snprintf(num, sizeof(num), "%lld",
		    v->u.i));
		break;
	case HB_TV_STRING:
		if (nd->raw)
			emit(r, v->u.str.s, v->u.str.n);
		else
			emit_html(r, v->u.str.s, v->u.str.n);
		break;
	case HB_TV_HTML:
		emit(r, v->u.str.s, v->u.str.n);
		break;
	case HB_TV_LIST:
	case HB_TV_MAP:
		if (r->strict && first_report(r, nd))
			rerr(r, nd, "variable '%.*s' is a %s; use a section "
			    "to show its content", (int)nd->n, nd->s,
			    kind_name(v->kind));
		break;
	}
}

/* hb_tset_check: the content of a section is walked once whatever the
 * value, with what the section would push: the union item of a list
 * shape, the map, or the scalar itself. */
static void
check_section(struct rs *r, const struct node *nd, const struct chain *ch,
    const struct hb_tval *v)
{
	if (nd->kind == N_INVERTED) {
		render(r, nd->kids, nd->nkids, ch, false);
		return;
	}
	if (v->kind == HB_TV_LIST)
		v = v->u.list.n > 0 ? v->u.list.v[0] : &tv_null;
	ctx_push(r, v);
	render(r, nd->kids, nd->nkids, ch, false);
	r->nctx--;
}

static void
render_section(struct rs *r, const struct node *nd, const struct chain *ch)
{
	const struct hb_tval *v;
	size_t fail = 0, i;
	bool truthy;

	v = resolve(r, nd, &fail);
	if (v == NULL) {
		report_unknown(r, nd, fail);
		if (nd->kind == N_INVERTED)
			render(r, nd->kids, nd->nkids, ch, false);
		return;
	}
	if (r->check) {
		check_section(r, nd, ch, v);
		return;
	}
	truthy = hb_tval_is_truthy(v);
	if (nd->kind == N_INVERTED) {
		if (!truthy)
			render(r, nd->kids, nd->nkids, ch, false);
		return;
	}
	if (!truthy)
		return;
	if (v->kind == HB_TV_LIST) {
		for (i = 0; i < v->u.list.n && !r->stop; i++) {
			ctx_push(r, v->u.list.v[i]);
			render(r, nd->kids, nd->nkids, ch, false);
			r->nctx--;
		}
		return;
	}
	ctx_push(r, v);
	render(r, nd->kids, nd->nkids, ch, false);
	r->nctx--;
}

/* Expands a partial or a parent: a standalone tag indents every line of
 * the target by the blanks in front of the tag; an inline one starts
 * the target on its own line with no indentation. */
static void
render_call(struct rs *r, const struct node *nd, const struct chain *ch)
{
	struct ind_save sv;
	struct chain link;

	if (nd->target == NULL)
		return;	/* lenient: an unknown partial is empty */
	if (r->calls >= HB_TMPL_MAX_CALLS) {
		if (first_report(r, nd))
			rerr(r, nd, "partials nested more than %d levels "
			    "deep at '%.*s' (recursive partial?)",
			    HB_TMPL_MAX_CALLS, (int)nd->n, nd->s);
		r->stop = true;
		return;
	}
	if (r->check) {
		/* A template already being expanded adds no new names:
		 * walk each once per chain, so recursive partials end. */
		for (int i = 0; i < r->calls; i++)
			if (r->active[i] == nd->target)
				return;
		r->active[r->calls] = nd->target;
	}
	r->calls++;
	if (nd->kind == N_PARENT) {
		link.parent = nd;
		link.up = ch;
		ch = &link;
	}
	sv = ind_push(r, nd->midline, nd->ind, nd->nind);
	render(r, nd->target->nodes, nd->target->nnodes, ch, nd->midline);
	ind_restore(r, sv);
	r->calls--;
}

static void
render_block(struct rs *r, const struct node *nd, const struct chain *ch)
{
	const struct node *arg = NULL;
	const struct chain *c, *where = NULL;
	struct ind_save sv;
	size_t k;

	/* The outermost argument of this name wins. Its content renders
	 * with the chain above the parent tag that passed it, the scope it
	 * was written in, so a block cannot end up expanding itself. */
	for (c = ch; c != NULL; c = c->up) {
		for (k = 0; k < c->parent->nkids; k++) {
			const struct node *a = &c->parent->kids[k];

			if (a->n == nd->n && memcmp(a->s, nd->s, nd->n) == 0) {
				arg = a;
				where = c;
				break;
			}
		}
	}
	if (!nd->midline) {
		/* The block had its own line: the argument (or the default
		 * without its intrinsic indentation) is reindented. */
		sv = ind_push(r, false, nd->ind, nd->nind);
		line_start(r);
		if (arg != NULL)
			render(r, arg->kids, arg->nkids, where->up, false);
		else
			render(r, nd->kids, nd->nkids, ch, false);
		ind_restore(r, sv);
		return;
	}
	if (arg == NULL) {
		render(r, nd->kids, nd->nkids, ch, true);
		return;
	}
	sv = ind_push(r, false, nd->ind, nd->nind);
	render(r, arg->kids, arg->nkids, where->up, true);
	ind_restore(r, sv);
}

static void
render(struct rs *r, const struct node *v, size_t n, const struct chain *ch,
    bool skip_lead)
{
	size_t i = 0;

	if (r->stop)
		return;
	if (++r->depth > MAX_RENDER_DEPTH && n > 0) {
		if (first_report(r, &v[0]))
			rerr(r, &v[0], "templates nested more than %d levels "
			    "deep while rendering", MAX_RENDER_DEPTH);
		r->stop = true;
		r->depth--;
		return;
	}
	if (skip_lead && n > 0 && v[0].kind == N_LINE)
		i = 1;
	for (; i < n && !r->stop; i++) {
		const struct node *nd = &v[i];
		const struct hb_tval *val;
		size_t fail = 0;

		if (++r->steps > MAX_RENDER_STEPS) {
			if (first_report(r, nd))
				rerr(r, nd, "rendering takes more than %ld "
				    "steps (runaway recursion or loops?)",
				    MAX_RENDER_STEPS);
			r->stop = true;
			break;
		}
		switch (nd->kind) {
		case N_TEXT:
			emit(r, nd->s, nd->n);
			break;
		case N_LINE:
			line_start(r);
			break;
		case N_VAR:
			val = resolve(r, nd, &fail);
			if (val == NULL)
				report_unknown(r, nd, fail);
			else
				put_value(r, nd, val);
			break;
		case N_SECTION:
		case N_INVERTED:
			render_section(r, nd, ch);
			break;
		case N_PARTIAL:
		case N_PARENT:
			render_call(r, nd, ch);
			break;
		case N_BLOCK:
			render_block(r, nd, ch);
			break;
		}
	}
	r->depth--;
}

int
hb_tset_render(const struct hb_tset *ts, const char *name,
    const struct hb_tval *ctx, struct hb_buf *out, struct hb_diag *d)
{
	const struct tmpl *t = find_tmpl(ts, name, strlen(name));
	struct rs r;

	assert(ts->compiled);
	if (t == NULL) {
		hb_diag_error(d, NULL, "unknown template '%s'", name);
		return -1;
	}
	if (!ts->ok) {
		struct hb_pos pos = { t->path, 0, 0 };

		hb_diag_error(d, &pos, "template '%s' not rendered: the "
		    "template set has errors", name);
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.ts = ts;
	r.root = t;
	r.out = out;
	r.d = d;
	r.strict = !(ts->flags & HB_TSET_LENIENT);
	ctx_push(&r, ctx != NULL ? ctx : &tv_null);
	render(&r, t->nodes, t->nnodes, NULL, false);
	free(r.ctx);
	free(r.ib);
	free(r.pend);
	free(r.seen);
	return r.rc;
}

int
hb_tset_check(const struct hb_tset *ts, const char *const *names,
    const struct hb_tval *const *shapes, size_t n, struct hb_diag *d)
{
	struct rs r;
	size_t i;
	int rc = 0;

	assert(ts->compiled);
	if (!ts->ok || (ts->flags & HB_TSET_LENIENT))
		return 0;
	memset(&r, 0, sizeof(r));
	r.ts = ts;
	r.d = d;
	r.strict = true;
	r.check = true;
	for (i = 0; i < n; i++) {
		const struct tmpl *t = find_tmpl(ts, names[i],
		    strlen(names[i]));

		if (t == NULL)
			continue;
		/* r.seen is kept: a tag in a partial that several pages
		 * reach is reported once. */
		r.root = t;
		r.nctx = 0;
		r.calls = 0;
		r.depth = 0;
		r.steps = 0;
		r.stop = false;
		r.rc = 0;
		ctx_push(&r, shapes[i] != NULL ? shapes[i] : &tv_null);
		render(&r, t->nodes, t->nnodes, NULL, false);
		if (r.rc != 0)
			rc = -1;
	}
	free(r.ctx);
	free(r.ib);
	free(r.pend);
	free(r.seen);
	return rc;
}

/* ---- Fuzzing ---------------------------------------------------------- */

static const struct hb_tval *
fuzz_data(struct hb_arena *a)
{
	struct hb_tval *root = hb_tval_map(a), *l = hb_tval_list(a);
	struct hb_tval *m = hb_tval_map(a), *item = hb_tval_map(a);

	hb_tval_map_set_str(root, "s", "<b>&\"'</b>");
	hb_tval_map_set_html(root, "h", "<i>x</i>");
	hb_tval_map_set_int(root, "n", 42);
	hb_tval_map_set_bool(root, "t", true);
	hb_tval_map_set_bool(root, "f", false);
	hb_tval_map_set(root, "z", NULL);
	hb_tval_map_set(root, "e", hb_tval_list(a));
	hb_tval_map_set_str(item, "s", "item");
	hb_tval_list_push(l, hb_tval_int(a, 1));
	hb_tval_list_push(l, hb_tval_str(a, "two"));
	hb_tval_list_push(l, item);
	hb_tval_map_set(root, "l", l);
	hb_tval_map_set_str(m, "s", "inner");
	hb_tval_map_set(m, "l", l);
	hb_tval_map_set(m, "m", item);
	hb_tval_map_set(root, "m", m);
	return root;
}

int
hb_template_fuzz(const unsigned char *data, size_t size)
{
	static const char *const names[] = { "main", "a", "b", "c" };
	static const char *const paths[] = {
		"main.mustache", "a.mustache", "b.mustache", "c.mustache"
	};
	struct hb_tset *ts = NULL;
	struct hb_diag d;
	struct hb_arena a;
	struct hb_buf out;
	size_t i, start = 1, k = 0;
	int rc = -1;

	if (size == 0)
		return -1;
	hb_diag_init(&d);
	hb_arena_init(&a);
	hb_buf_init(&out, 1 << 20);
	ts = hb_tset_new((data[0] & 1) ? HB_TSET_LENIENT : 0);
	for (i = 1; i <= size && k < 4; i++) {
		if (i == size || data[i] == '\0') {
			(void)hb_tset_add(ts, names[k], (const char *)data +
			    start, i - start, paths[k], &d);
			k++;
			start = i + 1;
		}
	}
	if (hb_tset_compile(ts, &d) == 0 && hb_tset_has(ts, "main") &&
	    hb_tset_render(ts, "main", fuzz_data(&a), &out, &d) == 0)
		rc = 0;
	/* Every failure was reported, with a position. */
	if (rc != 0 && d.n == 0)
		abort();
	hb_tset_free(ts);
	hb_buf_fini(&out);
	hb_arena_fini(&a);
	hb_diag_fini(&d);
	return rc;
}
