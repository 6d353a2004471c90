// The policy file format (version 1): what differs between two eval runs of the same suite.
// Applied to the scratch copy only, never to the live agents.
//
//   version: 1
//   name: strong                      # names the run (letters, digits, ".", "_", "-")
//   description: every tier on the strong model
//   model: gpt-4o                     # the default model of the run (LLM_MODEL for this run)
//   models:                           # merged over agents.yaml's top-level models: (a tier given here replaces that tier)
//     tiers: { cheap-fast: { model: gpt-4o-mini, price: { input: 0.15, output: 0.6 } } }
//     cascade: false
//   agents:                           # merged over each agent's entry of agents.yaml; "*" for every agent
//     "*": { learning: none }
//     orion: { max_steps: 4 }
//   route_table:                      # replaces the route table in each agent's constraints.md
//     { routine: cheap-fast, moderate: balanced, novel: strongest, consensus: strongest multi-agent }
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { parseAgentsYaml } from '../config/index.ts';
import { checkVersion, readInput } from './suite.ts';
import { parseLocated } from './located-yaml.ts';
import { EvalError } from './errors.ts';

export const POLICY_VERSION = 1;
const DEMANDS = ['routine', 'moderate', 'novel', 'consensus'] as const;

export const PolicySchema = z.strictObject({
  version: z.literal(POLICY_VERSION, { error: `version: 1 (this AgentOS reads policy version ${POLICY_VERSION})` }),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, '1-64 letters, digits, ".", "_" or "-"'),
  description: z.string().max(2000).optional(),
  model: z.string().trim().min(1).max(200).optional(),
  models: z.record(z.string(), z.unknown()).optional(),
  agents: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  route_table: z.partialRecord(z.enum(DEMANDS), z.string().trim().min(1).max(80)).optional(),
});
export type PolicyInput = z.infer<typeof PolicySchema>;

export interface Policy extends PolicyInput {
  file: string;
}

export async function loadPolicy(file: string): Promise<Policy> {
  const source = await readInput(file, 'policy');
  checkVersion(source, file, 'policy', POLICY_VERSION);
  return { ...parseLocated(source, file, PolicySchema, 'policy'), file };
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** b over a: objects merge key by key, anything else replaces; `whole(path)` marks keys replaced as a unit. */
export function deepMerge(a: unknown, b: unknown, whole: (path: string[]) => boolean = () => false, path: string[] = []): unknown {
  if (!isPlain(a) || !isPlain(b) || whole(path)) return b;
  const out: Plain = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in a ? deepMerge(a[k], v, whole, [...path, k]) : v;
  return out;
}

const tierWhole = (path: string[]) => path.length === 2 && path[0] === 'tiers';

/**
 * agents.yaml for a scratch copy: only `agents` (in the order given), the policy merged in.
 * Checked by the real agents.yaml reader, so a policy that breaks it is refused before any run.
 */
export function applyPolicy(agentsYaml: string, agents: string[], policy?: Policy): string {
  const data = parse(agentsYaml) as Plain;
  const all = (Array.isArray(data.agents) ? data.agents : []) as Plain[];
  const known = all.map((a) => String(a.name));
  for (const name of agents) if (!known.includes(name)) throw new EvalError('EVAL_INPUT', `no agent named "${name}" in agents.yaml (agents: ${known.join(', ') || 'none'})`);
  for (const name of Object.keys(policy?.agents ?? {})) {
    if (name !== '*' && !known.includes(name)) throw new EvalError('EVAL_INPUT', `${policy!.file}: agents.${name}: no agent named "${name}" in agents.yaml`);
  }
  const chosen = agents.map((name) => {
    let a: unknown = all.find((x) => x.name === name);
    // An agent's own models: (tiers included) still win over the global section, as in agents.yaml.
    if (policy?.agents?.['*']) a = deepMerge(a, policy.agents['*'], (p) => p.length === 3 && p[0] === 'models' && p[1] === 'tiers');
    if (policy?.agents?.[name]) a = deepMerge(a, policy.agents[name], (p) => p.length === 3 && p[0] === 'models' && p[1] === 'tiers');
    return { ...(a as Plain), name };
  });
  const out: Plain = { ...data, agents: chosen };
  if (policy?.models) out.models = deepMerge(data.models ?? {}, policy.models, tierWhole);
  const text = stringify(out, { lineWidth: 0 });
  const where = policy ? `${policy.file} applied to agents.yaml` : 'agents.yaml';
  parseAgentsYaml(text, where); // throws a ConfigError that names the key
  return text;
}

/** constraints.md with its route table replaced by the policy's rows (the other demands keep theirs). */
export function replaceRouteTable(constraints: string, table: NonNullable<PolicyInput['route_table']>): string {
  const lines = constraints.split('\n');
  const header = lines.findIndex((l) => /^\s*\|/.test(l) && /reasoning_demand/i.test(l) && /\broute\b/i.test(l));
  const current = new Map<string, string>();
  let end = header;
  if (header >= 0) {
    for (end = header + 1; end < lines.length && /^\s*\|/.test(lines[end]); end++) {
      const cells = lines[end].trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
      if (DEMANDS.includes(cells[0] as never)) current.set(cells[0], cells[1]);
    }
  }
  const rows = DEMANDS.map((d) => `| ${d} | ${table[d] ?? current.get(d) ?? ''} |`).filter((r) => !r.endsWith('|  |'));
  const block = ['| reasoning_demand | route |', '|------------------|-------|', ...rows];
  if (header < 0) return `${constraints.trimEnd()}\n\n## Model routing\n\n${block.join('\n')}\n`;
  return [...lines.slice(0, header), ...block, ...lines.slice(end)].join('\n');
}

