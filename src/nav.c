/* Stage 8 (write): book order and navigation tree (see nav.h).
 * Consumes the linked site's sections and documents; produces the
 * page sequence for prev/next and the tree script for the sidebar. */
#include "nav.h"

#include <string.h>

#include "buf.h"
#include "json.h"
#include "model.h"
#include "str.h"
#include "xalloc.h"

/* Sections nested deeper than this are left out of the walk
 * (sections.c caps the tree at 32 levels already); their documents
 * still get a place at the end of the book order. */
#define NAV_MAX_DEPTH 64

/* Depth-first through the sections with an explicit stack. */
struct walk {
	struct {
		const struct hb_section *s;
		size_t next;
	} stack[NAV_MAX_DEPTH];
	size_t top;
};

static void
walk_init(struct walk *w, const struct hb_site *site)
{
	w->top = 0;
	if (site->root != NULL) {
		w->stack[0].s = site->root;
		w->stack[0].next = 0;
		w->top = 1;
	}
}

/* The next entry in navigation order, or NULL at the end; *depth is
 * its depth (0 for the root's entries). A section's entries follow it. */
static const struct hb_nav_entry *
walk_next(struct walk *w, size_t *depth)
{
	while (w->top > 0) {
		const struct hb_section *s = w->stack[w->top - 1].s;
		const struct hb_nav_entry *e;

		if (w->stack[w->top - 1].next == s->nentries) {
			w->top--;
			continue;
		}
		e = &s->entries[w->stack[w->top - 1].next++];
		*depth = w->top - 1;
		if (e->section != NULL && w->top < NAV_MAX_DEPTH) {
			w->stack[w->top].s = e->section;
			w->stack[w->top].next = 0;
			w->top++;
		}
		return e;
	}
	return NULL;
}

const char *
hb_nav_url(struct hb_arena *a, const char *root, const char *dir,
    const char *name)
{
	struct hb_buf b;
	const char *r;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_buf_puts(&b, root);
	hb_buf_puts(&b, dir);
	hb_buf_putc(&b, '/');
	hb_url_path(&b, name, strlen(name));
	hb_buf_puts(&b, ".html");
	r = hb_arena_strndup(a, hb_buf_str(&b), b.len);
	hb_buf_fini(&b);
	return r;
}

static const char *
page_path(struct hb_arena *a, const char *dir, const char *name)
{
	return hb_nav_url(a, "", dir, name);
}

static void
add(struct hb_nav *n, const char *path, const char *title)
{
	n->pages[n->npages].path = path;
	n->pages[n->npages].title = title;
	n->npages++;
}

/* Whether a document's page is its one question (no question pages
 * of its own in the order). */
static int
is_single(const struct hb_document *d)
{
	return d->layout == HB_LAYOUT_SINGLE && d->nquestions == 1;
}

void
hb_nav_build(struct hb_nav *n, const struct hb_site *site, const char *home)
{
	struct walk w;
	const struct hb_nav_entry *e;
	size_t i, k, nd = 0, max, depth;

	memset(n, 0, sizeof(*n));
	hb_arena_init(&n->arena);
	max = 1 + site->nsections + site->ndocs + site->nquestions;
	n->pages = hb_arena_alloc(&n->arena, max * sizeof(*n->pages));
	n->doc_at = hb_arena_alloc(&n->arena, (site->ndocs + 1) *
	    sizeof(*n->doc_at));
	n->section_at = hb_arena_alloc(&n->arena, (site->nsections + 1) *
	    sizeof(*n->section_at));
	for (i = 0; i < site->nsections; i++)
		n->section_at[i] = HB_NAV_NONE;
	for (i = 0; i < site->ndocs; i++)
		n->doc_at[i] = HB_NAV_NONE;
	add(n, "index.html", home);
	walk_init(&w, site);
	while ((e = walk_next(&w, &depth)) != NULL) {
		if (e->section != NULL) {
			n->section_at[e->section->index] = n->npages;
			add(n, page_path(&n->arena, "s", e->section->id),
			    e->section->title);
			continue;
		}
		/* Documents come in site->docs order (sections.c walks the
		 * same tree); find this one's index from there. */
		while (nd < site->ndocs && site->docs[nd] != e->doc)
			nd++;
		if (nd == site->ndocs)
			continue;
		n->doc_at[nd] = n->npages;
		add(n, page_path(&n->arena, "d", e->doc->slug), e->doc->title);
		if (!is_single(e->doc))
			for (k = 0; k < e->doc->nquestions; k++)
				add(n, page_path(&n->arena, "q",
				    e->doc->questions[k].id),
				    e->doc->questions[k].title);
		nd++;
	}
	/* A document the tree missed (it should hold them all) still has
	 * a place: at the end, in site order. */
	for (i = 0; i < site->ndocs; i++) {
		const struct hb_document *d = site->docs[i];

		if (n->doc_at[i] != HB_NAV_NONE)
			continue;
		n->doc_at[i] = n->npages;
		add(n, page_path(&n->arena, "d", d->slug), d->title);
		if (!is_single(d))
			for (k = 0; k < d->nquestions; k++)
				add(n, page_path(&n->arena, "q",
				    d->questions[k].id), d->questions[k].title);
	}
}

