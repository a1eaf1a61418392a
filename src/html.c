/* Foundation: HTML fragment tokenizer (see html.h). */
#include "html.h"

#include <string.h>

static bool
space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool
alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
name_char(char c)
{
	return alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == ':';
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool
eq_ci(const char *s, size_t n, const char *word)
{
	size_t i;

	if (strlen(word) != n)
		return false;
	for (i = 0; i < n; i++)
		if (lower(s[i]) != word[i])
			return false;
	return true;
}

static const char *
find(const char *h, size_t from, size_t n, const char *needle)
{
	size_t m = strlen(needle), i;

	for (i = from; i + m <= n; i++)
		if (h[i] == needle[0] && memcmp(h + i, needle, m) == 0)
			return h + i;
	return NULL;
}

void
hb_html_lexer_init(struct hb_html_lexer *lx, const char *h, size_t n)
{
	lx->h = h;
	lx->n = n;
	lx->pos = 0;
	lx->raw[0] = '\0';
}

/* Text inside <script>, <style> or <textarea> runs to its end tag. */
static bool
raw_text(struct hb_html_lexer *lx, struct hb_html_tok *t)
{
	const char *h = lx->h;
	size_t n = lx->n, i = lx->pos, m = strlen(lx->raw);

	for (; i < n; i++) {
		if (h[i] == '<' && i + 2 + m <= n && h[i + 1] == '/' &&
		    eq_ci(h + i + 2, m, lx->raw) &&
		    (i + 2 + m == n || !name_char(h[i + 2 + m])))
			break;
	}
	lx->raw[0] = '\0';
	if (i == lx->pos)
		return false;
	t->kind = HB_HTML_TEXT;
	t->start = lx->pos;
	t->end = i;
	lx->pos = i;
	return true;
}

static void
attributes(struct hb_html_lexer *lx, struct hb_html_tok *t)
{
	const char *h = lx->h;
	size_t n = lx->n, i = lx->pos;

	for (;;) {
		size_t as, an;
		struct hb_html_attr *a;

		while (i < n && (space(h[i]) || h[i] == '/')) {
			t->self_closing = h[i] == '/';
			i++;
		}
		if (i >= n || h[i] == '>') {
			i += i < n;
			break;
		}
		t->self_closing = false;
		as = i;
		while (i < n && !space(h[i]) && h[i] != '=' && h[i] != '>' &&
		    h[i] != '/')
			i++;
		an = i - as;
		if (an == 0)	/* a stray '=' */
			i++;
		while (i < n && space(h[i]))
			i++;
		a = an > 0 && t->nattrs < HB_HTML_MAX_ATTRS ?
		    &t->attrs[t->nattrs++] : NULL;
		if (a != NULL) {
			a->name = h + as;
			a->nlen = an;
			a->voff = i;
			a->vlen = 0;
			a->has_value = false;
		}
		if (an == 0 || i >= n || h[i] != '=')
			continue;
		i++;
		while (i < n && space(h[i]))
			i++;
		if (i < n && (h[i] == '"' || h[i] == '\'')) {
			const char *q = memchr(h + i + 1, h[i], n - i - 1);
			size_t vs = i + 1, ve = q != NULL ? (size_t)(q - h) : n;

			if (a != NULL) {
				a->voff = vs;
				a->vlen = ve - vs;
				a->has_value = true;
			}
			i = q != NULL ? ve + 1 : n;
		} else {
			size_t vs = i;

			while (i < n && !space(h[i]) && h[i] != '>')
				i++;
			if (a != NULL) {
				a->voff = vs;
				a->vlen = i - vs;
				a->has_value = true;
			}
		}
	}
	lx->pos = i;
}

bool
hb_html_next(struct hb_html_lexer *lx, struct hb_html_tok *t)
{
	const char *h = lx->h;
	size_t n = lx->n, i = lx->pos;

	memset(t, 0, sizeof(*t));
	if (lx->raw[0] != '\0' && raw_text(lx, t))
		return true;
	i = lx->pos;
	if (i >= n)
		return false;
	t->start = i;
	if (h[i] == '<' && i + 1 < n) {
		const char *e;

		if (n - i >= 4 && memcmp(h + i, "<!--", 4) == 0) {
			e = find(h, i + 4, n, "-->");
			t->kind = HB_HTML_COMMENT;
			t->end = lx->pos = e != NULL ? (size_t)(e - h) + 3 : n;
			return true;
		}
		if (h[i + 1] == '!' || h[i + 1] == '?') {
			e = memchr(h + i, '>', n - i);
			t->kind = HB_HTML_DECL;
			t->end = lx->pos = e != NULL ? (size_t)(e - h) + 1 : n;
			return true;
		}
		if (alpha(h[i + 1]) || (h[i + 1] == '/' && i + 2 < n &&
		    alpha(h[i + 2]))) {
			bool end = h[i + 1] == '/';
			size_t ns = i + 1 + end, k = ns;

			while (k < n && name_char(h[k]))
				k++;
			t->kind = end ? HB_HTML_END : HB_HTML_START;
			t->name = h + ns;
			t->nlen = k - ns;
			lx->pos = k;
			attributes(lx, t);
			t->end = lx->pos;
			if (!end && !t->self_closing && t->nlen <
			    sizeof(lx->raw) && (eq_ci(t->name, t->nlen,
			    "script") || eq_ci(t->name, t->nlen, "style") ||
			    eq_ci(t->name, t->nlen, "textarea"))) {
				size_t k2;

				for (k2 = 0; k2 < t->nlen; k2++)
					lx->raw[k2] = lower(t->name[k2]);
				lx->raw[t->nlen] = '\0';
			}
			return true;
		}
	}
	/* Text up to the next '<' that can start markup. */
	t->kind = HB_HTML_TEXT;
	for (i++; i < n; i++) {
		if (h[i] == '<' && i + 1 < n && (alpha(h[i + 1]) ||
		    h[i + 1] == '/' || h[i + 1] == '!' || h[i + 1] == '?'))
			break;
	}
	t->end = lx->pos = i;
	return true;
}

bool
hb_html_is(const struct hb_html_tok *t, const char *name)
{
	return (t->kind == HB_HTML_START || t->kind == HB_HTML_END) &&
	    eq_ci(t->name, t->nlen, name);
}

const struct hb_html_attr *
hb_html_attr(const struct hb_html_tok *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->nattrs; i++)
		if (eq_ci(t->attrs[i].name, t->attrs[i].nlen, name))
			return &t->attrs[i];
	return NULL;
}
