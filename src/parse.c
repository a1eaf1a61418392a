/* Stage 4: cmark-gfm wrapper. Parses the repaired body once, removes the
 * emphasis sentinel from every node, turns the foreign-markup marks of
 * markup.h into boxes, and mirrors the block structure as
 * struct hb_blk with file positions and plain text. */
#include "parse.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "markup.h"
#include "prepare.h"
#include "str.h"
#include "xalloc.h"

struct hb_doc {
	const char *path;
	struct hb_buf text;	/* repaired body */
	size_t *line_off;	/* start offset of each body line */
	size_t nlines;
	int first_line;
	int col_offset;
	bool sentinel;
	bool allow_html;
	cmark_node *root;
	cmark_parser *parser;	/* kept: its extensions render tables */
	struct hb_blk *blk;
	struct hb_markup mk;	/* foreign markup read by prepare */
	struct hb_arena arena;
};

/* Registering the extensions writes to cmark-gfm's global registry;
 * do it once, before any worker thread parses. */
static pthread_once_t ext_once = PTHREAD_ONCE_INIT;

/* cmark-gfm keeps its table of special inline characters in a
 * process-global array (SPECIAL_CHARS in inlines.c). cmark_parser_finish
 * adds the extensions' characters (':', 'w', '~', ...) before it parses
 * the inlines and removes them after, so one thread finishing a document
 * switches autolinks and strikethrough off for a document another thread
 * is in the middle of (issue #12; upstream cmark-gfm PR 176). Inline
 * parsing happens only inside cmark_parser_finish: block parsing
 * (cmark_parser_feed), our passes over the tree and rendering touch no
 * global state, so serialising finish alone keeps them parallel. */
static pthread_mutex_t finish_lock = PTHREAD_MUTEX_INITIALIZER;

static void
register_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

static void
attach(cmark_parser *p, const char *name)
{
	cmark_syntax_extension *ext = cmark_find_syntax_extension(name);

	if (ext != NULL)
		cmark_parser_attach_syntax_extension(p, ext);
}

/* Removes every U+1680 sentinel from s; returns a new arena string or
 * s itself when there is none. */
static const char *
strip_sentinel(struct hb_arena *a, const char *s)
{
	struct hb_buf b;
	const char *p, *q;
	char *r;

	if (s == NULL || strstr(s, HB_SENTINEL) == NULL)
		return s;
	hb_buf_init(&b, HB_BUF_NOCAP);
	for (p = s; (q = strstr(p, HB_SENTINEL)) != NULL;
	    p = q + HB_SENTINEL_LEN)
		hb_buf_append(&b, p, (size_t)(q - p));
	hb_buf_puts(&b, p);
	r = hb_arena_strndup(a, hb_buf_str(&b), b.len);
	hb_buf_fini(&b);
	return r;
}

static void
clean_sentinels(struct hb_doc *doc)
{
	cmark_iter *it = cmark_iter_new(doc->root);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *lit;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		lit = cmark_node_get_literal(n);
		if (lit != NULL && strstr(lit, HB_SENTINEL) != NULL)
			cmark_node_set_literal(n,
			    strip_sentinel(&doc->arena, lit));
	}
	cmark_iter_free(it);
}

/* ---- foreign markup: marks -> boxes (markup.h) ---- */

/* cmark-gfm gives nodes we make no position: a box keeps its own (body
 * lines as cmark counts them) in its user data, for the mirror. */
struct box_pos {
	int line, col, end;
};

static const struct box_pos *
box_pos(cmark_node *n)
{
	return cmark_node_get_type(n) == CMARK_NODE_CUSTOM_BLOCK ?
	    cmark_node_get_user_data(n) : NULL;
}

static int
node_line(cmark_node *n)
{
	const struct box_pos *p = box_pos(n);

	return p ? p->line : cmark_node_get_start_line(n);
}

