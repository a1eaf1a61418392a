/* Network I/O (issue #14): remote media -> bytes, through the cache in
 * build/cache/remote/ (see remote.h). Consumes URLs, produces checked
 * file contents named by their hash. Transfers run in parallel on one
 * thread (curl multi); results do not depend on their timing. */
#include "remote.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "fsio.h"
#include "str.h"
#include "version.h"
#include "xalloc.h"

/* The first line of a .meta file; a different one is a cache miss. */
#define META_MAGIC "handbook-remote-cache 1"

struct xfer {
	struct hb_remote_item *it;
	CURL *h;
	struct hb_buf body;
	size_t max;
	long http_error;	/* a status >= 300 seen before the body */
	bool too_big;
	bool checked;		/* the headers were looked at */
	char *bad_type;		/* the server's Content-Type, refused */
	char err[CURL_ERROR_SIZE];
};

static char *
xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
xprintf(const char *fmt, ...)
{
	struct hb_buf b;
	va_list ap;

	hb_buf_init(&b, HB_BUF_NOCAP);
	va_start(ap, fmt);
	hb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return hb_buf_detach(&b);
}

void
hb_remote_cache_path(struct hb_buf *b, const char *dir, const char *url,
    const char *suffix)
{
	hb_buf_printf(b, "%s/%016llx%s", dir, (unsigned long long)
	    hb_fnv1a(HB_FNV1A_INIT, url, strlen(url)), suffix);
}

void
hb_remote_item_fini(struct hb_remote_item *it)
{
	free(it->data);
	free(it->reason);
	it->data = NULL;
	it->reason = NULL;
	it->len = 0;
	it->ok = it->from_cache = it->stale = false;
	memset(&it->type, 0, sizeof(it->type));
	it->name[0] = '\0';
}

static void
fail(struct hb_remote_item *it, char *reason)
{
	free(it->reason);
	it->reason = reason;
	it->ok = false;
}

static const char *
kinds(unsigned accept)
{
	if (accept == HB_MEDIA_IMAGE)
		return "an image";
	if (accept == (HB_MEDIA_AUDIO | HB_MEDIA_VIDEO))
		return "audio or video";
	return "an image, audio or video file";
}

/* Sniffs data and, when it is acceptable, makes it the item's result
 * (taking ownership of data). Returns 0, or -1 with a reason set (data
 * is then freed). */
static int
accept_data(struct hb_remote_item *it, char *data, size_t len)
{
	struct hb_media_type t;
	const char *why = NULL;

	if (!hb_sniff_media(data, len, &t, &why)) {
		free(data);
		fail(it, xprintf("%s", why));
		return -1;
	}
	if (!(t.kind & it->accept)) {
		free(data);
		fail(it, xprintf("%s where %s is expected", t.mime,
		    kinds(it->accept)));
		return -1;
	}
	free(it->data);
	it->data = data;
	it->len = len;
	it->type = t;
	snprintf(it->name, sizeof(it->name), "%016llx.%s",
	    (unsigned long long)hb_fnv1a(HB_FNV1A_INIT, data, len), t.ext);
	it->ok = true;
	return 0;
}

/* ---- the cache ---- */

/* Reads a whole file of at most max bytes. Returns owned data, or NULL
 * (missing, unreadable or too large). */
static char *
slurp(const char *path, size_t max, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct hb_buf b;
	char chunk[65536];
	size_t n;

	if (fp == NULL)
		return NULL;
	hb_buf_init(&b, max);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0 && !b.overflow)
		hb_buf_append(&b, chunk, n);
	if (ferror(fp) || b.overflow) {
		fclose(fp);
		hb_buf_fini(&b);
		return NULL;
	}
	fclose(fp);
	*len = b.len;
	if (b.data == NULL)
		return hb_xstrdup("");
	return hb_buf_detach(&b);
}

/* The cached copy of it->url, when there is a valid one: the .meta file
 * names the same URL (hashes can collide) and the data sniffs as
 * before. Returns 0 when it was used. */
static int
cache_read(const struct hb_remote_opts *o, struct hb_remote_item *it)
{
	struct hb_buf p, want;
	char *meta = NULL, *data = NULL;
	size_t mlen = 0, dlen = 0;
	int rc = -1;

	if (o->cache_dir == NULL)
		return -1;
	hb_buf_init(&p, HB_BUF_NOCAP);
	hb_buf_init(&want, HB_BUF_NOCAP);
	hb_remote_cache_path(&p, o->cache_dir, it->url, ".meta");
	meta = slurp(hb_buf_str(&p), 65536, &mlen);
	hb_buf_printf(&want, META_MAGIC "\nurl %s\n", it->url);
	if (meta == NULL || strcmp(meta, hb_buf_str(&want)) != 0)
		goto done;
	hb_buf_reset(&p);
	hb_remote_cache_path(&p, o->cache_dir, it->url, ".data");
	data = slurp(hb_buf_str(&p), o->max_bytes, &dlen);
	if (data == NULL)
		goto done;
	{
		struct hb_remote_item tmp = *it;

		/* A copy, so that a bad cache entry leaves no reason. */
		tmp.data = NULL;
		tmp.reason = NULL;
		if (accept_data(&tmp, data, dlen) != 0) {
			free(tmp.reason);
			data = NULL;
			goto done;
		}
		free(it->data);
		free(it->reason);
		*it = tmp;
		data = NULL;
	}
	rc = 0;
done:
	free(meta);
	free(data);
	hb_buf_fini(&p);
	hb_buf_fini(&want);
	return rc;
}

