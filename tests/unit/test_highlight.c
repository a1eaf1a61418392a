/* Unit tests: highlight.c (every table compiles, token spans per
 * language, escaping, Chinese text, fence aliases, the Go guess, 1 MB
 * and pathological inputs under a time limit, threads). */
#include "harness.h"

#include <pthread.h>
#include <time.h>

#include "buf.h"
#include "diag.h"
#include "highlight.h"
#include "rx.h"

static const char *const langs[] = {
	"go", "c", "shell", "yaml", "json", "sql", "python", "javascript",
	"promql", "text",
};
#define NLANGS (sizeof(langs) / sizeof(langs[0]))

static struct hb_highlighter *hl;
static struct hb_rx_scratch *scratch;
static struct hb_buf html_out, toks_out;	/* results of html(), toks() */

/* CPU time of this thread, not wall time: on a shared machine under
 * load the wall clock failed the 0.62 s bound of a 60 ms scan. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Returns the highlighted HTML of code as lang (static, valid until the
 * next call), or NULL when hb_highlight() did not return 0. */
static const char *
html(const char *lang, const char *code)
{
	hb_buf_reset(&html_out);
	if (hb_highlight(hl, scratch, lang, code, strlen(code),
	    &html_out) != 0)
		return NULL;
	return hb_buf_str(&html_out);
}

static const char *const classes[] = {
	"kw", "ty", "str", "num", "com", "fn", "op", "key", "var", "lit",
	"meta",
};

/* Turns highlighted HTML back into text, writing each span as
 * {cls:text} when `marks`, and checks it is well-formed: spans are
 * known, unnested, non-empty, closed and never hold a newline, and the
 * only markup besides them is the five entities. Returns false (with a
 * message) otherwise. */
static bool
decode(const char *h, size_t n, bool marks, struct hb_buf *out)
{
	static const char *const ent[][2] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&quot;", "\"" }, { "&#39;", "'" },
	};
	bool in = false;
	size_t i = 0, k, spanlen = 0;

	while (i < n) {
		if (strncmp(h + i, "<span class=\"tok-", 17) == 0) {
			const char *q = strchr(h + i + 17, '"');
			bool known = false;

			if (in || q == NULL || q[1] != '>')
				goto bad;
			for (k = 0; k < sizeof(classes) / sizeof(*classes);
			    k++) {
				if ((size_t)(q - (h + i + 17)) ==
				    strlen(classes[k]) &&
				    strncmp(h + i + 17, classes[k],
				    strlen(classes[k])) == 0)
					known = true;
			}
			if (!known)
				goto bad;
			if (marks) {
				hb_buf_putc(out, '{');
				hb_buf_append(out, h + i + 17,
				    (size_t)(q - (h + i + 17)));
				hb_buf_putc(out, ':');
			}
			in = true;
			spanlen = 0;
			i = (size_t)(q + 2 - h);
			continue;
		}
		if (strncmp(h + i, "</span>", 7) == 0) {
			if (!in || spanlen == 0)
				goto bad;
			if (marks)
				hb_buf_putc(out, '}');
			in = false;
			i += 7;
			continue;
		}
		if (h[i] == '<' || h[i] == '>' || h[i] == '"' ||
		    h[i] == '\'' || (h[i] == '\n' && in))
			goto bad;
		if (h[i] == '&') {
			for (k = 0; k < 5; k++) {
				size_t el = strlen(ent[k][0]);

				if (strncmp(h + i, ent[k][0], el) == 0) {
					hb_buf_puts(out, ent[k][1]);
					i += el;
					spanlen++;
					break;
				}
			}
			if (k == 5)
				goto bad;
			continue;
		}
		hb_buf_putc(out, h[i]);
		spanlen++;
		i++;
	}
	if (in)
		goto bad;
	return true;
bad:
	fprintf(stderr, "malformed HTML at byte %zu: %.60s\n", i, h + i);
	return false;
}

/* Returns the {cls:text} view of code highlighted as lang (static). */
static const char *
toks(const char *lang, const char *code)
{
	const char *h = html(lang, code);

	hb_buf_reset(&toks_out);
	if (h == NULL || !decode(h, strlen(h), true, &toks_out))
		return NULL;
	return hb_buf_str(&toks_out);
}

/* Highlights code[0..n) and checks the HTML decodes back to exactly the
 * code, well-formed, with nothing cut short. Returns 0 on success. */
