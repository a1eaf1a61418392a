/* Stage 6 (link): sections and navigation order (see sections.h).
 * Consumes the loaded documents and the order and category files read
 * at listing time; produces the section tree in the site's arena and
 * the site's documents in navigation order. Every pass is a sort or a
 * walk with an explicit stack: nothing is quadratic in the number of
 * documents, and nothing recurses on folder depth. */
#include "sections.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "hset.h"
#include "model.h"
#include "source.h"
#include "str.h"
#include "tools.h"
#include "xalloc.h"
#include "yml.h"

#define MAX_ORDER_BYTES (4u << 20)
#define MAX_NAV_DEPTH 32

/* ---- order and category files ---- */

void
hb_sections_meta_init(struct hb_sections_meta *m)
{
	memset(m, 0, sizeof(*m));
	hb_arena_init(&m->arena);
}

void
hb_sections_meta_fini(struct hb_sections_meta *m)
{
	hb_arena_fini(&m->arena);
	memset(m, 0, sizeof(*m));
}

static const char *
base_name(const char *rel)
{
	const char *s = strrchr(rel, '/');

	return s ? s + 1 : rel;
}

/* Normalises "." and ".." of b's path; false when it leaves the root. */
static bool
normalise(struct hb_buf *b)
{
	return b->data == NULL || hb_path_normalise(b->data, &b->len);
}

/* The content-relative file a link of an order file names, or NULL
 * (external, empty, outside the content). dir is the order file's
 * folder ("" or "a/"). */
static const char *
order_target(struct hb_arena *a, const char *url, size_t n, const char *dir,
    bool root_relative)
{
	struct hb_buf b;
	const char *r = NULL, *base;
	size_t i;

	while (n > 0 && (url[0] == ' ' || url[0] == '<')) {
		url++;
		n--;
	}
	/* (path "title") */
	for (i = 0; i < n && url[i] != ' ' && url[i] != '>'; i++)
		;
	n = i;
	for (i = 0; i < n && url[i] != '#' && url[i] != '?'; i++)
		if (url[i] == ':')
			return NULL;	/* a scheme: not a page here */
	n = i;
	hb_buf_init(&b, HB_BUF_NOCAP);
	if (url[0] != '/' && !root_relative)
		hb_buf_puts(&b, dir);
	for (i = 0; i < n; i++) {
		if (url[i] == '%' && i + 2 < n && hb_hexval(url[i + 1]) >= 0 &&
		    hb_hexval(url[i + 2]) >= 0) {
			hb_buf_putc(&b, (char)(hb_hexval(url[i + 1]) * 16 +
			    hb_hexval(url[i + 2])));
			i += 2;
		} else {
			hb_buf_putc(&b, url[i]);
		}
	}
	if (n == 0 && !(root_relative && url[0] == '/'))
		goto done;
	if (!normalise(&b))
		goto done;
	/* docsify: "guide/" is guide/README.md, "guide" is guide.md. */
	if (b.len == 0 || b.data[b.len - 1] == '/')
		hb_buf_puts(&b, "README.md");
	base = base_name(hb_buf_str(&b));
	if (strchr(base, '.') == NULL)
		hb_buf_puts(&b, ".md");
	r = hb_arena_strdup(a, hb_buf_str(&b));
done:
	hb_buf_fini(&b);
	return r;
}

/* Reads the text of one list item or chapter line into an item. */
static void
order_item(struct hb_sections_meta *m, const char *s, size_t n,
    const char *dir, bool root_relative, struct hb_nav_item *it)
{
	const char *close;

	s = hb_trim(s, &n);
	it->title = NULL;
	it->target = NULL;
	if (n > 0 && s[0] == '[' && (close = memchr(s, ']', n)) != NULL &&
	    close + 1 < s + n && close[1] == '(') {
		const char *u = close + 2;
		const char *end = memchr(u, ')', (size_t)(s + n - u));
		size_t tl = (size_t)(close - s - 1);
		const char *t = hb_trim(s + 1, &tl);

		it->title = hb_arena_strndup(&m->arena, t, tl);
		if (end != NULL)
			it->target = order_target(&m->arena, u,
			    (size_t)(end - u), dir, root_relative);
		return;
	}
	it->title = hb_arena_strndup(&m->arena, s, n);
}

static size_t
indent_of(const char *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		w += s[i] == '\t' ? 4 : 1;
	return w;
}

/* SUMMARY.md or _sidebar.md, line by line: headings are parts, list
 * items nest by indentation, bare "[x](y)" lines are chapters (mdBook's
 * prefix and suffix chapters). */
