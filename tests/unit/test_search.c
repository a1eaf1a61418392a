/* Unit tests: search.c (issue #5): index
 * content and field weights, determinism, sharding, escaping.
 *
 * The binary also writes indexes for other tests and for benchmarks:
 *   test_search --emit-content DIR OUT   index of the handbook at DIR
 *   test_search --emit-cases TSV OUT     one index per case of the
 *                                        ranking table (tests/js)
 *   test_search --shards N TOKEN...      the shard of each token
 * The first prints the sizes as "key value" lines. */
#include "harness.h"
#include "util.h"

#include <dirent.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "links.h"
#include "output.h"
#include "search.h"
#include "str.h"
#include "tokenize.h"
#include "topics.h"

static char tmpdir[64];
static int serial;

/* ---- helpers ---- */

/* Builds a site from (path, markdown) pairs ending with NULL. The site
 * owns the documents; diagnostics go to *d. */
static void
site_from(struct hb_site *site, struct hb_diag *d, const char *const *docs)
{
	size_t i;

	hb_site_init(site);
	for (i = 0; docs[i] != NULL; i += 2) {
		struct hb_document *doc = t_load(docs[i], docs[i + 1], d);

		if (doc != NULL)
			hb_site_add(site, doc);
	}
	hb_site_sort(site);
	hb_links_assign_ids(site, d);
	hb_topics_collect(site, NULL, "zh");
}

/* Writes the index of site into a fresh folder; returns its path
 * (static storage, valid until the next call) or NULL. */
static const char *
write_index(const struct hb_site *site, struct hb_search_assets *a)
{
	static char out[128];
	struct hb_diag d;
	struct hb_output *o;
	int rc;

	hb_diag_init(&d);
	snprintf(out, sizeof(out), "%s/out%d", tmpdir, serial++);
	o = hb_output_begin(out, &d);
	if (o == NULL) {
		hb_diag_fini(&d);
		return NULL;
	}
	rc = hb_search_write(site, o, a, &d);
	if (rc != 0) {
		hb_output_abort(o);
		hb_diag_fini(&d);
		return NULL;
	}
	rc = hb_output_commit(o);
	hb_diag_fini(&d);
	return rc == 0 ? out : NULL;
}

/* Returns the contents of dir/assets/search/name, owned, or NULL. */
static char *
read_asset(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s%s", dir, HB_SEARCH_DIR, name);
	return t_slurp(path);
}

/* Returns the file name in dir/assets/search/ that starts with prefix
 * followed by '.', owned, or NULL. */
static char *
find_asset(const char *dir, const char *prefix)
{
	char path[512];
	DIR *dp;
	struct dirent *e;
	char *found = NULL;
	size_t n = strlen(prefix);

	snprintf(path, sizeof(path), "%s/%s", dir, HB_SEARCH_DIR);
	dp = opendir(path);
	if (dp == NULL)
		return NULL;
	while ((e = readdir(dp)) != NULL)
		if (strncmp(e->d_name, prefix, n) == 0 && e->d_name[n] == '.')
			found = strdup(e->d_name);
	closedir(dp);
	return found;
}

/* Concatenates every file of dir/assets/search/ in name order (names
 * and contents), owned. Two equal results mean two equal indexes. */
static char *
read_all(const char *dir, size_t *nfiles)
{
	char path[512];
	struct dirent **list = NULL;
	struct hb_buf b;
	int n, i;

	snprintf(path, sizeof(path), "%s/%s", dir, HB_SEARCH_DIR);
	n = scandir(path, &list, NULL, alphasort);
	hb_buf_init(&b, HB_BUF_NOCAP);
	*nfiles = 0;
	for (i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.') {
			char *s = read_asset(dir, list[i]->d_name);

			hb_buf_printf(&b, "== %s\n%s", list[i]->d_name,
			    s ? s : "(unreadable)");
			free(s);
			(*nfiles)++;
		}
		free(list[i]);
	}
	free(list);
	return hb_buf_detach(&b);
}

/* ---- a decoder for the payload strings (the format of search.c) ---- */

static const char digits[] =
    "#$%&'()*+,-./0123456789:;=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdef"
    "ghijklmnopqrstuvwxyz{|}~";

static int
digit(char c)
{
	const char *p = strchr(digits, c);

	return p && c ? (int)(p - digits) : -1;
}

