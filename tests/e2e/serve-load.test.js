// `handbook serve` under load (issue #15, point 8), on 127.0.0.1 only:
// 1,000 open reload streams and 300 slow clients (a request line and
// never the end of the headers) must not stop a normal request from
// being answered within 1 s; the server keeps a small fixed number of
// threads (no thread per connection); an edit still reaches every open
// stream; Ctrl-C still stops it within 2 s.
'use strict';
const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');
const { reporter, bin, tmpdir, freePort } = require('./lib');

const t = reporter('serve-load.test');
const sleep = ms => new Promise(r => setTimeout(r, ms));
const STREAMS = 1000, SLOW = 300;

// One request, timed from connect to the end of the response.
function timedGet(port, p) {
  return new Promise(resolve => {
    const t0 = Date.now();
    const sock = net.connect(port, '127.0.0.1');
    let data = '';
    sock.setTimeout(5000, () => { sock.destroy(); resolve({ status: 0, ms: Date.now() - t0 }); });
    sock.on('connect', () => sock.write(`GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    sock.on('data', d => { data += d; });
    sock.on('error', () => resolve({ status: 0, ms: Date.now() - t0 }));
    sock.on('end', () => {
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      resolve({ status: m ? Number(m[1]) : 0, ms: Date.now() - t0 });
    });
  });
}

function threads(pid) {
  try { return fs.readdirSync(`/proc/${pid}/task`).length; } catch (e) { return -1; }
}

(async () => {
  const root = tmpdir('serve-load');
  fs.mkdirSync(path.join(root, 'content'));
  fs.writeFileSync(path.join(root, 'content', 'a.md'), '# A question?\n\nAn answer.\n');
  const port = await freePort();
  const child = spawn(bin, ['serve', root, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', d => { log += d; });
  child.stderr.on('data', d => { log += d; });
  const exited = new Promise(r => child.on('exit', (code, sig) => r({ code, sig })));
  for (let i = 0; i < 300 && !/^serving /m.test(log); i++) await sleep(100);
  if (!t.ok('serve starts', /^serving /m.test(log), log)) { child.kill('SIGKILL'); t.done(); }
  const base = threads(child.pid);

  // The reload streams: each must get its first bytes ("retry:").
  const streams = [];
  let opened = 0, reloads = 0;
  await Promise.all(Array.from({ length: STREAMS }, () => new Promise(resolve => {
    const s = net.connect(port, '127.0.0.1', () =>
      s.write('GET /__handbook/events HTTP/1.1\r\nHost: x\r\n\r\n'));
    s.buf = '';
    s.on('data', d => {
      s.buf += d;
      if (!s.open && /retry:/.test(s.buf)) { s.open = true; opened++; resolve(); }
      if (!s.reloaded && /event: reload/.test(s.buf)) { s.reloaded = true; reloads++; }
    });
    s.on('error', () => resolve());
    s.on('close', () => resolve());
    setTimeout(resolve, 10000);
    streams.push(s);
  })));
  t.ok(`${STREAMS} reload streams open`, opened === STREAMS, `${opened} opened`);
  // Slow clients: the start of a request, then silence.
  const slow = [];
  for (let i = 0; i < SLOW; i++) {
    const s = net.connect(port, '127.0.0.1', () => s.write('GET /index.html HTTP/1.1\r\nHost: x\r\n'));
    s.on('error', () => {});
    slow.push(s);
  }
  await sleep(500);
  let worst = 0, ok = 0;
  for (let i = 0; i < 10; i++) {
    const r = await timedGet(port, i % 2 ? '/index.html' : '/q/a-question.html');
    worst = Math.max(worst, r.ms);
    if (r.status === 200 || r.status === 404) ok++;
  }
  console.log(`serve-load.test: ${STREAMS} streams + ${SLOW} slow clients: ` +
    `slowest of 10 requests ${worst} ms, ${threads(child.pid)} threads (${base} before)`);
  t.ok('requests answered under load', ok === 10, `${ok} of 10`);
  t.ok('each within 1 s under load', worst < 1000, `${worst} ms`);
  t.ok('no thread per connection', threads(child.pid) <= base + 4,
    `${threads(child.pid)} threads, ${base} before`);

  // An edit reaches every open stream.
  fs.writeFileSync(path.join(root, 'content', 'a.md'), '# A question?\n\nAnother answer.\n');
  for (let i = 0; i < 100 && reloads < opened; i++) await sleep(100);
  t.ok('an edit reloads every open stream', reloads === opened && opened > 0, `${reloads} of ${opened}`);

  const t0 = Date.now();
  child.kill('SIGINT');
  const ex = await Promise.race([exited, sleep(2000).then(() => null)]);
  t.ok('Ctrl-C stops within 2 s with every stream open, exit 0', ex !== null && ex.code === 0,
    ex ? `exit ${ex.code} ${ex.sig} after ${Date.now() - t0} ms` : 'still running');
  if (ex === null) child.kill('SIGKILL');
  for (const s of streams.concat(slow)) s.destroy();
  t.done();
})().catch(e => { console.log('FAIL serve-load.test: ' + e.stack); process.exit(1); });
