// Pure rules of the watchdog (README "Supervision"): which outcomes extend a streak, when a streak
// pauses the agent, and the words a person reads in the escalation request.
import { DEFAULT_SUPERVISION, type SupervisionPolicy } from '../config/index.ts';

/** A task's end as the watchdog sees it. */
export type Outcome =
  /** Committed: `reward` is the audited one (the lower of the self-score and the audit). */
  | { kind: 'task'; task: string; reward: number }
  | { kind: 'dead-letter'; task: string; why: string; reason: string };

export interface Streaks {
  /** Task ids of the current run of −1 rewards, oldest first. */
  negative: string[];
  /** Task ids (with why) of the current run of dead letters, oldest first. */
  deadLetter: { task: string; why: string; reason: string }[];
}

export type StreakKind = 'negative_reward' | 'dead_letter';

export interface Trip {
  streak: StreakKind;
  count: number;
  tasks: string[];
  /** One paragraph: what happened, what it means, how to resume. */
  reason: string;
}

/** Dead letters that say nothing about the agent: a message that expired in its queue, an `after:` nobody holds. */
const NOT_THE_AGENTS = new Set(['expired', 'after-unresolvable']);

/** Streaks are bounded: only the newest this many ids are kept (a streak longer than the limit has long tripped). */
const KEEP = 1000;

export const EMPTY_STREAKS: Streaks = { negative: [], deadLetter: [] };

export function nextStreaks(s: Streaks, o: Outcome): Streaks {
  if (o.kind === 'task') {
    // Any committed task ends a run of dead letters; only a −1 extends the reward streak.
    return { negative: o.reward < 0 ? [...s.negative, o.task].slice(-KEEP) : [], deadLetter: [] };
  }
  if (NOT_THE_AGENTS.has(o.why)) return s;
  return { negative: s.negative, deadLetter: [...s.deadLetter, { task: o.task, why: o.why, reason: o.reason.slice(0, 300) }].slice(-KEEP) };
}

/** The streak that pauses the agent now, if one reached its limit (0 turns a limit off). */
export function tripped(s: Streaks, p: SupervisionPolicy = DEFAULT_SUPERVISION, agent = 'the agent'): Trip | undefined {
  const how = `resume it with \`agentos resume ${agent}\`, POST /agents/${agent}/resume, or by approving this request`;
  if (p.negativeStreak > 0 && s.negative.length >= p.negativeStreak) {
    const tasks = s.negative.slice(-p.negativeStreak);
    return {
      streak: 'negative_reward', count: tasks.length, tasks,
      reason: `${agent} was paused by its watchdog: its last ${tasks.length} tasks (${tasks.join(', ')}) each ended with an audited reward of −1 ` +
        `(supervision.negative_streak: ${p.negativeStreak}). Its queue waits. Look at what went wrong (agentos log ${agent}; revert a task's effects with ` +
        `agentos revert ${agent} TASK), then ${how}.`,
    };
  }
  if (p.deadLetterStreak > 0 && s.deadLetter.length >= p.deadLetterStreak) {
    const last = s.deadLetter.slice(-p.deadLetterStreak);
    const kinds = [...new Set(last.map((d) => d.why))].join(', ');
    return {
      streak: 'dead_letter', count: last.length, tasks: last.map((d) => d.task),
      reason: `${agent} was paused by its watchdog: its last ${last.length} tasks (${last.map((d) => d.task).join(', ')}) were dead-lettered (${kinds}; ` +
        `supervision.dead_letter_streak: ${p.deadLetterStreak}); the last reason: ${last[last.length - 1].reason}. Its queue waits. Fix the cause ` +
        `(iac/dead_letters/ in its repository says why each failed), then ${how}.`,
    };
  }
  return undefined;
}
