/* Stage 7a: HTML fragments from the live parse tree (see render.h). */
#include "render.h"

#include "resolve.h"

#include <assert.h>
#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "diag.h"
#include "extract.h"
#include "highlight.h"
#include "hset.h"
#include "html.h"
#include "model.h"
#include "parse.h"
#include "resolve.h"
#include "rx.h"
#include "source.h"
#include "str.h"
#include "topics.h"
#include "xalloc.h"

struct hb_render {
	struct hb_render_opts o;
	int opts;		/* cmark options of the span being rendered */
	cmark_llist *exts;	/* and its syntax extensions */
	struct hb_rx_scratch *scratch;
	struct hb_buf tmp;
	/* autolinks: the question being rendered and its linked topics */
	const struct hb_question *q;
	bool *linked;		/* one flag per registry topic */
	struct hb_link *links;
	size_t nlinks, caplinks;
	struct hb_resolver resolver;	/* link targets (resolve.h) */
	/* the document's heading anchors so far */
	struct hb_anchor *anchors;
	size_t nanchors, capanchors;
	struct hb_hset anchor_ids;	/* hb_hset_claim */
	struct hb_hmap anchor_next;
	struct hb_arena *doc_arena;	/* the document's, while rendering */
};

struct hb_render *
hb_render_new(const struct hb_render_opts *o)
{
	struct hb_render *r = hb_xcalloc(1, sizeof(*r));

	r->o = *o;
	r->resolver.files = o->files;
	r->resolver.content = o->content != NULL ? o->content : "";
	r->resolver.tools = o->tools;
	r->scratch = hb_rx_scratch_new();
	if (o->topics != NULL && o->topics->n > 0)
		r->linked = hb_xcalloc(o->topics->n, sizeof(*r->linked));
	hb_buf_init(&r->tmp, HB_BUF_NOCAP);
	return r;
}

struct hb_rx_scratch *
hb_render_scratch(struct hb_render *r)
{
	return r->scratch;
}

void
hb_render_free(struct hb_render *r)
{
	if (r == NULL)
		return;
	hb_rx_scratch_free(r->scratch);
	hb_buf_fini(&r->tmp);
	free(r->anchors);
	free(r->linked);
	free(r->links);
	free(r);
}

/* ---- links ---- */

static void
add_link(struct hb_render *r, enum hb_link_kind kind, const char *target,
    const char *anchor, bool image, int line, int col)
{
	struct hb_link *l;

	r->links = hb_xgrow(r->links, &r->caplinks, r->nlinks + 1,
	    sizeof(*r->links));
	l = &r->links[r->nlinks++];
	l->kind = kind;
	l->target = target;
	l->anchor = anchor;
	l->image = image;
	l->line = line;
	l->col = col;
}

/* The URL scheme of url in lowercase into buf (empty when relative). */
static void
scheme_of(const char *url, char *buf, size_t size)
{
	size_t i = 0;

	buf[0] = '\0';
	while (url[i] && url[i] != ':' && url[i] != '/' && url[i] != '?' &&
	    url[i] != '#' && i + 1 < size) {
		char c = url[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		buf[i] = c;
		i++;
	}
	if (url[i] != ':') {
		buf[0] = '\0';
		return;
	}
	buf[i] = '\0';
}

/* A URL attribute of raw HTML (allow_html) that could run script: a
 * scheme other than http(s), mailto, tel, ftp (data: only as an image),
 * or a character reference or control character before the first ':',
 * '/', '?' or '#', which could spell a scheme ("&#106;avascript:",
 * "java\tscript:"). Relative URLs pass. */
static bool
raw_url_is_unsafe(const char *v, size_t n, bool image)
{
	char scheme[16];
	size_t i, k = 0;

	for (i = 0; i < n && v[i] != ':' && v[i] != '/' && v[i] != '?' &&
	    v[i] != '#'; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c == '&' || c <= 0x20 || c == 0x7f)
			return true;
		if (k + 1 < sizeof(scheme))
			scheme[k++] = (char)(c >= 'A' && c <= 'Z' ?
			    c - 'A' + 'a' : c);
		else
			return true;
	}
	if (i == n || v[i] != ':')
		return false;
	scheme[k] = '\0';
	if (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0 ||
	    strcmp(scheme, "mailto") == 0 || strcmp(scheme, "tel") == 0 ||
	    strcmp(scheme, "ftp") == 0)
		return false;
	return !(image && strcmp(scheme, "data") == 0 && n >= 11 &&
	    strncasecmp(v, "data:image/", 11) == 0);
}

/* allow_html keeps raw HTML, but not script in its URLs (issue #15,
 * point 9): a URL attribute raw_url_is_unsafe() refuses becomes "#",
 * srcdoc (a whole page) becomes empty, and a tag with more attributes
 * than the tokenizer reads is dropped, so none goes unchecked. */
static void
sanitize_raw(struct hb_render *r, cmark_node *node)
{
	static const char *const url_attrs[] = { "href", "src", "action",
		"formaction", "xlink:href", "data", "poster", "background",
		"cite", "longdesc", "srcdoc" };
	const char *lit = cmark_node_get_literal(node);
	struct hb_html_lexer lx;
	struct hb_html_tok t;
	size_t n, copied = 0, i, k;
	bool changed = false;

	if (lit == NULL)
		return;
	n = strlen(lit);
	hb_buf_reset(&r->tmp);
	hb_html_lexer_init(&lx, lit, n);
	while (hb_html_next(&lx, &t)) {
		if (t.kind != HB_HTML_START)
			continue;
		if (t.nattrs >= HB_HTML_MAX_ATTRS) {
			hb_buf_append(&r->tmp, lit + copied, t.start - copied);
			copied = t.end;
			changed = true;
			continue;
		}
		for (i = 0; i < t.nattrs; i++) {
			const struct hb_html_attr *at = &t.attrs[i];
			bool srcdoc;

			for (k = 0; k < sizeof(url_attrs) / sizeof(*url_attrs);
			    k++)
				if (strlen(url_attrs[k]) == at->nlen &&
				    strncasecmp(at->name, url_attrs[k],
				    at->nlen) == 0)
					break;
			if (k == sizeof(url_attrs) / sizeof(*url_attrs) ||
			    !at->has_value)
				continue;
			srcdoc = strcmp(url_attrs[k], "srcdoc") == 0;
			if (!srcdoc && !raw_url_is_unsafe(lit + at->voff,
			    at->vlen, hb_html_is(&t, "img") &&
			    strcmp(url_attrs[k], "src") == 0))
				continue;
			hb_buf_append(&r->tmp, lit + copied, at->voff - copied);
			hb_buf_puts(&r->tmp, srcdoc ? "" : "#");
			copied = at->voff + at->vlen;
			changed = true;
		}
	}
	if (!changed)
		return;
	hb_buf_append(&r->tmp, lit + copied, n - copied);
	cmark_node_set_literal(node, hb_buf_str(&r->tmp));
}

