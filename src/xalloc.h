/* Foundation: allocation that never returns NULL.
 * Out of memory is not a content problem we can report with a position,
 * so these print one line and abort (STYLE.md, section 4). */
#ifndef HB_XALLOC_H
#define HB_XALLOC_H

#include <stddef.h>

/* Returns owned memory; aborts on failure. hb_xmalloc(0) returns a
 * valid unique pointer. */
void *hb_xmalloc(size_t n);
void *hb_xcalloc(size_t count, size_t size);
void *hb_xrealloc(void *p, size_t n);
/* Returns an owned copy of s (NULL gives NULL). */
char *hb_xstrdup(const char *s);
char *hb_xstrndup(const char *s, size_t n);

/* Grows a heap array so that it holds at least `need` elements of
 * `size` bytes; *cap is updated. Returns the (possibly moved) array. */
void *hb_xgrow(void *p, size_t *cap, size_t need, size_t size);

#endif
