/* Foundation: a bump allocator for things that live as long as their
 * owner (a document's model, a build). Nothing is freed individually;
 * hb_arena_fini() releases everything at once. Not thread-safe: each
 * document has its own arena so workers never share one. */
#ifndef HB_ARENA_H
#define HB_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct hb_arena_chunk;

struct hb_arena {
	struct hb_arena_chunk *head;
	size_t used;	/* bytes handed out, for statistics */
};

void hb_arena_init(struct hb_arena *a);
/* Frees every allocation made from a; a may be reused after init. */
void hb_arena_fini(struct hb_arena *a);

/* Returns arena-owned, zeroed memory aligned for any type. */
void *hb_arena_alloc(struct hb_arena *a, size_t n);
/* Returns arena-owned copies; NULL in gives NULL out. */
char *hb_arena_strdup(struct hb_arena *a, const char *s);
char *hb_arena_strndup(struct hb_arena *a, const char *s, size_t n);
void *hb_arena_memdup(struct hb_arena *a, const void *p, size_t n);
/* Returns an arena-owned formatted string. */
char *hb_arena_printf(struct hb_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
