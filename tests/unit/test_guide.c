/* Unit tests: guide.c and the guide layout of layout.c (issue #17):
 * what titles say, per-document evidence, lists of questions inside a
 * guide, the settlement by folder, explanations, layouts: rules. */
#include "harness.h"
#include "util.h"

#include "config.h"
#include "guide.h"

static struct hb_diag d;

static struct hb_document *
load(const char *path, const char *md)
{
	hb_diag_fini(&d);
	hb_diag_init(&d);
	return t_load_html(path, md, false, &d);
}

TEST(titles)
{
	static const struct {
		const char *title;
		enum hb_lean want;
	} v[] = {
		{ "What is a goroutine", HB_LEAN_QUESTION },
		{ "Why does Go have no exceptions", HB_LEAN_QUESTION },
		{ "Is a nil map writable", HB_LEAN_QUESTION },
		{ "Explain escape analysis", HB_LEAN_QUESTION },
		{ "Difference between new and make", HB_LEAN_QUESTION },
		{ "3. What is the STAR method?", HB_LEAN_QUESTION },
		{ "map 的实现原理", HB_LEAN_QUESTION },
		{ "简述 raft 的选举", HB_LEAN_QUESTION },
		{ "slice 和数组的区别", HB_LEAN_QUESTION },
		{ "说说你对 GMP 的理解", HB_LEAN_QUESTION },
		{ "string 可以修改吗", HB_LEAN_QUESTION },
		{ "Array cheatsheet for coding interviews", HB_LEAN_GUIDE },
		{ "How to write a resume", HB_LEAN_GUIDE },
		{ "System design interview overview", HB_LEAN_GUIDE },
		{ "Introduction", HB_LEAN_GUIDE },
		{ "Go 学习路线", HB_LEAN_GUIDE },
		{ "面试准备清单", HB_LEAN_GUIDE },
		{ "指南：如何准备面试", HB_LEAN_GUIDE },
		/* A question mark wins over a guide word. */
		{ "What belongs in a cheat sheet?", HB_LEAN_QUESTION },
		{ "面试指南里最重要的是什么？", HB_LEAN_QUESTION },
		/* Terse titles say nothing. */
		{ "Recursion", HB_LEAN_NONE },
		{ "遍历过程", HB_LEAN_NONE },
		{ "扩容", HB_LEAN_NONE },
		{ "Showcase", HB_LEAN_NONE },	/* "how" inside a word */
		{ "Whatever works", HB_LEAN_NONE },
	};
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		enum hb_lean got = hb_guide_title(v[i].title, &why);

		if (got != v[i].want)
			fprintf(stderr, "title '%s'\n", v[i].title);
		CHECK_INT(got, v[i].want);
		CHECK(got == HB_LEAN_NONE ? why == NULL : why != NULL);
	}
	CHECK(hb_guide_qa_marker("答：是的", &why));
	CHECK_STR(why, "答：");
	CHECK(hb_guide_qa_marker("**Q:** what?", NULL));
	CHECK(!hb_guide_qa_marker("Quite so.", NULL));
}

/* The page of issue #17: a numbered list that explains (a list of
 * facts) is prose, not two questions. */
TEST(list_of_facts_is_not_questions)
{
	struct hb_document *doc = load("recursion.md", "# Recursion\n\n"
	    "Every correct recursion has:\n\n"
	    "1. A base case (or cases) defined, which determines when it "
	    "stops.\n   More on base cases.\n"
	    "2. A recursive case that moves closer to a base case.\n"
	    "   More on that.\n");

	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_SINGLE);
	CHECK(doc->why.by_section);
	CHECK_CONTAINS(doc->why.evidence, "its title 'Recursion' neither asks "
	    "nor names a guide, 0 of 2 numbered items ask");
	hb_document_free(doc);
	/* ... while items that ask are a list of questions. */
	doc = load("l.md", "# Basics\n\n1. What is a slice?\n\n   A view.\n\n"
	    "2. defer 的执行顺序\n\n   后进先出。\n\n3. map 遍历为什么无序？\n\n"
	    "   随机起点。\n");
	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_LIST);
	CHECK_INT(doc->nquestions, 3);
	CHECK_STR(doc->why.evidence, "2 of its 3 numbered items ask");
	hb_document_free(doc);
}

/* A guide: headings that do not ask stay in its prose; "Practice
 * questions" become unanswered questions; a bullet list of questions
 * to ask the interviewer stays prose. */
