// agentos bench context --dataset FILE.jsonl [--json] [--budget N] [--repeat N]
// Retrieval quality and cost of task-scoped context on a labelled dataset (schema in README):
// recall and precision of the assembled context against each query's relevant records,
// tokens used against loading every record, and assembly time (retrieve + fit + render).
// Baselines from the same run: plain bm25 without boosts, the core's keyword overlap
// (top 3 by shared words), and load-all.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContextIndex, fitToBudget, mentionedTags, renderDoc, retrieve, RETRIEVAL, tagIndex, terms, type IndexDoc } from '../src/context/index.ts';
import { p } from './core.ts';
import { benchArgs, fileFlag, numberFlag } from './flags.ts';

interface DatasetRecord { id: string; kind: string; title: string; body: string; tags: string[]; time?: number }
interface DatasetQuery { query: string; tags: string[]; relevant: string[] }
interface Strategy { recall: number; precision: number; tokens_ratio: number; p50_ms: number; p95_ms: number }

const AGENT = 'bench';
/** The shipped dataset, found wherever the command is run from. */
export const DEFAULT_DATASET = path.join(import.meta.dirname, 'data', 'context-10k.jsonl');

export function readDataset(file: string): { records: DatasetRecord[]; queries: DatasetQuery[] } {
  const records: DatasetRecord[] = [];
  const queries: DatasetQuery[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let v: Record<string, unknown>;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new Error(`${file}:${i + 1}: not JSON: ${(e as Error).message}`);
    }
    if (Array.isArray(v.records)) {
      for (const r of v.records as DatasetRecord[]) {
        if (typeof r.id !== 'string' || typeof r.title !== 'string') throw new Error(`${file}:${i + 1}: every record needs a string id and title`);
        records.push({ id: r.id, kind: String(r.kind ?? 'record'), title: r.title, body: String(r.body ?? ''), tags: (r.tags ?? []).map(String), time: Number(r.time ?? 0) });
      }
    } else if (typeof v.query === 'string' && Array.isArray(v.relevant)) {
      queries.push({ query: v.query, tags: ((v.tags as unknown[]) ?? []).map(String), relevant: (v.relevant as unknown[]).map(String) });
    } else throw new Error(`${file}:${i + 1}: expected {"records":[...]} or {"query","tags","relevant"}`);
  });
  return { records, queries };
}

