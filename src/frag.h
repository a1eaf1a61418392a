/* Stage 8 (write): rendered fragments made right for readers (issue
 * #11). Works on the HTML that render.c made (well-formed, text
 * escaped), one top-level block at a time; every pass is linear. */
#ifndef HB_FRAG_H
#define HB_FRAG_H

#include "arena.h"

struct hb_review;

/* html with checklist marks written as text ("- **Go**: [x] 优秀 [ ]
 * 良好") shown as ticks: "[x]" -> ☑, "[ ]" -> ☐, outside tags, <pre>
 * and <code>. Returns html itself when there is none, else an
 * arena-owned copy; NULL stays NULL. */
const char *hb_frag_ticks(struct hb_arena *a, const char *html);

/* What a review's HTML says beyond its structured parts (pros and cons
 * with their ✅/⚠️ lead-ins, the rating line, the summary): code,
 * other paragraphs, in the author's order. Arena-owned, or NULL when
 * nothing is left. */
const char *hb_frag_review_rest(struct hb_arena *a, const char *html,
    const struct hb_review *r);

/* Splits a choice question's answer: *stem gets the blocks up to the
 * choices (the code and the question asked, the raw "[A: …] [B: …]"
 * text taken out), *rest what follows (NULL when nothing). Returns 0,
 * or -1 (both untouched) when the answer holds no choices. */
int hb_frag_choice_stem(struct hb_arena *a, const char *html,
    const char **stem, const char **rest);

#endif
