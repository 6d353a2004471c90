// agents.yaml → typed AgentConfig[], with errors that name file, line and column.
import { readFile, stat } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { AgentsFileSchema, KNOWN_AGENT_KEYS, KNOWN_TOP_KEYS, type AgentsFileInput } from './agents-schema.ts';
import { ConfigError, formatLocation, type ConfigLocation } from './errors.ts';
import { consensusWarnings, resolveIacPolicy } from './iac-schema.ts';
import { resolveLimits } from './limits-schema.ts';
import { resolveCircuit, resolveModelsPolicy, type CircuitSettings } from './models-schema.ts';
import { resolvePrivacy } from './privacy-schema.ts';
import { resolveSpeculation, resolveSupervision } from './safety-schema.ts';
import { yamlOffsetOf } from './yaml-offset.ts';
import type { PiiRules } from '../telemetry/index.ts';
import { DEFAULT_BUDGETS, DEFAULT_CONTEXT_POLICY, DEFAULT_REPLAY_SETTINGS, DEFAULT_WORLD_POLICY, type AgentConfig } from './types.ts';

export interface LoadedAgents {
  agents: AgentConfig[];
  warnings: string[];
  /** Provider circuit breaker settings (global `models.circuit`). */
  circuit: CircuitSettings;
  /** PII redaction rules (global `privacy:`), for telemetry's setPiiRules. */
  privacy: PiiRules;
}

/** agents.yaml larger than this is refused before parsing ($AGENTOS_AGENTS_YAML_MAX_KB, default 1024). */
export function agentsYamlMaxBytes(env: Record<string, string | undefined> = process.env): number {
  const raw = env.AGENTOS_AGENTS_YAML_MAX_KB;
  const kb = raw === undefined || raw === '' ? 1024 : Number(raw);
  if (!Number.isFinite(kb) || kb <= 0) throw new ConfigError(`environment AGENTOS_AGENTS_YAML_MAX_KB=${JSON.stringify(raw)}: expected a size in KiB above 0`, { file: '$AGENTOS_AGENTS_YAML_MAX_KB' });
  return Math.round(kb * 1024);
}

export async function loadAgentsFile(file: string): Promise<LoadedAgents> {
  let source: string;
  try {
    const max = agentsYamlMaxBytes();
    const { size } = await stat(file);
    if (size > max) throw new ConfigError(`${file} is ${Math.ceil(size / 1024)} KiB, over the limit of ${Math.round(max / 1024)} KiB (AGENTOS_AGENTS_YAML_MAX_KB): an agents.yaml that large is almost certainly not what you meant`, { file });
    source = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const hint = code === 'ENOENT' ? ' (create it, or run `agentos init DIR` for a starting point)' : '';
    throw new ConfigError(`cannot read ${file}: ${code ?? String(err)}${hint}`, { file });
  }
  return parseAgentsYaml(source, file);
}

/** Alias expansions allowed per file: anchors for shared defaults fit; a "billion laughs" does not. */
const MAX_ALIAS_COUNT = 100;

function toJS(doc: Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const why = /alias count/i.test((e as Error).message)
      ? `aliases (*name) expand to over ${MAX_ALIAS_COUNT} copies (aliases of aliases grow exponentially); write the values out, or nest fewer aliases`
      : firstLine((e as Error).message);
    throw new ConfigError(`${file}: invalid YAML: ${why}`, { file });
  }
}

export function parseAgentsYaml(source: string, file = 'agents.yaml'): LoadedAgents {
  const lineCounter = new LineCounter();
  if (source.length > agentsYamlMaxBytes()) throw new ConfigError(`${file}: over ${Math.round(agentsYamlMaxBytes() / 1024)} KiB (AGENTOS_AGENTS_YAML_MAX_KB)`, { file });
  // Duplicate keys are found in one pass below: yaml's own check compares every pair of keys.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: false });
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
  const dup = duplicateKey(doc);
  if (dup) {
    const loc = at(dup.offset);
    throw new ConfigError(`${formatLocation(loc)}: duplicate key ${JSON.stringify(dup.key)}: a mapping may hold each key once`, loc);
  }
  const raw = toJS(doc, file);
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
  const agents = parsed.data.agents.map((a) => toAgentConfig(a, parsed.data));
  if (agents[0]?.iac) warnings.push(...consensusWarnings(agents[0].iac, agents.map((a) => a.name)));
  return { agents, warnings, circuit: resolveCircuit(parsed.data.models), privacy: resolvePrivacy(parsed.data.privacy) };
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
    ...(a.metrics && { metrics: a.metrics }),
    iac: resolveIacPolicy(top.iac, top.agents.map((x) => x.name)),
    limits: resolveLimits(top, a, a.models?.task_deadline_s ?? top.models?.task_deadline_s),
    ...(a.judges?.length && { judges: a.judges }),
    ...(a.deterministic && { deterministic: true }),
    replay: {
      record: top.replay?.record ?? DEFAULT_REPLAY_SETTINGS.record,
      taskMaxBytes: top.replay?.task_max_kb !== undefined ? Math.round(top.replay.task_max_kb * 1024) : DEFAULT_REPLAY_SETTINGS.taskMaxBytes,
      totalMaxBytes: top.replay?.total_max_mb !== undefined ? Math.round(top.replay.total_max_mb * 1024 * 1024) : DEFAULT_REPLAY_SETTINGS.totalMaxBytes,
    },
    speculation: resolveSpeculation(top.speculation, a.speculation),
    supervision: resolveSupervision(top.supervision, a.supervision),
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

/** The deepest node of the path, as a location. */
function locate(doc: Document, path: PropertyKey[], at: (o: number | undefined) => ConfigLocation): ConfigLocation {
  return at(yamlOffsetOf(doc, path));
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

/** The first key repeated within one mapping, found in one walk of the document. */
function duplicateKey(doc: Document): { key: string; offset: number | undefined } | undefined {
  let found: { key: string; offset: number | undefined } | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const item of map.items) {
        const k = item.key;
        const name = isScalar(k) ? k.value : String(k);
        if (seen.has(name)) {
          found = { key: String(name).slice(0, 60), offset: (k as Node | null)?.range?.[0] };
          return visit.BREAK;
        }
        seen.add(name);
      }
      return undefined;
    },
  });
  return found;
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
