/* The orchestrator (see build.h): the stages in order, over struct
 * hb_build. Files are loaded by the worker pool (pool.h); each file gets
 * its own document (own arena) and its own diagnostics, kept in a table
 * sorted by path, so the output never depends on thread timing and one
 * file can be loaded again alone (serve). */
#include "build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "extract.h"
#include "front.h"
#include "guide.h"
#include "links.h"
#include "highlight.h"
#include "history.h"
#include "layout.h"
#include "offline.h"
#include "parse.h"
#include "pool.h"
#include "render.h"
#include "rx.h"
#include "sections.h"
#include "search.h"
#include "site.h"
#include "source.h"
#include "source_git.h"
#include "str.h"
#include "theme.h"
#include "topics.h"
#include "xalloc.h"

/* ---- one file ---- */

/* Reports the line and column of the first invalid UTF-8 byte. */
static void
bad_utf8(struct hb_diag *d, const char *path, const char *text, size_t off)
{
	struct hb_pos pos = { path, 1, 1 };
	size_t i;

	for (i = 0; i < off; i++) {
		if (text[i] == '\n') {
			pos.line++;
			pos.col = 1;
		} else {
			pos.col++;
		}
	}
	hb_diag_warning(d, &pos, "invalid UTF-8 (byte 0x%02x); the file is "
	    "skipped", (unsigned char)text[off]);
	hb_diag_note(d, &pos, "save the file as UTF-8");
}

/* The renderer marks holes with HB_RENDER_HOLE (U+001A, SUB, which no
 * text means): a copy of text with each one replaced by '?' (positions
 * stay), and a warning at the first. Returns owned. */
static char *
without_holes(struct hb_diag *d, const char *path, const char *text,
    size_t n)
{
	char *copy = hb_xstrndup(text, n);
	char *h = memchr(copy, HB_RENDER_HOLE, n);
	struct hb_pos pos = { path, 1, 1 };
	size_t count = 0;

	for (const char *k = copy; k < h; k++) {
		if (*k == '\n') {
			pos.line++;
			pos.col = 1;
		} else {
			pos.col++;
		}
	}
	for (; h != NULL; h = memchr(h, HB_RENDER_HOLE, n - (size_t)(h -
	    copy))) {
		*h = '?';
		count++;
	}
	hb_diag_warning(d, &pos, "control character U+001A replaced by '?' "
	    "(%zu in this file)", count);
	return copy;
}

/* Merges front-matter topics into every question of the document. */
static void
apply_doc_topics(struct hb_document *doc)
{
	size_t i, k;

	if (doc->ntopics == 0)
		return;
	for (i = 0; i < doc->nquestions; i++) {
		struct hb_question *q = &doc->questions[i];
		const char **v = hb_arena_alloc(&doc->arena,
		    (q->ntopics + doc->ntopics) * sizeof(*v));
		size_t n = 0;

		for (k = 0; k < q->ntopics; k++)
			v[n++] = q->topics[k];
		for (k = 0; k < doc->ntopics; k++)
			n = hb_topics_ids_add(v, n, doc->topics[k]);
		/* Sorted for reproducible output. */
		hb_topics_ids_sort(v, n);
		q->topics = v;
		q->ntopics = n;
	}
}

/* Topic detection, and unknown topics named in front matter. */
static void
detect_topics(const struct hb_build *b, struct hb_render *r,
    struct hb_document *doc, struct hb_diag *d)
{
	struct hb_rx_scratch *s;
	size_t i;

	if (b->topics.n == 0)
		return;
	for (i = 0; i < doc->ntopics; i++) {
		if (hb_topics_find(&b->topics, doc->topics[i]) == NULL) {
			struct hb_pos pos = { doc->path, doc->topics_line,
				doc->topics_col };
			const char **ids = hb_xcalloc(b->topics.n + 1,
			    sizeof(*ids));
			size_t k;

			for (k = 0; k < b->topics.n; k++)
				ids[k] = b->topics.v[k].id;
			hb_diag_warning(d, &pos, "unknown topic '%s' (topics "
			    "are declared in %s)", doc->topics[i],
			    b->topics.path ? b->topics.path :
			    "topics.yml or the built-in registry");
			hb_links_suggest(d, &pos, doc->topics[i], ids,
			    b->topics.n, "topic");
			free(ids);
		}
	}
	s = r != NULL ? hb_render_scratch(r) : hb_rx_scratch_new();
	for (i = 0; i < doc->nquestions; i++)
		hb_topics_detect(&b->topics, s, &doc->questions[i],
		    &doc->arena);
	if (r == NULL)
		hb_rx_scratch_free(s);
}

