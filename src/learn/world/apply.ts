// The world rule: the model proposes, the runtime decides. Pure: records and proposals in,
// records, file changes and events out (each event becomes a line of the task's commit).
import type { LearningMode } from '../../config/index.ts';
import type { FileChange } from '../../store/index.ts';
import { addEvidence, confidenceOf, contradictionWeight, meetsPromotion, supportWeight, transition } from './confidence.ts';
import { renderWorldIndex } from './index-md.ts';
import { duplicateGroups, mergeRecords } from './merge.ts';
import { conceptKey, clip, keysOf, sameClaim, sharesKey } from './names.ts';
import { appendNote } from './notes.ts';
import { renderWorldRecord, WORLD_INDEX_FILE, worldPath } from './record.ts';
import type { WorldEvent, WorldPolicy, WorldProposal, WorldRecord } from './types.ts';
import { checkProposal, LIMITS, type CheckedProposal } from './validate.ts';

export interface WorldContext {
  taskId: string;
  now: Date;
  /** The task's verify command passed: its observations weigh double. */
  verified: boolean;
  /** min(self-score, audit): a failed task's observations may contradict, never support. */
  auditScore: number;
  mode: LearningMode;
  policy: WorldPolicy;
}

export interface WorldStep {
  records: WorldRecord[];
  changes: FileChange[];
  events: WorldEvent[];
  /** Record files written, for the reward entry's world_model_update. */
  written: string[];
}

const MAX_SUPERSEDED = 5;
const MAX_SOURCES = 50;

export function applyWorldUpdates(current: WorldRecord[], proposals: WorldProposal[], ctx: WorldContext): WorldStep {
  const events: WorldEvent[] = [];
  const reject = (name: string, detail: string) => events.push({ type: 'rejected', name: clip(name || '(unnamed)'), detail });
  if (proposals.length === 0) return { records: current, changes: [], events, written: [] };
  if (ctx.mode === 'none') {
    for (const p of proposals) reject(String(p.name), 'learning is none for this agent: no world updates');
    return { records: current, changes: [], events, written: [] };
  }
  const w = new Work(current, ctx, events);
  proposals.forEach((p, i) => {
    if (i >= LIMITS.updatesPerTask) return reject(String(p.name), `over the ${LIMITS.updatesPerTask}-updates-per-task limit`);
    const checked = checkProposal(p);
    if (!checked.ok) return reject(String(p.name), checked.reason);
    const why = w.apply(checked.value);
    if (why) reject(checked.value.given, why);
  });
  w.collapseDuplicates();
  return w.finish();
}

/** The mutable working set of one learning step. */
class Work {
  readonly byName: Map<string, WorldRecord>;
  readonly original: Map<string, string>;
  readonly touched = new Set<string>();
  readonly ctx: WorldContext;
  readonly events: WorldEvent[];
  readonly now: string;

  constructor(records: WorldRecord[], ctx: WorldContext, events: WorldEvent[]) {
    this.byName = new Map(records.map((r) => [r.name, r]));
    this.original = new Map(records.map((r) => [r.name, r.file ?? worldPath(r)]));
    this.ctx = ctx;
    this.events = events;
    this.now = ctx.now.toISOString();
  }

  event(type: WorldEvent['type'], name: string, detail: string): void {
    this.events.push({ type, name, detail });
  }

  /** Applies one checked proposal; returns a reason when it is refused. */
  apply(p: CheckedProposal): string | undefined {
    const keys = new Set([conceptKey(p.given), ...(p.op === 'assert' ? p.aliases.map(conceptKey) : [])]);
    let matches = [...this.byName.values()].filter((r) => sharesKey(keysOf(r), keys));
    // Merging, the claim this proposal agrees with speaks for the concept.
    if (matches.length > 1) matches = [this.merge(matches, matches.find((r) => p.op === 'assert' && sameClaim(r.claim, p.claim)))];
    const found = matches[0];
    if (p.op !== 'assert') {
      if (!found) return `no world record named "${clip(p.given)}" to ${p.op} (to add one, use assert with a claim)`;
      if (p.op === 'support') return this.support(found, p);
      return this.contradict(found, p);
    }
    if (this.ctx.auditScore < 0) return 'the task failed its audit: its observations can contradict beliefs but not support new ones';
    if (!found) return this.create(p);
    if (sameClaim(found.claim, p.claim)) return this.support(this.withNames(found, p), p);
    return this.supersede(found, p);
  }

