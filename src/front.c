/* Stage 3: front matter. YAML goes through yml.c, TOML through toml.c;
 * both give the same hb_yval tree. Keys are read with the meaning of
 * handbook and of the tools whose content it reads (tools.h): a key
 * with a meaning here is mapped, a key another tool documents is
 * accepted silently, and a key no tool knows is listed for the link
 * stage to report once per key. */
#include "front.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "str.h"
#include "toml.h"
#include "xalloc.h"
#include "yml.h"

/* What a key means here. */
enum kmean {
	K_TITLE, K_ID, K_SLUG, K_URL, K_PERMALINK, K_LAYOUT, K_WEIGHT,
	K_POSITION, K_DRAFT, K_HIDE, K_PUBLISHED, K_TOPICS, K_HINTS,
	K_SUMMARY, K_SHORT_TITLE, K_DATE, K_LASTMOD, K_ALIASES, K_ACCEPT
};

/* Keys of handbook and of the tools it reads, from their documented
 * front matter (compared without case, as Hugo does). `who` names the
 * tools for `check --explain`. */
static const struct fkey {
	const char *key;
	enum kmean mean;
	const char *who;
} fkeys[] = {
	/* handbook's own */
	{ "title", K_TITLE, NULL },
	{ "id", K_ID, NULL },
	{ "slug", K_SLUG, NULL },
	{ "layout", K_LAYOUT, NULL },
	{ "weight", K_WEIGHT, NULL },
	{ "draft", K_DRAFT, NULL },
	{ "topics", K_TOPICS, NULL },
	/* mapped from other tools */
	{ "url", K_URL, "Hugo" },
	{ "permalink", K_PERMALINK, "Jekyll" },
	{ "sidebar_position", K_POSITION, "Docusaurus" },
	{ "nav_order", K_POSITION, "Jekyll (Just the Docs)" },
	{ "hidden", K_HIDE, "GitBook, Hugo themes" },
	{ "unlisted", K_HIDE, "Docusaurus" },
	{ "bookHidden", K_HIDE, "Hugo book theme" },
	{ "published", K_PUBLISHED, "Jekyll" },
	{ "tags", K_HINTS, "Hugo, Docusaurus, Jekyll" },
	{ "categories", K_HINTS, "Hugo, Jekyll" },
	{ "category", K_HINTS, "Jekyll" },
	{ "keywords", K_HINTS, "Hugo, Docusaurus" },
	{ "series", K_HINTS, "Hugo" },
	{ "description", K_SUMMARY, "Hugo, Docusaurus, VitePress, Jekyll" },
	{ "summary", K_SUMMARY, "Hugo" },
	{ "excerpt", K_SUMMARY, "Jekyll" },
	{ "linkTitle", K_SHORT_TITLE, "Hugo" },
	{ "sidebar_label", K_SHORT_TITLE, "Docusaurus" },
	{ "date", K_DATE, "Hugo, Jekyll" },
	{ "publishDate", K_DATE, "Hugo" },
	{ "lastmod", K_LASTMOD, "Hugo" },
	{ "last_modified_at", K_LASTMOD, "Jekyll" },
	{ "last_modified_date", K_LASTMOD, "Jekyll (Just the Docs)" },
	{ "aliases", K_ALIASES, "Hugo" },
	{ "redirect_from", K_ALIASES, "Jekyll" },
	/* Hugo */
	{ "build", K_ACCEPT, "Hugo" },
	{ "cascade", K_ACCEPT, "Hugo" },
	{ "expiryDate", K_ACCEPT, "Hugo" },
	{ "headless", K_ACCEPT, "Hugo" },
	{ "isCJKLanguage", K_ACCEPT, "Hugo" },
	{ "markup", K_ACCEPT, "Hugo" },
	{ "menu", K_ACCEPT, "Hugo" },
	{ "menus", K_ACCEPT, "Hugo" },
	{ "outputs", K_ACCEPT, "Hugo" },
	{ "params", K_ACCEPT, "Hugo" },
	{ "resources", K_ACCEPT, "Hugo" },
	{ "sitemap", K_ACCEPT, "Hugo, Jekyll" },
	{ "translationKey", K_ACCEPT, "Hugo" },
	{ "type", K_ACCEPT, "Hugo" },
	{ "toc", K_ACCEPT, "Hugo themes, Jekyll" },
	{ "images", K_ACCEPT, "Hugo" },
	{ "author", K_ACCEPT, "Hugo, Jekyll" },
	{ "authors", K_ACCEPT, "Hugo, Docusaurus" },
	{ "comments", K_ACCEPT, "Hugo themes, Jekyll" },
	{ "math", K_ACCEPT, "Hugo themes" },
	{ "katex", K_ACCEPT, "Hugo themes" },
	{ "mermaid", K_ACCEPT, "Hugo themes" },
	{ "cover", K_ACCEPT, "Hugo themes, GitBook" },
	/* Hugo book theme */
	{ "bookFlatSection", K_ACCEPT, "Hugo book theme" },
	{ "bookCollapseSection", K_ACCEPT, "Hugo book theme" },
	{ "bookToC", K_ACCEPT, "Hugo book theme" },
	{ "bookComments", K_ACCEPT, "Hugo book theme" },
	{ "bookSearchExclude", K_ACCEPT, "Hugo book theme" },
	{ "bookHref", K_ACCEPT, "Hugo book theme" },
	{ "bookIcon", K_ACCEPT, "Hugo book theme" },
	/* Docusaurus */
	{ "pagination_label", K_ACCEPT, "Docusaurus" },
	{ "sidebar_class_name", K_ACCEPT, "Docusaurus" },
	{ "sidebar_key", K_ACCEPT, "Docusaurus" },
	{ "sidebar_custom_props", K_ACCEPT, "Docusaurus" },
	{ "displayed_sidebar", K_ACCEPT, "Docusaurus" },
	{ "hide_title", K_ACCEPT, "Docusaurus" },
	{ "hide_table_of_contents", K_ACCEPT, "Docusaurus" },
	{ "toc_min_heading_level", K_ACCEPT, "Docusaurus" },
	{ "toc_max_heading_level", K_ACCEPT, "Docusaurus" },
	{ "pagination_next", K_ACCEPT, "Docusaurus" },
	{ "pagination_prev", K_ACCEPT, "Docusaurus" },
	{ "parse_number_prefixes", K_ACCEPT, "Docusaurus" },
	{ "custom_edit_url", K_ACCEPT, "Docusaurus" },
	{ "image", K_ACCEPT, "Docusaurus" },
	{ "last_update", K_ACCEPT, "Docusaurus" },
	/* VitePress */
	{ "titleTemplate", K_ACCEPT, "VitePress" },
	{ "head", K_ACCEPT, "VitePress" },
	{ "hero", K_ACCEPT, "VitePress" },
	{ "features", K_ACCEPT, "VitePress" },
	{ "navbar", K_ACCEPT, "VitePress" },
	{ "sidebar", K_ACCEPT, "VitePress" },
	{ "aside", K_ACCEPT, "VitePress" },
	{ "outline", K_ACCEPT, "VitePress" },
	{ "lastUpdated", K_ACCEPT, "VitePress" },
	{ "editLink", K_ACCEPT, "VitePress" },
	{ "footer", K_ACCEPT, "VitePress" },
	{ "pageClass", K_ACCEPT, "VitePress" },
	{ "prev", K_ACCEPT, "VitePress" },
	{ "next", K_ACCEPT, "VitePress" },
	{ "search", K_ACCEPT, "VitePress" },
	/* Jekyll and Just the Docs */
	{ "excerpt_separator", K_ACCEPT, "Jekyll" },
	{ "redirect_to", K_ACCEPT, "Jekyll" },
	{ "lang", K_ACCEPT, "Jekyll" },
	{ "parent", K_ACCEPT, "Jekyll (Just the Docs)" },
	{ "grand_parent", K_ACCEPT, "Jekyll (Just the Docs)" },
	{ "has_children", K_ACCEPT, "Jekyll (Just the Docs)" },
	{ "has_toc", K_ACCEPT, "Jekyll (Just the Docs)" },
	{ "nav_exclude", K_ACCEPT, "Jekyll (Just the Docs)" },
	{ "search_exclude", K_ACCEPT, "Jekyll (Just the Docs)" },
	{ "child_nav_order", K_ACCEPT, "Jekyll (Just the Docs)" },
	/* GitBook */
	{ "icon", K_ACCEPT, "GitBook" },
	{ "coverY", K_ACCEPT, "GitBook" },
	/* interview handbooks written for handbook before 0.x */
	{ "difficulty", K_ACCEPT, "handbook" },
	{ "source", K_ACCEPT, "handbook" },
	{ "level", K_ACCEPT, "handbook" },
	{ "hide", K_ACCEPT, "handbook" },
};