static int
roundtrip(const char *lang, const char *code, size_t n, double *secs)
{
	struct hb_buf out, back;
	double t0 = now();
	int rc = -1;

	hb_buf_init(&out, HB_BUF_NOCAP);
	hb_buf_init(&back, HB_BUF_NOCAP);
	if (hb_highlight(hl, scratch, lang, code, n, &out) != 0) {
		fprintf(stderr, "%s: highlighting stopped early\n", lang);
		goto done;
	}
	if (secs != NULL)
		*secs = now() - t0;
	if (!decode(hb_buf_str(&out), out.len, false, &back))
		goto done;
	if (back.len != n || memcmp(back.data, code, n) != 0) {
		fprintf(stderr, "%s: text changed (%zu bytes, want %zu)\n",
		    lang, back.len, n);
		goto done;
	}
	rc = 0;
done:
	hb_buf_fini(&out);
	hb_buf_fini(&back);
	return rc;
}

TEST(all_tables_compile)
{
	struct hb_diag d;
	struct hb_highlighter *h;
	size_t i;

	hb_diag_init(&d);
	h = hb_highlighter_new(&d);
	CHECK(h != NULL);
	CHECK_INT(d.n, 0);
	hb_highlighter_free(h);
	hb_highlighter_free(NULL);
	hb_diag_fini(&d);
	/* Every table highlights something. */
	for (i = 0; i + 1 < NLANGS; i++)
		CHECK_CONTAINS(html(langs[i], "x = 1 # y // z"), "<span");
}

TEST(lang_aliases)
{
	CHECK_STR(hb_highlight_lang("go"), "go");
	CHECK_STR(hb_highlight_lang("Go"), "go");
	CHECK_STR(hb_highlight_lang("golang"), "go");
	CHECK_STR(hb_highlight_lang("go title=\"main.go\""), "go");
	CHECK_STR(hb_highlight_lang("{.go}"), "go");
	CHECK_STR(hb_highlight_lang("c"), "c");
	CHECK_STR(hb_highlight_lang("h"), "c");
	CHECK_STR(hb_highlight_lang("sh"), "shell");
	CHECK_STR(hb_highlight_lang("bash"), "shell");
	CHECK_STR(hb_highlight_lang("console"), "shell");
	CHECK_STR(hb_highlight_lang("zsh"), "shell");
	CHECK_STR(hb_highlight_lang("shell"), "shell");
	CHECK_STR(hb_highlight_lang("yml"), "yaml");
	CHECK_STR(hb_highlight_lang("YAML"), "yaml");
	CHECK_STR(hb_highlight_lang("json"), "json");
	CHECK_STR(hb_highlight_lang("SQL"), "sql");
	CHECK_STR(hb_highlight_lang("py"), "python");
	CHECK_STR(hb_highlight_lang("python"), "python");
	CHECK_STR(hb_highlight_lang("js"), "javascript");
	CHECK_STR(hb_highlight_lang("ts"), "javascript");
	CHECK_STR(hb_highlight_lang("typescript"), "javascript");
	CHECK_STR(hb_highlight_lang("promql"), "promql");
	CHECK_STR(hb_highlight_lang("text"), "text");
	CHECK_STR(hb_highlight_lang("txt"), "text");
	CHECK_STR(hb_highlight_lang(""), NULL);
	CHECK_STR(hb_highlight_lang(NULL), NULL);
	CHECK_STR(hb_highlight_lang("cobol"), NULL);
	CHECK_STR(hb_highlight_lang("gopher"), NULL);
	CHECK_STR(hb_highlight_lang("averyveryverylonglanguagename"), NULL);
}

TEST(unknown_language_is_escaped_only)
{
	const char *code = "if a < b && c > \"d\" { 'x' } // 中文";
	const char *want = "if a &lt; b &amp;&amp; c &gt; &quot;d&quot; "
	    "{ &#39;x&#39; } // 中文";

	CHECK_STR(html("cobol", code), want);
	CHECK_STR(html(NULL, code), want);
	CHECK_STR(html("text", code), want);
	CHECK_STR(html("", code), want);
	CHECK_STR(html("go", ""), "");
}

