/* Node tests for theme/search.js (issue #5), plain node, no packages.
 * search.js runs in a vm context with a fake window; index files are
 * "loaded" synchronously from disk or from memory.
 *
 * Part 1 feeds hand-made payloads (encoded here, in the format of
 * src/search.c) to test decoding, ranking rules and filters in
 * isolation. Part 2 runs tests/search/ranking.tsv: the C index builder
 * (build/tests/test_search --emit-cases) writes one index per case and
 * each query's expectation is checked against the real index; it says
 * "skipped" when that binary is not built.
 * Run: node tests/js/search.test.js */
"use strict";

var fs = require("fs");
var os = require("os");
var path = require("path");
var vm = require("vm");
var cp = require("child_process");

var root = path.join(__dirname, "..", "..");
var TOKENIZE = fs.readFileSync(path.join(root, "theme", "search-tokenize.js"),
    "utf8");
var SEARCH = fs.readFileSync(path.join(root, "theme", "search.js"), "utf8");
var TABLE = path.join(root, "tests", "search", "ranking.tsv");
var BUILD = process.env.BUILD || "build";
var EMITTER = path.resolve(root, BUILD, "tests", "test_search");

var H = require("../harness").reporter("search");
var test = H.test;
var eq = H.eq;
var ok = H.assert;

/* A fresh browser-less context. files maps a name to its text (or a
 * function returning it); loads are synchronous. */
function context(files, order) {
	var ctx = { console: console, performance: performance };
	var loaded = [];

	ctx.window = ctx;
	vm.createContext(ctx);
	if (order === "data-first")
		vm.runInContext(files.__entry, ctx);
	vm.runInContext(TOKENIZE, ctx);
	vm.runInContext(SEARCH, ctx);
	if (order !== "data-first" && files.__entry)
		vm.runInContext(files.__entry, ctx);
	ctx.HBSearch._setLoader(function (name, done) {
		var t = typeof files === "function" ? files(name) : files[name];

		if (typeof t === "function")
			t = t();
		if (t == null)
			return done(false);
		loaded.push(name);
		vm.runInContext(t, ctx);
		done(true);
	});
	ctx.loaded = loaded;
	return ctx;
}

/* Runs a query; the loader is synchronous, so is the callback. */
function query(ctx, q, opts) {
	var out = null;

	ctx.HBSearch.search(q, opts || {}, function (res) {
		out = res;
	});
	if (!out)
		throw new Error("search(" + JSON.stringify(q) + ") did not " +
		    "call back");
	if (out.snippets)
		out.snippets(function () {
			out.filled = true;
		});
	if (out.snippets && !out.filled)
		throw new Error("snippets did not call back");
	return out;
}

function ids(res) {
	return res.results.map(function (r) {
		return r.id;
	});
}

/* ---- part 1: hand-made payloads ---- */

var DIGITS = "#$%&'()*+,-./0123456789:;=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ" +
    "[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

function num(v) {
	var base = 0, span = 64, k = 1, r, q, s = "", i;

	while (v - base >= span) {
		base += span;
		span *= 26;
		k++;
	}
	r = v - base;
	q = Math.floor(r / 64);
	for (i = 0; i < k - 1; i++) {
		s = DIGITS[64 + q % 26] + s;
		q = Math.floor(q / 26);
	}
	return s + DIGITS[r % 64];
}

/* list: [[rec, impact(1..31), inTitle]...] sorted by rec. */
function postingsString(n, list, mode) {
	var dense = mode && mode.dense, coarse = mode && mode.coarse;
	var s = num(list.length * 4 + (coarse ? 2 : 0) + (dense ? 1 : 0));
	var prev = -1, d, b, v, k = 0, imp;

	if (dense) {
		for (d = 0; d < Math.ceil(n / 6); d++) {
			v = 0;
			for (b = 0; b < 6; b++)
				if (k < list.length && list[k][0] === d * 6 + b) {
					v |= 1 << b;
					k++;
				}
			s += DIGITS[v];
		}
	} else {
		list.forEach(function (p) {
			s += num(p[0] - prev - 1);
			prev = p[0];
		});
	}
	imp = list.map(function (p) {
		return p[1] | (p[2] ? 32 : 0);
	});
	if (coarse) {
		for (k = 0; k < imp.length; k += 2) {
			v = (imp[k] & 32 ? 4 : 0) | ((imp[k] & 31) - 1) >> 3;
			if (k + 1 < imp.length)
				v |= ((imp[k + 1] & 32 ? 4 : 0) |
				    ((imp[k + 1] & 31) - 1) >> 3) << 3;
			s += DIGITS[v];
		}
	} else {
		imp.forEach(function (x) {
			s += DIGITS[x];
		});
	}
	return s;
}