/* Reads one number at *s; advances *s. */
static uint64_t
get_num(const char **s)
{
	uint64_t base = 0, span = 64, q = 0;
	int k = 1, d;

	while ((d = digit(**s)) >= 64) {
		q = q * 26 + (uint64_t)(d - 64);
		(*s)++;
		k++;
	}
	(*s)++;
	while (--k > 0) {
		base += span;
		span *= 26;
	}
	return base + q * 64 + (uint64_t)d;
}

struct plist {
	size_t n;
	uint32_t rec[64];
	unsigned imp[64];
};

/* Decodes a postings string of at most 64 postings for nrec records
 * (coarse impacts come back as title bit | quarter * 8 + 5). */
static int
decode_postings(const char *s, size_t nrec, struct plist *pl)
{
	uint64_t h = get_num(&s);
	size_t i, b;
	long long prev = -1;

	pl->n = (size_t)(h >> 2);
	if (pl->n > 64)
		return -1;
	if (h & 1) {
		size_t k = 0;

		for (i = 0; i < (nrec + 5) / 6; i++) {
			int v = digit(*s++);

			for (b = 0; b < 6; b++)
				if (v & (1 << b))
					pl->rec[k++] = (uint32_t)(i * 6 + b);
		}
	} else {
		for (i = 0; i < pl->n; i++) {
			prev += (long long)get_num(&s) + 1;
			pl->rec[i] = (uint32_t)prev;
		}
	}
	for (i = 0; i < pl->n; i++) {
		unsigned v;

		if (!(h & 2)) {
			pl->imp[i] = (unsigned)digit(*s++);
			continue;
		}
		v = (unsigned)digit(*s);
		if (i % 2 == 1 || i + 1 == pl->n)
			s++;
		v = i % 2 ? v >> 3 : v & 7;
		pl->imp[i] = (v & 4 ? 32u : 0u) | ((v & 3) * 8 + 5);
	}
	return *s == '"' ? 0 : -1;
}

/* Finds "tok","<payload>" in a shard file; returns the
 * payload's start inside text, or NULL. */
static const char *
payload_of(const char *text, const char *tok)
{
	char key[256];
	const char *p;

	snprintf(key, sizeof(key), "\"%s\",\"", tok);
	p = strstr(text, key);
	return p ? p + strlen(key) : NULL;
}

/* The positions string of tok in a shard's text, or NULL. */
static const char *
positions_of(const char *text, const char *tok)
{
	const char *p = payload_of(text, tok);

	p = p ? strchr(p, '"') : NULL;
	return p && strncmp(p, "\",\"", 3) == 0 ? p + 3 : NULL;
}

/* Returns the shard file's text holding tok, owned, or NULL. */
static char *
shard_text(const char *dir, const struct hb_search_assets *a,
    const char *tok)
{
	char prefix[32];
	char *name, *text;

	snprintf(prefix, sizeof(prefix), "s%u",
	    hb_search_shard_of(tok, strlen(tok), a->shards));
	name = find_asset(dir, prefix);
	if (name == NULL)
		return NULL;
	text = read_asset(dir, name);
	free(name);
	return text;
}

static int
postings_of(const char *dir, const struct hb_search_assets *a,
    const char *tok, struct plist *pl)
{
	char *text = shard_text(dir, a, tok);
	const char *p = text ? payload_of(text, tok) : NULL;
	int rc = p ? decode_postings(p, a->records, pl) : -1;

	free(text);
	return rc;
}

/* ---- emit modes ---- */

static void
print_assets(const struct hb_search_assets *a, const char *out)
{
	printf("out %s\nindex %s\nrecords %zu\nquestions %zu\ntokens %zu\n"
	    "postings %zu\npositions %zu\nshards %zu\nchunks %zu\n"
	    "chunk_records %zu\nvocab %zu\nfiles %zu\nbytes %zu\n"
	    "entry_bytes %zu\nmeta_bytes %zu\nshard_bytes %zu\n"
	    "chunk_bytes %zu\nvocab_bytes %zu\n", out,
	    a->index, a->records, a->questions, a->tokens, a->postings,
	    a->positions, a->shards, a->chunks, a->chunk_records, a->vocab,
	    a->files, a->bytes, a->entry_bytes, a->meta_bytes,
	    a->shard_bytes, a->chunk_bytes, a->vocab_bytes);
}

