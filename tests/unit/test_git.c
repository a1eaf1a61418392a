/* Unit tests: source_git.c and history.c (issue #6). Repositories are
 * made at test time, with fixed dates and authors, by the scripts in
 * tests/git, and the larger one by ../shared/tools/gen-corpus when it is
 * there. */
#include "harness.h"
#include "util.h"

#include <limits.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "dump.h"
#include "changes.h"
#include "history.h"
#include "repo.h"
#include "links.h"
#include "source.h"
#include "source_git.h"
#include "xalloc.h"

static char root[64];		/* every repository of this run */
static char scripts[PATH_MAX];	/* tests/git */

/* ---- fixtures ---- */

static int
sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* Makes ROOT/name with tests/git/<script>.sh once; returns its path. */
static const char *
fixture(const char *script, const char *name)
{
	static char path[8][256];
	static int next;
	char *p = path[next++ % 8];
	struct stat st;

	snprintf(p, 256, "%s/%s", root, name);
	if (stat(p, &st) != 0 &&
	    sh("sh %s/%s.sh %s >/dev/null 2>&1", scripts, script, p) != 0)
		return NULL;
	return p;
}

/* A clone of ROOT/src as ROOT/name, with extra git clone options. */
static const char *
clone(const char *src, const char *name, const char *opts)
{
	static char path[8][256];
	static int next;
	char *p = path[next++ % 8];
	struct stat st;

	snprintf(p, 256, "%s/%s", root, name);
	if (stat(p, &st) == 0)
		return p;
	if (sh("GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null "
	    "git clone -q %s file://%s %s >/dev/null 2>&1", opts, src, p) != 0)
		return NULL;
	return p;
}

/* ---- loading a handbook the way `dump` does ---- */

struct hb {
	struct hb_options o;
	struct hb_build b;
	struct hb_history_stats st;
	int rc;
};

static struct hb_document *
load_fn(const void *ctx, const char *path, const char *rel, const char *text,
    size_t n, struct hb_diag *d)
{
	return hb_build_load_text(ctx, NULL, path, rel, text, n, d);
}

/* Loads dir (at ref when not NULL), with history unless flags has
 * NO_HISTORY; links ids. h->rc is 0 when everything worked. */
#define NO_HISTORY 0x100u

static void
hb_open(struct hb *h, const char *dir, const char *ref, int jobs,
    unsigned flags)
{
	struct hb_history_loader ld = { load_fn, &h->b };

	memset(h, 0, sizeof(*h));
	h->o.cmd = HB_CMD_DUMP;
	h->o.dir = dir;
	h->o.ref = ref;
	h->o.jobs = jobs;
	h->rc = hb_build_init(&h->b, &h->o, dir);
	if (h->rc == 0)
		h->rc = hb_build_load_content(&h->b);
	if (h->rc == 0 && !(flags & NO_HISTORY))
		h->rc = hb_history_compute(h->b.src, h->b.content, &h->b.site,
		    &ld, jobs, flags & ~NO_HISTORY, &h->st, &h->b.diag);
	hb_build_link(&h->b);
}

static void
hb_close(struct hb *h)
{
	hb_build_fini(&h->b);
}

static const struct hb_question *
q_of(struct hb *h, const char *id)
{
	return hb_site_find(&h->b.site, id);
}

/* The dump plus every history field, as text (owned). */
static char *
everything(struct hb *h)
{
	struct hb_buf out;
	size_t i, k, m;

	hb_buf_init(&out, HB_BUF_NOCAP);
	hb_dump_site(&h->b.site, &out);
	for (i = 0; i < h->b.site.ndocs; i++)
		for (k = 0; k < h->b.site.docs[i]->nquestions; k++) {
			const struct hb_question *q =
			    &h->b.site.docs[i]->questions[k];

			hb_buf_printf(&out, "%s %d", q->id, q->uncommitted);
			for (m = 0; m < q->nhistory; m++)
				hb_buf_printf(&out, " [%s %s %s %s]",
				    q->history[m].id, q->history[m].date,
				    q->history[m].author,
				    q->history[m].subject);
			hb_buf_putc(&out, '\n');
		}
	return hb_buf_detach(&out);
}

static size_t
count_diags(struct hb_diag *d, const char *needle)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		if (strstr(d->v[i].msg, needle) != NULL)
			n++;
	return n;
}

/* ---- per-question history ---- */

