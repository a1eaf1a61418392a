/* Stage 4: cmark-gfm wrapper. Parses the repaired body once, removes the
 * emphasis sentinel from every node, and mirrors the block structure as
 * struct hb_blk with file positions and plain text. */
#include "parse.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
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

/* Appends the plain text of the inlines under n. Iterative (cmark's
 * iterator keeps no stack), so nested emphasis or links cost no stack. */
static void
plain_text(cmark_node *n, struct hb_buf *b)
{
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);

		if (ev != CMARK_EVENT_ENTER || c == n)
			continue;
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			hb_buf_puts(b, cmark_node_get_literal(c));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			hb_buf_putc(b, '\n');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
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
	b->line = cmark_node_get_start_line(n) + doc->first_line - 1;
	b->col = cmark_node_get_start_column(n) + doc->col_offset;
	b->end_line = cmark_node_get_end_line(n) + doc->first_line - 1;
	if (b->end_line < b->line)
		b->end_line = b->line;
	switch (b->type) {
	case HB_BLK_HEADING:
	case HB_BLK_PARAGRAPH:
		hb_buf_reset(tmp);
		plain_text(n, tmp);
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
			plain_text(c, tmp);
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
	hb_buf_init(&doc->text, HB_BUF_NOCAP);
	hb_prepare(body, n, path, first_line,
	    (flags & HB_PARSE_FENCE_DIAG) ? HB_PREP_FENCE_DIAG : 0, d,
	    &doc->text, &res);
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