/* lists: one array of positions per posting ([] for none). */
function positionsString(lists) {
	return lists.map(function (ps) {
		var s, c, i;

		if (!ps.length)
			return num(0);
		c = Math.min(ps.length - 1, 3);
		s = num(1 + ps[0] * 4 + c);
		if (ps.length >= 4)
			s += num(ps.length - 4);
		for (i = 1; i < ps.length; i++)
			s += num(ps[i] - ps[i - 1] - 1);
		return s;
	}).join("");
}

function fnv(t) {
	var h = 0x811c9dc5, b = Buffer.from(t, "utf8"), i;

	for (i = 0; i < b.length; i++) {
		h ^= b[i];
		h = Math.imul(h, 16777619) >>> 0;
	}
	return h >>> 0;
}

function wrap(p) {
	return "(window.HBSearchData=window.HBSearchData||[]).push(" +
	    JSON.stringify(p) + ");\n";
}

/* A whole index in memory (id 0: the title's slug). spec: {records:
 * [{id, title, excerpt,
 * kind, stars, unanswered, topics, tlen}], tokens: {tok: {post: [[rec,
 * imp, title]...], pos: [[...]...], dense, coarse}}, topics: [[id,
 * title]], shards: N, vocab: [[tok, df]...]} */
function buildIndex(spec) {
	var n = spec.records.length, S = spec.shards || 1, h = spec.h ||
	    "0123456789ab", files = {}, shard = [], sx = "", chunk = 4,
	    c, rec = "", prevDoc = 0, vx = "", idlist = [];

	for (c = 0; c < S; c++)
		shard.push([]);
	Object.keys(spec.tokens).sort().forEach(function (t) {
		var tk = spec.tokens[t], s = fnv(t) & (S - 1);

		shard[s].push(t, postingsString(n, tk.post, tk),
		    tk.pos ? positionsString(tk.pos) : "");
	});
	for (c = 0; c < S; c++) {
		if (shard[c].length)
			files["s" + c + "." + h + ".js"] = wrap(["s", c, shard[c]]);
		sx += DIGITS[shard[c].length ? 1 : 0];
	}
	spec.records.forEach(function (r) {
		var doc = r.doc || 0, z = doc - prevDoc;

		rec += num((r.kind || 0) | (r.unanswered ? 4 : 0) |
		    (r.stars || 0) << 3);
		rec += num(z < 0 ? -2 * z - 1 : 2 * z);
		prevDoc = doc;
		rec += num(r.tlen || 0);
		rec += num((r.topics || []).length);
		(r.topics || []).forEach(function (t) {
			rec += num(t);
		});
	});
	spec.records.forEach(function (r, i) {
		if (r.id !== 0)
			idlist.push(i, r.id);
	});
	files["m." + h + ".js"] = wrap(["m", { docs: [["Doc", "doc"]],
	    topics: spec.topics || [], rec: rec,
	    titles: spec.records.map(function (r) {
		return r.title;
	    }), ids: idlist }]);
	for (c = 0; c * chunk < n; c++)
		files["r" + c + "." + h + ".js"] = wrap(["r", c,
		    spec.records.slice(c * chunk, (c + 1) * chunk).map(
		    function (r) {
			return r.excerpt || "";
		    })]);
	if (spec.vocab) {
		var list = [];

		spec.vocab.forEach(function (v) {
			list.push(v[0], v[1]);
		});
		files["v0." + h + ".js"] = wrap(["v", 0, list]);
		vx = "$";
	} else {
		vx = "#";
	}
	files.__entry = wrap(["i", { v: 1, h: h, dir: "assets/search/", n: n,
	    nq: n, shards: S, sx: sx, vocab: 1, vx: vx, chunk: chunk,
	    chunks: Math.ceil(n / chunk) }]);
	return files;
}

function recs(n) {
	var out = [], i;

	for (i = 0; i < n; i++)
		out.push({ id: "r" + i, title: "Record " + i, excerpt: "" });
	return out;
}

test("numbers_round_trip_through_positions", function () {
	/* positions past 1727 take three digits, past 44991 four */
	var big = [0, 63, 64, 1727, 1728, 44991, 44992, 1200000];
	var files = buildIndex({
		records: recs(2),
		tokens: {
			"ab": { post: [[0, 10], [1, 10]],
			    pos: [big, [5]] },
			"cd": { post: [[0, 10], [1, 10]],
			    pos: [big.map(function (x) {
				return x + 1;
			    }), [9]] }
		}
	});
	var ctx = context(files), res = query(ctx, "ab cd");

	/* record 0 holds "ab cd" at every position above; record 1 holds
	 * both words apart, and each run of a query is one word here */
	eq(res.results[0].id, "r0");
	eq(res.results[0].tier, 2);
	eq(res.results[1].tier, 1);
});

