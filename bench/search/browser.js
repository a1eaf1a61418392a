/* Search benchmark in headless Chromium from file:// (issue #5).
 *
 *   node bench/search/browser.js SITE [QUERY...]
 *
 * SITE is a built handbook (SITE/index.html loads the search scripts),
 * or any folder holding assets/search/ from test_search --emit-content,
 * in which case a bare page with the search box of templates/base.html
 * is written as SITE/bench.html (the theme scripts are copied beside).
 * For every query, on a fresh page (cold: nothing cached but the page
 * itself; the query is typed BENCH_FOCUS_MS, default 300, after the box
 * got the focus) and then again on one page that ran every query before
 * (warm), it types the query one character at a time and measures each
 * keystroke to results: from the input event to the results being in
 * the DOM, then to the next frame. Bytes loaded are the sizes of the
 * index scripts the query added to the page. Prints a table and, with
 * BENCH_JSON=file, writes the numbers as JSON. */
"use strict";

var fs = require("fs");
var path = require("path");

var root = path.join(__dirname, "..", "..");
var pw = require(path.join(root, "tests", "e2e", "node_modules",
    "playwright-core"));

/* ms between focusing the box and the first keystroke on a cold page */
var PAUSE = +(process.env.BENCH_FOCUS_MS || 300);

var QUERIES = ["三色标记", "写屏障", "goroutine", "gorout", "sync.Map",
    "RWMutex", "raft", "leader 选举", "日志复制", "kube-apiserver",
    "Prometheus", "逃逸分析", "内存泄漏", "context 取消", "defer", "pprof",
    "channel 阻塞", "the runtime scheduler", "GC 三色标记", "服务发现",
    "锁", "etcd 一致性"];

function harness(site) {
	var page = path.join(site, "bench.html"), dir = path.join(site,
	    "assets", "search"), entry = fs.readdirSync(dir).filter(function (f) {
		return /^index\.(.*\.)?js$/.test(f);
	})[0];

	["search-tokenize.js", "search.js"].forEach(function (f) {
		fs.copyFileSync(path.join(root, "theme", f),
		    path.join(site, "assets", f));
	});
	fs.writeFileSync(page, "<!doctype html>\n<html><head>" +
	    "<meta charset=\"utf-8\"><title>search bench</title></head>\n" +
	    "<body data-root=\"\">\n<div class=\"search\" role=\"search\">\n" +
	    "<input type=\"search\" id=\"search-input\" role=\"combobox\" " +
	    "aria-expanded=\"false\" aria-controls=\"search-results\" " +
	    "aria-autocomplete=\"list\" autocomplete=\"off\" " +
	    "aria-label=\"Search\">\n<div id=\"search-results\" " +
	    "role=\"listbox\" hidden></div>\n</div>\n" +
	    "<script type=\"application/json\" id=\"hb-i18n\">{}</script>\n" +
	    "<script src=\"assets/search-tokenize.js\"></script>\n" +
	    "<script src=\"assets/search.js\"></script>\n" +
	    "<script src=\"assets/search/" + entry + "\"></script>\n" +
	    "</body></html>\n");
	return page;
}

/* In the page: types q and resolves with per-keystroke timings. */
function typeQuery(arg) {
	var q = arg.q, pause = arg.pause;
	var input = document.getElementById("search-input");
	var chars = Array.from(q), times = [], k = 0;

	function scripts() {
		return Array.prototype.map.call(
		    document.querySelectorAll("script[src*='assets/search/']"),
		    function (s) {
			return s.getAttribute("src");
		    });
	}
	var before = scripts();

	return new Promise(function (resolve) {
		function next() {
			var text, t0, done = false;

			if (k >= chars.length) {
				var after = scripts().filter(function (s) {
					return before.indexOf(s) < 0;
				});
				resolve({ times: times, scripts: after,
				    results: document.querySelectorAll(
				    "#search-results a.result").length,
				    first: (document.querySelector(
				    "#search-results a.result .result-title") ||
				    {}).textContent || null });
				return;
			}
			text = chars.slice(0, ++k).join("");
			if (!/\S/.test(text))
				return next();
			function onResults(e) {
				var t1;

				if (e.detail.query !== text || done)
					return;
				done = true;
				input.removeEventListener("hbsearch:results",
				    onResults);
				t1 = performance.now();
				requestAnimationFrame(function () {
					times.push([t1 - t0, performance.now() - t0]);
					setTimeout(next, 0);
				});
			}
			input.addEventListener("hbsearch:results", onResults);
			input.value = text;
			t0 = performance.now();
			input.dispatchEvent(new Event("input", { bubbles: true }));
		}
		input.focus();
		input.value = "";
		input.dispatchEvent(new Event("input", { bubbles: true }));
		/* a person takes a moment between focusing and typing; the
		 * page uses it to prefetch the metadata */
		setTimeout(next, pause);
	});
}

