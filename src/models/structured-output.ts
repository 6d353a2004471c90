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
/** Output.object per schema, made once: it converts the zod schema to JSON Schema. */
const strictOutputs = new WeakMap<z.ZodType, ReturnType<typeof Output.object>>();
/** schemaInstructions per schema, made once. */
const instructions = new WeakMap<z.ZodType, string>();

export function tolerantOutput<T>(schema: z.ZodType<T>, mode: StructuredMode): OutputInterface<ParsedReply<T>, undefined, never> {
  let strict: ReturnType<typeof Output.object> | undefined;
  if (mode === 'json-schema') {
    strict = strictOutputs.get(schema) ?? Output.object({ schema });
    strictOutputs.set(schema, strict);
  }
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
  const made = instructions.get(schema);
  if (made !== undefined) return made;
  const jsonSchema = JSON.stringify(z.toJSONSchema(schema), null, 2);
  const text = [
    'Reply with one JSON object and nothing else: no prose, no code fence.',
    'It must conform to this JSON Schema:',
    jsonSchema,
  ].join('\n');
  instructions.set(schema, text);
  return text;
}

/** The user turn that asks the model to fix an unusable reply. */
export function repairPrompt(error: string): string {
  return [
    `Your previous reply could not be used: ${error}`,
    'Reply again with only the JSON object that conforms to the required schema.',
  ].join('\n');
}
