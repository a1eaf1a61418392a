/* Unit tests: plain text in the model (extract.h, hb_extract_text, and
 * parse.h, hb_blk_plain), made while the parse tree lives so that every
 * command has it and search indexes it without parsing Markdown again
 * (issue #13). */
#include "harness.h"
#include "util.h"

static struct hb_diag d;

static struct hb_document *
load(const char *path, const char *text)
{
	hb_diag_fini(&d);
	hb_diag_init(&d);
	return t_load(path, text, &d);
}

/* The one answer of a one-question file whose title asks. */
static const char *
answer_text(struct hb_document **doc, const char *body)
{
	struct hb_buf md;

	hb_buf_init(&md, HB_BUF_NOCAP);
	hb_buf_printf(&md, "---\ntitle: 怎么读？\n---\n\n%s", body);
	*doc = load("a.md", hb_buf_str(&md));
	hb_buf_fini(&md);
	if (*doc == NULL || (*doc)->nquestions != 1 ||
	    (*doc)->questions[0].nanswers != 1)
		return NULL;
	return (*doc)->questions[0].answers[0].text;
}

TEST(text_from_markdown)
{
	struct hb_document *doc;

	CHECK_STR(answer_text(&doc, "## Title **bold** and *it*\n\n"
	    "- item `code`\n\n1. one [link](http://x.y/z) ![alt](a.png)\n\n"
	    "> quote\n\n| a | b |\n|---|---|\n| c | d |\n\n---\n\n"
	    "<br/>x &amp; y &#x4e2d;\n\n[ref]: http://example.com\n"),
	    "Title bold and it\n\nitem code\n\none link alt\n\nquote\n\n"
	    "a b\nc d\n\nx & y 中");
	hb_document_free(doc);
	/* link targets and bare URLs are not text; identifiers, CJK and
	 * reference links' text are */
	CHECK_STR(answer_text(&doc, "see https://go.dev/doc and "
	    "sync.Map，再说 [x][r] <https://a.b> www.c.d\n\n[r]: /u\n"),
	    "see  and sync.Map，再说 x");
	hb_document_free(doc);
	CHECK_STR(answer_text(&doc, "- [x] done\n- [ ] todo\n\n#hashtag "
	    "\\*lit\\*\nnext line\n"), "done\n\ntodo\n\n#hashtag *lit*\n"
	    "next line");
	hb_document_free(doc);
	/* Chinese runs stay whole across emphasis and links */
	CHECK_STR(answer_text(&doc, "`map[K]V` 与 用[链接](http://x)写 "
	    "**强调**中文\n"), "map[K]V 与 用链接写 强调中文");
	hb_document_free(doc);
	/* raw HTML blocks are markup */
	CHECK_STR(answer_text(&doc, "<div>\nhidden\n</div>\n\nshown\n"),
	    "shown");
	hb_document_free(doc);
}

TEST(question_code_is_not_text)
{
	struct hb_document *doc;
	const struct hb_question *q;

	CHECK_STR(answer_text(&doc, "a\n\n   ```go\n   x := 1\n   ```\n\n"
	    "b ~~~ c\n\n    indented();\n"), "a\n\nb ~~~ c");
	q = &doc->questions[0];
	CHECK_INT(q->ncode, 2);
	CHECK_STR(q->code[0].code, "x := 1\n");
	CHECK_STR(q->code[1].code, "indented();\n");
	hb_document_free(doc);
	/* an unclosed fence is code to the end */
	CHECK_STR(answer_text(&doc, "text\n\n```\nlost? no\n"), "text");
	CHECK_INT(doc->questions[0].ncode, 1);
	hb_document_free(doc);
}

