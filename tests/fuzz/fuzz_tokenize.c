/* libFuzzer target: the search tokenizer (tokenize.h), in index and
 * query mode. Every token is 1..HB_TOKEN_MAX bytes, NUL-terminated, and
 * spans bytes inside the input, in order of position. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	size_t n;
	unsigned last_pos;
};

static void
check(void *ctx, const struct hb_token *t)
{
	struct seen *s = ctx;

	if (t->len == 0 || t->len > HB_TOKEN_MAX ||
	    strlen(t->text) != t->len || t->off > s->n ||
	    t->src_len > s->n - t->off)
		__builtin_trap();
	s->last_pos = t->pos;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen s = { size, 0 };

	/* Any bytes: the tokenizer must not trust its input. */
	hb_tokenize((const char *)data, size, HB_TOKENIZE_INDEX, check, &s);
	hb_tokenize((const char *)data, size, HB_TOKENIZE_QUERY, check, &s);
	return 0;
}
