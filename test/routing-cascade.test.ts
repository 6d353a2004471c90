// The cascade end to end against two scripted model servers: the weak one fails a task
// family (its file does not pass `verify:`), the strong one passes. The failed attempt is
// escalated one tier and retried once; then the router learns to skip the weak model.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import type { TaskLine } from '../src/models/index.ts';
import { startRouting, taskIdOf, writer } from './support/routing-harness.ts';

const YAML = (u: Record<string, string>) => `models:
  tiers:
    cheap-fast: { model: weak-model, base_url: ${u.weak}, price: { input: 0.1, output: 0.4 } }
    balanced: { model: strong-model, base_url: ${u.strong}, price: { input: 3, output: 15 } }
    strongest: { model: strong-model, base_url: ${u.strong}, price: { input: 3, output: 15 } }
agents:
  - name: orion
    persona: "Backend engineer."
`;

const task = (id: string) => ({
  id, task: `Compute the fizz answer for ${id} and write it to answer.txt`, priority: 'normal' as const,
  created: '2026-01-01T00:00:00Z', verify: 'grep -qx 42 answer.txt', tags: ['fizz'], extra: { reasoning_demand: 'routine' },
});

test('a failed verification escalates one tier and retries once; the router then skips the failing tier', async () => {
  const h = await startRouting({
    servers: {
      // The weak model gets the fizz family wrong, every time.
      weak: writer(() => '41', { context_tags: ['fizz'] }),
      strong: writer(() => '42', { context_tags: ['fizz'] }),
    },
    yaml: YAML,
  });
  try {
    await h.runtime.enqueue('orion', task('fizz-1'));
    await h.runtime.drain();
    assert.equal(h.servers.weak.requests.length, 2, 'weak: a tool call and a report');
    assert.equal(h.servers.strong.requests.length, 2, 'strong: the escalated retry');
    assert.match(JSON.stringify(h.servers.strong.requests[0].body.messages), /A previous attempt failed verification/);
    assert.match(JSON.stringify(h.servers.strong.requests[0].body.messages), /grep -qx 42 answer\.txt/);

    const [entry] = h.rewards();
    assert.equal(entry.reasoning_demand, 'routine');
    assert.equal(entry.model_used, 'strong-model');
    assert.equal(entry.model_appropriate, 'right');
    assert.equal(entry.audit_score, 1, 'the retry passed verify');
    assert.ok(typeof entry.cost === 'number' && entry.cost > 0);
    const line = h.ledger().find((l): l is TaskLine => l.kind === 'task' && l.task === 'fizz-1')!;
    assert.deepEqual(line.attempts.map((a) => [a.tier, a.model, a.success]), [['cheap-fast', 'weak-model', 0], ['balanced', 'strong-model', 1]]);
    assert.equal(line.table_tier, 'cheap-fast');
    const calls = h.ledger().filter((l) => l.kind === 'call');
    assert.deepEqual(calls.map((c) => c.kind === 'call' && c.purpose), ['act', 'act', 'cascade', 'cascade']);
    const msg = execFileSync('git', ['-C', h.agentDir(), 'log', '-1', '--format=%B'], { encoding: 'utf8' });
    assert.match(msg, /route: routine → cheap-fast, answered by strong-model; model_appropriate: right/);
    assert.match(msg, /cascade: verify failed on cheap-fast, escalated to balanced/);
    assert.match(msg, /cost: \$[0-9.]+, \d+ tokens in 4 request\(s\)/);

    // The failure is evidence: the next fizz task skips the weak model although the table says cheap-fast.
    await h.runtime.enqueue('orion', task('fizz-2'));
    await h.runtime.drain();
    assert.equal(h.servers.weak.requests.length, 2, 'fizz-2 went straight to a stronger tier');
    const third = h.ledger().find((l): l is TaskLine => l.kind === 'task' && l.task === 'fizz-2')!;
    assert.equal(third.table_tier, 'cheap-fast');
    assert.equal(third.attempts.length, 1);
    assert.notEqual(third.tier, 'cheap-fast');
    assert.match(third.reason, /learned: cheapest tier expected to succeed/);

    // Seed 000's feedback loop, as `agentos routing` shows it.
    const bin = path.join(import.meta.dirname, '..', 'bin', 'agentos.js');
    const cli = JSON.parse(execFileSync(process.execPath, [bin, 'routing', 'orion', '--data', h.dir, '--json'], { encoding: 'utf8', env: { ...process.env, LLM_API_KEY: '' } }));
    assert.equal(cli.summary.tasks, 2);
    assert.deepEqual(cli.summary.escalations, { count: 1, succeeded: 1 });
    assert.equal(cli.summary.byTier['cheap-fast'].attempts, 1);
    assert.equal(cli.summary.byTier['cheap-fast'].successRate, 0);
    assert.equal(cli.summary.learnedOverrides, 1);
    assert.deepEqual(cli.routeTableWarnings, []);
    assert.equal(cli.tiers['cheap-fast'][0].price.input, 0.1);
    const text = execFileSync(process.execPath, [bin, 'routing', 'orion', '--data', h.dir], { encoding: 'utf8' });
    assert.match(text, /cascade escalations: 1 \(1 then succeeded\)/);
    assert.match(text, /cheap models failing novel tasks: 0/);
  } finally {
    await h.close();
  }
});

test('a task that passes on the weak model costs only the weak model; the cascade is once only', async () => {
  const h = await startRouting({
    servers: { weak: writer((req) => (taskIdOf(req) === 'plain-1' ? '42' : '40')), strong: writer(() => '43') },
    yaml: YAML,
  });
  try {
    await h.runtime.enqueue('orion', { ...task('plain-1'), tags: ['plain'] });
    await h.runtime.enqueue('orion', { ...task('both-fail'), tags: ['hard'] });
    await h.runtime.drain();
    const lines = h.ledger().filter((l): l is TaskLine => l.kind === 'task');
    const plain = lines.find((l) => l.task === 'plain-1')!;
    assert.deepEqual(plain.attempts.map((a) => a.tier), ['cheap-fast']);
    const both = lines.find((l) => l.task === 'both-fail')!;
    assert.deepEqual(both.attempts.map((a) => [a.tier, a.success]), [['cheap-fast', 0], ['balanced', 0]], 'escalated once, not again');
    assert.equal(both.appropriate, 'underpowered');
    const rewards = h.rewards();
    assert.equal(rewards.find((r) => r.task === 'both-fail')!.audit_score, -1, 'a failed verify is a -1, whatever the model said');
  } finally {
    await h.close();
  }
});
