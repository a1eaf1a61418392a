/* Template stage: Mustache templates compiled once into node trees (every
 * node knows its path:line:col), linked by name into a read-only set, then
 * executed many times against a small generic value tree (struct hb_tval).
 *
 * The dialect is the official Mustache spec (interpolation, sections,
 * inverted sections, comments, partials, set delimiters and the
 * ~inheritance extension: {{<parent}}{{$block}}...{{/block}}{{/parent}}),
 * with its whitespace and standalone-line rules, minus lambdas. Handbook
 * additions, on by default:
 *
 *   - Strict names: a variable or section name that no context on the
 *     stack defines is an error at the tag's path:line:col ("unknown
 *     variable 'question.tittle'"), never an empty string. A key that is
 *     present with a null value is known and renders as nothing.
 *   - Strict linking: unknown partials and parents, recursion loops that
 *     no data can stop, text or tags other than blocks directly inside a
 *     parent tag, and blocks passed to a parent that never uses them are
 *     compile errors.
 *   - HB_TV_HTML values are trusted HTML (fragments rendered from
 *     Markdown by C code): they are written as they are, even through
 *     {{x}}. Every other string is HTML-escaped by {{x}} (& < > " ') and
 *     written raw only through {{{x}}} or {{& x}}.
 *
 * HB_TSET_LENIENT turns the strict rules off (missing names render as
 * nothing, unknown partials as nothing); only the spec test runner uses
 * it. */
#ifndef HB_TEMPLATE_H
#define HB_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hb_arena;
struct hb_buf;
struct hb_diag;

/* Limits. Nesting of sections and blocks inside one template, nesting of
 * partial and parent expansions while rendering (data-driven recursion,
 * such as a tree of nodes rendered by a partial that includes itself
 * inside a section, stops here with an error), and the length of a
 * delimiter set by {{=<% %>=}}. */
#define HB_TMPL_MAX_NESTING 64
#define HB_TMPL_MAX_CALLS 64
#define HB_TMPL_MAX_DELIM 16

/* ---- Values ------------------------------------------------------- */

enum hb_tv_kind {
	HB_TV_NULL,	/* renders as nothing; falsy */
	HB_TV_BOOL,	/* renders as true/false */
	HB_TV_INT,	/* renders in decimal; 0 is falsy */
	HB_TV_STRING,	/* escaped by {{x}}; "" is falsy */
	HB_TV_HTML,	/* trusted HTML, never escaped; "" is falsy */
	HB_TV_LIST,	/* a section iterates it; an empty list is falsy */
	HB_TV_MAP	/* a section pushes it as context; always truthy */
};

struct hb_tval;

/* One key of a map, in insertion order. */
struct hb_tval_ent {
	const char *key;	/* NUL-terminated copy owned by the arena */
	size_t klen;
	uint32_t hash;
	const struct hb_tval *val;	/* never NULL */
};

/* A value. Build values with the functions below rather than by hand:
 * maps keep a hash index beside their entries. Values are immutable once
 * a render reads them, so one tree (site-wide data, translations) may be
 * shared by many pages and threads; a value may sit in several lists or
 * maps. */
struct hb_tval {
	enum hb_tv_kind kind;
	union {
		bool b;
		long long i;
		struct {
			const char *s;
			size_t n;
		} str;	/* STRING, HTML: need not be NUL-terminated */
		struct {
			const struct hb_tval **v;
			size_t n, cap;
			struct hb_arena *a;
		} list;
		struct {
			struct hb_tval_ent *v;
			size_t n, cap;
			uint32_t *slot;	/* open addressing: entry index + 1 */
			size_t nslot;	/* a power of two, or 0 */
			struct hb_arena *a;
		} map;
	} u;
};

/* Constructors. Every value, copied string and key is allocated from the
 * arena a and is valid until hb_arena_fini(a); a list or map remembers a
 * and grows inside it. Strings are copied unless the name says _borrow,
 * in which case s must outlive every render that reads the value. A NULL
 * string gives a null value. */
struct hb_tval *hb_tval_null(struct hb_arena *a);
struct hb_tval *hb_tval_bool(struct hb_arena *a, bool b);
struct hb_tval *hb_tval_int(struct hb_arena *a, long long i);
struct hb_tval *hb_tval_str(struct hb_arena *a, const char *s);
struct hb_tval *hb_tval_strn(struct hb_arena *a, const char *s, size_t n);
struct hb_tval *hb_tval_str_borrow(struct hb_arena *a, const char *s,
    size_t n);
struct hb_tval *hb_tval_html(struct hb_arena *a, const char *s);
struct hb_tval *hb_tval_htmln(struct hb_arena *a, const char *s, size_t n);
struct hb_tval *hb_tval_html_borrow(struct hb_arena *a, const char *s,
    size_t n);
