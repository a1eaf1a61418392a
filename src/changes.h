/* Stage 7 (versions): what changed between two versions of the
 * handbook, question by question, for the changes page of a versioned
 * site. */
#ifndef HB_CHANGES_H
#define HB_CHANGES_H

#include <stddef.h>

#include "arena.h"
#include "model.h"

enum hb_change_kind {
	HB_CHANGE_ADDED,
	HB_CHANGE_REMOVED,
	HB_CHANGE_CHANGED
};

struct hb_diff_line {
	char op;		/* ' ' kept, '-' removed, '+' added */
	const char *text;	/* the line, without its newline */
};

struct hb_change {
	enum hb_change_kind kind;
	const char *id;			/* the question's (stable) id */
	const struct hb_question *old_q;	/* NULL when added */
	const struct hb_question *new_q;	/* NULL when removed */
	/* The question as one Markdown text (title, prompt, answers,
	 * review), NULL on the side where it does not exist. */
	const char *old_markdown;
	const char *new_markdown;
	/* changed: old_markdown -> new_markdown line by line */
	struct hb_diff_line *diff;
	size_t ndiff;
};

struct hb_changes {
	struct hb_change *added;	/* in the order of cur */
	size_t nadded;
	struct hb_change *removed;	/* in the order of prev */
	size_t nremoved;
	struct hb_change *changed;	/* in the order of cur */
	size_t nchanged;
	struct hb_arena arena;		/* owns everything above */
};

/* Compares two loaded and linked sites (ids assigned) by question id:
 * prev the previous version, cur this one. old_q/new_q are borrowed and
 * must outlive out. Free with hb_changes_fini(). */
void hb_changes_compute(const struct hb_site *prev,
    const struct hb_site *cur, struct hb_changes *out);
void hb_changes_fini(struct hb_changes *c);

#endif
