// agents.yaml fuzzer (fixed seed, hundreds of cases): the seed's files and generated ones,
// mutated (values of the wrong type, keys deleted, duplicated or unknown, lines cut or
// re-indented) and hostile (alias bombs, key floods, deep nesting, NUL, BOM, tabs, huge values,
// out-of-range limits). Counted: crashes (anything but a ConfigError thrown), hangs (a case past
// the bound), lost (an agent the file defines missing from what loads, or an unknown key
// dropped without a warning) and clear errors (each ConfigError names the file and says why).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isMap, isSeq, parseDocument } from 'yaml';
import { ConfigError, parseAgentsYaml } from '../src/config/index.ts';
import { int, isClear, pick, seeded, tableLines, type FuzzRow } from './support/fuzz.ts';

const CASES = 400;
const HANG_MS = 15_000;
const FIXTURES = ['seed-001-all.yaml', 'seed-000-orion.yaml'].map((f) => readFileSync(path.join(import.meta.dirname, '../src/config/fixtures', f), 'utf8'));

function generated(r: () => number): string {
  const n = int(r, 1, 4);
  const agents = Array.from({ length: n }, (_, i) => `  - name: a${i}\n    persona: "Agent ${i}."\n    risk_level: ${pick(r, ['low', 'medium', 'high'])}\n${r() < 0.3 ? '    models: { task_deadline_s: 60 }\n' : ''}${r() < 0.3 ? '    workspace: { max_files: 10 }\n' : ''}`).join('');
  return `agents:\n${agents}${r() < 0.5 ? 'iac:\n  max_hops: 3\n  consensus: { min_voters: 2 }\n' : ''}${r() < 0.4 ? 'queue: { max_task_kb: 32, max_block_keys: 40 }\n' : ''}${r() < 0.3 ? 'context: { window_tokens: 8192, tokenizer_exact_kb: 16 }\n' : ''}`;
}

const VALUES = ['', '~', '-1', '0', '1e999', 'NaN', '[]', '{}', '"x"', 'true', '[1, [2, [3]]]', '!!binary aGVsbG8=', '&x 1', '*nope', "'unterminated", '"\\u0000"', 'high', '100000000000'];

const HOSTILE: ((r: () => number) => string)[] = [
  () => `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nagents:\n  - name: x\n    persona: p\n`,
  (r) => `agents:\n  - name: x\n    persona: p\nflood:\n${Array.from({ length: pick(r, [500, 20_000]) }, (_, i) => `  k${i}: ${i}`).join('\n')}\n`,
  (r) => `agents: ${'['.repeat(int(r, 100, 3000))}\n`,
  (r) => {
    const n = int(r, 100, 5000);
    return `agents:\n  - name: x\n    persona: p\nextra: ${'['.repeat(n)}${']'.repeat(n)}\n`;
  },
  () => `agents:\n  - name: x\n    persona: "a\u0000b"\n`,
  () => `\ufeffagents:\n  - name: x\n    persona: p\n`,
  () => `agents:\n\t- name: x\n\t  persona: p\n`,
  (r) => `agents:\n  - name: x\n    persona: "${'p'.repeat(int(r, 1, 600) * 1024)}"\n`,
  () => `agents:\n  - name: x\n    persona: p\n  - name: x\n    persona: q\n`,
  () => `agents:\n  - name: x\n    persona: p\nagents:\n  - name: y\n    persona: q\n`,
  (r) => `agents:\n  - name: x\n    persona: p\niac: { max_hops: ${pick(r, ['-1', '1000', '"four"'])} }\nqueue: { max_task_kb: ${pick(r, ['0', '-3', '"big"', '1e12'])} }\n`,
  () => `agents:\n  - name: x\n    persona: p\n    models:\n      tiers:\n        balanced: { model: m, api_key: sk-secret }\n`,
  () => `agents:\n  - name: x\n    persona: p\nagents2: 1\nworkspace: { max_files: 0 }\n`,
  () => '',
  () => '---\n...\n---\n',
  () => `agents:\n  - ${'name: x\n    '.repeat(3)}persona: p\n`,
];

