// The retrieval index: SQLite FTS5 (node:sqlite) over what agents learned and share. It is a
// cache (DATA/.agentos/index.db): `agentos reindex` rebuilds it from the files, and an
// unreadable or outdated one is simply rebuilt.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { countWith } from './tokenizer.ts';
import type { TokenizerLimits } from '../config/index.ts';

/** One retrievable item. Shared segments have agent ''. */
export interface IndexDoc {
  id: string;
  agent: string;
  kind: string;
  /** The file it comes from, relative to its repository (shared: shared/iac/segments/x.md). */
  source: string;
  title: string;
  body: string;
  tags: string[];
  /** ms since the epoch of its last change or success; 0 when unknown. */
  time: number;
  /** Standing from the learning rules (skill evidence, world confidence), about 0..1. */
  weight: number;
}

export interface IndexedDoc extends IndexDoc {
  tokens: { o200k_base: number; cl100k_base: number };
}

export interface SearchHit extends IndexedDoc {
  /** bm25() of the match: more negative is better. */
  rank: number;
}

const SCHEMA_VERSION = '1';
/** Terms in more than this share of documents (and more than 50) are left out of a search: they barely
 * move bm25 and cost most of the time. 0.05 was chosen on the context benchmark (0.2 and 0.1 gave
 * recall 0.958 with p95 4-8 ms under load; 0.05 gave 0.967 and about 3 ms). */
const MAX_DF = 0.05;
const MIN_TERMS = 3;
const MAX_TERMS = 16;
/** Extra ranked rows read so another agent's documents rarely push this agent's out. */
const OVER_FETCH = 20;

/** How a document reads in the model's context; its token counts are of exactly this text. */
export function renderDoc(d: Pick<IndexDoc, 'title' | 'body'>): string {
  const body = d.body.trim();
  return body ? `### ${d.title}\n${body}` : `### ${d.title}`;
}

export class ContextIndex {
  /** Bounds of token counting for indexed documents (agents.yaml `context:`; defaults when unset). */
  tokenizer: TokenizerLimits | undefined;
  readonly file: string;
  private readonly db: DatabaseSync;
  private readonly stmts = new Map<string, StatementSync>();

  private constructor(file: string, db: DatabaseSync) {
    this.file = file;
    this.db = db;
  }

  /** Opens (or creates) the index; ':memory:' for a throwaway one. */
  static open(file: string): ContextIndex {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    try {
      return ContextIndex.init(file);
    } catch {
      // A cache that cannot be read is rebuilt, never repaired.
      if (file !== ':memory:') for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
      return ContextIndex.init(file);
    }
  }

  private static init(file: string): ContextIndex {
    const db = new DatabaseSync(file);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
    db.exec('CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)');
    const version = db.prepare("SELECT value FROM meta WHERE key = 'schema'").get() as { value: string } | undefined;
    if (version?.value !== SCHEMA_VERSION) {
      db.exec('DROP TABLE IF EXISTS docs; DROP TABLE IF EXISTS docs_fts; DELETE FROM meta;');
      db.exec(`
        CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, agent TEXT NOT NULL, kind TEXT NOT NULL,
          source TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, tags TEXT NOT NULL, time INTEGER NOT NULL,
          weight REAL NOT NULL, tok_o200k INTEGER NOT NULL, tok_cl100k INTEGER NOT NULL);
        CREATE INDEX docs_source ON docs(agent, source);
        CREATE VIRTUAL TABLE docs_fts USING fts5(title, body, tags, tokenize = 'porter unicode61');
      `);
      db.prepare("INSERT INTO meta(key, value) VALUES ('schema', ?)").run(SCHEMA_VERSION);
    }
    return new ContextIndex(file, db);
  }

