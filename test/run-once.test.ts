// `agentos run --once` says when it did not drain: exit 1 when a queue could not be scanned or
// tasks remain (before: exit 0 with tasks unrun), with a line naming the agent and why.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startScriptedServer } from '../src/models/index.ts';
import { report, tempDataDir } from './support/harness.ts';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'agentos.js');

function agentos(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

const YAML = `agents:
  - name: orion
    persona: "Backend engineer."
    models: { daily_budget_tokens: 10 }
  - name: revu
    persona: "Reviewer."
`;

test('run --once: exit 1 when tasks remain (a spent budget) or a queue cannot be scanned', { timeout: 120_000 }, async () => {
  const { dir, cleanup } = tempDataDir(YAML);
  const server = await startScriptedServer({ format: 'openai', script: () => ({ ...report(), usage: { inputTokens: 50, outputTokens: 50 } }) });
  const env = { LLM_BASE_URL: server.url, LLM_MODEL: 'scripted', LLM_MAX_ATTEMPTS: '1' };
  try {
    assert.equal(spawnSync(process.execPath, [BIN, 'init', dir]).status, 0);
    for (const id of ['one', 'two']) assert.equal(spawnSync(process.execPath, [BIN, 'enqueue', 'orion', `Task ${id}`, '--id', id, '--data', dir]).status, 0);
    const left = await agentos(['run', '--once', '--no-http', '--data', dir], env);
    assert.equal(left.code, 1, left.out);
    assert.match(left.out, /orion: 1 task\(s\) still queued \(daily token budget reached.*\): two"/);

    // revu's queue.md is not a file any more: its scan fails, the others still run.
    const q = path.join(dir, 'agents/revu/queue.md');
    rmSync(q);
    mkdirSync(q);
    const broken = await agentos(['run', '--once', '--no-http', '--data', dir], { ...env, LOG_LEVEL: 'error' });
    assert.equal(broken.code, 1, broken.out);
    assert.match(broken.out, /revu: queue\.md could not be scanned: EISDIR/);
  } finally {
    await server.close();
    cleanup();
  }
});