  create(p: CheckedProposal): undefined {
    const evidence = addEvidence({ supports: [], contradicts: [], verified: [] }, 'supports', this.ctx.taskId, this.ctx.verified)!;
    const confirmed = this.canPromote() && meetsPromotion(evidence, this.ctx.policy);
    const r: WorldRecord = {
      name: p.slug, kind: p.kind, status: confirmed ? 'confirmed' : 'hypothesis', claim: p.claim,
      confidence: confidenceOf(evidence), aliases: p.aliases.filter((a) => conceptKey(a) !== conceptKey(p.slug)),
      tags: p.tags, evidence, first_seen: this.now, last_confirmed: confirmed ? this.now : null, supersedes: [],
      created: this.now, updated: this.now, source: [this.ctx.taskId], body: appendNote('', this.note('supports', p.evidence)),
    };
    this.put(r);
    this.event('added', r.name, `as ${r.status === 'confirmed' ? `a confirmed ${r.kind} (verified evidence meets the threshold)` : `an ${r.kind} hypothesis`.replace('an relation', 'a relation')}: ${clip(r.claim, 80)} ${figures(r)}`);
    return undefined;
  }

  support(r: WorldRecord, p: CheckedProposal): string | undefined {
    if (this.ctx.auditScore < 0) return 'the task failed its audit: its observations cannot support a belief';
    const evidence = addEvidence(r.evidence, 'supports', this.ctx.taskId, this.ctx.verified);
    if (!evidence) return `task ${this.ctx.taskId} is already counted on "${r.name}"`;
    const next = this.touch(r, evidence, 'supports', p);
    if (next.status === 'confirmed') next.last_confirmed = this.now;
    this.event('supported', next.name, figures(next));
    this.settle(next, 'support');
    return undefined;
  }

  contradict(r: WorldRecord, p: CheckedProposal): string | undefined {
    const evidence = addEvidence(r.evidence, 'contradicts', this.ctx.taskId, this.ctx.verified);
    if (!evidence) return `task ${this.ctx.taskId} is already counted on "${r.name}"`;
    const next = this.touch(r, evidence, 'contradicts', p);
    this.event('contradicted', next.name, figures(next));
    this.settle(next, 'contradict');
    return undefined;
  }

  /** A newer, different claim about the same subject replaces the older one, which is kept as a trail. */
  supersede(old: WorldRecord, p: CheckedProposal): string | undefined {
    if (this.ctx.mode === 'constrained' && old.status === 'confirmed') {
      const why = this.contradict(old, p);
      return why ?? `learning is constrained: the confirmed "${old.name}" is not replaced; the new claim was counted as evidence against it`;
    }
    const evidence = addEvidence({ supports: [], contradicts: [], verified: [] }, 'supports', this.ctx.taskId, this.ctx.verified)!;
    const confirmed = this.canPromote() && meetsPromotion(evidence, this.ctx.policy);
    const trail = { name: old.name, claim: old.claim, confidence: old.confidence, until: this.now };
    const next: WorldRecord = {
      ...this.withNames(old, p),
      kind: p.kind, claim: p.claim, status: confirmed ? 'confirmed' : 'hypothesis', evidence,
      confidence: confidenceOf(evidence), first_seen: this.now, last_confirmed: confirmed ? this.now : null,
      supersedes: [...old.supersedes, trail].slice(-MAX_SUPERSEDED), updated: this.now,
      source: [...old.source.filter((s) => s !== this.ctx.taskId), this.ctx.taskId].slice(-MAX_SOURCES),
      body: appendNote(`Supersedes: ${old.claim}`, this.note('supports', p.evidence)),
    };
    this.put(next);
    this.event('superseded', next.name, `"${clip(old.claim, 60)}" → "${clip(next.claim, 60)}" ${figures(next)}`);
    return undefined;
  }

