// Spaced-repetition practice (issue #14) in the browser, from file://,
// with a fake clock: FSRS-4.5 due dates after each grade (checked
// against the published formulas, written again here), keys 1-4 and
// space, unanswered questions never scheduled, the dashboard's due count
// and progress, a session (due first, then new), and export -> import
// on a fresh browser profile. Pages stay CSP-strict: no inline handlers,
// and JSON in pages escapes <, >, & and U+2028/9.
'use strict';
const fs = require('fs');
const path = require('path');
const { reporter, repo, tmpdir, build, browser, watchedPage, bin } = require('./lib');
const { execFileSync } = require('child_process');

const t = reporter('practice.test');
const DAY = 864e5;
const T0 = Date.parse('2025-03-03T09:00:00Z');

// FSRS-4.5 from the published formulas (fsrs4anki wiki, "The Algorithm").
const W = [0.4872, 1.4003, 3.7145, 13.8206, 5.1618, 1.2298, 0.8975, 0.031,
  1.6474, 0.1367, 1.0461, 2.1072, 0.0793, 0.3246, 1.587, 0.2272, 2.8755];
const clamp = (x, a, b) => Math.min(b, Math.max(a, x));
const D0 = g => clamp(W[4] - (g - 3) * W[5], 1, 10);
const R = (t, s) => Math.pow(1 + 19 / 81 * t / s, -0.5);
const ivl = s => clamp(Math.round(s), 1, 36500);	// I(0.9, S) = S
function expected(card, g, now) {
  const r4 = x => Math.round(x * 1e4) / 1e4;
  const next = gr => {
    if (!card) return { s: W[gr - 1], d: D0(gr) };
    const r = R((now - card.last) / DAY, card.s);
    const d = clamp(W[7] * D0(3) + (1 - W[7]) * (card.d - W[6] * (gr - 3)), 1, 10);
    const s = gr === 1
      ? Math.min(card.s, W[11] * Math.pow(card.d, -W[12]) * (Math.pow(card.s + 1, W[13]) - 1) * Math.exp(W[14] * (1 - r)))
      : card.s * (Math.exp(W[8]) * (11 - card.d) * Math.pow(card.s, -W[9]) * (Math.exp(W[10] * (1 - r)) - 1) *
        (gr === 2 ? W[15] : 1) * (gr === 4 ? W[16] : 1) + 1);
    return { s, d };
  };
  const o = [1, 2, 3, 4].map(next);
  const days = o.map(x => ivl(x.s));
  days[1] = Math.min(days[1], days[2]);
  days[3] = Math.max(days[3], days[2] + 1);
  const k = g - 1;
  return { s: r4(o[k].s), d: r4(o[k].d), due: g === 1 ? now + 10 * 60 * 1000 : now + days[k] * DAY };
}

