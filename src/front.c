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

/* ---- TOML subset ---- */

struct toml {
	struct hb_arena *a;
	struct hb_diag *d;
	const char *path;
	const char *p, *end;
	int line;
	const char *line_start;
	bool failed;
};

static void
toml_err(struct toml *t, const char *msg)
{
	struct hb_pos pos = { t->path, t->line,
		(int)(t->p - t->line_start) + 1 };

	if (!t->failed)
		hb_diag_error(t->d, &pos, "invalid TOML front matter: %s", msg);
	t->failed = true;
}

static void
skip_ws(struct toml *t)
{
	while (t->p < t->end && (*t->p == ' ' || *t->p == '\t' ||
	    *t->p == '\r'))
		t->p++;
}

/* Skips spaces, newlines and comments (inside arrays). */
static void
skip_ws_nl(struct toml *t)
{
	for (;;) {
		skip_ws(t);
		if (t->p < t->end && *t->p == '#') {
			while (t->p < t->end && *t->p != '\n')
				t->p++;
		}
		if (t->p < t->end && *t->p == '\n') {
			t->p++;
			t->line++;
			t->line_start = t->p;
			continue;
		}
		return;
	}
}

static struct hb_yval *
toml_new(struct toml *t, enum hb_ykind kind)
{
	struct hb_yval *v = hb_arena_alloc(t->a, sizeof(*v));

	v->kind = kind;
	v->line = t->line;
	v->col = (int)(t->p - t->line_start) + 1;
	return v;
}

static struct hb_yval *
toml_string(struct toml *t)
{
	struct hb_yval *v = toml_new(t, HB_Y_SCALAR);
	struct hb_buf b;
	char q = *t->p++;

	v->quoted = true;
	hb_buf_init(&b, HB_BUF_NOCAP);
	while (t->p < t->end && *t->p != q && *t->p != '\n') {
		char c = *t->p++;

		if (q == '"' && c == '\\' && t->p < t->end) {
			char e = *t->p++;

			switch (e) {
			case 'n': hb_buf_putc(&b, '\n'); break;
			case 't': hb_buf_putc(&b, '\t'); break;
			case 'r': hb_buf_putc(&b, '\r'); break;
			case '"': hb_buf_putc(&b, '"'); break;
			case '\\': hb_buf_putc(&b, '\\'); break;
			case 'u': {
				unsigned long cp;
				char hex[5] = { 0 };

				if (t->end - t->p < 4) {
					toml_err(t, "bad \\u escape");
					break;
				}
				memcpy(hex, t->p, 4);
				cp = strtoul(hex, NULL, 16);
				t->p += 4;
				hb_utf8_encode(&b, (uint32_t)cp);
				break;
			}
			default:
				toml_err(t, "unknown escape in a string");
			}
			continue;
		}
		hb_buf_putc(&b, c);
	}
	if (t->p >= t->end || *t->p != q)
		toml_err(t, "string is not closed on its line");
	else
		t->p++;
	v->str = hb_arena_strndup(t->a, hb_buf_str(&b), b.len);
	hb_buf_fini(&b);
	return v;
}

static struct hb_yval *toml_value(struct toml *t, int depth);

static struct hb_yval *
toml_array(struct toml *t, int depth)
{
	struct hb_yval *v = toml_new(t, HB_Y_SEQ);
	struct hb_yval **items = NULL;
	size_t cap = 0;

	t->p++;
	for (;;) {
		skip_ws_nl(t);
		if (t->p >= t->end) {
			toml_err(t, "array is not closed with ']'");
			break;
		}
		if (*t->p == ']') {
			t->p++;
			break;
		}
		items = hb_xgrow(items, &cap, v->n + 1, sizeof(*items));
		items[v->n] = toml_value(t, depth + 1);
		if (t->failed)
			break;
		v->n++;
		skip_ws_nl(t);
		if (t->p < t->end && *t->p == ',')
			t->p++;
		else if (t->p < t->end && *t->p != ']')
			toml_err(t, "expected ',' or ']' in an array");
	}
	v->items = hb_arena_memdup(t->a, items, v->n * sizeof(*items));
	free(items);
	return v;
}

