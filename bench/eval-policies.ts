// agentos bench eval [--json]: the planted-difference comparison. A suite of 20 tasks with mixed
// judges (command in the sandbox, contains, json-schema, regex, security, llm, human) runs twice
// through `agentos eval run` in scratch copies, once per policy: "weak" puts every tier on a
// scripted model that gets 10 tasks wrong (in every family), "strong" on one that gets all but
// one right and costs more. The scripted models are not LLMs; the runtime, judges, audit, storage and
// statistics around them are the real ones. Prints the comparison; --json: its last line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { main } from '../src/cli/main.ts';
import { startScriptedServer, type Reply, type ScriptRequest, type ScriptedServer } from '../src/models/index.ts';

const N = 20;
const FAMILIES = ['file', 'keyword', 'json', 'ticket'] as const;

export function suiteYaml(): string {
  const tasks = Array.from({ length: N }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    const fam = FAMILIES[i % FAMILIES.length];
    if (fam === 'file') return [`  - id: file-${n}`, `    task: Write the text TOKEN-${n} into the file out-${n}.txt.`, '    judges:',
      `      - { kind: command, name: file-content, run: "grep -qx TOKEN-${n} out-${n}.txt" }`, ...(i % 8 === 0 ? ['      - { kind: security }'] : [])];
    if (fam === 'keyword') return [`  - id: keyword-${n}`, `    task: Name the retry strategy for flaky call ${n}; say which backoff.`, '    judges:',
      '      - { kind: contains, name: mentions-backoff, text: [exponential backoff] }', ...(i % 8 === 1 ? ['      - { kind: llm, name: grader, rubric: "Names exponential backoff with jitter." }'] : [])];
    if (fam === 'json') return [`  - id: json-${n}`, `    task: Return the total of ${i + 1} and 1 as JSON with one key, total.`, '    judges:',
      '      - { kind: json-schema, name: json-shape, schema: { type: object, properties: { total: { type: number } }, required: [total] } }',
      `      - { kind: regex, name: right-total, pattern: '"total":\\s*${i + 2}\\b' }`];
    return [`  - id: ticket-${n}`, `    task: Give the ticket id of incident ${n} in the form INC-0000${n}.`, '    judges:',
      '      - { kind: regex, name: ticket-form, pattern: "\\\\bINC-\\\\d{6}\\\\b" }', ...(i % 8 === 3 ? ['      - { kind: human, name: reviewer, label: pass }'] : [])];
  });
  return ['version: 1', 'name: planted-20', 'description: 20 tasks, four families, mixed judges (bench/eval-policies.ts)', 'agent: orion', 'tasks:', ...tasks.flat(), ''].join('\n');
}

const policy = (name: string, model: string, price: { input: number; output: number }) => [
  'version: 1', `name: ${name}`, `description: every tier on ${model}`, `model: ${model}`, 'models:', '  tiers:',
  ...['cheap-fast', 'balanced', 'strongest'].map((t) => `    ${t}: { model: ${model}, price: { input: ${price.input}, output: ${price.output} } }`), '',
].join('\n');

const AGENTS = `agents:
  - name: orion
    persona: "Backend engineer. Terse."
    autonomy_level: autonomous
    risk_level: low
`;

/** Tasks weak-model gets wrong (every family, 10 of 20); strong-model gets only task 20 wrong. */
export const WEAK_WRONG = new Set([1, 2, 3, 4, 9, 10, 11, 12, 17, 18]);

export function script(req: ScriptRequest): Reply {
  const user = req.messages.filter((m) => m.role === 'user').map((m) => m.text).join('\n');
  if (/strict, independent grader/.test(req.system)) return { json: { grade: 1, reason: 'names exponential backoff' } };
  const id = /^# Task e[0-9a-f]+-(\S+)/m.exec(user)?.[1] ?? '';
  const n = Number(/(\d+)$/.exec(id)?.[1] ?? 0);
  const weak = String(req.body.model) === 'weak-model';
  const wrong = weak ? WEAK_WRONG.has(n) : n === 20;
  const answer = (response: string): Reply => ({ json: { response, outcome: 'success', reward: 1, context_tags: [id.split('-')[0]], skill: null, reflection: 'ok', goal: null } });
  const nn = String(n).padStart(2, '0');
  if (id.startsWith('file-')) {
    if (!req.messages.some((m) => m.role === 'tool')) return { toolCalls: [{ name: 'write_file', args: { path: `out-${nn}.txt`, content: wrong ? `TOKEN-${nn}x\n` : `TOKEN-${nn}\n` } }] };
    return answer(`done: wrote out-${nn}.txt`);
  }
  if (id.startsWith('keyword-')) return answer(wrong ? 'Retry a few times.' : 'Use exponential backoff with jitter, capped at 30 s.');
  if (id.startsWith('json-')) return answer(wrong ? `{"total": "${n + 1}"}` : `{"total": ${n + 1}}`);
  return answer(wrong ? `INC-${nn}` : `INC-0000${nn}`);
}

export interface Planted {
  dir: string;
  suite: string;
  weak: string;
  strong: string;
  server: ScriptedServer;
  /** The LLM_* variables the CLI reads. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function planted(): Promise<Planted> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-eval-bench-'));
  writeFileSync(path.join(dir, 'agents.yaml'), AGENTS);
  const file = (name: string, text: string) => (writeFileSync(path.join(dir, name), text), path.join(dir, name));
  const server = await startScriptedServer({ format: 'openai', script });
  return {
    dir, server,
    suite: file('planted-20.yaml', suiteYaml()),
    weak: file('policy-weak.yaml', policy('weak', 'weak-model', { input: 0.15, output: 0.6 })),
    strong: file('policy-strong.yaml', policy('strong', 'strong-model', { input: 2.5, output: 10 })),
    env: { LLM_BASE_URL: server.url, LLM_MODEL: 'scripted', LLM_API_KEY: 'sk-bench-not-a-key', LLM_MAX_ATTEMPTS: '1', LLM_TIMEOUT: '10' },
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } } });
  const p = await planted();
  const saved = Object.fromEntries(Object.keys(p.env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, p.env);
  try {
    (values.json ? console.error : console.log)('eval benchmark — two policies on SCRIPTED models (not LLMs), 20 tasks with mixed judges, planted difference: weak fails 10 tasks, strong 1');
    const args = ['eval', 'run', p.suite, '--data', p.dir, '--policy', p.weak, '--policy', p.strong, ...(values.json ? ['--json'] : [])];
    return await main(args);
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    await p.close();
  }
}

if (import.meta.main) process.exitCode = await run(process.argv.slice(2));
