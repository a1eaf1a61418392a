/* Unit tests: sniff.c (media types from magic numbers) and remote.c
 * (downloads through the cache) against an HTTP server this test starts
 * on 127.0.0.1 (libmicrohttpd): success, 404, timeout, oversize, wrong
 * type, redirects and redirect loops, parallel transfers, and the cache
 * reused with the server stopped. */
#include "harness.h"

#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "model.h"
#include "offline.h"
#include "remote.h"
#include "sniff.h"
#include "str.h"

/* A 1x1 transparent PNG. */
static const unsigned char png[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00,
	0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89,
	0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63,
	0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4,
	0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60,
	0x82
};

/* ---- sniffing ---- */

static const char *
sniff(const char *data, size_t len)
{
	static char buf[64];
	struct hb_media_type t;
	const char *why = NULL;

	if (!hb_sniff_media(data, len, &t, &why)) {
		snprintf(buf, sizeof(buf), "no: %s", why);
		return buf;
	}
	snprintf(buf, sizeof(buf), "%s .%s", t.mime, t.ext);
	return buf;
}

#define S(lit) sniff(lit, sizeof(lit) - 1)

TEST(sniff_images)
{
	CHECK_STR(sniff((const char *)png, sizeof(png)), "image/png .png");
	CHECK_STR(S("\xff\xd8\xff\xe0\0\x10JFIF"), "image/jpeg .jpg");
	CHECK_STR(S("GIF89a\1\0\1\0"), "image/gif .gif");
	CHECK_STR(S("GIF87a\1\0\1\0"), "image/gif .gif");
	CHECK_STR(S("RIFF\x10\0\0\0WEBPVP8 "), "image/webp .webp");
	CHECK_STR(S("\0\0\0\x1c" "ftypavif\0\0\0\0"), "image/avif .avif");
	CHECK_STR(S("BM\x3a\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0"),
	    "image/bmp .bmp");
	CHECK_STR(S("\0\0\1\0\1\0\x10\x10"), "image/x-icon .ico");
	CHECK_STR(S("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>"),
	    "image/svg+xml .svg");
	CHECK_STR(S("\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- c -->\n"
	    "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n"
	    "<svg width=\"1\"><rect/></svg>"), "image/svg+xml .svg");
}

TEST(sniff_audio_and_video)
{
	CHECK_STR(S("ID3\3\0\0\0\0\0\0"), "audio/mpeg .mp3");
	CHECK_STR(S("\xff\xfb\x90\x64\0"), "audio/mpeg .mp3");
	CHECK_STR(S("\xff\xf1\x50\x80\0"), "audio/aac .aac");
	CHECK_STR(S("fLaC\0\0\0\x22"), "audio/flac .flac");
	CHECK_STR(S("RIFF\x24\0\0\0WAVEfmt "), "audio/wav .wav");
	CHECK_STR(S("OggS\0\2\0\0\0\0\0\0\0\0\1vorbis"), "audio/ogg .ogg");
	CHECK_STR(S("OggS\0\2\0\0\0\0\0\0\0\0OpusHead"), "audio/ogg .opus");
	CHECK_STR(S("OggS\0\2\0\0\0\0\0\0\0\0\x80theora"), "video/ogg .ogv");
	CHECK_STR(S("\0\0\0\x20" "ftypM4A \0\0\0\0"), "audio/mp4 .m4a");
	CHECK_STR(S("\0\0\0\x20" "ftypisom\0\0\2\0"), "video/mp4 .mp4");
	CHECK_STR(S("\0\0\0\x14" "ftypqt  \0\0\0\0"), "video/quicktime .mov");
	CHECK_STR(S("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm"),
	    "video/webm .webm");
	CHECK_STR(S("\x1a\x45\xdf\xa3\x9f\x42\x82\x88matroska"),
	    "video/x-matroska .mkv");
}