function pct(a, p) {
	var s = a.slice().sort(function (x, y) {
		return x - y;
	});

	if (!s.length)
		return NaN;
	return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

function fmt(v, w) {
	var s = typeof v === "number" ? (isNaN(v) ? "-" : v < 100 &&
	    v % 1 ? v.toFixed(1) : String(Math.round(v))) : String(v);

	while (s.length < w)
		s = " " + s;
	return s;
}

async function main() {
	var site = path.resolve(process.argv[2] || ""), queries =
	    process.argv.slice(3), page, url, browser, ctx, p, errors = [],
	    rows = [], k, r, dir = path.join(site, "assets", "search");

	if (!queries.length)
		queries = QUERIES;
	page = fs.existsSync(path.join(site, "index.html")) &&
	    /search-input/.test(fs.readFileSync(path.join(site, "index.html"),
	    "utf8")) ? path.join(site, "index.html") : harness(site);
	/* Search from a question page: the home page of a 500-document
	 * handbook is half a megabyte of HTML whose layout would be timed
	 * too. BENCH_PAGE picks another page (relative to SITE). */
	if (process.env.BENCH_PAGE)
		page = path.join(site, process.env.BENCH_PAGE);
	else if (/index\.html$/.test(page) &&
	    fs.existsSync(path.join(site, "q")))
		page = path.join(site, "q", fs.readdirSync(path.join(site,
		    "q")).sort()[0]);
	url = "file://" + page;
	browser = await pw.chromium.launch({ executablePath: "/usr/bin/chromium",
	    args: ["--headless", "--no-sandbox", "--disable-gpu",
	    "--no-first-run", "--disable-background-networking",
	    "--disable-component-update", "--disable-sync"] });
	ctx = await browser.newContext();

	function size(src) {
		var f = path.join(dir, path.basename(src.split("?")[0]));

		return fs.existsSync(f) ? fs.statSync(f).size : 0;
	}

	/* cold: a fresh page per query */
	for (k = 0; k < queries.length; k++) {
		p = await ctx.newPage();
		p.on("pageerror", function (e) {
			errors.push(String(e));
		});
		await p.goto(url);
		r = await p.evaluate(typeQuery, { q: queries[k], pause: PAUSE });
		rows.push({ q: queries[k], cold: r,
		    bytes: r.scripts.reduce(function (a, s) {
			return a + size(s);
		    }, 0) });
		await p.close();
	}
	/* warm: one page, every query in turn */
	p = await ctx.newPage();
	p.on("pageerror", function (e) {
		errors.push(String(e));
	});
	await p.goto(url);
	for (k = 0; k < queries.length; k++) {
		r = await p.evaluate(typeQuery, { q: queries[k], pause: 0 });
		rows[k].warm = r;
		rows[k].warmBytes = r.scripts.reduce(function (a, s) {
			return a + size(s);
		}, 0);
	}
	await browser.close();

	var total = fs.readdirSync(dir).reduce(function (a, f) {
		return a + fs.statSync(path.join(dir, f)).size;
	}, 0), entry = fs.readdirSync(dir).filter(function (f) {
		return /^index\./.test(f);
	}).map(function (f) {
		return fs.statSync(path.join(dir, f)).size;
	})[0];
	var all = { last: [], every: [], warmLast: [], warmEvery: [],
	    bytes: [], warmBytes: [] };

	console.log("page: " + path.relative(site, page));
	console.log("query                    results  last key ms  max key ms" +
	    "  warm last  warm max   KB loaded  warm KB");
	rows.forEach(function (row) {
		var c = row.cold.times, w = row.warm.times, lastC = c[c.length - 1],
		    lastW = w[w.length - 1], maxC = Math.max.apply(null, c.map(
		    function (t) {
			return t[1];
		    })), maxW = Math.max.apply(null, w.map(function (t) {
			return t[1];
		    })), name = row.q;

		c.forEach(function (t) {
			all.every.push(t[1]);
		});
		w.forEach(function (t) {
			all.warmEvery.push(t[1]);
		});
		all.last.push(lastC[1]);
		all.warmLast.push(lastW[1]);
		all.bytes.push(row.bytes);
		all.warmBytes.push(row.warmBytes);
		while (Buffer.byteLength(name) - (name.length -
		    name.replace(/[^\x00-\x7f]/g, "").length) < 24)
			name += " ";
		console.log(name + fmt(row.cold.results, 8) +
		    fmt(lastC[1], 13) + fmt(maxC, 12) + fmt(lastW[1], 11) +
		    fmt(maxW, 10) + fmt(row.bytes / 1024, 12) +
		    fmt(row.warmBytes / 1024, 9));
	});
	console.log("");
	console.log("keystroke to results (ms, to the next frame):");
	console.log("  cold page, every keystroke: median " +
	    fmt(pct(all.every, 0.5), 0) + ", p95 " + fmt(pct(all.every, 0.95), 0) +
	    ", max " + fmt(Math.max.apply(null, all.every), 0));
	console.log("  cold page, last keystroke:  median " +
	    fmt(pct(all.last, 0.5), 0) + ", p95 " + fmt(pct(all.last, 0.95), 0));
	console.log("  warm page, every keystroke: median " +
	    fmt(pct(all.warmEvery, 0.5), 0) + ", p95 " +
	    fmt(pct(all.warmEvery, 0.95), 0) + ", max " +
	    fmt(Math.max.apply(null, all.warmEvery), 0));
	console.log("bytes loaded per query (cold page, entry script " +
	    entry + " B not counted): median " +
	    fmt(pct(all.bytes, 0.5) / 1024, 0) + " KB, max " +
	    fmt(Math.max.apply(null, all.bytes) / 1024, 0) + " KB; warm median " +
	    fmt(pct(all.warmBytes, 0.5) / 1024, 0) + " KB");
	console.log("total index: " + fs.readdirSync(dir).length + " files, " +
	    (total / 1e6).toFixed(2) + " MB (" + total + " bytes)");
	if (errors.length)
		console.log("page errors:\n  " + errors.join("\n  "));
	if (process.env.BENCH_JSON)
		fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({
		    rows: rows, total: total, errors: errors }, null, 1));
	return errors.length ? 1 : 0;
}

main().then(function (rc) {
	process.exit(rc);
}, function (e) {
	console.error(e);
	process.exit(1);
});
