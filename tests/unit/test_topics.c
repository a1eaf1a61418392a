/* Unit tests: topics.c (registry, detection) and the autolinks and
 * cross-references render.c makes with it. */
#include "harness.h"
#include "util.h"

#include "links.h"
#include "rx.h"
#include "source.h"
#include "topics.h"

static char dir[64];
static struct hb_diag d;

static void
put(const char *rel, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
}

static const char *const registry =
    "- id: gc\n"
    "  title: {zh: 垃圾回收, en: Garbage collection}\n"
    "  description: 三色标记。\n"
    "  aliases: [GC, 垃圾回收, 三色标记, 写屏障, garbage collector]\n"
    "- id: raft\n"
    "  title: Raft\n"
    "  aliases: [Raft, term, leader 选举]\n"
    "- id: k8s\n"
    "  title: Kubernetes\n"
    "  aliases: [K8s, kubelet, \"/kube-\\\\w+/\"]\n"
    "  related: [raft]\n";

static int
load(struct hb_topics *t, const char *text)
{
	struct hb_source *src = hb_source_fs_new(dir);
	int rc;

	put("topics.yml", text);
	hb_topics_fini(t);
	hb_topics_init(t);
	hb_diag_fini(&d);
	hb_diag_init(&d);
	rc = hb_topics_load(t, src, "topics.yml", true, &d);
	hb_source_free(src);
	return rc;
}

/* The file's topics alone (replace: true), so a test sees only its own
 * registry. */
static int
load_only(struct hb_topics *t, const char *list)
{
	struct hb_buf b;
	const char *p;
	int rc;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_buf_puts(&b, "replace: true\ntopics:\n");
	for (p = list; *p; p++) {
		if (p == list || p[-1] == '\n')
			hb_buf_puts(&b, "  ");
		hb_buf_putc(&b, *p);
	}
	rc = load(t, hb_buf_str(&b));
	hb_buf_fini(&b);
	return rc;
}

/* Topics detected for a question with this title and answer. */
static const char *
detect(struct hb_topics *t, const char *title, const char *answer)
{
	static char out[256];
	struct hb_question q;
	struct hb_answer a;
	struct hb_arena arena;
	struct hb_rx_scratch *s = hb_rx_scratch_new();
	size_t i;

	memset(&q, 0, sizeof(q));
	memset(&a, 0, sizeof(a));
	a.markdown = answer;
	q.title = title;
	q.answers = &a;
	q.nanswers = 1;
	hb_arena_init(&arena);
	hb_topics_detect(t, s, &q, &arena);
	out[0] = '\0';
	for (i = 0; i < q.ntopics; i++) {
		strcat(out, i ? " " : "");
		strcat(out, q.topics[i]);
	}
	hb_arena_fini(&arena);
	hb_rx_scratch_free(s);
	return out;
}

TEST(registry_loads_and_sorts)
{
	struct hb_topics t;

	hb_topics_init(&t);
	CHECK_INT(load_only(&t, registry), 0);
	CHECK_INT(t.n, 3);
	CHECK_STR(t.v[0].id, "gc");
	CHECK_STR(hb_topic_title(&t.v[0], "en"), "Garbage collection");
	CHECK_STR(hb_topic_title(&t.v[0], "zh"), "垃圾回收");
	CHECK_STR(hb_topic_title(hb_topics_find(&t, "raft"), "en"), "Raft");
	CHECK(hb_topics_find(&t, "nope") == NULL);
	hb_topics_fini(&t);
}

TEST(registry_errors_have_positions)
{
	struct hb_topics t;

	hb_topics_init(&t);
	CHECK_INT(load(&t, "- id: gc\n  title: x\n  aliases: [\"/(a/\"]\n"),
	    -1);
	CHECK_CONTAINS(t_diags(&d), "topics.yml:1:");
	CHECK_CONTAINS(t_diags(&d), "missing closing parenthesis");
	CHECK_INT(load(&t, "- id: gc\n  title: a\n- id: gc\n  title: b\n"), -1);
	CHECK_CONTAINS(t_diags(&d), "topics.yml:3:1: error: duplicate topic "
	    "id 'gc' (also at line 1)");
	CHECK_INT(load(&t, "- id: GC!\n  title: a\n  colour: red\n"), -1);
	CHECK_CONTAINS(t_diags(&d), "topics.yml:1:7: error: topic id 'GC!' "
	    "may only use");
	CHECK_CONTAINS(t_diags(&d), "topics.yml:3:3: error: unknown topic key "
	    "'colour'");
	CHECK_INT(load(&t, "- id: a\n  title: a\n  related: [b]\n"), -1);
	CHECK_CONTAINS(t_diags(&d), "names an unknown related topic 'b'");
	hb_topics_fini(&t);
}