test("dense_and_coarse_postings_decode", function () {
	var list = [], i, files, ctx, res;

	for (i = 0; i < 40; i += 3)
		list.push([i, 10, i === 9]);
	files = buildIndex({
		records: recs(40),
		tokens: { "x": { post: list, dense: true, coarse: true },
		    "y": { post: list } }
	});
	ctx = context(files);
	res = query(ctx, "x", { limit: 100 });
	eq(res.total, list.length);
	/* the title hit wins */
	eq(res.results[0].id, "r9");
	eq(ids(query(ctx, "y", { limit: 100 })).sort(),
	    ids(res).sort());
	eq(query(ctx, "y").results[0].id, "r9");
});

test("phrase_beats_scattered_bigrams", function () {
	var files = buildIndex({
		records: recs(3),
		tokens: {
			/* r0: scattered, high impact; r1: the phrase, low
			 * impact; r2: two of three bigrams */
			"三色": { post: [[0, 31, true], [1, 3], [2, 31, true]],
			    pos: [[0], [10], [0]] },
			"色标": { post: [[0, 31, true], [1, 3], [2, 31]],
			    pos: [[5], [11], [8]] },
			"标记": { post: [[0, 31, true], [1, 3]],
			    pos: [[9], [12]] }
		}
	});
	var res = query(context(files), "三色标记");

	eq(ids(res), ["r1", "r0", "r2"]);
	eq(res.results.map(function (r) {
		return [r.matched, r.tier];
	}), [[3, 2], [3, 0], [2, 0]]);
});

test("runs_of_a_query_are_phrases_too", function () {
	var files = buildIndex({
		records: recs(3),
		tokens: {
			"写屏": { post: [[0, 5], [1, 5], [2, 5]],
			    pos: [[0], [0], [0]] },
			"屏障": { post: [[0, 5], [1, 5], [2, 5]],
			    pos: [[1], [1], [9]] },
			/* "写屏障 gc": three CJK positions, then gc */
			"gc": { post: [[0, 5], [1, 5], [2, 30, true]],
			    pos: [[3], [7], [4]] }
		}
	});
	var res = query(context(files), "写屏障 gc");

	/* r0: whole phrase; r1: each run; r2: neither (best score) */
	eq(ids(res), ["r0", "r1", "r2"]);
	eq(res.results.map(function (r) {
		return r.tier;
	}), [2, 1, 0]);
});

test("and_before_or", function () {
	var files = buildIndex({
		records: recs(3),
		tokens: {
			"alpha": { post: [[0, 31, true], [1, 2]], pos: [[0], [3]] },
			"beta": { post: [[1, 2], [2, 31, true]], pos: [[9], [0]] }
		}
	});
	var res = query(context(files), "alpha beta");

	eq(ids(res)[0], "r1");
	eq(res.results[0].matched, 2);
	eq(res.total, 3);
});

test("filters", function () {
	var r = recs(4), files, ctx;

	r[0].stars = 5;
	r[1].stars = 2;
	r[2].unanswered = 1;
	r[2].topics = [1];
	r[3].kind = 1;		/* a topic record */
	r[3].topics = [0];
	files = buildIndex({
		records: r,
		topics: [["gc", "GC"], ["net", "Network"]],
		tokens: { "k": { post: [[0, 9], [1, 9], [2, 9], [3, 9]] } }
	});
	ctx = context(files);
	eq(query(ctx, "k").total, 4);
	eq(ids(query(ctx, "k", { stars: 3 })), ["r0"]);
	eq(ids(query(ctx, "k", { status: "unanswered" })), ["r2"]);
	eq(ids(query(ctx, "k", { status: "answered" })).sort(), ["r0", "r1"]);
	eq(ids(query(ctx, "k", { topic: 1 })), ["r2"]);
	eq(ids(query(ctx, "k", { topic: 0 })), ["r3"]);
	eq(query(ctx, "k", { topic: "" }).total, 4);
	eq(query(ctx, "k").results[3].url, "topics/r3.html");
	eq(query(ctx, "k").results[2].status, "unanswered");
	eq(query(ctx, "k").results[2].topics, [{ id: "net", title: "Network" }]);
});

