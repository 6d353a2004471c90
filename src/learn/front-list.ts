// Shared shape of goals.md and reflections.md: YAML front matter holding one list (the
// truth), then a Markdown body regenerated from it for people.
import { Document } from 'yaml';
import type { z } from 'zod';
import { LearnParseError } from './errors.ts';
import { parseYaml, splitFrontMatter, validate } from './yaml-util.ts';

export function parseFrontList<T>(text: string, file: string, key: string, item: z.ZodType<T>): T[] {
  if (text.trim() === '') return [];
  const fm = splitFrontMatter(text, file);
  const parsed = parseYaml(fm.yaml, file, 1);
  const data = parsed.data;
  if (data === null) return [];
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new LearnParseError(file, 2, `expected front matter to be a mapping with a "${key}" list`);
  }
  const list = (data as Record<string, unknown>)[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    throw new LearnParseError(file, lineOf(parsed, key), `${key}: expected a list`);
  }
  return list.map((raw, i) => validate(item, raw, parsed, file, [key, i]));
}

function lineOf(parsed: ReturnType<typeof parseYaml>, key: string): number {
  const node = parsed.doc.get(key, true) as { range?: [number, number, number] } | undefined;
  return node?.range ? parsed.lineAt(node.range[0]) : 2;
}

/** Front matter with a comment, one list under `key` (fields in `flowKeys` on one line), then the body. */
export function renderFrontList(
  key: string,
  items: Record<string, unknown>[],
  comment: string,
  flowKeys: string[],
  body: string,
): string {
  const doc = new Document({ [key]: items });
  doc.commentBefore = ` ${comment}`;
  items.forEach((_, i) => {
    for (const k of flowKeys) {
      const node = doc.getIn([key, i, k], true) as { flow?: boolean } | undefined;
      if (node) node.flow = true;
    }
  });
  return `---\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}---\n\n${body.trim()}\n`;
}
