/* Search benchmark in node (issue #5): the query engine of
 * theme/search.js on a built index, without a browser.
 *
 *   node bench/search/node.js SITE [QUERY...]
 *
 * SITE holds assets/search/ (a built handbook or the output of
 * test_search --emit-content). For each query: a fresh context that
 * loads the files the query needs and answers it (cold: file reads,
 * script compilation, JIT warm-up), then the same query answered again
 * 20 times in a context that has run every query (warm: the engine
 * alone). Snippet chunks are loaded and counted too. */
"use strict";

var fs = require("fs");
var path = require("path");
var vm = require("vm");

var root = path.join(__dirname, "..", "..");
var TOKENIZE = fs.readFileSync(path.join(root, "theme", "search-tokenize.js"),
    "utf8");
var SEARCH = fs.readFileSync(path.join(root, "theme", "search.js"), "utf8");
var QUERIES = ["三色标记", "写屏障", "goroutine", "gorout", "sync.Map",
    "RWMutex", "raft", "leader 选举", "日志复制", "kube-apiserver",
    "Prometheus", "逃逸分析", "内存泄漏", "context 取消", "defer", "pprof",
    "channel 阻塞", "the runtime scheduler", "GC 三色标记", "服务发现",
    "锁", "etcd 一致性"];

function context(dir, stats) {
	var ctx = { console: console, performance: performance }, entry;

	ctx.window = ctx;
	vm.createContext(ctx);
	vm.runInContext(TOKENIZE, ctx);
	vm.runInContext(SEARCH, ctx);
	entry = fs.readdirSync(dir).filter(function (f) {
		return /^index\.(.*\.)?js$/.test(f);
	})[0];
	vm.runInContext(fs.readFileSync(path.join(dir, entry), "utf8"), ctx);
	ctx.HBSearch._setLoader(function (name, done) {
		var p = path.join(dir, name), t;

		if (!fs.existsSync(p))
			return done(false);
		t = fs.readFileSync(p, "utf8");
		stats.bytes += Buffer.byteLength(t);
		stats.files++;
		vm.runInContext(t, ctx);
		done(true);
	});
	return ctx;
}

function run(ctx, q) {
	var out = null;

	ctx.HBSearch.search(q, {}, function (res) {
		out = res;
	});
	out.snippets(function () {});
	return out;
}

function median(a) {
	var s = a.slice().sort(function (x, y) {
		return x - y;
	});

	return s[Math.floor(s.length / 2)];
}

function pct(a, p) {
	var s = a.slice().sort(function (x, y) {
		return x - y;
	});

	return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

function pad(s, w, left) {
	s = String(s);
	while (s.replace(/[^\x00-\x7f]/g, "xx").length < w)
		s = left ? s + " " : " " + s;
	return s;
}

function main() {
	var site = path.resolve(process.argv[2] || ""), queries =
	    process.argv.slice(3), dir = path.join(site, "assets", "search"),
	    warmStats = { bytes: 0, files: 0 }, warm, cold = [], hot = [],
	    bytes = [], k, i, t0, st, ctx, res, times;

	if (!queries.length)
		queries = QUERIES;
	warm = context(dir, warmStats);
	warm.HBSearch._prefetch();
	queries.forEach(function (q) {
		run(warm, q);
	});
	console.log(pad("query", 24, true) + pad("results", 9) +
	    pad("cold ms", 9) + pad("warm ms", 9) + pad("KB", 7) +
	    pad("files", 7) + "  first result");
	for (k = 0; k < queries.length; k++) {
		st = { bytes: 0, files: 0 };
		t0 = performance.now();
		ctx = context(dir, st);
		ctx.HBSearch._prefetch();
		res = run(ctx, queries[k]);
		cold.push(performance.now() - t0);
		bytes.push(st.bytes);
		times = [];
		for (i = 0; i < 20; i++) {
			t0 = performance.now();
			run(warm, queries[k]);
			times.push(performance.now() - t0);
		}
		hot.push(median(times));
		console.log(pad(queries[k], 24, true) + pad(res.total, 9) +
		    pad(cold[k].toFixed(1), 9) + pad(hot[k].toFixed(2), 9) +
		    pad((st.bytes / 1024).toFixed(0), 7) + pad(st.files, 7) +
		    "  " + (res.results[0] ? res.results[0].title.slice(0, 40) :
		    "-"));
	}
	console.log("");
	console.log("node: cold (load + answer) median " +
	    median(cold).toFixed(1) + " ms, p95 " + pct(cold, 0.95).toFixed(1) +
	    " ms; warm (engine only) median " + median(hot).toFixed(2) +
	    " ms, p95 " + pct(hot, 0.95).toFixed(2) + " ms");
	console.log("node: bytes per query with the metadata: median " +
	    (median(bytes) / 1024).toFixed(0) + " KB, max " +
	    (Math.max.apply(null, bytes) / 1024).toFixed(0) + " KB");
}

main();
