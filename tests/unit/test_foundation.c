/* Unit tests: buf, arena, json, diag, hset (the foundation). */
#include "harness.h"

#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "hset.h"
#include "html.h"
#include "json.h"

TEST(buf_cap_sets_overflow)
{
	struct hb_buf b;

	hb_buf_init(&b, 5);
	hb_buf_puts(&b, "abc");
	hb_buf_puts(&b, "defg");
	CHECK(b.overflow);
	CHECK_STR(hb_buf_str(&b), "abcde");
	hb_buf_reset(&b);
	CHECK(!b.overflow);
	hb_buf_printf(&b, "%d-%s", 42, "xyz");
	CHECK_STR(hb_buf_str(&b), "42-xy");
	hb_buf_fini(&b);
}

TEST(buf_html_escapes_five)
{
	struct hb_buf b;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_buf_html(&b, "<a href=\"x\">&'</a>", 18);
	CHECK_STR(hb_buf_str(&b),
	    "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
	hb_buf_fini(&b);
}

TEST(arena_alloc_is_zeroed_and_aligned)
{
	struct hb_arena a;
	char *big;
	long *p;

	hb_arena_init(&a);
	p = hb_arena_alloc(&a, sizeof(long) * 4);
	CHECK(((uintptr_t)p % sizeof(long)) == 0);
	CHECK(p[0] == 0 && p[3] == 0);
	big = hb_arena_alloc(&a, 1 << 20);
	CHECK(big[(1 << 20) - 1] == 0);
	CHECK_STR(hb_arena_printf(&a, "%s-%d", "x", 7), "x-7");
	CHECK_STR(hb_arena_strndup(&a, "hello", 4), "hell");
	CHECK(hb_arena_strdup(&a, NULL) == NULL);
	hb_arena_fini(&a);
}

TEST(json_escapes_and_keeps_key_order)
{
	struct hb_json j;

	hb_json_init(&j);
	hb_json_object_begin(&j);
	hb_json_key(&j, "z");
	hb_json_string(&j, "a\"b\\\n</script>\x01 x <!--<script> -->&");
	hb_json_key(&j, "a");
	hb_json_array_begin(&j);
	hb_json_int(&j, -3);
	hb_json_bool(&j, true);
	hb_json_null(&j);
	hb_json_string(&j, NULL);
	hb_json_array_end(&j);
	hb_json_key(&j, "u");
	hb_json_string(&j, "中\xe2\x80\xa8\xff");
	hb_json_object_end(&j);
	/* Issue #15: <, > and & as \u escapes, so neither "</script>" nor
	 * "<!--" (which made a script block swallow the page) can form. */
	CHECK_STR(hb_json_str(&j), "{\"z\":\"a\\\"b\\\\\\n\\u003c/script\\u003e"
	    "\\u0001 x \\u003c!--\\u003cscript\\u003e --\\u003e\\u0026\","
	    "\"a\":[-3,true,null,null],\"u\":\"中\\u2028\\ufffd\"}");
	hb_json_fini(&j);
}

TEST(json_pretty)
{
	struct hb_json j;

	hb_json_init_pretty(&j, 2);
	hb_json_object_begin(&j);
	hb_json_key(&j, "a");
	hb_json_array_begin(&j);
	hb_json_array_end(&j);
	hb_json_key(&j, "b");
	hb_json_array_begin(&j);
	hb_json_int(&j, 1);
	hb_json_array_end(&j);
	hb_json_object_end(&j);
	CHECK_STR(hb_json_str(&j), "{\n  \"a\": [],\n  \"b\": [\n    1\n  ]\n}");
	hb_json_fini(&j);
}

static const char *
print(struct hb_diag *d, enum hb_diag_format f)
{
	static char out[4096];
	FILE *fp = fmemopen(out, sizeof(out) - 1, "w");

	memset(out, 0, sizeof(out));
	hb_diag_print(d, fp, f);
	fclose(fp);
	return out;
}

TEST(diag_sorted_with_notes)
{
	struct hb_diag d;
	struct hb_pos b2 = { "b.md", 2, 3 }, a9 = { "a.md", 9, 1 };
	struct hb_pos a1 = { "a.md", 1, 0 };

	hb_diag_init(&d);
	hb_diag_error(&d, &b2, "second %d", 2);
	hb_diag_warning(&d, &a9, "later line");
	hb_diag_note(&d, &a1, "see line 1");
	hb_diag_advise(&d, &a1, "first");
	CHECK_INT(hb_diag_count(&d, HB_SEV_ERROR), 1);
	CHECK_INT(hb_diag_count(&d, HB_SEV_WARNING), 2);
	CHECK_STR(print(&d, HB_DIAG_TEXT),
	    "a.md:1:1: warning: first\n"
	    "a.md:9:1: warning: later line\n"
	    "a.md:1:1: note: see line 1\n"
	    "b.md:2:3: error: second 2\n");
	hb_diag_promote(&d, false);
	CHECK_INT(hb_diag_count(&d, HB_SEV_ERROR), 2);	/* advisory stays */
	hb_diag_promote(&d, true);
	CHECK_INT(hb_diag_count(&d, HB_SEV_ERROR), 3);
	hb_diag_fini(&d);
}

TEST(diag_github_and_json_formats)
{
	struct hb_diag d;
	struct hb_pos p = { "c,d.md", 4, 2 };

	hb_diag_init(&d);
	hb_diag_warning(&d, &p, "100%% bad\nline");
	CHECK_STR(print(&d, HB_DIAG_GITHUB),
	    "::warning file=c%2Cd.md,line=4,col=2::100%25 bad%0Aline\n");
	CHECK_STR(print(&d, HB_DIAG_JSON),
	    "[{\"path\":\"c,d.md\",\"line\":4,\"col\":2,\"severity\":"
	    "\"warning\",\"message\":\"100% bad\\nline\",\"notes\":[]}]\n");
	hb_diag_fini(&d);
}

TEST(diag_merge_keeps_entries)
{
	struct hb_diag a, b;
	struct hb_pos p = { "x.md", 1, 1 };

	hb_diag_init(&a);
	hb_diag_init(&b);
	hb_diag_error(&a, &p, "one");
	hb_diag_error(&b, &p, "two");
	hb_diag_merge(&a, &b);
	CHECK_INT(a.n, 2);
	CHECK_INT(b.n, 0);
	CHECK_STR(print(&a, HB_DIAG_TEXT),
	    "x.md:1:1: error: one\nx.md:1:1: error: two\n");
	hb_diag_fini(&a);
	hb_diag_fini(&b);
}

TEST(hset_membership)
{
	struct hb_hset s;
	char keys[300][16];
	int i;

	hb_hset_init(&s);
	for (i = 0; i < 300; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%d", i);
		CHECK(hb_hset_add(&s, keys[i]));
	}
	CHECK(!hb_hset_add(&s, "k7"));
	CHECK(hb_hset_has(&s, "k299"));
	CHECK(!hb_hset_has(&s, "k300"));
	CHECK_INT(s.n, 300);
	hb_hset_fini(&s);
}

/* The smallest free suffix, as the old try-from-2 loop gave, in O(1)
 * per claim (issue #15). */
TEST(hset_claim_suffixes)
{
	struct hb_hset taken;
	struct hb_hmap next;
	struct hb_arena a;
	int i;

	hb_hset_init(&taken);
	hb_hmap_init(&next);
	hb_arena_init(&a);
	hb_hset_add(&taken, "x-3");
	CHECK_STR(hb_hset_claim(&taken, &next, &a, "x"), "x");
	CHECK_STR(hb_hset_claim(&taken, &next, &a, "x"), "x-2");
	CHECK_STR(hb_hset_claim(&taken, &next, &a, "x"), "x-4");
	CHECK_STR(hb_hset_claim(&taken, &next, &a, "x-2"), "x-2-2");
	CHECK_STR(hb_hset_claim(&taken, &next, &a, "x-5"), "x-5");
	CHECK_STR(hb_hset_claim(&taken, &next, &a, "x"), "x-6");
	for (i = 0; i < 1000; i++)
		hb_hset_claim(&taken, &next, &a, "y");
	CHECK_STR(hb_hset_claim(&taken, &next, &a, "y"), "y-1001");
	CHECK_INT(hb_hmap_get(&next, "y"), 1002);
	CHECK_INT(hb_hmap_get(&next, "z"), 0);
	hb_hset_fini(&taken);
	hb_hmap_fini(&next);
	hb_arena_fini(&a);
}

/* The tokens of h as "kind:text" joined by '|'. */
static const char *
tokens(const char *h)
{
	static char out[1024];
	static const char *kinds[] = { "T", "S", "E", "C", "D" };
	struct hb_html_lexer lx;
	struct hb_html_tok t;
	size_t o = 0;

	out[0] = '\0';
	hb_html_lexer_init(&lx, h, strlen(h));
	while (hb_html_next(&lx, &t) && o + 64 < sizeof(out))
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s:%.*s",
		    o ? "|" : "", kinds[t.kind], (int)(t.end - t.start),
		    h + t.start);
	return out;
}

