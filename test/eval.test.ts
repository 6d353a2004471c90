// agentos eval end to end on scripted models over real HTTP: the 20-task suite with mixed judges
// against two policies (bench/eval-policies.ts) finds the planted difference; runs are stored in
// shared/evals/ with one commit each; compare and learning print and write their pages; the live
// agent is never touched; suite and policy errors are located.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { planted, type Planted } from '../bench/eval-policies.ts';
import { execFile } from 'node:child_process';
import { Git } from '../src/store/index.ts';

/** The real command in a child process (a patched process.stdout would swallow the test runner's own events). */
function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...argv], { env: { ...process.env, ...p.env, LOG_LEVEL: 'error' }, maxBuffer: 16 * 1024 * 1024, timeout: 110_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}
const BIN = path.join(import.meta.dirname, '..', 'bin', 'agentos.js');
const lastJson = (s: string) => JSON.parse(s.trim().split('\n').at(-1)!);

let p: Planted;
before(async () => {
  p = await planted();
});
after(async () => {
  await p.close();
});

test('two policies over 20 tasks with mixed judges: the comparison finds the planted difference', { timeout: 120_000 }, async () => {
  const r = await cli(['eval', 'run', p.suite, '--data', p.dir, '--policy', p.weak, '--policy', p.strong, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = lastJson(r.stdout);
  assert.equal(out.runs.length, 2);
  const c = out.comparison;
  assert.equal(c.a.label, 'weak');
  assert.equal(c.b.label, 'strong');
  assert.equal(c.paired, 20);
  assert.equal(c.a.successes, 10, 'weak fails the 10 planted tasks');
  assert.equal(c.b.successes, 19, 'strong fails only task 20');
  assert.deepEqual([c.sign_test.plus, c.sign_test.minus], [10, 1]);
  assert.ok(c.sign_test.p < 0.05, `sign test p ${c.sign_test.p}`);
  assert.ok(c.a.success_rate.ci.high < c.b.success_rate.value, 'the intervals separate the policies');
  assert.ok(c.b.cost_per_success.value > c.a.cost_per_success.value, 'the strong model costs more per success');
  assert.equal(c.a.judges['file-content'].pass, 2);
  assert.equal(c.b.judges['mentions-backoff'].rate.value, 1);
  for (const kind of ['file-content', 'json-shape', 'right-total', 'ticket-form', 'mentions-backoff', 'security', 'grader', 'reviewer']) assert.ok(c.a.judges[kind], kind);
  // Stored: one commit per run in shared/, JSON + Markdown; the live agent untouched.
  const shared = new Git(path.join(p.dir, 'shared'));
  const log = await shared.raw(['log', '--format=%s']);
  for (const run of out.runs) {
    assert.ok(existsSync(path.join(run.dir, 'results.json')) && existsSync(path.join(run.dir, 'summary.md')));
    assert.match(log, new RegExp(`^eval: ${run.run}$`, 'm'));
  }
  assert.match(readFileSync(path.join(out.runs[0].dir, 'summary.md'), 'utf8'), /success rate \(audited \+1\) \| 50\.0% \(10\/20\)/);
  assert.equal(await new Git(path.join(p.dir, 'agents', 'orion')).raw(['rev-list', '--count', 'HEAD']).catch(() => '0').then((s) => s.trim()), '0', 'the live agent has no commits from the eval');

  // compare: the same figures from the stored files, a page with charts, --json last line.
  const html = path.join(p.dir, 'compare.html');
  const cmp = await cli(['eval', 'compare', out.runs[0].run, out.runs[1].run, '--data', p.dir, '--html', html, '--json']);
  assert.equal(cmp.code, 0, cmp.stderr);
  assert.deepEqual(lastJson(cmp.stdout).sign_test, c.sign_test);
  const page = readFileSync(html, 'utf8');
  assert.match(page, /<svg class="chart" data-chart="bar"/);
  assert.doesNotMatch(page, /(src|href)="https?:/);
  const text = await cli(['eval', 'compare', out.runs[0].run, out.runs[1].run, '--data', p.dir]);
  assert.match(text.stdout, /\| success rate \(95% CI\) +\| 50\.0% \[29\.9–70\.1\] \(10\/20\) +\| 95\.0% \[76\.4–99\.1\] \(19\/20\)/);
});

test('eval learning runs the curriculum through a fresh agent and a no-memory twin and reports every seed 000 measure', { timeout: 120_000 }, async () => {
  const html = path.join(p.dir, 'learning.html');
  const r = await cli(['eval', 'learning', p.suite, '--data', p.dir, '--windows', '4', '--html', html, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const l = lastJson(r.stdout);
  assert.equal(l.tasks, 20);
  for (const cond of ['learning', 'no_memory']) {
    const m = l.conditions[cond];
    assert.equal(m.progress.tasks, 20);
    assert.equal(m.progress.success_over_time.length, 4);
    assert.ok('duplicate_concept_collapse_rate' in m.progress && 'expensive_share' in m.progress.routing && 'cost_per_success' in m.progress.routing);
    assert.ok('acceptance_rate' in m.iac.proposals);
  }
  assert.match(r.stderr, /\| model routing \| expensive-call reduction \|/);
  assert.match(readFileSync(html, 'utf8'), /data-chart="line"/);
});

test('suite and policy errors name file:line:column; a newer version is refused; nothing runs', { timeout: 120_000 }, async () => {
  const bad = path.join(p.dir, 'bad-suite.yaml');
  writeFileSync(bad, 'version: 1\nname: bad\ntasks:\n  - id: a\n    task: do it\n  - id: b\n    task: again\n    judges:\n      - { kind: contains }\n');
  let r = await cli(['eval', 'run', bad, '--data', p.dir]);
  assert.equal(r.code, 3);
  assert.match(r.stderr, /bad-suite\.yaml:9:9: tasks\.1\.judges\.0\.text: /);
  writeFileSync(bad, 'version: 1\nname: bad\ntasks:\n  - id: a\n    task: x\n  - id: a\n    task: y\n');
  r = await cli(['eval', 'run', bad, '--data', p.dir]);
  assert.match(r.stderr, /bad-suite\.yaml:6:5: tasks\.1\.id: duplicate task id "a"/);
  writeFileSync(bad, 'version: 1\nname: bad\ntasks:\n  - id: a\n    task: x\n    task: y\n');
  r = await cli(['eval', 'run', bad, '--data', p.dir]);
  assert.match(r.stderr, /bad-suite\.yaml:6:5: invalid YAML in the suite: Map keys must be unique/);
  writeFileSync(bad, 'version: 2\nname: future\ntasks: []\n');
  r = await cli(['eval', 'run', bad, '--data', p.dir]);
  assert.match(r.stderr, /suite version 2 is from a newer AgentOS/);
  const pol = path.join(p.dir, 'bad-policy.yaml');
  writeFileSync(pol, 'version: 1\nname: p\nagents:\n  nobody: { learning: none }\n');
  r = await cli(['eval', 'run', p.suite, '--data', p.dir, '--policy', pol]);
  assert.equal(r.code, 3);
  assert.match(r.stderr, /agents\.nobody: no agent named "nobody"/);
  writeFileSync(pol, 'version: 1\nname: p\nagents:\n  "*": { learning: sometimes }\n');
  r = await cli(['eval', 'run', p.suite, '--data', p.dir, '--policy', pol]);
  assert.match(r.stderr, /bad-policy\.yaml applied to agents\.yaml:\d+:\d+: agents\.0\.learning/);
  r = await cli(['eval', 'compare', 'nope', 'nada', '--data', p.dir]);
  assert.equal(r.code, 7);
  assert.match(r.stderr, /no eval run "nope"/);
});