static void
parse_order(struct hb_sections_meta *m, const char *text, size_t len,
    const char *rel, bool root_relative)
{
	const char *p = text, *end = text + len;
	const char *slash = strrchr(rel, '/');
	const char *dir = slash ? hb_arena_strndup(&m->arena, rel,
	    (size_t)(slash - rel) + 1) : "";
	size_t indents[MAX_NAV_DEPTH], nind = 0, cap = 0;
	int line = 0;
	bool fence = false, first_heading = true;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *s = p;
		size_t k, w;
		struct hb_nav_item it;

		p = nl ? nl + 1 : end;
		line++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		w = indent_of(s, n);
		for (k = 0; k < n && (s[k] == ' ' || s[k] == '\t'); k++)
			;
		if (n - k >= 3 && (strncmp(s + k, "```", 3) == 0 ||
		    strncmp(s + k, "~~~", 3) == 0)) {
			fence = !fence;
			continue;
		}
		if (fence || k == n)
			continue;
		memset(&it, 0, sizeof(it));
		it.line = line;
		if (s[k] == '#') {
			size_t h = k;

			while (h < n && s[h] == '#')
				h++;
			if (h < n && s[h] != ' ' && s[h] != '\t')
				continue;
			order_item(m, s + h, n - h, dir, root_relative, &it);
			/* "# Summary" names the file, not a part. */
			if (first_heading && (strcmp(it.title, "Summary") == 0 ||
			    strcmp(it.title, "SUMMARY") == 0 ||
			    strcmp(it.title, "目录") == 0 ||
			    strcmp(it.title, "Table of Contents") == 0)) {
				first_heading = false;
				continue;
			}
			first_heading = false;
			it.depth = -1;
			it.target = NULL;
			nind = 0;
		} else if ((s[k] == '-' || s[k] == '*' || s[k] == '+') &&
		    k + 1 < n && (s[k + 1] == ' ' || s[k + 1] == '\t')) {
			while (nind > 0 && indents[nind - 1] > w)
				nind--;
			if (nind == 0 || indents[nind - 1] < w) {
				if (nind == MAX_NAV_DEPTH)
					continue;
				indents[nind++] = w;
			}
			it.depth = (int)nind - 1;
			order_item(m, s + k + 2, n - k - 2, dir, root_relative,
			    &it);
		} else if (s[k] == '[' && w == 0) {
			nind = 0;
			it.depth = 0;
			order_item(m, s + k, n - k, dir, root_relative, &it);
			if (it.target == NULL)
				continue;
		} else {
			continue;	/* text, separators, comments */
		}
		if (it.title == NULL || it.title[0] == '\0')
			continue;
		{
			struct hb_nav_item *v = m->items;

			m->items = hb_xgrow(m->items == NULL ? NULL : v, &cap,
			    m->nitems + 1, sizeof(*m->items));
			m->items[m->nitems++] = it;
		}
	}
	/* Into the arena: the meta is replaced as a whole. */
	{
		struct hb_nav_item *v = m->items;

		m->items = hb_arena_memdup(&m->arena, v,
		    m->nitems * sizeof(*v));
		free(v);
	}
}

static int
cmp_cat(const void *pa, const void *pb)
{
	return strcmp(((const struct hb_category *)pa)->dir,
	    ((const struct hb_category *)pb)->dir);
}

/* A _category_.json or .yml (JSON is read as YAML, which it is). */
static void
parse_category(struct hb_sections_meta *m, struct hb_diag *d,
    const struct hb_file *f, const char *text, size_t n,
    struct hb_category *c)
{
	struct hb_diag scratch;
	struct hb_yval *root, *v, *link;
	struct hb_pos pos = { f->path, 0, 0 };
	const char *slash = strrchr(f->rel, '/');

	memset(c, 0, sizeof(*c));
	c->dir = slash ? hb_arena_strndup(&m->arena, f->rel,
	    (size_t)(slash - f->rel)) : "";
	c->path = hb_arena_strdup(&m->arena, f->path);
	hb_diag_init(&scratch);
	root = hb_yml_parse(&m->arena, &scratch, f->path, text, n, 0);
	if (root == NULL || root->kind != HB_Y_MAP) {
		hb_diag_warning(d, &pos, "cannot read this category file; "
		    "its folder gets its title from its files");
		if (scratch.n > 0)
			hb_diag_note(d, &pos, "%s", scratch.v[0].msg);
		hb_diag_fini(&scratch);
		return;
	}
	hb_diag_fini(&scratch);
	v = hb_yml_get(root, "label");
	if (v != NULL && v->kind == HB_Y_SCALAR && v->str[0] != '\0')
		c->label = v->str;
	v = hb_yml_get(root, "position");
	if (v != NULL && v->kind == HB_Y_SCALAR) {
		char *end;

		c->position = strtod(v->str, &end);
		/* "nan" would make the sort's order undefined. */
		c->has_position = end != v->str && *end == '\0' &&
		    isfinite(c->position);
	}
	link = hb_yml_get(root, "link");
	v = link != NULL && link->kind == HB_Y_MAP ?
	    hb_yml_get(link, "description") : NULL;
	if (v == NULL)
		v = hb_yml_get(root, "description");
	if (v != NULL && v->kind == HB_Y_SCALAR && v->str[0] != '\0')
		c->description = v->str;
}