TEST(question_dates)
{
	const char *dir = fixture("basic", "basic");
	const struct hb_question *q;
	struct hb h;

	CHECK(dir != NULL);
	hb_open(&h, dir, NULL, 2, 0);
	CHECK_INT(h.rc, 0);
	CHECK_INT(hb_diag_count(&h.b.diag, HB_SEV_WARNING), 0);
	q = q_of(&h, "goroutine");
	CHECK(q != NULL);
	CHECK_STR(q->created, "2024-01-01T00:00:00Z");
	CHECK_STR(q->updated, "2024-01-06T00:00:00Z");
	CHECK_INT(q->nauthors, 2);
	CHECK_STR(q->authors[0], "Alice");
	CHECK_STR(q->authors[1], "Carol");
	CHECK_INT(q->nhistory, 3);
	CHECK_STR(q->history[0].subject, "Drop channel, add select");
	CHECK_STR(q->history[1].subject, "Stacks shrink too");
	CHECK_STR(q->history[2].subject, "Add basics");
	CHECK_STR(q->history[2].date, "2024-01-01T00:00:00Z");
	CHECK_INT(strlen(q->history[0].id), 7);
	CHECK(!q->uncommitted);
	q = q_of(&h, "why-does-defer-run-last");
	CHECK(q != NULL);
	CHECK_STR(q->created, "2024-01-02T00:00:00Z");
	CHECK_STR(q->updated, "2024-01-03T00:00:00Z");
	CHECK_INT(q->nauthors, 2);
	CHECK_STR(q->authors[0], "Bob");
	CHECK_STR(q->authors[1], "Carol");
	q = q_of(&h, "what-does-select-do");
	CHECK(q != NULL);
	CHECK_STR(q->created, "2024-01-06T00:00:00Z");
	CHECK_STR(q->updated, "2024-01-06T00:00:00Z");
	CHECK_INT(q->nhistory, 1);
	hb_close(&h);
}

/* An edit at the end of a file changes only its last question. */
TEST(end_of_file_edit)
{
	const char *dir = fixture("basic", "basic");
	struct hb h;

	CHECK(dir != NULL);
	hb_open(&h, dir, "HEAD~3", 1, 0);	/* "Explain defer order" */
	CHECK_INT(h.rc, 0);
	CHECK_STR(q_of(&h, "goroutine")->updated, "2024-01-01T00:00:00Z");
	CHECK_STR(q_of(&h, "how-does-a-channel-block")->updated,
	    "2024-01-01T00:00:00Z");
	CHECK_STR(q_of(&h, "why-does-defer-run-last")->updated,
	    "2024-01-03T00:00:00Z");
	hb_close(&h);
}

TEST(rename_keeps_history)
{
	const char *dir = fixture("basic", "basic");
	const struct hb_question *q;
	struct hb h;
	size_t i, k;

	CHECK(dir != NULL);
	hb_open(&h, dir, "v2.0", 1, 0);	/* right after git mv */
	CHECK_INT(h.rc, 0);
	CHECK_INT(h.b.site.ndocs, 1);
	CHECK_STR(h.b.site.docs[0]->path, "content/b.md");
	q = q_of(&h, "goroutine");
	CHECK_STR(q->created, "2024-01-01T00:00:00Z");
	CHECK_STR(q->updated, "2024-01-04T00:00:00Z");
	/* The rename itself changed no question. */
	for (i = 0; i < h.b.site.nquestions; i++)
		for (k = 0; k < h.b.site.by_id[i]->nhistory; k++)
			CHECK(strcmp(h.b.site.by_id[i]->history[k].subject,
			    "Rename a.md to b.md") != 0);
	hb_close(&h);
}

TEST(merge_commits)
{
	const char *dir = fixture("merge", "merge");
	const struct hb_question *q;
	struct hb h;

	CHECK(dir != NULL);
	hb_open(&h, dir, NULL, 2, 0);
	CHECK_INT(h.rc, 0);
	q = q_of(&h, "what-is-one");
	CHECK_INT(q->nhistory, 2);
	CHECK_STR(q->history[0].subject, "Improve one");
	CHECK_STR(q->history[1].subject, "Add one and two");
	q = q_of(&h, "what-is-two");
	CHECK_INT(q->nhistory, 2);
	CHECK_STR(q->history[0].subject, "Improve two");
	CHECK_STR(q->authors[1], "Bob");
	CHECK_STR(q->updated, "2024-01-02T00:00:00Z");
	hb_close(&h);
}

/* Following structure through diffs must agree with parsing every
 * version, on ordinary and on treacherous edits. */
