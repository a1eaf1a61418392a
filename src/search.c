/* Stage 8: search index. Consumes the linked model (struct hb_site);
 * produces the index files under assets/search/ that theme/search.js
 * reads (issue #5). One pass tokenizes every record into a hash table of
 * postings; tokens are then sorted once, and everything is emitted in
 * sorted or model order, never in hash order. The text is the model's
 * plain text (extract.h, made from the parse tree at load): nothing here
 * reads Markdown.
 *
 * Records, numbered from 0: every question in site order, then every
 * topic (by id), then every document (site order).
 *
 * Numbers. Payload strings hold unsigned integers in a prefix code over
 * the 90 ASCII characters '#'..'~' minus '<' and '\\' (so no JSON or
 * </script> escaping ever applies to them). The first 64 are terminal
 * digits 0..63, the last 26 continuation digits 0..25. A number is k-1
 * continuation digits q (big-endian, base 26) then one terminal digit t:
 * value = BASE[k] + q * 64 + t, with BASE[1] = 0 and BASE[k+1] = BASE[k]
 * + 26^(k-1) * 64. So 0..63 take one character, up to 1727 two.
 *
 * Payloads (P in search.h):
 *   ["i", {v, h, f, dir, n, nq, shards, sx, vocab, vx, chunk, chunks}]
 *       n records, nq questions; sx, vx: one digit per shard and per
 *       vocabulary bucket, 1 when its file exists; chunk: records per
 *       excerpt chunk. h: a hash of every payload (a page that sees a
 *       new h drops what it loaded). f: each file's name hash, {m: H,
 *       s: H0 H1 ..., r: ..., v: ...}, 12 hex digits per index (zeros
 *       where sx or vx says there is no file).
 *   ["m", {docs: [[title, slug]...], topics: [[id, title]...], rec,
 *       titles: [title...], ids: [record, id, ...]}]
 *       rec, per record: kind | status << 2 | stars << 3 (kind 0
 *       question, 1 topic, 2 document; status 1 = unanswered), the
 *       zigzag delta of its document index from the previous record's,
 *       its title's length in positions, its topic count, and its topic
 *       indexes. titles: every record's title. ids: the records whose id
 *       is not the slug of their title (title_slug below), with the id.
 *       Titles and ids are here, loaded once when the search box gets
 *       the focus, so that results show without one more file per
 *       result: in a browser every file:// script costs milliseconds.
 *   ["s", I, [token, postings, positions, ...]]  tokens sorted by bytes.
 *       postings: df * 4 + coarse * 2 + dense, then the records (dense:
 *       ceil(n / 6) terminal digits of a bitmap, bit b of digit i is
 *       record 6i + b; else the gaps record - previous - 1, previous
 *       starting at -1), then the impacts: one terminal digit per record
 *       (bit 5: the token is in the title; bits 0-4: BM25F impact level
 *       1..31), or when coarse (a token in more than 1/COARSE_DF of the
 *       records, so of little weight) 3 bits per record, two per digit
 *       (title bit, then the level's quarter 0..3).
 *       positions: "" when the token has none, else per posting: 0 when
 *       no position was kept, else 1 + first * 4 + min(count - 1, 3),
 *       then count - 4 when count >= 4, then the gaps position -
 *       previous - 1.
 *   ["r", I, [excerpt...]]  records I * chunk onwards.
 *   ["v", I, [token, df, ...]]  tokens of at least three bytes whose
 *       first two bytes are ASCII letters or digits, sorted; bucket:
 *       FNV-1a 32 of the first two bytes modulo the bucket count.
 *
 * Positions. A record's fields are tokenized one after another in one
 * position space, each piece starting two positions after the previous
 * one ended, so a phrase never straddles two fields or two answers. The
 * title comes first: positions below the title length are in the title.
 * Positions are kept for words, CJK bigrams and whole identifiers (an
 * identifier's parts are checked through the identifier), at most
 * POS_CAP per (token, record). */
#include "search.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "json.h"
#include "model.h"
#include "output.h"
#include "str.h"
#include "tokenize.h"
#include "topics.h"
#include "xalloc.h"

enum field {
	F_TITLE,
	F_PROMPT,
	F_ANSWERS,
	F_REVIEW,
	F_CODE,
	F_TOPICS,
	NFIELD
};

/* BM25F: weight and length normalisation per field. The title weighs
 * most (issue #5: title first); topics name what a question is about. */
static const struct {
	double w;
	double b;
} fieldw[NFIELD] = {
	[F_TITLE] = { 6.0, 0.3 },
	[F_PROMPT] = { 2.0, 0.6 },
	[F_ANSWERS] = { 1.0, 0.75 },
	[F_REVIEW] = { 0.6, 0.75 },
	[F_CODE] = { 0.8, 0.75 },
	[F_TOPICS] = { 3.0, 0.3 },
};

#define K1 1.2

enum rkind {
	RK_QUESTION,
	RK_TOPIC,
	RK_DOC
};

