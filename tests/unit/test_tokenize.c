/* Unit tests: tokenize.c. Every case of the shared table
 * tests/search/tokens.tsv (also run against theme/search-tokenize.js by
 * tests/js/tokenize.test.js) counts as one test; then C-only checks of
 * byte offsets, invalid UTF-8, explicit lengths and long inputs. */
#include "harness.h"

#include <stdint.h>

#include "buf.h"
#include "str.h"
#include "tokenize.h"

#define TABLE "search/tokens.tsv"

/* Appends "text/kind/pos" for each token, space-separated: the form of
 * the table's EXPECTED column. */
static void
collect(void *ctx, const struct hb_token *t)
{
	struct hb_buf *b = ctx;

	if (b->len > 0)
		hb_buf_putc(b, ' ');
	hb_buf_printf(b, "%s/%s/%u", t->text, hb_tokenize_kind_name(t->kind),
	    t->pos);
}

static const char *
toks(struct hb_buf *b, const char *s, size_t n, unsigned mode)
{
	hb_buf_reset(b);
	hb_tokenize(s, n, mode, collect, b);
	return hb_buf_str(b);
}

/* Undoes the table's escapes (\t \n \r \\ \u{HEX}) from s[0..n) into
 * out. Returns 0, or -1 for a malformed escape. */
static int
unescape(const char *s, size_t n, struct hb_buf *out)
{
	size_t i = 0;

	hb_buf_reset(out);
	while (i < n) {
		if (s[i] != '\\') {
			hb_buf_putc(out, s[i++]);
			continue;
		}
		if (i + 1 >= n)
			return -1;
		switch (s[i + 1]) {
		case 't':
			hb_buf_putc(out, '\t');
			break;
		case 'n':
			hb_buf_putc(out, '\n');
			break;
		case 'r':
			hb_buf_putc(out, '\r');
			break;
		case '\\':
			hb_buf_putc(out, '\\');
			break;
		case 'u': {
			uint32_t cp = 0;
			size_t j = i + 3, digits = 0;

			if (i + 2 >= n || s[i + 2] != '{')
				return -1;
			for (; j < n && s[j] != '}'; j++, digits++) {
				char c = s[j];
				int v = c >= '0' && c <= '9' ? c - '0' :
				    c >= 'a' && c <= 'f' ? c - 'a' + 10 :
				    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

				if (v < 0 || digits >= 6)
					return -1;
				cp = cp * 16 + (uint32_t)v;
			}
			if (j >= n || digits == 0 || cp > 0x10ffff ||
			    (cp >= 0xd800 && cp <= 0xdfff))
				return -1;
			hb_utf8_encode(out, cp);
			i = j + 1;
			continue;
		}
		default:
			return -1;
		}
		i += 2;
	}
	return 0;
}

/* The case on one table line (without its newline), run and compared. */
static void
table_case(const char *line, size_t n)
{
	const char *tab1, *tab2;
	struct hb_buf in, got;
	unsigned mode;
	const char *want;
	size_t want_len;

	hb_buf_init(&in, HB_BUF_NOCAP);
	hb_buf_init(&got, HB_BUF_NOCAP);
	tab1 = memchr(line, '\t', n);
	tab2 = tab1 ? memchr(tab1 + 1, '\t', n - (size_t)(tab1 + 1 - line)) :
	    NULL;
	if (tab2 == NULL || memchr(tab2 + 1, '\t',
	    n - (size_t)(tab2 + 1 - line)) != NULL) {
		HB_T_FAIL("want MODE<TAB>INPUT<TAB>EXPECTED");
		goto done;
	}
	if (tab1 - line == 5 && memcmp(line, "index", 5) == 0) {
		mode = HB_TOKENIZE_INDEX;
	} else if (tab1 - line == 5 && memcmp(line, "query", 5) == 0) {
		mode = HB_TOKENIZE_QUERY;
	} else {
		HB_T_FAIL("mode is neither index nor query");
		goto done;
	}
	if (unescape(tab1 + 1, (size_t)(tab2 - tab1 - 1), &in) != 0) {
		HB_T_FAIL("malformed escape in input");
		goto done;
	}
	want = tab2 + 1;
	want_len = n - (size_t)(want - line);
	if (want_len == 1 && want[0] == '-')
		want_len = 0;
	toks(&got, in.data ? in.data : "", in.len, mode);
	if (got.len != want_len || memcmp(hb_buf_str(&got), want,
	    want_len) != 0)
		HB_T_FAIL("%.*s \"%.*s\"\n  got  %s\n  want %.*s",
		    (int)(tab1 - line), line, (int)(tab2 - tab1 - 1),
		    tab1 + 1, got.len ? hb_buf_str(&got) : "-",
		    (int)want_len ? (int)want_len : 1,
		    want_len ? want : "-");
done:
	hb_buf_fini(&in);
	hb_buf_fini(&got);
}

