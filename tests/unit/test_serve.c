/* Unit tests: serve.c's pure helpers (request paths, content types,
 * the live-reload script, editor temp files, bind addresses) and
 * output.c's in-memory backend, including a whole site built into
 * memory byte-identical to the same site built on disk. */
#include "harness.h"
#include "util.h"

#include <unistd.h>

#include "cli.h"
#include "history.h"
#include "output.h"
#include "serve.h"
#include "watch.h"

static char tmpdir[64];

/* map(url) as a string: the site path, or "ERR". */
static const char *
map(const char *url)
{
	static char buf[8192];
	char *out = NULL;

	if (hb_serve_map_path(url, &out) != 0)
		return "ERR";
	snprintf(buf, sizeof(buf), "%s", out);
	free(out);
	return buf;
}

TEST(paths_map_to_site_files)
{
	CHECK_STR(map("/"), "index.html");
	CHECK_STR(map("/index.html"), "index.html");
	CHECK_STR(map("/topics/"), "topics/index.html");
	CHECK_STR(map("/q/two-sum.html"), "q/two-sum.html");
	CHECK_STR(map("/q/a%20b.html"), "q/a b.html");
	CHECK_STR(map("/q/x.html?v=1#top"), "q/x.html");
	CHECK_STR(map("/q/x.html#frag"), "q/x.html");
	CHECK_STR(map("/%E4%B8%AD%e6%96%87.html"), "中文.html");
	CHECK_STR(map("/中文.html"), "中文.html");
	/* Three dots is a name, not a way up. */
	CHECK_STR(map("/.../x"), ".../x");
	CHECK_STR(map("/a+b.html"), "a+b.html");
}

TEST(paths_outside_the_site_are_refused)
{
	static const char *const bad[] = {
		"", "index.html", "q/x.html",
		"/..", "/../", "/../../etc/passwd", "/q/../../etc/passwd",
		"/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/x", "/.%2e/x",
		"/%2e./x", "/q/..%2f..%2fx", "/q/%2Fetc/passwd",
		"/q/%2fx", "/a%5cb", "/a\\b", "/..\\x", "/%5c..%5cx",
		"//etc/passwd", "/a//b", "/./a", "/a/./b", "/a/.",
		"/a%00b", "/a%0ab", "/a%0d%0ab", "/a%7f", "/a\tb",
		"/%", "/%2", "/%zz", "/%g0", "/q/%2",
	};
	size_t i;
	char *out = NULL;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (strcmp(map(bad[i]), "ERR") != 0) {
			HB_T_FAIL("'%s' maps to '%s'", bad[i], map(bad[i]));
			return;
		}
	}
	CHECK_INT(hb_serve_map_path(NULL, &out), -1);
	CHECK(out == NULL);
}

TEST(long_paths_are_refused)
{
	char *url = malloc(10000);
	char *out = NULL;

	url[0] = '/';
	memset(url + 1, 'a', 9000);
	url[9001] = '\0';
	CHECK_INT(hb_serve_map_path(url, &out), -1);
	url[1000] = '\0';
	CHECK_INT(hb_serve_map_path(url, &out), 0);
	CHECK_INT(strlen(out), 999);
	free(out);
	free(url);
}

