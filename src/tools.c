/* Stage 1 (set-up): which tool a repository was written for, and what
 * its conventions mean here (see tools.h). Each rule follows the tool's
 * documentation, never one repository's habits:
 *   Hugo        hugo.toml|yaml|json or config.toml|yaml beside content/;
 *               content/, static/; _index.md is a section, a leaf
 *               bundle's index.md is a page; slug is the last URL
 *               segment, url the whole path
 *   Docusaurus  docusaurus.config.js|ts; docs/, static/; index.md,
 *               README.md and <folder>/<folder>.md are category indexes;
 *               _category_.json|yml; '_' files are partials
 *   docsify     index.html that loads docsify; its folder is the root,
 *               and links are written from it (unless relativePath)
 *   mdBook      book.toml ([book] src, default src/); SUMMARY.md
 *   GitBook     book.json or .gitbook.yaml; SUMMARY.md
 *   VitePress   .vitepress/ in DIR or docs/; public/ in the source
 *   Jekyll      _config.yml; '_' folders are not pages */
#include "tools.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "source.h"
#include "str.h"

#define MAX_CONFIG_BYTES (1u << 20)

const char *
hb_tool_name(enum hb_tool tool)
{
	switch (tool) {
	case HB_TOOL_NONE: return "handbook";
	case HB_TOOL_HUGO: return "Hugo";
	case HB_TOOL_DOCUSAURUS: return "Docusaurus";
	case HB_TOOL_DOCSIFY: return "docsify";
	case HB_TOOL_MDBOOK: return "mdBook";
	case HB_TOOL_GITBOOK: return "GitBook";
	case HB_TOOL_VITEPRESS: return "VitePress";
	case HB_TOOL_JEKYLL: return "Jekyll";
	}
	return "handbook";
}

void
hb_tools_fini(struct hb_tools *t)
{
	hb_arena_fini(&t->arena);
	memset(t, 0, sizeof(*t));
}

/* path joined to name, or name when path is "". Arena-owned. */
static const char *
join(struct hb_tools *t, const char *path, const char *name)
{
	if (path == NULL || path[0] == '\0')
		return hb_arena_strdup(&t->arena, name);
	return hb_arena_printf(&t->arena, "%s/%s", path, name);
}

static void
add_static(struct hb_tools *t, struct hb_source *src, const char *dir)
{
	if (t->nstatic < HB_TOOLS_MAX_STATIC && hb_source_is_dir(src, dir))
		t->statics[t->nstatic++] = dir;
}

/* The first of names that exists as a file in folder dir, or NULL. */
static const char *
first_file(struct hb_tools *t, struct hb_source *src, const char *dir,
    const char *const *names)
{
	size_t i;

	for (i = 0; names[i] != NULL; i++) {
		const char *p = join(t, dir, names[i]);

		if (hb_source_exists(src, p))
			return p;
	}
	return NULL;
}

/* Reads a small file whole; false (quietly) when it cannot. */
static bool
slurp(struct hb_source *src, const char *path, struct hb_buf *out)
{
	struct hb_diag scratch;
	bool ok;

	hb_diag_init(&scratch);
	hb_buf_reset(out);
	ok = hb_source_read(src, path, out, &scratch) == 0;
	hb_diag_fini(&scratch);
	return ok;
}

static bool
is_docsify_shell(struct hb_source *src, const char *path, struct hb_buf *b)
{
	return hb_source_exists(src, path) && slurp(src, path, b) &&
	    strstr(hb_buf_str(b), "docsify") != NULL;
}

