/* Stage 6: identities and links across the site. Gives every question
 * a unique id (explicit ids must be unique; ids from another tool's URL
 * keys, then ids derived from titles, get -2, -3 ... in navigation order
 * when taken, with a note) and every document a unique page name. */
#ifndef HB_LINKS_H
#define HB_LINKS_H

#include <stddef.h>

struct hb_site;
struct hb_diag;

/* Assigns q->id for every question and fills site->by_id. Two explicit
 * ids that collide, or two documents that map to one page, are errors.
 * Returns 0 or -1 after reporting. */
int hb_links_assign_ids(struct hb_site *site, struct hb_diag *d);

/* Collects the old URLs of documents (aliases, redirect_from) into
 * site->redirects, each to the document's page (a one-question file's
 * question page). An old URL that cannot be a file here, or would
 * replace one of handbook's pages, is a warning; a URL two documents
 * claim goes to the first in navigation order. */
void hb_links_redirects(struct hb_site *site, struct hb_diag *d);

struct hb_topics;
struct hb_pos;

/* Adds a note naming up to three of cands[0..n) close to id ("known
 * <what> ids nearby: ..."); nothing when none is close. */
void hb_links_suggest(struct hb_diag *d, const struct hb_pos *pos,
    const char *id, const char *const *cands, size_t n, const char *what);

/* Checks the internal links every document recorded while rendering:
 * [[q:ID]] and [[topic:ID]] must name a question or topic (else a
 * warning with the nearest known ids as a note), and a link to another
 * document's #anchor must name one of its questions. Missing files were
 * reported by the renderer; a link to a draft (drafts[0..ndrafts), rel
 * paths of unpublished files) is reported too. Warnings: `check` makes
 * them errors. */
void hb_links_check(const struct hb_site *site, const struct hb_topics *t,
    const char *const *drafts, size_t ndrafts, struct hb_diag *d);

#endif
