// Issue #15, "keep it held": a corpus of script payloads placed wherever
// content, front matter, topics, config and git history reach a page,
// built into a site and opened in Chromium. No payload may run (alert,
// confirm, prompt and dialogs are hooked), no page may hold an event
// handler attribute, a javascript:/vbscript:/data:text URL, or a script
// that is not one of ours, and every page (this corpus and the sample
// handbook) loads under a strict Content-Security-Policy with no
// violation. Served from 127.0.0.1 only, for the CSP header.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');
const { reporter, repo, tmpdir, build, browser } = require('./lib');

const t = reporter('xss.test');

// Each vector runs alert(N) if it ever executes; N names the vector and
// its placement, so a failure says which one got through.
const VECTORS = [
  '<script>alert(N)</script>',
  '<img src=x onerror=alert(N)>',
  '<svg onload=alert(N)>',
  '"><script>alert(N)</script>',
  '\'><img src=x onerror=alert(N)>',
  '</title><script>alert(N)</script>',
  '</textarea><script>alert(N)</script>',
  '</script><script>alert(N)</script>',
  '<!--<script>alert(N)</script>-->',
  'x <!--<script> alert(N)',
  '</style><img src=x onerror=alert(N)>',
  'javascript:alert(N)',
  'JaVaScRiPt:alert(N)',
  'java&#x09;script:alert(N)',
  '&#106;avascript:alert(N)',
  '\u0001javascript:alert(N)',
  ' javascript:alert(N)',
  'vbscript:msgbox(N)',
  'data:text/html,<script>alert(N)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#N',
  '<iframe src="javascript:alert(N)"></iframe>',
  '<iframe srcdoc="<script>alert(N)</script>"></iframe>',
  '<a href="javascript:alert(N)">x</a>',
  '<a href=# onclick=alert(N)>x</a>',
  '<details open ontoggle=alert(N)>',
  '<body onload=alert(N)>',
  '<input autofocus onfocus=alert(N)>',
  '<video><source onerror=alert(N)></video>',
  '<object data="javascript:alert(N)"></object>',
  '<embed src="javascript:alert(N)">',
  '<form action="javascript:alert(N)"><button>x</button></form>',
  '<base href="javascript:alert(N)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(N)">',
  '<svg><script>alert(N)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(N)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(N)>">',
  '<scr<script>ipt>alert(N)</scr</script>ipt>',
  '<img src=x:alert(N) onerror=eval(src)>',
  '{{alert(N)}}',
  '${alert(N)}',
  '\';alert(N);//',
  '";alert(N);//',
  '\u2028alert(N)\u2029',
  '%3Cscript%3Ealert(N)%3C/script%3E',
  '&lt;script&gt;alert(N)&lt;/script&gt;',
  '<style>@import "javascript:alert(N)";</style>',
];

