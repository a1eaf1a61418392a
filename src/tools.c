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
#include "toml.h"
#include "yml.h"

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

/* ---- site settings from the tool's config ---- */

/* Records one setting unless the key has one already (the first
 * source named wins). */
static void
setting(struct hb_tools *t, const char *key, const char *value,
    const char *field)
{
	const char **slot;
	size_t i;

	if (value == NULL || value[0] == '\0')
		return;
	if (strcmp(key, "title") == 0)
		slot = &t->title;
	else if (strcmp(key, "description") == 0)
		slot = &t->description;
	else if (strcmp(key, "base_url") == 0)
		slot = &t->base_url;
	else if (strcmp(key, "repo_url") == 0)
		slot = &t->repo_url;
	else
		slot = &t->language;
	if (*slot != NULL || t->nsettings == HB_TOOLS_MAX_SETTINGS)
		return;
	for (i = 0; i < t->nsettings; i++)
		if (strcmp(t->settings[i].key, key) == 0)
			return;
	*slot = hb_arena_strdup(&t->arena, value);
	t->settings[t->nsettings].key = key;
	t->settings[t->nsettings].value = *slot;
	t->settings[t->nsettings].from = field;
	t->nsettings++;
}

/* "zh" for zh, zh-CN, zh-Hans, zh_cn...; "en" for English; else NULL
 * (handbook then detects the language from the content). */
static const char *
language_of(const char *v)
{
	if (v == NULL)
		return NULL;
	if ((v[0] == 'z' || v[0] == 'Z') && (v[1] == 'h' || v[1] == 'H') &&
	    (v[2] == '\0' || v[2] == '-' || v[2] == '_'))
		return "zh";
	if ((v[0] == 'e' || v[0] == 'E') && (v[1] == 'n' || v[1] == 'N') &&
	    (v[2] == '\0' || v[2] == '-' || v[2] == '_'))
		return "en";
	return NULL;
}

/* A base URL only when it is a full web address. */
static const char *
web_or_null(const char *v)
{
	return v != NULL && hb_url_is_web(v) ? v : NULL;
}

/* A site's address from its origin and its base path (Docusaurus url
 * and baseUrl, Jekyll url and baseurl), ending in '/'; NULL unless url
 * is a full web address. */
static const char *
with_base(struct hb_tools *t, const char *url, const char *base)
{
	size_t n;
	bool path = base != NULL && base[0] == '/';

	if (web_or_null(url) == NULL)
		return NULL;
	n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	return hb_arena_printf(&t->arena, "%.*s%s%s", (int)n, url,
	    path ? base : "/", path && !hb_ends_with(base, "/") ? "/" : "");
}

/* "owner/name" (Jekyll's repository, docsify's repo) as a GitHub
 * URL; a full URL stays as it is. */
static const char *
github_url(struct hb_tools *t, const char *v)
{
	const char *slash;

	if (v == NULL || v[0] == '\0')
		return NULL;
	if (hb_url_is_web(v))
		return v;
	slash = strchr(v, '/');
	if (slash == NULL || slash == v || slash[1] == '\0' ||
	    strchr(slash + 1, '/') != NULL || strchr(v, ':') != NULL)
		return NULL;
	return hb_arena_printf(&t->arena, "https://github.com/%s", v);
}

/* The scalar at a dotted path ("params.BookRepo", "book.title") in a
 * parsed TOML, YAML or JSON tree, or NULL. Key case is ignored, as
 * Hugo ignores it. */
static const char *
tree_str(const struct hb_yval *root, const char *path)
{
	const struct hb_yval *v = root;
	char key[64];

	while (v != NULL && *path != '\0') {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path), i;
		const struct hb_yval *next = NULL;

		if (v->kind != HB_Y_MAP || n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		for (i = 0; i < v->n; i++)
			if (hb_strieq(v->kv[i].key, key)) {
				next = v->kv[i].val;
				break;
			}
		v = next;
		path += n + (dot != NULL);
	}
	return v != NULL && v->kind == HB_Y_SCALAR ? v->str : NULL;
}

/* Parses a TOML, YAML or JSON config by its extension; NULL when it
 * cannot (a broken config is the other tool's problem: reported as a
 * warning, and handbook's defaults stay). */
