/* Stage 5 data: the handbook as plain data. A document owns its
 * questions and every string in them through its own arena, so a
 * document can be built by a worker thread, replaced alone in `serve`,
 * and freed at once. A site (hb_site) made with hb_site_add owns its
 * documents; the build's site borrows them (see build.h). */
#ifndef HB_MODEL_H
#define HB_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* The longest id a cross-reference may name, in bytes; generated ids
 * are much shorter (64 code points). */
#define HB_MAX_ID_BYTES 512

enum hb_layout {
	HB_LAYOUT_RECORD,	/* interview record: rounds, labels, reviews */
	HB_LAYOUT_LIST,		/* numbered Q&A list */
	HB_LAYOUT_SINGLE,	/* one question per file */
	HB_LAYOUT_HEADINGS	/* H2/H3 headings are the questions */
};

enum hb_answer_kind {
	HB_ANSWER_CANDIDATE,	/* what the candidate said */
	HB_ANSWER_REFERENCE,	/* the model answer */
	HB_ANSWER_ANSWER	/* an answer with no other role */
};

enum hb_status {
	HB_STATUS_ANSWERED,
	HB_STATUS_UNANSWERED	/* no answer, or only a placeholder */
};

struct hb_answer {
	enum hb_answer_kind kind;
	int line;		/* first line of the answer's Markdown */
	const char *markdown;
	const char *html;	/* filled by render; NULL in dump */
	bool labelled;		/* introduced by a label ("**答案：**") */
};

struct hb_review {
	const char *verdict;	/* "良好", or NULL */
	int stars;		/* 1-5, 0 when there is no rating */
	const char **pros;
	size_t npros;
	const char **cons;
	size_t ncons;
	const char *summary;	/* text after the rating line, or NULL */
	const char *markdown;	/* the whole review */
	const char *html;
	int line;		/* first line of the review */
	int rating_line;	/* line of "总体评价：..." or 0 */
};

struct hb_code {
	const char *lang;	/* lowercased; guessed "go" when clearly Go;
				 * "" when unknown */
	bool lang_guessed;
	int line;		/* line of the opening fence */
	const char *code;
};

struct hb_choice {
	const char *label;	/* "A" */
	const char *text;
	int line;
};

/* One commit in a question's history (history.c). */
struct hb_commit {
	const char *id;		/* short id, 7 hex digits */
	const char *date;	/* committer date, "2024-01-01T00:00:00Z" */
	const char *author;	/* author name */
	const char *subject;	/* first line of the message */
};

struct hb_question {
	const char *id;		/* unique in the site */
	const char *base_id;	/* before disambiguation */
	bool id_explicit;	/* from front matter or {#id} */
	int id_line;		/* where an explicit id is written */
	const char *number;	/* "3", or NULL */
	const char *title;
	const char *section;	/* round or heading above, or NULL */
	int line;
	int col;
	const char *prompt;	/* Markdown, or NULL */
	const char *prompt_html;
	enum hb_status status;
	struct hb_answer *answers;
	size_t nanswers;
	struct hb_review *review;	/* NULL when none */
	struct hb_code *code;
	size_t ncode;
	struct hb_choice *choices;
	size_t nchoices;
	const char *correct;	/* label of the right choice when an answer
				 * says so ("答案是 B"), else NULL */
	const char **topics;	/* topic ids, sorted */
	size_t ntopics;
	/* from git (NULL outside a repository) */
	const char *created;
	const char *updated;
	const char **authors;
	size_t nauthors;
	struct hb_document *doc;
	size_t index;		/* position in doc->questions */
	size_t ordinal;		/* position in the site (links.c sets it) */
	/* from git (issue #6, history.c): the commits that changed this
	 * question, newest first (NULL/0 outside git or when unknown) */
	struct hb_commit *history;
	size_t nhistory;
	bool uncommitted;	/* the working tree differs from HEAD here */
};

/* One option of a scorecard line: "[x] 优秀". */
struct hb_mark_option {
	const char *text;
	bool checked;
};

/* A scorecard line in a document's prose, read at load time:
 * "- **Go语言基础**: [x] 优秀 [ ] 良好" -> label "Go语言基础" and two
 * options; "- [ ] 通过" -> label "" and one. */
