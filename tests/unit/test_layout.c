/* Unit tests: layout detection and question extraction (layout.c,
 * qa.c) on small documents of each layout. */
#include "harness.h"
#include "util.h"

static struct hb_diag d;

static struct hb_document *
load(const char *text)
{
	hb_diag_fini(&d);
	hb_diag_init(&d);
	return t_load("doc.md", text, &d);
}

TEST(record_with_english_labels)
{
	struct hb_document *doc = load(
	    "# Interview\n\n## Round 1\n\n### 1. Goroutines\n\n"
	    "**Interviewer**: What is a goroutine?\n\n"
	    "**Candidate answer**:\n```\nA light thread.\n```\n\n"
	    "**Review**:\n```\n✅ Pros:\n1. short\n\n⚠️ Cons:\n- vague\n\n"
	    "Overall: good ★★★★☆\nFine.\n```\n\n"
	    "**Reference answer**:\n\nGoroutines are scheduled by the runtime.\n"
	    "\n---\n\n### 2. Channels\n\n**Interviewer**: Explain channels.\n");
	const struct hb_question *q;

	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_RECORD);
	CHECK_STR(doc->title, "Interview");
	CHECK_INT(doc->nquestions, 2);
	q = &doc->questions[0];
	CHECK_STR(q->number, "1");
	CHECK_STR(q->title, "Goroutines");
	CHECK_STR(q->section, "Round 1");
	CHECK_STR(q->prompt, "What is a goroutine?");
	CHECK_INT(q->nanswers, 2);
	CHECK_INT(q->answers[0].kind, HB_ANSWER_CANDIDATE);
	CHECK_STR(q->answers[0].markdown, "A light thread.");
	CHECK_INT(q->answers[1].kind, HB_ANSWER_REFERENCE);
	CHECK_STR(q->answers[1].markdown,
	    "Goroutines are scheduled by the runtime.");
	CHECK(q->review != NULL);
	CHECK_STR(q->review->verdict, "good");
	CHECK_INT(q->review->stars, 4);
	CHECK_INT(q->review->npros, 1);
	CHECK_STR(q->review->pros[0], "short");
	CHECK_STR(q->review->cons[0], "vague");
	CHECK_STR(q->review->summary, "Fine.");
	CHECK_INT(q->review->rating_line, 22);
	CHECK_INT(doc->questions[1].status, HB_STATUS_UNANSWERED);
	hb_document_free(doc);
}

TEST(record_reference_with_headings_stays_in_question)
{
	/* gen-corpus writes reference answers as unfenced Markdown whose
	 * "### GMP:" heading is above the question level. */
	struct hb_document *doc = load(
	    "# R\n\n### 第一轮\n\n#### 1. 调度\n\n**面试官**: 讲讲 GMP。\n\n"
	    "**候选人回答区域**:\n```\n不清楚\n```\n\n**标准答案参考**:\n\n"
	    "### GMP:\nG M P 三者。\n\n```go\nruntime.Gosched()\n```\n\n---\n\n"
	    "### 第二轮\n\n#### 2. 内存\n\n**面试官**: GC？\n");
	const struct hb_question *q;

	CHECK(doc != NULL);
	CHECK_INT(doc->nquestions, 2);
	q = &doc->questions[0];
	CHECK_INT(q->nanswers, 2);
	CHECK_CONTAINS(q->answers[1].markdown, "### GMP:");
	CHECK_CONTAINS(q->answers[1].markdown, "runtime.Gosched()");
	CHECK_INT(q->ncode, 1);
	CHECK_STR(doc->questions[1].section, "第二轮");
	hb_document_free(doc);
}

TEST(list_with_sections_choices_and_title_rest)
{
	struct hb_document *doc = load(
	    "# Go 题库\n\n## 基础\n\n1. 什么是 channel？\n   它是管道。\n\n"
	    "2. 输出什么？\n\n```go\nfmt.Println(1)\n```\n\n"
	    "A. 1\nB. 0\nC. 编译错误\n\n## 并发\n\n1. 如何关闭 goroutine？\n"
	    "2. QUIC 是什么？\n");
	const struct hb_question *q;

	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_LIST);
	CHECK_INT(doc->nquestions, 4);
	q = &doc->questions[0];
	CHECK_STR(q->title, "什么是 channel？");
	CHECK_STR(q->section, "基础");
	CHECK_INT(q->nanswers, 1);
	CHECK_STR(q->answers[0].markdown, "它是管道。");
	q = &doc->questions[1];
	CHECK_INT(q->ncode, 1);
	CHECK_INT(q->nchoices, 3);
	CHECK_STR(q->choices[2].text, "编译错误");
	CHECK(q->correct == NULL);
	CHECK_STR(doc->questions[2].section, "并发");
	CHECK_INT(doc->questions[2].status, HB_STATUS_UNANSWERED);
	CHECK_STR(doc->questions[3].number, "2");
	hb_document_free(doc);
}

