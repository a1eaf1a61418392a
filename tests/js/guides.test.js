// Guides are not questions (issue #17): on the three guide fixtures of
// tests/golden (guide-en, qa-zh, mixed) the model counts what the
// fixtures mean, and a guide page stays out of everything that counts
// or asks questions: the home page's figures, the practice set, the
// questions data of practice mode, the lists of questions (and their
// "unanswered" badges) and the Anki export. It is still a page: in
// navigation and in the search index.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const bin = process.env.HANDBOOK || path.resolve(__dirname, '../../build/bin/handbook');
const repo = path.resolve(__dirname, '../..');
const t = require('../harness').reporter('guides.test');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-guides-'));

function run(args, cwd) {
  return spawnSync(bin, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
}

// What each fixture means: documents, guides, questions (all, answered).
const want = {
  'guide-en': { docs: 8, guides: 5, questions: 6, answered: 3 },
  'qa-zh': { docs: 9, guides: 0, questions: 9, answered: 9 },
  mixed: { docs: 10, guides: 5, questions: 12, answered: 9 },
};

function files(dir) {
  const out = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else out.push(p);
    }
  }
  return out.sort();
}

function asset(site, prefix) {
  const name = fs.readdirSync(path.join(site, 'assets'))
    .find(f => f.startsWith(prefix + '.') && f.endsWith('.js'));
  return name ? fs.readFileSync(path.join(site, 'assets', name), 'utf8') : '';
}

// Anki's text format: header lines ('#key:value'), then records of
// tab-separated fields; a field in double quotes may hold tabs and
// newlines, and "" in it is one quote. Returns each record's first
// field (the guid).
function ankiGuids(text) {
  const guids = [];
  let i = 0;
  while (text[i] === '#') i = text.indexOf('\n', i) + 1;
  let field = 0, cur = '';
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && cur === '') {
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (text[q + 1] === '"') { cur += text.slice(j, q + 1); j = q + 2; continue; }
        cur += text.slice(j, q);
        i = q + 1;
        break;
      }
      continue;
    }
    if (c === '\t' || c === '\n') {
      if (field === 0) guids.push(cur);
      field = c === '\t' ? field + 1 : 0;
      cur = '';
    } else {
      cur += c;
    }
    i++;
  }
  return guids;
}