static bool
is_markdown_path(const char *p)
{
	return hb_ends_with(p, ".md") || hb_ends_with(p, ".markdown");
}

/* Replaces an image by its alt text, or a link by its content. */
static void
unwrap(cmark_node *n, bool image)
{
	cmark_node *c;

	if (image) {
		cmark_node *em = cmark_node_new(CMARK_NODE_EMPH);

		while ((c = cmark_node_first_child(n)) != NULL)
			cmark_node_append_child(em, c);
		cmark_node_insert_before(n, em);
	} else {
		while ((c = cmark_node_first_child(n)) != NULL)
			cmark_node_insert_before(n, c);
	}
	cmark_node_unlink(n);
	cmark_node_free(n);
}

/* Replaces link node n by raw "<a href=HOLE>", its children, "</a>":
 * the link stage knows which page the target is (hb_render_xref_titles
 * fills the hole). cmark would escape the hole byte in a URL, so the
 * tag is ours. */
static void
href_hole(struct hb_render *r, cmark_node *n, size_t link)
{
	cmark_node *open = cmark_node_new(CMARK_NODE_HTML_INLINE);
	cmark_node *close = cmark_node_new(CMARK_NODE_HTML_INLINE);
	const char *title = cmark_node_get_title(n);
	cmark_node *c;

	hb_buf_reset(&r->tmp);
	hb_buf_printf(&r->tmp, "<a href=\"%c%zu%c\"", HB_RENDER_HOLE, link,
	    HB_RENDER_HOLE);
	if (title != NULL && title[0] != '\0') {
		hb_buf_puts(&r->tmp, " title=\"");
		hb_buf_html(&r->tmp, title, strlen(title));
		hb_buf_putc(&r->tmp, '"');
	}
	hb_buf_putc(&r->tmp, '>');
	cmark_node_set_literal(open, hb_buf_str(&r->tmp));
	cmark_node_set_literal(close, "</a>");
	cmark_node_insert_before(n, open);
	while ((c = cmark_node_first_child(n)) != NULL)
		cmark_node_insert_before(n, c);
	cmark_node_insert_before(n, close);
	cmark_node_unlink(n);
	cmark_node_free(n);
}

static void
rewrite_link(struct hb_render *r, struct hb_extract *x, struct hb_doc *pd,
    cmark_node *n, bool image)
{
	struct hb_arena *a = &x->doc->arena;
	const char *url = cmark_node_get_url(n);
	char scheme[16];
	int line = cmark_node_get_start_line(n) + hb_doc_first_line(pd) - 1;
	int col = cmark_node_get_start_column(n);
	struct hb_buf res, u;
	struct hb_target tg;
	const char *frag;
	size_t plen;

	if (url == NULL || url[0] == '\0' || url[0] == '#')
		return;
	scheme_of(url, scheme, sizeof(scheme));
	if (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0 ||
	    strcmp(scheme, "mailto") == 0 || strcmp(scheme, "tel") == 0 ||
	    strcmp(scheme, "ftp") == 0)
		return;
	if (strcmp(scheme, "q") == 0 || strcmp(scheme, "topic") == 0) {
		bool q = scheme[0] == 'q';
		const char *id = url + strlen(scheme) + 1;

		add_link(r, q ? HB_LINK_QUESTION : HB_LINK_TOPIC,
		    hb_arena_strdup(a, id), NULL, image, line, col);
		cmark_node_set_url(n, hb_arena_printf(a, "../%s/%s.html",
		    q ? "q" : "topics", id));
		return;
	}
	if (scheme[0] != '\0') {
		/* javascript:, vbscript:, file:, and data: except images. */
		if (!(image && strcmp(scheme, "data") == 0 &&
		    strncmp(url, "data:image/", 11) == 0))
			cmark_node_set_url(n, "#");
		return;
	}
	/* With no files to look in (tests), site-absolute links stay. */
	if (url[0] == '/' && r->resolver.files == NULL)
		return;
	frag = strchr(url, '#');
	plen = strcspn(url, "?#");
	hb_buf_init(&res, HB_BUF_NOCAP);
	hb_buf_init(&u, HB_BUF_NOCAP);
	if (plen == 0 || !hb_resolve(&r->resolver, x->doc->rel, x->doc->url,
	    url, plen, &tg, &res)) {
		struct hb_pos pos = { x->doc->path, line, col };
		const char *what = image ? "image" : "link target";

		add_link(r, is_markdown_path(url) ? HB_LINK_DOC : HB_LINK_ASSET,
		    NULL, NULL, image, line, col);
		hb_diag_warning(x->d, &pos, "missing %s '%s'", what, url);
		unwrap(n, image);
		goto done;
	}
	/* How it was found, for `check --explain`. */
	hb_diag_explain_count(x->d, HB_EX_LINKS, hb_arena_printf(a, "%s %s%s",
	    image ? "images" : tg.markdown ? "page links" : "file links",
	    hb_resolve_rule_name(tg.rule), tg.guessed ? " (as a page)" : ""));
	if (tg.rule != HB_RESOLVE_FILE) {
		struct hb_pos pos = { x->doc->path, line, col };

		hb_diag_explain(x->d, HB_EX_LINKS, &pos, "'%s' is %s, %s",
		    url, tg.path ? tg.path : hb_buf_str(&res),
		    hb_resolve_rule_name(tg.rule));
	}
	if (tg.markdown || (tg.path == NULL && is_markdown_path(res.data))) {
		/* Which page it is (a document, a section's intro) is known
		 * once every file is linked: the href is a hole. */
		add_link(r, HB_LINK_DOC, hb_arena_strdup(a, res.data),
		    frag ? hb_arena_strdup(a, frag + 1) : NULL, image, line,
		    col);
		if (r->resolver.files != NULL) {
			href_hole(r, n, r->nlinks - 1);
			goto done;
		}
		/* No link stage follows (tests): the page it would be. */
		hb_buf_printf(&u, "../d/%s.html%s",
		    hb_doc_slug_for(a, res.data), frag ? frag : "");
		cmark_node_set_url(n, hb_buf_str(&u));
		goto done;
	}
	add_link(r, HB_LINK_ASSET, hb_arena_strdup(a, tg.path ? tg.path :
	    res.data), NULL, image, line, col);
	hb_buf_puts(&u, "../media/");
	hb_url_path(&u, res.data, res.len);
	if (frag != NULL)
		hb_buf_puts(&u, frag);
	cmark_node_set_url(n, hb_buf_str(&u));
done:
	hb_buf_fini(&res);
	hb_buf_fini(&u);
}

