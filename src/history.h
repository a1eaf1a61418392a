/* Stage 5b (issue #6): history from git, per question rather than per
 * file; what changed between two versions of the handbook; "edit this
 * page" and history links; the build date. Git data comes through
 * source_git.h, so this file needs no libgit2. */
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

/* ---- versions ---- */

enum hb_change_kind {
	HB_CHANGE_ADDED,
	HB_CHANGE_REMOVED,
	HB_CHANGE_CHANGED
};

struct hb_diff_line {
	char op;		/* ' ' kept, '-' removed, '+' added */
	const char *text;	/* the line, without its newline */
};

struct hb_change {
	enum hb_change_kind kind;
	const char *id;			/* the question's (stable) id */
	const struct hb_question *old_q;	/* NULL when added */
	const struct hb_question *new_q;	/* NULL when removed */
	/* The question as one Markdown text (title, prompt, answers,
	 * review), NULL on the side where it does not exist. */
	const char *old_markdown;
	const char *new_markdown;
	/* changed: old_markdown -> new_markdown line by line */
	struct hb_diff_line *diff;
	size_t ndiff;
};

struct hb_changes {
	struct hb_change *added;	/* in the order of cur */
	size_t nadded;
	struct hb_change *removed;	/* in the order of prev */
	size_t nremoved;
	struct hb_change *changed;	/* in the order of cur */
	size_t nchanged;
	struct hb_arena arena;		/* owns everything above */
};

/* Compares two loaded and linked sites (ids assigned) by question id:
 * prev the previous version, cur this one. old_q/new_q are borrowed and
 * must outlive out. Free with hb_history_changes_fini(). */
void hb_history_changes(const struct hb_site *prev,
    const struct hb_site *cur, struct hb_changes *out);
void hb_history_changes_fini(struct hb_changes *c);

/* ---- links ---- */

enum hb_forge {
	HB_FORGE_UNKNOWN,
	HB_FORGE_GITHUB,
	HB_FORGE_GITLAB,
	HB_FORGE_GITEA
};

/* The forge of a repository URL, from its host name (github, gitlab,
 * gitea/forgejo/codeberg). https, ssh and scp-like URLs are accepted. */
enum hb_forge hb_history_forge(const char *repo_url);

/* The "edit this page" URL of path (relative to the repository root:
 * prefix it with hb_git_prefix() when DIR is a subfolder). edit_url, when
 * set, is a pattern with {path} and {branch}; otherwise the forge of
 * repo_url decides (GitHub .../edit/BRANCH/PATH, GitLab
 * .../-/edit/BRANCH/PATH, Gitea .../_edit/BRANCH/PATH). branch NULL means
 * "main". Returns an arena string, or NULL when neither gives a URL. */
const char *hb_history_edit_url(struct hb_arena *a, const char *repo_url,
    const char *branch, const char *edit_url, const char *path);
/* The file's history on the forge (GitHub .../commits/BRANCH/PATH,
 * GitLab .../-/commits/BRANCH/PATH, Gitea .../commits/branch/BRANCH/PATH);
 * NULL for an unknown forge. */
const char *hb_history_log_url(struct hb_arena *a, const char *repo_url,
    const char *branch, const char *path);

/* ---- dates ---- */

/* The date for anything that needs a build date, never the clock:
 * $SOURCE_DATE_EPOCH, else the committer date of the commit being built
 * (g may be NULL), else NULL. An unusable SOURCE_DATE_EPOCH is a
 * warning and is ignored. Returns an arena string ("...T...Z"). */
const char *hb_history_build_date(struct hb_arena *a, struct hb_git *g,
    struct hb_diag *d);

#endif
