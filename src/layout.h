/* Stage 5a (extract): a parsed document -> its layout, questions,
 * section headings and prose (see layout.c), each question read by
 * qa.h. */
#ifndef HB_LAYOUT_H
#define HB_LAYOUT_H

struct hb_extract;

/* Fills x->doc: title, layout, questions, parts. Never fails: whatever
 * the Markdown, the document reads as something (problems are
 * warnings in x->d). */
void hb_layout_extract(struct hb_extract *x);

#endif