// Where a payload goes in a one-question file (p: the payload).
const PLACES = [
  ['title', null],
  ['body', p => `${p}\n`],
  ['heading', p => `## ${p}\n`],
  ['link text', p => `[${p}](https://ok.example/)\n`],
  ['link target', p => `[go](${p.replace(/[\s()]/g, '')}) and [go](<${p.replace(/[<>\n]/g, '')}>)\n`],
  ['link title', p => `[t](https://ok.example/ "${p.replace(/"/g, '&quot;')}")\n`],
  ['image alt', p => `![${p}](data:image/gif;base64,R0lGODlhAQABAAAAACw=)\n`],
  ['image src', p => `![i](${p.replace(/[\s()]/g, '')})\n`],
  ['inline code', p => `\`${p.replace(/`/g, '')}\`\n`],
  ['fence info', p => '```' + p.replace(/[`\n]/g, '') + '\ncode\n```\n'],
  ['table cell', p => `| a | b |\n|---|---|\n| ${p.replace(/\|/g, '\\|')} | x |\n`],
  ['autolink', p => `<${p.replace(/[<>\s]/g, '')}> and https://ok.example/${encodeURI(p)}\n`],
  ['raw html block', p => `<div>\n${p}\n</div>\n`],
  ['emphasis', p => `**${p}** _x_\n`],
];

let next = 0;
const payloads = []; // [N, where]
function payload(vector, where) {
  const n = ++next;
  payloads.push([n, where]);
  return vector.replace(/N/g, String(n));
}

// YAML double-quoted: JSON's escapes are YAML's.
const yq = s => JSON.stringify(s);

function corpus(root) {
  const content = path.join(root, 'content');
  fs.mkdirSync(content, { recursive: true });
  const topics = [];
  for (let i = 0; i < 6; i++) {
    topics.push(`- id: t${i}\n  title: ${yq(payload(VECTORS[i * 3], 'topic title'))}\n` +
      `  description: ${yq(payload(VECTORS[i * 3 + 1], 'topic description'))}\n` +
      `  aliases: [${yq('alias' + i)}]\n`);
  }
  fs.writeFileSync(path.join(content, 'topics.yml'), topics.join('\n'));
  fs.writeFileSync(path.join(root, 'handbook.yml'),
    `title: ${yq(payload(VECTORS[0], 'config title'))}\n` +
    `description: ${yq(payload(VECTORS[1], 'config description'))}\n` +
    'repo_url: "https://git.example/o/r?a=1&b=2"\n' +
    'edit_url: "https://git.example/o/r/edit/{path}?x=1&y=2"\n' +
    'language: en\n');
  VECTORS.forEach((v, i) => {
    const parts = [];
    let title = '';
    for (const [where, make] of PLACES) {
      const p = payload(v, where);
      if (make === null) title = p;
      else parts.push(make(p));
    }
    fs.writeFileSync(path.join(content, `p${String(i).padStart(2, '0')}.md`),
      `---\ntitle: ${yq('zzxss ' + title)}\ntopics: [t${i % 6}]\n---\n\n` +
      parts.join('\n'));
  });
  // A document of questions whose headings are the payloads (derived
  // ids, the table of contents, the practice data).
  const doc = ['# Payload list\n'];
  VECTORS.forEach(v => doc.push(`${doc.length}. ${payload(v, 'list question')}\n\n    zzxss answer.\n`));
  fs.writeFileSync(path.join(content, 'list.md'), doc.join('\n'));
}

// Git authors and commit messages reach the history of every question.
function commits(root) {
  if (spawnSync('git', ['--version']).status !== 0) return false;
  const env = { ...process.env, GIT_COMMITTER_NAME: 'c', GIT_COMMITTER_EMAIL: 'c@e',
    GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z' };
  const git = (...a) => execFileSync('git', ['-C', root, ...a], { env, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  for (let i = 0; i < 12; i++) {
    env.GIT_AUTHOR_NAME = payload(VECTORS[i], 'git author').replace(/[<>\n\u2028\u2029]/g, '');
    env.GIT_AUTHOR_EMAIL = `a${i}@e`;
    if (i > 0) fs.appendFileSync(path.join(root, 'content', `p${String(i).padStart(2, '0')}.md`), '\nmore\n');
    git('commit', '-qam', payload(VECTORS[(i + 12) % VECTORS.length], 'git message'), '--allow-empty');
  }
  return true;
}

function htmlFiles(dir) {
  const out = [];
  const walk = d => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name.endsWith('.html')) out.push(f);
    }
  };
  walk(dir);
  return out.sort();
}

// Everything on the page (and in its frames) that could run script.
function scan() {
  const bad = [];
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'data', 'poster',
    'xlink:href', 'background', 'srcdoc', 'content'];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on')) bad.push(`${el.tagName} ${name}`);
      if (!urlAttrs.includes(name)) continue;
      const v = a.value.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
      if (/^(javascript|vbscript|data:text|data:application)/.test(v) ||
          (name === 'content' && /url=\s*(javascript|vbscript|data)/.test(v)))
        bad.push(`${el.tagName} ${name}=${a.value.slice(0, 40)}`);
      if (name === 'srcdoc') bad.push(`${el.tagName} srcdoc`);
    }
    const tag = el.tagName.toLowerCase();
    if (['iframe', 'object', 'embed', 'base', 'form', 'frame', 'applet'].includes(tag))
      bad.push(`<${tag}>`);
    if (tag === 'script') {
      const src = el.getAttribute('src');
      const type = el.getAttribute('type');
      if (src === null ? type !== 'application/json' : !/^(\.\.\/)*assets\/[\w./-]+\.js$/.test(src))
        bad.push(`script ${src || type || 'inline'}`);
    }
  }
  return bad;
}

const HOOK = `(() => {
  window.__xss = [];
  window.__csp = [];
  for (const k of ['alert', 'confirm', 'prompt', 'print'])
    window[k] = x => { window.__xss.push(k + ' ' + x); };
  document.addEventListener('securitypolicyviolation', e =>
    window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') +
      ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
})();`;

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; " +
  "img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.xml': 'application/xml', '.png': 'image/png', '.txt': 'text/plain' };

