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

/* Claims base under its fold key: base itself when free, else base with
 * the key's suffix (-2, -3 ...; ASCII, so it appends to base as is). */
static const char *
claim(struct hb_hset *taken, struct hb_hmap *next, struct hb_arena *a,
    const char *base)
{
	const char *key = hb_fold_key(a, base);
	const char *got = hb_hset_claim(taken, next, a, key);

	if (got == key)
		return base;
	return hb_arena_printf(a, "%s%s", base, got + strlen(key));
}

/* Gives q a free id: its base id, else base-2, base-3 ... A collision
 * is noted (shown by `check`, never an error). */
static void
derive(struct hb_document *doc, struct hb_question *q, struct hb_hset *taken,
    struct hb_hmap *next, struct hb_diag *d, const char *what)
{
	q->id = claim(taken, next, &doc->arena, q->base_id);
	if (q->id != q->base_id) {
		struct hb_pos pos = { doc->path, q->line, 0 };

		hb_diag_remark(d, &pos, "question id '%s' (%s) is taken; "
		    "this question is '%s'", q->base_id, what, q->id);
		hb_diag_explain(d, HB_EX_IDS, &pos, "'%s' (%s) was taken: "
		    "'%s'", q->base_id, what, q->id);
	}
}

/* Names are unique under their fold key (hb_fold_key): two that differ
 * only in case or Unicode normalization (NFC/NFD) are one file on macOS
 * and Windows, so a site built on Linux would lose a page there. */