#define NFKEYS (sizeof(fkeys) / sizeof(fkeys[0]))

/* Returns the length of the line at p (without the newline). */
static size_t
line_len(const char *p, const char *end)
{
	const char *q = memchr(p, '\n', (size_t)(end - p));

	return q ? (size_t)(q - p) : (size_t)(end - p);
}

/* True when the line is exactly the delimiter, allowing trailing spaces
 * and a CR. */
static bool
is_delim(const char *p, size_t n, const char *delim)
{
	size_t k = strlen(delim);

	if (n < k || memcmp(p, delim, k) != 0)
		return false;
	for (; k < n; k++)
		if (p[k] != ' ' && p[k] != '\t' && p[k] != '\r')
			return false;
	return true;
}

/* ---- keys ---- */

static const struct fkey *
find_key(const char *k)
{
	size_t i;

	for (i = 0; i < NFKEYS; i++)
		if (hb_strieq(fkeys[i].key, k))
			return &fkeys[i];
	return NULL;
}

/* A foreign key with a value handbook cannot use: a warning, and the
 * key is ignored (the tool's site would have failed or ignored it). */
static void
bad_value(struct hb_diag *d, const char *path, const struct hb_yval *v,
    const char *key, const char *what)
{
	struct hb_pos pos = { path, v->line, v->col };

	hb_diag_warning(d, &pos, "'%s' should be %s; ignored", key, what);
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long
days_from_civil(long y, long m, long dd)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, long *y, long *m, long *dd)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*dd = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Reads n digits at *p into *out. */
static bool
digits(const char **p, int n, long *out)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

