// handbook export anki (issue #14): the file is parsed back with Anki's
// rules (headers, tab-separated fields, quoted fields with "" escapes):
// one row per answered question of `handbook dump`, guid = question id,
// tags = topics and the document, and the fields round-trip (writing the
// parsed rows again gives the same bytes). On a handbook with awkward
// fields, the sample handbook (content/) and the seeds when present.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const bin = process.env.HANDBOOK || path.resolve(__dirname, '../../build/bin/handbook');
const repo = path.resolve(__dirname, '../..');
const shared = process.env.HB_SHARED || path.join(repo, '..', 'shared');
const t = require('../harness').reporter('anki.test');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-anki-'));

function run(args) {
  return spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
}

// Anki's text format: '#key:value' header lines first, then records of
// tab-separated fields; a field in double quotes may hold tabs and
// newlines, and "" inside it is one quote.
function parse(text) {
  const headers = [];
  let i = 0;
  while (text[i] === '#') {
    const e = text.indexOf('\n', i);
    const line = text.slice(i + 1, e), c = line.indexOf(':');
    headers.push([line.slice(0, c), line.slice(c + 1)]);
    i = e + 1;
  }
  const body = i;
  const rows = [];
  let row = [];
  while (i < text.length) {
    let f = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        f += text.slice(i, q);
        if (text[q + 1] === '"') { f += '"'; i = q + 2; } else { i = q + 1; break; }
      }
    } else {
      while (i < text.length && text[i] !== '\t' && text[i] !== '\n') f += text[i++];
    }
    row.push(f);
    if (text[i] === '\t') { i++; continue; }
    if (text[i] === '\n' || i >= text.length) { rows.push(row); row = []; i++; continue; }
    throw new Error(`text after a quoted field at byte ${i}`);
  }
  return { headers, rows, body: text.slice(body) };
}