TEST(content_types)
{
	CHECK_STR(hb_serve_content_type("index.html"),
	    "text/html; charset=utf-8");
	CHECK_STR(hb_serve_content_type("A.HTML"), "text/html; charset=utf-8");
	CHECK_STR(hb_serve_content_type("assets/site.1234.css"),
	    "text/css; charset=utf-8");
	CHECK_STR(hb_serve_content_type("assets/site.js"),
	    "text/javascript; charset=utf-8");
	CHECK_STR(hb_serve_content_type("assets/i.svg"),
	    "image/svg+xml; charset=utf-8");
	CHECK_STR(hb_serve_content_type("media/a.png"), "image/png");
	CHECK_STR(hb_serve_content_type("media/a.jpg"), "image/jpeg");
	CHECK_STR(hb_serve_content_type("media/a.JPEG"), "image/jpeg");
	CHECK_STR(hb_serve_content_type("media/a.gif"), "image/gif");
	CHECK_STR(hb_serve_content_type("media/a.webp"), "image/webp");
	CHECK_STR(hb_serve_content_type("sitemap.xml"),
	    "application/xml; charset=utf-8");
	CHECK_STR(hb_serve_content_type("search/index.json"),
	    "application/json; charset=utf-8");
	CHECK_STR(hb_serve_content_type("a.txt"), "text/plain; charset=utf-8");
	CHECK_STR(hb_serve_content_type("source/a/b.md"),
	    "text/plain; charset=utf-8");
	CHECK_STR(hb_serve_content_type("source/b.markdown"),
	    "text/plain; charset=utf-8");
	CHECK_STR(hb_serve_content_type("a.bin"), "application/octet-stream");
	CHECK_STR(hb_serve_content_type("LICENSE"), "application/octet-stream");
	CHECK_STR(hb_serve_content_type("v1.2/README"),
	    "application/octet-stream");
	CHECK_STR(hb_serve_content_type("media/.png"), "image/png");
	CHECK(hb_serve_is_html("q/x.html"));
	CHECK(!hb_serve_is_html("q/x.html.md"));
	CHECK(!hb_serve_is_html("assets/a.css"));
}

TEST(hashed_assets)
{
	CHECK(hb_serve_is_hashed("assets/site.2dc5782e.css"));
	CHECK(hb_serve_is_hashed("assets/search/index.96ddb4628441.js"));
	CHECK(!hb_serve_is_hashed("assets/site.css"));
	CHECK(!hb_serve_is_hashed("assets/site.2dc578.css"));
	CHECK(!hb_serve_is_hashed("assets/site.2DC5782E.css"));
	CHECK(!hb_serve_is_hashed("assets/2dc5782e.css"));
	CHECK(!hb_serve_is_hashed("assets/site.2dc5782e"));
	CHECK(!hb_serve_is_hashed("media/site.2dc5782e.css"));
	CHECK(!hb_serve_is_hashed("index.html"));
}

TEST(script_goes_before_the_last_body_end)
{
	const char *page = "<html><head><title>t</title></head><body>"
	    "<p>&lt;/body&gt; in text</p></body></html>\n";
	struct hb_buf b;
	const char *s, *script, *end;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_serve_inject(&b, page, strlen(page), "abc-3", NULL);
	s = hb_buf_str(&b);
	script = strstr(s, "<script>/* handbook serve");
	end = strstr(s, "</body>");
	CHECK(script != NULL && end != NULL);
	CHECK(script < end);
	CHECK_CONTAINS(s, "var id='abc-3'");
	CHECK_CONTAINS(s, "new EventSource('/__handbook/events')");
	CHECK_CONTAINS(s, "textContent=t");
	CHECK(strncmp(s, "<html><head><title>", 19) == 0);
	CHECK(strcmp(s + strlen(s) - 15, "</body></html>\n") == 0);
	/* Everything of the page is still there, in order. */
	CHECK_INT(b.len > strlen(page), 1);
	CHECK(strstr(s, "<base") == NULL);
	hb_buf_fini(&b);
}

TEST(script_without_body_and_any_case)
{
	struct hb_buf b;
	const char *s;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_serve_inject(&b, "<p>x</p>", 8, "1", NULL);
	s = hb_buf_str(&b);
	CHECK(strncmp(s, "<p>x</p><script>", 16) == 0);
	hb_buf_reset(&b);
	hb_serve_inject(&b, "<BODY>x</BODY>", 14, "1", NULL);
	s = hb_buf_str(&b);
	CHECK(strncmp(s, "<BODY>x<script>", 15) == 0);
	CHECK(strcmp(s + strlen(s) - 7, "</BODY>") == 0);
	hb_buf_reset(&b);
	hb_serve_inject(&b, "", 0, "1", NULL);
	CHECK(strncmp(hb_buf_str(&b), "<script>", 8) == 0);
	hb_buf_fini(&b);
}

