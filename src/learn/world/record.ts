// world/<dir>/<name>.md codec: YAML front matter (the record) and a Markdown body (notes and
// the evidence log, for people and the model). Where a record lives follows from it:
// hypotheses/ until confirmed, then entities/ or relations/ by kind.
import { Document } from 'yaml';
import { z } from 'zod';
import { LearnParseError } from '../errors.ts';
import { isValidSlug } from '../skills.ts';
import { lineOfPath, parseYaml, splitFrontMatter, validate } from '../yaml-util.ts';
import type { WorldRecord } from './types.ts';

export const WORLD_DIR = 'world';
export const WORLD_INDEX_FILE = 'world/index.md';
export const WORLD_SUBDIRS = ['entities', 'relations', 'hypotheses'] as const;

export function worldPath(r: Pick<WorldRecord, 'name' | 'kind' | 'status'>): string {
  const dir = r.status === 'hypothesis' ? 'hypotheses' : r.kind === 'entity' ? 'entities' : 'relations';
  return `${WORLD_DIR}/${dir}/${r.name}.md`;
}

/** True for the files that hold world records (not index.md). */
export function isWorldRecordPath(p: string): boolean {
  return /^world\/(entities|relations|hypotheses)\/[^/]+\.md$/.test(p);
}

const id = z.union([z.string().min(1), z.number()]).transform(String);
const ids = z.array(id).nullable().optional().transform((v) => v ?? []);
const strings = z.array(z.union([z.string(), z.number()]).transform(String)).nullable().optional().transform((v) => v ?? []);
const when = z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString() : v));

const RecordSchema = z.object({
  name: z.string().refine(isValidSlug, 'expected lowercase letters, digits and single hyphens, at most 64 characters'),
  kind: z.enum(['entity', 'relation'], { error: 'expected entity or relation' }),
  status: z.enum(['hypothesis', 'confirmed'], { error: 'expected hypothesis or confirmed (delete the file to retract)' }),
  claim: z.string().trim().min(1, 'expected the claim, one sentence'),
  confidence: z.number().min(0).max(1).optional(),
  aliases: strings,
  tags: strings,
  evidence: z
    .object({ supports: ids, contradicts: ids, verified: ids })
    .nullable()
    .optional()
    .transform((v) => v ?? { supports: [], contradicts: [], verified: [] }),
  first_seen: when,
  last_confirmed: when.nullable().optional().transform((v) => v ?? null),
  supersedes: z
    .array(z.object({ name: z.string(), claim: z.string(), confidence: z.number(), until: when }))
    .nullable()
    .optional()
    .transform((v) => v ?? []),
  created: when.optional(),
  updated: when.optional(),
  source: ids,
});

const KNOWN = new Set(Object.keys(RecordSchema.shape));

/** Parses one record; `file` is its path relative to the agent dir. */
export function parseWorldRecord(text: string, file: string): WorldRecord {
  const fm = splitFrontMatter(text, file);
  const parsed = parseYaml(fm.yaml, file, 1);
  if (parsed.data === null || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
    throw new LearnParseError(file, 2, 'expected front matter to be a mapping with name, kind, status, claim, ...');
  }
  const f = validate(RecordSchema, parsed.data, parsed, file);
  const base = file.split('/').at(-1)?.replace(/\.md$/, '');
  if (base !== undefined && base !== f.name) {
    throw new LearnParseError(file, lineOfPath(parsed, ['name']), `name "${f.name}" must equal the file name "${base}"`);
  }
  const record: WorldRecord = {
    name: f.name,
    kind: f.kind,
    status: f.status,
    claim: f.claim,
    confidence: f.confidence ?? 0.5,
    aliases: f.aliases,
    tags: f.tags,
    evidence: f.evidence,
    first_seen: f.first_seen,
    last_confirmed: f.last_confirmed,
    supersedes: f.supersedes,
    created: f.created ?? f.first_seen,
    updated: f.updated ?? f.first_seen,
    source: f.source,
    body: fm.body,
  };
  const extra = Object.fromEntries(Object.entries(parsed.data).filter(([k]) => !KNOWN.has(k)));
  if (Object.keys(extra).length) record.extra = extra;
  return record;
}

export function renderWorldRecord(r: WorldRecord): string {
  const front: Record<string, unknown> = {
    name: r.name,
    kind: r.kind,
    status: r.status,
    claim: r.claim,
    confidence: r.confidence,
    aliases: r.aliases,
    tags: r.tags,
    evidence: { supports: r.evidence.supports, contradicts: r.evidence.contradicts, verified: r.evidence.verified },
    first_seen: r.first_seen,
    last_confirmed: r.last_confirmed,
    supersedes: r.supersedes,
    created: r.created,
    updated: r.updated,
    source: r.source,
    ...(r.extra ?? {}),
  };
  const doc = new Document(front);
  for (const p of [['aliases'], ['tags'], ['source'], ['evidence', 'supports'], ['evidence', 'contradicts'], ['evidence', 'verified']]) {
    const node = doc.getIn(p, true) as { flow?: boolean } | undefined;
    if (node) node.flow = true;
  }
  const yaml = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  const body = r.body.trim();
  return `---\n${yaml}---\n${body ? `\n${body}\n` : ''}`;
}
