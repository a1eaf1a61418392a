/* Foundation: a YAML document as a small tree with positions, read with
 * libyaml. Used for handbook.yml, YAML front matter and topics.yml.
 * Aliases are refused (no billion-laughs expansion) and depth is capped. */
#ifndef HB_YML_H
#define HB_YML_H

#include <stdbool.h>
#include <stddef.h>

struct hb_arena;
struct hb_diag;

enum hb_ykind {
	HB_Y_SCALAR,
	HB_Y_SEQ,
	HB_Y_MAP
};

struct hb_ykv;

struct hb_yval {
	enum hb_ykind kind;
	int line, col;		/* 1-based, in the original file */
	const char *str;	/* scalar text */
	bool quoted;		/* scalar was quoted ("yes" stays a string) */
	struct hb_yval **items;	/* sequence */
	struct hb_ykv *kv;	/* mapping, in document order */
	size_t n;
};

struct hb_ykv {
	const char *key;
	int line, col;
	struct hb_yval *val;
};

/* Parses text (n bytes). line_offset is added to every line, so front
 * matter reports file lines. Returns an arena-owned tree, an empty map
 * for an empty document, or NULL after reporting an error at path. */
struct hb_yval *hb_yml_parse(struct hb_arena *a, struct hb_diag *d,
    const char *path, const char *text, size_t n, int line_offset);

/* Returns the value for key in a map, or NULL. Borrows m. */
struct hb_yval *hb_yml_get(const struct hb_yval *m, const char *key);
/* Scalar helpers: return 0, or -1 after reporting a typed error
 * ("'weight' must be a number") at the value's position (nothing is
 * reported when d is NULL). */
int hb_yml_bool(const struct hb_yval *v, struct hb_diag *d,
    const char *path, const char *key, bool *out);
int hb_yml_int(const struct hb_yval *v, struct hb_diag *d,
    const char *path, const char *key, long *out);
int hb_yml_str(const struct hb_yval *v, struct hb_diag *d,
    const char *path, const char *key, const char **out);
/* A string or a sequence of strings -> arena array. */
int hb_yml_strlist(struct hb_arena *a, const struct hb_yval *v,
    struct hb_diag *d, const char *path, const char *key,
    const char ***out, size_t *n);

#endif