void
hb_nav_fini(struct hb_nav *n)
{
	hb_arena_fini(&n->arena);
	memset(n, 0, sizeof(*n));
}

size_t
hb_nav_question(const struct hb_nav *n, const struct hb_site *site,
    size_t doc, size_t k)
{
	const struct hb_document *d = site->docs[doc];

	if (is_single(d))
		return n->doc_at[doc];
	return n->doc_at[doc] + 1 + k;
}

/* A JSON string for a script: hb_json_escape writes <, > and & as \u
 * escapes, so the text can never open or close markup. */
static void
js_string(struct hb_buf *out, const char *s)
{
	hb_buf_putc(out, '"');
	hb_json_escape(out, s, strlen(s));
	hb_buf_putc(out, '"');
}

static const char *
short_or(const char *shrt, const char *title)
{
	return shrt != NULL && shrt[0] != '\0' ? shrt : title;
}

void
hb_nav_tree_js(const struct hb_site *site, struct hb_buf *out)
{
	struct walk w;
	const struct hb_nav_entry *e;
	struct hb_buf tmp;
	size_t k, depth;
	int first = 1;

	hb_buf_init(&tmp, HB_BUF_NOCAP);
	/* One entry per line, in navigation order:
	 *   section  [depth, title, "s/id.html", questions]
	 *   document [depth, title, "d/slug.html", questions,
	 *             [id, title, ...], single]
	 * The reader script rebuilds the tree from the depths. */
	hb_buf_puts(out, "window.HB_NAV={\"v\":1,\"n\":[");
	walk_init(&w, site);
	while ((e = walk_next(&w, &depth)) != NULL) {
		const char *p;

		hb_buf_puts(out, first ? "\n[" : ",\n[");
		first = 0;
		hb_buf_printf(out, "%zu,", depth);
		if (e->section != NULL) {
			const struct hb_section *s = e->section;

			js_string(out, short_or(s->short_title,
			    s->title));
			hb_buf_puts(out, ",\"s/");
			hb_buf_reset(&tmp);
			hb_url_path(&tmp, s->id, strlen(s->id));
			hb_buf_append(out, tmp.data, tmp.len);
			hb_buf_printf(out, ".html\",%zu]", s->nquestions);
			continue;
		}
		js_string(out, short_or(e->doc->short_title,
		    e->doc->title));
		hb_buf_puts(out, ",\"d/");
		hb_buf_reset(&tmp);
		p = e->doc->slug;
		hb_url_path(&tmp, p, strlen(p));
		hb_buf_append(out, tmp.data, tmp.len);
		hb_buf_printf(out, ".html\",%zu,[", e->doc->nquestions);
		for (k = 0; k < e->doc->nquestions; k++) {
			if (k > 0)
				hb_buf_putc(out, ',');
			js_string(out, e->doc->questions[k].id);
			hb_buf_putc(out, ',');
			js_string(out, e->doc->questions[k].title);
		}
		hb_buf_printf(out, "],%d]", is_single(e->doc));
	}
	hb_buf_puts(out, "\n]};\n");
	hb_buf_fini(&tmp);
}
