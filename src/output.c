/* Stage 9: atomic publish of the output folder, or (serve) a site kept
 * in memory. */
#define _XOPEN_SOURCE 700	/* nftw */
#include "output.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "hset.h"
#include "xalloc.h"

struct hb_output {
	char *out;	/* final folder */
	char *tmp;	/* folder being written */
	struct hb_diag *d;
	/* memory backend (serve): set instead of out/tmp */
	struct hb_output_tree *mem;
	struct hb_hset names;	/* borrows mem's paths: duplicates */
	pthread_mutex_t lock;	/* guards mem, names and d */
	char prefix[256];	/* prepended to every path (versions) */
};

static int
mkdirs(const char *path)
{
	char *p = hb_xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (mkdir(p, 0755) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
rm_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
hb_output_path_ok(const char *rel)
{
	const char *p;

	if (rel[0] == '\0' || rel[0] == '/' || strchr(rel, '\\') != NULL)
		return 0;
	for (p = rel; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '/')
			p++;
	}
	return 1;
}

struct hb_output *
hb_output_begin(const char *out, struct hb_diag *d)
{
	struct hb_output *o = hb_xcalloc(1, sizeof(*o));
	struct hb_buf b;
	struct hb_pos pos = { out, 0, 0 };
	char *slash;

	o->d = d;
	o->out = hb_xstrdup(out);
	while (strlen(o->out) > 1 && o->out[strlen(o->out) - 1] == '/')
		o->out[strlen(o->out) - 1] = '\0';
	/* The parent must exist for the final rename. */
	slash = strrchr(o->out, '/');
	if (slash != NULL && slash != o->out) {
		*slash = '\0';
		if (mkdirs(o->out) != 0) {
			hb_diag_error(d, &pos, "cannot create folder: %s",
			    strerror(errno));
			*slash = '/';
			hb_output_abort(o);
			return NULL;
		}
		*slash = '/';
	}
	hb_buf_init(&b, 8192);
	hb_buf_printf(&b, "%s.tmp-XXXXXX", o->out);
	o->tmp = hb_buf_detach(&b);
	if (mkdtemp(o->tmp) == NULL) {
		hb_diag_error(d, &pos, "cannot create a temporary folder "
		    "beside the output: %s", strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		hb_output_abort(o);
		return NULL;
	}
	chmod(o->tmp, 0755);
	return o;
}

/* ---- in memory ---- */

struct hb_output *
hb_output_begin_memory(struct hb_diag *d)
{
	struct hb_output *o = hb_xcalloc(1, sizeof(*o));

	o->d = d;
	o->mem = hb_xcalloc(1, sizeof(*o->mem));
	hb_hset_init(&o->names);
	pthread_mutex_init(&o->lock, NULL);
	return o;
}

/* The same checks and messages as a disk write, then a copy. */
static int
mem_write(struct hb_output *o, const char *rel, const void *data,
    size_t len)
{
	struct hb_output_tree *t = o->mem;
	struct hb_output_file *f;
	struct hb_pos pos = { rel, 0, 0 };
	int rc = 0;

	pthread_mutex_lock(&o->lock);
	if (!hb_output_path_ok(rel)) {
		hb_diag_error(o->d, &pos, "refusing to write outside the "
		    "output folder");
		rc = -1;
	} else if (hb_hset_has(&o->names, rel)) {
		hb_diag_error(o->d, &pos, "two pages map to this output path");
		rc = -1;
	} else {
		t->v = hb_xgrow(t->v, &t->cap, t->n + 1, sizeof(*t->v));
		f = &t->v[t->n++];
		f->path = hb_xstrdup(rel);
		f->data = hb_xmalloc(len + 1);
		if (len > 0)
			memcpy(f->data, data, len);
		f->data[len] = '\0';
		f->len = len;
		t->bytes += len;
		hb_hset_add(&o->names, f->path);
	}
	pthread_mutex_unlock(&o->lock);
	return rc;
}

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct hb_output_file *)a)->path,
	    ((const struct hb_output_file *)b)->path);
}

struct hb_output_tree *
hb_output_take(struct hb_output *o)
{
	struct hb_output_tree *t;

	assert(o->mem != NULL);
	t = o->mem;
	o->mem = NULL;
	hb_hset_fini(&o->names);
	pthread_mutex_destroy(&o->lock);
	/* Sorted once, then looked up by binary search. */
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(*t->v), cmp_file);
	hb_output_abort(o);
	return t;
}