void
hb_tools_detect(struct hb_tools *t, struct hb_source *src, struct hb_diag *d)
{
	static const char *const docusaurus[] = { "docusaurus.config.js",
		"docusaurus.config.ts", "docusaurus.config.mjs",
		"docusaurus.config.cjs", NULL };
	static const char *const hugo[] = { "hugo.toml", "hugo.yaml",
		"hugo.yml", "hugo.json", NULL };
	static const char *const hugo_old[] = { "config.toml", "config.yaml",
		"config.yml", "config.json", NULL };
	static const char *const gitbook[] = { "book.json", ".gitbook.yaml",
		NULL };
	static const char *const vite[] = { "", "docs", NULL };
	struct hb_buf b;
	const char *f;
	size_t i;

	memset(t, 0, sizeof(*t));
	hb_arena_init(&t->arena);
	hb_buf_init(&b, MAX_CONFIG_BYTES);
	(void)d;
	if ((f = first_file(t, src, "", docusaurus)) != NULL) {
		t->tool = HB_TOOL_DOCUSAURUS;
		t->evidence = t->config = f;
		if (hb_source_is_dir(src, "docs")) {
			t->content = "docs";
			t->content_from = "Docusaurus docs folder";
		}
		add_static(t, src, "static");
		goto done;
	}
	if (hb_source_exists(src, "book.toml")) {
		t->tool = HB_TOOL_MDBOOK;
		t->evidence = t->config = "book.toml";
		if (hb_source_is_dir(src, "src")) {
			t->content = "src";
			t->content_from = "mdBook source folder";
		}
		goto done;
	}
	for (i = 0; vite[i] != NULL; i++) {
		const char *v = join(t, vite[i], ".vitepress");

		if (hb_source_is_dir(src, v)) {
			t->tool = HB_TOOL_VITEPRESS;
			t->evidence = v;
			if (vite[i][0] != '\0') {
				t->content = vite[i];
				t->content_from = "the folder of .vitepress/";
			}
			add_static(t, src, join(t, vite[i], "public"));
			goto done;
		}
	}
	if ((f = first_file(t, src, "", hugo)) != NULL ||
	    hb_source_is_dir(src, "config/_default") ||
	    ((f = first_file(t, src, "", hugo_old)) != NULL &&
	    hb_source_is_dir(src, "content"))) {
		t->tool = HB_TOOL_HUGO;
		t->evidence = t->config = f != NULL ? f : "config/_default";
		add_static(t, src, "static");
		goto done;
	}
	for (i = 0; vite[i] != NULL; i++) {
		const char *p = join(t, vite[i], "index.html");

		if (is_docsify_shell(src, p, &b)) {
			t->tool = HB_TOOL_DOCSIFY;
			t->evidence = t->config = p;
			if (vite[i][0] != '\0') {
				t->content = vite[i];
				t->content_from = "the folder of docsify's "
				    "index.html";
			}
			/* Links are written from the docsify root unless
			 * relativePath is set. */
			t->root_relative = strstr(hb_buf_str(&b),
			    "relativePath: true") == NULL &&
			    strstr(hb_buf_str(&b), "relativePath:true") == NULL;
			goto done;
		}
	}
	if ((f = first_file(t, src, "", gitbook)) != NULL) {
		t->tool = HB_TOOL_GITBOOK;
		t->evidence = t->config = f;
		goto done;
	}
	for (i = 0; vite[i] != NULL; i++) {
		const char *p = join(t, vite[i], "_config.yml");

		if (hb_source_exists(src, p)) {
			t->tool = HB_TOOL_JEKYLL;
			t->evidence = t->config = p;
			if (vite[i][0] != '\0') {
				t->content = vite[i];
				t->content_from = "the folder of _config.yml";
			}
			goto done;
		}
	}
done:
	hb_buf_fini(&b);
}

/* The file name of rel (after its last '/'). */
static const char *
base_name(const char *rel)
{
	const char *s = strrchr(rel, '/');

	return s ? s + 1 : rel;
}

void
hb_tools_refine(struct hb_tools *t, const struct hb_filelist *files,
    struct hb_diag *d)
{
	size_t i;

	(void)d;
	if (t->tool != HB_TOOL_NONE)
		return;
	/* The content's own files, first one found in path order. */
	for (i = 0; i < files->n; i++) {
		const char *rel = files->v[i].rel;
		const char *base = base_name(rel);

		if (strcmp(base, "_index.md") == 0) {
			t->tool = HB_TOOL_HUGO;
		} else if (strcmp(base, "_category_.json") == 0 ||
		    strcmp(base, "_category_.yml") == 0 ||
		    strcmp(base, "_category_.yaml") == 0) {
			t->tool = HB_TOOL_DOCUSAURUS;
		} else if (strcmp(rel, "SUMMARY.md") == 0) {
			t->tool = HB_TOOL_MDBOOK;
		} else if (strcmp(rel, "_sidebar.md") == 0) {
			t->tool = HB_TOOL_DOCSIFY;
			t->root_relative = true;
		} else {
			continue;
		}
		t->evidence = files->v[i].path;
		return;
	}
}

/* Docusaurus: a doc named like its folder is the folder's index. */
static bool
named_like_folder(const char *rel, const char *base)
{
	const char *dot = strrchr(base, '.');
	size_t n = dot ? (size_t)(dot - base) : strlen(base);
	const char *end = base - 1, *start;

	if (base == rel)
		return false;
	start = end;
	while (start > rel && start[-1] != '/')
		start--;
	return (size_t)(end - start) == n && strncmp(start, base, n) == 0;
}

/* Other tools' files at the content root: never pages, never copied. */
static bool
is_shell(const char *rel)
{
	static const char *const shells[] = { "index.html", "CNAME",
		"_config.yml", "book.toml", "book.json", "package.json",
		"package-lock.json", "sidebars.js", "sidebars.ts",
		"docusaurus.config.js", "docusaurus.config.ts", "hugo.toml",
		"hugo.yaml", "config.toml", "config.yaml", "Gemfile",
		"Gemfile.lock", "404.html", NULL };
	size_t i;

	for (i = 0; shells[i] != NULL; i++)
		if (strcmp(rel, shells[i]) == 0)
			return true;
	return false;
}

