/* Stage 2 (working tree): list and read files under DIR with plain
 * POSIX calls. Paths given to callers are relative to DIR. */
#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "arena.h"
#include "diag.h"
#include "hset.h"
#include "str.h"
#include "xalloc.h"

struct fs {
	struct hb_source base;
	char *dir;
	/* What fs_list listed: under a listed folder, a file the walk
	 * skipped (a symbolic link, a dot-file, node_modules, a site
	 * folder, past the depth cap) does not exist for links either, so
	 * they warn instead of pointing at a page that is never written
	 * (issue #15). Paths and roots are arena strings. */
	struct hb_hset listed;
	const char **roots;
	size_t nroots, caproots;
	struct hb_arena arena;
};

static void
fs_free(struct hb_source *base)
{
	struct fs *s = (struct fs *)base;

	hb_hset_fini(&s->listed);
	free(s->roots);
	hb_arena_fini(&s->arena);
	free(s->dir);
	free(s);
}

static void
full_path(struct hb_buf *b, const char *dir, const char *rel)
{
	hb_buf_reset(b);
	/* dump FILE... may name absolute paths. */
	if (rel[0] == '/') {
		hb_buf_puts(b, rel);
		return;
	}
	hb_buf_puts(b, dir);
	if (rel[0] != '\0') {
		hb_buf_putc(b, '/');
		hb_buf_puts(b, rel);
	}
}

/* Recursive walk. `path` is relative to DIR, `rel` to the content
 * folder. Depth is capped against symlink-free but absurd trees. */
static int
walk(struct fs *s, const char *path, const char *rel, int depth,
    struct hb_filelist *out, struct hb_diag *d)
{
	struct hb_buf full, cpath, crel;
	DIR *dp;
	struct dirent *de;
	int rc = 0;

	if (depth > 32) {
		struct hb_pos pos = { path, 0, 0 };

		hb_diag_warning(d, &pos, "folder nested deeper than 32 "
		    "levels; skipped");
		return 0;
	}
	hb_buf_init(&full, HB_BUF_NOCAP);
	hb_buf_init(&cpath, HB_BUF_NOCAP);
	hb_buf_init(&crel, HB_BUF_NOCAP);
	full_path(&full, s->dir, path);
	dp = opendir(hb_buf_str(&full));
	if (dp == NULL) {
		struct hb_pos pos = { path[0] ? path : ".", 0, 0 };

		hb_diag_error(d, &pos, "cannot open folder: %s",
		    strerror(errno));
		rc = -1;
		goto done;
	}
	while ((de = readdir(dp)) != NULL) {
		struct stat st;
		const char *name = de->d_name;

		if (name[0] == '.')
			continue;
		hb_buf_reset(&cpath);
		if (path[0]) {
			hb_buf_puts(&cpath, path);
			hb_buf_putc(&cpath, '/');
		}
		hb_buf_puts(&cpath, name);
		hb_buf_reset(&crel);
		if (rel[0]) {
			hb_buf_puts(&crel, rel);
			hb_buf_putc(&crel, '/');
		}
		hb_buf_puts(&crel, name);
		/* Never read our own output back as content. */
		if (strcmp(hb_buf_str(&cpath), "build") == 0 ||
		    strcmp(name, "node_modules") == 0)
			continue;
		full_path(&full, s->dir, hb_buf_str(&cpath));
		if (lstat(hb_buf_str(&full), &st) != 0)
			continue;
		if (S_ISLNK(st.st_mode)) {
			struct hb_pos pos = { hb_buf_str(&cpath), 0, 0 };

			hb_diag_warning(d, &pos, "symbolic link skipped "
			    "(content must be inside the handbook)");
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			struct stat mst;
			size_t len = full.len;

			/* A site written here (-o content/site) is output,
			 * not content. */
			hb_buf_puts(&full, "/" HB_SITE_MARK);
			if (stat(hb_buf_str(&full), &mst) == 0) {
				struct hb_pos pos = { hb_buf_str(&cpath), 0,
					0 };

				hb_diag_remark(d, &pos, "folder skipped: it "
				    "holds a site handbook wrote (%s)",
				    HB_SITE_MARK);
				continue;
			}
			full.len = len;
			full.data[len] = '\0';
			if (walk(s, hb_buf_str(&cpath), hb_buf_str(&crel),
			    depth + 1, out, d) != 0)
				rc = -1;
		} else if (S_ISREG(st.st_mode)) {
			hb_filelist_add(out, hb_buf_str(&cpath),
			    hb_buf_str(&crel), hb_is_markdown_name(name) ?
			    HB_FILE_MARKDOWN : HB_FILE_ASSET);
		}
	}
	closedir(dp);
done:
	hb_buf_fini(&full);
	hb_buf_fini(&cpath);
	hb_buf_fini(&crel);
	return rc;
}

