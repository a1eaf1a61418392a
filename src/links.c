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
#include "str.h"
#include "topics.h"
#include "xalloc.h"

static int
cmp_qid(const void *pa, const void *pb)
{
	const struct hb_question *a = *(struct hb_question *const *)pa;
	const struct hb_question *b = *(struct hb_question *const *)pb;

	return strcmp(a->id, b->id);
}

/* Why an explicit id cannot name its page q/<id>.html, or NULL. What
 * build would refuse, check refuses too, at the id's line (issue #15). */
static const char *
id_problem(const char *id)
{
	size_t i;

	if (id[0] == '\0')
		return "is empty";
	if (id[0] == '.')
		return "starts with '.' (a hidden file, or a way out of q/)";
	for (i = 0; id[i] != '\0'; i++) {
		unsigned char c = (unsigned char)id[i];

		if (c == '/' || c == '\\')
			return "contains a slash (question pages are files "
			    "in q/)";
		if (c < 0x20 || c == 0x7f)
			return "contains a control character";
	}
	return NULL;
}

/* Names are unique under their fold key (hb_fold_key): two that differ
 * only in case or Unicode normalization (NFC/NFD) are one file on macOS
 * and Windows, so a site built on Linux would lose a page there. */
int
hb_links_assign_ids(struct hb_site *site, struct hb_diag *d)
{
	struct hb_hset taken, pages;
	struct hb_hmap next, first, firstpage;
	const struct hb_question **explicit = NULL;
	size_t i, j, n = 0, nexplicit = 0, cap = 0;
	int rc = 0;

	hb_hset_init(&taken);
	hb_hset_init(&pages);
	/* next: the suffix to try next per base key; first: 1 + the index
	 * in explicit[] of the question that claimed a key explicitly;
	 * firstpage: 1 + the index of the document with a page key. */
	hb_hmap_init(&next);
	hb_hmap_init(&first);
	hb_hmap_init(&firstpage);
	/* Explicit ids first: they are promises authors made. */
	for (i = 0; i < site->ndocs; i++) {
		struct hb_document *doc = site->docs[i];
		const char *key = hb_fold_key(&doc->arena, doc->slug);

		if (hb_hset_has(&pages, key)) {
			struct hb_pos pos = { doc->path, 0, 0 };
			size_t f = hb_hmap_get(&firstpage, key);
			const struct hb_document *o = site->docs[f - 1];

			if (strcmp(o->slug, doc->slug) == 0)
				hb_diag_error(d, &pos, "another document "
				    "already uses the page name '%s'; set a "
				    "different 'slug' in its front matter",
				    doc->slug);
			else
				hb_diag_error(d, &pos, "page name '%s' differs "
				    "from '%s' (%s) only in case or Unicode "
				    "normalization: one file on macOS and "
				    "Windows; set a different 'slug'",
				    doc->slug, o->slug, o->path);
			rc = -1;
		} else {
			hb_hset_add(&pages, key);
			hb_hmap_set(&firstpage, key, i + 1);
		}
		for (j = 0; j < doc->nquestions; j++) {
			struct hb_question *q = &doc->questions[j];
			struct hb_pos pos = { doc->path, q->id_line, 0 };
			const char *why;

			n++;
			if (!q->id_explicit)
				continue;
			q->id = q->base_id;
			why = id_problem(q->base_id);
			if (why != NULL) {
				hb_diag_error(d, &pos, "question id '%s' %s",
				    q->base_id, why);
				rc = -1;
				continue;
			}
			if (strlen(q->base_id) > HB_MAX_ID_BYTES) {
				/* Its page's file name must fit, and a
				 * cross-reference name it. */
				hb_diag_error(d, &pos, "question id longer than "
				    "%d bytes", HB_MAX_ID_BYTES);
				rc = -1;
				continue;
			}
			key = hb_fold_key(&doc->arena, q->base_id);
			if (hb_hset_has(&taken, key)) {
				size_t f = hb_hmap_get(&first, key);
				const struct hb_question *o =
				    f > 0 ? explicit[f - 1] : NULL;

				if (o != NULL && strcmp(o->base_id,
				    q->base_id) != 0)
					hb_diag_error(d, &pos, "question id "
					    "'%s' differs from '%s' only in "
					    "case or Unicode normalization: "
					    "one file on macOS and Windows",
					    q->base_id, o->base_id);
				else
					hb_diag_error(d, &pos, "duplicate "
					    "question id '%s'", q->base_id);
				if (o != NULL)
					hb_diag_note(d, &pos, "first used at "
					    "%s:%d; ids must be unique in the "
					    "handbook", o->doc->path,
					    o->id_line);
				rc = -1;
				continue;
			}
			explicit = hb_xgrow(explicit, &cap, nexplicit + 1,
			    sizeof(*explicit));
			explicit[nexplicit++] = q;
			hb_hset_add(&taken, key);
			hb_hmap_set(&first, key, nexplicit);
		}
	}
	/* Derived ids get a suffix while their key is taken; the suffix is
	 * ASCII, so the id is its base plus the key's suffix. */
	for (i = 0; i < site->ndocs; i++) {
		struct hb_document *doc = site->docs[i];

		for (j = 0; j < doc->nquestions; j++) {
			struct hb_question *q = &doc->questions[j];
			const char *key, *got;

			if (q->id_explicit)
				continue;
			key = hb_fold_key(&doc->arena, q->base_id);
			got = hb_hset_claim(&taken, &next, &doc->arena, key);
			q->id = got == key ? q->base_id : hb_arena_printf(
			    &doc->arena, "%s%s", q->base_id, got + strlen(key));
		}
	}
	free(site->by_id);
	site->by_id = hb_xmalloc((n + 1) * sizeof(*site->by_id));
	site->nquestions = 0;
	for (i = 0; i < site->ndocs; i++)
		for (j = 0; j < site->docs[i]->nquestions; j++) {
			struct hb_question *q = &site->docs[i]->questions[j];

			q->ordinal = site->nquestions;
			site->by_id[site->nquestions++] = q;
		}
	if (site->nquestions > 1)
		qsort(site->by_id, site->nquestions, sizeof(*site->by_id),
		    cmp_qid);
	hb_hset_fini(&taken);
	hb_hset_fini(&pages);
	hb_hmap_fini(&next);
	hb_hmap_fini(&first);
	hb_hmap_fini(&firstpage);
	free(explicit);
	return rc;
}

