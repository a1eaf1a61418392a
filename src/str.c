/* Foundation: UTF-8 decoding, character classes for mixed Chinese and
 * English text, trimming and slugs. */
#include "str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <utf8proc.h>

#include "arena.h"
#include "buf.h"

int
hb_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	int len, i;

	if (n == 0)
		return -1;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2;
		c = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3;
		c = u[0] & 0x0f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4;
		c = u[0] & 0x07;
	} else {
		return -1;
	}
	if ((size_t)len > n)
		return -1;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (u[i] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF. */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return -1;
	*cp = c;
	return len;
}

void
hb_utf8_encode(struct hb_buf *b, uint32_t cp)
{
	char t[4];

	if (cp < 0x80) {
		t[0] = (char)cp;
		hb_buf_append(b, t, 1);
	} else if (cp < 0x800) {
		t[0] = (char)(0xc0 | (cp >> 6));
		t[1] = (char)(0x80 | (cp & 0x3f));
		hb_buf_append(b, t, 2);
	} else if (cp < 0x10000) {
		t[0] = (char)(0xe0 | (cp >> 12));
		t[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		t[2] = (char)(0x80 | (cp & 0x3f));
		hb_buf_append(b, t, 3);
	} else {
		t[0] = (char)(0xf0 | (cp >> 18));
		t[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		t[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		t[3] = (char)(0x80 | (cp & 0x3f));
		hb_buf_append(b, t, 4);
	}
}

size_t
hb_utf8_check(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		int len;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		len = hb_utf8_decode(s + i, n - i, &cp);
		if (len < 0)
			return i;
		i += (size_t)len;
	}
	return n;
}

size_t
hb_utf8_len(const char *s, size_t n)
{
	size_t i = 0, count = 0;

	while (i < n) {
		uint32_t cp;
		int len = hb_utf8_decode(s + i, n - i, &cp);

		i += len > 0 ? (size_t)len : 1;
		count++;
	}
	return count;
}

bool
hb_is_cjk(uint32_t cp)
{
	return (cp >= 0x2e80 && cp <= 0x2fdf) ||	/* radicals */
	    (cp >= 0x3040 && cp <= 0x30ff) ||		/* kana */
	    (cp >= 0x3100 && cp <= 0x31bf) ||		/* bopomofo */
	    (cp >= 0x3400 && cp <= 0x4dbf) ||		/* ext A */
	    (cp >= 0x4e00 && cp <= 0x9fff) ||		/* unified */
	    (cp >= 0xac00 && cp <= 0xd7af) ||		/* hangul */
	    (cp >= 0xf900 && cp <= 0xfaff) ||		/* compatibility */
	    (cp >= 0x20000 && cp <= 0x3134f);		/* ext B..G */
}

bool
hb_is_cjk_punct(uint32_t cp)
{
	return (cp >= 0x3000 && cp <= 0x303f) ||	/* 、。「」【】 */
	    (cp >= 0xff01 && cp <= 0xff0f) ||		/* ！＂＃..／ */
	    (cp >= 0xff1a && cp <= 0xff20) ||		/* ：；＜＝＞？＠ */
	    (cp >= 0xff3b && cp <= 0xff40) ||
	    (cp >= 0xff5b && cp <= 0xff65) ||
	    (cp >= 0xfe10 && cp <= 0xfe1f) ||		/* vertical forms */
	    (cp >= 0xfe30 && cp <= 0xfe4f);		/* CJK compat forms */
}

bool
hb_is_unicode_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\f' || cp == '\v' || cp == 0xa0 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
	    cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

bool
hb_is_punct(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 0x21 && cp <= 0x2f) || (cp >= 0x3a && cp <= 0x40) ||
		    (cp >= 0x5b && cp <= 0x60) || (cp >= 0x7b && cp <= 0x7e);
	return (cp >= 0x2010 && cp <= 0x2027) ||	/* dashes, quotes */
	    (cp >= 0x2030 && cp <= 0x205e) ||
	    cp == 0xa1 || cp == 0xa7 || cp == 0xab || cp == 0xb6 ||
	    cp == 0xb7 || cp == 0xbb || cp == 0xbf ||
	    hb_is_cjk_punct(cp);
}

uint32_t
hb_fold_width(uint32_t cp)
{
	if (cp >= 0xff01 && cp <= 0xff5e)
		return cp - 0xff01 + 0x21;
	if (cp == 0x3000)
		return ' ';
	return cp;
}

const char *
hb_trim(const char *s, size_t *n)
{
	size_t len = *n;
	uint32_t cp;
	int k;

	while (len > 0) {
		k = hb_utf8_decode(s, len, &cp);
		if (k <= 0 || !hb_is_unicode_space(cp))
			break;
		s += k;
		len -= (size_t)k;
	}
	while (len > 0) {
		/* Step back to the start of the last code point. */
		size_t start = len - 1;

		while (start > 0 && ((unsigned char)s[start] & 0xc0) == 0x80)
			start--;
		k = hb_utf8_decode(s + start, len - start, &cp);
		if (k <= 0 || !hb_is_unicode_space(cp))
			break;
		len = start;
	}
	*n = len;
	return s;
}

size_t
hb_code_span_end(const char *s, size_t n, size_t i)
{
	size_t k = i, m;

	while (k < n && s[k] == '`')
		k++;
	for (m = k; m < n; m++) {
		size_t r = m;

		if (s[m] != '`')
			continue;
		while (r < n && s[r] == '`')
			r++;
		if (r - m == k - i)
			return r;
		m = r;
	}
	return k;
}

const char *
hb_memmem(const char *s, size_t n, const char *needle, size_t m)
{
	size_t i;

	if (m == 0)
		return s;
	for (i = 0; i + m <= n; i++) {
		const char *p = memchr(s + i, needle[0], n - m + 1 - i);

		if (p == NULL)
			return NULL;
		i = (size_t)(p - s);
		if (memcmp(p, needle, m) == 0)
			return p;
	}
	return NULL;
}

bool
hb_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool
hb_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* Symbols and emoji that never belong in a slug. */
static bool
is_symbol(uint32_t cp)
{
	return (cp >= 0x2190 && cp <= 0x2bff) ||	/* arrows .. stars */
	    (cp >= 0x2500 && cp <= 0x27bf) ||
	    (cp >= 0xfe00 && cp <= 0xfe0f) ||		/* variation sel. */
	    (cp >= 0x1f000 && cp <= 0x1faff) ||		/* emoji */
	    cp == 0x200b || cp == 0x200c || cp == 0x200d || cp == 0x2060 ||
	    cp == 0xfeff || (cp >= 0x80 && cp < 0xc0);
}

void
hb_slugify(struct hb_buf *b, const char *s, size_t n, size_t max_cp)
{
	size_t start = b->len, i = 0, count = 0;
	size_t last_sep = (size_t)-1;	/* b->len before the last '-' */
	bool dash = false;

	while (i < n && count < max_cp) {
		uint32_t cp;
		int len = hb_utf8_decode(s + i, n - i, &cp);

		if (len <= 0) {
			i++;
			continue;
		}
		cp = hb_fold_width(cp);
		if (cp < 0x80) {
			if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
				/* fall through to append */
			} else if (cp >= 'A' && cp <= 'Z') {
				cp = cp - 'A' + 'a';
			} else {
				dash = true;
				i += (size_t)len;
				continue;
			}
		} else if (hb_is_punct(cp) || hb_is_unicode_space(cp) ||
		    is_symbol(cp)) {
			dash = true;
			i += (size_t)len;
			continue;
		}
		if (dash && b->len > start) {
			last_sep = b->len;
			hb_buf_putc(b, '-');
			count++;
		}
		dash = false;
		hb_utf8_encode(b, cp);
		count++;
		i += (size_t)len;
	}
	/* Cut at the last separator when the limit split a word. */
	if (count >= max_cp && i < n && last_sep != (size_t)-1 &&
	    last_sep - start >= (b->len - start) / 2)
		hb_buf_truncate(b, last_sep);
	while (b->len > start && b->data[b->len - 1] == '-')
		hb_buf_truncate(b, b->len - 1);
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
hb_strnatcmp(const char *a, const char *b)
{
	const char *a0 = a, *b0 = b;

	while (*a && *b) {
		if (is_digit(*a) && is_digit(*b)) {
			const char *ea = a, *eb = b;
			size_t la, lb;

			/* Leading zeros do not count towards the value. */
			while (*a == '0' && is_digit(a[1]))
				a++;
			while (*b == '0' && is_digit(b[1]))
				b++;
			while (is_digit(*ea))
				ea++;
			while (is_digit(*eb))
				eb++;
			la = (size_t)(ea - a);
			lb = (size_t)(eb - b);
			if (la != lb)
				return la < lb ? -1 : 1;
			for (; a < ea; a++, b++)
				if (*a != *b)
					return (unsigned char)*a <
					    (unsigned char)*b ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	if (*a != *b)
		return *a == '\0' ? -1 : 1;
	/* Equal but for leading zeros: byte order decides. */
	return strcmp(a0, b0);
}

bool
hb_strieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return *a == *b;
}

bool
hb_path_normalise(char *s, size_t *len)
{
	char *w = s;
	const char *p = s;

	while (*p) {
		const char *seg = p;
		size_t n = strcspn(p, "/");

		p += n;
		if (*p == '/')
			p++;
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			if (w == s)
				return false;
			w--;
			while (w > s && w[-1] != '/')
				w--;
			continue;
		}
		memmove(w, seg, n);
		w += n;
		if (*p || seg[n] == '/')
			*w++ = '/';
	}
	*w = '\0';
	*len = (size_t)(w - s);
	return true;
}

void
hb_anchor_key(struct hb_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' &&
		    c <= 'z'))
			hb_buf_putc(b, (char)c);
		else if (c >= 'A' && c <= 'Z')
			hb_buf_putc(b, (char)(c - 'A' + 'a'));
	}
}

