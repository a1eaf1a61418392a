/* handbook serve (issue #7): a live preview. Builds the site into
 * memory (never into DIR/build/site), serves it over HTTP with
 * libmicrohttpd, watches content, templates, theme, config and the
 * topics file with inotify, rebuilds what changed and tells open pages
 * to reload, or to show the build's errors, over Server-Sent Events.
 * The pure helpers below are exposed for tests/unit/test_serve.c. */
#ifndef HB_SERVE_H
#define HB_SERVE_H

#include <stdbool.h>
#include <stddef.h>

struct hb_buf;
struct hb_options;

/* The path pages open their event stream on; never a site file. */
#define HB_SERVE_EVENTS "/__handbook/events"

/* Runs `handbook serve` until SIGINT or SIGTERM. Returns the exit
 * code: 0 after a clean stop, 2 for usage or config errors at start-up,
 * 3 when the address cannot be bound (port in use) or on another I/O
 * failure. Content errors never stop the server. */
int hb_serve_run(const struct hb_options *o);

/* Maps the path of a request, as sent ("/q/a%20b.html"), to a file of
 * the site ("q/a b.html"): stops at '?' or '#', decodes %XX escapes,
 * and names "index.html" for a folder ("/", "/topics/"). Refuses, so
 * nothing outside the site is ever looked up: a path not starting with
 * '/', a malformed escape, an encoded '/' or '\' (%2f, %5c), and after
 * decoding any NUL or control byte, backslash, empty segment ("//"),
 * "." or ".." segment (so %2e%2e too). Returns 0 with *out owned
 * (free() it), or -1 (*out untouched): answer 400. */
int hb_serve_map_path(const char *url, char **out);

/* The Content-Type for a site path, from its extension (ASCII case
 * does not matter); text types carry "; charset=utf-8". Unknown types
 * are application/octet-stream. Returns a static string. */
const char *hb_serve_content_type(const char *path);

/* True when the Content-Type names an HTML page (the live-reload
 * script goes into those only). */
bool hb_serve_is_html(const char *path);

/* Appends html[0..n) to out with the live-reload script inserted before
 * the last "</body>" (at the end when there is none). build is the id
 * of the build the page comes from (letters, digits, '.', '-'): the
 * script reloads the page when the server announces another one, and
 * shows an overlay with the errors of a failed build. base, when not
 * NULL, is put in as <base href="..."> after <head> (the 404 page
 * served for a missing path in a subfolder). Borrows everything. */
void hb_serve_inject(struct hb_buf *out, const char *html, size_t n,
    const char *build, const char *base);

/* True for files named by a hash of their content under assets/
 * ("assets/site.2dc5782e.css"): their bytes never change, so browsers
 * may keep them; everything else is sent as "no-store". */
bool hb_serve_is_hashed(const char *path);

/* True when addr (an IPv4 or IPv6 literal, IPv6 optionally in
 * brackets, or "localhost") parses; *loopback tells whether it only
 * reaches this machine (127.0.0.0/8, ::1, ::ffff:127.x.x.x). */
bool hb_serve_parse_addr(const char *addr, bool *loopback);

#endif
