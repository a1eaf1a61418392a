// The reader's way around the book (issue #11), from file://, on the
// sample handbook and the seeds: the sidebar lists every document and
// marks the page it is on, "on this page" anchors exist, rel=next from
// the home page visits every document once.
'use strict';
const fs = require('fs');
const path = require('path');
const { reporter, repo, tmpdir, build, seedHandbook, browser, watchedPage } = require('./lib');

const t = reporter('reader.test');

function docs(site) {
  return fs.readdirSync(path.join(site, 'd')).filter(f => f.endsWith('.html')).sort();
}

async function navigation(ctx, site, name) {
  const page = await watchedPage(ctx);
  const all = docs(site);
  // The sidebar on the home page and on each document page.
  await page.goto('file://' + path.join(site, 'index.html'));
  await page.waitForSelector('#site-nav .nav-tree');
  // Open every section, then collect document links.
  for (let round = 0; round < 8; round++) {
    const closed = await page.$$('#site-nav .nav-fold[aria-expanded="false"]');
    if (!closed.length) break;
    for (const b of closed) await b.click();
  }
  const listed = await page.$$eval('#site-nav a[href*="d/"]',
    as => as.map(a => decodeURIComponent(new URL(a.href).pathname.split('/').pop())));
  const missing = all.filter(d => !listed.includes(d));
  t.ok(`${name}: navigation lists every document`, missing.length === 0, missing.slice(0, 5).join(' '));
  t.ok(`${name}: home marked current`, await page.$eval('#site-nav [aria-current="page"]',
    a => a.getAttribute('href')) === 'index.html');
  let marked = 0, tocs = 0, tocMissing = [];
  for (const d of all) {
    await page.goto('file://' + path.join(site, 'd', d));
    const cur = await page.$$eval('#site-nav a[aria-current="page"]',
      as => as.map(a => decodeURIComponent(new URL(a.href).pathname.split('/').pop())));
    if (cur.length === 1 && cur[0] === d) marked++;
    // On this page: every anchor names an element of the page.
    const n = await page.$$eval('article.question', e => e.length);
    const anchors = await page.$$eval('.toc a[href^="#"]', as => as.map(a => a.getAttribute('href').slice(1)));
    if (n >= 3) {
      if (anchors.length >= n) tocs++;
      for (const id of anchors)
        if (!(await page.$(`[id="${decodeURIComponent(id).replace(/"/g, '\\"')}"]`))) tocMissing.push(`${d}#${id}`);
    }
    // Permalinks beside the question headings.
    const perma = await page.$$eval('article.question h2.q-title a.q-anchor', as => as.length);
    if (n > 0 && perma !== n) tocMissing.push(`${d}: ${perma} permalinks for ${n} questions`);
  }
  t.ok(`${name}: each document page marks itself, once`, marked === all.length, `${marked}/${all.length}`);
  const big = [];
  for (const d of all) {
    const html = fs.readFileSync(path.join(site, 'd', d), 'utf8');
    if ((html.match(/<article class="question"/g) || []).length >= 3) big.push(d);
  }
  t.ok(`${name}: documents of 3+ questions have "on this page"`, tocs === big.length, `${tocs}/${big.length}`);
  t.ok(`${name}: table of contents anchors and permalinks exist`, tocMissing.length === 0, tocMissing.slice(0, 5).join(' '));
  // A question page marks its question and lists its siblings.
  const q = fs.readdirSync(path.join(site, 'q'))[0];
  await page.goto('file://' + path.join(site, 'q', q));
  const qcur = await page.$$eval('#site-nav a[aria-current="page"]', as => as.length);
  t.ok(`${name}: a question page is marked in the navigation`, qcur === 1, String(qcur));
  t.ok(`${name}: navigation: no console errors`, page.problems.length === 0, page.problems.join('; '));
  await page.close();
}