static void
fast_equals_exact(const char *dir)
{
	struct hb fast, exact;
	char *a = NULL, *b = NULL;

	hb_open(&fast, dir, NULL, 2, 0);
	hb_open(&exact, dir, NULL, 2, HB_HISTORY_EXACT);
	if (fast.rc == 0 && exact.rc == 0) {
		a = everything(&fast);
		b = everything(&exact);
	}
	hb_close(&fast);
	hb_close(&exact);
	if (a == NULL || b == NULL || strcmp(a, b) != 0)
		HB_T_FAIL("%s: fast and exact history differ", dir);
	free(a);
	free(b);
}

TEST(fast_path_agrees)
{
	const char *basic = fixture("basic", "basic");
	const char *merge = fixture("merge", "merge");
	const char *edits = fixture("edits", "edits");
	struct hb h;

	CHECK(basic != NULL && merge != NULL && edits != NULL);
	fast_equals_exact(basic);
	fast_equals_exact(merge);
	fast_equals_exact(edits);
	/* The edits fixture really exercises both ways. */
	hb_open(&h, edits, NULL, 1, 0);
	CHECK(h.st.parsed > 0);
	CHECK(h.st.derived > 0);
	/* Trailing blank lines are no change. */
	CHECK_STR(q_of(&h, "what-is-a-string")->updated,
	    "2024-01-05T00:00:00Z");
	CHECK_STR(q_of(&h, "setext-title")->created, "2024-01-14T00:00:00Z");
	CHECK_STR(q_of(&h, "leak")->created, "2024-01-08T00:00:00Z");
	/* A freed label makes a record; a closed comment shows a heading:
	 * both questions are new there, not older. */
	CHECK_STR(q_of(&h, "what-is-a-label")->created,
	    "2024-01-16T00:00:00Z");
	CHECK_STR(q_of(&h, "what-is-second")->created,
	    "2024-01-17T00:00:00Z");
	/* A page that stopped reading as a numbered list of questions. */
	CHECK_STR(q_of(&h, "what-is-second-2")->created,
	    "2024-01-18T00:00:00Z");
	hb_close(&h);
}

TEST(shallow_clone)
{
	const char *src = fixture("basic", "basic");
	const char *one, *two;
	struct hb h;
	size_t i;

	CHECK(src != NULL);
	one = clone(src, "shallow1", "--depth 1");
	two = clone(src, "shallow2", "--depth 2");
	CHECK(one != NULL && two != NULL);
	hb_open(&h, one, NULL, 2, 0);
	CHECK_INT(h.rc, 0);
	CHECK_INT(count_diags(&h.b.diag, "shallow clone"), 1);
	for (i = 0; i < h.b.site.nquestions; i++) {
		CHECK(h.b.site.by_id[i]->created == NULL);
		CHECK(h.b.site.by_id[i]->updated == NULL);
		CHECK(h.b.site.by_id[i]->authors == NULL);
	}
	hb_close(&h);
	/* Two commits: what happened in the newest one is known. */
	hb_open(&h, two, NULL, 2, 0);
	CHECK_INT(h.rc, 0);
	CHECK_INT(count_diags(&h.b.diag, "shallow clone"), 1);
	CHECK_STR(q_of(&h, "what-does-select-do")->created,
	    "2024-01-06T00:00:00Z");
	CHECK(q_of(&h, "goroutine")->created == NULL);
	CHECK_STR(q_of(&h, "goroutine")->updated, "2024-01-06T00:00:00Z");
	CHECK(q_of(&h, "why-does-defer-run-last")->created == NULL);
	CHECK(q_of(&h, "why-does-defer-run-last")->updated == NULL);
	hb_close(&h);
}

/* --ref builds a commit's tree straight from the object database: the
 * result equals building a checkout of that commit. */
static void
ref_vs_checkout(const char *src, const char *ref, const char *name)
{
	char co[256], ex[256];
	struct hb a, b;
	char *ja = NULL, *jb = NULL;

	snprintf(co, sizeof(co), "%s/%s", root, name);
	snprintf(ex, sizeof(ex), "%s/%s-export", root, name);
	if (clone(src, name, "") == NULL ||
	    sh("cd %s && git -c advice.detachedHead=false checkout -q %s",
	    co, ref) != 0 ||
	    sh("mkdir -p %s && git -C %s archive %s | tar -x -C %s", ex, src,
	    ref, ex) != 0) {
		HB_T_FAIL("cannot check out %s", ref);
		return;
	}
	/* With history: the clone's HEAD is the same commit. */
	hb_open(&a, src, ref, 2, 0);
	hb_open(&b, co, NULL, 2, 0);
	if (a.rc == 0 && b.rc == 0) {
		ja = everything(&a);
		jb = everything(&b);
	}
	if (ja == NULL || jb == NULL || strcmp(ja, jb) != 0)
		HB_T_FAIL("--ref %s differs from a checkout", ref);
	free(ja);
	free(jb);
	hb_close(&a);
	hb_close(&b);
	/* Without history: a plain export outside git. */
	hb_open(&a, src, ref, 1, NO_HISTORY);
	hb_open(&b, ex, NULL, 1, NO_HISTORY);
	ja = everything(&a);
	jb = everything(&b);
	if (a.rc != 0 || b.rc != 0 || strcmp(ja, jb) != 0)
		HB_T_FAIL("--ref %s differs from an export", ref);
	free(ja);
	free(jb);
	hb_close(&a);
	hb_close(&b);
}

