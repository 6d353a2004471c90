// The structured report a model returns for each task: its answer plus its own
// assessment. Nothing here is trusted as-is: learn/ applies rules to it.
import { z } from 'zod';

export const SkillProposal = z.object({
  name: z.string().min(1).max(80).describe('short name of a reusable technique this task showed'),
  description: z.string().min(1).max(400).describe('one sentence: when to use it'),
  body: z.string().max(4000).describe('the technique itself, in Markdown'),
});

export const TaskReport = z.object({
  response: z.string().describe('the answer to the task, for the person who asked'),
  outcome: z.enum(['success', 'partial', 'failure']),
  reward: z.union([z.literal(1), z.literal(0), z.literal(-1)]).describe('+1 reusable success, 0 partial, -1 failure'),
  context_tags: z.array(z.string().max(40)).max(12).describe('short lowercase topic tags'),
  skill: SkillProposal.nullable().describe('a reusable skill, only when reward is +1'),
  reflection: z.string().max(1000).describe('one or two sentences on what to do differently or keep doing'),
  goal: z.string().max(200).nullable().describe('a new goal, when the task exposed a gap'),
});

export type TaskReport = z.infer<typeof TaskReport>;
export type SkillProposal = z.infer<typeof SkillProposal>;