TEST(detection_title_and_aliases)
{
	struct hb_topics t;

	hb_topics_init(&t);
	CHECK_INT(load_only(&t, registry), 0);
	CHECK_STR(detect(&t, "Go 的垃圾回收原理", ""), "gc");
	CHECK_STR(detect(&t, "gc 调优", ""), "gc");	/* caseless */
	CHECK_STR(detect(&t, "Golang GC原理", ""), "gc");	/* CJK neighbour */
	CHECK_STR(detect(&t, "简述 raft 状态转移", ""), "raft");
	CHECK_STR(detect(&t, "kube-proxy 做什么？", ""), "k8s"); /* pattern */
	CHECK_STR(detect(&t, "GMP 与 GC", ""), "gc");
	hb_topics_fini(&t);
}

TEST(detection_avoids_false_positives)
{
	struct hb_topics t;

	hb_topics_init(&t);
	CHECK_INT(load_only(&t, registry), 0);
	/* Latin aliases are whole words: GCC, determine, Terminal. */
	CHECK_STR(detect(&t, "GCC 的编译选项", ""), "");
	CHECK_STR(detect(&t, "How to determine the terminal size?", ""), "");
	/* One passing mention deep in an answer does not tag. */
	CHECK_STR(detect(&t, "slice 扩容", "顺便说一句，GC 会回收旧数组。"), "");
	/* Three mentions do. */
	CHECK_STR(detect(&t, "slice 扩容", "GC 一次；三色标记；写屏障。"), "gc");
	/* A long answer mentioning everything keeps only the strongest. */
	CHECK_STR(detect(&t, "综合题", "GC GC GC GC GC GC. Raft Raft Raft Raft. "
	    "K8s K8s K8s."), "gc raft");
	hb_topics_fini(&t);
}

/* Issue #10: the registry built into the binary. */
TEST(builtin_registry)
{
	struct hb_topics t;
	static const char *const ids[] = { "gmp", "gc", "k8s", "prometheus",
		"raft", "channel", "goroutine", "interface", "sync", "context",
		"memory-leak", "network", "service-discovery", "database",
		"algorithms", "data-structures", "system-design", "behavioral" };
	size_t i;

	hb_topics_init(&t);
	CHECK_INT(load(&t, ""), 0);	/* an empty file adds nothing */
	CHECK_INT(t.n, sizeof(ids) / sizeof(ids[0]));
	for (i = 0; i < t.n; i++) {
		const struct hb_topic_def *def = hb_topics_find(&t, ids[i]);

		CHECK(def != NULL);
		CHECK(def->title_zh != NULL && def->title_en != NULL);
		CHECK(def->naliases > 0);
		CHECK_STR(def->file, HB_TOPICS_BUILTIN);
	}
	CHECK_STR(hb_topic_title(hb_topics_find(&t, "k8s"), "en"),
	    "Kubernetes");
	CHECK_STR(hb_topic_title(hb_topics_find(&t, "system-design"), "zh"),
	    "系统设计");
	/* A handbook's topic with a built-in id replaces it; a new one is
	 * added and may name built-in topics as related. */
	CHECK_INT(load(&t, "- id: gc\n  title: Collector\n  aliases: [收集器]\n"
	    "- id: escape\n  title: 逃逸分析\n  aliases: [逃逸分析]\n"
	    "  related: [gc, memory-leak]\n"), 0);
	CHECK_INT(t.n, sizeof(ids) / sizeof(ids[0]) + 1);
	CHECK_STR(hb_topic_title(hb_topics_find(&t, "gc"), "en"), "Collector");
	CHECK_STR(hb_topics_find(&t, "gc")->file, "topics.yml");
	CHECK_STR(detect(&t, "收集器的原理", ""), "gc");
	CHECK_STR(detect(&t, "三色标记", ""), "");	/* the old aliases went */
	CHECK_STR(detect(&t, "逃逸分析", ""), "escape");
	CHECK_STR(detect(&t, "GMP 调度模型", ""), "gmp");
	/* replace: true keeps the handbook's topics only. */
	CHECK_INT(load(&t, "replace: true\ntopics:\n  - id: x\n    title: X\n"),
	    0);
	CHECK_INT(t.n, 1);
	CHECK(hb_topics_find(&t, "gmp") == NULL);
	CHECK_INT(load(&t, "replace: false\ntopics: []\n"), 0);
	CHECK_INT(t.n, sizeof(ids) / sizeof(ids[0]));
	/* Mistakes in the file's shape. */
	CHECK_INT(load(&t, "replace: yes please\n"), -1);
	CHECK_CONTAINS(t_diags(&d), "topics.yml:1:10: error:");
	CHECK_INT(load(&t, "topics: gc\n"), -1);
	CHECK_CONTAINS(t_diags(&d), "topics.yml:1:9: error: 'topics' must be "
	    "a list");
	CHECK_INT(load(&t, "topic:\n  - id: gc\n"), -1);
	CHECK_CONTAINS(t_diags(&d), "topics.yml:1:1: error: unknown key "
	    "'topic' in the topics file (topics, replace)");
	CHECK_INT(load(&t, "- id: gc2\n  title: a\n  related: [gmpp]\n"), -1);
	CHECK_CONTAINS(t_diags(&d), "topics.yml:1:1: error: topic 'gc2' names "
	    "an unknown related topic 'gmpp'");
	hb_topics_fini(&t);
}