/* ---- code blocks ---- */

static const char *
code_lang(const char *info, const char *code)
{
	char first[32];
	size_t n = strcspn(info, " \t{,");
	const char *lang;

	if (n >= sizeof(first))
		n = sizeof(first) - 1;
	memcpy(first, info, n);
	first[n] = '\0';
	lang = hb_highlight_lang(first);
	if (lang == NULL && n == 0 && hb_highlight_looks_like_go(code))
		lang = "go";
	return lang;
}

/* "[给候选人的建议]" alone in a fence with no language: appends it as a
 * muted paragraph without the brackets and returns 0, else -1. */
static int
placeholder_html(const char *info, const char *code, struct hb_buf *out)
{
	size_t n;
	const char *s;

	if ((info != NULL && info[0] != '\0') || code == NULL)
		return -1;
	n = strlen(code);
	s = hb_trim(code, &n);
	if (n < 3 || s[0] != '[' || s[n - 1] != ']' ||
	    memchr(s, '\n', n) != NULL || memchr(s + 1, '[', n - 2) != NULL ||
	    memchr(s + 1, ']', n - 2) != NULL)
		return -1;
	hb_buf_puts(out, "<p class=\"placeholder\">");
	hb_buf_html(out, s + 1, n - 2);
	hb_buf_puts(out, "</p>\n");
	return 0;
}

static void
code_html(struct hb_render *r, const char *info, const char *code,
    struct hb_buf *out)
{
	const char *lang = code_lang(info, code);
	char shown[32];
	size_t n = strcspn(info, " \t{,");

	/* The label says what the author wrote, or the guess. */
	if (n >= sizeof(shown))
		n = sizeof(shown) - 1;
	memcpy(shown, info, n);
	shown[n] = '\0';
	if (n == 0 && lang != NULL)
		snprintf(shown, sizeof(shown), "%s", lang);
	hb_buf_puts(out, "<div class=\"code\"");
	if (shown[0]) {
		hb_buf_puts(out, " data-lang=\"");
		hb_buf_html(out, shown, strlen(shown));
		hb_buf_putc(out, '"');
	}
	hb_buf_puts(out, "><div class=\"code-bar\"><span class=\"code-lang\">");
	hb_buf_html(out, shown, strlen(shown));
	hb_buf_puts(out, "</span><button type=\"button\" class=\"copy\" "
	    "hidden></button></div><pre><code");
	if (lang != NULL) {
		hb_buf_puts(out, " class=\"language-");
		hb_buf_html(out, lang, strlen(lang));
		hb_buf_putc(out, '"');
	}
	hb_buf_putc(out, '>');
	hb_highlight(r->o.hl, r->scratch, lang ? lang : "", code,
	    strlen(code), out);
	hb_buf_puts(out, "</code></pre></div>\n");
}

/* ---- tree pass ---- */

static bool
ends_cjk(const char *s)
{
	size_t n = s ? strlen(s) : 0, i;
	uint32_t cp;

	if (n == 0)
		return false;
	i = n - 1;
	while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	return hb_utf8_decode(s + i, n - i, &cp) > 0 &&
	    (hb_is_cjk(cp) || hb_is_cjk_punct(cp));
}

static bool
starts_cjk(const char *s)
{
	uint32_t cp;

	return s && *s && hb_utf8_decode(s, strlen(s), &cp) > 0 &&
	    (hb_is_cjk(cp) || hb_is_cjk_punct(cp));
}

static bool
is_comment(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	s = hb_trim(s ? s : "", &n);
	return n >= 7 && strncmp(s, "<!--", 4) == 0 &&
	    memcmp(s + n - 3, "-->", 3) == 0;
}

/* ---- autolinks and cross-references ---- */

/* A link whose markup is ours, as three nodes: raw "<a …>", the text,
 * raw "</a>". Raw inline HTML (rather than a custom node) is what every
 * inline container accepts, table cells included. Returns the opening
 * node; the others follow it as siblings once inserted. */
struct our_link {
	cmark_node *open, *text, *close;
};

static void
our_link(struct our_link *l, const char *open, const char *text, size_t n)
{
	char *s = hb_xstrndup(text, n);

	l->open = cmark_node_new(CMARK_NODE_HTML_INLINE);
	l->text = cmark_node_new(CMARK_NODE_TEXT);
	l->close = cmark_node_new(CMARK_NODE_HTML_INLINE);
	cmark_node_set_literal(l->open, open);
	cmark_node_set_literal(l->text, s);
	cmark_node_set_literal(l->close, "</a>");
	free(s);
}

