// An adversarial model server against the real runtime: NUL bytes, garbage, handoff on every
// reply, huge replies, hangs and connection resets. For each attack, seeded cases run through
// the whole pipeline; then the runtime restarts on the same data (with a healthy model) and
// drains. Counted: crashes (a drain or a start that threw), hangs (past the bound), lost (a task
// neither committed, dead-lettered, rejected nor still queued with a reason) and clear errors
// (reasons a person can act on). The table is printed; every count but cases must be 0.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ModelSettings } from '../src/config/index.ts';
import type { Reply, ScriptRequest } from '../src/models/index.ts';
import { Git } from '../src/store/index.ts';
import { isClear, pick, seeded, tableLines, within, int, type FuzzRow } from './support/fuzz.ts';
import { report, startHarness, tempDataDir } from './support/harness.ts';

const AGENTS = ['orion', 'revu', 'lex'];
// The watchdog is off: a run of dead letters would pause the agent (by design), and this test counts
// every task still queued after the healthy restart as lost.
const YAML = `agents:\n${AGENTS.map((a) => `  - name: ${a}\n    persona: "${a}."\n`).join('')}iac:\n  max_hops: 3\nmodels:\n  circuit: { failures: 2, cooldown_s: 600 }\nsupervision: { negative_streak: 0, dead_letter_streak: 0 }\n`;
const BOUND_MS = 90_000;
const CONTROL = ['\u0000', '\u0001', '\u0007', '\u001b[2J', '\r', '\u007f', '\u0085', '\u2028', '\ufeff', '\ud800'];

function noisy(r: () => number, base: string): string {
  let s = base;
  for (let i = int(r, 1, 6); i > 0; i--) {
    const at = int(r, 0, s.length);
    s = s.slice(0, at) + pick(r, CONTROL) + s.slice(at);
  }
  return s;
}

interface Attack {
  name: string;
  cases: number;
  script: (req: ScriptRequest, r: () => number) => Reply;
  model?: Partial<ModelSettings>;
}

const ATTACKS: Attack[] = [
  {
    name: 'NUL and control bytes in every field',
    cases: 20,
    script: (_, r) => report({
      response: noisy(r, 'The answer is here.'), reflection: noisy(r, 'Keep it short.'), context_tags: [noisy(r, 'api'), noisy(r, 'x')],
      skill: r() < 0.5 ? { name: noisy(r, 'retry backoff'), description: noisy(r, 'Retry'), body: noisy(r, 'Use jitter.') } : null,
      goal: r() < 0.3 ? noisy(r, 'Learn more') : null,
    }),
  },
  {
    name: 'garbage replies (bytes, truncated JSON, HTML, wrong shapes)',
    cases: 20,
    model: { maxAttempts: 1 },
    script: (_, r) => pick(r, [
      () => ({ raw: Buffer.from(Array.from({ length: int(r, 1, 2000) }, () => int(r, 0, 255))) }),
      () => ({ raw: '{"choices": [{"message": {"content": "{\\"response\\": ' }),
      () => ({ raw: '<html><body>502 Bad Gateway</body></html>' }),
      () => ({ raw: '' }),
      () => ({ raw: JSON.stringify({ choices: [{ message: { role: 'assistant', content: noisy(r, 'not json at all') } }] }) }),
      () => ({ json: { response: 42, outcome: 'maybe', reward: 'lots' } }),
      () => ({ json: [1, 2, 3] }),
      () => ({ text: '\u0000'.repeat(int(r, 1, 500)) }),
    ] as (() => Reply)[])(),
  },
  {
    name: 'handoff on every reply (self, unknown, capability, ring)',
    cases: 15,
    script: (req, r) => {
      const base = report({ skill: null }) as { json: Record<string, unknown> };
      const to = pick(r, [...AGENTS, 'nobody', '', 'capability: legal review', noisy(r, 'revu')]);
      return { json: { ...base.json, handoff: { to, task: noisy(r, `More work from ${req.index}`) } } };
    },
  },
  {
    name: 'huge replies (256 KiB to 4 MiB)',
    cases: 4,
    script: (_, r) => {
      const n = pick(r, [256 * 1024, 1024 * 1024, 4 * 1024 * 1024]);
      const body = r() < 0.5 ? 'x'.repeat(n) : Array.from({ length: n / 8 }, () => 'word ').join('');
      // The answer itself is unbounded in the schema; the learned fields have their own caps.
      return report({ response: body, reflection: body.slice(0, 900), skill: { name: 'big', description: 'big', body: body.slice(0, 3900) } });
    },
  },
  {
    name: 'hangs (no answer; 300 ms timeout)',
    cases: 8,
    model: { timeoutMs: 300, maxAttempts: 1 },
    script: () => ({ hang: true }),
  },
  {
    name: 'connection resets mid-reply (half of the replies)',
    cases: 12,
    model: { maxAttempts: 1 },
    script: (_, r) => (r() < 0.5 ? { reset: true } : report({ skill: null })),
  },
];

