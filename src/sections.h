/* Stage 6 (link): sections and navigation order. Folders are sections;
 * an intro (_index.md, index.md, README.md) or a Docusaurus
 * _category_.json|yml gives a section its title, position and intro. A
 * SUMMARY.md (mdBook, GitBook) or _sidebar.md (docsify) at the content
 * root gives the structure and order itself, as in those tools;
 * documents it does not list follow it, by folder. Elsewhere order
 * comes from weight / sidebar_position / nav_order, then natural file
 * names ("2-x" before "10-x").
 *
 * The order and category files are read when the content folder is
 * listed (hb_sections_meta_load, with the file list); the tree is built
 * in the link stage from the loaded documents (hb_sections_build), so
 * serve rebuilds it every round without reading anything again. */
#ifndef HB_SECTIONS_H
#define HB_SECTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct hb_diag;
struct hb_filelist;
struct hb_site;
struct hb_source;
struct hb_tools;

/* One entry of an order file. */
struct hb_nav_item {
	const char *title;
	const char *target;	/* content-relative Markdown file it links,
				 * or NULL (a group, a part, a draft) */
	int depth;		/* list nesting from 0; -1 for a part
				 * title (a heading) */
	int line;
};

/* A Docusaurus _category_.json or _category_.yml. */
struct hb_category {
	const char *dir;	/* content-relative folder */
	const char *path;	/* the file, relative to DIR */
	const char *label;	/* or NULL */
	const char *description;	/* link.description, or NULL */
	double position;
	bool has_position;
};

struct hb_sections_meta {
	const char *order_path;	/* the order file used (relative to DIR),
				 * or NULL */
	struct hb_nav_item *items;
	size_t nitems;
	struct hb_category *cats;	/* sorted by dir */
	size_t ncats;
	struct hb_arena arena;	/* owns everything above */
};

void hb_sections_meta_init(struct hb_sections_meta *m);
void hb_sections_meta_fini(struct hb_sections_meta *m);

/* Reads the order and category files among files (the content
 * folder's listing, sorted; content is its folder relative to DIR) into
 * m (emptied first). Problems are warnings. Returns 0, or -1 when a
 * file could not be read (reported). */
int hb_sections_meta_load(struct hb_sections_meta *m, struct hb_source *src,
    const struct hb_filelist *files, const char *content,
    const struct hb_tools *t, struct hb_diag *d);

/* Builds site->root and site->sections in the site's arena from its
 * documents and intros, and puts site->docs in navigation order (depth
 * first). Sets every document's section. Explains titles and order
 * sources (diag.h). Linear in documents (plus sorting). */
void hb_sections_build(struct hb_site *site, const struct hb_sections_meta *m,
    const struct hb_tools *t, struct hb_diag *d);

#endif
