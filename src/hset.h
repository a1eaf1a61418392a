/* Foundation: a set of borrowed strings (open addressing, FNV-1a), a
 * map from borrowed strings to counts, and unique names made from them.
 * Membership only: nothing is ever emitted in hash order. */
#ifndef HB_HSET_H
#define HB_HSET_H

#include <stdbool.h>
#include <stddef.h>

struct hb_hset {
	const char **slot;	/* borrowed keys; NULL = empty */
	size_t cap;		/* power of two */
	size_t n;
};

void hb_hset_init(struct hb_hset *s);
void hb_hset_fini(struct hb_hset *s);
bool hb_hset_has(const struct hb_hset *s, const char *key);
/* Adds key (borrowed: it must outlive the set). Returns false when it
 * was already there. */
bool hb_hset_add(struct hb_hset *s, const char *key);

/* Borrowed string -> size_t (0 when absent). */
struct hb_hmap {
	const char **key;	/* borrowed keys; NULL = empty */
	size_t *val;
	size_t cap;		/* power of two */
	size_t n;
};

void hb_hmap_init(struct hb_hmap *m);
void hb_hmap_fini(struct hb_hmap *m);
size_t hb_hmap_get(const struct hb_hmap *m, const char *key);
/* Sets key (borrowed: it must outlive the map) to val. */
void hb_hmap_set(struct hb_hmap *m, const char *key, size_t val);

struct hb_arena;

/* Unique names: base itself when it is not in taken, else the first of
 * base-2, base-3 ... that is not. next remembers, per base, where the
 * last search stopped, so n claims cost O(n) in all however many share
 * a base (issue #15: 16,000 equal headings took 52 s and 4 GB when each
 * try started at -2 and allocated). The result is base or a string from
 * a; it is added to taken. base must outlive taken and next. */
const char *hb_hset_claim(struct hb_hset *taken, struct hb_hmap *next,
    struct hb_arena *a, const char *base);

#endif