struct hb_mark {
	const char *label;
	struct hb_mark_option *options;
	size_t noptions;
	int line;		/* of the part the line is in */
};

enum hb_part_kind {
	HB_PART_HEADING,	/* a section heading between questions */
	HB_PART_PROSE,		/* Markdown that belongs to no question */
	HB_PART_QUESTION
};

/* The document in reading order, for its page. */
struct hb_part {
	enum hb_part_kind kind;
	int level;		/* heading */
	const char *text;	/* heading text */
	const char *anchor;	/* heading: its id ("{#id}"), or NULL */
	const char *markdown;	/* prose */
	const char *html;
	int line;
	size_t question;	/* index into doc->questions */
};

enum hb_link_kind {
	HB_LINK_DOC,		/* another Markdown file: target is its rel path */
	HB_LINK_ASSET,		/* an image or file under content/ */
	HB_LINK_QUESTION,	/* [[q:ID]] or (q:ID): target is the id */
	HB_LINK_TOPIC		/* [[topic:ID]] or (topic:ID) */
};

/* An internal link found while rendering, kept so the whole-site stage
 * can report broken ones without parsing anything again. */
struct hb_link {
	enum hb_link_kind kind;
	const char *target;
	const char *anchor;	/* fragment without '#', or NULL */
	bool image;
	int line, col;
};

struct hb_document {
	const char *path;	/* as shown to users: relative to DIR */
	const char *rel;	/* relative to the content folder */
	const char *title;
	enum hb_layout layout;
	const char *slug;	/* page name, unique in the site */
	long weight;
	bool draft;
	const char **topics;	/* from front matter, for every question */
	size_t ntopics;
	int topics_line, topics_col;
	struct hb_question *questions;
	size_t nquestions;
	struct hb_part *parts;
	size_t nparts;
	struct hb_link *links;
	size_t nlinks;
	struct hb_mark *marks;	/* scorecard lines of the prose, in order */
	size_t nmarks;
	struct hb_arena arena;	/* owns everything above */
};

struct hb_topic_def;

struct hb_topic_ref {
	const char *id;
	const char *title;
	const struct hb_topic_def *def;	/* in the topics file, or NULL */
	struct hb_question **questions;
	size_t nquestions;
};

struct hb_site {
	struct hb_document **docs;	/* sorted by weight, then path */
	size_t ndocs, capdocs;
	struct hb_topic_ref *topics;	/* sorted by id */
	size_t ntopics;
	struct hb_question **by_id;	/* every question, sorted by id */
	size_t nquestions;
	struct hb_arena arena;	/* owns the arrays above, not the docs */
};

const char *hb_layout_name(enum hb_layout l);
const char *hb_answer_kind_name(enum hb_answer_kind k);
const char *hb_status_name(enum hb_status s);

/* Frees a document and everything it owns; NULL is a no-op. */
void hb_document_free(struct hb_document *doc);

/* Returns a new empty document for path (relative to DIR) and rel
 * (relative to the content folder); both are copied. */
struct hb_document *hb_document_new(const char *path, const char *rel);

/* The page name of a document at rel (relative to the content folder):
 * the path without its extension, each folder slugged and joined with
 * '-' ("interviews/2024 Go.md" -> "interviews-2024-go"). Arena-owned. */
const char *hb_doc_slug_for(struct hb_arena *a, const char *rel);

void hb_site_init(struct hb_site *s);
/* Adds doc; the site owns it from now on. */
void hb_site_add(struct hb_site *s, struct hb_document *doc);
/* Sorts documents by weight, then path (byte order). */
void hb_site_sort(struct hb_site *s);
/* Frees the site's arrays and every document in it. */
void hb_site_fini(struct hb_site *s);
/* Frees the site's arrays but not the documents, for a site that
 * borrows them (the build's: struct hb_build owns its documents). */
void hb_site_release(struct hb_site *s);

/* The site's language from its content: "zh" when at least a fifth of
 * the letters in question titles are CJK, else "en". */
const char *hb_site_language(const struct hb_site *s);

/* Returns the question with this id, or NULL (binary search over
 * by_id, which hb_links_assign_ids() fills). */
struct hb_question *hb_site_find(const struct hb_site *s, const char *id);

#endif