  merge(group: WorldRecord[], voice?: WorldRecord): WorldRecord {
    const merged = mergeRecords(group, voice);
    merged.updated = this.now;
    for (const r of group) {
      this.touched.add(r.name);
      if (r.name !== merged.name) this.byName.delete(r.name);
    }
    this.put(merged);
    const others = group.map((r) => r.name).filter((n) => n !== merged.name);
    this.event('merged', merged.name, `${others.join(', ')} → ${merged.name} (duplicate concept; all evidence kept) ${figures(merged)}`);
    return merged;
  }

  collapseDuplicates(): void {
    for (const group of duplicateGroups([...this.byName.values()])) this.merge(group);
  }

  /** Promotion, demotion or retraction by rule after new evidence. */
  settle(r: WorldRecord, after: 'support' | 'contradict'): void {
    const t = transition(r, after, this.ctx.policy, this.canPromote());
    if (t === 'retracted') {
      this.byName.delete(r.name);
      this.touched.add(r.name);
      this.event('retracted', r.name, `(confidence ${r.confidence.toFixed(2)} < ${this.ctx.policy.retractBelow}; the file leaves the tree, git history keeps it)`);
    } else if (t === 'promoted') {
      this.put({ ...r, status: 'confirmed', last_confirmed: this.now });
      this.event('promoted', r.name, `to a confirmed ${r.kind} ${figures(r)}`);
    } else if (t === 'demoted') {
      this.put({ ...r, status: 'hypothesis' });
      this.event('demoted', r.name, `to a hypothesis ${figures(r)}`);
    }
  }

  touch(r: WorldRecord, evidence: WorldRecord['evidence'], side: 'supports' | 'contradicts', p: CheckedProposal): WorldRecord {
    const next: WorldRecord = {
      ...r, evidence, confidence: confidenceOf(evidence), updated: this.now,
      tags: [...new Set([...r.tags, ...p.tags])].slice(0, LIMITS.tags),
      source: [...r.source.filter((s) => s !== this.ctx.taskId), this.ctx.taskId].slice(-MAX_SOURCES),
      body: appendNote(r.body, this.note(side, p.evidence)),
    };
    this.put(next);
    return next;
  }

  /** The proposal's other names become aliases of the record it matched. */
  withNames(r: WorldRecord, p: CheckedProposal): WorldRecord {
    const own = conceptKey(r.name);
    const add = [p.given, ...p.aliases].filter((n) => conceptKey(n) !== own && !r.aliases.some((a) => conceptKey(a) === conceptKey(n)));
    return add.length ? { ...r, aliases: [...r.aliases, ...add].slice(0, LIMITS.aliases) } : r;
  }

  note(side: 'supports' | 'contradicts', evidence: string): string {
    return `${this.now.slice(0, 10)} ${this.ctx.taskId} ${side}${this.ctx.verified ? ' (verified)' : ''}: ${evidence}`;
  }

  canPromote(): boolean {
    return this.ctx.mode === 'active';
  }

  put(r: WorldRecord): void {
    this.byName.set(r.name, r);
    this.touched.add(r.name);
  }

  finish(): WorldStep {
    const changes: FileChange[] = [];
    const written: string[] = [];
    const writes = new Set<string>();
    for (const name of this.touched) {
      const r = this.byName.get(name);
      if (!r) continue;
      const { file: _drop, ...clean } = r;
      const path = worldPath(clean);
      let content = renderWorldRecord(clean);
      if (Buffer.byteLength(content) > LIMITS.recordBytes) content = renderWorldRecord({ ...clean, body: '' });
      changes.push({ op: 'write', path, content });
      writes.add(path);
      written.push(path);
      this.byName.set(name, clean);
    }
    for (const name of this.touched) {
      const was = this.original.get(name);
      if (was && !writes.has(was)) changes.push({ op: 'delete', path: was });
    }
    const records = [...this.byName.values()];
    if (changes.length) changes.push({ op: 'write', path: WORLD_INDEX_FILE, content: renderWorldIndex(records, this.ctx.policy) });
    return { records, changes, events: this.events, written };
  }
}

function figures(r: WorldRecord): string {
  return `(confidence ${r.confidence.toFixed(2)}; evidence ${supportWeight(r.evidence)} for, ${contradictionWeight(r.evidence)} against)`;
}
