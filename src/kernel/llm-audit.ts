// The optional LLM audit (seed 001's audit hook, method "llm"): a second model call that reads
// the task, the answer and the evidence and scores the outcome independently. Behind a small
// interface so another judge (a different model, a human queue) can stand in. Its verdict
// can only lower the rule audit (learn/audit.ts combineAudits); if the call fails, the task
// keeps the rule audit and says so, rather than failing.
import { z } from 'zod';
import type { ModelSettings } from '../config/index.ts';
import type { TaskReport, VerifyResult } from '../learn/index.ts';
import { generateStructured } from '../models/index.ts';
import type { QueueTask } from '../store/index.ts';

export interface AuditVerdict {
  score: -1 | 0 | 1;
  reason: string;
}

export interface Auditor {
  audit(input: { task: QueueTask; report: TaskReport; verify?: VerifyResult; signal?: AbortSignal }): Promise<AuditVerdict | undefined>;
}

export const AuditReply = z.object({
  audit_score: z.union([z.literal(1), z.literal(0), z.literal(-1)]).describe('+1 the answer does what was asked, 0 partly, -1 not'),
  reason: z.string().max(400).describe('one sentence: the evidence for the score'),
});

const MAX_ANSWER = 12_000;

export class LlmAuditor implements Auditor {
  readonly model: ModelSettings;
  constructor(model: ModelSettings) {
    this.model = model;
  }

  async audit({ task, report, verify, signal }: Parameters<Auditor['audit']>[0]): Promise<AuditVerdict | undefined> {
    const answer = report.response.length > MAX_ANSWER ? `${report.response.slice(0, MAX_ANSWER)}\n[… truncated]` : report.response;
    const prompt = [
      `# Audit of task ${task.id}`, '', '## The task', '', task.task.trim(), '', '## The answer given', '', answer, '',
      `## The agent's own claim: outcome ${report.outcome}, self-score ${report.reward > 0 ? '+1' : report.reward}`, '',
      verify ? `## Verify command \`${verify.command}\`: ${verify.passed ? 'passed' : 'failed'} (exit ${verify.exitCode ?? 'none'})\n\n${verify.output.slice(0, 2000)}` : '## No verify command was run.',
      '', 'Score the outcome from the evidence above, not from the claim.',
    ].join('\n');
    try {
      const r = await generateStructured({ ...this.model, maxAttempts: Math.min(2, this.model.maxAttempts) }, {
        system: 'You are a strict, independent auditor of an AI agent\'s work. You check whether an answer really does what the task asked.',
        prompt,
        schema: AuditReply,
        abortSignal: signal,
      }, { exchange: { purpose: 'audit' } });
      return { score: r.value.audit_score, reason: r.value.reason.trim() || 'no reason given' };
    } catch {
      return undefined;
    }
  }
}
