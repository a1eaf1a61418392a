// Shared helpers for the browser tests: handbook builds
// into temporary folders, and Debian's chromium through playwright-core.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const repo = path.resolve(__dirname, '..', '..');
const bin = process.env.HANDBOOK || path.join(repo, 'build', 'bin', 'handbook');
const shared = process.env.HB_SHARED || path.join(repo, '..', 'shared');

// One harness for every JS test (tests/harness.js).
const { reporter } = require('../harness');

function tmpdir(tag) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `hb-${tag}-`));
}

// Builds dir (a handbook root) into out; returns stderr.
function build(dir, out, extra = []) {
  return execFileSync(bin, ['build', dir, '-o', out, '-q', ...extra],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// A handbook made of the two seed documents (they are .txt upstream).
function seedHandbook() {
  const seeds = path.join(shared, 'seeds');
  if (!fs.existsSync(seeds)) return null;
  const root = tmpdir('seeds');
  fs.mkdirSync(path.join(root, 'content'));
  for (const f of fs.readdirSync(seeds)) {
    fs.copyFileSync(path.join(seeds, f),
      path.join(root, 'content', f.replace(/\.txt$/, '.md')));
  }
  return root;
}

async function browser() {
  const { chromium } = require(path.join(__dirname, 'node_modules', 'playwright-core'));
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic'],
  });
}

// A page that records console errors, page errors and any request that
// is not a local file.
async function watchedPage(ctx) {
  const page = await ctx.newPage();
  page.problems = [];
  page.on('console', m => { if (m.type() === 'error') page.problems.push('console: ' + m.text()); });
  page.on('pageerror', e => page.problems.push('pageerror: ' + e.message));
  page.on('request', r => {
    const u = r.url();
    if (!u.startsWith('file://') && !u.startsWith('data:') && !u.startsWith('http://127.0.0.1'))
      page.problems.push('network: ' + u);
  });
  page.on('requestfailed', r => page.problems.push('failed: ' + r.url()));
  return page;
}

// A free TCP port on 127.0.0.1 (for serve).
function freePort() {
  const net = require('net');
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

module.exports = { repo, bin, shared, reporter, tmpdir, build, seedHandbook, browser, watchedPage,
  freePort };
