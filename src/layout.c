/* Stage 5a: decide a document's layout and cut it into questions,
 * section headings and prose (see extract.h). Detection looks at the
 * structure cmark-gfm found, never at file names:
 *
 *   record    a heading followed by a "**面试官**:"-style label paragraph;
 *   list      top-level ordered-list items that read as questions (they
 *             ask something or have an answer under them) and outnumber
 *             question-like headings;
 *   headings  two or more headings at one level with content, when the
 *             page title does not itself ask a question;
 *   single    everything else: the title (front matter or H1) is the
 *             question and the body its answer.
 *
 * Front matter `layout:` overrides the guess. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "extract.h"
#include "front.h"
#include "guide.h"
#include "layout.h"
#include "parse.h"
#include "qa.h"
#include "str.h"
#include "xalloc.h"

#define MAX_SLUG_CP 64

/* ---- growable arrays of the document ---- */

struct cut {
	struct hb_extract *x;
	struct hb_question *qs;
	struct hb_qbody *bodies;	/* parallel to qs */
	size_t nq, capq, capbodies;
	struct hb_part *parts;
	size_t nparts, capparts;
	/* the question being collected */
	bool open;
	struct hb_question cur;
	const struct hb_blk **blks;
	size_t nblks, capblks;
	const char *title_rest;
	const char *title_rest_text;
	int title_rest_line;
	enum hb_label start;
	bool in_answer;		/* record: inside an answer region */
	const char *section;
	/* prose between questions */
	const struct hb_blk **prose;
	size_t nprose, capprose;
};

