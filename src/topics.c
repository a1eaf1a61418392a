/* Stage 6: the topic registry, alias detection and the topic index of
 * the site (see topics.h). */
#include "topics.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "embedded.h"
#include "model.h"
#include "rx.h"
#include "source.h"
#include "str.h"
#include "xalloc.h"
#include "yml.h"

/* Branches per compiled alternation: keeps each pcre2 program well under
 * its size limit with thousands of topics. */
#define TOPICS_PER_RX 64
#define MAX_TOPICS_BYTES (4u << 20)

static void pf_free(struct hb_topics_prefilter *pf);

void
hb_topics_init(struct hb_topics *t)
{
	memset(t, 0, sizeof(*t));
	hb_arena_init(&t->arena);
}

void
hb_topics_fini(struct hb_topics *t)
{
	size_t i;

	for (i = 0; i < t->nrx; i++) {
		hb_rx_free(t->rx[i]);
		hb_rx_free(t->anchored[i]);
		pf_free(t->pf[i]);
	}
	free(t->rx);
	free(t->anchored);
	free(t->pf);
	hb_arena_fini(&t->arena);
	memset(t, 0, sizeof(*t));
}

static int
cmp_def(const void *a, const void *b)
{
	return strcmp(((const struct hb_topic_def *)a)->id,
	    ((const struct hb_topic_def *)b)->id);
}

const struct hb_topic_def *
hb_topics_find(const struct hb_topics *t, const char *id)
{
	struct hb_topic_def key;

	if (t == NULL || t->n == 0)
		return NULL;
	memset(&key, 0, sizeof(key));
	key.id = id;
	return bsearch(&key, t->v, t->n, sizeof(*t->v), cmp_def);
}

const char *
hb_topic_title(const struct hb_topic_def *t, const char *lang)
{
	bool en = lang != NULL && strcmp(lang, "en") == 0;

	if (en && t->title_en)
		return t->title_en;
	if (t->title_zh)
		return t->title_zh;
	return t->title_en ? t->title_en : t->id;
}

/* ---- loading ---- */

static bool
valid_id(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-' || *s == '_'))
			return false;
	return true;
}

static int
read_topic(struct hb_topics *t, struct hb_diag *d, const char *path,
    const struct hb_yval *v, struct hb_topic_def *def)
{
	size_t i;
	int rc = 0;

	memset(def, 0, sizeof(*def));
	def->file = path;
	def->line = v->line;
	if (v->kind != HB_Y_MAP) {
		struct hb_pos pos = { path, v->line, v->col };

		hb_diag_error(d, &pos, "a topic must be a mapping with 'id' "
		    "and 'title'");
		return -1;
	}
	for (i = 0; i < v->n; i++) {
		const struct hb_ykv *kv = &v->kv[i];
		const struct hb_yval *x = kv->val;
		struct hb_pos pos = { path, kv->line, kv->col };

		if (strcmp(kv->key, "id") == 0) {
			rc |= hb_yml_str(x, d, path, "id", &def->id);
			if (def->id != NULL && !valid_id(def->id)) {
				pos.line = x->line;
				pos.col = x->col;
				hb_diag_error(d, &pos, "topic id '%s' may only "
				    "use a-z, 0-9, '-' and '_'", def->id);
				rc = -1;
			}
		} else if (strcmp(kv->key, "title") == 0) {
			if (x->kind == HB_Y_SCALAR) {
				def->title_zh = x->str;
				def->title_en = x->str;
			} else if (x->kind == HB_Y_MAP) {
				const struct hb_yval *zh = hb_yml_get(x, "zh");
				const struct hb_yval *en = hb_yml_get(x, "en");

				if (zh)
					rc |= hb_yml_str(zh, d, path, "title.zh",
					    &def->title_zh);
				if (en)
					rc |= hb_yml_str(en, d, path, "title.en",
					    &def->title_en);
			} else {
				hb_diag_error(d, &pos, "'title' must be a "
				    "string or {zh: ..., en: ...}");
				rc = -1;
			}
		} else if (strcmp(kv->key, "description") == 0) {
			rc |= hb_yml_str(x, d, path, "description",
			    &def->description);
		} else if (strcmp(kv->key, "aliases") == 0) {
			rc |= hb_yml_strlist(&t->arena, x, d, path, "aliases",
			    &def->aliases, &def->naliases);
		} else if (strcmp(kv->key, "related") == 0) {
			rc |= hb_yml_strlist(&t->arena, x, d, path, "related",
			    &def->related, &def->nrelated);
		} else {
			hb_diag_error(d, &pos, "unknown topic key '%s' (id, "
			    "title, description, aliases, related)", kv->key);
			rc = -1;
		}
	}
	if (def->id == NULL) {
		struct hb_pos pos = { path, v->line, v->col };

		hb_diag_error(d, &pos, "topic without an 'id'");
		rc = -1;
	}
	return rc ? -1 : 0;
}

