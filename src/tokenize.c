/* Foundation: the search tokenizer (the algorithm is stated in
 * tokenize.h). Consumes UTF-8 text, produces tokens through a callback
 * without allocating. theme/search-tokenize.js mirrors this file function
 * by function; change both and tests/search/tokens.tsv together. */
#include "tokenize.h"

#include <stdint.h>
#include <string.h>

#include "str.h"

enum cls {
	C_SEP,
	C_WORD,
	C_CONN,
	C_CJK
};

/* One decoded code point: folded and lowercased, with its class and its
 * length in the source. */
struct ch {
	uint32_t cp;
	size_t len;
	enum cls cls;
};

/* A token's normalized text. Once a code point does not fit, the token is
 * marked over-long and nothing more is written, so the cost stays
 * constant however long the run is. */
struct tokbuf {
	char s[HB_TOKEN_MAX + 1];
	size_t len;
	int over;
};

struct tk {
	const char *s;
	size_t n;
	unsigned mode;
	void (*emit)(void *ctx, const struct hb_token *t);
	void *ctx;
	unsigned pos;	/* position of the next segment or CJK character */
};

/* The lowercase rule of tokenize.h, step 1; nothing outside Latin-1 and
 * Latin Extended-A changes. */
static uint32_t
lower(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 0x20;
	if (cp < 0xc0 || cp > 0x17e)
		return cp;
	if (cp <= 0xde)
		return cp == 0xd7 ? cp : cp + 0x20;
	if (cp < 0x100)
		return cp;
	if (cp == 0x130)
		return 'i';
	if (cp == 0x178)
		return 0xff;
	/* Pairs with the capital on the even code point... */
	if ((cp <= 0x12f || (cp >= 0x132 && cp <= 0x137) ||
	    (cp >= 0x14a && cp <= 0x177)) && cp % 2 == 0)
		return cp + 1;
	/* ...and where the alignment shifts, on the odd one. */
	if (((cp >= 0x139 && cp <= 0x148) || cp >= 0x179) && cp % 2 == 1)
		return cp + 1;
	return cp;
}

static enum cls
classify(uint32_t cp)
{
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			return C_WORD;
		if (cp == '.' || cp == '_' || cp == '-' || cp == ':' ||
		    cp == '/')
			return C_CONN;
		return C_SEP;
	}
	if (cp >= 0xc0 && cp <= 0x24f)
		return cp == 0xd7 || cp == 0xf7 ? C_SEP : C_WORD;
	if (cp != 0x30fb && hb_is_cjk(cp))
		return C_CJK;
	return C_SEP;
}

/* Decodes the code point at s[i] (i < n). An invalid byte is a one-byte
 * separator. */
static void
next(const char *s, size_t n, size_t i, struct ch *c)
{
	unsigned char b = (unsigned char)s[i];
	uint32_t cp;
	int k;

	if (b < 0x80) {
		/* ASCII fast path: no width folding applies. */
		cp = b >= 'A' && b <= 'Z' ? (uint32_t)b + 0x20 : b;
		c->cp = cp;
		c->len = 1;
		c->cls = classify(cp);
		return;
	}
	k = hb_utf8_decode(s + i, n - i, &cp);
	if (k < 0) {
		c->cp = 0xfffd;
		c->len = 1;
		c->cls = C_SEP;
		return;
	}
	cp = lower(hb_fold_width(cp));
	c->cp = cp;
	c->len = (size_t)k;
	c->cls = classify(cp);
}

static void
put(struct tokbuf *b, uint32_t cp)
{
	unsigned char u[4];
	size_t k;

	if (b->over)
		return;
	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		k = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		k = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		k = 3;
	} else {
		u[0] = (unsigned char)(0xf0 | (cp >> 18));
		u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (unsigned char)(0x80 | (cp & 0x3f));
		k = 4;
	}
	if (b->len + k > HB_TOKEN_MAX) {
		b->over = 1;
		return;
	}
	memcpy(b->s + b->len, u, k);
	b->len += k;
}

static void
out(struct tk *t, const struct tokbuf *b, size_t off, size_t end,
    unsigned pos, unsigned kind)
{
	struct hb_token tok;

	/* Rule 6: over-long tokens are dropped, their positions kept. */
	if (b->over || b->len == 0)
		return;
	tok.text = b->s;
	tok.len = b->len;
	tok.off = off;
	tok.src_len = end - off;
	tok.pos = pos;
	tok.kind = kind;
	t->emit(t->ctx, &tok);
}

