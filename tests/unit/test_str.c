/* Unit tests: str.c (UTF-8, character classes, slugs, URL paths). */
#include "harness.h"

#include "buf.h"
#include "str.h"

static const char *
slug(const char *s, size_t max)
{
	static char out[512];
	struct hb_buf b;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_slugify(&b, s, strlen(s), max);
	snprintf(out, sizeof(out), "%s", hb_buf_str(&b));
	hb_buf_fini(&b);
	return out;
}

TEST(utf8_decode_valid_and_invalid)
{
	uint32_t cp = 0;

	CHECK_INT(hb_utf8_decode("\xe4\xb8\xad", 3, &cp), 3);
	CHECK_INT(cp, 0x4e2d);
	CHECK_INT(hb_utf8_decode("\xc0\xaf", 2, &cp), -1);	/* overlong */
	CHECK_INT(hb_utf8_decode("\xed\xa0\x80", 3, &cp), -1);	/* surrogate */
	CHECK_INT(hb_utf8_decode("\xe4\xb8", 2, &cp), -1);	/* truncated */
	CHECK_INT(hb_utf8_check("ok\xff", 3), 2);
	CHECK_INT(hb_utf8_check("中文", 6), 6);
}

TEST(classes)
{
	CHECK(hb_is_cjk(0x4e2d));
	CHECK(!hb_is_cjk('a'));
	CHECK(hb_is_cjk_punct(0xff1a));	/* ： */
	CHECK(hb_is_punct(0x3002));	/* 。 */
	CHECK(hb_is_punct('*'));
	CHECK(hb_is_unicode_space(0x3000));
	CHECK_INT(hb_fold_width(0xff21), 'A');
}

TEST(trim_unicode_spaces)
{
	size_t n = strlen("\xe3\x80\x80 ab \t");
	const char *s = hb_trim("\xe3\x80\x80 ab \t", &n);

	CHECK_INT(n, 2);
	CHECK(strncmp(s, "ab", 2) == 0);
}

TEST(slugs_keep_chinese_and_fold_ascii)
{
	CHECK_STR(slug("Golang的struct结构体是否可以直接比较", 64),
	    "golang的struct结构体是否可以直接比较");
	CHECK_STR(slug("sync.Map实现原理，适用的场景", 64),
	    "sync-map实现原理-适用的场景");
	CHECK_STR(slug("  M:N 调度？ ", 64), "m-n-调度");
	CHECK_STR(slug("ＡＢＣ１２", 64), "abc12");
	CHECK_STR(slug("⭐⭐", 64), "");
}

TEST(slug_cut_at_word_boundary)
{
	CHECK_STR(slug("alpha beta gamma", 12), "alpha-beta");
	CHECK_STR(slug("中文标题很长很长", 4), "中文标题");
}

TEST(url_path_encodes_utf8)
{
	struct hb_buf b;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_url_path(&b, "q/中 a.html", strlen("q/中 a.html"));
	CHECK_STR(hb_buf_str(&b), "q/%E4%B8%AD%20a.html");
	hb_buf_fini(&b);
}

TEST(memmem_finds_needle)
{
	const char *s = "abcabd";

	CHECK(hb_memmem(s, 6, "abd", 3) == s + 3);
	CHECK(hb_memmem(s, 6, "abe", 3) == NULL);
	CHECK(hb_memmem(s, 2, "abc", 3) == NULL);
}

static const char *
unescape(const char *s)
{
	static char out[256];
	struct hb_buf b;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_html_unescape(&b, s, strlen(s));
	snprintf(out, sizeof(out), "%s", hb_buf_str(&b));
	hb_buf_fini(&b);
	return out;
}

TEST(html_unescape_named_and_numeric)
{
	CHECK_STR(unescape("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&#39;"),
	    "a & b <c> \"d\" 'e'");
	CHECK_STR(unescape("x?a=1&amp;b=2"), "x?a=1&b=2");
	CHECK_STR(unescape("&#x2F;&#47;&#X4e2d;"), "//\xe4\xb8\xad");
	/* Not references: kept as they are. */
	CHECK_STR(unescape("a & b &amp &#; &#xZZ; &#0; &#xd800; &#99999999;"),
	    "a & b &amp &#; &#xZZ; &#0; &#xd800; &#99999999;");
	CHECK_STR(unescape("&"), "&");
	CHECK_STR(unescape("&#"), "&#");
}

int
main(void)
{
	RUN(utf8_decode_valid_and_invalid);
	RUN(classes);
	RUN(trim_unicode_spaces);
	RUN(slugs_keep_chinese_and_fold_ascii);
	RUN(slug_cut_at_word_boundary);
	RUN(url_path_encodes_utf8);
	RUN(memmem_finds_needle);
	RUN(html_unescape_named_and_numeric);
	return hb_t_done("test_str");
}
