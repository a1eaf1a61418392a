/* Render helper: build-time syntax highlighting of fenced code blocks.
 * Each language is a table of token rules compiled once into a single
 * alternation regex; a block is scanned once from left to right (at each
 * point the earliest match wins, ties go to the earlier rule), so the
 * time is linear in the block size. Output is HTML-escaped code with
 * token spans, no <pre>/<code> wrapper. A span never contains a newline:
 * a token that spans lines (block comment, raw string) is closed before
 * each "\n" and reopened after it, so the HTML stays well-formed when a
 * template splits the block into lines.
 *
 * Token classes (the theme's CSS styles these):
 *   tok-kw    keyword                     (func, if, SELECT, def)
 *   tok-ty    type or builtin             (int, string, size_t, len, echo)
 *   tok-str   string, char or rune literal, raw string, <header.h>
 *   tok-num   number, PromQL duration     (42, 0x1F, 3.5e-2, 5m)
 *   tok-com   comment
 *   tok-fn    name of a called or defined function; shell command name
 *   tok-op    operator                    (:=, <-, ==, &&, |, >)
 *   tok-key   YAML/JSON key, PromQL label name
 *   tok-var   shell/SQL variable, YAML anchor/alias, Python self/cls,
 *             JS this
 *   tok-lit   constant literal            (true, false, nil, null, None)
 *   tok-meta  preprocessor line, decorator, shebang, shell prompt "$ ",
 *             YAML tag and document marker
 * Brackets, commas and plain identifiers are left unwrapped.
 *
 * Languages (canonical name: accepted fence names):
 *   go: go golang            c: c h
 *   shell: sh bash shell console zsh shell-session
 *   yaml: yaml yml           json: json jsonc json5
 *   sql: sql mysql postgresql postgres pgsql sqlite
 *   python: python py python3
 *   javascript: javascript js jsx mjs node ts typescript tsx
 *   promql: promql           text: text txt plain plaintext (escaped only)
 */
#ifndef HB_HIGHLIGHT_H
#define HB_HIGHLIGHT_H

#include <stdbool.h>
#include <stddef.h>

struct hb_buf;
struct hb_diag;
struct hb_highlighter;
struct hb_rx_scratch;

/* Compiles every language table. Returns an owned highlighter, read-only
 * afterwards and so safe to share between threads. Returns NULL after
 * reporting to d when a built-in rule fails to compile (a bug in
 * highlight.c, which the unit tests rule out). */
struct hb_highlighter *hb_highlighter_new(struct hb_diag *d);
/* Frees h; NULL is a no-op. */
void hb_highlighter_free(struct hb_highlighter *h);

/* Returns the canonical language name (a static string, see the list
 * above) for a fence info string or alias: the first word of info,
 * case-insensitively, so "Go title=x" gives "go". Returns NULL for an
 * empty or unknown language; explicit plain text gives "text". */
const char *hb_highlight_lang(const char *info);

/* Appends the HTML of code[0..n) highlighted as lang (a canonical name
 * or any alias; NULL or unknown means escaped only) to out. s is the
 * calling thread's scratch; h is only read. Returns 0 when the block was
 * highlighted, and 1 when highlighting stopped early (invalid UTF-8, or
 * a pcre2 resource limit on a hostile block): the rest was then appended
 * escaped without spans, so out is still complete and well-formed and
 * the caller may warn. Never emits a diagnostic. */
int hb_highlight(const struct hb_highlighter *h, struct hb_rx_scratch *s,
    const char *lang, const char *code, size_t n, struct hb_buf *out);

/* Guesses whether an unlabelled block is Go: true for a "package" line,
 * or for two of: func declarations, :=, go func, chan, <-, defer,
 * fmt./errors. calls, "err != nil". Borrows the NUL-terminated code. */
bool hb_highlight_looks_like_go(const char *code);

#endif