/* One of our links, to stand in place of bytes [start, end) of a text
 * node. */
struct span {
	size_t start, end;
	struct our_link link;
};

struct spans {
	struct span *v;
	size_t n, cap;
};

/* Appends a span (spans come in text order, disjoint) and returns its
 * link for the caller to fill. */
static struct our_link *
span_add(struct spans *s, size_t start, size_t end)
{
	struct span *sp;

	s->v = hb_xgrow(s->v, &s->cap, s->n + 1, sizeof(*s->v));
	sp = &s->v[s->n++];
	sp->start = start;
	sp->end = end;
	return &sp->link;
}

/* Puts the spans' links into text node n in one pass: n keeps the text
 * before the first, and a new text node holds each piece between and
 * after. Linear in the text however many links there are (issue #15:
 * splitting one link at a time copied the rest of the text each time). */
static void
splice(cmark_node *n, const struct spans *s)
{
	char *lit, *piece;
	cmark_node *at = n, *t;
	size_t i, len, next;

	if (s->n == 0)
		return;
	lit = hb_xstrdup(cmark_node_get_literal(n));
	len = strlen(lit);
	for (i = 0; i < s->n; i++) {
		const struct our_link *l = &s->v[i].link;

		cmark_node_insert_after(at, l->open);
		cmark_node_insert_after(l->open, l->text);
		cmark_node_insert_after(l->text, l->close);
		at = l->close;
		next = i + 1 < s->n ? s->v[i + 1].start : len;
		if (s->v[i].end < next) {
			piece = hb_xstrndup(lit + s->v[i].end,
			    next - s->v[i].end);
			t = cmark_node_new(CMARK_NODE_TEXT);
			cmark_node_set_literal(t, piece);
			free(piece);
			cmark_node_insert_after(at, t);
			at = t;
		}
	}
	lit[s->v[0].start] = '\0';
	cmark_node_set_literal(n, lit);
	free(lit);
}

static bool
is_block(cmark_node *n)
{
	return (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) ==
	    CMARK_NODE_TYPE_BLOCK;
}

/* No autolinks or cross-references inside links, headings or our own
 * markup: text under a node of these types is not linkable. */
static bool
shuts_links(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);

	return t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE ||
	    t == CMARK_NODE_HEADING || t == CMARK_NODE_CUSTOM_INLINE ||
	    t == CMARK_NODE_CUSTOM_BLOCK;
}

static void
attr_text(struct hb_buf *b, const char *s)
{
	hb_buf_html(b, s, strlen(s));
}

/* Where the text of cross-references is in the file. Text nodes merged
 * by cmark lose their positions, so each one is looked for in the source
 * lines of the enclosing block, from where the previous one was found:
 * one pass over the block however many references it holds. */
struct cursor {
	cmark_node *block;	/* the block searched, or NULL */
	int first_line;		/* the body's first file line */
	int line, last;		/* body lines still to search */
	size_t off;		/* byte offset in `line` */
	int bline, bcol;	/* fallback: the block's start */
};

static void
cursor_start(struct cursor *c, struct hb_doc *pd, cmark_node *block)
{
	if (c->block == block)
		return;
	c->block = block;
	c->first_line = hb_doc_first_line(pd);
	c->line = block ? cmark_node_get_start_line(block) : 1;
	c->last = block ? cmark_node_get_end_line(block) : c->line;
	c->off = 0;
	c->bline = c->line + c->first_line - 1;
	c->bcol = block ? cmark_node_get_start_column(block) : 1;
}

/* The file position of s[0..n), searched from the cursor on; the
 * block's start when it is not found (and later searches stop there). */
static void
cursor_find(struct cursor *c, struct hb_doc *pd, const char *s, size_t n,
    int *line, int *col)
{
	*line = c->bline;
	*col = c->bcol;
	for (; c->line <= c->last; c->line++, c->off = 0) {
		size_t len;
		const char *text = hb_doc_line(pd, c->line + c->first_line - 1,
		    &len);
		const char *hit = text != NULL && c->off <= len ?
		    hb_memmem(text + c->off, len - c->off, s, n) : NULL;

		if (hit != NULL) {
			*line = c->line + c->first_line - 1;
			*col = (int)(hit - text) + 1;
			c->off = (size_t)(hit - text) + n;
			return;
		}
	}
}

/* The next [[q:ID]] or [[topic:ID]] in lit at or after `from`: its link
 * is added to spans and the offset after it returned; 0 when there is
 * none, or it is malformed (then the rest stays text). */
static size_t
xref(struct hb_render *r, struct hb_extract *x, struct hb_doc *pd,
    struct cursor *cur, const char *lit, size_t from, struct spans *sp)
{
	const char *p = strstr(lit + from, "[[");
	struct hb_buf open;
	const char *id, *close, *title;
	bool topic;
	char *ids;
	struct our_link *a;
	int line, col;