TEST(sniff_refuses_documents_scripts_and_styles)
{
	const char *no = "no: not an image, audio or video file";

	CHECK_STR(S("<!doctype html><html><img src=x></html>"), no);
	CHECK_STR(S("<html><svg></svg></html>"), no);
	CHECK_STR(S("alert(document.cookie)"), no);
	CHECK_STR(S("body { background: url(x.png) }"), no);
	CHECK_STR(S("{\"json\": true}"), no);
	CHECK_STR(S("%PDF-1.7\n"), no);
	CHECK_STR(S("PK\3\4zip"), no);
	CHECK_STR(S("\0\0\0\x18" "ftypheic\0\0\0\0"), no);
	CHECK_STR(S(""), no);
	CHECK_STR(S("GIF"), no);
	CHECK_STR(S("<svg><script>alert(1)</script></svg>"),
	    "no: SVG with scripts or event handlers");
	CHECK_STR(S("<svg onload=\"alert(1)\"></svg>"),
	    "no: SVG with scripts or event handlers");
	CHECK_STR(S("<svg><a href=\"javascript:x()\"/></svg>"),
	    "no: SVG with scripts or event handlers");
	CHECK_STR(S("<svg><foreignObject><div/></foreignObject></svg>"),
	    "no: SVG with scripts or event handlers");
	CHECK_STR(S("<!-- unterminated <svg>"), no);
}

TEST(sniff_headers)
{
	CHECK_INT(hb_sniff_header_kind("image/png"), HB_MEDIA_IMAGE);
	CHECK_INT(hb_sniff_header_kind(" Video/MP4; codecs=x"),
	    HB_MEDIA_VIDEO);
	CHECK_INT(hb_sniff_header_kind("audio/ogg"), HB_MEDIA_AUDIO);
	CHECK_INT(hb_sniff_header_kind("text/html"), HB_MEDIA_NONE);
	CHECK(hb_sniff_header_ok(NULL));
	CHECK(hb_sniff_header_ok("application/octet-stream"));
	CHECK(hb_sniff_header_ok("text/plain; charset=utf-8"));
	CHECK(hb_sniff_header_ok("image/svg+xml"));
	CHECK(!hb_sniff_header_ok("text/html; charset=utf-8"));
	CHECK(!hb_sniff_header_ok("application/javascript"));
	CHECK(!hb_sniff_header_ok("text/javascript"));
	CHECK(!hb_sniff_header_ok("text/css"));
	CHECK(!hb_sniff_header_ok("application/json"));
}

/* ---- the test server ---- */

static struct MHD_Daemon *server;
static int port;
static atomic_int hits;
static atomic_bool stopping;

static char base[64];

static const char *
url(const char *path)
{
	static char buf[8][128];
	static int k;

	k = (k + 1) % 8;
	snprintf(buf[k], sizeof(buf[k]), "%s%s", base, path);
	return buf[k];
}

/* /slow.png: a PNG header, then one byte every 200 ms (for 5 s). */
static ssize_t
slow_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)cls;
	if (max == 0)
		return 0;
	if (pos < 8) {
		size_t n = 8 - (size_t)pos < max ? 8 - (size_t)pos : max;

		memcpy(buf, png + pos, n);
		return (ssize_t)n;
	}
	if (pos > 40 || atomic_load(&stopping))
		return MHD_CONTENT_READER_END_OF_STREAM;
	usleep(200 * 1000);
	buf[0] = 0;
	return 1;
}