enum hb_role
hb_tools_role(const struct hb_tools *t, const char *rel, bool markdown)
{
	const char *base = base_name(rel), *p;

	if (!markdown) {
		if (strcmp(base, "_category_.json") == 0 ||
		    strcmp(base, "_category_.yml") == 0 ||
		    strcmp(base, "_category_.yaml") == 0)
			return HB_ROLE_CATEGORY;
		return is_shell(rel) ? HB_ROLE_SHELL : HB_ROLE_ASSET;
	}
	if (strcmp(base, "_index.md") == 0)
		return HB_ROLE_INTRO;
	if (strcmp(base, "_sidebar.md") == 0 || strcmp(rel, "SUMMARY.md") == 0)
		return HB_ROLE_ORDER;
	if (base[0] == '_')
		return HB_ROLE_PARTIAL;
	/* A folder named with '_' holds partials (_components/). */
	for (p = rel; p < base; p = strchr(p, '/') + 1)
		if (*p == '_')
			return HB_ROLE_PARTIAL;
	if (hb_strieq(base, "README.md"))
		return HB_ROLE_INTRO;
	if (strcmp(base, "index.md") == 0 || strcmp(base, "index.markdown") == 0)
		/* Hugo: a leaf bundle's index.md is one page. */
		return t != NULL && t->tool == HB_TOOL_HUGO ? HB_ROLE_PAGE :
		    HB_ROLE_INTRO;
	if (t != NULL && t->tool == HB_TOOL_DOCUSAURUS &&
	    named_like_folder(rel, base))
		return HB_ROLE_INTRO;
	return HB_ROLE_PAGE;
}

bool
hb_tools_unweighted_last(const struct hb_tools *t)
{
	return t != NULL && t->tool != HB_TOOL_NONE;
}

/* ---- page URLs ---- */

/* rel without its extension. */
static size_t
stem_len(const char *rel)
{
	const char *base = base_name(rel), *dot = strrchr(base, '.');

	return dot && dot != base ? (size_t)(dot - rel) : strlen(rel);
}

/* Docusaurus strips "01-" style number prefixes from ids and URLs. */
static const char *
strip_number_prefix(const char *s)
{
	const char *p = s;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p == s || (*p != '-' && *p != '_' && *p != '.' && *p != ' '))
		return s;
	p++;
	return *p ? p : s;
}

/* Joins dir and a path that may have "." and ".." segments (relative
 * slugs); a result above the root is the root. */
static const char *
resolve_path(struct hb_arena *a, const char *dir, const char *path)
{
	struct hb_buf b;
	const char *p = path, *r;

	hb_buf_init(&b, HB_BUF_NOCAP);
	if (path[0] != '/')
		hb_buf_puts(&b, dir);
	hb_buf_puts(&b, p);
	/* A URL above the site's root stays at the root. */
	if (b.data != NULL && !hb_path_normalise(b.data, &b.len))
		hb_buf_reset(&b);
	r = hb_arena_strdup(a, hb_buf_str(&b));
	hb_buf_fini(&b);
	return r;
}

const char *
hb_tools_page_url(const struct hb_tools *t, struct hb_arena *a,
    const char *rel, bool intro, const char *slug, const char *url,
    const char *id, const char *permalink)
{
	const char *base = base_name(rel);
	const char *dir = hb_arena_strndup(a, rel, (size_t)(base - rel));
	size_t stem = stem_len(rel);

	if (t == NULL)
		return NULL;
	switch (t->tool) {
	case HB_TOOL_NONE:
		return NULL;
	case HB_TOOL_HUGO:
		if (url != NULL && strstr(url, "://") == NULL)
			return resolve_path(a, "", url);
		if (intro || strcmp(base, "index.md") == 0)
			return dir;
		if (slug != NULL && slug[0] != '\0') {
			/* The last segment, inside the section. */
			const char *s = resolve_path(a, "", slug);

			if (s[0] == '\0')
				return dir;
			return hb_arena_printf(a, "%s%s%s", dir, s,
			    hb_ends_with(s, "/") ? "" : "/");
		}
		return hb_arena_printf(a, "%.*s/", (int)stem, rel);
	case HB_TOOL_DOCUSAURUS:
		if (slug != NULL && slug[0] != '\0')
			return resolve_path(a, slug[0] == '/' ? "" : dir, slug);
		if (intro)
			return dir;
		return hb_arena_printf(a, "%s%s", dir, id != NULL ? id :
		    strip_number_prefix(hb_arena_strndup(a, base,
		    stem - (size_t)(base - rel))));
	case HB_TOOL_JEKYLL:
		if (permalink != NULL && strstr(permalink, "://") == NULL)
			return resolve_path(a, "", permalink);
		if (intro)
			return dir;
		return hb_arena_printf(a, "%.*s.html", (int)stem, rel);
	case HB_TOOL_VITEPRESS:
	case HB_TOOL_MDBOOK:
	case HB_TOOL_GITBOOK:
		if (intro)
			return t->tool == HB_TOOL_VITEPRESS ? dir :
			    hb_arena_printf(a, "%sindex.html", dir);
		return hb_arena_printf(a, "%.*s.html", (int)stem, rel);
	case HB_TOOL_DOCSIFY:
		if (intro)
			return dir;
		return hb_arena_strndup(a, rel, stem);
	}
	return NULL;
}