/* ---- checking links ---- */

/* Edit distance (bytes), bounded: returns > max as soon as it must. */
static size_t
distance(const char *a, const char *b, size_t max)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t *prev, *cur, r;

	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	prev = hb_xmalloc((lb + 1) * sizeof(*prev));
	cur = hb_xmalloc((lb + 1) * sizeof(*cur));
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		size_t best;

		cur[0] = i;
		best = cur[0];
		for (j = 1; j <= lb; j++) {
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);

			cur[j] = del < ins ? del : ins;
			if (sub < cur[j])
				cur[j] = sub;
			if (cur[j] < best)
				best = cur[j];
		}
		memcpy(prev, cur, (lb + 1) * sizeof(*prev));
		if (best > max)
			break;
	}
	r = i <= la ? max + 1 : prev[lb];
	free(prev);
	free(cur);
	return r;
}

/* Collects up to three known ids close to id into a note. */
struct near {
	const char *id[3];
	size_t dist[3];
	size_t max;
};

/* Keeps the three candidates closest to id (ties: smaller id). */
static void
near_add(struct near *n, const char *id, const char *cand)
{
	size_t dd = distance(id, cand, n->max), k, worst = 0;

	/* "what-is-gmp" for "what-is-gmp-model": a prefix is close. */
	if (dd > n->max && (hb_starts_with(cand, id) ||
	    hb_starts_with(id, cand)))
		dd = n->max;
	if (dd > n->max)
		return;
	for (k = 0; k < 3; k++) {
		if (n->id[k] == NULL) {
			n->id[k] = cand;
			n->dist[k] = dd;
			return;
		}
		if (n->dist[k] > n->dist[worst] || (n->dist[k] ==
		    n->dist[worst] && strcmp(n->id[k], n->id[worst]) > 0))
			worst = k;
	}
	if (dd < n->dist[worst] || (dd == n->dist[worst] &&
	    strcmp(cand, n->id[worst]) < 0)) {
		n->id[worst] = cand;
		n->dist[worst] = dd;
	}
}

static void
near_note(struct hb_diag *d, const struct hb_pos *pos, struct near *n,
    const char *what)
{
	size_t i, j;

	/* Closest first, then by id: deterministic. */
	for (i = 0; i < 3; i++)
		for (j = i + 1; j < 3; j++)
			if (n->id[j] != NULL && (n->id[i] == NULL ||
			    n->dist[j] < n->dist[i] || (n->dist[j] ==
			    n->dist[i] && strcmp(n->id[j], n->id[i]) < 0))) {
				const char *t = n->id[i];
				size_t dt = n->dist[i];

				n->id[i] = n->id[j];
				n->dist[i] = n->dist[j];
				n->id[j] = t;
				n->dist[j] = dt;
			}
	if (n->id[0] == NULL)
		return;
	hb_diag_note(d, pos, "known %s ids nearby: %s%s%s%s%s", what,
	    n->id[0], n->id[1] ? ", " : "", n->id[1] ? n->id[1] : "",
	    n->id[2] ? ", " : "", n->id[2] ? n->id[2] : "");
}

