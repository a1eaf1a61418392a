// Command-line flows: init -> check -> build, init refusing to overwrite,
// help and version. Uses the built binary ($HANDBOOK).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const bin = process.env.HANDBOOK || path.resolve(__dirname, '../../build/bin/handbook');
let passed = 0, failed = 0;
function ok(name, cond, detail) {
  if (cond) passed++;
  else { failed++; console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`); }
}
function run(args, cwd) {
  return spawnSync(bin, args, { cwd, encoding: 'utf8' });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-cli-'));
const hb = path.join(tmp, 'fresh');

let r = run(['init', hb], tmp);
ok('init exits 0', r.status === 0, r.stderr);
for (const f of ['handbook.yml', '.gitignore', 'content/topics.yml',
  'content/interviews/example.md', 'content/lists/basics.md',
  'content/questions/gmp.md', 'content/guides/channels.md'])
  ok(`init creates ${f}`, fs.existsSync(path.join(hb, f)));

r = run(['check', hb], tmp);
ok('a new handbook passes check', r.status === 0, r.stderr);
ok('check names what it checked', /checked 4 documents, 8 questions: no errors/.test(r.stderr), r.stderr);

r = run(['dump', hb], tmp);
const model = JSON.parse(r.stdout);
const layouts = model.documents.map(d => d.layout).sort().join(',');
ok('one example of each layout', layouts === 'headings,list,record,single', layouts);

r = run(['build', hb, '-q'], tmp);
ok('a new handbook builds', r.status === 0, r.stderr);
ok('into build/site', fs.existsSync(path.join(hb, 'build/site/index.html')));

fs.writeFileSync(path.join(hb, 'handbook.yml'), 'title: mine\n');
r = run(['init', hb], tmp);
ok('init refuses an existing handbook', r.status === 2, String(r.status));
ok('init says why', /already holds a handbook/.test(r.stderr), r.stderr);
ok('init overwrote nothing', fs.readFileSync(path.join(hb, 'handbook.yml'), 'utf8') === 'title: mine\n');

r = run(['--version'], tmp);
ok('--version', r.status === 0 && /^handbook \d+\.\d+\.\d+\n$/.test(r.stdout), r.stdout);
r = run(['help', 'check'], tmp);
ok('help check', r.status === 0 && /--changed-since/.test(r.stdout), r.stdout);
r = run(['check', '--format', 'xml'], tmp);
ok('usage errors exit 2', r.status === 2 && /unknown format 'xml'/.test(r.stderr), r.stderr);

fs.rmSync(tmp, { recursive: true, force: true });
console.log(`cli.test: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
