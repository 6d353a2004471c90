// A daemon with the tool runtime (policy, sandbox, approvals) over a scripted model:
// start, stop and start again on the same data directory, as a restart would.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSystem } from '../../src/compose/index.ts';
import type { Runtime, RuntimeOptions } from '../../src/kernel/index.ts';
import { startScriptedServer, type Script, type ScriptedServer } from '../../src/models/index.ts';
import { silentLogger } from '../../src/telemetry/index.ts';
import type { ToolRuntime } from '../../src/tools/index.ts';
import { modelSettings } from './harness.ts';

export interface Daemon {
  runtime: Runtime;
  tools: ToolRuntime;
  server: ScriptedServer;
  stop(): Promise<void>;
}

export function dataDirWith(agentsYaml: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-act-'));
  writeFileSync(path.join(dir, 'agents.yaml'), agentsYaml);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startDaemon(dir: string, script: Script, opts: { now?: () => Date; runtime?: Partial<RuntimeOptions> } = {}): Promise<Daemon> {
  const server = await startScriptedServer({ format: 'openai', script });
  const system = await openSystem({ dataDir: dir, model: modelSettings(server), log: silentLogger(), pollIntervalMs: 60_000, verifyTimeoutMs: 10_000, tools: { now: opts.now }, runtime: opts.runtime });
  return {
    runtime: system.runtime, tools: system.tools!, server,
    stop: async () => {
      await system.close();
      await server.close();
    },
  };
}