static bool
is_latin_word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* Appends an alias as a regex branch: a /pattern/ as it is, a literal
 * escaped, with word boundaries on its Latin ends. */
static void
alias_branch(struct hb_buf *b, const char *alias)
{
	size_t n = strlen(alias), i;

	if (n >= 2 && alias[0] == '/' && alias[n - 1] == '/') {
		hb_buf_puts(b, "(?:");
		hb_buf_append(b, alias + 1, n - 2);
		hb_buf_putc(b, ')');
		return;
	}
	if (is_latin_word_char((unsigned char)alias[0]))
		hb_buf_puts(b, "(?<![A-Za-z0-9_])");
	for (i = 0; i < n; i++) {
		char c = alias[i];

		if (strchr("\\^$.|?*+()[]{}", c) != NULL) {
			hb_buf_putc(b, '\\');
			hb_buf_putc(b, c);
		} else if (c == ' ') {
			/* "M:N 调度" also matches "M:N调度". */
			hb_buf_puts(b, "\\s*");
		} else {
			hb_buf_putc(b, c);
		}
	}
	if (is_latin_word_char((unsigned char)alias[n - 1]))
		hb_buf_puts(b, "(?![A-Za-z0-9_])");
}

/* ---- the literal prefilter (issue #12) ----
 *
 * An alternation of a few hundred aliases, caseless, costs pcre2 about
 * 400 ns per byte of Chinese text: every character may start a branch.
 * Most aliases begin with a literal, so a byte trie of those literals
 * (case-folded as pcre2 folds them) finds the few places where a branch
 * can start, and the same alternation compiled anchored runs only there.
 * Matches are exactly the search's: the search tries the same places in
 * the same order, and the trie skips only places where no branch can
 * start. */

struct pf_node {
	uint32_t child;		/* first edge, or UINT32_MAX */
	bool end;		/* a leading literal ends here */
};

struct pf_edge {
	uint32_t to, next;	/* next: the sibling edge, or UINT32_MAX */
	unsigned char byte;
};

struct hb_topics_prefilter {
	uint32_t root[256];	/* node of the first byte, or 0 */
	struct pf_node *nodes;	/* nodes[0] is the root */
	struct pf_edge *edges;
	size_t nnodes, capnodes, nedges, capedges;
};

static void
pf_free(struct hb_topics_prefilter *pf)
{
	if (pf == NULL)
		return;
	free(pf->nodes);
	free(pf->edges);
	free(pf);
}

static uint32_t
pf_node_new(struct hb_topics_prefilter *pf)
{
	pf->nodes = hb_xgrow(pf->nodes, &pf->capnodes, pf->nnodes + 1,
	    sizeof(*pf->nodes));
	pf->nodes[pf->nnodes].child = UINT32_MAX;
	pf->nodes[pf->nnodes].end = false;
	return (uint32_t)pf->nnodes++;
}

static uint32_t
pf_next(const struct hb_topics_prefilter *pf, uint32_t node, unsigned char c)
{
	uint32_t e;

	if (node == 0)
		return pf->root[c];
	for (e = pf->nodes[node].child; e != UINT32_MAX; e = pf->edges[e].next)
		if (pf->edges[e].byte == c)
			return pf->edges[e].to;
	return 0;
}