TEST(escaping_inside_and_outside_spans)
{
	CHECK_STR(html("go", "if a < b && s == \"<&\\\">\" {"),
	    "<span class=\"tok-kw\">if</span> a "
	    "<span class=\"tok-op\">&lt;</span> b "
	    "<span class=\"tok-op\">&amp;&amp;</span> s "
	    "<span class=\"tok-op\">==</span> "
	    "<span class=\"tok-str\">&quot;&lt;&amp;\\&quot;&gt;&quot;</span>"
	    " {");
	CHECK_STR(html("c", "// a<b & \"c\"\n"),
	    "<span class=\"tok-com\">// a&lt;b &amp; &quot;c&quot;</span>\n");
}

TEST(chinese_in_strings_and_comments)
{
	CHECK_STR(html("go", "s := \"你好，世界\" // 注释：中文\n"),
	    "s <span class=\"tok-op\">:=</span> "
	    "<span class=\"tok-str\">&quot;你好，世界&quot;</span> "
	    "<span class=\"tok-com\">// 注释：中文</span>\n");
	CHECK_STR(toks("python", "# 说明\nx = '中文' + \"字符\"\n"),
	    "{com:# 说明}\nx {op:=} {str:'中文'} {op:+} "
	    "{str:\"字符\"}\n");
	CHECK_STR(toks("yaml", "标题: 面试题 # 备注\n"),
	    "{key:标题}: 面试题 {com:# 备注}\n");
	/* A Chinese identifier is one word, and a call. */
	CHECK_STR(toks("go", "调度(g)"), "{fn:调度}(g)");
}

TEST(go_raw_string_with_backticks)
{
	CHECK_STR(html("go", "q := `SELECT \"x\"\nFROM t`\nreturn"),
	    "q <span class=\"tok-op\">:=</span> "
	    "<span class=\"tok-str\">`SELECT &quot;x&quot;</span>\n"
	    "<span class=\"tok-str\">FROM t`</span>\n"
	    "<span class=\"tok-kw\">return</span>");
	/* An unclosed raw string runs to the end of the block. */
	CHECK_STR(toks("go", "x := `a\n\nb"), "x {op::=} {str:`a}\n\n{str:b}");
}

TEST(slashes_inside_strings_are_not_comments)
{
	CHECK_STR(toks("go", "u := \"http://x.io/*y*/\" // c"),
	    "u {op::=} {str:\"http://x.io/*y*/\"} {com:// c}");
	CHECK_STR(toks("c", "p = \"a // b\"; /* \"q\" */"),
	    "p {op:=} {str:\"a // b\"}; {com:/* \"q\" */}");
	CHECK_STR(toks("javascript", "const u = 'http://x' // ok"),
	    "{kw:const} u {op:=} {str:'http://x'} {com:// ok}");
	CHECK_STR(toks("shell", "curl \"http://x/#a\" # c"),
	    "{fn:curl} {str:\"http://x/#a\"} {com:# c}");
	CHECK_STR(toks("python", "s = \"# not\"  # yes"),
	    "s {op:=} {str:\"# not\"}  {com:# yes}");
}

TEST(go)
{
	CHECK_STR(toks("go", "package main\n\nimport \"fmt\"\n"),
	    "{kw:package} main\n\n{kw:import} {str:\"fmt\"}\n");
	CHECK_STR(toks("go", "func (w *W) Run(n int) error {\n"
	    "\tch := make(chan int, 0x1F)\n"
	    "\tgo func() { ch <- 'a' }()\n"
	    "\tif err != nil { return nil }\n"
	    "\tfmt.Println(3.5e-2, true)\n}"),
	    "{kw:func} (w {op:*}W) {fn:Run}(n {ty:int}) {ty:error} {\n"
	    "\tch {op::=} {ty:make}({kw:chan} {ty:int}, {num:0x1F})\n"
	    "\t{kw:go} {kw:func}() { ch {op:<-} {str:'a'} }()\n"
	    "\t{kw:if} err {op:!=} {lit:nil} { {kw:return} {lit:nil} }\n"
	    "\tfmt.{fn:Println}({num:3.5e-2}, {lit:true})\n}");
	CHECK_STR(toks("golang", "type Node struct{}\n/* a\nb */ x"),
	    "{kw:type} {ty:Node} {kw:struct}{}\n{com:/* a}\n{com:b */} x");
	/* Keywords only as whole words. */
	CHECK_STR(toks("go", "gofunc ifx x1 _if"), "gofunc ifx x1 _if");
	CHECK_STR(toks("go", "'\\n' '\\'' '中'"),
	    "{str:'\\n'} {str:'\\''} {str:'中'}");
}