/* Whether title is the file's name (no title in the file). */
static bool
named_after_file(const char *title, const char *rel)
{
	const char *base = strrchr(rel, '/'), *dot;

	base = base ? base + 1 : rel;
	dot = strrchr(base, '.');
	return strlen(title) == (dot && dot != base ? (size_t)(dot - base) :
	    strlen(base)) && strncmp(title, base, strlen(title)) == 0;
}

/* What the front matter says about the document as a whole. */
static void
from_front(const struct hb_build *b, struct hb_document *doc,
    const struct hb_front *f)
{
	const struct hb_tools *t = &b->config.tools;

	doc->role = hb_tools_role(t, doc->rel, true) == HB_ROLE_INTRO ?
	    HB_DOC_INTRO : HB_DOC_PAGE;
	doc->weight = f->has_weight ? f->weight : 0;
	doc->has_weight = f->has_weight;
	doc->weight_key = f->weight_key;
	doc->draft = f->draft;
	doc->draft_key = f->draft_key;
	doc->short_title = f->short_title;
	doc->summary = f->summary;
	doc->aliases = f->aliases;
	doc->naliases = f->naliases;
	doc->hints = f->hints;
	doc->nhints = f->nhints;
	doc->unknown_keys = f->unknown;
	doc->nunknown_keys = f->nunknown;
	doc->url = hb_tools_page_url(t, &doc->arena, doc->rel,
	    doc->role == HB_DOC_INTRO, f->slug, f->url, f->id, f->permalink);
}

/* A one-question file's id from the URL keys of the tool it was written
 * for: Hugo's slug is the last URL segment inside its section, not a
 * handbook-wide promise, so two sections may both say `slug: /what`
 * (the second gets a suffix, and `check` says so). The same for Hugo's
 * url, Jekyll's permalink, and Docusaurus's id and slug (relative to
 * their folder). handbook's own id, and slug in handbook's own content,
 * stay explicit. */
static void
url_ids(const struct hb_build *b, struct hb_document *doc,
    const struct hb_front *f)
{
	enum hb_tool tool = b->config.tools.tool;
	struct hb_question *q;
	const char *seg = NULL, *end;
	struct hb_buf s;

	if (tool == HB_TOOL_NONE || doc->layout != HB_LAYOUT_SINGLE ||
	    doc->nquestions != 1)
		return;
	q = &doc->questions[0];
	if (f->id != NULL && tool != HB_TOOL_DOCUSAURUS)
		return;
	if (f->id != NULL) {
		seg = f->id;
		end = seg + strlen(seg);
	} else if ((f->slug != NULL || f->url != NULL ||
	    f->permalink != NULL) && doc->url != NULL) {
		/* The last segment of the page's URL. */
		end = doc->url + strlen(doc->url);
		if (end > doc->url && end[-1] == '/')
			end--;
		seg = end;
		while (seg > doc->url && seg[-1] != '/')
			seg--;
		if (end - seg > 5 && strncmp(end - 5, ".html", 5) == 0)
			end -= 5;
	} else {
		return;
	}
	hb_buf_init(&s, HB_BUF_NOCAP);
	hb_slugify(&s, seg, (size_t)(end - seg), 64);
	if (s.len == 0) {
		/* `slug: /`: the section's own URL; the title gives the
		 * id. */
		hb_slugify(&s, q->title, strlen(q->title), 64);
		q->id_from_url = false;
	} else {
		q->id_from_url = true;
	}
	q->base_id = s.len > 0 ? hb_arena_strndup(&doc->arena,
	    hb_buf_str(&s), s.len) : hb_arena_printf(&doc->arena, "%s-1",
	    doc->slug);
	q->id_explicit = false;
	hb_buf_fini(&s);
}

/* Front-matter dates stand in for git's until history runs (outside a
 * repository they stay). */
static void
dates_from_front(struct hb_document *doc, const char *date,
    const char *lastmod)
{
	size_t i;

	if (date == NULL && lastmod == NULL)
		return;
	for (i = 0; i < doc->nquestions; i++) {
		doc->questions[i].created = date ? date : lastmod;
		doc->questions[i].updated = lastmod ? lastmod : date;
	}
}

/* Appends t to b, a blank line apart. */
static void
join_text(struct hb_buf *b, const char *t)
{
	if (t == NULL || t[0] == '\0')
		return;
	if (b->len > 0)
		hb_buf_puts(b, "\n\n");
	hb_buf_puts(b, t);
}

/* An intro (_index.md, README.md ...) with no questions of its own: its
 * body is its section's intro, not a one-question document. */
