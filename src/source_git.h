/* Stage 2 (git): what the libgit2 source offers beyond reading files —
 * the commit log that history.c turns into per-question history, blobs,
 * tags for versions, and changed files for `check
 * --changed-since`. Every libgit2 call lives in source_git.c; nothing
 * here exposes a libgit2 type. Paths are relative to DIR (the handbook
 * root), which may be a folder inside the repository. */
#ifndef HB_SOURCE_GIT_H
#define HB_SOURCE_GIT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct hb_buf;
struct hb_diag;
struct hb_filelist;
struct hb_source;

/* The repository behind a git source and the commit being built. */
struct hb_git;

/* A SHA-1 object id (the only kind libgit2 1.5 reads). */
struct hb_git_oid {
	unsigned char id[20];
};

enum hb_git_status {
	HB_GIT_ADDED,
	HB_GIT_DELETED,
	HB_GIT_MODIFIED,
	HB_GIT_RENAMED
};

/* One changed file. A side that does not exist has a NULL path and a
 * zero blob id; the working tree side of hb_git_worktree() has a zero
 * blob id too. */
struct hb_git_delta {
	enum hb_git_status status;
	const char *old_path;
	const char *new_path;
	struct hb_git_oid old_blob;
	struct hb_git_oid new_blob;
};

struct hb_git_commit {
	struct hb_git_oid id;
	char short_id[8];	/* 7 hex digits */
	const char *date;	/* committer date, ISO 8601 UTC */
	const char *author;	/* author name */
	const char *subject;	/* first line of the message */
	long long time;		/* committer time, seconds since 1970 */
	struct hb_git_oid *merged;	/* parents after the first */
	size_t nmerged;
	bool boundary;		/* shallow clone: parents missing */
	/* Markdown files under the content folder changed against the
	 * first parent (against nothing for a root or boundary commit),
	 * with renames found. */
	struct hb_git_delta *deltas;
	size_t ndeltas;
};

/* The commits reachable from the commit being built, newest first in
 * topological order (children before parents, later committer dates
 * first, then by id). */
struct hb_git_log {
	struct hb_git_commit *v;
	size_t n;
	bool shallow;		/* the repository is a shallow clone */
	struct hb_arena arena;	/* owns everything above */
};

/* Deltas between a commit and the working tree (with the index). */
struct hb_git_changes {
	struct hb_git_delta *v;	/* sorted by new path, then old path */
	size_t n;
	struct hb_arena arena;	/* owns everything above */
};

struct hb_git_tag {
	char *name;		/* "v1.0" */
	char id[41];		/* the commit it points to, hex */
	char *date;		/* that commit's committer date, ISO 8601 */
	long long time;
};

/* True when dir is inside a git repository. Discovery stops at the
 * folders named in $GIT_CEILING_DIRECTORIES, as git's does. */
bool hb_git_found(const char *dir);

/* Returns the git state of s, or NULL when s is not a git source.
 * Borrowed; valid while s lives. */
struct hb_git *hb_source_git(struct hb_source *s);
/* DIR inside the repository: "" or "docs/handbook/" (with the slash). */
const char *hb_git_prefix(const struct hb_git *g);
/* True when the working tree is read (no --ref). */
bool hb_git_is_worktree(const struct hb_git *g);
/* The committer date of the commit being built (ISO 8601 UTC), or NULL
 * when there is none (a repository without commits). Borrowed. */
const char *hb_git_date(const struct hb_git *g);

/* Fills *out (zeroed by the caller) with the log of the commit being
 * built, deltas restricted to the content folder (relative to DIR, ""
 * for DIR itself). Returns 0, or -1 after reporting. Free with
 * hb_git_log_fini(). */
int hb_git_log(struct hb_git *g, const char *content,
    struct hb_git_log *out, struct hb_diag *d);
void hb_git_log_fini(struct hb_git_log *l);

/* Appends a blob's raw content to out (no checkout filters). Safe to
 * call from several threads. Returns 0, or -1 after reporting. */
int hb_git_blob(struct hb_git *g, const struct hb_git_oid *id,
    struct hb_buf *out, struct hb_diag *d);
/* Finds the blob at path in commit; false when there is none. Safe to
 * call from several threads. */
bool hb_git_blob_at(struct hb_git *g, const struct hb_git_oid *commit,
    const char *path, struct hb_git_oid *out);
/* The id of the commit being built; false when there is none. */
bool hb_git_head(const struct hb_git *g, struct hb_git_oid *out);

/* The Markdown files under content that differ between the commit being
 * built and the working tree (index included), renames found. Fills *out
 * (zeroed by the caller); free with hb_git_changes_fini(). Returns 0, or
 * -1 after reporting. */
int hb_git_worktree(struct hb_git *g, const char *content,
    struct hb_git_changes *out, struct hb_diag *d);
void hb_git_changes_fini(struct hb_git_changes *c);

/* For `check --changed-since REV`: every file under DIR that differs
 * between REV's tree and the working tree (index included, renames
 * found, deleted files left out), added to out with path and rel both
 * relative to DIR, sorted. Returns 0, or -1 after reporting. */
int hb_git_changed_files(const char *dir, const char *rev,
    struct hb_filelist *out, struct hb_diag *d);

/* The tags matching glob (fnmatch(3) pattern, "*" for all) that point
 * (through annotated tags) at commits, sorted by commit date then name.
 * *out is owned: free with hb_git_tags_free(). Returns 0, or -1 after
 * reporting. */
int hb_git_tags(struct hb_git *g, const char *glob, struct hb_git_tag **out,
    size_t *n, struct hb_diag *d);
void hb_git_tags_free(struct hb_git_tag *v, size_t n);

#endif
