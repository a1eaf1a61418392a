/* Stage 6: topics. For now, the topics questions name in front matter,
 * gathered into site->topics; the topics file, alias detection and
 * autolinks come with issue #4. */
#ifndef HB_TOPICS_H
#define HB_TOPICS_H

struct hb_site;

/* Fills site->topics (sorted by id) with every topic any question
 * carries, each listing its questions in site order. */
void hb_topics_collect(struct hb_site *site);

#endif