const struct hb_output_file *
hb_output_find(const struct hb_output_tree *t, const char *rel)
{
	struct hb_output_file key;

	if (t->n == 0)
		return NULL;
	key.path = (char *)rel;
	return bsearch(&key, t->v, t->n, sizeof(*t->v), cmp_file);
}

void
hb_output_tree_free(struct hb_output_tree *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->v[i].path);
		free(t->v[i].data);
	}
	free(t->v);
	free(t);
}

/* ---- on disk ---- */

static int write_path(struct hb_output *o, const char *rel, const void *data,
    size_t len);

void
hb_output_set_prefix(struct hb_output *o, const char *prefix)
{
	snprintf(o->prefix, sizeof(o->prefix), "%s", prefix);
}

int
hb_output_write(struct hb_output *o, const char *rel, const void *data,
    size_t len)
{
	struct hb_buf full;
	int rc;

	if (o->prefix[0] == '\0')
		return write_path(o, rel, data, len);
	hb_buf_init(&full, 8192);
	hb_buf_printf(&full, "%s%s", o->prefix, rel);
	rc = write_path(o, hb_buf_str(&full), data, len);
	hb_buf_fini(&full);
	return rc;
}

static int
write_path(struct hb_output *o, const char *rel, const void *data,
    size_t len)
{
	struct hb_buf path;
	struct hb_pos pos = { rel, 0, 0 };
	char *slash;
	int fd, rc = -1;
	const char *p = data;

	if (o->mem != NULL)
		return mem_write(o, rel, data, len);
	if (!hb_output_path_ok(rel)) {
		hb_diag_error(o->d, &pos, "refusing to write outside the "
		    "output folder");
		return -1;
	}
	hb_buf_init(&path, 8192);
	hb_buf_printf(&path, "%s/%s", o->tmp, rel);
	slash = strrchr(path.data, '/');
	*slash = '\0';
	if (mkdirs(path.data) != 0) {
		hb_diag_error(o->d, &pos, "cannot create folder: %s",
		    strerror(errno));
		goto done;
	}
	*slash = '/';
	fd = open(path.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		hb_diag_error(o->d, &pos, errno == EEXIST ?
		    "two pages map to this output path" :
		    "cannot write: %s", strerror(errno));
		goto done;
	}
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			hb_diag_error(o->d, &pos, "cannot write: %s",
			    strerror(errno));
			close(fd);
			goto done;
		}
		p += w;
		len -= (size_t)w;
	}
	if (close(fd) != 0) {
		hb_diag_error(o->d, &pos, "cannot write: %s", strerror(errno));
		goto done;
	}
	rc = 0;
done:
	hb_buf_fini(&path);
	return rc;
}

int
hb_output_commit(struct hb_output *o)
{
	struct hb_buf old;
	struct hb_pos pos = { o->out, 0, 0 };
	int rc = 0;

	assert(o->mem == NULL);	/* memory outputs use hb_output_take */
	hb_buf_init(&old, 8192);
	hb_buf_printf(&old, "%s.old-%ld", o->out, (long)getpid());
	/* Move the previous site aside, the new one in, then delete the
	 * old one. Between the two renames OUT is briefly absent; never
	 * half-written. */
	if (rename(o->out, old.data) != 0 && errno != ENOENT) {
		hb_diag_error(o->d, &pos, "cannot replace the output "
		    "folder: %s", strerror(errno));
		rc = -1;
	} else if (rename(o->tmp, o->out) != 0) {
		hb_diag_error(o->d, &pos, "cannot move the new site into "
		    "place: %s", strerror(errno));
		rename(old.data, o->out);
		rc = -1;
	} else {
		rm_tree(old.data);
		free(o->tmp);
		o->tmp = NULL;
	}
	hb_buf_fini(&old);
	hb_output_abort(o);
	return rc;
}

void
hb_output_abort(struct hb_output *o)
{
	if (o == NULL)
		return;
	if (o->mem != NULL) {
		hb_output_tree_free(o->mem);
		hb_hset_fini(&o->names);
		pthread_mutex_destroy(&o->lock);
	}
	if (o->tmp != NULL)
		rm_tree(o->tmp);
	free(o->tmp);
	free(o->out);
	free(o);
}