async function outcomes(dir: string): Promise<{ done: Set<string>; dead: Map<string, string>; rejected: string }> {
  const done = new Set<string>();
  const dead = new Map<string, string>();
  let rejected = '';
  for (const a of AGENTS) {
    const root = path.join(dir, 'agents', a);
    for (const s of await new Git(root).subjects()) {
      const m = /^\w+\((task|dead-letter)\): (\S+)$/.exec(s);
      if (m?.[1] === 'task') done.add(m[2]);
      if (m?.[1] === 'dead-letter') {
        const f = path.join(root, 'iac/dead_letters', `${m[2]}.md`);
        dead.set(m[2], existsSync(f) ? (/^reason: (.*)$/m.exec(readFileSync(f, 'utf8'))?.[1] ?? '') : '');
      }
    }
    const rf = path.join(root, 'queue.rejected.md');
    if (existsSync(rf)) rejected += readFileSync(rf, 'utf8');
  }
  return { done, dead, rejected };
}

async function run(attack: Attack, seed: number): Promise<FuzzRow> {
  const r = seeded(seed);
  const row: FuzzRow = { attack: attack.name, cases: attack.cases, crashes: 0, hangs: 0, lost: 0, clear: [0, 0] };
  const { dir, cleanup } = tempDataDir(YAML);
  const started = new Set<string>();
  const reasons: string[] = [];
  try {
    const h = await startHarness({ dir, script: (req) => attack.script(req, r), model: attack.model });
    h.runtime.events.on('event', (e) => {
      if (e.type === 'task.started') started.add(e.task);
      if (e.type === 'task.dead_lettered') reasons.push(e.reason);
    });
    try {
      for (let i = 0; i < attack.cases; i++) await h.runtime.enqueue(AGENTS[i % AGENTS.length], { id: `case-${i}`, task: noisy(r, `Case ${i}: do the thing.`), priority: pick(r, ['high', 'normal', 'low'] as const) });
      const res = await within(BOUND_MS, h.runtime.drain().then(() => 'ok' as const, (e: unknown) => e));
      if (res === 'hang') row.hangs++;
      else if (res !== 'ok') row.crashes++;
      for (const l of await h.runtime.leftover()) {
        if (l.scanError) row.crashes++;
        for (const _ of l.queued) reasons.push(l.why ?? '');
      }
    } finally {
      await within(BOUND_MS, h.system.close());
      await h.server.close();
    }
    // A restart on the same data, the provider healthy again: it must start, and drain the rest.
    const again = await startHarness({ dir, script: () => report({ skill: null }) });
    try {
      const res = await within(BOUND_MS, again.runtime.drain().then(() => 'ok' as const, (e: unknown) => e));
      if (res === 'hang') row.hangs++;
      else if (res !== 'ok') row.crashes++;
    } finally {
      await again.close();
    }
    const o = await outcomes(dir);
    const ids = [...new Set([...Array.from({ length: attack.cases }, (_, i) => `case-${i}`), ...started])];
    row.lost = ids.filter((id) => !o.done.has(id) && !o.dead.has(id) && !o.rejected.includes(`## ${id}\n`)).length;
    row.clear = [reasons.filter(isClear).length, reasons.length];
    if (process.env.AGENTOS_FUZZ_DEBUG) for (const x of reasons) console.log(isClear(x) ? 'CLEAR' : 'UNCLEAR', JSON.stringify(x).slice(0, 600));
  } catch {
    row.crashes++;
  } finally {
    cleanup();
  }
  return row;
}

test('an adversarial model server: no crash, no hang, nothing lost, a clear error for every failure', { timeout: 600_000 }, async (t) => {
  const rows: FuzzRow[] = [];
  for (const [i, a] of ATTACKS.entries()) rows.push(await run(a, 9000 + i));
  for (const line of tableLines(rows)) t.diagnostic(line);
  for (const row of rows) {
    assert.deepEqual([row.crashes, row.hangs, row.lost, row.clear[0]], [0, 0, 0, row.clear[1]], `${row.attack}: ${JSON.stringify(row)}`);
  }
});
