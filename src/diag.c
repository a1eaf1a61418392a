/* Foundation: diagnostics sink, sorting and the three output formats. */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "xalloc.h"

void
hb_diag_init(struct hb_diag *d)
{
	memset(d, 0, sizeof(*d));
}

static void
entry_fini(struct hb_diag_entry *e)
{
	size_t i;

	for (i = 0; i < e->nnotes; i++)
		free(e->notes[i].msg);
	free(e->notes);
	free(e->path);
	free(e->msg);
}

static void
explain_fini(struct hb_diag *d)
{
	size_t i;

	for (i = 0; i < d->nex; i++) {
		free(d->ex[i].topic);
		free(d->ex[i].path);
		free(d->ex[i].msg);
	}
	free(d->ex);
	for (i = 0; i < d->ncnt; i++) {
		free(d->cnt[i].topic);
		free(d->cnt[i].what);
	}
	free(d->cnt);
}

void
hb_diag_fini(struct hb_diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		entry_fini(&d->v[i]);
	free(d->v);
	explain_fini(d);
	memset(d, 0, sizeof(*d));
}

static char *vformat(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

static char *
vformat(const char *fmt, va_list ap)
{
	struct hb_buf b;

	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_buf_vprintf(&b, fmt, ap);
	return hb_buf_detach(&b);
}

/* Adds an entry of any severity (hb_diag_vreport attaches notes). */
static void
add_entry(struct hb_diag *d, enum hb_severity sev, const struct hb_pos *pos,
    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static void
add_entry(struct hb_diag *d, enum hb_severity sev, const struct hb_pos *pos,
    const char *fmt, va_list ap)
{
	struct hb_diag_entry *e;

	d->v = hb_xgrow(d->v, &d->cap, d->n + 1, sizeof(*d->v));
	e = &d->v[d->n++];
	memset(e, 0, sizeof(*e));
	e->path = hb_xstrdup(pos && pos->path ? pos->path : "");
	e->line = pos ? pos->line : 0;
	e->col = pos ? pos->col : 0;
	e->sev = sev;
	e->msg = vformat(fmt, ap);
	e->seq = d->seq++;
}

void
hb_diag_vreport(struct hb_diag *d, enum hb_severity sev,
    const struct hb_pos *pos, const char *fmt, va_list ap)
{
	if (sev == HB_SEV_NOTE) {
		struct hb_diag_entry *last;

		if (d->n == 0)
			return;
		last = &d->v[d->n - 1];
		last->notes = hb_xrealloc(last->notes,
		    (last->nnotes + 1) * sizeof(*last->notes));
		last->notes[last->nnotes].line = pos ? pos->line : 0;
		last->notes[last->nnotes].col = pos ? pos->col : 0;
		last->notes[last->nnotes].msg = vformat(fmt, ap);
		last->nnotes++;
		return;
	}
	add_entry(d, sev, pos, fmt, ap);
}

void
hb_diag_error(struct hb_diag *d, const struct hb_pos *pos,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hb_diag_vreport(d, HB_SEV_ERROR, pos, fmt, ap);
	va_end(ap);
}

void
hb_diag_warning(struct hb_diag *d, const struct hb_pos *pos,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hb_diag_vreport(d, HB_SEV_WARNING, pos, fmt, ap);
	va_end(ap);
}

void
hb_diag_remark(struct hb_diag *d, const struct hb_pos *pos,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_entry(d, HB_SEV_NOTE, pos, fmt, ap);
	va_end(ap);
}

void
hb_diag_advise(struct hb_diag *d, const struct hb_pos *pos,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hb_diag_vreport(d, HB_SEV_WARNING, pos, fmt, ap);
	va_end(ap);
	d->v[d->n - 1].advisory = true;
}

void
hb_diag_note(struct hb_diag *d, const struct hb_pos *pos,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hb_diag_vreport(d, HB_SEV_NOTE, pos, fmt, ap);
	va_end(ap);
}

size_t
hb_diag_count(const struct hb_diag *d, enum hb_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == sev)
			n++;
	return n;
}

void
hb_diag_copy(struct hb_diag *dst, const struct hb_diag *src, bool errors_only)
{
	size_t i, k;

	for (i = 0; i < src->n; i++) {
		const struct hb_diag_entry *e = &src->v[i];
		struct hb_diag_entry *c;

		if (errors_only && e->sev != HB_SEV_ERROR)
			continue;
		dst->v = hb_xgrow(dst->v, &dst->cap, dst->n + 1,
		    sizeof(*dst->v));
		c = &dst->v[dst->n++];
		*c = *e;
		c->path = e->path ? hb_xstrdup(e->path) : NULL;
		c->msg = hb_xstrdup(e->msg);
		c->notes = e->nnotes ? hb_xcalloc(e->nnotes,
		    sizeof(*c->notes)) : NULL;
		for (k = 0; k < e->nnotes; k++) {
			c->notes[k] = e->notes[k];
			c->notes[k].msg = hb_xstrdup(e->notes[k].msg);
		}
		c->seq = dst->seq++;
	}
	if (errors_only)
		return;
	for (i = 0; i < src->nex; i++) {
		const struct hb_explain_entry *e = &src->ex[i];
		struct hb_pos pos = { e->path, e->line, 0 };

		hb_diag_explain(dst, e->topic, &pos, "%s", e->msg);
	}
	for (i = 0; i < src->ncnt; i++)
		for (k = 0; k < src->cnt[i].n; k++)
			hb_diag_explain_count(dst, src->cnt[i].topic,
			    src->cnt[i].what);
}

void
hb_diag_merge(struct hb_diag *dst, struct hb_diag *src)
{
	size_t i;

	dst->v = hb_xgrow(dst->v, &dst->cap, dst->n + src->n,
	    sizeof(*dst->v));
	for (i = 0; i < src->n; i++) {
		dst->v[dst->n] = src->v[i];
		dst->v[dst->n].seq = dst->seq++;
		dst->n++;
	}
	free(src->v);
	src->v = NULL;
	src->n = src->cap = 0;
	for (i = 0; i < src->nex; i++) {
		dst->ex = hb_xgrow(dst->ex, &dst->capex, dst->nex + 1,
		    sizeof(*dst->ex));
		dst->ex[dst->nex] = src->ex[i];
		dst->ex[dst->nex].seq = dst->seq++;
		dst->nex++;
	}
	free(src->ex);
	for (i = 0; i < src->ncnt; i++) {
		size_t k;

		for (k = 0; k < src->cnt[i].n; k++)
			hb_diag_explain_count(dst, src->cnt[i].topic,
			    src->cnt[i].what);
	}
	src->nex = src->capex = 0;
	src->ex = NULL;
	explain_fini(src);
	memset(src, 0, sizeof(*src));
}

void
hb_diag_promote(struct hb_diag *d, bool all)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == HB_SEV_WARNING &&
		    (all || !d->v[i].advisory))
			d->v[i].sev = HB_SEV_ERROR;
}