/* Built-in aliases that are also everyday words only count in a phrase
 * that makes them technical. */
TEST(builtin_registry_false_positives)
{
	struct hb_topics t;

	hb_topics_init(&t);
	CHECK_INT(load(&t, ""), 0);
	CHECK_STR(detect(&t, "What is the context of this project?", ""), "");
	CHECK_STR(detect(&t, "How do you use context.Context for "
	    "cancellation?", ""), "context");
	CHECK_STR(detect(&t, "Long term plans and the ternary operator", ""),
	    "");
	CHECK_STR(detect(&t, "Design the user interface", ""), "");
	CHECK_STR(detect(&t, "GCC and gcc flags", ""), "");
	CHECK_STR(detect(&t, "数组索引越界怎么办", ""), "");
	CHECK_STR(detect(&t, "设计一个 HTTP 接口", ""), "network");
	CHECK_STR(detect(&t, "变量什么时候逃逸到堆上", ""), "");
	CHECK_STR(detect(&t, "哈希冲突怎么解决", ""), "");
	CHECK_STR(detect(&t, "空接口可以存什么", ""), "interface");
	CHECK_STR(detect(&t, "讲讲最小堆", ""), "data-structures");
	CHECK_STR(detect(&t, "Tell me about yourself", ""), "behavioral");
	CHECK_STR(detect(&t, "Design a rate limiter", ""), "system-design");
	CHECK_STR(detect(&t, "Explain time complexity of quicksort", ""),
	    "algorithms");
	/* A passing mention in an answer tags nothing. */
	CHECK_STR(detect(&t, "slice 扩容", "扩容时可能触发 GC。"), "");
	hb_topics_fini(&t);
}

static struct hb_document *
load_doc(const char *text, struct hb_topics *t)
{
	struct hb_build b;
	struct hb_render_opts ro;
	struct hb_render *r;
	struct hb_document *doc;

	memset(&b, 0, sizeof(b));
	b.topics = *t;
	memset(&ro, 0, sizeof(ro));
	ro.hl = hb_highlighter_new(&d);
	ro.topics = t;
	ro.lang = "zh";
	r = hb_render_new(&ro);
	doc = hb_build_load_text(&b, r, "q.md", "q.md", text, strlen(text), &d);
	hb_render_free(r);
	hb_highlighter_free((struct hb_highlighter *)ro.hl);
	return doc;
}

TEST(autolinks_first_mention_outside_code_and_links)
{
	struct hb_topics t;
	struct hb_document *doc;
	const char *h;

	hb_topics_init(&t);
	CHECK_INT(load_only(&t, registry), 0);
	doc = load_doc("# GC 是怎么工作的？\n\n## 三色标记\n\n"
	    "`GC` 在代码里不算；[GC 链接](https://e.org) 也不算。"
	    "真正的 GC 在这里，后面的 GC 不再链接。\n\n```go\nruntime.GC()\n```\n", &t);
	CHECK(doc != NULL);
	CHECK_STR(doc->questions[0].topics[0], "gc");
	h = doc->questions[0].answers[0].html;
	CHECK_CONTAINS(h, "<h2 id=\"三色标记\">三色标记</h2>");
	CHECK_CONTAINS(h, "<code>GC</code>");
	CHECK_CONTAINS(h, "<a href=\"https://e.org\">GC 链接</a>");
	CHECK_CONTAINS(h, "真正的 <a class=\"topic-link\" "
	    "href=\"../topics/gc.html\">GC</a> 在这里，后面的 GC 不再链接。");
	CHECK(strstr(strstr(h, "topic-link") + 1, "topic-link") == NULL);
	hb_document_free(doc);
	hb_topics_fini(&t);
}

