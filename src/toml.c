/* Foundation: a TOML reader producing hb_yval trees (see toml.h).
 * Containers grow in malloc'd arrays while parsing (a table can gain
 * keys again after other tables, `[a]` then `[a.b]`), and move into the
 * arena once the text is read. */
#include "toml.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "str.h"
#include "xalloc.h"
#include "yml.h"

#define MAX_DEPTH 16

struct toml {
	struct hb_arena *a;
	struct hb_diag *d;
	const char *path, *what;
	const char *p, *end;
	int line;
	const char *line_start;
	bool failed;
	/* every container made, for the final move into the arena */
	struct hb_yval **conts;
	size_t nconts, capconts;
	/* tables opened by a [header] (a second header is an error) */
	const struct hb_yval **headed;
	size_t nheaded, capheaded;
};

static void
err(struct toml *t, const char *fmt, ...) __attribute__((format(printf, 2,
    3)));

static void
err(struct toml *t, const char *fmt, ...)
{
	struct hb_pos pos = { t->path, t->line,
		(int)(t->p - t->line_start) + 1 };
	struct hb_buf b;
	va_list ap;

	if (t->failed)
		return;
	t->failed = true;
	hb_buf_init(&b, HB_BUF_NOCAP);
	va_start(ap, fmt);
	hb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	hb_diag_error(t->d, &pos, "invalid TOML %s: %s", t->what,
	    hb_buf_str(&b));
	hb_buf_fini(&b);
}

static struct hb_yval *
node(struct toml *t, enum hb_ykind kind)
{
	struct hb_yval *v = hb_arena_alloc(t->a, sizeof(*v));

	v->kind = kind;
	v->line = t->line;
	v->col = (int)(t->p - t->line_start) + 1;
	if (kind != HB_Y_SCALAR) {
		t->conts = hb_xgrow(t->conts, &t->capconts, t->nconts + 1,
		    sizeof(*t->conts));
		t->conts[t->nconts++] = v;
	}
	return v;
}

/* Room for one more entry: arrays hold a power of two, so the
 * capacity follows from n alone. */
static void *
grow(void *p, size_t n, size_t size)
{
	if (n == 0)
		return hb_xmalloc(size);
	if ((n & (n - 1)) == 0)
		return hb_xrealloc(p, 2 * n * size);
	return p;
}

static void
seq_push(struct hb_yval *s, struct hb_yval *v)
{
	s->items = grow(s->items, s->n, sizeof(*s->items));
	s->items[s->n++] = v;
}

static struct hb_ykv *
map_find(struct hb_yval *m, const char *key)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->kv[i].key, key) == 0)
			return &m->kv[i];
	return NULL;
}

static void
map_put(struct toml *t, struct hb_yval *m, const char *key, int line, int col,
    struct hb_yval *v)
{
	struct hb_ykv *kv;

	m->kv = grow(m->kv, m->n, sizeof(*m->kv));
	kv = &m->kv[m->n++];
	kv->key = hb_arena_strdup(t->a, key);
	kv->line = line;
	kv->col = col;
	kv->val = v;
}

/* ---- lexing ---- */

static void
skip_ws(struct toml *t)
{
	while (t->p < t->end && (*t->p == ' ' || *t->p == '\t' ||
	    *t->p == '\r'))
		t->p++;
}

static void
newline(struct toml *t)
{
	t->p++;
	t->line++;
	t->line_start = t->p;
}

/* Spaces, comments and newlines (between array items, lines). */
static void
skip_ws_nl(struct toml *t)
{
	for (;;) {
		skip_ws(t);
		if (t->p < t->end && *t->p == '#')
			while (t->p < t->end && *t->p != '\n')
				t->p++;
		if (t->p < t->end && *t->p == '\n') {
			newline(t);
			continue;
		}
		return;
	}
}

