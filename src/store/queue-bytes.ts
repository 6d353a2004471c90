// Byte-level reading and editing of queue.md: edits keep every other byte exactly as it was.
import fsp from 'node:fs/promises';
import { splitBlocks, type BlockSpan } from './queue-blocks.ts';

const NL = 0x0a;

function lineStarts(buf: Buffer): number[] {
  const starts = [0];
  for (let i = buf.indexOf(NL); i !== -1; i = buf.indexOf(NL, i + 1)) starts.push(i + 1);
  return starts;
}

/** Cut spans found in the decoded text out of the original bytes (lines map 1:1; bytes stay exact). */
export function cutBytes(buf: Buffer, text: string, cut: BlockSpan[]): Buffer {
  if (!cut.length) return buf;
  const all = splitBlocks(text);
  const starts = lineStarts(buf);
  const lines = new Set(cut.map((s) => s.line));
  const parts: Buffer[] = [];
  let pos = 0;
  all.forEach((s, i) => {
    if (!lines.has(s.line)) return;
    const next = all[i + 1];
    parts.push(buf.subarray(pos, starts[s.line - 1]));
    pos = next ? starts[next.line - 1] : buf.length;
  });
  parts.push(buf.subarray(pos));
  return Buffer.concat(parts);
}

export async function readAll(fh: fsp.FileHandle, from = 0): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let pos = from;
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const { bytesRead } = await fh.read(chunk, 0, chunk.length, pos);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return Buffer.concat(chunks);
}

/**
 * Read to EOF, waiting briefly while the data looks like a write still in flight: a reader can
 * see an append torn at a page boundary (the kernel grows the size page by page), and an
 * unfinished last line may be a write in progress. A few quiet milliseconds (`quietMs`) settle both.
 */
export async function readSettled(fh: fsp.FileHandle, from = 0, quietMs = 6): Promise<Buffer> {
  let buf = await readAll(fh, from);
  const suspicious = () => buf.length > 0 && ((from + buf.length) % 4096 === 0 || buf[buf.length - 1] !== NL);
  // Polls every 2 ms until `quietMs` pass without growth; at most 100 ms more than that in all.
  const polls = Math.max(1, Math.ceil(quietMs / 2));
  for (let quiet = 0, i = 0; quiet < polls && i < 50 + polls && suspicious(); i++) {
    await new Promise((r) => setTimeout(r, 2));
    const more = await readAll(fh, from + buf.length);
    if (more.length) buf = Buffer.concat([buf, more]);
    quiet = more.length ? 0 : quiet + 1;
  }
  return buf;
}

export async function openIfExists(file: string): Promise<fsp.FileHandle | null> {
  try {
    return await fsp.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}


/**
 * How much of `buf` (read from a line start) is whole: all of it when it ends with a newline;
 * otherwise up to the start of its last block (`## ` at a line start), or of its last line. A
 * writer still inside a block keeps the block on the file it writes to, so the block moves over
 * whole once finished, never split by another writer's append landing in between.
 */
export function wholeLength(buf: Buffer): number {
  if (buf.length === 0 || buf[buf.length - 1] === NL) return buf.length;
  const header = buf.lastIndexOf('\n## ');
  if (header !== -1) return header + 1;
  if (buf.subarray(0, 3).toString('latin1') === '## ') return 0;
  return buf.lastIndexOf(NL) + 1;
}
