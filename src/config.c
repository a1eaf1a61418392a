/* Stage 1: read handbook.yml with its positions and validate each key. */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "diag.h"
#include "source.h"
#include "str.h"
#include "yml.h"

#define CONFIG_NAME "handbook.yml"
#define MAX_CONFIG_BYTES (1 << 20)

/* K_URL: an http(s) URL (base_url, edit_url); K_REPO: repo_url, which
 * may also be one git clones over ssh. */
enum ktype { K_STR, K_BOOL, K_INT, K_LANG, K_LAYOUTS, K_URL, K_REPO };

static const struct key {
	const char *name;
	enum ktype type;
	size_t off;
} keys[] = {
	{ "title", K_STR, offsetof(struct hb_config, title) },
	{ "description", K_STR, offsetof(struct hb_config, description) },
	{ "language", K_LANG, offsetof(struct hb_config, language) },
	{ "base_url", K_URL, offsetof(struct hb_config, base_url) },
	{ "content", K_STR, offsetof(struct hb_config, content) },
	{ "topics", K_STR, offsetof(struct hb_config, topics) },
	{ "repo_url", K_REPO, offsetof(struct hb_config, repo_url) },
	{ "branch", K_STR, offsetof(struct hb_config, branch) },
	{ "edit_url", K_URL, offsetof(struct hb_config, edit_url) },
	{ "versions", K_STR, offsetof(struct hb_config, versions) },
	{ "allow_html", K_BOOL, offsetof(struct hb_config, allow_html) },
	{ "drafts", K_BOOL, offsetof(struct hb_config, drafts) },
	{ "practice_size", K_INT, offsetof(struct hb_config, practice_size) },
	{ "offline", K_BOOL, offsetof(struct hb_config, offline) },
	{ "remote_max_bytes", K_INT,
	    offsetof(struct hb_config, remote_max_bytes) },
	{ "remote_timeout", K_INT, offsetof(struct hb_config, remote_timeout) },
	{ "layouts", K_LAYOUTS, offsetof(struct hb_config, layouts) },
	{ "max_markdown_bytes", K_INT,
	    offsetof(struct hb_config, max_markdown_bytes) },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static void
nearest_key(struct hb_diag *d, const char *bad)
{
	size_t i, best = NKEYS, bestlen = 0;

	/* A cheap hint: the known key sharing the longest prefix. */
	for (i = 0; i < NKEYS; i++) {
		size_t k = 0;

		while (bad[k] && bad[k] == keys[i].name[k])
			k++;
		if (k > bestlen) {
			bestlen = k;
			best = i;
		}
	}
	if (best < NKEYS && bestlen >= 2)
		hb_diag_note(d, NULL, "did you mean '%s'?", keys[best].name);
	else
		hb_diag_note(d, NULL, "known keys: title, description, "
		    "language, base_url, content, topics, repo_url, branch, "
		    "edit_url, versions, allow_html, drafts, practice_size, "
		    "offline, remote_max_bytes, remote_timeout, layouts, "
		    "max_markdown_bytes");
}

static bool
layout_name(const char *s)
{
	static const char *const names[] = { "guide", "question", "list",
		"record", "single", "headings", NULL };
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(s, names[i]) == 0)
			return true;
	return false;
}

/* layouts: a mapping of path patterns to layout names. */
static int
read_layouts(struct hb_config *c, const struct hb_yval *v, struct hb_diag *d)
{
	size_t i;
	int rc = 0;

	if (v->kind != HB_Y_MAP) {
		struct hb_pos pos = { CONFIG_NAME, v->line, v->col };

		hb_diag_error(d, &pos, "'layouts' maps path patterns to "
		    "layouts (for example 'guides/: guide')");
		return -1;
	}
	c->layouts = hb_arena_alloc(&c->arena, (v->n + 1) *
	    sizeof(*c->layouts));
	for (i = 0; i < v->n; i++) {
		const struct hb_ykv *kv = &v->kv[i];
		const char *name = NULL;
		struct hb_pos pos = { CONFIG_NAME, kv->val->line,
			kv->val->col };

		if (hb_yml_str(kv->val, d, CONFIG_NAME, kv->key, &name) != 0) {
			rc = -1;
			continue;
		}
		if (!layout_name(name)) {
			hb_diag_error(d, &pos, "unknown layout '%s' for '%s' "
			    "(guide, question, list, record, single or "
			    "headings)", name, kv->key);
			rc = -1;
			continue;
		}
		c->layouts[c->nlayouts].glob = kv->key;
		c->layouts[c->nlayouts].layout = name;
		c->layouts[c->nlayouts].line = kv->line;
		c->nlayouts++;
	}
	return rc;
}