/* Runs every table case as its own test, named tokens.tsv:LINE. Returns
 * the number of cases. */
static int
run_table(void)
{
	static char name[32];
	FILE *f = fopen(TABLE, "rb");
	struct hb_buf all;
	size_t i = 0, lineno = 0;
	int cases = 0;

	hb_t_cur = "table";
	if (f == NULL) {
		HB_T_FAIL("cannot open %s (run from tests/)", TABLE);
		hb_t_failed++;
		return 0;
	}
	hb_buf_init(&all, HB_BUF_NOCAP);
	for (;;) {
		char chunk[8192];
		size_t k = fread(chunk, 1, sizeof(chunk), f);

		if (k == 0)
			break;
		hb_buf_append(&all, chunk, k);
	}
	fclose(f);
	while (i < all.len) {
		const char *line = all.data + i;
		const char *nl = memchr(line, '\n', all.len - i);
		size_t n = nl ? (size_t)(nl - line) : all.len - i;

		i += n + 1;
		lineno++;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0 || line[0] == '#')
			continue;
		snprintf(name, sizeof(name), "tokens.tsv:%zu", lineno);
		hb_t_cur = name;
		hb_t_cur_failed = 0;
		table_case(line, n);
		if (hb_t_cur_failed)
			hb_t_failed++;
		else
			hb_t_passed++;
		cases++;
	}
	hb_buf_fini(&all);
	return cases;
}

/* Records every token in full, for the offset checks. */
struct rec {
	char text[8][HB_TOKEN_MAX + 1];
	struct hb_token tok[8];
	size_t count;
};

static void
record(void *ctx, const struct hb_token *t)
{
	struct rec *r = ctx;

	if (r->count < 8) {
		snprintf(r->text[r->count], sizeof(r->text[0]), "%s", t->text);
		r->tok[r->count] = *t;
		r->tok[r->count].text = r->text[r->count];
	}
	r->count++;
}

static struct rec *
rec_run(const char *s, size_t n, unsigned mode)
{
	static struct rec r;

	memset(&r, 0, sizeof(r));
	hb_tokenize(s, n, mode, record, &r);
	return &r;
}

#define CHECK_TOK(r, i, txt, o, sl) do { \
	CHECK((r)->count > (i)); \
	CHECK_STR((r)->tok[i].text, txt); \
	CHECK_INT((r)->tok[i].len, strlen(txt)); \
	CHECK_INT((r)->tok[i].off, o); \
	CHECK_INT((r)->tok[i].src_len, sl); \
} while (0)

static int table_cases;

TEST(table_is_big_enough)
{
	CHECK(table_cases >= 60);
}

TEST(byte_offsets_mixed)
{
	const char *s = "Go 的 GMP 调度";
	struct rec *r = rec_run(s, strlen(s), HB_TOKENIZE_QUERY);

	CHECK_INT(r->count, 4);
	CHECK_TOK(r, 0, "go", 0, 2);
	CHECK_TOK(r, 1, "的", 3, 3);
	CHECK_TOK(r, 2, "gmp", 7, 3);
	CHECK_TOK(r, 3, "调度", 11, 6);
}