static int
node_end(cmark_node *n)
{
	const struct box_pos *p = box_pos(n);

	return p ? p->end : cmark_node_get_end_line(n);
}

static void
set_pos(struct hb_doc *doc, cmark_node *box, int line, int col, int end)
{
	struct box_pos *p = hb_arena_alloc(&doc->arena, sizeof(*p));

	p->line = line;
	p->col = col;
	p->end = end < line ? line : end;
	cmark_node_set_user_data(box, p);
}

/* The index of the first mark on body line `line`, or mk->n. */
static size_t
first_mark(const struct hb_markup *mk, size_t line)
{
	size_t lo = 0, hi = mk->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mk->v[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < mk->n && mk->v[lo].line == line ? lo : mk->n;
}

static void
put_attr(struct hb_buf *b, const char *s)
{
	hb_buf_html(b, s, strlen(s));
}

/* The custom block a box renders as, or NULL for a box that only
 * keeps its content (an unknown container). */
static cmark_node *
box_node(const struct hb_markup_mark *m, struct hb_buf *b)
{
	cmark_node *box;
	const char *exit = "";

	hb_buf_reset(b);
	switch (m->box) {
	case HB_BOX_CALLOUT:
		if (m->type == NULL)
			return NULL;
		hb_buf_printf(b, "<div class=\"callout callout-%s\" "
		    "role=\"note\"><p class=\"callout-title\">", m->type);
		if (m->title != NULL)
			put_attr(b, m->title);
		hb_buf_puts(b, "</p>\n");
		exit = "</div>\n";
		break;
	case HB_BOX_DETAILS:
		hb_buf_printf(b, "<details class=\"callout callout-details\"%s>"
		    "<summary>", m->open ? " open" : "");
		if (m->title != NULL)
			put_attr(b, m->title);
		hb_buf_puts(b, "</summary>\n");
		exit = "</details>\n";
		break;
	case HB_BOX_TABS:
		hb_buf_puts(b, "<div class=\"tabs\">\n");
		exit = "</div>\n";
		break;
	case HB_BOX_TAB:
		hb_buf_puts(b, "<section class=\"tab\"><p class=\"tab-title\">");
		if (m->title != NULL)
			put_attr(b, m->title);
		hb_buf_puts(b, "</p>\n");
		exit = "</section>\n";
		break;
	case HB_BOX_FIGURE:
		hb_buf_puts(b, "<figure class=\"figure\">\n");
		break;
	}
	box = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	cmark_node_set_on_enter(box, hb_buf_str(b));
	if (m->box == HB_BOX_FIGURE) {
		hb_buf_reset(b);
		if (m->title != NULL) {
			hb_buf_puts(b, "<figcaption>");
			put_attr(b, m->title);
			hb_buf_puts(b, "</figcaption>");
		}
		hb_buf_puts(b, "</figure>\n");
		exit = hb_buf_str(b);
	}
	cmark_node_set_on_exit(box, exit);
	return box;
}

/* Moves the siblings after `open` into box (put in open's place): up
 * to `close` when it is a sibling, through the sibling holding it when
 * it sits deeper (a few levels at most), else to the end of the
 * parent. Frees both anchors. */
static void
wrap(struct hb_doc *doc, cmark_node *open, cmark_node *close,
    cmark_node *box)
{
	cmark_node *parent = cmark_node_parent(open), *stop = NULL, *n, *x;
	bool inclusive = false;
	int up, line = node_line(open), end;

	/* A one-line HTML block may end "before" it starts in cmark-gfm's
	 * numbering: its start line is the close's line. */
	end = close != NULL ? node_line(close) : line;

	if (close != NULL) {
		for (x = close, up = 0; x != NULL && up < 64 &&
		    cmark_node_parent(x) != parent; up++)
			x = cmark_node_parent(x);
		if (x != NULL && cmark_node_parent(x) == parent) {
			stop = x;
			inclusive = x != close;
		}
	}
	if (box != NULL) {
		cmark_node_insert_before(open, box);
		for (n = cmark_node_next(open); n != NULL && (n != stop ||
		    inclusive);) {
			cmark_node *next = cmark_node_next(n);

			cmark_node_append_child(box, n);
			if (n == stop)
				break;
			n = next;
		}
		n = cmark_node_last_child(box);
		if (n != NULL && node_end(n) > end)
			end = node_end(n);
		set_pos(doc, box, line, box_pos(open) ? box_pos(open)->col :
		    cmark_node_get_start_column(open), end);
	}
	cmark_node_free(open);
	if (close != NULL)
		cmark_node_free(close);
}

/* Removes an MDX component tag written inside a paragraph. */
static bool
inline_component(struct hb_doc *doc, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n), *name;
	size_t len;
	cmark_node *b;
	int line, col;

	if (lit == NULL || !hb_markup_is_component(lit, strlen(lit), &name,
	    &len))
		return false;
	/* One count per use: a closing tag is part of the same one. */
	if (lit[1] == '/')
		return true;
	for (b = n; b != NULL && cmark_node_get_start_line(b) == 0;)
		b = cmark_node_parent(b);
	line = b ? cmark_node_get_start_line(b) : 1;
	col = b ? cmark_node_get_start_column(b) : 1;
	col += hb_markup_shift(&doc->mk, (size_t)(line - 1));
	hb_markup_dropped(&doc->mk, "MDX component", len ? name : "<>",
	    len ? len : 2, line + doc->first_line - 1, col + doc->col_offset);
	return true;
}