/* /stream.png: 4 KiB of PNG-looking data with no Content-Length. */
static ssize_t
stream_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)cls;
	if (pos >= 4096)
		return MHD_CONTENT_READER_END_OF_STREAM;
	if (max > 512)
		max = 512;
	memset(buf, 0, max);
	if (pos == 0)
		memcpy(buf, png, 8);
	return (ssize_t)max;
}

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned status, const char *type,
    const void *data, size_t len, const char *location)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len,
	    (void *)data, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result rc;

	if (type != NULL)
		MHD_add_response_header(r, "Content-Type", type);
	if (location != NULL)
		MHD_add_response_header(r, "Location", location);
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *path,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **state)
{
	static const char html[] = "<!doctype html><title>x</title>";
	static const char js[] = "alert(document.cookie)";
	static const char evil[] = "<svg onload=\"alert(1)\"></svg>";
	static const char webm[] = "\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01"
	    "\x42\x82\x84webm";
	static char big[3000];
	struct MHD_Response *r;
	enum MHD_Result rc;

	(void)cls;
	(void)method;
	(void)version;
	(void)upload;
	(void)upload_size;
	if (*state == NULL) {
		*state = (void *)1;
		return MHD_YES;
	}
	atomic_fetch_add(&hits, 1);
	if (strcmp(path, "/ok.png") == 0 || strcmp(path, "/other.png") == 0)
		return reply(c, 200, "image/png", png, sizeof(png), NULL);
	if (strcmp(path, "/octet") == 0)
		return reply(c, 200, "application/octet-stream", png,
		    sizeof(png), NULL);
	if (strcmp(path, "/page.html") == 0)
		return reply(c, 200, "text/html", html, sizeof(html) - 1, NULL);
	if (strcmp(path, "/fake.png") == 0)
		return reply(c, 200, "image/png", js, sizeof(js) - 1, NULL);
	if (strcmp(path, "/evil.svg") == 0)
		return reply(c, 200, "image/svg+xml", evil, sizeof(evil) - 1,
		    NULL);
	if (strcmp(path, "/clip.webm") == 0)
		return reply(c, 200, "video/webm", webm, sizeof(webm) - 1,
		    NULL);
	if (strcmp(path, "/big.png") == 0) {
		memcpy(big, png, sizeof(png));
		return reply(c, 200, "image/png", big, sizeof(big), NULL);
	}
	if (strcmp(path, "/redirect") == 0)
		return reply(c, 302, "text/html", html, sizeof(html) - 1,
		    "/ok.png");
	if (strcmp(path, "/loop") == 0)
		return reply(c, 302, NULL, "", 0, "/loop");
	if (strcmp(path, "/to-file") == 0)
		return reply(c, 302, NULL, "", 0, "file:///etc/passwd");
	if (strcmp(path, "/slow.png") == 0 || strcmp(path, "/stream.png") == 0) {
		bool slow = path[1] == 's' && path[2] == 'l';

		r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024,
		    slow ? slow_reader : stream_reader, NULL, NULL);
		MHD_add_response_header(r, "Content-Type", "image/png");
		rc = MHD_queue_response(c, 200, r);
		MHD_destroy_response(r);
		return rc;
	}
	return reply(c, 404, "text/html", html, sizeof(html) - 1, NULL);
}

static int
server_start(void)
{
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = 0;
	atomic_store(&stopping, false);
	server = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION, 0, NULL, NULL, handler, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_END);
	if (server == NULL)
		return -1;
	info = MHD_get_daemon_info(server, MHD_DAEMON_INFO_BIND_PORT);
	if (info == NULL)
		return -1;
	port = info->port;
	snprintf(base, sizeof(base), "http://127.0.0.1:%d", port);
	return 0;
}

static void
server_stop(void)
{
	atomic_store(&stopping, true);
	if (server != NULL)
		MHD_stop_daemon(server);
	server = NULL;
}

/* ---- fetching ---- */

static char cache[64];

/* Fetches one URL accepting images; returns "ok NAME" or the reason. */
static const char *
fetch1(const char *u, const struct hb_remote_opts *o, unsigned accept)
{
	static char buf[256];
	struct hb_remote_item it;
	struct hb_diag d;

	memset(&it, 0, sizeof(it));
	it.url = u;
	it.accept = accept ? accept : HB_MEDIA_IMAGE;
	hb_diag_init(&d);
	hb_remote_fetch(o, &it, 1, &d);
	if (it.ok)
		snprintf(buf, sizeof(buf), "ok %s%s", it.name,
		    it.from_cache ? " (cache)" : "");
	else
		snprintf(buf, sizeof(buf), "%s", it.reason ? it.reason :
		    "(no reason)");
	hb_remote_item_fini(&it);
	hb_diag_fini(&d);
	return buf;
}

static struct hb_remote_opts
opts(void)
{
	struct hb_remote_opts o;

	memset(&o, 0, sizeof(o));
	o.timeout_ms = 1000;
	o.max_bytes = 2048;
	return o;
}