// rel=next from the home page, to the end: every document once.
async function book(ctx, site, name) {
  const page = await watchedPage(ctx);
  const seen = new Map();
  let url = 'file://' + path.join(site, 'index.html'), steps = 0, back = true, prev = null;
  while (url && steps < 5000) {
    await page.goto(url);
    steps++;
    const here = decodeURIComponent(new URL(page.url()).pathname);
    const rel = path.relative(site, here);
    if (rel.startsWith('d/')) seen.set(rel, (seen.get(rel) || 0) + 1);
    // prev leads back where we came from
    if (prev) {
      const p = await page.$eval('a[rel="prev"]', a => a.href).catch(() => null);
      if (!p || decodeURIComponent(new URL(p).pathname) !== prev) back = false;
    }
    prev = here;
    url = await page.$eval('a[rel="next"]', a => a.href).catch(() => null);
  }
  const all = docs(site);
  const once = all.filter(d => seen.get('d/' + d) === 1).length;
  t.ok(`${name}: rel=next from home visits every document once`, once === all.length,
    `${once}/${all.length} in ${steps} pages`);
  t.ok(`${name}: rel=prev walks back`, back);
  // The arrow key follows rel=next.
  await page.goto('file://' + path.join(site, 'index.html'));
  const next = await page.$eval('a[rel="next"]', a => a.href);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('ArrowRight')]);
  t.ok(`${name}: ArrowRight goes to the next page`, page.url() === next, page.url());
  await page.close();
}

// The phone drawer: hidden, opened by the menu button, closed by Escape.
async function drawer(b, site) {
  const ctx = await b.newContext({ viewport: { width: 390, height: 800 } });
  const page = await watchedPage(ctx);
  await page.goto('file://' + path.join(site, 'd', docs(site)[0]));
  const hidden = await page.$eval('#site-nav', n => getComputedStyle(n).visibility);
  await page.click('.nav-toggle');
  await page.waitForTimeout(300);
  const shown = await page.$eval('#site-nav', n => getComputedStyle(n).visibility);
  const expanded = await page.getAttribute('.nav-toggle', 'aria-expanded');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  const after = await page.$eval('#site-nav', n => getComputedStyle(n).visibility);
  t.ok('phone: navigation is a drawer behind the menu button',
    hidden === 'hidden' && shown === 'visible' && expanded === 'true' && after === 'hidden',
    `${hidden} ${shown} ${expanded} ${after}`);
  await ctx.close();
}

