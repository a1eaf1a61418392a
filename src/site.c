/* Stage 8: pages (see site.h). Layout of the output:
 *
 *   index.html 404.html practice.html sitemap.xml
 *   d/<doc>.html      one per document, the whole document in order
 *   q/<id>.html       one per question (the permalink unit)
 *   topics/index.html topics/<id>.html
 *   assets/<name>.<hash>.<ext>   theme files, named by content
 *   media/<path>      the content's own files (images)
 *   source/<path>     the Markdown sources, for "source" links
 *
 * Every link is relative and names its file, so the site works from
 * file:// and under any base URL. */
#include "site.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "diag.h"
#include "json.h"
#include "frag.h"
#include "model.h"
#include "nav.h"
#include "output.h"
#include "pool.h"
#include "practice.h"
#include "render.h"
#include "changes.h"
#include "repo.h"
#include "hset.h"
#include "search.h"
#include "source_git.h"
#include "source.h"
#include "str.h"
#include "template.h"
#include "theme.h"
#include "topics.h"
#include "version.h"
#include "xalloc.h"
#include "yml.h"

#define RELATED_MAX 8
#define RELATED_WINDOW 64	/* neighbours scanned per topic */

struct ctx {
	const struct hb_site *site;
	const struct hb_site_opts *o;
	struct hb_output *out;
	struct hb_diag *d;
	const struct hb_tset *ts;	/* the theme's, compiled */
	const struct hb_yval *strings;	/* the chosen language's map */
	struct hb_arena arena;		/* site-lifetime values */
	const char *lang;		/* "zh" or "en" */
	const char *i18n_json;
	const char *theme_init;
	/* asset paths relative to the site root */
	struct { const char *key, *path; } assets[32];
	size_t nassets;
	const char *search_index;
	const char *base_url;
	const char *git_prefix;	/* DIR inside the repository, "" or "x/" */
	const char *up;		/* from a version's root to the site root */
	const char *build_date;	/* SOURCE_DATE_EPOCH or the commit's, never
				 * the clock; NULL outside git */
	struct hb_nav nav;	/* book order (prev/next), issue #11 */
	const bool *only;	/* o->only, or NULL when a page named by
				 * an asset of prev is missing */
	int failed;
};

/* ---- language and strings ---- */

/* The UI strings of the site's language (the theme parsed i18n.yml). */
static int
load_strings(struct ctx *c)
{
	struct hb_json j;
	size_t i;

	c->strings = hb_yml_get(hb_theme_strings(c->o->theme), c->lang);
	if (c->strings == NULL || c->strings->kind != HB_Y_MAP) {
		struct hb_pos pos = { "templates/i18n.yml", 1, 1 };

		hb_diag_error(c->d, &pos, "no '%s' strings in i18n.yml",
		    c->lang);
		return -1;
	}
	/* The same strings for the page scripts. */
	hb_json_init(&j);
	hb_json_object_begin(&j);
	for (i = 0; i < c->strings->n; i++) {
		const struct hb_ykv *kv = &c->strings->kv[i];

		if (kv->val->kind != HB_Y_SCALAR)
			continue;
		hb_json_key(&j, kv->key);
		hb_json_string(&j, kv->val->str);
	}
	hb_json_object_end(&j);
	c->i18n_json = hb_arena_strdup(&c->arena, hb_json_str(&j));
	hb_json_fini(&j);
	return 0;
}

static const char *
str(const struct ctx *c, const char *key)
{
	const struct hb_yval *v = hb_yml_get(c->strings, key);

	return v != NULL && v->kind == HB_Y_SCALAR ? v->str : key;
}

/* ---- assets ---- */

/* Writes a content-hashed asset at the site root, once per build even
 * with several versions: the same name means the same bytes. */
static int
write_shared(struct ctx *c, const char *path, const char *data, size_t len)
{
	int rc;

	if (c->o->shared != NULL && hb_hset_has(c->o->shared, path))
		return 0;
	hb_output_set_prefix(c->out, "");
	rc = hb_output_write(c->out, path, data, len);
	hb_output_set_prefix(c->out, c->o->versions ?
	    c->o->versions[c->o->current].prefix : "");
	if (rc == 0 && c->o->shared != NULL)
		hb_hset_add(c->o->shared, hb_arena_strdup(c->o->shared_arena,
		    path));
	return rc;
}

/* theme/site.css -> assets/site.1a2b3c4d.css, key "css". */
static int
write_assets(struct ctx *c)
{
	const struct hb_theme_file *files;
	size_t i, n;

	files = hb_theme_files(c->o->theme, &n);
	for (i = 0; i < n; i++) {
		const struct hb_theme_file *f = &files[i];
		const char *base, *dot;
		char *path, *key;

		if (!hb_starts_with(f->path, "theme/"))
			continue;
		base = f->path + 6;
		if (strcmp(base, "theme-init.js") == 0) {
			/* base.html loads it as a file (assets.theme_init), so
			 * pages hold no inline script and a strict CSP holds
			 * (issue #15); theme_init keeps its text for overrides
			 * that inline it, so it must not end a script. */
			if (strstr(f->data, "</") != NULL) {
				struct hb_pos pos = { f->path, 1, 1 };

				hb_diag_error(c->d, &pos, "theme-init.js is "
				    "inlined and must not contain '</'");
				return -1;
			}
			c->theme_init = f->data;
		}
		dot = strrchr(base, '.');
		if (dot == NULL)
			dot = base + strlen(base);
		path = hb_arena_printf(&c->arena, "assets/%.*s.%08llx%s",
		    (int)(dot - base), base,
		    (unsigned long long)(hb_fnv1a(HB_FNV1A_INIT, f->data, f->len) & 0xffffffffULL),
		    dot);
		if (write_shared(c, path, f->data, f->len) != 0)
			return -1;
		/* Keys: the well-known theme files, else the stem. */
		if (strcmp(base, "site.css") == 0)
			key = "css";
		else if (strcmp(base, "site.js") == 0)
			key = "js";
		else if (strcmp(base, "search.js") == 0)
			key = "search";
		else if (strcmp(base, "search-tokenize.js") == 0)
			key = "tokenize";
		else if (strcmp(base, "favicon.svg") == 0)
			key = "favicon";
		else {
			char *k = hb_arena_strndup(&c->arena, base,
			    (size_t)(dot - base));

			for (char *p = k; *p; p++)
				if (!((*p >= 'a' && *p <= 'z') ||
				    (*p >= '0' && *p <= '9')))
					*p = '_';
			key = k;
		}
		if (c->nassets < sizeof(c->assets) / sizeof(c->assets[0])) {
			c->assets[c->nassets].key = key;
			c->assets[c->nassets].path = path;
			c->nassets++;
		}
	}
	return 0;
}

/* A generated script (text), content-hashed and written once for the
 * whole site (cached across pages), under assets key `key`. */
static int
write_script(struct ctx *c, const char *key, const struct hb_buf *b)
{
	const char *path;
	int rc;

	path = hb_arena_printf(&c->arena, "assets/%s.%08llx.js", key,
	    (unsigned long long)(hb_fnv1a(HB_FNV1A_INIT, b->data, b->len) & 0xffffffffULL));
	rc = write_shared(c, path, b->data, b->len);
	if (rc == 0 && c->nassets < sizeof(c->assets) / sizeof(c->assets[0])) {
		c->assets[c->nassets].key = key;
		c->assets[c->nassets].path = path;
		c->nassets++;
	}
	return rc;
}

/* The UI strings for the page scripts, once for the whole site rather
 * than in every page; and the question list of practice.js (issue #14),
 * loaded by the home and practice pages only. */
static int
write_scripts(struct ctx *c)
{
	struct hb_buf b;
	int rc;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_buf_printf(&b, "window.HB_I18N=%s;\n", c->i18n_json);
	rc = write_script(c, "i18n", &b);
	hb_buf_reset(&b);
	hb_practice_script(c->site, c->o->config->practice_size, &b);
	if (rc == 0)
		rc = write_script(c, "questions", &b);
	hb_buf_fini(&b);
	return rc;
}

/* The navigation tree, once for the whole site (nav.h): every page
 * loads it with <script src>, so no page holds the whole tree. */