function mutate(r: () => number, text: string): string {
  const lines = text.split('\n');
  for (let n = int(r, 1, 4); n > 0; n--) {
    const i = int(r, 0, Math.max(0, lines.length - 1));
    const op = int(r, 0, 5);
    const line = lines[i] ?? '';
    if (op === 0) lines.splice(i, 1);
    else if (op === 1) lines.splice(i, 0, lines[int(r, 0, lines.length - 1)] ?? '');
    else if (op === 2) lines[i] = `${' '.repeat(int(r, 0, 5))}${line.trimStart()}`;
    else if (op === 3) lines[i] = line.includes(':') ? `${line.slice(0, line.indexOf(':') + 1)} ${pick(r, VALUES)}` : line;
    else if (op === 4) lines.splice(i, 0, `${' '.repeat(int(r, 0, 4))}unknown_${int(r, 0, 99)}: ${pick(r, VALUES)}`);
    else lines[i] = line.slice(0, int(r, 0, line.length));
  }
  return lines.join('\n');
}

/** How many agents the file defines, read independently (undefined when that is not clear-cut). */
function definedAgents(text: string): number | undefined {
  try {
    const doc = parseDocument(text, { uniqueKeys: false });
    if (doc.errors.length || !isMap(doc.contents)) return undefined;
    const a = doc.contents.get('agents', true);
    return isSeq(a) ? a.items.length : undefined;
  } catch {
    return undefined;
  }
}

test('agents.yaml fuzzer: no crash, no hang, nothing lost, a clear ConfigError for every refusal', { timeout: 900_000 }, (t) => {
  const r = seeded(424242);
  const row: FuzzRow = { attack: 'agents.yaml (seed files, mutated, hostile)', cases: CASES, crashes: 0, hangs: 0, lost: 0, clear: [0, 0] };
  const problems: string[] = [];
  let loaded = 0;
  for (let c = 0; c < CASES; c++) {
    const k = r();
    const text = k < 0.15 ? generated(r) : k < 0.7 ? mutate(r, r() < 0.5 ? pick(r, FIXTURES) : generated(r)) : pick(r, HOSTILE)(r);
    const started = performance.now();
    try {
      const out = parseAgentsYaml(text, 'agents.yaml');
      loaded++;
      const n = definedAgents(text);
      if (n !== undefined && out.agents.length !== n) (row.lost++, problems.push(`case ${c}: ${n} agents defined, ${out.agents.length} loaded`));
      const unknownTop = (text.match(/^unknown_\d+:/gm) ?? []).length;
      if (unknownTop && !out.warnings.some((w) => /unknown key "unknown_\d+" at the top level/.test(w))) (row.lost++, problems.push(`case ${c}: an unknown key went unmentioned`));
    } catch (e) {
      if (!(e instanceof ConfigError)) {
        row.crashes++;
        problems.push(`case ${c}: ${(e as Error).stack?.slice(0, 400)}`);
      } else {
        row.clear[1]++;
        if (isClear(e.message) && e.message.startsWith('agents.yaml')) row.clear[0]++;
        else problems.push(`case ${c}: unclear: ${JSON.stringify(e.message).slice(0, 300)}`);
      }
    }
    if (performance.now() - started > HANG_MS) (row.hangs++, problems.push(`case ${c}: past ${HANG_MS} ms`));
  }
  for (const line of tableLines([row])) t.diagnostic(line);
  assert.deepEqual(problems.slice(0, 10), []);
  assert.deepEqual([row.crashes, row.hangs, row.lost, row.clear[0]], [0, 0, 0, row.clear[1]]);
  assert.ok(loaded > CASES / 10 && row.clear[1] > CASES / 4, `both paths reached: ${loaded} loaded, ${row.clear[1]} refused`);
});