/* Data first, the .meta last: an entry counts once its .meta names it. */
static int
cache_write(const struct hb_remote_opts *o, const struct hb_remote_item *it)
{
	struct hb_buf p, meta;
	int rc = -1;

	if (o->cache_dir == NULL)
		return 0;
	hb_buf_init(&p, HB_BUF_NOCAP);
	hb_buf_init(&meta, HB_BUF_NOCAP);
	if (hb_fs_mkdirs(o->cache_dir) != 0)
		goto done;
	hb_remote_cache_path(&p, o->cache_dir, it->url, ".data");
	if (hb_fs_write_atomic(hb_buf_str(&p), it->data, it->len) != 0)
		goto done;
	hb_buf_reset(&p);
	hb_remote_cache_path(&p, o->cache_dir, it->url, ".meta");
	hb_buf_printf(&meta, META_MAGIC "\nurl %s\n", it->url);
	if (hb_fs_write_atomic(hb_buf_str(&p), meta.data, meta.len) != 0)
		goto done;
	rc = 0;
done:
	hb_buf_fini(&p);
	hb_buf_fini(&meta);
	return rc;
}

/* ---- transfers ---- */

/* Looks at the status and the type once, before the first byte of the
 * body is kept: an error page or an HTML page stops the transfer. */
static bool
check_headers(struct xfer *x)
{
	long code = 0;
	char *ct = NULL;

	x->checked = true;
	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &code);
	if (code >= 300) {
		x->http_error = code;
		return false;
	}
	curl_easy_getinfo(x->h, CURLINFO_CONTENT_TYPE, &ct);
	if (ct != NULL && !hb_sniff_header_ok(ct)) {
		x->bad_type = hb_xstrdup(ct);
		return false;
	}
	return true;
}

static size_t
on_data(char *p, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	size_t n = size * nmemb;

	if (!x->checked && !check_headers(x))
		return 0;	/* aborts: CURLE_WRITE_ERROR */
	if (n > x->max - x->body.len) {
		x->too_big = true;
		return 0;
	}
	hb_buf_append(&x->body, p, n);
	return n;
}

static int
start(CURLM *m, struct xfer *x, const struct hb_remote_opts *o)
{
	CURL *h = curl_easy_init();

	if (h == NULL)
		return -1;
	x->h = h;
	x->max = o->max_bytes;
	hb_buf_init(&x->body, HB_BUF_NOCAP);
	curl_easy_setopt(h, CURLOPT_URL, x->it->url);
	curl_easy_setopt(h, CURLOPT_PRIVATE, x);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->err);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->timeout_ms);
	/* Known sizes stop before the body; unknown ones in on_data. */
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)o->max_bytes);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION,
	    o->max_redirects >= 0 ? 1L : 0L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, (long)(o->max_redirects >= 0 ?
	    o->max_redirects : 0));
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS,
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS,
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_USERAGENT, "handbook/" HB_VERSION);
	if (curl_multi_add_handle(m, h) != CURLM_OK) {
		curl_easy_cleanup(h);
		x->h = NULL;
		hb_buf_fini(&x->body);
		return -1;
	}
	return 0;
}

/* Turns a finished transfer into the item's result. */
static void
finish(const struct hb_remote_opts *o, struct xfer *x, CURLcode res,
    int *cache_errno)
{
	struct hb_remote_item *it = x->it;
	long code = 0;

	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &code);
	if (x->http_error != 0 || (res == CURLE_OK && code >= 300))
		fail(it, xprintf("HTTP %ld", x->http_error ? x->http_error :
		    code));
	else if (x->bad_type != NULL)
		fail(it, xprintf("the server sends '%s', not %s", x->bad_type,
		    kinds(it->accept)));
	else if (x->too_big || res == CURLE_FILESIZE_EXCEEDED)
		fail(it, xprintf("larger than %zu bytes (remote_max_bytes)",
		    o->max_bytes));
	else if (res == CURLE_OPERATION_TIMEDOUT && o->timeout_ms % 1000 == 0)
		fail(it, xprintf("timed out after %ld s", o->timeout_ms / 1000));
	else if (res == CURLE_OPERATION_TIMEDOUT)
		fail(it, xprintf("timed out after %ld ms", o->timeout_ms));
	else if (res == CURLE_TOO_MANY_REDIRECTS)
		fail(it, xprintf("more than %d redirects", o->max_redirects));
	else if (res == CURLE_UNSUPPORTED_PROTOCOL)
		fail(it, xprintf("%s", "redirected to a scheme other than "
		    "http or https"));
	else if (res != CURLE_OK)
		fail(it, xprintf("%s", x->err[0] ? x->err :
		    curl_easy_strerror(res)));
	else if (code < 200)
		fail(it, xprintf("HTTP %ld", code));
	else {
		size_t len = x->body.len;
		char *data = len ? hb_buf_detach(&x->body) : hb_xstrdup("");

		if (accept_data(it, data, len) == 0 &&
		    cache_write(o, it) != 0)
			*cache_errno = errno ? errno : EIO;
	}
}