const struct hb_layout_rule *
hb_config_layout(const struct hb_config *c, const char *rel)
{
	size_t i, n;

	for (i = 0; i < c->nlayouts; i++) {
		const char *g = c->layouts[i].glob;

		n = strlen(g);
		if (n > 0 && g[n - 1] == '/' ? strncmp(rel, g, n) == 0 :
		    fnmatch(g, rel, 0) == 0)
			return &c->layouts[i];
	}
	return NULL;
}

/* repo_url: an http(s) URL, ssh://[user@]host/path, or scp-like
 * [user@]host:path with a dotted host (repo.c turns the last two into
 * https links, so they cannot name another scheme). Nothing anywhere
 * that could leave an attribute or hide a scheme: no spaces, controls,
 * quotes, <, >, \, `. */
static bool
repo_url_ok(const char *s)
{
	const char *sep = strstr(s, "://");
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f || strchr("\"'<>\\`", c) != NULL)
			return false;
	}
	if (i == 0)
		return false;
	if (sep == NULL) {
		/* [user@]host:path or host/path: a host has a dot (so
		 * "javascript:alert(1)" is no host). */
		const char *h = strchr(s, '@'), *end;

		h = h != NULL && h < s + strcspn(s, ":/") ? h + 1 : s;
		end = h + strcspn(h, ":/");
		return memchr(h, '.', (size_t)(end - h)) != NULL ||
		    (end - h == 9 && strncmp(h, "localhost", 9) == 0);
	}
	if ((size_t)(sep - s) == 3 && strncasecmp(s, "ssh", 3) == 0)
		return sep[3] != '\0' && sep[3] != '/';
	return hb_url_is_web(s);
}

/* Checks a URL key's value; reports at the value. */
static int
check_url(struct hb_diag *d, const struct hb_ykv *kv, enum ktype type,
    const char *url)
{
	struct hb_pos pos = { CONFIG_NAME, kv->val->line, kv->val->col };

	if (url == NULL || url[0] == '\0' || (type == K_URL ?
	    hb_url_is_web(url) : repo_url_ok(url)))
		return 0;
	hb_diag_error(d, &pos, "%s must be an http:// or https:// URL%s, "
	    "not '%s'", kv->key, type == K_REPO ? " (or the ssh one git "
	    "clones)" : "", url);
	return -1;
}