static int
write_nav(struct ctx *c)
{
	struct hb_buf b;
	int rc;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_nav_tree_js(c->site, &b);
	rc = write_script(c, "nav", &b);
	hb_buf_fini(&b);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
copy_file(struct ctx *c, struct hb_buf *raw, const struct hb_file *f,
    const char *dir)
{
	struct hb_diag rd;

	hb_buf_reset(raw);
	hb_diag_init(&rd);
	if (hb_source_read(c->o->src, f->path, raw, &rd) != 0) {
		struct hb_pos pos = { f->path, 0, 0 };
		int rc = 0;

		/* Too large: skipped with a warning (issue #15). */
		if (!raw->overflow) {
			hb_diag_merge(c->d, &rd);
			rc = -1;
		} else {
			hb_diag_warning(c->d, &pos, "file larger than %zu "
			    "bytes; not copied into the site", raw->max);
		}
		hb_diag_fini(&rd);
		return rc;
	}
	hb_diag_fini(&rd);
	return hb_output_write(c->out, hb_arena_printf(&c->arena, "%s/%s",
	    dir, f->rel), raw->data ? raw->data : "", raw->len);
}

static struct hb_tval *page_base(struct ctx *c, struct hb_arena *a,
    const char *kind, const char *root, const char *path);
static void crumb(struct hb_arena *a, struct hb_tval *list,
    const char *title, const char *url);
static int emit(struct ctx *c, const char *tmpl, const struct hb_tval *v,
    const char *path);

static int
cmp_line(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The lines of d that pages link to: its questions, their answers,
 * reviews and code. Sorted, unique; *n set. Arena-owned. */
static int *
linked_lines(struct hb_arena *a, const struct hb_document *d, size_t *n)
{
	size_t cap = 1, k, i, j = 0;
	int *v;

	for (k = 0; k < d->nquestions; k++)
		cap += 2 + d->questions[k].nanswers + d->questions[k].ncode;
	v = hb_arena_alloc(a, cap * sizeof(*v));
	for (k = 0; k < d->nquestions; k++) {
		const struct hb_question *q = &d->questions[k];

		v[j++] = q->line;
		if (q->review != NULL)
			v[j++] = q->review->line;
		for (i = 0; i < q->nanswers; i++)
			v[j++] = q->answers[i].line;
		for (i = 0; i < q->ncode; i++)
			v[j++] = q->code[i].line;
	}
	if (j > 1)
		qsort(v, j, sizeof(*v), cmp_line);
	*n = 0;
	for (i = 0; i < j; i++)
		if (v[i] > 0 && (*n == 0 || v[*n - 1] != v[i]))
			v[(*n)++] = v[i];
	return v;
}

/* Text content escaped: only &, < and > need it outside attributes
 * (quotes are common in code and cost five bytes each as &quot;). */
static void
text_html(struct hb_buf *b, const char *s, size_t n)
{
	size_t i, last = 0;

	for (i = 0; i < n; i++) {
		const char *e = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" :
		    s[i] == '>' ? "&gt;" : NULL;

		if (e == NULL)
			continue;
		hb_buf_append(b, s + last, i - last);
		hb_buf_puts(b, e);
		last = i + 1;
	}
	hb_buf_append(b, s + last, n - last);
}

/* source/<rel>.html (issue #11): the Markdown source as text, the lines
 * that pages link to ("Source: x.md:42") wrapped with an id (#L42) so
 * a link opens the source there. Only those lines: ids on every line
 * would cost more than the text. */
static int
page_source(struct ctx *c, const struct hb_file *f, const struct hb_buf *raw,
    const struct hb_document *d)
{
	struct hb_arena a;
	struct hb_buf b, r;
	struct hb_tval *m, *sm, *crumbs;
	const char *s = raw->data ? raw->data : "", *root, *doc_url;
	size_t n = raw->len, i = 0, nl = 0, k = 0, depth = 0;
	int *lines = NULL, line = 1;
	int rc;

	hb_arena_init(&a);
	for (const char *p = f->rel; *p; p++)
		depth += *p == '/';
	hb_buf_init(&r, HB_BUF_NOCAP);
	for (i = 0; i <= depth; i++)
		hb_buf_puts(&r, "../");
	root = hb_arena_strdup(&a, hb_buf_str(&r));
	m = page_base(c, &a, "source", root, hb_arena_printf(&a,
	    "source/%s.html", f->rel));
	crumbs = hb_tval_list(&a);
	crumb(&a, crumbs, str(c, "home"), hb_arena_printf(&a, "%sindex.html",
	    root));
	crumb(&a, crumbs, f->path, NULL);
	hb_tval_map_set(m, "breadcrumbs", crumbs);
	if (d != NULL)
		lines = linked_lines(&a, d, &nl);
	hb_buf_init(&b, HB_BUF_NOCAP);
	for (i = 0; i < n; line++) {
		const char *e = memchr(s + i, '\n', n - i);
		size_t end = e ? (size_t)(e - s) : n;
		bool anchor;

		while (k < nl && lines[k] < line)
			k++;
		anchor = k < nl && lines[k] == line;
		if (anchor)
			hb_buf_printf(&b, "<span class=\"line\" id=\"L%d\">",
			    line);
		text_html(&b, s + i, end - i);
		if (anchor)
			hb_buf_puts(&b, "</span>");
		if (e != NULL)
			hb_buf_putc(&b, '\n');
		i = end + 1;
	}
	sm = hb_tval_map(&a);
	hb_tval_map_set_str(sm, "path", f->path);
	hb_tval_map_set_html(sm, "html", hb_arena_strndup(&a, hb_buf_str(&b),
	    b.len));
	hb_buf_reset(&r);
	hb_url_path(&r, f->rel, strlen(f->rel));
	hb_tval_map_set_str(sm, "raw_url", hb_arena_strdup(&a, strrchr(
	    hb_buf_str(&r), '/') ? strrchr(hb_buf_str(&r), '/') + 1 :
	    hb_buf_str(&r)));
	/* An intro without questions has no page of its own: its
	 * section's page (the home page for the root's) shows it. */
	if (d == NULL)
		doc_url = NULL;
	else if (d->role == HB_DOC_INTRO && d->nquestions == 0 &&
	    d->section != NULL)
		doc_url = d->section->parent == NULL ? hb_arena_printf(&a,
		    "%sindex.html", root) : hb_nav_url(&a, root, "s",
		    d->section->id);
	else
		doc_url = hb_nav_url(&a, root, "d", d->slug);
	hb_tval_map_set_str(sm, "doc_url", doc_url);
	hb_tval_map_set_str(sm, "doc_title", d != NULL ? d->title : NULL);
	hb_tval_map_set(m, "source", sm);
	rc = emit(c, "source", m, hb_arena_printf(&a, "source/%s.html",
	    f->rel));
	hb_buf_fini(&b);
	hb_buf_fini(&r);
	hb_arena_fini(&a);
	return rc;
}

/* Copies the files the content links to (images, attachments, from
 * the content or a static folder) into media/, and the Markdown of the
 * published pages into source/. Files nothing links to (other tools'
 * shells and configs, sidebars, partials, leftovers) stay out (issue
 * #10). */
static int
write_media(struct ctx *c)
{
	struct hb_buf raw;
	const char **paths = NULL;
	size_t i, k, n = 0, cap = 0;
	int rc = 0;

	if (c->o->files == NULL)
		return 0;
	hb_buf_init(&raw, 64u << 20);
	for (i = 0; i < c->site->ndocs + c->site->nintros; i++) {
		const struct hb_document *d = i < c->site->ndocs ?
		    c->site->docs[i] : c->site->intros[i - c->site->ndocs];
		const struct hb_file *f = hb_filelist_find(c->o->files,
		    d->path);
		/* A partial rebuild keeps the other sources (their links
		 * below are copied again: a picture may have changed). */
		bool keep = c->only != NULL && i < c->site->ndocs &&
		    !c->only[i];

		if (f != NULL && !keep && (copy_file(c, &raw, f,
		    "source") != 0 || page_source(c, f, &raw, d) != 0))
			rc = -1;
		for (k = 0; k < d->nlinks; k++)
			if (d->links[k].kind == HB_LINK_ASSET &&
			    d->links[k].target != NULL) {
				paths = hb_xgrow(paths, &cap, n + 1,
				    sizeof(*paths));
				paths[n++] = d->links[k].target;
			}
	}
	if (n > 1)
		qsort(paths, n, sizeof(*paths), cmp_str);
	for (i = 0; i < n; i++) {
		const struct hb_file *f;

		if (i > 0 && strcmp(paths[i], paths[i - 1]) == 0)
			continue;
		f = hb_filelist_find(c->o->files, paths[i]);
		/* The topics file is data, not a page's file. */
		if (f == NULL || (c->o->topics_path != NULL &&
		    strcmp(f->path, c->o->topics_path) == 0))
			continue;
		if (copy_file(c, &raw, f, "media") != 0)
			rc = -1;
	}
	free(paths);
	hb_buf_fini(&raw);
	return rc;
}

/* ---- values ---- */

/* root + prefix + percent-encoded name + ".html" */
static const char *
page_url(struct hb_arena *a, const char *root, const char *dir,
    const char *name)
{
	return hb_nav_url(a, root, dir, name);
}

/* The file a page is written to: "q/<id>.html", not encoded. */
static const char *
page_file(struct hb_arena *a, const char *dir, const char *name)
{
	return hb_arena_printf(a, "%s/%s.html", dir, name);
}

static const struct hb_topic_ref *
find_topic(const struct hb_site *site, const char *id)
{
	size_t lo = 0, hi = site->ntopics;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int k = strcmp(id, site->topics[mid].id);

		if (k == 0)
			return &site->topics[mid];
		if (k < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* A fragment of doc with the titles of its cross-references, and its
 * checklist marks as ticks (frag.h). */
static const char *
resolve_xrefs(struct ctx *c, struct hb_arena *a,
    const struct hb_document *doc, const char *html)
{
	return hb_frag_ticks(a, hb_render_xref_titles(a, html, doc, c->site));
}

static const char *
stars_text(struct hb_arena *a, int stars)
{
	struct hb_buf b;
	const char *r;
	int i;

	hb_buf_init(&b, HB_BUF_NOCAP);
	for (i = 0; i < 5; i++)
		hb_buf_puts(&b, i < stars ? "★" : "☆");
	r = hb_arena_strndup(a, hb_buf_str(&b), b.len);
	hb_buf_fini(&b);
	return r;
}

static struct hb_tval *
review_value(struct ctx *c, struct hb_arena *a, const struct hb_document *doc,
    const struct hb_review *r)
{
	struct hb_tval *m = hb_tval_map(a), *l;
	size_t i;
	bool structured = r->npros + r->ncons > 0 || r->stars > 0;

	hb_tval_map_set_str(m, "verdict", r->verdict);
	hb_tval_map_set_int(m, "stars", r->stars);
	hb_tval_map_set_bool(m, "has_stars", r->stars > 0);
	hb_tval_map_set_str(m, "stars_text", stars_text(a, r->stars));
	l = hb_tval_list(a);
	for (i = 0; i < r->npros; i++)
		hb_tval_list_push(l, hb_tval_str(a, r->pros[i]));
	hb_tval_map_set(m, "pros", l);
	hb_tval_map_set_bool(m, "has_pros", r->npros > 0);
	l = hb_tval_list(a);
	for (i = 0; i < r->ncons; i++)
		hb_tval_list_push(l, hb_tval_str(a, r->cons[i]));
	hb_tval_map_set(m, "cons", l);
	hb_tval_map_set_bool(m, "has_cons", r->ncons > 0);
	hb_tval_map_set_str(m, "summary", r->summary);
	/* The review once (issue #11): the structured view, then only what
	 * it did not capture (code, other paragraphs); all of it when no
	 * structure was found. */
	hb_tval_map_set_html(m, "full_html", !structured ?
	    resolve_xrefs(c, a, doc, r->html) : hb_frag_review_rest(a,
	    resolve_xrefs(c, a, doc, r->html), r));
	return m;
}

static const char *
answer_label(const struct ctx *c, enum hb_answer_kind k)
{
	switch (k) {
	case HB_ANSWER_CANDIDATE: return str(c, "candidate");
	case HB_ANSWER_REFERENCE: return str(c, "reference");
	case HB_ANSWER_ANSWER: return str(c, "answer");
	}
	return str(c, "answer");
}

static struct hb_tval *
topics_value(struct ctx *c, struct hb_arena *a, const char *root,
    const char *const *ids, size_t n)
{
	struct hb_tval *l = hb_tval_list(a);
	size_t i;

	for (i = 0; i < n; i++) {
		const struct hb_topic_ref *t = find_topic(c->site, ids[i]);
		struct hb_tval *m = hb_tval_map(a);

		hb_tval_map_set_str(m, "id", ids[i]);
		hb_tval_map_set_str(m, "title", t ? t->title : ids[i]);
		hb_tval_map_set_str(m, "url", page_url(a, root, "topics",
		    ids[i]));
		hb_tval_list_push(l, m);
	}
	return l;
}

/* The question as the _question partial sees it. */
static struct hb_tval *
question_value(struct ctx *c, struct hb_arena *a, const char *root,
    const struct hb_question *q, const char *heading)
{
	struct hb_tval *m = hb_tval_map(a), *l, *after;
	const char *prompt, *first;
	bool skip_first = false;
	size_t i;

	hb_tval_map_set_str(m, "id", q->id);
	hb_tval_map_set_str(m, "url", page_url(a, root, "q", q->id));
	hb_tval_map_set_str(m, "heading", heading);
	hb_tval_map_set_str(m, "number", q->number);
	hb_tval_map_set_str(m, "title", q->title);
	hb_tval_map_set_str(m, "section", q->section);
	hb_tval_map_set_int(m, "line", q->line);
	hb_tval_map_set_str(m, "status", hb_status_name(q->status));
	hb_tval_map_set_bool(m, "unanswered",
	    q->status == HB_STATUS_UNANSWERED);
	/* A choice question with no prompt asks in its answer: the code and
	 * text before the choices become the prompt, shown above the
	 * buttons; the rest stays the answer (issue #11). */
	prompt = resolve_xrefs(c, a, q->doc, q->prompt_html);
	first = q->nanswers > 0 ? resolve_xrefs(c, a, q->doc,
	    q->answers[0].html) : NULL;
	if (q->nchoices > 0 && prompt == NULL && first != NULL &&
	    hb_frag_choice_stem(a, first, &prompt, &first) == 0 &&
	    first == NULL)
		skip_first = true;
	hb_tval_map_set_html(m, "prompt_html", prompt);
	l = hb_tval_list(a);
	for (i = 0; i < q->nchoices; i++) {
		struct hb_tval *ch = hb_tval_map(a);

		hb_tval_map_set_str(ch, "label", q->choices[i].label);
		hb_tval_map_set_str(ch, "text", q->choices[i].text);
		hb_tval_list_push(l, ch);
	}
	hb_tval_map_set(m, "choices", l);
	hb_tval_map_set_bool(m, "has_choices", q->nchoices > 0);
	hb_tval_map_set_str(m, "correct", q->correct);
	/* In the author's order around the review (issue #11): what comes
	 * before it in the source ("answers"), then the review, then what
	 * follows it ("answers_after"), e.g. candidate, review, reference. */
	l = hb_tval_list(a);
	after = hb_tval_list(a);
	for (i = skip_first ? 1 : 0; i < q->nanswers; i++) {
		struct hb_tval *an = hb_tval_map(a);

		hb_tval_map_set_str(an, "kind",
		    hb_answer_kind_name(q->answers[i].kind));
		hb_tval_map_set_str(an, "label",
		    answer_label(c, q->answers[i].kind));
		hb_tval_map_set_html(an, "html", i == 0 ? first :
		    resolve_xrefs(c, a, q->doc, q->answers[i].html));
		if (q->review != NULL && q->answers[i].line > q->review->line)
			hb_tval_list_push(after, an);
		else
			hb_tval_list_push(l, an);
	}
	hb_tval_map_set(m, "answers", l);
	hb_tval_map_set(m, "answers_after", after);
	if (q->review != NULL)
		hb_tval_map_set(m, "review", review_value(c, a, q->doc, q->review));
	else
		hb_tval_map_set_str(m, "review", NULL);
	hb_tval_map_set(m, "topics", topics_value(c, a, root, q->topics,
	    q->ntopics));
	return m;
}

/* Whether version v has the page at path (inside a version). */
static bool
version_has(const struct hb_version *v, const char *page)
{
	const struct hb_site *s = v->site;
	size_t n = strlen(page), i;
	char *name;
	bool found = false;

	if (hb_starts_with(page, "q/") || hb_starts_with(page, "d/") ||
	    (hb_starts_with(page, "topics/") &&
	    strcmp(page, "topics/index.html") != 0)) {
		const char *p = strchr(page, '/') + 1;

		name = hb_xstrndup(p, (size_t)(page + n - 5 - p));
		if (page[0] == 'q')
			found = hb_site_find(s, name) != NULL;
		else if (page[0] == 't')
			found = find_topic(s, name) != NULL;
		else
			for (i = 0; i < s->ndocs && !found; i++)
				found = strcmp(s->docs[i]->slug, name) == 0;
		free(name);
		return found;
	}
	return true;
}

/* The version switcher: the same page in every version when it exists
 * there, else that version's home page. */
static struct hb_tval *
versions_value(struct ctx *c, struct hb_arena *a, const char *root,
    const char *page)
{
	struct hb_tval *l = hb_tval_list(a);
	size_t i;

	for (i = 0; i < c->o->nversions; i++) {
		const struct hb_version *v = &c->o->versions[i];
		struct hb_tval *m = hb_tval_map(a);
		struct hb_buf u;
		/* The oldest version has nothing to compare with. */
		bool has = strcmp(page, "changes.html") == 0 ?
		    i + 1 < c->o->nversions : version_has(v, page);
		const char *target = has ? page : "index.html";

		hb_buf_init(&u, HB_BUF_NOCAP);
		hb_buf_printf(&u, "%s%s", root, c->up);
		hb_url_path(&u, v->prefix, strlen(v->prefix));
		hb_url_path(&u, target, strlen(target));
		hb_tval_map_set_str(m, "name", v->name ? v->name :
		    str(c, "current_version"));
		hb_tval_map_set_str(m, "url", hb_arena_strdup(a, hb_buf_str(&u)));
		hb_tval_map_set_bool(m, "current", i == c->o->current);
		hb_tval_list_push(l, m);
		hb_buf_fini(&u);
	}
	return l;
}

/* Site-wide keys every page has. page is the page's path inside its
 * version ("q/x.html"), for the version switcher. */
static struct hb_tval *
page_base(struct ctx *c, struct hb_arena *a, const char *kind,
    const char *root, const char *path)
{
	struct hb_tval *m = hb_tval_map(a), *site = hb_tval_map(a);
	struct hb_tval *assets = hb_tval_map(a), *t = hb_tval_map(a);
	struct hb_tval *page = hb_tval_map(a);
	size_t i;

	hb_tval_map_set_str(site, "title", c->o->config->title ?
	    c->o->config->title : "Handbook");
	hb_tval_map_set_str(site, "description", c->o->config->description);
	hb_tval_map_set_str(site, "version", HB_VERSION);
	hb_tval_map_set_str(site, "updated", c->build_date);
	hb_tval_map_set(m, "site", site);
	for (i = 0; i < c->nassets; i++)
		hb_tval_map_set_str(assets, c->assets[i].key,
		    c->assets[i].path);
	hb_tval_map_set_str(assets, "search_index", c->search_index);
	hb_tval_map_set(m, "assets", assets);
	for (i = 0; i < c->strings->n; i++)
		if (c->strings->kv[i].val->kind == HB_Y_SCALAR)
			hb_tval_map_set_str(t, c->strings->kv[i].key,
			    c->strings->kv[i].val->str);
	hb_tval_map_set(m, "t", t);
	hb_tval_map_set_str(m, "root", root);
	/* Theme files live at the site root, shared by all versions. */
	hb_tval_map_set_str(m, "asset_root", hb_arena_printf(a, "%s%s", root,
	    c->up));
	hb_tval_map_set(m, "versions", versions_value(c, a, root, path));
	hb_tval_map_set_bool(m, "has_versions", c->o->nversions > 1);
	hb_tval_map_set_str(m, "version_name", c->o->nversions > 1 &&
	    c->o->versions[c->o->current].name ?
	    c->o->versions[c->o->current].name : str(c, "current_version"));
	hb_tval_map_set_bool(m, "has_changes", c->o->changes != NULL);
	hb_tval_map_set_html(m, "theme_init", c->theme_init ?
	    c->theme_init : "");
	hb_tval_map_set_html(m, "i18n_json", c->i18n_json);
	hb_tval_map_set_str(page, "kind", kind);
	hb_tval_map_set_bool(page, "is_home", strcmp(kind, "home") == 0);
	hb_tval_map_set(m, "page", page);
	hb_tval_map_set(m, "breadcrumbs", hb_tval_list(a));
	hb_tval_map_set_str(m, "pager", NULL);
	return m;
}

/* prev/next through the whole book (nav.h) for the page at position
 * at of the book order; root leads from this page to the site root. */
static void
set_pager(struct ctx *c, struct hb_arena *a, struct hb_tval *m,
    const char *root, size_t at)
{
	struct hb_tval *pg, *v;

	if (at == HB_NAV_NONE || at >= c->nav.npages)
		return;
	pg = hb_tval_map(a);
	if (at > 0) {
		v = hb_tval_map(a);
		hb_tval_map_set_str(v, "title", c->nav.pages[at - 1].title);
		hb_tval_map_set_str(v, "url", hb_arena_printf(a, "%s%s", root,
		    c->nav.pages[at - 1].path));
		hb_tval_map_set(pg, "prev", v);
	} else {
		hb_tval_map_set_str(pg, "prev", NULL);
	}
	if (at + 1 < c->nav.npages) {
		v = hb_tval_map(a);
		hb_tval_map_set_str(v, "title", c->nav.pages[at + 1].title);
		hb_tval_map_set_str(v, "url", hb_arena_printf(a, "%s%s", root,
		    c->nav.pages[at + 1].path));
		hb_tval_map_set(pg, "next", v);
	} else {
		hb_tval_map_set_str(pg, "next", NULL);
	}
	hb_tval_map_set(m, "pager", pg);
}

static void
crumb(struct hb_arena *a, struct hb_tval *list, const char *title,
    const char *url)
{
	struct hb_tval *m = hb_tval_map(a);

	hb_tval_map_set_str(m, "title", title);
	hb_tval_map_set_str(m, "url", url);
	hb_tval_map_set_bool(m, "current", url == NULL);
	hb_tval_list_push(list, m);
}

static int
emit(struct ctx *c, const char *tmpl, const struct hb_tval *v,
    const char *path)
{
	struct hb_buf out;
	int rc;

	hb_buf_init(&out, 64u << 20);
	rc = hb_tset_render(c->ts, tmpl, v, &out, c->d);
	if (rc == 0 && out.overflow) {
		struct hb_pos pos = { path, 0, 0 };

		hb_diag_error(c->d, &pos, "page larger than 64 MB");
		rc = -1;
	}
	if (rc == 0)
		rc = hb_output_write(c->out, path, out.data ? out.data : "",
		    out.len);
	hb_buf_fini(&out);
	if (rc != 0)
		c->failed = 1;
	return rc;
}

/* ---- git: dates, history, edit links ---- */

/* "2024-01-02T03:04:05Z" -> "2024-01-02" (arena). */
static const char *
day(struct hb_arena *a, const char *iso)
{
	return iso ? hb_arena_strndup(a, iso, strlen(iso) >= 10 ? 10 :
	    strlen(iso)) : NULL;
}

/* The file's path in the repository, for forge links. */
static const char *
repo_path(struct ctx *c, struct hb_arena *a, const struct hb_document *d)
{
	return hb_arena_printf(a, "%s%s", c->git_prefix, d->path);
}

static const char *
edit_url(struct ctx *c, struct hb_arena *a, const struct hb_document *d)
{
	const struct hb_config *cf = c->o->config;

	return hb_repo_edit_url(a, cf->repo_url, cf->branch, cf->edit_url,
	    repo_path(c, a, d));
}

static const char *
log_url(struct ctx *c, struct hb_arena *a, const struct hb_document *d)
{
	const struct hb_config *cf = c->o->config;

	if (cf->repo_url == NULL)
		return NULL;
	return hb_repo_log_url(a, cf->repo_url, cf->branch,
	    repo_path(c, a, d));
}

/* updated, authors and the commits that changed q. */
static void
history_values(struct ctx *c, struct hb_arena *a, struct hb_tval *m,
    const struct hb_question *q)
{
	struct hb_tval *l = hb_tval_list(a);
	struct hb_buf authors;
	size_t i;

	hb_buf_init(&authors, HB_BUF_NOCAP);
	for (i = 0; i < q->nauthors; i++) {
		if (i > 0)
			hb_buf_puts(&authors, ", ");
		hb_buf_puts(&authors, q->authors[i]);
	}
	for (i = 0; i < q->nhistory; i++) {
		const struct hb_commit *k = &q->history[i];
		struct hb_tval *km = hb_tval_map(a);

		hb_tval_map_set_str(km, "id", k->id);
		hb_tval_map_set_str(km, "date", day(a, k->date));
		hb_tval_map_set_str(km, "author", k->author);
		hb_tval_map_set_str(km, "subject", k->subject);
		hb_tval_list_push(l, km);
	}
	hb_tval_map_set_str(m, "updated", day(a, q->updated));
	hb_tval_map_set_str(m, "created", day(a, q->created));
	hb_tval_map_set_str(m, "authors", authors.len ?
	    hb_arena_strdup(a, hb_buf_str(&authors)) : NULL);
	hb_tval_map_set(m, "commits", l);
	hb_tval_map_set_bool(m, "has_history", q->nhistory > 0 ||
	    q->updated != NULL);
	hb_tval_map_set_bool(m, "uncommitted", q->uncommitted);
	hb_buf_fini(&authors);
	(void)c;
}

/* ---- pages ---- */

static const char *
layout_label(const struct ctx *c, enum hb_layout l)
{
	switch (l) {
	case HB_LAYOUT_RECORD: return str(c, "layout_record");
	case HB_LAYOUT_LIST: return str(c, "layout_list");
	case HB_LAYOUT_SINGLE: return str(c, "layout_single");
	case HB_LAYOUT_HEADINGS: return str(c, "layout_headings");
	case HB_LAYOUT_GUIDE: return str(c, "layout_guide");
	}
	return "";
}

static size_t
answered_count(const struct hb_document *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->nquestions; i++)
		n += d->questions[i].status == HB_STATUS_ANSWERED;
	return n;
}

/* ---- sections (issue #10): the home page by sections, and a page
 * per section ---- */

/* The ids of every question of docs[from .. from + n), space-separated
 * (progress marks on cards). Arena-owned. */
static const char *
question_ids(struct hb_arena *a, struct hb_document *const *docs, size_t n)
{
	struct hb_buf ids;
	const char *r;
	size_t i, j;

	hb_buf_init(&ids, HB_BUF_NOCAP);
	for (i = 0; i < n; i++)
		for (j = 0; j < docs[i]->nquestions; j++) {
			if (ids.len > 0)
				hb_buf_putc(&ids, ' ');
			hb_buf_puts(&ids, docs[i]->questions[j].id);
		}
	r = hb_arena_strndup(a, hb_buf_str(&ids), ids.len);
	hb_buf_fini(&ids);
	return r;
}

/* A card for a document or a section (home page, section pages). */
static struct hb_tval *
entry_card(struct ctx *c, struct hb_arena *a, const char *root,
    const struct hb_nav_entry *e)
{
	struct hb_tval *m = hb_tval_map(a);

	if (e->doc != NULL) {
		const struct hb_document *d = e->doc;

		hb_tval_map_set_str(m, "title", d->title);
		hb_tval_map_set_str(m, "url", page_url(a, root, "d", d->slug));
		hb_tval_map_set_str(m, "layout_label",
		    layout_label(c, d->layout));
		hb_tval_map_set_int(m, "count", (long)d->nquestions);
		hb_tval_map_set_int(m, "answered", (long)answered_count(d));
		hb_tval_map_set_bool(m, "has_questions", d->nquestions > 0);
		hb_tval_map_set_str(m, "ids", question_ids(a,
		    (struct hb_document *const *)&e->doc, 1));
		hb_tval_map_set_bool(m, "is_section", false);
		return m;
	}
	hb_tval_map_set_str(m, "title", e->section->title);
	hb_tval_map_set_str(m, "url", page_url(a, root, "s", e->section->id));
	/* One-question files read as one document. */
	hb_tval_map_set_str(m, "layout_label", e->section->questions_only ?
	    layout_label(c, HB_LAYOUT_LIST) : str(c, "section"));
	hb_tval_map_set_int(m, "count", (long)e->section->nquestions);
	hb_tval_map_set_int(m, "answered", (long)e->section->nanswered);
	hb_tval_map_set_bool(m, "has_questions", e->section->nquestions > 0);
	hb_tval_map_set_str(m, "ids", question_ids(a, c->site->docs +
	    e->section->doc_start, e->section->ndocs));
	hb_tval_map_set_bool(m, "is_section", true);
	return m;
}

/* A section's intro as HTML: its intro file's body, or a category's
 * description. */
static const char *
intro_html(struct ctx *c, struct hb_arena *a, const struct hb_section *s)
{
	if (s->intro != NULL && s->intro->intro_html != NULL)
		return resolve_xrefs(c, a, s->intro, s->intro->intro_html);
	return NULL;
}

/* A fragment (written for pages one folder deep) on the home page:
 * the renderer's own "../" before its links and images goes. */
static const char *
at_root(struct hb_arena *a, const char *html)
{
	static const char *const attrs[] = { "href=\"../", "src=\"../" };
	struct hb_buf b;
	const char *p, *r;

	if (html == NULL)
		return NULL;
	hb_buf_init(&b, HB_BUF_NOCAP);
	for (p = html; *p;) {
		size_t k;

		for (k = 0; k < 2; k++)
			if (strncmp(p, attrs[k], strlen(attrs[k])) == 0)
				break;
		if (k < 2) {
			size_t len = strlen(attrs[k]);

			hb_buf_append(&b, p, len - 3);
			p += len;
			continue;
		}
		hb_buf_putc(&b, *p++);
	}
	r = hb_arena_strndup(a, hb_buf_str(&b), b.len);
	hb_buf_fini(&b);
	return r;
}

/* The home page: the root's intro, then a group for the root's own
 * documents and one per top-level section with its entries. */
static struct hb_tval *
home_groups(struct ctx *c, struct hb_arena *a)
{
	const struct hb_section *root = c->site->root;
	struct hb_tval *groups = hb_tval_list(a), *own = NULL;
	struct hb_tval *own_entries = NULL;
	size_t i, k;

	if (root == NULL)
		return groups;
	for (i = 0; i < root->nentries; i++) {
		const struct hb_nav_entry *e = &root->entries[i];
		struct hb_tval *g, *l;
		const struct hb_section *s = e->section;

		if (e->doc != NULL || s->questions_only) {
			/* The root's documents, in one group. */
			if (own == NULL) {
				own = hb_tval_map(a);
				hb_tval_map_set_str(own, "title",
				    str(c, "documents"));
				hb_tval_map_set_str(own, "anchor", "h-docs");
				hb_tval_map_set_str(own, "url", NULL);
				hb_tval_map_set_str(own, "summary", NULL);
				hb_tval_map_set_bool(own, "has_count", false);
				own_entries = hb_tval_list(a);
				hb_tval_map_set(own, "entries", own_entries);
				hb_tval_list_push(groups, own);
			}
			hb_tval_list_push(own_entries, entry_card(c, a, "",
			    e));
			continue;
		}
		g = hb_tval_map(a);
		hb_tval_map_set_str(g, "title", s->title);
		hb_tval_map_set_str(g, "anchor", hb_arena_printf(a, "h-s-%s",
		    s->id));
		hb_tval_map_set_str(g, "url", page_url(a, "", "s", s->id));
		hb_tval_map_set_str(g, "summary", s->summary);
		hb_tval_map_set_bool(g, "has_count", true);
		hb_tval_map_set_int(g, "count", (long)s->nquestions);
		l = hb_tval_list(a);
		for (k = 0; k < s->nentries; k++)
			hb_tval_list_push(l, entry_card(c, a, "",
			    &s->entries[k]));
		hb_tval_map_set(g, "entries", l);
		hb_tval_list_push(groups, g);
	}
	return groups;
}

static int
page_home(struct ctx *c)
{
	struct hb_arena a;
	struct hb_tval *m, *l, *stats;
	size_t i, j, total = 0, answered = 0, rated = 0;
	long stars = 0;
	int rc;

	hb_arena_init(&a);
	m = page_base(c, &a, "home", "", "index.html");
	set_pager(c, &a, m, "", 0);
	l = hb_tval_list(&a);
	for (i = 0; i < c->site->ndocs; i++) {
		const struct hb_document *d = c->site->docs[i];
		struct hb_nav_entry e = { c->site->docs[i], NULL };

		for (j = 0; j < d->nquestions; j++) {
			const struct hb_question *q = &d->questions[j];

			if (q->review != NULL && q->review->stars > 0) {
				stars += q->review->stars;
				rated++;
			}
		}
		total += d->nquestions;
		answered += answered_count(d);
		hb_tval_list_push(l, entry_card(c, &a, "", &e));
	}
	/* Every document in navigation order, for templates that list
	 * them flat; the default one shows the sections. */
	hb_tval_map_set(m, "documents", l);
	hb_tval_map_set(m, "groups", home_groups(c, &a));
	hb_tval_map_set_html(m, "intro_html", c->site->root != NULL ?
	    at_root(&a, intro_html(c, &a, c->site->root)) : NULL);
	stats = hb_tval_map(&a);
	hb_tval_map_set_int(stats, "questions", (long)total);
	hb_tval_map_set_int(stats, "answered", (long)answered);
	hb_tval_map_set_bool(stats, "has_rating", rated > 0);
	hb_tval_map_set_str(stats, "average", rated ? hb_arena_printf(&a,
	    "%.1f", (double)stars / (double)rated) : "");
	hb_tval_map_set(m, "stats", stats);
	l = hb_tval_list(&a);
	for (i = 0; i < c->site->ntopics; i++) {
		const struct hb_topic_ref *t = &c->site->topics[i];
		struct hb_tval *tm = hb_tval_map(&a);

		hb_tval_map_set_str(tm, "title", t->title);
		hb_tval_map_set_str(tm, "url", page_url(&a, "", "topics",
		    t->id));
		hb_tval_map_set_int(tm, "count", (long)t->nquestions);
		hb_tval_list_push(l, tm);
	}
	hb_tval_map_set(m, "topics", l);
	hb_tval_map_set_bool(m, "has_topics", c->site->ntopics > 0);
	rc = emit(c, "home", m, "index.html");
	hb_arena_fini(&a);
	return rc;
}

/* A page at an old URL (aliases, redirect_from) that sends the reader
 * on: a meta refresh and a link, no script, so it works from file://
 * and under a strict Content-Security-Policy. */
static int
page_redirect(struct ctx *c, const struct hb_redirect *r)
{
	struct hb_arena a;
	struct hb_tval *m, *rm;
	struct hb_buf up;
	const char *p;
	int rc;

	hb_arena_init(&a);
	hb_buf_init(&up, HB_BUF_NOCAP);
	for (p = strchr(r->from, '/'); p != NULL; p = strchr(p + 1, '/'))
		hb_buf_puts(&up, "../");
	m = page_base(c, &a, "redirect", hb_buf_str(&up), r->from);
	rm = hb_tval_map(&a);
	hb_tval_map_set_str(rm, "title", r->title);
	hb_tval_map_set_str(rm, "url", hb_arena_printf(&a, "%s%s",
	    hb_buf_str(&up), r->to));
	hb_tval_map_set(m, "redirect", rm);
	rc = emit(c, "redirect", m, r->from);
	hb_buf_fini(&up);
	hb_arena_fini(&a);
	return rc;
}

/* s/<id>.html: a section's intro, then its questions in full when it
 * holds only one-question files (it reads as one document), else its
 * documents and subsections as cards. */
static int
page_section(struct ctx *c, const struct hb_section *s)
{
	struct hb_arena a;
	struct hb_tval *m, *sm, *crumbs, *qs, *cards;
	const struct hb_section *up;
	const struct hb_section *chain[64];
	size_t i, n = 0;
	int rc;

	hb_arena_init(&a);
	m = page_base(c, &a, "section", "../", page_file(&a, "s", s->id));
	set_pager(c, &a, m, "../", c->nav.section_at[s->index]);
	crumbs = hb_tval_list(&a);
	crumb(&a, crumbs, str(c, "home"), "../index.html");
	for (up = s->parent; up != NULL && up->parent != NULL &&
	    n < sizeof(chain) / sizeof(chain[0]); up = up->parent)
		chain[n++] = up;
	while (n-- > 0)
		crumb(&a, crumbs, chain[n]->title, page_url(&a, "../", "s",
		    chain[n]->id));
	crumb(&a, crumbs, s->title, NULL);
	hb_tval_map_set(m, "breadcrumbs", crumbs);
	sm = hb_tval_map(&a);
	hb_tval_map_set_str(sm, "title", s->title);
	hb_tval_map_set_str(sm, "summary", s->summary);
	hb_tval_map_set_int(sm, "count", (long)s->nquestions);
	hb_tval_map_set_bool(sm, "has_questions", s->nquestions > 0);
	hb_tval_map_set_int(sm, "answered", (long)s->nanswered);
	hb_tval_map_set_html(sm, "intro_html", intro_html(c, &a, s));
	hb_tval_map_set(m, "section", sm);
	hb_tval_map_set_str(m, "title", s->title);
	qs = hb_tval_list(&a);
	cards = hb_tval_list(&a);
	for (i = 0; i < s->nentries; i++) {
		const struct hb_nav_entry *e = &s->entries[i];

		if (s->questions_only)
			hb_tval_list_push(qs, question_value(c, &a, "../",
			    &e->doc->questions[0], "h2"));
		else
			hb_tval_list_push(cards, entry_card(c, &a, "../", e));
	}
	hb_tval_map_set(m, "questions", qs);
	hb_tval_map_set(m, "entries", cards);
	hb_tval_map_set_bool(m, "has_entries", !s->questions_only &&
	    s->nentries > 0);
	rc = emit(c, "section", m, page_file(&a, "s", s->id));
	hb_arena_fini(&a);
	return rc;
}

/* Interview records: questions, stars and verdicts by round. */
static struct hb_tval *
scorecard_value(struct ctx *c, struct hb_arena *a,
    const struct hb_document *d, struct hb_tval **qvals)
{
	struct hb_tval *m = hb_tval_map(a), *rounds = hb_tval_list(a);
	struct hb_tval *round = NULL, *rows = NULL, *cbs = hb_tval_list(a);
	const char *cur = NULL;
	long rstars = 0, tstars = 0;
	size_t i, rrated = 0, trated = 0, rcount = 0, ranswered = 0;

	for (i = 0; i <= d->nquestions; i++) {
		const struct hb_question *q = i < d->nquestions ?
		    &d->questions[i] : NULL;

		if (round != NULL && (q == NULL || (q->section != cur &&
		    (q->section == NULL || cur == NULL ||
		    strcmp(q->section, cur) != 0)))) {
			hb_tval_map_set(round, "rows", rows);
			hb_tval_map_set_int(round, "count", (long)rcount);
			hb_tval_map_set_int(round, "answered", (long)ranswered);
			hb_tval_map_set_bool(round, "has_stars", rrated > 0);
			hb_tval_map_set_str(round, "average", rrated ?
			    hb_arena_printf(a, "%.1f", (double)rstars /
			    (double)rrated) : "");
			hb_tval_list_push(rounds, round);
			round = NULL;
		}
		if (q == NULL)
			break;
		if (round == NULL) {
			round = hb_tval_map(a);
			rows = hb_tval_list(a);
			cur = q->section;
			hb_tval_map_set_str(round, "title", cur ? cur : "");
			rstars = 0;
			rrated = rcount = ranswered = 0;
		}
		hb_tval_list_push(rows, qvals[i]);
		rcount++;
		ranswered += q->status == HB_STATUS_ANSWERED;
		if (q->review != NULL && q->review->stars > 0) {
			rstars += q->review->stars;
			tstars += q->review->stars;
			rrated++;
			trated++;
		}
	}
	hb_tval_map_set(m, "rounds", rounds);
	hb_tval_map_set_int(m, "count", (long)d->nquestions);
	hb_tval_map_set_int(m, "answered", (long)answered_count(d));
	hb_tval_map_set_bool(m, "has_stars", trated > 0);
	hb_tval_map_set_str(m, "average", trated ? hb_arena_printf(a, "%.1f",
	    (double)tstars / (double)trated) : "");
	/* Scorecard lines, read at load time (doc->marks). */
	for (i = 0; i < d->nmarks; i++) {
		const struct hb_mark *mk = &d->marks[i];
		struct hb_tval *item = hb_tval_map(a), *opts = hb_tval_list(a);

		hb_tval_map_set_str(item, "label", mk->label);
		for (size_t k = 0; k < mk->noptions; k++) {
			struct hb_tval *o = hb_tval_map(a);

			hb_tval_map_set_bool(o, "checked",
			    mk->options[k].checked);
			hb_tval_map_set_str(o, "text", mk->options[k].text);
			hb_tval_list_push(opts, o);
		}
		hb_tval_map_set(item, "options", opts);
		hb_tval_list_push(cbs, item);
	}
	hb_tval_map_set(m, "checkboxes", cbs);
	hb_tval_map_set_bool(m, "has_checkboxes", d->nmarks > 0);
	(void)c;
	return m;
}

/* "On this page" (issue #11): for documents of three questions or
 * more, groups of questions, each under the section heading before it
 * (the first group has none when questions come before any heading). */
static struct hb_tval *
toc_value(struct hb_arena *a, const struct hb_document *d,
    const char *const *anchors)
{
	struct hb_tval *groups = hb_tval_list(a), *g = NULL, *qs = NULL;
	struct hb_tval *m;
	size_t i;

	if (d->nquestions < 3)
		return NULL;
	for (i = 0; i < d->nparts; i++) {
		const struct hb_part *p = &d->parts[i];
		const struct hb_question *q;

		if (p->kind == HB_PART_PROSE)
			continue;
		if (p->kind == HB_PART_HEADING || g == NULL) {
			g = hb_tval_map(a);
			qs = hb_tval_list(a);
			hb_tval_map_set_str(g, "title", p->kind ==
			    HB_PART_HEADING ? p->text : NULL);
			hb_tval_map_set_str(g, "anchor", anchors[i]);
			hb_tval_map_set(g, "questions", qs);
			hb_tval_list_push(groups, g);
			if (p->kind == HB_PART_HEADING)
				continue;
		}
		q = &d->questions[p->question];
		m = hb_tval_map(a);
		hb_tval_map_set_str(m, "id", q->id);
		hb_tval_map_set_str(m, "title", q->title);
		hb_tval_list_push(qs, m);
	}
	m = hb_tval_map(a);
	hb_tval_map_set(m, "groups", groups);
	return m;
}

static int
page_document(struct ctx *c, const struct hb_document *d, size_t at)
{
	struct hb_arena a;
	struct hb_tval *m, *dm, *parts, *crumbs, *toc;
	struct hb_tval **qvals;
	const char **anchors;
	bool *aside;
	size_t i, nh = 0;
	int rc;

	hb_arena_init(&a);
	m = page_base(c, &a, "document", "../", page_file(&a, "d",
	    d->slug));
	set_pager(c, &a, m, "../", at);
	/* Every section heading gets an id, for the table of contents:
	 * its own ({#id}) or its place among the headings. */
	anchors = hb_arena_alloc(&a, (d->nparts + 1) * sizeof(*anchors));
	for (i = 0; i < d->nparts; i++) {
		anchors[i] = NULL;
		if (d->parts[i].kind != HB_PART_HEADING)
			continue;
		nh++;
		anchors[i] = d->parts[i].anchor != NULL ? d->parts[i].anchor :
		    hb_arena_printf(&a, "part-%zu", nh);
	}
	toc = toc_value(&a, d, anchors);
	if (toc != NULL)
		hb_tval_map_set(m, "toc", toc);
	else
		hb_tval_map_set_str(m, "toc", NULL);
	crumbs = hb_tval_list(&a);
	crumb(&a, crumbs, str(c, "home"), "../index.html");
	crumb(&a, crumbs, d->title, NULL);
	hb_tval_map_set(m, "breadcrumbs", crumbs);
	dm = hb_tval_map(&a);
	hb_tval_map_set_str(dm, "title", d->title);
	hb_tval_map_set_str(dm, "layout_label", layout_label(c, d->layout));
	hb_tval_map_set_int(dm, "count", (long)d->nquestions);
	hb_tval_map_set_int(dm, "answered", (long)answered_count(d));
	/* A guide is no question set: no counts, no print sheets,
	 * unless it lists questions of its own (issue #17). */
	hb_tval_map_set_bool(dm, "has_questions", d->nquestions > 0);
	hb_tval_map_set_str(dm, "source", edit_url(c, &a, d));
	hb_tval_map_set_str(dm, "log_url", log_url(c, &a, d));
	hb_tval_map_set(m, "doc", dm);
	hb_tval_map_set_str(m, "title", d->title);
	qvals = hb_arena_alloc(&a, (d->nquestions + 1) * sizeof(*qvals));
	for (i = 0; i < d->nquestions; i++)
		qvals[i] = question_value(c, &a, "../", &d->questions[i], "h2");
	/* What is not part of the interview (issue #11: the candidate's
	 * sheet leaves it out): headings with no question under them, and
	 * prose after the last question (the closing assessment). Found in
	 * one backward pass: open[l] says whether a question follows before
	 * the next heading of level l or above. */
	aside = hb_arena_alloc(&a, (d->nparts + 1) * sizeof(*aside));
	{
		bool open[8] = { false }, seen = false;
		int l;

		for (i = d->nparts; i-- > 0;) {
			const struct hb_part *p = &d->parts[i];
			int lv = p->level < 1 ? 1 : p->level > 7 ? 7 :
			    p->level;

			aside[i] = false;
			if (p->kind == HB_PART_QUESTION) {
				for (l = 0; l < 8; l++)
					open[l] = true;
				seen = true;
			} else if (p->kind == HB_PART_HEADING) {
				aside[i] = !open[lv];
				for (l = lv; l < 8; l++)
					open[l] = false;
			} else {
				aside[i] = !seen;
			}
		}
	}
	parts = hb_tval_list(&a);
	for (i = 0; i < d->nparts; i++) {
		const struct hb_part *p = &d->parts[i];
		struct hb_tval *pm = hb_tval_map(&a);

		hb_tval_map_set_bool(pm, "aside", aside[i]);

		hb_tval_map_set_bool(pm, "is_heading", p->kind == HB_PART_HEADING);
		hb_tval_map_set_bool(pm, "is_prose", p->kind == HB_PART_PROSE);
		hb_tval_map_set_bool(pm, "is_question",
		    p->kind == HB_PART_QUESTION);
		/* Section headings sit one level below the page's h1. */
		hb_tval_map_set_str(pm, "tag", p->level <= 2 ? "h2" : "h3");
		hb_tval_map_set_str(pm, "text", p->text);
		hb_tval_map_set_str(pm, "anchor", anchors[i]);
		hb_tval_map_set_html(pm, "html", resolve_xrefs(c, &a, d, p->html));
		if (p->kind == HB_PART_QUESTION)
			hb_tval_map_set(pm, "question", qvals[p->question]);
		else
			hb_tval_map_set_str(pm, "question", NULL);
		hb_tval_list_push(parts, pm);
	}
	hb_tval_map_set(m, "parts", parts);
	if (d->layout == HB_LAYOUT_RECORD)
		hb_tval_map_set(m, "scorecard", scorecard_value(c, &a, d,
		    qvals));
	else
		hb_tval_map_set_str(m, "scorecard", NULL);
	rc = emit(c, "document", m, page_file(&a, "d", d->slug));
	hb_arena_fini(&a);
	return rc;
}

/* A compact entry for question lists. */
static struct hb_tval *
qlist_item(struct ctx *c, struct hb_arena *a, const char *root,
    const struct hb_question *q, bool with_doc)
{
	struct hb_tval *m = hb_tval_map(a);

	hb_tval_map_set_str(m, "id", q->id);
	hb_tval_map_set_str(m, "url", page_url(a, root, "q", q->id));
	hb_tval_map_set_str(m, "title", q->title);
	hb_tval_map_set_str(m, "status", hb_status_name(q->status));
	hb_tval_map_set_bool(m, "unanswered",
	    q->status == HB_STATUS_UNANSWERED);
	hb_tval_map_set_str(m, "doc_title", with_doc ? q->doc->title : NULL);
	if (q->review != NULL)
		hb_tval_map_set(m, "review", review_value(c, a, q->doc, q->review));
	else
		hb_tval_map_set_str(m, "review", NULL);
	return m;
}

/* Questions sharing the most topics with q. Each topic's list is in
 * site order; only a window around q is scanned so a topic with
 * thousands of questions costs a constant per question. */
static struct hb_tval *
related_value(struct ctx *c, struct hb_arena *a, const struct hb_question *q,
    size_t *count)
{
	const struct hb_question *cand[RELATED_MAX * 8];
	int score[RELATED_MAX * 8];
	size_t ncand = 0, i, k, best;
	struct hb_tval *l = hb_tval_list(a);

	for (k = 0; k < q->ntopics; k++) {
		const struct hb_topic_ref *t = find_topic(c->site, q->topics[k]);
		size_t pos = 0, from, to;

		if (t == NULL)
			continue;
		/* Topic lists are in site order: find q by its ordinal. */
		{
			size_t lo = 0, hi = t->nquestions;

			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;

				if (t->questions[mid]->ordinal < q->ordinal)
					lo = mid + 1;
				else
					hi = mid;
			}
			pos = lo;
		}
		from = pos > RELATED_WINDOW ? pos - RELATED_WINDOW : 0;
		to = pos + RELATED_WINDOW < t->nquestions ?
		    pos + RELATED_WINDOW : t->nquestions;
		for (i = from; i < to; i++) {
			const struct hb_question *o = t->questions[i];
			size_t j;

			if (o == q)
				continue;
			for (j = 0; j < ncand && cand[j] != o; j++)
				;
			if (j < ncand) {
				score[j]++;
			} else if (ncand < sizeof(cand) / sizeof(cand[0])) {
				cand[ncand] = o;
				score[ncand++] = 1;
			}
		}
	}
	/* Highest score first; ties keep site order (stable selection). */
	for (k = 0; k < RELATED_MAX && ncand > 0; k++) {
		best = 0;
		for (i = 1; i < ncand; i++)
			if (score[i] > score[best])
				best = i;
		hb_tval_list_push(l, qlist_item(c, a, "../", cand[best], true));
		memmove(cand + best, cand + best + 1,
		    (ncand - best - 1) * sizeof(*cand));
		memmove(score + best, score + best + 1,
		    (ncand - best - 1) * sizeof(*score));
		ncand--;
	}
	*count = k;
	return l;
}

static int
page_question(struct ctx *c, const struct hb_question *q, size_t at)
{
	const struct hb_document *d = q->doc;
	struct hb_arena a;
	struct hb_tval *m, *crumbs, *l;
	const char *src_url, *doc_url;
	size_t i, nrel;
	int rc;

	hb_arena_init(&a);
	m = page_base(c, &a, "question", "../", page_file(&a, "q",
	    q->id));
	set_pager(c, &a, m, "../", at);
	doc_url = page_url(&a, "../", "d", d->slug);
	crumbs = hb_tval_list(&a);
	crumb(&a, crumbs, str(c, "home"), "../index.html");
	/* A one-question file's document is the question itself. */
	if (d->layout != HB_LAYOUT_SINGLE)
		crumb(&a, crumbs, d->title, hb_arena_printf(&a, "%s#%s",
		    doc_url, q->id));
	crumb(&a, crumbs, q->title, NULL);
	hb_tval_map_set(m, "breadcrumbs", crumbs);
	hb_tval_map_set(m, "question", question_value(c, &a, "../", q, "h1"));
	{
		struct hb_buf b;

		hb_buf_init(&b, HB_BUF_NOCAP);
		hb_buf_puts(&b, "../source/");
		hb_url_path(&b, d->rel, strlen(d->rel));
		/* The source view at the question's line (#11). */
		hb_buf_puts(&b, ".html");
		src_url = hb_arena_strdup(&a, hb_buf_str(&b));
		hb_buf_fini(&b);
	}
	hb_tval_map_set_str(m, "source_url", hb_arena_printf(&a, "%s#L%d",
	    src_url, q->line));
	hb_tval_map_set_str(m, "source_path", d->path);
	hb_tval_map_set_str(m, "edit_url", edit_url(c, &a, d));
	hb_tval_map_set_str(m, "log_url", log_url(c, &a, d));
	history_values(c, &a, m, q);
	l = hb_tval_list(&a);
	for (i = 0; i < q->ncode; i++) {
		struct hb_tval *cm = hb_tval_map(&a);

		hb_tval_map_set_str(cm, "lang", q->code[i].lang[0] ?
		    q->code[i].lang : "text");
		hb_tval_map_set_int(cm, "line", q->code[i].line);
		hb_tval_map_set_str(cm, "url", hb_arena_printf(&a, "%s#L%d",
		    src_url, q->code[i].line));
		hb_tval_list_push(l, cm);
	}
	hb_tval_map_set(m, "code", l);
	hb_tval_map_set_bool(m, "has_code", q->ncode > 0);
	{
		struct hb_tval *rel = related_value(c, &a, q, &nrel);
		struct hb_tval *wrap = hb_tval_map(&a);

		hb_tval_map_set(wrap, "items", rel);
		hb_tval_map_set(m, "related", wrap);
		hb_tval_map_set_bool(m, "has_related", nrel > 0);
	}
	rc = emit(c, "question", m, page_file(&a, "q", q->id));
	hb_arena_fini(&a);
	return rc;
}

/* "gc.html": a topic page seen from topics/index.html. */
static const char *
topic_file(struct hb_arena *a, const char *id)
{
	struct hb_buf b;
	const char *r;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_url_path(&b, id, strlen(id));
	hb_buf_puts(&b, ".html");
	r = hb_arena_strndup(a, hb_buf_str(&b), b.len);
	hb_buf_fini(&b);
	return r;
}

static int
page_topics(struct ctx *c)
{
	struct hb_arena a;
	struct hb_tval *m, *l, *crumbs;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < c->site->ntopics && rc == 0; i++) {
		const struct hb_topic_ref *t = &c->site->topics[i];
		struct hb_tval *tm, *groups, *g = NULL, *items = NULL;
		const struct hb_document *cur = NULL;
		size_t answered = 0;

		hb_arena_init(&a);
		m = page_base(c, &a, "topic", "../", page_file(&a,
		    "topics", t->id));
		crumbs = hb_tval_list(&a);
		crumb(&a, crumbs, str(c, "home"), "../index.html");
		crumb(&a, crumbs, str(c, "topics"), "index.html");
		crumb(&a, crumbs, t->title, NULL);
		hb_tval_map_set(m, "breadcrumbs", crumbs);
		groups = hb_tval_list(&a);
		for (j = 0; j < t->nquestions; j++) {
			const struct hb_question *q = t->questions[j];

			if (q->doc != cur) {
				cur = q->doc;
				g = hb_tval_map(&a);
				items = hb_tval_list(&a);
				hb_tval_map_set_str(g, "title", cur->title);
				hb_tval_map_set_str(g, "url", page_url(&a, "../",
				    "d", cur->slug));
				hb_tval_map_set(g, "items", items);
				hb_tval_list_push(groups, g);
			}
			hb_tval_list_push(items, qlist_item(c, &a, "../", q,
			    false));
			answered += q->status == HB_STATUS_ANSWERED;
		}
		tm = hb_tval_map(&a);
		hb_tval_map_set_str(tm, "title", t->title);
		hb_tval_map_set_str(tm, "description", t->def ?
		    t->def->description : NULL);
		hb_tval_map_set_int(tm, "count", (long)t->nquestions);
		hb_tval_map_set_int(tm, "answered", (long)answered);
		hb_tval_map_set(m, "topic", tm);
		hb_tval_map_set(m, "groups", groups);
		{
			struct hb_tval *rel = hb_tval_list(&a);
			size_t nrel = 0;

			/* Related topics that have questions of their own. */
			for (j = 0; t->def != NULL && j < t->def->nrelated;
			    j++) {
				const struct hb_topic_ref *o = find_topic(
				    c->site, t->def->related[j]);
				struct hb_tval *om;

				if (o == NULL)
					continue;
				om = hb_tval_map(&a);
				hb_tval_map_set_str(om, "title", o->title);
				hb_tval_map_set_str(om, "url", topic_file(&a,
				    o->id));
				hb_tval_map_set_int(om, "count",
				    (long)o->nquestions);
				hb_tval_list_push(rel, om);
				nrel++;
			}
			hb_tval_map_set(m, "related", rel);
			hb_tval_map_set_bool(m, "has_related", nrel > 0);
		}
		rc = emit(c, "topic", m, page_file(&a, "topics", t->id));
		hb_arena_fini(&a);
	}
	if (rc != 0)
		return rc;
	hb_arena_init(&a);
	m = page_base(c, &a, "topics", "../", "topics/index.html");
	crumbs = hb_tval_list(&a);
	crumb(&a, crumbs, str(c, "home"), "../index.html");
	crumb(&a, crumbs, str(c, "topics"), NULL);
	hb_tval_map_set(m, "breadcrumbs", crumbs);
	l = hb_tval_list(&a);
	for (i = 0; i < c->site->ntopics; i++) {
		const struct hb_topic_ref *t = &c->site->topics[i];
		struct hb_tval *tm = hb_tval_map(&a);

		hb_tval_map_set_str(tm, "title", t->title);
		hb_tval_map_set_str(tm, "url", topic_file(&a, t->id));
		hb_tval_map_set_int(tm, "count", (long)t->nquestions);
		hb_tval_map_set_str(tm, "description", t->def ?
		    t->def->description : NULL);
		hb_tval_list_push(l, tm);
	}
	hb_tval_map_set(m, "topics", l);
	rc = emit(c, "topics", m, "topics/index.html");
	hb_arena_fini(&a);
	return rc;
}

static int
page_practice(struct ctx *c)
{
	struct hb_arena a;
	struct hb_tval *m, *crumbs;
	struct hb_json j;
	size_t i, k;
	int rc;

	hb_arena_init(&a);
	m = page_base(c, &a, "practice", "", "practice.html");
	crumbs = hb_tval_list(&a);
	crumb(&a, crumbs, str(c, "home"), "index.html");
	crumb(&a, crumbs, str(c, "practice_set"), NULL);
	hb_tval_map_set(m, "breadcrumbs", crumbs);
	hb_json_init(&j);
	hb_json_array_begin(&j);
	for (i = 0; i < c->site->ndocs; i++)
		for (k = 0; k < c->site->docs[i]->nquestions; k++) {
			const struct hb_question *q =
			    &c->site->docs[i]->questions[k];

			/* Nothing to practise without an answer (#11). */
			if (q->status == HB_STATUS_UNANSWERED)
				continue;
			hb_json_object_begin(&j);
			hb_json_key(&j, "id");
			hb_json_string(&j, q->id);
			hb_json_key(&j, "title");
			hb_json_string(&j, q->title);
			hb_json_key(&j, "url");
			hb_json_string(&j, page_url(&a, "", "q", q->id));
			hb_json_key(&j, "doc");
			hb_json_string(&j, q->doc->title);
			hb_json_key(&j, "status");
			hb_json_string(&j, hb_status_name(q->status));
			hb_json_object_end(&j);
		}
	hb_json_array_end(&j);
	hb_tval_map_set_html(m, "practice_json", hb_arena_strdup(&a,
	    hb_json_str(&j)));
	hb_json_fini(&j);
	hb_tval_map_set_int(m, "practice_size", c->o->config->practice_size);
	rc = emit(c, "practice", m, "practice.html");
	hb_arena_fini(&a);
	return rc;
}

static int
page_404(struct ctx *c)
{
	struct hb_arena a;
	const char *root = "";
	int rc;

	hb_arena_init(&a);
	/* A server shows 404.html at any depth of URL: relative links
	 * would miss the assets there. With a base URL they are absolute. */
	if (c->base_url != NULL && c->base_url[0] != '\0') {
		size_t n = strlen(c->base_url);

		root = hb_arena_printf(&a, "%s%s%s", c->base_url,
		    c->base_url[n - 1] == '/' ? "" : "/", c->o->versions !=
		    NULL ? c->o->versions[c->o->current].prefix : "");
	}
	rc = emit(c, "404", page_base(c, &a, "404", root, "404.html"),
	    "404.html");
	hb_arena_fini(&a);
	return rc;
}

static int
cmp_updated(const void *pa, const void *pb)
{
	const struct hb_question *a = *(const struct hb_question *const *)pa;
	const struct hb_question *b = *(const struct hb_question *const *)pb;
	int k = strcmp(b->updated, a->updated);	/* newest first */

	return k != 0 ? k : strcmp(a->id, b->id);
}

/* feed.xml: the newest changed questions (Atom), dated from commits so
 * the same history gives the same feed. Written when there is history.
 * Without a base URL links and ids stay relative to the feed. */
static int
write_feed(struct ctx *c)
{
	const struct hb_question **v;
	struct hb_buf b, u;
	size_t i, n = 0;
	const char *base = c->base_url ? c->base_url : "";
	bool slash = base[0] && base[strlen(base) - 1] != '/';
	int rc;

	v = hb_xcalloc(c->site->nquestions + 1, sizeof(*v));
	for (i = 0; i < c->site->nquestions; i++)
		if (c->site->by_id[i]->updated != NULL)
			v[n++] = c->site->by_id[i];
	if (n == 0) {
		free(v);
		return 0;
	}
	qsort(v, n, sizeof(*v), cmp_updated);
	if (n > 50)
		n = 50;
	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_buf_init(&u, HB_BUF_NOCAP);
	hb_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>");
	hb_buf_html(&b, c->o->config->title ? c->o->config->title :
	    "Handbook", strlen(c->o->config->title ? c->o->config->title :
	    "Handbook"));
	/* Every value is escaped: base_url is checked to be http(s), but
	 * XML must not depend on that (issue #15). */
	hb_buf_reset(&u);
	hb_buf_printf(&u, "%s%sfeed.xml", base, slash ? "/" : "");
	hb_buf_puts(&b, "</title>\n<id>");
	hb_buf_html(&b, u.data, u.len);
	hb_buf_puts(&b, "</id>\n<link rel=\"self\" href=\"");
	hb_buf_html(&b, u.data, u.len);
	hb_buf_puts(&b, "\"/>\n<updated>");
	hb_buf_html(&b, v[0]->updated, strlen(v[0]->updated));
	hb_buf_puts(&b, "</updated>\n");
	for (i = 0; i < n; i++) {
		const struct hb_question *q = v[i];

		hb_buf_reset(&u);
		hb_buf_printf(&u, "%s%sq/", base, slash ? "/" : "");
		hb_url_path(&u, q->id, strlen(q->id));
		hb_buf_puts(&u, ".html");
		hb_buf_puts(&b, "<entry>\n<title>");
		hb_buf_html(&b, q->title, strlen(q->title));
		hb_buf_puts(&b, "</title>\n<id>");
		hb_buf_html(&b, u.data, u.len);
		hb_buf_puts(&b, "</id>\n<link href=\"");
		hb_buf_html(&b, u.data, u.len);
		hb_buf_puts(&b, "\"/>\n<updated>");
		hb_buf_html(&b, q->updated, strlen(q->updated));
		hb_buf_puts(&b, "</updated>\n");
		if (q->created != NULL) {
			hb_buf_puts(&b, "<published>");
			hb_buf_html(&b, q->created, strlen(q->created));
			hb_buf_puts(&b, "</published>\n");
		}
		if (q->nauthors > 0) {
			hb_buf_puts(&b, "<author><name>");
			hb_buf_html(&b, q->authors[0], strlen(q->authors[0]));
			hb_buf_puts(&b, "</name></author>\n");
		}
		hb_buf_puts(&b, "<summary>");
		hb_buf_html(&b, q->doc->title, strlen(q->doc->title));
		if (q->nhistory > 0) {
			hb_buf_puts(&b, ": ");
			hb_buf_html(&b, q->history[0].subject,
			    strlen(q->history[0].subject));
		}
		hb_buf_puts(&b, "</summary>\n</entry>\n");
	}
	hb_buf_puts(&b, "</feed>\n");
	rc = hb_output_write(c->out, "feed.xml", b.data, b.len);
	hb_buf_fini(&b);
	hb_buf_fini(&u);
	free(v);
	return rc;
}

/* changes.html: questions added, removed and changed since the
 * version before, with a line diff of each change. */
static int
page_changes(struct ctx *c)
{
	const struct hb_changes *ch = c->o->changes;
	const struct hb_version *prev = c->o->current + 1 < c->o->nversions ?
	    &c->o->versions[c->o->current + 1] : NULL;
	struct hb_arena a;
	struct hb_tval *m, *l, *crumbs;
	size_t i, k;
	int rc;

	if (ch == NULL)
		return 0;
	hb_arena_init(&a);
	m = page_base(c, &a, "changes", "", "changes.html");
	crumbs = hb_tval_list(&a);
	crumb(&a, crumbs, str(c, "home"), "index.html");
	crumb(&a, crumbs, str(c, "changes"), NULL);
	hb_tval_map_set(m, "breadcrumbs", crumbs);
	hb_tval_map_set_str(m, "since", prev && prev->name ? prev->name : "");
	l = hb_tval_list(&a);
	for (i = 0; i < ch->nadded; i++) {
		struct hb_tval *q = hb_tval_map(&a);

		hb_tval_map_set_str(q, "title", ch->added[i].new_q->title);
		hb_tval_map_set_str(q, "url", page_url(&a, "", "q",
		    ch->added[i].id));
		hb_tval_list_push(l, q);
	}
	hb_tval_map_set(m, "added", l);
	l = hb_tval_list(&a);
	for (i = 0; i < ch->nremoved; i++) {
		struct hb_tval *q = hb_tval_map(&a);

		hb_tval_map_set_str(q, "title", ch->removed[i].old_q->title);
		hb_tval_list_push(l, q);
	}
	hb_tval_map_set(m, "removed", l);
	l = hb_tval_list(&a);
	for (i = 0; i < ch->nchanged; i++) {
		const struct hb_change *x = &ch->changed[i];
		struct hb_tval *q = hb_tval_map(&a), *dl = hb_tval_list(&a);

		hb_tval_map_set_str(q, "title", x->new_q->title);
		hb_tval_map_set_str(q, "url", page_url(&a, "", "q", x->id));
		for (k = 0; k < x->ndiff; k++) {
			struct hb_tval *dm = hb_tval_map(&a);
			char op = x->diff[k].op;

			hb_tval_map_set_str(dm, "op", op == '+' ? "add" :
			    op == '-' ? "del" : "keep");
			hb_tval_map_set_str(dm, "sign", op == '+' ? "+" :
			    op == '-' ? "-" : " ");
			hb_tval_map_set_str(dm, "text", x->diff[k].text);
			hb_tval_list_push(dl, dm);
		}
		hb_tval_map_set(q, "diff", dl);
		hb_tval_list_push(l, q);
	}
	hb_tval_map_set(m, "changed", l);
	hb_tval_map_set_int(m, "nadded", (long)ch->nadded);
	hb_tval_map_set_int(m, "nremoved", (long)ch->nremoved);
	hb_tval_map_set_int(m, "nchanged", (long)ch->nchanged);
	rc = emit(c, "changes", m, "changes.html");
	hb_arena_fini(&a);
	return rc;
}

/* sitemap.xml needs absolute URLs, so only with a base URL. */
static int
write_sitemap(struct ctx *c)
{
	struct hb_buf b;
	size_t i, k;
	const char *base = c->base_url;
	size_t bl = strlen(base);
	int rc;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
#define LOC(fmt, ...) do { \
	hb_buf_puts(&b, "<url><loc>"); \
	hb_buf_html(&b, base, bl); \
	if (bl == 0 || base[bl - 1] != '/') \
		hb_buf_putc(&b, '/'); \
	hb_buf_printf(&b, fmt, __VA_ARGS__); \
	hb_buf_puts(&b, "</loc></url>\n"); \
} while (0)
	LOC("%s", "index.html");
	for (i = 0; i < c->site->ndocs; i++) {
		const struct hb_document *d = c->site->docs[i];
		struct hb_buf u;

		hb_buf_init(&u, HB_BUF_NOCAP);
		hb_url_path(&u, d->slug, strlen(d->slug));
		LOC("d/%s.html", hb_buf_str(&u));
		for (k = 0; k < d->nquestions; k++) {
			hb_buf_reset(&u);
			hb_url_path(&u, d->questions[k].id,
			    strlen(d->questions[k].id));
			LOC("q/%s.html", hb_buf_str(&u));
		}
		hb_buf_fini(&u);
	}
#undef LOC
	hb_buf_puts(&b, "</urlset>\n");
	rc = hb_output_write(c->out, "sitemap.xml", b.data, b.len);
	hb_buf_fini(&b);
	return rc;
}