/* Emits s[off..end), CJK source bytes (which folding never changes), as
 * a unigram or bigram: at most 8 bytes, so never over-long. */
static void
out_cjk(struct tk *t, size_t off, size_t end, unsigned pos, unsigned kind)
{
	struct tokbuf b;

	b.len = end - off;
	b.over = 0;
	memcpy(b.s, t->s + off, b.len);
	b.s[b.len] = '\0';
	out(t, &b, off, end, pos, kind);
}

/* Reads the word or identifier starting at the word character s[i] and
 * returns the index after it. Two passes over the identifier: the first
 * finds its extent, segment count and whole text, so that the identifier
 * can be emitted before its parts (rule 7); the second emits the parts. */
static size_t
latin(struct tk *t, size_t i)
{
	const char *s = t->s;
	size_t n = t->n, start = i, end, seg, j;
	unsigned nseg = 0, k;
	struct tokbuf whole, part;
	struct ch c, d;

	whole.len = 0;
	whole.over = 0;
	c.cls = C_SEP;
	for (;;) {
		while (i < n) {
			next(s, n, i, &c);
			if (c.cls != C_WORD)
				break;
			put(&whole, c.cp);
			i += c.len;
		}
		nseg++;
		/* One connector joins only with a word character after it;
		 * c is the character at i when i < n. */
		if (i >= n || c.cls != C_CONN)
			break;
		j = i + c.len;
		if (j >= n)
			break;
		next(s, n, j, &d);
		if (d.cls != C_WORD)
			break;
		put(&whole, c.cp);
		i = j;
	}
	end = i;
	whole.s[whole.len] = '\0';
	if (nseg == 1) {
		out(t, &whole, start, end, t->pos, HB_TOK_WORD);
		t->pos++;
		return end;
	}
	out(t, &whole, start, end, t->pos, HB_TOK_IDENT);
	i = start;
	for (k = 0; k < nseg; k++) {
		seg = i;
		part.len = 0;
		part.over = 0;
		while (i < end) {
			next(s, n, i, &c);
			if (c.cls != C_WORD)
				break;
			put(&part, c.cp);
			i += c.len;
		}
		part.s[part.len] = '\0';
		out(t, &part, seg, i, t->pos + k, HB_TOK_PART);
		if (i < end)
			i += c.len;	/* the connector */
	}
	t->pos += nseg;
	return end;
}

/* Reads the run of CJK characters starting at s[i] (first is its first
 * character) and returns the index after it. One pass: each bigram is
 * emitted when its second character is seen. */
static size_t
cjk(struct tk *t, size_t i, const struct ch *first)
{
	const char *s = t->s;
	size_t n = t->n, prev = i, prev_len = first->len;
	unsigned j = 0, p = t->pos;
	int index = t->mode != HB_TOKENIZE_QUERY;
	struct ch c;

	if (index)
		out_cjk(t, i, i + first->len, p, HB_TOK_CJK1);
	i += first->len;
	while (i < n) {
		next(s, n, i, &c);
		if (c.cls != C_CJK)
			break;
		j++;
		out_cjk(t, prev, i + c.len, p + j - 1, HB_TOK_CJK2);
		if (index)
			out_cjk(t, i, i + c.len, p + j, HB_TOK_CJK1);
		prev = i;
		prev_len = c.len;
		i += c.len;
	}
	/* A lone character is its own token in a query too. */
	if (j == 0 && !index)
		out_cjk(t, prev, prev + prev_len, p, HB_TOK_CJK1);
	t->pos = p + j + 1;
	return i;
}

void
hb_tokenize(const char *text, size_t n, unsigned mode,
    void (*emit)(void *ctx, const struct hb_token *t), void *ctx)
{
	struct tk t;
	struct ch c;
	size_t i = 0;

	t.s = text;
	t.n = n;
	t.mode = mode;
	t.emit = emit;
	t.ctx = ctx;
	t.pos = 0;
	while (i < n) {
		next(text, n, i, &c);
		if (c.cls == C_WORD)
			i = latin(&t, i);
		else if (c.cls == C_CJK)
			i = cjk(&t, i, &c);
		else
			i += c.len;
	}
}

const char *
hb_tokenize_kind_name(unsigned kind)
{
	static const char *const names[] = {
		"word", "ident", "part", "cjk2", "cjk1"
	};

	if (kind >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[kind];
}
