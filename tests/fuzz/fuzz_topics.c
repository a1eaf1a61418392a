/* libFuzzer target: a topics file (topics.h: ids, titles, aliases,
 * pcre2 patterns, related topics) read from a scratch folder, merged
 * with the built-in registry, then run over the input itself as text
 * to detect topics in. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "diag.h"
#include "rx.h"
#include "topics.h"
#include "scratch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A match lies inside the text and names a loaded topic. */
struct scan {
	const struct hb_topics *t;
	size_t n;
};

static bool
on_match(void *ctx, size_t topic, size_t start, size_t end)
{
	struct scan *s = ctx;

	if (topic >= s->t->n || start > end || end > s->n)
		__builtin_trap();
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hb_source *src;
	struct hb_topics t;
	struct hb_diag d;
	struct hb_rx_scratch *rs;
	struct scan sc;

	src = scratch_source("topics.yml", data, size);
	hb_diag_init(&d);
	hb_topics_init(&t);
	if (hb_topics_load(&t, src, "topics.yml", true, &d) == 0) {
		rs = hb_rx_scratch_new();
		sc.t = &t;
		sc.n = size;
		hb_topics_scan(&t, rs, (const char *)data, size, on_match,
		    &sc);
		hb_rx_scratch_free(rs);
	}
	hb_topics_fini(&t);
	hb_diag_fini(&d);
	hb_source_free(src);
	return 0;
}
