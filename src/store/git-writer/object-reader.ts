// Reads commits and trees: loose objects and packs (v2 index, OFS/REF deltas) in process, with
// `git cat-file --batch` as the fallback for what it cannot reach. Parsed trees are cached.
import fs from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { applyDelta } from './delta.ts';
import { GitWriterError } from './errors.ts';
import { commitTree, parseTree, type ObjectType, type TreeEntry } from './objects.ts';
import { CODE_TYPE, OFS_DELTA, PackIdx, REF_DELTA } from './pack-format.ts';

/** Longest delta chain followed before giving up (git's own default depth is 50; gc --aggressive 250). */
const MAX_DELTA_DEPTH = 10_000;
/** Re-listings of objects/pack per lookup while a concurrent repack swaps packs. */
const RESCANS = 5;

export interface RawObject {
  type: ObjectType;
  body: Buffer;
}

/** Where objects come from when neither a loose file nor a pack has them (cat-file --batch). */
export type ObjectFallback = (sha: string) => Promise<RawObject | null>;

interface Pack {
  file: string;
  idx: PackIdx;
}

export interface ObjectReaderOptions {
  /** Parsed trees kept in memory (default 4096). */
  treeCacheEntries?: number;
  fallback?: ObjectFallback;
}

export class ObjectReader {
  readonly objectsDir: string;
  readonly #fallback: ObjectFallback | undefined;
  readonly #cacheMax: number;
  #packs = new Map<string, Pack>();
  #trees = new Map<string, TreeEntry[]>();
  #commitTrees = new Map<string, string>();
  /** Objects read from the fallback, counted for benchmarks and tests. */
  fallbackReads = 0;

  constructor(objectsDir: string, opts: ObjectReaderOptions = {}) {
    this.objectsDir = objectsDir;
    this.#fallback = opts.fallback;
    this.#cacheMax = opts.treeCacheEntries ?? 4096;
  }

  /** The entries of tree `sha` (cached). */
  async tree(sha: string): Promise<TreeEntry[]> {
    const hit = this.#trees.get(sha);
    if (hit) {
      this.#trees.delete(sha);
      this.#trees.set(sha, hit);
      return hit;
    }
    const o = await this.read(sha);
    if (o.type !== 'tree') throw new GitWriterError('E_GIT_OBJECT', this.objectsDir, `${sha} is a ${o.type}, expected a tree`);
    const entries = parseTree(o.body);
    this.rememberTree(sha, entries);
    return entries;
  }

  /** The tree id of commit `sha` (cached). */
  async commitTree(sha: string): Promise<string> {
    const hit = this.#commitTrees.get(sha);
    if (hit) return hit;
    const o = await this.read(sha);
    if (o.type !== 'commit') throw new GitWriterError('E_GIT_OBJECT', this.objectsDir, `${sha} is a ${o.type}, expected a commit`);
    const tree = commitTree(o.body);
    this.rememberCommit(sha, tree);
    return tree;
  }

