/* Stage 8 (dump): hb_site -> JSON. The order of keys here is the
 * contract; change it only together with docs/model.md. */
#include "dump.h"

#include "buf.h"
#include "json.h"
#include "model.h"

static void
strings(struct hb_json *j, const char *const *v, size_t n)
{
	size_t i;

	hb_json_array_begin(j);
	for (i = 0; i < n; i++)
		hb_json_string(j, v[i]);
	hb_json_array_end(j);
}

static void
review(struct hb_json *j, const struct hb_review *r)
{
	if (r == NULL) {
		hb_json_null(j);
		return;
	}
	hb_json_object_begin(j);
	hb_json_key(j, "verdict");
	hb_json_string(j, r->verdict);
	hb_json_key(j, "stars");
	if (r->stars > 0)
		hb_json_int(j, r->stars);
	else
		hb_json_null(j);
	hb_json_key(j, "pros");
	strings(j, r->pros, r->npros);
	hb_json_key(j, "cons");
	strings(j, r->cons, r->ncons);
	hb_json_key(j, "summary");
	hb_json_string(j, r->summary);
	hb_json_object_end(j);
}

static void
question(struct hb_json *j, const struct hb_question *q)
{
	size_t i;

	hb_json_object_begin(j);
	hb_json_key(j, "id");
	hb_json_string(j, q->id);
	hb_json_key(j, "number");
	hb_json_string(j, q->number);
	hb_json_key(j, "title");
	hb_json_string(j, q->title);
	hb_json_key(j, "section");
	hb_json_string(j, q->section);
	hb_json_key(j, "line");
	hb_json_int(j, q->line);
	hb_json_key(j, "prompt");
	hb_json_string(j, q->prompt);
	hb_json_key(j, "status");
	hb_json_string(j, hb_status_name(q->status));
	hb_json_key(j, "answers");
	hb_json_array_begin(j);
	for (i = 0; i < q->nanswers; i++) {
		hb_json_object_begin(j);
		hb_json_key(j, "kind");
		hb_json_string(j, hb_answer_kind_name(q->answers[i].kind));
		hb_json_key(j, "markdown");
		hb_json_string(j, q->answers[i].markdown);
		hb_json_object_end(j);
	}
	hb_json_array_end(j);
	hb_json_key(j, "review");
	review(j, q->review);
	hb_json_key(j, "code_blocks");
	hb_json_array_begin(j);
	for (i = 0; i < q->ncode; i++) {
		hb_json_object_begin(j);
		hb_json_key(j, "lang");
		hb_json_string(j, q->code[i].lang);
		hb_json_key(j, "line");
		hb_json_int(j, q->code[i].line);
		hb_json_key(j, "code");
		hb_json_string(j, q->code[i].code);
		hb_json_object_end(j);
	}
	hb_json_array_end(j);
	hb_json_key(j, "choices");
	hb_json_array_begin(j);
	for (i = 0; i < q->nchoices; i++) {
		hb_json_object_begin(j);
		hb_json_key(j, "label");
		hb_json_string(j, q->choices[i].label);
		hb_json_key(j, "text");
		hb_json_string(j, q->choices[i].text);
		hb_json_object_end(j);
	}
	hb_json_array_end(j);
	hb_json_key(j, "topics");
	strings(j, q->topics, q->ntopics);
	hb_json_key(j, "created");
	hb_json_string(j, q->created);
	hb_json_key(j, "updated");
	hb_json_string(j, q->updated);
	hb_json_key(j, "authors");
	if (q->authors != NULL)
		strings(j, q->authors, q->nauthors);
	else
		hb_json_null(j);
	hb_json_object_end(j);
}

/* What issue #10 added to a document: its section, navigation title,
 * summary, URL in the tool it was written for, and old URLs. */
static void
document_extra(struct hb_json *j, const struct hb_document *d)
{
	hb_json_key(j, "section");
	hb_json_string(j, d->section != NULL ? d->section->id : NULL);
	hb_json_key(j, "short_title");
	hb_json_string(j, d->short_title);
	hb_json_key(j, "summary");
	hb_json_string(j, d->summary);
	hb_json_key(j, "url");
	hb_json_string(j, d->url);
	hb_json_key(j, "aliases");
	strings(j, d->aliases, d->naliases);
}

