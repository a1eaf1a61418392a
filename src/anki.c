/* Stage write (issue #14): the loaded, linked and rendered model -> one
 * Anki text-import file (see anki.h). Fields are the rendered fragments,
 * cleaned of the site's chrome with the fragment tokenizer (html.h). */
#include "anki.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "html.h"
#include "model.h"
#include "render.h"
#include "str.h"

/* Open <div>s deeper than this are kept as they are (fragments are far
 * shallower; the cap keeps the pass free of unbounded state). */
#define MAX_DIVS 256

struct clean {
	const struct hb_site *site;
	const struct hb_anki_opts *o;
	const char *h;
	struct hb_buf *out;
	unsigned char dropped[MAX_DIVS];	/* per open <div> */
	size_t depth;
	size_t skip;		/* inside a dropped <div>: its depth */
	bool in_pre, in_button, in_xref, drop_a;
};

static bool
has_class(const char *h, const struct hb_html_tok *t, const char *cls)
{
	const struct hb_html_attr *a = hb_html_attr(t, "class");
	size_t n = strlen(cls), i = 0;

	if (a == NULL)
		return false;
	while (i < a->vlen) {
		size_t s;

		while (i < a->vlen && h[a->voff + i] == ' ')
			i++;
		s = i;
		while (i < a->vlen && h[a->voff + i] != ' ')
			i++;
		if (i - s == n && memcmp(h + a->voff + s, cls, n) == 0)
			return true;
	}
	return false;
}

static bool
in_site(const char *h, const struct hb_html_attr *a)
{
	return a != NULL && a->vlen >= 3 && memcmp(h + a->voff, "../", 3) == 0;
}

/* The tag with the value of attribute a replaced by base_url + the
 * value without its leading "../" parts. */
static void
rebase(struct clean *c, const struct hb_html_tok *t,
    const struct hb_html_attr *a)
{
	const char *base = c->o->base_url, *v = c->h + a->voff;
	size_t n = a->vlen, blen = strlen(base);

	while (n >= 3 && memcmp(v, "../", 3) == 0) {
		v += 3;
		n -= 3;
	}
	hb_buf_append(c->out, c->h + t->start, a->voff - t->start);
	hb_buf_html(c->out, base, blen);
	if (blen > 0 && base[blen - 1] != '/')
		hb_buf_putc(c->out, '/');
	/* The rest is already escaped for an attribute. */
	hb_buf_append(c->out, v, n);
	hb_buf_append(c->out, c->h + a->voff + a->vlen,
	    t->end - (a->voff + a->vlen));
}

static void
start_tag(struct clean *c, const struct hb_html_tok *t)
{
	const char *h = c->h;

	if (hb_html_is(t, "div")) {
		bool code = has_class(h, t, "code");

		if (has_class(h, t, "code-bar")) {
			c->skip = 1;
			return;
		}
		if (c->depth < MAX_DIVS)
			c->dropped[c->depth] = code;
		c->depth++;
		if (code)
			return;
	} else if (hb_html_is(t, "button")) {
		c->in_button = !t->self_closing;
		return;
	} else if (hb_html_is(t, "pre")) {
		c->in_pre = true;
	} else if (hb_html_is(t, "span") && c->in_pre) {
		return;	/* highlighting */
	} else if (hb_html_is(t, "a")) {
		const struct hb_html_attr *q = hb_html_attr(t, "data-q");
		const struct hb_html_attr *href = hb_html_attr(t, "href");

		if (q != NULL && c->site != NULL) {
			/* A cross-reference: the target's title. */
			struct hb_buf id;
			const struct hb_question *tq;

			hb_buf_init(&id, HB_BUF_NOCAP);
			hb_html_unescape(&id, h + q->voff, q->vlen);
			tq = hb_site_find(c->site, hb_buf_str(&id));
			hb_buf_fini(&id);
			if (tq != NULL) {
				hb_buf_html(c->out, tq->title,
				    strlen(tq->title));
				c->in_xref = true;
				return;
			}
		}
		if (href != NULL && ((href->vlen > 0 && h[href->voff] == '#') ||
		    (in_site(h, href) && c->o->base_url == NULL))) {
			c->drop_a = true;
			return;
		}
		if (in_site(h, href)) {
			rebase(c, t, href);
			return;
		}
	} else if (hb_html_is(t, "img")) {
		const struct hb_html_attr *src = hb_html_attr(t, "src");

		if (in_site(h, src) && c->o->base_url == NULL) {
			const struct hb_html_attr *alt = hb_html_attr(t, "alt");

			if (alt != NULL && alt->vlen > 0) {
				hb_buf_puts(c->out, "<i>[");
				hb_buf_append(c->out, h + alt->voff, alt->vlen);
				hb_buf_puts(c->out, "]</i>");
			}
			return;
		}
		if (in_site(h, src)) {
			rebase(c, t, src);
			return;
		}
	}
	hb_buf_append(c->out, h + t->start, t->end - t->start);
}