static void
xfer_fini(CURLM *m, struct xfer *x)
{
	if (x->h != NULL) {
		curl_multi_remove_handle(m, x->h);
		curl_easy_cleanup(x->h);
	}
	x->h = NULL;
	hb_buf_fini(&x->body);
	free(x->bad_type);
	x->bad_type = NULL;
}

int
hb_remote_fetch(const struct hb_remote_opts *oin, struct hb_remote_item *v,
    size_t n, struct hb_diag *d)
{
	struct hb_remote_opts o = *oin;
	struct xfer *xs = NULL;
	size_t *todo = NULL, ntodo = 0, next = 0, i;
	CURLM *m = NULL;
	int running = 0, active = 0, rc = 0, cache_errno = 0;

	if (o.max_bytes == 0)
		o.max_bytes = HB_REMOTE_MAX_BYTES;
	if (o.timeout_ms <= 0)
		o.timeout_ms = HB_REMOTE_TIMEOUT_MS;
	if (o.max_redirects == 0)
		o.max_redirects = HB_REMOTE_MAX_REDIRECTS;
	if (o.parallel <= 0)
		o.parallel = HB_REMOTE_PARALLEL;
	todo = hb_xcalloc(n + 1, sizeof(*todo));
	for (i = 0; i < n; i++) {
		hb_remote_item_fini(&v[i]);
		if (!o.refresh && cache_read(&o, &v[i]) == 0) {
			v[i].from_cache = true;
			continue;
		}
		todo[ntodo++] = i;
	}
	if (ntodo == 0)
		goto done;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0 ||
	    (m = curl_multi_init()) == NULL) {
		hb_diag_warning(d, NULL, "%s", "libcurl cannot start: remote "
		    "files are not downloaded");
		for (i = 0; i < ntodo; i++)
			fail(&v[todo[i]], xprintf("%s", "libcurl cannot "
			    "start"));
		rc = -1;
		goto stale;
	}
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)o.parallel);
	xs = hb_xcalloc(ntodo, sizeof(*xs));
	for (i = 0; i < ntodo; i++)
		xs[i].it = &v[todo[i]];
	/* At most o.parallel transfers in flight: memory stays bounded by
	 * parallel * max_bytes. */
	for (;;) {
		CURLMsg *msg;
		int left;

		while (active < o.parallel && next < ntodo) {
			if (start(m, &xs[next], &o) != 0)
				fail(xs[next].it, xprintf("%s", "libcurl "
				    "cannot start a transfer"));
			else
				active++;
			next++;
		}
		if (active == 0)
			break;
		if (curl_multi_perform(m, &running) != CURLM_OK)
			break;
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			char *priv = NULL;
			struct xfer *x;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    &priv);
			x = (struct xfer *)(void *)priv;
			finish(&o, x, msg->data.result, &cache_errno);
			xfer_fini(m, x);
			active--;
		}
		if (running == 0 && active > 0)
			break;	/* finished without a message: failed below */
		if (running > 0 && curl_multi_poll(m, NULL, 0, 1000, NULL) !=
		    CURLM_OK)
			break;
	}
	/* Anything left (a multi failure) fails. */
	for (i = 0; i < ntodo; i++) {
		if (xs[i].h != NULL) {
			fail(xs[i].it, xprintf("%s", "the transfer did not "
			    "finish"));
			xfer_fini(m, &xs[i]);
		}
	}
	curl_multi_cleanup(m);
	curl_global_cleanup();
stale:
	/* A refresh that failed falls back on the cached copy. */
	for (i = 0; i < ntodo; i++) {
		struct hb_remote_item *it = &v[todo[i]];
		char *why;

		if (it->ok || !o.refresh)
			continue;
		why = it->reason;
		it->reason = NULL;
		if (cache_read(&o, it) == 0) {
			it->from_cache = true;
			it->stale = true;
			it->reason = why;
		} else {
			it->reason = why;
		}
	}
	if (cache_errno != 0)
		hb_diag_warning(d, NULL, "cannot write the download cache in "
		    "%s: %s", o.cache_dir, strerror(cache_errno));
done:
	free(xs);
	free(todo);
	return rc;
}
