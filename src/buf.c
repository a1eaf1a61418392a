/* Foundation: size-capped growable buffer. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void
hb_buf_init(struct hb_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
	b->overflow = false;
}

void
hb_buf_fini(struct hb_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
hb_buf_reset(struct hb_buf *b)
{
	b->len = 0;
	b->overflow = false;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Makes room for n more bytes plus the NUL; returns how many of the n
 * bytes fit under the cap. */
static size_t
reserve(struct hb_buf *b, size_t n)
{
	size_t want;

	if (b->max != HB_BUF_NOCAP && b->len + n > b->max) {
		b->overflow = true;
		n = b->max > b->len ? b->max - b->len : 0;
	}
	want = b->len + n + 1;
	if (want > b->cap) {
		size_t cap = b->cap ? b->cap : 64;

		while (cap < want)
			cap *= 2;
		b->data = hb_xrealloc(b->data, cap);
		b->cap = cap;
	}
	return n;
}

void
hb_buf_append(struct hb_buf *b, const void *p, size_t n)
{
	n = reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
hb_buf_puts(struct hb_buf *b, const char *s)
{
	hb_buf_append(b, s, strlen(s));
}

void
hb_buf_putc(struct hb_buf *b, char c)
{
	hb_buf_append(b, &c, 1);
}

void
hb_buf_vprintf(struct hb_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	size_t fit;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n <= 0) {
		reserve(b, 0);
		b->data[b->len] = '\0';
		return;
	}
	fit = reserve(b, (size_t)n);
	if (fit == (size_t)n) {
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		b->len += (size_t)n;
	} else {
		char *tmp = hb_xmalloc((size_t)n + 1);

		vsnprintf(tmp, (size_t)n + 1, fmt, ap);
		memcpy(b->data + b->len, tmp, fit);
		b->len += fit;
		b->data[b->len] = '\0';
		free(tmp);
	}
}

void
hb_buf_printf(struct hb_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hb_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
hb_buf_truncate(struct hb_buf *b, size_t n)
{
	if (n < b->len) {
		b->len = n;
		b->data[n] = '\0';
	}
}

const char *
hb_buf_str(const struct hb_buf *b)
{
	return b->data != NULL ? b->data : "";
}

char *
hb_buf_detach(struct hb_buf *b)
{
	char *p = b->data != NULL ? b->data : hb_xstrdup("");

	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->overflow = false;
	return p;
}

void
hb_buf_html(struct hb_buf *b, const char *s, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		hb_buf_append(b, s + start, i - start);
		hb_buf_puts(b, rep);
		start = i + 1;
	}
	hb_buf_append(b, s + start, n - start);
}