static struct hb_yval *
toml_value(struct toml *t, int depth)
{
	struct hb_yval *v;
	const char *s;

	if (depth > 16) {
		toml_err(t, "arrays nested too deeply");
		return NULL;
	}
	if (t->p >= t->end || *t->p == '\n') {
		toml_err(t, "a value is missing after '='");
		return NULL;
	}
	if (*t->p == '"' || *t->p == '\'')
		return toml_string(t);
	if (*t->p == '[')
		return toml_array(t, depth);
	if (*t->p == '{') {
		toml_err(t, "inline tables are not supported here");
		return NULL;
	}
	/* Bare scalar: number, boolean or date, up to , ] # or newline. */
	v = toml_new(t, HB_Y_SCALAR);
	s = t->p;
	while (t->p < t->end && *t->p != ',' && *t->p != ']' &&
	    *t->p != '#' && *t->p != '\n' && *t->p != '\r')
		t->p++;
	{
		size_t n = (size_t)(t->p - s);
		const char *trimmed = hb_trim(s, &n);

		v->str = hb_arena_strndup(t->a, trimmed, n);
	}
	if (v->str[0] == '\0')
		toml_err(t, "a value is missing");
	return v;
}

static bool
is_bare_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static void
map_add(struct hb_arena *a, struct hb_yval *m, struct hb_ykv **kv,
    size_t *cap, const char *key, int line, int col, struct hb_yval *val)
{
	*kv = hb_xgrow(*kv, cap, m->n + 1, sizeof(**kv));
	(*kv)[m->n].key = hb_arena_strdup(a, key);
	(*kv)[m->n].line = line;
	(*kv)[m->n].col = col;
	(*kv)[m->n].val = val;
	m->n++;
}

static struct hb_yval *
toml_parse(struct hb_arena *a, struct hb_diag *d, const char *path,
    const char *text, size_t n, int line)
{
	struct toml t = { a, d, path, text, text + n, line, text, false };
	struct hb_yval *root = toml_new(&t, HB_Y_MAP), *cur = root;
	struct hb_ykv *rkv = NULL, *ckv = NULL;
	size_t rcap = 0, ccap = 0;
	char key[256];

	for (;;) {
		int kline, kcol;
		size_t k = 0;

		skip_ws_nl(&t);
		if (t.p >= t.end || t.failed)
			break;
		kline = t.line;
		kcol = (int)(t.p - t.line_start) + 1;
		if (*t.p == '[') {
			/* [table]: later keys go into a nested map. */
			t.p++;
			while (t.p < t.end && is_bare_key_char(*t.p) &&
			    k + 1 < sizeof(key))
				key[k++] = *t.p++;
			key[k] = '\0';
			if (k == 0 || t.p >= t.end || *t.p != ']') {
				toml_err(&t, "expected a table name like [params]");
				break;
			}
			t.p++;
			if (cur != root) {
				cur->kv = hb_arena_memdup(a, ckv,
				    cur->n * sizeof(*ckv));
				free(ckv);
				ckv = NULL;
				ccap = 0;
			}
			cur = toml_new(&t, HB_Y_MAP);
			map_add(a, root, &rkv, &rcap, key, kline, kcol, cur);
			continue;
		}
		if (*t.p == '"' || *t.p == '\'') {
			struct hb_yval *qk = toml_string(&t);

			snprintf(key, sizeof(key), "%s", qk->str);
		} else {
			while (t.p < t.end && is_bare_key_char(*t.p) &&
			    k + 1 < sizeof(key))
				key[k++] = *t.p++;
			key[k] = '\0';
			if (k == 0) {
				toml_err(&t, "expected 'key = value'");
				break;
			}
		}
		skip_ws(&t);
		if (t.p >= t.end || *t.p != '=') {
			toml_err(&t, "expected '=' after the key");
			break;
		}
		t.p++;
		skip_ws(&t);
		{
			struct hb_yval *val = toml_value(&t, 0);

			if (t.failed)
				break;
			if (cur == root)
				map_add(a, root, &rkv, &rcap, key, kline, kcol,
				    val);
			else
				map_add(a, cur, &ckv, &ccap, key, kline, kcol,
				    val);
		}
		skip_ws(&t);
		if (t.p < t.end && *t.p == '#')
			while (t.p < t.end && *t.p != '\n')
				t.p++;
		if (t.p < t.end && *t.p != '\n') {
			toml_err(&t, "unexpected text after the value");
			break;
		}
	}
	if (cur != root) {
		cur->kv = hb_arena_memdup(a, ckv, cur->n * sizeof(*ckv));
		free(ckv);
	}
	root->kv = hb_arena_memdup(a, rkv, root->n * sizeof(*rkv));
	free(rkv);
	return t.failed ? NULL : root;
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
		root = toml_parse(a, d, path, body_start,
		    (size_t)(p - body_start), open_line + 1);
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
