/* Stage 1: DIR/handbook.yml -> struct hb_config. Every key is known;
 * an unknown key is an error with file:line so typos do not pass
 * silently. */
#ifndef HB_CONFIG_H
#define HB_CONFIG_H

/* Markdown files larger than this (max_markdown_bytes) are skipped with
 * a warning: one hostile file must not stop the build (issue #15). */
#define HB_MAX_MARKDOWN_BYTES (1L << 20)

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "tools.h"

struct hb_diag;
struct hb_source;

/* handbook.yml `layouts:`: files whose path matches glob read in that
 * layout (issue #17). */
struct hb_layout_rule {
	const char *glob;	/* fnmatch(3) pattern, relative to the
				 * content folder; '*' crosses folders; a
				 * trailing '/' means everything under it */
	const char *layout;	/* guide, question, list, record, single,
				 * headings */
	int line;
};

struct hb_config {
	const char *path;	/* "handbook.yml" when it exists, else NULL */
	const char *title;	/* site title (default: from the folder) */
	const char *description;
	const char *language;	/* "zh", "en" or NULL for automatic */
	const char *base_url;
	const char *content;	/* content folder relative to DIR */
	const char *topics;	/* topics file relative to DIR */
	const char *repo_url;	/* for edit and history links */
	const char *branch;	/* default "main" */
	const char *edit_url;	/* pattern with {path}, overrides repo_url */
	const char *versions;	/* tag glob, e.g. "v*" */
	bool allow_html;	/* raw HTML in Markdown (default off) */
	bool drafts;		/* publish draft content */
	long practice_size;	/* questions in a random practice set */
	bool offline;		/* download remote media (issue #14) */
	struct hb_layout_rule *layouts;	/* in file order: the first match
					 * wins */
	size_t nlayouts;
	long remote_max_bytes;	/* per downloaded file, default 10 MiB */
	long remote_timeout;	/* seconds per download, default 10 */
	long max_markdown_bytes; /* larger Markdown files are skipped with
				  * a warning; default 1 MiB */
	/* The tool the repository was written for (tools.h); its content
	 * folder is the default `content`, and without handbook.yml its
	 * config gives the title, base URL, repository and language. */
	struct hb_tools tools;
	const char *content_from;	/* why content is what it is, or NULL */
	struct hb_arena arena;	/* owns the strings above */
};

/* Fills *c with defaults, then reads handbook.yml from src (the working
 * tree, or a git tree with --ref) when it exists, and looks for another
 * tool's config (tools.h). Returns 0, or -1 after reporting errors
 * (exit 2). */
int hb_config_load(struct hb_config *c, struct hb_source *src,
    struct hb_diag *d);
/* The first `layouts:` rule matching rel (content-relative), or NULL. */
const struct hb_layout_rule *hb_config_layout(const struct hb_config *c,
    const char *rel);
/* Without handbook.yml, prints the settings taken from the tool's
 * config ("no handbook.yml: settings from hugo.toml: title '...'"),
 * or nothing. */
void hb_config_print_taken(const struct hb_config *c, FILE *fp);
void hb_config_fini(struct hb_config *c);

#endif
