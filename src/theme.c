/* Stage 2 (theme): template and theme files -> compiled templates and
 * UI strings (see theme.h). Consumes the embedded defaults and the
 * handbook's templates/ and theme/ folders through source.h. */
#include "theme.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "embedded.h"
#include "schema.h"
#include "source.h"
#include "str.h"
#include "template.h"
#include "xalloc.h"
#include "yml.h"

#define MAX_THEME_BYTES (8u << 20)

struct hb_theme {
	struct hb_theme_file *files;	/* sorted by path */
	size_t nfiles, capfiles;
	struct hb_tset *ts;
	struct hb_yval *strings;
	struct hb_arena arena;		/* file data, names, strings */
};

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct hb_theme_file *)a)->path,
	    ((const struct hb_theme_file *)b)->path);
}

/* Adds or replaces (an override) the file at path; data is copied. */
static void
put(struct hb_theme *t, const char *path, const char *data, size_t len,
    bool own)
{
	struct hb_theme_file *f = NULL;
	size_t i;

	/* A few dozen files: a linear look-up is enough. */
	for (i = 0; i < t->nfiles && f == NULL; i++)
		if (strcmp(t->files[i].path, path) == 0)
			f = &t->files[i];
	if (f == NULL) {
		t->files = hb_xgrow(t->files, &t->capfiles, t->nfiles + 1,
		    sizeof(*t->files));
		f = &t->files[t->nfiles++];
		f->path = hb_arena_strdup(&t->arena, path);
	}
	f->data = hb_arena_strndup(&t->arena, data, len);
	f->len = len;
	f->own = own;
}

/* Embedded defaults, then DIR/templates and DIR/theme file by file. */
static int
load_files(struct hb_theme *t, struct hb_source *src, struct hb_diag *d)
{
	static const char *const dirs[] = { "templates", "theme" };
	struct hb_buf raw;
	size_t i, k;
	int rc = 0;

	for (i = 0; hb_embedded_files[i].path != NULL; i++)
		put(t, hb_embedded_files[i].path,
		    (const char *)hb_embedded_files[i].data,
		    hb_embedded_files[i].len, false);
	hb_buf_init(&raw, MAX_THEME_BYTES);
	for (k = 0; k < 2; k++) {
		struct hb_filelist list = { 0 };

		if (!hb_source_is_dir(src, dirs[k]))
			continue;
		if (hb_source_list(src, dirs[k], &list, d) != 0)
			rc = -1;
		for (i = 0; i < list.n; i++) {
			hb_buf_reset(&raw);
			if (hb_source_read(src, list.v[i].path, &raw, d) != 0) {
				rc = -1;
				continue;
			}
			put(t, list.v[i].path, hb_buf_str(&raw), raw.len,
			    true);
		}
		hb_filelist_fini(&list);
	}
	hb_buf_fini(&raw);
	if (t->nfiles > 1)
		qsort(t->files, t->nfiles, sizeof(*t->files), cmp_file);
	return rc;
}

/* templates/NAME.html becomes the template NAME. */
static int
compile(struct hb_theme *t, struct hb_diag *d)
{
	size_t i;
	int rc = 0;

	t->ts = hb_tset_new(0);
	for (i = 0; i < t->nfiles; i++) {
		const struct hb_theme_file *f = &t->files[i];
		const char *base;
		char *name;

		if (!hb_starts_with(f->path, "templates/") ||
		    !hb_ends_with(f->path, ".html"))
			continue;
		base = f->path + strlen("templates/");
		name = hb_arena_strndup(&t->arena, base, strlen(base) - 5);
		if (hb_tset_add(t->ts, name, f->data, f->len, f->path, d) != 0)
			rc = -1;
	}
	if (hb_tset_compile(t->ts, d) != 0)
		rc = -1;
	return rc;
}

static int
load_strings(struct hb_theme *t, struct hb_diag *d)
{
	const struct hb_theme_file *f = hb_theme_file(t, "templates/i18n.yml");

	if (f == NULL) {
		struct hb_pos pos = { "templates/i18n.yml", 0, 0 };

		hb_diag_error(d, &pos, "the UI strings are missing");
		return -1;
	}
	t->strings = hb_yml_parse(&t->arena, d, f->path, f->data, f->len, 0);
	return t->strings == NULL ? -1 : 0;
}

struct hb_theme *
hb_theme_load(struct hb_source *src, struct hb_diag *d)
{
	struct hb_theme *t = hb_xcalloc(1, sizeof(*t));
	int rc;

	hb_arena_init(&t->arena);
	/* Every problem of every file is reported before giving up. */
	rc = load_files(t, src, d);
	if (compile(t, d) != 0)
		rc = -1;
	if (load_strings(t, d) != 0)
		rc = -1;
	/* Unknown variables too, without content (issue #13). */
	if (rc == 0 && hb_schema_check(t->ts, t->strings, d) != 0)
		rc = -1;
	if (rc != 0) {
		hb_theme_free(t);
		return NULL;
	}
	return t;
}

void
hb_theme_free(struct hb_theme *t)
{
	if (t == NULL)
		return;
	hb_tset_free(t->ts);
	free(t->files);
	hb_arena_fini(&t->arena);
	free(t);
}

const struct hb_theme_file *
hb_theme_files(const struct hb_theme *t, size_t *n)
{
	*n = t->nfiles;
	return t->files;
}

const struct hb_theme_file *
hb_theme_file(const struct hb_theme *t, const char *path)
{
	size_t lo = 0, hi = t->nfiles;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, t->files[mid].path);

		if (c == 0)
			return &t->files[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct hb_tset *
hb_theme_templates(const struct hb_theme *t)
{
	return t->ts;
}

const struct hb_yval *
hb_theme_strings(const struct hb_theme *t)
{
	return t->strings;
}
