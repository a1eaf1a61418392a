/* Stage 4a: foreign markup recognised on lines (see markup.h). One pass
 * over the lines with a capped stack of open boxes; a tag spread over
 * lines, an MDX block or a <head> block is read ahead a bounded number
 * of lines, and a highlight block only up to the next tag of its name,
 * so every line is read a constant number of times: the pass is linear. */
#include "markup.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "str.h"
#include "xalloc.h"

#define MAX_OPEN 32		/* boxes open at once */
#define MAX_SPAN 64		/* lines one tag or <head> block may take */
#define MAX_DROP_NAMES 256	/* distinct dropped names tracked per file */

/* ---- names ---- */

struct alias {
	const char *name, *type;
};

/* Callout types of Docusaurus, VitePress, GitHub, Hugo book and the
 * MkDocs family, folded onto the seven styles of the theme. */
static const struct alias callouts[] = {
	{ "note", "note" }, { "tip", "tip" }, { "info", "info" },
	{ "important", "important" }, { "warning", "warning" },
	{ "caution", "caution" }, { "danger", "danger" },
	{ "hint", "tip" }, { "success", "tip" }, { "check", "tip" },
	{ "attention", "warning" }, { "warn", "warning" },
	{ "error", "danger" }, { "failure", "danger" }, { "bug", "danger" },
	{ "abstract", "note" }, { "summary", "note" }, { "example", "note" },
	{ "question", "info" }, { "quote", "note" }, { "secondary", "note" },
	{ NULL, NULL }
};

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* ASCII, case-insensitive: locale never changes what markup means. */
static bool
eq_word(const char *word, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (word[i] == '\0' || word[i] != lower(s[i]))
			return false;
	return word[n] == '\0';
}

static const char *
callout_type(const char *s, size_t n)
{
	size_t i;

	for (i = 0; callouts[i].name != NULL; i++)
		if (eq_word(callouts[i].name, s, n))
			return callouts[i].type;
	return NULL;
}

static bool
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* ---- the table ---- */

void
hb_markup_init(struct hb_markup *mk, struct hb_arena *a)
{
	memset(mk, 0, sizeof(*mk));
	mk->arena = a;
}

void
hb_markup_fini(struct hb_markup *mk)
{
	free(mk->v);
	free(mk->drops);
	free(mk->marker);
	memset(mk, 0, sizeof(*mk));
}

void
hb_markup_dropped(struct hb_markup *mk, const char *what, const char *name,
    size_t len, int line, int col)
{
	struct hb_markup_drop *e;
	size_t i;

	for (i = 0; i < mk->ndrops; i++) {
		e = &mk->drops[i];
		if (strcmp(e->what, what) == 0 && strlen(e->name) == len &&
		    memcmp(e->name, name, len) == 0) {
			e->count++;
			return;
		}
	}
	/* Past the cap (a hostile file), the last entry counts the rest. */
	if (mk->ndrops == MAX_DROP_NAMES) {
		mk->drops[mk->ndrops - 1].count++;
		return;
	}
	mk->drops = hb_xgrow(mk->drops, &mk->capdrops, mk->ndrops + 1,
	    sizeof(*mk->drops));
	e = &mk->drops[mk->ndrops++];
	e->what = what;
	e->name = hb_arena_strndup(mk->arena, name, len);
	e->count = 1;
	e->line = line;
	e->col = col;
}

int
hb_markup_shift(const struct hb_markup *mk, size_t line)
{
	return mk->shift != NULL && line < mk->nshift ? mk->shift[line] : 0;
}

bool
hb_markup_is_marker(const struct hb_markup *mk, size_t line)
{
	size_t lo = 0, hi = mk->nmarker;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mk->marker[mid] < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < mk->nmarker && mk->marker[lo] == line;
}

void
hb_markup_report_one(const struct hb_markup_drop *e, const char *path,
    size_t files, struct hb_diag *d)
{
	struct hb_pos pos = { path, e->line, e->col };

	if (e->count == 1)
		hb_diag_advise(d, &pos, "%s '%s' is not supported: left out, "
		    "what it encloses is kept", e->what, e->name);
	else if (files == 1)
		hb_diag_advise(d, &pos, "%s '%s' is not supported: left out, "
		    "what it encloses is kept (%zu times)", e->what, e->name,
		    e->count);
	else
		hb_diag_advise(d, &pos, "%s '%s' is not supported: left out, "
		    "what it encloses is kept (%zu times in %zu files)",
		    e->what, e->name, e->count, files);
}

void
hb_markup_report(const struct hb_markup *mk, const char *path,
    struct hb_diag *d)
{
	size_t i;

	for (i = 0; i < mk->ndrops; i++)
		hb_markup_report_one(&mk->drops[i], path, 1, d);
}

static void
tally(struct hb_diag *d, struct hb_buf *b, size_t n, const char *one,
    const char *many)
{
	size_t i;

	if (n == 0)
		return;
	hb_buf_printf(b, "%s%zu %s", b->len ? ", " : "", n, n == 1 ? one :
	    many);
	for (i = 0; i < n; i++)
		hb_diag_explain_count(d, HB_EX_MARKUP, many);
}

void
hb_markup_explain(const struct hb_markup *mk, const char *path,
    struct hb_diag *d)
{
	size_t boxes = 0, details = 0, tabs = 0, plain = 0, dropped = 0;
	size_t i;
	struct hb_buf b;
	struct hb_pos pos = { path, 0, 0 };

	for (i = 0; i < mk->n; i++) {
		const struct hb_markup_mark *m = &mk->v[i];

		if (m->kind == HB_MARK_CLOSE || m->kind == HB_MARK_FIGURE)
			continue;
		if (m->box == HB_BOX_CALLOUT && m->type == NULL)
			plain++;
		else if (m->box == HB_BOX_CALLOUT)
			boxes++;
		else if (m->box == HB_BOX_DETAILS)
			details++;
		else if (m->box == HB_BOX_TABS)
			tabs++;
	}
	for (i = 0; i < mk->ndrops; i++)
		dropped += mk->drops[i].count;
	hb_buf_init(&b, HB_BUF_NOCAP);
	tally(d, &b, boxes, "callout", "callouts");
	tally(d, &b, details, "disclosure", "disclosures");
	tally(d, &b, tabs, "set of tabs", "sets of tabs");
	tally(d, &b, mk->figures, "figure", "figures");
	tally(d, &b, mk->code, "code shortcode", "code shortcodes");
	tally(d, &b, mk->refs, "ref shortcode made a path",
	    "ref shortcodes made paths");
	tally(d, &b, plain, "unstyled container kept as its content",
	    "unstyled containers kept as their content");
	tally(d, &b, dropped, "shortcode or MDX component left out",
	    "shortcodes and MDX components left out");
	tally(d, &b, mk->esm_lines, "MDX import/export line left out",
	    "MDX import/export lines left out");
	tally(d, &b, mk->head_blocks, "<head> block left out",
	    "<head> blocks left out");
	if (b.len > 0)
		hb_diag_explain(d, HB_EX_MARKUP, &pos, "%s", hb_buf_str(&b));
	hb_buf_fini(&b);
}