static void
intro_only(struct hb_document *doc, const char *date, const char *lastmod)
{
	struct hb_buf html, text;
	size_t i, k;

	(void)date;
	(void)lastmod;
	hb_buf_init(&html, HB_BUF_NOCAP);
	hb_buf_init(&text, HB_BUF_NOCAP);
	for (i = 0; i < doc->nquestions; i++) {
		const struct hb_question *q = &doc->questions[i];

		if (q->prompt_html != NULL)
			hb_buf_puts(&html, q->prompt_html);
		join_text(&text, q->prompt_text);
		for (k = 0; k < q->nanswers; k++) {
			if (q->answers[k].html != NULL)
				hb_buf_puts(&html, q->answers[k].html);
			join_text(&text, q->answers[k].text);
		}
	}
	for (i = 0; i < doc->nparts; i++)
		if (doc->parts[i].kind == HB_PART_PROSE) {
			if (doc->parts[i].html != NULL)
				hb_buf_puts(&html, doc->parts[i].html);
			join_text(&text, doc->parts[i].text);
		}
	doc->intro_html = hb_arena_strndup(&doc->arena, hb_buf_str(&html),
	    html.len);
	/* The single layout made it from the whole body already. */
	if (doc->intro_text == NULL)
		doc->intro_text = hb_arena_strndup(&doc->arena,
		    hb_buf_str(&text), text.len);
	hb_buf_fini(&html);
	hb_buf_fini(&text);
	doc->nquestions = 0;
	doc->nparts = 0;
}

struct hb_document *
hb_build_load_text(const struct hb_build *b, struct hb_render *r,
    const char *path, const char *rel, const char *text, size_t n,
    struct hb_diag *d)
{
	struct hb_document *doc;
	struct hb_front front;
	struct hb_extract x;
	struct hb_doc *pdoc;
	size_t bad = hb_utf8_check(text, n);
	char *clean = NULL;
	int frc;

	if (bad < n) {
		bad_utf8(d, path, text, bad);
		return NULL;
	}
	if (memchr(text, HB_RENDER_HOLE, n) != NULL) {
		clean = without_holes(d, path, text, n);
		text = clean;
	}
	doc = hb_document_new(path, rel);
	frc = hb_front_parse(&doc->arena, d, doc->path, text, n,
	    b->config.tools.tool, &front);
	if (frc != 0) {
		/* Invalid front matter is an error: the output would be
		 * wrong (title, id, draft state unknown). */
		hb_document_free(doc);
		free(clean);
		return NULL;
	}
	from_front(b, doc, &front);
	doc->topics = front.topics;
	doc->ntopics = front.ntopics;
	doc->topics_line = front.topics_line;
	doc->topics_col = front.topics_col;
	doc->slug = hb_doc_slug_for(&doc->arena, rel);
	pdoc = hb_parse(doc->path, text + front.body_off, n - front.body_off,
	    front.body_line, 0, b->parse_flags, d);
	hb_extract_init(&x, doc, pdoc, &front, b->parse_flags, d);
	{
		const struct hb_layout_rule *lr =
		    hb_config_layout(&b->config, rel);

		if (lr != NULL) {
			x.layout_rule = lr->layout;
			x.layout_rule_glob = lr->glob;
		}
	}
	hb_layout_extract(&x);
	doc->title_from_name = front.title == NULL &&
	    named_after_file(doc->title, doc->rel);
	url_ids(b, doc, &front);
	apply_doc_topics(doc);
	detect_topics(b, r, doc, d);
	/* Render while the parse tree is alive: one parse per file. */
	if (r != NULL)
		hb_render_document(r, &x);
	hb_extract_fini(&x);
	{
		const struct hb_markup *mk = hb_doc_markup(pdoc);

		doc->drops = hb_arena_memdup(&doc->arena, mk->drops,
		    mk->ndrops * sizeof(*mk->drops));
		doc->ndrops = mk->ndrops;
		for (size_t k = 0; k < doc->ndrops; k++)
			doc->drops[k].name = hb_arena_strdup(&doc->arena,
			    doc->drops[k].name);
	}
	hb_doc_free(pdoc);
	free(clean);
	if (doc->role == HB_DOC_INTRO && (doc->layout == HB_LAYOUT_SINGLE ||
	    doc->layout == HB_LAYOUT_GUIDE))
		intro_only(doc, front.date, front.lastmod);
	else
		dates_from_front(doc, front.date, front.lastmod);
	if (doc->nquestions == 0 && doc->role != HB_DOC_INTRO &&
	    doc->layout != HB_LAYOUT_GUIDE) {
		struct hb_pos pos = { doc->path, 0, 0 };

		hb_diag_warning(d, &pos, "no questions found in this "
		    "document");
		hb_diag_note(d, &pos, "write questions as headings "
		    "('## ...'), as a numbered list, or give the file a "
		    "title; see docs/authoring.md");
	}
	return doc;
}

/* ---- loading files: the worker pool ---- */

struct load_job {
	struct hb_build *b;
	char *const *paths, *const *rels;
	struct hb_build_file *out;	/* one per path */
};

