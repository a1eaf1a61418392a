/* Stage 8b (issue #14): rendered fragments with remote media -> the same
 * fragments pointing at downloaded copies, plus the files themselves for
 * assets/remote/. Runs after render and link, before the site stage; the
 * downloads themselves are remote.c's. */
#include "offline.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "html.h"
#include "model.h"
#include "output.h"
#include "source.h"
#include "str.h"
#include "xalloc.h"

#define AV (HB_MEDIA_AUDIO | HB_MEDIA_VIDEO)

struct entry {
	char *url;
	struct hb_remote_item it;
};

struct hb_offline {
	struct hb_remote_opts o;
	struct entry **v;	/* sorted by url */
	size_t n, cap;
};

/* One rendered fragment of a document (an html field of the model). */
struct frag {
	const char **html;
	struct hb_document *doc;
	int line;		/* where its Markdown starts: the fallback
				 * position of a URL */
};

/* One remote URL in a fragment: the attribute value's bytes
 * [start, end), or one candidate of a srcset. */
struct ref {
	size_t frag;
	size_t docno;		/* the document's place in the site */
	size_t start, end;
	char *url;		/* character references decoded */
	unsigned accept;
	struct entry *e;
};

struct scan {
	struct frag *frags;
	size_t nfrags, capfrags;
	struct ref *refs;
	size_t nrefs, caprefs;
	size_t docno;		/* the document being scanned */
};

struct hb_offline *
hb_offline_new(const struct hb_remote_opts *o)
{
	struct hb_offline *off = hb_xcalloc(1, sizeof(*off));

	off->o = *o;
	return off;
}

void
hb_offline_free(struct hb_offline *off)
{
	size_t i;

	if (off == NULL)
		return;
	for (i = 0; i < off->n; i++) {
		hb_remote_item_fini(&off->v[i]->it);
		free(off->v[i]->url);
		free(off->v[i]);
	}
	free(off->v);
	free(off);
}

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp((*(struct entry *const *)a)->url,
	    (*(struct entry *const *)b)->url);
}

