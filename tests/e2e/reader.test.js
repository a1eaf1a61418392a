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
  const seeds = seedHandbook();
  if (seeds) {
    const sout = tmpdir('reader-seeds');
    build(seeds, sout);
    await navigation(ctx, sout, 'seeds');
    await book(ctx, sout, 'seeds');
    await search(ctx, sout, 'seeds', 'channel', 'chanel', '切片');
    await practice(ctx, sout, 'seeds');
  } else {
    t.skip('seeds', '../shared/seeds not present');
  }
  await b.close();
  t.done();
})().catch(e => { console.log('FAIL reader.test: ' + e.stack); process.exit(1); });