/* ---- the scan ---- */

struct open_box {
	size_t mark;
	size_t col;		/* where the opener is, from 0 */
	int colons;		/* admonition fence length; 0 for shortcodes */
	const char *name;	/* shortcode name, or NULL */
};

struct scan {
	struct hb_markup *mk;
	struct hb_mline *l;
	size_t n;
	const char *path;
	int first_line;
	struct hb_diag *d;
	struct open_box st[MAX_OPEN];
	int depth;
	bool fences;		/* a line became (or stopped being) a fence */
	/* MDX: components open on tag lines, and the indentation their
	 * children are written at (-1: not known yet) */
	int jsx_depth;
	int jsx_dedent;
	/* The content column of the list item a line may belong to (-1:
	 * none): markup indented four more is an indented code block. */
	int list_col;
	bool prev_blank;
	struct hb_buf tmp;
};

static void
warn(struct scan *sc, size_t line, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
warn(struct scan *sc, size_t line, size_t col, const char *fmt, ...)
{
	struct hb_pos pos = { sc->path, sc->first_line + (int)line,
		(int)col + 1 + hb_markup_shift(sc->mk, line) };
	va_list ap;

	if (sc->d == NULL)
		return;
	va_start(ap, fmt);
	hb_diag_vreport(sc->d, HB_SEV_WARNING, &pos, fmt, ap);
	va_end(ap);
}

static void
dropped(struct scan *sc, const char *what, const char *name, size_t len,
    size_t line, size_t col)
{
	hb_markup_dropped(sc->mk, what, name, len, sc->first_line + (int)line,
	    (int)col + 1 + hb_markup_shift(sc->mk, line));
}

/* Leading spaces, tabs and blockquote markers: what keeps a line in its
 * list item or quote. */
static size_t
prefix(const struct hb_mline *l, bool *quote)
{
	size_t i = 0;

	*quote = false;
	while (i < l->n && (l->p[i] == ' ' || l->p[i] == '\t' ||
	    l->p[i] == '>')) {
		if (l->p[i] == '>')
			*quote = true;
		i++;
	}
	return i;
}

static size_t
indent_of(const struct hb_mline *l)
{
	size_t i = 0;

	while (i < l->n && (l->p[i] == ' ' || l->p[i] == '\t'))
		i++;
	return i;
}

static bool
blank(const struct hb_mline *l)
{
	return indent_of(l) == l->n || (indent_of(l) + 1 == l->n &&
	    l->p[l->n - 1] == '\r');
}

/* Columns of white space at the start of s (a tab to the next stop of
 * four). */
static size_t
columns(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		c = s[i] == '\t' ? c + 4 - c % 4 : c + 1;
	return c;
}

/* Follows list items roughly, as CommonMark nests them: a list marker
 * sets the content column, an unindented line after a blank line ends
 * the list. Returns false when line l, indented four columns past the
 * content it can belong to, is an indented code block. */
static bool
not_code(struct scan *sc, const struct hb_mline *l, bool quote)
{
	size_t ind = columns(l->p, l->n), k = indent_of(l), m = k;
	int base;

	if (blank(l)) {
		sc->prev_blank = true;
		return true;
	}
	/* "- ", "* ", "+ ", "1. ", "1) " */
	if (k < l->n && (l->p[k] == '-' || l->p[k] == '*' || l->p[k] == '+')) {
		m = k + 1;
	} else {
		while (m < l->n && m - k < 9 && l->p[m] >= '0' && l->p[m] <= '9')
			m++;
		if (m > k && m < l->n && (l->p[m] == '.' || l->p[m] == ')'))
			m++;
		else
			m = k;
	}
	base = sc->list_col < 0 ? 0 : sc->list_col;
	if (m > k && m < l->n && (l->p[m] == ' ' || l->p[m] == '\t') &&
	    ind < (size_t)base + 4) {
		sc->list_col = (int)(ind + (m - k) + 1);
		sc->prev_blank = false;
		return true;
	}
	if (ind == 0 && sc->prev_blank)
		sc->list_col = -1;
	sc->prev_blank = false;
	base = quote || sc->list_col < 0 ? 0 : sc->list_col;
	return sc->jsx_depth > 0 || quote || ind < (size_t)base + 4;
}

/* The length of s without trailing white space. */
static size_t
rtrim(const char *s, size_t n)
{
	while (n > 0 && is_ws(s[n - 1]))
		n--;
	return n;
}

/* Replaces line i by its first `keep` bytes followed by text. */
static void
rewrite(struct scan *sc, size_t i, size_t keep, const char *text,
    size_t len)
{
	struct hb_mline *l = &sc->l[i];
	char *p = hb_arena_alloc(sc->mk->arena, keep + len + 1);

	memcpy(p, l->p, keep);
	memcpy(p + keep, text, len);
	l->p = p;
	l->n = keep + len;
}

/* Line i becomes the marker comment "<!--" tag name "-->" after the
 * first `keep` bytes of line `from` (its indentation and quote
 * markers). */
static void
marker(struct scan *sc, size_t i, size_t from, size_t keep, const char *tag,
    const char *name)
{
	char buf[96];
	struct hb_mline *src = &sc->l[from];
	char *p;
	int n;

	n = snprintf(buf, sizeof(buf), "<!--%s%s-->", tag, name ? name : "");
	if (n < 0 || (size_t)n >= sizeof(buf))
		n = 0;
	p = hb_arena_alloc(sc->mk->arena, keep + (size_t)n + 1);
	memcpy(p, src->p, keep);
	memcpy(p + keep, buf, (size_t)n);
	sc->l[i].p = p;
	sc->l[i].n = keep + (size_t)n;
	/* The pass moves forward: the list stays sorted. */
	if (sc->mk->nmarker == 0 || sc->mk->marker[sc->mk->nmarker - 1] < i) {
		sc->mk->marker = hb_xgrow(sc->mk->marker,
		    &sc->mk->capmarker, sc->mk->nmarker + 1,
		    sizeof(*sc->mk->marker));
		sc->mk->marker[sc->mk->nmarker++] = i;
	}
}

static void
drop_line(struct scan *sc, size_t i, size_t from, size_t keep)
{
	marker(sc, i, from, keep, "hb", NULL);
}

static size_t
add_mark(struct scan *sc, enum hb_mark_kind kind, enum hb_box box,
    size_t line, const char *type, const char *title, bool open)
{
	struct hb_markup *mk = sc->mk;
	struct hb_markup_mark *m;

	mk->v = hb_xgrow(mk->v, &mk->cap, mk->n + 1, sizeof(*mk->v));
	m = &mk->v[mk->n];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->box = box;
	m->line = line;
	m->type = type;
	m->title = title;
	m->open = open;
	m->pair = -1;
	if (kind != HB_MARK_CLOSE)
		mk->boxes++;
	return mk->n++;
}

static const char *
box_word(const struct hb_markup_mark *m)
{
	switch (m->box) {
	case HB_BOX_CALLOUT: return m->type;
	case HB_BOX_DETAILS: return "details";
	case HB_BOX_TABS: return "tabs";
	case HB_BOX_TAB: return "tab";
	case HB_BOX_FIGURE: return "figure";
	}
	return "box";
}

/* Opens a box at line; false (and a warning) when too many are open. */
static bool
push(struct scan *sc, size_t line, size_t col, int colons, const char *name,
    enum hb_box box, const char *type, const char *title, bool open)
{
	struct open_box *o;

	if (sc->depth == MAX_OPEN) {
		warn(sc, line, col, "boxes nested more than %d deep; this one "
		    "is shown without its box", MAX_OPEN);
		return false;
	}
	o = &sc->st[sc->depth++];
	o->mark = add_mark(sc, HB_MARK_OPEN, box, line, type, title, open);
	o->col = col;
	o->colons = colons;
	o->name = name;
	return true;
}

static void
close_box(struct scan *sc, const struct open_box *o, size_t line)
{
	struct hb_markup_mark *m = &sc->mk->v[o->mark];
	size_t c = add_mark(sc, HB_MARK_CLOSE, m->box, line, m->type, NULL,
	    false);

	sc->mk->v[o->mark].pair = (long)c;
}

static const char *
opener(const struct open_box *o, char *buf, size_t size)
{
	if (o->colons > 0)
		snprintf(buf, size, "'%.*s'", o->colons, "::::::::::::::::");
	else
		snprintf(buf, size, "shortcode '%s'", o->name);
	return buf;
}

/* Closes the innermost open box this close matches: an admonition fence
 * of `colons` colons closes one opened with as many or fewer; a
 * shortcode closes its own name. Boxes left open inside it end here
 * too, with a warning each. False when nothing matches. */
static bool
pop(struct scan *sc, size_t line, int colons, const char *name, size_t nlen)
{
	int k;

	for (k = sc->depth - 1; k >= 0; k--) {
		const struct open_box *o = &sc->st[k];

		if (colons > 0 ? o->colons > 0 && o->colons <= colons :
		    o->name != NULL && strlen(o->name) == nlen &&
		    memcmp(o->name, name, nlen) == 0)
			break;
	}
	if (k < 0)
		return false;
	while (sc->depth > k + 1) {
		const struct open_box *o = &sc->st[--sc->depth];
		const struct hb_markup_mark *m = &sc->mk->v[o->mark];
		char what[64];

		warn(sc, m->line, o->col, "%s opened here is never closed; it "
		    "ends with the box around it, at line %d",
		    opener(o, what, sizeof(what)),
		    sc->first_line + (int)line);
		close_box(sc, o, line);
	}
	close_box(sc, &sc->st[k], line);
	sc->depth = k;
	return true;
}

/* ---- admonitions: ":::note [title]" ... ":::" ---- */

/* A title as plain text: trimmed, without emphasis and code marks
 * (titles are not parsed as Markdown). */
static const char *
arena_text(struct scan *sc, const char *s, size_t n)
{
	char *t;
	size_t i, k = 0;

	s = hb_trim(s, &n);
	if (n == 0)
		return NULL;
	t = hb_arena_alloc(sc->mk->arena, n + 1);
	for (i = 0; i < n; i++) {
		if (s[i] == '*' || s[i] == '`' || (s[i] == '_' && i + 1 < n &&
		    s[i + 1] == '_')) {
			if (s[i] == '_')
				i++;
			continue;
		}
		t[k++] = s[i];
	}
	t[k] = '\0';
	return k > 0 ? t : NULL;
}

static bool
admonition(struct scan *sc, size_t i, size_t pre)
{
	const struct hb_mline *l = &sc->l[i];
	const char *s = l->p + pre, *name, *title = NULL;
	size_t n = rtrim(s, l->n - pre), k = 0, j, nlen, tlen = 0;
	int colons;
	const char *type;

	while (k < n && s[k] == ':')
		k++;
	if (k < 3)
		return false;
	colons = k > 64 ? 64 : (int)k;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	if (k == n) {
		/* A close. */
		if (pop(sc, i, colons, NULL, 0)) {
			marker(sc, i, i, pre, "/hb", NULL);
			return true;
		}
		warn(sc, i, pre, "'%.*s' closes nothing (no ':::' box is "
		    "open)", colons > 16 ? 16 : colons, "::::::::::::::::");
		drop_line(sc, i, i, pre);
		return true;
	}
	if (s[k] == '{') {
		/* Pandoc/Quarto: "::: {.callout-note}" */
		const char *dot = memchr(s + k, '.', n - k);

		if (dot == NULL)
			return false;
		k = (size_t)(dot - s) + 1;
		if (n - k > 8 && memcmp(s + k, "callout-", 8) == 0)
			k += 8;
	}
	for (j = k; j < n && (is_alnum(s[j]) || s[j] == '-' || s[j] == '_');
	    j++)
		;
	if (j == k)
		return false;
	name = s + k;
	nlen = j - k;
	/* The title: "[title]" (Docusaurus 3) or the rest of the line,
	 * without "{attributes}". */
	if (j < n && s[j] == '[') {
		size_t e = j + 1;
		int depth = 1;

		while (e < n && depth > 0) {
			if (s[e] == '[')
				depth++;
			else if (s[e] == ']')
				depth--;
			e++;
		}
		title = s + j + 1;
		tlen = depth == 0 ? e - j - 2 : n - j - 1;
	} else if (j < n) {
		title = s + j;
		tlen = n - j;
		if (tlen > 0 && (title[0] == '{' || title[0] == '}'))
			tlen = 0;
		else if (memchr(title, '{', tlen) != NULL)
			tlen = (size_t)((const char *)memchr(title, '{', tlen) -
			    title);
	}
	if (eq_word("details", name, nlen)) {
		if (push(sc, i, pre, colons, NULL, HB_BOX_DETAILS, NULL,
		    arena_text(sc, title, tlen), false))
			marker(sc, i, i, pre, "hb:", "details");
		else
			drop_line(sc, i, i, pre);
		return true;
	}
	type = callout_type(name, nlen);
	if (type == NULL) {
		/* VitePress code-group, raw, v-pre, custom admonitions: the
		 * fences go, the content stays, once said. A plain box keeps
		 * the fences paired. */
		dropped(sc, "container", name, nlen, i, pre);
		if (push(sc, i, pre, colons, NULL, HB_BOX_CALLOUT, NULL, NULL,
		    false)) {
			sc->mk->boxes--;
			marker(sc, i, i, pre, "hb:", "plain");
		} else {
			drop_line(sc, i, i, pre);
		}
		return true;
	}
	if (push(sc, i, pre, colons, NULL, HB_BOX_CALLOUT, type,
	    arena_text(sc, title, tlen), false))
		marker(sc, i, i, pre, "hb:", type);
	else
		drop_line(sc, i, i, pre);
	return true;
}

/* ---- Hugo shortcodes ---- */

struct sc_tag {
	size_t start, end;	/* bytes of the tag in the text */
	char delim;		/* '<' or '%' */
	char close;		/* '>' or '%': the end is close + "}}" */
	bool comment;		/* escaped ("{{<" slash-star): shown as
				 * written */
	bool closing;		/* {{< /name >}} */
	bool selfclose;		/* {{< name />}} */
	bool complete;		/* the end was found */
	const char *name;
	size_t nlen;
	const char *args;
	size_t alen;
	size_t inner, inner_len;	/* comment: between the slash-stars */
};

/* Parses the tag starting at s[0] ("{{<" or "{{%"). */
static bool
sc_parse(const char *s, size_t n, struct sc_tag *t)
{
	size_t i = 3, j;
	char q = 0;

	memset(t, 0, sizeof(*t));
	if (n < 3 || s[0] != '{' || s[1] != '{' || (s[2] != '<' &&
	    s[2] != '%'))
		return false;
	t->delim = s[2];
	t->close = s[2] == '<' ? '>' : '%';
	while (i < n && is_ws(s[i]))
		i++;
	if (i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
		const char *e = hb_memmem(s + i + 2, n - i - 2, "*/", 2);

		t->comment = true;
		if (e == NULL)
			return true;
		t->inner = i + 2;
		t->inner_len = (size_t)(e - s) - t->inner;
		j = (size_t)(e - s) + 2;
		while (j < n && is_ws(s[j]))
			j++;
		if (j + 2 < n && s[j] == t->close && s[j + 1] == '}' &&
		    s[j + 2] == '}') {
			t->end = j + 3;
			t->complete = true;
		}
		return true;
	}
	if (i < n && s[i] == '/') {
		t->closing = true;
		i++;
		while (i < n && is_ws(s[i]))
			i++;
	}
	for (j = i; j < n && (is_alnum(s[j]) || s[j] == '_' || s[j] == '-' ||
	    s[j] == '.' || (s[j] == '/' && j + 1 < n && is_alnum(s[j + 1])));
	    j++)
		;
	if (j == i)
		return false;
	t->name = s + i;
	t->nlen = j - i;
	t->args = s + j;
	for (i = j; i < n; i++) {
		char c = s[i];

		if (q != 0) {
			if (c == '\\' && q == '"')
				i++;
			else if (c == q)
				q = 0;
			continue;
		}
		if (c == '"' || c == '`') {
			q = c;
			continue;
		}
		if (c == t->close && i + 2 < n && s[i + 1] == '}' &&
		    s[i + 2] == '}') {
			size_t k = i;

			while (k > j && is_ws(s[k - 1]))
				k--;
			if (k > j && s[k - 1] == '/') {
				t->selfclose = true;
				k--;
			}
			t->alen = k - j;
			t->end = i + 3;
			t->complete = true;
			return true;
		}
	}
	t->alen = n - j;
	return true;
}

static bool
sc_is(const struct sc_tag *t, const char *name)
{
	return eq_word(name, t->name, t->nlen);
}

/* The named argument `key`, else the positional one at `index` (-1:
 * none), as an arena string; NULL when absent. */
static const char *
sc_arg(struct scan *sc, const struct sc_tag *t, const char *key, int index)
{
	const char *a = t->args;
	size_t n = t->alen, i = 0;
	int pos = 0;

	while (i < n) {
		const char *k = NULL, *v;
		size_t klen = 0, vlen;

		while (i < n && is_ws(a[i]))
			i++;
		if (i >= n)
			break;
		/* key=value */
		if (is_alnum(a[i]) || a[i] == '_') {
			size_t j = i;

			while (j < n && (is_alnum(a[j]) || a[j] == '_' ||
			    a[j] == '-'))
				j++;
			if (j < n && a[j] == '=') {
				k = a + i;
				klen = j - i;
				i = j + 1;
			}
		}
		if (i < n && (a[i] == '"' || a[i] == '`')) {
			char q = a[i++];
			size_t j = i;

			hb_buf_reset(&sc->tmp);
			while (j < n && a[j] != q) {
				if (q == '"' && a[j] == '\\' && j + 1 < n)
					j++;
				hb_buf_putc(&sc->tmp, a[j]);
				j++;
			}
			i = j < n ? j + 1 : j;
			v = hb_buf_str(&sc->tmp);
			vlen = sc->tmp.len;
		} else {
			size_t j = i;

			while (j < n && !is_ws(a[j]))
				j++;
			v = a + i;
			vlen = j - i;
			i = j;
		}
		if (k != NULL ? key != NULL && eq_word(key, k, klen) :
		    pos++ == index && index >= 0)
			return hb_arena_strndup(sc->mk->arena, v, vlen);
	}
	return NULL;
}

static bool
sc_flag(struct scan *sc, const struct sc_tag *t, const char *word)
{
	const char *v;
	int i;

	v = sc_arg(sc, t, word, -1);
	if (v != NULL)
		return strcmp(v, "false") != 0;
	for (i = 0; i < 4; i++) {
		v = sc_arg(sc, t, NULL, i);
		if (v != NULL && strcmp(v, word) == 0)
			return true;
	}
	return false;
}

/* Shortcodes whose content is code, and the language it is shown as. */
static const char *
code_shortcode(struct scan *sc, const struct sc_tag *t)
{
	const char *lang;

	if (sc_is(t, "highlight")) {
		lang = sc_arg(sc, t, NULL, 0);
		return lang != NULL ? lang : "";
	}
	if (sc_is(t, "mermaid"))
		return "mermaid";
	if (sc_is(t, "katex") || sc_is(t, "math"))
		return "tex";
	return NULL;
}

/* Length of the longest run of c at the start of lines (a, b). */
static size_t
longest_run(const struct scan *sc, size_t a, size_t b, char c)
{
	size_t best = 0, i, k;

	for (i = a + 1; i < b; i++) {
		const struct hb_mline *l = &sc->l[i];

		k = indent_of(l);
		while (k < l->n && l->p[k] == c)
			k++;
		if (k - indent_of(l) > best)
			best = k - indent_of(l);
	}
	return best;
}

/* {{< highlight go >}} ... {{< /highlight >}} on lines of their own
 * become a fence. The close is looked for only up to the next tag of
 * the same name, so no line is read twice. */
static bool
code_block(struct scan *sc, size_t *pi, size_t pre, const struct sc_tag *t,
    const char *lang)
{
	size_t i = *pi, j;
	char fch = '`';
	size_t flen = 3, k;
	struct hb_buf b;

	for (j = i + 1; j < sc->n; j++) {
		const struct hb_mline *l = &sc->l[j];
		size_t p = indent_of(l);
		struct sc_tag u;

		if (l->n - p < 3 || l->p[p] != '{' || !sc_parse(l->p + p,
		    l->n - p, &u) || !u.complete || u.comment ||
		    u.nlen != t->nlen || memcmp(u.name, t->name, t->nlen) != 0)
			continue;
		if (!u.closing)
			break;
		if (rtrim(l->p + p, l->n - p) != u.end)
			continue;
		/* A fence no line inside can close. */
		k = longest_run(sc, i, j, '`');
		if (k >= 3) {
			size_t tl = longest_run(sc, i, j, '~');

			if (tl < 3) {
				fch = '~';
			} else {
				flen = k + 1;
			}
		}
		hb_buf_init(&b, HB_BUF_NOCAP);
		for (k = 0; k < flen; k++)
			hb_buf_putc(&b, fch);
		hb_buf_puts(&b, lang);
		rewrite(sc, i, pre, b.data, b.len);
		hb_buf_truncate(&b, flen);
		rewrite(sc, j, p, b.data, b.len);
		hb_buf_fini(&b);
		for (k = i; k <= j; k++)
			sc->l[k].code = true;
		sc->fences = true;
		sc->mk->code++;
		*pi = j;
		return true;
	}
	warn(sc, i, pre, "shortcode '%.*s' opened here is never closed (no "
	    "{{< /%.*s >}} line)", (int)t->nlen, t->name, (int)t->nlen,
	    t->name);
	return false;
}

/* {{< figure src="x.png" alt="A" title="T" caption="C" >}} becomes an
 * image line; parse.c makes the paragraph a figure with the caption. */
static void
figure(struct scan *sc, size_t i, size_t last, size_t pre,
    const struct sc_tag *t)
{
	const char *src = sc_arg(sc, t, "src", 0);
	const char *alt = sc_arg(sc, t, "alt", -1);
	const char *title = sc_arg(sc, t, "title", -1);
	const char *cap = sc_arg(sc, t, "caption", -1);
	struct hb_buf b;
	const char *s;
	size_t k, m;

	if (src == NULL) {
		dropped(sc, "Hugo shortcode", "figure (no src)", 15, i, pre);
		drop_line(sc, i, i, pre);
		for (k = i + 1; k <= last; k++)
			drop_line(sc, k, i, pre);
		return;
	}
	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_buf_puts(&b, "![");
	for (s = alt ? alt : (cap ? cap : ""); *s; s++) {
		if (*s == '[' || *s == ']' || *s == '\\')
			hb_buf_putc(&b, '\\');
		hb_buf_putc(&b, *s == '\n' ? ' ' : *s);
	}
	hb_buf_puts(&b, "](<");
	for (s = src; *s; s++)
		if (*s != '<' && *s != '>' && *s != '\n')
			hb_buf_putc(&b, *s);
	hb_buf_puts(&b, ">)");
	rewrite(sc, i, pre, b.data, b.len);
	hb_buf_fini(&b);
	for (k = i + 1; k <= last; k++)
		drop_line(sc, k, i, pre);
	/* The caption is plain text: title, then caption. */
	if (title != NULL && cap != NULL)
		cap = hb_arena_printf(sc->mk->arena, "%s — %s", title, cap);
	else if (cap == NULL)
		cap = title;
	m = add_mark(sc, HB_MARK_FIGURE, HB_BOX_FIGURE, i, NULL, cap, false);
	(void)m;
	sc->mk->figures++;
	sc->mk->boxes--;
}

/* The text of lines i.. joined by '\n' into sc->tmp until the first
 * shortcode (or JSX tag, jsx) that starts at `at` is complete; *last
 * gets the last line used. False when it does not end within MAX_SPAN
 * lines, before a blank or code line. */
static bool
join_until(struct scan *sc, size_t i, size_t at, bool jsx, size_t *last)
{
	size_t j;

	hb_buf_reset(&sc->tmp);
	for (j = i; j < sc->n && j < i + MAX_SPAN; j++) {
		const struct hb_mline *l = &sc->l[j];
		const char *s = hb_buf_str(&sc->tmp);
		bool done;

		if (j > i && (l->code || blank(l)))
			return false;
		if (j > i)
			hb_buf_putc(&sc->tmp, '\n');
		hb_buf_append(&sc->tmp, l->p + (j == i ? at : 0),
		    l->n - (j == i ? at : 0));
		s = hb_buf_str(&sc->tmp);
		if (jsx) {
			done = memchr(s, '>', sc->tmp.len) != NULL;
		} else {
			done = hb_memmem(s, sc->tmp.len, ">}}", 3) != NULL ||
			    hb_memmem(s, sc->tmp.len, "%}}", 3) != NULL;
		}
		if (done) {
			*last = j;
			return true;
		}
	}
	return false;
}

struct sc_line {
	struct sc_tag t[8];
	int n;
};

/* A line that holds only shortcode tags (the first may run over more
 * lines): its tags, and *last the last line it takes. */
static bool
sc_only(struct scan *sc, size_t i, size_t pre, struct sc_line *out,
    size_t *last, char **text, size_t *tlen)
{
	const struct hb_mline *l = &sc->l[i];
	const char *s;
	size_t n, k = 0;

	*last = i;
	s = l->p + pre;
	n = rtrim(s, l->n - pre);
	if (hb_memmem(s, n, "}}", 2) == NULL) {
		if (!join_until(sc, i, pre, false, last))
			return false;
		s = hb_buf_str(&sc->tmp);
		n = rtrim(s, sc->tmp.len);
	}
	out->n = 0;
	while (k < n) {
		struct sc_tag *t;

		while (k < n && is_ws(s[k]))
			k++;
		if (k == n)
			break;
		if (out->n == 8 || s[k] != '{')
			return false;
		t = &out->t[out->n];
		if (!sc_parse(s + k, n - k, t) || !t->complete || t->comment)
			return false;
		t->start = k;
		t->end += k;
		k = t->end;
		out->n++;
	}
	/* The tags point into sc->tmp or the line: keep a copy. */
	*text = hb_arena_strndup(sc->mk->arena, s, n);
	*tlen = n;
	for (k = 0; k < (size_t)out->n; k++) {
		struct sc_tag *t = &out->t[k];

		t->name = *text + (t->name - s);
		t->args = *text + (t->args - s);
	}
	return out->n > 0;
}

/* Hugo shortcodes on lines of their own. */
static bool
shortcode_line(struct scan *sc, size_t *pi, size_t pre)
{
	size_t i = *pi, last, k, tlen;
	struct sc_line sl;
	char *text;
	bool boxed = false;

	if (!sc_only(sc, i, pre, &sl, &last, &text, &tlen))
		return false;
	(void)tlen;
	/* Lines that are only references stay text: the inline pass puts
	 * the path in. */
	for (k = 0; k < (size_t)sl.n; k++)
		if (sc_is(&sl.t[k], "ref") || sc_is(&sl.t[k], "relref"))
			return false;
	if (sl.n == 1 && !sl.t[0].closing) {
		const struct sc_tag *t = &sl.t[0];
		const char *lang = code_shortcode(sc, t);

		if (lang != NULL && !t->selfclose && last == i) {
			if (code_block(sc, pi, pre, t, lang))
				return true;
			drop_line(sc, i, i, pre);
			return true;
		}
		if (sc_is(t, "figure")) {
			figure(sc, i, last, pre, t);
			*pi = last;
			return true;
		}
	}
	for (k = 0; k < (size_t)sl.n; k++) {
		const struct sc_tag *t = &sl.t[k];
		const char *name = hb_arena_strndup(sc->mk->arena, t->name,
		    t->nlen);
		size_t col = pre + t->start;
		bool ok = false;

		if (t->closing) {
			if (sc_is(t, "hint") || sc_is(t, "details") ||
			    sc_is(t, "expand") || sc_is(t, "tabs") ||
			    sc_is(t, "tab")) {
				ok = pop(sc, i, 0, t->name, t->nlen);
				if (!ok)
					warn(sc, i, col, "{{< /%s >}} closes "
					    "nothing (no '%s' is open)", name,
					    name);
				boxed = true;
			} else {
				dropped(sc, "Hugo shortcode", t->name, t->nlen,
				    i, col);
			}
			continue;
		}
		if (t->selfclose) {
			dropped(sc, "Hugo shortcode", t->name, t->nlen, i, col);
			continue;
		}
		if (sc_is(t, "hint")) {
			const char *a = sc_arg(sc, t, NULL, 0);
			const char *type = a ? callout_type(a, strlen(a)) :
			    NULL;

			ok = push(sc, i, col, 0, name, HB_BOX_CALLOUT,
			    type ? type : "note", sc_arg(sc, t, "title", -1),
			    false);
		} else if (sc_is(t, "details") || sc_is(t, "expand")) {
			const char *title = sc_arg(sc, t, "title", -1);

			if (title == NULL)
				title = sc_arg(sc, t, NULL, 0);
			if (title != NULL && strcmp(title, "open") == 0)
				title = NULL;
			ok = push(sc, i, col, 0, name, HB_BOX_DETAILS, NULL,
			    title, sc_flag(sc, t, "open"));
		} else if (sc_is(t, "tabs")) {
			ok = push(sc, i, col, 0, name, HB_BOX_TABS, NULL, NULL,
			    false);
		} else if (sc_is(t, "tab")) {
			const char *title = sc_arg(sc, t, "name", -1);

			if (title == NULL)
				title = sc_arg(sc, t, "title", -1);
			if (title == NULL)
				title = sc_arg(sc, t, NULL, 0);
			ok = push(sc, i, col, 0, name, HB_BOX_TAB, NULL, title,
			    false);
		} else {
			dropped(sc, "Hugo shortcode", t->name, t->nlen, i, col);
			continue;
		}
		boxed = boxed || ok;
	}
	/* The line (and any it ran over) is a marker. */
	if (boxed && sc->mk->n > 0 && sc->mk->v[sc->mk->n - 1].line == i &&
	    sc->mk->v[sc->mk->n - 1].kind == HB_MARK_CLOSE)
		marker(sc, i, i, pre, "/hb", NULL);
	else if (boxed && sc->mk->n > 0 && sc->mk->v[sc->mk->n - 1].line == i)
		marker(sc, i, i, pre, "hb:",
		    box_word(&sc->mk->v[sc->mk->n - 1]));
	else
		drop_line(sc, i, i, pre);
	for (k = i + 1; k <= last; k++)
		drop_line(sc, k, i, pre);
	*pi = last;
	return true;
}

/* ---- MDX ---- */

/* Parses a JSX tag at s[0] == '<' with a capitalised name (or a
 * fragment, "<>"). *end is one past its '>'; complete=false when the
 * text ends first. */
static bool
jsx_tag(const char *s, size_t n, size_t *end, bool *closing, bool *selfclose,
    const char **name, size_t *nlen, bool *complete)
{
	size_t i = 1, j;
	int braces = 0;
	char q = 0;

	*closing = *selfclose = *complete = false;
	if (n < 2 || s[0] != '<')
		return false;
	if (s[i] == '/') {
		*closing = true;
		i++;
	}
	j = i;
	if (i < n && s[i] >= 'A' && s[i] <= 'Z')
		while (j < n && (is_alnum(s[j]) || s[j] == '_' || s[j] == '.'))
			j++;
	else if (i >= n || s[i] != '>')
		return false;
	*name = s + i;
	*nlen = j - i;
	if (j < n && !is_ws(s[j]) && s[j] != '>' && s[j] != '/' &&
	    s[j] != '{')
		return false;
	for (i = j; i < n; i++) {
		char c = s[i];

		if (q != 0) {
			if (c == '\\')
				i++;
			else if (c == q)
				q = 0;
			continue;
		}
		if (c == '"' || c == '\'' || (c == '`' && braces > 0)) {
			q = c;
			continue;
		}
		if (c == '{')
			braces++;
		else if (c == '}' && braces > 0)
			braces--;
		else if (c == '>' && braces == 0) {
			size_t k = i;

			while (k > j && is_ws(s[k - 1]))
				k--;
			*selfclose = k > j && s[k - 1] == '/';
			*end = i + 1;
			*complete = true;
			return true;
		}
	}
	*end = n;
	return true;
}

bool
hb_markup_is_component(const char *s, size_t n, const char **name,
    size_t *len)
{
	size_t end;
	bool closing, selfclose, complete;

	n = rtrim(s, n);
	return jsx_tag(s, n, &end, &closing, &selfclose, name, len,
	    &complete) && complete && end == n;
}

/* An MDX brace comment at s[0]: its length, or 0. */
static size_t
mdx_comment(const char *s, size_t n)
{
	const char *e;

	if (n < 4 || s[0] != '{' || s[1] != '/' || s[2] != '*')
		return 0;
	e = hb_memmem(s + 3, n - 3, "*/}", 3);
	return e != NULL ? (size_t)(e - s) + 3 : 0;
}

/* Lines of JSX tags only (`<Tabs>`, `  <TabItem value="a">`, `</Tabs>`,
 * `<Note />`), or brace comments: dropped, their children kept. */
static bool
jsx_line(struct scan *sc, size_t *pi, size_t pre)
{
	size_t i = *pi, last = i, k = 0, n, e, j;
	const struct hb_mline *l = &sc->l[i];
	const char *s = l->p + pre;
	int opens = 0;
	struct {
		const char *name;
		size_t len, col;
	} names[8];
	int nn = 0;

	n = rtrim(s, l->n - pre);
	/* Only a capitalised tag, a closing one or a fragment may run on. */
	if (s[0] == '<' && !(n > 1 && ((s[1] >= 'A' && s[1] <= 'Z') ||
	    s[1] == '>' || (s[1] == '/' && n > 2 && ((s[2] >= 'A' &&
	    s[2] <= 'Z') || s[2] == '>')))))
		return false;
	if (mdx_comment(s, n) == 0 && n > 0 && s[0] == '<' &&
	    memchr(s, '>', n) == NULL) {
		if (!join_until(sc, i, pre, true, &last))
			return false;
		s = hb_buf_str(&sc->tmp);
		n = rtrim(s, sc->tmp.len);
	} else if (n > 1 && s[0] == '{' && hb_memmem(s, n, "*/}", 3) == NULL) {
		/* A brace comment over several lines. */
		for (j = i + 1; j < sc->n && j < i + MAX_SPAN; j++) {
			const struct hb_mline *m = &sc->l[j];

			if (m->code)
				return false;
			if (hb_memmem(m->p, m->n, "*/}", 3) != NULL &&
			    rtrim(m->p, m->n) >= 3 && memcmp(m->p +
			    rtrim(m->p, m->n) - 3, "*/}", 3) == 0) {
				for (k = i; k <= j; k++)
					drop_line(sc, k, i, pre);
				*pi = j;
				return true;
			}
		}
		return false;
	}
	while (k < n) {
		bool closing, selfclose, complete;
		const char *name;
		size_t nlen;

		while (k < n && is_ws(s[k]))
			k++;
		if (k == n)
			break;
		if ((e = mdx_comment(s + k, n - k)) > 0) {
			k += e;
			continue;
		}
		if (!jsx_tag(s + k, n - k, &e, &closing, &selfclose, &name,
		    &nlen, &complete) || !complete)
			return false;
		if (nn < 8 && !closing) {
			names[nn].name = name;
			names[nn].len = nlen;
			names[nn].col = pre + k;
			nn++;
		}
		if (!selfclose)
			opens += closing ? -1 : 1;
		k += e;
	}
	for (j = 0; j < (size_t)nn; j++)
		dropped(sc, "MDX component", names[j].len ? names[j].name :
		    "<>", names[j].len ? names[j].len : 2, i, names[j].col);
	for (k = i; k <= last; k++)
		drop_line(sc, k, i, pre);
	/* Children are often indented under their tag; MDX ignores that
	 * indentation, CommonMark would make it code. */
	sc->jsx_depth += opens;
	if (sc->jsx_depth < 0)
		sc->jsx_depth = 0;
	sc->jsx_dedent = -1;
	*pi = last;
	return true;
}

/* Removes the indentation MDX children are written at. */
static void
jsx_dedent(struct scan *sc, size_t i)
{
	struct hb_mline *l = &sc->l[i];
	size_t in = indent_of(l), cut;

	if (blank(l))
		return;
	if (sc->jsx_dedent < 0)
		sc->jsx_dedent = (int)in;
	cut = in < (size_t)sc->jsx_dedent ? in : (size_t)sc->jsx_dedent;
	if (cut == 0)
		return;
	l->p += cut;
	l->n -= cut;
	sc->fences = true;
	if (sc->mk->shift == NULL) {
		sc->mk->shift = hb_arena_alloc(sc->mk->arena, (sc->n + 1) *
		    sizeof(*sc->mk->shift));
		sc->mk->nshift = sc->n;
	}
	sc->mk->shift[i] = (int)cut;
}

/* import ... from '...'; export const x = ...; (MDX, at the top level):
 * an import must look like JavaScript (a from clause, or a path-like
 * module), so Go's `import "fmt"` in prose stays. An export runs to the
 * next blank line. */
static bool
is_js_module(const char *s, size_t n)
{
	static const char *const ext[] = { ".js", ".jsx", ".ts", ".tsx",
		".mjs", ".css", ".scss", ".md", ".mdx", NULL };
	size_t i;

	if (n == 0)
		return false;
	if (s[0] == '.' || s[0] == '/' || s[0] == '@')
		return true;
	for (i = 0; ext[i]; i++) {
		size_t k = strlen(ext[i]);

		if (n > k && memcmp(s + n - k, ext[i], k) == 0)
			return true;
	}
	return false;
}

/* The import statement in s[0..n) is complete and looks like ESM. */
static bool
import_done(const char *s, size_t n, bool *esm)
{
	size_t e = rtrim(s, n), b;
	char q;

	*esm = false;
	if (e > 0 && s[e - 1] == ';')
		e--;
	if (e < 2 || (s[e - 1] != '\'' && s[e - 1] != '"'))
		return false;
	q = s[e - 1];
	for (b = e - 1; b > 0 && s[b - 1] != q; b--)
		;
	if (b == 0)
		return false;
	*esm = is_js_module(s + b, e - 1 - b) ||
	    hb_memmem(s, b, " from ", 6) != NULL ||
	    hb_memmem(s, b, "}from", 5) != NULL ||
	    hb_memmem(s, b, "\nfrom ", 6) != NULL;
	return true;
}

static bool
esm(struct scan *sc, size_t *pi)
{
	static const char *const exports[] = { "default", "const", "let",
		"var", "function", "class", "async", "type", "interface",
		"{", "*", NULL };
	size_t i = *pi, j = i, k;
	const struct hb_mline *l = &sc->l[i];
	bool ok = false;

	if (l->n > 7 && memcmp(l->p, "import", 6) == 0 && (l->p[6] == ' ' ||
	    l->p[6] == '{' || l->p[6] == '*' || l->p[6] == '\'' ||
	    l->p[6] == '"')) {
		bool is_esm = false;

		hb_buf_reset(&sc->tmp);
		for (j = i; j < sc->n && j < i + MAX_SPAN; j++) {
			if (j > i && (blank(&sc->l[j]) || sc->l[j].code))
				return false;
			if (j > i)
				hb_buf_putc(&sc->tmp, '\n');
			hb_buf_append(&sc->tmp, sc->l[j].p, sc->l[j].n);
			if (import_done(hb_buf_str(&sc->tmp), sc->tmp.len,
			    &is_esm))
				break;
		}
		if (j == sc->n || j == i + MAX_SPAN || !is_esm)
			return false;
		ok = true;
	} else if (l->n > 7 && memcmp(l->p, "export", 6) == 0 &&
	    l->p[6] == ' ') {
		const char *s = l->p + 7;
		size_t n = l->n - 7;

		while (n > 0 && *s == ' ') {
			s++;
			n--;
		}
		for (k = 0; exports[k] && !ok; k++) {
			size_t w = strlen(exports[k]);

			ok = n >= w && memcmp(s, exports[k], w) == 0 &&
			    (w == 1 || n == w || !is_alnum(s[w]));
		}
		if (!ok)
			return false;
		for (j = i + 1; j < sc->n && !blank(&sc->l[j]) &&
		    !sc->l[j].code; j++)
			;
		j--;
	}
	if (!ok)
		return false;
	for (k = i; k <= j; k++)
		drop_line(sc, k, i, 0);
	sc->mk->esm_lines += j - i + 1;
	*pi = j;
	return true;
}

/* <head> ... </head> at the top level (Docusaurus, MDX): metadata for
 * the browser tab, not content. */
static bool
head_block(struct scan *sc, size_t *pi)
{
	size_t i = *pi, j, k;
	const struct hb_mline *l = &sc->l[i];

	if (rtrim(l->p, l->n) != 6 || !eq_word("<head>", l->p, 6))
		return false;
	for (j = i + 1; j < sc->n && j < i + 4 * MAX_SPAN; j++) {
		const struct hb_mline *m = &sc->l[j];
		size_t p = indent_of(m);

		if (rtrim(m->p + p, m->n - p) == 7 &&
		    eq_word("</head>", m->p + p, 7)) {
			for (k = i; k <= j; k++)
				drop_line(sc, k, i, 0);
			sc->mk->head_blocks++;
			*pi = j;
			return true;
		}
	}
	warn(sc, i, 0, "<head> without a </head> line; shown as text");
	return false;
}

/* ---- GitHub alerts, docsify helpers ---- */

/* "> [!NOTE]" as the first line of a quote. */
static bool
alert(struct scan *sc, size_t i, size_t pre)
{
	const struct hb_mline *l = &sc->l[i];
	const char *s = l->p + pre, *type, *title;
	size_t n = rtrim(s, l->n - pre), k = 2;
	bool q;

	if (n < 4 || s[0] != '[' || s[1] != '!')
		return false;
	while (k < n && is_alnum(s[k]))
		k++;
	if (k == n || s[k] != ']')
		return false;
	type = callout_type(s + 2, k - 2);
	if (type == NULL)
		return false;
	/* Only the first line of a quote starts an alert. */
	if (i > 0 && !blank(&sc->l[i - 1])) {
		prefix(&sc->l[i - 1], &q);
		if (q)
			return false;
	}
	k++;
	if (k < n && (s[k] == '+' || s[k] == '-'))
		k++;
	title = arena_text(sc, s + k, n - k);
	add_mark(sc, HB_MARK_ALERT, HB_BOX_CALLOUT, i, type, title, false);
	marker(sc, i, i, pre, "hb:", type);
	return true;
}

/* docsify: "!> important" and "?> tip" start a paragraph. */
static bool
docsify(struct scan *sc, size_t i, size_t pre)
{
	const struct hb_mline *l = &sc->l[i];
	const char *s = l->p + pre;
	size_t n = l->n - pre, k = 2;

	if (n < 3 || (s[0] != '!' && s[0] != '?') || s[1] != '>' ||
	    (s[2] != ' ' && s[2] != '\t'))
		return false;
	if (i > 0 && !blank(&sc->l[i - 1]))
		return false;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	add_mark(sc, HB_MARK_PARA, HB_BOX_CALLOUT, i, s[0] == '!' ?
	    "warning" : "tip", NULL, false);
	rewrite(sc, i, pre, s + k, n - k);
	return true;
}

/* ---- inline: shortcodes inside a line ---- */

/* Shortcodes and brace comments inside running text, outside code
 * spans: references become their path, escaped shortcodes their text,
 * the rest is dropped. In code (code=true) only escapes are undone. */
static void
inline_line(struct scan *sc, size_t i, bool code)
{
	const struct hb_mline *l = &sc->l[i];
	const char *s = l->p;
	size_t n = l->n, k = 0, from = 0;
	struct hb_buf b;
	bool changed = false;

	if (hb_memmem(s, n, "{{", 2) == NULL && (code ||
	    hb_memmem(s, n, "{/*", 3) == NULL))
		return;
	hb_buf_init(&b, HB_BUF_NOCAP);
	while (k < n) {
		struct sc_tag t;
		size_t e;

		if (s[k] == '`' && !code) {
			k = hb_code_span_end(s, n, k);
			continue;
		}
		if (!code && (e = mdx_comment(s + k, n - k)) > 0) {
			hb_buf_append(&b, s + from, k - from);
			k += e;
			from = k;
			changed = true;
			continue;
		}
		if (s[k] != '{' || !sc_parse(s + k, n - k, &t) ||
		    !t.complete || (code && !t.comment)) {
			k++;
			continue;
		}
		hb_buf_append(&b, s + from, k - from);
		if (t.comment) {
			hb_buf_puts(&b, "{{");
			hb_buf_putc(&b, t.delim);
			hb_buf_append(&b, s + k + t.inner, t.inner_len);
			hb_buf_putc(&b, t.close);
			hb_buf_puts(&b, "}}");
		} else if (!t.closing && (sc_is(&t, "ref") ||
		    sc_is(&t, "relref"))) {
			const char *p = sc_arg(sc, &t, "path", 0);

			if (p != NULL)
				hb_buf_puts(&b, p);
			sc->mk->refs++;
		} else {
			dropped(sc, "Hugo shortcode", t.name, t.nlen, i, k);
		}
		k += t.end;
		from = k;
		changed = true;
	}
	if (changed) {
		hb_buf_append(&b, s + from, n - from);
		rewrite(sc, i, 0, hb_buf_str(&b), b.len);
	}
	hb_buf_fini(&b);
}

/* ---- the pass ---- */

bool
hb_markup_lines(struct hb_markup *mk, struct hb_mline *lines, size_t n,
    const char *path, int first_line, struct hb_diag *d)
{
	struct scan sc;
	size_t i;

	memset(&sc, 0, sizeof(sc));
	sc.mk = mk;
	sc.l = lines;
	sc.n = n;
	sc.path = path;
	sc.first_line = first_line;
	sc.d = d;
	sc.jsx_dedent = -1;
	sc.list_col = -1;
	sc.prev_blank = true;
	hb_buf_init(&sc.tmp, HB_BUF_NOCAP);
	for (i = 0; i < n; i++) {
		struct hb_mline *l = &lines[i];
		size_t pre, len;
		bool quote, done = false;
		const char *s;

		if (sc.jsx_depth > 0)
			jsx_dedent(&sc, i);
		if (l->code) {
			inline_line(&sc, i, true);
			continue;
		}
		pre = prefix(l, &quote);
		s = l->p + pre;
		len = rtrim(s, l->n - pre);
		if (!not_code(&sc, l, quote) || len == 0)
			continue;
		switch (s[0]) {
		case ':':
			done = admonition(&sc, i, pre);
			break;
		case '{':
			if (len > 2 && s[1] == '{')
				done = shortcode_line(&sc, &i, pre);
			else if (len >= 3 && s[1] == '/' && s[2] == '*')
				done = jsx_line(&sc, &i, pre);
			break;
		case '<':
			if (pre == 0 && head_block(&sc, &i))
				done = true;
			else
				done = jsx_line(&sc, &i, pre);
			break;
		case '[':
			done = quote && alert(&sc, i, pre);
			break;
		case '!':
		case '?':
			done = !quote && docsify(&sc, i, pre);
			break;
		case 'i':
		case 'e':
			done = pre == 0 && esm(&sc, &i);
			break;
		default:
			break;
		}
		if (done)
			continue;
		inline_line(&sc, i, false);
	}
	/* Boxes never closed end with whatever holds them (parse.c). */
	while (sc.depth > 0) {
		const struct open_box *o = &sc.st[--sc.depth];
		char what[64];

		warn(&sc, mk->v[o->mark].line, o->col, "%s opened here is "
		    "never closed; it runs to the end of the block it is in",
		    opener(o, what, sizeof(what)));
	}
	hb_buf_fini(&sc.tmp);
	return sc.fences;
}
