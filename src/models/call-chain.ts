// One model call with resilience: the chain of models (tier's primary, its fallbacks, then
// the neighbouring tiers) is tried in order, skipping providers whose circuit is open; every
// request is checked against the budget first and counted in the ledger as it returns. When
// every circuit is open the call fails fast (kind circuit-open, with when to retry) unless the
// caller allows a wait; a half-open trial gets one attempt, not the full retries. It ends
// either way: an answer, or a ModelCallError naming what each model did.
import type { CallLine, CostBook } from './ledger/index.ts';
import type { Breakers } from './breaker.ts';
import { ModelCallError } from './errors.ts';
import { generateStructured, type GenerateOptions } from './generate.ts';
import { sleep } from './retry.ts';
import { costUsd, type TierModel } from './tiers.ts';
import type { GenerateRequest, GenerateResult } from './types.ts';

export type CallPurpose = CallLine['purpose'];

/** A span around one model call (the kernel's tracing port fits this shape). */
export type TraceFn = <T>(
  name: string,
  attrs: Record<string, string | number | boolean | undefined>,
  fn: (span: { set(attrs: Record<string, string | number | boolean | undefined>): void }) => Promise<T>,
) => Promise<T>;

export interface ChainDeps {
  breakers: Breakers;
  book: CostBook;
  task: string;
  /** Throws BudgetExceededError when the agent may not spend more; runs before every request. */
  checkBudget: () => void;
  generateOptions?: GenerateOptions;
  /** Longest wait for an open circuit's trial when every circuit is open (default 0: fail fast). */
  maxCircuitWaitMs?: number;
  onFallback?: (from: TierModel, error: string) => void;
  now?: () => number;
  /** A span per model tried (GenAI semantic conventions); absent, nothing is traced. */
  trace?: TraceFn;
  /** Every request as the ledger records it, with its HTTP time (retries included): events, metrics. */
  onCall?: (line: CallLine, ms: number) => void;
}

export interface ChainResult<T> {
  gen: GenerateResult<T>;
  model: TierModel;
  /** Models that failed before this one answered, with why. */
  failures: string[];
}

let seq = 0;
export function callId(): string {
  seq = (seq + 1) % 1_000_000;
  return `c${Date.now().toString(36)}${process.pid.toString(36)}${seq.toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** A provider fault (down, overloaded, refusing): not a model that answered badly. */
function providerFault(err: ModelCallError): boolean {
  return err.kind === 'http' || err.kind === 'network' || err.kind === 'timeout';
}

export async function callChain<T>(deps: ChainDeps, chain: TierModel[], purpose: CallPurpose, req: GenerateRequest<T>): Promise<ChainResult<T>> {
  const failures: string[] = [];
  const writes: Promise<void>[] = [];
  const now = deps.now ?? Date.now;
  let attempts = 0;
  let lastKind: ModelCallError['kind'] = 'network';
  const line = (m: TierModel, usage: { inputTokens: number; outputTokens: number }, ok: boolean, error?: string): CallLine => ({
    v: 1, kind: 'call', id: callId(), at: new Date(now()).toISOString(), task: deps.task, tier: m.tier,
    provider: m.settings.provider, model: m.settings.model, purpose,
    input: usage.inputTokens, output: usage.outputTokens, cost_usd: costUsd(m.price, usage), ok,
    ...(error !== undefined && { error: error.slice(0, 300) }),
  });
  try {
    for (let pass = 0; pass < 2; pass++) {
      let tried = 0;
      for (const m of chain) {
        const breaker = deps.breakers.get(m.endpoint);
        const trial = breaker.state === 'half-open';
        if (!breaker.tryAcquire()) {
          if (pass === 0) failures.push(`${m.label}: circuit open (provider failing; retry after ${new Date(breaker.retryAt ?? now()).toISOString()})`);
          continue;
        }
        tried++;
        let requestMs = 0;
        try {
          // A trial of a failing provider is one attempt: a hung one costs one timeout, not all the retries.
          const call = () => generateStructured(trial ? { ...m.settings, maxAttempts: 1 } : m.settings, req, {
            ...deps.generateOptions,
            exchange: { purpose, tier: m.tier },
            beforeRequest: deps.checkBudget,
            onAttempt: (r) => {
              requestMs += r.ms;
              deps.generateOptions?.onAttempt?.(r);
            },
            onUsage: (u) => {
              const l = line(m, u, true);
              writes.push(deps.book.record(l));
              deps.onCall?.(l, requestMs);
              requestMs = 0;
            },
          });
          const gen = deps.trace ? await deps.trace(`chat ${m.settings.model}`, genAiAttributes(m, purpose), async (span) => {
            const g = await call();
            span.set({ 'gen_ai.response.model': g.model, 'gen_ai.usage.input_tokens': g.usage.inputTokens, 'gen_ai.usage.output_tokens': g.usage.outputTokens, 'agentos.model.steps': g.steps });
            return g;
          }) : await call();
          breaker.onSuccess();
          return { gen, model: m, failures };
        } catch (err) {
          if (err instanceof ModelCallError && err.kind !== 'aborted') {
            if (providerFault(err)) breaker.onFailure();
            else breaker.onSuccess(); // it answered: the provider is up, the answer was unusable
            attempts += err.attempts;
            lastKind = err.kind;
            failures.push(`${m.label}: ${err.message}`);
            const failed = line(m, { inputTokens: 0, outputTokens: 0 }, false, `${err.kind}${err.statusCode ? ` ${err.statusCode}` : ''}`);
            writes.push(deps.book.record(failed));
            deps.onCall?.(failed, requestMs);
            if (m !== chain[chain.length - 1]) deps.onFallback?.(m, err.message);
            continue;
          }
          breaker.release();
          throw err;
        }
      }
      if (tried > 0 || pass === 1) break;
      // Every circuit is open: fail fast, saying when the soonest trial is due (or wait for it, if allowed).
      const soonest = Math.min(...chain.map((m) => deps.breakers.get(m.endpoint).retryAt ?? now()));
      if (!deps.maxCircuitWaitMs || soonest - now() > deps.maxCircuitWaitMs) {
        throw new ModelCallError(`no model could answer (${purpose}): every provider's circuit is open after repeated failures; the next trial is due at ${new Date(soonest).toISOString()} (${failures.join(' | ')})`, {
          kind: 'circuit-open', attempts: 0, retryAt: soonest,
        });
      }
      await sleep(Math.max(0, soonest - now()), req.abortSignal);
    }
  } finally {
    await Promise.all(writes);
  }
  throw new ModelCallError(`no model could answer (${purpose}); tried ${chain.length} model(s): ${failures.join(' | ')}`, { kind: lastKind, attempts });
}


/** GenAI semantic-convention attributes of a model call (no prompt, no key). */
function genAiAttributes(m: TierModel, purpose: CallPurpose): Record<string, string | number> {
  let server = '';
  try {
    server = new URL(m.settings.baseURL).hostname;
  } catch {
    // a base URL that does not parse was refused by the provider already
  }
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': m.settings.provider,
    'gen_ai.request.model': m.settings.model,
    'gen_ai.request.max_tokens': m.settings.maxTokens,
    'server.address': server,
    'agentos.tier': m.tier,
    'agentos.purpose': purpose,
  };
}