TEST(labels_and_boxes)
{
	struct hb_document *doc = load("rec.md", "# Go 面试\n\n"
	    "### 1. GC 与三色标记\n\n"
	    "**面试官**: 讲讲 **三色标记** 和写屏障。\n\n"
	    "**候选人回答区域**:\n```\n白色对象会被**回收**。\n```\n\n"
	    "**面试官点评**:\n```\n✅ 优点：\n1. 清楚\n\n"
	    "总体评价：良好 ⭐⭐⭐⭐\n```\n\n"
	    "**参考答案：** 标记-清除，[写屏障](https://go.dev)保证"
	    "`三色不变式`。\n\n```go\nruntime.GC()\n```\n\n"
	    "### 2. 计数器\n\n**面试官**:\n写一个计数器。\n\n"
	    "**面试官**: 要求并发安全。\n");
	const struct hb_question *q;

	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_RECORD);
	CHECK_INT(doc->nquestions, 2);
	q = &doc->questions[0];
	CHECK_STR(q->prompt_text, "讲讲 三色标记 和写屏障。");
	CHECK_INT(q->nanswers, 2);
	/* a boxed region's text is its fragment's, parsed as Markdown */
	CHECK_STR(q->answers[0].text, "白色对象会被回收。");
	CHECK_STR(q->answers[1].text, "标记-清除，写屏障保证三色不变式。");
	CHECK(q->review != NULL);
	CHECK_STR(q->review->text, "✅ 优点：\n\n清楚\n\n总体评价：良好 ⭐⭐⭐⭐");
	CHECK_INT(q->ncode, 1);
	/* a label alone on its line; two prompt regions */
	q = &doc->questions[1];
	CHECK_STR(q->prompt_text, "写一个计数器。\n\n要求并发安全。");
	hb_document_free(doc);
}

TEST(list_items_and_prose)
{
	struct hb_document *doc = load("l.md", "# 列表\n\n"
	    "开场白，*介绍*本页。\n\n```sh\ngo test\n```\n\n"
	    "1. slice 怎么扩容？\n   容量不够时 **翻倍**，\n   大了以后按比例。\n"
	    "2. map 是有序的吗？\n\n   不是，遍历顺序随机。\n\n"
	    "## 附录\n\n| 键 | 值 |\n|---|---|\n| a | 1 |\n");
	const struct hb_part *p;

	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_LIST);
	CHECK_INT(doc->nquestions, 2);
	/* the rest of an item's first paragraph answers its title */
	CHECK_STR(doc->questions[0].title, "slice 怎么扩容？");
	CHECK_INT(doc->questions[0].nanswers, 1);
	CHECK_STR(doc->questions[0].answers[0].text,
	    "容量不够时 翻倍，\n大了以后按比例。");
	CHECK_STR(doc->questions[1].answers[0].text, "不是，遍历顺序随机。");
	/* prose keeps its code; headings keep their text */
	CHECK(doc->nparts >= 4);
	p = &doc->parts[0];
	CHECK_INT(p->kind, HB_PART_PROSE);
	CHECK_STR(p->text, "开场白，介绍本页。\n\ngo test");
	p = &doc->parts[doc->nparts - 1];
	CHECK_INT(p->kind, HB_PART_PROSE);
	CHECK_STR(p->text, "键 值\na 1");
	CHECK_INT(doc->parts[doc->nparts - 2].kind, HB_PART_HEADING);
	CHECK_STR(doc->parts[doc->nparts - 2].text, "附录");
	hb_document_free(doc);
}

TEST(intro_without_questions_has_text)
{
	struct hb_document *doc = load("guide/README.md", "# 指南\n\n"
	    "这一节讲 **调度**。\n\n```go\ngo f()\n```\n");

	CHECK(doc != NULL);
	CHECK_INT(doc->role, HB_DOC_INTRO);
	CHECK_INT(doc->nquestions, 0);
	CHECK_STR(doc->intro_text, "这一节讲 调度。\n\ngo f()");
	hb_document_free(doc);
	/* a page is no intro */
	doc = load("guide/a.md", "# 指南\n\n正文。\n");
	CHECK(doc != NULL && doc->intro_text == NULL);
	hb_document_free(doc);
}

TEST(deep_nesting_costs_no_stack)
{
	struct hb_buf md;
	struct hb_document *doc;
	size_t i;

	hb_buf_init(&md, HB_BUF_NOCAP);
	hb_buf_puts(&md, "---\ntitle: 深吗？\n---\n\n");
	for (i = 0; i < 20000; i++)
		hb_buf_puts(&md, "> ");
	hb_buf_puts(&md, "底\n");
	doc = load("deep.md", hb_buf_str(&md));
	CHECK(doc != NULL && doc->nquestions == 1);
	CHECK_STR(doc->questions[0].answers[0].text, "底");
	hb_document_free(doc);
	hb_buf_fini(&md);
}

int
main(void)
{
	hb_diag_init(&d);
	RUN(text_from_markdown);
	RUN(question_code_is_not_text);
	RUN(labels_and_boxes);
	RUN(list_items_and_prose);
	RUN(intro_without_questions_has_text);
	RUN(deep_nesting_costs_no_stack);
	hb_diag_fini(&d);
	return hb_t_done("test_text");
}
