/* Stage 5: parsed document (parse.h) -> model document (model.h), in
 * three one-way layers:
 *
 *   extract.c the per-file working state below (spans, Markdown slices);
 *   qa.c      (qa.h) reads one question's blocks: labelled regions
 *             (prompt, candidate answer, review, reference answer),
 *             placeholders, ratings, choices and code blocks;
 *   layout.c  (layout.h) decides the layout and cuts the document into
 *             questions, section headings and prose, calling qa.c.
 *
 * struct hb_extract is the per-file working state. It lives only while
 * the file's parse tree lives: spans point into that tree so render.c
 * can fill each `html` field of the model in the same pass, without
 * parsing the file again. */
#ifndef HB_EXTRACT_H
#define HB_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct hb_diag;
struct hb_doc;
struct hb_blk;
struct hb_buf;
struct hb_front;

/* A piece of the parse tree whose HTML goes into one model field. */
struct hb_span {
	struct hb_doc *doc;		/* the tree owning blks */
	const struct hb_blk **blks;
	size_t nblks;
	bool skip_label;	/* drop the leading "**label**:" of blks[0] */
	bool hardbreaks;	/* boxed text: keep the author's line breaks */
	const char **html_out;	/* model field to fill */
	struct hb_question *q;	/* the question it belongs to, or NULL */
	size_t answer;		/* while html_out is NULL: the index of the
				 * question's answer it belongs to */
};

struct hb_extract {
	struct hb_document *doc;	/* the model being filled */
	struct hb_doc *pdoc;		/* the file's parse tree */
	const struct hb_front *front;
	struct hb_diag *d;
	unsigned parse_flags;		/* for fragments parsed from fences */
	/* The layout a handbook.yml `layouts:` rule gives the file (the
	 * glob that matched), or NULL; front matter wins over it. */
	const char *layout_rule;
	const char *layout_rule_glob;
	struct hb_span *spans;
	size_t nspans, capspans;
	struct hb_doc **subdocs;	/* fragments, freed with the context */
	size_t nsub, capsub;
};

void hb_extract_init(struct hb_extract *x, struct hb_document *doc,
    struct hb_doc *pdoc, const struct hb_front *front, unsigned parse_flags,
    struct hb_diag *d);
/* Frees the spans and fragment trees (not the model). */
void hb_extract_fini(struct hb_extract *x);

/* Adds a span whose HTML goes to *out; blks are copied. */
void hb_extract_span(struct hb_extract *x, struct hb_doc *doc,
    const struct hb_blk *const *blks, size_t n, bool skip_label,
    const char **out);
/* Appends the Markdown of block b (dedented out of its list item). */
void hb_extract_markdown(struct hb_doc *doc, const struct hb_blk *b,
    struct hb_buf *out);
/* The plain text of blks, in order, as an arena string of x->doc (""
 * when there is none): the text of their paragraphs, headings and
 * tables (hb_blk_plain), through lists, quotes and boxes; blocks
 * separated by a blank line. Code blocks count only when `code` is
 * true: a question's code is in its own field (hb_question.code), a
 * document's prose keeps it. Raw HTML and rules are markup. With
 * skip_label, blks[0]'s leading "**label**:" is left out. */
const char *hb_extract_text(struct hb_extract *x,
    const struct hb_blk *const *blks, size_t n, bool skip_label, bool code);
/* Returns an arena copy of b's contents with trailing space removed. */
const char *hb_extract_finish_text(struct hb_extract *x, struct hb_buf *b);

#endif
