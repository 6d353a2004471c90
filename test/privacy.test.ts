// PII redaction end to end (agents.yaml privacy:): a task and a case file full of personal data,
// a model that echoes it back — and neither the model's requests, nor the logs, nor any commit
// (message, rewards, reflections, ledger), nor context.md carries it. Then `agentos report`
// shows the agent's success metrics.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { Runtime } from '../src/kernel/index.ts';
import { startScriptedServer, type ScriptRequest } from '../src/models/index.ts';
import { Git } from '../src/store/index.ts';
import { createLogger, setPiiRules } from '../src/telemetry/index.ts';
import { ToolRuntime } from '../src/tools/index.ts';
import { modelSettings, report, tempDataDir } from './support/harness.ts';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'agentos.js');
const PII = ['jane.doe@example.com', 'CUST-123456', '7946 0958', '4111 1111 1111 1111'];

const YAML = `privacy:
  redact: [email, phone, credit_card]
  patterns:
    - { name: customer_id, regex: "CUST-\\\\d{6}" }
agents:
  - name: desk
    persona: "Support agent. Never repeats personal data."
    metrics:
      - { name: replies pass their check, measure: verify_pass_rate, target: 0.9 }
      - { name: solved, measure: success_rate }
`;

test('personal data never reaches the model, the logs or git; report shows the success metrics', { timeout: 60_000 }, async (t) => {
  const d = tempDataDir(YAML);
  t.after(() => {
    setPiiRules(undefined);
    d.cleanup();
  });
  const cases = path.join(d.dir, 'agents', 'desk', 'workspace', 'cases');
  mkdirSync(cases, { recursive: true });
  writeFileSync(path.join(cases, 'c1.md'), 'Customer CUST-123456 (jane.doe@example.com, +44 20 7946 0958) paid with 4111 1111 1111 1111 and wants a refund.\n');
  const script = (req: ScriptRequest) => {
    if (!req.messages.some((m) => m.role === 'tool')) return { toolCalls: [{ name: 'read_file', args: { path: 'cases/c1.md' } }] };
    // A model that leaks: it repeats what it was given, and invents the address anyway.
    return report({ response: `Dear jane.doe@example.com, refund for CUST-123456 on 4111 1111 1111 1111. Seen: ${req.messages.at(-1)!.text}`, reflection: 'Called +44 20 7946 0958.', skill: null });
  };
  const server = await startScriptedServer({ format: 'openai', script });
  t.after(() => server.close());
  const lines: string[] = [];
  const log = createLogger({ level: 'info', destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) });
  const tools = new ToolRuntime({ dataDir: d.dir });
  const runtime = await Runtime.open({ dataDir: d.dir, model: modelSettings(server), log, pollIntervalMs: 60_000, verifyTimeoutMs: 10_000, act: (a) => tools.forAgent(a) });
  t.after(async () => {
    await runtime.stop();
    await tools.close();
  });
  await runtime.enqueue('desk', { id: 'refund', task: 'Answer jane.doe@example.com about CUST-123456; the case is cases/c1.md.', priority: 'normal', created: '2026-01-01T00:00:00Z', verify: 'test -f cases/c1.md' });
  await runtime.drain();
  log.info({ note: 'customer jane.doe@example.com called' }, 'a line with CUST-123456 in it');

  const git = new Git(path.join(d.dir, 'agents', 'desk'));
  assert.equal((await git.subjects())[0], 'desk(task): refund');
  const sent = JSON.stringify(server.requests.map((r) => r.body));
  const history = await git.raw(['log', '-p', '--format=%B']);
  const context = readFileSync(path.join(d.dir, 'agents', 'desk', 'context.md'), 'utf8');
  for (const [where, text] of [['the model requests', sent], ['git history', history], ['the logs', lines.join('')], ['context.md', context]]) {
    for (const p of PII) assert.ok(!text.includes(p), `${p} in ${where}`);
  }
  assert.match(sent, /\[REDACTED:email\] about \[REDACTED:customer_id\]/, 'the task reached the model redacted');
  assert.match(sent, /Customer \[REDACTED:customer_id\] \(\[REDACTED:email\], \[REDACTED:phone\]\) paid with \[REDACTED:credit_card\]/, 'so did the file the tool read');
  assert.match(history, /Dear \[REDACTED:email\], refund for \[REDACTED:customer_id\]/, 'and what the model said back');
  assert.match(lines.join(''), /a line with \[REDACTED:customer_id\] in it/);

  await runtime.stop();
  const r = spawnSync(process.execPath, [BIN, 'report', 'desk', '--data', d.dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /success metrics \(agents\.yaml metrics:\):\n {2}replies pass their check \(verify_pass_rate\): 100% over 1 — target ≥ 90%: met\n {2}solved \(success_rate\): 100% over 1/);
});