static void
end_tag(struct clean *c, const struct hb_html_tok *t)
{
	if (hb_html_is(t, "div")) {
		if (c->depth > 0) {
			c->depth--;
			if (c->depth < MAX_DIVS && c->dropped[c->depth])
				return;
		}
	} else if (hb_html_is(t, "pre")) {
		c->in_pre = false;
	} else if (hb_html_is(t, "span") && c->in_pre) {
		return;
	} else if (hb_html_is(t, "a") && c->drop_a) {
		c->drop_a = false;
		return;
	}
	hb_buf_append(c->out, c->h + t->start, t->end - t->start);
}

void
hb_anki_clean_html(const struct hb_site *site, const struct hb_anki_opts *o,
    const struct hb_document *doc, const char *html, struct hb_buf *out)
{
	struct hb_html_lexer lx;
	struct hb_html_tok t;
	struct clean c;
	struct hb_arena a;

	if (html == NULL)
		return;
	/* Cross-references and links to pages are holes until filled. */
	hb_arena_init(&a);
	if (site != NULL && doc != NULL)
		html = hb_render_xref_titles(&a, html, doc, site);
	memset(&c, 0, sizeof(c));
	c.site = site;
	c.o = o;
	c.h = html;
	c.out = out;
	hb_html_lexer_init(&lx, html, strlen(html));
	while (hb_html_next(&lx, &t)) {
		if (c.skip > 0) {
			if (hb_html_is(&t, "div"))
				c.skip += t.kind == HB_HTML_START ? 1 : -1;
			continue;
		}
		if (c.in_button) {
			if (t.kind == HB_HTML_END && hb_html_is(&t, "button"))
				c.in_button = false;
			continue;
		}
		if (c.in_xref) {
			if (t.kind == HB_HTML_END && hb_html_is(&t, "a"))
				c.in_xref = false;
			continue;
		}
		switch (t.kind) {
		case HB_HTML_TEXT:
			hb_buf_append(out, html + t.start, t.end - t.start);
			break;
		case HB_HTML_START:
			start_tag(&c, &t);
			break;
		case HB_HTML_END:
			end_tag(&c, &t);
			break;
		case HB_HTML_COMMENT:
		case HB_HTML_DECL:
			break;
		}
	}
	hb_arena_fini(&a);
}

/* ---- the file ---- */

/* A header value on one line: control characters become spaces. */
static void
header(struct hb_buf *out, const char *key, const char *value)
{
	hb_buf_printf(out, "#%s:", key);
	for (const char *p = value; *p; p++)
		hb_buf_putc(out, (unsigned char)*p < 0x20 || *p == 0x7f ?
		    ' ' : *p);
	hb_buf_putc(out, '\n');
}

/* A field in double quotes, with '"' doubled: tabs and newlines are
 * then part of the field (Anki's CSV rules). */
