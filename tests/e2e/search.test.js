// Search in the browser (issue #5): the sample handbook and the seeds,
// opened from file:// and served over http, in Debian's chromium. The
// search box finds the right question first for Chinese, identifiers and
// English, keyboard navigation works, filters filter, and nothing logs an
// error. Skips when the site generator does not produce a searchable site.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { repo, reporter, tmpdir, build, seedHandbook, browser, watchedPage } =
  require('./lib');

const t = reporter('search.test');

// A built site with the search box and an index, or null.
function searchable(out) {
  const index = path.join(out, 'index.html');
  const dir = path.join(out, 'assets', 'search');
  if (!fs.existsSync(index) || !fs.existsSync(dir)) return null;
  if (!/id="search-input"/.test(fs.readFileSync(index, 'utf8'))) return null;
  return fs.readdirSync(dir).some(f => /^index\..*\.js$/.test(f)) ? out : null;
}

function tryBuild(dir, tag) {
  const out = tmpdir(tag);
  try {
    build(dir, out);
  } catch (e) {
    return null;
  }
  return searchable(out);
}

// Types q into the box (after focusing it with "/") and waits for the
// results of exactly q. Returns [{href, title, doc, meta}].
async function search(page, q) {
  await page.evaluate(() => {
    const i = document.getElementById('search-input');
    i.value = '';
    i.dispatchEvent(new Event('input', { bubbles: true }));
    i.blur();
  });
  await page.keyboard.press('/');
  const focused = await page.evaluate(() => document.activeElement &&
    document.activeElement.id);
  if (focused !== 'search-input') throw new Error('"/" did not focus the box');
  await page.keyboard.type(q, { delay: 10 });
  await page.waitForFunction(text =>
    document.getElementById('search-results').getAttribute('data-query') === text,
  q, { timeout: 10000 });
  return page.$$eval('#search-results a.result', as => as.map(a => ({
    href: a.getAttribute('href'),
    title: a.querySelector('.result-title').textContent,
    doc: a.querySelector('.result-doc').textContent,
    snippet: a.querySelector('.result-snippet').textContent,
    meta: a.querySelector('.result-meta').textContent,
  })));
}

function first(results) {
  return results.length ? results[0].title : '(none)';
}

