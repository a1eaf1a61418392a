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

void
hb_diag_fini(struct hb_diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		entry_fini(&d->v[i]);
	free(d->v);
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

static void
print_loc(FILE *fp, const char *path, int line, int col)
{
	fputs(path[0] ? path : "handbook", fp);
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

void
hb_diag_print(struct hb_diag *d, FILE *fp, enum hb_diag_format fmt)
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
		fprintf(fp, "%s: %s\n", sev_name(e->sev), e->msg);
		for (k = 0; k < e->nnotes; k++) {
			const struct hb_diag_note *n = &e->notes[k];

			print_loc(fp, e->path, n->line ? n->line : e->line,
			    n->line ? n->col : e->col);
			fprintf(fp, "note: %s\n", n->msg);
		}
	}
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