// Search as readers of docs sites know it: ?q= opens with results, a
// typo finds its word, the landing page marks the hit, Back keeps the
// query, snippets show where the query matched.
async function search(ctx, site, name, word, typo, cjk) {
  const page = await watchedPage(ctx);
  const home = 'file://' + path.join(site, 'index.html');
  const results = async () => {
    await page.waitForSelector('#search-results a.result, #search-results .search-empty', { timeout: 10000 });
    return page.$$eval('#search-results a.result', as => as.map(a => ({
      href: a.href, title: a.querySelector('.result-title').textContent,
      snippet: a.querySelector('.result-snippet').innerHTML, meta: a.querySelector('.result-meta').textContent })));
  };
  await page.goto(home + '?q=' + encodeURIComponent(word));
  let r = await results();
  t.ok(`${name}: index.html?q=${word} opens with results`, r.length > 0 &&
    await page.inputValue('#search-input') === word, String(r.length));
  await page.waitForFunction(() => document.querySelector('#search-results .result-snippet mark'), null, { timeout: 5000 }).catch(() => {});
  const snip = await page.$$eval('#search-results .result-snippet', s => s.map(x => x.innerHTML));
  t.ok(`${name}: snippets show the matching part`, snip.some(h => /<mark>/.test(h)), snip.slice(0, 2).join(' | '));
  // The landing page marks the words and scrolls to the first.
  await Promise.all([page.waitForNavigation(), page.click('#search-results a.result')]);
  await page.waitForTimeout(200);
  const marks = await page.$$eval('main mark.search-hit', m => m.map(x => x.textContent));
  const inView = await page.$eval('main mark.search-hit.is-first', m => {
    const r = m.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  }).catch(() => false);
  t.ok(`${name}: the landing page marks the hit`, marks.length > 0 &&
    marks.some(m => m.toLowerCase().includes(word.toLowerCase())) && inView, marks.slice(0, 3).join(','));
  await page.goBack();
  await page.waitForTimeout(300);
  r = await results();
  t.ok(`${name}: the query stays after Back`, await page.inputValue('#search-input') === word && r.length > 0);
  // One edit away, Latin words of 5+ letters.
  await page.goto(home + '?q=' + encodeURIComponent(typo));
  r = await results();
  const fuzzy = await page.$eval('#search-results .search-fuzzy', e => e.textContent).catch(() => '');
  t.ok(`${name}: a typo (${typo}) finds its word`, r.length > 0 && fuzzy.toLowerCase().includes(word.toLowerCase()),
    `${r.length} ${fuzzy}`);
  // Chinese stays exact.
  await page.goto(home + '?q=' + encodeURIComponent(cjk));
  r = await results();
  const cjkFuzzy = await page.$('#search-results .search-fuzzy');
  t.ok(`${name}: Chinese (${cjk}) is found exactly`, r.length > 0 && !cjkFuzzy);
  // A topic result names the topic once.
  const topic = r.find(x => /\/topics\//.test(x.href));
  if (topic) t.ok(`${name}: a topic result shows its name once`, !topic.meta.includes(topic.title), topic.meta);
  t.ok(`${name}: search: no console errors`, page.problems.length === 0, page.problems.join('; '));
  await page.close();
}

// Practice and print: choice questions keep their code above the
// choices in practice mode, no raw [A: …] text; the candidate sheet
// shows no verdicts, stars, reviews or scorecard; placeholders and
// checklists are not code and brackets.
const VERDICT = /★|⭐|☑|☐|优秀|良好|一般|需提升|通过|总体评价|综合评价|面试结果|推荐录用|面试官点评|\[x\]|\[ \]/;
async function practice(ctx, site, name) {
  const page = await watchedPage(ctx);
  let checked = 0;
  for (const d of docs(site)) {
    await page.goto('file://' + path.join(site, 'd', d));
    const html = fs.readFileSync(path.join(site, 'd', d), 'utf8');
    // Candidate sheet, print media.
    if (/class="scorecard"|class="reveal review"/.test(html)) {
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => document.documentElement.setAttribute('data-print', 'candidate'));
      const text = await page.$eval('main', m => m.innerText);
      const bad = text.split('\n').filter(l => VERDICT.test(l));
      t.ok(`${name}: ${d}: the candidate sheet holds no verdicts`, bad.length === 0, bad.slice(0, 3).join(' / '));
      await page.evaluate(() => document.documentElement.removeAttribute('data-print'));
      await page.emulateMedia({ media: 'screen' });
      checked++;
    }
    t.ok(`${name}: ${d}: no [x] or placeholder code`, !/<pre><code>\[[^\]\n<]*\]\n?<\/code><\/pre>/.test(html) &&
      !/\[x\] |\[ \] /.test(html.replace(/<pre[\s\S]*?<\/pre>/g, '')));
    // Choice questions in practice mode.
    const choice = await page.$$('article.question:has(.choices)');
    if (!choice.length) continue;
    // On the candidate's sheet: the question's code and text with the
    // choices, no answer.
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => document.documentElement.setAttribute('data-print', 'candidate'));
    const sheet = await page.$$eval('article.question:has(.choices)', qs => qs.map(q => ({
      prompt: !q.querySelector('.prompt') || q.querySelector('.prompt').checkVisibility(),
      code: Array.from(q.querySelectorAll('.prompt pre')).every(p => p.checkVisibility()),
      choices: Array.from(q.querySelectorAll('.choice')).every(c => c.checkVisibility()),
      answer: Array.from(q.querySelectorAll('details.reveal')).some(d => d.checkVisibility()) })));
    await page.evaluate(() => document.documentElement.removeAttribute('data-print'));
    await page.emulateMedia({ media: 'screen' });
    t.ok(`${name}: ${d}: the candidate sheet shows choice questions' code and text with the choices, not the answer`,
      sheet.every(x => x.prompt && x.code && x.choices && !x.answer), JSON.stringify(sheet.filter(x => !(x.prompt && x.code && x.choices && !x.answer))));
    if (await page.getAttribute('.practice-toggle', 'aria-pressed') !== 'true') await page.click('.practice-toggle');
    const res = await page.$$eval('article.question:has(.choices)', qs => qs.map(q => ({
      raw: /\[A[:：]/.test(q.innerText),
      code: !!q.querySelector('.prompt pre') && q.querySelector('.prompt pre').checkVisibility(),
      hasCode: !!q.querySelector('pre'),
      hidden: Array.from(q.querySelectorAll('details.reveal')).every(dd => !dd.open) })));
    t.ok(`${name}: ${d}: choices without their raw [A: …] text`, res.every(x => !x.raw));
    t.ok(`${name}: ${d}: choice questions keep their code visible in practice`, res.every(x => !x.hasCode || x.code),
      JSON.stringify(res.filter(x => x.hasCode && !x.code).length));
    t.ok(`${name}: ${d}: answers hidden until checked`, res.every(x => x.hidden));
    await page.click('.practice-toggle');
  }
  t.ok(`${name}: a record was checked as the candidate's sheet`, checked > 0);
  // Random practice leaves out unanswered questions.
  await page.goto('file://' + path.join(site, 'practice.html'));
  const unans = await page.$$eval('.practice-set li[data-status="unanswered"]', l => l.length);
  t.ok(`${name}: random practice skips unanswered questions`, unans === 0, String(unans));
  t.ok(`${name}: practice: no console errors`, page.problems.length === 0, page.problems.join('; '));
  await page.close();
}