static double
now_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
emit_content(const char *dir, const char *out)
{
	struct hb_options opts;
	struct hb_build b;
	struct hb_search_assets a;
	struct hb_output *o;
	double t0, t1, c0, c1;
	int rc = 3;

	memset(&opts, 0, sizeof(opts));
	opts.cmd = HB_CMD_BUILD;
	opts.dir = dir;
	if (hb_build_init(&b, &opts, dir) != 0 ||
	    hb_build_load_content(&b) != 0 || hb_build_link(&b) != 0)
		goto done;
	o = hb_output_begin(out, &b.diag);
	if (o == NULL)
		goto done;
	t0 = now_ms(CLOCK_MONOTONIC);
	c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
	if (hb_search_write(&b.site, o, &a, &b.diag) != 0) {
		hb_output_abort(o);
		goto done;
	}
	t1 = now_ms(CLOCK_MONOTONIC);
	c1 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
	if (hb_output_commit(o) != 0)
		goto done;
	print_assets(&a, out);
	printf("build_ms %.1f\nbuild_cpu_ms %.1f\n", t1 - t0, c1 - c0);
	rc = 0;
done:
	if (rc != 0)
		hb_diag_print(&b.diag, stderr, HB_DIAG_TEXT);
	hb_build_fini(&b);
	return rc;
}

/* Like strtok_r on "\n", but empty lines are lines too. */
static char *
next_line(char **save, char *text)
{
	char *s = text ? text : *save, *nl;

	if (s == NULL || *s == '\0')
		return NULL;
	nl = strchr(s, '\n');
	if (nl != NULL) {
		*nl = '\0';
		*save = nl + 1;
	} else {
		*save = s + strlen(s);
	}
	return s;
}

/* The ranking table: blocks separated by lines "== case NAME"; inside,
 * "-- doc PATH" starts a document whose Markdown follows up to the next
 * "-- " or "== " line; other "-- " lines (queries, expectations) are
 * for tests/js/search.test.js. Each case gets OUT/NAME/. */
static int
emit_cases(const char *tsv, const char *outdir)
{
	char *text = t_slurp(tsv), *line, *save = NULL, *name = NULL;
	const char *docs[64];
	struct hb_buf md[32];
	size_t nd = 0, i;
	int rc = 0;

	if (text == NULL) {
		fprintf(stderr, "cannot read %s\n", tsv);
		return 3;
	}
	for (i = 0; i < 32; i++)
		hb_buf_init(&md[i], HB_BUF_NOCAP);
	mkdir(outdir, 0755);
	line = next_line(&save, text);
	for (;;) {
		bool end = line == NULL || strncmp(line, "== ", 3) == 0;

		if (end && name != NULL) {
			struct hb_site site;
			struct hb_diag d;
			struct hb_output *o;
			struct hb_search_assets a;
			char out[512];

			for (i = 0; i < nd; i++)
				docs[2 * i + 1] = hb_buf_str(&md[i]);
			docs[2 * nd] = NULL;
			hb_diag_init(&d);
			site_from(&site, &d, docs);
			snprintf(out, sizeof(out), "%s/%s", outdir, name);
			o = hb_output_begin(out, &d);
			if (o == NULL ||
			    hb_search_write(&site, o, &a, &d) != 0 ||
			    hb_output_commit(o) != 0)
				rc = 3;
			else
				printf("case %s %s\n", name, a.index);
			hb_diag_fini(&d);
			hb_site_fini(&site);
			for (i = 0; i < nd; i++)
				free((char *)docs[2 * i]);
			nd = 0;
			name = NULL;
		}
		if (line == NULL)
			break;
		if (strncmp(line, "== case ", 8) == 0) {
			name = line + 8;
		} else if (strncmp(line, "-- doc ", 7) == 0 && nd < 32) {
			docs[2 * nd] = strdup(line + 7);
			hb_buf_reset(&md[nd]);
			nd++;
		} else if (strncmp(line, "-- ", 3) == 0) {
			/* a query or an expectation: not ours */
		} else if (nd > 0) {
			hb_buf_puts(&md[nd - 1], line);
			hb_buf_putc(&md[nd - 1], '\n');
		}
		line = next_line(&save, NULL);
	}
	for (i = 0; i < 32; i++)
		hb_buf_fini(&md[i]);
	free(text);
	return rc;
}

/* ---- tests ---- */