	while (p != NULL && strncmp(p + 2, "q:", 2) != 0 &&
	    strncmp(p + 2, "topic:", 6) != 0)
		p = strstr(p + 2, "[[");
	if (p == NULL)
		return 0;
	topic = p[2] == 't';
	id = p + (topic ? 8 : 4);
	close = strstr(id, "]]");
	if (close == NULL || close == id || memchr(id, '[', (size_t)(close -
	    id)) != NULL)
		return 0;
	cursor_find(cur, pd, p, (size_t)(close + 2 - p), &line, &col);
	if ((size_t)(close - id) > HB_MAX_ID_BYTES) {
		struct hb_pos pos = { x->doc->path, line, col };

		/* No id is that long: kept as text. */
		hb_diag_error(x->d, &pos, "cross-reference id longer than %d "
		    "bytes", HB_MAX_ID_BYTES);
		return 0;
	}
	ids = hb_arena_strndup(&x->doc->arena, id, (size_t)(close - id));
	add_link(r, topic ? HB_LINK_TOPIC : HB_LINK_QUESTION, ids, NULL,
	    false, line, col);
	a = span_add(sp, (size_t)(p - lit), (size_t)(close + 2 - lit));
	/* No cap: the id is bounded by the text node, and a cut tag would
	 * leave an unclosed <a href="... in the page. */
	hb_buf_init(&open, HB_BUF_NOCAP);
	hb_buf_puts(&open, topic ? "<a class=\"xref\" href=\"../topics/" :
	    "<a class=\"xref\" href=\"../q/");
	hb_url_path(&open, ids, strlen(ids));
	hb_buf_puts(&open, ".html\"");
	if (topic) {
		const struct hb_topic_def *t = hb_topics_find(r->o.topics, ids);

		title = t != NULL ? hb_topic_title(t, r->o.lang) : ids;
		hb_buf_putc(&open, '>');
		our_link(a, hb_buf_str(&open), title, strlen(title));
	} else {
		/* The question's title is known once every file is loaded:
		 * leave a hole naming this link (hb_render_xref_titles). */
		char hole[32];

		hb_buf_puts(&open, " data-q=\"");
		attr_text(&open, ids);
		hb_buf_puts(&open, "\">");
		snprintf(hole, sizeof(hole), "%c%zu%c", HB_RENDER_HOLE,
		    r->nlinks - 1, HB_RENDER_HOLE);
		our_link(a, hb_buf_str(&open), "", 0);
		cmark_node_free(a->text);
		a->text = cmark_node_new(CMARK_NODE_HTML_INLINE);
		cmark_node_set_literal(a->text, hole);
	}
	hb_buf_fini(&open);
	return (size_t)(close + 2 - lit);
}

/* Topic mentions in one stretch of text, for autolink(). */
struct mentions {
	struct hb_render *r;
	const char *lit;	/* the whole text node */
	size_t base;		/* where the stretch starts in lit */
	struct spans *sp;
};

/* Takes a match when it is the first mention of one of the question's
 * topics. Matches come left to right, so the first eligible one of each
 * topic is its first mention. */
static bool
mention(void *ctx, size_t topic, size_t start, size_t end)
{
	struct mentions *m = ctx;
	struct hb_render *r = m->r;
	const struct hb_question *q = r->q;
	const char *id = r->o.topics->v[topic].id;
	struct hb_buf open;
	size_t i;

	if (r->linked[topic])
		return true;
	for (i = 0; i < q->ntopics; i++)
		if (strcmp(q->topics[i], id) == 0)
			break;
	if (i == q->ntopics)
		return true;
	r->linked[topic] = true;
	hb_buf_init(&open, HB_BUF_NOCAP);
	hb_buf_puts(&open, "<a class=\"topic-link\" href=\"../topics/");
	hb_url_path(&open, id, strlen(id));
	hb_buf_puts(&open, ".html\">");
	our_link(span_add(m->sp, m->base + start, m->base + end),
	    hb_buf_str(&open), m->lit + m->base + start, end - start);
	hb_buf_fini(&open);
	return true;
}

/* Links the first mention of each of the question's topics in
 * lit[from, to), adding to spans. */
static void
autolink(struct hb_render *r, const char *lit, size_t from, size_t to,
    struct spans *sp)
{
	struct mentions m = { r, lit, from, sp };

	if (to > from)
		hb_topics_scan(r->o.topics, r->scratch, lit + from, to - from,
		    mention, &m);
}

/* Cross-references, then (in questions) autolinks in the text between
 * them, all put in place in one splice. */
static void
link_text(struct hb_render *r, struct hb_extract *x, struct hb_doc *pd,
    struct cursor *cur, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	struct spans sp = { NULL, 0, 0 };
	size_t at = 0, next, len = strlen(lit);
	bool auto_on = r->q != NULL && r->linked != NULL;

	for (;;) {
		size_t before = sp.n;

		next = xref(r, x, pd, cur, lit, at, &sp);
		if (next == 0) {
			if (auto_on)
				autolink(r, lit, at, len, &sp);
			break;
		}
		if (auto_on) {
			/* The reference was added last; mentions before it
			 * go first, so keep the spans in text order. */
			struct span ref = sp.v[before];

			sp.n = before;
			autolink(r, lit, at, ref.start, &sp);
			sp.v = hb_xgrow(sp.v, &sp.cap, sp.n + 1,
			    sizeof(*sp.v));
			sp.v[sp.n++] = ref;
		}
		at = next;
	}
	splice(n, &sp);
	free(sp.v);
}

/* ---- heading ids ---- */

static bool
id_char(unsigned char c)
{
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	    c == ':';
}

/* "## Title {#custom-id}" (Docusaurus, Hugo, VitePress; kramdown's
 * "{: #id}"; "{#id .class}"): the braces leave the text. Returns the
 * id (owned), or NULL when the heading has none. */
static char *
heading_id(cmark_node *h)
{
	cmark_node *t = cmark_node_last_child(h);
	const char *lit, *open = NULL, *id;
	size_t n, k, idlen;
	char *rest, *r;

	if (t == NULL || cmark_node_get_type(t) != CMARK_NODE_TEXT)
		return NULL;
	lit = cmark_node_get_literal(t);
	n = strlen(lit);
	while (n > 0 && (lit[n - 1] == ' ' || lit[n - 1] == '\t'))
		n--;
	if (n < 3 || lit[n - 1] != '}')
		return NULL;
	for (k = n - 1; k-- > 0;)
		if (lit[k] == '{') {
			open = lit + k;
			break;
		}
	if (open == NULL)
		return NULL;
	id = open + 1;
	if (*id == ':')
		id++;
	while (*id == ' ')
		id++;
	if (*id != '#')
		return NULL;
	id++;
	for (idlen = 0; id + idlen < lit + n - 1 &&
	    id_char((unsigned char)id[idlen]); idlen++)
		;
	if (idlen == 0 || (id[idlen] != '}' && id[idlen] != ' '))
		return NULL;
	r = hb_xstrndup(id, idlen);
	/* The text before the braces, without the space before them. */
	k = (size_t)(open - lit);
	while (k > 0 && (lit[k - 1] == ' ' || lit[k - 1] == '\t'))
		k--;
	/* Emptied, not freed: the node is still on the caller's list. */
	rest = hb_xstrndup(lit, k);
	cmark_node_set_literal(t, rest);
	free(rest);
	return r;
}

