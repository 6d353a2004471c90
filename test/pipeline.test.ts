// The task loop end to end over real HTTP: queue.md → model → learn → one git commit.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { Git } from '../src/store/index.ts';
import { report, startHarness, taskIdOf } from './support/harness.ts';

const orion = (dir: string, ...p: string[]) => path.join(dir, 'agents', 'orion', ...p);

// Seed 001, "Enqueue a task" and "Feed a series of tasks", appended exactly as printed.
const SEED_BLOCKS = `
## first-task
task: List your active constraints and explain how the reward system works.
priority: normal
created: 2026-04-29T10:05:00Z

## paginated-api
task: Write a Python function that fetches all pages from a paginated REST API endpoint. The API returns a 'next' field in the response body. Handle rate limits gracefully.
priority: high
created: 2026-04-29T10:10:00Z

## sql-parameterization
task: Write a function that builds a parameterized SQL SELECT query from a table name, a list of column names, and a dict of WHERE conditions. Prevent SQL injection.
priority: high
created: 2026-04-29T10:15:00Z
`;

test('seed tasks run by priority then age, one commit each that also removes the task from queue.md', async () => {
  const served: string[] = [];
  const h = await startHarness({ script: (req) => (served.push(taskIdOf(req)), report()) });
  try {
    appendFileSync(orion(h.dir, 'queue.md'), SEED_BLOCKS);
    await h.runtime.drain();
    const subjects = await new Git(orion(h.dir)).subjects();
    assert.deepEqual(subjects, ['orion(task): first-task', 'orion(task): sql-parameterization', 'orion(task): paginated-api', 'init: agent filesystem']);
    assert.deepEqual(served, ['paginated-api', 'sql-parameterization', 'first-task']);

    const queue = readFileSync(orion(h.dir, 'queue.md'), 'utf8');
    assert.doesNotMatch(queue, /^## /m, 'every task left the queue');
    const rewards = parse(readFileSync(orion(h.dir, 'rewards.md'), 'utf8')) as { task: string; reward: number; audit_score: number }[];
    assert.deepEqual(rewards.map((r) => r.task), ['paginated-api', 'sql-parameterization', 'first-task']);
    assert.ok(existsSync(orion(h.dir, 'skills', 'retry-with-backoff', 'SKILL.md')));
    assert.match(readFileSync(orion(h.dir, 'skills.md'), 'utf8'), /^### retry-with-backoff/m);
    assert.match(readFileSync(orion(h.dir, 'system_prompt.md'), 'utf8'), /retry-with-backoff/);
    // The commit that records the result is the one that dequeued the task.
    const show = await new Git(orion(h.dir)).raw(['show', '--stat', '--format=%s', 'HEAD~2']);
    assert.match(show, /queue\.md/);
    assert.match(show, /rewards\.md/);
    assert.equal((await new Git(orion(h.dir)).statusPorcelain()).trim(), '', 'nothing left uncommitted');
  } finally {
    await h.close();
  }
});

test('a failed verify command overrides a +1 self-score: no skill, a goal emerges', async () => {
  const h = await startHarness({ script: () => report({ skill: { name: 'sync', description: 'd', body: 'b' } }) });
  try {
    await h.runtime.enqueue('orion', { id: 'sync-vendor', task: 'Build a sync process.', priority: 'normal', created: '2026-01-01T00:00:00Z', verify: 'test -f sync.py' });
    await h.runtime.drain();
    const rewards = parse(readFileSync(orion(h.dir, 'rewards.md'), 'utf8')) as { reward: number; audit_score: number }[];
    assert.equal(rewards[0].reward, 1);
    assert.equal(rewards[0].audit_score, -1);
    assert.ok(!existsSync(orion(h.dir, 'skills', 'sync')));
    assert.match(readFileSync(orion(h.dir, 'goals.md'), 'utf8'), /Build a sync process/);
    assert.equal(h.runtime.worker('orion').stats.failed, 1);
  } finally {
    await h.close();
  }
});

test('malformed blocks and duplicate ids are moved to queue.rejected.md with the reason; the rest runs', async () => {
  const h = await startHarness({ script: () => report() });
  try {
    appendFileSync(orion(h.dir, 'queue.md'), [
      '', '## good-1', 'task: first', 'created: 2026-01-01T00:00:00Z',
      '', '## broken', 'task: [unclosed', 'created: 2026-01-01T00:00:00Z',
      '', '## good-1', 'task: same id again', 'created: 2026-01-01T00:00:01Z',
      '', '## good-2', 'task: second', 'created: 2026-01-01T00:00:02Z', '',
    ].join('\n'));
    await h.runtime.drain();
    await new Promise((r) => setTimeout(r, 900)); // past the grace for appends in progress
    await h.runtime.drain();
    const subjects = await new Git(orion(h.dir)).subjects();
    assert.ok(subjects.includes('orion(task): good-1'));
    assert.ok(subjects.includes('orion(task): good-2'));
    assert.ok(subjects.some((s) => s.startsWith('orion(intake): rejected')), subjects.join('\n'));
    const rejected = readFileSync(orion(h.dir, 'queue.rejected.md'), 'utf8');
    assert.match(rejected, /task: \[unclosed/);
    assert.match(rejected, /same id again/);
    assert.doesNotMatch(readFileSync(orion(h.dir, 'queue.md'), 'utf8'), /^## /m);
  } finally {
    await h.close();
  }
});

test('a restart resumes: nothing is repeated, new work is picked up', async () => {
  const first = await startHarness({ script: () => report() });
  const dir = first.dir;
  await first.runtime.enqueue('orion', { id: 't1', task: 'one', priority: 'normal', created: '2026-01-01T00:00:00Z' });
  await first.runtime.drain();
  await first.runtime.stop();
  await first.server.close();

  const second = await startHarness({ script: () => report(), dir });
  try {
    await second.runtime.drain();
    assert.equal(second.server.requests.length, 0, 'the finished task is not sent again');
    appendFileSync(orion(dir, 'queue.md'), '\n## t1\ntask: reused id\ncreated: 2026-01-02T00:00:00Z\n\n## t2\ntask: two\ncreated: 2026-01-02T00:00:00Z\n');
    await second.runtime.drain();
    assert.equal(second.server.requests.length, 1);
    const subjects = await new Git(orion(dir)).subjects();
    assert.equal(subjects.filter((s) => s === 'orion(task): t1').length, 1, 'a completed id never runs twice');
    assert.ok(subjects.includes('orion(task): t2'));
  } finally {
    await second.close();
  }
});

test('budgets are enforced: rewards trimmed, weakest skill pruned, reflections trimmed', async () => {
  const yaml = 'agents:\n  - name: orion\n    persona: p\n    budgets: { skills: 2, rewards: 3, reflections: 2, goals: 5 }\n';
  let n = 0;
  const h = await startHarness({ agentsYaml: yaml, script: () => report({ skill: { name: `skill ${++n}`, description: `d${n}`, body: 'b' } }) });
  try {
    for (let i = 1; i <= 5; i++) await h.runtime.enqueue('orion', { id: `t${i}`, task: `task ${i}`, priority: 'normal', created: `2026-01-01T00:00:0${i}Z` });
    await h.runtime.drain();
    const rewards = parse(readFileSync(orion(h.dir, 'rewards.md'), 'utf8')) as { task: string }[];
    assert.deepEqual(rewards.map((r) => r.task), ['t3', 't4', 't5']);
    const index = readFileSync(orion(h.dir, 'skills.md'), 'utf8');
    assert.equal(index.match(/^### /gm)?.length, 2);
    const reflections = readFileSync(orion(h.dir, 'reflections.md'), 'utf8');
    assert.doesNotMatch(reflections, /task: t1\b/);
  } finally {
    await h.close();
  }
});
