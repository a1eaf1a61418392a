/* The orchestrator: the only place that knows the order of the stages.
 *
 *   set-up   hb_build_init:   config -> source -> content folder -> topics
 *   theme    hb_build_theme:  templates/ and theme/ (theme.h): embedded
 *                             defaults, the handbook's overrides, every
 *                             template compiled once (build, check,
 *                             serve; not dump)
 *   content  hb_build_list:   the content folder's files
 *            hb_build_load:   per file, in parallel: read -> front ->
 *                             parse -> extract -> render; replaces the
 *                             file's previous document (serve reloads
 *                             one path this way)
 *   history  hb_build_history: dates, authors, per-question history
 *   link     hb_build_link:   the site from the loaded documents: ids,
 *                             topics, link checks
 *   write    hb_build_write:  pages, search index, assets -> output
 *
 * Commands (commands.c) and serve (serve.c) call these in this order;
 * neither touches the fields below except to read them. Diagnostics:
 * each loaded file keeps what loading it reported, and hb_build_link
 * copies them into b->diag, so a round of serve (hb_build_reset, list,
 * load the changed files, link) reports every file's problems again
 * without parsing unchanged files. */
#ifndef HB_BUILD_H
#define HB_BUILD_H

#include "cli.h"
#include "config.h"
#include "diag.h"
#include "model.h"
#include "sections.h"
#include "source.h"
#include "topics.h"

struct hb_highlighter;
struct hb_output;
struct hb_output_tree;
struct hb_render;
struct hb_theme;

/* One Markdown file of the content folder as last loaded. */
struct hb_build_file {
	char *path;			/* relative to DIR */
	char *rel;			/* relative to the content folder */
	struct hb_document *doc;	/* owned; NULL when skipped */
	struct hb_diag diag;		/* what loading it reported */
	bool failed;			/* could not be read */
};

struct hb_build {
	const struct hb_options *opts;
	const char *dir;		/* handbook root */
	const char *content;		/* content folder relative to dir */
	struct hb_config config;
	struct hb_source *src;
	struct hb_diag diag;		/* this round's diagnostics */
	/* The published documents, sorted (hb_site_sort); borrowed from
	 * loaded[], never freed through the site. */
	struct hb_site site;
	int jobs;
	unsigned parse_flags;
	struct hb_highlighter *hl;	/* set: workers render HTML too */
	bool hl_borrowed;		/* hl belongs to another build */
	struct hb_theme *theme;		/* hb_build_theme; owned */
	struct hb_filelist files;	/* the content folder's files */
	struct hb_sections_meta meta;	/* order and category files */
	struct hb_topics topics;	/* the topics file, compiled */
	struct hb_build_file *loaded;	/* sorted by path; owns documents */
	size_t nloaded, caploaded;
	char **drafts;			/* rel paths of drafts left out */
	size_t ndrafts;
	bool history;			/* hb_build_history ran: reloaded
					 * documents carry it over */
	const char *topics_path;	/* relative to dir */
	struct hb_offline *offline;	/* build --offline: downloads */
};

/* Set-up: config, source, content folder, topics. Returns 0, or -1
 * after reporting (a usage or config error); hb_build_fini(b) is needed
 * either way. */
int hb_build_init(struct hb_build *b, const struct hb_options *o,
    const char *dir);
/* Frees everything b owns (documents included). */
void hb_build_fini(struct hb_build *b);

/* Theme stage: (re)loads templates and theme files and compiles the
 * templates into b->theme (replacing the previous one). Template errors
 * are reported at their path:line:col. Returns 0, or -1 after reporting
 * (b->theme is then NULL). Independent of content: commands run the
 * content stages after a failure too, so every problem is reported. */
int hb_build_theme(struct hb_build *b);

/* Lists the content folder into b->files and forgets the loaded files
 * it no longer lists. Returns 0, or -1 after reporting. */
int hb_build_list(struct hb_build *b);
/* Loads the given files (paths relative to b->dir, rels relative to the
 * content folder) with b->jobs threads. Each replaces the loaded file
 * of the same path (carrying git history over when hb_build_history has
 * run) or is added. The site lists the published documents afterwards.
 * Returns 0, or -1 when a file could not be read (reported in that
 * file's diagnostics). */
int hb_build_load(struct hb_build *b, char *const *paths,
    char *const *rels, size_t n);
/* hb_build_list, then every Markdown file of the content folder. */
int hb_build_load_content(struct hb_build *b);
/* Dates, authors and history from git into the loaded documents
 * (no-op outside a repository; warn: say so once). Returns 0 or -1
 * after reporting. */
int hb_build_history(struct hb_build *b, bool warn);
/* Link stage: copies every loaded file's diagnostics into b->diag,
 * then assigns ids, collects topics and checks links over b->site.
 * Call once per round (see hb_build_reset). Returns 0, or -1 when ids
 * could not be assigned (reported). */
int hb_build_link(struct hb_build *b);
/* Writes the whole site of b (loaded and linked; the theme loaded) into
 * out, which the caller began (hb_output_begin, or
 * hb_output_begin_memory for serve) and still owns: commit or take it
 * on success, abort it on failure. Returns 0, or -1 after reporting
 * into b->diag. */
int hb_build_write(struct hb_build *b, struct hb_output *out);
/* The same for serve after an edit (issue #12): only the pages of
 * b->site.docs[i] where only[i], the pages that show the whole site,
 * and every other file kept from prev (see hb_site_opts.only; the
 * caller checked hb_site_faces). out is a memory output. */
int hb_build_write_partial(struct hb_build *b, struct hb_output *out,
    const bool *only, const struct hb_output_tree *prev);
/* Only the search index of b's site into out (serve, after a partial
 * write). Returns 0, or -1 after reporting into b->diag. */
int hb_build_write_search(struct hb_build *b, struct hb_output *out);

struct hb_site_opts;

/* What the site stage needs from a loaded build (versions adjust it). */
void hb_build_site_opts(const struct hb_build *b, struct hb_site_opts *so);

/* Starts another round (serve): drops this round's diagnostics and keeps
 * the config, source, topics, theme and loaded documents. */
void hb_build_reset(struct hb_build *b);

/* Parses one file's text into a document (for tests and the history
 * loader), and renders its HTML fragments when r is not NULL (r belongs
 * to the calling thread). Returns an owned document, or NULL when the
 * file is skipped; either way diagnostics went to d. */
struct hb_document *hb_build_load_text(const struct hb_build *b,
    struct hb_render *r, const char *path, const char *rel,
    const char *text, size_t n, struct hb_diag *d);

#endif
