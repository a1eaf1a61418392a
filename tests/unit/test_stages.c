/* Unit tests: cli.c, config.c, output.c, links.c (ids). */
#include "harness.h"
#include "util.h"

#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "links.h"
#include "output.h"
#include "source.h"

static int
parse(struct hb_options *o, const char *line)
{
	static char buf[512];
	static char *argv[32];	/* o borrows argv */
	int argc = 0;
	FILE *null = fopen("/dev/null", "w");
	int rc;

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *t = strtok(buf, " "); t && argc < 31; t = strtok(NULL, " "))
		argv[argc++] = t;
	argv[argc] = NULL;
	rc = hb_cli_parse(o, argc, argv, null);
	fclose(null);
	return rc;
}

TEST(cli_commands_and_options)
{
	struct hb_options o;

	CHECK_INT(parse(&o, "handbook build site -o out --strict -j 3"), 0);
	CHECK_INT(o.cmd, HB_CMD_BUILD);
	CHECK_STR(o.dir, "site");
	CHECK_STR(o.out, "out");
	CHECK(o.strict);
	CHECK_INT(o.jobs, 3);
	CHECK_INT(parse(&o, "handbook check --format=github"), 0);
	CHECK_INT(o.format, HB_FORMAT_GITHUB);
	CHECK_STR(o.dir, ".");
	CHECK_INT(parse(&o, "handbook dump a.md b.md"), 0);
	CHECK_INT(o.nfiles, 2);
	CHECK_STR(o.files[1], "b.md");
	CHECK_INT(parse(&o, "handbook serve --port 9000 --bind 0.0.0.0"), 0);
	CHECK_INT(o.port, 9000);
	CHECK_STR(o.bind, "0.0.0.0");
	CHECK_INT(parse(&o, "handbook --version"), 0);
	CHECK_INT(o.cmd, HB_CMD_VERSION);
}

TEST(cli_usage_errors)
{
	struct hb_options o;

	CHECK_INT(parse(&o, "handbook"), -1);
	CHECK_INT(parse(&o, "handbook nope"), -1);
	CHECK_INT(parse(&o, "handbook build -o"), -1);
	CHECK_INT(parse(&o, "handbook build a b"), -1);
	CHECK_INT(parse(&o, "handbook build --format json"), -1);
	CHECK_INT(parse(&o, "handbook check --format xml"), -1);
	CHECK_INT(parse(&o, "handbook serve --port 70000"), -1);
	CHECK_INT(parse(&o, "handbook build -j 0"), -1);
	CHECK_INT(parse(&o, "handbook build --bogus"), -1);
}

static char tmpdir[64];

static void
write_file(const char *rel, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
}

TEST(config_defaults_and_keys)
{
	struct hb_config c;
	struct hb_diag d;
	struct hb_source *src = hb_source_fs_new(tmpdir);

	hb_diag_init(&d);
	CHECK_INT(hb_config_load(&c, src, &d), 0);
	CHECK(c.path == NULL);
	CHECK_STR(c.branch, "main");
	CHECK(!c.allow_html);
	hb_config_fini(&c);
	write_file("handbook.yml", "title: 面试手册\nallow_html: true\n"
	    "language: en\npractice_size: 5\n");
	CHECK_INT(hb_config_load(&c, src, &d), 0);
	CHECK_STR(c.title, "面试手册");
	CHECK(c.allow_html);
	CHECK_STR(c.language, "en");
	CHECK_INT(c.practice_size, 5);
	CHECK_INT(d.n, 0);
	hb_config_fini(&c);
	write_file("handbook.yml", "title: x\nallow_html: maybe\nbase: y\n"
	    "practice_size: 0\n");
	CHECK_INT(hb_config_load(&c, src, &d), -1);
	CHECK_CONTAINS(t_diags(&d), "handbook.yml:2:13: error: 'allow_html' "
	    "must be true or false");
	CHECK_CONTAINS(t_diags(&d), "handbook.yml:3:1: error: unknown config "
	    "key 'base'");
	CHECK_CONTAINS(t_diags(&d), "did you mean 'base_url'?");
	CHECK_CONTAINS(t_diags(&d), "'practice_size' must be at least 1");
	hb_config_fini(&c);
	write_file("handbook.yml", "- a\n- b\n");
	hb_diag_fini(&d);
	hb_diag_init(&d);
	CHECK_INT(hb_config_load(&c, src, &d), -1);
	CHECK_CONTAINS(t_diags(&d), "must be a mapping");
	hb_config_fini(&c);
	hb_diag_fini(&d);
	hb_source_free(src);
}

