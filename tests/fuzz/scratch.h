/* For fuzz targets whose input is a file read through a source (config,
 * topics): the input is written to `name` in a scratch folder that is
 * made once per process and removed when it ends. */
#ifndef HB_FUZZ_SCRATCH_H
#define HB_FUZZ_SCRATCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "source.h"

static char scratch_dir[] = "/tmp/hb-fuzz-XXXXXX";
static char scratch_file[sizeof(scratch_dir) + 64];

static void
scratch_cleanup(void)
{
	unlink(scratch_file);
	rmdir(scratch_dir);
}

/* Returns a working-tree source over the scratch folder, owned by the
 * caller (hb_source_free); aborts when the file cannot be written. */
static struct hb_source *
scratch_source(const char *name, const uint8_t *data, size_t size)
{
	FILE *fp;

	if (scratch_file[0] == '\0') {
		if (mkdtemp(scratch_dir) == NULL)
			abort();
		atexit(scratch_cleanup);
		snprintf(scratch_file, sizeof(scratch_file), "%s/%s",
		    scratch_dir, name);
	}
	fp = fopen(scratch_file, "wb");
	if (fp == NULL || fwrite(data, 1, size, fp) != size || fclose(fp))
		abort();
	return hb_source_fs_new(scratch_dir);
}

#endif