#define POS_CAP 1000u		/* positions kept per (token, record) */
#define EXCERPT_CP 320u		/* code points of excerpt per record: enough
				 * to show where a query matched (#11) */
#define SHARD_TARGET 24576u	/* bytes per shard, about */
#define VOCAB_TARGET 8192u	/* bytes per vocabulary bucket, about */
#define CHUNK_TARGET 4096u	/* bytes per excerpt chunk, about */
#define MAX_SHARDS 4096u
#define COARSE_DF 8u		/* df > n / 8: coarse impacts */
#define BUDGET (48u << 20)	/* warn above this many index bytes */

#define NDIGIT 90
#define NTERM 64
#define NCONT 26

/* A growable string of digits. Not an hb_buf: appending a digit is the
 * innermost step of the build and stays inline. */
struct digits {
	char *p;
	size_t n, cap;
};

struct rec {
	enum rkind kind;
	const char *id;		/* question id, topic id or doc slug */
	const char *title;
	size_t doc;		/* index in site->docs */
	unsigned unanswered;
	unsigned stars;
	size_t *topics;		/* indexes into site->topics; heap */
	size_t ntopics;
	uint32_t flen[NFIELD];	/* tokens per field */
	uint32_t tlen;		/* title length in positions */
	char *excerpt;		/* heap */
};

/* A posting: the record and its term frequency per field, 5 bits each
 * (BM25F saturates long before 31). */
struct post {
	uint32_t rec;
	uint32_t tf;
};

struct tok {
	char *text;		/* arena */
	uint32_t len;
	uint32_t hash;		/* FNV-1a 32 */
	struct post *post;	/* heap, in record order */
	size_t npost, cappost;
	struct digits enc;	/* postings string */
	struct digits encpos;	/* positions string, empty when none */
	size_t zeros;		/* postings without positions before the
				 * first one with positions */
	/* the record being tokenized */
	bool touched;
	uint8_t tf[NFIELD];
	uint32_t *stage;	/* its positions; heap, reused */
	size_t nstage, capstage;
};

struct ix {
	const struct hb_site *site;
	struct rec *rec;
	size_t nrec, nq, ndocrec;
	struct tok **slot;	/* open addressing, power of two */
	size_t cap, ntok;
	struct hb_arena arena;
	/* tokenizing state */
	size_t cur;
	enum field field;
	uint32_t base;		/* position of this piece's first token */
	uint32_t end;		/* first free position after the piece */
	struct tok **touched;	/* tokens of the current record */
	size_t ntouched, captouched;
	size_t npostings, npositions;
};

/* ---- numbers ---- */

/* The digits in order: terminal 0..63, then continuation 0..25. */
static const char digit_chr[NDIGIT + 1] =
    "#$%&'()*+,-./0123456789:;=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdef"
    "ghijklmnopqrstuvwxyz{|}~";

static void
dg_reserve(struct digits *d, size_t more)
{
	if (d->n + more > d->cap)
		d->p = hb_xgrow(d->p, &d->cap, d->n + more, 1);
}

static void
put_num(struct digits *d, uint64_t v)
{
	uint64_t base = 0, span = NTERM, r, q;
	int k = 1, i;

	while (v - base >= span) {
		base += span;
		span *= NCONT;
		k++;
	}
	dg_reserve(d, (size_t)k);
	r = v - base;
	q = r / NTERM;
	for (i = k - 2; i >= 0; i--) {
		d->p[d->n + (size_t)i] = digit_chr[NTERM + q % NCONT];
		q /= NCONT;
	}
	d->p[d->n + (size_t)k - 1] = digit_chr[r % NTERM];
	d->n += (size_t)k;
}

static void
put_term(struct digits *d, unsigned v)
{
	dg_reserve(d, 1);
	d->p[d->n++] = digit_chr[v & 63];
}

static uint64_t
zigzag(long long v)
{
	return v < 0 ? ((uint64_t)(-v) << 1) - 1 : (uint64_t)v << 1;
}

/* ---- hashing ---- */

unsigned
hb_search_shard_of(const char *tok, size_t len, size_t nshards)
{
	return (unsigned)(hb_fnv1a32(tok, len) & (uint32_t)(nshards - 1));
}


static size_t
pow2_at_least(size_t want, size_t max)
{
	size_t n = 1;

	while (n < want && n < max)
		n <<= 1;
	return n;
}

/* ---- the token table ---- */

static void
table_grow(struct ix *x)
{
	size_t cap = x->cap ? x->cap * 2 : 1024, i, j;
	struct tok **slot = hb_xcalloc(cap, sizeof(*slot));

	for (i = 0; i < x->cap; i++) {
		if (x->slot[i] == NULL)
			continue;
		j = x->slot[i]->hash & (cap - 1);
		while (slot[j] != NULL)
			j = (j + 1) & (cap - 1);
		slot[j] = x->slot[i];
	}
	free(x->slot);
	x->slot = slot;
	x->cap = cap;
}

static struct tok *
intern(struct ix *x, const char *s, size_t n)
{
	uint32_t h = hb_fnv1a32(s, n);
	struct tok *t;
	size_t i;

	if (2 * (x->ntok + 1) > x->cap)
		table_grow(x);
	for (i = h & (x->cap - 1); x->slot[i] != NULL;
	    i = (i + 1) & (x->cap - 1)) {
		t = x->slot[i];
		if (t->hash == h && t->len == n && memcmp(t->text, s, n) == 0)
			return t;
	}
	t = hb_arena_alloc(&x->arena, sizeof(*t));
	t->text = hb_arena_strndup(&x->arena, s, n);
	t->len = (uint32_t)n;
	t->hash = h;
	x->slot[i] = t;
	x->ntok++;
	return t;
}

/* ---- tokenizing records ---- */

static bool
positional(unsigned kind)
{
	return kind == HB_TOK_WORD || kind == HB_TOK_CJK2 ||
	    kind == HB_TOK_IDENT;
}

static void
on_token(void *ctx, const struct hb_token *t)
{
	struct ix *x = ctx;
	struct tok *k = intern(x, t->text, t->len);
	uint32_t pos = x->base + t->pos;

	/* Work on the token itself until the record ends (flush): the
	 * postings arrays are touched once per record, not per token. */
	if (!k->touched) {
		k->touched = true;
		memset(k->tf, 0, sizeof(k->tf));
		k->nstage = 0;
		x->touched = hb_xgrow(x->touched, &x->captouched,
		    x->ntouched + 1, sizeof(*x->touched));
		x->touched[x->ntouched++] = k;
	}
	if (k->tf[x->field] < 31)
		k->tf[x->field]++;
	x->rec[x->cur].flen[x->field]++;
	/* Positions only grow within a record (pieces are tokenized in
	 * order), which the gap coding relies on. */
	if (positional(t->kind) && x->field != F_CODE &&
	    k->nstage < POS_CAP &&
	    (k->nstage == 0 || k->stage[k->nstage - 1] < pos)) {
		k->stage = hb_xgrow(k->stage, &k->capstage, k->nstage + 1,
		    sizeof(*k->stage));
		k->stage[k->nstage++] = pos;
	}
	if (pos + 2 > x->end)
		x->end = pos + 2;
}

/* Ends the current record: one posting per token it holds, with the
 * positions already in their final form. */
static void
flush(struct ix *x)
{
	size_t i, d, f;

	for (i = 0; i < x->ntouched; i++) {
		struct tok *k = x->touched[i];
		struct post *p;
		uint32_t tf = 0;

		k->touched = false;
		for (f = 0; f < NFIELD; f++)
			tf |= (uint32_t)k->tf[f] << (5 * f);
		k->post = hb_xgrow(k->post, &k->cappost, k->npost + 1,
		    sizeof(*k->post));
		p = &k->post[k->npost++];
		p->rec = (uint32_t)x->cur;
		p->tf = tf;
		x->npostings++;
		if (k->nstage == 0) {
			if (k->encpos.n == 0)
				k->zeros++;
			else
				put_num(&k->encpos, 0);
			continue;
		}
		for (; k->zeros > 0; k->zeros--)
			put_num(&k->encpos, 0);
		put_num(&k->encpos, 1 + (uint64_t)k->stage[0] * 4 +
		    (k->nstage < 4 ? k->nstage - 1 : 3));
		if (k->nstage >= 4)
			put_num(&k->encpos, k->nstage - 4);
		for (d = 1; d < k->nstage; d++)
			put_num(&k->encpos, k->stage[d] - k->stage[d - 1] - 1);
		x->npositions += k->nstage;
	}
	x->ntouched = 0;
}

static void
piece(struct ix *x, enum field f, const char *s, size_t n)
{
	if (s == NULL || n == 0)
		return;
	x->field = f;
	x->base = x->end;
	hb_tokenize(s, n, HB_TOKENIZE_INDEX, on_token, x);
}

/* Appends plain text to the excerpt until it holds EXCERPT_CP code
 * points (one more tells that it was cut). */
static void
excerpt_add(struct hb_buf *e, const char *s, size_t n)
{
	size_t have = hb_utf8_len(e->data ? e->data : "", e->len), i = 0;

	bool space = e->len > 0;

	if (n == 0 || have > EXCERPT_CP)
		return;
	/* The model's text keeps its line breaks; an excerpt is one line:
	 * each run of white space becomes one space. */
	while (i < n && have <= EXCERPT_CP) {
		uint32_t cp;
		int l;

		if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' ||
		    s[i] == '\r') {
			space = e->len > 0;
			i++;
			continue;
		}
		if (space) {
			hb_buf_putc(e, ' ');
			have++;
			space = false;
		}
		l = hb_utf8_decode(s + i, n - i, &cp);
		if (l <= 0)
			l = 1;
		hb_buf_append(e, s + i, (size_t)l);
		i += (size_t)l;
		have++;
	}
}

