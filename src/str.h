/* Foundation: UTF-8 and string helpers shared by every stage: decoding,
 * validation, character classes for CJK text, trimming, slugs. All
 * functions take explicit lengths where the input may not be
 * NUL-terminated. */
#ifndef HB_STR_H
#define HB_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hb_buf;

/* Decodes one UTF-8 sequence at s (n bytes available). Returns its
 * length (1-4) and sets *cp, or -1 for an invalid or truncated sequence
 * (overlongs, surrogates and values above U+10FFFF are invalid). */
int hb_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Appends the UTF-8 encoding of cp to b. */
void hb_utf8_encode(struct hb_buf *b, uint32_t cp);
/* Returns the byte offset of the first invalid sequence, or n if valid. */
size_t hb_utf8_check(const char *s, size_t n);
/* Number of code points in s[0..n) (invalid bytes count as one). */
size_t hb_utf8_len(const char *s, size_t n);

/* Character classes. */
bool hb_is_cjk(uint32_t cp);		/* Han, kana, hangul, CJK symbols */
bool hb_is_cjk_punct(uint32_t cp);	/* full-width and CJK punctuation */
bool hb_is_unicode_space(uint32_t cp);
/* Unicode punctuation in the CommonMark sense (ASCII punctuation plus
 * the general punctuation and CJK punctuation blocks). */
bool hb_is_punct(uint32_t cp);
/* Folds full-width ASCII variants (U+FF01..U+FF5E) and the ideographic
 * space to their ASCII forms; other code points are returned as is. */
uint32_t hb_fold_width(uint32_t cp);

/* Returns s with leading and trailing ASCII and Unicode spaces removed;
 * *n is updated. Borrows s. */
const char *hb_trim(const char *s, size_t *n);
/* Returns the first occurrence of needle in s[0..n), or NULL. */
/* s[i] is a backtick: the end of the code span it opens on this line
 * (after the closing run of the same length), or of the run itself
 * when nothing closes it (the backticks are literal). */
size_t hb_code_span_end(const char *s, size_t n, size_t i);
const char *hb_memmem(const char *s, size_t n, const char *needle,
    size_t m);
bool hb_starts_with(const char *s, const char *prefix);
bool hb_ends_with(const char *s, const char *suffix);

/* Appends a URL slug of s to b: ASCII letters lowercased, digits and
 * letters of other scripts kept, everything else collapsed to one '-',
 * trimmed of '-', cut to at most max_cp code points at a boundary.
 * Full-width letters and digits are folded to ASCII. */
void hb_slugify(struct hb_buf *b, const char *s, size_t n, size_t max_cp);

/* Writes t (seconds since 1970, UTC) as "2024-01-01T00:00:00Z" into
 * out. Returns false (out holds "1970-01-01T00:00:00Z") when t is out
 * of range. Dates come from commits or SOURCE_DATE_EPOCH, never the
 * clock. */
bool hb_iso_date(char out[24], long long t);

/* Compares names as people sort them: runs of ASCII digits by value
 * ("2-x" before "10-x"; "02" after "2" when otherwise equal), all
 * other bytes by byte value. A total order, like strcmp. */
int hb_strnatcmp(const char *a, const char *b);

/* Whether a and b are equal but for the case of ASCII letters. */
bool hb_strieq(const char *a, const char *b);

/* Normalises a '/'-separated path in place: drops empty and "."
 * segments, and resolves ".." against the segment before it; a trailing
 * '/' stays. *len is the new length. Returns false when a ".." would
 * climb above the path's start. */
bool hb_path_normalise(char *s, size_t *len);

/* Appends the form in which anchors are compared to b: ASCII letters
 * lowercased, ASCII digits and every non-ASCII character kept, all other
 * ASCII dropped. "#whats-new" (GitHub), "#what-s-new" (ours) and the
 * heading "What's new?" all give "whatsnew". */
void hb_anchor_key(struct hb_buf *b, const char *s);

/* The value of hex digit c, or -1. */
int hb_hexval(char c);
/* FNV-1a, 64 bits, of s[0..n), continuing from h (start with
 * HB_FNV1A_INIT). For content-hashed names and hash sets; not for
 * security. */
#define HB_FNV1A_INIT 14695981039346656037ULL
uint64_t hb_fnv1a(uint64_t h, const char *s, size_t n);
/* FNV-1a, 32 bits, of s[0..n): the search index's shard of a token,
 * which theme/search.js computes the same way. */
uint32_t hb_fnv1a32(const char *s, size_t n);

/* Appends s percent-encoded for use in a URL path or fragment: ASCII
 * letters, digits, "-._~/" stay; every other byte becomes %XX (so UTF-8
 * file names work from file:// and over HTTP alike). */
void hb_url_path(struct hb_buf *b, const char *s, size_t n);

/* Cuts the name in b (from byte start) to at most max bytes: a longer
 * one keeps its first bytes, cut at a character, and ends in '-' and 8
 * hex digits of a hash of the whole, so long names stay distinct and
 * deterministic. For derived names that become file names (issue #15:
 * a page of 12 long folder names could not be written). */
void hb_name_cap(struct hb_buf *b, size_t start, size_t max);

struct hb_arena;

/* The key under which file systems that ignore case (macOS, Windows) or
 * Unicode normalization (macOS) see the name s: NFC, case-folded
 * (utf8proc). Names with equal keys are one file there. Invalid UTF-8
 * folds ASCII letters only. Returns an arena-owned string. */
const char *hb_fold_key(struct hb_arena *a, const char *s);

/* Whether s is an absolute http: or https: URL (scheme in any case)
 * with a host: letters, digits and ".-_:[]" up to the first '/', '?' or
 * '#', and nothing anywhere that is a space, a control character, a
 * quote, '<', '>', '\\' or '`'. For URLs from config and the command
 * line, which go into every page and the feed (issue #15). */
bool hb_url_is_web(const char *s);

/* Appends s[0..n) with HTML character references decoded: &amp; &lt;
 * &gt; &quot; &apos; &nbsp; and numeric ones (&#39; &#x2F;). Anything
 * else, an invalid code point included, is copied as it is. */
void hb_html_unescape(struct hb_buf *b, const char *s, size_t n);

#endif
