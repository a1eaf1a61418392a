/* Commands: `handbook build|check|dump|serve|init|export|version|help`. Each
 * command runs the stages of build.h in their order (serve through
 * serve.h) and turns the diagnostics into an exit code. The only module
 * that knows about every command; nothing includes it but main.c. */
#include "commands.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anki.h"
#include "build.h"
#include "buf.h"
#include "dump.h"
#include "changes.h"
#include "fsio.h"
#include "offline.h"
#include "hset.h"
#include "highlight.h"
#include "init.h"
#include "output.h"
#include "serve.h"
#include "site.h"
#include "source.h"
#include "source_git.h"
#include "version.h"
#include "xalloc.h"

/* Prints the diagnostics and turns them into an exit code. check
 * promotes content warnings (promote), --strict every warning. */
static int
finish(struct hb_build *b, bool promote, enum hb_diag_format fmt, int rc)
{
	if (b->opts->cmd != HB_CMD_CHECK)
		hb_diag_drop_remarks(&b->diag);
	if (promote || b->opts->strict)
		hb_diag_promote(&b->diag, b->opts->strict);
	hb_diag_print(&b->diag, stderr, fmt);
	if (fmt == HB_DIAG_TEXT && !b->opts->quiet)
		hb_diag_summary(&b->diag, stderr);
	if (rc != 0)
		return rc;
	return hb_diag_count(&b->diag, HB_SEV_ERROR) > 0 ? 1 : 0;
}

/* dump [DIR|FILE...]: with one DIR (or none) that DIR is the handbook;
 * otherwise each FILE, or each DIR's Markdown files, as given. */
