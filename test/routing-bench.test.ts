// The routing benchmark's arithmetic (RouteLLM's APGR and CPT), its prequential honesty,
// and the CLI's output contract.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { cpt, routerCurve, routerMetrics } from '../bench/routellm-metrics.ts';
import { loadReplay, replayScores, runReplay, seeded } from '../bench/routing-replay.ts';

test('the curve runs from all-weak to all-strong at the score deciles; APGR of an oracle and of an inverted router', () => {
  // 10 prompts: only the strong model solves the first 4; both solve the rest.
  const weak = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
  const strong = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
  const oracle = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
  const pts = routerCurve(oracle, weak, strong);
  assert.deepEqual(pts[0], { strongShare: 0, performance: 0.6 });
  assert.deepEqual(pts[pts.length - 1], { strongShare: 1, performance: 1 });
  const m = routerMetrics(oracle, weak, strong);
  // Area: rises linearly to 1.0 at 40% strong calls, then flat: (0.4·0.8 + 0.6·1) = 0.92; (0.92 − 0.6)/(1 − 0.6) = 0.8.
  assert.ok(Math.abs(m.apgr - 0.8) < 1e-9, String(m.apgr));
  assert.ok(Math.abs(m.cpt50! - 0.2) < 1e-9);
  assert.ok(Math.abs(m.cpt80! - 0.32) < 1e-9);
  const inverted = routerMetrics(oracle.map((s) => -s), weak, strong);
  assert.ok(inverted.apgr < 0.3, String(inverted.apgr));
});

test('CPT interpolates linearly between points and is null when never reached', () => {
  const pts = [{ strongShare: 0, performance: 0.5 }, { strongShare: 0.5, performance: 0.7 }, { strongShare: 1, performance: 0.9 }];
  assert.equal(cpt(pts, 0.5, 0.9, 0.5), 0.5);
  assert.equal(cpt(pts, 0.5, 0.9, 0.25), 0.25);
  assert.equal(cpt([{ strongShare: 0, performance: 0.5 }, { strongShare: 1, performance: 0.6 }], 0.5, 0.9, 0.8), null);
});

test('prequential: with labels unrelated to the text the router cannot beat chance (it never sees an outcome first)', () => {
  const rnd = seeded(42);
  const words = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma', 'kappa', 'theta'];
  const lines = Array.from({ length: 600 }, (_, i) => {
    const w = rnd() < 0.6 ? 1 : 0;
    return {
      id: String(i), prompt: `${words[Math.floor(rnd() * 8)]} ${words[Math.floor(rnd() * 8)]} item ${i}`,
      weak: w, strong: w || rnd() < 0.5 ? 1 : 0, weakSuccess: 0, strongSuccess: 0, tags: [] as string[],
    };
  }).map((l) => ({ ...l, weakSuccess: l.weak, strongSuccess: l.strong }));
  const r = runReplay(lines);
  assert.ok(Math.abs(r.router.apgr - 0.5) < 0.12, `APGR ${r.router.apgr} on noise`);
  // The same data with the outcome written into the prompt is learnable: the text model works.
  const leaky = lines.map((l) => ({ ...l, prompt: `${l.prompt} ${l.weak ? 'easy' : 'hard'}` }));
  assert.ok(runReplay(leaky).router.apgr > 0.7);
  assert.equal(replayScores(lines.slice(0, 5)).length, 5);
});

test('replay files: contaminated lines are left out; a bad line names file:line', () => {
  const sample = path.join(import.meta.dirname, '..', 'bench', 'fixtures', 'replay-sample.jsonl');
  const { lines, skipped } = loadReplay(sample);
  assert.equal(lines.length, 11);
  assert.equal(skipped, 1);
  assert.equal(loadReplay(sample, { keepContaminated: true }).lines.length, 12);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-replay-'));
  try {
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"id":"a","prompt":"x","outcomes":{"weak":{"correct":true},"strong":{"correct":true}}}\n{"id":"b","prompt":"y","outcomes":{"weak":{}}}\n');
    assert.throws(() => loadReplay(bad), new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2: outcomes.weak and outcomes.strong need`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('agentos bench routing --json: the last stdout line is one object with the agreed keys', () => {
  const sample = path.join(import.meta.dirname, '..', 'bench', 'fixtures', 'replay-sample.jsonl');
  const bin = path.join(import.meta.dirname, '..', 'bin', 'agentos.js');
  const stdout = execFileSync(process.execPath, [bin, 'bench', 'routing', '--replay', sample, '--json', '--sim-tasks', '50'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const last = JSON.parse(stdout.trim().split('\n').at(-1)!);
  for (const k of ['apgr', 'random_apgr', 'cpt50', 'cpt80', 'cost_saving', 'n']) assert.ok(k in last, k);
  assert.equal(last.n, 11);
  assert.equal(last.simulated.simulated, true);
});
