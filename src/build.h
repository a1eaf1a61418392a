/* The orchestrator: the only place that knows the order of the stages.
 *   config -> source -> (per file, in parallel: read -> front -> parse
 *   -> extract) -> ids and topics -> dump | check | site -> output
 * Diagnostics are checked between stages; nothing is published when an
 * error was reported. */
#ifndef HB_BUILD_H
#define HB_BUILD_H

#include "cli.h"
#include "config.h"
#include "diag.h"
#include "model.h"
#include "source.h"
#include "topics.h"
#include "version.h"

#define HB_MAX_SOURCE_BYTES (16u << 20)

struct hb_build {
	const struct hb_options *opts;
	const char *dir;		/* handbook root */
	const char *content;		/* content folder relative to dir */
	struct hb_config config;
	struct hb_source *src;
	struct hb_diag diag;
	struct hb_site site;
	int jobs;
	unsigned parse_flags;
	struct hb_highlighter *hl;	/* set: workers render HTML too */
	struct hb_filelist files;	/* the content folder's files */
	struct hb_topics topics;	/* the topics file, compiled */
	char **drafts;			/* rel paths of drafts left out */
	size_t ndrafts;
	const char *topics_path;	/* relative to dir */
};

/* Runs the command in o and returns the process exit code (0 ok,
 * 1 content errors, 2 usage or config errors, 3 I/O or internal). */
int hb_build_run(const struct hb_options *o);

/* Stage helpers, exposed for tests. Each returns 0 or -1 after
 * reporting into b->diag. */
int hb_build_init(struct hb_build *b, const struct hb_options *o,
    const char *dir);
void hb_build_fini(struct hb_build *b);
/* Loads the given files (paths relative to b->dir) into b->site, using
 * b->jobs threads; rel[i] is the path inside the content folder. */
int hb_build_load(struct hb_build *b, char *const *paths,
    char *const *rels, size_t n);
/* Loads every Markdown file of the content folder. */
int hb_build_load_content(struct hb_build *b);
/* Ids, topics: the whole-site stages after loading. */
int hb_build_link(struct hb_build *b);

struct hb_render;

/* Parses one file's text into a document (for tests and serve), and
 * renders its HTML fragments when r is not NULL (r belongs to the
 * calling thread). Returns an owned document, or NULL when the file is
 * skipped; either way diagnostics went to d. */
struct hb_document *hb_build_load_text(const struct hb_build *b,
    struct hb_render *r, const char *path, const char *rel,
    const char *text, size_t n, struct hb_diag *d);

/* ---- for serve (issue #7), which keeps documents between builds ---- */

struct hb_output;

/* Loads like hb_build_load but hands each file's result back instead
 * of adding it: docs[i] (owned by the caller; NULL when the file is
 * skipped) and diags[i] (initialised here; the caller finis it).
 * Returns 0, or -1 when a file could not be read (reported in its
 * diags[i]). */
int hb_build_load_each(struct hb_build *b, char *const *paths,
    char *const *rels, size_t n, struct hb_document **docs,
    struct hb_diag *diags);
/* Adds a loaded document to b->site, which owns it from then on; a
 * draft that is not published is only recorded by name and false is
 * returned (the caller still owns doc). Sort the site afterwards. */
bool hb_build_add(struct hb_build *b, struct hb_document *doc);
/* Dates, authors and history from git into b->site (no-op outside a
 * repository; warn: say so once). Returns 0 or -1 after reporting. */
int hb_build_history(struct hb_build *b, bool warn);
/* Forgets what the last load produced -- site, diagnostics, content
 * file list, drafts -- and keeps the config, source, topics and
 * highlighter for the next load. The site's documents are NOT freed:
 * the caller must own them (documents borrow topic ids from b->topics,
 * so they must not outlive b). */
void hb_build_reset(struct hb_build *b);
/* Writes the whole site of b (loaded and linked) into out, which the
 * caller began (hb_output_begin, or hb_output_begin_memory for serve)
 * and still owns: commit or take it on success, abort it on failure.
 * Used by both `build` and `serve`. Returns 0, or -1 after reporting
 * into b->diag. */
int hb_build_write(struct hb_build *b, struct hb_output *out);

#endif