for (const name of Object.keys(want)) {
  const w = want[name];
  const dir = path.join(tmp, name);
  fs.cpSync(path.join(repo, 'tests/golden', name, 'input'), dir, { recursive: true });

  let r = run(['dump', '.'], dir);
  t.ok(`${name}: dump exits 0`, r.status === 0, r.stderr);
  const model = JSON.parse(r.stdout);
  const docs = model.documents;
  const guides = docs.filter(d => d.layout === 'guide');
  const qs = docs.flatMap(d => d.questions);
  const answered = qs.filter(q => q.status === 'answered');
  t.ok(`${name}: documents`, docs.length === w.docs, String(docs.length));
  t.ok(`${name}: guides`, guides.length === w.guides,
    guides.map(d => d.path).join(', '));
  t.ok(`${name}: questions`, qs.length === w.questions,
    qs.map(q => q.title).join(' | '));
  t.ok(`${name}: answered`, answered.length === w.answered, String(answered.length));
  // A guide has no question of its own: none is the guide's own title,
  // and what it holds are unanswered items of its lists.
  for (const g of guides) {
    t.ok(`${name}: ${g.path} is not its own question`,
      !g.questions.some(q => q.title === g.title), g.title);
    t.ok(`${name}: ${g.path} holds only list questions`,
      g.questions.every(q => q.status === 'unanswered'));
  }
  const guideTitles = new Set(guides.map(g => g.title));

  r = run(['check', '.', '--explain', '-q'], dir);
  t.ok(`${name}: check passes`, r.status === 0, r.stderr);
  const lines = r.stdout.split('\n').filter(l => /^  [^ ].*\.md: [a-z]+: /.test(l));
  t.ok(`${name}: --explain gives every document a layout`, lines.length === w.docs,
    String(lines.length));
  for (const d of docs) {
    const l = lines.find(x => x.startsWith(`  ${d.path}: `));
    t.ok(`${name}: --explain ${d.path}`, l && l.startsWith(`  ${d.path}: ${d.layout}: `), l);
  }

  const site = path.join(dir, 'site');
  r = run(['build', '.', '-o', site, '-q', '-j', '1'], dir);
  t.ok(`${name}: build exits 0`, r.status === 0, r.stderr);
  const index = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
  t.ok(`${name}: home page counts the questions`,
    index.includes(`<dd>${w.questions}</dd>`) && index.includes(`<dd>${w.answered}</dd>`),
    (index.match(/<dl class="stats">[\s\S]*?<\/dl>/) || [''])[0]);

  // Practice mode's data and the practice set: questions only.
  const hbq = asset(site, 'questions');
  const data = JSON.parse(hbq.slice(hbq.indexOf('{'), hbq.lastIndexOf('}') + 1));
  t.ok(`${name}: practice data has the questions`, data.questions.length === w.questions,
    String(data.questions.length));
  t.ok(`${name}: practice data has no guide as a question`,
    !data.questions.some(q => guideTitles.has(q.title)));
  const practice = fs.readFileSync(path.join(site, 'practice.html'), 'utf8');
  for (const g of guides)
    t.ok(`${name}: practice set leaves out ${g.path}`,
      !practice.includes(JSON.stringify(g.title)) &&
      !practice.includes(`"doc":${JSON.stringify(g.title)}`));

  // Lists of questions on every page: the ids are the questions', and
  // no guide is listed (nor badged unanswered) as one.
  const ids = new Set(qs.map(q => q.id));
  const listed = new Set();
  for (const f of files(site).filter(f => f.endsWith('.html'))) {
    const html = fs.readFileSync(f, 'utf8');
    for (const m of html.matchAll(/<li data-id="([^"]*)" data-status="([^"]*)">/g))
      listed.add(m[1]);
  }
  t.ok(`${name}: lists hold questions only`, [...listed].every(id => ids.has(id)),
    [...listed].filter(id => !ids.has(id)).join(', '));

  // Guides are pages: navigation and search have them.
  const nav = asset(site, 'nav');
  const search = files(path.join(site, 'assets/search')).map(f => fs.readFileSync(f, 'utf8')).join('\n');
  for (const g of guides) {
    t.ok(`${name}: ${g.path} has a page`, nav.includes(JSON.stringify(g.title)), g.title);
    t.ok(`${name}: ${g.path} is searchable`, search.includes(JSON.stringify(g.title).slice(1, -1)), g.title);
  }

  // Anki: one note per answered question, none for a guide.
  const apkg = path.join(tmp, `${name}.txt`);
  r = run(['export', 'anki', '.', '-o', apkg, '-q'], dir);
  t.ok(`${name}: export exits 0`, r.status === 0, r.stderr);
  const guids = ankiGuids(fs.readFileSync(apkg, 'utf8'));
  t.ok(`${name}: one note per answered question`, guids.length === w.answered,
    guids.join(', '));
  t.ok(`${name}: notes are answered questions`,
    guids.every(id => answered.some(q => q.id === id)), guids.join(', '));
}

// The sample handbook reads as it did before guides existed: 13
// documents (10 single, a headings page, a record, a list), 36
// questions, no guide. (The seeds: tests/unit/test_seeds.c.)
{
  const dir = path.join(tmp, 'sample');
  fs.cpSync(path.join(repo, 'content'), dir, { recursive: true });
  const r = run(['dump', '.'], dir);
  const docs = JSON.parse(r.stdout).documents;
  const count = {};
  for (const d of docs) count[d.layout] = (count[d.layout] || 0) + 1;
  t.ok('sample: layouts unchanged', count.single === 10 && count.headings === 1 &&
    count.record === 1 && count.list === 1 && Object.keys(count).length === 4,
    JSON.stringify(count));
  t.ok('sample: 36 questions', docs.reduce((n, d) => n + d.questions.length, 0) === 36);
}

fs.rmSync(tmp, { recursive: true, force: true });
t.done();
