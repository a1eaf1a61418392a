// Edit-to-reload latency of `handbook serve` (issue #7), for
// bench/serve/run. Starts serve on a free loopback port, then RUNS times:
// appends a line to one Markdown file and measures
//   sse:     file written -> "reload" event received on /__handbook/events
//   visible: file written -> the open page (headless Chromium) shows the
//            new line after reloading itself (skipped without chromium)
// and prints medians, with the server's own rebuild times from its log.
//
//   node bench/serve/latency.js HANDBOOK_DIR FILE [LABEL]
'use strict';
const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');

const here = path.resolve(__dirname, '..', '..');
const bin = process.env.HANDBOOK || path.join(here, process.env.BUILD || 'build', 'bin', 'handbook');
const RUNS = Number(process.env.RUNS || 5);
const [dir, file, label = path.basename(dir)] = process.argv.slice(2);
const sleep = ms => new Promise(r => setTimeout(r, ms));
const median = v => { const s = [...v].sort((a, b) => a - b); const n = s.length;
  return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : NaN; };
const fmt = v => v.map(x => x.toFixed(0)).join(' ');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

// The reload events of one event stream, as they arrive.
function events(port) {
  const ev = { ids: [], waiters: [] };
  const sock = net.connect(port, '127.0.0.1', () =>
    sock.write('GET /__handbook/events HTTP/1.1\r\nHost: bench\r\n\r\n'));
  let buf = '';
  sock.on('data', d => {
    buf += d.toString();
    let m;
    const re = /event: reload\r?\ndata: (\S+)\r?\n/g;
    let end = 0;
    while ((m = re.exec(buf))) { ev.ids.push({ id: m[1], t: process.hrtime.bigint() }); end = re.lastIndex; }
    buf = buf.slice(end);
    ev.waiters.splice(0).forEach(f => f());
  });
  ev.next = (after, ms) => new Promise(resolve => {
    const t0 = Date.now();
    const check = () => {
      const e = ev.ids.find(x => x.t > after && x.id !== ev.ids[0].id);
      if (e) return resolve(e);
      if (Date.now() - t0 > ms) return resolve(null);
      ev.waiters.push(check);
      setTimeout(check, 50);
    };
    check();
  });
  ev.close = () => sock.destroy();
  return ev;
}

async function browserPage(url) {
  const mod = path.join(here, 'tests', 'e2e', 'node_modules', 'playwright-core');
  const exe = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(mod) || !fs.existsSync(exe)) return null;
  const { chromium } = require(mod);
  const b = await chromium.launch({ executablePath: exe,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const page = await (await b.newContext()).newPage();
  await page.goto(url);
  return { b, page };
}

(async () => {
  const port = await freePort();
  const child = spawn(bin, ['serve', dir, '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', d => { log += d; });
  const t0 = Date.now();
  while (!/^serving /m.test(log)) {
    if (Date.now() - t0 > 120000 || child.exitCode !== null) {
      console.log(`${label}: serve did not start:\n${log}`);
      process.exit(1);
    }
    await sleep(20);
  }
  const first = /^\S+ built in (\d+) ms.*?(\d+) documents?, (\d+) questions?/m.exec(log);
  const original = fs.readFileSync(file, 'utf8');
  const rel = path.relative(path.join(dir, 'content'), file).replace(/\.(md|markdown)$/, '');
  const slug = rel.split('/').map(s => s.toLowerCase().replace(/[^a-z0-9\u0080-\uffff]+/g, '-')
    .replace(/^-|-$/g, '')).join('-');
  const ev = events(port);
  await sleep(300);
  const sse = [], visible = [];
  for (let i = 0; i < RUNS; i++) {
    const mark = `bench edit ${i} ${Date.now()}`;
    const t = process.hrtime.bigint();
    fs.writeFileSync(file, original + '\n\n' + mark + '\n');
    const e = await ev.next(t, 10000);
    if (e) sse.push(Number(e.t - t) / 1e6);
    ev.ids[0] = e || ev.ids[0];
    await sleep(300);
  }
  let br = null;
  try {
    br = await browserPage(`http://127.0.0.1:${port}/d/${slug}.html`);
  } catch (e) { br = null; }
  if (br) {
    await sleep(500);
    // The moment the reloaded document is parsed (DOMContentLoaded, seen
    // from node), then a check that it has the new text.
    for (let i = 0; i < RUNS; i++) {
      const mark = `bench visible ${i} ${Date.now()}`;
      const loaded = new Promise(resolve => br.page.once('domcontentloaded', () => resolve(Date.now())));
      const t = Date.now();
      fs.writeFileSync(file, original + '\n\n' + mark + '\n');
      const at = await Promise.race([loaded, sleep(10000).then(() => null)]);
      let ok = false;
      try { ok = at !== null && (await br.page.textContent('body')).includes(mark); } catch (e) { ok = false; }
      if (ok) visible.push(at - t);
      await sleep(400);
    }
    await br.b.close();
  }
  fs.writeFileSync(file, original);
  ev.close();
  child.kill('SIGINT');
  await new Promise(r => child.on('exit', r));
  const rebuilt = [...log.matchAll(/^\S+ rebuilt in (\d+) ms/mg)].map(m => Number(m[1]));
  console.log(`${label}: ${first ? `${first[2]} documents, ${first[3]} questions; first build ${first[1]} ms` : ''}`);
  console.log(`  write -> reload event   median ${median(sse).toFixed(0)} ms   (runs: ${fmt(sse)})`);
  console.log(`  server rebuild          median ${median(rebuilt).toFixed(0)} ms   (runs: ${fmt(rebuilt)})`);
  if (br) console.log(`  write -> page shows it  median ${median(visible).toFixed(0)} ms   (runs: ${fmt(visible)}; headless Chromium)`);
  else console.log('  write -> page shows it  skipped (no chromium or playwright-core)');
})().catch(e => { console.log('bench/serve: ' + e.stack); process.exit(1); });
