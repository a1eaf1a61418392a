/* Foundation: media type sniffing by magic numbers (see sniff.h). The
 * table covers what browsers display or play: PNG, JPEG, GIF, WebP,
 * AVIF, BMP, ICO and SVG; MP3, AAC, Ogg, Opus, FLAC, WAV and M4A; MP4,
 * QuickTime, WebM and Matroska. */
#include "sniff.h"

#include <string.h>

static bool
at(const unsigned char *p, size_t len, size_t off, const char *magic,
    size_t n)
{
	return len >= off + n && memcmp(p + off, magic, n) == 0;
}

static void
set(struct hb_media_type *out, enum hb_media_kind kind, const char *mime,
    const char *ext)
{
	out->kind = kind;
	out->mime = mime;
	out->ext = ext;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Case-insensitive search for an ASCII needle (lowercase). */
static bool
has_ci(const unsigned char *p, size_t len, const char *needle)
{
	size_t n = strlen(needle), i, k;

	if (n == 0 || len < n)
		return false;
	for (i = 0; i + n <= len; i++) {
		if (lower(p[i]) != needle[0])
			continue;
		for (k = 1; k < n && lower(p[i + k]) == needle[k]; k++)
			;
		if (k == n)
			return true;
	}
	return false;
}

static bool
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool
is_alpha(int c)
{
	c = lower(c);
	return c >= 'a' && c <= 'z';
}

/* An attribute like ` onload =` anywhere: an event handler. */
static bool
has_handler(const unsigned char *p, size_t len)
{
	size_t i, k;

	for (i = 0; i + 3 < len; i++) {
		if (!is_space(p[i]) && p[i] != '/' && p[i] != '"' &&
		    p[i] != '\'')
			continue;
		if (lower(p[i + 1]) != 'o' || lower(p[i + 2]) != 'n')
			continue;
		k = i + 3;
		if (k >= len || !is_alpha(p[k]))
			continue;
		while (k < len && (is_alpha(p[k]) || p[k] == '-'))
			k++;
		while (k < len && is_space(p[k]))
			k++;
		if (k < len && p[k] == '=')
			return true;
	}
	return false;
}

/* Skips the prolog (BOM, spaces, <?xml ?>, comments, <!DOCTYPE>) and
 * says whether the first element is <svg>. Linear: every step moves
 * forward. */
static bool
starts_svg(const unsigned char *p, size_t len)
{
	size_t i = 0;

	if (at(p, len, 0, "\xef\xbb\xbf", 3))
		i = 3;
	for (;;) {
		const unsigned char *e;

		while (i < len && is_space(p[i]))
			i++;
		if (at(p, len, i, "<?", 2)) {
			e = memchr(p + i, '>', len - i);
			if (e == NULL)
				return false;
			i = (size_t)(e - p) + 1;
		} else if (at(p, len, i, "<!--", 4)) {
			size_t k;

			for (k = i + 4; k + 3 <= len; k++)
				if (memcmp(p + k, "-->", 3) == 0)
					break;
			if (k + 3 > len)
				return false;
			i = k + 3;
		} else if (at(p, len, i, "<!", 2)) {
			e = memchr(p + i, '>', len - i);
			if (e == NULL)
				return false;
			i = (size_t)(e - p) + 1;
		} else {
			break;
		}
	}
	return len >= i + 5 && p[i] == '<' && lower(p[i + 1]) == 's' &&
	    lower(p[i + 2]) == 'v' && lower(p[i + 3]) == 'g' &&
	    (is_space(p[i + 4]) || p[i + 4] == '>' || p[i + 4] == '/');
}

/* ISO base media files (MP4, M4A, QuickTime, AVIF): "ftyp" at 4, the
 * major brand at 8. */
static bool
iso_bmff(const unsigned char *p, size_t len, struct hb_media_type *out)
{
	char brand[5];

	if (!at(p, len, 4, "ftyp", 4) || len < 12)
		return false;
	memcpy(brand, p + 8, 4);
	brand[4] = '\0';
	if (strcmp(brand, "avif") == 0 || strcmp(brand, "avis") == 0)
		set(out, HB_MEDIA_IMAGE, "image/avif", "avif");
	else if (strcmp(brand, "M4A ") == 0 || strcmp(brand, "M4B ") == 0)
		set(out, HB_MEDIA_AUDIO, "audio/mp4", "m4a");
	else if (strcmp(brand, "qt  ") == 0)
		set(out, HB_MEDIA_VIDEO, "video/quicktime", "mov");
	else if (strcmp(brand, "heic") == 0 || strcmp(brand, "heix") == 0 ||
	    strcmp(brand, "mif1") == 0)
		return false;	/* no browser shows HEIC */
	else
		set(out, HB_MEDIA_VIDEO, "video/mp4", "mp4");
	return true;
}

bool
hb_sniff_media(const void *data, size_t len, struct hb_media_type *out,
    const char **why)
{
	const unsigned char *p = data;
	const char *reason = "not an image, audio or video file";

	memset(out, 0, sizeof(*out));
	if (p == NULL || len < 4)
		goto no;
	if (at(p, len, 0, "\x89PNG\r\n\x1a\n", 8))
		set(out, HB_MEDIA_IMAGE, "image/png", "png");
	else if (at(p, len, 0, "\xff\xd8\xff", 3))
		set(out, HB_MEDIA_IMAGE, "image/jpeg", "jpg");
	else if (at(p, len, 0, "GIF87a", 6) || at(p, len, 0, "GIF89a", 6))
		set(out, HB_MEDIA_IMAGE, "image/gif", "gif");
	else if (at(p, len, 0, "RIFF", 4) && at(p, len, 8, "WEBP", 4))
		set(out, HB_MEDIA_IMAGE, "image/webp", "webp");
	else if (at(p, len, 0, "RIFF", 4) && at(p, len, 8, "WAVE", 4))
		set(out, HB_MEDIA_AUDIO, "audio/wav", "wav");
	else if (at(p, len, 0, "BM", 2) && len >= 18 &&
	    p[6] == 0 && p[7] == 0 && p[8] == 0 && p[9] == 0 &&
	    (p[14] == 12 || p[14] == 40 || p[14] == 52 || p[14] == 56 ||
	    p[14] == 64 || p[14] == 108 || p[14] == 124) && p[15] == 0)
		set(out, HB_MEDIA_IMAGE, "image/bmp", "bmp");
	else if (at(p, len, 0, "\0\0\1\0", 4) && len >= 6 &&
	    (p[4] | p[5]) != 0)
		set(out, HB_MEDIA_IMAGE, "image/x-icon", "ico");
	else if (at(p, len, 0, "ID3", 3))
		set(out, HB_MEDIA_AUDIO, "audio/mpeg", "mp3");
	else if (at(p, len, 0, "fLaC", 4))
		set(out, HB_MEDIA_AUDIO, "audio/flac", "flac");
	else if (at(p, len, 0, "OggS", 4)) {
		/* The first page names the codec. */
		size_t n = len < 128 ? len : 128;

		if (has_ci(p, n, "theora"))
			set(out, HB_MEDIA_VIDEO, "video/ogg", "ogv");
		else if (has_ci(p, n, "opushead"))
			set(out, HB_MEDIA_AUDIO, "audio/ogg", "opus");
		else
			set(out, HB_MEDIA_AUDIO, "audio/ogg", "ogg");
	} else if (at(p, len, 0, "\x1a\x45\xdf\xa3", 4)) {
		size_t n = len < 64 ? len : 64;

		if (has_ci(p, n, "webm"))
			set(out, HB_MEDIA_VIDEO, "video/webm", "webm");
		else
			set(out, HB_MEDIA_VIDEO, "video/x-matroska", "mkv");
	} else if (iso_bmff(p, len, out)) {
		/* set by iso_bmff */
	} else if (p[0] == 0xff && (p[1] & 0xf6) == 0xf0) {
		/* ADTS frame sync with layer 0: AAC. */
		set(out, HB_MEDIA_AUDIO, "audio/aac", "aac");
	} else if (p[0] == 0xff && (p[1] & 0xe0) == 0xe0 &&
	    (p[1] & 0x06) != 0 && (p[1] & 0x18) != 0x08 &&
	    (p[2] & 0xf0) != 0xf0) {
		/* MPEG audio frame sync, valid version, layer and
		 * bitrate: MP3 without an ID3 tag. */
		set(out, HB_MEDIA_AUDIO, "audio/mpeg", "mp3");
	} else if (starts_svg(p, len)) {
		if (has_ci(p, len, "<script") ||
		    has_ci(p, len, "<foreignobject") ||
		    has_ci(p, len, "javascript:") || has_handler(p, len)) {
			reason = "SVG with scripts or event handlers";
			goto no;
		}
		set(out, HB_MEDIA_IMAGE, "image/svg+xml", "svg");
	} else {
		goto no;
	}
	return true;
no:
	memset(out, 0, sizeof(*out));
	if (why != NULL)
		*why = reason;
	return false;
}

/* The media type of a header value, lowercased into buf without
 * parameters or spaces. */
static void
header_type(const char *ct, char *buf, size_t size)
{
	size_t i = 0;

	while (ct != NULL && is_space((unsigned char)*ct))
		ct++;
	while (ct != NULL && *ct && *ct != ';' && !is_space((unsigned char)*ct)
	    && i + 1 < size)
		buf[i++] = (char)lower((unsigned char)*ct++);
	buf[i] = '\0';
}

enum hb_media_kind
hb_sniff_header_kind(const char *content_type)
{
	char t[128];

	header_type(content_type, t, sizeof(t));
	if (strncmp(t, "image/", 6) == 0)
		return HB_MEDIA_IMAGE;
	if (strncmp(t, "audio/", 6) == 0)
		return HB_MEDIA_AUDIO;
	if (strncmp(t, "video/", 6) == 0)
		return HB_MEDIA_VIDEO;
	return HB_MEDIA_NONE;
}

bool
hb_sniff_header_ok(const char *content_type)
{
	static const char *const generic[] = {
		"", "application/octet-stream", "binary/octet-stream",
		"application/binary", "application/ogg", "application/mp4",
		"text/plain", "text/xml", "application/xml",
	};
	char t[128];
	size_t i;

	if (hb_sniff_header_kind(content_type) != HB_MEDIA_NONE)
		return true;
	header_type(content_type, t, sizeof(t));
	for (i = 0; i < sizeof(generic) / sizeof(generic[0]); i++)
		if (strcmp(t, generic[i]) == 0)
			return true;
	return false;
}
