/* A small unit-test harness (STYLE.md, section 10).
 *
 *   TEST(name) { CHECK(x == 1); CHECK_STR(s, "a"); CHECK_INT(n, 3); }
 *   int main(void) { RUN(name); return hb_t_done("test_foo"); }
 *
 * A failed check ends its test and prints file:line and the values.
 * hb_t_done() prints "<suite>: N passed, M failed" (tests/run adds the
 * suites up) and returns the exit status. */
#ifndef HB_HARNESS_H
#define HB_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hb_t_passed, hb_t_failed, hb_t_cur_failed;
static const char *hb_t_cur;

#define TEST(name) static void name(void)

#define HB_T_FAIL(...) do { \
	fprintf(stderr, "FAIL %s: %s:%d: ", hb_t_cur, __FILE__, __LINE__); \
	fprintf(stderr, __VA_ARGS__); \
	fputc('\n', stderr); \
	hb_t_cur_failed = 1; \
} while (0)

#define CHECK(cond) do { \
	if (!(cond)) { HB_T_FAIL("%s", #cond); return; } \
} while (0)

#define CHECK_INT(a, b) do { \
	long long hb_a = (long long)(a), hb_b = (long long)(b); \
	if (hb_a != hb_b) { \
		HB_T_FAIL("%s == %lld, want %lld", #a, hb_a, hb_b); \
		return; \
	} \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *hb_a = (a), *hb_b = (b); \
	if (hb_a == NULL || hb_b == NULL ? hb_a != hb_b : \
	    strcmp(hb_a, hb_b) != 0) { \
		HB_T_FAIL("%s == \"%s\", want \"%s\"", #a, \
		    hb_a ? hb_a : "(null)", hb_b ? hb_b : "(null)"); \
		return; \
	} \
} while (0)

#define CHECK_CONTAINS(hay, needle) do { \
	const char *hb_h = (hay), *hb_n = (needle); \
	if (hb_h == NULL || strstr(hb_h, hb_n) == NULL) { \
		HB_T_FAIL("%s does not contain \"%s\" (is \"%.300s\")", \
		    #hay, hb_n, hb_h ? hb_h : "(null)"); \
		return; \
	} \
} while (0)

#define RUN(fn) do { \
	hb_t_cur = #fn; \
	hb_t_cur_failed = 0; \
	fn(); \
	if (hb_t_cur_failed) \
		hb_t_failed++; \
	else \
		hb_t_passed++; \
} while (0)

/* Marks a test as skipped (a missing optional input such as
 * ../shared): it counts neither way and says so. */
#define SKIP(why) do { \
	printf("skipped %s: %s\n", hb_t_cur, why); \
	hb_t_passed--; \
	return; \
} while (0)

static inline int
hb_t_done(const char *suite)
{
	printf("%s: %d passed, %d failed\n", suite, hb_t_passed, hb_t_failed);
	return hb_t_failed ? 1 : 0;
}

#endif