static const char *const small_site[] = {
	"rec.md",
	"# Go 面试\n\n### 第一轮\n\n#### 1. GC 与三色标记\n\n"
	"**面试官**: 讲讲三色标记和写屏障。\n\n"
	"**候选人回答区域**:\n```\n白色对象会被回收。\n```\n\n"
	"**面试官点评**:\n```\n✅ 优点：\n1. 清楚\n\n"
	"总体评价：良好 ⭐⭐⭐⭐\n```\n\n"
	"---\n\n#### 2. 并发计数器\n\n**面试官**: 写一个计数器。\n\n"
	"**候选人回答区域**:\n```go\ntype Counter struct {\n\tmu sync.RWMutex\n"
	"\tn int\n}\n```\n\n---\n\n#### 3. Raft 选举\n\n"
	"**面试官**: 讲讲 raft 的 leader 选举。\n\n"
	"**候选人回答区域**:\n```\n[等待候选人回答]\n```\n",
	"single.md",
	"---\ntitle: goroutine 泄漏\ntopics: [goroutine]\n---\n\n"
	"A goroutine blocked on a channel leaks. Use context.\n",
	NULL
};

TEST(index_small_site)
{
	struct hb_site site;
	struct hb_diag d;
	struct hb_search_assets a;
	struct plist pl;
	const char *out;
	char *entry, *pos;
	size_t i;

	hb_diag_init(&d);
	site_from(&site, &d, small_site);
	CHECK_INT(site.nquestions, 4);
	out = write_index(&site, &a);
	CHECK(out != NULL);
	/* 4 questions, 1 topic, 1 document (a one-question document has
	 * no record of its own) */
	CHECK_INT(a.records, 6);
	CHECK_INT(a.questions, 4);
	CHECK_INT(a.shards, 1);
	CHECK(hb_starts_with(a.index, "assets/search/index."));
	CHECK(hb_ends_with(a.index, ".js"));
	entry = read_asset(out, a.index + strlen(HB_SEARCH_DIR));
	CHECK(entry != NULL);
	CHECK(hb_starts_with(entry, "(window.HBSearchData=window.HBSearchData"
	    "||[]).push([\"i\",{\"v\":1,"));
	CHECK_CONTAINS(entry, "\"n\":6,\"nq\":4,\"shards\":1,");
	free(entry);

	/* Tokens of every field are there: title, prompt, answer, review,
	 * code, topics. */
	CHECK_INT(postings_of(out, &a, "三色", &pl), 0);
	CHECK_INT(pl.n, 1);
	CHECK_INT(postings_of(out, &a, "写屏", &pl), 0);
	CHECK_INT(postings_of(out, &a, "回收", &pl), 0);
	CHECK_INT(postings_of(out, &a, "优点", &pl), 0);
	CHECK_INT(postings_of(out, &a, "sync.rwmutex", &pl), 0);
	CHECK_INT(pl.n, 1);
	CHECK_INT(pl.rec[0], 1);
	CHECK_INT(postings_of(out, &a, "rwmutex", &pl), 0);
	CHECK_INT(postings_of(out, &a, "raft", &pl), 0);
	/* "goroutine": the question (title, body, topic), the topic
	 * record, and nothing else */
	CHECK_INT(postings_of(out, &a, "goroutine", &pl), 0);
	CHECK_INT(pl.n, 2);
	CHECK_INT(pl.rec[0], 3);
	CHECK_INT(pl.rec[1], 4);
	CHECK(pl.imp[0] & 32);
	/* an unanswered question is found by its prompt */
	CHECK_INT(postings_of(out, &a, "选举", &pl), 0);
	CHECK_INT(pl.n, 1);
	CHECK_INT(pl.rec[0], 2);

	/* Title first: "raft" is in question 2's title and prompt, "leader"
	 * only in its prompt. */
	{
		struct plist t, b;

		CHECK_INT(postings_of(out, &a, "raft", &t), 0);
		CHECK_INT(postings_of(out, &a, "leader", &b), 0);
		CHECK(t.imp[0] & 32);
		CHECK(!(b.imp[0] & 32));
		CHECK((t.imp[0] & 31) > (b.imp[0] & 31));
	}

	/* Positions: the bigrams of 三色标记 in the title are consecutive. */
	pos = shard_text(out, &a, "三色");
	CHECK(pos != NULL);
	{
		const char *p1 = positions_of(pos, "三色");
		const char *p2 = positions_of(pos, "色标");
		uint64_t h1, h2;

		CHECK(p1 != NULL && p2 != NULL);
		h1 = get_num(&p1);
		h2 = get_num(&p2);
		CHECK(h1 > 0 && h2 > 0);
		/* first position of 色标 = first of 三色 + 1 */
		CHECK_INT((h2 - 1) / 4, (h1 - 1) / 4 + 1);
	}
	free(pos);
	/* The excerpt is plain text: no Markdown marks. Titles and ids are
	 * in the metadata; ids only when they are not the title's slug. */
	{
		char *name = find_asset(out, "r0");
		char *chunk = name ? read_asset(out, name) : NULL;
		char *mname = find_asset(out, "m");
		char *meta = mname ? read_asset(out, mname) : NULL;

		CHECK(chunk != NULL && meta != NULL);
		CHECK_CONTAINS(chunk, "[\"r\",0,[\"讲讲三色标记和写屏障。 "
		    "白色对象会被回收。\",");
		CHECK(strstr(chunk, "**") == NULL);
		CHECK_CONTAINS(meta, "\"titles\":[\"GC 与三色标记\","
		    "\"并发计数器\",\"Raft 选举\",\"goroutine 泄漏\","
		    "\"goroutine\",\"Go 面试\"]");
		/* the document's id is its page name, not its title */
		CHECK_CONTAINS(meta, "\"ids\":[5,\"rec\"]");
		free(name);
		free(chunk);
		free(mname);
		free(meta);
	}
	for (i = 0; i < d.n; i++)
		CHECK(d.v[i].sev != HB_SEV_ERROR);
	hb_site_fini(&site);
	hb_diag_fini(&d);
}

