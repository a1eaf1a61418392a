/* Foundation: a streaming JSON writer with fixed key order (the caller's
 * order) and safe escaping: control characters, `<`, `>` and `&` (as
 * \u003c ..., so JSON and JS strings can sit anywhere in HTML),
 * U+2028/U+2029, and invalid UTF-8 (replaced by U+FFFD). The one escaper
 * for every JSON or JS string handbook writes (STYLE.md, section 6). */
#ifndef HB_JSON_H
#define HB_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define HB_JSON_MAX_DEPTH 64

struct hb_json {
	struct hb_buf out;
	int depth;
	int indent;	/* spaces per level; 0 = compact */
	bool first[HB_JSON_MAX_DEPTH];
	bool after_key;
};

/* Compact output. */
void hb_json_init(struct hb_json *j);
/* Pretty output with `indent` spaces per level. */
void hb_json_init_pretty(struct hb_json *j, int indent);
void hb_json_fini(struct hb_json *j);
/* Returns the text so far; valid until the next write or fini. */
const char *hb_json_str(const struct hb_json *j);

void hb_json_object_begin(struct hb_json *j);
void hb_json_object_end(struct hb_json *j);
void hb_json_array_begin(struct hb_json *j);
void hb_json_array_end(struct hb_json *j);
void hb_json_key(struct hb_json *j, const char *key);
/* s may be NULL, which writes null. */
void hb_json_string(struct hb_json *j, const char *s);
void hb_json_string_n(struct hb_json *j, const char *s, size_t n);
void hb_json_int(struct hb_json *j, long long v);
void hb_json_bool(struct hb_json *j, bool v);
void hb_json_null(struct hb_json *j);

/* Appends s as the body of a JSON string (no quotes) to b, escaped as
 * above: also a JavaScript string literal's body. */
void hb_json_escape(struct hb_buf *b, const char *s, size_t n);

#endif
