// context.md: what the model saw for the last task and why (seed 000's example), with token
// counts. Rebuilt for every task, git-ignored: a record for people, not a source of truth.
import type { QueueTask } from '../store/index.ts';
import type { ContextStats } from './assemble.ts';
import type { TokenCounter } from './tokenizer.ts';

export interface ContextItem {
  source: string;
  tokens: number;
  reason: string;
}

export interface RecordInput {
  task: QueueTask;
  counter: TokenCounter;
  model?: string;
  stats: ContextStats;
  included: ContextItem[];
  excluded: ContextItem[];
}

const MAX_EXCLUDED_LINES = 60;

export function renderRecord(r: RecordInput): string {
  const s = r.stats;
  const line = (i: ContextItem) => `- ${i.source} — ${i.tokens} tokens — ${i.reason}`;
  const first = r.task.task.trim().split('\n')[0];
  const excluded = r.excluded.slice(0, MAX_EXCLUDED_LINES).map(line);
  if (r.excluded.length > MAX_EXCLUDED_LINES) excluded.push(`- … and ${r.excluded.length - MAX_EXCLUDED_LINES} more`);
  return [
    `Task: ${r.task.id} — ${first.length > 100 ? `${first.slice(0, 99)}…` : first}`,
    '',
    `Model: ${r.model ?? 'unknown'}; tokens counted with ${r.counter.describe}.`,
    `Window ${s.window} tokens: reserved ${s.reserved.output} for the answer, ${s.reserved.system} for the system prompt`,
    `(persona ${s.reserved.persona}, constraints ${s.reserved.constraints}), ${s.reserved.task} for the task, recent outcomes and instructions;`,
    `${s.budget} left for retrieved items, ${s.used} used. The prompt holds ${s.total} tokens in all.`,
    '',
    'Included:',
    ...r.included.map(line),
    '',
    'Excluded:',
    ...(excluded.length ? excluded : ['- nothing']),
    '',
  ].join('\n');
}
