/* libFuzzer target: the Markdown repairs before cmark-gfm (prepare.h):
 * nested-fence repair, the CJK emphasis sentinel and foreign markup.
 * Positions must stay true, so the repaired body has exactly as many
 * lines as the input. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "markup.h"
#include "prepare.h"
#include "str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
lines(const char *s, size_t n)
{
	size_t k = 0, i;

	for (i = 0; i < n; i++)
		if (s[i] == '\n')
			k++;
	return k;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct hb_prepare_result res;
	struct hb_markup mk;
	struct hb_arena a;
	struct hb_diag d;
	struct hb_buf out;

	/* The loader only passes valid UTF-8 on. */
	if (hb_utf8_check(text, size) < size)
		return 0;
	hb_arena_init(&a);
	hb_diag_init(&d);
	hb_markup_init(&mk, &a);
	hb_buf_init(&out, HB_BUF_NOCAP);
	memset(&res, 0, sizeof(res));
	/* With and without foreign markup, by the input's length. */
	hb_prepare(text, size, "f.md", 1, HB_PREP_FENCE_DIAG, &d,
	    size % 2 ? &mk : NULL, &out, &res);
	if (lines(out.data, out.len) != lines(text, size) ||
	    res.nested < 0 || res.unclosed < 0)
		__builtin_trap();
	hb_buf_fini(&out);
	hb_markup_fini(&mk);
	hb_diag_fini(&d);
	hb_arena_fini(&a);
	return 0;
}
