// The `llm` judge (a second model grades the answer against a rubric; the audit lets it only
// lower the score) and the `human` judge (an approval-style label: given in advance, or asked
// for and pending until a person answers through `agentos approve … --label`).
import { z } from 'zod';
import { generateStructured } from '../../models/index.ts';
import type { JudgeSpec } from '../../store/index.ts';
import { verdict, type JudgeEnv, type Verdict } from './types.ts';

const Grade = z.object({
  grade: z.union([z.literal(1), z.literal(0), z.literal(-1)]).describe('+1 meets the rubric, 0 partly, -1 does not'),
  reason: z.string().max(400).describe('one sentence: the evidence for the grade'),
});
const ANSWER_CAP = 12_000;

export async function llmJudge(spec: Extract<JudgeSpec, { kind: 'llm' }>, env: JudgeEnv): Promise<Verdict> {
  if (!env.model) return verdict('error', 'no model configured for llm judges');
  const answer = env.report.response.length > ANSWER_CAP ? `${env.report.response.slice(0, ANSWER_CAP)}\n[… truncated]` : env.report.response;
  const r = await generateStructured({ ...env.model, maxAttempts: Math.min(2, env.model.maxAttempts), timeoutMs: Math.min(env.model.timeoutMs, env.timeoutMs) }, {
    system: 'You are a strict, independent grader of an AI agent\'s work. Grade the answer against the rubric only.',
    prompt: ['# Rubric', '', spec.rubric, '', `# The task (${env.task.id})`, '', env.task.task.trim(), '', '# The answer', '', answer].join('\n'),
    schema: Grade,
    abortSignal: env.signal,
  }, { exchange: { purpose: 'judge' } });
  const score = (r.value.grade + 1) / 2;
  const why = r.value.reason.trim() || 'no reason given';
  return verdict(r.value.grade === 1 ? 'pass' : 'fail', `grade ${r.value.grade > 0 ? '+1' : r.value.grade}: ${why}`, score);
}

export async function humanJudge(spec: Extract<JudgeSpec, { kind: 'human' }>, env: JudgeEnv): Promise<Verdict> {
  if (spec.label) return verdict(spec.label, `labelled ${spec.label} by a person in advance`, spec.label === 'pass' ? 1 : 0);
  const question = spec.question ?? `Does the result of task ${env.task.id} do what was asked?`;
  if (!env.requestLabel) return verdict('pending', `waits for a person: ${question} (no approval store wired: nobody is asked)`);
  const id = await env.requestLabel(env.task, question);
  return verdict('pending', `waits for a person: label request ${id} (agentos approvals)`);
}
