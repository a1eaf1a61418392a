/* Stage 8: the model -> the pages of the site. Builds one template
 * value tree per page (in a per-page arena), renders it with the
 * compiled templates, and writes it through output.h. Pages never hold
 * the whole site except the home, topic index and practice pages, so
 * the build stays linear in the number of questions. Also copies the
 * theme (content-hashed names) and the content's own files (media/). */
#ifndef HB_SITE_H
#define HB_SITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hb_config;
struct hb_diag;
struct hb_filelist;
struct hb_output;
struct hb_output_tree;
struct hb_site;
struct hb_source;
struct hb_theme;

struct hb_arena;
struct hb_hset;
struct hb_changes;

/* One version of the handbook in a multi-version build: the current
 * site at the root, and each release tag under v/<tag>/. */
struct hb_version {
	const char *name;		/* tag name, or NULL for current */
	const char *prefix;		/* "" or "v/<tag>/" */
	const struct hb_site *site;	/* to link the same page */
};

struct hb_site_opts {
	const struct hb_config *config;
	const struct hb_theme *theme;	/* loaded and compiled (theme.h) */
	struct hb_source *src;		/* the handbook folder */
	const struct hb_filelist *files;	/* content files (assets are
						 * copied to media/) */
	const char *base_url;		/* --base-url, else config */
	const char *topics_path;	/* not copied with the content */
	/* Versions (NULL/0 when there is only the current one): this
	 * site is versions[current]; pages go under its prefix, theme
	 * files into the shared assets/ at the root (written once: the
	 * names carry content hashes; `shared` remembers them across the
	 * versions of one build). changes compares it with the version
	 * before (NULL for the oldest). */
	const struct hb_version *versions;
	size_t nversions, current;
	struct hb_hset *shared;
	struct hb_arena *shared_arena;	/* owns the keys of shared */
	const struct hb_changes *changes;
	int jobs;			/* render threads */
	/* serve's partial rebuild (issue #12), memory outputs only: when
	 * only is not NULL, the pages of site->docs[i] (its document, its
	 * questions, its source view) are written only where only[i], topic
	 * pages and media not at all, and every other file of prev (the
	 * site built before, of the same faces: hb_site_faces) is kept.
	 * Pages that show the whole site (home, sections, feed, ...) are
	 * written as always; the search index is kept too, for
	 * hb_search_write to replace after the reload. NULL: every page. */
	const bool *only;
	const struct hb_output_tree *prev;
};

/* What of site other pages show (issue #12): sets faces[i] to a hash
 * of everything of site->docs[i] that a page other than its own shows
 * (ids, titles, topics, status, reviews, anchors, place), and returns
 * a hash of the rest of the site's shape (documents by path, sections,
 * topics). Two builds with equal faces differ only inside the pages of
 * the documents whose text changed, and in the pages hb_site_write
 * always writes: serve then rebuilds only those (o->only). faces has
 * site->ndocs slots. */
uint64_t hb_site_faces(const struct hb_site *site, uint64_t *faces);

/* Writes every page and asset of site into out with o->theme. Returns 0,
 * or -1 after reporting (template runtime errors, write failures). */
int hb_site_write(const struct hb_site *site, const struct hb_site_opts *o,
    struct hb_output *out, struct hb_diag *d);

#endif
