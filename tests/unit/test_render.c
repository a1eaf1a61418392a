/* Unit tests: render.c (HTML fragments from the live parse tree). */
#include <pthread.h>

#include "harness.h"
#include "util.h"

static struct hb_diag d;

static const char *
answer_html(const char *md, bool allow_html)
{
	static char out[16384];
	struct hb_document *doc;

	hb_diag_fini(&d);
	hb_diag_init(&d);
	doc = t_load_html("dir/page.md", md, allow_html, &d);
	if (doc == NULL || doc->nquestions == 0 ||
	    doc->questions[0].nanswers == 0)
		return "(none)";
	snprintf(out, sizeof(out), "%s", doc->questions[0].answers[0].html ?
	    doc->questions[0].answers[0].html : "(null)");
	hb_document_free(doc);
	return out;
}

TEST(code_blocks_are_highlighted_with_a_bar)
{
	const char *h = answer_html("# 什么是 defer？\n\n```go\nfunc f() {}\n```\n",
	    false);

	CHECK_CONTAINS(h, "<div class=\"code\" data-lang=\"go\">");
	CHECK_CONTAINS(h, "<span class=\"code-lang\">go</span>");
	CHECK_CONTAINS(h, "<button type=\"button\" class=\"copy\" hidden>");
	CHECK_CONTAINS(h, "<code class=\"language-go\">");
	CHECK_CONTAINS(h, "<span class=\"tok-kw\">func</span>");
}

TEST(unlabeled_go_is_treated_as_go)
{
	const char *h = answer_html("# 输出什么？\n\n```\npackage main\n\n"
	    "func main() {}\n```\n", false);

	CHECK_CONTAINS(h, "class=\"language-go\"");
}

TEST(raw_html_is_text_by_default)
{
	const char *h = answer_html("# 问题？\n\n<script>alert(1)</script>\n\n"
	    "a <b onclick=\"x\">b</b> <!-- hidden -->\n", false);

	CHECK(strstr(h, "<script>") == NULL);
	CHECK(strstr(h, "<b onclick") == NULL);
	CHECK_CONTAINS(h, "&lt;script&gt;alert(1)&lt;/script&gt;");
	CHECK_CONTAINS(h, "&lt;b onclick=&quot;x&quot;&gt;");
	CHECK(strstr(h, "hidden") == NULL);
	h = answer_html("# 问题？\n\n<kbd>Ctrl</kbd>\n", true);
	CHECK_CONTAINS(h, "<kbd>Ctrl</kbd>");
}

TEST(dangerous_urls_are_neutralised)
{
	const char *h = answer_html("# 问题？\n\n[x](javascript:alert(1)) "
	    "[y](JaVaScRiPt:1) [z](vbscript:1) ![i](data:image/png;base64,AA) "
	    "[w](data:text/html,x)\n", true);

	CHECK(strstr(h, "javascript:") == NULL);
	CHECK(strstr(h, "JaVaScRiPt") == NULL);
	CHECK(strstr(h, "vbscript") == NULL);
	CHECK(strstr(h, "data:text") == NULL);
	CHECK_CONTAINS(h, "src=\"data:image/png;base64,AA\"");
}

TEST(relative_links_point_at_pages_and_media)
{
	struct hb_document *doc;
	const char *h = answer_html("# 问题？\n\n[a](other.md#q1) "
	    "[b](../lists/go%20basics.md) ![c](img/x.png) [d](https://e.org/)"
	    " [e](q:gmp-runq) [f](topic:gc)\n", false);

	CHECK_CONTAINS(h, "href=\"../d/dir-other.html#q1\"");
	CHECK_CONTAINS(h, "href=\"../d/lists-go-basics.html\"");
	CHECK_CONTAINS(h, "src=\"../media/dir/img/x.png\"");
	CHECK_CONTAINS(h, "href=\"https://e.org/\"");
	CHECK_CONTAINS(h, "href=\"../q/gmp-runq.html\"");
	CHECK_CONTAINS(h, "href=\"../topics/gc.html\"");
	/* Links are recorded for checking, with positions. */
	hb_diag_fini(&d);
	hb_diag_init(&d);
	doc = t_load_html("dir/page.md", "# 问题？\n\n[a](other.md#q1)\n\n"
	    "![c](../../escape.png)\n", false, &d);
	CHECK_INT(doc->nlinks, 2);
	CHECK_INT(doc->links[0].kind, HB_LINK_DOC);
	CHECK_STR(doc->links[0].target, "dir/other.md");
	CHECK_STR(doc->links[0].anchor, "q1");
	CHECK_INT(doc->links[0].line, 3);
	CHECK(doc->links[1].target == NULL);	/* leaves the content */
	CHECK(doc->links[1].image);
	hb_document_free(doc);
}

