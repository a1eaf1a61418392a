/* make bench: cmark-gfm alone, the floor handbook is measured against.
 * Reads every .md file under each DIR (sorted walk not needed: the sum
 * is what counts), parses it with the extensions handbook attaches
 * (table, strikethrough, autolink, tasklist; footnotes on) and renders
 * HTML, on one thread, writing nothing. Prints "FILES BYTES_IN
 * BYTES_OUT" on stdout.
 *
 *   cmark-raw DIR...
 */
#define _XOPEN_SOURCE 700
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t nfiles, bytes_in, bytes_out;

static void
attach(cmark_parser *p, const char *name)
{
	cmark_syntax_extension *ext = cmark_find_syntax_extension(name);

	if (ext != NULL)
		cmark_parser_attach_syntax_extension(p, ext);
}

static int
one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const int opts = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES;
	size_t n = strlen(path), got;
	cmark_parser *p;
	cmark_node *doc;
	char *text, *html;
	FILE *f;

	(void)ftw;
	if (type != FTW_F || n < 3 || strcmp(path + n - 3, ".md") != 0)
		return 0;
	f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		return 1;
	}
	text = malloc((size_t)st->st_size + 1);
	if (text == NULL)
		abort();
	got = fread(text, 1, (size_t)st->st_size, f);
	fclose(f);
	p = cmark_parser_new(opts);
	attach(p, "table");
	attach(p, "strikethrough");
	attach(p, "autolink");
	attach(p, "tasklist");
	cmark_parser_feed(p, text, got);
	doc = cmark_parser_finish(p);
	html = cmark_render_html(doc, opts, cmark_parser_get_syntax_extensions(p));
	nfiles++;
	bytes_in += got;
	bytes_out += strlen(html);
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(p);
	free(text);
	return 0;
}

int
main(int argc, char **argv)
{
	int i;

	cmark_gfm_core_extensions_ensure_registered();
	for (i = 1; i < argc; i++)
		if (nftw(argv[i], one, 32, FTW_PHYS) != 0)
			return 1;
	printf("%zu %zu %zu\n", nfiles, bytes_in, bytes_out);
	return 0;
}
