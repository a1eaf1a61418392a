/* Stage write (issue #14, `handbook export anki`): the model -> Anki's
 * text import format (docs.ankiweb.net, "Importing > Text Files") with
 * file headers: tab-separated, HTML fields, one note per answered
 * question in site order. Columns: guid (the question id, so importing
 * an updated handbook updates its notes), Front (title, prompt, choices),
 * Back (the reference answers, else the answers, else the candidate's),
 * Tags (topic ids and doc::<document slug>). Every field is quoted, with
 * '"' doubled, so tabs and newlines inside fields are safe. */
#ifndef HB_ANKI_H
#define HB_ANKI_H

#include <stddef.h>

struct hb_buf;
struct hb_document;
struct hb_site;

struct hb_anki_opts {
	const char *deck;	/* the deck name: the handbook's title */
	const char *notetype;	/* NULL: "Basic" */
	/* Links and images inside the site ("../q/x.html") become
	 * base_url + "q/x.html"; without a base URL, links keep their
	 * text only and images their alt text. */
	const char *base_url;
};

/* Appends the whole file to out (the fragments must be rendered).
 * Returns the number of notes written. */
size_t hb_anki_write(const struct hb_site *site, const struct hb_anki_opts *o,
    struct hb_buf *out);

/* Appends html made fit for a card: our code-block chrome (label, copy
 * button, highlighting spans) is dropped down to <pre><code>, links
 * between site pages follow o->base_url as above, and cross-references
 * show the target question's title; html is a fragment of doc (site and
 * doc may be NULL: holes stay as they are). */
void hb_anki_clean_html(const struct hb_site *site,
    const struct hb_anki_opts *o, const struct hb_document *doc,
    const char *html, struct hb_buf *out);

#endif
