/* Foundation: small file-system helpers for files written outside the
 * site folder (the download cache, `export` files). The site itself is
 * written through output.h. */
#ifndef HB_FSIO_H
#define HB_FSIO_H

#include <stddef.h>

/* mkdir -p path (mode 0755). Returns 0, or -1 with errno set. */
int hb_fs_mkdirs(const char *path);

/* Writes len bytes to path through a temporary file beside it and a
 * rename, so a reader never sees half a file and a failure leaves the
 * old file alone. Returns 0, or -1 with errno set. */
int hb_fs_write_atomic(const char *path, const void *data, size_t len);

#endif