TEST(fetch_success_and_errors)
{
	struct hb_remote_opts o = opts();
	struct hb_remote_item it;
	struct hb_diag d;

	if (server == NULL)
		SKIP("no loopback server");
	CHECK_CONTAINS(fetch1(url("/ok.png"), &o, 0), "ok ");
	CHECK_CONTAINS(fetch1(url("/ok.png"), &o, 0), ".png");
	CHECK_CONTAINS(fetch1(url("/octet"), &o, 0), ".png");
	CHECK_STR(fetch1(url("/missing.png"), &o, 0), "HTTP 404");
	CHECK_STR(fetch1(url("/page.html"), &o, 0),
	    "the server sends 'text/html', not an image");
	CHECK_STR(fetch1(url("/fake.png"), &o, 0),
	    "not an image, audio or video file");
	CHECK_STR(fetch1(url("/evil.svg"), &o, 0),
	    "SVG with scripts or event handlers");
	CHECK_STR(fetch1(url("/clip.webm"), &o, 0),
	    "video/webm where an image is expected");
	CHECK_CONTAINS(fetch1(url("/clip.webm"), &o,
	    HB_MEDIA_AUDIO | HB_MEDIA_VIDEO), ".webm");
	CHECK_STR(fetch1(url("/big.png"), &o, 0),
	    "larger than 2048 bytes (remote_max_bytes)");
	CHECK_STR(fetch1(url("/stream.png"), &o, 0),
	    "larger than 2048 bytes (remote_max_bytes)");
	CHECK_STR(fetch1(url("/slow.png"), &o, 0), "timed out after 1 s");
	CHECK_CONTAINS(fetch1(url("/redirect"), &o, 0), ".png");
	CHECK_STR(fetch1(url("/loop"), &o, 0), "more than 5 redirects");
	CHECK_STR(fetch1(url("/to-file"), &o, 0),
	    "redirected to a scheme other than http or https");
	o.max_redirects = -1;
	CHECK_STR(fetch1(url("/redirect"), &o, 0), "HTTP 302");
	/* Nothing listens on port 1. */
	memset(&it, 0, sizeof(it));
	it.url = "http://127.0.0.1:1/x.png";
	it.accept = HB_MEDIA_IMAGE;
	hb_diag_init(&d);
	CHECK_INT(hb_remote_fetch(&o, &it, 1, &d), 0);
	CHECK(!it.ok);
	CHECK(it.reason != NULL && it.reason[0] != '\0');
	hb_remote_item_fini(&it);
	hb_diag_fini(&d);
}

TEST(fetch_in_parallel_keeps_order)
{
	struct hb_remote_opts o = opts();
	struct hb_remote_item v[24];
	char urls[24][128];
	struct hb_diag d;
	size_t i;

	if (server == NULL)
		SKIP("no loopback server");
	memset(v, 0, sizeof(v));
	for (i = 0; i < 24; i++) {
		snprintf(urls[i], sizeof(urls[i]), "%s/%s?n=%zu", base,
		    i % 3 == 2 ? "missing" : "ok.png", i);
		v[i].url = urls[i];
		v[i].accept = HB_MEDIA_IMAGE;
	}
	o.parallel = 4;
	hb_diag_init(&d);
	CHECK_INT(hb_remote_fetch(&o, v, 24, &d), 0);
	for (i = 0; i < 24; i++) {
		CHECK_INT(v[i].ok, i % 3 != 2);
		if (v[i].ok)
			CHECK(v[i].len == sizeof(png) &&
			    memcmp(v[i].data, png, sizeof(png)) == 0);
		hb_remote_item_fini(&v[i]);
	}
	CHECK_INT(d.n, 0);
	hb_diag_fini(&d);
}

static int
rmrf_cache(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", cache);
	return system(cmd);
}