/* Adds a folded literal of n > 0 bytes. */
static void
pf_add(struct hb_topics_prefilter *pf, const unsigned char *lit, size_t n)
{
	uint32_t node = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t next = pf_next(pf, node, lit[i]);

		if (next == 0) {
			next = pf_node_new(pf);
			if (node == 0) {
				pf->root[lit[i]] = next;
			} else {
				pf->edges = hb_xgrow(pf->edges, &pf->capedges,
				    pf->nedges + 1, sizeof(*pf->edges));
				pf->edges[pf->nedges].to = next;
				pf->edges[pf->nedges].byte = lit[i];
				pf->edges[pf->nedges].next =
				    pf->nodes[node].child;
				pf->nodes[node].child = (uint32_t)pf->nedges++;
			}
		}
		node = next;
	}
	pf->nodes[node].end = true;
}

/* The folded byte at s[i], and how many bytes it stands for: ASCII
 * letters lower-cased, and the two characters pcre2 folds onto ASCII
 * letters (U+212A KELVIN SIGN is k, U+017F LONG S is s). Any other byte
 * is itself: pf_char lets no other cased character into a literal. */
static inline unsigned char
pf_fold(const unsigned char *s, size_t n, size_t i, size_t *len)
{
	unsigned char c = s[i];

	*len = 1;
	if (c >= 'A' && c <= 'Z')
		return (unsigned char)(c + 32);
	if (c == 0xe2 && i + 2 < n && s[i + 1] == 0x84 && s[i + 2] == 0xaa) {
		*len = 3;
		return 'k';
	}
	if (c == 0xc5 && i + 1 < n && s[i + 1] == 0xbf) {
		*len = 2;
		return 's';
	}
	return c;
}

/* Whether a leading literal starts at s[i]. */
static inline bool
pf_hit(const struct hb_topics_prefilter *pf, const unsigned char *s,
    size_t n, size_t i)
{
	uint32_t node = 0;
	size_t len;

	while (i < n) {
		node = pf_next(pf, node, pf_fold(s, n, i, &len));
		if (node == 0)
			return false;
		if (pf->nodes[node].end)
			return true;
		i += len;
	}
	return false;
}

/* The length of the character at s (0 if it cannot go into a literal):
 * ASCII but white space (an alias's space matches any run of it), and
 * the scripts that have no case (CJK, kana, Hangul), so that byte
 * equality is pcre2's caseless equality. */
static size_t
pf_char(const unsigned char *s)
{
	uint32_t cp;

	if (s[0] < 0x80)
		return s[0] > ' ' && s[0] != 0x7f ? 1 : 0;
	if ((s[0] & 0xf0) != 0xe0 || (s[1] & 0xc0) != 0x80 ||
	    (s[2] & 0xc0) != 0x80)
		return 0;
	cp = ((uint32_t)(s[0] & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) |
	    (uint32_t)(s[2] & 0x3f);
	return (cp >= 0x2e80 && cp <= 0x9fff) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) ||
	    (cp >= 0xf900 && cp <= 0xfaff) ? 3 : 0;
}

/* Appends the character at s (k bytes) to lit, folded. */
static void
pf_put(struct hb_buf *lit, const unsigned char *s, size_t k)
{
	if (k == 1 && s[0] >= 'A' && s[0] <= 'Z')
		hb_buf_putc(lit, (char)(s[0] + 32));
	else
		hb_buf_append(lit, (const char *)s, k);
}

/* Whether a /pattern/ has a '|' outside groups and classes: then its
 * leading literal is not every branch's. */
static bool
top_level_bar(const char *p, size_t n)
{
	size_t i;
	int depth = 0;
	bool cls = false;

	for (i = 0; i < n; i++) {
		if (p[i] == '\\')
			i++;
		else if (cls)
			cls = p[i] != ']';
		else if (p[i] == '[')
			cls = true;
		else if (p[i] == '(')
			depth++;
		else if (p[i] == ')')
			depth--;
		else if (p[i] == '|' && depth <= 0)
			return true;
	}
	return false;
}