int
hb_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

uint64_t
hb_fnv1a(uint64_t h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

uint32_t
hb_fnv1a32(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

void
hb_url_path(struct hb_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == '/') {
			hb_buf_putc(b, (char)c);
		} else {
			char t[3] = { '%', hex[c >> 4], hex[c & 15] };

			hb_buf_append(b, t, 3);
		}
	}
}

void
hb_name_cap(struct hb_buf *b, size_t start, size_t max)
{
	uint64_t h;
	size_t cut;

	if (b->len - start <= max || max < 10)
		return;
	h = hb_fnv1a(HB_FNV1A_INIT, b->data + start, b->len - start);
	cut = start + max - 9;
	/* Back to the first byte of a character, then before any '-'. */
	while (cut > start && ((unsigned char)b->data[cut] & 0xc0) == 0x80)
		cut--;
	while (cut > start && b->data[cut - 1] == '-')
		cut--;
	hb_buf_truncate(b, cut);
	hb_buf_printf(b, "-%08llx", (unsigned long long)(h & 0xffffffffULL));
}

const char *
hb_fold_key(struct hb_arena *a, const char *s)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n;
	char *r;
	size_t i;

	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)
	    strlen(s), &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	    UTF8PROC_CASEFOLD);
	if (n >= 0) {
		r = hb_arena_strndup(a, (const char *)out, (size_t)n);
		free(out);
		return r;
	}
	r = hb_arena_strdup(a, s);
	for (i = 0; r[i] != '\0'; i++)
		if (r[i] >= 'A' && r[i] <= 'Z')
			r[i] = (char)(r[i] - 'A' + 'a');
	return r;
}