/* The id of a heading: its own {#id}, else a slug of its text, made
 * unique in the document; recorded with its text's key so links
 * written for other tools find it (hb_site_anchor). explicit is owned
 * and taken; returns owned, or NULL for a heading with no text. */
static char *
anchor(struct hb_render *r, cmark_node *h, char *explicit)
{
	cmark_mem *mem = cmark_get_default_mem_allocator();
	char *text;
	struct hb_buf b, key;
	struct hb_anchor *an;
	const char *id;

	/* Outside a document (no page to be unique in): as written. */
	if (r->doc_arena == NULL)
		return explicit;
	text = cmark_render_plaintext(h, CMARK_OPT_DEFAULT, 0);
	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_buf_init(&key, HB_BUF_NOCAP);
	hb_anchor_key(&key, text);
	if (explicit != NULL)
		hb_buf_puts(&b, explicit);
	else
		hb_slugify(&b, text, strlen(text), 64);
	mem->free(text);
	free(explicit);
	if (b.len == 0) {
		hb_buf_fini(&b);
		hb_buf_fini(&key);
		return NULL;
	}
	/* Unique in the document: -2, -3 ... */
	id = hb_hset_claim(&r->anchor_ids, &r->anchor_next, r->doc_arena,
	    hb_arena_strndup(r->doc_arena, hb_buf_str(&b), b.len));
	r->anchors = hb_xgrow(r->anchors, &r->capanchors, r->nanchors + 1,
	    sizeof(*r->anchors));
	an = &r->anchors[r->nanchors++];
	an->id = id;
	an->key = hb_arena_strndup(r->doc_arena, hb_buf_str(&key), key.len);
	hb_buf_reset(&b);
	hb_buf_puts(&b, id);
	hb_buf_fini(&key);
	return hb_buf_detach(&b);
}

/* A heading with an id renders as cmark-gfm renders it, with the id in
 * its tag; once its inlines are done, it is replaced by that HTML. */
static cmark_node *
heading_html(struct hb_render *r, cmark_node *h, const char *id)
{
	cmark_mem *mem = cmark_get_default_mem_allocator();
	char *html = cmark_render_html(h, r->opts, r->exts);
	cmark_node *box = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);

	hb_buf_reset(&r->tmp);
	/* "<hN>" is four bytes. */
	hb_buf_append(&r->tmp, html, 3);
	hb_buf_puts(&r->tmp, " id=\"");
	hb_buf_html(&r->tmp, id, strlen(id));
	hb_buf_putc(&r->tmp, '"');
	hb_buf_puts(&r->tmp, html + 3);
	mem->free(html);
	cmark_node_set_on_enter(box, hb_buf_str(&r->tmp));
	cmark_node_replace(h, box);
	cmark_node_free(h);
	return box;
}

/* Collects the nodes of a subtree first, then changes them: cmark's
 * iterator must not see nodes being replaced. Returns the subtree's
 * root, which is new when the root itself was replaced. */
