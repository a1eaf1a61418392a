/* Search tokenizer for the browser: the same algorithm as src/tokenize.c,
 * which states it in src/tokenize.h. Change both, and
 * tests/search/tokens.tsv, together.
 *
 * A classic script (no modules, ES5 syntax) so that it works from file://.
 * It defines the global HBTokenize:
 *
 *   HBTokenize.tokenize(text, mode) -> [{t, kind, pos, off, len}, ...]
 *     mode  "index" or "query" (HBTokenize.INDEX / HBTokenize.QUERY);
 *           anything else is "index"
 *     t     normalized token text
 *     kind  "word", "ident", "part", "cjk2" or "cjk1"
 *     pos   ordinal position (src/tokenize.h, rule 5)
 *     off, len  the token's span in text, in UTF-16 code units (string
 *           indices), where the C side reports UTF-8 bytes
 *
 * In node it is also exported with module.exports. */
var HBTokenize = (function () {
	"use strict";

	var MAX = 64;		/* HB_TOKEN_MAX: bytes of normalized UTF-8 */
	var SEP = 0, WORD = 1, CONN = 2, CJK = 3;

	/* hb_is_cjk() of src/str.c. */
	function isCjk(cp) {
		return (cp >= 0x2e80 && cp <= 0x2fdf) ||
		    (cp >= 0x3040 && cp <= 0x30ff) ||
		    (cp >= 0x3100 && cp <= 0x31bf) ||
		    (cp >= 0x3400 && cp <= 0x4dbf) ||
		    (cp >= 0x4e00 && cp <= 0x9fff) ||
		    (cp >= 0xac00 && cp <= 0xd7af) ||
		    (cp >= 0xf900 && cp <= 0xfaff) ||
		    (cp >= 0x20000 && cp <= 0x3134f);
	}

	/* hb_fold_width() of src/str.c. */
	function foldWidth(cp) {
		if (cp >= 0xff01 && cp <= 0xff5e)
			return cp - 0xff01 + 0x21;
		if (cp === 0x3000)
			return 0x20;
		return cp;
	}

	function lower(cp) {
		if (cp >= 0x41 && cp <= 0x5a)
			return cp + 0x20;
		if (cp < 0xc0 || cp > 0x17e)
			return cp;
		if (cp <= 0xde)
			return cp === 0xd7 ? cp : cp + 0x20;
		if (cp < 0x100)
			return cp;
		if (cp === 0x130)
			return 0x69;
		if (cp === 0x178)
			return 0xff;
		if ((cp <= 0x12f || (cp >= 0x132 && cp <= 0x137) ||
		    (cp >= 0x14a && cp <= 0x177)) && cp % 2 === 0)
			return cp + 1;
		if (((cp >= 0x139 && cp <= 0x148) || cp >= 0x179) &&
		    cp % 2 === 1)
			return cp + 1;
		return cp;
	}

	function classify(cp) {
		if (cp < 0x80) {
			if ((cp >= 0x61 && cp <= 0x7a) ||
			    (cp >= 0x30 && cp <= 0x39))
				return WORD;
			/* . _ - : / */
			if (cp === 0x2e || cp === 0x5f || cp === 0x2d ||
			    cp === 0x3a || cp === 0x2f)
				return CONN;
			return SEP;
		}
		if (cp >= 0xc0 && cp <= 0x24f)
			return cp === 0xd7 || cp === 0xf7 ? SEP : WORD;
		if (cp !== 0x30fb && isCjk(cp))
			return CJK;
		return SEP;
	}

	/* Decodes the code point at s[i] into c (cp, len in code units, cls).
	 * A lone surrogate is a one-unit separator, like an invalid UTF-8
	 * byte in C. */
	function next(s, i, c) {
		var u = s.charCodeAt(i), v, cp;

		c.len = 1;
		if (u >= 0xd800 && u <= 0xdbff && i + 1 < s.length) {
			v = s.charCodeAt(i + 1);
			if (v >= 0xdc00 && v <= 0xdfff) {
				c.len = 2;
				u = 0x10000 + ((u - 0xd800) << 10) +
				    (v - 0xdc00);
			}
		}
		if (u >= 0xd800 && u <= 0xdfff) {
			c.cp = 0xfffd;
			c.cls = SEP;
			return;
		}
		cp = lower(foldWidth(u));
		c.cp = cp;
		c.cls = classify(cp);
	}

	function utf8Len(cp) {
		return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	}

	function chr(cp) {
		if (cp < 0x10000)
			return String.fromCharCode(cp);
		cp -= 0x10000;
		return String.fromCharCode(0xd800 + (cp >> 10),
		    0xdc00 + (cp & 0x3ff));
	}

	/* The struct tokbuf of the C side: stops growing once over-long. */
	function Tokbuf() {
		this.s = "";
		this.bytes = 0;
		this.over = false;
	}

	Tokbuf.prototype.put = function (cp) {
		var k = utf8Len(cp);

		if (this.over)
			return;
		if (this.bytes + k > MAX) {
			this.over = true;
			return;
		}
		this.s += chr(cp);
		this.bytes += k;
	};

	function out(t, b, off, end, pos, kind) {
		if (b.over || b.bytes === 0)
			return;
		t.toks.push({ t: b.s, kind: kind, pos: pos, off: off,
		    len: end - off });
	}

	function outCjk(t, off, end, pos, kind) {
		t.toks.push({ t: t.s.substring(off, end), kind: kind, pos: pos,
		    off: off, len: end - off });
	}

	function latin(t, i) {
		var s = t.s, n = s.length, start = i, end, seg, j, k;
		var nseg = 0, whole = new Tokbuf(), part;
		var c = { cp: 0, len: 0, cls: SEP };
		var d = { cp: 0, len: 0, cls: SEP };

		for (;;) {
			while (i < n) {
				next(s, i, c);
				if (c.cls !== WORD)
					break;
				whole.put(c.cp);
				i += c.len;
			}
			nseg++;
			if (i >= n || c.cls !== CONN)
				break;
			j = i + c.len;
			if (j >= n)
				break;
			next(s, j, d);
			if (d.cls !== WORD)
				break;
			whole.put(c.cp);
			i = j;
		}
		end = i;
		if (nseg === 1) {
			out(t, whole, start, end, t.pos, "word");
			t.pos++;
			return end;
		}
		out(t, whole, start, end, t.pos, "ident");
		i = start;
		for (k = 0; k < nseg; k++) {
			seg = i;
			part = new Tokbuf();
			while (i < end) {
				next(s, i, c);
				if (c.cls !== WORD)
					break;
				part.put(c.cp);
				i += c.len;
			}
			out(t, part, seg, i, t.pos + k, "part");
			if (i < end)
				i += c.len;
		}
		t.pos += nseg;
		return end;
	}

	function cjk(t, i, first) {
		var s = t.s, n = s.length, prev = i, prevLen = first.len;
		var j = 0, p = t.pos, index = !t.query;
		var c = { cp: 0, len: 0, cls: SEP };

		if (index)
			outCjk(t, i, i + first.len, p, "cjk1");
		i += first.len;
		while (i < n) {
			next(s, i, c);
			if (c.cls !== CJK)
				break;
			j++;
			outCjk(t, prev, i + c.len, p + j - 1, "cjk2");
			if (index)
				outCjk(t, i, i + c.len, p + j, "cjk1");
			prev = i;
			prevLen = c.len;
			i += c.len;
		}
		if (j === 0 && !index)
			outCjk(t, prev, prev + prevLen, p, "cjk1");
		t.pos = p + j + 1;
		return i;
	}

	function tokenize(text, mode) {
		var s = text == null ? "" : String(text);
		var t = { s: s, query: mode === "query", pos: 0, toks: [] };
		var c = { cp: 0, len: 0, cls: SEP }, i = 0, n = s.length;

		while (i < n) {
			next(s, i, c);
			if (c.cls === WORD)
				i = latin(t, i);
			else if (c.cls === CJK)
				i = cjk(t, i, { cp: c.cp, len: c.len,
				    cls: c.cls });
			else
				i += c.len;
		}
		return t.toks;
	}

	return {
		INDEX: "index",
		QUERY: "query",
		MAX_BYTES: MAX,
		isCjk: isCjk,
		tokenize: tokenize
	};
})();

if (typeof module !== "undefined" && module.exports)
	module.exports = HBTokenize;
