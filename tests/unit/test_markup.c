/* Unit tests: markup.c, the foreign markup it reads (admonitions,
 * alerts, Hugo shortcodes, MDX lines) and the boxes parse.c makes of
 * it, plus {#id} headings in render.c. The examples live in
 * tests/spec/markup.txt, in the CommonMark spec format:
 *
 *   ```````````````````````````````` example
 *   Markdown (→ is a tab)
 *   .
 *   the HTML render.c makes of it
 *   .
 *   the diagnostics, one per line (optional part)
 *   ````````````````````````````````
 *
 * HB_SPEC_REGEN=1 also writes what came out to spec/markup.txt.new. */
#include "harness.h"
#include "util.h"

#include "extract.h"
#include "front.h"
#include "markup.h"
#include "xalloc.h"

#define FENCE "````````````````````````````````"

static struct hb_diag d;

/* Renders md as one fragment (every top-level block). Returns a static
 * buffer; diagnostics go to d. */
static const char *
render(const char *md)
{
	static char out[65536];
	struct hb_document *doc = hb_document_new("t.md", "t.md");
	struct hb_doc *pdoc;
	struct hb_extract x;
	struct hb_front front;
	struct hb_render_opts ro;
	struct hb_render *r;
	const struct hb_blk *b, **blks = NULL;
	const char *html = NULL;
	size_t n = 0, cap = 0;

	hb_diag_fini(&d);
	hb_diag_init(&d);
	memset(&front, 0, sizeof(front));
	memset(&ro, 0, sizeof(ro));
	ro.hl = hb_highlighter_new(&d);
	r = hb_render_new(&ro);
	pdoc = hb_parse("t.md", md, strlen(md), 1, 0, HB_PARSE_FENCE_DIAG, &d);
	hb_markup_report(hb_doc_markup(pdoc), "t.md", &d);
	hb_extract_init(&x, doc, pdoc, &front, HB_PARSE_FENCE_DIAG, &d);
	for (b = hb_doc_root(pdoc)->first; b != NULL; b = b->next) {
		blks = hb_xgrow(blks, &cap, n + 1, sizeof(*blks));
		blks[n++] = b;
	}
	hb_extract_span(&x, pdoc, blks, n, false, &html);
	hb_render_document(r, &x);
	snprintf(out, sizeof(out), "%s", html ? html : "");
	free(blks);
	hb_extract_fini(&x);
	hb_doc_free(pdoc);
	hb_document_free(doc);
	hb_render_free(r);
	hb_highlighter_free((struct hb_highlighter *)ro.hl);
	return out;
}

/* ---- the spec file ---- */

static int spec_passed, spec_failed;
static FILE *regen;	/* HB_SPEC_REGEN=1: spec/markup.txt.new */

static void
untab(struct hb_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i + 3 <= n && memcmp(s + i, "→", 3) == 0) {
			hb_buf_putc(b, '\t');
			i += 2;
		} else {
			hb_buf_putc(b, s[i]);
		}
	}
}

static void
run_example(int line, const char *md, const char *want, const char *diags)
{
	const char *got = render(md);
	const char *gd = t_diags(&d);

	if (regen != NULL) {
		fprintf(regen, FENCE " example\n%s.\n%s", md, got);
		if (gd[0] != '\0')
			fprintf(regen, ".\n%s", gd);
		fprintf(regen, FENCE "\n\n");
	}

	if (strcmp(got, want) != 0) {
		fprintf(stderr, "FAIL spec example at markup.txt:%d\n--- input\n"
		    "%s--- want\n%s--- got\n%s---\n", line, md, want, got);
		spec_failed++;
		return;
	}
	if (diags != NULL ? strcmp(gd, diags) != 0 : gd[0] != '\0') {
		fprintf(stderr, "FAIL spec example at markup.txt:%d "
		    "(diagnostics)\n--- want\n%s--- got\n%s---\n", line,
		    diags ? diags : "", gd);
		spec_failed++;
		return;
	}
	spec_passed++;
}

TEST(spec_examples)
{
	char *text = t_slurp("spec/markup.txt");
	const char *p, *nl;
	struct hb_buf part[3];
	int k = -1, line = 0, start = 0;

	CHECK(text != NULL);
	if (getenv("HB_SPEC_REGEN") != NULL)
		regen = fopen("spec/markup.txt.new", "w");
	for (int i = 0; i < 3; i++)
		hb_buf_init(&part[i], HB_BUF_NOCAP);
	for (p = text; *p; p = nl ? nl + 1 : p + strlen(p)) {
		size_t n;

		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		line++;
		if (k < 0) {
			if (n >= 32 && strncmp(p, FENCE " example", 40) == 0) {
				k = 0;
				start = line;
				for (int i = 0; i < 3; i++)
					hb_buf_reset(&part[i]);
			}
			continue;
		}
		if (n == 32 && strncmp(p, FENCE, 32) == 0) {
			run_example(start, hb_buf_str(&part[0]),
			    hb_buf_str(&part[1]), k == 2 ?
			    hb_buf_str(&part[2]) : NULL);
			k = -1;
			continue;
		}
		if (n == 1 && p[0] == '.' && k < 2) {
			k++;
			continue;
		}
		untab(&part[k], p, n);
		hb_buf_putc(&part[k], '\n');
	}
	for (int i = 0; i < 3; i++)
		hb_buf_fini(&part[i]);
	free(text);
	if (regen != NULL)
		fclose(regen);
	CHECK(spec_passed > 0);
	CHECK_INT(spec_failed, 0);
}