static int
cmd_dump(const struct hb_options *o)
{
	struct hb_build b;
	struct hb_buf out;
	int rc = 0;
	const char *dir = ".";
	bool single_dir = o->nfiles == 0;

	if (o->nfiles == 1) {
		struct hb_source *probe = hb_source_fs_new(".");

		single_dir = hb_source_is_dir(probe, o->files[0]);
		hb_source_free(probe);
		if (single_dir)
			dir = o->files[0];
	}
	if (hb_build_init(&b, o, single_dir ? dir : ".") != 0) {
		rc = finish(&b, false, HB_DIAG_TEXT, 2);
		hb_build_fini(&b);
		return rc;
	}
	if (single_dir) {
		if (hb_build_load_content(&b) != 0 ||
		    hb_build_history(&b, false) != 0)
			rc = 3;
	} else {
		struct hb_filelist files = { 0 };
		char **paths, **rels;
		size_t i;

		for (int k = 0; k < o->nfiles; k++) {
			const char *f = o->files[k];

			if (hb_source_is_dir(b.src, f)) {
				struct hb_filelist sub = { 0 };

				if (hb_source_list(b.src, f, &sub,
				    &b.diag) != 0)
					rc = 3;
				for (i = 0; i < sub.n; i++)
					if (sub.v[i].kind == HB_FILE_MARKDOWN)
						hb_filelist_add(&files,
						    sub.v[i].path, sub.v[i].rel,
						    HB_FILE_MARKDOWN);
				hb_filelist_fini(&sub);
			} else {
				const char *base = strrchr(f, '/');

				hb_filelist_add(&files, f, base ? base + 1 : f,
				    HB_FILE_MARKDOWN);
			}
		}
		paths = hb_xcalloc(files.n + 1, sizeof(*paths));
		rels = hb_xcalloc(files.n + 1, sizeof(*rels));
		for (i = 0; i < files.n; i++) {
			paths[i] = files.v[i].path;
			rels[i] = files.v[i].rel;
		}
		if (hb_build_load(&b, paths, rels, files.n) != 0)
			rc = 3;
		free(paths);
		free(rels);
		hb_filelist_fini(&files);
	}
	if (hb_build_link(&b) != 0 && rc == 0)
		rc = 1;
	hb_buf_init(&out, HB_BUF_NOCAP);
	hb_dump_site(&b.site, &out);
	if (fwrite(out.data, 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0) {
		fprintf(stderr, "handbook: cannot write the JSON: %s\n",
		    strerror(errno));
		rc = 3;
	}
	hb_buf_fini(&out);
	rc = finish(&b, false, HB_DIAG_TEXT, rc);
	hb_build_fini(&b);
	return rc;
}

static enum hb_diag_format
diag_format(enum hb_format f)
{
	return f == HB_FORMAT_GITHUB ? HB_DIAG_GITHUB :
	    f == HB_FORMAT_JSON ? HB_DIAG_JSON : HB_DIAG_TEXT;
}

static bool
in_changed(const char *path, void *ctx)
{
	const struct hb_filelist *l = ctx;
	size_t lo = 0, hi = l->n;

	if (path[0] == '\0')
		return true;	/* about the whole run */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, l->v[mid].path);

		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

static int
cmd_check(const struct hb_options *o)
{
	struct hb_build b;
	int rc = 0;

	if (hb_build_init(&b, o, o->dir) != 0) {
		rc = finish(&b, false, diag_format(o->format), 2);
		hb_build_fini(&b);
		return rc;
	}
	/* Templates are compiled as build would (a broken override
	 * fails check, exit 1); content is read anyway, so every problem
	 * shows at once. Rendering records links and images, so check
	 * renders too (and writes nothing). */
	if (hb_build_theme(&b) != 0)
		rc = 1;
	b.hl = hb_highlighter_new(&b.diag);
	if (b.hl == NULL || hb_build_load_content(&b) != 0)
		rc = 3;
	if (hb_build_link(&b) != 0 && rc == 0)
		rc = 1;
	/* A pull request is judged on the files it changes; the whole
	 * handbook is still read, since ids and links span files. */
	if (o->changed_since != NULL) {
		struct hb_filelist changed = { 0 };

		if (hb_git_changed_files(o->dir, o->changed_since, &changed,
		    &b.diag) != 0) {
			rc = 2;
		} else {
			hb_filelist_sort(&changed);
			hb_diag_filter(&b.diag, in_changed, &changed);
		}
		hb_filelist_fini(&changed);
	}
	/* How the repository was read, on stdout (the problems go to
	 * stderr as always): layouts with their evidence, conventions. */
	if (o->explain) {
		hb_diag_print_explain(&b.diag, stdout, diag_format(o->format));
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fprintf(stderr, "handbook: cannot write the "
			    "explanation: %s\n", strerror(errno));
			rc = 3;
		}
	}
	/* check blocks pull requests: every content problem is an
	 * error. */
	rc = finish(&b, true, diag_format(o->format), rc);
	if (rc == 0 && !o->quiet && o->format == HB_FORMAT_TEXT)
		fprintf(stderr, "checked %zu document%s, %zu question%s: "
		    "no errors\n", b.site.ndocs, b.site.ndocs == 1 ? "" : "s",
		    b.site.nquestions, b.site.nquestions == 1 ? "" : "s");
	hb_build_fini(&b);
	return rc;
}

/* ---- versions (--versions GLOB or config `versions:`) ---- */

struct version_build {
	struct hb_build b;
	struct hb_options o;
	char *name;
	char *prefix;
	bool ok;
};

/* Where a problem with the versions is reported: the config's
 * `versions:` when it asked for them (the nearest file), else the run
 * (--versions on the command line). */
static struct hb_pos
versions_pos(const struct hb_build *b)
{
	struct hb_pos pos = { NULL, 0, 0 };

	if (b->opts->versions == NULL && b->config.versions != NULL)
		pos.path = b->config.path;
	return pos;
}

/* Loads the tree of tag t straight from git, like --ref. Problems in a
 * released version are not this build's to fix: a version with errors
 * is left out with one warning. */
