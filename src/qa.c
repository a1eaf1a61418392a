/* Stage 5b: one question's blocks -> prompt, answers, review, choices,
 * code blocks and status. Interview records label their parts with a
 * bold lead ("**面试官**:", "**候选人回答区域**:", ...); the part that
 * follows a label is its region. A region that is one plain fenced
 * block (``` with no language) is text the author boxed, not code: its
 * content is read as Markdown, parsed as a fragment with true line
 * numbers. Reviews are read line by line: ✅ pros, ⚠️ cons, a rating
 * line "总体评价：良好 ⭐⭐⭐⭐", then the summary. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "extract.h"
#include "parse.h"
#include "qa.h"
#include "str.h"
#include "xalloc.h"

#define MAX_LABEL_CP 16

/* ---- labels ---- */

static bool
contains(const char *s, const char *w)
{
	return strstr(s, w) != NULL;
}

static bool
contains_ci(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (; *s; s++)
		if (strncasecmp(s, w, n) == 0)
			return true;
	return false;
}

static enum hb_label
classify(const char *t)
{
	/* Review first: "面试官点评" also names the interviewer. */
	if (contains(t, "点评") || contains(t, "评价") || contains(t, "评语") ||
	    contains_ci(t, "review") || contains_ci(t, "feedback"))
		return HB_LABEL_REVIEW;
	if (contains(t, "标准答案") || contains(t, "参考答案") ||
	    contains(t, "答案参考") || contains(t, "参考解答") ||
	    contains_ci(t, "reference") || contains_ci(t, "model answer"))
		return HB_LABEL_REFERENCE;
	if (contains(t, "候选人") || contains(t, "应聘者") ||
	    contains_ci(t, "candidate"))
		return HB_LABEL_CANDIDATE;
	if (contains(t, "面试官") || contains(t, "题目") ||
	    strcmp(t, "问题") == 0 || contains_ci(t, "interviewer") ||
	    strcasecmp(t, "question") == 0)
		return HB_LABEL_PROMPT;
	if (contains(t, "答案") || contains(t, "解答") || contains(t, "回答") ||
	    strcasecmp(t, "answer") == 0)
		return HB_LABEL_ANSWER;
	return HB_LABEL_NONE;
}

/* True when s starts with ':' or '：' (after spaces). */
static bool
colon_next(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == ':' || hb_starts_with(s, "：") || *s == '\0' ||
	    *s == '\n';
}

enum hb_label
hb_qa_label(const struct hb_blk *b)
{
	char t[128];
	size_t n;
	const char *s;

	if (b->type != HB_BLK_PARAGRAPH || b->lead == NULL)
		return HB_LABEL_NONE;
	n = strlen(b->lead);
	s = hb_trim(b->lead, &n);
	/* "**答案：**" carries its colon inside the bold text. */
	if (n >= 3 && memcmp(s + n - 3, "：", 3) == 0)
		n -= 3;
	else if (n >= 1 && s[n - 1] == ':')
		n--;
	else if (!colon_next(b->text + strlen(b->lead)))
		return HB_LABEL_NONE;
	s = hb_trim(s, &n);
	if (n == 0 || n >= sizeof(t) || hb_utf8_len(s, n) > MAX_LABEL_CP)
		return HB_LABEL_NONE;
	memcpy(t, s, n);
	t[n] = '\0';
	return classify(t);
}

/* ---- small text helpers ---- */

static const char *const qwords[] = {
	"？", "?", "什么", "如何", "为什么", "为何", "怎么", "怎样", "哪些",
	"哪个", "区别", "原理", "是否", "吗", "简述", "请", "说说", "谈谈",
	"介绍", "解释", "描述", "实现", "对比", "作用", "流程", "机制", NULL
};

static const char *const qwords_en[] = {
	"what", "how", "why", "when", "which", "explain", "describe",
	"difference", "compare", NULL
};

/* True when s contains a word of zh (exactly) or en (any case). */
static bool
mentions(const char *s, const char *const *zh, const char *const *en)
{
	size_t i;

	for (i = 0; zh[i] != NULL; i++)
		if (strstr(s, zh[i]) != NULL)
			return true;
	for (i = 0; en[i] != NULL; i++)
		if (contains_ci(s, en[i]))
			return true;
	return false;
}

bool
hb_qa_is_question_like(const char *title)
{
	return mentions(title, qwords, qwords_en);
}

bool
hb_qa_asks(const char *title)
{
	static const char *const asks[] = { "？", "?", "什么", "如何", "为什么",
		"为何", "怎么", "怎样", "哪些", "哪个", "是否", "吗", "简述", "请",
		"说说", "谈谈", "区别", NULL };

	return mentions(title, asks, qwords_en);
}

