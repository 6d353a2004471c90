// A task's commit message, written and read back: the subject `<agent>(task): <id>`, one line per
// fact (outcome, verify, route, cost, context, what was learned), the answer, and the tool calls.
// readTaskMessage recovers the answer for clients that come back for it later (the API's task
// route, the MCP server), so each fact is kept to one line and the answer sits between them.
import type { ContextStats } from '../context/index.ts';
import type { LearnSummary } from '../learn/index.ts';
import type { QueueTask } from '../store/index.ts';
import { redactText } from '../telemetry/index.ts';

/** The answer's first characters kept in the commit; the rest is cut with TRUNCATED_MARK. */
export const MAX_RESPONSE_IN_COMMIT = 16 * 1024;
const TRUNCATED_MARK = '[… truncated]';
const CALLS = /^tool calls \((\d+)\):$/;

export function taskCommitMessage(
  agent: string, task: QueueTask, s: LearnSummary, response: string, model: string,
  verified: boolean | undefined, c: ContextStats, routing: string[], tools: string[],
): string {
  const sign = (n: number) => (n > 0 ? `+${n}` : String(n));
  const facts = [
    `outcome: ${s.outcome}; reward ${sign(s.reward)}, audit ${sign(s.auditScore)}; model ${model}`,
    typeof task.extra?.origin === 'string' ? `origin: ${task.extra.origin}` : undefined,
    verified === undefined ? undefined : `verify: ${verified ? 'passed' : 'failed'}`,
    s.reward !== s.auditScore ? `audit: ${s.auditReason}` : undefined,
    ...routing,
    `context: ${c.total} tokens; retrieved ${c.used} of ${c.budget}; ${c.included} included, ${c.excluded} excluded`,
    s.skillEarned && `skill earned: ${s.skillEarned}`,
    s.skillStrengthened && `skill strengthened: ${s.skillStrengthened}`,
    s.skillsPruned.length ? `skills pruned: ${s.skillsPruned.join(', ')}` : undefined,
    s.goalAdded && `goal added: ${s.goalAdded}`,
    s.goalsDropped.length ? `goals dropped: ${s.goalsDropped.join(', ')}` : undefined,
    ...s.world.map((e) => `world: ${e.type} ${e.name} ${e.detail}`),
  ]
    .filter((f): f is string => Boolean(f))
    // One line each: the facts end at the first blank line, where the answer begins.
    .map((f) => f.replace(/\s*\n\s*/g, ' ').trim());
  const body = response.length > MAX_RESPONSE_IN_COMMIT ? `${response.slice(0, MAX_RESPONSE_IN_COMMIT)}\n${TRUNCATED_MARK}` : response;
  const calls = tools.length ? `\n\ntool calls (${tools.length}):\n${tools.map((t) => t.replace(/\n/g, ' ')).join('\n')}` : '';
  return redactText(`${agent}(task): ${task.id}\n\n${facts.join('\n')}\n\n${body.trim()}${calls}\n`);
}

export interface TaskMessage {
  facts: string[];
  /** The answer as the commit keeps it (git collapses runs of blank lines and trailing spaces). */
  answer: string;
  /** The answer was longer than MAX_RESPONSE_IN_COMMIT: `answer` holds its beginning. */
  truncated: boolean;
  toolCalls: string[];
}

/** The parts of a task commit's message (as git returns it: `%B`). */
export function readTaskMessage(message: string): TaskMessage {
  const lines = message.replace(/\n+$/, '').split('\n');
  // lines[0] is the subject, lines[1] the blank line after it.
  let i = 2;
  const facts: string[] = [];
  while (i < lines.length && lines[i] !== '') facts.push(lines[i++]);
  let rest = lines.slice(i + 1);
  let toolCalls: string[] = [];
  // The tool calls close the message: "tool calls (N):" and exactly N lines "- …", after a blank line.
  for (let j = rest.length - 1; j >= 0; j--) {
    const m = CALLS.exec(rest[j]);
    if (!m || (j > 0 && rest[j - 1] !== '')) continue;
    const after = rest.slice(j + 1);
    if (after.length === Number(m[1]) && after.every((l) => l.startsWith('- '))) {
      toolCalls = after;
      rest = rest.slice(0, Math.max(0, j - 1));
    }
    break;
  }
  let answer = rest.join('\n').trim();
  const truncated = answer.endsWith(`\n${TRUNCATED_MARK}`);
  if (truncated) answer = answer.slice(0, -TRUNCATED_MARK.length - 1);
  return { facts, answer, truncated, toolCalls };
}