TEST(correct_choice_from_answer_text)
{
	struct hb_document *doc = load(
	    "# 题\n\n1. 输出什么？\n\n    [A: 1] [B: 2] [C: 3]\n\n"
	    "    **答案：** B，因为……\n\n2. 另一题？\n\n    A. x\n    B. y\n\n"
	    "    Answer: Apple is not a label.\n");

	CHECK(doc != NULL);
	CHECK_INT(doc->questions[0].nchoices, 3);
	CHECK_STR(doc->questions[0].correct, "B");
	CHECK_INT(doc->questions[1].nchoices, 2);
	CHECK(doc->questions[1].correct == NULL);
	hb_document_free(doc);
}

TEST(single_with_yaml_front_matter)
{
	struct hb_document *doc = load(
	    "---\ntitle: \"P 的本地队列有什么用？\"\nid: gmp-runq\nweight: 5\n"
	    "topics: [gmp, goroutine]\n---\n\n减少全局锁竞争。\n\n1. 先查本地\n"
	    "2. 再查全局\n");
	const struct hb_question *q;

	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_SINGLE);
	CHECK_INT(doc->weight, 5);
	CHECK_INT(doc->nquestions, 1);
	q = &doc->questions[0];
	CHECK_STR(q->title, "P 的本地队列有什么用？");
	CHECK_STR(q->base_id, "gmp-runq");
	CHECK(q->id_explicit);
	CHECK_INT(q->ntopics, 2);
	CHECK_STR(q->topics[0], "gmp");
	CHECK_STR(q->topics[1], "goroutine");
	CHECK_CONTAINS(q->answers[0].markdown, "2. 再查全局");
	CHECK_INT(q->answers[0].line, 8);
	hb_document_free(doc);
}

TEST(single_with_toml_front_matter)
{
	struct hb_document *doc = load(
	    "+++\ntitle = \"HPA 如何扩容？\"\nweight = 20\n"
	    "topics = [\"k8s\"]  # comment\ndraft = true\n+++\n\n按指标扩容。\n");

	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_SINGLE);
	CHECK_STR(doc->questions[0].title, "HPA 如何扩容？");
	CHECK(doc->draft);
	CHECK_INT(doc->weight, 20);
	CHECK_STR(doc->questions[0].topics[0], "k8s");
	CHECK_STR(doc->questions[0].base_id, "hpa-如何扩容");
	hb_document_free(doc);
}

TEST(single_with_h1_and_steps_is_not_a_list)
{
	struct hb_document *doc = load(
	    "# GMP 是什么？\n\n三个角色：\n\n1. G\n2. M\n3. P\n\n## 原理\n\n"
	    "细节。\n\n## 示例\n\n代码。\n");

	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_SINGLE);
	CHECK_INT(doc->nquestions, 1);
	CHECK_STR(doc->questions[0].title, "GMP 是什么？");
	CHECK_CONTAINS(doc->questions[0].answers[0].markdown, "## 示例");
	hb_document_free(doc);
}

TEST(title_that_asks_makes_one_question)
{
	/* Sub-sections and numbered points with bodies are the answer's
	 * structure when the front-matter title itself asks. */
	struct hb_document *doc = load(
	    "---\ntitle: \"etcd 如何保证一致性？\"\n---\n\n## 写路径\n\n"
	    "1. **转发**：follower 转给 leader\n\n   细节。\n\n"
	    "2. **复制**：多数派确认\n\n   细节。\n\n## 读路径\n\n线性读。\n");

	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_SINGLE);
	CHECK_INT(doc->nquestions, 1);
	CHECK_CONTAINS(doc->questions[0].answers[0].markdown, "## 读路径");
	hb_document_free(doc);
}

TEST(single_without_title_uses_file_name)
{
	struct hb_document *doc = load("只是一些笔记。\n");

	CHECK(doc != NULL);
	CHECK_STR(doc->title, "doc");
	CHECK_INT(doc->nquestions, 1);
	hb_document_free(doc);
}

TEST(headings_layout_with_sections_and_explicit_ids)
{
	struct hb_document *doc = load(
	    "# K8s 指南\n\n介绍。\n\n## 基础\n\n### kubelet 做什么？ {#kubelet}\n\n"
	    "管理 Pod。\n\n1. 拉镜像\n2. 启动容器\n\n#### 细节\n\n更多。\n\n"
	    "### HPA 如何工作？\n\n看指标。\n\n## 进阶\n\n### CRD 是什么？\n\n扩展 API。\n");
	const struct hb_question *q;

	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_HEADINGS);
	CHECK_INT(doc->nquestions, 3);
	q = &doc->questions[0];
	CHECK_STR(q->title, "kubelet 做什么？");
	CHECK_STR(q->base_id, "kubelet");
	CHECK_STR(q->section, "基础");
	CHECK_CONTAINS(q->answers[0].markdown, "#### 细节");
	CHECK_STR(doc->questions[2].section, "进阶");
	/* The intro paragraph and section headings are parts. */
	CHECK(doc->nparts >= 6);
	CHECK_INT(doc->parts[0].kind, HB_PART_PROSE);
	CHECK_INT(doc->parts[1].kind, HB_PART_HEADING);
	hb_document_free(doc);
}

