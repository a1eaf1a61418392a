/* Node tests for theme/search-tokenize.js: every case of the shared table
 * tests/search/tokens.tsv (also run against src/tokenize.c by
 * tests/unit/test_tokenize.c) counts as one test; then JS-only checks of
 * UTF-16 offsets, lone surrogates and loading as a classic script.
 * Run: node tests/js/tokenize.test.js (plain node, no packages). */
"use strict";

var fs = require("fs");
var path = require("path");
var vm = require("vm");

var root = path.join(__dirname, "..", "..");
var SRC = path.join(root, "theme", "search-tokenize.js");
var TABLE = path.join(root, "tests", "search", "tokens.tsv");
var HBTokenize = require(SRC);

var H = require("../harness").reporter("js/tokenize");
var test = H.test;
var eq = H.eq;

/* The table's escapes: \t \n \r \\ \u{HEX}. */
function unescape(s) {
	var out = "", i = 0, j, cp;

	while (i < s.length) {
		if (s[i] !== "\\") {
			out += s[i++];
			continue;
		}
		switch (s[i + 1]) {
		case "t": out += "\t"; break;
		case "n": out += "\n"; break;
		case "r": out += "\r"; break;
		case "\\": out += "\\"; break;
		case "u":
			j = s.indexOf("}", i + 3);
			if (s[i + 2] !== "{" || j < 0 ||
			    !/^[0-9A-Fa-f]{1,6}$/.test(s.substring(i + 3, j)))
				throw new Error("malformed escape in input");
			cp = parseInt(s.substring(i + 3, j), 16);
			if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
				throw new Error("malformed escape in input");
			out += String.fromCodePoint(cp);
			i = j + 1;
			continue;
		default:
			throw new Error("malformed escape in input");
		}
		i += 2;
	}
	return out;
}

function render(toks) {
	return toks.map(function (t) {
		return t.t + "/" + t.kind + "/" + t.pos;
	}).join(" ");
}

function runTable() {
	var lines = fs.readFileSync(TABLE, "utf8").split("\n");
	var cases = 0;

	lines.forEach(function (raw, idx) {
		var line = raw.replace(/\r$/, "");

		if (line === "" || line[0] === "#")
			return;
		cases++;
		test("tokens.tsv:" + (idx + 1), function () {
			var f = line.split("\t"), want, got;

			if (f.length !== 3)
				throw new Error(
				    "want MODE<TAB>INPUT<TAB>EXPECTED");
			if (f[0] !== "index" && f[0] !== "query")
				throw new Error(
				    "mode is neither index nor query");
			want = f[2] === "-" ? "" : f[2];
			got = render(HBTokenize.tokenize(unescape(f[1]), f[0]));
			if (got !== want)
				throw new Error(f[0] + " " +
				    JSON.stringify(f[1]) +
				    "\n  got  " + (got || "-") +
				    "\n  want " + (want || "-"));
		});
	});
	return cases;
}

/* [text, off, len] per token. */
function spans(s, mode) {
	return HBTokenize.tokenize(s, mode || "query").map(function (t) {
		return [t.t, t.off, t.len];
	});
}

var cases = runTable();

test("table_is_big_enough", function () {
	if (cases < 60)
		throw new Error(cases + " cases, want at least 60");
});

test("offsets_mixed", function () {
	eq(spans("Go 的 GMP 调度"),
	    [["go", 0, 2], ["的", 3, 1], ["gmp", 5, 3], ["调度", 9, 2]]);
});

test("offsets_full_width", function () {
	eq(spans("ＧＭＰ　调度"), [["gmp", 0, 3], ["调度", 4, 2]]);
});

test("offsets_identifier_parts", function () {
	eq(spans("x sync.Map.", "index"), [["x", 0, 1], ["sync.map", 2, 8],
	    ["sync", 2, 4], ["map", 7, 3]]);
});

test("offsets_astral_surrogate_pairs", function () {
	eq(spans("a\u{20000}\u{20001}", "index"), [["a", 0, 1],
	    ["\u{20000}", 1, 2], ["\u{20000}\u{20001}", 1, 4],
	    ["\u{20001}", 3, 2]]);
	eq(spans("\u{1F600}x"), [["x", 2, 1]]);
});

test("normalized_length_differs_from_source", function () {
	eq(spans("(\u0130x)"), [["ix", 1, 2]]);
});

test("lone_surrogates_separate", function () {
	eq(spans("ab\ud800cd"), [["ab", 0, 2], ["cd", 3, 2]]);
	eq(spans("\udc00中\ud83d"), [["中", 1, 1]]);
	eq(spans("中\ud800文"), [["中", 0, 1], ["文", 2, 1]]);
});

test("non_string_input", function () {
	eq(HBTokenize.tokenize(null, "query"), []);
	eq(HBTokenize.tokenize(undefined), []);
	eq(render(HBTokenize.tokenize(1024, "query")), "1024/word/0");
});

test("mode_defaults_to_index", function () {
	eq(render(HBTokenize.tokenize("锁定")),
	    "锁/cjk1/0 锁定/cjk2/0 定/cjk1/1");
});

/* Token objects carry exactly t, kind, pos, off, len. */
test("token_shape", function () {
	eq(Object.keys(HBTokenize.tokenize("sync.Map", "query")[0]).sort(),
	    ["kind", "len", "off", "pos", "t"]);
});

/* Positions never decrease; every token fits MAX_BYTES and, for CJK,
 * is the very substring it points at. */
test("invariants_on_mixed_text", function () {
	var parts = ["Go 的 GMP 调度模型", "sync.Map", "，", " ", "ＧＭＰ",
		"0.29.0.gfm.13", "\ud800", "😀", "三色标记", "end.", "İ",
		"\u{20000}", "kube-apiserver", "\n", "ゴルーチン"];
	var s = "", seed = 1, i, toks, last = 0;

	for (i = 0; i < 20000; i++) {
		seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
		s += parts[(seed >>> 16) % 15];
	}
	toks = HBTokenize.tokenize(s, "index");
	if (toks.length <= 20000)
		throw new Error("only " + toks.length + " tokens");
	toks.forEach(function (t) {
		if (t.pos < last || Buffer.byteLength(t.t) > 64 ||
		    t.t.length === 0 || t.off + t.len > s.length ||
		    ((t.kind === "cjk1" || t.kind === "cjk2") &&
		    s.substr(t.off, t.len) !== t.t))
			throw new Error("bad token " + JSON.stringify(t));
		last = t.pos;
	});
});

/* The file must work as a plain <script> from file://: evaluated in a
 * fresh context without module, it defines the global HBTokenize. */
test("loads_as_classic_script", function () {
	var src = fs.readFileSync(SRC, "utf8");
	var ctx = {};

	vm.runInNewContext(src, ctx, { filename: SRC });
	if (typeof ctx.HBTokenize !== "object")
		throw new Error("no global HBTokenize");
	eq(render(ctx.HBTokenize.tokenize("M:N", "query")),
	    "m:n/ident/0 m/part/0 n/part/1");
});

/* ES5 syntax only (older embedded browsers): no let/const/class, arrows,
 * template strings or \u{...} escapes in the code. */
test("es5_syntax", function () {
	var code = fs.readFileSync(SRC, "utf8")
	    .replace(/\/\*[\s\S]*?\*\//g, "")
	    .replace(/"(?:[^"\\\n]|\\.)*"/g, "\"\"");
	var m = code.match(/\b(let|const|class)\b|=>|`|\\u\{/);

	if (m)
		throw new Error("non-ES5 syntax: " + m[0]);
});

H.done();