static const struct hb_yval *
parse_tree(struct hb_tools *t, const char *path, const struct hb_buf *b,
    struct hb_diag *d)
{
	struct hb_diag scratch;
	const struct hb_yval *root;
	struct hb_pos pos = { path, 0, 0 };

	hb_diag_init(&scratch);
	if (hb_ends_with(path, ".toml"))
		root = hb_toml_parse(&t->arena, &scratch, path, hb_buf_str(b),
		    b->len, 1, "config");
	else
		root = hb_yml_parse(&t->arena, &scratch, path, hb_buf_str(b),
		    b->len, 0);
	hb_diag_fini(&scratch);
	if (root == NULL || root->kind != HB_Y_MAP) {
		hb_diag_warning(d, &pos, "%s's config could not be read; "
		    "its settings are not used", hb_tool_name(t->tool));
		return NULL;
	}
	return root;
}

/* The string value of the first `key: '...'` (or "..." or `...`
 * without ${}) in JavaScript text, or NULL. Configs are never run: a
 * value that is not a plain string literal is not taken. from is where
 * to start looking. */
static const char *
js_field(struct hb_tools *t, const char *text, const char *from,
    const char *key)
{
	size_t kl = strlen(key);
	const char *p = from;

	while ((p = strstr(p, key)) != NULL) {
		const char *q = p + kl, *end;
		char quote;

		if (p > text && (p[-1] == '_' || p[-1] == '$' ||
		    p[-1] == '.' || (p[-1] >= 'a' && p[-1] <= 'z') ||
		    (p[-1] >= 'A' && p[-1] <= 'Z') ||
		    (p[-1] >= '0' && p[-1] <= '9'))) {
			p = q;
			continue;
		}
		if (*q == '\'' || *q == '"')
			q++;	/* a quoted key: 'title': */
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != ':') {
			p = q;
			continue;
		}
		q++;
		while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
			q++;
		quote = *q;
		if (quote != '\'' && quote != '"' && quote != '`') {
			p = q;
			continue;
		}
		end = strchr(q + 1, quote);
		if (end == NULL)
			return NULL;
		if (memchr(q + 1, '\\', (size_t)(end - q - 1)) != NULL ||
		    memchr(q + 1, '\n', (size_t)(end - q - 1)) != NULL ||
		    (quote == '`' && hb_memmem(q + 1, (size_t)(end - q - 1),
		    "${", 2) != NULL)) {
			p = end;
			continue;
		}
		return hb_arena_strndup(&t->arena, q + 1,
		    (size_t)(end - q - 1));
	}
	return NULL;
}

static void
read_hugo(struct hb_tools *t, const struct hb_buf *b, struct hb_diag *d)
{
	const struct hb_yval *r = parse_tree(t, t->config, b, d);
	const char *lang;

	if (r == NULL)
		return;
	setting(t, "title", tree_str(r, "title"), "title");
	setting(t, "description", tree_str(r, "params.description"),
	    "params.description");
	setting(t, "base_url", web_or_null(tree_str(r, "baseURL")),
	    "baseURL");
	/* The book theme's repository link, then a plain params.repo. */
	setting(t, "repo_url", web_or_null(tree_str(r, "params.BookRepo")),
	    "params.BookRepo");
	setting(t, "repo_url", web_or_null(tree_str(r, "params.repo")),
	    "params.repo");
	lang = tree_str(r, "languageCode");
	setting(t, "language", language_of(lang), "languageCode");
	lang = tree_str(r, "defaultContentLanguage");
	setting(t, "language", language_of(lang),
	    "defaultContentLanguage");
}

static void
read_docusaurus(struct hb_tools *t, const char *text)
{
	const char *url = js_field(t, text, text, "url");
	const char *base = js_field(t, text, text, "baseUrl");
	const char *org = js_field(t, text, text, "organizationName");
	const char *proj = js_field(t, text, text, "projectName");

	setting(t, "title", js_field(t, text, text, "title"), "title");
	setting(t, "description", js_field(t, text, text, "tagline"),
	    "tagline");
	setting(t, "base_url", with_base(t, url, base),
	    base != NULL ? "url and baseUrl" : "url");
	if (org != NULL && proj != NULL)
		setting(t, "repo_url", github_url(t, hb_arena_printf(
		    &t->arena, "%s/%s", org, proj)),
		    "organizationName and projectName");
	setting(t, "language", language_of(js_field(t, text, text,
	    "defaultLocale")), "i18n.defaultLocale");
}