static void
add_blk(const struct hb_blk ***v, size_t *n, size_t *cap,
    const struct hb_blk *b)
{
	*v = hb_xgrow(*v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = b;
}

static struct hb_part *
new_part(struct cut *c, enum hb_part_kind kind, int line)
{
	struct hb_part *p;

	c->parts = hb_xgrow(c->parts, &c->capparts, c->nparts + 1,
	    sizeof(*c->parts));
	p = &c->parts[c->nparts++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->line = line;
	return p;
}

/* Prose parts keep their blocks until the end, when the parts array
 * has its final address and spans can point into it. */
struct prose_span {
	size_t part;
	const struct hb_blk **blks;
	size_t n;
};

static void
flush_prose(struct cut *c, struct prose_span **ps, size_t *nps,
    size_t *capps)
{
	struct hb_buf md;
	struct hb_part *p;
	size_t i;

	if (c->nprose == 0)
		return;
	for (i = 0; i < c->nprose; i++) {
		if (hb_qa_has_choices(c->prose[i])) {
			struct hb_pos pos = { c->x->doc->path,
				c->prose[i]->line, c->prose[i]->col };

			hb_diag_warning(c->x->d, &pos, "choices outside any "
			    "question");
			hb_diag_note(c->x->d, &pos, "put them under the "
			    "question they belong to");
		}
	}
	hb_buf_init(&md, HB_BUF_NOCAP);
	for (i = 0; i < c->nprose; i++) {
		if (md.len > 0)
			hb_buf_puts(&md, "\n\n");
		hb_extract_markdown(c->x->pdoc, c->prose[i], &md);
	}
	p = new_part(c, HB_PART_PROSE, c->prose[0]->line);
	p->markdown = hb_extract_finish_text(c->x, &md);
	p->text = hb_extract_text(c->x, c->prose, c->nprose, false, true);
	hb_buf_fini(&md);
	*ps = hb_xgrow(*ps, capps, *nps + 1, sizeof(**ps));
	(*ps)[*nps].part = c->nparts - 1;
	(*ps)[*nps].blks = c->prose;
	(*ps)[*nps].n = c->nprose;
	(*nps)++;
	c->prose = NULL;
	c->nprose = 0;
	c->capprose = 0;
}

/* ---- titles, numbers, ids ---- */

/* Splits "3. title", "Q3: title" or "3、title" into number and title. */
static const char *
split_number(struct hb_arena *a, const char *t, const char **number)
{
	size_t i = 0, j, sep = 0;

	*number = NULL;
	if (t[0] == 'Q' || t[0] == 'q')
		i = 1;
	j = i;
	while (t[j] >= '0' && t[j] <= '9')
		j++;
	if (j == i || j - i > 4)
		return t;
	if (t[j] == '.' || t[j] == ':' || t[j] == ')')
		sep = 1;
	else if (hb_starts_with(t + j, "、") || hb_starts_with(t + j, "．") ||
	    hb_starts_with(t + j, "：") || hb_starts_with(t + j, "）"))
		sep = 3;
	if (sep == 0 || (sep == 1 && t[j] == '.' && t[j + 1] >= '0' &&
	    t[j + 1] <= '9'))
		return t;	/* "1.18 版本" is not a number prefix */
	*number = hb_arena_strndup(a, t + i, j - i);
	t += j + sep;
	while (*t == ' ' || *t == '\t')
		t++;
	return *t ? t : t - sep;
}

/* A trailing "{#id}" gives an explicit id. */
static const char *
explicit_id(struct hb_arena *a, const char *t, const char **id)
{
	size_t n = strlen(t);
	const char *open;

	*id = NULL;
	t = hb_trim(t, &n);
	if (n < 4 || t[n - 1] != '}')
		return hb_arena_strndup(a, t, n);
	open = NULL;
	for (size_t i = n; i-- > 0;)
		if (t[i] == '{') {
			open = t + i;
			break;
		}
	if (open == NULL || open[1] != '#' || open + 2 >= t + n - 1)
		return hb_arena_strndup(a, t, n);
	*id = hb_arena_strndup(a, open + 2, (size_t)(t + n - 1 - open - 2));
	n = (size_t)(open - t);
	t = hb_trim(t, &n);
	return hb_arena_strndup(a, t, n);
}

static const char *
slug_of(struct hb_arena *a, const char *s)
{
	struct hb_buf b;
	const char *r;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_slugify(&b, s, strlen(s), MAX_SLUG_CP);
	hb_name_cap(&b, 0, HB_MAX_ID_BYTES);
	r = hb_arena_strndup(a, hb_buf_str(&b), b.len);
	hb_buf_fini(&b);
	return r;
}

/* The first line of a paragraph's text, trimmed. */
static const char *
first_line(struct hb_arena *a, const char *text)
{
	size_t n = strcspn(text, "\n");

	text = hb_trim(text, &n);
	return hb_arena_strndup(a, text, n);
}

/* ---- collecting questions ---- */

static void
open_question(struct cut *c, const char *title, int line, int col)
{
	struct hb_arena *a = &c->x->doc->arena;
	const char *id = NULL;

	memset(&c->cur, 0, sizeof(c->cur));
	title = explicit_id(a, title, &id);
	c->cur.title = split_number(a, title, &c->cur.number);
	c->cur.base_id = id;
	c->cur.id_explicit = id != NULL;
	c->cur.id_line = line;
	c->cur.line = line;
	c->cur.col = col;
	c->cur.section = c->section;
	c->nblks = 0;
	c->title_rest = NULL;
	c->title_rest_text = NULL;
	c->open = true;
	c->in_answer = false;
}

/* "map 遍历是无序的，不能保证..." with nothing under it states its own
 * answer: the first clause is the title, the rest the answer. A title
 * that asks something is an open question instead. */
static void
split_statement(struct cut *c)
{
	static const char *const seps[] = { "，", "；", "。", ", ", NULL };
	struct hb_question *q = &c->cur;
	const char *best = NULL;
	size_t i, seplen = 0;

	if (c->nblks > 0 || c->title_rest != NULL ||
	    hb_qa_asks(q->title) ||
	    hb_utf8_len(q->title, strlen(q->title)) < 16)
		return;
	for (i = 0; seps[i]; i++) {
		const char *p = strstr(q->title, seps[i]);

		if (p != NULL && (best == NULL || p < best)) {
			best = p;
			seplen = strlen(seps[i]);
		}
	}
	if (best == NULL || best == q->title || best[seplen] == '\0')
		return;
	c->title_rest = hb_arena_strdup(&c->x->doc->arena, best + seplen);
	c->title_rest_text = c->title_rest;	/* a title is plain text */
	c->title_rest_line = q->line;
	q->title = hb_arena_strndup(&c->x->doc->arena, q->title,
	    (size_t)(best - q->title));
}

static void
close_question(struct cut *c)
{
	struct hb_qbody body;
	struct hb_question *q;
	struct hb_part *p;

	if (!c->open)
		return;
	c->open = false;
	if (c->x->doc->layout == HB_LAYOUT_LIST)
		split_statement(c);
	c->qs = hb_xgrow(c->qs, &c->capq, c->nq + 1, sizeof(*c->qs));
	q = &c->qs[c->nq++];
	*q = c->cur;
	p = new_part(c, HB_PART_QUESTION, q->line);
	p->question = c->nq - 1;
	/* qa.c reads the body once the questions array has its final
	 * address (its spans point into it); keep the body until then. */
	c->bodies = hb_xgrow(c->bodies, &c->capbodies, c->nq,
	    sizeof(*c->bodies));
	body.blks = hb_xmalloc((c->nblks + 1) * sizeof(*body.blks));
	if (c->nblks > 0)
		memcpy(body.blks, c->blks, c->nblks * sizeof(*body.blks));
	body.nblks = c->nblks;
	body.title_rest = c->title_rest;
	body.title_rest_text = c->title_rest_text;
	body.title_rest_line = c->title_rest_line;
	body.start = c->start;
	c->bodies[c->nq - 1] = body;
	q->index = c->nq - 1;
	c->nblks = 0;
}

static void
append(struct cut *c, const struct hb_blk *b)
{
	if (c->open) {
		add_blk(&c->blks, &c->nblks, &c->capblks, b);
		return;
	}
	add_blk(&c->prose, &c->nprose, &c->capprose, b);
}

/* ---- layouts ---- */

static bool
is_heading(const struct hb_blk *b, int maxlevel)
{
	return b != NULL && b->type == HB_BLK_HEADING && b->level <= maxlevel;
}

/* Record: headings directly followed by a prompt or candidate label.
 * Returns the most common such level, or 0. */
static int
record_level(const struct hb_blk *root)
{
	int count[7] = { 0 }, best = 0, labels = 0;
	const struct hb_blk *b, *n;

	for (b = root->first; b != NULL; b = b->next) {
		enum hb_label k = hb_qa_label(b);

		if (k != HB_LABEL_NONE)
			labels++;
		if (b->type != HB_BLK_HEADING)
			continue;
		n = hb_blk_next_sibling_skip_rules(b);
		if (n == NULL)
			continue;
		k = hb_qa_label(n);
		if (k == HB_LABEL_PROMPT || k == HB_LABEL_CANDIDATE)
			count[b->level]++;
	}
	if (labels < 2)
		return 0;
	for (int l = 2; l <= 6; l++)
		if (count[l] > count[best])
			best = l;
	return count[best] > 0 ? best : 0;
}

/* A heading or list item that asks (guide.h: whole English words, not
 * "when" inside a sentence of facts). */
static bool
asks(const char *text)
{
	return hb_guide_title(text, NULL) == HB_LEAN_QUESTION;
}

/* The same for the first line of a paragraph (a list item's title). */
static bool
first_line_asks(const char *text)
{
	char line[512];
	size_t n = strcspn(text, "\n");

	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	memcpy(line, text, n);
	line[n] = '\0';
	return asks(line) || hb_guide_qa_marker(line, NULL);
}

/* Headings with content under them: the most common level (the higher
 * one on a tie: sub-headings live inside answers). */
static int
headings_level(const struct hb_blk *root, int *units, int *qlike)
{
	int count[7] = { 0 }, ql[7] = { 0 }, best = 0;
	const struct hb_blk *b, *n;

	for (b = root->first; b != NULL; b = b->next) {
		if (b->type != HB_BLK_HEADING || b->level < 2)
			continue;
		n = hb_blk_next_sibling_skip_rules(b);
		if (n == NULL || n->type == HB_BLK_HEADING)
			continue;
		count[b->level]++;
		if (asks(b->text) || (b->text[0] >= '0' && b->text[0] <= '9'))
			ql[b->level]++;
	}
	for (int l = 2; l <= 6; l++)
		if (count[l] > count[best])
			best = l;
	*units = count[best];
	*qlike = ql[best];
	return count[best] > 0 ? best : 0;
}

/* Ordered-list items at the top level; *qlike counts those that ask
 * something (or start with a Q&A marker), *body those with an answer
 * under them. */
static int
list_units(const struct hb_blk *root, int *qlike, int *answered)
{
	const struct hb_blk *b, *it;
	int n = 0;

	*qlike = 0;
	*answered = 0;
	for (b = root->first; b != NULL; b = b->next) {
		if (b->type != HB_BLK_LIST || !b->ordered)
			continue;
		for (it = b->first; it != NULL; it = it->next) {
			const struct hb_blk *nx = b->next;
			bool body = it->first != NULL && it->first->next != NULL;

			/* The last item owns blocks pushed out of the list. */
			if (it->next == NULL && nx != NULL &&
			    nx->type != HB_BLK_HEADING && nx->type != HB_BLK_LIST)
				body = true;
			n++;
			if (body)
				(*answered)++;
			if (it->first != NULL &&
			    it->first->type == HB_BLK_PARAGRAPH &&
			    first_line_asks(it->first->text))
				(*qlike)++;
		}
	}
	return n;
}

/* Evidence in the body: Q&A markers ("答：", "Q:", "**答案**:"
 * labels), and how much prose there is. One walk over the top-level
 * blocks and the blocks of their items (no recursion). */
struct body {
	const char *marker;
	int paragraphs;
	size_t prose;
};

static void
body_evidence(const struct hb_blk *root, struct body *bd)
{
	const struct hb_blk *b, *c;

	memset(bd, 0, sizeof(*bd));
	for (b = root->first; b != NULL; b = b->next) {
		const struct hb_blk *first = b, *stop = b->next;

		/* A list's items: look at their first blocks too. */
		if (b->type == HB_BLK_LIST)
			for (c = b->first; c != NULL && bd->marker == NULL;
			    c = c->next)
				if (c->first != NULL && c->first->type ==
				    HB_BLK_PARAGRAPH)
					hb_guide_qa_marker(c->first->text,
					    &bd->marker);
		for (c = first; c != stop; c = c->next) {
			if (c->type != HB_BLK_PARAGRAPH)
				continue;
			bd->paragraphs++;
			bd->prose += strlen(c->text);
			if (bd->marker == NULL && !hb_guide_qa_marker(c->text,
			    &bd->marker) && hb_qa_label(c) != HB_LABEL_NONE)
				bd->marker = c->lead;
		}
	}
}

/* Decides a document's layout from its own evidence, written to ev for
 * `check --explain`. When that is not enough (a title that neither asks
 * nor names a guide, no Q&A markers) the document reads as one question
 * for now and *by_section says so: its folder decides (guide.h), or
 * *lean_guide when the folder does not. */
static enum hb_layout
detect(struct hb_extract *x, const struct hb_blk *root, const char *title,
    int *level, struct hb_buf *ev, bool *by_section, bool *lean_guide)
{
	int rl = record_level(root), hu, hq, lu, lq, la, hl;
	const char *t = x->front->title ? x->front->title : title;
	const char *why = NULL, *coll = NULL;
	enum hb_lean tl = hb_guide_title(t, &why);
	bool named = hb_guide_names_questions(t, &coll);
	struct body bd;

	*by_section = false;
	*lean_guide = false;
	if (rl > 0) {
		*level = rl;
		hb_buf_puts(ev, "interview labels (a prompt or the candidate's "
		    "answer) under its headings");
		return HB_LAYOUT_RECORD;
	}
	hl = headings_level(root, &hu, &hq);
	lu = list_units(root, &lq, &la);
	*level = hl;
	/* A title that asks ("…有什么作用？") makes the page one question:
	 * its sections and numbered points are the answer's structure. */
	if (t != NULL && tl == HB_LEAN_QUESTION) {
		hb_buf_printf(ev, "its title asks (%s%s%s)", why ? "'" : "",
		    why ? why : "a prompt", why ? "'" : "");
		return HB_LAYOUT_SINGLE;
	}
	/* A numbered list is questions when its items read as questions
	 * (a third of them at least: the rest are terse siblings), not
	 * because they have text under them. Under a guide's title such a
	 * list is the guide's questions (cut_guide). */
	if (tl != HB_LEAN_GUIDE && lu >= 2 && lq >= 2 && lq > hq &&
	    3 * lq >= lu) {
		hb_buf_printf(ev, "%d of its %d numbered items ask", lq, lu);
		return HB_LAYOUT_LIST;
	}
	/* A title that names questions ("Go 面试题", "FAQ"): items with
	 * an answer under them are questions, however terse. */
	if (named && tl != HB_LEAN_GUIDE && lu >= 2 && lq + la >= 2 &&
	    lq + la > hq && 2 * (lq + la) >= lu) {
		hb_buf_printf(ev, "its title names questions ('%s'), %d of its "
		    "%d numbered items ask or have an answer", coll,
		    lq + la > lu ? lu : lq + la, lu);
		return HB_LAYOUT_LIST;
	}
	/* Questions as headings: at least half of them ask (whatever the
	 * title calls the page: "…面试指南" of questions), or all of them
	 * under a title that names questions. */
	if (hu >= 2 && ((hq >= 2 && 2 * hq >= hu) || (named &&
	    tl != HB_LEAN_GUIDE))) {
		if (named && !(hq >= 2 && 2 * hq >= hu))
			hb_buf_printf(ev, "its title names questions ('%s'), "
			    "%d headings", coll, hu);
		else
			hb_buf_printf(ev, "%d of its %d headings ask", hq, hu);
		return HB_LAYOUT_HEADINGS;
	}
	if (tl == HB_LEAN_GUIDE) {
		hb_buf_printf(ev, "its title names a guide ('%s')", why);
		return HB_LAYOUT_GUIDE;
	}
	body_evidence(root, &bd);
	if (bd.marker != NULL) {
		hb_buf_printf(ev, "Q&A marker '%s'", bd.marker);
		return HB_LAYOUT_SINGLE;
	}
	/* Not enough on its own. Headings that do not ask, or long prose,
	 * lean to a guide. */
	*by_section = true;
	*lean_guide = (hu >= 2 && 2 * hq < hu) || (bd.paragraphs >= 4 &&
	    bd.prose >= 1500);
	if (t == NULL)
		hb_buf_puts(ev, "no title of its own");
	else
		hb_buf_printf(ev, "its title '%s' neither asks nor names a "
		    "guide", t);
	if (hu >= 2)
		hb_buf_printf(ev, ", %d of %d headings ask", hq, hu);
	if (lu >= 2)
		hb_buf_printf(ev, ", %d of %d numbered items ask", lq, lu);
	if (bd.paragraphs >= 4 && bd.prose >= 1500)
		hb_buf_printf(ev, ", long prose (%d paragraphs)",
		    bd.paragraphs);
	return HB_LAYOUT_SINGLE;
}

static void
cut_single(struct cut *c, const struct hb_blk *root,
    const struct hb_blk *title_h1)
{
	const struct hb_front *f = c->x->front;
	struct hb_document *doc = c->x->doc;
	const struct hb_blk *b;
	int line = title_h1 ? title_h1->line :
	    (f->kind != HB_FRONT_NONE ? 1 : hb_doc_first_line(c->x->pdoc));

	/* Nothing to ask and nothing said: an empty file, not a question. */
	if (f->title == NULL && title_h1 == NULL && root->first == NULL)
		return;
	open_question(c, doc->title, line, 1);
	/* Front matter names a single question; keep its number-like
	 * title intact. */
	if (f->title != NULL) {
		c->cur.title = doc->title;
		c->cur.number = NULL;
	}
	if (f->id != NULL || f->slug != NULL) {
		c->cur.base_id = f->id ? f->id : f->slug;
		c->cur.id_explicit = true;
		c->cur.id_line = f->id ? f->id_line : 1;
	}
	c->start = HB_LABEL_ANSWER;
	for (b = root->first; b != NULL; b = b->next)
		if (b != title_h1)
			append(c, b);
	/* An intro with no questions is its section's prose (build.c):
	 * its text is the whole body's, code included. */
	if (doc->role == HB_DOC_INTRO)
		doc->intro_text = hb_extract_text(c->x, c->blks, c->nblks,
		    false, true);
	close_question(c);
}

/* Reads the list number at an item's marker. */
static const char *
item_number(struct hb_extract *x, const struct hb_blk *it)
{
	size_t len, i;
	const char *s = hb_doc_line(x->pdoc, it->line, &len);

	if (s == NULL)
		return NULL;
	i = it->col > 0 ? (size_t)it->col - 1 : 0;
	while (i < len && (s[i] == ' ' || s[i] == '>'))
		i++;
	if (i >= len || s[i] < '0' || s[i] > '9')
		return NULL;
	{
		size_t j = i;

		while (j < len && s[j] >= '0' && s[j] <= '9')
			j++;
		return hb_arena_strndup(&x->doc->arena, s + i, j - i);
	}
}

static void
open_item(struct cut *c, const struct hb_blk *it)
{
	struct hb_extract *x = c->x;
	const struct hb_blk *p = it->first, *k;
	const char *title = "";

	if (p != NULL && p->type == HB_BLK_PARAGRAPH)
		title = first_line(&x->doc->arena, p->text);
	if (title[0] == '\0') {
		struct hb_pos pos = { x->doc->path, it->line, it->col };

		hb_diag_warning(x->d, &pos, "list item has no question text "
		    "on its first line");
		title = "(untitled)";
		p = NULL;
	}
	open_question(c, title, it->line, it->col);
	/* The marker's number is the question's number; a number typed
	 * in the text ("1. 3. foo") stays part of the title. */
	c->cur.title = title;
	{
		const char *id = NULL;

		c->cur.title = explicit_id(&x->doc->arena, title, &id);
		c->cur.base_id = id;
		c->cur.id_explicit = id != NULL;
	}
	c->cur.number = item_number(x, it);
	c->start = HB_LABEL_ANSWER;
	if (p != NULL && p->end_line > p->line) {
		struct hb_buf md;
		int dedent = p->col - 1;

		/* The rest of the first paragraph answers the title. */
		hb_buf_init(&md, HB_BUF_NOCAP);
		hb_doc_slice(x->pdoc, p->line + 1, p->end_line, dedent, 0, &md);
		c->title_rest = hb_extract_finish_text(x, &md);
		c->title_rest_line = p->line + 1;
		/* and its plain text: the paragraph's after the first
		 * line break, as the title is the text before it */
		hb_buf_reset(&md);
		hb_blk_plain(p, 0, &md);
		{
			const char *nl = strchr(hb_buf_str(&md), '\n');
			size_t n = nl != NULL ? strlen(nl + 1) : 0;
			const char *t = hb_trim(nl != NULL ? nl + 1 : "", &n);

			c->title_rest_text = hb_arena_strndup(&x->doc->arena,
			    t, n);
		}
		hb_buf_fini(&md);
	}
	for (k = p ? p->next : it->first; k != NULL; k = k->next)
		append(c, k);
}

static void
cut_list(struct cut *c, const struct hb_blk *root,
    const struct hb_blk *title_h1, struct prose_span **ps, size_t *nps,
    size_t *capps)
{
	const struct hb_blk *b, *it;

	for (b = root->first; b != NULL; b = b->next) {
		if (b == title_h1)
			continue;
		if (b->type == HB_BLK_HEADING) {
			struct hb_part *p;

			close_question(c);
			flush_prose(c, ps, nps, capps);
			p = new_part(c, HB_PART_HEADING, b->line);
			p->level = b->level;
			p->text = explicit_id(&c->x->doc->arena, b->text,
			    &p->anchor);
			c->section = p->text;
			continue;
		}
		if (b->type == HB_BLK_LIST && b->ordered) {
			flush_prose(c, ps, nps, capps);
			for (it = b->first; it != NULL; it = it->next) {
				close_question(c);
				open_item(c, it);
			}
			continue;
		}
		append(c, b);
	}
	close_question(c);
	flush_prose(c, ps, nps, capps);
}

/* Record layout: a heading above the question level that starts an
 * answer's own structure ("### GMP:" right after "**标准答案参考**:")
 * belongs to the answer; one followed by another heading is a section. */
static bool
absorbs(const struct cut *c, const struct hb_blk *b, int level)
{
	const struct hb_blk *n = hb_blk_next_sibling_skip_rules(b);

	return c->open && c->in_answer && b->level >= 2 &&
	    !is_heading(n, level) && n != NULL;
}

static void
cut_headings(struct cut *c, const struct hb_blk *root,
    const struct hb_blk *title_h1, int level, struct prose_span **ps,
    size_t *nps, size_t *capps)
{
	bool record = c->x->doc->layout == HB_LAYOUT_RECORD;
	const struct hb_blk *b;

	c->start = record ? HB_LABEL_PROMPT : HB_LABEL_ANSWER;
	for (b = root->first; b != NULL; b = b->next) {
		if (b == title_h1)
			continue;
		if (b->type == HB_BLK_HEADING && b->level == level) {
			close_question(c);
			flush_prose(c, ps, nps, capps);
			open_question(c, b->text, b->line, b->col);
			continue;
		}
		if (b->type == HB_BLK_HEADING && b->level < level) {
			struct hb_part *p;

			if (record && absorbs(c, b, level)) {
				append(c, b);
				continue;
			}
			close_question(c);
			flush_prose(c, ps, nps, capps);
			p = new_part(c, HB_PART_HEADING, b->line);
			p->level = b->level;
			p->text = explicit_id(&c->x->doc->arena, b->text,
			    &p->anchor);
			if (b->level >= 2 || title_h1 != NULL)
				c->section = p->text;
			continue;
		}
		/* A rule between questions only separates them. */
		if (b->type == HB_BLK_RULE && c->open) {
			const struct hb_blk *n = hb_blk_next_sibling_skip_rules(b);

			if (n == NULL || is_heading(n, level))
				continue;
		}
		if (c->open && b->type == HB_BLK_PARAGRAPH) {
			enum hb_label k = hb_qa_label(b);

			if (k == HB_LABEL_REFERENCE || k == HB_LABEL_ANSWER ||
			    k == HB_LABEL_CANDIDATE)
				c->in_answer = true;
			else if (k != HB_LABEL_NONE)
				c->in_answer = false;
		}
		append(c, b);
	}
	close_question(c);
	flush_prose(c, ps, nps, capps);
}

/* A heading or paragraph that introduces questions to practise:
 * "Practice questions", "Exercises", "面试题", "思考题", "练习". */
static bool
introduces_questions(const char *text)
{
	static const char *const words[] = { "question", "practice",
		"exercise", "quiz", "problems", "self-check", "题", "问题",
		"练习", "思考", "自测", NULL };
	char low[256];
	size_t i, n = strlen(text);

	if (n >= sizeof(low))
		n = sizeof(low) - 1;
	for (i = 0; i < n; i++)
		low[i] = text[i] >= 'A' && text[i] <= 'Z' ?
		    (char)(text[i] - 'A' + 'a') : text[i];
	low[n] = '\0';
	for (i = 0; words[i] != NULL; i++)
		if (strstr(low, words[i]) != NULL)
			return true;
	return false;
}

/* A list of questions in a guide: a numbered list that reads as one
 * (as on a list page: two items ask, a third of them at least), or
 * a bullet list said to be questions whose items all ask. */
static bool
question_list(const struct hb_blk *b, bool introduced)
{
	const struct hb_blk *it;
	int n = 0, ask = 0;

	if (b->type != HB_BLK_LIST)
		return false;
	for (it = b->first; it != NULL; it = it->next, n++)
		if (it->first != NULL && it->first->type == HB_BLK_PARAGRAPH &&
		    first_line_asks(it->first->text))
			ask++;
	if (b->ordered && ask >= 2 && 3 * ask >= n)
		return true;
	return introduced && ask >= 2 && ask == n;
}

/* Guide: prose (its headings stay in it, for the page's own list of
 * contents), and its lists of questions as questions. */
static void
cut_guide(struct cut *c, const struct hb_blk *root,
    const struct hb_blk *title_h1, struct prose_span **ps, size_t *nps,
    size_t *capps)
{
	const struct hb_blk *b, *it;
	const char *intro = NULL;	/* the heading or paragraph before */

	c->start = HB_LABEL_ANSWER;
	for (b = root->first; b != NULL; b = b->next) {
		if (b == title_h1)
			continue;
		if (b->type == HB_BLK_HEADING && b->level >= 2) {
			c->section = hb_arena_strdup(&c->x->doc->arena,
			    b->text);
			intro = b->text;
		} else if (b->type == HB_BLK_PARAGRAPH) {
			intro = b->text;
		}
		/* Bullet points to ask the interviewer stay prose. */
		if (question_list(b, intro != NULL &&
		    introduces_questions(intro))) {
			flush_prose(c, ps, nps, capps);
			for (it = b->first; it != NULL; it = it->next) {
				close_question(c);
				open_item(c, it);
			}
			close_question(c);
			continue;
		}
		append(c, b);
	}
	flush_prose(c, ps, nps, capps);
}

/* The document title: front matter, else the first H1 before any other
 * heading, else the file name without its extension. */
static const struct hb_blk *
title_heading(const struct hb_blk *root)
{
	const struct hb_blk *b;

	for (b = root->first; b != NULL; b = b->next) {
		if (b->type == HB_BLK_HEADING)
			return b->level == 1 ? b : NULL;
		if (b->type != HB_BLK_HTML)
			return NULL;	/* content before any heading */
	}
	return NULL;
}

static const char *
file_stem(struct hb_arena *a, const char *path)
{
	const char *base = strrchr(path, '/'), *dot;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	return hb_arena_strndup(a, base, dot && dot != base ?
	    (size_t)(dot - base) : strlen(base));
}

static enum hb_layout
forced_layout(const char *name)
{
	if (strcmp(name, "record") == 0)
		return HB_LAYOUT_RECORD;
	if (strcmp(name, "list") == 0)
		return HB_LAYOUT_LIST;
	if (strcmp(name, "headings") == 0)
		return HB_LAYOUT_HEADINGS;
	if (strcmp(name, "guide") == 0)
		return HB_LAYOUT_GUIDE;
	return HB_LAYOUT_SINGLE;	/* single, question */
}

/* ---- scorecard lines ---- */

/* The first "[ ]", "[x]" or "[X]" in s, or NULL. */
static const char *
next_box(const char *s)
{
	for (; *s; s++)
		if (s[0] == '[' && (s[1] == ' ' || s[1] == 'x' ||
		    s[1] == 'X') && s[2] == ']')
			return s;
	return NULL;
}

/* Reads "- **Go语言基础**: [x] 优秀 [ ] 良好" and "- [ ] 通过" lines of
 * one prose part's Markdown into doc->marks (issue #13: pages get them
 * from the model instead of scanning text again). */
static void
read_marks(struct hb_document *doc, const struct hb_part *part,
    struct hb_mark **v, size_t *n, size_t *cap)
{
	struct hb_arena *a = &doc->arena;
	const char *s = part->markdown;

	while (s != NULL && *s) {
		const char *eol = strchr(s, '\n');
		size_t len = eol ? (size_t)(eol - s) : strlen(s);
		char *line = hb_arena_strndup(a, s, len), *p = line, *label;
		const char *box;
		struct hb_mark *m;
		size_t ln, nopt = 0;

		s = eol ? eol + 1 : NULL;
		while (*p == ' ' || *p == '-' || *p == '*' || *p == '+')
			p++;
		box = next_box(p);
		if (box == NULL)
			continue;
		/* The label: the text before the first box, without the
		 * bold markers and the colon. */
		ln = (size_t)(box - p);
		label = hb_arena_strndup(a, p, ln);
		{
			char *q, *w;

			for (q = w = label; *q; q++)
				if (*q != '*')
					*w++ = *q;
			*w = '\0';
		}
		ln = strlen(label);
		while (ln > 0 && (label[ln - 1] == ' ' || label[ln - 1] == ':'))
			label[--ln] = '\0';
		if (ln >= 3 && strcmp(label + ln - 3, "：") == 0)
			label[ln - 3] = '\0';
		*v = hb_xgrow(*v, cap, *n + 1, sizeof(**v));
		m = &(*v)[(*n)++];
		m->label = label;
		m->line = part->line;
		for (const char *b = box; b != NULL; b = next_box(b + 3))
			nopt++;
		m->options = hb_arena_alloc(a, nopt * sizeof(*m->options));
		m->noptions = 0;
		while (box != NULL) {
			const char *t = box + 3, *next = next_box(t);
			size_t tn = next ? (size_t)(next - t) : strlen(t);
			struct hb_mark_option *o = &m->options[m->noptions++];

			t = hb_trim(t, &tn);
			o->checked = box[1] != ' ';
			o->text = hb_arena_strndup(a, t, tn);
			box = next;
		}
	}
}

static void
marks_of(struct hb_document *doc)
{
	struct hb_mark *v = NULL;
	size_t i, n = 0, cap = 0;

	for (i = 0; i < doc->nparts; i++)
		if (doc->parts[i].kind == HB_PART_PROSE &&
		    doc->parts[i].markdown != NULL)
			read_marks(doc, &doc->parts[i], &v, &n, &cap);
	doc->marks = n ? hb_arena_memdup(&doc->arena, v, n * sizeof(*v)) :
	    NULL;
	doc->nmarks = n;
	free(v);
}

void
hb_layout_extract(struct hb_extract *x)
{
	struct hb_document *doc = x->doc;
	struct hb_arena *a = &doc->arena;
	const struct hb_blk *root = hb_doc_root(x->pdoc), *h1;
	struct prose_span *ps = NULL;
	size_t nps = 0, capps = 0, i;
	struct cut c;
	int level = 0, dummy;
	struct hb_buf ev;
	const char *forced = x->front->layout;

	memset(&c, 0, sizeof(c));
	c.x = x;
	h1 = title_heading(root);
	if (x->front->title != NULL && x->front->title[0] != '\0') {
		doc->title = hb_arena_strdup(a, x->front->title);
		/* With a front-matter title, an H1 that says something
		 * else is content, not the title. */
		if (h1 != NULL && strcmp(h1->text, doc->title) != 0)
			h1 = NULL;
	} else if (h1 != NULL) {
		doc->title = explicit_id(a, h1->text, &(const char *){ NULL });
	} else {
		doc->title = file_stem(a, doc->path);
	}
	hb_buf_init(&ev, HB_BUF_NOCAP);
	if (forced == NULL && x->layout_rule != NULL)
		forced = x->layout_rule;
	if (forced != NULL) {
		doc->layout = forced_layout(forced);
		if (doc->layout == HB_LAYOUT_RECORD)
			level = record_level(root);
		if (level == 0)
			level = headings_level(root, &dummy, &dummy);
		if (level == 0)
			level = 2;
		if (forced == x->front->layout)
			hb_buf_printf(&ev, "front matter 'layout: %s'", forced);
		else
			hb_buf_printf(&ev, "handbook.yml layouts: '%s' is %s",
			    x->layout_rule_glob, forced);
	} else {
		doc->layout = detect(x, root, h1 ? h1->text : NULL, &level,
		    &ev, &doc->why.by_section, &doc->why.lean_guide);
		/* A section's intro is its intro whatever it reads as. */
		if (doc->role == HB_DOC_INTRO)
			doc->why.by_section = false;
	}
	doc->why.evidence = hb_extract_finish_text(x, &ev);
	hb_buf_fini(&ev);
	switch (doc->layout) {
	case HB_LAYOUT_SINGLE:
		cut_single(&c, root, h1);
		break;
	case HB_LAYOUT_LIST:
		cut_list(&c, root, h1, &ps, &nps, &capps);
		break;
	case HB_LAYOUT_GUIDE:
		cut_guide(&c, root, h1, &ps, &nps, &capps);
		break;
	default:
		cut_headings(&c, root, h1, level, &ps, &nps, &capps);
		break;
	}
	/* Final arrays: now spans may point into them. */
	doc->questions = hb_arena_memdup(a, c.qs, c.nq * sizeof(*c.qs));
	doc->nquestions = c.nq;
	doc->parts = hb_arena_memdup(a, c.parts, c.nparts * sizeof(*c.parts));
	doc->nparts = c.nparts;
	for (i = 0; i < doc->nquestions; i++) {
		struct hb_question *q = &doc->questions[i];

		q->doc = doc;
		hb_qa_extract(x, q, &c.bodies[i]);
		free(c.bodies[i].blks);
		if (q->base_id == NULL || q->base_id[0] == '\0')
			q->base_id = slug_of(a, q->title);
		if (q->base_id[0] == '\0')
			q->base_id = hb_arena_printf(a, "%s-%zu", doc->slug,
			    i + 1);
	}
	free(c.bodies);
	for (i = 0; i < nps; i++) {
		hb_extract_span(x, x->pdoc, ps[i].blks, ps[i].n, false,
		    &doc->parts[ps[i].part].html);
		free(ps[i].blks);
	}
	free(ps);
	free(c.qs);
	free(c.parts);
	free(c.blks);
	free(c.prose);
	marks_of(doc);
}