async function queries(ctx, url, name, expect) {
  const page = await watchedPage(ctx);
  await page.goto(url);
  for (const [q, test, what] of expect) {
    let r;
    try {
      r = await search(page, q);
    } catch (e) {
      t.ok(`${name}: ${q}`, false, e.message);
      continue;
    }
    t.ok(`${name}: ${q} -> ${what}`, test(r), `got ${first(r)}; ` +
      r.slice(0, 5).map(x => x.title).join(' | '));
    t.ok(`${name}: ${q}: links to question pages`, r.length > 0 &&
      /^(\.\.\/)?(q|topics|d)\/[^/?]+\.html(\?hl=[^#/]*)?$/.test(r[0].href), r[0] && r[0].href);
  }
  t.ok(`${name}: no console errors`, page.problems.length === 0,
    page.problems.slice(0, 3).join('; '));
  await page.close();
}

async function keyboard(ctx, site) {
  const page = await watchedPage(ctx);
  await page.goto('file://' + path.join(site, 'index.html'));
  const r = await search(page, 'goroutine');
  t.ok('keyboard: results for goroutine', r.length >= 2, String(r.length));
  const state = () => page.evaluate(() => {
    const i = document.getElementById('search-input');
    const box = document.getElementById('search-results');
    return {
      active: i.getAttribute('aria-activedescendant'),
      expanded: i.getAttribute('aria-expanded'),
      hidden: box.hidden,
      selected: Array.from(box.querySelectorAll('[aria-selected="true"]'))
        .map(e => e.id),
    };
  });
  let s = await state();
  t.ok('keyboard: listbox open', s.expanded === 'true' && !s.hidden, JSON.stringify(s));
  await page.keyboard.press('ArrowDown');
  s = await state();
  t.ok('keyboard: ArrowDown selects the first', s.active === 'sr-0' &&
    s.selected.join() === 'sr-0', JSON.stringify(s));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  s = await state();
  t.ok('keyboard: ArrowUp goes back', s.active === 'sr-1', JSON.stringify(s));
  await page.keyboard.press('Escape');
  s = await state();
  t.ok('keyboard: Escape closes', s.hidden && s.expanded === 'false', JSON.stringify(s));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  s = await state();
  t.ok('keyboard: ArrowDown reopens', !s.hidden && s.active === 'sr-0', JSON.stringify(s));
  const href = await page.$eval('#sr-0', a => a.href);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  t.ok('keyboard: Enter opens the result', page.url() === href, `${page.url()} != ${href}`);
  t.ok('keyboard: the result page exists', fs.existsSync(decodeURIComponent(
    new URL(page.url()).pathname)), page.url());
  // From a page one folder down: links still resolve.
  const down = await search(page, '三色标记');
  const target = new URL(down[0].href, page.url());
  t.ok('from q/: result links resolve', down.length > 0 &&
    fs.existsSync(decodeURIComponent(target.pathname)), target.href);
  t.ok('keyboard: no console errors', page.problems.length === 0,
    page.problems.slice(0, 3).join('; '));
  await page.close();
}

// An input method composing pinyin: no search for the Latin letters,
// one for the Chinese it commits.
async function ime(ctx, site) {
  const page = await watchedPage(ctx);
  await page.goto('file://' + path.join(site, 'index.html'));
  await page.evaluate(() => {
    window.hbQueries = [];
    document.getElementById('search-input').addEventListener('hbsearch:results',
      e => window.hbQueries.push(e.detail.query));
  });
  await page.focus('#search-input');
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 's', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.imeSetComposition', { text: 'san', selectionStart: 3, selectionEnd: 3 });
  await page.waitForTimeout(200);
  await cdp.send('Input.insertText', { text: '三色标记' });
  await page.waitForFunction(() => window.hbQueries.length > 0, null, { timeout: 5000 })
    .catch(() => {});
  const qs = await page.evaluate(() => window.hbQueries);
  t.ok('ime: only the committed text is searched', qs.join() === '三色标记', JSON.stringify(qs));
  await page.close();
}

async function filters(ctx, site) {
  const page = await watchedPage(ctx);
  await page.goto('file://' + path.join(site, 'index.html'));
  const all = await search(page, 'goroutine');
  const status = await page.$('.search-filters select:nth-of-type(2)');
  await status.selectOption('unanswered');
  await page.waitForFunction(() => {
    const m = Array.from(document.querySelectorAll('#search-results .result-meta'));
    return m.length === 0 || m.every(e => !/已回答|Answered/.test(e.textContent));
  }, null, { timeout: 5000 }).catch(() => {});
  const metas = await page.$$eval('#search-results a.result .result-meta',
    es => es.map(e => e.textContent));
  const empty = await page.$('#search-results .search-empty');
  t.ok('filters: unanswered only', metas.every(m => /待回答|Unanswered/.test(m)) &&
    (metas.length > 0 || empty !== null), metas.join(' | '));
  t.ok('filters: fewer than all', metas.length < all.length ||
    all.every(r => /待回答|Unanswered/.test(r.meta)));
  await status.selectOption('');
  const stars = await page.$('.search-filters select:nth-of-type(3)');
  await stars.selectOption('4');
  await page.waitForTimeout(300);
  const starred = await page.$$eval('#search-results a.result .result-meta',
    es => es.map(e => (e.textContent.match(/★/g) || []).length));
  t.ok('filters: at least four stars', starred.every(n => n >= 4), starred.join());
  t.ok('filters: no console errors', page.problems.length === 0,
    page.problems.slice(0, 3).join('; '));
  await page.close();
}

// A tiny static server for the http run.
function serve(dir) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript',
    '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = path.join(dir, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const isGc = r => r.length > 0 && /GC|垃圾回收|三色/i.test(r[0].title) &&
  /\/?q\//.test(r[0].href);
const hasRaft = r => r.length > 0 && /raft/i.test(r[0].title);

(async () => {
  const site = tryBuild(repo, 'search-site');
  if (!site) {
    t.skip('search', 'site generator not available');
    t.done();
  }
  const b = await browser();
  const ctx = await b.newContext();
  const sample = 'file://' + path.join(site, 'index.html');
  await queries(ctx, sample, 'sample', [
    ['三色标记', isGc, 'a GC question first'],
    ['sync.RWMutex', r => r.slice(0, 3).some(x => /缓存|cache|计数|RWMutex|sync/i.test(x.title)),
      'a question using sync.RWMutex in the top 3'],
    ['raft', hasRaft, 'a Raft question first'],
    ['GOROUTINE', r => r.length > 0 && /goroutine/i.test(r[0].title), 'case-insensitive'],
    ['ＧＭＰ', r => r.length > 0 && /GMP/.test(r[0].title), 'full-width letters'],
  ]);
  await keyboard(ctx, site);
  await ime(ctx, site);
  await filters(ctx, site);

  const seeds = seedHandbook();
  if (seeds) {
    const ssite = tryBuild(seeds, 'search-seeds');
    if (ssite) {
      await queries(ctx, 'file://' + path.join(ssite, 'index.html'), 'seeds', [
        ['三色标记', isGc, 'the GC question first'],
        ['sync.RWMutex', r => r.length > 0 && /并发编程|计数/.test(r[0].title),
          'the counter question first'],
        ['raft', hasRaft, 'the raft question first'],
      ]);
    } else {
      t.ok('seeds build', false);
    }
  } else {
    t.skip('search seeds', '../shared/seeds not present');
  }

  const server = await serve(site);
  const url = `http://127.0.0.1:${server.address().port}/index.html`;
  await queries(ctx, url, 'http', [
    ['三色标记', isGc, 'a GC question first'],
    ['raft', hasRaft, 'a Raft question first'],
  ]);
  server.close();
  await b.close();
  t.done();
})().catch(e => { console.log('FAIL search.test: ' + e.stack); process.exit(1); });