static bool
bare_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* One escape after a backslash in a basic string. */
static void
escape(struct toml *t, struct hb_buf *b)
{
	char e = *t->p++;
	int digits = 0;

	switch (e) {
	case 'n': hb_buf_putc(b, '\n'); return;
	case 't': hb_buf_putc(b, '\t'); return;
	case 'r': hb_buf_putc(b, '\r'); return;
	case 'b': hb_buf_putc(b, '\b'); return;
	case 'f': hb_buf_putc(b, '\f'); return;
	case 'e': hb_buf_putc(b, '\033'); return;
	case '"': hb_buf_putc(b, '"'); return;
	case '\\': hb_buf_putc(b, '\\'); return;
	case 'u': digits = 4; break;
	case 'U': digits = 8; break;
	default:
		t->p--;
		err(t, "unknown escape '\\%c' in a string", e);
		return;
	}
	{
		unsigned long cp = 0;
		int i;

		for (i = 0; i < digits; i++) {
			if (t->p >= t->end || hb_hexval(*t->p) < 0) {
				err(t, "bad \\%c escape", e);
				return;
			}
			cp = cp * 16 + (unsigned long)hb_hexval(*t->p++);
		}
		if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
			err(t, "escape is not a Unicode scalar value");
			return;
		}
		hb_utf8_encode(b, (uint32_t)cp);
	}
}

/* A string of any of the four kinds; t->p is at its first quote. */
static char *
string(struct toml *t)
{
	char q = *t->p;
	bool multi = t->end - t->p >= 3 && t->p[1] == q && t->p[2] == q;
	struct hb_buf b;
	char *s;

	hb_buf_init(&b, HB_BUF_NOCAP);
	t->p += multi ? 3 : 1;
	/* A newline right after the opening delimiter is trimmed. */
	if (multi && t->p < t->end && *t->p == '\n')
		newline(t);
	else if (multi && t->end - t->p >= 2 && t->p[0] == '\r' &&
	    t->p[1] == '\n') {
		t->p++;
		newline(t);
	}
	for (;;) {
		if (t->p >= t->end) {
			err(t, "string is not closed");
			break;
		}
		if (*t->p == q) {
			if (!multi) {
				t->p++;
				break;
			}
			if (t->end - t->p >= 3 && t->p[1] == q && t->p[2] == q) {
				/* Up to two quotes may end the content. */
				while (t->end - t->p >= 4 && t->p[3] == q) {
					hb_buf_putc(&b, q);
					t->p++;
				}
				t->p += 3;
				break;
			}
		}
		if (*t->p == '\n') {
			if (!multi) {
				err(t, "string is not closed on its line");
				break;
			}
			hb_buf_putc(&b, '\n');
			newline(t);
			continue;
		}
		if (q == '"' && *t->p == '\\' && t->p + 1 < t->end) {
			t->p++;
			/* Line-ending backslash: trim up to the next text. */
			if (multi && (*t->p == '\n' || *t->p == ' ' ||
			    *t->p == '\t' || *t->p == '\r')) {
				const char *k = t->p;

				while (k < t->end && (*k == ' ' || *k == '\t' ||
				    *k == '\r'))
					k++;
				if (k < t->end && *k == '\n') {
					t->p = k;
					skip_ws_nl(t);
					continue;
				}
			}
			escape(t, &b);
			if (t->failed)
				break;
			continue;
		}
		hb_buf_putc(&b, *t->p++);
	}
	s = hb_arena_strndup(t->a, hb_buf_str(&b), b.len);
	hb_buf_fini(&b);
	return s;
}

/* One key (bare or quoted) into buf; false after reporting. */
static bool
key_part(struct toml *t, struct hb_buf *buf)
{
	hb_buf_reset(buf);
	skip_ws(t);
	if (t->p < t->end && (*t->p == '"' || *t->p == '\'')) {
		char *s;

		if (t->end - t->p >= 3 && t->p[1] == *t->p && t->p[2] == *t->p) {
			err(t, "a key cannot be a multi-line string");
			return false;
		}
		s = string(t);
		hb_buf_puts(buf, s);
		return !t->failed;
	}
	while (t->p < t->end && bare_key_char(*t->p))
		hb_buf_putc(buf, *t->p++);
	if (buf->len == 0) {
		err(t, "expected a key");
		return false;
	}
	return true;
}

/* ---- values ---- */

static struct hb_yval *value(struct toml *t, int depth);