static char *
excerpt_finish(struct hb_buf *e)
{
	const char *s = e->data ? e->data : "";
	size_t i = 0, cp = 0;

	/* more than EXCERPT_CP code points: cut and mark the cut */
	while (i < e->len && cp < EXCERPT_CP) {
		uint32_t c;
		int l = hb_utf8_decode(s + i, e->len - i, &c);

		i += l > 0 ? (size_t)l : 1;
		cp++;
	}
	if (i < e->len) {
		hb_buf_truncate(e, i);
		while (e->len > 0 && e->data[e->len - 1] == ' ')
			hb_buf_truncate(e, e->len - 1);
		hb_buf_puts(e, "\xe2\x80\xa6");
	}
	return hb_xstrdup(hb_buf_str(e));
}

static int
cmp_topic_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct hb_topic_ref *)elem)->id);
}

static void
set_topics(struct ix *x, struct rec *r, const char **ids, size_t n)
{
	size_t i;

	r->topics = hb_xcalloc(n + 1, sizeof(*r->topics));
	for (i = 0; i < n; i++) {
		const struct hb_topic_ref *t = bsearch(ids[i], x->site->topics,
		    x->site->ntopics, sizeof(*x->site->topics), cmp_topic_id);

		if (t != NULL)
			r->topics[r->ntopics++] =
			    (size_t)(t - x->site->topics);
	}
}

static void
topic_pieces(struct ix *x, const struct rec *r)
{
	size_t i;

	for (i = 0; i < r->ntopics; i++) {
		const struct hb_topic_ref *t = &x->site->topics[r->topics[i]];

		piece(x, F_TOPICS, t->id, strlen(t->id));
		if (t->title != NULL && strcmp(t->title, t->id) != 0)
			piece(x, F_TOPICS, t->title, strlen(t->title));
	}
}

/* Tokenizes the model's plain text into field f; keeps it for the
 * excerpt when ex is not NULL. */
static void
text_piece(struct ix *x, enum field f, const char *text, struct hb_buf *ex)
{
	if (text == NULL)
		return;
	piece(x, f, text, strlen(text));
	if (ex != NULL)
		excerpt_add(ex, text, strlen(text));
}

static void
add_question(struct ix *x, const struct hb_question *q, size_t doc,
    struct hb_buf *ex)
{
	struct rec *r = &x->rec[x->cur];
	size_t i;

