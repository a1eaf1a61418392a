/* Stage 8 (dump): the model as JSON, keys in the fixed order of
 * DESIGN.md (docs/model.md documents every field). */
#ifndef HB_DUMP_H
#define HB_DUMP_H

struct hb_site;
struct hb_buf;

/* Appends the whole site as pretty-printed JSON (2-space indent) and a
 * final newline to out. */
void hb_dump_site(const struct hb_site *s, struct hb_buf *out);

#endif