TEST(c)
{
	CHECK_STR(toks("c", "#include <stdio.h>\n#define N 10\n"),
	    "{meta:#include} {str:<stdio.h>}\n{meta:#define} N {num:10}\n");
	CHECK_STR(toks("c", "static size_t f(struct node *p, char c)\n"
	    "{ return sizeof(*p) + 42u + '\\0' ? NULL : -1; }"),
	    "{kw:static} {ty:size_t} {fn:f}({kw:struct} {ty:node} {op:*}p, "
	    "{ty:char} c)\n{ {kw:return} {kw:sizeof}({op:*}p) {op:+} "
	    "{num:42u} {op:+} {str:'\\0'} {op:?} {lit:NULL} : "
	    "{op:-}{num:1}; }");
	CHECK_STR(toks("h", "uint64_t x; /* 中文 */"),
	    "{ty:uint64_t} x; {com:/* 中文 */}");
}

TEST(shell)
{
	CHECK_STR(toks("bash",
	    "#!/bin/bash\n# note\nexport GOPATH=\"$HOME/go\"\n"),
	    "{meta:#!/bin/bash}\n{com:# note}\n{kw:export} {var:GOPATH}="
	    "{str:\"$HOME/go\"}\n");
	CHECK_STR(toks("sh", "for f in *.go; do\n  gofmt -l \"$f\" | wc -l\n"
	    "done 2>&1"),
	    "{kw:for} f {kw:in} *.go{op:;} {kw:do}\n  {fn:gofmt} -l "
	    "{str:\"$f\"} {op:|} {fn:wc} -l\n{kw:done} {num:2}{op:>&}{num:1}");
	CHECK_STR(toks("console", "$ go test ./... && echo ${X:-ok} $1"),
	    "{meta:$ }{fn:go} test ./... {op:&&} {fn:echo} {var:${X:-ok}} "
	    "{var:$1}");
	/* a#b is no comment; a lone quote stays text. */
	CHECK_STR(toks("shell", "echo a#b it's\necho 'q'"),
	    "{fn:echo} a#b it's\n{fn:echo} {str:'q'}");
}

TEST(yaml)
{
	CHECK_STR(toks("yaml", "---\n# c\napiVersion: apps/v1\nspec:\n"
	    "  replicas: 3\n  on: true\n  - name: \"web\" # x\n"
	    "  image: nginx:1.19\n  ref: *base\n  s: |\n    text: here\n"),
	    "{meta:---}\n{com:# c}\n{key:apiVersion}: apps/v1\n{key:spec}:\n"
	    "  {key:replicas}: {num:3}\n  {key:on}: {lit:true}\n"
	    "  - {key:name}: {str:\"web\"} {com:# x}\n"
	    "  {key:image}: nginx:1.19\n  {key:ref}: {var:*base}\n"
	    "  {key:s}: {op:|}\n    {key:text}: here\n");
	CHECK_STR(toks("yml", "a: no way\nb: no\nc: 'it''s'\n"),
	    "{key:a}: no way\n{key:b}: {lit:no}\n"
	    "{key:c}: {str:'it'}{str:'s'}\n");
}

TEST(json)
{
	CHECK_STR(toks("json", "{\"name\": \"a\\\"b\", \"n\" : -1.5e3,\n"
	    " \"ok\": [true, null, 2]}"),
	    "{{key:\"name\"}: {str:\"a\\\"b\"}, {key:\"n\"} : {num:-1.5e3},\n"
	    " {key:\"ok\"}: [{lit:true}, {lit:null}, {num:2}]}");
}

TEST(sql)
{
	CHECK_STR(toks("sql", "-- top\nSELECT u.id, COUNT(*) AS n FROM "
	    "\"order\" u\nWHERE name = 'it''s' and age >= :age::int;"),
	    "{com:-- top}\n{kw:SELECT} u.id, {fn:COUNT}({op:*}) {kw:AS} n "
	    "{kw:FROM} \"order\" u\n{kw:WHERE} name {op:=} {str:'it'}"
	    "{str:'s'} {kw:and} age {op:>=} {var::age}{op:::}{ty:int};");
	CHECK_STR(toks("mysql", "select null /* x */ limit 10"),
	    "{kw:select} {lit:null} {com:/* x */} {kw:limit} {num:10}");
}

