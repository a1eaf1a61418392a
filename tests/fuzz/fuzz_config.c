/* libFuzzer target: handbook.yml (config.h), read from a scratch folder
 * through the working-tree source, as `build` reads it. A load that
 * succeeds leaves only http(s) (and, for repo_url, ssh) URLs. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "config.h"
#include "diag.h"
#include "str.h"
#include "scratch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_url(const char *u)
{
	if (u != NULL && u[0] != '\0' && !hb_starts_with(u, "https://") &&
	    !hb_starts_with(u, "http://") && !hb_starts_with(u, "git@") &&
	    !hb_starts_with(u, "ssh://"))
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hb_source *src;
	struct hb_config c;
	struct hb_diag d;

	src = scratch_source("handbook.yml", data, size);
	hb_diag_init(&d);
	memset(&c, 0, sizeof(c));
	if (hb_config_load(&c, src, &d) == 0) {
		check_url(c.base_url);
		check_url(c.edit_url);
		check_url(c.repo_url);
	}
	hb_config_fini(&c);
	hb_diag_fini(&d);
	hb_source_free(src);
	return 0;
}
