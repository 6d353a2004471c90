// What the `agentos eval` commands and `agentos report --html` do, behind four functions: the CLI
// parses arguments and prints; these load the inputs, run, store, compare and render.
import { readFile } from 'node:fs/promises';
import { compareRuns, formatComparison, type Comparison } from './compare.ts';
import { renderComparePage, renderLearningPage, renderReportPage } from './html/pages.ts';
import { learningCurves, type LearningResult } from './learning.ts';
import { agentMeasures } from './measures.ts';
import { loadPolicy } from './policy.ts';
import { runSuite, type EvalEnv } from './run.ts';
import { loadRun, storeRun } from './store.ts';
import { loadSuite, readInput } from './suite.ts';

export interface StoredRun {
  run: string;
  dir: string;
  commit: string | null;
  tasks: number;
  successes: number;
}

/** One run per policy (or one without), each stored in shared/evals/<run-id>/; two runs are compared. */
export async function runEvals(env: EvalEnv, o: { suiteFile: string; policyFiles: string[]; agents?: string[]; repeat: number; onLine?: (line: string) => void }): Promise<{ runs: StoredRun[]; comparison?: Comparison }> {
  const say = o.onLine ?? (() => {});
  const suite = await loadSuite(o.suiteFile);
  const suiteText = await readInput(o.suiteFile, 'suite');
  // Every input is read before the first run, so a bad policy file does not waste a run.
  const policies = await Promise.all(o.policyFiles.map(async (f) => ({ policy: await loadPolicy(f), text: await readFile(f, 'utf8') })));
  const runs: StoredRun[] = [];
  const results = [];
  for (const p of policies.length ? policies : [undefined]) {
    say(`running suite ${suite.name} (${suite.tasks.length} tasks × ${o.repeat})${p ? ` with policy ${p.policy.name}` : ''} in scratch copies of the agents…`);
    const r = await runSuite(env, { suite, suiteText, repeat: o.repeat, ...(o.agents?.length && { agents: o.agents }), ...(p && { policy: p.policy, policyText: p.text }) });
    const stored = await storeRun(env.dataDir, r);
    const successes = r.tasks.filter((t) => t.success).length;
    say(`  run ${r.run}: ${successes}/${r.tasks.length} succeeded; stored in ${stored.dir}${stored.commit ? ` (commit ${stored.commit.slice(0, 8)})` : ''}`);
    runs.push({ run: r.run, dir: stored.dir, commit: stored.commit ?? null, tasks: r.tasks.length, successes });
    results.push(r);
  }
  if (results.length !== 2) return { runs };
  const comparison = compareRuns(results[0], results[1]);
  say('');
  for (const line of formatComparison(comparison).split('\n')) say(line);
  return { runs, comparison };
}

export async function compareEvals(dataDir: string, a: string, b: string): Promise<{ comparison: Comparison; text: string; html: () => string }> {
  const comparison = compareRuns(await loadRun(dataDir, a), await loadRun(dataDir, b));
  return { comparison, text: formatComparison(comparison), html: () => renderComparePage(comparison) };
}

export async function evalLearning(env: EvalEnv, suiteFile: string, opts: { agent?: string; windows: number }): Promise<{ result: LearningResult; lines: string[]; html: () => string }> {
  const suite = await loadSuite(suiteFile);
  const l = await learningCurves(env, suite, await readInput(suiteFile, 'suite'), opts);
  return { ...l, html: () => renderLearningPage(l.result) };
}

/** `agentos report AGENT --html FILE`: the agent's measures and charts as one page. */
export async function agentReportPage(dataDir: string, agent: string, windows: number): Promise<string> {
  return renderReportPage(await agentMeasures(dataDir, agent, windows));
}