/* ---- pages from all cores (issue #12) ----
 *
 * Everything after the assets is one job list run on pool.h: the search
 * index and the media first (the longest jobs), then every page. A job
 * works on a copy of the context with its own diagnostics and arena;
 * the site, the theme and the navigation are read-only meanwhile, and
 * hb_output_write is safe from several threads. Diagnostics are merged
 * in job order up to the first job that failed, so they are those of a
 * run on one thread that stops at the first failure. */

enum job_kind {
	JOB_SEARCH,
	JOB_MEDIA,
	JOB_TOPICS,
	JOB_HOME,
	JOB_PRACTICE,
	JOB_404,
	JOB_SECTION,	/* a: the section */
	JOB_REDIRECT,	/* a: the redirect */
	JOB_DOCUMENT,	/* a: the document */
	JOB_QUESTION,	/* a: the document, b: the question */
	JOB_SITEMAP,
	JOB_FEED,
	JOB_CHANGES
};

struct job {
	enum job_kind kind;
	size_t a, b;
};

struct jobs {
	const struct ctx *c;
	struct job *v;
	size_t n;
	struct hb_diag *diag;	/* one per job */
	atomic_size_t failed;	/* the first job that failed, or SIZE_MAX */
};

static int
run_job(struct ctx *c, const struct job *j)
{
	const struct hb_site *site = c->site;
	struct hb_search_assets sa;

	switch (j->kind) {
	case JOB_SEARCH:
		return hb_search_write(site, c->out, &sa, c->d);
	case JOB_MEDIA:
		return write_media(c);
	case JOB_TOPICS:
		return page_topics(c);
	case JOB_HOME:
		return page_home(c);
	case JOB_PRACTICE:
		return page_practice(c);
	case JOB_404:
		return page_404(c);
	case JOB_SECTION:
		return page_section(c, site->sections[j->a]);
	case JOB_REDIRECT:
		return page_redirect(c, &site->redirects[j->a]);
	case JOB_DOCUMENT:
		return page_document(c, site->docs[j->a], c->nav.doc_at[j->a]);
	case JOB_QUESTION:
		return page_question(c, &site->docs[j->a]->questions[j->b],
		    hb_nav_question(&c->nav, site, j->a, j->b));
	case JOB_SITEMAP:
		return write_sitemap(c);
	case JOB_FEED:
		return write_feed(c);
	case JOB_CHANGES:
		return page_changes(c);
	}
	return -1;
}