TEST(cross_references)
{
	struct hb_topics t;
	struct hb_document *doc, *other;
	struct hb_site site;
	struct hb_arena a;
	const char *h, *r;

	hb_topics_init(&t);
	CHECK_INT(load_only(&t, registry), 0);
	doc = load_doc("# 问题？\n\n见 [[q:other-id]] 与 [[topic:raft]]，"
	    "`[[q:in-code]]` 不算。\n", &t);
	h = doc->questions[0].answers[0].html;
	/* The title is not known yet: a hole naming links[0]. */
	CHECK_CONTAINS(h, "<a class=\"xref\" href=\"../q/other-id.html\" "
	    "data-q=\"other-id\">\x1a" "0\x1a</a>");
	CHECK_CONTAINS(h, "<a class=\"xref\" href=\"../topics/raft.html\">"
	    "Raft</a>");
	CHECK_CONTAINS(h, "<code>[[q:in-code]]</code>");
	CHECK_INT(doc->nlinks, 2);
	CHECK_INT(doc->links[0].kind, HB_LINK_QUESTION);
	CHECK_INT(doc->links[0].line, 3);
	CHECK_INT(doc->links[0].col, 5);
	/* After linking the hole takes the target's title, escaped. */
	other = load_doc("---\nid: other-id\n---\n# A<b> 是什么？\n\n答。\n", &t);
	CHECK(other != NULL);
	other->slug = "other";	/* both were loaded as q.md */
	hb_site_init(&site);
	hb_site_add(&site, doc);
	hb_site_add(&site, other);
	hb_arena_init(&a);
	CHECK_INT(hb_links_assign_ids(&site, &d), 0);
	r = hb_render_xref_titles(&a, h, doc, &site);
	CHECK_CONTAINS(r, "data-q=\"other-id\">A&lt;b&gt; 是什么？</a> 与");
	CHECK(strchr(r, HB_RENDER_HOLE) == NULL);
	/* A fragment without holes comes back as it is. */
	CHECK(hb_render_xref_titles(&a, "<p>x</p>", doc, &site) != NULL);
	CHECK_STR(hb_render_xref_titles(&a, "<p>x</p>", doc, &site), "<p>x</p>");
	hb_arena_fini(&a);
	hb_site_fini(&site);
	hb_topics_fini(&t);
}

/* Issue #13: a 300-character id used to be cut inside the tag at a
 * 1 KB buffer cap, leaving an unclosed <a href="...%E9%95 and no
 * diagnostic. Now an id no question can have is an error at its
 * position, and the text stays text. */
TEST(over_long_cross_reference_is_an_error)
{
	struct hb_topics t;
	struct hb_document *doc;
	struct hb_buf md;
	size_t i, before = hb_diag_count(&d, HB_SEV_ERROR);
	const char *h;

	hb_topics_init(&t);
	hb_buf_init(&md, HB_BUF_NOCAP);
	hb_buf_puts(&md, "# 问题？\n\n见 [[q:");
	for (i = 0; i < 300; i++)
		hb_buf_puts(&md, "长");
	hb_buf_puts(&md, "]] 完。\n");
	doc = load_doc(hb_buf_str(&md), &t);
	CHECK(doc != NULL);
	h = doc->questions[0].answers[0].html;
	CHECK(strstr(h, "<a ") == NULL);
	CHECK_CONTAINS(h, "]] 完。</p>");
	CHECK_INT(hb_diag_count(&d, HB_SEV_ERROR), before + 1);
	CHECK_CONTAINS(d.v[d.n - 1].msg, "cross-reference id longer than");
	CHECK_INT(d.v[d.n - 1].line, 3);
	CHECK_INT(d.v[d.n - 1].col, 5);
	CHECK_INT(doc->nlinks, 0);
	hb_document_free(doc);
	hb_buf_fini(&md);
	hb_topics_fini(&t);
}

/* U+001A marks the renderer's holes: in a source it is replaced, with a
 * warning at its position, and cannot fake a cross-reference. */
TEST(hole_byte_in_source_is_replaced)
{
	struct hb_topics t;
	struct hb_document *doc;
	size_t before = hb_diag_count(&d, HB_SEV_WARNING);

	hb_topics_init(&t);
	doc = load_doc("# 问题？\n\nab\x1a" "0\x1a cd\n", &t);
	CHECK(doc != NULL);
	CHECK(strchr(doc->questions[0].answers[0].html, HB_RENDER_HOLE) ==
	    NULL);
	CHECK_CONTAINS(doc->questions[0].answers[0].html, "ab?0? cd");
	CHECK_INT(hb_diag_count(&d, HB_SEV_WARNING), before + 1);
	hb_document_free(doc);
	hb_topics_fini(&t);
}