test("last_word_is_completed", function () {
	var files = buildIndex({
		records: recs(3),
		tokens: {
			"goroutine": { post: [[0, 9]] },
			"goroutines": { post: [[1, 9]] },
			"go": { post: [[2, 9]] }
		},
		vocab: [["goroutine", 1], ["goroutines", 1]]
	});
	var ctx = context(files);

	eq(ids(query(ctx, "gorout")).sort(), ["r0", "r1"]);
	/* "go" itself and its completions; the exact word first */
	eq(ids(query(ctx, "go"))[0], "r2");
	eq(query(ctx, "go").total, 3);
	/* not the last word: no completion */
	eq(query(ctx, "gorout ").total, 0);
});

test("data_before_search_js_and_missing_files", function () {
	var files = buildIndex({
		records: recs(2),
		shards: 4,
		tokens: { "aa": { post: [[0, 9]] }, "bb": { post: [[1, 9]] },
		    "cc": { post: [[0, 9]] }, "dd": { post: [[1, 9]] } }
	});
	var ctx = context(files, "data-first"), res;

	eq(ids(query(ctx, "aa")), ["r0"]);
	/* a shard that fails to load is no data, not an error */
	Object.keys(files).forEach(function (k) {
		if (/^s/.test(k) && files[k].indexOf('"bb"') >= 0)
			delete files[k];
	});
	ctx = context(files);
	res = query(ctx, "bb");
	eq(res.total, 0);
	eq(ids(query(ctx, "aa")), ["r0"]);
});

test("only_needed_shards_load", function () {
	var tokens = {}, i, files, ctx;

	for (i = 0; i < 64; i++)
		tokens["t" + i] = { post: [[i % 8, 9]] };
	files = buildIndex({ records: recs(8), shards: 16, tokens: tokens });
	ctx = context(files);
	query(ctx, "t5");
	eq(ctx.loaded.filter(function (f) {
		return /^s/.test(f);
	}).length, 1);
	ok(ctx.loaded.indexOf("m.0123456789ab.js") >= 0, "meta loaded");
	eq(ctx.loaded.filter(function (f) {
		return /^p/.test(f);
	}).length, 0, "positions of a one-word query");
});

test("highlights_and_urls", function () {
	var r = [{ id: "gc-与三色标记", title: "GC 与三色标记",
	    excerpt: "先讲三色标记，再讲写屏障。" }, { id: 0,
	    title: "Ａ/B (c)!", excerpt: "" }];
	var files = buildIndex({
		records: r,
		tokens: { "三色": { post: [[0, 9, true]] },
		    "色标": { post: [[0, 9, true]] },
		    "标记": { post: [[0, 9, true]] }, "c": { post: [[1, 9]] } }
	});
	var ctx = context(files), res = query(ctx, "三色标记");

	eq(res.results[0].url,
	    "q/gc-%E4%B8%8E%E4%B8%89%E8%89%B2%E6%A0%87%E8%AE%B0.html");
	eq(res.results[0].titleHits, [[4, 8]]);
	eq(res.results[0].excerptHits, [[2, 6]]);
	eq(res.results[0].doc, "Doc");
	res = query(ctx, "c");
	/* id 0: derived from the title as src/search.c title_slug() */
	eq(res.results[0].id, "a-b-c");
	eq(res.results[0].url, "q/a-b-c.html");
	eq(ctx.HBSearch._urlPath("a b/c!~'()*"), "a%20b/c%21~%27%28%29%2A");
});

test("empty_and_separator_queries", function () {
	var ctx = context(buildIndex({ records: recs(1),
	    tokens: { "a": { post: [[0, 1]] } } }));

	eq(query(ctx, "").total, 0);
	eq(query(ctx, "  ，。!").total, 0);
	eq(query(ctx, "zzz").results, []);
});

test("a_new_build_replaces_the_old_index", function () {
	var one = buildIndex({ records: recs(1), h: "aaaaaaaaaaaa",
	    tokens: { "old": { post: [[0, 1]] } } });
	var two = buildIndex({ records: recs(1), h: "bbbbbbbbbbbb",
	    tokens: { "new": { post: [[0, 1]] } } });
	var all = Object.assign({}, one, two), ctx = context(all);

	vm.runInContext(one.__entry, ctx);
	eq(query(ctx, "old").total, 1);
	vm.runInContext(two.__entry, ctx);
	eq(query(ctx, "old").total, 0);
	eq(query(ctx, "new").total, 1);
});

/* ---- part 2: the ranking table against indexes built in C ---- */

