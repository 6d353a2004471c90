// agents.yaml → typed AgentConfig[], with errors that name file, line and column.
import { readFile } from 'node:fs/promises';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { AgentsFileSchema, KNOWN_AGENT_KEYS, KNOWN_TOP_KEYS, type AgentsFileInput } from './agents-schema.ts';
import { ConfigError, formatLocation, type ConfigLocation } from './errors.ts';
import { resolveIacPolicy } from './iac-schema.ts';
import { resolveCircuit, resolveModelsPolicy, type CircuitSettings } from './models-schema.ts';
import { DEFAULT_BUDGETS, DEFAULT_CONTEXT_POLICY, DEFAULT_WORLD_POLICY, type AgentConfig } from './types.ts';

export interface LoadedAgents {
  agents: AgentConfig[];
  warnings: string[];
  /** Provider circuit breaker settings (global `models.circuit`). */
  circuit: CircuitSettings;
}

export async function loadAgentsFile(file: string): Promise<LoadedAgents> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const hint = code === 'ENOENT' ? ' (create it, or run `agentos init DIR` for a starting point)' : '';
    throw new ConfigError(`cannot read ${file}: ${code ?? String(err)}${hint}`, { file });
  }
  return parseAgentsYaml(source, file);
}

export function parseAgentsYaml(source: string, file = 'agents.yaml'): LoadedAgents {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): ConfigLocation => {
    if (offset === undefined) return { file };
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const loc = at(e.pos[0]);
    throw new ConfigError(`${formatLocation(loc)}: invalid YAML: ${firstLine(e.message)}`, loc);
  }
  const raw = doc.toJS() as unknown;
  const parsed = AgentsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => describeIssue(issue, doc, at));
    const loc = locate(doc, parsed.error.issues[0].path, at);
    throw new ConfigError(`${file}: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`, loc, problems);
  }
  const warnings = unknownKeyWarnings(doc, at);
  const names = new Set<string>();
  parsed.data.agents.forEach((agent, i) => {
    if (names.has(agent.name)) {
      const loc = locate(doc, ['agents', i, 'name'], at);
      throw new ConfigError(`${formatLocation(loc)}: duplicate agent name "${agent.name}"`, loc);
    }
    names.add(agent.name);
  });
  return { agents: parsed.data.agents.map((a) => toAgentConfig(a, parsed.data)), warnings, circuit: resolveCircuit(parsed.data.models) };
}

function toAgentConfig(a: AgentsFileInput['agents'][number], top: AgentsFileInput): AgentConfig {
  const skillsBudget = top.skills?.max_entries;
  const riskLevel = a.risk_level ?? 'medium';
  const learning = a.learning ?? 'active';
  return {
    name: a.name,
    persona: a.persona,
    domain: a.domain,
    tone: a.tone,
    hints: a.hints,
    goals: a.goals,
    budgets: {
      ...DEFAULT_BUDGETS,
      ...(skillsBudget ? { skills: skillsBudget } : {}),
      ...top.budgets,
      ...a.budgets,
    },
    skillHalfLifeDays: a.skill_half_life_days ?? top.skills?.decay_halflife_days ?? 14,
    learning,
    riskLevel,
    autonomyLevel: a.autonomy_level ?? 'semi-autonomous',
    maxSteps: a.max_steps ?? 8,
    world: {
      promoteEvidence: a.world?.promote_evidence ?? top.world?.promote_evidence ?? DEFAULT_WORLD_POLICY.promoteEvidence,
      promoteConfidence: a.world?.promote_confidence ?? top.world?.promote_confidence ?? DEFAULT_WORLD_POLICY.promoteConfidence,
      retractBelow: a.world?.retract_below ?? top.world?.retract_below ?? DEFAULT_WORLD_POLICY.retractBelow,
    },
    rewardAudit: a.reward_audit?.method ?? top.reward_audit?.method ?? 'rule_based',
    context: {
      windowTokens: a.context?.window_tokens ?? top.context?.window_tokens ?? DEFAULT_CONTEXT_POLICY.windowTokens,
      strategy: a.context?.strategy ?? top.context?.strategy ?? DEFAULT_CONTEXT_POLICY.strategy,
    },
    models: resolveModelsPolicy(top.models, a.models, { riskLevel, learning }),
    toolPolicy: {
      tools_allowed: a.tools_allowed, tools_forbidden: a.tools_forbidden, files: a.files, network: a.network, limits: a.limits,
      human_review_points: a.human_review_points, auto_approve: a.auto_approve, approval_ttl: a.approval_ttl, mcp_servers: a.mcp_servers,
    },
    throughputClass: a.throughput_class ?? 'medium',
    iac: resolveIacPolicy(top.iac),
    ...(a.judges?.length && { judges: a.judges }),
  };
}

function describeIssue(
  issue: z.core.$ZodIssue,
  doc: Document,
  at: (o: number | undefined) => ConfigLocation,
): string {
  const loc = locate(doc, issue.path, at);
  const path = issue.path.map(String).join('.') || '(top level)';
  return `${formatLocation(loc)}: ${path}: ${issue.message}`;
}

/** Walk down the YAML tree as far as the path goes; report the deepest node found. */
function locate(doc: Document, path: PropertyKey[], at: (o: number | undefined) => ConfigLocation): ConfigLocation {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0];
  for (const key of path) {
    // A single mapping where a list was allowed (a tier with one model) is item 0.
    if (key === 0 && isMap(node)) continue;
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === key);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      offset = (node as Node | undefined)?.range?.[0] ?? offset;
    } else break;
  }
  return at(offset);
}

function unknownKeyWarnings(doc: Document, at: (o: number | undefined) => ConfigLocation): string[] {
  const warnings: string[] = [];
  const warn = (map: unknown, known: Set<string>, where: string) => {
    if (!isMap(map)) return;
    for (const pair of map.items) {
      const key = String((pair.key as { value?: unknown })?.value);
      if (!known.has(key)) {
        const loc = at((pair.key as Node).range?.[0]);
        warnings.push(`${formatLocation(loc)}: unknown key "${key}" ${where} (ignored)`);
      }
    }
  };
  warn(doc.contents, KNOWN_TOP_KEYS, 'at the top level');
  const agents = isMap(doc.contents) ? doc.contents.get('agents') : undefined;
  if (isSeq(agents)) agents.items.forEach((item, i) => warn(item, KNOWN_AGENT_KEYS, `in agents[${i}]`));
  return warnings;
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
