// What a model may propose, checked before any rule runs: a bad proposal is rejected with
// its reason and the rest of the task's learning goes on (seed 000: LLMs hallucinate
// entities and overgeneralise, so every update needs evidence and sane bounds).
import { slugify } from '../skills.ts';
import { badName, clip } from './names.ts';
import type { WorldKind, WorldProposal } from './types.ts';

export const LIMITS = {
  updatesPerTask: 8,
  claimChars: 400,
  evidenceChars: 600,
  minEvidenceChars: 8,
  aliases: 8,
  aliasChars: 80,
  tags: 12,
  tagChars: 40,
  /** A rendered record above this is refused rather than written. */
  recordBytes: 16 * 1024,
};

export type Op = 'assert' | 'support' | 'contradict';

export interface CheckedProposal {
  op: Op;
  kind: WorldKind;
  /** The slug the record is (or would be) filed under. */
  slug: string;
  /** The name as the model wrote it, for aliases and messages. */
  given: string;
  claim: string;
  aliases: string[];
  tags: string[];
  evidence: string;
}

export type Checked = { ok: true; value: CheckedProposal } | { ok: false; reason: string };

const OPS = new Set(['assert', 'support', 'contradict']);

export function checkProposal(p: WorldProposal): Checked {
  const fail = (reason: string): Checked => ({ ok: false, reason });
  const op = String(p.op ?? '').trim().toLowerCase();
  if (p.op === MALFORMED) return fail(`malformed world_updates: ${p.claim ?? 'did not match the schema'}`);
  if (!OPS.has(op)) return fail(`unknown op "${clip(String(p.op))}" (expected assert, support or contradict)`);
  const name = String(p.name ?? '');
  const nameProblem = badName(name);
  if (nameProblem) return fail(nameProblem);
  const evidence = String(p.evidence ?? '').replace(/\s+/g, ' ').trim();
  if (evidence.length < LIMITS.minEvidenceChars) {
    return fail('no evidence: say what in this task backs the update (an observation, an output, a check)');
  }
  if (evidence.length > LIMITS.evidenceChars) return fail(`evidence is ${evidence.length} characters (at most ${LIMITS.evidenceChars})`);
  const kind = p.kind === null || p.kind === undefined || p.kind === '' ? 'entity' : String(p.kind).toLowerCase();
  if (kind !== 'entity' && kind !== 'relation') return fail(`kind "${clip(String(p.kind))}" is not entity or relation`);
  const claim = String(p.claim ?? '').replace(/\s+/g, ' ').trim();
  if (op === 'assert' && !claim) return fail('an assert needs a claim: one sentence of what is believed');
  if (claim.length > LIMITS.claimChars) return fail(`claim is ${claim.length} characters (at most ${LIMITS.claimChars}); state one thing`);
  const aliases = (p.aliases ?? []).map((a) => String(a).trim()).filter(Boolean);
  if (aliases.length > LIMITS.aliases) return fail(`${aliases.length} aliases (at most ${LIMITS.aliases})`);
  for (const a of aliases) {
    const bad = a.length > LIMITS.aliasChars ? `alias of ${a.length} characters (at most ${LIMITS.aliasChars})` : badName(a);
    if (bad) return fail(`alias: ${bad}`);
  }
  const tags = [...new Set((p.tags ?? []).map((t) => slugify(String(t), LIMITS.tagChars)).filter(Boolean))];
  if (tags.length > LIMITS.tags) return fail(`${tags.length} tags (at most ${LIMITS.tags})`);
  return { ok: true, value: { op: op as Op, kind, slug: slugify(name), given: name.trim(), claim, aliases, tags, evidence } };
}

/** The op a report carries when its world_updates could not be read at all (see report.ts). */
export const MALFORMED = '__malformed__';