static void
job_run(void *ctx, void *state, size_t i)
{
	struct jobs *js = ctx;
	struct ctx c = *js->c;
	size_t first;

	(void)state;
	/* A job after one that failed would only add diagnostics that a
	 * run on one thread never reaches. */
	if (i > atomic_load(&js->failed))
		return;
	c.d = &js->diag[i];
	hb_arena_init(&c.arena);
	if (run_job(&c, &js->v[i]) != 0) {
		first = atomic_load(&js->failed);
		while (i < first && !atomic_compare_exchange_weak(&js->failed,
		    &first, i))
			;
	}
	hb_arena_fini(&c.arena);
}

static void
job_add(struct job **v, size_t *n, size_t *cap, enum job_kind kind,
    size_t a, size_t b)
{
	*v = hb_xgrow(*v, cap, *n + 1, sizeof(**v));
	(*v)[*n].kind = kind;
	(*v)[*n].a = a;
	(*v)[*n].b = b;
	(*n)++;
}

static int
write_pages(struct ctx *c)
{
	const struct hb_site *site = c->site;
	struct jobs js;
	struct hb_pool_work w = { NULL, job_run, NULL, &js };
	size_t cap = 0, i, k, last;

	memset(&js, 0, sizeof(js));
	js.c = c;
	if (c->only == NULL)
		job_add(&js.v, &js.n, &cap, JOB_SEARCH, 0, 0);
	job_add(&js.v, &js.n, &cap, JOB_MEDIA, 0, 0);
	if (c->only == NULL)
		job_add(&js.v, &js.n, &cap, JOB_TOPICS, 0, 0);
	job_add(&js.v, &js.n, &cap, JOB_HOME, 0, 0);
	job_add(&js.v, &js.n, &cap, JOB_PRACTICE, 0, 0);
	job_add(&js.v, &js.n, &cap, JOB_404, 0, 0);
	for (i = 1; i < site->nsections; i++)
		job_add(&js.v, &js.n, &cap, JOB_SECTION, i, 0);
	for (i = 0; i < site->nredirects; i++)
		job_add(&js.v, &js.n, &cap, JOB_REDIRECT, i, 0);
	for (i = 0; i < site->ndocs; i++) {
		if (c->only != NULL && !c->only[i])
			continue;
		job_add(&js.v, &js.n, &cap, JOB_DOCUMENT, i, 0);
		for (k = 0; k < site->docs[i]->nquestions; k++)
			job_add(&js.v, &js.n, &cap, JOB_QUESTION, i, k);
	}
	if (c->base_url != NULL && c->base_url[0] != '\0')
		job_add(&js.v, &js.n, &cap, JOB_SITEMAP, 0, 0);
	job_add(&js.v, &js.n, &cap, JOB_FEED, 0, 0);
	job_add(&js.v, &js.n, &cap, JOB_CHANGES, 0, 0);
	js.diag = hb_xcalloc(js.n, sizeof(*js.diag));
	for (i = 0; i < js.n; i++)
		hb_diag_init(&js.diag[i]);
	atomic_init(&js.failed, SIZE_MAX);
	hb_pool_run(&w, js.n, c->o->jobs);
	last = atomic_load(&js.failed);
	for (i = 0; i < js.n; i++) {
		if (i <= last)
			hb_diag_copy(c->d, &js.diag[i], false);
		hb_diag_fini(&js.diag[i]);
	}
	free(js.diag);
	free(js.v);
	return last == SIZE_MAX ? 0 : -1;
}

