/* serve (issue #7): the live preview. Consumes a handbook folder;
 * produces an HTTP server that answers from a site built in memory,
 * rebuilds on inotify events (re-parsing only the Markdown files that
 * changed) and pushes "reload" and "errors" events to open pages.
 *
 * Threads: the main thread owns the build, the document cache and the
 * watches, and waits on signalfd + inotify. libmicrohttpd runs one
 * epoll event loop on a pool of POOL_THREADS threads; they only read the
 * current snapshot and the error text, under server.lock, and never
 * wait (event streams are suspended while they have nothing to say).
 * Nothing is process-global: SIGINT and SIGTERM are blocked in every
 * thread and read from a signalfd. */
#include "serve.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "buf.h"
#include "build.h"
#include "diag.h"
#include "highlight.h"
#include "model.h"
#include "output.h"
#include "search.h"
#include "site.h"
#include "source.h"
#include "str.h"
#include "watch.h"
#include "xalloc.h"

/* A write still in progress (IN_MODIFY, IN_CREATE) waits this long for
 * quiet; a finished one (close after write, rename into place) only
 * long enough to gather the rest of its burst. A steady stream of
 * events still rebuilds every MAX_WAIT_MS. */
#define DEBOUNCE_MS 50
#define SETTLE_MS 8
#define MAX_WAIT_MS 300
#define PING_SECONDS 15		/* SSE keep-alive comment */
#define IDLE_SECONDS 10		/* a connection that sends nothing */
#define POOL_THREADS 2		/* MHD event-loop threads */
#define MAX_CONNECTIONS 8192
#define MAX_URL 4096

/* ---- messages ---- */

/* Start-up, socket and watch problems go through the diagnostic sink
 * like every other problem (path: the folder concerned, or "" for the
 * run as a whole) and are printed at once: nothing is built to wait
 * for. */
static void
say(enum hb_severity sev, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
say(enum hb_severity sev, const char *path, const char *fmt, ...)
{
	struct hb_diag d;
	struct hb_pos pos = { path, 0, 0 };
	va_list ap;

	hb_diag_init(&d);
	va_start(ap, fmt);
	hb_diag_vreport(&d, sev, &pos, fmt, ap);
	va_end(ap);
	hb_diag_print(&d, stderr, HB_DIAG_TEXT);
	fflush(stderr);
	hb_diag_fini(&d);
}

/* ---- pure helpers (serve.h) ---- */

int
hb_serve_map_path(const char *url, char **out)
{
	struct hb_buf b;
	const char *p;
	int rc = -1;

	if (url == NULL || url[0] != '/')
		return -1;
	hb_buf_init(&b, MAX_URL);
	for (p = url + 1; *p != '\0' && *p != '?' && *p != '#'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '%') {
			int hi = hb_hexval(p[1]);
			int lo = hi < 0 ? -1 : hb_hexval(p[2]);

			if (lo < 0)
				goto done;
			c = (unsigned char)(hi * 16 + lo);
			/* An encoded separator is never part of a site
			 * path: refuse it rather than guess. */
			if (c == '/' || c == '\\')
				goto done;
			p += 2;
		}
		if (c < 0x20 || c == 0x7f || c == '\\')
			goto done;
		hb_buf_putc(&b, (char)c);
	}
	if (b.overflow)
		goto done;
	if (b.len == 0 || b.data[b.len - 1] == '/')
		hb_buf_puts(&b, "index.html");
	/* Decoded, so "%2e%2e" is "..": no empty, "." or ".." segment,
	 * no leading '/'. */
	if (!hb_output_path_ok(hb_buf_str(&b)))
		goto done;
	*out = hb_buf_detach(&b);
	rc = 0;
done:
	hb_buf_fini(&b);
	return rc;
}

static const struct {
	const char *ext, *type;
} types[] = {
	{ "html", "text/html; charset=utf-8" },
	{ "htm", "text/html; charset=utf-8" },
	{ "css", "text/css; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" },
	{ "mjs", "text/javascript; charset=utf-8" },
	{ "json", "application/json; charset=utf-8" },
	{ "xml", "application/xml; charset=utf-8" },
	{ "svg", "image/svg+xml; charset=utf-8" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "md", "text/plain; charset=utf-8" },
	{ "markdown", "text/plain; charset=utf-8" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "gif", "image/gif" },
	{ "webp", "image/webp" },
	{ "avif", "image/avif" },
	{ "ico", "image/x-icon" },
	{ "woff", "font/woff" },
	{ "woff2", "font/woff2" },
	{ "pdf", "application/pdf" },
};

