/* Stage 3: split a Markdown file into front matter and body, and read
 * the front-matter keys handbook knows. YAML between `---` lines or TOML
 * between `+++` lines. Positions stay file positions: the body starts at
 * body_line, which later stages add to cmark's line numbers. */
#ifndef HB_FRONT_H
#define HB_FRONT_H

#include <stdbool.h>
#include <stddef.h>

struct hb_arena;
struct hb_diag;

enum hb_front_kind {
	HB_FRONT_NONE,
	HB_FRONT_YAML,
	HB_FRONT_TOML
};

struct hb_front {
	enum hb_front_kind kind;
	size_t body_off;	/* byte offset of the body in the file */
	int body_line;		/* 1-based line of the body's first line */
	const char *title;
	const char *id;
	const char *slug;
	const char *layout;	/* "record", "list", "single", "headings" */
	long weight;
	bool has_weight;
	bool draft;
	const char **topics;
	size_t ntopics;
	int topics_line;	/* position of the topics value */
	int topics_col;
	int id_line;
	int layout_line;
};

/* Parses the front matter of text (n bytes, UTF-8 already checked).
 * Every string in *out is arena-owned. Returns 0, or -1 after reporting
 * an error at the offending line (the body is still located so a caller
 * may go on). A file without front matter gives kind HB_FRONT_NONE. */
int hb_front_parse(struct hb_arena *a, struct hb_diag *d, const char *path,
    const char *text, size_t n, struct hb_front *out);

#endif