static cmark_node *
transform(struct hb_render *r, struct hb_extract *x, struct hb_doc *pd,
    cmark_node *root, bool hardbreaks)
{
	cmark_iter *it;
	cmark_event_type ev;
	cmark_node **v = NULL, *up, *block = NULL, **hv = NULL;
	cmark_node **blk = NULL;	/* blk[i]: the block around v[i] */
	bool *open = NULL;	/* open[i]: v[i] may get links */
	char **ids = NULL;
	size_t n = 0, cap = 0, ocap = 0, bcap = 0, i, nh = 0, caph = 0;
	size_t capids = 0;
	size_t shut = 0;	/* enclosing nodes that shut links */
	struct cursor cur = { NULL, 0, 0, 0, 0, 0, 0 };

	/* "[[q:x]]" may sit in several text nodes ('[' is a bracket). */
	cmark_consolidate_text_nodes(root);
	/* Whether text may be linked is counted on the way down, not
	 * looked up per node: deep nesting stays linear (issue #15). */
	for (up = cmark_node_parent(root); up != NULL;
	    up = cmark_node_parent(up)) {
		if (shuts_links(up))
			shut++;
		if (block == NULL && is_block(up))
			block = up;
	}
	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);

		if (ev == CMARK_EVENT_EXIT) {
			if (shuts_links(node))
				shut--;
			if (is_block(node))
				block = cmark_node_parent(node);
			continue;
		}
		/* Leaf blocks (code, HTML, rules) hold no text nodes and
		 * get no exit event. */
		if (is_block(node) && cmark_node_first_child(node) != NULL)
			block = node;
		v = hb_xgrow(v, &cap, n + 1, sizeof(*v));
		open = hb_xgrow(open, &ocap, n + 1, sizeof(*open));
		blk = hb_xgrow(blk, &bcap, n + 1, sizeof(*blk));
		open[n] = shut == 0;
		blk[n] = block;
		v[n++] = node;
		if (shuts_links(node))
			shut++;
	}
	cmark_iter_free(it);
	for (i = 0; i < n; i++) {
		cmark_node *node = v[i], *repl;

		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_HEADING: {
			/* Rendered once its inlines are done, below. */
			char *id = anchor(r, node, heading_id(node));

			if (id == NULL)
				break;
			hv = hb_xgrow(hv, &caph, nh + 1, sizeof(*hv));
			ids = hb_xgrow(ids, &capids, nh + 1, sizeof(*ids));
			hv[nh] = node;
			ids[nh++] = id;
			break;
		}
		case CMARK_NODE_CODE_BLOCK:
			hb_buf_reset(&r->tmp);
			/* A fence that only holds a placeholder line
			 * ("[给候选人的建议]") is a note, not code (#11). */
			if (placeholder_html(cmark_node_get_fence_info(node),
			    cmark_node_get_literal(node), &r->tmp) != 0)
				code_html(r, cmark_node_get_fence_info(node) ?
				    cmark_node_get_fence_info(node) : "",
				    cmark_node_get_literal(node), &r->tmp);
			repl = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
			cmark_node_set_on_enter(repl, hb_buf_str(&r->tmp));
			cmark_node_replace(node, repl);
			cmark_node_free(node);
			if (node == root)
				root = repl;
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			if (r->o.allow_html) {
				sanitize_raw(r, node);
				break;
			}
			if (is_comment(cmark_node_get_literal(node)) &&
			    node != root) {
				cmark_node_unlink(node);
				cmark_node_free(node);
				break;
			}
			/* Shown as text: authors see what they wrote. */
			repl = cmark_node_new(CMARK_NODE_TEXT);
			cmark_node_set_literal(repl,
			    cmark_node_get_literal(node));
			if (cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK) {
				cmark_node *p =
				    cmark_node_new(CMARK_NODE_PARAGRAPH);

				cmark_node_append_child(p, repl);
				repl = p;
			}
			cmark_node_replace(node, repl);
			cmark_node_free(node);
			if (node == root)
				root = repl;
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			/* May unwrap the node: its children move up and
			 * stay in v, the node itself is not visited again. */
			rewrite_link(r, x, pd, node,
			    cmark_node_get_type(node) == CMARK_NODE_IMAGE);
			break;
		case CMARK_NODE_TEXT:
			if (!open[i])
				break;
			cursor_start(&cur, pd, blk[i]);
			link_text(r, x, pd, &cur, node);
			break;
		case CMARK_NODE_SOFTBREAK: {
			cmark_node *p = cmark_node_previous(node);
			cmark_node *nx = cmark_node_next(node);

			/* Boxed text keeps every line break. */
			if (!hardbreaks && p && nx &&
			    cmark_node_get_type(p) == CMARK_NODE_TEXT &&
			    cmark_node_get_type(nx) == CMARK_NODE_TEXT &&
			    ends_cjk(cmark_node_get_literal(p)) &&
			    starts_cjk(cmark_node_get_literal(nx))) {
				cmark_node_unlink(node);
				cmark_node_free(node);
			}
			break;
		}
		default:
			break;
		}
	}
	for (i = 0; i < nh; i++) {
		cmark_node *repl = heading_html(r, hv[i], ids[i]);

		if (hv[i] == root)
			root = repl;
		free(ids[i]);
	}
	free(hv);
	free(ids);
	free(v);
	free(open);
	free(blk);
	return root;
}

/* Drops "**面试官**:" from the start of a label paragraph. */
static void
drop_label(cmark_node *para)
{
	cmark_node *c = cmark_node_first_child(para), *t;
	const char *s;

	if (c == NULL || (cmark_node_get_type(c) != CMARK_NODE_STRONG &&
	    cmark_node_get_type(c) != CMARK_NODE_EMPH))
		return;
	t = cmark_node_next(c);
	cmark_node_unlink(c);
	cmark_node_free(c);
	if (t == NULL || cmark_node_get_type(t) != CMARK_NODE_TEXT)
		goto breaks;
	s = cmark_node_get_literal(t);
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == ':')
		s++;
	else if (hb_starts_with(s, "："))
		s += 3;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0') {
		cmark_node_unlink(t);
		cmark_node_free(t);
	} else {
		char *copy = hb_xstrdup(s);

		cmark_node_set_literal(t, copy);
		free(copy);
	}
breaks:
	/* The label alone on its line leaves a leading line break. */
	c = cmark_node_first_child(para);
	if (c != NULL && (cmark_node_get_type(c) == CMARK_NODE_SOFTBREAK ||
	    cmark_node_get_type(c) == CMARK_NODE_LINEBREAK)) {
		cmark_node_unlink(c);
		cmark_node_free(c);
	}
}

/* A paragraph directly in a tight list item renders without <p>; alone
 * in a fragment it needs one. */
static bool
needs_p(cmark_node *n)
{
	cmark_node *item = cmark_node_parent(n);
	cmark_node *list = item ? cmark_node_parent(item) : NULL;

	return cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH && list &&
	    cmark_node_get_type(list) == CMARK_NODE_LIST &&
	    cmark_node_get_list_tight(list);
}

static void
render_span(struct hb_render *r, struct hb_extract *x, struct hb_span *s,
    struct hb_buf *out)
{
	int opts = CMARK_OPT_DEFAULT | CMARK_OPT_UNSAFE;
	cmark_mem *mem = cmark_get_default_mem_allocator();
	cmark_llist *exts = hb_doc_cmark_extensions(s->doc);
	size_t i;

	/* UNSAFE: raw HTML was already turned into text above unless it is
	 * allowed, and URLs were filtered by rewrite_link(). */
	if (s->hardbreaks)
		opts |= CMARK_OPT_HARDBREAKS;
	r->opts = opts;
	r->exts = exts;
	if (s->q != r->q && r->linked != NULL)
		memset(r->linked, 0, r->o.topics->n * sizeof(*r->linked));
	r->q = s->q;
	hb_buf_reset(out);
	for (i = 0; i < s->nblks; i++) {
		cmark_node *n = s->blks[i]->node;
		char *html;
		bool p;

		if (i == 0 && s->skip_label)
			drop_label(n);
		p = needs_p(n);
		n = transform(r, x, s->doc, n, s->hardbreaks);
		if (p)
			hb_buf_puts(out, "<p>");
		html = cmark_render_html(n, opts, exts);
		hb_buf_puts(out, html);
		mem->free(html);
		if (p)
			hb_buf_puts(out, "</p>\n");
	}
}

