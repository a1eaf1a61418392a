/* Stage 7 (write): the handbook's repository as pages show it: the
 * forge of its URL, "edit this page" and history links, and the build
 * date (SOURCE_DATE_EPOCH or the commit's, never the clock). See
 * repo.h. */
#include "repo.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "source_git.h"
#include "str.h"

/* ---- links ---- */

/* "https://host/owner/repo" from https, ssh:// and scp-like
 * (git@host:owner/repo.git) URLs, without a trailing slash or ".git";
 * host and hostlen locate the host name in b. */
static void
web_url(struct hb_buf *b, const char *url, size_t *host, size_t *hostlen)
{
	size_t n = strlen(url);
	const char *s = hb_trim(url, &n), *sep, *at;

	hb_buf_reset(b);
	while (n > 0 && s[n - 1] == '/')
		n--;
	if (n > 4 && memcmp(s + n - 4, ".git", 4) == 0)
		n -= 4;
	sep = hb_memmem(s, n, "://", 3);
	if (sep != NULL && (size_t)(sep - s) == 3 && memcmp(s, "ssh", 3) == 0) {
		/* ssh://git@host/owner/repo */
		n -= 6;
		s += 6;
		sep = NULL;
	}
	if (sep == NULL) {
		const char *colon = memchr(s, ':', n);
		const char *slash = memchr(s, '/', n);

		at = memchr(s, '@', n);
		if (at != NULL && (slash == NULL || at < slash)) {
			n -= (size_t)(at + 1 - s);
			s = at + 1;
			colon = memchr(s, ':', n);
			slash = memchr(s, '/', n);
		}
		hb_buf_puts(b, "https://");
		if (colon != NULL && (slash == NULL || colon < slash)) {
			/* host:owner/repo; a port is not a path */
			size_t k = (size_t)(colon + 1 - s);

			hb_buf_append(b, s, (size_t)(colon - s));
			if (k < n && (s[k] < '0' || s[k] > '9'))
				hb_buf_putc(b, '/');
			else
				hb_buf_putc(b, ':');
			n -= k;
			s += k;
		}
	}
	hb_buf_append(b, s, n);
	sep = strstr(hb_buf_str(b), "://");
	*host = sep != NULL ? (size_t)(sep + 3 - b->data) : 0;
	*hostlen = strcspn(hb_buf_str(b) + *host, "/:");
}

enum hb_forge
hb_repo_forge(const char *repo_url)
{
	struct hb_buf b;
	size_t host, hl;
	char h[256];
	enum hb_forge f = HB_FORGE_UNKNOWN;

	if (repo_url == NULL)
		return f;
	hb_buf_init(&b, HB_BUF_NOCAP);
	web_url(&b, repo_url, &host, &hl);
	if (hl >= sizeof(h))
		hl = sizeof(h) - 1;
	for (size_t i = 0; i < hl; i++) {
		char c = b.data[host + i];

		h[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	h[hl] = '\0';
	if (strstr(h, "github") != NULL)
		f = HB_FORGE_GITHUB;
	else if (strstr(h, "gitlab") != NULL)
		f = HB_FORGE_GITLAB;
	else if (strstr(h, "gitea") != NULL || strstr(h, "forgejo") != NULL ||
	    strcmp(h, "codeberg.org") == 0)
		f = HB_FORGE_GITEA;
	hb_buf_fini(&b);
	return f;
}

/* Expands {path} and {branch} in pattern (values URL-encoded). */
static const char *
expand(struct hb_arena *a, const char *pattern, const char *branch,
    const char *path)
{
	struct hb_buf b;
	const char *p = pattern, *r;

	hb_buf_init(&b, HB_BUF_NOCAP);
	while (*p) {
		if (strncmp(p, "{path}", 6) == 0) {
			hb_url_path(&b, path, strlen(path));
			p += 6;
		} else if (strncmp(p, "{branch}", 8) == 0) {
			hb_url_path(&b, branch, strlen(branch));
			p += 8;
		} else {
			hb_buf_putc(&b, *p++);
		}
	}
	r = hb_arena_strndup(a, hb_buf_str(&b), b.len);
	hb_buf_fini(&b);
	return r;
}

static const char *
forge_url(struct hb_arena *a, const char *repo_url, const char *branch,
    const char *path, bool edit)
{
	static const char *const pat[][2] = {
		[HB_FORGE_GITHUB] = { "/edit/{branch}/{path}",
		    "/commits/{branch}/{path}" },
		[HB_FORGE_GITLAB] = { "/-/edit/{branch}/{path}",
		    "/-/commits/{branch}/{path}" },
		[HB_FORGE_GITEA] = { "/_edit/{branch}/{path}",
		    "/commits/branch/{branch}/{path}" },
	};
	enum hb_forge f = hb_repo_forge(repo_url);
	struct hb_buf b;
	size_t host, hl;
	const char *r;

	if (f == HB_FORGE_UNKNOWN)
		return NULL;
	hb_buf_init(&b, HB_BUF_NOCAP);
	web_url(&b, repo_url, &host, &hl);
	hb_buf_puts(&b, pat[f][edit ? 0 : 1]);
	r = expand(a, hb_buf_str(&b), branch ? branch : "main", path);
	hb_buf_fini(&b);
	return r;
}

const char *
hb_repo_edit_url(struct hb_arena *a, const char *repo_url,
    const char *branch, const char *edit_url, const char *path)
{
	if (edit_url != NULL && edit_url[0] != '\0')
		return expand(a, edit_url, branch ? branch : "main", path);
	if (repo_url == NULL || repo_url[0] == '\0')
		return NULL;
	return forge_url(a, repo_url, branch, path, true);
}

const char *
hb_repo_log_url(struct hb_arena *a, const char *repo_url,
    const char *branch, const char *path)
{
	if (repo_url == NULL || repo_url[0] == '\0')
		return NULL;
	return forge_url(a, repo_url, branch, path, false);
}

/* ---- dates ---- */

const char *
hb_repo_build_date(struct hb_arena *a, struct hb_git *g,
    struct hb_diag *d)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");

	if (s != NULL && s[0] != '\0') {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(s, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0 &&
		    s[0] >= '0' && s[0] <= '9') {
			char buf[24];

			if (hb_iso_date(buf, v))
				return hb_arena_strdup(a, buf);
		}
		hb_diag_warning(d, NULL, "SOURCE_DATE_EPOCH '%s' is not a "
		    "number of seconds since 1970; ignored", s);
	}
	if (g != NULL && hb_git_date(g) != NULL)
		return hb_arena_strdup(a, hb_git_date(g));
	return NULL;
}
