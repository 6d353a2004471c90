import path from 'node:path';
import { readLogSettings, type ModelSettings } from '../../config/index.ts';
import { agentStatus, newTask, type RuntimeEvent } from '../../kernel/index.ts';
import { startOfflineModel } from '../../models/index.ts';
import { agentPaths, Git } from '../../store/index.ts';
import { openSystem } from '../../compose/index.ts';
import { SEED_TASKS } from '../demo/seed.ts';
import { EXIT, parse, str, type CommandSpec } from '../args.ts';
import { cliLogger } from '../logging.ts';
import { out } from '../output.ts';
import { initDataDir } from './init.ts';

export const spec: CommandSpec = {
  name: 'demo',
  summary: 'run four example agents and their tasks end to end on an OFFLINE SCRIPTED model (no network, no key)',
  usage: 'agentos demo [--data DIR]',
  options: {},
  help: ['(default data directory for the demo: ./agentos-demo; run it again to add a round of tasks)', 'Warnings are printed as readable lines (LOG_FORMAT=json for JSON, LOG_LEVEL=info for more).'],
};

const BANNER = [
  '┌──────────────────────────────────────────────────────────────────────────┐',
  '│ OFFLINE SCRIPTED MODEL — not an LLM. Replies are deterministic templates │',
  '│ built from the task text, so the whole pipeline runs with no network and │',
  '│ no key. Nothing below is model intelligence; the learning mechanics are  │',
  '│ real. Set LLM_BASE_URL / LLM_MODEL / LLM_API_KEY and use `agentos run`.  │',
  '└──────────────────────────────────────────────────────────────────────────┘',
];

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(spec, argv);
  const logSettings = readLogSettings(process.env, 'warn'); // a bad LOG_LEVEL stops here, before any output
  const dataDir = path.resolve(str(values.data) ?? 'agentos-demo');
  for (const l of BANNER) out(l);
  out(`data directory: ${dataDir}`);
  await initDataDir(dataDir);

  const offline = await startOfflineModel();
  const model: ModelSettings = {
    provider: 'openai-compatible', baseURL: offline.url, model: 'offline-scripted', apiKey: undefined,
    maxTokens: 2048, timeoutMs: 30_000, maxAttempts: 2, structured: 'json-schema',
  };
  const log = cliLogger(logSettings, { human: true });
  const system = await openSystem({ dataDir, model, log, pollIntervalMs: 60_000 });
  const { runtime } = system;
  const results: RuntimeEvent[] = [];
  runtime.events.on('event', (e) => {
    if (e.type === 'task.completed' || e.type === 'task.dead_lettered' || e.type === 'task.rejected') results.push(e);
  });
  try {
    out('');
    out('enqueueing the example tasks (appended to each agent\'s queue.md):');
    for (const t of SEED_TASKS) {
      const { agent, ...input } = t;
      const done = runtime.worker(agent).ctx.done;
      let id = input.id;
      for (let round = 2; done.has(id); round++) id = `${input.id}-${round}`; // a re-run of the demo
      await runtime.worker(agent).ctx.queue.append(newTask({ ...input, id })); // like `cat >>`: all queued before the run
      out(`  ${agent}: ${id}`);
    }
    await runtime.drain();
  } finally {
    await system.close();
    await offline.close();
  }

  out('');
  out('results (self-score / audit score):');
  for (const e of results) {
    if (e.type === 'task.completed') out(`  ${e.agent}: ${e.task} → ${sign(e.reward)} / ${sign(e.auditScore)}  commit ${e.commit.slice(0, 8)}`);
    else if (e.type === 'task.dead_lettered') out(`  ${e.agent}: ${e.task} → dead letter: ${e.reason}`);
    else if (e.type === 'task.rejected') out(`  ${e.agent}: rejected ${e.task ?? ''}: ${e.reason}`);
  }
  for (const [name, w] of runtime.workers) {
    const s = await agentStatus(dataDir, w.ctx.config);
    out('');
    out(`── ${name} (${s.domain}) ──`);
    out(`skills earned (${s.skills.length}): ${s.skills.map((k) => `${k.name} ×${k.evidence}`).join(', ') || 'none'}`);
    out(`active goals (${s.goals.length}):`);
    for (const g of s.goals) out(`  - ${g}`);
    out('git log:');
    const log = await new Git(agentPaths(dataDir, name).root).raw(['log', '--format=  %h %s']);
    out(log.trimEnd());
  }
  out('');
  out(`look around: cat ${path.join(dataDir, 'agents/orion/skills.md')}; git -C ${path.join(dataDir, 'agents/orion')} show`);
  return EXIT.ok;
}

function sign(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
