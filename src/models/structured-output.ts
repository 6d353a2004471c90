// How the structured answer is asked for and read back: the provider's JSON-schema
// mode or the schema in the prompt, with a tolerant reader behind both.
import { Output } from 'ai';
import type { OutputInterface } from 'ai';
import { z } from 'zod';
import type { StructuredMode } from '../config/index.ts';
import { extractJson } from './json-extract.ts';

export type ParsedReply<T> = { ok: true; value: T } | { ok: false; error: string; text: string };

/**
 * An AI SDK output spec that never throws: in json-schema mode it sends the schema
 * (response_format json_schema, or Anthropic's native mode) and parses strictly
 * first; any reply the strict parse rejects goes through json-extract. The verdict
 * comes back as data so the conversation survives for a repair turn.
 */
export function tolerantOutput<T>(schema: z.ZodType<T>, mode: StructuredMode): OutputInterface<ParsedReply<T>, undefined, never> {
  const strict = mode === 'json-schema' ? Output.object({ schema }) : undefined;
  return {
    name: 'object',
    responseFormat: strict ? strict.responseFormat : Output.text().responseFormat,
    async parseCompleteOutput(options, context) {
      if (strict) {
        try {
          return { ok: true, value: (await strict.parseCompleteOutput(options, context)) as T };
        } catch {
          // fall through to the tolerant reader, which also explains what is wrong
        }
      }
      const result = extractJson(options.text, schema);
      return result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error, text: options.text };
    },
    async parsePartialOutput() {
      return undefined;
    },
    createElementStreamTransform() {
      return undefined;
    },
  };
}

/** The system-prompt addendum for endpoints without a schema mode. */
export function schemaInstructions(schema: z.ZodType): string {
  const jsonSchema = JSON.stringify(z.toJSONSchema(schema), null, 2);
  return [
    'Reply with one JSON object and nothing else: no prose, no code fence.',
    'It must conform to this JSON Schema:',
    jsonSchema,
  ].join('\n');
}

/** The user turn that asks the model to fix an unusable reply. */
export function repairPrompt(error: string): string {
  return [
    `Your previous reply could not be used: ${error}`,
    'Reply again with only the JSON object that conforms to the required schema.',
  ].join('\n');
}
