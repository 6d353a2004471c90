// Shapes of the world model (seed 000's epistemic layer): records the runtime keeps, the
// updates a model may propose, and the events a task's learning produces.

export type WorldKind = 'entity' | 'relation';
/** On disk a record is a hypothesis or confirmed; a retracted record leaves the tree. */
export type WorldStatus = 'hypothesis' | 'confirmed';

export interface Evidence {
  /** Task ids whose observations support the claim, oldest first. */
  supports: string[];
  /** Task ids whose observations contradict it, oldest first. */
  contradicts: string[];
  /** The subset of both whose task passed its verify command (they weigh double). */
  verified: string[];
}

/** A claim this record replaced: the older claim, kept in the record as a trail. */
export interface Superseded {
  name: string;
  claim: string;
  confidence: number;
  until: string;
}

/** world/{entities,relations,hypotheses}/<name>.md */
export interface WorldRecord {
  /** A slug; equals the file name without .md. */
  name: string;
  kind: WorldKind;
  status: WorldStatus;
  claim: string;
  /** Computed from the evidence (confidence.ts), never taken from the model. */
  confidence: number;
  /** Other names of the same concept; duplicates are found through them. */
  aliases: string[];
  tags: string[];
  evidence: Evidence;
  first_seen: string;
  last_confirmed: string | null;
  supersedes: Superseded[];
  created: string;
  updated: string;
  source: string[];
  /** Notes for people and the model, including the evidence log the runtime appends. */
  body: string;
  /** Front-matter keys we do not know, kept as written. */
  extra?: Record<string, unknown>;
  /** Where it was read from, when that is not where it belongs (it moves on the next write). */
  file?: string;
}

export type { WorldPolicy } from '../../config/index.ts';
export { DEFAULT_WORLD_POLICY } from '../../config/index.ts';

/** One proposal from the model's report, before any rule has looked at it. */
export interface WorldProposal {
  op: string;
  kind: string | null;
  name: string;
  claim: string | null;
  aliases: string[];
  tags: string[];
  evidence: string;
}

export type WorldEventType =
  | 'added'
  | 'supported'
  | 'contradicted'
  | 'promoted'
  | 'demoted'
  | 'retracted'
  | 'superseded'
  | 'merged'
  | 'rejected';

export interface WorldEvent {
  type: WorldEventType;
  /** The record concerned (for a rejection, the proposal's name as given). */
  name: string;
  /** Why or how, for the commit line. */
  detail: string;
}