TEST(guide_by_title_with_practice_questions)
{
	struct hb_document *doc = load("arrays.md", "# Array cheatsheet\n\n"
	    "Intro.\n\n## Clarify first\n\n- Can it be empty?\n"
	    "- Is it sorted?\n\n## Techniques\n\nTwo pointers.\n\n"
	    "## Practice questions\n\n- What is the largest subarray sum?\n"
	    "- How do you rotate an array in place?\n\nGood luck.\n");
	size_t i, prose = 0;

	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_GUIDE);
	CHECK(!doc->why.by_section);
	CHECK_STR(doc->why.evidence, "its title names a guide ('cheatsheet')");
	CHECK_INT(doc->nquestions, 2);
	CHECK_STR(doc->questions[0].title, "What is the largest subarray sum?");
	CHECK_INT(doc->questions[0].status, HB_STATUS_UNANSWERED);
	CHECK_STR(doc->questions[1].section, "Practice questions");
	for (i = 0; i < doc->nparts; i++)
		if (doc->parts[i].kind == HB_PART_PROSE)
			prose++;
	CHECK_INT(prose, 2);
	CHECK_CONTAINS(doc->parts[0].markdown, "## Clarify first");
	CHECK_CONTAINS(doc->parts[0].markdown, "- Is it sorted?");
	CHECK_STR(doc->parts[doc->nparts - 1].markdown, "Good luck.");
	/* No "no questions found" warning for a guide. */
	hb_document_free(doc);
	doc = load("g.md", "# Overview\n\nText.\n");
	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_GUIDE);
	CHECK_INT(doc->nquestions, 0);
	CHECK(strstr(t_diags(&d), "no questions") == NULL);
	hb_document_free(doc);
}

/* Headings that ask make a headings page; headings that do not, under
 * a terse title, lean to a guide. */
TEST(headings_need_to_ask)
{
	struct hb_document *doc = load("h.md", "# 并发\n\n## goroutine 泄漏的"
	    "原因？\n\n发送无人接收。\n\n## 如何限制并发？\n\n信号量。\n\n"
	    "## 小结\n\n就这些。\n");

	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_HEADINGS);
	CHECK_INT(doc->nquestions, 3);
	CHECK_STR(doc->why.evidence, "2 of its 3 headings ask");
	hb_document_free(doc);
	doc = load("e.md", "# 扩容\n\n## 触发条件\n\n装载因子。\n\n## 渐进式搬迁\n\n"
	    "每次搬一两个桶。\n");
	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_SINGLE);
	CHECK_INT(doc->nquestions, 1);
	CHECK(doc->why.by_section);
	CHECK(doc->why.lean_guide);
	hb_document_free(doc);
	/* Q&A markers decide alone. */
	doc = load("m.md", "# 扩容\n\n**答案**：渐进式。\n");
	CHECK(doc != NULL);
	CHECK(!doc->why.by_section);
	CHECK_STR(doc->why.evidence, "Q&A marker '答案'");
	hb_document_free(doc);
}

/* A guide's title does not hide questions: headings that ask make a
 * headings page ("…面试指南"), and a numbered list of questions under a
 * guide's title becomes the guide's questions. */
TEST(guide_title_and_questions)
{
	struct hb_document *doc = load("k.md", "# K8s 面试指南\n\n## 基础\n\n"
	    "### apiserver 做什么？\n\n前门。\n\n### kubelet 如何上报？\n\n"
	    "心跳。\n");

	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_HEADINGS);
	CHECK_INT(doc->nquestions, 2);
	hb_document_free(doc);
	doc = load("r.md", "# Go 学习路线\n\n先读书。\n\n## 第一个月\n\n写工具。\n\n"
	    "## 自测\n\n1. goroutine 和线程有什么区别？\n2. 为什么 map 不是"
	    "并发安全的？\n3. defer 的顺序\n\n加油。\n");
	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_GUIDE);
	CHECK_INT(doc->nquestions, 3);
	CHECK_STR(doc->questions[2].title, "defer 的顺序");
	CHECK_STR(doc->questions[2].number, "3");
	CHECK_STR(doc->parts[doc->nparts - 1].markdown, "加油。");
	hb_document_free(doc);
}

/* A title that names questions: terse items with answers are
 * questions (a generated corpus, many real "面试题" pages). */
TEST(title_names_questions)
{
	struct hb_document *doc = load("c.md", "# K8s 面试题 9\n\n"
	    "1. 副本 调度 锁\n\n   答案一。\n\n2. 日志 告警\n\n   答案二。\n\n"
	    "3. 选举 任期\n\n   答案三。\n");

	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_LIST);
	CHECK_INT(doc->nquestions, 3);
	CHECK_STR(doc->why.evidence, "its title names questions ('面试题'), "
	    "3 of its 3 numbered items ask or have an answer");
	hb_document_free(doc);
	CHECK(hb_guide_names_questions("Go 基础题", NULL));
	CHECK(hb_guide_names_questions("Frequently asked: FAQ", NULL));
	CHECK(!hb_guide_names_questions("Questionable design", NULL));
	CHECK(!hb_guide_names_questions("问题的背景", NULL));
}

