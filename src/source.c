/* Stage 2: the source interface (dispatch to the working tree or git)
 * and the sorted file list every source returns. */
#include "source.h"

#include <stdlib.h>
#include <string.h>

#include "str.h"
#include "xalloc.h"

void
hb_source_free(struct hb_source *s)
{
	if (s != NULL)
		s->ops->free(s);
}

int
hb_source_list(struct hb_source *s, const char *content,
    struct hb_filelist *out, struct hb_diag *d)
{
	return s->ops->list(s, content, out, d);
}

int
hb_source_read(struct hb_source *s, const char *path, struct hb_buf *out,
    struct hb_diag *d)
{
	return s->ops->read(s, path, out, d);
}

bool
hb_source_is_dir(struct hb_source *s, const char *path)
{
	return s->ops->is_dir(s, path);
}

bool
hb_source_exists(struct hb_source *s, const char *path)
{
	return s->ops->exists(s, path);
}

bool
hb_is_markdown_name(const char *name)
{
	return hb_ends_with(name, ".md") || hb_ends_with(name, ".markdown");
}

void
hb_filelist_add(struct hb_filelist *l, const char *path, const char *rel,
    enum hb_file_kind kind)
{
	l->v = hb_xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n].path = hb_xstrdup(path);
	l->v[l->n].rel = hb_xstrdup(rel);
	l->v[l->n].kind = kind;
	l->n++;
}

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct hb_file *)a)->path,
	    ((const struct hb_file *)b)->path);
}

void
hb_filelist_sort(struct hb_filelist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_file);
}

const struct hb_file *
hb_filelist_find(const struct hb_filelist *l, const char *path)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, l->v[mid].path);

		if (c == 0)
			return &l->v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

void
hb_filelist_fini(struct hb_filelist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].rel);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