/* ---- serve's partial rebuild (issue #12) ---- */

/* Every page names the assets (nav.js holds every title, questions.js
 * every question): kept pages are right only when prev has them all
 * under the same names. */
static bool
same_assets(const struct ctx *c, const struct hb_output_tree *prev)
{
	size_t i;

	for (i = 0; i < c->nassets; i++)
		if (hb_output_find(prev, c->assets[i].path) == NULL)
			return false;
	return true;
}

static uint64_t
face_str(uint64_t h, const char *s)
{
	/* NULL and "" differ; the NUL ends each field. */
	if (s == NULL)
		return hb_fnv1a(h, "\1", 1);
	return hb_fnv1a(h, s, strlen(s) + 1);
}

static uint64_t
face_num(uint64_t h, long long v)
{
	return hb_fnv1a(h, (const char *)&v, sizeof(v));
}

/* What other pages show of a question: lists (topics, related, the
 * questions-only section pages are written anyway), pagers, cross-
 * reference titles, anchors, the navigation script. */
static uint64_t
face_question(uint64_t h, const struct hb_question *q)
{
	const struct hb_review *r = q->review;
	size_t i;

	h = face_str(h, q->id);
	h = face_str(h, q->title);
	h = face_str(h, q->number);
	h = face_str(h, q->section);
	h = face_num(h, q->status);
	h = face_num(h, (long long)q->ordinal);
	h = face_num(h, (long long)q->ntopics);
	for (i = 0; i < q->ntopics; i++)
		h = face_str(h, q->topics[i]);
	h = face_num(h, r != NULL);
	if (r != NULL) {
		h = face_str(h, r->verdict);
		h = face_num(h, r->stars);
		h = face_str(h, r->summary);
		h = face_str(h, r->html);
		for (i = 0; i < r->npros; i++)
			h = face_str(h, r->pros[i]);
		h = face_num(h, (long long)r->npros);
		for (i = 0; i < r->ncons; i++)
			h = face_str(h, r->cons[i]);
		h = face_num(h, (long long)r->ncons);
	}
	return h;
}

