/* Stage 6: topics. A registry is built in (topics/default.yml, compiled
 * into the binary: GMP, GC, K8s, Prometheus, Raft and the other common
 * interview topics); a topics file (content/topics.yml by default, config
 * `topics:`) adds to it or replaces it. Each topic has titles in Chinese
 * and English, a description, aliases and related topics:
 *
 *   - id: gc
 *     title: {zh: 垃圾回收, en: Garbage collection}
 *     description: 三色标记、写屏障、STW 与 GC 调优。
 *     aliases: [GC, 垃圾回收, 三色标记, 写屏障, STW, garbage collector,
 *               "/GO?GC\\b/"]          # /…/ is a pcre2 pattern
 *     related: [memory-leak]
 *
 * Aliases match case-insensitively; Latin aliases only as whole words,
 * Chinese ones anywhere. All aliases of all topics are compiled (once,
 * with JIT) into a few alternations whose branches end in (*MARK:n), so
 * each text is scanned once whatever the number of topics. */
#ifndef HB_TOPICS_H
#define HB_TOPICS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct hb_diag;
struct hb_question;
struct hb_rx;
struct hb_rx_scratch;
struct hb_site;
struct hb_source;

struct hb_topic_def {
	const char *id;
	const char *file;		/* the registry file it comes from */
	const char *title_zh, *title_en;	/* either may be NULL */
	const char *description;
	const char **aliases;
	size_t naliases;
	const char **related;
	size_t nrelated;
	int line;			/* in that file */
};

/* The built-in registry (topics/default.yml compiled in), and the name
 * its diagnostics carry. */
#define HB_TOPICS_BUILTIN "topics/default.yml"

struct hb_topics_prefilter;

struct hb_topics {
	const char *path;		/* the handbook's file, or NULL */
	struct hb_topic_def *v;		/* sorted by id */
	size_t n;
	struct hb_rx **rx;		/* alternations of all aliases */
	size_t nrx;
	/* Per alternation (issue #12): the same compiled anchored, and
	 * the leading literals of its aliases, folded; a scan tries the
	 * anchored regex only where one of them starts. NULL where an
	 * alias has no leading literal: that alternation is searched. */
	struct hb_rx **anchored;
	struct hb_topics_prefilter **pf;
	bool no_prefilter;		/* tests: search every alternation */
	struct hb_arena arena;
};

void hb_topics_init(struct hb_topics *t);
void hb_topics_fini(struct hb_topics *t);
/* Reads the built-in registry and the topics file at path (relative to
 * the source's root) and compiles them: the file's topics are added,
 * each replacing the built-in topic of its id, or (`replace: true`)
 * stand alone. A missing file is fine unless `required` (the config
 * named it). Returns 0 or -1 after reporting errors with
 * file:line:col. */
int hb_topics_load(struct hb_topics *t, struct hb_source *src,
    const char *path, bool required, struct hb_diag *d);
/* The topic with this id, or NULL. */
const struct hb_topic_def *hb_topics_find(const struct hb_topics *t,
    const char *id);
/* The title in lang ("zh" or "en"), falling back to the other language
 * and then to the id. */
const char *hb_topic_title(const struct hb_topic_def *t, const char *lang);

/* Adds the topics detected in q's title, prompt and answers to its
 * topics (which hold its front-matter topics), sorted, in arena a. A
 * mention in the title or the prompt counts; in answers a topic needs
 * several mentions, so a passing mention does not tag a question. */
void hb_topics_detect(const struct hb_topics *t, struct hb_rx_scratch *s,
    struct hb_question *q, struct hb_arena *a);

/* Calls fn for each alias match in text[0..n): the topic index (into
 * t->v), and the match's byte range. fn returns false to stop. */
void hb_topics_scan(const struct hb_topics *t, struct hb_rx_scratch *s,
    const char *text, size_t n,
    bool (*fn)(void *ctx, size_t topic, size_t start, size_t end),
    void *ctx);

/* Fills site->topics (sorted by id): every topic any question carries,
 * with its questions in site order and its title in lang. */
void hb_topics_collect(struct hb_site *site, const struct hb_topics *t,
    const char *lang);

/* A question's topic ids (a handful): adds id to v[0..n) unless it is
 * there (v has room) and returns the new count; sorts v in byte order,
 * as every question's topics are. */
size_t hb_topics_ids_add(const char **v, size_t n, const char *id);
void hb_topics_ids_sort(const char **v, size_t n);

#endif
