// reflections.md codec: front matter `reflections:` (task, text, created), newest last,
// a readable rendering below it.
import { z } from 'zod';
import { parseFrontList, renderFrontList } from './front-list.ts';
import type { Reflection } from './types.ts';

export const REFLECTIONS_FILE = 'reflections.md';

const ReflectionSchema = z.object({
  task: z.union([z.string().min(1), z.number()]).transform(String),
  text: z.string(),
  created: z.string().min(1),
});

export function parseReflections(text: string, file = REFLECTIONS_FILE): Reflection[] {
  return parseFrontList(text, file, 'reflections', ReflectionSchema);
}

export function renderReflections(reflections: Reflection[]): string {
  const items = reflections.map((r) => ({ task: r.task, text: r.text, created: r.created }));
  const comment = 'This list is the truth (newest last); the text below it is regenerated from it.';
  const body = ['# Reflections', ''];
  if (!reflections.length) body.push('_none yet_');
  for (const r of reflections) {
    const text = r.text.trim().split('\n').join('\n  ');
    body.push(`- **${r.task}** (${r.created.slice(0, 10)}): ${text}`);
  }
  return renderFrontList('reflections', items, comment, [], body.join('\n'));
}
