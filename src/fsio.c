/* Foundation: mkdir -p and atomic whole-file writes (see fsio.h). */
#include "fsio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "xalloc.h"

int
hb_fs_mkdirs(const char *path)
{
	char *p = hb_xstrdup(path);
	int rc = 0;

	for (char *s = p + 1; *s && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0755) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

int
hb_fs_write_atomic(const char *path, const void *data, size_t len)
{
	struct hb_buf tmp;
	FILE *fp;
	int rc = -1, err = 0;

	hb_buf_init(&tmp, HB_BUF_NOCAP);
	hb_buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid());
	fp = fopen(hb_buf_str(&tmp), "wb");
	if (fp == NULL) {
		err = errno;
		goto done;
	}
	if (fwrite(data, 1, len, fp) != len) {
		err = errno;
		fclose(fp);
		unlink(hb_buf_str(&tmp));
		goto done;
	}
	if (fclose(fp) != 0 || rename(hb_buf_str(&tmp), path) != 0) {
		err = errno;
		unlink(hb_buf_str(&tmp));
		goto done;
	}
	rc = 0;
done:
	hb_buf_fini(&tmp);
	if (rc != 0)
		errno = err ? err : EIO;
	return rc;
}
