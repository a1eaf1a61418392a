// build --offline (issue #14): remote images, audio and video are
// downloaded from an HTTP server this test starts on 127.0.0.1, pages
// point at assets/remote/, a browser that opens every page makes no
// network request at all, failures are warnings with path:line:col, and
// the cache rebuilds the same bytes with the server stopped.
'use strict';
const fs = require('fs');
const path = require('path');
const http = require('http');
const zlib = require('zlib');
const { spawn, spawnSync, execFileSync } = require('child_process');
const lib = require('./lib');
const { reporter, bin, browser } = lib;

const t = reporter('offline.test');

// A real PNG of w x h pixels of one colour.
function png(w, h, rgb) {
  const crcTable = [];
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crcTable[n] = c >>> 0;
  }
  const crc = b => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 255] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2;
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3).map((_, i) => rgb[i % 3])]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const files = {
  '/a.png': ['image/png', png(64, 48, [200, 30, 30])],
  '/b.png': ['image/png', png(32, 32, [30, 30, 200])],
  '/poster.png': ['image/png', png(16, 9, [10, 120, 10])],
  '/logo.svg': ['image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')],
  '/clip.webm': ['video/webm', Buffer.from('1a45dfa39f428681014282847765626d', 'hex')],
  '/tone.ogg': ['audio/ogg', Buffer.concat([Buffer.from('OggS'), Buffer.alloc(24), Buffer.from('\x01vorbis')])],
  '/page.html': ['text/html', Buffer.from('<!doctype html><title>not an image</title>')],
  '/fake.png': ['image/png', Buffer.from('alert(document.cookie)')],
  '/big.png': ['image/png', Buffer.concat([png(1, 1, [0, 0, 0]), Buffer.alloc(5000)])],
};
let hits = 0;

const made = [];
function tmpdir(tag) {
  const d = lib.tmpdir(tag);
  made.push(d);
  return d;
}

