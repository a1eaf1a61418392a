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
  const seeds = seedHandbook();
  if (seeds) {
    const sout = tmpdir('reader-seeds');
    build(seeds, sout);
    await navigation(ctx, sout, 'seeds');
    await book(ctx, sout, 'seeds');
  } else {
    t.skip('seeds', '../shared/seeds not present');
  }
  await b.close();
  t.done();
})().catch(e => { console.log('FAIL reader.test: ' + e.stack); process.exit(1); });