int
hb_config_load(struct hb_config *c, struct hb_source *src, struct hb_diag *d)
{
	struct hb_buf raw;
	struct hb_yval *root;
	size_t i, k;
	int rc = -1;

	memset(c, 0, sizeof(*c));
	hb_arena_init(&c->arena);
	c->branch = "main";
	c->practice_size = 20;
	c->remote_max_bytes = 10L << 20;
	c->remote_timeout = 10;
	c->max_markdown_bytes = HB_MAX_MARKDOWN_BYTES;
	hb_buf_init(&raw, MAX_CONFIG_BYTES);
	hb_tools_detect(&c->tools, src, d);
	/* Through the source: with --ref the config is the tree's too. */
	if (!hb_source_exists(src, CONFIG_NAME)) {
		rc = 0;
		goto done;
	}
	if (hb_source_read(src, CONFIG_NAME, &raw, d) != 0)
		goto done;
	c->path = CONFIG_NAME;
	root = hb_yml_parse(&c->arena, d, CONFIG_NAME, hb_buf_str(&raw),
	    raw.len, 0);
	if (root == NULL)
		goto done;
	if (root->kind != HB_Y_MAP) {
		struct hb_pos pos = { CONFIG_NAME, root->line, root->col };

		hb_diag_error(d, &pos, "the config must be a mapping of "
		    "keys to values (for example 'title: My handbook')");
		goto done;
	}
	rc = 0;
	for (i = 0; i < root->n; i++) {
		const struct hb_ykv *kv = &root->kv[i];
		struct hb_pos pos = { CONFIG_NAME, kv->line, kv->col };
		void *field;

		for (k = 0; k < NKEYS; k++)
			if (strcmp(keys[k].name, kv->key) == 0)
				break;
		if (k == NKEYS) {
			hb_diag_error(d, &pos, "unknown config key '%s'",
			    kv->key);
			nearest_key(d, kv->key);
			rc = -1;
			continue;
		}
		field = (char *)c + keys[k].off;
		switch (keys[k].type) {
		case K_STR:
			if (hb_yml_str(kv->val, d, CONFIG_NAME, kv->key,
			    (const char **)field) != 0)
				rc = -1;
			break;
		case K_URL:
		case K_REPO:
			if (hb_yml_str(kv->val, d, CONFIG_NAME, kv->key,
			    (const char **)field) != 0 ||
			    check_url(d, kv, keys[k].type,
			    *(const char **)field) != 0)
				rc = -1;
			break;
		case K_BOOL:
			if (hb_yml_bool(kv->val, d, CONFIG_NAME, kv->key,
			    (bool *)field) != 0)
				rc = -1;
			break;
		case K_INT:
			if (hb_yml_int(kv->val, d, CONFIG_NAME, kv->key,
			    (long *)field) != 0 || *(long *)field < 1) {
				if (*(long *)field < 1)
					hb_diag_error(d, &pos,
					    "'%s' must be at least 1", kv->key);
				rc = -1;
			}
			break;
		case K_LAYOUTS:
			if (read_layouts(c, kv->val, d) != 0)
				rc = -1;
			break;
		case K_LANG:
			if (hb_yml_str(kv->val, d, CONFIG_NAME, kv->key,
			    (const char **)field) != 0) {
				rc = -1;
			} else if (strcmp(c->language, "zh") != 0 &&
			    strcmp(c->language, "en") != 0 &&
			    strcmp(c->language, "auto") != 0) {
				pos.line = kv->val->line;
				pos.col = kv->val->col;
				hb_diag_error(d, &pos, "language must be zh, "
				    "en or auto, not '%s'", c->language);
				rc = -1;
			}
			break;
		}
	}
	if (c->language != NULL && strcmp(c->language, "auto") == 0)
		c->language = NULL;
done:
	/* The tool's content folder, unless handbook.yml names one. */
	if (rc == 0 && c->content == NULL && c->tools.content != NULL) {
		c->content = c->tools.content;
		c->content_from = c->tools.content_from;
	}
	/* Without handbook.yml, the tool's config gives the site's
	 * settings (hb_config_print_taken says which). */
	if (rc == 0 && c->path == NULL) {
		if (c->title == NULL)
			c->title = c->tools.title;
		if (c->description == NULL)
			c->description = c->tools.description;
		if (c->base_url == NULL)
			c->base_url = c->tools.base_url;
		if (c->repo_url == NULL)
			c->repo_url = c->tools.repo_url;
		if (c->language == NULL)
			c->language = c->tools.language;
	}
	hb_buf_fini(&raw);
	return rc;
}

void
hb_config_print_taken(const struct hb_config *c, FILE *fp)
{
	const struct hb_tools *t = &c->tools;
	size_t i;

	if (c->path != NULL || t->nsettings == 0)
		return;
	fprintf(fp, "no handbook.yml: settings from %s:", t->config);
	for (i = 0; i < t->nsettings; i++)
		fprintf(fp, "%s %s '%s'", i > 0 ? "," : "", t->settings[i].key,
		    t->settings[i].value);
	fputc('\n', fp);
}

void
hb_config_fini(struct hb_config *c)
{
	hb_tools_fini(&c->tools);
	hb_arena_fini(&c->arena);
}