/* "2024-03-01", "2024-03-01T10:00:00+08:00", "2024-03-01 10:00" ->
 * "2024-03-01T02:00:00Z" (UTC, as git dates are). NULL when s is not
 * such a date. */
static const char *
iso_date(struct hb_arena *a, const char *s)
{
	long y, mo, dd, h = 0, mi = 0, sec = 0, off = 0, t;
	const char *p = s;

	while (*p == ' ')
		p++;
	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
	    *p++ != '-' || !digits(&p, 2, &dd) || mo < 1 || mo > 12 ||
	    dd < 1 || dd > 31)
		return NULL;
	if (*p == 'T' || *p == 't' || (*p == ' ' && p[1] >= '0' &&
	    p[1] <= '9')) {
		p++;
		if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
			return NULL;
		if (*p == ':') {
			p++;
			if (!digits(&p, 2, &sec))
				return NULL;
			if (*p == '.')
				for (p++; *p >= '0' && *p <= '9'; p++)
					;
		}
		while (*p == ' ')
			p++;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			long oh, om = 0;
			int sign = *p++ == '-' ? -1 : 1;

			if (!digits(&p, 2, &oh))
				return NULL;
			if (*p == ':')
				p++;
			if (*p >= '0' && *p <= '9' && !digits(&p, 2, &om))
				return NULL;
			off = sign * (oh * 60 + om) * 60;
		}
	}
	while (*p == ' ')
		p++;
	if (*p != '\0' || h > 23 || mi > 59 || sec > 60)
		return NULL;
	t = days_from_civil(y, mo, dd) * 86400 + h * 3600 + mi * 60 + sec -
	    off;
	civil_from_days(t >= 0 ? t / 86400 : (t - 86399) / 86400, &y, &mo,
	    &dd);
	t = ((t % 86400) + 86400) % 86400;
	return hb_arena_printf(a, "%04ld-%02ld-%02ldT%02ld:%02ld:%02ldZ", y,
	    mo, dd, t / 3600, t / 60 % 60, t % 60);
}