#define MAX_SIDEBAR_DEPTH 16

/* One '{' of a VitePress sidebar: its text and link, whether its line
 * was written (a group's when its items start, an item's at '}'). */
struct sb_frame {
	const char *text, *link;
	size_t ntext, nlink;
	bool written;
};

/* The string literal at p ('...', "..." or `...` without ${}), its
 * length in *n; NULL when p holds none. */
static const char *
js_string(const char *p, size_t *n)
{
	char q = *p;
	const char *e;

	if (q != '\'' && q != '"' && q != '`')
		return NULL;
	for (e = p + 1; *e != '\0' && *e != q && *e != '\n'; e++)
		if (*e == '\\' || (q == '`' && e[0] == '$' && e[1] == '{'))
			return NULL;
	if (*e != q)
		return NULL;
	*n = (size_t)(e - p - 1);
	return p + 1;
}

/* Past the comment or string literal at p, or p itself. */
static const char *
js_skip(const char *p)
{
	const char *e;
	size_t n;

	if (p[0] == '/' && p[1] == '/') {
		e = strchr(p, '\n');
		return e != NULL ? e : p + strlen(p);
	}
	if (p[0] == '/' && p[1] == '*') {
		e = strstr(p + 2, "*/");
		return e != NULL ? e + 2 : p + strlen(p);
	}
	if (js_string(p, &n) != NULL)
		return p + n + 2;
	return p;
}

/* Where the '[' or '{' value of the first `key:` outside comments and
 * strings starts, or NULL. */
static const char *
js_value_of(const char *text, const char *key)
{
	size_t kl = strlen(key);
	const char *p = text, *q;

	while (*p != '\0') {
		if ((q = js_skip(p)) != p) {
			p = q;
			continue;
		}
		if (strncmp(p, key, kl) != 0 || (p > text &&
		    (p[-1] == '_' || p[-1] == '$' || p[-1] == '.' ||
		    (p[-1] >= 'a' && p[-1] <= 'z') ||
		    (p[-1] >= 'A' && p[-1] <= 'Z')))) {
			p++;
			continue;
		}
		q = p + kl;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == ':') {
			q++;
			while (*q == ' ' || *q == '\t' || *q == '\n' ||
			    *q == '\r')
				q++;
			if (*q == '[' || *q == '{')
				return q;
		}
		p++;
	}
	return NULL;
}

/* Writes one sidebar line: "- [text](link.md)" or "- text", indented
 * by the frames written above it. */
static void
sb_line(struct hb_buf *out, const struct sb_frame *st, size_t top)
{
	const struct sb_frame *f = &st[top];
	size_t i, level = 0;

	for (i = 0; i < top; i++)
		level += st[i].written;
	for (i = 0; i < level; i++)
		hb_buf_puts(out, "  ");
	if (f->link == NULL) {
		hb_buf_printf(out, "- %.*s\n", (int)f->ntext, f->text);
		return;
	}
	hb_buf_printf(out, "- [%.*s](", (int)f->ntext, f->text);
	if (f->nlink > 5 && strncmp(f->link + f->nlink - 5, ".html", 5) == 0)
		hb_buf_printf(out, "%.*s.md)\n", (int)(f->nlink - 5), f->link);
	else if (f->nlink > 0 && f->link[f->nlink - 1] == '/')
		hb_buf_printf(out, "%.*sindex.md)\n", (int)f->nlink, f->link);
	else
		hb_buf_printf(out, "%.*s)\n", (int)f->nlink, f->link);
}

/* VitePress's themeConfig.sidebar, read without running the config:
 * the nested { text, link, items } objects, in order, as a Markdown
 * list in the shape of docsify's _sidebar.md (links from the content
 * root). One pass, no recursion; objects deeper than MAX_SIDEBAR_DEPTH
 * are skipped. */
