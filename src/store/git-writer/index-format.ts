// .git/index versions 2 and 3: parse, replace entries, write back. Entries read from disk keep
// their bytes; a version or a required extension this code does not handle is reported, so the
// caller falls back to git itself rather than write an index git would misread. Pure.
import { createHash } from 'node:crypto';
import { invalidateCacheTree } from './cache-tree.ts';

/** Stat data git compares to decide whether a file changed (each field kept to 32 bits). */
export interface IndexStat {
  ctimeSec: number;
  ctimeNsec: number;
  mtimeSec: number;
  mtimeNsec: number;
  dev: number;
  ino: number;
  uid: number;
  gid: number;
  size: number;
}

export const ZERO_STAT: IndexStat = { ctimeSec: 0, ctimeNsec: 0, mtimeSec: 0, mtimeNsec: 0, dev: 0, ino: 0, uid: 0, gid: 0, size: 0 };

export interface IndexEntry {
  /** Binary string: one char per byte of the path. */
  path: string;
  stage: number;
  mode: number;
  sha: string;
  /** The entry's bytes as read (fixed part and name, no padding); absent for a new entry. */
  raw?: Buffer;
  stat?: IndexStat;
}

export interface Extension {
  sig: string;
  data: Buffer;
}

export interface GitIndex {
  version: 2 | 3;
  entries: IndexEntry[];
  extensions: Extension[];
}

export type IndexParse = { ok: true; index: GitIndex } | { ok: false; reason: string };

/** Optional extensions kept as they are; TREE is kept but invalidated along changed paths. */
const KEEP = new Set(['TREE', 'REUC']);

export function parseIndex(buf: Buffer): IndexParse {
  if (buf.length < 32 || buf.toString('latin1', 0, 4) !== 'DIRC') return { ok: false, reason: 'not an index file (no DIRC signature)' };
  const version = buf.readUInt32BE(4);
  if (version !== 2 && version !== 3) return { ok: false, reason: `index version ${version} (this writer handles 2 and 3)` };
  const body = buf.subarray(0, buf.length - 20);
  const trailer = buf.subarray(buf.length - 20);
  if (!trailer.equals(Buffer.alloc(20)) && !createHash('sha1').update(body).digest().equals(trailer)) return { ok: false, reason: 'index checksum mismatch' };
  const count = buf.readUInt32BE(8);
  const entries: IndexEntry[] = [];
  let p = 12;
  for (let i = 0; i < count; i++) {
    if (p + 62 > body.length) return { ok: false, reason: 'truncated index entry' };
    const flags = buf.readUInt16BE(p + 60);
    const extended = (flags & 0x4000) !== 0;
    if (extended && version < 3) return { ok: false, reason: 'extended flags in a version 2 index' };
    const nameStart = p + (extended ? 64 : 62);
    let nameLen = flags & 0x0fff;
    if (nameLen === 0x0fff) nameLen = buf.indexOf(0, nameStart) - nameStart;
    if (nameLen < 0 || nameStart + nameLen > body.length) return { ok: false, reason: 'truncated index path' };
    entries.push({
      path: buf.toString('latin1', nameStart, nameStart + nameLen),
      stage: (flags >> 12) & 3,
      mode: buf.readUInt32BE(p + 24),
      sha: buf.toString('hex', p + 40, p + 60),
      raw: buf.subarray(p, nameStart + nameLen),
    });
    p += (nameStart - p + nameLen + 8) & ~7;
  }
  const extensions: Extension[] = [];
  while (p + 8 <= body.length) {
    const sig = buf.toString('latin1', p, p + 4);
    const size = buf.readUInt32BE(p + 4);
    if (p + 8 + size > body.length) return { ok: false, reason: `truncated ${sig} extension` };
    if (sig[0] < 'A' || sig[0] > 'Z') return { ok: false, reason: `required index extension "${sig}" (split index or sparse index)` };
    if (KEEP.has(sig)) extensions.push({ sig, data: buf.subarray(p + 8, p + 8 + size) });
    p += 8 + size;
  }
  if (p !== body.length) return { ok: false, reason: 'trailing bytes after the index extensions' };
  return { ok: true, index: { version, entries, extensions } };
}

/** git's index order: bytewise by path, then by stage. */
function compareIndex(a: IndexEntry, b: IndexEntry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.stage - b.stage;
}

/** A new entry in the index: mode, blob id and stat data (ZERO_STAT makes git re-check the file). */
export interface IndexUpdate {
  mode: number;
  sha: string;
  stat: IndexStat;
}

/**
 * The index with `updates` applied: a path mapped to null is removed (every stage, and every
 * entry under it, as a removed folder), any other path gets one stage-0 entry, replacing entries
 * that clash with it as file or folder. The TREE extension is invalidated along every path.
 */
export function updateIndex(index: GitIndex, updates: Map<string, IndexUpdate | null>): GitIndex {
  const dirs = new Set<string>();
  for (const [p, u] of updates) {
    if (u) for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i));
  }
  const removedUnder = [...updates.keys()].map((p) => p + '/');
  const kept = index.entries.filter((e) => {
    if (updates.has(e.path) || dirs.has(e.path)) return false;
    for (const prefix of removedUnder) if (e.path.startsWith(prefix)) return false;
    return true;
  });
  for (const [p, u] of updates) if (u) kept.push({ path: p, stage: 0, mode: u.mode, sha: u.sha, stat: u.stat });
  kept.sort(compareIndex);
  const extensions = index.extensions.map((x) => (x.sig === 'TREE' ? { sig: 'TREE', data: invalidateCacheTree(x.data, [...updates.keys()]) } : x));
  return { version: index.version, entries: kept, extensions };
}

function encodeEntry(e: IndexEntry): Buffer {
  const name = Buffer.from(e.path, 'latin1');
  const b = Buffer.alloc(62 + name.length);
  const s = e.stat ?? ZERO_STAT;
  const u32 = [s.ctimeSec, s.ctimeNsec, s.mtimeSec, s.mtimeNsec, s.dev, s.ino, e.mode, s.uid, s.gid, s.size];
  u32.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  b.write(e.sha, 40, 'hex');
  b.writeUInt16BE(Math.min(name.length, 0x0fff) | (e.stage << 12), 60);
  name.copy(b, 62);
  return b;
}

export function serializeIndex(index: GitIndex): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(12);
  head.write('DIRC', 0, 'latin1');
  head.writeUInt32BE(index.version, 4);
  head.writeUInt32BE(index.entries.length, 8);
  parts.push(head);
  for (const e of index.entries) {
    const b = e.raw ?? encodeEntry(e);
    parts.push(b, Buffer.alloc(8 - (b.length % 8)));
  }
  for (const x of index.extensions) {
    const h = Buffer.alloc(8);
    h.write(x.sig, 0, 'latin1');
    h.writeUInt32BE(x.data.length, 4);
    parts.push(h, x.data);
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash('sha1').update(body).digest()]);
}

/** A fresh index (no file yet) holding only `updates`. */
export function emptyIndex(): GitIndex {
  return { version: 2, entries: [], extensions: [] };
}