/* Tags as strings, or Docusaurus tag objects ({label: ...}); a comma
 * separated string (keywords: "a, b") gives several. Appends to *out. */
static void
hint_list(struct hb_arena *a, const struct hb_yval *v, const char ***out,
    size_t *n)
{
	const struct hb_yval *const *items = v->kind == HB_Y_SEQ ?
	    (const struct hb_yval *const *)v->items : &v;
	size_t k, count = v->kind == HB_Y_SEQ ? v->n : 1;
	const char **all = hb_arena_alloc(a, (*n + count * 8 + 1) *
	    sizeof(*all));
	size_t m = *n;

	memcpy(all, *out, *n * sizeof(*all));
	for (k = 0; k < count; k++) {
		const struct hb_yval *it = items[k];
		const char *s = NULL, *p;

		if (it->kind == HB_Y_SCALAR)
			s = it->str;
		else if (it->kind == HB_Y_MAP && hb_yml_get(it, "label") &&
		    hb_yml_get(it, "label")->kind == HB_Y_SCALAR)
			s = hb_yml_get(it, "label")->str;
		if (s == NULL)
			continue;
		/* Up to eight comma-separated parts per item. */
		for (p = s; *p && m < *n + (k + 1) * 8;) {
			size_t len = strcspn(p, ",");
			const char *t = hb_trim(p, &len);

			if (len > 0)
				all[m++] = hb_arena_strndup(a, t, len);
			p += strcspn(p, ",");
			if (*p == ',')
				p++;
		}
	}
	*out = all;
	*n = m;
}

static bool
is_our_layout(const char *s)
{
	return strcmp(s, "record") == 0 || strcmp(s, "list") == 0 ||
	    strcmp(s, "single") == 0 || strcmp(s, "headings") == 0 ||
	    strcmp(s, "question") == 0 || strcmp(s, "guide") == 0;
}

/* One key whose meaning is mapped or handbook's own. Returns -1 after
 * an error (handbook's own keys only). */
static int
read_key(struct hb_arena *a, struct hb_diag *d, const char *path,
    enum hb_tool tool, const struct fkey *fk, const struct hb_ykv *kv,
    struct hb_front *f)
{
	const struct hb_yval *v = kv->val;
	const char *k = kv->key;
	struct hb_pos pos = { path, v->line, v->col };
	const char *s = NULL;
	bool b;
	int rc = 0;

