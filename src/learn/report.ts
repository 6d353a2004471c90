// The structured report a model returns for each task: its answer plus its own
// assessment. Nothing here is trusted as-is: learn/ applies rules to it.
import { z } from 'zod';
import { MALFORMED } from './world/validate.ts';

export const SkillProposal = z.object({
  name: z.string().min(1).max(80).describe('short name of a reusable technique this task showed'),
  description: z.string().min(1).max(400).describe('one sentence: when to use it'),
  body: z.string().max(4000).describe('the technique itself, in Markdown'),
});

// Seed 000's dimensions, each -1..+1 as the model sees its own work (the audit scores them too).
const dimension = z.number().min(-1).max(1);
export const RewardDecomposition = z.object({
  correctness: dimension.describe('is the answer right'),
  efficiency: dimension.describe('was it done without waste'),
  novelty: dimension.describe('did it find something new'),
  generality: dimension.describe('will it transfer to other tasks'),
});

// Loosely typed on purpose: the rules in learn/world reject a bad update with its reason
// without failing the whole report (which would lose the answer too).
export const WorldUpdateProposal = z.object({
  op: z.string().describe('assert (a claim, new or again), support or contradict (an existing record by name)'),
  kind: z.string().nullable().catch(null).describe('entity or relation (for assert)'),
  name: z.string().describe('short name of the concept, e.g. "vendor-x rate limit"; not a path'),
  claim: z.string().nullable().catch(null).describe('one sentence of what is believed (for assert)'),
  aliases: z.array(z.string()).catch([]).describe('other names of the same concept'),
  tags: z.array(z.string()).catch([]).describe('short lowercase topic tags'),
  evidence: z.string().describe('what in this task backs it: an observation, an output, a check'),
});

// IAC (issue 5): work handed on to another agent, by name or by capability; runs after this task commits.
export const HandoffProposal = z.object({
  to: z.string().min(1).max(200).describe('an agent name, or "capability: <what it must know>" to let dispatch choose'),
  task: z.string().min(1).max(8000).describe('the task for that agent, self-contained'),
});

/** Missing (an older model or script) reads as null; the JSON schema still lists the field as required. */
function malformed(ctx: { input?: unknown; error?: { issues?: { path?: PropertyKey[]; message: string }[] } } | undefined) {
  if (ctx?.input === undefined || ctx.input === null) return null;
  const issue = ctx.error?.issues?.[0];
  const why = issue ? `${issue.path?.length ? `${issue.path.map(String).join('.')}: ` : ''}${issue.message}` : 'did not match the schema';
  return [{ op: MALFORMED, kind: null, name: '', claim: why, aliases: [], tags: [], evidence: '' }];
}

export const TaskReport = z.object({
  response: z.string().describe('the answer to the task, for the person who asked'),
  outcome: z.enum(['success', 'partial', 'failure']),
  reward: z.union([z.literal(1), z.literal(0), z.literal(-1)]).describe('+1 reusable success, 0 partial, -1 failure'),
  context_tags: z.array(z.string().max(40)).max(12).describe('short lowercase topic tags'),
  skill: SkillProposal.nullable().describe('a reusable skill, only when reward is +1'),
  reflection: z.string().max(1000).describe('one or two sentences on what to do differently or keep doing'),
  goal: z.string().max(200).nullable().describe('a new goal, when the task exposed a gap'),
  reward_decomposition: RewardDecomposition.nullable().catch(null).describe('your score on each dimension, -1..+1'),
  world_updates: z
    .array(WorldUpdateProposal)
    .nullable()
    .catch((ctx) => malformed(ctx as never))
    .describe('what this task showed about the world, each with its evidence; [] when nothing'),
  handoff: HandoffProposal.nullable().catch(null).describe('work for another agent, or null'),
});

type Parsed = z.infer<typeof TaskReport>;
/** The parsed report; the fields seed 000 added may be absent (older code paths and scripts). */
export type TaskReport = Omit<Parsed, 'reward_decomposition' | 'world_updates' | 'handoff'> & Partial<Pick<Parsed, 'reward_decomposition' | 'world_updates' | 'handoff'>>;
export type HandoffProposal = z.infer<typeof HandoffProposal>;
export type SkillProposal = z.infer<typeof SkillProposal>;
export type RewardDecomposition = z.infer<typeof RewardDecomposition>;
export type WorldUpdateProposal = z.infer<typeof WorldUpdateProposal>;
