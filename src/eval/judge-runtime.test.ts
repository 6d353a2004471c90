// The judge runtime under faults: a judge that crashes, hangs or answers nonsense reports
// "judge error" with the reason, and the judges after it still run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JudgeRequest } from '../kernel/index.ts';
import type { JudgeSpec } from '../store/index.ts';
import { JudgeRuntime } from './judge-runtime.ts';

const request = (specs: JudgeSpec[]): JudgeRequest => ({
  task: { id: 't1', task: 'say hello', priority: 'normal', created: '', line: 1 },
  judges: specs.map((spec) => ({ spec, name: spec.name ?? spec.kind })),
  report: { response: 'hello world', outcome: 'success', reward: 1, context_tags: [], skill: null, reflection: '', goal: null },
  run: async (command) => ({ command, exitCode: 0, passed: true, output: '', timedOut: false }),
  signal: new AbortController().signal,
});

test('a crashing, a hanging and a nonsense judge each yield "judge error"; the rest still judge', { timeout: 10_000 }, async () => {
  const rt = new JudgeRuntime({
    graceMs: 0,
    kinds: {
      lint: async () => { throw new Error('linter exploded'); },
      typecheck: () => new Promise(() => {}), // never settles
      tests: async () => ({ status: 'maybe' }) as never,
    },
  });
  const t0 = Date.now();
  const r = await rt.judge(request([
    { kind: 'lint' }, { kind: 'typecheck', timeout_s: 0.2 }, { kind: 'tests' }, { kind: 'contains', text: 'hello' },
  ]));
  assert.ok(Date.now() - t0 < 5000, 'the hung judge was given up at its limit');
  assert.deepEqual(r.map((x) => x.status), ['error', 'error', 'error', 'pass']);
  assert.match(r[0].evidence, /crashed: linter exploded/);
  assert.match(r[1].evidence, /did not finish within 0.2 s .*hung/);
  assert.match(r[2].evidence, /answered no verdict/);
  assert.ok(r.every((x) => x.status !== 'pass' || x.kind === 'contains'));
});

test('an llm judge without a model and a human judge without a label do not pass', async () => {
  const r = await new JudgeRuntime().judge(request([{ kind: 'llm', rubric: 'be right' }, { kind: 'human' }, { kind: 'human', label: 'fail' }]));
  assert.deepEqual(r.map((x) => x.status), ['error', 'pending', 'fail']);
});