void
hb_links_suggest(struct hb_diag *d, const struct hb_pos *pos, const char *id,
    const char *const *cands, size_t n, const char *what)
{
	struct near nr;
	size_t i;

	memset(&nr, 0, sizeof(nr));
	nr.max = strlen(id) / 3 + 2;
	for (i = 0; i < n; i++)
		near_add(&nr, id, cands[i]);
	near_note(d, pos, &nr, what);
}

/* Suggestions compare an unknown id with every known one: a budget of
 * comparisons for the whole check keeps 40,000 unknown references to a
 * site of 16,000 questions linear (issue #15). Past it, no notes. */
#define SUGGEST_BUDGET 2000000

void
hb_links_check(const struct hb_site *site, const struct hb_topics *t,
    const char *const *drafts, size_t ndrafts, struct hb_diag *d)
{
	struct hb_hmap rels;
	struct hb_hset draft;
	size_t i, k, m, budget = SUGGEST_BUDGET;

	/* Documents by rel path (1 + index) and draft paths: one lookup
	 * per link, not a scan of the site. */
	hb_hmap_init(&rels);
	hb_hset_init(&draft);
	for (i = 0; i < site->ndocs; i++)
		if (hb_hmap_get(&rels, site->docs[i]->rel) == 0)
			hb_hmap_set(&rels, site->docs[i]->rel, i + 1);
	for (m = 0; m < ndrafts; m++)
		hb_hset_add(&draft, drafts[m]);
	for (i = 0; i < site->ndocs; i++) {
		const struct hb_document *doc = site->docs[i];

		for (k = 0; k < doc->nlinks; k++) {
			const struct hb_link *l = &doc->links[k];
			struct hb_pos pos = { doc->path, l->line, l->col };
			const struct hb_document *to = NULL;
			const struct hb_question *q;
			struct near n;
			bool suggest;

			memset(&n, 0, sizeof(n));
			n.max = l->target ? strlen(l->target) / 3 + 2 : 2;
			if (l->kind == HB_LINK_DOC && l->target != NULL) {
				size_t x = hb_hmap_get(&rels, l->target);

				to = x > 0 ? site->docs[x - 1] : NULL;
			}
			if (l->kind == HB_LINK_QUESTION &&
			    hb_site_find(site, l->target) == NULL) {
				hb_diag_warning(d, &pos, "unknown question id "
				    "'%s'", l->target);
				suggest = budget >= site->nquestions;
				if (suggest)
					budget -= site->nquestions;
				for (m = 0; suggest && m < site->nquestions;
				    m++)
					near_add(&n, l->target,
					    site->by_id[m]->id);
				near_note(d, &pos, &n, "question");
			} else if (l->kind == HB_LINK_TOPIC &&
			    hb_topics_find(t, l->target) == NULL) {
				size_t nt = t != NULL ? t->n : 0;

				hb_diag_warning(d, &pos, "unknown topic '%s'",
				    l->target);
				suggest = budget >= nt;
				if (suggest)
					budget -= nt;
				for (m = 0; suggest && m < nt; m++)
					near_add(&n, l->target, t->v[m].id);
				near_note(d, &pos, &n, "topic");
			} else if (l->kind == HB_LINK_DOC && l->target != NULL &&
			    to == NULL) {
				if (hb_hset_has(&draft, l->target))
					hb_diag_warning(d, &pos, "links to "
					    "draft content '%s', which is not "
					    "published", l->target);
			} else if (to != NULL && l->anchor != NULL &&
			    l->anchor[0] != '\0') {
				/* Ids are unique in the site: the anchor is
				 * one of to's questions when its question
				 * belongs to to. */
				q = hb_site_find(site, l->anchor);
				if (q != NULL && q->doc == to)
					continue;
				hb_diag_warning(d, &pos, "no question "
				    "'#%s' in %s", l->anchor, to->path);
				suggest = budget >= to->nquestions;
				if (suggest)
					budget -= to->nquestions;
				for (m = 0; suggest && m < to->nquestions; m++)
					near_add(&n, l->anchor,
					    to->questions[m].id);
				near_note(d, &pos, &n, "question");
			}
		}
	}
	hb_hmap_fini(&rels);
	hb_hset_fini(&draft);
}