static int
fs_list(struct hb_source *base, const char *content,
    struct hb_filelist *out, struct hb_diag *d)
{
	struct fs *s = (struct fs *)base;
	size_t i;
	int rc = walk(s, content, "", 0, out, d);

	hb_filelist_sort(out);
	/* Not for absolute folders (dump FILE...): not a site's. */
	if (content[0] == '/')
		return rc;
	for (i = 0; i < s->nroots; i++)
		if (strcmp(s->roots[i], content) == 0)
			break;
	if (i == s->nroots) {
		s->roots = hb_xgrow(s->roots, &s->caproots, s->nroots + 1,
		    sizeof(*s->roots));
		s->roots[s->nroots++] = hb_arena_strdup(&s->arena, content);
	}
	for (i = 0; i < out->n; i++)
		if (!hb_hset_has(&s->listed, out->v[i].path))
			hb_hset_add(&s->listed, hb_arena_strdup(&s->arena,
			    out->v[i].path));
	return rc;
}

/* Whether path lies in a folder fs_list listed. */
static bool
under_listed(const struct fs *s, const char *path)
{
	size_t i, n;

	for (i = 0; i < s->nroots; i++) {
		n = strlen(s->roots[i]);
		if (n == 0 || (strncmp(path, s->roots[i], n) == 0 &&
		    path[n] == '/'))
			return true;
	}
	return false;
}

static int
fs_read(struct hb_source *base, const char *path, struct hb_buf *out,
    struct hb_diag *d)
{
	struct fs *s = (struct fs *)base;
	struct hb_buf full;
	struct hb_pos pos = { path, 0, 0 };
	char chunk[65536];
	ssize_t n;
	int fd, rc = 0;

	hb_buf_init(&full, HB_BUF_NOCAP);
	full_path(&full, s->dir, path);
	fd = open(hb_buf_str(&full), O_RDONLY | O_CLOEXEC);
	hb_buf_fini(&full);
	if (fd < 0) {
		hb_diag_error(d, &pos, "cannot read: %s", strerror(errno));
		return -1;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			hb_diag_error(d, &pos, "cannot read: %s",
			    strerror(errno));
			rc = -1;
			break;
		}
		hb_buf_append(out, chunk, (size_t)n);
		if (out->overflow) {
			hb_diag_error(d, &pos, "file larger than %zu bytes; "
			    "split it into smaller files", out->max);
			rc = -1;
			break;
		}
	}
	close(fd);
	return rc;
}

static bool
stat_is(struct fs *s, const char *path, mode_t type)
{
	struct hb_buf full;
	struct stat st;
	bool ok;

	hb_buf_init(&full, HB_BUF_NOCAP);
	full_path(&full, s->dir, path);
	ok = stat(hb_buf_str(&full), &st) == 0 &&
	    (st.st_mode & S_IFMT) == type;
	hb_buf_fini(&full);
	return ok;
}

static bool
fs_is_dir(struct hb_source *base, const char *path)
{
	return stat_is((struct fs *)base, path, S_IFDIR);
}

static bool
fs_exists(struct hb_source *base, const char *path)
{
	struct fs *s = (struct fs *)base;

	if (under_listed(s, path) && !hb_hset_has(&s->listed, path))
		return false;
	return stat_is(s, path, S_IFREG);
}

static const struct hb_source_ops fs_ops = {
	fs_list, fs_read, fs_is_dir, fs_exists, fs_free
};

struct hb_source *
hb_source_fs_new(const char *dir)
{
	struct fs *s = hb_xcalloc(1, sizeof(*s));

	s->base.ops = &fs_ops;
	s->dir = hb_xstrdup(dir);
	hb_hset_init(&s->listed);
	hb_arena_init(&s->arena);
	return &s->base;
}