uint64_t
hb_site_faces(const struct hb_site *site, uint64_t *faces)
{
	uint64_t all = HB_FNV1A_INIT;
	size_t i, k;

	for (i = 0; i < site->ndocs; i++) {
		const struct hb_document *d = site->docs[i];
		uint64_t h = HB_FNV1A_INIT;

		h = face_str(h, d->path);
		h = face_str(h, d->slug);
		h = face_str(h, d->title);
		h = face_str(h, d->short_title);
		h = face_str(h, d->summary);
		h = face_num(h, d->layout);
		h = face_num(h, d->role);
		h = face_num(h, d->draft);
		h = face_str(h, d->section != NULL ? d->section->id : NULL);
		h = face_num(h, (long long)d->nquestions);
		for (k = 0; k < d->nquestions; k++)
			h = face_question(h, &d->questions[k]);
		/* Anchors that links from other documents resolve to. */
		for (k = 0; k < d->nanchors; k++)
			h = face_str(h, d->anchors[k].id);
		h = face_num(h, (long long)d->nanchors);
		for (k = 0; k < d->nparts; k++)
			if (d->parts[k].kind == HB_PART_HEADING) {
				h = face_str(h, d->parts[k].text);
				h = face_str(h, d->parts[k].anchor);
			}
		/* Files only its pages make: redirects, media. */
		for (k = 0; k < d->naliases; k++)
			h = face_str(h, d->aliases[k]);
		h = face_num(h, (long long)d->naliases);
		for (k = 0; k < d->nlinks; k++)
			if (d->links[k].kind == HB_LINK_ASSET)
				h = face_str(h, d->links[k].target);
		faces[i] = h;
		all = face_str(all, d->path);
	}
	all = face_num(all, (long long)site->ndocs);
	for (i = 0; i < site->nintros; i++)
		all = face_str(all, site->intros[i]->path);
	all = face_num(all, (long long)site->nintros);
	for (i = 0; i < site->nsections; i++) {
		const struct hb_section *s = site->sections[i];

		all = face_str(all, s->id);
		all = face_str(all, s->title);
		all = face_str(all, s->short_title);
		all = face_num(all, (long long)s->nentries);
		all = face_num(all, (long long)s->nquestions);
		all = face_num(all, (long long)s->nanswered);
		all = face_num(all, s->questions_only);
	}
	all = face_num(all, (long long)site->nsections);
	for (i = 0; i < site->ntopics; i++) {
		const struct hb_topic_ref *t = &site->topics[i];

		all = face_str(all, t->id);
		all = face_str(all, t->title);
		for (k = 0; k < t->nquestions; k++)
			all = face_str(all, t->questions[k]->id);
		all = face_num(all, (long long)t->nquestions);
	}
	all = face_num(all, (long long)site->ntopics);
	return all;
}