const char *
hb_serve_content_type(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash != NULL ? slash : path, '.');
	size_t i;

	if (dot != NULL)
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcasecmp(dot + 1, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

bool
hb_serve_is_html(const char *path)
{
	return strncmp(hb_serve_content_type(path), "text/html", 9) == 0;
}

/* Offset of the first (last: from the end) case-insensitive match of
 * needle in s[0..n), or n. */
static size_t
find_ci(const char *s, size_t n, const char *needle, bool last)
{
	size_t k = strlen(needle), i;

	if (n < k)
		return n;
	for (i = 0; i <= n - k; i++) {
		size_t at = last ? n - k - i : i;

		if (strncasecmp(s + at, needle, k) == 0)
			return at;
	}
	return n;
}

/* The live-reload client. Plain ES5 in one function scope: it adds no
 * globals and touches nothing of the page's own scripts. The overlay
 * text is set with textContent, so diagnostics are never parsed as
 * HTML. */
static const char script_head[] =
    "<script>/* handbook serve: live reload */(function(){"
    "var id='";
static const char script_tail[] =
    "';if(!window.EventSource)return;var box=null;"
    "function hide(){if(box&&box.parentNode)"
    "box.parentNode.removeChild(box);box=null;}"
    "function show(t){hide();box=document.createElement('div');"
    "box.id='hb-serve-errors';box.setAttribute('role','alert');"
    "box.style.cssText='position:fixed;left:0;right:0;bottom:0;"
    "max-height:60vh;overflow:auto;z-index:2147483647;margin:0;"
    "padding:12px 16px;background:#2b0b0e;color:#ffe3e3;text-align:left;"
    "font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
    "border-top:3px solid #e5484d;box-shadow:0 -4px 16px rgba(0,0,0,.4)';"
    "var x=document.createElement('button');x.type='button';"
    "x.textContent='\\u00d7';x.setAttribute('aria-label','Dismiss');"
    "x.style.cssText='float:right;background:none;border:0;color:inherit;"
    "font:20px/1 sans-serif;cursor:pointer;padding:0 4px';x.onclick=hide;"
    "var h=document.createElement('strong');h.textContent="
    "'handbook: the build failed; showing the last good version';"
    "var p=document.createElement('pre');p.style.cssText="
    "'margin:8px 0 0;white-space:pre-wrap;font:inherit;color:inherit;"
    "background:none;border:0;padding:0';p.textContent=t;"
    "box.appendChild(x);box.appendChild(h);box.appendChild(p);"
    "(document.body||document.documentElement).appendChild(box);}"
    "var es=new EventSource('" HB_SERVE_EVENTS "');"
    "es.addEventListener('reload',function(e){if(e.data!==id){"
    "es.close();location.reload();}});"
    "es.addEventListener('errors',function(e){show(e.data);});"
    "window.addEventListener('pagehide',function(){es.close();});"
    "})();</script>\n";

void
hb_serve_inject(struct hb_buf *out, const char *html, size_t n,
    const char *build, const char *base)
{
	size_t body = find_ci(html, n, "</body>", true);
	size_t head = base != NULL ? find_ci(html, n, "<head>", false) : n;

	if (head < body) {
		head += strlen("<head>");
		hb_buf_append(out, html, head);
		hb_buf_puts(out, "<base href=\"");
		hb_buf_html(out, base, strlen(base));
		hb_buf_puts(out, "\">");
	} else {
		head = 0;
	}
	hb_buf_append(out, html + head, body - head);
	hb_buf_puts(out, script_head);
	hb_buf_puts(out, build);
	hb_buf_puts(out, script_tail);
	hb_buf_append(out, html + body, n - body);
}

bool
hb_serve_is_hashed(const char *path)
{
	const char *base = strrchr(path, '/');
	const char *ext, *p;

	if (strncmp(path, "assets/", 7) != 0)
		return false;
	base = base != NULL ? base + 1 : path;
	ext = strrchr(base, '.');
	if (ext == NULL || ext == base)
		return false;
	/* "name.<8 or more hex digits>.ext" */
	for (p = ext - 1; p > base && isxdigit((unsigned char)*p) &&
	    !isupper((unsigned char)*p); p--)
		;
	return *p == '.' && ext - p - 1 >= 8;
}

/* Parses addr into *ss. Returns false when it is no address literal. */
static bool
parse_addr(const char *addr, int port, struct sockaddr_storage *ss,
    socklen_t *len, bool *loopback)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	char tmp[INET6_ADDRSTRLEN + 2];
	size_t n = strlen(addr);

	memset(ss, 0, sizeof(*ss));
	if (strcmp(addr, "localhost") == 0)
		addr = "127.0.0.1";
	if (inet_pton(AF_INET, addr, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		*len = sizeof(*in4);
		*loopback = (ntohl(in4->sin_addr.s_addr) >> 24) == 127;
		return true;
	}
	if (n >= 2 && addr[0] == '[' && addr[n - 1] == ']' &&
	    n - 2 < sizeof(tmp)) {
		memcpy(tmp, addr + 1, n - 2);
		tmp[n - 2] = '\0';
		addr = tmp;
	}
	if (inet_pton(AF_INET6, addr, &in6->sin6_addr) == 1) {
		const unsigned char *a = in6->sin6_addr.s6_addr;

		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*in6);
		*loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) ||
		    (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && a[12] == 127);
		return true;
	}
	return false;
}

bool
hb_serve_parse_addr(const char *addr, bool *loopback)
{
	struct sockaddr_storage ss;
	socklen_t len;

	return parse_addr(addr, 8000, &ss, &len, loopback);
}

/* ---- the server's state ---- */

/* A published site: what requests read. Freed when the last response
 * that borrows its bytes is gone. */
struct snap {
	struct hb_output_tree *tree;	/* NULL until a build succeeds */
	char build[48];			/* id pages compare with */
	atomic_uint refs;
};

/* One Markdown file of the content folder, as last loaded (the build
 * keeps its document). The key (inode, size, times) tells whether it
 * must be parsed again. */
struct entry {
	char *path;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
	bool stale;			/* could not stat: always reload */
};

