/* Stage 8: the search index (issue #5). Builds an inverted index from the
 * model (one record per question, then one per topic and per document)
 * and writes it as classic scripts under assets/search/, so that the
 * handbook searches from file:// with no fetch, modules or WASM.
 * theme/search.js reads it; theme/search-tokenize.js tokenizes queries
 * exactly as src/tokenize.c tokenized the text.
 *
 * Files (H is a hash of the file's own payload, so a name changes only
 * with its content and a browser cache never mixes two builds; the entry
 * keeps its name, so pages that name it stay the same bytes when an
 * answer changes, issue #12):
 *
 *   index.js     the entry script every page loads: the manifest, which
 *                names every other file
 *   m.H.js       per-record metadata and titles (loaded on focus)
 *   sI.H.js      shard I: postings and positions of the tokens whose
 *                FNV-1a 32 hash modulo the shard count is I
 *   rI.H.js      excerpt chunk I: R records' excerpts, for snippets
 *   vI.H.js      Latin vocabulary bucket I, for completing the last word
 *
 * Each file is `(window.HBSearchData=window.HBSearchData||[]).push(P);`
 * where P is a JSON array whose first element names the payload, so the
 * files work in any order. The payloads are described in search.c. */
#ifndef HB_SEARCH_H
#define HB_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

struct hb_buf;
struct hb_diag;
struct hb_output;
struct hb_site;

/* The folder the index is written to, relative to the site root, and
 * the entry script every page loads (its name never changes). */
#define HB_SEARCH_DIR "assets/search/"
#define HB_SEARCH_ENTRY HB_SEARCH_DIR "index.js"

/* What hb_search_write() produced. Plain values held by the struct
 * itself: nothing to free. */
struct hb_search_assets {
	/* The one script pages load, relative to the site root:
	 * "assets/search/index.js". */
	char index[64];
	size_t records;		/* questions + topics + documents */
	size_t questions;
	size_t tokens;		/* distinct tokens */
	size_t postings;	/* (token, record) pairs */
	size_t positions;	/* positions kept for phrase checks */
	size_t shards;		/* shard count, a power of two */
	size_t chunks;		/* excerpt chunks */
	size_t chunk_records;	/* records per chunk */
	size_t vocab;		/* vocabulary buckets, a power of two */
	size_t files;		/* files written */
	size_t bytes;		/* bytes written, all files */
	size_t entry_bytes;	/* the entry script */
	size_t meta_bytes;	/* m.H.js */
	size_t shard_bytes;	/* all sI files */
	size_t chunk_bytes;	/* all rI files */
	size_t vocab_bytes;	/* all vI files */
};

/* Builds the index of site (borrowed; ids assigned and topics collected
 * beforehand) and writes every file under HB_SEARCH_DIR through out.
 * Fills *assets. Identical input gives byte-identical files. Returns 0,
 * or -1 when a write failed (hb_output_write has reported it). Warns in
 * d when the index is over its size budget. */
int hb_search_write(const struct hb_site *site, struct hb_output *out,
    struct hb_search_assets *assets, struct hb_diag *d);

/* The shard of a token: FNV-1a 32 of its UTF-8 bytes modulo nshards, a
 * power of two. theme/search.js computes the same. */
unsigned hb_search_shard_of(const char *tok, size_t len, size_t nshards);

#endif