TEST(forced_layout_from_front_matter)
{
	struct hb_document *doc = load(
	    "---\nlayout: headings\n---\n# Notes\n\n## GMP\n\nG M P。\n");

	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_HEADINGS);
	CHECK_INT(doc->nquestions, 1);
	CHECK_STR(doc->questions[0].title, "GMP");
	hb_document_free(doc);
}

TEST(placeholders_and_ratings)
{
	struct hb_document *doc = load(
	    "# R\n\n### 1. A\n\n**面试官**: 问。\n\n**候选人回答**:\n```\n"
	    "[等待候选人回答]\n```\n\n**面试官点评**:\n```\n评分：★★★☆☆\n```\n\n"
	    "### 2. B\n\n**面试官**: 问。\n\n**候选人回答**: 答了。\n\n"
	    "**点评**: 总体评价：良好 (4/5)\n");

	CHECK(doc != NULL);
	CHECK_INT(doc->nquestions, 2);
	CHECK_INT(doc->questions[0].status, HB_STATUS_UNANSWERED);
	CHECK_INT(doc->questions[0].review->stars, 3);
	CHECK(doc->questions[0].review->verdict == NULL);
	CHECK_INT(doc->questions[1].status, HB_STATUS_ANSWERED);
	CHECK_STR(doc->questions[1].answers[0].markdown, "答了。");
	CHECK_INT(doc->questions[1].review->stars, 4);
	CHECK_STR(doc->questions[1].review->verdict, "良好");
	hb_document_free(doc);
}

TEST(front_matter_errors_have_lines)
{
	struct hb_document *doc = load("---\ntitle: [unclosed\n---\nbody\n");

	CHECK(doc == NULL);
	CHECK_CONTAINS(t_diags(&d), "doc.md:3:1: error: invalid YAML");
	doc = load("+++\ntitle = \"x\"\nweight = \n+++\n");
	CHECK(doc == NULL);
	CHECK_CONTAINS(t_diags(&d), "doc.md:3:10: error: invalid TOML front "
	    "matter: a value is missing after '='");
	/* Keys no tool knows are reported by the link stage, once per key
	 * for the whole handbook: the document lists them. */
	doc = load("---\ntitle: x\ncolour: red\n---\nbody\n");
	CHECK(doc != NULL);
	CHECK_INT(doc->nunknown_keys, 1);
	CHECK_STR(doc->unknown_keys[0].key, "colour");
	CHECK_INT(doc->unknown_keys[0].line, 3);
	hb_document_free(doc);
	doc = load("---\nweight: heavy\n---\nbody\n");
	CHECK(doc == NULL);
	CHECK_CONTAINS(t_diags(&d), "doc.md:2:9: error: 'weight' must be a "
	    "whole number");
}

TEST(invalid_utf8_is_skipped_with_position)
{
	struct hb_document *doc = load("# T\n\nok \xff bad\n");

	CHECK(doc == NULL);
	CHECK_CONTAINS(t_diags(&d), "doc.md:3:4: warning: invalid UTF-8 "
	    "(byte 0xff); the file is skipped");
}

TEST(empty_document_warns)
{
	struct hb_document *doc = load("");

	CHECK(doc != NULL);
	CHECK_INT(doc->nquestions, 0);
	CHECK_CONTAINS(t_diags(&d), "doc.md: warning: no questions found");
	hb_document_free(doc);
}

int
main(void)
{
	hb_diag_init(&d);
	RUN(record_with_english_labels);
	RUN(record_reference_with_headings_stays_in_question);
	RUN(list_with_sections_choices_and_title_rest);
	RUN(correct_choice_from_answer_text);
	RUN(single_with_yaml_front_matter);
	RUN(single_with_toml_front_matter);
	RUN(single_with_h1_and_steps_is_not_a_list);
	RUN(title_that_asks_makes_one_question);
	RUN(single_without_title_uses_file_name);
	RUN(headings_layout_with_sections_and_explicit_ids);
	RUN(forced_layout_from_front_matter);
	RUN(placeholders_and_ratings);
	RUN(front_matter_errors_have_lines);
	RUN(invalid_utf8_is_skipped_with_position);
	RUN(empty_document_warns);
	hb_diag_fini(&d);
	return hb_t_done("test_layout");
}
