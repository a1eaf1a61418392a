/* Theme stage: the static schema of what each page template gets (the
 * keys site.c puts in its context), so that `check` finds an unknown
 * variable in a template without content or data (issue #13): the
 * template is walked against the schema's shape (template.h
 * hb_tset_check). */
#ifndef HB_SCHEMA_H
#define HB_SCHEMA_H

struct hb_diag;
struct hb_tset;
struct hb_yval;

/* Checks every page template of ts (home, document, question, ...; the
 * partials and parents they reach come along) against its schema.
 * strings (borrowed, may be NULL) is the root of templates/i18n.yml:
 * the keys of `t` are its keys in any language. Returns 0, or -1 after
 * reporting each unknown variable at its template path:line:col. */
int hb_schema_check(const struct hb_tset *ts, const struct hb_yval *strings,
    struct hb_diag *d);

#endif