	r->kind = RK_QUESTION;
	r->id = q->id;
	r->title = q->title ? q->title : q->id;
	r->doc = doc;
	r->unanswered = q->status == HB_STATUS_UNANSWERED;
	r->stars = q->review && q->review->stars > 0 &&
	    q->review->stars <= 5 ? (unsigned)q->review->stars : 0;
	set_topics(x, r, q->topics, q->ntopics);
	x->end = 0;
	piece(x, F_TITLE, r->title, strlen(r->title));
	r->tlen = x->end;
	hb_buf_reset(ex);
	/* The texts leave the question's code blocks out: they are
	 * indexed once, as code. */
	text_piece(x, F_PROMPT, q->prompt_text, ex);
	/* choices the prompt does not already spell out */
	for (i = 0; i < q->nchoices; i++) {
		const char *c = q->choices[i].text;

		if (c != NULL && (q->prompt_text == NULL ||
		    strstr(q->prompt_text, c) == NULL))
			piece(x, F_PROMPT, c, strlen(c));
	}
	for (i = 0; i < q->nanswers; i++)
		text_piece(x, F_ANSWERS, q->answers[i].text, ex);
	if (q->review != NULL)
		text_piece(x, F_REVIEW, q->review->text,
		    ex->len == 0 ? ex : NULL);
	for (i = 0; i < q->ncode; i++) {
		const char *c = q->code[i].code;

		piece(x, F_CODE, c, strlen(c));
		if (ex->len == 0)
			excerpt_add(ex, c, strlen(c));
	}
	topic_pieces(x, r);
	flush(x);
	r->excerpt = excerpt_finish(ex);
}

static bool
is_pattern(const char *alias)
{
	size_t n = strlen(alias);

	return n >= 2 && alias[0] == '/' && alias[n - 1] == '/';
}

static void
add_topic(struct ix *x, size_t t, struct hb_buf *ex)
{
	const struct hb_topic_ref *tr = &x->site->topics[t];
	const struct hb_topic_def *def = tr->def;
	struct rec *r = &x->rec[x->cur];
	size_t i;

	r->kind = RK_TOPIC;
	r->id = tr->id;
	r->title = tr->title ? tr->title : tr->id;
	r->topics = hb_xcalloc(1, sizeof(*r->topics));
	r->topics[0] = t;
	r->ntopics = 1;
	x->end = 0;
	piece(x, F_TITLE, r->title, strlen(r->title));
	/* both languages' titles are the title */
	if (def != NULL && def->title_zh && strcmp(def->title_zh, r->title))
		piece(x, F_TITLE, def->title_zh, strlen(def->title_zh));
	if (def != NULL && def->title_en && strcmp(def->title_en, r->title))
		piece(x, F_TITLE, def->title_en, strlen(def->title_en));
	r->tlen = x->end;
	if (strcmp(r->title, tr->id) != 0)
		piece(x, F_TOPICS, tr->id, strlen(tr->id));
	hb_buf_reset(ex);
	if (def != NULL) {
		if (def->description != NULL) {
			piece(x, F_PROMPT, def->description,
			    strlen(def->description));
			excerpt_add(ex, def->description,
			    strlen(def->description));
		}
		for (i = 0; i < def->naliases; i++)
			if (!is_pattern(def->aliases[i]))
				piece(x, F_TOPICS, def->aliases[i],
				    strlen(def->aliases[i]));
	}
	flush(x);
	r->excerpt = excerpt_finish(ex);
}

static void
add_doc(struct ix *x, const struct hb_document *d, size_t doc,
    struct hb_buf *ex)
{
	struct rec *r = &x->rec[x->cur];
	size_t i;

	r->kind = RK_DOC;
	r->id = d->slug ? d->slug : "";
	r->title = d->title ? d->title : d->rel;
	r->doc = doc;
	set_topics(x, r, d->topics, d->ntopics);
	x->end = 0;
	piece(x, F_TITLE, r->title, strlen(r->title));
	r->tlen = x->end;
	hb_buf_reset(ex);
	for (i = 0; i < d->nparts; i++) {
		const struct hb_part *p = &d->parts[i];

		if (p->kind == HB_PART_HEADING && p->text != NULL)
			piece(x, F_PROMPT, p->text, strlen(p->text));
		else if (p->kind == HB_PART_PROSE)
			text_piece(x, F_ANSWERS, p->text, ex);
	}
	topic_pieces(x, r);
	flush(x);
	r->excerpt = excerpt_finish(ex);
}

/* A one-question document's page is its question's: one record is
 * enough. */
static bool
has_doc_record(const struct hb_document *d)
{
	return d->layout != HB_LAYOUT_SINGLE;
}

static void
collect(struct ix *x)
{
	const struct hb_site *s = x->site;
	struct hb_buf ex;
	size_t i, j;

	x->nq = 0;
	x->ndocrec = 0;
	for (i = 0; i < s->ndocs; i++) {
		x->nq += s->docs[i]->nquestions;
		x->ndocrec += has_doc_record(s->docs[i]);
	}
	x->nrec = x->nq + s->ntopics + x->ndocrec;
	x->rec = hb_xcalloc(x->nrec + 1, sizeof(*x->rec));
	hb_buf_init(&ex, HB_BUF_NOCAP);
	x->cur = 0;
	for (i = 0; i < s->ndocs; i++)
		for (j = 0; j < s->docs[i]->nquestions; j++, x->cur++)
			add_question(x, &s->docs[i]->questions[j], i, &ex);
	for (i = 0; i < s->ntopics; i++, x->cur++)
		add_topic(x, i, &ex);
	for (i = 0; i < s->ndocs; i++)
		if (has_doc_record(s->docs[i])) {
			add_doc(x, s->docs[i], i, &ex);
			x->cur++;
		}
	hb_buf_fini(&ex);
}

