// One point per task from an agent's history (the dashboard's learning curves): the self-score,
// the audit and the lower of both, whether a skill was earned, and dead letters as -1. Pure:
// the same commit lines progress.ts reads.
import { OUTCOME, type HistoryCommit } from './progress.ts';

export interface TimelinePoint {
  task: string;
  date: string;
  reward: number;
  audit: number;
  effective: number;
  skillEarned: boolean;
  deadLettered: boolean;
}

/** `commits` oldest first; other commits (intake, labels, init) are skipped. */
export function taskTimeline(commits: HistoryCommit[]): TimelinePoint[] {
  const out: TimelinePoint[] = [];
  for (const c of commits) {
    const dead = /^[^(]+\(dead-letter\): (\S+)$/.exec(c.subject);
    if (dead) {
      out.push({ task: dead[1], date: c.date, reward: -1, audit: -1, effective: -1, skillEarned: false, deadLettered: true });
      continue;
    }
    const task = /^[^(]+\(task\): (\S+)$/.exec(c.subject);
    const o = task ? OUTCOME.exec(c.body) : null;
    if (!task || !o) continue;
    const reward = Number(o[1]);
    const audit = Number(o[2]);
    out.push({ task: task[1], date: c.date, reward, audit, effective: Math.min(reward, audit), skillEarned: /^skill earned: /m.test(c.body), deadLettered: false });
  }
  return out;
}
