// The watchdog's pure rules and its state file (pinned by fixtures/supervision/).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SUPERVISION } from '../config/index.ts';
import { parseSupervision, readSupervision } from './supervision-state.ts';
import { EMPTY_STREAKS, nextStreaks, tripped, type Outcome, type Streaks } from './supervision-rules.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'supervision');
const run = (outcomes: Outcome[]): Streaks => outcomes.reduce(nextStreaks, EMPTY_STREAKS);
const task = (id: string, reward: number): Outcome => ({ kind: 'task', task: id, reward });
const dead = (id: string, why = 'model-http'): Outcome => ({ kind: 'dead-letter', task: id, why, reason: `${id} failed` });

test('streaks: −1 rewards in a row trip at the limit; any other reward breaks them; 0 turns a limit off', () => {
  assert.equal(tripped(run([task('a', -1), task('b', -1)])), undefined);
  const trip = tripped(run([task('a', -1), task('b', -1), task('c', -1)]), DEFAULT_SUPERVISION, 'orion');
  assert.deepEqual([trip?.streak, trip?.count, trip?.tasks], ['negative_reward', 3, ['a', 'b', 'c']]);
  assert.match(trip!.reason, /agentos resume orion/);
  assert.equal(tripped(run([task('a', -1), task('b', -1), task('x', 0), task('c', -1)])), undefined, 'a 0 breaks the streak');
  assert.equal(tripped(run([task('a', -1), task('b', -1), task('c', -1)]), { ...DEFAULT_SUPERVISION, negativeStreak: 0 }), undefined);
  assert.equal(tripped(run([task('a', -1), dead('d'), task('b', -1), task('c', -1)]))?.streak, 'negative_reward', 'a dead letter neither counts nor breaks a reward streak');
});

test('streaks: dead letters in a row trip; a committed task breaks them; expired messages do not count', () => {
  const trip = tripped(run([dead('a'), dead('b'), dead('c', 'crash-loop')]));
  assert.deepEqual([trip?.streak, trip?.tasks], ['dead_letter', ['a', 'b', 'c']]);
  assert.match(trip!.reason, /model-http, crash-loop/);
  assert.equal(tripped(run([dead('a'), dead('b'), task('ok', 1), dead('c')])), undefined);
  assert.equal(tripped(run([dead('a'), dead('b', 'expired'), dead('c', 'after-unresolvable')])), undefined);
});

test('the state file: v1 fixtures read as pinned and round-trip; newer keeps the agent paused; garbage moves aside', async (t) => {
  for (const name of ['paused-v1.json', 'streaks-v1.json']) {
    const text = readFileSync(path.join(FIXTURES, name), 'utf8');
    const r = parseSupervision(text, name);
    assert.ok(r.state, `${name}: ${r.problem}`);
    assert.deepEqual(JSON.parse(JSON.stringify(r.state)), JSON.parse(text), `${name} reads without losing a field`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-sup-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'orion.json');
  writeFileSync(file, readFileSync(path.join(FIXTURES, 'future.json')));
  const newer = await readSupervision(file, 'orion');
  assert.match(newer.problem!, /version 99 is from a newer AgentOS .*upgrade; the agent stays paused/);
  assert.ok(newer.state.paused, 'never run an agent a newer AgentOS paused');
  writeFileSync(file, '{"v": 1, "agent": "orion"');
  const broken = await readSupervision(file, 'orion');
  assert.match(broken.problem!, /not JSON/);
  assert.equal(broken.state.paused, null);
  assert.equal(readdirSync(dir).filter((n) => n.includes('.corrupt-')).length, 1);
  assert.deepEqual((await readSupervision(path.join(dir, 'none.json'), 'x')).state, { v: 1, agent: 'x', streaks: EMPTY_STREAKS, paused: null, resume: null });
});