static struct hb_yval *
array(struct toml *t, int depth)
{
	struct hb_yval *v = node(t, HB_Y_SEQ);

	t->p++;
	for (;;) {
		skip_ws_nl(t);
		if (t->p >= t->end) {
			err(t, "array is not closed with ']'");
			return v;
		}
		if (*t->p == ']') {
			t->p++;
			return v;
		}
		seq_push(v, value(t, depth + 1));
		if (t->failed)
			return v;
		skip_ws_nl(t);
		if (t->p < t->end && *t->p == ',')
			t->p++;
		else if (t->p < t->end && *t->p != ']') {
			err(t, "expected ',' or ']' in an array");
			return v;
		}
	}
}

static bool assign(struct toml *t, struct hb_yval *table, int depth);

static struct hb_yval *
inline_table(struct toml *t, int depth)
{
	struct hb_yval *v = node(t, HB_Y_MAP);

	t->p++;
	skip_ws(t);
	if (t->p < t->end && *t->p == '}') {
		t->p++;
		return v;
	}
	for (;;) {
		if (!assign(t, v, depth + 1))
			return v;
		skip_ws(t);
		if (t->p < t->end && *t->p == ',') {
			t->p++;
			continue;
		}
		if (t->p < t->end && *t->p == '}') {
			t->p++;
			return v;
		}
		err(t, "expected ',' or '}' in an inline table");
		return v;
	}
}

static struct hb_yval *
value(struct toml *t, int depth)
{
	struct hb_yval *v;
	const char *s;
	size_t n;

	if (depth > MAX_DEPTH) {
		err(t, "values nested more than %d deep", MAX_DEPTH);
		return NULL;
	}
	if (t->p >= t->end || *t->p == '\n' || *t->p == '#') {
		err(t, "a value is missing after '='");
		return NULL;
	}
	if (*t->p == '"' || *t->p == '\'') {
		v = node(t, HB_Y_SCALAR);
		v->quoted = true;
		v->str = string(t);
		return v;
	}
	if (*t->p == '[')
		return array(t, depth);
	if (*t->p == '{')
		return inline_table(t, depth);
	/* Number, boolean or date: the text up to a delimiter. A date may
	 * hold one space ("1979-05-27 07:32:00"). */
	v = node(t, HB_Y_SCALAR);
	s = t->p;
	while (t->p < t->end && *t->p != ',' && *t->p != ']' &&
	    *t->p != '}' && *t->p != '#' && *t->p != '\n' && *t->p != '\r')
		t->p++;
	n = (size_t)(t->p - s);
	s = hb_trim(s, &n);
	v->str = hb_arena_strndup(t->a, s, n);
	if (n == 0)
		err(t, "a value is missing");
	return v;
}

/* The map at key in m, made when absent; for an array of tables, its
 * last table. NULL after reporting when key holds something else. */
static struct hb_yval *
subtable(struct toml *t, struct hb_yval *m, const char *key, int line,
    int col)
{
	struct hb_ykv *kv = map_find(m, key);

	if (kv == NULL) {
		struct hb_yval *v = node(t, HB_Y_MAP);

		map_put(t, m, key, line, col, v);
		return v;
	}
	if (kv->val->kind == HB_Y_MAP)
		return kv->val;
	if (kv->val->kind == HB_Y_SEQ && kv->val->n > 0 &&
	    kv->val->items[kv->val->n - 1]->kind == HB_Y_MAP)
		return kv->val->items[kv->val->n - 1];
	err(t, "key '%s' is already a value, not a table", key);
	return NULL;
}

/* key = value (the key may be dotted) into table. */
static bool
assign(struct toml *t, struct hb_yval *table, int depth)
{
	struct hb_buf k;
	int line, col;
	struct hb_yval *v;

	hb_buf_init(&k, HB_BUF_NOCAP);
	for (;;) {
		skip_ws(t);
		line = t->line;
		col = (int)(t->p - t->line_start) + 1;
		if (!key_part(t, &k))
			goto fail;
		skip_ws(t);
		if (t->p < t->end && *t->p == '.') {
			t->p++;
			table = subtable(t, table, hb_buf_str(&k), line, col);
			if (table == NULL)
				goto fail;
			continue;
		}
		break;
	}
	if (t->p >= t->end || *t->p != '=') {
		err(t, "expected '=' after the key");
		goto fail;
	}
	t->p++;
	skip_ws(t);
	if (map_find(table, hb_buf_str(&k)) != NULL) {
		err(t, "key '%s' is defined twice", hb_buf_str(&k));
		goto fail;
	}
	v = value(t, depth);
	if (t->failed)
		goto fail;
	map_put(t, table, hb_buf_str(&k), line, col, v);
	hb_buf_fini(&k);
	return true;
fail:
	hb_buf_fini(&k);
	return false;
}

