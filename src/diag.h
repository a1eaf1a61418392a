/* Foundation: the one diagnostic sink (STYLE.md, section 5).
 * Every content, config and template problem is recorded here with a
 * position and printed as `path:line:col: severity: message`, sorted by
 * path, line and column. A sink is not thread-safe: each worker fills its
 * own and the orchestrator merges them. */
#ifndef HB_DIAG_H
#define HB_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum hb_severity {
	HB_SEV_ERROR,
	HB_SEV_WARNING,
	HB_SEV_NOTE
};

enum hb_diag_format {
	HB_DIAG_TEXT,	/* path:line:col: severity: message */
	HB_DIAG_GITHUB,	/* ::error file=..,line=..,col=..::message
			 * (::warning, ::notice) */
	HB_DIAG_JSON	/* one JSON array */
};

/* A source position. path is relative to the handbook root; line and
 * col start at 1 (col counts bytes); line 0 means "the whole file". */
struct hb_pos {
	const char *path;
	int line;
	int col;
};

struct hb_diag_note {
	int line;
	int col;
	char *msg;
};

struct hb_diag_entry {
	char *path;
	int line;
	int col;
	enum hb_severity sev;
	char *msg;
	struct hb_diag_note *notes;
	size_t nnotes;
	size_t seq;	/* report order, the last sort key */
	bool advisory;	/* a warning that `check` keeps as a warning */
};

/* How handbook read the repository (`check --explain`): one record per
 * convention applied, kept beside the diagnostics so every stage that
 * reports into a sink can explain too, and per-file sinks carry their
 * explanations through the same merge. Never printed as diagnostics
 * and never counted as one. */
struct hb_explain_entry {
	char *topic;	/* HB_EX_* below, or another stage's own name */
	char *path;	/* "" when about the whole repository */
	int line;
	char *msg;
	size_t seq;
};

/* A tally for conventions too frequent to list one by one (links
 * resolved by each rule): summed over sinks when printed. */
struct hb_explain_count {
	char *topic;
	char *what;
	size_t n;
};

struct hb_diag {
	struct hb_diag_entry *v;
	size_t n, cap;
	size_t seq;
	struct hb_explain_entry *ex;
	size_t nex, capex;
	struct hb_explain_count *cnt;
	size_t ncnt, capcnt;
};

/* Explanation topics, printed in this order (unknown topics after them,
 * by name): a stage that adds conventions adds its topic here. */
#define HB_EX_TOOL "tool"		/* which tool the repository is for */
#define HB_EX_SETTINGS "settings"	/* site settings from its config */
#define HB_EX_CONTENT "content"		/* content and static folders */
#define HB_EX_SKIPPED "skipped"		/* partials, shells, other files */
#define HB_EX_SECTIONS "sections"	/* section titles and intros */
#define HB_EX_ORDER "order"		/* where navigation order came from */
#define HB_EX_FRONT "front-matter"	/* keys mapped or accepted */
#define HB_EX_IDS "ids"			/* question ids and page names */
#define HB_EX_URLS "urls"		/* slugs, permalinks, redirects */
#define HB_EX_LINKS "links"		/* link resolution by rule */
#define HB_EX_MARKUP "markup"		/* foreign markup (issue #10, item 4) */
#define HB_EX_LAYOUT "layout"		/* layout evidence (issue #17) */

void hb_diag_init(struct hb_diag *d);
void hb_diag_fini(struct hb_diag *d);

/* Records a diagnostic; pos is copied (pos may be NULL for a message
 * about the whole run). */
void hb_diag_error(struct hb_diag *d, const struct hb_pos *pos,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void hb_diag_warning(struct hb_diag *d, const struct hb_pos *pos,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A warning about something handbook repaired or that is only worth
 * knowing (a nested fence it un-nested): `check` keeps it a warning,
 * only --strict / --werror make it an error. */
void hb_diag_advise(struct hb_diag *d, const struct hb_pos *pos,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A note of its own (not attached to another diagnostic): something
 * worth knowing that is never an error, such as a question that only
 * has a placeholder answer. */
void hb_diag_remark(struct hb_diag *d, const struct hb_pos *pos,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Attaches a note to the diagnostic reported last; pos->path is
 * ignored (a note is about the same file). No-op when there is none. */
void hb_diag_note(struct hb_diag *d, const struct hb_pos *pos,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void hb_diag_vreport(struct hb_diag *d, enum hb_severity sev,
    const struct hb_pos *pos, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

size_t hb_diag_count(const struct hb_diag *d, enum hb_severity sev);
/* Appends copies of src's entries (errors only when errors_only) to
 * dst; src is unchanged. */
void hb_diag_copy(struct hb_diag *dst, const struct hb_diag *src,
    bool errors_only);
/* Moves every entry of src into dst; src is left empty. */
void hb_diag_merge(struct hb_diag *dst, struct hb_diag *src);
/* Turns warnings into errors: every warning when `all` (--strict,
 * --werror), else all but advisory ones (check). */
void hb_diag_promote(struct hb_diag *d, bool all);
/* Drops entries whose path is not accepted by keep(path, ctx). */
void hb_diag_filter(struct hb_diag *d,
    bool (*keep)(const char *path, void *ctx), void *ctx);
/* Drops standalone notes (hb_diag_remark): only `check` shows them. */
void hb_diag_drop_remarks(struct hb_diag *d);
/* Sorts by path, line, col, then report order; stable and deterministic. */
void hb_diag_sort(struct hb_diag *d);
/* Prints every entry in the given format (sorting first). */
void hb_diag_print(struct hb_diag *d, FILE *fp, enum hb_diag_format fmt);
/* Records an explanation under topic (HB_EX_*); pos may be NULL. */
void hb_diag_explain(struct hb_diag *d, const char *topic,
    const struct hb_pos *pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Adds one to the tally `what` under topic. */
void hb_diag_explain_count(struct hb_diag *d, const char *topic,
    const char *what);
/* Prints the explanations: text groups them by topic (then path, line,
 * report order) with tallies summed; JSON is one object
 * {"explain":[{topic,path,line,message}],"counts":[{topic,what,count}]}. */
void hb_diag_print_explain(struct hb_diag *d, FILE *fp,
    enum hb_diag_format fmt);
/* Prints "N errors, M warnings" to fp when there is anything to say. */
void hb_diag_summary(const struct hb_diag *d, FILE *fp);

#endif
