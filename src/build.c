/* The orchestrator (see build.h). Files are loaded by a small pool of
 * worker threads; each worker fills its own document (own arena) and
 * its own diagnostics, merged afterwards in file order so the output
 * never depends on thread timing. */
#include "build.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "dump.h"
#include "extract.h"
#include "front.h"
#include "links.h"
#include "output.h"
#include "highlight.h"
#include "hset.h"
#include "init.h"
#include "history.h"
#include "parse.h"
#include "render.h"
#include "rx.h"
#include "serve.h"
#include "site.h"
#include "source.h"
#include "source_git.h"
#include "str.h"
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

/* Merges front-matter topics into every question of the document. */
static void
apply_doc_topics(struct hb_document *doc)
{
	size_t i, k, m;

	if (doc->ntopics == 0)
		return;
	for (i = 0; i < doc->nquestions; i++) {
		struct hb_question *q = &doc->questions[i];
		const char **v = hb_arena_alloc(&doc->arena,
		    (q->ntopics + doc->ntopics) * sizeof(*v));
		size_t n = 0;

		for (k = 0; k < q->ntopics; k++)
			v[n++] = q->topics[k];
		for (k = 0; k < doc->ntopics; k++) {
			for (m = 0; m < n; m++)
				if (strcmp(v[m], doc->topics[k]) == 0)
					break;
			if (m == n)
				v[n++] = doc->topics[k];
		}
		/* Sorted for reproducible output (insertion sort: a
		 * question has a handful of topics). */
		for (k = 1; k < n; k++)
			for (m = k; m > 0 && strcmp(v[m - 1], v[m]) > 0; m--) {
				const char *t = v[m];

				v[m] = v[m - 1];
				v[m - 1] = t;
			}
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
			    b->topics.path);
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
	int frc;

	if (bad < n) {
		bad_utf8(d, path, text, bad);
		return NULL;
	}
	doc = hb_document_new(path, rel);
	frc = hb_front_parse(&doc->arena, d, doc->path, text, n, &front);
	if (frc != 0) {
		/* Invalid front matter is an error: the output would be
		 * wrong (title, id, draft state unknown). */
		hb_document_free(doc);
		return NULL;
	}
	doc->weight = front.has_weight ? front.weight : 0;
	doc->draft = front.draft;
	doc->topics = front.topics;
	doc->ntopics = front.ntopics;
	doc->topics_line = front.topics_line;
	doc->topics_col = front.topics_col;
	doc->slug = hb_doc_slug_for(&doc->arena, rel);
	pdoc = hb_parse(doc->path, text + front.body_off, n - front.body_off,
	    front.body_line, 0, b->parse_flags, d);
	hb_extract_init(&x, doc, pdoc, &front, b->parse_flags, d);
	hb_layout_extract(&x);
	apply_doc_topics(doc);
	detect_topics(b, r, doc, d);
	/* Render while the parse tree is alive: one parse per file. */
	if (r != NULL)
		hb_render_document(r, &x);
	hb_extract_fini(&x);
	hb_doc_free(pdoc);
	if (doc->nquestions == 0) {
		struct hb_pos pos = { doc->path, 0, 0 };

		hb_diag_warning(d, &pos, "no questions found in this "
		    "document");
		hb_diag_note(d, &pos, "write questions as headings "
		    "('## ...'), as a numbered list, or give the file a "
		    "title; see docs/authoring.md");
	}
	return doc;
}

/* ---- the worker pool ---- */

struct job {
	const char *path, *rel;
	struct hb_document *doc;
	struct hb_diag diag;
	bool failed;		/* could not be read */
};

struct pool {
	struct hb_build *b;
	struct job *jobs;
	size_t n;
	atomic_size_t next;
};