struct server {
	const struct hb_options *o;
	const char *dir;
	int dirfd;
	/* -- main thread only -- */
	struct hb_build b;
	bool have_build;		/* b is initialised */
	bool need_history;		/* git history on the next load */
	struct entry *ents;		/* sorted by path */
	size_t nents;
	char **files;			/* every content path listed last */
	size_t nfiles;
	char **shown;			/* diagnostics printed last, sorted */
	size_t nshown;
	unsigned gen;
	unsigned long instance;
	struct hb_watcher watch;
	/* The published site's faces (site.h), for a partial rebuild
	 * (issue #12); nfaces is SIZE_MAX when there are none to trust. */
	uint64_t *faces;
	size_t nfaces;
	uint64_t face_all;
	char **loaded;			/* the paths parsed last, sorted */
	size_t nloaded;
	/* -- shared with the HTTP threads, under lock -- */
	pthread_mutex_t lock;
	struct sse *streams;		/* open event streams */
	struct snap *cur;
	char *errors;			/* the last failed build's errors */
	unsigned errgen;
	bool stopping;
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double
since_ms(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* "12:03:04": terminal lines only, never the site. */
static void
clock_text(char out[16])
{
	time_t t = time(NULL);
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(out, 16, "%H:%M:%S", &tm) == 0)
		strcpy(out, "--:--:--");
}

/* One open event stream. It is suspended (out of MHD's event loop,
 * costing no thread) while it has nothing to say; wake() resumes every
 * suspended one on news, and run_loop() for the keep-alive. */
struct sse {
	struct server *s;
	struct MHD_Connection *conn;
	struct sse *prev, *next;	/* in s->streams, under s->lock */
	bool suspended;			/* under s->lock */
	char build[48];		/* announced last */
	unsigned errgen;	/* announced last */
	bool started;
	long long ping_due;	/* now_ms() of the next keep-alive */
	struct hb_buf out;	/* bytes not sent yet */
	size_t off;
};

/* Resumes every suspended event stream (s->lock held): there is news,
 * a keep-alive is due, or the server stops. */
static void
wake(struct server *s)
{
	struct sse *c;

	for (c = s->streams; c != NULL; c = c->next) {
		if (c->suspended) {
			c->suspended = false;
			MHD_resume_connection(c->conn);
		}
	}
}

/* ---- snapshots ---- */

static struct snap *
snap_new(struct server *s, struct hb_output_tree *tree)
{
	struct snap *p = hb_xcalloc(1, sizeof(*p));

	p->tree = tree;
	snprintf(p->build, sizeof(p->build), "%lx-%u", s->instance,
	    s->gen++);
	atomic_init(&p->refs, 1);
	return p;
}

static void
snap_put(void *arg)
{
	struct snap *p = arg;

	if (p != NULL && atomic_fetch_sub(&p->refs, 1) == 1) {
		hb_output_tree_free(p->tree);
		free(p);
	}
}

static struct snap *
snap_get(struct server *s)
{
	struct snap *p;

	pthread_mutex_lock(&s->lock);
	p = s->cur;
	atomic_fetch_add(&p->refs, 1);
	pthread_mutex_unlock(&s->lock);
	return p;
}

/* Makes tree the site every request sees from now on, clears the
 * errors and tells open pages to reload. */
static void
publish(struct server *s, struct hb_output_tree *tree)
{
	struct snap *old, *p = snap_new(s, tree);

	pthread_mutex_lock(&s->lock);
	old = s->cur;
	s->cur = p;
	free(s->errors);
	s->errors = NULL;
	s->errgen++;
	wake(s);
	pthread_mutex_unlock(&s->lock);
	snap_put(old);
}

/* Replaces the published tree with one that shows the same pages
 * (the search index follows a partial rebuild): open pages are not
 * told to reload. */
static void
publish_quiet(struct server *s, struct hb_output_tree *tree)
{
	struct snap *old, *p = hb_xcalloc(1, sizeof(*p));

	p->tree = tree;
	atomic_init(&p->refs, 1);
	pthread_mutex_lock(&s->lock);
	old = s->cur;
	memcpy(p->build, old->build, sizeof(p->build));
	s->cur = p;
	pthread_mutex_unlock(&s->lock);
	snap_put(old);
}

/* Keeps the last good site and shows text (the errors) on open pages;
 * the same text again is not announced again. */
static void
publish_errors(struct server *s, char *text)
{
	pthread_mutex_lock(&s->lock);
	if (s->errors != NULL && strcmp(s->errors, text) == 0) {
		free(text);
	} else {
		free(s->errors);
		s->errors = text;
		s->errgen++;
		wake(s);
	}
	pthread_mutex_unlock(&s->lock);
}

/* ---- HTTP ---- */


/* Appends an SSE event; every line of data gets its own "data:". */
static void
sse_event(struct hb_buf *b, const char *event, const char *data)
{
	const char *p = data;

	hb_buf_printf(b, "event: %s\n", event);
	for (;;) {
		size_t n = strcspn(p, "\r\n");

		hb_buf_puts(b, "data: ");
		hb_buf_append(b, p, n);
		hb_buf_putc(b, '\n');
		p += n;
		if (*p == '\r')
			p++;
		if (*p == '\n')
			p++;
		if (*p == '\0')
			break;
	}
	hb_buf_putc(b, '\n');
}

/* Called from MHD's event loop, so it never waits: with nothing to
 * say it suspends the stream and returns 0 (no bytes yet); wake()
 * resumes it. */
static ssize_t
sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sse *c = cls;
	struct server *s = c->s;
	size_t n;

	(void)pos;
	if (c->off == c->out.len) {
		long long now = now_ms();
		bool news;

		hb_buf_reset(&c->out);
		c->off = 0;
		pthread_mutex_lock(&s->lock);
		if (s->stopping) {
			pthread_mutex_unlock(&s->lock);
			return MHD_CONTENT_READER_END_OF_STREAM;
		}
		news = strcmp(c->build, s->cur->build) != 0 ||
		    c->errgen != s->errgen;
		if (!news && c->started && now < c->ping_due) {
			c->suspended = true;
			MHD_suspend_connection(c->conn);
			pthread_mutex_unlock(&s->lock);
			return 0;
		}
		if (!c->started) {
			/* Reconnect quickly after a restart. */
			hb_buf_puts(&c->out, "retry: 500\n\n");
			c->started = true;
		}
		if (news && strcmp(c->build, s->cur->build) != 0) {
			snprintf(c->build, sizeof(c->build), "%s",
			    s->cur->build);
			sse_event(&c->out, "reload", c->build);
		}
		if (news && c->errgen != s->errgen) {
			c->errgen = s->errgen;
			if (s->errors != NULL)
				sse_event(&c->out, "errors", s->errors);
		}
		pthread_mutex_unlock(&s->lock);
		if (c->out.len == 0)
			hb_buf_puts(&c->out, ": ping\n\n");
		/* A second early: run_loop's wake-up may come just before. */
		c->ping_due = now + PING_SECONDS * 1000 - 1000;
	}
	n = c->out.len - c->off;
	if (n > max)
		n = max;
	memcpy(buf, c->out.data + c->off, n);
	c->off += n;
	return (ssize_t)n;
}

static void
sse_free(void *cls)
{
	struct sse *c = cls;
	struct server *s = c->s;

	pthread_mutex_lock(&s->lock);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else if (s->streams == c)
		s->streams = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&s->lock);
	hb_buf_fini(&c->out);
	free(c);
}

