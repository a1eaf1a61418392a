/* Search for the handbook (issue #5): reads the index that src/search.c
 * writes under assets/search/ (the format is described there) and drives
 * the search box in the header of every page.
 *
 * A classic script in ES5 syntax: no modules, fetch or WASM, so that it
 * works from file://. Index files are classic scripts too, inserted with
 * <script src> (relative to body[data-root]) when a query needs them;
 * each calls (window.HBSearchData = window.HBSearchData || []).push(P),
 * so it does not matter whether this file or the entry script loads
 * first. Needs theme/search-tokenize.js (HBTokenize) before a query.
 *
 * Loading: focusing the box loads the metadata (titles, filters) and a
 * small vocabulary; a query then loads the shards of its tokens (one file
 * each, postings and positions together), ranks, shows the results, and
 * fills their snippets from the excerpt chunks as they arrive.
 *
 * Ranking, best first:
 *   1. records that match every query term (AND) before those that match
 *      some (OR, at least half of the terms), by terms matched;
 *   2. phrase: the whole query phrase (its tokens at the relative
 *      positions the query gives them) before each space-separated run
 *      of it as a phrase before scattered tokens. A record that contains
 *      the phrase holds every token of it, so it is always in the AND
 *      set: never missing;
 *   3. score: BM25F, idf times the impact computed at build time (the
 *      title weighs most), bonuses for title hits and a phrase in the
 *      title; topics and documents weigh less than questions.
 *
 * Public: HBSearch.search(query, options, callback) (see below); the UI
 * wires itself to #search-input / #search-results when the DOM is ready.
 * In node, module.exports = HBSearch (for tests and benchmarks). */
