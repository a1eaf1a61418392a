/* Unit tests: template.c (values, Mustache features, whitespace, strict
 * compile and render errors with exact positions), then the official
 * Mustache spec from ../shared/mustache-spec, one test per spec case. */
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "template.h"

/* ---- Helpers ---------------------------------------------------------- */

static char t_out[1 << 16];
static char t_err[1 << 14];

static void
diag_text(struct hb_diag *d)
{
	FILE *fp;

	memset(t_err, 0, sizeof(t_err));
	fp = fmemopen(t_err, sizeof(t_err) - 1, "w");
	if (fp == NULL)
		return;
	hb_diag_print(d, fp, HB_DIAG_TEXT);
	fclose(fp);
}

/* Compiles the templates given as (name, text) pairs up to a NULL name,
 * each with the path "templates/<name>.html", and renders the first
 * against ctx. Returns the compile result when that fails, else the
 * render result; the output is in t_out, the diagnostics in t_err. */
static int
run(unsigned flags, const struct hb_tval *ctx, ...)
{
	struct hb_tset *ts = hb_tset_new(flags);
	struct hb_diag d;
	struct hb_buf out;
	const char *first = NULL, *name;
	char path[256];
	va_list ap;
	int rc;

	hb_diag_init(&d);
	hb_buf_init(&out, sizeof(t_out) - 1);
	va_start(ap, ctx);
	for (;;) {
		const char *text;

		name = va_arg(ap, const char *);
		if (name == NULL)
			break;
		text = va_arg(ap, const char *);
		if (first == NULL)
			first = name;
		snprintf(path, sizeof(path), "templates/%s.html", name);
		hb_tset_add(ts, name, text, strlen(text), path, &d);
	}
	va_end(ap);
	rc = hb_tset_compile(ts, &d);
	if (rc == 0)
		rc = hb_tset_render(ts, first, ctx, &out, &d);
	snprintf(t_out, sizeof(t_out), "%s", hb_buf_str(&out));
	diag_text(&d);
	hb_buf_fini(&out);
	hb_diag_fini(&d);
	hb_tset_free(ts);
	return rc;
}

/* Renders one strict template; returns the output ("<rc=-1>" plus the
 * diagnostics when something failed). */
static const char *
r1(const char *text, const struct hb_tval *ctx)
{
	static char buf[sizeof(t_out) + sizeof(t_err) + 16];

	if (run(0, ctx, "t", text, (const char *)NULL) != 0) {
		snprintf(buf, sizeof(buf), "<rc=-1>%s", t_err);
		return buf;
	}
	return t_out;
}

static struct hb_arena arena;

/* A small page-like data tree. */
static const struct hb_tval *
page_data(void)
{
	struct hb_tval *root = hb_tval_map(&arena);
	struct hb_tval *q = hb_tval_map(&arena);
	struct hb_tval *list = hb_tval_list(&arena);
	const char *titles[] = { "Two sum", "GC <tri-colour>", "Maps" };
	size_t i;

	hb_tval_map_set_str(q, "title", "What is a goroutine?");
	hb_tval_map_set_html(q, "answer", "<p>A <em>light</em> thread</p>");
	hb_tval_map_set_int(q, "line", 42);
	hb_tval_map_set(root, "question", q);
	for (i = 0; i < 3; i++) {
		struct hb_tval *it = hb_tval_map(&arena);

		hb_tval_map_set_str(it, "title", titles[i]);
		hb_tval_map_set_int(it, "n", (long long)i + 1);
		hb_tval_list_push(list, it);
	}
	hb_tval_map_set(root, "questions", list);
	hb_tval_map_set_str(root, "site", "Handbook");
	hb_tval_map_set_bool(root, "yes", true);
	hb_tval_map_set_bool(root, "no", false);
	hb_tval_map_set(root, "nothing", NULL);
	hb_tval_map_set(root, "empty", hb_tval_list(&arena));
	hb_tval_map_set_str(root, "blank", "");
	hb_tval_map_set_int(root, "zero", 0);
	return root;
}

/* ---- Values ----------------------------------------------------------- */

TEST(values_map_and_list)
{
	struct hb_tval *m = hb_tval_map(&arena);
	struct hb_tval *l = hb_tval_list(&arena);
	char key[32];
	int i;

	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		hb_tval_map_set_int(m, key, i);
	}
	CHECK_INT(m->u.map.n, 1000);
	for (i = 0; i < 1000; i++) {
		const struct hb_tval *v;

		snprintf(key, sizeof(key), "k%d", i);
		v = hb_tval_map_get(m, key);
		CHECK(v != NULL && v->kind == HB_TV_INT);
		CHECK_INT(v->u.i, i);
	}
	CHECK(hb_tval_map_get(m, "k1000") == NULL);
	CHECK(hb_tval_map_get(l, "k1") == NULL);
	/* Replacing keeps the key's position. */
	hb_tval_map_set_str(m, "k0", "again");
	CHECK_INT(m->u.map.n, 1000);
	CHECK_STR(m->u.map.v[0].key, "k0");
	CHECK_INT(m->u.map.v[0].val->kind, HB_TV_STRING);
	for (i = 0; i < 100; i++)
		hb_tval_list_push(l, hb_tval_int(&arena, i));
	hb_tval_list_push(l, NULL);
	CHECK_INT(l->u.list.n, 101);
	CHECK_INT(l->u.list.v[99]->u.i, 99);
	CHECK_INT(l->u.list.v[100]->kind, HB_TV_NULL);
	CHECK_INT(hb_tval_str(&arena, NULL)->kind, HB_TV_NULL);
}