TEST(index_is_deterministic)
{
	struct hb_site s1, s2;
	struct hb_diag d;
	struct hb_search_assets a1, a2;
	char *one, *two, dir1[128];
	size_t n1, n2;
	const char *out;

	hb_diag_init(&d);
	site_from(&s1, &d, small_site);
	out = write_index(&s1, &a1);
	CHECK(out != NULL);
	snprintf(dir1, sizeof(dir1), "%s", out);
	site_from(&s2, &d, small_site);
	out = write_index(&s2, &a2);
	CHECK(out != NULL);
	one = read_all(dir1, &n1);
	two = read_all(out, &n2);
	CHECK_STR(a1.index, a2.index);
	CHECK_INT(n1, a1.files);
	CHECK_INT(n1, n2);
	CHECK(strcmp(one, two) == 0);
	free(one);
	free(two);
	hb_site_fini(&s1);
	hb_site_fini(&s2);
	hb_diag_fini(&d);
}

/* A site of n questions over a vocabulary big enough to need shards. */
static struct hb_document *
big_doc(size_t k, size_t n, struct hb_diag *d)
{
	static const char *cjk[] = { "调度", "内存", "锁", "通道", "集群",
		"日志", "选举", "副本", "索引", "缓存", "超时", "分片" };
	struct hb_buf md;
	char path[64];
	struct hb_document *doc;
	size_t i, w;
	unsigned x = (unsigned)k * 2654435761u + 1;

	hb_buf_init(&md, HB_BUF_NOCAP);
	hb_buf_printf(&md, "# Doc %zu\n\n", k);
	for (i = 0; i < n; i++) {
		/* Each item asks, so the page is a list of questions. */
		hb_buf_printf(&md, "%zu. question %zu word%u%s？\n\n   ", i + 1,
		    k * n + i, x % 5000, cjk[x % 12]);
		for (w = 0; w < 30; w++) {
			x = x * 1103515245u + 12345u;
			hb_buf_printf(&md, "term%u %s ", (x >> 8) % 20000,
			    cjk[(x >> 4) % 12]);
		}
		hb_buf_puts(&md, "\n\n");
	}
	snprintf(path, sizeof(path), "big/%03zu.md", k);
	doc = t_load(path, hb_buf_str(&md), d);
	hb_buf_fini(&md);
	return doc;
}