/* Runs last: it stops the server. */
TEST(cache_is_reused_with_the_server_stopped)
{
	struct hb_remote_opts o = opts();
	char first[128], second[128];
	const char *u1, *u2;
	struct hb_buf p;
	struct stat st;
	int before;

	if (server == NULL)
		SKIP("no loopback server");
	o.cache_dir = cache;
	u1 = url("/ok.png");
	u2 = url("/other.png");
	snprintf(first, sizeof(first), "%s", fetch1(u1, &o, 0));
	CHECK_CONTAINS(first, "ok ");
	CHECK(strstr(first, "(cache)") == NULL);
	CHECK_CONTAINS(fetch1(u2, &o, 0), "ok ");
	hb_buf_init(&p, HB_BUF_NOCAP);
	hb_remote_cache_path(&p, cache, u1, ".data");
	CHECK_INT(stat(hb_buf_str(&p), &st), 0);
	CHECK_INT(st.st_size, sizeof(png));
	hb_buf_fini(&p);
	/* Cached: no request at all. */
	before = atomic_load(&hits);
	snprintf(second, sizeof(second), "%s", fetch1(u1, &o, 0));
	CHECK_INT(atomic_load(&hits), before);
	CHECK_CONTAINS(second, "(cache)");
	CHECK(strncmp(first, second, strlen(first)) == 0);
	/* A failure is not cached. */
	CHECK_STR(fetch1(url("/missing.png"), &o, 0), "HTTP 404");
	CHECK_STR(fetch1(url("/missing.png"), &o, 0), "HTTP 404");
	/* A refresh asks again. */
	before = atomic_load(&hits);
	o.refresh = true;
	CHECK_CONTAINS(fetch1(u1, &o, 0), "ok ");
	CHECK_INT(atomic_load(&hits), before + 1);
	server_stop();
	/* The server is gone: the cache still serves, */
	o.refresh = false;
	CHECK_STR(fetch1(u1, &o, 0), second);
	CHECK_CONTAINS(fetch1(u2, &o, 0), "(cache)");
	/* a refresh falls back on it, */
	{
		struct hb_remote_item it;
		struct hb_diag d;

		memset(&it, 0, sizeof(it));
		it.url = u1;
		it.accept = HB_MEDIA_IMAGE;
		o.refresh = true;
		hb_diag_init(&d);
		hb_remote_fetch(&o, &it, 1, &d);
		CHECK(it.ok);
		CHECK(it.stale);
		CHECK(it.reason != NULL);
		hb_remote_item_fini(&it);
		hb_diag_fini(&d);
		o.refresh = false;
	}
	/* and a cached entry for another URL is not used. */
	CHECK(strncmp(fetch1(url("/ok.png?x"), &o, 0), "ok", 2) != 0);
	/* A cache file changed on disk into HTML is refused. */
	hb_buf_init(&p, HB_BUF_NOCAP);
	hb_remote_cache_path(&p, cache, u2, ".data");
	{
		FILE *fp = fopen(hb_buf_str(&p), "wb");

		CHECK(fp != NULL);
		fputs("<html></html>", fp);
		fclose(fp);
	}
	hb_buf_fini(&p);
	CHECK(strncmp(fetch1(u2, &o, 0), "ok", 2) != 0);
}

/* Puts a cache entry for url by hand, as remote.c writes it. */
static void
put_cache(const char *dir, const char *u, const void *data, size_t len)
{
	struct hb_buf p;
	FILE *fp;

	hb_buf_init(&p, HB_BUF_NOCAP);
	hb_remote_cache_path(&p, dir, u, ".data");
	fp = fopen(hb_buf_str(&p), "wb");
	fwrite(data, 1, len, fp);
	fclose(fp);
	hb_buf_reset(&p);
	hb_remote_cache_path(&p, dir, u, ".meta");
	fp = fopen(hb_buf_str(&p), "wb");
	fprintf(fp, "handbook-remote-cache 1\nurl %s\n", u);
	fclose(fp);
	hb_buf_fini(&p);
}

/* The fragment scanner and rewriter, served from the cache alone (port
 * 9 has no server): media attributes are rewritten, text, code,
 * comments and scripts are not. */
