// agentos bench iac [--json] [--writers N]
// 1. Dispatch by agent card on a hand-labelled set of 24 tasks for seed 001's four agents,
//    against round-robin and a uniform random choice (its expected accuracy, 1/4).
// 2. Reputation under gaming: an agent posting 30 unverified +1s in 30 minutes against one with
//    6 verified +1s over a week, naive mean vs the guarded reputation.
// 3. Concurrent writers on shared/: N proposals through two SharedRepo instances (as two
//    processes), counting what landed and the commits per second.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAgentsYaml, resolveIacPolicy } from '../src/config/index.ts';
import { chooseAgent, Consensus, reputationOf, SharedRepo, type AgentCard } from '../src/iac/index.ts';
import { bootstrapShared } from '../src/kernel/index.ts';
import type { RewardEntry } from '../src/learn/index.ts';
import { benchArgs, numberFlag } from './flags.ts';

const LABELLED: [string, string][] = [
  ['Write a paginated fetch for the orders REST API with retries', 'orion'],
  ['Design a PostgreSQL schema and index for the events table', 'orion'],
  ['Add rate limiting to the public API endpoints', 'orion'],
  ['Parse the streaming SSE endpoint and handle reconnects', 'orion'],
  ['Parameterise the SQL queries in the reporting service', 'orion'],
  ['Build an API client for the vendor with exponential backoff', 'orion'],
  ['Review this Go diff for race conditions', 'revu'],
  ['Find the SQL injection vectors in this pull request', 'revu'],
  ['Review the TypeScript code for missing input validation', 'revu'],
  ['Check this Python change for resource leaks and cite the lines', 'revu'],
  ['Security review of the Express middleware', 'revu'],
  ['Review the Django view for security vulnerabilities', 'revu'],
  ['Flag ambiguous language in this NDA', 'lex'],
  ['Check the software licensing agreement for broad indemnification', 'lex'],
  ['Find missing termination clauses in the service level agreement', 'lex'],
  ['Assess GDPR issues in this data processing contract', 'lex'],
  ['Suggest neutral alternative wording for the liability section of the contract', 'lex'],
  ['Review the SLA for vague uptime terms', 'lex'],
  ['Give feedback on the pacing of chapter three of my novel', 'scribe'],
  ['Improve the dialogue tags in this short story', 'scribe'],
  ['Comment on character voice in the opening scene', 'scribe'],
  ['Show, don\'t tell: edit this passage of fiction', 'scribe'],
  ['Track the author\'s recurring habits across these chapters', 'scribe'],
  ['Tighten the action scene and its emotional resonance', 'scribe'],
];

function reward(created: string, verified: boolean): RewardEntry {
  return {
    task: created, outcome: 'success', reward: 1, audit_score: 1, audit_reason: verified ? 'verify command passed' : 'no verify command; self-score accepted',
    context_tags: [], reasoning_demand: null, model_used: 'm', model_appropriate: null, world_model_update: null, reward_decomposition: null,
    tokens: { input: 0, output: 0 }, cost: null, duration_ms: 1, created,
  };
}

export async function run(argv: string[]): Promise<number> {
  const { values } = benchArgs(argv, { json: { type: 'boolean' }, writers: { type: 'string' } });
  const now = new Date('2026-03-01T12:00:00Z');
  const yaml = readFileSync(path.join(import.meta.dirname, '..', 'src', 'config', 'fixtures', 'seed-001-all.yaml'), 'utf8');
  const { agents } = parseAgentsYaml(yaml);
  const zero = { score: 0, weight: 0, recentSuccess: null };
  const cards: AgentCard[] = agents.map((a) => ({ name: a.name, domain: a.domain, persona: a.persona, hints: a.hints, skills: [], topics: [], reputation: zero, queued: 0, maxQueue: 20 }));
  const card = LABELLED.filter(([t, want]) => chooseAgent(t, cards).agent === want).length / LABELLED.length;
  const rr = LABELLED.filter(([, want], i) => cards[i % cards.length].name === want).length / LABELLED.length;

  const honest = Array.from({ length: 6 }, (_, i) => reward(`2026-02-2${i}T10:00:00Z`, true));
  const gamer = Array.from({ length: 30 }, (_, i) => reward(`2026-03-01T11:${String(i).padStart(2, '0')}:00Z`, false));
  const naive = (rs: RewardEntry[]) => rs.reduce((s, r) => s + r.reward, 0) / rs.length;
  const rep = { honest: reputationOf(honest, now).score, gamer: reputationOf(gamer, now).score, naive_honest: naive(honest), naive_gamer: naive(gamer) };

  const n = numberFlag(values.writers, 'writers', 40, { min: 1, max: 10_000, whole: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-bench-iac-'));
  let writers;
  try {
    writeFileSync(path.join(dir, 'agents.yaml'), yaml);
    await bootstrapShared(dir);
    const policy = resolveIacPolicy(undefined);
    const a = new Consensus(new SharedRepo(dir), policy, []);
    const b = new Consensus(new SharedRepo(dir), policy, []);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: n }, (_, i) => (i % 2 ? a : b).propose('orion', { topic: `t${i}`, subject: `t${i}`, claim: `c${i}`, evidence: [], tags: [] }, now)));
    const s = (performance.now() - t0) / 1000;
    const landed = readdirSync(path.join(dir, 'shared/iac/proposals')).filter((f) => f.endsWith('.md')).length;
    writers = { proposals: n, landed, lost: n - landed, commits_per_s: Math.round((n / s) * 10) / 10 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const result = { dispatch: { tasks: LABELLED.length, card_accuracy: card, round_robin: rr, random_expected: 1 / cards.length }, reputation: rep, shared_writers: writers };
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(`dispatch accuracy on ${LABELLED.length} labelled tasks: card ${Math.round(card * 100)}%, round-robin ${Math.round(rr * 100)}%, random ${Math.round(100 / cards.length)}% (expected)\n`);
    process.stdout.write(`reputation: honest (6 verified +1 over a week) ${rep.honest.toFixed(3)}, gamer (30 unverified +1 in 30 min) ${rep.gamer.toFixed(3)}; a naive mean scores both 1.0\n`);
    process.stdout.write(`shared writers: ${writers.landed}/${writers.proposals} proposals landed (${writers.lost} lost), ${writers.commits_per_s} commits/s\n`);
  }
  return 0;
}

if (import.meta.main) process.exitCode = await run(process.argv.slice(2));
