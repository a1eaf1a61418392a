/* Stage 6: unique question ids and document page names. Ids are stable:
 * they depend on the question's own title or explicit id and on the
 * order of documents, never on hash order. */
#include "links.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "hset.h"
#include "model.h"
#include "xalloc.h"

static int
cmp_qid(const void *pa, const void *pb)
{
	const struct hb_question *a = *(struct hb_question *const *)pa;
	const struct hb_question *b = *(struct hb_question *const *)pb;

	return strcmp(a->id, b->id);
}

/* The first question that claimed id explicitly (errors only). */
static const struct hb_question *
first_explicit(const struct hb_site *site, const char *id)
{
	size_t i, j;

	for (i = 0; i < site->ndocs; i++)
		for (j = 0; j < site->docs[i]->nquestions; j++) {
			const struct hb_question *q =
			    &site->docs[i]->questions[j];

			if (q->id_explicit && strcmp(q->base_id, id) == 0)
				return q;
		}
	return NULL;
}

int
hb_links_assign_ids(struct hb_site *site, struct hb_diag *d)
{
	struct hb_hset taken, pages;
	struct hb_buf b;
	size_t i, j, n = 0, k;
	int rc = 0;

	hb_hset_init(&taken);
	hb_hset_init(&pages);
	hb_buf_init(&b, 4096);
	/* Explicit ids first: they are promises authors made. */
	for (i = 0; i < site->ndocs; i++) {
		struct hb_document *doc = site->docs[i];

		if (hb_hset_has(&pages, doc->slug)) {
			struct hb_pos pos = { doc->path, 0, 0 };

			hb_diag_error(d, &pos, "another document already "
			    "uses the page name '%s'; set a different "
			    "'slug' in its front matter", doc->slug);
			rc = -1;
		}
		hb_hset_add(&pages, doc->slug);
		for (j = 0; j < doc->nquestions; j++) {
			struct hb_question *q = &doc->questions[j];

			n++;
			if (!q->id_explicit)
				continue;
			if (hb_hset_has(&taken, q->base_id)) {
				struct hb_pos pos = { doc->path, q->id_line, 0 };
				const struct hb_question *first =
				    first_explicit(site, q->base_id);

				hb_diag_error(d, &pos, "duplicate question id "
				    "'%s'", q->base_id);
				if (first != NULL)
					hb_diag_note(d, &pos, "first used at "
					    "%s:%d; ids must be unique in the "
					    "handbook", first->doc->path,
					    first->id_line);
				rc = -1;
			}
			q->id = q->base_id;
			hb_hset_add(&taken, q->id);
		}
	}
	for (i = 0; i < site->ndocs; i++) {
		struct hb_document *doc = site->docs[i];

		for (j = 0; j < doc->nquestions; j++) {
			struct hb_question *q = &doc->questions[j];

			if (q->id_explicit)
				continue;
			q->id = q->base_id;
			for (k = 2; hb_hset_has(&taken, q->id); k++) {
				hb_buf_reset(&b);
				hb_buf_printf(&b, "%s-%zu", q->base_id, k);
				q->id = hb_arena_strdup(&doc->arena,
				    hb_buf_str(&b));
			}
			hb_hset_add(&taken, q->id);
		}
	}
	free(site->by_id);
	site->by_id = hb_xmalloc((n + 1) * sizeof(*site->by_id));
	site->nquestions = 0;
	for (i = 0; i < site->ndocs; i++)
		for (j = 0; j < site->docs[i]->nquestions; j++)
			site->by_id[site->nquestions++] =
			    &site->docs[i]->questions[j];
	if (site->nquestions > 1)
		qsort(site->by_id, site->nquestions, sizeof(*site->by_id),
		    cmp_qid);
	hb_hset_fini(&taken);
	hb_hset_fini(&pages);
	hb_buf_fini(&b);
	return rc;
}
