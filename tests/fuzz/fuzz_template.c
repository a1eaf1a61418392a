/* libFuzzer target: the template compiler and renderer, through
 * template.c's own entry point (first byte: flags; the rest split at NUL
 * bytes into templates "main", "a", "b", "c"). */
#include <stddef.h>
#include <stdint.h>

#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)hb_template_fuzz(data, size);	/* libFuzzer wants 0 */
	return 0;
}
