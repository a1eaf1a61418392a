/* handbook: spaced-repetition practice (issue #14). A classic script
 * loaded after site.js; it works from file:// and keeps everything in
 * localStorage. Four parts, each usable on its own (window.HB.srs):
 *
 *   scheduler  FSRS-4.5 (docs/practice.md says why): pure functions of
 *              (card, grade, now) -> card; no clock, no DOM
 *   store      cards by question id in 'hb-srs'; export to a JSON file,
 *              import (merge) from one
 *   dashboard  home and practice page: due today, start, progress per
 *              document and per topic, export/import buttons
 *   reviewer   grade bars (Again/Hard/Good/Easy) on answered questions,
 *              keys 1-4 and space, and the session that walks the due
 *              questions, then new ones, page by page
 *
 * Only answered questions are ever scheduled. The current time comes
 * from HB.srs.now() (Date.now unless a test replaces it). */
(function () {
	'use strict';
	var doc = document, body = doc.body;
	if (!body) return;
	var HB = window.HB = window.HB || {};
	var own = Object.prototype.hasOwnProperty;

	/* ---- scheduler: FSRS-4.5 ---- */

	/* Default parameters of FSRS-4.5 (open-spaced-repetition,
	 * fsrs4anki wiki "The Algorithm"). */
	var W = [0.4872, 1.4003, 3.7145, 13.8206, 5.1618, 1.2298, 0.8975, 0.031,
		1.6474, 0.1367, 1.0461, 2.1072, 0.0793, 0.3246, 1.587, 0.2272, 2.8755];
	var DECAY = -0.5, FACTOR = 19 / 81, RETENTION = 0.9, MAX_DAYS = 36500;
	var DAY = 864e5, AGAIN_MS = 10 * 60 * 1000;
	var GRADES = ['again', 'hard', 'good', 'easy'];

	function clamp(x, lo, hi) { return Math.min(hi, Math.max(lo, x)); }
	function round4(x) { return Math.round(x * 1e4) / 1e4; }
	function initialDifficulty(g) { return clamp(W[4] - (g - 3) * W[5], 1, 10); }
	/* Probability of recall after `days` with stability s. */
	function retrievability(days, s) { return Math.pow(1 + FACTOR * days / s, DECAY); }
	/* Days until recall drops to RETENTION (equals s when it is 0.9). */
	function intervalDays(s) {
		return clamp(Math.round(s / FACTOR * (Math.pow(RETENTION, 1 / DECAY) - 1)), 1, MAX_DAYS);
	}
	function nextDifficulty(d, g) {
		return clamp(W[7] * initialDifficulty(3) + (1 - W[7]) * (d - W[6] * (g - 3)), 1, 10);
	}
	function recallStability(d, s, r, g) {
		return s * (Math.exp(W[8]) * (11 - d) * Math.pow(s, -W[9]) *
			(Math.exp(W[10] * (1 - r)) - 1) * (g === 2 ? W[15] : 1) * (g === 4 ? W[16] : 1) + 1);
	}
	/* After a lapse; never more than before it. */
	function forgetStability(d, s, r) {
		return Math.min(s, W[11] * Math.pow(d, -W[12]) * (Math.pow(s + 1, W[13]) - 1) * Math.exp(W[14] * (1 - r)));
	}
	function valid(c) {
		return !!c && typeof c === 'object' && isFinite(c.s) && c.s > 0 && isFinite(c.d) &&
			c.d >= 1 && c.d <= 10 && isFinite(c.due) && isFinite(c.last);
	}
	/* The card after each grade (1 again .. 4 easy) at time now: the
	 * four outcomes at once, so Hard never comes after Good and Easy
	 * always after Good. card is null for a question never graded. */
	function outcomes(card, now) {
		var out = [], g, days = [], s = [], d = [];
		var old = valid(card) ? card : null;
		var r = old ? retrievability(Math.max(0, (now - old.last) / DAY), old.s) : 1;
		for (g = 1; g <= 4; g++) {
			if (!old) {
				s[g] = W[g - 1];
				d[g] = initialDifficulty(g);
			} else {
				d[g] = nextDifficulty(old.d, g);
				s[g] = g === 1 ? forgetStability(old.d, old.s, r) : recallStability(old.d, old.s, r, g);
			}
			days[g] = intervalDays(s[g]);
		}
		days[2] = Math.min(days[2], days[3]);
		days[4] = Math.max(days[4], days[3] + 1);
		for (g = 1; g <= 4; g++) {
			out[g] = {
				s: round4(s[g]), d: round4(d[g]),
				due: g === 1 ? now + AGAIN_MS : now + days[g] * DAY,
				last: now,
				reps: (old ? old.reps || 0 : 0) + 1,
				lapses: (old ? old.lapses || 0 : 0) + (g === 1 ? 1 : 0),
				g: g
			};
		}
		return out;
	}
	function schedule(card, g, now) {
		if (!(g >= 1 && g <= 4)) throw new Error('grade must be 1-4');
		return outcomes(card, now)[g];
	}

	/* ---- store ---- */

	var KEY = 'hb-srs', SESSION = 'hb-srs-session';
	var mem = {};
	var storage = HB.storage || {
		get: function (k) { try { return localStorage.getItem(k); } catch (e) { return own.call(mem, k) ? mem[k] : null; } },
		set: function (k, v) { mem[k] = String(v); try { localStorage.setItem(k, String(v)); } catch (e) { /* memory */ } }
	};
	function readJSON(k) {
		try { var v = JSON.parse(storage.get(k)); return v && typeof v === 'object' ? v : null; } catch (e) { return null; }
	}
	function cards() {
		var v = readJSON(KEY), out = {};
		var src = v && v.cards && typeof v.cards === 'object' ? v.cards : {};
		Object.keys(src).forEach(function (id) { if (valid(src[id])) out[id] = src[id]; });
		return out;
	}
	function saveCards(all) { storage.set(KEY, JSON.stringify({ v: 1, cards: all })); }
	function card(id) { var all = cards(); return own.call(all, id) ? all[id] : null; }

	var api = HB.srs = {
		W: W.slice(), DAY: DAY, AGAIN_MS: AGAIN_MS,
		now: function () { return Date.now(); },
		retrievability: retrievability,
		outcomes: outcomes,
		schedule: schedule,
		cards: cards,
		card: card
	};

	/* The questions of the site: window.HB_QUESTIONS on the home and
	 * practice pages (assets/questions.*.js), else the page's own. */
	var root = body.getAttribute('data-root') || '';
	var data = window.HB_QUESTIONS && Array.isArray(window.HB_QUESTIONS.questions) ? window.HB_QUESTIONS : null;
	var answered = {};	/* id -> true (false: known unanswered) */
	var byId = {};
	if (data) data.questions.forEach(function (q) { answered[q.id] = !!q.answered; byId[q.id] = q; });
	Array.prototype.forEach.call(doc.querySelectorAll('article.question[data-id]'), function (a) {
		answered[a.getAttribute('data-id')] = a.getAttribute('data-status') !== 'unanswered';
	});

	/* Grades question id; refuses (false) what is not answered. */
	function grade(id, g) {
		if (!id || answered[id] !== true) return false;
		var all = cards();
		all[id] = schedule(own.call(all, id) ? all[id] : null, g, api.now());
		saveCards(all);
		return all[id];
	}
	api.grade = grade;

	function exportData() {
		return { format: 'handbook-srs', version: 1, exported: new Date(api.now()).toISOString(), cards: cards() };
	}
	/* Merges exported progress: for each question the card reviewed
	 * last wins; questions this site knows as unanswered are skipped.
	 * Returns the number of cards taken, or throws on a bad file. */
	function importData(obj) {
		if (typeof obj === 'string') obj = JSON.parse(obj);
		if (!obj || obj.format !== 'handbook-srs' || typeof obj.cards !== 'object' || !obj.cards)
			throw new Error('not a handbook progress file');
		var all = cards(), n = 0;
		Object.keys(obj.cards).forEach(function (id) {
			var c = obj.cards[id];
			if (!valid(c) || answered[id] === false) return;
			if (own.call(all, id) && all[id].last >= c.last) return;
			all[id] = { s: +c.s, d: +c.d, due: +c.due, last: +c.last, reps: +c.reps || 1, lapses: +c.lapses || 0, g: +c.g || 3 };
			n++;
		});
		saveCards(all);
		return n;
	}
	api.exportData = exportData;
	api.importData = importData;

	/* ---- strings ---- */

	var DEFAULTS = {
		srs_title: 'Spaced repetition', srs_due: '{n} due today', srs_new: '{n} new', srs_start: 'Start',
		srs_nothing: 'Nothing due today. Come back tomorrow, or start with new questions.',
		srs_progress: 'Progress', srs_reviewed: 'Reviewed', srs_document: 'Document', srs_topic: 'Topic',
		srs_due_col: 'Due', srs_export: 'Export progress', srs_import: 'Import progress',
		srs_imported: 'Imported {n} questions.', srs_bad_file: 'That is not a handbook progress file.',
		srs_again: 'Again', srs_hard: 'Hard', srs_good: 'Good', srs_easy: 'Easy',
		srs_reveal: 'Show answer', srs_card: 'Question {i} of {n}', srs_end: 'End session',
		srs_done: 'Session finished: {n} reviewed.', srs_next_due: 'Next review in {t}',
		srs_minutes: '{n} min', srs_days: '{n} d', srs_keys: 'Space shows the answer, 1-4 grade it.',
		srs_grade_label: 'How well did you know it?'
	};
	function t(key, vars) {
		var strings = window.HB_I18N || {};
		var s = typeof strings[key] === 'string' && strings[key] ? strings[key] : DEFAULTS[key] || key;
		return vars ? s.replace(/\{(\w+)\}/g, function (m, k) { return own.call(vars, k) ? vars[k] : m; }) : s;
	}
	function make(tag, cls, text) {
		var el = doc.createElement(tag);
		if (cls) el.className = cls;
		if (text != null) el.textContent = text;
		return el;
	}
	function button(cls, text) { var b = make('button', cls, text); b.type = 'button'; return b; }
	function span(ms) {
		return ms < DAY ? t('srs_minutes', { n: Math.max(1, Math.round(ms / 60000)) }) :
			t('srs_days', { n: Math.round(ms / DAY) });
	}
	function endOfToday(now) { var d = new Date(now); d.setHours(23, 59, 59, 999); return d.getTime(); }

	/* ---- session ---- */

	/* Due answered questions first (most overdue first), then new ones in
	 * reading order, at most `fresh` of them. */
	function queue(questions, now, fresh) {
		var all = cards(), due = [], news = [];
		questions.forEach(function (q) {
			if (!q.answered) return;
			if (own.call(all, q.id)) { if (all[q.id].due <= endOfToday(now)) due.push(q.id); }
			else if (news.length < fresh) news.push(q.id);
		});
		due.sort(function (a, b) { return all[a].due - all[b].due || (a < b ? -1 : a > b ? 1 : 0); });
		return due.concat(news);
	}
	api.queue = queue;
	/* Absolute: the session continues from pages in other folders. */
	function abs(rel) { return new URL(rel, location.href).href; }
	function urlOf(id) { return own.call(byId, id) ? abs(root + byId[id].url) : null; }
	function session() { var s = readJSON(SESSION); return s && Array.isArray(s.queue) ? s : null; }
	function go(url) { window.location.href = url; }
	function startSession() {
		var fresh = data && data.new_per_session > 0 ? data.new_per_session : 20;
		var q = queue(data.questions, api.now(), fresh);
		if (!q.length) return false;
		var urls = {};
		q.forEach(function (id) { urls[id] = urlOf(id); });
		storage.set(SESSION, JSON.stringify({ queue: q, urls: urls, i: 0, done: 0, home: abs(root + 'practice.html') }));
		go(urls[q[0]] + '?srs=1');
		return true;
	}
	function advance(s) {
		s.i++;
		s.done++;
		storage.set(SESSION, JSON.stringify(s));
		if (s.i < s.queue.length) go(s.urls[s.queue[s.i]] + '?srs=1');
		else finish(s);
	}
	function finish(s) {
		storage.set(SESSION, JSON.stringify({ queue: [], finished: s.done }));
		go(s.home + '?srs=done');
	}

	/* ---- dashboard (home and practice page) ---- */

	/* Answered, reviewed and due questions: of the site, per document
	 * and per topic, in one pass. */
	function counts(all, now) {
		var end = endOfToday(now), zero = function () { return { total: 0, reviewed: 0, due: 0 }; };
		var c = { all: zero(), docs: data.docs.map(zero), topics: data.topics.map(zero) };
		data.questions.forEach(function (q) {
			if (!q.answered) return;
			var seen = own.call(all, q.id), due = seen && all[q.id].due <= end;
			[c.all, c.docs[q.doc]].concat((q.topics || []).map(function (k) { return c.topics[k]; })).forEach(function (x) {
				if (!x) return;
				x.total++;
				if (seen) x.reviewed++;
				if (due) x.due++;
			});
		});
		return c;
	}
	function table(caption, rows) {
		var tb = make('table', 'srs-table'), head = tb.appendChild(make('thead')).appendChild(make('tr'));
		[caption, t('srs_reviewed'), t('srs_due_col')].forEach(function (h) { head.appendChild(make('th', null, h)).scope = 'col'; });
		var tbody = tb.appendChild(make('tbody'));
		rows.forEach(function (r) {
			if (!r.c.total) return;
			var tr = tbody.appendChild(make('tr'));
			var th = tr.appendChild(make('th'));
			th.scope = 'row';
			var a = th.appendChild(make('a', null, r.title));
			a.href = root + r.url;
			var cell = tr.appendChild(make('td', 'srs-reviewed'));
			var bar = cell.appendChild(make('span', 'progress'));
			bar.appendChild(make('span'));
			bar.setAttribute('aria-hidden', 'true');
			cell.style.setProperty('--done', (r.c.reviewed / r.c.total).toFixed(4));
			cell.appendChild(doc.createTextNode(' ' + r.c.reviewed + '/' + r.c.total));
			tr.appendChild(make('td', 'srs-due-n', String(r.c.due)));
		});
		return tb;
	}
	function download(name, text) {
		var a = make('a');
		a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
		a.download = name;
		body.appendChild(a);
		a.click();
		body.removeChild(a);
		setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
	}
	function dashboard(where, before) {
		var now = api.now(), c = counts(cards(), now), total = c.all;
		var fresh = data.new_per_session > 0 ? data.new_per_session : 20;
		var newCount = Math.min(fresh, total.total - total.reviewed);
		var box = make('section', 'srs');
		box.setAttribute('aria-labelledby', 'h-srs');
		box.appendChild(make('h2', null, t('srs_title'))).id = 'h-srs';
		var line = box.appendChild(make('p', 'srs-due'));
		line.appendChild(make('strong', 'srs-due-count', t('srs_due', { n: total.due })));
		line.appendChild(doc.createTextNode(' · '));
		line.appendChild(make('span', 'srs-new-count', t('srs_new', { n: newCount })));
		line.appendChild(doc.createTextNode(' '));
		var start = line.appendChild(button('srs-start', t('srs_start')));
		var msg = make('p', 'srs-msg');
		msg.setAttribute('role', 'status');
		if (/[?&]srs=done\b/.test(location.search)) {
			var s = readJSON(SESSION);
			if (s && s.finished != null) msg.textContent = t('srs_done', { n: s.finished });
		}
		start.addEventListener('click', function () { if (!startSession()) msg.textContent = t('srs_nothing'); });
		var more = box.appendChild(make('details', 'srs-progress'));
		more.appendChild(make('summary', null, t('srs_progress')));
		more.appendChild(table(t('srs_document'), data.docs.map(function (d, k) {
			return { title: d.title, url: d.url, c: c.docs[k] };
		})));
		more.appendChild(table(t('srs_topic'), data.topics.map(function (tp, k) {
			return { title: tp.title, url: tp.url, c: c.topics[k] };
		})));
		var io = box.appendChild(make('p', 'srs-io'));
		var exp = io.appendChild(button('srs-export', t('srs_export')));
		exp.addEventListener('click', function () {
			download('handbook-progress-' + new Date(api.now()).toISOString().slice(0, 10) + '.json',
				JSON.stringify(exportData(), null, 1) + '\n');
		});
		io.appendChild(doc.createTextNode(' '));
		var lab = io.appendChild(make('label', 'srs-import-label'));
		lab.appendChild(make('span', 'srs-import-text', t('srs_import')));
		var file = lab.appendChild(make('input', 'srs-import'));
		file.type = 'file';
		file.accept = 'application/json,.json';
		file.addEventListener('change', function () {
			var f = file.files && file.files[0];
			if (!f) return;
			var rd = new FileReader();
			rd.onload = function () {
				var said;
				try {
					said = t('srs_imported', { n: importData(String(rd.result)) });
				} catch (e) {
					msg.textContent = t('srs_bad_file');
					return;
				}
				/* Counts change: draw it again, with the message. */
				var again = dashboard(where, box);
				box.parentNode.replaceChild(again, box);
				again.querySelector('.srs-msg').textContent = said;
			};
			rd.readAsText(f);
		});
		box.appendChild(msg);
		if (!before) where.insertBefore(box, where.firstChild);
		return box;
	}
	if (data && (body.getAttribute('data-page') === 'home' || body.getAttribute('data-page') === 'practice')) {
		var main = doc.getElementById('main');
		var anchor = main && (main.querySelector('.stats') || main.querySelector('.lead') || main.querySelector('.page-title'));
		if (main) {
			var box = dashboard(main, null);
			if (anchor) main.insertBefore(box, anchor.nextSibling);
		}
	}

	/* ---- reviewer: grade bars, keys, the session's pages ---- */

	var inSession = null, current = null;
	function idOf(a) { return a ? a.getAttribute('data-id') : ''; }
	function reveals(a) { return Array.prototype.slice.call(a.querySelectorAll('details.reveal')); }
	function revealed(a) { return reveals(a).some(function (d) { return d.open; }); }
	function gradeBar(a) {
		var bar = make('div', 'srs-grade');
		bar.setAttribute('role', 'group');
		bar.setAttribute('aria-label', t('srs_grade_label'));
		var note = make('span', 'srs-next');
		function refresh() {
			var o = outcomes(card(idOf(a)), api.now()), now = api.now();
			Array.prototype.forEach.call(bar.querySelectorAll('button'), function (b, k) {
				b.querySelector('.srs-when').textContent = span(o[k + 1].due - now);
			});
		}
		GRADES.forEach(function (name, k) {
			var b = bar.appendChild(button('srs-' + name));
			b.setAttribute('data-grade', k + 1);
			b.appendChild(make('kbd', 'kbd', String(k + 1)));
			b.appendChild(doc.createTextNode(' ' + t('srs_' + name) + ' '));
			b.appendChild(make('span', 'srs-when'));
			b.addEventListener('click', function () { rate(a, k + 1); });
		});
		bar.appendChild(note);
		bar.refresh = refresh;
		refresh();
		return bar;
	}
	function showBar(a) {
		var bar = a.querySelector('.srs-grade');
		if (bar) { bar.hidden = !(revealed(a) && (inSession || body.classList.contains('practice'))); if (!bar.hidden) bar.refresh(); }
	}
	function rate(a, g) {
		var id = idOf(a), c = grade(id, g);
		if (!c) return;
		var note = a.querySelector('.srs-next');
		if (note) note.textContent = t('srs_next_due', { t: span(c.due - api.now()) });
		a.setAttribute('data-srs-due', String(c.due));
		if (inSession && idOf(a) === inSession.queue[inSession.i]) {
			/* Again: once more at the end of this session */
			if (g === 1 && inSession.queue.length < 1000) inSession.queue.push(id);
			advance(inSession);
		}
	}
	var articles = Array.prototype.slice.call(doc.querySelectorAll('article.question[data-id]')).filter(function (a) {
		return a.getAttribute('data-status') !== 'unanswered' && reveals(a).length > 0;
	});
	articles.forEach(function (a) {
		var box = a.querySelector('.q-practice') || a.appendChild(make('div', 'q-practice'));
		var bar = box.appendChild(gradeBar(a));
		bar.hidden = true;
		reveals(a).forEach(function (d) { d.addEventListener('toggle', function () { showBar(a); }); });
	});
	/* practice mode toggled by site.js: the bars follow */
	new MutationObserver(function () { articles.forEach(showBar); }).observe(body, { attributes: true, attributeFilter: ['class'] });
	articles.forEach(showBar);

	/* A session page: this question is the session's current one. */
	(function () {
		var s = session();
		if (!s || !/[?&]srs=1\b/.test(location.search) || s.i >= s.queue.length) return;
		var a = articles.filter(function (x) { return idOf(x) === s.queue[s.i]; })[0];
		if (!a) return;
		inSession = s;
		current = a;
		body.classList.add('srs-session');
		reveals(a).forEach(function (d) { d.open = false; });
		var bar = make('div', 'srs-session-bar');
		bar.setAttribute('role', 'region');
		bar.setAttribute('aria-label', t('srs_title'));
		bar.appendChild(make('span', 'srs-count', t('srs_card', { i: s.i + 1, n: s.queue.length })));
		var show = bar.appendChild(button('srs-reveal', t('srs_reveal')));
		show.appendChild(make('kbd', 'kbd', '␣'));
		show.addEventListener('click', function () { reveal(a); });
		bar.appendChild(make('span', 'srs-keys', t('srs_keys')));
		var end = bar.appendChild(button('srs-end', t('srs_end')));
		end.addEventListener('click', function () { finish(s); });
		var main = doc.getElementById('main');
		if (main) main.insertBefore(bar, main.firstChild);
		showBar(a);
	})();
	function reveal(a) {
		reveals(a).forEach(function (d) { d.open = true; });
		showBar(a);
	}
	/* The question keys act on: the session's, the focused one, or the
	 * page's only one. */
	function target() {
		if (current) return current;
		var f = doc.activeElement && doc.activeElement.closest && doc.activeElement.closest('article.question');
		if (f && articles.indexOf(f) >= 0) return f;
		return articles.length === 1 ? articles[0] : null;
	}
	doc.addEventListener('keydown', function (e) {
		if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
		var el = doc.activeElement, tag = el && el.tagName;
		if (el && (/^(INPUT|TEXTAREA|SELECT)$/.test(tag) || el.isContentEditable)) return;
		if (!inSession && !body.classList.contains('practice')) return;
		var a = target();
		if (!a) return;
		if (e.key === ' ' || e.key === 'Spacebar') {
			/* space still presses a focused button or link, and
			 * scrolls once the answer is shown */
			if (/^(BUTTON|SUMMARY|A)$/.test(tag) || revealed(a)) return;
			e.preventDefault();
			reveal(a);
		} else if (e.key >= '1' && e.key <= '4' && revealed(a)) {
			e.preventDefault();
			rate(a, +e.key);
		}
	});
})();