struct hb_tval *hb_tval_list(struct hb_arena *a);
struct hb_tval *hb_tval_map(struct hb_arena *a);

/* Appends v (borrowed; NULL means null) to the list l. */
void hb_tval_list_push(struct hb_tval *l, const struct hb_tval *v);

/* Sets key in the map m to v (borrowed; NULL means null), replacing an
 * earlier value of the same key in place (the key keeps its position).
 * The key is copied. The typed setters build the value in m's arena. */
void hb_tval_map_set(struct hb_tval *m, const char *key,
    const struct hb_tval *v);
void hb_tval_map_set_str(struct hb_tval *m, const char *key, const char *s);
void hb_tval_map_set_html(struct hb_tval *m, const char *key,
    const char *s);
void hb_tval_map_set_html_borrow(struct hb_tval *m, const char *key,
    const char *s, size_t n);
void hb_tval_map_set_int(struct hb_tval *m, const char *key, long long i);
void hb_tval_map_set_bool(struct hb_tval *m, const char *key, bool b);

/* Returns the value of key in m (borrowed), or NULL when m is not a map
 * or has no such key. O(1). */
const struct hb_tval *hb_tval_map_get(const struct hb_tval *m,
    const char *key);
/* Whether a section on v shows its content once or more (see the kinds
 * above); an inverted section shows its content exactly when this is
 * false. */
bool hb_tval_is_truthy(const struct hb_tval *v);

/* ---- Template sets -------------------------------------------------- */

enum hb_tset_flags {
	HB_TSET_LENIENT = 1	/* spec behaviour: missing = empty */
};

struct hb_tset;

/* Returns an owned, empty set; free it with hb_tset_free(). */
struct hb_tset *hb_tset_new(unsigned flags);
/* Frees ts and every compiled template; NULL is a no-op. */
void hb_tset_free(struct hb_tset *ts);

/* Adds the template `name` (how partials and parents refer to it, e.g.
 * "base" or "_question") with source text[0..len) and the display path
 * used in diagnostics ("templates/base.html"). All three are copied.
 * Returns 0, or -1 after reporting a name that is already in the set.
 * Must not be called after hb_tset_compile(). */
int hb_tset_add(struct hb_tset *ts, const char *name, const char *text,
    size_t len, const char *path, struct hb_diag *d);

/* Compiles every template added so far and links partials and parents,
 * reporting every error of every template (it keeps going). Returns 0,
 * or -1 after reporting at least one error. Call it once. After a
 * successful compile ts is read-only and may be rendered from several
 * threads at once. */
int hb_tset_compile(struct hb_tset *ts, struct hb_diag *d);

/* Whether the set holds a template of that name. */
bool hb_tset_has(const struct hb_tset *ts, const char *name);

/* Renders the template `name` with ctx (borrowed; NULL means an empty
 * context) as the bottom of the context stack, appending to out. Returns
 * 0, or -1 after reporting runtime errors (unknown variables, each tag
 * once per call; recursion deeper than HB_TMPL_MAX_CALLS; output cut at
 * out's size cap) at the template's path:line:col. Rendering continues
 * after an unknown variable so that one call reports all of them; out
 * then holds partial output that the caller should not publish. */
int hb_tset_render(const struct hb_tset *ts, const char *name,
    const struct hb_tval *ctx, struct hb_buf *out, struct hb_diag *d);

/* Checks templates without data (`check`): for each i, the template
 * names[i] is walked against shapes[i] (borrowed), a value that stands
 * for every context the template can get. A shape's maps hold every key
 * the real value may have, a list holds one item that stands for all of
 * its items, a map key "*" accepts any name, and a map with the key "?"
 * may be null instead (a dotted name cannot go through it). Every section and
 * inverted section is entered once, whatever the value; partials and
 * parents are expanded, a template already being expanded is not (that
 * adds no names). Reports unknown variables and maps or lists written
 * as values at the tag's path:line:col, each tag once over all the
 * names; unknown template names are skipped. Returns 0, or -1 after
 * reporting. A set that did not compile, or a lenient one, is not
 * checked. */
int hb_tset_check(const struct hb_tset *ts, const char *const *names,
    const struct hb_tval *const *shapes, size_t n, struct hb_diag *d);

/* A libFuzzer-style entry point (tests/fuzz/ wraps it): the first byte
 * chooses the flags, the rest is split at NUL bytes into the templates
 * "main", "a", "b" and "c", which are compiled and, when that works,
 * rendered against a fixed data tree with a 1 MB output cap. Never
 * crashes, leaks or loops on any input. Returns 0 when "main" compiled
 * and rendered, -1 when something failed (then at least one diagnostic
 * was reported; it aborts otherwise, so the fuzzer sees a silent
 * failure as a crash). */
int hb_template_fuzz(const unsigned char *data, size_t size);

#endif
