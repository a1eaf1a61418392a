/* Foundation: a set of borrowed strings (open addressing, FNV-1a).
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

#endif
