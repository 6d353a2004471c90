// One long whitespace-free task must not freeze the process (issue 9, "stops work" 3): before,
// 300 KB blocked /healthz for ~26 s and 2 MB ran past four minutes of BPE on one "word". With the
// default limits the 2 MB block is refused before parsing; with the limits raised it runs through
// the whole pipeline. Either way /healthz keeps answering: the bound below is a hang bound,
// generous on a loaded machine, not a speed target.
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { seeded } from './support/fuzz.ts';
import { report, startHarness } from './support/harness.ts';

const GAP_BOUND_MS = 15_000;

function letters(n: number): string {
  const r = seeded(2);
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = 97 + Math.floor(r() * 26);
  return out.toString('latin1');
}

async function whilePolling<T>(url: string, work: () => Promise<T>): Promise<{ value: T; maxGap: number; answered: number }> {
  let stop = false;
  let last = performance.now();
  let maxGap = 0;
  let answered = 0;
  const poll = (async () => {
    while (!stop) {
      const res = await fetch(`${url}/healthz`);
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      answered++;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    const value = await work();
    return { value, maxGap: Math.max(maxGap, performance.now() - last), answered };
  } finally {
    stop = true;
    await poll;
  }
}

for (const [name, yaml, outcome] of [
  ['default limits: the block is refused with the reason, before any parsing', '', 'task.rejected'],
  ['limits raised: the task runs through the pipeline (token counts are estimated past 64 KiB)', 'queue: { max_task_kb: 4096, max_block_kb: 4200 }\n', 'task.completed'],
] as const) {
  test(`a 2 MB whitespace-free task, ${name}; /healthz keeps answering`, { timeout: 240_000 }, async (t) => {
    const h = await startHarness({ agentsYaml: `agents:\n  - name: orion\n    persona: "p"\n${yaml}`, script: () => report({ skill: null }) });
    try {
      const http = await h.system.serve(0, '127.0.0.1');
      appendFileSync(path.join(h.dir, 'agents/orion/queue.md'), `\n## wall\ntask: ${letters(2 * 1024 * 1024)}\npriority: normal\n`);
      // A malformed last block is held for 2 s (an append may still be under way), then rejected.
      const { maxGap, answered } = await whilePolling(http.url, async () => {
        await h.runtime.drain();
        while (!h.events.some((e) => e.type === outcome)) await new Promise((r) => setTimeout(r, 100));
      });
      assert.ok(h.events.some((e) => e.type === outcome), h.events.map((e) => e.type).join(', '));
      const rejected = h.events.find((e) => e.type === 'task.rejected') as { reason?: string } | undefined;
      if (rejected) assert.match(rejected.reason ?? '', /is a 2\.0 MiB block, over the limit of 128 KiB per block \(queue\.max_block_kb in agents\.yaml\)/);
      t.diagnostic(`/healthz answered ${answered} times; the longest gap between answers was ${Math.round(maxGap)} ms`);
      assert.ok(answered > 0);
      assert.ok(maxGap < GAP_BOUND_MS, `/healthz went ${Math.round(maxGap)} ms without an answer`);
    } finally {
      await h.close();
    }
  });
}