TEST(forced_layouts)
{
	struct hb_document *doc = load("f.md", "---\ntitle: 为什么用 context？\n"
	    "layout: guide\n---\n\nNotes.\n");

	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_GUIDE);
	CHECK_STR(doc->why.evidence, "front matter 'layout: guide'");
	hb_document_free(doc);
	doc = load("f.md", "---\nlayout: question\n---\n# Overview\n\nx\n");
	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_SINGLE);
	CHECK_INT(doc->nquestions, 1);
	hb_document_free(doc);
	doc = load("f.md", "---\nlayout: chapter\n---\nx\n");
	CHECK(doc == NULL);
	CHECK_CONTAINS(t_diags(&d), "f.md:2:9: error: unknown layout "
	    "'chapter' (guide, question, list, record, single or headings)");
}

TEST(layout_rules)
{
	struct hb_config c;
	struct hb_layout_rule r[3] = {
		{ "notes/", "guide", 2 },
		{ "*/faq.md", "question", 3 },
		{ "guides/*.md", "guide", 4 },
	};

	memset(&c, 0, sizeof(c));
	c.layouts = r;
	c.nlayouts = 3;
	CHECK(hb_config_layout(&c, "notes/a/b.md") == &r[0]);
	CHECK(hb_config_layout(&c, "x/faq.md") == &r[1]);
	CHECK(hb_config_layout(&c, "guides/deep/x.md") == &r[2]);
	CHECK(hb_config_layout(&c, "notesx.md") == NULL);
	CHECK(hb_config_layout(&c, "faq.md") == NULL);
}

/* Documents that cannot tell are settled by their folder; the settlement
 * goes back when the folder changes (serve). */
TEST(settled_by_folder)
{
	struct hb_site site;
	struct hb_document *g1, *g2, *t1, *q1, *q2, *t2;
	size_t i;
	bool seen = false;

	g1 = load("en/resume.md", "# How to write a resume\n\nOne page.\n");
	g2 = load("en/overview.md", "# Overview\n\nText.\n");
	t1 = load("en/negotiation.md", "# Negotiation\n\nAsk in writing.\n");
	q1 = load("zh/01-a.md", "# map 的实现原理\n\n哈希表。\n");
	q2 = load("zh/02-b.md", "# 什么是 channel？\n\n管道。\n");
	t2 = load("zh/03-c.md", "# 扩容\n\n## 触发条件\n\n装载因子。\n\n"
	    "## 搬迁\n\n渐进。\n");
	CHECK(t1->why.by_section && !t1->why.lean_guide);
	CHECK(t2->why.by_section && t2->why.lean_guide);
	hb_site_init(&site);
	hb_site_add(&site, g1);
	hb_site_add(&site, g2);
	hb_site_add(&site, t1);
	hb_site_add(&site, q1);
	hb_site_add(&site, q2);
	hb_site_add(&site, t2);
	hb_diag_fini(&d);
	hb_diag_init(&d);
	hb_guide_settle(&site, &d);
	/* Terse among guides: a guide, though it leans to a question. */
	CHECK_INT(t1->layout, HB_LAYOUT_GUIDE);
	CHECK_INT(t1->nquestions, 0);
	CHECK_INT(t1->nparts, 1);
	CHECK_STR(t1->parts[0].markdown, "Ask in writing.");
	CHECK_CONTAINS(t1->parts[0].html, "<p>Ask in writing.</p>");
	/* Terse among questions: one question, though it leans to a
	 * guide (its sections are the answer's). */
	CHECK_INT(t2->layout, HB_LAYOUT_SINGLE);
	CHECK_INT(t2->nquestions, 1);
	for (i = 0; i < d.nex; i++)
		if (strcmp(d.ex[i].path, "zh/03-c.md") == 0) {
			CHECK_STR(d.ex[i].msg, "single: its title '扩容' "
			    "neither asks nor names a guide, 0 of 2 headings "
			    "ask; 2 other documents of its folder are "
			    "questions (a numbered sequence of files)");
			seen = true;
		}
	CHECK(seen);
	/* The folder changes: the guides go, negotiation reads as what it
	 * leans to, one question, again. */
	site.ndocs = 4;
	site.docs[0] = t1;
	site.docs[1] = q1;
	site.docs[2] = q2;
	site.docs[3] = t2;
	hb_guide_settle(&site, &d);
	CHECK_INT(t1->layout, HB_LAYOUT_SINGLE);
	CHECK_INT(t1->nquestions, 1);
	CHECK_STR(t1->questions[0].title, "Negotiation");
	site.ndocs = 6;
	site.docs[4] = g1;
	site.docs[5] = g2;
	hb_site_fini(&site);
}