static bool
load_version(struct hb_build *cur, struct version_build *v,
    const struct hb_git_tag *t)
{
	struct hb_pos pos = versions_pos(cur);
	size_t nerr;

	v->o = *cur->opts;
	v->o.ref = t->id;
	v->o.quiet = true;
	v->name = hb_xstrdup(t->name);
	v->prefix = hb_xstrdup(t->name);
	for (char *p = v->prefix; *p; p++)
		if (*p == '/' || *p == '\\')
			*p = '-';
	{
		char *pre = v->prefix;

		v->prefix = hb_xmalloc(strlen(pre) + 4);
		sprintf(v->prefix, "v/%s/", pre);
		free(pre);
	}
	if (hb_build_init(&v->b, &v->o, cur->dir) != 0)
		goto bad;
	v->b.hl = cur->hl;	/* shared and read-only */
	v->b.hl_borrowed = true;
	/* The version's own templates, as it was released. */
	if (hb_build_theme(&v->b) != 0 ||
	    hb_build_load_content(&v->b) != 0 ||
	    hb_build_history(&v->b, false) != 0)
		goto bad;
	if (hb_build_link(&v->b) != 0)
		goto bad;
	/* Pages under v/<tag>/ reach the shared downloads three up. */
	if (cur->offline != NULL)
		hb_offline_apply(cur->offline, &v->b.site, v->b.src,
		    "../../../", &v->b.diag);
	nerr = hb_diag_count(&v->b.diag, HB_SEV_ERROR);
	if (nerr > 0)
		goto bad;
	v->ok = true;
	return true;
bad:
	hb_diag_warning(&cur->diag, &pos, "version %s left out: it does not "
	    "build (%zu errors)", t->name, hb_diag_count(&v->b.diag,
	    HB_SEV_ERROR));
	return false;
}

static void
version_fini(struct version_build *v)
{
	if (v->b.opts != NULL)
		hb_build_fini(&v->b);
	free(v->name);
	free(v->prefix);
}

/* Writes the current site at the root and every matching tag under
 * v/<tag>/, each with a version switcher and a changes page; theme files
 * are written once for all. */
static int
write_versions(struct hb_build *b, struct hb_output *o, const char *glob)
{
	struct hb_git *g = hb_source_git(b->src);
	struct hb_git_tag *tags = NULL;
	struct version_build *vb = NULL;
	struct hb_version *vers = NULL;
	struct hb_changes *ch = NULL;
	struct hb_hset shared;
	struct hb_arena arena;
	size_t ntags = 0, n = 0, i;
	int rc = -1;

	hb_hset_init(&shared);
	hb_arena_init(&arena);
	if (g == NULL) {
		struct hb_pos pos = versions_pos(b);

		hb_diag_warning(&b->diag, &pos, "versions need a git "
		    "repository; building the current version only");
		rc = hb_build_write(b, o);
		goto done;
	}
	if (hb_git_tags(g, glob, &tags, &ntags, &b->diag) != 0)
		goto done;
	vb = hb_xcalloc(ntags + 1, sizeof(*vb));
	/* Newest first, as the switcher lists them after "current". */
	for (i = ntags; i-- > 0;)
		if (load_version(b, &vb[n], &tags[i]))
			n++;
		else
			version_fini(&vb[n]), memset(&vb[n], 0, sizeof(vb[n]));
	vers = hb_xcalloc(n + 1, sizeof(*vers));
	vers[0].name = NULL;
	vers[0].prefix = "";
	vers[0].site = &b->site;
	for (i = 0; i < n; i++) {
		vers[i + 1].name = vb[i].name;
		vers[i + 1].prefix = vb[i].prefix;
		vers[i + 1].site = &vb[i].b.site;
	}
	ch = hb_xcalloc(n + 1, sizeof(*ch));
	for (i = 0; i < n; i++)
		hb_changes_compute(vers[i + 1].site, vers[i].site, &ch[i]);
	for (i = 0; i <= n; i++) {
		struct hb_build *vbld = i == 0 ? b : &vb[i - 1].b;
		struct hb_site_opts so;

		hb_build_site_opts(vbld, &so);
		so.base_url = b->opts->base_url;
		so.versions = vers;
		so.nversions = n + 1;
		so.current = i;
		so.shared = &shared;
		so.shared_arena = &arena;
		so.changes = i < n ? &ch[i] : NULL;
		if (hb_site_write(&vbld->site, &so, o, &b->diag) != 0)
			goto done;
	}
	rc = 0;
done:
	for (i = 0; ch != NULL && i < n; i++)
		hb_changes_fini(&ch[i]);
	free(ch);
	for (i = 0; vb != NULL && i < n; i++)
		version_fini(&vb[i]);
	free(vb);
	free(vers);
	hb_git_tags_free(tags, ntags);
	hb_hset_fini(&shared);
	hb_arena_fini(&arena);
	return rc;
}

/* Writes the site into a private folder beside out and renames it into
 * place, so a failed build leaves the previous site untouched. Returns
 * the exit code: 0, 1 (the content's fault) or 3 (I/O). */
