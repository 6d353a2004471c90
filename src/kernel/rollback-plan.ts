// Pure rules of rollback (README "Rollback"): what a revert or rewind may change (the agent's
// mind and workspace, never its intake, spend or messages), how later tasks that touched the same
// files are reported, and the commit messages. I/O lives in rollback.ts.
import { AgentOsError } from '../errors.ts';
import { doneIdOf } from './task-history.ts';

export class RollbackError extends AgentOsError<'NOT_FOUND' | 'ROLLBACK_CONFLICT' | 'ALREADY_REVERTED' | 'ROLLBACK_BLOCKED'> {}

/**
 * Paths a rollback never changes, with why: queue.md and queue.rejected.md (intake: tasks queued
 * now stay queued), ledger/ (the money was spent; the daily budget reads it), iac/ (messages,
 * handoffs and dead letters between agents happened).
 */
export const KEPT: readonly { prefix: string; why: string }[] = [
  { prefix: 'queue.md', why: 'intake: what is queued stays queued' },
  { prefix: 'queue.rejected.md', why: 'intake: rejected blocks stay on record' },
  { prefix: 'ledger/', why: 'spend: the calls were made and paid for' },
  { prefix: 'iac/', why: 'messages, handoffs and dead letters between agents happened' },
];

export function inScope(p: string): boolean {
  return !KEPT.some((k) => (k.prefix.endsWith('/') ? p.startsWith(k.prefix) : p === k.prefix));
}

/** A world record's topic (its name) from its path, for re-opening shared segments; undefined for other files. */
export function beliefTopic(p: string): string | undefined {
  const m = /^world\/(entities|relations|hypotheses)\/([^/]+)\.md$/.exec(p);
  return m?.[2];
}

/** What a commit subject names, for reports: a task id, or the subject itself. */
export function commitLabel(subject: string): string {
  return doneIdOf(subject) ?? subject;
}

export type FileAction = 'restored' | 'merged' | 'forced' | 'unchanged';

export interface FilePlan {
  path: string;
  action: FileAction;
  /** Later commits (task ids, or subjects) that touched the file after the reverted task. */
  later: string[];
}

/** Files later tasks touched, grouped the way a person reads them: "rewards.md (t-5, t-6)". */
export function laterReport(files: readonly FilePlan[]): string[] {
  return files.filter((f) => f.later.length).map((f) => `${f.path} (${f.later.join(', ')})`);
}

export function conflictMessage(agent: string, task: string, conflicts: readonly FilePlan[]): string {
  return `cannot revert ${task} cleanly: later commits changed the same lines of ${conflicts.length} file(s): ${laterReport(conflicts).join('; ')}. ` +
    `Nothing was changed. Revert the later tasks first (newest first), or run \`agentos revert ${agent} ${task} --force\` to put these files back as they were before ${task} ` +
    '(the later changes to them are then undone too; the commit names them).';
}

const KEPT_LINE = 'not rolled back: queue.md and queue.rejected.md (intake), ledger/ (spend), iac/ (messages); git history keeps every earlier state';

export function revertMessage(agent: string, task: string, sha: string, files: readonly FilePlan[], reopened: readonly string[]): string {
  const changed = files.filter((f) => f.action !== 'unchanged');
  const count = (a: FileAction) => files.filter((f) => f.action === a).length;
  return [
    `${agent}(revert): ${task}`,
    '',
    `reverts ${sha.slice(0, 12)} (${agent}(task): ${task}): ${changed.length} file(s) changed; ${count('restored')} restored, ${count('merged')} merged with later changes, ${count('forced')} forced`,
    ...files.map((f) => `- ${f.path}: ${f.action}${f.later.length ? ` (later: ${f.later.join(', ')})` : ''}`),
    ...(reopened.length ? [`shared segments re-opened: ${reopened.join(', ')}`] : []),
    KEPT_LINE,
    '',
  ].join('\n');
}

export function rewindMessage(agent: string, target: string, sha: string, subject: string, paths: readonly string[], undone: readonly string[], reopened: readonly string[]): string {
  return [
    `${agent}(rewind): ${target}`,
    '',
    `returns the mind and workspace to ${sha.slice(0, 12)} (${subject}): ${paths.length} file(s) changed`,
    ...(undone.length ? [`effects undone of: ${undone.join(', ')} (their commits stay in history; their ids stay used)`] : []),
    ...paths.slice(0, 200).map((p) => `- ${p}`),
    ...(paths.length > 200 ? [`- … and ${paths.length - 200} more`] : []),
    ...(reopened.length ? [`shared segments re-opened: ${reopened.join(', ')}`] : []),
    `${KEPT_LINE}; queue.md is not rewound: tasks queued now stay queued`,
    '',
  ].join('\n');
}