TEST(byte_offsets_full_width)
{
	const char *s = "ＧＭＰ　调度";
	struct rec *r = rec_run(s, strlen(s), HB_TOKENIZE_QUERY);

	CHECK_INT(r->count, 2);
	CHECK_TOK(r, 0, "gmp", 0, 9);
	CHECK_TOK(r, 1, "调度", 12, 6);
}

TEST(byte_offsets_identifier_parts)
{
	const char *s = "x sync.Map.";
	struct rec *r = rec_run(s, strlen(s), HB_TOKENIZE_INDEX);

	CHECK_INT(r->count, 4);
	CHECK_TOK(r, 0, "x", 0, 1);
	CHECK_TOK(r, 1, "sync.map", 2, 8);
	CHECK_TOK(r, 2, "sync", 2, 4);
	CHECK_TOK(r, 3, "map", 7, 3);
}

TEST(byte_offsets_index_unigrams_and_astral)
{
	const char *s = "a\xf0\xa0\x80\x80\xf0\xa0\x80\x81";	/* a𠀀𠀁 */
	struct rec *r = rec_run(s, strlen(s), HB_TOKENIZE_INDEX);

	CHECK_INT(r->count, 4);
	CHECK_TOK(r, 1, "\xf0\xa0\x80\x80", 1, 4);
	CHECK_TOK(r, 2, "\xf0\xa0\x80\x80\xf0\xa0\x80\x81", 1, 8);
	CHECK_TOK(r, 3, "\xf0\xa0\x80\x81", 5, 4);
	CHECK_INT(r->tok[3].pos, 2);
	CHECK_INT(r->tok[3].kind, HB_TOK_CJK1);
}

TEST(normalized_length_differs_from_source)
{
	const char *s = "(İx)";	/* U+0130 is two bytes, "i" one */
	struct rec *r = rec_run(s, strlen(s), HB_TOKENIZE_QUERY);

	CHECK_INT(r->count, 1);
	CHECK_TOK(r, 0, "ix", 1, 3);
}

TEST(invalid_utf8_separates)
{
	const char *s = "ab\xff" "cd\xe4\xb8";	/* stray byte, cut 中 */
	struct hb_buf b;

	hb_buf_init(&b, HB_BUF_NOCAP);
	CHECK_STR(toks(&b, s, strlen(s), HB_TOKENIZE_INDEX),
	    "ab/word/0 cd/word/1");
	/* A bad byte inside a CJK run splits it into two runs. */
	CHECK_STR(toks(&b, "中\xc0文", 7, HB_TOKENIZE_QUERY),
	    "中/cjk1/0 文/cjk1/1");
	CHECK_STR(toks(&b, "\xed\xa0\x80x", 4, HB_TOKENIZE_QUERY),
	    "x/word/0");	/* an encoded surrogate is invalid */
	hb_buf_fini(&b);
}

TEST(explicit_length_and_nul)
{
	struct hb_buf b;

	hb_buf_init(&b, HB_BUF_NOCAP);
	CHECK_STR(toks(&b, "sync.Map", 6, HB_TOKENIZE_QUERY),
	    "sync.m/ident/0 sync/part/0 m/part/1");
	CHECK_STR(toks(&b, "a\0b", 3, HB_TOKENIZE_QUERY),
	    "a/word/0 b/word/1");
	/* A CJK character cut by n is an invalid sequence. */
	CHECK_STR(toks(&b, "调度", 5, HB_TOKENIZE_INDEX), "调/cjk1/0");
	CHECK_STR(toks(&b, NULL, 0, HB_TOKENIZE_INDEX), "");
	hb_buf_fini(&b);
}

