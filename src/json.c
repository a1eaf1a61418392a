/* Foundation: JSON writer. Keys come out in the order the caller writes
 * them, never in hash order, so output is reproducible. */
#include "json.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "str.h"

void
hb_json_init(struct hb_json *j)
{
	hb_json_init_pretty(j, 0);
}

void
hb_json_init_pretty(struct hb_json *j, int indent)
{
	hb_buf_init(&j->out, HB_BUF_NOCAP);
	j->depth = 0;
	j->indent = indent;
	j->first[0] = true;
	j->after_key = false;
}

void
hb_json_fini(struct hb_json *j)
{
	hb_buf_fini(&j->out);
}

const char *
hb_json_str(const struct hb_json *j)
{
	return hb_buf_str(&j->out);
}

static void
newline(struct hb_json *j)
{
	int i;

	if (j->indent == 0)
		return;
	hb_buf_putc(&j->out, '\n');
	for (i = 0; i < j->depth * j->indent; i++)
		hb_buf_putc(&j->out, ' ');
}

/* Writes the separator that precedes a value or a key. */
static void
before_value(struct hb_json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0) {
		if (!j->first[j->depth])
			hb_buf_putc(&j->out, ',');
		newline(j);
	}
	j->first[j->depth] = false;
}

static void
jopen(struct hb_json *j, char c)
{
	before_value(j);
	hb_buf_putc(&j->out, c);
	assert(j->depth + 1 < HB_JSON_MAX_DEPTH);
	j->depth++;
	j->first[j->depth] = true;
}

static void
jclose(struct hb_json *j, char c)
{
	bool empty = j->first[j->depth];

	assert(j->depth > 0);
	j->depth--;
	if (!empty)
		newline(j);
	hb_buf_putc(&j->out, c);
}

void
hb_json_object_begin(struct hb_json *j)
{
	jopen(j, '{');
}

void
hb_json_object_end(struct hb_json *j)
{
	jclose(j, '}');
}

void
hb_json_array_begin(struct hb_json *j)
{
	jopen(j, '[');
}

void
hb_json_array_end(struct hb_json *j)
{
	jclose(j, ']');
}

void
hb_json_key(struct hb_json *j, const char *key)
{
	before_value(j);
	hb_buf_putc(&j->out, '"');
	hb_json_escape(&j->out, key, strlen(key));
	hb_buf_puts(&j->out, j->indent ? "\": " : "\":");
	j->after_key = true;
}

void
hb_json_escape(struct hb_buf *b, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		int len;

		if (c < 0x80) {
			switch (c) {
			case '"': hb_buf_puts(b, "\\\""); break;
			case '\\': hb_buf_puts(b, "\\\\"); break;
			case '\n': hb_buf_puts(b, "\\n"); break;
			case '\r': hb_buf_puts(b, "\\r"); break;
			case '\t': hb_buf_puts(b, "\\t"); break;
			case '<':
			case '>':
			case '&':
				/* Safe in any HTML context: "</script>", "<!--"
				 * (which makes a script block swallow the page,
				 * issue #15) and "-->" cannot form. */
				hb_buf_printf(b, "\\u%04x", c);
				break;
			default:
				if (c < 0x20)
					hb_buf_printf(b, "\\u%04x", c);
				else
					hb_buf_putc(b, (char)c);
			}
			i++;
			continue;
		}
		len = hb_utf8_decode(s + i, n - i, &cp);
		if (len <= 0) {
			hb_buf_puts(b, "\\ufffd");
			i++;
			continue;
		}
		if (cp == 0x2028 || cp == 0x2029)
			hb_buf_printf(b, "\\u%04x", (unsigned)cp);
		else
			hb_buf_append(b, s + i, (size_t)len);
		i += (size_t)len;
	}
}

void
hb_json_string_n(struct hb_json *j, const char *s, size_t n)
{
	before_value(j);
	hb_buf_putc(&j->out, '"');
	hb_json_escape(&j->out, s, n);
	hb_buf_putc(&j->out, '"');
}

void
hb_json_string(struct hb_json *j, const char *s)
{
	if (s == NULL)
		hb_json_null(j);
	else
		hb_json_string_n(j, s, strlen(s));
}

void
hb_json_int(struct hb_json *j, long long v)
{
	before_value(j);
	hb_buf_printf(&j->out, "%lld", v);
}

void
hb_json_bool(struct hb_json *j, bool v)
{
	before_value(j);
	hb_buf_puts(&j->out, v ? "true" : "false");
}

void
hb_json_null(struct hb_json *j)
{
	before_value(j);
	hb_buf_puts(&j->out, "null");
}