static int
write_site(struct hb_build *b, const char *out)
{
	struct hb_output *o = hb_output_begin(out, &b->diag);
	const char *glob = b->opts->versions ? b->opts->versions :
	    b->config.versions;
	int rc;

	if (o == NULL)
		return 3;
	rc = glob != NULL ? write_versions(b, o, glob) : hb_build_write(b, o);
	if (rc == 0 && b->offline != NULL) {
		hb_output_set_prefix(o, "");
		rc = hb_offline_write(b->offline, o);
	}
	if (rc != 0) {
		/* A file system failure is exit 3, a template or path
		 * problem of the content exit 1 (docs/cli.md). */
		rc = hb_output_io_failed(o) ? 3 : 1;
		hb_output_abort(o);
		return rc;
	}
	return hb_output_commit(o) != 0 ? 3 : 0;
}

/* build --offline (issue #14): remote media into the site, through
 * DIR/build/cache/remote. */
static int
offline_begin(struct hb_build *b)
{
	struct hb_remote_opts ro;

	memset(&ro, 0, sizeof(ro));
	ro.cache_dir = hb_arena_printf(&b->config.arena,
	    "%s/build/cache/remote", b->dir);
	ro.max_bytes = (size_t)b->config.remote_max_bytes;
	ro.timeout_ms = b->config.remote_timeout * 1000;
	ro.refresh = b->opts->refresh_remote;
	b->offline = hb_offline_new(&ro);
	return hb_offline_apply(b->offline, &b->site, b->src, "../",
	    &b->diag);
}

static void
offline_summary(const struct hb_build *b)
{
	struct hb_offline_stats st;

	hb_offline_stats(b->offline, &st);
	fprintf(stderr, "offline: %zu remote file%s, %zu bytes (%zu "
	    "downloaded, %zu bytes; %zu from the cache); %zu left remote\n",
	    st.files, st.files == 1 ? "" : "s", st.bytes, st.downloaded,
	    st.downloaded_bytes, st.cached, st.failed);
}

static int
cmd_build(const struct hb_options *o)
{
	struct hb_build b;
	struct hb_buf out;
	int rc = 0;

	if (hb_build_init(&b, o, o->dir) != 0) {
		rc = finish(&b, false, HB_DIAG_TEXT, 2);
		hb_build_fini(&b);
		return rc;
	}
	hb_buf_init(&out, HB_BUF_NOCAP);
	if (o->out != NULL)
		hb_buf_puts(&out, o->out);
	else
		hb_buf_printf(&out, "%s/build/site", o->dir);
	/* Refused before any work: the output folder is replaced as a
	 * whole (issue #15). */
	{
		const char *srcs[] = { b.content, "templates", "theme" };
		struct hb_output_guard g = { o->dir, srcs, 3, o->force,
			o->out == NULL };

		if (hb_output_check(hb_buf_str(&out), &g, &b.diag) != 0) {
			fprintf(stderr, "handbook: nothing written\n");
			hb_buf_fini(&out);
			rc = finish(&b, false, HB_DIAG_TEXT, 2);
			hb_build_fini(&b);
			return rc;
		}
	}
	/* Templates first: a broken one is reported with the content's
	 * problems (exit 1), and nothing is written. */
	if (hb_build_theme(&b) != 0)
		rc = 1;
	/* Workers render HTML fragments while each file's tree is alive. */
	b.hl = hb_highlighter_new(&b.diag);
	if (b.hl == NULL)
		rc = 3;
	else if (hb_build_load_content(&b) != 0 ||
	    hb_build_history(&b, true) != 0)
		rc = 3;
	if (rc != 3 && hb_build_link(&b) != 0)
		rc = 1;
	if (rc == 0 && hb_diag_count(&b.diag, HB_SEV_ERROR) == 0 &&
	    (o->offline || b.config.offline))
		offline_begin(&b);
	if (rc != 0 || hb_diag_count(&b.diag, HB_SEV_ERROR) > 0 ||
	    (o->strict && hb_diag_count(&b.diag, HB_SEV_WARNING) > 0)) {
		fprintf(stderr, "handbook: nothing written: fix the errors "
		    "below first\n");
	} else if ((rc = write_site(&b, hb_buf_str(&out))) != 0) {
		fprintf(stderr, "handbook: nothing written\n");
	} else if (!o->quiet) {
		hb_config_print_taken(&b.config, stderr);
		fprintf(stderr, "wrote %zu documents, %zu questions to %s\n",
		    b.site.ndocs, b.site.nquestions, hb_buf_str(&out));
		if (b.offline != NULL)
			offline_summary(&b);
	}
	hb_buf_fini(&out);
	rc = finish(&b, false, HB_DIAG_TEXT, rc);
	hb_build_fini(&b);
	return rc;
}

