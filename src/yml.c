/* Foundation: libyaml event stream -> struct hb_yval tree. */
#include "yml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "xalloc.h"

#define MAX_DEPTH 32

struct ctx {
	yaml_parser_t parser;
	struct hb_arena *a;
	struct hb_diag *d;
	const char *path;
	int line_offset;
	bool failed;
};

static void
err_at(struct ctx *c, const yaml_mark_t *m, const char *msg)
{
	struct hb_pos pos = { c->path, (int)m->line + 1 + c->line_offset,
		(int)m->column + 1 };

	if (!c->failed)
		hb_diag_error(c->d, &pos, "%s", msg);
	c->failed = true;
}

static bool
next(struct ctx *c, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&c->parser, ev)) {
		struct hb_pos pos = { c->path,
			(int)c->parser.problem_mark.line + 1 + c->line_offset,
			(int)c->parser.problem_mark.column + 1 };

		if (!c->failed)
			hb_diag_error(c->d, &pos, "invalid YAML: %s%s%s",
			    c->parser.problem ? c->parser.problem : "syntax error",
			    c->parser.context ? " " : "",
			    c->parser.context ? c->parser.context : "");
		c->failed = true;
		return false;
	}
	return true;
}

static struct hb_yval *parse_node(struct ctx *c, yaml_event_t *ev, int depth);

static struct hb_yval *
new_val(struct ctx *c, enum hb_ykind kind, const yaml_mark_t *m)
{
	struct hb_yval *v = hb_arena_alloc(c->a, sizeof(*v));

	v->kind = kind;
	v->line = (int)m->line + 1 + c->line_offset;
	v->col = (int)m->column + 1;
	return v;
}

