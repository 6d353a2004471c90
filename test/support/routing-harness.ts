// End-to-end routing runs: several scripted model servers (real HTTP), an agents.yaml whose
// tiers point at them, the workspace tools, and a logger whose lines the test can read.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'yaml';
import type { Runtime, RuntimeEvent } from '../../src/kernel/index.ts';
import { openSystem } from '../../src/compose/index.ts';
import { parseLedger, startScriptedServer, type Breakers, type LedgerLine, type Reply, type Script, type ScriptedServer, type ScriptRequest } from '../../src/models/index.ts';
import { createLogger } from '../../src/telemetry/index.ts';
import { workspaceTools } from '../../src/tools/index.ts';
import { modelSettings, report, taskIdOf, tempDataDir, type ReportOverrides } from './harness.ts';

export interface RoutingHarness {
  dir: string;
  servers: Record<string, ScriptedServer>;
  runtime: Runtime;
  events: RuntimeEvent[];
  logs: string[];
  agentDir: (...p: string[]) => string;
  rewards: () => Record<string, unknown>[];
  ledger: () => LedgerLine[];
  close: () => Promise<void>;
}

/**
 * `yaml(urls)` builds agents.yaml from the servers' base URLs. The LLM_* model (untiered
 * default) points at the first server.
 */
export async function startRouting(opts: {
  servers: Record<string, Script>;
  yaml: (urls: Record<string, string>) => string;
  maxAttempts?: number;
  /** Provider breakers with a test clock, instead of the runtime's. */
  breakers?: Breakers;
}): Promise<RoutingHarness> {
  const servers: Record<string, ScriptedServer> = {};
  for (const [name, script] of Object.entries(opts.servers)) servers[name] = await startScriptedServer({ format: 'openai', script });
  const urls = Object.fromEntries(Object.entries(servers).map(([k, s]) => [k, s.url]));
  const temp = tempDataDir(opts.yaml(urls));
  const logs: string[] = [];
  const sink = new Writable({ write(chunk, _e, cb) { logs.push(String(chunk)); cb(); } });
  const first = Object.values(servers)[0];
  const { runtime } = await openSystem({
    tools: false,
    dataDir: temp.dir,
    model: modelSettings(first, { maxAttempts: opts.maxAttempts ?? 1 }),
    log: createLogger({ level: 'info', destination: sink }),
    pollIntervalMs: 60_000,
    verifyTimeoutMs: 10_000,
    plainTools: workspaceTools(temp.dir),
    routing: () => ({ generateOptions: { baseDelayMs: 1, maxDelayMs: 5 }, ...(opts.breakers && { breakers: opts.breakers }) }),
  });
  const events: RuntimeEvent[] = [];
  runtime.events.on('event', (e) => events.push(e));
  const agentDir = (...p: string[]) => path.join(temp.dir, 'agents', 'orion', ...p);
  return {
    dir: temp.dir, servers, runtime, events, logs, agentDir,
    rewards: () => parse(readFileSync(agentDir('rewards.md'), 'utf8')) as Record<string, unknown>[],
    ledger: () => {
      const out: LedgerLine[] = [];
      const root = agentDir('ledger');
      for (const day of safeList(root)) for (const f of safeList(path.join(root, day))) out.push(...parseLedger(readFileSync(path.join(root, day, f), 'utf8'), f).lines);
      return out;
    },
    close: async () => {
      await runtime.stop();
      for (const s of Object.values(servers)) await s.close();
      temp.cleanup();
    },
  };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** A model that writes `answer.txt` with `content` through the tool, then reports. */
export function writer(content: (req: ScriptRequest) => string, over: ReportOverrides = {}): Script {
  return (req) => {
    if (!req.messages.some((m) => m.role === 'tool')) return { toolCalls: [{ name: 'write_file', args: { path: 'answer.txt', content: content(req) } }] };
    return report({ skill: null, ...over, response: over.response ?? `wrote ${content(req)}` });
  };
}

export { report, taskIdOf };
export type { Reply };
