/* Stage 7a: Markdown fragments -> HTML, in the worker that parsed the
 * file, while its cmark-gfm tree is alive (no second parse). On top of
 * cmark-gfm's renderer:
 *   - code blocks are highlighted at build time (highlight.h) and get a
 *     language label and a copy button;
 *   - raw HTML is shown as text unless the config allows it; comments
 *     are dropped;
 *   - relative links to .md files point at the generated pages, other
 *     relative links at the copied files in media/; dangerous schemes
 *     (javascript:, vbscript:, file:, data: outside images) are
 *     neutralised; every internal link is recorded for checking;
 *   - a line break between two Chinese characters is dropped (it would
 *     show as a space).
 * Fragments are embedded in pages one folder deep (d/, q/, topics/), so
 * their links start with "../". */
#ifndef HB_RENDER_H
#define HB_RENDER_H

#include <stdbool.h>

struct hb_extract;
struct hb_highlighter;

struct hb_filelist;
struct hb_tools;

struct hb_render_opts {
	bool allow_html;
	const struct hb_highlighter *hl;	/* borrowed, shared */
	/* When set, local link and image targets are found by the rules
	 * of resolve.h (the tool the content was written for): a missing
	 * image becomes its text and a warning, a link to a missing page
	 * keeps its text without the dead link. */
	const struct hb_filelist *files;	/* sorted by path */
	const struct hb_tools *tools;
	const char *content;		/* content folder relative to DIR */
	/* When set, the first mention of each of a question's topics in
	 * its prose links to the topic page (never in code, headings or
	 * links); [[topic:ID]] links show the topic's title in lang. */
	const struct hb_topics *topics;
	const char *lang;
};

struct hb_render;

/* A renderer for one thread. Returns owned. */
struct hb_render *hb_render_new(const struct hb_render_opts *o);
void hb_render_free(struct hb_render *r);

/* Cross-references to questions ([[q:ID]]) are rendered as
 *   <a class="xref" href="../q/ID.html" data-q="ID">HOLE</a>
 * because the target's title is only known once every file is loaded
 * and linked: HOLE is HB_RENDER_HOLE, the index of the link in
 * doc->links in decimal, HB_RENDER_HOLE. No other byte of a fragment is
 * HB_RENDER_HOLE (the loader replaces it in sources, with a warning). */
#define HB_RENDER_HOLE '\x1a'

struct hb_arena;
struct hb_document;
struct hb_site;

/* Fills the holes of html, a fragment of doc, with the titles of the
 * questions the cross-references name in site (HTML-escaped; the id
 * when there is no such question: the link stage reported it). Returns
 * html itself when it has no hole, else a copy allocated in a. */
const char *hb_render_xref_titles(struct hb_arena *a, const char *html,
    const struct hb_document *doc, const struct hb_site *site);

/* The renderer's regex scratch, for other work on the same thread. */
struct hb_rx_scratch *hb_render_scratch(struct hb_render *r);

/* Fills every `html` field of x->doc (answers, prompts, reviews, prose
 * parts) and records its internal links in x->doc->links. */
void hb_render_document(struct hb_render *r, struct hb_extract *x);

#endif