TEST(python)
{
	CHECK_STR(toks("py", "@cache\nclass Foo(Base):\n"
	    "    \"\"\"Doc\n    more\"\"\"\n"
	    "    def bar(self, x=0x10) -> str:\n"
	    "        return None if x is not None else len(f'{x}')\n"),
	    "{meta:@cache}\n{kw:class} {ty:Foo}(Base):\n"
	    "    {str:\"\"\"Doc}\n{str:    more\"\"\"}\n"
	    "    {kw:def} {fn:bar}({var:self}, x{op:=}{num:0x10}) {op:->} "
	    "{ty:str}:\n"
	    "        {kw:return} {lit:None} {kw:if} x {kw:is} {kw:not} "
	    "{lit:None} {kw:else} {ty:len}({str:f'{x}'})\n");
}

TEST(javascript)
{
	CHECK_STR(toks("js", "// c\nconst t = `a ${b}\nc`;\n"
	    "class A extends B { async run(x) { return this.x === 1n ? "
	    "\"a\" : 'b'; } }"),
	    "{com:// c}\n{kw:const} t {op:=} {str:`a ${b}}\n{str:c`};\n"
	    "{kw:class} {ty:A} {kw:extends} {ty:B} { {kw:async} {fn:run}(x) "
	    "{ {kw:return} {var:this}.x {op:===} {num:1n} {op:?} {str:\"a\"} "
	    ": {str:'b'}; } }");
	CHECK_STR(toks("typescript", "let v: number = obj?.p ?? null;"),
	    "{kw:let} v: {ty:number} {op:=} obj{op:?.}p {op:??} {lit:null};");
}

TEST(promql)
{
	CHECK_STR(toks("promql", "sum by (job) (rate(http_requests_total"
	    "{job=\"api\", code!~\"5..\"}[5m])) > 0.5 # x"),
	    "{kw:sum} {kw:by} (job) ({fn:rate}(http_requests_total"
	    "{{key:job}{op:=}{str:\"api\"}, {key:code}{op:!~}{str:\"5..\"}}"
	    "[{num:5m}])) {op:>} {num:0.5} {com:# x}");
}

TEST(spans_never_hold_newlines)
{
	/* decode() rejects a newline inside a span; multi-line tokens of
	 * every kind are reopened on each line, blank lines get none. */
	CHECK_STR(toks("c", "/*\n\n*/"), "{com:/*}\n\n{com:*/}");
	CHECK_STR(toks("python", "'''a\n'''"), "{str:'''a}\n{str:'''}");
	CHECK(toks("javascript", "`\n\n`") != NULL);
}

TEST(unterminated_tokens)
{
	CHECK_STR(toks("go", "s := \"abc\nx := 1"),
	    "s {op::=} {str:\"abc}\nx {op::=} {num:1}");
	CHECK_STR(toks("c", "/* open\nint x;"), "{com:/* open}\n{com:int x;}");
	CHECK_STR(toks("python", "\"\"\"doc"), "{str:\"\"\"doc}");
	CHECK_STR(toks("go", "\"a\\"), "{str:\"a\\}");
}

TEST(invalid_utf8_is_escaped_and_flagged)
{
	struct hb_buf out;

	hb_buf_init(&out, HB_BUF_NOCAP);
	CHECK_INT(hb_highlight(hl, scratch, "go", "if <\xff", 5, &out), 1);
	CHECK_STR(hb_buf_str(&out), "if &lt;\xff");
	hb_buf_fini(&out);
}

TEST(looks_like_go)
{
	CHECK(hb_highlight_looks_like_go("package main\n\nfunc main() {}\n"));
	CHECK(hb_highlight_looks_like_go("  package foo"));
	CHECK(hb_highlight_looks_like_go("func f() {\n\tx := 1\n}"));
	CHECK(hb_highlight_looks_like_go("go func() {\n\tch <- 1\n}()"));
	CHECK(hb_highlight_looks_like_go("if err != nil {\n\treturn err\n}"
	    "\ndefer f.Close()"));
	CHECK(!hb_highlight_looks_like_go("int main(void) { return 0; }"));
	CHECK(!hb_highlight_looks_like_go("def f(x):\n    return x\n"));
	CHECK(!hb_highlight_looks_like_go("echo hello | grep h"));
	CHECK(!hb_highlight_looks_like_go("SELECT * FROM package"));
	CHECK(!hb_highlight_looks_like_go("// the package main is\nx = 1"));
	CHECK(!hb_highlight_looks_like_go(""));
	CHECK(!hb_highlight_looks_like_go(NULL));
}

