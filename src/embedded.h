/* Foundation: the default templates/ and theme/ files compiled into the
 * binary by tools/embed.c. A handbook's own files override them file by
 * file (see docs/themes.md). */
#ifndef HB_EMBEDDED_H
#define HB_EMBEDDED_H

#include <stddef.h>

struct hb_embedded {
	const char *path;	/* "templates/page.html", "theme/site.css" */
	const unsigned char *data;	/* NUL-terminated for convenience */
	size_t len;
};

/* Sorted by path; terminated by an entry whose path is NULL. */
extern const struct hb_embedded hb_embedded_files[];
extern const size_t hb_embedded_count;

#endif