struct load_thread {
	struct hb_render *r;
	struct hb_buf raw;
};

static void *
load_thread_init(void *ctx)
{
	struct load_job *j = ctx;
	struct load_thread *t = hb_xcalloc(1, sizeof(*t));

	if (j->b->hl != NULL) {
		struct hb_render_opts ro = {
			.allow_html = j->b->config.allow_html,
			.hl = j->b->hl,
			.files = &j->b->files,
			.tools = &j->b->config.tools,
			.content = j->b->content,
			.topics = &j->b->topics,
			.lang = j->b->config.language,
		};

		t->r = hb_render_new(&ro);
	}
	hb_buf_init(&t->raw, (size_t)j->b->config.max_markdown_bytes);
	return t;
}

static void
load_one(void *ctx, void *state, size_t i)
{
	struct load_job *j = ctx;
	struct load_thread *t = state;
	struct hb_build_file *f = &j->out[i];
	struct hb_diag rd;

	hb_buf_reset(&t->raw);
	hb_diag_init(&rd);
	if (hb_source_read(j->b->src, j->paths[i], &t->raw, &rd) != 0) {
		if (t->raw.overflow) {
			struct hb_pos pos = { j->paths[i], 0, 0 };

			/* One oversized file is that file's problem, not
			 * the build's (issue #15). */
			hb_diag_warning(&f->diag, &pos, "file larger than %ld "
			    "bytes (max_markdown_bytes); skipped",
			    j->b->config.max_markdown_bytes);
			hb_diag_fini(&rd);
			return;
		}
		hb_diag_merge(&f->diag, &rd);
		hb_diag_fini(&rd);
		f->failed = true;
		return;
	}
	hb_diag_merge(&f->diag, &rd);
	hb_diag_fini(&rd);
	f->doc = hb_build_load_text(j->b, t->r, j->paths[i], j->rels[i],
	    hb_buf_str(&t->raw), t->raw.len, &f->diag);
}

static void
load_thread_fini(void *ctx, void *state)
{
	struct load_thread *t = state;

	(void)ctx;
	hb_render_free(t->r);
	hb_buf_fini(&t->raw);
	free(t);
}

/* ---- the loaded files ---- */

static void
file_fini(struct hb_build_file *f)
{
	free(f->path);
	free(f->rel);
	hb_document_free(f->doc);
	hb_diag_fini(&f->diag);
}

/* Index of path in b->loaded, or where it would go (*found false). */
static size_t
file_find(const struct hb_build *b, const char *path, bool *found)
{
	size_t lo = 0, hi = b->nloaded;

	*found = false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, b->loaded[mid].path);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Whether a draft is left out of the site. */
static bool
left_out(const struct hb_build *b, const struct hb_document *doc)
{
	return doc->draft && !(b->opts->drafts || b->config.drafts);
}

/* The site lists the published documents of b->loaded, sorted; drafts
 * left out are kept by name so links to them are reported. The site
 * borrows the documents. */
static void
assemble(struct hb_build *b)
{
	size_t i;

	hb_site_release(&b->site);
	hb_site_init(&b->site);
	for (i = 0; i < b->ndrafts; i++)
		free(b->drafts[i]);
	free(b->drafts);
	b->drafts = NULL;
	b->ndrafts = 0;
	for (i = 0; i < b->nloaded; i++) {
		struct hb_document *doc = b->loaded[i].doc;

		if (doc == NULL)
			continue;
		if (left_out(b, doc)) {
			b->drafts = hb_xrealloc(b->drafts, (b->ndrafts + 1) *
			    sizeof(*b->drafts));
			b->drafts[b->ndrafts++] = hb_xstrdup(doc->rel);
			continue;
		}
		hb_site_add(&b->site, doc);
	}
	hb_site_sort(&b->site);
}

int
hb_build_load(struct hb_build *b, char *const *paths, char *const *rels,
    size_t n)
{
	struct hb_build_file *out = hb_xcalloc(n + 1, sizeof(*out));
	struct load_job j = { b, paths, rels, out };
	struct hb_pool_work w = { load_thread_init, load_one,
		load_thread_fini, &j };
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		out[i].path = hb_xstrdup(paths[i]);
		out[i].rel = hb_xstrdup(rels[i]);
		hb_diag_init(&out[i].diag);
	}
	hb_pool_run(&w, n, b->jobs);
	/* Into the table in path order: nothing depends on timing. */
	for (i = 0; i < n; i++) {
		struct hb_build_file *f;
		bool found;
		size_t at = file_find(b, out[i].path, &found);

		if (out[i].failed)
			rc = -1;
		if (found) {
			f = &b->loaded[at];
			if (b->history && out[i].doc != NULL &&
			    f->doc != NULL)
				hb_history_carry(out[i].doc, f->doc);
			file_fini(f);
		} else {
			b->loaded = hb_xgrow(b->loaded, &b->caploaded,
			    b->nloaded + 1, sizeof(*b->loaded));
			memmove(&b->loaded[at + 1], &b->loaded[at],
			    (b->nloaded - at) * sizeof(*b->loaded));
			b->nloaded++;
			f = &b->loaded[at];
		}
		*f = out[i];
	}
	free(out);
	assemble(b);
	return rc;
}