static void
read_vitepress_sidebar(struct hb_tools *t, const char *text)
{
	struct sb_frame st[MAX_SIDEBAR_DEPTH];
	struct hb_buf out;
	const char *p = text;
	size_t top = 0, depth = 0, skipped = 0, n;

	p = js_value_of(text, "sidebar");
	if (p == NULL)
		return;
	hb_buf_init(&out, MAX_CONFIG_BYTES);
	for (; *p != '\0'; p++) {
		const char *v;

		if ((v = js_skip(p)) != p) {
			p = v - 1;
			continue;
		}
		if (*p == '[') {
			depth++;
		} else if (*p == '{') {
			depth++;
			if (top < MAX_SIDEBAR_DEPTH)
				st[top++] = (struct sb_frame){ 0 };
			else
				skipped++;
		} else if (*p == ']' || *p == '}') {
			if (*p == '}') {
				if (skipped > 0)
					skipped--;
				else if (top > 0) {
					top--;
					if (!st[top].written &&
					    st[top].text != NULL)
						sb_line(&out, st, top);
				}
			}
			if (--depth == 0)
				break;
		} else if (top > 0 && skipped == 0 && (p == text ||
		    !((p[-1] >= 'a' && p[-1] <= 'z') ||
		    (p[-1] >= 'A' && p[-1] <= 'Z')))) {
			struct sb_frame *f = &st[top - 1];
			const char *q;
			int key = strncmp(p, "text", 4) == 0 ? 1 :
			    strncmp(p, "link", 4) == 0 ? 2 :
			    strncmp(p, "items", 5) == 0 ? 3 : 0;

			if (key == 0)
				continue;
			q = p + (key == 3 ? 5 : 4);
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q != ':')
				continue;
			q++;
			while (*q == ' ' || *q == '\t')
				q++;
			if (key == 3) {
				if (!f->written && f->text != NULL) {
					sb_line(&out, st, top - 1);
					f->written = true;
				}
				p = q - 1;
				continue;
			}
			if ((v = js_string(q, &n)) == NULL)
				continue;
			if (key == 1) {
				f->text = v;
				f->ntext = n;
			} else {
				f->link = v;
				f->nlink = n;
			}
			p = v + n;
		}
	}
	if (out.len > 0)
		t->sidebar = hb_arena_strndup(&t->arena, out.data, out.len);
	hb_buf_fini(&out);
}

static void
read_vitepress(struct hb_tools *t, const char *text)
{
	const char *gh = strstr(text, "'github'");

	if (gh == NULL)
		gh = strstr(text, "\"github\"");
	setting(t, "title", js_field(t, text, text, "title"), "title");
	setting(t, "description", js_field(t, text, text, "description"),
	    "description");
	setting(t, "language", language_of(js_field(t, text, text, "lang")),
	    "lang");
	read_vitepress_sidebar(t, text);
	/* socialLinks: [{ icon: 'github', link: '...' }] */
	if (gh != NULL)
		setting(t, "repo_url", web_or_null(js_field(t, text, gh,
		    "link")), "socialLinks (github)");
}

static void
read_docsify(struct hb_tools *t, const char *text)
{
	const char *conf = strstr(text, "$docsify");

	if (conf == NULL)
		return;
	setting(t, "title", js_field(t, text, conf, "name"),
	    "window.$docsify.name");
	setting(t, "repo_url", github_url(t, js_field(t, text, conf, "repo")),
	    "window.$docsify.repo");
}

static void
read_mdbook(struct hb_tools *t, const struct hb_buf *b, struct hb_diag *d)
{
	const struct hb_yval *r = parse_tree(t, t->config, b, d);

	if (r == NULL)
		return;
	setting(t, "title", tree_str(r, "book.title"), "book.title");
	setting(t, "description", tree_str(r, "book.description"),
	    "book.description");
	setting(t, "language", language_of(tree_str(r, "book.language")),
	    "book.language");
	setting(t, "repo_url", web_or_null(tree_str(r,
	    "output.html.git-repository-url")),
	    "output.html.git-repository-url");
	setting(t, "base_url", web_or_null(tree_str(r,
	    "output.html.site-url")), "output.html.site-url");
}