  private stmt(sql: string): StatementSync {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** Replaces every document of `agent` that came from one of `sources` with `docs`, atomically. */
  replace(agent: string, sources: string[], docs: IndexDoc[]): void {
    this.transaction(() => {
      const existing = sources.flatMap((source) => this.stmt('SELECT * FROM docs WHERE agent = ? AND source = ?').all(agent, source) as unknown as Row[]);
      this.sync(existing, docs);
    });
  }

  /** Replaces all documents of `agent` (a rebuild from its files). */
  replaceAgent(agent: string, docs: IndexDoc[]): void {
    this.transaction(() => this.sync(this.stmt('SELECT * FROM docs WHERE agent = ?').all(agent) as unknown as Row[], docs));
  }

  /**
   * Makes `existing` become `docs`: unchanged documents are left alone (a task changes one
   * reward entry, not thirty), so writes and token counting scale with what changed.
   */
  private sync(existing: Row[], docs: IndexDoc[]): void {
    const wanted = new Map(docs.map((d) => [d.id, d]));
    for (const row of existing) {
      const d = wanted.get(row.id);
      if (d && d.agent === row.agent && d.kind === row.kind && d.source === row.source && d.title === row.title && d.body === row.body && d.tags.join(' ') === row.tags && Math.round(d.time) === row.time && d.weight === row.weight) {
        wanted.delete(row.id);
      } else {
        this.stmt('DELETE FROM docs_fts WHERE rowid = (SELECT rowid FROM docs WHERE id = ?)').run(row.id);
        this.stmt('DELETE FROM docs WHERE id = ?').run(row.id);
      }
    }
    for (const d of wanted.values()) this.insert(d);
  }

  private insert(d: IndexDoc): void {
    const text = renderDoc(d);
    this.stmt('DELETE FROM docs_fts WHERE rowid IN (SELECT rowid FROM docs WHERE id = ?)').run(d.id);
    this.stmt('DELETE FROM docs WHERE id = ?').run(d.id);
    const r = this.stmt(
      'INSERT INTO docs(id, agent, kind, source, title, body, tags, time, weight, tok_o200k, tok_cl100k) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(d.id, d.agent, d.kind, d.source, d.title, d.body, d.tags.join(' '), Math.round(d.time), d.weight, countWith('o200k_base', text, this.tokenizer), countWith('cl100k_base', text, this.tokenizer));
    this.stmt('INSERT INTO docs_fts(rowid, title, body, tags) VALUES (?, ?, ?, ?)').run(r.lastInsertRowid, d.title, d.body, d.tags.join(' '));
  }

  /**
   * Full-text matches for `agent` and the shared segments, best bm25 first. Terms found in more
   * than a fifth of all documents add little to bm25 and most of the cost, so only the rarest
   * (at most MAX_TERMS) are searched; document frequencies are cached until the index grows or
   * shrinks by a tenth.
   */
  search(agent: string, words: string[], limit: number): SearchHit[] {
    const chosen = this.selectTerms(words);
    if (!chosen.length) return [];
    const match = chosen.map((w) => `"${w}"`).join(' OR ');
    // Rank inside FTS5 first (its fast path), then fetch the documents; over-fetch so other
    // agents' matches rarely crowd this one out, and fall back to a join when they do.
    const fetch = limit + OVER_FETCH;
    const ranked = this.stmt('SELECT rowid, bm25(docs_fts, 3.0, 1.0, 2.0) AS rank FROM docs_fts WHERE docs_fts MATCH ? ORDER BY rank LIMIT ?').all(match, fetch) as { rowid: number; rank: number }[];
    const byId = this.stmt('SELECT * FROM docs WHERE rowid = ?');
    const hits: SearchHit[] = [];
    for (const r of ranked) {
      const row = byId.get(r.rowid) as unknown as Row | undefined;
      if (row && (row.agent === agent || row.agent === '')) hits.push({ ...fromRow(row), rank: r.rank });
      if (hits.length === limit) return hits;
    }
    if (ranked.length < fetch) return hits;
    const joined = this.stmt(
      `SELECT d.*, bm25(docs_fts, 3.0, 1.0, 2.0) AS rank FROM docs_fts JOIN docs d ON d.rowid = docs_fts.rowid
       WHERE docs_fts MATCH ? AND d.agent IN (?, '') ORDER BY rank LIMIT ?`,
    ).all(match, agent, limit) as unknown as Row[];
    return joined.map((r) => ({ ...fromRow(r), rank: r.rank }));
  }

  private df = { total: -1, terms: new Map<string, number>() };
  private docCount: number | undefined;

  /** The rarest useful terms, by document frequency (cached until the next write). */
  selectTerms(words: string[]): string[] {
    const total = (this.docCount ??= this.count());
    if (total !== this.df.total) this.df = { total, terms: new Map() };
    const freq = (w: string) => {
      let n = this.df.terms.get(w);
      if (n === undefined) {
        n = (this.stmt('SELECT count(*) AS n FROM docs_fts WHERE docs_fts MATCH ?').get(`"${w}"`) as { n: number }).n;
        this.df.terms.set(w, n);
      }
      return n;
    };
    const clean = [...new Set(words.map((w) => w.replace(/"/g, '')).filter(Boolean))];
    const scored = clean.map((w) => ({ w, n: freq(w) })).filter((x) => x.n > 0).sort((a, b) => a.n - b.n);
    const common = Math.max(50, total * MAX_DF);
    const rare = scored.filter((x) => x.n <= common);
    return (rare.length >= MIN_TERMS ? rare : scored.slice(0, MIN_TERMS)).slice(0, MAX_TERMS).map((x) => x.w);
  }

  /** Every document of `agent` (and shared ones): for load-all baselines and listings. */
  all(agent: string): IndexedDoc[] {
    return (this.stmt("SELECT * FROM docs WHERE agent IN (?, '') ORDER BY rowid").all(agent) as unknown as Row[]).map(fromRow);
  }

  count(agent?: string): number {
    const r = (agent === undefined ? this.stmt('SELECT count(*) AS n FROM docs').get() : this.stmt('SELECT count(*) AS n FROM docs WHERE agent = ?').get(agent)) as { n: number };
    return r.n;
  }

  getMeta(key: string): string | undefined {
    return (this.stmt('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmt('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  transaction(fn: () => void): void {
    // Document frequencies are cached between writes only: which terms a query keeps then depends
    // on the documents alone, not on what the process saw before (a replayed task retrieves the same).
    this.docCount = undefined;
    this.df = { total: -1, terms: new Map() };
    this.db.exec('BEGIN');
    try {
      fn();
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  close(): void {
    this.stmts.clear();
    this.db.close();
  }
}

interface Row {
  id: string; agent: string; kind: string; source: string; title: string; body: string; tags: string;
  time: number; weight: number; tok_o200k: number; tok_cl100k: number; rank: number;
}

function fromRow(r: Row): IndexedDoc {
  return {
    id: r.id, agent: r.agent, kind: r.kind, source: r.source, title: r.title, body: r.body,
    tags: r.tags ? r.tags.split(' ') : [], time: r.time, weight: r.weight,
    tokens: { o200k_base: r.tok_o200k, cl100k_base: r.tok_cl100k },
  };
}
