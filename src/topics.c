/* Stage 6: topic -> questions index over the whole site. */
#include "topics.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "xalloc.h"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
cmp_topic(const void *a, const void *b)
{
	return strcmp(((const struct hb_topic_ref *)a)->id,
	    ((const struct hb_topic_ref *)b)->id);
}

void
hb_topics_collect(struct hb_site *site)
{
	const char **ids = NULL;
	size_t nids = 0, cap = 0, i, j, k, u = 0;

	for (i = 0; i < site->ndocs; i++)
		for (j = 0; j < site->docs[i]->nquestions; j++) {
			const struct hb_question *q =
			    &site->docs[i]->questions[j];

			for (k = 0; k < q->ntopics; k++) {
				ids = hb_xgrow(ids, &cap, nids + 1,
				    sizeof(*ids));
				ids[nids++] = q->topics[k];
			}
		}
	if (nids > 1)
		qsort(ids, nids, sizeof(*ids), cmp_str);
	for (i = 0; i < nids; i++)
		if (u == 0 || strcmp(ids[u - 1], ids[i]) != 0)
			ids[u++] = ids[i];
	site->topics = hb_arena_alloc(&site->arena,
	    (u + 1) * sizeof(*site->topics));
	site->ntopics = u;
	for (i = 0; i < u; i++) {
		site->topics[i].id = hb_arena_strdup(&site->arena, ids[i]);
		site->topics[i].title = site->topics[i].id;
	}
	/* Second pass: questions per topic, in site order. */
	for (i = 0; i < site->ndocs; i++)
		for (j = 0; j < site->docs[i]->nquestions; j++) {
			struct hb_question *q = &site->docs[i]->questions[j];

			for (k = 0; k < q->ntopics; k++) {
				struct hb_topic_ref key = { q->topics[k], NULL,
					NULL, 0 };
				struct hb_topic_ref *t = bsearch(&key,
				    site->topics, u, sizeof(*site->topics),
				    cmp_topic);
				size_t n;

				if (t == NULL)
					continue;
				n = t->nquestions;
				/* Grow by doubling inside the site arena. */
				if ((n & (n - 1)) == 0) {
					struct hb_question **v = hb_arena_alloc(
					    &site->arena, (n ? 2 * n : 1) *
					    sizeof(*v));

					if (n)
						memcpy(v, t->questions,
						    n * sizeof(*v));
					t->questions = v;
				}
				t->questions[t->nquestions++] = q;
			}
		}
	free(ids);
}
