// apply_patch: a unified diff over workspace files, all or nothing: every hunk of every
// file must apply before anything is written. Writes go through write_file's confined,
// atomic path; deletions through the same confined directory walk.
import fsp from 'node:fs/promises';
import { assertWritable, joinSegments, splitRelative } from './confine.ts';
import { fromFsError, ToolError } from './errors.ts';
import { applyHunks, parsePatch } from './patch.ts';
import { readFileTool } from './read-file.ts';
import { openTarget } from './workspace-fs.ts';
import { writeFileTool } from './write-file.ts';

export const PATCH_CAP = 512 * 1024;

export interface ApplyPatchResult {
  files: { path: string; change: 'created' | 'modified' | 'deleted'; bytes: number }[];
  bytes: number;
}

/** `allowWrite(path)` is the policy's files.write check, asked for every file before any write. */
export async function applyPatchTool(workspace: string, input: { patch: string }, allowWrite: (p: string) => void = () => {}): Promise<ApplyPatchResult> {
  if (typeof input.patch !== 'string') throw new ToolError('PATCH_FAILED', 'patch must be a string');
  if (input.patch.length > PATCH_CAP) throw new ToolError('TOO_LARGE', `the patch is ${input.patch.length} characters; at most ${PATCH_CAP}`);
  const patches = parsePatch(input.patch);
  const planned: { path: string; change: 'created' | 'modified' | 'deleted'; content?: string }[] = [];
  for (const fp of patches) {
    const segs = splitRelative(fp.path);
    assertWritable(segs, joinSegments(segs)); // .git and .gitmodules are refused before anything is read
    allowWrite(fp.path);
    if (fp.kind === 'delete') {
      await readFileTool(workspace, { path: fp.path }); // exists, is a confined text file
      planned.push({ path: fp.path, change: 'deleted' });
      continue;
    }
    let current = '';
    if (fp.kind === 'modify') {
      const r = await readFileTool(workspace, { path: fp.path });
      if (r.truncated) throw new ToolError('TOO_LARGE', `'${fp.path}' is too large to patch`);
      current = r.content;
    } else {
      const exists = await readFileTool(workspace, { path: fp.path }).then(() => true, (e) => (e instanceof ToolError && e.code === 'NOT_FOUND' ? false : Promise.reject(e)));
      if (exists) throw new ToolError('PATCH_FAILED', `'${fp.path}' already exists; a patch from /dev/null only creates new files`);
    }
    planned.push({ path: fp.path, change: fp.kind === 'create' ? 'created' : 'modified', content: applyHunks(current, fp.hunks, fp.path) });
  }
  const files: ApplyPatchResult['files'] = [];
  for (const p of planned) {
    if (p.change === 'deleted') {
      await deleteFile(workspace, p.path);
      files.push({ path: p.path, change: 'deleted', bytes: 0 });
    } else {
      const w = await writeFileTool(workspace, { path: p.path, content: p.content! });
      files.push({ path: w.path, change: p.change, bytes: w.bytes });
    }
  }
  return { files, bytes: files.reduce((n, f) => n + f.bytes, 0) };
}

async function deleteFile(workspace: string, p: string): Promise<void> {
  const t = await openTarget(workspace, p, 'write', 'file');
  try {
    const st = await fsp.lstat(t.dir.at(t.leaf!));
    if (!st.isFile()) throw new ToolError('NOT_A_FILE', `'${t.shown}' is not a regular file`);
    await fsp.unlink(t.dir.at(t.leaf!));
  } catch (e) {
    throw fromFsError(e, t.shown);
  } finally {
    await t.dir.close();
  }
}
