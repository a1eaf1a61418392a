/* Foundation: the search tokenizer. Turns UTF-8 text into index or query
 * tokens. theme/search-tokenize.js implements the same algorithm for the
 * browser; tests/search/tokens.tsv is the shared table that proves it.
 *
 * The algorithm, stated once for both implementations:
 *
 * 1. Code points. The text is decoded as UTF-8; an invalid byte is a
 *    separator of one byte (JS: a lone surrogate is a separator). Each
 *    code point is width-folded (hb_fold_width: U+FF01..U+FF5E to ASCII,
 *    U+3000 to a space), then lowercased by this exact rule and no other:
 *    A-Z; U+00C0..U+00DE except U+00D7 (+0x20); Latin Extended-A by its
 *    UnicodeData simple lowercase mapping (U+0130 becomes "i", U+0178
 *    becomes U+00FF, U+0131 U+0138 U+0149 U+017F stay). Latin Extended-B
 *    letters are word characters but are not case-folded. No Unicode
 *    normalization (NFC) is applied.
 * 2. Classes after folding: a word character is a-z, 0-9 or a Latin
 *    letter U+00C0..U+024F other than U+00D7 and U+00F7; a connector is
 *    one of . _ - : /; a CJK character is hb_is_cjk() except U+30FB
 *    (katakana middle dot, a separator in Japanese); everything else
 *    (spaces, punctuation, CJK punctuation, emoji, Greek, ...) separates.
 * 3. Latin. Segments are maximal runs of word characters. Segments joined
 *    by exactly one connector with a word character on both sides form
 *    one identifier ("sync.Map", "M:N", "net/http", "0.29.0.gfm.13");
 *    leading, trailing and doubled connectors separate ("end." is "end",
 *    "std::vector" is two words). A lone segment is emitted as
 *    HB_TOK_WORD. An identifier of k >= 2 segments is emitted as
 *    HB_TOK_IDENT (the whole, connectors included) followed by its k
 *    segments as HB_TOK_PART.
 * 4. CJK. Over each run of consecutive CJK characters c0..cL-1, emit the
 *    overlapping bigrams c(i)c(i+1) as HB_TOK_CJK2. A run of length 1
 *    emits its character as HB_TOK_CJK1 in both modes. In
 *    HB_TOKENIZE_INDEX mode every character of every run is also emitted
 *    as HB_TOK_CJK1, so that a one-character query (which yields a
 *    unigram) finds it; HB_TOKENIZE_QUERY mode emits bigrams only for
 *    runs longer than one, which keeps multi-character queries precise.
 * 5. Positions. One counter, starting at 0, advances by 1 per Latin
 *    segment and per CJK character. A word or a part takes the position
 *    of its segment, an identifier the position of its first part; a CJK
 *    unigram takes the position of its character and a bigram that of its
 *    first character. So consecutive bigrams of a phrase, consecutive
 *    parts and consecutive words all differ by exactly 1, in the index
 *    and in a query alike.
 * 6. Tokens whose normalized text is longer than HB_TOKEN_MAX bytes of
 *    UTF-8 are dropped; they still use their positions (an identifier
 *    that is too long is dropped, its parts are still emitted).
 * 7. Order. Tokens are emitted in nondecreasing position: an identifier
 *    before its parts; at one CJK position the unigram before the bigram.
 *
 * hb_tokenize() runs in linear time, allocates nothing and uses no global
 * state, so it may run in several threads at once. */
#ifndef HB_TOKENIZE_H
#define HB_TOKENIZE_H

#include <stddef.h>

/* Longest token kept, in bytes of normalized UTF-8. */
#define HB_TOKEN_MAX 64

/* Modes for hb_tokenize(). */
#define HB_TOKENIZE_INDEX 0u	/* build time: bigrams and all unigrams */
#define HB_TOKENIZE_QUERY 1u	/* search box: bigrams, unigram if alone */

enum hb_token_kind {
	HB_TOK_WORD,	/* a Latin segment not joined to another */
	HB_TOK_IDENT,	/* a whole identifier: "sync.map" */
	HB_TOK_PART,	/* one segment of an identifier: "sync", "map" */
	HB_TOK_CJK2,	/* a CJK bigram */
	HB_TOK_CJK1	/* a CJK unigram */
};

struct hb_token {
	const char *text;	/* normalized, NUL-terminated; borrowed,
				 * valid only during the callback */
	size_t len;		/* bytes in text, 1..HB_TOKEN_MAX */
	size_t off;		/* byte offset in the original text */
	size_t src_len;		/* bytes it spans in the original text */
	unsigned pos;		/* ordinal position, see rule 5 */
	unsigned kind;		/* enum hb_token_kind */
};

/* Tokenizes text[0..n) (need not be NUL-terminated; borrowed) in mode
 * HB_TOKENIZE_INDEX or HB_TOKENIZE_QUERY and calls emit(ctx, token) for
 * each token, in the order of rule 7. The token and its text live on
 * hb_tokenize's stack: copy what you keep. Cannot fail. */
void hb_tokenize(const char *text, size_t n, unsigned mode,
    void (*emit)(void *ctx, const struct hb_token *t), void *ctx);

/* Returns the kind's name as used in tests/search/tokens.tsv and by the
 * JS tokenizer ("word", "ident", "part", "cjk2", "cjk1"), or "?" for an
 * unknown kind. The string is static. */
const char *hb_tokenize_kind_name(unsigned kind);

#endif
