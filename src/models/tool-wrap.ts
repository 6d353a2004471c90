// One way to observe tool calls: wrap each tool's execute. Used by the act loop's own
// timing (generate.ts) and by the tool runtime's call records (tools/record.ts).
import type { ToolSet } from 'ai';

/** Runs every call of every executable tool through `around`; tools without execute pass unchanged. */
export function wrapToolExecutes(tools: ToolSet, around: (name: string, call: () => Promise<unknown>) => Promise<unknown>): ToolSet {
  const out: ToolSet = {};
  for (const [name, original] of Object.entries(tools)) {
    const execute = original.execute;
    if (typeof execute !== 'function') {
      out[name] = original;
      continue;
    }
    out[name] = {
      ...original,
      execute: (input: unknown, options: unknown) => around(name, async () => (execute as (i: unknown, o: unknown) => unknown)(input, options)),
    } as ToolSet[string];
  }
  return out;
}