/* Renders Markdown that has no tree of its own (the rest of a list
 * item's first paragraph). */
static const char *
render_text(struct hb_render *r, struct hb_extract *x, const char *md,
    int line)
{
	struct hb_doc *sub = hb_parse(x->doc->path, md, strlen(md), line, 0,
	    r->o.allow_html ? HB_PARSE_ALLOW_HTML : 0, x->d);
	const struct hb_blk *b;
	struct hb_span s;
	struct hb_buf out;
	const struct hb_blk *blks[256];
	const char *html;

	memset(&s, 0, sizeof(s));
	s.doc = sub;
	s.blks = blks;
	for (b = hb_doc_root(sub)->first; b && s.nblks < 256; b = b->next)
		blks[s.nblks++] = b;
	hb_buf_init(&out, HB_BUF_NOCAP);
	render_span(r, x, &s, &out);
	html = hb_arena_strndup(&x->doc->arena, hb_buf_str(&out), out.len);
	hb_buf_fini(&out);
	hb_doc_free(sub);
	return html;
}

void
hb_render_document(struct hb_render *r, struct hb_extract *x)
{
	struct hb_document *doc = x->doc;
	struct hb_buf out;
	size_t i, k;

	r->nlinks = 0;
	r->nanchors = 0;
	r->doc_arena = &doc->arena;
	hb_hset_init(&r->anchor_ids);
	hb_hmap_init(&r->anchor_next);
	/* Questions are anchors on the page too (their ids start as
	 * these). */
	for (i = 0; i < doc->nquestions; i++)
		if (doc->questions[i].base_id != NULL)
			hb_hset_add(&r->anchor_ids, doc->questions[i].base_id);
	hb_buf_init(&out, HB_BUF_NOCAP);
	for (i = 0; i < x->nspans; i++) {
		struct hb_span *s = &x->spans[i];

		render_span(r, x, s, &out);
		*s->html_out = hb_arena_strndup(&doc->arena, hb_buf_str(&out),
		    out.len);
	}
	hb_buf_fini(&out);
	/* Anything with Markdown but no tree (list-item title rests). */
	for (i = 0; i < doc->nquestions; i++) {
		struct hb_question *q = &doc->questions[i];

		for (k = 0; k < q->nanswers; k++)
			if (q->answers[k].html == NULL)
				q->answers[k].html = render_text(r, x,
				    q->answers[k].markdown, q->answers[k].line);
	}
	doc->links = hb_arena_memdup(&doc->arena, r->links,
	    r->nlinks * sizeof(*r->links));
	doc->nlinks = r->nlinks;
	doc->anchors = hb_arena_memdup(&doc->arena, r->anchors,
	    r->nanchors * sizeof(*r->anchors));
	doc->nanchors = r->nanchors;
	r->doc_arena = NULL;
	hb_hset_fini(&r->anchor_ids);
	hb_hmap_fini(&r->anchor_next);
}

/* ---- after linking: titles of cross-references ---- */

/* The page a link to the Markdown file rel goes to, from a fragment
 * one folder deep: a document's page, a section's page for an intro
 * with no questions of its own (the home page for the root's). */
static void
page_href(struct hb_buf *b, const struct hb_site *site, const char *rel,
    const char *anchor)
{
	const struct hb_document *to = hb_site_find_rel(site, rel);

	if (to != NULL && to->role == HB_DOC_INTRO && to->nquestions == 0 &&
	    to->section != NULL) {
		if (to->section->parent == NULL) {
			hb_buf_puts(b, "../index.html");
		} else {
			hb_buf_puts(b, "../s/");
			hb_url_path(b, to->section->id, strlen(to->section->id));
			hb_buf_puts(b, ".html");
		}
	} else {
		/* A draft or a missing page keeps the name it would have
		 * (the link stage reported it). */
		const char *slug = to != NULL ? to->slug : NULL;
		struct hb_arena tmp;

		hb_arena_init(&tmp);
		if (slug == NULL)
			slug = hb_doc_slug_for(&tmp, rel);
		hb_buf_puts(b, "../d/");
		hb_url_path(b, slug, strlen(slug));
		hb_buf_puts(b, ".html");
		hb_arena_fini(&tmp);
	}
	if (anchor != NULL) {
		bool found;
		const char *id = hb_site_anchor(to, anchor, &found);

		hb_buf_putc(b, '#');
		hb_url_path(b, id, strlen(id));
	}
}

const char *
hb_render_xref_titles(struct hb_arena *a, const char *html,
    const struct hb_document *doc, const struct hb_site *site)
{
	struct hb_buf b, href;
	const char *p, *h;
	const char *r;

	if (html == NULL || strchr(html, HB_RENDER_HOLE) == NULL)
		return html;
	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_buf_init(&href, HB_BUF_NOCAP);
	for (p = html; (h = strchr(p, HB_RENDER_HOLE)) != NULL;) {
		char *end;
		unsigned long long i = strtoull(h + 1, &end, 10);
		const struct hb_link *l;
		const struct hb_question *q;
		const char *t;

		/* Only the renderer writes this byte (the loader replaces it
		 * in sources), always as <HOLE>index<HOLE>. */
		assert(*end == HB_RENDER_HOLE && i < doc->nlinks);
		hb_buf_append(&b, p, (size_t)(h - p));
		l = &doc->links[i];
		p = end + 1;
		if (l->kind == HB_LINK_DOC) {
			/* An href: the target page's URL. */
			hb_buf_reset(&href);
			page_href(&href, site, l->target, l->anchor);
			hb_buf_html(&b, href.data, href.len);
			continue;
		}
		q = hb_site_find(site, l->target);
		t = q != NULL ? q->title : l->target;
		hb_buf_html(&b, t, strlen(t));
	}
	hb_buf_puts(&b, p);
	r = hb_arena_strndup(a, hb_buf_str(&b), b.len);
	hb_buf_fini(&b);
	hb_buf_fini(&href);
	return r;
}
