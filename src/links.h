/* Stage 6: identities and links across the site. Gives every question
 * a unique id (explicit ids must be unique; derived ones get -2, -3 ...
 * in document order) and every document a unique page name. */
#ifndef HB_LINKS_H
#define HB_LINKS_H

struct hb_site;
struct hb_diag;

/* Assigns q->id for every question and fills site->by_id. Two explicit
 * ids that collide, or two documents that map to one page, are errors.
 * Returns 0 or -1 after reporting. */
int hb_links_assign_ids(struct hb_site *site, struct hb_diag *d);

#endif