/* ---- beyond the HTML ---- */

/* Lines keep their numbers: what follows a box is where it was. */
TEST(positions_survive)
{
	struct hb_document *doc;

	hb_diag_fini(&d);
	hb_diag_init(&d);
	doc = t_load("t.md", "# Doc\n\n:::tip\nx\n:::\n\n"
	    "{{< hint >}}\ny\n{{< /hint >}}\n\n## Q1?\n\nA.\n\n"
	    "<Tabs>\n<TabItem>\n\n## Q2?\n\nB.\n\n</TabItem>\n</Tabs>\n", &d);
	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_HEADINGS);
	CHECK_INT(doc->nquestions, 2);
	CHECK_INT(doc->questions[0].line, 11);
	CHECK_INT(doc->questions[1].line, 18);
	CHECK_STR(doc->questions[1].answers[0].markdown, "B.");
	hb_document_free(doc);
}

/* A box holds whole blocks: a heading inside a callout is the box's,
 * not a question of the page. */
TEST(boxes_are_blocks_of_the_layout)
{
	struct hb_document *doc;

	hb_diag_fini(&d);
	hb_diag_init(&d);
	doc = t_load("t.md", "# 什么是 GMP？\n\n:::info 背景\n\n## 历史\n\n"
	    "早期只有 G 和 M。\n\n:::\n\n答案在这里。\n", &d);
	CHECK(doc != NULL);
	CHECK_INT(doc->layout, HB_LAYOUT_SINGLE);
	CHECK_INT(doc->nquestions, 1);
	CHECK_CONTAINS(doc->questions[0].answers[0].markdown, "## 历史");
	hb_document_free(doc);
}

/* {#id} on a section heading: the part has the anchor, not the text. */
TEST(section_heading_ids)
{
	struct hb_document *doc;

	hb_diag_fini(&d);
	hb_diag_init(&d);
	doc = t_load("t.md", "# Doc\n\n## Basics {#basics}\n\n### What is a "
	    "slice? {#slice}\n\nA view.\n\n### What is a map?\n\nA hash "
	    "table.\n", &d);
	CHECK(doc != NULL);
	CHECK_INT(doc->nquestions, 2);
	CHECK_STR(doc->questions[0].id_explicit ? doc->questions[0].base_id :
	    "", "slice");
	CHECK_STR(doc->questions[0].section, "Basics");
	CHECK_INT(doc->parts[0].kind, HB_PART_HEADING);
	CHECK_STR(doc->parts[0].text, "Basics");
	CHECK_STR(doc->parts[0].anchor, "basics");
	hb_document_free(doc);
}

/* check --explain: one line per file, and tallies. */
TEST(explained)
{
	size_t i;
	const char *line = NULL;

	render(":::note\nx\n:::\n\n> [!TIP]\n> y\n\n"
	    "{{< figure src=\"a.png\" >}}\n\nimport A from './a';\n\n"
	    "<Tabs>\nz\n</Tabs>\n");
	for (i = 0; i < d.nex; i++)
		if (strcmp(d.ex[i].topic, HB_EX_MARKUP) == 0)
			line = d.ex[i].msg;
	CHECK_STR(line, "2 callouts, 1 figure, 1 shortcode or MDX component "
	    "left out, 1 MDX import/export line left out");
	for (i = 0; i < d.ncnt; i++)
		if (strcmp(d.cnt[i].what, "callouts") == 0)
			CHECK_INT(d.cnt[i].n, 2);
}

/* Hostile input stays linear: 20,000 unclosed boxes and tags. */
TEST(many_unclosed_is_linear)
{
	struct hb_buf md;
	const char *h;
	int i;

	hb_buf_init(&md, HB_BUF_NOCAP);
	for (i = 0; i < 5000; i++)
		hb_buf_puts(&md, ":::note\n{{< highlight go >}}\n<Tabs\n"
		    "{{< hint >}}\n");
	h = render(hb_buf_str(&md));
	CHECK(h != NULL);
	CHECK(hb_diag_count(&d, HB_SEV_WARNING) > 0);
	hb_buf_fini(&md);
}

int
main(void)
{
	hb_diag_init(&d);
	RUN(spec_examples);
	RUN(positions_survive);
	RUN(boxes_are_blocks_of_the_layout);
	RUN(section_heading_ids);
	RUN(explained);
	RUN(many_unclosed_is_linear);
	hb_diag_fini(&d);
	return hb_t_done("test_markup");
}
