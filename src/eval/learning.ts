// `agentos eval learning`: a curriculum (a suite run in order) through a fresh agent and through
// its no-memory twin (the same agents.yaml entry with learning: none), both on the same model,
// then every seed 000 measure of each, computed from the files the two agents committed.
import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { agentsYamlPath } from '../store/index.ts';
import { EvalError } from './errors.ts';
import { agentMeasures, seedMeasures, type AgentMeasures } from './measures.ts';
import { runSuite, type EvalEnv } from './run.ts';
import type { Suite } from './suite.ts';

export interface LearningResult {
  suite: string;
  agent: string;
  tasks: number;
  windows: number;
  model: string;
  conditions: { learning: AgentMeasures & { success: number }; no_memory: AgentMeasures & { success: number } };
}

export async function learningCurves(env: EvalEnv, suite: Suite, suiteText: string, opts: { agent?: string; windows: number }): Promise<{ result: LearningResult; lines: string[] }> {
  const yaml = await readFile(agentsYamlPath(env.dataDir), 'utf8');
  const data = parse(yaml) as { agents?: { name: string; learning?: string }[] };
  const agent = opts.agent ?? suite.agent ?? suite.tasks[0].agent ?? data.agents?.[0]?.name;
  if (!agent || !data.agents?.some((a) => a.name === agent)) throw new EvalError('EVAL_INPUT', `no agent "${agent ?? ''}" in agents.yaml to run the curriculum through (use --agent NAME)`);
  const one = { ...suite, tasks: suite.tasks.map((t) => ({ ...t, agent })) };
  const twin = stringify({ ...data, agents: data.agents.map((a) => (a.name === agent ? { ...a, learning: 'none' } : a)) }, { lineWidth: 0 });
  const measure = async (agentsYaml: string | undefined) => {
    let m: AgentMeasures | undefined;
    const r = await runSuite({ ...env, inspect: async (dir) => void (m = await agentMeasures(dir, agent, opts.windows)) }, { suite: one, suiteText, repeat: 1, fresh: true, ...(agentsYaml && { agentsYaml }) });
    return { ...m!, success: r.tasks.filter((t) => t.success).length / r.tasks.length };
  };
  const learning = await measure(undefined);
  const noMemory = await measure(twin);
  const result: LearningResult = { suite: suite.name, agent, tasks: one.tasks.length, windows: opts.windows, model: env.model.model, conditions: { learning, no_memory: noMemory } };
  const curve = (m: AgentMeasures) => m.progress.success_over_time.map((w) => w.success.toFixed(2)).join(' ');
  const lines = [
    `success per window  learning:  ${curve(learning)}  (mean ${learning.success.toFixed(2)})`,
    `                    no memory: ${curve(noMemory)}  (mean ${noMemory.success.toFixed(2)})`,
    '',
    `| group | measure | learning | no memory |`, '|---|---|---|---|',
    ...seedMeasures(learning).map((row, i) => `| ${row.group} | ${row.measure} | ${row.value} | ${seedMeasures(noMemory)[i].value} |`),
  ];
  return { result, lines };
}
