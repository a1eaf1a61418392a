/* Stage 5b: question or guide (see guide.h). The words are small tables
 * read in one pass over a title; the settlement groups the documents by
 * folder once (a sort) and reads each group twice. */
#include "guide.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "model.h"
#include "str.h"
#include "xalloc.h"

/* ---- words ---- */

/* English, matched as whole words (case does not matter). */
static const char *const en_guide[] = {
	"cheat sheet", "cheatsheet", "cheat-sheet", "guide", "guides",
	"overview", "introduction", "intro", "tips", "tricks", "handbook",
	"primer", "tutorial", "glossary", "roadmap", "checklist",
	"resources", "reference", "references", "study plan",
	"best practices", "getting started", "readme", "syllabus", NULL
};

/* English interrogatives and prompts at the start of a title. */
static const char *const en_ask_start[] = {
	"what", "what's", "whats", "why", "how", "when", "where", "which",
	"who", "whom", "whose", "is", "are", "was", "were", "do", "does",
	"did", "can", "could", "should", "would", "will", "explain",
	"describe", "compare", "define", "name", "tell me", "implement",
	"design", "write", "give", "walk me", NULL
};

/* English phrases that ask wherever they are. */
static const char *const en_ask[] = {
	"difference between", "differences between", "what is", "how does",
	"how do", "why does", "why do", "explain", NULL
};

/* Chinese interrogatives and prompts, anywhere in a title. */
static const char *const zh_ask[] = {
	"请",
	"什么", "如何", "为什么", "为何", "怎么", "怎样", "是否", "哪些",
	"哪个", "区别", "原理", "简述", "说说", "谈谈", "介绍", "解释",
	"描述", "对比", "比较", "讲讲", "聊聊", "能否", "可否", "有何",
	"实现", "作用", "流程", "机制", "异同", NULL
};

/* Chinese guide words, at the end (or the start) of a title. */
static const char *const zh_guide[] = {
	"指南", "概述", "简介", "入门", "总结", "速查", "笔记", "汇总",
	"目录", "导读", "前言", "教程", "路线", "清单", "技巧", "小结",
	"概览", "导论", "攻略", "心得", "资料", "大纲", "说明", "须知",
	"经验", "复习", NULL
};

static bool
alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* ASCII-lowercased copy of s in b. */
static void
lowered(struct hb_buf *b, const char *s)
{
	hb_buf_reset(b);
	for (; *s; s++)
		hb_buf_putc(b, *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') :
		    *s);
}

/* The first whole-word occurrence of w in s (lowercase), or NULL. */
static const char *
word(const char *s, const char *w)
{
	size_t n = strlen(w);
	const char *p;

	for (p = strstr(s, w); p != NULL; p = strstr(p + 1, w))
		if ((p == s || !alnum((unsigned char)p[-1])) &&
		    !alnum((unsigned char)p[n]))
			return p;
	return NULL;
}

/* The title without leading numbering, spaces and punctuation
 * ("3. ", "Q3: "). */
static const char *
skip_number(const char *s)
{
	const char *p = s;

	if (*p == 'q' || *p == 'Q')
		p++;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p > s && (*p == '.' || *p == ':' || *p == ')' || *p == '-' ||
	    *p == ' ')) {
		p++;
		while (*p == ' ')
			p++;
		return p;
	}
	return s;
}

static bool
ends_with_word(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	return n >= k && memcmp(s + n - k, w, k) == 0;
}

