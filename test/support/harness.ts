// An end-to-end harness: a temp data directory, a scripted model server speaking
// real HTTP, and a Runtime pointed at it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ModelSettings } from '../../src/config/index.ts';
import { openSystem, type System } from '../../src/compose/index.ts';
import { TEST_TOKEN } from './api.ts';
import type { Runtime, RuntimeEvent } from '../../src/kernel/index.ts';
import { startScriptedServer, type Reply, type Script, type ScriptedServer, type ScriptRequest } from '../../src/models/index.ts';
import { silentLogger } from '../../src/telemetry/index.ts';

export const ONE_AGENT_YAML = `agents:
  - name: orion
    persona: "Backend engineer. Terse."
    domain: "Backend engineering"
    tone: "Terse"
    hints: ["Pagination is common"]
    goals: ["Handle streaming SSE endpoints robustly"]
`;

export function tempDataDir(agentsYaml = ONE_AGENT_YAML): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-test-'));
  writeFileSync(path.join(dir, 'agents.yaml'), agentsYaml);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ReportOverrides {
  response?: string;
  outcome?: 'success' | 'partial' | 'failure';
  reward?: 1 | 0 | -1;
  context_tags?: string[];
  skill?: { name: string; description: string; body: string } | null;
  reflection?: string;
  goal?: string | null;
}

/** A valid TaskReport as a model would send it. */
export function report(o: ReportOverrides = {}): Reply {
  return {
    json: {
      response: o.response ?? 'Done: here is the answer.',
      outcome: o.outcome ?? 'success',
      reward: o.reward ?? 1,
      context_tags: o.context_tags ?? ['api'],
      skill: o.skill === undefined ? { name: 'retry with backoff', description: 'Retry transient failures', body: 'Use jittered backoff.' } : o.skill,
      reflection: o.reflection ?? 'Keep answers short.',
      goal: o.goal ?? null,
    },
  };
}

/** The task id the kernel put in the prompt (`# Task <id>`). */
export function taskIdOf(req: ScriptRequest): string {
  const user = req.messages.filter((m) => m.role === 'user').map((m) => m.text).join('\n');
  return /^# Task (\S+)/m.exec(user)?.[1] ?? '';
}

export function modelSettings(server: ScriptedServer, over: Partial<ModelSettings> = {}): ModelSettings {
  return {
    provider: 'openai-compatible', baseURL: server.url, model: 'scripted', apiKey: 'sk-test-secret-key-123',
    maxTokens: 1024, timeoutMs: 5000, maxAttempts: 3, structured: 'json-schema', ...over,
  };
}

export interface Harness {
  dir: string;
  server: ScriptedServer;
  runtime: Runtime;
  system: System;
  events: RuntimeEvent[];
  close: () => Promise<void>;
}

export async function startHarness(opts: { script: Script; agentsYaml?: string; model?: Partial<ModelSettings>; dir?: string; format?: 'openai' | 'anthropic' }): Promise<Harness> {
  const temp = opts.dir ? { dir: opts.dir, cleanup: () => {} } : tempDataDir(opts.agentsYaml);
  const server = await startScriptedServer({ format: opts.format ?? 'openai', script: opts.script });
  // No tool runtime: plain act loop, unsandboxed verify (the tool runtime has its own harness, act-harness.ts).
  const system = await openSystem({ dataDir: temp.dir, model: modelSettings(server, opts.model), log: silentLogger(), pollIntervalMs: 60_000, verifyTimeoutMs: 10_000, tools: false, api: { auth: { token: TEST_TOKEN } } });
  const { runtime } = system;
  const events: RuntimeEvent[] = [];
  runtime.events.on('event', (e) => events.push(e));
  return {
    dir: temp.dir, server, runtime, system, events,
    close: async () => {
      await system.close();
      await server.close();
      temp.cleanup();
    },
  };
}