// On this page, on a wide screen: sticky beside the text, and the link of
// the question scrolled to is the one marked (aria-current="location").
async function onThisPage(b, site, name) {
  const ctx = await b.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await watchedPage(ctx);
  let d = null;
  for (const f of docs(site)) {
    const html = fs.readFileSync(path.join(site, 'd', f), 'utf8');
    if (/<nav class="toc"/.test(html) && (html.match(/<article class="question"/g) || []).length >= 3) { d = f; break; }
  }
  if (!d) { t.skip(`${name}: on this page`, 'no document with 3+ questions'); await ctx.close(); return; }
  await page.goto('file://' + path.join(site, 'd', d));
  const ids = await page.$$eval('article.question', qs => qs.map(q => q.id));
  t.ok(`${name}: on this page is sticky on a wide screen`,
    await page.$eval('.toc', n => getComputedStyle(n).position) === 'sticky');
  const current = () => page.$$eval('.toc a[aria-current="location"]',
    as => as.map(a => decodeURIComponent(a.getAttribute('href').slice(1))));
  const first = await page.$eval('.toc a[href^="#"]', a => decodeURIComponent(a.getAttribute('href').slice(1)));
  t.ok(`${name}: at the top the first entry is highlighted`, (await current()).join() === first, (await current()).join());
  let good = 0;
  const picks = [1, Math.floor(ids.length / 2), ids.length - 1];
  for (const i of picks) {
    await page.$eval(`[id="${ids[i].replace(/"/g, '\\"')}"]`, e => e.scrollIntoView({ block: 'start' }));
    // A scroll handler runs on the next frame: wait for the state, not for time.
    const ok = await page.waitForFunction(id => {
      const a = document.querySelectorAll('.toc a[aria-current="location"]');
      return a.length === 1 && decodeURIComponent(a[0].getAttribute('href').slice(1)) === id;
    }, ids[i], { timeout: 3000 }).then(() => true, () => false);
    const tocInView = await page.$eval('.toc', n => { const r = n.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; });
    // The last question may not reach the top of a short page.
    if ((ok || i === ids.length - 1) && tocInView) good++;
  }
  t.ok(`${name}: on this page highlights the question in view and stays in view`, good === picks.length,
    `${good}/${picks.length} (${d})`);
  // The sidebar's entry for that question stands out from its siblings.
  const side = await page.$$eval('#site-nav .nav-qs a', as => as.map(a => ({
    on: a.getAttribute('aria-current') === 'location', color: getComputedStyle(a).color })));
  const on = side.filter(x => x.on), off = side.filter(x => !x.on);
  t.ok(`${name}: the sidebar marks the question in view`, on.length === 1 && off.every(x => x.color !== on[0].color),
    JSON.stringify(on));
  // The permalink: a # link beside the heading that puts the question's URL
  // in the address bar and its heading at the top.
  const id = ids[1];
  await page.click(`[id="${id.replace(/"/g, '\\"')}"] a.q-anchor`);
  await page.waitForFunction(h => location.hash === h, '#' + encodeURIComponent(id), { timeout: 3000 }).catch(() => {});
  const shown = decodeURIComponent(new URL(page.url()).hash.slice(1));
  const top = await page.$eval(`[id="${id.replace(/"/g, '\\"')}"]`, e => e.getBoundingClientRect().top);
  t.ok(`${name}: a permalink shows the question's URL`, shown === id && top >= 0 && top < 200, `${shown} ${top}`);
  // j and k step through the questions of the page, arrows through the book.
  await page.goto('file://' + path.join(site, 'd', d));
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  t.ok(`${name}: j steps to the next question`, focused === ids[1], String(focused));
  await page.keyboard.press('k');
  t.ok(`${name}: k steps back`, await page.evaluate(() => document.activeElement.id) === ids[0]);
  t.ok(`${name}: on this page: no console errors`, page.problems.length === 0, page.problems.join('; '));
  await ctx.close();
}

