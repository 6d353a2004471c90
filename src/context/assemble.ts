// Task-scoped context (seed 000): the standing instructions, the task, recent outcomes and
// audit divergences, then what retrieval ranks most relevant, fitted into the model's window
// after reserves for the system prompt (persona, constraints), the task and the output.
// context.md records what was included and excluded, with reasons and token counts.
import { rankSkills, renderSystemPrompt, skillPath, worldPath, type AgentState, type RewardEntry } from '../learn/index.ts';
import type { AgentConfig } from '../config/index.ts';
import type { QueueTask } from '../store/index.ts';
import { fitToBudget, type Candidate } from './budget.ts';
import { agentDocs } from './docs.ts';
import { ContextIndex, renderDoc, type IndexedDoc } from './index-db.ts';
import { renderRecord, type ContextItem } from './record.ts';
import { mentionedTags, retrieve } from './retrieve.ts';
import type { TokenCounter } from './tokenizer.ts';

export type { ContextItem } from './record.ts';

export interface AssembleOptions {
  /** The retrieval index; without one, the state is indexed in memory (tests, one-off use). */
  index?: ContextIndex;
  counter: TokenCounter;
  /** Output tokens reserved for the answer (the model's max output). */
  outputReserve: number;
  model?: string;
}

export interface ContextStats {
  window: number;
  reserved: { output: number; persona: number; constraints: number; system: number; task: number };
  /** Tokens left for retrieved items, and how many they took. */
  budget: number;
  used: number;
  /** Tokens of everything the prompt holds (system + user), as counted. */
  total: number;
  included: number;
  excluded: number;
}

export interface AssembledContext {
  system: string;
  prompt: string;
  included: ContextItem[];
  excluded: ContextItem[];
  stats: ContextStats;
  /** The text of context.md. */
  record: string;
}

const RECENT_REWARDS = 5;
const RECENT_DIVERGENCES = 3;
export const RETRIEVAL = { minRelative: 0.3, maxItems: 12, limit: 40 };
const OUTCOMES_HEADING = '# Your recent outcomes (self-score vs audit)';
const DIVERGENCES_HEADING = '# Where the audit disagreed with you recently';
const RETRIEVED_HEADING = '# Relevant knowledge (retrieved for this task)';

/**
 * Counts of the fixed texts (headings, the answer instructions: one per learning mode), kept per
 * counter. Only these constant strings are cached, so each counter's map holds at most a handful
 * of entries (FIXED_TEXTS_MAX bounds it against misuse).
 */
const FIXED_TEXTS_MAX = 16;
const fixedCounts = new WeakMap<TokenCounter, Map<string, number>>();
function constantCounter(counter: TokenCounter): (text: string) => number {
  let known = fixedCounts.get(counter);
  if (!known) fixedCounts.set(counter, (known = new Map()));
  const map = known;
  return (text) => {
    let n = map.get(text);
    if (n === undefined) {
      n = counter.count(text);
      if (map.size < FIXED_TEXTS_MAX) map.set(text, n);
    }
    return n;
  };
}