int
hb_sections_meta_load(struct hb_sections_meta *m, struct hb_source *src,
    const struct hb_filelist *files, const char *content,
    const struct hb_tools *t, struct hb_diag *d)
{
	struct hb_buf raw;
	struct hb_category *cats = NULL;
	size_t i, cap = 0, ncats = 0;
	const struct hb_file *order = NULL;
	int rc = 0;

	(void)content;
	hb_sections_meta_fini(m);
	hb_sections_meta_init(m);
	hb_buf_init(&raw, MAX_ORDER_BYTES);
	for (i = 0; i < files->n; i++) {
		const struct hb_file *f = &files->v[i];
		enum hb_role role = hb_tools_role(t, f->rel,
		    hb_is_markdown_name(f->rel));

		if (role == HB_ROLE_ORDER) {
			/* The content root's SUMMARY.md, else its
			 * _sidebar.md; per-folder sidebars are docsify's
			 * navigation inside a folder. */
			if (strcmp(f->rel, "SUMMARY.md") == 0 ||
			    (strcmp(f->rel, "_sidebar.md") == 0 &&
			    (order == NULL || strcmp(order->rel,
			    "SUMMARY.md") != 0)))
				order = f;
			else if (strcmp(f->rel, "SUMMARY.md") != 0) {
				struct hb_pos pos = { f->path, 0, 0 };

				hb_diag_explain(d, HB_EX_ORDER, &pos, "a "
				    "folder's own sidebar: not used for the "
				    "book's order (the root's is)");
			}
			continue;
		}
		if (role != HB_ROLE_CATEGORY)
			continue;
		hb_buf_reset(&raw);
		if (hb_source_read(src, f->path, &raw, d) != 0) {
			rc = -1;
			continue;
		}
		cats = hb_xgrow(cats, &cap, ncats + 1, sizeof(*cats));
		parse_category(m, d, f, hb_buf_str(&raw), raw.len,
		    &cats[ncats++]);
	}
	if (order == NULL && t != NULL && t->sidebar != NULL) {
		/* A sidebar in the tool's config (VitePress). */
		m->order_path = hb_arena_strdup(&m->arena, t->config);
		parse_order(m, t->sidebar, strlen(t->sidebar), "", true);
	} else if (order != NULL) {
		hb_buf_reset(&raw);
		if (hb_source_read(src, order->path, &raw, d) != 0) {
			rc = -1;
		} else {
			m->order_path = hb_arena_strdup(&m->arena, order->path);
			parse_order(m, hb_buf_str(&raw), raw.len, order->rel,
			    t != NULL && t->root_relative &&
			    strcmp(order->rel, "_sidebar.md") == 0);
		}
	}
	if (ncats > 1)
		qsort(cats, ncats, sizeof(*cats), cmp_cat);
	m->cats = hb_arena_memdup(&m->arena, cats, ncats * sizeof(*cats));
	m->ncats = ncats;
	free(cats);
	hb_buf_fini(&raw);
	return rc;
}

/* ---- building the tree ---- */

/* A document while sections are built. */
struct dref {
	const char *rel;
	struct hb_document *doc;
	bool intro_only;	/* in site->intros */
	bool placed;
};

/* A section while it is built: entries grow here, then move into the
 * arena. */
struct sec {
	struct hb_section *s;
	struct hb_nav_entry *e;
	size_t n, cap;
	size_t fixed;		/* entries placed by the order file, which
				 * keep their order */
	const struct hb_category *cat;
	struct dref *intro_ref;	/* the intro file chosen */
	const char *name;	/* folder name, for ordering */
	double weight;
	bool has_weight;
	const char *weight_key;
};

struct folder {
	const char *path;
	struct sec *sec;
};

struct builder {
	struct hb_site *site;
	const struct hb_sections_meta *m;
	const struct hb_tools *t;
	struct hb_diag *d;
	struct hb_arena *a;
	const char *prefix;	/* the content folder + '/', for paths */
	struct dref *refs;	/* sorted by rel */
	size_t nrefs;
	struct sec **secs;	/* every section made */
	size_t nsecs, capsecs;
	struct folder *folders;	/* sorted by path once made */
	size_t nfolders;
	struct sec *root;
};

static int
cmp_ref(const void *pa, const void *pb)
{
	return strcmp(((const struct dref *)pa)->rel,
	    ((const struct dref *)pb)->rel);
}