	switch (fk->mean) {
	case K_TITLE:
		return hb_yml_str(v, d, path, k, &f->title);
	case K_ID:
		rc = hb_yml_str(v, d, path, k, &f->id);
		f->id_line = v->line;
		return rc;
	case K_SLUG:
		return hb_yml_str(v, d, path, k, &f->slug);
	case K_LAYOUT:
		if (v->kind == HB_Y_SCALAR && !is_our_layout(v->str) &&
		    tool != HB_TOOL_NONE) {
			/* The tool's template name (Jekyll, Hugo,
			 * VitePress): nothing to do here. */
			hb_diag_explain_count(d, HB_EX_FRONT, hb_arena_printf(a,
			    "'layout: %s' is %s's template: ignored", v->str,
			    hb_tool_name(tool)));
			return 0;
		}
		rc = hb_yml_str(v, d, path, k, &f->layout);
		f->layout_line = v->line;
		if (rc == 0 && !is_our_layout(f->layout)) {
			hb_diag_error(d, &pos, "unknown layout '%s' (guide, "
			    "question, list, record, single or headings)",
			    f->layout);
			f->layout = NULL;
			rc = -1;
		}
		return rc;
	case K_WEIGHT: {
		long w;

		rc = hb_yml_int(v, d, path, k, &w);
		if (rc == 0) {
			f->weight = (double)w;
			f->has_weight = true;
			f->weight_key = fk->key;
		}
		return rc;
	}
	case K_POSITION: {
		char *end = NULL;
		double w;

		errno = 0;
		w = v->kind == HB_Y_SCALAR ? strtod(v->str, &end) : 0;
		/* Not "nan", "inf" or 1e400: order must be a real number. */
		if (v->kind != HB_Y_SCALAR || end == v->str || *end != '\0' ||
		    errno == ERANGE || !isfinite(w)) {
			bad_value(d, path, v, k, "a number");
			return 0;
		}
		if (!f->has_weight || f->weight_key != NULL) {
			f->weight = w;
			f->has_weight = true;
			f->weight_key = fk->key;
		}
		return 0;
	}
	case K_DRAFT:
		rc = hb_yml_bool(v, d, path, k, &b);
		if (rc == 0 && b) {
			f->draft = true;
			f->draft_key = "draft";
		}
		return rc;
	case K_HIDE:
	case K_PUBLISHED:
		if (hb_yml_bool(v, NULL, path, k, &b) != 0) {
			bad_value(d, path, v, k, "true or false");
			return 0;
		}
		if (b == (fk->mean == K_HIDE)) {
			f->draft = true;
			f->draft_key = fk->key;
		}
		return 0;
	case K_TOPICS:
		rc = hb_yml_strlist(a, v, d, path, k, &f->topics,
		    &f->ntopics);
		f->topics_line = v->line;
		f->topics_col = v->col;
		return rc;
	case K_HINTS:
		hint_list(a, v, &f->hints, &f->nhints);
		return 0;
	case K_ALIASES: {
		const char **list = NULL;
		size_t n = 0, i;

		if (hb_yml_strlist(a, v, NULL, path, k, &list, &n) != 0) {
			bad_value(d, path, v, k, "a list of paths");
			return 0;
		}
		{
			const char **all = hb_arena_alloc(a, (f->naliases +
			    n + 1) * sizeof(*all));

			memcpy(all, f->aliases, f->naliases * sizeof(*all));
			for (i = 0; i < n; i++)
				all[f->naliases + i] = list[i];
			f->aliases = all;
			f->naliases += n;
		}
		return 0;
	}
	case K_URL:
	case K_PERMALINK:
	case K_SUMMARY:
	case K_SHORT_TITLE:
	case K_DATE:
	case K_LASTMOD:
		if (v->kind != HB_Y_SCALAR) {
			bad_value(d, path, v, k, "a string");
			return 0;
		}
		s = v->str;
		break;
	case K_ACCEPT:
		return 0;
	}
	switch (fk->mean) {
	case K_URL:
		f->url = s;
		break;
	case K_PERMALINK:
		f->permalink = s;
		break;
	case K_SUMMARY:
		/* description wins over summary and excerpt */
		if (f->summary == NULL || hb_strieq(k, "description"))
			f->summary = s;
		break;
	case K_SHORT_TITLE:
		f->short_title = s;
		break;
	case K_DATE:
	case K_LASTMOD: {
		const char *iso = iso_date(a, s);

		if (iso == NULL) {
			bad_value(d, path, v, k, "a date (2024-03-01 or "
			    "2024-03-01T10:00:00+08:00)");
			break;
		}
		if (fk->mean == K_DATE)
			f->date = iso;
		else
			f->lastmod = iso;
		break;
	}
	default:
		break;
	}
	return 0;
}

static const char *
meaning(enum kmean m)
{
	switch (m) {
	case K_URL: return "the page's URL";
	case K_PERMALINK: return "the page's URL";
	case K_POSITION: return "its place in navigation";
	case K_HIDE: return "not published";
	case K_PUBLISHED: return "not published when false";
	case K_HINTS: return "topic hints";
	case K_SUMMARY: return "the summary";
	case K_SHORT_TITLE: return "the short title in navigation";
	case K_DATE: return "the created date outside git";
	case K_LASTMOD: return "the updated date outside git";
	case K_ALIASES: return "redirect pages from old URLs";
	default: return "";
	}
}

static int
read_keys(struct hb_arena *a, struct hb_diag *d, const char *path,
    enum hb_tool tool, const struct hb_yval *root, struct hb_front *f)
{
	struct hb_unknown_key *unk = NULL;
	size_t i, cap = 0;
	int rc = 0;

