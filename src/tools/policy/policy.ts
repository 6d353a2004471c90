// The effective tool policy of an agent: what agents.yaml says, over defaults derived
// from risk_level and autonomy_level (seed 000's template). Pure: the registry asks
// `toolDecision` before offering a tool and `needsApproval` before running a call.
import type { AgentConfig, AutonomyLevel, RiskLevel, ToolPolicyInput } from '../../config/index.ts';
import { matchesAny } from './globs.ts';

/** What a tool does, which decides its default treatment. */
export type ToolEffect = 'read' | 'write' | 'exec' | 'network' | 'ask';
export type ToolTier = 'builtin' | 'sandboxed' | 'mcp';

export interface ToolMeta {
  name: string;
  tier: ToolTier;
  effect: ToolEffect;
  /** MCP annotations; absent for built-ins. `annotated` false means the server said nothing. */
  mcp?: { annotated: boolean; readOnly: boolean; destructive: boolean };
}

export interface Limits {
  toolCalls: number;
  actTokens: number;
  actSeconds: number;
  shellTimeoutS: number;
  cpuS: number;
  memoryMb: number;
  processes: number;
  fileSizeMb: number;
  diskMb: number;
  outputKb: number;
  fetchKb: number;
  fetchTimeoutS: number;
}

export interface Policy {
  agent: string;
  risk: RiskLevel;
  autonomy: AutonomyLevel;
  allowed: string[] | undefined;
  forbidden: string[];
  files: { read: string[]; write: string[]; deny: string[] };
  hosts: string[];
  limits: Limits;
  reviewPoints: string[];
  autoApprove: string[];
  approvalTtlMs: number;
  /** Whether a person labels each task's outcome afterwards ('outcome' in human_review_points). */
  labelOutcomes: boolean;
}

const BASE_LIMITS: Limits = {
  toolCalls: 64, actTokens: 400_000, actSeconds: 900, shellTimeoutS: 60, cpuS: 60, memoryMb: 4096, processes: 256,
  fileSizeMb: 256, diskMb: 1024, outputKb: 64, fetchKb: 1024, fetchTimeoutS: 20,
};
/** Tighter limits where a mistake costs more. */
const RISK_LIMITS: Record<RiskLevel, Partial<Limits>> = {
  low: {},
  medium: {},
  high: { toolCalls: 40, shellTimeoutS: 30, cpuS: 30, processes: 128, diskMb: 512, fileSizeMb: 128 },
  critical: { toolCalls: 24, shellTimeoutS: 20, cpuS: 20, processes: 64, diskMb: 256, fileSizeMb: 64 },
};
/** Tools a critical-risk agent does not get unless tools_allowed names them. */
const CRITICAL_FORBIDDEN = ['shell', 'http_fetch'];
const DEFAULT_TTL_MS = 24 * 3_600_000;

