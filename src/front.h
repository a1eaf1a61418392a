/* Stage 3: split a Markdown file into front matter and body, and read
 * the front-matter keys handbook knows. YAML between `---` lines or TOML
 * between `+++` lines. Positions stay file positions: the body starts at
 * body_line, which later stages add to cmark's line numbers. */
#ifndef HB_FRONT_H
#define HB_FRONT_H

#include <stdbool.h>
#include <stddef.h>

#include "tools.h"

struct hb_arena;
struct hb_diag;

enum hb_front_kind {
	HB_FRONT_NONE,
	HB_FRONT_YAML,
	HB_FRONT_TOML
};

/* A front-matter key that no tool handbook knows uses (the link stage
 * reports each key once, with the number of files). */
struct hb_unknown_key {
	const char *key;
	int line, col;
};

struct hb_front {
	enum hb_front_kind kind;
	size_t body_off;	/* byte offset of the body in the file */
	int body_line;		/* 1-based line of the body's first line */
	const char *title;
	const char *id;
	const char *slug;
	const char *url;	/* Hugo: the whole URL path */
	const char *permalink;	/* Jekyll */
	const char *layout;	/* "record", "list", "single", "headings" */
	const char *short_title;	/* sidebar_label, linkTitle */
	const char *summary;	/* description, summary, excerpt */
	const char *date;	/* date, as ISO 8601 UTC */
	const char *lastmod;	/* lastmod, last_modified_at, ... */
	double weight;		/* weight, sidebar_position, nav_order */
	bool has_weight;
	const char *weight_key;
	bool draft;		/* draft, hidden, unlisted, bookHidden,
				 * published: false */
	const char *draft_key;
	const char **topics;
	size_t ntopics;
	int topics_line;	/* position of the topics value */
	int topics_col;
	const char **hints;	/* tags, categories, keywords */
	size_t nhints;
	const char **aliases;	/* aliases, redirect_from */
	size_t naliases;
	struct hb_unknown_key *unknown;
	size_t nunknown;
	int id_line;
	int layout_line;
};

/* Parses the front matter of text (n bytes, UTF-8 already checked).
 * Keys are read with the meaning of handbook and of the tools it knows
 * (Hugo and its book theme, Docusaurus, VitePress, Jekyll, mdBook);
 * tool is the one the repository was written for (a `layout` that is
 * not handbook's is that tool's template name there, an error for
 * handbook's own content). Keys no tool knows are listed in
 * out->unknown; mapped and accepted keys are explained (diag.h).
 * Every string in *out is arena-owned. Returns 0, or -1 after reporting
 * an error at the offending line (the body is still located so a caller
 * may go on). A file without front matter gives kind HB_FRONT_NONE. */
int hb_front_parse(struct hb_arena *a, struct hb_diag *d, const char *path,
    const char *text, size_t n, enum hb_tool tool, struct hb_front *out);

#endif