export function assembleContext(config: AgentConfig, state: AgentState, task: QueueTask, now: Date, opts: AssembleOptions): AssembledContext {
  const count = opts.counter.count;
  const fixedCount = constantCounter(opts.counter);
  // Each piece is counted once and the sums reused (system, task block, total): a sum of
  // separately counted pieces is within a token or two of counting the joined text, and rounds
  // up per piece (the count's margin is applied with ceil), so the budget errs on the safe side.
  const skills = rankSkills(state.skills, now, config.skillHalfLifeDays);
  const system = renderSystemPrompt({ persona: state.persona, constraints: state.constraints, skills, goals: state.goals });
  const persona = count(state.persona);
  const constraints = count(state.constraints);
  const systemRest = count(renderSystemPrompt({ persona: '', constraints: '', skills, goals: state.goals }));
  const systemTokens = persona + constraints + systemRest;

  const recent = state.rewards.slice(-RECENT_REWARDS);
  const outcomes = recent.map((r) => `- ${r.task}: ${r.outcome}, self ${fmt(r.reward)}, audit ${fmt(r.audit_score)}`);
  const divergent = state.rewards.filter((r) => r.reward !== r.audit_score).slice(-RECENT_DIVERGENCES);
  const divergences = divergent.map(divergenceLine);
  const fixed = [
    `# Task ${task.id}`, '', task.task.trim(), '',
    ...(outcomes.length ? [OUTCOMES_HEADING, '', ...outcomes, ''] : []),
    ...(divergences.length ? [DIVERGENCES_HEADING, '', ...divergences, ''] : []),
  ].join('\n');
  const instructions = reportInstructions(config);
  const taskText = count(task.task);
  const outcomesTokens = outcomes.length ? count(outcomes.join('\n')) : 0;
  const divergencesTokens = divergences.length ? count(divergences.join('\n')) : 0;
  const taskTokens = count(`# Task ${task.id}`) + taskText + fixedCount(instructions)
    + (outcomes.length ? fixedCount(OUTCOMES_HEADING) + outcomesTokens : 0)
    + (divergences.length ? fixedCount(DIVERGENCES_HEADING) + divergencesTokens : 0);
  const budget = Math.max(0, config.context.windowTokens - opts.outputReserve - systemTokens - taskTokens);

  const included: ContextItem[] = [
    { source: 'persona.md', tokens: persona, reason: 'always (reserved)' },
    { source: 'constraints.md', tokens: constraints, reason: 'always (reserved)' },
    { source: 'system_prompt.md: skills index and active goals', tokens: systemRest, reason: 'always (reserved)' },
    { source: `task ${task.id} and answer instructions`, tokens: taskText, reason: 'the task itself' },
  ];
  if (outcomes.length) included.push({ source: `rewards.md (last ${recent.length})`, tokens: outcomesTokens, reason: 'recent outcomes, self-score vs audit' });
  if (divergences.length) included.push({ source: `rewards.md (${divergences.length} audit divergences)`, tokens: divergencesTokens, reason: 'where the audit disagreed: a check on honest self-scores' });

  const owned = !opts.index;
  const index = opts.index ?? memoryIndex(config, state, now);
  try {
    const shownTasks = new Set(recent.map((r) => `rewards.md#${r.task}`));
    const { ranked, excludedUnmatched } = candidates(index, config, state, task, now, opts.counter, shownTasks);
    const fit = config.context.strategy === 'all'
      ? { included: ranked.map((c) => ({ ...c, reason: 'strategy all: every record is loaded' })), excluded: [], used: ranked.reduce((n, c) => n + c.tokens, 0) }
      : fitToBudget(ranked, { budget, ...RETRIEVAL });
    included.push(...fit.included.map(item));
    const excluded = [...fit.excluded.map(item), ...excludedUnmatched];

    const retrieved = fit.included.map((c) => renderDoc(c.doc));
    const prompt = [fixed, ...(retrieved.length ? [RETRIEVED_HEADING, '', retrieved.join('\n\n'), ''] : []), instructions].join('\n');
    const stats: ContextStats = {
      window: config.context.windowTokens,
      reserved: { output: opts.outputReserve, persona, constraints, system: systemTokens, task: taskTokens },
      budget, used: fit.used, total: systemTokens + taskTokens + (retrieved.length ? fixedCount(RETRIEVED_HEADING) + fit.used : 0), included: included.length, excluded: excluded.length,
    };
    const record = renderRecord({ task, counter: opts.counter, model: opts.model, stats, included, excluded });
    return { system, prompt, included, excluded, stats, record };
  } finally {
    if (owned) index.close();
  }
}

type Ranked = Candidate & { doc: IndexedDoc };