/* Sorts the listed files by the conventions of the tool the content was
 * written for: order and category files, partials and other tools'
 * files are not pages (tools.h). */
static void
classify(struct hb_build *b, struct hb_filelist *files)
{
	struct hb_tools *t = &b->config.tools;
	size_t i;

	hb_tools_refine(t, files, &b->diag);
	for (i = 0; i < files->n; i++) {
		struct hb_file *f = &files->v[i];
		struct hb_pos pos = { f->path, 0, 0 };

		switch (hb_tools_role(t, f->rel, f->kind ==
		    HB_FILE_MARKDOWN)) {
		case HB_ROLE_PAGE:
		case HB_ROLE_INTRO:
		case HB_ROLE_ASSET:
			break;
		case HB_ROLE_ORDER:
		case HB_ROLE_CATEGORY:
			f->kind = HB_FILE_META;
			break;
		case HB_ROLE_PARTIAL:
			f->kind = HB_FILE_PARTIAL;
			hb_diag_explain(&b->diag, HB_EX_SKIPPED, &pos,
			    "partial (named with '_' or in a '_' folder): "
			    "not a page");
			break;
		case HB_ROLE_SHELL:
			f->kind = HB_FILE_SHELL;
			hb_diag_explain(&b->diag, HB_EX_SKIPPED, &pos,
			    "%s's file: never published",
			    t->tool != HB_TOOL_NONE ? hb_tool_name(t->tool) :
			    "another tool");
			break;
		}
	}
}

/* The tool's static folders outside the content folder (Hugo's and
 * Docusaurus's static/): their files are found by site-absolute links
 * ("/img/x.png") and copied when linked. rel is the path inside the
 * folder, the file's name under media/. */
static int
list_statics(struct hb_build *b, struct hb_filelist *files)
{
	const struct hb_tools *t = &b->config.tools;
	size_t i, k, n = files->n;
	int rc = 0;

	for (i = 0; i < t->nstatic; i++) {
		struct hb_filelist sl = { 0 };
		size_t cl = strlen(b->content);

		/* One inside the content (VitePress's docs/public) is
		 * listed already. */
		if (cl == 0 || (strncmp(t->statics[i], b->content, cl) == 0 &&
		    t->statics[i][cl] == '/'))
			continue;
		if (hb_source_list(b->src, t->statics[i], &sl, &b->diag) != 0)
			rc = -1;
		for (k = 0; k < sl.n; k++)
			hb_filelist_add(files, sl.v[k].path, sl.v[k].rel,
			    HB_FILE_STATIC);
		hb_filelist_fini(&sl);
	}
	if (files->n != n)
		hb_filelist_sort(files);
	return rc;
}

#define MAX_EXTS 8

struct ext_count {
	const char *ext;	/* ".txt", or "" */
	size_t n;
};

/* A content folder with no pages is an error that says what was there
 * instead: "no documents: 2 .txt files, 1 partial ...; handbook reads
 * .md and .markdown files". Extensions are tallied in a small table (a
 * ninth distinct one counts as "other"). */