TEST(html_tokens)
{
	struct hb_html_lexer lx;
	struct hb_html_tok t;
	const struct hb_html_attr *a;
	const char *h = "<IMG Src='a b' alt=x data-y checked/>";

	CHECK_STR(tokens("a<b>c</b>d"), "T:a|S:<b>|T:c|E:</b>|T:d");
	CHECK_STR(tokens("1 < 2 <3 </ x"), "T:1 < 2 <3 |T:</ x");
	CHECK_STR(tokens("<!-- <img src=x> -->y"),
	    "C:<!-- <img src=x> -->|T:y");
	CHECK_STR(tokens("<!doctype html><?x?>"), "D:<!doctype html>|D:<?x?>");
	CHECK_STR(tokens("<script>'<img src=x>'</b></script><p>"),
	    "S:<script>|T:'<img src=x>'</b>|E:</script>|S:<p>");
	CHECK_STR(tokens("<style></style>"), "S:<style>|E:</style>");
	CHECK_STR(tokens("<a href=\"x>y\">z"), "S:<a href=\"x>y\">|T:z");
	CHECK_STR(tokens("<a href=\"unterminated"),
	    "S:<a href=\"unterminated");
	hb_html_lexer_init(&lx, h, strlen(h));
	CHECK(hb_html_next(&lx, &t));
	CHECK(hb_html_is(&t, "img"));
	CHECK(t.self_closing);
	CHECK_INT(t.nattrs, 4);
	a = hb_html_attr(&t, "src");
	CHECK(a != NULL && a->has_value && a->vlen == 3 &&
	    memcmp(h + a->voff, "a b", 3) == 0);
	a = hb_html_attr(&t, "alt");
	CHECK(a != NULL && a->vlen == 1 && h[a->voff] == 'x');
	a = hb_html_attr(&t, "data-y");
	CHECK(a != NULL && !a->has_value);
	CHECK(hb_html_attr(&t, "href") == NULL);
	CHECK(!hb_html_next(&lx, &t));
}

int
main(void)
{
	RUN(buf_cap_sets_overflow);
	RUN(buf_html_escapes_five);
	RUN(arena_alloc_is_zeroed_and_aligned);
	RUN(json_escapes_and_keeps_key_order);
	RUN(json_pretty);
	RUN(diag_sorted_with_notes);
	RUN(diag_github_and_json_formats);
	RUN(diag_merge_keeps_entries);
	RUN(hset_membership);
	RUN(hset_claim_suffixes);
	RUN(html_tokens);
	return hb_t_done("test_foundation");
}
