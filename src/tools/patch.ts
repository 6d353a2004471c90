// Unified diffs, parsed and applied in memory. Pure: the tool (apply-patch.ts) reads the
// files, calls these, and writes every result only when all hunks of all files apply.
import { ToolError } from './errors.ts';

export interface Hunk {
  oldStart: number;
  /** Lines with their prefix: ' ' context, '-' removed, '+' added. */
  lines: string[];
}

export interface FilePatch {
  /** Workspace path ('a/' and 'b/' prefixes removed); for a deletion, the old path. */
  path: string;
  kind: 'create' | 'delete' | 'modify';
  hunks: Hunk[];
}

const strip = (p: string) => p.replace(/\t.*$/, '').trim().replace(/^[ab]\//, '');

export function parsePatch(text: string): FilePatch[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const files: FilePatch[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!lines[i].startsWith('--- ')) {
      i++;
      continue;
    }
    const oldPath = lines[i].slice(4);
    const next = lines[i + 1] ?? '';
    if (!next.startsWith('+++ ')) throw new ToolError('PATCH_FAILED', `line ${i + 2}: expected '+++ <path>' after '--- ${oldPath}'`);
    const newPath = next.slice(4);
    const isNull = (p: string) => strip(p) === '/dev/null';
    const kind: FilePatch['kind'] = isNull(oldPath) ? 'create' : isNull(newPath) ? 'delete' : 'modify';
    const file: FilePatch = { path: strip(kind === 'delete' ? oldPath : newPath), kind, hunks: [] };
    i += 2;
    while (i < lines.length && lines[i].startsWith('@@')) {
      const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(lines[i]);
      if (!m) throw new ToolError('PATCH_FAILED', `line ${i + 1}: malformed hunk header '${lines[i]}'`);
      let oldLeft = m[2] === undefined ? 1 : Number(m[2]);
      let newLeft = m[4] === undefined ? 1 : Number(m[4]);
      const hunk: Hunk = { oldStart: Number(m[1]), lines: [] };
      i++;
      while (i < lines.length && (oldLeft > 0 || newLeft > 0)) {
        const l = lines[i];
        if (l.startsWith('\\')) {
          i++; // "\ No newline at end of file"
          continue;
        }
        const tag = l === '' ? ' ' : l[0];
        if (tag === ' ') {
          oldLeft--;
          newLeft--;
        } else if (tag === '-') oldLeft--;
        else if (tag === '+') newLeft--;
        else throw new ToolError('PATCH_FAILED', `line ${i + 1}: a hunk line must start with ' ', '-' or '+'; got '${l.slice(0, 40)}'`);
        hunk.lines.push(l === '' ? ' ' : l);
        i++;
      }
      if (oldLeft !== 0 || newLeft !== 0) throw new ToolError('PATCH_FAILED', `hunk at line ${m[0]} of '${file.path}' is shorter than its header says`);
      file.hunks.push(hunk);
    }
    if (file.hunks.length === 0 && file.kind !== 'delete') throw new ToolError('PATCH_FAILED', `'${file.path}': no hunks`);
    files.push(file);
  }
  if (files.length === 0) throw new ToolError('PATCH_FAILED', "no file in the patch: expected unified diff headers '--- a/<path>' and '+++ b/<path>' followed by '@@' hunks");
  return files;
}

/** Applies hunks to `text`; a hunk may have moved (searched outward from its line), never fuzzily. */
export function applyHunks(text: string, hunks: Hunk[], shown: string): string {
  const endsWithNewline = text === '' || text.endsWith('\n');
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  let offset = 0;
  for (const [n, h] of hunks.entries()) {
    const before = h.lines.filter((l) => l[0] !== '+').map((l) => l.slice(1));
    const after = h.lines.filter((l) => l[0] !== '-').map((l) => l.slice(1));
    // A pure insertion's old start names the line after which it goes.
    const want = Math.max(0, before.length === 0 ? h.oldStart + offset : h.oldStart - 1 + offset);
    const at = findBlock(lines, before, want);
    if (at < 0) throw new ToolError('PATCH_FAILED', `'${shown}': hunk ${n + 1} (at line ${h.oldStart}) does not match the file; read it again and make a new patch`);
    lines.splice(at, before.length, ...after);
    offset += at - want + after.length - before.length;
  }
  const out = lines.join('\n');
  return lines.length === 0 ? '' : endsWithNewline ? `${out}\n` : out;
}

function findBlock(lines: string[], block: string[], from: number): number {
  if (block.length === 0) return Math.max(0, Math.min(from, lines.length));
  const fits = (at: number) => at >= 0 && at + block.length <= lines.length && block.every((b, k) => lines[at + k] === b);
  for (let d = 0; d <= lines.length; d++) {
    if (fits(from - d)) return from - d;
    if (d > 0 && fits(from + d)) return from + d;
    if (from - d < 0 && from + d > lines.length) break;
  }
  return -1;
}
