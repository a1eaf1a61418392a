/* Network I/O (issue #14): downloads the remote images, audio and video
 * of an offline site with libcurl's multi interface (parallel
 * transfers), through a cache on disk keyed by URL. The only file that
 * includes curl/curl.h.
 *
 * Limits: http and https only (redirects too, at most max_redirects),
 * timeout_ms per transfer, max_bytes per file, and the content must
 * sniff as a kind the item accepts (sniff.h): never HTML, scripts or
 * styles, whatever the server says. */
#ifndef HB_REMOTE_H
#define HB_REMOTE_H

#include <stdbool.h>
#include <stddef.h>

#include "sniff.h"

struct hb_diag;

#define HB_REMOTE_MAX_BYTES ((size_t)10 << 20)
#define HB_REMOTE_TIMEOUT_MS 10000L
#define HB_REMOTE_MAX_REDIRECTS 5
#define HB_REMOTE_PARALLEL 6

struct hb_remote_opts {
	const char *cache_dir;	/* borrowed; created when needed; NULL:
				 * no cache */
	size_t max_bytes;	/* per file; 0: HB_REMOTE_MAX_BYTES */
	long timeout_ms;	/* per transfer; 0: HB_REMOTE_TIMEOUT_MS */
	int max_redirects;	/* 0: HB_REMOTE_MAX_REDIRECTS; < 0: none */
	int parallel;		/* transfers at once; 0: HB_REMOTE_PARALLEL */
	bool refresh;		/* fetch even what is cached */
};

struct hb_remote_item {
	/* in */
	const char *url;	/* borrowed; http:// or https:// */
	unsigned accept;	/* enum hb_media_kind bits */
	/* out (hb_remote_item_fini frees them) */
	bool ok;
	bool from_cache;	/* no transfer was made */
	bool stale;		/* a refresh failed (reason says why) and
				 * the cached copy is used */
	char *data;		/* len bytes when ok */
	size_t len;
	struct hb_media_type type;
	char name[40];		/* "<16 hex digits of FNV-1a>.<ext>" */
	char *reason;		/* why it failed, or why it is stale */
};

/* Fills the out fields of v[0..n-1] (distinct URLs): from the cache
 * unless o->refresh, else by downloading (and then caching) them. An
 * item that fails has ok false and a reason; that is not an error of
 * the call. Returns 0, or -1 when libcurl cannot start (reported into d
 * as a warning; every item is then failed). A cache that cannot be
 * written is one warning into d. */
int hb_remote_fetch(const struct hb_remote_opts *o, struct hb_remote_item *v,
    size_t n, struct hb_diag *d);

/* Frees the out fields of it; the item can be fetched again. */
void hb_remote_item_fini(struct hb_remote_item *it);

/* The cache file names for url under dir: "<dir>/<16 hex>.data" and
 * ".meta" (owned by b when appended). For tests and docs. */
struct hb_buf;
void hb_remote_cache_path(struct hb_buf *b, const char *dir, const char *url,
    const char *suffix);

#endif
