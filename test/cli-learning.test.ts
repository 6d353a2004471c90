// agentos report and agentos reindex on a real data directory, through the CLI entry point.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { main } from '../src/cli/main.ts';
import { report, startHarness } from './support/harness.ts';

async function capture(argv: string[]): Promise<{ code: number; stdout: string }> {
  const write = process.stdout.write.bind(process.stdout);
  let stdout = '';
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  try {
    return { code: await main(argv), stdout };
  } finally {
    process.stdout.write = write;
  }
}

test('report and reindex read what the runtime wrote', async () => {
  let n = 0;
  const h = await startHarness({ script: () => (++n === 2 ? report({ outcome: 'failure', reward: -1, skill: null }) : report()) });
  try {
    for (const id of ['t1', 't2', 't3']) await h.runtime.enqueue('orion', { id, task: `Retry the flaky API call ${id}`, priority: 'normal', created: `2026-01-01T00:00:0${id[1]}Z` });
    await h.runtime.drain();
    await h.runtime.stop();
    writeFileSync(path.join(h.dir, 'shared', 'iac', 'segments', 'api.md'), '# API knowledge\n\nRate limiters are token bucket or fixed window.\n');

    const r = await capture(['report', 'orion', '--data', h.dir, '--json']);
    assert.equal(r.code, 0);
    const rep = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    assert.equal(rep.tasks, 3);
    assert.deepEqual(rep.skills, { earned: 1, strengthened: 1, pruned: 0 });
    assert.equal(rep.skill_reuse_rate, 0.5);
    assert.equal(rep.current.skills, 1);
    assert.ok(rep.context_efficiency.mean_context_tokens > 0);
    assert.match((await capture(['report', 'orion', '--data', h.dir])).stdout, /task success over time/);

    const x = await capture(['reindex', '--data', h.dir, '--json']);
    assert.equal(x.code, 0);
    const idx = JSON.parse(x.stdout.trim());
    assert.equal(idx.segments, 1);
    assert.ok(idx.agents[0].docs >= 7, x.stdout); // 1 skill, 3 rewards, 3 reflections
    assert.ok(existsSync(path.join(h.dir, '.agentos', 'index.db')));
    assert.equal((await capture(['report', 'nobody', '--data', h.dir])).code, 7); // not found
    assert.equal((await capture(['bench', 'nope'])).code, 2);
  } finally {
    await h.close();
  }
});