export async function run(argv: string[]): Promise<number> {
  const { values } = benchArgs(argv, { dataset: { type: 'string' }, json: { type: 'boolean' }, budget: { type: 'string' }, repeat: { type: 'string' } });
  const file = values.dataset === undefined ? DEFAULT_DATASET : fileFlag(values.dataset, 'dataset');
  const budget = numberFlag(values.budget, 'budget', 4000, { min: 1, max: 10_000_000, whole: true });
  const repeat = numberFlag(values.repeat, 'repeat', 5, { min: 1, max: 1000, whole: true });
  const say = (s: string) => (values.json ? console.error(s) : console.log(s));
  const { records, queries } = readDataset(file);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-bench-ctx-'));
  const index = ContextIndex.open(path.join(dir, 'index.db'));
  try {
    const t0 = performance.now();
    index.replaceAgent(AGENT, records.map((r): IndexDoc => ({ id: r.id, agent: AGENT, kind: r.kind, source: r.id, title: r.title, body: r.body, tags: r.tags, time: r.time ?? 0, weight: 0.5 })));
    const buildMs = performance.now() - t0;
    const tokens = new Map(index.all(AGENT).map((d) => [d.id, d.tokens.o200k_base + 2]));
    const loadAll = [...tokens.values()].reduce((a, b) => a + b, 0);
    const vocabulary = tagIndex(records.flatMap((r) => r.tags)); // built once, as an agent's tag vocabulary changes rarely
    const now = new Date();
    say(`context benchmark: ${records.length} records, ${queries.length} queries from ${file}; index built in ${Math.round(buildMs)} ms`);
    say(`retrieval budget ${budget} tokens (o200k_base), at most ${RETRIEVAL.maxItems} items, cutoff ${RETRIEVAL.minRelative} of the best score; load-all = ${loadAll} tokens`);

    const strategies: Record<string, (q: DatasetQuery) => string[]> = {
      'bm25+tags+standing (AgentOS)': (q) => {
        const tags = [...new Set([...q.tags, ...mentionedTags(q.query, vocabulary)])];
        return fitted(retrieve(index, AGENT, { text: q.query, tags }, { now, limit: RETRIEVAL.limit }));
      },
      'bm25 only': (q) => fitted(retrieve(index, AGENT, { text: q.query, tags: q.tags }, { now, limit: RETRIEVAL.limit, boosts: false })),
      'keyword overlap top-3 (core)': (q) => keywordTop3(records, q),
    };
    function fitted(hits: ReturnType<typeof retrieve>): string[] {
      const ranked = hits.map((h) => ({ id: h.doc.id, source: h.doc.source, tokens: tokens.get(h.doc.id)!, score: h.score, why: '', doc: h.doc }));
      const fit = fitToBudget(ranked, { budget, ...RETRIEVAL });
      fit.included.map((c) => renderDoc(c.doc)).join('\n\n'); // the text the model would get
      return fit.included.map((c) => c.id);
    }

    const results: Record<string, Strategy> = {};
    for (const [name, fn] of Object.entries(strategies)) {
      for (const q of queries) fn(q); // warm-up
      const times: number[] = [];
      let recall = 0;
      let precision = 0;
      let used = 0;
      for (const q of queries) {
        let ids: string[] = [];
        for (let r = 0; r < repeat; r++) {
          const t = performance.now();
          ids = fn(q);
          times.push(performance.now() - t);
        }
        const rel = new Set(q.relevant);
        const hit = ids.filter((id) => rel.has(id)).length;
        recall += hit / rel.size;
        precision += ids.length ? hit / ids.length : 0;
        used += ids.reduce((n, id) => n + (tokens.get(id) ?? 0), 0);
      }
      const n = queries.length;
      results[name] = { recall: r3(recall / n), precision: r3(precision / n), tokens_ratio: r4(used / n / loadAll), p50_ms: r3(p(times, 0.5)), p95_ms: r3(p(times, 0.95)) };
      const s = results[name];
      say(`${name.padEnd(30)} recall ${s.recall.toFixed(3)}  precision ${s.precision.toFixed(3)}  tokens ${(s.tokens_ratio * 100).toFixed(2)}% of load-all  p50 ${s.p50_ms} ms  p95 ${s.p95_ms} ms`);
    }
    const meanRel = queries.reduce((a, q) => a + q.relevant.length, 0) / queries.length;
    results['load-all'] = { recall: 1, precision: r3(meanRel / records.length), tokens_ratio: 1, p50_ms: 0, p95_ms: 0 };
    say(`${'load-all'.padEnd(30)} recall 1.000  precision ${results['load-all'].precision.toFixed(3)}  tokens 100% (${loadAll} tokens per task)`);
    const ours = results['bm25+tags+standing (AgentOS)'];
    console.log(JSON.stringify({ ...ours, records: records.length, queries: queries.length, budget, load_all_tokens: loadAll, baselines: results }));
    return 0;
  } finally {
    index.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The core's previous method: records sharing the most words with the task, top 3. */
function keywordTop3(records: DatasetRecord[], q: DatasetQuery): string[] {
  const words = new Set(terms(`${q.query} ${q.tags.join(' ')}`));
  const scored: [string, number][] = [];
  for (const r of records) {
    let n = 0;
    for (const w of terms(`${r.title} ${r.tags.join(' ')}`)) if (words.has(w)) n++;
    if (n > 0) scored.push([r.id, n]);
  }
  return scored.sort((a, b) => b[1] - a[1]).slice(0, 3).map(([id]) => id);
}

const r3 = (n: number) => Math.round(n * 1000) / 1000;
const r4 = (n: number) => Math.round(n * 10000) / 10000;

if (import.meta.main) process.exitCode = await run(process.argv.slice(2));