static struct entry *
find(const struct hb_offline *off, const char *url)
{
	size_t lo = 0, hi = off->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(url, off->v[mid]->url);

		if (c == 0)
			return off->v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* ---- finding the URLs ---- */

static bool
space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool
is_remote(const char *u)
{
	return strncasecmp(u, "http://", 7) == 0 ||
	    strncasecmp(u, "https://", 8) == 0;
}

static void
add_ref(struct scan *s, size_t frag, const char *h, size_t start,
    size_t end, unsigned accept)
{
	struct hb_buf u;
	const char *t;
	size_t n;
	struct ref *r;

	hb_buf_init(&u, HB_BUF_NOCAP);
	hb_html_unescape(&u, h + start, end - start);
	n = u.len;
	t = hb_trim(hb_buf_str(&u), &n);
	if (n == 0 || !is_remote(t)) {
		hb_buf_fini(&u);
		return;
	}
	s->refs = hb_xgrow(s->refs, &s->caprefs, s->nrefs + 1,
	    sizeof(*s->refs));
	r = &s->refs[s->nrefs++];
	r->frag = frag;
	r->docno = s->docno;
	r->start = start;
	r->end = end;
	r->url = hb_xstrndup(t, n);
	r->accept = accept;
	r->e = NULL;
	hb_buf_fini(&u);
}

/* srcset="URL 1x, URL 2x": each candidate's URL is its own ref. A URL
 * is a run without spaces; commas at its end separate candidates. */
static void
add_srcset(struct scan *s, size_t frag, const char *h,
    const struct hb_html_attr *a)
{
	size_t i = a->voff, end = a->voff + a->vlen;

	while (i < end) {
		size_t us, ue;

		while (i < end && (space(h[i]) || h[i] == ','))
			i++;
		us = i;
		while (i < end && !space(h[i]))
			i++;
		ue = i;
		while (ue > us && h[ue - 1] == ',')
			ue--;
		if (ue > us)
			add_ref(s, frag, h, us, ue, HB_MEDIA_IMAGE);
		/* Descriptors run to the next comma. */
		while (i < end && h[i] != ',')
			i++;
	}
}

static void
add_attr(struct scan *s, size_t frag, const char *h,
    const struct hb_html_tok *t, const char *name, unsigned accept)
{
	const struct hb_html_attr *a = hb_html_attr(t, name);

	if (a == NULL || !a->has_value)
		return;
	if (strcmp(name, "srcset") == 0)
		add_srcset(s, frag, h, a);
	else
		add_ref(s, frag, h, a->voff, a->voff + a->vlen, accept);
}

/* Finds the media attributes of one fragment: img src/srcset, video
 * src/poster, audio src, source src/srcset. Text, code, comments and
 * scripts are never looked into. */
static void
scan_fragment(struct scan *s, size_t frag)
{
	const char *h = *s->frags[frag].html;
	struct hb_html_lexer lx;
	struct hb_html_tok t;

	hb_html_lexer_init(&lx, h, strlen(h));
	while (hb_html_next(&lx, &t)) {
		if (t.kind != HB_HTML_START)
			continue;
		if (hb_html_is(&t, "img")) {
			add_attr(s, frag, h, &t, "src", HB_MEDIA_IMAGE);
			add_attr(s, frag, h, &t, "srcset", HB_MEDIA_IMAGE);
		} else if (hb_html_is(&t, "video")) {
			add_attr(s, frag, h, &t, "src", AV);
			add_attr(s, frag, h, &t, "poster", HB_MEDIA_IMAGE);
		} else if (hb_html_is(&t, "audio")) {
			add_attr(s, frag, h, &t, "src", AV);
		} else if (hb_html_is(&t, "source")) {
			add_attr(s, frag, h, &t, "src", AV);
			add_attr(s, frag, h, &t, "srcset", HB_MEDIA_IMAGE);
		}
	}
}

static void
add_frag(struct scan *s, struct hb_document *doc, const char **html,
    int line)
{
	struct frag *f;

	if (*html == NULL || strstr(*html, "http") == NULL)
		return;
	s->frags = hb_xgrow(s->frags, &s->capfrags, s->nfrags + 1,
	    sizeof(*s->frags));
	f = &s->frags[s->nfrags++];
	f->html = html;
	f->doc = doc;
	f->line = line;
	scan_fragment(s, s->nfrags - 1);
}

/* Every html field of the model, document by document. */
static void
scan_site(struct scan *s, struct hb_site *site)
{
	size_t i, k, a;

	for (i = 0; i < site->ndocs; i++) {
		struct hb_document *doc = site->docs[i];

		s->docno = i;
		for (k = 0; k < doc->nparts; k++)
			add_frag(s, doc, &doc->parts[k].html,
			    doc->parts[k].line);
		for (k = 0; k < doc->nquestions; k++) {
			struct hb_question *q = &doc->questions[k];

			add_frag(s, doc, &q->prompt_html, q->line);
			for (a = 0; a < q->nanswers; a++)
				add_frag(s, doc, &q->answers[a].html,
				    q->answers[a].line);
			if (q->review != NULL)
				add_frag(s, doc, &q->review->html,
				    q->review->line);
		}
	}
}

/* ---- positions and warnings ---- */

/* The position of the first occurrence of needle in text, if any. */
static bool
locate(const char *text, size_t n, const char *needle, size_t m,
    struct hb_pos *pos)
{
	const char *p = m ? hb_memmem(text, n, needle, m) : NULL;
	const char *line;

	if (p == NULL)
		return false;
	pos->line = 1;
	line = text;
	for (const char *c = text; c < p; c++)
		if (*c == '\n') {
			pos->line++;
			line = c + 1;
		}
	pos->col = (int)(p - line) + 1;
	return true;
}

/* Where the author wrote the URL of r: the first place in the source
 * file where it appears as written in the HTML, or decoded; else where
 * its fragment starts. */
static void
position(const struct scan *s, const struct ref *r, const struct hb_buf *text,
    struct hb_pos *pos)
{
	const struct frag *f = &s->frags[r->frag];
	const char *h = *f->html;

	pos->path = f->doc->path;
	pos->line = f->line;
	pos->col = 1;
	if (text->data == NULL)
		return;
	if (locate(text->data, text->len, h + r->start, r->end - r->start,
	    pos) || locate(text->data, text->len, r->url, strlen(r->url), pos))
		return;
	pos->line = f->line;
	pos->col = 1;
}

static const char *
what(unsigned accept)
{
	return accept == HB_MEDIA_IMAGE ? "image" : "audio or video";
}

/* Downloaded, and of the kind its element needs. */
static bool
usable(const struct ref *r)
{
	return r->e->it.ok && (r->e->it.type.kind & r->accept) != 0;
}

/* Failed refs by document, then entry, then reading order. */
static int
cmp_failed(const void *a, const void *b)
{
	const struct ref *x = *(struct ref *const *)a;
	const struct ref *y = *(struct ref *const *)b;

	if (x->docno != y->docno)
		return x->docno < y->docno ? -1 : 1;
	if (x->e != y->e)
		return strcmp(x->e->url, y->e->url);
	return x < y ? -1 : x > y;
}

/* One warning per document and URL, at its first place in the file. */
static void
report(const struct scan *s, struct hb_source *src, struct hb_diag *d)
{
	struct hb_document *cur = NULL;
	struct ref **failed;
	struct hb_buf text;
	size_t i, n = 0;

	failed = hb_xcalloc(s->nrefs + 1, sizeof(*failed));
	for (i = 0; i < s->nrefs; i++)
		if (!usable(&s->refs[i]) || s->refs[i].e->it.stale)
			failed[n++] = &s->refs[i];
	qsort(failed, n, sizeof(*failed), cmp_failed);
	hb_buf_init(&text, (size_t)64 << 20);
	for (i = 0; i < n; i++) {
		const struct ref *r = failed[i];
		const struct frag *f = &s->frags[r->frag];
		struct hb_pos pos;

		if (i > 0 && failed[i - 1]->docno == r->docno &&
		    failed[i - 1]->e == r->e)
			continue;
		if (f->doc != cur) {
			struct hb_diag quiet;

			cur = f->doc;
			hb_buf_reset(&text);
			hb_diag_init(&quiet);
			if (src == NULL || hb_source_read(src, cur->path, &text,
			    &quiet) != 0)
				hb_buf_reset(&text);
			hb_diag_fini(&quiet);
		}
		position(s, r, &text, &pos);
		if (r->e->it.ok && !usable(r))
			hb_diag_warning(d, &pos, "remote %s '%s' not "
			    "downloaded: %s where %s is expected; the page "
			    "keeps the remote URL", what(r->accept), r->url,
			    r->e->it.type.mime, r->accept == HB_MEDIA_IMAGE ?
			    "an image" : "audio or video");
		else if (r->e->it.ok)
			hb_diag_warning(d, &pos, "remote %s '%s' was not "
			    "refreshed (%s); the cached copy is used",
			    what(r->accept), r->url, r->e->it.reason);
		else
			hb_diag_warning(d, &pos, "remote %s '%s' not "
			    "downloaded: %s; the page keeps the remote URL",
			    what(r->accept), r->url, r->e->it.reason ?
			    r->e->it.reason : "unknown error");
	}
	hb_buf_fini(&text);
	free(failed);
}

/* ---- fetching and rewriting ---- */

static int
cmp_ref_url(const void *a, const void *b)
{
	const struct ref *x = *(struct ref *const *)a;
	const struct ref *y = *(struct ref *const *)b;
	int c = strcmp(x->url, y->url);

	return c != 0 ? c : x < y ? -1 : x > y;
}

/* Makes an entry for every URL not seen before (what each accepts is
 * the union of its uses) and fetches the new ones in one batch. */
static int
fetch(struct hb_offline *off, struct scan *s, struct hb_diag *d)
{
	struct hb_remote_item *items;
	struct entry **fresh;
	struct ref **by_url;
	size_t nfresh = 0, i;
	int rc = 0;

	by_url = hb_xcalloc(s->nrefs + 1, sizeof(*by_url));
	fresh = hb_xcalloc(s->nrefs + 1, sizeof(*fresh));
	for (i = 0; i < s->nrefs; i++)
		by_url[i] = &s->refs[i];
	qsort(by_url, s->nrefs, sizeof(*by_url), cmp_ref_url);
	for (i = 0; i < s->nrefs; i++) {
		struct ref *r = by_url[i];

		if (i > 0 && strcmp(by_url[i - 1]->url, r->url) == 0) {
			r->e = by_url[i - 1]->e;
		} else if ((r->e = find(off, r->url)) == NULL) {
			r->e = hb_xcalloc(1, sizeof(*r->e));
			r->e->url = hb_xstrdup(r->url);
			r->e->it.url = r->e->url;
			fresh[nfresh++] = r->e;
		}
		/* Entries fetched by an earlier call keep their kinds. */
		if (nfresh > 0 && fresh[nfresh - 1] == r->e)
			r->e->it.accept |= r->accept;
	}
	items = hb_xcalloc(nfresh + 1, sizeof(*items));
	for (i = 0; i < nfresh; i++)
		items[i] = fresh[i]->it;
	if (nfresh > 0)
		rc = hb_remote_fetch(&off->o, items, nfresh, d);
	for (i = 0; i < nfresh; i++) {
		fresh[i]->it = items[i];
		off->v = hb_xgrow(off->v, &off->cap, off->n + 1,
		    sizeof(*off->v));
		off->v[off->n++] = fresh[i];
	}
	if (nfresh > 0)
		qsort(off->v, off->n, sizeof(*off->v), cmp_entry);
	free(items);
	free(fresh);
	free(by_url);
	return rc;
}

static int
cmp_ref(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;

	if (x->frag != y->frag)
		return x->frag < y->frag ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Rebuilds each fragment with its downloaded URLs replaced. */
static void
rewrite(struct scan *s, const char *up)
{
	struct hb_buf b;
	size_t i = 0;

	hb_buf_init(&b, HB_BUF_NOCAP);
	qsort(s->refs, s->nrefs, sizeof(*s->refs), cmp_ref);
	while (i < s->nrefs) {
		size_t fi = s->refs[i].frag, at = 0;
		const char *h = *s->frags[fi].html;
		bool changed = false;

		hb_buf_reset(&b);
		for (; i < s->nrefs && s->refs[i].frag == fi; i++) {
			const struct ref *r = &s->refs[i];

			if (!usable(r))
				continue;
			hb_buf_append(&b, h + at, r->start - at);
			hb_buf_printf(&b, "%sassets/remote/%s", up,
			    r->e->it.name);
			at = r->end;
			changed = true;
		}
		if (!changed)
			continue;
		hb_buf_puts(&b, h + at);
		*s->frags[fi].html = hb_arena_strndup(
		    &s->frags[fi].doc->arena, b.data, b.len);
	}
	hb_buf_fini(&b);
}

int
hb_offline_apply(struct hb_offline *off, struct hb_site *site,
    struct hb_source *src, const char *up, struct hb_diag *d)
{
	struct scan s;
	size_t i;
	int rc;

	memset(&s, 0, sizeof(s));
	scan_site(&s, site);
	rc = fetch(off, &s, d);
	/* Warnings in reading order (refs are still in scan order). */
	report(&s, src, d);
	rewrite(&s, up);
	for (i = 0; i < s.nrefs; i++)
		free(s.refs[i].url);
	free(s.refs);
	free(s.frags);
	return rc;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp((*(struct entry *const *)a)->it.name,
	    (*(struct entry *const *)b)->it.name);
}

int
hb_offline_write(struct hb_offline *off, struct hb_output *out)
{
	struct entry **v = hb_xcalloc(off->n + 1, sizeof(*v));
	struct hb_buf path;
	size_t n = 0, i;
	int rc = 0;

	for (i = 0; i < off->n; i++)
		if (off->v[i]->it.ok)
			v[n++] = off->v[i];
	/* Two URLs with the same bytes share one file. */
	qsort(v, n, sizeof(*v), cmp_name);
	hb_buf_init(&path, HB_BUF_NOCAP);
	for (i = 0; i < n && rc == 0; i++) {
		if (i > 0 && strcmp(v[i]->it.name, v[i - 1]->it.name) == 0)
			continue;
		hb_buf_reset(&path);
		hb_buf_printf(&path, "assets/remote/%s", v[i]->it.name);
		rc = hb_output_write(out, hb_buf_str(&path), v[i]->it.data,
		    v[i]->it.len);
	}
	hb_buf_fini(&path);
	free(v);
	return rc;
}

void
hb_offline_stats(const struct hb_offline *off, struct hb_offline_stats *st)
{
	struct entry **v = hb_xcalloc(off->n + 1, sizeof(*v));
	size_t n = 0, i;

	memset(st, 0, sizeof(*st));
	st->urls = off->n;
	for (i = 0; i < off->n; i++) {
		const struct hb_remote_item *it = &off->v[i]->it;

		if (!it->ok) {
			st->failed++;
			continue;
		}
		v[n++] = off->v[i];
		if (it->from_cache) {
			st->cached++;
		} else {
			st->downloaded++;
			st->downloaded_bytes += it->len;
		}
	}
	qsort(v, n, sizeof(*v), cmp_name);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(v[i]->it.name, v[i - 1]->it.name) == 0)
			continue;
		st->files++;
		st->bytes += v[i]->it.len;
	}
	free(v);
}
