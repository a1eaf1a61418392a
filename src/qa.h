/* Stage 5b (extract): one question's blocks -> the question's fields
 * (see qa.c). Uses the working state of extract.h; used by layout.c. */
#ifndef HB_QA_H
#define HB_QA_H

#include <stdbool.h>
#include <stddef.h>

#include "extract.h"

/* Label of a paragraph such as "**面试官**:" (see qa.c). */
enum hb_label {
	HB_LABEL_NONE = -1,
	HB_LABEL_PROMPT,
	HB_LABEL_CANDIDATE,
	HB_LABEL_REVIEW,
	HB_LABEL_REFERENCE,
	HB_LABEL_ANSWER
};
enum hb_label hb_qa_label(const struct hb_blk *b);

/* The blocks of one question, as cut by layout.c. */
struct hb_qbody {
	const struct hb_blk **blks;	/* owned by the caller */
	size_t nblks;
	const char *title_rest;	/* Markdown after the title line of a list
				 * item's first paragraph, or NULL */
	const char *title_rest_text;	/* the same as plain text */
	int title_rest_line;
	enum hb_label start;	/* region before the first label */
};

/* Reads a question body into q (arena = x->doc->arena). */
void hb_qa_extract(struct hb_extract *x, struct hb_question *q,
    const struct hb_qbody *body);

/* Used by layout.c too. */
/* True when paragraph b holds choices "[A: ..] [B: ..]". */
bool hb_qa_has_choices(const struct hb_blk *b);
/* Reads like a question or a question topic ("GC 原理"): layout
 * detection. */
bool hb_qa_is_question_like(const char *title);
/* Actually asks something ("什么", "如何", "？"): a stricter test. */
bool hb_qa_asks(const char *title);
bool hb_qa_is_placeholder(const char *text);

#endif
