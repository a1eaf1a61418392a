/* Stage 9: atomic publish of the output folder, or (serve) a site kept
 * in memory. Also the guard that keeps a build from replacing anything
 * that is not its own output (issue #15). */
#define _GNU_SOURCE	/* renameat2 */
#include "output.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "hset.h"
#include "xalloc.h"

struct hb_output {
	char *out;	/* final folder */
	char *tmp;	/* folder being written */
	int tmpfd;	/* tmp, open; -1 for memory outputs */
	int prevfd;	/* the previous site at out, or -1 */
	struct hb_diag *d;
	/* memory backend (serve): set instead of out/tmp */
	struct hb_output_tree *mem;
	struct hb_hset names;	/* memory: borrows mem's paths (duplicates);
				 * disk: folders made (arena's strings) */
	struct hb_arena arena;	/* disk: the folder names */
	pthread_mutex_t lock;	/* guards mem, names, arena and d */
	char *prefix;	/* prepended to every path (versions), or NULL */
	/* what the build did, for -v and the bench (disk only) */
	size_t nwritten, nlinked, nbytes;
	bool io_failed;	/* a write failed (exit 3, not a content error) */
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

/* Removes path and everything under it without following links: a walk
 * with an explicit stack of open folders (no recursion), entries
 * removed by name relative to their folder's descriptor, file types
 * from readdir where the file system gives them (no stat per entry). */
static int
rm_tree(const char *path)
{
	struct level {
		DIR *dp;
		char *name;	/* this folder's name in its parent */
	} *st = NULL;
	size_t n = 0, cap = 0;
	struct stat sb;
	int rc = 0, fd;

	if (lstat(path, &sb) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(sb.st_mode))
		return unlink(path);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || (st = hb_xgrow(st, &cap, 1, sizeof(*st)),
	    st[0].dp = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		free(st);
		return -1;
	}
	st[0].name = NULL;
	n = 1;
	while (n > 0) {
		struct level *top = &st[n - 1];
		struct dirent *de = readdir(top->dp);
		int dfd = dirfd(top->dp);
		bool is_dir;

		if (de == NULL) {
			/* Done with this folder: remove it from its parent. */
			char *name = top->name;

			closedir(top->dp);
			n--;
			if (n > 0 && unlinkat(dirfd(st[n - 1].dp), name,
			    AT_REMOVEDIR) != 0)
				rc = -1;
			free(name);
			continue;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		/* The mark goes last: a removal killed half-way leaves a
		 * folder the next build still knows as its own leftover
		 * (issue #15, found by tests/sh/killpoints.test.sh). */
		if (n == 1 && strcmp(de->d_name, HB_OUTPUT_MARK) == 0)
			continue;
		is_dir = de->d_type == DT_DIR;
		if (de->d_type == DT_UNKNOWN)
			is_dir = fstatat(dfd, de->d_name, &sb,
			    AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(sb.st_mode);
		if (!is_dir) {
			if (unlinkat(dfd, de->d_name, 0) != 0)
				rc = -1;
			continue;
		}
		fd = openat(dfd, de->d_name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			rc = -1;
			continue;
		}
		st = hb_xgrow(st, &cap, n + 1, sizeof(*st));
		st[n].dp = fdopendir(fd);
		if (st[n].dp == NULL) {
			close(fd);
			rc = -1;
			continue;
		}
		st[n].name = hb_xstrdup(de->d_name);
		n++;
	}
	free(st);
	{
		size_t len = strlen(path) + sizeof(HB_OUTPUT_MARK) + 1;
		char *mark = hb_xmalloc(len);

		snprintf(mark, len, "%s/%s", path, HB_OUTPUT_MARK);
		if (unlink(mark) != 0 && errno != ENOENT)
			rc = -1;
		free(mark);
	}
	if (rmdir(path) != 0)
		rc = -1;
	return rc;
}


/* ---- the guard (issue #15) ---- */

/* An absolute, canonical form of path that need not exist: the longest
 * existing prefix through realpath(3), the rest appended with "." and
 * ".." applied by hand. Returns owned, or NULL when the current folder
 * cannot be read. */
static char *
canon(const char *path)
{
	struct hb_buf abs, b;
	char cwd[PATH_MAX];
	char *real = NULL, *out = NULL;
	const char *p;
	size_t k;

	hb_buf_init(&abs, HB_BUF_NOCAP);
	hb_buf_init(&b, HB_BUF_NOCAP);
	if (path[0] != '/') {
		if (getcwd(cwd, sizeof(cwd)) == NULL)
			goto done;
		hb_buf_printf(&abs, "%s/", cwd);
	}
	hb_buf_puts(&abs, path);
	/* Cut components from the right until the prefix exists. */
	for (k = abs.len; k > 0; k--) {
		char *pre;

		if (k < abs.len && abs.data[k] != '/')
			continue;
		pre = hb_xstrndup(abs.data, k);
		real = realpath(pre, NULL);
		free(pre);
		if (real != NULL)
			break;
	}
	if (real == NULL)
		real = hb_xstrdup("/");
	hb_buf_puts(&b, strcmp(real, "/") == 0 ? "" : real);
	for (p = abs.data + k; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = strrchr(hb_buf_str(&b), '/');

			b.len = slash != NULL ? (size_t)(slash - b.data) : 0;
			b.data[b.len] = '\0';
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			hb_buf_putc(&b, '/');
			hb_buf_append(&b, p, n);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	out = hb_xstrdup(b.len > 0 ? hb_buf_str(&b) : "/");
done:
	free(real);
	hb_buf_fini(&abs);
	hb_buf_fini(&b);
	return out;
}

/* True when a is b or lies below it (both canonical). */
static bool
within(const char *a, const char *b)
{
	size_t n = strlen(b);

	if (strcmp(b, "/") == 0)
		return true;
	return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

/* The nearest folder at or above dir (canonical) that holds .git, or
 * NULL. Returns owned. */
static char *
repo_root(const char *dir)
{
	struct hb_buf b;
	struct stat st;
	char *r = NULL;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_buf_puts(&b, dir);
	for (;;) {
		size_t len = b.len;
		char *slash;

		hb_buf_puts(&b, len > 1 ? "/.git" : ".git");
		if (lstat(hb_buf_str(&b), &st) == 0) {
			r = hb_xstrndup(b.data, len);
			break;
		}
		b.len = len;
		b.data[len] = '\0';
		slash = strrchr(b.data, '/');
		if (slash == NULL || len <= 1)
			break;
		b.len = slash == b.data ? 1 : (size_t)(slash - b.data);
		b.data[b.len] = '\0';
	}
	hb_buf_fini(&b);
	return r;
}

/* True when path is a folder whose entries are all ignorable: none, or
 * only the mark. *marked is set when the mark is there. */
static bool
folder_state(const char *path, bool *empty, bool *marked)
{
	DIR *dp = opendir(path);
	struct dirent *de;

	*empty = true;
	*marked = false;
	if (dp == NULL)
		return false;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (strcmp(de->d_name, HB_OUTPUT_MARK) == 0)
			*marked = true;
		else
			*empty = false;
	}
	closedir(dp);
	return true;
}

static int refuse(struct hb_diag *d, const char *out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reports why out is refused, with the way out; returns -1. */
static int
refuse(struct hb_diag *d, const char *out, const char *fmt, ...)
{
	struct hb_pos pos = { out, 0, 0 };
	va_list ap;

	va_start(ap, fmt);
	hb_diag_vreport(d, HB_SEV_ERROR, &pos, fmt, ap);
	va_end(ap);
	hb_diag_note(d, &pos, "the output folder is replaced as a whole "
	    "by every build; give -o a folder of its own, such as "
	    "build/site (the default)");
	return -1;
}

int
hb_output_check(const char *out, const struct hb_output_guard *g,
    struct hb_diag *d)
{
	char *o = canon(out), *root = canon(g->root), *repo = NULL;
	char *home = NULL;
	struct stat st;
	int rc = -1;
	size_t i;

	if (o == NULL || root == NULL) {
		struct hb_pos pos = { out, 0, 0 };

		hb_diag_error(d, &pos, "cannot resolve the output folder: %s",
		    strerror(errno));
		goto done;
	}
	repo = repo_root(root);
	if (getenv("HOME") != NULL && getenv("HOME")[0] == '/')
		home = canon(getenv("HOME"));
	if (strcmp(o, "/") == 0) {
		rc = refuse(d, out, "refusing to write the site over %s", "/");
		goto done;
	}
	if (home != NULL && strcmp(home, "/") != 0 && within(home, o)) {
		rc = refuse(d, out, "refusing to replace %s: it is or "
		    "contains your home folder", out);
		goto done;
	}
	if (within(root, o)) {
		rc = refuse(d, out, "refusing to replace %s: it is or "
		    "contains the handbook it builds", out);
		goto done;
	}
	if (repo != NULL && within(repo, o)) {
		rc = refuse(d, out, "refusing to replace %s: it is or "
		    "contains the git repository of the handbook", out);
		goto done;
	}
	if (repo != NULL) {
		char *git = hb_xmalloc(strlen(repo) + 6);

		sprintf(git, "%s/.git", strcmp(repo, "/") ? repo : "");
		if (within(o, git)) {
			free(git);
			rc = refuse(d, out, "refusing to write into %s: it "
			    "lies inside .git", out);
			goto done;
		}
		free(git);
	}
	for (i = 0; i < g->nsources; i++) {
		struct hb_buf sp;
		char *src;
		bool in;

		if (g->sources[i] == NULL || g->sources[i][0] == '\0')
			continue;
		hb_buf_init(&sp, HB_BUF_NOCAP);
		hb_buf_printf(&sp, "%s/%s", root, g->sources[i]);
		src = canon(hb_buf_str(&sp));
		hb_buf_fini(&sp);
		/* A handbook whose content is its root folder holds its
		 * output (build/site) inside it; listing skips marked
		 * folders, so only the handbook folder itself is refused
		 * above. */
		in = src != NULL && strcmp(src, root) != 0 && (within(o, src) ||
		    within(src, o));
		free(src);
		if (in) {
			rc = refuse(d, out, "refusing to write into %s: it is, "
			    "contains or lies inside '%s', which the handbook "
			    "is read from", out, g->sources[i]);
			goto done;
		}
	}
	if (lstat(out, &st) == 0) {
		bool empty, marked;
		struct hb_pos pos = { out, 0, 0 };

		if (!S_ISDIR(st.st_mode)) {
			hb_diag_error(d, &pos, "the output path exists and is "
			    "not a folder");
			hb_diag_note(d, &pos, "give -o a new or empty folder");
			goto done;
		}
		if (!folder_state(out, &empty, &marked)) {
			hb_diag_error(d, &pos, "cannot read the output folder: "
			    "%s", strerror(errno));
			goto done;
		}
		if (!empty && !marked && !g->force && !g->is_default) {
			hb_diag_error(d, &pos, "the output folder is not empty "
			    "and was not written by handbook (it has no %s "
			    "file)", HB_OUTPUT_MARK);
			hb_diag_note(d, &pos, "a build replaces the whole "
			    "folder: choose a new or empty folder, or pass "
			    "--force to replace this one");
			goto done;
		}
	}
	rc = 0;
done:
	free(o);
	free(root);
	free(repo);
	free(home);
	return rc;
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

static const char mark_text[] = "This folder was written by handbook; "
    "every `handbook build` replaces it as a whole.\n";

static int
write_mark(const char *folder)
{
	struct hb_buf p;
	int fd, rc = -1;

	hb_buf_init(&p, HB_BUF_NOCAP);
	hb_buf_printf(&p, "%s/%s", folder, HB_OUTPUT_MARK);
	fd = open(hb_buf_str(&p), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644);
	if (fd >= 0) {
		if (write(fd, mark_text, sizeof(mark_text) - 1) ==
		    (ssize_t)(sizeof(mark_text) - 1))
			rc = 0;
		if (close(fd) != 0)
			rc = -1;
	}
	hb_buf_fini(&p);
	return rc;
}

/* Removes what killed builds of out left beside it: "<name>.tmp-PID-*"
 * and "<name>.old-PID" folders that carry the mark and whose process is
 * gone. A folder of a build still running is left alone. */
static void
remove_leftovers(const char *out)
{
	const char *slash = strrchr(out, '/');
	char *parent = slash == NULL ? hb_xstrdup(".") : slash == out ?
	    hb_xstrdup("/") : hb_xstrndup(out, (size_t)(slash - out));
	const char *base = slash == NULL ? out : slash + 1;
	size_t nb = strlen(base);
	DIR *dp = opendir(parent);
	struct dirent *de;
	struct hb_buf full;

	hb_buf_init(&full, HB_BUF_NOCAP);
	while (dp != NULL && (de = readdir(dp)) != NULL) {
		const char *rest;
		char *end;
		long pid;
		bool empty, marked;

		if (strncmp(de->d_name, base, nb) != 0)
			continue;
		rest = de->d_name + nb;
		if (strncmp(rest, ".tmp-", 5) == 0)
			rest += 5;
		else if (strncmp(rest, ".old-", 5) == 0)
			rest += 5;
		else
			continue;
		pid = strtol(rest, &end, 10);
		if (end == rest || (*end != '-' && *end != '\0') || pid <= 0 ||
		    pid == (long)getpid() ||
		    (kill((pid_t)pid, 0) != 0 ? errno != ESRCH : true))
			continue;
		hb_buf_reset(&full);
		hb_buf_printf(&full, "%s/%s", parent, de->d_name);
		if (folder_state(hb_buf_str(&full), &empty, &marked) &&
		    marked)
			rm_tree(hb_buf_str(&full));
	}
	if (dp != NULL)
		closedir(dp);
	hb_buf_fini(&full);
	free(parent);
}

struct hb_output *
hb_output_begin(const char *out, struct hb_diag *d)
{
	struct hb_output *o = hb_xcalloc(1, sizeof(*o));
	struct hb_buf b;
	struct hb_pos pos = { out, 0, 0 };
	char *slash;

	o->d = d;
	o->tmpfd = -1;
	o->prevfd = -1;
	hb_hset_init(&o->names);
	hb_arena_init(&o->arena);
	pthread_mutex_init(&o->lock, NULL);
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
	remove_leftovers(o->out);
	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_buf_printf(&b, "%s.tmp-%ld-XXXXXX", o->out, (long)getpid());
	o->tmp = hb_buf_detach(&b);
	if (mkdtemp(o->tmp) == NULL || write_mark(o->tmp) != 0) {
		hb_diag_error(d, &pos, "cannot create a temporary folder "
		    "beside the output: %s", strerror(errno));
		if (o->tmp[0] != '\0')
			rm_tree(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		hb_output_abort(o);
		return NULL;
	}
	chmod(o->tmp, 0755);
	o->tmpfd = open(o->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->tmpfd < 0) {
		hb_diag_error(d, &pos, "cannot open the temporary folder: %s",
		    strerror(errno));
		hb_output_abort(o);
		return NULL;
	}
	/* The previous site: its files that come out the same again are
	 * linked, not written (issue #12). */
	o->prevfd = open(o->out, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	return o;
}

/* ---- in memory ---- */

struct hb_output *
hb_output_begin_memory(struct hb_diag *d)
{
	struct hb_output *o = hb_xcalloc(1, sizeof(*o));

	o->d = d;
	o->tmpfd = -1;
	o->prevfd = -1;
	o->mem = hb_xcalloc(1, sizeof(*o->mem));
	hb_hset_init(&o->names);
	hb_arena_init(&o->arena);
	pthread_mutex_init(&o->lock, NULL);
	return o;
}

/* A memory file's bytes: a count of the trees that hold them, then
 * the bytes (hb_output_file.data points after the count). A partial
 * rebuild's tree shares the unchanged files of the tree before it,
 * which the HTTP threads may still be reading and free at any time. */
struct blob {
	atomic_uint refs;
	max_align_t align[];
};

static char *
blob_new(const void *data, size_t len)
{
	struct blob *b = hb_xmalloc(sizeof(*b) + len + 1);
	char *p = (char *)(b + 1);

	atomic_init(&b->refs, 1);
	if (len > 0)
		memcpy(p, data, len);
	p[len] = '\0';
	return p;
}

static struct blob *
blob_of(char *data)
{
	return (struct blob *)data - 1;
}

static void
blob_put(char *data)
{
	if (data != NULL && atomic_fetch_sub(&blob_of(data)->refs, 1) == 1)
		free(blob_of(data));
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
		f->data = blob_new(data, len);
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
hb_output_keep_rest(struct hb_output *o, const struct hb_output_tree *prev,
    const char *skip, const char *unless)
{
	struct hb_output_tree *t = o->mem;
	size_t i, ns = skip != NULL ? strlen(skip) : 0;
	size_t nu = unless != NULL ? strlen(unless) : 0;

	assert(t != NULL);
	pthread_mutex_lock(&o->lock);
	for (i = 0; i < prev->n; i++) {
		const struct hb_output_file *pf = &prev->v[i];
		struct hb_output_file *f;

		if ((ns > 0 && strncmp(pf->path, skip, ns) == 0 &&
		    !(nu > 0 && strncmp(pf->path, unless, nu) == 0)) ||
		    hb_hset_has(&o->names, pf->path))
			continue;
		t->v = hb_xgrow(t->v, &t->cap, t->n + 1, sizeof(*t->v));
		f = &t->v[t->n++];
		f->path = hb_xstrdup(pf->path);
		atomic_fetch_add(&blob_of(pf->data)->refs, 1);
		f->data = pf->data;
		f->len = pf->len;
		t->bytes += pf->len;
		hb_hset_add(&o->names, f->path);
	}
	pthread_mutex_unlock(&o->lock);
}

void
hb_output_tree_free(struct hb_output_tree *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->v[i].path);
		blob_put(t->v[i].data);
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
	free(o->prefix);
	o->prefix = prefix[0] != '\0' ? hb_xstrdup(prefix) : NULL;
}

int
hb_output_write(struct hb_output *o, const char *rel, const void *data,
    size_t len)
{
	struct hb_buf full;
	int rc;

	if (o->prefix == NULL)
		return write_path(o, rel, data, len);
	hb_buf_init(&full, HB_BUF_NOCAP);
	hb_buf_printf(&full, "%s%s", o->prefix, rel);
	rc = write_path(o, hb_buf_str(&full), data, len);
	hb_buf_fini(&full);
	return rc;
}

/* Creates the folders on the way to rel inside the temporary folder,
 * each once per build (issue #12: a mkdir per component per file was
 * 45,000 calls for 11,000 files). Caller holds o->lock. */
static int
make_parents(struct hb_output *o, const char *rel)
{
	const char *slash;

	for (slash = strchr(rel, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		char *dir = hb_arena_strndup(&o->arena, rel,
		    (size_t)(slash - rel));

		if (hb_hset_has(&o->names, dir))
			continue;
		if (mkdirat(o->tmpfd, dir, 0755) != 0 && errno != EEXIST)
			return -1;
		hb_hset_add(&o->names, dir);
	}
	return 0;
}

/* True when the previous site has rel with exactly these bytes. */
static bool
same_as_before(struct hb_output *o, const char *rel, const void *data,
    size_t len)
{
	char *old;
	size_t got = 0;
	bool same = false;
	int fd;

	if (o->prevfd < 0)
		return false;
	fd = openat(o->prevfd, rel, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd < 0)
		return false;
	/* One byte more than expected: a regular file of the same size
	 * reads short by exactly that byte, so no stat is needed. */
	old = hb_xmalloc(len + 1);
	for (;;) {
		size_t want = len + 1 - got;
		ssize_t r = read(fd, old + got, want);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
		/* A regular file reads short only at its end. */
		if (got > len || (size_t)r < want)
			break;
	}
	same = got == len && memcmp(old, data, len) == 0;
	free(old);
	close(fd);
	return same;
}

static int write_error(struct hb_output *o, const char *rel, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static int report(struct hb_output *o, bool io, const char *rel,
    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));
static int io_error(struct hb_output *o, const char *rel, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

/* Reports a write problem from any thread; returns -1. io: the file
 * system failed (not two pages on one path). */
static int
report(struct hb_output *o, bool io, const char *rel, const char *fmt,
    va_list ap)
{
	struct hb_pos pos = { rel, 0, 0 };

	pthread_mutex_lock(&o->lock);
	hb_diag_vreport(o->d, HB_SEV_ERROR, &pos, fmt, ap);
	o->io_failed |= io;
	pthread_mutex_unlock(&o->lock);
	return -1;
}

static int
write_error(struct hb_output *o, const char *rel, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = report(o, false, rel, fmt, ap);
	va_end(ap);
	return rc;
}

static int
io_error(struct hb_output *o, const char *rel, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = report(o, true, rel, fmt, ap);
	va_end(ap);
	return rc;
}

/* Writes one file into the temporary folder, or links the previous
 * site's copy when the bytes are the same: unchanged pages keep their
 * inode and mtime (rsync then copies only what changed), and creating
 * a link is cheaper than a new inode. Safe from several threads. */
static int
write_path(struct hb_output *o, const char *rel, const void *data,
    size_t len)
{
	const char *p = data;
	int fd, rc;

	if (o->mem != NULL)
		return mem_write(o, rel, data, len);
	if (!hb_output_path_ok(rel))
		return write_error(o, rel, "refusing to write outside the "
		    "output folder");
	pthread_mutex_lock(&o->lock);
	rc = make_parents(o, rel);
	pthread_mutex_unlock(&o->lock);
	if (rc != 0)
		return io_error(o, rel, "cannot create folder: %s",
		    strerror(errno));
	if (same_as_before(o, rel, data, len)) {
		if (linkat(o->prevfd, rel, o->tmpfd, rel, 0) == 0) {
			pthread_mutex_lock(&o->lock);
			o->nlinked++;
			pthread_mutex_unlock(&o->lock);
			return 0;
		}
		if (errno == EEXIST)
			return write_error(o, rel, "two pages map to this "
			    "output path");
		/* Another file system, too many links: write it. */
	}
	fd = openat(o->tmpfd, rel, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0644);
	if (fd < 0)
		return errno == EEXIST ? write_error(o, rel, "two pages map "
		    "to this output path") : io_error(o, rel, "cannot "
		    "write: %s", strerror(errno));
	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			int e = errno;

			close(fd);
			return io_error(o, rel, "cannot write: %s",
			    strerror(e));
		}
		p += w;
		len -= (size_t)w;
	}
	if (close(fd) != 0)
		return io_error(o, rel, "cannot write: %s",
		    strerror(errno));
	pthread_mutex_lock(&o->lock);
	o->nwritten++;
	o->nbytes += (size_t)(p - (const char *)data);
	pthread_mutex_unlock(&o->lock);
	return 0;
}

/* The two-rename swap for file systems without RENAME_EXCHANGE: OUT is
 * briefly absent between the renames, never half-written; a build
 * killed in between leaves OUT.old-PID, which the next build removes
 * (the old site is then gone, the new one is not yet in place). */
static int
swap_by_renames(struct hb_output *o)
{
	struct hb_buf old;
	int rc = -1;

	hb_buf_init(&old, HB_BUF_NOCAP);
	hb_buf_printf(&old, "%s.old-%ld", o->out, (long)getpid());
	if (rename(o->out, old.data) != 0) {
		if (errno != ENOENT)
			goto done;
	} else if (rename(o->tmp, o->out) != 0) {
		int e = errno;

		rename(old.data, o->out);
		errno = e;
		goto done;
	} else {
		rm_tree(old.data);
		rc = 0;
		goto done;
	}
	rc = rename(o->tmp, o->out);
done:
	hb_buf_fini(&old);
	return rc;
}

int
hb_output_commit(struct hb_output *o)
{
	struct hb_pos pos = { o->out, 0, 0 };
	struct stat st;
	int rc = 0;

	assert(o->mem == NULL);	/* memory outputs use hb_output_take */
	if (lstat(o->out, &st) != 0) {
		/* Nothing to replace: one rename publishes. */
		rc = rename(o->tmp, o->out);
	} else if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->out,
	    RENAME_EXCHANGE) == 0) {
		/* One step: OUT is the new site and tmp holds the old one,
		 * still marked, so a kill now leaves a leftover that the
		 * next build removes. */
		rm_tree(o->tmp);
	} else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
		rc = swap_by_renames(o);
	} else {
		rc = -1;
	}
	if (rc != 0) {
		hb_diag_error(o->d, &pos, "cannot move the new site into "
		    "place: %s", strerror(errno));
		rc = -1;
	}
	hb_output_abort(o);
	return rc;
}

bool
hb_output_io_failed(const struct hb_output *o)
{
	return o != NULL && o->io_failed;
}

void
hb_output_abort(struct hb_output *o)
{
	if (o == NULL)
		return;
	hb_output_tree_free(o->mem);
	hb_hset_fini(&o->names);
	hb_arena_fini(&o->arena);
	pthread_mutex_destroy(&o->lock);
	if (o->tmpfd >= 0)
		close(o->tmpfd);
	if (o->prevfd >= 0)
		close(o->prevfd);
	if (o->tmp != NULL)
		rm_tree(o->tmp);
	free(o->tmp);
	free(o->out);
	free(o->prefix);
	free(o);
}