TEST(output_paths_are_checked)
{
	CHECK(hb_output_path_ok("index.html"));
	CHECK(hb_output_path_ok("q/中文.html"));
	CHECK(!hb_output_path_ok("../x"));
	CHECK(!hb_output_path_ok("a/../../x"));
	CHECK(!hb_output_path_ok("/etc/passwd"));
	CHECK(!hb_output_path_ok("a//b"));
	CHECK(!hb_output_path_ok("a\\b"));
	CHECK(!hb_output_path_ok("./a"));
	CHECK(!hb_output_path_ok(""));
}

TEST(output_is_atomic)
{
	char out[128], file[160];
	struct hb_diag d;
	struct hb_output *o;
	struct stat st;

	hb_diag_init(&d);
	snprintf(out, sizeof(out), "%s/site", tmpdir);
	o = hb_output_begin(out, &d);
	CHECK(o != NULL);
	CHECK_INT(hb_output_write(o, "a/b.html", "one", 3), 0);
	CHECK_INT(hb_output_write(o, "../escape", "x", 1), -1);
	CHECK_INT(hb_output_write(o, "a/b.html", "two", 3), -1);
	/* Nothing is visible before the commit. */
	CHECK(stat(out, &st) != 0);
	CHECK_INT(hb_output_commit(o), 0);
	snprintf(file, sizeof(file), "%s/a/b.html", out);
	CHECK(stat(file, &st) == 0 && st.st_size == 3);
	/* An aborted second build leaves the first one in place. */
	o = hb_output_begin(out, &d);
	CHECK_INT(hb_output_write(o, "new.html", "n", 1), 0);
	hb_output_abort(o);
	CHECK(stat(file, &st) == 0);
	snprintf(file, sizeof(file), "%s/new.html", out);
	CHECK(stat(file, &st) != 0);
	/* A committed rebuild replaces the whole tree. */
	o = hb_output_begin(out, &d);
	CHECK_INT(hb_output_write(o, "new.html", "n", 1), 0);
	CHECK_INT(hb_output_commit(o), 0);
	CHECK(stat(file, &st) == 0);
	snprintf(file, sizeof(file), "%s/a/b.html", out);
	CHECK(stat(file, &st) != 0);
	hb_diag_fini(&d);
}

TEST(ids_are_unique_and_deterministic)
{
	struct hb_site site;
	struct hb_diag d;
	struct hb_document *a, *b;

	hb_diag_init(&d);
	hb_site_init(&site);
	a = t_load("a.md", "# A\n\n## 同名？\n\nx\n\n## 同名？\n\ny\n", &d);
	b = t_load("b.md", "# B\n\n## 同名？\n\nz\n\n## 其他？\n\nw\n", &d);
	hb_site_add(&site, b);
	hb_site_add(&site, a);
	hb_site_sort(&site);
	CHECK_INT(hb_links_assign_ids(&site, &d), 0);
	CHECK_STR(a->questions[0].id, "同名");
	CHECK_STR(a->questions[1].id, "同名-2");
	CHECK_STR(b->questions[0].id, "同名-3");
	CHECK(hb_site_find(&site, "同名-3") == &b->questions[0]);
	CHECK(hb_site_find(&site, "其他") == &b->questions[1]);
	CHECK(hb_site_find(&site, "none") == NULL);
	hb_site_fini(&site);
	hb_diag_fini(&d);
}

int
main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/hb-test-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return 1;
	RUN(cli_commands_and_options);
	RUN(cli_usage_errors);
	RUN(config_defaults_and_keys);
	RUN(output_paths_are_checked);
	RUN(output_is_atomic);
	RUN(ids_are_unique_and_deterministic);
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
		if (system(cmd) != 0)
			return 1;
	}
	return hb_t_done("test_stages");
}
