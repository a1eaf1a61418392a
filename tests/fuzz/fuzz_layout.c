/* libFuzzer target: one Markdown file through the loader without the
 * renderer (front matter, repairs, parse, and the layout extractor that
 * finds the document's questions, headings and prose), read as each
 * tool would by the input's length. Every question keeps a position
 * inside the file. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "build.h"
#include "diag.h"
#include "model.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hb_build b;
	struct hb_document *doc;
	struct hb_diag d;
	size_t i, nl = 1;

	for (i = 0; i < size; i++)
		if (data[i] == '\n')
			nl++;
	memset(&b, 0, sizeof(b));
	b.parse_flags = HB_PARSE_FENCE_DIAG;
	b.config.tools.tool = (enum hb_tool)(size % (HB_TOOL_JEKYLL + 1));
	hb_diag_init(&d);
	doc = hb_build_load_text(&b, NULL, "content/f.md", "f.md",
	    (const char *)data, size, &d);
	if (doc != NULL) {
		for (i = 0; i < doc->nquestions; i++)
			if (doc->questions[i].line < 1 ||
			    (size_t)doc->questions[i].line > nl)
				__builtin_trap();
		hb_document_free(doc);
	}
	hb_diag_fini(&d);
	return 0;
}