/* A preview: pages are always asked for again, so a reload shows the
 * new build; files named by their content's hash never change, and
 * keeping them makes a reload cheap. */
static const char no_store[] = "no-store";
static const char immutable[] = "public, max-age=31536000, immutable";

static enum MHD_Result
send_response(struct MHD_Connection *conn, unsigned status,
    struct MHD_Response *r, const char *type, const char *cache)
{
	enum MHD_Result rc;

	if (r == NULL)
		return MHD_NO;
	if (type != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	rc = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result
send_text(struct MHD_Connection *conn, unsigned status, const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);

	return send_response(conn, status, r, "text/plain; charset=utf-8",
	    no_store);
}

static enum MHD_Result
send_events(struct server *s, struct MHD_Connection *conn)
{
	struct sse *c = hb_xcalloc(1, sizeof(*c));
	struct MHD_Response *r;

	c->s = s;
	c->conn = conn;
	hb_buf_init(&c->out, HB_BUF_NOCAP);
	pthread_mutex_lock(&s->lock);
	c->next = s->streams;
	if (c->next != NULL)
		c->next->prev = c;
	s->streams = c;
	pthread_mutex_unlock(&s->lock);
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
	    sse_read, c, sse_free);
	if (r == NULL) {
		sse_free(c);
		return MHD_NO;
	}
	return send_response(conn, MHD_HTTP_OK, r, "text/event-stream",
	    no_store);
}

/* An HTML page with the live-reload script; base for a 404 page shown
 * at another path. */
static enum MHD_Result
send_page(struct MHD_Connection *conn, unsigned status, const char *html,
    size_t n, const char *build, const char *base)
{
	struct hb_buf b;
	size_t len;
	char *data;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_serve_inject(&b, html, n, build, base);
	len = b.len;
	data = hb_buf_detach(&b);
	return send_response(conn, status, MHD_create_response_from_buffer(
	    len, data, MHD_RESPMEM_MUST_FREE), "text/html; charset=utf-8",
	    no_store);
}

static const char placeholder[] =
    "<!doctype html>\n<html><head><meta charset=\"utf-8\">"
    "<title>handbook serve</title></head>\n<body>\n"
    "<p>handbook: no build has succeeded yet. This page reloads by "
    "itself once one does; the errors are shown below and in the "
    "terminal.</p>\n</body></html>\n";

static enum MHD_Result
send_file(struct server *s, struct MHD_Connection *conn, const char *url)
{
	struct snap *p = snap_get(s);
	const struct hb_output_file *f = NULL;
	enum MHD_Result rc;
	char *path = NULL;

	if (hb_serve_map_path(url, &path) != 0) {
		rc = send_text(conn, MHD_HTTP_BAD_REQUEST,
		    "400 bad request: not a path inside the site\n");
		goto done;
	}
	if (p->tree == NULL) {
		rc = send_page(conn, MHD_HTTP_SERVICE_UNAVAILABLE, placeholder,
		    sizeof(placeholder) - 1, p->build, NULL);
		goto done;
	}
	f = hb_output_find(p->tree, path);
	if (f == NULL) {
		/* A folder named without its '/': redirect, so relative
		 * links in its index.html resolve. */
		struct hb_buf alt;

		hb_buf_init(&alt, HB_BUF_NOCAP);
		hb_buf_printf(&alt, "%s/index.html", path);
		if (!hb_ends_with(url, "/") && strchr(url, '?') == NULL &&
		    hb_output_find(p->tree, hb_buf_str(&alt)) != NULL) {
			struct MHD_Response *r =
			    MHD_create_response_from_buffer(0, (void *)"",
			    MHD_RESPMEM_PERSISTENT);

			hb_buf_reset(&alt);
			hb_buf_printf(&alt, "%s/", url);
			if (r != NULL)
				MHD_add_response_header(r,
				    MHD_HTTP_HEADER_LOCATION, hb_buf_str(&alt));
			rc = send_response(conn, MHD_HTTP_MOVED_PERMANENTLY, r,
			    NULL, no_store);
			hb_buf_fini(&alt);
			goto done;
		}
		hb_buf_fini(&alt);
		f = hb_output_find(p->tree, "404.html");
		if (f == NULL) {
			rc = send_text(conn, MHD_HTTP_NOT_FOUND,
			    "404 not found\n");
			goto done;
		}
		rc = send_page(conn, MHD_HTTP_NOT_FOUND, f->data, f->len,
		    p->build, "/");
		goto done;
	}
	if (hb_serve_is_html(f->path)) {
		rc = send_page(conn, MHD_HTTP_OK, f->data, f->len, p->build,
		    NULL);
		goto done;
	}
	/* Everything else straight from the snapshot, which the response
	 * keeps alive until it is sent. */
	{
		struct MHD_Response *r =
		    MHD_create_response_from_buffer_with_free_callback_cls(
		    f->len, f->data, snap_put, p);

		if (r == NULL) {
			rc = MHD_NO;
			goto done;
		}
		p = NULL;
		rc = send_response(conn, MHD_HTTP_OK, r,
		    hb_serve_content_type(f->path),
		    hb_serve_is_hashed(f->path) ? immutable : no_store);
	}
done:
	snap_put(p);
	free(path);
	return rc;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **state)
{
	struct server *s = cls;

	(void)version;
	(void)upload;
	/* The first call only announces the request (headers read). */
	if (*state == NULL) {
		*state = s;
		return MHD_YES;
	}
	if (*upload_size != 0) {
		*upload_size = 0;	/* a body is ignored */
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return send_text(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "405 only GET and HEAD\n");
	if (strcmp(url, HB_SERVE_EVENTS) == 0)
		return send_events(s, conn);
	return send_file(s, conn, url);
}

/* The raw path reaches on_request: hb_serve_map_path decodes it once,
 * after which nothing is decoded again. */
static size_t
keep_escapes(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls;
	(void)conn;
	return strlen(s);
}

/* ---- the document cache ---- */

static void
cache_clear(struct server *s)
{
	size_t i;

	for (i = 0; i < s->nents; i++)
		free(s->ents[i].path);
	free(s->ents);
	s->ents = NULL;
	s->nents = 0;
	for (i = 0; i < s->nfiles; i++)
		free(s->files[i]);
	free(s->files);
	s->files = NULL;
	s->nfiles = 0;
	for (i = 0; i < s->nloaded; i++)
		free(s->loaded[i]);
	free(s->loaded);
	s->loaded = NULL;
	s->nloaded = 0;
	free(s->faces);
	s->faces = NULL;
	s->nfaces = SIZE_MAX;
}

static bool
same_key(const struct entry *e, const struct stat *st)
{
	return !e->stale && e->dev == st->st_dev && e->ino == st->st_ino &&
	    e->size == st->st_size &&
	    e->mtime.tv_sec == st->st_mtim.tv_sec &&
	    e->mtime.tv_nsec == st->st_mtim.tv_nsec &&
	    e->ctime.tv_sec == st->st_ctim.tv_sec &&
	    e->ctime.tv_nsec == st->st_ctim.tv_nsec;
}

static void
set_key(struct entry *e, const struct stat *st, bool ok)
{
	e->stale = !ok;
	if (!ok)
		return;
	e->dev = st->st_dev;
	e->ino = st->st_ino;
	e->size = st->st_size;
	e->mtime = st->st_mtim;
	e->ctime = st->st_ctim;
}

/* True when the content folder lists exactly the paths it did last
 * time. Otherwise links and images may resolve differently, so every
 * document is rendered again. */
static bool
same_files(const struct server *s, const struct hb_filelist *l)
{
	size_t i;

	if (l->n != s->nfiles)
		return false;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].path, s->files[i]) != 0)
			return false;
	return true;
}

