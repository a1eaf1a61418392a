/* Stage 2 (git): the handbook's files from a commit's tree, read straight
 * from the object database, or from the working tree; plus the
 * repository data history.c and versions need (see source_git.h).
 * The only file that includes git2.h (STYLE.md, section 2). */
#include "source.h"
#include "source_git.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>

#include "buf.h"
#include "diag.h"
#include "str.h"
#include "xalloc.h"

#define MAX_DEPTH 32	/* folders, as in source_fs.c */

enum ent_kind {
	ENT_FILE,
	ENT_DIR,
	ENT_LINK
};

/* One entry of the tree at DIR (--ref builds). */
struct ent {
	char *path;		/* relative to DIR */
	git_oid oid;
	enum ent_kind kind;
};

#define NREADERS 3

/* An extra handle on the repository for reading objects. */
struct reader {
	pthread_mutex_t lock;
	git_repository *repo;	/* opened on first use */
};

struct hb_git {
	git_repository *repo;
	/* A libgit2 repository serves one thread at a time: calls from
	 * workers take this lock, or one of the readers' (see
	 * reader_lock()). */
	pthread_mutex_t lock;
	struct reader rd[NREADERS];
	char *gitdir;
	char *prefix;		/* DIR in the repository: "" or "a/b/" */
	bool worktree;		/* read the working tree (no --ref) */
	bool has_commit;
	git_oid commit;		/* HEAD or the --ref commit */
	char date[24];		/* its committer date */
	struct hb_source *fs;	/* worktree: the reader */
	struct ent *ents;	/* --ref: the tree at DIR, sorted by path */
	size_t nents, capents;
};

struct gitsrc {
	struct hb_source base;
	struct hb_git git;
};

static const struct hb_source_ops git_ops;

/* ---- small helpers ---- */

static const char *
git_msg(void)
{
	const git_error *e = git_error_last();

	return e != NULL && e->message != NULL ? e->message :
	    "unknown libgit2 error";
}

static void
oid_out(struct hb_git_oid *out, const git_oid *in)
{
	memcpy(out->id, in->id, sizeof(out->id));
}

static void
oid_in(git_oid *out, const struct hb_git_oid *in)
{
	memset(out, 0, sizeof(*out));
	memcpy(out->id, in->id, sizeof(in->id));
}

/* Opens the repository around dir; discovery honours
 * $GIT_CEILING_DIRECTORIES like git does (tests rely on it to keep
 * fixtures out of the project's own repository). */
static int
open_repo(const char *dir, git_repository **out)
{
	return git_repository_open_ext(out, dir, 0,
	    getenv("GIT_CEILING_DIRECTORIES"));
}

/* DIR relative to the working folder of repo, "" or "a/b/". */
static char *
dir_prefix(git_repository *repo, const char *dir)
{
	const char *wd = git_repository_workdir(repo);
	char *rd = NULL, *rw = NULL, *p;
	size_t n;
	struct hb_buf b;

	hb_buf_init(&b, HB_BUF_NOCAP);
	if (wd == NULL)
		goto done;
	rd = realpath(dir, NULL);
	rw = realpath(wd, NULL);
	if (rd == NULL || rw == NULL)
		goto done;
	n = strlen(rw);
	if (strncmp(rd, rw, n) != 0 || (rd[n] != '\0' && rd[n] != '/') ||
	    (n == 1 && rw[0] == '/'))
		goto done;
	p = rd + n;
	while (*p == '/')
		p++;
	if (*p != '\0') {
		hb_buf_puts(&b, p);
		hb_buf_putc(&b, '/');
	}
done:
	free(rd);
	free(rw);
	return hb_buf_detach(&b);
}

/* prefix + path, without a trailing slash ("" stays ""). */
static void
repo_path(struct hb_buf *b, const char *prefix, const char *path)
{
	hb_buf_reset(b);
	hb_buf_puts(b, prefix);
	hb_buf_puts(b, path);
	while (b->len > 0 && b->data[b->len - 1] == '/')
		hb_buf_truncate(b, b->len - 1);
}

/* An arena copy of s with invalid UTF-8 bytes as '?': commit messages
 * may be in any encoding, pages and JSON are UTF-8. */
static char *
utf8_dup(struct hb_arena *a, const char *s)
{
	char *r = hb_arena_strdup(a, s);
	size_t n = strlen(r), i = 0;

	while ((i += hb_utf8_check(r + i, n - i)) < n)
		r[i++] = '?';
	return r;
}

/* A path of the content folder relative to DIR: content/rel. */
static const char *
dir_path(struct hb_arena *a, const char *content, const char *rel)
{
	if (content[0] == '\0')
		return hb_arena_strdup(a, rel);
	return hb_arena_printf(a, "%s/%s", content, rel);
}

/* A repository handle for reading objects, locked: the shared one when
 * free, else a reader (opened on demand), so that worker threads
 * inflate blobs in parallel. *held is the lock to release. */
static git_repository *
reader_lock(struct hb_git *g, pthread_mutex_t **held)
{
	size_t i;

	if (pthread_mutex_trylock(&g->lock) == 0) {
		*held = &g->lock;
		return g->repo;
	}
	for (i = 0; i < NREADERS; i++) {
		struct reader *r = &g->rd[i];

		if (pthread_mutex_trylock(&r->lock) != 0)
			continue;
		if (r->repo == NULL &&
		    git_repository_open(&r->repo, g->gitdir) != 0) {
			r->repo = NULL;
			pthread_mutex_unlock(&r->lock);
			continue;
		}
		*held = &r->lock;
		return r->repo;
	}
	pthread_mutex_lock(&g->lock);
	*held = &g->lock;
	return g->repo;
}

/* ---- the tree at DIR (--ref) ---- */

static int
cmp_ent(const void *a, const void *b)
{
	return strcmp(((const struct ent *)a)->path,
	    ((const struct ent *)b)->path);
}

/* Deeper than any checkout holds (PATH_MAX 4096: 2048 levels of "a/");
 * content stops at MAX_DEPTH anyway. The bound keeps a hostile tree of
 * 100,000 levels from costing stack (libgit2's git_tree_walk recurses)
 * or path bytes quadratic in its depth (issue #15). */
#define MAX_TREE_DEPTH 256