/* ---- encoding postings ---- */

static size_t
num_len(uint64_t v)
{
	uint64_t base = 0, span = NTERM;
	size_t k = 1;

	while (v - base >= span) {
		base += span;
		span *= NCONT;
		k++;
	}
	return k;
}

static unsigned
impact(const struct post *p, const struct rec *r, const double avg[NFIELD])
{
	double tfw = 0, imp;
	unsigned level, f;

	for (f = 0; f < NFIELD; f++) {
		unsigned tf = (p->tf >> (5 * f)) & 31;
		double norm;

		if (tf == 0)
			continue;
		norm = 1.0 - fieldw[f].b + fieldw[f].b *
		    (double)r->flen[f] / avg[f];
		tfw += fieldw[f].w * (double)tf / norm;
	}
	imp = tfw / (K1 + tfw);
	level = (unsigned)(imp * 31.0 + 0.5);
	if (level < 1)
		level = 1;
	if (level > 31)
		level = 31;
	return level | ((p->tf & 31) > 0 ? 32u : 0u);
}

/* An impact digit (title bit, level 1..31) in 3 bits: title bit, and
 * the level's quarter 0..3 (read back as 5, 13, 21, 28). */
static unsigned
coarsen(unsigned imp)
{
	return (imp & 32 ? 4u : 0u) | (((imp & 31) - 1) / 8);
}

static void
encode_tok(const struct ix *x, struct tok *k, const double avg[NFIELD])
{
	size_t sparse = 0, dense = (x->nrec + 5) / 6, i, d;
	long long prev = -1;
	bool use_dense, coarse;

	for (i = 0; i < k->npost; i++) {
		sparse += num_len((uint64_t)((long long)k->post[i].rec -
		    prev - 1));
		prev = k->post[i].rec;
	}
	use_dense = dense < sparse;
	coarse = k->npost * COARSE_DF > x->nrec;
	put_num(&k->enc, (uint64_t)k->npost * 4 + (coarse ? 2u : 0u) +
	    use_dense);
	if (use_dense) {
		for (d = 0, i = 0; d < dense; d++) {
			unsigned v = 0, bit;

			for (bit = 0; bit < 6; bit++)
				if (i < k->npost &&
				    k->post[i].rec == d * 6 + bit) {
					v |= 1u << bit;
					i++;
				}
			put_term(&k->enc, v);
		}
	} else {
		for (prev = -1, i = 0; i < k->npost; i++) {
			put_num(&k->enc, (uint64_t)((long long)k->post[i].rec -
			    prev - 1));
			prev = k->post[i].rec;
		}
	}
	if (!coarse) {
		for (i = 0; i < k->npost; i++)
			put_term(&k->enc, impact(&k->post[i],
			    &x->rec[k->post[i].rec], avg));
		return;
	}
	/* Common tokens weigh little (low idf): 3 bits, two per digit. */
	for (i = 0; i < k->npost; i += 2) {
		unsigned v = coarsen(impact(&k->post[i],
		    &x->rec[k->post[i].rec], avg));

		if (i + 1 < k->npost)
			v |= coarsen(impact(&k->post[i + 1],
			    &x->rec[k->post[i + 1].rec], avg)) << 3;
		put_term(&k->enc, v);
	}
}

static int
cmp_tok(const void *a, const void *b)
{
	return strcmp((*(struct tok *const *)a)->text,
	    (*(struct tok *const *)b)->text);
}

/* ---- files ---- */

struct file {
	char kind;		/* 'm', 's', 'r', 'v' */
	size_t idx;
	struct hb_buf data;	/* the payload P */
};

struct files {
	struct file *v;
	size_t n, cap;
};

static void
file_add(struct files *fs, char kind, size_t idx, struct hb_json *j)
{
	struct file *f;

	fs->v = hb_xgrow(fs->v, &fs->cap, fs->n + 1, sizeof(*fs->v));
	f = &fs->v[fs->n++];
	f->kind = kind;
	f->idx = idx;
	f->data = j->out;	/* takes the JSON text over */
	hb_buf_init(&j->out, HB_BUF_NOCAP);
}

static void
begin_payload(struct hb_json *j, const char *kind, long long idx)
{
	hb_json_init(j);
	hb_json_array_begin(j);
	hb_json_string(j, kind);
	if (idx >= 0)
		hb_json_int(j, idx);
}

static bool
vocab_tok(const struct tok *k)
{
	return k->len >= 3 &&
	    ((k->text[0] >= 'a' && k->text[0] <= 'z') ||
	    (k->text[0] >= '0' && k->text[0] <= '9')) &&
	    ((k->text[1] >= 'a' && k->text[1] <= 'z') ||
	    (k->text[1] >= '0' && k->text[1] <= '9'));
}

/* The id theme/search.js derives from a title when the metadata lists
 * none: ASCII letters (lowercased, after width folding), digits and
 * hb_is_cjk() characters kept, every other run of characters one '-',
 * none at either end. Most ids are this slug of their title, so the
 * index need not repeat them. */
