/* Stage 8 (write): reading order and the navigation tree (issue #11).
 * From the linked site (sections and documents in navigation order)
 * makes the book order that rel="prev"/rel="next" walk (the home page,
 * then depth first: a section's page, its entries; a document's page,
 * then its questions' pages) and the one script that holds the whole
 * tree for the sidebar of every page (as mdBook's toc.js): pages carry
 * only their own place in it, so the site stays linear in questions. */
#ifndef HB_NAV_H
#define HB_NAV_H

#include <stddef.h>

#include "arena.h"

struct hb_buf;
struct hb_site;

/* A page in book order. */
struct hb_nav_page {
	const char *path;	/* from the site root, URL-encoded:
				 * "d/x.html" */
	const char *title;
};

#define HB_NAV_NONE ((size_t)-1)

struct hb_nav {
	struct hb_nav_page *pages;	/* pages[0] is the home page */
	size_t npages;
	size_t *doc_at;		/* site->docs[i] -> its page */
	size_t *section_at;	/* site->sections[i] -> its page
				 * (HB_NAV_NONE for the root) */
	struct hb_arena arena;	/* owns everything above */
};

/* root + dir + "/" + name percent-encoded + ".html": the URL of a
 * page ("../q/x.html"). Arena-owned. */
const char *hb_nav_url(struct hb_arena *a, const char *root, const char *dir,
    const char *name);

/* Builds the book order of site (linked: hb_sections_build has run)
 * into n. home is the home page's title. Borrows site's strings; n
 * must be released with hb_nav_fini. Linear in documents and
 * questions; walks the sections with an explicit stack. */
void hb_nav_build(struct hb_nav *n, const struct hb_site *site,
    const char *home);
void hb_nav_fini(struct hb_nav *n);

/* The page of question k of site->docs[doc]: its own page, or its
 * document's when the document is that one question (layout single). */
size_t hb_nav_question(const struct hb_nav *n, const struct hb_site *site,
    size_t doc, size_t k);

/* Appends the tree script to out: window.HB_NAV={...}, one entry per
 * section and document in navigation order with its depth, title, page
 * and count, documents with their questions' ids and titles (theme
 * reader.js draws it). Strings escape <, >, &, U+2028/9. */
void hb_nav_tree_js(const struct hb_site *site, struct hb_buf *out);

#endif