static void
field(struct hb_buf *out, const char *s, size_t n)
{
	const char *q;

	hb_buf_putc(out, '"');
	while (n > 0 && (q = memchr(s, '"', n)) != NULL) {
		hb_buf_append(out, s, (size_t)(q - s) + 1);
		hb_buf_putc(out, '"');
		n -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	hb_buf_append(out, s, n);
	hb_buf_putc(out, '"');
}

static void
front(const struct hb_site *site, const struct hb_anki_opts *o,
    const struct hb_question *q, struct hb_buf *b)
{
	size_t i;

	hb_buf_puts(b, "<p><b>");
	hb_buf_html(b, q->title, strlen(q->title));
	hb_buf_puts(b, "</b></p>");
	if (q->prompt_html != NULL && q->prompt_html[0] != '\0') {
		hb_buf_putc(b, '\n');
		hb_anki_clean_html(site, o, q->doc, q->prompt_html, b);
	}
	if (q->nchoices > 0) {
		hb_buf_puts(b, "\n<ul class=\"choices\">");
		for (i = 0; i < q->nchoices; i++) {
			const struct hb_choice *ch = &q->choices[i];

			hb_buf_puts(b, "<li><b>");
			hb_buf_html(b, ch->label, strlen(ch->label));
			hb_buf_puts(b, ".</b> ");
			hb_buf_html(b, ch->text, strlen(ch->text));
			hb_buf_puts(b, "</li>");
		}
		hb_buf_puts(b, "</ul>");
	}
}

/* The reference answers; else the plain answers; else the candidate's. */
static void
back(const struct hb_site *site, const struct hb_anki_opts *o,
    const struct hb_question *q, struct hb_buf *b)
{
	static const enum hb_answer_kind order[] = {
		HB_ANSWER_REFERENCE, HB_ANSWER_ANSWER, HB_ANSWER_CANDIDATE
	};
	size_t k, i, n = 0;

	if (q->correct != NULL) {
		hb_buf_puts(b, "<p><b>\xe2\x9c\x93 ");
		hb_buf_html(b, q->correct, strlen(q->correct));
		hb_buf_puts(b, "</b></p>\n");
	}
	for (k = 0; k < sizeof(order) / sizeof(order[0]) && n == 0; k++) {
		for (i = 0; i < q->nanswers; i++) {
			const struct hb_answer *a = &q->answers[i];

			if (a->kind != order[k])
				continue;
			if (n++ > 0)
				hb_buf_puts(b, "<hr>\n");
			if (a->html != NULL)
				hb_anki_clean_html(site, o, q->doc, a->html, b);
			else
				hb_buf_html(b, a->markdown, strlen(a->markdown));
		}
	}
}

/* Anki tags are separated by spaces: a space inside one becomes '_'. */
static void
tag(struct hb_buf *b, const char *prefix, const char *s)
{
	if (b->len > 0)
		hb_buf_putc(b, ' ');
	hb_buf_puts(b, prefix);
	for (; *s; s++)
		hb_buf_putc(b, *s == ' ' || *s == '\t' || *s == '\n' ? '_' :
		    *s);
}

size_t
hb_anki_write(const struct hb_site *site, const struct hb_anki_opts *o,
    struct hb_buf *out)
{
	struct hb_buf f;
	size_t d, k, i, notes = 0;

	header(out, "separator", "tab");
	header(out, "html", "true");
	header(out, "notetype", o->notetype ? o->notetype : "Basic");
	header(out, "deck", o->deck ? o->deck : "handbook");
	header(out, "guid column", "1");
	header(out, "tags column", "4");
	hb_buf_init(&f, HB_BUF_NOCAP);
	for (d = 0; d < site->ndocs; d++) {
		const struct hb_document *doc = site->docs[d];

		for (k = 0; k < doc->nquestions; k++) {
			const struct hb_question *q = &doc->questions[k];

			if (q->status != HB_STATUS_ANSWERED)
				continue;
			field(out, q->id, strlen(q->id));
			hb_buf_putc(out, '\t');
			hb_buf_reset(&f);
			front(site, o, q, &f);
			field(out, f.data ? f.data : "", f.len);
			hb_buf_putc(out, '\t');
			hb_buf_reset(&f);
			back(site, o, q, &f);
			field(out, f.data ? f.data : "", f.len);
			hb_buf_putc(out, '\t');
			hb_buf_reset(&f);
			for (i = 0; i < q->ntopics; i++)
				tag(&f, "", q->topics[i]);
			tag(&f, "doc::", doc->slug);
			field(out, f.data, f.len);
			hb_buf_putc(out, '\n');
			notes++;
		}
	}
	hb_buf_fini(&f);
	return notes;
}