static void
index_add(struct hb_git *g, const char *dir, size_t dlen,
    const git_tree_entry *e)
{
	struct ent *x;
	git_filemode_t mode = git_tree_entry_filemode(e);
	const char *name = git_tree_entry_name(e);

	g->ents = hb_xgrow(g->ents, &g->capents, g->nents + 1,
	    sizeof(*g->ents));
	x = &g->ents[g->nents++];
	x->path = hb_xmalloc(dlen + strlen(name) + 1);
	memcpy(x->path, dir, dlen);
	strcpy(x->path + dlen, name);
	git_oid_cpy(&x->oid, git_tree_entry_id(e));
	/* A submodule checks out as a folder (empty until initialised). */
	if (mode == GIT_FILEMODE_TREE || mode == GIT_FILEMODE_COMMIT)
		x->kind = ENT_DIR;
	else if (mode == GIT_FILEMODE_LINK)
		x->kind = ENT_LINK;
	else
		x->kind = ENT_FILE;
}

/* Every entry under top, depth first with an explicit stack of open
 * trees. Returns 0, or -1 with libgit2's error pending. */
static int
index_walk(struct hb_git *g, git_tree *top, const char *ref,
    struct hb_diag *d)
{
	struct frame {
		git_tree *t;	/* owned, except top */
		size_t i;
		size_t plen;	/* path.len at this level */
	} st[MAX_TREE_DEPTH + 1];
	struct hb_buf path;
	size_t n = 1;
	int rc = 0;

	hb_buf_init(&path, HB_BUF_NOCAP);
	st[0].t = top;
	st[0].i = 0;
	st[0].plen = 0;
	while (n > 0) {
		struct frame *f = &st[n - 1];
		const git_tree_entry *e;
		git_tree *sub = NULL;

		if (f->i == git_tree_entrycount(f->t)) {
			if (n > 1)
				git_tree_free(f->t);
			n--;
			continue;
		}
		e = git_tree_entry_byindex(f->t, f->i++);
		hb_buf_truncate(&path, f->plen);
		index_add(g, hb_buf_str(&path), f->plen, e);
		if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
			continue;
		if (n > MAX_TREE_DEPTH) {
			struct hb_pos pos = { g->ents[g->nents - 1].path, 0,
				0 };

			hb_diag_warning(d, &pos, "folder nested deeper than "
			    "%d levels in '%s'; not read", MAX_TREE_DEPTH, ref);
			continue;
		}
		if (git_tree_lookup(&sub, g->repo, git_tree_entry_id(e)) != 0) {
			rc = -1;
			break;
		}
		hb_buf_puts(&path, git_tree_entry_name(e));
		hb_buf_putc(&path, '/');
		st[n].t = sub;
		st[n].i = 0;
		st[n].plen = path.len;
		n++;
	}
	while (n > 1)
		git_tree_free(st[--n].t);
	hb_buf_fini(&path);
	return rc;
}

static int
index_tree(struct hb_git *g, const char *ref, struct hb_diag *d)
{
	git_commit *c = NULL;
	git_tree *root = NULL, *sub = NULL;
	git_tree_entry *te = NULL;
	struct hb_buf p;
	int rc = -1;

	hb_buf_init(&p, HB_BUF_NOCAP);
	if (git_commit_lookup(&c, g->repo, &g->commit) != 0 ||
	    git_commit_tree(&root, c) != 0) {
		hb_diag_error(d, NULL, "cannot read the tree of '%s': %s", ref,
		    git_msg());
		goto done;
	}
	repo_path(&p, g->prefix, "");
	if (p.len > 0) {
		if (git_tree_entry_bypath(&te, root, hb_buf_str(&p)) != 0 ||
		    git_tree_entry_type(te) != GIT_OBJECT_TREE ||
		    git_tree_lookup(&sub, g->repo,
		    git_tree_entry_id(te)) != 0) {
			struct hb_pos pos = { hb_buf_str(&p), 0, 0 };

			hb_diag_error(d, &pos, "not in the tree of '%s'",
			    ref);
			goto done;
		}
	}
	if (index_walk(g, sub ? sub : root, ref, d) != 0) {
		hb_diag_error(d, NULL, "cannot read the tree of '%s': %s", ref,
		    git_msg());
		goto done;
	}
	if (g->nents > 1)
		qsort(g->ents, g->nents, sizeof(*g->ents), cmp_ent);
	rc = 0;
done:
	git_tree_entry_free(te);
	git_tree_free(sub);
	git_tree_free(root);
	git_commit_free(c);
	hb_buf_fini(&p);
	return rc;
}

