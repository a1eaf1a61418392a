// Command-line flows: init -> check -> build, init refusing to overwrite,
// help and version. Uses the built binary ($HANDBOOK).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const bin = process.env.HANDBOOK || path.resolve(__dirname, '../../build/bin/handbook');
const t = require('../harness').reporter('cli.test');
const ok = t.ok;
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
ok('--version', r.status === 0 && /^handbook \d+\.\d+\.\d+\ncmark-gfm: \S+\n(.+: .+\n)+$/.test(r.stdout), r.stdout);
r = run(['help', 'check'], tmp);
ok('help check', r.status === 0 && /--changed-since/.test(r.stdout), r.stdout);
r = run(['check', '--format', 'xml'], tmp);
ok('usage errors exit 2', r.status === 2 && /unknown format 'xml'/.test(r.stderr), r.stderr);

// check --changed-since REV reports only problems in changed files.
const repo = path.join(tmp, 'repo');
r = run(['init', repo], tmp);
const git = (...a) => spawnSync('git', ['-C', repo, ...a], {
  encoding: 'utf8',
  env: { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@e',
    GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@e',
    GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z' },
});
git('init', '-q');
fs.writeFileSync(path.join(repo, 'content/old-broken.md'), '# 旧题？\n\n见 [[q:nowhere]]。\n');
git('add', '-A');
git('commit', '-qm', 'base');
fs.writeFileSync(path.join(repo, 'content/new-broken.md'), '# 新题？\n\n见 [[topic:nothing]]。\n');
r = run(['check', repo], tmp);
ok('full check sees both problems', r.status === 1 && /old-broken/.test(r.stderr) && /new-broken/.test(r.stderr), r.stderr);
r = run(['check', repo, '--changed-since', 'HEAD'], tmp);
ok('--changed-since keeps the new file', r.status === 1 && /new-broken.md:3:5: error: unknown topic 'nothing'/.test(r.stderr), r.stderr);
ok('--changed-since drops the old file', !/old-broken/.test(r.stderr), r.stderr);
r = run(['check', repo, '--changed-since', 'no-such-rev'], tmp);
ok('--changed-since with a bad revision exits 2', r.status === 2, `${r.status} ${r.stderr}`);

fs.rmSync(tmp, { recursive: true, force: true });
t.done();
