// Builders shared by the tests of learn/ (not part of the public face).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentConfig } from '../config/index.ts';
import type { FileChange, QueueTask } from '../store/index.ts';
import type { TaskReport } from './report.ts';
import type { AgentState, LearnInput, Skill } from './types.ts';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
/** The "now" at which fixtures/agent/skills.md and system_prompt.md were rendered. */
export const FIXTURE_NOW = new Date('2026-05-01T00:00:00.000Z');
export const NOW = new Date('2026-05-01T12:00:00.000Z');

export function config(over: Partial<AgentConfig> = {}): AgentConfig {
  return {
    name: 'orion',
    persona: 'Backend engineer.',
    domain: 'Backend engineering',
    tone: 'Terse',
    hints: ['Tasks often involve pagination.'],
    goals: ['Handle streaming SSE endpoints robustly'],
    budgets: { skills: 20, goals: 5, rewards: 30, reflections: 15 },
    skillHalfLifeDays: 14,
    learning: 'active',
    riskLevel: 'low',
    autonomyLevel: 'assistant',
    maxSteps: 8,
    world: { promoteEvidence: 3, promoteConfidence: 0.7, retractBelow: 0.35 },
    rewardAudit: 'rule_based',
    context: { windowTokens: 16_384, strategy: 'retrieve' },
    ...over,
  };
}

export function task(id = 't1', text = 'Write a retry wrapper with exponential backoff.'): QueueTask {
  return { id, task: text, priority: 'normal', created: '2026-05-01T11:00:00Z', line: 3 };
}

export function report(over: Partial<TaskReport> = {}): TaskReport {
  return {
    response: 'Here is the wrapper: ...',
    outcome: 'success',
    reward: 1,
    context_tags: ['api', 'retry'],
    skill: { name: 'Retry with backoff', description: 'Retry flaky calls with backoff.', body: 'Wait base * 2^n.' },
    reflection: 'Keep the jitter.',
    goal: null,
    ...over,
  };
}

export function emptyState(over: Partial<AgentState> = {}): AgentState {
  return { persona: '# orion', constraints: '# Constraints', skills: [], goals: [], rewards: [], reflections: [], world: [], problems: [], ...over };
}

export function skill(name: string, evidence: number, lastSuccess: string): Skill {
  return {
    name,
    description: `The ${name} technique.`,
    body: `# ${name}`,
    reward_evidence: evidence,
    last_success: lastSuccess,
    created: lastSuccess,
    updated: lastSuccess,
    source: ['old'],
    tags: [],
  };
}

export function input(over: Partial<LearnInput> = {}): LearnInput {
  return {
    config: config(),
    state: emptyState(),
    task: task(),
    report: report(),
    model: 'test-model',
    usage: { inputTokens: 100, outputTokens: 50 },
    durationMs: 1234,
    now: NOW,
    ...over,
  };
}

export function written(changes: FileChange[], path: string): string | undefined {
  const c = changes.find((x) => x.path === path);
  return c?.op === 'write' ? c.content : undefined;
}

/** A temp copy of a fixture folder; call the returned cleanup in `after`. */
export function tempCopy(fixture: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'agentos-learn-'));
  cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