function candidates(index: ContextIndex, config: AgentConfig, state: AgentState, task: QueueTask, now: Date, counter: TokenCounter, shown: Set<string>) {
  const tokensOf = (d: IndexedDoc) => Math.ceil(d.tokens[counter.encoding] * counter.margin) + 2;
  const short = (d: IndexedDoc) => d.source + (d.source.startsWith('rewards.md') || d.source.startsWith('reflections.md') ? `#${d.id.split('#')[1]}` : '');
  if (config.context.strategy === 'all') {
    const ranked = index.all(config.name).map((doc) => ({ id: doc.id, source: short(doc), tokens: tokensOf(doc), score: 0, why: '', doc }));
    return { ranked, excludedUnmatched: [] as ContextItem[] };
  }
  const vocabulary = new Set([...state.rewards.flatMap((r) => r.context_tags), ...state.skills.flatMap((s) => s.tags), ...state.world.flatMap((r) => r.tags)]);
  const tags = [...new Set([...(task.tags ?? []), ...mentionedTags(task.task, vocabulary)])];
  const hits = retrieve(index, config.name, { text: task.task, tags }, { now, limit: RETRIEVAL.limit });
  const ranked: Ranked[] = hits
    .filter((h) => !shown.has(`${h.doc.source}#${h.doc.id.split('#')[1]}`))
    .map((h) => ({
      id: h.doc.id, source: short(h.doc), tokens: tokensOf(h.doc), score: h.score, doc: h.doc,
      why: `bm25 ${h.bm25.toFixed(2)}${h.tagHits.length ? `, tags ${h.tagHits.join('+')}` : ''}, score ${h.score.toFixed(2)}`,
    }));
  // Skills and beliefs the search did not match at all, so a person sees what was left out.
  const matched = new Set(hits.map((h) => h.doc.source));
  const unmatched = [...state.skills.map((s) => skillPath(s.name)), ...state.world.map((r) => worldPath(r))]
    .filter((s) => !matched.has(s))
    .slice(0, 30)
    .map((source) => ({ source, tokens: 0, reason: "no match for the task's words or tags" }));
  return { ranked, excludedUnmatched: unmatched };
}

function item(c: Candidate & { reason: string }): ContextItem {
  return { source: c.source, tokens: c.tokens, reason: c.reason };
}

/** An index of one agent's state only, for callers without the runtime's index. */
function memoryIndex(config: AgentConfig, state: AgentState, now: Date): ContextIndex {
  const index = ContextIndex.open(':memory:');
  index.replaceAgent(config.name, agentDocs(config.name, state, { now, halfLifeDays: config.skillHalfLifeDays }));
  return index;
}

function divergenceLine(r: RewardEntry): string {
  return `- ${r.task}: you scored ${fmt(r.reward)}, the audit ${fmt(r.audit_score)}${r.audit_reason ? ` — ${r.audit_reason}` : ''}`;
}

function reportInstructions(config: AgentConfig): string {
  const world = {
    none: 'World updates are off for you (learning: none): leave `world_updates` empty.',
    constrained: 'Your world updates become hypotheses only (learning: constrained); they are never promoted by you.',
    active: 'A claim starts as a hypothesis and is confirmed only by evidence from later tasks.',
  }[config.learning];
  return [
    '# How to answer',
    '',
    'Do the task, then answer with the JSON report: `response` (your answer), `outcome`, `reward`',
    '(+1 only for a verified, reusable success), `context_tags`, `skill` (a reusable technique, or null),',
    '`reflection`, `goal` (a new goal when the task exposed a gap, or null), `reward_decomposition`',
    '(correctness, efficiency, novelty, generality, each -1..+1) and `world_updates`: what this task showed',
    'about the world. Each update is `assert` (a claim: kind entity or relation, a short name, one-sentence',
    'claim) or `support` / `contradict` (an existing record, by its exact name), and must carry `evidence`:',
    `the observation from this task that backs it. ${world} Be honest: your self-score is audited.`,
  ].join('\n');
}

function fmt(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