/* Turns the marks into boxes. Anchors (the marker comments) are found
 * in one walk; every mark is then handled once, inner boxes before the
 * boxes around them (a close comes before the close around it). */
static void
boxes(struct hb_doc *doc)
{
	struct hb_markup *mk = &doc->mk;
	cmark_node **at, **para, **drop = NULL;
	long *opener;
	size_t ndrop = 0, capdrop = 0, i, k;
	cmark_iter *it;
	cmark_event_type ev;
	struct hb_buf b;

	at = hb_xcalloc(mk->n + 1, sizeof(*at));
	para = hb_xcalloc(mk->n + 1, sizeof(*para));
	opener = hb_xmalloc((mk->n + 1) * sizeof(*opener));
	it = cmark_iter_new(doc->root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		int line;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_HTML_INLINE) {
			if (inline_component(doc, n)) {
				drop = hb_xgrow(drop, &capdrop, ndrop + 1,
				    sizeof(*drop));
				drop[ndrop++] = n;
			}
			continue;
		}
		if ((t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_PARAGRAPH) ||
		    mk->n == 0)
			continue;
		line = cmark_node_get_start_line(n) - 1;
		k = line >= 0 ? first_mark(mk, (size_t)line) : mk->n;
		if (k == mk->n)
			continue;
		if (t == CMARK_NODE_PARAGRAPH) {
			if (para[k] == NULL)
				para[k] = n;
			continue;
		}
		if (at[k] == NULL)
			at[k] = n;
	}
	cmark_iter_free(it);
	for (i = 0; i < ndrop; i++)
		cmark_node_free(drop[i]);
	free(drop);
	/* Several marks on one line: each gets an anchor of its own, in
	 * order, so each box starts at the right place. */
	for (k = 1; k < mk->n; k++) {
		if (mk->v[k].line != mk->v[k - 1].line || at[k - 1] == NULL ||
		    at[k] != NULL)
			continue;
		at[k] = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
		set_pos(doc, at[k], node_line(at[k - 1]), 1,
		    node_line(at[k - 1]));
		cmark_node_insert_after(at[k - 1], at[k]);
	}
	for (k = 0; k < mk->n; k++)
		opener[k] = -1;
	for (k = 0; k < mk->n; k++)
		if (mk->v[k].kind == HB_MARK_OPEN && mk->v[k].pair >= 0)
			opener[mk->v[k].pair] = (long)k;
	hb_buf_init(&b, HB_BUF_NOCAP);
	for (k = 0; k < mk->n; k++) {
		const struct hb_markup_mark *m = &mk->v[k];
		cmark_node *box, *q;
		long o;

		switch (m->kind) {
		case HB_MARK_CLOSE:
			o = opener[k];
			if (o >= 0 && at[o] != NULL) {
				wrap(doc, at[o], at[k], box_node(&mk->v[o], &b));
				at[o] = NULL;
			} else if (at[k] != NULL) {
				cmark_node_free(at[k]);
			}
			at[k] = NULL;
			break;
		case HB_MARK_ALERT:
			q = at[k] ? cmark_node_parent(at[k]) : NULL;
			if (q != NULL && cmark_node_get_type(q) ==
			    CMARK_NODE_BLOCK_QUOTE) {
				box = box_node(m, &b);
				set_pos(doc, box, node_line(q),
				    cmark_node_get_start_column(q), node_end(q));
				cmark_node_insert_before(q, box);
				cmark_node_free(at[k]);
				while (cmark_node_first_child(q) != NULL)
					cmark_node_append_child(box,
					    cmark_node_first_child(q));
				cmark_node_free(q);
			} else if (at[k] != NULL) {
				cmark_node_free(at[k]);
			}
			at[k] = NULL;
			break;
		case HB_MARK_PARA:
		case HB_MARK_FIGURE:
			q = para[k];
			if (q == NULL || (m->kind == HB_MARK_FIGURE &&
			    (cmark_node_first_child(q) == NULL ||
			    cmark_node_get_type(cmark_node_first_child(q)) !=
			    CMARK_NODE_IMAGE || cmark_node_next(
			    cmark_node_first_child(q)) != NULL)))
				break;
			box = box_node(m, &b);
			set_pos(doc, box, node_line(q),
			    cmark_node_get_start_column(q), node_end(q));
			cmark_node_insert_before(q, box);
			cmark_node_append_child(box, q);
			break;
		default:
			break;
		}
	}
	/* Boxes never closed run to the end of what holds them; the
	 * innermost first. */
	for (k = mk->n; k-- > 0;)
		if (mk->v[k].kind == HB_MARK_OPEN && at[k] != NULL) {
			wrap(doc, at[k], NULL, box_node(&mk->v[k], &b));
			at[k] = NULL;
		}
	hb_buf_fini(&b);
	/* Marker comments of dropped lines. */
	it = cmark_iter_new(doc->root);
	drop = NULL;
	ndrop = capdrop = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *lit;

		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(n) != CMARK_NODE_HTML_BLOCK)
			continue;
		lit = cmark_node_get_literal(n);
		if (lit != NULL && hb_starts_with(lit, "<!--") &&
		    cmark_node_get_start_line(n) > 0 &&
		    hb_markup_is_marker(mk,
		    (size_t)cmark_node_get_start_line(n) - 1)) {
			drop = hb_xgrow(drop, &capdrop, ndrop + 1,
			    sizeof(*drop));
			drop[ndrop++] = n;
		}
	}
	cmark_iter_free(it);
	for (i = 0; i < ndrop; i++)
		cmark_node_free(drop[i]);
	free(drop);
	free(at);
	free(para);
	free(opener);
}