/* A folder whose documents cannot tell follows the nearest folder above
 * it (with the folders under that) that decides, else the handbook;
 * folders that merely share a prefix ("book-x" beside "book") do not
 * count. */
TEST(settled_by_folders_above)
{
	struct hb_site site;
	struct hb_document *q1, *q2, *t1, *t2, *g1, *g2, *g3, *t3;
	size_t i;
	int seen = 0;

	q1 = load("book/01-map/01-a.md", "# map 的实现原理\n\n哈希表。\n");
	q2 = load("book/02-chan/1-b.md", "# 什么是 channel？\n\n管道。\n");
	/* Lean to a guide: headings that do not ask. */
	t1 = load("book/03-gc/1-c.md", "# 写屏障\n\n## 插入\n\n灰。\n\n"
	    "## 删除\n\n快照。\n");
	t2 = load("book/03-gc/deep/2-d.md", "# 三色\n\n## 白\n\n回收。\n\n"
	    "## 黑\n\n存活。\n");
	g1 = load("book-x/a.md", "# Cheat sheet\n\nx\n");
	g2 = load("book-x/b.md", "# Overview\n\ny\n");
	g3 = load("book-x/c.md", "# Study guide\n\nz\n");
	/* Alone in its folder, beside guides only at the top. */
	t3 = load("notes/n.md", "# Recursion\n\nA function that calls "
	    "itself.\n");
	CHECK(t1->why.by_section && t1->why.lean_guide);
	CHECK(t2->why.by_section && t2->why.lean_guide);
	CHECK(t3->why.by_section && !t3->why.lean_guide);
	hb_site_init(&site);
	hb_site_add(&site, q1);
	hb_site_add(&site, q2);
	hb_site_add(&site, t1);
	hb_site_add(&site, t2);
	hb_site_add(&site, g1);
	hb_site_add(&site, g2);
	hb_site_add(&site, g3);
	hb_site_add(&site, t3);
	hb_diag_fini(&d);
	hb_diag_init(&d);
	hb_guide_settle(&site, &d);
	/* book/ has 2 questions (book-x/'s guides are not under it). */
	CHECK_INT(t1->layout, HB_LAYOUT_SINGLE);
	CHECK_INT(t1->nquestions, 1);
	CHECK_INT(t2->layout, HB_LAYOUT_SINGLE);
	/* The handbook: 3 guides, 2 questions. */
	CHECK_INT(t3->layout, HB_LAYOUT_GUIDE);
	CHECK_INT(t3->nquestions, 0);
	for (i = 0; i < d.nex; i++) {
		if (strcmp(d.ex[i].path, "book/03-gc/deep/2-d.md") == 0) {
			CHECK_STR(d.ex[i].msg, "single: its title '三色' "
			    "neither asks nor names a guide, 0 of 2 headings "
			    "ask; no other document of its folder decides; the "
			    "documents under 'book/' do: 2 questions, 0 "
			    "guides");
			seen++;
		}
		if (strcmp(d.ex[i].path, "notes/n.md") == 0) {
			CHECK_STR(d.ex[i].msg, "guide: its title 'Recursion' "
			    "neither asks nor names a guide; no other document "
			    "of its folder decides; the handbook's documents "
			    "do: 2 questions, 3 guides");
			seen++;
		}
	}
	CHECK_INT(seen, 2);
	/* Nothing decides anywhere: what each leans to. */
	site.ndocs = 2;
	site.docs[0] = t1;
	site.docs[1] = t3;
	hb_guide_settle(&site, &d);
	CHECK_INT(t1->layout, HB_LAYOUT_GUIDE);
	CHECK_INT(t3->layout, HB_LAYOUT_SINGLE);
	site.ndocs = 8;
	site.docs[1] = q2;
	site.docs[0] = q1;
	site.docs[2] = t1;
	site.docs[7] = t3;
	hb_site_fini(&site);
}

int
main(void)
{
	hb_diag_init(&d);
	RUN(titles);
	RUN(list_of_facts_is_not_questions);
	RUN(guide_by_title_with_practice_questions);
	RUN(headings_need_to_ask);
	RUN(guide_title_and_questions);
	RUN(title_names_questions);
	RUN(forced_layouts);
	RUN(layout_rules);
	RUN(settled_by_folder);
	RUN(settled_by_folders_above);
	hb_diag_fini(&d);
	return hb_t_done("test_guide");
}