var HBSearch = (function () {
	"use strict";

	var W = typeof window !== "undefined" ? window :
	    typeof globalThis !== "undefined" ? globalThis : {};
	if (W.HBSearch && W.HBSearch.version)
		return W.HBSearch;

	/* ---- numbers (the code of src/search.c) ---- */

	var DIGITS = "#$%&'()*+,-./0123456789:;=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ" +
	    "[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
	var VAL = new Int8Array(128), BASE = [0], i;

	for (i = 0; i < 128; i++)
		VAL[i] = -1;
	for (i = 0; i < DIGITS.length; i++)
		VAL[DIGITS.charCodeAt(i)] = i;
	/* BASE[k]: the first value written with k continuation digits */
	for (i = 1; i < 12; i++)
		BASE[i] = BASE[i - 1] + Math.pow(26, i - 1) * 64;

	function Reader(s) {
		this.s = s;
		this.i = 0;
	}

	Reader.prototype.num = function () {
		var s = this.s, i = this.i, q = 0, k = 0, d;

		d = VAL[s.charCodeAt(i++)];
		while (d >= 64) {
			q = q * 26 + (d - 64);
			k++;
			d = VAL[s.charCodeAt(i++)];
		}
		this.i = i;
		return BASE[k] + q * 64 + d;
	};

	Reader.prototype.term = function () {
		return VAL[this.s.charCodeAt(this.i++)];
	};

	/* ---- ranking constants ---- */

	var LIMIT = 10;			/* results shown at first */
	var SNIPPET = 140;		/* characters of excerpt shown */
	var MORE = 20;			/* more per "more" click */
	var TITLE_BONUS = 0.35;		/* per token in the title */
	var TITLE_PHRASE = 0.5;		/* times the phrase's idf */
	var PREFIX_W = 0.8;		/* completions of the last word */
	var MAX_COMPLETIONS = 6;
	var IDENT_BONUS = 0.5;		/* a whole identifier matched */
	var KIND_W = [1, 0.5, 0.4];	/* question, topic, document */
	var COARSE = [5, 13, 21, 28];

	/* ---- state ---- */

	var manifest = null;
	var meta = null;		/* decoded m payload */
	var metaRaw = null;
	var shardText = {};		/* shard -> {token: [postings,
					 * positions]} */
	var vocab = {};			/* bucket -> [token, df, ...] */
	var chunks = {};		/* chunk -> [[id, title, excerpt]...] */
	var postCache = new Map();	/* token -> decoded postings */
	var posCache = new Map();	/* token -> decoded positions */
	var files = {};			/* file name -> {st, cbs} */
	var waiting = [];		/* callbacks until the manifest */
	var loader = scriptLoader;

	function own(o, k) {
		return Object.prototype.hasOwnProperty.call(o, k);
	}

	function triples(a) {
		var m = Object.create(null), i;

		for (i = 0; i + 2 < a.length; i += 3)
			m[a[i]] = [a[i + 1], a[i + 2]];
		return m;
	}

	/* An index payload arrived (a script ran). */
	function receive(p) {
		var k, w;

		if (!p || !p.length)
			return;
		switch (p[0]) {
		case "i":
			if (manifest && manifest.h !== p[1].h)
				reset();
			manifest = p[1];
			if (metaRaw && !meta)
				meta = decodeMeta(metaRaw);
			w = waiting;
			waiting = [];
			for (k = 0; k < w.length; k++)
				w[k]();
			break;
		case "m":
			metaRaw = p[1];
			meta = manifest ? decodeMeta(metaRaw) : null;
			break;
		case "s":
			shardText[p[1]] = triples(p[2]);
			break;
		case "r":
			chunks[p[1]] = p[2];
			break;
		case "v":
			vocab[p[1]] = p[2];
			break;
		}
	}

	function reset() {
		meta = null;
		metaRaw = null;
		shardText = {};
		vocab = {};
		chunks = {};
		postCache = new Map();
		posCache = new Map();
		files = {};
	}

	(function () {
		var q = W.HBSearchData, old, j;

		if (!q || typeof q.push !== "function")
			q = W.HBSearchData = [];
		old = q.length ? Array.prototype.slice.call(q) : [];
		q.push = function () {
			for (var a = 0; a < arguments.length; a++)
				receive(arguments[a]);
			return 0;
		};
		for (j = 0; j < old.length; j++)
			receive(old[j]);
	})();

	/* ---- loading ---- */

	function rootPath() {
		var b = typeof document !== "undefined" && document.body;
		var r = b && b.getAttribute("data-root");

		return r || "";
	}

	function scriptLoader(name, done) {
		var s = document.createElement("script");

		s.src = rootPath() + manifest.dir + name;
		s.async = true;
		s.onload = function () {
			done(true);
		};
		s.onerror = function () {
			done(false);
		};
		(document.head || document.body).appendChild(s);
	}

	/* Loads the named files, then calls done() once. A failed file is
	 * missing data, not an error: the query goes on without it. */
	function need(names, done) {
		var left = 1, k;

		function one() {
			if (--left === 0)
				done();
		}
		for (k = 0; k < names.length; k++) {
			var f = files[names[k]];

			if (f && f.st !== 0)
				continue;
			left++;
			if (f) {
				f.cbs.push(one);
				continue;
			}
			f = files[names[k]] = { st: 0, cbs: [one] };
			(function (name, file) {
				loader(name, function (ok) {
					var cbs = file.cbs;

					file.st = ok ? 1 : 2;
					file.cbs = [];
					for (var c = 0; c < cbs.length; c++)
						cbs[c]();
				});
			})(names[k], f);
		}
		one();
	}

	/* Each file is named by its own hash (manifest.f, 12 hex digits
	 * per index), so an edit renames only the files it changed; an
	 * older index named them all by manifest.h. */
	function fileName(kind, idx) {
		var f = manifest.f && manifest.f[kind];
		var at = idx === null ? 0 : idx * 12;

		return kind + (idx === null ? "" : idx) + "." +
		    (f ? f.substr(at, 12) : manifest.h) + ".js";
	}

	/* ---- tokens, shards ---- */

	function utf8Hash(t) {
		var h = 0x811c9dc5, i, c, bytes, k;

		for (i = 0; i < t.length; i++) {
			c = t.charCodeAt(i);
			if (c >= 0xd800 && c <= 0xdbff && i + 1 < t.length) {
				c = 0x10000 + ((c - 0xd800) << 10) +
				    (t.charCodeAt(++i) - 0xdc00);
			}
			if (c < 0x80)
				bytes = [c];
			else if (c < 0x800)
				bytes = [0xc0 | c >> 6, 0x80 | c & 63];
			else if (c < 0x10000)
				bytes = [0xe0 | c >> 12, 0x80 | c >> 6 & 63,
				    0x80 | c & 63];
			else
				bytes = [0xf0 | c >> 18, 0x80 | c >> 12 & 63,
				    0x80 | c >> 6 & 63, 0x80 | c & 63];
			for (k = 0; k < bytes.length; k++) {
				h ^= bytes[k];
				h = Math.imul(h, 16777619) >>> 0;
			}
		}
		return h >>> 0;
	}

	function shardOf(t) {
		return utf8Hash(t) & (manifest.shards - 1);
	}

	function shardFlags(s) {
		return VAL[manifest.sx.charCodeAt(s)];
	}

	function vocabOf(t) {
		return utf8Hash(t.substring(0, 2)) & (manifest.vocab - 1);
	}

	function expandCoarse(c) {
		return (c & 4 ? 32 : 0) | COARSE[c & 3];
	}

	/* Decoded postings of t: {t, df, recs, imp, at} or null. at maps a
	 * record to its posting index (built when needed). */
	function postings(t) {
		var sh, s, r, h, df, recs, imp, j, d, nd, v, b, k = 0,
		    prev = -1, p = postCache.get(t);

		if (p !== undefined)
			return p;
		sh = shardText[shardOf(t)];
		if (!sh)
			return null;	/* not loaded (yet): no cache */
		s = sh[t];
		if (s === undefined) {
			postCache.set(t, null);
			return null;
		}
		r = new Reader(s[0]);
		h = r.num();
		df = Math.floor(h / 4);
		recs = new Int32Array(df);
		imp = new Uint8Array(df);
		if (h & 1) {
			nd = Math.ceil(manifest.n / 6);
			for (d = 0; d < nd; d++) {
				v = r.term();
				if (v === 0)
					continue;
				for (b = 0; b < 6; b++)
					if (v & 1 << b)
						recs[k++] = d * 6 + b;
			}
		} else {
			for (j = 0; j < df; j++) {
				prev += r.num() + 1;
				recs[j] = prev;
			}
		}
		if (h & 2) {
			for (j = 0; j < df; j += 2) {
				v = r.term();
				imp[j] = expandCoarse(v & 7);
				if (j + 1 < df)
					imp[j + 1] = expandCoarse(v >> 3);
			}
		} else {
			for (j = 0; j < df; j++)
				imp[j] = r.term();
		}
		p = { t: t, df: df, recs: recs, imp: imp, at: null };
		postCache.set(t, p);
		return p;
	}

	/* The posting index of record rec in p, or -1. */
	function postingOf(p, rec) {
		var j;

		if (!p.at) {
			p.at = new Int32Array(manifest.n).fill(-1);
			for (j = 0; j < p.df; j++)
				p.at[p.recs[j]] = j;
		}
		return p.at[rec];
	}

	/* Decoded positions of t: {start, pos} (posting j's positions are
	 * pos[start[j] .. start[j + 1]]) or null. */
	function positions(t) {
		var p = postings(t), ps = posCache.get(t), sh, s, r, start, out,
		    j, h, c, n, q, d, len = 0;

		if (ps !== undefined)
			return ps;
		sh = shardText[shardOf(t)];
		if (!p || !sh)
			return null;	/* not loaded (yet): no cache */
		s = sh[t] ? sh[t][1] : "";
		if (s === "") {
			posCache.set(t, null);
			return null;
		}
		r = new Reader(s);
		start = new Int32Array(p.df + 1);
		out = new Int32Array(Math.max(16, s.length));
		for (j = 0; j < p.df; j++) {
			start[j] = len;
			h = r.num();
			if (h === 0)
				continue;
			h -= 1;
			c = h % 4;
			q = (h - c) / 4;
			n = c + 1;
			if (c === 3)
				n = r.num() + 4;
			if (len + n > out.length) {
				var bigger = new Int32Array(2 * (len + n));

				bigger.set(out);
				out = bigger;
			}
			out[len++] = q;
			for (d = 1; d < n; d++) {
				q += r.num() + 1;
				out[len++] = q;
			}
		}
		start[p.df] = len;
		ps = { start: start, pos: out };
		posCache.set(t, ps);
		return ps;
	}

	function idf(df) {
		var n = manifest.n;

		return Math.log(1 + (n - df + 0.5) / (df + 0.5));
	}

	/* ---- metadata ---- */

	function decodeMeta(m) {
		var n = manifest ? manifest.n : 0, r = new Reader(m.rec), k,
		    j, v, doc = 0, nt, out = {
			docs: m.docs, topics: m.topics,
			kind: new Uint8Array(n), unanswered: new Uint8Array(n),
			stars: new Uint8Array(n), doc: new Int32Array(n),
			tlen: new Int32Array(n), recTopics: []
		};

		out.titles = m.titles || [];
		out.ids = new Map();
		for (k = 0; m.ids && k + 1 < m.ids.length; k += 2)
			out.ids.set(m.ids[k], m.ids[k + 1]);
		for (k = 0; k < n && r.i < m.rec.length; k++) {
			v = r.num();
			out.kind[k] = v & 3;
			out.unanswered[k] = v >> 2 & 1;
			out.stars[k] = v >> 3;
			v = r.num();
			doc += v & 1 ? -(v + 1) / 2 : v / 2;
			out.doc[k] = doc;
			out.tlen[k] = r.num();
			nt = r.num();
			out.recTopics[k] = [];
			for (j = 0; j < nt; j++)
				out.recTopics[k].push(r.num());
		}
		return out;
	}

	/* ---- queries ---- */

	function isLatin(kind) {
		return kind === "word" || kind === "part" || kind === "ident";
	}

	/* Turns the query text into terms (every one required), bonus
	 * terms (whole identifiers) and phrase units. */
	function parse(text) {
		var toks = HBTokenize.tokenize(text, "query"), q = {
			text: text, terms: [], bonus: [], units: [], runs: 0,
			prefix: [], fuzzy: []
		}, byText = Object.create(null), k, t, end = 0, run = -1, term,
		    atEnd;

		for (k = 0; k < toks.length; k++) {
			t = toks[k];
			if (t.off >= end)
				run++;
			end = Math.max(end, t.off + t.len);
			atEnd = t.off + t.len === text.length &&
			    isLatin(t.kind) && t.t.length >= 2;
			term = { t: t.t, alts: [{ t: t.t, w: 1 }],
			    prefix: atEnd, kind: t.kind };
			if (atEnd)
				q.prefix.push(term);
			if (t.kind === "ident") {
				q.bonus.push(term);
				q.units.push({ term: term, qpos: t.pos,
				    run: run });
				continue;
			}
			if (byText[t.t] !== undefined) {
				term = q.terms[byText[t.t]];
				if (atEnd && !term.prefix) {
					term.prefix = true;
					q.prefix.push(term);
				}
			} else {
				byText[t.t] = q.terms.length;
				q.terms.push(term);
			}
			if (t.kind === "word" || t.kind === "cjk2")
				q.units.push({ term: term, qpos: t.pos,
				    run: run });
		}
		q.runs = run + 1;
		return q;
	}

	/* Adds the completions of prefix terms from the vocabulary. */
	function complete(q) {
		var k, term, list, j, cand;

		for (k = 0; k < q.prefix.length; k++) {
			term = q.prefix[k];
			list = vocab[vocabOf(term.t)] || [];
			cand = [];
			for (j = 0; j < list.length; j += 2)
				if (list[j].length > term.t.length &&
				    list[j].lastIndexOf(term.t, 0) === 0)
					cand.push([list[j], list[j + 1]]);
			cand.sort(function (a, b) {
				return b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
			});
			for (j = 0; j < cand.length && j < MAX_COMPLETIONS; j++)
				term.alts.push({ t: cand[j][0], w: PREFIX_W });
		}
	}

	function allTerms(q) {
		return q.terms.concat(q.bonus);
	}

	/* ---- typo tolerance (issue #11) ----
	 * A Latin word of five letters or more that no record holds (and
	 * that completes to nothing) is looked up again as the vocabulary's
	 * words one edit away (a letter added, dropped, changed, or two
	 * swapped): "gorutine" finds goroutine. CJK stays exact. */

	var TYPO_MIN = 5;
	var TYPO_ALTS = 3;
	var TYPO_W = 0.9;

	function typoTerms(q) {
		var out = [], k, j, term, found;

		for (k = 0; k < q.terms.length; k++) {
			term = q.terms[k];
			if (term.kind !== "word" || term.t.length < TYPO_MIN ||
			    !/^[a-z\u00df-\u024f]+$/.test(term.t))
				continue;
			found = false;
			for (j = 0; j < term.alts.length && !found; j++)
				found = postings(term.alts[j].t) !== null;
			if (!found)
				out.push(term);
		}
		return out;
	}

	/* Whether a and b are at most one edit apart (Damerau: an adjacent
	 * swap counts as one). */
	function oneEdit(a, b) {
		var la = a.length, lb = b.length, i = 0;

		if (Math.abs(la - lb) > 1 || a === b)
			return false;
		while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i))
			i++;
		if (la === lb) {
			if (a.substring(i + 1) === b.substring(i + 1))
				return true;
			return i + 1 < la && a.charAt(i) === b.charAt(i + 1) &&
			    a.charAt(i + 1) === b.charAt(i) &&
			    a.substring(i + 2) === b.substring(i + 2);
		}
		return la > lb ? a.substring(i + 1) === b.substring(i) :
		    a.substring(i) === b.substring(i + 1);
	}

	function allVocabFiles() {
		var out = [], b;

		for (b = 0; b < manifest.vocab; b++)
			if (VAL[manifest.vx.charCodeAt(b)] & 1)
				out.push(fileName("v", b));
		return out;
	}

	/* Adds the nearest words of the vocabulary as alternatives of the
	 * typo terms; q.fuzzy lists [typed, found] pairs for the UI. */
	function fuzzy(q, typos) {
		var k, b, j, list, cand, term;

		for (k = 0; k < typos.length; k++) {
			term = typos[k];
			cand = [];
			for (b = 0; b < manifest.vocab; b++) {
				list = vocab[b] || [];
				for (j = 0; j < list.length; j += 2)
					if (oneEdit(term.t, list[j]))
						cand.push([list[j], list[j + 1]]);
			}
			cand.sort(function (x, y) {
				return y[1] - x[1] || (x[0] < y[0] ? -1 : 1);
			});
			for (j = 0; j < cand.length && j < TYPO_ALTS; j++) {
				term.alts.push({ t: cand[j][0], w: TYPO_W });
				q.fuzzy.push([term.t, cand[j][0]]);
			}
		}
	}

	function shardFiles(q) {
		var out = [], seen = {}, all = allTerms(q), k, j, s;

		for (k = 0; k < all.length; k++)
			for (j = 0; j < all[k].alts.length; j++) {
				s = shardOf(all[k].alts[j].t);
				if (shardFlags(s) & 1 && !seen[s]) {
					seen[s] = 1;
					out.push(fileName("s", s));
				}
			}
		return out;
	}

	function vocabFiles(q) {
		var out = [], k, b;

		for (k = 0; k < q.prefix.length; k++) {
			b = vocabOf(q.prefix[k].t);
			if (VAL[manifest.vx.charCodeAt(b)] & 1)
				out.push(fileName("v", b));
		}
		return out;
	}

	/* The tokens of each phrase unit, looked up once per query:
	 * [{qpos, alts: [{p, ps}]}]. */
	function prepareUnits(units) {
		var out = [], k, a, alts, p, t;

		for (k = 0; k < units.length; k++) {
			alts = [];
			for (a = 0; a < units[k].term.alts.length; a++) {
				t = units[k].term.alts[a].t;
				p = postings(t);
				if (p)
					alts.push({ p: p, ps: positions(t) });
			}
			out.push({ qpos: units[k].qpos, alts: alts });
		}
		return out;
	}

	/* Sets span[0..2] to the positions of unit u in record rec (an
	 * array and a range): false when the record lacks the unit. */
	function unitSpan(u, rec, span) {
		var a, j, x, found = false, merged = null, s, e;

		for (a = 0; a < u.alts.length; a++) {
			x = u.alts[a];
			j = postingOf(x.p, rec);
			if (j < 0)
				continue;
			s = x.ps ? x.ps.start[j] : 0;
			e = x.ps ? x.ps.start[j + 1] : 0;
			if (!found) {
				span[0] = x.ps ? x.ps.pos : null;
				span[1] = s;
				span[2] = e;
				found = true;
				continue;
			}
			/* a second completion in the record: merge (rare) */
			merged = Array.prototype.slice.call(span[0] || [],
			    span[1], span[2]);
			if (x.ps)
				merged = merged.concat(
				    Array.prototype.slice.call(x.ps.pos, s, e));
			merged.sort(function (m, n) {
				return m - n;
			});
			span[0] = merged;
			span[1] = 0;
			span[2] = merged.length;
		}
		return found;
	}

	function has(a, lo, hi, v) {
		var mid;

		hi--;
		while (lo <= hi) {
			mid = (lo + hi) >> 1;
			if (a[mid] === v)
				return true;
			if (a[mid] < v)
				lo = mid + 1;
			else
				hi = mid - 1;
		}
		return false;
	}

	var spans = [];

	/* Where the units (from prepareUnits) occur together as in the
	 * query: the smallest start position, or -1. One unit: its first
	 * position, or 0 when it has none, when present; else -1. */
	function phraseAt(units, rec) {
		var k, best = -1, anchor = 0, sp, j, base, ok, a;

		for (k = 0; k < units.length; k++) {
			sp = spans[k] || (spans[k] = [null, 0, 0]);
			if (!unitSpan(units[k], rec, sp))
				return -1;
		}
		if (units.length === 1)
			return spans[0][2] > spans[0][1] ?
			    spans[0][0][spans[0][1]] : 0;
		for (k = 1; k < units.length; k++)
			if (spans[k][2] - spans[k][1] <
			    spans[anchor][2] - spans[anchor][1])
				anchor = k;
		a = spans[anchor];
		for (j = a[1]; j < a[2]; j++) {
			base = a[0][j] - units[anchor].qpos;
			ok = true;
			for (k = 0; k < units.length && ok; k++)
				if (k !== anchor && !has(spans[k][0],
				    spans[k][1], spans[k][2],
				    base + units[k].qpos))
					ok = false;
			if (ok) {
				best = base;
				break;	/* positions grow: the first is least */
			}
		}
		return best;
	}

	function passes(rec, f) {
		var kind = meta ? meta.kind[rec] : 0, t, k;

		if (!f || !meta)
			return true;
		if ((f.status || f.stars > 0) && kind !== 0)
			return false;
		if (f.status === "answered" && meta.unanswered[rec])
			return false;
		if (f.status === "unanswered" && !meta.unanswered[rec])
			return false;
		if (f.stars > 0 && meta.stars[rec] < f.stars)
			return false;
		if (f.topic !== undefined && f.topic !== null &&
		    f.topic !== "" && f.topic >= 0) {
			t = meta.recTopics[rec] || [];
			for (k = 0; k < t.length; k++)
				if (t[k] === +f.topic)
					return true;
			return false;
		}
		return true;
	}

	/* Scores every record that holds a query token. Returns {total,
	 * top}: how many pass the filters, and the first `limit` of them in
	 * order as {rec, matched, tier, score}. */
	function rank(q, f, limit) {
		var n = manifest.n, score = new Float64Array(n), total = 0, x,
		    minMatch,
		    count = new Uint8Array(n), best = new Float64Array(n),
		    mark = new Int32Array(n), cand = [], touched, k, a, p, j, r,
		    v, w, id, out = [], nterms = q.terms.length, runs, byRun, u,
		    at, sumIdf = 0, seen = new Uint8Array(n), units, trivial,
		    tier, s, term;

		for (k = 0; k < nterms + q.bonus.length; k++) {
			term = k < nterms ? q.terms[k] : q.bonus[k - nterms];

			touched = [];
			for (a = 0; a < term.alts.length; a++) {
				p = postings(term.alts[a].t);
				if (!p)
					continue;
				id = idf(p.df);
				w = term.alts[a].w;
				for (j = 0; j < p.df; j++) {
					r = p.recs[j];
					v = p.imp[j];
					v = w * id * ((v & 31) / 31 +
					    (v & 32 ? TITLE_BONUS : 0));
					if (mark[r] !== k + 1) {
						mark[r] = k + 1;
						best[r] = v;
						touched.push(r);
					} else if (v > best[r]) {
						best[r] = v;
					}
				}
			}
			for (j = 0; j < touched.length; j++) {
				r = touched[j];
				if (k < nterms) {
					score[r] += best[r];
					count[r]++;
				} else {
					score[r] += best[r] * IDENT_BONUS;
				}
				if (!seen[r]) {
					seen[r] = 1;
					cand.push(r);
				}
			}
		}
		units = prepareUnits(q.units);
		for (k = 0; k < units.length; k++)
			sumIdf += units[k].alts.length ?
			    idf(units[k].alts[0].p.df) : 0;
		byRun = [];
		for (k = 0; k < q.units.length; k++) {
			u = q.units[k].run;
			(byRun[u] = byRun[u] || []).push(units[k]);
		}
		runs = byRun.filter(function (x) {
			return x && x.length > 0;
		});
		minMatch = Math.max(nterms ? 1 : 0, Math.ceil(nterms / 2));
		/* one word or bigram: every AND record holds the phrase */
		trivial = units.length === 0 || (units.length === 1 &&
		    q.units[0].term.kind !== "ident");
		for (j = 0; j < cand.length; j++) {
			r = cand[j];
			if (!passes(r, f))
				continue;
			/* OR results need half of the terms: one bigram of a
			 * long Chinese phrase is noise */
			if (count[r] < minMatch)
				continue;
			tier = 0;
			s = score[r] * KIND_W[meta ? meta.kind[r] : 0];
			if (count[r] === nterms) {
				at = trivial ? 0 : phraseAt(units, r);
				if (at >= 0) {
					tier = 2;
					if (meta && units.length > 1 &&
					    at < meta.tlen[r])
						s += TITLE_PHRASE * sumIdf;
				} else if (runs.length > 1) {
					tier = 1;
					for (k = 0; k < runs.length && tier;
					    k++)
						if (phraseAt(runs[k], r) < 0)
							tier = 0;
				}
			}
			total++;
			/* keep the best `limit` in order: no object per
			 * candidate, no sort of thousands */
			if (out.length === limit && !before(count[r], tier, s,
			    r, out[limit - 1]))
				continue;
			x = { rec: r, matched: count[r], tier: tier, score: s };
			for (a = out.length; a > 0 && before(x.matched, x.tier,
			    x.score, x.rec, out[a - 1]); a--)
				;
			out.splice(a, 0, x);
			if (out.length > limit)
				out.pop();
		}
		return { total: total, top: out };
	}

	/* The ranking order: terms matched, phrase tier, score, record. */
	function before(matched, tier, score, rec, y) {
		if (matched !== y.matched)
			return matched > y.matched;
		if (tier !== y.tier)
			return tier > y.tier;
		if (score !== y.score)
			return score > y.score;
		return rec < y.rec;
	}

	/* ---- results ---- */

	/* One CJK table, the tokenizer's (hb_is_cjk() of src/str.c). */
	function isCjk(cp) {
		return HBTokenize.isCjk(cp);
	}

	/* title_slug() of src/search.c: the id a chunk leaves out. */
	function titleSlug(s) {
		var out = "", dash = false, i, c, d;

		for (i = 0; i < s.length; i++) {
			c = s.charCodeAt(i);
			if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
				d = s.charCodeAt(i + 1);
				if (d >= 0xdc00 && d <= 0xdfff) {
					c = 0x10000 + ((c - 0xd800) << 10) +
					    (d - 0xdc00);
					i++;
				}
			}
			if (c >= 0xff01 && c <= 0xff5e)
				c = c - 0xff01 + 0x21;
			if (c >= 0x41 && c <= 0x5a)
				c += 0x20;
			if (!((c >= 0x61 && c <= 0x7a) ||
			    (c >= 0x30 && c <= 0x39) || isCjk(c))) {
				dash = true;
				continue;
			}
			if (dash && out.length)
				out += "-";
			dash = false;
			out += String.fromCodePoint ? String.fromCodePoint(c) :
			    String.fromCharCode(c);
		}
		return out;
	}

	/* hb_url_path() of src/str.c. */
	function urlPath(s) {
		return encodeURIComponent(s).replace(/[!'()*]/g, function (c) {
			return "%" + c.charCodeAt(0).toString(16).toUpperCase();
		}).replace(/%2F/g, "/");
	}

	function chunkOf(rec) {
		return Math.floor(rec / manifest.chunk);
	}

	/* A result for record rec, from the metadata (the excerpt comes
	 * later, with its chunk). */
	function record(rec) {
		var kind = meta.kind[rec], title = meta.titles[rec], id, out, k,
		    t;

		if (title === undefined)
			return null;
		id = meta.ids.has(rec) ? meta.ids.get(rec) : titleSlug(title);
		out = {
			rec: rec, kind: ["question", "topic", "document"][kind],
			id: id, title: title, excerpt: null, excerptHits: [],
			url: (kind === 0 ? "q/" : kind === 1 ? "topics/" :
			    "d/") + urlPath(id) + ".html",
			doc: null, docUrl: null, stars: 0, status: null,
			topics: []
		};
		if (kind === 0) {
			k = meta.docs[meta.doc[rec]];
			out.doc = k ? k[0] : null;
			out.docUrl = k ? "d/" + urlPath(k[1]) + ".html" : null;
			out.stars = meta.stars[rec];
			out.status = meta.unanswered[rec] ? "unanswered" :
			    "answered";
		}
		t = meta.recTopics[rec] || [];
		for (k = 0; k < t.length; k++)
			if (meta.topics[t[k]])
				out.topics.push({ id: meta.topics[t[k]][0],
				    title: meta.topics[t[k]][1] });
		return out;
	}

	/* Spans of text (UTF-16 offsets, merged) where a query token is. */
	function hits(text, words) {
		var toks = HBTokenize.tokenize(text, "index"), spans = [], k, t,
		    out = [];

		for (k = 0; k < toks.length; k++) {
			t = toks[k];
			if (words[t.t] === 1)
				spans.push([t.off, t.off + t.len]);
		}
		spans.sort(function (a, b) {
			return a[0] - b[0];
		});
		for (k = 0; k < spans.length; k++) {
			if (out.length && spans[k][0] <= out[out.length - 1][1])
				out[out.length - 1][1] = Math.max(
				    out[out.length - 1][1], spans[k][1]);
			else
				out.push(spans[k].slice());
		}
		return out;
	}

	function hitWords(q) {
		var w = Object.create(null), all = allTerms(q), k, j;

		for (k = 0; k < all.length; k++)
			for (j = 0; j < all[k].alts.length; j++)
				w[all[k].alts[j].t] = 1;
		return w;
	}

	/* Runs a query. options: {topic: index or "", status: "" |
	 * "answered" | "unanswered", stars: 0..5, limit}. callback(res):
	 * res.results holds {rec, kind, id, url, title, titleHits, doc,
	 * docUrl, stars, status, topics, tier, matched, score, excerpt,
	 * excerptHits} for the first `limit` (excerpt null until
	 * res.snippets(done) has loaded the excerpts and called done);
	 * res.total counts all; res.ms is the time taken. */
	function search(text, options, callback) {
		var t0 = now(), o = options || {}, q;

		if (!manifest) {
			waiting.push(function () {
				search(text, options, callback);
			});
			return;
		}
		q = parse(String(text == null ? "" : text));
		if (q.terms.length === 0 && q.bonus.length === 0) {
			callback({ query: text, total: 0, results: [], ms: 0 });
			return;
		}
		/* the vocabulary and the shards of the typed tokens at once,
		 * then the shards of the completions (most often loaded) */
		need([fileName("m", null)].concat(vocabFiles(q), shardFiles(q)),
		    function () {
			complete(q);
			need(shardFiles(q), function () {
				var typos = typoTerms(q);

				if (!typos.length)
					return finish();
				need(allVocabFiles(), function () {
					fuzzy(q, typos);
					need(shardFiles(q), finish);
				});
			});
		});

		function finish() {
			var t1 = now(), ranked, t2, limit = o.limit || LIMIT,
			    top, words = hitWords(q), res = [], k, r;

			if (!meta) {
				callback({ query: text, total: 0, results: [],
				    ms: now() - t0,
				    error: "no index metadata" });
				return;
			}
			ranked = rank(q, o, limit);
			t2 = now();
			top = ranked.top;
			for (k = 0; k < top.length; k++) {
				r = record(top[k].rec);
				if (!r)
					continue;
				r.tier = top[k].tier;
				r.matched = top[k].matched;
				r.score = top[k].score;
				r.titleHits = hits(r.title, words);
				res.push(r);
			}
			callback({ query: text, total: ranked.total,
			    results: res, terms: q.terms.length, ms: now() - t0,
			    fuzzy: q.fuzzy, words: Object.keys(words),
			    timing: { load: t1 - t0, rank: t2 - t1 },
			    snippets: function (done) {
				snippets(res, words, done);
			    } });
		}
	}

	/* Loads the excerpt chunks of results and fills r.excerpt and
	 * r.excerptHits, then calls done(). */
	function snippets(res, words, done) {
		var names = [], seen = {}, k, c;

		for (k = 0; k < res.length; k++) {
			c = chunkOf(res[k].rec);
			if (!seen[c]) {
				seen[c] = 1;
				names.push(fileName("r", c));
			}
		}
		need(names, function () {
			var ch, r;

			for (k = 0; k < res.length; k++) {
				r = res[k];
				ch = chunks[chunkOf(r.rec)];
				r.excerpt = ch ? ch[r.rec % manifest.chunk] ||
				    "" : "";
				r.excerptHits = hits(r.excerpt, words);
			}
			done();
		});
	}

	function now() {
		return typeof performance !== "undefined" && performance.now ?
		    performance.now() : Date.now();
	}

	/* What a first query will need whatever it is: the metadata, and
	 * the vocabulary when it is small. */
	function prefetch() {
		var out = [fileName("m", null)], b;

		if (manifest.vocab <= 8)
			for (b = 0; b < manifest.vocab; b++)
				if (VAL[manifest.vx.charCodeAt(b)] & 1)
					out.push(fileName("v", b));
		return out;
	}

	/* ---- the search box ---- */

	/* The keys it uses; the strings come from templates/i18n.yml
	 * (window.HB_I18N), the one place they are defined. A missing key
	 * shows as itself. */
	var KEYS = ["no_results", "filter_topic", "filter_status",
	    "filter_all", "answered", "unanswered", "filter_stars",
	    "more_results", "topics", "documents", "did_you_mean"];

	function strings() {
		var el = document.getElementById("hb-i18n"), s = {}, i, k, j = {};

		try {
			j = window.HB_I18N || (el ? JSON.parse(el.textContent) : {});
		} catch (e) {
			j = {};
		}
		for (i = 0; i < KEYS.length; i++) {
			k = KEYS[i];
			s[k] = typeof j[k] === "string" ? j[k] : k;
		}
		return s;
	}

	function el(tag, cls, text) {
		var e = document.createElement(tag);

		if (cls)
			e.className = cls;
		if (text !== undefined && text !== null)
			e.textContent = text;
		return e;
	}

	/* Appends text to parent with the spans marked. */
	function marked(parent, text, spans, from, to) {
		var at = from, k, s, e;

		for (k = 0; k < spans.length; k++) {
			s = Math.max(spans[k][0], from);
			e = Math.min(spans[k][1], to);
			if (e <= s)
				continue;
			if (s > at)
				parent.appendChild(document.createTextNode(
				    text.substring(at, s)));
			parent.appendChild(el("mark", null,
			    text.substring(s, e)));
			at = e;
		}
		if (at < to)
			parent.appendChild(document.createTextNode(
			    text.substring(at, to)));
	}

	function setup() {
		var input = document.getElementById("search-input");
		var box = document.getElementById("search-results");
		var S, filters, fTopic, fStatus, fStars, active = -1,
		    composing = false,
		    seq = 0, shown = 0, limit = LIMIT, lastQuery = null;

		if (!input || !box || input.getAttribute("data-hb-search"))
			return;
		input.setAttribute("data-hb-search", "1");
		S = strings();

		function option(sel, value, label) {
			var o = el("option", null, label);

			o.value = value;
			sel.appendChild(o);
		}

		function select(label) {
			var s = el("select");

			s.setAttribute("aria-label", label);
			s.title = label;
			s.addEventListener("change", function () {
				limit = LIMIT;
				run(true);
			});
			return s;
		}

		function buildFilters() {
			var k;

			filters = el("div", "search-filters");
			filters.setAttribute("role", "group");
			fTopic = select(S.filter_topic);
			option(fTopic, "", S.filter_topic + ": " +
			    S.filter_all);
			fStatus = select(S.filter_status);
			option(fStatus, "", S.filter_status + ": " +
			    S.filter_all);
			option(fStatus, "answered", S.answered);
			option(fStatus, "unanswered", S.unanswered);
			fStars = select(S.filter_stars);
			option(fStars, "0", S.filter_stars + ": " +
			    S.filter_all);
			for (k = 1; k <= 5; k++)
				option(fStars, String(k), "\u2265 " +
				    new Array(k + 1).join("\u2605"));
			filters.appendChild(fTopic);
			filters.appendChild(fStatus);
			filters.appendChild(fStars);
		}

		function fillTopics() {
			var k;

			if (!meta || fTopic.options.length > 1)
				return;
			for (k = 0; k < meta.topics.length; k++)
				option(fTopic, String(k), meta.topics[k][1]);
			fTopic.hidden = meta.topics.length === 0;
		}

		function open() {
			box.hidden = false;
			input.setAttribute("aria-expanded", "true");
		}

		function close() {
			box.hidden = true;
			input.setAttribute("aria-expanded", "false");
			setActive(-1);
		}

		function options() {
			return box.querySelectorAll("a.result");
		}

		function setActive(k) {
			var opts = options(), j;

			for (j = 0; j < opts.length; j++)
				opts[j].setAttribute("aria-selected",
				    j === k ? "true" : "false");
			active = k >= 0 && k < opts.length ? k : -1;
			if (active >= 0) {
				input.setAttribute("aria-activedescendant",
				    opts[active].id);
				if (opts[active].scrollIntoView)
					opts[active].scrollIntoView({
					    block: "nearest" });
			} else {
				input.removeAttribute("aria-activedescendant");
			}
		}

		function stars(n) {
			return new Array(n + 1).join("\u2605") +
			    new Array(6 - n).join("\u2606");
		}

		/* The part of the excerpt around its first hit (issue #11:
		 * the matching text, not the record's first lines). */
		function snippet(span, r) {
			var h = r.excerptHits, len = r.excerpt.length,
			    from = h.length && h[0][0] > 30 ? h[0][0] - 30 : 0,
			    to = Math.min(len, from + SNIPPET);

			span.textContent = "";
			if (from > 0)
				span.appendChild(
				    document.createTextNode("\u2026"));
			marked(span, r.excerpt, r.excerptHits, from, to);
			if (to < len)
				span.appendChild(
				    document.createTextNode("\u2026"));
		}

		/* Fills the snippets of the results on show, once their
		 * chunks are in. */
		function fill(res) {
			var sp = box.querySelectorAll(
			    "a.result .result-snippet"), k;

			for (k = 0; k < res.results.length && k < sp.length;
			    k++)
				snippet(sp[k], res.results[k]);
		}

		function render(res) {
			var root = rootPath(), k, r, a, span, j, parts, list;

			fillTopics();
			/* the filters stay; the rest is built aside and put in
			 * at once, one style and layout pass per keystroke */
			if (box.firstChild !== filters) {
				box.textContent = "";
				box.appendChild(filters);
			}
			while (filters.nextSibling)
				box.removeChild(filters.nextSibling);
			list = document.createDocumentFragment();
			active = -1;
			input.removeAttribute("aria-activedescendant");
			if (res.fuzzy && res.fuzzy.length)
				list.appendChild(el("div", "search-fuzzy",
				    S.did_you_mean + " " + res.fuzzy.map(function (f) {
					return f[1];
				    }).join(", ")));
			if (!res.results.length) {
				list.appendChild(el("div", "search-empty",
				    S.no_results));
			}
			for (k = 0; k < res.results.length; k++) {
				r = res.results[k];
				a = el("a", "result");
				a.setAttribute("role", "option");
				a.id = "sr-" + k;
				a.href = withHighlight(root + r.url, res.words);
				a.setAttribute("aria-selected", "false");
				span = el("span", "result-title");
				marked(span, r.title, r.titleHits, 0,
				    r.title.length);
				a.appendChild(span);
				/* the document unless it is the question */
				a.appendChild(el("span", "result-doc",
				    r.kind === "topic" ? S.topics :
				    r.kind === "document" ? S.documents :
				    r.doc && r.doc !== r.title ? r.doc : ""));
				span = el("span", "result-snippet");
				if (r.excerpt !== null)
					snippet(span, r);
				a.appendChild(span);
				parts = [];
				if (r.stars > 0)
					parts.push(stars(r.stars));
				if (r.status)
					parts.push(S[r.status]);
				/* a topic's own name is its title: once */
				for (j = 0; j < r.topics.length; j++)
					if (r.kind !== "topic" ||
					    r.topics[j].title !== r.title)
						parts.push(r.topics[j].title);
				a.appendChild(el("span", "result-meta",
				    parts.join(" \u00b7 ")));
				list.appendChild(a);
			}
			shown = res.results.length;
			if (res.total > shown) {
				a = el("button", "search-more", S.more_results +
				    " (" + (res.total - shown) + ")");
				a.type = "button";
				a.addEventListener("click", function () {
					limit += MORE;
					run(true);
					input.focus();
				});
				list.appendChild(a);
			}
			box.appendChild(list);
			box.setAttribute("data-query", res.query);
			open();
			if (typeof CustomEvent === "function")
				input.dispatchEvent(new CustomEvent(
				    "hbsearch:results", { detail: {
					query: res.query, total: res.total,
					ms: res.ms, timing: res.timing } }));
		}

		function run(force) {
			var text = input.value, mine = ++seq;

			if (!force && text === lastQuery)
				return;
			lastQuery = text;
			remember(text);
			if (!/\S/.test(text)) {
				box.textContent = "";
				box.removeAttribute("data-query");
				close();
				return;
			}
			search(text, {
				topic: fTopic.value === "" ? "" : +fTopic.value,
				status: fStatus.value,
				stars: +fStars.value,
				limit: limit
			}, function (res) {
				if (mine !== seq)
					return;
				render(res);
				if (res.snippets)
					res.snippets(function () {
						if (mine === seq)
							fill(res);
					});
			});
		}

		buildFilters();
		/* While an input method composes (pinyin before it becomes
		 * Chinese), the box holds Latin letters: wait for the text. */
		input.addEventListener("compositionstart", function () {
			composing = true;
		});
		input.addEventListener("compositionend", function () {
			composing = false;
			limit = LIMIT;
			run(false);
		});
		input.addEventListener("input", function (e) {
			if (composing || e.isComposing)
				return;
			limit = LIMIT;
			run(false);
		});
		input.addEventListener("focus", function () {
			if (manifest)
				need(prefetch(), fillTopics);
			if (/\S/.test(input.value) && box.childNodes.length)
				open();
		});
		input.addEventListener("keydown", function (e) {
			var opts = options();

			if (composing || e.isComposing)
				return;

			switch (e.key) {
			case "ArrowDown":
			case "Down":
				if (box.hidden && /\S/.test(input.value)) {
					open();
				} else if (opts.length) {
					setActive(active + 1 < opts.length ?
					    active + 1 : 0);
				}
				e.preventDefault();
				break;
			case "ArrowUp":
			case "Up":
				if (opts.length)
					setActive(active > 0 ? active - 1 :
					    opts.length - 1);
				e.preventDefault();
				break;
			case "Enter":
				if (!box.hidden && opts.length) {
					e.preventDefault();
					W.location.href = opts[active >= 0 ?
					    active : 0].href;
				}
				break;
			case "Escape":
			case "Esc":
				if (!box.hidden) {
					close();
					e.preventDefault();
				} else if (input.value !== "") {
					input.value = "";
					run(false);
					e.preventDefault();
				}
				break;
			}
		});
		box.addEventListener("mousedown", function (e) {
			/* keep the focus in the input while clicking around */
			if (e.target && e.target.tagName !== "SELECT" &&
			    e.target.tagName !== "OPTION")
				e.preventDefault();
		});
		document.addEventListener("click", function (e) {
			if (e.target !== input && !box.contains(e.target))
				close();
		});
		/* "/" focuses the box. site.js may do the same: whoever runs
		 * first wins, the other sees the focus or defaultPrevented. */
		document.addEventListener("keydown", function (e) {
			var t = e.target, tag = t && t.tagName;

			if (e.key !== "/" || e.defaultPrevented || e.ctrlKey ||
			    e.metaKey || e.altKey ||
			    document.activeElement === input ||
			    tag === "INPUT" || tag === "TEXTAREA" ||
			    tag === "SELECT" || (t && t.isContentEditable))
				return;
			e.preventDefault();
			input.focus();
		});
		/* index.html?q=WORDS opens with the results (from file://
		 * too); the box's query is kept in the address so that Back
		 * comes back to it. */
		var asked = param("q");

		if (asked !== null && !/\S/.test(input.value))
			input.value = asked;
		if (/\S/.test(input.value)) {
			run(true);
			if (asked !== null)
				input.focus();
		}
	}

	function param(name) {
		var m = typeof location !== "undefined" &&
		    new RegExp("[?&]" + name + "=([^&#]*)").exec(location.search);

		if (!m)
			return null;
		try {
			return decodeURIComponent(m[1].replace(/\+/g, " "));
		} catch (e) {
			return null;
		}
	}

	function remember(text) {
		var h = W.history, s;

		if (!h || !h.replaceState || typeof location === "undefined")
			return;
		s = location.search.replace(/^\?/, "").split("&").filter(
		    function (kv) {
			return kv && !/^q=/.test(kv);
		    });
		if (/\S/.test(text))
			s.unshift("q=" + encodeURIComponent(text));
		try {
			h.replaceState(h.state, "", (s.length ? "?" + s.join("&") :
			    location.pathname.replace(/^.*\//, "")) +
			    location.hash);
		} catch (e) {
			/* a browser that refuses for file://: no memory then */
		}
	}

	/* The result's URL with the matched words (?hl=) for the page to
	 * mark them (theme/reader.js). */
	function withHighlight(url, words) {
		var h = url.indexOf("#"), base = h < 0 ? url : url.substring(0, h);

		if (!words || !words.length)
			return url;
		return base + "?hl=" + encodeURIComponent(words.join(" ")) +
		    (h < 0 ? "" : url.substring(h));
	}

	if (typeof document !== "undefined" && document.addEventListener) {
		if (document.readyState === "loading")
			document.addEventListener("DOMContentLoaded", setup);
		else
			setup();
	}

	return {
		version: 1,
		search: search,
		setup: setup,
		/* for tests and tools */
		_parse: parse,
		_titleSlug: titleSlug,
		_shardOf: function (t, n) {
			return utf8Hash(t) & (n - 1);
		},
		_urlPath: urlPath,
		_setLoader: function (fn) {
			loader = fn;
		},
		_prefetch: function (done) {
			need(prefetch(), done || function () {});
		},
		_state: function () {
			return { manifest: manifest, meta: meta, files: files };
		}
	};
})();

if (typeof module !== "undefined" && module.exports)
	module.exports = HBSearch;
