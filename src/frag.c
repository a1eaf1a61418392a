/* Stage 8 (write): rendered fragments made right for readers (see
 * frag.h). Consumes render.c's HTML and the model's review; produces
 * arena-owned HTML for the page templates. */
#include "frag.h"

#include <stdbool.h>
#include <string.h>

#include "buf.h"
#include "model.h"
#include "str.h"

static bool
is_void(const char *tag)
{
	static const char *const v[] = { "br", "hr", "img", "input", "meta",
		"link", "wbr", "source", "col", "area", "base", "embed",
		"param", "track", NULL };
	size_t i, n;

	for (i = 0; v[i] != NULL; i++) {
		n = strlen(v[i]);
		if (strncmp(tag, v[i], n) == 0 && (tag[n] == '>' ||
		    tag[n] == ' ' || tag[n] == '/'))
			return true;
	}
	return false;
}

/* The end of the top-level block that starts at i (blank space before
 * it belongs to it): a whole element with what it holds, or a line of
 * text. */
static size_t
block_end(const char *s, size_t n, size_t i)
{
	int depth = 0;

	while (i < n && (s[i] == '\n' || s[i] == ' '))
		i++;
	if (i < n && s[i] != '<') {
		const char *nl = memchr(s + i, '\n', n - i);

		return nl ? (size_t)(nl - s) + 1 : n;
	}
	while (i < n) {
		const char *gt;
		size_t e;

		if (s[i] != '<') {
			i++;
			continue;
		}
		gt = memchr(s + i, '>', n - i);
		e = gt ? (size_t)(gt - s) + 1 : n;
		if (i + 1 < n && s[i + 1] == '/')
			depth--;
		else if (i + 1 < n && s[i + 1] != '!' && !is_void(s + i + 1) &&
		    !(e >= 2 && s[e - 2] == '/'))
			depth++;
		i = e;
		if (depth <= 0) {
			if (i < n && s[i] == '\n')
				i++;
			return i;
		}
	}
	return n;
}

static bool
has(const char *s, size_t n, const char *needle)
{
	return hb_memmem(s, n, needle, strlen(needle)) != NULL;
}

static bool
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t')
			return false;
	return true;
}

static const char *
done(struct hb_arena *a, struct hb_buf *b)
{
	const char *r = blank(b->data ? b->data : "", b->len) ? NULL :
	    hb_arena_strndup(a, hb_buf_str(b), b->len);

	hb_buf_fini(b);
	return r;
}

/* ---- checklist ticks ---- */

const char *
hb_frag_ticks(struct hb_arena *a, const char *html)
{
	struct hb_buf b;
	size_t n, i, last = 0;
	int code = 0;
	bool tag = false, any = false;

	if (html == NULL || (strstr(html, "[ ]") == NULL &&
	    strstr(html, "[x]") == NULL && strstr(html, "[X]") == NULL))
		return html;
	n = strlen(html);
	hb_buf_init(&b, HB_BUF_NOCAP);
	for (i = 0; i < n; i++) {
		char c = html[i];

		if (tag) {
			tag = c != '>';
			continue;
		}
		if (c == '<') {
			const char *t = html + i + 1;

			tag = true;
			/* No ticks in code: "arr[x]" stays. */
			if (strncmp(t, "pre", 3) == 0 || strncmp(t, "code", 4) == 0)
				code++;
			else if ((strncmp(t, "/pre", 4) == 0 ||
			    strncmp(t, "/code", 5) == 0) && code > 0)
				code--;
			continue;
		}
		if (c != '[' || code > 0 || i + 2 >= n || html[i + 2] != ']' ||
		    (html[i + 1] != ' ' && html[i + 1] != 'x' &&
		    html[i + 1] != 'X'))
			continue;
		/* A mark stands alone: after a space, a tag or the start,
		 * before a space, a tag or the end. */
		if (i > 0 && html[i - 1] != ' ' && html[i - 1] != '>' &&
		    html[i - 1] != '\n')
			continue;
		if (i + 3 < n && html[i + 3] != ' ' && html[i + 3] != '<' &&
		    html[i + 3] != '\n')
			continue;
		hb_buf_append(&b, html + last, i - last);
		hb_buf_puts(&b, html[i + 1] == ' ' ?
		    "<span class=\"tick\">\xe2\x98\x90</span>" :
		    "<span class=\"tick is-checked\">\xe2\x98\x91</span>");
		last = i + 3;
		i += 2;
		any = true;
	}
	if (!any) {
		hb_buf_fini(&b);
		return html;
	}
	hb_buf_append(&b, html + last, n - last);
	return done(a, &b);
}

/* ---- reviews ---- */

