/* Unit tests: nav.c (book order for prev/next, the navigation tree
 * script). */
#include "harness.h"
#include "util.h"

#include "links.h"
#include "nav.h"
#include "sections.h"

/* A site of two folders: a/ holds a list of three questions and a
 * one-question file, b/ a record with a title that needs escaping. */
static void
load_site(struct hb_site *site, struct hb_diag *d)
{
	hb_site_init(site);
	hb_site_add(site, t_load("a/list.md", "# List\n\n1. One?\n\n   x\n"
	    "2. Two?\n\n   y\n3. Three?\n\n   z\n", d));
	hb_site_add(site, t_load("a/single.md", "---\ntitle: Alone?\n---\n\n"
	    "Yes.\n", d));
	hb_site_add(site, t_load("b/x.md", "# </script> & \xe2\x80\xa8 end\n\n"
	    "## Why <b>?\n\nBecause.\n\n## How?\n\nSo.\n", d));
	hb_site_sort(site);
	hb_sections_build(site, NULL, NULL, d);
	hb_links_assign_ids(site, d);
}

TEST(book_order_walks_sections_documents_questions)
{
	struct hb_site site;
	struct hb_diag d;
	struct hb_nav n;
	size_t i, k;

	hb_diag_init(&d);
	load_site(&site, &d);
	hb_nav_build(&n, &site, "Home");
	/* home, s/a, list, its 3 questions, single (its own question),
	 * s/b, x, its 2 questions */
	CHECK_INT((long)n.npages, 11);
	CHECK_STR(n.pages[0].path, "index.html");
	CHECK_STR(n.pages[1].path, "s/a.html");
	CHECK_STR(n.pages[2].path, "d/a-list.html");
	CHECK_STR(n.pages[3].title, "One?");
	CHECK_STR(n.pages[6].path, "d/a-single.html");
	CHECK_STR(n.pages[7].path, "s/b.html");
	/* Every document and question knows its place, once. */
	for (i = 0; i < site.ndocs; i++) {
		CHECK(n.doc_at[i] != HB_NAV_NONE);
		for (k = 0; k < site.docs[i]->nquestions; k++)
			CHECK(hb_nav_question(&n, &site, i, k) < n.npages);
	}
	CHECK_INT((long)n.section_at[0], (long)HB_NAV_NONE);
	hb_nav_fini(&n);
	hb_site_fini(&site);
	hb_diag_fini(&d);
}

TEST(tree_script_escapes_markup)
{
	struct hb_site site;
	struct hb_diag d;
	struct hb_buf b;

	hb_diag_init(&d);
	load_site(&site, &d);
	hb_buf_init(&b, HB_BUF_NOCAP);
	hb_nav_tree_js(&site, &b);
	CHECK(strncmp(hb_buf_str(&b), "window.HB_NAV={", 15) == 0);
	CHECK(strstr(hb_buf_str(&b), "<") == NULL);
	CHECK(strstr(hb_buf_str(&b), ">") == NULL);
	CHECK(strstr(hb_buf_str(&b), "&") == NULL);
	CHECK(strstr(hb_buf_str(&b), "\xe2\x80\xa8") == NULL);
	CHECK_CONTAINS(hb_buf_str(&b), "\\u003c/script\\u003e \\u0026 \\u2028 end");
	CHECK_CONTAINS(hb_buf_str(&b), "[0,\"a\",\"s/a.html\",4]");
	CHECK_CONTAINS(hb_buf_str(&b), "\"d/a-single.html\",1,[\"alone\",\"Alone?\"],1]");
	hb_buf_fini(&b);
	hb_site_fini(&site);
	hb_diag_fini(&d);
}

int
main(void)
{
	RUN(book_order_walks_sections_documents_questions);
	RUN(tree_script_escapes_markup);
	return hb_t_done("nav");
}
