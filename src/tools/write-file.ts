// write_file: replace or create a text file of the workspace, atomically. The content
// goes to a temp file beside the target, is synced, and is renamed over it: a reader or
// a crash sees the old file or the new one, and a hard link at the target is replaced,
// never written through (the linked inode elsewhere keeps its content).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { fromFsError, ToolError } from './errors.ts';
import { assertUnmoved, openTarget } from './workspace-fs.ts';

export const WRITE_CAP = 1024 * 1024;

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;

export interface WriteFileResult {
  path: string;
  /** Bytes written. */
  bytes: number;
  created: boolean;
}

export async function writeFileTool(workspace: string, input: { path: string; content: string }): Promise<WriteFileResult> {
  if (typeof input.content !== 'string') throw new ToolError('PATH_INVALID', 'content must be a string');
  const data = Buffer.from(input.content, 'utf8');
  // Checked before touching the disk: an oversize write creates nothing, not even parents.
  if (data.length > WRITE_CAP) {
    throw new ToolError('TOO_LARGE', `content is ${data.length} bytes; write_file accepts at most ${WRITE_CAP} bytes (1 MiB)`);
  }
  const t = await openTarget(workspace, input.path, 'write', 'file');
  const leaf = t.leaf!;
  const tmp = `.${randomBytes(6).toString('hex')}.agentos-tool-tmp`;
  let tmpMade = false;
  try {
    let mode = 0o666; // less the umask, as for any new file
    let created = true;
    try {
      const st = await fsp.lstat(t.dir.at(leaf));
      if (st.isDirectory()) throw new ToolError('NOT_A_FILE', `'${t.shown}' is a directory; it cannot be written as a file`);
      if (st.isFile()) mode = st.mode & 0o777; // keep an existing file's permissions
      created = false;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const fh = await fsp.open(t.dir.at(tmp), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
    tmpMade = true;
    try {
      if (!created) await fh.chmod(mode);
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await assertUnmoved(t.dir, t.shown); // the second look, right before the rename
    await fsp.rename(t.dir.at(tmp), t.dir.at(leaf));
    tmpMade = false;
    await t.dir.fh.sync().catch(() => {}); // make the rename durable where fsync on a dir works
    return { path: t.shown, bytes: data.length, created };
  } catch (e) {
    throw fromFsError(e, t.shown);
  } finally {
    if (tmpMade) await fsp.rm(t.dir.at(tmp), { force: true }).catch(() => {});
    await t.dir.close();
  }
}