export function resolvePolicy(config: Pick<AgentConfig, 'name' | 'riskLevel' | 'autonomyLevel' | 'toolPolicy'>): Policy {
  const p: ToolPolicyInput = config.toolPolicy ?? {};
  const l = p.limits ?? {};
  const base = { ...BASE_LIMITS, ...RISK_LIMITS[config.riskLevel] };
  const limits: Limits = {
    toolCalls: l.tool_calls ?? base.toolCalls,
    actTokens: l.act_tokens ?? base.actTokens,
    actSeconds: l.act_seconds ?? base.actSeconds,
    shellTimeoutS: l.shell_timeout_s ?? base.shellTimeoutS,
    cpuS: l.cpu_s ?? base.cpuS,
    memoryMb: l.memory_mb ?? base.memoryMb,
    processes: l.processes ?? base.processes,
    fileSizeMb: l.file_size_mb ?? base.fileSizeMb,
    diskMb: l.disk_mb ?? base.diskMb,
    outputKb: l.output_kb ?? base.outputKb,
    fetchKb: l.fetch_kb ?? base.fetchKb,
    fetchTimeoutS: l.fetch_timeout_s ?? base.fetchTimeoutS,
  };
  const explicitForbidden = p.tools_forbidden ?? [];
  const riskForbidden = config.riskLevel === 'critical' ? CRITICAL_FORBIDDEN.filter((t) => !matchesAny(t, p.tools_allowed)) : [];
  const review = p.human_review_points ?? [];
  return {
    agent: config.name,
    risk: config.riskLevel,
    autonomy: config.autonomyLevel,
    allowed: p.tools_allowed,
    forbidden: [...explicitForbidden, ...riskForbidden],
    files: { read: p.files?.read ?? ['**'], write: p.files?.write ?? ['**'], deny: p.files?.deny ?? [] },
    hosts: p.network?.allow ?? [],
    limits,
    reviewPoints: review.filter((r) => r !== 'outcome'),
    autoApprove: p.auto_approve ?? [],
    approvalTtlMs: ttlToMs(p.approval_ttl) ?? DEFAULT_TTL_MS,
    labelOutcomes: review.includes('outcome'),
  };
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

/** Whether the tool is offered at all. Forbidden wins; tools_allowed (when given) is the whole list. */
export function toolDecision(policy: Policy, tool: ToolMeta): Decision {
  if (matchesAny(tool.name, policy.forbidden)) return { allowed: false, reason: `'${tool.name}' is forbidden for agent ${policy.agent} (tools_forbidden or risk_level ${policy.risk})` };
  if (policy.allowed && !matchesAny(tool.name, policy.allowed)) return { allowed: false, reason: `'${tool.name}' is not in tools_allowed of agent ${policy.agent}` };
  if (tool.effect === 'network' && policy.hosts.length === 0) return { allowed: false, reason: `'${tool.name}' needs hosts in network.allow of agent ${policy.agent}; none are listed` };
  if (policy.risk === 'critical' && tool.tier === 'mcp' && !tool.mcp?.readOnly && !matchesAny(tool.name, policy.allowed)) {
    return { allowed: false, reason: `'${tool.name}' may change state and agent ${policy.agent} is critical-risk; name it in tools_allowed to offer it` };
  }
  return { allowed: true, reason: 'allowed by policy' };
}

/**
 * Whether a call waits for a person. Defaults: an assistant asks before anything that is
 * not a read; a write asks at critical risk; exec asks at high risk and above; network asks unless the agent is
 * autonomous at low or medium risk; MCP tools that are destructive or say nothing about
 * themselves always ask. human_review_points adds, auto_approve removes (ask_human always asks).
 */
export function needsApproval(policy: Policy, tool: ToolMeta): boolean {
  if (tool.effect === 'ask') return true;
  if (matchesAny(tool.name, policy.reviewPoints)) return true;
  if (matchesAny(tool.name, policy.autoApprove)) return false;
  const highRisk = policy.risk === 'high' || policy.risk === 'critical';
  if (tool.tier === 'mcp') {
    const m = tool.mcp;
    if (!m?.annotated || m.destructive) return true; // destructive or silent about itself
    if (m.readOnly) return policy.autonomy === 'assistant';
    return policy.autonomy === 'assistant' || highRisk; // additive: changes state, destroys nothing
  }
  switch (tool.effect) {
    case 'read':
      return false;
    case 'write':
      // At critical risk every write waits for a person, however autonomous the agent (seed 000: scale down what is dangerous).
      return policy.autonomy === 'assistant' || policy.risk === 'critical';
    case 'exec':
      return policy.autonomy === 'assistant' || highRisk;
    case 'network':
      return !(policy.autonomy === 'autonomous' && !highRisk);
  }
}

/**
 * Whether a call may simply run again when a crash left its outcome unknown: read-only tools
 * (read_file, list_files, search_files, recall, MCP tools annotated read-only). Everything else
 * (shell, write_file, apply_patch, http_fetch, MCP tools that change state or say nothing) is not.
 */
export function isIdempotent(tool: ToolMeta): boolean {
  return tool.effect === 'read' && (tool.tier !== 'mcp' || tool.mcp?.readOnly === true);
}

/** Whether `rel` (a workspace path) may be read or written by the file tools. */
export function fileDecision(policy: Policy, rel: string, mode: 'read' | 'write'): Decision {
  const p = rel === '' ? '.' : rel;
  if (matchesAny(p, policy.files.deny)) return { allowed: false, reason: `'${p}' matches files.deny of agent ${policy.agent}` };
  const allow = mode === 'read' ? policy.files.read : policy.files.write;
  if (!matchesAny(p, allow)) return { allowed: false, reason: `'${p}' is outside files.${mode} of agent ${policy.agent} (${allow.join(', ') || 'nothing'})` };
  return { allowed: true, reason: 'allowed by policy' };
}

function ttlToMs(ttl: string | number | undefined): number | undefined {
  if (ttl === undefined) return undefined;
  if (typeof ttl === 'number') return ttl * 1000;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(ttl);
  if (!m) return undefined;
  return Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 's'] ?? 1000);
}