/* Jekyll's _config.yml and GitBook's book.json: keys at the top. */
static void
read_flat(struct hb_tools *t, const struct hb_buf *b, struct hb_diag *d)
{
	const struct hb_yval *r = parse_tree(t, t->config, b, d);
	const char *url, *base;

	if (r == NULL)
		return;
	setting(t, "title", tree_str(r, "title"), "title");
	setting(t, "description", tree_str(r, "description"),
	    "description");
	url = tree_str(r, "url");
	base = tree_str(r, "baseurl");
	setting(t, "base_url", with_base(t, url, base),
	    base != NULL ? "url and baseurl" : "url");
	setting(t, "repo_url", github_url(t, tree_str(r, "repository")),
	    "repository");
	setting(t, "language", language_of(tree_str(r, "lang")),
	    "lang");
	setting(t, "language", language_of(tree_str(r, "language")),
	    "language");
}

/* For `check --explain`: the tool, its content and static folders and
 * the settings its config gave. */
static void
explain(const struct hb_tools *t, struct hb_diag *d)
{
	struct hb_pos pos = { t->evidence != NULL ? t->evidence : "", 0, 0 };
	size_t i;

	if (t->tool == HB_TOOL_NONE)
		return;
	hb_diag_explain(d, HB_EX_TOOL, &pos, "written for %s; read with its "
	    "conventions (docs/migrating.md)", hb_tool_name(t->tool));
	if (t->content != NULL)
		hb_diag_explain(d, HB_EX_CONTENT, &pos, "content folder '%s' "
		    "(%s)", t->content, t->content_from);
	for (i = 0; i < t->nstatic; i++)
		hb_diag_explain(d, HB_EX_CONTENT, &pos, "static folder '%s': "
		    "site-absolute links (/img/x.png) find files here",
		    t->statics[i]);
	if (t->root_relative)
		hb_diag_explain(d, HB_EX_LINKS, &pos, "links are written "
		    "from the docsify root (no relativePath)");
	for (i = 0; i < t->nsettings; i++) {
		struct hb_pos sp = { t->config, 0, 0 };

		hb_diag_explain(d, HB_EX_SETTINGS, &sp, "%s '%s' from its "
		    "%s (used when there is no handbook.yml)",
		    t->settings[i].key, t->settings[i].value,
		    t->settings[i].from);
	}
}

/* Reads the settings of t->config (found by hb_tools_detect). */
static void
read_settings(struct hb_tools *t, struct hb_source *src, struct hb_diag *d)
{
	struct hb_buf b;
	const char *path = t->config;

	if (path == NULL || hb_source_is_dir(src, path))
		return;
	hb_buf_init(&b, MAX_CONFIG_BYTES);
	if (!slurp(src, path, &b))
		goto done;
	switch (t->tool) {
	case HB_TOOL_HUGO:
		read_hugo(t, &b, d);
		break;
	case HB_TOOL_DOCUSAURUS:
		read_docusaurus(t, hb_buf_str(&b));
		break;
	case HB_TOOL_VITEPRESS:
		read_vitepress(t, hb_buf_str(&b));
		break;
	case HB_TOOL_DOCSIFY:
		read_docsify(t, hb_buf_str(&b));
		break;
	case HB_TOOL_MDBOOK:
		read_mdbook(t, &b, d);
		break;
	case HB_TOOL_GITBOOK:
	case HB_TOOL_JEKYLL:
		read_flat(t, &b, d);
		break;
	case HB_TOOL_NONE:
		break;
	}
done:
	hb_buf_fini(&b);
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
	static const char *const vite_config[] = { "config.js", "config.ts",
		"config.mjs", "config.mts", NULL };
	static const char *const hugo_dir[] = { "hugo.toml", "config.toml",
		"hugo.yaml", "config.yaml", "hugo.yml", "config.yml",
		"hugo.json", "config.json", NULL };
	struct hb_buf b;
	const char *f;
	size_t i;

	memset(t, 0, sizeof(*t));
	hb_arena_init(&t->arena);
	hb_buf_init(&b, MAX_CONFIG_BYTES);
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
			t->config = first_file(t, src, v, vite_config);
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
		if (f == NULL)
			t->config = first_file(t, src, "config/_default",
			    hugo_dir);
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
	read_settings(t, src, d);
	explain(t, d);
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
		explain(t, d);
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