TEST(offline_rewrites_fragments_from_the_cache)
{
	static const char *in =
	    "<p><img src=\"http://127.0.0.1:9/a.png\" alt=\"a\"> "
	    "<IMG alt=x SRC='http://127.0.0.1:9/a.png'> "
	    "<img srcset=\"http://127.0.0.1:9/a.png 1x,"
	    "http://127.0.0.1:9/b.png?x=1&amp;y=2 2x\"></p>\n"
	    "<pre><code>&lt;img src=\"http://127.0.0.1:9/a.png\"&gt;"
	    "</code></pre>\n"
	    "<!-- <img src=\"http://127.0.0.1:9/a.png\"> -->\n"
	    "<script>x='<img src=\"http://127.0.0.1:9/a.png\">'</script>\n"
	    "<video poster=\"http://127.0.0.1:9/a.png\" "
	    "src=\"http://127.0.0.1:9/a.png\"></video>\n"
	    "<a href=\"http://127.0.0.1:9/a.png\">link</a> "
	    "<img src=\"http://127.0.0.1:9/gone.png\"> "
	    "<img src=\"/local.png\">";
	char dir[128], want[2048];
	struct hb_remote_opts o;
	struct hb_offline_stats st;
	struct hb_offline *off;
	struct hb_document *doc;
	struct hb_question *q;
	struct hb_site site;
	struct hb_diag d;
	struct hb_buf name;
	const char *a, *b;

	snprintf(dir, sizeof(dir), "%s/frag", cache);
	mkdir(dir, 0755);
	memcpy(want, png, sizeof(png));
	put_cache(dir, "http://127.0.0.1:9/a.png", png, sizeof(png));
	want[sizeof(png)] = 'x';	/* other bytes, another name */
	put_cache(dir, "http://127.0.0.1:9/b.png?x=1&y=2", want,
	    sizeof(png) + 1);
	hb_site_init(&site);
	doc = hb_document_new("content/a.md", "a.md");
	q = hb_arena_alloc(&doc->arena, sizeof(*q));
	memset(q, 0, sizeof(*q));
	q->doc = doc;
	q->line = 3;
	q->prompt_html = in;
	doc->questions = q;
	doc->nquestions = 1;
	hb_site_add(&site, doc);
	memset(&o, 0, sizeof(o));
	o.cache_dir = dir;
	o.timeout_ms = 1000;
	off = hb_offline_new(&o);
	hb_diag_init(&d);
	CHECK_INT(hb_offline_apply(off, &site, NULL, "../", &d), 0);
	hb_buf_init(&name, HB_BUF_NOCAP);
	hb_buf_printf(&name, "%016llx.png", (unsigned long long)
	    hb_fnv1a(HB_FNV1A_INIT, (const char *)png, sizeof(png)));
	a = hb_arena_strdup(&doc->arena, hb_buf_str(&name));
	hb_buf_reset(&name);
	hb_buf_printf(&name, "%016llx.png", (unsigned long long)
	    hb_fnv1a(HB_FNV1A_INIT, want, sizeof(png) + 1));
	b = hb_arena_strdup(&doc->arena, hb_buf_str(&name));
	hb_buf_fini(&name);
	snprintf(want, sizeof(want),
	    "<p><img src=\"../assets/remote/%s\" alt=\"a\"> "
	    "<IMG alt=x SRC='../assets/remote/%s'> "
	    "<img srcset=\"../assets/remote/%s 1x,"
	    "../assets/remote/%s 2x\"></p>\n"
	    "<pre><code>&lt;img src=\"http://127.0.0.1:9/a.png\"&gt;"
	    "</code></pre>\n"
	    "<!-- <img src=\"http://127.0.0.1:9/a.png\"> -->\n"
	    "<script>x='<img src=\"http://127.0.0.1:9/a.png\">'</script>\n"
	    "<video poster=\"../assets/remote/%s\" "
	    "src=\"http://127.0.0.1:9/a.png\"></video>\n"
	    "<a href=\"http://127.0.0.1:9/a.png\">link</a> "
	    "<img src=\"http://127.0.0.1:9/gone.png\"> "
	    "<img src=\"/local.png\">", a, a, a, b, a);
	CHECK_STR(q->prompt_html, want);
	/* The video's PNG and the unreachable URL are warnings at the
	 * question (no source to search). */
	CHECK_INT(d.n, 2);
	hb_diag_sort(&d);
	CHECK_CONTAINS(d.v[0].msg, "image/png where audio or video is "
	    "expected");
	CHECK_INT(d.v[0].line, 3);
	CHECK_CONTAINS(d.v[1].msg, "remote image "
	    "'http://127.0.0.1:9/gone.png' not downloaded: ");
	hb_offline_stats(off, &st);
	CHECK_INT(st.urls, 3);
	CHECK_INT(st.files, 2);
	CHECK_INT(st.bytes, 2 * sizeof(png) + 1);
	CHECK_INT(st.cached, 2);
	CHECK_INT(st.downloaded, 0);
	CHECK_INT(st.failed, 1);
	hb_diag_fini(&d);
	hb_offline_free(off);
	hb_site_fini(&site);
}

int
main(void)
{
	snprintf(cache, sizeof(cache), "/tmp/hb-remote-test-XXXXXX");
	if (mkdtemp(cache) == NULL)
		return 1;
	RUN(sniff_images);
	RUN(sniff_audio_and_video);
	RUN(sniff_refuses_documents_scripts_and_styles);
	RUN(sniff_headers);
	RUN(offline_rewrites_fragments_from_the_cache);
	if (server_start() != 0) {
		server_stop();
		printf("skipped fetch tests: cannot listen on 127.0.0.1\n");
	}
	RUN(fetch_success_and_errors);
	RUN(fetch_in_parallel_keeps_order);
	RUN(cache_is_reused_with_the_server_stopped);
	server_stop();
	rmrf_cache();
	return hb_t_done("test_remote");
}