TEST(big_site_is_sharded)
{
	struct hb_site site;
	struct hb_diag d;
	struct hb_search_assets a;
	const char *out;
	char *seen;
	size_t k, nshards = 0;
	const char *query = "调度 term42 word17 sync.Map";
	struct {
		unsigned shard[16];
		size_t n;
	} q = { { 0 }, 0 };

	hb_diag_init(&d);
	hb_site_init(&site);
	for (k = 0; k < 40; k++) {
		struct hb_document *doc = big_doc(k, 50, &d);

		CHECK(doc != NULL);
		hb_site_add(&site, doc);
	}
	hb_site_sort(&site);
	hb_links_assign_ids(&site, &d);
	hb_topics_collect(&site, NULL, "zh");
	CHECK_INT(site.nquestions, 2000);
	out = write_index(&site, &a);
	CHECK(out != NULL);
	CHECK(a.shards >= 8);
	CHECK((a.shards & (a.shards - 1)) == 0);
	CHECK(a.chunks > 1);
	CHECK(a.chunks * a.chunk_records >= a.records);
	/* The query's tokens live in a few of the shards. */
	seen = calloc(a.shards, 1);
	CHECK(seen != NULL);
	{
		/* tokenize the query as the browser does */
		size_t i;

		for (i = 0; query[i]; ) {
			size_t j = i;

			while (query[j] && query[j] != ' ')
				j++;
			if (j > i && q.n < 16) {
				char tok[64];
				size_t m;

				snprintf(tok, sizeof(tok), "%.*s", (int)(j - i),
				    query + i);
				for (m = 0; tok[m]; m++)
					if (tok[m] >= 'A' && tok[m] <= 'Z')
						tok[m] = (char)(tok[m] + 32);
				q.shard[q.n++] = hb_search_shard_of(tok,
				    strlen(tok), a.shards);
			}
			i = query[j] ? j + 1 : j;
		}
	}
	for (k = 0; k < q.n; k++)
		if (!seen[q.shard[k]]) {
			seen[q.shard[k]] = 1;
			nshards++;
		}
	CHECK(nshards >= 1 && nshards <= q.n);
	CHECK(nshards < a.shards);
	free(seen);
	/* Each token is in its own shard and no other. */
	{
		struct plist pl;
		char *text = shard_text(out, &a, "term42");

		CHECK(text != NULL);
		CHECK(payload_of(text, "term42") != NULL);
		free(text);
		text = shard_text(out, &a, "调度");
		CHECK(text != NULL);
		CHECK(payload_of(text, "term42") == NULL ||
		    hb_search_shard_of("term42", 6, a.shards) ==
		    hb_search_shard_of("调度", 6, a.shards));
		free(text);
		/* the token "word17" is rare: a sparse list */
		CHECK_INT(postings_of(out, &a, "word17", &pl), 0);
		CHECK(pl.n >= 1);
	}
	hb_site_fini(&site);
	hb_diag_fini(&d);
}

static bool
has_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;

	for (; *hay; hay++) {
		for (i = 0; i < n; i++) {
			char c = hay[i];

			if (c >= 'A' && c <= 'Z')
				c = (char)(c + 32);
			if (c != needle[i])
				break;
		}
		if (i == n)
			return true;
	}
	return false;
}

TEST(titles_are_escaped)
{
	static const char *const docs[] = {
		"evil.md",
		"---\ntitle: \"x </script><script>alert(1)</SCRIPT> "
		"\xe2\x80\xa8" "end\"\n---\n\nBody </script> and "
		"\xe2\x80\xa9 here.\n",
		NULL
	};
	struct hb_site site;
	struct hb_diag d;
	struct hb_search_assets a;
	const char *out;
	char *all;
	size_t n;

	hb_diag_init(&d);
	site_from(&site, &d, docs);
	CHECK_INT(site.nquestions, 1);
	out = write_index(&site, &a);
	CHECK(out != NULL);
	all = read_all(out, &n);
	CHECK(all != NULL);
	CHECK(!has_ci(all, "</script"));
	CHECK(strstr(all, "\xe2\x80\xa8") == NULL);
	CHECK(strstr(all, "\xe2\x80\xa9") == NULL);
	CHECK_CONTAINS(all, "x \\u003c/script\\u003e\\u003cscript\\u003e"
	    "alert(1)\\u003c/SCRIPT\\u003e");
	CHECK_CONTAINS(all, "\\u2028");
	free(all);
	hb_site_fini(&site);
	hb_diag_fini(&d);
}

TEST(empty_site)
{
	struct hb_site site;
	struct hb_search_assets a;
	const char *out;
	char *entry;

	hb_site_init(&site);
	out = write_index(&site, &a);
	CHECK(out != NULL);
	CHECK_INT(a.records, 0);
	CHECK_INT(a.shards, 1);
	entry = read_asset(out, a.index + strlen(HB_SEARCH_DIR));
	CHECK(entry != NULL);
	CHECK_CONTAINS(entry, "\"n\":0,");
	free(entry);
	hb_site_fini(&site);
}

