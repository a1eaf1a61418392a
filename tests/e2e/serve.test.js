// `handbook serve`: a copy of the sample handbook served on a free
// loopback port. An edited page reloads by itself and shows the new text
// within 2 s; broken front matter shows an overlay with path:line:col
// while the last good page stays; fixing it clears the overlay; paths
// outside the site (raw, encoded) get 400/404 and no file content; a
// port in use is a clear error; Ctrl-C exits 0 within 2 s; nothing is
// written into the handbook.
'use strict';
const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');
const { reporter, repo, bin, tmpdir, browser, watchedPage, freePort } = require('./lib');

const t = reporter('serve.test');
const sleep = ms => new Promise(r => setTimeout(r, ms));

// A copy of the sample handbook outside git (no history, faster).
function sampleCopy() {
  const root = tmpdir('serve');
  fs.cpSync(path.join(repo, 'content'), path.join(root, 'content'), { recursive: true });
  if (fs.existsSync(path.join(repo, 'handbook.yml')))
    fs.copyFileSync(path.join(repo, 'handbook.yml'), path.join(root, 'handbook.yml'));
  return root;
}

// Starts serve; resolves once it prints its "serving" line.
function start(dir, args) {
  const child = spawn(bin, ['serve', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.log = '';
  child.exited = new Promise(resolve => child.on('exit', (code, sig) => resolve({ code, sig })));
  const onData = d => { child.log += d.toString(); };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no "serving" line in 30 s:\n' + child.log)), 30000);
    const check = () => {
      if (/^serving .* at http:\/\/\S+ \(Ctrl-C to stop\)$/m.test(child.log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.exited.then(e => { clearTimeout(timer); reject(new Error(`exited ${e.code}:\n${child.log}`)); });
  });
  return child;
}

// A request written by hand, so the path goes out exactly as given.
function rawGet(port, rawPath, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, host);
    let data = Buffer.alloc(0);
    sock.setTimeout(5000, () => { sock.destroy(); reject(new Error('timeout ' + rawPath)); });
    sock.on('connect', () => sock.write(`GET ${rawPath} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    sock.on('data', d => { data = Buffer.concat([data, d]); });
    sock.on('error', reject);
    sock.on('end', () => {
      const text = data.toString('utf8');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const split = text.indexOf('\r\n\r\n');
      resolve({
        status: m ? Number(m[1]) : 0,
        head: split >= 0 ? text.slice(0, split) : text,
        body: split >= 0 ? text.slice(split + 4) : '',
      });
    });
  });
}

function header(res, name) {
  const m = new RegExp('^' + name + ':\\s*(.*)$', 'mi').exec(res.head);
  return m ? m[1].trim() : null;
}

// Polls until fn() is truthy (navigations in between are fine).
async function until(fn, ms) {
  const t0 = Date.now();
  for (;;) {
    try { if (await fn()) return Date.now() - t0; } catch (e) { /* reloading */ }
    if (Date.now() - t0 > ms) return -1;
    await sleep(25);
  }
}

async function pathSafety(port) {
  const bad = ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/q/..%2f..%2fx',
    '/..%2f..%2f..%2fetc%2fpasswd', '/%2E%2E/%2E%2E/%2E%2E/etc/passwd',
    '/q/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%5c..%5cetc%5cpasswd', '//etc/passwd',
    '/source/../../../../etc/passwd', '/a%00.html'];
  for (const p of bad) {
    const r = await rawGet(port, p);
    t.ok(`refuses ${p}`, (r.status === 400 || r.status === 404) && !/root:.*:0:0:/.test(r.body),
      `status ${r.status}`);
  }
  const ok = await rawGet(port, '/index.html');
  t.ok('serves /index.html', ok.status === 200, `status ${ok.status}`);
}

async function contentAndStatus(port) {
  const home = await rawGet(port, '/');
  t.ok('/ serves the home page', home.status === 200 && /<html/i.test(home.body), `status ${home.status}`);
  t.ok('html is text/html; charset=utf-8', header(home, 'Content-Type') === 'text/html; charset=utf-8',
    header(home, 'Content-Type'));
  t.ok('live-reload script before </body>',
    /<script>\/\* handbook serve: live reload \*\/[\s\S]*<\/script>\s*<\/body>/.test(home.body));
  const css = /href="([^"]+\.css)"/.exec(home.body);
  if (t.ok('home links a stylesheet', css !== null)) {
    const r = await rawGet(port, '/' + css[1]);
    t.ok('css is text/css; charset=utf-8', r.status === 200 &&
      header(r, 'Content-Type') === 'text/css; charset=utf-8', `${r.status} ${header(r, 'Content-Type')}`);
    t.ok('css gets no script', !/handbook serve/.test(r.body));
  }
  const nf = await rawGet(port, '/q/no-such-question.html');
  t.ok('missing page: 404 with the site\'s 404 page', nf.status === 404 && /<base href="\/">/.test(nf.body) &&
    /<html/i.test(nf.body), `status ${nf.status}`);
  const dir = await rawGet(port, '/topics');
  t.ok('folder without / redirects', dir.status === 301 && header(dir, 'Location') === '/topics/',
    `${dir.status} ${header(dir, 'Location')}`);
  const post = await new Promise(resolve => {
    const sock = net.connect(port, '127.0.0.1', () =>
      sock.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab'));
    let s = '';
    sock.on('data', d => { s += d; });
    sock.on('end', () => resolve(s));
    sock.on('error', () => resolve(''));
  });
  t.ok('POST is refused', /^HTTP\/1\.1 405/.test(post), post.split('\r\n')[0]);
}

async function liveReload(port, dir, child) {
  const single = path.join(dir, 'content', 'single');
  const name = fs.readdirSync(single).filter(f => f.endsWith('.md')).sort()[0];
  const file = path.join(single, name);
  const rel = path.relative(dir, file);
  const original = fs.readFileSync(file, 'utf8');
  const home = (await rawGet(port, '/')).body;
  const slug = name.replace(/\.md$/, '').toLowerCase();
  const href = (home.match(/href="(d\/[^"]+\.html)"/g) || []).map(h => h.slice(6, -1))
    .find(h => h.includes(slug)) || `d/single-${slug}.html`;
  const url = `http://127.0.0.1:${port}/${href}`;

  const b = await browser();
  const ctx = await b.newContext();
  const page = await watchedPage(ctx);
  let loads = 0;
  page.on('load', () => { loads++; });
  await page.goto(url);
  t.ok('page opens over http', loads === 1 && (await page.title()).length > 0);
  await sleep(300);	// the event stream connects

  // 1. An edit shows by itself.
  const mark1 = 'Live reload marker ' + Date.now();
  fs.writeFileSync(file, original + '\n\n' + mark1 + '\n');
  let ms = await until(async () => (await page.textContent('body')).includes(mark1), 2000);
  t.ok('edit shows within 2 s without a manual reload', ms >= 0 && loads >= 2, `took ${ms} ms, loads ${loads}`);
  if (ms >= 0) console.log(`serve.test: edit visible after ${ms} ms`);

  // 2. Broken front matter: overlay with path:line:col, old page stays.
  fs.writeFileSync(file, '---\ntitle: [unclosed\nid: x\n---\n\nbody\n');
  ms = await until(async () => (await page.$('#hb-serve-errors')) !== null, 2000);
  t.ok('errors show as an overlay', ms >= 0, `after ${ms} ms`);
  if (ms >= 0) {
    const text = await page.textContent('#hb-serve-errors');
    const re = new RegExp(rel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + ':\\d+:\\d+: error: ');
    t.ok('overlay names path:line:col', re.test(text), text.slice(0, 200));
    t.ok('overlay is fixed', await page.$eval('#hb-serve-errors', e => getComputedStyle(e).position) === 'fixed');
    t.ok('old content still renders', (await page.textContent('main')).includes(mark1));
    const served = await rawGet(port, '/' + href);
    t.ok('server keeps the last good page', served.status === 200 && served.body.includes(mark1));
    t.ok('terminal shows the error', re.test(child.log), child.log.slice(-300));
    await page.click('#hb-serve-errors button');
    t.ok('overlay can be dismissed', (await page.$('#hb-serve-errors')) === null);
    // A page opened now shows the errors at once.
    const second = await watchedPage(ctx);
    await second.goto(`http://127.0.0.1:${port}/index.html`);
    ms = await until(async () => (await second.$('#hb-serve-errors')) !== null, 2000);
    t.ok('a page opened during errors shows them', ms >= 0);
    t.ok('second page: no console errors', second.problems.every(p => /__handbook\/events$/.test(p)),
      second.problems.join('; '));
    await second.close();
  }

  // 3. Fixed: reload, overlay gone, new text.
  const mark2 = 'Fixed marker ' + Date.now();
  fs.writeFileSync(file, original + '\n\n' + mark2 + '\n');
  ms = await until(async () => (await page.textContent('body')).includes(mark2) &&
    (await page.$('#hb-serve-errors')) === null, 2000);
  t.ok('fixing it reloads and clears the overlay', ms >= 0, `after ${ms} ms`);

  // 4. A new file becomes a page; the config's title shows everywhere.
  fs.writeFileSync(path.join(single, 'zz-new-question.md'),
    '---\ntitle: A brand new question?\n---\n\nThe answer.\n');
  // (content/single holds one-question files: its section page lists
  // them, the home page shows the section.)
  ms = await until(async () => (await page.textContent('body')).includes(mark2) &&
    (await rawGet(port, '/s/single.html')).body.includes('A brand new question?'), 2000);
  t.ok('a new file is picked up', ms >= 0);
  const cfg = path.join(dir, 'handbook.yml');
  const oldCfg = fs.existsSync(cfg) ? fs.readFileSync(cfg, 'utf8') : '';
  const cfgText = /^title:/m.test(oldCfg) ? oldCfg.replace(/^title:.*$/m, 'title: Renamed Preview')
    : 'title: Renamed Preview\n' + oldCfg;
  fs.writeFileSync(cfg, cfgText);
  ms = await until(async () => (await page.title()).includes('Renamed Preview'), 3000);
  t.ok('a config change rebuilds and reloads', ms >= 0, `after ${ms} ms`);
  // 5. A template of the handbook's own overrides the default.
  fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
  const base = fs.readFileSync(path.join(repo, 'templates', 'base.html'), 'utf8');
  fs.writeFileSync(path.join(dir, 'templates', 'base.html'),
    base.replace('<main id="main">', '<main id="main"><p id="from-template">custom template</p>'));
  ms = await until(async () => (await page.$('#from-template')) !== null, 3000);
  t.ok('a new templates/ folder is watched', ms >= 0, `after ${ms} ms`);

  // A reload aborts the page's own event stream (net::ERR_ABORTED);
  // that is the stream ending, not an error, and the console stays clean.
  const problems = page.problems.filter(p => !/^failed: .*\/__handbook\/events$/.test(p));
  t.ok('no console errors through reloads', problems.length === 0, problems.join('; '));
  await b.close();
}

// Editor scratch files never trigger a rebuild.
async function tempFiles(dir, child) {
  const count = () => (child.log.match(/ (rebuilt|build failed) in /g) || []).length;
  await sleep(300);
  const before = count();
  const single = path.join(dir, 'content', 'single');
  for (const n of ['.a.md.swp', '.#a.md', '4913', 'a.md.tmp']) {
    fs.writeFileSync(path.join(single, n), 'x');
    fs.unlinkSync(path.join(single, n));
  }
  await sleep(400);
  t.ok('editor temp files are ignored', count() === before, `${count() - before} rebuilds`);
}

(async () => {
  const dir = sampleCopy();
  const port = await freePort();
  const child = start(dir, ['--port', String(port)]);
  try {
    await child.ready;
  } catch (e) {
    t.ok('serve starts', false, e.message);
    t.done();
  }
  t.ok('prints the serving line', new RegExp(`^serving .+ at http://127\\.0\\.0\\.1:${port}/ \\(Ctrl-C to stop\\)$`, 'm')
    .test(child.log), child.log.slice(-300));
  t.ok('no network warning on loopback', !/reachable from the network/.test(child.log));

  await contentAndStatus(port);
  await pathSafety(port);

  // The same port again: a clear error, exit 3.
  const again = start(dir, ['--port', String(port)]);
  again.ready.catch(() => {});
  const e2 = await again.exited;
  t.ok('port in use: exit 3', e2.code === 3, `exit ${e2.code}`);
  t.ok('port in use: says so', again.log.includes(`port ${port} is in use; try --port ${port + 1}`), again.log);
  const bad = start(dir, ['--port', String(port), '--bind', 'not-an-address']);
  bad.ready.catch(() => {});
  t.ok('bad --bind: exit 2', (await bad.exited).code === 2);

  await liveReload(port, dir, child);
  await tempFiles(dir, child);

  // An SSE client stays connected through the stop.
  const sse = net.connect(port, '127.0.0.1', () =>
    sse.write('GET /__handbook/events HTTP/1.1\r\nHost: x\r\n\r\n'));
  sse.on('error', () => {});
  await sleep(200);
  const t0 = Date.now();
  child.kill('SIGINT');
  const timer = sleep(2000).then(() => null);
  const ex = await Promise.race([child.exited, timer]);
  t.ok('Ctrl-C stops within 2 s, exit 0', ex !== null && ex.code === 0,
    ex ? `exit ${ex.code} ${ex.sig}` : 'still running');
  if (ex === null) child.kill('SIGKILL');
  else console.log(`serve.test: stopped in ${Date.now() - t0} ms`);
  sse.destroy();
  t.ok('nothing written into the handbook', !fs.existsSync(path.join(dir, 'build')));

  // IPv6 loopback, when this machine has it.
  const port6 = await freePort();
  const six = start(dir, ['--port', String(port6), '--bind', '::1']);
  try {
    await six.ready;
    const r = await rawGet(port6, '/', '::1');
    t.ok('--bind ::1 serves over IPv6', r.status === 200);
    t.ok('--bind ::1 prints a bracketed URL', six.log.includes(`http://[::1]:${port6}/`));
    six.kill('SIGTERM');
    t.ok('SIGTERM: exit 0', (await six.exited).code === 0);
  } catch (e) {
    six.kill('SIGKILL');
    if (/cannot listen|Cannot assign/.test(six.log)) t.skip('ipv6', 'no IPv6 loopback here');
    else t.ok('--bind ::1 starts', false, e.message);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  t.done();
})().catch(e => { console.log('FAIL serve.test: ' + e.stack); process.exit(1); });