void
hb_diag_filter(struct hb_diag *d,
    bool (*keep)(const char *path, void *ctx), void *ctx)
{
	size_t i, j = 0;

	for (i = 0; i < d->n; i++) {
		if (keep(d->v[i].path, ctx))
			d->v[j++] = d->v[i];
		else
			entry_fini(&d->v[i]);
	}
	d->n = j;
}

void
hb_diag_drop_remarks(struct hb_diag *d)
{
	size_t i, j = 0;

	for (i = 0; i < d->n; i++) {
		if (d->v[i].sev == HB_SEV_NOTE)
			entry_fini(&d->v[i]);
		else
			d->v[j++] = d->v[i];
	}
	d->n = j;
}

static int
cmp_entry(const void *pa, const void *pb)
{
	const struct hb_diag_entry *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);

	if (c != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void
hb_diag_sort(struct hb_diag *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), cmp_entry);
}

static const char *
sev_name(enum hb_severity sev)
{
	switch (sev) {
	case HB_SEV_ERROR: return "error";
	case HB_SEV_WARNING: return "warning";
	case HB_SEV_NOTE: return "note";
	}
	return "error";
}

/* Text output shows content's bytes as they are, but never a control
 * character: a topic name or a file name holding "\n::warning file=..."
 * must not forge a line in a CI log (issue #15). \n, \r and \t print
 * as those escapes, other C0 controls and DEL as \xNN. */