TEST(ids_only_when_not_the_title_slug)
{
	static const char *const docs[] = {
		"a.md", "---\ntitle: Ｇｏ 的 GC？\n---\n\nbody\n",
		"b.md", "---\ntitle: Another one\nid: custom-id\n---\n\nx\n",
		NULL
	};
	struct hb_site site;
	struct hb_diag d;
	struct hb_search_assets a;
	const char *out;
	char *name, *meta;

	hb_diag_init(&d);
	site_from(&site, &d, docs);
	out = write_index(&site, &a);
	CHECK(out != NULL);
	name = find_asset(out, "m");
	meta = name ? read_asset(out, name) : NULL;
	CHECK(meta != NULL);
	/* "go-的-gc" is the slug of the first title: left out */
	CHECK_CONTAINS(meta, "\"ids\":[1,\"custom-id\"]");
	free(name);
	free(meta);
	hb_site_fini(&site);
	hb_diag_fini(&d);
}

TEST(topics_and_choices_are_indexed)
{
	static const char *const docs[] = {
		"q.md",
		"---\ntitle: 关于内存\ntopics: [gc]\n---\n\n"
		"1. 输出什么？\n\n    A. 一个 ptr\n    B. 两个 slot\n\n"
		"    **答案：** B\n",
		NULL
	};
	static const char *aliases[] = { "写屏障", "/zzqq/" };
	struct hb_topic_def def;
	struct hb_site site;
	struct hb_diag d;
	struct hb_search_assets a;
	struct plist pl;
	const char *out;
	size_t i;

	memset(&def, 0, sizeof(def));
	def.id = "gc";
	def.title_zh = "垃圾回收";
	def.title_en = "Garbage collection";
	def.description = "三色标记与 STW。";
	def.aliases = aliases;
	def.naliases = 2;
	hb_diag_init(&d);
	site_from(&site, &d, docs);
	CHECK_INT(site.ntopics, 1);
	site.topics[0].title = def.title_zh;
	site.topics[0].def = &def;
	out = write_index(&site, &a);
	CHECK(out != NULL);
	/* the topic record comes after the questions */
	i = site.nquestions;
	CHECK_INT(postings_of(out, &a, "garbage", &pl), 0);
	CHECK_INT(pl.rec[pl.n - 1], i);
	CHECK(pl.imp[pl.n - 1] & 32);
	CHECK_INT(postings_of(out, &a, "stw", &pl), 0);
	CHECK_INT(pl.rec[pl.n - 1], i);
	CHECK_INT(postings_of(out, &a, "屏障", &pl), 0);
	CHECK_INT(postings_of(out, &a, "zzqq", &pl), -1);
	/* a question tagged gc is found by the topic's title */
	CHECK_INT(postings_of(out, &a, "回收", &pl), 0);
	CHECK_INT(pl.rec[0], 0);
	/* the choices' text */
	CHECK_INT(postings_of(out, &a, "slot", &pl), 0);
	CHECK_INT(pl.rec[0], 0);
	hb_site_fini(&site);
	hb_diag_fini(&d);
}

/* Prints "token shard" for each token: tests/js/search.test.js checks
 * that theme/search.js picks the same shards. */
static int
print_shards(int argc, char **argv)
{
	size_t n = (size_t)strtoul(argv[2], NULL, 10);
	int i;

	for (i = 3; i < argc; i++)
		printf("%s %u\n", argv[i],
		    hb_search_shard_of(argv[i], strlen(argv[i]), n));
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--emit-content") == 0)
		return emit_content(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "--emit-cases") == 0)
		return emit_cases(argv[2], argv[3]);
	if (argc >= 3 && strcmp(argv[1], "--shards") == 0)
		return print_shards(argc, argv);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/hb-search-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return 1;
	RUN(index_small_site);
	RUN(index_is_deterministic);
	RUN(big_site_is_sharded);
	RUN(titles_are_escaped);
	RUN(empty_site);
	RUN(ids_only_when_not_the_title_slug);
	RUN(topics_and_choices_are_indexed);
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
		if (system(cmd) != 0)
			return 1;
	}
	return hb_t_done("test_search");
}
