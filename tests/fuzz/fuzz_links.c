/* libFuzzer target: one Markdown file through the whole loader (front,
 * parse, extract, render with links, images, [[q:ID]] and [[topic:ID]]
 * cross-references), then the link stage (ids, link checks) and the
 * cross-reference titles, as a page would get them. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "diag.h"
#include "highlight.h"
#include "links.h"
#include "model.h"
#include "parse.h"
#include "render.h"
#include "topics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct hb_highlighter *hl;
static struct hb_diag hl_diag;
static struct hb_topics topics;

/* Every fragment of doc with its holes filled: none may be left. */
static void
fill(struct hb_arena *a, const struct hb_document *doc,
    const struct hb_site *site, const char *html)
{
	const char *r = hb_render_xref_titles(a, html, doc, site);

	if (r != NULL && strchr(r, HB_RENDER_HOLE) != NULL)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hb_build b;
	struct hb_render_opts ro;
	struct hb_render *r;
	struct hb_document *doc;
	struct hb_site site;
	struct hb_diag d;
	struct hb_arena a;
	size_t i, k;

	if (hl == NULL) {
		hb_diag_init(&hl_diag);
		hb_topics_init(&topics);
		hl = hb_highlighter_new(&hl_diag);
	}
	memset(&b, 0, sizeof(b));
	b.parse_flags = HB_PARSE_FENCE_DIAG;
	memset(&ro, 0, sizeof(ro));
	ro.hl = hl;
	ro.lang = "zh";
	hb_diag_init(&d);
	r = hb_render_new(&ro);
	doc = hb_build_load_text(
	    &b, r, "content/f.md", "f.md", (const char *)data, size, &d);
	hb_render_free(r);
	if (doc != NULL) {
		hb_site_init(&site);
		hb_site_add(&site, doc);
		(void)hb_links_assign_ids(&site, &d);
		hb_links_check(&site, &topics, NULL, 0, &d);
		hb_arena_init(&a);
		for (i = 0; i < doc->nparts; i++)
			fill(&a, doc, &site, doc->parts[i].html);
		for (i = 0; i < doc->nquestions; i++) {
			const struct hb_question *q = &doc->questions[i];

			fill(&a, doc, &site, q->prompt_html);
			for (k = 0; k < q->nanswers; k++)
				fill(&a, doc, &site, q->answers[k].html);
			if (q->review != NULL)
				fill(&a, doc, &site, q->review->html);
		}
		hb_arena_fini(&a);
		hb_site_fini(&site);
	}
	hb_diag_fini(&d);
	return 0;
}