/* The sections in navigation order, root first. */
static void
sections(struct hb_json *j, const struct hb_site *s)
{
	size_t i, k;

	hb_json_key(j, "sections");
	hb_json_array_begin(j);
	for (i = 0; i < s->nsections; i++) {
		const struct hb_section *x = s->sections[i];

		hb_json_object_begin(j);
		hb_json_key(j, "id");
		hb_json_string(j, x->id);
		hb_json_key(j, "path");
		hb_json_string(j, x->path);
		hb_json_key(j, "title");
		hb_json_string(j, x->title);
		hb_json_key(j, "title_from");
		hb_json_string(j, x->title_from);
		hb_json_key(j, "short_title");
		hb_json_string(j, x->short_title);
		hb_json_key(j, "summary");
		hb_json_string(j, x->summary);
		hb_json_key(j, "intro");
		hb_json_string(j, x->intro != NULL ? x->intro->path : NULL);
		hb_json_key(j, "parent");
		hb_json_string(j, x->parent != NULL ? x->parent->id : NULL);
		hb_json_key(j, "questions_only");
		hb_json_bool(j, x->questions_only);
		hb_json_key(j, "documents");
		hb_json_int(j, (long long)x->ndocs);
		hb_json_key(j, "questions");
		hb_json_int(j, (long long)x->nquestions);
		hb_json_key(j, "entries");
		hb_json_array_begin(j);
		for (k = 0; k < x->nentries; k++) {
			const struct hb_nav_entry *e = &x->entries[k];

			hb_json_object_begin(j);
			if (e->doc != NULL) {
				hb_json_key(j, "document");
				hb_json_string(j, e->doc->path);
			} else {
				hb_json_key(j, "section");
				hb_json_string(j, e->section->id);
			}
			hb_json_object_end(j);
		}
		hb_json_array_end(j);
		hb_json_object_end(j);
	}
	hb_json_array_end(j);
}

void
hb_dump_site(const struct hb_site *s, struct hb_buf *out)
{
	struct hb_json j;
	size_t i, k;

	hb_json_init_pretty(&j, 2);
	hb_json_object_begin(&j);
	hb_json_key(&j, "documents");
	hb_json_array_begin(&j);
	for (i = 0; i < s->ndocs; i++) {
		const struct hb_document *d = s->docs[i];

		hb_json_object_begin(&j);
		hb_json_key(&j, "path");
		hb_json_string(&j, d->path);
		hb_json_key(&j, "title");
		hb_json_string(&j, d->title);
		hb_json_key(&j, "layout");
		hb_json_string(&j, hb_layout_name(d->layout));
		document_extra(&j, d);
		hb_json_key(&j, "questions");
		hb_json_array_begin(&j);
		for (k = 0; k < d->nquestions; k++)
			question(&j, &d->questions[k]);
		hb_json_array_end(&j);
		hb_json_object_end(&j);
	}
	hb_json_array_end(&j);
	hb_json_key(&j, "topics");
	hb_json_array_begin(&j);
	for (i = 0; i < s->ntopics; i++) {
		const struct hb_topic_ref *t = &s->topics[i];

		hb_json_object_begin(&j);
		hb_json_key(&j, "id");
		hb_json_string(&j, t->id);
		hb_json_key(&j, "title");
		hb_json_string(&j, t->title);
		hb_json_key(&j, "questions");
		hb_json_array_begin(&j);
		for (k = 0; k < t->nquestions; k++)
			hb_json_string(&j, t->questions[k]->id);
		hb_json_array_end(&j);
		hb_json_object_end(&j);
	}
	hb_json_array_end(&j);
	sections(&j, s);
	hb_json_object_end(&j);
	hb_buf_puts(out, hb_json_str(&j));
	hb_buf_putc(out, '\n');
	hb_json_fini(&j);
}
