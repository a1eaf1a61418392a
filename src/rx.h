/* Foundation: regular expressions, the only user of pcre2 (STYLE.md, 2).
 * Patterns and subjects are UTF-8 (PCRE2_UTF | PCRE2_UCP, so \w, \d and
 * \b know Chinese letters). A compiled struct hb_rx is read-only and may
 * be shared by threads; everything a match writes lives in a per-thread
 * struct hb_rx_scratch. Every match runs under a match, depth, heap and
 * JIT-stack limit, so a hostile pattern or subject fails (-1) instead of
 * hanging: match limit 1,000,000, depth limit 100,000, heap 32 MiB, JIT
 * stack 1 MiB. */
#ifndef HB_RX_H
#define HB_RX_H

#include <stdbool.h>
#include <stddef.h>

struct hb_diag;
struct hb_pos;
struct hb_rx;
struct hb_rx_scratch;

/* Compile flags for hb_rx_compile(). */
#define HB_RX_CASELESS	0x01u	/* (?i), Unicode case folding */
#define HB_RX_MULTILINE	0x02u	/* ^ and $ match at line breaks */
#define HB_RX_DOTALL	0x04u	/* . matches \n too */
#define HB_RX_EXTENDED	0x08u	/* (?x), whitespace and # comments */
#define HB_RX_NO_JIT	0x10u	/* interpreter only (tests, one-offs) */
#define HB_RX_ANCHORED	0x20u	/* matches only at the start offset (JIT
				 * compiled, unlike PCRE2_ANCHORED given at
				 * match time) */

/* Capture groups reported in struct hb_rx_m (group 0 is the whole match). */
#define HB_RX_GROUPS 10

/* A byte range of the subject; both -1 when the group did not take part. */
struct hb_rx_span {
	ptrdiff_t start;
	ptrdiff_t end;
};

/* The result of a successful hb_rx_match(). Offsets are bytes into the
 * subject. `last` is the highest-numbered group that took part in the
 * match (0 when only the whole pattern did); it may exceed HB_RX_GROUPS,
 * which is how a caller matching `(a)|(b)|...|(z)` learns which
 * alternative won. */
struct hb_rx_m {
	ptrdiff_t start;	/* == group[0].start */
	ptrdiff_t end;		/* == group[0].end */
	struct hb_rx_span group[HB_RX_GROUPS + 1];
	int last;
	/* The name of the last (*MARK:NAME) passed on the matching path,
	 * or NULL; valid until the next match with the same scratch. One
	 * regex of many alternatives, each ending in its own mark, tells
	 * which alternative matched in a single scan. */
	const char *mark;
};

/* Compiles pattern (NUL-terminated UTF-8) with the HB_RX_* flags and, when
 * pcre2 has JIT support, JIT-compiles it (silently falling back to the
 * interpreter when it cannot). Returns an owned regex, freed with
 * hb_rx_free(). On a syntax error reports
 * `where->path:where->line:(where->col + error offset): error: ...` to d
 * (where may be NULL: then the message has no position) and returns NULL.
 * \C is refused: it could split a UTF-8 character. */
struct hb_rx *hb_rx_compile(const char *pattern, unsigned flags,
    struct hb_diag *d, const struct hb_pos *where);
/* Frees rx; NULL is a no-op. */
void hb_rx_free(struct hb_rx *rx);
/* Returns the number of capturing groups in the pattern. */
int hb_rx_groups(const struct hb_rx *rx);

/* Returns owned per-thread match state (match data, match context with
 * the limits, JIT stack). One scratch serves any number of regexes; it
 * grows its match data to the biggest pattern it meets. Never share one
 * scratch between threads. Aborts when out of memory. */
struct hb_rx_scratch *hb_rx_scratch_new(void);
/* Frees s; NULL is a no-op. */
void hb_rx_scratch_free(struct hb_rx_scratch *s);
/* Returns a description of the error behind the last -1 from a match
 * with s ("" when there was none); valid until the next match with s. */
const char *hb_rx_scratch_error(const struct hb_rx_scratch *s);

/* Searches subj[0..len) for rx, starting at byte offset start (<= len,
 * at a character boundary); text before start is still seen by \b and
 * lookbehinds. subj need not be NUL-terminated. Fills *m and returns 1
 * on a match, returns 0 when there is none, and -1 on invalid UTF-8 or
 * when a resource limit was hit (see hb_rx_scratch_error()). A -1 emits
 * no diagnostic, because matching runs on worker threads that have no
 * sink: the caller reports it with its own position. */
int hb_rx_match(const struct hb_rx *rx, struct hb_rx_scratch *s,
    const char *subj, size_t len, size_t start, struct hb_rx_m *m);
/* Same as hb_rx_match(), but the caller promises that subj[0..len) is
 * valid UTF-8 (PCRE2_NO_UTF_CHECK): pcre2 would otherwise re-check the
 * rest of the subject on every call, which makes a loop that scans one
 * subject match by match quadratic. Invalid UTF-8 here is undefined
 * behaviour. */
int hb_rx_match_valid(const struct hb_rx *rx, struct hb_rx_scratch *s,
    const char *subj, size_t len, size_t start, struct hb_rx_m *m);

#endif