static void
text_escape(FILE *fp, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			fputs("\\n", fp);
		else if (c == '\r')
			fputs("\\r", fp);
		else if (c == '\t')
			fputs("\\t", fp);
		else if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\x%02x", c);
		else
			fputc(c, fp);
	}
}

static void
print_loc(FILE *fp, const char *path, int line, int col)
{
	text_escape(fp, path[0] ? path : "handbook");
	/* Always path:line:col when there is a line (col 1 when the
	 * problem is the whole line). */
	if (line > 0)
		fprintf(fp, ":%d:%d", line, col > 0 ? col : 1);
	fputs(": ", fp);
}

/* GitHub workflow commands need %, CR and LF escaped in the message and
 * also , and : in properties. */
static void
gh_escape(FILE *fp, const char *s, bool prop)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", fp);
		else if (*s == '\r')
			fputs("%0D", fp);
		else if (*s == '\n')
			fputs("%0A", fp);
		else if (prop && *s == ':')
			fputs("%3A", fp);
		else if (prop && *s == ',')
			fputs("%2C", fp);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			fprintf(fp, "\\x%02x", (unsigned char)*s);
		else
			fputc(*s, fp);
	}
}

static void
print_github(FILE *fp, const struct hb_diag_entry *e)
{
	size_t i;

	fprintf(fp, "::%s ", e->sev == HB_SEV_ERROR ? "error" :
	    e->sev == HB_SEV_WARNING ? "warning" : "notice");
	if (e->path[0]) {
		fputs("file=", fp);
		gh_escape(fp, e->path, true);
		if (e->line > 0)
			fprintf(fp, ",line=%d,col=%d", e->line,
			    e->col > 0 ? e->col : 1);
	}
	fputs("::", fp);
	gh_escape(fp, e->msg, false);
	for (i = 0; i < e->nnotes; i++) {
		fputs("%0Anote: ", fp);
		gh_escape(fp, e->notes[i].msg, false);
	}
	fputc('\n', fp);
}

static void
print_json(FILE *fp, const struct hb_diag *d)
{
	struct hb_json j;
	size_t i, k;

	hb_json_init(&j);
	hb_json_array_begin(&j);
	for (i = 0; i < d->n; i++) {
		const struct hb_diag_entry *e = &d->v[i];

		hb_json_object_begin(&j);
		hb_json_key(&j, "path");
		hb_json_string(&j, e->path);
		hb_json_key(&j, "line");
		hb_json_int(&j, e->line);
		hb_json_key(&j, "col");
		hb_json_int(&j, e->col);
		hb_json_key(&j, "severity");
		hb_json_string(&j, sev_name(e->sev));
		hb_json_key(&j, "message");
		hb_json_string(&j, e->msg);
		hb_json_key(&j, "notes");
		hb_json_array_begin(&j);
		for (k = 0; k < e->nnotes; k++) {
			hb_json_object_begin(&j);
			hb_json_key(&j, "line");
			hb_json_int(&j, e->notes[k].line);
			hb_json_key(&j, "col");
			hb_json_int(&j, e->notes[k].col);
			hb_json_key(&j, "message");
			hb_json_string(&j, e->notes[k].msg);
			hb_json_object_end(&j);
		}
		hb_json_array_end(&j);
		hb_json_object_end(&j);
	}
	hb_json_array_end(&j);
	fputs(hb_json_str(&j), fp);
	fputc('\n', fp);
	hb_json_fini(&j);
}

/* Runs print(d, m, fmt) on a memory stream and writes the result to fp
 * at once: stderr is unbuffered, and a byte at a time (text_escape) is
 * a system call each (4 million for 38,000 remarks). */
static void
buffered(struct hb_diag *d, FILE *fp, enum hb_diag_format fmt,
    void (*print)(struct hb_diag *, FILE *, enum hb_diag_format))
{
	char *mem = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&mem, &len);

	if (m == NULL) {
		print(d, fp, fmt);
		return;
	}
	print(d, m, fmt);
	if (fclose(m) == 0 && len > 0)
		fwrite(mem, 1, len, fp);
	free(mem);
}