enum hb_lean
hb_guide_title(const char *title, const char **why)
{
	struct hb_buf b;
	const char *t, *s;
	size_t n, i;
	enum hb_lean r = HB_LEAN_NONE;
	const char *w = NULL;

	if (why != NULL)
		*why = NULL;
	if (title == NULL)
		return HB_LEAN_NONE;
	n = strlen(title);
	t = hb_trim(title, &n);
	/* Trailing closing punctuation: "(…?)", "“…？”". */
	while (n > 0 && (t[n - 1] == ')' || t[n - 1] == '"' || t[n - 1] == '*'))
		n--;
	if ((n > 0 && t[n - 1] == '?') || ends_with_word(t, n, "？") ||
	    ends_with_word(t, n, "？）") || ends_with_word(t, n, "？”")) {
		if (why != NULL)
			*why = t[n - 1] == '?' ? "?" : "？";
		return HB_LEAN_QUESTION;
	}
	hb_buf_init(&b, HB_BUF_NOCAP);
	lowered(&b, title);
	s = skip_number(hb_buf_str(&b));
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == ')'))
		n--;
	/* A guide word wins over an interrogative. */
	if (strncmp(s, "how to ", 7) == 0) {
		w = "how to";
		r = HB_LEAN_GUIDE;
		goto done;
	}
	for (i = 0; en_guide[i] != NULL && w == NULL; i++)
		if (word(s, en_guide[i]) != NULL)
			w = en_guide[i];
	for (i = 0; zh_guide[i] != NULL && w == NULL; i++)
		if (ends_with_word(s, n, zh_guide[i]) ||
		    strncmp(s, zh_guide[i], strlen(zh_guide[i])) == 0)
			w = zh_guide[i];
	if (w != NULL) {
		r = HB_LEAN_GUIDE;
		goto done;
	}
	r = HB_LEAN_QUESTION;
	for (i = 0; en_ask_start[i] != NULL && w == NULL; i++) {
		size_t k = strlen(en_ask_start[i]);

		if (strncmp(s, en_ask_start[i], k) == 0 &&
		    !alnum((unsigned char)s[k]))
			w = en_ask_start[i];
	}
	for (i = 0; en_ask[i] != NULL && w == NULL; i++)
		if (word(s, en_ask[i]) != NULL)
			w = en_ask[i];
	for (i = 0; zh_ask[i] != NULL && w == NULL; i++)
		if (strstr(s, zh_ask[i]) != NULL)
			w = zh_ask[i];
	/* "…吗" and "…呢" end a Chinese question without a mark. */
	if (w == NULL && ends_with_word(s, n, "吗"))
		w = "吗";
	else if (w == NULL && ends_with_word(s, n, "呢"))
		w = "呢";
	if (w == NULL)
		r = HB_LEAN_NONE;
done:
	hb_buf_fini(&b);
	if (why != NULL)
		*why = w;
	return r;
}

bool
hb_guide_names_questions(const char *title, const char **why)
{
	static const char *const zh[] = { "面试题", "面试问题", "题目", "问答",
		"题库", "八股", "考题", "习题", "练习题", NULL };
	static const char *const en[] = { "interview questions", "questions",
		"q&a", "faq", "faqs", "quiz", NULL };
	struct hb_buf b;
	const char *s;
	size_t i, n;
	bool r = false;

	if (title == NULL)
		return false;
	for (i = 0; zh[i] != NULL; i++)
		if (strstr(title, zh[i]) != NULL) {
			if (why != NULL)
				*why = zh[i];
			return true;
		}
	/* "基础题", "并发题 (二)": 题 ending the name. */
	n = strlen(title);
	s = hb_trim(title, &n);
	while (n > 0 && (s[n - 1] == ')' || s[n - 1] == ' ' ||
	    (s[n - 1] >= '0' && s[n - 1] <= '9')))
		n--;
	if (ends_with_word(s, n, "题")) {
		if (why != NULL)
			*why = "题";
		return true;
	}
	hb_buf_init(&b, HB_BUF_NOCAP);
	lowered(&b, title);
	for (i = 0; en[i] != NULL && !r; i++)
		if (word(hb_buf_str(&b), en[i]) != NULL) {
			r = true;
			if (why != NULL)
				*why = en[i];
		}
	hb_buf_fini(&b);
	return r;
}

bool
hb_guide_qa_marker(const char *text, const char **why)
{
	static const char *const marks[] = { "Q:", "Q：", "A:", "A：", "问：",
		"问:", "答：", "答:", "答案", "参考答案", "面试官", NULL };
	const char *s = text;
	size_t i;

	while (*s == ' ' || *s == '*' || *s == '_' || *s == '>')
		s++;
	for (i = 0; marks[i] != NULL; i++)
		if (hb_starts_with(s, marks[i])) {
			if (why != NULL)
				*why = marks[i];
			return true;
		}
	return false;
}

/* ---- settling by section ---- */

struct member {
	struct hb_document *doc;
	size_t dirlen;		/* bytes of its folder in rel */
};

static int
cmp_member(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	size_t n = x->dirlen < y->dirlen ? x->dirlen : y->dirlen;
	int c = memcmp(x->doc->rel, y->doc->rel, n);

	if (c != 0)
		return c;
	if (x->dirlen != y->dirlen)
		return x->dirlen < y->dirlen ? -1 : 1;
	return strcmp(x->doc->rel, y->doc->rel);
}

static size_t
dir_len(const char *rel)
{
	const char *slash = strrchr(rel, '/');

	return slash != NULL ? (size_t)(slash - rel) : 0;
}

/* The file name starts with a number ("01-map.md", "2-close.md"). */
static bool
numbered(const char *rel)
{
	const char *base = rel + dir_len(rel);

	if (*base == '/')
		base++;
	return *base >= '0' && *base <= '9';
}

/* Puts doc in its guide reading (one prose part made of its answers,
 * kept for the next round) or back in its question reading. */
