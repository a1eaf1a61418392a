/* Foundation: a forward-only tokenizer for the HTML fragments handbook
 * renders (cmark-gfm's output, our post-pass, raw HTML when allowed).
 * Not a full HTML parser: tags, attributes, comments and text, with the
 * content of <script>, <style> and <textarea> kept as text. Used by the
 * passes that rewrite fragments (offline.c, anki.c). Every step moves
 * forward; nothing is allocated. */
#ifndef HB_HTML_H
#define HB_HTML_H

#include <stdbool.h>
#include <stddef.h>

#define HB_HTML_MAX_ATTRS 32

enum hb_html_kind {
	HB_HTML_TEXT,		/* text, character references undecoded */
	HB_HTML_START,		/* <name attr=...> */
	HB_HTML_END,		/* </name> */
	HB_HTML_COMMENT,	/* <!-- ... --> */
	HB_HTML_DECL		/* <!doctype ...>, <?...?>, <![CDATA[...]]> */
};

struct hb_html_attr {
	const char *name;	/* into the fragment, nlen bytes */
	size_t nlen;
	size_t voff, vlen;	/* the raw value: bytes [voff, voff+vlen)
				 * of the fragment, quotes excluded;
				 * vlen 0 and has_value false for `<x a>` */
	bool has_value;
};

struct hb_html_tok {
	enum hb_html_kind kind;
	size_t start, end;	/* the token is bytes [start, end) */
	const char *name;	/* tags: into the fragment, nlen bytes */
	size_t nlen;
	struct hb_html_attr attrs[HB_HTML_MAX_ATTRS];	/* more are
							 * skipped */
	size_t nattrs;
	bool self_closing;	/* <x/> */
};

struct hb_html_lexer {
	const char *h;		/* borrowed */
	size_t n, pos;
	char raw[12];		/* inside <script> etc.: its name */
};

void hb_html_lexer_init(struct hb_html_lexer *lx, const char *h, size_t n);
/* Reads the next token into *t. Returns false at the end. */
bool hb_html_next(struct hb_html_lexer *lx, struct hb_html_tok *t);
/* True when the tag's name is `name` (lowercase ASCII), ignoring case. */
bool hb_html_is(const struct hb_html_tok *t, const char *name);
/* The attribute called `name` (lowercase), or NULL. */
const struct hb_html_attr *hb_html_attr(const struct hb_html_tok *t,
    const char *name);

#endif