bool
hb_qa_is_placeholder(const char *text)
{
	static const char *const words[] = {
		"待补充", "待完善", "暂无", "略", "TODO", "TBD", "N/A", "待填写",
		"待回答", NULL
	};
	size_t n = strlen(text), i;
	const char *s = hb_trim(text, &n);

	if (n == 0)
		return true;
	/* One bracketed line: "[等待候选人回答]". */
	if (s[0] == '[' && s[n - 1] == ']' && memchr(s, '\n', n) == NULL &&
	    memchr(s + 1, ']', n - 2) == NULL)
		return true;
	for (i = 0; words[i] != NULL; i++)
		if (strlen(words[i]) == n && memcmp(s, words[i], n) == 0)
			return true;
	return false;
}

/* ---- regions ---- */

struct region {
	enum hb_label kind;
	int line;
	const struct hb_blk *label;	/* the label paragraph, if any */
	bool label_has_text;	/* text follows the label in its paragraph */
	const struct hb_blk **blks;	/* blocks after the label */
	size_t nblks, cap;
};

static bool
plain_info(const char *info)
{
	return info[0] == '\0' || strcmp(info, "text") == 0 ||
	    strcmp(info, "txt") == 0 || strcmp(info, "markdown") == 0 ||
	    strcmp(info, "md") == 0 || strcmp(info, "plain") == 0 ||
	    strcmp(info, "plaintext") == 0;
}

/* The one plain fenced block a labelled region consists of, or NULL.
 * Without a label a plain fence is just code. */
static const struct hb_blk *
boxed(const struct region *r)
{
	if (r->label == NULL || r->label_has_text || r->nblks != 1)
		return NULL;
	if (r->blks[0]->type != HB_BLK_CODE || !r->blks[0]->fenced ||
	    !plain_info(r->blks[0]->info))
		return NULL;
	return r->blks[0];
}

/* Byte offset in the label paragraph's first line where the text after
 * "**label**:" starts. */
static int
label_skip(struct hb_doc *doc, const struct hb_blk *p)
{
	size_t len, i;
	const char *s = hb_doc_line(doc, p->lead_end_line, &len);

	if (s == NULL || p->lead_end_line != p->line)
		return 0;
	i = p->lead_end_col > 1 ? (size_t)p->lead_end_col - 1 : 0;
	if (i > len)
		i = len;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < len && s[i] == ':')
		i++;
	else if (len - i >= 3 && memcmp(s + i, "：", 3) == 0)
		i += 3;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return (int)i;
}

/* True when the label paragraph says more than its label. */
static bool
label_has_text(struct hb_doc *doc, const struct hb_blk *p)
{
	size_t len = 0;

	if (p->end_line > p->line)
		return true;
	if (hb_doc_line(doc, p->line, &len) == NULL)
		return false;
	return (size_t)label_skip(doc, p) < len;
}

/* Markdown of a region: the label's trailing text, then its blocks. */
static void
region_markdown(struct hb_extract *x, const struct region *r,
    struct hb_buf *out)
{
	size_t i;

	if (r->label != NULL && r->label_has_text)
		hb_doc_slice(x->pdoc, r->label->line, r->label->end_line, 0,
		    label_skip(x->pdoc, r->label), out);
	for (i = 0; i < r->nblks; i++) {
		if (out->len > 0)
			hb_buf_puts(out, "\n\n");
		hb_extract_markdown(x->pdoc, r->blks[i], out);
	}
}

/* ---- code blocks and choices ---- */

struct collect {
	struct hb_code *code;
	size_t ncode, capcode;
	struct hb_choice *choices;
	size_t nchoices, capchoices;
	const struct hb_blk *skip;	/* boxed fences are not code */
};

static bool
looks_like_go(const char *s)
{
	return strstr(s, "package ") == s || strstr(s, "\npackage ") ||
	    strstr(s, "func ") || (strstr(s, ":=") && strstr(s, "fmt.")) ||
	    strstr(s, "go func") || strstr(s, "chan ");
}

