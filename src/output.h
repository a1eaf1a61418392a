/* Stage 9: the output folder. A build writes into a private temporary
 * folder beside OUT and renames it into place at the end, so a failed
 * or killed build leaves the previous site untouched. Paths given to
 * hb_output_write are relative and checked: nothing is written outside
 * the folder. serve builds into memory instead (hb_output_begin_memory). */
#ifndef HB_OUTPUT_H
#define HB_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

struct hb_diag;
struct hb_output;

#include "source.h"	/* HB_SITE_MARK */

/* Only a folder with HB_SITE_MARK (or an empty one) is ever replaced. */
#define HB_OUTPUT_MARK HB_SITE_MARK

/* What an output folder must keep clear of (issue #15). */
struct hb_output_guard {
	const char *root;	/* the handbook folder (DIR) */
	const char *const *sources;	/* the folders it reads, relative
				 * to root: content, templates, theme */
	size_t nsources;
	bool force;		/* --force: replace a non-empty folder that
				 * has no mark */
	bool is_default;	/* out is DIR/build/site, not from -o */
};

/* Refuses an output folder that is / or the home folder, is or contains
 * the handbook folder or its git repository, lies inside .git or inside
 * one of the source folders (unless that folder is the handbook folder
 * itself), is a file, or is a non-empty folder without HB_OUTPUT_MARK
 * (unless g->force, or the default folder). Reads the file system only.
 * Returns 0, or -1 after reporting errors (a usage error: exit 2). */
int hb_output_check(const char *out, const struct hb_output_guard *g,
    struct hb_diag *d);

/* Creates the temporary folder for out (marked, so a build killed later
 * leaves a folder the next build recognises and removes), after
 * removing such leftovers of earlier killed builds. Returns owned, or
 * NULL after reporting. */
struct hb_output *hb_output_begin(const char *out, struct hb_diag *d);
/* Writes rel (like "q/x.html"; no "..", no leading '/') with its
 * folders. Returns 0 or -1 after reporting. */
int hb_output_write(struct hb_output *o, const char *rel, const void *data,
    size_t len);
/* Puts prefix ("v/1.0/" for a version, "" for none) in front of every
 * later path written; it must end with '/'. Not for concurrent use with
 * writes. */
void hb_output_set_prefix(struct hb_output *o, const char *prefix);

/* Replaces out with the new tree in one step (renameat2 with
 * RENAME_EXCHANGE where the file system has it, so OUT is never
 * missing), then removes the old tree. Returns 0 or -1 after reporting;
 * the handle is freed either way. */
int hb_output_commit(struct hb_output *o);
/* Removes the temporary folder and frees the handle. */
void hb_output_abort(struct hb_output *o);
/* Whether a write failed in the file system (exit 3) rather than for
 * what the content asked (two pages on one path: exit 1). */
bool hb_output_io_failed(const struct hb_output *o);

/* True when rel is a safe relative path (no "..", "//", leading '/',
 * backslash or NUL). */
int hb_output_path_ok(const char *rel);

/* ---- in memory (issue #7, serve) ---- */

/* One file of a site built in memory. */
struct hb_output_file {
	char *path;		/* relative, like "q/x.html" */
	char *data;		/* len bytes, then a NUL (not counted); may
				 * be shared with other trees (refcounted,
				 * hb_output_keep_rest) */
	size_t len;
};

/* A whole site kept in memory, sorted by path. Read-only once taken
 * from its output, so any number of threads may read it at once. */
struct hb_output_tree {
	struct hb_output_file *v;
	size_t n, cap;
	size_t bytes;		/* sum of the files' lengths */
};

/* Starts an output that keeps every file in memory instead of writing
 * a folder (serve: no disk I/O, never the user's build/site).
 * hb_output_write accepts and refuses the same paths as on disk, and
 * may be called from several threads. Finish with hb_output_take() or
 * hb_output_abort(); hb_output_commit() is for disk outputs only.
 * Returns owned, never NULL. */
struct hb_output *hb_output_begin_memory(struct hb_diag *d);
/* Finishes a memory output: returns its files (owned; free with
 * hb_output_tree_free) and frees the handle. */
struct hb_output_tree *hb_output_take(struct hb_output *o);
/* The file at rel (exact match, as written), or NULL. Borrowed from t,
 * valid until hb_output_tree_free(t). */
const struct hb_output_file *hb_output_find(const struct hb_output_tree *t,
    const char *rel);
/* serve's partial rebuild (issue #12): adds to the memory output o
 * every file of prev that o has not written, except those under
 * skip (a folder like "assets/", regenerated whole, or NULL) that are
 * not under unless (or NULL). The bytes are shared, not copied: prev
 * may be freed before or after o's tree, from any thread. Borrows
 * prev. */
void hb_output_keep_rest(struct hb_output *o, const struct hb_output_tree *prev,
    const char *skip, const char *unless);
/* Frees t and every file in it (shared bytes when their last tree
 * goes); NULL is a no-op. */
void hb_output_tree_free(struct hb_output_tree *t);

#endif