/* An autolink (bare URL, www., <url>, e-mail): its text is its target. */
static bool
is_autolink(cmark_node *link)
{
	cmark_node *t = cmark_node_first_child(link);
	const char *url = cmark_node_get_url(link), *lit;

	if (t == NULL || cmark_node_next(t) != NULL ||
	    cmark_node_get_type(t) != CMARK_NODE_TEXT || url == NULL)
		return false;
	lit = cmark_node_get_literal(t);
	if (lit == NULL)
		return false;
	if (strcmp(url, lit) == 0)
		return true;
	return (hb_starts_with(url, "http://") && strcmp(url + 7, lit) == 0) ||
	    (hb_starts_with(url, "mailto:") && strcmp(url + 7, lit) == 0);
}

/* Skips "**label**" and the colon after it at the start of a
 * paragraph's plain text (see hb_blk_plain). */
static void
cut_colon(struct hb_buf *out, size_t from)
{
	const char *s = hb_buf_str(out) + from;
	size_t n = out->len - from, i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
		i++;
	if (i < n && s[i] == ':')
		i++;
	else if (n - i >= 3 && memcmp(s + i, "\xef\xbc\x9a", 3) == 0)
		i += 3;	/* the full-width colon */
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
		i++;
	if (i > 0) {
		memmove(out->data + from, s + i, n - i);
		hb_buf_truncate(out, from + n - i);
	}
}

