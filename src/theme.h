/* Stage 2 (theme): templates/ and theme/ -> struct hb_theme. The
 * embedded defaults, then the handbook's own files overriding them file
 * by file; every template compiled once (template.h) and the UI strings
 * (templates/i18n.yml) parsed. Runs before content, so `check` reports a
 * broken template at its path:line:col just as `build` would. The
 * theme is read-only afterwards: pages of every version and every
 * thread render from it. */
#ifndef HB_THEME_H
#define HB_THEME_H

#include <stdbool.h>
#include <stddef.h>

struct hb_diag;
struct hb_source;
struct hb_tset;
struct hb_yval;

/* A template or theme file: embedded default or the handbook's own. */
struct hb_theme_file {
	const char *path;	/* "templates/home.html", "theme/site.css" */
	const char *data;	/* NUL-terminated; len bytes */
	size_t len;
	bool own;		/* from the handbook, not embedded */
};

struct hb_theme;

/* Loads and compiles the theme of the handbook in src. Returns owned
 * (free with hb_theme_free), or NULL after reporting every problem
 * (unreadable override, template compile errors, unreadable
 * i18n.yml). */
struct hb_theme *hb_theme_load(struct hb_source *src, struct hb_diag *d);
void hb_theme_free(struct hb_theme *t);

/* Every file, sorted by path; valid until hb_theme_free. */
const struct hb_theme_file *hb_theme_files(const struct hb_theme *t,
    size_t *n);
/* The file at path, or NULL. */
const struct hb_theme_file *hb_theme_file(const struct hb_theme *t,
    const char *path);
/* The compiled templates (named by file name without ".html"). */
const struct hb_tset *hb_theme_templates(const struct hb_theme *t);
/* The root map of templates/i18n.yml: language -> key -> string. */
const struct hb_yval *hb_theme_strings(const struct hb_theme *t);

#endif