static void
print_text(struct hb_diag *d, FILE *fp, enum hb_diag_format fmt)
{
	size_t i, k;

	hb_diag_sort(d);
	if (fmt == HB_DIAG_JSON) {
		print_json(fp, d);
		return;
	}
	for (i = 0; i < d->n; i++) {
		const struct hb_diag_entry *e = &d->v[i];

		if (fmt == HB_DIAG_GITHUB) {
			print_github(fp, e);
			continue;
		}
		print_loc(fp, e->path, e->line, e->col);
		fprintf(fp, "%s: ", sev_name(e->sev));
		text_escape(fp, e->msg);
		fputc('\n', fp);
		for (k = 0; k < e->nnotes; k++) {
			const struct hb_diag_note *n = &e->notes[k];

			print_loc(fp, e->path, n->line ? n->line : e->line,
			    n->line ? n->col : e->col);
			fputs("note: ", fp);
			text_escape(fp, n->msg);
			fputc('\n', fp);
		}
	}
}

void
hb_diag_print(struct hb_diag *d, FILE *fp, enum hb_diag_format fmt)
{
	buffered(d, fp, fmt, print_text);
}

/* ---- explanations ---- */

void
hb_diag_explain(struct hb_diag *d, const char *topic,
    const struct hb_pos *pos, const char *fmt, ...)
{
	struct hb_explain_entry *e;
	va_list ap;

	d->ex = hb_xgrow(d->ex, &d->capex, d->nex + 1, sizeof(*d->ex));
	e = &d->ex[d->nex++];
	e->topic = hb_xstrdup(topic);
	e->path = hb_xstrdup(pos && pos->path ? pos->path : "");
	e->line = pos ? pos->line : 0;
	va_start(ap, fmt);
	e->msg = vformat(fmt, ap);
	va_end(ap);
	e->seq = d->seq++;
}

void
hb_diag_explain_count(struct hb_diag *d, const char *topic, const char *what)
{
	size_t i;

	/* A sink holds a handful of distinct tallies: a linear look-up. */
	for (i = d->ncnt; i-- > 0;)
		if (strcmp(d->cnt[i].what, what) == 0 &&
		    strcmp(d->cnt[i].topic, topic) == 0) {
			d->cnt[i].n++;
			return;
		}
	d->cnt = hb_xgrow(d->cnt, &d->capcnt, d->ncnt + 1, sizeof(*d->cnt));
	d->cnt[d->ncnt].topic = hb_xstrdup(topic);
	d->cnt[d->ncnt].what = hb_xstrdup(what);
	d->cnt[d->ncnt].n = 1;
	d->ncnt++;
}

static const char *const topic_order[] = {
	HB_EX_TOOL, HB_EX_SETTINGS, HB_EX_CONTENT, HB_EX_SKIPPED,
	HB_EX_SECTIONS, HB_EX_ORDER, HB_EX_FRONT, HB_EX_IDS, HB_EX_URLS,
	HB_EX_LINKS, HB_EX_MARKUP, HB_EX_LAYOUT, NULL
};

static size_t
topic_rank(const char *t)
{
	size_t i;

	for (i = 0; topic_order[i] != NULL; i++)
		if (strcmp(topic_order[i], t) == 0)
			return i;
	return i;
}

static int
cmp_topic(const char *a, const char *b)
{
	size_t ra = topic_rank(a), rb = topic_rank(b);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	return strcmp(a, b);
}