/* What inline_text keeps: the mirror's titles and labels keep raw HTML
 * and autolinks as written; the model's text (hb_blk_plain) does not. */
enum {
	TEXT_RAW = 1 << 0
};

/* Appends the plain text of the inlines under n (and of a table's
 * cells). Iterative (cmark's iterator keeps no stack), so nested
 * emphasis or links cost no stack. `lead`, when not NULL, is a first
 * child left out together with the colon after it. */
static void
inline_text(cmark_node *n, cmark_node *lead, unsigned flags,
    struct hb_buf *out)
{
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	size_t after_lead = 0;
	bool cut = false;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		const char *ts;

		if (c == n)
			continue;
		if (ev == CMARK_EVENT_EXIT) {
			/* table cells and rows are blocks of the extension */
			if ((cmark_node_get_type(c) & CMARK_NODE_TYPE_MASK) !=
			    CMARK_NODE_TYPE_BLOCK)
				continue;
			ts = cmark_node_get_type_string(c);
			if (ts != NULL && strcmp(ts, "table_cell") == 0) {
				hb_buf_putc(out, ' ');
				continue;
			}
			if (out->len > 0 && out->data[out->len - 1] == ' ')
				hb_buf_truncate(out, out->len - 1);
			hb_buf_putc(out, '\n');
			continue;
		}
		if (c == lead) {
			cmark_iter_reset(it, c, CMARK_EVENT_EXIT);
			after_lead = out->len;
			cut = true;
			continue;
		}
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			hb_buf_puts(out, cmark_node_get_literal(c));
			break;
		case CMARK_NODE_HTML_INLINE:
			/* raw HTML is markup, not text */
			if (flags & TEXT_RAW)
				hb_buf_puts(out, cmark_node_get_literal(c));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			hb_buf_putc(out, '\n');
			break;
		case CMARK_NODE_LINK:
			/* a link's target is not text; an autolink is only
			 * its target */
			if (!(flags & TEXT_RAW) && is_autolink(c))
				cmark_iter_reset(it, c, CMARK_EVENT_EXIT);
			break;
		default:
			/* emphasis, images (their description) and the
			 * rest: their children */
			break;
		}
		if (cut && cmark_node_get_type(c) == CMARK_NODE_TEXT) {
			cut_colon(out, after_lead);
			cut = false;
		}
	}
	cmark_iter_free(it);
}

void
hb_blk_plain(const struct hb_blk *b, unsigned flags, struct hb_buf *out)
{
	cmark_node *lead = NULL;

	if (b->type != HB_BLK_PARAGRAPH && b->type != HB_BLK_HEADING &&
	    b->type != HB_BLK_TABLE)
		return;
	if ((flags & HB_PLAIN_SKIP_LEAD) && b->type == HB_BLK_PARAGRAPH &&
	    b->lead != NULL)
		lead = cmark_node_first_child(b->node);
	inline_text(b->node, lead, 0, out);
	while (out->len > 0 && (out->data[out->len - 1] == '\n' ||
	    out->data[out->len - 1] == ' '))
		hb_buf_truncate(out, out->len - 1);
}