static void *
worker(void *arg)
{
	struct pool *p = arg;
	struct hb_render *r = NULL;
	struct hb_buf raw;
	size_t i;

	if (p->b->hl != NULL) {
		struct hb_render_opts ro = {
			.allow_html = p->b->config.allow_html,
			.hl = p->b->hl,
			.src = p->b->src,
			.content = p->b->content,
			.topics = &p->b->topics,
			.lang = p->b->config.language,
		};

		r = hb_render_new(&ro);
	}
	hb_buf_init(&raw, HB_MAX_SOURCE_BYTES);
	while ((i = atomic_fetch_add(&p->next, 1)) < p->n) {
		struct job *j = &p->jobs[i];

		hb_buf_reset(&raw);
		if (hb_source_read(p->b->src, j->path, &raw, &j->diag) != 0) {
			j->failed = true;
			continue;
		}
		j->doc = hb_build_load_text(p->b, r, j->path, j->rel,
		    hb_buf_str(&raw), raw.len, &j->diag);
	}
	hb_render_free(r);
	hb_buf_fini(&raw);
	return NULL;
}

int
hb_build_load_each(struct hb_build *b, char *const *paths,
    char *const *rels, size_t n, struct hb_document **docs,
    struct hb_diag *diags)
{
	struct pool p;
	pthread_t *th;
	size_t i, nth = (size_t)b->jobs, started = 0;
	int rc = 0;

	if (nth > n)
		nth = n ? n : 1;
	p.b = b;
	p.n = n;
	p.jobs = hb_xcalloc(n + 1, sizeof(*p.jobs));
	atomic_init(&p.next, 0);
	for (i = 0; i < n; i++) {
		p.jobs[i].path = paths[i];
		p.jobs[i].rel = rels[i];
		hb_diag_init(&p.jobs[i].diag);
	}
	th = hb_xcalloc(nth, sizeof(*th));
	/* With one job the main thread does the work: simpler to debug
	 * and no thread start-up for small handbooks. */
	if (nth <= 1) {
		worker(&p);
	} else {
		for (i = 0; i < nth; i++)
			if (pthread_create(&th[i], NULL, worker, &p) == 0)
				started++;
		if (started == 0)
			worker(&p);
		for (i = 0; i < started; i++)
			pthread_join(th[i], NULL);
	}
	for (i = 0; i < n; i++) {
		struct job *j = &p.jobs[i];

		if (j->failed)
			rc = -1;
		docs[i] = j->doc;
		diags[i] = j->diag;
	}
	free(th);
	free(p.jobs);
	return rc;
}

bool
hb_build_add(struct hb_build *b, struct hb_document *doc)
{
	if (doc->draft && !(b->opts->drafts || b->config.drafts)) {
		/* Kept by name: links to it are reported. */
		b->drafts = hb_xrealloc(b->drafts, (b->ndrafts + 1) *
		    sizeof(*b->drafts));
		b->drafts[b->ndrafts++] = hb_xstrdup(doc->rel);
		return false;
	}
	hb_site_add(&b->site, doc);
	return true;
}

int
hb_build_load(struct hb_build *b, char *const *paths, char *const *rels,
    size_t n)
{
	struct hb_document **docs = hb_xcalloc(n + 1, sizeof(*docs));
	struct hb_diag *diags = hb_xcalloc(n + 1, sizeof(*diags));
	size_t i;
	int rc = hb_build_load_each(b, paths, rels, n, docs, diags);

	/* Merged in file order: output never depends on thread timing. */
	for (i = 0; i < n; i++) {
		hb_diag_merge(&b->diag, &diags[i]);
		if (docs[i] != NULL && !hb_build_add(b, docs[i]))
			hb_document_free(docs[i]);
	}
	free(docs);
	free(diags);
	hb_site_sort(&b->site);
	return rc;
}

int
hb_build_load_content(struct hb_build *b)
{
	struct hb_filelist files = { 0 };
	char **paths, **rels;
	size_t i, n = 0;
	int rc;

	if (hb_source_list(b->src, b->content, &files, &b->diag) != 0) {
		hb_filelist_fini(&files);
		return -1;
	}
	/* The site copies the other files (images) later. */
	hb_filelist_fini(&b->files);
	paths = hb_xcalloc(files.n + 1, sizeof(*paths));
	rels = hb_xcalloc(files.n + 1, sizeof(*rels));
	for (i = 0; i < files.n; i++) {
		if (files.v[i].kind != HB_FILE_MARKDOWN)
			continue;
		paths[n] = files.v[i].path;
		rels[n] = files.v[i].rel;
		n++;
	}
	if (n == 0) {
		struct hb_pos pos = { b->content[0] ? b->content : ".", 0, 0 };

		hb_diag_warning(&b->diag, &pos, "no Markdown files found");
	}
	rc = hb_build_load(b, paths, rels, n);
	free(paths);
	free(rels);
	b->files = files;
	return rc;
}