static int
cmp_explain(const void *pa, const void *pb)
{
	const struct hb_explain_entry *a = pa, *b = pb;
	int c = cmp_topic(a->topic, b->topic);

	if (c != 0)
		return c;
	c = strcmp(a->path, b->path);
	if (c != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int
cmp_count(const void *pa, const void *pb)
{
	const struct hb_explain_count *a = pa, *b = pb;
	int c = cmp_topic(a->topic, b->topic);

	return c != 0 ? c : strcmp(a->what, b->what);
}

/* Sorts entries and tallies, summing tallies of the same key. */
static void
explain_sort(struct hb_diag *d)
{
	size_t i, j = 0;

	if (d->nex > 1)
		qsort(d->ex, d->nex, sizeof(*d->ex), cmp_explain);
	if (d->ncnt > 1)
		qsort(d->cnt, d->ncnt, sizeof(*d->cnt), cmp_count);
	for (i = 0; i < d->ncnt; i++) {
		if (j > 0 && cmp_count(&d->cnt[j - 1], &d->cnt[i]) == 0) {
			d->cnt[j - 1].n += d->cnt[i].n;
			free(d->cnt[i].topic);
			free(d->cnt[i].what);
			continue;
		}
		d->cnt[j++] = d->cnt[i];
	}
	d->ncnt = j;
}

static void
explain_json(FILE *fp, const struct hb_diag *d)
{
	struct hb_json j;
	size_t i;

	hb_json_init(&j);
	hb_json_object_begin(&j);
	hb_json_key(&j, "explain");
	hb_json_array_begin(&j);
	for (i = 0; i < d->nex; i++) {
		hb_json_object_begin(&j);
		hb_json_key(&j, "topic");
		hb_json_string(&j, d->ex[i].topic);
		hb_json_key(&j, "path");
		hb_json_string(&j, d->ex[i].path);
		hb_json_key(&j, "line");
		hb_json_int(&j, d->ex[i].line);
		hb_json_key(&j, "message");
		hb_json_string(&j, d->ex[i].msg);
		hb_json_object_end(&j);
	}
	hb_json_array_end(&j);
	hb_json_key(&j, "counts");
	hb_json_array_begin(&j);
	for (i = 0; i < d->ncnt; i++) {
		hb_json_object_begin(&j);
		hb_json_key(&j, "topic");
		hb_json_string(&j, d->cnt[i].topic);
		hb_json_key(&j, "what");
		hb_json_string(&j, d->cnt[i].what);
		hb_json_key(&j, "count");
		hb_json_int(&j, (long long)d->cnt[i].n);
		hb_json_object_end(&j);
	}
	hb_json_array_end(&j);
	hb_json_object_end(&j);
	fputs(hb_json_str(&j), fp);
	fputc('\n', fp);
	hb_json_fini(&j);
}

static void
print_explain(struct hb_diag *d, FILE *fp, enum hb_diag_format fmt)
{
	const char *topic = NULL;
	size_t i, k = 0;

	explain_sort(d);
	if (fmt == HB_DIAG_JSON) {
		explain_json(fp, d);
		return;
	}
	/* Topic by topic: its entries, then its tallies. */
	for (i = 0; i <= d->nex; i++) {
		const char *t = i < d->nex ? d->ex[i].topic : NULL;

		for (; k < d->ncnt && (t == NULL ||
		    cmp_topic(d->cnt[k].topic, t) < 0); k++) {
			if (topic == NULL || strcmp(topic,
			    d->cnt[k].topic) != 0) {
				topic = d->cnt[k].topic;
				fprintf(fp, "%s:\n", topic);
			}
			fprintf(fp, "  %zu ", d->cnt[k].n);
			text_escape(fp, d->cnt[k].what);
			fputc('\n', fp);
		}
		if (t == NULL)
			break;
		if (topic == NULL || strcmp(topic, t) != 0) {
			topic = t;
			fprintf(fp, "%s:\n", topic);
		}
		fputs("  ", fp);
		if (d->ex[i].path[0] != '\0') {
			text_escape(fp, d->ex[i].path);
			if (d->ex[i].line > 0)
				fprintf(fp, ":%d", d->ex[i].line);
			fputs(": ", fp);
		}
		text_escape(fp, d->ex[i].msg);
		fputc('\n', fp);
	}
}

void
hb_diag_print_explain(struct hb_diag *d, FILE *fp, enum hb_diag_format fmt)
{
	buffered(d, fp, fmt, print_explain);
}

void
hb_diag_summary(const struct hb_diag *d, FILE *fp)
{
	size_t ne = hb_diag_count(d, HB_SEV_ERROR);
	size_t nw = hb_diag_count(d, HB_SEV_WARNING);

	if (ne == 0 && nw == 0)
		return;
	fprintf(fp, "%zu error%s, %zu warning%s\n", ne, ne == 1 ? "" : "s",
	    nw, nw == 1 ? "" : "s");
}