/* Loads the content folder (listed into s->b.files) through the build:
 * files whose key is unchanged keep their document, the others are
 * parsed again (in parallel). Returns the number of files parsed. */
static size_t
load(struct server *s)
{
	const struct hb_filelist *files = &s->b.files;
	struct entry *ne, *old = s->ents;
	char **paths, **rels;
	size_t i, j = 0, n = 0, nload = 0, nold = s->nents;
	bool keep = same_files(s, files);

	ne = hb_xcalloc(files->n + 1, sizeof(*ne));
	paths = hb_xcalloc(files->n + 1, sizeof(*paths));
	rels = hb_xcalloc(files->n + 1, sizeof(*rels));
	for (i = 0; i < files->n; i++) {
		const struct hb_file *f = &files->v[i];
		struct entry *e = &ne[n++];
		struct stat st;
		bool ok;
		int c = 1;

		if (f->kind != HB_FILE_MARKDOWN) {
			n--;
			continue;
		}
		/* Both lists are sorted by path: walk them together. */
		for (; j < nold; j++) {
			c = strcmp(old[j].path, f->path);
			if (c >= 0)
				break;
		}
		ok = fstatat(s->dirfd, f->path, &st, 0) == 0;
		if (j < nold && c == 0 && keep && ok &&
		    same_key(&old[j], &st)) {
			*e = old[j];
			old[j++].path = NULL;
			continue;
		}
		e->path = hb_xstrdup(f->path);
		set_key(e, &st, ok);
		paths[nload] = f->path;
		rels[nload] = f->rel;
		nload++;
	}
	if (nload > 0)
		hb_build_load(&s->b, paths, rels, nload);
	/* In list order, so sorted: the pages a partial rebuild writes. */
	for (i = 0; i < s->nloaded; i++)
		free(s->loaded[i]);
	free(s->loaded);
	s->loaded = hb_xcalloc(nload + 1, sizeof(*s->loaded));
	for (i = 0; i < nload; i++)
		s->loaded[i] = hb_xstrdup(paths[i]);
	s->nloaded = nload;
	/* What is left of the old keys: replaced or deleted files. */
	for (i = 0; i < nold; i++)
		free(old[i].path);
	free(old);
	s->ents = ne;
	s->nents = n;
	for (i = 0; i < s->nfiles; i++)
		free(s->files[i]);
	free(s->files);
	s->files = hb_xcalloc(files->n + 1, sizeof(*s->files));
	for (i = 0; i < files->n; i++)
		s->files[i] = hb_xstrdup(files->v[i].path);
	s->nfiles = files->n;
	free(paths);
	free(rels);
	return nload;
}

/* ---- diagnostics in the terminal and on the page ---- */

