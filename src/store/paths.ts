// Absolute paths of the filesystem contract (DESIGN.md "The filesystem contract").
import path from 'node:path';
import { InvalidAgentNameError } from './errors.ts';

/** A slug: can never hold a separator, a dot-dot or a leading dot. */
export const AGENT_NAME_RE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function isValidAgentName(name: string): boolean {
  return AGENT_NAME_RE.test(name);
}

export function assertAgentName(name: string): void {
  if (typeof name !== 'string' || !AGENT_NAME_RE.test(name)) throw new InvalidAgentNameError(String(name));
}

export interface AgentPaths {
  root: string;
  queue: string;
  rejected: string;
  persona: string;
  constraints: string;
  systemPrompt: string;
  skillsIndex: string;
  skillsDir: string;
  goals: string;
  rewards: string;
  reflections: string;
  context: string;
  worldDir: string;
  worldIndex: string;
  workspace: string;
  iacDir: string;
  deadLettersDir: string;
}

export function agentPaths(dataDir: string, name: string): AgentPaths {
  assertAgentName(name);
  const root = path.join(path.resolve(dataDir), 'agents', name);
  const at = (...p: string[]) => path.join(root, ...p);
  return {
    root,
    queue: at('queue.md'),
    rejected: at('queue.rejected.md'),
    persona: at('persona.md'),
    constraints: at('constraints.md'),
    systemPrompt: at('system_prompt.md'),
    skillsIndex: at('skills.md'),
    skillsDir: at('skills'),
    goals: at('goals.md'),
    rewards: at('rewards.md'),
    reflections: at('reflections.md'),
    context: at('context.md'),
    worldDir: at('world'),
    worldIndex: at('world', 'index.md'),
    workspace: at('workspace'),
    iacDir: at('iac'),
    deadLettersDir: at('iac', 'dead_letters'),
  };
}

export interface SharedPaths {
  root: string;
  iacDir: string;
  proposals: string;
  segments: string;
  handoffs: string;
  deadLetters: string;
}

export function sharedPaths(dataDir: string): SharedPaths {
  const root = path.join(path.resolve(dataDir), 'shared');
  const iacDir = path.join(root, 'iac');
  return {
    root,
    iacDir,
    proposals: path.join(iacDir, 'proposals'),
    segments: path.join(iacDir, 'segments'),
    handoffs: path.join(iacDir, 'handoffs'),
    deadLetters: path.join(iacDir, 'dead_letters'),
  };
}

/** Derived and runtime state (git-ignored): index db, locks, metrics. */
export function runtimeDir(dataDir: string): string {
  return path.join(path.resolve(dataDir), '.agentos');
}

export function agentsYamlPath(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'agents.yaml');
}

/** Directory holding all agent repositories. */
export function agentsRoot(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'agents');
}