static void
add_code(struct hb_extract *x, struct collect *c, const struct hb_blk *b)
{
	struct hb_code *k;
	const char *info = b->info ? b->info : "";
	size_t n = 0;
	char *lang;

	while (info[n] && info[n] != ' ' && info[n] != '\t' &&
	    info[n] != '{' && info[n] != ',')
		n++;
	lang = hb_arena_strndup(&x->doc->arena, info, n);
	for (char *p = lang; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	c->code = hb_xgrow(c->code, &c->capcode, c->ncode + 1,
	    sizeof(*c->code));
	k = &c->code[c->ncode++];
	memset(k, 0, sizeof(*k));
	k->lang = lang;
	if (lang[0] == '\0' && looks_like_go(b->literal)) {
		k->lang = "go";
		k->lang_guessed = true;
	}
	k->line = b->line;
	k->code = hb_arena_strdup(&x->doc->arena, b->literal);
}

static void
add_choice(struct hb_extract *x, struct collect *c, char label,
    const char *text, size_t n, int line)
{
	struct hb_choice *ch;

	text = hb_trim(text, &n);
	c->choices = hb_xgrow(c->choices, &c->capchoices, c->nchoices + 1,
	    sizeof(*c->choices));
	ch = &c->choices[c->nchoices++];
	ch->label = hb_arena_strndup(&x->doc->arena, &label, 1);
	ch->text = hb_arena_strndup(&x->doc->arena, text, n);
	ch->line = line;
}

static bool
is_choice_sep(const char *s, size_t *len)
{
	static const char *const seps[] = { ":", "：", ".", "．", "、", ")",
		"）", NULL };
	size_t i;

	for (i = 0; seps[i]; i++) {
		size_t n = strlen(seps[i]);

		if (strncmp(s, seps[i], n) == 0) {
			*len = n;
			return true;
		}
	}
	return false;
}

/* "[A: 1 0] [B: 1 2] ..." inside one paragraph. */
static size_t
bracket_choices(struct hb_extract *x, struct collect *c,
    const struct hb_blk *b)
{
	const char *s = b->text, *p;
	size_t found = 0, start = c->nchoices;
	char want = 'A';

	for (p = strchr(s, '['); p != NULL; p = strchr(p + 1, '[')) {
		const char *close;
		size_t seplen;

		int depth = 0;

		if (p[1] != want || !is_choice_sep(p + 2, &seplen))
			continue;
		/* The choice text may hold brackets: "[A: [1 2 3]]". */
		for (close = p + 2 + seplen; *close; close++) {
			if (*close == '[')
				depth++;
			else if (*close == ']' && depth-- == 0)
				break;
		}
		if (*close != ']')
			break;
		add_choice(x, c, want, p + 2 + seplen,
		    (size_t)(close - (p + 2 + seplen)), b->line);
		found++;
		want++;
		p = close;
	}
	if (found < 2)
		c->nchoices = start;
	return found >= 2 ? found : 0;
}

bool
hb_qa_has_choices(const struct hb_blk *b)
{
	const char *p;
	int n = 0;
	size_t seplen;

	if (b->type != HB_BLK_PARAGRAPH)
		return false;
	for (p = strchr(b->text, '['); p != NULL; p = strchr(p + 1, '['))
		if (p[1] == 'A' + n && is_choice_sep(p + 2, &seplen))
			n++;
	return n >= 2;
}

/* "A. text" at the start of consecutive lines of one paragraph. */
static size_t
line_choices(struct hb_extract *x, struct collect *c, const struct hb_blk *b)
{
	const char *s = b->text;
	size_t start = c->nchoices;
	char want = 'A';
	int line = b->line;

	while (*s) {
		const char *eol = strchr(s, '\n');
		size_t n = eol ? (size_t)(eol - s) : strlen(s), seplen;

		if (n > 2 && s[0] == want && is_choice_sep(s + 1, &seplen)) {
			add_choice(x, c, want, s + 1 + seplen, n - 1 - seplen,
			    line);
			want++;
		} else if (want > 'A') {
			break;
		}
		if (eol == NULL)
			break;
		s = eol + 1;
		line++;
	}
	if (c->nchoices - start < 2) {
		c->nchoices = start;
		return 0;
	}
	return c->nchoices - start;
}

/* Visits one block for collect_blocks(); returns whether its children
 * are visited too. */
static bool
collect_one(struct hb_extract *x, struct collect *c, const struct hb_blk *b)
{
	const struct hb_blk *k;

	if (b == c->skip)
		return false;
	if (b->type == HB_BLK_CODE) {
		add_code(x, c, b);
		return false;
	}
	if (b->type == HB_BLK_PARAGRAPH && c->nchoices == 0) {
		if (bracket_choices(x, c, b) == 0)
			line_choices(x, c, b);
		return false;
	}
	/* A list whose items are "A. ..." lines is a choice list too. */
	if (b->type == HB_BLK_LIST && c->nchoices == 0) {
		char want = 'A';
		size_t start = c->nchoices, seplen;

		for (k = b->first; k != NULL; k = k->next) {
			const struct hb_blk *p = k->first;

			if (p == NULL || p->type != HB_BLK_PARAGRAPH ||
			    p->text[0] != want ||
			    !is_choice_sep(p->text + 1, &seplen))
				break;
			add_choice(x, c, want, p->text + 1 + seplen,
			    strcspn(p->text + 1 + seplen, "\n"), p->line);
			want++;
		}
		if (c->nchoices - start >= 2 && k == NULL)
			return false;
		c->nchoices = start;
	}
	return true;
}

/* Code blocks and choices under root, in document order. Iterative
 * (parent and sibling links), so nesting depth costs no stack. */
static void
collect_blocks(struct hb_extract *x, struct collect *c,
    const struct hb_blk *root)
{
	const struct hb_blk *b;

	for (b = root; b != NULL; b = hb_blk_walk_next(root, b,
	    collect_one(x, c, b)))
		;
}

/* ---- reviews ---- */

static bool
starts_with_any(const char *s, const char *const *prefixes)
{
	size_t i;

	for (i = 0; prefixes[i]; i++)
		if (hb_starts_with(s, prefixes[i]))
			return true;
	return false;
}

static const char *const pro_marks[] = { "✅", "✔", "👍", "[+]", "优点",
	NULL };
static const char *const con_marks[] = { "⚠", "❌", "✗", "✘", "👎", "[-]",
	"不足", "缺点", NULL };
static const char *const rating_words[] = { "总体评价", "综合评价", "总评",
	"评价", "评分", "打分", "评级", "Overall", "overall", "Rating",
	"rating", "Verdict", "verdict", "Score", "score", NULL };

/* Counts star glyphs in s; *empty gets the count of hollow stars. */
static int
count_stars(const char *s, const char **first, int *empty)
{
	int n = 0;
	uint32_t cp;
	size_t len = strlen(s), i = 0;

	*first = NULL;
	*empty = 0;
	while (i < len) {
		int k = hb_utf8_decode(s + i, len - i, &cp);

		if (k <= 0) {
			i++;
			continue;
		}
		if (cp == 0x2b50 || cp == 0x2605 || cp == 0x1f31f) {
			if (*first == NULL)
				*first = s + i;
			n++;
		} else if (cp == 0x2606) {
			if (*first == NULL)
				*first = s + i;
			(*empty)++;
		}
		i += (size_t)k;
	}
	return n;
}

/* "总体评价：良好 ⭐⭐⭐⭐" -> verdict and stars. Returns true when the line
 * is a rating line (even one that does not parse: stars stays 0). */
static bool
rating_line(struct hb_extract *x, const char *t, struct hb_review *r)
{
	const char *colon = strstr(t, "："), *c2 = strchr(t, ':');
	const char *rest, *first;
	size_t i, n;
	int empty, stars;	/* hollow stars count for nothing */
	bool named = false;

	if (c2 != NULL && (colon == NULL || c2 < colon))
		colon = c2;
	for (i = 0; rating_words[i]; i++)
		if (colon != NULL && hb_starts_with(t, rating_words[i]) &&
		    (size_t)(colon - t) <= strlen(rating_words[i]) + 8)
			named = true;
	stars = count_stars(t, &first, &empty);
	if (!named && (stars == 0 || first == NULL))
		return false;
	rest = colon != NULL ? colon + (*colon == ':' ? 1 : 3) : t;
	if (first != NULL && first > rest)
		n = (size_t)(first - rest);
	else if (first != NULL)
		n = 0;
	else
		n = strlen(rest);
	rest = hb_trim(rest, &n);
	/* "良好 (4/5)" when there are no star glyphs. */
	if (stars == 0) {
		const char *slash = hb_memmem(rest, n, "/5", 2);

		if (slash != NULL && slash > rest && slash[-1] >= '1' &&
		    slash[-1] <= '5') {
			stars = slash[-1] - '0';
			n = (size_t)(slash - 1 - rest);
			rest = hb_trim(rest, &n);
			if (n >= 1 && rest[n - 1] == '(')
				n--;
			else if (n >= 3 && memcmp(rest + n - 3, "（", 3) == 0)
				n -= 3;
			rest = hb_trim(rest, &n);
		}
	}
	r->stars = stars;	/* check_rating() clamps it to 5 */
	r->verdict = n > 0 ? hb_arena_strndup(&x->doc->arena, rest, n) : NULL;
	return true;
}

/* Item marker "1." "1、" "-" "*" at the start of t; returns its length
 * (with the following space) or 0. */
static size_t
item_marker(const char *t)
{
	size_t i = 0;

	if ((t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ')
		return 2;
	if (hb_starts_with(t, "• "))
		return strlen("• ");
	while (t[i] >= '0' && t[i] <= '9')
		i++;
	if (i == 0 || i > 3)
		return 0;
	if (t[i] == '.' || t[i] == ')')
		i++;
	else if (hb_starts_with(t + i, "、") || hb_starts_with(t + i, "．"))
		i += 3;
	else
		return 0;
	while (t[i] == ' ')
		i++;
	return i;
}

enum rsec { R_NONE, R_PROS, R_CONS, R_OTHER, R_SUMMARY };

struct items {
	const char **v;
	size_t n, cap;
};

static void
items_add(struct hb_extract *x, struct items *it, struct hb_buf *cur)
{
	if (cur->len == 0)
		return;
	it->v = hb_xgrow(it->v, &it->cap, it->n + 1, sizeof(*it->v));
	it->v[it->n++] = hb_extract_finish_text(x, cur);
	hb_buf_reset(cur);
}

static void
parse_review(struct hb_extract *x, const char *text, int first_line,
    struct hb_review *r)
{
	struct items pros = { 0 }, cons = { 0 }, *cur_items = NULL;
	struct hb_buf cur, summary;
	enum rsec sec = R_NONE;
	const char *s = text;
	int line = first_line, base = -1;
	bool in_fence = false;

	hb_buf_init(&cur, HB_BUF_NOCAP);
	hb_buf_init(&summary, HB_BUF_NOCAP);
	while (*s) {
		const char *eol = strchr(s, '\n');
		size_t n = eol ? (size_t)(eol - s) : strlen(s), tn;
		int indent = 0;
		const char *t;
		char *tl;

		while ((size_t)indent < n && (s[indent] == ' ' ||
		    s[indent] == '\t'))
			indent++;
		tn = n;
		t = hb_trim(s, &tn);
		tl = hb_arena_strndup(&x->doc->arena, t, tn);
		if (hb_starts_with(tl, "```") || hb_starts_with(tl, "~~~")) {
			in_fence = !in_fence;
			if (cur_items)
				items_add(x, cur_items, &cur);
			if (sec == R_PROS || sec == R_CONS)
				sec = R_OTHER;
		} else if (in_fence) {
			/* code inside the review: not an item */
		} else if (starts_with_any(tl, pro_marks)) {
			if (cur_items)
				items_add(x, cur_items, &cur);
			sec = R_PROS;
			cur_items = &pros;
			base = -1;
		} else if (starts_with_any(tl, con_marks)) {
			if (cur_items)
				items_add(x, cur_items, &cur);
			sec = R_CONS;
			cur_items = &cons;
			base = -1;
		} else if (r->rating_line == 0 && rating_line(x, tl, r)) {
			if (cur_items)
				items_add(x, cur_items, &cur);
			r->rating_line = line;
			sec = R_SUMMARY;
			cur_items = NULL;
		} else if (sec == R_PROS || sec == R_CONS) {
			size_t m = item_marker(tl);

			if (tn == 0) {
				/* blank lines do not end a list */
			} else if (m > 0 && (base < 0 || indent <= base)) {
				items_add(x, cur_items, &cur);
				base = indent;
				hb_buf_append(&cur, tl + m, tn - m);
			} else if (cur.len > 0 && indent > base) {
				hb_buf_putc(&cur, '\n');
				hb_buf_append(&cur, tl, tn);
			} else {
				items_add(x, cur_items, &cur);
				sec = R_OTHER;
				cur_items = NULL;
			}
		} else if (sec == R_SUMMARY && tn > 0) {
			if (summary.len > 0)
				hb_buf_putc(&summary, '\n');
			hb_buf_append(&summary, tl, tn);
		}
		if (eol == NULL)
			break;
		s = eol + 1;
		line++;
	}
	if (cur_items)
		items_add(x, cur_items, &cur);
	r->pros = hb_arena_memdup(&x->doc->arena, pros.v,
	    pros.n * sizeof(*pros.v));
	r->npros = pros.n;
	r->cons = hb_arena_memdup(&x->doc->arena, cons.v,
	    cons.n * sizeof(*cons.v));
	r->ncons = cons.n;
	r->summary = summary.len ? hb_extract_finish_text(x, &summary) : NULL;
	free(pros.v);
	free(cons.v);
	hb_buf_fini(&cur);
	hb_buf_fini(&summary);
}

/* The stars a verdict usually gets; 0 when the word is unknown. */
static int
verdict_stars(const char *v)
{
	static const struct { const char *w; int stars; } table[] = {
		{ "优秀", 5 }, { "excellent", 5 }, { "outstanding", 5 },
		{ "良好", 4 }, { "good", 4 },
		{ "中等", 3 }, { "一般", 3 }, { "fair", 3 }, { "average", 3 },
		{ "需提升", 2 }, { "需改进", 2 }, { "较差", 2 }, { "poor", 2 },
		{ "很差", 1 }, { "差", 1 }, { "bad", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcasecmp(v, table[i].w) == 0)
			return table[i].stars;
	return 0;
}

/* A rating line without stars, or whose stars contradict its verdict,
 * is a content problem (`check` blocks it). */
static void
check_rating(struct hb_extract *x, struct hb_review *r)
{
	struct hb_pos pos = { x->doc->path, r->rating_line, 1 };
	int want;

	if (r->rating_line == 0)
		return;
	if (r->stars > 5) {
		hb_diag_warning(x->d, &pos, "%d stars; ratings go up to 5",
		    r->stars);
		r->stars = 5;
	}
	if (r->stars == 0) {
		hb_diag_warning(x->d, &pos, "rating line has no stars");
		hb_diag_note(x->d, &pos, "write it like '总体评价：良好 ⭐⭐⭐⭐' "
		    "or 'Overall: good (4/5)'");
		return;
	}
	want = r->verdict ? verdict_stars(r->verdict) : 0;
	if (want > 0 && abs(want - r->stars) >= 2) {
		hb_diag_warning(x->d, &pos, "%d star%s contradict%s the verdict "
		    "'%s' (usually %d)", r->stars, r->stars == 1 ? "" : "s",
		    r->stars == 1 ? "s" : "", r->verdict, want);
	}
}

/* ---- the question ---- */

struct qstate {
	bool placeholder;	/* an answer region held only a placeholder */
	struct hb_answer *answers;
	size_t nanswers, cap;
	struct hb_buf prompt;
	struct hb_buf prompt_text;
	int prompt_line;
	struct collect col;
};

static struct hb_doc *
parse_fragment(struct hb_extract *x, const struct hb_blk *fence)
{
	struct hb_doc *sub;
	const char *lit = fence->literal ? fence->literal : "";

	sub = hb_parse(hb_doc_path(x->pdoc), lit, strlen(lit), fence->line + 1,
	    fence->col - 1, x->parse_flags & ~(unsigned)HB_PARSE_FENCE_DIAG,
	    x->d);
	x->subdocs = hb_xgrow(x->subdocs, &x->capsub, x->nsub + 1,
	    sizeof(*x->subdocs));
	x->subdocs[x->nsub++] = sub;
	return sub;
}

/* Adds the fragment's top-level blocks as a span for *html_out. */
static void
span_fragment(struct hb_extract *x, struct hb_doc *sub, const char **out)
{
	const struct hb_blk *root = hb_doc_root(sub), *b;
	const struct hb_blk **v = NULL;
	size_t n = 0, cap = 0;

	for (b = root->first; b != NULL; b = b->next) {
		v = hb_xgrow(v, &cap, n + 1, sizeof(*v));
		v[n++] = b;
	}
	hb_extract_span(x, sub, v, n, false, out);
	if (n > 0)
		x->spans[x->nspans - 1].hardbreaks = true;
	free(v);
}

/* The plain text of what a region's span renders: the fragment of a
 * boxed region, else the label's trailing text and the blocks after it.
 * Without code: the question's code blocks are in q->code. */
static const char *
region_text(struct hb_extract *x, const struct region *r, struct hb_doc *sub)
{
	const struct hb_blk **v = NULL, *b;
	size_t n = 0, cap = 0, i;
	const char *t;

	if (sub != NULL) {
		for (b = hb_doc_root(sub)->first; b != NULL; b = b->next) {
			v = hb_xgrow(v, &cap, n + 1, sizeof(*v));
			v[n++] = b;
		}
		t = hb_extract_text(x, v, n, false, false);
		free(v);
		return t;
	}
	v = hb_xmalloc((r->nblks + 1) * sizeof(*v));
	if (r->label != NULL && r->label_has_text)
		v[n++] = r->label;
	for (i = 0; i < r->nblks; i++)
		v[n++] = r->blks[i];
	t = hb_extract_text(x, v, n, r->label != NULL && r->label_has_text,
	    false);
	free(v);
	return t;
}

static void
span_region(struct hb_extract *x, const struct region *r, const char **out)
{
	const struct hb_blk **v = hb_xmalloc((r->nblks + 1) * sizeof(*v));
	size_t n = 0, i;

	if (r->label != NULL && r->label_has_text)
		v[n++] = r->label;
	for (i = 0; i < r->nblks; i++)
		v[n++] = r->blks[i];
	hb_extract_span(x, x->pdoc, v, n, r->label != NULL &&
	    r->label_has_text, out);
	free(v);
}

static void
finish_region(struct hb_extract *x, struct hb_question *q,
    struct qstate *st, const struct region *r)
{
	const struct hb_blk *box = boxed(r);
	struct hb_doc *sub = NULL;
	struct hb_buf md;
	const char *text;
	int line = r->label ? r->label->line : r->line;

	if (r->kind == HB_LABEL_NONE)
		return;
	hb_buf_init(&md, HB_BUF_NOCAP);
	if (box != NULL) {
		hb_buf_puts(&md, box->literal);
		line = box->line + 1;
	} else {
		region_markdown(x, r, &md);
		if (r->nblks > 0 && !(r->label && r->label_has_text))
			line = r->blks[0]->line;
	}
	text = hb_extract_finish_text(x, &md);
	hb_buf_fini(&md);
	if (hb_qa_is_placeholder(text)) {
		if (r->kind != HB_LABEL_PROMPT && r->kind != HB_LABEL_REVIEW)
			st->placeholder = true;
		return;
	}
	if (box != NULL) {
		sub = parse_fragment(x, box);
		st->col.skip = box;
		collect_blocks(x, &st->col, hb_doc_root(sub));
	}
	for (size_t i = 0; i < r->nblks; i++)
		collect_blocks(x, &st->col, r->blks[i]);
	if (r->label && r->label_has_text && st->col.nchoices == 0 &&
	    bracket_choices(x, &st->col, r->label) == 0)
		line_choices(x, &st->col, r->label);
	st->col.skip = NULL;
	switch (r->kind) {
	case HB_LABEL_PROMPT:
		if (st->prompt.len > 0) {
			hb_buf_puts(&st->prompt, "\n\n");
			hb_buf_puts(&st->prompt_text, "\n\n");
		} else {
			st->prompt_line = line;
		}
		hb_buf_puts(&st->prompt, text);
		hb_buf_puts(&st->prompt_text, region_text(x, r, sub));
		if (sub != NULL)
			span_fragment(x, sub, &q->prompt_html);
		else
			span_region(x, r, &q->prompt_html);
		break;
	case HB_LABEL_REVIEW: {
		struct hb_review *rv;

		if (q->review != NULL)
			break;	/* one review per question; later ones are
				 * kept in the page through the answer */
		rv = hb_arena_alloc(&x->doc->arena, sizeof(*rv));
		rv->markdown = text;
		rv->text = region_text(x, r, sub);
		rv->line = line;
		parse_review(x, text, line, rv);
		check_rating(x, rv);
		q->review = rv;
		if (sub != NULL)
			span_fragment(x, sub, &rv->html);
		else
			span_region(x, r, &rv->html);
		break;
	}
	default: {
		struct hb_answer *a;

		st->answers = hb_xgrow(st->answers, &st->cap, st->nanswers + 1,
		    sizeof(*st->answers));
		a = &st->answers[st->nanswers++];
		memset(a, 0, sizeof(*a));
		a->kind = r->kind == HB_LABEL_CANDIDATE ? HB_ANSWER_CANDIDATE :
		    r->kind == HB_LABEL_REFERENCE ? HB_ANSWER_REFERENCE :
		    HB_ANSWER_ANSWER;
		a->line = line;
		a->markdown = text;
		a->text = region_text(x, r, sub);
		a->labelled = r->label != NULL;
		/* The answers move into the arena at the end, so the span
		 * records the answer's index until then. */
		if (sub != NULL)
			span_fragment(x, sub, NULL);
		else
			span_region(x, r, NULL);
		x->spans[x->nspans - 1].answer = st->nanswers - 1;
	}
	}
}

/* "答案是 B", "正确答案：C", "Answer: A" in an answer names the right
 * choice. Returns the label or NULL. */
static const char *
correct_choice(struct hb_extract *x, const struct hb_question *q)
{
	static const char *const keys[] = { "正确答案", "答案", "Answer",
		"answer", NULL };
	size_t i, k;

	for (i = 0; i < q->nanswers; i++) {
		const char *md = q->answers[i].markdown;

		/* An answer region ("**答案：** B，因为…") that opens with a
		 * label names it directly. */
		while (*md == '*' || *md == ' ')
			md++;
		if (q->answers[i].labelled && *md >= 'A' && *md < 'A' + (int)q->nchoices &&
		    !((md[1] >= 'a' && md[1] <= 'z') ||
		    (md[1] >= 'A' && md[1] <= 'Z')))
			return hb_arena_strndup(&x->doc->arena, md, 1);
		md = q->answers[i].markdown;
		for (k = 0; keys[k]; k++) {
			const char *p = strstr(md, keys[k]);

			while (p != NULL) {
				const char *s = p + strlen(keys[k]);
				int skip = 0;

				/* a few connecting characters: 是 为 ： : ** 应该 */
				while (*s && skip < 8 && (*s == ' ' ||
				    *s == ':' || hb_starts_with(s, "是") ||
				    hb_starts_with(s, "为") ||
				    hb_starts_with(s, "：") ||
				    hb_starts_with(s, "应该") || *s == '*')) {
					s += (unsigned char)*s < 0x80 ? 1 : 3;
					skip++;
				}
				if (skip > 0 && *s >= 'A' && *s < 'A' +
				    (int)q->nchoices && !((s[1] >= 'a' &&
				    s[1] <= 'z') || (s[1] >= 'A' && s[1] <= 'Z')))
					return hb_arena_strndup(&x->doc->arena,
					    s, 1);
				p = strstr(p + 1, keys[k]);
			}
		}
	}
	return NULL;
}

void
hb_qa_extract(struct hb_extract *x, struct hb_question *q,
    const struct hb_qbody *body)
{
	struct qstate st;
	struct region r;
	size_t i, first_span = x->nspans;

	memset(&st, 0, sizeof(st));
	memset(&r, 0, sizeof(r));
	hb_buf_init(&st.prompt, HB_BUF_NOCAP);
	hb_buf_init(&st.prompt_text, HB_BUF_NOCAP);
	r.kind = body->start;
	/* Outside records, text before an answer label ("**答案：**") is
	 * the question's statement. */
	if (r.kind == HB_LABEL_ANSWER)
		for (i = 0; i < body->nblks; i++) {
			enum hb_label k = hb_qa_label(body->blks[i]);

			if (k == HB_LABEL_ANSWER || k == HB_LABEL_REFERENCE ||
			    k == HB_LABEL_CANDIDATE) {
				r.kind = i > 0 ? HB_LABEL_PROMPT : r.kind;
				break;
			}
		}
	r.line = q->line;
	/* Text after the title line of a list item is an answer. */
	if (body->title_rest != NULL) {
		struct hb_answer a = {
			.kind = HB_ANSWER_ANSWER,
			.line = body->title_rest_line,
			.markdown = body->title_rest,
			.text = body->title_rest_text,
		};

		if (!hb_qa_is_placeholder(a.markdown)) {
			st.answers = hb_xgrow(st.answers, &st.cap, 1,
			    sizeof(*st.answers));
			st.answers[st.nanswers++] = a;
		}
	}
	for (i = 0; i < body->nblks; i++) {
		const struct hb_blk *b = body->blks[i];
		enum hb_label k = hb_qa_label(b);

		if (k == HB_LABEL_NONE) {
			r.blks = hb_xgrow(r.blks, &r.cap, r.nblks + 1,
			    sizeof(*r.blks));
			r.blks[r.nblks++] = b;
			continue;
		}
		finish_region(x, q, &st, &r);
		r.nblks = 0;
		r.kind = k;
		r.label = b;
		r.line = b->line;
		r.label_has_text = label_has_text(x->pdoc, b);
	}
	finish_region(x, q, &st, &r);
	free(r.blks);
	if (st.prompt.len > 0) {
		q->prompt = hb_extract_finish_text(x, &st.prompt);
		q->prompt_text = hb_extract_finish_text(x, &st.prompt_text);
		(void)st.prompt_line;
	}
	q->answers = hb_arena_memdup(&x->doc->arena, st.answers,
	    st.nanswers * sizeof(*st.answers));
	q->nanswers = st.nanswers;
	for (i = first_span; i < x->nspans; i++) {
		if (x->spans[i].html_out == NULL)
			x->spans[i].html_out =
			    &q->answers[x->spans[i].answer].html;
		x->spans[i].q = q;
	}
	q->code = hb_arena_memdup(&x->doc->arena, st.col.code,
	    st.col.ncode * sizeof(*st.col.code));
	q->ncode = st.col.ncode;
	q->choices = hb_arena_memdup(&x->doc->arena, st.col.choices,
	    st.col.nchoices * sizeof(*st.col.choices));
	q->nchoices = st.col.nchoices;
	if (q->nchoices > 0)
		q->correct = correct_choice(x, q);
	q->status = st.nanswers > 0 ? HB_STATUS_ANSWERED : HB_STATUS_UNANSWERED;
	if (st.nanswers == 0 && st.placeholder) {
		struct hb_pos pos = { x->doc->path, q->line, q->col };

		hb_diag_remark(x->d, &pos, "'%s' has only a placeholder "
		    "answer", q->title);
	}
	free(st.answers);
	free(st.col.code);
	free(st.col.choices);
	hb_buf_fini(&st.prompt);
	hb_buf_fini(&st.prompt_text);
}