static char *
diag_key(const struct hb_diag_entry *e)
{
	struct hb_buf b;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_buf_printf(&b, "%s:%d:%d:%d:%s", e->path, e->line, e->col,
	    (int)e->sev, e->msg);
	return hb_buf_detach(&b);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Prints what is new since the last build (every error, and warnings
 * not printed before), then the summary. */
static void
print_diags(struct server *s, struct hb_diag *d)
{
	struct hb_diag show;
	char **keys = hb_xcalloc(d->n + 1, sizeof(*keys));
	size_t i;

	hb_diag_init(&show);
	for (i = 0; i < d->n; i++) {
		struct hb_diag one = { .v = &d->v[i], .n = 1, .cap = 1 };

		keys[i] = diag_key(&d->v[i]);
		if (d->v[i].sev == HB_SEV_ERROR || s->nshown == 0 ||
		    bsearch(&keys[i], s->shown, s->nshown, sizeof(*keys),
		    cmp_str) == NULL)
			hb_diag_copy(&show, &one, false);
	}
	hb_diag_print(&show, stderr, HB_DIAG_TEXT);
	hb_diag_fini(&show);
	for (i = 0; i < s->nshown; i++)
		free(s->shown[i]);
	free(s->shown);
	if (d->n > 1)
		qsort(keys, d->n, sizeof(*keys), cmp_str);
	s->shown = keys;
	s->nshown = d->n;
}

/* The errors of d as text, for the overlay. Returns owned. */
static char *
errors_text(struct hb_diag *d)
{
	struct hb_diag only;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	hb_diag_init(&only);
	hb_diag_copy(&only, d, true);
	fp = open_memstream(&text, &len);
	if (fp != NULL) {
		hb_diag_print(&only, fp, HB_DIAG_TEXT);
		hb_diag_summary(&only, fp);
		fclose(fp);
	}
	hb_diag_fini(&only);
	if (text == NULL || len == 0) {
		free(text);
		text = hb_xstrdup("the build failed (see the terminal)");
	}
	return text;
}

static void
count_line(char *buf, size_t cap, const struct hb_diag *d)
{
	size_t e = hb_diag_count(d, HB_SEV_ERROR);
	size_t w = hb_diag_count(d, HB_SEV_WARNING);

	snprintf(buf, cap, "%zu error%s, %zu warning%s", e, e == 1 ? "" : "s",
	    w, w == 1 ? "" : "s");
}

/* A build that published nothing: the terminal, then open pages. */
static void
failed(struct server *s, struct hb_diag *d, const struct timespec *t0)
{
	char when[16], counts[64];

	print_diags(s, d);
	clock_text(when);
	count_line(counts, sizeof(counts), d);
	fprintf(stderr, "%s build failed in %.0f ms (%s); %s\n", when,
	    since_ms(t0), counts, s->cur->tree != NULL ? "still serving the "
	    "last good version" : "nothing to serve until it succeeds");
	fflush(stderr);
	publish_errors(s, errors_text(d));
}

/* ---- building ---- */

/* Watches for this build's content folder and topics file; problems
 * are printed at once. */
static void
setup_watches(struct server *s, const char *content, const char *topics)
{
	hb_watch_setup(&s->watch, content, topics);
	if (s->watch.diag.n > 0) {
		hb_diag_print(&s->watch.diag, stderr, HB_DIAG_TEXT);
		hb_diag_fini(&s->watch.diag);
		hb_diag_init(&s->watch.diag);
	}
}

/* (Re)initialises the build: config, source, topics, highlighter. The
 * cached documents borrow the old topics, so they go first. Returns 0,
 * or the exit code that start-up would give (2 config, 3 internal)
 * with the reasons in s->b.diag (then finish it). */
static int
init_build(struct server *s)
{
	if (s->have_build) {
		hb_build_fini(&s->b);
		s->have_build = false;
	}
	cache_clear(s);
	if (hb_build_init(&s->b, s->o, s->dir) != 0)
		return 2;
	s->b.hl = hb_highlighter_new(&s->b.diag);
	if (s->b.hl == NULL)
		return 3;
	s->have_build = true;
	s->need_history = true;
	return 0;
}

/* The pages to write after an edit (issue #12): those of the
 * documents parsed again, when every document shows the rest of the
 * site the same face as in the published site (site.h); else NULL:
 * every page. Returns owned. */
static bool *
changed_only(struct server *s, const uint64_t *faces, uint64_t all)
{
	const struct hb_site *site = &s->b.site;
	bool *only;
	size_t i;

	if (s->cur->tree == NULL || s->nfaces != site->ndocs ||
	    all != s->face_all || (site->ndocs > 0 &&
	    memcmp(faces, s->faces, site->ndocs * sizeof(*faces)) != 0))
		return NULL;
	only = hb_xcalloc(site->ndocs + 1, sizeof(*only));
	for (i = 0; i < site->ndocs; i++)
		only[i] = bsearch(&site->docs[i]->path, s->loaded, s->nloaded,
		    sizeof(*s->loaded), cmp_str) != NULL;
	return only;
}

/* HB_SERVE_CHECK=1 (tests/sh/serve-partial.test.sh): a partial
 * rebuild must give the very files a full one gives. */
static void
check_partial(struct server *s, const struct hb_output_tree *got)
{
	struct hb_output *out = hb_output_begin_memory(&s->b.diag);
	struct hb_output_tree *want;
	size_t i;

	if (hb_build_write(&s->b, out) != 0) {
		hb_output_abort(out);
		return;
	}
	want = hb_output_take(out);
	for (i = 0; i < want->n || i < got->n; i++) {
		const struct hb_output_file *w = i < want->n ? &want->v[i] :
		    NULL, *g = i < got->n ? &got->v[i] : NULL;

		if (w == NULL || g == NULL || strcmp(w->path, g->path) != 0 ||
		    w->len != g->len || memcmp(w->data, g->data, w->len) != 0) {
			say(HB_SEV_ERROR, w != NULL ? w->path : g->path,
			    "internal: the partial rebuild differs from a "
			    "full one here");
			break;
		}
	}
	hb_output_tree_free(want);
}

/* One rebuild. Never exits: a failure keeps the last good site. */
static void
rebuild(struct server *s, unsigned what, bool first)
{
	struct hb_output *out;
	struct hb_output_tree *tree;
	struct timespec t0;
	char when[16], counts[64], part[80];
	size_t nparsed, npages, nonly = 0, i;
	double t_load, t_link, t_pub, mb;
	uint64_t *faces, all;
	bool *only = NULL;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Templates, theme or config: every page. */
	if (what & (HB_WATCH_SITE | HB_WATCH_CONFIG))
		s->nfaces = SIZE_MAX;
	if ((what & HB_WATCH_CONFIG) || !s->have_build) {
		if (init_build(s) != 0) {
			failed(s, &s->b.diag, &t0);
			hb_build_fini(&s->b);
			return;
		}
		/* The content folder or topics file may have moved. */
		setup_watches(s, s->b.content, s->b.topics_path);
	} else {
		hb_build_reset(&s->b);
	}
	/* Templates and theme: at start, after a config change, and when
	 * one of their files changed (or the last try failed). */
	if ((what & HB_WATCH_SITE) || s->b.theme == NULL) {
		if (hb_build_theme(&s->b) != 0) {
			failed(s, &s->b.diag, &t0);
			return;
		}
	}
	if (hb_build_list(&s->b) != 0) {
		failed(s, &s->b.diag, &t0);
		return;
	}
	nparsed = load(s);
	if (s->need_history) {
		s->need_history = false;
		if (hb_build_history(&s->b, false) != 0) {
			failed(s, &s->b.diag, &t0);
			return;
		}
	}
	t_load = since_ms(&t0);
	if (hb_build_link(&s->b) != 0) {
		failed(s, &s->b.diag, &t0);
		return;
	}
	hb_diag_drop_remarks(&s->b.diag);
	if (hb_diag_count(&s->b.diag, HB_SEV_ERROR) > 0) {
		failed(s, &s->b.diag, &t0);
		return;
	}
	t_link = since_ms(&t0);
	/* Every page again, in memory, was ~20 ms for the sample handbook
	 * and ~0.6 s for 10,000 questions (on an idle machine). After an
	 * edit that shows the rest of the site the same face, only the
	 * edited documents' pages and those that show the whole site are
	 * written; the rest is kept from the published site (issue #12:
	 * 300 ms for 10,000 questions). */
	faces = hb_xcalloc(s->b.site.ndocs + 1, sizeof(*faces));
	all = hb_site_faces(&s->b.site, faces);
	if (!first)
		only = changed_only(s, faces, all);
	out = hb_output_begin_memory(&s->b.diag);
	rc = only != NULL ? hb_build_write_partial(&s->b, out, only,
	    s->cur->tree) : hb_build_write(&s->b, out);
	if (rc != 0) {
		hb_output_abort(out);
		free(faces);
		free(only);
		s->nfaces = SIZE_MAX;
		failed(s, &s->b.diag, &t0);
		return;
	}
	tree = hb_output_take(out);
	for (i = 0; only != NULL && i < s->b.site.ndocs; i++)
		nonly += only[i];
	npages = tree->n;
	mb = (double)tree->bytes / 1048576.0;
	publish(s, tree);
	t_pub = since_ms(&t0);
	/* The search index after the reload (a partial write kept the
	 * old one): the same pages with the new index. */
	if (only != NULL) {
		out = hb_output_begin_memory(&s->b.diag);
		if (hb_build_write_search(&s->b, out) != 0) {
			hb_output_abort(out);
		} else {
			hb_output_keep_rest(out, tree, HB_SEARCH_DIR, NULL);
			tree = hb_output_take(out);
			if (getenv("HB_SERVE_CHECK") != NULL)
				check_partial(s, tree);
			publish_quiet(s, tree);
		}
	}
	part[0] = '\0';
	if (only != NULL)
		snprintf(part, sizeof(part), "; kept but for %zu document%s, "
		    "search index %.0f ms later", nonly, nonly == 1 ? "" : "s",
		    since_ms(&t0) - t_pub);
	free(only);
	free(s->faces);
	s->faces = faces;
	s->nfaces = s->b.site.ndocs;
	s->face_all = all;
	print_diags(s, &s->b.diag);
	if (!s->o->quiet || first) {
		double total = t_pub;

		clock_text(when);
		count_line(counts, sizeof(counts), &s->b.diag);
		fprintf(stderr, "%s %s in %.0f ms (load %.0f, link %.0f, "
		    "pages %.0f): %zu document%s, %zu question%s, %zu file%s "
		    "parsed, %zu pages (%.1f MB%s); %s\n", when,
		    first ? "built" : "rebuilt", total, t_load,
		    t_link - t_load, total - t_link, s->b.site.ndocs,
		    s->b.site.ndocs == 1 ? "" : "s", s->b.site.nquestions,
		    s->b.site.nquestions == 1 ? "" : "s", nparsed,
		    nparsed == 1 ? "" : "s", npages, mb, part, counts);
		fflush(stderr);
	}
}

/* ---- start-up and the main loop ---- */

/* Binds and listens; prints why not. Returns the socket or -1 with
 * *code set (2 usage, 3 I/O). */
static int
listen_on(const char *addr, int port, bool *loopback, int *code)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1;

	if (!parse_addr(addr, port, &ss, &len, loopback)) {
		say(HB_SEV_ERROR, "", "--bind needs an IPv4 or IPv6 "
		    "address such as 127.0.0.1 or ::1, not '%s'", addr);
		*code = 2;
		return -1;
	}
	*code = 3;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		say(HB_SEV_ERROR, "", "cannot open a socket: %s",
		    strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6 && *loopback)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 ||
	    listen(fd, 64) != 0) {
		if (errno == EADDRINUSE)
			say(HB_SEV_ERROR, "", "port %d is in use; try "
			    "--port %d", port, port < 65535 ? port + 1 :
			    port - 1);
		else
			say(HB_SEV_ERROR, "", "cannot listen on %s port "
			    "%d: %s", addr, port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* http://127.0.0.1:8000/ or http://[::1]:8000/ */
static void
url_of(char *buf, size_t cap, const char *addr, int port)
{
	bool v6 = strchr(addr, ':') != NULL && addr[0] != '[';

	snprintf(buf, cap, "http://%s%s%s:%d/", v6 ? "[" : "", addr,
	    v6 ? "]" : "", port);
}

/* Waits for signals and file events; rebuilds after a quiet moment. */
static int
run_loop(struct server *s, int sfd)
{
	unsigned pending = 0;
	long long first = 0, last = 0, ping = now_ms() + PING_SECONDS * 1000;
	bool finished = false;

	for (;;) {
		struct pollfd p[2] = {
			{ sfd, POLLIN, 0 },
			{ hb_watch_fd(&s->watch), POLLIN, 0 },
		};
		int timeout;
		long long due = 0, t = now_ms();

		/* Suspended event streams wait for this loop's keep-alive. */
		if (t >= ping) {
			pthread_mutex_lock(&s->lock);
			wake(s);
			pthread_mutex_unlock(&s->lock);
			ping = t + PING_SECONDS * 1000;
		}
		timeout = (int)(ping - t);
		if (pending) {
			due = last + (finished ? SETTLE_MS : DEBOUNCE_MS);
			if (due > first + MAX_WAIT_MS)
				due = first + MAX_WAIT_MS;
			if (due - t < timeout)
				timeout = due <= t ? 0 : (int)(due - t);
		}
		if (poll(p, 2, timeout) < 0) {
			if (errno == EINTR)
				continue;
			say(HB_SEV_ERROR, "", "poll: %s",
			    strerror(errno));
			return 3;
		}
		if (p[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) < 0 && errno != EAGAIN)
				return 3;
			return 0;
		}
		if (p[1].revents & POLLIN) {
			unsigned w = hb_watch_read(&s->watch, &finished);

			if (s->watch.diag.n > 0) {
				hb_diag_print(&s->watch.diag, stderr,
				    HB_DIAG_TEXT);
				hb_diag_fini(&s->watch.diag);
				hb_diag_init(&s->watch.diag);
			}

			if (w != 0) {
				t = now_ms();
				if (pending == 0)
					first = t;
				pending |= w;
				last = t;
			}
			continue;
		}
		if (pending && now_ms() >= due) {
			rebuild(s, pending, false);
			pending = 0;
		}
	}
}

static void
server_fini(struct server *s)
{
	size_t i;

	cache_clear(s);
	if (s->have_build)
		hb_build_fini(&s->b);
	for (i = 0; i < s->nshown; i++)
		free(s->shown[i]);
	free(s->shown);
	hb_watch_fini(&s->watch);
	if (s->dirfd >= 0)
		close(s->dirfd);
	snap_put(s->cur);
	free(s->errors);
	pthread_mutex_destroy(&s->lock);
}

/* Every open stream is a descriptor: raise the soft limit to the hard
 * one, and keep the connections within it (a few dozen descriptors
 * stay for the build, the watches and the listening socket). */
static unsigned
connection_limit(void)
{
	struct rlimit rl;
	rlim_t n;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 256;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
		(void)getrlimit(RLIMIT_NOFILE, &rl);
	}
	n = rl.rlim_cur;
	if (n == RLIM_INFINITY || n > MAX_CONNECTIONS + 128)
		return MAX_CONNECTIONS;
	return n > 256 + 128 ? (unsigned)(n - 128) : 256;
}