bool
hb_url_is_web(const char *s)
{
	size_t i, host;

	if (s == NULL)
		return false;
	if (strncasecmp(s, "https://", 8) == 0)
		host = 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		host = 7;
	else
		return false;
	for (i = host; s[i] != '\0' && s[i] != '/' && s[i] != '?' &&
	    s[i] != '#'; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr(".-_:[]", c) != NULL))
			return false;
	}
	if (i == host)
		return false;
	for (; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f || strchr("\"'<>\\`", c) != NULL)
			return false;
	}
	return true;
}

void
hb_html_unescape(struct hb_buf *b, const char *s, size_t n)
{
	static const struct {
		const char *name;
		const char *text;
	} named[] = {
		{ "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" },
		{ "quot;", "\"" }, { "apos;", "'" }, { "nbsp;", "\xc2\xa0" },
	};
	size_t i = 0, k;

	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t at, rest;

		if (amp == NULL) {
			hb_buf_append(b, s + i, n - i);
			return;
		}
		at = (size_t)(amp - s);
		hb_buf_append(b, s + i, at - i);
		i = at + 1;
		rest = n - i;
		for (k = 0; k < sizeof(named) / sizeof(named[0]); k++) {
			size_t len = strlen(named[k].name);

			if (rest >= len && memcmp(s + i, named[k].name, len) == 0)
				break;
		}
		if (k < sizeof(named) / sizeof(named[0])) {
			hb_buf_puts(b, named[k].text);
			i += strlen(named[k].name);
			continue;
		}
		if (rest >= 3 && s[i] == '#') {
			bool hex = s[i + 1] == 'x' || s[i + 1] == 'X';
			size_t j = i + 1 + (hex ? 1 : 0), start = j;
			uint32_t cp = 0;

			/* At most 7 digits: no overflow, and nothing quadratic. */
			while (j < n && j - start < 7 && (hex ?
			    hb_hexval(s[j]) >= 0 : (s[j] >= '0' && s[j] <= '9'))) {
				cp = cp * (hex ? 16 : 10) + (uint32_t)(hex ?
				    hb_hexval(s[j]) : s[j] - '0');
				j++;
			}
			if (j > start && j < n && s[j] == ';' && cp > 0 &&
			    cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
				hb_utf8_encode(b, cp);
				i = j + 1;
				continue;
			}
		}
		hb_buf_putc(b, '&');
	}
}

bool
hb_iso_date(char out[24], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if ((long long)tt != t || gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		snprintf(out, 24, "1970-01-01T00:00:00Z");
		return false;
	}
	return true;
}
