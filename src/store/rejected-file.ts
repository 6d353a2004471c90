// queue.rejected.md: blocks moved out of queue.md, each under `#` comment lines with why and when.
// `#` lines are YAML comments, so a person can fix an entry and paste it back into queue.md as is.
import fsp from 'node:fs/promises';
import type { RejectedBlock } from './types.ts';
import { isValidTaskId } from './queue-fields.ts';

export const REJECTED_PREAMBLE =
  '# Blocks moved out of queue.md because they cannot run.\n' +
  '# Fix a block and paste it back into queue.md (the # lines are comments and may stay).\n';

const ENTRY_RE = /^# rejected (\S+) from queue\.md line (\d+)$/;
const REASON_RE = /^# reason: (.*)$/;

export interface RejectedEntry {
  /** ISO time it was moved aside. */
  rejectedAt: string;
  /** Line of the block in queue.md when it was rejected. */
  line: number;
  id?: string;
  reason: string;
  raw: string;
}

/** One entry as appended to queue.rejected.md. */
export function formatRejected(b: RejectedBlock, at: Date): string {
  const reason = b.reason.replace(/\s*[\r\n]+\s*/g, ' ');
  const raw = b.raw.endsWith('\n') ? b.raw : `${b.raw}\n`;
  return `\n# rejected ${at.toISOString()} from queue.md line ${b.line}\n# reason: ${reason}\n${raw}`;
}

/** Parse queue.rejected.md (for `agentos status`); text outside entries is ignored. */
export function parseRejected(text: string): RejectedEntry[] {
  const lines = text.split('\n');
  const out: RejectedEntry[] = [];
  let i = 0;
  while (i < lines.length) {
    const m = ENTRY_RE.exec(lines[i]);
    if (!m) {
      i++;
      continue;
    }
    const reasonMatch = REASON_RE.exec(lines[i + 1] ?? '');
    let j = i + (reasonMatch ? 2 : 1);
    const start = j;
    while (j < lines.length && !ENTRY_RE.test(lines[j])) j++;
    const body = lines.slice(start, j);
    while (body.length && body[body.length - 1].trim() === '') body.pop();
    const raw = body.length ? `${body.join('\n')}\n` : '';
    const header = body[0]?.startsWith('## ') ? body[0].slice(3).trim() : '';
    const entry: RejectedEntry = { rejectedAt: m[1], line: Number(m[2]), reason: reasonMatch ? reasonMatch[1] : '', raw };
    if (isValidTaskId(header)) entry.id = header;
    out.push(entry);
    i = j;
  }
  return out;
}

/** Entries of a queue.rejected.md file; a missing file has none. */
export async function readRejected(path: string): Promise<RejectedEntry[]> {
  try {
    return parseRejected(await fsp.readFile(path, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
