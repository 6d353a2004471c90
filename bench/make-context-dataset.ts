// Writes the context benchmark's dataset: the hand-written topics of context-topics.ts (their
// records and labelled queries) hidden among generated distractor records, deterministically
// from a seed. Distractors are built from the same vocabulary as the topics (api, token,
// query, cache, contract, scene ...), so many share words with the queries: hard negatives.
//
//   node bench/make-context-dataset.ts [--records 10000] [--seed 7] [--out bench/data/context-10k.jsonl]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TOPICS } from './context-topics.ts';
import { seeded } from './routing-replay.ts';

const { values } = parseArgs({ options: { records: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } } });
const total = Number(values.records ?? 10_000);
const out = values.out ?? 'bench/data/context-10k.jsonl';

const rand = seeded(Number(values.seed ?? 7));
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
const some = <T>(xs: T[], n: number): T[] => Array.from({ length: n }, () => pick(xs));

const DOMAINS: Record<string, string[]> = {
  backend: 'api endpoint request response token header timeout retry queue worker job service client server latency throughput payload schema version route handler middleware session'.split(' '),
  data: 'table column row query index join dataset pipeline metric dashboard aggregate partition warehouse report export import batch record field schema join'.split(' '),
  devops: 'container image pod node cluster deploy rollout config secret volume network firewall certificate dns load balancer alert monitor log trace'.split(' '),
  frontend: 'component state render hook form input button layout style theme route bundle asset font animation accessibility modal tooltip'.split(' '),
  legal: 'contract clause party term liability warranty license renewal termination notice jurisdiction obligation consent agreement exhibit schedule amendment'.split(' '),
  writing: 'scene chapter character voice narrator plot draft paragraph sentence tone setting conflict ending opening description metaphor'.split(' '),
  ml: 'model feature label training validation prediction embedding loss gradient epoch sample drift threshold classifier regression cluster'.split(' '),
  ops: 'invoice customer order shipment refund ticket account subscription plan discount vendor supplier inventory warehouse catalog price'.split(' '),
};
const VERBS = 'handle validate parse cache batch stream retry compress migrate audit normalize summarize schedule monitor rotate archive encrypt reconcile'.split(' ');
const ADJ = 'large stale nested partial duplicate missing slow empty legacy concurrent optional unicode weekly hourly regional shared'.split(' ');
const KINDS = ['skill', 'entity', 'relation', 'hypothesis', 'reflection', 'reward'];

function distractor(i: number): Record<string, unknown> {
  const domain = pick(Object.keys(DOMAINS));
  const words = DOMAINS[domain];
  const kind = KINDS[i % KINDS.length];
  const [a, b, c] = some(words, 3);
  const verb = pick(VERBS);
  const adj = pick(ADJ);
  const name = `${verb}-${adj}-${a}`;
  const title = {
    skill: `Skill ${name}: ${verb} ${adj} ${a} records before the ${b} step`,
    entity: `Entity ${a}-${b}-${i}: the ${adj} ${a} of the ${c} has its own ${b} rules`,
    relation: `Relation ${a}-affects-${b}: ${adj} ${a} changes how the ${b} behaves`,
    hypothesis: `Hypothesis ${a}-${c}-${i}: ${a} with ${adj} ${c} may need a separate ${b}`,
    reflection: `Reflection on ${domain}-${i}`,
    reward: `Outcome of ${domain}-${i}: ${pick(['success', 'partial', 'failure'])}`,
  }[kind]!;
  const body = kind === 'reward' ? '' : `${pick(['When', 'If', 'After', 'Before'])} the ${some(words, 1)[0]} is ${adj}, ${verb} the ${some(words, 1)[0]} and check the ${some(words, 1)[0]}; ${some(words, 4).join(', ')}.`;
  return { id: `d${i}`, kind, title, body, tags: [...new Set([domain, a, pick(words)])] };
}

const records: Record<string, unknown>[] = [];
const queries: Record<string, unknown>[] = [];
TOPICS.forEach((t, ti) => {
  const ids = t.records.map((_, ri) => `t${ti}-${ri}`);
  t.records.forEach(([kind, title, body], ri) => records.push({ id: ids[ri], kind, title, body, tags: t.tags }));
  for (const [query, tags] of t.queries) queries.push({ query, tags, relevant: ids });
});
for (let i = 0; records.length < total; i++) records.push(distractor(i));
// Shuffle so topic records are not all at the start (insertion order is the recency order).
for (let i = records.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [records[i], records[j]] = [records[j], records[i]];
}

const lines: string[] = [];
for (let i = 0; i < records.length; i += 1000) lines.push(JSON.stringify({ records: records.slice(i, i + 1000) }));
for (const q of queries) lines.push(JSON.stringify(q));
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${lines.join('\n')}\n`);
console.error(`wrote ${records.length} records and ${queries.length} queries to ${out}`);
