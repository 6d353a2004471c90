// One ModelSettings in, one AI SDK language model out. The API key goes only
// into the provider's request headers, never into a message or a log.
import { AgentOsError } from '../errors.ts';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { wrapLanguageModel } from 'ai';
import type { ModelSettings } from '../config/index.ts';

export type LanguageModelV3 = Parameters<typeof wrapLanguageModel>[0]['model'];

export class ModelConfigError extends AgentOsError<'MODEL_CONFIG_INVALID'> {
  constructor(message: string) {
    super('MODEL_CONFIG_INVALID', message);
  }
}

function checkBaseURL(settings: ModelSettings): string {
  try {
    const url = new URL(settings.baseURL);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new ModelConfigError(
      `model baseURL ${JSON.stringify(settings.baseURL)} is not an http(s) URL; expected e.g. "http://localhost:11434/v1"`,
    );
  }
  return settings.baseURL.replace(/\/+$/, '');
}

/** Where the call goes, safe to print: provider, model and base URL without credentials. */
export function describeModel(settings: ModelSettings): string {
  let where = settings.baseURL;
  try {
    const url = new URL(settings.baseURL);
    url.username = '';
    url.password = '';
    url.search = '';
    where = url.toString().replace(/\/+$/, '');
  } catch {
    // an unparsable URL is reported by checkBaseURL
  }
  return `${settings.provider} model "${settings.model}" at ${where}`;
}

/** Provider instances kept, at most (one per provider, base URL, key and model in use). */
export const MODEL_CACHE_MAX = 64;
const models = new Map<string, LanguageModelV3>();

/**
 * The language model for these settings, built once and reused (building a provider costs a
 * few hundred microseconds per call otherwise). The key lives only in this in-memory map; the
 * oldest entry goes when MODEL_CACHE_MAX are held.
 */
export function languageModelFor(settings: ModelSettings): LanguageModelV3 {
  const key = JSON.stringify([settings.provider, settings.baseURL, settings.apiKey ?? null, settings.model]);
  let model = models.get(key);
  if (!model) {
    model = createLanguageModel(settings);
    if (models.size >= MODEL_CACHE_MAX) models.delete(models.keys().next().value!);
    models.set(key, model);
  }
  return model;
}

export function createLanguageModel(settings: ModelSettings): LanguageModelV3 {
  const baseURL = checkBaseURL(settings);
  if (!settings.model) throw new ModelConfigError(`no model name configured for the ${settings.provider} provider at ${baseURL}`);
  // config/ owns the environment: an absent key is sent as empty rather than letting
  // the SDK read OPENAI_API_KEY/ANTHROPIC_API_KEY behind the configuration's back.
  const apiKey = settings.apiKey ?? '';
  switch (settings.provider) {
    case 'openai-compatible':
      return createOpenAICompatible({
        name: 'openai-compatible',
        baseURL,
        apiKey: settings.apiKey || undefined,
        includeUsage: true,
        // Sends response_format json_schema; without it the SDK sends json_object, no schema.
        supportsStructuredOutputs: true,
      }).chatModel(settings.model);
    case 'openai':
      // The chat-completions model, so a base URL to any OpenAI-compatible server works.
      return createOpenAI({ baseURL, apiKey }).chat(settings.model);
    case 'anthropic':
      return createAnthropic({ baseURL, apiKey }).messages(settings.model);
    default: {
      const never: never = settings.provider;
      throw new ModelConfigError(`unknown model provider ${JSON.stringify(never)}; expected openai-compatible, openai or anthropic`);
    }
  }
}