/* ---- the literal prefilter (issue #12) ---- */

struct hits {
	char text[8192];
	size_t len;
};

static bool
record(void *ctx, size_t topic, size_t start, size_t end)
{
	struct hits *h = ctx;
	int k = snprintf(h->text + h->len, sizeof(h->text) - h->len,
	    "%zu@%zu-%zu ", topic, start, end);

	if (k > 0 && h->len + (size_t)k < sizeof(h->text))
		h->len += (size_t)k;
	return true;
}

/* Every match of a prefiltered scan against a plain search, on text made
 * of the pieces that could trip the literals: case and the two letters
 * pcre2 folds onto ASCII (U+212A, U+017F), white space of every kind,
 * word boundaries, optional characters, CJK. */
static void
same_as_search(struct hb_topics *t, unsigned seed, int rounds)
{
	static const char *const pieces[] = {
		"k", "K", "\xe2\x84\xaa", "8", "s", "S", "\xc5\xbf", " ",
		"\t", "\n", "\xe3\x80\x80", "_", "-", ".", "(", "{", "x",
		"GC", "gc", "调度", "模型", "垃圾回收", "M:N", "P", "的本地队列",
		"irate(", "rate(", "irat(", "select", "context", ".TODO",
		"Background", "leader", "选举", "kube-", "proxy", "é", "É",
		"ärger", "Ärger", "队列",
	};
	struct hb_rx_scratch *s = hb_rx_scratch_new();
	unsigned x = seed;
	int r;

	for (r = 0; r < rounds; r++) {
		char text[512];
		struct hits a = { .len = 0 }, b = { .len = 0 };
		size_t n = 0;

		while (n < 200) {
			const char *p;

			x = x * 1103515245u + 12345u;
			p = pieces[(x >> 16) % (sizeof(pieces) /
			    sizeof(pieces[0]))];
			memcpy(text + n, p, strlen(p));
			n += strlen(p);
		}
		text[n] = '\0';
		t->no_prefilter = true;
		hb_topics_scan(t, s, text, n, record, &a);
		t->no_prefilter = false;
		hb_topics_scan(t, s, text, n, record, &b);
		if (strcmp(a.text, b.text) != 0) {
			HB_T_FAIL("text \"%s\": search %s, prefiltered %s",
			    text, a.text, b.text);
			break;
		}
	}
	hb_rx_scratch_free(s);
}

TEST(prefilter_matches_the_search)
{
	struct hb_topics t;

	hb_topics_init(&t);
	CHECK_INT(load_only(&t,
	    "- id: gc\n"
	    "  aliases: [GC, 垃圾回收, k8s, ks, Kube-Proxy, S, \"M:N 调度\", "
	    "\"P 的本地队列\", \"leader 选举\"]\n"
	    "- id: prom\n"
	    "  aliases: [\"/\\\\birate?\\\\(/\", \"/\\\\bselect\\\\s*\\\\{/\", "
	    "\"/\\\\bcontext\\\\.(?:Background|TODO)\\\\b/\", \"/调度模型/\", "
	    "\"/context\\\\s+选举/\"]\n"), 0);
	CHECK(t.nrx == 1 && t.pf[0] != NULL);
	same_as_search(&t, 1, 400);
	if (hb_t_cur_failed)
		goto done;
	/* Aliases with no leading literal: that alternation is searched. */
	CHECK_INT(load_only(&t,
	    "- id: a\n"
	    "  aliases: [Ärger, gc]\n"
	    "- id: b\n"
	    "  aliases: [\"/gc|é/\", \"/.队列/\"]\n"), 0);
	CHECK(t.nrx == 1 && t.pf[0] == NULL);
	same_as_search(&t, 2, 100);
	if (hb_t_cur_failed)
		goto done;
	/* The built-in registry. */
	CHECK_INT(load(&t, ""), 0);
	same_as_search(&t, 3, 400);
done:
	hb_topics_fini(&t);
}

int
main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/hb-topics-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	hb_diag_init(&d);
	RUN(registry_loads_and_sorts);
	RUN(registry_errors_have_positions);
	RUN(detection_title_and_aliases);
	RUN(detection_avoids_false_positives);
	RUN(builtin_registry);
	RUN(builtin_registry_false_positives);
	RUN(autolinks_first_mention_outside_code_and_links);
	RUN(cross_references);
	RUN(over_long_cross_reference_is_an_error);
	RUN(hole_byte_in_source_is_replaced);
	RUN(prefilter_matches_the_search);
	hb_diag_fini(&d);
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd) != 0)
			return 1;
	}
	return hb_t_done("test_topics");
}
