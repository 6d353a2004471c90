// Blocks of queue.md that cannot run (malformed, over a limit, an id already used) leave it for
// queue.rejected.md with their reason and line, in one commit `<agent>(intake): rejected …`.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { splitBlocks, type QueueTask, type RejectedBlock } from '../store/index.ts';
import type { AgentContext } from './agent-context.ts';
import { commitChangeSet } from './commit.ts';
import { clipText } from './events.ts';

/** Moves the blocks out, commits, announces each; returns how many were rejected. */
export async function rejectBlocks(ctx: AgentContext, ready: RejectedBlock[]): Promise<number> {
  if (ready.length === 0) return 0;
  const agent = ctx.config.name;
  await ctx.queue.quarantine(ready);
  const ids = ready.map((b) => b.id ?? `line ${b.line}`).join(', ');
  // queue.md as it now stands goes into every commit; the rejected file is this commit's change.
  const rejected = await readFile(ctx.paths.rejected, 'utf8');
  const message = `${agent}(intake): rejected ${ids}\n\n${ready.map((b) => `- line ${b.line}: ${b.reason}`).join('\n')}\n`;
  await commitChangeSet(ctx, { message, changes: [{ op: 'write', path: path.relative(ctx.paths.root, ctx.paths.rejected), content: rejected }], dequeue: [] });
  for (const b of ready) {
    ctx.events.emitEvent({ type: 'task.rejected', agent, task: b.id, reason: clipText(b.reason, 300) });
    ctx.log.warn({ agent, line: b.line }, `queue.md:${b.line}: rejected: ${b.reason} (moved to queue.rejected.md)`);
  }
  return ready.length;
}

/** A queued block whose id the agent already completed or dead-lettered, as a rejected block. */
export function doneDuplicate(text: string, task: QueueTask): RejectedBlock {
  const span = splitBlocks(text).find((b) => b.line === task.line);
  return {
    id: task.id,
    line: task.line,
    reason: `task id "${task.id}" was already completed (see git log); give the new task a new id`,
    raw: span ? text.slice(span.start, span.end) : `## ${task.id}\n`,
  };
}
