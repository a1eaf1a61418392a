/* libFuzzer target: handbook.yml (config.h), read from a scratch folder
 * through the working-tree source, as `build` reads it. A load that
 * succeeds leaves only http(s) (or relative) URLs in the config. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "source.h"
#include "str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/hb-fuzz-config-XXXXXX";
static char file[sizeof(dir) + 16];

/* The scratch folder goes when the process ends (replay, libFuzzer). */
static void
cleanup(void)
{
	unlink(file);
	rmdir(dir);
}

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
	FILE *fp;

	if (file[0] == '\0') {
		if (mkdtemp(dir) == NULL)
			abort();
		atexit(cleanup);
		snprintf(file, sizeof(file), "%s/handbook.yml", dir);
	}
	fp = fopen(file, "wb");
	if (fp == NULL || fwrite(data, 1, size, fp) != size || fclose(fp))
		abort();
	src = hb_source_fs_new(dir);
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