int
hb_build_link(struct hb_build *b)
{
	int rc = hb_links_assign_ids(&b->site, &b->diag);

	hb_topics_collect(&b->site, &b->topics, b->config.language ?
	    b->config.language : hb_site_language(&b->site));
	hb_links_check(&b->site, &b->topics, (const char *const *)b->drafts,
	    b->ndrafts, &b->diag);
	return rc;
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
	/* The documents belong to the caller (serve's cache). */
	b->site.ndocs = 0;
	hb_site_fini(&b->site);
	hb_site_init(&b->site);
	hb_filelist_fini(&b->files);
	for (size_t i = 0; i < b->ndrafts; i++)
		free(b->drafts[i]);
	free(b->drafts);
	b->drafts = NULL;
	b->ndrafts = 0;
	hb_diag_fini(&b->diag);
	hb_diag_init(&b->diag);
}

void
hb_build_fini(struct hb_build *b)
{
	hb_highlighter_free(b->hl);
	hb_filelist_fini(&b->files);
	hb_topics_fini(&b->topics);
	for (size_t i = 0; i < b->ndrafts; i++)
		free(b->drafts[i]);
	free(b->drafts);
	hb_site_fini(&b->site);
	hb_source_free(b->src);
	hb_config_fini(&b->config);
	hb_diag_fini(&b->diag);
}

/* ---- commands ---- */

/* Prints the diagnostics and turns them into an exit code. check
 * promotes content warnings (promote), --strict every warning. */
static int
finish(struct hb_build *b, bool promote, enum hb_diag_format fmt, int rc)
{
	if (b->opts->cmd != HB_CMD_CHECK)
		hb_diag_drop_remarks(&b->diag);
	if (promote || b->opts->strict)
		hb_diag_promote(&b->diag, b->opts->strict);
	hb_diag_print(&b->diag, stderr, fmt);
	if (fmt == HB_DIAG_TEXT && !b->opts->quiet)
		hb_diag_summary(&b->diag, stderr);
	if (rc != 0)
		return rc;
	return hb_diag_count(&b->diag, HB_SEV_ERROR) > 0 ? 1 : 0;
}

/* dump [DIR|FILE...]: with one DIR (or none) that DIR is the handbook;
 * otherwise each FILE, or each DIR's Markdown files, as given. */
