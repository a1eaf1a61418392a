// The site works opened straight from disk: every page of the sample
// handbook and of the seeds loads from file:// without console errors or
// network requests, every link and image resolves to a file, and the
// page tools (practice mode, dark mode, choices, copy) work.
'use strict';
const fs = require('fs');
const path = require('path');
const { reporter, repo, tmpdir, build, seedHandbook, browser, watchedPage } = require('./lib');

const t = reporter('site.test');

// Every local href/src on the page must name an existing file.
function checkTargets(page, file, links) {
  const missing = [];
  for (const raw of links) {
    if (/^(https?:|mailto:|tel:|data:|#|javascript:)/i.test(raw)) continue;
    const u = new URL(raw, 'file://' + file);
    if (u.protocol !== 'file:') continue;
    const target = decodeURIComponent(u.pathname);
    if (!fs.existsSync(target)) missing.push(raw);
  }
  return missing;
}

// Crawls from every index.html (the root and each version).
async function crawlAll(ctx, site, name) {
  const starts = [path.join(site, 'index.html')];
  if (fs.existsSync(path.join(site, 'v')))
    for (const v of fs.readdirSync(path.join(site, 'v')))
      starts.push(path.join(site, 'v', v, 'index.html'));
  return crawl(ctx, site, name, starts);
}

// A handbook in a git repository with tags v1.0 and v1.1 (fixed dates).
function versionedHandbook() {
  const { spawnSync, execFileSync } = require('child_process');
  if (spawnSync('git', ['--version']).status !== 0) return null;
  const root = path.join(tmpdir('vrepo'), 'hb');
  execFileSync(require('./lib').bin, ['init', root], { stdio: 'ignore' });
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Ann', GIT_AUTHOR_EMAIL: 'a@e',
    GIT_COMMITTER_NAME: 'Ann', GIT_COMMITTER_EMAIL: 'a@e',
    GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z' };
  const git = (...a) => execFileSync('git', ['-C', root, ...a], { env, stdio: 'ignore' });
  git('init', '-q'); git('add', '-A'); git('commit', '-qm', 'first'); git('tag', 'v1.0');
  fs.appendFileSync(path.join(root, 'content/lists/basics.md'), '\n4. 新增的问题？\n\n    新的答案。\n');
  env.GIT_AUTHOR_DATE = env.GIT_COMMITTER_DATE = '2024-02-01T00:00:00Z';
  git('commit', '-qam', 'second'); git('tag', 'v1.1');
  return root;
}

async function crawl(ctx, site, name, starts) {
  starts = starts || [path.join(site, 'index.html')];
  const seen = new Set(starts);
  const queue = starts.slice();
  let pages = 0, problems = [], broken = [];
  const page = await watchedPage(ctx);
  while (queue.length) {
    const file = queue.shift();
    page.problems = [];
    await page.goto('file://' + file);
    pages++;
    const links = await page.$$eval('a[href], img[src], script[src], link[href]',
      els => els.map(e => e.getAttribute('href') || e.getAttribute('src')));
    broken.push(...checkTargets(page, file, links).map(l => `${path.relative(site, file)} -> ${l}`));
    problems.push(...page.problems.map(p => `${path.relative(site, file)}: ${p}`));
    // Relative and naming a file: never "/x" or a bare folder.
    const bad = links.filter(l => !/^[a-z]+:/i.test(l) && (l.startsWith('/') || /\/$/.test(l)));
    broken.push(...bad.map(l => `${path.relative(site, file)}: not relative or no file name: ${l}`));
    for (const l of links) {
      if (!/\.html(#.*)?$/.test(l) || /^[a-z]+:/i.test(l)) continue;
      const target = decodeURIComponent(new URL(l, 'file://' + file).pathname);
      if (!seen.has(target) && fs.existsSync(target)) { seen.add(target); queue.push(target); }
    }
  }
  await page.close();
  t.ok(`${name}: crawled pages`, pages > 5, `only ${pages}`);
  t.ok(`${name}: no broken links`, broken.length === 0, broken.slice(0, 5).join('; '));
  t.ok(`${name}: no console errors or network`, problems.length === 0, problems.slice(0, 5).join('; '));
  return pages;
}

async function tools(ctx, site) {
  const page = await watchedPage(ctx);
  const docs = fs.readdirSync(path.join(site, 'd'));
  const record = docs.find(d => d.startsWith('interviews')) || docs[0];
  await page.goto('file://' + path.join(site, 'd', record));
  // Dark mode: the toggle cycles and the choice survives a reload.
  const before = await page.getAttribute('html', 'data-theme');
  await page.click('.theme-toggle');
  const after = await page.getAttribute('html', 'data-theme');
  t.ok('theme toggle changes the theme', before !== after, `${before} -> ${after}`);
  await page.reload();
  t.ok('theme survives a reload', await page.getAttribute('html', 'data-theme') === after);
  // Practice mode hides answers until revealed.
  const open0 = await page.$$eval('details.reveal[open]', e => e.length);
  t.ok('answers are open by default', open0 > 0);
  await page.click('.practice-toggle');
  const open1 = await page.$$eval('details.reveal[open]', e => e.length);
  t.ok('practice mode hides answers', open1 === 0, `${open1} still open`);
  await page.click('.practice-bar .reveal-all');
  const open2 = await page.$$eval('details.reveal[open]', e => e.length);
  t.ok('reveal all shows them again', open2 === open0, `${open2} of ${open0}`);
  await page.click('.practice-toggle');
  // Copy buttons are shown once scripts run.
  const copies = await page.$$eval('.code .copy:not([hidden])', e => e.length);
  t.ok('copy buttons visible', copies > 0);
  // Choices: the list has a choice question whose answer names B.
  const list = docs.find(d => d.startsWith('lists'));
  if (list) {
    await page.goto('file://' + path.join(site, 'd', list));
    const choice = await page.$('.choices[data-correct] .choice');
    t.ok('a choice question knows its answer', choice !== null);
    if (choice) {
      const correct = await page.$eval('.choices[data-correct]', e => e.dataset.correct);
      await page.click(`.choices[data-correct] .choice[data-label="${correct}"]`);
      await page.click('.choices[data-correct] .choice-check');
      const cls = await page.$eval(`.choices[data-correct] .choice[data-label="${correct}"]`, e => e.className);
      t.ok('checking the right choice marks it correct', /is-correct/.test(cls), cls);
    }
  }
  // The random practice page picks questions.
  await page.goto('file://' + path.join(site, 'practice.html'));
  const picked = await page.$$eval('.practice-set .q-list li', e => e.length);
  t.ok('practice page picks questions', picked > 0);
  t.ok('tools: no console errors', page.problems.length === 0, page.problems.join('; '));
  await page.close();
}

(async () => {
  const out = tmpdir('site');
  try {
    build(repo, out);
  } catch (e) {
    t.ok('sample handbook builds', false, String(e.stderr || e));
    t.done();
  }
  const b = await browser();
  const ctx = await b.newContext();
  await crawl(ctx, out, 'sample');
  await tools(ctx, out);
  const seeds = seedHandbook();
  if (seeds) {
    const sout = tmpdir('seedsite');
    build(seeds, sout);
    await crawl(ctx, sout, 'seeds');
  } else {
    t.skip('seeds', '../shared/seeds not present');
  }
  // Versions: a repository with two release tags, built with
  // --versions; every page of every version must resolve.
  const vers = versionedHandbook();
  if (vers) {
    const vout = tmpdir('versions');
    build(vers, vout, ['--versions', 'v*']);
    t.ok('versions are written under v/', fs.existsSync(path.join(vout, 'v/v1.0/index.html')) &&
      fs.existsSync(path.join(vout, 'v/v1.1/changes.html')));
    t.ok('theme files are shared, not copied per version',
      !fs.readdirSync(path.join(vout, 'v/v1.0/assets')).some(f => /\.css$/.test(f)));
    await crawlAll(ctx, vout, 'versions');
    const page = await watchedPage(ctx);
    await page.goto('file://' + path.join(vout, 'v/v1.0/q/gmp-p.html'));
    const links = await page.$$eval('.version-switcher a', as => as.map(a => a.getAttribute('href')));
    t.ok('the switcher links the same question in the other versions',
      links.includes('../../../q/gmp-p.html') && links.includes('../../../v/v1.1/q/gmp-p.html'), links.join(' '));
    // From git: a feed dated from commits, and question history.
    const feed = fs.readFileSync(path.join(vout, 'feed.xml'), 'utf8');
    t.ok('feed.xml is an Atom feed of changed questions',
      /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/.test(feed) &&
      (feed.match(/<entry>/g) || []).length >= 5 && /<updated>2024-02-01T00:00:00Z<\/updated>/.test(feed));
    await page.goto('file://' + path.join(vout, 'q/gmp-p.html'));
    const hist = await page.$eval('details.history summary', e => e.textContent);
    t.ok('question pages say when and who', /2024-01-01/.test(hist) && /Ann/.test(hist), hist);
    await page.close();
  }
  // Byte-identical output for the same input.
  const again = tmpdir('site2');
  build(repo, again);
  const same = require('child_process').spawnSync('diff', ['-r', out, again]).status === 0;
  t.ok('two builds are byte-identical', same);
  await b.close();
  t.done();
})().catch(e => { console.log('FAIL site.test: ' + e.stack); process.exit(1); });
