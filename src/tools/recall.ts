// recall: the agent's own memory — earned skills (skills/<slug>/SKILL.md) and world
// records (world/**/*.md) — searched by the words of a query, or one record read whole.
// Read-only, confined to those two folders of the agent's repository.
import { ToolError } from './errors.ts';
import { readFileTool } from './read-file.ts';
import { collectTextFiles } from './search-files.ts';
import { splitRelative } from './confine.ts';

const ROOTS = ['skills', 'world'];
const MAX_HITS = 8;
const EXCERPT = 600;

export interface RecallInput {
  query?: string;
  /** A record to read whole, e.g. 'skills/retry-with-backoff/SKILL.md'. */
  path?: string;
}

export interface RecallHit {
  path: string;
  score: number;
  excerpt: string;
}

export interface RecallResult {
  hits?: RecallHit[];
  record?: { path: string; content: string };
  searched: number;
  bytes: number;
}

const words = (s: string) => new Set(s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2));

export async function recallTool(agentRoot: string, input: RecallInput): Promise<RecallResult> {
  if (input.path !== undefined) {
    const segs = splitRelative(input.path);
    if (!ROOTS.includes(segs[0] ?? '')) throw new ToolError('PATH_INVALID', `recall reads only under ${ROOTS.map((r) => `${r}/`).join(' and ')}; got '${input.path}'`);
    const r = await readFileTool(agentRoot, { path: segs.join('/') });
    return { record: { path: r.path, content: r.content }, searched: 1, bytes: r.bytes };
  }
  const q = words(input.query ?? '');
  if (q.size === 0) throw new ToolError('PATH_INVALID', 'give a query (words to look for) or a path to read');
  const files = [];
  for (const root of ROOTS) {
    try {
      files.push(...(await collectTextFiles(agentRoot, { path: root, glob: '**/*.md' })).files);
    } catch (e) {
      if (!(e instanceof ToolError && e.code === 'NOT_FOUND')) throw e;
    }
  }
  const hits: RecallHit[] = [];
  for (const f of files) {
    if (f.path.endsWith('/index.md') && f.path.startsWith('world/')) continue; // the index only lists
    const have = words(f.text);
    let score = 0;
    for (const w of q) if (have.has(w)) score++;
    if (score > 0) hits.push({ path: f.path, score, excerpt: f.text.length > EXCERPT ? `${f.text.slice(0, EXCERPT)}…` : f.text });
  }
  hits.sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : 1));
  const top = hits.slice(0, MAX_HITS);
  return { hits: top, searched: files.length, bytes: top.reduce((n, h) => n + Buffer.byteLength(h.excerpt), 0) };
}
