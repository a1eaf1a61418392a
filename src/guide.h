/* Stage 5b: not every page is a question (issue #17). What a title, a
 * paragraph or a list item says about being a question or a guide, and
 * the link-stage step that settles the documents whose own evidence is
 * not enough by what the other documents of their folder are.
 *
 * A title asks when it ends with '?' or '？', starts with an English
 * interrogative ("what", "why", "how" but not "how to", "is", "does",
 * "explain", ...), or holds a Chinese interrogative or prompt (什么,
 * 如何, 为什么, 怎么, 是否, 哪些, 区别, 原理, 简述, 说说, 谈谈, 介绍,
 * ...). It names a guide when it holds "cheat sheet", "guide",
 * "overview", "introduction", "tips", "how to" (at the start) and the
 * like, or ends (or starts) with 指南, 概述, 简介, 入门, 总结, 速查,
 * 笔记, .... A question mark wins over a guide word; a guide word wins
 * over an interrogative ("How to write a resume" is a guide). */
#ifndef HB_GUIDE_H
#define HB_GUIDE_H

#include <stdbool.h>

struct hb_diag;
struct hb_site;

enum hb_lean {
	HB_LEAN_NONE,
	HB_LEAN_QUESTION,
	HB_LEAN_GUIDE
};

/* What title says. *why (may be NULL) gets a static description of the
 * word that decided ("ends with '?'", "'cheat sheet'"). */
enum hb_lean hb_guide_title(const char *title, const char **why);

/* True when title names a collection of questions ("Go 面试题 3",
 * "基础题", "问答", "Interview questions", "FAQ"): its numbered items
 * and headings are questions even when they do not ask. *why gets the
 * word. */
bool hb_guide_names_questions(const char *title, const char **why);

/* True when a paragraph's text starts with a Q&A marker: "Q:", "A:",
 * "问：", "答：", "答案", "参考答案", "面试官" (either colon). *why gets the
 * marker. */
bool hb_guide_qa_marker(const char *text, const char **why);

/* Settles every document whose layout its section decides
 * (doc->why.by_section): one question when more of the other documents
 * of its folder are questions than guides, a guide when more are
 * guides; when they are as many, the nearest folder above (with the
 * folders under it), then the whole handbook, decides the same way;
 * else what it leans to. Only documents with evidence of their own
 * count. Then explains every document's layout (HB_EX_LAYOUT).
 * Reversible: serve settles again each round. Runs before sections are
 * built and ids assigned; a sort, then binary searches bounded by the
 * length of the folder names. */
void hb_guide_settle(struct hb_site *site, struct hb_diag *d);

#endif
