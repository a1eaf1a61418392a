/* Unit tests: rx.c (compile diagnostics with positions, flags, UTF-8
 * subjects, capture groups, resource limits, threads). */
#include "harness.h"

#include <pthread.h>
#include <time.h>

#include "buf.h"
#include "diag.h"
#include "rx.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Compiles pattern, which must be valid. */
static struct hb_rx *
rx(const char *pattern, unsigned flags)
{
	struct hb_diag d;
	struct hb_rx *r;

	hb_diag_init(&d);
	r = hb_rx_compile(pattern, flags, &d, NULL);
	if (r == NULL && d.n > 0)
		fprintf(stderr, "%s: %s\n", pattern, d.v[0].msg);
	hb_diag_fini(&d);
	return r;
}

/* Returns 1/0/-1 like hb_rx_match for a NUL-terminated subject. */
static int
find(const char *pattern, unsigned flags, const char *subj, size_t start,
    struct hb_rx_m *m)
{
	struct hb_rx *r = rx(pattern, flags);
	struct hb_rx_scratch *s = hb_rx_scratch_new();
	int got = r != NULL ? hb_rx_match(r, s, subj, strlen(subj), start, m) :
	    -2;

	hb_rx_scratch_free(s);
	hb_rx_free(r);
	return got;
}

TEST(compile_error_has_position)
{
	struct hb_diag d;
	struct hb_pos where = { "content/a.md", 3, 5 };
	struct hb_rx *r;

	hb_diag_init(&d);
	r = hb_rx_compile("ab(c", 0, &d, &where);
	CHECK(r == NULL);
	CHECK_INT(d.n, 1);
	CHECK_INT(d.v[0].sev, HB_SEV_ERROR);
	CHECK_STR(d.v[0].path, "content/a.md");
	CHECK_INT(d.v[0].line, 3);
	CHECK_INT(d.v[0].col, 9);	/* 5 + offset 4, the end */
	CHECK_CONTAINS(d.v[0].msg, "invalid regular expression: ");
	CHECK_CONTAINS(d.v[0].msg, "missing closing parenthesis");
	hb_diag_fini(&d);
}

TEST(compile_error_offset_in_middle)
{
	struct hb_diag d;
	struct hb_pos where = { "handbook.yml", 7, 10 };

	hb_diag_init(&d);
	CHECK(hb_rx_compile("a{2,1}", 0, &d, &where) == NULL);
	CHECK_INT(d.n, 1);
	CHECK_INT(d.v[0].line, 7);
	CHECK_INT(d.v[0].col, 10 + 5);
	CHECK_CONTAINS(d.v[0].msg, "out of order");
	hb_diag_fini(&d);
}

TEST(compile_error_without_position)
{
	struct hb_diag d;

	hb_diag_init(&d);
	CHECK(hb_rx_compile("[a-", 0, &d, NULL) == NULL);
	CHECK_INT(d.n, 1);
	CHECK(d.v[0].path == NULL || d.v[0].path[0] == '\0');
	hb_diag_fini(&d);
}

TEST(backslash_c_refused)
{
	struct hb_diag d;

	hb_diag_init(&d);
	CHECK(hb_rx_compile("a\\Cb", 0, &d, NULL) == NULL);
	CHECK_INT(d.n, 1);
	hb_diag_fini(&d);
}

TEST(free_null_is_noop)
{
	struct hb_diag d;
	struct hb_rx *rx;
	struct hb_rx_scratch *s;

	/* NULL is a no-op, and so the cleanup of a failed compile is. */
	hb_rx_free(NULL);
	hb_rx_scratch_free(NULL);
	hb_diag_init(&d);
	rx = hb_rx_compile("[a-", 0, &d, NULL);
	CHECK(rx == NULL);
	hb_rx_free(rx);
	rx = hb_rx_compile("a+", 0, &d, NULL);
	s = hb_rx_scratch_new();
	CHECK(rx != NULL);
	CHECK(s != NULL);
	hb_rx_free(rx);
	hb_rx_scratch_free(s);
	CHECK_INT(d.n, 1);
	hb_diag_fini(&d);
}

TEST(simple_and_no_match)
{
	struct hb_rx_m m;

	CHECK_INT(find("b+", 0, "abbbc", 0, &m), 1);
	CHECK_INT(m.start, 1);
	CHECK_INT(m.end, 4);
	CHECK_INT(m.last, 0);
	CHECK_INT(m.group[1].start, -1);
	CHECK_INT(find("z", 0, "abbbc", 0, &m), 0);
	CHECK_INT(find("x*", 0, "", 0, &m), 1);	/* empty subject */
	CHECK_INT(m.start, 0);
	CHECK_INT(m.end, 0);
}

TEST(caseless_unicode)
{
	struct hb_rx_m m;

	CHECK_INT(find("select", 0, "SELECT 1", 0, &m), 0);
	CHECK_INT(find("select", HB_RX_CASELESS, "SELECT 1", 0, &m), 1);
	CHECK_INT(find("héllo", HB_RX_CASELESS, "say HÉLLO", 0, &m), 1);
	CHECK_INT(m.start, 4);
	CHECK_INT(m.end, 4 + 6);
}