/* export anki [DIR] -o FILE (issue #14): one note per answered
 * question. Rendered like build (the fields are HTML); nothing is
 * written when there are errors. */
static int
cmd_export(const struct hb_options *o)
{
	struct hb_anki_opts ao;
	struct hb_build b;
	struct hb_buf out;
	size_t notes;
	int rc = 0;

	if (o->export_format == NULL || o->out == NULL) {
		hb_cli_usage(stderr, HB_CMD_EXPORT);
		return 2;
	}
	if (hb_build_init(&b, o, o->dir) != 0) {
		rc = finish(&b, false, HB_DIAG_TEXT, 2);
		hb_build_fini(&b);
		return rc;
	}
	b.hl = hb_highlighter_new(&b.diag);
	if (b.hl == NULL || hb_build_load_content(&b) != 0)
		rc = 3;
	if (rc == 0 && hb_build_link(&b) != 0)
		rc = 1;
	if (rc != 0 || hb_diag_count(&b.diag, HB_SEV_ERROR) > 0) {
		fprintf(stderr, "handbook: nothing written: fix the errors "
		    "below first\n");
		rc = finish(&b, false, HB_DIAG_TEXT, rc);
		hb_build_fini(&b);
		return rc;
	}
	memset(&ao, 0, sizeof(ao));
	ao.deck = b.config.title ? b.config.title : "Handbook";
	ao.base_url = o->base_url ? o->base_url : b.config.base_url;
	hb_buf_init(&out, HB_BUF_NOCAP);
	notes = hb_anki_write(&b.site, &ao, &out);
	if (strcmp(o->out, "-") == 0) {
		if (fwrite(out.data, 1, out.len, stdout) != out.len ||
		    fflush(stdout) != 0) {
			fprintf(stderr, "handbook: cannot write the notes: "
			    "%s\n", strerror(errno));
			rc = 3;
		}
	} else if (hb_fs_write_atomic(o->out, out.data, out.len) != 0) {
		fprintf(stderr, "handbook: cannot write %s: %s\n", o->out,
		    strerror(errno));
		rc = 3;
	} else if (!o->quiet) {
		fprintf(stderr, "wrote %zu notes (answered questions of %zu) "
		    "to %s\n", notes, b.site.nquestions, o->out);
	}
	hb_buf_fini(&out);
	rc = finish(&b, false, HB_DIAG_TEXT, rc);
	hb_build_fini(&b);
	return rc;
}

int
hb_commands_run(const struct hb_options *o)
{
	switch (o->cmd) {
	case HB_CMD_VERSION:
		hb_version_print(stdout);
		return 0;
	case HB_CMD_HELP: {
		enum hb_command c = HB_CMD_NONE;
		struct hb_options tmp;
		char *argv[3] = { "handbook", (char *)o->help_topic, NULL };

		if (o->help_topic != NULL) {
			if (hb_cli_parse(&tmp, 2, argv, stderr) != 0)
				return 2;
			c = tmp.cmd;
		}
		hb_cli_usage(stdout, c);
		return 0;
	}
	case HB_CMD_DUMP:
		return cmd_dump(o);
	case HB_CMD_CHECK:
		return cmd_check(o);
	case HB_CMD_BUILD:
		return cmd_build(o);
	case HB_CMD_INIT: {
		struct hb_diag d;
		int rc;

		hb_diag_init(&d);
		rc = hb_init_run(o->dir, &d) == 0 ? 0 : 2;
		hb_diag_print(&d, stderr, HB_DIAG_TEXT);
		hb_diag_fini(&d);
		return rc;
	}
	case HB_CMD_SERVE:
		return hb_serve_run(o);
	case HB_CMD_EXPORT:
		return cmd_export(o);
	case HB_CMD_NONE:
		break;
	}
	hb_cli_usage(stderr, HB_CMD_NONE);
	return 2;
}
