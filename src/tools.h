/* Stage 1 (set-up): the tool a repository was written for (Hugo and its
 * book theme, Docusaurus, docsify, mdBook, GitBook, VitePress, Jekyll),
 * found from its config files, and what that tool's conventions mean
 * for reading it: the content and static folders, the role of each file
 * name (pages, section intros, order files, partials, shells), and the
 * site settings its config holds (title, base URL, repository,
 * language). Configs are read, never executed: from JavaScript configs
 * only plain string fields are taken. Content written for handbook
 * itself is HB_TOOL_NONE, and reads exactly as it always did. */
#ifndef HB_TOOLS_H
#define HB_TOOLS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct hb_diag;
struct hb_filelist;
struct hb_source;

enum hb_tool {
	HB_TOOL_NONE,		/* handbook's own conventions */
	HB_TOOL_HUGO,
	HB_TOOL_DOCUSAURUS,
	HB_TOOL_DOCSIFY,
	HB_TOOL_MDBOOK,
	HB_TOOL_GITBOOK,
	HB_TOOL_VITEPRESS,
	HB_TOOL_JEKYLL
};

/* What a file is, by its name and place (hb_tools_role). */
enum hb_role {
	HB_ROLE_PAGE,		/* a document */
	HB_ROLE_INTRO,		/* _index.md, index.md, README.md: its
				 * folder's title, order and intro */
	HB_ROLE_ORDER,		/* SUMMARY.md, _sidebar.md: navigation */
	HB_ROLE_CATEGORY,	/* _category_.json|yml: a folder's label
				 * and position (Docusaurus) */
	HB_ROLE_PARTIAL,	/* Markdown named or inside a folder named
				 * with '_': included elsewhere, not a page */
	HB_ROLE_SHELL,		/* another tool's files (docsify's
				 * index.html, CNAME, configs): never
				 * published */
	HB_ROLE_ASSET		/* anything else: copied when linked */
};

/* One setting taken from a tool's config, for the build to print. */
struct hb_tool_setting {
	const char *key;	/* "title", "base_url", ... */
	const char *value;
	const char *from;	/* the key in the tool's config ("baseURL") */
};

#define HB_TOOLS_MAX_STATIC 4
#define HB_TOOLS_MAX_SETTINGS 8

struct hb_tools {
	enum hb_tool tool;
	const char *evidence;	/* the file or folder that says so
				 * (relative to DIR), or NULL */
	const char *config;	/* the tool's config file, or NULL */
	const char *content;	/* its content folder (relative to DIR),
				 * NULL when it is DIR's default */
	const char *content_from;	/* why ("book.toml: src") */
	/* folders whose files a site-absolute path ("/img/x.png") names,
	 * relative to DIR, in look-up order */
	const char *statics[HB_TOOLS_MAX_STATIC];
	size_t nstatic;
	/* links are written from the content root, not the file
	 * (docsify without relativePath) */
	bool root_relative;
	/* navigation order from the config (VitePress themeConfig.sidebar)
	 * as a Markdown list like docsify's _sidebar.md, links from the
	 * content root; NULL when there is none */
	const char *sidebar;
	/* settings from its config */
	const char *title;
	const char *description;
	const char *base_url;
	const char *repo_url;
	const char *language;	/* "zh", "en" or NULL */
	struct hb_tool_setting settings[HB_TOOLS_MAX_SETTINGS];
	size_t nsettings;
	struct hb_arena arena;	/* owns the strings above */
};

/* Looks at DIR (through src) for another tool's config files and reads
 * them. Never fails: a config it cannot read is a warning, and the
 * repository is then read with handbook's own conventions. */
void hb_tools_detect(struct hb_tools *t, struct hb_source *src,
    struct hb_diag *d);
/* When no config named a tool, the content's own files may: _index.md
 * (Hugo), _category_.json (Docusaurus), SUMMARY.md (mdBook),
 * _sidebar.md (docsify). files is the content folder's listing. */
void hb_tools_refine(struct hb_tools *t, const struct hb_filelist *files,
    struct hb_diag *d);
void hb_tools_fini(struct hb_tools *t);

/* "Hugo", "Docusaurus", ... ("handbook" for HB_TOOL_NONE). */
const char *hb_tool_name(enum hb_tool tool);

/* The role of the file at rel (relative to the content folder). */
enum hb_role hb_tools_role(const struct hb_tools *t, const char *rel,
    bool markdown);

/* Whether a page without a weight (or position) sorts after the pages
 * that have one, as in Hugo, Docusaurus and Jekyll; handbook's own
 * `weight` defaults to 0 instead. */
bool hb_tools_unweighted_last(const struct hb_tools *t);

/* The page's URL path in the tool it was written for, relative to the
 * site root, without a leading '/' ("channel/what/", "guide/a.html"),
 * from its path rel (relative to the content folder) and its front
 * matter: slug and url (Hugo), id and slug (Docusaurus), permalink
 * (Jekyll). intro is true for a section's intro page. Arena-owned; NULL
 * for handbook's own content, which has no such URL. */
const char *hb_tools_page_url(const struct hb_tools *t, struct hb_arena *a,
    const char *rel, bool intro, const char *slug, const char *url,
    const char *id, const char *permalink);

#endif
