/* Stage 5b (issue #6): history from git, per question rather than per
 * file. Git data comes through source_git.h, so this file needs no
 * libgit2. */
#ifndef HB_HISTORY_H
#define HB_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "model.h"

struct hb_diag;
struct hb_git;
struct hb_source;

/* How history parses an old version of a file: the build's own loader
 * (hb_build_load_text in dump mode), so every version is cut into
 * questions exactly like the current one. load returns an owned
 * document or NULL (diagnostics into d are thrown away); it is called
 * from several threads at once. */
struct hb_history_loader {
	struct hb_document *(*load)(const void *ctx, const char *path,
	    const char *rel, const char *text, size_t n, struct hb_diag *d);
	const void *ctx;
};

/* What hb_history_compute() did, for tests and benchmarks. */
struct hb_history_stats {
	size_t commits;		/* in the log */
	size_t parsed;		/* old versions parsed by the loader */
	size_t derived;		/* old versions followed through diffs */
};

enum {
	/* Parse every changed version instead of following unchanged
	 * structure through line diffs (slower; tests compare both). */
	HB_HISTORY_EXACT = 1u << 0
};

/* Fills created, updated, authors, history and uncommitted of every
 * question in site (loaded from src, content folder relative to DIR)
 * from one walk of the git log of the commit being built. Strings and
 * arrays go to each document's arena. Does nothing (returns 0) when src
 * is not a git source. A question is followed through its file's
 * renames; it changed in a commit when its text (title line to the next
 * question or section) differs from the first parent's version. With a
 * working tree, questions that differ from HEAD get uncommitted = true
 * and updated = NULL. In a shallow clone dates that the missing history
 * decides stay NULL, with one warning. jobs threads (at least 1).
 * stats (may be NULL) is filled. Returns 0, or -1 after reporting a
 * libgit2 failure. */
int hb_history_compute(struct hb_source *src, const char *content,
    struct hb_site *site, const struct hb_history_loader *ld, int jobs,
    unsigned flags, struct hb_history_stats *stats, struct hb_diag *d);

/* History is computed once per build (serve computes it at start-up).
 * A document parsed again after an edit (nd) takes it over from its
 * previous version (od), question by question (same base id): a
 * question that reads the same keeps all of it; an edited one keeps its
 * creation date, authors and commits, becomes uncommitted and loses its
 * update date, as a working-tree edit would; a new one is uncommitted.
 * Outside git (od has no history) nothing changes. Strings are copied
 * into nd's arena; od is only read. */
void hb_history_carry(struct hb_document *nd, const struct hb_document *od);

#endif