TEST(chinese_subject)
{
	struct hb_rx_m m;
	const char *subj = "Go 语言的 goroutine 调度";

	/* \w and \b know Han letters (PCRE2_UCP). */
	CHECK_INT(find("\\w+(?= goroutine)", 0, subj, 0, &m), 1);
	CHECK_INT(m.start, 3);
	CHECK_INT(m.end, 3 + 9);
	CHECK_INT(find("\\p{Han}+", 0, subj, 12, &m), 1);
	CHECK_INT(m.start, (long long)(strstr(subj, "调度") - subj));
	CHECK_INT(m.end, (long long)strlen(subj));
	/* . is one character, not one byte. */
	CHECK_INT(find("^语.的$", 0, "语言的", 0, &m), 1);
	CHECK_INT(find("调度", 0, subj, 0, &m), 1);
}

TEST(capture_groups)
{
	struct hb_rx_m m;

	CHECK_INT(find("(\\d+)-(\\d+)(x)?", 0, "a 12-345 b", 0, &m), 1);
	CHECK_INT(m.start, 2);
	CHECK_INT(m.end, 8);
	CHECK_INT(m.group[0].start, 2);
	CHECK_INT(m.group[1].start, 2);
	CHECK_INT(m.group[1].end, 4);
	CHECK_INT(m.group[2].start, 5);
	CHECK_INT(m.group[2].end, 8);
	CHECK_INT(m.group[3].start, -1);
	CHECK_INT(m.group[3].end, -1);
	CHECK_INT(m.last, 2);
	/* Groups beyond the reported ten still count in `last`. */
	CHECK_INT(find("(a)|(b)|(c)|(d)|(e)|(f)|(g)|(h)|(i)|(j)|(k)|(l)", 0,
	    "--l", 0, &m), 1);
	CHECK_INT(m.last, 12);
	CHECK_INT(m.start, 2);
	CHECK_INT(m.group[10].start, -1);
	CHECK_INT(find("(a)|(b)|(c)|(d)|(e)|(f)|(g)|(h)|(i)|(j)|(k)|(l)", 0,
	    "--j", 0, &m), 1);
	CHECK_INT(m.last, 10);
	CHECK_INT(m.group[10].start, 2);
}

TEST(scratch_grows_for_many_groups)
{
	struct hb_buf pat;
	struct hb_rx *r;
	struct hb_rx_scratch *s = hb_rx_scratch_new();
	struct hb_rx_m m;
	int i;

	hb_buf_init(&pat, HB_BUF_NOCAP);
	for (i = 0; i < 60; i++)
		hb_buf_printf(&pat, "%s(x%d;)", i ? "|" : "", i);
	r = rx(hb_buf_str(&pat), 0);
	hb_buf_fini(&pat);
	CHECK(r != NULL);
	CHECK_INT(hb_rx_groups(r), 60);
	CHECK_INT(hb_rx_match(r, s, "x59;", 4, 0, &m), 1);
	CHECK_INT(m.last, 60);
	CHECK_INT(hb_rx_match(r, s, "..x7;", 5, 0, &m), 1);
	CHECK_INT(m.last, 8);
	CHECK_INT(m.start, 2);
	hb_rx_free(r);
	hb_rx_scratch_free(s);
}

TEST(start_offset_sees_context)
{
	struct hb_rx_m m;

	/* \b and lookbehind look before the start offset. */
	CHECK_INT(find("\\bfoo", 0, "xfoo foo", 1, &m), 1);
	CHECK_INT(m.start, 5);
	CHECK_INT(find("(?<=a)b", 0, "ab", 1, &m), 1);
	CHECK_INT(m.start, 1);
	CHECK_INT(find("b", 0, "ab", 2, &m), 0);
}

TEST(flags)
{
	struct hb_rx_m m;

	CHECK_INT(find("^b", 0, "a\nb", 0, &m), 0);
	CHECK_INT(find("^b", HB_RX_MULTILINE, "a\nb", 0, &m), 1);
	CHECK_INT(m.start, 2);
	CHECK_INT(find("a.b", 0, "a\nb", 0, &m), 0);
	CHECK_INT(find("a.b", HB_RX_DOTALL, "a\nb", 0, &m), 1);
	CHECK_INT(find("a b # comment", HB_RX_EXTENDED, "ab", 0, &m), 1);
	CHECK_INT(find("a b", HB_RX_NO_JIT, "a b", 0, &m), 1);
}