/* A pro or con lead-in, or the rating line. */
static bool
is_marker(const char *s, size_t n)
{
	return has(s, n, "\xe2\x9c\x85") ||	/* ✅ */
	    has(s, n, "\xe2\x9a\xa0") ||	/* ⚠ */
	    has(s, n, "\xe2\x9d\x8c") ||	/* ❌ */
	    has(s, n, "\xe2\xad\x90") ||	/* ⭐ */
	    has(s, n, "\xe2\x98\x85") ||	/* ★ */
	    has(s, n, "\xe6\x80\xbb\xe4\xbd\x93\xe8\xaf\x84\xe4\xbb\xb7");
						/* 总体评价 */
}

static bool
starts(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);

	while (n > 0 && (*s == ' ' || *s == '\n')) {
		s++;
		n--;
	}
	return n >= k && memcmp(s, p, k) == 0;
}

const char *
hb_frag_review_rest(struct hb_arena *a, const char *html,
    const struct hb_review *r)
{
	struct hb_buf b, sum;
	size_t n, i = 0;
	bool after_lead = false;
	const char *res;

	if (html == NULL)
		return NULL;
	n = strlen(html);
	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_buf_init(&sum, HB_BUF_NOCAP);
	if (r->summary != NULL)
		hb_buf_html(&sum, r->summary, strlen(r->summary));
	while (i < n) {
		size_t e = block_end(html, n, i);
		const char *s = html + i;
		size_t len = e - i;
		bool list = starts(s, len, "<ul") || starts(s, len, "<ol");
		bool drop = false;

		if (list) {
			/* the list a lead-in introduced, or one of marked
			 * items: those are the pros and cons */
			drop = after_lead || is_marker(s, len);
			after_lead = false;
		} else if (starts(s, len, "<p")) {
			drop = is_marker(s, len) || (sum.len > 0 &&
			    has(s, len, hb_buf_str(&sum)));
			after_lead = is_marker(s, len);
		} else {
			after_lead = false;
		}
		if (!drop)
			hb_buf_append(&b, s, len);
		i = e;
	}
	hb_buf_fini(&sum);
	res = done(a, &b);
	return res;
}

/* ---- choices ---- */

/* Length of a choice separator at s ("A:" "A：" "A." "A、" "A "), or
 * 0. */
static size_t
choice_sep(const char *s, size_t n)
{
	if (n >= 1 && (s[0] == ':' || s[0] == '.' || s[0] == ' ' ||
	    s[0] == ')'))
		return 1;
	if (n >= 3 && (memcmp(s, "\xef\xbc\x9a", 3) == 0 ||	/* ： */
	    memcmp(s, "\xe3\x80\x81", 3) == 0 ||		/* 、 */
	    memcmp(s, "\xef\xbc\x8e", 3) == 0))		/* ． */
		return 3;
	return 0;
}

/* Where the choices start in a paragraph block: "[A: …" anywhere, or
 * "A. …" at the start of a line; n when they are not there. */
static size_t
choices_at(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i++) {
		if (s[i] == '[' && s[i + 1] == 'A' &&
		    choice_sep(s + i + 2, n - i - 2) > 0 &&
		    has(s + i, n - i, "[B"))
			return i;
		if (s[i] == 'A' && (s[i - (i > 0)] == '\n' || (i >= 3 &&
		    memcmp(s + i - 3, "<p>", 3) == 0)) &&
		    choice_sep(s + i + 1, n - i - 1) > 0 &&
		    has(s + i, n - i, "\nB"))
			return i;
	}
	return n;
}

int
hb_frag_choice_stem(struct hb_arena *a, const char *html,
    const char **stem, const char **rest)
{
	struct hb_buf b;
	size_t n, i = 0;

	if (html == NULL)
		return -1;
	n = strlen(html);
	while (i < n) {
		size_t e = block_end(html, n, i), k;
		const char *s = html + i;
		size_t len = e - i;

		if (starts(s, len, "<ol") || starts(s, len, "<ul")) {
			const char *li = hb_memmem(s, len, "<li>", 4);

			/* A list of "A. …" items is the choices. */
			if (li != NULL && li[4] == 'A' && choice_sep(li + 5,
			    len - (size_t)(li + 5 - s)) > 0) {
				k = 0;
				goto found;
			}
		} else if (starts(s, len, "<p")) {
			k = choices_at(s, len);
			if (k < len)
				goto found;
		}
		i = e;
		continue;
found:
		hb_buf_init(&b, HB_BUF_NOCAP);
		hb_buf_append(&b, html, i);
		/* The question asked before the choices, in its paragraph. */
		if (k > 0) {
			size_t t = k;

			while (t > 0 && (s[t - 1] == ' ' || s[t - 1] == '\n'))
				t--;
			if (!(t >= 3 && memcmp(s + t - 3, "<p>", 3) == 0) &&
			    !blank(s, t)) {
				hb_buf_append(&b, s, t);
				hb_buf_puts(&b, "</p>\n");
			}
		}
		*stem = done(a, &b);
		hb_buf_init(&b, HB_BUF_NOCAP);
		hb_buf_append(&b, html + e, n - e);
		*rest = done(a, &b);
		return 0;
	}
	return -1;
}
