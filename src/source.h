/* Stage 2: where the handbook's files come from. One interface, two
 * implementations: source_fs.c (the working tree) and, later,
 * source_git.c (a tree at a revision, and history). Reading is
 * thread-safe: workers call hb_source_read() concurrently. */
#ifndef HB_SOURCE_H
#define HB_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

struct hb_buf;
struct hb_diag;

/* The file that marks a folder as a site handbook wrote (output.c
 * writes it): such a folder is never read back as content. */
#define HB_SITE_MARK ".handbook-site"

enum hb_file_kind {
	HB_FILE_MARKDOWN,	/* .md, .markdown: a page or a section intro */
	HB_FILE_ASSET,		/* anything else under content/ */
	/* The build sorts listed files further by the conventions of the
	 * tool the content was written for (tools.h): */
	HB_FILE_META,		/* SUMMARY.md, _sidebar.md, _category_.json */
	HB_FILE_PARTIAL,	/* '_' Markdown: included elsewhere */
	HB_FILE_SHELL,		/* another tool's files: never published */
	HB_FILE_STATIC		/* in a tool's static folder (static/,
				 * public/): rel is its path there */
};

struct hb_file {
	char *path;		/* relative to DIR, e.g. "content/a/b.md" */
	char *rel;		/* relative to the content folder: "a/b.md" */
	enum hb_file_kind kind;
};

struct hb_filelist {
	struct hb_file *v;	/* sorted by path (byte order) */
	size_t n, cap;
};

struct hb_source;

/* Implemented by each source; callers use the hb_source_* wrappers. */
struct hb_source_ops {
	int (*list)(struct hb_source *s, const char *content,
	    struct hb_filelist *out, struct hb_diag *d);
	int (*read)(struct hb_source *s, const char *path,
	    struct hb_buf *out, struct hb_diag *d);
	bool (*is_dir)(struct hb_source *s, const char *path);
	bool (*exists)(struct hb_source *s, const char *path);
	void (*free)(struct hb_source *s);
};

struct hb_source {
	const struct hb_source_ops *ops;
};

/* Opens the working tree at dir. Returns owned, never NULL. */
struct hb_source *hb_source_fs_new(const char *dir);
/* Opens the git repository around dir (issue #6; source_git.c, more in
 * source_git.h). With ref (a commit, tag or branch) the files are those
 * of its tree, read from the object database; with ref NULL they are
 * the working tree's, and the repository serves history from HEAD.
 * Returns owned, or NULL after reporting an error (no repository, an
 * unknown ref, DIR not in its tree). */
struct hb_source *hb_source_git_new(const char *dir, const char *ref,
    struct hb_diag *d);
void hb_source_free(struct hb_source *s);

/* Lists every file under content (a folder relative to DIR, "" for DIR
 * itself), sorted, skipping dot-files, DIR/build, folders holding
 * HB_SITE_MARK (a site, with a remark) and symbolic links (with a
 * warning). Returns 0 or -1 after reporting. */
int hb_source_list(struct hb_source *s, const char *content,
    struct hb_filelist *out, struct hb_diag *d);
/* Reads path (relative to DIR) into out (appending). max caps the size;
 * a larger file is an error. Returns 0 or -1 after reporting. */
int hb_source_read(struct hb_source *s, const char *path,
    struct hb_buf *out, struct hb_diag *d);
/* True when path (relative to DIR) is an existing folder. */
bool hb_source_is_dir(struct hb_source *s, const char *path);
/* True when path (relative to DIR) exists as a file. */
bool hb_source_exists(struct hb_source *s, const char *path);

void hb_filelist_add(struct hb_filelist *l, const char *path,
    const char *rel, enum hb_file_kind kind);
void hb_filelist_sort(struct hb_filelist *l);
/* The file at path (relative to DIR) in a sorted list, or NULL. */
const struct hb_file *hb_filelist_find(const struct hb_filelist *l,
    const char *path);
void hb_filelist_fini(struct hb_filelist *l);
/* True for names handbook treats as Markdown (.md, .markdown). */
bool hb_is_markdown_name(const char *name);

#endif
