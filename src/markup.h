/* Stage 4a: markup written for other tools (issue #10), read line by
 * line before cmark-gfm parses the body (prepare.c calls it), keeping
 * every line where it was:
 *
 *   boxes      Docusaurus/VitePress `:::note [title]` … `:::` (more
 *              colons nest), GitHub `> [!NOTE]`, docsify `!>` / `?>`,
 *              Hugo `{{< hint >}}`, `details`/`expand`, `tabs`/`tab`;
 *   figures    Hugo `{{< figure src=… caption=… >}}` -> an image line;
 *   code       Hugo `{{< highlight go >}}`, `mermaid`, `katex` -> a fence;
 *   dropped    other shortcodes and MDX components (`<Tabs>`, `<X />`,
 *              their children kept), MDX `import`/`export` blocks and
 *              brace comments, `<head>` blocks; `{{< ref "x" >}}`
 *              becomes its path.
 *
 * A line that opens, closes or drops something becomes an HTML comment
 * (`<!--hb:note-->`, `<!--/hb:note-->`, `<!--hb-->`) after its own
 * indentation and quote markers, so cmark-gfm gives it a block of its
 * own; the marks below say what each such line means, and parse.c turns
 * them into boxes (custom blocks) before anything reads the tree.
 * Nothing inside a fenced code block or a code span is touched, except
 * Hugo's escaped shortcode (`{{<` and a slash-star comment), which Hugo
 * shows as `{{< x >}}` wherever it is. */
#ifndef HB_MARKUP_H
#define HB_MARKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct hb_diag;

enum hb_mark_kind {
	HB_MARK_OPEN,		/* a box opens on this line */
	HB_MARK_CLOSE,		/* ... and closes here */
	HB_MARK_ALERT,		/* `> [!NOTE]`: the quote around it is the box */
	HB_MARK_PARA,		/* the paragraph starting here is the box */
	HB_MARK_FIGURE		/* the paragraph on this line is a figure */
};

enum hb_box {
	HB_BOX_CALLOUT,		/* type: note, tip, info, important,
				 * warning, caution, danger */
	HB_BOX_DETAILS,		/* a disclosure (<details>) */
	HB_BOX_TABS,		/* a set of tabs, shown one after another */
	HB_BOX_TAB,
	HB_BOX_FIGURE
};

struct hb_markup_mark {
	enum hb_mark_kind kind;
	enum hb_box box;
	size_t line;		/* body line, from 0 */
	const char *type;	/* callout type */
	const char *title;	/* plain text, or NULL for the default */
	bool open;		/* details shown open */
	long pair;		/* OPEN: index of its CLOSE, -1 when none */
};

/* A name whose markup was dropped (its content kept), for one warning
 * per name. */
struct hb_markup_drop {
	const char *what;	/* "MDX component", "Hugo shortcode", ... */
	const char *name;
	size_t count;
	int line, col;		/* file position of the first one */
};

struct hb_markup {
	struct hb_markup_mark *v;	/* in line order */
	size_t n, cap;
	size_t *marker;		/* body lines that became marker comments,
				 * ascending */
	size_t nmarker, capmarker;
	int *shift;		/* per body line, the columns MDX indentation
				 * removal took away (NULL: none) */
	size_t nshift;
	struct hb_markup_drop *drops;	/* in order of first appearance */
	size_t ndrops, capdrops;
	/* What was read, for `check --explain`. */
	size_t boxes, figures, code, esm_lines, head_blocks, refs;
	struct hb_arena *arena;	/* borrowed: owns every string above */
};

/* One line of the body, as prepare.c sees it. */
struct hb_mline {
	const char *p;
	size_t n;		/* without the newline */
	bool code;		/* inside a fenced code block or a fence */
};

void hb_markup_init(struct hb_markup *mk, struct hb_arena *a);
void hb_markup_fini(struct hb_markup *mk);

/* Reads lines[0..n) and records the marks. A line that changes gets a
 * new p/n (arena-owned). Returns true when a line became a code fence,
 * so the caller reads the fences again. Problems (a box never closed, a
 * close with nothing open) are warnings at path:line:col in d when d is
 * not NULL; first_line is the file line of lines[0]. */
bool hb_markup_lines(struct hb_markup *mk, struct hb_mline *lines, size_t n,
    const char *path, int first_line, struct hb_diag *d);

/* Counts a dropped `what` called name[0..len) at line:col (file). */
void hb_markup_dropped(struct hb_markup *mk, const char *what,
    const char *name, size_t len, int line, int col);

/* How many columns the line lost at its start (MDX children are
 * dedented): add it to a column on that line to get the file's. */
int hb_markup_shift(const struct hb_markup *mk, size_t line);

/* True when body line `line` is one of the marker comments. */
bool hb_markup_is_marker(const struct hb_markup *mk, size_t line);

/* One advisory warning per dropped name of one file, with its count
 * (the build reports them over the handbook, hb_markup_report_one). */
void hb_markup_report(const struct hb_markup *mk, const char *path,
    struct hb_diag *d);
/* The warning for e (its position in path), seen in `files` files. */
void hb_markup_report_one(const struct hb_markup_drop *e, const char *path,
    size_t files, struct hb_diag *d);

/* What the file's foreign markup became, for `check --explain`: one
 * line for the file and a tally per kind (HB_EX_MARKUP). */
void hb_markup_explain(const struct hb_markup *mk, const char *path,
    struct hb_diag *d);

/* True when s[0..n) is an MDX component tag (`<Tabs>`, `</Tabs>`,
 * `<Note />`, `<>`): a capitalised name. *name gets the name. */
bool hb_markup_is_component(const char *s, size_t n, const char **name,
    size_t *len);

#endif