TEST(base_goes_after_head)
{
	const char *page = "<!doctype html><html><head><meta charset=utf-8>"
	    "</head><body>x</body></html>";
	struct hb_buf b;
	const char *s;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_serve_inject(&b, page, strlen(page), "7", "/");
	s = hb_buf_str(&b);
	CHECK_CONTAINS(s, "<head><base href=\"/\"><meta charset=utf-8>");
	CHECK(strstr(s, "<script>") > strstr(s, "<base"));
	hb_buf_reset(&b);
	hb_serve_inject(&b, page, strlen(page), "7", "/a\"b/");
	CHECK_CONTAINS(hb_buf_str(&b), "<base href=\"/a&quot;b/\">");
	hb_buf_fini(&b);
}

TEST(editor_temp_files)
{
	CHECK(hb_watch_is_temp_name(".two-sum.md.swp"));
	CHECK(hb_watch_is_temp_name(".#two-sum.md"));
	CHECK(hb_watch_is_temp_name("two-sum.md~"));
	CHECK(hb_watch_is_temp_name("4913"));
	CHECK(hb_watch_is_temp_name("x.swp"));
	CHECK(hb_watch_is_temp_name("x.swx"));
	CHECK(hb_watch_is_temp_name("x.md.tmp"));
	CHECK(hb_watch_is_temp_name("x.md___jb_tmp___"));
	CHECK(hb_watch_is_temp_name("x.md___jb_old___"));
	CHECK(!hb_watch_is_temp_name("two-sum.md"));
	CHECK(!hb_watch_is_temp_name("handbook.yml"));
	CHECK(!hb_watch_is_temp_name("49130.md"));
	CHECK(!hb_watch_is_temp_name("images"));
}

TEST(bind_addresses)
{
	bool lo = false;

	CHECK(hb_serve_parse_addr("127.0.0.1", &lo) && lo);
	CHECK(hb_serve_parse_addr("127.1.2.3", &lo) && lo);
	CHECK(hb_serve_parse_addr("localhost", &lo) && lo);
	CHECK(hb_serve_parse_addr("::1", &lo) && lo);
	CHECK(hb_serve_parse_addr("[::1]", &lo) && lo);
	CHECK(hb_serve_parse_addr("::ffff:127.0.0.1", &lo) && lo);
	CHECK(hb_serve_parse_addr("0.0.0.0", &lo) && !lo);
	CHECK(hb_serve_parse_addr("192.168.1.20", &lo) && !lo);
	CHECK(hb_serve_parse_addr("::", &lo) && !lo);
	CHECK(hb_serve_parse_addr("fe80::1", &lo) && !lo);
	CHECK(hb_serve_parse_addr("::ffff:10.0.0.1", &lo) && !lo);
	CHECK(!hb_serve_parse_addr("1.2.3", &lo));
	CHECK(!hb_serve_parse_addr("example.com", &lo));
	CHECK(!hb_serve_parse_addr("", &lo));
	CHECK(!hb_serve_parse_addr("[::1", &lo));
	CHECK(!hb_serve_parse_addr("127.0.0.1:80", &lo));
}

