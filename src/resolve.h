/* Stage 5 (content): which file a link written in a document names,
 * read with the conventions of the tool the content was written for
 * (issue #10). Relative links are tried, in order:
 *   1. from the file's folder (every tool);
 *   2. from the page's URL, a folder below the file in Hugo and Jekyll
 *      ("../assets/0.png" in content/channel/2-foo.md, whose page is
 *      /channel/2-foo/, is content/channel/assets/0.png);
 *   3. from the content root (docsify, unless relativePath is set).
 * Site-absolute links ("/img/x.png") are tried from the content root,
 * then without the content folder's own name ("/docs/x" in docs/), then
 * in the tool's static folders (static/, public/). Each try accepts the
 * path as written, with ".md" for ".html" or no extension, and a
 * folder's README.md, index.md or _index.md. The caller reports what
 * none of them finds. */
#ifndef HB_RESOLVE_H
#define HB_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>

struct hb_filelist;
struct hb_tools;
struct hb_buf;

struct hb_resolver {
	const struct hb_filelist *files;	/* sorted by path; NULL:
						 * nothing to check (dump,
						 * tests): rule 1 as
						 * written */
	const char *content;	/* content folder relative to DIR, "" */
	const struct hb_tools *tools;	/* or NULL */
};

enum hb_resolve_rule {
	HB_RESOLVE_FILE,	/* from the file */
	HB_RESOLVE_PAGE_URL,	/* from the page's URL */
	HB_RESOLVE_ROOT,	/* from the content root */
	HB_RESOLVE_STATIC	/* from a static folder */
};

struct hb_target {
	enum hb_resolve_rule rule;
	const char *path;	/* the file relative to DIR, or NULL when
				 * nothing was checked */
	bool markdown;
	bool guessed;		/* ".md" or a folder's index was added */
};

/* Finds the file that url[0..n) (no scheme, query or fragment;
 * %-escapes allowed) names in the document at rel (relative to the
 * content folder) whose page URL in its tool is page_url (NULL for
 * none). On success out->path's content-relative form is written to
 * name (for content files) or its path under its static folder (for
 * static files): the name it has under media/ or as a document.
 * Returns false when no rule finds a file. */
bool hb_resolve(const struct hb_resolver *r, const char *rel,
    const char *page_url, const char *url, size_t n, struct hb_target *out,
    struct hb_buf *name);

/* "from the file", "from the page URL", ... for `check --explain`. */
const char *hb_resolve_rule_name(enum hb_resolve_rule rule);

#endif
