// Shared by the models tests: settings pointed at a scripted server, and a server's lifetime.
import type { ModelSettings } from '../config/index.ts';
import { startScriptedServer } from './scripted-server.ts';
import type { RecordedRequest, Script, ScriptFormat } from './scripted-server.ts';

export function scriptedSettings(baseURL: string, apiKey: string, over: Partial<ModelSettings> = {}): ModelSettings {
  return {
    provider: 'openai-compatible',
    baseURL,
    model: 'scripted-model',
    apiKey,
    maxTokens: 1000,
    timeoutMs: 10_000,
    maxAttempts: 3,
    structured: 'json-schema',
    ...over,
  };
}

export async function withServer<T>(format: ScriptFormat, script: Script, run: (url: string, requests: RecordedRequest[]) => Promise<T>): Promise<T> {
  const server = await startScriptedServer({ format, script });
  try {
    return await run(server.url, server.requests);
  } finally {
    await server.close();
  }
}
