// One way to observe tool calls: wrap each tool's execute. Used by the act loop's own
// timing (generate.ts) and by the tool runtime's call records (tools/record.ts).
import type { ToolSet } from 'ai';

/** What `around` may look at besides the call: its input, the SDK's options, the tool itself. */
export interface WrappedCall {
  input: unknown;
  options: unknown;
  tool: ToolSet[string];
}

/** Runs every call of every executable tool through `around`; tools without execute pass unchanged. */
export function wrapToolExecutes(tools: ToolSet, around: (name: string, call: () => Promise<unknown>, seen: WrappedCall) => Promise<unknown>): ToolSet {
  const out: ToolSet = {};
  for (const [name, original] of Object.entries(tools)) {
    const execute = original.execute;
    if (typeof execute !== 'function') {
      out[name] = original;
      continue;
    }
    out[name] = {
      ...original,
      execute: (input: unknown, options: unknown) => around(name, async () => (execute as (i: unknown, o: unknown) => unknown)(input, options), { input, options, tool: original }),
    } as ToolSet[string];
  }
  return out;
}