function readTable() {
	var lines = fs.readFileSync(TABLE, "utf8").split("\n"), cases = [],
	    cur = null, inDoc = false;

	lines.forEach(function (line, i) {
		var m;

		line = line.replace(/\r$/, "");
		if ((m = /^== case (\S+)$/.exec(line))) {
			cur = { name: m[1], queries: [] };
			cases.push(cur);
			inDoc = false;
		} else if (/^-- doc /.test(line)) {
			inDoc = true;
		} else if (/^-- query\t/.test(line)) {
			var f = line.split("\t");

			inDoc = false;
			cur.queries.push({ line: i + 1, q: f[1], expect: f[2],
			    filter: f[3] || "" });
		} else if (!inDoc && line !== "" && line[0] !== "#") {
			throw new Error("ranking.tsv:" + (i + 1) +
			    ": unexpected line");
		}
	});
	return cases;
}

function options(filter) {
	var o = {}, m;

	if (!filter)
		return o;
	m = /^(status|stars|topic)=(.*)$/.exec(filter);
	if (!m)
		throw new Error("bad filter " + filter);
	o[m[1]] = m[1] === "stars" ? +m[2] : m[2];
	return o;
}

function check(ctx, q) {
	var o = options(q.filter), f = q.expect.split(" "), res, got, k, at;

	if (o.topic !== undefined) {
		var topics = ctx.HBSearch._state().meta;

		/* the query needs the metadata first */
		query(ctx, q.q);
		topics = ctx.HBSearch._state().meta.topics;
		for (k = 0; k < topics.length; k++)
			if (topics[k][0] === o.topic)
				o.topic = k;
	}
	o.limit = 100;
	res = query(ctx, q.q, o);
	got = ids(res);
	switch (f[0]) {
	case "first":
		eq(got[0], f[1], "first of " + JSON.stringify(got));
		break;
	case "order":
		for (k = 1, at = -1; k < f.length; k++) {
			var p = got.indexOf(f[k]);

			ok(p > at, f[k] + " out of order in " +
			    JSON.stringify(got));
			at = p;
		}
		break;
	case "has":
		ok(got.indexOf(f[1]) >= 0, f[1] + " not in " +
		    JSON.stringify(got));
		break;
	case "not":
		ok(got.indexOf(f[1]) < 0, f[1] + " in " + JSON.stringify(got));
		break;
	case "count":
		eq(res.total, +f[1], "count of " + JSON.stringify(got));
		break;
	case "none":
		eq(got, []);
		break;
	default:
		throw new Error("unknown expectation " + f[0]);
	}
}

function runTable() {
	var cases = readTable(), tmp, out;

	if (!fs.existsSync(EMITTER)) {
		console.log("skipped ranking.tsv: " + EMITTER + " is not built " +
		    "(make " + path.relative(root, EMITTER) + ")");
		return;
	}
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hb-rank-"));
	try {
		out = cp.execFileSync(EMITTER, ["--emit-cases", TABLE,
		    path.join(tmp, "cases")], { encoding: "utf8" });
		cases.forEach(function (c) {
			var m = new RegExp("^case " + c.name + " (\\S+)$", "m")
			    .exec(out), dir, ctx;

			if (!m) {
				test("ranking.tsv " + c.name, function () {
					throw new Error("no index was built");
				});
				return;
			}
			dir = path.join(tmp, "cases", c.name);
			ctx = context(function (name) {
				var p = path.join(dir, "assets", "search", name);

				return fs.existsSync(p) ?
				    fs.readFileSync(p, "utf8") : null;
			});
			vm.runInContext(fs.readFileSync(path.join(dir, m[1]),
			    "utf8"), ctx);
			c.queries.forEach(function (q) {
				test("ranking.tsv:" + q.line + " " + c.name + " " +
				    q.q + " " + q.expect + " " + q.filter,
				    function () {
					check(ctx, q);
				});
			});
		});
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

/* theme/search.js and src/search.c put a token in the same shard. */
function shardsAgree() {
	var toks = ["a", "sync.rwmutex", "三色", "é", "\u{20000}\u{20001}",
	    "go_1.22", "ﬁ", "0", "\u00ff\u0100"], out, ctx;

	if (!fs.existsSync(EMITTER))
		return;
	out = cp.execFileSync(EMITTER, ["--shards", "1024"].concat(toks),
	    { encoding: "utf8" }).trim().split("\n");
	ctx = context(buildIndex({ records: recs(1), tokens: {} }));
	test("shards_agree_with_c", function () {
		eq(out.map(function (l) {
			return +l.slice(l.lastIndexOf(" ") + 1);
		}), toks.map(function (t) {
			return ctx.HBSearch._shardOf(t, 1024);
		}));
	});
}

runTable();
shardsAgree();

H.done();