function serve() {
  const server = http.createServer((req, res) => {
    hits++;
    const p = req.url.split('?')[0];
    if (p === '/loop') { res.writeHead(302, { Location: '/loop' }); return res.end(); }
    if (p === '/redirect') { res.writeHead(301, { Location: '/b.png' }); return res.end(); }
    // Redirects may only lead to http(s): never to a local file or ftp.
    if (p === '/to-file') { res.writeHead(302, { Location: 'file:///etc/passwd' }); return res.end(); }
    if (p === '/to-ftp') { res.writeHead(302, { Location: 'ftp://127.0.0.1/b.png' }); return res.end(); }
    if (p === '/chunked.png') {
      // No Content-Length: the size cap must stop the body as it comes.
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.write(files['/big.png'][1].subarray(0, 600));
      return setTimeout(() => res.end(files['/big.png'][1].subarray(600)), 50);
    }
    if (p === '/slow.png') {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.write(files['/a.png'][1].subarray(0, 8));
      const timer = setInterval(() => res.write(Buffer.alloc(1)), 200);
      res.on('close', () => clearInterval(timer));
      setTimeout(() => { clearInterval(timer); res.end(); }, 4000);
      return;
    }
    const f = files[p];
    if (!f) { res.writeHead(404, { 'Content-Type': 'text/html' }); return res.end('<h1>404</h1>'); }
    res.writeHead(200, { 'Content-Type': f[0], 'Content-Length': f[1].length });
    res.end(f[1]);
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Asynchronous: the server runs in this process and must keep serving.
function run(args) {
  return new Promise(resolve => {
    const p = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', d => { err += d; });
    p.on('close', rc => resolve({ rc, err }));
  });
}

function write(root, rel, text) {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

// Every file under dir with its bytes, for byte-identical comparisons.
function tree(dir) {
  const out = {};
  (function walk(d) {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else out[path.relative(dir, p)] = fs.readFileSync(p);
    }
  })(dir);
  return out;
}

function sameTree(a, b) {
  const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
  return ka.join('\n') === kb.join('\n') && ka.every(k => a[k].equals(b[k]));
}

// Opens every page of site and counts requests that leave file://.
async function networkRequests(br, site) {
  const ctx = await br.newContext();
  const page = await ctx.newPage();
  const net = [];
  page.on('request', r => { if (!r.url().startsWith('file://') && !r.url().startsWith('data:')) net.push(r.url()); });
  const pages = [];
  (function walk(d) {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else if (p.endsWith('.html')) pages.push(p);
    }
  })(site);
  for (const p of pages) {
    await page.goto('file://' + p);
    await page.waitForLoadState('load');
    // Media elements load metadata lazily: ask for it.
    await page.$$eval('video, audio', els => els.forEach(e => { try { e.load(); } catch (x) { /* ignore */ } }));
    await page.waitForTimeout(50);
  }
  await ctx.close();
  return { pages: pages.length, net };
}

(async () => {
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;

  // A handbook whose every remote file can be fetched.
  const good = tmpdir('offline-good');
  write(good, 'handbook.yml', 'title: Offline\nallow_html: true\n');
  write(good, 'content/media.md', [
    '# Media', '',
    '## What does the diagram show?', '',
    `![diagram](${base}/a.png) and ![logo](${base}/logo.svg "Logo").`, '',
    `The same picture again: ![again](${base}/a.png), and by redirect ![b](${base}/redirect).`, '',
    '## Can it play video and audio?', '',
    `<video controls src="${base}/clip.webm" poster="${base}/poster.png"></video>`, '',
    `<audio controls><source src="${base}/tone.ogg" type="audio/ogg"></audio>`, '',
    `<img alt="set" srcset="${base}/a.png 1x, ${base}/b.png?x=1&amp;y=2 2x">`, '',
  ].join('\n'));
  const site = path.join(tmpdir('offline-site'), 'site');
  let r = await run(['build', good, '-o', site, '--offline']);
  t.ok('offline build succeeds', r.rc === 0, r.err);
  const summary = (r.err.match(/^offline: .*$/m) || [''])[0];
  console.log(summary);
  const remote = path.join(site, 'assets', 'remote');
  const names = fs.existsSync(remote) ? fs.readdirSync(remote).sort() : [];
  t.ok('downloads are named by content hash', names.length === 6 &&
    names.every(n => /^[0-9a-f]{16}\.(png|svg|webm|ogg)$/.test(n)), names.join(' '));
  t.ok('the summary counts files and bytes', /^offline: 6 remote files, \d+ bytes \(7 downloaded/.test(summary), summary);
  const q1 = fs.readFileSync(path.join(site, 'q', 'what-does-the-diagram-show.html'), 'utf8');
  const q2 = fs.readFileSync(path.join(site, 'q', 'can-it-play-video-and-audio.html'), 'utf8');
  t.ok('pages point at the local copies', !q1.includes(base) && !q2.includes(base) &&
    /src="\.\.\/assets\/remote\/[0-9a-f]{16}\.png"/.test(q1) && /poster="\.\.\/assets\/remote\/[0-9a-f]{16}\.png"/.test(q2) &&
    /srcset="\.\.\/assets\/remote\/[0-9a-f]{16}\.png 1x, \.\.\/assets\/remote\/[0-9a-f]{16}\.png 2x"/.test(q2), q2.match(/<(video|img|source)[^>]*>/g));
  const cacheDir = path.join(good, 'build', 'cache', 'remote');
  t.ok('the cache is in build/cache/remote', fs.existsSync(cacheDir) &&
    fs.readdirSync(cacheDir).filter(f => f.endsWith('.meta')).length === 7);

  // The same site without --offline does use the network (so the
  // counter below can see requests).
  const online = path.join(tmpdir('online-site'), 'site');
  await run(['build', good, '-o', online, '-q']);
  const br = await browser();
  const on = await networkRequests(br, online);
  t.ok('without --offline the pages load remote files', on.net.length > 0, `${on.net.length} requests`);
  const off = await networkRequests(br, site);
  t.ok('an --offline site loads nothing from the network', off.pages > 3 && off.net.length === 0,
    `${off.net.length} requests over ${off.pages} pages: ${off.net.slice(0, 3).join(' ')}`);
  await br.close();

  // Failures: warnings with path:line:col, the URL and the reason; the
  // page keeps the remote URL.
  const bad = tmpdir('offline-bad');
  write(bad, 'handbook.yml', 'title: Bad\nremote_max_bytes: 1000\nremote_timeout: 1\n');
  write(bad, 'content/bad.md', [
    '# Bad', '', '## Broken pictures?', '',
    `![404](${base}/missing.png)`,
    `![slow](${base}/slow.png)`,
    `![big](${base}/big.png)`,
    `![html](${base}/page.html)`,
    `![js](${base}/fake.png)`,
    `![loop](${base}/loop)`,
    `![video](${base}/clip.webm)`,
    `![chunked](${base}/chunked.png)`,
    `![tofile](${base}/to-file)`,
    `![toftp](${base}/to-ftp)`,
    `![ok](${base}/b.png)`, '',
  ].join('\n'));
  const bsite = path.join(tmpdir('offline-bsite'), 'site');
  r = await run(['build', bad, '-o', bsite, '--offline']);
  t.ok('failures do not fail the build', r.rc === 0, r.err);
  // The column is the URL's: just after "![alt](".
  const want = [
    [5, '404', 'missing.png', 'HTTP 404'],
    [6, 'slow', 'slow.png', 'timed out after 1 s'],
    [7, 'big', 'big.png', 'larger than 1000 bytes'],
    [8, 'html', 'page.html', "the server sends 'text/html', not an image"],
    [9, 'js', 'fake.png', 'not an image, audio or video file'],
    [10, 'loop', 'loop', 'more than 5 redirects'],
    [11, 'video', 'clip.webm', 'video/webm where an image is expected'],
    [12, 'chunked', 'chunked.png', 'larger than 1000 bytes'],
    [13, 'tofile', 'to-file', 'redirected to a scheme other than http or https'],
    [14, 'toftp', 'to-ftp', 'redirected to a scheme other than http or https'],
  ];
  for (const [line, alt, file, reason] of want) {
    const col = alt.length + 5;
    const re = `content/bad.md:${line}:${col}: warning: remote image '${base}/${file}' not downloaded: ${reason}`;
    t.ok(`warning for ${file}`, r.err.includes(re), r.err);
  }
  const bq = fs.readFileSync(path.join(bsite, 'd', 'bad.html'), 'utf8');
  t.ok('failed URLs stay remote, the good one is local', bq.includes(`src="${base}/missing.png"`) &&
    bq.includes(`src="${base}/loop"`) && bq.includes(`src="${base}/to-file"`) && !bq.includes(`${base}/b.png`));
  const bremote = path.join(bsite, 'assets', 'remote');
  t.ok('only the good file is downloaded', fs.existsSync(bremote) && fs.readdirSync(bremote).length === 1,
    fs.existsSync(bremote) ? fs.readdirSync(bremote).join(' ') : 'no assets/remote');
  r = await run(['build', bad, '-o', bsite, '--offline', '--strict', '-q']);
  t.ok('--strict makes a failed download fail the build', r.rc === 1);

  // Versions: a tag built under v/<tag>/ shares the downloads.
  if (spawnSync('git', ['--version']).status === 0) {
    const env = { ...process.env, GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@e', GIT_COMMITTER_NAME: 'A',
      GIT_COMMITTER_EMAIL: 'a@e', GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z' };
    const git = (...a) => execFileSync('git', ['-C', good, ...a], { env, stdio: 'ignore' });
    fs.writeFileSync(path.join(good, '.gitignore'), 'build/\n');
    git('init', '-q'); git('add', '-A'); git('commit', '-qm', 'one'); git('tag', 'v1');
    const vsite = path.join(tmpdir('offline-vsite'), 'site');
    r = await run(['build', good, '-o', vsite, '--offline', '--versions', 'v*', '-q']);
    const vq = fs.readFileSync(path.join(vsite, 'v', 'v1', 'q', 'what-does-the-diagram-show.html'), 'utf8');
    const m = vq.match(/src="(\.\.\/\.\.\/\.\.\/assets\/remote\/[0-9a-f]{16}\.png)"/);
    t.ok('version pages reach the shared downloads', r.rc === 0 && m &&
      fs.existsSync(path.join(vsite, 'v', 'v1', 'q', m[1])), r.err + (m ? m[1] : vq.match(/<img[^>]*>/g)));
    fs.rmSync(path.join(good, '.git'), { recursive: true, force: true });
    fs.rmSync(path.join(good, '.gitignore'));
  }

  // The server stops: the cache alone rebuilds the same bytes.
  await new Promise(resolve => server.close(resolve));
  if (server.closeAllConnections) server.closeAllConnections();
  const before = hits;
  const site2 = path.join(tmpdir('offline-site2'), 'site');
  r = await run(['build', good, '-o', site2, '--offline']);
  t.ok('the cache serves with the server stopped', r.rc === 0 &&
    /^offline: 6 remote files, \d+ bytes \(0 downloaded, 0 bytes; 7 from the cache\); 0 left remote$/m.test(r.err), r.err);
  t.ok('same cache, byte-identical site', sameTree(tree(site), tree(site2)));
  t.ok('no request reached the server', hits === before);
  // `offline: true` in handbook.yml is the same as --offline.
  const yml = path.join(good, 'handbook.yml');
  fs.writeFileSync(yml, fs.readFileSync(yml, 'utf8') + 'offline: true\n');
  const site3 = path.join(tmpdir('offline-site3'), 'site');
  r = await run(['build', good, '-o', site3]);
  t.ok('offline: true in the config downloads (here: from the cache)', r.rc === 0 &&
    /^offline: 6 remote files, \d+ bytes \(0 downloaded, 0 bytes; 7 from the cache\); 0 left remote$/m.test(r.err), r.err);
  t.ok('config or flag, the same site', sameTree(tree(site), tree(site3)));
  r = await run(['build', good, '-o', site2, '--offline', '--refresh-remote']);
  t.ok('--refresh-remote with the server stopped keeps the cached copies with a warning',
    r.rc === 0 && /warning: remote image '.*a\.png' was not refreshed/.test(r.err), r.err);
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
  t.done();
})().catch(e => { console.log('FAIL offline.test: ' + e.stack); process.exit(1); });