TEST(labels_are_dropped_and_prompt_rendered)
{
	struct hb_document *doc;

	hb_diag_fini(&d);
	hb_diag_init(&d);
	doc = t_load_html("r.md", "# R\n\n### 1. Q\n\n**面试官**: 讲讲 **GMP**。\n\n"
	    "**候选人回答区域**:\n```\n第一行\n第二行\n```\n", false, &d);
	CHECK(doc != NULL);
	CHECK_STR(doc->questions[0].prompt_html,
	    "<p>讲讲 <strong>GMP</strong>。</p>\n");
	/* Boxed text keeps the author's line breaks. */
	CHECK_STR(doc->questions[0].answers[0].html,
	    "<p>第一行<br />\n第二行</p>\n");
	hb_document_free(doc);
}

TEST(line_break_between_chinese_is_dropped)
{
	const char *h = answer_html("# 问题？\n\n第一句话，\n接着说。\nEnglish\nwords\n",
	    false);

	CHECK_CONTAINS(h, "第一句话，接着说。\nEnglish\nwords");
}

TEST(emphasis_next_to_fullwidth_punctuation_is_bold)
{
	const char *h = answer_html("# 问题？\n\n**注意：**后文\n", false);

	CHECK_CONTAINS(h, "<strong>注意：</strong>后文");
}

/* Issue #12: cmark-gfm's inline special-character table is global and
 * every cmark_parser_finish switches the extensions' characters on and
 * off. Several threads parse at once here, each document full of bare
 * URLs and ~~strikethrough~~; every one must come out linked. */
#define T_THREADS 4
#define T_DOCS 60
#define T_LINKS 40

struct t_thread {
	int id;
	int bad;		/* documents with a lost link or <del> */
};

static void *
parse_many(void *arg)
{
	struct t_thread *t = arg;
	struct hb_diag dd;
	char md[8192], want[128];
	int i, k;

	hb_diag_init(&dd);
	for (i = 0; i < T_DOCS; i++) {
		struct hb_document *doc;
		size_t n = (size_t)snprintf(md, sizeof(md), "# 问题 %d？\n\n",
		    i);

		for (k = 0; k < T_LINKS; k++)
			n += (size_t)snprintf(md + n, sizeof(md) - n,
			    "see https://example.com/t%d/d%d/l%d and "
			    "~~old%d~~ www.example.org/w%d\n", t->id, i, k,
			    k, k);
		doc = t_load_html("p.md", md, false, &dd);
		if (doc == NULL || doc->nquestions != 1 ||
		    doc->questions[0].nanswers == 0) {
			t->bad++;
			hb_document_free(doc);
			continue;
		}
		for (k = 0; k < T_LINKS; k++) {
			const char *h = doc->questions[0].answers[0].html;

			snprintf(want, sizeof(want), "<a href=\"https://"
			    "example.com/t%d/d%d/l%d\"", t->id, i, k);
			if (strstr(h, want) == NULL)
				break;
			snprintf(want, sizeof(want), "<del>old%d</del>", k);
			if (strstr(h, want) == NULL)
				break;
			snprintf(want, sizeof(want), "href=\"http://"
			    "www.example.org/w%d\"", k);
			if (strstr(h, want) == NULL)
				break;
		}
		if (k < T_LINKS)
			t->bad++;
		hb_document_free(doc);
	}
	hb_diag_fini(&dd);
	return NULL;
}

TEST(autolinks_survive_parallel_parsing)
{
	pthread_t th[T_THREADS];
	struct t_thread t[T_THREADS];
	int i, bad = 0;

	for (i = 0; i < T_THREADS; i++) {
		t[i].id = i;
		t[i].bad = 0;
		CHECK(pthread_create(&th[i], NULL, parse_many, &t[i]) == 0);
	}
	for (i = 0; i < T_THREADS; i++) {
		pthread_join(th[i], NULL);
		bad += t[i].bad;
	}
	CHECK_INT(bad, 0);
}

int
main(void)
{
	hb_diag_init(&d);
	RUN(code_blocks_are_highlighted_with_a_bar);
	RUN(unlabeled_go_is_treated_as_go);
	RUN(raw_html_is_text_by_default);
	RUN(dangerous_urls_are_neutralised);
	RUN(relative_links_point_at_pages_and_media);
	RUN(labels_are_dropped_and_prompt_rendered);
	RUN(line_break_between_chinese_is_dropped);
	RUN(emphasis_next_to_fullwidth_punctuation_is_bold);
	RUN(autolinks_survive_parallel_parsing);
	hb_diag_fini(&d);
	return hb_t_done("test_render");
}
