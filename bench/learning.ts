// agentos bench learning [--json] [--families N] [--per-family N] [--base-rate P] [--seed S]
// A SIMULATED curriculum through the real runtime (queue → context → scripted model over
// HTTP → learn → commit). The scripted model is not an LLM: it succeeds on a task family
// only when the secret that family needs (in a skill body, or in a world record) is in its
// context; otherwise it succeeds by luck at the base rate, and a success lets it propose the
// skill or the fact. Three agents get the same tasks and the same luck:
//   learning  — learning: active, retrieved context
//   no memory — learning: none (nothing is learned that could carry the secret)
//   load-all  — learning: active, every record loaded into every prompt
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSystem } from '../src/compose/index.ts';
import { learningProgress } from '../src/learn/index.ts';
import { startScriptedServer, type ScriptRequest } from '../src/models/index.ts';
import { Git } from '../src/store/index.ts';
import { silentLogger } from '../src/telemetry/index.ts';
import { benchArgs, numberFlag } from './flags.ts';
import { seeded } from './routing-replay.ts';

const TOPICS = [
  ['invoice', 'reconciliation', 'ledger'], ['vendor', 'pagination', 'cursor'], ['clause', 'indemnity', 'contract'], ['chapter', 'pacing', 'scene'],
  ['anomaly', 'metric', 'spike'], ['webhook', 'signature', 'callback'], ['migration', 'schema', 'rollback'], ['certificate', 'renewal', 'expiry'],
  ['refund', 'chargeback', 'dispute'], ['shipment', 'customs', 'tariff'], ['glossary', 'translation', 'locale'], ['backup', 'snapshot', 'restore'],
];
const CONDITIONS = [
  { agent: 'learning', yaml: 'learning: active' },
  { agent: 'nomemory', yaml: 'learning: none' },
  { agent: 'loadall', yaml: 'learning: active\n    context: { strategy: all }' },
] as const;