TEST(memory_output)
{
	struct hb_diag d;
	struct hb_output *o;
	struct hb_output_tree *t;
	const struct hb_output_file *f;

	hb_diag_init(&d);
	o = hb_output_begin_memory(&d);
	CHECK_INT(hb_output_write(o, "q/b.html", "bee", 3), 0);
	CHECK_INT(hb_output_write(o, "index.html", "home", 4), 0);
	CHECK_INT(hb_output_write(o, "empty.txt", "", 0), 0);
	CHECK_INT(hb_output_write(o, "a/z.css", "z", 1), 0);
	/* The same refusals as on disk. */
	CHECK_INT(hb_output_write(o, "../escape", "x", 1), -1);
	CHECK_INT(hb_output_write(o, "/etc/passwd", "x", 1), -1);
	CHECK_INT(hb_output_write(o, "q/b.html", "two", 3), -1);
	CHECK_INT(hb_diag_count(&d, HB_SEV_ERROR), 3);
	CHECK_CONTAINS(d.v[2].msg, "two pages map to this output path");
	t = hb_output_take(o);
	CHECK_INT(t->n, 4);
	CHECK_INT(t->bytes, 8);
	/* Sorted by path. */
	CHECK_STR(t->v[0].path, "a/z.css");
	CHECK_STR(t->v[1].path, "empty.txt");
	CHECK_STR(t->v[2].path, "index.html");
	CHECK_STR(t->v[3].path, "q/b.html");
	f = hb_output_find(t, "q/b.html");
	CHECK(f != NULL && f->len == 3 && memcmp(f->data, "bee", 3) == 0);
	CHECK_INT(f->data[3], '\0');
	f = hb_output_find(t, "empty.txt");
	CHECK(f != NULL && f->len == 0);
	CHECK(hb_output_find(t, "q") == NULL);
	CHECK(hb_output_find(t, "Q/b.html") == NULL);
	CHECK(hb_output_find(t, "") == NULL);
	hb_output_tree_free(t);
	hb_output_tree_free(NULL);
	/* Aborted, with files in it: nothing leaks (valgrind, ASan). */
	o = hb_output_begin_memory(&d);
	CHECK_INT(hb_output_write(o, "x.html", "x", 1), 0);
	hb_output_abort(o);
	o = hb_output_begin_memory(&d);
	t = hb_output_take(o);
	CHECK_INT(t->n, 0);
	CHECK(hb_output_find(t, "index.html") == NULL);
	hb_output_tree_free(t);
	hb_diag_fini(&d);
}

TEST(history_carries_over_an_edit)
{
	struct hb_diag d;
	struct hb_document *od, *nd, *plain;
	struct hb_question *q;
	static const char *authors[] = { "Ann" };
	static struct hb_commit commits[] = {
		{ "abc1234", "2024-01-02T00:00:00Z", "Ann", "second" },
		{ "def5678", "2024-01-01T00:00:00Z", "Ann", "first" },
	};

	hb_diag_init(&d);
	od = t_load("a.md", "# A\n\n## Same?\n\nyes\n\n## Edited?\n\nold\n",
	    &d);
	nd = t_load("a.md", "# A\n\n## Same?\n\nyes\n\n## Edited?\n\nnew\n\n"
	    "## Added?\n\nz\n", &d);
	CHECK(od != NULL && nd != NULL);
	CHECK_INT(od->nquestions, 2);
	CHECK_INT(nd->nquestions, 3);
	/* Outside git: nothing to carry, nothing marked. */
	hb_history_carry(nd, od);
	CHECK(!nd->questions[1].uncommitted && !nd->questions[2].uncommitted);
	for (size_t i = 0; i < 2; i++) {
		q = &od->questions[i];
		q->created = "2024-01-01T00:00:00Z";
		q->updated = "2024-01-02T00:00:00Z";
		q->authors = authors;
		q->nauthors = 1;
		q->history = commits;
		q->nhistory = 2;
	}
	hb_history_carry(nd, od);
	q = &nd->questions[0];
	CHECK_STR(q->created, "2024-01-01T00:00:00Z");
	CHECK_STR(q->updated, "2024-01-02T00:00:00Z");
	CHECK(!q->uncommitted);
	CHECK_INT(q->nhistory, 2);
	CHECK_STR(q->history[1].subject, "first");
	CHECK(q->history != commits && q->authors != authors);
	CHECK_STR(q->authors[0], "Ann");
	q = &nd->questions[1];
	CHECK_STR(q->created, "2024-01-01T00:00:00Z");
	CHECK(q->updated == NULL);
	CHECK(q->uncommitted);
	CHECK_INT(q->nhistory, 2);
	q = &nd->questions[2];
	CHECK(q->created == NULL && q->nhistory == 0);
	CHECK(q->uncommitted);
	/* The copies live in nd's arena: od can go first. */
	hb_document_free(od);
	CHECK_STR(nd->questions[0].history[0].id, "abc1234");
	plain = t_load("b.md", "# B\n\n## Q?\n\nx\n", &d);
	hb_history_carry(plain, nd);
	CHECK(plain->questions[0].uncommitted);
	hb_document_free(plain);
	hb_document_free(nd);
	hb_diag_fini(&d);
}

