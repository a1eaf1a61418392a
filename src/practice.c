/* Stage write (issue #14): model -> the practice scripts' question list
 * (see practice.h). */
#include "practice.h"

#include <string.h>

#include "buf.h"
#include "json.h"
#include "model.h"
#include "nav.h"

static void
url(struct hb_json *j, struct hb_arena *a, const char *dir, const char *name)
{
	hb_json_key(j, "url");
	hb_json_string(j, hb_nav_url(a, "", dir, name));
}

/* The index of topic id in the site's sorted topics, or -1. */
static long
topic_index(const struct hb_site *site, const char *id)
{
	size_t lo = 0, hi = site->ntopics;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, site->topics[mid].id);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

void
hb_practice_script(const struct hb_site *site, long new_per_session,
    struct hb_buf *out)
{
	struct hb_json j;
	struct hb_arena a;
	size_t d, k, i;

	hb_json_init(&j);
	hb_arena_init(&a);
	hb_json_object_begin(&j);
	hb_json_key(&j, "new_per_session");
	hb_json_int(&j, new_per_session);
	hb_json_key(&j, "docs");
	hb_json_array_begin(&j);
	for (d = 0; d < site->ndocs; d++) {
		hb_json_object_begin(&j);
		hb_json_key(&j, "title");
		hb_json_string(&j, site->docs[d]->title);
		url(&j, &a, "d", site->docs[d]->slug);
		hb_json_object_end(&j);
	}
	hb_json_array_end(&j);
	hb_json_key(&j, "topics");
	hb_json_array_begin(&j);
	for (i = 0; i < site->ntopics; i++) {
		hb_json_object_begin(&j);
		hb_json_key(&j, "id");
		hb_json_string(&j, site->topics[i].id);
		hb_json_key(&j, "title");
		hb_json_string(&j, site->topics[i].title);
		url(&j, &a, "topics", site->topics[i].id);
		hb_json_object_end(&j);
	}
	hb_json_array_end(&j);
	hb_json_key(&j, "questions");
	hb_json_array_begin(&j);
	for (d = 0; d < site->ndocs; d++) {
		const struct hb_document *doc = site->docs[d];

		for (k = 0; k < doc->nquestions; k++) {
			const struct hb_question *q = &doc->questions[k];

			hb_json_object_begin(&j);
			hb_json_key(&j, "id");
			hb_json_string(&j, q->id);
			hb_json_key(&j, "title");
			hb_json_string(&j, q->title);
			url(&j, &a, "q", q->id);
			hb_json_key(&j, "doc");
			hb_json_int(&j, (long long)d);
			hb_json_key(&j, "topics");
			hb_json_array_begin(&j);
			for (i = 0; i < q->ntopics; i++) {
				long t = topic_index(site, q->topics[i]);

				if (t >= 0)
					hb_json_int(&j, t);
			}
			hb_json_array_end(&j);
			hb_json_key(&j, "answered");
			hb_json_bool(&j, q->status == HB_STATUS_ANSWERED);
			hb_json_object_end(&j);
		}
	}
	hb_json_array_end(&j);
	hb_json_object_end(&j);
	hb_buf_printf(out, "window.HB_QUESTIONS=%s;\n", hb_json_str(&j));
	hb_json_fini(&j);
	hb_arena_fini(&a);
}