static enum hb_blk_type
blk_type(cmark_node *n)
{
	const char *ts;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT: return HB_BLK_DOCUMENT;
	case CMARK_NODE_PARAGRAPH: return HB_BLK_PARAGRAPH;
	case CMARK_NODE_HEADING: return HB_BLK_HEADING;
	case CMARK_NODE_CODE_BLOCK: return HB_BLK_CODE;
	case CMARK_NODE_HTML_BLOCK: return HB_BLK_HTML;
	case CMARK_NODE_BLOCK_QUOTE: return HB_BLK_QUOTE;
	case CMARK_NODE_LIST: return HB_BLK_LIST;
	case CMARK_NODE_ITEM: return HB_BLK_ITEM;
	case CMARK_NODE_THEMATIC_BREAK: return HB_BLK_RULE;
	default:
		break;
	}
	ts = cmark_node_get_type_string(n);
	if (ts != NULL && strcmp(ts, "table") == 0)
		return HB_BLK_TABLE;
	if (ts != NULL && strcmp(ts, "tasklist") == 0)
		return HB_BLK_ITEM;
	return HB_BLK_OTHER;
}

static const char *
trimmed_dup(struct hb_arena *a, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	s = hb_trim(s ? s : "", &n);
	return hb_arena_strndup(a, s, n);
}

/* One block of the mirror: its type, position and text; not its
 * children. */
static struct hb_blk *
mirror_one(struct hb_doc *doc, cmark_node *n, struct hb_blk *parent,
    struct hb_buf *tmp)
{
	struct hb_blk *b = hb_arena_alloc(&doc->arena, sizeof(*b));
	cmark_node *c;

	b->type = blk_type(n);
	b->node = n;
	b->parent = parent;
	b->line = node_line(n) + doc->first_line - 1;
	b->col = (box_pos(n) ? box_pos(n)->col :
	    cmark_node_get_start_column(n)) + doc->col_offset;
	b->end_line = node_end(n) + doc->first_line - 1;
	if (b->end_line < b->line)
		b->end_line = b->line;
	switch (b->type) {
	case HB_BLK_HEADING:
	case HB_BLK_PARAGRAPH:
		hb_buf_reset(tmp);
		inline_text(n, NULL, TEXT_RAW, tmp);
		b->text = hb_arena_strndup(&doc->arena, hb_buf_str(tmp),
		    tmp->len);
		if (b->type == HB_BLK_HEADING) {
			b->level = cmark_node_get_heading_level(n);
			break;
		}
		c = cmark_node_first_child(n);
		if (c != NULL && (cmark_node_get_type(c) == CMARK_NODE_STRONG ||
		    cmark_node_get_type(c) == CMARK_NODE_EMPH)) {
			hb_buf_reset(tmp);
			inline_text(c, NULL, TEXT_RAW, tmp);
			b->lead = hb_arena_strndup(&doc->arena,
			    hb_buf_str(tmp), tmp->len);
			b->lead_end_line = cmark_node_get_end_line(c) +
			    doc->first_line - 1;
			b->lead_end_col = cmark_node_get_end_column(c) + 1 +
			    doc->col_offset;
		}
		break;
	case HB_BLK_CODE: {
		int len = 0, off = 0;
		char ch = 0;

		b->fenced = cmark_node_get_fenced(n, &len, &off, &ch) != 0;
		b->fence_len = len;
		b->fence_char = ch;
		b->info = trimmed_dup(&doc->arena, cmark_node_get_fence_info(n));
		b->literal = cmark_node_get_literal(n);
		break;
	}
	case HB_BLK_HTML:
		b->literal = cmark_node_get_literal(n);
		break;
	case HB_BLK_LIST:
		b->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
		break;
	case HB_BLK_ITEM:
		b->task = strcmp(cmark_node_get_type_string(n), "tasklist") == 0;
		b->checked = b->task &&
		    cmark_gfm_extensions_get_tasklist_item_checked(n);
		break;
	default:
		break;
	}
	if (parent != NULL) {
		b->prev = parent->last;
		if (parent->last)
			parent->last->next = b;
		else
			parent->first = b;
		parent->last = b;
	}
	return b;
}

