/* Stage 3: front matter. YAML goes through yml.c; TOML through the small
 * parser below, which covers what front matter uses (key = value,
 * strings, numbers, booleans, dates, arrays, [tables]) and reports
 * anything else with its line. Both give the same hb_yval tree. */
#include "front.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "str.h"
#include "toml.h"
#include "xalloc.h"
#include "yml.h"

/* Keys we read, and keys from other generators (Hugo, Jekyll, mdBook)
 * that we accept and ignore so migrated content does not fail. */
static const char *const ignored_keys[] = {
	"date", "lastmod", "publishDate", "expiryDate", "description",
	"tags", "categories", "aliases", "author", "authors", "summary",
	"keywords", "toc", "type", "url", "difficulty", "source", "level",
	"series", "images", "cover", "params", "menu", "linkTitle",
	"sidebar_position", "sidebar_label", "hide", "comments", NULL
};

/* Returns the length of the line at p (without the newline). */
static size_t
line_len(const char *p, const char *end)
{
	const char *q = memchr(p, '\n', (size_t)(end - p));

	return q ? (size_t)(q - p) : (size_t)(end - p);
}

/* True when the line is exactly the delimiter, allowing trailing spaces
 * and a CR. */
static bool
is_delim(const char *p, size_t n, const char *delim)
{
	size_t k = strlen(delim);

	if (n < k || memcmp(p, delim, k) != 0)
		return false;
	for (; k < n; k++)
		if (p[k] != ' ' && p[k] != '\t' && p[k] != '\r')
			return false;
	return true;
}

/* ---- keys ---- */

static bool
is_ignored(const char *key)
{
	size_t i;

	for (i = 0; ignored_keys[i] != NULL; i++)
		if (strcmp(key, ignored_keys[i]) == 0)
			return true;
	return false;
}

static int
read_keys(struct hb_arena *a, struct hb_diag *d, const char *path,
    const struct hb_yval *root, struct hb_front *f)
{
	size_t i;
	int rc = 0;

	if (root->kind != HB_Y_MAP) {
		struct hb_pos pos = { path, root->line, root->col };

		hb_diag_error(d, &pos, "front matter must be 'key: value' "
		    "lines");
		return -1;
	}
	for (i = 0; i < root->n; i++) {
		const struct hb_ykv *kv = &root->kv[i];
		const struct hb_yval *v = kv->val;
		struct hb_pos pos = { path, kv->line, kv->col };
		const char *k = kv->key;

		if (strcmp(k, "title") == 0) {
			rc |= hb_yml_str(v, d, path, k, &f->title);
		} else if (strcmp(k, "id") == 0) {
			rc |= hb_yml_str(v, d, path, k, &f->id);
			f->id_line = v->line;
		} else if (strcmp(k, "slug") == 0) {
			rc |= hb_yml_str(v, d, path, k, &f->slug);
		} else if (strcmp(k, "layout") == 0) {
			rc |= hb_yml_str(v, d, path, k, &f->layout);
			f->layout_line = v->line;
			if (f->layout != NULL &&
			    strcmp(f->layout, "record") != 0 &&
			    strcmp(f->layout, "list") != 0 &&
			    strcmp(f->layout, "single") != 0 &&
			    strcmp(f->layout, "headings") != 0) {
				pos.line = v->line;
				pos.col = v->col;
				hb_diag_error(d, &pos, "unknown layout '%s' "
				    "(record, list, single or headings)",
				    f->layout);
				f->layout = NULL;
				rc = -1;
			}
		} else if (strcmp(k, "weight") == 0) {
			rc |= hb_yml_int(v, d, path, k, &f->weight);
			f->has_weight = true;
		} else if (strcmp(k, "draft") == 0) {
			rc |= hb_yml_bool(v, d, path, k, &f->draft);
		} else if (strcmp(k, "topics") == 0) {
			rc |= hb_yml_strlist(a, v, d, path, k, &f->topics,
			    &f->ntopics);
			f->topics_line = v->line;
			f->topics_col = v->col;
		} else if (!is_ignored(k)) {
			hb_diag_warning(d, &pos, "unknown front matter key "
			    "'%s' ignored", k);
			hb_diag_note(d, &pos, "handbook reads title, id, slug, "
			    "weight, topics, draft and layout");
		}
	}
	return rc ? -1 : 0;
}

int
hb_front_parse(struct hb_arena *a, struct hb_diag *d, const char *path,
    const char *text, size_t n, struct hb_front *out)
{
	const char *p = text, *end = text + n, *delim, *body_start;
	struct hb_yval *root;
	size_t len;
	int line = 1, open_line;

	memset(out, 0, sizeof(*out));
	out->body_line = 1;
	/* A UTF-8 byte-order mark is not content. */
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	out->body_off = (size_t)(p - text);
	len = line_len(p, end);
	if (is_delim(p, len, "---")) {
		out->kind = HB_FRONT_YAML;
		delim = "---";
	} else if (is_delim(p, len, "+++")) {
		out->kind = HB_FRONT_TOML;
		delim = "+++";
	} else {
		return 0;
	}
	open_line = line;
	p += len < (size_t)(end - p) ? len + 1 : len;
	line++;
	body_start = p;
	while (p < end) {
		len = line_len(p, end);
		if (is_delim(p, len, delim) ||
		    (out->kind == HB_FRONT_YAML && is_delim(p, len, "...")))
			break;
		p += len < (size_t)(end - p) ? len + 1 : len;
		line++;
	}
	if (p >= end) {
		struct hb_pos pos = { path, open_line, 1 };

		/* Not front matter after all: a lone '---' at the top is
		 * a thematic break in Markdown. Treat the file as body. */
		if (out->kind == HB_FRONT_YAML) {
			out->kind = HB_FRONT_NONE;
			return 0;
		}
		hb_diag_error(d, &pos, "front matter opened here is not "
		    "closed; add a '%s' line after it", delim);
		out->kind = HB_FRONT_NONE;
		return -1;
	}
	if (out->kind == HB_FRONT_YAML)
		root = hb_yml_parse(a, d, path, body_start,
		    (size_t)(p - body_start), open_line);
	else
		root = hb_toml_parse(a, d, path, body_start,
		    (size_t)(p - body_start), open_line + 1, "front matter");
	/* Skip the closing delimiter line. */
	len = line_len(p, end);
	p += len < (size_t)(end - p) ? len + 1 : len;
	line++;
	out->body_off = (size_t)(p - text);
	out->body_line = line;
	if (root == NULL)
		return -1;
	return read_keys(a, d, path, root, out);
}
