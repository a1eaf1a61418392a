/* libFuzzer target: front matter (YAML between "---" lines, TOML between
 * "+++" lines, or none) of one file. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "front.h"
#include "str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hb_arena a;
	struct hb_diag d;
	struct hb_front f;
	const char *text = (const char *)data;

	/* The loader only passes valid UTF-8 on. */
	if (hb_utf8_check(text, size) < size)
		return 0;
	hb_arena_init(&a);
	hb_diag_init(&d);
	memset(&f, 0, sizeof(f));
	/* Every tool's reading of the keys, by the input's length. */
	if (hb_front_parse(&a, &d, "f.md", text, size,
	    (enum hb_tool)(size % (HB_TOOL_JEKYLL + 1)), &f) == 0 &&
	    f.body_off > size)
		__builtin_trap(); /* the body must lie inside the file */
	hb_diag_fini(&d);
	hb_arena_fini(&a);
	return 0;
}