/* Mirrors the block tree under root. Iterative, with cmark's iterator
 * (no stack of its own): a document of 100,000 nested quotes costs no
 * C stack (issue #15). Inline content is not mirrored: paragraphs,
 * headings and tables are leaves here. */
static struct hb_blk *
mirror(struct hb_doc *doc, cmark_node *root, struct hb_buf *tmp)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	struct hb_blk *top = NULL, *cur = NULL;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		struct hb_blk *b;

		if ((cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) !=
		    CMARK_NODE_TYPE_BLOCK)
			continue;
		if (ev == CMARK_EVENT_EXIT) {
			cur = cur->parent;
			continue;
		}
		b = mirror_one(doc, n, cur, tmp);
		if (top == NULL)
			top = b;
		if (b->type == HB_BLK_TABLE || b->type == HB_BLK_PARAGRAPH ||
		    b->type == HB_BLK_HEADING) {
			/* Inline content only: skip to its exit, which the
			 * next call passes over. */
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			continue;
		}
		/* cmark's leaf blocks get no exit event; every other block
		 * does, with children or without. */
		if (cmark_node_get_type(n) == CMARK_NODE_THEMATIC_BREAK ||
		    cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK ||
		    cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK)
			continue;
		cur = b;
	}
	cmark_iter_free(it);
	return top;
}

static void
index_lines(struct hb_doc *doc)
{
	const char *s = hb_buf_str(&doc->text);
	size_t n = doc->text.len, i, cap = 0;

	doc->line_off = hb_xgrow(NULL, &cap, 1, sizeof(size_t));
	doc->line_off[0] = 0;
	doc->nlines = 1;
	for (i = 0; i < n; i++) {
		if (s[i] == '\n' && i + 1 < n) {
			doc->line_off = hb_xgrow(doc->line_off, &cap,
			    doc->nlines + 1, sizeof(size_t));
			doc->line_off[doc->nlines++] = i + 1;
		}
	}
}

struct hb_doc *
hb_parse(const char *path, const char *body, size_t n, int first_line,
    int col_offset, unsigned flags, struct hb_diag *d)
{
	struct hb_doc *doc = hb_xcalloc(1, sizeof(*doc));
	struct hb_prepare_result res;
	cmark_parser *p;
	struct hb_buf tmp;
	int opts = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES;

	pthread_once(&ext_once, register_extensions);
	doc->path = path;
	doc->first_line = first_line;
	doc->col_offset = col_offset;
	hb_arena_init(&doc->arena);
	hb_markup_init(&doc->mk, &doc->arena);
	hb_buf_init(&doc->text, HB_BUF_NOCAP);
	hb_prepare(body, n, path, first_line,
	    (flags & HB_PARSE_FENCE_DIAG) ? HB_PREP_FENCE_DIAG : 0, d,
	    &doc->mk, &doc->text, &res);
	doc->sentinel = res.sentinel;
	index_lines(doc);
	doc->allow_html = (flags & HB_PARSE_ALLOW_HTML) != 0;
	if (doc->allow_html)
		opts |= CMARK_OPT_UNSAFE;
	p = cmark_parser_new(opts);
	attach(p, "table");
	attach(p, "strikethrough");
	attach(p, "autolink");
	attach(p, "tasklist");
	cmark_parser_feed(p, hb_buf_str(&doc->text), doc->text.len);
	pthread_mutex_lock(&finish_lock);
	doc->root = cmark_parser_finish(p);
	pthread_mutex_unlock(&finish_lock);
	doc->parser = p;
	if (doc->sentinel)
		clean_sentinels(doc);
	boxes(doc);
	/* What was left out is reported over the whole handbook (the
	 * link stage), what it became per file. */
	if (flags & HB_PARSE_FENCE_DIAG)
		hb_markup_explain(&doc->mk, path, d);
	hb_buf_init(&tmp, HB_BUF_NOCAP);
	doc->blk = mirror(doc, doc->root, &tmp);
	hb_buf_fini(&tmp);
	return doc;
}

