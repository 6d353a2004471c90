// The route table in constraints.md, edited by hand, is obeyed; a broken row is a warning
// with file:line and its demand falls back to the default route. Consensus routes ask several
// strong models and record their agreement.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import type { TaskLine } from '../src/models/index.ts';
import { report, startRouting } from './support/routing-harness.ts';

const TIERS = (u: Record<string, string>) => `models:
  tiers:
    cheap-fast: { model: cheap, base_url: ${u.cheap} }
    balanced: { model: mid, base_url: ${u.mid} }
    strongest: { model: strong, base_url: ${u.strong} }
agents:
  - name: orion
    persona: "Backend engineer."
`;
const task = (id: string, extra: Record<string, unknown> = {}) => ({ id, task: `Task ${id}: design something new`, priority: 'normal' as const, created: '2026-01-01T00:00:00Z', ...extra });

function editTable(file: string, rows: string[]) {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf('| reasoning_demand | route |');
  writeFileSync(file, `${text.slice(0, start)}| reasoning_demand | route |\n|---|---|\n${rows.join('\n')}\n`);
}

test('a route table edited by hand is obeyed, and a broken row warns with file:line', async () => {
  const ok = () => report({ skill: null });
  const h = await startRouting({ servers: { cheap: ok, mid: ok, strong: ok }, yaml: TIERS });
  try {
    // Default table: a novel task goes to the strongest tier.
    await h.runtime.enqueue('orion', task('n1'));
    await h.runtime.drain();
    assert.equal(h.servers.strong.requests.length, 1);

    // A person routes novel work to the cheap tier and commits the edit.
    const constraints = h.agentDir('constraints.md');
    editTable(constraints, ['| routine | cheap-fast |', '| moderate | balanced |', '| novel | cheap-fast |', '| consensus | strongest multi-agent |']);
    execFileSync('git', ['-C', h.agentDir(), 'commit', '-qam', 'route novel work to cheap-fast']);
    await h.runtime.enqueue('orion', task('n2'));
    await h.runtime.drain();
    assert.equal(h.servers.cheap.requests.length, 1, 'the edited table was obeyed');
    const n2 = h.ledger().find((l): l is TaskLine => l.kind === 'task' && l.task === 'n2')!;
    assert.equal(n2.demand, 'novel');
    assert.equal(n2.table_tier, 'cheap-fast');

    // A typo: a warning naming the line, and novel work back on the default route.
    editTable(constraints, ['| routine | cheap-fast |', '| moderate | balanced |', '| novel | cheep |', '| consensus | strongest multi-agent |']);
    await h.runtime.enqueue('orion', task('n3'));
    await h.runtime.drain();
    assert.equal(h.servers.strong.requests.length, 2);
    const line = readFileSync(constraints, 'utf8').split('\n').findIndex((l) => l.includes('cheep')) + 1;
    assert.ok(h.logs.some((l) => l.includes(`route table: constraints.md:${line}: unknown tier \\"cheep\\"`)), h.logs.filter((l) => /route table/.test(l)).join('\n'));
  } finally {
    await h.close();
  }
});

test('a consensus task asks several strong models, takes the majority and records the agreement', async () => {
  const answer = (text: string) => () => report({ skill: null, response: text });
  const h = await startRouting({
    servers: { cheap: answer('x'), mid: answer('x'), strong: (req) => answer(req.body.model === 'vote-c' ? 'The answer is 41.' : 'The answer is 42.')() },
    yaml: (u) => `models:
  consensus: { calls: 3 }
  tiers:
    strongest:
      - { model: vote-a, base_url: ${u.strong} }
      - { model: vote-b, base_url: ${u.strong} }
      - { model: vote-c, base_url: ${u.strong} }
agents:
  - name: orion
    persona: "Backend engineer."
`,
  });
  try {
    await h.runtime.enqueue('orion', task('c1', { tags: ['consensus'] }));
    await h.runtime.drain();
    assert.deepEqual(h.servers.strong.requests.map((r) => r.body.model), ['vote-a', 'vote-b', 'vote-c'], 'different models vote');
    const line = h.ledger().find((l): l is TaskLine => l.kind === 'task')!;
    assert.equal(line.demand, 'consensus');
    assert.equal(line.consensus, true);
    assert.equal(line.agreement, 0.667);
    assert.deepEqual(h.ledger().filter((l) => l.kind === 'call').map((l) => l.kind === 'call' && l.purpose), ['vote', 'vote', 'vote']);
    const msg = execFileSync('git', ['-C', h.agentDir(), 'log', '-1', '--format=%B'], { encoding: 'utf8' });
    assert.match(msg, /route: consensus → strongest \(consensus\)/);
    assert.match(msg, /consensus agreement: 0\.667/);
    assert.match(msg, /The answer is 42\./);
  } finally {
    await h.close();
  }
});

test('consensus by a judge: split votes go to one more strong call that picks', async () => {
  let judged = 0;
  const h = await startRouting({
    servers: {
      strong: (req) => {
        if (/Candidate answers/.test(JSON.stringify(req.messages))) {
          judged++;
          return { json: { choice: 2, reason: 'the second is right' } };
        }
        return report({ skill: null, response: `answer from ${req.body.model}: ${req.body.model === 'j1' ? 'alpha' : req.body.model === 'j2' ? 'beta gamma' : 'delta'}` });
      },
    },
    yaml: (u) => `models:
  consensus: { calls: 3, aggregate: judge }
  tiers:
    strongest: [{ model: j1, base_url: ${u.strong} }, { model: j2, base_url: ${u.strong} }, { model: j3, base_url: ${u.strong} }]
agents:
  - name: orion
    persona: "Backend engineer."
`,
  });
  try {
    await h.runtime.enqueue('orion', task('c2', { extra: { reasoning_demand: 'consensus' } }));
    await h.runtime.drain();
    assert.equal(judged, 1);
    const msg = execFileSync('git', ['-C', h.agentDir(), 'log', '-1', '--format=%B'], { encoding: 'utf8' });
    assert.match(msg, /answer from j2: beta gamma/);
    assert.deepEqual(h.ledger().filter((l) => l.kind === 'call').map((l) => l.kind === 'call' && l.purpose), ['vote', 'vote', 'vote', 'judge']);
  } finally {
    await h.close();
  }
});
