/* Stage 8b (issue #14, `build --offline`): remote media -> local files.
 * After rendering and linking, finds every remote image, audio and video
 * in the rendered fragments (img src/srcset, video src/poster, audio
 * src, source src/srcset), downloads them (remote.h) and points the
 * fragments at assets/remote/<content hash>.<ext>. A URL that cannot be
 * downloaded is a warning at its path:line:col with the reason, and the
 * page keeps the remote URL. The same cache gives the same bytes and so
 * byte-identical pages. */
#ifndef HB_OFFLINE_H
#define HB_OFFLINE_H

#include <stddef.h>

#include "remote.h"

struct hb_diag;
struct hb_output;
struct hb_site;
struct hb_source;

struct hb_offline;

/* What an offline build fetched, for the summary line and tests. */
struct hb_offline_stats {
	size_t urls;		/* distinct remote URLs found */
	size_t files;		/* distinct files written to assets/remote */
	size_t bytes;		/* their total size */
	size_t downloaded;	/* URLs fetched over the network */
	size_t downloaded_bytes;
	size_t cached;		/* URLs served from the cache */
	size_t failed;		/* URLs left remote */
};

/* A set of downloads shared by every version of one build (each URL is
 * fetched at most once). o is copied (cache_dir is borrowed). Returns
 * owned; free with hb_offline_free. */
struct hb_offline *hb_offline_new(const struct hb_remote_opts *o);
void hb_offline_free(struct hb_offline *off);

/* Downloads what the fragments of site refer to and rewrites them to
 * `up` "assets/remote/NAME" (up leads from a page to the root of the
 * output: "../" for pages one folder deep, "../../../" under v/<tag>/).
 * The new fragments are allocated in each document's arena. src is
 * where the documents were read, to find each URL's position. Failures
 * are warnings into d. Returns 0, or -1 when nothing could be fetched
 * at all (libcurl did not start; reported). */
int hb_offline_apply(struct hb_offline *off, struct hb_site *site,
    struct hb_source *src, const char *up, struct hb_diag *d);

/* Writes every file downloaded so far to assets/remote/ of out, below
 * out's current prefix. Returns 0 or -1 after reporting. */
int hb_offline_write(struct hb_offline *off, struct hb_output *out);

void hb_offline_stats(const struct hb_offline *off,
    struct hb_offline_stats *st);

#endif