TEST(values_truthiness)
{
	CHECK(!hb_tval_is_truthy(NULL));
	CHECK(!hb_tval_is_truthy(hb_tval_null(&arena)));
	CHECK(!hb_tval_is_truthy(hb_tval_bool(&arena, false)));
	CHECK(hb_tval_is_truthy(hb_tval_bool(&arena, true)));
	CHECK(!hb_tval_is_truthy(hb_tval_int(&arena, 0)));
	CHECK(hb_tval_is_truthy(hb_tval_int(&arena, -1)));
	CHECK(!hb_tval_is_truthy(hb_tval_str(&arena, "")));
	CHECK(hb_tval_is_truthy(hb_tval_str(&arena, "0")));
	CHECK(!hb_tval_is_truthy(hb_tval_list(&arena)));
	CHECK(hb_tval_is_truthy(hb_tval_map(&arena)));
}

/* ---- Features --------------------------------------------------------- */

TEST(interpolation_escapes_all_five)
{
	struct hb_tval *m = hb_tval_map(&arena);

	hb_tval_map_set_str(m, "x", "a&b<c>d\"e'f");
	CHECK_STR(r1("{{x}}", m), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	CHECK_STR(r1("{{ x }}", m), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	CHECK_STR(r1("{{{x}}}", m), "a&b<c>d\"e'f");
	CHECK_STR(r1("{{& x}}", m), "a&b<c>d\"e'f");
	CHECK_STR(r1("{{{ x }}}", m), "a&b<c>d\"e'f");
}

TEST(html_values_are_not_escaped)
{
	const struct hb_tval *d = page_data();

	CHECK_STR(r1("{{question.answer}}", d),
	    "<p>A <em>light</em> thread</p>");
	CHECK_STR(r1("{{{question.answer}}}", d),
	    "<p>A <em>light</em> thread</p>");
	CHECK_STR(r1("{{#question}}{{answer}}{{/question}}", d),
	    "<p>A <em>light</em> thread</p>");
}

TEST(scalars)
{
	const struct hb_tval *d = page_data();

	CHECK_STR(r1("{{question.line}}|{{zero}}|{{yes}}|{{no}}|{{nothing}}|",
	    d), "42|0|true|false||");
}

TEST(dotted_names_and_implicit_iterator)
{
	const struct hb_tval *d = page_data();

	CHECK_STR(r1("{{question.title}}", d), "What is a goroutine?");
	CHECK_STR(r1("{{#questions}}{{n}}. {{title}}\n{{/questions}}", d),
	    "1. Two sum\n2. GC &lt;tri-colour&gt;\n3. Maps\n");
	CHECK_STR(r1("{{#questions}}{{#title}}[{{.}}]{{/title}}{{/questions}}",
	    d), "[Two sum][GC &lt;tri-colour&gt;][Maps]");
	/* Outer contexts stay visible inside sections. */
	CHECK_STR(r1("{{#questions}}{{site}}{{/questions}}", d),
	    "HandbookHandbookHandbook");
}

TEST(sections_truthiness)
{
	const struct hb_tval *d = page_data();

	CHECK_STR(r1("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#nothing}}0{{/nothing}}"
	    "{{#empty}}E{{/empty}}{{#blank}}B{{/blank}}{{#zero}}Z{{/zero}}"
	    "{{#site}}<{{.}}>{{/site}}", d), "Y<Handbook>");
	CHECK_STR(r1("{{^yes}}Y{{/yes}}{{^no}}N{{/no}}{{^nothing}}0{{/nothing}}"
	    "{{^empty}}E{{/empty}}{{^blank}}B{{/blank}}{{^zero}}Z{{/zero}}"
	    "{{^questions}}Q{{/questions}}", d), "N0EBZ");
	CHECK_STR(r1("{{#question}}{{title}} ({{line}}){{/question}}", d),
	    "What is a goroutine? (42)");
}

TEST(comments_and_delimiters)
{
	const struct hb_tval *d = page_data();

	CHECK_STR(r1("a{{! a comment\nover lines }}b", d), "ab");
	CHECK_STR(r1("{{=<% %>=}}<% site %> {{site}} <%={{ }}=%>{{site}}", d),
	    "Handbook {{site}} Handbook");
	CHECK_STR(r1("{{=| |=}}|{site}| |&site|", d), "Handbook Handbook");
}

TEST(standalone_lines)
{
	const struct hb_tval *d = page_data();

	CHECK_STR(r1("<ul>\n  {{#questions}}\n  <li>{{title}}</li>\n"
	    "  {{/questions}}\n</ul>\n", d),
	    "<ul>\n  <li>Two sum</li>\n  <li>GC &lt;tri-colour&gt;</li>\n"
	    "  <li>Maps</li>\n</ul>\n");
	CHECK_STR(r1("a\r\n  {{! c }}  \r\nb", d), "a\r\nb");
	/* Two tags on a line: not standalone. */
	CHECK_STR(r1("x\n{{#yes}}{{/yes}}\ny", d), "x\n\ny");
}

TEST(partials_indent_and_context)
{
	struct hb_tval *m = hb_tval_map(&arena);

	hb_tval_map_set_str(m, "name", "<x>");
	CHECK_INT(run(0, m, "page", "<div>\n  {{>item}}\n</div>\n",
	    "item", "<p>\n{{name}}\n</p>\n", (const char *)NULL), 0);
	CHECK_STR(t_out, "<div>\n  <p>\n  &lt;x&gt;\n  </p>\n</div>\n");
	CHECK_INT(run(0, m, "page", "[{{> item }}]", "item", "{{{name}}}",
	    (const char *)NULL), 0);
	CHECK_STR(t_out, "[<x>]");
}

TEST(inheritance_site_layout)
{
	const struct hb_tval *d = page_data();

	CHECK_INT(run(0, d,
	    "question",
	    "{{<base}}\n"
	    "{{$title}}{{question.title}} - {{site}}{{/title}}\n"
	    "{{$main}}\n"
	    "    <h1>{{question.title}}</h1>\n"
	    "    {{question.answer}}\n"
	    "{{/main}}\n"
	    "{{/base}}\n",
	    "base",
	    "<title>{{$title}}{{site}}{{/title}}</title>\n"
	    "<main>\n"
	    "  {{$main}}\n"
	    "  {{/main}}\n"
	    "</main>\n"
	    "{{$foot}}<footer>{{site}}</footer>{{/foot}}\n",
	    (const char *)NULL), 0);
	CHECK_STR(t_out,
	    "<title>What is a goroutine? - Handbook</title>\n"
	    "<main>\n"
	    "  <h1>What is a goroutine?</h1>\n"
	    "  <p>A <em>light</em> thread</p>\n"
	    "</main>\n"
	    "<footer>Handbook</footer>\n");
}

TEST(compile_once_render_many)
{
	struct hb_tset *ts = hb_tset_new(0);
	struct hb_diag d;
	struct hb_buf out;
	struct hb_tval *a = hb_tval_map(&arena), *b = hb_tval_map(&arena);
	const char *src = "<{{x}}>";

	hb_diag_init(&d);
	hb_buf_init(&out, HB_BUF_NOCAP);
	hb_tval_map_set_str(a, "x", "A");
	hb_tval_map_set_str(b, "x", "B");
	CHECK_INT(hb_tset_add(ts, "t", src, strlen(src), "t.html", &d), 0);
	CHECK_INT(hb_tset_compile(ts, &d), 0);
	CHECK(hb_tset_has(ts, "t"));
	CHECK(!hb_tset_has(ts, "u"));
	CHECK_INT(hb_tset_render(ts, "t", a, &out, &d), 0);
	CHECK_INT(hb_tset_render(ts, "t", b, &out, &d), 0);
	CHECK_STR(hb_buf_str(&out), "<A><B>");
	CHECK_INT(hb_tset_render(ts, "nope", a, &out, &d), -1);
	diag_text(&d);
	CHECK_STR(t_err, "handbook: error: unknown template 'nope'\n");
	hb_buf_fini(&out);
	hb_diag_fini(&d);
	hb_tset_free(ts);
	hb_tset_free(NULL);
}

/* ---- Compile errors --------------------------------------------------- */

TEST(error_unclosed_section)
{
	CHECK_INT(run(0, NULL, "page",
	    "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n    {{#questions}}\nx\n",
	    (const char *)NULL), -1);
	CHECK_STR(t_err, "templates/page.html:12:5: error: section "
	    "'questions' opened here is never closed\n");
}

TEST(error_mismatched_close)
{
	CHECK_INT(run(0, NULL, "t", "{{#a}}\n  {{^b}}x{{/a}}{{/b}}",
	    (const char *)NULL), -1);
	CHECK_STR(t_err,
	    "templates/t.html:2:10: error: closing tag 'a' does not match "
	    "inverted section 'b'\n"
	    "templates/t.html:2:3: note: inverted section 'b' opened here\n"
	    "templates/t.html:2:16: error: closing tag 'b' has no open "
	    "section\n");
}

TEST(error_unclosed_tag_and_names)
{
	CHECK_INT(run(0, NULL, "t", "ok\n  {{name", (const char *)NULL), -1);
	CHECK_STR(t_err, "templates/t.html:2:3: error: unclosed tag: no '}}' "
	    "after '{{'\n");
	CHECK_INT(run(0, NULL, "t", "{{{x}}", (const char *)NULL), -1);
	CHECK_STR(t_err, "templates/t.html:1:1: error: unclosed tag: no '}}}' "
	    "after '{{'\n");
	CHECK_INT(run(0, NULL, "t", "{{ }} {{a b}} {{a..b}} {{#}}{{/}}",
	    (const char *)NULL), -1);
	CHECK_STR(t_err,
	    "templates/t.html:1:1: error: tag has no name\n"
	    "templates/t.html:1:7: error: invalid name 'a b' in tag\n"
	    "templates/t.html:1:15: error: invalid name 'a..b' in tag\n"
	    "templates/t.html:1:24: error: tag has no name\n"
	    "templates/t.html:1:29: error: tag has no name\n");
}

TEST(error_bad_delimiters)
{
	CHECK_INT(run(0, NULL, "t", "a\n{{=<% =}}\n{{=a= b=}}{{=a b c=}}",
	    (const char *)NULL), -1);
	CHECK_STR(t_err,
	    "templates/t.html:2:1: error: invalid delimiters '<%': expected "
	    "two delimiters of at most 16 bytes without '=', separated by a "
	    "space\n"
	    "templates/t.html:3:1: error: invalid delimiters 'a= b': expected "
	    "two delimiters of at most 16 bytes without '=', separated by a "
	    "space\n"
	    "templates/t.html:3:11: error: invalid delimiters 'a b c': "
	    "expected exactly two\n");
}

TEST(error_unknown_partials_and_all_reported)
{
	CHECK_INT(run(0, NULL,
	    "a", "{{>header}}\n{{#x}}\n",
	    "b", "x\n  {{<layout}}{{/layout}}",
	    "c", "{{/c}}",
	    (const char *)NULL), -1);
	CHECK_STR(t_err,
	    "templates/a.html:2:1: error: section 'x' opened here is never "
	    "closed\n"
	    "templates/b.html:2:3: error: unknown parent template 'layout'\n"
	    "templates/c.html:1:1: error: closing tag 'c' has no open "
	    "section\n");
	CHECK_INT(run(0, NULL, "a", "x {{>header}}", (const char *)NULL), -1);
	CHECK_STR(t_err, "templates/a.html:1:3: error: unknown partial "
	    "'header'\n");
}

TEST(error_recursion_loop)
{
	CHECK_INT(run(0, NULL,
	    "a", "{{>b}}",
	    "b", "x\n{{#cond}}{{>a}}{{/cond}} {{<c}}{{/c}}",
	    "c", "{{$x}}{{>a}}{{/x}} {{>b}}",
	    (const char *)NULL), -1);
	CHECK_STR(t_err, "templates/c.html:1:20: error: partial recursion "
	    "loop: b -> c -> b\n");
	CHECK_INT(run(0, NULL, "a", "{{>a}}", (const char *)NULL), -1);
	CHECK_STR(t_err, "templates/a.html:1:1: error: partial recursion "
	    "loop: a -> a\n");
	/* Recursion under a section is data-driven: allowed. */
	CHECK_INT(run(0, page_data(), "tree",
	    "{{#questions}}{{n}}{{#yes}}{{>tree}}{{/yes}}{{/questions}}",
	    (const char *)NULL), -1);
	CHECK_CONTAINS(t_err, "partials nested more than 64 levels deep");
	CHECK_INT(run(0, page_data(),
	    "a", "{{#questions}}<{{>b}}>{{/questions}}",
	    "b", "{{n}}{{#no}}{{>a}}{{/no}}", (const char *)NULL), 0);
	CHECK_STR(t_out, "<1><2><3>");
}

TEST(error_strict_parent_content)
{
	CHECK_INT(run(0, NULL,
	    "page", "{{<base}}\n  oops {{x}}\n{{$mian}}m{{/mian}}"
	    "{{#s}}{{/s}}{{$t}}1{{/t}}{{$t}}2{{/t}}{{/base}}",
	    "base", "{{$main}}{{/main}}{{>p}}",
	    "p", "{{$t}}{{/t}}",
	    (const char *)NULL), -1);
	CHECK_STR(t_err,
	    "templates/page.html:2:3: error: text inside parent 'base' is "
	    "ignored; only blocks may appear there\n"
	    "templates/page.html:2:8: error: only blocks may appear directly "
	    "inside parent 'base'\n"
	    "templates/page.html:3:1: error: parent template 'base' has no "
	    "block 'mian'\n"
	    "templates/page.html:3:20: error: only blocks may appear directly "
	    "inside parent 'base'\n"
	    "templates/page.html:3:45: error: block 't' is passed to parent "
	    "'base' twice\n");
	/* A block in a template that failed to compile: one error. */
	CHECK_INT(run(0, NULL,
	    "page", "{{<base}}{{$main}}m{{/main}}{{/base}}",
	    "base", "{{>body}}", "body", "{{$main}}{{/main}}{{#x}}",
	    (const char *)NULL), -1);
	CHECK_STR(t_err, "templates/body.html:1:19: error: section 'x' opened "
	    "here is never closed\n");
	/* Lenient mode ignores all of that. */
	CHECK_INT(run(HB_TSET_LENIENT, NULL,
	    "page", "{{<base}} oops {{x}} {{$t}}T{{/t}}{{/base}}",
	    "base", "[{{$t}}{{/t}}]", (const char *)NULL), 0);
	CHECK_STR(t_out, "[T]");
}

TEST(error_nesting_and_duplicates)
{
	struct hb_buf src;
	struct hb_tset *ts = hb_tset_new(0);
	struct hb_diag d;
	int i;

	hb_buf_init(&src, HB_BUF_NOCAP);
	for (i = 0; i < HB_TMPL_MAX_NESTING + 1; i++)
		hb_buf_puts(&src, "{{#a}}");
	CHECK_INT(run(0, NULL, "t", hb_buf_str(&src), (const char *)NULL), -1);
	CHECK_STR(t_err, "templates/t.html:1:385: error: sections nested "
	    "more than 64 levels deep\n");
	hb_buf_fini(&src);
	hb_diag_init(&d);
	CHECK_INT(hb_tset_add(ts, "t", "a", 1, "templates/t.html", &d), 0);
	CHECK_INT(hb_tset_add(ts, "t", "b", 1, "theme/t.html", &d), -1);
	diag_text(&d);
	CHECK_STR(t_err, "theme/t.html: error: template 't' is defined twice "
	    "(also in templates/t.html)\n");
	hb_diag_fini(&d);
	hb_tset_free(ts);
}

/* A chain of 10,000 partials (each a user override file) links without
 * recursion (issue #15) and fails where rendering passes 64 levels, at
 * that tag; 64 deep renders. */
TEST(error_partial_chain_depth)
{
	struct hb_tset *ts;
	struct hb_diag d;
	struct hb_buf out;
	char name[32], text[48], path[64];
	int i, n;

	for (n = 10000; n >= 64; n = n == 10000 ? 64 : 0) {
		ts = hb_tset_new(0);
		hb_diag_init(&d);
		hb_buf_init(&out, HB_BUF_NOCAP);
		for (i = 0; i < n; i++) {
			snprintf(name, sizeof(name), "p%d", i);
			if (i + 1 < n)
				snprintf(text, sizeof(text), "%d {{>p%d}}",
				    i, i + 1);
			else
				snprintf(text, sizeof(text), "end");
			snprintf(path, sizeof(path), "templates/%s.html",
			    name);
			hb_tset_add(ts, name, text, strlen(text), path, &d);
		}
		CHECK_INT(hb_tset_compile(ts, &d), 0);
		if (n == 10000) {
			CHECK_INT(hb_tset_render(ts, "p0", NULL, &out, &d), -1);
			diag_text(&d);
			CHECK_STR(t_err, "templates/p64.html:1:4: error: "
			    "partials nested more than 64 levels deep at "
			    "'p65' (recursive partial?)\n");
		} else {
			CHECK_INT(hb_tset_render(ts, "p0", NULL, &out, &d), 0);
			CHECK_CONTAINS(hb_buf_str(&out), "62 end");
		}
		hb_buf_fini(&out);
		hb_diag_fini(&d);
		hb_tset_free(ts);
	}
}

/* ---- Render errors ---------------------------------------------------- */

TEST(error_unknown_variable_strict)
{
	const struct hb_tval *d = page_data();

	CHECK_INT(run(0, d, "page",
	    "<h1>{{question.title}}</h1>\n"
	    "  <p>{{question.tittle}}</p>\n"
	    "{{#questions}}{{titel}}{{nope}}{{/questions}}after\n"
	    "{{#missing}}x{{/missing}}{{^gone}}y{{/gone}}"
	    "{{question.title.x}}{{site.x}}",
	    (const char *)NULL), -1);
	CHECK_STR(t_err,
	    "templates/page.html:2:6: error: unknown variable "
	    "'question.tittle'\n"
	    "templates/page.html:2:6: note: did you mean 'title'?\n"
	    "templates/page.html:3:15: error: unknown variable 'titel'\n"
	    "templates/page.html:3:15: note: did you mean 'title'?\n"
	    "templates/page.html:3:24: error: unknown variable 'nope'\n"
	    "templates/page.html:4:1: error: unknown variable 'missing'\n"
	    "templates/page.html:4:26: error: unknown variable 'gone'\n"
	    "templates/page.html:4:45: error: unknown variable "
	    "'question.title.x'\n"
	    "templates/page.html:4:45: note: 'question.title' is a string, "
	    "not a map\n"
	    "templates/page.html:4:65: error: unknown variable 'site.x'\n"
	    "templates/page.html:4:65: note: 'site' is a string, not a "
	    "map\n");
	/* Rendering went on after the errors. */
	CHECK_CONTAINS(t_out, "after\n");
	CHECK_INT(run(0, d, "t", "{{questions}}", (const char *)NULL), -1);
	CHECK_STR(t_err, "templates/t.html:1:1: error: variable 'questions' "
	    "is a list; use a section to show its content\n");
}

TEST(lenient_mode_missing_is_empty)
{
	const struct hb_tval *d = page_data();

	CHECK_INT(run(HB_TSET_LENIENT, d, "t",
	    "[{{question.tittle}}][{{#missing}}x{{/missing}}]"
	    "[{{^missing}}y{{/missing}}][{{>nope}}][{{questions}}]",
	    (const char *)NULL), 0);
	CHECK_STR(t_out, "[][][y][][]");
	CHECK_STR(t_err, "");
}

TEST(error_recursion_depth_and_output_cap)
{
	struct hb_tval *m = hb_tval_map(&arena);
	struct hb_tset *ts = hb_tset_new(0);
	struct hb_diag d;
	struct hb_buf out;
	const char *big = "{{#t}}0123456789{{/t}}{{#t}}0123456789{{/t}}";

	hb_tval_map_set_bool(m, "t", true);
	CHECK_INT(run(0, m, "r", "{{#t}}{{>r}}{{>r}}{{/t}}",
	    (const char *)NULL), -1);
	CHECK_STR(t_err, "templates/r.html:1:7: error: partials nested more "
	    "than 64 levels deep at 'r' (recursive partial?)\n");
	hb_diag_init(&d);
	hb_buf_init(&out, 15);
	CHECK_INT(hb_tset_add(ts, "big", big, strlen(big), "templates/big.html",
	    &d), 0);
	CHECK_INT(hb_tset_compile(ts, &d), 0);
	CHECK_INT(hb_tset_render(ts, "big", m, &out, &d), -1);
	diag_text(&d);
	CHECK_STR(t_err, "templates/big.html: error: output of template 'big' "
	    "exceeds the size cap of 15 bytes\n");
	CHECK_INT(out.len, 15);
	hb_buf_fini(&out);
	hb_diag_fini(&d);
	hb_tset_free(ts);
}

/* Random splices of template fragments through the fuzz entry point:
 * nothing may crash, leak or hang. */
TEST(fuzz_smoke)
{
	static const char *const frag[] = {
		"{{", "}}", "{{{", "}}}", "{{#", "{{^", "{{/", "{{>", "{{<",
		"{{$", "{{!", "{{=", "=}}", "{{&", "s", "l", "m", "t", "f",
		"z", "e", "n", "h", ".", "a", "b", "c", "main", " ", "\n",
		"\r\n", "  ", "<%", "%>", "\0", "x"
	};
	unsigned char buf[256];
	uint32_t seed = 12345;
	int iter, ok = 0;

	for (iter = 0; iter < 20000; iter++) {
		size_t n = 0;
		int k, parts;

		seed = seed * 1103515245u + 12345u;
		buf[n++] = (unsigned char)(seed >> 16);
		parts = (int)((seed >> 8) % 40);
		for (k = 0; k < parts; k++) {
			const char *f;
			size_t fl;

			seed = seed * 1103515245u + 12345u;
			f = frag[(seed >> 16) % (sizeof(frag) / sizeof(*frag))];
			fl = f[0] == '\0' ? 1 : strlen(f);
			if (n + fl > sizeof(buf))
				break;
			memcpy(buf + n, f, fl);
			n += fl;
		}
		ok += hb_template_fuzz(buf, n) == 0;
	}
	/* The generator reaches both outcomes, not only one. */
	CHECK(ok > 100);
	CHECK(ok < 20000 - 100);
	CHECK_INT(hb_template_fuzz(NULL, 0), -1);
	CHECK_INT(hb_template_fuzz((const unsigned char *)"\0a{{#t}}c{{/t}}",
	    15), 0);
	CHECK_INT(hb_template_fuzz((const unsigned char *)"\0a{{#t}}c{{/d}}",
	    15), -1);
}

/* ---- The Mustache spec -------------------------------------------- */

/* A minimal JSON reader for the spec files, building hb_tval trees
 * directly. Numbers with a fraction or exponent become strings in their
 * shortest form ("1.21"), as the spec prints them. */
struct jp {
	const char *s, *end;
	struct hb_arena *a;
	int depth;
	bool bad;
};

static void
j_ws(struct jp *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' ||
	    *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static unsigned
j_hex4(struct jp *p)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p->s < p->end ? *p->s++ : 'x';

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			p->bad = true;
	}
	return v;
}

static void
j_utf8(struct hb_buf *b, unsigned cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		hb_buf_append(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		hb_buf_append(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		hb_buf_append(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		hb_buf_append(b, u, 4);
	}
}

/* Parses a string at p->s (after the quote) into b. */
static void
j_string(struct jp *p, struct hb_buf *b)
{
	while (p->s < p->end && *p->s != '"') {
		char c = *p->s++;
		unsigned cp;

		if (c != '\\') {
			hb_buf_append(b, &c, 1);
			continue;
		}
		c = p->s < p->end ? *p->s++ : '\0';
		switch (c) {
		case 'n': hb_buf_putc(b, '\n'); break;
		case 'r': hb_buf_putc(b, '\r'); break;
		case 't': hb_buf_putc(b, '\t'); break;
		case 'b': hb_buf_putc(b, '\b'); break;
		case 'f': hb_buf_putc(b, '\f'); break;
		case '"': case '\\': case '/': hb_buf_putc(b, c); break;
		case 'u':
			cp = j_hex4(p);
			if (cp >= 0xd800 && cp < 0xdc00 && p->end - p->s >= 6 &&
			    p->s[0] == '\\' && p->s[1] == 'u') {
				p->s += 2;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (j_hex4(p) - 0xdc00);
			}
			j_utf8(b, cp);
			break;
		default:
			p->bad = true;
			return;
		}
	}
	if (p->s >= p->end)
		p->bad = true;
	else
		p->s++;
}

static const struct hb_tval *j_value(struct jp *p);

static const struct hb_tval *
j_number(struct jp *p)
{
	const char *b = p->s;
	char tmp[64], out[64];
	bool frac = false;
	double v;
	int prec;

	while (p->s < p->end && strchr("+-0123456789.eE", *p->s) != NULL) {
		frac |= *p->s == '.' || *p->s == 'e' || *p->s == 'E';
		p->s++;
	}
	if (p->s == b || (size_t)(p->s - b) >= sizeof(tmp)) {
		p->bad = true;
		return NULL;
	}
	memcpy(tmp, b, (size_t)(p->s - b));
	tmp[p->s - b] = '\0';
	if (!frac)
		return hb_tval_int(p->a, strtoll(tmp, NULL, 10));
	v = strtod(tmp, NULL);
	for (prec = 1; prec <= 17; prec++) {
		snprintf(out, sizeof(out), "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			break;
	}
	return hb_tval_str(p->a, out);
}

static const struct hb_tval *
j_value(struct jp *p)
{
	struct hb_buf b;
	const struct hb_tval *v = NULL;

	j_ws(p);
	if (p->s >= p->end || ++p->depth > 100) {
		p->bad = true;
		return NULL;
	}
	if (*p->s == '{') {
		struct hb_tval *m = hb_tval_map(p->a);

		p->s++;
		j_ws(p);
		while (!p->bad && p->s < p->end && *p->s != '}') {
			if (*p->s != '"') {
				p->bad = true;
				break;
			}
			p->s++;
			hb_buf_init(&b, HB_BUF_NOCAP);
			j_string(p, &b);
			j_ws(p);
			if (p->s < p->end && *p->s == ':')
				p->s++;
			else
				p->bad = true;
			v = j_value(p);
			hb_tval_map_set(m, hb_buf_str(&b), v);
			hb_buf_fini(&b);
			j_ws(p);
			if (p->s < p->end && *p->s == ',') {
				p->s++;
				j_ws(p);
			}
		}
		if (p->s < p->end)
			p->s++;
		v = m;
	} else if (*p->s == '[') {
		struct hb_tval *l = hb_tval_list(p->a);

		p->s++;
		j_ws(p);
		while (!p->bad && p->s < p->end && *p->s != ']') {
			hb_tval_list_push(l, j_value(p));
			j_ws(p);
			if (p->s < p->end && *p->s == ',')
				p->s++;
			j_ws(p);
		}
		if (p->s < p->end)
			p->s++;
		v = l;
	} else if (*p->s == '"') {
		p->s++;
		hb_buf_init(&b, HB_BUF_NOCAP);
		j_string(p, &b);
		v = hb_tval_strn(p->a, hb_buf_str(&b), b.len);
		hb_buf_fini(&b);
	} else if (p->end - p->s >= 4 && memcmp(p->s, "true", 4) == 0) {
		p->s += 4;
		v = hb_tval_bool(p->a, true);
	} else if (p->end - p->s >= 5 && memcmp(p->s, "false", 5) == 0) {
		p->s += 5;
		v = hb_tval_bool(p->a, false);
	} else if (p->end - p->s >= 4 && memcmp(p->s, "null", 4) == 0) {
		p->s += 4;
		v = hb_tval_null(p->a);
	} else {
		v = j_number(p);
	}
	p->depth--;
	return v;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct hb_buf b;
	char chunk[8192];
	size_t n;

	if (fp == NULL)
		return NULL;
	hb_buf_init(&b, HB_BUF_NOCAP);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		hb_buf_append(&b, chunk, n);
	fclose(fp);
	*len = b.len;
	return hb_buf_detach(&b);
}

static const char *
spec_dir(void)
{
	static char dir[4096];
	const char *s = getenv("HB_SHARED");

	snprintf(dir, sizeof(dir), "%s/mustache-spec",
	    s != NULL ? s : "../../shared");
	return dir;
}

static const char *
str_of(const struct hb_tval *v)
{
	return v != NULL && v->kind == HB_TV_STRING ? v->u.str.s : NULL;
}

/* Runs one spec case (lenient mode) and checks its output. */
static void
spec_case(const char *file, const struct hb_tval *tc)
{
	const char *name = str_of(hb_tval_map_get(tc, "name"));
	const char *tmpl = str_of(hb_tval_map_get(tc, "template"));
	const char *want = str_of(hb_tval_map_get(tc, "expected"));
	const struct hb_tval *parts = hb_tval_map_get(tc, "partials");
	const struct hb_tval *data = hb_tval_map_get(tc, "data");
	struct hb_tset *ts = hb_tset_new(HB_TSET_LENIENT);
	struct hb_diag d;
	struct hb_buf out;
	size_t i;
	int rc;

	hb_diag_init(&d);
	hb_buf_init(&out, HB_BUF_NOCAP);
	if (name == NULL || tmpl == NULL || want == NULL) {
		HB_T_FAIL("%s: malformed case", file);
		goto done;
	}
	hb_tset_add(ts, "<main>", tmpl, strlen(tmpl), "main.mustache", &d);
	for (i = 0; parts != NULL && parts->kind == HB_TV_MAP &&
	    i < parts->u.map.n; i++) {
		const struct hb_tval *pv = parts->u.map.v[i].val;

		if (pv->kind == HB_TV_STRING)
			hb_tset_add(ts, parts->u.map.v[i].key, pv->u.str.s,
			    pv->u.str.n, parts->u.map.v[i].key, &d);
	}
	rc = hb_tset_compile(ts, &d);
	if (rc == 0)
		rc = hb_tset_render(ts, "<main>", data, &out, &d);
	diag_text(&d);
	if (rc != 0)
		HB_T_FAIL("rc %d: %s", rc, t_err);
	else if (strcmp(hb_buf_str(&out), want) != 0)
		HB_T_FAIL("got \"%s\", want \"%s\"", hb_buf_str(&out), want);
done:
	hb_buf_fini(&out);
	hb_diag_fini(&d);
	hb_tset_free(ts);
}

TEST(mustache_spec_absent)
{
	hb_t_cur = "mustache spec";
	SKIP("../shared not present");
}

/* Every case of the spec files counts as one test, named
 * "<file>: <case>". */
static void
run_spec(void)
{
	static const char *const files[] = {
		"comments", "delimiters", "interpolation", "inverted",
		"partials", "sections", "~inheritance"
	};
	static char label[512];
	const char *dir = spec_dir();
	DIR *dp = opendir(dir);
	size_t f, i;

	if (dp == NULL) {
		RUN(mustache_spec_absent);
		return;
	}
	closedir(dp);
	for (f = 0; f < sizeof(files) / sizeof(*files); f++) {
		char path[4200];
		struct hb_arena a;
		struct jp p;
		const struct hb_tval *doc, *tests;
		size_t len = 0;
		char *text;

		snprintf(path, sizeof(path), "%s/%s.json", dir, files[f]);
		text = slurp(path, &len);
		hb_arena_init(&a);
		memset(&p, 0, sizeof(p));
		p.a = &a;
		p.s = text;
		p.end = text != NULL ? text + len : NULL;
		doc = text != NULL ? j_value(&p) : NULL;
		tests = hb_tval_map_get(doc, "tests");
		if (text == NULL || p.bad || tests == NULL ||
		    tests->kind != HB_TV_LIST) {
			snprintf(label, sizeof(label), "%s.json", files[f]);
			hb_t_cur = label;
			HB_T_FAIL("cannot read %s: %s", path,
			    text == NULL ? strerror(errno) : "bad JSON");
			hb_t_failed++;
		}
		for (i = 0; tests != NULL && tests->kind == HB_TV_LIST &&
		    i < tests->u.list.n; i++) {
			const struct hb_tval *tc = tests->u.list.v[i];
			const char *name = str_of(hb_tval_map_get(tc, "name"));

			snprintf(label, sizeof(label), "%s: %s", files[f],
			    name != NULL ? name : "?");
			hb_t_cur = label;
			hb_t_cur_failed = 0;
			spec_case(files[f], tc);
			if (hb_t_cur_failed)
				hb_t_failed++;
			else
				hb_t_passed++;
		}
		hb_arena_fini(&a);
		free(text);
	}
}

/* hb_tset_check (issue #13): templates checked against a shape without
 * data. Every branch is entered (a false section too), a list's one
 * item stands for all, "*" accepts any key, a recursive partial ends,
 * a parent's blocks see the caller's names, and a tag that two pages
 * reach is reported once. */
TEST(check_against_shape)
{
	struct hb_tset *ts = hb_tset_new(0);
	struct hb_diag d;
	struct hb_tval *root = hb_tval_map(&arena), *item = hb_tval_map(&arena);
	struct hb_tval *l = hb_tval_list(&arena), *any = hb_tval_map(&arena);
	const char *names[] = { "page", "other" };
	const struct hb_tval *shapes[2];
	static const char *const src[][2] = {
		{ "base", "<main>{{$main}}{{/main}}</main>" },
		{ "_tree", "{{#kids}}{{name}}{{>_tree}}{{/kids}}" },
		{ "page", "{{<base}}{{$main}}{{title}}{{^ok}}{{tilte}}{{/ok}}"
		    "{{#kids}}{{>_tree}}{{nmae}}{{/kids}}{{t.anything}}"
		    "{{kids}}{{/main}}{{/base}}" },
		{ "other", "{{>_tree}}" },
	};
	size_t i;

	hb_diag_init(&d);
	for (i = 0; i < sizeof(src) / sizeof(src[0]); i++)
		CHECK_INT(hb_tset_add(ts, src[i][0], src[i][1],
		    strlen(src[i][1]), hb_arena_printf(&arena, "%s.html",
		    src[i][0]), &d), 0);
	CHECK_INT(hb_tset_compile(ts, &d), 0);
	hb_tval_map_set_str(item, "name", "x");
	hb_tval_map_set(item, "kids", l);
	hb_tval_list_push(l, item);
	hb_tval_map_set_str(any, "*", "x");
	hb_tval_map_set_str(root, "title", "x");
	hb_tval_map_set_bool(root, "ok", true);
	hb_tval_map_set(root, "kids", l);
	hb_tval_map_set(root, "t", any);
	shapes[0] = root;
	shapes[1] = root;
	CHECK_INT(hb_tset_check(ts, names, shapes, 2, &d), -1);
	diag_text(&d);
	CHECK_STR(t_err,
	    "page.html:1:35: error: unknown variable 'tilte'\n"
	    "page.html:1:35: note: did you mean 'title'?\n"
	    "page.html:1:70: error: unknown variable 'nmae'\n"
	    "page.html:1:101: error: variable 'kids' is a list; use a "
	    "section to show its content\n");
	hb_diag_fini(&d);
	hb_tset_free(ts);
}

int
main(void)
{
	hb_arena_init(&arena);
	RUN(values_map_and_list);
	RUN(values_truthiness);
	RUN(interpolation_escapes_all_five);
	RUN(html_values_are_not_escaped);
	RUN(scalars);
	RUN(dotted_names_and_implicit_iterator);
	RUN(sections_truthiness);
	RUN(comments_and_delimiters);
	RUN(standalone_lines);
	RUN(partials_indent_and_context);
	RUN(inheritance_site_layout);
	RUN(compile_once_render_many);
	RUN(check_against_shape);
	RUN(error_unclosed_section);
	RUN(error_mismatched_close);
	RUN(error_unclosed_tag_and_names);
	RUN(error_bad_delimiters);
	RUN(error_unknown_partials_and_all_reported);
	RUN(error_recursion_loop);
	RUN(error_strict_parent_content);
	RUN(error_nesting_and_duplicates);
	RUN(error_partial_chain_depth);
	RUN(error_unknown_variable_strict);
	RUN(lenient_mode_missing_is_empty);
	RUN(error_recursion_depth_and_output_cap);
	RUN(fuzz_smoke);
	run_spec();
	hb_arena_fini(&arena);
	return hb_t_done("test_template");
}