	if (root->kind != HB_Y_MAP) {
		struct hb_pos pos = { path, root->line, root->col };

		hb_diag_error(d, &pos, "front matter must be 'key: value' "
		    "lines");
		return -1;
	}
	for (i = 0; i < root->n; i++) {
		const struct hb_ykv *kv = &root->kv[i];
		const struct fkey *fk = find_key(kv->key);

		if (fk == NULL) {
			unk = hb_xgrow(unk, &cap, f->nunknown + 1,
			    sizeof(*unk));
			unk[f->nunknown].key = kv->key;
			unk[f->nunknown].line = kv->line;
			unk[f->nunknown].col = kv->col;
			f->nunknown++;
			continue;
		}
		rc |= read_key(a, d, path, tool, fk, kv, f);
		/* Tallies for `check --explain`. */
		if (fk->mean == K_ACCEPT)
			hb_diag_explain_count(d, HB_EX_FRONT, hb_arena_printf(a,
			    "'%s' (%s): accepted, no meaning here", fk->key,
			    fk->who));
		else if (fk->who != NULL)
			hb_diag_explain_count(d, HB_EX_FRONT, hb_arena_printf(a,
			    "'%s' (%s): %s", fk->key, fk->who,
			    meaning(fk->mean)));
	}
	f->unknown = hb_arena_memdup(a, unk, f->nunknown * sizeof(*unk));
	free(unk);
	return rc ? -1 : 0;
}

/* Whether a line starts like a YAML mapping key: "name:" then a blank
 * or the end of the line. */
static bool
yaml_key_line(const char *p, size_t len)
{
	size_t i = 0;

	while (i < len && ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' &&
	    p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '_' ||
	    p[i] == '-'))
		i++;
	return i > 0 && i < len && p[i] == ':' && (i + 1 == len ||
	    p[i + 1] == ' ' || p[i + 1] == '\t' || p[i + 1] == '\r');
}

int
hb_front_parse(struct hb_arena *a, struct hb_diag *d, const char *path,
    const char *text, size_t n, enum hb_tool tool, struct hb_front *out)
{
	const char *p = text, *end = text + n, *delim, *body_start;
	struct hb_yval *root;
	size_t len;
	int line = 1, open_line;

	memset(out, 0, sizeof(*out));
	out->body_line = 1;
	/* A UTF-8 byte-order mark is not content. */
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	out->body_off = (size_t)(p - text);
	len = line_len(p, end);
	if (is_delim(p, len, "---")) {
		out->kind = HB_FRONT_YAML;
		delim = "---";
	} else if (is_delim(p, len, "+++")) {
		out->kind = HB_FRONT_TOML;
		delim = "+++";
	} else {
		return 0;
	}
	open_line = line;
	p += len < (size_t)(end - p) ? len + 1 : len;
	line++;
	body_start = p;
	while (p < end) {
		len = line_len(p, end);
		if (is_delim(p, len, delim) ||
		    (out->kind == HB_FRONT_YAML && is_delim(p, len, "...")))
			break;
		p += len < (size_t)(end - p) ? len + 1 : len;
		line++;
	}
	if (p >= end) {
		struct hb_pos pos = { path, open_line, 1 };

		/* Not front matter after all: a lone '---' at the top is
		 * a thematic break in Markdown. Treat the file as body,
		 * unless a 'key:' line follows: then a closing line was
		 * forgotten, and the keys would show as text (issue #15). */
		if (out->kind == HB_FRONT_YAML && !yaml_key_line(body_start,
		    line_len(body_start, end))) {
			out->kind = HB_FRONT_NONE;
			return 0;
		}
		hb_diag_error(d, &pos, "front matter opened here is not "
		    "closed; add a '%s' line after it", delim);
		out->kind = HB_FRONT_NONE;
		return -1;
	}
	if (out->kind == HB_FRONT_YAML)
		root = hb_yml_parse(a, d, path, body_start,
		    (size_t)(p - body_start), open_line);
	else
		root = hb_toml_parse(a, d, path, body_start,
		    (size_t)(p - body_start), open_line + 1, "front matter");
	/* Skip the closing delimiter line. */
	len = line_len(p, end);
	p += len < (size_t)(end - p) ? len + 1 : len;
	line++;
	out->body_off = (size_t)(p - text);
	out->body_line = line;
	if (root == NULL)
		return -1;
	return read_keys(a, d, path, tool, root, out);
}
