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
#include "front.h"
#include "markup.h"

/* The longest id a cross-reference may name, in bytes, and the longest
 * derived page name (hb_name_cap): "q/<id>.html" must stay a file name
 * (255 bytes) with a -N suffix added. */
#define HB_MAX_ID_BYTES 200

enum hb_layout {
	HB_LAYOUT_RECORD,	/* interview record: rounds, labels, reviews */
	HB_LAYOUT_LIST,		/* numbered Q&A list */
	HB_LAYOUT_SINGLE,	/* one question per file */
	HB_LAYOUT_HEADINGS,	/* H2/H3 headings are the questions */
	HB_LAYOUT_GUIDE		/* prose and headings, no question of its
				 * own (issue #17): lists of questions in it
				 * may be its questions */
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
	const char *text;	/* plain text, without the question's code
				 * blocks (those are in hb_question.code):
				 * extract.h, hb_extract_text */
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
	const char *text;	/* plain text, as hb_answer.text */
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
	bool id_from_url;	/* from the tool's URL keys (Hugo slug and url,
				 * Docusaurus id and slug, Jekyll permalink):
				 * kept when free, else suffixed like a
				 * derived id */
	int id_line;		/* where an explicit id is written */
	const char *number;	/* "3", or NULL */
	const char *title;
	const char *section;	/* round or heading above, or NULL */
	int line;
	int col;
	const char *prompt;	/* Markdown, or NULL */
	const char *prompt_text;	/* plain text, as hb_answer.text;
					 * NULL when prompt is */
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
	const char *text;	/* heading: its text; prose: its plain
				 * text, code blocks included
				 * (hb_extract_text) */
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

enum hb_doc_role {
	HB_DOC_PAGE,		/* a document */
	HB_DOC_INTRO		/* _index.md, index.md, README.md: its
				 * section's intro; a document too only
				 * when it holds questions */
};

struct hb_section;

/* How a document's layout was chosen (issue #17). */
struct hb_layout_why {
	const char *evidence;	/* what decided, for `check --explain` */
	/* Its own evidence is not enough (a terse title, no Q&A marks):
	 * the other documents of its folder decide in the link stage
	 * (guide.h); lean_guide is what it reads as when they do not. */
	bool by_section;
	bool lean_guide;
	const char *settled;	/* why the section decided, or NULL */
	/* While such a document reads as a guide: its question reading,
	 * and the guide reading (one prose part) made from it. */
	struct hb_part *qparts;
	size_t nqparts, nqquestions;
	struct hb_part *gpart;
};

/* A heading's anchor on its document's page. */
struct hb_anchor {
	const char *id;		/* the id attribute */
	const char *key;	/* its text as anchors compare (str.h) */
};

struct hb_document {
	const char *path;	/* as shown to users: relative to DIR */
	const char *rel;	/* relative to the content folder */
	const char *title;
	bool title_from_name;	/* no title in the file: the file name */
	const char *short_title;	/* sidebar_label, linkTitle, or NULL */
	const char *summary;	/* description, or NULL */
	enum hb_layout layout;
	struct hb_layout_why why;	/* issue #17 */
	/* Foreign markup left out (markup.h), for one warning per name
	 * over the whole handbook. */
	struct hb_markup_drop *drops;
	size_t ndrops;
	enum hb_doc_role role;
	const char *intro_html;	/* an intro's body when it has no
				 * questions (NULL in dump) */
	const char *intro_text;	/* the same as plain text (hb_part.text),
				 * in every command; NULL unless the
				 * document is such an intro */
	const char *slug;	/* page name, unique in the site */
	const char *url;	/* its URL in the tool it was written for
				 * ("channel/what/"), or NULL (tools.h) */
	double weight;		/* weight, sidebar_position or nav_order */
	bool has_weight;
	const char *weight_key;	/* which of them, or NULL */
	bool draft;		/* draft, hidden, unlisted, bookHidden */
	const char *draft_key;	/* which of them */
	const char **aliases;	/* old URLs (aliases, redirect_from) */
	size_t naliases;
	const char **hints;	/* tags, categories, keywords */
	size_t nhints;
	struct hb_unknown_key *unknown_keys;	/* front.h */
	size_t nunknown_keys;
	struct hb_section *section;	/* set by the link stage */
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
	struct hb_anchor *anchors;	/* headings inside answers and prose
					 * (render), in document order */
	size_t nanchors;
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

/* One entry of a section, in navigation order: a document or a
 * subsection. */
struct hb_nav_entry {
	struct hb_document *doc;	/* or NULL */
	struct hb_section *section;	/* or NULL */
};

/* A section: a folder of the content (or a part or chapter of a
 * SUMMARY.md or _sidebar.md, which then gives the structure). Made by
 * the link stage (sections.c) in the site's arena. */
struct hb_section {
	const char *id;		/* unique page name ("" for the root):
				 * its page is s/<id>.html */
	const char *path;	/* folder relative to the content folder
				 * ("" for the root), or NULL for a part
				 * of an order file */
	const char *title;
	const char *title_from;	/* where the title came from */
	const char *short_title;	/* or NULL */
	const char *summary;	/* the intro's description, or NULL */
	struct hb_document *intro;	/* _index.md, index.md, README.md,
					 * or NULL */
	const char *intro_html;	/* a category's description as HTML-escaped
				 * text when there is no intro, or NULL */
	struct hb_section *parent;	/* NULL for the root */
	int depth;		/* 0 for the root */
	struct hb_nav_entry *entries;	/* in navigation order */
	size_t nentries;
	/* Every entry is a one-question document: the section reads as
	 * one document (home page, navigation, its own page). */
	bool questions_only;
	/* totals over the section and everything under it; its documents
	 * are site->docs[doc_start .. doc_start + ndocs) */
	size_t ndocs, nquestions, nanswered;
	size_t doc_start;
	size_t index;		/* position in site->sections */
};

/* A page at an old URL (aliases, redirect_from) that sends readers to
 * the document's page (links.c makes them; site.c writes them). */
struct hb_redirect {
	const char *from;	/* output path: "old/x/index.html" */
	const char *to;		/* output path: "q/x.html" */
	const char *title;
	const struct hb_document *doc;
};

struct hb_site {
	struct hb_document **docs;	/* in navigation order (sections.c):
					 * depth first through the sections */
	size_t ndocs, capdocs;
	/* intros that hold no questions: not documents, their sections'
	 * intros */
	struct hb_document **intros;
	size_t nintros, capintros;
	struct hb_section *root;	/* NULL until linked */
	struct hb_section **sections;	/* every section, root first, in
					 * navigation order */
	size_t nsections;
	struct hb_topic_ref *topics;	/* sorted by id */
	size_t ntopics;
	struct hb_question **by_id;	/* every question, sorted by id */
	size_t nquestions;
	/* documents and intros by rel (sections.c), for links */
	struct hb_document **by_rel;
	size_t nby_rel;
	struct hb_redirect *redirects;	/* sorted by from; site arena */
	size_t nredirects;
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
/* Adds doc; the site owns it from now on. An intro with no questions
 * goes to s->intros, every other document to s->docs. */
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

/* Returns the document or intro whose rel (content-relative path) is
 * rel, or NULL (binary search over by_rel, which the link stage
 * fills). */
struct hb_document *hb_site_find_rel(const struct hb_site *s,
    const char *rel);

/* The id a link's #anchor names in doc: a question's id or a heading's
 * anchor, matched as written, else without case and punctuation (as
 * other tools write anchors, "#whats-new"). *found says whether one
 * matched; when none does (or doc is NULL) returns anchor itself. */
const char *hb_site_anchor(const struct hb_document *doc, const char *anchor,
    bool *found);

/* Returns the question with this id, or NULL (binary search over
 * by_id, which hb_links_assign_ids() fills). */
struct hb_question *hb_site_find(const struct hb_site *s, const char *id);

#endif
