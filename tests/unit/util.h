/* Test helpers shared by unit tests: load Markdown text into a document
 * through the real pipeline (front -> prepare -> parse -> extract). */
#ifndef HB_TEST_UTIL_H
#define HB_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "buf.h"
#include "diag.h"
#include "model.h"
#include "highlight.h"
#include "parse.h"
#include "render.h"

/* Returns an owned document (NULL when the loader skipped the text);
 * diagnostics go to *d, which the caller owns. */
static inline struct hb_document *
t_load(const char *path, const char *text, struct hb_diag *d)
{
	struct hb_build b;

	memset(&b, 0, sizeof(b));
	b.parse_flags = HB_PARSE_FENCE_DIAG;
	return hb_build_load_text(&b, NULL, path, path, text, strlen(text), d);
}

/* Like t_load, also rendering HTML (raw HTML allowed when allow_html). */
static inline struct hb_document *
t_load_html(const char *path, const char *text, bool allow_html,
    struct hb_diag *d)
{
	struct hb_build b;
	struct hb_render_opts ro;
	struct hb_render *r;
	struct hb_document *doc;

	memset(&b, 0, sizeof(b));
	b.parse_flags = HB_PARSE_FENCE_DIAG |
	    (allow_html ? HB_PARSE_ALLOW_HTML : 0);
	memset(&ro, 0, sizeof(ro));
	ro.allow_html = allow_html;
	ro.hl = hb_highlighter_new(d);
	r = hb_render_new(&ro);
	doc = hb_build_load_text(&b, r, path, path, text, strlen(text), d);
	hb_render_free(r);
	hb_highlighter_free((struct hb_highlighter *)ro.hl);
	return doc;
}

/* Reads a whole file; returns owned text or NULL. */
static inline char *
t_slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct hb_buf b;
	char chunk[8192];
	size_t n;

	if (fp == NULL)
		return NULL;
	hb_buf_init(&b, HB_BUF_NOCAP);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		hb_buf_append(&b, chunk, n);
	fclose(fp);
	return hb_buf_detach(&b);
}

/* The shared folder beside the repository (tests run in tests/). */
static inline const char *
t_shared(void)
{
	const char *s = getenv("HB_SHARED");

	return s ? s : "../../shared";
}

/* Renders all diagnostics of d as text into a static buffer. */
static inline const char *
t_diags(struct hb_diag *d)
{
	static char out[16384];
	FILE *fp = fmemopen(out, sizeof(out) - 1, "w");

	memset(out, 0, sizeof(out));
	if (fp == NULL)
		return "";
	hb_diag_print(d, fp, HB_DIAG_TEXT);
	fclose(fp);
	return out;
}

#endif