static int
cmd_dump(const struct hb_options *o)
{
	struct hb_build b;
	struct hb_buf out;
	int rc = 0;
	const char *dir = ".";
	bool single_dir = o->nfiles == 0;

	if (o->nfiles == 1) {
		struct hb_source *probe = hb_source_fs_new(".");

		single_dir = hb_source_is_dir(probe, o->files[0]);
		hb_source_free(probe);
		if (single_dir)
			dir = o->files[0];
	}
	if (hb_build_init(&b, o, single_dir ? dir : ".") != 0) {
		rc = finish(&b, false, HB_DIAG_TEXT, 2);
		hb_build_fini(&b);
		return rc;
	}
	if (single_dir) {
		if (hb_build_load_content(&b) != 0 ||
		    hb_build_history(&b, false) != 0)
			rc = 3;
	} else {
		struct hb_filelist files = { 0 };
		char **paths, **rels;
		size_t i;

		for (int k = 0; k < o->nfiles; k++) {
			const char *f = o->files[k];

			if (hb_source_is_dir(b.src, f)) {
				struct hb_filelist sub = { 0 };

				hb_source_list(b.src, f, &sub, &b.diag);
				for (i = 0; i < sub.n; i++)
					if (sub.v[i].kind == HB_FILE_MARKDOWN)
						hb_filelist_add(&files,
						    sub.v[i].path, sub.v[i].rel,
						    HB_FILE_MARKDOWN);
				hb_filelist_fini(&sub);
			} else {
				const char *base = strrchr(f, '/');

				hb_filelist_add(&files, f, base ? base + 1 : f,
				    HB_FILE_MARKDOWN);
			}
		}
		paths = hb_xcalloc(files.n + 1, sizeof(*paths));
		rels = hb_xcalloc(files.n + 1, sizeof(*rels));
		for (i = 0; i < files.n; i++) {
			paths[i] = files.v[i].path;
			rels[i] = files.v[i].rel;
		}
		if (hb_build_load(&b, paths, rels, files.n) != 0)
			rc = 3;
		free(paths);
		free(rels);
		hb_filelist_fini(&files);
	}
	hb_build_link(&b);
	hb_buf_init(&out, HB_BUF_NOCAP);
	hb_dump_site(&b.site, &out);
	if (fwrite(out.data, 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0) {
		fprintf(stderr, "handbook: cannot write the JSON: %s\n",
		    strerror(errno));
		rc = 3;
	}
	hb_buf_fini(&out);
	rc = finish(&b, false, HB_DIAG_TEXT, rc);
	hb_build_fini(&b);
	return rc;
}

static enum hb_diag_format
diag_format(enum hb_format f)
{
	return f == HB_FORMAT_GITHUB ? HB_DIAG_GITHUB :
	    f == HB_FORMAT_JSON ? HB_DIAG_JSON : HB_DIAG_TEXT;
}

static bool
in_changed(const char *path, void *ctx)
{
	const struct hb_filelist *l = ctx;
	size_t lo = 0, hi = l->n;

	if (path[0] == '\0')
		return true;	/* about the whole run */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, l->v[mid].path);

		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

static int
cmd_check(const struct hb_options *o)
{
	struct hb_build b;
	int rc = 0;

	if (hb_build_init(&b, o, o->dir) != 0) {
		rc = finish(&b, false, diag_format(o->format), 2);
		hb_build_fini(&b);
		return rc;
	}
	/* Rendering records links and images, so check renders too
	 * (and writes nothing). */
	b.hl = hb_highlighter_new(&b.diag);
	if (b.hl == NULL || hb_build_load_content(&b) != 0)
		rc = 3;
	hb_build_link(&b);
	/* A pull request is judged on the files it changes; the whole
	 * handbook is still read, since ids and links span files. */
	if (o->changed_since != NULL) {
		struct hb_filelist changed = { 0 };

		if (hb_git_changed_files(o->dir, o->changed_since, &changed,
		    &b.diag) != 0) {
			rc = 2;
		} else {
			hb_filelist_sort(&changed);
			hb_diag_filter(&b.diag, in_changed, &changed);
		}
		hb_filelist_fini(&changed);
	}
	/* check blocks pull requests: every content problem is an
	 * error. */
	rc = finish(&b, true, diag_format(o->format), rc);
	if (rc == 0 && !o->quiet && o->format == HB_FORMAT_TEXT)
		fprintf(stderr, "checked %zu document%s, %zu question%s: "
		    "no errors\n", b.site.ndocs, b.site.ndocs == 1 ? "" : "s",
		    b.site.nquestions, b.site.nquestions == 1 ? "" : "s");
	hb_build_fini(&b);
	return rc;
}

/* What the site stage needs from a loaded build. */
static void
site_opts(const struct hb_build *b, struct hb_site_opts *so)
{
	memset(so, 0, sizeof(*so));
	so->config = &b->config;
	so->src = b->src;
	so->files = &b->files;
	so->base_url = b->opts->base_url;
	so->topics_path = b->topics.path;
	so->jobs = b->jobs;
}

int
hb_build_write(struct hb_build *b, struct hb_output *out)
{
	struct hb_site_opts so;

	site_opts(b, &so);
	return hb_site_write(&b->site, &so, out, &b->diag);
}

/* ---- versions (--versions GLOB or config `versions:`) ---- */

struct version_build {
	struct hb_build b;
	struct hb_options o;
	char *name;
	char *prefix;
	bool ok;
};

/* Loads the tree of tag t straight from git, like --ref. Problems in a
 * released version are not this build's to fix: a version with errors
 * is left out with one warning. */
static bool
load_version(struct hb_build *cur, struct version_build *v,
    const struct hb_git_tag *t)
{
	struct hb_pos pos = { NULL, 0, 0 };
	size_t nerr;

	v->o = *cur->opts;
	v->o.ref = t->id;
	v->o.quiet = true;
	v->name = hb_xstrdup(t->name);
	v->prefix = hb_xstrdup(t->name);
	for (char *p = v->prefix; *p; p++)
		if (*p == '/' || *p == '\\')
			*p = '-';
	{
		char *pre = v->prefix;

		v->prefix = hb_xmalloc(strlen(pre) + 4);
		sprintf(v->prefix, "v/%s/", pre);
		free(pre);
	}
	if (hb_build_init(&v->b, &v->o, cur->dir) != 0)
		goto bad;
	v->b.hl = cur->hl;	/* shared and read-only; not freed twice */
	if (hb_build_load_content(&v->b) != 0 ||
	    hb_build_history(&v->b, false) != 0)
		goto bad;
	hb_build_link(&v->b);
	nerr = hb_diag_count(&v->b.diag, HB_SEV_ERROR);
	if (nerr > 0)
		goto bad;
	v->ok = true;
	return true;
bad:
	hb_diag_warning(&cur->diag, &pos, "version %s left out: it does not "
	    "build (%zu errors)", t->name, hb_diag_count(&v->b.diag,
	    HB_SEV_ERROR));
	return false;
}

static void
version_fini(struct version_build *v)
{
	v->b.hl = NULL;
	if (v->b.opts != NULL)
		hb_build_fini(&v->b);
	free(v->name);
	free(v->prefix);
}

/* Writes the current site at the root and every matching tag under
 * v/<tag>/, each with a version switcher and a changes page; theme files
 * are written once for all. */
static int
write_versions(struct hb_build *b, struct hb_output *o, const char *glob)
{
	struct hb_git *g = hb_source_git(b->src);
	struct hb_git_tag *tags = NULL;
	struct version_build *vb = NULL;
	struct hb_version *vers = NULL;
	struct hb_changes *ch = NULL;
	struct hb_hset shared;
	struct hb_arena arena;
	size_t ntags = 0, n = 0, i;
	int rc = -1;

	hb_hset_init(&shared);
	hb_arena_init(&arena);
	if (g == NULL) {
		struct hb_pos pos = { NULL, 0, 0 };

		hb_diag_warning(&b->diag, &pos, "versions need a git "
		    "repository; building the current version only");
		rc = hb_build_write(b, o);
		goto done;
	}
	if (hb_git_tags(g, glob, &tags, &ntags, &b->diag) != 0)
		goto done;
	vb = hb_xcalloc(ntags + 1, sizeof(*vb));
	/* Newest first, as the switcher lists them after "current". */
	for (i = ntags; i-- > 0;)
		if (load_version(b, &vb[n], &tags[i]))
			n++;
		else
			version_fini(&vb[n]), memset(&vb[n], 0, sizeof(vb[n]));
	vers = hb_xcalloc(n + 1, sizeof(*vers));
	vers[0].name = NULL;
	vers[0].prefix = "";
	vers[0].site = &b->site;
	for (i = 0; i < n; i++) {
		vers[i + 1].name = vb[i].name;
		vers[i + 1].prefix = vb[i].prefix;
		vers[i + 1].site = &vb[i].b.site;
	}
	ch = hb_xcalloc(n + 1, sizeof(*ch));
	for (i = 0; i < n; i++)
		hb_history_changes(vers[i + 1].site, vers[i].site, &ch[i]);
	for (i = 0; i <= n; i++) {
		struct hb_build *vbld = i == 0 ? b : &vb[i - 1].b;
		struct hb_site_opts so;

		site_opts(vbld, &so);
		so.base_url = b->opts->base_url;
		so.versions = vers;
		so.nversions = n + 1;
		so.current = i;
		so.shared = &shared;
		so.shared_arena = &arena;
		so.changes = i < n ? &ch[i] : NULL;
		if (hb_site_write(&vbld->site, &so, o, &b->diag) != 0)
			goto done;
	}
	rc = 0;
done:
	for (i = 0; ch != NULL && i < n; i++)
		hb_history_changes_fini(&ch[i]);
	free(ch);
	for (i = 0; vb != NULL && i < n; i++)
		version_fini(&vb[i]);
	free(vb);
	free(vers);
	hb_git_tags_free(tags, ntags);
	hb_hset_fini(&shared);
	hb_arena_fini(&arena);
	return rc;
}

/* Writes the site into a private folder beside out and renames it into
 * place, so a failed build leaves the previous site untouched. */
static int
write_site(struct hb_build *b, const char *out)
{
	struct hb_output *o = hb_output_begin(out, &b->diag);
	const char *glob = b->opts->versions ? b->opts->versions :
	    b->config.versions;
	int rc;

	if (o == NULL)
		return -1;
	rc = glob != NULL ? write_versions(b, o, glob) : hb_build_write(b, o);
	if (rc != 0) {
		hb_output_abort(o);
		return -1;
	}
	return hb_output_commit(o);
}

static int
cmd_build(const struct hb_options *o)
{
	struct hb_build b;
	struct hb_buf out;
	int rc = 0;

	if (hb_build_init(&b, o, o->dir) != 0) {
		rc = finish(&b, false, HB_DIAG_TEXT, 2);
		hb_build_fini(&b);
		return rc;
	}
	hb_buf_init(&out, 8192);
	if (o->out != NULL)
		hb_buf_puts(&out, o->out);
	else
		hb_buf_printf(&out, "%s/build/site", o->dir);
	/* Workers render HTML fragments while each file's tree is alive. */
	b.hl = hb_highlighter_new(&b.diag);
	if (b.hl == NULL)
		rc = 3;
	else if (hb_build_load_content(&b) != 0 ||
	    hb_build_history(&b, true) != 0)
		rc = 3;
	if (rc == 0 && hb_build_link(&b) != 0)
		rc = 1;
	if (rc != 0 || hb_diag_count(&b.diag, HB_SEV_ERROR) > 0 ||
	    (o->strict && hb_diag_count(&b.diag, HB_SEV_WARNING) > 0)) {
		fprintf(stderr, "handbook: nothing written: fix the errors "
		    "below first\n");
	} else if (write_site(&b, hb_buf_str(&out)) != 0) {
		fprintf(stderr, "handbook: nothing written\n");
		rc = hb_diag_count(&b.diag, HB_SEV_ERROR) > 0 ? 1 : 3;
	} else if (!o->quiet) {
		fprintf(stderr, "wrote %zu documents, %zu questions to %s\n",
		    b.site.ndocs, b.site.nquestions, hb_buf_str(&out));
	}
	hb_buf_fini(&out);
	rc = finish(&b, false, HB_DIAG_TEXT, rc);
	hb_build_fini(&b);
	return rc;
}

int
hb_build_run(const struct hb_options *o)
{
	switch (o->cmd) {
	case HB_CMD_VERSION:
		printf("handbook %s\n", HB_VERSION);
		return 0;
	case HB_CMD_HELP: {
		enum hb_command c = HB_CMD_NONE;
		struct hb_options tmp;
		char *argv[3] = { "handbook", (char *)o->help_topic, NULL };

		if (o->help_topic != NULL) {
			if (hb_cli_parse(&tmp, 2, argv, stderr) != 0)
				return 2;
			c = tmp.cmd;
		}
		hb_cli_usage(stdout, c);
		return 0;
	}
	case HB_CMD_DUMP:
		return cmd_dump(o);
	case HB_CMD_CHECK:
		return cmd_check(o);
	case HB_CMD_BUILD:
		return cmd_build(o);
	case HB_CMD_INIT: {
		struct hb_diag d;
		int rc;

		hb_diag_init(&d);
		rc = hb_init_run(o->dir, &d) == 0 ? 0 : 2;
		hb_diag_print(&d, stderr, HB_DIAG_TEXT);
		hb_diag_fini(&d);
		return rc;
	}
	case HB_CMD_SERVE:
		return hb_serve_run(o);
	case HB_CMD_NONE:
		break;
	}
	hb_cli_usage(stderr, HB_CMD_NONE);
	return 2;
}