void
hb_doc_free(struct hb_doc *doc)
{
	if (doc == NULL)
		return;
	if (doc->root != NULL)
		cmark_node_free(doc->root);
	if (doc->parser != NULL)
		cmark_parser_free(doc->parser);
	hb_buf_fini(&doc->text);
	free(doc->line_off);
	hb_markup_fini(&doc->mk);
	hb_arena_fini(&doc->arena);
	free(doc);
}

const struct hb_blk *
hb_doc_root(const struct hb_doc *doc)
{
	return doc->blk;
}

const char *
hb_doc_path(const struct hb_doc *doc)
{
	return doc->path;
}

int
hb_doc_first_line(const struct hb_doc *doc)
{
	return doc->first_line;
}

int
hb_doc_last_line(const struct hb_doc *doc)
{
	return doc->first_line + (int)doc->nlines - 1;
}

struct hb_arena *
hb_doc_arena(struct hb_doc *doc)
{
	return &doc->arena;
}

const char *
hb_doc_line(const struct hb_doc *doc, int line, size_t *len)
{
	size_t i, start, end;
	const char *s = hb_buf_str(&doc->text);

	if (line < doc->first_line)
		return NULL;
	i = (size_t)(line - doc->first_line);
	if (i >= doc->nlines)
		return NULL;
	start = doc->line_off[i];
	end = i + 1 < doc->nlines ? doc->line_off[i + 1] - 1 : doc->text.len;
	if (end > start && s[end - 1] == '\n')
		end--;
	if (end > start && s[end - 1] == '\r')
		end--;
	*len = end - start;
	return s + start;
}

void
hb_doc_slice(const struct hb_doc *doc, int from, int to, int dedent,
    int skip, struct hb_buf *out)
{
	int line;

	for (line = from; line <= to; line++) {
		size_t len, i = 0, k;
		const char *s = hb_doc_line(doc, line, &len);
		int cut = 0;

		if (s == NULL)
			break;
		if (line == from && skip > 0) {
			i = (size_t)skip < len ? (size_t)skip : len;
		} else {
			if (i < len && s[i] == '\t' && dedent > 0)
				i++;
			else
				while (i < len && s[i] == ' ' && cut < dedent) {
					i++;
					cut++;
				}
		}
		for (k = i; k < len;) {
			if (doc->sentinel && len - k >= HB_SENTINEL_LEN &&
			    memcmp(s + k, HB_SENTINEL, HB_SENTINEL_LEN) == 0) {
				hb_buf_append(out, s + i, k - i);
				k += HB_SENTINEL_LEN;
				i = k;
				continue;
			}
			k++;
		}
		hb_buf_append(out, s + i, len - i);
		if (line < to)
			hb_buf_putc(out, '\n');
	}
}

void *
hb_doc_cmark_extensions(const struct hb_doc *doc)
{
	return cmark_parser_get_syntax_extensions(doc->parser);
}

const struct hb_markup *
hb_doc_markup(const struct hb_doc *doc)
{
	return &doc->mk;
}

bool
hb_doc_allows_html(const struct hb_doc *doc)
{
	return doc->allow_html;
}

const struct hb_blk *
hb_blk_next_sibling_skip_rules(const struct hb_blk *b)
{
	for (b = b->next; b != NULL && b->type == HB_BLK_RULE; b = b->next)
		;
	return b;
}

const struct hb_blk *
hb_blk_walk_next(const struct hb_blk *root, const struct hb_blk *b,
    bool descend)
{
	if (descend && b->first != NULL)
		return b->first;
	while (b != root && b->next == NULL)
		b = b->parent;
	return b == root ? NULL : b->next;
}