// The home page of a handbook with sections: each section with its
// documents and question counts, and counts that add up.
async function home(ctx, site, name) {
  const page = await watchedPage(ctx);
  await page.goto('file://' + path.join(site, 'index.html'));
  const secs = await page.$$eval('main section.home-section', ss => ss.map(s => ({
    title: s.querySelector('h2').textContent,
    count: +(s.querySelector('h2 .count') || { textContent: 'NaN' }).textContent,
    docs: s.querySelectorAll('.doc-card').length,
    cards: Array.from(s.querySelectorAll('.doc-card')).map(c => (c.getAttribute('data-ids') || '').split(' ').filter(Boolean).length) })));
  const total = await page.$eval('.stats dd', d => +d.textContent);
  const sum = secs.reduce((n, s) => n + s.cards.reduce((a, b) => a + b, 0), 0);
  t.ok(`${name}: the home page lists documents by section`, secs.length > 0 && secs.every(s => s.docs > 0), JSON.stringify(secs.map(s => s.title)));
  t.ok(`${name}: the home page's sections account for every question`, sum === total, `${sum} of ${total}`);
  // j/k on a page without questions move through the book.
  const next = await page.$eval('a[rel="next"]', a => a.href);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('j')]);
  t.ok(`${name}: j on the home page goes to the next page`, page.url() === next, page.url());
  await page.close();
}

// Without JavaScript: no sidebar, but every document is reached from the
// home page (directly or through its section's page), every page links
// home through its breadcrumbs, and prev/next are plain links.
async function noScript(b, site, name) {
  const ctx = await b.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  const links = (sel) => page.$$eval(sel, as => as.map(a => decodeURIComponent(new URL(a.href).pathname)));
  await page.goto('file://' + path.join(site, 'index.html'));
  // A one-question document is reached through its question's page.
  const reached = new Set(), sections = [];
  const note = u => { if (/\/[dq]\/[^/]+\.html$/.test(u)) reached.add(u.split('/').slice(-2).join('/')); };
  for (const u of await links('main a[href]')) {
    note(u);
    if (/\/s\/[^/]+\.html$/.test(u)) sections.push(u);
  }
  for (const s of sections) {
    await page.goto('file://' + s);
    (await links('main a[href]')).forEach(note);
  }
  const all = docs(site);
  const lost = all.filter(d => {
    if (reached.has('d/' + d)) return false;
    const ids = [...fs.readFileSync(path.join(site, 'd', d), 'utf8').matchAll(/<article class="question" id="([^"]*)"/g)].map(m => m[1]);
    return !(ids.length === 1 && reached.has('q/' + ids[0] + '.html'));
  });
  t.ok(`${name}: without JavaScript the home page reaches every document`, lost.length === 0, lost.slice(0, 5).join(' '));
  let crumbs = 0, pager = 0;
  const home = path.join(site, 'index.html');
  for (const d of all) {
    await page.goto('file://' + path.join(site, 'd', d));
    const c = await links('.breadcrumbs a');
    if (c.includes(home)) crumbs++;
    if (await page.$('.pager a[rel="prev"]')) pager++;
  }
  t.ok(`${name}: without JavaScript every document links home (breadcrumbs) and back (rel=prev)`,
    crumbs === all.length && pager === all.length, `${crumbs} ${pager} of ${all.length}`);
  // The answers are readable: folded parts are open in the HTML.
  await page.goto('file://' + path.join(site, 'd', all[0]));
  const closed = await page.$$eval('details.reveal', ds => ds.filter(d => !d.open).length);
  t.ok(`${name}: without JavaScript answers are shown`, closed === 0, String(closed));
  await ctx.close();
}

