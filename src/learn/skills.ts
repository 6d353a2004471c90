// skills/<name>/SKILL.md codec: Agent Skills format (front matter `name`, `description`),
// our learning fields under `metadata`. The Agent Skills spec makes metadata a map of
// string to string, so numbers and lists are written as strings ("3", "a, b") and read
// back tolerantly (a person may write 3 or [a, b]).
import { stringify } from 'yaml';
import { z } from 'zod';
import { LearnParseError } from './errors.ts';
import type { Skill } from './types.ts';
import { lineOfPath, parseYaml, splitFrontMatter, validate } from './yaml-util.ts';

export const SKILLS_DIR = 'skills';
export const MAX_SLUG = 64;

export function skillPath(name: string): string {
  return `${SKILLS_DIR}/${name}/SKILL.md`;
}

/** Agent Skills name rule: lowercase letters, digits, single hyphens, not at either end. */
export function isValidSlug(s: string): boolean {
  return s.length > 0 && s.length <= MAX_SLUG && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s);
}

/** A valid slug from free text, or '' when nothing usable is left. */
export function slugify(text: string, max = MAX_SLUG): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.slice(0, max).replace(/-+$/, '');
}

const text = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const list = z
  .union([z.array(text), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean));
const optText = text.nullable().optional().transform((v) => v ?? null);

const FrontSchema = z.object({
  name: z.string().refine(isValidSlug, 'expected lowercase letters, digits and single hyphens, at most 64 characters'),
  description: z.string().trim().min(1, 'expected a non-empty description').max(1024),
  metadata: z
    .object({
      reward_evidence: z.union([z.number(), z.string().regex(/^\d+$/, 'expected a whole number')]).transform(Number).optional(),
      last_success: optText,
      created: optText,
      updated: optText,
      source: list.optional(),
      tags: list.optional(),
    })
    .catchall(text)
    .nullable()
    .optional(),
});

const TOP = new Set(['name', 'description', 'metadata']);
const META = new Set(['reward_evidence', 'last_success', 'created', 'updated', 'source', 'tags']);

/** Parses one SKILL.md; `file` is its path relative to the agent dir (skills/<folder>/SKILL.md). */
export function parseSkill(source: string, file: string): Skill {
  const fm = splitFrontMatter(source, file);
  const parsed = parseYaml(fm.yaml, file, 1);
  if (parsed.data === null || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
    throw new LearnParseError(file, 2, 'expected front matter to be a mapping with name and description');
  }
  const front = validate(FrontSchema, parsed.data, parsed, file);
  const folder = file.split('/').at(-2);
  if (folder !== undefined && folder !== SKILLS_DIR && folder !== front.name) {
    throw new LearnParseError(file, lineOfPath(parsed, ['name']), `name "${front.name}" must equal the folder name "${folder}"`);
  }
  type Meta = NonNullable<typeof front.metadata>;
  const meta: Partial<Meta> = front.metadata ?? {};
  const raw = parsed.data as Record<string, unknown>;
  const skill: Skill = {
    name: front.name,
    description: front.description,
    body: fm.body,
    reward_evidence: meta.reward_evidence ?? 0,
    last_success: meta.last_success ?? null,
    created: meta.created ?? null,
    updated: meta.updated ?? null,
    source: meta.source ?? [],
    tags: meta.tags ?? [],
  };
  const extra = Object.fromEntries(Object.entries(raw).filter(([k]) => !TOP.has(k)));
  if (Object.keys(extra).length) skill.extra = extra;
  const metaExtra = Object.fromEntries(
    Object.entries(meta).filter(([k]) => !META.has(k)).map(([k, v]) => [k, String(v)]),
  );
  if (Object.keys(metaExtra).length) skill.metadata_extra = metaExtra;
  return skill;
}

export function renderSkill(skill: Skill): string {
  const metadata: Record<string, string> = { reward_evidence: String(skill.reward_evidence) };
  if (skill.last_success) metadata.last_success = skill.last_success;
  if (skill.created) metadata.created = skill.created;
  if (skill.updated) metadata.updated = skill.updated;
  if (skill.source.length) metadata.source = skill.source.join(', ');
  if (skill.tags.length) metadata.tags = skill.tags.join(', ');
  Object.assign(metadata, skill.metadata_extra ?? {});
  const front = { name: skill.name, description: skill.description, ...(skill.extra ?? {}), metadata };
  const yaml = stringify(front, { lineWidth: 0 });
  const body = skill.body.trim();
  return `---\n${yaml}---\n${body ? `\n${body}\n` : ''}`;
}