static void
title_slug(struct hb_buf *b, const char *s)
{
	size_t n = strlen(s), i = 0;
	bool dash = false;

	while (i < n) {
		uint32_t cp;
		int len = hb_utf8_decode(s + i, n - i, &cp);

		if (len <= 0) {
			dash = true;
			i++;
			continue;
		}
		i += (size_t)len;
		cp = hb_fold_width(cp);
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (!((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ||
		    hb_is_cjk(cp))) {
			dash = true;
			continue;
		}
		if (dash && b->len > 0)
			hb_buf_putc(b, '-');
		dash = false;
		hb_utf8_encode(b, cp);
	}
}

static void
emit_meta(const struct ix *x, struct files *fs)
{
	const struct hb_site *s = x->site;
	struct hb_json j;
	struct digits rec = { NULL, 0, 0 };
	struct hb_buf slug;
	size_t i, t;
	long long prev = 0;

	begin_payload(&j, "m", -1);
	hb_json_object_begin(&j);
	hb_json_key(&j, "docs");
	hb_json_array_begin(&j);
	for (i = 0; i < s->ndocs; i++) {
		hb_json_array_begin(&j);
		hb_json_string(&j, s->docs[i]->title ? s->docs[i]->title :
		    s->docs[i]->rel);
		hb_json_string(&j, s->docs[i]->slug ? s->docs[i]->slug : "");
		hb_json_array_end(&j);
	}
	hb_json_array_end(&j);
	hb_json_key(&j, "topics");
	hb_json_array_begin(&j);
	for (i = 0; i < s->ntopics; i++) {
		hb_json_array_begin(&j);
		hb_json_string(&j, s->topics[i].id);
		hb_json_string(&j, s->topics[i].title ? s->topics[i].title :
		    s->topics[i].id);
		hb_json_array_end(&j);
	}
	hb_json_array_end(&j);
	for (i = 0; i < x->nrec; i++) {
		const struct rec *r = &x->rec[i];
		long long doc = r->kind == RK_TOPIC ? prev : (long long)r->doc;

		put_num(&rec, (uint64_t)r->kind | r->unanswered << 2 |
		    r->stars << 3);
		put_num(&rec, zigzag(doc - prev));
		prev = doc;
		put_num(&rec, r->tlen);
		put_num(&rec, r->ntopics);
		for (t = 0; t < r->ntopics; t++)
			put_num(&rec, r->topics[t]);
	}
	hb_json_key(&j, "rec");
	hb_json_string_n(&j, rec.p ? rec.p : "", rec.n);
	free(rec.p);
	hb_json_key(&j, "titles");
	hb_json_array_begin(&j);
	for (i = 0; i < x->nrec; i++)
		hb_json_string(&j, x->rec[i].title);
	hb_json_array_end(&j);
	hb_json_key(&j, "ids");
	hb_json_array_begin(&j);
	hb_buf_init(&slug, HB_BUF_NOCAP);
	for (i = 0; i < x->nrec; i++) {
		hb_buf_reset(&slug);
		title_slug(&slug, x->rec[i].title);
		if (strcmp(hb_buf_str(&slug), x->rec[i].id) == 0)
			continue;
		hb_json_int(&j, (long long)i);
		hb_json_string(&j, x->rec[i].id);
	}
	hb_buf_fini(&slug);
	hb_json_array_end(&j);
	hb_json_object_end(&j);
	hb_json_array_end(&j);
	file_add(fs, 'm', 0, &j);
	hb_json_fini(&j);
}

static size_t
emit_chunks(const struct ix *x, struct files *fs)
{
	size_t total = 0, per, i, c;
	struct hb_json j;

	for (i = 0; i < x->nrec; i++)
		total += strlen(x->rec[i].excerpt) + 3;
	per = x->nrec ? CHUNK_TARGET / (total / x->nrec + 1) : 1;
	if (per < 1)
		per = 1;
	if (per > 1024)
		per = 1024;
	for (c = 0; c * per < x->nrec; c++) {
		begin_payload(&j, "r", (long long)c);
		hb_json_array_begin(&j);
		for (i = c * per; i < x->nrec && i < (c + 1) * per; i++)
			hb_json_string(&j, x->rec[i].excerpt);
		hb_json_array_end(&j);
		hb_json_array_end(&j);
		file_add(fs, 'r', c, &j);
		hb_json_fini(&j);
	}
	return per;
}

/* Appends "tok","postings","positions" (after a comma unless first) to
 * b. The digits need no escaping; the token does. */
static void
put_triple(struct hb_buf *b, bool first, const struct tok *k)
{
	if (!first)
		hb_buf_putc(b, ',');
	hb_buf_putc(b, '"');
	hb_json_escape(b, k->text, k->len);
	hb_buf_puts(b, "\",\"");
	hb_buf_append(b, k->enc.p ? k->enc.p : "", k->enc.n);
	hb_buf_puts(b, "\",\"");
	hb_buf_append(b, k->encpos.p ? k->encpos.p : "", k->encpos.n);
	hb_buf_putc(b, '"');
}

static void
file_add_buf(struct files *fs, char kind, size_t idx, struct hb_buf *b)
{
	struct file *f;

	fs->v = hb_xgrow(fs->v, &fs->cap, fs->n + 1, sizeof(*fs->v));
	f = &fs->v[fs->n++];
	f->kind = kind;
	f->idx = idx;
	f->data = *b;		/* takes the text over */
	hb_buf_init(b, HB_BUF_NOCAP);
}

/* Emits the shard files; sx gets one digit per shard. */
static size_t
emit_shards(struct tok **sorted, size_t ntok, struct files *fs,
    struct digits *sx)
{
	size_t total = 0, nshards, i, s, *start, *fill;
	struct tok **by;
	struct hb_buf b;

	for (i = 0; i < ntok; i++)
		total += sorted[i]->enc.n + sorted[i]->encpos.n +
		    sorted[i]->len + 9;
	nshards = pow2_at_least((total + SHARD_TARGET - 1) / SHARD_TARGET,
	    MAX_SHARDS);
	/* Stable counting sort by shard keeps each shard sorted. */
	start = hb_xcalloc(nshards + 1, sizeof(*start));
	fill = hb_xcalloc(nshards + 1, sizeof(*fill));
	by = hb_xcalloc(ntok + 1, sizeof(*by));
	for (i = 0; i < ntok; i++)
		start[(sorted[i]->hash & (nshards - 1)) + 1]++;
	for (s = 0; s < nshards; s++)
		start[s + 1] += start[s];
	for (i = 0; i < ntok; i++) {
		s = sorted[i]->hash & (nshards - 1);
		by[start[s] + fill[s]++] = sorted[i];
	}
	hb_buf_init(&b, HB_BUF_NOCAP);
	for (s = 0; s < nshards; s++) {
		if (start[s] == start[s + 1]) {
			put_term(sx, 0);
			continue;
		}
		hb_buf_printf(&b, "[\"s\",%zu,[", s);
		for (i = start[s]; i < start[s + 1]; i++)
			put_triple(&b, i == start[s], by[i]);
		hb_buf_puts(&b, "]]");
		file_add_buf(fs, 's', s, &b);
		put_term(sx, 1);
	}
	hb_buf_fini(&b);
	free(start);
	free(fill);
	free(by);
	return nshards;
}

static size_t
emit_vocab(struct tok **sorted, size_t ntok, struct files *fs,
    struct digits *vx)
{
	size_t total = 0, nb, i, b;
	struct hb_json j;

	for (i = 0; i < ntok; i++)
		if (vocab_tok(sorted[i]))
			total += sorted[i]->len + 8;
	nb = pow2_at_least((total + VOCAB_TARGET - 1) / VOCAB_TARGET, 1024);
	for (b = 0; b < nb; b++) {
		bool any = false;

		begin_payload(&j, "v", (long long)b);
		hb_json_array_begin(&j);
		for (i = 0; i < ntok; i++) {
			const struct tok *k = sorted[i];

			if (!vocab_tok(k) ||
			    hb_search_shard_of(k->text, 2, nb) != b)
				continue;
			hb_json_string_n(&j, k->text, k->len);
			hb_json_int(&j, (long long)k->npost);
			any = true;
		}
		hb_json_array_end(&j);
		hb_json_array_end(&j);
		if (any)
			file_add(fs, 'v', b, &j);
		hb_json_fini(&j);
		put_term(vx, any);
	}
	return nb;
}

static void
wrap(struct hb_buf *out, const struct hb_buf *payload)
{
	hb_buf_reset(out);
	hb_buf_puts(out, "(window.HBSearchData=window.HBSearchData||[])"
	    ".push(");
	hb_buf_append(out, payload->data ? payload->data : "", payload->len);
	hb_buf_puts(out, ");\n");
}

static void
ix_fini(struct ix *x)
{
	size_t i;

	for (i = 0; i < x->cap; i++) {
		struct tok *t = x->slot[i];

		if (t == NULL)
			continue;
		free(t->post);
		free(t->stage);
		free(t->enc.p);
		free(t->encpos.p);
	}
	free(x->slot);
	free(x->touched);
	for (i = 0; i < x->nrec; i++) {
		free(x->rec[i].topics);
		free(x->rec[i].excerpt);
	}
	free(x->rec);
	hb_arena_fini(&x->arena);
}

/* The index as a whole is too big. The warning names the nearest file:
 * the document with the most indexed words, the first to shorten. */
static void
over_budget(const struct ix *x, size_t bytes, struct hb_diag *d)
{
	const struct hb_site *site = x->site;
	struct hb_pos pos = { NULL, 0, 0 };
	uint64_t *words = hb_xcalloc(site->ndocs + 1, sizeof(*words));
	size_t i, f, best = site->ndocs;

	for (i = 0; i < x->nrec; i++) {
		const struct rec *r = &x->rec[i];

		if (r->kind == RK_TOPIC || r->doc >= site->ndocs)
			continue;
		for (f = 0; f < NFIELD; f++)
			words[r->doc] += r->flen[f];
	}
	for (i = 0; i < site->ndocs; i++)
		if (best == site->ndocs || words[i] > words[best])
			best = i;
	if (best < site->ndocs)
		pos.path = site->docs[best]->path;
	hb_diag_warning(d, &pos, "the search index is %zu bytes, over its "
	    "budget of %u: consider fewer or shorter pages", bytes, BUDGET);
	if (best < site->ndocs)
		hb_diag_note(d, &pos, "this document indexes the most words "
		    "(%llu of them)", (unsigned long long)words[best]);
	free(words);
}

int
hb_search_write(const struct hb_site *site, struct hb_output *out,
    struct hb_search_assets *a, struct hb_diag *d)
{
	struct ix x;
	struct files fs = { NULL, 0, 0 };
	struct tok **sorted = NULL;
	struct digits sx = { NULL, 0, 0 }, vx = { NULL, 0, 0 };
	struct hb_buf page, name;
	struct hb_json j;
	double sum[NFIELD] = { 0 }, avg[NFIELD];
	size_t cnt[NFIELD] = { 0 }, i, n = 0, f;
	uint64_t h = HB_FNV1A_INIT;
	static const char kinds[] = "msrv";
	struct hb_buf fh[4];	/* name hashes of each kind's files */
	char hex[16];
	int rc = 0;

	memset(a, 0, sizeof(*a));
	memset(&x, 0, sizeof(x));
	x.site = site;
	hb_arena_init(&x.arena);
	hb_buf_init(&page, HB_BUF_NOCAP);
	hb_buf_init(&name, HB_BUF_NOCAP);
	collect(&x);

	/* BM25F averages over the records that have the field. */
	for (i = 0; i < x.nrec; i++)
		for (f = 0; f < NFIELD; f++)
			if (x.rec[i].flen[f] > 0) {
				sum[f] += x.rec[i].flen[f];
				cnt[f]++;
			}
	for (f = 0; f < NFIELD; f++)
		avg[f] = cnt[f] ? sum[f] / (double)cnt[f] : 1.0;
	sorted = hb_xcalloc(x.ntok + 1, sizeof(*sorted));
	for (i = 0; i < x.cap; i++)
		if (x.slot[i] != NULL)
			sorted[n++] = x.slot[i];
	qsort(sorted, n, sizeof(*sorted), cmp_tok);
	for (i = 0; i < n; i++)
		encode_tok(&x, sorted[i], avg);

	emit_meta(&x, &fs);
	a->shards = emit_shards(sorted, n, &fs, &sx);
	a->chunk_records = emit_chunks(&x, &fs);
	a->vocab = emit_vocab(sorted, n, &fs, &vx);

	/* Each file is named by a hash of its own payload, so a change
	 * renames only the files it changes (issue #12); one hash over
	 * every payload tells a page that the index changed. */
	for (f = 0; f < 4; f++)
		hb_buf_init(&fh[f], HB_BUF_NOCAP);
	for (i = 0; i < fs.n; i++) {
		const struct file *fl = &fs.v[i];
		struct hb_buf *t = &fh[strchr(kinds, fl->kind) - kinds];
		char tag[32], one_hex[16];
		int m = snprintf(tag, sizeof(tag), "%c%zu:", fl->kind, fl->idx);
		uint64_t one = hb_fnv1a(HB_FNV1A_INIT, fl->data.data ?
		    fl->data.data : "", fl->data.len);

		h = hb_fnv1a(h, tag, (size_t)m);
		h = hb_fnv1a(h, fl->data.data ? fl->data.data : "",
		    fl->data.len);
		while (t->len < 12 * (fl->idx + 1))
			hb_buf_putc(t, '0');
		snprintf(one_hex, sizeof(one_hex), "%012llx",
		    (unsigned long long)(one & 0xffffffffffffULL));
		memcpy(t->data + 12 * fl->idx, one_hex, 12);
	}
	snprintf(hex, sizeof(hex), "%012llx",
	    (unsigned long long)(h & 0xffffffffffffULL));

	begin_payload(&j, "i", -1);
	hb_json_object_begin(&j);
	hb_json_key(&j, "v");
	hb_json_int(&j, 1);
	hb_json_key(&j, "h");
	hb_json_string(&j, hex);
	hb_json_key(&j, "f");
	hb_json_object_begin(&j);
	for (f = 0; f < 4; f++) {
		char k[2] = { kinds[f], '\0' };

		hb_json_key(&j, k);
		hb_json_string_n(&j, fh[f].data ? fh[f].data : "", fh[f].len);
	}
	hb_json_object_end(&j);
	hb_json_key(&j, "dir");
	hb_json_string(&j, HB_SEARCH_DIR);
	hb_json_key(&j, "n");
	hb_json_int(&j, (long long)x.nrec);
	hb_json_key(&j, "nq");
	hb_json_int(&j, (long long)x.nq);
	hb_json_key(&j, "shards");
	hb_json_int(&j, (long long)a->shards);
	hb_json_key(&j, "sx");
	hb_json_string_n(&j, sx.p ? sx.p : "", sx.n);
	hb_json_key(&j, "vocab");
	hb_json_int(&j, (long long)a->vocab);
	hb_json_key(&j, "vx");
	hb_json_string_n(&j, vx.p ? vx.p : "", vx.n);
	hb_json_key(&j, "chunk");
	hb_json_int(&j, (long long)a->chunk_records);
	hb_json_key(&j, "chunks");
	hb_json_int(&j, (long long)((x.nrec + a->chunk_records - 1) /
	    a->chunk_records));
	hb_json_object_end(&j);
	hb_json_array_end(&j);

	for (i = 0; i < fs.n && rc == 0; i++) {
		const struct file *fl = &fs.v[i];
		const struct hb_buf *t = &fh[strchr(kinds, fl->kind) - kinds];

		hb_buf_reset(&name);
		if (fl->kind == 'm')
			hb_buf_printf(&name, "%sm.%.12s.js", HB_SEARCH_DIR,
			    t->data);
		else
			hb_buf_printf(&name, "%s%c%zu.%.12s.js", HB_SEARCH_DIR,
			    fl->kind, fl->idx, t->data + 12 * fl->idx);
		wrap(&page, &fl->data);
		rc = hb_output_write(out, name.data, page.data, page.len);
		a->files++;
		a->bytes += page.len;
		switch (fl->kind) {
		case 'm': a->meta_bytes += page.len; break;
		case 's': a->shard_bytes += page.len; break;
		case 'r': a->chunk_bytes += page.len; a->chunks++; break;
		default: a->vocab_bytes += page.len; break;
		}
	}
	/* The entry keeps its name: pages name it, and a page whose
	 * questions did not change keeps its bytes. */
	if (rc == 0) {
		snprintf(a->index, sizeof(a->index), "%s", HB_SEARCH_ENTRY);
		wrap(&page, &j.out);
		rc = hb_output_write(out, a->index, page.data, page.len);
		a->files++;
		a->bytes += page.len;
		a->entry_bytes = page.len;
	}
	a->records = x.nrec;
	a->questions = x.nq;
	a->tokens = n;
	a->postings = x.npostings;
	a->positions = x.npositions;
	if (rc == 0 && a->bytes > BUDGET)
		over_budget(&x, a->bytes, d);
	hb_json_fini(&j);
	for (i = 0; i < fs.n; i++)
		hb_buf_fini(&fs.v[i].data);
	free(fs.v);
	free(sorted);
	free(sx.p);
	free(vx.p);
	for (f = 0; f < 4; f++)
		hb_buf_fini(&fh[f]);
	hb_buf_fini(&page);
	hb_buf_fini(&name);
	ix_fini(&x);
	return rc == 0 ? 0 : -1;
}