int
hb_serve_run(const struct hb_options *o)
{
	struct server s;
	struct MHD_Daemon *d = NULL;
	sigset_t set;
	const char *addr = o->bind != NULL ? o->bind : "127.0.0.1";
	char url[128];
	bool loopback = true;
	int lfd, sfd = -1, rc = 3;
	/* One event loop (epoll) on a small pool of threads, not a thread
	 * per connection: slow clients and open reload streams cost a
	 * socket each, never a thread, so they cannot lock others out
	 * (issue #15, point 8). */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_ALLOW_SUSPEND_RESUME;
	unsigned limit;

	memset(&s, 0, sizeof(s));
	s.o = o;
	s.dir = o->dir;
	s.watch.ino = -1;
	s.dirfd = -1;
	s.instance = ((unsigned long)time(NULL) << 16) ^
	    (unsigned long)getpid();
	pthread_mutex_init(&s.lock, NULL);
	s.cur = snap_new(&s, NULL);
	s.dirfd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s.dirfd < 0) {
		say(HB_SEV_ERROR, o->dir, "cannot open: %s",
		    strerror(errno));
		rc = 2;
		goto done;
	}
	/* Bind next: a port in use is the most likely failure. */
	lfd = listen_on(addr, o->port, &loopback, &rc);
	if (lfd < 0)
		goto done;
	if (!loopback)
		say(HB_SEV_WARNING, "", "listening on %s: the "
		    "preview is reachable from the network", addr);
	/* Ctrl-C: blocked in every thread (MHD's inherit this mask) and
	 * read from a signalfd by the main loop, so no work happens in a
	 * handler. SIGPIPE stays blocked: writes return EPIPE instead. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	sigdelset(&set, SIGPIPE);
	sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0 || hb_watch_init(&s.watch, o->dir, s.dirfd) != 0) {
		say(HB_SEV_ERROR, o->dir, "cannot watch: %s",
		    strerror(errno));
		close(lfd);
		goto done;
	}
	limit = connection_limit();
	d = MHD_start_daemon(flags | (addr[0] != '\0' &&
	    strchr(addr, ':') != NULL ? MHD_USE_IPv6 : 0), 0, NULL, NULL,
	    on_request, &s,
	    MHD_OPTION_LISTEN_SOCKET, lfd,
	    MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)POOL_THREADS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_SECONDS,
	    MHD_OPTION_CONNECTION_LIMIT, limit,
	    MHD_OPTION_END);
	if (d == NULL) {
		say(HB_SEV_ERROR, "", "cannot start the HTTP server on "
		    "%s port %d", addr, o->port);
		close(lfd);
		goto done;
	}
	/* The first build; the watches start before it loads anything,
	 * so edits made meanwhile are seen. A config error here is a
	 * usage error, as in `build`. */
	rc = init_build(&s);
	if (rc != 0) {
		hb_diag_print(&s.b.diag, stderr, HB_DIAG_TEXT);
		hb_build_fini(&s.b);
		goto done;
	}
	setup_watches(&s, s.b.content, s.b.topics_path);
	rebuild(&s, 0, true);
	url_of(url, sizeof(url), addr, o->port);
	fprintf(stderr, "serving %s at %s (Ctrl-C to stop)\n",
	    s.have_build && s.b.config.title ? s.b.config.title : "Handbook",
	    url);
	fflush(stderr);
	rc = run_loop(&s, sfd);
	if (rc == 0 && !o->quiet)
		fprintf(stderr, "stopped\n");
done:
	if (d != NULL) {
		/* End the event streams (a suspended connection must be
		 * resumed before MHD stops), then stop. */
		pthread_mutex_lock(&s.lock);
		s.stopping = true;
		wake(&s);
		pthread_mutex_unlock(&s.lock);
		MHD_stop_daemon(d);
	}
	if (sfd >= 0)
		close(sfd);
	server_fini(&s);
	return rc;
}
