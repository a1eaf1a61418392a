/* Foundation: chunked bump allocator. Large requests get a chunk of
 * their own so a 1 MB string does not waste a standard chunk. */
#include "arena.h"

#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define CHUNK_SIZE (64 * 1024)

struct hb_arena_chunk {
	struct hb_arena_chunk *next;
	size_t size;
	size_t off;
	alignas(max_align_t) unsigned char data[];
};

void
hb_arena_init(struct hb_arena *a)
{
	a->head = NULL;
	a->used = 0;
}

void
hb_arena_fini(struct hb_arena *a)
{
	struct hb_arena_chunk *c = a->head;

	while (c != NULL) {
		struct hb_arena_chunk *next = c->next;

		free(c);
		c = next;
	}
	a->head = NULL;
	a->used = 0;
}

static struct hb_arena_chunk *
chunk_new(size_t size)
{
	struct hb_arena_chunk *c = hb_xmalloc(sizeof(*c) + size);

	c->next = NULL;
	c->size = size;
	c->off = 0;
	return c;
}

void *
hb_arena_alloc(struct hb_arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	struct hb_arena_chunk *c = a->head;
	void *p;

	n = (n + align - 1) & ~(align - 1);
	if (n == 0)
		n = align;
	if (n > CHUNK_SIZE / 4) {
		/* Big block: own chunk, linked behind the current one so
		 * the current chunk keeps serving small requests. */
		struct hb_arena_chunk *big = chunk_new(n);

		if (c == NULL) {
			a->head = big;
		} else {
			big->next = c->next;
			c->next = big;
		}
		big->off = n;
		a->used += n;
		memset(big->data, 0, n);
		return big->data;
	}
	if (c == NULL || c->size - c->off < n) {
		c = chunk_new(CHUNK_SIZE);
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->off;
	c->off += n;
	a->used += n;
	memset(p, 0, n);
	return p;
}

char *
hb_arena_strndup(struct hb_arena *a, const char *s, size_t n)
{
	char *p;

	if (s == NULL)
		return NULL;
	p = hb_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
hb_arena_strdup(struct hb_arena *a, const char *s)
{
	return s == NULL ? NULL : hb_arena_strndup(a, s, strlen(s));
}

void *
hb_arena_memdup(struct hb_arena *a, const void *p, size_t n)
{
	void *q = hb_arena_alloc(a, n);

	if (n > 0)
		memcpy(q, p, n);
	return q;
}

char *
hb_arena_printf(struct hb_arena *a, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;
	char *p;

	/* Most strings fit: format once. (Measuring with a NULL buffer
	 * also tripped gcc's -Wformat-truncation under -fsanitize=undefined
	 * without -fno-sanitize-recover, issue #15.) */
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return hb_arena_strdup(a, "");
	if ((size_t)n < sizeof(small))
		return hb_arena_memdup(a, small, (size_t)n + 1);
	p = hb_arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
