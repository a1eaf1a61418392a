/* Foundation: the pcre2 wrapper. Consumes UTF-8 patterns and subjects,
 * produces compiled (optionally JIT) regexes and match offsets. No other
 * file includes pcre2.h; pcre2 objects never leave this file. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "rx.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "xalloc.h"

/* Resource limits of every match (documented in rx.h). The match limit
 * bounds backtracking steps per call; the depth and heap limits bound
 * the interpreter's memory, the JIT stack bounds JIT code's memory. */
#define MATCH_LIMIT	1000000u
#define DEPTH_LIMIT	100000u
#define HEAP_LIMIT_KIB	(32u * 1024u)
#define JIT_STACK_MIN	(32u * 1024u)
#define JIT_STACK_MAX	(1024u * 1024u)

struct hb_rx {
	pcre2_code *code;
	uint32_t ngroups;	/* capturing groups in the pattern */
};

struct hb_rx_scratch {
	pcre2_match_data *md;
	uint32_t pairs;		/* ovector pairs md holds */
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;	/* NULL when pcre2 has no JIT */
	char err[160];		/* why the last match returned -1 */
};

/* pcre2 allocates with malloc; treat its failure like hb_xmalloc's. */
static void
oom(const char *what)
{
	fprintf(stderr, "handbook: out of memory (%s)\n", what);
	abort();
}

struct hb_rx *
hb_rx_compile(const char *pattern, unsigned flags, struct hb_diag *d,
    const struct hb_pos *where)
{
	struct hb_rx *rx = NULL;
	pcre2_code *code = NULL;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C;
	int err = 0;
	PCRE2_SIZE off = 0;

	assert(pattern != NULL);
	if (flags & HB_RX_CASELESS)
		opts |= PCRE2_CASELESS;
	if (flags & HB_RX_MULTILINE)
		opts |= PCRE2_MULTILINE;
	if (flags & HB_RX_DOTALL)
		opts |= PCRE2_DOTALL;
	if (flags & HB_RX_EXTENDED)
		opts |= PCRE2_EXTENDED;
	if (flags & HB_RX_ANCHORED)
		opts |= PCRE2_ANCHORED;
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts,
	    &err, &off, NULL);
	if (code == NULL) {
		PCRE2_UCHAR msg[256];
		struct hb_pos pos = { NULL, 0, 0 };

		if (err == PCRE2_ERROR_NOMEMORY)
			oom("pcre2_compile");
		if (pcre2_get_error_message(err, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "pcre2 error %d",
			    err);
		if (where != NULL) {
			pos = *where;
			/* Columns count bytes and so does the offset. */
			pos.col = where->col + (int)off;
		}
		hb_diag_error(d, where != NULL ? &pos : NULL,
		    "invalid regular expression: %s", (const char *)msg);
		return NULL;
	}
	/* JIT failure (no JIT in this pcre2 build, or no executable
	 * memory) is not an error: pcre2_match() then interprets. */
	if (!(flags & HB_RX_NO_JIT))
		(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	rx = hb_xcalloc(1, sizeof(*rx));
	rx->code = code;
	if (pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT,
	    &rx->ngroups) != 0)
		rx->ngroups = 0;
	return rx;
}

void
hb_rx_free(struct hb_rx *rx)
{
	if (rx == NULL)
		return;
	pcre2_code_free(rx->code);
	free(rx);
}

int
hb_rx_groups(const struct hb_rx *rx)
{
	return (int)rx->ngroups;
}

struct hb_rx_scratch *
hb_rx_scratch_new(void)
{
	struct hb_rx_scratch *s = hb_xcalloc(1, sizeof(*s));

	s->pairs = HB_RX_GROUPS + 1;
	s->md = pcre2_match_data_create(s->pairs, NULL);
	s->mctx = pcre2_match_context_create(NULL);
	if (s->md == NULL || s->mctx == NULL)
		oom("pcre2 match data");
	pcre2_set_match_limit(s->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(s->mctx, DEPTH_LIMIT);
	pcre2_set_heap_limit(s->mctx, HEAP_LIMIT_KIB);
	/* NULL when this pcre2 has no JIT; matching then interprets. */
	s->jit = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX, NULL);
	if (s->jit != NULL)
		pcre2_jit_stack_assign(s->mctx, NULL, s->jit);
	return s;
}

void
hb_rx_scratch_free(struct hb_rx_scratch *s)
{
	if (s == NULL)
		return;
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mctx);
	pcre2_jit_stack_free(s->jit);
	free(s);
}

const char *
hb_rx_scratch_error(const struct hb_rx_scratch *s)
{
	return s->err;
}

static int
match(const struct hb_rx *rx, struct hb_rx_scratch *s, const char *subj,
    size_t len, size_t start, uint32_t opts, struct hb_rx_m *m)
{
	PCRE2_SIZE *ov;
	int rc, i;

	assert(start <= len);
	s->err[0] = '\0';
	/* pcre2 10.42 refuses a NULL subject even when it is empty. */
	if (subj == NULL)
		subj = "";
	/* A scratch grows to the biggest pattern it meets, so the result
	 * never comes back truncated (rc == 0) and `last` is exact. */
	if (rx->ngroups + 1 > s->pairs) {
		pcre2_match_data *md;

		md = pcre2_match_data_create(rx->ngroups + 1, NULL);
		if (md == NULL)
			oom("pcre2 match data");
		pcre2_match_data_free(s->md);
		s->md = md;
		s->pairs = rx->ngroups + 1;
	}
	rc = pcre2_match(rx->code, (PCRE2_SPTR)subj, len, start, opts, s->md,
	    s->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		PCRE2_UCHAR msg[128];

		if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "pcre2 error %d",
			    rc);
		snprintf(s->err, sizeof(s->err), "%s", (const char *)msg);
		return -1;
	}
	assert(rc > 0);
	ov = pcre2_get_ovector_pointer(s->md);
	for (i = 0; i <= HB_RX_GROUPS; i++) {
		if (i < rc && ov[2 * i] != PCRE2_UNSET) {
			m->group[i].start = (ptrdiff_t)ov[2 * i];
			m->group[i].end = (ptrdiff_t)ov[2 * i + 1];
		} else {
			m->group[i].start = -1;
			m->group[i].end = -1;
		}
	}
	m->start = m->group[0].start;
	m->end = m->group[0].end;
	m->last = rc - 1;
	m->mark = (const char *)pcre2_get_mark(s->md);
	return 1;
}

int
hb_rx_match(const struct hb_rx *rx, struct hb_rx_scratch *s,
    const char *subj, size_t len, size_t start, struct hb_rx_m *m)
{
	return match(rx, s, subj, len, start, 0, m);
}

int
hb_rx_match_valid(const struct hb_rx *rx, struct hb_rx_scratch *s,
    const char *subj, size_t len, size_t start, struct hb_rx_m *m)
{
	return match(rx, s, subj, len, start, PCRE2_NO_UTF_CHECK, m);
}