static struct dref *
find_ref(struct builder *b, const char *rel)
{
	size_t lo = 0, hi = b->nrefs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(rel, b->refs[mid].rel);

		if (c == 0)
			return &b->refs[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static struct sec *
new_sec(struct builder *b, struct sec *parent, const char *path,
    const char *title, const char *title_from)
{
	struct sec *x = hb_xcalloc(1, sizeof(*x));

	x->s = hb_arena_alloc(b->a, sizeof(*x->s));
	x->s->path = path;
	x->s->title = title;
	x->s->title_from = title_from;
	x->s->parent = parent ? parent->s : NULL;
	x->name = path ? base_name(path) : title;
	b->secs = hb_xgrow(b->secs, &b->capsecs, b->nsecs + 1,
	    sizeof(*b->secs));
	b->secs[b->nsecs++] = x;
	return x;
}

static void
add_entry(struct sec *x, struct hb_document *doc, struct hb_section *sub)
{
	x->e = hb_xgrow(x->e, &x->cap, x->n + 1, sizeof(*x->e));
	x->e[x->n].doc = doc;
	x->e[x->n].section = sub;
	x->n++;
}

/* A file's folder, "" at the root. Arena-owned. */
static const char *
dir_of(struct hb_arena *a, const char *rel)
{
	const char *s = strrchr(rel, '/');

	return s ? hb_arena_strndup(a, rel, (size_t)(s - rel)) : "";
}

/* The folder whose section a file belongs to: its own, except a Hugo
 * leaf bundle's index.md, which is a page of its parent's section. */
static const char *
home_of(struct builder *b, const char *rel)
{
	const char *dir = dir_of(b->a, rel);

	if (b->t != NULL && b->t->tool == HB_TOOL_HUGO && dir[0] != '\0' &&
	    strcmp(base_name(rel), "index.md") == 0)
		return dir_of(b->a, dir);
	return dir;
}

static int
cmp_folder(const void *pa, const void *pb)
{
	return strcmp(((const struct folder *)pa)->path,
	    ((const struct folder *)pb)->path);
}

static struct folder *
find_folder(struct builder *b, const char *path)
{
	size_t lo = 0, hi = b->nfolders;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, b->folders[mid].path);

		if (c == 0)
			return &b->folders[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Priority of intro files in one folder: _index.md (Hugo), index.md,
 * README.md, then a Docusaurus doc named like its folder. */
static int
intro_rank(const char *rel)
{
	const char *base = base_name(rel);

	if (strcmp(base, "_index.md") == 0)
		return 0;
	if (strncmp(base, "index.", 6) == 0)
		return 1;
	if (strncmp(base, "README.", 7) == 0 ||
	    strncmp(base, "readme.", 7) == 0 ||
	    strncmp(base, "Readme.", 7) == 0)
		return 2;
	return 3;
}

/* Every folder holding an unplaced document (and its parents), made
 * once each, sorted by path; the root is the folder "". */
static void
make_folders(struct builder *b)
{
	struct folder *v = NULL;
	size_t cap = 0, n = 0, i, k;

	for (i = 0; i < b->nrefs + b->m->ncats; i++) {
		const char *dir = i < b->nrefs ? (b->refs[i].placed ? NULL :
		    home_of(b, b->refs[i].rel)) : b->m->cats[i -
		    b->nrefs].dir;

		/* Every ancestor too: a folder may hold only folders. */
		while (dir != NULL) {
			const char *slash = strrchr(dir, '/');

			v = hb_xgrow(v, &cap, n + 1, sizeof(*v));
			v[n].path = dir;
			v[n].sec = NULL;
			n++;
			if (dir[0] == '\0')
				break;
			dir = slash ? hb_arena_strndup(b->a, dir,
			    (size_t)(slash - dir)) : "";
		}
	}
	v = hb_xgrow(v, &cap, n + 1, sizeof(*v));
	v[n].path = "";
	v[n++].sec = NULL;
	qsort(v, n, sizeof(*v), cmp_folder);
	for (i = 0, k = 0; i < n; i++)
		if (k == 0 || strcmp(v[k - 1].path, v[i].path) != 0)
			v[k++] = v[i];
	b->folders = v;
	b->nfolders = k;
	/* Sections in path order: a parent's path sorts before its
	 * children's ("a" < "a/b"), so parents exist first. */
	for (i = 0; i < b->nfolders; i++) {
		struct folder *f = &b->folders[i];
		struct folder *up;
		const char *slash;

		if (f->path[0] == '\0') {
			f->sec = b->root;
			continue;
		}
		slash = strrchr(f->path, '/');
		up = find_folder(b, slash ? hb_arena_strndup(b->a, f->path,
		    (size_t)(slash - f->path)) : "");
		f->sec = new_sec(b, up->sec, f->path, base_name(f->path),
		    "folder name");
		add_entry(up->sec, NULL, f->sec->s);
	}
	/* Category files (sorted by dir, like the folders). */
	for (i = 0; i < b->m->ncats; i++) {
		struct folder *f = find_folder(b, b->m->cats[i].dir);

		if (f != NULL)
			f->sec->cat = &b->m->cats[i];
	}
}

/* Docusaurus labels drop "01-" number prefixes of folder names. */
static const char *
folder_title(struct builder *b, const char *name)
{
	const char *p = name;

	if (b->t == NULL || b->t->tool != HB_TOOL_DOCUSAURUS)
		return name;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p == name || (*p != '-' && *p != '_' && *p != '.' && *p != ' ') ||
	    p[1] == '\0')
		return name;
	return p + 1;
}

/* Places the documents the order file did not into their folders. */
static void
place_by_folder(struct builder *b)
{
	size_t i;

	make_folders(b);
	for (i = 0; i < b->nrefs; i++) {
		struct dref *r = &b->refs[i];
		struct folder *f;
		struct sec *x;

		if (r->placed)
			continue;
		f = find_folder(b, home_of(b, r->rel));
		x = f->sec;
		r->placed = true;
		if (r->doc->role == HB_DOC_INTRO) {
			if (x->intro_ref == NULL || intro_rank(r->rel) <
			    intro_rank(x->intro_ref->rel)) {
				struct dref *old = x->intro_ref;

				x->intro_ref = r;
				r = old;
			}
			if (r != NULL) {
				struct hb_pos pos = { r->doc->path, 0, 0 };

				hb_diag_warning(b->d, &pos, "'%s' also "
				    "introduces this folder; %s is its "
				    "intro", base_name(r->rel),
				    base_name(x->intro_ref->rel));
				if (!r->intro_only)
					add_entry(x, r->doc, NULL);
			}
			continue;
		}
		add_entry(x, r->doc, NULL);
	}
	/* The chosen intros: one that holds questions is the section's
	 * first document too. */
	for (i = 0; i < b->nfolders; i++) {
		struct sec *x = b->folders[i].sec;

		if (x->intro_ref == NULL)
			continue;
		x->s->intro = x->intro_ref->doc;
		if (!x->intro_ref->intro_only)
			add_entry(x, x->intro_ref->doc, NULL);
	}
}

/* Titles and sort keys of folder sections. */
static void
folder_titles(struct builder *b)
{
	size_t i;

	for (i = 0; i < b->nfolders; i++) {
		struct sec *x = b->folders[i].sec;
		struct hb_document *in = x->s->intro;

		if (in != NULL) {
			x->s->short_title = in->short_title;
			x->s->summary = in->summary;
			if (in->has_weight) {
				x->weight = in->weight;
				x->has_weight = true;
				x->weight_key = in->weight_key ? in->weight_key :
				    "weight";
			}
		}
		if (x->cat != NULL && x->cat->has_position) {
			x->weight = x->cat->position;
			x->has_weight = true;
			x->weight_key = "_category_ position";
		}
		if (x->s->path == NULL || x == b->root)
			continue;
		if (x->cat != NULL && x->cat->label != NULL) {
			x->s->title = x->cat->label;
			x->s->title_from = base_name(x->cat->path);
		} else if (in != NULL && !in->title_from_name) {
			x->s->title = in->title;
			x->s->title_from = base_name(in->rel);
		} else {
			x->s->title = folder_title(b, x->name);
		}
		if (x->s->summary == NULL && x->cat != NULL)
			x->s->summary = x->cat->description;
	}
}

/* ---- order inside a folder ---- */

struct okey {
	bool intro;		/* the section's own intro goes first */
	bool has_weight;
	double weight;
	const char *name;	/* file stem or folder name */
	const char *full;	/* for a total order */
};

static const struct builder *sort_builder;	/* see sort_entries() */

static struct okey
okey_of(const struct builder *b, const struct sec *x,
    const struct hb_nav_entry *e)
{
	struct okey k;

	memset(&k, 0, sizeof(k));
	if (e->doc != NULL) {
		k.intro = e->doc == x->s->intro;
		k.has_weight = e->doc->has_weight;
		k.weight = e->doc->weight;
		k.name = base_name(e->doc->rel);
		k.full = e->doc->rel;
		/* A leaf bundle sorts by its folder's name. */
		if (strcmp(k.name, "index.md") == 0 && k.full != k.name &&
		    b->t != NULL && b->t->tool == HB_TOOL_HUGO) {
			const char *end = k.name - 1, *start = end;

			while (start > k.full && start[-1] != '/')
				start--;
			k.name = hb_arena_strndup(&b->site->arena, start,
			    (size_t)(end - start));
		}
	} else {
		const struct sec *c = b->secs[e->section->index];

		k.has_weight = c->has_weight;
		k.weight = c->weight;
		k.name = c->name;
		k.full = e->section->path ? e->section->path : c->name;
	}
	return k;
}

/* Natural order of names without their extension. */
static int
cmp_names(const char *a, const char *b)
{
	const char *da = strrchr(a, '.'), *db = strrchr(b, '.');
	char *sa = da && da != a ? hb_xstrndup(a, (size_t)(da - a)) :
	    hb_xstrdup(a);
	char *sb = db && db != b ? hb_xstrndup(b, (size_t)(db - b)) :
	    hb_xstrdup(b);
	int c = hb_strnatcmp(sa, sb);

	free(sa);
	free(sb);
	return c;
}

static const struct sec *sort_sec;

static int
cmp_entry(const void *pa, const void *pb)
{
	struct okey a = okey_of(sort_builder, sort_sec, pa);
	struct okey b = okey_of(sort_builder, sort_sec, pb);
	int c;

	if (a.intro != b.intro)
		return a.intro ? -1 : 1;
	if (hb_tools_unweighted_last(sort_builder->t)) {
		if (a.has_weight != b.has_weight)
			return a.has_weight ? -1 : 1;
	} else {
		/* handbook's own weight: 0 when not set */
		if (!a.has_weight)
			a.weight = 0;
		if (!b.has_weight)
			b.weight = 0;
		a.has_weight = b.has_weight = true;
	}
	if (a.has_weight && a.weight != b.weight)
		return a.weight < b.weight ? -1 : 1;
	c = cmp_names(a.name, b.name);
	if (c != 0)
		return c;
	return strcmp(a.full, b.full);
}

/* Sorts the entries after the fixed ones (qsort with file-scope
 * context: the build is single-threaded here). */
static void
sort_entries(struct builder *b, struct sec *x)
{
	if (x->n - x->fixed < 2)
		return;
	sort_builder = b;
	sort_sec = x;
	qsort(x->e + x->fixed, x->n - x->fixed, sizeof(*x->e), cmp_entry);
	sort_builder = NULL;
	sort_sec = NULL;
}

/* ---- the order file's structure ---- */

static void
place_by_order(struct builder *b)
{
	const struct hb_sections_meta *m = b->m;
	struct sec *stack[MAX_NAV_DEPTH + 1];
	struct sec *part = b->root;
	size_t i, listed = 0;
	int top = 0;

	stack[0] = b->root;
	for (i = 0; i < m->nitems; i++) {
		const struct hb_nav_item *it = &m->items[i];
		struct hb_pos pos = { m->order_path, it->line, 0 };
		bool children = i + 1 < m->nitems &&
		    m->items[i + 1].depth > it->depth && it->depth >= 0;
		struct dref *r = it->target ? find_ref(b, it->target) : NULL;
		struct sec *parent, *x;

		if (it->depth < 0) {
			part = new_sec(b, b->root, NULL, it->title,
			    base_name(m->order_path));
			add_entry(b->root, NULL, part->s);
			stack[0] = part;
			top = 0;
			continue;
		}
		if (it->depth == 0)
			stack[0] = part;
		parent = stack[it->depth <= top ? it->depth : top];
		if (it->target != NULL && r == NULL) {
			hb_diag_warning(b->d, &pos, "'%s' is not a page of "
			    "the content; left out of the navigation",
			    it->target);
			if (!children)
				continue;
		}
		if (r != NULL && r->placed)
			r = NULL;	/* listed twice: the first place */
		if (!children) {
			if (r == NULL)
				continue;
			r->placed = true;
			listed++;
			if (!r->intro_only) {
				add_entry(parent, r->doc, NULL);
				continue;
			}
			/* The root README: the home page's intro. */
			if (parent == b->root && strchr(r->rel, '/') == NULL) {
				b->root->s->intro = r->doc;
				continue;
			}
			x = new_sec(b, parent, NULL, it->title,
			    base_name(m->order_path));
			x->s->intro = r->doc;
			add_entry(parent, NULL, x->s);
			continue;
		}
		x = new_sec(b, parent, NULL, it->title,
		    base_name(m->order_path));
		add_entry(parent, NULL, x->s);
		if (r != NULL) {
			r->placed = true;
			listed++;
			if (r->intro_only)
				x->s->intro = r->doc;
			else
				add_entry(x, r->doc, NULL);
		}
		if (it->depth + 1 <= MAX_NAV_DEPTH) {
			top = it->depth + 1;
			stack[top] = x;
		}
	}
	/* What the order file placed keeps its order. */
	for (i = 0; i < b->nsecs; i++)
		b->secs[i]->fixed = b->secs[i]->n;
	{
		struct hb_pos pos = { m->order_path, 0, 0 };
		size_t unlisted = 0;

		for (i = 0; i < b->nrefs; i++)
			unlisted += !b->refs[i].placed;
		hb_diag_explain(b->d, HB_EX_ORDER, &pos, "structure and "
		    "order of %zu pages from this file%s", listed,
		    unlisted ? "" : "; every page is listed");
		if (unlisted > 0)
			hb_diag_explain(b->d, HB_EX_ORDER, &pos, "%zu pages "
			    "it does not list follow it, by folder",
			    unlisted);
	}
}

/* ---- after placing: ids, counts, navigation order ---- */

static void
section_slug(struct builder *b, struct hb_section *s, struct hb_hset *taken,
    struct hb_hmap *next)
{
	struct hb_buf buf, part;
	const char *src = s->path ? s->path : s->title;
	const char *p = src;

	hb_buf_init(&buf, HB_BUF_NOCAP);
	hb_buf_init(&part, HB_BUF_NOCAP);
	while (*p) {
		size_t n = s->path ? strcspn(p, "/") : strlen(p);

		hb_buf_reset(&part);
		hb_slugify(&part, p, n, 64);
		if (part.len > 0) {
			if (buf.len > 0)
				hb_buf_putc(&buf, '-');
			hb_buf_append(&buf, part.data, part.len);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	if (buf.len == 0)
		hb_buf_puts(&buf, "section");
	hb_name_cap(&buf, 0, HB_MAX_ID_BYTES);
	s->id = hb_hset_claim(taken, next, b->a,
	    hb_arena_strdup(b->a, hb_buf_str(&buf)));
	hb_buf_fini(&buf);
	hb_buf_fini(&part);
}

static size_t
answered(const struct hb_document *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->nquestions; i++)
		n += d->questions[i].status == HB_STATUS_ANSWERED;
	return n;
}

/* A folder of the content as a path relative to DIR ("." for DIR). */
static const char *
folder_path(struct builder *b, const char *path)
{
	size_t n = strlen(b->prefix);

	if (path[0] != '\0')
		return hb_arena_printf(b->a, "%s%s", b->prefix, path);
	if (n == 0)
		return ".";
	return hb_arena_strndup(b->a, b->prefix, n - 1);
}

/* Where a section's order came from, for `check --explain`. */
static void
explain_order(struct builder *b, const struct sec *x)
{
	const char *keys[4] = { NULL, NULL, NULL, NULL };
	struct hb_buf how;
	size_t i, k, nk = 0;
	struct hb_pos pos = { NULL, 0, 0 };

	if (x->n < 2)
		return;
	for (i = x->fixed; i < x->n; i++) {
		const char *key = x->e[i].doc != NULL ?
		    (x->e[i].doc->has_weight ? (x->e[i].doc->weight_key ?
		    x->e[i].doc->weight_key : "weight") : NULL) :
		    b->secs[x->e[i].section->index]->weight_key;

		for (k = 0; key != NULL && k < nk; k++)
			if (strcmp(keys[k], key) == 0)
				break;
		if (key != NULL && k == nk && nk < 4)
			keys[nk++] = key;
	}
	hb_buf_init(&how, HB_BUF_NOCAP);
	if (x->fixed > 0)
		hb_buf_printf(&how, "%s", base_name(b->m->order_path));
	for (k = 0; k < nk; k++)
		hb_buf_printf(&how, "%s%s", how.len ? ", then " : "",
		    keys[k]);
	if (x->fixed < x->n)
		hb_buf_printf(&how, "%sfile names", how.len ? ", then " : "");
	pos.path = x->s->path != NULL ? folder_path(b, x->s->path) :
	    b->m->order_path;
	hb_diag_explain(b->d, HB_EX_ORDER, &pos, "%s: order from %s",
	    x->s->title ? x->s->title : "(home)", hb_buf_str(&how));
	hb_buf_fini(&how);
}

static void
explain_section(struct builder *b, const struct hb_section *s)
{
	struct hb_pos pos = { NULL, 0, 0 };

	if (s->parent == NULL) {
		if (s->intro != NULL) {
			pos.path = s->intro->path;
			hb_diag_explain(b->d, HB_EX_SECTIONS, &pos, "the home "
			    "page's intro");
		}
		return;
	}
	pos.path = s->path != NULL ? folder_path(b, s->path) :
	    b->m->order_path;
	hb_diag_explain(b->d, HB_EX_SECTIONS, &pos, "section '%s' (title "
	    "from %s)%s%s%s", s->title, s->title_from, s->intro ?
	    ", intro " : "", s->intro ? s->intro->path : "",
	    s->questions_only ? "; its one-question files read as one "
	    "document" : "");
}

/* Pre-order walk with an explicit stack: sections and documents in
 * navigation order. */
static void
walk(struct builder *b)
{
	struct hb_site *site = b->site;
	struct frame {
		struct hb_section *s;
		size_t next;
	} *stack;
	size_t top = 0, nd = 0, ns = 0, cap = b->nsecs + 1;
	struct hb_hset taken;
	struct hb_hmap next;

	stack = hb_xmalloc(cap * sizeof(*stack));
	site->sections = hb_arena_alloc(b->a, (b->nsecs + 1) *
	    sizeof(*site->sections));
	hb_hset_init(&taken);
	hb_hmap_init(&next);
	hb_hset_add(&taken, "");
	stack[top].s = b->root->s;
	stack[top++].next = 0;
	b->root->s->id = "";
	site->sections[ns++] = b->root->s;
	while (top > 0) {
		struct frame *f = &stack[top - 1];
		struct hb_nav_entry *e;

		if (f->next == f->s->nentries) {
			top--;
			continue;
		}
		e = &f->s->entries[f->next++];
		if (e->doc != NULL) {
			e->doc->section = f->s;
			site->docs[nd++] = e->doc;
			continue;
		}
		e->section->depth = f->s->depth + 1;
		e->section->doc_start = nd;
		site->sections[ns++] = e->section;
		section_slug(b, e->section, &taken, &next);
		if (top < cap) {
			stack[top].s = e->section;
			stack[top++].next = 0;
		}
	}
	site->nsections = ns;
	/* Every published document is in exactly one section. */
	if (nd != site->ndocs) {
		struct hb_pos pos = { NULL, 0, 0 };

		hb_diag_error(b->d, &pos, "internal: %zu of %zu documents "
		    "placed in sections", nd, site->ndocs);
	}
	hb_hset_fini(&taken);
	hb_hmap_fini(&next);
	free(stack);
}

static const struct hb_sections_meta no_meta;

void
hb_sections_build(struct hb_site *site, const struct hb_sections_meta *m,
    const struct hb_tools *t, struct hb_diag *d)
{
	struct builder b;
	size_t i, k;

	memset(&b, 0, sizeof(b));
	b.site = site;
	b.m = m;
	b.t = t;
	b.d = d;
	b.a = &site->arena;
	b.prefix = "";
	if (site->ndocs + site->nintros > 0) {
		const struct hb_document *d0 = site->ndocs > 0 ?
		    site->docs[0] : site->intros[0];
		size_t lp = strlen(d0->path), lr = strlen(d0->rel);

		b.prefix = lp >= lr ? hb_arena_strndup(b.a, d0->path, lp - lr) :
		    "";
	}
	b.nrefs = site->ndocs + site->nintros;
	b.refs = hb_xcalloc(b.nrefs + 1, sizeof(*b.refs));
	for (i = 0; i < site->ndocs; i++) {
		b.refs[i].rel = site->docs[i]->rel;
		b.refs[i].doc = site->docs[i];
	}
	for (k = 0; k < site->nintros; k++, i++) {
		b.refs[i].rel = site->intros[k]->rel;
		b.refs[i].doc = site->intros[k];
		b.refs[i].intro_only = true;
	}
	if (b.nrefs > 1)
		qsort(b.refs, b.nrefs, sizeof(*b.refs), cmp_ref);
	/* Documents and intros by path, for links (hb_site_find_rel). */
	site->by_rel = hb_arena_alloc(b.a, (b.nrefs + 1) *
	    sizeof(*site->by_rel));
	for (i = 0; i < b.nrefs; i++)
		site->by_rel[i] = b.refs[i].doc;
	site->nby_rel = b.nrefs;
	b.root = new_sec(&b, NULL, "", NULL, "site");
	if (m == NULL)
		b.m = m = &no_meta;
	if (m->nitems > 0)
		place_by_order(&b);
	place_by_folder(&b);
	folder_titles(&b);
	for (i = 0; i < b.nsecs; i++) {
		struct sec *x = b.secs[i];

		x->s->index = i;
		if (x->s->intro != NULL && x->s->title == NULL)
			x->s->title = x->s->intro->title;
	}
	for (i = 0; i < b.nsecs; i++) {
		struct sec *x = b.secs[i];

		sort_entries(&b, x);
		x->s->entries = hb_arena_memdup(b.a, x->e,
		    x->n * sizeof(*x->e));
		x->s->nentries = x->n;
		explain_order(&b, x);
	}
	site->root = b.root->s;
	walk(&b);
	/* Totals, children before parents (reverse navigation order). */
	for (i = site->nsections; i-- > 0;) {
		struct hb_section *s = site->sections[i];
		bool only = s->nentries > 0;

		for (k = 0; k < s->nentries; k++) {
			const struct hb_nav_entry *e = &s->entries[k];

			if (e->doc != NULL) {
				s->ndocs++;
				s->nquestions += e->doc->nquestions;
				s->nanswered += answered(e->doc);
				only = only && e->doc->layout ==
				    HB_LAYOUT_SINGLE &&
				    e->doc->nquestions == 1;
			} else {
				s->ndocs += e->section->ndocs;
				s->nquestions += e->section->nquestions;
				s->nanswered += e->section->nanswered;
				only = false;
			}
		}
		s->questions_only = only && s->parent != NULL &&
		    s->nentries >= 2;
	}
	for (i = 0; i < site->nsections; i++) {
		struct hb_section *x = site->sections[i];

		x->index = i;
		/* An intro belongs to the section it introduces. */
		if (x->intro != NULL)
			x->intro->section = x;
		explain_section(&b, x);
	}
	for (i = 0; i < b.nsecs; i++) {
		free(b.secs[i]->e);
		free(b.secs[i]);
	}
	free(b.secs);
	free(b.folders);
	free(b.refs);
}
