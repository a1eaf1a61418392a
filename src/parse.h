/* Stage 4: Markdown body -> struct hb_doc, a cmark-gfm tree (private to
 * parse.c and render.c) mirrored as a light tree of struct hb_blk that
 * the layout stage reads: block types, file positions, plain text of
 * paragraphs and headings, code literals. The prepared (repaired) body
 * is kept so stages can slice the Markdown of any block by lines. */
#ifndef HB_PARSE_H
#define HB_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct hb_buf;
struct hb_diag;

enum hb_blk_type {
	HB_BLK_DOCUMENT,
	HB_BLK_PARAGRAPH,
	HB_BLK_HEADING,
	HB_BLK_CODE,
	HB_BLK_HTML,
	HB_BLK_QUOTE,
	HB_BLK_LIST,
	HB_BLK_ITEM,
	HB_BLK_RULE,
	HB_BLK_TABLE,
	HB_BLK_OTHER
};

struct hb_blk {
	enum hb_blk_type type;
	int line, col;		/* file position of the first character */
	int end_line;		/* file line of the last character */
	int level;		/* heading level 1-6 */
	bool ordered;		/* list */
	bool fenced;		/* code: fenced rather than indented */
	char fence_char;
	int fence_len;
	bool task, checked;	/* item with a [ ] / [x] box */
	const char *info;	/* code: info string, trimmed ("" if none) */
	const char *literal;	/* code and html: the content */
	const char *text;	/* paragraph, heading: plain text of the
				 * inlines; soft breaks are '\n' */
	const char *lead;	/* paragraph: plain text of a leading
				 * strong or emphasis span, or NULL */
	int lead_end_col;	/* byte column just after that span's
				 * closing delimiter, on line `line` */
	int lead_end_line;
	struct hb_blk *parent, *first, *last, *next, *prev;
	void *node;		/* cmark_node; parse.c and render.c only */
};

struct hb_doc;

enum {
	HB_PARSE_FENCE_DIAG = 1 << 0,	/* report nested/unclosed fences */
	HB_PARSE_ALLOW_HTML = 1 << 1
};

/* Repairs (prepare.h) and parses body (n bytes) whose first line is
 * file line first_line, col_offset bytes right of column 1 (a fragment
 * cut from inside a fence). path is borrowed for the doc's lifetime.
 * Returns an owned doc; never NULL. */
struct hb_doc *hb_parse(const char *path, const char *body, size_t n,
    int first_line, int col_offset, unsigned flags, struct hb_diag *d);
void hb_doc_free(struct hb_doc *doc);

/* The root (HB_BLK_DOCUMENT) block. Valid until hb_doc_free(). */
const struct hb_blk *hb_doc_root(const struct hb_doc *doc);
const char *hb_doc_path(const struct hb_doc *doc);
/* First and last file line of the body. */
int hb_doc_first_line(const struct hb_doc *doc);
int hb_doc_last_line(const struct hb_doc *doc);
/* The repaired text of file line `line` (no newline), or NULL when the
 * line is outside the body. *len gets its length. */
const char *hb_doc_line(const struct hb_doc *doc, int line, size_t *len);
/* Appends file lines [from, to] to out, each with up to `dedent`
 * leading spaces (or one tab) removed and the repair sentinel dropped;
 * `skip` bytes are cut from the start of the first line. */
void hb_doc_slice(const struct hb_doc *doc, int from, int to, int dedent,
    int skip, struct hb_buf *out);
/* The arena that owns the block tree; callers may allocate scratch in
 * it for the doc's lifetime. */
struct hb_arena *hb_doc_arena(struct hb_doc *doc);

/* For render.c only: the cmark_llist of syntax extensions the tree was
 * parsed with (needed to render tables), and whether raw HTML is on. */
void *hb_doc_cmark_extensions(const struct hb_doc *doc);
bool hb_doc_allows_html(const struct hb_doc *doc);

/* What foreign markup the body had (markup.h). Valid until
 * hb_doc_free(). */
struct hb_markup;
const struct hb_markup *hb_doc_markup(const struct hb_doc *doc);

enum {
	HB_PLAIN_SKIP_LEAD = 1 << 0	/* leave out a leading "**label**:" */
};

/* Appends to out the plain text of leaf block b (a paragraph, heading or
 * table; other blocks append nothing): text, code spans, link text and
 * image descriptions, as a reader reads them. Raw HTML, link targets
 * and autolinks (whose text is their target) are left out. Soft and
 * hard breaks become '\n'; table cells are separated by ' ', rows by
 * '\n'; trailing breaks are dropped. With HB_PLAIN_SKIP_LEAD a
 * paragraph's leading strong or emphasis span (b->lead) and the colon
 * after it are left out ("**答案**: B" -> "B"). Valid while the doc
 * lives; out is the caller's. */
void hb_blk_plain(const struct hb_blk *b, unsigned flags,
    struct hb_buf *out);

/* Helpers for walking. */
const struct hb_blk *hb_blk_next_sibling_skip_rules(const struct hb_blk *b);
/* The block after b in document order under root: b's first child when
 * `descend` (and it has one), else the next block that is not inside
 * b; NULL when the walk is over. A walk from root costs no stack. */
const struct hb_blk *hb_blk_walk_next(const struct hb_blk *root,
    const struct hb_blk *b, bool descend);

#endif
