/* Foundation: TOML as the same small tree yml.h gives for YAML (maps,
 * sequences, scalars with positions), for `+++` front matter and the
 * TOML configs of other tools (hugo.toml, config.toml, book.toml).
 * Covers TOML 1.0 as those files use it: key = value, bare, quoted and
 * dotted keys, [tables], [[arrays of tables]], inline tables, arrays,
 * basic, literal and multi-line strings; numbers, booleans and dates
 * are kept as their text. Depth is capped (no recursion on input). */
#ifndef HB_TOML_H
#define HB_TOML_H

#include <stddef.h>

struct hb_arena;
struct hb_diag;
struct hb_yval;

/* Parses text (n bytes); line is the file line of its first line, so
 * positions are file positions. what names the text in messages
 * ("front matter", "config"). Returns an arena-owned map, or NULL after
 * reporting "invalid TOML <what>: ..." at path:line:col. */
struct hb_yval *hb_toml_parse(struct hb_arena *a, struct hb_diag *d,
    const char *path, const char *text, size_t n, int line,
    const char *what);

#endif
