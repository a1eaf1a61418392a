/* Stage 9: the output folder. A build writes into a private temporary
 * folder beside OUT and renames it into place at the end, so a failed
 * or killed build leaves the previous site untouched. Paths given to
 * hb_output_write are relative and checked: nothing is written outside
 * the folder. */
#ifndef HB_OUTPUT_H
#define HB_OUTPUT_H

#include <stddef.h>

struct hb_diag;
struct hb_output;

/* Creates the temporary folder for out. Returns owned, or NULL after
 * reporting. */
struct hb_output *hb_output_begin(const char *out, struct hb_diag *d);
/* Writes rel (like "q/x.html"; no "..", no leading '/') with its
 * folders. Returns 0 or -1 after reporting. */
int hb_output_write(struct hb_output *o, const char *rel, const void *data,
    size_t len);
/* Replaces out with the new tree. Returns 0 or -1 after reporting; the
 * handle is freed either way. */
int hb_output_commit(struct hb_output *o);
/* Removes the temporary folder and frees the handle. */
void hb_output_abort(struct hb_output *o);

/* True when rel is a safe relative path (no "..", "//", leading '/',
 * backslash or NUL). */
int hb_output_path_ok(const char *rel);

#endif
