// read_file: a text file of the workspace, at most READ_CAP bytes of it.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { fromFsError, ToolError } from './errors.ts';
import { openTarget } from './workspace-fs.ts';

export const READ_CAP = 256 * 1024;

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;

export interface ReadFileResult {
  path: string;
  content: string;
  /** Bytes of content returned. */
  bytes: number;
  /** The file's size on disk. */
  size: number;
  truncated: boolean;
  note?: string;
}

export async function readFileTool(workspace: string, input: { path: string }): Promise<ReadFileResult> {
  const t = await openTarget(workspace, input.path, 'read', 'file');
  let fh: fsp.FileHandle | undefined;
  try {
    // O_NOFOLLOW: the leaf was resolved already, so a symlink here was swapped in since.
    // O_NONBLOCK: opening a FIFO must not hang the act loop; it is refused below anyway.
    fh = await fsp.open(t.dir.at(t.leaf!), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    const st = await fh.stat();
    if (st.isDirectory()) throw new ToolError('NOT_A_FILE', `'${t.shown}' is a directory; use list_files`);
    if (!st.isFile()) throw new ToolError('NOT_A_FILE', `'${t.shown}' is not a regular file`);
    const buf = Buffer.alloc(Math.min(st.size, READ_CAP) + 1);
    let n = 0;
    while (n < buf.length) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    const truncated = n > READ_CAP || st.size > READ_CAP;
    const body = buf.subarray(0, utf8Boundary(buf, Math.min(n, READ_CAP)));
    if (body.includes(0)) throw new ToolError('BINARY', `'${t.shown}' looks binary (it contains NUL bytes); read_file returns text only`);
    const result: ReadFileResult = { path: t.shown, content: body.toString('utf8'), bytes: body.length, size: Math.max(st.size, n), truncated };
    if (truncated) result.note = `truncated: showing the first ${body.length} of ${result.size} bytes (read_file returns at most ${READ_CAP})`;
    return result;
  } catch (e) {
    throw fromFsError(e, t.shown);
  } finally {
    await fh?.close();
    await t.dir.close();
  }
}

/** The largest end <= `end` that does not split a UTF-8 sequence. */
export function utf8Boundary(buf: Uint8Array, end: number): number {
  if (end >= buf.length) return end;
  let i = end;
  // Back over continuation bytes (10xxxxxx) to the lead byte, at most 3.
  while (i > 0 && end - i < 3 && (buf[i] & 0xc0) === 0x80) i--;
  return i;
}