static struct hb_yval *
parse_seq(struct ctx *c, yaml_event_t *start, int depth)
{
	struct hb_yval *v = new_val(c, HB_Y_SEQ, &start->start_mark);
	struct hb_yval **items = NULL;
	size_t cap = 0;

	for (;;) {
		yaml_event_t ev;
		struct hb_yval *item;

		if (!next(c, &ev))
			break;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		item = parse_node(c, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (item == NULL)
			break;
		items = hb_xgrow(items, &cap, v->n + 1, sizeof(*items));
		items[v->n++] = item;
	}
	v->items = hb_arena_memdup(c->a, items, v->n * sizeof(*items));
	free(items);
	return c->failed ? NULL : v;
}

static struct hb_yval *
parse_map(struct ctx *c, yaml_event_t *start, int depth)
{
	struct hb_yval *v = new_val(c, HB_Y_MAP, &start->start_mark);
	struct hb_ykv *kv = NULL;
	size_t cap = 0, i;

	for (;;) {
		yaml_event_t ev;
		struct hb_yval *key, *val;

		if (!next(c, &ev))
			break;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		key = parse_node(c, &ev, depth + 1);
		if (key != NULL && key->kind != HB_Y_SCALAR)
			err_at(c, &ev.start_mark, "a key must be a plain name");
		yaml_event_delete(&ev);
		if (key == NULL || c->failed)
			break;
		for (i = 0; i < v->n; i++) {
			if (strcmp(kv[i].key, key->str) == 0) {
				struct hb_pos pos = { c->path, key->line,
					key->col };

				hb_diag_error(c->d, &pos,
				    "duplicate key '%s' (first at line %d)",
				    key->str, kv[i].line);
				c->failed = true;
			}
		}
		if (!next(c, &ev))
			break;
		val = parse_node(c, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (val == NULL)
			break;
		kv = hb_xgrow(kv, &cap, v->n + 1, sizeof(*kv));
		kv[v->n].key = key->str;
		kv[v->n].line = key->line;
		kv[v->n].col = key->col;
		kv[v->n].val = val;
		v->n++;
	}
	v->kv = hb_arena_memdup(c->a, kv, v->n * sizeof(*kv));
	free(kv);
	return c->failed ? NULL : v;
}

static struct hb_yval *
parse_node(struct ctx *c, yaml_event_t *ev, int depth)
{
	struct hb_yval *v;

	if (depth > MAX_DEPTH) {
		err_at(c, &ev->start_mark, "YAML nested too deeply");
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		v = new_val(c, HB_Y_SCALAR, &ev->start_mark);
		v->str = hb_arena_strndup(c->a, (const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		v->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		return v;
	case YAML_SEQUENCE_START_EVENT:
		return parse_seq(c, ev, depth);
	case YAML_MAPPING_START_EVENT:
		return parse_map(c, ev, depth);
	case YAML_ALIAS_EVENT:
		err_at(c, &ev->start_mark,
		    "YAML aliases (*name) are not supported; repeat the value");
		return NULL;
	default:
		err_at(c, &ev->start_mark, "unexpected YAML structure");
		return NULL;
	}
}

struct hb_yval *
hb_yml_parse(struct hb_arena *a, struct hb_diag *d, const char *path,
    const char *text, size_t n, int line_offset)
{
	struct ctx c;
	struct hb_yval *root = NULL;
	yaml_event_t ev;
	yaml_mark_t zero = { 0, 0, 0 };

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.d = d;
	c.path = path;
	c.line_offset = line_offset;
	if (!yaml_parser_initialize(&c.parser)) {
		hb_diag_error(d, NULL, "cannot start the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&c.parser, (const unsigned char *)text, n);
	/* stream start, then document start or stream end */
	while (!c.failed && next(&c, &ev)) {
		yaml_event_type_t t = ev.type;

		if (t == YAML_SEQUENCE_START_EVENT ||
		    t == YAML_MAPPING_START_EVENT || t == YAML_SCALAR_EVENT ||
		    t == YAML_ALIAS_EVENT) {
			root = parse_node(&c, &ev, 0);
			yaml_event_delete(&ev);
			break;
		}
		yaml_event_delete(&ev);
		if (t == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&c.parser);
	if (c.failed)
		return NULL;
	if (root == NULL)
		return new_val(&c, HB_Y_MAP, &zero);
	/* An empty scalar document (just "---") is an empty map too. */
	if (root->kind == HB_Y_SCALAR && root->str[0] == '\0')
		root->kind = HB_Y_MAP;
	return root;
}

struct hb_yval *
hb_yml_get(const struct hb_yval *m, const char *key)
{
	size_t i;

	if (m == NULL || m->kind != HB_Y_MAP)
		return NULL;
	for (i = 0; i < m->n; i++)
		if (strcmp(m->kv[i].key, key) == 0)
			return m->kv[i].val;
	return NULL;
}

static int
type_error(const struct hb_yval *v, struct hb_diag *d, const char *path,
    const char *key, const char *what)
{
	struct hb_pos pos = { path, v->line, v->col };

	if (d != NULL)
		hb_diag_error(d, &pos, "'%s' must be %s", key, what);
	return -1;
}

int
hb_yml_bool(const struct hb_yval *v, struct hb_diag *d, const char *path,
    const char *key, bool *out)
{
	static const char *yes[] = { "true", "yes", "on", "True", "TRUE" };
	static const char *no[] = { "false", "no", "off", "False", "FALSE" };
	size_t i;

	if (v->kind == HB_Y_SCALAR && !v->quoted) {
		for (i = 0; i < 5; i++) {
			if (strcmp(v->str, yes[i]) == 0) {
				*out = true;
				return 0;
			}
			if (strcmp(v->str, no[i]) == 0) {
				*out = false;
				return 0;
			}
		}
	}
	return type_error(v, d, path, key, "true or false");
}

int
hb_yml_int(const struct hb_yval *v, struct hb_diag *d, const char *path,
    const char *key, long *out)
{
	char *end;

	if (v->kind == HB_Y_SCALAR && v->str[0] != '\0') {
		long x;

		errno = 0;
		x = strtol(v->str, &end, 10);
		/* Out of range is an error, not LONG_MAX (issue #15). */
		if (*end == '\0' && errno != ERANGE) {
			*out = x;
			return 0;
		}
		if (*end == '\0')
			return type_error(v, d, path, key, "a whole number "
			    "that fits in 64 bits");
	}
	return type_error(v, d, path, key, "a whole number");
}

int
hb_yml_str(const struct hb_yval *v, struct hb_diag *d, const char *path,
    const char *key, const char **out)
{
	if (v->kind != HB_Y_SCALAR)
		return type_error(v, d, path, key, "a string");
	*out = v->str;
	return 0;
}

int
hb_yml_strlist(struct hb_arena *a, const struct hb_yval *v,
    struct hb_diag *d, const char *path, const char *key,
    const char ***out, size_t *n)
{
	size_t i;

	if (v->kind == HB_Y_SCALAR) {
		*out = hb_arena_alloc(a, sizeof(char *));
		(*out)[0] = v->str;
		*n = v->str[0] ? 1 : 0;
		return 0;
	}
	if (v->kind != HB_Y_SEQ)
		return type_error(v, d, path, key, "a list of strings");
	*out = hb_arena_alloc(a, (v->n + 1) * sizeof(char *));
	for (i = 0; i < v->n; i++) {
		if (v->items[i]->kind != HB_Y_SCALAR)
			return type_error(v->items[i], d, path, key,
			    "a list of strings");
		(*out)[i] = v->items[i]->str;
	}
	*n = v->n;
	return 0;
}
