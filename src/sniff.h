/* Foundation: what a downloaded file really is, from its first bytes
 * (magic numbers), never from its name or the server's word. Used by
 * remote.c (issue #14) so that an offline site only ever contains
 * images, audio and video: never HTML, scripts or styles. */
#ifndef HB_SNIFF_H
#define HB_SNIFF_H

#include <stdbool.h>
#include <stddef.h>

enum hb_media_kind {
	HB_MEDIA_NONE = 0,
	HB_MEDIA_IMAGE = 1 << 0,
	HB_MEDIA_AUDIO = 1 << 1,
	HB_MEDIA_VIDEO = 1 << 2
};

struct hb_media_type {
	enum hb_media_kind kind;
	const char *mime;	/* static, like "image/png" */
	const char *ext;	/* static, without the dot: "png" */
};

/* Identifies len bytes of data. On success fills *out (static strings)
 * and returns true. Otherwise returns false and, when why is not NULL,
 * sets *why to a static reason ("not an image, audio or video file",
 * "SVG with scripts or event handlers"). An SVG is accepted only when
 * it holds no script, event handler, foreignObject or javascript: URL;
 * the whole file is scanned, so pass all of it. */
bool hb_sniff_media(const void *data, size_t len, struct hb_media_type *out,
    const char **why);

/* The kind named by a Content-Type header value ("image/png;
 * charset=x" -> HB_MEDIA_IMAGE); HB_MEDIA_NONE for anything else. */
enum hb_media_kind hb_sniff_header_kind(const char *content_type);

/* True when a server's Content-Type is acceptable for a media file:
 * absent, image/, audio/, video/, or one of the generic types servers
 * use for any file (application/octet-stream, text/plain, text/xml for
 * SVG). HTML, scripts, styles and JSON are refused outright; the content
 * is sniffed either way. */
bool hb_sniff_header_ok(const char *content_type);

#endif