TEST(kind_names)
{
	CHECK_STR(hb_tokenize_kind_name(HB_TOK_WORD), "word");
	CHECK_STR(hb_tokenize_kind_name(HB_TOK_IDENT), "ident");
	CHECK_STR(hb_tokenize_kind_name(HB_TOK_PART), "part");
	CHECK_STR(hb_tokenize_kind_name(HB_TOK_CJK2), "cjk2");
	CHECK_STR(hb_tokenize_kind_name(HB_TOK_CJK1), "cjk1");
	CHECK_STR(hb_tokenize_kind_name(99), "?");
}

/* Invariants over a large input: positions never decrease, every token
 * fits HB_TOKEN_MAX, is NUL-terminated and lies inside the text. */
struct inv {
	size_t n, count;
	unsigned last_pos;
	int bad;
};

static void
invariants(void *ctx, const struct hb_token *t)
{
	struct inv *v = ctx;

	if (t->pos < v->last_pos || t->len == 0 || t->len > HB_TOKEN_MAX ||
	    strlen(t->text) != t->len || t->off + t->src_len > v->n ||
	    t->src_len == 0)
		v->bad++;
	v->last_pos = t->pos;
	v->count++;
}

TEST(invariants_on_mixed_text)
{
	static const char *parts[] = {
		"Go 的 GMP 调度模型", "sync.Map", "，", " ", "ＧＭＰ",
		"0.29.0.gfm.13", "\xff", "😀", "三色标记", "end.", "İ",
		"\xf0\xa0\x80\x80", "kube-apiserver", "\n", "ゴルーチン"
	};
	struct hb_buf b;
	struct inv v;
	unsigned seed = 1;
	size_t i;

	hb_buf_init(&b, HB_BUF_NOCAP);
	for (i = 0; i < 20000; i++) {
		seed = seed * 1103515245u + 12345u;
		hb_buf_puts(&b, parts[(seed >> 16) % 15]);
	}
	memset(&v, 0, sizeof(v));
	v.n = b.len;
	hb_tokenize(b.data, b.len, HB_TOKENIZE_INDEX, invariants, &v);
	CHECK_INT(v.bad, 0);
	CHECK(v.count > 20000);
	hb_buf_fini(&b);
}

/* Pathological inputs stay linear: one 1 MB identifier of 524288 parts
 * (the identifier itself is over-long and dropped) and one 1 MB word. */
static void
count(void *ctx, const struct hb_token *t)
{
	struct inv *v = ctx;

	v->count++;
	v->last_pos = t->pos;
}

TEST(pathological_long_runs)
{
	struct hb_buf b;
	struct inv v;
	size_t i;

	hb_buf_init(&b, HB_BUF_NOCAP);
	for (i = 0; i < 524288; i++)
		hb_buf_append(&b, "a.", 2);
	hb_buf_truncate(&b, b.len - 1);
	memset(&v, 0, sizeof(v));
	hb_tokenize(b.data, b.len, HB_TOKENIZE_QUERY, count, &v);
	CHECK_INT(v.count, 524288);
	CHECK_INT(v.last_pos, 524287);
	hb_buf_reset(&b);
	for (i = 0; i < 1048576; i++)
		hb_buf_putc(&b, 'a');
	hb_buf_puts(&b, " 锁");
	memset(&v, 0, sizeof(v));
	hb_tokenize(b.data, b.len, HB_TOKENIZE_QUERY, count, &v);
	CHECK_INT(v.count, 1);
	CHECK_INT(v.last_pos, 1);
	hb_buf_fini(&b);
}

int
main(void)
{
	table_cases = run_table();
	RUN(table_is_big_enough);
	RUN(byte_offsets_mixed);
	RUN(byte_offsets_full_width);
	RUN(byte_offsets_identifier_parts);
	RUN(byte_offsets_index_unigrams_and_astral);
	RUN(normalized_length_differs_from_source);
	RUN(invalid_utf8_separates);
	RUN(explicit_length_and_nul);
	RUN(kind_names);
	RUN(invariants_on_mixed_text);
	RUN(pathological_long_runs);
	return hb_t_done("test_tokenize");
}
