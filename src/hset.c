/* Foundation: string hash set with linear probing, kept at most half
 * full so probes stay short. */
#include "hset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "str.h"
#include "xalloc.h"

static uint64_t
hash(const char *s)
{
	return hb_fnv1a(HB_FNV1A_INIT, s, strlen(s));
}

void
hb_hset_init(struct hb_hset *s)
{
	memset(s, 0, sizeof(*s));
}

void
hb_hset_fini(struct hb_hset *s)
{
	free(s->slot);
	memset(s, 0, sizeof(*s));
}

bool
hb_hset_has(const struct hb_hset *s, const char *key)
{
	size_t i;

	if (s->cap == 0)
		return false;
	for (i = hash(key) & (s->cap - 1); s->slot[i] != NULL;
	    i = (i + 1) & (s->cap - 1))
		if (strcmp(s->slot[i], key) == 0)
			return true;
	return false;
}

static void
put(const char **slot, size_t cap, const char *key)
{
	size_t i;

	for (i = hash(key) & (cap - 1); slot[i] != NULL; i = (i + 1) & (cap - 1))
		;
	slot[i] = key;
}

bool
hb_hset_add(struct hb_hset *s, const char *key)
{
	if (hb_hset_has(s, key))
		return false;
	if (2 * (s->n + 1) > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64, i;
		const char **slot = hb_xcalloc(cap, sizeof(*slot));

		for (i = 0; i < s->cap; i++)
			if (s->slot[i] != NULL)
				put(slot, cap, s->slot[i]);
		free(s->slot);
		s->slot = slot;
		s->cap = cap;
	}
	put(s->slot, s->cap, key);
	s->n++;
	return true;
}