TEST(ref_equals_checkout)
{
	const char *src = fixture("basic", "basic");

	CHECK(src != NULL);
	ref_vs_checkout(src, "v1.0", "co-v1");
	ref_vs_checkout(src, "v2.0", "co-v2");
}

TEST(bad_ref)
{
	const char *src = fixture("basic", "basic");
	struct hb_diag d;
	struct hb_source *s;

	CHECK(src != NULL);
	hb_diag_init(&d);
	s = hb_source_git_new(src, "no-such-tag", &d);
	CHECK(s == NULL);
	CHECK_CONTAINS(t_diags(&d), "unknown revision 'no-such-tag'");
	hb_diag_fini(&d);
}

TEST(subfolder_handbook)
{
	const char *repo = fixture("subdir", "subdir");
	const struct hb_question *q;
	char dir[300];
	struct hb h;

	CHECK(repo != NULL);
	snprintf(dir, sizeof(dir), "%s/docs/hb", repo);
	hb_open(&h, dir, NULL, 1, 0);
	CHECK_INT(h.rc, 0);
	CHECK_STR(hb_git_prefix(hb_source_git(h.b.src)), "docs/hb/");
	CHECK_INT(h.b.site.ndocs, 1);
	CHECK_STR(h.b.site.docs[0]->path, "content/x.md");
	q = h.b.site.docs[0]->questions;
	CHECK_STR(q->created, "2024-01-01T00:00:00Z");
	CHECK_STR(q->updated, "2024-01-02T00:00:00Z");
	hb_close(&h);
	hb_open(&h, dir, "v1.0", 1, 0);
	CHECK_INT(h.rc, 0);
	CHECK_INT(h.b.site.ndocs, 1);
	CHECK_STR(h.b.site.docs[0]->questions->updated,
	    "2024-01-02T00:00:00Z");
	hb_close(&h);
}

/* A handbook folder that the revision does not have: the error names
 * that folder, the nearest file (issue #13). */
TEST(subfolder_not_in_tree)
{
	const char *repo = fixture("subdir", "subdir");
	struct hb_source *s;
	struct hb_diag d;
	char dir[300];

	CHECK(repo != NULL);
	snprintf(dir, sizeof(dir), "%s/docs/later", repo);
	CHECK_INT(sh("mkdir -p %s/content && printf '# A\\n' > "
	    "%s/content/a.md", dir, dir), 0);
	hb_diag_init(&d);
	s = hb_source_git_new(dir, "v1.0", &d);
	CHECK(s == NULL);
	CHECK_CONTAINS(t_diags(&d),
	    "docs/later: error: not in the tree of 'v1.0'");
	hb_diag_fini(&d);
	CHECK_INT(sh("rm -rf %s", dir), 0);
}

/* ---- the working tree ---- */

static const char *
dirty_clone(void)
{
	const char *src = fixture("basic", "basic");
	const char *d;
	struct stat st;
	char p[300];

	if (src == NULL)
		return NULL;
	snprintf(p, sizeof(p), "%s/dirty", root);
	if (stat(p, &st) == 0)
		return clone(src, "dirty", "");
	d = clone(src, "dirty", "");
	if (d == NULL || sh("cd %s && "
	    "sed -i 's/last-in, first-out order/LIFO order/' content/b.md && "
	    "printf '\\n## What is iota?\\n\\nA constant counter.\\n' "
	    ">> content/b.md && "
	    "printf '# New\\n\\n## Is this new?\\n\\nYes.\\n\\n"
	    "## Is this too?\\n\\nYes.\\n' > content/c.md", d) != 0)
		return NULL;
	return d;
}