static const struct ent *
find_ent(const struct hb_git *g, const char *path)
{
	size_t lo = 0, hi = g->nents;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(g->ents[mid].path, path);

		if (c == 0)
			return &g->ents[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- the source ops ---- */

static struct hb_git *
git_of(struct hb_source *base)
{
	return &((struct gitsrc *)base)->git;
}

/* True when rel (relative to the content folder) is one source_fs.c
 * would not list: a dot-file or dot-folder on the way, node_modules,
 * DIR's own build folder. Sets *depth to rel's folder count. */
static bool
skipped(const char *path, const char *rel, bool at_root, size_t *depth)
{
	const char *s = rel;

	*depth = 0;
	if (at_root && (strcmp(path, "build") == 0 ||
	    strncmp(path, "build/", 6) == 0))
		return true;
	for (;;) {
		size_t n = strcspn(s, "/");

		if (s[0] == '.' || (n == 12 && memcmp(s, "node_modules",
		    12) == 0))
			return true;
		if (s[n] == '\0')
			return false;
		(*depth)++;
		s += n + 1;
	}
}

static int
git_list(struct hb_source *base, const char *content,
    struct hb_filelist *out, struct hb_diag *d)
{
	struct hb_git *g = git_of(base);
	size_t i, clen = strlen(content), nsites = 0;
	const char **sites = NULL;

	if (g->worktree)
		return hb_source_list(g->fs, content, out, d);
	if (clen > 0 && !hb_source_is_dir(base, content)) {
		struct hb_pos pos = { content, 0, 0 };

		hb_diag_error(d, &pos, "cannot open folder: %s",
		    strerror(ENOENT));
		return -1;
	}
	/* Folders holding a site handbook wrote (HB_SITE_MARK) are
	 * output committed by mistake, not content. */
	for (i = 0; i < g->nents; i++) {
		const char *name = strrchr(g->ents[i].path, '/');

		if (name != NULL && strcmp(name + 1, HB_SITE_MARK) == 0) {
			sites = hb_xrealloc(sites, (nsites + 1) *
			    sizeof(*sites));
			sites[nsites++] = g->ents[i].path;
		}
	}
	for (i = 0; i < g->nents; i++) {
		const struct ent *e = &g->ents[i];
		const char *rel = e->path;
		size_t depth, k;

		for (k = 0; k < nsites; k++) {
			size_t n = strlen(sites[k]) - strlen(HB_SITE_MARK);

			if (strncmp(e->path, sites[k], n) == 0)
				break;
		}
		if (k < nsites)
			continue;

		if (clen > 0) {
			if (strncmp(e->path, content, clen) != 0 ||
			    e->path[clen] != '/')
				continue;
			rel = e->path + clen + 1;
		}
		if (skipped(e->path, rel, clen == 0, &depth))
			continue;
		if (e->kind == ENT_DIR && depth == MAX_DEPTH) {
			struct hb_pos pos = { e->path, 0, 0 };

			hb_diag_warning(d, &pos, "folder nested deeper than 32 "
			    "levels; skipped");
			continue;
		}
		if (depth > MAX_DEPTH || e->kind == ENT_DIR)
			continue;
		if (e->kind == ENT_LINK) {
			struct hb_pos pos = { e->path, 0, 0 };

			hb_diag_warning(d, &pos, "symbolic link skipped "
			    "(content must be inside the handbook)");
			continue;
		}
		hb_filelist_add(out, e->path, rel, hb_is_markdown_name(rel) ?
		    HB_FILE_MARKDOWN : HB_FILE_ASSET);
	}
	free(sites);
	hb_filelist_sort(out);
	return 0;
}

/* Reads a file of the tree as a checkout would write it: checkout
 * filters (end-of-line conversion, ident) apply, with attributes taken
 * from the commit itself, so --ref builds equal builds of a checkout. */
static int
git_read(struct hb_source *base, const char *path, struct hb_buf *out,
    struct hb_diag *d)
{
	struct hb_git *g = git_of(base);
	struct hb_pos pos = { path, 0, 0 };
	const struct ent *e;
	git_blob *blob = NULL;
	git_buf fb = { NULL, 0, 0 };
	git_blob_filter_options fo;
	git_repository *repo;
	pthread_mutex_t *held;
	struct hb_buf full;
	int rc = -1;

	if (g->worktree)
		return hb_source_read(g->fs, path, out, d);
	e = find_ent(g, path);
	if (e == NULL || e->kind != ENT_FILE) {
		hb_diag_error(d, &pos, "cannot read: %s", strerror(ENOENT));
		return -1;
	}
	hb_buf_init(&full, HB_BUF_NOCAP);
	repo_path(&full, g->prefix, path);
	git_blob_filter_options_init(&fo, GIT_BLOB_FILTER_OPTIONS_VERSION);
	fo.flags = GIT_BLOB_FILTER_ATTRIBUTES_FROM_COMMIT;
	git_oid_cpy(&fo.attr_commit_id, &g->commit);
	repo = reader_lock(g, &held);
	if (git_blob_lookup(&blob, repo, &e->oid) != 0 ||
	    git_blob_filter(&fb, blob, hb_buf_str(&full), &fo) != 0) {
		hb_diag_error(d, &pos, "cannot read: %s", git_msg());
		goto done;
	}
	hb_buf_append(out, fb.ptr, fb.size);
	if (out->overflow) {
		hb_diag_error(d, &pos, "file larger than %zu bytes; split it "
		    "into smaller files", out->max);
		goto done;
	}
	rc = 0;
done:
	git_buf_dispose(&fb);
	git_blob_free(blob);
	pthread_mutex_unlock(held);
	hb_buf_fini(&full);
	return rc;
}

static bool
git_is_dir(struct hb_source *base, const char *path)
{
	struct hb_git *g = git_of(base);
	const struct ent *e;

	if (g->worktree)
		return hb_source_is_dir(g->fs, path);
	if (path[0] == '\0' || strcmp(path, ".") == 0)
		return true;
	e = find_ent(g, path);
	return e != NULL && e->kind == ENT_DIR;
}

static bool
git_exists(struct hb_source *base, const char *path)
{
	struct hb_git *g = git_of(base);
	const struct ent *e;

	if (g->worktree)
		return hb_source_exists(g->fs, path);
	e = find_ent(g, path);
	return e != NULL && e->kind == ENT_FILE;
}

static void
git_free(struct hb_source *base)
{
	struct hb_git *g = git_of(base);
	size_t i;

	for (i = 0; i < g->nents; i++)
		free(g->ents[i].path);
	free(g->ents);
	hb_source_free(g->fs);
	for (i = 0; i < NREADERS; i++) {
		git_repository_free(g->rd[i].repo);
		pthread_mutex_destroy(&g->rd[i].lock);
	}
	git_repository_free(g->repo);
	free(g->prefix);
	free(g->gitdir);
	pthread_mutex_destroy(&g->lock);
	free(base);
	git_libgit2_shutdown();
}

static const struct hb_source_ops git_ops = {
	git_list, git_read, git_is_dir, git_exists, git_free
};

/* ---- opening ---- */

/* Resolves ref (or HEAD) to the commit being built. HEAD may be unborn
 * (a repository without commits): then there is simply no history. */
static int
resolve(struct hb_git *g, const char *ref, struct hb_diag *d)
{
	git_object *obj = NULL;
	git_commit *c = NULL;
	int rc = -1;

	if (ref == NULL && git_repository_head_unborn(g->repo) == 1)
		return 0;
	if (git_revparse_single(&obj, g->repo, ref ? ref : "HEAD") != 0) {
		hb_diag_error(d, NULL, "unknown revision '%s': %s",
		    ref ? ref : "HEAD", git_msg());
		goto done;
	}
	if (git_object_peel((git_object **)&c, obj, GIT_OBJECT_COMMIT) != 0) {
		hb_diag_error(d, NULL, "'%s' does not name a commit: %s",
		    ref ? ref : "HEAD", git_msg());
		goto done;
	}
	git_oid_cpy(&g->commit, git_commit_id(c));
	hb_iso_date(g->date, (long long)git_commit_time(c));
	g->has_commit = true;
	rc = 0;
done:
	git_commit_free(c);
	git_object_free(obj);
	return rc;
}

struct hb_source *
hb_source_git_new(const char *dir, const char *ref, struct hb_diag *d)
{
	struct gitsrc *s = hb_xcalloc(1, sizeof(*s));
	struct hb_git *g = &s->git;

	git_libgit2_init();
	/* We only read: re-hashing every object read (libgit2's default)
	 * cost a third of history's time; checking the object database is
	 * git fsck's job. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	s->base.ops = &git_ops;
	pthread_mutex_init(&g->lock, NULL);
	for (size_t i = 0; i < NREADERS; i++)
		pthread_mutex_init(&g->rd[i].lock, NULL);
	g->worktree = ref == NULL;
	if (open_repo(dir, &g->repo) != 0) {
		struct hb_pos pos = { dir, 0, 0 };

		hb_diag_error(d, &pos, "not in a git repository%s: %s",
		    ref ? " (--ref needs one)" : "", git_msg());
		goto fail;
	}
	g->prefix = dir_prefix(g->repo, dir);
	g->gitdir = hb_xstrdup(git_repository_path(g->repo));
	if (g->worktree && git_repository_is_bare(g->repo)) {
		hb_diag_error(d, NULL, "'%s' is a bare repository: name the "
		    "commit to build with --ref", dir);
		goto fail;
	}
	if (resolve(g, ref, d) != 0)
		goto fail;
	if (g->worktree)
		g->fs = hb_source_fs_new(dir);
	else if (index_tree(g, ref, d) != 0)
		goto fail;
	return &s->base;
fail:
	git_free(&s->base);
	return NULL;
}

bool
hb_git_found(const char *dir)
{
	git_repository *r = NULL;
	bool found;

	git_libgit2_init();
	found = open_repo(dir, &r) == 0;
	git_repository_free(r);
	git_libgit2_shutdown();
	return found;
}

struct hb_git *
hb_source_git(struct hb_source *s)
{
	return s != NULL && s->ops == &git_ops ? git_of(s) : NULL;
}

const char *
hb_git_prefix(const struct hb_git *g)
{
	return g->prefix;
}

bool
hb_git_is_worktree(const struct hb_git *g)
{
	return g->worktree;
}

const char *
hb_git_date(const struct hb_git *g)
{
	return g->has_commit ? g->date : NULL;
}

bool
hb_git_head(const struct hb_git *g, struct hb_git_oid *out)
{
	if (!g->has_commit)
		return false;
	oid_out(out, &g->commit);
	return true;
}

/* ---- blobs ---- */

int
hb_git_blob(struct hb_git *g, const struct hb_git_oid *id,
    struct hb_buf *out, struct hb_diag *d)
{
	git_blob *blob = NULL;
	git_repository *repo;
	pthread_mutex_t *held;
	git_oid oid;
	int rc = 0;

	oid_in(&oid, id);
	repo = reader_lock(g, &held);
	if (git_blob_lookup(&blob, repo, &oid) != 0) {
		hb_diag_error(d, NULL, "cannot read blob %s: %s",
		    git_oid_tostr_s(&oid), git_msg());
		rc = -1;
	} else {
		hb_buf_append(out, git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob));
	}
	git_blob_free(blob);
	pthread_mutex_unlock(held);
	return rc;
}

bool
hb_git_blob_at(struct hb_git *g, const struct hb_git_oid *commit,
    const char *path, struct hb_git_oid *out)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	git_oid oid;
	struct hb_buf p;
	bool found = false;

	hb_buf_init(&p, HB_BUF_NOCAP);
	repo_path(&p, g->prefix, path);
	oid_in(&oid, commit);
	pthread_mutex_lock(&g->lock);
	if (git_commit_lookup(&c, g->repo, &oid) == 0 &&
	    git_commit_tree(&t, c) == 0 &&
	    git_tree_entry_bypath(&e, t, hb_buf_str(&p)) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
		oid_out(out, git_tree_entry_id(e));
		found = true;
	}
	git_tree_entry_free(e);
	git_tree_free(t);
	git_commit_free(c);
	pthread_mutex_unlock(&g->lock);
	hb_buf_fini(&p);
	return found;
}

/* ---- the log ---- */

struct node {
	git_oid id;
	git_commit *c;
	size_t *parents;	/* indices into the node table; first first */
	size_t nparents;
	size_t indeg;		/* children not yet emitted */
	bool boundary;
	bool has_sub;
	git_oid sub;		/* the content folder's tree */
};

struct walk {
	git_repository *repo;
	struct node *v;
	size_t n, cap;
	size_t *slot;		/* open addressing: node index + 1 */
	size_t nslot;		/* power of two */
	git_oid *shallow;	/* commits whose parents git cut off */
	size_t nshallow;
};

static size_t
oid_hash(const git_oid *id)
{
	size_t h;

	memcpy(&h, id->id, sizeof(h));
	return h;
}

static size_t *
slot_of(struct walk *w, const git_oid *id)
{
	size_t i = oid_hash(id) & (w->nslot - 1);

	while (w->slot[i] != 0 && !git_oid_equal(&w->v[w->slot[i] - 1].id,
	    id))
		i = (i + 1) & (w->nslot - 1);
	return &w->slot[i];
}

static void
grow_slots(struct walk *w)
{
	size_t *old = w->slot, nold = w->nslot, i;

	w->nslot = nold ? nold * 2 : 1024;
	w->slot = hb_xcalloc(w->nslot, sizeof(*w->slot));
	for (i = 0; i < nold; i++)
		if (old[i] != 0)
			*slot_of(w, &w->v[old[i] - 1].id) = old[i];
	free(old);
}

/* Returns the node index of id, adding it (commit looked up) when new;
 * SIZE_MAX when the commit is not in the repository (shallow). */
static size_t
node_get(struct walk *w, const git_oid *id, bool *added)
{
	size_t *s;
	git_commit *c;

	*added = false;
	if ((w->n + 1) * 2 > w->nslot)
		grow_slots(w);
	s = slot_of(w, id);
	if (*s != 0)
		return *s - 1;
	if (git_commit_lookup(&c, w->repo, id) != 0)
		return SIZE_MAX;
	w->v = hb_xgrow(w->v, &w->cap, w->n + 1, sizeof(*w->v));
	memset(&w->v[w->n], 0, sizeof(w->v[w->n]));
	git_oid_cpy(&w->v[w->n].id, id);
	w->v[w->n].c = c;
	*s = ++w->n;
	*added = true;
	return w->n - 1;
}

/* .git/shallow lists the commits whose parents a shallow clone left
 * out. libgit2 1.5 does not read it (its revwalk fails there), so the
 * walk below is ours. */
static void
read_shallow(struct walk *w)
{
	struct hb_buf p;
	FILE *fp;
	char line[128];
	size_t cap = 0;

	hb_buf_init(&p, HB_BUF_NOCAP);
	hb_buf_printf(&p, "%sshallow", git_repository_commondir(w->repo));
	fp = fopen(hb_buf_str(&p), "r");
	hb_buf_fini(&p);
	if (fp == NULL)
		return;
	while (fgets(line, sizeof(line), fp) != NULL) {
		git_oid id;

		line[strcspn(line, "\r\n")] = '\0';
		if (git_oid_fromstr(&id, line) != 0)
			continue;
		w->shallow = hb_xgrow(w->shallow, &cap, w->nshallow + 1,
		    sizeof(*w->shallow));
		w->shallow[w->nshallow++] = id;
	}
	fclose(fp);
}

static bool
is_shallow_commit(const struct walk *w, const git_oid *id)
{
	size_t i;

	for (i = 0; i < w->nshallow; i++)
		if (git_oid_equal(&w->shallow[i], id))
			return true;
	return false;
}

/* Collects every commit reachable from start. */
static int
collect(struct walk *w, const git_oid *start, struct hb_diag *d)
{
	size_t *stack = NULL, nstack = 0, capstack = 0, i, k;
	bool added;

	i = node_get(w, start, &added);
	if (i == SIZE_MAX) {
		hb_diag_error(d, NULL, "cannot read commit %s: %s",
		    git_oid_tostr_s(start), git_msg());
		return -1;
	}
	stack = hb_xgrow(stack, &capstack, 1, sizeof(*stack));
	stack[nstack++] = i;
	while (nstack > 0) {
		struct node *nd;
		size_t np;

		i = stack[--nstack];
		nd = &w->v[i];
		if (is_shallow_commit(w, &nd->id)) {
			nd->boundary = true;
			continue;
		}
		np = git_commit_parentcount(nd->c);
		w->v[i].parents = hb_xcalloc(np + 1, sizeof(size_t));
		for (k = 0; k < np; k++) {
			size_t p = node_get(w, git_commit_parent_id(w->v[i].c,
			    (unsigned)k), &added);

			if (p == SIZE_MAX) {
				/* A parent the clone does not have. */
				w->v[i].boundary = true;
				break;
			}
			w->v[i].parents[w->v[i].nparents++] = p;
			if (added) {
				stack = hb_xgrow(stack, &capstack, nstack + 1,
				    sizeof(*stack));
				stack[nstack++] = p;
			}
		}
		if (w->v[i].boundary)
			w->v[i].nparents = 0;
	}
	free(stack);
	return 0;
}

/* Heap order: later committer time first, then smaller id. */
static bool
before(const struct walk *w, size_t a, size_t b)
{
	git_time_t ta = git_commit_time(w->v[a].c);
	git_time_t tb = git_commit_time(w->v[b].c);

	if (ta != tb)
		return ta > tb;
	return git_oid_cmp(&w->v[a].id, &w->v[b].id) < 0;
}

static void
heap_push(const struct walk *w, size_t *h, size_t *n, size_t x)
{
	size_t i = (*n)++;

	h[i] = x;
	while (i > 0 && before(w, h[i], h[(i - 1) / 2])) {
		size_t t = h[i];

		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static size_t
heap_pop(const struct walk *w, size_t *h, size_t *n)
{
	size_t top = h[0], i = 0;

	h[0] = h[--(*n)];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i, t;

		if (l < *n && before(w, h[l], h[m]))
			m = l;
		if (r < *n && before(w, h[r], h[m]))
			m = r;
		if (m == i)
			break;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
	return top;
}

/* Children before parents; among the commits ready, the latest first
 * (git log --topo-order with dates breaking ties). */
static size_t *
topo_order(struct walk *w)
{
	size_t *order = hb_xcalloc(w->n + 1, sizeof(*order));
	size_t *heap = hb_xcalloc(w->n + 1, sizeof(*heap));
	size_t nheap = 0, n = 0, i, k;

	for (i = 0; i < w->n; i++)
		for (k = 0; k < w->v[i].nparents; k++)
			w->v[w->v[i].parents[k]].indeg++;
	for (i = 0; i < w->n; i++)
		if (w->v[i].indeg == 0)
			heap_push(w, heap, &nheap, i);
	while (nheap > 0) {
		size_t x = heap_pop(w, heap, &nheap);

		order[n++] = x;
		for (k = 0; k < w->v[x].nparents; k++) {
			size_t p = w->v[x].parents[k];

			if (--w->v[p].indeg == 0)
				heap_push(w, heap, &nheap, p);
		}
	}
	free(heap);
	return order;
}

/* The tree of the content folder in commit nd, when there is one. */
static void
find_sub(struct node *nd, const char *path)
{
	git_tree *t = NULL;
	git_tree_entry *e = NULL;

	if (git_commit_tree(&t, nd->c) != 0)
		return;
	if (path[0] == '\0') {
		git_oid_cpy(&nd->sub, git_tree_id(t));
		nd->has_sub = true;
	} else if (git_tree_entry_bypath(&e, t, path) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		git_oid_cpy(&nd->sub, git_tree_entry_id(e));
		nd->has_sub = true;
	}
	git_tree_entry_free(e);
	git_tree_free(t);
}

static bool
is_blob_mode(uint16_t mode)
{
	return mode == GIT_FILEMODE_BLOB ||
	    mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/* Turns one libgit2 delta into ours: only Markdown blobs count, paths
 * become DIR-relative (content/rel). Returns false to skip it. */
static bool
convert_delta(struct hb_arena *a, const char *content,
    const git_diff_delta *gd, bool md_only, struct hb_git_delta *out)
{
	bool has_old, has_new;

	if (gd->status == GIT_DELTA_UNMODIFIED ||
	    gd->status == GIT_DELTA_IGNORED)
		return false;
	has_old = gd->status != GIT_DELTA_ADDED &&
	    gd->status != GIT_DELTA_UNTRACKED;
	has_new = gd->status != GIT_DELTA_DELETED;
	if (has_old && (!is_blob_mode(gd->old_file.mode) ||
	    (md_only && !hb_is_markdown_name(gd->old_file.path))))
		has_old = false;
	if (has_new && (!is_blob_mode(gd->new_file.mode) ||
	    (md_only && !hb_is_markdown_name(gd->new_file.path))))
		has_new = false;
	if (!has_old && !has_new)
		return false;
	memset(out, 0, sizeof(*out));
	if (has_old) {
		out->old_path = dir_path(a, content, gd->old_file.path);
		oid_out(&out->old_blob, &gd->old_file.id);
	}
	if (has_new) {
		out->new_path = dir_path(a, content, gd->new_file.path);
		oid_out(&out->new_blob, &gd->new_file.id);
	}
	if (!has_old)
		out->status = HB_GIT_ADDED;
	else if (!has_new)
		out->status = HB_GIT_DELETED;
	else if (strcmp(out->old_path, out->new_path) != 0)
		out->status = HB_GIT_RENAMED;
	else
		out->status = HB_GIT_MODIFIED;
	return true;
}

/* Deltas of a diff, renames found, into an arena array. */
static int
collect_deltas(git_diff *diff, struct hb_arena *a, const char *content,
    bool md_only, struct hb_git_delta **out, size_t *n)
{
	git_diff_find_options fo;
	size_t i, nd;

	git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION);
	fo.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_FOR_UNTRACKED;
	if (git_diff_find_similar(diff, &fo) != 0)
		return -1;
	nd = git_diff_num_deltas(diff);
	*out = hb_arena_alloc(a, (nd + 1) * sizeof(**out));
	*n = 0;
	for (i = 0; i < nd; i++)
		if (convert_delta(a, content, git_diff_get_delta(diff, i),
		    md_only, &(*out)[*n]))
			(*n)++;
	return 0;
}

/* Our tree diff: subtrees with equal ids are skipped, so a commit that
 * changes three files costs a few tree reads. libgit2's diff is used
 * only when renames are possible (something added and something
 * deleted). */
struct tdiff {
	git_repository *repo;
	struct hb_arena *a;
	const char *content;
	struct hb_git_delta *v;
	size_t n, cap;
	bool added, deleted;
};

static void
tdiff_add(struct tdiff *t, const char *dir, const git_tree_entry *old,
    const git_tree_entry *new)
{
	const char *name = git_tree_entry_name(old ? old : new);
	struct hb_git_delta *x;
	char *rel;

	if (!hb_is_markdown_name(name))
		return;
	if (old != NULL && !is_blob_mode(git_tree_entry_filemode(old)))
		old = NULL;
	if (new != NULL && !is_blob_mode(git_tree_entry_filemode(new)))
		new = NULL;
	if (old == NULL && new == NULL)
		return;
	rel = hb_arena_printf(t->a, "%s%s", dir, name);
	if (t->n == t->cap) {
		struct hb_git_delta *nv;

		t->cap = t->cap ? t->cap * 2 : 8;
		nv = hb_arena_alloc(t->a, t->cap * sizeof(*nv));
		if (t->n > 0)
			memcpy(nv, t->v, t->n * sizeof(*nv));
		t->v = nv;
	}
	x = &t->v[t->n++];
	memset(x, 0, sizeof(*x));
	if (old != NULL) {
		x->old_path = dir_path(t->a, t->content, rel);
		oid_out(&x->old_blob, git_tree_entry_id(old));
	}
	if (new != NULL) {
		x->new_path = old ? x->old_path : dir_path(t->a, t->content,
		    rel);
		oid_out(&x->new_blob, git_tree_entry_id(new));
	}
	x->status = old == NULL ? HB_GIT_ADDED : new == NULL ?
	    HB_GIT_DELETED : HB_GIT_MODIFIED;
	t->added |= old == NULL;
	t->deleted |= new == NULL;
}

/* Recursive, but only MAX_DEPTH folders deep: files deeper are not
 * content (git_list skips them), so their changes do not matter. */
static int
tdiff_trees(struct tdiff *t, const git_oid *a, const git_oid *b,
    const char *dir, int depth)
{
	git_tree *ta = NULL, *tb = NULL;
	size_t i = 0, j = 0, na, nb;
	int rc = -1;

	if ((a != NULL && git_tree_lookup(&ta, t->repo, a) != 0) ||
	    (b != NULL && git_tree_lookup(&tb, t->repo, b) != 0))
		goto done;
	na = ta ? git_tree_entrycount(ta) : 0;
	nb = tb ? git_tree_entrycount(tb) : 0;
	while (i < na || j < nb) {
		const git_tree_entry *ea = i < na ?
		    git_tree_entry_byindex(ta, i) : NULL;
		const git_tree_entry *eb = j < nb ?
		    git_tree_entry_byindex(tb, j) : NULL;
		int c = ea == NULL ? 1 : eb == NULL ? -1 :
		    git_tree_entry_cmp(ea, eb);
		const git_tree_entry *x = c <= 0 ? ea : NULL;
		const git_tree_entry *y = c >= 0 ? eb : NULL;
		bool xt, yt;
		char *sub;

		i += c <= 0;
		j += c >= 0;
		if (x != NULL && y != NULL &&
		    git_oid_equal(git_tree_entry_id(x), git_tree_entry_id(y)) &&
		    git_tree_entry_filemode(x) == git_tree_entry_filemode(y))
			continue;
		xt = x != NULL && git_tree_entry_type(x) == GIT_OBJECT_TREE;
		yt = y != NULL && git_tree_entry_type(y) == GIT_OBJECT_TREE;
		if ((xt || yt) && depth < MAX_DEPTH) {
			sub = hb_arena_printf(t->a, "%s%s/", dir,
			    git_tree_entry_name(xt ? x : y));
			if (tdiff_trees(t, xt ? git_tree_entry_id(x) : NULL,
			    yt ? git_tree_entry_id(y) : NULL, sub,
			    depth + 1) != 0)
				goto done;
		}
		if ((x != NULL && !xt) || (y != NULL && !yt))
			tdiff_add(t, dir, x && !xt ? x : NULL,
			    y && !yt ? y : NULL);
	}
	rc = 0;
done:
	git_tree_free(ta);
	git_tree_free(tb);
	return rc;
}

static int
commit_deltas(struct walk *w, struct node *nd, struct hb_arena *a,
    const char *content, struct hb_git_commit *out)
{
	const struct node *p = nd->nparents > 0 && !nd->boundary ?
	    &w->v[nd->parents[0]] : NULL;
	const git_oid *old = p != NULL && p->has_sub ? &p->sub : NULL;
	const git_oid *new = nd->has_sub ? &nd->sub : NULL;
	git_tree *to = NULL, *tn = NULL;
	git_diff *diff = NULL;
	git_diff_options o;
	struct tdiff t;
	int rc = -1;

	if (old == new || (old != NULL && new != NULL &&
	    git_oid_equal(old, new)))
		return 0;	/* nothing changed under content/ */
	memset(&t, 0, sizeof(t));
	t.repo = w->repo;
	t.a = a;
	t.content = content;
	if (tdiff_trees(&t, old, new, "", 0) != 0)
		return -1;
	out->deltas = t.v;
	out->ndeltas = t.n;
	if (!t.added || !t.deleted)
		return 0;
	/* Maybe a rename: let libgit2 pair them up. */
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	if ((old != NULL && git_tree_lookup(&to, w->repo, old) != 0) ||
	    (new != NULL && git_tree_lookup(&tn, w->repo, new) != 0) ||
	    git_diff_tree_to_tree(&diff, w->repo, to, tn, &o) != 0)
		goto done;
	rc = collect_deltas(diff, a, content, true, &out->deltas,
	    &out->ndeltas);
done:
	git_diff_free(diff);
	git_tree_free(to);
	git_tree_free(tn);
	return rc;
}

int
hb_git_log(struct hb_git *g, const char *content, struct hb_git_log *out,
    struct hb_diag *d)
{
	struct walk w;
	struct hb_buf sub;
	size_t *order = NULL, i, k;
	int rc = -1;

	memset(&w, 0, sizeof(w));
	hb_arena_init(&out->arena);
	out->v = NULL;
	out->n = 0;
	out->shallow = git_repository_is_shallow(g->repo) == 1;
	if (!g->has_commit)
		return 0;
	hb_buf_init(&sub, HB_BUF_NOCAP);
	w.repo = g->repo;
	/* Workers may read blobs meanwhile (serve); keep libgit2 to one
	 * thread. */
	pthread_mutex_lock(&g->lock);
	read_shallow(&w);
	if (collect(&w, &g->commit, d) != 0)
		goto done;
	order = topo_order(&w);
	repo_path(&sub, g->prefix, content);
	for (i = 0; i < w.n; i++)
		find_sub(&w.v[i], hb_buf_str(&sub));
	out->v = hb_arena_alloc(&out->arena, (w.n + 1) * sizeof(*out->v));
	for (i = 0; i < w.n; i++) {
		struct node *nd = &w.v[order[i]];
		struct hb_git_commit *c = &out->v[i];
		const git_signature *au = git_commit_author(nd->c);
		const char *subj = git_commit_summary(nd->c);
		char date[24];

		oid_out(&c->id, &nd->id);
		git_oid_tostr(c->short_id, sizeof(c->short_id), &nd->id);
		c->time = (long long)git_commit_time(nd->c);
		hb_iso_date(date, c->time);
		c->date = hb_arena_strdup(&out->arena, date);
		c->author = utf8_dup(&out->arena,
		    au && au->name ? au->name : "");
		c->subject = utf8_dup(&out->arena, subj ? subj : "");
		c->boundary = nd->boundary;
		if (nd->nparents > 1) {
			c->nmerged = nd->nparents - 1;
			c->merged = hb_arena_alloc(&out->arena,
			    c->nmerged * sizeof(*c->merged));
			for (k = 1; k < nd->nparents; k++)
				oid_out(&c->merged[k - 1],
				    &w.v[nd->parents[k]].id);
		}
		if (commit_deltas(&w, nd, &out->arena, content, c) != 0) {
			hb_diag_error(d, NULL, "cannot diff commit %s: %s",
			    c->short_id, git_msg());
			goto done;
		}
	}
	out->n = w.n;
	rc = 0;
done:
	pthread_mutex_unlock(&g->lock);
	for (i = 0; i < w.n; i++) {
		git_commit_free(w.v[i].c);
		free(w.v[i].parents);
	}
	free(w.v);
	free(w.slot);
	free(w.shallow);
	free(order);
	hb_buf_fini(&sub);
	return rc;
}

void
hb_git_log_fini(struct hb_git_log *l)
{
	hb_arena_fini(&l->arena);
	memset(l, 0, sizeof(*l));
}

/* ---- the working tree against a commit ---- */

static int
cmp_delta(const void *pa, const void *pb)
{
	const struct hb_git_delta *a = pa, *b = pb;
	int c = strcmp(a->new_path ? a->new_path : "",
	    b->new_path ? b->new_path : "");

	return c != 0 ? c : strcmp(a->old_path ? a->old_path : "",
	    b->old_path ? b->old_path : "");
}

/* Diffs tree (NULL for none) against the working tree with the index,
 * under pathspec (repository-relative, "" for everything); paths come
 * out relative to DIR (prefix stripped). */
static int
worktree_diff(git_repository *repo, git_tree *tree, const char *prefix,
    const char *content, bool md_only, struct hb_git_changes *out)
{
	git_diff_options o;
	git_diff *diff = NULL;
	struct hb_buf spec;
	char *specs[1];
	size_t i, k, plen = strlen(prefix);
	int rc = -1;

	hb_buf_init(&spec, HB_BUF_NOCAP);
	repo_path(&spec, prefix, content);
	specs[0] = (char *)hb_buf_str(&spec);
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
	if (spec.len > 0) {
		o.pathspec.strings = specs;
		o.pathspec.count = 1;
	}
	if (git_diff_tree_to_workdir_with_index(&diff, repo, tree, &o) != 0 ||
	    collect_deltas(diff, &out->arena, "", md_only, &out->v,
	    &out->n) != 0)
		goto done;
	/* Paths from the repository root to DIR-relative ones; a side
	 * outside DIR does not exist for us. */
	for (i = 0, k = 0; i < out->n; i++) {
		struct hb_git_delta x = out->v[i];

		if (x.old_path != NULL && strncmp(x.old_path, prefix,
		    plen) != 0)
			x.old_path = NULL;
		if (x.new_path != NULL && strncmp(x.new_path, prefix,
		    plen) != 0)
			x.new_path = NULL;
		if (x.old_path == NULL && x.new_path == NULL)
			continue;
		if (x.old_path != NULL)
			x.old_path += plen;
		else
			x.status = HB_GIT_ADDED;
		if (x.new_path != NULL)
			x.new_path += plen;
		else
			x.status = HB_GIT_DELETED;
		out->v[k++] = x;
	}
	out->n = k;
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_delta);
	rc = 0;
done:
	git_diff_free(diff);
	hb_buf_fini(&spec);
	return rc;
}

int
hb_git_worktree(struct hb_git *g, const char *content,
    struct hb_git_changes *out, struct hb_diag *d)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	int rc = -1;

	hb_arena_init(&out->arena);
	out->v = NULL;
	out->n = 0;
	pthread_mutex_lock(&g->lock);
	if (g->has_commit && (git_commit_lookup(&c, g->repo, &g->commit) != 0 ||
	    git_commit_tree(&t, c) != 0))
		goto fail;
	if (worktree_diff(g->repo, t, g->prefix, content, true, out) != 0)
		goto fail;
	rc = 0;
	goto done;
fail:
	hb_diag_error(d, NULL, "cannot compare the working tree with HEAD: "
	    "%s", git_msg());
done:
	git_tree_free(t);
	git_commit_free(c);
	pthread_mutex_unlock(&g->lock);
	return rc;
}

void
hb_git_changes_fini(struct hb_git_changes *c)
{
	hb_arena_fini(&c->arena);
	memset(c, 0, sizeof(*c));
}

int
hb_git_changed_files(const char *dir, const char *rev,
    struct hb_filelist *out, struct hb_diag *d)
{
	git_repository *repo = NULL;
	git_object *obj = NULL;
	git_tree *tree = NULL;
	struct hb_git_changes ch;
	char *prefix = NULL;
	size_t i;
	int rc = -1;

	git_libgit2_init();
	hb_arena_init(&ch.arena);
	ch.n = 0;
	if (open_repo(dir, &repo) != 0) {
		struct hb_pos pos = { dir, 0, 0 };

		hb_diag_error(d, &pos, "--changed-since needs a git "
		    "repository: %s", git_msg());
		goto done;
	}
	if (git_revparse_single(&obj, repo, rev) != 0 ||
	    git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE) != 0) {
		hb_diag_error(d, NULL, "unknown revision '%s': %s", rev,
		    git_msg());
		goto done;
	}
	prefix = dir_prefix(repo, dir);
	if (worktree_diff(repo, tree, prefix, "", false, &ch) != 0) {
		hb_diag_error(d, NULL, "cannot compare '%s' with the working "
		    "tree: %s", rev, git_msg());
		goto done;
	}
	for (i = 0; i < ch.n; i++) {
		const char *p = ch.v[i].new_path;

		if (ch.v[i].status == HB_GIT_DELETED || p == NULL)
			continue;
		hb_filelist_add(out, p, p, hb_is_markdown_name(p) ?
		    HB_FILE_MARKDOWN : HB_FILE_ASSET);
	}
	hb_filelist_sort(out);
	rc = 0;
done:
	hb_arena_fini(&ch.arena);
	free(prefix);
	git_tree_free(tree);
	git_object_free(obj);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

/* ---- tags ---- */

static int
cmp_tag(const void *pa, const void *pb)
{
	const struct hb_git_tag *a = pa, *b = pb;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	return strcmp(a->name, b->name);
}

int
hb_git_tags(struct hb_git *g, const char *glob, struct hb_git_tag **out,
    size_t *n, struct hb_diag *d)
{
	git_strarray names = { NULL, 0 };
	struct hb_git_tag *v = NULL;
	struct hb_buf ref;
	size_t i, nv = 0;
	int rc = -1;

	*out = NULL;
	*n = 0;
	hb_buf_init(&ref, HB_BUF_NOCAP);
	pthread_mutex_lock(&g->lock);
	if (git_tag_list_match(&names, glob, g->repo) != 0) {
		hb_diag_error(d, NULL, "cannot list tags: %s", git_msg());
		goto done;
	}
	v = hb_xcalloc(names.count + 1, sizeof(*v));
	for (i = 0; i < names.count; i++) {
		git_object *obj = NULL;
		git_commit *c = NULL;
		char date[24];

		hb_buf_reset(&ref);
		hb_buf_printf(&ref, "refs/tags/%s", names.strings[i]);
		if (git_revparse_single(&obj, g->repo, hb_buf_str(&ref)) != 0 ||
		    git_object_peel((git_object **)&c, obj,
		    GIT_OBJECT_COMMIT) != 0) {
			hb_diag_warning(d, NULL, "tag '%s' does not point at a "
			    "commit; it is not built as a version",
			    names.strings[i]);
			git_object_free(obj);
			continue;
		}
		v[nv].name = hb_xstrdup(names.strings[i]);
		git_oid_tostr(v[nv].id, sizeof(v[nv].id), git_commit_id(c));
		v[nv].time = (long long)git_commit_time(c);
		hb_iso_date(date, v[nv].time);
		v[nv].date = hb_xstrdup(date);
		nv++;
		git_commit_free(c);
		git_object_free(obj);
	}
	if (nv > 1)
		qsort(v, nv, sizeof(*v), cmp_tag);
	*out = v;
	*n = nv;
	v = NULL;
	rc = 0;
done:
	pthread_mutex_unlock(&g->lock);
	free(v);
	git_strarray_dispose(&names);
	hb_buf_fini(&ref);
	return rc;
}

void
hb_git_tags_free(struct hb_git_tag *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].date);
	}
	free(v);
}