static void
no_documents(struct hb_build *b, const struct hb_filelist *files)
{
	struct ext_count ext[MAX_EXTS];
	size_t next = 0, other = 0, partial = 0, shell = 0, meta = 0, i, k;
	struct hb_pos pos = { b->content[0] ? b->content : ".", 0, 0 };
	struct hb_buf m;

	for (i = 0; i < files->n; i++) {
		const struct hb_file *f = &files->v[i];
		const char *base = strrchr(f->rel, '/'), *dot;

		base = base != NULL ? base + 1 : f->rel;
		dot = strrchr(base, '.');
		switch (f->kind) {
		case HB_FILE_PARTIAL: partial++; continue;
		case HB_FILE_SHELL: shell++; continue;
		case HB_FILE_META: meta++; continue;
		case HB_FILE_ASSET: break;
		default: continue;
		}
		if (dot == NULL || dot == base)
			dot = "";
		for (k = 0; k < next; k++)
			if (strcmp(ext[k].ext, dot) == 0)
				break;
		if (k < next)
			ext[k].n++;
		else if (next < MAX_EXTS)
			ext[next++] = (struct ext_count){ dot, 1 };
		else
			other++;
	}
	hb_buf_init(&m, HB_BUF_NOCAP);
	for (k = 0; k < next; k++) {
		/* In extension order, whatever the listing order. */
		size_t best = k, j;

		for (j = k + 1; j < next; j++)
			if (strcmp(ext[j].ext, ext[best].ext) < 0)
				best = j;
		if (best != k) {
			struct ext_count tmp = ext[k];

			ext[k] = ext[best];
			ext[best] = tmp;
		}
		hb_buf_printf(&m, "%s%zu %s file%s", m.len ? ", " : "",
		    ext[k].n, ext[k].ext[0] ? ext[k].ext : "extension-less",
		    ext[k].n == 1 ? "" : "s");
	}
	if (other > 0)
		hb_buf_printf(&m, "%s%zu other file%s", m.len ? ", " : "",
		    other, other == 1 ? "" : "s");
	if (partial > 0)
		hb_buf_printf(&m, "%s%zu partial%s (Markdown named with '_' or "
		    "in a '_' folder)", m.len ? ", " : "", partial,
		    partial == 1 ? "" : "s");
	if (meta > 0)
		hb_buf_printf(&m, "%s%zu sidebar or category file%s",
		    m.len ? ", " : "", meta, meta == 1 ? "" : "s");
	if (shell > 0)
		hb_buf_printf(&m, "%s%zu file%s of another tool", m.len ? ", " :
		    "", shell, shell == 1 ? "" : "s");
	if (m.len == 0)
		hb_diag_error(&b->diag, &pos, "no documents: the folder is "
		    "empty; handbook reads .md and .markdown files");
	else
		hb_diag_error(&b->diag, &pos, "no documents: skipped %s; "
		    "handbook reads .md and .markdown files", hb_buf_str(&m));
	hb_buf_fini(&m);
}

int
hb_build_list(struct hb_build *b)
{
	struct hb_filelist files = { 0 };
	size_t i, k = 0, n = 0;

	if (hb_source_list(b->src, b->content, &files, &b->diag) != 0) {
		hb_filelist_fini(&files);
		return -1;
	}
	classify(b, &files);
	if (list_statics(b, &files) != 0) {
		hb_filelist_fini(&files);
		return -1;
	}
	hb_filelist_fini(&b->files);
	b->files = files;
	if (hb_sections_meta_load(&b->meta, b->src, &b->files, b->content,
	    &b->config.tools, &b->diag) != 0)
		return -1;
	/* Forget loaded files that are gone (both lists are sorted). */
	for (i = 0; i < b->nloaded; i++) {
		int c = 1;

		for (; k < files.n; k++) {
			c = strcmp(files.v[k].path, b->loaded[i].path);
			if (c >= 0)
				break;
		}
		if (k < files.n && c == 0 &&
		    files.v[k].kind == HB_FILE_MARKDOWN)
			b->loaded[n++] = b->loaded[i];
		else
			file_fini(&b->loaded[i]);
	}
	b->nloaded = n;
	assemble(b);
	for (i = 0; i < files.n; i++)
		if (files.v[i].kind == HB_FILE_MARKDOWN)
			break;
	if (i == files.n)
		no_documents(b, &files);
	return 0;
}

int
hb_build_load_content(struct hb_build *b)
{
	char **paths, **rels;
	size_t i, n = 0;
	int rc;

	if (hb_build_list(b) != 0)
		return -1;
	paths = hb_xcalloc(b->files.n + 1, sizeof(*paths));
	rels = hb_xcalloc(b->files.n + 1, sizeof(*rels));
	for (i = 0; i < b->files.n; i++) {
		if (b->files.v[i].kind != HB_FILE_MARKDOWN)
			continue;
		paths[n] = b->files.v[i].path;
		rels[n] = b->files.v[i].rel;
		n++;
	}
	rc = hb_build_load(b, paths, rels, n);
	free(paths);
	free(rels);
	return rc;
}

struct ukey {
	const char *key;
	const struct hb_document *doc;	/* first file that has it */
	const struct hb_unknown_key *at;
	size_t n;
};

static int
cmp_ukey(const void *pa, const void *pb)
{
	const struct ukey *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);

	if (c != 0)
		return c;
	c = strcmp(a->doc->path, b->doc->path);
	return c != 0 ? c : (a->at->line > b->at->line) - (a->at->line <
	    b->at->line);
}

/* Front-matter keys no tool knows: one warning per key, at its first
 * use, with the number of files (145 warnings about one key help no
 * one). */
