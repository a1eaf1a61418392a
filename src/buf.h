/* Foundation: growable byte buffer with a size cap.
 * The caller owns the buffer. Appends beyond the cap are dropped and set
 * `overflow`, so a runaway input becomes a diagnostic instead of OOM. The
 * contents are always NUL-terminated.
 *
 * Rule (issue #13): a cap is only for something that can grow without
 * bound on its own -- a file being read (source.h checks and reports),
 * a page being rendered (site.c), a URL from the network (serve.c) --
 * and whoever sets one checks `overflow` and reports it. Scratch text
 * derived from input that was already capped takes HB_BUF_NOCAP: a cut
 * there would silently write broken output. */
#ifndef HB_BUF_H
#define HB_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define HB_BUF_NOCAP ((size_t)-1)

struct hb_buf {
	char *data;	/* NUL-terminated; NULL until the first append */
	size_t len;
	size_t cap;	/* allocated bytes */
	size_t max;	/* size cap, HB_BUF_NOCAP for none */
	bool overflow;	/* an append was cut at max */
};

void hb_buf_init(struct hb_buf *b, size_t max);
void hb_buf_fini(struct hb_buf *b);
/* Empties b, keeping its memory and cap. */
void hb_buf_reset(struct hb_buf *b);
void hb_buf_append(struct hb_buf *b, const void *p, size_t n);
void hb_buf_puts(struct hb_buf *b, const char *s);
void hb_buf_putc(struct hb_buf *b, char c);
void hb_buf_printf(struct hb_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void hb_buf_vprintf(struct hb_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Shortens b to n bytes (n <= len). */
void hb_buf_truncate(struct hb_buf *b, size_t n);
/* Returns the contents ("" when empty); valid until the next append. */
const char *hb_buf_str(const struct hb_buf *b);
/* Returns the heap contents, owned by the caller, and resets b. */
char *hb_buf_detach(struct hb_buf *b);

/* Appends s with &, <, >, " and ' escaped for HTML text and attributes. */
void hb_buf_html(struct hb_buf *b, const char *s, size_t n);

#endif