/* Realistic code in every language, joined: each table must take all
 * of it (most of it foreign) and give the text back unchanged. */
static const char sample[] =
    "package main\n\nimport \"fmt\"\n\n// 处理 <a & b>\n"
    "func (w *W) Run(n int) error {\n\ts := `raw \"x\"\nline`\n"
    "\tx := 0x1F + 3.5e-2 + 'a' + '\\n'\n\tgo func() { w.ch <- n }()\n"
    "\treturn fmt.Errorf(\"%d: %w\", n, err)\n}\n"
    "#include <stdio.h>\nstatic const char *s = \"a // b\"; /* c */\n"
    "#!/bin/sh\n$ export A=\"$HOME\" && ls -la 2>&1 | grep 'x' # y\n"
    "---\nkey: value # c\n  - name: \"web\"\n  on: true\n"
    "{\"a\": [1, -2.5e3, null], \"b\": \"c\\\"d\"}\n"
    "SELECT id, COUNT(*) FROM t WHERE n = 'it''s' -- q\n"
    "@dec\nclass A(B):\n    '''doc'''\n    def f(self): return None\n"
    "const t = `x ${y}`; let z = a?.b ?? 1n; /* e */\n"
    "sum by (job) (rate(x{job=\"api\"}[5m])) > 0.5\n"
    "中文段落，“引号”与‘单引号’。\n";

TEST(every_table_round_trips)
{
	size_t i;

	for (i = 0; i < NLANGS; i++)
		CHECK_INT(roundtrip(langs[i], sample, strlen(sample), NULL), 0);
}

/* Returns an owned n-byte text of `unit` repeated (cut at a character
 * boundary, so it may be a few bytes short; *len says how long). */
static char *
repeat(const char *unit, size_t n, size_t *len)
{
	size_t u = strlen(unit), i = 0;
	char *s = malloc(n + 1);

	if (s == NULL)
		return NULL;
	while (i + u <= n) {
		memcpy(s + i, unit, u);
		i += u;
	}
	s[i] = '\0';
	*len = i;
	return s;
}

#define MB (1024 * 1024)

/* Under valgrind (tests/run exports VALGRIND=1) everything runs ~50
 * times slower, under ThreadSanitizer (make tsan sets HB_UNTIMED=1)
 * 5-15 times: there the time limits grow and only Go gets the 1 MB
 * block and the pathological lines are shorter, since the point of that
 * run is memory errors and races. Natively each megabyte takes
 * milliseconds, and a quadratic scan would take minutes. */
static bool
slow(void)
{
	const char *v = getenv("VALGRIND");
	const char *u = getenv("HB_UNTIMED");

	return (v != NULL && strcmp(v, "1") == 0) ||
	    (u != NULL && strcmp(u, "1") == 0);
}

static double
limit_secs(void)
{
	return slow() ? 100.0 : 5.0;
}

TEST(one_megabyte_of_code_in_every_language)
{
	size_t i, len;
	char *big = repeat(sample, MB, &len);

	CHECK(big != NULL);
	CHECK(len > MB - sizeof(sample));
	for (i = 0; i < (slow() ? 1 : NLANGS); i++) {
		double secs = 0;

		if (roundtrip(langs[i], big, len, &secs) != 0 ||
		    secs > limit_secs()) {
			free(big);
			HB_T_FAIL("%s: 1 MB took %.2fs or changed", langs[i],
			    secs);
			return;
		}
	}
	free(big);
}

/* Each of these, repeated to one long line, once made some rule
 * backtrack or retry from every position. */
static const char *const nasty[] = {
	"/* ", "\"\\\"", "\\'", "'", "`\\n", "abc      ", "a ", "\"\"\"",
	"a b c: ", "x:", "${", "中文字符", "1.2.", " #", "<-&&\"", "- ",
	"1s", "\"\\", "\\", "#", "$ ", "if ", "%", "*/", "0x", "@",
};

