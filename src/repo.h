/* Stage 7 (write): links to the handbook's repository on its forge,
 * and the build date. */
#ifndef HB_REPO_H
#define HB_REPO_H

struct hb_arena;
struct hb_diag;
struct hb_git;

/* ---- links ---- */

enum hb_forge {
	HB_FORGE_UNKNOWN,
	HB_FORGE_GITHUB,
	HB_FORGE_GITLAB,
	HB_FORGE_GITEA
};

/* The forge of a repository URL, from its host name (github, gitlab,
 * gitea/forgejo/codeberg). https, ssh and scp-like URLs are accepted. */
enum hb_forge hb_repo_forge(const char *repo_url);

/* The "edit this page" URL of path (relative to the repository root:
 * prefix it with hb_git_prefix() when DIR is a subfolder). edit_url, when
 * set, is a pattern with {path} and {branch}; otherwise the forge of
 * repo_url decides (GitHub .../edit/BRANCH/PATH, GitLab
 * .../-/edit/BRANCH/PATH, Gitea .../_edit/BRANCH/PATH). branch NULL means
 * "main". Returns an arena string, or NULL when neither gives a URL. */
const char *hb_repo_edit_url(struct hb_arena *a, const char *repo_url,
    const char *branch, const char *edit_url, const char *path);
/* The file's history on the forge (GitHub .../commits/BRANCH/PATH,
 * GitLab .../-/commits/BRANCH/PATH, Gitea .../commits/branch/BRANCH/PATH);
 * NULL for an unknown forge. */
const char *hb_repo_log_url(struct hb_arena *a, const char *repo_url,
    const char *branch, const char *path);

/* ---- dates ---- */

/* The date for anything that needs a build date, never the clock:
 * $SOURCE_DATE_EPOCH, else the committer date of the commit being built
 * (g may be NULL), else NULL. An unusable SOURCE_DATE_EPOCH is a
 * warning and is ignored. Returns an arena string ("...T...Z"). */
const char *hb_repo_build_date(struct hb_arena *a, struct hb_git *g,
    struct hb_diag *d);

#endif
