/* Unit tests: prepare.c (fence nesting repair, CJK emphasis) and the
 * parse.c block mirror built on it. */
#include "harness.h"
#include "util.h"

#include "prepare.h"

static struct hb_prepare_result res;

static const char *
prep(const char *in, struct hb_diag *d)
{
	static char out[8192];
	struct hb_buf b;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_prepare(in, strlen(in), "t.md", 1, HB_PREP_FENCE_DIAG, d, NULL, &b,
	    &res);
	snprintf(out, sizeof(out), "%s", hb_buf_str(&b));
	hb_buf_fini(&b);
	return out;
}

TEST(nested_fence_is_lengthened)
{
	struct hb_diag d;
	const char *in = "```\ntext\n```go\nx := 1\n```\nmore\n```\nafter\n";

	hb_diag_init(&d);
	CHECK_STR(prep(in, &d),
	    "````\ntext\n```go\nx := 1\n```\nmore\n````\nafter\n");
	CHECK_INT(res.nested, 1);
	CHECK_CONTAINS(t_diags(&d), "t.md:3:1: warning: code fence nested "
	    "inside the fence opened at line 1; read as a nested block");
	CHECK_CONTAINS(t_diags(&d), "t.md:1:1: note: make the outer fence "
	    "longer (````)");
	hb_diag_fini(&d);
}

TEST(two_levels_of_nesting)
{
	struct hb_diag d;
	const char *in = "```\n```md\n```go\nx\n```\n```\n```\n";

	hb_diag_init(&d);
	CHECK_STR(prep(in, &d), "`````\n````md\n```go\nx\n```\n````\n`````\n");
	hb_diag_fini(&d);
}

TEST(plain_fences_untouched)
{
	struct hb_diag d;
	const char *in = "```go\na\n```\n\n````md\n```go\nb\n```\n````\n";

	hb_diag_init(&d);
	CHECK_STR(prep(in, &d), in);
	CHECK_INT(res.nested, 0);
	CHECK_INT(d.n, 0);
	hb_diag_fini(&d);
}

TEST(unclosed_nested_reading_falls_back)
{
	struct hb_diag d;
	/* The inner ```go is never closed: nesting would swallow the rest,
	 * so the plain CommonMark reading wins and nothing is rewritten. */
	const char *in = "```\nsee:\n```go\n```\nprose\n";

	hb_diag_init(&d);
	CHECK_STR(prep(in, &d), in);
	CHECK_INT(res.unclosed, 0);
	hb_diag_fini(&d);
}

TEST(unclosed_fence_reported)
{
	struct hb_diag d;

	hb_diag_init(&d);
	prep("intro\n\n  ```go\nx\n", &d);
	CHECK_INT(res.unclosed, 1);
	CHECK_CONTAINS(t_diags(&d), "t.md:3:3: warning: code fence opened "
	    "here is never closed; add a closing ``` line");
	hb_diag_fini(&d);
}

TEST(tilde_and_backtick_do_not_mix)
{
	struct hb_diag d;
	const char *in = "~~~\n```go\nx\n```\n~~~\n";

	hb_diag_init(&d);
	CHECK_STR(prep(in, &d), in);
	hb_diag_fini(&d);
}

/* The paragraph's leading strong span proves the emphasis parsed. */
static const char *
lead_of(const char *md)
{
	static char out[256];
	struct hb_diag d;
	struct hb_doc *doc;
	const struct hb_blk *p;

	hb_diag_init(&d);
	doc = hb_parse("t.md", md, strlen(md), 1, 0, 0, &d);
	p = hb_doc_root(doc)->first;
	snprintf(out, sizeof(out), "%s|%s", p && p->lead ? p->lead : "-",
	    p && p->text ? p->text : "-");
	hb_doc_free(doc);
	hb_diag_fini(&d);
	return out;
}

TEST(cjk_emphasis_next_to_fullwidth_punctuation)
{
	/* commonmark-spec issue 650: plain CommonMark keeps the stars. */
	CHECK_STR(lead_of("**答案：**后文"), "答案：|答案：后文");
	CHECK_STR(lead_of("**注意**：看这里"), "注意|注意：看这里");
	CHECK_STR(lead_of("**“引号”**里"), "“引号”|“引号”里");
}

TEST(cjk_emphasis_leaves_other_text_alone)
{
	struct hb_diag d;
	const char *in = "a * b * c and `**x：**y` and 2*3*4\n";

	hb_diag_init(&d);
	CHECK_STR(prep(in, &d), in);
	CHECK(!res.sentinel);
	/* Inside code fences nothing changes. */
	CHECK_STR(prep("```\n**答案：**后文\n```\n", &d),
	    "```\n**答案：**后文\n```\n");
	hb_diag_fini(&d);
}

TEST(sentinel_never_leaks)
{
	struct hb_diag d;
	struct hb_doc *doc;
	struct hb_buf b;
	const char *md = "前文**答案：**后文，**重点**。\n";

	hb_diag_init(&d);
	doc = hb_parse("t.md", md, strlen(md), 1, 0, 0, &d);
	CHECK(strstr(hb_doc_root(doc)->first->text, "\xe1\x9a\x80") == NULL);
	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_doc_slice(doc, 1, 1, 0, 0, &b);
	CHECK_STR(hb_buf_str(&b), "前文**答案：**后文，**重点**。");
	hb_buf_fini(&b);
	hb_doc_free(doc);
	hb_diag_fini(&d);
}

TEST(positions_are_file_lines)
{
	struct hb_diag d;
	struct hb_doc *doc;
	const char *md = "# T\n\n```go\nx\n```\n";
	const struct hb_blk *b;

	hb_diag_init(&d);
	/* A body that starts at file line 5 (after front matter). */
	doc = hb_parse("t.md", md, strlen(md), 5, 0, 0, &d);
	b = hb_doc_root(doc)->first;
	CHECK_INT(b->line, 5);
	CHECK_INT(b->next->type, HB_BLK_CODE);
	CHECK_INT(b->next->line, 7);
	CHECK_INT(b->next->end_line, 9);
	CHECK_STR(b->next->info, "go");
	hb_doc_free(doc);
	hb_diag_fini(&d);
}

int
main(void)
{
	RUN(nested_fence_is_lengthened);
	RUN(two_levels_of_nesting);
	RUN(plain_fences_untouched);
	RUN(unclosed_nested_reading_falls_back);
	RUN(unclosed_fence_reported);
	RUN(tilde_and_backtick_do_not_mix);
	RUN(cjk_emphasis_next_to_fullwidth_punctuation);
	RUN(cjk_emphasis_leaves_other_text_alone);
	RUN(sentinel_never_leaks);
	RUN(positions_are_file_lines);
	return hb_t_done("test_prepare");
}