/* Reads a whole file; returns owned bytes (len in *n) or NULL. */
static char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	struct hb_buf b;
	char chunk[8192];
	size_t k;

	if (fp == NULL)
		return NULL;
	hb_buf_init(&b, HB_BUF_NOCAP);
	while ((k = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		hb_buf_append(&b, chunk, k);
	fclose(fp);
	*n = b.len;
	if (b.data == NULL)
		hb_buf_puts(&b, "");
	return hb_buf_detach(&b);
}

/* Builds sites/<name> through hb_build_write into out. */
static int
build_into(const char *dir, struct hb_output *out, struct hb_diag *d)
{
	struct hb_options o;
	struct hb_build b;
	int rc = -1;

	memset(&o, 0, sizeof(o));
	o.cmd = HB_CMD_BUILD;
	o.dir = dir;
	o.jobs = 2;
	if (hb_build_init(&b, &o, dir) != 0)
		goto done;
	b.hl = hb_highlighter_new(&b.diag);
	if (b.hl == NULL || hb_build_theme(&b) != 0 ||
	    hb_build_load_content(&b) != 0 || hb_build_link(&b) != 0 ||
	    hb_diag_count(&b.diag, HB_SEV_ERROR) > 0)
		goto done;
	rc = hb_build_write(&b, out);
done:
	hb_diag_merge(d, &b.diag);
	hb_build_fini(&b);
	return rc;
}

/* The same site in memory and on disk, file for file, byte for byte. */
TEST(memory_site_equals_disk_site)
{
	static const char *const sites[] = { "sites/mini", "sites/override" };
	size_t k, i;

	for (k = 0; k < 2; k++) {
		struct hb_diag d;
		struct hb_output *mem, *disk;
		struct hb_output_tree *t;
		char out[128], cmd[256];
		FILE *fp;
		size_t ndisk = 0;

		if (access(sites[k], F_OK) != 0)
			SKIP("tests/sites not found");
		hb_diag_init(&d);
		snprintf(out, sizeof(out), "%s/site%zu", tmpdir, k);
		mem = hb_output_begin_memory(&d);
		CHECK_INT(build_into(sites[k], mem, &d), 0);
		t = hb_output_take(mem);
		disk = hb_output_begin(out, &d);
		CHECK(disk != NULL);
		CHECK_INT(build_into(sites[k], disk, &d), 0);
		CHECK_INT(hb_output_commit(disk), 0);
		CHECK(t->n > 10);
		for (i = 0; i < t->n; i++) {
			char path[512], *data;
			size_t n = 0;

			snprintf(path, sizeof(path), "%s/%s", out,
			    t->v[i].path);
			data = slurp(path, &n);
			if (data == NULL || n != t->v[i].len ||
			    memcmp(data, t->v[i].data, t->v[i].len) != 0) {
				HB_T_FAIL("%s: %s differs", sites[k], path);
				free(data);
				return;
			}
			free(data);
		}
		/* Every file but the mark that says handbook wrote the
		 * folder (output.h). */
		snprintf(cmd, sizeof(cmd), "find %s -type f ! -name %s | wc -l",
		    out, HB_OUTPUT_MARK);
		fp = popen(cmd, "r");
		CHECK(fp != NULL && fscanf(fp, "%zu", &ndisk) == 1);
		pclose(fp);
		CHECK_INT(ndisk, t->n);
		hb_output_tree_free(t);
		hb_diag_fini(&d);
	}
}

int
main(void)
{
	int rc;
	char cmd[128];

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/hb-test-serve-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return 1;
	RUN(paths_map_to_site_files);
	RUN(paths_outside_the_site_are_refused);
	RUN(long_paths_are_refused);
	RUN(content_types);
	RUN(hashed_assets);
	RUN(script_goes_before_the_last_body_end);
	RUN(script_without_body_and_any_case);
	RUN(base_goes_after_head);
	RUN(editor_temp_files);
	RUN(bind_addresses);
	RUN(memory_output);
	RUN(history_carries_over_an_edit);
	RUN(memory_site_equals_disk_site);
	rc = hb_t_done("test_serve");
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