/* The folded leading literal of an alias into lit (empty when it has
 * none): a plain alias up to its first space or cased non-ASCII
 * character; a /pattern/ after a leading \b, up to the first character
 * that is not a plain or escaped punctuation literal, less a last one
 * that a quantifier makes optional. */
static void
leading_literal(const char *alias, struct hb_buf *lit)
{
	const unsigned char *s = (const unsigned char *)alias;
	size_t n = strlen(alias), i = 0, k;

	hb_buf_reset(lit);
	if (!(n >= 2 && alias[0] == '/' && alias[n - 1] == '/')) {
		while (i < n && (k = pf_char(s + i)) > 0) {
			pf_put(lit, s + i, k);
			i += k;
		}
		return;
	}
	s++;
	n -= 2;
	if (top_level_bar((const char *)s, n))
		return;
	if (n >= 2 && s[0] == '\\' && (s[1] == 'b' || s[1] == 'B'))
		i = 2;
	while (i < n) {
		size_t at = i, before = lit->len;

		if (s[i] == '\\' && i + 1 < n && s[i + 1] < 0x80 &&
		    !((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z') &&
		    !(s[i + 1] >= '0' && s[i + 1] <= '9'))
			at = i + 1;
		else if (strchr("\\^$.|?*+()[]{}", s[i]) != NULL)
			break;
		k = pf_char(s + at);
		if (k == 0 || at + k > n)
			break;
		pf_put(lit, s + at, k);
		i = at + k;
		if (i < n && (s[i] == '?' || s[i] == '*' || s[i] == '{')) {
			lit->len = before;
			break;
		}
		if (i < n && s[i] == '+')
			break;
	}
}

/* The prefilter of topics v[start..end), or NULL when an alias has no
 * leading literal. */
static struct hb_topics_prefilter *
prefilter(const struct hb_topics *t, size_t start, size_t end)
{
	struct hb_topics_prefilter *pf = hb_xcalloc(1, sizeof(*pf));
	struct hb_buf lit;
	size_t i, k;

	hb_buf_init(&lit, HB_BUF_NOCAP);
	pf_node_new(pf);
	for (i = start; i < end; i++)
		for (k = 0; k < t->v[i].naliases; k++) {
			leading_literal(t->v[i].aliases[k], &lit);
			if (lit.len == 0) {
				pf_free(pf);
				hb_buf_fini(&lit);
				return NULL;
			}
			pf_add(pf, (const unsigned char *)lit.data, lit.len);
		}
	hb_buf_fini(&lit);
	return pf;
}

/* Checks each /pattern/ alone first so a bad one is reported at its own
 * line, then builds the combined alternations. */
static int
compile(struct hb_topics *t, struct hb_diag *d, const struct hb_yval *root)
{
	struct hb_buf b;
	size_t i, k, start;
	int rc = 0;

	hb_buf_init(&b, HB_BUF_NOCAP);
	for (i = 0; i < t->n; i++) {
		for (k = 0; k < t->v[i].naliases; k++) {
			const char *al = t->v[i].aliases[k];
			size_t n = strlen(al);
			struct hb_pos pos = { t->v[i].file, t->v[i].line, 1 };
			struct hb_rx *one;

			if (n == 0) {
				hb_diag_error(d, &pos, "empty alias in topic "
				    "'%s'", t->v[i].id);
				rc = -1;
				continue;
			}
			if (!(n >= 2 && al[0] == '/' && al[n - 1] == '/'))
				continue;
			hb_buf_reset(&b);
			alias_branch(&b, al);
			one = hb_rx_compile(hb_buf_str(&b), HB_RX_CASELESS |
			    HB_RX_NO_JIT, d, &pos);
			if (one == NULL)
				rc = -1;
			hb_rx_free(one);
		}
	}
	(void)root;
	for (start = 0; rc == 0 && start < t->n; start += TOPICS_PER_RX) {
		size_t end = start + TOPICS_PER_RX < t->n ?
		    start + TOPICS_PER_RX : t->n;
		bool any = false;
		struct hb_rx *rx;

		hb_buf_reset(&b);
		for (i = start; i < end; i++) {
			if (t->v[i].naliases == 0)
				continue;
			if (any)
				hb_buf_putc(&b, '|');
			any = true;
			hb_buf_puts(&b, "(?:");
			for (k = 0; k < t->v[i].naliases; k++) {
				if (k > 0)
					hb_buf_putc(&b, '|');
				alias_branch(&b, t->v[i].aliases[k]);
			}
			hb_buf_printf(&b, ")(*MARK:%zu)", i);
		}
		if (!any)
			continue;
		rx = hb_rx_compile(hb_buf_str(&b), HB_RX_CASELESS, d, NULL);
		if (rx == NULL) {
			rc = -1;
			break;
		}
		t->rx = hb_xrealloc(t->rx, (t->nrx + 1) * sizeof(*t->rx));
		t->anchored = hb_xrealloc(t->anchored, (t->nrx + 1) *
		    sizeof(*t->anchored));
		t->pf = hb_xrealloc(t->pf, (t->nrx + 1) * sizeof(*t->pf));
		t->rx[t->nrx] = rx;
		t->pf[t->nrx] = prefilter(t, start, end);
		t->anchored[t->nrx] = t->pf[t->nrx] == NULL ? NULL :
		    hb_rx_compile(hb_buf_str(&b), HB_RX_CASELESS |
		    HB_RX_ANCHORED, d, NULL);
		t->nrx++;
	}
	hb_buf_fini(&b);
	return rc;
}

/* The topics of a registry file: a list, or {topics: [...],
 * replace: true|false}. Returns 0, or -1 after an error at path. */
static int
topics_list(const struct hb_yval *root, const char *path, struct hb_diag *d,
    const struct hb_yval **list, bool *replace)
{
	size_t i;
	int rc = 0;

	*list = NULL;
	*replace = false;
	if (root->kind == HB_Y_SEQ) {
		*list = root;
		return 0;
	}
	if (root->kind != HB_Y_MAP) {
		struct hb_pos pos = { path, root->line, root->col };

		hb_diag_error(d, &pos, "the topics file must be a list of "
		    "topics ('- id: gc ...')");
		return -1;
	}
	for (i = 0; i < root->n; i++) {
		const struct hb_ykv *kv = &root->kv[i];
		struct hb_pos pos = { path, kv->line, kv->col };

		if (strcmp(kv->key, "topics") == 0) {
			if (kv->val->kind == HB_Y_SEQ) {
				*list = kv->val;
				continue;
			}
			pos.line = kv->val->line;
			pos.col = kv->val->col;
			hb_diag_error(d, &pos, "'topics' must be a list of "
			    "topics ('- id: gc ...')");
			rc = -1;
		} else if (strcmp(kv->key, "replace") == 0) {
			rc |= hb_yml_bool(kv->val, d, path, "replace", replace);
		} else {
			hb_diag_error(d, &pos, "unknown key '%s' in the topics "
			    "file (topics, replace)", kv->key);
			rc = -1;
		}
	}
	return rc;
}

/* Reads the topics of list (from path) into v[*n...]. */
static int
read_list(struct hb_topics *t, struct hb_diag *d, const char *path,
    const struct hb_yval *list, struct hb_topic_def *v, size_t *n)
{
	size_t i;
	int rc = 0;

	for (i = 0; list != NULL && i < list->n; i++) {
		if (read_topic(t, d, path, list->items[i], &v[*n]) != 0)
			rc = -1;
		else
			(*n)++;
	}
	return rc;
}

static const struct hb_embedded *
builtin(void)
{
	size_t i;

	for (i = 0; hb_embedded_files[i].path != NULL; i++)
		if (strcmp(hb_embedded_files[i].path, HB_TOPICS_BUILTIN) == 0)
			return &hb_embedded_files[i];
	return NULL;
}

int
hb_topics_load(struct hb_topics *t, struct hb_source *src, const char *path,
    bool required, struct hb_diag *d)
{
	const struct hb_embedded *e = builtin();
	const struct hb_yval *ulist = NULL, *blist = NULL;
	struct hb_yval *root = NULL, *broot = NULL;
	struct hb_topic_def *u = NULL;
	struct hb_buf raw;
	size_t i, k, nu = 0, nb = 0;
	bool replace = false, dummy;
	int rc = -1;

	hb_buf_init(&raw, MAX_TOPICS_BYTES);
	if (hb_source_exists(src, path)) {
		t->path = hb_arena_strdup(&t->arena, path);
		if (hb_source_read(src, path, &raw, d) != 0)
			goto done;
		root = hb_yml_parse(&t->arena, d, t->path, hb_buf_str(&raw),
		    raw.len, 0);
		if (root == NULL ||
		    topics_list(root, t->path, d, &ulist, &replace) != 0)
			goto done;
	} else if (required) {
		struct hb_pos pos = { path, 0, 0 };

		hb_diag_error(d, &pos, "topics file not found (config "
		    "'topics')");
		goto done;
	}
	/* The built-in registry first, unless the handbook replaces it. */
	if (!replace && e != NULL) {
		broot = hb_yml_parse(&t->arena, d, HB_TOPICS_BUILTIN,
		    (const char *)e->data, e->len, 0);
		if (broot == NULL || topics_list(broot, HB_TOPICS_BUILTIN, d,
		    &blist, &dummy) != 0)
			goto done;
	}
	t->v = hb_arena_alloc(&t->arena, ((blist ? blist->n : 0) +
	    (ulist ? ulist->n : 0) + 1) * sizeof(*t->v));
	u = hb_xcalloc((ulist ? ulist->n : 0) + 1, sizeof(*u));
	rc = read_list(t, d, HB_TOPICS_BUILTIN, blist, t->v, &nb);
	rc |= read_list(t, d, t->path, ulist, u, &nu);
	if (nu > 1)
		qsort(u, nu, sizeof(*u), cmp_def);
	for (i = 1; i < nu; i++) {
		if (strcmp(u[i].id, u[i - 1].id) == 0) {
			struct hb_pos pos = { t->path, u[i].line, 1 };

			hb_diag_error(d, &pos, "duplicate topic id '%s' (also "
			    "at line %d)", u[i].id, u[i - 1].line);
			rc = -1;
		}
	}
	/* A handbook topic replaces the built-in one of its id. */
	for (i = 0, t->n = 0; i < nb; i++)
		if (nu == 0 || bsearch(&t->v[i], u, nu, sizeof(*u),
		    cmp_def) == NULL)
			t->v[t->n++] = t->v[i];
	for (i = 0; i < nu; i++)
		t->v[t->n++] = u[i];
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(*t->v), cmp_def);
	/* Related topics must exist. */
	for (i = 0; i < t->n; i++)
		for (k = 0; k < t->v[i].nrelated; k++)
			if (hb_topics_find(t, t->v[i].related[k]) == NULL) {
				struct hb_pos pos = { t->v[i].file,
					t->v[i].line, 1 };

				hb_diag_error(d, &pos, "topic '%s' names an "
				    "unknown related topic '%s'", t->v[i].id,
				    t->v[i].related[k]);
				rc = -1;
			}
	if (rc == 0)
		rc = compile(t, d, root);
done:
	free(u);
	hb_buf_fini(&raw);
	return rc;
}

/* ---- scanning ---- */

/* Whether text[at..n) has a match of t's alternation r; fills *m. The
 * prefilter's places in order, then the anchored regex at each: the
 * first hit is where the search would have stopped. */
static int
next_match(const struct hb_topics *t, size_t r, struct hb_rx_scratch *s,
    const char *text, size_t n, size_t at, struct hb_rx_m *m)
{
	const struct hb_topics_prefilter *pf = t->pf[r];
	const unsigned char *u = (const unsigned char *)text;

	if (pf == NULL || t->no_prefilter)
		return hb_rx_match_valid(t->rx[r], s, text, n, at, m);
	for (; at < n; at++) {
		int got;

		if ((u[at] & 0xc0) == 0x80 || !pf_hit(pf, u, n, at))
			continue;
		got = hb_rx_match_valid(t->anchored[r], s, text, n, at, m);
		if (got != 0)
			return got;
	}
	return 0;
}

void
hb_topics_scan(const struct hb_topics *t, struct hb_rx_scratch *s,
    const char *text, size_t n,
    bool (*fn)(void *ctx, size_t topic, size_t start, size_t end),
    void *ctx)
{
	size_t r;

	for (r = 0; r < t->nrx; r++) {
		size_t at = 0;
		struct hb_rx_m m;

		while (at <= n && next_match(t, r, s, text, n, at, &m) == 1) {
			size_t topic = m.mark ? strtoul(m.mark, NULL, 10) : 0;

			if (m.mark != NULL && topic < t->n &&
			    !fn(ctx, topic, (size_t)m.start, (size_t)m.end))
				return;
			/* An empty match must still move forward. */
			at = (size_t)m.end > at ? (size_t)m.end : at + 1;
			while (at < n && ((unsigned char)text[at] & 0xc0) ==
			    0x80)
				at++;
		}
	}
}

/* Per-question scores: where a topic is mentioned weighs more than how
 * often. */
struct score {
	unsigned *title, *prompt, *body;
	int where;	/* 0 title, 1 prompt, 2 body */
};

static bool
count(void *ctx, size_t topic, size_t start, size_t end)
{
	struct score *s = ctx;

	(void)start;
	(void)end;
	if (s->where == 0)
		s->title[topic]++;
	else if (s->where == 1)
		s->prompt[topic]++;
	else
		s->body[topic]++;
	return true;
}

void
hb_topics_detect(const struct hb_topics *t, struct hb_rx_scratch *s,
    struct hb_question *q, struct hb_arena *a)
{
	struct score sc;
	const char **v;
	size_t i, k, n = 0, nbody = 0;
	unsigned maxbody = 0;

	if (t == NULL || t->n == 0 || t->nrx == 0)
		return;
	sc.title = hb_xcalloc(3 * t->n, sizeof(unsigned));
	sc.prompt = sc.title + t->n;
	sc.body = sc.prompt + t->n;
	sc.where = 0;
	hb_topics_scan(t, s, q->title, strlen(q->title), count, &sc);
	sc.where = 1;
	if (q->prompt)
		hb_topics_scan(t, s, q->prompt, strlen(q->prompt), count, &sc);
	sc.where = 2;
	for (i = 0; i < q->nanswers; i++)
		hb_topics_scan(t, s, q->answers[i].markdown,
		    strlen(q->answers[i].markdown), count, &sc);
	v = hb_arena_alloc(a, (q->ntopics + t->n + 1) * sizeof(*v));
	for (k = 0; k < q->ntopics; k++)
		v[n++] = q->topics[k];
	for (i = 0; i < t->n; i++)
		if (sc.body[i] > maxbody)
			maxbody = sc.body[i];
	for (i = 0; i < t->n; i++) {
		/* A mention in the title tags the question; one in the
		 * prompt needs one more anywhere. A topic only the answers
		 * talk about needs three mentions and at least half as many
		 * as the most discussed topic, and only the two strongest
		 * such topics count: a long answer mentions everything. */
		unsigned prompt = sc.prompt[i] > 2 ? 2 : sc.prompt[i];
		bool tag = sc.title[i] > 0 ||
		    (prompt > 0 && 2 * prompt + sc.body[i] >= 3);

		if (!tag && sc.body[i] >= 3 && 2 * sc.body[i] >= maxbody &&
		    nbody < 2) {
			/* Stronger body-only topics first: count those that
			 * beat this one; skip it if two already do. */
			size_t stronger = 0;

			for (k = 0; k < t->n; k++)
				if (sc.title[k] == 0 && sc.prompt[k] == 0 &&
				    (sc.body[k] > sc.body[i] ||
				    (sc.body[k] == sc.body[i] && k < i)))
					stronger++;
			if (stronger < 2) {
				tag = true;
				nbody++;
			}
		}
		if (!tag)
			continue;
		/* Copied: a document owns every string in it (model.h),
		 * so it outlives the registry (serve keeps documents). */
		if (hb_topics_ids_add(v, n, t->v[i].id) > n)
			v[n++] = hb_arena_strdup(a, t->v[i].id);
	}
	free(sc.title);
	hb_topics_ids_sort(v, n);
	q->topics = v;
	q->ntopics = n;
}

/* ---- the site's topic index ---- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
cmp_topic(const void *a, const void *b)
{
	return strcmp(((const struct hb_topic_ref *)a)->id,
	    ((const struct hb_topic_ref *)b)->id);
}

void
hb_topics_collect(struct hb_site *site, const struct hb_topics *reg,
    const char *lang)
{
	const char **ids = NULL;
	size_t nids = 0, cap = 0, i, j, k, u = 0;

	for (i = 0; i < site->ndocs; i++)
		for (j = 0; j < site->docs[i]->nquestions; j++) {
			const struct hb_question *q =
			    &site->docs[i]->questions[j];

			for (k = 0; k < q->ntopics; k++) {
				ids = hb_xgrow(ids, &cap, nids + 1,
				    sizeof(*ids));
				ids[nids++] = q->topics[k];
			}
		}
	if (nids > 1)
		qsort(ids, nids, sizeof(*ids), cmp_str);
	for (i = 0; i < nids; i++)
		if (u == 0 || strcmp(ids[u - 1], ids[i]) != 0)
			ids[u++] = ids[i];
	site->topics = hb_arena_alloc(&site->arena,
	    (u + 1) * sizeof(*site->topics));
	site->ntopics = u;
	for (i = 0; i < u; i++) {
		const struct hb_topic_def *def = hb_topics_find(reg, ids[i]);

		site->topics[i].id = hb_arena_strdup(&site->arena, ids[i]);
		site->topics[i].title = def ? hb_topic_title(def, lang) :
		    site->topics[i].id;
		site->topics[i].def = def;
	}
	/* Second pass: questions per topic, in site order. */
	for (i = 0; i < site->ndocs; i++)
		for (j = 0; j < site->docs[i]->nquestions; j++) {
			struct hb_question *q = &site->docs[i]->questions[j];

			for (k = 0; k < q->ntopics; k++) {
				struct hb_topic_ref key;
				struct hb_topic_ref *t;
				size_t n;

				memset(&key, 0, sizeof(key));
				key.id = q->topics[k];
				t = bsearch(&key, site->topics, u,
				    sizeof(*site->topics), cmp_topic);
				if (t == NULL)
					continue;
				n = t->nquestions;
				/* Grow by doubling inside the site arena. */
				if ((n & (n - 1)) == 0) {
					struct hb_question **v = hb_arena_alloc(
					    &site->arena, (n ? 2 * n : 1) *
					    sizeof(*v));

					if (n)
						memcpy(v, t->questions,
						    n * sizeof(*v));
					t->questions = v;
				}
				t->questions[t->nquestions++] = q;
			}
		}
	free(ids);
}

/* ---- a question's topic ids ---- */

size_t
hb_topics_ids_add(const char **v, size_t n, const char *id)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (strcmp(v[k], id) == 0)
			return n;
	v[n] = id;
	return n + 1;
}

void
hb_topics_ids_sort(const char **v, size_t n)
{
	size_t i, k;

	/* Insertion sort: a question has a handful of topics. */
	for (i = 1; i < n; i++)
		for (k = i; k > 0 && strcmp(v[k - 1], v[k]) > 0; k--) {
			const char *x = v[k];

			v[k] = v[k - 1];
			v[k - 1] = x;
		}
}