TEST(pathological_lines_stay_linear)
{
	size_t i, j, len;

	for (i = 0; i < sizeof(nasty) / sizeof(*nasty); i++) {
		char *s = repeat(nasty[i], slow() ? MB / 128 : MB / 8, &len);

		CHECK(s != NULL);
		for (j = 0; j + 1 < NLANGS; j++) {
			double secs = 0;

			if (roundtrip(langs[j], s, len, &secs) != 0 ||
			    secs > limit_secs() / 8) {
				free(s);
				HB_T_FAIL("%s on \"%s\"...: %.2fs or changed",
				    langs[j], nasty[i], secs);
				return;
			}
		}
		free(s);
	}
}

TEST(one_megabyte_string_and_comment)
{
	size_t len;
	char *s = repeat("\\\"中文 // x ", MB, &len);
	struct hb_buf code;

	CHECK(s != NULL);
	hb_buf_init(&code, HB_BUF_NOCAP);
	hb_buf_puts(&code, "x := \"");
	hb_buf_puts(&code, s);
	hb_buf_puts(&code, "\"\n/*");
	hb_buf_puts(&code, s);
	hb_buf_puts(&code, "*/\n");
	free(s);
	CHECK_INT(roundtrip("go", code.data, code.len, NULL), 0);
	CHECK_INT(roundtrip("javascript", code.data, code.len, NULL), 0);
	CHECK_INT(roundtrip("json", code.data, code.len, NULL), 0);
	hb_buf_fini(&code);
}

struct job {
	const char *lang;
	const char *want;
	int fail;
};

/* Highlights the sample 20 times with its own scratch; each result must
 * equal the single-threaded one. */
static void *
job_run(void *arg)
{
	struct job *j = arg;
	struct hb_rx_scratch *s = hb_rx_scratch_new();
	struct hb_buf out;
	int i;

	hb_buf_init(&out, HB_BUF_NOCAP);
	for (i = 0; i < 20; i++) {
		hb_buf_reset(&out);
		if (hb_highlight(hl, s, j->lang, sample, strlen(sample),
		    &out) != 0 || strcmp(hb_buf_str(&out), j->want) != 0)
			j->fail = 1;
	}
	hb_buf_fini(&out);
	hb_rx_scratch_free(s);
	return NULL;
}

TEST(threads_share_one_highlighter)
{
	struct job jobs[NLANGS];
	char *want[NLANGS];
	pthread_t t[NLANGS];
	size_t i;

	for (i = 0; i < NLANGS; i++) {
		const char *h = html(langs[i], sample);

		CHECK(h != NULL);
		want[i] = strdup(h);
		jobs[i].lang = langs[i];
		jobs[i].want = want[i];
		jobs[i].fail = 0;
	}
	for (i = 0; i < NLANGS; i++)
		CHECK_INT(pthread_create(&t[i], NULL, job_run, &jobs[i]), 0);
	for (i = 0; i < NLANGS; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < NLANGS; i++) {
		CHECK_INT(jobs[i].fail, 0);
		free(want[i]);
	}
}

int
main(void)
{
	struct hb_diag d;

	hb_diag_init(&d);
	hb_buf_init(&html_out, HB_BUF_NOCAP);
	hb_buf_init(&toks_out, HB_BUF_NOCAP);
	hl = hb_highlighter_new(&d);
	scratch = hb_rx_scratch_new();
	if (hl == NULL) {
		hb_diag_print(&d, stderr, HB_DIAG_TEXT);
		return 1;
	}
	RUN(all_tables_compile);
	RUN(lang_aliases);
	RUN(unknown_language_is_escaped_only);
	RUN(escaping_inside_and_outside_spans);
	RUN(chinese_in_strings_and_comments);
	RUN(go_raw_string_with_backticks);
	RUN(slashes_inside_strings_are_not_comments);
	RUN(go);
	RUN(c);
	RUN(shell);
	RUN(yaml);
	RUN(json);
	RUN(sql);
	RUN(python);
	RUN(javascript);
	RUN(promql);
	RUN(spans_never_hold_newlines);
	RUN(unterminated_tokens);
	RUN(invalid_utf8_is_escaped_and_flagged);
	RUN(looks_like_go);
	RUN(every_table_round_trips);
	RUN(one_megabyte_of_code_in_every_language);
	RUN(pathological_lines_stay_linear);
	RUN(one_megabyte_string_and_comment);
	RUN(threads_share_one_highlighter);
	hb_rx_scratch_free(scratch);
	hb_highlighter_free(hl);
	hb_diag_fini(&d);
	hb_buf_fini(&html_out);
	hb_buf_fini(&toks_out);
	return hb_t_done("test_highlight");
}
