/* Stage 5 (content): link targets by each tool's rules (see resolve.h).
 * Every look-up is a binary search in the sorted file list: no I/O,
 * the same for the working tree and a git tree. */
#include "resolve.h"

#include <string.h>

#include "buf.h"
#include "source.h"
#include "str.h"
#include "tools.h"

const char *
hb_resolve_rule_name(enum hb_resolve_rule rule)
{
	switch (rule) {
	case HB_RESOLVE_FILE: return "from the file";
	case HB_RESOLVE_PAGE_URL: return "from the page URL";
	case HB_RESOLVE_ROOT: return "from the content root";
	case HB_RESOLVE_STATIC: return "from a static folder";
	}
	return "from the file";
}

/* The file at dir/p when it is a page or a file a page may show. */
static const struct hb_file *
lookup(const struct hb_filelist *l, struct hb_buf *tmp, const char *dir,
    const char *p, size_t n, const char *suffix)
{
	const struct hb_file *f;

	hb_buf_reset(tmp);
	if (dir[0] != '\0') {
		hb_buf_puts(tmp, dir);
		hb_buf_putc(tmp, '/');
	}
	hb_buf_append(tmp, p, n);
	hb_buf_puts(tmp, suffix);
	f = hb_filelist_find(l, hb_buf_str(tmp));
	if (f == NULL || (f->kind != HB_FILE_MARKDOWN &&
	    f->kind != HB_FILE_ASSET && f->kind != HB_FILE_STATIC))
		return NULL;
	return f;
}

/* The path p (normalised, relative to dir) as written, then as a page:
 * ".html" -> ".md", no extension -> ".md", a folder -> its index. */
static const struct hb_file *
try_path(const struct hb_filelist *l, struct hb_buf *tmp, const char *dir,
    const char *p, bool pages, bool *guessed)
{
	static const char *const index[] = { "README.md", "index.md",
		"_index.md", "readme.md", NULL };
	static const char *const sub[] = { "/README.md", "/index.md",
		"/_index.md", "/readme.md", NULL };
	size_t n = strlen(p), i;
	const char *base = strrchr(p, '/');
	const struct hb_file *f;
	bool folder = n == 0 || p[n - 1] == '/';

	*guessed = false;
	base = base ? base + 1 : p;
	if (!folder && (f = lookup(l, tmp, dir, p, n, "")) != NULL)
		return f;
	if (!pages)
		return NULL;
	*guessed = true;
	if (hb_ends_with(p, ".html") &&
	    (f = lookup(l, tmp, dir, p, n - 5, ".md")) != NULL)
		return f;
	if (folder) {
		/* Hugo: "../10-select/" is the page 10-select.md. */
		if (n > 0 && (f = lookup(l, tmp, dir, p, n - 1, ".md")) != NULL)
			return f;
		for (i = 0; index[i] != NULL; i++)
			if ((f = lookup(l, tmp, dir, p, n, index[i])) != NULL)
				return f;
		return NULL;
	}
	if (strchr(base, '.') == NULL) {
		if ((f = lookup(l, tmp, dir, p, n, ".md")) != NULL)
			return f;
		for (i = 0; sub[i] != NULL; i++)
			if ((f = lookup(l, tmp, dir, p, n, sub[i])) != NULL)
				return f;
	}
	return NULL;
}

/* The folder of base (a file or a URL: up to its last '/') joined with
 * url[0..n) (decoded, normalised) into out. False when it climbs above
 * the root. */
static bool
join(struct hb_buf *out, const char *base, const char *url, size_t n)
{
	const char *slash = base != NULL ? strrchr(base, '/') : NULL;
	size_t i;

	hb_buf_reset(out);
	if (slash != NULL)
		hb_buf_append(out, base, (size_t)(slash - base) + 1);
	for (i = 0; i < n; i++) {
		if (url[i] == '%' && i + 2 < n && hb_hexval(url[i + 1]) >= 0 &&
		    hb_hexval(url[i + 2]) >= 0) {
			hb_buf_putc(out, (char)(hb_hexval(url[i + 1]) * 16 +
			    hb_hexval(url[i + 2])));
			i += 2;
		} else {
			hb_buf_putc(out, url[i]);
		}
	}
	/* Never NULL, always terminated. */
	hb_buf_putc(out, '\0');
	out->len--;
	return hb_path_normalise(out->data, &out->len);
}

