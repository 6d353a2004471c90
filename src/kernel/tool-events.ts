// Tool calls as the kernel observes them: an `execute_tool` span per call when tracing is on
// (GenAI semantic conventions), and, for tools that do not come through the tool runtime's
// ActSession (which reports its own calls), a `tool.called` event per call.
import type { ToolSet } from 'ai';
import { wrapToolExecutes } from '../models/index.ts';
import type { AgentContext } from './agent-context.ts';
import { traced } from './tracing.ts';

/** The tools unchanged when there is nothing to observe (tracing off, calls reported elsewhere). */
export function observedTools(ctx: AgentContext, task: string, tools: ToolSet, emit: boolean): ToolSet {
  if (!ctx.tracing && !emit) return tools;
  const agent = ctx.config.name;
  return wrapToolExecutes(tools, (name, call) =>
    traced(ctx, `execute_tool ${name}`, () => ({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': name, 'agentos.agent': agent, 'agentos.task.id': task }), async (span) => {
      const start = performance.now();
      const report = (ok: boolean, error?: string) => {
        if (!ok) span.fail(error ?? 'tool call failed');
        if (emit) ctx.events.emitEvent({ type: 'tool.called', agent, task, tool: name, ok, ms: Math.round(performance.now() - start), ...(error && { error }) });
      };
      try {
        const value = await call();
        const code = errorCode(value);
        report(code === undefined, code);
        return value;
      } catch (e) {
        report(false, String((e as { code?: unknown })?.code ?? 'THROWN'));
        throw e;
      }
    }),
  );
}

/** A tool's `{ error, code }` result (the tool runtime's refusal shape), as its code. */
function errorCode(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || !('error' in value)) return undefined;
  return String((value as { code?: unknown }).code ?? 'ERROR');
}