int
hb_links_assign_ids(struct hb_site *site, struct hb_diag *d)
{
	struct hb_hset taken, pages;
	struct hb_hmap next, first, pnext;
	const struct hb_question **explicit = NULL;
	size_t i, j, n = 0, nexplicit = 0, cap = 0;
	int rc = 0;

	hb_hset_init(&taken);
	hb_hset_init(&pages);
	/* next, pnext: the suffix to try next per base key; first: 1 + the
	 * index in explicit[] of the question that claimed a key
	 * explicitly. */
	hb_hmap_init(&next);
	hb_hmap_init(&first);
	hb_hmap_init(&pnext);
	/* Explicit ids first: they are promises authors made. */
	for (i = 0; i < site->ndocs; i++) {
		struct hb_document *doc = site->docs[i];
		const char *key;

		/* Page names come from paths, which differ; only slugging
		 * ("a b.md", "a-b.md"), case or normalization can make two
		 * alike: the later one gets a suffix. */
		{
			const char *base = doc->slug;

			doc->slug = claim(&pages, &pnext, &doc->arena, base);
			if (doc->slug != base) {
				struct hb_pos pos = { doc->path, 0, 0 };

				hb_diag_remark(d, &pos, "page name '%s' is "
				    "taken by another file; this one is '%s'",
				    base, doc->slug);
				hb_diag_explain(d, HB_EX_IDS, &pos, "page name "
				    "'%s' was taken: '%s'", base, doc->slug);
			}
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
	/* Then ids from other tools' URL keys (a slug is unique only in
	 * its section), then ids derived from titles: both get a suffix
	 * when taken, in navigation order. */
	for (i = 0; i < site->ndocs; i++)
		for (j = 0; j < site->docs[i]->nquestions; j++) {
			struct hb_question *q = &site->docs[i]->questions[j];

			if (q->id_from_url)
				derive(site->docs[i], q, &taken, &next, d,
				    "from the page's URL");
		}
	for (i = 0; i < site->ndocs; i++)
		for (j = 0; j < site->docs[i]->nquestions; j++) {
			struct hb_question *q = &site->docs[i]->questions[j];

			if (!q->id_explicit && !q->id_from_url)
				derive(site->docs[i], q, &taken, &next, d,
				    "from its title");
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
	hb_hmap_fini(&pnext);
	free(explicit);
	return rc;
}

/* ---- redirects from old URLs (aliases, redirect_from) ---- */

/* Top-level names handbook writes: an alias may not replace them. */
static bool
ours(const char *path)
{
	static const char *const names[] = { "index.html", "404.html",
		"practice.html", "changes.html", "sitemap.xml", "feed.xml",
		"d", "q", "s", "topics", "assets", "media", "source", "v",
		NULL };
	size_t n = strcspn(path, "/"), i;

	for (i = 0; names[i] != NULL; i++)
		if (strlen(names[i]) == n && strncmp(path, names[i], n) == 0)
			return true;
	return false;
}

/* The output file for an old URL: "/old/x/" -> "old/x/index.html",
 * "/x.html" -> "x.html"; a full URL keeps its path. NULL when it cannot
 * be one (empty, "..", a query). */
static const char *
alias_file(struct hb_arena *a, const char *alias)
{
	struct hb_buf b;
	const char *p = alias, *r = NULL, *base;

	if (strstr(p, "://") != NULL) {
		p = strstr(p, "://") + 3;
		p += strcspn(p, "/");
	}
	while (*p == '/')
		p++;
	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_buf_append(&b, p, strcspn(p, "?#"));
	if (b.len == 0 || strstr(hb_buf_str(&b), "..") != NULL ||
	    strchr(hb_buf_str(&b), '\\') != NULL ||
	    !hb_path_normalise(b.data, &b.len) || b.len == 0)
		goto done;
	base = strrchr(hb_buf_str(&b), '/');
	base = base ? base + 1 : hb_buf_str(&b);
	if (!hb_ends_with(base, ".html") && !hb_ends_with(base, ".htm")) {
		if (b.data[b.len - 1] != '/')
			hb_buf_putc(&b, '/');
		hb_buf_puts(&b, "index.html");
	}
	r = hb_arena_strdup(a, hb_buf_str(&b));
done:
	hb_buf_fini(&b);
	return r;
}

struct redirect_at {
	struct hb_redirect r;
	size_t seq;		/* navigation order, for ties */
};

static int
cmp_redirect(const void *pa, const void *pb)
{
	const struct redirect_at *a = pa, *b = pb;
	int c = strcmp(a->r.from, b->r.from);

	return c != 0 ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

void
hb_links_redirects(struct hb_site *site, struct hb_diag *d)
{
	struct redirect_at *v = NULL;
	struct hb_redirect *out;
	size_t i, k, n = 0, cap = 0;

	for (i = 0; i < site->ndocs; i++) {
		const struct hb_document *doc = site->docs[i];
		/* A one-question file's permalink is its question's page. */
		const char *to = doc->nquestions == 1 && doc->layout ==
		    HB_LAYOUT_SINGLE ? hb_arena_printf(&site->arena,
		    "q/%s.html", doc->questions[0].id) :
		    hb_arena_printf(&site->arena, "d/%s.html", doc->slug);

		for (k = 0; k < doc->naliases; k++) {
			struct hb_pos pos = { doc->path, 0, 0 };
			const char *from = alias_file(&site->arena,
			    doc->aliases[k]);

			if (from == NULL || ours(from)) {
				hb_diag_warning(d, &pos, "old URL '%s' cannot "
				    "get a redirect page%s", doc->aliases[k],
				    from == NULL ? "" : " (handbook's own "
				    "pages live there)");
				continue;
			}
			v = hb_xgrow(v, &cap, n + 1, sizeof(*v));
			v[n].r.from = from;
			v[n].r.to = to;
			v[n].r.title = doc->title;
			v[n].r.doc = doc;
			v[n].seq = n;
			n++;
			hb_diag_explain(d, HB_EX_URLS, &pos, "old URL '%s': "
			    "redirect page %s -> %s", doc->aliases[k], from, to);
		}
	}
	/* By path, navigation order among equals: the first document to
	 * claim an old URL keeps it. */
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_redirect);
	out = hb_arena_alloc(&site->arena, (n + 1) * sizeof(*out));
	for (i = 0, k = 0; i < n; i++) {
		if (k > 0 && strcmp(out[k - 1].from, v[i].r.from) == 0) {
			struct hb_pos pos = { v[i].r.doc->path, 0, 0 };

			hb_diag_warning(d, &pos, "old URL '%s' is already "
			    "redirected to %s", v[i].r.from,
			    out[k - 1].doc->path);
			continue;
		}
		out[k++] = v[i].r;
	}
	site->redirects = out;
	site->nredirects = k;
	free(v);
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
				bool found;

				q = hb_site_find(site, l->anchor);
				if (q != NULL && q->doc == to)
					continue;
				/* Or any heading of the page, as other tools
				 * spell anchors. */
				(void)hb_site_anchor(to, l->anchor, &found);
				if (found)
					continue;
				hb_diag_warning(d, &pos, "no question or "
				    "heading '#%s' in %s", l->anchor, to->path);
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