export async function run(argv: string[]): Promise<number> {
  const { values } = benchArgs(argv, { json: { type: 'boolean' }, families: { type: 'string' }, 'per-family': { type: 'string' }, 'base-rate': { type: 'string' }, seed: { type: 'string' } });
  const families = numberFlag(values.families, 'families', 8, { min: 1, max: TOPICS.length, whole: true });
  const perFamily = numberFlag(values['per-family'], 'per-family', 20, { min: 1, max: 1000, whole: true });
  const base = numberFlag(values['base-rate'], 'base-rate', 0.25, { min: 0, max: 1 });
  const rand = seeded(numberFlag(values.seed, 'seed', 11, { min: 0, max: 2 ** 31, whole: true }));
  const say = (s: string) => (values.json ? console.error(s) : console.log(s));

  // Family f needs a secret: even families learn it as a skill, odd ones as a world fact.
  const fam = Array.from({ length: families }, (_, f) => {
    const [a, b, c] = TOPICS[f];
    return { f, words: [a, b, c], secret: `SECRET-${f}-${Math.floor(rand() * 1e6)}`, via: f % 2 === 0 ? 'skill' : 'fact' };
  });
  const order = Array.from({ length: families * perFamily }, (_, i) => i % families);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const luck = order.map(() => rand() < base); // the same luck for every condition
  const taskOf = new Map<string, { n: number; family: (typeof fam)[number] }>();

  const script = (req: ScriptRequest) => {
    const all = [req.system, ...req.messages.map((m) => m.text)].join('\n');
    const id = /^# Task (\S+)/m.exec(req.messages.map((m) => m.text).join('\n'))?.[1] ?? '';
    const t = taskOf.get(id);
    if (!t) return { status: 400 as const };
    const { family, n } = t;
    const knows = all.includes(family.secret);
    const ok = knows || luck[n];
    const [a, b, c] = family.words;
    const name = `${a} ${b}`;
    return {
      json: {
        response: ok ? `Done, using ${family.secret}.` : `Attempted the ${a} ${b} task; the result did not hold up.`,
        outcome: ok ? 'success' : 'failure',
        reward: ok ? 1 : -1,
        context_tags: [a, b],
        skill: ok && family.via === 'skill' ? { name, description: `How to handle ${a} ${b} with ${c}`, body: `For ${a} ${b} work, apply ${family.secret} to the ${c}.` } : null,
        reflection: ok ? `The ${a} task went fine.` : `The ${a} task failed; something about ${c} is missing.`,
        goal: null,
        reward_decomposition: null,
        world_updates: ok && family.via === 'fact'
          ? [{ op: knows ? 'support' : 'assert', kind: 'entity', name: `${a} ${c} rule`, claim: `${a} ${b} needs ${family.secret} for every ${c}.`, aliases: [], tags: [a, b], evidence: `the ${a} ${b} task succeeded with it` }]
          : [],
      },
    };
  };

  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-bench-learning-'));
  const server = await startScriptedServer({ format: 'openai', script });
  writeFileSync(path.join(dir, 'agents.yaml'), `agents:\n${CONDITIONS.map((c) => `  - name: ${c.agent}\n    persona: "A generalist agent in a simulated curriculum."\n    ${c.yaml}\n`).join('')}`);
  const { runtime } = await openSystem({
    tools: false,
    dataDir: dir, log: silentLogger(), pollIntervalMs: 60_000,
    model: { provider: 'openai-compatible', baseURL: server.url, model: 'gpt-4o', apiKey: undefined, maxTokens: 1024, timeoutMs: 10_000, maxAttempts: 1, structured: 'json-schema' },
  });
  try {
    say(`learning benchmark — SIMULATED curriculum (a scripted model, not an LLM): ${families} task families × ${perFamily} tasks, base rate ${base}`);
    const t0 = performance.now();
    for (const c of CONDITIONS) {
      const blocks = order.map((f, n) => {
        const id = `${c.agent}-${String(n).padStart(4, '0')}`;
        taskOf.set(id, { n, family: fam[f] });
        const [a, b, w] = fam[f].words;
        const created = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
        return `\n## ${id}\ntask: Handle the ${a} ${b} case number ${n} for the ${w} team.\npriority: normal\ncreated: ${created}\n`;
      });
      appendFileSync(path.join(dir, 'agents', c.agent, 'queue.md'), blocks.join(''));
    }
    await runtime.drain();
    const windows = Math.max(1, Math.round((families * perFamily) / 20));
    const out: Record<string, { curve: number[]; final: number; tokens: number | null }> = {};
    for (const c of CONDITIONS) {
      const raw = await new Git(path.join(dir, 'agents', c.agent)).raw(['log', '--reverse', '--format=%aI%x1f%s%x1f%b%x1e']);
      const commits = raw.split('\x1e').map((x) => x.replace(/^\n/, '')).filter(Boolean).map((x) => {
        const [date, subject, body] = x.split('\x1f');
        return { date, subject, body: body ?? '' };
      });
      const p = learningProgress(commits, windows);
      const curve = p.success_over_time.map((w) => w.success);
      out[c.agent] = { curve, final: curve.at(-1) ?? 0, tokens: p.context_efficiency.mean_context_tokens };
      say(`${c.agent.padEnd(9)} success per ${Math.ceil((families * perFamily) / windows)} tasks: ${curve.map((x) => x.toFixed(2)).join(' ')}  (mean prompt ${out[c.agent].tokens} tokens)`);
    }
    say(`${families * perFamily * CONDITIONS.length} tasks in ${Math.round((performance.now() - t0) / 1000)} s`);
    console.log(JSON.stringify({
      simulated: true,
      learning_final: out.learning.final, no_memory_final: out.nomemory.final, load_all_final: out.loadall.final,
      curves: { learning: out.learning.curve, no_memory: out.nomemory.curve, load_all: out.loadall.curve },
      mean_prompt_tokens: { learning: out.learning.tokens, no_memory: out.nomemory.tokens, load_all: out.loadall.tokens },
      mean_success: Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Math.round((v.curve.reduce((a, b) => a + b, 0) / v.curve.length) * 1000) / 1000])),
      base_rate: base, families, per_family: perFamily,
    }));
    return 0;
  } finally {
    await runtime.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) process.exitCode = await run(process.argv.slice(2));
