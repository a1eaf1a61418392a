/* handbook: the reader's way around the book (issue #11): the sidebar
 * tree drawn from window.HB_NAV (assets/nav.*.js, one file for the
 * whole site, written by src/nav.c), the phone drawer, the "on this
 * page" highlight, and prev/next keys. A classic script (works from
 * file://); without it pages still link home and up through their
 * breadcrumbs. Its only global is window.HB.reader. */
(function () {
	'use strict';
	var doc = document, body = doc.body;
	if (!body) return;
	var HB = window.HB = window.HB || {};
	function t(k) { return HB.t ? HB.t(k) : k; }
	function $$(sel, ctx) { return Array.prototype.slice.call((ctx || doc).querySelectorAll(sel)); }
	function make(tag, cls, text) {
		var el = doc.createElement(tag);
		if (cls) el.className = cls;
		if (text != null) el.textContent = text;
		return el;
	}
	function decode(s) { try { return decodeURIComponent(s); } catch (e) { return s; } }
	var root = body.getAttribute('data-root') || '';
	function pathOf(href) { return decode(new URL(href, location.href).pathname); }
	var here = decode(location.pathname);
	function isHere(u) { return pathOf(root + u) === here; }
	function qUrl(id) { return 'q/' + encodeURIComponent(id) + '.html'; }

	/* ---- the tree ---- */
	var nav = doc.getElementById('site-nav');
	var data = window.HB_NAV && window.HB_NAV.n;
	var store = {
		get: function () { try { return JSON.parse(sessionStorage.getItem('hb-nav-open') || '{}') || {}; } catch (e) { return {}; } },
		set: function (v) { try { sessionStorage.setItem('hb-nav-open', JSON.stringify(v)); } catch (e) { /* memory only */ } }
	};
	var opened = store.get();

	/* Flat entries with depths -> nodes with children. */
	function tree(list) {
		var top = { kids: [] }, stack = [top], i, e, n;
		for (i = 0; i < list.length; i++) {
			e = list[i];
			n = { depth: e[0], title: e[1], url: e[2], count: e[3], kids: [], parent: null };
			if (e.length > 4) { n.doc = true; n.qs = e[4]; n.single = !!e[5]; }
			while (stack.length > n.depth + 1) stack.pop();
			n.parent = stack[stack.length - 1];
			n.parent.kids.push(n);
			if (!n.doc) stack.push(n);
		}
		return top.kids;
	}

	/* The current page's node: a section, a document, or a question
	 * of a document (q is its index). */
	function findCurrent(nodes) {
		var stack = nodes.slice(), n, k;
		while (stack.length) {
			n = stack.shift();
			if (isHere(n.url)) return { node: n, q: -1 };
			if (n.doc && n.qs)
				for (k = 0; k + 1 < n.qs.length; k += 2)
					if (isHere(qUrl(n.qs[k]))) return { node: n, q: n.single ? -1 : k / 2 };
			Array.prototype.unshift.apply(stack, n.kids);
		}
		return null;
	}

	var current = null, currentLink = null;

	function link(n, cls) {
		var a = make('a', cls, n.title);
		a.href = root + n.url;
		if (current && current.node === n && current.q < 0) {
			a.setAttribute('aria-current', 'page');
			currentLink = a;
		}
		return a;
	}

	function questions(n) {
		var ol = make('ol', 'nav-qs'), k, li, a, onDoc = isHere(n.url);
		for (k = 0; k + 1 < n.qs.length; k += 2) {
			li = ol.appendChild(make('li'));
			a = li.appendChild(make('a', null, n.qs[k + 1]));
			/* On the document's own page its questions are anchors. */
			a.href = onDoc ? '#' + encodeURIComponent(n.qs[k]) : root + qUrl(n.qs[k]);
			if (current && current.node === n && current.q === k / 2) {
				a.setAttribute('aria-current', 'page');
				currentLink = a;
			}
		}
		return ol;
	}

	function isOpen(n) {
		if (Object.prototype.hasOwnProperty.call(opened, n.url)) return !!opened[n.url];
		return n.onPath || small;
	}

	function entry(n) {
		var li = make('li', n.doc ? 'nav-doc' : 'nav-sec'), row, btn, ul;
		if (n.doc) {
			li.appendChild(link(n));
			if (n.count > 0 && !n.single) li.appendChild(make('span', 'nav-count', String(n.count)));
			if (current && current.node === n && !n.single && n.qs.length) li.appendChild(questions(n));
			return li;
		}
		row = li.appendChild(make('div', 'nav-row'));
		btn = row.appendChild(make('button', 'nav-fold'));
		btn.type = 'button';
		btn.setAttribute('aria-label', t('toggle_section') + ': ' + n.title);
		row.appendChild(link(n));
		if (n.count > 0) row.appendChild(make('span', 'nav-count', String(n.count)));
		function set(open) {
			btn.setAttribute('aria-expanded', open ? 'true' : 'false');
			if (open && !ul) {
				ul = li.appendChild(make('ul'));
				n.kids.forEach(function (k) { ul.appendChild(entry(k)); });
			}
			if (ul) ul.hidden = !open;
		}
		btn.addEventListener('click', function () {
			var open = btn.getAttribute('aria-expanded') !== 'true';
			opened[n.url] = open ? 1 : 0;
			store.set(opened);
			set(open);
		});
		set(isOpen(n));
		return li;
	}

	var small = false;
	if (nav && Array.isArray(data)) {
		var nodes = tree(data);
		small = data.length <= 40;
		current = findCurrent(nodes);
		for (var p = current && current.node; p && p.url; p = p.parent) p.onPath = true;
		var ul = make('ul', 'nav-tree');
		nodes.forEach(function (n) { ul.appendChild(entry(n)); });
		nav.appendChild(ul);
		body.classList.add('has-nav');
		/* The current entry in view inside the sidebar (not the page). */
		if (currentLink) {
			var nr = nav.getBoundingClientRect(), lr = currentLink.getBoundingClientRect();
			if (lr.bottom > nr.bottom || lr.top < nr.top) nav.scrollTop += lr.top - nr.top - nr.height / 3;
		}
	}

	/* ---- phone drawer ---- */
	var toggle = doc.querySelector('.nav-toggle');
	function drawer(open) {
		body.classList.toggle('nav-open', open);
		if (toggle) toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
		if (open && nav) {
			var f = nav.querySelector('[aria-current="page"]') || nav.querySelector('a');
			if (f) f.focus();
		}
	}
	if (toggle && nav) {
		toggle.addEventListener('click', function () { drawer(!body.classList.contains('nav-open')); });
		nav.addEventListener('click', function (e) { if (e.target.closest && e.target.closest('a')) drawer(false); });
		doc.addEventListener('click', function (e) {
			if (body.classList.contains('nav-open') && !nav.contains(e.target) && !toggle.contains(e.target)) drawer(false);
		});
		doc.addEventListener('keydown', function (e) {
			if (e.key === 'Escape' && body.classList.contains('nav-open')) { drawer(false); toggle.focus(); }
		});
	}

	/* ---- permalinks: a "#" beside every question heading on a page
	 * of several (document and section pages) ---- */
	$$('article.question > .q-head > h2.q-title').forEach(function (h) {
		var q = h.closest('article.question'), a = make('a', 'q-anchor', '#');
		if (!q.id) return;
		a.href = '#' + encodeURIComponent(q.id);
		a.setAttribute('aria-label', t('permalink'));
		h.appendChild(doc.createTextNode(' '));
		h.appendChild(a);
	});

	/* ---- on this page: the question in view ---- */
	/* Each anchor once, in page order, with every link to it (the
	 * table of contents and the sidebar's questions). */
	var targets = [], byId = {};
	$$('.toc a[href^="#"], .nav-qs a[href^="#"]').forEach(function (a) {
		var id = decode(a.getAttribute('href').slice(1)), el = doc.getElementById(id);
		if (!el) return;
		if (!byId[id]) targets.push(byId[id] = { el: el, links: [] });
		byId[id].links.push(a);
	});
	targets.sort(function (x, y) { return x.el.compareDocumentPosition(y.el) & 4 ? -1 : 1; });
	/* Where a followed anchor puts its target: the root's scroll-padding
	 * plus the target's scroll-margin (about 147px with the default
	 * theme). A fixed line above that marked the entry before the one
	 * a reader had just jumped to. */
	function stop(el) {
		var px = function (v) { return parseFloat(v) || 0; };
		return px(getComputedStyle(doc.documentElement).scrollPaddingTop) +
			px(getComputedStyle(el).scrollMarginTop);
	}
	function spy() {
		var best = null, i, r;
		for (i = 0; i < targets.length; i++) {
			r = targets[i].el.getBoundingClientRect();
			if (r.top <= stop(targets[i].el) + 24) best = targets[i];
			else break;
		}
		if (!best && targets.length) best = targets[0];
		targets.forEach(function (x) {
			x.links.forEach(function (a) {
				if (x === best) a.setAttribute('aria-current', 'location');
				else a.removeAttribute('aria-current');
			});
		});
	}
	if (targets.length) {
		var pending = false;
		window.addEventListener('scroll', function () {
			if (pending) return;
			pending = true;
			(window.requestAnimationFrame || setTimeout)(function () { pending = false; spy(); });
		}, { passive: true });
		window.addEventListener('hashchange', spy);
		spy();
	}

	/* ---- prev/next: arrow keys (and j/k where the page has no
	 * questions to step through) ---- */
	doc.addEventListener('keydown', function (e) {
		if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
		var a = doc.activeElement;
		if (a && (/^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName) || a.isContentEditable)) return;
		var rel = null;
		if (e.key === 'ArrowRight') rel = 'next';
		else if (e.key === 'ArrowLeft') rel = 'prev';
		else if ((e.key === 'j' || e.key === 'k') && !doc.querySelector('article.question')) rel = e.key === 'j' ? 'next' : 'prev';
		if (!rel) return;
		var l = doc.querySelector('.pager a[rel="' + rel + '"]');
		if (!l) return;
		e.preventDefault();
		location.href = l.href;
	});

	/* ---- the words a search result was opened for (?hl=, from
	 * theme/search.js): marked where the page holds them, the first
	 * one scrolled to (its folded answer opened) ---- */
	function highlight() {
		var m = /[?&]hl=([^&#]*)/.exec(location.search), words = {}, main = doc.getElementById('main');
		if (!m || !main || !window.HBTokenize) return;
		decode(m[1].replace(/\+/g, ' ')).split(/\s+/).forEach(function (w) { if (w) words[w] = 1; });
		var walker = doc.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
			acceptNode: function (n) {
				return n.parentNode.closest('script, style, mark, button, .choices') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
			}
		}), nodes = [], n;
		while ((n = walker.nextNode())) if (/\S/.test(n.data)) nodes.push(n);
		var marks = [];
		nodes.forEach(function (node) {
			var text = node.data, spans = [], at = 0, frag;
			HBTokenize.tokenize(text, 'index').forEach(function (tk) {
				if (words[tk.t] !== 1) return;
				var last = spans[spans.length - 1];
				if (last && tk.off <= last[1]) last[1] = Math.max(last[1], tk.off + tk.len);
				else spans.push([tk.off, tk.off + tk.len]);
			});
			if (!spans.length) return;
			frag = doc.createDocumentFragment();
			spans.forEach(function (sp) {
				if (sp[0] > at) frag.appendChild(doc.createTextNode(text.substring(at, sp[0])));
				var mk = frag.appendChild(make('mark', 'search-hit', text.substring(sp[0], sp[1])));
				marks.push(mk);
				at = sp[1];
			});
			if (at < text.length) frag.appendChild(doc.createTextNode(text.substring(at)));
			node.parentNode.replaceChild(frag, node);
		});
		if (!marks.length) return;
		/* The first hit in the linked question (#id), else on the page. */
		var target = location.hash && doc.getElementById(decode(location.hash.slice(1)));
		var first = marks[0];
		if (target) for (var i = 0; i < marks.length; i++) if (target.contains(marks[i])) { first = marks[i]; break; }
		for (var p = first.parentNode; p && p !== main; p = p.parentNode)
			if (p.tagName === 'DETAILS' && !p.open) p.open = true;
		first.classList.add('is-first');
		first.scrollIntoView({ block: 'center' });
	}
	if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', highlight);
	else highlight();

	HB.reader = { current: function () { return currentLink; } };
})();
