/* Foundation: the version, in one place, and the `--version` report. */
#ifndef HB_VERSION_H
#define HB_VERSION_H

#include <stdio.h>

#define HB_VERSION "0.1.0"

/* Prints "handbook VERSION", then one "name: version" line per library
 * as it runs (each library's own version call, not the headers the
 * binary was built with; those are added in parentheses when they
 * differ), then the compiler. Writes to fp only. */
void hb_version_print(FILE *fp);

#endif
