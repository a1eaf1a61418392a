/* handbook: theme, practice mode and progress, copy buttons, choices,
 * shortcuts, random practice set, printing. A classic script (works from
 * file://); its only global is window.HB. */
(function () {
	'use strict';
	var doc = document, root = doc.documentElement, body = doc.body;
	if (!body) return;
	body.classList.remove('no-js');
	body.classList.add('js');

	function $$(sel, ctx) { return Array.prototype.slice.call((ctx || doc).querySelectorAll(sel)); }
	function on(el, type, fn) { if (el) el.addEventListener(type, fn); }
	function make(tag, cls, text) {
		var el = doc.createElement(tag);
		if (cls) el.className = cls;
		if (text != null) el.textContent = text;
		return el;
	}
	function button(cls, text) { var b = make('button', cls, text); b.type = 'button'; return b; }
	function attr(el, name, v) { el.setAttribute(name, String(v)); }
	function practising() { return body.classList.contains('practice'); }

	/* UI strings: window.HB_I18N (assets/i18n.*.js, written from
	 * templates/i18n.yml, the one place they are defined), else the
	 * page's #hb-i18n JSON; a missing key shows as itself. */
	var strings = {};
	try {
		var el = doc.getElementById('hb-i18n'), parsed = window.HB_I18N ||
			(el && JSON.parse(el.textContent));
		if (parsed && typeof parsed === 'object') strings = parsed;
	} catch (e) { /* keys as they are */ }
	function t(key, vars) {
		var s = typeof strings[key] === 'string' && strings[key] ? strings[key] : key;
		return vars ? s.replace(/\{(\w+)\}/g, function (m, k) { return k in vars ? vars[k] : m; }) : s;
	}

	/* storage: localStorage when it works (file:// may throw), else memory */
	var mem = {};
	var storage = {
		get: function (k) {
			try { var v = localStorage.getItem(k); if (v !== null) return v; } catch (e) { /* memory */ }
			return Object.prototype.hasOwnProperty.call(mem, k) ? mem[k] : null;
		},
		set: function (k, v) {
			mem[k] = String(v);
			try { localStorage.setItem(k, String(v)); } catch (e) { /* memory */ }
		}
	};
	var HB = window.HB = window.HB || {};
	HB.i18n = Object.assign({}, strings);
	HB.t = t;
	HB.storage = storage;

	var header = doc.querySelector('.site-header');

	/* theme: light -> dark -> auto, in 'hb-theme' */
	var THEMES = ['light', 'dark', 'auto'];
	var ICONS = {
		light: '<circle cx="12" cy="12" r="4.5"/><path d="M12 2v3m0 14v3M2 12h3m14 0h3M5 5l2 2m10 10 2 2M5 19l2-2M17 7l2-2"/>',
		dark: '<path d="M20 14.5A8 8 0 0 1 9.5 4 8 8 0 1 0 20 14.5z"/>',
		auto: '<circle cx="12" cy="12" r="8.5"/><path d="M12 3.5v17a8.5 8.5 0 0 0 0-17z" fill="currentColor"/>'
	};
	var themeBtns = $$('.theme-toggle');
	var themeBase = (themeBtns[0] && themeBtns[0].getAttribute('aria-label')) || t('theme');
	var colon = /^(zh|ja)/i.test(root.lang) ? '：' : ': ';
	function setTheme(v, persist) {
		if (THEMES.indexOf(v) < 0) v = 'auto';
		attr(root, 'data-theme', v);
		if (persist) storage.set('hb-theme', v);
		themeBtns.forEach(function (b) {
			attr(b, 'aria-label', b.title = themeBase + colon + t('theme_' + v));
			b.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round">' + ICONS[v] + '</svg>';
		});
	}
	function cycleTheme() {
		setTheme(THEMES[(THEMES.indexOf(root.getAttribute('data-theme')) + 1) % 3], true);
	}
	setTheme(storage.get('hb-theme') || root.getAttribute('data-theme'), false);
	themeBtns.forEach(function (b) { on(b, 'click', cycleTheme); });

	/* progress: {id: {seen: 1, known: 1}} in 'hb-progress' */
	var progress = {};
	function load() {
		try { progress = JSON.parse(storage.get('hb-progress')); } catch (e) { progress = null; }
		if (!progress || typeof progress !== 'object' || Array.isArray(progress)) progress = {};
	}
	function state(id) {
		var s = Object.prototype.hasOwnProperty.call(progress, id) && progress[id];
		return s && typeof s === 'object' ? s : {};
	}
	function mark(id, field, value) {
		if (!id) return;
		var s = Object.assign({}, state(id));
		if (value) s[field] = 1; else delete s[field];
		if (field === 'known' && value) s.seen = 1;
		if (Object.keys(s).length) progress[id] = s; else delete progress[id];
		storage.set('hb-progress', JSON.stringify(progress));
		apply();
	}
	var questions = $$('article.question');
	function qOf(el) { return el && el.closest('article.question'); }
	function idOf(q) { return q ? q.getAttribute('data-id') || q.id : ''; }
	function known(ids) { return ids.filter(function (id) { return state(id).known; }).length; }
	function apply() {
		$$('article.question[data-id], .q-list li[data-id]').forEach(function (el) {
			var s = state(el.getAttribute('data-id'));
			el.classList.toggle('is-seen', !!s.seen && !s.known);
			el.classList.toggle('is-known', !!s.known);
		});
		$$('.mark-known').forEach(function (b) { attr(b, 'aria-pressed', !!state(idOf(qOf(b))).known); });
		$$('.doc-card[data-ids]').forEach(function (card) {
			var ids = card.getAttribute('data-ids').split(/\s+/).filter(Boolean), n = known(ids);
			card.style.setProperty('--done', ids.length ? (n / ids.length).toFixed(4) : '0');
			var txt = card.querySelector('.progress-text');
			if (!txt) card.insertBefore(txt = make('span', 'progress-text'), card.querySelector('.progress'));
			txt.textContent = t('progress', { known: n, total: ids.length });
		});
		var status = doc.querySelector('.practice-status');
		if (status) status.textContent = t('progress', { known: known(questions.map(idOf)), total: questions.length });
	}
	load();

	/* practice mode: 'hb-practice'; details.reveal fold, a bar in main */
	var reveals = $$('details.reveal'), main = doc.getElementById('main');
	var toggles = $$('.practice-toggle'), revealAll = null;
	reveals.forEach(function (d) { attr(d, 'data-hb-open', d.open ? 1 : 0); });
	function allOpen(list) { return list.length > 0 && list.every(function (d) { return d.open; }); }
	function revealsOf(q) { return $$('details.reveal', q); }
	function label(b, list) {
		var open = allOpen(list);
		b.textContent = t(open ? 'hide_all' : 'show_all');
		attr(b, 'aria-expanded', open);
	}
	function syncReveal() {
		$$('.reveal-toggle').forEach(function (b) { label(b, revealsOf(qOf(b))); });
		if (revealAll) label(revealAll, reveals);
	}
	function setOpen(list, open) { list.forEach(function (d) { d.open = open; }); syncReveal(); }
	function flip(list) { setOpen(list, !allOpen(list)); }
	function setPractice(v, persist) {
		var was = practising();
		body.classList.toggle('practice', v);
		root.removeAttribute('data-practice');
		if (persist) storage.set('hb-practice', v ? '1' : '0');
		toggles.forEach(function (b) { attr(b, 'aria-pressed', v); b.title = t(v ? 'practice_on' : 'practice_off'); });
		if (v && !was) setOpen(reveals, false);
		else if (!v && was) reveals.forEach(function (d) { d.open = d.getAttribute('data-hb-open') === '1'; });
		syncReveal();
	}
	if (reveals.length && main) {
		var bar = make('div', 'practice-bar');
		attr(bar, 'role', 'group');
		attr(bar, 'aria-label', t('practice_off'));
		bar.appendChild(make('span', 'practice-status'));
		bar.appendChild(revealAll = button('reveal-all'));
		on(revealAll, 'click', function () { flip(reveals); });
		var exit = bar.appendChild(button('practice-exit', t('practice_on')));
		on(exit, 'click', function () { setPractice(false, true); });
		var meta = main.querySelector(':scope > .doc-meta');
		main.insertBefore(bar, meta ? meta.nextSibling : main.firstChild);
		questions.forEach(function (q) {
			if (!revealsOf(q).length) return;
			var box = q.querySelector('.q-practice') || q.appendChild(make('div', 'q-practice'));
			var b = box.insertBefore(button('reveal-toggle'), box.firstChild);
			on(b, 'click', function () { flip(revealsOf(q)); });
		});
	}
	toggles.forEach(function (b) { on(b, 'click', function () { setPractice(!practising(), true); }); });
	reveals.forEach(function (d) {
		on(d, 'toggle', function () {
			var id = idOf(qOf(d));
			if (d.open && practising() && id && !state(id).seen) mark(id, 'seen', true);
			syncReveal();
		});
	});
	$$('.mark-known').forEach(function (b) {
		on(b, 'click', function () { var id = idOf(qOf(b)); mark(id, 'known', !state(id).known); });
	});
	$$('.mark-again').forEach(function (b) {
		on(b, 'click', function () {
			mark(idOf(qOf(b)), 'known', false);
			if (practising()) setOpen(revealsOf(qOf(b)), false);
		});
	});
	setPractice(storage.get('hb-practice') === '1', false);
	apply();
	on(window, 'storage', function (e) { if (e.key === 'hb-progress') { load(); apply(); } });

	/* copy buttons: clipboard API, else textarea + execCommand, else select */
	function fallbackCopy(text) {
		var ta = make('textarea'), ok = false;
		ta.value = text;
		attr(ta, 'readonly', '');
		ta.style.cssText = 'position:fixed;top:0;left:-9999px;opacity:0';
		body.appendChild(ta);
		try { ta.select(); ok = doc.execCommand('copy'); } catch (e) { ok = false; }
		body.removeChild(ta);
		return ok;
	}
	$$('.code .copy').forEach(function (b) {
		var pre = b.closest('.code').querySelector('pre'), timer = 0;
		if (!pre) return;
		b.hidden = false;
		b.textContent = t('copy');
		function done(ok) {
			if (!ok) {
				try { getSelection().selectAllChildren(pre); } catch (e) { /* nothing more */ }
				return;
			}
			b.textContent = t('copied');
			b.classList.add('is-copied');
			clearTimeout(timer);
			timer = setTimeout(function () { b.textContent = t('copy'); b.classList.remove('is-copied'); }, 1500);
		}
		on(b, 'click', function () {
			var text = pre.textContent, clip = navigator.clipboard;
			if (clip && clip.writeText && window.isSecureContext)
				clip.writeText(text).then(function () { done(true); }, function () { done(fallbackCopy(text)); });
			else done(fallbackCopy(text));
		});
	});

	/* choices: one selection; data-correct="B" marks right and wrong */
	$$('.choices').forEach(function (box) {
		var choices = $$('.choice', box), result = box.querySelector('.choice-result');
		var correct = (box.getAttribute('data-correct') || '').trim().toUpperCase();
		function isRight(c) { return !!correct && (c.getAttribute('data-label') || '').toUpperCase() === correct; }
		function say(key, cls) {
			if (!result) return;
			result.textContent = key ? t(key) : '';
			result.className = 'choice-result' + (cls ? ' ' + cls : '');
		}
		function clear() { choices.forEach(function (c) { c.classList.remove('is-correct', 'is-wrong'); }); say(); }
		choices.forEach(function (c) {
			on(c, 'click', function () {
				clear();
				choices.forEach(function (o) { attr(o, 'aria-pressed', o === c); });
			});
		});
		on(box.querySelector('.choice-check'), 'click', function () {
			var q = qOf(box), picked = box.querySelector('.choice[aria-pressed="true"]');
			clear();
			if (q && practising()) mark(idOf(q), 'seen', true);
			if (!correct || !picked) {
				choices.forEach(function (c) { if (isRight(c)) c.classList.add('is-correct'); });
				if (q) setOpen(revealsOf(q), true);
				return say('see_answer');
			}
			var right = isRight(picked);
			picked.classList.add(right ? 'is-correct' : 'is-wrong');
			say(right ? 'correct' : 'wrong', right ? 'is-correct' : 'is-wrong');
		});
	});

	/* random practice set: N questions not yet known, from #practice-data */
	$$('.practice-set').forEach(function (set) {
		var data = [], size = parseInt(set.getAttribute('data-size'), 10) || 20;
		try { data = JSON.parse(set.querySelector('script[type="application/json"]').textContent); } catch (e) { /* none */ }
		if (!Array.isArray(data)) data = [];
		function render() {
			$$(':scope > .q-list, :scope > .practice-empty', set).forEach(function (o) { set.removeChild(o); });
			var pool = data.filter(function (x) { return x && x.id && x.status !== 'unanswered' && !state(x.id).known; });
			for (var i = pool.length - 1; i > 0; i--) {
				var j = Math.floor(Math.random() * (i + 1)), tmp = pool[i];
				pool[i] = pool[j];
				pool[j] = tmp;
			}
			if (!pool.length) return set.appendChild(make('p', 'practice-empty', t('no_questions_left')));
			var ol = set.appendChild(make('ol', 'q-list'));
			pool.slice(0, size).forEach(function (x) {
				var li = ol.appendChild(make('li')), a = li.appendChild(make('a', null, x.title || x.id));
				attr(li, 'data-id', x.id);
				if (x.status) attr(li, 'data-status', x.status);
				a.href = x.url || '#';
				if (x.doc) li.appendChild(make('span', 'q-doc', x.doc));
				if (x.status === 'unanswered') li.appendChild(make('span', 'badge badge-unanswered', t('unanswered')));
			});
			apply();
		}
		on(set.querySelector('.practice-shuffle'), 'click', render);
		render();
	});

	/* printing: <html data-print="interviewer|candidate">; the interviewer
	 * sheet opens every details for the print and closes them after */
	var opened = [], printSet = false;
	on(window, 'beforeprint', function () {
		if (!root.getAttribute('data-print')) { attr(root, 'data-print', 'interviewer'); printSet = true; }
		if (root.getAttribute('data-print') === 'interviewer') {
			opened = $$('details:not([open])');
			opened.forEach(function (d) { d.open = true; });
		}
	});
	on(window, 'afterprint', function () {
		opened.forEach(function (d) { d.open = false; });
		opened = [];
		if (printSet) root.removeAttribute('data-print');
		printSet = false;
	});
	$$('.print-btn').forEach(function (b) {
		on(b, 'click', function () {
			attr(root, 'data-print', b.getAttribute('data-sheet') === 'candidate' ? 'candidate' : 'interviewer');
			printSet = true;
			window.print();
		});
	});

	/* keyboard: / search, Esc, j/k questions, p practice, t theme, ? help */
	var panel = null, panelBtn = null, back = null, footer = doc.querySelector('.site-footer');
	function buildPanel() {
		panel = body.appendChild(make('div', 'shortcuts'));
		panel.id = 'hb-shortcuts';
		panel.hidden = true;
		attr(panel, 'role', 'dialog');
		attr(panel, 'aria-labelledby', 'hb-shortcuts-title');
		var head = panel.appendChild(make('div', 'shortcuts-head'));
		head.appendChild(make('h2', null, t('shortcuts'))).id = 'hb-shortcuts-title';
		var close = head.appendChild(button('shortcuts-close', '×'));
		attr(close, 'aria-label', t('close'));
		on(close, 'click', function () { showPanel(false); });
		var dl = panel.appendChild(make('dl'));
		t('shortcuts_help').split(/\n|\s*·\s*/).forEach(function (line) {
			line = line.trim();
			if (!line) return;
			var sp = line.indexOf(' '), keys = sp < 0 ? line : line.slice(0, sp), dt = dl.appendChild(make('dt'));
			(keys.length > 1 && keys.indexOf('/') > 0 ? keys.split('/') : [keys]).forEach(function (k) {
				dt.appendChild(make('kbd', 'kbd', k));
			});
			dl.appendChild(make('dd', null, sp < 0 ? '' : line.slice(sp + 1)));
		});
	}
	function showPanel(show) {
		if (!panel) buildPanel();
		if (show && panel.hidden) back = doc.activeElement;
		panel.hidden = !show;
		if (panelBtn) attr(panelBtn, 'aria-expanded', show);
		if (show) panel.querySelector('button').focus();
		else if (back && back.focus) { back.focus(); back = null; }
	}
	if (footer) {
		panelBtn = footer.appendChild(button('shortcuts-btn', t('shortcuts')));
		panelBtn.appendChild(make('kbd', 'kbd', '?'));
		attr(panelBtn, 'aria-expanded', false);
		attr(panelBtn, 'aria-controls', 'hb-shortcuts');
		on(panelBtn, 'click', function () { showPanel(!panel || panel.hidden); });
	}
	function move(dir) {
		var off = header && getComputedStyle(header).position === 'sticky' ? header.offsetHeight + 12 : 12;
		var cur = questions.indexOf(qOf(doc.activeElement)), next = -1, i;
		if (cur >= 0) next = cur + dir;
		else for (i = dir > 0 ? 0 : questions.length - 1; i >= 0 && i < questions.length; i += dir) {
			var top = questions[i].getBoundingClientRect().top;
			if (dir > 0 ? top > off + 1 : top < off - 1) { next = i; break; }
		}
		var q = questions[next];
		if (!q) return;
		if (!q.hasAttribute('tabindex')) attr(q, 'tabindex', -1);
		q.focus({ preventScroll: true });
		var still = window.matchMedia && matchMedia('(prefers-reduced-motion: reduce)').matches;
		q.scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' });
	}
	on(doc, 'keydown', function (e) {
		if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
		var a = doc.activeElement, field = a && (/^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName) || a.isContentEditable);
		if (e.key === 'Escape') {
			if (panel && !panel.hidden) showPanel(false);
			else if (field) a.blur();
			return;
		}
		if (field) return;
		var search = doc.getElementById('search-input');
		if (e.key === '/' && search) search.focus();
		else if (e.key === '?') showPanel(!panel || panel.hidden);
		else if (e.key === 'j' || e.key === 'k') move(e.key === 'j' ? 1 : -1);
		else if (e.key === 'p' && (toggles.length || reveals.length)) setPractice(!practising(), true);
		else if (e.key === 't') cycleTheme();
		else return;
		if (e.key === '/' || e.key === '?') e.preventDefault();
	});

	/* ratings such as data-stars="3.5" (whole ones are in the CSS) */
	$$('.stars[data-stars]').forEach(function (s) { s.style.setProperty('--s', +s.getAttribute('data-stars') || 0); });

	HB.progress = { get: function (id) { return Object.assign({}, state(id)); }, mark: mark, refresh: apply };
})();