int
hb_site_write(const struct hb_site *site, const struct hb_site_opts *o,
    struct hb_output *out, struct hb_diag *d)
{
	struct ctx c;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	c.site = site;
	c.o = o;
	c.out = out;
	c.d = d;
	hb_arena_init(&c.arena);
	c.lang = o->config->language ? o->config->language :
	    hb_site_language(site);
	c.base_url = o->base_url ? o->base_url : o->config->base_url;
	c.up = o->versions != NULL && o->versions[o->current].prefix[0] ?
	    "../../" : "";
	hb_output_set_prefix(out, o->versions != NULL ?
	    o->versions[o->current].prefix : "");
	c.build_date = day(&c.arena, hb_repo_build_date(&c.arena,
	    hb_source_git(o->src), d));
	c.git_prefix = hb_source_git(o->src) != NULL ?
	    hb_git_prefix(hb_source_git(o->src)) : "";
	if (c.git_prefix == NULL)
		c.git_prefix = "";
	c.ts = hb_theme_templates(o->theme);
	hb_nav_build(&c.nav, site, c.o->config->title ? c.o->config->title :
	    "Handbook");
	if (load_strings(&c) != 0 || write_assets(&c) != 0 ||
	    write_scripts(&c) != 0 || write_nav(&c) != 0)
		goto done;
	/* Pages name the index by its entry, which keeps its name: they
	 * need not wait for it. */
	c.search_index = HB_SEARCH_ENTRY;
	if (o->only != NULL && o->prev != NULL && same_assets(&c, o->prev))
		c.only = o->only;
	if (write_pages(&c) != 0)
		goto done;
	/* The assets (theme, scripts) were all written: the old ones
	 * would only pile up. The search index (a third of the work for
	 * 10,000 questions) is the previous one until serve replaces it. */
	if (c.only != NULL)
		hb_output_keep_rest(out, o->prev, "assets/", HB_SEARCH_DIR);
	rc = 0;
done:
	hb_output_set_prefix(out, "");
	hb_nav_fini(&c.nav);
	hb_arena_fini(&c.arena);
	return rc;
}