/* [a.b] or [[a.b]]: returns the table later keys go into. */
static struct hb_yval *
header(struct toml *t, struct hb_yval *root)
{
	bool aot = t->end - t->p >= 2 && t->p[1] == '[';
	struct hb_yval *m = root;
	struct hb_buf k;
	int line = t->line, col = (int)(t->p - t->line_start) + 1;

	t->p += aot ? 2 : 1;
	hb_buf_init(&k, HB_BUF_NOCAP);
	for (;;) {
		if (!key_part(t, &k))
			goto fail;
		skip_ws(t);
		if (t->p < t->end && *t->p == '.') {
			t->p++;
			m = subtable(t, m, hb_buf_str(&k), line, col);
			if (m == NULL)
				goto fail;
			continue;
		}
		break;
	}
	if (t->p >= t->end || *t->p != ']' || (aot && (t->end - t->p < 2 ||
	    t->p[1] != ']'))) {
		err(t, "expected a table name like [params]");
		goto fail;
	}
	t->p += aot ? 2 : 1;
	if (aot) {
		struct hb_ykv *kv = map_find(m, hb_buf_str(&k));
		struct hb_yval *seq, *tbl;

		if (kv == NULL) {
			seq = node(t, HB_Y_SEQ);
			map_put(t, m, hb_buf_str(&k), line, col, seq);
		} else if (kv->val->kind == HB_Y_SEQ) {
			seq = kv->val;
		} else {
			err(t, "key '%s' is not an array of tables",
			    hb_buf_str(&k));
			goto fail;
		}
		tbl = node(t, HB_Y_MAP);
		seq_push(seq, tbl);
		m = tbl;
	} else {
		size_t i;

		m = subtable(t, m, hb_buf_str(&k), line, col);
		if (m == NULL)
			goto fail;
		for (i = 0; i < t->nheaded; i++)
			if (t->headed[i] == m) {
				err(t, "table [%s] is defined twice",
				    hb_buf_str(&k));
				goto fail;
			}
		t->headed = hb_xgrow(t->headed, &t->capheaded,
		    t->nheaded + 1, sizeof(*t->headed));
		t->headed[t->nheaded++] = m;
	}
	hb_buf_fini(&k);
	return m;
fail:
	hb_buf_fini(&k);
	return NULL;
}

/* Moves every container's array into the arena. */
static void
settle(struct toml *t)
{
	size_t i;

	for (i = 0; i < t->nconts; i++) {
		struct hb_yval *v = t->conts[i];

		if (v->kind == HB_Y_MAP) {
			struct hb_ykv *kv = v->kv;

			v->kv = hb_arena_memdup(t->a, kv, v->n * sizeof(*kv));
			free(kv);
		} else {
			struct hb_yval **items = v->items;

			v->items = hb_arena_memdup(t->a, items,
			    v->n * sizeof(*items));
			free(items);
		}
	}
	free(t->conts);
	free(t->headed);
}

struct hb_yval *
hb_toml_parse(struct hb_arena *a, struct hb_diag *d, const char *path,
    const char *text, size_t n, int line, const char *what)
{
	struct toml t;
	struct hb_yval *root, *cur;

	memset(&t, 0, sizeof(t));
	t.a = a;
	t.d = d;
	t.path = path;
	t.what = what;
	t.p = text;
	t.end = text + n;
	t.line = line;
	t.line_start = text;
	root = node(&t, HB_Y_MAP);
	cur = root;
	for (;;) {
		skip_ws_nl(&t);
		if (t.p >= t.end || t.failed)
			break;
		if (*t.p == '[') {
			cur = header(&t, root);
			if (cur == NULL)
				break;
		} else if (!assign(&t, cur, 0)) {
			break;
		}
		skip_ws(&t);
		if (t.p < t.end && *t.p == '#')
			while (t.p < t.end && *t.p != '\n')
				t.p++;
		if (t.p < t.end && *t.p != '\n') {
			err(&t, "unexpected text after the value");
			break;
		}
	}
	settle(&t);
	return t.failed ? NULL : root;
}
