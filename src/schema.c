/* Theme stage: the keys each page template gets, written down once (see
 * schema.h). Consumes the compiled template set and the UI strings;
 * produces diagnostics only. The schema below must follow site.c: a key
 * site.c sets and this list lacks makes `check` reject a template that
 * `build` renders, and the reverse lets `check` pass a template that
 * `build` rejects. The default templates are checked on every run, so
 * a key they use is always here; the rest was taken from the contexts
 * of real builds (the sample handbook, tests/sites, versions). */
#include "schema.h"

#include <assert.h>
#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "template.h"
#include "yml.h"

/* The syntax: names separated by blanks; `name{...}` is a map,
 * `name?{...}` a map or null (site.c sets null when there is none: a
 * template must open a section on it before reaching inside),
 * `name[]{...}` a list of maps, `name[]` a list of scalars, `*` any
 * name. Shared shapes are macros, pasted by the compiler. */
#define REVIEW "{cons[] full_html has_cons has_pros has_stars pros[] " \
	"stars stars_text summary verdict}"
#define QUESTION "{answers[]{html kind label} " \
	"answers_after[]{html kind label} choices[]{label text} " \
	"correct has_choices heading id line number prompt_html " \
	"review?" REVIEW " section status title topics[]{id title url} " \
	"unanswered url}"
#define QITEM "{doc_title id review?" REVIEW " status title unanswered url}"
#define ENTRY "{answered count has_questions ids is_section " \
	"layout_label title url}"

/* page_base() in site.c: every page has these. `t` is filled from
 * i18n.yml; asset keys come from theme file names. */
static const char common[] =
	"site{title description version updated} assets{*} root "
	"asset_root versions[]{name url current} has_versions "
	"version_name has_changes theme_init i18n_json page{kind is_home} "
	"breadcrumbs[]{title url current} pager?{prev?{title url} "
	"next?{title url}}";

static const struct {
	const char *name;
	const char *keys;
} pages[] = {
	{ "404", "" },
	{ "changes", "since added[]{title url} removed[]{title} "
	    "changed[]{title url diff[]{op sign text}} nadded nremoved "
	    "nchanged" },
	{ "document", "doc{answered count has_questions layout_label "
	    "log_url source title} parts[]{anchor aside html is_heading "
	    "is_prose is_question question?" QUESTION " tag text} "
	    "scorecard?{answered average checkboxes[]{label "
	    "options[]{checked text}} count has_checkboxes has_stars "
	    "rounds[]{answered average count has_stars rows[]" QUESTION
	    " title}} title toc?{groups[]{anchor questions[]{id title} "
	    "title}}" },
	{ "home", "documents[]" ENTRY " groups[]{anchor count "
	    "entries[]" ENTRY " has_count summary title url} has_topics "
	    "intro_html stats{answered average has_rating questions} "
	    "topics[]{count title url}" },
	{ "practice", "practice_json practice_size" },
	{ "question", "authors code[]{lang line url} commits[]{author date "
	    "id subject} created edit_url has_code has_history has_related "
	    "log_url question" QUESTION " related{items[]" QITEM "} "
	    "source_path source_url uncommitted updated" },
	{ "redirect", "redirect{title url}" },
	{ "section", "entries[]" ENTRY " has_entries questions[]" QUESTION
	    " section{answered count has_questions intro_html summary "
	    "title} title" },
	{ "source", "source{doc_title doc_url html path raw_url}" },
	{ "topic", "groups[]{items[]" QITEM " title url} has_related "
	    "related[]{count title url} topic{answered count description "
	    "title}" },
	{ "topics", "topics[]{count description title url}" },
};

#define MAX_DEPTH 16

static bool
is_name(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
	    c == '*';
}

/* Adds the keys of text to the map root. The text is ours, so a syntax
 * mistake is a programmer's: assert. */
static void
parse(struct hb_arena *a, struct hb_tval *root, const char *text)
{
	struct hb_tval *stack[MAX_DEPTH];
	size_t depth = 0, i = 0;

	stack[0] = root;
	while (text[i] != '\0') {
		struct hb_tval *v, *map = NULL;
		char name[64];
		size_t n = 0;

		if (text[i] == ' ') {
			i++;
			continue;
		}
		if (text[i] == '}') {
			assert(depth > 0);
			depth--;
			i++;
			continue;
		}
		while (is_name(text[i])) {
			assert(n + 1 < sizeof(name));
			name[n++] = text[i++];
		}
		assert(n > 0);
		name[n] = '\0';
		if (text[i] == '?') {
			i++;
			assert(text[i] == '{');
			map = hb_tval_map(a);
			hb_tval_map_set_str(map, "?", "x");
		} else if (text[i] == '{') {
			map = hb_tval_map(a);
		}
		if (strncmp(text + i, "[]", 2) == 0) {
			i += 2;
			if (text[i] == '{')
				map = hb_tval_map(a);
			v = hb_tval_list(a);
			hb_tval_list_push(v, map != NULL ? map :
			    hb_tval_str(a, "x"));
		} else {
			v = map != NULL ? map : hb_tval_str(a, "x");
		}
		hb_tval_map_set(stack[depth], name, v);
		if (map != NULL) {
			assert(text[i] == '{' && depth + 1 < MAX_DEPTH);
			stack[++depth] = map;
			i++;
		}
	}
	assert(depth == 0);
}

/* The keys of `t`: every scalar key of every language. */
static void
add_strings(struct hb_arena *a, struct hb_tval *root,
    const struct hb_yval *strings)
{
	struct hb_tval *t = hb_tval_map(a);
	size_t i, k;

	hb_tval_map_set(root, "t", t);
	if (strings == NULL || strings->kind != HB_Y_MAP)
		return;
	for (i = 0; i < strings->n; i++) {
		const struct hb_yval *lang = strings->kv[i].val;

		if (lang->kind != HB_Y_MAP)
			continue;
		for (k = 0; k < lang->n; k++)
			if (lang->kv[k].val->kind == HB_Y_SCALAR)
				hb_tval_map_set_str(t, lang->kv[k].key, "x");
	}
}

int
hb_schema_check(const struct hb_tset *ts, const struct hb_yval *strings,
    struct hb_diag *d)
{
	enum { N = sizeof(pages) / sizeof(pages[0]) };
	const char *names[N];
	const struct hb_tval *shapes[N];
	struct hb_arena a;
	size_t i;
	int rc;

	hb_arena_init(&a);
	for (i = 0; i < N; i++) {
		struct hb_tval *root = hb_tval_map(&a);

		parse(&a, root, common);
		parse(&a, root, pages[i].keys);
		add_strings(&a, root, strings);
		names[i] = pages[i].name;
		shapes[i] = root;
	}
	rc = hb_tset_check(ts, names, shapes, N, d);
	hb_arena_fini(&a);
	return rc;
}