// Keyboard: a section of the sidebar folds and unfolds from the keyboard.
async function keyboard(ctx, site, name) {
  const page = await watchedPage(ctx);
  await page.goto('file://' + path.join(site, 'index.html'));
  await page.waitForSelector('#site-nav .nav-fold');
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement.classList.contains('nav-fold'));
  }
  const before = await page.evaluate(() => document.activeElement.getAttribute('aria-expanded'));
  await page.keyboard.press('Enter');
  const after = await page.evaluate(() => document.activeElement.getAttribute('aria-expanded'));
  const kids = await page.evaluate(() => {
    const ul = document.activeElement.closest('li').querySelector(':scope > ul');
    return ul ? !ul.hidden : false;
  });
  t.ok(`${name}: a sidebar section folds from the keyboard`, reached && before !== after && kids === (after === 'true'),
    `${reached} ${before} -> ${after}`);
  await page.close();
}

// Reviews once, in the author's order; ticks, not [x]; practice buttons
// only on answered questions; 相关主题; the colour toggle is not 主题;
// source links land on the question's line.
async function records(ctx, site, name) {
  const page = await watchedPage(ctx);
  let reviews = 0, orderBad = [], twice = [], buttons = [], ticks = 0;
  for (const d of docs(site)) {
    await page.goto('file://' + path.join(site, 'd', d));
    const r = await page.$$eval('article.question', qs => qs.map(q => {
      const parts = Array.from(q.querySelectorAll(':scope > details.reveal')).map(x =>
        x.classList.contains('review') ? 'review' : x.getAttribute('data-kind'));
      const rv = q.querySelector('details.review');
      const full = rv && rv.querySelector('.review-full');
      const said = rv ? Array.from(rv.querySelectorAll('.pros li, .cons li, .review-summary')).map(x => x.textContent.trim()) : [];
      return { id: q.id, parts, status: q.getAttribute('data-status'),
        twice: full ? said.filter(s => s.length > 3 && full.textContent.includes(s)) : [],
        buttons: !!q.querySelector('.mark-known, .mark-again') };
    }));
    for (const q of r) {
      if (q.parts.includes('review')) reviews++;
      const c = q.parts.indexOf('candidate'), v = q.parts.indexOf('review'), f = q.parts.indexOf('reference');
      if (c >= 0 && v >= 0 && f >= 0 && !(c < v && v < f)) orderBad.push(`${d}#${q.id}: ${q.parts}`);
      if (q.twice.length) twice.push(`${d}#${q.id}: ${q.twice[0]}`);
      if (q.buttons === (q.status === 'unanswered')) buttons.push(`${d}#${q.id}`);
    }
    if (await page.$('.tick')) {
      const text = await page.$eval('main', m => m.innerText);
      if (!/\[[xX ]\]/.test(text)) ticks++;
      else orderBad.push(`${d}: [x] as text`);
    }
  }
  t.ok(`${name}: candidate answer, review, reference answer in the author's order`, orderBad.length === 0, orderBad.slice(0, 3).join(' / '));
  t.ok(`${name}: a review says each point once`, reviews > 0 && twice.length === 0, `${reviews} reviews; ${twice.slice(0, 3).join(' / ')}`);
  t.ok(`${name}: 我会了/再练练 only on answered questions`, buttons.length === 0, buttons.slice(0, 3).join(' '));
  // Topics: related topics under their own name; the colour toggle is not "Topics".
  const topics = fs.readdirSync(path.join(site, 'topics')).filter(f => f !== 'index.html');
  let related = 0, wrong = [];
  for (const f of topics) {
    await page.goto('file://' + path.join(site, 'topics', f));
    const h = await page.$eval('.related-topics h2', e => e.textContent).catch(() => null);
    if (h === null) continue;
    related++;
    if (h !== await page.evaluate(() => HB.t('related_topics'))) wrong.push(`${f}: ${h}`);
  }
  if (related) t.ok(`${name}: the related-topics heading says related topics`, wrong.length === 0, wrong.join(' '));
  const topicsWord = await page.$eval('.topics-link', a => a.textContent);
  const toggle = await page.$eval('.theme-toggle', b => [b.textContent, b.getAttribute('aria-label'), b.title].join('|'));
  t.ok(`${name}: the colour toggle is not called ${topicsWord}`, !toggle.split('|').includes(topicsWord), toggle);
  // Source links: the source view, scrolled to the question's line.
  let lines = 0, off = [];
  const qs = fs.readdirSync(path.join(site, 'q')).sort().slice(0, 12);
  for (const f of qs) {
    await page.goto('file://' + path.join(site, 'q', f));
    const src = await page.$eval('a.q-source', a => a.href).catch(() => null);
    if (!src) continue;
    const title = await page.$eval('h1', h => { const c = h.cloneNode(true); c.querySelectorAll('.q-num').forEach(n => n.remove()); return c.textContent.trim(); });
    await page.goto(src);
    const hash = decodeURIComponent(new URL(src).hash.slice(1));
    // The heading line, or for a one-question file its front matter
    // (the file is the question): the title within the next lines.
    const line = await page.$eval(`[id="${hash}"]`, e => {
      const r = e.getBoundingClientRect();
      const all = e.closest('pre').textContent.split('\n'), n = +e.id.slice(1);
      return { text: all.slice(n - 1, n + 8).join('\n'), seen: r.top >= 0 && r.bottom <= innerHeight, target: e.matches(':target') };
    }).catch(() => null);
    if (line && line.seen && line.target && line.text.includes(title.slice(0, 8))) lines++;
    else off.push(`${f} -> ${hash}: ${line && line.text}`);
  }
  t.ok(`${name}: source links open the source at the question's line`, lines > 0 && off.length === 0,
    `${lines} ok; ${off.slice(0, 3).join(' / ')}`);
  t.ok(`${name}: records: no console errors`, page.problems.length === 0, page.problems.join('; '));
  await page.close();
}

