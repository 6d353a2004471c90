// A real listening daemon for the OpenAI-compatible endpoint and the MCP server: openSystem over a
// temp data directory and a scripted model server, serving the API on 127.0.0.1 at a free port
// with the test tokens, and the runtime started as `agentos run` starts it.
import { openSystem, type System } from '../../src/compose/index.ts';
import type { ModelSettings } from '../../src/config/index.ts';
import { startScriptedServer, type Script, type ScriptedServer } from '../../src/models/index.ts';
import type { ChatOptions } from '../../src/server/index.ts';
import { silentLogger } from '../../src/telemetry/index.ts';
import { TEST_READ_TOKEN, TEST_TOKEN } from './api.ts';
import { modelSettings, tempDataDir } from './harness.ts';

export interface Daemon {
  dir: string;
  url: string;
  system: System;
  model: ScriptedServer;
  close(): Promise<void>;
}

export async function startDaemon(o: { script: Script; agentsYaml?: string; reach?: Partial<ChatOptions>; tools?: boolean; model?: Partial<ModelSettings>; dir?: string }): Promise<Daemon> {
  const temp = o.dir ? { dir: o.dir, cleanup: () => {} } : tempDataDir(o.agentsYaml);
  const model = await startScriptedServer({ format: 'openai', script: o.script });
  const system = await openSystem({
    dataDir: temp.dir, model: modelSettings(model, { maxAttempts: 1, ...o.model }), log: silentLogger(), pollIntervalMs: 60_000, verifyTimeoutMs: 10_000,
    tools: o.tools ? {} : false,
    api: { auth: { token: TEST_TOKEN, readToken: TEST_READ_TOKEN }, reach: o.reach },
  });
  const listening = await system.serve(0, '127.0.0.1');
  system.runtime.start();
  return {
    dir: temp.dir, url: listening.url, system, model,
    close: async () => {
      await system.close();
      await model.close();
      temp.cleanup();
    },
  };
}