function unparse(rows) {
  return rows.map(r => r.map(f => '"' + f.replace(/"/g, '""') + '"').join('\t') + '\n').join('');
}

function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

// Exports root and checks the file against its model.
function check(name, root, extra = []) {
  const out = path.join(tmp, name + '.txt');
  const r = run(['export', 'anki', root, '-o', out, ...extra]);
  t.ok(`${name}: export exits 0`, r.status === 0, r.stderr);
  const model = JSON.parse(run(['dump', root]).stdout);
  const text = fs.readFileSync(out, 'utf8');
  let f;
  try { f = parse(text); } catch (e) { t.ok(`${name}: parses`, false, e.message); return null; }
  const h = Object.fromEntries(f.headers);
  t.ok(`${name}: headers`, h.separator === 'tab' && h.html === 'true' && h.notetype === 'Basic' &&
    h['guid column'] === '1' && h['tags column'] === '4' && typeof h.deck === 'string' && h.deck.length > 0,
    JSON.stringify(f.headers));
  const answered = [];
  for (const d of model.documents)
    for (const q of d.questions)
      if (q.status === 'answered') answered.push({ q, d });
  t.ok(`${name}: one row per answered question`, f.rows.length === answered.length,
    `${f.rows.length} rows, ${answered.length} answered`);
  t.ok(`${name}: four fields per row`, f.rows.every(r => r.length === 4));
  t.ok(`${name}: fields round-trip`, unparse(f.rows) === f.body);
  let bad = [];
  f.rows.forEach((row, k) => {
    const a = answered[k];
    if (!a) return;
    const [guid, front, back, tags] = row;
    if (guid !== a.q.id) bad.push(`row ${k}: guid ${guid} != ${a.q.id}`);
    if (!front.startsWith(`<p><b>${escapeHtml(a.q.title)}</b></p>`)) bad.push(`row ${k}: front ${front.slice(0, 80)}`);
    if (back.trim() === '') bad.push(`row ${k}: empty back`);
    if (/code-bar|<button|class="copy"|<span/.test(front + back)) bad.push(`row ${k}: site chrome left`);
    const tg = tags.split(' ');
    const want = a.q.topics.concat(tg.filter(x => x.startsWith('doc::')));
    if (tg.filter(x => x.startsWith('doc::')).length !== 1 || tg.sort().join(' ') !== want.sort().join(' '))
      bad.push(`row ${k}: tags ${tags} (topics ${a.q.topics})`);
    const code = a.q.answers.some(x => /```/.test(x.markdown) && x.kind !== 'candidate');
    if (code && !/<pre><code/.test(back)) bad.push(`row ${k}: code not in <pre>`);
  });
  t.ok(`${name}: rows match the model`, bad.length === 0, bad.slice(0, 4).join('; '));
  console.log(`${name}: ${f.rows.length} notes of ${model.documents.reduce((n, d) => n + d.questions.length, 0)} questions`);
  return f;
}

// Awkward fields: quotes, <, &, tabs in code, a cross-reference, a link
// and an image inside the site, choices and an unanswered question.
const hb = path.join(tmp, 'awkward');
fs.mkdirSync(path.join(hb, 'content'), { recursive: true });
fs.writeFileSync(path.join(hb, 'handbook.yml'), 'title: "Deck\ttitle"\n');
fs.writeFileSync(path.join(hb, 'content', 'pic.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
fs.writeFileSync(path.join(hb, 'content', 'why.md'), [
  '---', 'title: \'Why "x" <T> & y?\'', 'topics: [gc]', '---',
  'A "quoted" answer, a tab:\there, and <b>raw</b> shown as text.', '',
  '```go', 'func f() string {', '\treturn "x"', '}', '```', '',
  'See [[q:other-q]], ![pic](pic.png) and [the other page](other.md).', ''].join('\n'));
fs.writeFileSync(path.join(hb, 'content', 'other.md'), [
  '---', 'title: Other question', 'id: other-q', '---', 'Plain answer.', ''].join('\n'));
fs.writeFileSync(path.join(hb, 'content', 'list.md'), [
  '# Quiz', '',
  '1. Which one is a channel?', '',
  '    Pick one: [A: map] [B: chan int]', '',
  '    答案是 B。它是通道。', '',
  '2. An open question with no answer yet?', ''].join('\n'));
const aw = check('awkward', hb);
if (aw) {
  const rows = Object.fromEntries(aw.rows.map(r => [r[0], r]));
  const why = Object.values(rows).find(r => r[1].includes('Why'));
  t.ok('deck title on one line', aw.headers.some(([k, v]) => k === 'deck' && v === 'Deck title'));
  t.ok('title escaped', why && why[1].startsWith('<p><b>Why &quot;x&quot; &lt;T&gt; &amp; y?</b></p>'), why && why[1]);
  t.ok('tabs in code survive', why && why[2].includes('\treturn') && why[2].includes('<pre><code class="language-go">'), why && why[2]);
  t.ok('raw HTML stays text', why && why[2].includes('&lt;b&gt;raw&lt;/b&gt;'));
  t.ok('a cross-reference shows the title, unlinked', why && why[2].includes('Other question') && !why[2].includes('data-q'));
  t.ok('site links and images without a base URL: text only', why && !why[2].includes('../') &&
    why[2].includes('<i>[pic]</i>') && why[2].includes('the other page'), why && why[2]);
  t.ok('tags: topic and document', why && why[3].split(' ').sort().join(' ') === 'doc::why gc', why && why[3]);
  const quiz = Object.values(rows).find(r => r[1].includes('channel'));
  t.ok('choices on the front, the right one on the back', quiz && /<li><b>B\.<\/b> chan int<\/li>/.test(quiz[1]) &&
    quiz[2].includes('\u2713 B'), quiz && quiz.join(' | '));
  t.ok('unanswered questions are not exported', !Object.values(rows).some(r => r[1].includes('open question')));
  const withBase = check('awkward-base', hb, ['--base-url', 'https://x.test/hb']);
  const wb = withBase && withBase.rows.find(r => r[1].includes('Why'));
  t.ok('with a base URL, site links and images are absolute', wb &&
    wb[2].includes('src="https://x.test/hb/media/pic.png"') && wb[2].includes('href="https://x.test/hb/d/other.html"'), wb && wb[2]);
}
// Standard output, and usage errors.
let r = run(['export', 'anki', hb, '-o', '-', '-q']);
t.ok('-o - writes to standard output', r.status === 0 && r.stdout.startsWith('#separator:tab\n'));
r = run(['export', hb, '-o', 'x']);
t.ok('the format is required', r.status === 2 && /unknown export format/.test(r.stderr), r.stderr);
r = run(['export', 'anki', hb]);
t.ok('-o is required', r.status === 2 && /export needs -o FILE/.test(r.stderr), r.stderr);
r = run(['help', 'export']);
t.ok('help export', r.status === 0 && /handbook export anki/.test(r.stdout));

check('sample', repo);
const seeds = path.join(shared, 'seeds');
if (fs.existsSync(seeds)) {
  const root = path.join(tmp, 'seeds');
  fs.mkdirSync(path.join(root, 'content'), { recursive: true });
  for (const f of fs.readdirSync(seeds))
    fs.copyFileSync(path.join(seeds, f), path.join(root, 'content', f.replace(/\.txt$/, '.md')));
  check('seeds', root);
} else {
  t.skip('seeds', '../shared/seeds not present');
}
fs.rmSync(tmp, { recursive: true, force: true });
t.done();
