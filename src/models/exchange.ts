// Model exchanges, for deterministic replay. A task runs inside an exchange scope (one
// AsyncLocalStorage per process, so concurrent agents keep theirs apart): every model request made
// inside it — act steps, repair turns, the cascade, voters, the LLM audit, model judges — is
// digested and, live, recorded with the provider's answer; in a replay the scope serves the
// recorded answer instead of calling the provider. A scope may also ask for deterministic sampling
// (temperature 0 and a seed, for the providers that take one).
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { LanguageModelV3CallOptions, LanguageModelV3Content, LanguageModelV3FinishReason, LanguageModelV3Usage } from '@ai-sdk/provider';

export interface ExchangeLabel {
  /** act, cascade, consensus, audit, judge … (the ledger's purposes, plus audit and judge). */
  purpose?: string;
  tier?: string;
}

/** A request, digested: the whole, and each part (to say where a replayed request differs). */
export interface RequestDigest {
  digest: string;
  system: string;
  messages: string[];
  tools: string;
  settings: string;
}

/** The provider's answer as the AI SDK model interface returned it (no request or response bodies). */
export interface RecordedResponse {
  content: LanguageModelV3Content[];
  finishReason: LanguageModelV3FinishReason;
  usage: LanguageModelV3Usage;
  modelId?: string;
}

export interface ModelExchange extends ExchangeLabel {
  provider: string;
  model: string;
  request: RequestDigest;
  response: RecordedResponse;
  /** Wall time of the request, retries included. */
  ms: number;
}

export interface ExchangeScope {
  /** Live runs marked deterministic: temperature 0, and this seed where the provider takes one. */
  deterministic?: { seed: number };
  /** Live: hears every answered request. */
  record?(x: ModelExchange): void;
  /** Replay: answers the request from the recording (throws when it cannot); no provider is called. */
  serve?(q: { provider: string; model: string; request: RequestDigest } & ExchangeLabel): RecordedResponse;
}

const store = new AsyncLocalStorage<ExchangeScope>();

/** Runs `fn` (a task) inside `scope`; every model call it makes, however deep, sees it. */
export function withExchangeScope<T>(scope: ExchangeScope | undefined, fn: () => Promise<T>): Promise<T> {
  return scope ? store.run(scope, fn) : fn();
}

export function currentExchangeScope(): ExchangeScope | undefined {
  return store.getStore();
}

/** JSON with sorted keys and no undefined: the same value digests the same however it was built. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

const hash = (s: string, n: number) => createHash('sha256').update(s).digest('hex').slice(0, n);

/** The digest of a request as the model interface receives it (abort signal and headers aside). */
export function digestRequest(params: LanguageModelV3CallOptions): RequestDigest {
  const system = params.prompt.filter((m) => m.role === 'system');
  // A tool result's wall time (`"ms": 29`) differs on every run: it is not part of the digest.
  const messages = params.prompt.filter((m) => m.role !== 'system').map((m) => hash(m.role === 'tool' ? maskWallTimes(canonicalJson(m)) : canonicalJson(m), 16));
  const settings = {
    maxOutputTokens: params.maxOutputTokens, temperature: params.temperature, topP: params.topP, topK: params.topK, seed: params.seed,
    stopSequences: params.stopSequences, presencePenalty: params.presencePenalty, frequencyPenalty: params.frequencyPenalty,
    toolChoice: params.toolChoice, responseFormat: params.responseFormat, providerOptions: params.providerOptions,
  };
  const parts = { system: hash(canonicalJson(system), 16), messages, tools: hash(canonicalJson(params.tools ?? []), 16), settings: hash(canonicalJson(settings), 16) };
  return { digest: hash(canonicalJson(parts), 32), ...parts };
}

/** `"ms": 29` (also escaped inside a JSON string) becomes `"ms": 0`. */
export function maskWallTimes(json: string): string {
  return json.replace(/(\\?"ms\\?":\s*)\d+/g, (_, key: string) => `${key}0`);
}

/** Where two digests of a request differ, in words ('' when they are the same request). */
export function describeDifference(recorded: RequestDigest, replayed: RequestDigest): string {
  if (recorded.digest === replayed.digest) return '';
  const out: string[] = [];
  if (recorded.system !== replayed.system) out.push('the system prompt');
  if (recorded.tools !== replayed.tools) out.push('the tools offered');
  if (recorded.settings !== replayed.settings) out.push('the settings (temperature, seed, output format, tool choice, max tokens)');
  const n = Math.max(recorded.messages.length, replayed.messages.length);
  if (recorded.messages.length !== replayed.messages.length) out.push(`the number of messages (${recorded.messages.length} recorded, ${replayed.messages.length} now)`);
  const first = Array.from({ length: n }, (_, i) => i).find((i) => recorded.messages[i] !== replayed.messages[i]);
  if (first !== undefined && first < Math.min(recorded.messages.length, replayed.messages.length)) out.push(`message ${first + 1} and after`);
  return out.join('; ') || 'the request';
}

/** A stable seed from a task id (31 bits, what OpenAI-compatible servers accept). */
export function seedOf(taskId: string): number {
  return parseInt(hash(taskId, 8), 16) & 0x7fffffff;
}
