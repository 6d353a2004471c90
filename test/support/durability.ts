// The durability rule of a commit, checked over the file operations a recording layer saw: what
// power loss at the moment the ref moved would lose. Shared by the writer's and the kernel's tests.
import path from 'node:path';
import type { FsEvent } from './git-writer-imports.ts';

/**
 * What would be lost if power failed at the moment the ref's rename happened: for every object
 * file published before it, its content must have been flushed before its rename and its folder
 * flushed after; the ref lock's content flushed before its own rename. Returns the violations.
 */
export function durabilityViolations(events: FsEvent[], refFile: string): string[] {
  const out: string[] = [];
  const refAt = events.findIndex((e) => e.op === 'rename' && e.to === refFile);
  if (refAt < 0) return ['the ref was never renamed into place'];
  const before = events.slice(0, refAt);
  const flushedBefore = (file: string, at: number) => events.slice(0, at).some((e) => e.op === 'fsync' && e.path === file);
  const published = before.map((e, i) => ({ e, i })).filter(({ e }) => e.op === 'rename' && e.to.includes(`${path.sep}objects${path.sep}`));
  if (!published.length) out.push('no object file was published before the ref moved');
  for (const { e, i } of published) {
    if (e.op !== 'rename') continue;
    if (!flushedBefore(e.path, i)) out.push(`${path.basename(e.to)} renamed before its content was flushed`);
    if (!before.slice(i + 1).some((x) => x.op === 'fsyncDir' && x.path === path.dirname(e.to))) out.push(`${path.basename(e.to)}: its folder was not flushed before the ref moved`);
  }
  if (!flushedBefore(`${refFile}.lock`, refAt)) out.push('the ref lock was renamed before its content was flushed');
  return out;
}