TEST(invalid_utf8_subject)
{
	struct hb_rx *r = rx("a", 0);
	struct hb_rx_scratch *s = hb_rx_scratch_new();
	struct hb_rx_m m;

	CHECK(r != NULL);
	CHECK_INT(hb_rx_match(r, s, "\xff" "a", 2, 0, &m), -1);
	CHECK(hb_rx_scratch_error(s)[0] != '\0');
	CHECK_INT(hb_rx_match(r, s, "ba", 2, 0, &m), 1);
	CHECK_STR(hb_rx_scratch_error(s), "");
	CHECK_INT(hb_rx_match_valid(r, s, "ba", 2, 0, &m), 1);
	CHECK_INT(m.start, 1);
	/* An empty subject may be NULL. */
	CHECK_INT(hb_rx_match(r, s, NULL, 0, 0, &m), 0);
	hb_rx_free(r);
	hb_rx_scratch_free(s);
}

/* (a+)+$ on "aaa...ab" backtracks 2^n ways; the limit must stop it. */
static int
catastrophic(unsigned flags, double *secs)
{
	char subj[64];
	struct hb_rx *r = rx("(a+)+$", flags);
	struct hb_rx_scratch *s = hb_rx_scratch_new();
	struct hb_rx_m m;
	double t0 = now();
	int got;

	memset(subj, 'a', 40);
	subj[40] = 'b';
	subj[41] = '\0';
	got = r != NULL ? hb_rx_match(r, s, subj, 41, 0, &m) : -2;
	*secs = now() - t0;
	if (got == -1 && hb_rx_scratch_error(s)[0] == '\0')
		got = -3;
	hb_rx_free(r);
	hb_rx_scratch_free(s);
	return got;
}

TEST(match_limit_jit)
{
	double secs = 0;

	CHECK_INT(catastrophic(0, &secs), -1);
	CHECK(secs < 10.0);
}

TEST(match_limit_interpreter)
{
	double secs = 0;

	CHECK_INT(catastrophic(HB_RX_NO_JIT, &secs), -1);
	CHECK(secs < 10.0);
}

TEST(depth_limit_interpreter)
{
	size_t n = 300000;
	char *subj = malloc(n + 1);
	struct hb_rx *r = rx("^(?:a|b)*\\d", HB_RX_NO_JIT);
	struct hb_rx_scratch *s = hb_rx_scratch_new();
	struct hb_rx_m m;
	int got;

	CHECK(subj != NULL && r != NULL);
	memset(subj, 'a', n);
	subj[n] = '\0';
	/* Every repetition of the group is a backtracking point: a depth
	 * or heap limit ends it with -1, neither a crash nor a hang. */
	got = hb_rx_match(r, s, subj, n, 0, &m);
	free(subj);
	hb_rx_free(r);
	hb_rx_scratch_free(s);
	CHECK_INT(got, -1);
}

struct worker {
	const struct hb_rx *rx;
	const char *subj;
	size_t len;
	long count;
	int fail;
};

/* Counts the words of subj match by match with its own scratch. */
static void *
work(void *arg)
{
	struct worker *w = arg;
	struct hb_rx_scratch *s = hb_rx_scratch_new();
	struct hb_rx_m m;
	int round;

	for (round = 0; round < 20; round++) {
		size_t pos = 0;
		long count = 0;
		int got = hb_rx_match_valid(w->rx, s, w->subj, w->len, 0, &m);

		while (got == 1) {
			count++;
			pos = (size_t)m.end;
			got = hb_rx_match_valid(w->rx, s, w->subj, w->len, pos,
			    &m);
		}
		if (got < 0)
			w->fail = 1;
		if (round == 0)
			w->count = count;
		else if (count != w->count)
			w->fail = 1;
	}
	hb_rx_scratch_free(s);
	return NULL;
}

TEST(threads_share_one_regex)
{
	struct hb_buf subj;
	struct hb_rx *r = rx("(\\p{Han}+)|([a-z]+)", 0);
	struct worker w[4];
	pthread_t t[4];
	int i;

	CHECK(r != NULL);
	hb_buf_init(&subj, HB_BUF_NOCAP);
	for (i = 0; i < 2000; i++)
		hb_buf_puts(&subj, "goroutine 调度 and 内存 model; ");
	for (i = 0; i < 4; i++) {
		w[i].rx = r;
		w[i].subj = hb_buf_str(&subj);
		w[i].len = subj.len;
		w[i].count = 0;
		w[i].fail = 0;
		CHECK_INT(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < 4; i++) {
		CHECK_INT(w[i].fail, 0);
		CHECK_INT(w[i].count, 2000 * 5);
	}
	hb_buf_fini(&subj);
	hb_rx_free(r);
}

int
main(void)
{
	RUN(compile_error_has_position);
	RUN(compile_error_offset_in_middle);
	RUN(compile_error_without_position);
	RUN(backslash_c_refused);
	RUN(free_null_is_noop);
	RUN(simple_and_no_match);
	RUN(caseless_unicode);
	RUN(chinese_subject);
	RUN(capture_groups);
	RUN(scratch_grows_for_many_groups);
	RUN(start_offset_sees_context);
	RUN(flags);
	RUN(invalid_utf8_subject);
	RUN(match_limit_jit);
	RUN(match_limit_interpreter);
	RUN(depth_limit_interpreter);
	RUN(threads_share_one_regex);
	return hb_t_done("test_rx");
}