  rememberTree(sha: string, entries: TreeEntry[]): void {
    this.#trees.set(sha, entries);
    if (this.#trees.size > this.#cacheMax) this.#trees.delete(this.#trees.keys().next().value as string);
  }

  rememberCommit(sha: string, tree: string): void {
    this.#commitTrees.set(sha, tree);
    if (this.#commitTrees.size > this.#cacheMax) this.#commitTrees.delete(this.#commitTrees.keys().next().value as string);
  }

  /** Register a pack this process just wrote, so its objects are found without a directory scan. */
  addPack(file: string, idx: Buffer): void {
    this.#packs.set(path.basename(file), { file, idx: new PackIdx(idx, file) });
  }

  /** Packs this reader holds an index of (each ~1.4 KiB per small pack plus its buffer). */
  get packsKnown(): number {
    return this.#packs.size;
  }

  /**
   * Re-list objects/pack: forget the packs a repack removed, learn the ones it wrote. Called after
   * each background repack, so the list stays the packs on disk (bounded by the repack policy)
   * instead of growing by one pack per commit for the life of the process.
   */
  refreshPacks(): void {
    this.#rescan();
  }

  /** Any object by id: packs, then a loose file, then (after a rescan of the packs) the fallback. */
  async read(sha: string): Promise<RawObject> {
    let found = this.#fromPacks(sha) ?? this.#loose(sha);
    // A repack may replace packs while we look: re-list and retry while the listing changes.
    for (let i = 0; !found && i < RESCANS && this.#rescan(); i++) found = this.#fromPacks(sha) ?? this.#loose(sha);
    if (found) return found;
    const fb = this.#fallback ? await this.#fallback(sha) : null;
    if (fb) {
      this.fallbackReads++;
      return fb;
    }
    throw new GitWriterError('E_GIT_OBJECT', this.objectsDir, `object ${sha} is missing from ${this.objectsDir}; run \`git fsck\` on the repository`);
  }

  #loose(sha: string): RawObject | null {
    let z: Buffer;
    try {
      z = fs.readFileSync(path.join(this.objectsDir, sha.slice(0, 2), sha.slice(2)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    const raw = inflateSync(z);
    const nul = raw.indexOf(0);
    const [type, size] = raw.toString('latin1', 0, nul).split(' ');
    const body = raw.subarray(nul + 1);
    if (Number(size) !== body.length) throw new GitWriterError('E_GIT_OBJECT', this.objectsDir, `loose object ${sha} is corrupt (size ${size}, has ${body.length})`);
    return { type: type as ObjectType, body };
  }

  #fromPacks(sha: string): RawObject | null {
    for (const [name, p] of this.#packs) {
      const off = p.idx.find(sha);
      if (off < 0) continue;
      try {
        return this.#readPacked(p, off, 0);
      } catch (e) {
        // A repack removed the pack after we listed it: forget it; the caller rescans.
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
          this.#packs.delete(name);
          return null;
        }
        throw e;
      }
    }
    return null;
  }

  /** Re-list objects/pack; true when the list changed. */
  #rescan(): boolean {
    const dir = path.join(this.objectsDir, 'pack');
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((n) => n.startsWith('pack-') && n.endsWith('.idx'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
    let changed = false;
    const present = new Set(names);
    for (const k of this.#packs.keys()) if (!present.has(k)) this.#packs.delete(k) && (changed = true);
    for (const n of names) {
      if (this.#packs.has(n)) continue;
      try {
        const idx = new PackIdx(fs.readFileSync(path.join(dir, n)), n);
        this.#packs.set(n, { file: path.join(dir, n), idx });
        changed = true;
      } catch {
        // Vanished or not a v2 index (very old git): the fallback reads its objects.
      }
    }
    return changed;
  }

  #readPacked(p: Pack, offset: number, depth: number): RawObject {
    if (depth > MAX_DELTA_DEPTH) throw new GitWriterError('E_GIT_OBJECT', p.file, `${p.file}: delta chain longer than ${MAX_DELTA_DEPTH} at offset ${offset}`);
    const packFile = p.file.slice(0, -4) + '.pack';
    const fd = fs.openSync(packFile, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const end = p.idx.endOf(offset, size);
      const buf = Buffer.allocUnsafe(end - offset);
      if (fs.readSync(fd, buf, 0, buf.length, offset) !== buf.length) throw new Error(`${packFile}: short read at ${offset}`);
      let i = 0;
      let c = buf[i++];
      const type = (c >> 4) & 7;
      while (c & 0x80) c = buf[i++];
      if (type === OFS_DELTA || type === REF_DELTA) {
        let base: RawObject;
        if (type === OFS_DELTA) {
          c = buf[i++];
          let rel = c & 0x7f;
          while (c & 0x80) {
            c = buf[i++];
            rel = (rel + 1) * 128 + (c & 0x7f);
          }
          base = this.#readPacked(p, offset - rel, depth + 1);
        } else {
          const baseSha = buf.toString('hex', i, i + 20);
          i += 20;
          const off = p.idx.find(baseSha);
          base = off >= 0 ? this.#readPacked(p, off, depth + 1) : this.#readSync(baseSha);
        }
        return { type: base.type, body: applyDelta(base.body, inflateSync(buf.subarray(i))) };
      }
      const t = CODE_TYPE[type];
      if (!t) throw new Error(`${packFile}: unknown object type ${type} at ${offset}`);
      return { type: t, body: inflateSync(buf.subarray(i)) };
    } finally {
      fs.closeSync(fd);
    }
  }

  /** A REF_DELTA base outside its pack (a thin pack completed by git): packs or loose only. */
  #readSync(sha: string): RawObject {
    const o = this.#fromPacks(sha) ?? this.#loose(sha);
    if (!o) throw new GitWriterError('E_GIT_OBJECT', this.objectsDir, `delta base ${sha} is missing from ${this.objectsDir}`);
    return o;
  }
}