static void
found(const struct hb_file *f, enum hb_resolve_rule rule, bool guessed,
    struct hb_target *out, struct hb_buf *name)
{
	out->rule = rule;
	out->path = f->path;
	out->markdown = f->kind == HB_FILE_MARKDOWN;
	out->guessed = guessed;
	hb_buf_reset(name);
	hb_buf_puts(name, f->rel);
}

bool
hb_resolve(const struct hb_resolver *r, const char *rel, const char *page_url,
    const char *url, size_t n, struct hb_target *out, struct hb_buf *name)
{
	const struct hb_tools *t = r->tools;
	const struct hb_file *f;
	struct hb_buf p, tmp;
	bool ok = false, guessed;
	size_t i;

	memset(out, 0, sizeof(*out));
	hb_buf_init(&p, HB_BUF_NOCAP);
	hb_buf_init(&tmp, HB_BUF_NOCAP);
	if (url[0] != '/') {
		/* 1. From the file. */
		if (!join(&p, rel, url, n))
			goto root;
		if (r->files == NULL) {
			/* Nothing to check against: as written. */
			out->rule = HB_RESOLVE_FILE;
			hb_buf_reset(name);
			hb_buf_puts(name, hb_buf_str(&p));
			ok = p.len > 0;
			goto done;
		}
		if ((f = try_path(r->files, &tmp, r->content, hb_buf_str(&p),
		    true, &guessed)) != NULL) {
			found(f, HB_RESOLVE_FILE, guessed, out, name);
			ok = true;
			goto done;
		}
		/* 2. From the page's URL (a folder below the file). */
		if (page_url != NULL && join(&p, page_url, url, n) &&
		    (f = try_path(r->files, &tmp, r->content, hb_buf_str(&p),
		    true, &guessed)) != NULL) {
			found(f, HB_RESOLVE_PAGE_URL, guessed, out, name);
			ok = true;
			goto done;
		}
root:
		/* 3. From the content root (docsify). */
		if (r->files != NULL && t != NULL && t->root_relative &&
		    join(&p, NULL, url, n) &&
		    (f = try_path(r->files, &tmp, r->content, hb_buf_str(&p),
		    true, &guessed)) != NULL) {
			found(f, HB_RESOLVE_ROOT, guessed, out, name);
			ok = true;
		}
		goto done;
	}
	if (r->files == NULL || !join(&p, NULL, url, n))
		goto done;
	/* Site-absolute: the content root, the same without the content
	 * folder's own name (Docusaurus serves docs/ at /docs/), then the
	 * static folders. */
	if ((f = try_path(r->files, &tmp, r->content, hb_buf_str(&p), true,
	    &guessed)) != NULL) {
		found(f, HB_RESOLVE_ROOT, guessed, out, name);
		ok = true;
		goto done;
	}
	{
		const char *cname = strrchr(r->content, '/');
		size_t cl;

		cname = cname ? cname + 1 : r->content;
		cl = strlen(cname);
		if (cl > 0 && strncmp(hb_buf_str(&p), cname, cl) == 0 &&
		    p.data[cl] == '/' && (f = try_path(r->files, &tmp,
		    r->content, p.data + cl + 1, true, &guessed)) != NULL) {
			found(f, HB_RESOLVE_ROOT, guessed, out, name);
			ok = true;
			goto done;
		}
	}
	for (i = 0; t != NULL && i < t->nstatic; i++)
		if ((f = try_path(r->files, &tmp, t->statics[i],
		    hb_buf_str(&p), false, &guessed)) != NULL) {
			found(f, HB_RESOLVE_STATIC, false, out, name);
			ok = true;
			goto done;
		}
done:
	hb_buf_fini(&p);
	hb_buf_fini(&tmp);
	return ok;
}
