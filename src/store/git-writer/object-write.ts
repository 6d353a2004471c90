// Store new objects durably before any ref names them: as one pack + .idx per commit (the
// default), or as loose objects. Staging writes temp files; the caller flushes them together
// with its ref lock, then publishes (rename) and flushes the directories.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { FsLayer } from './fs-layer.ts';
import type { GitObject } from './objects.ts';
import { buildPack } from './pack-format.ts';

export type ObjectStorage = 'pack' | 'loose';

export interface StagedObjects {
  /** Flushes of the temp files; all must settle before `publish`. */
  syncs: Promise<void>[];
  /**
   * Rename temp files into place: a pack's .idx before the pack. Git renames the other way, but
   * a .pack without its .idx (a crash in between) fails `git fsck --full`, while an .idx without
   * its pack is ignored by git (and removed by its gc) and by this writer's reader.
   */
  publish(): void;
  /** Directories to flush after `publish` so the renames survive a crash. */
  dirs: string[];
  /** The new pack (its .idx path and bytes), for the reader. */
  pack?: { idxPath: string; idx: Buffer };
  /** Remove temp files after a failure. */
  abort(): void;
}

const tmpName = (prefix: string) => `${prefix}${process.pid}_${randomBytes(6).toString('hex')}`;

function writeTemp(fsl: FsLayer, file: string, data: Buffer): { fd: number; file: string } {
  const fd = fsl.createExclusive(file, 0o444);
  try {
    fsl.write(fd, file, data);
  } catch (e) {
    fsl.close(fd, file);
    throw e;
  }
  return { fd, file };
}

/** One pack + .idx in objects/pack (temp names tmp_pack_* / tmp_idx_*, which git's gc also cleans). */
export function stagePack(fsl: FsLayer, objectsDir: string, objects: GitObject[], level: number): StagedObjects {
  const dir = path.join(objectsDir, 'pack');
  fsl.mkdirp(dir);
  const built = buildPack(objects, level);
  const base = path.join(dir, `pack-${built.name}`);
  const temps = [writeTemp(fsl, path.join(dir, tmpName('tmp_pack_agentos_')), built.pack)];
  try {
    temps.push(writeTemp(fsl, path.join(dir, tmpName('tmp_idx_agentos_')), built.idx));
  } catch (e) {
    fsl.close(temps[0].fd, temps[0].file);
    fsl.unlink(temps[0].file);
    throw e;
  }
  let open = true;
  const closeAll = () => {
    if (!open) return;
    open = false;
    for (const t of temps) fsl.close(t.fd, t.file);
  };
  return {
    syncs: temps.map((t) => fsl.fsync(t.fd, t.file)),
    publish() {
      closeAll();
      fsl.rename(temps[1].file, `${base}.idx`);
      fsl.rename(temps[0].file, `${base}.pack`);
    },
    dirs: [dir],
    pack: { idxPath: `${base}.idx`, idx: built.idx },
    abort() {
      closeAll();
      for (const t of temps) fs.rmSync(t.file, { force: true });
    },
  };
}

/** Each object as objects/xx/<38 hex>, skipping those already present. */
export function stageLoose(fsl: FsLayer, objectsDir: string, objects: GitObject[], level: number): StagedObjects {
  const temps: { fd: number; file: string; final: string }[] = [];
  const dirs = new Set<string>();
  let newDirs = false;
  try {
    for (const o of objects) {
      const dir = path.join(objectsDir, o.sha.slice(0, 2));
      const final = path.join(dir, o.sha.slice(2));
      if (fs.existsSync(final)) continue;
      if (!fs.existsSync(dir)) {
        fsl.mkdirp(dir);
        newDirs = true;
      }
      const data = deflateSync(Buffer.concat([Buffer.from(`${o.type} ${o.body.length}\0`), o.body]), { level });
      const t = writeTemp(fsl, path.join(dir, tmpName('tmp_obj_agentos_')), data);
      temps.push({ ...t, final });
      dirs.add(dir);
    }
  } catch (e) {
    for (const t of temps) {
      fsl.close(t.fd, t.file);
      fs.rmSync(t.file, { force: true });
    }
    throw e;
  }
  let open = true;
  const closeAll = () => {
    if (!open) return;
    open = false;
    for (const t of temps) fsl.close(t.fd, t.file);
  };
  if (newDirs) dirs.add(objectsDir);
  return {
    syncs: temps.map((t) => fsl.fsync(t.fd, t.file)),
    publish() {
      closeAll();
      for (const t of temps) fsl.rename(t.file, t.final);
    },
    dirs: [...dirs],
    abort() {
      closeAll();
      for (const t of temps) fs.rmSync(t.file, { force: true });
    },
  };
}
