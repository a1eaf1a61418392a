/* Stage 5 data: lifetimes and lookups of the plain model (model.h). */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "str.h"
#include "xalloc.h"

const char *
hb_layout_name(enum hb_layout l)
{
	switch (l) {
	case HB_LAYOUT_RECORD: return "record";
	case HB_LAYOUT_LIST: return "list";
	case HB_LAYOUT_SINGLE: return "single";
	case HB_LAYOUT_HEADINGS: return "headings";
	case HB_LAYOUT_GUIDE: return "guide";
	}
	return "single";
}

const char *
hb_answer_kind_name(enum hb_answer_kind k)
{
	switch (k) {
	case HB_ANSWER_CANDIDATE: return "candidate";
	case HB_ANSWER_REFERENCE: return "reference";
	case HB_ANSWER_ANSWER: return "answer";
	}
	return "answer";
}

const char *
hb_status_name(enum hb_status s)
{
	return s == HB_STATUS_ANSWERED ? "answered" : "unanswered";
}

struct hb_document *
hb_document_new(const char *path, const char *rel)
{
	struct hb_document *doc = hb_xcalloc(1, sizeof(*doc));

	hb_arena_init(&doc->arena);
	doc->path = hb_arena_strdup(&doc->arena, path);
	doc->rel = hb_arena_strdup(&doc->arena, rel);
	return doc;
}

void
hb_document_free(struct hb_document *doc)
{
	if (doc == NULL)
		return;
	hb_arena_fini(&doc->arena);
	free(doc);
}

const char *
hb_doc_slug_for(struct hb_arena *a, const char *rel)
{
	struct hb_buf b, part;
	const char *p = rel, *end = rel + strlen(rel), *dot;
	const char *r;

	dot = strrchr(rel, '.');
	if (dot != NULL && strchr(dot, '/') == NULL)
		end = dot;
	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_buf_init(&part, HB_BUF_NOCAP);
	while (p < end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		const char *stop = slash ? slash : end;

		hb_buf_reset(&part);
		hb_slugify(&part, p, (size_t)(stop - p), 64);
		if (part.len > 0) {
			if (b.len > 0)
				hb_buf_putc(&b, '-');
			hb_buf_append(&b, part.data, part.len);
		}
		p = slash ? slash + 1 : end;
	}
	hb_name_cap(&b, 0, HB_MAX_ID_BYTES);
	r = hb_arena_strndup(a, b.len ? hb_buf_str(&b) : "page", b.len ?
	    b.len : 4);
	hb_buf_fini(&b);
	hb_buf_fini(&part);
	return r;
}

void
hb_site_init(struct hb_site *s)
{
	memset(s, 0, sizeof(*s));
	hb_arena_init(&s->arena);
}

void
hb_site_add(struct hb_site *s, struct hb_document *doc)
{
	if (doc->role == HB_DOC_INTRO && doc->nquestions == 0) {
		s->intros = hb_xgrow(s->intros, &s->capintros,
		    s->nintros + 1, sizeof(*s->intros));
		s->intros[s->nintros++] = doc;
		return;
	}
	s->docs = hb_xgrow(s->docs, &s->capdocs, s->ndocs + 1,
	    sizeof(*s->docs));
	s->docs[s->ndocs++] = doc;
}

static int
cmp_doc(const void *pa, const void *pb)
{
	const struct hb_document *a = *(struct hb_document *const *)pa;
	const struct hb_document *b = *(struct hb_document *const *)pb;

	if (a->weight != b->weight)
		return a->weight < b->weight ? -1 : 1;
	return strcmp(a->path, b->path);
}

void
hb_site_sort(struct hb_site *s)
{
	if (s->ndocs > 1)
		qsort(s->docs, s->ndocs, sizeof(*s->docs), cmp_doc);
}

void
hb_site_fini(struct hb_site *s)
{
	size_t i;

	for (i = 0; i < s->ndocs; i++)
		hb_document_free(s->docs[i]);
	for (i = 0; i < s->nintros; i++)
		hb_document_free(s->intros[i]);
	hb_site_release(s);
}

void
hb_site_release(struct hb_site *s)
{
	free(s->docs);
	free(s->intros);
	free(s->by_id);
	hb_arena_fini(&s->arena);
	memset(s, 0, sizeof(*s));
}

struct hb_question *
hb_site_find(const struct hb_site *s, const char *id)
{
	size_t lo = 0, hi = s->nquestions;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, s->by_id[mid]->id);

		if (c == 0)
			return s->by_id[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

struct hb_document *
hb_site_find_rel(const struct hb_site *s, const char *rel)
{
	size_t lo = 0, hi = s->nby_rel;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(rel, s->by_rel[mid]->rel);

		if (c == 0)
			return s->by_rel[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *
hb_site_anchor(const struct hb_document *doc, const char *anchor, bool *found)
{
	size_t i;
	struct hb_buf key, k2;
	const char *r = anchor;

	*found = true;
	if (doc == NULL) {
		*found = false;
		return anchor;
	}
	for (i = 0; i < doc->nquestions; i++)
		if (doc->questions[i].id != NULL &&
		    strcmp(doc->questions[i].id, anchor) == 0)
			return anchor;
	for (i = 0; i < doc->nanchors; i++)
		if (strcmp(doc->anchors[i].id, anchor) == 0)
			return anchor;
	/* Written for another tool's anchors: compare the words. */
	hb_buf_init(&key, HB_BUF_NOCAP);
	hb_buf_init(&k2, HB_BUF_NOCAP);
	hb_anchor_key(&key, anchor);
	for (i = 0; key.len > 0 && i < doc->nanchors; i++)
		if (strcmp(doc->anchors[i].key, hb_buf_str(&key)) == 0) {
			r = doc->anchors[i].id;
			goto done;
		}
	for (i = 0; key.len > 0 && i < doc->nquestions; i++) {
		hb_buf_reset(&k2);
		hb_anchor_key(&k2, doc->questions[i].title);
		if (doc->questions[i].id != NULL &&
		    strcmp(hb_buf_str(&k2), hb_buf_str(&key)) == 0) {
			r = doc->questions[i].id;
			goto done;
		}
	}
	*found = false;
done:
	hb_buf_fini(&key);
	hb_buf_fini(&k2);
	return r;
}

const char *
hb_site_language(const struct hb_site *site)
{
	size_t cjk = 0, other = 0, i, j;

	for (i = 0; i < site->ndocs; i++)
		for (j = 0; j < site->docs[i]->nquestions; j++) {
			const char *s = site->docs[i]->questions[j].title;
			size_t n = strlen(s), p = 0;

			while (p < n) {
				uint32_t cp;
				int k = hb_utf8_decode(s + p, n - p, &cp);

				if (k <= 0) {
					p++;
					continue;
				}
				if (hb_is_cjk(cp))
					cjk++;
				else if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
					other++;
				p += (size_t)k;
			}
		}
	return cjk * 4 >= other && cjk > 0 ? "zh" : "en";
}