static void
unknown_keys(struct hb_build *b)
{
	struct ukey *v = NULL;
	size_t i, k, n = 0, cap = 0;

	for (i = 0; i < b->nloaded; i++) {
		const struct hb_document *doc = b->loaded[i].doc;

		for (k = 0; doc != NULL && k < doc->nunknown_keys; k++) {
			v = hb_xgrow(v, &cap, n + 1, sizeof(*v));
			v[n].key = doc->unknown_keys[k].key;
			v[n].doc = doc;
			v[n].at = &doc->unknown_keys[k];
			v[n].n = 1;
			n++;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_ukey);
	for (i = 0; i < n; i = k) {
		struct hb_pos pos = { v[i].doc->path, v[i].at->line,
			v[i].at->col };
		size_t files = 0;

		for (k = i; k < n && strcmp(v[k].key, v[i].key) == 0; k++)
			files += k == i || v[k].doc != v[k - 1].doc;
		hb_diag_warning(&b->diag, &pos, "unknown front matter key "
		    "'%s' ignored (%zu file%s)", v[i].key, files,
		    files == 1 ? "" : "s");
		hb_diag_note(&b->diag, &pos, "handbook reads title, id, slug, "
		    "weight, topics, draft and layout, and the keys of Hugo, "
		    "Docusaurus, VitePress, Jekyll and mdBook "
		    "(docs/migrating.md)");
	}
	free(v);
}

/* Foreign markup left out (markup.h): one warning per name over the
 * handbook, at its first place in path order, with how often and in
 * how many files. */
struct drop_ref {
	const struct hb_markup_drop *e;
	const struct hb_document *doc;
};

static int
cmp_drop(const void *a, const void *b)
{
	const struct drop_ref *x = a, *y = b;
	int c = strcmp(x->e->what, y->e->what);

	if (c == 0)
		c = strcmp(x->e->name, y->e->name);
	if (c == 0)
		c = strcmp(x->doc->path, y->doc->path);
	return c;
}

static void
dropped_markup(struct hb_build *b)
{
	struct drop_ref *v = NULL;
	size_t i, k, n = 0, cap = 0;

	for (i = 0; i < b->nloaded; i++) {
		const struct hb_document *doc = b->loaded[i].doc;

		for (k = 0; doc != NULL && k < doc->ndrops; k++) {
			v = hb_xgrow(v, &cap, n + 1, sizeof(*v));
			v[n].e = &doc->drops[k];
			v[n].doc = doc;
			n++;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_drop);
	for (i = 0; i < n; i = k) {
		struct hb_markup_drop all = *v[i].e;
		size_t files = 1;

		all.count = 0;
		for (k = i; k < n && strcmp(v[k].e->what, v[i].e->what) == 0 &&
		    strcmp(v[k].e->name, v[i].e->name) == 0; k++) {
			all.count += v[k].e->count;
			files += k > i && v[k].doc != v[k - 1].doc;
		}
		hb_markup_report_one(&all, v[i].doc->path, files, &b->diag);
	}
	free(v);
}

int
hb_build_link(struct hb_build *b)
{
	size_t i;
	int rc;

	/* Every file's diagnostics, in path order, loaded this round or
	 * before. */
	for (i = 0; i < b->nloaded; i++)
		hb_diag_copy(&b->diag, &b->loaded[i].diag, false);
	unknown_keys(b);
	dropped_markup(b);
	/* Documents whose folder decides if they are questions or a
	 * guide (issue #17), before sections count questions. */
	hb_guide_settle(&b->site, &b->diag);
	hb_sections_build(&b->site, &b->meta, &b->config.tools, &b->diag);
	rc = hb_links_assign_ids(&b->site, &b->diag);
	hb_links_redirects(&b->site, &b->diag);
	hb_topics_collect(&b->site, &b->topics, b->config.language ?
	    b->config.language : hb_site_language(&b->site));
	hb_links_check(&b->site, &b->topics, (const char *const *)b->drafts,
	    b->ndrafts, &b->diag);
	return rc;
}

/* What the site stage needs from a loaded build. */
void
hb_build_site_opts(const struct hb_build *b, struct hb_site_opts *so)
{
	memset(so, 0, sizeof(*so));
	so->config = &b->config;
	so->theme = b->theme;
	so->src = b->src;
	so->files = &b->files;
	so->base_url = b->opts->base_url;
	so->topics_path = b->topics.path;
	so->jobs = b->jobs;
}

int
hb_build_theme(struct hb_build *b)
{
	hb_theme_free(b->theme);
	b->theme = hb_theme_load(b->src, &b->diag);
	return b->theme == NULL ? -1 : 0;
}

int
hb_build_write(struct hb_build *b, struct hb_output *out)
{
	return hb_build_write_partial(b, out, NULL, NULL);
}

int
hb_build_write_partial(struct hb_build *b, struct hb_output *out,
    const bool *only, const struct hb_output_tree *prev)
{
	struct hb_site_opts so;

	if (b->theme == NULL) {
		hb_diag_error(&b->diag, NULL, "internal: no theme loaded");
		return -1;
	}
	hb_build_site_opts(b, &so);
	so.only = only;
	so.prev = prev;
	return hb_site_write(&b->site, &so, out, &b->diag);
}

int
hb_build_write_search(struct hb_build *b, struct hb_output *out)
{
	struct hb_search_assets sa;

	return hb_search_write(&b->site, out, &sa, &b->diag);
}

/* ---- history (issue #6, history.c) ---- */

static struct hb_document *
history_load(const void *ctx, const char *path, const char *rel,
    const char *text, size_t n, struct hb_diag *d)
{
	return hb_build_load_text(ctx, NULL, path, rel, text, n, d);
}

/* Dates, authors and per-question history from git. Outside a
 * repository `build` says once that there is none. */
int
hb_build_history(struct hb_build *b, bool warn)
{
	struct hb_history_loader ld = { history_load, b };

	if (hb_source_git(b->src) == NULL) {
		if (warn)
			hb_diag_warning(&b->diag, NULL, "not in a git "
			    "repository: pages have no dates, authors or "
			    "history");
		return 0;
	}
	b->history = true;
	return hb_history_compute(b->src, b->content, &b->site, &ld,
	    b->jobs, 0, NULL, &b->diag);
}

/* ---- set-up ---- */

static int
cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

int
hb_build_init(struct hb_build *b, const struct hb_options *o,
    const char *dir)
{
	memset(b, 0, sizeof(*b));
	b->opts = o;
	b->dir = dir;
	hb_diag_init(&b->diag);
	hb_site_init(&b->site);
	b->jobs = o->jobs > 0 ? o->jobs : cpu_count();
	hb_sections_meta_init(&b->meta);
	/* Source (issue #6): the tree of --ref straight from the object
	 * database, else the working tree, through git when DIR is in a
	 * repository (for history). */
	if (o->ref != NULL || hb_git_found(dir)) {
		b->src = hb_source_git_new(dir, o->ref, &b->diag);
		if (b->src == NULL)
			return -1;
	} else {
		b->src = hb_source_fs_new(dir);
	}
	if (hb_config_load(&b->config, b->src, &b->diag) != 0)
		return -1;
	b->parse_flags = HB_PARSE_FENCE_DIAG;
	if (b->config.allow_html)
		b->parse_flags |= HB_PARSE_ALLOW_HTML;
	/* Content: --content, then the config, then DIR/content when it
	 * exists, else DIR itself. */
	if (o->content != NULL)
		b->content = o->content;
	else if (b->config.content != NULL)
		b->content = b->config.content;
	else if (hb_source_is_dir(b->src, "content"))
		b->content = "content";
	else
		b->content = "";
	while (b->content[0] == '.' && b->content[1] == '/')
		b->content += 2;
	hb_topics_init(&b->topics);
	if (strcmp(b->content, ".") == 0)
		b->content = "";
	if (b->content[0] != '\0' && !hb_source_is_dir(b->src, b->content)) {
		struct hb_pos pos = { b->config.content && !o->content ?
		    b->config.path : b->content, 0, 0 };

		hb_diag_error(&b->diag, &pos, "content folder '%s' does not "
		    "exist", b->content);
		return -1;
	}
	/* Topics: the config's file, else topics.yml in the content. */
	if (b->config.topics != NULL)
		b->topics_path = b->config.topics;
	else if (b->content[0] != '\0')
		b->topics_path = hb_arena_printf(&b->config.arena,
		    "%s/topics.yml", b->content);
	else
		b->topics_path = "topics.yml";
	if (hb_topics_load(&b->topics, b->src, b->topics_path,
	    b->config.topics != NULL, &b->diag) != 0)
		return -1;
	return 0;
}

void
hb_build_reset(struct hb_build *b)
{
	hb_diag_fini(&b->diag);
	hb_diag_init(&b->diag);
}

void
hb_build_fini(struct hb_build *b)
{
	size_t i;

	hb_offline_free(b->offline);
	if (!b->hl_borrowed)
		hb_highlighter_free(b->hl);
	hb_theme_free(b->theme);
	hb_filelist_fini(&b->files);
	hb_sections_meta_fini(&b->meta);
	/* Documents borrow topic ids from b->topics: free them first. */
	hb_site_release(&b->site);
	for (i = 0; i < b->nloaded; i++)
		file_fini(&b->loaded[i]);
	free(b->loaded);
	hb_topics_fini(&b->topics);
	for (i = 0; i < b->ndrafts; i++)
		free(b->drafts[i]);
	free(b->drafts);
	hb_source_free(b->src);
	hb_config_fini(&b->config);
	hb_diag_fini(&b->diag);
	memset(b, 0, sizeof(*b));
}