static void
read_as(struct hb_document *doc, bool guide)
{
	struct hb_layout_why *w = &doc->why;

	if (guide && doc->layout != HB_LAYOUT_GUIDE) {
		w->qparts = doc->parts;
		w->nqparts = doc->nparts;
		w->nqquestions = doc->nquestions;
		if (w->gpart == NULL) {
			struct hb_buf md, html;
			size_t i, k;

			hb_buf_init(&md, HB_BUF_NOCAP);
			hb_buf_init(&html, HB_BUF_NOCAP);
			for (i = 0; i < doc->nquestions; i++) {
				const struct hb_question *q = &doc->questions[i];

				for (k = 0; k < q->nanswers; k++) {
					if (md.len > 0)
						hb_buf_puts(&md, "\n\n");
					hb_buf_puts(&md, q->answers[k].markdown);
					if (q->answers[k].html != NULL)
						hb_buf_puts(&html,
						    q->answers[k].html);
				}
			}
			w->gpart = hb_arena_alloc(&doc->arena,
			    sizeof(*w->gpart));
			w->gpart->kind = HB_PART_PROSE;
			w->gpart->line = doc->nquestions > 0 ?
			    doc->questions[0].line : 1;
			w->gpart->markdown = hb_arena_strndup(&doc->arena,
			    hb_buf_str(&md), md.len);
			w->gpart->html = html.len > 0 ? hb_arena_strndup(
			    &doc->arena, hb_buf_str(&html), html.len) : NULL;
			hb_buf_fini(&md);
			hb_buf_fini(&html);
		}
		doc->parts = w->gpart;
		doc->nparts = 1;
		doc->nquestions = 0;
		doc->layout = HB_LAYOUT_GUIDE;
	} else if (!guide && doc->layout == HB_LAYOUT_GUIDE &&
	    w->qparts != NULL) {
		doc->parts = w->qparts;
		doc->nparts = w->nqparts;
		doc->nquestions = w->nqquestions;
		doc->layout = HB_LAYOUT_SINGLE;
	}
}

/* One folder: its documents v[first..first+n) (sorted by path, so the
 * folders come in byte order and the folders under a folder follow one
 * another), how many of them are questions and guides by evidence of
 * their own, and the nearest folder at or above it whose documents,
 * with those of the folders under it, decide (up, or none). */
struct group {
	const char *dir;	/* a member's rel; dir[len] is '/' */
	size_t len;
	size_t first, n;
	size_t q, g;
	bool up;
	size_t upq, upg, uplen;	/* upq != upg when up */
};

static int
cmp_dir(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	if (c != 0)
		return c;
	return an < bn ? -1 : an > bn;
}

/* The first folder not before key (after = false), or the first whose
 * name does not start with key and is after it (after = true). */
