/* Stage 4a: repair a Markdown body before cmark-gfm parses it, keeping
 * every line where it was (so positions stay true):
 *
 *  - Nested fences. Authors paste a ```go block inside a ``` block and
 *    expect it to nest; CommonMark closes the outer block at the inner
 *    block's closing fence instead. An opening fence *with an info
 *    string* inside an open fence starts a nested block here, and the
 *    outer fences are lengthened (``` -> ````) so cmark-gfm agrees.
 *    Each repair is a warning at the inner fence. When the nested
 *    reading leaves a fence unclosed but the plain reading does not, the
 *    plain reading wins (no repair).
 *  - Emphasis next to CJK punctuation (commonmark-spec issue 650):
 *    `**答案：**后文` is bold for every Chinese reader but not for
 *    CommonMark. Where the CJK-friendly flanking rule pairs two `*` runs
 *    that the standard rule rejects, a sentinel space (U+1680) is put
 *    beside the run; hb_parse() removes it from every node afterwards.
 *  - Markup written for other tools (markup.h): admonitions, shortcodes,
 *    MDX lines; read after the fences, so code is never touched. */
#ifndef HB_PREPARE_H
#define HB_PREPARE_H

#include <stdbool.h>
#include <stddef.h>

struct hb_buf;
struct hb_diag;
struct hb_markup;

/* The sentinel inserted by the emphasis repair (U+1680, UTF-8). */
#define HB_SENTINEL "\xe1\x9a\x80"
#define HB_SENTINEL_LEN 3

enum {
	HB_PREP_FENCE_DIAG = 1 << 0	/* report nested and unclosed fences
					 * and unbalanced foreign boxes */
};

struct hb_prepare_result {
	bool sentinel;		/* the emphasis repair inserted U+1680 */
	int nested;		/* fences repaired */
	int unclosed;		/* fences never closed */
};

/* Writes the repaired body to out. first_line is the file line of the
 * body's first line (for diagnostics at path). Foreign markup is read
 * into mk (borrowed; its arena owns the rewritten lines) unless mk is
 * NULL. */
void hb_prepare(const char *body, size_t n, const char *path, int first_line,
    unsigned flags, struct hb_diag *d, struct hb_markup *mk,
    struct hb_buf *out, struct hb_prepare_result *res);

#endif
