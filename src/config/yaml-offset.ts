// Where a schema problem sits in a YAML file: walk the path (from a zod issue) down the parsed
// document as far as it goes and return the offset of the deepest node reached: a map key's own
// offset (the line named is the key's), or with `{ value: true }` the value's when the whole path
// is found (the column points at the wrong answer). Shared by agents.yaml, eval suites and scaffold answers.
import { isMap, isSeq, type Document, type Node } from 'yaml';

export function yamlOffsetOf(doc: Document, path: readonly PropertyKey[], o: { value?: boolean } = {}): number | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0];
  let found = true;
  for (const key of path) {
    // A single mapping where a list was allowed (a tier with one model) is item 0.
    if (key === 0 && isMap(node)) continue;
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === key);
      if (!pair) {
        found = false;
        break;
      }
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      offset = (node as Node | undefined)?.range?.[0] ?? offset;
    } else {
      found = false;
      break;
    }
  }
  const valueAt = o.value && found ? (node as Node | undefined)?.range?.[0] : undefined;
  return valueAt ?? offset;
}