TEST(uncommitted_changes)
{
	const char *dir = dirty_clone();
	const struct hb_question *q;
	struct hb h;

	CHECK(dir != NULL);
	hb_open(&h, dir, NULL, 2, 0);
	CHECK_INT(h.rc, 0);
	q = q_of(&h, "why-does-defer-run-last");
	CHECK(q->uncommitted);
	CHECK(q->updated == NULL);
	CHECK_STR(q->created, "2024-01-02T00:00:00Z");
	CHECK_INT(q->nhistory, 2);
	q = q_of(&h, "what-is-iota");
	CHECK(q->uncommitted);
	CHECK(q->created == NULL);
	CHECK_INT(q->nhistory, 0);
	q = q_of(&h, "goroutine");
	CHECK(!q->uncommitted);
	CHECK_STR(q->updated, "2024-01-06T00:00:00Z");
	q = q_of(&h, "is-this-new");
	CHECK(q->uncommitted);
	CHECK(q->created == NULL);
	CHECK(q->authors == NULL);
	hb_close(&h);
}

TEST(staged_rename)
{
	const char *src = fixture("basic", "basic");
	const char *dir;
	struct hb h;

	CHECK(src != NULL);
	dir = clone(src, "moved", "");
	CHECK(dir != NULL);
	CHECK_INT(sh("cd %s && git mv content/b.md content/d.md", dir), 0);
	hb_open(&h, dir, NULL, 1, 0);
	CHECK_INT(h.rc, 0);
	CHECK_STR(h.b.site.docs[0]->path, "content/d.md");
	CHECK(!q_of(&h, "goroutine")->uncommitted);
	CHECK_STR(q_of(&h, "goroutine")->created, "2024-01-01T00:00:00Z");
	CHECK_STR(q_of(&h, "goroutine")->updated, "2024-01-06T00:00:00Z");
	hb_close(&h);
}

TEST(changed_files)
{
	const char *dir = dirty_clone();
	struct hb_filelist l = { 0 };
	struct hb_diag d;

	CHECK(dir != NULL);
	hb_diag_init(&d);
	CHECK_INT(hb_git_changed_files(dir, "HEAD", &l, &d), 0);
	CHECK_INT(l.n, 2);
	CHECK_STR(l.v[0].path, "content/b.md");
	CHECK_STR(l.v[1].path, "content/c.md");
	CHECK_INT(l.v[1].kind, HB_FILE_MARKDOWN);
	hb_filelist_fini(&l);
	/* Since v1.0: a.md became b.md (renamed and edited). */
	CHECK_INT(hb_git_changed_files(dir, "v1.0", &l, &d), 0);
	CHECK_INT(l.n, 2);
	CHECK_STR(l.v[0].path, "content/b.md");
	hb_filelist_fini(&l);
	CHECK_INT(hb_git_changed_files(dir, "nope", &l, &d), -1);
	CHECK_CONTAINS(t_diags(&d), "unknown revision 'nope'");
	hb_diag_fini(&d);
}

/* ---- versions ---- */