static size_t
lower(const struct group *gv, size_t ng, const char *key, size_t kn,
    bool after)
{
	size_t lo = 0, hi = ng;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct group *m = &gv[mid];
		int c;

		if (after && m->len >= kn)
			c = memcmp(m->dir, key, kn) <= 0 ? -1 : 1;
		else
			c = cmp_dir(m->dir, m->len, key, kn);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Finds, for folder i, the nearest folder at or above it whose
 * documents and those of the folders under it decide. Folders come in
 * byte order, so a folder above that holds documents was done first and
 * the walk stops there: the steps add up to the length of the folder
 * names, each a binary search over prefix sums pq, pg. */
static void
find_up(struct group *gv, size_t ng, size_t i, const size_t *pq,
    const size_t *pg)
{
	struct group *gr = &gv[i];
	size_t alen = gr->len;

	for (;;) {
		size_t q, g, lo, hi, j;

		if (alen < gr->len) {
			/* A folder above with documents of its own. */
			j = lower(gv, ng, gr->dir, alen, false);
			if (j < i && gv[j].len == alen &&
			    memcmp(gv[j].dir, gr->dir, alen) == 0) {
				gr->up = gv[j].up;
				gr->upq = gv[j].upq;
				gr->upg = gv[j].upg;
				gr->uplen = gv[j].uplen;
				return;
			}
		}
		if (alen == 0) {
			q = pq[ng];
			g = pg[ng];
		} else {
			/* The folder itself, then those under it ("dir/"). */
			j = lower(gv, ng, gr->dir, alen, false);
			q = g = 0;
			if (j < ng && gv[j].len == alen &&
			    memcmp(gv[j].dir, gr->dir, alen) == 0) {
				q = gv[j].q;
				g = gv[j].g;
			}
			lo = lower(gv, ng, gr->dir, alen + 1, false);
			hi = lower(gv, ng, gr->dir, alen + 1, true);
			q += pq[hi] - pq[lo];
			g += pg[hi] - pg[lo];
		}
		if (q != g) {
			gr->up = true;
			gr->upq = q;
			gr->upg = g;
			gr->uplen = alen;
			return;
		}
		if (alen == 0)
			return;
		while (alen > 0 && gr->dir[alen - 1] != '/')
			alen--;
		if (alen > 0)
			alen--;
	}
}

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Decides the documents of one folder that cannot tell on their own. */
static void
settle_group(struct member *v, const struct group *gr)
{
	size_t i, q = gr->q, g = gr->g, num = 0;

	for (i = gr->first; i < gr->first + gr->n; i++)
		if (numbered(v[i].doc->rel))
			num++;
	for (i = gr->first; i < gr->first + gr->n; i++) {
		struct hb_document *doc = v[i].doc;
		struct hb_layout_why *w = &doc->why;
		struct hb_arena *a = &doc->arena;
		bool guide;

		if (!w->by_section)
			continue;
		if (q > g) {
			guide = false;
			w->settled = hb_arena_printf(a, "%zu other "
			    "document%s of its folder %s%s%s", q,
			    plural(q, "", "s"), plural(q, "is a question",
			    "are questions"), g > 0 ? hb_arena_printf(a,
			    ", %zu %s", g, plural(g, "is a guide",
			    "are guides")) : "", num > 1 &&
			    numbered(doc->rel) ?
			    " (a numbered sequence of files)" : "");
		} else if (g > q) {
			guide = true;
			w->settled = hb_arena_printf(a, "%zu other "
			    "document%s of its folder %s%s", g,
			    plural(g, "", "s"), plural(g, "is a guide",
			    "are guides"), q > 0 ? hb_arena_printf(a,
			    ", %zu %s", q, plural(q, "is a question",
			    "are questions")) : "");
		} else {
			const char *mine = q + g == 0 ? "no other document "
			    "of its folder decides" : "the other documents "
			    "of its folder are as many questions as guides";

			if (gr->up) {
				guide = gr->upg > gr->upq;
				w->settled = hb_arena_printf(a, "%s; %s do: "
				    "%zu question%s, %zu guide%s", mine,
				    gr->uplen == 0 ? "the handbook's documents" :
				    hb_arena_printf(a, "the documents under "
				    "'%.*s/'", (int)gr->uplen, gr->dir),
				    gr->upq, plural(gr->upq, "", "s"),
				    gr->upg, plural(gr->upg, "", "s"));
			} else {
				guide = w->lean_guide;
				w->settled = hb_arena_printf(a, "%s, nor does "
				    "the handbook, so it reads as %s", mine,
				    guide ? "a guide" : "one question");
			}
		}
		read_as(doc, guide);
	}
}

static void
explain(struct hb_document *doc, struct hb_diag *d)
{
	struct hb_pos pos = { doc->path, 0, 0 };
	const struct hb_layout_why *w = &doc->why;

	hb_diag_explain(d, HB_EX_LAYOUT, &pos, "%s: %s%s%s",
	    hb_layout_name(doc->layout), w->evidence ? w->evidence :
	    "no evidence either way", w->by_section && w->settled ? "; " : "",
	    w->by_section && w->settled ? w->settled : "");
	hb_diag_explain_count(d, HB_EX_LAYOUT, hb_layout_name(doc->layout));
}

void
hb_guide_settle(struct hb_site *site, struct hb_diag *d)
{
	struct member *v;
	struct group *gv;
	size_t *pq, *pg;
	size_t i, start, n = 0, ng = 0;

	v = hb_xcalloc(site->ndocs + 1, sizeof(*v));
	gv = hb_xcalloc(site->ndocs + 1, sizeof(*gv));
	for (i = 0; i < site->ndocs; i++) {
		v[n].doc = site->docs[i];
		v[n].dirlen = dir_len(site->docs[i]->rel);
		n++;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_member);
	for (start = 0; start < n;) {
		struct group *gr = &gv[ng++];

		gr->dir = v[start].doc->rel;
		gr->len = v[start].dirlen;
		gr->first = start;
		for (i = start; i < n && v[i].dirlen == gr->len &&
		    memcmp(v[i].doc->rel, gr->dir, gr->len) == 0; i++) {
			const struct hb_document *doc = v[i].doc;

			if (doc->why.by_section)
				continue;
			if (doc->layout == HB_LAYOUT_GUIDE)
				gr->g++;
			else if (doc->nquestions > 0)
				gr->q++;
		}
		gr->n = i - start;
		start = i;
	}
	pq = hb_xcalloc(ng + 1, sizeof(*pq));
	pg = hb_xcalloc(ng + 1, sizeof(*pg));
	for (i = 0; i < ng; i++) {
		pq[i + 1] = pq[i] + gv[i].q;
		pg[i + 1] = pg[i] + gv[i].g;
	}
	for (i = 0; i < ng; i++) {
		find_up(gv, ng, i, pq, pg);
		settle_group(v, &gv[i]);
	}
	for (i = 0; i < n; i++)
		explain(v[i].doc, d);
	free(pq);
	free(pg);
	free(gv);
	free(v);
}