// A static server on 127.0.0.1 that sends the strict policy.
function serve(dir) {
  const srv = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const f = path.join(dir, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''));
    if (!f.startsWith(dir) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(f)] || 'application/octet-stream',
      'Content-Security-Policy': CSP });
    fs.createReadStream(f).pipe(res);
  });
  return new Promise(ok => srv.listen(0, '127.0.0.1', () => ok(srv)));
}

(async () => {
  const root = path.join(tmpdir('xss'), 'hb');
  corpus(root);
  const git = commits(root);
  if (!git) t.skip('git authors and messages', 'no git');
  t.ok('at least 200 payloads', payloads.length >= 200, `${payloads.length}`);
  const out = tmpdir('xss-site');
  try {
    build(root, out);
    t.ok('the corpus builds', true);
  } catch (e) {
    t.ok('the corpus builds', false, String(e.stderr || e).slice(0, 800));
    t.done();
  }
  const where = n => (payloads.find(p => p[0] === Number(n)) || [n, '?'])[1];
  const b = await browser();
  const ctx = await b.newContext();
  await ctx.addInitScript(HOOK);
  const dialogs = [];
  const page = await ctx.newPage();
  page.on('dialog', d => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  const files = htmlFiles(out);
  const ran = [], found = [];
  for (const f of files) {
    await page.goto('file://' + f);
    for (const fr of page.frames()) {
      ran.push(...(await fr.evaluate('window.__xss').catch(() => []) || [])
        .map(x => `${path.relative(out, f)}: ${x}`));
      found.push(...(await fr.evaluate(scan).catch(e => ['scan: ' + e.message]))
        .map(x => `${path.relative(out, f)}: ${x}`));
    }
  }
  // The page tools that build markup from data: search results for
  // the payload titles, and the practice page's cards.
  await page.goto('file://' + path.join(out, 'index.html'));
  await page.fill('#search-input', 'zzxss');
  await page.waitForTimeout(400);
  const results = await page.$$eval('#search-results [role=option], #search-results a', e => e.length);
  t.ok('search lists the payload questions', results > 0, `${results} results`);
  ran.push(...await page.evaluate('window.__xss'));
  found.push(...(await page.evaluate(scan)).map(x => 'search: ' + x));
  if (fs.existsSync(path.join(out, 'practice.html'))) {
    await page.goto('file://' + path.join(out, 'practice.html'));
    await page.waitForTimeout(200);
    for (const sel of ['button.practice-start', '.practice-toggle']) {
      const el = await page.$(sel);
      if (el) await el.click().catch(() => {});
    }
    await page.waitForTimeout(200);
    ran.push(...await page.evaluate('window.__xss'));
    found.push(...(await page.evaluate(scan)).map(x => 'practice: ' + x));
  }
  const named = ran.concat(dialogs).map(x => {
    const m = /(\d+)\s*$/.exec(x);
    return m ? `${x} (${where(m[1])})` : x;
  });
  t.ok(`no payload ran (${files.length} pages, ${payloads.length} payloads)`,
    named.length === 0, named.slice(0, 8).join('; '));
  t.ok('no handler attribute, script URL or foreign script', found.length === 0,
    found.slice(0, 8).join('; '));

  // The strict policy: this corpus and the sample handbook, every page.
  const sample = tmpdir('xss-sample');
  build(repo, sample);
  for (const [name, dir] of [['corpus', out], ['sample', sample]]) {
    const srv = await serve(dir);
    const base = `http://127.0.0.1:${srv.address().port}/`;
    const violations = [], errors = [];
    const p = await ctx.newPage();
    p.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
    p.on('pageerror', e => errors.push(e.message));
    let pages = 0;
    for (const f of htmlFiles(dir)) {
      const rel = path.relative(dir, f).split(path.sep).map(encodeURIComponent).join('/');
      const r = await p.goto(base + rel);
      if (!r || r.status() !== 200) { errors.push(`${rel}: HTTP ${r && r.status()}`); continue; }
      pages++;
      violations.push(...(await p.evaluate('window.__csp')).map(v => `${rel}: ${v}`));
    }
    await p.close();
    srv.close();
    t.ok(`${name}: every page under the strict CSP (${pages} pages)`, violations.length === 0,
      violations.slice(0, 6).join('; '));
    t.ok(`${name}: no console errors under the CSP`, errors.length === 0, errors.slice(0, 6).join('; '));
  }
  await b.close();
  t.done();
})().catch(e => { console.log('FAIL xss.test: ' + e.stack); process.exit(1); });