TEST(tags_glob_and_order)
{
	const char *dir = fixture("basic", "basic");
	struct hb_git_tag *v = NULL;
	struct hb_git_oid id;
	struct hb h;
	size_t n = 0, i;
	char hex[41];

	CHECK(dir != NULL);
	hb_open(&h, dir, "v2.0", 1, NO_HISTORY);
	CHECK_INT(h.rc, 0);
	CHECK_INT(hb_git_tags(hb_source_git(h.b.src), "v*", &v, &n,
	    &h.b.diag), 0);
	CHECK_INT(n, 3);
	CHECK_STR(v[0].name, "v1.0");
	CHECK_STR(v[0].date, "2024-01-02T00:00:00Z");
	CHECK_STR(v[1].name, "v2.0");
	CHECK_STR(v[1].date, "2024-01-05T00:00:00Z");
	CHECK_STR(v[2].name, "v3.0");
	/* An annotated tag names the commit it points at. */
	CHECK(hb_git_head(hb_source_git(h.b.src), &id));
	for (i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", id.id[i]);
	CHECK_STR(v[1].id, hex);
	hb_git_tags_free(v, n);
	CHECK_INT(hb_git_tags(hb_source_git(h.b.src), "*", &v, &n,
	    &h.b.diag), 0);
	CHECK_INT(n, 4);
	CHECK_STR(v[0].name, "other");
	hb_git_tags_free(v, n);
	hb_close(&h);
}

TEST(version_changes)
{
	const char *dir = fixture("basic", "basic");
	struct hb prev, cur;
	struct hb_changes c;
	size_t i;
	bool minus = false, plus = false;

	CHECK(dir != NULL);
	hb_open(&prev, dir, "v2.0", 1, NO_HISTORY);
	hb_open(&cur, dir, "v3.0", 1, NO_HISTORY);
	CHECK_INT(prev.rc, 0);
	CHECK_INT(cur.rc, 0);
	hb_changes_compute(&prev.b.site, &cur.b.site, &c);
	CHECK_INT(c.nadded, 1);
	CHECK_STR(c.added[0].id, "what-does-select-do");
	CHECK(c.added[0].old_q == NULL && c.added[0].new_q != NULL);
	CHECK_CONTAINS(c.added[0].new_markdown, "## What does select do?");
	CHECK_INT(c.nremoved, 1);
	CHECK_STR(c.removed[0].id, "how-does-a-channel-block");
	CHECK_INT(c.nchanged, 1);
	CHECK_STR(c.changed[0].id, "goroutine");
	for (i = 0; i < c.changed[0].ndiff; i++) {
		const struct hb_diff_line *l = &c.changed[0].diff[i];

		if (l->op == '-' && strcmp(l->text,
		    "## What is a goroutine?") == 0)
			minus = true;
		if (l->op == '+' && strcmp(l->text,
		    "## What is a goroutine, really?") == 0)
			plus = true;
		CHECK(l->op == '-' || l->op == '+' || l->op == ' ');
	}
	CHECK(minus && plus);
	CHECK_STR(c.changed[0].diff[c.changed[0].ndiff - 1].text,
	    "It starts with a small stack that grows and shrinks.");
	hb_changes_fini(&c);
	/* Nothing changed between a version and itself. */
	hb_changes_compute(&cur.b.site, &cur.b.site, &c);
	CHECK_INT(c.nadded + c.nremoved + c.nchanged, 0);
	hb_changes_fini(&c);
	hb_close(&prev);
	hb_close(&cur);
}

/* A site of one document whose one question answers `answer`. */
static void
one_question(struct hb_site *s, const char *answer)
{
	struct hb_diag d;
	struct hb_buf md;
	struct hb_document *doc;

	hb_diag_init(&d);
	hb_buf_init(&md, HB_BUF_NOCAP);
	hb_buf_printf(&md, "---\ntitle: Why?\nid: why\n---\n\n%s", answer);
	doc = t_load("a.md", hb_buf_str(&md), &d);
	hb_site_init(s);
	if (doc != NULL)
		hb_site_add(s, doc);
	hb_links_assign_ids(s, &d);
	hb_buf_fini(&md);
	hb_diag_fini(&d);
}

/* The diff of a changed question gives back both texts: ' ' and '-'
 * lines the old one, ' ' and '+' lines the new one (random edits). */
TEST(change_diff_roundtrip)
{
	static const char *const words[] = { "alpha", "beta", "gamma",
	    "delta" };
	unsigned seed = 7;
	int round;

	for (round = 0; round < 300; round++) {
		struct hb_buf t[2], back[2];
		struct hb_site s[2];
		struct hb_changes c;
		size_t i, k;

		for (k = 0; k < 2; k++) {
			int n = (int)((seed = seed * 1103515245u + 12345u) >>
			    16) % 12 + 1;

			hb_buf_init(&t[k], HB_BUF_NOCAP);
			hb_buf_init(&back[k], HB_BUF_NOCAP);
			/* One paragraph per line: blank lines between. */
			for (i = 0; i < (size_t)n; i++) {
				seed = seed * 1103515245u + 12345u;
				hb_buf_printf(&t[k], "%s%s\n", i ? "\n" : "",
				    words[(seed >> 16) % 4]);
			}
			one_question(&s[k], hb_buf_str(&t[k]));
		}
		hb_changes_compute(&s[0], &s[1], &c);
		if (strcmp(hb_buf_str(&t[0]), hb_buf_str(&t[1])) == 0) {
			CHECK_INT(c.nchanged, 0);
		} else {
			CHECK_INT(c.nchanged, 1);
			for (i = 0; i < c.changed[0].ndiff; i++) {
				const struct hb_diff_line *l =
				    &c.changed[0].diff[i];

				if (l->op != '+')
					hb_buf_printf(&back[0], "%s\n",
					    l->text);
				if (l->op != '-')
					hb_buf_printf(&back[1], "%s\n",
					    l->text);
			}
			CHECK_STR(hb_buf_str(&back[0]),
			    c.changed[0].old_markdown);
			CHECK_STR(hb_buf_str(&back[1]),
			    c.changed[0].new_markdown);
		}
		hb_changes_fini(&c);
		for (k = 0; k < 2; k++) {
			hb_site_fini(&s[k]);
			hb_buf_fini(&t[k]);
			hb_buf_fini(&back[k]);
		}
	}
}

/* ---- links and dates ---- */

TEST(edit_urls)
{
	struct hb_arena a;

	hb_arena_init(&a);
	CHECK_INT(hb_repo_forge("https://github.com/o/r"), HB_FORGE_GITHUB);
	CHECK_INT(hb_repo_forge("git@gitlab.com:o/r.git"), HB_FORGE_GITLAB);
	CHECK_INT(hb_repo_forge("https://codeberg.org/o/r"),
	    HB_FORGE_GITEA);
	CHECK_INT(hb_repo_forge("https://git.example.com/o/r"),
	    HB_FORGE_UNKNOWN);
	CHECK_STR(hb_repo_edit_url(&a, "https://github.com/o/r/", NULL,
	    NULL, "content/a b.md"),
	    "https://github.com/o/r/edit/main/content/a%20b.md");
	CHECK_STR(hb_repo_log_url(&a, "https://github.com/o/r.git",
	    "dev", "content/a.md"),
	    "https://github.com/o/r/commits/dev/content/a.md");
	CHECK_STR(hb_repo_edit_url(&a, "git@gitlab.com:grp/sub/r.git",
	    "main", NULL, "content/a.md"),
	    "https://gitlab.com/grp/sub/r/-/edit/main/content/a.md");
	CHECK_STR(hb_repo_log_url(&a, "ssh://git@gitlab.example.org/o/r",
	    NULL, "x.md"),
	    "https://gitlab.example.org/o/r/-/commits/main/x.md");
	CHECK_STR(hb_repo_edit_url(&a, "https://gitea.example.com/o/r",
	    "main", NULL, "docs/面试.md"),
	    "https://gitea.example.com/o/r/_edit/main/docs/"
	    "%E9%9D%A2%E8%AF%95.md");
	CHECK_STR(hb_repo_log_url(&a, "https://codeberg.org/o/r", "main",
	    "x.md"), "https://codeberg.org/o/r/commits/branch/main/x.md");
	CHECK_STR(hb_repo_edit_url(&a, "https://github.com/o/r", "main",
	    "https://git.example.com/edit?f={path}&b={branch}", "a/b.md"),
	    "https://git.example.com/edit?f=a/b.md&b=main");
	CHECK(hb_repo_edit_url(&a, "https://git.example.com/o/r", NULL,
	    NULL, "a.md") == NULL);
	CHECK(hb_repo_log_url(&a, NULL, NULL, "a.md") == NULL);
	CHECK(hb_repo_edit_url(&a, NULL, NULL, NULL, "a.md") == NULL);
	hb_arena_fini(&a);
}

TEST(build_date)
{
	const char *dir = fixture("basic", "basic");
	struct hb_arena a;
	struct hb_diag d;
	struct hb h;
	char *old = getenv("SOURCE_DATE_EPOCH");

	CHECK(dir != NULL);
	old = old ? hb_xstrdup(old) : NULL;
	hb_arena_init(&a);
	hb_diag_init(&d);
	hb_open(&h, dir, NULL, 1, NO_HISTORY);
	unsetenv("SOURCE_DATE_EPOCH");
	CHECK_STR(hb_repo_build_date(&a, hb_source_git(h.b.src), &d),
	    "2024-01-06T00:00:00Z");
	CHECK(hb_repo_build_date(&a, NULL, &d) == NULL);
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	CHECK_STR(hb_repo_build_date(&a, hb_source_git(h.b.src), &d),
	    "2023-11-14T22:13:20Z");
	setenv("SOURCE_DATE_EPOCH", "soon", 1);
	CHECK_STR(hb_repo_build_date(&a, hb_source_git(h.b.src), &d),
	    "2024-01-06T00:00:00Z");
	CHECK_INT(count_diags(&d, "SOURCE_DATE_EPOCH 'soon'"), 1);
	if (old != NULL)
		setenv("SOURCE_DATE_EPOCH", old, 1);
	else
		unsetenv("SOURCE_DATE_EPOCH");
	free(old);
	hb_close(&h);
	hb_diag_fini(&d);
	hb_arena_fini(&a);
}

TEST(outside_git)
{
	char dir[300], file[400];
	struct hb_diag d;
	struct hb h;
	FILE *fp;

	snprintf(dir, sizeof(dir), "%s/plain/content", root);
	CHECK_INT(sh("mkdir -p %s", dir), 0);
	snprintf(file, sizeof(file), "%s/a.md", dir);
	fp = fopen(file, "w");
	CHECK(fp != NULL);
	fputs("# A\n\n## Why?\n\nBecause.\n\n## How?\n\nSo.\n", fp);
	fclose(fp);
	snprintf(dir, sizeof(dir), "%s/plain", root);
	CHECK(!hb_git_found(dir));
	hb_open(&h, dir, NULL, 1, 0);
	CHECK_INT(h.rc, 0);
	CHECK(hb_source_git(h.b.src) == NULL);
	CHECK_INT(h.b.site.nquestions, 2);
	CHECK(h.b.site.by_id[0]->created == NULL);
	CHECK(h.b.site.by_id[0]->history == NULL);
	hb_close(&h);
	hb_diag_init(&d);
	CHECK(hb_source_git_new(dir, "HEAD", &d) == NULL);
	CHECK_CONTAINS(t_diags(&d), "not in a git repository");
	hb_diag_fini(&d);
}

/* Same inputs, same bytes, whatever the thread count. */
TEST(rebuild_identical)
{
	const char *dir = fixture("basic", "basic");
	struct hb a, b;
	char *ja, *jb;

	CHECK(dir != NULL);
	hb_open(&a, dir, NULL, 1, 0);
	hb_open(&b, dir, NULL, 4, 0);
	ja = everything(&a);
	jb = everything(&b);
	CHECK(strcmp(ja, jb) == 0);
	free(ja);
	free(jb);
	hb_close(&a);
	hb_close(&b);
}

/* ---- a larger history: gen-corpus ---- */

TEST(gen_corpus)
{
	char tool[300], dir[300];
	struct stat st;
	struct hb h;
	size_t i, k, changed = 0;

	snprintf(tool, sizeof(tool), "%s/tools/gen-corpus", t_shared());
	if (stat(tool, &st) != 0)
		SKIP("no ../shared/tools/gen-corpus");
	snprintf(dir, sizeof(dir), "%s/corpus", root);
	CHECK_INT(sh("GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null "
	    "python3 %s %s --files 24 --questions 8 --commits 101 "
	    ">/dev/null 2>&1", tool, dir), 0);
	fast_equals_exact(dir);
	hb_open(&h, dir, NULL, 2, 0);
	CHECK_INT(h.rc, 0);
	CHECK_INT(h.st.commits, 101);
	/* Appends only: the fast path never needs the parser twice for
	 * the same file, and only last questions change. */
	CHECK(h.st.parsed <= 24);
	for (i = 0; i < h.b.site.ndocs; i++) {
		const struct hb_document *doc = h.b.site.docs[i];

		for (k = 0; k < doc->nquestions; k++) {
			const struct hb_question *q = &doc->questions[k];

			CHECK_STR(q->created, "2024-01-01T00:00:00Z");
			if (k + 1 < doc->nquestions)
				CHECK_STR(q->updated, "2024-01-01T00:00:00Z");
			else if (strcmp(q->updated, q->created) != 0)
				changed++;
		}
	}
	CHECK(changed > 0);
	hb_close(&h);
	ref_vs_checkout(dir, "v1.0", "corpus-v1");
}

int
main(void)
{
	struct stat st;

	snprintf(root, sizeof(root), "/tmp/hb-test-git-XXXXXX");
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	/* tests/run runs us in tests/; by hand, the top folder works too. */
	if (realpath(stat("git/lib.sh", &st) == 0 ? "git" : "tests/git",
	    scripts) == NULL) {
		perror("tests/git");
		return 1;
	}
	/* Fixtures must not see a repository around the temp folder. */
	setenv("GIT_CEILING_DIRECTORIES", "/tmp", 1);
	RUN(question_dates);
	RUN(end_of_file_edit);
	RUN(rename_keeps_history);
	RUN(merge_commits);
	RUN(fast_path_agrees);
	RUN(shallow_clone);
	RUN(ref_equals_checkout);
	RUN(bad_ref);
	RUN(subfolder_handbook);
	RUN(subfolder_not_in_tree);
	RUN(uncommitted_changes);
	RUN(staged_rename);
	RUN(changed_files);
	RUN(tags_glob_and_order);
	RUN(version_changes);
	RUN(change_diff_roundtrip);
	RUN(edit_urls);
	RUN(build_date);
	RUN(outside_git);
	RUN(rebuild_identical);
	RUN(gen_corpus);
	sh("rm -rf %s", root);
	return hb_t_done("test_git");
}
