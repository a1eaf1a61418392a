/* Foundation: string hash set and map with linear probing, kept at most
 * half full so probes stay short; unique names with -N suffixes. */
#include "hset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
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

void
hb_hmap_init(struct hb_hmap *m)
{
	memset(m, 0, sizeof(*m));
}

void
hb_hmap_fini(struct hb_hmap *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

/* The slot of key, or the empty slot where it would go. */
static size_t
map_slot(const char **key, size_t cap, const char *k)
{
	size_t i;

	for (i = hash(k) & (cap - 1); key[i] != NULL &&
	    strcmp(key[i], k) != 0; i = (i + 1) & (cap - 1))
		;
	return i;
}

size_t
hb_hmap_get(const struct hb_hmap *m, const char *key)
{
	size_t i;

	if (m->cap == 0)
		return 0;
	i = map_slot(m->key, m->cap, key);
	return m->key[i] != NULL ? m->val[i] : 0;
}

void
hb_hmap_set(struct hb_hmap *m, const char *key, size_t val)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64, k;
		const char **nk = hb_xcalloc(cap, sizeof(*nk));
		size_t *nv = hb_xcalloc(cap, sizeof(*nv));

		for (k = 0; k < m->cap; k++)
			if (m->key[k] != NULL) {
				i = map_slot(nk, cap, m->key[k]);
				nk[i] = m->key[k];
				nv[i] = m->val[k];
			}
		free(m->key);
		free(m->val);
		m->key = nk;
		m->val = nv;
		m->cap = cap;
	}
	i = map_slot(m->key, m->cap, key);
	if (m->key[i] == NULL) {
		m->key[i] = key;
		m->n++;
	}
	m->val[i] = val;
}

const char *
hb_hset_claim(struct hb_hset *taken, struct hb_hmap *next,
    struct hb_arena *a, const char *base)
{
	struct hb_buf b;
	const char *id;
	size_t k;

	if (hb_hset_add(taken, base))
		return base;
	/* Suffixes below next[base] were all taken when tried, and taken
	 * only grows: the first free one is at or after it. */
	k = hb_hmap_get(next, base);
	if (k < 2)
		k = 2;
	hb_buf_init(&b, HB_BUF_NOCAP);
	for (;; k++) {
		hb_buf_reset(&b);
		hb_buf_printf(&b, "%s-%zu", base, k);
		if (!hb_hset_has(taken, hb_buf_str(&b)))
			break;
	}
	id = hb_arena_strdup(a, hb_buf_str(&b));
	hb_buf_fini(&b);
	hb_hset_add(taken, id);
	hb_hmap_set(next, base, k + 1);
	return id;
}
