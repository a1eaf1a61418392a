/* Stage write (issue #14): the questions of a site for the practice
 * scripts (theme/practice.js): one content-hashed script,
 * assets/questions.<hash>.js, loaded by the home and practice pages, so
 * due counts and progress per document and per topic work from file://
 * without fetch. */
#ifndef HB_PRACTICE_H
#define HB_PRACTICE_H

struct hb_buf;
struct hb_site;

/* Appends `window.HB_QUESTIONS={...};` to out:
 *   {"new_per_session":N,
 *    "docs":[{"title":..,"url":"d/x.html"}],
 *    "topics":[{"id":..,"title":..,"url":"topics/x.html"}],
 *    "questions":[{"id":..,"title":..,"url":"q/x.html","doc":0,
 *                  "topics":[0,2],"answered":true}]}
 * URLs are relative to the site root; doc and topics are indexes into
 * the two lists. Site order throughout; JSON strings escape <, >, &
 * and U+2028/9. */
void hb_practice_script(const struct hb_site *site, long new_per_session,
    struct hb_buf *out);

#endif