(async () => {
  const out = tmpdir('reader');
  try {
    build(repo, out);
  } catch (e) {
    t.ok('sample handbook builds', false, String(e.stderr || e));
    t.done();
  }
  const b = await browser();
  const ctx = await b.newContext();
  await navigation(ctx, out, 'sample');
  await book(ctx, out, 'sample');
  await drawer(b, out);
  await search(ctx, out, 'sample', 'goroutine', 'gorutine', '调度');
  await practice(ctx, out, 'sample');
  await onThisPage(b, out, 'sample');
  await home(ctx, out, 'sample');
  await noScript(b, out, 'sample');
  await keyboard(ctx, out, 'sample');
  await records(ctx, out, 'sample');
  const seeds = seedHandbook();
  if (seeds) {
    const sout = tmpdir('reader-seeds');
    build(seeds, sout);
    await navigation(ctx, sout, 'seeds');
    await book(ctx, sout, 'seeds');
    await search(ctx, sout, 'seeds', 'channel', 'chanel', '切片');
    await practice(ctx, sout, 'seeds');
    await onThisPage(b, sout, 'seeds');
    await noScript(b, sout, 'seeds');
    await records(ctx, sout, 'seeds');
  } else {
    t.skip('seeds', '../shared/seeds not present');
  }
  await b.close();
  t.done();
})().catch(e => { console.log('FAIL reader.test: ' + e.stack); process.exit(1); });