(async () => {
  const site = path.join(tmpdir('practice'), 'site');
  build(repo, site);
  const model = JSON.parse(execFileSync(bin, ['dump', repo], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] }));
  const qs = model.documents.flatMap(d => d.questions);
  const answeredIds = qs.filter(q => q.status === 'answered').map(q => q.id);
  const unanswered = qs.find(q => q.status === 'unanswered');
  const qfile = id => {
    // The page name is the id (percent-encoded in links, plain on disk).
    return path.join(site, 'q', id + '.html');
  };
  const br = await browser();

  // ---- grading with a fake clock ----
  let ctx = await br.newContext();
  let page = await watchedPage(ctx);
  await page.clock.setFixedTime(T0);
  const [a, b, c, d] = answeredIds;
  await page.goto('file://' + qfile(a));
  t.ok('no grade bar outside practice mode', await page.$eval('.srs-grade', e => e.hidden));
  await page.keyboard.press('p');				// practice mode (site.js)
  t.ok('practice mode folds the answer', await page.$$eval('details.reveal[open]', e => e.length) === 0);
  t.ok('the grade bar waits for the answer', await page.$eval('.srs-grade', e => e.hidden));
  await page.keyboard.press(' ');
  t.ok('space reveals the answer', await page.$$eval('details.reveal[open]', e => e.length) > 0);
  t.ok('then the grade bar shows', !(await page.$eval('.srs-grade', e => e.hidden)));
  const labels = await page.$$eval('.srs-grade button', bs => bs.map(x => x.textContent.replace(/\s+/g, ' ').trim()));
  // The site's language is Chinese: compare the numbers.
  t.ok('the buttons say when', labels.map(l => (l.match(/\d+/g) || []).join(' ')).join('|') === '1 10|2 1|3 4|4 14', labels.join('|'));
  await page.keyboard.press('3');
  let got = await page.evaluate(id => HB.srs.card(id), a);
  let want = expected(null, 3, T0);
  t.ok('Good on a new question: due in 4 days (S0 = w2)', got && got.due === want.due && got.s === want.s && got.d === want.d,
    JSON.stringify({ got, want }));
  t.ok('the page says when it comes back', /4/.test(await page.$eval('.srs-next', e => e.textContent)));
  // The other grades on new questions.
  for (const [id, g, name] of [[b, 1, 'Again: 10 minutes'], [c, 2, 'Hard: 1 day'], [d, 4, 'Easy: 14 days']]) {
    await page.goto('file://' + qfile(id));
    await page.keyboard.press(' ');
    await page.keyboard.press(String(g));
    got = await page.evaluate(x => HB.srs.card(x), id);
    want = expected(null, g, T0);
    t.ok(name, got && got.due === want.due && got.s === want.s, JSON.stringify({ got, want }));
  }
  // Four days later the first one is due; Good again follows S'r.
  await page.clock.setFixedTime(T0 + 4 * DAY + 3600e3);
  await page.goto('file://' + path.join(site, 'index.html'));
  const due = await page.$eval('.srs-due-count', e => e.textContent);
  t.ok('home: due today counts the due ones', (due.match(/\d+/g) || []).join() === '3', due);	// a (4 d), b (10 min), c (1 d)
  const docRows = await page.$$eval('.srs-progress table:first-of-type tbody tr', rs => rs.length);
  const topicRows = await page.$$eval('.srs-progress table:last-of-type tbody tr', rs => rs.length);
  t.ok('home: progress per document and per topic', docRows > 3 && topicRows > 3, `${docRows} docs, ${topicRows} topics`);
  const before = await page.evaluate(id => HB.srs.card(id), a);
  await page.goto('file://' + qfile(a));
  await page.keyboard.press(' ');
  await page.keyboard.press('3');
  got = await page.evaluate(id => HB.srs.card(id), a);
  want = expected(before, 3, T0 + 4 * DAY + 3600e3);
  t.ok('Good on a due question: the interval grows by S\'r', got.due === want.due && got.s === want.s && got.reps === 2 &&
    got.due - (T0 + 4 * DAY + 3600e3) > 8 * DAY, JSON.stringify({ got, want }));
  const before2 = got;
  await page.clock.setFixedTime(T0 + 30 * DAY);
  await page.goto('file://' + qfile(a));
  await page.keyboard.press(' ');
  await page.keyboard.press('1');
  got = await page.evaluate(id => HB.srs.card(id), a);
  want = expected(before2, 1, T0 + 30 * DAY);
  t.ok('Again on a known question: a lapse, S\'f, back in 10 minutes', got.due === want.due && got.s === want.s &&
    got.lapses === 1 && got.s < before2.s, JSON.stringify({ got, want }));

  // Unanswered questions are never scheduled.
  if (unanswered) {
    await page.goto('file://' + qfile(unanswered.id));
    t.ok('no grade bar on an unanswered question', await page.$$eval('.srs-grade', e => e.length) === 0);
    await page.keyboard.press(' ');
    await page.keyboard.press('3');
    t.ok('grading it does nothing', await page.evaluate(id => HB.srs.grade(id, 3) === false && HB.srs.card(id) === null, unanswered.id));
  } else {
    t.skip('unanswered', 'the sample has none');
  }

  // ---- a session: due questions first, then new ones ----
  await page.clock.setFixedTime(T0 + 31 * DAY);
  await page.goto('file://' + path.join(site, 'practice.html'));
  const q = await page.evaluate(() => HB.srs.queue(window.HB_QUESTIONS.questions, HB.srs.now(), 20));
  t.ok('the queue: due first (oldest first), then new in reading order',
    q.length === 4 + 20 && q.slice(0, 4).sort().join() === [a, b, c, d].sort().join() &&
    q.slice(4).every(id => ![a, b, c, d].includes(id)) && q[4] === answeredIds.find(id => ![a, b, c, d].includes(id)), q.slice(0, 6).join(' '));
  await Promise.all([page.waitForNavigation(), page.click('.srs-start')]);
  t.ok('start opens the first question', page.url().includes('?srs=1') &&
    decodeURIComponent(page.url()).includes('/q/' + q[0] + '.html'), page.url());
  t.ok('the session bar counts', (await page.$eval('.srs-count', e => e.textContent)).match(/\d+/g).join() === '1,24');
  t.ok('answers folded in a session', await page.$$eval('details.reveal[open]', e => e.length) === 0);
  await page.keyboard.press(' ');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('4')]);
  t.ok('grading moves on', decodeURIComponent(page.url()).includes('/q/' + q[1] + '.html') &&
    (await page.$eval('.srs-count', e => e.textContent)).match(/\d+/g).join() === '2,24', page.url());
  await Promise.all([page.waitForNavigation(), page.click('.srs-end')]);
  t.ok('ending returns to the practice page with a summary', page.url().endsWith('practice.html?srs=done') &&
    /1/.test(await page.$eval('.srs-msg', e => e.textContent)), page.url());

  // ---- export, then import on another machine (a fresh profile) ----
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('.srs-export')]);
  const file = path.join(tmpdir('srs-export'), dl.suggestedFilename());
  await dl.saveAs(file);
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  const mine = await page.evaluate(() => HB.srs.cards());
  t.ok('export writes every card', exported.format === 'handbook-srs' && exported.version === 1 &&
    JSON.stringify(exported.cards) === JSON.stringify(mine) && Object.keys(mine).length === 4, dl.suggestedFilename());
  t.ok('the file is named by date', /^handbook-progress-2025-04-03\.json$/.test(dl.suggestedFilename()), dl.suggestedFilename());
  t.ok('no console errors (grading, session, export)', page.problems.length === 0, page.problems.join('; '));
  await ctx.close();

  ctx = await br.newContext();
  page = await watchedPage(ctx);
  await page.clock.setFixedTime(T0 + 31 * DAY);
  await page.goto('file://' + path.join(site, 'practice.html'));
  t.ok('a fresh profile has no cards', await page.evaluate(() => Object.keys(HB.srs.cards()).length) === 0);
  await page.setInputFiles('.srs-import', file);
  await page.waitForFunction(() => /\d/.test(document.querySelector('.srs-msg').textContent));
  const imported = await page.evaluate(() => HB.srs.cards());
  t.ok('import round trip: the same cards', JSON.stringify(imported) === JSON.stringify(mine),
    JSON.stringify(imported).slice(0, 200));
  t.ok('import says how many', /4/.test(await page.$eval('.srs-msg', e => e.textContent)));
  t.ok('the dashboard counts the imported cards', /\d/.test(await page.$eval('.srs-due-count', e => e.textContent)) &&
    !/^\D*0\D*$/.test(await page.$eval('.srs-due-count', e => e.textContent)));
  // Merging: a newer local review wins over an older imported one.
  const n = await page.evaluate(x => HB.srs.importData(x), JSON.stringify({ format: 'handbook-srs', version: 1,
    cards: { [a]: { s: 1, d: 5, due: 0, last: 0, reps: 1, lapses: 0, g: 3 } } }));
  t.ok('an older card does not replace a newer one', n === 0);
  const bad = await page.evaluate(() => { try { HB.srs.importData('{"x":1}'); return 'no'; } catch (e) { return 'threw'; } });
  t.ok('a file that is not progress is refused', bad === 'threw');

  // CSP: no inline handlers anywhere after the scripts ran.
  const handlers = await page.evaluate(() => Array.from(document.querySelectorAll('*')).flatMap(el =>
    Array.from(el.attributes).filter(at => /^on/i.test(at.name)).map(at => el.tagName + '@' + at.name)));
  t.ok('no inline event handlers', handlers.length === 0, handlers.join(' '));
  t.ok('no console errors (import)', page.problems.length === 0, page.problems.join('; '));
  await ctx.close();

  // JSON written into a page escapes <, >, & and U+2028/9.
  const hb = tmpdir('practice-json');
  fs.mkdirSync(path.join(hb, 'content'));
  fs.writeFileSync(path.join(hb, 'content', 'x.md'),
    '---\ntitle: "A <!--<script> & \u2028 question"\n---\nAnswer.\n');
  const out = path.join(tmpdir('practice-json-site'), 'site');
  build(hb, out);
  const html = fs.readFileSync(path.join(out, 'practice.html'), 'utf8');
  const json = html.match(/<script type="application\/json" id="practice-data">([^]*?)<\/script>/);
  t.ok('practice JSON escapes <, >, & and U+2028', json && !/[<>&\u2028]/.test(json[1]) &&
    /\\u003c!--\\u003cscript\\u003e \\u0026 ?\\u2028/.test(json[1]), json && json[1].slice(0, 200));
  t.ok('and still parses', json && /^A <!--<script> & ?\u2028 ?question$/.test(JSON.parse(json[1])[0].title));
  await br.close();
  t.done();
})().catch(e => { console.log('FAIL practice.test: ' + e.stack); process.exit(1); });
